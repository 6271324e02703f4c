// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the simulator's CMIS state machines: the module state
 * machine (LowPwr, PwrUp, Ready, PwrDn, driven by LowPwrRequestSW), the
 * data path state machine of each lane (driven by the DPDeinit and
 * OutputDisableTx bits of page 10h), cposim_step() moving them, and the
 * status bytes cposim_render() writes as the CMIS layer decodes them; and
 * the bus model (busmodel.c): the cost of an access, the page select
 * tracking and what an access over the model counts; and the firmware
 * download over CDB (fwupdate.c): commands put in page 9Fh as the host
 * puts them and carried out at once, the header and block checks, the
 * banks, and the restart of 0109h with its faults; and the laser source
 * model (laser.c): failover and failback, requested or automatic.
 *
 * Linked into cpo_sim.ko only when the target kernel has CONFIG_KUNIT (see
 * Kbuild); KUnit runs the suite when the module is loaded, before its init
 * (see kernel/cmis/cmis_kunit.c for why it is not a module of its own).
 * The engines are built here, never registered: no device, no CMIS
 * engine; only those of the CDB tests have work items, stopped at the end
 * of the test, which the tests run by hand (flush_delayed_work()).
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/crc32.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/cpo_fw.h>
#include "cposim.h"
#include "../cmis/cmis_priv.h"

#define LANE_CTRL(se, lane, off) \
	((se)->banks[(lane) / CMIS_LANES_PER_BANK].page10[(off) - CMIS_UPPER_OFFSET])

/* A bare engine of @lanes lanes: ready, every lane activated, controls 0. */
static struct cposim_engine *sim_engine(struct kunit *test, u32 lanes)
{
	struct cposim_engine *se;
	u32 i;

