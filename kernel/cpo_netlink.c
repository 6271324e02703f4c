// SPDX-License-Identifier: GPL-2.0
/*
 * cpo generic netlink front end: policies, get/set handlers, dumps and
 * notifications. One fill function per object builds the get reply, each
 * dump entry and every notification, so the three never differ.
 *
 * This file holds the family, its operations and multicast group, the
 * helpers the message files share (cpo_netlink.h), and the engine and
 * lane messages; lane-set is in cpo_nl_lane.c, lasers and topology in
 * cpo_nl_laser.c, thresholds and alarms in cpo_nl_diag.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include "cpo_compat.h"
#include "cpo_core.h"
#include "cpo_netlink.h"

/* Policies: one per request, as the spec's request attribute lists. */
static const struct nla_policy cpo_engine_get_policy[CPO_A_ENGINE_WITH_STATS + 1] = {
	[CPO_A_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_ENGINE_WITH_STATS] = { .type = NLA_FLAG },
};

/* Not const: 6.1's NLA_POLICY_FULL_RANGE() takes a plain pointer. */
static struct netlink_range_validation cpo_refresh_interval_range = {
	.max = CPO_REFRESH_MAX_MS,
};

static const struct nla_policy cpo_engine_set_policy[CPO_A_ENGINE_FW_MIN_VERSION + 1] = {
	[CPO_A_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_ENGINE_POWER_MODE] = NLA_POLICY_RANGE(NLA_U32, CPO_POWER_MODE_LOW,
						     CPO_POWER_MODE_MAX),
	[CPO_A_ENGINE_REFRESH_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cpo_refresh_interval_range),
	[CPO_A_ENGINE_FW_MIN_VERSION] = { .type = NLA_NUL_STRING, .len = 7 },
};

static const struct nla_policy cpo_lane_get_policy[CPO_A_LANE_WITH_STATS + 1] = {
	[CPO_A_LANE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_INDEX] = { .type = NLA_U32 },
	[CPO_A_LANE_WITH_STATS] = { .type = NLA_FLAG },
};

struct cpo_dump_ctx *cpo_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct cpo_dump_ctx) > sizeof(cb->ctx));
	return (struct cpo_dump_ctx *)cb->ctx;
}

