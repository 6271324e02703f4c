// SPDX-License-Identifier: GPL-2.0
/*
 * cpo sysfs front end: class "cpo" with one device per engine and one
 * directory per lane below it, one value per file, for shell tools and
 * monitoring agents that do not speak netlink. Values and writes go
 * through the same core functions as netlink, so both always agree. The
 * laser sources' devices are in cpo_sysfs_laser.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include "cpo_core.h"
#include "cpo_sysfs.h"

ssize_t cpo_sysfs_emit_enum(char *buf, cpo_enum_name_fn name, u32 val)
{
	const char *s = name(val);

	return s ? sysfs_emit(buf, "%s\n", s) : sysfs_emit(buf, "%u\n", val);
}

ssize_t cpo_sysfs_emit_slot(char *buf, const struct cpo_io *io,
			    const bool *registered)
{
	u32 slot = 0;

	mutex_lock(&cpo_lock);
	if (*registered)
		slot = io->slot;
	mutex_unlock(&cpo_lock);
	if (!slot)
		return -ENODEV;
	return cpo_sysfs_emit_enum(buf, cpo_slot_state_name, slot);
}

/* Accepts the spec's entry names only, as netlink does their values. */
int cpo_sysfs_parse_enum(const char *buf, cpo_enum_name_fn name, u32 max)
{
	u32 v;

	for (v = 1; v <= max; v++)
		if (sysfs_streq(buf, name(v)))
			return v;
	return -EINVAL;
}

/* Engine attributes */

static int cpo_engine_read_status(struct cpo_engine *engine,
				  struct cpo_engine_status *st, u32 need)
{
	int err = -ENODEV;

	/* The copy: reading a file never reaches the bus. */
	mutex_lock(&cpo_lock);
	if (engine->registered) {
		*st = engine->st;
		err = st->valid & need ? 0 : -ENODATA;
	}
	mutex_unlock(&cpo_lock);
	return err;
}

/* The identity strings, one show function for all. */
struct cpo_engine_str_attr {
	struct device_attribute attr;
	size_t offset;
};

static ssize_t cpo_engine_str_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct cpo_engine_str_attr *sattr =
		container_of(attr, struct cpo_engine_str_attr, attr);
	const struct cpo_engine_info *info = &cpo_engine_from_dev(dev)->info;
	ssize_t ret;

	/* The firmware versions change when the module runs another image. */
	mutex_lock(&cpo_lock);
	ret = sysfs_emit(buf, "%s\n", (const char *)info + sattr->offset);
	mutex_unlock(&cpo_lock);
	return ret;
}

#define CPO_ENGINE_STR_ATTR(_name) {					\
	.attr = __ATTR(_name, 0444, cpo_engine_str_show, NULL),	\
	.offset = offsetof(struct cpo_engine_info, _name),		\
}

static struct cpo_engine_str_attr cpo_engine_str_attrs[] = {
	CPO_ENGINE_STR_ATTR(vendor),
	CPO_ENGINE_STR_ATTR(part_number),
	CPO_ENGINE_STR_ATTR(serial),
	CPO_ENGINE_STR_ATTR(hw_rev),
	CPO_ENGINE_STR_ATTR(fw_version),
	CPO_ENGINE_STR_ATTR(fw_inactive),
	CPO_ENGINE_STR_ATTR(location),
};

static ssize_t id_show(struct device *dev, struct device_attribute *attr,
		       char *buf)
{
	return sysfs_emit(buf, "%u\n", cpo_engine_from_dev(dev)->id);
}
static DEVICE_ATTR_RO(id);

static ssize_t type_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return cpo_sysfs_emit_enum(buf, cpo_engine_type_name,
				   cpo_engine_from_dev(dev)->info.type);
}
static DEVICE_ATTR_RO(type);

static ssize_t media_type_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	u32 media = cpo_engine_from_dev(dev)->info.media_type;

	if (!media)
		return -ENODATA;
	return cpo_sysfs_emit_enum(buf, cpo_media_type_name, media);
}
static DEVICE_ATTR_RO(media_type);

static ssize_t field_replaceable_show(struct device *dev,
				      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  cpo_engine_from_dev(dev)->info.field_replaceable);
}
static DEVICE_ATTR_RO(field_replaceable);

