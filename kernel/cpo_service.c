// SPDX-License-Identifier: GPL-2.0
/*
 * The service flow of an engine: one request per step, as a technician
 * works through a swap.
 *
 * prepare takes the engine out of service before its part is pulled: the
 * engine's and its lanes' copies are saved as the configuration to bring
 * back, then every lane's transmitter goes off, every data path is
 * deinitialised (lane power down) and the module goes to low power, each
 * through the same setters as a request. Lanes still carrying traffic
 * refuse it unless forced. The part is then pulled and another inserted
 * (cpo_slot.c restores the configuration kept at the pull: the lanes stay
 * down). verify reads the new part and checks, in order, its identity
 * against the slot's provisioning (type, lane count and rate; another
 * vendor, part or serial is allowed and reported), its firmware against
 * the provisioned minimum, the fiber at every lane's position, then brings
 * the saved configuration back and checks that each lane that carried
 * traffic before has light above its RX power low-warning threshold. A
 * failed check stops the flow with its reason, leaves the lanes down and
 * the state failed; verify may run again once the cause is fixed.
 *
 * Each step holds the engine's I/O lock from its checks to its end, so
 * steps, sets and a pull of the same engine are ordered; cpo_lock is
 * taken inside it only to read copies, store and announce.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/timekeeping.h>
#include "cpo_compat.h"
#include "cpo_core.h"

/**
 * cpo_fw_version_cmp - order two firmware versions "major.minor"
 * @a: a version
 * @b: another
 *
 * Context: any.
 * Return: <0, 0 or >0 as @a is older than, as old as or newer than @b;
 * a version that does not parse is older than any that does.
 */
int cpo_fw_version_cmp(const char *a, const char *b)
{
	unsigned int amaj, amin, bmaj, bmin;
	bool aok = sscanf(a, "%u.%u", &amaj, &amin) == 2;
	bool bok = sscanf(b, "%u.%u", &bmaj, &bmin) == 2;

	if (!aok || !bok)
		return aok - bok;
	if (amaj != bmaj)
		return amaj < bmaj ? -1 : 1;
	if (amin != bmin)
		return amin < bmin ? -1 : 1;
	return 0;
}

/* Record the outcome of a step; cpo_lock held. */
void cpo_service_record(struct cpo_service *svc, u32 step, u32 state,
			int err)
{
	lockdep_assert_held(&cpo_lock);
	svc->step = step;
	svc->state = state;
	svc->ok = !err;
	if (!err)
		svc->reason[0] = '\0';
	svc->at = ktime_get_real_ns();
}

/* End a step: record its outcome and announce it; cpo_lock held. */
static void cpo_service_end(struct cpo_engine *engine, u32 step, u32 state,
			    int err)
{
	cpo_service_record(&engine->svc, step, state, err);
	cpo_service_notify(engine);
}

/* Whether the lane is one the service of @m takes down; NULL: every lane. */
bool cpo_service_lane_in(const struct cpo_lane *lane,
			 const struct cpo_svc_module *m)
{
	unsigned int i;

	if (!lane->registered)
		return false;
	if (!m)
		return true;
	for (i = 0; i < m->n; i++)
		if (lane->laser == m->lasers[i])
			return true;
	return false;
}

/* Record why a step failed, and give the requester the same words. */
static __printf(5, 6) int cpo_service_fail(struct cpo_engine *engine, u32 step, int err,
			    struct netlink_ext_ack *extack, const char *fmt,
			    ...)
{
	struct cpo_service *svc = &engine->svc;
	va_list args;

	va_start(args, fmt);
	mutex_lock(&cpo_lock);
	vsnprintf(svc->reason, sizeof(svc->reason), fmt, args);
	/* A refused prepare changes nothing; a failed verify leaves lanes down. */
	cpo_service_end(engine, step, step == CPO_SERVICE_STEP_VERIFY ?
			CPO_SERVICE_STATE_FAILED : svc->state ?: CPO_SERVICE_STATE_NONE,
			err);
	cpo_extack_fmt(extack, "service step failed", svc->reason);
	mutex_unlock(&cpo_lock);
	va_end(args);
	return err;
}

