// SPDX-License-Identifier: GPL-2.0
/*
 * Lane tests and the engine self-test. A lane test asks the driver for a
 * loopback and a PRBS generator and checker on the lane, lets the checker
 * count for the gating time (a delayed work per lane, so a whole switch
 * runs in parallel and waits on no lock meanwhile), then reads what it
 * counted and switches the test off again. The lane is out of service
 * meanwhile: sets get EBUSY, an update of the engine's firmware too, and
 * a lane that carries traffic is only tested when asked with force.
 *
 * The self-test of an engine is a lane test on every lane at once, with a
 * media side near-end loopback, each judged against a BER limit; it ends
 * when the last of them ends.
 */
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include "cpo_core.h"

#define CPO_BER_ONE	1000000000000000000ULL	/* a ratio of 1, times 10^18 */

/* Whether a test of @lane runs; the engine's I/O lock or cpo_lock held. */
bool cpo_lane_testing(const struct cpo_lane *lane)
{
	return lane->test && lane->test->state == CPO_TEST_STATE_RUNNING;
}

static bool cpo_lane_activated(const struct cpo_lane *lane)
{
	return (lane->st.valid & CPO_LANE_F_DP_STATE) &&
	       lane->st.dp_state == CPO_DP_STATE_ACTIVATED;
}

/* One lane of the self-test ended; cpo_lock held. */
static void cpo_selftest_lane_ended(struct cpo_engine *engine,
				    const struct cpo_lane_test *t)
{
	struct cpo_selftest *st = engine->selftest;

	lockdep_assert_held(&cpo_lock);
	if (!st || st->state != CPO_TEST_STATE_RUNNING || !st->pending)
		return;
	if (!t->pass)
		st->failed++;
	if (t->state == CPO_TEST_STATE_STOPPED)
		st->stopped = true;
	if (--st->pending)
		return;
	st->state = st->stopped ? CPO_TEST_STATE_STOPPED : CPO_TEST_STATE_DONE;
	st->ended = ktime_get_real_ns();
	st->pass = !st->failed && !st->stopped;
	cpo_selftest_notify(engine);
}

/*
 * Read what the checker counted, switch the test off and keep the result;
 * @state is how it ended. The engine's I/O lock held, the test running.
 */
static void cpo_lane_test_end(struct cpo_lane *lane, u32 state,
			      const char *why)
{
	struct cpo_engine *engine = lane->engine;
	struct cpo_lane_test *t = lane->test;
	struct cpo_lane_test_result res = {};
	struct netlink_ext_ack extack = {};
	int err, err2;

	lockdep_assert_held(&engine->io.lock);
	err = lane->ops->test_read(lane, lane->priv, &res, &extack);
	err2 = lane->ops->test_stop(lane, lane->priv, err ? NULL : &extack);

	mutex_lock(&cpo_lock);
	t->res = res;
	t->ber = 0;
	if (res.bits)
		t->ber = res.errors >= res.bits ? CPO_BER_ONE :
			 mul_u64_u64_div_u64(res.errors, CPO_BER_ONE,
					     res.bits);
	t->state = state;
	t->message[0] = '\0';
	if (why)
		strscpy(t->message, why, sizeof(t->message));
	if (err || err2) {
		t->state = CPO_TEST_STATE_FAILED;
		if (extack._msg)
			strscpy(t->message, extack._msg, sizeof(t->message));
		else
			snprintf(t->message, sizeof(t->message),
				 "%s the test failed: error %d",
				 err ? "reading the results of" :
				       "switching off", err ? err : err2);
	}
	t->pass = t->has_limit && t->state != CPO_TEST_STATE_FAILED &&
		  res.bits && res.locked && !res.lost_lock &&
		  t->ber <= t->ber_limit;
	t->ended = ktime_get_real_ns();
	engine->tests--;
	cpo_lane_test_notify(lane);
	if (t->selftest)
		cpo_selftest_lane_ended(engine, t);
	mutex_unlock(&cpo_lock);
}

static void cpo_lane_test_work(struct work_struct *work)
{
	struct cpo_lane_test *t = container_of(to_delayed_work(work),
					       struct cpo_lane_test, work);
	struct cpo_lane *lane = t->lane;
	struct cpo_engine *engine = lane->engine;

	mutex_lock(&engine->io.lock);
	/*
	 * Stopped meanwhile; or stopped and a new test begun, whose own
	 * gating time has not passed yet.
	 */
	if (cpo_lane_testing(lane) && time_after_eq(jiffies, t->deadline))
		cpo_lane_test_end(lane, CPO_TEST_STATE_DONE, NULL);
	cpo_io_unlock(&engine->io);
}

