// SPDX-License-Identifier: GPL-2.0
/*
 * Thresholds and alarms: nested replies and notifications parsed from
 * crafted buffers, requests built with their nests, the kernel's error
 * pointing inside a nest, sequence gap accounting, and how cpoctl prints
 * them (threshold show, alarm show, monitor).
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "helpers.h"
#include "cpoctl.h"
#include "json_print.h"

static char buf[T_BUF_SIZE];
static char big[64 * 1024];

#define T_FIRST_SET	1748771990000000000ULL	/* 10 s before T_NTF_TS */

/* One alarm nest as the kernel puts it (u64s after a pad when needed). */
static void put_alarm(struct nlmsghdr *nlh, uint32_t q, uint32_t level,
		      bool active, bool values)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, CPO_A_DIAG_ALARM);

	mnl_attr_put_u32(nlh, CPO_A_ALARM_QUANTITY, q);
	mnl_attr_put_u32(nlh, CPO_A_ALARM_LEVEL, level);
	mnl_attr_put_u8(nlh, CPO_A_ALARM_ACTIVE, active);
	mnl_attr_put_u8(nlh, CPO_A_ALARM_LATCHED, 1);
	mnl_attr_put_u32(nlh, CPO_A_ALARM_COUNT, 1);
	t_put_u64_pad(nlh, CPO_A_ALARM_FIRST_SET, CPO_A_ALARM_PAD, T_FIRST_SET);
	t_put_u64_pad(nlh, CPO_A_ALARM_LAST_SET, CPO_A_ALARM_PAD, T_FIRST_SET);
	if (!active)
		t_put_u64_pad(nlh, CPO_A_ALARM_LAST_CLEAR, CPO_A_ALARM_PAD,
			      T_NTF_TS);
	if (values) {
		t_put_u64_pad(nlh, CPO_A_ALARM_VALUE, CPO_A_ALARM_PAD,
			      (uint64_t)40000);
		t_put_u64_pad(nlh, CPO_A_ALARM_THRESHOLD, CPO_A_ALARM_PAD,
			      (uint64_t)50000);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* An alarm-ntf: lane 12 of engine 1, rx-power low-warning, seq @seq. */
static struct nlmsghdr *alarm_ntf(void *p, uint64_t seq, bool active)
{
	struct nlmsghdr *nlh = t_msg(p, T_FAMILY, CPO_CMD_ALARM_NTF, 0, 0);

	mnl_attr_put_u32(nlh, CPO_A_DIAG_ENGINE_ID, 1);
	mnl_attr_put_u32(nlh, CPO_A_DIAG_LANE_ID, 12);
	put_alarm(nlh, CPO_QUANTITY_RX_POWER, CPO_ALARM_LEVEL_LOW_WARNING,
		  active, true);
	t_put_u64_pad(nlh, CPO_A_DIAG_SEQ, CPO_A_DIAG_PAD, seq);
	t_put_u64_pad(nlh, CPO_A_DIAG_TIMESTAMP, CPO_A_DIAG_PAD, T_NTF_TS);
	return nlh;
}

static void check_rx_alarm(const struct cpo_alarm *a, bool active)
{
	CU_ASSERT_EQUAL(a->present,
			CPO_BIT(CPO_A_ALARM_QUANTITY) |
			CPO_BIT(CPO_A_ALARM_LEVEL) |
			CPO_BIT(CPO_A_ALARM_ACTIVE) |
			CPO_BIT(CPO_A_ALARM_LATCHED) |
			CPO_BIT(CPO_A_ALARM_COUNT) |
			CPO_BIT(CPO_A_ALARM_FIRST_SET) |
			CPO_BIT(CPO_A_ALARM_LAST_SET) |
			(active ? 0 : CPO_BIT(CPO_A_ALARM_LAST_CLEAR)) |
			CPO_BIT(CPO_A_ALARM_VALUE) |
			CPO_BIT(CPO_A_ALARM_THRESHOLD));
	CU_ASSERT_EQUAL(a->quantity, CPO_QUANTITY_RX_POWER);
	CU_ASSERT_EQUAL(a->level, CPO_ALARM_LEVEL_LOW_WARNING);
	CU_ASSERT_EQUAL(a->active, active);
	CU_ASSERT_EQUAL(a->latched, 1);
	CU_ASSERT_EQUAL(a->count, 1);
	CU_ASSERT(a->first_set == T_FIRST_SET);
	CU_ASSERT(a->last_set == T_FIRST_SET);
	CU_ASSERT(a->last_clear == (active ? 0 : T_NTF_TS));
	CU_ASSERT(a->value == 40000);
	CU_ASSERT(a->threshold == 50000);
}

static void test_alarm_ntf_parse(void)
{
	static struct cpo_event ev;
	struct nlmsghdr *nlh = alarm_ntf(buf, 42, true);
	struct cpo_error err;

	cpo_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(cpo_event_parse(nlh, &ev, &err), 0);
	CU_ASSERT_EQUAL(ev.cmd, CPO_CMD_ALARM_NTF);
	CU_ASSERT_EQUAL(ev.obj, CPO_OBJ_DIAG);
	CU_ASSERT_EQUAL(ev.op, CPO_EVENT_ALARM);
	T_ASSERT_STR(ev.name, "alarm");
	CU_ASSERT(ev.seq == 42);
	CU_ASSERT(ev.timestamp == T_NTF_TS);
	CU_ASSERT_EQUAL(ev.diag.present, CPO_BIT(CPO_A_DIAG_ENGINE_ID) |
					 CPO_BIT(CPO_A_DIAG_LANE_ID) |
					 CPO_BIT(CPO_A_DIAG_ALARM) |
					 CPO_BIT(CPO_A_DIAG_SEQ) |
					 CPO_BIT(CPO_A_DIAG_TIMESTAMP));
	CU_ASSERT_EQUAL(ev.diag.engine_id, 1);
	CU_ASSERT_EQUAL(ev.diag.lane_id, 12);
	CU_ASSERT_EQUAL(ev.diag.thresholds.n, 0);
	CU_ASSERT_EQUAL_FATAL(ev.diag.alarms.n, 1);
	CU_ASSERT_FALSE(ev.diag.alarms.truncated);
	check_rx_alarm(&ev.diag.alarms.items[0], true);

	/* a hardware flag: no value, no threshold */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_ALARM_NTF, 0, 0);
	mnl_attr_put_u32(nlh, CPO_A_DIAG_ENGINE_ID, 1);
	mnl_attr_put_u32(nlh, CPO_A_DIAG_LANE_ID, 3);
	put_alarm(nlh, CPO_QUANTITY_RX_LOS, CPO_ALARM_LEVEL_ASSERTED, false,
		  false);
	CU_ASSERT_EQUAL_FATAL(cpo_event_parse(nlh, &ev, NULL), 0);
	CU_ASSERT(ev.seq == 0);
	CU_ASSERT_EQUAL_FATAL(ev.diag.alarms.n, 1);
	CU_ASSERT_EQUAL(ev.diag.alarms.items[0].quantity, CPO_QUANTITY_RX_LOS);
	CU_ASSERT_FALSE(cpo_has(ev.diag.alarms.items[0].present,
				CPO_A_ALARM_VALUE));
	CU_ASSERT(ev.diag.alarms.items[0].last_clear == T_NTF_TS);
}