int cpo_nla_put_str(struct sk_buff *msg, int attr, const char *s)
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
	    cpo_nla_put_str(msg, CPO_A_ENGINE_FW_INACTIVE, info->fw_inactive) ||
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
				     struct cpo_engine *engine,
				     const struct cpo_engine_status *st)
{
	bool fault = (st->valid & CPO_ENGINE_F_MODULE_STATE) &&
		     st->module_state == CPO_MODULE_STATE_FAULT;
	u32 epb;

	if ((fault && (st->valid & CPO_ENGINE_F_FAULT_CAUSE) &&
	     nla_put_u32(msg, CPO_A_ENGINE_FAULT_CAUSE, st->fault_cause)) ||
	    ((st->valid & CPO_ENGINE_F_POWER_DRAW) &&
	     nla_put_u32(msg, CPO_A_ENGINE_POWER_DRAW, st->power_draw)) ||
	    (cpo_engine_energy_per_bit(engine, st, &epb) &&
	     nla_put_u32(msg, CPO_A_ENGINE_ENERGY_PER_BIT, epb)))
		return -EMSGSIZE;
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

/* The refresh and the transport's health. */
static int cpo_engine_msg_add_io(struct sk_buff *msg,
				 struct cpo_engine *engine)
{
	const struct cpo_io *io = &engine->io;
	struct cpo_bus_stats bs = {};

	if ((io->refreshed &&
	     (nla_put_u64_64bit(msg, CPO_A_ENGINE_REFRESHED, io->refreshed,
				CPO_A_ENGINE_PAD) ||
	      nla_put_u64_64bit(msg, CPO_A_ENGINE_REFRESH_DURATION,
				io->duration_ns, CPO_A_ENGINE_PAD))) ||
	    nla_put_u32(msg, CPO_A_ENGINE_REFRESH_INTERVAL, io->interval_ms) ||
	    (io->unreachable && nla_put_flag(msg, CPO_A_ENGINE_UNREACHABLE)) ||
	    (io->flashing && nla_put_flag(msg, CPO_A_ENGINE_STALE)))
		return -EMSGSIZE;
	if (!cpo_engine_bus_stats(engine, &bs))
		return 0;
	if (nla_put_u64_64bit(msg, CPO_A_ENGINE_BUS_TRANSACTIONS,
			      bs.transactions, CPO_A_ENGINE_PAD) ||
	    nla_put_u64_64bit(msg, CPO_A_ENGINE_BUS_BYTES, bs.bytes,
			      CPO_A_ENGINE_PAD) ||
	    nla_put_u64_64bit(msg, CPO_A_ENGINE_BUS_ERRORS, bs.errors,
			      CPO_A_ENGINE_PAD) ||
	    nla_put_u64_64bit(msg, CPO_A_ENGINE_BUS_RETRIES, bs.retries,
			      CPO_A_ENGINE_PAD) ||
	    nla_put_u64_64bit(msg, CPO_A_ENGINE_BUS_BUSY_TIME, bs.busy_ns,
			      CPO_A_ENGINE_PAD) ||
	    nla_put_u32(msg, CPO_A_ENGINE_BUS_LAST_ERROR, bs.last_error) ||
	    nla_put_u32(msg, CPO_A_ENGINE_BUS_LOAD, io->load_ppm))
		return -EMSGSIZE;
	return 0;
}

/*
 * Served from the copy of the engine's state: never from the bus. An
 * engine never read successfully has no status attributes.
 */
/**
 * cpo_msg_add_firmware - one @attr nest per bank a module reports
 * @msg: the message
 * @attr: CPO_A_ENGINE_FIRMWARE or CPO_A_LASER_FIRMWARE
 * @fw: the banks
 *
 * Return: 0 or -EMSGSIZE.
 */
int cpo_msg_add_firmware(struct sk_buff *msg, int attr,
			 const struct cpo_fw_info *fw)
{
	const struct cpo_fw_image *img;
	struct nlattr *nest;
	u32 b;

	for (b = CPO_FW_BANK_A; b <= CPO_FW_BANK_MAX; b++) {
		img = &fw->bank[b];
		if (!img->present)
			continue;
		nest = nla_nest_start(msg, attr);
		if (!nest ||
		    nla_put_u32(msg, CPO_A_FIRMWARE_BANK, b) ||
		    (img->valid &&
		     cpo_nla_put_str(msg, CPO_A_FIRMWARE_VERSION,
				     img->version)) ||
		    nla_put_u8(msg, CPO_A_FIRMWARE_RUNNING, img->running) ||
		    nla_put_u8(msg, CPO_A_FIRMWARE_COMMITTED, img->committed) ||
		    nla_put_u8(msg, CPO_A_FIRMWARE_VALID, img->valid))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

/* The stats nest: only what applies to engines, or to lanes. */
static int cpo_stats_fill(struct sk_buff *msg, int attr,
			  const struct cpo_stats_val *v, bool lane)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, attr);
	if (!nest ||
	    nla_put_u64_64bit(msg, CPO_A_STATS_DP_ACTIVATIONS,
			      v->dp_activations, CPO_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, CPO_A_STATS_DP_DEACTIVATIONS,
			      v->dp_deactivations, CPO_A_STATS_PAD))
		return -EMSGSIZE;
	if (lane &&
	    (nla_put_u64_64bit(msg, CPO_A_STATS_RX_LOS_COUNT, v->rx_los,
			       CPO_A_STATS_PAD) ||
	     nla_put_u64_64bit(msg, CPO_A_STATS_RX_LOL_COUNT, v->rx_lol,
			       CPO_A_STATS_PAD) ||
	     nla_put_u64_64bit(msg, CPO_A_STATS_TX_FAULT_COUNT, v->tx_fault,
			       CPO_A_STATS_PAD) ||
	     nla_put_u64_64bit(msg, CPO_A_STATS_TIME_IN_SERVICE,
			       v->in_service_ns, CPO_A_STATS_PAD) ||
	     nla_put_u64_64bit(msg, CPO_A_STATS_FAILOVERS, v->failovers,
			       CPO_A_STATS_PAD)))
		return -EMSGSIZE;
	if (!lane &&
	    (nla_put_u64_64bit(msg, CPO_A_STATS_MODULE_FAULTS,
			       v->module_faults, CPO_A_STATS_PAD) ||
	     nla_put_u64_64bit(msg, CPO_A_STATS_MODULE_READY,
			       v->module_ready, CPO_A_STATS_PAD) ||
	     nla_put_u64_64bit(msg, CPO_A_STATS_SWAPS, v->swaps,
			       CPO_A_STATS_PAD) ||
	     (v->last_swap &&
	      nla_put_u64_64bit(msg, CPO_A_STATS_LAST_SWAP_TIME, v->last_swap,
				CPO_A_STATS_PAD))))
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, CPO_A_STATS_ELAPSED, v->elapsed_ns,
			      CPO_A_STATS_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int cpo_engine_stats_fill(struct sk_buff *msg,
				 struct cpo_engine *engine)
{
	struct cpo_stats_val v;

	cpo_engine_stats_get(engine, &v);
	return cpo_stats_fill(msg, CPO_A_ENGINE_STATS, &v, false);
}

static int cpo_lane_stats_fill(struct sk_buff *msg,
			       const struct cpo_lane *lane)
{
	struct cpo_stats_val v;

	cpo_lane_stats_get(lane, &v);
	return cpo_stats_fill(msg, CPO_A_LANE_STATS, &v, true);
}

static int cpo_engine_fill(struct sk_buff *msg, struct cpo_engine *engine,
			   struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&cpo_lock);
	err = cpo_engine_msg_add_info(msg, engine);
	if (!err && nla_put_u32(msg, CPO_A_ENGINE_SLOT_STATE, engine->io.slot))
		err = -EMSGSIZE;
	if (!err)
		err = cpo_engine_msg_add_status(msg, engine, &engine->st);
	if (!err)
		err = cpo_engine_msg_add_io(msg, engine);
	if (!err)
		err = cpo_msg_add_firmware(msg, CPO_A_ENGINE_FIRMWARE,
					   &engine->fw);
	if (!err)
		err = cpo_flash_fill(msg, CPO_A_ENGINE_FLASH, engine->flash);
	if (!err)
		err = cpo_selftest_fill(msg, engine);
	if (!err)
		err = cpo_service_engine_fill(msg, engine);
	return err;
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
	     nla_put_u8(msg, CPO_A_LANE_TX_FAULT, st->tx_fault)) ||
	    ((v & CPO_LANE_F_RX_ENABLE) &&
	     nla_put_u8(msg, CPO_A_LANE_RX_ENABLE, st->rx_enable)) ||
	    ((v & CPO_LANE_F_PRE_FEC_BER) &&
	     nla_put_u64_64bit(msg, CPO_A_LANE_PRE_FEC_BER, st->pre_fec_ber,
			       CPO_A_LANE_PAD)) ||
	    ((v & CPO_LANE_F_SNR) &&
	     nla_put_u32(msg, CPO_A_LANE_SNR, st->snr)) ||
	    ((v & CPO_LANE_F_FIBER_CONNECTED) &&
	     nla_put_u8(msg, CPO_A_LANE_FIBER_CONNECTED, st->fiber_connected)))
		return -EMSGSIZE;
	return 0;
}

