// SPDX-License-Identifier: GPL-2.0
/*
 * The copy of the hardware's state, and how it is kept fresh.
 *
 * Optics sit behind slow buses (CMIS over I2C at 100 kHz to 1 MHz: a lane's
 * status is a few milliseconds), so readers never reach the hardware: every
 * get, dump, notification, sysfs and hwmon read is served from a copy of
 * each engine's, lane's and laser's state, stored with the time it was read.
 * The copy changes only here: at a refresh, or when a set or the driver
 * makes the core re-read one object.
 *
 * Each engine and each laser has a struct cpo_io: a mutex held across every
 * driver op of the object (for an engine, of its lanes too), so that one
 * engine's bus is used by one request at a time, and a delayed work item
 * that refreshes the object periodically. The subsystem-wide cpo_lock is
 * never held across a driver op: an I/O lock comes first, cpo_lock is taken
 * inside it only to store the copy and announce. A hung bus therefore
 * delays only its own engine's requests, and those wait a bounded time
 * (CPO_IO_WAIT_MS) before failing with an extack.
 *
 * After each refresh the thresholds are evaluated on the new copy, and
 * every object whose state (not its analog monitors, which drift all the
 * time) differs from the copy is announced with a change notification.
 * Refreshes that fail CPO_UNREACHABLE_FAILURES times in a row mark the
 * engine unreachable, announced; the first good one clears it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include "cpo_core.h"

static struct workqueue_struct *cpo_wq;

/* A refresh interval: 0 (none), or CPO_REFRESH_MIN_MS..CPO_REFRESH_MAX_MS. */
int cpo_refresh_interval_check(u32 ms)
{
	return ms && (ms < CPO_REFRESH_MIN_MS || ms > CPO_REFRESH_MAX_MS) ?
	       -ERANGE : 0;
}

/* Busy time per elapsed time, in parts per million, at most 10^6. */
u32 cpo_bus_load_ppm(u64 busy_ns, u64 elapsed_ns)
{
	if (!elapsed_ns)
		return 0;
	if (busy_ns >= elapsed_ns)
		return 1000000;
	/* Overflows only past 18,446 s of busy time in one period. */
	return div64_u64(busy_ns * 1000000, elapsed_ns);
}

