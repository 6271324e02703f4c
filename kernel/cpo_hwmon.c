// SPDX-License-Identifier: GPL-2.0
/*
 * cpo hwmon: every engine as an hwmon device, so lm-sensors and monitoring
 * agents that read /sys/class/hwmon see the optics with the rest of the
 * switch.
 *
 * lm-sensors lists an hwmon device only when its parent sits on a bus it
 * knows, and names a platform device's chip after the device's instance
 * number. So each engine gets a platform device "cpo_engine.<id>", a child
 * of its class device, as the parent of its hwmon device: `sensors` shows
 * engine 3 as cpo-isa-0003 (the address is hexadecimal). The hwmon name is
 * "cpo" for every engine, so one sensors3.conf stanza (chip "cpo-*")
 * covers them all; the channel labels name the engine.
 *
 * The chip has no "label" (the hwmon core takes it from the parent's
 * "label" firmware property): a software node on the platform device
 * would carry it, but software_node_notify() takes no reference when it
 * cannot create its sysfs links, and software_node_notify_remove() drops
 * one anyway, a use-after-free at removal that allocation-failure tests
 * hit (6.1 and 6.12 alike). The engine's location is in its class device.
 *
 * Channels: temp1 (millidegrees Celsius), in0 (supply, mV) and power1
 * (power draw, uW). Their limits are the engine's thresholds, read only
 * (the netlink threshold-set changes them): min/max are the low/high
 * warnings, lcrit/crit the low/high alarms. The alarm attributes are the
 * engine's active alarm flags, as the core last evaluated them.
 *
 * Which attributes exist is decided once, at registration: hwmon asks
 * is_visible() only then, with nothing but the driver data, and `sensors`
 * prints an error for every limit or alarm that cannot be read (only an
 * input may, as N/A). So the engine's status and thresholds are read
 * once: the channels whose value the driver reports then are shown, and
 * of each, the limits (with their alarms) that are set then, not open
 * (the extremes of s64 stand for "none"). When the status read fails,
 * every channel is shown and its input returns what the driver returns.
 * Thresholds set later change the limits shown, but do not add any: a
 * limit that became open or unset reads -ENODATA.
 *
 * Every read takes cpo_lock and checks that the engine is still
 * registered. The core registers the hwmon device after publishing the
 * engine and unregisters it before unpublishing, both without cpo_lock,
 * so hwmon_device_unregister() drains readers waiting for the lock.
 */
#include <linux/err.h>
#include <linux/hwmon.h>
#include <linux/math64.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include "cpo_core.h"

/* What an attribute shows; for limits and alarms, of which level. */
enum cpo_hwmon_kind {
	CPO_HWMON_NONE,
	CPO_HWMON_INPUT,
	CPO_HWMON_LABEL,
	CPO_HWMON_LIMIT,
	CPO_HWMON_ALARM,
};

struct cpo_hwmon_attr {
	u8 kind;
	u8 level;	/* enum cpo_alarm_level */
};

#define CPO_HWMON_LIMIT(lvl) { CPO_HWMON_LIMIT, CPO_ALARM_LEVEL_##lvl }
#define CPO_HWMON_ALARM(lvl) { CPO_HWMON_ALARM, CPO_ALARM_LEVEL_##lvl }

static const struct cpo_hwmon_attr cpo_hwmon_temp_attrs[] = {
	[hwmon_temp_input] = { CPO_HWMON_INPUT },
	[hwmon_temp_label] = { CPO_HWMON_LABEL },
	[hwmon_temp_min] = CPO_HWMON_LIMIT(LOW_WARNING),
	[hwmon_temp_max] = CPO_HWMON_LIMIT(HIGH_WARNING),
	[hwmon_temp_lcrit] = CPO_HWMON_LIMIT(LOW_ALARM),
	[hwmon_temp_crit] = CPO_HWMON_LIMIT(HIGH_ALARM),
	[hwmon_temp_min_alarm] = CPO_HWMON_ALARM(LOW_WARNING),
	[hwmon_temp_max_alarm] = CPO_HWMON_ALARM(HIGH_WARNING),
	[hwmon_temp_lcrit_alarm] = CPO_HWMON_ALARM(LOW_ALARM),
	[hwmon_temp_crit_alarm] = CPO_HWMON_ALARM(HIGH_ALARM),
};

