// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: simulated optical engines for testing cpo without hardware.
 *
 * Like netdevsim, the simulator has its own bus, cposim, whose write-only
 * attributes create and remove simulated boards:
 *
 *   echo "ID [ENGINES [LANES]] [KEY=VALUE ...]" > /sys/bus/cposim/new_device
 *   echo "ID preset=NAME" > /sys/bus/cposim/new_device
 *   echo "ID" > /sys/bus/cposim/del_device
 *
 * A board appears as /sys/devices/cposim/cposim<ID> and registers ENGINES
 * (default 1) CMIS engines of LANES (default 8) lanes each with cpo. Keys:
 * type=cpo|npo|lpo, rate=100|200|400 (Gb/s per lane), lasers=none|
 * internal|external, and the bus timing of every engine and laser source
 * (busmodel.c): bus=KHZ (0 for none, the default, or 10..3400) and
 * bus_stall=MS (0..10000), and port_lanes=N (0..32), a netdev per N lanes
 * of an engine (port.c; 0, none, by default, 8 with a preset), which may
 * also go with a preset. Presets:
 * cpo-51t (8 x 64 x 100G, external lasers), cpo-102t (16 x 32 x 200G,
 * external lasers), npo (4 x 16 x 200G, internal lasers), lpo (8 x 8 x
 * 100G, internal lasers, no DSP). This file holds the bus, the device list
 * and the module's entry points.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/completion.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/string.h>
#include "cposim.h"

#define CPOSIM_MAX_NUMBERS	3	/* ID ENGINES LANES */

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

struct cposim_preset {
	const char *name;
	struct cposim_config cfg;
};

static const struct cposim_preset cposim_presets[] = {
	{ "cpo-51t", { .engines = 8, .lanes = 64, .type = CPO_ENGINE_TYPE_CPO,
		       .rate = 100000, .lasers = CPOSIM_LASERS_EXTERNAL,
		       .vdm = true, .port_lanes = CPOSIM_PRESET_PORT_LANES } },
	{ "cpo-102t", { .engines = 16, .lanes = 32, .type = CPO_ENGINE_TYPE_CPO,
			.rate = 200000, .lasers = CPOSIM_LASERS_EXTERNAL,
			.vdm = true,
			.port_lanes = CPOSIM_PRESET_PORT_LANES } },
	{ "npo", { .engines = 4, .lanes = 16, .type = CPO_ENGINE_TYPE_NPO,
		   .rate = 200000, .lasers = CPOSIM_LASERS_INTERNAL,
		   .field_replaceable = true, .vdm = true,
		   .port_lanes = CPOSIM_PRESET_PORT_LANES } },
	{ "lpo", { .engines = 8, .lanes = 8, .type = CPO_ENGINE_TYPE_LPO,
		   .rate = 100000, .lasers = CPOSIM_LASERS_INTERNAL,
		   .field_replaceable = true, .vdm = false,
		   .port_lanes = CPOSIM_PRESET_PORT_LANES } },
};

static const char * const cposim_type_names[] = {
	[CPO_ENGINE_TYPE_CPO] = "cpo",
	[CPO_ENGINE_TYPE_NPO] = "npo",
	[CPO_ENGINE_TYPE_LPO] = "lpo",
};

static const char * const cposim_laser_names[] = {
	[CPOSIM_LASERS_NONE] = "none",
	[CPOSIM_LASERS_INTERNAL] = "internal",
	[CPOSIM_LASERS_EXTERNAL] = "external",
};

/* The index of @val in @names, whose gaps are NULL; -EINVAL if absent. */
static int cposim_match(const char * const *names, size_t n, const char *val)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], val))
			return i;
	return -EINVAL;
}

static int cposim_parse_rate(const char *val, u32 *rate)
{
	u32 gbps;

	if (kstrtou32(val, 10, &gbps) ||
	    (gbps != 100 && gbps != 200 && gbps != 400))
		return -EINVAL;
	*rate = gbps * 1000;
	return 0;
}

enum {
	CPOSIM_OPT_PRESET,
	CPOSIM_OPT_TYPE,
	CPOSIM_OPT_RATE,
	CPOSIM_OPT_LASERS,
	CPOSIM_OPT_BUS,
	CPOSIM_OPT_BUS_STALL,
	CPOSIM_OPT_PORT_LANES,
};

