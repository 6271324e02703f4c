// SPDX-License-Identifier: GPL-2.0
/*
 * Request building: each request carries exactly the attributes it takes.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "helpers.h"

static char buf[T_BUF_SIZE];

/* Header checks shared by every cpo request. */
static void check_header(int len, uint8_t cmd, bool dump)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT_EQUAL(nlh->nlmsg_len, (unsigned int)len);
	CU_ASSERT_EQUAL(nlh->nlmsg_type, T_FAMILY);
	CU_ASSERT_EQUAL(nlh->nlmsg_seq, T_SEQ);
	CU_ASSERT(nlh->nlmsg_flags & NLM_F_REQUEST);
	CU_ASSERT(nlh->nlmsg_flags & NLM_F_ACK);
	CU_ASSERT_EQUAL(!!(nlh->nlmsg_flags & NLM_F_DUMP), dump);
	CU_ASSERT_EQUAL(genl->cmd, cmd);
	CU_ASSERT_EQUAL(genl->version, CPO_FAMILY_VERSION);
}

static void attrs(struct t_attrs *a)
{
	CU_ASSERT_EQUAL_FATAL(t_attrs_get((struct nlmsghdr *)buf, a), 0);
}

static void test_engine_get_and_dump(void)
{
	struct cpo_engine sel = {
		.present = CPO_BIT(CPO_A_ENGINE_ID) |
			   CPO_BIT(CPO_A_ENGINE_VOLTAGE),
		.id = 5, .voltage = 1,
	};
	struct cpo_error err;
	struct t_attrs a;
	int len;

	len = cpo_msg_engine_get(buf, sizeof(buf), T_FAMILY, T_SEQ, &sel, NULL);
	check_header(len, CPO_CMD_ENGINE_GET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_ENGINE_ID);
	CU_ASSERT_EQUAL(a.len[0], 4);
	CU_ASSERT_EQUAL(a.u32[0], 5);

	len = cpo_msg_engine_dump(buf, sizeof(buf), T_FAMILY, T_SEQ, NULL, NULL);
	check_header(len, CPO_CMD_ENGINE_GET, true);
	attrs(&a);
	CU_ASSERT_EQUAL(a.n, 0);

	sel.present = 0;
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_engine_get(buf, sizeof(buf), T_FAMILY, T_SEQ,
					   &sel, &err), -EINVAL);
	T_ASSERT_CONTAINS(err.msg, "engine id");
}

static void test_engine_set(void)
{
	struct cpo_engine req = {
		.present = CPO_BIT(CPO_A_ENGINE_ID) |
			   CPO_BIT(CPO_A_ENGINE_POWER_MODE) |
			   CPO_BIT(CPO_A_ENGINE_TEMPERATURE) |
			   CPO_BIT(CPO_A_ENGINE_DEV_NAME),
		.id = 2, .power_mode = CPO_POWER_MODE_LOW,
		.temperature = 1, .dev_name = "read-only",
	};
	struct cpo_error err;
	struct t_attrs a;
	int len;

	len = cpo_msg_engine_set(buf, sizeof(buf), T_FAMILY, T_SEQ, &req, NULL);
	check_header(len, CPO_CMD_ENGINE_SET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 2);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_POWER_MODE);
	CU_ASSERT_EQUAL(a.len[1], 4);
	CU_ASSERT_EQUAL(a.u32[1], CPO_POWER_MODE_LOW);

	/* refresh-interval alone, 0 included (on hardware signal only) */
	req.present = CPO_BIT(CPO_A_ENGINE_ID) |
		      CPO_BIT(CPO_A_ENGINE_REFRESH_INTERVAL) |
		      CPO_BIT(CPO_A_ENGINE_REFRESHED);
	req.refresh_interval = 0;
	req.refreshed = 1;		/* read-only: never sent */
	len = cpo_msg_engine_set(buf, sizeof(buf), T_FAMILY, T_SEQ, &req, NULL);
	check_header(len, CPO_CMD_ENGINE_SET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_ENGINE_ID);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_REFRESH_INTERVAL);
	CU_ASSERT_EQUAL(a.len[1], 4);
	CU_ASSERT_EQUAL(a.u32[1], 0);

	/* both, in attribute order */
	req.present |= CPO_BIT(CPO_A_ENGINE_POWER_MODE);
	req.refresh_interval = 3600000;
	len = cpo_msg_engine_set(buf, sizeof(buf), T_FAMILY, T_SEQ, &req, NULL);
	check_header(len, CPO_CMD_ENGINE_SET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 3);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_POWER_MODE);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_ENGINE_REFRESH_INTERVAL);
	CU_ASSERT_EQUAL(a.u32[2], 3600000);

	req.present = CPO_BIT(CPO_A_ENGINE_POWER_MODE);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_engine_set(buf, sizeof(buf), T_FAMILY, T_SEQ,
					   &req, &err), -EINVAL);
	CU_ASSERT_EQUAL(err.err, EINVAL);
	T_ASSERT_CONTAINS(err.msg, "engine id");

	req.present = CPO_BIT(CPO_A_ENGINE_ID);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_engine_set(buf, sizeof(buf), T_FAMILY, T_SEQ,
					   &req, &err), -EINVAL);
	T_ASSERT_STR(err.msg, "nothing to set");
}

