// SPDX-License-Identifier: GPL-2.0
/*
 * Reply processing: multi-part dumps, NLM_F_DUMP_INTR, errors in
 * NLMSG_DONE and NLMSG_ERROR, draining after a failure, nlctrl replies.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "helpers.h"

static char buf[T_BUF_SIZE];
static char req_buf[T_BUF_SIZE];

struct got {
	unsigned int n;
	uint32_t ids[8];
	int stop_at;		/* return -ECANCELED for this object (1-based) */
};

static int engine_cb(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	struct got *g = r->data;
	struct cpo_engine e;
	int ret;

	ret = cpo_engine_parse(nlh, &e, r->err);
	if (ret)
		return ret;
	if (g->n < 8)
		g->ids[g->n] = e.id;
	g->n++;
	return (int)g->n == g->stop_at ? -ECANCELED : 0;
}

static void reply_init(struct cpo_reply *r, struct got *g,
		       struct cpo_error *err)
{
	memset(r, 0, sizeof(*r));
	memset(g, 0, sizeof(*g));
	cpo_error_clear(err);
	CU_ASSERT_FATAL(cpo_msg_engine_dump(req_buf, sizeof(req_buf), T_FAMILY,
					    T_SEQ, NULL, NULL) > 0);
	r->req = (struct nlmsghdr *)req_buf;
	r->set = &cpo_engine_attr_set;
	r->seq = T_SEQ;
	r->portid = T_PORTID;
	r->data_cb = engine_cb;
	r->data = g;
	r->err = err;
}

/* An engine with @id in a dump reply part, at @p. */
static struct nlmsghdr *engine_part(void *p, uint32_t id, uint16_t flags)
{
	struct nlmsghdr *nlh;

	nlh = t_msg(p, T_FAMILY, CPO_CMD_ENGINE_GET, NLM_F_MULTI | flags, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_ID, id);
	return nlh;
}

static void test_dump_multipart(void)
{
	struct nlmsghdr *nlh;
	struct cpo_error err;
	struct cpo_reply r;
	struct got g;

	reply_init(&r, &g, &err);
	nlh = engine_part(buf, 1, 0);
	nlh = engine_part(t_next(nlh), 2, 0);
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 1);
	CU_ASSERT_EQUAL(g.n, 2);

	nlh = engine_part(buf, 3, 0);
	nlh = t_done_msg(t_next(nlh), 0, T_SEQ, 0, NULL);
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 0);
	CU_ASSERT_EQUAL(r.ret, 0);
	CU_ASSERT_EQUAL(r.count, 3);
	CU_ASSERT_EQUAL_FATAL(g.n, 3);
	CU_ASSERT_EQUAL(g.ids[0], 1);
	CU_ASSERT_EQUAL(g.ids[1], 2);
	CU_ASSERT_EQUAL(g.ids[2], 3);
	CU_ASSERT_FALSE(err.dump_intr);
}

static void test_dump_interrupted(void)
{
	struct nlmsghdr *nlh;
	struct cpo_error err;
	struct cpo_reply r;
	struct got g;

	reply_init(&r, &g, &err);
	nlh = engine_part(buf, 1, 0);
	nlh = engine_part(t_next(nlh), 2, NLM_F_DUMP_INTR);
	nlh = engine_part(t_next(nlh), 3, 0);
	nlh = t_done_msg(t_next(nlh), 0, T_SEQ, 0, NULL);
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 0);
	CU_ASSERT_EQUAL(r.ret, -EINTR);
	CU_ASSERT_EQUAL(g.n, 3);	/* everything sent was delivered */
	CU_ASSERT_TRUE(err.dump_intr);
	CU_ASSERT_EQUAL(err.err, EINTR);
	T_ASSERT_CONTAINS(err.msg, "interrupted");

	/* the flag on NLMSG_DONE alone counts too */
	reply_init(&r, &g, &err);
	nlh = t_done_msg(buf, NLM_F_DUMP_INTR, T_SEQ, 0, NULL);
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 0);
	CU_ASSERT_EQUAL(r.ret, -EINTR);
	CU_ASSERT_TRUE(err.dump_intr);
}

static void test_dump_done_error(void)
{
	struct nlmsghdr *nlh;
	struct cpo_error err;
	struct cpo_reply r;
	struct got g;

	reply_init(&r, &g, &err);
	nlh = engine_part(buf, 1, 0);
	nlh = t_done_msg(t_next(nlh), 0, T_SEQ, -ENOENT, "engine 5 not found");
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 0);
	CU_ASSERT_EQUAL(r.ret, -ENOENT);
	CU_ASSERT_EQUAL(err.err, ENOENT);
	T_ASSERT_STR(err.msg, "engine 5 not found");
	CU_ASSERT_EQUAL(g.n, 1);
}

static void test_do_reply_and_errors(void)
{
	struct nlmsghdr *nlh;
	struct cpo_error err;
	struct cpo_reply r;
	struct got g;

	reply_init(&r, &g, &err);
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_ENGINE_GET, 0, T_SEQ);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_ID, 4);
	nlh = t_err_msg(t_next(nlh), r.req, 0, true, NULL, -1, -1);
	nlh->nlmsg_pid = T_PORTID;
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 0);
	CU_ASSERT_EQUAL(r.ret, 0);
	CU_ASSERT_EQUAL(r.count, 1);
	CU_ASSERT_EQUAL(g.ids[0], 4);

	reply_init(&r, &g, &err);
	nlh = t_err_msg(buf, r.req, -ENOENT, true, "engine 4 not found",
			MNL_NLMSG_HDRLEN + GENL_HDRLEN, -1);
	nlh->nlmsg_pid = T_PORTID;
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 0);
	CU_ASSERT_EQUAL(r.ret, -ENOENT);
	T_ASSERT_STR(err.msg, "engine 4 not found");
	CU_ASSERT_PTR_EQUAL(err.set, &cpo_engine_attr_set);
	CU_ASSERT_EQUAL(r.count, 0);
}

