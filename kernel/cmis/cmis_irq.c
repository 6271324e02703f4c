// SPDX-License-Identifier: GPL-2.0
/*
 * CMIS layer: change detection and the latched flags.
 *
 * A module tells the host that something changed by raising its interrupt;
 * the board driver then calls cmis_engine_irq(), which re-reads the module
 * state and the lane status and announces each engine and lane whose state
 * differs from what the previous pass saw. Only what the module changes on
 * its own is compared (module state, data path states, fault, LOS and LOL
 * flags): controls are written by the host through cpo, which announces
 * those changes itself, and analog monitors drift all the time.
 *
 * The TX fault, RX LOS and RX CDR LOL flags of page 11h are latched: the
 * module sets a flag when its condition occurs, keeps it set while the
 * condition lasts, and clears it when read, for the eight lanes of a bank
 * at once. So that no reader steals another's events, change detection is
 * their only reader, and a lane's status_get reports the flags last
 * announced. When a bank shows a flag, the scan reads the flags a second
 * time: the first read tells what latched since the previous scan, the
 * second what is still present. A lane whose flag latched and is already
 * gone is announced twice, with the flag set, then clear, so monitors see
 * the event and gets report the present state. A board without an
 * interrupt line calls cmis_engine_irq() from a timer instead.
 */
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include "cmis_priv.h"

/* The flag bytes a scan reads a second time, TX fault to RX CDR LOL. */
#define CMIS_SCAN_FLAGS_LEN	(CMIS_RX_CDR_LOL_FLAG - CMIS_TX_FAULT_FLAG + 1)
#define CMIS_FLAG(flags, off)	((flags)[(off) - CMIS_TX_FAULT_FLAG])

u8 cmis_lane_flags(const u8 *flags, u32 index)
{
	u8 bit = cmis_lane_bit(index);
	u8 lane_flags = 0;

	if (CMIS_FLAG(flags, CMIS_TX_FAULT_FLAG) & bit)
		lane_flags |= CMIS_LANE_TX_FAULT;
	if (CMIS_FLAG(flags, CMIS_RX_LOS_FLAG) & bit)
		lane_flags |= CMIS_LANE_RX_LOS;
	if (CMIS_FLAG(flags, CMIS_RX_CDR_LOL_FLAG) & bit)
		lane_flags |= CMIS_LANE_RX_LOL;
	return lane_flags;
}

/* Read one bank into its lanes' scan_* fields; ce->lock held. */
static int cmis_scan_bank(struct cmis_engine *ce, u8 bank)
{
	u8 status[CMIS_RX_CDR_LOL_FLAG - CMIS_DP_STATE_HOST_LANE + 1];
	const u8 *latched = &status[CMIS_TX_FAULT_FLAG - CMIS_DP_STATE_HOST_LANE];
	u32 first = bank * CMIS_LANES_PER_BANK;
	u32 i, end = min(first + CMIS_LANES_PER_BANK, ce->lane_count);
	u8 live[CMIS_SCAN_FLAGS_LEN] = {};
	struct cmis_lane *cl;
	u8 any = 0;
	int err;

	lockdep_assert_held(&ce->lock);
	err = cmis_read(ce, bank, CMIS_PAGE_LANE_STATUS,
			CMIS_DP_STATE_HOST_LANE, status, sizeof(status), NULL);
	if (err)
		return err;
	for (i = first; i < end; i++)
		any |= cmis_lane_flags(latched, i);
	if (any) {
		err = cmis_read(ce, bank, CMIS_PAGE_LANE_STATUS,
				CMIS_TX_FAULT_FLAG, live, sizeof(live), NULL);
		if (err)
			return err;
	}
	for (i = first; i < end; i++) {
		cl = &ce->lanes[i];
		cl->scan_dp_state = cmis_dp_state(status, i);
		cl->scan_latched = cmis_lane_flags(latched, i);
		cl->scan_live = cmis_lane_flags(live, i);
	}
	return 0;
}