static void test_lane_get_selectors(void)
{
	struct cpo_lane by_id = {
		.present = CPO_BIT(CPO_A_LANE_ID), .id = 9,
	};
	struct cpo_lane by_index = {
		.present = CPO_BIT(CPO_A_LANE_ENGINE_ID) |
			   CPO_BIT(CPO_A_LANE_INDEX) |
			   CPO_BIT(CPO_A_LANE_TX_POWER),
		.engine_id = 2, .index = 7, .tx_power = 1,
	};
	struct cpo_lane bad = by_index;
	struct t_attrs a;
	int len;

	len = cpo_msg_lane_get(buf, sizeof(buf), T_FAMILY, T_SEQ, &by_id, NULL);
	check_header(len, CPO_CMD_LANE_GET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 9);

	len = cpo_msg_lane_get(buf, sizeof(buf), T_FAMILY, T_SEQ, &by_index,
			       NULL);
	check_header(len, CPO_CMD_LANE_GET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 2);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LANE_INDEX);
	CU_ASSERT_EQUAL(a.u32[1], 7);

	/* both selectors, an engine without index, nothing at all */
	bad.present |= CPO_BIT(CPO_A_LANE_ID);
	CU_ASSERT_EQUAL(cpo_msg_lane_get(buf, sizeof(buf), T_FAMILY, T_SEQ,
					 &bad, NULL), -EINVAL);
	bad.present = CPO_BIT(CPO_A_LANE_ENGINE_ID);
	CU_ASSERT_EQUAL(cpo_msg_lane_get(buf, sizeof(buf), T_FAMILY, T_SEQ,
					 &bad, NULL), -EINVAL);
	bad.present = 0;
	CU_ASSERT_EQUAL(cpo_msg_lane_get(buf, sizeof(buf), T_FAMILY, T_SEQ,
					 &bad, NULL), -EINVAL);
}

static void test_lane_dump_filter(void)
{
	struct cpo_lane filter = {
		.present = CPO_BIT(CPO_A_LANE_ENGINE_ID) |
			   CPO_BIT(CPO_A_LANE_INDEX),
		.engine_id = 3, .index = 1,
	};
	struct t_attrs a;
	int len;

	len = cpo_msg_lane_dump(buf, sizeof(buf), T_FAMILY, T_SEQ, NULL, NULL);
	check_header(len, CPO_CMD_LANE_GET, true);
	attrs(&a);
	CU_ASSERT_EQUAL(a.n, 0);

	len = cpo_msg_lane_dump(buf, sizeof(buf), T_FAMILY, T_SEQ, &filter,
				NULL);
	check_header(len, CPO_CMD_LANE_GET, true);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 3);
}

