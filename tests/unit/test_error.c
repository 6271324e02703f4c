// SPDX-License-Identifier: GPL-2.0
/*
 * Extended acks into struct cpo_error, and the error line for humans.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "helpers.h"

static char req_buf[T_BUF_SIZE];
static char buf[T_BUF_SIZE];

/* An engine set request; *power_off gets the offset of power-mode. */
static struct nlmsghdr *engine_set_req(int *power_off)
{
	struct cpo_engine req = {
		.present = CPO_BIT(CPO_A_ENGINE_ID) |
			   CPO_BIT(CPO_A_ENGINE_POWER_MODE),
		.id = 1, .power_mode = CPO_POWER_MODE_HIGH,
	};

	CU_ASSERT_FATAL(cpo_msg_engine_set(req_buf, sizeof(req_buf), T_FAMILY,
					   T_SEQ, &req, NULL) > 0);
	/* header, genl header, then the 8-byte id attribute */
	*power_off = MNL_NLMSG_HDRLEN + GENL_HDRLEN + 8;
	return (struct nlmsghdr *)req_buf;
}

static void test_extack_uncapped_offset(void)
{
	char line[256];
	struct nlmsghdr *req, *nlh;
	struct cpo_error err;
	int off;

	req = engine_set_req(&off);
	nlh = t_err_msg(buf, req, -ERANGE, false, "integer out of range", off,
			-1);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, req, &cpo_engine_attr_set,
					      &err), -ERANGE);
	CU_ASSERT_EQUAL(err.err, ERANGE);
	T_ASSERT_STR(err.msg, "integer out of range");
	CU_ASSERT_EQUAL(err.bad_off, (uint32_t)off);
	CU_ASSERT_EQUAL(err.bad_attr, CPO_A_ENGINE_POWER_MODE);
	CU_ASSERT_EQUAL(err.miss_attr, 0);
	cpo_error_format(&err, line, sizeof(line));
	T_ASSERT_STR(line, "integer out of range (attribute engine.power-mode)");
}

static void test_extack_capped_missing(void)
{
	char line[256];
	struct nlmsghdr *req, *nlh;
	struct cpo_error err;
	int off;

	req = engine_set_req(&off);
	nlh = t_err_msg(buf, req, -EINVAL, true, NULL, -1, CPO_A_LANE_ID);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, req, &cpo_lane_attr_set,
					      &err), -EINVAL);
	CU_ASSERT_EQUAL(err.miss_attr, CPO_A_LANE_ID);
	CU_ASSERT_EQUAL(err.bad_attr, 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	cpo_error_format(&err, line, sizeof(line));
	T_ASSERT_STR(line, "Invalid argument (missing attribute lane.id)");
}

static void test_ack_and_warning(void)
{
	struct nlmsghdr *req, *nlh;
	struct cpo_error err;
	int off;

	req = engine_set_req(&off);
	nlh = t_err_msg(buf, req, 0, true, NULL, -1, -1);
	memset(&err, 0x5a, sizeof(err));
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, req, NULL, &err), 0);
	CU_ASSERT_EQUAL(err.err, 0);
	CU_ASSERT_STRING_EQUAL(err.msg, "");

	nlh = t_err_msg(buf, req, 0, false, "lane already up", -1, -1);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, req, NULL, &err), 0);
	CU_ASSERT_EQUAL(err.err, 0);
	T_ASSERT_STR(err.msg, "lane already up");
}

static void test_plain_errno(void)
{
	char line[256];
	struct nlmsghdr *req, *nlh;
	struct cpo_error err;
	int off;

	req = engine_set_req(&off);
	nlh = t_err_msg(buf, req, -EPERM, true, NULL, -1, -1);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, req, &cpo_engine_attr_set,
					      &err), -EPERM);
	cpo_error_format(&err, line, sizeof(line));
	T_ASSERT_STR(line, strerror(EPERM));
}

static void test_bad_offsets_and_names(void)
{
	char line[256];
	struct nlmsghdr *req, *nlh;
	struct cpo_error err;
	int off;

	req = engine_set_req(&off);
	/* an offset past the request names no attribute */
	nlh = t_err_msg(buf, req, -ENOENT, true, "engine 1 not found", 4000,
			-1);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, req, &cpo_engine_attr_set,
					      &err), -ENOENT);
	CU_ASSERT_EQUAL(err.bad_attr, 0);
	cpo_error_format(&err, line, sizeof(line));
	T_ASSERT_STR(line, "engine 1 not found");

	/* an attribute type this build does not know is shown by number */
	cpo_error_clear(&err);
	err.err = EINVAL;
	err.set = &cpo_lane_attr_set;
	err.bad_attr = 99;
	cpo_error_format(&err, line, sizeof(line));
	T_ASSERT_STR(line, "Invalid argument (attribute lane.99)");
}

