// SPDX-License-Identifier: GPL-2.0
/*
 * cpo core: the registry of engines and lanes, their lifetime, and the
 * setters the netlink and sysfs front ends share.
 *
 * Ids come from two allocating xarrays. An object is first reserved (its id
 * maps to a zero entry, invisible to lookups and dumps), then its sysfs
 * presence is added without the subsystem lock, then it is published and
 * announced under the lock. Unregistering runs the same steps backwards,
 * so sysfs readers, which take the lock, never wait on a thread that holds
 * it while draining them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/math64.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/genetlink.h>
#include "cpo_core.h"

/*
 * Serialises the registry, the copies of the state and every message
 * built; never held across a driver op (see cpo_refresh.c).
 */
DEFINE_MUTEX(cpo_lock);
DEFINE_XARRAY_ALLOC(cpo_engine_xa);
DEFINE_XARRAY_ALLOC(cpo_lane_xa);
unsigned int cpo_generation = 1;

static const char * const cpo_engine_type_names[] = {
	[CPO_ENGINE_TYPE_CPO] = "cpo",
	[CPO_ENGINE_TYPE_NPO] = "npo",
	[CPO_ENGINE_TYPE_LPO] = "lpo",
};

static const char * const cpo_media_type_names[] = {
	[CPO_MEDIA_TYPE_SMF] = "smf",
	[CPO_MEDIA_TYPE_MMF] = "mmf",
};

static const char * const cpo_module_state_names[] = {
	[CPO_MODULE_STATE_LOW_PWR] = "low-pwr",
	[CPO_MODULE_STATE_PWR_UP] = "pwr-up",
	[CPO_MODULE_STATE_READY] = "ready",
	[CPO_MODULE_STATE_PWR_DN] = "pwr-dn",
	[CPO_MODULE_STATE_FAULT] = "fault",
};

static const char * const cpo_power_mode_names[] = {
	[CPO_POWER_MODE_LOW] = "low",
	[CPO_POWER_MODE_HIGH] = "high",
};

static const char * const cpo_dp_state_names[] = {
	[CPO_DP_STATE_DEACTIVATED] = "deactivated",
	[CPO_DP_STATE_INIT] = "init",
	[CPO_DP_STATE_DEINIT] = "deinit",
	[CPO_DP_STATE_ACTIVATED] = "activated",
	[CPO_DP_STATE_TX_TURN_ON] = "tx-turn-on",
	[CPO_DP_STATE_TX_TURN_OFF] = "tx-turn-off",
	[CPO_DP_STATE_INITIALIZED] = "initialized",
};

static const char * const cpo_lane_power_names[] = {
	[CPO_LANE_POWER_DOWN] = "down",
	[CPO_LANE_POWER_UP] = "up",
};

static const char * const cpo_fault_cause_names[] = {
	[CPO_FAULT_CAUSE_TEC_RUNAWAY] = "tec-runaway",
	[CPO_FAULT_CAUSE_DATA_MEMORY] = "data-memory",
	[CPO_FAULT_CAUSE_PROGRAM_MEMORY] = "program-memory",
	[CPO_FAULT_CAUSE_OVER_TEMPERATURE] = "over-temperature",
};

static const char * const cpo_laser_type_names[] = {
	[CPO_LASER_TYPE_EXTERNAL] = "external",
	[CPO_LASER_TYPE_INTERNAL] = "internal",
};

static const char * const cpo_laser_state_names[] = {
	[CPO_LASER_STATE_OFF] = "off",
	[CPO_LASER_STATE_ON] = "on",
	[CPO_LASER_STATE_FAILED] = "failed",
	[CPO_LASER_STATE_STANDBY] = "standby",
};

static const char * const cpo_laser_role_names[] = {
	[CPO_LASER_ROLE_PRIMARY] = "primary",
	[CPO_LASER_ROLE_SPARE] = "spare",
};

static const char * const cpo_failover_policy_names[] = {
	[CPO_FAILOVER_POLICY_AUTO] = "auto",
	[CPO_FAILOVER_POLICY_MANUAL] = "manual",
};

static const char * const cpo_slot_state_names[] = {
	[CPO_SLOT_STATE_EMPTY] = "empty",
	[CPO_SLOT_STATE_PRESENT] = "present",
	[CPO_SLOT_STATE_INITIALISING] = "initialising",
	[CPO_SLOT_STATE_ACTIVE] = "active",
	[CPO_SLOT_STATE_FAULT] = "fault",
};

