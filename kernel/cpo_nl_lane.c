// SPDX-License-Identifier: GPL-2.0
/*
 * cpo netlink: lane-set, on one lane or on several lanes of an engine as
 * one transaction.
 *
 * The whole request is checked first, with no bus I/O: every lane named
 * exists, its driver has the ops, no test holds it. Then, under the
 * engine's I/O lock, the lanes are set in index order and, when one change
 * fails, every change already made is undone, the last first, and the
 * lanes touched are read again. Lanes not named are never touched. A dry
 * run stops after the checks and replies with what would change.
 */
#include <linux/bitmap.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include "cpo_core.h"
#include "cpo_netlink.h"

/* Bytes of index-mask: one bit for each lane an engine may have. */
#define CPO_LANE_MASK_LEN	(CPO_MAX_LANES / BITS_PER_BYTE)

const struct nla_policy cpo_lane_set_policy[CPO_A_LANE_DRY_RUN + 1] = {
	[CPO_A_LANE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_INDEX] = { .type = NLA_U32 },
	[CPO_A_LANE_TX_ENABLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CPO_A_LANE_POWER] = NLA_POLICY_RANGE(NLA_U32, CPO_LANE_POWER_DOWN,
					      CPO_LANE_POWER_MAX),
	[CPO_A_LANE_RX_ENABLE] = NLA_POLICY_MAX(NLA_U8, 1),
	/* A maximum length, as NLA_POLICY_MAX_LEN(), which 6.1 lacks. */
	[CPO_A_LANE_INDEX_MASK] = { .type = NLA_BINARY,
				    .len = CPO_LANE_MASK_LEN },
	[CPO_A_LANE_DRY_RUN] = { .type = NLA_FLAG },
};

/* The settable lane attributes, applied in this order, undone backwards. */
static const struct {
	int attr;
	enum cpo_lane_field field;
} cpo_lane_setters[] = {
	{ CPO_A_LANE_TX_ENABLE, CPO_LANE_TX_ENABLE },
	{ CPO_A_LANE_RX_ENABLE, CPO_LANE_RX_ENABLE },
	{ CPO_A_LANE_POWER, CPO_LANE_POWER },
};

/* The policy gives tx-enable and rx-enable as u8, power as u32. */
static u32 cpo_nl_lane_field_get(const struct nlattr *nla,
				 enum cpo_lane_field field)
{
	return field == CPO_LANE_POWER ? nla_get_u32(nla) : nla_get_u8(nla);
}

/*
 * One lane of a request: its copy before the request, the setters the
 * copy says would change something, those whose op succeeded.
 */
struct cpo_lane_tx {
	struct cpo_lane *lane;
	struct cpo_lane_status old;
	unsigned long todo;
	unsigned long done;
};

/*
 * A request: the engine, referenced; the lane named by id or index,
 * referenced too, or the lanes of index-mask; each lane's part, in index
 * order once collected under the engine's I/O lock.
 */
struct cpo_lane_req {
	struct cpo_engine *engine;
	struct cpo_lane *single;
	DECLARE_BITMAP(mask, CPO_MAX_LANES);
	struct cpo_lane_tx *v;
	unsigned int n;
	bool dry_run;
};

/* The bitmap of index-mask: bit i of byte i / 8 is lane index i. */
static void cpo_nl_lane_mask_parse(const struct nlattr *nla,
				   unsigned long *mask)
{
	const u8 *b = nla_data(nla);
	unsigned int i;

	bitmap_zero(mask, CPO_MAX_LANES);
	for (i = 0; i < nla_len(nla) * BITS_PER_BYTE; i++)
		if (b[i / BITS_PER_BYTE] & BIT(i % BITS_PER_BYTE))
			__set_bit(i, mask);
}