static void test_lane_set(void)
{
	struct cpo_lane req = {
		.present = CPO_BIT(CPO_A_LANE_ENGINE_ID) |
			   CPO_BIT(CPO_A_LANE_INDEX) |
			   CPO_BIT(CPO_A_LANE_TX_ENABLE) |
			   CPO_BIT(CPO_A_LANE_POWER) |
			   CPO_BIT(CPO_A_LANE_RX_LOS),
		.engine_id = 1, .index = 4, .tx_enable = 0,
		.power = CPO_LANE_POWER_UP, .rx_los = 1,
	};
	struct cpo_error err;
	struct t_attrs a;
	int len;

	len = cpo_msg_lane_set(buf, sizeof(buf), T_FAMILY, T_SEQ, &req, NULL);
	check_header(len, CPO_CMD_LANE_SET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 4);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_ENGINE_ID);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LANE_INDEX);
	CU_ASSERT_EQUAL(a.u32[1], 4);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_LANE_TX_ENABLE);
	CU_ASSERT_EQUAL(a.len[2], 1);		/* a u8 on the wire */
	CU_ASSERT_EQUAL(a.u32[2], 0);
	CU_ASSERT_EQUAL(a.type[3], CPO_A_LANE_POWER);
	CU_ASSERT_EQUAL(a.u32[3], CPO_LANE_POWER_UP);

	/* rx-enable is settable too, a u8 after power in type order */
	req.present = CPO_BIT(CPO_A_LANE_ID) | CPO_BIT(CPO_A_LANE_RX_ENABLE) |
		      CPO_BIT(CPO_A_LANE_SNR);
	req.id = 12;
	req.rx_enable = 1;
	req.snr = 5;
	len = cpo_msg_lane_set(buf, sizeof(buf), T_FAMILY, T_SEQ, &req, NULL);
	check_header(len, CPO_CMD_LANE_SET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 12);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LANE_RX_ENABLE);
	CU_ASSERT_EQUAL(a.len[1], 1);
	CU_ASSERT_EQUAL(a.u32[1], 1);

	req.present = CPO_BIT(CPO_A_LANE_ID) | CPO_BIT(CPO_A_LANE_TX_ENABLE);
	req.id = 11;
	req.tx_enable = 1;
	len = cpo_msg_lane_set(buf, sizeof(buf), T_FAMILY, T_SEQ, &req, NULL);
	check_header(len, CPO_CMD_LANE_SET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 11);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LANE_TX_ENABLE);
	CU_ASSERT_EQUAL(a.u32[1], 1);

	req.present = CPO_BIT(CPO_A_LANE_ID);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_lane_set(buf, sizeof(buf), T_FAMILY, T_SEQ,
					 &req, &err), -EINVAL);
	T_ASSERT_STR(err.msg, "nothing to set");
}

static void test_laser_get_and_dump(void)
{
	static struct cpo_laser sel;
	struct cpo_error err;
	struct t_attrs a;
	int len;

	memset(&sel, 0, sizeof(sel));
	sel.present = CPO_BIT(CPO_A_LASER_ID) | CPO_BIT(CPO_A_LASER_HOURS) |
		      CPO_BIT(CPO_A_LASER_LANE_ID);
	sel.id = 6;
	sel.hours = 3;
	sel.lane_ids.n = 1;
	len = cpo_msg_laser_get(buf, sizeof(buf), T_FAMILY, T_SEQ, &sel, NULL);
	check_header(len, CPO_CMD_LASER_GET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LASER_ID);
	CU_ASSERT_EQUAL(a.u32[0], 6);

	len = cpo_msg_laser_dump(buf, sizeof(buf), T_FAMILY, T_SEQ, NULL);
	check_header(len, CPO_CMD_LASER_GET, true);
	attrs(&a);
	CU_ASSERT_EQUAL(a.n, 0);

	sel.present = CPO_BIT(CPO_A_LASER_HOURS);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_laser_get(buf, sizeof(buf), T_FAMILY, T_SEQ,
					  &sel, &err), -EINVAL);
	T_ASSERT_STR(err.msg, "laser id required");
}