/* What the core itself knows of a lane's wiring. */
static int cpo_lane_msg_add_wiring(struct sk_buff *msg, struct cpo_lane *lane)
{
	char ifname[IFNAMSIZ];

	if (cpo_nla_put_str(msg, CPO_A_LANE_FIBER_POSITION,
			    lane->fiber_position) ||
	    (lane->laser &&
	     nla_put_u32(msg, CPO_A_LANE_LASER_ID, lane->laser->id)))
		return -EMSGSIZE;
	if (cpo_lane_port_name(lane, ifname) &&
	    (nla_put_u32(msg, CPO_A_LANE_IFINDEX, lane->ifindex) ||
	     nla_put_string(msg, CPO_A_LANE_IFNAME, ifname)))
		return -EMSGSIZE;
	return 0;
}

/* From the copy, as cpo_engine_fill(). */
static int cpo_lane_fill(struct sk_buff *msg, struct cpo_lane *lane,
			 struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&cpo_lock);
	if (nla_put_u32(msg, CPO_A_LANE_ID, lane->id) ||
	    nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, lane->engine->id) ||
	    nla_put_u32(msg, CPO_A_LANE_INDEX, lane->index) ||
	    cpo_lane_msg_add_wiring(msg, lane) ||
	    (lane->refreshed &&
	     nla_put_u64_64bit(msg, CPO_A_LANE_REFRESHED, lane->refreshed,
			       CPO_A_LANE_PAD)) ||
	    (lane->engine->io.flashing &&
	     nla_put_flag(msg, CPO_A_LANE_STALE)) ||
	    cpo_lane_test_fill(msg, lane))
		return -EMSGSIZE;
	return cpo_lane_msg_add_status(msg, &lane->st);
}

