// SPDX-License-Identifier: GPL-2.0
/*
 * cpo generic netlink front end: policies, get/set handlers, dumps and
 * notifications. One fill function per object builds the get reply, each
 * dump entry and every notification, so the three never differ.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
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

/* Not const: 6.1's NLA_POLICY_FULL_RANGE() takes a plain pointer. */
static struct netlink_range_validation cpo_refresh_interval_range = {
	.max = CPO_REFRESH_MAX_MS,
};

static const struct nla_policy cpo_engine_set_policy[CPO_A_ENGINE_REFRESH_INTERVAL + 1] = {
	[CPO_A_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_ENGINE_POWER_MODE] = NLA_POLICY_RANGE(NLA_U32, CPO_POWER_MODE_LOW,
						     CPO_POWER_MODE_MAX),
	[CPO_A_ENGINE_REFRESH_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &cpo_refresh_interval_range),
};

static const struct nla_policy cpo_lane_get_policy[CPO_A_LANE_INDEX + 1] = {
	[CPO_A_LANE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_INDEX] = { .type = NLA_U32 },
};

static const struct nla_policy cpo_lane_set_policy[CPO_A_LANE_RX_ENABLE + 1] = {
	[CPO_A_LANE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_LANE_INDEX] = { .type = NLA_U32 },
	[CPO_A_LANE_TX_ENABLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CPO_A_LANE_POWER] = NLA_POLICY_RANGE(NLA_U32, CPO_LANE_POWER_DOWN,
					      CPO_LANE_POWER_MAX),
	[CPO_A_LANE_RX_ENABLE] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy cpo_laser_get_policy[CPO_A_LASER_ID + 1] = {
	[CPO_A_LASER_ID] = { .type = NLA_U32 },
};

static const struct nla_policy cpo_laser_set_policy[CPO_A_LASER_FAILOVER + 1] = {
	[CPO_A_LASER_ID] = { .type = NLA_U32 },
	[CPO_A_LASER_ENABLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CPO_A_LASER_FAILOVER_POLICY] =
		NLA_POLICY_RANGE(NLA_U32, CPO_FAILOVER_POLICY_AUTO,
				 CPO_FAILOVER_POLICY_MAX),
	[CPO_A_LASER_FAILOVER] = { .type = NLA_FLAG },
};

static const struct nla_policy cpo_topology_get_policy[CPO_A_TOPOLOGY_LASER_ID + 1] = {
	[CPO_A_TOPOLOGY_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_TOPOLOGY_LASER_ID] = { .type = NLA_U32 },
};

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

static const struct nla_policy cpo_diag_get_policy[CPO_A_DIAG_LANE_ID + 1] = {
	[CPO_A_DIAG_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_DIAG_LANE_ID] = { .type = NLA_U32 },
};

static const struct nla_policy cpo_threshold_set_policy[CPO_A_DIAG_THRESHOLD + 1] = {
	[CPO_A_DIAG_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_DIAG_LANE_ID] = { .type = NLA_U32 },
	[CPO_A_DIAG_THRESHOLD] = NLA_POLICY_NESTED(cpo_threshold_nl_policy),
};

static const struct nla_policy cpo_alarm_clear_policy[CPO_A_DIAG_ALARM + 1] = {
	[CPO_A_DIAG_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_DIAG_LANE_ID] = { .type = NLA_U32 },
	[CPO_A_DIAG_ALARM] = NLA_POLICY_NESTED(cpo_alarm_nl_policy),
};

/* State a dump keeps between its calls, in cb->ctx. */
struct cpo_dump_ctx {
	unsigned long idx;
	u32 engine_id;
	bool filter_engine;
	bool lanes;	/* diag dumps: engines done, now the lanes */
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
	    (io->unreachable && nla_put_flag(msg, CPO_A_ENGINE_UNREACHABLE)))
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
static int cpo_engine_fill(struct sk_buff *msg, struct cpo_engine *engine,
			   struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&cpo_lock);
	err = cpo_engine_msg_add_info(msg, engine);
	if (!err)
		err = cpo_engine_msg_add_status(msg, engine, &engine->st);
	if (!err)
		err = cpo_engine_msg_add_io(msg, engine);
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
			       CPO_A_LANE_PAD)))
		return -EMSGSIZE;
	return cpo_lane_msg_add_status(msg, &lane->st);
}