/*
 * Take the engine's lanes of @m down, in order: tx off on all, then every
 * data path deinitialised. The engine's I/O lock held.
 */
int cpo_service_lanes_down(struct cpo_engine *engine,
			   const struct cpo_svc_module *m,
			   struct netlink_ext_ack *extack)
{
	static const struct {
		enum cpo_lane_field field;
		u32 val;
	} steps[] = {
		{ CPO_LANE_TX_ENABLE, 0 },
		{ CPO_LANE_POWER, CPO_LANE_POWER_DOWN },
	};
	struct cpo_lane *lane;
	unsigned long index;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		xa_for_each(&engine->lanes, index, lane) {
			if (!cpo_service_lane_in(lane, m))
				continue;
			ret = cpo_lane_set(lane, steps[i].field, steps[i].val,
					   extack);
			if (ret < 0)
				return ret;
			if (ret)
				cpo_lane_reread(lane, true);
		}
	}
	return 0;
}

/* Every lane down, then the module to low power; the I/O lock held. */
static int cpo_service_take_down(struct cpo_engine *engine,
				 struct netlink_ext_ack *extack)
{
	int ret;

	ret = cpo_service_lanes_down(engine, NULL, extack);
	if (ret)
		return ret;
	ret = cpo_engine_set_power_mode(engine, CPO_POWER_MODE_LOW, extack);
	if (ret > 0)
		cpo_engine_reread(engine);
	return ret < 0 ? ret : 0;
}

/* The first lane of @m carrying traffic, or NULL; cpo_lock held. */
struct cpo_lane *cpo_service_busy_lane(struct cpo_engine *engine,
				       const struct cpo_svc_module *m)
{
	struct cpo_lane *lane;
	unsigned long index;

	xa_for_each(&engine->lanes, index, lane)
		if (cpo_service_lane_in(lane, m) &&
		    (lane->st.valid & CPO_LANE_F_DP_STATE) &&
		    lane->st.dp_state == CPO_DP_STATE_ACTIVATED)
			return lane;
	return NULL;
}

/**
 * cpo_engine_service_prepare - take an engine out of service for a swap
 * @engine: the engine, referenced
 * @force: go on while lanes carry traffic
 * @extack: for the reason of a refusal
 *
 * Saves the configuration to bring back (unless a prepare or a failed
 * verify already took the lanes down), then turns every lane's
 * transmitter off, deinitialises every data path and puts the module in
 * low power; announces the step.
 *
 * Context: process context; takes the engine's I/O lock and cpo_lock.
 * Return: 0, -EBUSY when lanes carry traffic without @force or lane tests
 * run, -ENODEV for an empty slot, or the error of a set.
 */
int cpo_engine_service_prepare(struct cpo_engine *engine, bool force,
			       struct netlink_ext_ack *extack)
{
	const u32 step = CPO_SERVICE_STEP_PREPARE;
	struct cpo_service *svc = &engine->svc;
	struct cpo_lane *lane;
	unsigned long index;
	int err;

	err = cpo_engine_lock_io(engine, extack);
	if (err)
		return err;
	mutex_lock(&cpo_lock);
	lane = cpo_service_busy_lane(engine, NULL);
	if (engine->svc.busy) {
		NL_SET_ERR_MSG(extack,
			       "a service step of the engine is under way");
		err = -EBUSY;
	} else if (engine->tests) {
		NL_SET_ERR_MSG(extack,
			       "lane tests of the engine are under way: stop them first");
		err = -EBUSY;
	} else if (lane && !force) {
		NL_SET_ERR_MSG(extack,
			       "lanes carry traffic (dp-state activated): give force to take them out of service");
		err = -EBUSY;
	}
	if (err) {
		mutex_unlock(&cpo_lock);
		cpo_io_unlock(&engine->io);
		return err;
	}
	if (svc->state != CPO_SERVICE_STATE_PREPARED &&
	    svc->state != CPO_SERVICE_STATE_FAILED) {
		engine->svc_saved = engine->st;
		engine->svc_was = engine->info;
		xa_for_each(&engine->lanes, index, lane)
			lane->svc_saved = lane->st;
	}
	svc->notes[0] = '\0';
	mutex_unlock(&cpo_lock);