static const char * const cposim_option_names[] = {
	[CPOSIM_OPT_PRESET] = "preset",
	[CPOSIM_OPT_TYPE] = "type",
	[CPOSIM_OPT_RATE] = "rate",
	[CPOSIM_OPT_LASERS] = "lasers",
	[CPOSIM_OPT_BUS] = "bus",
	[CPOSIM_OPT_BUS_STALL] = "bus_stall",
	[CPOSIM_OPT_PORT_LANES] = "port_lanes",
};

/* The options that may go with a preset: the bus timing, the ports. */
#define CPOSIM_OPTS_BUS	(BIT(CPOSIM_OPT_BUS) | BIT(CPOSIM_OPT_BUS_STALL) | \
			 BIT(CPOSIM_OPT_PORT_LANES))

static int cposim_parse_bus(const char *val, struct cposim_bus_config *bus,
			    bool stall)
{
	u32 v;

	if (kstrtou32(val, 10, &v))
		return -EINVAL;
	if (stall) {
		if (v > CPOSIM_BUS_MAX_STALL_MS)
			return -EINVAL;
		bus->stall_ms = v;
	} else {
		if (!cposim_bus_khz_valid(v))
			return -EINVAL;
		bus->khz = v;
	}
	return 0;
}

/*
 * One KEY=VALUE token into @cfg; a preset replaces all of it. A key given
 * twice (in @seen already) is an error, not "the last one wins".
 */
static int cposim_parse_option(char *tok, struct cposim_config *cfg,
			       bool *preset, unsigned long *seen)
{
	char *val = strchr(tok, '=');
	int i, key;

	if (!val)
		return -EINVAL;
	*val++ = '\0';
	key = cposim_match(cposim_option_names,
			   ARRAY_SIZE(cposim_option_names), tok);
	if (key < 0 || __test_and_set_bit(key, seen))
		return -EINVAL;
	if (key == CPOSIM_OPT_PRESET) {
		for (i = 0; i < ARRAY_SIZE(cposim_presets); i++) {
			if (!strcmp(val, cposim_presets[i].name)) {
				/* bus= may come before the preset */
				struct cposim_bus_config bus = cfg->bus;
				u32 port_lanes = cfg->port_lanes;

				*cfg = cposim_presets[i].cfg;
				cfg->bus = bus;
				if (test_bit(CPOSIM_OPT_PORT_LANES, seen))
					cfg->port_lanes = port_lanes;
				*preset = true;
				return 0;
			}
		}
		return -EINVAL;
	}
	if (key == CPOSIM_OPT_TYPE) {
		i = cposim_match(cposim_type_names,
				 ARRAY_SIZE(cposim_type_names), val);
		if (i < 0)
			return -EINVAL;
		cfg->type = i;
		cfg->field_replaceable = i != CPO_ENGINE_TYPE_CPO;
		cfg->vdm = i != CPO_ENGINE_TYPE_LPO;
		return 0;
	}
	if (key == CPOSIM_OPT_RATE)
		return cposim_parse_rate(val, &cfg->rate);
	if (key == CPOSIM_OPT_LASERS) {
		i = cposim_match(cposim_laser_names,
				 ARRAY_SIZE(cposim_laser_names), val);
		if (i < 0)
			return -EINVAL;
		cfg->lasers = i;
		return 0;
	}
	if (key == CPOSIM_OPT_BUS || key == CPOSIM_OPT_BUS_STALL)
		return cposim_parse_bus(val, &cfg->bus,
					key == CPOSIM_OPT_BUS_STALL);
	if (key == CPOSIM_OPT_PORT_LANES)
		return kstrtou32(val, 10, &cfg->port_lanes) ||
		       cfg->port_lanes > CPOSIM_MAX_PORT_LANES ? -EINVAL : 0;
	return -EINVAL;
}

/*
 * "ID [ENGINES [LANES]] [KEY=VALUE ...]" or "ID preset=NAME" with at most
 * the bus options besides; anything else is an error.
 */