static void test_laser_set(void)
{
	static struct cpo_laser req;
	struct cpo_error err;
	struct t_attrs a;
	int len;

	memset(&req, 0, sizeof(req));
	req.present = CPO_BIT(CPO_A_LASER_ID) | CPO_BIT(CPO_A_LASER_ENABLE) |
		      CPO_BIT(CPO_A_LASER_FAILOVER_POLICY) |
		      CPO_BIT(CPO_A_LASER_FAILOVER) |
		      CPO_BIT(CPO_A_LASER_STATE) | CPO_BIT(CPO_A_LASER_SPARE_ID);
	req.id = 4;
	req.enable = 0;
	req.failover_policy = CPO_FAILOVER_POLICY_AUTO;
	req.failover = true;
	req.state = CPO_LASER_STATE_ON;		/* read-only: never sent */
	req.spare_id = 5;
	len = cpo_msg_laser_set(buf, sizeof(buf), T_FAMILY, T_SEQ, &req, NULL);
	check_header(len, CPO_CMD_LASER_SET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 4);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LASER_ID);
	CU_ASSERT_EQUAL(a.u32[0], 4);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LASER_ENABLE);
	CU_ASSERT_EQUAL(a.len[1], 1);		/* a u8 */
	CU_ASSERT_EQUAL(a.u32[1], 0);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_LASER_FAILOVER_POLICY);
	CU_ASSERT_EQUAL(a.len[2], 4);
	CU_ASSERT_EQUAL(a.u32[2], CPO_FAILOVER_POLICY_AUTO);
	CU_ASSERT_EQUAL(a.type[3], CPO_A_LASER_FAILOVER);
	CU_ASSERT_EQUAL(a.len[3], 0);		/* a flag */

	/* failover alone */
	req.present = CPO_BIT(CPO_A_LASER_ID) | CPO_BIT(CPO_A_LASER_FAILOVER);
	len = cpo_msg_laser_set(buf, sizeof(buf), T_FAMILY, T_SEQ, &req, NULL);
	check_header(len, CPO_CMD_LASER_SET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LASER_FAILOVER);

	/* failback alone, a flag too; a false one is not sent */
	req.failback = true;
	req.present = CPO_BIT(CPO_A_LASER_ID) | CPO_BIT(CPO_A_LASER_FAILBACK);
	len = cpo_msg_laser_set(buf, sizeof(buf), T_FAMILY, T_SEQ, &req, NULL);
	check_header(len, CPO_CMD_LASER_SET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LASER_FAILBACK);
	CU_ASSERT_EQUAL(a.len[1], 0);
	req.failback = false;
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_laser_set(buf, sizeof(buf), T_FAMILY, T_SEQ,
					  &req, &err), -EINVAL);
	T_ASSERT_STR(err.msg, "nothing to set");

	/* a false flag asks for nothing: not sent, and alone not enough */
	req.failover = false;
	req.present = CPO_BIT(CPO_A_LASER_ID) | CPO_BIT(CPO_A_LASER_FAILOVER) |
		      CPO_BIT(CPO_A_LASER_ENABLE);
	req.enable = 1;
	len = cpo_msg_laser_set(buf, sizeof(buf), T_FAMILY, T_SEQ, &req, NULL);
	check_header(len, CPO_CMD_LASER_SET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LASER_ENABLE);
	CU_ASSERT_EQUAL(a.u32[1], 1);
	req.present = CPO_BIT(CPO_A_LASER_ID) | CPO_BIT(CPO_A_LASER_FAILOVER);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_laser_set(buf, sizeof(buf), T_FAMILY, T_SEQ,
					  &req, &err), -EINVAL);
	T_ASSERT_STR(err.msg, "nothing to set");

	req.present = CPO_BIT(CPO_A_LASER_ENABLE);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_laser_set(buf, sizeof(buf), T_FAMILY, T_SEQ,
					  &req, &err), -EINVAL);
	T_ASSERT_STR(err.msg, "laser id required");
}

static void test_topology_get(void)
{
	static struct cpo_topology sel;
	struct cpo_error err;
	struct t_attrs a;
	int len;

	memset(&sel, 0, sizeof(sel));
	sel.present = CPO_BIT(CPO_A_TOPOLOGY_ENGINE_ID) |
		      CPO_BIT(CPO_A_TOPOLOGY_LANE_ID) |
		      CPO_BIT(CPO_A_TOPOLOGY_SPARE_ID);
	sel.engine_id = 3;
	sel.lane_ids.n = 2;	/* answers, never asked for */
	sel.spare_id = 9;
	len = cpo_msg_topology_get(buf, sizeof(buf), T_FAMILY, T_SEQ, &sel,
				   NULL);
	check_header(len, CPO_CMD_TOPOLOGY_GET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_TOPOLOGY_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 3);

	sel.present = CPO_BIT(CPO_A_TOPOLOGY_LASER_ID);
	sel.laser_id = 8;
	len = cpo_msg_topology_get(buf, sizeof(buf), T_FAMILY, T_SEQ, &sel,
				   NULL);
	check_header(len, CPO_CMD_TOPOLOGY_GET, false);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_TOPOLOGY_LASER_ID);
	CU_ASSERT_EQUAL(a.u32[0], 8);

	/* both, or neither */
	sel.present = CPO_BIT(CPO_A_TOPOLOGY_LASER_ID) |
		      CPO_BIT(CPO_A_TOPOLOGY_ENGINE_ID);
	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_topology_get(buf, sizeof(buf), T_FAMILY, T_SEQ,
					     &sel, &err), -EINVAL);
	T_ASSERT_CONTAINS(err.msg, "engine id or laser id");
	sel.present = CPO_BIT(CPO_A_TOPOLOGY_SPARE_ID);
	CU_ASSERT_EQUAL(cpo_msg_topology_get(buf, sizeof(buf), T_FAMILY, T_SEQ,
					     &sel, NULL), -EINVAL);
}