static const char * const cpo_fw_bank_names[] = {
	[CPO_FW_BANK_A] = "a",
	[CPO_FW_BANK_B] = "b",
	[CPO_FW_BANK_FACTORY] = "factory",
};

static const char *cpo_enum_name(const char * const *table, size_t n,
				 u32 val)
{
	return val < n ? table[val] : NULL;
}

#define CPO_ENUM_NAME(table, val) cpo_enum_name(table, ARRAY_SIZE(table), val)

const char *cpo_engine_type_name(u32 type)
{
	return CPO_ENUM_NAME(cpo_engine_type_names, type);
}

const char *cpo_media_type_name(u32 type)
{
	return CPO_ENUM_NAME(cpo_media_type_names, type);
}

const char *cpo_module_state_name(u32 state)
{
	return CPO_ENUM_NAME(cpo_module_state_names, state);
}

const char *cpo_power_mode_name(u32 mode)
{
	return CPO_ENUM_NAME(cpo_power_mode_names, mode);
}

const char *cpo_dp_state_name(u32 state)
{
	return CPO_ENUM_NAME(cpo_dp_state_names, state);
}

const char *cpo_lane_power_name(u32 power)
{
	return CPO_ENUM_NAME(cpo_lane_power_names, power);
}

const char *cpo_fault_cause_name(u32 cause)
{
	return CPO_ENUM_NAME(cpo_fault_cause_names, cause);
}

const char *cpo_laser_type_name(u32 type)
{
	return CPO_ENUM_NAME(cpo_laser_type_names, type);
}

const char *cpo_laser_state_name(u32 state)
{
	return CPO_ENUM_NAME(cpo_laser_state_names, state);
}

const char *cpo_laser_role_name(u32 role)
{
	return CPO_ENUM_NAME(cpo_laser_role_names, role);
}

const char *cpo_fw_bank_name(u32 bank)
{
	return CPO_ENUM_NAME(cpo_fw_bank_names, bank);
}

const char *cpo_failover_policy_name(u32 policy)
{
	return CPO_ENUM_NAME(cpo_failover_policy_names, policy);
}

const char *cpo_slot_state_name(u32 state)
{
	return CPO_ENUM_NAME(cpo_slot_state_names, state);
}

struct cpo_engine *cpo_engine_get_by_id(u32 id)
{
	lockdep_assert_held(&cpo_lock);
	return xa_load(&cpo_engine_xa, id);
}

struct cpo_lane *cpo_lane_get_by_id(u32 id)
{
	lockdep_assert_held(&cpo_lock);
	return xa_load(&cpo_lane_xa, id);
}

struct cpo_lane *cpo_lane_get_by_index(struct cpo_engine *engine, u32 index)
{
	struct cpo_lane *lane;

	lockdep_assert_held(&cpo_lock);
	lane = xa_load(&engine->lanes, index);
	return lane && lane->registered ? lane : NULL;
}

static void cpo_engine_release(struct device *dev)
{
	struct cpo_engine *engine = cpo_engine_from_dev(dev);

	WARN_ON(!xa_empty(&engine->lanes));
	xa_destroy(&engine->lanes);
	cpo_alarms_free(&engine->alarms);
	mutex_destroy(&engine->io.lock);
	kvfree(engine->scratch);
	cpo_flash_put(engine->flash);
	kfree(engine->selftest);
	kfree(engine);
}

/**
 * cpo_engine_register - register an optical engine
 * @parent: the driver's device the engine sits on
 * @info: fixed description, copied
 * @ops: operations; @ops->status_get is required
 * @priv: driver cookie passed back to @ops
 *
 * Assigns the engine an id, reads its status, creates
 * /sys/class/cpo/engine<id>, sends an engine-create-ntf and starts its
 * periodic refresh. The driver registers the engine's lanes afterwards.
 *
 * Context: process context; takes and releases the subsystem lock; @ops
 * may be called before this returns.
 * Return: the engine, or an ERR_PTR: -EINVAL for a bad description or
 * missing required op, -ENOMEM, -EBUSY when no id is left.
 */