static ssize_t lane_count_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", cpo_engine_from_dev(dev)->info.lane_count);
}
static DEVICE_ATTR_RO(lane_count);

static ssize_t lane_rate_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", cpo_engine_from_dev(dev)->info.lane_rate);
}
static DEVICE_ATTR_RO(lane_rate);

static ssize_t module_state_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct cpo_engine_status st = {};
	int err;

	err = cpo_engine_read_status(cpo_engine_from_dev(dev), &st,
				     CPO_ENGINE_F_MODULE_STATE);
	return err ?: cpo_sysfs_emit_enum(buf, cpo_module_state_name,
					  st.module_state);
}
static DEVICE_ATTR_RO(module_state);

static ssize_t power_mode_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct cpo_engine_status st = {};
	int err;

	err = cpo_engine_read_status(cpo_engine_from_dev(dev), &st,
				     CPO_ENGINE_F_POWER_MODE);
	return err ?: cpo_sysfs_emit_enum(buf, cpo_power_mode_name,
					  st.power_mode);
}

static ssize_t power_mode_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	struct cpo_engine *engine = cpo_engine_from_dev(dev);
	int mode, ret;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	mode = cpo_sysfs_parse_enum(buf, cpo_power_mode_name,
				    CPO_POWER_MODE_MAX);
	if (mode < 0)
		return mode;

	/* The file's active reference keeps the engine. */
	ret = cpo_engine_lock_io(engine, NULL);
	if (ret)
		return ret;
	ret = cpo_engine_set_power_mode(engine, mode, NULL);
	if (ret > 0)
		cpo_engine_reread(engine);
	cpo_io_unlock(&engine->io);
	return ret < 0 ? ret : count;
}
static DEVICE_ATTR_RW(power_mode);

static ssize_t temperature_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct cpo_engine_status st = {};
	int err;

	err = cpo_engine_read_status(cpo_engine_from_dev(dev), &st,
				     CPO_ENGINE_F_TEMPERATURE);
	return err ?: sysfs_emit(buf, "%d\n", st.temperature);
}
static DEVICE_ATTR_RO(temperature);

static ssize_t voltage_show(struct device *dev,
			    struct device_attribute *attr, char *buf)
{
	struct cpo_engine_status st = {};
	int err;

	err = cpo_engine_read_status(cpo_engine_from_dev(dev), &st,
				     CPO_ENGINE_F_VOLTAGE);
	return err ?: sysfs_emit(buf, "%u\n", st.voltage);
}
static DEVICE_ATTR_RO(voltage);

static ssize_t fault_cause_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct cpo_engine_status st = {};
	int err;

	err = cpo_engine_read_status(cpo_engine_from_dev(dev), &st,
				     CPO_ENGINE_F_MODULE_STATE);
	if (err)
		return err;
	if (st.module_state != CPO_MODULE_STATE_FAULT)
		return sysfs_emit(buf, "none\n");
	if (!(st.valid & CPO_ENGINE_F_FAULT_CAUSE))
		return -ENODATA;
	return cpo_sysfs_emit_enum(buf, cpo_fault_cause_name, st.fault_cause);
}
static DEVICE_ATTR_RO(fault_cause);

static ssize_t power_draw_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct cpo_engine_status st = {};
	int err;

	err = cpo_engine_read_status(cpo_engine_from_dev(dev), &st,
				     CPO_ENGINE_F_POWER_DRAW);
	return err ?: sysfs_emit(buf, "%u\n", st.power_draw);
}
static DEVICE_ATTR_RO(power_draw);

static ssize_t energy_per_bit_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct cpo_engine *engine = cpo_engine_from_dev(dev);
	struct cpo_engine_status st = {};
	u32 epb;
	int err;

	err = cpo_engine_read_status(engine, &st, CPO_ENGINE_F_POWER_DRAW);
	if (err)
		return err;
	if (!cpo_engine_energy_per_bit(engine, &st, &epb))
		return -ENODATA;
	return sysfs_emit(buf, "%u\n", epb);
}
static DEVICE_ATTR_RO(energy_per_bit);

