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
#include <linux/log2.h>
#include "cposim.h"

#define CPOSIM_LANE_LIGHT	10000	/* 1.0 mW in 0.1 uW, without lasers */
#define CPOSIM_TX_BIAS		20000	/* 40 mA in 2 uA */
#define CPOSIM_LOS_LIGHT	300	/* 30 uW in 0.1 uW: below, LOS */
#define CPOSIM_VCC		33000	/* 3.3 V in 100 uV */
#define CPOSIM_AMBIENT		30	/* degC */
#define CPOSIM_STATIC_MW	3000	/* a ready engine without lanes */
#define CPOSIM_LOW_PWR_MW	500	/* an engine in low power */
#define CPOSIM_SENSITIVITY	(-1000)	/* cdBm where BER is at FEC limit */
#define CPOSIM_FEC_LIMIT_BER	240000000000000ULL	/* 2.4e-4 * 1e18 */
#define CPOSIM_BER_FLOOR	1000ULL		/* 1e-15 * 1e18 */
#define CPOSIM_BER_NO_SIGNAL	500000000000000000ULL	/* 0.5 */
#define CPOSIM_SNR_AT_LIMIT	1700	/* cdB */
#define CPOSIM_SNR_MAX		4500	/* cdB */

/* A fixed spread between lanes, -5..5, so they do not all read the same. */
static int cposim_lane_spread(u32 index)
{
	return (int)(index * 7 % 11) - 5;
}

static u8 *cposim_page11(struct cposim_engine *se, u32 lane)
{
	return se->banks[lane / CMIS_LANES_PER_BANK].page11;
}

/* 10^(-d/10) and 10^(-t/100) for d, t = 0..9, times 10^4 */
static const u16 cposim_db[10] = {
	10000, 7943, 6310, 5012, 3981, 3162, 2512, 1995, 1585, 1259
};

static const u16 cposim_tenth_db[10] = {
	10000, 9772, 9550, 9333, 9120, 8913, 8710, 8511, 8318, 8128
};

static u64 cposim_attenuate64(u64 v, u32 cdb)
{
	for (; cdb >= 1000; cdb -= 1000)
		v = div_u64(v, 10);
	v = div_u64(v * cposim_db[cdb / 100], 10000);
	return div_u64(v * cposim_tenth_db[cdb % 100 / 10], 10000);
}

static u64 cposim_amplify64(u64 v, u32 cdb, u64 max)
{
	for (; cdb >= 1000; cdb -= 1000) {
		if (v > div_u64(max, 10))
			return max;
		v *= 10;
	}
	v = div_u64(v * 10000, cposim_db[cdb / 100]);
	v = div_u64(v * 10000, cposim_tenth_db[cdb % 100 / 10]);
	return min(v, max);
}

/**
 * cposim_attenuate - a power after a loss
 * @power: the power, any unit
 * @cdb: the loss in 0.01 dB
 *
 * Return: @power times 10^(-cdb/1000), to 0.1 dB.
 */
u32 cposim_attenuate(u32 power, u32 cdb)
{
	return cposim_attenuate64(power, cdb);
}

/**
 * cposim_cdbm - a power in 0.01 dBm
 * @power_nw: the power in nW, not 0
 *
 * Return: 1000 * log10(@power_nw / 10^6), to about 0.01 dB.
 */
int cposim_cdbm(u32 power_nw)
{
	u32 ip = ilog2(power_nw);
	u64 y = (u64)power_nw << (31 - ip);	/* [1, 2) in Q31 */
	u32 frac = 0;
	int i;

	for (i = 15; i >= 0; i--) {
		y = (y * y) >> 31;
		if (y >= 1ULL << 32) {
			y >>= 1;
			frac |= BIT(i);
		}
	}
	/* 1000 * log10(x) = 301.03 * log2(x); log2 in Q16 */
	return (int)div_u64(((u64)ip << 16 | frac) * 30103, 100 * 65536) -
	       6000;
}

/* Light the lane's transmitter gets, in 0.1 uW: its laser's or nominal. */
static u32 cposim_lane_light(const struct cposim_lane *sl)
{
	if (sl->laser)
		return cposim_laser_light(sl->laser);
	return CPOSIM_LANE_LIGHT;
}