struct cpo_engine *cpo_engine_register(struct device *parent,
				       const struct cpo_engine_info *info,
				       const struct cpo_engine_ops *ops,
				       void *priv)
{
	struct cpo_engine_status st = {};
	struct cpo_engine *engine;
	u64 stamp = 0;
	int err;

	if (!parent || !info || !ops || !ops->status_get)
		return ERR_PTR(-EINVAL);
	if (!info->lane_count || info->lane_count > CPO_MAX_LANES ||
	    !cpo_engine_type_name(info->type))
		return ERR_PTR(-EINVAL);

	engine = kzalloc(sizeof(*engine), GFP_KERNEL);
	if (!engine)
		return ERR_PTR(-ENOMEM);
	engine->scratch = kvcalloc(info->lane_count, sizeof(*engine->scratch),
				   GFP_KERNEL);
	if (!engine->scratch) {
		kfree(engine);
		return ERR_PTR(-ENOMEM);
	}
	cpo_io_init(&engine->io, cpo_engine_refresh_work);
	engine->info = *info;
	engine->ops = ops;
	engine->priv = priv;
	xa_init(&engine->lanes);
	INIT_LIST_HEAD(&engine->ports);
	cpo_alarms_init(&engine->alarms);
	device_initialize(&engine->dev);
	engine->dev.class = &cpo_class;
	engine->dev.type = &cpo_engine_type;
	engine->dev.parent = parent;
	engine->dev.release = cpo_engine_release;

	mutex_lock(&cpo_lock);
	err = xa_alloc(&cpo_engine_xa, &engine->id, NULL, xa_limit_31b,
		       GFP_KERNEL);
	mutex_unlock(&cpo_lock);
	if (err)
		goto err_put;

	err = dev_set_name(&engine->dev, "engine%u", engine->id);
	if (err)
		goto err_erase_id;
	err = device_add(&engine->dev);
	if (err)
		goto err_erase_id;

	mutex_lock(&engine->io.lock);
	/* The first copy, so that the create notification carries it. */
	if (!ops->status_get(engine, priv, &st, NULL))
		stamp = ktime_get_real_ns();
	cpo_engine_thresholds_init(engine);
	cpo_engine_firmware_init(engine);
	mutex_lock(&cpo_lock);
	xa_store(&cpo_engine_xa, engine->id, engine, GFP_KERNEL);
	engine->st = st;
	cpo_stats_start(&engine->stats, false);
	engine->io.refreshed = stamp;
	engine->registered = true;
	cpo_generation++;
	cpo_engine_notify(engine, CPO_CMD_ENGINE_CREATE_NTF);
	if (engine->io.interval_ms)
		cpo_io_schedule(&engine->io, engine->io.interval_ms);
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&engine->io);
	cpo_hwmon_register(engine);
	return engine;

err_erase_id:
	mutex_lock(&cpo_lock);
	xa_erase(&cpo_engine_xa, engine->id);
	mutex_unlock(&cpo_lock);
err_put:
	put_device(&engine->dev);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(cpo_engine_register);

/**
 * cpo_engine_unregister - unregister an optical engine
 * @engine: an engine returned by cpo_engine_register()
 *
 * Sends an engine-delete-ntf and removes the engine from netlink and sysfs.
 * The driver unregisters the lanes first; any left are unregistered here,
 * with a warning. When this returns no op of @engine runs or will run, and
 * the driver may free what @priv points to.
 *
 * Context: process context; takes and releases the subsystem lock; must
 * not be called with it held (from an op).
 */
void cpo_engine_unregister(struct cpo_engine *engine)
{
	struct cpo_lane *lane;
	unsigned long index;

	/* The driver's bus goes away with it: no update may outlive this. */
	cpo_engine_flash_stop(engine);
	WARN_ONCE(!list_empty(&engine->ports),
		  "cpo: engine %u unregistered with ports\n", engine->id);
	xa_for_each(&engine->lanes, index, lane) {
		WARN_ONCE(1, "cpo: engine %u unregistered with lanes\n",
			  engine->id);
		cpo_lane_unregister(lane);
	}
	/* Drains hwmon readers, which take cpo_lock: not under it. */
	cpo_hwmon_unregister(engine);
	cpo_io_stop(&engine->io);

	/* Waits for a request under way; none starts after. */
	mutex_lock(&engine->io.lock);
	mutex_lock(&cpo_lock);
	cpo_engine_notify(engine, CPO_CMD_ENGINE_DELETE_NTF);
	engine->registered = false;
	xa_erase(&cpo_engine_xa, engine->id);
	cpo_generation++;
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&engine->io);

	device_del(&engine->dev);
	put_device(&engine->dev);
}
EXPORT_SYMBOL_GPL(cpo_engine_unregister);

