// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl -br: one line per engine, lane and laser, in fixed columns.
 */
#include <string.h>

#include "helpers.h"
#include "cpoctl.h"
#include "json_print.h"

static char buf[T_BUF_SIZE];

static void brief_engine(const void *arg)
{
	cpoctl_engine_print_brief(arg);
}

static void brief_lane(const void *arg)
{
	cpoctl_lane_print_brief(arg);
}

static void brief_laser(const void *arg)
{
	cpoctl_laser_print_brief(arg);
}

/* The number of '\n' in @s. */
static unsigned int lines(const char *s)
{
	unsigned int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

static void test_engine_brief(void)
{
	struct nlmsghdr *nlh = t_msg(buf, T_FAMILY, CPO_CMD_ENGINE_GET, 0, 0);
	struct cpo_engine e;
	struct t_capture c;

	t_put_engine_full(nlh);
	CU_ASSERT_EQUAL_FATAL(cpo_engine_parse(nlh, &e, NULL), 0);
	T_ASSERT_STR(t_print_capture(&c, false, false, brief_engine, &e),
		     "7     cposim0         npo  ready    high    8  200G"
		     "   -1.5C <UNREACHABLE,SLOT:fault,FAULT:over-temperature>"
		     " slot 1\n");
	t_capture_free(&c);

	/* nothing but the id: a dash in every column, no flags */
	memset(&e, 0, sizeof(e));
	e.present = CPO_BIT(CPO_A_ENGINE_ID);
	e.id = 12;
	T_ASSERT_STR(t_print_capture(&c, false, false, brief_engine, &e),
		     "12    -               -    -        -       -     -"
		     "       - <>\n");
	t_capture_free(&c);
}

static void test_lane_brief(void)
{
	struct nlmsghdr *nlh = t_msg(buf, T_FAMILY, CPO_CMD_LANE_GET, 0, 0);
	struct cpo_lane l;
	struct t_capture c;

	t_put_lane_full(nlh);
	CU_ASSERT_EQUAL_FATAL(cpo_lane_parse(nlh, &l, NULL), 0);
	T_ASSERT_STR(t_print_capture(&c, false, false, brief_lane, &l),
		     "17     1      0    swp1       activated   on  on "
		     "   0.00dBm  -0.46dBm <TX_FAULT>\n");
	t_capture_free(&c);

	/* every flag; no light at all; an unknown state by number */
	l.rx_los = 1;
	l.rx_lol = 1;
	l.fiber_connected = 0;
	l.rx_power = 0;
	l.tx_enable = 0;
	l.dp_state = 99;
	l.present &= ~CPO_BIT(CPO_A_LANE_IFNAME);
	T_ASSERT_STR(t_print_capture(&c, false, false, brief_lane, &l),
		     "17     1      0    -          99          off on "
		     "   0.00dBm   -infdBm <RX_LOS,RX_LOL,TX_FAULT,NO_FIBER>\n");
	t_capture_free(&c);

	/* an id alone */
	memset(&l, 0, sizeof(l));
	l.present = CPO_BIT(CPO_A_LANE_ID);
	l.id = 1023;
	T_ASSERT_STR(t_print_capture(&c, false, false, brief_lane, &l),
		     "1023   -      -    -          -           -   -  "
		     "         -         - <>\n");
	t_capture_free(&c);
}

static void test_laser_brief(void)
{
	struct nlmsghdr *nlh = t_msg(buf, T_FAMILY, CPO_CMD_LASER_GET, 0, 0);
	static struct cpo_laser l;
	struct t_capture c;

	t_put_laser_full(nlh);
	CU_ASSERT_EQUAL_FATAL(cpo_laser_parse(nlh, &l, NULL), 0);
	T_ASSERT_STR(t_print_capture(&c, false, false, brief_laser, &l),
		     "3     cposim0         external spare   on      on "
		     "  20.00dBm   -2.5C     3 ELS-1\n");
	t_capture_free(&c);

	/* a list cut short says so */
	l.lane_ids.truncated = true;
	T_ASSERT_CONTAINS(t_print_capture(&c, false, false, brief_laser, &l),
			  "   -2.5C    3+ ELS-1\n");
	t_capture_free(&c);
}

/* Many objects, one line each, whatever their fields hold. */
static void brief_lanes(const void *arg)
{
	const struct cpo_lane *l = arg;
	unsigned int i;

	for (i = 0; i < 1024; i++)
		cpoctl_lane_print_brief(&l[i]);
}

static void test_one_line_each(void)
{
	static struct cpo_lane l[1024];
	struct t_capture c;
	unsigned int i;

	memset(l, 0, sizeof(l));
	for (i = 0; i < 1024; i++) {
		l[i].present = CPO_BIT(CPO_A_LANE_ID) |
			       CPO_BIT(CPO_A_LANE_ENGINE_ID) |
			       CPO_BIT(CPO_A_LANE_INDEX) |
			       CPO_BIT(CPO_A_LANE_DP_STATE) |
			       CPO_BIT(CPO_A_LANE_RX_POWER) |
			       CPO_BIT(CPO_A_LANE_FIBER_POSITION);
		l[i].id = i;
		l[i].engine_id = i / 64;
		l[i].index = i % 64;
		l[i].dp_state = i % 9;
		l[i].rx_power = i * 1000;
		l[i].rx_los = i & 1;
		snprintf(l[i].fiber_position, sizeof(l[i].fiber_position),
			 "J%u %u", i / 64, i % 64);	/* spaces: not shown */
	}
	CU_ASSERT_EQUAL(lines(t_print_capture(&c, false, false, brief_lanes, l)),
			1024);
	t_capture_free(&c);
	/* one-line mode (monitor) changes nothing here */
	CU_ASSERT_EQUAL(lines(t_print_capture(&c, false, true, brief_lanes, l)),
			1024);
	t_capture_free(&c);
}

CU_TestInfo brief_tests[] = {
	{ "engine: one line, flags, absent fields", test_engine_brief },
	{ "lane: one line, dBm, flags, absent fields", test_lane_brief },
	{ "laser: one line, dBm, lanes fed", test_laser_brief },
	{ "1,024 lanes: 1,024 lines", test_one_line_each },
	CU_TEST_INFO_NULL,
};