	se = kunit_kzalloc(test, struct_size(se, lanes, lanes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, se);
	se->lane_count = lanes;
	se->banks = kunit_kcalloc(test, cposim_bank_count(lanes),
				  sizeof(*se->banks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, se->banks);
	/* never registered: the device is only the configuration rendering reads */
	se->sdev = kunit_kzalloc(test, sizeof(*se->sdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, se->sdev);
	mutex_init(&se->lock);
	se->module_state = CMIS_MODULE_READY;
	for (i = 0; i < lanes; i++) {
		se->lanes[i].se = se;
		se->lanes[i].index = i;
		se->lanes[i].dp_state = CMIS_DP_ACTIVATED;
	}
	return se;
}

/* One step, under the engine's lock as the step work takes it. */
static void sim_step(struct cposim_engine *se)
{
	mutex_lock(&se->lock);
	cposim_step(se);
	mutex_unlock(&se->lock);
}

static void sim_set_ctrl(struct cposim_engine *se, u32 lane, u8 off, bool on)
{
	u8 bit = BIT(lane % CMIS_LANES_PER_BANK);

	if (on)
		LANE_CTRL(se, lane, off) |= bit;
	else
		LANE_CTRL(se, lane, off) &= ~bit;
}

static void sim_low_power(struct cposim_engine *se, bool low)
{
	if (low)
		se->lower[CMIS_MODULE_GLOBAL_CTRL] |= CMIS_LOW_PWR_REQUEST_SW;
	else
		se->lower[CMIS_MODULE_GLOBAL_CTRL] &= ~CMIS_LOW_PWR_REQUEST_SW;
}

/* Every lane of @se in @state; the first that is not fails the test. */
static void sim_expect_lanes(struct kunit *test, struct cposim_engine *se,
			     u8 state, const char *when)
{
	u32 i;

	for (i = 0; i < se->lane_count; i++)
		KUNIT_ASSERT_EQ_MSG(test, se->lanes[i].dp_state, state,
				    "lane %u %s", i, when);
}

/* ---------------------------------------------------------------- module */

static void sim_module_next_test(struct kunit *test)
{
	static const struct {
		u8 state;
		u8 ctrl;	/* lower memory byte 26 */
		u8 want;
	} cases[] = {
		{ CMIS_MODULE_READY, 0, CMIS_MODULE_READY },
		{ CMIS_MODULE_READY, CMIS_LOW_PWR_REQUEST_SW, CMIS_MODULE_PWR_DN },
		/* LowPwrAllowRequestHW is not a request */
		{ CMIS_MODULE_READY, CMIS_LOW_PWR_ALLOW_REQUEST_HW,
		  CMIS_MODULE_READY },
		{ CMIS_MODULE_READY, (u8)~CMIS_LOW_PWR_REQUEST_SW,
		  CMIS_MODULE_READY },
		{ CMIS_MODULE_PWR_DN, CMIS_LOW_PWR_REQUEST_SW,
		  CMIS_MODULE_LOW_PWR },
		{ CMIS_MODULE_PWR_DN, 0, CMIS_MODULE_LOW_PWR },	/* completes */
		{ CMIS_MODULE_LOW_PWR, CMIS_LOW_PWR_REQUEST_SW,
		  CMIS_MODULE_LOW_PWR },
		{ CMIS_MODULE_LOW_PWR, 0, CMIS_MODULE_PWR_UP },
		{ CMIS_MODULE_PWR_UP, 0, CMIS_MODULE_READY },
		{ CMIS_MODULE_PWR_UP, CMIS_LOW_PWR_REQUEST_SW,
		  CMIS_MODULE_READY },				/* completes */
		/* a fault stays until cleared, whatever the host asks */
		{ CMIS_MODULE_FAULT, 0, CMIS_MODULE_FAULT },
		{ CMIS_MODULE_FAULT, CMIS_LOW_PWR_REQUEST_SW, CMIS_MODULE_FAULT },
	};
	struct cposim_engine *se = sim_engine(test, 1);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		se->module_state = cases[i].state;
		se->lower[CMIS_MODULE_GLOBAL_CTRL] = cases[i].ctrl;
		KUNIT_ASSERT_EQ_MSG(test, cposim_module_next(se), cases[i].want,
				    "state %u ctrl 0x%02x", cases[i].state,
				    cases[i].ctrl);
	}
}

/* Ready -> PwrDn -> LowPwr and back up, the lanes following. */
static void sim_module_power_cycle_test(struct kunit *test)
{
	struct cposim_engine *se = sim_engine(test, 12);	/* 1.5 banks */
	int i;

	se->lanes[3].dp_state = CMIS_DP_DEACTIVATED;
	se->lanes[9].dp_state = CMIS_DP_INITIALIZED;
	sim_set_ctrl(se, 3, CMIS_DP_DEINIT_LANE, true);
	sim_set_ctrl(se, 9, CMIS_OUTPUT_DISABLE_TX, true);

	sim_step(se);		/* settled: nothing moves */
	KUNIT_EXPECT_EQ(test, se->module_state, CMIS_MODULE_READY);
	KUNIT_EXPECT_EQ(test, se->lanes[3].dp_state, CMIS_DP_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, se->lanes[9].dp_state, CMIS_DP_INITIALIZED);
	KUNIT_EXPECT_EQ(test, se->lanes[11].dp_state, CMIS_DP_ACTIVATED);

	sim_low_power(se, true);
	sim_step(se);
	KUNIT_ASSERT_EQ(test, se->module_state, CMIS_MODULE_PWR_DN);
	/* data paths that were up are deinitialising, the others stay */
	for (i = 0; i < 12; i++)
		KUNIT_ASSERT_EQ_MSG(test, se->lanes[i].dp_state,
				    i == 3 ? CMIS_DP_DEACTIVATED : CMIS_DP_DEINIT,
				    "lane %d in PwrDn", i);

	sim_step(se);
	KUNIT_ASSERT_EQ(test, se->module_state, CMIS_MODULE_LOW_PWR);
	sim_expect_lanes(test, se, CMIS_DP_DEACTIVATED, "in LowPwr");

	for (i = 0; i < 3; i++) {	/* stays while the request stays */
		sim_step(se);
		KUNIT_ASSERT_EQ(test, se->module_state, CMIS_MODULE_LOW_PWR);
		sim_expect_lanes(test, se, CMIS_DP_DEACTIVATED, "in LowPwr");
	}

	sim_low_power(se, false);
	sim_step(se);
	KUNIT_ASSERT_EQ(test, se->module_state, CMIS_MODULE_PWR_UP);
	sim_expect_lanes(test, se, CMIS_DP_DEACTIVATED, "in PwrUp");
	sim_step(se);
	KUNIT_ASSERT_EQ(test, se->module_state, CMIS_MODULE_READY);
	sim_expect_lanes(test, se, CMIS_DP_DEACTIVATED, "once Ready");

	/* The lanes come up as their controls ask, one state per step. */
	sim_step(se);
	KUNIT_EXPECT_EQ(test, se->lanes[0].dp_state, CMIS_DP_INIT);
	sim_step(se);
	KUNIT_EXPECT_EQ(test, se->lanes[0].dp_state, CMIS_DP_INITIALIZED);
	sim_step(se);
	KUNIT_EXPECT_EQ(test, se->lanes[0].dp_state, CMIS_DP_TX_TURN_ON);
	sim_step(se);
	for (i = 0; i < 12; i++)
		KUNIT_ASSERT_EQ_MSG(test, se->lanes[i].dp_state,
				    i == 3 ? CMIS_DP_DEACTIVATED :
				    i == 9 ? CMIS_DP_INITIALIZED :
				    CMIS_DP_ACTIVATED, "lane %d after power-up", i);
	KUNIT_EXPECT_EQ(test, se->module_state, CMIS_MODULE_READY);
}

/* ---------------------------------------------------------------- data path */

static void sim_lane_next_test(struct kunit *test)
{
	/* want[state][deinit << 1 | tx_off] */
	static const u8 want[][4] = {
		[CMIS_DP_DEACTIVATED] = {
			CMIS_DP_INIT, CMIS_DP_INIT,
			CMIS_DP_DEACTIVATED, CMIS_DP_DEACTIVATED },
		[CMIS_DP_INIT] = {
			CMIS_DP_INITIALIZED, CMIS_DP_INITIALIZED,
			CMIS_DP_INITIALIZED, CMIS_DP_INITIALIZED },
		[CMIS_DP_DEINIT] = {
			CMIS_DP_DEACTIVATED, CMIS_DP_DEACTIVATED,
			CMIS_DP_DEACTIVATED, CMIS_DP_DEACTIVATED },
		[CMIS_DP_ACTIVATED] = {
			CMIS_DP_ACTIVATED, CMIS_DP_TX_TURN_OFF,
			CMIS_DP_DEINIT, CMIS_DP_DEINIT },
		[CMIS_DP_TX_TURN_ON] = {
			CMIS_DP_ACTIVATED, CMIS_DP_ACTIVATED,
			CMIS_DP_ACTIVATED, CMIS_DP_ACTIVATED },
		[CMIS_DP_TX_TURN_OFF] = {
			CMIS_DP_INITIALIZED, CMIS_DP_INITIALIZED,
			CMIS_DP_INITIALIZED, CMIS_DP_INITIALIZED },
		[CMIS_DP_INITIALIZED] = {
			CMIS_DP_TX_TURN_ON, CMIS_DP_INITIALIZED,
			CMIS_DP_DEINIT, CMIS_DP_DEINIT },
	};
	struct cposim_engine *se = sim_engine(test, 16);
	u32 state, ctrl, lane;

	for (lane = 0; lane < se->lane_count; lane += 5) {	/* 0 5 10 15 */
		struct cposim_lane *sl = &se->lanes[lane];

		for (state = CMIS_DP_DEACTIVATED; state < ARRAY_SIZE(want);
		     state++) {
			for (ctrl = 0; ctrl < 4; ctrl++) {
				sim_set_ctrl(se, lane, CMIS_DP_DEINIT_LANE,
					     ctrl & 2);
				sim_set_ctrl(se, lane, CMIS_OUTPUT_DISABLE_TX,
					     ctrl & 1);
				sl->dp_state = state;
				KUNIT_ASSERT_EQ_MSG(test,
						    cposim_lane_next(se, sl),
						    want[state][ctrl],
						    "lane %u state %u deinit %u tx_off %u",
						    lane, state, ctrl >> 1,
						    ctrl & 1);
			}
		}
	}
	/* Reserved states fall back to Deactivated. */
	se->lanes[0].dp_state = 0;
	KUNIT_EXPECT_EQ(test, cposim_lane_next(se, &se->lanes[0]),
			CMIS_DP_DEACTIVATED);
	se->lanes[0].dp_state = 0xf;
	KUNIT_EXPECT_EQ(test, cposim_lane_next(se, &se->lanes[0]),
			CMIS_DP_DEACTIVATED);
}

/*
 * A lane obeys its own bit of its own bank's control bytes, and no other
 * byte of page 10h.
 */
static void sim_lane_controls_test(struct kunit *test)
{
	struct cposim_engine *se = sim_engine(test, 16);
	u32 b, lane;

	for (b = 0; b < 2; b++) {
		u8 *page10 = se->banks[b].page10;

		memset(page10, 0xff, CMIS_PAGE_SIZE);
		page10[CMIS_DP_DEINIT_LANE - CMIS_UPPER_OFFSET] = 0;
		page10[CMIS_OUTPUT_DISABLE_TX - CMIS_UPPER_OFFSET] = 0;
	}
	sim_set_ctrl(se, 5, CMIS_DP_DEINIT_LANE, true);		/* bank 0 */
	sim_set_ctrl(se, 10, CMIS_OUTPUT_DISABLE_TX, true);	/* bank 1 */
	sim_set_ctrl(se, 15, CMIS_DP_DEINIT_LANE, true);	/* bank 1 */
	sim_set_ctrl(se, 15, CMIS_OUTPUT_DISABLE_TX, true);

	for (lane = 0; lane < 16; lane++) {
		u8 want = lane == 5 || lane == 15 ? CMIS_DP_DEINIT :
			  lane == 10 ? CMIS_DP_TX_TURN_OFF : CMIS_DP_ACTIVATED;

		KUNIT_ASSERT_EQ_MSG(test, cposim_lane_next(se, &se->lanes[lane]),
				    want, "lane %u", lane);
	}
}

/* Tx off and on again, one lane, through cposim_step(). */
static void sim_lane_tx_cycle_test(struct kunit *test)
{
	static const u8 off[] = {
		CMIS_DP_TX_TURN_OFF, CMIS_DP_INITIALIZED, CMIS_DP_INITIALIZED,
	};
	static const u8 on[] = {
		CMIS_DP_TX_TURN_ON, CMIS_DP_ACTIVATED, CMIS_DP_ACTIVATED,
	};
	struct cposim_engine *se = sim_engine(test, 8);
	size_t i;
	u32 lane;

	sim_set_ctrl(se, 3, CMIS_OUTPUT_DISABLE_TX, true);
	for (i = 0; i < ARRAY_SIZE(off); i++) {
		sim_step(se);
		for (lane = 0; lane < 8; lane++)
			KUNIT_ASSERT_EQ_MSG(test, se->lanes[lane].dp_state,
					    lane == 3 ? off[i] : CMIS_DP_ACTIVATED,
					    "lane %u, step %zu of Tx off",
					    lane, i);
	}
	sim_set_ctrl(se, 3, CMIS_OUTPUT_DISABLE_TX, false);
	for (i = 0; i < ARRAY_SIZE(on); i++) {
		sim_step(se);
		KUNIT_ASSERT_EQ_MSG(test, se->lanes[3].dp_state, on[i],
				    "step %zu of Tx on", i);
	}
	KUNIT_EXPECT_EQ(test, se->module_state, CMIS_MODULE_READY);
}

/* Deinit and init again, every lane, through cposim_step(). */
static void sim_lane_deinit_cycle_test(struct kunit *test)
{
	static const u8 down[] = {
		CMIS_DP_DEINIT, CMIS_DP_DEACTIVATED, CMIS_DP_DEACTIVATED,
	};
	static const u8 up[] = {
		CMIS_DP_INIT, CMIS_DP_INITIALIZED, CMIS_DP_TX_TURN_ON,
		CMIS_DP_ACTIVATED, CMIS_DP_ACTIVATED,
	};
	struct cposim_engine *se = sim_engine(test, 10);
	size_t i;
	u32 lane;

	for (lane = 0; lane < 10; lane++)
		sim_set_ctrl(se, lane, CMIS_DP_DEINIT_LANE, true);
	for (i = 0; i < ARRAY_SIZE(down); i++) {
		sim_step(se);
		sim_expect_lanes(test, se, down[i], "deinitialising");
	}
	for (lane = 0; lane < 10; lane++)
		sim_set_ctrl(se, lane, CMIS_DP_DEINIT_LANE, false);
	/* Lane 9 initialises with its transmitter disabled: it stops short. */
	sim_set_ctrl(se, 9, CMIS_OUTPUT_DISABLE_TX, true);
	for (i = 0; i < ARRAY_SIZE(up); i++) {
		sim_step(se);
		KUNIT_ASSERT_EQ_MSG(test, se->lanes[0].dp_state, up[i],
				    "step %zu of init", i);
		KUNIT_ASSERT_EQ_MSG(test, se->lanes[9].dp_state,
				    i < 2 ? up[i] : CMIS_DP_INITIALIZED,
				    "step %zu of init, Tx disabled", i);
	}
}

/* Outside Ready, the data paths hold still whatever their controls. */
static void sim_lanes_hold_outside_ready_test(struct kunit *test)
{
	struct cposim_engine *se = sim_engine(test, 8);
	u32 lane;

	se->module_state = CMIS_MODULE_FAULT;
	for (lane = 0; lane < 8; lane++) {
		se->lanes[lane].dp_state = lane % 2 ? CMIS_DP_DEACTIVATED :
						      CMIS_DP_INITIALIZED;
		sim_set_ctrl(se, lane, CMIS_DP_DEINIT_LANE, lane % 4 == 0);
	}
	sim_step(se);
	sim_step(se);
	KUNIT_EXPECT_EQ(test, se->module_state, CMIS_MODULE_FAULT);
	for (lane = 0; lane < 8; lane++)
		KUNIT_ASSERT_EQ_MSG(test, se->lanes[lane].dp_state,
				    lane % 2 ? CMIS_DP_DEACTIVATED :
				    CMIS_DP_INITIALIZED, "lane %u in fault", lane);

	se->module_state = CMIS_MODULE_LOW_PWR;
	sim_low_power(se, true);
	sim_step(se);
	KUNIT_EXPECT_EQ(test, se->module_state, CMIS_MODULE_LOW_PWR);
	KUNIT_EXPECT_EQ(test, se->lanes[1].dp_state, CMIS_DP_DEACTIVATED);
	KUNIT_EXPECT_EQ(test, se->lanes[2].dp_state, CMIS_DP_INITIALIZED);
}

/* ---------------------------------------------------------------- stuck */

/* A stuck engine holds its module and every lane, whatever is asked. */
static void sim_stuck_engine_test(struct kunit *test)
{
	static const u8 held[] = {
		CMIS_DP_ACTIVATED,	/* Tx disabled: would turn off */
		CMIS_DP_DEACTIVATED,	/* would initialise */
		CMIS_DP_TX_TURN_ON,	/* transient: would complete */
		CMIS_DP_INIT,
	};
	struct cposim_engine *se = sim_engine(test, ARRAY_SIZE(held));
	u32 lane;
	int i;

	for (lane = 0; lane < ARRAY_SIZE(held); lane++)
		se->lanes[lane].dp_state = held[lane];
	sim_set_ctrl(se, 0, CMIS_OUTPUT_DISABLE_TX, true);
	sim_low_power(se, true);
	se->stuck = true;

	KUNIT_EXPECT_EQ(test, cposim_module_next(se), CMIS_MODULE_READY);
	for (i = 0; i < 3; i++) {
		sim_step(se);
		KUNIT_ASSERT_EQ_MSG(test, se->module_state, CMIS_MODULE_READY,
				    "step %d", i);
		for (lane = 0; lane < ARRAY_SIZE(held); lane++)
			KUNIT_ASSERT_EQ_MSG(test, se->lanes[lane].dp_state,
					    held[lane], "lane %u, step %d",
					    lane, i);
	}

	/* Stuck in a transient module state too. */
	se->module_state = CMIS_MODULE_PWR_UP;
	sim_low_power(se, false);
	sim_step(se);
	KUNIT_EXPECT_EQ(test, se->module_state, CMIS_MODULE_PWR_UP);

	/* Unstuck, it goes on from where it stopped. */
	se->stuck = false;
	sim_step(se);
	KUNIT_EXPECT_EQ(test, se->module_state, CMIS_MODULE_READY);
	sim_step(se);
	KUNIT_EXPECT_EQ(test, se->lanes[0].dp_state, CMIS_DP_TX_TURN_OFF);
	KUNIT_EXPECT_EQ(test, se->lanes[1].dp_state, CMIS_DP_INIT);
	KUNIT_EXPECT_EQ(test, se->lanes[2].dp_state, CMIS_DP_ACTIVATED);
	KUNIT_EXPECT_EQ(test, se->lanes[3].dp_state, CMIS_DP_INITIALIZED);
}

/* A stuck lane holds while the others of its bank move. */
static void sim_stuck_lane_test(struct kunit *test)
{
	struct cposim_engine *se = sim_engine(test, 8);
	int i;

	sim_set_ctrl(se, 2, CMIS_OUTPUT_DISABLE_TX, true);
	sim_set_ctrl(se, 3, CMIS_OUTPUT_DISABLE_TX, true);
	se->lanes[2].stuck = true;
	se->lanes[5].stuck = true;
	se->lanes[5].dp_state = CMIS_DP_TX_TURN_ON;

	KUNIT_EXPECT_EQ(test, cposim_lane_next(se, &se->lanes[2]),
			CMIS_DP_ACTIVATED);
	KUNIT_EXPECT_EQ(test, cposim_lane_next(se, &se->lanes[5]),
			CMIS_DP_TX_TURN_ON);
	for (i = 0; i < 3; i++) {
		sim_step(se);
		KUNIT_ASSERT_EQ_MSG(test, se->lanes[2].dp_state,
				    CMIS_DP_ACTIVATED, "step %d", i);
		KUNIT_ASSERT_EQ_MSG(test, se->lanes[5].dp_state,
				    CMIS_DP_TX_TURN_ON, "step %d", i);
	}
	KUNIT_EXPECT_EQ(test, se->lanes[3].dp_state, CMIS_DP_INITIALIZED);
	KUNIT_EXPECT_EQ(test, se->lanes[4].dp_state, CMIS_DP_ACTIVATED);

	se->lanes[2].stuck = false;
	se->lanes[5].stuck = false;
	sim_step(se);
	KUNIT_EXPECT_EQ(test, se->lanes[2].dp_state, CMIS_DP_TX_TURN_OFF);
	KUNIT_EXPECT_EQ(test, se->lanes[5].dp_state, CMIS_DP_ACTIVATED);
}

/* ---------------------------------------------------------------- rendering */

/*
 * What the simulator writes into the status bytes reads back, through the
 * CMIS layer's decoding, as the state the model holds.
 */
static void sim_render_decodes_test(struct kunit *test)
{
	static const u8 states[] = {
		CMIS_DP_DEACTIVATED, CMIS_DP_INIT, CMIS_DP_DEINIT,
		CMIS_DP_ACTIVATED, CMIS_DP_TX_TURN_ON, CMIS_DP_TX_TURN_OFF,
		CMIS_DP_INITIALIZED,
	};
	struct cposim_engine *se = sim_engine(test, 20);
	u32 lane;

	for (lane = 0; lane < se->lane_count; lane++)
		se->lanes[lane].dp_state = states[lane % ARRAY_SIZE(states)];
	se->module_state = CMIS_MODULE_PWR_UP;
	cposim_render(se);

	KUNIT_EXPECT_EQ(test, FIELD_GET(CMIS_MODULE_STATE_MASK,
					se->lower[CMIS_MODULE_STATE]),
			CMIS_MODULE_PWR_UP);
	for (lane = 0; lane < se->lane_count; lane++) {
		const u8 *page11 = se->banks[cmis_bank(lane)].page11;

		KUNIT_ASSERT_EQ_MSG(test,
				    cmis_dp_state(&page11[CMIS_DP_STATE_HOST_LANE -
							 CMIS_UPPER_OFFSET],
						  lane),
				    se->lanes[lane].dp_state, "lane %u", lane);
	}
}

/* ---------------------------------------------------------------- bus model */

/*
 * A 128-byte read is START, address, offset, repeated START, address, 128
 * bytes and STOP: 131 bytes of 9 bit times and 3 conditions, 1182 bit
 * times; 2.955 ms at 400 kHz. A page select write is START, address, 7Eh,
 * bank, page and STOP: 38 bit times.
 */
static void sim_bus_cost_test(struct kunit *test)
{
	u64 read400 = cposim_bus_cost_ns(400, 128, false, false);

	KUNIT_EXPECT_EQ(test, cposim_bus_cost_ns(100, 128, false, false),
			11820000ULL);
	KUNIT_EXPECT_EQ(test, read400, 2955000ULL);
	KUNIT_EXPECT_GE(test, read400, 2900000ULL);
	KUNIT_EXPECT_LE(test, read400, 3000000ULL);
	KUNIT_EXPECT_EQ(test, cposim_bus_cost_ns(1000, 128, false, false),
			1182000ULL);
	/* no repeated START and second address byte: 29 bit times */
	KUNIT_EXPECT_EQ(test, cposim_bus_cost_ns(400, 1, true, false),
			72500ULL);
	KUNIT_EXPECT_EQ(test, cposim_bus_cost_ns(400, 1, false, false),
			97500ULL);
	KUNIT_EXPECT_EQ(test, cposim_bus_cost_ns(400, 128, false, true) -
			read400, 95000ULL);
	KUNIT_EXPECT_EQ(test, cposim_bus_cost_ns(100, 1, true, true) -
			cposim_bus_cost_ns(100, 1, true, false), 380000ULL);
	KUNIT_EXPECT_EQ(test, cposim_bus_cost_ns(CPOSIM_BUS_MAX_KHZ, 128, false,
						 false), 347647ULL);
	/* the model off */
	KUNIT_EXPECT_EQ(test, cposim_bus_cost_ns(0, 128, false, true), 0ULL);
	KUNIT_EXPECT_EQ(test, cposim_bus_cost_ns(0, 1, true, false), 0ULL);

	KUNIT_EXPECT_TRUE(test, cposim_bus_khz_valid(0));
	KUNIT_EXPECT_FALSE(test, cposim_bus_khz_valid(CPOSIM_BUS_MIN_KHZ - 1));
	KUNIT_EXPECT_TRUE(test, cposim_bus_khz_valid(CPOSIM_BUS_MIN_KHZ));
	KUNIT_EXPECT_TRUE(test, cposim_bus_khz_valid(400));
	KUNIT_EXPECT_TRUE(test, cposim_bus_khz_valid(CPOSIM_BUS_MAX_KHZ));
	KUNIT_EXPECT_FALSE(test, cposim_bus_khz_valid(CPOSIM_BUS_MAX_KHZ + 1));
	KUNIT_EXPECT_FALSE(test, cposim_bus_khz_valid(1ULL << 32));
}

/* Lower memory needs no page; upper memory the bank and page it names. */
static void sim_bus_page_select_test(struct kunit *test)
{
	u32 p00 = cposim_bus_sel(0, CMIS_PAGE_ADVERTISING, 128, 128);
	u32 p11b0 = cposim_bus_sel(0, CMIS_PAGE_LANE_STATUS, 200, 4);
	u32 p11b1 = cposim_bus_sel(1, CMIS_PAGE_LANE_STATUS, 128, 8);
	u32 lower = cposim_bus_sel(1, CMIS_PAGE_LANE_STATUS, 0, 128);

	KUNIT_EXPECT_EQ(test, lower, (u32)CPOSIM_BUS_SEL_NONE);
	KUNIT_EXPECT_EQ(test, cposim_bus_sel(3, 0x20, 127, 1),
			(u32)CPOSIM_BUS_SEL_NONE);
	/* a read from lower into upper memory needs the page */
	KUNIT_EXPECT_EQ(test, cposim_bus_sel(0, CMIS_PAGE_ADVERTISING, 127, 2),
			p00);
	KUNIT_EXPECT_EQ(test, cposim_bus_sel(0, CMIS_PAGE_LANE_STATUS, 128, 1),
			p11b0);
	KUNIT_EXPECT_NE(test, p00, p11b0);
	KUNIT_EXPECT_NE(test, p11b0, p11b1);

	KUNIT_EXPECT_TRUE(test, cposim_bus_needs_select(CPOSIM_BUS_SEL_NONE,
							p00));
	KUNIT_EXPECT_FALSE(test, cposim_bus_needs_select(p00, p00));
	KUNIT_EXPECT_FALSE(test, cposim_bus_needs_select(p00, lower));
	KUNIT_EXPECT_FALSE(test, cposim_bus_needs_select(CPOSIM_BUS_SEL_NONE,
							 lower));
	KUNIT_EXPECT_TRUE(test, cposim_bus_needs_select(p00, p11b0));
	KUNIT_EXPECT_TRUE(test, cposim_bus_needs_select(p11b0, p11b1));
}

/* What accesses over the model count, and the page it remembers. */
static void sim_bus_xfer_test(struct kunit *test)
{
	const struct cposim_bus_config cfg = { .khz = 1000 };
	struct cposim_bus_model *bus;
	u64 busy;

	bus = kunit_kzalloc(test, sizeof(*bus), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bus);
	cposim_bus_model_init(bus, &cfg);

	KUNIT_EXPECT_EQ(test, cposim_bus_xfer(bus, 0, 0x11, 128, 8, false), 0);
	KUNIT_EXPECT_EQ(test, cposim_bus_xfer(bus, 0, 0x11, 200, 4, false), 0);
	KUNIT_EXPECT_EQ(test, cposim_bus_xfer(bus, 5, 0x11, 0, 3, true), 0);
	KUNIT_EXPECT_EQ(test, cposim_bus_xfer(bus, 1, 0x11, 128, 8, false), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->transactions), 4);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->bytes), 23);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->page_selects), 2);
	busy = 2 * cposim_bus_cost_ns(1000, 8, false, true) +
	       cposim_bus_cost_ns(1000, 4, false, false) +
	       cposim_bus_cost_ns(1000, 3, true, false);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->busy_ns), busy);

	/* a NACK costs START, the address byte and STOP, selects nothing */
	WRITE_ONCE(bus->nack_ppm, CPOSIM_BUS_PPM);
	KUNIT_EXPECT_EQ(test, cposim_bus_xfer(bus, 0, 0x11, 128, 8, false),
			-ENXIO);
	WRITE_ONCE(bus->nack_ppm, 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->nacks), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->transactions), 5);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->bytes), 23);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->busy_ns), busy + 11000);
	KUNIT_EXPECT_EQ(test, cposim_bus_xfer(bus, 1, 0x11, 130, 2, false), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->page_selects), 2);

	/* after a timeout the page is unknown: selected again */
	WRITE_ONCE(bus->timeout_ppm, CPOSIM_BUS_PPM);
	KUNIT_EXPECT_EQ(test, cposim_bus_xfer(bus, 1, 0x11, 128, 8, false),
			-ETIMEDOUT);
	WRITE_ONCE(bus->timeout_ppm, 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->timeouts), 1);
	KUNIT_EXPECT_EQ(test, cposim_bus_xfer(bus, 1, 0x11, 128, 8, false), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->page_selects), 3);

	/* the model off: counted, at no cost */
	WRITE_ONCE(bus->khz, 0);
	busy = atomic64_read(&bus->busy_ns);
	KUNIT_EXPECT_EQ(test, cposim_bus_xfer(bus, 0, 0x10, 128, 1, true), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->busy_ns), busy);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->page_selects), 4);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->transactions), 9);
	KUNIT_EXPECT_EQ(test, atomic64_read(&bus->bytes), 34);
	cposim_bus_model_destroy(bus);
}

