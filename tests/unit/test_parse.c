// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing engine, lane and notification messages built with libmnl:
 * full, partial, unknown attributes, truncated and malformed ones.
 */
#include <errno.h>
#include <string.h>

#include "helpers.h"

static char buf[T_BUF_SIZE];

static struct nlmsghdr *engine_msg(void)
{
	return t_msg(buf, T_FAMILY, CPO_CMD_ENGINE_GET, 0, T_SEQ);
}

static void test_engine_full(void)
{
	struct nlmsghdr *nlh = engine_msg();
	struct cpo_error err;
	struct cpo_engine e;

	t_put_engine_full(nlh);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_engine_parse(nlh, &e, &err), 0);
	CU_ASSERT_EQUAL(err.err, 0);
	t_check_engine_full(&e);
}

static void test_engine_partial(void)
{
	struct nlmsghdr *nlh = engine_msg();
	struct cpo_engine e;

	memset(&e, 0xff, sizeof(e));	/* stale data must not survive */
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_ID, 3);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_TEMPERATURE, 45000);
	CU_ASSERT_EQUAL(cpo_engine_parse(nlh, &e, NULL), 0);
	CU_ASSERT_EQUAL(e.present, CPO_BIT(CPO_A_ENGINE_ID) |
				   CPO_BIT(CPO_A_ENGINE_TEMPERATURE));
	CU_ASSERT_EQUAL(e.id, 3);
	CU_ASSERT_EQUAL(e.temperature, 45000);
	CU_ASSERT_EQUAL(e.voltage, 0);
	CU_ASSERT_FALSE(e.field_replaceable);
	CU_ASSERT_STRING_EQUAL(e.vendor, "");
}

static void test_unknown_attrs_ignored(void)
{
	struct nlmsghdr *nlh = engine_msg();
	struct cpo_engine e;

	mnl_attr_put_u32(nlh, CPO_A_ENGINE_ID, 5);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_MAX + 1, 99);
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_MAX + 7, "from the future");
	mnl_attr_put(nlh, CPO_A_ENGINE_MAX + 2, 3, "xyz");	/* odd size */
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_LANE_COUNT, 16);
	CU_ASSERT_EQUAL(cpo_engine_parse(nlh, &e, NULL), 0);
	CU_ASSERT_EQUAL(e.present, CPO_BIT(CPO_A_ENGINE_ID) |
				   CPO_BIT(CPO_A_ENGINE_LANE_COUNT));
	CU_ASSERT_EQUAL(e.id, 5);
	CU_ASSERT_EQUAL(e.lane_count, 16);
}

static void test_truncated(void)
{
	struct nlmsghdr *nlh = engine_msg();
	struct cpo_error err;
	struct cpo_engine e;

	t_put_engine_full(nlh);
	nlh->nlmsg_len -= 2;	/* the last attribute now runs past the end */
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_engine_parse(nlh, &e, &err), -EBADMSG);
	CU_ASSERT_EQUAL(err.err, EBADMSG);
	T_ASSERT_CONTAINS(err.msg, "truncated");

	nlh = engine_msg();
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;	/* not even a genl header */
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_engine_parse(nlh, &e, &err), -EBADMSG);
	T_ASSERT_CONTAINS(err.msg, "too short");
}

static void test_malformed(void)
{
	struct nlmsghdr *nlh;
	struct cpo_error err;
	struct cpo_engine e;
	uint16_t small = 1;

	nlh = engine_msg();
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_ID, 1);
	mnl_attr_put(nlh, CPO_A_ENGINE_LANE_COUNT, sizeof(small), &small);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_engine_parse(nlh, &e, &err), -EBADMSG);
	T_ASSERT_STR(err.msg, "malformed engine attribute lane-count");

	nlh = engine_msg();
	mnl_attr_put(nlh, CPO_A_ENGINE_VENDOR, 3, "abc");	/* no NUL */
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_engine_parse(nlh, &e, &err), -EBADMSG);
	T_ASSERT_CONTAINS(err.msg, "vendor");

	nlh = engine_msg();
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_FIELD_REPLACEABLE, 1);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_engine_parse(nlh, &e, &err), -EBADMSG);
	T_ASSERT_CONTAINS(err.msg, "field-replaceable");
}