/**
 * cposim_ber_snr - what a receiver makes of the light it gets
 * @rx: received power in 0.1 uW
 * @ber: pre-FEC BER times 10^18
 * @snr: eSNR in 0.01 dB
 *
 * At the sensitivity the BER is at the FEC limit; it falls a decade and
 * the SNR rises a dB for each dB of margin. Below the LOS level the BER
 * is 0.5 and the SNR 0.
 */
void cposim_ber_snr(u32 rx, u64 *ber, u32 *snr)
{
	int margin;

	if (rx < CPOSIM_LOS_LIGHT) {
		*ber = CPOSIM_BER_NO_SIGNAL;
		*snr = 0;
		return;
	}
	margin = cposim_cdbm(rx * CMIS_OPTICAL_POWER_NW) - CPOSIM_SENSITIVITY;
	if (margin >= 0)
		*ber = max(cposim_attenuate64(CPOSIM_FEC_LIMIT_BER, 10 * margin),
			   CPOSIM_BER_FLOOR);
	else
		*ber = cposim_amplify64(CPOSIM_FEC_LIMIT_BER, -10 * margin,
					CPOSIM_BER_NO_SIGNAL);
	*snr = clamp(CPOSIM_SNR_AT_LIMIT + margin, 0, CPOSIM_SNR_MAX);
}

/* Samples of the lane's VDM descriptors: eSNR then BER, see map.c. */
static void cposim_render_vdm(struct cposim_engine *se, u32 index, u32 rx)
{
	u8 *page24 = se->banks[index / CMIS_LANES_PER_BANK].page24;
	u32 slot = 2 * (index % CMIS_LANES_PER_BANK);
	u64 ber;
	u32 snr;

	cposim_ber_snr(rx, &ber, &snr);
	cmis_put_be16(&page24[2 * slot], DIV_ROUND_CLOSEST(snr * 256, 100));
	cmis_put_be16(&page24[2 * (slot + 1)], cmis_e18_to_f16(ber));
}

/**
 * cposim_lane_tx_power - the light a lane's transmitter puts out
 * @sl: the lane, its engine's lock held
 *
 * Return: the power in 0.1 uW, 0 unless the data path is activated, the
 * transmitter has not failed and gets light; never below 0 or above the
 * u16 of the monitor, however dim or bright the light.
 */
u32 cposim_lane_tx_power(const struct cposim_lane *sl)
{
	u32 light = cposim_lane_light(sl);
	s64 power;

	if (sl->dp_state != CMIS_DP_ACTIVATED || sl->tx_fault || !light)
		return 0;
	power = (s64)light + 20 * cposim_lane_spread(sl->index);
	return clamp_t(s64, power, 0, U16_MAX);
}

/* Render one lane; latches LOS and LOL when light is lost. */
static void cposim_render_lane(struct cposim_engine *se,
			       struct cposim_lane *sl)
{
	u8 *page11 = cposim_page11(se, sl->index);
	u32 n = sl->index % CMIS_LANES_PER_BANK;
	int spread = cposim_lane_spread(sl->index);
	bool up = sl->dp_state == CMIS_DP_ACTIVATED;
	u32 light = cposim_lane_light(sl);
	bool tx_on = up && !sl->tx_fault && light;
	u8 *b = &page11[CMIS_DP_STATE_HOST_LANE - CMIS_UPPER_OFFSET + n / 2];
	u8 shift = n % 2 ? 4 : 0;
	u32 rx = 0;
	bool los;

	/*
	 * The link is symmetric: the far end's transmitter is fed like this
	 * one, so the lane receives its laser's light less the link loss.
	 */
	if (!sl->rx_los && !sl->fiber_open)
		rx = cposim_attenuate(light, sl->loss_cdb);
	los = rx < CPOSIM_LOS_LIGHT;
	if (los && !sl->los) {
		page11[CMIS_RX_LOS_FLAG - CMIS_UPPER_OFFSET] |= BIT(n);
		page11[CMIS_RX_CDR_LOL_FLAG - CMIS_UPPER_OFFSET] |= BIT(n);
	}
	sl->los = los;