static int cpo_engine_fill_obj(struct sk_buff *msg, void *obj,
			       struct netlink_ext_ack *extack)
{
	return cpo_engine_fill(msg, obj, extack);
}

/* A dump entry of a request with with-stats. */
static int cpo_engine_fill_stats_obj(struct sk_buff *msg, void *obj,
				     struct netlink_ext_ack *extack)
{
	return cpo_engine_fill(msg, obj, extack) ?:
	       cpo_engine_stats_fill(msg, obj);
}

static int cpo_lane_fill_obj(struct sk_buff *msg, void *obj,
			     struct netlink_ext_ack *extack)
{
	struct cpo_lane *lane = obj;

	/* Lanes being registered sit in their engine's xarray already. */
	return lane->registered ? cpo_lane_fill(msg, lane, extack) : -ENOENT;
}

static int cpo_lane_fill_stats_obj(struct sk_buff *msg, void *obj,
				   struct netlink_ext_ack *extack)
{
	return cpo_lane_fill_obj(msg, obj, extack) ?:
	       cpo_lane_stats_fill(msg, obj);
}

static const struct cpo_ntf_attrs cpo_engine_ntf_attrs = {
	CPO_A_ENGINE_SEQ, CPO_A_ENGINE_TIMESTAMP, CPO_A_ENGINE_PAD
};

static const struct cpo_ntf_attrs cpo_lane_ntf_attrs = {
	CPO_A_LANE_SEQ, CPO_A_LANE_TIMESTAMP, CPO_A_LANE_PAD
};

static const struct cpo_ntf_attrs cpo_laser_ntf_attrs = {
	CPO_A_LASER_SEQ, CPO_A_LASER_TIMESTAMP, CPO_A_LASER_PAD
};

/*
 * Every message of the monitor group gets the next sequence number, sent
 * or not (no listener), so a listener's gap means lost messages.
 */
static u64 cpo_ntf_seq;

/* The sequence number of the next notification; cpo_lock held. */
u64 cpo_ntf_next_seq(void)
{
	lockdep_assert_held(&cpo_lock);
	return ++cpo_ntf_seq;
}

/* Build and multicast one notification; returns its sequence number. */
u64 cpo_notify(u8 cmd, cpo_fill_fn fill, void *obj,
	       const struct cpo_ntf_attrs *a)
{
	u64 seq = cpo_ntf_next_seq();
	struct sk_buff *msg;
	void *hdr;

	lockdep_assert_held(&cpo_lock);
	if (!genl_has_listeners(&cpo_family, &init_net, CPO_NLGRP_MONITOR))
		return seq;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return seq;
	hdr = genlmsg_put(msg, 0, 0, &cpo_family, 0, cmd);
	if (!hdr || fill(msg, obj, NULL) ||
	    nla_put_u64_64bit(msg, a->seq, seq, a->pad) ||
	    nla_put_u64_64bit(msg, a->timestamp, ktime_get_real_ns(), a->pad)) {
		nlmsg_free(msg);
		return seq;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&cpo_family, msg, 0, CPO_NLGRP_MONITOR, GFP_KERNEL);
	return seq;
}

void cpo_engine_notify(struct cpo_engine *engine, u8 cmd)
{
	cpo_notify(cmd, cpo_engine_fill_obj, engine, &cpo_engine_ntf_attrs);
}

