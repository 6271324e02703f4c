// SPDX-License-Identifier: GPL-2.0
/*
 * cpo netlink: thresholds and alarms, of an engine or a lane (get, dump,
 * set, clear), and the alarm notification.
 */
#include <linux/slab.h>
#include <net/genetlink.h>
#include "cpo_core.h"
#include "cpo_netlink.h"

static const struct nla_policy cpo_threshold_nl_policy[CPO_A_THRESHOLD_LOW_WARNING + 1] = {
	[CPO_A_THRESHOLD_QUANTITY] =
		NLA_POLICY_RANGE(NLA_U32, CPO_QUANTITY_TEMPERATURE,
				 CPO_QUANTITY_THRESHOLD_MAX),
	[CPO_A_THRESHOLD_HIGH_ALARM] = { .type = NLA_S64 },
	[CPO_A_THRESHOLD_LOW_ALARM] = { .type = NLA_S64 },
	[CPO_A_THRESHOLD_HIGH_WARNING] = { .type = NLA_S64 },
	[CPO_A_THRESHOLD_LOW_WARNING] = { .type = NLA_S64 },
};

static const struct nla_policy cpo_alarm_nl_policy[CPO_A_ALARM_LEVEL + 1] = {
	[CPO_A_ALARM_QUANTITY] = NLA_POLICY_RANGE(NLA_U32,
						  CPO_QUANTITY_TEMPERATURE,
						  CPO_QUANTITY_MAX),
	[CPO_A_ALARM_LEVEL] = NLA_POLICY_RANGE(NLA_U32,
					       CPO_ALARM_LEVEL_HIGH_ALARM,
					       CPO_ALARM_LEVEL_MAX),
};

const struct nla_policy cpo_diag_get_policy[CPO_A_DIAG_LANE_ID + 1] = {
	[CPO_A_DIAG_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_DIAG_LANE_ID] = { .type = NLA_U32 },
};

const struct nla_policy cpo_threshold_set_policy[CPO_A_DIAG_THRESHOLD + 1] = {
	[CPO_A_DIAG_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_DIAG_LANE_ID] = { .type = NLA_U32 },
	[CPO_A_DIAG_THRESHOLD] = NLA_POLICY_NESTED(cpo_threshold_nl_policy),
};

const struct nla_policy cpo_alarm_clear_policy[CPO_A_DIAG_ALARM + 1] = {
	[CPO_A_DIAG_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_DIAG_LANE_ID] = { .type = NLA_U32 },
	[CPO_A_DIAG_ALARM] = NLA_POLICY_NESTED(cpo_alarm_nl_policy),
};

static const struct cpo_ntf_attrs cpo_diag_ntf_attrs = {
	CPO_A_DIAG_SEQ, CPO_A_DIAG_TIMESTAMP, CPO_A_DIAG_PAD
};