/* ---------------------------------------------------------------- firmware */

#define SIM_UPPER(page, off)	(&(page)[(off) - CMIS_UPPER_OFFSET])
#define SIM_FW_BLOCK		CMIS_CDB_WRITE_MAX

static void sim_cdb_engine_stop(struct kunit_resource *res)
{
	struct cposim_engine *se = res->data;

	cposim_behaviour_stop(se);	/* the works, the download's buffer */
	cposim_bus_model_destroy(&se->bus);
}

static int sim_cdb_engine_res(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

/*
 * An engine with its map (identity, versions 2.1 in A running and
 * committed, 2.0 in B) and state machines; its works are stopped when the
 * test ends. A boot takes a minute: it ends when the test flushes it.
 */
static struct cposim_engine *sim_cdb_engine(struct kunit *test)
{
	static const struct cposim_bus_config cfg = {};	/* no delay */
	struct cposim_engine *se = sim_engine(test, 8);

	cposim_bus_model_init(&se->bus, &cfg);
	cposim_map_init(se);
	cposim_behaviour_init(se);
	se->cdb.boot_ms = 60000;
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test,
							 sim_cdb_engine_res,
							 sim_cdb_engine_stop,
							 GFP_KERNEL, se));
	return se;
}

/* The command in page 9Fh as the host writes it, carried out: its result. */
static u8 sim_cdb_cmd_epl(struct cposim_engine *se, u16 cmd, u16 epl_len,
			  const u8 *lpl, u8 lpl_len)
{
	u8 *p = se->cdb.page9f;
	u8 sum = 0;
	int i;

	mutex_lock(&se->lock);
	memset(p, 0, CMIS_PAGE_SIZE);
	cmis_put_be16(SIM_UPPER(p, CMIS_CDB_CMD), cmd);
	cmis_put_be16(SIM_UPPER(p, CMIS_CDB_EPL_LEN), epl_len);
	*SIM_UPPER(p, CMIS_CDB_LPL_LEN) = lpl_len;
	if (lpl_len)
		memcpy(SIM_UPPER(p, CMIS_CDB_LPL), lpl, lpl_len);
	for (i = 0; i < CMIS_CDB_LPL - CMIS_CDB_CMD + lpl_len; i++)
		sum += p[i];
	*SIM_UPPER(p, CMIS_CDB_CHECK) = ~sum;
	mutex_unlock(&se->lock);
	return cposim_cdb_process(&se->cdb);
}