void cpo_lane_notify(struct cpo_lane *lane, u8 cmd)
{
	cpo_notify(cmd, cpo_lane_fill_obj, lane, &cpo_lane_ntf_attrs);
}

void cpo_laser_notify(struct cpo_laser *laser, u8 cmd)
{
	cpo_notify(cmd, cpo_laser_fill_obj, laser, &cpo_laser_ntf_attrs);
}

/*
 * Dump the objects of @xa from where the last call stopped. The caller
 * holds cpo_lock. cb->seq carries the registry generation, so a dump
 * spanning a registration change is flagged NLM_F_DUMP_INTR.
 */
int cpo_nl_dump_xa(struct sk_buff *skb, struct netlink_callback *cb,
		   struct xarray *xa, u8 cmd, cpo_fill_fn fill)
{
	struct cpo_dump_ctx *ctx = cpo_dump_ctx(cb);
	unsigned long idx;
	void *obj, *hdr;
	int err;

	cb->seq = cpo_generation;
	xa_for_each_start(xa, idx, obj, ctx->idx) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &cpo_family, NLM_F_MULTI,
				  cmd);
		if (!hdr) {
			ctx->idx = idx;
			return skb->len;
		}
		genl_dump_check_consistent(cb, hdr);
		err = fill(skb, obj, NULL);
		if (err == -ENOENT) {
			genlmsg_cancel(skb, hdr);
			continue;
		}
		if (err) {
			genlmsg_cancel(skb, hdr);
			ctx->idx = idx;
			return err == -EMSGSIZE ? skb->len : err;
		}
		genlmsg_end(skb, hdr);
	}
	return 0;
}

struct cpo_engine *cpo_nl_engine_lookup(struct genl_info *info, int attr)
{
	struct cpo_engine *engine;

	engine = cpo_engine_get_by_id(nla_get_u32(info->attrs[attr]));
	if (!engine)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[attr],
				    "unknown engine id");
	return engine;
}

/* A lane is named by id, or by engine-id and index; cpo_lock held. */
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

int cpo_nl_reply(struct genl_info *info, struct sk_buff *msg,
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
	if (!err && info->attrs[CPO_A_ENGINE_WITH_STATS])
		err = cpo_engine_stats_fill(msg, engine);
	mutex_unlock(&cpo_lock);

	return cpo_nl_reply(info, msg, hdr, err);
}

static int cpo_nl_engine_get_start(struct netlink_callback *cb)
{
	struct nlattr **tb = cpo_dump_attrs(cb);

	cpo_dump_ctx(cb)->stats = tb && tb[CPO_A_ENGINE_WITH_STATS];
	return 0;
}

static int cpo_nl_engine_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	int ret;

	mutex_lock(&cpo_lock);
	ret = cpo_nl_dump_xa(skb, cb, &cpo_engine_xa, CPO_CMD_ENGINE_GET,
			     cpo_dump_ctx(cb)->stats ?
			     cpo_engine_fill_stats_obj : cpo_engine_fill_obj);
	mutex_unlock(&cpo_lock);
	return ret;
}