static int cpo_laser_fill(struct sk_buff *msg, struct cpo_laser *laser,
			  struct netlink_ext_ack *extack)
{
	const struct cpo_laser_info *info = &laser->info;
	const struct cpo_laser_status *st = &laser->st;
	struct cpo_lane *lane;
	unsigned long id;
	u32 v;

	if (nla_put_u32(msg, CPO_A_LASER_ID, laser->id) ||
	    nla_put_string(msg, CPO_A_LASER_DEV_NAME,
			   dev_name(laser->dev.parent)) ||
	    nla_put_u32(msg, CPO_A_LASER_TYPE, info->type) ||
	    cpo_nla_put_str(msg, CPO_A_LASER_LOCATION, info->location) ||
	    nla_put_u32(msg, CPO_A_LASER_ROLE, info->role) ||
	    (info->wavelength &&
	     nla_put_u32(msg, CPO_A_LASER_WAVELENGTH, info->wavelength)) ||
	    (laser->spare &&
	     nla_put_u32(msg, CPO_A_LASER_SPARE_ID, laser->spare->id)) ||
	    (laser->covering &&
	     nla_put_u32(msg, CPO_A_LASER_COVERING_ID, laser->covering->id)))
		return -EMSGSIZE;
	xa_for_each(&cpo_lane_xa, id, lane)
		if (lane->registered && lane->laser == laser &&
		    nla_put_u32(msg, CPO_A_LASER_LANE_ID, lane->id))
			return -EMSGSIZE;

	if (laser->io.refreshed &&
	    nla_put_u64_64bit(msg, CPO_A_LASER_REFRESHED, laser->io.refreshed,
			      CPO_A_LASER_PAD))
		return -EMSGSIZE;
	v = st->valid;
	if (((v & CPO_LASER_F_STATE) &&
	     nla_put_u32(msg, CPO_A_LASER_STATE, st->state)) ||
	    ((v & CPO_LASER_F_ENABLE) &&
	     nla_put_u8(msg, CPO_A_LASER_ENABLE, st->enable)) ||
	    ((v & CPO_LASER_F_OUTPUT_POWER) &&
	     nla_put_u32(msg, CPO_A_LASER_OUTPUT_POWER, st->output_power)) ||
	    ((v & CPO_LASER_F_BIAS) &&
	     nla_put_u32(msg, CPO_A_LASER_BIAS, st->bias)) ||
	    ((v & CPO_LASER_F_TEMPERATURE) &&
	     nla_put_s32(msg, CPO_A_LASER_TEMPERATURE, st->temperature)) ||
	    ((v & CPO_LASER_F_HOURS) &&
	     nla_put_u32(msg, CPO_A_LASER_HOURS, st->hours)) ||
	    (laser->spare && (v & CPO_LASER_F_FAILOVER_POLICY) &&
	     nla_put_u32(msg, CPO_A_LASER_FAILOVER_POLICY,
			 st->failover_policy)))
		return -EMSGSIZE;
	return 0;
}

/* Each object's fill, behind one signature for notify and dump. */
typedef int (*cpo_fill_fn)(struct sk_buff *msg, void *obj,
			   struct netlink_ext_ack *extack);

static int cpo_engine_fill_obj(struct sk_buff *msg, void *obj,
			       struct netlink_ext_ack *extack)
{
	return cpo_engine_fill(msg, obj, extack);
}

static int cpo_lane_fill_obj(struct sk_buff *msg, void *obj,
			     struct netlink_ext_ack *extack)
{
	struct cpo_lane *lane = obj;

	/* Lanes being registered sit in their engine's xarray already. */
	return lane->registered ? cpo_lane_fill(msg, lane, extack) : -ENOENT;
}

static int cpo_laser_fill_obj(struct sk_buff *msg, void *obj,
			      struct netlink_ext_ack *extack)
{
	return cpo_laser_fill(msg, obj, extack);
}

/* Where each notification puts its sequence number and time. */
struct cpo_ntf_attrs {
	int seq;
	int timestamp;
	int pad;
};

static const struct cpo_ntf_attrs cpo_engine_ntf_attrs = {
	CPO_A_ENGINE_SEQ, CPO_A_ENGINE_TIMESTAMP, CPO_A_ENGINE_PAD
};

static const struct cpo_ntf_attrs cpo_lane_ntf_attrs = {
	CPO_A_LANE_SEQ, CPO_A_LANE_TIMESTAMP, CPO_A_LANE_PAD
};

