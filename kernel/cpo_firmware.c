// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware of the modules: the banks each one reports (image A and B, and
 * a factory image), which runs and which boots. Read from the driver at
 * registration and kept by the core, so that a reader never waits on the
 * module's command interface. An engine is a module; a laser reports the
 * banks of the laser module it sits in.
 */
#include <linux/device.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include "cpo_core.h"

/*
 * The identity's versions follow the running image. Under cpo_lock once
 * the engine is visible.
 */
static void cpo_engine_fw_versions(struct cpo_engine *engine,
				   const struct cpo_fw_info *fw)
{
	if (!fw->active[0])
		return;
	strscpy(engine->info.fw_version, fw->active,
		sizeof(engine->info.fw_version));
	strscpy(engine->info.fw_inactive, fw->inactive,
		sizeof(engine->info.fw_inactive));
}

/* What a firmware_get op left: no banks when it failed. */
static void cpo_fw_checked(struct device *dev, int err, struct cpo_fw_info *fw)
{
	if (!err)
		return;
	if (err != -EOPNOTSUPP)
		dev_warn(dev, "reading the firmware banks failed: %d\n", err);
	memset(fw, 0, sizeof(*fw));
}

/**
 * cpo_engine_firmware_init - the firmware banks of a new engine
 * @engine: the engine, being registered, not yet visible
 *
 * An engine whose driver cannot tell, or whose module has no firmware
 * management, has none.
 */
void cpo_engine_firmware_init(struct cpo_engine *engine)
{
	int err;

	lockdep_assert_held(&engine->io.lock);
	if (!engine->ops->firmware_get)
		return;
	err = engine->ops->firmware_get(engine, engine->priv, &engine->fw,
					NULL);
	cpo_fw_checked(&engine->dev, err, &engine->fw);
	cpo_engine_fw_versions(engine, &engine->fw);
}

/**
 * cpo_laser_firmware_init - the firmware banks of a new laser's module
 * @laser: the laser, being registered, not yet visible
 *
 * A laser whose driver cannot tell, or whose module has no firmware
 * management (or that sits inside an engine), has none.
 */
void cpo_laser_firmware_init(struct cpo_laser *laser)
{
	int err;

	lockdep_assert_held(&laser->io.lock);
	if (!laser->ops->firmware_get)
		return;
	err = laser->ops->firmware_get(laser, laser->priv, &laser->fw, NULL);
	cpo_fw_checked(&laser->dev, err, &laser->fw);
}

/**
 * cpo_laser_firmware_reread - read the banks of a laser's module again
 * @laser: the laser
 *
 * After a part was inserted, or a firmware operation on its module:
 * stores what the driver says, and announces the laser when that changed.
 *
 * Context: the laser's I/O lock held, cpo_lock not.
 */
void cpo_laser_firmware_reread(struct cpo_laser *laser)
{
	struct cpo_fw_info fw = {};
	int err;

	lockdep_assert_held(&laser->io.lock);
	if (!laser->ops->firmware_get)
		return;
	err = laser->ops->firmware_get(laser, laser->priv, &fw, NULL);
	cpo_fw_checked(&laser->dev, err, &fw);
	mutex_lock(&cpo_lock);
	if (laser->registered && memcmp(&laser->fw, &fw, sizeof(fw))) {
		laser->fw = fw;
		cpo_laser_notify(laser, CPO_CMD_LASER_CHANGE_NTF);
	}
	mutex_unlock(&cpo_lock);
}

/* Whether @st says the module just came up: its banks may have changed. */
bool cpo_engine_came_up(const struct cpo_engine_status *old,
			const struct cpo_engine_status *st)
{
	return (st->valid & CPO_ENGINE_F_MODULE_STATE) &&
	       st->module_state == CPO_MODULE_STATE_READY &&
	       (!(old->valid & CPO_ENGINE_F_MODULE_STATE) ||
		old->module_state != CPO_MODULE_STATE_READY);
}

/**
 * cpo_engine_firmware_reread - read the banks again
 * @engine: the engine
 *
 * After the module came up (a reset or a power-up may run another image):
 * stores what the module says, or no banks when it cannot tell, and
 * announces the engine when that changed.
 *
 * Context: the engine's I/O lock held, cpo_lock not.
 */