	err = cpo_service_take_down(engine, extack);
	if (err) {
		cpo_service_fail(engine, step, err, NULL,
				 "taking the lanes out of service failed: %d",
				 err);
	} else {
		mutex_lock(&cpo_lock);
		cpo_service_end(engine, step, CPO_SERVICE_STATE_PREPARED, 0);
		mutex_unlock(&cpo_lock);
	}
	cpo_io_unlock(&engine->io);
	return err;
}

/*
 * The identity, firmware and fiber checks of verify, on the copies just
 * read; cpo_lock held. Writes what differs but is allowed into the notes.
 */
static int cpo_service_check_part(struct cpo_engine *engine, char *why,
				  size_t len)
{
	const struct cpo_engine_info *was = &engine->svc_was;
	const struct cpo_engine_info *now = &engine->info;
	struct cpo_service *svc = &engine->svc;

	if (now->type != was->type || now->lane_count != was->lane_count ||
	    now->lane_rate != was->lane_rate) {
		snprintf(why, len,
			 "identity: type, lane count or rate not as provisioned");
		return -EMEDIUMTYPE;
	}
	if (strcmp(now->vendor, was->vendor) ||
	    strcmp(now->part_number, was->part_number) ||
	    strcmp(now->serial, was->serial))
		snprintf(svc->notes, sizeof(svc->notes),
			 "another part: vendor %s part %s serial %s (was %s %s %s)",
			 now->vendor, now->part_number, now->serial,
			 was->vendor, was->part_number, was->serial);
	if (engine->svc_fw_min[0] &&
	    cpo_fw_version_cmp(now->fw_version, engine->svc_fw_min) < 0) {
		snprintf(why, len, "firmware: %s is below the provisioned minimum %s",
			 now->fw_version[0] ? now->fw_version : "unknown",
			 engine->svc_fw_min);
		return -EPROTO;
	}
	return cpo_service_check_fibers(engine, NULL, why, len);
}

/* Every fiber of the engine's lanes of @m connected; cpo_lock held. */
int cpo_service_check_fibers(struct cpo_engine *engine,
			     const struct cpo_svc_module *m, char *why,
			     size_t len)
{
	struct cpo_lane *lane;
	unsigned long index;

	xa_for_each(&engine->lanes, index, lane) {
		const struct cpo_lane_status *st = &lane->st;

		if (cpo_service_lane_in(lane, m) &&
		    (st->valid & CPO_LANE_F_FIBER_CONNECTED) &&
		    !st->fiber_connected) {
			snprintf(why, len, "fiber: lane %u has no fiber connected at %s",
				 lane->index, lane->fiber_position[0] ?
				 lane->fiber_position : "its position");
			return -ENOLINK;
		}
	}
	return 0;
}

/* Whether each lane of @m that carried traffic when prepared does again. */
bool cpo_service_lanes_up(struct cpo_engine *engine,
			  const struct cpo_svc_module *m)
{
	struct cpo_lane *lane;
	unsigned long index;
	bool up = true;

	mutex_lock(&cpo_lock);
	xa_for_each(&engine->lanes, index, lane)
		if (cpo_service_lane_in(lane, m) &&
		    lane->svc_saved.dp_state == CPO_DP_STATE_ACTIVATED &&
		    lane->st.dp_state != CPO_DP_STATE_ACTIVATED)
			up = false;
	mutex_unlock(&cpo_lock);
	return up;
}

