// SPDX-License-Identifier: GPL-2.0
/*
 * Attribute sets: one descriptor per spec attribute (name, wire type,
 * struct field) drives parsing, request building and printing.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "cpo_priv.h"

#define FIELD(type, member)						\
	.offset = offsetof(type, member),				\
	.size = sizeof(((type *)0)->member)

#define ENG(n, k, member, ...)						\
	{ .name = n, .kind = k, FIELD(struct cpo_engine, member), __VA_ARGS__ }
#define LANE(n, k, member, ...)						\
	{ .name = n, .kind = k, FIELD(struct cpo_lane, member), __VA_ARGS__ }
#define LASER(n, k, member, ...)					\
	{ .name = n, .kind = k, FIELD(struct cpo_laser, member), __VA_ARGS__ }
#define TOPO(n, k, member, ...)						\
	{ .name = n, .kind = k, FIELD(struct cpo_topology, member), __VA_ARGS__ }
/* A pad attribute has no field; it only has to be known by name. */
#define PAD(n)		{ .name = n, .kind = CPO_ATTR_PAD }

_Static_assert(CPO_A_ENGINE_MAX < 64, "engine presence bits overflow");
_Static_assert(CPO_A_LANE_MAX < 64, "lane presence bits overflow");
_Static_assert(CPO_A_LASER_MAX < 64, "laser presence bits overflow");
_Static_assert(CPO_A_TOPOLOGY_MAX < 64, "topology presence bits overflow");

static const struct cpo_attr_desc engine_attrs[CPO_A_ENGINE_MAX + 1] = {
	[CPO_A_ENGINE_ID] = ENG("id", CPO_ATTR_U32, id),
	[CPO_A_ENGINE_DEV_NAME] = ENG("dev-name", CPO_ATTR_STRING, dev_name),
	[CPO_A_ENGINE_TYPE] = ENG("type", CPO_ATTR_U32, type,
				  .values = &cpo_engine_type_enum),
	[CPO_A_ENGINE_VENDOR] = ENG("vendor", CPO_ATTR_STRING, vendor),
	[CPO_A_ENGINE_PART_NUMBER] = ENG("part-number", CPO_ATTR_STRING,
					 part_number),
	[CPO_A_ENGINE_SERIAL] = ENG("serial", CPO_ATTR_STRING, serial),
	[CPO_A_ENGINE_HW_REV] = ENG("hw-rev", CPO_ATTR_STRING, hw_rev),
	[CPO_A_ENGINE_FW_VERSION] = ENG("fw-version", CPO_ATTR_STRING,
					fw_version),
	[CPO_A_ENGINE_LOCATION] = ENG("location", CPO_ATTR_STRING, location),
	[CPO_A_ENGINE_FIELD_REPLACEABLE] = ENG("field-replaceable",
					       CPO_ATTR_FLAG,
					       field_replaceable),
	[CPO_A_ENGINE_LANE_COUNT] = ENG("lane-count", CPO_ATTR_U32,
					lane_count),
	[CPO_A_ENGINE_LANE_RATE] = ENG("lane-rate", CPO_ATTR_U32, lane_rate),
	[CPO_A_ENGINE_MEDIA_TYPE] = ENG("media-type", CPO_ATTR_U32, media_type,
					.values = &cpo_media_type_enum),
	[CPO_A_ENGINE_MODULE_STATE] = ENG("module-state", CPO_ATTR_U32,
					  module_state,
					  .values = &cpo_module_state_enum),
	[CPO_A_ENGINE_POWER_MODE] = ENG("power-mode", CPO_ATTR_U32, power_mode,
					.values = &cpo_power_mode_enum),
	[CPO_A_ENGINE_TEMPERATURE] = ENG("temperature", CPO_ATTR_S32,
					 temperature),
	[CPO_A_ENGINE_VOLTAGE] = ENG("voltage", CPO_ATTR_U32, voltage),
	[CPO_A_ENGINE_FW_INACTIVE] = ENG("fw-inactive", CPO_ATTR_STRING,
					 fw_inactive),
	[CPO_A_ENGINE_FAULT_CAUSE] = ENG("fault-cause", CPO_ATTR_U32,
					 fault_cause,
					 .values = &cpo_fault_cause_enum),
	[CPO_A_ENGINE_POWER_DRAW] = ENG("power-draw", CPO_ATTR_U32, power_draw),
	[CPO_A_ENGINE_ENERGY_PER_BIT] = ENG("energy-per-bit", CPO_ATTR_U32,
					    energy_per_bit),
};

