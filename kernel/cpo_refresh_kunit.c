// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the pure parts of the refresh (cpo_refresh.c): which
 * intervals are accepted, the bus load figure, and which differences
 * between two reads of an object are a change to announce (state, not the
 * analog monitors). Linked into cpo.ko only when the target kernel has
 * CONFIG_KUNIT, as cpo_kunit.c.
 */
#include <kunit/test.h>
#include "cpo_core.h"

static void refresh_interval_check_test(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, cpo_refresh_interval_check(0), 0);
	KUNIT_ASSERT_EQ(test, cpo_refresh_interval_check(1), -ERANGE);
	KUNIT_ASSERT_EQ(test, cpo_refresh_interval_check(CPO_REFRESH_MIN_MS - 1),
			-ERANGE);
	KUNIT_ASSERT_EQ(test, cpo_refresh_interval_check(CPO_REFRESH_MIN_MS), 0);
	KUNIT_ASSERT_EQ(test, cpo_refresh_interval_check(1000), 0);
	KUNIT_ASSERT_EQ(test, cpo_refresh_interval_check(CPO_REFRESH_MAX_MS), 0);
	KUNIT_ASSERT_EQ(test, cpo_refresh_interval_check(CPO_REFRESH_MAX_MS + 1),
			-ERANGE);
	KUNIT_ASSERT_EQ(test, cpo_refresh_interval_check(U32_MAX), -ERANGE);
}

static void refresh_bus_load_test(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, cpo_bus_load_ppm(0, 0), 0U);
	KUNIT_ASSERT_EQ(test, cpo_bus_load_ppm(5, 0), 0U);
	KUNIT_ASSERT_EQ(test, cpo_bus_load_ppm(0, NSEC_PER_SEC), 0U);
	/* 38 ms of a 64-lane refresh at 400 kHz in a 1 s period */
	KUNIT_ASSERT_EQ(test, cpo_bus_load_ppm(38 * NSEC_PER_MSEC, NSEC_PER_SEC),
			38000U);
	KUNIT_ASSERT_EQ(test, cpo_bus_load_ppm(NSEC_PER_SEC / 2, NSEC_PER_SEC),
			500000U);
	KUNIT_ASSERT_EQ(test, cpo_bus_load_ppm(NSEC_PER_SEC, NSEC_PER_SEC),
			1000000U);
	/* Busy longer than the period (a refresh that ran long): capped. */
	KUNIT_ASSERT_EQ(test, cpo_bus_load_ppm(3 * NSEC_PER_SEC, NSEC_PER_SEC),
			1000000U);
	/* A long period: no overflow in the product. */
	KUNIT_ASSERT_EQ(test, cpo_bus_load_ppm(3600ULL * NSEC_PER_SEC,
					       7200ULL * NSEC_PER_SEC), 500000U);
}

static const struct cpo_lane_status lane_up = {
	.valid = CPO_LANE_F_DP_STATE | CPO_LANE_F_TX_ENABLE |
		 CPO_LANE_F_RX_ENABLE | CPO_LANE_F_POWER | CPO_LANE_F_TX_POWER |
		 CPO_LANE_F_RX_POWER | CPO_LANE_F_TX_BIAS | CPO_LANE_F_RX_LOS |
		 CPO_LANE_F_RX_LOL | CPO_LANE_F_TX_FAULT,
	.dp_state = CPO_DP_STATE_ACTIVATED,
	.tx_enable = true,
	.rx_enable = true,
	.power = CPO_LANE_POWER_UP,
	.tx_power = 1000000,
	.rx_power = 500000,
	.tx_bias = 40000,
};

static void refresh_lane_differs_test(struct kunit *test)
{
	struct cpo_lane_status b = lane_up;

	KUNIT_ASSERT_FALSE(test, cpo_lane_state_differs(&lane_up, &b));
	/* The monitors drift all the time: not a change. */
	b.tx_power++;
	b.rx_power /= 2;
	b.tx_bias = 0;
	b.pre_fec_ber = 12345;
	b.snr = 2000;
	KUNIT_ASSERT_FALSE(test, cpo_lane_state_differs(&lane_up, &b));
	b = lane_up;
	b.dp_state = CPO_DP_STATE_DEACTIVATED;
	KUNIT_ASSERT_TRUE(test, cpo_lane_state_differs(&lane_up, &b));
	b = lane_up;
	b.rx_los = true;
	KUNIT_ASSERT_TRUE(test, cpo_lane_state_differs(&lane_up, &b));
	b = lane_up;
	b.tx_enable = false;
	KUNIT_ASSERT_TRUE(test, cpo_lane_state_differs(&lane_up, &b));
	b = lane_up;
	b.power = CPO_LANE_POWER_DOWN;
	KUNIT_ASSERT_TRUE(test, cpo_lane_state_differs(&lane_up, &b));
	/* A field that became readable, or stopped being, is a change. */
	b = lane_up;
	b.valid |= CPO_LANE_F_FIBER_CONNECTED;
	KUNIT_ASSERT_TRUE(test, cpo_lane_state_differs(&lane_up, &b));
	b = lane_up;
	b.valid &= ~CPO_LANE_F_TX_POWER;
	KUNIT_ASSERT_FALSE(test, cpo_lane_state_differs(&lane_up, &b));
}

static void refresh_engine_laser_differs_test(struct kunit *test)
{
	const struct cpo_engine_status ea = {
		.valid = CPO_ENGINE_F_MODULE_STATE | CPO_ENGINE_F_TEMPERATURE |
			 CPO_ENGINE_F_POWER_MODE,
		.module_state = CPO_MODULE_STATE_READY,
		.power_mode = CPO_POWER_MODE_HIGH,
		.temperature = 45000,
	};
	const struct cpo_laser_status la = {
		.valid = CPO_LASER_F_STATE | CPO_LASER_F_ENABLE |
			 CPO_LASER_F_OUTPUT_POWER,
		.state = CPO_LASER_STATE_ON,
		.enable = true,
		.output_power = 80000,
	};
	struct cpo_engine_status eb = ea;
	struct cpo_laser_status lb = la;

	eb.temperature = 80000;
	eb.voltage = 1;
	KUNIT_ASSERT_FALSE(test, cpo_engine_state_differs(&ea, &eb));
	eb.module_state = CPO_MODULE_STATE_FAULT;
	KUNIT_ASSERT_TRUE(test, cpo_engine_state_differs(&ea, &eb));
	eb = ea;
	eb.power_mode = CPO_POWER_MODE_LOW;
	KUNIT_ASSERT_TRUE(test, cpo_engine_state_differs(&ea, &eb));

	lb.output_power = 0;
	lb.hours = 7;
	KUNIT_ASSERT_FALSE(test, cpo_laser_state_differs(&la, &lb));
	lb.state = CPO_LASER_STATE_FAILED;
	KUNIT_ASSERT_TRUE(test, cpo_laser_state_differs(&la, &lb));
	lb = la;
	lb.enable = false;
	KUNIT_ASSERT_TRUE(test, cpo_laser_state_differs(&la, &lb));
}

static struct kunit_case refresh_test_cases[] = {
	KUNIT_CASE(refresh_interval_check_test),
	KUNIT_CASE(refresh_bus_load_test),
	KUNIT_CASE(refresh_lane_differs_test),
	KUNIT_CASE(refresh_engine_laser_differs_test),
	{}
};

static struct kunit_suite refresh_test_suite = {
	.name = "cpo_refresh",
	.test_cases = refresh_test_cases,
};

kunit_test_suite(refresh_test_suite);