/* The engine of an index-mask request, referenced, and its lanes' bits. */
static int cpo_nl_lane_mask_hold(struct genl_info *info,
				 struct cpo_lane_req *req)
{
	struct nlattr *nla = info->attrs[CPO_A_LANE_INDEX_MASK];
	struct nlattr **tb = info->attrs;
	struct cpo_engine *engine;
	u32 lane_count;

	if (tb[CPO_A_LANE_ID] || tb[CPO_A_LANE_INDEX]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "give index-mask or id/index, not both");
		return -EINVAL;
	}
	if (cpo_nl_attr_missing(info, CPO_A_LANE_ENGINE_ID,
				"missing attribute: engine-id"))
		return -EINVAL;
	cpo_nl_lane_mask_parse(nla, req->mask);
	if (bitmap_empty(req->mask, CPO_MAX_LANES)) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "index-mask names no lane");
		return -EINVAL;
	}

	mutex_lock(&cpo_lock);
	engine = cpo_nl_engine_lookup(info, CPO_A_LANE_ENGINE_ID);
	if (engine)
		get_device(&engine->dev);
	mutex_unlock(&cpo_lock);
	if (!engine)
		return -ENOENT;

	lane_count = engine->info.lane_count;
	if (find_next_bit(req->mask, CPO_MAX_LANES, lane_count) <
	    CPO_MAX_LANES) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "index-mask names a lane index beyond the engine's lane-count");
		put_device(&engine->dev);
		return -ENOENT;
	}
	req->engine = engine;
	req->n = bitmap_weight(req->mask, CPO_MAX_LANES);
	return 0;
}

static void cpo_nl_lane_req_put(struct cpo_lane_req *req)
{
	kvfree(req->v);
	if (req->single)
		cpo_nl_lane_put(req->single);
	else
		put_device(&req->engine->dev);
}

/*
 * The lanes named, in index order; the engine's I/O lock held, which
 * keeps them registered until it is dropped.
 */
static int cpo_nl_lane_collect(struct genl_info *info,
			       struct cpo_lane_req *req)
{
	struct cpo_lane *lane;
	unsigned int i = 0;
	unsigned long idx;
	int err = 0;

	req->v = kvcalloc(req->n, sizeof(*req->v), GFP_KERNEL);
	if (!req->v)
		return -ENOMEM;
	if (req->single) {
		if (!req->single->registered) {
			NL_SET_ERR_MSG(info->extack,
				       "the lane was unregistered");
			return -ENODEV;
		}
		req->v[0].lane = req->single;
		return 0;
	}
	mutex_lock(&cpo_lock);
	for_each_set_bit(idx, req->mask, CPO_MAX_LANES) {
		lane = cpo_lane_get_by_index(req->engine, idx);
		if (!lane) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[CPO_A_LANE_INDEX_MASK],
					    "index-mask names a lane the engine has not registered");
			err = -ENOENT;
			break;
		}
		req->v[i++].lane = lane;
	}
	mutex_unlock(&cpo_lock);
	return err;
}

/* Every check cpo_lane_set() makes, on every lane, before any bus I/O. */
static int cpo_nl_lane_validate(struct genl_info *info,
				struct cpo_lane_req *req)
{
	unsigned int i, j;
	int ret;

	for (i = 0; i < req->n; i++) {
		struct cpo_lane_tx *tx = &req->v[i];

		tx->old = tx->lane->st;
		for (j = 0; j < ARRAY_SIZE(cpo_lane_setters); j++) {
			struct nlattr *nla =
				info->attrs[cpo_lane_setters[j].attr];
			enum cpo_lane_field field = cpo_lane_setters[j].field;

			if (!nla)
				continue;
			ret = cpo_lane_set_check(tx->lane, field,
						 cpo_nl_lane_field_get(nla, field),
						 info->extack);
			if (ret < 0) {
				NL_SET_BAD_ATTR(info->extack, nla);
				return ret;
			}
			if (ret)
				__set_bit(j, &tx->todo);
		}
	}
	return 0;
}