static void test_diag_malformed(void)
{
	static struct cpo_diag d;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct cpo_error err;
	uint16_t small = 3;

	/* a level that is not 64 bits */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_THRESHOLD_GET, 0, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_DIAG_ENGINE_ID, 1);
	nest = mnl_attr_nest_start(nlh, CPO_A_DIAG_THRESHOLD);
	mnl_attr_put_u32(nlh, CPO_A_THRESHOLD_QUANTITY, 1);
	mnl_attr_put_u32(nlh, CPO_A_THRESHOLD_HIGH_ALARM, 80000);
	mnl_attr_nest_end(nlh, nest);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_diag_parse(nlh, &d, &err), -EBADMSG);
	T_ASSERT_STR(err.msg, "malformed threshold attribute high-alarm");

	/* a nest whose last attribute runs past it */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_ALARM_GET, 0, T_SEQ);
	nest = mnl_attr_nest_start(nlh, CPO_A_DIAG_ALARM);
	mnl_attr_put(nlh, CPO_A_ALARM_QUANTITY, sizeof(small), &small);
	mnl_attr_nest_end(nlh, nest);
	nest->nla_len -= 2;
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_diag_parse(nlh, &d, &err), -EBADMSG);
	CU_ASSERT_EQUAL(err.err, EBADMSG);

	/* a nest attribute that is too short to be one */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_ALARM_GET, 0, T_SEQ);
	mnl_attr_put(nlh, CPO_A_DIAG_ALARM, 2, "xy");
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_diag_parse(nlh, &d, &err), -EBADMSG);
	T_ASSERT_STR(err.msg, "malformed diag attribute alarm");
}

/* A threshold-get reply of an engine: every quantity with thresholds. */
static struct nlmsghdr *thresholds_reply(void *p, unsigned int n)
{
	struct nlmsghdr *nlh = t_msg(p, T_FAMILY, CPO_CMD_THRESHOLD_GET, 0,
				     T_SEQ);
	struct nlattr *nest;
	unsigned int i;

	mnl_attr_put_u32(nlh, CPO_A_DIAG_ENGINE_ID, 2);
	for (i = 0; i < n; i++) {
		nest = mnl_attr_nest_start(nlh, CPO_A_DIAG_THRESHOLD);
		mnl_attr_put_u32(nlh, CPO_A_THRESHOLD_QUANTITY, 1 + i % 7);
		t_put_u64_pad(nlh, CPO_A_THRESHOLD_HIGH_ALARM,
			      CPO_A_THRESHOLD_PAD, 80000 + i);
		t_put_u64_pad(nlh, CPO_A_THRESHOLD_LOW_ALARM,
			      CPO_A_THRESHOLD_PAD, (uint64_t)INT64_MIN);
		t_put_u64_pad(nlh, CPO_A_THRESHOLD_HIGH_WARNING,
			      CPO_A_THRESHOLD_PAD, 75000);
		t_put_u64_pad(nlh, CPO_A_THRESHOLD_LOW_WARNING,
			      CPO_A_THRESHOLD_PAD, (uint64_t)-5000);
		mnl_attr_nest_end(nlh, nest);
	}
	return nlh;
}