static void test_error_then_drain(void)
{
	struct nlmsghdr *nlh;
	struct cpo_error err;
	struct cpo_reply r;
	struct got g;
	uint16_t bad = 1;

	/* a malformed object: recorded, the rest drained undelivered */
	reply_init(&r, &g, &err);
	nlh = t_msg(buf, T_FAMILY, CPO_CMD_ENGINE_GET, NLM_F_MULTI, T_SEQ);
	mnl_attr_put(nlh, CPO_A_ENGINE_ID, sizeof(bad), &bad);
	nlh = engine_part(t_next(nlh), 2, 0);
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 1);
	nlh = t_done_msg(buf, 0, T_SEQ, 0, NULL);
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 0);
	CU_ASSERT_EQUAL(r.ret, -EBADMSG);
	CU_ASSERT_EQUAL(g.n, 0);
	T_ASSERT_CONTAINS(err.msg, "malformed engine attribute id");

	/* the callback asks to stop: no more deliveries, still drained */
	reply_init(&r, &g, &err);
	g.stop_at = 1;
	nlh = engine_part(buf, 1, 0);
	nlh = engine_part(t_next(nlh), 2, 0);
	nlh = t_done_msg(t_next(nlh), 0, T_SEQ, 0, NULL);
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 0);
	CU_ASSERT_EQUAL(r.ret, -ECANCELED);
	CU_ASSERT_EQUAL(g.n, 1);
}

static void test_foreign_and_truncated(void)
{
	struct nlmsghdr *nlh;
	struct cpo_error err;
	struct cpo_reply r;
	struct got g;

	/* replies to another sequence number or port are not ours */
	reply_init(&r, &g, &err);
	nlh = engine_part(buf, 1, 0);
	nlh->nlmsg_seq = T_SEQ + 1;
	nlh = engine_part(t_next(nlh), 2, 0);
	nlh->nlmsg_pid = T_PORTID + 1;
	nlh = t_done_msg(t_next(nlh), 0, T_SEQ, 0, NULL);
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 0);
	CU_ASSERT_EQUAL(r.ret, 0);
	CU_ASSERT_EQUAL(g.n, 0);

	/*
	 * A notification (sequence number 0, as a late engine-flash event on
	 * the request socket after a batch's flash) is not the reply; it is
	 * delivered only to a request that takes events.
	 */
	reply_init(&r, &g, &err);
	nlh = engine_part(buf, 1, 0);
	nlh->nlmsg_seq = 0;
	nlh->nlmsg_pid = 0;
	nlh = engine_part(t_next(nlh), 2, 0);
	nlh = t_done_msg(t_next(nlh), 0, T_SEQ, 0, NULL);
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 0);
	CU_ASSERT_EQUAL(g.n, 1);
	CU_ASSERT_EQUAL(g.ids[0], 2);
	reply_init(&r, &g, &err);
	r.events = true;
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh)), 0);
	CU_ASSERT_EQUAL(g.n, 2);
	CU_ASSERT_EQUAL(g.ids[0], 1);

	/* a datagram that ends inside a message */
	reply_init(&r, &g, &err);
	nlh = engine_part(buf, 1, 0);
	nlh = engine_part(t_next(nlh), 2, 0);
	CU_ASSERT_EQUAL(cpo_reply_process(&r, buf, t_span(buf, nlh) - 4), 0);
	CU_ASSERT_EQUAL(r.ret, -EBADMSG);
	CU_ASSERT_EQUAL(g.n, 1);
}

static struct nlmsghdr *ctrl_reply(bool with_id, bool with_groups)
{
	struct nlattr *grps, *grp;
	struct nlmsghdr *nlh;

	nlh = t_msg(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 0, T_SEQ);
	if (with_id)
		mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1a);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "cpo");
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
	if (!with_groups)
		return nlh;
	grps = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	grp = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "other");
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 3);
	mnl_attr_nest_end(nlh, grp);
	grp = mnl_attr_nest_start(nlh, 2);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 7);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "monitor");
	mnl_attr_nest_end(nlh, grp);
	mnl_attr_nest_end(nlh, grps);
	return nlh;
}

static void test_ctrl_parse(void)
{
	struct cpo_family fam;
	struct cpo_error err;

	CU_ASSERT_EQUAL(cpo_ctrl_parse(ctrl_reply(true, true), &fam, NULL), 0);
	CU_ASSERT_EQUAL(fam.id, 0x1a);
	CU_ASSERT_EQUAL(fam.version, 1);
	CU_ASSERT_EQUAL(fam.monitor_group, 7);

	CU_ASSERT_EQUAL(cpo_ctrl_parse(ctrl_reply(true, false), &fam, NULL), 0);
	CU_ASSERT_EQUAL(fam.monitor_group, 0);

	cpo_error_clear(&err);
	CU_ASSERT_EQUAL(cpo_ctrl_parse(ctrl_reply(false, true), &fam, &err),
			-EBADMSG);
	T_ASSERT_CONTAINS(err.msg, "family id");
}

CU_TestInfo reply_tests[] = {
	{ "dump in several datagrams", test_dump_multipart },
	{ "NLM_F_DUMP_INTR is reported", test_dump_interrupted },
	{ "dump ending in an error", test_dump_done_error },
	{ "do: reply then ack, or an error", test_do_reply_and_errors },
	{ "after an error the reply is drained", test_error_then_drain },
	{ "foreign replies skipped, truncation caught", test_foreign_and_truncated },
	{ "nlctrl family reply", test_ctrl_parse },
	CU_TEST_INFO_NULL,
};