static const struct cpo_hwmon_attr cpo_hwmon_in_attrs[] = {
	[hwmon_in_input] = { CPO_HWMON_INPUT },
	[hwmon_in_label] = { CPO_HWMON_LABEL },
	[hwmon_in_min] = CPO_HWMON_LIMIT(LOW_WARNING),
	[hwmon_in_max] = CPO_HWMON_LIMIT(HIGH_WARNING),
	[hwmon_in_lcrit] = CPO_HWMON_LIMIT(LOW_ALARM),
	[hwmon_in_crit] = CPO_HWMON_LIMIT(HIGH_ALARM),
	[hwmon_in_min_alarm] = CPO_HWMON_ALARM(LOW_WARNING),
	[hwmon_in_max_alarm] = CPO_HWMON_ALARM(HIGH_WARNING),
	[hwmon_in_lcrit_alarm] = CPO_HWMON_ALARM(LOW_ALARM),
	[hwmon_in_crit_alarm] = CPO_HWMON_ALARM(HIGH_ALARM),
};

static const struct cpo_hwmon_attr cpo_hwmon_power_attrs[] = {
	[hwmon_power_input] = { CPO_HWMON_INPUT },
	[hwmon_power_label] = { CPO_HWMON_LABEL },
	[hwmon_power_min] = CPO_HWMON_LIMIT(LOW_WARNING),
	[hwmon_power_max] = CPO_HWMON_LIMIT(HIGH_WARNING),
	[hwmon_power_lcrit] = CPO_HWMON_LIMIT(LOW_ALARM),
	[hwmon_power_crit] = CPO_HWMON_LIMIT(HIGH_ALARM),
	[hwmon_power_min_alarm] = CPO_HWMON_ALARM(LOW_WARNING),
	[hwmon_power_max_alarm] = CPO_HWMON_ALARM(HIGH_WARNING),
	[hwmon_power_lcrit_alarm] = CPO_HWMON_ALARM(LOW_ALARM),
	[hwmon_power_crit_alarm] = CPO_HWMON_ALARM(HIGH_ALARM),
};

/**
 * struct cpo_hwmon_chan - an hwmon channel of an engine
 * @type: the hwmon sensor type; one channel (index 0 or 1) of each
 * @flag: the CPO_ENGINE_F_* bit of its value in the engine status
 * @quantity: its enum cpo_quantity, for thresholds and alarms
 * @scale: netlink units per hwmon unit (uV per mV for the supply)
 * @what: the label after the engine's name
 * @attrs: what each attribute of @type shows, by attribute
 * @n_attrs: size of @attrs
 */
struct cpo_hwmon_chan {
	enum hwmon_sensor_types type;
	u32 flag;
	u32 quantity;
	u32 scale;
	const char *what;
	const struct cpo_hwmon_attr *attrs;
	size_t n_attrs;
};

#define CPO_HWMON_NR_CHANS	3

static const struct cpo_hwmon_chan cpo_hwmon_chans[CPO_HWMON_NR_CHANS] = {
	{
		.type = hwmon_temp,
		.flag = CPO_ENGINE_F_TEMPERATURE,
		.quantity = CPO_QUANTITY_TEMPERATURE,
		.scale = 1,
		.what = "temperature",
		.attrs = cpo_hwmon_temp_attrs,
		.n_attrs = ARRAY_SIZE(cpo_hwmon_temp_attrs),
	},
	{
		.type = hwmon_in,
		.flag = CPO_ENGINE_F_VOLTAGE,
		.quantity = CPO_QUANTITY_VOLTAGE,
		.scale = 1000,
		.what = "supply",
		.attrs = cpo_hwmon_in_attrs,
		.n_attrs = ARRAY_SIZE(cpo_hwmon_in_attrs),
	},
	{
		.type = hwmon_power,
		.flag = CPO_ENGINE_F_POWER_DRAW,
		.quantity = CPO_QUANTITY_POWER_DRAW,
		.scale = 1,
		.what = "power",
		.attrs = cpo_hwmon_power_attrs,
		.n_attrs = ARRAY_SIZE(cpo_hwmon_power_attrs),
	},
};

