// SPDX-License-Identifier: GPL-2.0
/*
 * CMIS layer: the bulk read of an engine (the refresh op), the latched
 * flags, and the module's interrupt.
 *
 * The core refreshes each engine periodically, and at once when the board
 * driver reports the module's interrupt with cmis_engine_irq(); it then
 * compares what it read with its copy and announces what changed. A
 * refresh reads lower memory and, per bank of eight lanes, page 10h's
 * controls, page 11h from the data path states through the monitors, and
 * page 24h's VDM samples: one transaction each, whatever the lane count of
 * the bank.
 *
 * The TX fault, RX LOS and RX CDR LOL flags of page 11h are latched: the
 * module sets a flag when its condition occurs, keeps it set while the
 * condition lasts, and clears it when read, for the eight lanes of a bank
 * at once. So that no reader steals another's events, the refresh is their
 * only reader, and a lane's status_get reports the flags the last refresh
 * found. When a bank shows a flag, the refresh reads the flags a second
 * time: the first read tells what latched since the previous refresh, the
 * second what is still present. A lane whose flag latched and is already
 * gone is reported with the flag set, and the refresh asks the core to
 * read the engine again at once (CPO_REFRESH_AGAIN), which then finds it
 * clear: monitors see the event, and the copy ends with the present state.
 */
#include <linux/device.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include "cmis_priv.h"

/* The flag bytes a refresh reads a second time, TX fault to RX CDR LOL. */
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

/*
 * One bank into @lanes; ce->lock held. Sets *@again when a flag latched
 * and is gone already.
 */
static int cmis_refresh_bank(struct cmis_engine *ce, u8 bank,
			     struct cmis_bank_view *v,
			     struct cpo_lane_status *lanes, u32 *active,
			     bool *again)
{
	const u8 *latched = &v->status[CMIS_TX_FAULT_FLAG -
				       CMIS_DP_STATE_HOST_LANE];
	u32 first = bank * CMIS_LANES_PER_BANK;
	u32 i, end = min(first + CMIS_LANES_PER_BANK, ce->lane_count);
	u8 live[CMIS_SCAN_FLAGS_LEN] = {};
	bool vdm = cmis_bank_has_vdm(ce, bank);
	struct cmis_lane *cl;
	u8 any = 0, was;
	int err;

	lockdep_assert_held(&ce->lock);
	err = cmis_bank_read(ce, bank, v, vdm, NULL);
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
		was = cmis_lane_flags(latched, i);
		cl->flags = cmis_lane_flags(live, i);
		if (was & ~cl->flags)
			*again = true;
		cmis_lane_decode(cl, v, vdm, was | cl->flags, &lanes[i]);
		if (cmis_dp_state(v->status, i) == CMIS_DP_ACTIVATED)
			(*active)++;
	}
	return 0;
}

/* The engine's refresh op: see the comment at the top. */
int cmis_engine_refresh(struct cpo_engine *engine, void *priv,
			struct cpo_engine_status *st,
			struct cpo_lane_status *lanes,
			struct netlink_ext_ack *extack)
{
	struct cmis_engine *ce = priv;
	bool again = false;
	u32 active = 0;
	int err;
	u8 bank;

	mutex_lock(&ce->lock);
	err = cmis_module_read(ce, st, extack);
	for (bank = 0; !err && bank < cmis_bank_count(ce->lane_count); bank++)
		err = cmis_refresh_bank(ce, bank, &ce->view, lanes, &active,
					&again);
	mutex_unlock(&ce->lock);
	if (err)
		return err;
	st->active_lanes = active;
	st->valid |= CPO_ENGINE_F_ACTIVE_LANES;
	return again ? CPO_REFRESH_AGAIN : 0;
}

/**
 * cmis_engine_irq - the module signalled a change
 * @ce: an engine returned by cmis_engine_register()
 *
 * Has the core re-read the engine and its lanes at once
 * (cpo_engine_refresh()): each engine and lane whose state changed is
 * announced, and the thresholds are evaluated on the new values. Calls
 * made before registration completed or once unregistration started do
 * nothing. A board without an interrupt line need not call it: the core
 * refreshes every engine periodically.
 *
 * Context: process context; sleeps until the engine has been read; takes
 * the engine's I/O lock and the subsystem lock, so must not be called from
 * a cpo op or with a lock held that a transport op takes. Must not be
 * called after cmis_engine_unregister() returned.
 */
void cmis_engine_irq(struct cmis_engine *ce)
{
	mutex_lock(&ce->irq_lock);
	if (ce->live)
		cpo_engine_refresh(ce->engine);
	mutex_unlock(&ce->irq_lock);
}
EXPORT_SYMBOL_GPL(cmis_engine_irq);
