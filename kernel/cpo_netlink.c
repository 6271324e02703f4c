// SPDX-License-Identifier: GPL-2.0
/*
 * cpo generic netlink front end: policies, get/set handlers, dumps and
 * notifications. One fill function per object builds the get reply, each
 * dump entry and every notification, so the three never differ.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>
#include "cpo_compat.h"
#include "cpo_core.h"

enum cpo_nlgrp {
	CPO_NLGRP_MONITOR,
};

static struct genl_family cpo_family;

/* Policies: one per request, as the spec's request attribute lists. */
static const struct nla_policy cpo_engine_get_policy[CPO_A_ENGINE_ID + 1] = {
	[CPO_A_ENGINE_ID] = { .type = NLA_U32 },
};

static const struct nla_policy cpo_engine_set_policy[CPO_A_ENGINE_POWER_MODE + 1] = {
	[CPO_A_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_ENGINE_POWER_MODE] = NLA_POLICY_RANGE(NLA_U32, CPO_POWER_MODE_LOW,
						     CPO_POWER_MODE_MAX),
};

static const struct nla_policy cpo_lane_get_policy[CPO_A_LANE_INDEX + 1] = {
	[CPO_A_LANE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_INDEX] = { .type = NLA_U32 },
};

static const struct nla_policy cpo_lane_set_policy[CPO_A_LANE_POWER + 1] = {
	[CPO_A_LANE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_INDEX] = { .type = NLA_U32 },
	[CPO_A_LANE_TX_ENABLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CPO_A_LANE_POWER] = NLA_POLICY_RANGE(NLA_U32, CPO_LANE_POWER_DOWN,
					      CPO_LANE_POWER_MAX),
};

/* State a dump keeps between its calls, in cb->ctx. */
struct cpo_dump_ctx {
	unsigned long idx;
	u32 engine_id;
	bool filter_engine;
};

static struct cpo_dump_ctx *cpo_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct cpo_dump_ctx) > sizeof(cb->ctx));
	return (struct cpo_dump_ctx *)cb->ctx;
}

static int cpo_nla_put_str(struct sk_buff *msg, int attr, const char *s)
{
	return s[0] ? nla_put_string(msg, attr, s) : 0;
}

static int cpo_engine_msg_add_info(struct sk_buff *msg,
				   struct cpo_engine *engine)
{
	const struct cpo_engine_info *info = &engine->info;

	if (nla_put_u32(msg, CPO_A_ENGINE_ID, engine->id) ||
	    nla_put_string(msg, CPO_A_ENGINE_DEV_NAME,
			   dev_name(engine->dev.parent)) ||
	    nla_put_u32(msg, CPO_A_ENGINE_TYPE, info->type) ||
	    cpo_nla_put_str(msg, CPO_A_ENGINE_VENDOR, info->vendor) ||
	    cpo_nla_put_str(msg, CPO_A_ENGINE_PART_NUMBER, info->part_number) ||
	    cpo_nla_put_str(msg, CPO_A_ENGINE_SERIAL, info->serial) ||
	    cpo_nla_put_str(msg, CPO_A_ENGINE_HW_REV, info->hw_rev) ||
	    cpo_nla_put_str(msg, CPO_A_ENGINE_FW_VERSION, info->fw_version) ||
	    cpo_nla_put_str(msg, CPO_A_ENGINE_LOCATION, info->location) ||
	    (info->field_replaceable &&
	     nla_put_flag(msg, CPO_A_ENGINE_FIELD_REPLACEABLE)) ||
	    nla_put_u32(msg, CPO_A_ENGINE_LANE_COUNT, info->lane_count) ||
	    (info->lane_rate &&
	     nla_put_u32(msg, CPO_A_ENGINE_LANE_RATE, info->lane_rate)) ||
	    (info->media_type &&
	     nla_put_u32(msg, CPO_A_ENGINE_MEDIA_TYPE, info->media_type)))
		return -EMSGSIZE;
	return 0;
}