/**
 * cpo_lane_register - register a lane of an engine
 * @engine: the engine, registered
 * @index: lane number within the engine, below its lane count
 * @ops: operations; @ops->status_get is required
 * @priv: driver cookie passed back to @ops
 *
 * Assigns the lane an id, reads its status, creates
 * /sys/class/cpo/engine<id>/lane<index> and sends a lane-create-ntf. The
 * engine's refreshes read the lane from then on.
 *
 * Context: process context; takes the engine's I/O lock and the subsystem
 * lock; @ops may be called before this returns.
 * Return: the lane, or an ERR_PTR: -EINVAL for a bad index or missing
 * required op, -EEXIST when @index is already registered, -ENOMEM, -EBUSY
 * when no id is left.
 */
struct cpo_lane *cpo_lane_register(struct cpo_engine *engine, u32 index,
				   const struct cpo_lane_ops *ops, void *priv)
{
	struct cpo_lane_status st = {};
	struct cpo_lane *lane;
	u64 stamp = 0;
	int err;

	if (!engine || !ops || !ops->status_get ||
	    index >= engine->info.lane_count)
		return ERR_PTR(-EINVAL);

	lane = kzalloc(sizeof(*lane), GFP_KERNEL);
	if (!lane)
		return ERR_PTR(-ENOMEM);
	lane->index = index;
	lane->engine = engine;
	lane->ops = ops;
	lane->priv = priv;
	cpo_alarms_init(&lane->alarms);
	kobject_init(&lane->kobj, &cpo_lane_ktype);

	mutex_lock(&cpo_lock);
	err = xa_insert(&engine->lanes, index, lane, GFP_KERNEL);
	if (err) {
		mutex_unlock(&cpo_lock);
		err = err == -EBUSY ? -EEXIST : err;
		goto err_put;
	}
	err = xa_alloc(&cpo_lane_xa, &lane->id, NULL, xa_limit_31b,
		       GFP_KERNEL);
	mutex_unlock(&cpo_lock);
	if (err)
		goto err_erase_index;

	err = cpo_lane_sysfs_add(lane);
	if (err)
		goto err_erase_id;

	mutex_lock(&engine->io.lock);
	if (!ops->status_get(lane, priv, &st, NULL))
		stamp = ktime_get_real_ns();
	mutex_lock(&cpo_lock);
	xa_store(&cpo_lane_xa, lane->id, lane, GFP_KERNEL);
	lane->st = st;
	cpo_lane_stats_start(lane);
	lane->refreshed = stamp;
	lane->registered = true;
	cpo_generation++;
	cpo_lane_notify(lane, CPO_CMD_LANE_CREATE_NTF);
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&engine->io);
	return lane;

err_erase_id:
	mutex_lock(&cpo_lock);
	xa_erase(&cpo_lane_xa, lane->id);
	mutex_unlock(&cpo_lock);
err_erase_index:
	mutex_lock(&cpo_lock);
	xa_erase(&engine->lanes, index);
	mutex_unlock(&cpo_lock);
err_put:
	kobject_put(&lane->kobj);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(cpo_lane_register);

/**
 * cpo_lane_unregister - unregister a lane
 * @lane: a lane returned by cpo_lane_register()
 *
 * Sends a lane-delete-ntf and removes the lane from netlink and sysfs.
 * When this returns no op of @lane runs or will run.
 *
 * Context: process context; takes the engine's I/O lock and the subsystem
 * lock, so never from an op.
 */
void cpo_lane_unregister(struct cpo_lane *lane)
{
	struct cpo_engine *engine = lane->engine;

	/* Waits for a refresh or request of the engine under way. */
	mutex_lock(&engine->io.lock);
	mutex_lock(&cpo_lock);
	cpo_lane_notify(lane, CPO_CMD_LANE_DELETE_NTF);
	lane->registered = false;
	xa_erase(&cpo_lane_xa, lane->id);
	cpo_generation++;
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&engine->io);

	cpo_lane_test_cancel(lane, "the lane was unregistered");
	/* Drains sysfs readers and writers, which take both: not under them. */
	kobject_del(&lane->kobj);

	mutex_lock(&engine->io.lock);
	mutex_lock(&cpo_lock);
	xa_erase(&engine->lanes, lane->index);
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&engine->io);
	kobject_put(&lane->kobj);
}
EXPORT_SYMBOL_GPL(cpo_lane_unregister);

