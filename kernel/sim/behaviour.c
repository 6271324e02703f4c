// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: what a simulated engine does on its own. Writes to the module
 * and lane controls start CMIS state machines that advance one step per
 * dp_step_ms on a work item, so the host sees the transient states a real
 * module goes through; after every step the engine "raises its interrupt"
 * (calls cmis_engine_irq()). The monitors follow the state: light and bias
 * while a transmitter is on, received light while a lane is up without LOS,
 * a temperature that rises with the active lanes.
 */
#include <linux/bitfield.h>
#include <linux/jiffies.h>
#include "cposim.h"

#define CPOSIM_TX_POWER		10000	/* 1.0 mW in 0.1 uW */
#define CPOSIM_RX_POWER		8000	/* 0.8 mW in 0.1 uW */
#define CPOSIM_TX_BIAS		20000	/* 40 mA in 2 uA */
#define CPOSIM_TEMP		(45 * 256)	/* 45 degC in 1/256 degC */
#define CPOSIM_TEMP_PER_LANE	13	/* about 0.05 degC per active lane */
#define CPOSIM_VCC		33000	/* 3.3 V in 100 uV */

/* A fixed spread between lanes, -5..5, so they do not all read the same. */
static int cposim_lane_spread(u32 index)
{
	return (int)(index * 7 % 11) - 5;
}

static u8 *cposim_page11(struct cposim_engine *se, u32 lane)
{
	return se->banks[lane / CMIS_LANES_PER_BANK].page11;
}

static void cposim_render_lane(struct cposim_engine *se,
			       const struct cposim_lane *sl)
{
	u8 *page11 = cposim_page11(se, sl->index);
	u32 n = sl->index % CMIS_LANES_PER_BANK;
	int spread = cposim_lane_spread(sl->index);
	bool up = sl->dp_state == CMIS_DP_ACTIVATED;
	bool tx_on = up && !sl->tx_fault;
	bool rx_on = up && !sl->rx_los;
	u8 *b = &page11[CMIS_DP_STATE_HOST_LANE - CMIS_UPPER_OFFSET + n / 2];
	u8 shift = n % 2 ? 4 : 0;

	*b = (*b & ~(CMIS_DP_STATE_MASK << shift)) | sl->dp_state << shift;
	cmis_put_be16(&page11[CMIS_OPTICAL_POWER_TX - CMIS_UPPER_OFFSET + 2 * n],
		      tx_on ? CPOSIM_TX_POWER + 20 * spread : 0);
	cmis_put_be16(&page11[CMIS_LASER_BIAS_TX - CMIS_UPPER_OFFSET + 2 * n],
		      tx_on ? CPOSIM_TX_BIAS + 50 * spread : 0);
	cmis_put_be16(&page11[CMIS_OPTICAL_POWER_RX - CMIS_UPPER_OFFSET + 2 * n],
		      rx_on ? CPOSIM_RX_POWER + 20 * spread : 0);
}

/**
 * cposim_render - write the model into the status bytes of the map
 * @se: the engine, @se->lock held or not yet visible
 */
void cposim_render(struct cposim_engine *se)
{
	u32 i, active = 0;

	for (i = 0; i < se->lane_count; i++) {
		cposim_render_lane(se, &se->lanes[i]);
		if (se->lanes[i].dp_state == CMIS_DP_ACTIVATED)
			active++;
	}
	se->lower[CMIS_MODULE_STATE] =
		FIELD_PREP(CMIS_MODULE_STATE_MASK, se->module_state) |
		CMIS_INTERRUPT_DEASSERTED;
	cmis_put_be16(&se->lower[CMIS_TEMP_MONITOR],
		      CPOSIM_TEMP + CPOSIM_TEMP_PER_LANE * active);
	cmis_put_be16(&se->lower[CMIS_VCC_MONITOR], CPOSIM_VCC);
}

/* Where the module state machine goes next; itself when settled. */
u8 cposim_module_next(const struct cposim_engine *se)
{
	bool low = se->lower[CMIS_MODULE_GLOBAL_CTRL] & CMIS_LOW_PWR_REQUEST_SW;

	switch (se->module_state) {
	case CMIS_MODULE_READY:
		return low ? CMIS_MODULE_PWR_DN : CMIS_MODULE_READY;
	case CMIS_MODULE_PWR_DN:
		return CMIS_MODULE_LOW_PWR;
	case CMIS_MODULE_LOW_PWR:
		return low ? CMIS_MODULE_LOW_PWR : CMIS_MODULE_PWR_UP;
	case CMIS_MODULE_PWR_UP:
		return CMIS_MODULE_READY;
	default:
		return se->module_state;
	}
}

