// SPDX-License-Identifier: GPL-2.0
/*
 * struct cpo_lane_state: the lane itself, without its requests' and
 * replies' nests, the same bytes as the members of struct cpo_lane.
 */
#include <string.h>

#include "helpers.h"

static char buf[T_BUF_SIZE];

static void test_lane_state_is_the_lane(void)
{
	struct cpo_lane_state st;
	struct nlmsghdr *nlh;
	struct cpo_lane l;

	nlh = t_msg(buf, T_FAMILY, CPO_CMD_LANE_GET, 0, T_SEQ);
	t_put_lane_full(nlh);
	CU_ASSERT_EQUAL_FATAL(cpo_lane_parse(nlh, &l, NULL), 0);
	st = l.state;
	CU_ASSERT(!memcmp(&st, &l, sizeof(st)));
	CU_ASSERT_EQUAL(st.present, l.present);
	CU_ASSERT_EQUAL(st.id, l.id);
	CU_ASSERT_EQUAL(st.rx_power, l.rx_power);
	CU_ASSERT_EQUAL(st.pre_fec_ber, l.pre_fec_ber);
	CU_ASSERT_STRING_EQUAL(st.ifname, l.ifname);
	CU_ASSERT_STRING_EQUAL(st.fiber_position, l.fiber_position);
	CU_ASSERT_EQUAL(st.refreshed, l.refreshed);
	CU_ASSERT(st.refreshed != 0);

	/* a member written is the state's, and back */
	l.snr = 1234;
	CU_ASSERT_EQUAL(l.state.snr, 1234);
	l.state.laser_id = 77;
	CU_ASSERT_EQUAL(l.laser_id, 77);
}

static void test_lane_state_layout(void)
{
	CU_ASSERT_EQUAL(offsetof(struct cpo_lane, state), 0);
	CU_ASSERT(sizeof(struct cpo_lane_state) <=
		  offsetof(struct cpo_lane, test));
	CU_ASSERT_EQUAL(offsetof(struct cpo_lane_state, refreshed),
			offsetof(struct cpo_lane, refreshed));
	CU_ASSERT_EQUAL(offsetof(struct cpo_lane_state, ifname),
			offsetof(struct cpo_lane, ifname));
	/* what a copy of many lanes saves */
	CU_ASSERT(sizeof(struct cpo_lane_state) * 10 < sizeof(struct cpo_lane));
}

CU_TestInfo state_tests[] = {
	{ "a lane's state is its members", test_lane_state_is_the_lane },
	{ "lane state layout and size", test_lane_state_layout },
	CU_TEST_INFO_NULL,
};