/* Announce a lane unless it was last announced in this very state. */
static void cmis_lane_announce(struct cmis_lane *cl, u8 dp_state, u8 flags)
{
	struct cmis_engine *ce = cl->ce;

	if (cl->seen.dp_state == dp_state && cl->seen.flags == flags)
		return;
	cl->seen.dp_state = dp_state;
	cl->seen.flags = flags;
	mutex_lock(&ce->lock);
	cl->flags = flags;
	mutex_unlock(&ce->lock);
	cpo_lane_change_ntf(cl->lane);
}

/**
 * cmis_scan - read the module and announce what changed since last time
 * @ce: the engine
 * @announce: send change notifications; without, only take the reference
 *	(at registration, before anything is visible)
 *
 * Context: process context; @ce->irq_lock held once the engine is live;
 * takes @ce->lock, then, with @announce, the subsystem lock.
 * Return: 0 or the transport's error; the lanes of the banks read before
 * an error are still handled.
 */
int cmis_scan(struct cmis_engine *ce, bool announce)
{
	struct cmis_lane *cl;
	bool engine_changed;
	u32 i, scanned;
	u8 bank, state;
	int err;

	mutex_lock(&ce->lock);
	err = cmis_read(ce, 0, 0, CMIS_MODULE_STATE, &state, 1, NULL);
	if (err) {
		mutex_unlock(&ce->lock);
		return err;
	}
	for (bank = 0; bank < cmis_bank_count(ce->lane_count); bank++) {
		err = cmis_scan_bank(ce, bank);
		if (err)
			break;
	}
	mutex_unlock(&ce->lock);
	scanned = min_t(u32, bank * CMIS_LANES_PER_BANK, ce->lane_count);

	state = FIELD_GET(CMIS_MODULE_STATE_MASK, state);
	engine_changed = state != ce->seen_module_state;
	ce->seen_module_state = state;

	if (!announce) {
		for (i = 0; i < scanned; i++) {
			cl = &ce->lanes[i];
			cl->seen.dp_state = cl->scan_dp_state;
			cl->seen.flags = cl->scan_live;
			cl->flags = cl->scan_live;
		}
		return err;
	}

	/* Outside ce->lock: the core calls our ops, which take it. */
	if (engine_changed)
		cpo_engine_change_ntf(ce->engine);
	for (i = 0; i < scanned; i++) {
		cl = &ce->lanes[i];
		if (cl->scan_latched & ~cl->scan_live)
			cmis_lane_announce(cl, cl->scan_dp_state,
					   cl->scan_latched | cl->scan_live);
		cmis_lane_announce(cl, cl->scan_dp_state, cl->scan_live);
	}
	return err;
}

/**
 * cmis_engine_irq - the module signalled a change
 * @ce: an engine returned by cmis_engine_register()
 *
 * Re-reads the module state and the state and flags of every lane, and
 * sends an engine-change-ntf or lane-change-ntf for each object whose
 * state differs from the previous call; then has the core evaluate the
 * engine and its lanes against their thresholds (cpo_engine_monitor()).
 * Calls made before registration completed or once unregistration
 * started do nothing.
 *
 * Context: process context; sleeps; takes the subsystem lock, so must not
 * be called from a cpo op or with a lock held that a transport op takes.
 * Must not be called after cmis_engine_unregister() returned.
 */
void cmis_engine_irq(struct cmis_engine *ce)
{
	int err;

	mutex_lock(&ce->irq_lock);
	if (ce->live) {
		err = cmis_scan(ce, true);
		if (err)
			dev_warn_ratelimited(ce->parent,
					     "cmis: reading the module after an interrupt failed: %d\n",
					     err);
		/* The monitors may have crossed thresholds too. */
		cpo_engine_monitor(ce->engine);
	}
	mutex_unlock(&ce->irq_lock);
}
EXPORT_SYMBOL_GPL(cmis_engine_irq);