static const struct cpo_ntf_attrs cpo_laser_ntf_attrs = {
	CPO_A_LASER_SEQ, CPO_A_LASER_TIMESTAMP, CPO_A_LASER_PAD
};

static const struct cpo_ntf_attrs cpo_diag_ntf_attrs = {
	CPO_A_DIAG_SEQ, CPO_A_DIAG_TIMESTAMP, CPO_A_DIAG_PAD
};

/*
 * Every message of the monitor group gets the next sequence number, sent
 * or not (no listener), so a listener's gap means lost messages.
 */
static u64 cpo_ntf_seq;

/* Build and multicast one notification; returns its sequence number. */
static u64 cpo_notify(u8 cmd, cpo_fill_fn fill, void *obj,
		      const struct cpo_ntf_attrs *a)
{
	u64 seq = ++cpo_ntf_seq;
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
 * Dump the objects of @xa from where the last call stopped. The caller
 * holds cpo_lock. cb->seq carries the registry generation, so a dump
 * spanning a registration change is flagged NLM_F_DUMP_INTR.
 */
static int cpo_nl_dump_xa(struct sk_buff *skb, struct netlink_callback *cb,
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

static struct cpo_laser *cpo_nl_laser_lookup(struct genl_info *info)
{
	struct nlattr *nla = info->attrs[CPO_A_LASER_ID];
	struct cpo_laser *laser;

	laser = cpo_laser_get_by_id(nla_get_u32(nla));
	if (!laser)
		NL_SET_ERR_MSG_ATTR(info->extack, nla, "unknown laser id");
	return laser;
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
	int ret;

	mutex_lock(&cpo_lock);
	ret = cpo_nl_dump_xa(skb, cb, &cpo_engine_xa, CPO_CMD_ENGINE_GET,
			     cpo_engine_fill_obj);
	mutex_unlock(&cpo_lock);
	return ret;
}

static int cpo_nl_engine_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mode = info->attrs[CPO_A_ENGINE_POWER_MODE];
	struct nlattr *interval = info->attrs[CPO_A_ENGINE_REFRESH_INTERVAL];
	struct cpo_engine *engine;
	int ret = 0;

	if (cpo_nl_attr_missing(info, CPO_A_ENGINE_ID, "missing attribute: id"))
		return -EINVAL;
	if (!mode && !interval) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give power-mode or refresh-interval");
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
	ret = cpo_nl_dump_xa(skb, cb, xa, CPO_CMD_LANE_GET, cpo_lane_fill_obj);
unlock:
	mutex_unlock(&cpo_lock);
	return ret;
}

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
 * Apply the lane attributes given, all or nothing; the engine's I/O lock
 * held. Returns whether anything changed, or an errno.
 */
static int cpo_nl_lane_apply(struct cpo_lane *lane, struct genl_info *info)
{
	bool changed[ARRAY_SIZE(cpo_lane_setters)] = {};
	const struct cpo_lane_status old = lane->st;
	int i, ret, err = 0;
	bool any = false;

	for (i = 0; i < ARRAY_SIZE(cpo_lane_setters); i++) {
		struct nlattr *nla = info->attrs[cpo_lane_setters[i].attr];

		if (!nla)
			continue;
		ret = cpo_lane_set(lane, cpo_lane_setters[i].field,
				   cpo_nl_lane_field_get(nla,
							 cpo_lane_setters[i].field),
				   info->extack);
		if (ret < 0) {
			NL_SET_BAD_ATTR(info->extack, nla);
			err = ret;
			break;
		}
		changed[i] = ret > 0;
		any |= changed[i];
	}
	/*
	 * Undo what was changed before the failure. The copy still holds
	 * the old values, so cpo_lane_set() would take the undo for a no-op:
	 * call the ops directly.
	 */
	while (err && --i >= 0)
		if (changed[i])
			cpo_lane_undo(lane, cpo_lane_setters[i].field, &old);
	if (err && any)
		cpo_lane_reread(lane, false);
	return err ?: any;
}

static int cpo_nl_lane_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cpo_engine *engine;
	struct cpo_lane *lane;
	bool any = false;
	int i, err;

	for (i = 0; i < ARRAY_SIZE(cpo_lane_setters); i++)
		any |= !!info->attrs[cpo_lane_setters[i].attr];
	if (!any) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give tx-enable, rx-enable or power");
		return -EINVAL;
	}

	mutex_lock(&cpo_lock);
	lane = cpo_nl_lane_lookup(info);
	if (IS_ERR(lane)) {
		mutex_unlock(&cpo_lock);
		return PTR_ERR(lane);
	}
	engine = lane->engine;
	get_device(&engine->dev);
	kobject_get(&lane->kobj);
	mutex_unlock(&cpo_lock);

	err = cpo_engine_lock_io(engine, info->extack);
	if (err)
		goto put;
	if (!lane->registered) {
		NL_SET_ERR_MSG(info->extack, "the lane was unregistered");
		err = -ENODEV;
	} else {
		err = cpo_nl_lane_apply(lane, info);
		if (err > 0)
			cpo_lane_reread(lane, true);
	}
	cpo_io_unlock(&engine->io);