const struct cpo_attr_set cpo_engine_attr_set = {
	.name = "engine",
	.attrs = engine_attrs,
	.max = CPO_A_ENGINE_MAX,
};

static const struct cpo_attr_desc lane_attrs[CPO_A_LANE_MAX + 1] = {
	[CPO_A_LANE_ID] = LANE("id", CPO_ATTR_U32, id),
	[CPO_A_LANE_ENGINE_ID] = LANE("engine-id", CPO_ATTR_U32, engine_id),
	[CPO_A_LANE_INDEX] = LANE("index", CPO_ATTR_U32, index),
	[CPO_A_LANE_DP_STATE] = LANE("dp-state", CPO_ATTR_U32, dp_state,
				     .values = &cpo_dp_state_enum),
	[CPO_A_LANE_TX_ENABLE] = LANE("tx-enable", CPO_ATTR_U8, tx_enable),
	[CPO_A_LANE_POWER] = LANE("power", CPO_ATTR_U32, power,
				  .values = &cpo_lane_power_enum),
	[CPO_A_LANE_TX_POWER] = LANE("tx-power", CPO_ATTR_U32, tx_power),
	[CPO_A_LANE_RX_POWER] = LANE("rx-power", CPO_ATTR_U32, rx_power),
	[CPO_A_LANE_TX_BIAS] = LANE("tx-bias", CPO_ATTR_U32, tx_bias),
	[CPO_A_LANE_RX_LOS] = LANE("rx-los", CPO_ATTR_U8, rx_los),
	[CPO_A_LANE_RX_LOL] = LANE("rx-lol", CPO_ATTR_U8, rx_lol),
	[CPO_A_LANE_TX_FAULT] = LANE("tx-fault", CPO_ATTR_U8, tx_fault),
	[CPO_A_LANE_RX_ENABLE] = LANE("rx-enable", CPO_ATTR_U8, rx_enable),
	[CPO_A_LANE_PAD] = PAD("pad"),
	[CPO_A_LANE_PRE_FEC_BER] = LANE("pre-fec-ber", CPO_ATTR_U64,
					pre_fec_ber),
	[CPO_A_LANE_SNR] = LANE("snr", CPO_ATTR_U32, snr),
	[CPO_A_LANE_FIBER_POSITION] = LANE("fiber-position", CPO_ATTR_STRING,
					   fiber_position),
	[CPO_A_LANE_FIBER_CONNECTED] = LANE("fiber-connected", CPO_ATTR_U8,
					    fiber_connected),
	[CPO_A_LANE_LASER_ID] = LANE("laser-id", CPO_ATTR_U32, laser_id),
	[CPO_A_LANE_IFINDEX] = LANE("ifindex", CPO_ATTR_U32, ifindex),
	[CPO_A_LANE_IFNAME] = LANE("ifname", CPO_ATTR_STRING, ifname),
};

const struct cpo_attr_set cpo_lane_attr_set = {
	.name = "lane",
	.attrs = lane_attrs,
	.max = CPO_A_LANE_MAX,
};

static const struct cpo_attr_desc laser_attrs[CPO_A_LASER_MAX + 1] = {
	[CPO_A_LASER_ID] = LASER("id", CPO_ATTR_U32, id),
	[CPO_A_LASER_DEV_NAME] = LASER("dev-name", CPO_ATTR_STRING, dev_name),
	[CPO_A_LASER_TYPE] = LASER("type", CPO_ATTR_U32, type,
				   .values = &cpo_laser_type_enum),
	[CPO_A_LASER_LOCATION] = LASER("location", CPO_ATTR_STRING, location),
	[CPO_A_LASER_ROLE] = LASER("role", CPO_ATTR_U32, role,
				   .values = &cpo_laser_role_enum),
	[CPO_A_LASER_STATE] = LASER("state", CPO_ATTR_U32, state,
				    .values = &cpo_laser_state_enum),
	[CPO_A_LASER_ENABLE] = LASER("enable", CPO_ATTR_U8, enable),
	[CPO_A_LASER_WAVELENGTH] = LASER("wavelength", CPO_ATTR_U32,
					 wavelength),
	[CPO_A_LASER_OUTPUT_POWER] = LASER("output-power", CPO_ATTR_U32,
					   output_power),
	[CPO_A_LASER_BIAS] = LASER("bias", CPO_ATTR_U32, bias),
	[CPO_A_LASER_TEMPERATURE] = LASER("temperature", CPO_ATTR_S32,
					  temperature),
	[CPO_A_LASER_HOURS] = LASER("hours", CPO_ATTR_U32, hours),
	[CPO_A_LASER_SPARE_ID] = LASER("spare-id", CPO_ATTR_U32, spare_id),
	[CPO_A_LASER_COVERING_ID] = LASER("covering-id", CPO_ATTR_U32,
					  covering_id),
	[CPO_A_LASER_FAILOVER_POLICY] = LASER("failover-policy", CPO_ATTR_U32,
					      failover_policy,
					      .values = &cpo_failover_policy_enum),
	[CPO_A_LASER_FAILOVER] = LASER("failover", CPO_ATTR_FLAG, failover),
	[CPO_A_LASER_LANE_ID] = LASER("lane-id", CPO_ATTR_U32_MULTI, lane_ids),
};