	*b = (*b & ~(CMIS_DP_STATE_MASK << shift)) | sl->dp_state << shift;
	cmis_put_be16(&page11[CMIS_OPTICAL_POWER_TX - CMIS_UPPER_OFFSET + 2 * n],
		      cposim_lane_tx_power(sl));
	cmis_put_be16(&page11[CMIS_LASER_BIAS_TX - CMIS_UPPER_OFFSET + 2 * n],
		      tx_on ? CPOSIM_TX_BIAS + 50 * spread : 0);
	cmis_put_be16(&page11[CMIS_OPTICAL_POWER_RX - CMIS_UPPER_OFFSET + 2 * n],
		      up ? min(rx, U16_MAX) : 0);
	if (se->sdev->cfg.vdm)
		cposim_render_vdm(se, sl->index, up ? rx : 0);
}

/* Electrical power the engine draws, in mW: more with each active lane. */
static u32 cposim_power_mw(const struct cposim_engine *se, u32 active)
{
	if (se->module_state != CMIS_MODULE_READY)
		return CPOSIM_LOW_PWR_MW;
	return CPOSIM_STATIC_MW + active * (100 + 3 * se->sdev->cfg.rate / 1000);
}

/**
 * cposim_render - write the model into the status bytes of the map
 * @se: the engine, @se->lock held or not yet visible
 *
 * Lanes that lost light latch their LOS and LOL flags; the temperature
 * follows the power the engine draws. The PRBS checkers are brought up
 * to date too: the lock of a loopback depends on the module's state and
 * on the lanes' light, which change with a render.
 */
void cposim_render(struct cposim_engine *se)
{
	u32 i, mw, active = 0;

	for (i = 0; i < se->lane_count; i++) {
		cposim_render_lane(se, &se->lanes[i]);
		if (se->lanes[i].dp_state == CMIS_DP_ACTIVATED)
			active++;
	}
	mw = cposim_power_mw(se, active);
	se->lower[CMIS_MODULE_STATE] =
		FIELD_PREP(CMIS_MODULE_STATE_MASK, se->module_state) |
		CMIS_INTERRUPT_DEASSERTED;
	/* An s16 of 1/256 degC: a hotter module reads its maximum. */
	cmis_put_be16(&se->lower[CMIS_TEMP_MONITOR],
		      min_t(u32, (CPOSIM_AMBIENT + se->overtemp) * 256 +
				 mw * 256 / 1000, S16_MAX));
	cmis_put_be16(&se->lower[CMIS_VCC_MONITOR], CPOSIM_VCC);
	cmis_put_be16(&se->lower[CMIS_CUSTOM_MONITOR], mw);
	cposim_prbs_update(se);
}

/**
 * cposim_relight - the light feeding the engine's lanes changed
 * @se: the engine
 *
 * Re-renders the lanes and raises the interrupt.
 *
 * Context: process context, no engine lock held.
 */
void cposim_relight(struct cposim_engine *se)
{
	mutex_lock(&se->lock);
	cposim_render(se);
	mutex_unlock(&se->lock);
	cposim_notify(se);
}

/**
 * cposim_fiber_connected - the board's fiber presence sense
 * @ctx: the engine
 * @lane: lane number within the engine
 *
 * Return: 1 when a fiber is connected at the lane's position, else 0.
 */
int cposim_fiber_connected(void *ctx, u32 lane)
{
	struct cposim_engine *se = ctx;
	bool open;

	if (lane >= se->lane_count)
		return -EINVAL;
	mutex_lock(&se->lock);
	open = se->lanes[lane].fiber_open;
	mutex_unlock(&se->lock);
	return !open;
}

/*
 * Where the module state machine goes next; itself when settled, and
 * while the module restarts (fwupdate.c): it goes on once it booted.
 */
u8 cposim_module_next(const struct cposim_engine *se)
{
	bool low = se->lower[CMIS_MODULE_GLOBAL_CTRL] & CMIS_LOW_PWR_REQUEST_SW;

	if (se->stuck || cposim_cdb_offline(&se->cdb))
		return se->module_state;
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

	if (se->stuck || sl->stuck)
		return sl->dp_state;
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
	cposim_cdb_stop(&se->cdb);
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
	lockdep_assert_held(&sl->se->lock);
	sl->rx_los = los;
	cposim_render(sl->se);
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
