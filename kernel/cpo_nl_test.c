// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink for lane tests and the engine self-test: lane-test (start or
 * stop), engine-selftest (start or stop; an engine, or every engine of a
 * device), the test nest of lane-get and the selftest nest of engine-get,
 * and their notifications on monitor.
 */
#include <net/genetlink.h>
#include "cpo_compat.h"
#include "cpo_core.h"
#include "cpo_netlink.h"

#define CPO_TEST_GATE_MIN_MS	100
#define CPO_SELFTEST_GATE_MS	1000
/* 1e-6, times 10^18: 240 times below the KP4 FEC limit of 2.4e-4 */
#define CPO_SELFTEST_BER_LIMIT	1000000000000ULL
#define CPO_BER_ONE		1000000000000000000ULL

static struct netlink_range_validation cpo_test_gate_range = {
	.max = CPO_REFRESH_MAX_MS,
};

static struct netlink_range_validation cpo_selftest_gate_range = {
	.min = CPO_TEST_GATE_MIN_MS,
	.max = CPO_REFRESH_MAX_MS,
};

static struct netlink_range_validation cpo_ber_range = {
	.max = CPO_BER_ONE,
};

static const struct nla_policy cpo_test_policy[CPO_A_TEST_MAX + 1] = {
	[CPO_A_TEST_LOOPBACK] = NLA_POLICY_RANGE(NLA_U32, CPO_LOOPBACK_HOST_INPUT,
						 CPO_LOOPBACK_MAX),
	[CPO_A_TEST_SIDE] = NLA_POLICY_RANGE(NLA_U32, CPO_TEST_SIDE_HOST,
					     CPO_TEST_SIDE_MAX),
	[CPO_A_TEST_PATTERN] = NLA_POLICY_RANGE(NLA_U32, CPO_PRBS_PATTERN_PRBS31Q,
						CPO_PRBS_PATTERN_MAX),
	[CPO_A_TEST_GATE_TIME] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cpo_test_gate_range),
	[CPO_A_TEST_FORCE] = { .type = NLA_FLAG },
	[CPO_A_TEST_STOP] = { .type = NLA_FLAG },
	[CPO_A_TEST_BER_LIMIT] = NLA_POLICY_FULL_RANGE(NLA_U64, &cpo_ber_range),
};

const struct nla_policy cpo_lane_test_policy[CPO_A_LANE_TEST + 1] = {
	[CPO_A_LANE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_INDEX] = { .type = NLA_U32 },
	[CPO_A_LANE_TEST] = NLA_POLICY_NESTED(cpo_test_policy),
};

static const struct nla_policy cpo_selftest_policy[CPO_A_SELFTEST_MAX + 1] = {
	[CPO_A_SELFTEST_PATTERN] = NLA_POLICY_RANGE(NLA_U32,
						    CPO_PRBS_PATTERN_PRBS31Q,
						    CPO_PRBS_PATTERN_MAX),
	[CPO_A_SELFTEST_GATE_TIME] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cpo_selftest_gate_range),
	[CPO_A_SELFTEST_BER_LIMIT] =
		NLA_POLICY_FULL_RANGE(NLA_U64, &cpo_ber_range),
	[CPO_A_SELFTEST_FORCE] = { .type = NLA_FLAG },
	[CPO_A_SELFTEST_STOP] = { .type = NLA_FLAG },
};

const struct nla_policy cpo_engine_selftest_policy[CPO_A_ENGINE_SELFTEST + 1] = {
	[CPO_A_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_ENGINE_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63 },
	[CPO_A_ENGINE_SELFTEST] = NLA_POLICY_NESTED(cpo_selftest_policy),
};

/**
 * cpo_lane_test_fill - the test nest of a lane
 * @msg: the message
 * @lane: the lane; cpo_lock held
 *
 * Return: 0, or -EMSGSIZE.
 */