static void test_long_string_truncated(void)
{
	struct nlmsghdr *nlh = engine_msg();
	char longer[300];
	struct cpo_engine e;

	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_LOCATION, longer);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_VOLTAGE, 3300000);
	CU_ASSERT_EQUAL(cpo_engine_parse(nlh, &e, NULL), 0);
	CU_ASSERT_TRUE(cpo_has(e.present, CPO_A_ENGINE_LOCATION));
	CU_ASSERT_EQUAL(strlen(e.location), CPO_STR_MAX - 1);
	CU_ASSERT_EQUAL(e.voltage, 3300000);	/* the next field is intact */
}

static void test_lane_full_and_partial(void)
{
	struct nlmsghdr *nlh;
	struct cpo_lane l;

	nlh = t_msg(buf, T_FAMILY, CPO_CMD_LANE_GET, 0, T_SEQ);
	t_put_lane_full(nlh);
	CU_ASSERT_EQUAL(cpo_lane_parse(nlh, &l, NULL), 0);
	t_check_lane_full(&l);

	nlh = t_msg(buf, T_FAMILY, CPO_CMD_LANE_GET, 0, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_LANE_ID, 4);
	mnl_attr_put_u8(nlh, CPO_A_LANE_RX_LOS, 1);
	CU_ASSERT_EQUAL(cpo_lane_parse(nlh, &l, NULL), 0);
	CU_ASSERT_EQUAL(l.present, CPO_BIT(CPO_A_LANE_ID) |
				   CPO_BIT(CPO_A_LANE_RX_LOS));
	CU_ASSERT_EQUAL(l.rx_los, 1);
	CU_ASSERT_EQUAL(l.tx_power, 0);
}

static void test_lane_u64_with_and_without_pad(void)
{
	struct nlmsghdr *nlh;
	struct cpo_error err;
	struct cpo_lane l;

	/* 20 + 8 bytes: the u64 payload lands 8-aligned, no pad */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_LANE_GET, 0, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_LANE_ID, 1);
	CU_ASSERT_FALSE(t_put_u64_pad(nlh, CPO_A_LANE_PRE_FEC_BER,
				      CPO_A_LANE_PAD, 0x123456789abcdef0ULL));
	CU_ASSERT_EQUAL(cpo_lane_parse(nlh, &l, NULL), 0);
	CU_ASSERT(l.pre_fec_ber == 0x123456789abcdef0ULL);
	CU_ASSERT_EQUAL(l.present, CPO_BIT(CPO_A_LANE_ID) |
				   CPO_BIT(CPO_A_LANE_PRE_FEC_BER));

	/* a string before it: the kernel puts a pad attribute first */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_LANE_GET, 0, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_LANE_ID, 1);
	mnl_attr_put_strz(nlh, CPO_A_LANE_IFNAME, "swp1");
	CU_ASSERT_TRUE(t_put_u64_pad(nlh, CPO_A_LANE_PRE_FEC_BER,
				     CPO_A_LANE_PAD, UINT64_MAX));
	mnl_attr_put_u32(nlh, CPO_A_LANE_SNR, 1850);
	CU_ASSERT_EQUAL(cpo_lane_parse(nlh, &l, NULL), 0);
	CU_ASSERT(l.pre_fec_ber == UINT64_MAX);
	CU_ASSERT_EQUAL(l.snr, 1850);
	/* the pad is not data */
	CU_ASSERT_EQUAL(l.present, CPO_BIT(CPO_A_LANE_ID) |
				   CPO_BIT(CPO_A_LANE_IFNAME) |
				   CPO_BIT(CPO_A_LANE_PRE_FEC_BER) |
				   CPO_BIT(CPO_A_LANE_SNR));

	/* a 32-bit value where 64 bits belong */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_LANE_GET, 0, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_LANE_PRE_FEC_BER, 5);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_lane_parse(nlh, &l, &err), -EBADMSG);
	T_ASSERT_STR(err.msg, "malformed lane attribute pre-fec-ber");
}