/* The generic writer: u64 as 8 bytes, a list as repeated attributes. */
static void test_put_u64_and_lists(void)
{
	static struct cpo_topology t;
	struct cpo_lane l = {
		.present = CPO_BIT(CPO_A_LANE_PRE_FEC_BER),
		.pre_fec_ber = 0x0102030405060708ULL,
	};
	struct nlmsghdr *nlh;
	struct t_attrs a;
	uint64_t v;

	nlh = t_msg(buf, T_FAMILY, CPO_CMD_LANE_SET, 0, T_SEQ);
	CU_ASSERT_EQUAL(cpo_attrs_put(nlh, sizeof(buf), &cpo_lane_attr_set, &l,
				      l.present, ~0ULL), 0);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_PRE_FEC_BER);
	CU_ASSERT_EQUAL(a.len[0], 8);
	memcpy(&v, (char *)nlh + nlh->nlmsg_len - 8, 8);
	CU_ASSERT(v == 0x0102030405060708ULL);

	memset(&t, 0, sizeof(t));
	t.present = CPO_BIT(CPO_A_TOPOLOGY_LANE_ID) |
		    CPO_BIT(CPO_A_TOPOLOGY_IFINDEX);
	t.lane_ids.n = 3;
	t.lane_ids.ids[0] = 4;
	t.lane_ids.ids[1] = 5;
	t.lane_ids.ids[2] = 6;
	t.ifindexes.n = 1;
	t.ifindexes.ids[0] = 20;
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_TOPOLOGY_GET, 0, T_SEQ);
	CU_ASSERT_EQUAL(cpo_attrs_put(nlh, sizeof(buf), &cpo_topology_attr_set,
				      &t, t.present, ~0ULL), 0);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 4);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_TOPOLOGY_LANE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 4);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_TOPOLOGY_LANE_ID);
	CU_ASSERT_EQUAL(a.u32[1], 5);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_TOPOLOGY_LANE_ID);
	CU_ASSERT_EQUAL(a.u32[2], 6);
	CU_ASSERT_EQUAL(a.type[3], CPO_A_TOPOLOGY_IFINDEX);
	CU_ASSERT_EQUAL(a.u32[3], 20);

	/* a list that does not fit */
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_TOPOLOGY_GET, 0, T_SEQ);
	CU_ASSERT_EQUAL(cpo_attrs_put(nlh, nlh->nlmsg_len + 16,
				      &cpo_topology_attr_set, &t, t.present,
				      ~0ULL), -ENOSPC);
}

static void test_no_space(void)
{
	struct cpo_engine req = {
		.present = CPO_BIT(CPO_A_ENGINE_ID) |
			   CPO_BIT(CPO_A_ENGINE_POWER_MODE),
		.id = 1, .power_mode = CPO_POWER_MODE_HIGH,
	};
	size_t hdr = MNL_NLMSG_HDRLEN + GENL_HDRLEN;
	struct cpo_error err;

	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_msg_engine_set(buf, 10, T_FAMILY, T_SEQ, &req,
					   &err), -ENOSPC);
	CU_ASSERT_EQUAL(err.err, ENOSPC);
	/* room for the header and one attribute, not two */
	CU_ASSERT_EQUAL(cpo_msg_engine_set(buf, hdr + 8, T_FAMILY, T_SEQ, &req,
					   NULL), -ENOSPC);
	CU_ASSERT_EQUAL(cpo_msg_engine_set(buf, hdr + 16, T_FAMILY, T_SEQ, &req,
					   NULL), (int)(hdr + 16));
}

static void test_ctrl_getfamily(void)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct t_attrs a;
	int len;

	len = cpo_msg_ctrl_getfamily(buf, sizeof(buf), 3, CPO_FAMILY_NAME);
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT_EQUAL(nlh->nlmsg_type, GENL_ID_CTRL);
	CU_ASSERT_EQUAL(genl->cmd, CTRL_CMD_GETFAMILY);
	attrs(&a);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CTRL_ATTR_FAMILY_NAME);
	CU_ASSERT_EQUAL(a.len[0], sizeof(CPO_FAMILY_NAME));
	CU_ASSERT_STRING_EQUAL((const char *)buf + len - MNL_ALIGN(a.len[0]),
			       "cpo");
}

CU_TestInfo build_tests[] = {
	{ "engine get by id and dump", test_engine_get_and_dump },
	{ "engine set carries id and power-mode only", test_engine_set },
	{ "lane get by id or engine-id+index", test_lane_get_selectors },
	{ "lane dump with and without engine filter", test_lane_dump_filter },
	{ "lane set carries selector and settables only", test_lane_set },
	{ "laser get by id and dump", test_laser_get_and_dump },
	{ "laser set: enable, policy, failover and failback flags",
	  test_laser_set },
	{ "topology get by engine or by laser", test_topology_get },
	{ "u64 and multi-attr lists on the wire", test_put_u64_and_lists },
	{ "requests that do not fit fail", test_no_space },
	{ "nlctrl getfamily request", test_ctrl_getfamily },
	CU_TEST_INFO_NULL,
};
