// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware updates of a whole device: every engine and every laser module
 * of it that an image is for, each in an update of its own (cpo_flash.c),
 * all begun by one request and running in parallel; and their abort.
 */
#include <linux/firmware.h>
#include <linux/kref.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "cpo_core.h"

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

/* The laser modules of a device: each a struct cpo_svc_module. */
struct cpo_flash_modules {
	struct cpo_svc_module *m;
	unsigned int n;
};

static void cpo_flash_modules_put(struct cpo_flash_modules *mods)
{
	while (mods->n--)
		cpo_svc_module_put(&mods->m[mods->n]);
	kfree(mods->m);
	mods->m = NULL;
	mods->n = 0;
}

/*
 * The laser modules of the device named @name whose driver can update
 * them, one per module, its lasers referenced, the first in id order
 * leading.
 */
static int cpo_device_laser_modules(const char *name,
				    struct cpo_flash_modules *mods)
{
	struct cpo_laser **leads = NULL, **bigger, *laser;
	unsigned int i, n = 0, cap = 0;
	unsigned long id;
	int err = 0;

	mutex_lock(&cpo_lock);
	xa_for_each(&cpo_laser_xa, id, laser) {
		if (!laser->registered || !laser->ops->firmware_flash ||
		    strcmp(dev_name(laser->dev.parent), name))
			continue;
		for (i = 0; i < n && !cpo_laser_same_module(leads[i], laser);
		     i++)
			;
		if (i < n)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			bigger = krealloc_array(leads, cap, sizeof(*leads),
						GFP_KERNEL);
			if (!bigger) {
				err = -ENOMEM;
				break;
			}
			leads = bigger;
		}
		get_device(&laser->dev);
		leads[n++] = laser;
	}
	mutex_unlock(&cpo_lock);

	mods->m = kcalloc(max(n, 1U), sizeof(*mods->m), GFP_KERNEL);
	if (!mods->m)
		err = -ENOMEM;
	for (i = 0; i < n; i++) {
		if (!err) {
			err = cpo_svc_module_get(leads[i], &mods->m[i]);
			if (!err)
				mods->n++;
		}
		put_device(&leads[i]->dev);
	}
	kfree(leads);
	if (err)
		cpo_flash_modules_put(mods);
	return err;
}

/*
 * Keep the laser modules @blob is for; ENOENT for none. Their identity is
 * each one's first laser's copy.
 */
static int cpo_flash_modules_fit(struct cpo_flash_modules *mods,
				 const struct cpo_fw_blob *blob)
{
	unsigned int i, fit = 0;
	bool fits;

	for (i = 0; i < mods->n; i++) {
		mutex_lock(&cpo_lock);
		fits = mods->m[i].n &&
		       cpo_fw_fits_laser(mods->m[i].lasers[0], blob->fw->data);
		mutex_unlock(&cpo_lock);
		if (fits)
			mods->m[fit++] = mods->m[i];
		else
			cpo_svc_module_put(&mods->m[i]);
	}
	mods->n = fit;
	return fit ? 0 : -ENOENT;
}

/* An image file for a device's parts, checked in itself. */
static struct cpo_fw_blob *cpo_device_blob(const char *file,
					   struct device *dev,
					   struct netlink_ext_ack *extack)
{
	struct cpo_fw_blob *blob;
	int err;

	blob = cpo_fw_blob_get(file, dev, extack);
	if (IS_ERR(blob))
		return blob;
	err = cpo_fw_check_image(blob->fw->data, blob->fw->size, extack);
	if (err) {
		cpo_fw_blob_put(blob);
		return ERR_PTR(err);
	}
	return blob;
}

/**
 * cpo_device_flash_start - update every engine and laser module of a
 *	device at once
 * @name: the device's name (dev-name)
 * @file: the image for the engines, or NULL
 * @laser_file: the image for the laser modules, or NULL
 * @commit: commit the new images once they run
 * @portid: the requester's netlink port, 0 for none
 * @net: the requester's namespace
 * @extack: why it cannot begin
 *
 * Every engine of the device whose vendor and part @file is for, and
 * every laser module @laser_file is for, gets an update of its own, all
 * running in parallel, each announced as engine-flash-ntf or
 * laser-flash-ntf; parts of another vendor or part are left alone.
 * Nothing begins when an engine (with @file) or a laser module (with
 * @laser_file) of the device is already being updated, or when an image
 * fits none of them.
 *
 * Return: 0 when the updates began, or an errno with an extack message.
 */
int cpo_device_flash_start(const char *name, const char *file,
			   const char *laser_file, bool commit, u32 portid,
			   struct net *net, struct netlink_ext_ack *extack)
{
	struct cpo_fw_blob *blob = NULL, *lblob = NULL;
	struct cpo_flash_modules mods = {};
	unsigned int i, n = 0, fit = 0, begun = 0, mbegun = 0;
	struct cpo_engine **v = NULL;
	int err = 0;

