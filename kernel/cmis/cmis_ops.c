// SPDX-License-Identifier: GPL-2.0
/*
 * CMIS layer: the cpo driver ops of an engine and of a lane, as reads and
 * read-modify-writes of the CMIS 5.x memory map. The core calls them with
 * its subsystem lock held; they take only the engine's own lock, around
 * transport access, and never call back into the core.
 */
#include <linux/bitfield.h>
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include "cmis_priv.h"

/* Lanes whose data path is activated, from every bank's page 11h. */
static int cmis_count_active_lanes(struct cmis_engine *ce, u32 *active,
				   struct netlink_ext_ack *extack)
{
	u8 dp[CMIS_LANES_PER_BANK / 2];
	u8 bank;
	int err;
	u32 i;

	*active = 0;
	for (bank = 0; bank < cmis_bank_count(ce->lane_count); bank++) {
		err = cmis_read(ce, bank, CMIS_PAGE_LANE_STATUS,
				CMIS_DP_STATE_HOST_LANE, dp, sizeof(dp), extack);
		if (err)
			return err;
		for (i = bank * CMIS_LANES_PER_BANK;
		     i < min((bank + 1) * CMIS_LANES_PER_BANK, ce->lane_count);
		     i++)
			if (cmis_dp_state(dp, i) == CMIS_DP_ACTIVATED)
				(*active)++;
	}
	return 0;
}

void cmis_fault_cause(struct cpo_engine_status *st, u8 cause)
{
	switch (cause) {
	case CMIS_FAULT_TEC_RUNAWAY:
		st->fault_cause = CPO_FAULT_CAUSE_TEC_RUNAWAY;
		break;
	case CMIS_FAULT_DATA_MEMORY:
		st->fault_cause = CPO_FAULT_CAUSE_DATA_MEMORY;
		break;
	case CMIS_FAULT_PROGRAM_MEMORY:
		st->fault_cause = CPO_FAULT_CAUSE_PROGRAM_MEMORY;
		break;
	default:
		return;	/* reserved and custom codes: unknown to cpo */
	}
	st->valid |= CPO_ENGINE_F_FAULT_CAUSE;
}

/* Lower memory: module state, monitors, controls; ce->lock held. */
int cmis_module_read(struct cmis_engine *ce, struct cpo_engine_status *st,
		     struct netlink_ext_ack *extack)
{
	u8 mon[CMIS_MODULE_GLOBAL_CTRL - CMIS_TEMP_MONITOR + 1];
	u8 state, cause = 0;
	int err;

	lockdep_assert_held(&ce->lock);
	/* Two reads: bytes 8..13 between them are clear-on-read flags. */
	err = cmis_read(ce, 0, 0, CMIS_MODULE_STATE, &state, 1, extack);
	if (!err)
		err = cmis_read(ce, 0, 0, CMIS_TEMP_MONITOR, mon, sizeof(mon),
				extack);
	if (err)
		return err;
	state = FIELD_GET(CMIS_MODULE_STATE_MASK, state);
	if (state == CMIS_MODULE_FAULT) {
		err = cmis_read(ce, 0, 0, CMIS_MODULE_FAULT_CAUSE, &cause, 1,
				extack);
		if (err)
			return err;
	}

#define MON(off)	(&mon[(off) - CMIS_TEMP_MONITOR])
	if (state >= CPO_MODULE_STATE_LOW_PWR && state <= CPO_MODULE_STATE_MAX) {
		st->module_state = state;
		st->valid |= CPO_ENGINE_F_MODULE_STATE;
	}
	if (state == CMIS_MODULE_FAULT)
		cmis_fault_cause(st, cause);
	st->power_mode = *MON(CMIS_MODULE_GLOBAL_CTRL) &
			 CMIS_LOW_PWR_REQUEST_SW ? CPO_POWER_MODE_LOW :
						   CPO_POWER_MODE_HIGH;
	st->temperature = DIV_ROUND_CLOSEST((s16)cmis_get_be16(MON(CMIS_TEMP_MONITOR)) *
					    1000, 256);
	st->voltage = cmis_get_be16(MON(CMIS_VCC_MONITOR)) * CMIS_VCC_UV;
	if (ce->power_monitor) {
		st->power_draw = cmis_get_be16(MON(CMIS_CUSTOM_MONITOR)) * 1000;
		st->valid |= CPO_ENGINE_F_POWER_DRAW;
	}
#undef MON
	st->valid |= CPO_ENGINE_F_POWER_MODE | CPO_ENGINE_F_TEMPERATURE |
		     CPO_ENGINE_F_VOLTAGE;
	return 0;
}

