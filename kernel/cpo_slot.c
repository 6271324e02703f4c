// SPDX-License-Identifier: GPL-2.0
/*
 * Slots: an engine or a laser stays registered, with its id, location,
 * thresholds, port mapping, refresh interval and the rest of its
 * configuration, while its part is pulled, and that configuration goes
 * into the part inserted next (devlink's provisioned line cards are the
 * model).
 *
 * The object is the slot: its state (enum cpo_slot_state) says whether a
 * part is in. When the driver reports a pull, the copy of the hardware's
 * state is kept aside as the configuration to restore (what the core
 * keeps by itself, thresholds, refresh interval, port mapping, fiber
 * position and feeding laser, needs no keeping), the copy is emptied so
 * that no reader sees values of a part that is gone, and from then on no
 * op of the object is called: requests that need the hardware fail with
 * ENODEV, refreshes stop. When the driver reports an insertion, the slot
 * goes present, then initialising while the kept configuration is written
 * into the new part over its ops, then active, or fault when a write
 * failed. Each step is announced with a change notification and a
 * KOBJ_CHANGE uevent on the object's device naming the state
 * (CPO_SLOT_STATE=empty ...), for udev rules that act on a swap.
 *
 * Lock order as everywhere: the object's I/O lock, then cpo_lock inside
 * it only to store and announce.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/timekeeping.h>
#include "cpo_core.h"

/*
 * Under cpo_lock, as the alarm uevents are: the object's I/O lock orders
 * the states, and the uevent path takes no lock of ours.
 */
static void cpo_slot_uevent(struct device *dev, u32 state)
{
	char ev[40];
	char *envp[2] = { ev, NULL };

	snprintf(ev, sizeof(ev), "CPO_SLOT_STATE=%s",
		 cpo_slot_state_name(state));
	kobject_uevent_env(&dev->kobj, KOBJ_CHANGE, envp);
}

/* Set the state of the engine's slot and announce it; both locks held. */
static void cpo_engine_slot_set(struct cpo_engine *engine, u32 state)
{
	lockdep_assert_held(&engine->io.lock);
	lockdep_assert_held(&cpo_lock);
	engine->io.slot = state;
	cpo_engine_notify(engine, CPO_CMD_ENGINE_CHANGE_NTF);
	cpo_slot_uevent(&engine->dev, state);
}

/* The same for a laser. */
static void cpo_laser_slot_set(struct cpo_laser *laser, u32 state)
{
	lockdep_assert_held(&laser->io.lock);
	lockdep_assert_held(&cpo_lock);
	laser->io.slot = state;
	cpo_laser_notify(laser, CPO_CMD_LASER_CHANGE_NTF);
	cpo_slot_uevent(&laser->dev, state);
}

/* The part's own identity, as opposed to what the slot is provisioned for. */
static void cpo_engine_info_part(struct cpo_engine_info *dst,
				 const struct cpo_engine_info *src)
{
	memcpy(dst->vendor, src->vendor, sizeof(dst->vendor));
	memcpy(dst->part_number, src->part_number, sizeof(dst->part_number));
	memcpy(dst->serial, src->serial, sizeof(dst->serial));
	memcpy(dst->hw_rev, src->hw_rev, sizeof(dst->hw_rev));
	memcpy(dst->fw_version, src->fw_version, sizeof(dst->fw_version));
	memcpy(dst->fw_inactive, src->fw_inactive, sizeof(dst->fw_inactive));
	dst->media_type = src->media_type;
}

/**
 * cpo_engine_removed - the engine's part was pulled from its slot
 * @engine: the engine, registered
 *
 * Stops a firmware update and lane tests of the engine, keeps the
 * engine's and its lanes' last copies as the configuration to restore,
 * empties the copies and the part's identity, and announces the engine
 * (slot-state empty) and each lane. From then on no op of the engine or
 * of its lanes is called until cpo_engine_inserted(), so the driver may
 * drop what its ops reach once this returns. A second call does nothing.
 *
 * Context: process context; takes the engine's I/O lock and the subsystem
 * lock, so never from an op.
 */
