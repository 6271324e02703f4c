// SPDX-License-Identifier: GPL-2.0
/*
 * cpo netlink: the service command and its notification (cpo_service.c
 * and cpo_service_laser.c run the steps). One fill serves the reply and
 * service-ntf: the step, its outcome, the state and the blast radius, the
 * lanes of the engine, or those the laser module feeds, and the ports
 * they serve.
 */
#include <linux/slab.h>
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

/* The state and the last step's outcome, and its time with @at. */
static int cpo_service_outcome_fill(struct sk_buff *msg,
				    const struct cpo_service *svc, bool at)
{
	if (nla_put_u32(msg, CPO_A_SERVICE_STATE,
			svc->state ?: CPO_SERVICE_STATE_NONE))
		return -EMSGSIZE;
	if (svc->step &&
	    (nla_put_u32(msg, CPO_A_SERVICE_STEP, svc->step) ||
	     nla_put_u8(msg, CPO_A_SERVICE_OK, svc->ok) ||
	     (!svc->ok && cpo_nla_put_str(msg, CPO_A_SERVICE_REASON,
					  svc->reason)) ||
	     cpo_nla_put_str(msg, CPO_A_SERVICE_NOTES, svc->notes) ||
	     (at && nla_put_u64_64bit(msg, CPO_A_SERVICE_TIMESTAMP, svc->at,
				      CPO_A_SERVICE_PAD))))
		return -EMSGSIZE;
	return 0;
}

/* The service attributes of an engine; cpo_lock held. */
static int cpo_service_fill(struct sk_buff *msg, struct cpo_engine *engine,
			    bool at)
{
	lockdep_assert_held(&cpo_lock);
	if (nla_put_u32(msg, CPO_A_SERVICE_ENGINE_ID, engine->id) ||
	    cpo_service_outcome_fill(msg, &engine->svc, at))
		return -EMSGSIZE;
	return cpo_service_blast_fill(msg, engine);
}

/* Whether @lane is fed by a laser of @laser's module; cpo_lock held. */
static bool cpo_service_lane_fed(const struct cpo_lane *lane,
				 const struct cpo_laser *laser)
{
	return lane->registered && lane->laser &&
	       cpo_laser_same_module(lane->laser, laser);
}

/* The lanes a laser module feeds and their ports, each once. */
static int cpo_service_laser_blast_fill(struct sk_buff *msg,
					struct cpo_laser *laser)
{
	struct cpo_lane *lane;
	unsigned int i, n = 0;
	unsigned long id;
	int *ports;
	int err = 0;

	xa_for_each(&cpo_lane_xa, id, lane)
		n += cpo_service_lane_fed(lane, laser);
	ports = kcalloc(max(n, 1U), sizeof(*ports), GFP_KERNEL);
	if (!ports)
		return -ENOMEM;
	n = 0;
	xa_for_each(&cpo_lane_xa, id, lane) {
		if (!cpo_service_lane_fed(lane, laser))
			continue;
		if (nla_put_u32(msg, CPO_A_SERVICE_LANE_ID, lane->id)) {
			err = -EMSGSIZE;
			goto out;
		}
		for (i = 0; i < n && ports[i] != lane->ifindex; i++)
			;
		if (lane->ifindex && i == n)
			ports[n++] = lane->ifindex;
	}
	for (i = 0; i < n; i++)
		if (nla_put_u32(msg, CPO_A_SERVICE_IFINDEX, ports[i])) {
			err = -EMSGSIZE;
			goto out;
		}
	/* The lanes standbys feed for the module's lasers (cpo_standby.c). */
	xa_for_each(&cpo_lane_xa, id, lane)
		if (lane->registered && lane->home &&
		    cpo_laser_same_module(lane->home, laser) &&
		    nla_put_u32(msg, CPO_A_SERVICE_MOVED_LANE_ID, lane->id)) {
			err = -EMSGSIZE;
			break;
		}
out:
	kfree(ports);
	return err;
}

/* The service attributes of a laser module; cpo_lock held. */
static int cpo_service_laser_fill(struct sk_buff *msg,
				  struct cpo_laser *laser, bool at)
{
	lockdep_assert_held(&cpo_lock);
	if (nla_put_u32(msg, CPO_A_SERVICE_LASER_ID, laser->id) ||
	    cpo_service_outcome_fill(msg, &laser->svc, at))
		return -EMSGSIZE;
	return cpo_service_laser_blast_fill(msg, laser);
}

/* Room for a reply about a laser module: a lane id and an ifindex per lane. */
static size_t cpo_service_laser_msg_size(struct cpo_laser *laser)
{
	struct cpo_lane *lane;
	unsigned long id;
	size_t n = 0;

	xa_for_each(&cpo_lane_xa, id, lane)
		n += cpo_service_lane_fed(lane, laser) || lane->home;
	return NLMSG_GOODSIZE + 2 * n * nla_total_size(4);
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
			    engine->svc_fw_min))
		return -EMSGSIZE;
	return 0;
}

/* What a service request or event is about: an engine or a laser module. */
struct cpo_service_target {
	struct cpo_engine *engine;
	struct cpo_laser *laser;
};

static size_t cpo_service_target_size(const struct cpo_service_target *t)
{
	return t->engine ? cpo_service_msg_size(t->engine) :
			   cpo_service_laser_msg_size(t->laser);
}