/* Whether a part is in the slot: the one value an empty slot answers. */
static ssize_t slot_state_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct cpo_engine *engine = cpo_engine_from_dev(dev);

	return cpo_sysfs_emit_slot(buf, &engine->io, &engine->registered);
}
static DEVICE_ATTR_RO(slot_state);

static struct attribute *cpo_engine_attrs[] = {
	&dev_attr_id.attr,
	&dev_attr_type.attr,
	&cpo_engine_str_attrs[0].attr.attr,
	&cpo_engine_str_attrs[1].attr.attr,
	&cpo_engine_str_attrs[2].attr.attr,
	&cpo_engine_str_attrs[3].attr.attr,
	&cpo_engine_str_attrs[4].attr.attr,
	&cpo_engine_str_attrs[5].attr.attr,
	&cpo_engine_str_attrs[6].attr.attr,
	&dev_attr_fault_cause.attr,
	&dev_attr_power_draw.attr,
	&dev_attr_energy_per_bit.attr,
	&dev_attr_field_replaceable.attr,
	&dev_attr_lane_count.attr,
	&dev_attr_lane_rate.attr,
	&dev_attr_media_type.attr,
	&dev_attr_module_state.attr,
	&dev_attr_power_mode.attr,
	&dev_attr_temperature.attr,
	&dev_attr_voltage.attr,
	&dev_attr_slot_state.attr,
	NULL,
};

static const struct attribute_group cpo_engine_group = {
	.attrs = cpo_engine_attrs,
};

/*
 * Service statistics, in a stats/ directory of the engine and of each
 * lane: one counter per file, read as netlink gives them (with-stats).
 * Cleared by the stats-clear command only.
 */
struct cpo_engine_stats_attr {
	struct device_attribute attr;
	size_t offset;
};

static ssize_t cpo_engine_stats_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	struct cpo_engine_stats_attr *sattr =
		container_of(attr, struct cpo_engine_stats_attr, attr);
	struct cpo_engine *engine = cpo_engine_from_dev(dev);
	struct cpo_stats_val v;
	int err = -ENODEV;

	mutex_lock(&cpo_lock);
	if (engine->registered) {
		cpo_engine_stats_get(engine, &v);
		err = 0;
	}
	mutex_unlock(&cpo_lock);
	return err ?: sysfs_emit(buf, "%llu\n",
				 *(u64 *)((char *)&v + sattr->offset));
}

#define CPO_ENGINE_STATS_ATTR(_name, _member) {				\
	.attr = __ATTR(_name, 0444, cpo_engine_stats_show, NULL),	\
	.offset = offsetof(struct cpo_stats_val, _member),		\
}

static struct cpo_engine_stats_attr cpo_engine_stats_attrs[] = {
	CPO_ENGINE_STATS_ATTR(dp_activations, dp_activations),
	CPO_ENGINE_STATS_ATTR(dp_deactivations, dp_deactivations),
	CPO_ENGINE_STATS_ATTR(module_faults, module_faults),
	CPO_ENGINE_STATS_ATTR(module_ready, module_ready),
	CPO_ENGINE_STATS_ATTR(elapsed, elapsed_ns),
};

static struct attribute *cpo_engine_stats_attr_list[] = {
	&cpo_engine_stats_attrs[0].attr.attr,
	&cpo_engine_stats_attrs[1].attr.attr,
	&cpo_engine_stats_attrs[2].attr.attr,
	&cpo_engine_stats_attrs[3].attr.attr,
	&cpo_engine_stats_attrs[4].attr.attr,
	NULL,
};

static const struct attribute_group cpo_engine_stats_group = {
	.name = "stats",
	.attrs = cpo_engine_stats_attr_list,
};

static const struct attribute_group *cpo_engine_groups[] = {
	&cpo_engine_group,
	&cpo_fw_group,
	&cpo_engine_stats_group,
	NULL,
};

const struct device_type cpo_engine_type = {
	.name = "engine",
	.groups = cpo_engine_groups,
};

struct class cpo_class = {
	.name = "cpo",
};

/* Lane attributes */

static int cpo_lane_read_status(struct cpo_lane *lane,
				struct cpo_lane_status *st, u32 need)
{
	int err = -ENODEV;