/**
 * cpo_engine_change_ntf - report a change the hardware made to an engine
 * @engine: the engine
 *
 * Re-reads the engine's status into its copy and sends an
 * engine-change-ntf. Changes made through cpo itself are announced by the
 * core, and a refresh announces what it finds changed; drivers call this
 * for a change they learn of otherwise.
 *
 * Context: process context; sleeps on the bus; takes the engine's I/O
 * lock and the subsystem lock, so never from an op.
 */
void cpo_engine_change_ntf(struct cpo_engine *engine)
{
	mutex_lock(&engine->io.lock);
	if (engine->registered && !engine->io.flashing &&
	    cpo_io_present(&engine->io))
		cpo_engine_reread(engine);
	cpo_io_unlock(&engine->io);
}
EXPORT_SYMBOL_GPL(cpo_engine_change_ntf);

/**
 * cpo_lane_change_ntf - report a change the hardware made to a lane
 * @lane: the lane
 *
 * Re-reads the lane's status into its copy and sends a lane-change-ntf.
 *
 * Context: as cpo_engine_change_ntf().
 */
void cpo_lane_change_ntf(struct cpo_lane *lane)
{
	struct cpo_engine *engine = lane->engine;

	mutex_lock(&engine->io.lock);
	if (lane->registered && !engine->io.flashing &&
	    cpo_io_present(&engine->io))
		cpo_lane_reread(lane, true);
	cpo_io_unlock(&engine->io);
}
EXPORT_SYMBOL_GPL(cpo_lane_change_ntf);

/**
 * cpo_engine_id - the id the subsystem assigned to an engine
 * @engine: the engine
 *
 * Context: any.
 * Return: the id, as seen in netlink and sysfs.
 */
u32 cpo_engine_id(const struct cpo_engine *engine)
{
	return engine->id;
}
EXPORT_SYMBOL_GPL(cpo_engine_id);

/**
 * cpo_lane_id - the id the subsystem assigned to a lane
 * @lane: the lane
 *
 * Context: any.
 * Return: the id, as seen in netlink and sysfs.
 */
u32 cpo_lane_id(const struct cpo_lane *lane)
{
	return lane->id;
}
EXPORT_SYMBOL_GPL(cpo_lane_id);

int cpo_engine_set_power_mode(struct cpo_engine *engine,
			      enum cpo_power_mode mode,
			      struct netlink_ext_ack *extack)
{
	const struct cpo_engine_status *st = &engine->st;
	int err;

	lockdep_assert_held(&engine->io.lock);
	if (!engine->ops->power_mode_set) {
		NL_SET_ERR_MSG(extack, "the engine's driver cannot set power-mode");
		return -EOPNOTSUPP;
	}
	/* The copy is stable under the I/O lock. */
	if ((st->valid & CPO_ENGINE_F_POWER_MODE) && st->power_mode == mode)
		return 0;
	/* A change would take the lanes under test down with the module. */
	if (engine->tests) {
		NL_SET_ERR_MSG(extack,
			       "lane tests of the engine are under way: stop them first");
		return -EBUSY;
	}
	err = engine->ops->power_mode_set(engine, engine->priv, mode, extack);
	return err ? err : 1;
}

u32 cpo_lane_field_value(const struct cpo_lane_status *st,
			 enum cpo_lane_field field)
{
	switch (field) {
	case CPO_LANE_TX_ENABLE:
		return st->tx_enable;
	case CPO_LANE_RX_ENABLE:
		return st->rx_enable;
	default:
		return st->power;
	}
}

static const u32 cpo_lane_field_flag[] = {
	[CPO_LANE_TX_ENABLE] = CPO_LANE_F_TX_ENABLE,
	[CPO_LANE_RX_ENABLE] = CPO_LANE_F_RX_ENABLE,
	[CPO_LANE_POWER] = CPO_LANE_F_POWER,
};

static int cpo_lane_call(struct cpo_lane *lane, enum cpo_lane_field field,
			 u32 val, struct netlink_ext_ack *extack)
{
	const struct cpo_lane_ops *ops = lane->ops;

	switch (field) {
	case CPO_LANE_TX_ENABLE:
		return ops->tx_enable_set(lane, lane->priv, val, extack);
	case CPO_LANE_RX_ENABLE:
		return ops->rx_enable_set(lane, lane->priv, val, extack);
	default:
		return ops->power_set(lane, lane->priv, val, extack);
	}
}

/*
 * What cpo_lane_set() would do, without bus I/O: 1 = it would call the
 * op, 0 = the copy says nothing would change, or the errno it would
 * refuse with.
 */