/*
 * Light with margin on each lane that carried traffic when prepared: RX
 * power above its low-warning threshold, or any light without one;
 * cpo_lock held.
 */
int cpo_service_check_light(struct cpo_engine *engine,
			    const struct cpo_svc_module *m, char *why,
			    size_t len)
{
	struct cpo_lane *lane;
	unsigned long index;

	xa_for_each(&engine->lanes, index, lane) {
		const struct cpo_thresholds *th = cpo_lane_thresholds(lane);
		const struct cpo_lane_status *st = &lane->st;
		s64 floor = 0;

		if (!cpo_service_lane_in(lane, m) ||
		    lane->svc_saved.dp_state != CPO_DP_STATE_ACTIVATED)
			continue;
		if (st->dp_state != CPO_DP_STATE_ACTIVATED) {
			snprintf(why, len, "light: lane %u did not come back up",
				 lane->index);
			return -ETIMEDOUT;
		}
		if (th->valid & BIT(CPO_QUANTITY_RX_POWER))
			floor = th->t[CPO_QUANTITY_RX_POWER].low_warning;
		if (!(st->valid & CPO_LANE_F_RX_POWER) ||
		    (s64)st->rx_power <= floor) {
			snprintf(why, len,
				 "light: lane %u receives %u nW, at or below its low-warning %lld nW",
				 lane->index, st->rx_power, floor);
			return -EREMOTEIO;
		}
	}
	return 0;
}

/* The saved configuration back into the part; the I/O lock held. */
static int cpo_service_bring_back(struct cpo_engine *engine)
{
	struct cpo_lane *lane;
	unsigned long index;
	int err;

	mutex_lock(&cpo_lock);
	engine->kept = engine->svc_saved;
	xa_for_each(&engine->lanes, index, lane)
		lane->kept = lane->svc_saved;
	mutex_unlock(&cpo_lock);
	err = cpo_engine_restore(engine);
	cpo_engine_refresh_passes(engine);
	return err;
}

/*
 * Wait, bounded, for the lanes that carried traffic to do so again, with
 * the I/O lock released: the module reports the steps of its state
 * machines by an interrupt whose refresh needs that lock. Takes the lock
 * again; fails when the part went away meanwhile.
 */
static int cpo_service_wait_up(struct cpo_engine *engine)
{
	unsigned long until = jiffies + msecs_to_jiffies(CPO_SERVICE_UP_MS);

	cpo_io_unlock(&engine->io);
	while (!cpo_service_lanes_up(engine, NULL) &&
	       time_before(jiffies, until))
		msleep(CPO_SERVICE_POLL_MS);
	return cpo_engine_lock_io(engine, NULL);
}

/* Claim the engine's service for one step; cpo_lock held. */
static int cpo_service_claim(struct cpo_engine *engine,
			     struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&cpo_lock);
	if (engine->svc.busy) {
		NL_SET_ERR_MSG(extack,
			       "a service step of the engine is under way");
		return -EBUSY;
	}
	engine->svc.busy = true;
	return 0;
}

static void cpo_service_release(struct cpo_engine *engine)
{
	mutex_lock(&cpo_lock);
	engine->svc.busy = false;
	mutex_unlock(&cpo_lock);
}

/*
 * Verify, once claimed and with the I/O lock held; returns with it held
 * unless *@gone: the part went away while it was released.
 */