static void test_thresholds_parse(void)
{
	static struct cpo_diag d;
	struct nlmsghdr *nlh;
	unsigned int i;

	nlh = thresholds_reply(buf, 7);
	CU_ASSERT_EQUAL_FATAL(cpo_diag_parse(nlh, &d, NULL), 0);
	CU_ASSERT_EQUAL(d.present, CPO_BIT(CPO_A_DIAG_ENGINE_ID) |
				   CPO_BIT(CPO_A_DIAG_THRESHOLD));
	CU_ASSERT_EQUAL(d.engine_id, 2);
	CU_ASSERT_EQUAL_FATAL(d.thresholds.n, 7);
	for (i = 0; i < 7; i++) {
		const struct cpo_threshold *t = &d.thresholds.items[i];

		CU_ASSERT_EQUAL(t->quantity, i + 1);
		CU_ASSERT(t->high_alarm == 80000 + i);
		CU_ASSERT(t->low_alarm == INT64_MIN);
		CU_ASSERT(t->high_warning == 75000);
		CU_ASSERT(t->low_warning == -5000);
		CU_ASSERT_EQUAL(t->present, CPO_BIT(CPO_A_THRESHOLD_QUANTITY) |
					    CPO_BIT(CPO_A_THRESHOLD_HIGH_ALARM) |
					    CPO_BIT(CPO_A_THRESHOLD_LOW_ALARM) |
					    CPO_BIT(CPO_A_THRESHOLD_HIGH_WARNING) |
					    CPO_BIT(CPO_A_THRESHOLD_LOW_WARNING));
	}

	/* more than fit: the first ones kept, the list marked cut */
	nlh = thresholds_reply(big, CPO_DIAG_MAX + 3);
	CU_ASSERT_EQUAL_FATAL(cpo_diag_parse(nlh, &d, NULL), 0);
	CU_ASSERT_EQUAL(d.thresholds.n, CPO_DIAG_MAX);
	CU_ASSERT_TRUE(d.thresholds.truncated);
	CU_ASSERT(d.thresholds.items[CPO_DIAG_MAX - 1].high_alarm ==
		  80000 + CPO_DIAG_MAX - 1);
	nlh = thresholds_reply(big, CPO_DIAG_MAX);
	CU_ASSERT_EQUAL_FATAL(cpo_diag_parse(nlh, &d, NULL), 0);
	CU_ASSERT_FALSE(d.thresholds.truncated);

	/* an unknown attribute inside a nest is skipped */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_ALARM_GET, 0, T_SEQ);
	{
		struct nlattr *nest = mnl_attr_nest_start(nlh, CPO_A_DIAG_ALARM);

		mnl_attr_put_u32(nlh, CPO_A_ALARM_MAX + 3, 7);
		mnl_attr_put_u32(nlh, CPO_A_ALARM_QUANTITY, CPO_QUANTITY_TX_FAULT);
		mnl_attr_nest_end(nlh, nest);
	}
	CU_ASSERT_EQUAL_FATAL(cpo_diag_parse(nlh, &d, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(d.alarms.n, 1);
	CU_ASSERT_EQUAL(d.alarms.items[0].present,
			CPO_BIT(CPO_A_ALARM_QUANTITY));
}

/* ---- requests ---- */

static struct cpo_diag req;

static void diag_req(uint32_t engine, uint32_t lane)
{
	memset(&req, 0, sizeof(req));
	if (engine) {
		req.engine_id = engine;
		req.present |= CPO_BIT(CPO_A_DIAG_ENGINE_ID);
	}
	if (lane) {
		req.lane_id = lane;
		req.present |= CPO_BIT(CPO_A_DIAG_LANE_ID);
	}
}

static void test_build_get_dump(void)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct cpo_error err;
	struct t_attrs a;

	diag_req(0, 12);
	CU_ASSERT_FATAL(cpo_msg_threshold_get(buf, sizeof(buf), T_FAMILY, 5,
					      &req, NULL) > 0);
	CU_ASSERT_EQUAL(genl->cmd, CPO_CMD_THRESHOLD_GET);
	CU_ASSERT_FALSE(nlh->nlmsg_flags & NLM_F_DUMP);
	CU_ASSERT_EQUAL(t_attrs_get(nlh, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_DIAG_LANE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 12);

	diag_req(3, 0);
	CU_ASSERT_FATAL(cpo_msg_alarm_get(buf, sizeof(buf), T_FAMILY, 5, &req,
					  NULL) > 0);
	CU_ASSERT_EQUAL(genl->cmd, CPO_CMD_ALARM_GET);
	CU_ASSERT_EQUAL(t_attrs_get(nlh, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_DIAG_ENGINE_ID);

	/* seq, timestamp and thresholds are not selectors */
	diag_req(3, 4);
	req.seq = 9;
	req.present |= CPO_BIT(CPO_A_DIAG_SEQ);
	CU_ASSERT_FATAL(cpo_msg_alarm_get(buf, sizeof(buf), T_FAMILY, 5, &req,
					  NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get(nlh, &a), 0);
	CU_ASSERT_EQUAL(a.n, 2);

	CU_ASSERT_FATAL(cpo_msg_threshold_dump(buf, sizeof(buf), T_FAMILY, 6,
					       NULL) > 0);
	CU_ASSERT_EQUAL(genl->cmd, CPO_CMD_THRESHOLD_GET);
	CU_ASSERT(nlh->nlmsg_flags & NLM_F_DUMP);
	CU_ASSERT_EQUAL(t_attrs_get(nlh, &a), 0);
	CU_ASSERT_EQUAL(a.n, 0);
	CU_ASSERT_FATAL(cpo_msg_alarm_dump(buf, sizeof(buf), T_FAMILY, 6,
					   NULL) > 0);
	CU_ASSERT_EQUAL(genl->cmd, CPO_CMD_ALARM_GET);
	CU_ASSERT(nlh->nlmsg_flags & NLM_F_DUMP);

	diag_req(0, 0);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_threshold_get(buf, sizeof(buf), T_FAMILY, 5,
					      &req, &err), -EINVAL);
	T_ASSERT_STR(err.msg, "engine id or lane id required");
	CU_ASSERT_EQUAL(cpo_msg_alarm_clear(buf, sizeof(buf), T_FAMILY, 5,
					    &req, NULL), -EINVAL);
}

/* The attributes of the first nest of type @type in @nlh. */
static int nest_attrs(const struct nlmsghdr *nlh, uint16_t type,
		      struct t_attrs *a, unsigned int which)
{
	const struct nlattr *attr;
	unsigned int seen = 0;

	memset(a, 0, sizeof(*a));
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		const struct nlattr *in;

		if (mnl_attr_get_type(attr) != type || seen++ != which)
			continue;
		mnl_attr_for_each_nested(in, attr) {
			a->type[a->n] = mnl_attr_get_type(in);
			a->len[a->n] = mnl_attr_get_payload_len(in);
			memcpy(&a->u32[a->n], mnl_attr_get_payload(in),
			       a->len[a->n] < 4 ? a->len[a->n] : 4);
			a->n++;
		}
		return 0;
	}
	return -1;
}

static void test_build_threshold_set(void)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct cpo_threshold *t;
	struct cpo_error err;
	struct t_attrs a;
	int64_t v;

	diag_req(1, 0);
	req.present |= CPO_BIT(CPO_A_DIAG_THRESHOLD);
	req.thresholds.n = 2;
	t = &req.thresholds.items[0];
	t->present = CPO_BIT(CPO_A_THRESHOLD_QUANTITY) |
		     CPO_BIT(CPO_A_THRESHOLD_HIGH_ALARM) |
		     CPO_BIT(CPO_A_THRESHOLD_LOW_WARNING);
	t->quantity = CPO_QUANTITY_TEMPERATURE;
	t->high_alarm = 85000;
	t->low_warning = -2500;
	t->low_alarm = 77;	/* not present: not sent */
	t = &req.thresholds.items[1];
	t->present = CPO_BIT(CPO_A_THRESHOLD_QUANTITY) |
		     CPO_BIT(CPO_A_THRESHOLD_HIGH_WARNING);
	t->quantity = CPO_QUANTITY_PRE_FEC_BER;
	t->high_warning = 10000000000000LL;
	CU_ASSERT_FATAL(cpo_msg_threshold_set(buf, sizeof(buf), T_FAMILY, 7,
					      &req, NULL) > 0);
	CU_ASSERT(nlh->nlmsg_flags & NLM_F_ACK);
	CU_ASSERT_EQUAL(((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd,
			CPO_CMD_THRESHOLD_SET);
	CU_ASSERT_EQUAL_FATAL(nest_attrs(nlh, CPO_A_DIAG_THRESHOLD, &a, 0), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 3);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_THRESHOLD_QUANTITY);
	CU_ASSERT_EQUAL(a.u32[0], CPO_QUANTITY_TEMPERATURE);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_THRESHOLD_HIGH_ALARM);
	CU_ASSERT_EQUAL(a.len[1], 8);
	CU_ASSERT_EQUAL(a.u32[1], 85000);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_THRESHOLD_LOW_WARNING);
	CU_ASSERT_EQUAL(a.u32[2], (uint32_t)-2500);
	CU_ASSERT_EQUAL_FATAL(nest_attrs(nlh, CPO_A_DIAG_THRESHOLD, &a, 1), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_THRESHOLD_HIGH_WARNING);
	/* and it parses back to what was asked */
	{
		static struct cpo_diag back;

		CU_ASSERT_EQUAL_FATAL(cpo_diag_parse(nlh, &back, NULL), 0);
		CU_ASSERT_EQUAL(back.thresholds.n, 2);
		v = back.thresholds.items[0].low_warning;
		CU_ASSERT(v == -2500);
		CU_ASSERT(back.thresholds.items[1].high_warning ==
			  10000000000000LL);
		CU_ASSERT_EQUAL(back.present, req.present);
	}

	/* a threshold without a level, or without its quantity */
	req.thresholds.items[1].present = CPO_BIT(CPO_A_THRESHOLD_QUANTITY);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_threshold_set(buf, sizeof(buf), T_FAMILY, 7,
					      &req, &err), -EINVAL);
	T_ASSERT_STR(err.msg, "no threshold level to set for pre-fec-ber");
	req.thresholds.items[1].present = CPO_BIT(CPO_A_THRESHOLD_LOW_ALARM);
	CU_ASSERT_EQUAL(cpo_msg_threshold_set(buf, sizeof(buf), T_FAMILY, 7,
					      &req, &err), -EINVAL);
	T_ASSERT_STR(err.msg, "threshold without a quantity");
	req.thresholds.n = 0;
	CU_ASSERT_EQUAL(cpo_msg_threshold_set(buf, sizeof(buf), T_FAMILY, 7,
					      &req, &err), -EINVAL);
	T_ASSERT_STR(err.msg, "nothing to set");
	/* a request that does not fit */
	req.thresholds.n = 2;
	req.thresholds.items[1].present = req.thresholds.items[0].present;
	CU_ASSERT_EQUAL(cpo_msg_threshold_set(buf, 60, T_FAMILY, 7, &req,
					      &err), -ENOSPC);
}

