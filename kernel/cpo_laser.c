// SPDX-License-Identifier: GPL-2.0
/*
 * Laser sources: registration, the wiring between lasers and lanes, spare
 * lasers and failover, and the safety gate on enabling a laser.
 *
 * The board driver knows the wiring (which laser feeds which lane, which
 * spare backs which primary); it tells the core, which keeps it so that
 * laser-get can list a laser's lanes and topology-get can tell what goes
 * dark, without asking the driver. A failover is carried out by the
 * hardware; the driver reports it with cpo_laser_failover_done() and the
 * core moves the lanes and announces it. A failback, the lanes going back
 * to the primary once it is healthy again, likewise with
 * cpo_laser_failback_done().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/timekeeping.h>
#include "cpo_core.h"

DEFINE_XARRAY_ALLOC(cpo_laser_xa);

struct cpo_laser *cpo_laser_get_by_id(u32 id)
{
	lockdep_assert_held(&cpo_lock);
	return xa_load(&cpo_laser_xa, id);
}

static void cpo_laser_release(struct device *dev)
{
	struct cpo_laser *laser = cpo_laser_from_dev(dev);

	mutex_destroy(&laser->io.lock);
	cpo_flash_put(laser->flash);
	kfree(laser);
}

/**
 * cpo_laser_register - register a laser
 * @parent: the driver's device the laser sits on
 * @info: fixed description, copied
 * @ops: operations; @ops->status_get is required
 * @priv: driver cookie passed back to @ops
 *
 * Assigns the laser an id, reads its status and its module's firmware
 * banks, creates
 * /sys/class/cpo/laser<id>, sends a laser-create-ntf and starts its
 * periodic refresh. The driver then wires it with cpo_lane_set_laser() and
 * cpo_laser_set_spare().
 *
 * Context: process context; takes and releases the subsystem lock; @ops
 * may be called before this returns.
 * Return: the laser, or an ERR_PTR: -EINVAL for a bad description or
 * missing required op, -ENOMEM, -EBUSY when no id is left.
 */
struct cpo_laser *cpo_laser_register(struct device *parent,
				     const struct cpo_laser_info *info,
				     const struct cpo_laser_ops *ops, void *priv)
{
	struct cpo_laser_status st = {};
	struct cpo_laser *laser;
	u64 stamp = 0;
	int err;

	if (!parent || !info || !ops || !ops->status_get ||
	    !cpo_laser_type_name(info->type) || !cpo_laser_role_name(info->role))
		return ERR_PTR(-EINVAL);

	laser = kzalloc(sizeof(*laser), GFP_KERNEL);
	if (!laser)
		return ERR_PTR(-ENOMEM);
	cpo_io_init(&laser->io, cpo_laser_refresh_work);
	laser->info = *info;
	laser->ops = ops;
	laser->priv = priv;
	device_initialize(&laser->dev);
	laser->dev.class = &cpo_class;
	laser->dev.type = &cpo_laser_type;
	laser->dev.parent = parent;
	laser->dev.release = cpo_laser_release;

	mutex_lock(&cpo_lock);
	err = xa_alloc(&cpo_laser_xa, &laser->id, NULL, xa_limit_31b,
		       GFP_KERNEL);
	mutex_unlock(&cpo_lock);
	if (err)
		goto err_put;

	err = dev_set_name(&laser->dev, "laser%u", laser->id);
	if (err)
		goto err_erase_id;
	err = device_add(&laser->dev);
	if (err)
		goto err_erase_id;

	mutex_lock(&laser->io.lock);
	if (!ops->status_get(laser, priv, &st, NULL))
		stamp = ktime_get_real_ns();
	cpo_laser_firmware_init(laser);
	mutex_lock(&cpo_lock);
	xa_store(&cpo_laser_xa, laser->id, laser, GFP_KERNEL);
	laser->st = st;
	laser->io.refreshed = stamp;
	laser->registered = true;
	cpo_generation++;
	cpo_laser_notify(laser, CPO_CMD_LASER_CREATE_NTF);
	if (laser->io.interval_ms)
		cpo_io_schedule(&laser->io, laser->io.interval_ms);
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&laser->io);
	return laser;