int cpo_lane_test_fill(struct sk_buff *msg, const struct cpo_lane *lane)
{
	const struct cpo_lane_test *t = lane->test;
	struct nlattr *nest;

	lockdep_assert_held(&cpo_lock);
	if (!t || !t->state)
		return 0;
	nest = nla_nest_start(msg, CPO_A_LANE_TEST);
	if (!nest ||
	    nla_put_u32(msg, CPO_A_TEST_LOOPBACK, t->cfg.loopback) ||
	    nla_put_u32(msg, CPO_A_TEST_SIDE, t->cfg.side) ||
	    nla_put_u32(msg, CPO_A_TEST_PATTERN, t->cfg.pattern) ||
	    nla_put_u32(msg, CPO_A_TEST_GATE_TIME, t->gate_ms) ||
	    nla_put_u32(msg, CPO_A_TEST_STATE, t->state) ||
	    (t->message[0] &&
	     nla_put_string(msg, CPO_A_TEST_MESSAGE, t->message)) ||
	    nla_put_u64_64bit(msg, CPO_A_TEST_STARTED, t->started,
			      CPO_A_TEST_PAD) ||
	    (t->has_limit &&
	     nla_put_u64_64bit(msg, CPO_A_TEST_BER_LIMIT, t->ber_limit,
			       CPO_A_TEST_PAD)))
		return -EMSGSIZE;
	if (t->state != CPO_TEST_STATE_RUNNING &&
	    (nla_put_u64_64bit(msg, CPO_A_TEST_ENDED, t->ended,
			       CPO_A_TEST_PAD) ||
	     nla_put_u64_64bit(msg, CPO_A_TEST_BITS, t->res.bits,
			       CPO_A_TEST_PAD) ||
	     nla_put_u64_64bit(msg, CPO_A_TEST_ERRORS, t->res.errors,
			       CPO_A_TEST_PAD) ||
	     nla_put_u64_64bit(msg, CPO_A_TEST_BER, t->ber, CPO_A_TEST_PAD) ||
	     nla_put_u8(msg, CPO_A_TEST_LOCKED, t->res.locked) ||
	     nla_put_u8(msg, CPO_A_TEST_LOST_LOCK, t->res.lost_lock) ||
	     (t->has_limit && nla_put_u8(msg, CPO_A_TEST_PASS, t->pass))))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * cpo_selftest_fill - the selftest nest of an engine
 * @msg: the message
 * @engine: the engine; cpo_lock held
 *
 * Return: 0, or -EMSGSIZE.
 */
int cpo_selftest_fill(struct sk_buff *msg, const struct cpo_engine *engine)
{
	const struct cpo_selftest *st = engine->selftest;
	struct nlattr *nest;

	lockdep_assert_held(&cpo_lock);
	if (!st || !st->state)
		return 0;
	nest = nla_nest_start(msg, CPO_A_ENGINE_SELFTEST);
	if (!nest ||
	    nla_put_u32(msg, CPO_A_SELFTEST_PATTERN, st->pattern) ||
	    nla_put_u32(msg, CPO_A_SELFTEST_GATE_TIME, st->gate_ms) ||
	    nla_put_u64_64bit(msg, CPO_A_SELFTEST_BER_LIMIT, st->ber_limit,
			      CPO_A_SELFTEST_PAD) ||
	    nla_put_u32(msg, CPO_A_SELFTEST_STATE, st->state) ||
	    nla_put_u64_64bit(msg, CPO_A_SELFTEST_STARTED, st->started,
			      CPO_A_SELFTEST_PAD) ||
	    nla_put_u32(msg, CPO_A_SELFTEST_LANES, st->lanes) ||
	    nla_put_u32(msg, CPO_A_SELFTEST_LANES_FAILED, st->failed) ||
	    (st->state != CPO_TEST_STATE_RUNNING &&
	     (nla_put_u64_64bit(msg, CPO_A_SELFTEST_ENDED, st->ended,
				CPO_A_SELFTEST_PAD) ||
	      nla_put_u8(msg, CPO_A_SELFTEST_PASS, st->pass))))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int cpo_lane_test_ntf_fill(struct sk_buff *msg, void *obj,
				  struct netlink_ext_ack *extack)
{
	struct cpo_lane *lane = obj;

	if (nla_put_u32(msg, CPO_A_LANE_ID, lane->id) ||
	    nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, lane->engine->id) ||
	    nla_put_u32(msg, CPO_A_LANE_INDEX, lane->index))
		return -EMSGSIZE;
	return cpo_lane_test_fill(msg, lane);
}

static int cpo_selftest_ntf_fill(struct sk_buff *msg, void *obj,
				 struct netlink_ext_ack *extack)
{
	struct cpo_engine *engine = obj;

	if (nla_put_u32(msg, CPO_A_ENGINE_ID, engine->id))
		return -EMSGSIZE;
	return cpo_selftest_fill(msg, engine);
}

static const struct cpo_ntf_attrs cpo_lane_test_ntf_attrs = {
	CPO_A_LANE_SEQ, CPO_A_LANE_TIMESTAMP, CPO_A_LANE_PAD
};

static const struct cpo_ntf_attrs cpo_selftest_ntf_attrs = {
	CPO_A_ENGINE_SEQ, CPO_A_ENGINE_TIMESTAMP, CPO_A_ENGINE_PAD
};

/* A lane test began or ended; cpo_lock held. */
void cpo_lane_test_notify(struct cpo_lane *lane)
{
	cpo_notify(CPO_CMD_LANE_TEST_NTF, cpo_lane_test_ntf_fill, lane,
		   &cpo_lane_test_ntf_attrs);
}

/* An engine's self-test began or ended; cpo_lock held. */
void cpo_selftest_notify(struct cpo_engine *engine)
{
	cpo_notify(CPO_CMD_ENGINE_SELFTEST_NTF, cpo_selftest_ntf_fill, engine,
		   &cpo_selftest_ntf_attrs);
}

/*
 * A stop goes alone in its nest: the first other attribute of @tb (1..@max)
 * is refused with @msg, a string literal.
 */
static int cpo_nl_stop_alone(struct nlattr **tb, int max, int stop,
			     const char *msg, struct netlink_ext_ack *extack)
{
	int other;

	if (!tb[stop])
		return 0;
	for (other = 1; other <= max; other++)
		if (other != stop && tb[other]) {
			NL_SET_BAD_ATTR(extack, tb[other]);
			if (extack)
				extack->_msg = msg;
			return -EINVAL;
		}
	return 0;
}

int cpo_nl_lane_test_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[CPO_A_TEST_MAX + 1];
	struct cpo_lane_test_cfg cfg = {
		.loopback = CPO_LOOPBACK_MEDIA_INPUT,
		.side = CPO_TEST_SIDE_MEDIA,
		.pattern = CPO_PRBS_PATTERN_PRBS31Q,
	};
	struct cpo_engine *engine;
	struct cpo_lane *lane;
	u64 limit, *plimit = NULL;
	u32 gate = 0;
	int err;

	if (cpo_nl_attr_missing(info, CPO_A_LANE_TEST,
				"missing attribute: test (what to run, or test.stop)"))
		return -EINVAL;
	err = nla_parse_nested(tb, CPO_A_TEST_MAX, info->attrs[CPO_A_LANE_TEST],
			       cpo_test_policy, info->extack);
	if (err)
		return err;
	err = cpo_nl_stop_alone(tb, CPO_A_TEST_MAX, CPO_A_TEST_STOP,
				"test.stop goes alone", info->extack);
	if (err)
		return err;
	if (tb[CPO_A_TEST_GATE_TIME]) {
		gate = nla_get_u32(tb[CPO_A_TEST_GATE_TIME]);
		if (gate && gate < CPO_TEST_GATE_MIN_MS) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[CPO_A_TEST_GATE_TIME],
					    "test.gate-time: 0 (until stopped) or 100..3600000 ms");
			return -EINVAL;
		}
	}
	if (tb[CPO_A_TEST_LOOPBACK])
		cfg.loopback = nla_get_u32(tb[CPO_A_TEST_LOOPBACK]);
	if (tb[CPO_A_TEST_SIDE])
		cfg.side = nla_get_u32(tb[CPO_A_TEST_SIDE]);
	if (tb[CPO_A_TEST_PATTERN])
		cfg.pattern = nla_get_u32(tb[CPO_A_TEST_PATTERN]);
	if (tb[CPO_A_TEST_BER_LIMIT]) {
		limit = nla_get_u64(tb[CPO_A_TEST_BER_LIMIT]);
		plimit = &limit;
	}

	lane = cpo_nl_lane_hold(info);
	if (IS_ERR(lane))
		return PTR_ERR(lane);
	engine = lane->engine;

	if (tb[CPO_A_TEST_STOP]) {
		err = cpo_lane_test_stop(lane, info->extack);
		goto put;
	}
	err = cpo_engine_lock_io(engine, info->extack);
	if (err)
		goto put;
	err = cpo_lane_test_start(lane, &cfg, gate, tb[CPO_A_TEST_FORCE],
				  plimit, info->extack);
	cpo_io_unlock(&engine->io);