static u8 sim_cdb_cmd(struct cposim_engine *se, u16 cmd, const u8 *lpl,
		      u8 lpl_len)
{
	return sim_cdb_cmd_epl(se, cmd, 0, lpl, lpl_len);
}

static u32 sim_crc(const void *buf, size_t len)
{
	return crc32_le(~0U, buf, len) ^ ~0U;
}

static void sim_fw_seal(struct cpo_fw_header *h)
{
	u32 crc = sim_crc(h, offsetof(struct cpo_fw_header, header_crc));

	h->header_crc = cpu_to_be32(crc);
}

/*
 * An image for @se of @len payload bytes, version @major.@minor build 42;
 * a block's worth of zeroes after it, for the writes past its end.
 */
static u8 *sim_fw_image(struct kunit *test, struct cposim_engine *se, u32 len,
			u8 major, u8 minor)
{
	u8 *img = kunit_kzalloc(test, CPO_FW_HEADER_LEN + len + SIM_FW_BLOCK,
				GFP_KERNEL);
	struct cpo_fw_header *h = (struct cpo_fw_header *)img;
	u32 i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, img);
	for (i = 0; i < len; i++)
		img[CPO_FW_HEADER_LEN + i] = i * 7 + i / 256;
	memcpy(h->magic, CPO_FW_MAGIC, sizeof(h->magic));
	h->format = CPO_FW_FORMAT;
	h->header_len = CPO_FW_HEADER_LEN;
	memcpy(h->vendor, SIM_UPPER(se->page00, CMIS_VENDOR_NAME),
	       sizeof(h->vendor));
	memcpy(h->part_number, SIM_UPPER(se->page00, CMIS_VENDOR_PN),
	       sizeof(h->part_number));
	h->major = major;
	h->minor = minor;
	h->build = cpu_to_be16(42);
	h->payload_len = cpu_to_be32(len);
	h->payload_crc = cpu_to_be32(sim_crc(img + CPO_FW_HEADER_LEN, len));
	sim_fw_seal(h);
	return img;
}

static u8 sim_fw_start(struct cposim_engine *se, const u8 *img, u32 size)
{
	u8 lpl[CMIS_CDB_START_HEADER + CPO_FW_HEADER_LEN] = {};

	cmis_put_be32(&lpl[CMIS_CDB_START_SIZE], size);
	memcpy(&lpl[CMIS_CDB_START_HEADER], img, CPO_FW_HEADER_LEN);
	return sim_cdb_cmd(se, CMIS_CDB_FW_START, lpl, sizeof(lpl));
}

/* @n bytes at payload offset @addr, from the image's payload. */
static u8 sim_fw_write(struct cposim_engine *se, const u8 *img, u32 addr,
		       u32 n)
{
	u8 lpl[CMIS_CDB_LPL_MAX];

	cmis_put_be32(&lpl[CMIS_CDB_WRITE_ADDR], addr);
	memcpy(&lpl[CMIS_CDB_WRITE_DATA], img + CPO_FW_HEADER_LEN + addr, n);
	return sim_cdb_cmd(se, CMIS_CDB_FW_WRITE_LPL, lpl,
			   CMIS_CDB_WRITE_DATA + n);
}

/*
 * @n bytes at payload offset @addr by 0104h: the block goes through the
 * transport to pages A0h.., a page a write, as a host sends it.
 */
static u8 sim_fw_write_epl(struct kunit *test, struct cposim_engine *se,
			   const u8 *img, u32 addr, u32 n)
{
	const u8 *data = img + CPO_FW_HEADER_LEN + addr;
	u8 lpl[CMIS_CDB_WRITE_DATA];
	u32 off, k;
	u8 page;

	for (off = 0; off < n; off += k) {
		k = min_t(u32, n - off, CMIS_PAGE_SIZE);
		page = CMIS_PAGE_EPL + off / CMIS_PAGE_SIZE;
		KUNIT_EXPECT_EQ(test,
				cposim_transport_ops.write(se, 0, page,
							   CMIS_UPPER_OFFSET,
							   data + off, k), 0);
	}
	cmis_put_be32(&lpl[CMIS_CDB_WRITE_ADDR], addr);
	return sim_cdb_cmd_epl(se, CMIS_CDB_FW_WRITE_EPL, n, lpl, sizeof(lpl));
}

/* Every block of the payload, in order: the first result not OK. */
static u8 sim_fw_write_all(struct cposim_engine *se, const u8 *img, u32 len)
{
	u32 addr;
	u8 r;

	for (addr = 0; addr < len; addr += SIM_FW_BLOCK) {
		r = sim_fw_write(se, img, addr, min(SIM_FW_BLOCK, len - addr));
		if (r != CMIS_CDB_OK)
			return r;
	}
	return CMIS_CDB_OK;
}