put:
	kobject_put(&lane->kobj);
	put_device(&engine->dev);
	return err < 0 ? err : 0;
}

static int cpo_nl_laser_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cpo_laser *laser;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (cpo_nl_attr_missing(info, CPO_A_LASER_ID, "missing attribute: id"))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cpo_family, 0, CPO_CMD_LASER_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}

	mutex_lock(&cpo_lock);
	laser = cpo_nl_laser_lookup(info);
	err = laser ? cpo_laser_fill(msg, laser, info->extack) : -ENOENT;
	mutex_unlock(&cpo_lock);

	return cpo_nl_reply(info, msg, hdr, err);
}

static int cpo_nl_laser_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	int ret;

	mutex_lock(&cpo_lock);
	ret = cpo_nl_dump_xa(skb, cb, &cpo_laser_xa, CPO_CMD_LASER_GET,
			     cpo_laser_fill_obj);
	mutex_unlock(&cpo_lock);
	return ret;
}

static int cpo_nl_laser_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *enable = info->attrs[CPO_A_LASER_ENABLE];
	struct nlattr *policy = info->attrs[CPO_A_LASER_FAILOVER_POLICY];
	struct nlattr *failover = info->attrs[CPO_A_LASER_FAILOVER];
	int enable_ret = 0, policy_ret = 0, err = 0;
	struct cpo_laser_status old;
	struct cpo_laser *laser;

	if (cpo_nl_attr_missing(info, CPO_A_LASER_ID, "missing attribute: id"))
		return -EINVAL;
	if (!enable && !policy && !failover) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give enable, failover-policy or failover");
		return -EINVAL;
	}

	mutex_lock(&cpo_lock);
	laser = cpo_nl_laser_lookup(info);
	if (!laser) {
		mutex_unlock(&cpo_lock);
		return -ENOENT;
	}
	get_device(&laser->dev);
	mutex_unlock(&cpo_lock);

	err = cpo_laser_lock_io(laser, info->extack);
	if (err)
		goto put;
	/* What to restore if a later change fails. */
	old = laser->st;
	if (enable) {
		enable_ret = cpo_laser_set_enable(laser, nla_get_u8(enable),
						  info->extack);
		if (enable_ret < 0) {
			NL_SET_BAD_ATTR(info->extack, enable);
			err = enable_ret;
			goto unlock;
		}
	}
	if (policy) {
		policy_ret = cpo_laser_set_failover_policy(laser,
							   nla_get_u32(policy),
							   info->extack);
		if (policy_ret < 0) {
			NL_SET_BAD_ATTR(info->extack, policy);
			err = policy_ret;
			goto undo_enable;
		}
	}
	/* Last: the hardware carries it out and it cannot be undone. */
	if (failover) {
		err = cpo_laser_start_failover(laser, info->extack);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, failover);
			goto undo_policy;
		}
	}
	if (enable_ret > 0 || policy_ret > 0)
		cpo_laser_reread(laser, true);
	goto unlock;

undo_policy:
	if (policy_ret > 0)
		laser->ops->failover_policy_set(laser, laser->priv,
						old.failover_policy, NULL);
undo_enable:
	if (enable_ret > 0)
		laser->ops->enable_set(laser, laser->priv, old.enable, NULL);
	if (enable_ret > 0 || policy_ret > 0)
		cpo_laser_reread(laser, false);
unlock:
	cpo_io_unlock(&laser->io);
put:
	put_device(&laser->dev);
	return err;
}