/* Set what would change on one lane; stops at the first failure. */
static int cpo_nl_lane_apply(struct genl_info *info, struct cpo_lane_tx *tx)
{
	unsigned long j;
	int ret;

	for_each_set_bit(j, &tx->todo, ARRAY_SIZE(cpo_lane_setters)) {
		struct nlattr *nla = info->attrs[cpo_lane_setters[j].attr];
		enum cpo_lane_field field = cpo_lane_setters[j].field;

		ret = cpo_lane_set(tx->lane, field,
				   cpo_nl_lane_field_get(nla, field),
				   info->extack);
		if (ret < 0) {
			NL_SET_BAD_ATTR(info->extack, nla);
			return ret;
		}
		if (ret)
			__set_bit(j, &tx->done);
	}
	return 0;
}

/*
 * Put back what was set on one lane, the last setter first. The copy
 * still holds the old values, so cpo_lane_set() would take the undo for
 * a no-op: cpo_lane_undo() calls the ops directly.
 */
static void cpo_nl_lane_undo(struct cpo_lane_tx *tx)
{
	int j;

	for (j = ARRAY_SIZE(cpo_lane_setters) - 1; j >= 0; j--)
		if (test_bit(j, &tx->done))
			cpo_lane_undo(tx->lane, cpo_lane_setters[j].field,
				      &tx->old);
}

/*
 * Apply the request, all or nothing; the engine's I/O lock held. A lane
 * changed is read again and announced; after a failure, the lanes
 * touched are read again and announced only if they differ from before.
 */
static int cpo_nl_lane_commit(struct genl_info *info,
			      struct cpo_lane_req *req)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < req->n && !err; i++)
		err = cpo_nl_lane_apply(info, &req->v[i]);
	if (err)
		while (i--)
			cpo_nl_lane_undo(&req->v[i]);
	for (i = 0; i < req->n; i++)
		if (req->v[i].done)
			cpo_lane_reread(req->v[i].lane, !err);
	return err;
}

static bool cpo_lane_tx_changes(const struct cpo_lane_req *req,
				const struct cpo_lane_tx *tx)
{
	return req->dry_run ? tx->todo : tx->done;
}

/* Whether a lane the request changes serves port @ifindex. */
static bool cpo_nl_lane_port_hit(const struct cpo_lane_req *req,
				 int ifindex)
{
	unsigned int i;

	for (i = 0; i < req->n; i++)
		if (cpo_lane_tx_changes(req, &req->v[i]) &&
		    req->v[i].lane->ifindex == ifindex)
			return true;
	return false;
}

/*
 * The blast radius: the lanes changed and every lane, of any engine,
 * that serves a port one of them serves; then those ports, each once.
 * cpo_lock held.
 */