static int cposim_parse_new(const char *buf, u32 *id,
			    struct cposim_config *cfg)
{
	u32 nums[CPOSIM_MAX_NUMBERS] = {
		0, CPOSIM_DEFAULT_ENGINES, CPOSIM_DEFAULT_LANES
	};
	unsigned long seen = 0;
	bool preset = false;
	int n = 0, options = 0;
	char tok[32];
	size_t len;
	int err;

	for (;;) {
		buf = skip_spaces(buf);
		if (!*buf)
			break;
		len = strcspn(buf, " \t\n");
		if (len >= sizeof(tok))
			return -EINVAL;
		memcpy(tok, buf, len);
		tok[len] = '\0';
		buf += len;
		if (!options && n < CPOSIM_MAX_NUMBERS && isdigit(tok[0])) {
			if (kstrtou32(tok, 10, &nums[n++]))
				return -EINVAL;
			continue;
		}
		if (!n)
			return -EINVAL;
		err = cposim_parse_option(tok, cfg, &preset, &seen);
		if (err)
			return err;
		options++;
	}
	if (n < 1 || nums[0] > INT_MAX)
		return -EINVAL;
	*id = nums[0];
	if (preset) {
		/* Only the bus options may go with a preset. */
		options -= hweight_long(seen & CPOSIM_OPTS_BUS);
		return n == 1 && options == 1 ? 0 : -EINVAL;
	}
	if (nums[1] < 1 || nums[1] > CPOSIM_MAX_ENGINES ||
	    nums[2] < 1 || nums[2] > CPOSIM_MAX_LANES)
		return -EINVAL;
	cfg->engines = nums[1];
	cfg->lanes = nums[2];
	return 0;
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
	struct cposim_config cfg = {
		.type = CPO_ENGINE_TYPE_CPO,
		.rate = CPOSIM_DEFAULT_RATE,
		.lasers = CPOSIM_LASERS_NONE,
		.vdm = true,
	};
	struct cposim_dev *sdev;
	int err;
	u32 id;

	if (cposim_parse_new(buf, &id, &cfg)) {
		pr_info("new_device: expected \"ID [ENGINES [LANES]] [type=cpo|npo|lpo] [rate=100|200|400] [lasers=none|internal|external] [bus=KHZ] [bus_stall=MS] [port_lanes=N]\" or \"ID preset=cpo-51t|cpo-102t|npo|lpo [bus=KHZ] [bus_stall=MS] [port_lanes=N]\": ID 0..%d, ENGINES 1..%d (default %d), LANES 1..%d (default %d), KHZ 0 (no delay, default) or %d..%d, MS 0..%d, N 0 (no netdevs; default, 8 with a preset)..%d lanes per port\n",
			INT_MAX, CPOSIM_MAX_ENGINES, CPOSIM_DEFAULT_ENGINES,
			CPOSIM_MAX_LANES, CPOSIM_DEFAULT_LANES,
			CPOSIM_BUS_MIN_KHZ, CPOSIM_BUS_MAX_KHZ,
			CPOSIM_BUS_MAX_STALL_MS, CPOSIM_MAX_PORT_LANES);
		return -EINVAL;
	}

	mutex_lock(&cposim_dev_list_lock);
	if (!cposim_bus_enabled) {
		err = -ENODEV;
		goto unlock;
	}
	if (cposim_dev_find(id)) {
		err = -EEXIST;
		goto unlock;
	}
	sdev = cposim_dev_new(id, &cfg);
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

/* Exactly one decimal number, blanks around it allowed. */
static int cposim_parse_id(const char *buf, u32 *id)
{
	char tok[12];
	size_t len;

	buf = skip_spaces(buf);
	len = strcspn(buf, " \t\n");
	if (!len || len >= sizeof(tok) || *skip_spaces(buf + len))
		return -EINVAL;
	memcpy(tok, buf, len);
	tok[len] = '\0';
	return kstrtou32(tok, 10, id);
}

static ssize_t del_device_store(CPO_BUS_TYPE *bus,
				const char *buf, size_t count)
{
	struct cposim_dev *sdev;
	u32 id;
	int err;

	if (cposim_parse_id(buf, &id)) {
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
