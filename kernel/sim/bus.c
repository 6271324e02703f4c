// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: simulated optical engines for testing cpo without hardware.
 *
 * Like netdevsim, the simulator has its own bus, cposim, whose write-only
 * attributes create and remove simulated boards:
 *
 *   echo "ID [ENGINES [LANES]]" > /sys/bus/cposim/new_device
 *   echo "ID" > /sys/bus/cposim/del_device
 *
 * A board appears as /sys/devices/cposim/cposim<ID> and registers ENGINES
 * (default 1) CMIS engines of LANES (default 8) lanes each with cpo. This
 * file holds the bus, the device list and the module's entry points.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/string.h>
#include "cposim.h"

#define CPOSIM_MAX_ARGS		3

struct device *cposim_root;
struct dentry *cposim_debugfs_root;

static LIST_HEAD(cposim_dev_list);
/* Guards cposim_dev_list and cposim_bus_enabled; serialises new and del. */
static DEFINE_MUTEX(cposim_dev_list_lock);
static bool cposim_bus_enabled;
/* The bus itself plus each device not yet released. */
static refcount_t cposim_bus_refs = REFCOUNT_INIT(1);
static DECLARE_COMPLETION(cposim_bus_released);

/**
 * cposim_bus_hold - a device was created
 *
 * Its release function calls cposim_bus_put(); module unload waits for all.
 */
void cposim_bus_hold(void)
{
	refcount_inc(&cposim_bus_refs);
}

/**
 * cposim_bus_put - a device was released, or the module unloads
 */
void cposim_bus_put(void)
{
	if (refcount_dec_and_test(&cposim_bus_refs))
		complete(&cposim_bus_released);
}

/*
 * Up to @max decimal numbers separated by blanks; anything else is an
 * error. Return: how many, or -EINVAL.
 */
static int cposim_parse_u32s(const char *buf, u32 *vals, int max)
{
	char tok[12];
	size_t len;
	int n = 0;

	for (;;) {
		buf = skip_spaces(buf);
		if (!*buf)
			return n;
		len = strcspn(buf, " \t\n");
		if (n == max || len >= sizeof(tok))
			return -EINVAL;
		memcpy(tok, buf, len);
		tok[len] = '\0';
		if (kstrtou32(tok, 10, &vals[n++]))
			return -EINVAL;
		buf += len;
	}
}

static struct cposim_dev *cposim_dev_find(u32 id)
{
	struct cposim_dev *sdev;

	lockdep_assert_held(&cposim_dev_list_lock);
	list_for_each_entry(sdev, &cposim_dev_list, list)
		if (sdev->id == id)
			return sdev;
	return NULL;
}

static ssize_t new_device_store(CPO_BUS_TYPE *bus,
				const char *buf, size_t count)
{
	u32 vals[CPOSIM_MAX_ARGS] = {
		0, CPOSIM_DEFAULT_ENGINES, CPOSIM_DEFAULT_LANES
	};
	struct cposim_dev *sdev;
	int n, err;

	n = cposim_parse_u32s(buf, vals, CPOSIM_MAX_ARGS);
	if (n < 1 || vals[0] > INT_MAX ||
	    vals[1] < 1 || vals[1] > CPOSIM_MAX_ENGINES ||
	    vals[2] < 1 || vals[2] > CPOSIM_MAX_LANES) {
		pr_info("new_device: expected \"ID [ENGINES [LANES]]\": ID 0..%d, ENGINES 1..%d (default %d), LANES 1..%d (default %d)\n",
			INT_MAX, CPOSIM_MAX_ENGINES, CPOSIM_DEFAULT_ENGINES,
			CPOSIM_MAX_LANES, CPOSIM_DEFAULT_LANES);
		return -EINVAL;
	}

	mutex_lock(&cposim_dev_list_lock);
	if (!cposim_bus_enabled) {
		err = -ENODEV;
		goto unlock;
	}
	if (cposim_dev_find(vals[0])) {
		err = -EEXIST;
		goto unlock;
	}
	sdev = cposim_dev_new(vals[0], vals[1], vals[2]);
	if (IS_ERR(sdev)) {
		err = PTR_ERR(sdev);
		goto unlock;
	}
	list_add_tail(&sdev->list, &cposim_dev_list);
	err = 0;
unlock:
	mutex_unlock(&cposim_dev_list_lock);
	return err ? err : count;
}
static BUS_ATTR_WO(new_device);

static ssize_t del_device_store(CPO_BUS_TYPE *bus,
				const char *buf, size_t count)
{
	struct cposim_dev *sdev;
	u32 id;
	int err;

	if (cposim_parse_u32s(buf, &id, 1) != 1) {
		pr_info("del_device: expected \"ID\"\n");
		return -EINVAL;
	}

	mutex_lock(&cposim_dev_list_lock);
	if (!cposim_bus_enabled) {
		err = -ENODEV;
		goto unlock;
	}
	sdev = cposim_dev_find(id);
	if (!sdev) {
		err = -ENOENT;
		goto unlock;
	}
	list_del(&sdev->list);
	cposim_dev_del(sdev);
	err = 0;
unlock:
	mutex_unlock(&cposim_dev_list_lock);
	return err ? err : count;
}
static BUS_ATTR_WO(del_device);

static struct attribute *cposim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	NULL
};
ATTRIBUTE_GROUPS(cposim_bus);

CPO_BUS_TYPE cposim_bus = {
	.name = "cposim",
	.bus_groups = cposim_bus_groups,
};

static int __init cposim_init(void)
{
	int err;

	cposim_debugfs_root = debugfs_create_dir("cposim", NULL);
	cposim_root = root_device_register("cposim");
	if (IS_ERR(cposim_root)) {
		err = PTR_ERR(cposim_root);
		goto err_debugfs_remove;
	}
	err = bus_register(&cposim_bus);
	if (err)
		goto err_root_unregister;

	mutex_lock(&cposim_dev_list_lock);
	cposim_bus_enabled = true;
	mutex_unlock(&cposim_dev_list_lock);
	return 0;

err_root_unregister:
	root_device_unregister(cposim_root);
err_debugfs_remove:
	debugfs_remove(cposim_debugfs_root);
	return err;
}

static void __exit cposim_exit(void)
{
	struct cposim_dev *sdev, *tmp;

	mutex_lock(&cposim_dev_list_lock);
	cposim_bus_enabled = false;
	list_for_each_entry_safe_reverse(sdev, tmp, &cposim_dev_list, list) {
		list_del(&sdev->list);
		cposim_dev_del(sdev);
	}
	mutex_unlock(&cposim_dev_list_lock);

	bus_unregister(&cposim_bus);
	root_device_unregister(cposim_root);
	/* Device release functions live in this module: wait for them. */
	cposim_bus_put();
	wait_for_completion(&cposim_bus_released);
	debugfs_remove(cposim_debugfs_root);
}

module_init(cposim_init);
module_exit(cposim_exit);

MODULE_DESCRIPTION("Simulated CMIS optical engines for cpo");
MODULE_LICENSE("GPL");