static int cpo_nl_lane_blast_fill(struct sk_buff *msg,
				  const struct cpo_lane_req *req,
				  const unsigned long *changed)
{
	struct cpo_lane *lane;
	unsigned long id;
	unsigned int i, k;
	struct nlattr *nest;

	nest = nla_nest_start(msg, CPO_A_LANE_BLAST_RADIUS);
	if (!nest)
		return -EMSGSIZE;
	xa_for_each(&cpo_lane_xa, id, lane) {
		if (!lane->registered)
			continue;
		if (!(lane->engine == req->engine &&
		      test_bit(lane->index, changed)) &&
		    !(lane->ifindex && cpo_nl_lane_port_hit(req, lane->ifindex)))
			continue;
		if (nla_put_u32(msg, CPO_A_BLAST_RADIUS_LANE_ID, lane->id))
			goto cancel;
	}
	for (i = 0; i < req->n; i++) {
		int ifindex = req->v[i].lane->ifindex;
		bool seen = false;

		if (!ifindex || !cpo_lane_tx_changes(req, &req->v[i]))
			continue;
		for (k = 0; k < i && !seen; k++)
			seen = cpo_lane_tx_changes(req, &req->v[k]) &&
			       req->v[k].lane->ifindex == ifindex;
		if (!seen &&
		    nla_put_u32(msg, CPO_A_BLAST_RADIUS_IFINDEX, ifindex))
			goto cancel;
	}
	nla_nest_end(msg, nest);
	return 0;

cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/*
 * The reply to an index-mask or dry-run request: the lanes changed, or
 * that would change, and the blast radius, into @msg, allocated before
 * anything changed. The engine's I/O lock held.
 */
static int cpo_nl_lane_set_reply(struct genl_info *info,
				 struct cpo_lane_req *req, struct sk_buff *msg)
{
	unsigned int bytes = DIV_ROUND_UP(req->engine->info.lane_count,
					  BITS_PER_BYTE);
	DECLARE_BITMAP(changed, CPO_MAX_LANES);
	u8 mask[CPO_LANE_MASK_LEN] = {};
	unsigned int i;
	void *hdr;
	int err;

	bitmap_zero(changed, CPO_MAX_LANES);
	for (i = 0; i < req->n; i++) {
		u32 idx = req->v[i].lane->index;

		if (!cpo_lane_tx_changes(req, &req->v[i]))
			continue;
		__set_bit(idx, changed);
		mask[idx / BITS_PER_BYTE] |= BIT(idx % BITS_PER_BYTE);
	}

	hdr = genlmsg_put_reply(msg, info, &cpo_family, 0, CPO_CMD_LANE_SET);
	if (!hdr)
		return -EMSGSIZE;
	mutex_lock(&cpo_lock);
	err = nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, req->engine->id) ||
	      nla_put(msg, CPO_A_LANE_INDEX_MASK, bytes, mask) ||
	      (req->dry_run && nla_put_flag(msg, CPO_A_LANE_DRY_RUN)) ?
	      -EMSGSIZE : cpo_nl_lane_blast_fill(msg, req, changed);
	mutex_unlock(&cpo_lock);
	if (!err)
		genlmsg_end(msg, hdr);
	return err;
}

int cpo_nl_lane_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cpo_lane_req req = {};
	struct sk_buff *msg = NULL;
	bool any = false;
	int i, err;

	for (i = 0; i < ARRAY_SIZE(cpo_lane_setters); i++)
		any |= !!info->attrs[cpo_lane_setters[i].attr];
	if (!any) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give tx-enable, rx-enable or power");
		return -EINVAL;
	}
	req.dry_run = nla_get_flag(info->attrs[CPO_A_LANE_DRY_RUN]);

	if (info->attrs[CPO_A_LANE_INDEX_MASK]) {
		err = cpo_nl_lane_mask_hold(info, &req);
		if (err)
			return err;
	} else {
		req.single = cpo_nl_lane_hold(info);
		if (IS_ERR(req.single))
			return PTR_ERR(req.single);
		req.engine = req.single->engine;
		req.n = 1;
	}
	/*
	 * The single-lane set without dry-run answers with an ack alone.
	 * The reply is allocated first: once lanes changed, nothing fails.
	 */
	if (req.dry_run || !req.single) {
		msg = genlmsg_new(GENLMSG_DEFAULT_SIZE * 4, GFP_KERNEL);
		if (!msg) {
			err = -ENOMEM;
			goto put;
		}
	}

	err = cpo_engine_lock_io(req.engine, info->extack);
	if (err)
		goto put;
	err = cpo_nl_lane_collect(info, &req);
	if (!err)
		err = cpo_nl_lane_validate(info, &req);
	if (!err && !req.dry_run)
		err = cpo_nl_lane_commit(info, &req);
	if (!err && msg)
		err = cpo_nl_lane_set_reply(info, &req, msg);
	cpo_io_unlock(&req.engine->io);
	if (!err && msg) {
		cpo_nl_lane_req_put(&req);
		return genlmsg_reply(msg, info);
	}
put:
	nlmsg_free(msg);
	cpo_nl_lane_req_put(&req);
	return err;
}