/* A whole download of @img, of @len payload bytes, into bank B. */
static void sim_fw_download(struct kunit *test, struct cposim_engine *se,
			    const u8 *img, u32 len)
{
	KUNIT_ASSERT_EQ(test, sim_fw_start(se, img, CPO_FW_HEADER_LEN + len),
			CMIS_CDB_OK);
	KUNIT_ASSERT_EQ(test, sim_fw_write_all(se, img, len), CMIS_CDB_OK);
	KUNIT_ASSERT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_COMPLETE, NULL, 0),
			CMIS_CDB_OK);
}

static u8 sim_fw_run(struct cposim_engine *se, u8 mode, u16 delay_ms)
{
	u8 lpl[CMIS_CDB_RUN_LEN] = { [CMIS_CDB_RUN_MODE] = mode };

	cmis_put_be16(&lpl[CMIS_CDB_RUN_DELAY], delay_ms);
	return sim_cdb_cmd(se, CMIS_CDB_FW_RUN, lpl, sizeof(lpl));
}

/* Lower memory byte 3 over the transport: the module state, or an errno. */
static int sim_read_state(struct cposim_engine *se)
{
	u8 b;
	int err;

	err = cposim_transport_ops.read(se, 0, 0, CMIS_MODULE_STATE, &b, 1);
	return err ?: (int)FIELD_GET(CMIS_MODULE_STATE_MASK, b);
}

/* Lower memory byte 37 over the transport: the CDB status, or an errno. */
static int sim_read_status(struct cposim_engine *se)
{
	u8 b;
	int err;

	err = cposim_transport_ops.read(se, 0, 0, CMIS_CDB_STATUS, &b, 1);
	return err ?: b;
}

/* 0109h without delay, its result read: the module resets. */
static void sim_fw_run_now(struct kunit *test, struct cposim_engine *se)
{
	KUNIT_ASSERT_EQ(test, sim_fw_run(se, CMIS_CDB_RUN_INACTIVE, 0),
			CMIS_CDB_OK);
	KUNIT_ASSERT_FALSE(test, cposim_cdb_offline(&se->cdb));
	KUNIT_ASSERT_EQ(test, sim_read_status(se), CMIS_CDB_OK);
	KUNIT_ASSERT_TRUE(test, cposim_cdb_offline(&se->cdb));
}

/* Running, committed, valid as 0100h reports them, and the map's versions. */
static void sim_expect_banks(struct kunit *test, struct cposim_engine *se,
			     u8 running, u8 committed, bool b_valid)
{
	const struct cposim_fw_image *run, *other;
	u8 rpl[CMIS_CDB_LPL_MAX], status = 0;

	KUNIT_ASSERT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_INFO, NULL, 0),
			CMIS_CDB_OK);
	mutex_lock(&se->lock);
	memcpy(rpl, SIM_UPPER(se->cdb.page9f, CMIS_CDB_LPL), sizeof(rpl));
	run = &se->cdb.image[se->cdb.running];
	other = &se->cdb.image[!se->cdb.running];
	KUNIT_EXPECT_EQ(test, se->lower[CMIS_ACTIVE_FW_MAJOR], run->major);
	KUNIT_EXPECT_EQ(test, se->lower[CMIS_ACTIVE_FW_MINOR], run->minor);
	KUNIT_EXPECT_EQ(test, *SIM_UPPER(se->page01, CMIS_INACTIVE_FW_MAJOR),
			other->valid ? other->major : 0);
	KUNIT_EXPECT_EQ(test, *SIM_UPPER(se->page01, CMIS_INACTIVE_FW_MINOR),
			other->valid ? other->minor : 0);
	mutex_unlock(&se->lock);

	status |= CMIS_CDB_FWI_RUNNING << CMIS_CDB_FWI_BANK_SHIFT(running);
	status |= CMIS_CDB_FWI_COMMITTED << CMIS_CDB_FWI_BANK_SHIFT(committed);
	if (!b_valid)
		status |= CMIS_CDB_FWI_INVALID << CMIS_CDB_FWI_BANK_SHIFT(1);
	KUNIT_EXPECT_EQ(test, rpl[CMIS_CDB_FWI_STATUS], status);
}

/* 0041h asks for the whole header with 0101h. */
static void sim_fw_features_test(struct kunit *test)
{
	struct cposim_engine *se = sim_cdb_engine(test);

	KUNIT_ASSERT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_FEATURES, NULL, 0),
			CMIS_CDB_OK);
	KUNIT_EXPECT_EQ(test, *SIM_UPPER(se->cdb.page9f, CMIS_CDB_LPL +
					 CMIS_CDB_FWF_HEADER_LEN),
			CPO_FW_HEADER_LEN);
	KUNIT_EXPECT_EQ(test, *SIM_UPPER(se->cdb.page9f, CMIS_CDB_RPL_LEN),
			CMIS_CDB_FWF_LEN);
	/* an unknown command is still one */
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, 0x0108, NULL, 0),
			CMIS_CDB_UNKNOWN_CMD);
}

/*
 * Blocks by EPL: 16 pages advertised, both mechanisms by default, blocks
 * of up to 2048 bytes; a length of 0 or past the pages is refused, and
 * each command is unknown when write_mech leaves it out.
 */
static void sim_fw_epl_test(struct kunit *test)
{
	struct cposim_engine *se = sim_cdb_engine(test);
	const u32 len = 5000;
	u8 *img = sim_fw_image(test, se, len, 3, 5);
	u8 lpl[CMIS_CDB_WRITE_DATA] = {};
	u32 addr, n;

	KUNIT_EXPECT_EQ(test, FIELD_GET(CMIS_CDB_EPL_PAGES,
					*SIM_UPPER(se->page01, CMIS_CDB_ADVERTISED)),
			7);
	KUNIT_ASSERT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_FEATURES, NULL, 0),
			CMIS_CDB_OK);
	KUNIT_EXPECT_EQ(test, *SIM_UPPER(se->cdb.page9f, CMIS_CDB_LPL +
					 CMIS_CDB_FWF_WRITE_MECH),
			CMIS_CDB_MECH_LPL | CMIS_CDB_MECH_EPL);
	KUNIT_EXPECT_EQ(test, 8 * (1 + *SIM_UPPER(se->cdb.page9f, CMIS_CDB_LPL +
						  CMIS_CDB_FWF_RW_EXT)),
			CMIS_CDB_EPL_MAX);

	KUNIT_ASSERT_EQ(test, sim_fw_start(se, img, CPO_FW_HEADER_LEN + len),
			CMIS_CDB_OK);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd_epl(se, CMIS_CDB_FW_WRITE_EPL, 0, lpl,
					      sizeof(lpl)), CMIS_CDB_BAD_PARAM);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd_epl(se, CMIS_CDB_FW_WRITE_EPL,
					      CMIS_CDB_EPL_MAX + 1, lpl,
					      sizeof(lpl)), CMIS_CDB_BAD_PARAM);
	KUNIT_EXPECT_EQ(test, se->cdb.dl.written, 0);
	for (addr = 0; addr < len; addr += CMIS_CDB_EPL_MAX) {
		n = min_t(u32, CMIS_CDB_EPL_MAX, len - addr);
		KUNIT_ASSERT_EQ(test, sim_fw_write_epl(test, se, img, addr, n),
				CMIS_CDB_OK);
	}
	KUNIT_EXPECT_EQ(test, se->cdb.dl.written, len);
	KUNIT_ASSERT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_COMPLETE, NULL, 0),
			CMIS_CDB_OK);
	KUNIT_EXPECT_TRUE(test, se->cdb.image[1].valid);
	KUNIT_EXPECT_EQ(test, se->cdb.image[1].minor, 5);

	/* LPL only, then EPL only: the other command is unknown */
	KUNIT_ASSERT_EQ(test, sim_fw_start(se, img, CPO_FW_HEADER_LEN + len),
			CMIS_CDB_OK);
	se->cdb.write_mech = CMIS_CDB_MECH_LPL;
	KUNIT_EXPECT_EQ(test, sim_fw_write_epl(test, se, img, 0, 100),
			CMIS_CDB_UNKNOWN_CMD);
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, 0, 100), CMIS_CDB_OK);
	se->cdb.write_mech = CMIS_CDB_MECH_EPL;
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, 100, 100),
			CMIS_CDB_UNKNOWN_CMD);
	KUNIT_EXPECT_EQ(test, sim_fw_write_epl(test, se, img, 100, 100),
			CMIS_CDB_OK);
	KUNIT_EXPECT_EQ(test, se->cdb.dl.written, 200);
}

