// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware update of an engine's module: the image is checked here before
 * anything is written, then the driver writes and runs it from a work item
 * while the update owns the engine: requests that need its bus get EBUSY,
 * refreshes pause, reads answer from the last copy. Each step is announced
 * (engine-flash-ntf) to the requester and on monitor, and the last update
 * stays on the engine (the flash nest of engine-get).
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

/* The image is for the module of @engine: its vendor and part. */
static bool cpo_fw_fits(const struct cpo_engine *engine, const u8 *data)
{
	const struct cpo_fw_header *h = (const void *)data;

	return cpo_fw_field_eq(h->vendor, sizeof(h->vendor),
			       engine->info.vendor) &&
	       cpo_fw_field_eq(h->part_number, sizeof(h->part_number),
			       engine->info.part_number);
}

/* An image, whatever it is for: size, header, checksums. */
static int cpo_fw_check_image(const u8 *data, size_t size,
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

/*
 * One image shared by the updates of a device's engines: each update
 * holds a reference until its driver op returned.
 */
struct cpo_fw_blob {
	struct kref ref;
	const struct firmware *fw;
};

static void cpo_fw_blob_release(struct kref *ref)
{
	struct cpo_fw_blob *blob = container_of(ref, struct cpo_fw_blob, ref);

	release_firmware(blob->fw);
	kfree(blob);
}

static void cpo_fw_blob_put(struct cpo_fw_blob *blob)
{
	kref_put(&blob->ref, cpo_fw_blob_release);
}

/* The image file, with the reason when there is none. */
static struct cpo_fw_blob *cpo_fw_blob_get(const char *file,
					   struct device *dev,
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
static void cpo_flash_set(struct cpo_engine *engine, enum cpo_flash_state state,
			  u32 done, u32 total)
{
	struct cpo_flash *fl = engine->flash;
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
	cpo_flash_notify(engine);
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
		cpo_flash_set(engine, state, done, total);
	mutex_unlock(&cpo_lock);
}
EXPORT_SYMBOL_GPL(cpo_engine_flash_progress);

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

static void cpo_flash_work(struct work_struct *work)
{
	struct cpo_flash *fl = container_of(work, struct cpo_flash, work);
	struct cpo_engine *engine = fl->engine;
	struct netlink_ext_ack extack = {};
	struct cpo_flash_req req = {
		.data = fl->blob->fw->data,
		.size = fl->blob->fw->size,
		.commit = fl->commit,
	};
	enum cpo_flash_state state;
	int err;

	err = engine->ops->firmware_flash(engine, engine->priv, &req, &extack);
	cpo_fw_blob_put(fl->blob);
	fl->blob = NULL;

	/* The update gives the engine back: read what it left. */
	mutex_lock(&engine->io.lock);
	mutex_lock(&cpo_lock);
	engine->io.flashing = false;
	mutex_unlock(&cpo_lock);
	if (engine->registered && cpo_io_present(&engine->io)) {
		cpo_engine_reread(engine);
		cpo_engine_firmware_reread(engine);
	}
	cpo_io_unlock(&engine->io);

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
		dev_warn(&engine->dev, "firmware update from %s failed: %s\n",
			 fl->file, fl->message);
	}
	cpo_flash_set(engine, state, fl->done, fl->total);
	fl->running = false;
	fl->portid = 0;
	mutex_unlock(&cpo_lock);
	put_net(fl->net);
	fl->net = NULL;
	put_device(&engine->dev);
}

/*
 * Hand @engine to an update of @blob (checked against it): it owns the
 * engine from here until its work gives it back.
 */
static int cpo_flash_begin(struct cpo_engine *engine, struct cpo_fw_blob *blob,
			   const char *file, bool commit, u32 portid,
			   struct net *net, struct netlink_ext_ack *extack)
{
	struct cpo_flash *fl, *old;
	int err;

	fl = kzalloc(sizeof(*fl), GFP_KERNEL);
	if (!fl)
		return -ENOMEM;
	INIT_WORK(&fl->work, cpo_flash_work);
	fl->engine = engine;
	fl->commit = commit;
	fl->portid = portid;
	strscpy(fl->file, file, sizeof(fl->file));

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
	engine->flash = fl;
	engine->io.flashing = true;
	fl->running = true;
	fl->started = ktime_get_real_ns();
	get_device(&engine->dev);
	cpo_flash_set(engine, CPO_FLASH_STATE_STARTED, 0, blob->fw->size);
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&engine->io);
	kfree(old);
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

/*
 * The registered engines of the device named @name, referenced, in id
 * order; NULL with *n == 0 for none.
 */
struct cpo_engine **cpo_device_engines(const char *name, unsigned int *n)
{
	struct cpo_engine **v = NULL, **bigger, *engine;
	unsigned int cap = 0;
	unsigned long id;

	*n = 0;
	mutex_lock(&cpo_lock);
	xa_for_each(&cpo_engine_xa, id, engine) {
		if (!engine->registered ||
		    strcmp(dev_name(engine->dev.parent), name))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			bigger = krealloc_array(v, cap, sizeof(*v), GFP_KERNEL);
			if (!bigger)
				break;
			v = bigger;
		}
		get_device(&engine->dev);
		v[(*n)++] = engine;
	}
	mutex_unlock(&cpo_lock);
	return v;
}