static int cpo_engine_msg_add_status(struct sk_buff *msg,
				     const struct cpo_engine_status *st)
{
	if (((st->valid & CPO_ENGINE_F_MODULE_STATE) &&
	     nla_put_u32(msg, CPO_A_ENGINE_MODULE_STATE, st->module_state)) ||
	    ((st->valid & CPO_ENGINE_F_POWER_MODE) &&
	     nla_put_u32(msg, CPO_A_ENGINE_POWER_MODE, st->power_mode)) ||
	    ((st->valid & CPO_ENGINE_F_TEMPERATURE) &&
	     nla_put_s32(msg, CPO_A_ENGINE_TEMPERATURE, st->temperature)) ||
	    ((st->valid & CPO_ENGINE_F_VOLTAGE) &&
	     nla_put_u32(msg, CPO_A_ENGINE_VOLTAGE, st->voltage)))
		return -EMSGSIZE;
	return 0;
}

/*
 * With @extack (a do request) a failing status read fails the request;
 * without (dumps, notifications) the status attributes are left out so one
 * unreadable engine does not hide the others.
 */
static int cpo_engine_fill(struct sk_buff *msg, struct cpo_engine *engine,
			   struct netlink_ext_ack *extack)
{
	struct cpo_engine_status st = {};
	int err;

	err = cpo_engine_msg_add_info(msg, engine);
	if (err)
		return err;
	err = engine->ops->status_get(engine, engine->priv, &st, extack);
	if (err)
		return extack ? err : 0;
	return cpo_engine_msg_add_status(msg, &st);
}

static int cpo_lane_msg_add_status(struct sk_buff *msg,
				   const struct cpo_lane_status *st)
{
	u32 v = st->valid;

	if (((v & CPO_LANE_F_DP_STATE) &&
	     nla_put_u32(msg, CPO_A_LANE_DP_STATE, st->dp_state)) ||
	    ((v & CPO_LANE_F_TX_ENABLE) &&
	     nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, st->tx_enable)) ||
	    ((v & CPO_LANE_F_POWER) &&
	     nla_put_u32(msg, CPO_A_LANE_POWER, st->power)) ||
	    ((v & CPO_LANE_F_TX_POWER) &&
	     nla_put_u32(msg, CPO_A_LANE_TX_POWER, st->tx_power)) ||
	    ((v & CPO_LANE_F_RX_POWER) &&
	     nla_put_u32(msg, CPO_A_LANE_RX_POWER, st->rx_power)) ||
	    ((v & CPO_LANE_F_TX_BIAS) &&
	     nla_put_u32(msg, CPO_A_LANE_TX_BIAS, st->tx_bias)) ||
	    ((v & CPO_LANE_F_RX_LOS) &&
	     nla_put_u8(msg, CPO_A_LANE_RX_LOS, st->rx_los)) ||
	    ((v & CPO_LANE_F_RX_LOL) &&
	     nla_put_u8(msg, CPO_A_LANE_RX_LOL, st->rx_lol)) ||
	    ((v & CPO_LANE_F_TX_FAULT) &&
	     nla_put_u8(msg, CPO_A_LANE_TX_FAULT, st->tx_fault)))
		return -EMSGSIZE;
	return 0;
}

/* Same @extack rule as cpo_engine_fill(). */
static int cpo_lane_fill(struct sk_buff *msg, struct cpo_lane *lane,
			 struct netlink_ext_ack *extack)
{
	struct cpo_lane_status st = {};
	int err;

	if (nla_put_u32(msg, CPO_A_LANE_ID, lane->id) ||
	    nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, lane->engine->id) ||
	    nla_put_u32(msg, CPO_A_LANE_INDEX, lane->index))
		return -EMSGSIZE;
	err = lane->ops->status_get(lane, lane->priv, &st, extack);
	if (err)
		return extack ? err : 0;
	return cpo_lane_msg_add_status(msg, &st);
}

static void cpo_multicast(struct sk_buff *msg)
{
	genlmsg_multicast(&cpo_family, msg, 0, CPO_NLGRP_MONITOR, GFP_KERNEL);
}