void cpo_engine_firmware_reread(struct cpo_engine *engine)
{
	struct cpo_fw_info fw;
	int err;

	lockdep_assert_held(&engine->io.lock);
	if (!engine->ops->firmware_get)
		return;
	memset(&fw, 0, sizeof(fw));
	err = engine->ops->firmware_get(engine, engine->priv, &fw, NULL);
	cpo_fw_checked(&engine->dev, err, &fw);
	mutex_lock(&cpo_lock);
	if (engine->registered && memcmp(&engine->fw, &fw, sizeof(fw))) {
		engine->fw = fw;
		cpo_engine_fw_versions(engine, &fw);
		cpo_engine_notify(engine, CPO_CMD_ENGINE_CHANGE_NTF);
	}
	mutex_unlock(&cpo_lock);
}

/*
 * sysfs: engine<ID>/firmware/ and laser<ID>/firmware/, each with
 * {running,committed,a,b,factory}
 */

/* The banks @dev reports: an engine's, or its laser module's (if in). */
static const struct cpo_fw_info *cpo_fw_of(struct device *dev)
{
	struct cpo_laser *laser;

	lockdep_assert_held(&cpo_lock);
	if (dev->type != &cpo_laser_type)
		return &cpo_engine_from_dev(dev)->fw;
	laser = cpo_laser_from_dev(dev);
	return cpo_io_present(&laser->io) ? &laser->fw : NULL;
}

static ssize_t cpo_fw_emit_bank(struct device *dev, char *buf,
				bool (*pick)(const struct cpo_fw_image *img))
{
	const struct cpo_fw_info *fw;
	ssize_t ret = -ENODATA;
	u32 b;

	mutex_lock(&cpo_lock);
	fw = cpo_fw_of(dev);
	for (b = CPO_FW_BANK_A; fw && b <= CPO_FW_BANK_B; b++)
		if (fw->bank[b].present && pick(&fw->bank[b])) {
			ret = sysfs_emit(buf, "%s\n", cpo_fw_bank_name(b));
			break;
		}
	mutex_unlock(&cpo_lock);
	return ret;
}

static bool cpo_fw_is_running(const struct cpo_fw_image *img)
{
	return img->running;
}

static bool cpo_fw_is_committed(const struct cpo_fw_image *img)
{
	return img->committed;
}

static ssize_t running_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return cpo_fw_emit_bank(dev, buf, cpo_fw_is_running);
}
static DEVICE_ATTR_RO(running);

static ssize_t committed_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return cpo_fw_emit_bank(dev, buf, cpo_fw_is_committed);
}
static DEVICE_ATTR_RO(committed);

struct cpo_fw_bank_attr {
	struct device_attribute attr;
	u32 bank;
};

/* A bank's version; ENODATA when it holds no valid image. */
static ssize_t cpo_fw_version_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	u32 b = container_of(attr, struct cpo_fw_bank_attr, attr)->bank;
	const struct cpo_fw_image *img;
	const struct cpo_fw_info *fw;
	ssize_t ret = -ENODATA;

	mutex_lock(&cpo_lock);
	fw = cpo_fw_of(dev);
	img = fw ? &fw->bank[b] : NULL;
	if (img && img->present && img->valid)
		ret = sysfs_emit(buf, "%s\n", img->version);
	mutex_unlock(&cpo_lock);
	return ret;
}

#define CPO_FW_BANK_ATTR(_name, _bank) {				\
	.attr = __ATTR(_name, 0444, cpo_fw_version_show, NULL),	\
	.bank = _bank,							\
}

static struct cpo_fw_bank_attr cpo_fw_bank_attrs[] = {
	CPO_FW_BANK_ATTR(a, CPO_FW_BANK_A),
	CPO_FW_BANK_ATTR(b, CPO_FW_BANK_B),
	CPO_FW_BANK_ATTR(factory, CPO_FW_BANK_FACTORY),
};

static struct attribute *cpo_fw_attrs[] = {
	&dev_attr_running.attr,
	&dev_attr_committed.attr,
	&cpo_fw_bank_attrs[0].attr.attr,
	&cpo_fw_bank_attrs[1].attr.attr,
	&cpo_fw_bank_attrs[2].attr.attr,
	NULL,
};

/* Only for an engine or a laser whose driver reads firmware banks. */
static umode_t cpo_fw_visible(struct kobject *kobj, struct attribute *attr,
			      int n)
{
	struct device *dev = kobj_to_dev(kobj);
	bool has;

	if (dev->type == &cpo_laser_type)
		has = cpo_laser_from_dev(dev)->ops->firmware_get;
	else
		has = cpo_engine_from_dev(dev)->ops->firmware_get;
	return has ? attr->mode : 0;
}

const struct attribute_group cpo_fw_group = {
	.name = "firmware",
	.attrs = cpo_fw_attrs,
	.is_visible = cpo_fw_visible,
};