/* One alarm flag as an alarm nest; @alarms under cpo_lock. */
static int cpo_alarm_nest_put(struct sk_buff *msg, struct cpo_alarms *alarms,
			      unsigned int bit)
{
	struct cpo_alarm_rec *rec = cpo_alarm_rec(alarms, bit);
	struct nlattr *nest;
	u32 q, level;

	cpo_alarm_bit_split(bit, &q, &level);
	nest = nla_nest_start(msg, CPO_A_DIAG_ALARM);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, CPO_A_ALARM_QUANTITY, q) ||
	    nla_put_u32(msg, CPO_A_ALARM_LEVEL, level) ||
	    nla_put_u8(msg, CPO_A_ALARM_ACTIVE,
		       !!(alarms->active & BIT(bit))) ||
	    nla_put_u8(msg, CPO_A_ALARM_LATCHED,
		       !!(alarms->latched & BIT(bit))))
		goto cancel;
	if (rec &&
	    (nla_put_u32(msg, CPO_A_ALARM_COUNT, rec->count) ||
	     (rec->first_set &&
	      nla_put_u64_64bit(msg, CPO_A_ALARM_FIRST_SET, rec->first_set,
				CPO_A_ALARM_PAD)) ||
	     (rec->last_set &&
	      nla_put_u64_64bit(msg, CPO_A_ALARM_LAST_SET, rec->last_set,
				CPO_A_ALARM_PAD)) ||
	     (rec->last_clear &&
	      nla_put_u64_64bit(msg, CPO_A_ALARM_LAST_CLEAR, rec->last_clear,
				CPO_A_ALARM_PAD))))
		goto cancel;
	if (rec && level != CPO_ALARM_LEVEL_ASSERTED &&
	    (nla_put_s64(msg, CPO_A_ALARM_VALUE, rec->value, CPO_A_ALARM_PAD) ||
	     nla_put_s64(msg, CPO_A_ALARM_THRESHOLD, rec->threshold,
			 CPO_A_ALARM_PAD)))
		goto cancel;
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static int cpo_diag_put_ids(struct sk_buff *msg, struct cpo_engine *engine,
			    struct cpo_lane *lane)
{
	if (nla_put_u32(msg, CPO_A_DIAG_ENGINE_ID, engine->id) ||
	    (lane && nla_put_u32(msg, CPO_A_DIAG_LANE_ID, lane->id)))
		return -EMSGSIZE;
	return 0;
}

struct cpo_alarm_ntf {
	struct cpo_engine *engine;
	struct cpo_lane *lane;
	unsigned int bit;
};

static int cpo_alarm_ntf_fill(struct sk_buff *msg, void *obj,
			      struct netlink_ext_ack *extack)
{
	struct cpo_alarm_ntf *ntf = obj;

	if (cpo_diag_put_ids(msg, ntf->engine, ntf->lane))
		return -EMSGSIZE;
	return cpo_alarm_nest_put(msg, ntf->lane ? &ntf->lane->alarms :
						   &ntf->engine->alarms,
				  ntf->bit);
}

/**
 * cpo_alarm_notify - announce that an alarm flag changed
 * @engine: the engine, or the lane's engine
 * @lane: the lane, or NULL for the engine's own flag
 * @bit: the flag, already updated
 * @active: its new state
 * @value: the value evaluated
 * @threshold: the threshold it was compared with
 * @seq: the message's sequence number
 *
 * The nest carries the flag's state and history; @active, @value and
 * @threshold are in it already.
 */
void cpo_alarm_notify(struct cpo_engine *engine, struct cpo_lane *lane,
		      unsigned int bit, bool active, s64 value, s64 threshold,
		      u64 *seq)
{
	struct cpo_alarm_ntf ntf = { engine, lane, bit };

	*seq = cpo_notify(CPO_CMD_ALARM_NTF, cpo_alarm_ntf_fill, &ntf,
			  &cpo_diag_ntf_attrs);
}

/*
 * Thresholds and alarms: an engine is named by engine-id, a lane by
 * lane-id (with engine-id, they must agree).
 */
static int cpo_nl_diag_lookup(struct genl_info *info,
			      struct cpo_engine **engine,
			      struct cpo_lane **lane)
{
	struct nlattr *eattr = info->attrs[CPO_A_DIAG_ENGINE_ID];
	struct nlattr *lattr = info->attrs[CPO_A_DIAG_LANE_ID];

	*engine = NULL;
	*lane = NULL;
	if (!eattr && !lattr) {
		NL_SET_ERR_MSG(info->extack,
			       "missing attribute: engine-id or lane-id");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, CPO_A_DIAG_ENGINE_ID);
		return -EINVAL;
	}
	if (lattr) {
		*lane = cpo_lane_get_by_id(nla_get_u32(lattr));
		if (!*lane) {
			NL_SET_ERR_MSG_ATTR(info->extack, lattr,
					    "unknown lane id");
			return -ENOENT;
		}
		*engine = (*lane)->engine;
		if (eattr && nla_get_u32(eattr) != (*engine)->id) {
			NL_SET_ERR_MSG_ATTR(info->extack, eattr,
					    "the lane is not on this engine");
			return -EINVAL;
		}
		return 0;
	}
	*engine = cpo_engine_get_by_id(nla_get_u32(eattr));
	if (!*engine) {
		NL_SET_ERR_MSG_ATTR(info->extack, eattr, "unknown engine id");
		return -ENOENT;
	}
	return 0;
}