static int cpo_service_target_fill(struct sk_buff *msg,
				   const struct cpo_service_target *t)
{
	return t->engine ? cpo_service_fill(msg, t->engine, true) :
			   cpo_service_laser_fill(msg, t->laser, true);
}

/* Announce the step that just ended on monitor; cpo_lock held. */
static void cpo_service_target_notify(const struct cpo_service_target *t)
{
	u64 seq = cpo_ntf_next_seq();
	struct sk_buff *msg;
	void *hdr;

	lockdep_assert_held(&cpo_lock);
	if (!genl_has_listeners(&cpo_family, &init_net, CPO_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(cpo_service_target_size(t), GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &cpo_family, 0, CPO_CMD_SERVICE_NTF);
	if (!hdr || cpo_service_target_fill(msg, t) ||
	    nla_put_u64_64bit(msg, CPO_A_SERVICE_SEQ, seq, CPO_A_SERVICE_PAD)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&cpo_family, msg, 0, CPO_NLGRP_MONITOR, GFP_KERNEL);
}

/**
 * cpo_service_notify - announce an engine's service step on monitor
 * @engine: the engine
 *
 * Context: cpo_lock held.
 */
void cpo_service_notify(struct cpo_engine *engine)
{
	struct cpo_service_target t = { .engine = engine };

	cpo_service_target_notify(&t);
}

/**
 * cpo_service_laser_notify - announce a laser module's step on monitor
 * @laser: the laser of the module the request named
 *
 * Context: cpo_lock held.
 */
void cpo_service_laser_notify(struct cpo_laser *laser)
{
	struct cpo_service_target t = { .laser = laser };

	cpo_service_target_notify(&t);
}

/* The reply: the state after the step, and when the last step ended. */
static int cpo_nl_service_reply(struct genl_info *info,
				const struct cpo_service_target *t)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	mutex_lock(&cpo_lock);
	msg = genlmsg_new(cpo_service_target_size(t), GFP_KERNEL);
	mutex_unlock(&cpo_lock);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cpo_family, 0, CPO_CMD_SERVICE);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_lock(&cpo_lock);
	err = cpo_service_target_fill(msg, t);
	mutex_unlock(&cpo_lock);
	return cpo_nl_reply(info, msg, hdr, err);
}

/* The engine or laser named, referenced. */
static int cpo_nl_service_target(struct genl_info *info,
				 struct cpo_service_target *t)
{
	struct nlattr **tb = info->attrs;

	if (tb[CPO_A_SERVICE_ENGINE_ID] && tb[CPO_A_SERVICE_LASER_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[CPO_A_SERVICE_LASER_ID],
				    "give engine-id or laser-id, not both");
		return -EINVAL;
	}
	if (!tb[CPO_A_SERVICE_ENGINE_ID] && !tb[CPO_A_SERVICE_LASER_ID]) {
		NL_SET_ERR_MSG(info->extack,
			       "missing attribute: engine-id or laser-id");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL,
				     CPO_A_SERVICE_ENGINE_ID);
		return -EINVAL;
	}
	mutex_lock(&cpo_lock);
	if (tb[CPO_A_SERVICE_ENGINE_ID]) {
		t->engine = cpo_nl_engine_lookup(info, CPO_A_SERVICE_ENGINE_ID);
		if (t->engine)
			get_device(&t->engine->dev);
	} else {
		t->laser = cpo_laser_get_by_id(nla_get_u32(tb[CPO_A_SERVICE_LASER_ID]));
		if (t->laser && t->laser->registered)
			get_device(&t->laser->dev);
		else
			t->laser = NULL;
		if (!t->laser)
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[CPO_A_SERVICE_LASER_ID],
					    "unknown laser id");
	}
	mutex_unlock(&cpo_lock);
	return t->engine || t->laser ? 0 : -ENOENT;
}

int cpo_nl_service_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct cpo_service_target t = {};
	bool force;
	u32 step;
	int err;

	if (cpo_nl_attr_missing(info, CPO_A_SERVICE_STEP,
				"missing attribute: step"))
		return -EINVAL;
	step = nla_get_u32(tb[CPO_A_SERVICE_STEP]);
	force = nla_get_flag(tb[CPO_A_SERVICE_FORCE]);
	if (force && step != CPO_SERVICE_STEP_PREPARE) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[CPO_A_SERVICE_FORCE],
				    "force applies to prepare only");
		return -EINVAL;
	}
	err = cpo_nl_service_target(info, &t);
	if (err)
		return err;

	switch (step) {
	case CPO_SERVICE_STEP_PREPARE:
		err = t.engine ?
		      cpo_engine_service_prepare(t.engine, force, info->extack) :
		      cpo_laser_service_prepare(t.laser, force, info->extack);
		break;
	case CPO_SERVICE_STEP_VERIFY:
		err = t.engine ?
		      cpo_engine_service_verify(t.engine, info->extack) :
		      cpo_laser_service_verify(t.laser, info->extack);
		break;
	default:
		err = 0;
		break;
	}
	if (!err)
		err = cpo_nl_service_reply(info, &t);
	put_device(t.engine ? &t.engine->dev : &t.laser->dev);
	return err;
}