	mutex_lock(&cpo_lock);
	if (lane->registered) {
		*st = lane->st;
		err = st->valid & need ? 0 : -ENODATA;
	}
	mutex_unlock(&cpo_lock);
	return err;
}

static ssize_t lane_id_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", cpo_lane_from_kobj(kobj)->id);
}

static ssize_t lane_index_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", cpo_lane_from_kobj(kobj)->index);
}

static ssize_t lane_dp_state_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	struct cpo_lane_status st = {};
	int err;

	err = cpo_lane_read_status(cpo_lane_from_kobj(kobj), &st,
				   CPO_LANE_F_DP_STATE);
	return err ?: cpo_sysfs_emit_enum(buf, cpo_dp_state_name, st.dp_state);
}

static ssize_t lane_power_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	struct cpo_lane_status st = {};
	int err;

	err = cpo_lane_read_status(cpo_lane_from_kobj(kobj), &st,
				   CPO_LANE_F_POWER);
	return err ?: cpo_sysfs_emit_enum(buf, cpo_lane_power_name, st.power);
}

/* The u32 and bool lane values, printed alike. */
#define CPO_LANE_VALUE_ATTR(_name, _flag)				\
static ssize_t lane_##_name##_show(struct kobject *kobj,		\
				   struct kobj_attribute *attr,		\
				   char *buf)				\
{									\
	struct cpo_lane_status st = {};					\
	int err;							\
									\
	err = cpo_lane_read_status(cpo_lane_from_kobj(kobj), &st,	\
				   _flag);				\
	return err ?: sysfs_emit(buf, "%u\n", (u32)st._name);		\
}

CPO_LANE_VALUE_ATTR(tx_enable, CPO_LANE_F_TX_ENABLE)
CPO_LANE_VALUE_ATTR(tx_power, CPO_LANE_F_TX_POWER)
CPO_LANE_VALUE_ATTR(rx_power, CPO_LANE_F_RX_POWER)
CPO_LANE_VALUE_ATTR(tx_bias, CPO_LANE_F_TX_BIAS)
CPO_LANE_VALUE_ATTR(rx_los, CPO_LANE_F_RX_LOS)
CPO_LANE_VALUE_ATTR(rx_lol, CPO_LANE_F_RX_LOL)
CPO_LANE_VALUE_ATTR(tx_fault, CPO_LANE_F_TX_FAULT)
CPO_LANE_VALUE_ATTR(rx_enable, CPO_LANE_F_RX_ENABLE)
CPO_LANE_VALUE_ATTR(snr, CPO_LANE_F_SNR)
CPO_LANE_VALUE_ATTR(fiber_connected, CPO_LANE_F_FIBER_CONNECTED)

static ssize_t lane_pre_fec_ber_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	struct cpo_lane_status st = {};
	int err;

	err = cpo_lane_read_status(cpo_lane_from_kobj(kobj), &st,
				   CPO_LANE_F_PRE_FEC_BER);
	return err ?: sysfs_emit(buf, "%llu\n", st.pre_fec_ber);
}

/* The wiring the core keeps: fiber position, feeding laser, port. */
static ssize_t lane_fiber_position_show(struct kobject *kobj,
					struct kobj_attribute *attr, char *buf)
{
	struct cpo_lane *lane = cpo_lane_from_kobj(kobj);
	ssize_t ret;

	mutex_lock(&cpo_lock);
	ret = sysfs_emit(buf, "%s\n", lane->fiber_position);
	mutex_unlock(&cpo_lock);
	return ret;
}

static ssize_t lane_laser_id_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	struct cpo_lane *lane = cpo_lane_from_kobj(kobj);
	ssize_t ret = -ENODATA;

	mutex_lock(&cpo_lock);
	if (lane->laser)
		ret = sysfs_emit(buf, "%u\n", lane->laser->id);
	mutex_unlock(&cpo_lock);
	return ret;
}

static ssize_t lane_port_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	struct cpo_lane *lane = cpo_lane_from_kobj(kobj);
	char ifname[IFNAMSIZ];
	ssize_t ret;

	mutex_lock(&cpo_lock);
	ret = cpo_lane_port_name(lane, ifname) ?
	      sysfs_emit(buf, "%s\n", ifname) : sysfs_emit(buf, "\n");
	mutex_unlock(&cpo_lock);
	return ret;
}