void cpo_engine_notify(struct cpo_engine *engine, u8 cmd)
{
	struct sk_buff *msg;
	void *hdr;

	lockdep_assert_held(&cpo_lock);
	if (!genl_has_listeners(&cpo_family, &init_net, CPO_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &cpo_family, 0, cmd);
	if (!hdr || cpo_engine_fill(msg, engine, NULL))
		goto err_free;
	genlmsg_end(msg, hdr);
	cpo_multicast(msg);
	return;

err_free:
	nlmsg_free(msg);
}

void cpo_lane_notify(struct cpo_lane *lane, u8 cmd)
{
	struct sk_buff *msg;
	void *hdr;

	lockdep_assert_held(&cpo_lock);
	if (!genl_has_listeners(&cpo_family, &init_net, CPO_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &cpo_family, 0, cmd);
	if (!hdr || cpo_lane_fill(msg, lane, NULL))
		goto err_free;
	genlmsg_end(msg, hdr);
	cpo_multicast(msg);
	return;

err_free:
	nlmsg_free(msg);
}

/* NL_SET_ERR_MSG() wants a string literal, hence a macro. */
#define cpo_nl_attr_missing(info, attr, msg) ({				\
	struct genl_info *__info = (info);				\
	int __attr = (attr);						\
	bool __missing = !__info->attrs[__attr];			\
									\
	if (__missing) {						\
		NL_SET_ERR_MSG(__info->extack, msg);			\
		NL_SET_ERR_ATTR_MISS(__info->extack, NULL, __attr);	\
	}								\
	__missing;							\
})

static struct cpo_engine *cpo_nl_engine_lookup(struct genl_info *info,
					       int attr)
{
	struct cpo_engine *engine;

	engine = cpo_engine_get_by_id(nla_get_u32(info->attrs[attr]));
	if (!engine)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[attr],
				    "unknown engine id");
	return engine;
}

/* A lane is named by id, or by engine-id and index. */
static struct cpo_lane *cpo_nl_lane_lookup(struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct cpo_engine *engine;
	struct cpo_lane *lane;

	if (tb[CPO_A_LANE_ID]) {
		lane = cpo_lane_get_by_id(nla_get_u32(tb[CPO_A_LANE_ID]));
		if (!lane) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[CPO_A_LANE_ID],
					    "unknown lane id");
			return ERR_PTR(-ENOENT);
		}
		if ((tb[CPO_A_LANE_ENGINE_ID] &&
		     nla_get_u32(tb[CPO_A_LANE_ENGINE_ID]) != lane->engine->id) ||
		    (tb[CPO_A_LANE_INDEX] &&
		     nla_get_u32(tb[CPO_A_LANE_INDEX]) != lane->index)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[CPO_A_LANE_ID],
					    "id and engine-id/index name different lanes");
			return ERR_PTR(-EINVAL);
		}
		return lane;
	}
	if (!tb[CPO_A_LANE_ENGINE_ID] && !tb[CPO_A_LANE_INDEX]) {
		cpo_nl_attr_missing(info, CPO_A_LANE_ID,
				    "missing attribute: id (or engine-id and index)");
		return ERR_PTR(-EINVAL);
	}
	if (cpo_nl_attr_missing(info, CPO_A_LANE_ENGINE_ID,
				"missing attribute: engine-id") ||
	    cpo_nl_attr_missing(info, CPO_A_LANE_INDEX,
				"missing attribute: index"))
		return ERR_PTR(-EINVAL);
	engine = cpo_nl_engine_lookup(info, CPO_A_LANE_ENGINE_ID);
	if (!engine)
		return ERR_PTR(-ENOENT);
	lane = cpo_lane_get_by_index(engine,
				     nla_get_u32(tb[CPO_A_LANE_INDEX]));
	if (!lane) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[CPO_A_LANE_INDEX],
				    "unknown lane index for this engine");
		return ERR_PTR(-ENOENT);
	}
	return lane;
}

static int cpo_nl_reply(struct genl_info *info, struct sk_buff *msg,
			void *hdr, int err)
{
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int cpo_nl_engine_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cpo_engine *engine;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (cpo_nl_attr_missing(info, CPO_A_ENGINE_ID, "missing attribute: id"))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cpo_family, 0,
				CPO_CMD_ENGINE_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}

	mutex_lock(&cpo_lock);
	engine = cpo_nl_engine_lookup(info, CPO_A_ENGINE_ID);
	err = engine ? cpo_engine_fill(msg, engine, info->extack) : -ENOENT;
	mutex_unlock(&cpo_lock);

	return cpo_nl_reply(info, msg, hdr, err);
}

