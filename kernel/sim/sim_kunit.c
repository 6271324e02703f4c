// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the simulator's CMIS state machines: the module state
 * machine (LowPwr, PwrUp, Ready, PwrDn, driven by LowPwrRequestSW), the
 * data path state machine of each lane (driven by the DPDeinit and
 * OutputDisableTx bits of page 10h), cposim_step() moving them, and the
 * status bytes cposim_render() writes as the CMIS layer decodes them; and
 * the bus model (busmodel.c): the cost of an access, the page select
 * tracking and what an access over the model counts.
 *
 * Linked into cpo_sim.ko only when the target kernel has CONFIG_KUNIT (see
 * Kbuild); KUnit runs the suite when the module is loaded, before its init
 * (see kernel/cmis/cmis_kunit.c for why it is not a module of its own).
 * The engines are built here, never registered: no device, no work item,
 * no CMIS engine.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/overflow.h>
#include <linux/slab.h>
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
	{}
};

static struct kunit_suite sim_test_suite = {
	.name = "cpo_sim_sm",
	.test_cases = sim_test_cases,
};

kunit_test_suites(&sim_test_suite);