static int cpo_threshold_nest_put(struct sk_buff *msg,
				  const struct cpo_thresholds *th, u32 q)
{
	const struct cpo_threshold *t = &th->t[q];
	struct nlattr *nest;

	nest = nla_nest_start(msg, CPO_A_DIAG_THRESHOLD);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, CPO_A_THRESHOLD_QUANTITY, q) ||
	    nla_put_s64(msg, CPO_A_THRESHOLD_HIGH_ALARM, t->high_alarm,
			CPO_A_THRESHOLD_PAD) ||
	    nla_put_s64(msg, CPO_A_THRESHOLD_LOW_ALARM, t->low_alarm,
			CPO_A_THRESHOLD_PAD) ||
	    nla_put_s64(msg, CPO_A_THRESHOLD_HIGH_WARNING, t->high_warning,
			CPO_A_THRESHOLD_PAD) ||
	    nla_put_s64(msg, CPO_A_THRESHOLD_LOW_WARNING, t->low_warning,
			CPO_A_THRESHOLD_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * An engine's thresholds: its own quantities and its lanes' defaults; a
 * lane's: the lane quantities it uses, its own or its engine's.
 */
static int cpo_threshold_fill(struct sk_buff *msg, struct cpo_engine *engine,
			      struct cpo_lane *lane)
{
	const struct cpo_thresholds *th = lane ? cpo_lane_thresholds(lane) :
						 &engine->th;
	u32 q;

	if (cpo_diag_put_ids(msg, engine, lane))
		return -EMSGSIZE;
	for (q = CPO_QUANTITY_TEMPERATURE; q <= CPO_QUANTITY_THRESHOLD_MAX; q++) {
		if (!(th->valid & BIT(q)) || (lane && cpo_quantity_is_engine(q)))
			continue;
		if (cpo_threshold_nest_put(msg, th, q))
			return -EMSGSIZE;
	}
	return 0;
}

/* Every flag that is active, latched or has a history; -ENOENT if none. */
static int cpo_alarm_fill(struct sk_buff *msg, struct cpo_engine *engine,
			  struct cpo_lane *lane, bool skip_empty)
{
	struct cpo_alarms *alarms = lane ? &lane->alarms : &engine->alarms;
	unsigned int bit;

	if (skip_empty && !alarms->active && !alarms->latched &&
	    list_empty(&alarms->recs))
		return -ENOENT;
	if (cpo_diag_put_ids(msg, engine, lane))
		return -EMSGSIZE;
	for (bit = 0; bit < CPO_ALARM_BITS; bit++) {
		if (!(alarms->active & BIT(bit)) &&
		    !(alarms->latched & BIT(bit)) && !cpo_alarm_rec(alarms, bit))
			continue;
		if (cpo_alarm_nest_put(msg, alarms, bit))
			return -EMSGSIZE;
	}
	return 0;
}

typedef int (*cpo_diag_fill_fn)(struct sk_buff *msg,
				struct cpo_engine *engine,
				struct cpo_lane *lane, bool dump);

static int cpo_threshold_fill_diag(struct sk_buff *msg,
				   struct cpo_engine *engine,
				   struct cpo_lane *lane, bool dump)
{
	return cpo_threshold_fill(msg, engine, lane);
}

static int cpo_alarm_fill_diag(struct sk_buff *msg, struct cpo_engine *engine,
			       struct cpo_lane *lane, bool dump)
{
	return cpo_alarm_fill(msg, engine, lane, dump);
}

static int cpo_nl_diag_get_doit(struct genl_info *info, u8 cmd,
				cpo_diag_fill_fn fill)
{
	struct cpo_engine *engine;
	struct cpo_lane *lane;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cpo_family, 0, cmd);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_lock(&cpo_lock);
	err = cpo_nl_diag_lookup(info, &engine, &lane);
	if (!err)
		err = fill(msg, engine, lane, false);
	mutex_unlock(&cpo_lock);
	return cpo_nl_reply(info, msg, hdr, err);
}