void cpo_engine_removed(struct cpo_engine *engine)
{
	static const struct cpo_engine_info none = {};
	/* No part, no data path: a lane in service leaves it (a flap). */
	static const struct cpo_lane_status gone = {
		.valid = CPO_LANE_F_DP_STATE,
		.dp_state = CPO_DP_STATE_DEACTIVATED,
	};
	struct cpo_lane *lane;
	unsigned long index;

	/* What begins from here on is refused, so the stops below hold. */
	mutex_lock(&cpo_lock);
	engine->leaving = true;
	mutex_unlock(&cpo_lock);
	cpo_engine_flash_stop(engine);
	xa_for_each(&engine->lanes, index, lane)
		cpo_lane_test_cancel(lane, "the engine was pulled from its slot");

	mutex_lock(&engine->io.lock);
	mutex_lock(&cpo_lock);
	engine->leaving = false;
	if (!engine->registered || !cpo_io_present(&engine->io))
		goto unlock;
	/* A part that never came up keeps the configuration of the last. */
	if (engine->io.slot == CPO_SLOT_STATE_ACTIVE) {
		engine->kept = engine->st;
		xa_for_each(&engine->lanes, index, lane)
			lane->kept = lane->st;
	}
	memset(&engine->st, 0, sizeof(engine->st));
	memset(&engine->fw, 0, sizeof(engine->fw));
	cpo_engine_info_part(&engine->info, &none);
	engine->io.refreshed = 0;
	engine->io.failures = 0;
	engine->io.unreachable = false;
	engine->io.behind = false;
	engine->fw_reread = false;
	cpo_engine_slot_set(engine, CPO_SLOT_STATE_EMPTY);
	xa_for_each(&engine->lanes, index, lane) {
		if (!lane->registered)
			continue;
		cpo_lane_stats_update(lane, &lane->st, &gone);
		lane->st = gone;
		lane->refreshed = 0;
		cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
	}
unlock:
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&engine->io);
	/* No refresh of an empty slot requeues itself; one may be queued. */
	cancel_delayed_work_sync(&engine->io.work);
}
EXPORT_SYMBOL_GPL(cpo_engine_removed);

/* Write the kept controls of one lane that differ in the new part. */
static int cpo_lane_restore(struct cpo_lane *lane)
{
	static const enum cpo_lane_field fields[] = {
		CPO_LANE_POWER, CPO_LANE_RX_ENABLE, CPO_LANE_TX_ENABLE,
	};
	static const u32 flags[] = {
		CPO_LANE_F_POWER, CPO_LANE_F_RX_ENABLE, CPO_LANE_F_TX_ENABLE,
	};
	const struct cpo_lane_status *kept = &lane->kept;
	struct cpo_lane_status st = {};
	unsigned int i;
	u32 val;
	int err;

	if (!lane->registered || !kept->valid)
		return 0;
	err = lane->ops->status_get(lane, lane->priv, &st, NULL);
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		if (!(kept->valid & flags[i]))
			continue;
		val = cpo_lane_field_value(kept, fields[i]);
		if ((st.valid & flags[i]) &&
		    cpo_lane_field_value(&st, fields[i]) == val)
			continue;
		/* Not through the copy: it is empty until the refresh. */
		switch (fields[i]) {
		case CPO_LANE_TX_ENABLE:
			err = lane->ops->tx_enable_set ?
			      lane->ops->tx_enable_set(lane, lane->priv, val,
						       NULL) : -EOPNOTSUPP;
			break;
		case CPO_LANE_RX_ENABLE:
			err = lane->ops->rx_enable_set ?
			      lane->ops->rx_enable_set(lane, lane->priv, val,
						       NULL) : -EOPNOTSUPP;
			break;
		default:
			err = lane->ops->power_set ?
			      lane->ops->power_set(lane, lane->priv, val,
						   NULL) : -EOPNOTSUPP;
			break;
		}
		if (err)
			return err;
	}
	return 0;
}

/*
 * The kept configuration into the new part, only what differs from what
 * the part reports: the power mode, then each lane's power, rx and tx
 * enable. The I/O lock held; stops at the first failure.
 */
int cpo_engine_restore(struct cpo_engine *engine)
{
	const struct cpo_engine_status *kept = &engine->kept;
	struct cpo_engine_status st = {};
	struct cpo_lane *lane;
	unsigned long index;
	int err;

	lockdep_assert_held(&engine->io.lock);
	err = engine->ops->status_get(engine, engine->priv, &st, NULL);
	if (err)
		return err;
	if ((kept->valid & CPO_ENGINE_F_POWER_MODE) &&
	    (!(st.valid & CPO_ENGINE_F_POWER_MODE) ||
	     st.power_mode != kept->power_mode)) {
		if (!engine->ops->power_mode_set)
			return -EOPNOTSUPP;
		err = engine->ops->power_mode_set(engine, engine->priv,
						  kept->power_mode, NULL);
		if (err)
			return err;
	}
	xa_for_each(&engine->lanes, index, lane) {
		err = cpo_lane_restore(lane);
		if (err) {
			dev_warn(&engine->dev, "restoring lane %u into the new part failed: %d\n",
				 lane->index, err);
			return err;
		}
	}
	return 0;
}