err_erase_id:
	mutex_lock(&cpo_lock);
	xa_erase(&cpo_laser_xa, laser->id);
	mutex_unlock(&cpo_lock);
err_put:
	put_device(&laser->dev);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(cpo_laser_register);

/* Forget every reference to @laser: lanes it feeds, its partners. */
static void cpo_laser_unwire(struct cpo_laser *laser)
{
	struct cpo_laser *other;
	struct cpo_lane *lane;
	unsigned long id;

	xa_for_each(&cpo_lane_xa, id, lane) {
		if (lane->laser != laser && lane->home != laser)
			continue;
		/* A standby going away leaves the lanes to their primary. */
		if (lane->laser == laser)
			lane->laser = lane->home;
		lane->home = NULL;
		cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
	}
	xa_for_each(&cpo_laser_xa, id, other) {
		if (other->spare != laser && other->covering != laser &&
		    other->standby != laser)
			continue;
		if (other->spare == laser)
			other->spare = NULL;
		if (other->standby == laser)
			other->standby = NULL;
		if (other->covering == laser) {
			other->covering = NULL;
			other->standby_lit = false;
		}
		cpo_laser_notify(other, CPO_CMD_LASER_CHANGE_NTF);
	}
}

/**
 * cpo_laser_unregister - unregister a laser
 * @laser: a laser returned by cpo_laser_register()
 *
 * Lanes it fed lose their laser, its spare or primary loses its partner
 * (each with a change notification), then a laser-delete-ntf is sent and
 * the laser leaves netlink and sysfs. When this returns no op of @laser
 * runs or will run.
 *
 * Context: process context; takes and releases the subsystem lock; must
 * not be called with it held (from an op).
 */
void cpo_laser_unregister(struct cpo_laser *laser)
{
	/* The driver's bus goes away with it: no update may outlive this. */
	cpo_laser_flash_stop(laser);
	cpo_io_stop(&laser->io);
	mutex_lock(&laser->io.lock);
	mutex_lock(&cpo_lock);
	cpo_laser_notify(laser, CPO_CMD_LASER_DELETE_NTF);
	laser->registered = false;
	xa_erase(&cpo_laser_xa, laser->id);
	cpo_laser_unwire(laser);
	cpo_generation++;
	mutex_unlock(&cpo_lock);
	cpo_io_unlock(&laser->io);

	device_del(&laser->dev);
	put_device(&laser->dev);
}
EXPORT_SYMBOL_GPL(cpo_laser_unregister);

/**
 * cpo_laser_change_ntf - report a change the hardware made to a laser
 * @laser: the laser
 *
 * Re-reads the laser's status into its copy and sends a laser-change-ntf.
 *
 * Context: process context; sleeps on the bus; takes the laser's I/O lock
 * and the subsystem lock, so never from an op.
 */
void cpo_laser_change_ntf(struct cpo_laser *laser)
{
	mutex_lock(&laser->io.lock);
	if (laser->registered && cpo_io_present(&laser->io))
		cpo_laser_reread(laser, true);
	cpo_io_unlock(&laser->io);
}
EXPORT_SYMBOL_GPL(cpo_laser_change_ntf);

/**
 * cpo_laser_id - the id the subsystem assigned to a laser
 * @laser: the laser
 *
 * Context: any.
 * Return: the id, as seen in netlink and sysfs.
 */
u32 cpo_laser_id(const struct cpo_laser *laser)
{
	return laser->id;
}
EXPORT_SYMBOL_GPL(cpo_laser_id);

/**
 * cpo_lane_set_laser - record which laser feeds a lane
 * @lane: the lane
 * @laser: the laser, registered, or NULL when none does
 *
 * Sends a lane-change-ntf when the feeding laser changed.
 *
 * Context: process context; takes the subsystem lock, so never from an op.
 */
void cpo_lane_set_laser(struct cpo_lane *lane, struct cpo_laser *laser)
{
	mutex_lock(&cpo_lock);
	if (lane->laser != laser) {
		lane->laser = laser;
		if (lane->registered)
			cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
	}
	mutex_unlock(&cpo_lock);
}
EXPORT_SYMBOL_GPL(cpo_lane_set_laser);