/*
 * The boolean files take exactly "0" or "1", with an optional newline: the
 * ABI allows no other spelling (no "0x1", "+1", "01", "y").
 */
int cpo_sysfs_bool(const char *buf, size_t count, u8 *val)
{
	if (count && buf[count - 1] == '\n')
		count--;
	if (count != 1 || (buf[0] != '0' && buf[0] != '1'))
		return -EINVAL;
	*val = buf[0] - '0';
	return 0;
}

/* Sets and announces a change, as netlink sets do. */
static ssize_t cpo_lane_store(struct cpo_lane *lane, size_t count,
			      enum cpo_lane_field field, u32 val)
{
	struct cpo_engine *engine = lane->engine;
	int ret;

	/* The file's active reference keeps the lane, the lane its engine. */
	ret = cpo_engine_lock_io(engine, NULL);
	if (ret)
		return ret;
	ret = lane->registered ? cpo_lane_set(lane, field, val, NULL) : -ENODEV;
	if (ret > 0)
		cpo_lane_reread(lane, true);
	cpo_io_unlock(&engine->io);
	return ret < 0 ? ret : count;
}

static ssize_t cpo_lane_store_bool(struct kobject *kobj, const char *buf,
				   size_t count, enum cpo_lane_field field)
{
	u8 val;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (cpo_sysfs_bool(buf, count, &val))
		return -EINVAL;
	return cpo_lane_store(cpo_lane_from_kobj(kobj), count, field, val);
}

static ssize_t lane_tx_enable_store(struct kobject *kobj,
				    struct kobj_attribute *attr,
				    const char *buf, size_t count)
{
	return cpo_lane_store_bool(kobj, buf, count, CPO_LANE_TX_ENABLE);
}

static ssize_t lane_rx_enable_store(struct kobject *kobj,
				    struct kobj_attribute *attr,
				    const char *buf, size_t count)
{
	return cpo_lane_store_bool(kobj, buf, count, CPO_LANE_RX_ENABLE);
}

static ssize_t lane_power_store(struct kobject *kobj,
				struct kobj_attribute *attr,
				const char *buf, size_t count)
{
	int power;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	power = cpo_sysfs_parse_enum(buf, cpo_lane_power_name,
				     CPO_LANE_POWER_MAX);
	if (power < 0)
		return power;
	return cpo_lane_store(cpo_lane_from_kobj(kobj), count,
			      CPO_LANE_POWER, power);
}