const struct cpo_attr_set cpo_laser_attr_set = {
	.name = "laser",
	.attrs = laser_attrs,
	.max = CPO_A_LASER_MAX,
};

static const struct cpo_attr_desc topology_attrs[CPO_A_TOPOLOGY_MAX + 1] = {
	[CPO_A_TOPOLOGY_ENGINE_ID] = TOPO("engine-id", CPO_ATTR_U32, engine_id),
	[CPO_A_TOPOLOGY_LASER_ID] = TOPO("laser-id", CPO_ATTR_U32, laser_id),
	[CPO_A_TOPOLOGY_LANE_ID] = TOPO("lane-id", CPO_ATTR_U32_MULTI,
					lane_ids),
	[CPO_A_TOPOLOGY_IFINDEX] = TOPO("ifindex", CPO_ATTR_U32_MULTI,
					ifindexes),
	[CPO_A_TOPOLOGY_SPARE_ID] = TOPO("spare-id", CPO_ATTR_U32, spare_id),
};

const struct cpo_attr_set cpo_topology_attr_set = {
	.name = "topology",
	.attrs = topology_attrs,
	.max = CPO_A_TOPOLOGY_MAX,
};

const struct cpo_attr_desc *cpo_attr_desc(const struct cpo_attr_set *set,
					  uint32_t type)
{
	if (!set || type == 0 || type > set->max)
		return NULL;
	if (set->attrs[type].kind == CPO_ATTR_NONE)
		return NULL;
	return &set->attrs[type];
}

const char *cpo_attr_name(const struct cpo_attr_set *set, uint32_t type)
{
	const struct cpo_attr_desc *d = cpo_attr_desc(set, type);

	return d ? d->name : NULL;
}

int cpo_attr_walk(const struct nlmsghdr *nlh, size_t offset,
		  cpo_attr_walk_cb cb, void *data)
{
	const char *p, *end;
	int ret;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN ||
	    mnl_nlmsg_get_payload_len(nlh) < offset)
		return -EBADMSG;
	p = (const char *)mnl_nlmsg_get_payload_offset(nlh, offset);
	end = (const char *)nlh + nlh->nlmsg_len;
	while (p < end) {
		const struct nlattr *attr = (const struct nlattr *)p;

		if (!mnl_attr_ok(attr, end - p))
			return -EBADMSG;
		ret = cb(attr, data);
		if (ret)
			return ret;
		p += MNL_ALIGN(attr->nla_len);
	}
	return 0;
}

struct parse_ctx {
	const struct cpo_attr_set *set;
	char *obj;
	uint64_t *present;
	struct cpo_error *err;
	bool reported;
};