static int cmis_engine_status_get(struct cpo_engine *engine, void *priv,
				  struct cpo_engine_status *st,
				  struct netlink_ext_ack *extack)
{
	struct cmis_engine *ce = priv;
	int err;

	mutex_lock(&ce->lock);
	err = cmis_module_read(ce, st, extack);
	if (!err)
		err = cmis_count_active_lanes(ce, &st->active_lanes, extack);
	mutex_unlock(&ce->lock);
	if (!err)
		st->valid |= CPO_ENGINE_F_ACTIVE_LANES;
	return err;
}

/* Read-modify-write of @mask in one control byte; ce->lock held. */
static int cmis_update_bits(struct cmis_engine *ce, u8 bank, u8 page,
			    u8 offset, u8 mask, bool set,
			    struct netlink_ext_ack *extack)
{
	u8 val;
	int err;

	lockdep_assert_held(&ce->lock);
	err = cmis_read(ce, bank, page, offset, &val, 1, extack);
	if (err)
		return err;
	val = set ? val | mask : val & ~mask;
	return cmis_write(ce, bank, page, offset, &val, 1, extack);
}

static int cmis_engine_power_mode_set(struct cpo_engine *engine, void *priv,
				      enum cpo_power_mode mode,
				      struct netlink_ext_ack *extack)
{
	struct cmis_engine *ce = priv;
	int err;

	mutex_lock(&ce->lock);
	err = cmis_update_bits(ce, 0, 0, CMIS_MODULE_GLOBAL_CTRL,
			       CMIS_LOW_PWR_REQUEST_SW,
			       mode == CPO_POWER_MODE_LOW, extack);
	mutex_unlock(&ce->lock);
	return err;
}

/* Page 02h: high alarm, low alarm, high warning, low warning, each u16. */
static void cmis_threshold(struct cpo_thresholds *th, u32 q, const u8 *p,
			   bool is_signed, s64 scale_num, s64 scale_den)
{
	struct cpo_threshold *t = &th->t[q];
	s64 v[4];
	int i;

	for (i = 0; i < 4; i++) {
		u16 raw = cmis_get_be16(&p[2 * i]);

		v[i] = div_s64((is_signed ? (s64)(s16)raw : (s64)raw) *
			       scale_num, scale_den);
	}
	t->high_alarm = v[0];
	t->low_alarm = v[1];
	t->high_warning = v[2];
	t->low_warning = v[3];
	th->valid |= BIT(q);
}

static int cmis_engine_thresholds_get(struct cpo_engine *engine, void *priv,
				      struct cpo_thresholds *th,
				      struct netlink_ext_ack *extack)
{
	struct cmis_engine *ce = priv;
	u8 page[CMIS_RX_POWER_THRESHOLDS + 8 - CMIS_TEMP_THRESHOLDS];
	int err;

	mutex_lock(&ce->lock);
	err = cmis_read(ce, 0, CMIS_PAGE_THRESHOLDS, CMIS_TEMP_THRESHOLDS, page,
			sizeof(page), extack);
	mutex_unlock(&ce->lock);
	if (err)
		return err;
#define TH(off)	(&page[(off) - CMIS_TEMP_THRESHOLDS])
	cmis_threshold(th, CPO_QUANTITY_TEMPERATURE, TH(CMIS_TEMP_THRESHOLDS),
		       true, 1000, 256);
	cmis_threshold(th, CPO_QUANTITY_VOLTAGE, TH(CMIS_VCC_THRESHOLDS),
		       false, CMIS_VCC_UV, 1);
	cmis_threshold(th, CPO_QUANTITY_TX_POWER, TH(CMIS_TX_POWER_THRESHOLDS),
		       false, CMIS_OPTICAL_POWER_NW, 1);
	cmis_threshold(th, CPO_QUANTITY_TX_BIAS, TH(CMIS_TX_BIAS_THRESHOLDS),
		       false, CMIS_LASER_BIAS_UA, 1);
	cmis_threshold(th, CPO_QUANTITY_RX_POWER, TH(CMIS_RX_POWER_THRESHOLDS),
		       false, CMIS_OPTICAL_POWER_NW, 1);
#undef TH
	return 0;
}