put:
	cpo_nl_lane_put(lane);
	return err;
}

int cpo_nl_engine_selftest_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *dev = info->attrs[CPO_A_ENGINE_DEV_NAME];
	struct nlattr *tb[CPO_A_SELFTEST_MAX + 1] = {};
	struct cpo_selftest req = {
		.pattern = CPO_PRBS_PATTERN_PRBS31Q,
		.gate_ms = CPO_SELFTEST_GATE_MS,
		.ber_limit = CPO_SELFTEST_BER_LIMIT,
	};
	struct cpo_engine **v, *engine;
	unsigned int n;
	int err;

	if (info->attrs[CPO_A_ENGINE_SELFTEST]) {
		err = nla_parse_nested(tb, CPO_A_SELFTEST_MAX,
				       info->attrs[CPO_A_ENGINE_SELFTEST],
				       cpo_selftest_policy, info->extack);
		if (err)
			return err;
	}
	err = cpo_nl_stop_alone(tb, CPO_A_SELFTEST_MAX, CPO_A_SELFTEST_STOP,
				"selftest.stop goes alone", info->extack);
	if (err)
		return err;
	if (tb[CPO_A_SELFTEST_PATTERN])
		req.pattern = nla_get_u32(tb[CPO_A_SELFTEST_PATTERN]);
	if (tb[CPO_A_SELFTEST_GATE_TIME])
		req.gate_ms = nla_get_u32(tb[CPO_A_SELFTEST_GATE_TIME]);
	if (tb[CPO_A_SELFTEST_BER_LIMIT])
		req.ber_limit = nla_get_u64(tb[CPO_A_SELFTEST_BER_LIMIT]);

	if (dev && info->attrs[CPO_A_ENGINE_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, dev,
				    "dev-name: give an engine's id or a device's name, not both");
		return -EINVAL;
	}
	if (dev) {
		v = cpo_device_engines(nla_data(dev), &n);
		if (!n) {
			NL_SET_ERR_MSG_ATTR(info->extack, dev,
					    "dev-name: no engine on a device of this name");
			return -ENODEV;
		}
	} else {
		if (cpo_nl_attr_missing(info, CPO_A_ENGINE_ID,
					"missing attribute: id (or dev-name)"))
			return -EINVAL;
		v = kmalloc(sizeof(*v), GFP_KERNEL);
		if (!v)
			return -ENOMEM;
		mutex_lock(&cpo_lock);
		engine = cpo_nl_engine_lookup(info, CPO_A_ENGINE_ID);
		if (engine)
			get_device(&engine->dev);
		mutex_unlock(&cpo_lock);
		if (!engine) {
			kfree(v);
			return -ENOENT;
		}
		v[0] = engine;
		n = 1;
	}

	if (tb[CPO_A_SELFTEST_STOP])
		err = cpo_engines_selftest_stop(v, n, info->extack);
	else
		err = cpo_engines_selftest_start(v, n, &req,
						 tb[CPO_A_SELFTEST_FORCE],
						 info->extack);
	cpo_device_engines_put(v, n);
	return err;
}