/**
 * cpo_lane_set_fiber_position - record where a lane's fiber is connected
 * @lane: the lane
 * @position: connector and position as the board names it, e.g. "MPO3:7"
 *
 * Context: process context; takes the subsystem lock, so never from an op.
 */
void cpo_lane_set_fiber_position(struct cpo_lane *lane, const char *position)
{
	mutex_lock(&cpo_lock);
	strscpy(lane->fiber_position, position, sizeof(lane->fiber_position));
	mutex_unlock(&cpo_lock);
}
EXPORT_SYMBOL_GPL(cpo_lane_set_fiber_position);

/**
 * cpo_laser_set_spare - pair a primary laser with its spare
 * @primary: a laser registered with the primary role
 * @spare: a laser registered with the spare role, or NULL to unpair
 *
 * Context: process context; takes the subsystem lock, so never from an op.
 */
void cpo_laser_set_spare(struct cpo_laser *primary, struct cpo_laser *spare)
{
	if (WARN_ON(primary->info.role != CPO_LASER_ROLE_PRIMARY ||
		    (spare && spare->info.role != CPO_LASER_ROLE_SPARE)))
		return;
	mutex_lock(&cpo_lock);
	primary->spare = spare;
	if (primary->registered)
		cpo_laser_notify(primary, CPO_CMD_LASER_CHANGE_NTF);
	mutex_unlock(&cpo_lock);
}
EXPORT_SYMBOL_GPL(cpo_laser_set_spare);

/**
 * cpo_laser_set_standby - pair a primary laser with a standby in another
 *	module
 * @primary: a laser that feeds lanes
 * @standby: a laser of another laser module whose light reaches
 *	@primary's lanes through the board's coupler, or NULL to unpair
 *
 * The host moves the lanes to the standby (it lights the standby, then
 * counts the lanes as fed by it), for instance before @primary's module
 * is pulled, and back once @primary is healthy again: see the laser
 * module's service flow. A standby may back several primaries but feeds
 * the lanes of one at a time. Refused with a warning when both lasers sit
 * in one module (cpo_laser_same_module()): a standby that goes out with
 * the primary saves nothing. Unpairing a standby that feeds @primary's
 * lanes leaves them on it until the standby or @primary is unregistered.
 *
 * Context: process context; takes the subsystem lock, so never from an op.
 */
void cpo_laser_set_standby(struct cpo_laser *primary,
			   struct cpo_laser *standby)
{
	if (WARN_ON(primary == standby ||
		    (standby && cpo_laser_same_module(primary, standby))))
		return;
	mutex_lock(&cpo_lock);
	if (primary->standby != standby &&
	    (!standby || standby->registered)) {
		primary->standby = standby;
		if (primary->registered)
			cpo_laser_notify(primary, CPO_CMD_LASER_CHANGE_NTF);
	}
	mutex_unlock(&cpo_lock);
}
EXPORT_SYMBOL_GPL(cpo_laser_set_standby);

/**
 * cpo_laser_failover_done - report that a spare took over a primary
 * @primary: the primary, failed or relieved
 * @spare: its spare, now feeding the primary's lanes
 *
 * Moves every lane the primary fed to the spare (a lane-change-ntf each),
 * records the spare as covering the primary, and announces both lasers'
 * change and a laser-failover-ntf with the spare.
 *
 * Context: process context; takes the subsystem lock, so never from an op.
 */
void cpo_laser_failover_done(struct cpo_laser *primary,
			     struct cpo_laser *spare)
{
	struct cpo_lane *lane;
	unsigned long id;

	mutex_lock(&cpo_lock);
	if (!primary->registered || !spare->registered)
		goto unlock;
	xa_for_each(&cpo_lane_xa, id, lane) {
		if (lane->laser != primary)
			continue;
		lane->laser = spare;
		cpo_lane_stats_failover(lane);
		cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
	}
	spare->covering = primary;
	cpo_laser_notify(primary, CPO_CMD_LASER_CHANGE_NTF);
	cpo_laser_notify(spare, CPO_CMD_LASER_CHANGE_NTF);
	cpo_laser_notify(spare, CPO_CMD_LASER_FAILOVER_NTF);
unlock:
	mutex_unlock(&cpo_lock);
}
EXPORT_SYMBOL_GPL(cpo_laser_failover_done);

