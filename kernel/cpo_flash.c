// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware update of an engine's module, or of a laser module: the image
 * is checked here before anything is written, then the driver writes and
 * runs it from a work item while the update owns the engine, or every
 * laser of the laser module: requests that need its bus get EBUSY,
 * refreshes pause, reads answer from the last copy. Each step is announced
 * (engine-flash-ntf, laser-flash-ntf) to the requester and on monitor, and
 * the last update stays on the engine, or on each laser of the module (the
 * flash nest of engine-get and laser-get).
 */
#include <linux/crc32.h>
#include <linux/firmware.h>
#include <linux/kref.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <linux/cpo_fw.h>
#include "cpo_core.h"

/* Downloading progress is announced at most this often. */
#define CPO_FLASH_NTF_MS	250

/* A header string field against the module's, both space padded. */
static bool cpo_fw_field_eq(const char *field, size_t len, const char *mod)
{
	size_t n = strnlen(field, len), m = strlen(mod);

	while (n && field[n - 1] == ' ')
		n--;
	while (m && mod[m - 1] == ' ')
		m--;
	return n == m && !memcmp(field, mod, n);
}

/* The image is for a module of this vendor and part. */
static bool cpo_fw_fits_part(const char *vendor, const char *part,
			     const u8 *data)
{
	const struct cpo_fw_header *h = (const void *)data;

	return vendor[0] && part[0] &&
	       cpo_fw_field_eq(h->vendor, sizeof(h->vendor), vendor) &&
	       cpo_fw_field_eq(h->part_number, sizeof(h->part_number), part);
}

/* The image is for the module of @engine. */
bool cpo_fw_fits(const struct cpo_engine *engine, const u8 *data)
{
	return cpo_fw_fits_part(engine->info.vendor, engine->info.part_number,
				data);
}

/* The image is for the laser module of @laser; cpo_lock held. */
bool cpo_fw_fits_laser(const struct cpo_laser *laser, const u8 *data)
{
	return cpo_fw_fits_part(laser->fw.vendor, laser->fw.part_number, data);
}

/* An image, whatever it is for: size, header, checksums. */
int cpo_fw_check_image(const u8 *data, size_t size,
		       struct netlink_ext_ack *extack)
{
	const struct cpo_fw_header *h = (const void *)data;
	u32 len;

	if (size < CPO_FW_HEADER_LEN) {
		NL_SET_ERR_MSG(extack, "flash-file: shorter than a firmware image header");
		return -EINVAL;
	}
	if (memcmp(h->magic, CPO_FW_MAGIC, sizeof(h->magic)) ||
	    h->format != CPO_FW_FORMAT || h->header_len != CPO_FW_HEADER_LEN) {
		NL_SET_ERR_MSG(extack,
			       "flash-file: not a cpo firmware image (magic, format or header length)");
		return -EINVAL;
	}
	if ((crc32_le(~0, data, offsetof(struct cpo_fw_header, header_crc)) ^
	     ~0) != be32_to_cpu(h->header_crc)) {
		NL_SET_ERR_MSG(extack, "flash-file: the image header fails its checksum");
		return -EINVAL;
	}
	len = be32_to_cpu(h->payload_len);
	if (len > CPO_FW_MAX_PAYLOAD || len != size - CPO_FW_HEADER_LEN) {
		NL_SET_ERR_MSG(extack,
			       "flash-file: the image's length is not the one its header gives");
		return -EINVAL;
	}
	if ((crc32_le(~0, data + CPO_FW_HEADER_LEN, len) ^ ~0) !=
	    be32_to_cpu(h->payload_crc)) {
		NL_SET_ERR_MSG(extack, "flash-file: the image fails its checksum");
		return -EINVAL;
	}
	return 0;
}

/**
 * cpo_fw_check - is an image one for this engine's module
 * @engine: the engine
 * @data: the image
 * @size: its length
 * @extack: what is wrong with it
 *
 * Return: 0, or -EINVAL with an extack message.
 */
int cpo_fw_check(const struct cpo_engine *engine, const u8 *data, size_t size,
		 struct netlink_ext_ack *extack)
{
	int err;