const struct cpo_engine_ops cmis_engine_ops = {
	.status_get = cmis_engine_status_get,
	.refresh = cmis_engine_refresh,
	.bus_stats_get = cmis_bus_stats_get,
	.power_mode_set = cmis_engine_power_mode_set,
	.thresholds_get = cmis_engine_thresholds_get,
	.firmware_get = cmis_engine_firmware_get,
	.firmware_flash = cmis_engine_firmware_flash,
	.module_eeprom_read = cmis_engine_module_eeprom_read,
};

static u32 cmis_lane_mon(const u8 *mon, u8 first, u32 n)
{
	return cmis_get_be16(&mon[first - CMIS_OPTICAL_POWER_TX +
				  2 * (n % CMIS_LANES_PER_BANK)]);
}

/*
 * The lane's VDM samples from page 24h of its bank, as @samples holds it
 * from byte 128 on (CMIS_VDM_DESC_COUNT u16 samples).
 */
static void cmis_lane_vdm_decode(const struct cmis_lane *cl,
				 const u8 *samples, struct cpo_lane_status *st)
{
	if (cl->vdm_snr != CMIS_VDM_NONE) {
		/* 1/256 dB to 1/100 dB */
		st->snr = DIV_ROUND_CLOSEST(cmis_get_be16(&samples[2 * cl->vdm_snr]) *
					    100, 256);
		st->valid |= CPO_LANE_F_SNR;
	}
	if (cl->vdm_ber != CMIS_VDM_NONE) {
		st->pre_fec_ber =
			cmis_f16_to_e18(cmis_get_be16(&samples[2 * cl->vdm_ber]));
		st->valid |= CPO_LANE_F_PRE_FEC_BER;
	}
}

/* The bytes of a bank's pages a lane's status is decoded from. */
int cmis_bank_read(struct cmis_engine *ce, u8 bank, struct cmis_bank_view *v,
		   bool vdm, struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&ce->lock);
	err = cmis_read(ce, bank, CMIS_PAGE_LANE_CTRL, CMIS_DP_DEINIT_LANE,
			v->ctrl, sizeof(v->ctrl), extack);
	if (!err)
		err = cmis_read(ce, bank, CMIS_PAGE_LANE_STATUS,
				CMIS_DP_STATE_HOST_LANE, v->status,
				sizeof(v->status), extack);
	if (!err && vdm)
		err = cmis_read(ce, bank, CMIS_PAGE_VDM_SAMPLES,
				CMIS_UPPER_OFFSET, v->vdm, sizeof(v->vdm),
				extack);
	return err;
}

/* Whether any lane of @bank has VDM samples. */
bool cmis_bank_has_vdm(const struct cmis_engine *ce, u8 bank)
{
	u32 i = bank * CMIS_LANES_PER_BANK;
	u32 end = min(i + CMIS_LANES_PER_BANK, ce->lane_count);

	for (; i < end; i++)
		if (ce->lanes[i].vdm_snr != CMIS_VDM_NONE ||
		    ce->lanes[i].vdm_ber != CMIS_VDM_NONE)
			return true;
	return false;
}

/*
 * A lane's status from its bank's bytes, with @flags the CMIS_LANE_*
 * flags to report (the latched flags are decoded by the refresh alone).
 */