/**
 * cpo_laser_failback_done - report that a primary took its lanes back
 * @primary: the primary, healthy again
 * @spare: its spare, which covered it until now
 *
 * Moves every lane the spare fed back to the primary (a lane-change-ntf
 * each), records the spare as covering nothing, and announces both
 * lasers' change and a laser-failback-ntf with the primary. Does nothing
 * when @spare was not covering @primary.
 *
 * Context: process context; takes the subsystem lock, so never from an op.
 */
void cpo_laser_failback_done(struct cpo_laser *primary,
			     struct cpo_laser *spare)
{
	struct cpo_lane *lane;
	unsigned long id;

	mutex_lock(&cpo_lock);
	if (!primary->registered || !spare->registered ||
	    spare->covering != primary)
		goto unlock;
	/* A spare covers one primary at a time: its lanes are the primary's. */
	xa_for_each(&cpo_lane_xa, id, lane) {
		if (lane->laser != spare)
			continue;
		lane->laser = primary;
		cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
	}
	spare->covering = NULL;
	cpo_laser_notify(spare, CPO_CMD_LASER_CHANGE_NTF);
	cpo_laser_notify(primary, CPO_CMD_LASER_CHANGE_NTF);
	cpo_laser_notify(primary, CPO_CMD_LASER_FAILBACK_NTF);
unlock:
	mutex_unlock(&cpo_lock);
}
EXPORT_SYMBOL_GPL(cpo_laser_failback_done);

/*
 * The safety gate: light must not leave toward an open connector. Lanes
 * whose driver does not report fiber presence do not block. The lanes of
 * a primary its spare covers count: a failback gives them back to it.
 */
static int cpo_laser_check_fibers(struct cpo_laser *laser,
				  struct netlink_ext_ack *extack)
{
	struct cpo_laser *cover = NULL;
	struct cpo_lane *lane;
	unsigned long id;

	lockdep_assert_held(&cpo_lock);
	if (laser->spare && laser->spare->covering == laser)
		cover = laser->spare;
	xa_for_each(&cpo_lane_xa, id, lane) {
		const struct cpo_lane_status *st = &lane->st;

		if (lane->laser != laser && (!cover || lane->laser != cover))
			continue;
		if ((st->valid & CPO_LANE_F_FIBER_CONNECTED) &&
		    !st->fiber_connected) {
			NL_SET_ERR_MSG(extack,
				       "refused: the laser feeds a lane whose fiber is not connected (see lane fiber-connected)");
			return -ENOLINK;
		}
	}
	return 0;
}

int cpo_laser_set_enable(struct cpo_laser *laser, bool enable,
			 struct netlink_ext_ack *extack)
{
	const struct cpo_laser_status *st = &laser->st;
	int err;

	lockdep_assert_held(&laser->io.lock);
	if (!laser->ops->enable_set) {
		NL_SET_ERR_MSG(extack, "the laser's driver cannot change enable");
		return -EOPNOTSUPP;
	}
	if ((st->valid & CPO_LASER_F_ENABLE) && st->enable == enable)
		return 0;
	if (enable) {
		/* The lanes' copies, as their last refresh saw the fibers. */
		mutex_lock(&cpo_lock);
		err = cpo_laser_check_fibers(laser, extack);
		mutex_unlock(&cpo_lock);
		if (err)
			return err;
	}
	err = laser->ops->enable_set(laser, laser->priv, enable, extack);
	return err ? err : 1;
}

int cpo_laser_set_failover_policy(struct cpo_laser *laser,
				  enum cpo_failover_policy policy,
				  struct netlink_ext_ack *extack)
{
	const struct cpo_laser_status *st = &laser->st;
	bool spare;
	int err;