/**
 * cpo_lane_test_start - begin a loopback and PRBS test of a lane
 * @lane: the lane, registered
 * @cfg: the loopback, side and pattern
 * @gate_ms: how long the checker counts before the test ends by itself;
 *	0 for until stopped
 * @force: test the lane even when its data path is activated
 * @ber_limit: judge the result against this BER (times 10^18), or NULL
 * @extack: why it cannot begin
 *
 * Context: the engine's I/O lock held, cpo_lock not.
 * Return: 0 when the test runs (lane-test-ntf sent), or an errno with an
 * extack message: -EOPNOTSUPP, -EBUSY for a lane under test or carrying
 * traffic without @force, -ENODEV while the part is being pulled, the
 * driver's error.
 */
int cpo_lane_test_start(struct cpo_lane *lane,
			const struct cpo_lane_test_cfg *cfg, u32 gate_ms,
			bool force, const u64 *ber_limit,
			struct netlink_ext_ack *extack)
{
	struct cpo_engine *engine = lane->engine;
	struct cpo_lane_test *t = lane->test;
	int err;

	lockdep_assert_held(&engine->io.lock);
	if (!lane->ops->test_start || !lane->ops->test_read ||
	    !lane->ops->test_stop) {
		NL_SET_ERR_MSG(extack, "the lane's driver cannot run tests");
		return -EOPNOTSUPP;
	}
	if (!lane->registered) {
		NL_SET_ERR_MSG(extack, "the lane was unregistered");
		return -ENODEV;
	}
	if (cpo_lane_testing(lane)) {
		NL_SET_ERR_MSG(extack, "a test of the lane is under way");
		return -EBUSY;
	}
	if (!force && cpo_lane_activated(lane)) {
		NL_SET_ERR_MSG(extack,
			       "the lane is activated (carrying traffic): test it with force, or power it down first");
		return -EBUSY;
	}
	if (!t) {
		t = kzalloc(sizeof(*t), GFP_KERNEL);
		if (!t)
			return -ENOMEM;
		INIT_DELAYED_WORK(&t->work, cpo_lane_test_work);
		t->lane = lane;
		mutex_lock(&cpo_lock);
		lane->test = t;
		mutex_unlock(&cpo_lock);
	}

	err = lane->ops->test_start(lane, lane->priv, cfg, extack);
	if (err) {
		/* Whatever part of it was set up goes again. */
		lane->ops->test_stop(lane, lane->priv, NULL);
		return err;
	}

	mutex_lock(&cpo_lock);
	/* cpo_engine_removed() stopped the tests it saw: none may begin. */
	if (engine->leaving) {
		mutex_unlock(&cpo_lock);
		lane->ops->test_stop(lane, lane->priv, NULL);
		NL_SET_ERR_MSG(extack,
			       "the engine's part is being pulled from its slot");
		return -ENODEV;
	}
	t->cfg = *cfg;
	t->gate_ms = gate_ms;
	t->has_limit = ber_limit;
	t->ber_limit = ber_limit ? *ber_limit : 0;
	t->selftest = false;
	t->state = CPO_TEST_STATE_RUNNING;
	t->started = ktime_get_real_ns();
	t->ended = 0;
	memset(&t->res, 0, sizeof(t->res));
	t->ber = 0;
	t->pass = false;
	t->message[0] = '\0';
	t->deadline = jiffies + msecs_to_jiffies(gate_ms);
	engine->tests++;
	cpo_lane_test_notify(lane);
	mutex_unlock(&cpo_lock);
	if (gate_ms)
		queue_delayed_work(system_unbound_wq, &t->work,
				   msecs_to_jiffies(gate_ms));
	return 0;
}

/**
 * cpo_lane_test_stop - stop the test of a lane before its gating time
 * @lane: the lane; the caller holds a reference
 * @extack: why there is nothing to stop
 *
 * The results so far are read and kept, and the test is switched off.
 *
 * Context: process context, no cpo lock held.
 * Return: 0, -ENOENT when no test runs, or the I/O lock's error.
 */
int cpo_lane_test_stop(struct cpo_lane *lane, struct netlink_ext_ack *extack)
{
	struct cpo_engine *engine = lane->engine;
	int err;

	err = cpo_engine_lock_io(engine, extack);
	if (err)
		return err;
	if (!cpo_lane_testing(lane)) {
		cpo_io_unlock(&engine->io);
		NL_SET_ERR_MSG(extack, "no test of the lane is under way");
		return -ENOENT;
	}
	/* Its work, if it runs, waits for the lock and then finds it ended. */
	cancel_delayed_work(&lane->test->work);
	cpo_lane_test_end(lane, CPO_TEST_STATE_STOPPED, NULL);
	cpo_io_unlock(&engine->io);
	return 0;
}