/* Engines, then lanes, each resumed where the last call stopped. */
static int cpo_nl_diag_dumpit(struct sk_buff *skb, struct netlink_callback *cb,
			      u8 cmd, cpo_diag_fill_fn fill)
{
	struct cpo_dump_ctx *ctx = cpo_dump_ctx(cb);
	struct cpo_engine *engine;
	struct cpo_lane *lane;
	struct xarray *xa;
	unsigned long idx;
	void *obj, *hdr;
	int err = 0;

	mutex_lock(&cpo_lock);
	cb->seq = cpo_generation;
	for (;;) {
		xa = ctx->lanes ? &cpo_lane_xa : &cpo_engine_xa;
		xa_for_each_start(xa, idx, obj, ctx->idx) {
			lane = ctx->lanes ? obj : NULL;
			engine = lane ? lane->engine : obj;
			if ((lane && !lane->registered) ||
			    (!lane && !engine->registered))
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &cpo_family,
					  NLM_F_MULTI, cmd);
			if (!hdr)
				goto stop;
			genl_dump_check_consistent(cb, hdr);
			err = fill(skb, engine, lane, true);
			if (err == -ENOENT) {
				genlmsg_cancel(skb, hdr);
				err = 0;
				continue;
			}
			if (err) {
				genlmsg_cancel(skb, hdr);
				goto stop;
			}
			genlmsg_end(skb, hdr);
		}
		if (ctx->lanes)
			break;
		ctx->lanes = true;
		ctx->idx = 0;
	}
	mutex_unlock(&cpo_lock);
	return 0;

stop:
	ctx->idx = idx;
	mutex_unlock(&cpo_lock);
	return err && err != -EMSGSIZE ? err : skb->len;
}

int cpo_nl_threshold_get_doit(struct sk_buff *skb,
			      struct genl_info *info)
{
	return cpo_nl_diag_get_doit(info, CPO_CMD_THRESHOLD_GET,
				    cpo_threshold_fill_diag);
}

int cpo_nl_threshold_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	return cpo_nl_diag_dumpit(skb, cb, CPO_CMD_THRESHOLD_GET,
				  cpo_threshold_fill_diag);
}

int cpo_nl_alarm_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpo_nl_diag_get_doit(info, CPO_CMD_ALARM_GET,
				    cpo_alarm_fill_diag);
}

int cpo_nl_alarm_get_dumpit(struct sk_buff *skb,
			    struct netlink_callback *cb)
{
	return cpo_nl_diag_dumpit(skb, cb, CPO_CMD_ALARM_GET,
				  cpo_alarm_fill_diag);
}

/*
 * Apply one threshold nest to @th, a scratch copy. Levels not given keep
 * their value; for a quantity without thresholds yet, a missing warning
 * follows its alarm and the rest never trip.
 */