static void test_laser_full_and_partial(void)
{
	struct nlmsghdr *nlh;
	struct cpo_error err;
	struct cpo_laser l;
	uint16_t small = 7;

	nlh = t_msg(buf, T_FAMILY, CPO_CMD_LASER_GET, 0, T_SEQ);
	t_put_laser_full(nlh);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_laser_parse(nlh, &l, &err), 0);
	CU_ASSERT_EQUAL(err.err, 0);
	t_check_laser_full(&l);

	/* no lane-id at all: an empty list, not present */
	memset(&l, 0xff, sizeof(l));
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_LASER_GET, 0, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_LASER_ID, 9);
	mnl_attr_put_u32(nlh, CPO_A_LASER_STATE, CPO_LASER_STATE_FAILED);
	CU_ASSERT_EQUAL(cpo_laser_parse(nlh, &l, NULL), 0);
	CU_ASSERT_EQUAL(l.present, CPO_BIT(CPO_A_LASER_ID) |
				   CPO_BIT(CPO_A_LASER_STATE));
	CU_ASSERT_EQUAL(l.lane_ids.n, 0);
	CU_ASSERT_FALSE(l.lane_ids.truncated);
	CU_ASSERT_FALSE(l.failover);

	/* one bad entry spoils the list */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_LASER_GET, 0, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_LASER_LANE_ID, 1);
	mnl_attr_put(nlh, CPO_A_LASER_LANE_ID, sizeof(small), &small);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_laser_parse(nlh, &l, &err), -EBADMSG);
	T_ASSERT_STR(err.msg, "malformed laser attribute lane-id");
}

static void test_id_list_truncated(void)
{
	static char big[(CPO_LIST_MAX + 8) * 8 + 64];
	static struct cpo_laser l;
	struct nlmsghdr *nlh;
	uint32_t i;

	nlh = t_msg(big, T_FAMILY, CPO_CMD_LASER_GET, 0, T_SEQ);
	for (i = 0; i < CPO_LIST_MAX + 5; i++)
		mnl_attr_put_u32(nlh, CPO_A_LASER_LANE_ID, 1000 + i);
	mnl_attr_put_u32(nlh, CPO_A_LASER_HOURS, 77);
	CU_ASSERT_EQUAL(cpo_laser_parse(nlh, &l, NULL), 0);
	CU_ASSERT_EQUAL(l.lane_ids.n, CPO_LIST_MAX);
	CU_ASSERT_TRUE(l.lane_ids.truncated);
	CU_ASSERT_EQUAL(l.lane_ids.ids[0], 1000);
	CU_ASSERT_EQUAL(l.lane_ids.ids[CPO_LIST_MAX - 1],
			1000 + CPO_LIST_MAX - 1);
	CU_ASSERT_EQUAL(l.hours, 77);	/* what follows is intact */

	/* exactly full is not truncated */
	nlh = t_msg(big, T_FAMILY, CPO_CMD_LASER_GET, 0, T_SEQ);
	for (i = 0; i < CPO_LIST_MAX; i++)
		mnl_attr_put_u32(nlh, CPO_A_LASER_LANE_ID, i);
	CU_ASSERT_EQUAL(cpo_laser_parse(nlh, &l, NULL), 0);
	CU_ASSERT_EQUAL(l.lane_ids.n, CPO_LIST_MAX);
	CU_ASSERT_FALSE(l.lane_ids.truncated);
}