static int cpo_nl_engine_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mode = info->attrs[CPO_A_ENGINE_POWER_MODE];
	struct nlattr *interval = info->attrs[CPO_A_ENGINE_REFRESH_INTERVAL];
	struct nlattr *fw_min = info->attrs[CPO_A_ENGINE_FW_MIN_VERSION];
	struct cpo_engine *engine;
	int ret = 0;

	if (cpo_nl_attr_missing(info, CPO_A_ENGINE_ID, "missing attribute: id"))
		return -EINVAL;
	if (!mode && !interval && !fw_min) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give power-mode, refresh-interval or fw-min-version");
		return -EINVAL;
	}

	mutex_lock(&cpo_lock);
	engine = cpo_nl_engine_lookup(info, CPO_A_ENGINE_ID);
	if (!engine) {
		mutex_unlock(&cpo_lock);
		return -ENOENT;
	}
	/* Checked first: it needs no bus, and is refused without a change. */
	if (interval && cpo_refresh_interval_check(nla_get_u32(interval))) {
		NL_SET_ERR_MSG_ATTR(info->extack, interval,
				    "refresh-interval: 0 (on hardware signal only) or 10..3600000 ms");
		mutex_unlock(&cpo_lock);
		return -ERANGE;
	}
	if (fw_min && cpo_fw_min_check(nla_data(fw_min), info->extack)) {
		NL_SET_BAD_ATTR(info->extack, fw_min);
		mutex_unlock(&cpo_lock);
		return -EINVAL;
	}
	get_device(&engine->dev);
	mutex_unlock(&cpo_lock);

	if (mode) {
		ret = cpo_engine_lock_io(engine, info->extack);
		if (!ret) {
			ret = cpo_engine_set_power_mode(engine,
							nla_get_u32(mode),
							info->extack);
			if (ret > 0)
				cpo_engine_reread(engine);
			cpo_io_unlock(&engine->io);
		}
		if (ret < 0) {
			NL_SET_BAD_ATTR(info->extack, mode);
			goto put;
		}
	}
	if (interval) {
		mutex_lock(&cpo_lock);
		ret = engine->registered ?
		      cpo_engine_set_refresh_interval(engine,
						      nla_get_u32(interval),
						      info->extack) : -ENODEV;
		if (ret > 0)
			cpo_engine_notify(engine, CPO_CMD_ENGINE_CHANGE_NTF);
		mutex_unlock(&cpo_lock);
		if (ret < 0)
			NL_SET_BAD_ATTR(info->extack, interval);
		/*
		 * Once 0 is set, no periodic refresh runs: wait for one under
		 * way (it takes cpo_lock, hence here). It does not requeue.
		 */
		else if (!nla_get_u32(interval))
			cancel_delayed_work_sync(&engine->io.work);
	}
	if (fw_min && ret >= 0) {
		mutex_lock(&cpo_lock);
		if (cpo_engine_set_fw_min(engine, nla_data(fw_min)))
			cpo_engine_notify(engine, CPO_CMD_ENGINE_CHANGE_NTF);
		mutex_unlock(&cpo_lock);
	}
put:
	put_device(&engine->dev);
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
	if (!err && info->attrs[CPO_A_LANE_WITH_STATS])
		err = cpo_lane_stats_fill(msg, lane);
	mutex_unlock(&cpo_lock);

	return cpo_nl_reply(info, msg, hdr, err);
}

static int cpo_nl_lane_get_start(struct netlink_callback *cb)
{
	struct cpo_dump_ctx *ctx = cpo_dump_ctx(cb);
	struct nlattr **tb = cpo_dump_attrs(cb);

	if (!tb)
		return 0;
	ctx->stats = !!tb[CPO_A_LANE_WITH_STATS];
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
	int ret = 0;

	mutex_lock(&cpo_lock);
	if (ctx->filter_engine) {
		/*
		 * Gone since the dump started: the dump ends here, and the
		 * generation makes NLMSG_DONE carry NLM_F_DUMP_INTR.
		 */
		engine = cpo_engine_get_by_id(ctx->engine_id);
		if (!engine) {
			cb->seq = cpo_generation;
			goto unlock;
		}
		xa = &engine->lanes;
	}
	ret = cpo_nl_dump_xa(skb, cb, xa, CPO_CMD_LANE_GET,
			     ctx->stats ? cpo_lane_fill_stats_obj :
			     cpo_lane_fill_obj);
unlock:
	mutex_unlock(&cpo_lock);
	return ret;
}

/**
 * cpo_nl_lane_hold - the lane a request names, referenced
 * @info: the request
 *
 * Takes a reference on the lane and on its engine, which
 * cpo_nl_lane_put() drops.
 *
 * Return: the lane, or an ERR_PTR with an extack message.
 */
struct cpo_lane *cpo_nl_lane_hold(struct genl_info *info)
{
	struct cpo_lane *lane;

	mutex_lock(&cpo_lock);
	lane = cpo_nl_lane_lookup(info);
	if (!IS_ERR(lane)) {
		get_device(&lane->engine->dev);
		kobject_get(&lane->kobj);
	}
	mutex_unlock(&cpo_lock);
	return lane;
}

void cpo_nl_lane_put(struct cpo_lane *lane)
{
	struct cpo_engine *engine = lane->engine;

	kobject_put(&lane->kobj);
	put_device(&engine->dev);
}