	err = cpo_fw_check_image(data, size, extack);
	if (err)
		return err;
	if (!cpo_fw_fits(engine, data)) {
		NL_SET_ERR_MSG(extack,
			       "flash-file: the image is for another vendor or part than this module");
		return -EINVAL;
	}
	return 0;
}

static void cpo_fw_blob_release(struct kref *ref)
{
	struct cpo_fw_blob *blob = container_of(ref, struct cpo_fw_blob, ref);

	release_firmware(blob->fw);
	kfree(blob);
}

void cpo_fw_blob_put(struct cpo_fw_blob *blob)
{
	kref_put(&blob->ref, cpo_fw_blob_release);
}

/* The image file, with the reason when there is none. */
struct cpo_fw_blob *cpo_fw_blob_get(const char *file, struct device *dev,
				    struct netlink_ext_ack *extack)
{
	struct cpo_fw_blob *blob;
	int err;

	blob = kzalloc(sizeof(*blob), GFP_KERNEL);
	if (!blob)
		return ERR_PTR(-ENOMEM);
	kref_init(&blob->ref);
	err = request_firmware_direct(&blob->fw, file, dev);
	if (err) {
		kfree(blob);
		NL_SET_ERR_MSG(extack, "flash-file: no such file under /lib/firmware");
		return ERR_PTR(err);
	}
	return blob;
}

/* The state of an update changed; cpo_lock held. */
static void cpo_flash_set(struct cpo_flash *fl, enum cpo_flash_state state,
			  u32 done, u32 total)
{
	unsigned long now = jiffies;
	bool announce;

	lockdep_assert_held(&cpo_lock);
	announce = state != fl->state || done == total ||
		   time_after_eq(now, fl->ntf_at +
				 msecs_to_jiffies(CPO_FLASH_NTF_MS));
	fl->state = state;
	fl->done = done;
	fl->total = total;
	if (!announce)
		return;
	fl->updated = ktime_get_real_ns();
	fl->ntf_at = now;
	cpo_flash_notify(fl);
}

static void cpo_flash_release(struct kref *ref)
{
	kfree(container_of(ref, struct cpo_flash, ref));
}

/**
 * cpo_flash_put - drop an engine's or a laser's hold of an update
 * @fl: the update, or NULL
 */
void cpo_flash_put(struct cpo_flash *fl)
{
	if (fl)
		kref_put(&fl->ref, cpo_flash_release);
}

/**
 * cpo_engine_flash_progress - a driver's update reached a step
 * @engine: the engine being updated
 * @state: downloading, running or committing
 * @done: bytes of the image the module took
 * @total: bytes of the image
 *
 * Announced to the requester and on monitor; downloading at most every
 * 250 ms.
 *
 * Context: from the firmware_flash op.
 */
void cpo_engine_flash_progress(struct cpo_engine *engine,
			       enum cpo_flash_state state, u32 done, u32 total)
{
	mutex_lock(&cpo_lock);
	if (engine->flash)
		cpo_flash_set(engine->flash, state, done, total);
	mutex_unlock(&cpo_lock);
}
EXPORT_SYMBOL_GPL(cpo_engine_flash_progress);

/**
 * cpo_laser_flash_progress - a driver's update of a laser module reached
 *	a step
 * @laser: the laser the firmware_flash op was called on
 * @state: downloading, running or committing
 * @done: bytes of the image the module took
 * @total: bytes of the image
 *
 * As cpo_engine_flash_progress(), announced as laser-flash-ntf.
 *
 * Context: from the laser's firmware_flash op.
 */
void cpo_laser_flash_progress(struct cpo_laser *laser,
			      enum cpo_flash_state state, u32 done, u32 total)
{
	mutex_lock(&cpo_lock);
	if (laser->flash)
		cpo_flash_set(laser->flash, state, done, total);
	mutex_unlock(&cpo_lock);
}
EXPORT_SYMBOL_GPL(cpo_laser_flash_progress);

/**
 * cpo_laser_flash_aborted - whether the update of a laser module should stop
 * @laser: the laser the firmware_flash op was called on
 *
 * Context: from the laser's firmware_flash op.
 * Return: true after an abort request or when a laser of the module goes
 * away.
 */