static int cpo_nl_engine_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct cpo_dump_ctx *ctx = cpo_dump_ctx(cb);
	struct cpo_engine *engine;
	unsigned long idx;
	void *hdr;
	int err = 0;

	mutex_lock(&cpo_lock);
	cb->seq = cpo_generation;
	xa_for_each_start(&cpo_engine_xa, idx, engine, ctx->idx) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &cpo_family, NLM_F_MULTI,
				  CPO_CMD_ENGINE_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		err = cpo_engine_fill(skb, engine, NULL);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	mutex_unlock(&cpo_lock);

	if (err == -EMSGSIZE) {
		ctx->idx = idx;
		return skb->len;
	}
	return err;
}

static int cpo_nl_engine_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mode = info->attrs[CPO_A_ENGINE_POWER_MODE];
	struct cpo_engine *engine;
	int ret;

	if (cpo_nl_attr_missing(info, CPO_A_ENGINE_ID, "missing attribute: id"))
		return -EINVAL;
	if (!mode) {
		NL_SET_ERR_MSG(info->extack, "nothing to set: give power-mode");
		return -EINVAL;
	}

	mutex_lock(&cpo_lock);
	engine = cpo_nl_engine_lookup(info, CPO_A_ENGINE_ID);
	if (!engine) {
		ret = -ENOENT;
		goto unlock;
	}
	ret = cpo_engine_set_power_mode(engine, nla_get_u32(mode),
					info->extack);
	if (ret < 0)
		NL_SET_BAD_ATTR(info->extack, mode);
	else if (ret)
		cpo_engine_notify(engine, CPO_CMD_ENGINE_CHANGE_NTF);
unlock:
	mutex_unlock(&cpo_lock);
	return ret < 0 ? ret : 0;
}

static int cpo_nl_lane_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cpo_lane *lane;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cpo_family, 0, CPO_CMD_LANE_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}

	mutex_lock(&cpo_lock);
	lane = cpo_nl_lane_lookup(info);
	err = IS_ERR(lane) ? PTR_ERR(lane) :
			     cpo_lane_fill(msg, lane, info->extack);
	mutex_unlock(&cpo_lock);

	return cpo_nl_reply(info, msg, hdr, err);
}

static int cpo_nl_lane_get_start(struct netlink_callback *cb)
{
	struct cpo_dump_ctx *ctx = cpo_dump_ctx(cb);
	struct nlattr **tb = cpo_dump_attrs(cb);

	if (!tb)
		return 0;
	if (tb[CPO_A_LANE_ID] || tb[CPO_A_LANE_INDEX]) {
		NL_SET_ERR_MSG_ATTR(cb->extack,
				    tb[CPO_A_LANE_ID] ?: tb[CPO_A_LANE_INDEX],
				    "a lane dump filters by engine-id only");
		return -EINVAL;
	}
	if (tb[CPO_A_LANE_ENGINE_ID]) {
		ctx->engine_id = nla_get_u32(tb[CPO_A_LANE_ENGINE_ID]);
		ctx->filter_engine = true;
		mutex_lock(&cpo_lock);
		if (!cpo_engine_get_by_id(ctx->engine_id)) {
			mutex_unlock(&cpo_lock);
			NL_SET_ERR_MSG_ATTR(cb->extack, tb[CPO_A_LANE_ENGINE_ID],
					    "unknown engine id");
			return -ENOENT;
		}
		mutex_unlock(&cpo_lock);
	}
	return 0;
}