static void test_build_alarm_clear(void)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct cpo_alarm *a0 = &req.alarms.items[0];
	struct cpo_error err;
	struct t_attrs a;

	/* everything of the lane */
	diag_req(0, 12);
	CU_ASSERT_FATAL(cpo_msg_alarm_clear(buf, sizeof(buf), T_FAMILY, 8,
					    &req, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get(nlh, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_DIAG_LANE_ID);

	/* one quantity at one level */
	req.present |= CPO_BIT(CPO_A_DIAG_ALARM);
	req.alarms.n = 1;
	a0->present = CPO_BIT(CPO_A_ALARM_QUANTITY) | CPO_BIT(CPO_A_ALARM_LEVEL);
	a0->quantity = CPO_QUANTITY_RX_POWER;
	a0->level = CPO_ALARM_LEVEL_LOW_WARNING;
	CU_ASSERT_FATAL(cpo_msg_alarm_clear(buf, sizeof(buf), T_FAMILY, 8,
					    &req, NULL) > 0);
	CU_ASSERT_EQUAL(((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd,
			CPO_CMD_ALARM_CLEAR);
	CU_ASSERT_EQUAL_FATAL(nest_attrs(nlh, CPO_A_DIAG_ALARM, &a, 0), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_ALARM_QUANTITY);
	CU_ASSERT_EQUAL(a.u32[0], CPO_QUANTITY_RX_POWER);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ALARM_LEVEL);
	CU_ASSERT_EQUAL(a.u32[1], CPO_ALARM_LEVEL_LOW_WARNING);

	/* only a quantity and a level, one at a time */
	a0->present |= CPO_BIT(CPO_A_ALARM_ACTIVE);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_alarm_clear(buf, sizeof(buf), T_FAMILY, 8,
					    &req, &err), -EINVAL);
	T_ASSERT_CONTAINS(err.msg, "a quantity and maybe a level");
	a0->present = CPO_BIT(CPO_A_ALARM_LEVEL);
	CU_ASSERT_EQUAL(cpo_msg_alarm_clear(buf, sizeof(buf), T_FAMILY, 8,
					    &req, &err), -EINVAL);
	a0->present = CPO_BIT(CPO_A_ALARM_QUANTITY);
	req.alarms.n = 2;
	CU_ASSERT_EQUAL(cpo_msg_alarm_clear(buf, sizeof(buf), T_FAMILY, 8,
					    &req, &err), -EINVAL);
	T_ASSERT_STR(err.msg, "one alarm quantity at a time");
}

/* The kernel points at a level inside a threshold nest. */
static void test_error_inside_nest(void)
{
	struct nlmsghdr *nlh, *reqh = (struct nlmsghdr *)buf;
	static char ebuf[T_BUF_SIZE];
	const struct nlattr *attr, *in;
	struct cpo_threshold *t;
	struct cpo_error err;
	char line[256];
	int off = -1, nest_off = -1;

	diag_req(1, 0);
	req.present |= CPO_BIT(CPO_A_DIAG_THRESHOLD);
	req.thresholds.n = 1;
	t = &req.thresholds.items[0];
	t->present = CPO_BIT(CPO_A_THRESHOLD_QUANTITY) |
		     CPO_BIT(CPO_A_THRESHOLD_HIGH_ALARM) |
		     CPO_BIT(CPO_A_THRESHOLD_LOW_WARNING);
	t->quantity = CPO_QUANTITY_TEMPERATURE;
	CU_ASSERT_FATAL(cpo_msg_threshold_set(buf, sizeof(buf), T_FAMILY,
					      T_SEQ, &req, NULL) > 0);
	mnl_attr_for_each(attr, reqh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != CPO_A_DIAG_THRESHOLD)
			continue;
		nest_off = (const char *)attr - buf;
		mnl_attr_for_each_nested(in, attr)
			if (mnl_attr_get_type(in) == CPO_A_THRESHOLD_LOW_WARNING)
				off = (const char *)in - buf;
	}
	CU_ASSERT_FATAL(off > 0 && nest_off > 0);

	nlh = t_err_msg(ebuf, reqh, -EINVAL, true,
			"low-warning is below low-alarm", off, -1);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, reqh, &cpo_diag_attr_set,
					      &err), -EINVAL);
	CU_ASSERT_PTR_EQUAL(err.set, &cpo_threshold_attr_set);
	CU_ASSERT_EQUAL(err.bad_attr, CPO_A_THRESHOLD_LOW_WARNING);
	cpo_error_format(&err, line, sizeof(line));
	T_ASSERT_STR(line, "low-warning is below low-alarm"
		     " (attribute threshold.low-warning)");

	/* at the nest itself: the diag attribute */
	nlh = t_err_msg(ebuf, reqh, -EINVAL, false, "bad nest", nest_off, -1);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, reqh, &cpo_diag_attr_set,
					      &err), -EINVAL);
	cpo_error_format(&err, line, sizeof(line));
	T_ASSERT_STR(line, "bad nest (attribute diag.threshold)");

	/* a top-level attribute after the nest is still the diag set's */
	nlh = t_err_msg(ebuf, reqh, -ENOENT, true, "unknown engine id",
			MNL_NLMSG_HDRLEN + GENL_HDRLEN, -1);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, reqh, &cpo_diag_attr_set,
					      &err), -ENOENT);
	cpo_error_format(&err, line, sizeof(line));
	T_ASSERT_STR(line, "unknown engine id (attribute diag.engine-id)");
}