static void test_topology(void)
{
	static struct cpo_topology t;
	struct nlmsghdr *nlh;

	/* the two lists interleaved, as a kernel may well send them */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_TOPOLOGY_GET, 0, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_TOPOLOGY_LASER_ID, 2);
	mnl_attr_put_u32(nlh, CPO_A_TOPOLOGY_LANE_ID, 5);
	mnl_attr_put_u32(nlh, CPO_A_TOPOLOGY_IFINDEX, 31);
	mnl_attr_put_u32(nlh, CPO_A_TOPOLOGY_LANE_ID, 6);
	mnl_attr_put_u32(nlh, CPO_A_TOPOLOGY_IFINDEX, 32);
	mnl_attr_put_u32(nlh, CPO_A_TOPOLOGY_LANE_ID, 7);
	mnl_attr_put_u32(nlh, CPO_A_TOPOLOGY_SPARE_ID, 3);
	CU_ASSERT_EQUAL(cpo_topology_parse(nlh, &t, NULL), 0);
	CU_ASSERT_EQUAL(t.present, CPO_BIT(CPO_A_TOPOLOGY_LASER_ID) |
				   CPO_BIT(CPO_A_TOPOLOGY_LANE_ID) |
				   CPO_BIT(CPO_A_TOPOLOGY_IFINDEX) |
				   CPO_BIT(CPO_A_TOPOLOGY_SPARE_ID));
	CU_ASSERT_EQUAL(t.laser_id, 2);
	CU_ASSERT_EQUAL(t.spare_id, 3);
	CU_ASSERT_EQUAL_FATAL(t.lane_ids.n, 3);
	CU_ASSERT_EQUAL(t.lane_ids.ids[0], 5);
	CU_ASSERT_EQUAL(t.lane_ids.ids[1], 6);
	CU_ASSERT_EQUAL(t.lane_ids.ids[2], 7);
	CU_ASSERT_EQUAL_FATAL(t.ifindexes.n, 2);
	CU_ASSERT_EQUAL(t.ifindexes.ids[0], 31);
	CU_ASSERT_EQUAL(t.ifindexes.ids[1], 32);

	/* an engine with nothing lit: both lists empty */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_TOPOLOGY_GET, 0, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_TOPOLOGY_ENGINE_ID, 1);
	CU_ASSERT_EQUAL(cpo_topology_parse(nlh, &t, NULL), 0);
	CU_ASSERT_EQUAL(t.present, CPO_BIT(CPO_A_TOPOLOGY_ENGINE_ID));
	CU_ASSERT_EQUAL(t.engine_id, 1);
	CU_ASSERT_EQUAL(t.lane_ids.n, 0);
	CU_ASSERT_EQUAL(t.ifindexes.n, 0);
}