/*
 * Where a lane's data path state machine goes next in a ready module:
 * transient states always complete, stable ones move towards what the
 * controls (DPDeinit, OutputDisableTx) ask for.
 */
u8 cposim_lane_next(const struct cposim_engine *se,
		    const struct cposim_lane *sl)
{
	const u8 *page10 = se->banks[sl->index / CMIS_LANES_PER_BANK].page10;
	u8 bit = BIT(sl->index % CMIS_LANES_PER_BANK);
	bool deinit = page10[CMIS_DP_DEINIT_LANE - CMIS_UPPER_OFFSET] & bit;
	bool tx_off = page10[CMIS_OUTPUT_DISABLE_TX - CMIS_UPPER_OFFSET] & bit;

	switch (sl->dp_state) {
	case CMIS_DP_DEACTIVATED:
		return deinit ? CMIS_DP_DEACTIVATED : CMIS_DP_INIT;
	case CMIS_DP_INIT:
	case CMIS_DP_TX_TURN_OFF:
		return CMIS_DP_INITIALIZED;
	case CMIS_DP_DEINIT:
		return CMIS_DP_DEACTIVATED;
	case CMIS_DP_INITIALIZED:
		return deinit ? CMIS_DP_DEINIT :
		       tx_off ? CMIS_DP_INITIALIZED : CMIS_DP_TX_TURN_ON;
	case CMIS_DP_TX_TURN_ON:
		return CMIS_DP_ACTIVATED;
	case CMIS_DP_ACTIVATED:
		return deinit ? CMIS_DP_DEINIT :
		       tx_off ? CMIS_DP_TX_TURN_OFF : CMIS_DP_ACTIVATED;
	default:
		return CMIS_DP_DEACTIVATED;
	}
}

/* Nothing left to do until the host writes a control again. */
static bool cposim_settled(const struct cposim_engine *se)
{
	u32 i;

	if (cposim_module_next(se) != se->module_state)
		return false;
	if (se->module_state != CMIS_MODULE_READY)
		return true;
	for (i = 0; i < se->lane_count; i++)
		if (cposim_lane_next(se, &se->lanes[i]) != se->lanes[i].dp_state)
			return false;
	return true;
}

/*
 * One step: the module moves if it has to, taking the lanes down with it
 * on power-down; otherwise, in a ready module, every lane moves one state.
 */
void cposim_step(struct cposim_engine *se)
{
	u8 next = cposim_module_next(se);
	u32 i;

	if (next != se->module_state) {
		se->module_state = next;
		for (i = 0; i < se->lane_count; i++) {
			struct cposim_lane *sl = &se->lanes[i];

			if (next == CMIS_MODULE_LOW_PWR)
				sl->dp_state = CMIS_DP_DEACTIVATED;
			else if (next == CMIS_MODULE_PWR_DN &&
				 sl->dp_state != CMIS_DP_DEACTIVATED)
				sl->dp_state = CMIS_DP_DEINIT;
		}
		return;
	}
	if (se->module_state != CMIS_MODULE_READY)
		return;
	for (i = 0; i < se->lane_count; i++)
		se->lanes[i].dp_state = cposim_lane_next(se, &se->lanes[i]);
}

/**
 * cposim_notify - raise the engine's interrupt
 * @se: the engine
 *
 * Context: process context, @se->lock not held (the CMIS layer reads the
 * map); not after cposim_behaviour_stop() started.
 */
void cposim_notify(struct cposim_engine *se)
{
	struct cmis_engine *ce;

	mutex_lock(&se->lock);
	ce = se->ce;
	mutex_unlock(&se->lock);
	if (ce)
		cmis_engine_irq(ce);
}

static void cposim_step_work(struct work_struct *work)
{
	struct cposim_engine *se = container_of(to_delayed_work(work),
						struct cposim_engine,
						step_work);
	bool moved;

	mutex_lock(&se->lock);
	moved = !cposim_settled(se);
	if (moved) {
		cposim_step(se);
		cposim_render(se);
		if (!cposim_settled(se))
			cposim_kick(se);
	}
	mutex_unlock(&se->lock);
	if (moved)
		cposim_notify(se);
}

