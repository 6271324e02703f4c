// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the service statistics (cpo_stats.c): which differences
 * between two reads of a lane or an engine count, that an edge counts
 * once however many reads see the same state, that a first read counts
 * nothing, how the time in service accumulates, and what a clear keeps.
 * The objects are zeroed memory of each case's own, never registered;
 * cpo_lock is taken around each call, as the refresh holds it. Linked
 * into cpo.ko only when the target kernel has CONFIG_KUNIT, as
 * cpo_kunit.c.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include "cpo_core.h"

static const struct cpo_lane_status stats_never_read;

static struct cpo_lane_status stats_dp(enum cpo_dp_state state)
{
	return (struct cpo_lane_status){ .valid = CPO_LANE_F_DP_STATE,
					 .dp_state = state };
}

/* Store @st as a read would: count, then make it the copy. */
static void stats_read(struct cpo_lane *lane, struct cpo_lane_status st)
{
	mutex_lock(&cpo_lock);
	cpo_lane_stats_update(lane, &lane->st, &st);
	lane->st = st;
	mutex_unlock(&cpo_lock);
}

static struct cpo_lane *stats_lane(struct kunit *test)
{
	struct cpo_lane *lane = kunit_kzalloc(test, sizeof(*lane), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, lane);
	mutex_lock(&cpo_lock);
	cpo_lane_stats_start(lane);
	mutex_unlock(&cpo_lock);
	return lane;
}

static void stats_dp_edges_test(struct kunit *test)
{
	struct cpo_lane *lane = stats_lane(test);
	const struct cpo_stats *s = &lane->stats;

	/* the first read finds it activated: in service, no activation */
	stats_read(lane, stats_dp(CPO_DP_STATE_ACTIVATED));
	KUNIT_ASSERT_EQ(test, s->dp_activations, 0ULL);
	KUNIT_ASSERT_NE(test, s->up_since, 0ULL);
	/* the same state read again: nothing */
	stats_read(lane, stats_dp(CPO_DP_STATE_ACTIVATED));
	KUNIT_ASSERT_EQ(test, s->dp_activations, 0ULL);
	/* one flap through two intermediate states: one of each */
	stats_read(lane, stats_dp(CPO_DP_STATE_DEINIT));
	stats_read(lane, stats_dp(CPO_DP_STATE_DEACTIVATED));
	KUNIT_ASSERT_EQ(test, s->dp_deactivations, 1ULL);
	KUNIT_ASSERT_EQ(test, s->up_since, 0ULL);
	stats_read(lane, stats_dp(CPO_DP_STATE_INITIALIZED));
	stats_read(lane, stats_dp(CPO_DP_STATE_ACTIVATED));
	stats_read(lane, stats_dp(CPO_DP_STATE_ACTIVATED));
	KUNIT_ASSERT_EQ(test, s->dp_activations, 1ULL);
	KUNIT_ASSERT_EQ(test, s->dp_deactivations, 1ULL);
	/* a read without the state changes nothing, the next one counts */
	stats_read(lane, stats_never_read);
	stats_read(lane, stats_dp(CPO_DP_STATE_DEACTIVATED));
	KUNIT_ASSERT_EQ(test, s->dp_deactivations, 1ULL);
	KUNIT_ASSERT_EQ(test, s->up_since, 0ULL);
}

static void stats_flags_test(struct kunit *test)
{
	struct cpo_lane *lane = stats_lane(test);
	const struct cpo_stats *s = &lane->stats;
	const u32 v = CPO_LANE_F_RX_LOS | CPO_LANE_F_RX_LOL |
		      CPO_LANE_F_TX_FAULT;
	struct cpo_lane_status st = { .valid = v };

	/* raised at the first read: not an edge seen */
	st.rx_los = true;
	stats_read(lane, st);
	KUNIT_ASSERT_EQ(test, s->rx_los, 0ULL);
	st.rx_los = false;
	stats_read(lane, st);
	/* a latched pulse: raised for one read, gone at the next */
	st.rx_los = true;
	st.rx_lol = true;
	stats_read(lane, st);
	stats_read(lane, st);
	st.rx_los = false;
	st.rx_lol = false;
	stats_read(lane, st);
	st.rx_los = true;
	stats_read(lane, st);
	KUNIT_ASSERT_EQ(test, s->rx_los, 2ULL);
	KUNIT_ASSERT_EQ(test, s->rx_lol, 1ULL);
	KUNIT_ASSERT_EQ(test, s->tx_fault, 0ULL);
	st.tx_fault = true;
	stats_read(lane, st);
	KUNIT_ASSERT_EQ(test, s->tx_fault, 1ULL);
	/* a flag the read did not give is no edge */
	st.valid = v & ~CPO_LANE_F_TX_FAULT;
	st.tx_fault = false;
	stats_read(lane, st);
	st.valid = v;
	st.tx_fault = true;
	stats_read(lane, st);
	KUNIT_ASSERT_EQ(test, s->tx_fault, 1ULL);
}