static int cpo_nl_lane_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct cpo_dump_ctx *ctx = cpo_dump_ctx(cb);
	struct xarray *xa = &cpo_lane_xa;
	struct cpo_engine *engine;
	struct cpo_lane *lane;
	unsigned long idx;
	void *hdr;
	int err = 0;

	mutex_lock(&cpo_lock);
	cb->seq = cpo_generation;
	if (ctx->filter_engine) {
		/* Gone since the dump started: the dump ends here. */
		engine = cpo_engine_get_by_id(ctx->engine_id);
		if (!engine)
			goto unlock;
		xa = &engine->lanes;
	}
	xa_for_each_start(xa, idx, lane, ctx->idx) {
		if (!lane->registered)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &cpo_family, NLM_F_MULTI,
				  CPO_CMD_LANE_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		err = cpo_lane_fill(skb, lane, NULL);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
unlock:
	mutex_unlock(&cpo_lock);

	if (err == -EMSGSIZE) {
		ctx->idx = idx;
		return skb->len;
	}
	return err;
}

static int cpo_nl_lane_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tx = info->attrs[CPO_A_LANE_TX_ENABLE];
	struct nlattr *power = info->attrs[CPO_A_LANE_POWER];
	int tx_ret = 0, power_ret = 0;
	struct cpo_lane *lane;
	int err = 0;

	if (!tx && !power) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give tx-enable or power");
		return -EINVAL;
	}

	mutex_lock(&cpo_lock);
	lane = cpo_nl_lane_lookup(info);
	if (IS_ERR(lane)) {
		err = PTR_ERR(lane);
		goto unlock;
	}
	if (tx) {
		tx_ret = cpo_lane_set_tx_enable(lane, nla_get_u8(tx),
						info->extack);
		if (tx_ret < 0) {
			NL_SET_BAD_ATTR(info->extack, tx);
			err = tx_ret;
			goto unlock;
		}
	}
	if (power) {
		power_ret = cpo_lane_set_power(lane, nla_get_u32(power),
					       info->extack);
		if (power_ret < 0) {
			NL_SET_BAD_ATTR(info->extack, power);
			err = power_ret;
			/* All or nothing: undo the tx-enable change. */
			if (tx_ret > 0)
				cpo_lane_set_tx_enable(lane, !nla_get_u8(tx),
						       NULL);
			goto unlock;
		}
	}
	if (tx_ret > 0 || power_ret > 0)
		cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
unlock:
	mutex_unlock(&cpo_lock);
	return err;
}

static const struct genl_ops cpo_nl_ops[] = {
	{
		.cmd = CPO_CMD_ENGINE_GET,
		.doit = cpo_nl_engine_get_doit,
		.dumpit = cpo_nl_engine_get_dumpit,
		.policy = cpo_engine_get_policy,
		.maxattr = ARRAY_SIZE(cpo_engine_get_policy) - 1,
	},
	{
		.cmd = CPO_CMD_ENGINE_SET,
		.doit = cpo_nl_engine_set_doit,
		.policy = cpo_engine_set_policy,
		.maxattr = ARRAY_SIZE(cpo_engine_set_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = CPO_CMD_LANE_GET,
		.doit = cpo_nl_lane_get_doit,
		.start = cpo_nl_lane_get_start,
		.dumpit = cpo_nl_lane_get_dumpit,
		.policy = cpo_lane_get_policy,
		.maxattr = ARRAY_SIZE(cpo_lane_get_policy) - 1,
	},
	{
		.cmd = CPO_CMD_LANE_SET,
		.doit = cpo_nl_lane_set_doit,
		.policy = cpo_lane_set_policy,
		.maxattr = ARRAY_SIZE(cpo_lane_set_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group cpo_nl_mcgrps[] = {
	[CPO_NLGRP_MONITOR] = { .name = CPO_MCGRP_MONITOR },
};

static struct genl_family cpo_family __ro_after_init = {
	.name = CPO_FAMILY_NAME,
	.version = CPO_FAMILY_VERSION,
	.module = THIS_MODULE,
	.ops = cpo_nl_ops,
	.n_ops = ARRAY_SIZE(cpo_nl_ops),
	.resv_start_op = CPO_CMD_MAX + 1,
	.mcgrps = cpo_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(cpo_nl_mcgrps),
	/* cpo_lock serialises the handlers; no need for genl_mutex. */
	.parallel_ops = true,
};

int __init cpo_netlink_init(void)
{
	return genl_register_family(&cpo_family);
}

void cpo_netlink_exit(void)
{
	genl_unregister_family(&cpo_family);
}