bool cpo_laser_flash_aborted(struct cpo_laser *laser)
{
	return READ_ONCE(laser->flash->abort);
}
EXPORT_SYMBOL_GPL(cpo_laser_flash_aborted);

/**
 * cpo_engine_flash_aborted - whether the update should stop
 * @engine: the engine being updated
 *
 * Context: from the firmware_flash op.
 * Return: true after an abort request or when the engine goes away.
 */
bool cpo_engine_flash_aborted(struct cpo_engine *engine)
{
	return READ_ONCE(engine->flash->abort);
}
EXPORT_SYMBOL_GPL(cpo_engine_flash_aborted);

/* The update gives the engine back: read what it left. */
static void cpo_flash_engine_done(struct cpo_engine *engine)
{
	mutex_lock(&engine->io.lock);
	mutex_lock(&cpo_lock);
	engine->io.flashing = false;
	mutex_unlock(&cpo_lock);
	if (engine->registered && cpo_io_present(&engine->io)) {
		cpo_engine_reread(engine);
		cpo_engine_firmware_reread(engine);
	}
	cpo_io_unlock(&engine->io);
}

/* Give a laser back, and read it when @reread (the module was written). */
static void cpo_flash_laser_done(struct cpo_laser *laser, bool reread)
{
	mutex_lock(&laser->io.lock);
	mutex_lock(&cpo_lock);
	laser->io.flashing = false;
	mutex_unlock(&cpo_lock);
	if (reread && laser->registered && cpo_io_present(&laser->io)) {
		cpo_laser_reread(laser, false);
		cpo_laser_firmware_reread(laser);
	}
	cpo_io_unlock(&laser->io);
}

/* The lasers an update held, given back unread and released. */
static void cpo_flash_lasers_put(struct cpo_laser **v, unsigned int n,
				 bool reread)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		cpo_flash_laser_done(v[i], reread);
		put_device(&v[i]->dev);
	}
	kfree(v);
}

static void cpo_flash_work(struct work_struct *work)
{
	struct cpo_flash *fl = container_of(work, struct cpo_flash, work);
	struct cpo_engine *engine = fl->engine;
	struct cpo_laser *laser = engine ? NULL : fl->lasers[0];
	struct device *dev = engine ? &engine->dev : &laser->dev;
	struct netlink_ext_ack extack = {};
	struct cpo_flash_req req = {
		.data = fl->blob->fw->data,
		.size = fl->blob->fw->size,
		.commit = fl->commit,
	};
	enum cpo_flash_state state;
	int err;

	if (engine)
		err = engine->ops->firmware_flash(engine, engine->priv, &req,
						  &extack);
	else
		err = laser->ops->firmware_flash(laser, laser->priv, &req,
						 &extack);
	cpo_fw_blob_put(fl->blob);
	fl->blob = NULL;

	if (engine)
		cpo_flash_engine_done(engine);

	if (!err)
		state = CPO_FLASH_STATE_DONE;
	else if (err == -ECANCELED)
		state = CPO_FLASH_STATE_ABORTED;
	else
		state = CPO_FLASH_STATE_FAILED;
	mutex_lock(&cpo_lock);
	if (err && err != -ECANCELED) {
		if (extack._msg)
			strscpy(fl->message, extack._msg, sizeof(fl->message));
		else
			snprintf(fl->message, sizeof(fl->message),
				 "the update failed: error %d", err);
		dev_warn(dev, "firmware update from %s failed: %s\n",
			 fl->file, fl->message);
	}
	mutex_unlock(&cpo_lock);
	/* A laser module's lasers, read before the end is announced. */
	if (!engine) {
		get_device(dev);
		cpo_flash_lasers_put(fl->lasers, fl->n_lasers, true);
	}
	mutex_lock(&cpo_lock);
	cpo_flash_set(fl, state, fl->done, fl->total);
	fl->running = false;
	fl->portid = 0;
	fl->lasers = NULL;
	fl->n_lasers = 0;
	mutex_unlock(&cpo_lock);
	put_net(fl->net);
	fl->net = NULL;
	put_device(dev);
	/* The work's own hold: the update may be replaced once given back. */
	cpo_flash_put(fl);
}

