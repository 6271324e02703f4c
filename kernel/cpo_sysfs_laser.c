// SPDX-License-Identifier: GPL-2.0
/*
 * cpo sysfs front end, laser sources: class "cpo" devices laser<ID>, one
 * value per file, and the admin writes (enable, failover policy, failover
 * and failback) through the core functions netlink uses.
 */
#include <linux/capability.h>
#include <linux/sysfs.h>
#include "cpo_core.h"
#include "cpo_sysfs.h"

static int cpo_laser_read_status(struct cpo_laser *laser,
				 struct cpo_laser_status *st, u32 need)
{
	int err = -ENODEV;

	mutex_lock(&cpo_lock);
	if (laser->registered) {
		*st = laser->st;
		err = st->valid & need ? 0 : -ENODATA;
	}
	mutex_unlock(&cpo_lock);
	return err;
}

static ssize_t laser_id_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", cpo_laser_from_dev(dev)->id);
}

static ssize_t laser_type_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return cpo_sysfs_emit_enum(buf, cpo_laser_type_name,
				   cpo_laser_from_dev(dev)->info.type);
}

static ssize_t laser_role_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return cpo_sysfs_emit_enum(buf, cpo_laser_role_name,
				   cpo_laser_from_dev(dev)->info.role);
}

static ssize_t laser_location_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", cpo_laser_from_dev(dev)->info.location);
}

static ssize_t laser_wavelength_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  cpo_laser_from_dev(dev)->info.wavelength);
}

static ssize_t laser_state_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct cpo_laser_status st = {};
	int err;

	err = cpo_laser_read_status(cpo_laser_from_dev(dev), &st,
				    CPO_LASER_F_STATE);
	return err ?: cpo_sysfs_emit_enum(buf, cpo_laser_state_name, st.state);
}

static ssize_t laser_slot_state_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	struct cpo_laser *laser = cpo_laser_from_dev(dev);

	return cpo_sysfs_emit_slot(buf, &laser->io, &laser->registered);
}

static ssize_t laser_failover_policy_show(struct device *dev,
					  struct device_attribute *attr,
					  char *buf)
{
	struct cpo_laser_status st = {};
	int err;

	err = cpo_laser_read_status(cpo_laser_from_dev(dev), &st,
				    CPO_LASER_F_FAILOVER_POLICY);
	return err ?: cpo_sysfs_emit_enum(buf, cpo_failover_policy_name,
					  st.failover_policy);
}

/* The u32 and bool laser values, printed alike. */
#define CPO_LASER_VALUE_ATTR(_name, _flag, _fmt)			\
static ssize_t laser_##_name##_show(struct device *dev,		\
				    struct device_attribute *attr,	\
				    char *buf)				\
{									\
	struct cpo_laser_status st = {};				\
	int err;							\
									\
	err = cpo_laser_read_status(cpo_laser_from_dev(dev), &st,	\
				    _flag);				\
	return err ?: sysfs_emit(buf, _fmt "\n", st._name);		\
}

CPO_LASER_VALUE_ATTR(enable, CPO_LASER_F_ENABLE, "%d")
CPO_LASER_VALUE_ATTR(output_power, CPO_LASER_F_OUTPUT_POWER, "%u")
CPO_LASER_VALUE_ATTR(bias, CPO_LASER_F_BIAS, "%u")
CPO_LASER_VALUE_ATTR(temperature, CPO_LASER_F_TEMPERATURE, "%d")
CPO_LASER_VALUE_ATTR(hours, CPO_LASER_F_HOURS, "%u")

/* Partners and lanes, as the core keeps them; empty when none. */
static ssize_t laser_partner_show(struct cpo_laser *partner, char *buf)
{
	return partner ? sysfs_emit(buf, "%u\n", partner->id) :
			 sysfs_emit(buf, "\n");
}

static ssize_t laser_spare_id_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	ssize_t ret;

	mutex_lock(&cpo_lock);
	ret = laser_partner_show(cpo_laser_from_dev(dev)->spare, buf);
	mutex_unlock(&cpo_lock);
	return ret;
}

static ssize_t laser_covering_id_show(struct device *dev,
				      struct device_attribute *attr, char *buf)
{
	ssize_t ret;

	mutex_lock(&cpo_lock);
	ret = laser_partner_show(cpo_laser_from_dev(dev)->covering, buf);
	mutex_unlock(&cpo_lock);
	return ret;
}

static ssize_t laser_standby_id_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	ssize_t ret;

	mutex_lock(&cpo_lock);
	ret = laser_partner_show(cpo_laser_from_dev(dev)->standby, buf);
	mutex_unlock(&cpo_lock);
	return ret;
}

static ssize_t laser_lanes_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct cpo_laser *laser = cpo_laser_from_dev(dev);
	struct cpo_lane *lane;
	unsigned long id;
	int len = 0;

	mutex_lock(&cpo_lock);
	xa_for_each(&cpo_lane_xa, id, lane)
		if (lane->registered && lane->laser == laser)
			len += sysfs_emit_at(buf, len, "%s%u", len ? " " : "",
					     lane->id);
	mutex_unlock(&cpo_lock);
	return len + sysfs_emit_at(buf, len, "\n");
}

/* Runs @set and announces a change, as netlink sets do. */
static ssize_t cpo_laser_store(struct cpo_laser *laser, size_t count,
			       int (*set)(struct cpo_laser *laser, u32 val,
					  struct netlink_ext_ack *extack),
			       u32 val)
{
	int ret;

	ret = cpo_laser_lock_io(laser, NULL);
	if (ret)
		return ret;
	ret = set(laser, val, NULL);
	if (ret > 0)
		cpo_laser_reread(laser, true);
	cpo_io_unlock(&laser->io);
	return ret < 0 ? ret : count;
}