static void test_event_parse(void)
{
	static const struct {
		uint8_t cmd;
		enum cpo_obj obj;
		enum cpo_event_op op;
		const char *name;
	} cases[] = {
		{ CPO_CMD_ENGINE_CREATE_NTF, CPO_OBJ_ENGINE, CPO_EVENT_CREATE,
		  "engine-create" },
		{ CPO_CMD_ENGINE_DELETE_NTF, CPO_OBJ_ENGINE, CPO_EVENT_DELETE,
		  "engine-delete" },
		{ CPO_CMD_ENGINE_CHANGE_NTF, CPO_OBJ_ENGINE, CPO_EVENT_CHANGE,
		  "engine-change" },
		{ CPO_CMD_LANE_CREATE_NTF, CPO_OBJ_LANE, CPO_EVENT_CREATE,
		  "lane-create" },
		{ CPO_CMD_LANE_DELETE_NTF, CPO_OBJ_LANE, CPO_EVENT_DELETE,
		  "lane-delete" },
		{ CPO_CMD_LANE_CHANGE_NTF, CPO_OBJ_LANE, CPO_EVENT_CHANGE,
		  "lane-change" },
		{ CPO_CMD_LASER_CREATE_NTF, CPO_OBJ_LASER, CPO_EVENT_CREATE,
		  "laser-create" },
		{ CPO_CMD_LASER_DELETE_NTF, CPO_OBJ_LASER, CPO_EVENT_DELETE,
		  "laser-delete" },
		{ CPO_CMD_LASER_CHANGE_NTF, CPO_OBJ_LASER, CPO_EVENT_CHANGE,
		  "laser-change" },
		{ CPO_CMD_LASER_FAILOVER_NTF, CPO_OBJ_LASER, CPO_EVENT_FAILOVER,
		  "laser-failover" },
		{ CPO_CMD_LASER_FAILBACK_NTF, CPO_OBJ_LASER, CPO_EVENT_FAILBACK,
		  "laser-failback" },
		{ CPO_CMD_ALARM_NTF, CPO_OBJ_DIAG, CPO_EVENT_ALARM, "alarm" },
		{ CPO_CMD_SERVICE_NTF, CPO_OBJ_SERVICE, CPO_EVENT_SERVICE,
		  "service" },
	};
	static struct cpo_event ev;	/* a laser's lane list: keep off the stack */
	struct nlmsghdr *nlh;
	unsigned int i;

	for (i = 0; i < CPO_ARRAY_SIZE(cases); i++) {
		nlh = t_msg(buf, T_FAMILY, cases[i].cmd, 0, 0);
		mnl_attr_put_u32(nlh, 1, 40 + i);	/* id, diag's engine-id */
		CU_ASSERT_EQUAL_FATAL(cpo_event_parse(nlh, &ev, NULL), 0);
		CU_ASSERT_EQUAL(ev.cmd, cases[i].cmd);
		CU_ASSERT_EQUAL(ev.obj, cases[i].obj);
		CU_ASSERT_EQUAL(ev.op, cases[i].op);
		T_ASSERT_STR(ev.name, cases[i].name);
		switch (ev.obj) {
		case CPO_OBJ_ENGINE:
			CU_ASSERT_EQUAL(ev.engine.id, 40 + i);
			break;
		case CPO_OBJ_LANE:
			CU_ASSERT_EQUAL(ev.lane.id, 40 + i);
			break;
		case CPO_OBJ_LASER:
			CU_ASSERT_EQUAL(ev.laser.id, 40 + i);
			CU_ASSERT_EQUAL(ev.laser.present, CPO_BIT(CPO_A_LASER_ID));
			break;
		case CPO_OBJ_DIAG:
			CU_ASSERT_EQUAL(ev.diag.engine_id, 40 + i);
			CU_ASSERT_EQUAL(ev.diag.present,
					CPO_BIT(CPO_A_DIAG_ENGINE_ID));
			break;
		case CPO_OBJ_SERVICE:
			CU_ASSERT_EQUAL(ev.service.engine_id, 40 + i);
			CU_ASSERT_EQUAL(ev.service.present,
					CPO_BIT(CPO_A_SERVICE_ENGINE_ID));
			break;
		}
		/* no seq or timestamp in these */
		CU_ASSERT(ev.seq == 0 && ev.timestamp == 0);
	}
	/* a laser event carries the whole laser, lane list included */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_LASER_FAILOVER_NTF, 0, 0);
	t_put_laser_full(nlh);
	CU_ASSERT_EQUAL_FATAL(cpo_event_parse(nlh, &ev, NULL), 0);
	CU_ASSERT_EQUAL(ev.op, CPO_EVENT_FAILOVER);
	t_check_laser_full(&ev.laser);
	/* and its seq and timestamp come up to the event */
	CU_ASSERT(ev.seq == T_NTF_SEQ);
	CU_ASSERT(ev.timestamp == T_NTF_TS);
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_ENGINE_GET, 0, 0);
	CU_ASSERT_EQUAL(cpo_event_parse(nlh, &ev, NULL), -EOPNOTSUPP);
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_MAX + 3, 0, 0);
	CU_ASSERT_EQUAL(cpo_event_parse(nlh, &ev, NULL), -EOPNOTSUPP);
}

struct seen {
	unsigned int n;
	char names[4][32];
	uint32_t ids[4];
};

