// SPDX-License-Identifier: GPL-2.0
/*
 * Standby lasers: a second input of a lane's laser path, fed through the
 * board's passive coupler by a laser of another laser module
 * (cpo_laser_set_standby()). Unlike a spare inside a module, whose
 * failover the module carries out, a move to a standby is the host's:
 * light the standby, wait until it reads on, then count the primary's
 * lanes as fed by it; the primary's module can then be pulled while the
 * lanes keep their light. The way back: once the primary reads on again,
 * the lanes count as fed by it, and a standby the move lit goes off.
 *
 * Locks: one laser's I/O lock at a time, never under cpo_lock; cpo_lock
 * only to check, move the lanes and announce.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/jiffies.h>
#include "cpo_core.h"

#define CPO_STANDBY_POLL_MS	10

/* Whether @laser reads on (as last read); cpo_lock held. */
static bool cpo_laser_reads_on(const struct cpo_laser *laser)
{
	return (laser->st.valid & CPO_LASER_F_STATE) &&
	       laser->st.state == CPO_LASER_STATE_ON;
}

/**
 * cpo_laser_standby_usable - whether a primary's lanes can move to its
 *	standby
 * @primary: the primary
 *
 * Its standby is registered, in its slot, not failed, not in a module
 * prepared for a swap, and feeds the lanes of no other primary, nor is a
 * move to it under way.
 *
 * Context: cpo_lock held.
 */
bool cpo_laser_standby_usable(const struct cpo_laser *primary)
{
	const struct cpo_laser *sb = primary->standby;

	lockdep_assert_held(&cpo_lock);
	return sb && sb->registered && cpo_io_present(&sb->io) &&
	       !sb->refused && !sb->covering && !sb->standby_claimed &&
	       !sb->svc.busy && sb->svc.state != CPO_SERVICE_STATE_PREPARED &&
	       (sb->st.valid & CPO_LASER_F_STATE) &&
	       sb->st.state != CPO_LASER_STATE_FAILED;
}

/**
 * cpo_laser_on_standby - whether a primary's standby feeds its lanes
 * @primary: the primary
 *
 * Context: cpo_lock held.
 */
bool cpo_laser_on_standby(const struct cpo_laser *primary)
{
	lockdep_assert_held(&cpo_lock);
	return primary->standby && primary->standby->covering == primary;
}

/*
 * Re-read @laser until it reads on, bounded by @wait_ms; with its I/O lock
 * taken and released around each read, so its refresh runs meanwhile.
 */
static int cpo_laser_wait_on(struct cpo_laser *laser, unsigned int wait_ms,
			     struct netlink_ext_ack *extack)
{
	unsigned long until = jiffies + msecs_to_jiffies(wait_ms);
	bool on;
	int err;

	for (;;) {
		err = cpo_laser_lock_io(laser, extack);
		if (err)
			return err;
		cpo_laser_reread(laser, true);
		cpo_io_unlock(&laser->io);
		mutex_lock(&cpo_lock);
		on = cpo_laser_reads_on(laser);
		mutex_unlock(&cpo_lock);
		if (on)
			return 0;
		if (!time_before(jiffies, until))
			return -ETIMEDOUT;
		msleep(CPO_STANDBY_POLL_MS);
	}
}

/* Light @sb unless it is on; *@lit when it was off. */
static int cpo_laser_standby_light(struct cpo_laser *sb, bool *lit,
				   struct netlink_ext_ack *extack)
{
	int ret;

	ret = cpo_laser_lock_io(sb, extack);
	if (ret)
		return ret;
	*lit = !((sb->st.valid & CPO_LASER_F_ENABLE) && sb->st.enable);
	ret = cpo_laser_set_enable(sb, true, extack);
	if (ret > 0)
		cpo_laser_reread(sb, true);
	cpo_io_unlock(&sb->io);
	return ret < 0 ? ret : 0;
}

/**
 * cpo_laser_standby_move - move a primary's lanes to its standby
 * @primary: the primary, referenced
 * @extack: for the reason of a refusal
 *
 * Lights the standby (its enable, under its I/O lock), waits up to
 * CPO_STANDBY_WAIT_MS for it to read on, then moves every lane @primary
 * feeds to it (a lane-change-ntf each, counted as a failover), records
 * the standby as covering @primary and announces both lasers' change and
 * a laser-failover-ntf with the standby. A standby the move lit and could
 * not use goes off again.
 *
 * Context: process context; sleeps; takes the standby's I/O lock and
 * cpo_lock, neither held by the caller.
 * Return: 0; -EINVAL without a standby, -EBUSY when it is not free,
 * -ENODEV when it is out, failed or unregistered, -ETIMEDOUT when it did
 * not come on, or the error of its enable.
 */
int cpo_laser_standby_move(struct cpo_laser *primary,
			   struct netlink_ext_ack *extack)
{
	struct cpo_laser *sb;
	struct cpo_lane *lane;
	unsigned long id;
	bool lit = false;
	int err = 0;