static int cpo_refresh_ms_set(const char *val, const struct kernel_param *kp)
{
	unsigned int ms;
	int err;

	err = kstrtouint(val, 0, &ms);
	if (err)
		return err;
	if (cpo_refresh_interval_check(ms)) {
		pr_err("refresh_interval_ms: 0 or %u..%u\n", CPO_REFRESH_MIN_MS,
		       CPO_REFRESH_MAX_MS);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = ms;
	return 0;
}

static const struct kernel_param_ops cpo_refresh_ms_ops = {
	.set = cpo_refresh_ms_set,
	.get = param_get_uint,
};

unsigned int cpo_default_refresh_ms = 1000;
module_param_cb(refresh_interval_ms, &cpo_refresh_ms_ops,
		&cpo_default_refresh_ms, 0644);
__MODULE_PARM_TYPE(refresh_interval_ms, "uint");
MODULE_PARM_DESC(refresh_interval_ms,
		 "refresh period of new engines and lasers, ms (0: on hardware signal only; else 10..3600000; default 1000)");

void cpo_io_init(struct cpo_io *io, work_func_t fn)
{
	mutex_init(&io->lock);
	init_waitqueue_head(&io->wq);
	INIT_DELAYED_WORK(&io->work, fn);
	io->interval_ms = READ_ONCE(cpo_default_refresh_ms);
	io->slot = CPO_SLOT_STATE_ACTIVE;
}

/*
 * Take @io->lock, waiting at most CPO_IO_WAIT_MS. mutex_lock() cannot be
 * bounded, so waiters sleep on @io->wq and try again each time the lock
 * is released (cpo_io_unlock()).
 */
int cpo_io_lock(struct cpo_io *io, struct netlink_ext_ack *extack)
{
	long left;

	left = wait_event_killable_timeout(io->wq, mutex_trylock(&io->lock),
					   msecs_to_jiffies(CPO_IO_WAIT_MS));
	if (left > 0)
		return 0;
	return left ? left : -EBUSY;
}

void cpo_io_unlock(struct cpo_io *io)
{
	mutex_unlock(&io->lock);
	wake_up_all(&io->wq);
}

/* Queue the next refresh in @delay_ms; cpo_lock held. */
void cpo_io_schedule(struct cpo_io *io, unsigned long delay_ms)
{
	lockdep_assert_held(&cpo_lock);
	if (!io->stopping)
		mod_delayed_work(cpo_wq, &io->work, msecs_to_jiffies(delay_ms));
}

/*
 * The next periodic refresh, if any: @io->interval_ms, or sooner while the
 * copy is behind the hardware; cpo_lock held.
 */
static void cpo_io_schedule_next(struct cpo_io *io)
{
	u32 delay = io->interval_ms;

	/* An empty slot is not read; insertion starts the refresh again. */
	if (!cpo_io_present(io))
		return;
	if (io->behind && (!delay || delay > CPO_CATCH_UP_MS))
		delay = CPO_CATCH_UP_MS;
	if (delay)
		cpo_io_schedule(io, delay);
}

/*
 * No refresh runs or will run once this returns. Not under @io->lock or
 * cpo_lock: it waits for a running refresh, which takes both.
 */
void cpo_io_stop(struct cpo_io *io)
{
	mutex_lock(&cpo_lock);
	io->stopping = true;
	mutex_unlock(&cpo_lock);
	cancel_delayed_work_sync(&io->work);
}

/**
 * cpo_engine_lock_io - take an engine's I/O lock for a request
 * @engine: the engine; the caller holds a reference
 * @extack: for the reason of a failure
 *
 * Context: process context, cpo_lock not held.
 * Return: 0 with the lock held and the engine registered and in its slot;
 * -EBUSY when the engine stayed busy for CPO_IO_WAIT_MS, -ENODEV when it
 * was unregistered meanwhile or its slot is empty, -ERESTARTSYS when the
 * task was killed.
 */
int cpo_engine_lock_io(struct cpo_engine *engine,
		       struct netlink_ext_ack *extack)
{
	int err;

	err = cpo_io_lock(&engine->io, extack);
	if (err == -EBUSY)
		NL_SET_ERR_MSG(extack,
			       "the engine is busy: its hardware did not answer within 5 s");
	if (err)
		return err;
	/* Flipped with the I/O lock held too, so stable here. */
	if (!engine->registered) {
		cpo_io_unlock(&engine->io);
		NL_SET_ERR_MSG(extack, "the engine was unregistered");
		return -ENODEV;
	}
	if (!cpo_io_present(&engine->io)) {
		cpo_io_unlock(&engine->io);
		NL_SET_ERR_MSG(extack, "engine slot is empty");
		return -ENODEV;
	}
	if (engine->io.flashing) {
		cpo_io_unlock(&engine->io);
		NL_SET_ERR_MSG(extack,
			       "a firmware update of the engine is under way");
		return -EBUSY;
	}
	return 0;
}

/* Same for a laser. */
int cpo_laser_lock_io(struct cpo_laser *laser, struct netlink_ext_ack *extack)
{
	int err;

	err = cpo_io_lock(&laser->io, extack);
	if (err == -EBUSY)
		NL_SET_ERR_MSG(extack,
			       "the laser is busy: its hardware did not answer within 5 s");
	if (err)
		return err;
	if (!laser->registered) {
		cpo_io_unlock(&laser->io);
		NL_SET_ERR_MSG(extack, "the laser was unregistered");
		return -ENODEV;
	}
	if (!cpo_io_present(&laser->io)) {
		cpo_io_unlock(&laser->io);
		NL_SET_ERR_MSG(extack, "laser slot is empty");
		return -ENODEV;
	}
	if (laser->io.flashing) {
		cpo_io_unlock(&laser->io);
		NL_SET_ERR_MSG(extack,
			       "a firmware update of the laser's module is under way");
		return -EBUSY;
	}
	return 0;
}

/* What the hardware changes on its own, compared to announce a change. */
bool cpo_engine_state_differs(const struct cpo_engine_status *a,
			      const struct cpo_engine_status *b)
{
	const u32 flags = CPO_ENGINE_F_MODULE_STATE | CPO_ENGINE_F_POWER_MODE |
			  CPO_ENGINE_F_FAULT_CAUSE;

	return (a->valid & flags) != (b->valid & flags) ||
	       a->module_state != b->module_state ||
	       a->power_mode != b->power_mode ||
	       a->fault_cause != b->fault_cause;
}

bool cpo_lane_state_differs(const struct cpo_lane_status *a,
			    const struct cpo_lane_status *b)
{
	const u32 flags = CPO_LANE_F_DP_STATE | CPO_LANE_F_TX_ENABLE |
			  CPO_LANE_F_RX_ENABLE | CPO_LANE_F_POWER |
			  CPO_LANE_F_RX_LOS | CPO_LANE_F_RX_LOL |
			  CPO_LANE_F_TX_FAULT | CPO_LANE_F_FIBER_CONNECTED;

	return (a->valid & flags) != (b->valid & flags) ||
	       a->dp_state != b->dp_state || a->tx_enable != b->tx_enable ||
	       a->rx_enable != b->rx_enable || a->power != b->power ||
	       a->rx_los != b->rx_los || a->rx_lol != b->rx_lol ||
	       a->tx_fault != b->tx_fault ||
	       a->fiber_connected != b->fiber_connected;
}

bool cpo_laser_state_differs(const struct cpo_laser_status *a,
			     const struct cpo_laser_status *b)
{
	const u32 flags = CPO_LASER_F_STATE | CPO_LASER_F_ENABLE |
			  CPO_LASER_F_FAILOVER_POLICY;

	return (a->valid & flags) != (b->valid & flags) ||
	       a->state != b->state || a->enable != b->enable ||
	       a->failover_policy != b->failover_policy;
}

/*
 * Transport busy time per elapsed time since the previous refresh;
 * cpo_lock held.
 */
static void cpo_engine_update_load(struct cpo_engine *engine)
{
	struct cpo_bus_stats stats = {};
	struct cpo_io *io = &engine->io;
	u64 now = ktime_get_ns();

	if (!cpo_engine_bus_stats(engine, &stats))
		return;
	if (io->last_busy_at && now > io->last_busy_at &&
	    stats.busy_ns >= io->last_busy_ns)
		io->load_ppm = cpo_bus_load_ppm(stats.busy_ns - io->last_busy_ns,
						now - io->last_busy_at);
	io->last_busy_ns = stats.busy_ns;
	io->last_busy_at = now;
}

/**
 * cpo_engine_bus_stats - the transport counters of an engine's driver
 * @engine: the engine
 * @stats: filled
 *
 * Context: cpo_lock held.
 * Return: false when the driver does not count.
 */
bool cpo_engine_bus_stats(struct cpo_engine *engine,
			  struct cpo_bus_stats *stats)
{
	lockdep_assert_held(&cpo_lock);
	if (!engine->ops->bus_stats_get)
		return false;
	engine->ops->bus_stats_get(engine, engine->priv, stats);
	return true;
}

/* A refresh or a re-read failed; cpo_lock held. */
static void cpo_engine_read_failed(struct cpo_engine *engine, int err)
{
	struct cpo_io *io = &engine->io;

	if (++io->failures < CPO_UNREACHABLE_FAILURES || io->unreachable)
		return;
	io->unreachable = true;
	dev_warn(&engine->dev, "unreachable: %u reads in a row failed, the last with %d\n",
		 io->failures, err);
	cpo_engine_notify(engine, CPO_CMD_ENGINE_CHANGE_NTF);
	cpo_engine_unreachable_alarm(engine, true);
}

/*
 * A re-read after a set failed: the copy may be behind the hardware now,
 * so refresh the whole engine as soon as its bus is free; cpo_lock held.
 */
static void cpo_engine_reread_failed(struct cpo_engine *engine, int err)
{
	cpo_engine_read_failed(engine, err);
	engine->io.behind = true;
	cpo_io_schedule(&engine->io, 0);
}

/* A read succeeded; cpo_lock held. True when that ended unreachable. */
static bool cpo_engine_read_ok(struct cpo_engine *engine)
{
	struct cpo_io *io = &engine->io;
	bool was = io->unreachable;

	io->failures = 0;
	io->unreachable = false;
	if (was) {
		dev_info(&engine->dev, "reachable again\n");
		cpo_engine_unreachable_alarm(engine, false);
	}
	return was;
}

/* The bus part of a refresh: the engine and its lanes into the scratch. */
static int cpo_engine_read_all(struct cpo_engine *engine,
			       struct cpo_engine_status *st)
{
	struct cpo_lane *lane;
	unsigned long index;
	int err;

	lockdep_assert_held(&engine->io.lock);
	memset(engine->scratch, 0,
	       engine->info.lane_count * sizeof(*engine->scratch));
	if (engine->ops->refresh)
		return engine->ops->refresh(engine, engine->priv, st,
					    engine->scratch, NULL);
	err = engine->ops->status_get(engine, engine->priv, st, NULL);
	if (err)
		return err;
	/* Lanes leave the xarray under the I/O lock, so they stay. */
	xa_for_each(&engine->lanes, index, lane) {
		if (!lane->registered)
			continue;
		err = lane->ops->status_get(lane, lane->priv,
					    &engine->scratch[index], NULL);
		if (err)
			return err;
	}
	return 0;
}

/* Store what a refresh read, evaluate and announce; both locks held. */
static void cpo_engine_store(struct cpo_engine *engine,
			     const struct cpo_engine_status *st, u64 start)
{
	u64 now = ktime_get_real_ns();
	struct cpo_lane_status *lst;
	struct cpo_lane *lane;
	unsigned long index;
	bool changed;

	lockdep_assert_held(&cpo_lock);
	changed = cpo_engine_read_ok(engine) ||
		  cpo_engine_state_differs(&engine->st, st);
	engine->fw_reread |= cpo_engine_came_up(&engine->st, st);
	cpo_engine_stats_update(engine, &engine->st, st);
	engine->st = *st;
	engine->io.refreshed = now;
	engine->io.behind = false;
	engine->io.duration_ns = ktime_get_ns() - start;
	cpo_engine_update_load(engine);
	if (changed)
		cpo_engine_notify(engine, CPO_CMD_ENGINE_CHANGE_NTF);
	cpo_engine_evaluate(engine);

	xa_for_each(&engine->lanes, index, lane) {
		lst = &engine->scratch[index];
		if (!lane->registered || !lst->valid)
			continue;
		changed = cpo_lane_state_differs(&lane->st, lst);
		cpo_lane_stats_update(lane, &lane->st, lst);
		lane->st = *lst;
		lane->refreshed = now;
		if (changed)
			cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
		cpo_lane_evaluate(lane);
	}
	cpo_engine_ports_update(engine);
}

/*
 * One refresh of an engine and its lanes; the I/O lock held. Returns the
 * driver's CPO_REFRESH_AGAIN, else 0.
 */
static int cpo_engine_refresh_locked(struct cpo_engine *engine)
{
	struct cpo_engine_status st = {};
	u64 start = ktime_get_ns();
	int ret;

	ret = cpo_engine_read_all(engine, &st);
	mutex_lock(&cpo_lock);
	if (engine->registered) {
		if (ret < 0)
			cpo_engine_read_failed(engine, ret);
		else
			cpo_engine_store(engine, &st, start);
	}
	mutex_unlock(&cpo_lock);
	return ret == CPO_REFRESH_AGAIN ? ret : 0;
}

/* A driver asks at most this many reads in a row (CPO_REFRESH_AGAIN). */
#define CPO_REFRESH_PASSES	3

void cpo_engine_refresh_passes(struct cpo_engine *engine)
{
	int pass;

	/* The update owns the bus; the copy stays as it was. */
	if (engine->io.flashing || !cpo_io_present(&engine->io))
		return;
	for (pass = 0; pass < CPO_REFRESH_PASSES; pass++)
		if (!cpo_engine_refresh_locked(engine))
			break;
	if (engine->fw_reread) {
		engine->fw_reread = false;
		cpo_engine_firmware_reread(engine);
	}
}

void cpo_engine_refresh_work(struct work_struct *work)
{
	struct cpo_io *io = container_of(to_delayed_work(work), struct cpo_io,
					 work);
	struct cpo_engine *engine = container_of(io, struct cpo_engine, io);

	mutex_lock(&io->lock);
	if (engine->registered)
		cpo_engine_refresh_passes(engine);
	cpo_io_unlock(io);

	mutex_lock(&cpo_lock);
	cpo_io_schedule_next(io);
	mutex_unlock(&cpo_lock);
}

/**
 * cpo_engine_refresh - re-read an engine and its lanes now
 * @engine: the engine
 *
 * For a driver whose hardware signalled a change (an interrupt): reads the
 * engine and every lane, stores the copy, evaluates the thresholds, and
 * announces each object whose state changed. Waits for a refresh or
 * request of the engine that is under way.
 *
 * Context: process context; sleeps on the bus; takes the engine's I/O
 * lock and the subsystem lock, so never from an op.
 */
void cpo_engine_refresh(struct cpo_engine *engine)
{
	mutex_lock(&engine->io.lock);
	if (engine->registered)
		cpo_engine_refresh_passes(engine);
	cpo_io_unlock(&engine->io);
}
EXPORT_SYMBOL_GPL(cpo_engine_refresh);

/*
 * Re-read one object after a set, or because the driver said it changed,
 * and announce it; the object's I/O lock held, cpo_lock not.
 */
void cpo_engine_reread(struct cpo_engine *engine)
{
	struct cpo_engine_status st = {};
	int err;

	lockdep_assert_held(&engine->io.lock);
	err = engine->ops->status_get(engine, engine->priv, &st, NULL);
	mutex_lock(&cpo_lock);
	if (!engine->registered)
		goto unlock;
	if (err) {
		cpo_engine_reread_failed(engine, err);
		goto unlock;
	}
	cpo_engine_read_ok(engine);
	engine->fw_reread |= cpo_engine_came_up(&engine->st, &st);
	cpo_engine_stats_update(engine, &engine->st, &st);
	engine->st = st;
	engine->io.refreshed = ktime_get_real_ns();
	cpo_engine_notify(engine, CPO_CMD_ENGINE_CHANGE_NTF);
	cpo_engine_evaluate(engine);
unlock:
	mutex_unlock(&cpo_lock);
	if (engine->fw_reread) {
		engine->fw_reread = false;
		cpo_engine_firmware_reread(engine);
	}
}

void cpo_lane_reread(struct cpo_lane *lane, bool announce)
{
	struct cpo_engine *engine = lane->engine;
	struct cpo_lane_status st = {};
	int err;

	lockdep_assert_held(&engine->io.lock);
	err = lane->ops->status_get(lane, lane->priv, &st, NULL);
	mutex_lock(&cpo_lock);
	if (!lane->registered)
		goto unlock;
	if (err) {
		cpo_engine_reread_failed(engine, err);
		goto unlock;
	}
	if (cpo_engine_read_ok(engine))
		cpo_engine_notify(engine, CPO_CMD_ENGINE_CHANGE_NTF);
	announce |= cpo_lane_state_differs(&lane->st, &st);
	cpo_lane_stats_update(lane, &lane->st, &st);
	lane->st = st;
	lane->refreshed = ktime_get_real_ns();
	if (announce)
		cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
	cpo_lane_evaluate(lane);
	cpo_engine_ports_update(engine);
unlock:
	mutex_unlock(&cpo_lock);
}

/* Read a laser into its copy; its I/O lock held, cpo_lock not. */
static int cpo_laser_read(struct cpo_laser *laser, bool announce)
{
	struct cpo_laser_status st = {};
	int err;

	lockdep_assert_held(&laser->io.lock);
	/* The update of its module owns the bus; the copy stays as it was. */
	if (laser->io.flashing)
		return 0;
	err = laser->ops->status_get(laser, laser->priv, &st, NULL);
	mutex_lock(&cpo_lock);
	if (laser->registered && !err) {
		announce |= cpo_laser_state_differs(&laser->st, &st);
		laser->st = st;
		laser->io.refreshed = ktime_get_real_ns();
		laser->io.behind = false;
		if (announce)
			cpo_laser_notify(laser, CPO_CMD_LASER_CHANGE_NTF);
	}
	mutex_unlock(&cpo_lock);
	return err;
}

void cpo_laser_reread(struct cpo_laser *laser, bool announce)
{
	if (!cpo_laser_read(laser, announce))
		return;
	/* As for an engine: catch up with the hardware once the bus allows. */
	mutex_lock(&cpo_lock);
	if (laser->registered) {
		laser->io.behind = true;
		cpo_io_schedule(&laser->io, 0);
	}
	mutex_unlock(&cpo_lock);
}

/**
 * cpo_laser_refresh - re-read a laser now
 * @laser: the laser
 *
 * For a driver whose hardware signalled a change: reads the laser into its
 * copy and announces it when its state changed.
 *
 * Context: process context; sleeps on the bus; takes the laser's I/O lock
 * and the subsystem lock, so never from an op.
 */
void cpo_laser_refresh(struct cpo_laser *laser)
{
	mutex_lock(&laser->io.lock);
	if (laser->registered && cpo_io_present(&laser->io))
		cpo_laser_read(laser, false);
	cpo_io_unlock(&laser->io);
}
EXPORT_SYMBOL_GPL(cpo_laser_refresh);

void cpo_laser_refresh_work(struct work_struct *work)
{
	struct cpo_io *io = container_of(to_delayed_work(work), struct cpo_io,
					 work);
	struct cpo_laser *laser = container_of(io, struct cpo_laser, io);

	mutex_lock(&io->lock);
	if (laser->registered && cpo_io_present(io))
		cpo_laser_read(laser, false);
	cpo_io_unlock(io);

	mutex_lock(&cpo_lock);
	cpo_io_schedule_next(io);
	mutex_unlock(&cpo_lock);
}

/* cpo_lock held. 1 = changed, 0 = unchanged, or an errno. */
int cpo_engine_set_refresh_interval(struct cpo_engine *engine, u32 ms,
				    struct netlink_ext_ack *extack)
{
	struct cpo_io *io = &engine->io;

	lockdep_assert_held(&cpo_lock);
	if (cpo_refresh_interval_check(ms)) {
		NL_SET_ERR_MSG(extack,
			       "refresh-interval: 0 (on hardware signal only) or 10..3600000 ms");
		return -ERANGE;
	}
	if (io->interval_ms == ms)
		return 0;
	io->interval_ms = ms;
	/* A new period starts with a refresh now. */
	if (ms)
		cpo_io_schedule(io, 0);
	else if (io->behind)
		cpo_io_schedule_next(io);	/* still catching up */
	else
		cancel_delayed_work(&io->work);
	return 1;
}

int cpo_refresh_init(void)
{
	/* Unbound: a refresh stuck on a slow bus holds no other engine's. */
	cpo_wq = alloc_workqueue("cpo_refresh", WQ_UNBOUND, 0);
	return cpo_wq ? 0 : -ENOMEM;
}

void cpo_refresh_exit(void)
{
	destroy_workqueue(cpo_wq);
}