static int parse_one(const struct nlattr *attr, void *data)
{
	static const enum mnl_attr_data_type mnl_type[] = {
		[CPO_ATTR_U8] = MNL_TYPE_U8,
		[CPO_ATTR_U32] = MNL_TYPE_U32,
		[CPO_ATTR_S32] = MNL_TYPE_U32,
		[CPO_ATTR_STRING] = MNL_TYPE_NUL_STRING,
		[CPO_ATTR_FLAG] = MNL_TYPE_FLAG,
		[CPO_ATTR_U64] = MNL_TYPE_U64,
		[CPO_ATTR_U32_MULTI] = MNL_TYPE_U32,
	};
	struct parse_ctx *ctx = data;
	uint16_t type = mnl_attr_get_type(attr);
	const struct cpo_attr_desc *d = cpo_attr_desc(ctx->set, type);
	struct cpo_id_list *list;
	char *field;

	/* newer kernel: not ours to interpret; pad: nothing to interpret */
	if (!d || d->kind == CPO_ATTR_PAD)
		return 0;
	if (mnl_attr_validate(attr, mnl_type[d->kind]) < 0) {
		ctx->reported = true;
		return cpo_err_set(ctx->err, EBADMSG,
				   "malformed %s attribute %s",
				   ctx->set->name, d->name);
	}
	field = ctx->obj + d->offset;
	switch (d->kind) {
	case CPO_ATTR_U8:
		*(uint8_t *)field = mnl_attr_get_u8(attr);
		break;
	case CPO_ATTR_U32:
	case CPO_ATTR_S32:
		/* same bits either way; the field's type gives the sign */
		memcpy(field, mnl_attr_get_payload(attr), sizeof(uint32_t));
		break;
	case CPO_ATTR_STRING:
		/* truncate rather than fail: the rest is still useful */
		strncpy(field, mnl_attr_get_str(attr), d->size - 1);
		field[d->size - 1] = '\0';
		break;
	case CPO_ATTR_FLAG:
		*(bool *)field = true;
		break;
	case CPO_ATTR_U64:
		/* only 4-byte aligned when the kernel needed no pad */
		memcpy(field, mnl_attr_get_payload(attr), sizeof(uint64_t));
		break;
	case CPO_ATTR_U32_MULTI:
		list = (struct cpo_id_list *)field;
		if (list->n < CPO_LIST_MAX)
			list->ids[list->n++] = mnl_attr_get_u32(attr);
		else
			list->truncated = true;
		break;
	case CPO_ATTR_NONE:
	case CPO_ATTR_PAD:
		return 0;
	}
	*ctx->present |= CPO_BIT(type);
	return 0;
}

int cpo_attrs_parse(const struct nlmsghdr *nlh, const struct cpo_attr_set *set,
		    void *obj, uint64_t *present, struct cpo_error *err)
{
	struct parse_ctx ctx = {
		.set = set, .obj = obj, .present = present, .err = err,
	};
	int ret;

	*present = 0;
	if (nlh->nlmsg_len < mnl_nlmsg_size(GENL_HDRLEN))
		return cpo_err_set(err, EBADMSG, "%s message too short",
				   set->name);
	ret = cpo_attr_walk(nlh, GENL_HDRLEN, parse_one, &ctx);
	if (ret == -EBADMSG && !ctx.reported)
		return cpo_err_set(err, EBADMSG, "truncated %s message",
				   set->name);
	return ret;
}

int cpo_attrs_put(struct nlmsghdr *nlh, size_t buflen,
		  const struct cpo_attr_set *set, const void *obj,
		  uint64_t present, uint64_t mask)
{
	const struct cpo_id_list *list;
	const char *base = obj;
	uint32_t type, i;
	bool ok = true;

	for (type = 1; type <= set->max && ok; type++) {
		const struct cpo_attr_desc *d = cpo_attr_desc(set, type);
		const void *field;

		if (!d || !cpo_has(present & mask, type))
			continue;
		field = base + d->offset;
		switch (d->kind) {
		case CPO_ATTR_U8:
			ok = mnl_attr_put_u8_check(nlh, buflen, type,
						   *(const uint8_t *)field);
			break;
		case CPO_ATTR_U32:
		case CPO_ATTR_S32:
			ok = mnl_attr_put_check(nlh, buflen, type,
						sizeof(uint32_t), field);
			break;
		case CPO_ATTR_STRING:
			ok = mnl_attr_put_strz_check(nlh, buflen, type, field);
			break;
		case CPO_ATTR_FLAG:
			if (*(const bool *)field)
				ok = mnl_attr_put_check(nlh, buflen, type, 0,
							NULL);
			break;
		case CPO_ATTR_U64:
			/* the kernel takes an unaligned u64 in a request */
			ok = mnl_attr_put_check(nlh, buflen, type,
						sizeof(uint64_t), field);
			break;
		case CPO_ATTR_U32_MULTI:
			list = field;
			for (i = 0; i < list->n && i < CPO_LIST_MAX && ok; i++)
				ok = mnl_attr_put_u32_check(nlh, buflen, type,
							    list->ids[i]);
			break;
		case CPO_ATTR_NONE:
		case CPO_ATTR_PAD:
			break;
		}
	}
	return ok ? 0 : -ENOSPC;
}