	if (file)
		v = cpo_device_engines(name, &n);
	if (laser_file) {
		err = cpo_device_laser_modules(name, &mods);
		if (err)
			goto put;
	}
	if (file && !n) {
		NL_SET_ERR_MSG(extack, "dev-name: no engine on a device of this name");
		err = -ENODEV;
		goto put;
	}
	if (laser_file && !mods.n) {
		NL_SET_ERR_MSG(extack,
			       "dev-name: no laser module with firmware update on a device of this name");
		err = -ENODEV;
		goto put;
	}
	mutex_lock(&cpo_lock);
	for (i = 0; i < n && !err; i++)
		if (v[i]->io.flashing) {
			NL_SET_ERR_MSG(extack,
				       "a firmware update of an engine of the device is already under way");
			err = -EBUSY;
		}
	for (i = 0; i < mods.n && !err; i++)
		if (cpo_flash_module_busy(&mods.m[i])) {
			NL_SET_ERR_MSG(extack,
				       "a firmware update of a laser module of the device is already under way");
			err = -EBUSY;
		}
	mutex_unlock(&cpo_lock);
	if (err)
		goto put;
	if (file) {
		blob = cpo_device_blob(file, &v[0]->dev, extack);
		if (IS_ERR(blob)) {
			err = PTR_ERR(blob);
			blob = NULL;
			goto put;
		}
	}
	if (laser_file) {
		lblob = cpo_device_blob(laser_file, &mods.m[0].lasers[0]->dev,
					extack);
		if (IS_ERR(lblob)) {
			err = PTR_ERR(lblob);
			lblob = NULL;
			goto put;
		}
	}
	/* Those the images are for, first: nothing begins when none is. */
	for (i = 0; i < n; i++)
		if (v[i]->ops->firmware_flash &&
		    cpo_fw_fits(v[i], blob->fw->data))
			v[fit++] = v[i];
		else
			put_device(&v[i]->dev);
	n = fit;
	if (file && !n) {
		NL_SET_ERR_MSG(extack,
			       "flash-file: the image is for another vendor or part than the device's engines");
		err = -EINVAL;
		goto put;
	}
	if (laser_file && cpo_flash_modules_fit(&mods, lblob)) {
		NL_SET_ERR_MSG(extack,
			       "flash-laser-file: the image is for another vendor or part than the device's laser modules");
		err = -EINVAL;
		goto put;
	}
	for (begun = 0; begun < n; begun++) {
		err = cpo_flash_begin(v[begun], blob, file, commit, portid,
				      net, extack);
		if (err)
			break;
	}
	for (mbegun = 0; !err && mbegun < mods.n; mbegun++) {
		err = cpo_flash_begin_lasers(&mods.m[mbegun], lblob,
					     laser_file, commit, portid, net,
					     extack);
		if (err)
			break;
	}
	/* All or none: the ones that began stop at their next block. */
	for (i = 0; err && i < begun; i++)
		cpo_engine_flash_abort(v[i], NULL);
	for (i = 0; err && i < mbegun; i++)
		cpo_laser_flash_abort(mods.m[i].lasers[0], NULL);
put:
	if (blob)
		cpo_fw_blob_put(blob);
	if (lblob)
		cpo_fw_blob_put(lblob);
	cpo_device_engines_put(v, n);
	cpo_flash_modules_put(&mods);
	return err;
}

/**
 * cpo_device_flash_abort - stop the updates under way on a device
 * @name: the device's name (dev-name)
 * @extack: why there is nothing to stop
 *
 * Return: 0 when at least one update, of an engine or of a laser module,
 * was asked to stop (each ends as aborted, announced), -ENODEV for no such
 * device, -ENOENT when none of its parts is being updated.
 */
int cpo_device_flash_abort(const char *name, struct netlink_ext_ack *extack)
{
	struct cpo_flash_modules mods = {};
	unsigned int i, n, asked = 0;
	struct cpo_engine **v;
	int err;

	v = cpo_device_engines(name, &n);
	err = cpo_device_laser_modules(name, &mods);
	if (err) {
		cpo_device_engines_put(v, n);
		return err;
	}
	if (!n && !mods.n) {
		cpo_flash_modules_put(&mods);
		NL_SET_ERR_MSG(extack,
			       "dev-name: no engine or laser module on a device of this name");
		return -ENODEV;
	}
	for (i = 0; i < n; i++)
		if (!cpo_engine_flash_abort(v[i], NULL))
			asked++;
	for (i = 0; i < mods.n; i++)
		if (!cpo_laser_flash_abort(mods.m[i].lasers[0], NULL))
			asked++;
	cpo_device_engines_put(v, n);
	cpo_flash_modules_put(&mods);
	if (!asked) {
		NL_SET_ERR_MSG(extack,
			       "no firmware update of the device's engines or laser modules is under way");
		return -ENOENT;
	}
	return 0;
}