/* Each wrong field of the header refuses the start; the bank stays. */
static void sim_fw_start_test(struct kunit *test)
{
	struct cposim_engine *se = sim_cdb_engine(test);
	const u32 len = 300, size = CPO_FW_HEADER_LEN + len;
	u8 *img = sim_fw_image(test, se, len, 3, 0);
	struct cpo_fw_header *h = (struct cpo_fw_header *)img;
	u8 lpl[CMIS_CDB_START_HEADER + CPO_FW_HEADER_LEN] = {};

	/* nothing open yet */
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, 0, 16),
			CMIS_CDB_BAD_STATE);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_COMPLETE, NULL, 0),
			CMIS_CDB_BAD_STATE);

	h->major++;			/* the header CRC no longer fits */
	KUNIT_EXPECT_EQ(test, sim_fw_start(se, img, size), CMIS_CDB_BAD_PARAM);
	h->major--;
	h->magic[0] = 'X';
	sim_fw_seal(h);
	KUNIT_EXPECT_EQ(test, sim_fw_start(se, img, size), CMIS_CDB_BAD_PARAM);
	h->magic[0] = 'C';
	h->format = CPO_FW_FORMAT + 1;
	sim_fw_seal(h);
	KUNIT_EXPECT_EQ(test, sim_fw_start(se, img, size), CMIS_CDB_BAD_PARAM);
	h->format = CPO_FW_FORMAT;
	h->vendor[0]++;			/* another vendor's */
	sim_fw_seal(h);
	KUNIT_EXPECT_EQ(test, sim_fw_start(se, img, size), CMIS_CDB_BAD_PARAM);
	h->vendor[0]--;
	h->part_number[15] = 'Z';	/* another part */
	sim_fw_seal(h);
	KUNIT_EXPECT_EQ(test, sim_fw_start(se, img, size), CMIS_CDB_BAD_PARAM);
	memcpy(h->part_number, SIM_UPPER(se->page00, CMIS_VENDOR_PN),
	       sizeof(h->part_number));
	h->payload_len = cpu_to_be32(CPO_FW_MAX_PAYLOAD + 1);
	sim_fw_seal(h);
	KUNIT_EXPECT_EQ(test, sim_fw_start(se, img,
					   CPO_FW_HEADER_LEN + CPO_FW_MAX_PAYLOAD + 1),
			CMIS_CDB_BAD_PARAM);
	h->payload_len = cpu_to_be32(len);
	sim_fw_seal(h);
	/* the size must be the payload's and the header's */
	KUNIT_EXPECT_EQ(test, sim_fw_start(se, img, size + 1),
			CMIS_CDB_BAD_PARAM);
	/* and the whole header must come */
	cmis_put_be32(&lpl[CMIS_CDB_START_SIZE], size);
	memcpy(&lpl[CMIS_CDB_START_HEADER], img, CPO_FW_HEADER_LEN);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_START, lpl,
					  sizeof(lpl) - 1),
			CMIS_CDB_BAD_PARAM);
	KUNIT_EXPECT_FALSE(test, se->cdb.dl.open);
	KUNIT_EXPECT_TRUE(test, se->cdb.image[1].valid);
	sim_expect_banks(test, se, 0, 0, true);

	/* cdb_fail refuses a good one */
	se->cdb.fail = CMIS_CDB_BAD_PASSWORD;
	KUNIT_EXPECT_EQ(test, sim_fw_start(se, img, size),
			CMIS_CDB_BAD_PASSWORD);
	se->cdb.fail = 0;
	KUNIT_EXPECT_FALSE(test, se->cdb.dl.open);

	/* a good one: B, which does not run, is being written */
	KUNIT_ASSERT_EQ(test, sim_fw_start(se, img, size), CMIS_CDB_OK);
	KUNIT_EXPECT_TRUE(test, se->cdb.dl.open);
	KUNIT_EXPECT_EQ(test, se->cdb.dl.target, 1);
	KUNIT_EXPECT_EQ(test, se->cdb.dl.len, len);
	KUNIT_EXPECT_FALSE(test, se->cdb.image[1].valid);
	sim_expect_banks(test, se, 0, 0, false);
	/* a bad start now leaves the download as it was */
	h->major++;
	KUNIT_EXPECT_EQ(test, sim_fw_start(se, img, size), CMIS_CDB_BAD_PARAM);
	KUNIT_EXPECT_TRUE(test, se->cdb.dl.open);
	KUNIT_EXPECT_FALSE(test, se->cdb.image[1].valid);
}

/* Blocks in the payload, in order; the complete checks they all came. */
static void sim_fw_write_test(struct kunit *test)
{
	struct cposim_engine *se = sim_cdb_engine(test);
	const u32 len = 300;
	u8 *img = sim_fw_image(test, se, len, 3, 0);
	u8 lpl[CMIS_CDB_WRITE_DATA + 8] = {};

	KUNIT_ASSERT_EQ(test, sim_fw_start(se, img, CPO_FW_HEADER_LEN + len),
			CMIS_CDB_OK);
	/* outside the payload, after a gap, empty */
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, len, 1),
			CMIS_CDB_BAD_PARAM);
	cmis_put_be32(lpl, U32_MAX);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_WRITE_LPL, lpl,
					  sizeof(lpl)), CMIS_CDB_BAD_PARAM);
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, SIM_FW_BLOCK, 8),
			CMIS_CDB_BAD_PARAM);
	cmis_put_be32(lpl, 0);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_WRITE_LPL, lpl,
					  CMIS_CDB_WRITE_DATA),
			CMIS_CDB_BAD_PARAM);
	KUNIT_EXPECT_EQ(test, se->cdb.dl.written, 0);

	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, 0, SIM_FW_BLOCK),
			CMIS_CDB_OK);
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, 0, SIM_FW_BLOCK),
			CMIS_CDB_OK);		/* sent again */
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, 100, SIM_FW_BLOCK),
			CMIS_CDB_OK);		/* overlapping */
	KUNIT_EXPECT_EQ(test, se->cdb.dl.written, 100 + SIM_FW_BLOCK);
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, 200, len - 200 + 1),
			CMIS_CDB_BAD_PARAM);	/* past the end */
	KUNIT_EXPECT_EQ(test, se->cdb.dl.written, 100 + SIM_FW_BLOCK);

	/* not all there: the image check fails, the bank stays invalid */
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_COMPLETE, NULL, 0),
			0x40);
	KUNIT_EXPECT_FALSE(test, se->cdb.dl.open);
	KUNIT_EXPECT_FALSE(test, se->cdb.image[1].valid);
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, 0, 8), CMIS_CDB_BAD_STATE);
	/* and B cannot run */
	KUNIT_EXPECT_EQ(test, sim_fw_run(se, CMIS_CDB_RUN_INACTIVE, 0),
			CMIS_CDB_BAD_STATE);
}

/* Every block there, but not the payload the header's CRC is of. */
static void sim_fw_complete_crc_test(struct kunit *test)
{
	struct cposim_engine *se = sim_cdb_engine(test);
	const u32 len = 1000;
	u8 *img = sim_fw_image(test, se, len, 3, 0);

	KUNIT_ASSERT_EQ(test, sim_fw_start(se, img, CPO_FW_HEADER_LEN + len),
			CMIS_CDB_OK);
	img[CPO_FW_HEADER_LEN + 500] ^= 0x10;
	KUNIT_ASSERT_EQ(test, sim_fw_write_all(se, img, len), CMIS_CDB_OK);
	KUNIT_EXPECT_EQ(test, se->cdb.dl.written, len);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_COMPLETE, NULL, 0),
			0x40);
	KUNIT_EXPECT_FALSE(test, se->cdb.dl.open);
	KUNIT_EXPECT_FALSE(test, se->cdb.image[1].valid);
	sim_expect_banks(test, se, 0, 0, false);
}

/* A good download; one started again; one aborted. */
static void sim_fw_download_test(struct kunit *test)
{
	struct cposim_engine *se = sim_cdb_engine(test);
	const u32 len = 1000;
	u8 *img = sim_fw_image(test, se, len, 3, 4);
	u8 *other = sim_fw_image(test, se, 200, 9, 9);

	/* a start again, with another image, drops what was written */
	KUNIT_ASSERT_EQ(test, sim_fw_start(se, other, CPO_FW_HEADER_LEN + 200),
			CMIS_CDB_OK);
	KUNIT_ASSERT_EQ(test, sim_fw_write_all(se, other, 200), CMIS_CDB_OK);
	KUNIT_ASSERT_EQ(test, sim_fw_start(se, img, CPO_FW_HEADER_LEN + len),
			CMIS_CDB_OK);
	KUNIT_EXPECT_EQ(test, se->cdb.dl.written, 0);
	KUNIT_ASSERT_EQ(test, sim_fw_write_all(se, img, len), CMIS_CDB_OK);
	KUNIT_ASSERT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_COMPLETE, NULL, 0),
			CMIS_CDB_OK);
	KUNIT_EXPECT_FALSE(test, se->cdb.dl.open);
	KUNIT_EXPECT_TRUE(test, se->cdb.image[1].valid);
	KUNIT_EXPECT_EQ(test, se->cdb.image[1].major, 3);
	KUNIT_EXPECT_EQ(test, se->cdb.image[1].minor, 4);
	KUNIT_EXPECT_EQ(test, se->cdb.image[1].build, 42);
	sim_expect_banks(test, se, 0, 0, true);
	KUNIT_EXPECT_EQ(test, *SIM_UPPER(se->page01, CMIS_INACTIVE_FW_MAJOR), 3);

	/* aborted halfway: the bank was being overwritten */
	KUNIT_ASSERT_EQ(test, sim_fw_start(se, img, CPO_FW_HEADER_LEN + len),
			CMIS_CDB_OK);
	KUNIT_ASSERT_EQ(test, sim_fw_write(se, img, 0, SIM_FW_BLOCK),
			CMIS_CDB_OK);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_ABORT, NULL, 0),
			CMIS_CDB_OK);
	KUNIT_EXPECT_FALSE(test, se->cdb.dl.open);
	KUNIT_EXPECT_FALSE(test, se->cdb.image[1].valid);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_ABORT, NULL, 0),
			CMIS_CDB_OK);
	sim_expect_banks(test, se, 0, 0, false);
}