/*
 * Hand @engine to an update of @blob (checked against it): it owns the
 * engine from here until its work gives it back.
 */
static struct cpo_flash *cpo_flash_new(const char *file, bool commit,
				       u32 portid)
{
	struct cpo_flash *fl;

	fl = kzalloc(sizeof(*fl), GFP_KERNEL);
	if (!fl)
		return NULL;
	INIT_WORK(&fl->work, cpo_flash_work);
	kref_init(&fl->ref);
	fl->commit = commit;
	fl->portid = portid;
	strscpy(fl->file, file, sizeof(fl->file));
	return fl;
}

int cpo_flash_begin(struct cpo_engine *engine, struct cpo_fw_blob *blob,
		    const char *file, bool commit, u32 portid, struct net *net,
		    struct netlink_ext_ack *extack)
{
	struct cpo_flash *fl, *old;
	int err;

	fl = cpo_flash_new(file, commit, portid);
	if (!fl)
		return -ENOMEM;
	fl->engine = engine;
	fl->id = engine->id;

	err = cpo_engine_lock_io(engine, extack);
	if (err) {
		kfree(fl);
		return err;
	}
	if (engine->tests) {
		cpo_io_unlock(&engine->io);
		kfree(fl);
		NL_SET_ERR_MSG(extack,
			       "lane tests of the engine are under way: stop them first");
		return -EBUSY;
	}
	mutex_lock(&cpo_lock);
	/* cpo_engine_removed() stopped the update it saw: none may begin. */
	if (engine->leaving) {
		mutex_unlock(&cpo_lock);
		cpo_io_unlock(&engine->io);
		kfree(fl);
		NL_SET_ERR_MSG(extack,
			       "the engine's part is being pulled from its slot");
		return -ENODEV;
	}
	kref_get(&blob->ref);
	fl->blob = blob;
	fl->net = get_net(net);
	old = engine->flash;
	kref_get(&fl->ref);
	engine->flash = fl;
	engine->io.flashing = true;
	fl->running = true;
	fl->started = ktime_get_real_ns();
	get_device(&engine->dev);
	cpo_flash_set(fl, CPO_FLASH_STATE_STARTED, 0, blob->fw->size);
	cpo_flash_put(old);
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&engine->io);
	queue_work(system_unbound_wq, &fl->work);
	return 0;
}

/* Serialises the beginnings of laser module updates: see below. */
static DEFINE_MUTEX(cpo_laser_flash_begin_lock);

/*
 * Hand the lasers of a laser module (@m, the laser the op is called on
 * first) to an update of @blob, checked against it: each laser is taken
 * over in turn, with its I/O lock, so that no op of it is under way once
 * the update runs; any that cannot be (busy, empty, being updated) gives
 * back those taken. The update holds references of its own; @m stays
 * the caller's.
 */
int cpo_flash_begin_lasers(struct cpo_svc_module *m, struct cpo_fw_blob *blob,
			   const char *file, bool commit, u32 portid,
			   struct net *net, struct netlink_ext_ack *extack)
{
	struct cpo_flash *fl, *old;
	unsigned int i, taken;
	int err = 0;

	if (!m->n) {
		NL_SET_ERR_MSG(extack, "the laser was unregistered");
		return -ENODEV;
	}
	fl = cpo_flash_new(file, commit, portid);
	if (!fl)
		return -ENOMEM;
	fl->lasers = kmemdup(m->lasers, m->n * sizeof(*m->lasers), GFP_KERNEL);
	if (!fl->lasers) {
		kfree(fl);
		return -ENOMEM;
	}
	fl->id = m->lasers[0]->id;