/**
 * cposim_kick - schedule the next step of the state machines
 * @se: the engine, @se->lock held
 *
 * A step already scheduled stays as it is; none is after teardown started.
 */
void cposim_kick(struct cposim_engine *se)
{
	lockdep_assert_held(&se->lock);
	if (se->dying)
		return;
	schedule_delayed_work(&se->step_work,
			      msecs_to_jiffies(READ_ONCE(se->sdev->dp_step_ms)));
}

/**
 * cposim_behaviour_init - initial state of a new engine
 * @se: the engine, not yet visible
 *
 * High power and ready, every lane activated, as cposim_map_init() set
 * the controls.
 */
void cposim_behaviour_init(struct cposim_engine *se)
{
	u32 i;

	INIT_DELAYED_WORK(&se->step_work, cposim_step_work);
	se->module_state = CMIS_MODULE_READY;
	for (i = 0; i < se->lane_count; i++)
		se->lanes[i].dp_state = CMIS_DP_ACTIVATED;
	cposim_render(se);
}

/**
 * cposim_behaviour_stop - stop the state machines for good
 * @se: the engine
 *
 * Context: process context, no lock held that the step work takes.
 */
void cposim_behaviour_stop(struct cposim_engine *se)
{
	mutex_lock(&se->lock);
	se->dying = true;
	mutex_unlock(&se->lock);
	cancel_delayed_work_sync(&se->step_work);
}

/**
 * cposim_lane_set_rx_los - light at a lane's receiver lost or back
 * @sl: the lane, its engine's lock held
 * @los: true when lost
 *
 * Losing light latches the RX LOS and RX CDR LOL flags; the caller raises
 * the interrupt once the lock is dropped.
 */
void cposim_lane_set_rx_los(struct cposim_lane *sl, bool los)
{
	struct cposim_engine *se = sl->se;
	u8 *page11 = cposim_page11(se, sl->index);
	u8 bit = BIT(sl->index % CMIS_LANES_PER_BANK);

	lockdep_assert_held(&se->lock);
	if (los && !sl->rx_los) {
		page11[CMIS_RX_LOS_FLAG - CMIS_UPPER_OFFSET] |= bit;
		page11[CMIS_RX_CDR_LOL_FLAG - CMIS_UPPER_OFFSET] |= bit;
	}
	sl->rx_los = los;
	cposim_render(se);
}

/**
 * cposim_lane_set_tx_fault - a lane's transmitter failed or recovered
 * @sl: the lane, its engine's lock held
 * @fault: true when failed
 *
 * A fault latches the TX fault flag and darkens the transmitter; the caller
 * raises the interrupt once the lock is dropped.
 */
void cposim_lane_set_tx_fault(struct cposim_lane *sl, bool fault)
{
	struct cposim_engine *se = sl->se;
	u8 *page11 = cposim_page11(se, sl->index);

	lockdep_assert_held(&se->lock);
	if (fault && !sl->tx_fault)
		page11[CMIS_TX_FAULT_FLAG - CMIS_UPPER_OFFSET] |=
			BIT(sl->index % CMIS_LANES_PER_BANK);
	sl->tx_fault = fault;
	cposim_render(se);
}

/**
 * cposim_set_fault - put the module in ModuleFault, or take it out
 * @se: the engine, its lock held
 * @cause: CMIS fault cause (lower memory byte 41); 0 clears the fault
 *
 * A fault deactivates every lane. Clearing it resets the module to low
 * power, from where it powers up if LowPwrRequestSW allows. The caller
 * raises the interrupt once the lock is dropped.
 */
void cposim_set_fault(struct cposim_engine *se, u8 cause)
{
	u32 i;

	lockdep_assert_held(&se->lock);
	se->lower[CMIS_MODULE_FAULT_CAUSE] = cause;
	if (cause) {
		se->module_state = CMIS_MODULE_FAULT;
		for (i = 0; i < se->lane_count; i++)
			se->lanes[i].dp_state = CMIS_DP_DEACTIVATED;
	} else if (se->module_state == CMIS_MODULE_FAULT) {
		se->module_state = CMIS_MODULE_LOW_PWR;
		cposim_kick(se);
	}
	cposim_render(se);
}