/**
 * cpo_engine_inserted - a part was inserted into the engine's empty slot
 * @engine: the engine, its slot empty (cpo_engine_removed())
 * @info: the new part's description; its type, lane count and lane rate
 *	must be those of the slot, its identity (vendor, part and serial
 *	number, revisions, media type) may differ
 *
 * Takes the part's identity, counts a swap, and announces the slot
 * present, then initialising while the configuration kept from the part
 * pulled (power mode, each lane's power, rx and tx enable) is written into
 * the new one, then reads the engine and its lanes, re-reads the firmware
 * banks and announces the slot active, or fault when writing the
 * configuration failed (the engine then serves what it reads and takes
 * sets). The periodic refresh starts again.
 *
 * Context: process context; sleeps on the bus; takes the engine's I/O lock
 * and the subsystem lock, so never from an op. The driver's ops must work
 * when it is called.
 * Return: 0 once the part is in (also in state fault); -EINVAL when @info
 * does not fit the slot, -EBUSY when the slot is not empty, -ENODEV when
 * the engine is being unregistered; the slot is unchanged then.
 */
int cpo_engine_inserted(struct cpo_engine *engine,
			const struct cpo_engine_info *info)
{
	int err = 0;

	if (!info || info->type != engine->info.type ||
	    info->lane_count != engine->info.lane_count ||
	    info->lane_rate != engine->info.lane_rate)
		return -EINVAL;

	mutex_lock(&engine->io.lock);
	mutex_lock(&cpo_lock);
	if (!engine->registered || engine->io.stopping)
		err = -ENODEV;
	else if (cpo_io_present(&engine->io))
		err = -EBUSY;
	if (err) {
		mutex_unlock(&cpo_lock);
		cpo_io_unlock(&engine->io);
		return err;
	}
	cpo_engine_info_part(&engine->info, info);
	engine->stats.swaps++;
	engine->stats.last_swap = ktime_get_real_ns();
	cpo_engine_slot_set(engine, CPO_SLOT_STATE_PRESENT);
	cpo_engine_slot_set(engine, CPO_SLOT_STATE_INITIALISING);
	mutex_unlock(&cpo_lock);

	err = cpo_engine_restore(engine);
	if (err)
		dev_warn(&engine->dev, "restoring the slot's configuration failed: %d\n",
			 err);
	engine->fw_reread = true;
	cpo_engine_refresh_passes(engine);

	mutex_lock(&cpo_lock);
	cpo_engine_slot_set(engine, err ? CPO_SLOT_STATE_FAULT :
				    CPO_SLOT_STATE_ACTIVE);
	if (engine->io.interval_ms)
		cpo_io_schedule(&engine->io, engine->io.interval_ms);
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&engine->io);
	return 0;
}
EXPORT_SYMBOL_GPL(cpo_engine_inserted);

/**
 * cpo_laser_removed - the laser's part (its laser module) was pulled
 * @laser: the laser, registered
 *
 * Keeps the laser's last copy (enable, failover policy) as the
 * configuration to restore, empties the copy and announces the laser
 * (slot-state empty). Its spare, the primary it covers and the lanes it
 * feeds stay wired. From then on no op of the laser is called until
 * cpo_laser_inserted(). A second call does nothing.
 *
 * Context: process context; takes the laser's I/O lock and the subsystem
 * lock, so never from an op.
 */
void cpo_laser_removed(struct cpo_laser *laser)
{
	cpo_laser_flash_stop(laser);
	mutex_lock(&laser->io.lock);
	mutex_lock(&cpo_lock);
	laser->refused = false;
	if (laser->registered && cpo_io_present(&laser->io)) {
		if (laser->io.slot == CPO_SLOT_STATE_ACTIVE)
			laser->kept = laser->st;
		memset(&laser->st, 0, sizeof(laser->st));
		laser->io.refreshed = 0;
		laser->io.behind = false;
		cpo_laser_slot_set(laser, CPO_SLOT_STATE_EMPTY);
	}
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&laser->io);
	cancel_delayed_work_sync(&laser->io.work);
}
EXPORT_SYMBOL_GPL(cpo_laser_removed);