	mutex_lock(&cpo_laser_flash_begin_lock);
	for (taken = 0; taken < m->n; taken++) {
		err = cpo_laser_lock_io(m->lasers[taken], extack);
		if (err)
			break;
		mutex_lock(&cpo_lock);
		m->lasers[taken]->io.flashing = true;
		mutex_unlock(&cpo_lock);
		cpo_io_unlock(&m->lasers[taken]->io);
	}
	if (err) {
		while (taken--)
			cpo_flash_laser_done(m->lasers[taken], false);
		mutex_unlock(&cpo_laser_flash_begin_lock);
		kfree(fl->lasers);
		kfree(fl);
		return err;
	}
	kref_get(&blob->ref);
	fl->blob = blob;
	fl->net = get_net(net);
	fl->n_lasers = m->n;
	for (i = 0; i < fl->n_lasers; i++)
		get_device(&fl->lasers[i]->dev);
	mutex_lock(&cpo_lock);
	for (i = 0; i < fl->n_lasers; i++) {
		old = fl->lasers[i]->flash;
		kref_get(&fl->ref);
		fl->lasers[i]->flash = fl;
		cpo_flash_put(old);
	}
	fl->running = true;
	fl->started = ktime_get_real_ns();
	cpo_flash_set(fl, CPO_FLASH_STATE_STARTED, 0, blob->fw->size);
	mutex_unlock(&cpo_lock);
	mutex_unlock(&cpo_laser_flash_begin_lock);
	queue_work(system_unbound_wq, &fl->work);
	return 0;
}

/**
 * cpo_engine_flash_start - begin a firmware update
 * @engine: the engine, registered; the caller holds a reference
 * @file: the image's name under /lib/firmware
 * @commit: commit the new image once it runs
 * @portid: the requester's netlink port, 0 for none
 * @net: the requester's namespace
 * @extack: why it cannot begin
 *
 * Return: 0 when the update began, or an errno with an extack message.
 */
int cpo_engine_flash_start(struct cpo_engine *engine, const char *file,
			   bool commit, u32 portid, struct net *net,
			   struct netlink_ext_ack *extack)
{
	struct cpo_fw_blob *blob;
	bool present;
	int err;

	if (!engine->ops->firmware_flash) {
		NL_SET_ERR_MSG(extack, "the engine's driver cannot update its firmware");
		return -EOPNOTSUPP;
	}
	/*
	 * An empty slot has no identity to check an image against: say so
	 * before the image check would blame the image. cpo_flash_begin()
	 * checks again under the I/O lock.
	 */
	mutex_lock(&cpo_lock);
	present = cpo_io_present(&engine->io);
	mutex_unlock(&cpo_lock);
	if (!present) {
		NL_SET_ERR_MSG(extack, "engine slot is empty");
		return -ENODEV;
	}
	blob = cpo_fw_blob_get(file, &engine->dev, extack);
	if (IS_ERR(blob))
		return PTR_ERR(blob);
	err = cpo_fw_check(engine, blob->fw->data, blob->fw->size, extack);
	if (!err)
		err = cpo_flash_begin(engine, blob, file, commit, portid, net,
				      extack);
	cpo_fw_blob_put(blob);
	return err;
}

/* The laser the request named first in @m, which the op is called on. */
static void cpo_flash_module_lead(struct cpo_svc_module *m,
				  struct cpo_laser *laser)
{
	unsigned int i;

	for (i = 1; i < m->n; i++)
		if (m->lasers[i] == laser)
			swap(m->lasers[0], m->lasers[i]);
}

/* Whether a laser of @m is being updated; cpo_lock held. */
bool cpo_flash_module_busy(const struct cpo_svc_module *m)
{
	unsigned int i;

	lockdep_assert_held(&cpo_lock);
	for (i = 0; i < m->n; i++)
		if (m->lasers[i]->io.flashing)
			return true;
	return false;
}

/**
 * cpo_laser_flash_start - begin a firmware update of a laser module
 * @laser: any laser of the module, registered; the caller holds a reference
 * @file: the image's name under /lib/firmware
 * @commit: commit the new image once it runs
 * @portid: the requester's netlink port, 0 for none
 * @net: the requester's namespace
 * @extack: why it cannot begin
 *
 * The module is every laser on @laser's parent device whose location
 * matches up to its last "/" (cpo_laser_same_module()); the update owns
 * them all until it ends.
 *
 * Return: 0 when the update began, or an errno with an extack message.
 */
int cpo_laser_flash_start(struct cpo_laser *laser, const char *file,
			  bool commit, u32 portid, struct net *net,
			  struct netlink_ext_ack *extack)
{
	struct cpo_svc_module m = {};
	struct cpo_fw_blob *blob;
	bool present, fits, busy;
	int err;