	lockdep_assert_held(&laser->io.lock);
	mutex_lock(&cpo_lock);
	spare = laser->spare || laser->standby;
	mutex_unlock(&cpo_lock);
	if (!spare) {
		NL_SET_ERR_MSG(extack,
			       "failover-policy applies to a primary laser with a spare or a standby");
		return -EINVAL;
	}
	if (!laser->ops->failover_policy_set) {
		NL_SET_ERR_MSG(extack, "the laser's driver cannot change failover-policy");
		return -EOPNOTSUPP;
	}
	if ((st->valid & CPO_LASER_F_FAILOVER_POLICY) &&
	    st->failover_policy == policy)
		return 0;
	err = laser->ops->failover_policy_set(laser, laser->priv, policy,
					      extack);
	return err ? err : 1;
}

/* Whether @laser's spare can take over; cpo_lock held. */
static int cpo_laser_check_spare(struct cpo_laser *laser,
				 struct netlink_ext_ack *extack)
{
	const struct cpo_laser_status *st;

	lockdep_assert_held(&cpo_lock);
	if (!laser->spare) {
		NL_SET_ERR_MSG(extack, "failover needs a primary laser with a spare");
		return -EINVAL;
	}
	if (laser->spare->covering == laser) {
		NL_SET_ERR_MSG(extack, "the spare already feeds this laser's lanes");
		return -EALREADY;
	}
	if (laser->spare->covering) {
		NL_SET_ERR_MSG(extack, "the spare is already covering another laser");
		return -EBUSY;
	}
	st = &laser->spare->st;
	if ((st->valid & CPO_LASER_F_STATE) &&
	    st->state == CPO_LASER_STATE_FAILED) {
		NL_SET_ERR_MSG(extack, "the spare has failed: it cannot take over");
		return -ENODEV;
	}
	return 0;
}

int cpo_laser_start_failover(struct cpo_laser *laser,
			     struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&laser->io.lock);
	mutex_lock(&cpo_lock);
	err = cpo_laser_check_spare(laser, extack);
	mutex_unlock(&cpo_lock);
	if (err)
		return err;
	if (!laser->ops->failover) {
		NL_SET_ERR_MSG(extack, "the laser's driver cannot fail over");
		return -EOPNOTSUPP;
	}
	return laser->ops->failover(laser, laser->priv, extack);
}

/*
 * Whether @laser can take its lanes back from its spare: a primary its
 * spare covers, healthy again (state on, as last read), and the lanes'
 * fibers connected; cpo_lock held.
 */
static int cpo_laser_check_failback(struct cpo_laser *laser,
				    struct netlink_ext_ack *extack)
{
	const struct cpo_laser_status *st = &laser->st;

	lockdep_assert_held(&cpo_lock);
	if (laser->info.role != CPO_LASER_ROLE_PRIMARY || !laser->spare) {
		NL_SET_ERR_MSG(extack, "failback needs a primary laser with a spare");
		return -EINVAL;
	}
	if (laser->spare->covering != laser) {
		NL_SET_ERR_MSG(extack, "nothing to hand back: the laser feeds its own lanes");
		return -EALREADY;
	}
	if (!(st->valid & CPO_LASER_F_STATE) ||
	    st->state == CPO_LASER_STATE_FAILED) {
		NL_SET_ERR_MSG(extack, "the primary has not recovered: its state is failed");
		return -ENODEV;
	}
	if (st->state != CPO_LASER_STATE_ON) {
		NL_SET_ERR_MSG(extack, "the primary is not on: enable it first");
		return -ENETDOWN;
	}
	return cpo_laser_check_fibers(laser, extack);
}

int cpo_laser_start_failback(struct cpo_laser *laser,
			     struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&laser->io.lock);
	mutex_lock(&cpo_lock);
	err = cpo_laser_check_failback(laser, extack);
	mutex_unlock(&cpo_lock);
	if (err)
		return err;
	if (!laser->ops->failback) {
		NL_SET_ERR_MSG(extack, "the laser's driver cannot fail back");
		return -EOPNOTSUPP;
	}
	return laser->ops->failback(laser, laser->priv, extack);
}