static int cpo_threshold_parse(struct nlattr *nest, struct cpo_thresholds *th,
			       bool lane, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CPO_A_THRESHOLD_LOW_WARNING + 1];
	struct cpo_threshold *t;
	int err, bad;
	u32 q;

	err = nla_parse_nested(tb, CPO_A_THRESHOLD_LOW_WARNING, nest,
			       cpo_threshold_nl_policy, extack);
	if (err)
		return err;
	if (!tb[CPO_A_THRESHOLD_QUANTITY]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "missing attribute: threshold.quantity");
		return -EINVAL;
	}
	q = nla_get_u32(tb[CPO_A_THRESHOLD_QUANTITY]);
	if (lane && cpo_quantity_is_engine(q)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[CPO_A_THRESHOLD_QUANTITY],
				    "an engine quantity: give engine-id, not lane-id");
		return -EINVAL;
	}
	if (!tb[CPO_A_THRESHOLD_HIGH_ALARM] && !tb[CPO_A_THRESHOLD_LOW_ALARM] &&
	    !tb[CPO_A_THRESHOLD_HIGH_WARNING] &&
	    !tb[CPO_A_THRESHOLD_LOW_WARNING]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "nothing to set: give a threshold level");
		return -EINVAL;
	}
	t = &th->t[q];
	if (!(th->valid & BIT(q))) {
		t->high_alarm = S64_MAX;
		t->low_alarm = S64_MIN;
		t->high_warning = tb[CPO_A_THRESHOLD_HIGH_ALARM] ?
			nla_get_s64(tb[CPO_A_THRESHOLD_HIGH_ALARM]) : S64_MAX;
		t->low_warning = tb[CPO_A_THRESHOLD_LOW_ALARM] ?
			nla_get_s64(tb[CPO_A_THRESHOLD_LOW_ALARM]) : S64_MIN;
	}
	if (tb[CPO_A_THRESHOLD_HIGH_ALARM])
		t->high_alarm = nla_get_s64(tb[CPO_A_THRESHOLD_HIGH_ALARM]);
	if (tb[CPO_A_THRESHOLD_LOW_ALARM])
		t->low_alarm = nla_get_s64(tb[CPO_A_THRESHOLD_LOW_ALARM]);
	if (tb[CPO_A_THRESHOLD_HIGH_WARNING])
		t->high_warning = nla_get_s64(tb[CPO_A_THRESHOLD_HIGH_WARNING]);
	if (tb[CPO_A_THRESHOLD_LOW_WARNING])
		t->low_warning = nla_get_s64(tb[CPO_A_THRESHOLD_LOW_WARNING]);

	/* Point at what the request gave, of the two levels in conflict. */
	bad = cpo_threshold_check(t);
	switch (bad) {
	case 0:
		th->valid |= BIT(q);
		return 0;
	case CPO_ALARM_LEVEL_LOW_WARNING:
		NL_SET_ERR_MSG_ATTR(extack,
				    tb[CPO_A_THRESHOLD_LOW_WARNING] ?:
				    tb[CPO_A_THRESHOLD_LOW_ALARM],
				    "low-warning is below low-alarm");
		break;
	case CPO_ALARM_LEVEL_HIGH_WARNING:
		NL_SET_ERR_MSG_ATTR(extack,
				    tb[CPO_A_THRESHOLD_HIGH_WARNING] ?:
				    tb[CPO_A_THRESHOLD_LOW_WARNING],
				    "high-warning is not above low-warning");
		break;
	default:
		NL_SET_ERR_MSG_ATTR(extack,
				    tb[CPO_A_THRESHOLD_HIGH_ALARM] ?:
				    tb[CPO_A_THRESHOLD_HIGH_WARNING],
				    "high-alarm is below high-warning");
		break;
	}
	return -EINVAL;
}

int cpo_nl_threshold_set_doit(struct sk_buff *skb,
			      struct genl_info *info)
{
	struct cpo_thresholds *th, *scratch;
	struct cpo_engine *engine;
	struct cpo_lane *lane;
	unsigned long index;
	struct nlattr *nest;
	int err, rem;

	if (!info->attrs[CPO_A_DIAG_THRESHOLD]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give a threshold nest");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, CPO_A_DIAG_THRESHOLD);
		return -EINVAL;
	}
	scratch = kmalloc(sizeof(*scratch), GFP_KERNEL);
	if (!scratch)
		return -ENOMEM;

