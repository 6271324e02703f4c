// SPDX-License-Identifier: GPL-2.0
/*
 * Service statistics of engines and lanes.
 *
 * Counted on the changes of each object's copy (cpo_refresh.c): every
 * time a read replaces the copy, the old and the new state are compared,
 * and each edge counts once, whatever the refresh interval. A condition
 * that comes and goes between two reads is seen only when the hardware
 * latches it: the CMIS layer reports a latched RX LOS, RX CDR LOL or TX
 * fault as raised for one read and has the core read again at once
 * (CPO_REFRESH_AGAIN), so a short pulse still makes one edge. Data path
 * and module states are not latched: a state left and entered again
 * between two reads is missed.
 *
 * The counts live in the objects, not in the drivers, so they survive
 * refreshes and driver errors; they are cleared by command only. Times
 * are on CLOCK_BOOTTIME, which keeps counting across a suspend, as the
 * hardware does. Everything here runs under cpo_lock, which the writers
 * of the copies hold.
 */
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include "cpo_core.h"

static bool cpo_dp_activated(const struct cpo_lane_status *st)
{
	return (st->valid & CPO_LANE_F_DP_STATE) &&
	       st->dp_state == CPO_DP_STATE_ACTIVATED;
}

/* A flag the hardware raised since @old: an edge of the two reads. */
static bool cpo_stats_raised(u32 old_valid, bool old, u32 new_valid, bool new,
			     u32 flag)
{
	return (old_valid & flag) && (new_valid & flag) && !old && new;
}

/**
 * cpo_stats_start - start the statistics of a new object
 * @s: the object's statistics
 * @up: the first copy shows the lane's data path activated
 *
 * Context: cpo_lock held, before the object is visible.
 */
void cpo_stats_start(struct cpo_stats *s, bool up)
{
	u64 now = ktime_get_boottime_ns();

	lockdep_assert_held(&cpo_lock);
	memset(s, 0, sizeof(*s));
	s->cleared = now;
	s->up_since = up ? now : 0;
}

/**
 * cpo_lane_stats_start - start the statistics of a lane on its first copy
 * @lane: the lane, being registered
 *
 * Context: cpo_lock held.
 */
void cpo_lane_stats_start(struct cpo_lane *lane)
{
	cpo_stats_start(&lane->stats, cpo_dp_activated(&lane->st));
}

/**
 * cpo_lane_stats_update - count what changed between two copies of a lane
 * @lane: the lane
 * @old: its copy before the read
 * @st: what the read found, about to become the copy
 *
 * Context: cpo_lock held, as for writing the copy.
 */
void cpo_lane_stats_update(struct cpo_lane *lane,
			   const struct cpo_lane_status *old,
			   const struct cpo_lane_status *st)
{
	struct cpo_stats *s = &lane->stats;
	u64 now = ktime_get_boottime_ns();
	bool was = cpo_dp_activated(old), up = cpo_dp_activated(st);

	lockdep_assert_held(&cpo_lock);
	if ((old->valid & CPO_LANE_F_DP_STATE) &&
	    (st->valid & CPO_LANE_F_DP_STATE)) {
		if (!was && up)
			s->dp_activations++;
		else if (was && !up)
			s->dp_deactivations++;
	}
	if (up && !s->up_since) {
		s->up_since = now;
	} else if (!up && (st->valid & CPO_LANE_F_DP_STATE) && s->up_since) {
		s->in_service_ns += now - s->up_since;
		s->up_since = 0;
	}
	if (cpo_stats_raised(old->valid, old->rx_los, st->valid, st->rx_los,
			     CPO_LANE_F_RX_LOS))
		s->rx_los++;
	if (cpo_stats_raised(old->valid, old->rx_lol, st->valid, st->rx_lol,
			     CPO_LANE_F_RX_LOL))
		s->rx_lol++;
	if (cpo_stats_raised(old->valid, old->tx_fault, st->valid, st->tx_fault,
			     CPO_LANE_F_TX_FAULT))
		s->tx_fault++;
}

/**
 * cpo_engine_stats_update - count what changed between two copies of an
 *	engine
 * @engine: the engine
 * @old: its copy before the read
 * @st: what the read found, about to become the copy
 *
 * Context: cpo_lock held, as for writing the copy.
 */