static int record_event(const struct cpo_event *ev, void *data)
{
	static const size_t id_at[] = {
		[CPO_OBJ_ENGINE] = offsetof(struct cpo_event, engine.id),
		[CPO_OBJ_LANE] = offsetof(struct cpo_event, lane.id),
		[CPO_OBJ_LASER] = offsetof(struct cpo_event, laser.id),
		[CPO_OBJ_DIAG] = offsetof(struct cpo_event, diag.engine_id),
	};
	struct seen *s = data;

	if (s->n < 4) {
		snprintf(s->names[s->n], sizeof(s->names[0]), "%s", ev->name);
		memcpy(&s->ids[s->n], (const char *)ev + id_at[ev->obj],
		       sizeof(uint32_t));
	}
	s->n++;
	return 0;
}

static void test_monitor_process(void)
{
	struct nlmsghdr *nlh;
	struct cpo_error err;
	struct seen s = { 0 };
	void *p = buf;

	nlh = t_msg(p, T_FAMILY, CPO_CMD_LANE_CHANGE_NTF, 0, 0);
	mnl_attr_put_u32(nlh, CPO_A_LANE_ID, 3);
	mnl_attr_put_u32(nlh, CPO_A_LANE_DP_STATE, CPO_DP_STATE_INIT);
	nlh = t_msg(t_next(nlh), T_FAMILY + 1, CPO_CMD_LANE_CHANGE_NTF, 0, 0);
	mnl_attr_put_u32(nlh, CPO_A_LANE_ID, 99);	/* another family */
	nlh = t_msg(t_next(nlh), T_FAMILY, CPO_CMD_MAX + 1, 0, 0);
	mnl_attr_put_u32(nlh, 1, 98);			/* a newer command */
	nlh = t_msg(t_next(nlh), T_FAMILY, CPO_CMD_ENGINE_CREATE_NTF, 0, 0);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_ID, 2);
	nlh = t_msg(t_next(nlh), T_FAMILY, CPO_CMD_LASER_FAILOVER_NTF, 0, 0);
	mnl_attr_put_u32(nlh, CPO_A_LASER_ID, 6);
	mnl_attr_put_u32(nlh, CPO_A_LASER_COVERING_ID, 5);

	CU_ASSERT_EQUAL(cpo_monitor_process(buf, t_span(buf, nlh), T_FAMILY,
					    record_event, &s, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(s.n, 3);
	T_ASSERT_STR(s.names[0], "lane-change");
	CU_ASSERT_EQUAL(s.ids[0], 3);
	T_ASSERT_STR(s.names[1], "engine-create");
	CU_ASSERT_EQUAL(s.ids[1], 2);
	T_ASSERT_STR(s.names[2], "laser-failover");
	CU_ASSERT_EQUAL(s.ids[2], 6);

	/* a datagram cut short */
	memset(&s, 0, sizeof(s));
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_monitor_process(buf, t_span(buf, nlh) - 3,
					    T_FAMILY, record_event, &s, &err),
			-EBADMSG);
	CU_ASSERT_EQUAL(s.n, 2);
	CU_ASSERT_EQUAL(err.err, EBADMSG);
}

CU_TestInfo parse_tests[] = {
	{ "engine with every attribute", test_engine_full },
	{ "engine with some attributes", test_engine_partial },
	{ "unknown attributes are ignored", test_unknown_attrs_ignored },
	{ "truncated messages are rejected", test_truncated },
	{ "malformed attributes are rejected", test_malformed },
	{ "over-long strings are truncated", test_long_string_truncated },
	{ "lane full and partial", test_lane_full_and_partial },
	{ "lane u64 after a pad or without", test_lane_u64_with_and_without_pad },
	{ "laser full, partial, bad list entry", test_laser_full_and_partial },
	{ "id lists keep CPO_LIST_MAX entries", test_id_list_truncated },
	{ "topology lists and selector", test_topology },
	{ "notifications name their object and operation", test_event_parse },
	{ "monitor datagrams: skip foreign, deliver ours", test_monitor_process },
	CU_TEST_INFO_NULL,
};