#define CPO_LANE_ATTR_RO(_name) \
	static struct kobj_attribute lane_attr_##_name = \
		__ATTR(_name, 0444, lane_##_name##_show, NULL)
#define CPO_LANE_ATTR_RW(_name) \
	static struct kobj_attribute lane_attr_##_name = \
		__ATTR(_name, 0644, lane_##_name##_show, lane_##_name##_store)

static struct kobj_attribute lane_attr_id = __ATTR(id, 0444, lane_id_show, NULL);
static struct kobj_attribute lane_attr_index =
	__ATTR(index, 0444, lane_index_show, NULL);
CPO_LANE_ATTR_RO(dp_state);
CPO_LANE_ATTR_RW(tx_enable);
CPO_LANE_ATTR_RW(power);
CPO_LANE_ATTR_RO(tx_power);
CPO_LANE_ATTR_RO(rx_power);
CPO_LANE_ATTR_RO(tx_bias);
CPO_LANE_ATTR_RO(rx_los);
CPO_LANE_ATTR_RO(rx_lol);
CPO_LANE_ATTR_RO(tx_fault);
CPO_LANE_ATTR_RW(rx_enable);
CPO_LANE_ATTR_RO(pre_fec_ber);
CPO_LANE_ATTR_RO(snr);
CPO_LANE_ATTR_RO(fiber_position);
CPO_LANE_ATTR_RO(fiber_connected);
CPO_LANE_ATTR_RO(laser_id);
CPO_LANE_ATTR_RO(port);

static struct attribute *cpo_lane_attrs[] = {
	&lane_attr_id.attr,
	&lane_attr_index.attr,
	&lane_attr_dp_state.attr,
	&lane_attr_tx_enable.attr,
	&lane_attr_power.attr,
	&lane_attr_tx_power.attr,
	&lane_attr_rx_power.attr,
	&lane_attr_tx_bias.attr,
	&lane_attr_rx_los.attr,
	&lane_attr_rx_lol.attr,
	&lane_attr_tx_fault.attr,
	&lane_attr_rx_enable.attr,
	&lane_attr_pre_fec_ber.attr,
	&lane_attr_snr.attr,
	&lane_attr_fiber_position.attr,
	&lane_attr_fiber_connected.attr,
	&lane_attr_laser_id.attr,
	&lane_attr_port.attr,
	NULL,
};

static const struct attribute_group cpo_lane_group = {
	.attrs = cpo_lane_attrs,
};

/* The lane's stats/, as the engine's. */
struct cpo_lane_stats_attr {
	struct kobj_attribute attr;
	size_t offset;
};

static ssize_t cpo_lane_stats_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	struct cpo_lane_stats_attr *sattr =
		container_of(attr, struct cpo_lane_stats_attr, attr);
	struct cpo_lane *lane = cpo_lane_from_kobj(kobj);
	struct cpo_stats_val v;
	int err = -ENODEV;

	mutex_lock(&cpo_lock);
	if (lane->registered) {
		cpo_lane_stats_get(lane, &v);
		err = 0;
	}
	mutex_unlock(&cpo_lock);
	return err ?: sysfs_emit(buf, "%llu\n",
				 *(u64 *)((char *)&v + sattr->offset));
}

#define CPO_LANE_STATS_ATTR(_name, _member) {				\
	.attr = __ATTR(_name, 0444, cpo_lane_stats_show, NULL),		\
	.offset = offsetof(struct cpo_stats_val, _member),		\
}

static struct cpo_lane_stats_attr cpo_lane_stats_attrs[] = {
	CPO_LANE_STATS_ATTR(dp_activations, dp_activations),
	CPO_LANE_STATS_ATTR(dp_deactivations, dp_deactivations),
	CPO_LANE_STATS_ATTR(rx_los_count, rx_los),
	CPO_LANE_STATS_ATTR(rx_lol_count, rx_lol),
	CPO_LANE_STATS_ATTR(tx_fault_count, tx_fault),
	CPO_LANE_STATS_ATTR(time_in_service, in_service_ns),
	CPO_LANE_STATS_ATTR(failovers, failovers),
	CPO_LANE_STATS_ATTR(elapsed, elapsed_ns),
};

static struct attribute *cpo_lane_stats_attr_list[] = {
	&cpo_lane_stats_attrs[0].attr.attr,
	&cpo_lane_stats_attrs[1].attr.attr,
	&cpo_lane_stats_attrs[2].attr.attr,
	&cpo_lane_stats_attrs[3].attr.attr,
	&cpo_lane_stats_attrs[4].attr.attr,
	&cpo_lane_stats_attrs[5].attr.attr,
	&cpo_lane_stats_attrs[6].attr.attr,
	&cpo_lane_stats_attrs[7].attr.attr,
	NULL,
};

static const struct attribute_group cpo_lane_stats_group = {
	.name = "stats",
	.attrs = cpo_lane_stats_attr_list,
};

static const struct attribute_group *cpo_lane_groups[] = {
	&cpo_lane_group,
	&cpo_lane_stats_group,
	NULL,
};

static void cpo_lane_release(struct kobject *kobj)
{
	struct cpo_lane *lane = cpo_lane_from_kobj(kobj);

	cpo_alarms_free(&lane->alarms);
	kfree(lane->th);
	kfree(lane->test);
	kfree(lane);
}

const struct kobj_type cpo_lane_ktype = {
	.release = cpo_lane_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = cpo_lane_groups,
};

int cpo_lane_sysfs_add(struct cpo_lane *lane)
{
	return kobject_add(&lane->kobj, &lane->engine->dev.kobj, "lane%u",
			   lane->index);
}

int __init cpo_sysfs_init(void)
{
	return class_register(&cpo_class);
}

void cpo_sysfs_exit(void)
{
	class_unregister(&cpo_class);
}