/* ---- sequence numbers ---- */

static void test_seq_gaps(void)
{
	struct cpo_seq s = { 0 };

	CU_ASSERT(cpo_seq_track(&s, 0) == 0);	/* unnumbered: ignored */
	CU_ASSERT(s.received == 0);
	CU_ASSERT(cpo_seq_track(&s, 100) == 0);	/* the first: no gap known */
	CU_ASSERT(cpo_seq_track(&s, 101) == 0);
	CU_ASSERT(cpo_seq_track(&s, 105) == 3);	/* 102..104 */
	CU_ASSERT(cpo_seq_track(&s, 106) == 0);
	CU_ASSERT(cpo_seq_track(&s, 2106) == 1999);
	CU_ASSERT(s.first == 100);
	CU_ASSERT(s.last == 2106);
	CU_ASSERT(s.received == 5);
	CU_ASSERT(s.lost == 2002);
	/* received and lost make up the whole range */
	CU_ASSERT(s.received + s.lost == s.last - s.first + 1);
	CU_ASSERT(s.restarts == 0);

	/* the module reloaded: numbering starts again, no loss assumed */
	CU_ASSERT(cpo_seq_track(&s, 1) == 0);
	CU_ASSERT(s.restarts == 1);
	CU_ASSERT(s.first == 1);
	CU_ASSERT(s.lost == 2002);
	CU_ASSERT(cpo_seq_track(&s, 3) == 1);
	/* a repeat counts as a restart too, never as a negative gap */
	CU_ASSERT(cpo_seq_track(&s, 3) == 0);
	CU_ASSERT(s.restarts == 2);
	CU_ASSERT(cpo_seq_track(&s, UINT64_MAX) == UINT64_MAX - 4);
}