/*
 * Unregistration of @lane, once it is marked unregistered (no test begins
 * after): a test under way is stopped (and switched off while the driver
 * still can), and its work is gone when this returns.
 * Context: no cpo lock held.
 */
void cpo_lane_test_cancel(struct cpo_lane *lane, const char *why)
{
	struct cpo_engine *engine = lane->engine;

	if (!lane->test)
		return;
	mutex_lock(&engine->io.lock);
	if (cpo_lane_testing(lane))
		cpo_lane_test_end(lane, CPO_TEST_STATE_STOPPED, why);
	cpo_io_unlock(&engine->io);
	cancel_delayed_work_sync(&lane->test->work);
}

/**
 * cpo_engine_selftest_start - begin the bring-up self-test of an engine
 * @engine: the engine, registered; the caller holds a reference
 * @req: pattern, gate_ms and ber_limit
 * @force: test lanes that carry traffic too
 * @extack: why it cannot begin
 *
 * Every lane at once: a media side near-end loopback and PRBS with
 * @req->pattern, judged against @req->ber_limit. Nothing begins when a
 * lane cannot be tested (under test, carrying traffic without @force, a
 * driver without tests) or when the engine is being updated.
 *
 * Context: process context, no cpo lock held.
 * Return: 0 when it runs (engine-selftest-ntf sent), or an errno with an
 * extack message.
 */
int cpo_engine_selftest_start(struct cpo_engine *engine,
			      const struct cpo_selftest *req, bool force,
			      struct netlink_ext_ack *extack)
{
	const struct cpo_lane_test_cfg cfg = {
		.loopback = CPO_LOOPBACK_MEDIA_INPUT,
		.side = CPO_TEST_SIDE_MEDIA,
		.pattern = req->pattern,
	};
	struct cpo_selftest *st = NULL;
	struct cpo_lane *lane, *bad;
	unsigned long index;
	u32 lanes = 0;
	int err;

	err = cpo_engine_lock_io(engine, extack);
	if (err)
		return err;
	mutex_lock(&cpo_lock);
	if (engine->selftest &&
	    engine->selftest->state == CPO_TEST_STATE_RUNNING) {
		NL_SET_ERR_MSG(extack, "a self-test of the engine is under way");
		err = -EBUSY;
	}
	xa_for_each(&engine->lanes, index, lane) {
		if (err || !lane->registered)
			continue;
		if (!lane->ops->test_start) {
			NL_SET_ERR_MSG(extack, "a lane's driver cannot run tests");
			err = -EOPNOTSUPP;
		} else if (cpo_lane_testing(lane)) {
			NL_SET_ERR_MSG(extack,
				       "a lane of the engine is under test already");
			err = -EBUSY;
		} else if (!force && cpo_lane_activated(lane)) {
			NL_SET_ERR_MSG(extack,
				       "lanes of the engine are activated (carrying traffic): run it with force, or power them down first");
			err = -EBUSY;
		}
		lanes++;
	}
	if (!err && !lanes) {
		NL_SET_ERR_MSG(extack, "the engine has no lanes to test");
		err = -ENODEV;
	}
	mutex_unlock(&cpo_lock);
	if (err)
		goto unlock;
	if (!engine->selftest) {
		st = kzalloc(sizeof(*st), GFP_KERNEL);
		if (!st) {
			err = -ENOMEM;
			goto unlock;
		}
	}

	bad = NULL;
	xa_for_each(&engine->lanes, index, lane) {
		if (!lane->registered)
			continue;
		err = cpo_lane_test_start(lane, &cfg, req->gate_ms, true,
					  &req->ber_limit, extack);
		if (err) {
			bad = lane;
			break;
		}
	}
	if (bad) {
		/* All or none: those that began end at once. */
		xa_for_each(&engine->lanes, index, lane) {
			if (lane == bad)
				break;
			if (!cpo_lane_testing(lane))
				continue;
			cancel_delayed_work(&lane->test->work);
			cpo_lane_test_end(lane, CPO_TEST_STATE_STOPPED,
					  "the self-test could not begin");
		}
		kfree(st);
		goto unlock;
	}

	mutex_lock(&cpo_lock);
	if (st)
		engine->selftest = st;
	st = engine->selftest;
	*st = (struct cpo_selftest){
		.pattern = req->pattern,
		.gate_ms = req->gate_ms,
		.ber_limit = req->ber_limit,
		.state = CPO_TEST_STATE_RUNNING,
		.started = ktime_get_real_ns(),
	};
	/* Their works wait for the I/O lock: none has ended yet. */
	xa_for_each(&engine->lanes, index, lane)
		if (cpo_lane_testing(lane)) {
			lane->test->selftest = true;
			st->lanes++;
		}
	st->pending = st->lanes;
	cpo_selftest_notify(engine);
	mutex_unlock(&cpo_lock);
unlock:
	cpo_io_unlock(&engine->io);
	return err;
}