int cpo_lane_set_check(struct cpo_lane *lane, enum cpo_lane_field field,
		       u32 val, struct netlink_ext_ack *extack)
{
	const struct cpo_lane_ops *ops = lane->ops;
	const struct cpo_lane_status *st = &lane->st;

	lockdep_assert_held(&lane->engine->io.lock);
	if (cpo_lane_testing(lane)) {
		NL_SET_ERR_MSG(extack,
			       "a test of the lane is under way: stop it first");
		return -EBUSY;
	}
	if (field == CPO_LANE_TX_ENABLE && !ops->tx_enable_set) {
		NL_SET_ERR_MSG(extack, "the lane's driver cannot set tx-enable");
		return -EOPNOTSUPP;
	}
	if (field == CPO_LANE_RX_ENABLE && !ops->rx_enable_set) {
		NL_SET_ERR_MSG(extack, "the lane's driver cannot set rx-enable");
		return -EOPNOTSUPP;
	}
	if (field == CPO_LANE_POWER && !ops->power_set) {
		NL_SET_ERR_MSG(extack, "the lane's driver cannot set power");
		return -EOPNOTSUPP;
	}
	return !(st->valid & cpo_lane_field_flag[field]) ||
	       cpo_lane_field_value(st, field) != val;
}

/*
 * Set a lane attribute: skip the op when the copy says it would change
 * nothing, else call it. 1 = changed, 0 = unchanged, or an errno.
 */
int cpo_lane_set(struct cpo_lane *lane, enum cpo_lane_field field, u32 val,
		 struct netlink_ext_ack *extack)
{
	int ret;

	ret = cpo_lane_set_check(lane, field, val, extack);
	if (ret <= 0)
		return ret;
	ret = cpo_lane_call(lane, field, val, extack);
	return ret ? ret : 1;
}

/*
 * Put back the value @old has of a field cpo_lane_set() changed, when a
 * later change of the same request failed; the engine's I/O lock held.
 */
void cpo_lane_undo(struct cpo_lane *lane, enum cpo_lane_field field,
		   const struct cpo_lane_status *old)
{
	lockdep_assert_held(&lane->engine->io.lock);
	cpo_lane_call(lane, field, cpo_lane_field_value(old, field), NULL);
}

/*
 * Energy per bit in fJ/bit: power (uW) / (lanes * rate (Mb/s)) is pJ/bit
 * divided by 1000, hence the factor. False when it cannot be derived.
 */
bool cpo_engine_energy_per_bit(const struct cpo_engine *engine,
			       const struct cpo_engine_status *st, u32 *epb)
{
	u64 bits = (u64)st->active_lanes * engine->info.lane_rate;

	if (!(st->valid & CPO_ENGINE_F_POWER_DRAW) ||
	    !(st->valid & CPO_ENGINE_F_ACTIVE_LANES) || !bits)
		return false;
	*epb = div64_u64((u64)st->power_draw * 1000, bits);
	return true;
}

static int __init cpo_init(void)
{
	int err;

	err = cpo_refresh_init();
	if (err)
		return err;
	err = cpo_sysfs_init();
	if (err)
		goto err_refresh_exit;
	err = cpo_hwmon_init();
	if (err)
		goto err_sysfs_exit;
	err = cpo_netlink_init();
	if (err)
		goto err_hwmon_exit;
	err = cpo_port_init();
	if (err)
		goto err_netlink_exit;
	return 0;

err_netlink_exit:
	cpo_netlink_exit();
err_hwmon_exit:
	cpo_hwmon_exit();
err_sysfs_exit:
	cpo_sysfs_exit();
err_refresh_exit:
	cpo_refresh_exit();
	return err;
}

static void __exit cpo_exit(void)
{
	cpo_port_exit();
	cpo_netlink_exit();
	cpo_hwmon_exit();
	cpo_sysfs_exit();
	cpo_refresh_exit();
	WARN_ON(!xa_empty(&cpo_engine_xa));
	WARN_ON(!xa_empty(&cpo_lane_xa));
	WARN_ON(!xa_empty(&cpo_laser_xa));
}

module_init(cpo_init);
module_exit(cpo_exit);

MODULE_DESCRIPTION("Optical engines (CPO, NPO, LPO) of switches");
MODULE_LICENSE("GPL");
MODULE_ALIAS_GENL_FAMILY(CPO_FAMILY_NAME);