static const struct genl_ops cpo_nl_ops[] = {
	{
		.cmd = CPO_CMD_ENGINE_GET,
		.doit = cpo_nl_engine_get_doit,
		.start = cpo_nl_engine_get_start,
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
	{
		.cmd = CPO_CMD_LASER_GET,
		.doit = cpo_nl_laser_get_doit,
		.dumpit = cpo_nl_laser_get_dumpit,
		.policy = cpo_laser_get_policy,
		.maxattr = ARRAY_SIZE(cpo_laser_get_policy) - 1,
	},
	{
		.cmd = CPO_CMD_LASER_SET,
		.doit = cpo_nl_laser_set_doit,
		.policy = cpo_laser_set_policy,
		.maxattr = ARRAY_SIZE(cpo_laser_set_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = CPO_CMD_TOPOLOGY_GET,
		.doit = cpo_nl_topology_get_doit,
		.policy = cpo_topology_get_policy,
		.maxattr = ARRAY_SIZE(cpo_topology_get_policy) - 1,
	},
	{
		.cmd = CPO_CMD_THRESHOLD_GET,
		.doit = cpo_nl_threshold_get_doit,
		.dumpit = cpo_nl_threshold_get_dumpit,
		.policy = cpo_diag_get_policy,
		.maxattr = ARRAY_SIZE(cpo_diag_get_policy) - 1,
	},
	{
		.cmd = CPO_CMD_THRESHOLD_SET,
		.doit = cpo_nl_threshold_set_doit,
		.policy = cpo_threshold_set_policy,
		.maxattr = ARRAY_SIZE(cpo_threshold_set_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = CPO_CMD_ALARM_GET,
		.doit = cpo_nl_alarm_get_doit,
		.dumpit = cpo_nl_alarm_get_dumpit,
		.policy = cpo_diag_get_policy,
		.maxattr = ARRAY_SIZE(cpo_diag_get_policy) - 1,
	},
	{
		.cmd = CPO_CMD_ALARM_CLEAR,
		.doit = cpo_nl_alarm_clear_doit,
		.policy = cpo_alarm_clear_policy,
		.maxattr = ARRAY_SIZE(cpo_alarm_clear_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = CPO_CMD_ENGINE_FLASH,
		.doit = cpo_nl_engine_flash_doit,
		.policy = cpo_engine_flash_policy,
		.maxattr = ARRAY_SIZE(cpo_engine_flash_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = CPO_CMD_LANE_TEST,
		.doit = cpo_nl_lane_test_doit,
		.policy = cpo_lane_test_policy,
		.maxattr = ARRAY_SIZE(cpo_lane_test_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = CPO_CMD_ENGINE_SELFTEST,
		.doit = cpo_nl_engine_selftest_doit,
		.policy = cpo_engine_selftest_policy,
		.maxattr = ARRAY_SIZE(cpo_engine_selftest_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = CPO_CMD_STATS_CLEAR,
		.doit = cpo_nl_stats_clear_doit,
		.policy = cpo_diag_get_policy,
		.maxattr = ARRAY_SIZE(cpo_diag_get_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = CPO_CMD_SERVICE,
		.doit = cpo_nl_service_doit,
		.policy = cpo_service_policy,
		.maxattr = ARRAY_SIZE(cpo_service_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = CPO_CMD_LASER_FLASH,
		.doit = cpo_nl_laser_flash_doit,
		.policy = cpo_laser_flash_policy,
		.maxattr = ARRAY_SIZE(cpo_laser_flash_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group cpo_nl_mcgrps[] = {
	[CPO_NLGRP_MONITOR] = { .name = CPO_MCGRP_MONITOR },
};

struct genl_family cpo_family __ro_after_init = {
	.name = CPO_FAMILY_NAME,
	.version = CPO_FAMILY_VERSION,
	.module = THIS_MODULE,
	.ops = cpo_nl_ops,
	.n_ops = ARRAY_SIZE(cpo_nl_ops),
	/* Every op is new: reserved header fields must be zero in all. */
	.resv_start_op = CPO_CMD_ENGINE_GET,
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