struct seen {
	unsigned int n;
	uint64_t seq[8];
	struct cpo_seq s;
	uint64_t lost[8];
};

static int track_event(const struct cpo_event *ev, void *data)
{
	struct seen *s = data;

	if (s->n < 8) {
		s->seq[s->n] = ev->seq;
		s->lost[s->n] = cpo_seq_track(&s->s, ev->seq);
	}
	s->n++;
	return 0;
}

static void test_monitor_seq(void)
{
	static struct seen s;
	struct nlmsghdr *nlh;

	memset(&s, 0, sizeof(s));
	nlh = alarm_ntf(big, 7, true);
	nlh = t_msg(t_next(nlh), T_FAMILY, CPO_CMD_LANE_CHANGE_NTF, 0, 0);
	mnl_attr_put_u32(nlh, CPO_A_LANE_ID, 12);
	t_put_u64_pad(nlh, CPO_A_LANE_SEQ, CPO_A_LANE_PAD, 8);
	t_put_u64_pad(nlh, CPO_A_LANE_TIMESTAMP, CPO_A_LANE_PAD, T_NTF_TS);
	nlh = t_msg(t_next(nlh), T_FAMILY, CPO_CMD_ENGINE_CHANGE_NTF, 0, 0);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_ID, 1);
	t_put_u64_pad(nlh, CPO_A_ENGINE_SEQ, CPO_A_ENGINE_PAD, 12);
	nlh = alarm_ntf(t_next(nlh), 13, false);
	CU_ASSERT_EQUAL(cpo_monitor_process(big, t_span(big, nlh), T_FAMILY,
					    track_event, &s, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(s.n, 4);
	CU_ASSERT(s.seq[0] == 7 && s.seq[1] == 8 && s.seq[2] == 12 &&
		  s.seq[3] == 13);
	CU_ASSERT(s.lost[0] == 0 && s.lost[1] == 0 && s.lost[2] == 3 &&
		  s.lost[3] == 0);
	CU_ASSERT(s.s.received + s.s.lost == s.s.last - s.s.first + 1);
}

/* ---- printing ---- */

static struct cpo_diag pd;

static void print_thresholds(const void *arg)
{
	cpoctl_diag_print(arg, false, NULL);
	print_nl();
}

static void print_alarms(const void *arg)
{
	cpoctl_diag_print(arg, true, NULL);
	print_nl();
}

static void print_event(const void *arg)
{
	cpoctl_event_print(arg);
}

static void print_lost(const void *arg)
{
	(void)arg;
	cpoctl_lost_print(5, 10, 14);
}

static void test_threshold_print(void)
{
	struct t_capture c;

	memset(&pd, 0, sizeof(pd));
	pd.present = CPO_BIT(CPO_A_DIAG_ENGINE_ID) | CPO_BIT(CPO_A_DIAG_LANE_ID) |
		     CPO_BIT(CPO_A_DIAG_THRESHOLD);
	pd.engine_id = 1;
	pd.lane_id = 12;
	pd.thresholds.n = 2;
	pd.thresholds.items[0] = (struct cpo_threshold) {
		.present = CPO_BIT(CPO_A_THRESHOLD_QUANTITY) |
			   CPO_BIT(CPO_A_THRESHOLD_HIGH_ALARM) |
			   CPO_BIT(CPO_A_THRESHOLD_LOW_ALARM) |
			   CPO_BIT(CPO_A_THRESHOLD_HIGH_WARNING) |
			   CPO_BIT(CPO_A_THRESHOLD_LOW_WARNING),
		.quantity = CPO_QUANTITY_RX_POWER,
		.high_alarm = 2000000, .low_alarm = 40000,
		.high_warning = 1600000, .low_warning = 50000,
	};
	pd.thresholds.items[1] = (struct cpo_threshold) {
		.present = pd.thresholds.items[0].present,
		.quantity = CPO_QUANTITY_PRE_FEC_BER,
		.high_alarm = 240000000000000LL, .low_alarm = INT64_MIN,
		.high_warning = 10000000000000LL, .low_warning = INT64_MIN,
	};
	T_ASSERT_STR(t_print_capture(&c, false, false, print_thresholds, &pd),
		     "lane 12 (engine 1):\n"
		     "    rx-power high-alarm 2.000 mW (3.01 dBm)"
		     " low-alarm 0.040 mW (-13.98 dBm)"
		     " high-warning 1.600 mW (2.04 dBm)"
		     " low-warning 0.050 mW (-13.01 dBm)\n"
		     "    pre-fec-ber high-alarm 2.4e-04 low-alarm none"
		     " high-warning 1.0e-05 low-warning none\n");
	t_capture_free(&c);
	T_ASSERT_STR(t_print_capture(&c, true, false, print_thresholds, &pd),
		     "{\"engine-id\":1,\"lane-id\":12,\"threshold\":["
		     "{\"quantity\":\"rx-power\",\"high-alarm\":2000000,"
		     "\"low-alarm\":40000,\"high-warning\":1600000,"
		     "\"low-warning\":50000},"
		     "{\"quantity\":\"pre-fec-ber\","
		     "\"high-alarm\":240000000000000,"
		     "\"low-alarm\":-9223372036854775808,"
		     "\"high-warning\":10000000000000,"
		     "\"low-warning\":-9223372036854775808}]}\n");
	t_capture_free(&c);

	/* an engine */
	pd.present &= ~CPO_BIT(CPO_A_DIAG_LANE_ID);
	pd.thresholds.n = 1;
	pd.thresholds.items[0].quantity = CPO_QUANTITY_TEMPERATURE;
	pd.thresholds.items[0].high_alarm = 80000;
	pd.thresholds.items[0].low_alarm = -5000;
	pd.thresholds.items[0].high_warning = 75000;
	pd.thresholds.items[0].low_warning = 0;
	T_ASSERT_STR(t_print_capture(&c, false, false, print_thresholds, &pd),
		     "engine 1:\n"
		     "    temperature high-alarm 80.0 C low-alarm -5.0 C"
		     " high-warning 75.0 C low-warning 0.0 C\n");
	t_capture_free(&c);
}

static void test_alarm_print(void)
{
	struct nlmsghdr *nlh;
	struct t_capture c;

	nlh = t_msg(buf, T_FAMILY, CPO_CMD_ALARM_GET, 0, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_DIAG_ENGINE_ID, 1);
	mnl_attr_put_u32(nlh, CPO_A_DIAG_LANE_ID, 12);
	put_alarm(nlh, CPO_QUANTITY_RX_POWER, CPO_ALARM_LEVEL_LOW_WARNING,
		  false, true);
	put_alarm(nlh, CPO_QUANTITY_RX_LOS, CPO_ALARM_LEVEL_ASSERTED, true,
		  false);
	CU_ASSERT_EQUAL_FATAL(cpo_diag_parse(nlh, &pd, NULL), 0);
	T_ASSERT_STR(t_print_capture(&c, false, false, print_alarms, &pd),
		     "lane 12 (engine 1):\n"
		     "    rx-power low-warning active no latched yes count 1"
		     " value 0.040 mW (-13.98 dBm)"
		     " threshold 0.050 mW (-13.01 dBm)\n"
		     "        first-set 2025-06-01T09:59:50.000Z"
		     " last-set 2025-06-01T09:59:50.000Z"
		     " last-clear 2025-06-01T10:00:00.123Z\n"
		     "    rx-los asserted active yes latched yes count 1\n"
		     "        first-set 2025-06-01T09:59:50.000Z"
		     " last-set 2025-06-01T09:59:50.000Z\n");
	t_capture_free(&c);
	T_ASSERT_STR(t_print_capture(&c, true, false, print_alarms, &pd),
		     "{\"engine-id\":1,\"lane-id\":12,\"alarm\":["
		     "{\"quantity\":\"rx-power\",\"level\":\"low-warning\","
		     "\"active\":0,\"latched\":1,\"count\":1,\"value\":40000,"
		     "\"threshold\":50000,\"first-set\":1748771990000000000,"
		     "\"last-set\":1748771990000000000,"
		     "\"last-clear\":1748772000123456789},"
		     "{\"quantity\":\"rx-los\",\"level\":\"asserted\","
		     "\"active\":1,\"latched\":1,\"count\":1,"
		     "\"first-set\":1748771990000000000,"
		     "\"last-set\":1748771990000000000}]}\n");
	t_capture_free(&c);

	/* nothing to report */
	memset(&pd, 0, sizeof(pd));
	pd.present = CPO_BIT(CPO_A_DIAG_ENGINE_ID);
	pd.engine_id = 4;
	T_ASSERT_STR(t_print_capture(&c, false, false, print_alarms, &pd),
		     "engine 4: none\n");
	t_capture_free(&c);
	T_ASSERT_STR(t_print_capture(&c, true, false, print_alarms, &pd),
		     "{\"engine-id\":4,\"alarm\":[]}\n");
	t_capture_free(&c);
}

/* A lane-change: lane 3 tx-enable 0, seq 43. */
static struct nlmsghdr *lane_ntf(void *p)
{
	struct nlmsghdr *nlh = t_msg(p, T_FAMILY, CPO_CMD_LANE_CHANGE_NTF, 0, 0);

	mnl_attr_put_u32(nlh, CPO_A_LANE_ID, 3);
	mnl_attr_put_u8(nlh, CPO_A_LANE_TX_ENABLE, 0);
	t_put_u64_pad(nlh, CPO_A_LANE_SEQ, CPO_A_LANE_PAD, 43);
	t_put_u64_pad(nlh, CPO_A_LANE_TIMESTAMP, CPO_A_LANE_PAD, T_NTF_TS);
	return nlh;
}

static void test_monitor_print(void)
{
	static struct cpo_event ev;
	struct t_capture c;

	CU_ASSERT_EQUAL_FATAL(cpo_event_parse(alarm_ntf(buf, 42, true), &ev,
					      NULL), 0);
	T_ASSERT_STR(t_print_capture(&c, false, true, print_event, &ev),
		     "2025-06-01T10:00:00.123456Z seq 42 alarm lane 12"
		     " (engine 1) rx-power low-warning active"
		     " value 0.040 mW (-13.98 dBm)"
		     " threshold 0.050 mW (-13.01 dBm)\n");
	t_capture_free(&c);
	T_ASSERT_STR(t_print_capture(&c, true, true, print_event, &ev),
		     "{\"timestamp\":1748772000123456789,\"seq\":42,"
		     "\"event\":\"alarm\",\"diag\":{\"engine-id\":1,"
		     "\"lane-id\":12,\"alarm\":[{\"quantity\":\"rx-power\","
		     "\"level\":\"low-warning\",\"active\":1,\"latched\":1,"
		     "\"count\":1,\"value\":40000,\"threshold\":50000,"
		     "\"first-set\":1748771990000000000,"
		     "\"last-set\":1748771990000000000}]}}\n");
	t_capture_free(&c);

	/* an engine's flag that ended */
	ev.diag.present &= ~CPO_BIT(CPO_A_DIAG_LANE_ID);
	ev.diag.alarms.items[0].quantity = CPO_QUANTITY_TEMPERATURE;
	ev.diag.alarms.items[0].level = CPO_ALARM_LEVEL_HIGH_WARNING;
	ev.diag.alarms.items[0].active = 0;
	ev.diag.alarms.items[0].value = 74500;
	ev.diag.alarms.items[0].threshold = 75000;
	T_ASSERT_STR(t_print_capture(&c, false, true, print_event, &ev),
		     "2025-06-01T10:00:00.123456Z seq 42 alarm engine 1"
		     " temperature high-warning ended value 74.5 C"
		     " threshold 75.0 C\n");
	t_capture_free(&c);

	/* other events get the same head */
	CU_ASSERT_EQUAL_FATAL(cpo_event_parse(lane_ntf(buf), &ev, NULL), 0);
	T_ASSERT_STR(t_print_capture(&c, false, true, print_event, &ev),
		     "2025-06-01T10:00:00.123456Z seq 43 [lane-change]"
		     " lane 3: refreshed never tx-enable off\n");
	t_capture_free(&c);
	/* seq and timestamp at the top, not in the object */
	T_ASSERT_STR(t_print_capture(&c, true, true, print_event, &ev),
		     "{\"timestamp\":1748772000123456789,\"seq\":43,"
		     "\"event\":\"lane-change\",\"lane\":{\"id\":3,"
		     "\"tx-enable\":0}}\n");
	t_capture_free(&c);

	T_ASSERT_STR(t_print_capture(&c, false, true, print_lost, NULL),
		     "lost 5 events (seq 10..14)\n");
	t_capture_free(&c);
	T_ASSERT_STR(t_print_capture(&c, true, true, print_lost, NULL),
		     "{\"lost\":5,\"first-seq\":10,\"last-seq\":14}\n");
	t_capture_free(&c);
}

CU_TestInfo diag_tests[] = {
	{ "alarm-ntf from a crafted message", test_alarm_ntf_parse },
	{ "malformed nests are rejected", test_diag_malformed },
	{ "threshold replies: nests, lists cut short", test_thresholds_parse },
	{ "threshold and alarm get and dump requests", test_build_get_dump },
	{ "threshold-set with its nests", test_build_threshold_set },
	{ "alarm-clear of all, a quantity, a level", test_build_alarm_clear },
	{ "kernel errors inside a nest name its attribute", test_error_inside_nest },
	{ "sequence gaps and restarts", test_seq_gaps },
	{ "monitor datagrams carry seq and timestamp", test_monitor_seq },
	{ "thresholds in text and JSON", test_threshold_print },
	{ "alarms in text and JSON", test_alarm_print },
	{ "monitor lines: alarm, seq, timestamp, lost", test_monitor_print },
	CU_TEST_INFO_NULL,
};