#define CPO_HWMON_ALL_CHANS	(CPO_ENGINE_F_TEMPERATURE | \
				 CPO_ENGINE_F_VOLTAGE | \
				 CPO_ENGINE_F_POWER_DRAW)

/**
 * struct cpo_hwmon - the hwmon side of an engine, its hwmon driver data
 * @engine: the engine
 * @pdev: the platform device the hwmon device sits on
 * @chans: CPO_ENGINE_F_* bits of the channels shown
 * @limits: per channel, BIT(level) of the limits and alarms shown
 * @label: per channel, as in cpo_hwmon_chans[]
 */
struct cpo_hwmon {
	struct cpo_engine *engine;
	struct platform_device *pdev;
	u32 chans;
	u32 limits[CPO_HWMON_NR_CHANS];
	char label[CPO_HWMON_NR_CHANS][32];
};

static const struct cpo_hwmon_chan *
cpo_hwmon_chan(enum hwmon_sensor_types type, unsigned int *index)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cpo_hwmon_chans); i++) {
		if (cpo_hwmon_chans[i].type == type) {
			*index = i;
			return &cpo_hwmon_chans[i];
		}
	}
	return NULL;
}

static struct cpo_hwmon_attr cpo_hwmon_attr(const struct cpo_hwmon_chan *c,
					    u32 attr)
{
	struct cpo_hwmon_attr none = { CPO_HWMON_NONE };

	return attr < c->n_attrs ? c->attrs[attr] : none;
}

static umode_t cpo_hwmon_is_visible(const void *data,
				    enum hwmon_sensor_types type, u32 attr,
				    int channel)
{
	const struct cpo_hwmon *hw = data;
	const struct cpo_hwmon_chan *c;
	struct cpo_hwmon_attr a;
	unsigned int i;

	c = cpo_hwmon_chan(type, &i);
	if (!c || !(hw->chans & c->flag))
		return 0;
	a = cpo_hwmon_attr(c, attr);
	switch (a.kind) {
	case CPO_HWMON_INPUT:
	case CPO_HWMON_LABEL:
		return 0444;
	case CPO_HWMON_LIMIT:
	case CPO_HWMON_ALARM:
		return hw->limits[i] & BIT(a.level) ? 0444 : 0;
	default:
		return 0;
	}
}

static s64 cpo_hwmon_status_value(const struct cpo_engine_status *st,
				  u32 quantity)
{
	switch (quantity) {
	case CPO_QUANTITY_TEMPERATURE:
		return st->temperature;
	case CPO_QUANTITY_VOLTAGE:
		return st->voltage;
	default:
		return st->power_draw;
	}
}

static s64 cpo_hwmon_threshold(const struct cpo_threshold *t, u32 level)
{
	switch (level) {
	case CPO_ALARM_LEVEL_HIGH_ALARM:
		return t->high_alarm;
	case CPO_ALARM_LEVEL_LOW_ALARM:
		return t->low_alarm;
	case CPO_ALARM_LEVEL_HIGH_WARNING:
		return t->high_warning;
	default:
		return t->low_warning;
	}
}

/* An open threshold: the extremes of s64 stand for "none". */
static bool cpo_hwmon_threshold_open(s64 v)
{
	return v <= S64_MIN + 1 || v >= S64_MAX - 1;
}

/* One value in netlink units, cpo_lock held. */
static int cpo_hwmon_value(struct cpo_engine *engine,
			   const struct cpo_hwmon_chan *c,
			   struct cpo_hwmon_attr a, s64 *v)
{
	const struct cpo_thresholds *th = &engine->th;