	if (!laser->ops->firmware_flash) {
		NL_SET_ERR_MSG(extack,
			       "the laser's driver cannot update its module's firmware (not a laser module with a CDB)");
		return -EOPNOTSUPP;
	}
	err = cpo_svc_module_get(laser, &m);
	if (err)
		return err;
	cpo_flash_module_lead(&m, laser);
	mutex_lock(&cpo_lock);
	present = cpo_io_present(&laser->io);
	busy = cpo_flash_module_busy(&m);
	mutex_unlock(&cpo_lock);
	if (busy) {
		NL_SET_ERR_MSG(extack,
			       "a firmware update of the laser's module is already under way");
		err = -EBUSY;
		goto put;
	}
	if (!present) {
		NL_SET_ERR_MSG(extack, "laser slot is empty");
		err = -ENODEV;
		goto put;
	}
	blob = cpo_fw_blob_get(file, &laser->dev, extack);
	if (IS_ERR(blob)) {
		err = PTR_ERR(blob);
		goto put;
	}
	err = cpo_fw_check_image(blob->fw->data, blob->fw->size, extack);
	if (!err) {
		mutex_lock(&cpo_lock);
		fits = cpo_fw_fits_laser(laser, blob->fw->data);
		mutex_unlock(&cpo_lock);
		if (!fits) {
			NL_SET_ERR_MSG(extack,
				       "flash-file: the image is for another vendor or part than this laser module");
			err = -EINVAL;
		}
	}
	if (!err)
		err = cpo_flash_begin_lasers(&m, blob, file, commit, portid,
					     net, extack);
	cpo_fw_blob_put(blob);
put:
	cpo_svc_module_put(&m);
	return err;
}

/**
 * cpo_engine_flash_abort - stop the update under way
 * @engine: the engine
 * @extack: why there is nothing to stop
 *
 * Return: 0 when asked (the update ends as aborted, announced), -ENOENT
 * when none runs.
 */
int cpo_engine_flash_abort(struct cpo_engine *engine,
			   struct netlink_ext_ack *extack)
{
	int err = 0;

	mutex_lock(&cpo_lock);
	if (engine->flash && engine->flash->running) {
		WRITE_ONCE(engine->flash->abort, true);
	} else {
		NL_SET_ERR_MSG(extack, "no firmware update of the engine is under way");
		err = -ENOENT;
	}
	mutex_unlock(&cpo_lock);
	return err;
}

/**
 * cpo_laser_flash_abort - stop the update of a laser's module under way
 * @laser: any laser of the module
 * @extack: why there is nothing to stop
 *
 * Return: 0 when asked (the update ends as aborted, announced), -ENOENT
 * when none runs.
 */
int cpo_laser_flash_abort(struct cpo_laser *laser,
			  struct netlink_ext_ack *extack)
{
	int err = 0;

	mutex_lock(&cpo_lock);
	if (laser->flash && laser->flash->running) {
		WRITE_ONCE(laser->flash->abort, true);
	} else {
		NL_SET_ERR_MSG(extack,
			       "no firmware update of the laser's module is under way");
		err = -ENOENT;
	}
	mutex_unlock(&cpo_lock);
	return err;
}

/*
 * Unregistration: stop an update under way and wait for it; the driver's
 * op sees the abort between blocks.
 */
void cpo_engine_flash_stop(struct cpo_engine *engine)
{
	struct cpo_flash *fl;

	mutex_lock(&cpo_lock);
	fl = engine->flash;
	if (fl)
		WRITE_ONCE(fl->abort, true);
	mutex_unlock(&cpo_lock);
	if (fl)
		flush_work(&fl->work);
}

/*
 * The same for a laser leaving (unregistered or pulled): the update of its
 * module stops, and every laser of the module is given back.
 */
void cpo_laser_flash_stop(struct cpo_laser *laser)
{
	struct cpo_flash *fl;

	mutex_lock(&cpo_lock);
	fl = laser->flash;
	if (fl && fl->running) {
		WRITE_ONCE(fl->abort, true);
		kref_get(&fl->ref);
	} else {
		fl = NULL;
	}
	mutex_unlock(&cpo_lock);
	if (fl) {
		flush_work(&fl->work);
		cpo_flash_put(fl);
	}
}