void cpo_engine_stats_update(struct cpo_engine *engine,
			     const struct cpo_engine_status *old,
			     const struct cpo_engine_status *st)
{
	struct cpo_stats *s = &engine->stats;

	lockdep_assert_held(&cpo_lock);
	if (!(old->valid & CPO_ENGINE_F_MODULE_STATE) ||
	    !(st->valid & CPO_ENGINE_F_MODULE_STATE) ||
	    old->module_state == st->module_state)
		return;
	if (st->module_state == CPO_MODULE_STATE_FAULT)
		s->module_faults++;
	else if (st->module_state == CPO_MODULE_STATE_READY)
		s->module_ready++;
}

/**
 * cpo_lane_stats_failover - a failover moved the lane to another laser
 * @lane: the lane
 *
 * Context: cpo_lock held.
 */
void cpo_lane_stats_failover(struct cpo_lane *lane)
{
	lockdep_assert_held(&cpo_lock);
	lane->stats.failovers++;
}

/* Counts to 0, times from now; a data path in service stays so. */
static void cpo_stats_clear(struct cpo_stats *s, u64 now)
{
	bool up = s->up_since;

	memset(s, 0, sizeof(*s));
	s->cleared = now;
	s->up_since = up ? now : 0;
}

/**
 * cpo_lane_stats_clear - clear a lane's statistics
 * @lane: the lane
 *
 * Context: cpo_lock held.
 */
void cpo_lane_stats_clear(struct cpo_lane *lane)
{
	lockdep_assert_held(&cpo_lock);
	cpo_stats_clear(&lane->stats, ktime_get_boottime_ns());
}

/**
 * cpo_engine_stats_clear - clear an engine's statistics and its lanes'
 * @engine: the engine
 *
 * Context: cpo_lock held.
 */
void cpo_engine_stats_clear(struct cpo_engine *engine)
{
	u64 now = ktime_get_boottime_ns();
	struct cpo_lane *lane;
	unsigned long index;

	lockdep_assert_held(&cpo_lock);
	cpo_stats_clear(&engine->stats, now);
	xa_for_each(&engine->lanes, index, lane)
		cpo_stats_clear(&lane->stats, now);
}

/**
 * cpo_lane_stats_get - a lane's statistics as of now
 * @lane: the lane
 * @v: filled; the time in service includes the period under way
 *
 * Context: cpo_lock held.
 */
void cpo_lane_stats_get(const struct cpo_lane *lane, struct cpo_stats_val *v)
{
	const struct cpo_stats *s = &lane->stats;
	u64 now = ktime_get_boottime_ns();

	lockdep_assert_held(&cpo_lock);
	memset(v, 0, sizeof(*v));
	v->dp_activations = s->dp_activations;
	v->dp_deactivations = s->dp_deactivations;
	v->rx_los = s->rx_los;
	v->rx_lol = s->rx_lol;
	v->tx_fault = s->tx_fault;
	v->in_service_ns = s->in_service_ns +
			   (s->up_since ? now - s->up_since : 0);
	v->failovers = s->failovers;
	v->elapsed_ns = now - s->cleared;
}

/**
 * cpo_engine_stats_get - an engine's statistics as of now
 * @engine: the engine
 * @v: filled; the data path counts are the sums over its lanes
 *
 * Context: cpo_lock held.
 */
void cpo_engine_stats_get(struct cpo_engine *engine, struct cpo_stats_val *v)
{
	const struct cpo_stats *s = &engine->stats;
	struct cpo_lane *lane;
	unsigned long index;

	lockdep_assert_held(&cpo_lock);
	memset(v, 0, sizeof(*v));
	xa_for_each(&engine->lanes, index, lane) {
		if (!lane->registered)
			continue;
		v->dp_activations += lane->stats.dp_activations;
		v->dp_deactivations += lane->stats.dp_deactivations;
	}
	v->module_faults = s->module_faults;
	v->module_ready = s->module_ready;
	v->swaps = s->swaps;
	v->last_swap = s->last_swap;
	v->elapsed_ns = ktime_get_boottime_ns() - s->cleared;
}