/* The kept failover policy, then enable, into the new part, as above. */
int cpo_laser_restore(struct cpo_laser *laser)
{
	const struct cpo_laser_status *kept = &laser->kept;
	const struct cpo_laser_ops *ops = laser->ops;
	struct cpo_laser_status st = {};
	int err;

	lockdep_assert_held(&laser->io.lock);
	err = ops->status_get(laser, laser->priv, &st, NULL);
	if (err)
		return err;
	if ((kept->valid & CPO_LASER_F_FAILOVER_POLICY) &&
	    (!(st.valid & CPO_LASER_F_FAILOVER_POLICY) ||
	     st.failover_policy != kept->failover_policy)) {
		err = ops->failover_policy_set ?
		      ops->failover_policy_set(laser, laser->priv,
					       kept->failover_policy, NULL) :
		      -EOPNOTSUPP;
		if (err)
			return err;
	}
	if ((kept->valid & CPO_LASER_F_ENABLE) &&
	    (!(st.valid & CPO_LASER_F_ENABLE) || st.enable != kept->enable))
		err = ops->enable_set ?
		      ops->enable_set(laser, laser->priv, kept->enable, NULL) :
		      -EOPNOTSUPP;
	return err;
}

/**
 * cpo_laser_inserted - a part was inserted into the laser's empty slot
 * @laser: the laser, its slot empty (cpo_laser_removed())
 *
 * Counts a swap and announces the slot present, then initialising while
 * the kept enable and failover policy are written into the new part, then
 * reads the laser and its module's firmware banks and announces the slot
 * active, or fault when a write
 * failed. The periodic refresh starts again.
 *
 * Context: process context; sleeps on the bus; takes the laser's I/O lock
 * and the subsystem lock, so never from an op.
 * Return: 0 once the part is in (also in state fault); -EBUSY when the
 * slot is not empty, -ENODEV when the laser is being unregistered.
 */
int cpo_laser_inserted(struct cpo_laser *laser)
{
	int err = 0;

	mutex_lock(&laser->io.lock);
	mutex_lock(&cpo_lock);
	if (!laser->registered || laser->io.stopping)
		err = -ENODEV;
	else if (cpo_io_present(&laser->io))
		err = -EBUSY;
	if (err) {
		mutex_unlock(&cpo_lock);
		cpo_io_unlock(&laser->io);
		return err;
	}
	laser->refused = false;
	laser->swaps++;
	laser->last_swap = ktime_get_real_ns();
	cpo_laser_slot_set(laser, CPO_SLOT_STATE_PRESENT);
	cpo_laser_slot_set(laser, CPO_SLOT_STATE_INITIALISING);
	mutex_unlock(&cpo_lock);

	err = cpo_laser_restore(laser);
	if (err)
		dev_warn(&laser->dev, "restoring the slot's configuration failed: %d\n",
			 err);
	cpo_laser_reread(laser, false);
	cpo_laser_firmware_reread(laser);

	mutex_lock(&cpo_lock);
	cpo_laser_slot_set(laser, err ? CPO_SLOT_STATE_FAULT :
				       CPO_SLOT_STATE_ACTIVE);
	if (laser->io.interval_ms)
		cpo_io_schedule(&laser->io, laser->io.interval_ms);
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&laser->io);
	return 0;
}
EXPORT_SYMBOL_GPL(cpo_laser_inserted);

/**
 * cpo_laser_insert_refused - a part the driver cannot take was inserted
 * @laser: the laser, its slot empty (cpo_laser_removed())
 *
 * For a module of another layout than the one the laser was registered
 * with (another number of lasers, other spares): the slot stays empty and
 * no op of the laser is called, but the service flow of the laser's module
 * reports the wrong part. The next cpo_laser_removed() or
 * cpo_laser_inserted() forgets it.
 *
 * Context: process context; takes the subsystem lock, so never from an op.
 */
void cpo_laser_insert_refused(struct cpo_laser *laser)
{
	mutex_lock(&cpo_lock);
	if (laser->registered && !cpo_io_present(&laser->io))
		laser->refused = true;
	mutex_unlock(&cpo_lock);
}
EXPORT_SYMBOL_GPL(cpo_laser_insert_refused);