/* The run: the module goes silent, then runs B and comes up; commit. */
static void sim_fw_run_test(struct kunit *test)
{
	struct cposim_engine *se = sim_cdb_engine(test);
	const u32 len = 500;
	u8 *img = sim_fw_image(test, se, len, 3, 0);
	u8 lpl[2] = {};

	sim_fw_download(test, se, img, len);
	KUNIT_EXPECT_EQ(test, sim_fw_run(se, 1, 0), CMIS_CDB_BAD_PARAM);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_RUN, lpl,
					  sizeof(lpl)), CMIS_CDB_BAD_PARAM);
	KUNIT_EXPECT_EQ(test, sim_read_state(se), CMIS_MODULE_READY);

	/* done, and the module answers until the host has read that */
	KUNIT_ASSERT_EQ(test, sim_fw_run(se, CMIS_CDB_RUN_INACTIVE, 0),
			CMIS_CDB_OK);
	KUNIT_EXPECT_EQ(test, sim_read_state(se), CMIS_MODULE_READY);
	KUNIT_EXPECT_EQ(test, sim_read_status(se), CMIS_CDB_OK);
	KUNIT_EXPECT_TRUE(test, cposim_cdb_offline(&se->cdb));
	KUNIT_EXPECT_EQ(test, sim_read_state(se), -ENXIO);
	KUNIT_EXPECT_EQ(test, sim_read_status(se), -ENXIO);
	KUNIT_EXPECT_EQ(test, cposim_transport_ops.write(se, 0, CMIS_PAGE_CDB,
							 CMIS_CDB_CMD, lpl, 2),
			-ENXIO);
	KUNIT_EXPECT_EQ(test, se->module_state, CMIS_MODULE_PWR_UP);
	KUNIT_EXPECT_EQ(test, se->lanes[0].dp_state, CMIS_DP_DEACTIVATED);
	/* it holds while silent */
	mutex_lock(&se->lock);
	KUNIT_EXPECT_EQ(test, cposim_module_next(se), CMIS_MODULE_PWR_UP);
	mutex_unlock(&se->lock);

	flush_delayed_work(&se->cdb.fw_work);	/* boot_ms are over */
	KUNIT_EXPECT_FALSE(test, cposim_cdb_offline(&se->cdb));
	KUNIT_EXPECT_EQ(test, se->cdb.running, 1);
	KUNIT_EXPECT_EQ(test, se->cdb.committed, 0);
	KUNIT_EXPECT_EQ(test, se->lower[CMIS_CDB_STATUS], CMIS_CDB_OK);
	sim_expect_banks(test, se, 1, 0, true);
	KUNIT_EXPECT_EQ(test, se->lower[CMIS_ACTIVE_FW_MAJOR], 3);
	KUNIT_EXPECT_EQ(test, *SIM_UPPER(se->page01, CMIS_INACTIVE_FW_MINOR), 1);
	flush_delayed_work(&se->step_work);
	KUNIT_EXPECT_EQ(test, sim_read_state(se), CMIS_MODULE_READY);

	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_COMMIT, NULL, 0),
			CMIS_CDB_OK);
	sim_expect_banks(test, se, 1, 1, true);
	/* the next download goes to A, which no longer runs */
	KUNIT_ASSERT_EQ(test, sim_fw_start(se, img, CPO_FW_HEADER_LEN + len),
			CMIS_CDB_OK);
	KUNIT_EXPECT_EQ(test, se->cdb.dl.target, 0);
	KUNIT_EXPECT_FALSE(test, se->cdb.image[0].valid);
}

/* A run after a delay: no download meanwhile, then the same restart. */
static void sim_fw_run_delay_test(struct kunit *test)
{
	struct cposim_engine *se = sim_cdb_engine(test);
	const u32 len = 200;
	u8 *img = sim_fw_image(test, se, len, 3, 0);

	sim_fw_download(test, se, img, len);
	KUNIT_ASSERT_EQ(test, sim_fw_run(se, CMIS_CDB_RUN_INACTIVE, 60000),
			CMIS_CDB_OK);
	KUNIT_EXPECT_FALSE(test, cposim_cdb_offline(&se->cdb));
	KUNIT_EXPECT_EQ(test, sim_fw_start(se, img, CPO_FW_HEADER_LEN + len),
			CMIS_CDB_BAD_STATE);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_COMMIT, NULL, 0),
			CMIS_CDB_BAD_STATE);
	KUNIT_EXPECT_EQ(test, sim_cdb_cmd(se, CMIS_CDB_FW_INFO, NULL, 0),
			CMIS_CDB_OK);
	KUNIT_EXPECT_EQ(test, sim_read_status(se), CMIS_CDB_OK);
	KUNIT_EXPECT_FALSE(test, cposim_cdb_offline(&se->cdb));
	flush_delayed_work(&se->cdb.fw_work);	/* the delay is over */
	KUNIT_EXPECT_TRUE(test, cposim_cdb_offline(&se->cdb));
	KUNIT_EXPECT_EQ(test, sim_read_state(se), -ENXIO);
	flush_delayed_work(&se->cdb.fw_work);
	KUNIT_EXPECT_EQ(test, se->cdb.running, 1);
	sim_expect_banks(test, se, 1, 0, true);

	/* a host that does not read the result gets the reset all the same */
	KUNIT_ASSERT_EQ(test, sim_fw_run(se, CMIS_CDB_RUN_INACTIVE, 0),
			CMIS_CDB_OK);
	KUNIT_EXPECT_FALSE(test, cposim_cdb_offline(&se->cdb));
	flush_delayed_work(&se->cdb.fw_work);
	KUNIT_EXPECT_TRUE(test, cposim_cdb_offline(&se->cdb));
	flush_delayed_work(&se->cdb.fw_work);
	KUNIT_EXPECT_EQ(test, se->cdb.running, 0);
}

/* fw_run_fail: the module comes back running its committed image. */
static void sim_fw_run_fail_test(struct kunit *test)
{
	struct cposim_engine *se = sim_cdb_engine(test);
	const u32 len = 200;
	u8 *img = sim_fw_image(test, se, len, 3, 0);

	sim_fw_download(test, se, img, len);
	se->cdb.run_fail = true;
	sim_fw_run_now(test, se);
	KUNIT_EXPECT_EQ(test, sim_read_state(se), -ENXIO);
	flush_delayed_work(&se->cdb.fw_work);
	KUNIT_EXPECT_FALSE(test, cposim_cdb_offline(&se->cdb));
	KUNIT_EXPECT_EQ(test, se->cdb.running, 0);
	sim_expect_banks(test, se, 0, 0, true);
	KUNIT_EXPECT_EQ(test, se->lower[CMIS_ACTIVE_FW_MAJOR], 2);
	KUNIT_EXPECT_EQ(test, se->lower[CMIS_ACTIVE_FW_MINOR], 1);
}

/* fw_hang: silent until the knob is cleared, then the committed image. */
static void sim_fw_hang_test(struct kunit *test)
{
	struct cposim_engine *se = sim_cdb_engine(test);
	const u32 len = 200;
	u8 *img = sim_fw_image(test, se, len, 3, 0);

	sim_fw_download(test, se, img, len);
	se->cdb.hang = true;
	sim_fw_run_now(test, se);
	flush_delayed_work(&se->cdb.fw_work);
	KUNIT_EXPECT_EQ(test, se->cdb.phase, CPOSIM_FW_HUNG);
	KUNIT_EXPECT_EQ(test, sim_read_state(se), -ENXIO);
	flush_delayed_work(&se->cdb.fw_work);	/* nothing comes */
	KUNIT_EXPECT_EQ(test, se->cdb.phase, CPOSIM_FW_HUNG);

	mutex_lock(&se->lock);
	cposim_fw_set_hang(&se->cdb, false);
	mutex_unlock(&se->lock);
	KUNIT_EXPECT_EQ(test, sim_read_state(se), -ENXIO);	/* booting */
	flush_delayed_work(&se->cdb.fw_work);
	KUNIT_EXPECT_EQ(test, se->cdb.phase, CPOSIM_FW_IDLE);
	KUNIT_EXPECT_EQ(test, se->cdb.running, 0);
	sim_expect_banks(test, se, 0, 0, true);
}

/* fw_power_cut: during a download, then during a run. */
static void sim_fw_power_cut_test(struct kunit *test)
{
	struct cposim_engine *se = sim_cdb_engine(test);
	const u32 len = 500;
	u8 *img = sim_fw_image(test, se, len, 3, 0);

	KUNIT_ASSERT_EQ(test, sim_fw_start(se, img, CPO_FW_HEADER_LEN + len),
			CMIS_CDB_OK);
	mutex_lock(&se->lock);
	cposim_fw_set_power_cut(&se->cdb, 2);
	mutex_unlock(&se->lock);
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, 0, SIM_FW_BLOCK),
			CMIS_CDB_OK);
	KUNIT_EXPECT_FALSE(test, cposim_cdb_offline(&se->cdb));
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, SIM_FW_BLOCK, SIM_FW_BLOCK),
			CMIS_CDB_OK);
	KUNIT_EXPECT_TRUE(test, cposim_cdb_offline(&se->cdb));
	KUNIT_EXPECT_EQ(test, se->cdb.power_cut, 0);
	KUNIT_EXPECT_FALSE(test, se->cdb.dl.open);
	KUNIT_EXPECT_NULL(test, se->cdb.dl.buf);
	KUNIT_EXPECT_FALSE(test, se->cdb.image[1].valid);
	KUNIT_EXPECT_EQ(test, sim_read_state(se), -ENXIO);
	/* a command does not reach a module without power */
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, 0, 8), 0);
	flush_delayed_work(&se->cdb.fw_work);
	KUNIT_EXPECT_FALSE(test, cposim_cdb_offline(&se->cdb));
	KUNIT_EXPECT_EQ(test, sim_fw_write(se, img, 0, 8), CMIS_CDB_BAD_STATE);
	sim_expect_banks(test, se, 0, 0, false);

	/* during the run: the committed image comes back, B stays good */
	sim_fw_download(test, se, img, len);
	mutex_lock(&se->lock);
	cposim_fw_set_power_cut(&se->cdb, 5);
	mutex_unlock(&se->lock);
	sim_fw_run_now(test, se);
	KUNIT_EXPECT_EQ(test, se->cdb.power_cut, 0);
	KUNIT_EXPECT_TRUE(test, cposim_cdb_offline(&se->cdb));
	flush_delayed_work(&se->cdb.fw_work);
	KUNIT_EXPECT_EQ(test, se->cdb.running, 0);
	sim_expect_banks(test, se, 0, 0, true);

	/* a hung module loses its power at once */
	se->cdb.hang = true;
	sim_fw_run_now(test, se);
	flush_delayed_work(&se->cdb.fw_work);
	KUNIT_EXPECT_EQ(test, se->cdb.phase, CPOSIM_FW_HUNG);
	mutex_lock(&se->lock);
	cposim_fw_set_power_cut(&se->cdb, 1);
	mutex_unlock(&se->lock);
	KUNIT_EXPECT_EQ(test, se->cdb.phase, CPOSIM_FW_BOOTING);
	flush_delayed_work(&se->cdb.fw_work);
	KUNIT_EXPECT_EQ(test, se->cdb.phase, CPOSIM_FW_IDLE);
	KUNIT_EXPECT_EQ(test, se->cdb.running, 0);
}