static int cpo_laser_set_enable_val(struct cpo_laser *laser, u32 val,
				    struct netlink_ext_ack *extack)
{
	return cpo_laser_set_enable(laser, val, extack);
}

static int cpo_laser_set_policy_val(struct cpo_laser *laser, u32 val,
				    struct netlink_ext_ack *extack)
{
	return cpo_laser_set_failover_policy(laser, val, extack);
}

static int cpo_laser_failover_val(struct cpo_laser *laser, u32 val,
				  struct netlink_ext_ack *extack)
{
	return cpo_laser_start_failover(laser, extack);
}

static ssize_t laser_enable_store(struct device *dev,
				  struct device_attribute *attr,
				  const char *buf, size_t count)
{
	u8 val;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (cpo_sysfs_bool(buf, count, &val))
		return -EINVAL;
	return cpo_laser_store(cpo_laser_from_dev(dev), count,
			       cpo_laser_set_enable_val, val);
}

static ssize_t laser_failover_policy_store(struct device *dev,
					   struct device_attribute *attr,
					   const char *buf, size_t count)
{
	int policy;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	policy = cpo_sysfs_parse_enum(buf, cpo_failover_policy_name,
				      CPO_FAILOVER_POLICY_MAX);
	if (policy < 0)
		return policy;
	return cpo_laser_store(cpo_laser_from_dev(dev), count,
			       cpo_laser_set_policy_val, policy);
}

static ssize_t laser_failover_store(struct device *dev,
				    struct device_attribute *attr,
				    const char *buf, size_t count)
{
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (!sysfs_streq(buf, "1"))
		return -EINVAL;
	return cpo_laser_store(cpo_laser_from_dev(dev), count,
			       cpo_laser_failover_val, 1);
}

static int cpo_laser_failback_val(struct cpo_laser *laser, u32 val,
				  struct netlink_ext_ack *extack)
{
	return cpo_laser_start_failback(laser, extack);
}

/* A primary takes its lanes back from the spare or standby covering it. */
static ssize_t laser_failback_store(struct device *dev,
				    struct device_attribute *attr,
				    const char *buf, size_t count)
{
	struct cpo_laser *laser = cpo_laser_from_dev(dev);
	bool standby;
	int err;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (!sysfs_streq(buf, "1"))
		return -EINVAL;
	mutex_lock(&cpo_lock);
	standby = cpo_laser_on_standby(laser);
	mutex_unlock(&cpo_lock);
	if (standby) {
		err = cpo_laser_standby_back(laser, 0, NULL);
		return err ?: count;
	}
	return cpo_laser_store(laser, count,
			       cpo_laser_failback_val, 1);
}

#define CPO_LASER_ATTR(_name, _mode, _show, _store) \
	static struct device_attribute laser_attr_##_name = \
		__ATTR(_name, _mode, _show, _store)

CPO_LASER_ATTR(id, 0444, laser_id_show, NULL);
CPO_LASER_ATTR(type, 0444, laser_type_show, NULL);
CPO_LASER_ATTR(role, 0444, laser_role_show, NULL);
CPO_LASER_ATTR(location, 0444, laser_location_show, NULL);
CPO_LASER_ATTR(wavelength, 0444, laser_wavelength_show, NULL);
CPO_LASER_ATTR(state, 0444, laser_state_show, NULL);
CPO_LASER_ATTR(enable, 0644, laser_enable_show, laser_enable_store);
CPO_LASER_ATTR(output_power, 0444, laser_output_power_show, NULL);
CPO_LASER_ATTR(bias, 0444, laser_bias_show, NULL);
CPO_LASER_ATTR(temperature, 0444, laser_temperature_show, NULL);
CPO_LASER_ATTR(hours, 0444, laser_hours_show, NULL);
CPO_LASER_ATTR(spare_id, 0444, laser_spare_id_show, NULL);
CPO_LASER_ATTR(covering_id, 0444, laser_covering_id_show, NULL);
CPO_LASER_ATTR(standby_id, 0444, laser_standby_id_show, NULL);
CPO_LASER_ATTR(failover_policy, 0644, laser_failover_policy_show,
	       laser_failover_policy_store);
CPO_LASER_ATTR(failover, 0200, NULL, laser_failover_store);
CPO_LASER_ATTR(failback, 0200, NULL, laser_failback_store);
CPO_LASER_ATTR(lanes, 0444, laser_lanes_show, NULL);
CPO_LASER_ATTR(slot_state, 0444, laser_slot_state_show, NULL);

static struct attribute *cpo_laser_attrs[] = {
	&laser_attr_id.attr,
	&laser_attr_type.attr,
	&laser_attr_role.attr,
	&laser_attr_location.attr,
	&laser_attr_wavelength.attr,
	&laser_attr_state.attr,
	&laser_attr_enable.attr,
	&laser_attr_output_power.attr,
	&laser_attr_bias.attr,
	&laser_attr_temperature.attr,
	&laser_attr_hours.attr,
	&laser_attr_spare_id.attr,
	&laser_attr_covering_id.attr,
	&laser_attr_standby_id.attr,
	&laser_attr_failover_policy.attr,
	&laser_attr_failover.attr,
	&laser_attr_failback.attr,
	&laser_attr_lanes.attr,
	&laser_attr_slot_state.attr,
	NULL,
};

static const struct attribute_group cpo_laser_group = {
	.attrs = cpo_laser_attrs,
};

/* laser<ID>/firmware/: the banks of the laser's module (cpo_firmware.c). */
static const struct attribute_group *cpo_laser_groups[] = {
	&cpo_laser_group,
	&cpo_fw_group,
	NULL,
};

const struct device_type cpo_laser_type = {
	.name = "laser",
	.groups = cpo_laser_groups,
};