void cpo_device_engines_put(struct cpo_engine **v, unsigned int n)
{
	while (n--)
		put_device(&v[n]->dev);
	kfree(v);
}

/**
 * cpo_device_flash_start - update every engine of a device at once
 * @name: the device's name (dev-name)
 * @file: the image's name under /lib/firmware
 * @commit: commit the new image once it runs
 * @portid: the requester's netlink port, 0 for none
 * @net: the requester's namespace
 * @extack: why it cannot begin
 *
 * Every engine of the device whose vendor and part the image is for gets
 * an update of its own, all running in parallel, each announced as
 * engine-flash-ntf; engines of another part are left alone. Nothing
 * begins when an engine of the device is already being updated, or when
 * the image fits none of them.
 *
 * Return: 0 when the updates began, or an errno with an extack message.
 */
int cpo_device_flash_start(const char *name, const char *file, bool commit,
			   u32 portid, struct net *net,
			   struct netlink_ext_ack *extack)
{
	unsigned int i, n, fit = 0, begun = 0;
	struct cpo_fw_blob *blob = NULL;
	struct cpo_engine **v;
	int err = 0;

	v = cpo_device_engines(name, &n);
	if (!n) {
		NL_SET_ERR_MSG(extack, "dev-name: no engine on a device of this name");
		err = -ENODEV;
		goto put;
	}
	mutex_lock(&cpo_lock);
	for (i = 0; i < n; i++)
		if (v[i]->io.flashing) {
			NL_SET_ERR_MSG(extack,
				       "a firmware update of an engine of the device is already under way");
			err = -EBUSY;
			break;
		}
	mutex_unlock(&cpo_lock);
	if (err)
		goto put;
	blob = cpo_fw_blob_get(file, &v[0]->dev, extack);
	if (IS_ERR(blob)) {
		err = PTR_ERR(blob);
		blob = NULL;
		goto put;
	}
	err = cpo_fw_check_image(blob->fw->data, blob->fw->size, extack);
	if (err)
		goto put;
	/* Those the image is for, first: nothing begins when none is. */
	for (i = 0; i < n; i++)
		if (v[i]->ops->firmware_flash &&
		    cpo_fw_fits(v[i], blob->fw->data))
			v[fit++] = v[i];
		else
			put_device(&v[i]->dev);
	n = fit;
	if (!n) {
		NL_SET_ERR_MSG(extack,
			       "flash-file: the image is for another vendor or part than the device's engines");
		err = -EINVAL;
		goto put;
	}
	for (begun = 0; begun < n; begun++) {
		err = cpo_flash_begin(v[begun], blob, file, commit, portid,
				      net, extack);
		if (err)
			break;
	}
	/* All or none: the ones that began stop at their next block. */
	for (i = 0; err && i < begun; i++)
		cpo_engine_flash_abort(v[i], NULL);
put:
	if (blob)
		cpo_fw_blob_put(blob);
	cpo_device_engines_put(v, n);
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
 * cpo_device_flash_abort - stop the updates under way on a device
 * @name: the device's name (dev-name)
 * @extack: why there is nothing to stop
 *
 * Return: 0 when at least one update was asked to stop (each ends as
 * aborted, announced), -ENODEV for no such device, -ENOENT when none of
 * its engines is being updated.
 */
int cpo_device_flash_abort(const char *name, struct netlink_ext_ack *extack)
{
	unsigned int i, n, asked = 0;
	struct cpo_engine **v;

	v = cpo_device_engines(name, &n);
	if (!n) {
		NL_SET_ERR_MSG(extack, "dev-name: no engine on a device of this name");
		return -ENODEV;
	}
	for (i = 0; i < n; i++)
		if (!cpo_engine_flash_abort(v[i], NULL))
			asked++;
	cpo_device_engines_put(v, n);
	if (!asked) {
		NL_SET_ERR_MSG(extack,
			       "no firmware update of the device's engines is under way");
		return -ENOENT;
	}
	return 0;
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