static void stats_in_service_test(struct kunit *test)
{
	struct cpo_lane *lane = stats_lane(test);
	struct cpo_stats_val v, w;

	stats_read(lane, stats_dp(CPO_DP_STATE_ACTIVATED));
	msleep(20);
	mutex_lock(&cpo_lock);
	cpo_lane_stats_get(lane, &v);
	mutex_unlock(&cpo_lock);
	KUNIT_ASSERT_GE(test, v.in_service_ns, 20 * NSEC_PER_MSEC);
	KUNIT_ASSERT_GE(test, v.elapsed_ns, v.in_service_ns);
	stats_read(lane, stats_dp(CPO_DP_STATE_DEACTIVATED));
	mutex_lock(&cpo_lock);
	cpo_lane_stats_get(lane, &v);
	mutex_unlock(&cpo_lock);
	msleep(20);
	mutex_lock(&cpo_lock);
	cpo_lane_stats_get(lane, &w);
	mutex_unlock(&cpo_lock);
	/* stopped while out of service */
	KUNIT_ASSERT_EQ(test, w.in_service_ns, v.in_service_ns);
	KUNIT_ASSERT_GE(test, w.elapsed_ns, v.elapsed_ns + 20 * NSEC_PER_MSEC);
}

static void stats_clear_test(struct kunit *test)
{
	struct cpo_lane *lane = stats_lane(test);
	const struct cpo_stats *s = &lane->stats;
	struct cpo_stats_val v;

	stats_read(lane, stats_dp(CPO_DP_STATE_DEACTIVATED));
	stats_read(lane, stats_dp(CPO_DP_STATE_ACTIVATED));
	lane->stats.failovers = 2;
	msleep(20);
	mutex_lock(&cpo_lock);
	cpo_lane_stats_clear(lane);
	cpo_lane_stats_get(lane, &v);
	mutex_unlock(&cpo_lock);
	KUNIT_ASSERT_EQ(test, v.dp_activations, 0ULL);
	KUNIT_ASSERT_EQ(test, v.failovers, 0ULL);
	/* still in service, counted from the clear */
	KUNIT_ASSERT_NE(test, s->up_since, 0ULL);
	KUNIT_ASSERT_LT(test, v.in_service_ns, 20 * NSEC_PER_MSEC);
	KUNIT_ASSERT_LT(test, v.elapsed_ns, 20 * NSEC_PER_MSEC);
}

static void stats_engine_test(struct kunit *test)
{
	struct cpo_engine *engine = kunit_kzalloc(test, sizeof(*engine),
						  GFP_KERNEL);
	struct cpo_engine_status old = {}, st = {
		.valid = CPO_ENGINE_F_MODULE_STATE,
	};
	static const u32 states[] = {
		CPO_MODULE_STATE_READY,		/* first read: no count */
		CPO_MODULE_STATE_FAULT,
		CPO_MODULE_STATE_FAULT,
		CPO_MODULE_STATE_LOW_PWR,
		CPO_MODULE_STATE_PWR_UP,
		CPO_MODULE_STATE_READY,
		CPO_MODULE_STATE_READY,
		CPO_MODULE_STATE_FAULT,
	};
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, engine);
	mutex_lock(&cpo_lock);
	cpo_stats_start(&engine->stats, false);
	for (i = 0; i < ARRAY_SIZE(states); i++) {
		st.module_state = states[i];
		cpo_engine_stats_update(engine, &old, &st);
		old = st;
	}
	mutex_unlock(&cpo_lock);
	KUNIT_ASSERT_EQ(test, engine->stats.module_faults, 2ULL);
	KUNIT_ASSERT_EQ(test, engine->stats.module_ready, 1ULL);
}

static struct kunit_case stats_test_cases[] = {
	KUNIT_CASE(stats_dp_edges_test),
	KUNIT_CASE(stats_flags_test),
	KUNIT_CASE(stats_in_service_test),
	KUNIT_CASE(stats_clear_test),
	KUNIT_CASE(stats_engine_test),
	{}
};

static struct kunit_suite stats_test_suite = {
	.name = "cpo_stats",
	.test_cases = stats_test_cases,
};

kunit_test_suites(&stats_test_suite);
