// SPDX-License-Identifier: GPL-2.0
/*
 * cpo netlink: the service command and its notification (cpo_service.c
 * runs the steps). One fill serves the reply and service-ntf: the step,
 * its outcome, the state and the blast radius, the lanes of the engine
 * and the ports they serve.
 */
#include <linux/bitmap.h>
#include <net/genetlink.h>
#include "cpo_core.h"
#include "cpo_netlink.h"

const struct nla_policy cpo_service_policy[CPO_A_SERVICE_FORCE + 1] = {
	[CPO_A_SERVICE_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_SERVICE_LASER_ID] = { .type = NLA_U32 },
	[CPO_A_SERVICE_STEP] = NLA_POLICY_RANGE(NLA_U32, CPO_SERVICE_STEP_PREPARE,
						CPO_SERVICE_STEP_MAX),
	[CPO_A_SERVICE_FORCE] = { .type = NLA_FLAG },
};

/* Room for the fill: fixed attributes, and a lane id and an ifindex per lane. */
static size_t cpo_service_msg_size(struct cpo_engine *engine)
{
	return NLMSG_GOODSIZE + 2 * engine->info.lane_count * nla_total_size(4);
}

/* The blast radius: the engine's lanes and the ports they serve, each once. */
static int cpo_service_blast_fill(struct sk_buff *msg,
				  struct cpo_engine *engine)
{
	struct cpo_lane *lane, *other;
	unsigned long index, j;
	bool seen;

	xa_for_each(&engine->lanes, index, lane)
		if (lane->registered &&
		    nla_put_u32(msg, CPO_A_SERVICE_LANE_ID, lane->id))
			return -EMSGSIZE;
	xa_for_each(&engine->lanes, index, lane) {
		if (!lane->registered || !lane->ifindex)
			continue;
		seen = false;
		xa_for_each(&engine->lanes, j, other) {
			if (j >= index)
				break;
			if (other->registered && other->ifindex == lane->ifindex)
				seen = true;
		}
		if (!seen &&
		    nla_put_u32(msg, CPO_A_SERVICE_IFINDEX, lane->ifindex))
			return -EMSGSIZE;
	}
	return 0;
}

/* The service attributes of an engine, without a timestamp; cpo_lock held. */
static int cpo_service_fill(struct sk_buff *msg,
			    struct cpo_engine *engine)
{
	const struct cpo_service *svc = &engine->svc;

	lockdep_assert_held(&cpo_lock);
	if (nla_put_u32(msg, CPO_A_SERVICE_ENGINE_ID, engine->id) ||
	    nla_put_u32(msg, CPO_A_SERVICE_STATE,
			svc->state ?: CPO_SERVICE_STATE_NONE))
		return -EMSGSIZE;
	if (svc->step &&
	    (nla_put_u32(msg, CPO_A_SERVICE_STEP, svc->step) ||
	     nla_put_u8(msg, CPO_A_SERVICE_OK, svc->ok) ||
	     (!svc->ok && cpo_nla_put_str(msg, CPO_A_SERVICE_REASON,
					  svc->reason)) ||
	     cpo_nla_put_str(msg, CPO_A_SERVICE_NOTES, svc->notes)))
		return -EMSGSIZE;
	return cpo_service_blast_fill(msg, engine);
}

/**
 * cpo_service_engine_fill - the service attributes of an engine's get reply
 * @msg: the message
 * @engine: the engine
 *
 * Context: cpo_lock held.
 * Return: 0 or -EMSGSIZE.
 */
int cpo_service_engine_fill(struct sk_buff *msg,
			    struct cpo_engine *engine)
{
	if (nla_put_u32(msg, CPO_A_ENGINE_SERVICE_STATE,
			engine->svc.state ?: CPO_SERVICE_STATE_NONE) ||
	    cpo_nla_put_str(msg, CPO_A_ENGINE_FW_MIN_VERSION,
			    engine->svc.fw_min))
		return -EMSGSIZE;
	return 0;
}

/**
 * cpo_service_notify - announce the step that just ended on monitor
 * @engine: the engine
 *
 * Context: cpo_lock held.
 */
void cpo_service_notify(struct cpo_engine *engine)
{
	u64 seq = cpo_ntf_next_seq();
	struct sk_buff *msg;
	void *hdr;

	lockdep_assert_held(&cpo_lock);
	if (!genl_has_listeners(&cpo_family, &init_net, CPO_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(cpo_service_msg_size(engine), GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &cpo_family, 0, CPO_CMD_SERVICE_NTF);
	if (!hdr || cpo_service_fill(msg, engine) ||
	    nla_put_u64_64bit(msg, CPO_A_SERVICE_TIMESTAMP, engine->svc.at,
			      CPO_A_SERVICE_PAD) ||
	    nla_put_u64_64bit(msg, CPO_A_SERVICE_SEQ, seq, CPO_A_SERVICE_PAD)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&cpo_family, msg, 0, CPO_NLGRP_MONITOR, GFP_KERNEL);
}

/* The reply: the state after the step, and when the last step ended. */
static int cpo_nl_service_reply(struct genl_info *info,
				struct cpo_engine *engine)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(cpo_service_msg_size(engine), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cpo_family, 0, CPO_CMD_SERVICE);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_lock(&cpo_lock);
	err = cpo_service_fill(msg, engine);
	if (!err && engine->svc.at &&
	    nla_put_u64_64bit(msg, CPO_A_SERVICE_TIMESTAMP, engine->svc.at,
			      CPO_A_SERVICE_PAD))
		err = -EMSGSIZE;
	mutex_unlock(&cpo_lock);
	return cpo_nl_reply(info, msg, hdr, err);
}

int cpo_nl_service_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct cpo_engine *engine;
	bool force;
	u32 step;
	int err;

	if (cpo_nl_attr_missing(info, CPO_A_SERVICE_STEP,
				"missing attribute: step"))
		return -EINVAL;
	step = nla_get_u32(tb[CPO_A_SERVICE_STEP]);
	force = nla_get_flag(tb[CPO_A_SERVICE_FORCE]);
	if (tb[CPO_A_SERVICE_LASER_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[CPO_A_SERVICE_LASER_ID],
				    "the service of a laser module is not supported yet: give engine-id");
		return -EOPNOTSUPP;
	}
	if (cpo_nl_attr_missing(info, CPO_A_SERVICE_ENGINE_ID,
				"missing attribute: engine-id"))
		return -EINVAL;
	if (force && step != CPO_SERVICE_STEP_PREPARE) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[CPO_A_SERVICE_FORCE],
				    "force applies to prepare only");
		return -EINVAL;
	}

	mutex_lock(&cpo_lock);
	engine = cpo_nl_engine_lookup(info, CPO_A_SERVICE_ENGINE_ID);
	if (engine)
		get_device(&engine->dev);
	mutex_unlock(&cpo_lock);
	if (!engine)
		return -ENOENT;

	switch (step) {
	case CPO_SERVICE_STEP_PREPARE:
		err = cpo_engine_service_prepare(engine, force, info->extack);
		break;
	case CPO_SERVICE_STEP_VERIFY:
		err = cpo_engine_service_verify(engine, info->extack);
		break;
	default:
		err = 0;
		break;
	}
	if (!err)
		err = cpo_nl_service_reply(info, engine);
	put_device(&engine->dev);
	return err;
}