void cmis_lane_decode(struct cmis_lane *cl, const struct cmis_bank_view *v,
		      bool vdm, u8 flags, struct cpo_lane_status *st)
{
	struct cmis_engine *ce = cl->ce;
	u8 bit = cmis_lane_bit(cl->index);
	const u8 *mon = &v->status[CMIS_OPTICAL_POWER_TX -
				   CMIS_DP_STATE_HOST_LANE];
	u8 dp_state;

	if (ce->fiber_connected) {
		int connected = ce->fiber_connected(ce->ctx, cl->index);

		if (connected >= 0) {
			st->fiber_connected = connected;
			st->valid |= CPO_LANE_F_FIBER_CONNECTED;
		}
	}

	dp_state = cmis_dp_state(v->status, cl->index);
	if (dp_state >= CPO_DP_STATE_DEACTIVATED &&
	    dp_state <= CPO_DP_STATE_MAX) {
		st->dp_state = dp_state;
		st->valid |= CPO_LANE_F_DP_STATE;
	}
#define CTRL(off)	(v->ctrl[(off) - CMIS_DP_DEINIT_LANE])
	st->tx_enable = !(CTRL(CMIS_OUTPUT_DISABLE_TX) & bit);
	st->rx_enable = !(CTRL(CMIS_OUTPUT_DISABLE_RX) & bit);
	st->power = CTRL(CMIS_DP_DEINIT_LANE) & bit ? CPO_LANE_POWER_DOWN :
						      CPO_LANE_POWER_UP;
#undef CTRL
	st->tx_power = cmis_lane_mon(mon, CMIS_OPTICAL_POWER_TX, cl->index) *
		       CMIS_OPTICAL_POWER_NW;
	st->tx_bias = cmis_lane_mon(mon, CMIS_LASER_BIAS_TX, cl->index) *
		      CMIS_LASER_BIAS_UA;
	st->rx_power = cmis_lane_mon(mon, CMIS_OPTICAL_POWER_RX, cl->index) *
		       CMIS_OPTICAL_POWER_NW;
	st->tx_fault = flags & CMIS_LANE_TX_FAULT;
	st->rx_los = flags & CMIS_LANE_RX_LOS;
	st->rx_lol = flags & CMIS_LANE_RX_LOL;
	st->valid |= CPO_LANE_F_TX_ENABLE | CPO_LANE_F_RX_ENABLE |
		     CPO_LANE_F_POWER | CPO_LANE_F_TX_POWER |
		     CPO_LANE_F_TX_BIAS | CPO_LANE_F_RX_POWER |
		     CPO_LANE_F_RX_LOS | CPO_LANE_F_RX_LOL |
		     CPO_LANE_F_TX_FAULT;
	if (vdm)
		cmis_lane_vdm_decode(cl, v->vdm, st);
}

/*
 * One lane, after a set or at registration: its bank's pages, read in
 * bulk; the flags as the last refresh found them (reading them would
 * clear them for the whole bank, see cmis_refresh.c).
 */
static int cmis_lane_status_get(struct cpo_lane *lane, void *priv,
				struct cpo_lane_status *st,
				struct netlink_ext_ack *extack)
{
	struct cmis_lane *cl = priv;
	struct cmis_engine *ce = cl->ce;
	u8 bank = cmis_bank(cl->index);
	bool vdm;
	int err;

	vdm = cmis_bank_has_vdm(ce, bank);
	mutex_lock(&ce->lock);
	err = cmis_bank_read(ce, bank, &ce->view, vdm, extack);
	if (!err)
		cmis_lane_decode(cl, &ce->view, vdm, cl->flags, st);
	mutex_unlock(&ce->lock);
	return err;
}

static int cmis_lane_update_ctrl(struct cmis_lane *cl, u8 offset, bool set,
				 struct netlink_ext_ack *extack)
{
	struct cmis_engine *ce = cl->ce;
	int err;

	mutex_lock(&ce->lock);
	err = cmis_update_bits(ce, cmis_bank(cl->index), CMIS_PAGE_LANE_CTRL,
			       offset, cmis_lane_bit(cl->index), set, extack);
	mutex_unlock(&ce->lock);
	return err;
}

static int cmis_lane_tx_enable_set(struct cpo_lane *lane, void *priv,
				   bool enable, struct netlink_ext_ack *extack)
{
	return cmis_lane_update_ctrl(priv, CMIS_OUTPUT_DISABLE_TX, !enable,
				     extack);
}

static int cmis_lane_rx_enable_set(struct cpo_lane *lane, void *priv,
				   bool enable, struct netlink_ext_ack *extack)
{
	return cmis_lane_update_ctrl(priv, CMIS_OUTPUT_DISABLE_RX, !enable,
				     extack);
}

static int cmis_lane_power_set(struct cpo_lane *lane, void *priv,
			       enum cpo_lane_power power,
			       struct netlink_ext_ack *extack)
{
	return cmis_lane_update_ctrl(priv, CMIS_DP_DEINIT_LANE,
				     power == CPO_LANE_POWER_DOWN, extack);
}

const struct cpo_lane_ops cmis_lane_ops = {
	.status_get = cmis_lane_status_get,
	.tx_enable_set = cmis_lane_tx_enable_set,
	.power_set = cmis_lane_power_set,
	.test_start = cmis_lane_test_start,
	.test_read = cmis_lane_test_read,
	.test_stop = cmis_lane_test_stop,
	.rx_enable_set = cmis_lane_rx_enable_set,
};