	mutex_lock(&cpo_lock);
	err = cpo_nl_diag_lookup(info, &engine, &lane);
	if (err)
		goto unlock;
	*scratch = *(lane ? cpo_lane_thresholds(lane) : &engine->th);
	nlmsg_for_each_attr(nest, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nest) != CPO_A_DIAG_THRESHOLD)
			continue;
		err = cpo_threshold_parse(nest, scratch, lane, info->extack);
		if (err)
			goto unlock;
	}
	/* All valid: apply, then re-evaluate what they apply to. */
	if (lane) {
		th = lane->th;
		if (!th) {
			lane->th = scratch;
			scratch = NULL;
		} else {
			*th = *scratch;
		}
		cpo_lane_evaluate(lane);
	} else {
		engine->th = *scratch;
		cpo_engine_evaluate(engine);
		xa_for_each(&engine->lanes, index, lane)
			if (lane->registered && !lane->th)
				cpo_lane_evaluate(lane);
	}
unlock:
	mutex_unlock(&cpo_lock);
	kfree(scratch);
	return err;
}

int cpo_nl_alarm_clear_doit(struct sk_buff *skb,
			    struct genl_info *info)
{
	struct nlattr *nest = info->attrs[CPO_A_DIAG_ALARM];
	struct nlattr *tb[CPO_A_ALARM_LEVEL + 1];
	struct cpo_engine *engine;
	struct cpo_lane *lane;
	u32 mask = U32_MAX;
	unsigned int bit;
	u32 q, level;
	int err;

	if (nest) {
		err = nla_parse_nested(tb, CPO_A_ALARM_LEVEL, nest,
				       cpo_alarm_nl_policy, info->extack);
		if (err)
			return err;
		if (!tb[CPO_A_ALARM_QUANTITY]) {
			NL_SET_ERR_MSG_ATTR(info->extack, nest,
					    "missing attribute: alarm.quantity");
			return -EINVAL;
		}
		q = nla_get_u32(tb[CPO_A_ALARM_QUANTITY]);
		mask = 0;
		for (bit = 0; bit < CPO_ALARM_BITS; bit++) {
			u32 bq;

			cpo_alarm_bit_split(bit, &bq, &level);
			if (bq == q && (!tb[CPO_A_ALARM_LEVEL] ||
					nla_get_u32(tb[CPO_A_ALARM_LEVEL]) == level))
				mask |= BIT(bit);
		}
		if (!mask) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[CPO_A_ALARM_LEVEL],
					    "this quantity has no such level");
			return -EINVAL;
		}
	}

	mutex_lock(&cpo_lock);
	err = cpo_nl_diag_lookup(info, &engine, &lane);
	if (!err && nest) {
		q = nla_get_u32(tb[CPO_A_ALARM_QUANTITY]);
		if (lane && cpo_quantity_is_engine(q)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[CPO_A_ALARM_QUANTITY],
					    "an engine quantity: give engine-id, not lane-id");
			err = -EINVAL;
		} else if (!lane && !cpo_quantity_is_engine(q)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[CPO_A_ALARM_QUANTITY],
					    "a lane quantity: give lane-id");
			err = -EINVAL;
		}
	}
	if (!err)
		cpo_alarms_clear(lane ? &lane->alarms : &engine->alarms, mask);
	mutex_unlock(&cpo_lock);
	return err;
}

/* Statistics: an engine with its lanes, or one lane. */
int cpo_nl_stats_clear_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cpo_engine *engine;
	struct cpo_lane *lane;
	int err;

	mutex_lock(&cpo_lock);
	err = cpo_nl_diag_lookup(info, &engine, &lane);
	if (!err) {
		if (lane)
			cpo_lane_stats_clear(lane);
		else
			cpo_engine_stats_clear(engine);
	}
	mutex_unlock(&cpo_lock);
	return err;
}