	lockdep_assert_held(&cpo_lock);
	if (!engine->registered)
		return -ENODATA;
	switch (a.kind) {
	case CPO_HWMON_INPUT:
		/* The copy: a sensors run never reaches the bus. */
		if (!(engine->st.valid & c->flag))
			return -ENODATA;
		*v = cpo_hwmon_status_value(&engine->st, c->quantity);
		return 0;
	case CPO_HWMON_LIMIT:
		if (!(th->valid & BIT(c->quantity)))
			return -ENODATA;
		*v = cpo_hwmon_threshold(&th->t[c->quantity], a.level);
		return cpo_hwmon_threshold_open(*v) ? -ENODATA : 0;
	case CPO_HWMON_ALARM:
		*v = !!(engine->alarms.active &
			BIT(cpo_alarm_bit(c->quantity, a.level)));
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int cpo_hwmon_read(struct device *dev, enum hwmon_sensor_types type,
			  u32 attr, int channel, long *val)
{
	struct cpo_hwmon *hw = dev_get_drvdata(dev);
	const struct cpo_hwmon_chan *c;
	struct cpo_hwmon_attr a;
	unsigned int i;
	s64 v = 0;
	int err;

	c = cpo_hwmon_chan(type, &i);
	if (!c)
		return -EOPNOTSUPP;
	a = cpo_hwmon_attr(c, attr);

	mutex_lock(&cpo_lock);
	err = cpo_hwmon_value(hw->engine, c, a, &v);
	mutex_unlock(&cpo_lock);
	if (err)
		return err;
	if (a.kind != CPO_HWMON_ALARM && c->scale != 1)
		v = DIV_S64_ROUND_CLOSEST(v, c->scale);
	*val = clamp_t(s64, v, LONG_MIN, LONG_MAX);
	return 0;
}

static int cpo_hwmon_read_string(struct device *dev,
				 enum hwmon_sensor_types type, u32 attr,
				 int channel, const char **str)
{
	struct cpo_hwmon *hw = dev_get_drvdata(dev);
	const struct cpo_hwmon_chan *c;
	unsigned int i;

	c = cpo_hwmon_chan(type, &i);
	if (!c || cpo_hwmon_attr(c, attr).kind != CPO_HWMON_LABEL)
		return -EOPNOTSUPP;
	*str = hw->label[i];
	return 0;
}

static const struct hwmon_ops cpo_hwmon_ops = {
	.is_visible = cpo_hwmon_is_visible,
	.read = cpo_hwmon_read,
	.read_string = cpo_hwmon_read_string,
};

/* Not an array of const pointers: 6.1's hwmon_chip_info takes none. */
static const struct hwmon_channel_info *cpo_hwmon_info[] = {
	HWMON_CHANNEL_INFO(temp,
			   HWMON_T_INPUT | HWMON_T_LABEL |
			   HWMON_T_MIN | HWMON_T_MAX |
			   HWMON_T_LCRIT | HWMON_T_CRIT |
			   HWMON_T_MIN_ALARM | HWMON_T_MAX_ALARM |
			   HWMON_T_LCRIT_ALARM | HWMON_T_CRIT_ALARM),
	HWMON_CHANNEL_INFO(in,
			   HWMON_I_INPUT | HWMON_I_LABEL |
			   HWMON_I_MIN | HWMON_I_MAX |
			   HWMON_I_LCRIT | HWMON_I_CRIT |
			   HWMON_I_MIN_ALARM | HWMON_I_MAX_ALARM |
			   HWMON_I_LCRIT_ALARM | HWMON_I_CRIT_ALARM),
	HWMON_CHANNEL_INFO(power,
			   HWMON_P_INPUT | HWMON_P_LABEL |
			   HWMON_P_MIN | HWMON_P_MAX |
			   HWMON_P_LCRIT | HWMON_P_CRIT |
			   HWMON_P_MIN_ALARM | HWMON_P_MAX_ALARM |
			   HWMON_P_LCRIT_ALARM | HWMON_P_CRIT_ALARM),
	NULL
};

static const struct hwmon_chip_info cpo_hwmon_chip = {
	.ops = &cpo_hwmon_ops,
	.info = cpo_hwmon_info,
};

/*
 * What to show: the channels the driver reports now (all when the status
 * cannot be read), and of each the limits set now.
 */
static void cpo_hwmon_probe(struct cpo_hwmon *hw)
{
	struct cpo_engine *engine = hw->engine;
	const struct cpo_thresholds *th = &engine->th;
	struct cpo_engine_status st = {};
	int err = -ENODEV;
	unsigned int i;
	const struct cpo_threshold *t;
	u32 q, level;

	mutex_lock(&cpo_lock);
	if (engine->registered && engine->st.valid) {
		st = engine->st;
		err = 0;
	}
	hw->chans = err ? CPO_HWMON_ALL_CHANS : st.valid & CPO_HWMON_ALL_CHANS;
	for (i = 0; i < ARRAY_SIZE(cpo_hwmon_chans); i++) {
		q = cpo_hwmon_chans[i].quantity;
		if (!(th->valid & BIT(q)))
			continue;
		t = &th->t[q];
		for (level = CPO_ALARM_LEVEL_HIGH_ALARM;
		     level <= CPO_ALARM_LEVEL_LOW_WARNING; level++)
			if (!cpo_hwmon_threshold_open(cpo_hwmon_threshold(t, level)))
				hw->limits[i] |= BIT(level);
	}
	mutex_unlock(&cpo_lock);
	if (err)
		dev_info(&engine->dev,
			 "status unreadable (%pe): every hwmon channel shown\n",
			 ERR_PTR(err));
}

/**
 * cpo_hwmon_init - set up the hwmon side of the subsystem
 *
 * Each engine has its own platform device, made at its registration, so
 * nothing is shared: this only keeps the module's init symmetric.
 *
 * Context: module init.
 * Return: 0.
 */
int cpo_hwmon_init(void)
{
	return 0;
}

/**
 * cpo_hwmon_exit - undo cpo_hwmon_init()
 *
 * Context: module exit, every engine unregistered.
 */
void cpo_hwmon_exit(void)
{
}

/**
 * cpo_hwmon_register - give an engine its hwmon device
 * @engine: the engine, published
 *
 * Reads the engine's status and thresholds once to choose the channels
 * and limits shown (see the top of this file), makes the platform device
 * "cpo_engine.<id>" below the engine's class device and registers an
 * hwmon device "cpo" on it, recorded in @engine->hwmon. A failure is
 * logged and leaves @engine->hwmon NULL: the engine works without hwmon.
 *
 * Context: process context, cpo_lock not held (taken here).
 */
void cpo_hwmon_register(struct cpo_engine *engine)
{
	struct platform_device_info pinfo = {
		.parent = &engine->dev,
		.name = "cpo_engine",
		.id = engine->id,
	};
	struct platform_device *pdev;
	struct cpo_hwmon *hw;
	struct device *hdev;
	unsigned int i;
	int err;

	hw = kzalloc(sizeof(*hw), GFP_KERNEL);
	if (!hw) {
		err = -ENOMEM;
		goto err;
	}
	hw->engine = engine;
	cpo_hwmon_probe(hw);
	for (i = 0; i < ARRAY_SIZE(cpo_hwmon_chans); i++)
		snprintf(hw->label[i], sizeof(hw->label[i]), "engine%u %s",
			 engine->id, cpo_hwmon_chans[i].what);
	pdev = platform_device_register_full(&pinfo);
	if (IS_ERR(pdev)) {
		err = PTR_ERR(pdev);
		goto err_free;
	}
	hw->pdev = pdev;

	hdev = hwmon_device_register_with_info(&pdev->dev, "cpo", hw,
					       &cpo_hwmon_chip, NULL);
	if (IS_ERR(hdev)) {
		err = PTR_ERR(hdev);
		goto err_pdev;
	}
	engine->hwmon = hdev;
	return;

err_pdev:
	platform_device_unregister(pdev);
err_free:
	kfree(hw);
err:
	dev_warn(&engine->dev, "no hwmon device: %pe\n", ERR_PTR(err));
}

/**
 * cpo_hwmon_unregister - remove an engine's hwmon device
 * @engine: the engine, still published
 *
 * Unregisters the hwmon device, waiting for its readers, then its
 * platform device. Nothing when the engine has none.
 *
 * Context: process context, cpo_lock not held: readers take it.
 */
void cpo_hwmon_unregister(struct cpo_engine *engine)
{
	struct cpo_hwmon *hw;

	if (!engine->hwmon)
		return;
	hw = dev_get_drvdata(engine->hwmon);
	hwmon_device_unregister(engine->hwmon);
	engine->hwmon = NULL;
	platform_device_unregister(hw->pdev);
	kfree(hw);
}
