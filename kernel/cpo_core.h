/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal structures of the cpo core, shared by its registry, netlink and
 * sysfs front ends. Drivers see only <linux/cpo.h>.
 */
#ifndef __CPO_CORE_H
#define __CPO_CORE_H

#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/xarray.h>
#include <linux/cpo.h>

/**
 * struct cpo_engine - a registered optical engine
 * @dev: the class device, /sys/class/cpo/engine<id>; owns the memory
 * @id: subsystem-assigned id, key in cpo_engine_xa
 * @info: fixed description copied from the driver
 * @ops: driver operations
 * @priv: driver cookie passed back to @ops
 * @lanes: registered lanes by index
 * @registered: false once unregistering started; checked by sysfs
 */
struct cpo_engine {
	struct device dev;
	u32 id;
	struct cpo_engine_info info;
	const struct cpo_engine_ops *ops;
	void *priv;
	struct xarray lanes;
	bool registered;
};

/**
 * struct cpo_lane - a registered lane of an engine
 * @kobj: the sysfs directory engine<id>/lane<index>; owns the memory
 * @id: subsystem-assigned id, key in cpo_lane_xa
 * @index: lane number within the engine
 * @engine: the engine, which outlives its lanes
 * @ops: driver operations
 * @priv: driver cookie passed back to @ops
 * @laser: the laser feeding the lane, or NULL
 * @ifindex: the port (netdev) the lane serves in init_net, or 0
 * @fiber_position: connector and position of the lane's fiber
 * @registered: false once unregistering started; checked by sysfs
 */
struct cpo_lane {
	struct kobject kobj;
	u32 id;
	u32 index;
	struct cpo_engine *engine;
	const struct cpo_lane_ops *ops;
	void *priv;
	struct cpo_laser *laser;
	int ifindex;
	char fiber_position[32];
	bool registered;
};

/**
 * struct cpo_laser - a registered laser
 * @dev: the class device, /sys/class/cpo/laser<id>; owns the memory
 * @id: subsystem-assigned id, key in cpo_laser_xa
 * @info: fixed description copied from the driver
 * @ops: driver operations
 * @priv: driver cookie passed back to @ops
 * @spare: for a primary, the spare that can take over its lanes
 * @covering: for a spare that took over, the primary it replaces
 * @registered: false once unregistering started; checked by sysfs
 *
 * All pointers are under cpo_lock and cleared when the laser they point
 * to is unregistered.
 */
struct cpo_laser {
	struct device dev;
	u32 id;
	struct cpo_laser_info info;
	const struct cpo_laser_ops *ops;
	void *priv;
	struct cpo_laser *spare;
	struct cpo_laser *covering;
	bool registered;
};

/* The one subsystem lock: registry, driver ops, message building. */
extern struct mutex cpo_lock;
extern struct xarray cpo_engine_xa;
extern struct xarray cpo_lane_xa;
extern struct xarray cpo_laser_xa;
/* Bumped on every registration change; dumps compare it (NLM_F_DUMP_INTR). */
extern unsigned int cpo_generation;

static inline struct cpo_engine *cpo_engine_from_dev(struct device *dev)
{
	return container_of(dev, struct cpo_engine, dev);
}

static inline struct cpo_laser *cpo_laser_from_dev(struct device *dev)
{
	return container_of(dev, struct cpo_laser, dev);
}

static inline struct cpo_lane *cpo_lane_from_kobj(struct kobject *kobj)
{
	return container_of(kobj, struct cpo_lane, kobj);
}

struct cpo_engine *cpo_engine_get_by_id(u32 id);
struct cpo_lane *cpo_lane_get_by_id(u32 id);
struct cpo_lane *cpo_lane_get_by_index(struct cpo_engine *engine, u32 index);
struct cpo_laser *cpo_laser_get_by_id(u32 id);

/* Setters shared by netlink and sysfs; cpo_lock held. 1 = changed. */
int cpo_engine_set_power_mode(struct cpo_engine *engine,
			      enum cpo_power_mode mode,
			      struct netlink_ext_ack *extack);
enum cpo_lane_field { CPO_LANE_TX_ENABLE, CPO_LANE_RX_ENABLE, CPO_LANE_POWER };
int cpo_lane_set(struct cpo_lane *lane, enum cpo_lane_field field, u32 val,
		 struct netlink_ext_ack *extack);
u32 cpo_lane_field_value(const struct cpo_lane_status *st,
			 enum cpo_lane_field field);
int cpo_laser_set_enable(struct cpo_laser *laser, bool enable,
			 struct netlink_ext_ack *extack);
int cpo_laser_set_failover_policy(struct cpo_laser *laser,
				  enum cpo_failover_policy policy,
				  struct netlink_ext_ack *extack);
int cpo_laser_start_failover(struct cpo_laser *laser,
			     struct netlink_ext_ack *extack);

/* Derived values, shared by netlink and sysfs; cpo_lock held. */
bool cpo_engine_energy_per_bit(const struct cpo_engine *engine,
			       const struct cpo_engine_status *st, u32 *epb);
const char *cpo_lane_port_name(const struct cpo_lane *lane, char *buf);

/* Enum names, as in the netlink spec; NULL when out of range. */
const char *cpo_engine_type_name(u32 type);
const char *cpo_media_type_name(u32 type);
const char *cpo_module_state_name(u32 state);
const char *cpo_power_mode_name(u32 mode);
const char *cpo_dp_state_name(u32 state);
const char *cpo_lane_power_name(u32 power);
const char *cpo_fault_cause_name(u32 cause);
const char *cpo_laser_type_name(u32 type);
const char *cpo_laser_state_name(u32 state);
const char *cpo_laser_role_name(u32 role);
const char *cpo_failover_policy_name(u32 policy);

/* netlink front end */
int cpo_netlink_init(void);
void cpo_netlink_exit(void);
void cpo_engine_notify(struct cpo_engine *engine, u8 cmd);
void cpo_lane_notify(struct cpo_lane *lane, u8 cmd);
void cpo_laser_notify(struct cpo_laser *laser, u8 cmd);

/* ports: lanes' netdevs, forgotten when the netdev goes away */
int cpo_port_init(void);
void cpo_port_exit(void);

/* sysfs front end */
extern struct class cpo_class;
extern const struct device_type cpo_engine_type;
extern const struct device_type cpo_laser_type;
int cpo_sysfs_init(void);
void cpo_sysfs_exit(void);
int cpo_lane_sysfs_add(struct cpo_lane *lane);
extern const struct kobj_type cpo_lane_ktype;

#endif /* __CPO_CORE_H */