static void test_malformed_errors(void)
{
	struct nlmsghdr *req, *nlh;
	struct cpo_error err;
	int off;

	req = engine_set_req(&off);
	nlh = t_err_msg(buf, req, -EINVAL, true, "x", -1, -1);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 4;	/* shorter than nlmsgerr */
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, req, NULL, &err), -EBADMSG);
	CU_ASSERT_EQUAL(err.err, EBADMSG);

	/* an extack message without its NUL */
	nlh = t_err_msg(buf, req, -EINVAL, true, NULL, -1, -1);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put(nlh, NLMSGERR_ATTR_MSG, 3, "bad");
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, req, NULL, &err), -EBADMSG);
	T_ASSERT_CONTAINS(err.msg, "extended ack");

	/* a positive errno is not an error message */
	nlh = t_err_msg(buf, req, 5, true, NULL, -1, -1);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, req, NULL, &err), -EBADMSG);
}

/* The kernel points at the laser-set flag: the error names laser.failover. */
static void test_extack_laser_and_topology(void)
{
	static struct cpo_laser req;
	static struct cpo_topology sel;
	struct nlmsghdr *nlh, *r = (struct nlmsghdr *)req_buf;
	struct cpo_error err;
	char line[256];
	int off;

	memset(&req, 0, sizeof(req));
	req.present = CPO_BIT(CPO_A_LASER_ID) | CPO_BIT(CPO_A_LASER_ENABLE) |
		      CPO_BIT(CPO_A_LASER_FAILOVER);
	req.id = 2;
	req.enable = 1;
	req.failover = true;
	CU_ASSERT_FATAL(cpo_msg_laser_set(req_buf, sizeof(req_buf), T_FAMILY,
					  T_SEQ, &req, NULL) > 0);
	/* id (8 bytes), enable (8: a u8 padded), then the flag */
	off = MNL_NLMSG_HDRLEN + GENL_HDRLEN + 8 + 8;
	nlh = t_err_msg(buf, r, -EOPNOTSUPP, true, "laser 2 has no spare",
			off, -1);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, r, &cpo_laser_attr_set,
					      &err), -EOPNOTSUPP);
	CU_ASSERT_EQUAL(err.bad_attr, CPO_A_LASER_FAILOVER);
	cpo_error_format(&err, line, sizeof(line));
	T_ASSERT_STR(line, "laser 2 has no spare (attribute laser.failover)");

	/* a kernel asking for a topology selector */
	sel.present = CPO_BIT(CPO_A_TOPOLOGY_LASER_ID);
	CU_ASSERT_FATAL(cpo_msg_topology_get(req_buf, sizeof(req_buf),
					     T_FAMILY, T_SEQ, &sel, NULL) > 0);
	nlh = t_err_msg(buf, r, -EINVAL, true, NULL, -1,
			CPO_A_TOPOLOGY_ENGINE_ID);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse(nlh, r, &cpo_topology_attr_set,
					      &err), -EINVAL);
	cpo_error_format(&err, line, sizeof(line));
	T_ASSERT_STR(line,
		     "Invalid argument (missing attribute topology.engine-id)");
}

static void test_done_with_error(void)
{
	struct nlmsghdr *nlh;
	struct cpo_error err;

	nlh = t_done_msg(buf, 0, T_SEQ, -ENOENT, "engine 9 not found");
	CU_ASSERT_EQUAL(cpo_nlmsg_done_parse(nlh, NULL, &cpo_lane_attr_set,
					     &err), -ENOENT);
	CU_ASSERT_EQUAL(err.err, ENOENT);
	T_ASSERT_STR(err.msg, "engine 9 not found");

	nlh = t_done_msg(buf, 0, T_SEQ, 0, NULL);
	CU_ASSERT_EQUAL(cpo_nlmsg_done_parse(nlh, NULL, NULL, &err), 0);
	CU_ASSERT_EQUAL(err.err, 0);
}

CU_TestInfo error_tests[] = {
	{ "extack message and offset, request echoed", test_extack_uncapped_offset },
	{ "capped ack naming a missing attribute", test_extack_capped_missing },
	{ "plain ack and ack with a warning", test_ack_and_warning },
	{ "no message: the errno string", test_plain_errno },
	{ "offsets outside the request, unknown types", test_bad_offsets_and_names },
	{ "malformed error messages", test_malformed_errors },
	{ "NLMSG_DONE carrying an error", test_done_with_error },
	{ "laser and topology attributes named", test_extack_laser_and_topology },
	CU_TEST_INFO_NULL,
};