/* Lanes (and their ports) lost if @engine, or else @laser, fails. */
static int cpo_topology_fill(struct sk_buff *msg, struct cpo_engine *engine,
			     struct cpo_laser *laser)
{
	struct xarray *xa = engine ? &engine->lanes : &cpo_lane_xa;
	struct cpo_lane *lane, *prev;
	unsigned long id, pid;

	if (engine ? nla_put_u32(msg, CPO_A_TOPOLOGY_ENGINE_ID, engine->id) :
		     nla_put_u32(msg, CPO_A_TOPOLOGY_LASER_ID, laser->id))
		return -EMSGSIZE;
	xa_for_each(xa, id, lane) {
		if (!lane->registered || (laser && lane->laser != laser))
			continue;
		if (nla_put_u32(msg, CPO_A_TOPOLOGY_LANE_ID, lane->id))
			return -EMSGSIZE;
	}
	/* Each port once, though several lanes serve it. */
	xa_for_each(xa, id, lane) {
		bool seen = false;

		if (!lane->registered || !lane->ifindex ||
		    (laser && lane->laser != laser))
			continue;
		/* Earlier lanes only; key 0 has none (id - 1 would wrap). */
		if (id)
			xa_for_each_range(xa, pid, prev, 0, id - 1)
				if (prev->registered &&
				    prev->ifindex == lane->ifindex &&
				    (!laser || prev->laser == laser))
					seen = true;
		if (!seen && nla_put_u32(msg, CPO_A_TOPOLOGY_IFINDEX,
					 lane->ifindex))
			return -EMSGSIZE;
	}
	if (laser && laser->spare && !laser->spare->covering &&
	    (laser->st.valid & CPO_LASER_F_FAILOVER_POLICY) &&
	    laser->st.failover_policy == CPO_FAILOVER_POLICY_AUTO &&
	    nla_put_u32(msg, CPO_A_TOPOLOGY_SPARE_ID, laser->spare->id))
		return -EMSGSIZE;
	return 0;
}

static int cpo_nl_topology_get_doit(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct nlattr *eattr = info->attrs[CPO_A_TOPOLOGY_ENGINE_ID];
	struct nlattr *lattr = info->attrs[CPO_A_TOPOLOGY_LASER_ID];
	struct cpo_engine *engine = NULL;
	struct cpo_laser *laser = NULL;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (!eattr && !lattr) {
		NL_SET_ERR_MSG(info->extack,
			       "missing attribute: engine-id or laser-id");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL,
				     CPO_A_TOPOLOGY_ENGINE_ID);
		return -EINVAL;
	}
	if (eattr && lattr) {
		NL_SET_ERR_MSG_ATTR(info->extack, lattr,
				    "give engine-id or laser-id, not both");
		return -EINVAL;
	}
	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE * 4, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cpo_family, 0,
				CPO_CMD_TOPOLOGY_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}

	mutex_lock(&cpo_lock);
	if (eattr) {
		engine = cpo_engine_get_by_id(nla_get_u32(eattr));
		if (!engine)
			NL_SET_ERR_MSG_ATTR(info->extack, eattr,
					    "unknown engine id");
	} else {
		laser = cpo_laser_get_by_id(nla_get_u32(lattr));
		if (!laser)
			NL_SET_ERR_MSG_ATTR(info->extack, lattr,
					    "unknown laser id");
	}
	err = engine || laser ? cpo_topology_fill(msg, engine, laser) : -ENOENT;
	mutex_unlock(&cpo_lock);

	return cpo_nl_reply(info, msg, hdr, err);
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

static int cpo_nl_threshold_get_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	return cpo_nl_diag_get_doit(info, CPO_CMD_THRESHOLD_GET,
				    cpo_threshold_fill_diag);
}

static int cpo_nl_threshold_get_dumpit(struct sk_buff *skb,
				       struct netlink_callback *cb)
{
	return cpo_nl_diag_dumpit(skb, cb, CPO_CMD_THRESHOLD_GET,
				  cpo_threshold_fill_diag);
}

static int cpo_nl_alarm_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return cpo_nl_diag_get_doit(info, CPO_CMD_ALARM_GET,
				    cpo_alarm_fill_diag);
}

static int cpo_nl_alarm_get_dumpit(struct sk_buff *skb,
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

static int cpo_nl_threshold_set_doit(struct sk_buff *skb,
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

static int cpo_nl_alarm_clear_doit(struct sk_buff *skb,
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