/* One engine's start in a self-test of several, on a work item. */
struct cpo_selftest_start {
	struct work_struct work;
	struct cpo_engine *engine;
	const struct cpo_selftest *req;
	bool force;
	int err;
	struct netlink_ext_ack extack;
};

static void cpo_selftest_start_work(struct work_struct *work)
{
	struct cpo_selftest_start *s =
		container_of(work, struct cpo_selftest_start, work);

	s->err = cpo_engine_selftest_start(s->engine, s->req, s->force,
					   &s->extack);
}

/**
 * cpo_engines_selftest_start - begin the self-test of several engines
 * @v: the engines, referenced
 * @n: how many
 * @req: pattern, gate_ms and ber_limit
 * @force: test lanes that carry traffic too
 * @extack: why it cannot begin (the first engine's reason)
 *
 * Each engine's lanes are set up from a work item of its own, so that
 * every engine's bus works at once and the whole switch starts in about
 * the time one engine takes. All or none: when one engine cannot begin,
 * those that did stop.
 *
 * Context: process context, no cpo lock held.
 * Return: 0, or the first engine's errno with its extack message.
 */
int cpo_engines_selftest_start(struct cpo_engine **v, unsigned int n,
			       const struct cpo_selftest *req, bool force,
			       struct netlink_ext_ack *extack)
{
	struct cpo_selftest_start *s;
	unsigned int i;
	int err = 0;

	if (n == 1)
		return cpo_engine_selftest_start(v[0], req, force, extack);
	s = kcalloc(n, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		s[i].engine = v[i];
		s[i].req = req;
		s[i].force = force;
		INIT_WORK(&s[i].work, cpo_selftest_start_work);
		queue_work(system_unbound_wq, &s[i].work);
	}
	for (i = 0; i < n; i++)
		flush_work(&s[i].work);
	for (i = 0; i < n && !err; i++) {
		err = s[i].err;
		/* The messages are string literals: the pointer outlives s. */
		if (err && extack)
			extack->_msg = s[i].extack._msg;
	}
	for (i = 0; err && i < n; i++)
		if (!s[i].err)
			cpo_engine_selftest_stop(v[i]);
	kfree(s);
	return err;
}

/*
 * Each lane's test of the self-test under way on @engine ends now, with
 * its results so far; the self-test ends as stopped with the last. The
 * engine's I/O lock held.
 */
static void cpo_selftest_lanes_stop(struct cpo_engine *engine)
{
	struct cpo_lane *lane;
	unsigned long index;

	lockdep_assert_held(&engine->io.lock);
	xa_for_each(&engine->lanes, index, lane) {
		if (!cpo_lane_testing(lane) || !lane->test->selftest)
			continue;
		cancel_delayed_work(&lane->test->work);
		cpo_lane_test_end(lane, CPO_TEST_STATE_STOPPED, NULL);
	}
}

/*
 * Stop the self-test under way on @engine (one that began while another
 * engine's could not). Context: no cpo lock held.
 */
void cpo_engine_selftest_stop(struct cpo_engine *engine)
{
	mutex_lock(&engine->io.lock);
	cpo_selftest_lanes_stop(engine);
	cpo_io_unlock(&engine->io);
}

/**
 * cpo_engines_selftest_stop - stop the self-tests under way on engines
 * @v: the engines, referenced
 * @n: how many
 * @extack: why nothing was stopped
 *
 * Each engine that runs a self-test stops it: every lane's test ends with
 * its results so far, and the self-test ends as stopped
 * (engine-selftest-ntf). Engines that run none are passed over.
 *
 * Context: process context, no cpo lock held.
 * Return: 0 when at least one stopped, -ENOENT when none ran one, or the
 * I/O lock's error (engines before it stopped).
 */
int cpo_engines_selftest_stop(struct cpo_engine **v, unsigned int n,
			      struct netlink_ext_ack *extack)
{
	unsigned int i, stopped = 0;
	int err;

	for (i = 0; i < n; i++) {
		err = cpo_engine_lock_io(v[i], extack);
		if (err)
			return err;
		/* Its state changes under the I/O lock too. */
		if (v[i]->selftest &&
		    v[i]->selftest->state == CPO_TEST_STATE_RUNNING) {
			cpo_selftest_lanes_stop(v[i]);
			stopped++;
		}
		cpo_io_unlock(&v[i]->io);
	}
	if (!stopped) {
		if (n == 1)
			NL_SET_ERR_MSG(extack,
				       "no self-test of the engine is under way");
		else
			NL_SET_ERR_MSG(extack,
				       "no self-test of the device's engines is under way");
		return -ENOENT;
	}
	return 0;
}