/* One pass of the model, under the lock as a step takes it. */
static void sim_els_update(struct cposim_els *els)
{
	mutex_lock(&els->lock);
	cposim_els_update(els);
	mutex_unlock(&els->lock);
}

/*
 * A bare laser source of two primaries and their spare (laser 2), every
 * laser enabled, never registered, as cposim_els_init() lays it out.
 */
static struct cposim_els *sim_els(struct kunit *test)
{
	struct cposim_els *els;
	u32 i;

	els = kunit_kzalloc(test, struct_size(els, lasers, 3), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, els);
	els->count = 3;
	mutex_init(&els->lock);
	for (i = 0; i < els->count; i++) {
		els->lasers[i].els = els;
		els->lasers[i].index = i;
		els->lasers[i].spare = i < 2 ? 2 : CMIS_LS_IS_SPARE;
		els->lasers[i].served_by = i < 2 ? i : CMIS_LS_NO_SPARE;
	}
	cmis_put_be16(&els->ctrl[CMIS_LS_ENABLE - CMIS_UPPER_OFFSET], 0x7);
	sim_els_update(els);
	return els;
}

/* Set bit @i of the mask at @off of page B0h, as a control write does. */
static void sim_els_bit(struct cposim_els *els, u8 off, u32 i, bool set)
{
	u8 *p = &els->ctrl[off - CMIS_UPPER_OFFSET];
	u16 mask = cmis_get_be16(p);

	cmis_put_be16(p, set ? mask | BIT(i) : mask & ~BIT(i));
}

/* Who serves primary @i, the state the module shows for it, light. */
static void sim_expect_served(struct kunit *test, struct cposim_els *els,
			      u32 i, u8 by, u8 state)
{
	KUNIT_EXPECT_EQ_MSG(test, els->mon[CMIS_LS_SERVED_BY + i -
					   CMIS_UPPER_OFFSET], by,
			    "laser %u", i);
	KUNIT_EXPECT_EQ_MSG(test, els->lasers[i].state, state, "laser %u", i);
	if (by == i)
		KUNIT_EXPECT_NE(test, els->lasers[2].served_by, i);
	else
		KUNIT_EXPECT_EQ(test, els->lasers[2].served_by, i);
	KUNIT_EXPECT_GT_MSG(test, els->lasers[i].feed, 0, "laser %u dark", i);
}

/*
 * Auto failover: a primary that fails hands over to its spare and, once
 * repaired, takes its lanes back by itself; one relieved by a request
 * while healthy does not.
 */
static void sim_laser_failback_auto_test(struct kunit *test)
{
	struct cposim_els *els = sim_els(test);

	sim_expect_served(test, els, 0, 0, CMIS_LS_STATE_ON);
	KUNIT_EXPECT_EQ(test, els->lasers[2].state, CMIS_LS_STATE_STANDBY);
	sim_els_bit(els, CMIS_LS_AUTO_FAILOVER, 0, true);
	els->lasers[0].fail = true;
	sim_els_update(els);
	sim_expect_served(test, els, 0, 2, CMIS_LS_STATE_FAILED);
	KUNIT_EXPECT_EQ(test, els->lasers[2].state, CMIS_LS_STATE_ON);

	els->lasers[0].fail = false;
	sim_els_update(els);
	sim_expect_served(test, els, 0, 0, CMIS_LS_STATE_ON);
	KUNIT_EXPECT_EQ(test, els->lasers[2].state, CMIS_LS_STATE_STANDBY);
	KUNIT_EXPECT_FALSE(test, els->lasers[0].failed_covered);

	/* relieved while healthy: stays on the spare until a request */
	sim_els_bit(els, CMIS_LS_FAILOVER_REQ, 0, true);
	sim_els_update(els);
	sim_expect_served(test, els, 0, 2, CMIS_LS_STATE_ON);
	sim_els_update(els);
	sim_expect_served(test, els, 0, 2, CMIS_LS_STATE_ON);
	sim_els_bit(els, CMIS_LS_FAILBACK_REQ, 0, true);
	sim_els_update(els);
	sim_expect_served(test, els, 0, 0, CMIS_LS_STATE_ON);
	KUNIT_EXPECT_EQ(test, cmis_get_be16(&els->ctrl[CMIS_LS_FAILBACK_REQ -
						       CMIS_UPPER_OFFSET]), 0);
}

/*
 * Manual: the lanes stay on the spare after the repair; a failback
 * request for a primary still failed, or disabled, is dropped; for a
 * healthy one it hands the lanes back.
 */
static void sim_laser_failback_request_test(struct kunit *test)
{
	struct cposim_els *els = sim_els(test);

	els->lasers[1].fail = true;
	sim_els_bit(els, CMIS_LS_FAILOVER_REQ, 1, true);
	sim_els_update(els);
	sim_expect_served(test, els, 1, 2, CMIS_LS_STATE_FAILED);

	sim_els_bit(els, CMIS_LS_FAILBACK_REQ, 1, true);
	sim_els_update(els);
	sim_expect_served(test, els, 1, 2, CMIS_LS_STATE_FAILED);

	els->lasers[1].fail = false;
	sim_els_update(els);
	sim_expect_served(test, els, 1, 2, CMIS_LS_STATE_ON);

	sim_els_bit(els, CMIS_LS_ENABLE, 1, false);
	sim_els_bit(els, CMIS_LS_FAILBACK_REQ, 1, true);
	sim_els_update(els);
	sim_expect_served(test, els, 1, 2, CMIS_LS_STATE_OFF);

	sim_els_bit(els, CMIS_LS_ENABLE, 1, true);
	sim_els_update(els);
	sim_expect_served(test, els, 1, 2, CMIS_LS_STATE_ON);
	sim_els_bit(els, CMIS_LS_FAILBACK_REQ, 1, true);
	sim_els_update(els);
	sim_expect_served(test, els, 1, 1, CMIS_LS_STATE_ON);
	KUNIT_EXPECT_EQ(test, els->lasers[2].state, CMIS_LS_STATE_STANDBY);
}

/*
 * A primary repaired under manual while covered goes back as soon as its
 * policy becomes auto: it failed while covered.
 */
static void sim_laser_failback_policy_later_test(struct kunit *test)
{
	struct cposim_els *els = sim_els(test);

	els->lasers[1].fail = true;
	sim_els_bit(els, CMIS_LS_FAILOVER_REQ, 1, true);
	sim_els_update(els);
	els->lasers[1].fail = false;
	sim_els_update(els);
	sim_expect_served(test, els, 1, 2, CMIS_LS_STATE_ON);
	sim_els_bit(els, CMIS_LS_AUTO_FAILOVER, 1, true);
	sim_els_update(els);
	sim_expect_served(test, els, 1, 1, CMIS_LS_STATE_ON);
}

/* A spare given back in a step can take over another primary in it. */
static void sim_laser_failback_frees_spare_test(struct kunit *test)
{
	struct cposim_els *els = sim_els(test);

	sim_els_bit(els, CMIS_LS_AUTO_FAILOVER, 0, true);
	sim_els_bit(els, CMIS_LS_AUTO_FAILOVER, 1, true);
	els->lasers[0].fail = true;
	sim_els_update(els);
	sim_expect_served(test, els, 0, 2, CMIS_LS_STATE_FAILED);

	mutex_lock(&els->lock);
	els->lasers[0].fail = false;
	els->lasers[1].fail = true;
	cposim_els_update(els);
	mutex_unlock(&els->lock);
	sim_expect_served(test, els, 0, 0, CMIS_LS_STATE_ON);
	sim_expect_served(test, els, 1, 2, CMIS_LS_STATE_FAILED);
}

static struct kunit_case sim_test_cases[] = {
	KUNIT_CASE(sim_module_next_test),
	KUNIT_CASE(sim_module_power_cycle_test),
	KUNIT_CASE(sim_lane_next_test),
	KUNIT_CASE(sim_lane_controls_test),
	KUNIT_CASE(sim_lane_tx_cycle_test),
	KUNIT_CASE(sim_lane_deinit_cycle_test),
	KUNIT_CASE(sim_lanes_hold_outside_ready_test),
	KUNIT_CASE(sim_stuck_engine_test),
	KUNIT_CASE(sim_stuck_lane_test),
	KUNIT_CASE(sim_render_decodes_test),
	KUNIT_CASE(sim_bus_cost_test),
	KUNIT_CASE(sim_bus_page_select_test),
	KUNIT_CASE(sim_bus_xfer_test),
	KUNIT_CASE(sim_fw_features_test),
	KUNIT_CASE(sim_fw_start_test),
	KUNIT_CASE(sim_fw_write_test),
	KUNIT_CASE(sim_fw_epl_test),
	KUNIT_CASE(sim_fw_complete_crc_test),
	KUNIT_CASE(sim_fw_download_test),
	KUNIT_CASE(sim_fw_run_test),
	KUNIT_CASE(sim_fw_run_delay_test),
	KUNIT_CASE(sim_fw_run_fail_test),
	KUNIT_CASE(sim_fw_hang_test),
	KUNIT_CASE(sim_fw_power_cut_test),
	KUNIT_CASE(sim_laser_failback_auto_test),
	KUNIT_CASE(sim_laser_failback_request_test),
	KUNIT_CASE(sim_laser_failback_policy_later_test),
	KUNIT_CASE(sim_laser_failback_frees_spare_test),
	{}
};

static struct kunit_suite sim_test_suite = {
	.name = "cpo_sim_sm",
	.test_cases = sim_test_cases,
};

kunit_test_suites(&sim_test_suite);