	mutex_lock(&cpo_lock);
	sb = primary->standby;
	if (!sb) {
		NL_SET_ERR_MSG(extack, "the laser has no standby");
		err = -EINVAL;
	} else if (sb->covering || sb->standby_claimed) {
		NL_SET_ERR_MSG(extack,
			       "the standby laser already feeds the lanes of another laser");
		err = -EBUSY;
	} else if (!cpo_laser_standby_usable(primary)) {
		NL_SET_ERR_MSG(extack,
			       "the standby laser is out, failed, unregistered or in a module prepared for a swap");
		err = -ENODEV;
	} else {
		sb->standby_claimed = true;
		get_device(&sb->dev);
	}
	mutex_unlock(&cpo_lock);
	if (err)
		return err;

	err = cpo_laser_standby_light(sb, &lit, extack);
	if (!err) {
		err = cpo_laser_wait_on(sb, CPO_STANDBY_WAIT_MS, extack);
		if (err == -ETIMEDOUT)
			NL_SET_ERR_MSG(extack,
				       "the standby laser did not come on");
	}

	mutex_lock(&cpo_lock);
	sb->standby_claimed = false;
	if (!err && (!primary->registered || !sb->registered ||
		     primary->standby != sb)) {
		NL_SET_ERR_MSG(extack, "the laser or its standby went away");
		err = -ENODEV;
	}
	if (!err) {
		xa_for_each(&cpo_lane_xa, id, lane) {
			if (lane->laser != primary)
				continue;
			lane->laser = sb;
			lane->home = primary;
			cpo_lane_stats_failover(lane);
			cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
		}
		sb->covering = primary;
		sb->standby_lit = lit;
		cpo_laser_notify(primary, CPO_CMD_LASER_CHANGE_NTF);
		cpo_laser_notify(sb, CPO_CMD_LASER_CHANGE_NTF);
		cpo_laser_notify(sb, CPO_CMD_LASER_FAILOVER_NTF);
	}
	mutex_unlock(&cpo_lock);

	if (err && lit && !cpo_laser_lock_io(sb, NULL)) {
		if (cpo_laser_set_enable(sb, false, NULL) > 0)
			cpo_laser_reread(sb, true);
		cpo_io_unlock(&sb->io);
	}
	put_device(&sb->dev);
	return err;
}

/**
 * cpo_laser_standby_back - give a primary its lanes back from its standby
 * @primary: the primary, referenced
 * @wait_ms: how long to wait for @primary to read on; 0 to go by its
 *	copy
 * @extack: for the reason of a refusal
 *
 * Once @primary reads on, moves the lanes its standby feeds for it back
 * to it (a lane-change-ntf each), records the standby as covering nothing
 * and announces both lasers' change and a laser-failback-ntf with
 * @primary; then turns off a standby the move lit.
 *
 * Context: process context; sleeps; takes @primary's and the standby's
 * I/O locks, one at a time, and cpo_lock, none held by the caller.
 * Return: 0; -EALREADY when the standby does not feed @primary's lanes,
 * -ENETDOWN when @primary does not read on (-ETIMEDOUT after a wait), or
 * the error of reading it.
 */
int cpo_laser_standby_back(struct cpo_laser *primary, unsigned int wait_ms,
			   struct netlink_ext_ack *extack)
{
	struct cpo_laser *sb = NULL;
	struct cpo_lane *lane;
	unsigned long id;
	bool lit = false;
	int err = 0;

	mutex_lock(&cpo_lock);
	if (!cpo_laser_on_standby(primary)) {
		NL_SET_ERR_MSG(extack,
			       "nothing to hand back: the laser's standby does not feed its lanes");
		err = -EALREADY;
	} else {
		sb = primary->standby;
		get_device(&sb->dev);
	}
	mutex_unlock(&cpo_lock);
	if (err)
		return err;

	if (wait_ms) {
		err = cpo_laser_wait_on(primary, wait_ms, extack);
		if (err == -ETIMEDOUT)
			NL_SET_ERR_MSG(extack,
				       "the primary did not come on: enable it first");
	}
	mutex_lock(&cpo_lock);
	if (!err && !cpo_laser_reads_on(primary)) {
		NL_SET_ERR_MSG(extack, "the primary is not on: enable it first");
		err = -ENETDOWN;
	}
	if (!err && (!primary->registered || sb->covering != primary)) {
		NL_SET_ERR_MSG(extack,
			       "nothing to hand back: the laser's standby does not feed its lanes");
		err = -EALREADY;
	}
	if (!err) {
		xa_for_each(&cpo_lane_xa, id, lane) {
			if (lane->laser != sb || lane->home != primary)
				continue;
			lane->laser = primary;
			lane->home = NULL;
			cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
		}
		sb->covering = NULL;
		lit = sb->standby_lit;
		sb->standby_lit = false;
		cpo_laser_notify(sb, CPO_CMD_LASER_CHANGE_NTF);
		cpo_laser_notify(primary, CPO_CMD_LASER_CHANGE_NTF);
		cpo_laser_notify(primary, CPO_CMD_LASER_FAILBACK_NTF);
	}
	mutex_unlock(&cpo_lock);

	/* Off again as before the move; the lanes have their light. */
	if (lit && !cpo_laser_lock_io(sb, NULL)) {
		if (cpo_laser_set_enable(sb, false, NULL) > 0)
			cpo_laser_reread(sb, true);
		cpo_io_unlock(&sb->io);
	}
	put_device(&sb->dev);
	return err;
}