static int cpo_service_verify_locked(struct cpo_engine *engine,
				     struct netlink_ext_ack *extack,
				     bool *gone)
{
	const u32 step = CPO_SERVICE_STEP_VERIFY;
	char why[sizeof(engine->svc.reason)];
	int err;

	engine->fw_reread = true;
	cpo_engine_refresh_passes(engine);
	mutex_lock(&cpo_lock);
	err = cpo_service_check_part(engine, why, sizeof(why));
	mutex_unlock(&cpo_lock);
	if (err)
		goto fail;

	err = cpo_service_bring_back(engine);
	if (err) {
		snprintf(why, sizeof(why), "restoring the configuration failed: %d",
			 err);
		goto down;
	}
	err = cpo_service_wait_up(engine);
	*gone = err;
	if (err) {
		/* Pulled or unregistered meanwhile: nothing to take down. */
		cpo_service_fail(engine, step, err, extack,
				 "the part went away during verify");
		return err;
	}
	cpo_engine_refresh_passes(engine);
	mutex_lock(&cpo_lock);
	err = cpo_service_check_light(engine, NULL, why, sizeof(why));
	if (!err)
		cpo_service_end(engine, step, CPO_SERVICE_STATE_VERIFIED, 0);
	mutex_unlock(&cpo_lock);
	if (!err)
		return 0;
down:
	/* Whatever came up goes down again; the failure is the check's. */
	cpo_service_take_down(engine, NULL);
fail:
	return cpo_service_fail(engine, step, err, extack, "%s", why);
}

/**
 * cpo_engine_service_verify - check a part and bring it into service
 * @engine: the engine, referenced
 * @extack: for the reason of a failure
 *
 * Reads the part, checks its identity, firmware and fibers, brings the
 * configuration saved by the prepare back, waits for the lanes that
 * carried traffic to do so again and checks their light. A failed check
 * leaves the lanes down and the state failed. Announces the step.
 *
 * Context: process context; sleeps on the bus and while lanes come up;
 * takes the engine's I/O lock and cpo_lock.
 * Return: 0; -ENODEV for an empty slot, -EINVAL without a prepare, -EBUSY
 * while another step runs, or the failed check's: -EMEDIUMTYPE identity,
 * -EPROTO firmware, -ENOLINK fiber, -ETIMEDOUT a lane not up, -EREMOTEIO
 * light.
 */
int cpo_engine_service_verify(struct cpo_engine *engine,
			      struct netlink_ext_ack *extack)
{
	bool gone = false;
	u32 state;
	int err;

	err = cpo_engine_lock_io(engine, extack);
	if (err)
		return err;
	mutex_lock(&cpo_lock);
	state = engine->svc.state;
	if (state != CPO_SERVICE_STATE_PREPARED &&
	    state != CPO_SERVICE_STATE_FAILED) {
		NL_SET_ERR_MSG(extack,
			       "no service prepared on the engine: run prepare first");
		err = -EINVAL;
	} else {
		err = cpo_service_claim(engine, extack);
	}
	mutex_unlock(&cpo_lock);
	if (err) {
		cpo_io_unlock(&engine->io);
		return err;
	}
	err = cpo_service_verify_locked(engine, extack, &gone);
	if (!gone)
		cpo_io_unlock(&engine->io);
	cpo_service_release(engine);
	return err;
}

/**
 * cpo_fw_min_check - check a minimum firmware version to provision
 * @version: "major.minor", or "" for none
 * @extack: for the reason of a refusal
 *
 * Context: any.
 * Return: 0, or -EINVAL for a bad version.
 */
int cpo_fw_min_check(const char *version, struct netlink_ext_ack *extack)
{
	unsigned int maj, min;
	char tail;

	if (version[0] &&
	    sscanf(version, "%u.%u%c", &maj, &min, &tail) != 2) {
		NL_SET_ERR_MSG(extack,
			       "fw-min-version: \"major.minor\", or empty for none");
		return -EINVAL;
	}
	return 0;
}

/**
 * cpo_engine_set_fw_min - provision the minimum firmware version verify wants
 * @engine: the engine
 * @version: checked with cpo_fw_min_check()
 *
 * Context: cpo_lock held.
 * Return: whether it changed.
 */
bool cpo_engine_set_fw_min(struct cpo_engine *engine, const char *version)
{
	lockdep_assert_held(&cpo_lock);
	if (!strcmp(engine->svc_fw_min, version))
		return false;
	strscpy(engine->svc_fw_min, version, sizeof(engine->svc_fw_min));
	return true;
}
