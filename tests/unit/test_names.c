// SPDX-License-Identifier: GPL-2.0
/*
 * Enum and attribute tables: complete for the uapi header, and equal to
 * the YAML spec they come from (read here with a small line parser that
 * knows the spec's layout).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "cpoctl.h"

#ifndef CPO_SPEC
#error "CPO_SPEC must name Documentation/netlink/specs/cpo.yaml"
#endif

struct uapi_enum {
	const struct cpo_enum *e;
	uint32_t max;
};

static const struct uapi_enum uapi_enums[] = {
	{ &cpo_engine_type_enum, CPO_ENGINE_TYPE_MAX },
	{ &cpo_media_type_enum, CPO_MEDIA_TYPE_MAX },
	{ &cpo_module_state_enum, CPO_MODULE_STATE_MAX },
	{ &cpo_power_mode_enum, CPO_POWER_MODE_MAX },
	{ &cpo_dp_state_enum, CPO_DP_STATE_MAX },
	{ &cpo_lane_power_enum, CPO_LANE_POWER_MAX },
	{ &cpo_fault_cause_enum, CPO_FAULT_CAUSE_MAX },
	{ &cpo_laser_type_enum, CPO_LASER_TYPE_MAX },
	{ &cpo_laser_state_enum, CPO_LASER_STATE_MAX },
	{ &cpo_laser_role_enum, CPO_LASER_ROLE_MAX },
	{ &cpo_failover_policy_enum, CPO_FAILOVER_POLICY_MAX },
	{ &cpo_quantity_enum, CPO_QUANTITY_MAX },
	{ &cpo_alarm_level_enum, CPO_ALARM_LEVEL_MAX },
	{ &cpo_fw_bank_enum, CPO_FW_BANK_MAX },
	{ &cpo_flash_state_enum, CPO_FLASH_STATE_MAX },
	{ &cpo_loopback_enum, CPO_LOOPBACK_MAX },
	{ &cpo_test_side_enum, CPO_TEST_SIDE_MAX },
	{ &cpo_prbs_pattern_enum, CPO_PRBS_PATTERN_MAX },
	{ &cpo_test_state_enum, CPO_TEST_STATE_MAX },
	{ &cpo_slot_state_enum, CPO_SLOT_STATE_MAX },
	{ &cpo_service_step_enum, CPO_SERVICE_STEP_MAX },
	{ &cpo_service_state_enum, CPO_SERVICE_STATE_MAX },
	{ &cpo_cmd_enum, CPO_CMD_MAX },
};

static void test_enum_tables_complete(void)
{
	unsigned int i, n = 0;
	uint32_t v, back;

	for (i = 0; i < CPO_ARRAY_SIZE(uapi_enums); i++) {
		const struct cpo_enum *e = uapi_enums[i].e;

		CU_ASSERT_EQUAL(e->max, uapi_enums[i].max);
		CU_ASSERT_PTR_NULL(cpo_enum_name(e, 0));
		for (v = 1; v <= uapi_enums[i].max; v++) {
			const char *name = cpo_enum_name(e, v);

			CU_ASSERT_PTR_NOT_NULL_FATAL(name);
			CU_ASSERT_EQUAL(cpo_enum_value(e, name, &back), 0);
			CU_ASSERT_EQUAL(back, v);
		}
	}
	while (cpo_enums[n])
		n++;
	/* every spec enum is listed, the cmd table is not an attribute enum */
	CU_ASSERT_EQUAL(n, CPO_ARRAY_SIZE(uapi_enums) - 1);
}

static void test_enum_names_and_unknowns(void)
{
	uint32_t v = 12345;

	T_ASSERT_STR(cpo_enum_name(&cpo_dp_state_enum, CPO_DP_STATE_TX_TURN_ON),
		     "tx-turn-on");
	T_ASSERT_STR(cpo_enum_name(&cpo_module_state_enum,
				   CPO_MODULE_STATE_LOW_PWR), "low-pwr");
	T_ASSERT_STR(cpo_enum_name(&cpo_lane_power_enum, CPO_LANE_POWER_DOWN),
		     "down");
	CU_ASSERT_PTR_NULL(cpo_enum_name(&cpo_dp_state_enum,
					 CPO_DP_STATE_MAX + 1));
	CU_ASSERT_PTR_NULL(cpo_enum_name(&cpo_dp_state_enum, UINT32_MAX));
	CU_ASSERT_EQUAL(cpo_enum_value(&cpo_dp_state_enum, "bogus", &v),
			-EINVAL);
	CU_ASSERT_EQUAL(cpo_enum_value(&cpo_module_state_enum, "READY", &v),
			-EINVAL);
	CU_ASSERT_EQUAL(cpo_enum_value(&cpo_power_mode_enum, "", &v), -EINVAL);
	CU_ASSERT_EQUAL(v, 12345);	/* untouched on failure */
	CU_ASSERT_EQUAL(cpo_enum_value(&cpo_power_mode_enum, "high", &v), 0);
	CU_ASSERT_EQUAL(v, CPO_POWER_MODE_HIGH);
	/* the spec quotes "off" and "on": the names are the bare words */
	T_ASSERT_STR(cpo_enum_name(&cpo_laser_state_enum, CPO_LASER_STATE_OFF),
		     "off");
	T_ASSERT_STR(cpo_enum_name(&cpo_laser_state_enum,
				   CPO_LASER_STATE_STANDBY), "standby");
	T_ASSERT_STR(cpo_enum_name(&cpo_fault_cause_enum,
				   CPO_FAULT_CAUSE_TEC_RUNAWAY), "tec-runaway");
	CU_ASSERT_EQUAL(cpo_enum_value(&cpo_failover_policy_enum, "manual",
				       &v), 0);
	CU_ASSERT_EQUAL(v, CPO_FAILOVER_POLICY_MANUAL);
}

static void test_quantity_and_level_names(void)
{
	static const char *const quantities[] = {
		NULL, "temperature", "voltage", "power-draw", "tx-power",
		"rx-power", "tx-bias", "pre-fec-ber", "rx-los", "rx-lol",
		"tx-fault", "unreachable",
	};
	static const char *const levels[] = {
		NULL, "high-alarm", "low-alarm", "high-warning", "low-warning",
		"asserted",
	};
	uint32_t v;

	CU_ASSERT_EQUAL(CPO_ARRAY_SIZE(quantities), CPO_QUANTITY_MAX + 1);
	CU_ASSERT_EQUAL(CPO_ARRAY_SIZE(levels), CPO_ALARM_LEVEL_MAX + 1);
	for (v = 1; v <= CPO_QUANTITY_MAX; v++)
		T_ASSERT_STR(cpo_enum_name(&cpo_quantity_enum, v),
			     quantities[v]);
	for (v = 1; v <= CPO_ALARM_LEVEL_MAX; v++)
		T_ASSERT_STR(cpo_enum_name(&cpo_alarm_level_enum, v),
			     levels[v]);
	CU_ASSERT_EQUAL(cpo_enum_value(&cpo_quantity_enum, "rx-power", &v), 0);
	CU_ASSERT_EQUAL(v, CPO_QUANTITY_RX_POWER);
	CU_ASSERT_EQUAL(cpo_enum_value(&cpo_quantity_enum, "pre-fec-ber", &v),
			0);
	CU_ASSERT_EQUAL(v, CPO_QUANTITY_PRE_FEC_BER);
	CU_ASSERT_EQUAL(cpo_enum_value(&cpo_alarm_level_enum, "low-warning",
				       &v), 0);
	CU_ASSERT_EQUAL(v, CPO_ALARM_LEVEL_LOW_WARNING);
	CU_ASSERT_EQUAL(cpo_enum_value(&cpo_alarm_level_enum, "warning", &v),
			-EINVAL);
	CU_ASSERT_EQUAL(cpo_enum_value(&cpo_quantity_enum, "rx_power", &v),
			-EINVAL);
	CU_ASSERT_PTR_NULL(cpo_enum_name(&cpo_quantity_enum, 0));
	CU_ASSERT_PTR_NULL(cpo_enum_name(&cpo_quantity_enum,
					 CPO_QUANTITY_MAX + 1));
	CU_ASSERT_PTR_NULL(cpo_enum_name(&cpo_alarm_level_enum,
					 CPO_ALARM_LEVEL_MAX + 1));
	/* the attributes that carry them name them */
	CU_ASSERT_PTR_EQUAL(cpo_attr_desc(&cpo_alarm_attr_set,
					  CPO_A_ALARM_LEVEL)->values,
			    &cpo_alarm_level_enum);
	CU_ASSERT_PTR_EQUAL(cpo_attr_desc(&cpo_threshold_attr_set,
					  CPO_A_THRESHOLD_QUANTITY)->values,
			    &cpo_quantity_enum);
}

static void test_attr_sets_complete(void)
{
	const struct cpo_attr_set *sets[] = {
		&cpo_engine_attr_set, &cpo_lane_attr_set, &cpo_laser_attr_set,
		&cpo_topology_attr_set, &cpo_threshold_attr_set,
		&cpo_alarm_attr_set, &cpo_firmware_attr_set,
		&cpo_flash_attr_set, &cpo_test_attr_set,
		&cpo_selftest_attr_set, &cpo_diag_attr_set,
		&cpo_blast_radius_attr_set,
		&cpo_stats_attr_set, &cpo_service_attr_set,
	};
	const uint32_t max[] = {
		CPO_A_ENGINE_MAX, CPO_A_LANE_MAX, CPO_A_LASER_MAX,
		CPO_A_TOPOLOGY_MAX, CPO_A_THRESHOLD_MAX, CPO_A_ALARM_MAX,
		CPO_A_FIRMWARE_MAX, CPO_A_FLASH_MAX, CPO_A_TEST_MAX,
		CPO_A_SELFTEST_MAX, CPO_A_DIAG_MAX, CPO_A_BLAST_RADIUS_MAX,
		CPO_A_STATS_MAX, CPO_A_SERVICE_MAX,
	};
	const size_t size[] = {
		sizeof(struct cpo_engine), sizeof(struct cpo_lane),
		sizeof(struct cpo_laser), sizeof(struct cpo_topology),
		sizeof(struct cpo_threshold), sizeof(struct cpo_alarm),
		sizeof(struct cpo_firmware), sizeof(struct cpo_flash),
		sizeof(struct cpo_test), sizeof(struct cpo_selftest),
		sizeof(struct cpo_diag), sizeof(struct cpo_blast_radius),
		sizeof(struct cpo_stats), sizeof(struct cpo_service),
	};
	unsigned int i, n = 0;
	uint32_t t;

	while (cpo_attr_sets[n])
		n++;
	CU_ASSERT_EQUAL(n, CPO_ARRAY_SIZE(sets));
	for (i = 0; i < CPO_ARRAY_SIZE(sets); i++) {
		CU_ASSERT_PTR_EQUAL(cpo_attr_sets[i], sets[i]);
		CU_ASSERT_EQUAL(sets[i]->max, max[i]);
		CU_ASSERT_EQUAL(sets[i]->obj_size, size[i]);
		CU_ASSERT_PTR_NULL(cpo_attr_desc(sets[i], 0));
		CU_ASSERT_PTR_NULL(cpo_attr_desc(sets[i], max[i] + 1));
		for (t = 1; t <= max[i]; t++) {
			const struct cpo_attr_desc *d = cpo_attr_desc(sets[i], t);

			CU_ASSERT_PTR_NOT_NULL_FATAL(d);
			CU_ASSERT_PTR_NOT_NULL(d->name);
			CU_ASSERT_NOT_EQUAL(d->kind, CPO_ATTR_NONE);
			/* every attribute but a pad has a field */
			CU_ASSERT_EQUAL(d->size > 0, d->kind != CPO_ATTR_PAD);
			/* a nest, and only a nest, names its set */
			CU_ASSERT_EQUAL(d->nested != NULL,
					d->kind == CPO_ATTR_NEST_MULTI ||
					d->kind == CPO_ATTR_NEST);
		}
	}
	T_ASSERT_STR(cpo_attr_name(&cpo_lane_attr_set, CPO_A_LANE_TX_POWER),
		     "tx-power");
	T_ASSERT_STR(cpo_attr_name(&cpo_engine_attr_set,
				   CPO_A_ENGINE_FIELD_REPLACEABLE),
		     "field-replaceable");
	T_ASSERT_STR(cpo_attr_name(&cpo_laser_attr_set,
				   CPO_A_LASER_FAILOVER_POLICY),
		     "failover-policy");
	T_ASSERT_STR(cpo_attr_name(&cpo_topology_attr_set,
				   CPO_A_TOPOLOGY_IFINDEX), "ifindex");
	/* field sizes that parsing relies on */
	CU_ASSERT_EQUAL(cpo_attr_desc(&cpo_lane_attr_set,
				      CPO_A_LANE_PRE_FEC_BER)->size, 8);
	CU_ASSERT_EQUAL(cpo_attr_desc(&cpo_laser_attr_set,
				      CPO_A_LASER_LANE_ID)->size,
			sizeof(struct cpo_id_list));
	CU_ASSERT_EQUAL(cpo_attr_desc(&cpo_alarm_attr_set,
				      CPO_A_ALARM_VALUE)->kind, CPO_ATTR_S64);
	/* a nest list holds CPO_DIAG_MAX objects */
	CU_ASSERT_EQUAL(cpo_nest_list_max(cpo_attr_desc(&cpo_diag_attr_set,
							CPO_A_DIAG_THRESHOLD)),
			CPO_DIAG_MAX);
	CU_ASSERT_EQUAL(cpo_nest_list_max(cpo_attr_desc(&cpo_diag_attr_set,
							CPO_A_DIAG_ALARM)),
			CPO_DIAG_MAX);
}

static void test_event_names(void)
{
	char buf[64];
	uint32_t cmd;
	unsigned int events = 0;

	for (cmd = 1; cmd <= CPO_CMD_MAX; cmd++) {
		const char *op = cpo_enum_name(&cpo_cmd_enum, cmd);
		const char *ev = cpo_event_name(cmd);
		size_t len = strlen(op);
		bool ntf = len > 4 && !strcmp(op + len - 4, "-ntf");

		CU_ASSERT_EQUAL(ev != NULL, ntf);
		if (ev) {
			snprintf(buf, sizeof(buf), "%s-ntf", ev);
			T_ASSERT_STR(buf, op);
			events++;
		}
	}
	CU_ASSERT_EQUAL(events, 17);
	T_ASSERT_STR(cpo_event_name(CPO_CMD_LANE_TEST_NTF), "lane-test");
	T_ASSERT_STR(cpo_event_name(CPO_CMD_ENGINE_SELFTEST_NTF),
		     "engine-selftest");
	T_ASSERT_STR(cpo_event_name(CPO_CMD_ENGINE_FLASH_NTF), "engine-flash");
	T_ASSERT_STR(cpo_event_name(CPO_CMD_LASER_FLASH_NTF), "laser-flash");
	T_ASSERT_STR(cpo_event_name(CPO_CMD_ALARM_NTF), "alarm");
	T_ASSERT_STR(cpo_event_name(CPO_CMD_LANE_CHANGE_NTF), "lane-change");
	T_ASSERT_STR(cpo_event_name(CPO_CMD_LASER_FAILOVER_NTF),
		     "laser-failover");
	T_ASSERT_STR(cpo_event_name(CPO_CMD_LASER_FAILBACK_NTF),
		     "laser-failback");
	CU_ASSERT_PTR_NULL(cpo_event_name(CPO_CMD_MAX + 1));
	CU_ASSERT_PTR_NULL(cpo_event_name(0));
}

/* ---- the spec ---- */

#define SPEC_MAX	256

struct spec_item {
	char parent[64];	/* enum or attribute set; "" for operations */
	char name[64];
	char type[32];		/* attributes: u32, string, ... */
	char enum_name[64];	/* attributes: enum: */
	char nested[64];	/* attributes: nested-attributes: */
	bool multi;		/* attributes: multi-attr: true */
	bool has_max;		/* attributes: checks: max: */
	long long max;
};

/* The attributes of one operation's do or dump request. */
struct spec_request {
	char op[64];
	bool dump;
	char set[64];		/* the operation's attribute-set */
	unsigned int n;
	char attrs[32][64];
};

struct spec {
	struct spec_item enums[SPEC_MAX];	/* enum entries */
	struct spec_item attrs[SPEC_MAX];
	struct spec_item ops[SPEC_MAX];
	struct spec_request reqs[SPEC_MAX];	/* every do and dump */
	unsigned int n_enums, n_attrs, n_ops, n_reqs;
	char mcgrp[64];
};

/* "<indent spaces>key: value" -> value, or NULL */
static const char *spec_field(const char *line, int indent, const char *key)
{
	size_t klen = strlen(key);
	int i;

	for (i = 0; i < indent; i++)
		if (line[i] != ' ')
			return NULL;
	if (strncmp(line + indent, key, klen) || line[indent + klen] != ':' ||
	    line[indent + klen + 1] != ' ')
		return NULL;
	return line + indent + klen + 2;
}

static void copy_word(char *dst, size_t len, const char *src)
{
	size_t n = strcspn(src, " \n#");

	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * An operation's lines: "name:" and "attribute-set:" at 6, "do:" or
 * "dump:" at 6, "request:" or "reply:" at 8, attribute names as "- id" at
 * 12 (request attributes only).
 */
static void spec_op_line(struct spec *s, const char *line, bool *in_request)
{
	struct spec_request *r = s->n_reqs ? &s->reqs[s->n_reqs - 1] : NULL;
	const char *v;

	if ((v = spec_field(line, 6, "name"))) {
		if (s->n_ops < SPEC_MAX)
			copy_word(s->ops[s->n_ops++].name,
				  sizeof(s->ops[0].name), v);
		*in_request = false;
	} else if ((v = spec_field(line, 6, "attribute-set")) && s->n_ops) {
		copy_word(s->ops[s->n_ops - 1].parent, sizeof(s->ops[0].parent),
			  v);
	} else if (!strncmp(line, "      do:", 9) ||
		   !strncmp(line, "      dump:", 11)) {
		if (s->n_reqs >= SPEC_MAX || !s->n_ops)
			return;
		r = &s->reqs[s->n_reqs++];
		/* same sizes, both NUL-terminated by copy_word() */
		memcpy(r->op, s->ops[s->n_ops - 1].name, sizeof(r->op));
		memcpy(r->set, s->ops[s->n_ops - 1].parent, sizeof(r->set));
		r->dump = line[7] == 'u';
		*in_request = false;
	} else if (!strncmp(line, "        request:", 16)) {
		*in_request = true;
	} else if (!strncmp(line, "        reply:", 14)) {
		*in_request = false;
	} else if (*in_request && r && !strncmp(line, "            - ", 14) &&
		   r->n < 32) {
		copy_word(r->attrs[r->n++], sizeof(r->attrs[0]), line + 14);
	}
}

static int spec_read(struct spec *s)
{
	char line[512], parent[64] = "", section[64] = "";
	struct spec_item *it = NULL;
	bool in_request = false;
	const char *v;
	FILE *fp;

	memset(s, 0, sizeof(*s));
	fp = fopen(CPO_SPEC, "r");
	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		if (line[0] != ' ' && line[0] != '\n' && line[0] != '#') {
			copy_word(section, sizeof(section), line);
			continue;
		}
		if (!strcmp(section, "definitions:") ||
		    !strcmp(section, "attribute-sets:")) {
			bool attrs = section[0] == 'a';

			if ((v = spec_field(line, 4, "name"))) {
				copy_word(parent, sizeof(parent), v);
			} else if ((v = spec_field(line, 8, "name"))) {
				unsigned int *n = attrs ? &s->n_attrs : &s->n_enums;

				if (*n >= SPEC_MAX)
					break;
				it = attrs ? &s->attrs[*n] : &s->enums[*n];
				(*n)++;
				copy_word(it->parent, sizeof(it->parent), parent);
				/* "off" and "on" are quoted (YAML 1.1 booleans) */
				copy_word(it->name, sizeof(it->name),
					  v + (*v == '"'));
				it->name[strcspn(it->name, "\"")] = '\0';
			} else if (attrs && it && (v = spec_field(line, 8, "type"))) {
				copy_word(it->type, sizeof(it->type), v);
			} else if (attrs && it && (v = spec_field(line, 8, "enum"))) {
				copy_word(it->enum_name, sizeof(it->enum_name), v);
			} else if (attrs && it &&
				   (v = spec_field(line, 8, "nested-attributes"))) {
				copy_word(it->nested, sizeof(it->nested), v);
			} else if (attrs && it &&
				   (v = spec_field(line, 8, "multi-attr"))) {
				it->multi = !strncmp(v, "true", 4);
			} else if (attrs && it &&
				   (v = spec_field(line, 10, "max"))) {
				/* under "checks:" */
				it->max = strtoll(v, NULL, 0);
				it->has_max = true;
			}
		} else if (!strcmp(section, "operations:")) {
			spec_op_line(s, line, &in_request);
		} else if (!strcmp(section, "mcast-groups:")) {
			if ((v = spec_field(line, 6, "name")))
				copy_word(s->mcgrp, sizeof(s->mcgrp), v);
		}
	}
	fclose(fp);
	return 0;
}

static const struct cpo_enum *lib_enum(const char *name)
{
	unsigned int i;

	for (i = 0; cpo_enums[i]; i++)
		if (!strcmp(cpo_enums[i]->name, name))
			return cpo_enums[i];
	return NULL;
}

static const struct cpo_attr_set *lib_set(const char *name)
{
	unsigned int i;

	for (i = 0; cpo_attr_sets[i]; i++)
		if (!strcmp(cpo_attr_sets[i]->name, name))
			return cpo_attr_sets[i];
	return NULL;
}

/* The spec's wire type of a kind; multi-attr is a separate property. */
static const char *kind_name(enum cpo_attr_kind k)
{
	switch (k) {
	case CPO_ATTR_U8: return "u8";
	case CPO_ATTR_U32: return "u32";
	case CPO_ATTR_U32_MULTI: return "u32";
	case CPO_ATTR_S32: return "s32";
	case CPO_ATTR_U64: return "u64";
	case CPO_ATTR_S64: return "s64";
	case CPO_ATTR_NEST_MULTI: return "nest";
	case CPO_ATTR_NEST: return "nest";
	case CPO_ATTR_PAD: return "pad";
	case CPO_ATTR_STRING: return "string";
	case CPO_ATTR_FLAG: return "flag";
	case CPO_ATTR_BINARY: return "binary";
	default: return "none";
	}
}

static void test_names_match_spec(void)
{
	static struct spec s;
	const struct cpo_enum *e = NULL;
	const struct cpo_attr_set *set = NULL;
	uint32_t value = 0, total = 0, n_enums = 0, n_sets = 0;
	unsigned int i;
	char prev[64] = "";

	CU_ASSERT_EQUAL_FATAL(spec_read(&s), 0);
	CU_ASSERT(s.n_enums > 0 && s.n_attrs > 0 && s.n_ops > 0);

	/* enum entries: value = position from 1, same names */
	for (i = 0; i < s.n_enums; i++) {
		if (strcmp(prev, s.enums[i].parent)) {
			if (e)
				CU_ASSERT_EQUAL(value, e->max);
			strcpy(prev, s.enums[i].parent);
			e = lib_enum(prev);
			if (!e)
				fprintf(stderr, "\n  no table for enum %s\n", prev);
			CU_ASSERT_PTR_NOT_NULL_FATAL(e);
			value = 0;
			n_enums++;
		}
		value++;
		T_ASSERT_STR(cpo_enum_name(e, value), s.enums[i].name);
	}
	CU_ASSERT_EQUAL(value, e ? e->max : 0);
	for (i = 0; cpo_enums[i]; i++)
		total++;
	CU_ASSERT_EQUAL(n_enums, total);

	/* attributes: same order, names, wire types and enums */
	prev[0] = '\0';
	for (i = 0; i < s.n_attrs; i++) {
		const struct cpo_attr_desc *d;

		if (strcmp(prev, s.attrs[i].parent)) {
			if (set)
				CU_ASSERT_EQUAL(value, set->max);
			strcpy(prev, s.attrs[i].parent);
			set = lib_set(prev);
			if (!set)
				fprintf(stderr, "\n  no table for set %s\n", prev);
			CU_ASSERT_PTR_NOT_NULL_FATAL(set);
			value = 0;
			n_sets++;
		}
		d = cpo_attr_desc(set, ++value);
		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		T_ASSERT_STR(d->name, s.attrs[i].name);
		T_ASSERT_STR(kind_name(d->kind), s.attrs[i].type);
		T_ASSERT_STR(d->values ? d->values->name : "",
			     s.attrs[i].enum_name);
		CU_ASSERT_EQUAL(d->kind == CPO_ATTR_U32_MULTI ||
				d->kind == CPO_ATTR_NEST_MULTI,
				s.attrs[i].multi);
		T_ASSERT_STR(d->nested ? d->nested->name : "",
			     s.attrs[i].nested);
	}
	CU_ASSERT_EQUAL(value, set ? set->max : 0);
	/* every set of the spec has its table, and no more */
	for (total = 0; cpo_attr_sets[total]; total++)
		;
	CU_ASSERT_EQUAL(n_sets, total);

	/* operations */
	CU_ASSERT_EQUAL(s.n_ops, CPO_CMD_MAX);
	for (i = 0; i < s.n_ops; i++)
		T_ASSERT_STR(cpo_enum_name(&cpo_cmd_enum, i + 1), s.ops[i].name);
	T_ASSERT_STR(s.mcgrp, CPO_MCGRP_MONITOR);
}

static const struct cpo_request_desc *lib_request(const char *op, bool dump)
{
	const struct cpo_request_desc *r;

	for (r = cpo_requests; r->op; r++)
		if (!strcmp(r->op, op) && r->dump == dump)
			return r;
	return NULL;
}

static void test_requests_match_spec(void)
{
	static struct spec s;
	const struct cpo_request_desc *lib;
	unsigned int i, j, n_lib = 0;

	CU_ASSERT_EQUAL_FATAL(spec_read(&s), 0);
	CU_ASSERT(s.n_reqs >= 10);
	for (i = 0; i < s.n_reqs; i++) {
		const struct spec_request *r = &s.reqs[i];
		uint64_t want = 0;

		lib = lib_request(r->op, r->dump);
		if (!lib)
			fprintf(stderr, "\n  no request %s %s\n", r->op,
				r->dump ? "dump" : "do");
		CU_ASSERT_PTR_NOT_NULL_FATAL(lib);
		T_ASSERT_STR(lib->set->name, r->set);
		for (j = 0; j < r->n; j++) {
			uint32_t t;

			for (t = 1; t <= lib->set->max; t++)
				if (!strcmp(cpo_attr_name(lib->set, t) ?: "",
					    r->attrs[j]))
					break;
			CU_ASSERT_FATAL(t <= lib->set->max);
			want |= CPO_BIT(t);
		}
		if (lib->attrs != want)
			fprintf(stderr, "\n  %s %s: attrs %#llx, spec %#llx\n",
				r->op, r->dump ? "dump" : "do",
				(unsigned long long)lib->attrs,
				(unsigned long long)want);
		CU_ASSERT_EQUAL(lib->attrs, want);
	}
	/* and no request the spec does not have */
	for (lib = cpo_requests; lib->op; lib++)
		n_lib++;
	CU_ASSERT_EQUAL(n_lib, s.n_reqs);
}

static const struct spec_item *spec_attr(const struct spec *s,
					 const char *set, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->n_attrs; i++)
		if (!strcmp(s->attrs[i].parent, set) &&
		    !strcmp(s->attrs[i].name, name))
			return &s->attrs[i];
	return NULL;
}

/* Parse "engine set 1 KEYWORD VALUE" alone; the exit code. */
static int engine_set_value(const char *keyword, long long v,
			    struct cpoctl_req *req)
{
	char value[32], *argv[] = { "cpoctl", "engine", "set", "1",
				    (char *)keyword, value, NULL };
	struct cpoctl c = { 0 };
	struct t_capture out, err;
	int ret;

	snprintf(value, sizeof(value), "%lld", v);
	memset(req, 0, sizeof(*req));
	c.out = t_capture_start(&out);
	c.err = t_capture_start(&err);
	ret = cpoctl_parse(&c, 6, argv, req);
	t_capture_end(&out);
	t_capture_end(&err);
	t_capture_free(&out);
	t_capture_free(&err);
	return ret;
}

/* cpoctl takes what the spec's checks allow, no more. */
static void test_set_ranges_match_spec(void)
{
	static struct spec s;
	const struct spec_item *it;
	struct cpoctl_req req;

	CU_ASSERT_EQUAL_FATAL(spec_read(&s), 0);
	it = spec_attr(&s, "engine", "refresh-interval");
	CU_ASSERT_PTR_NOT_NULL_FATAL(it);
	CU_ASSERT_FATAL(it->has_max);
	CU_ASSERT_EQUAL(engine_set_value("refresh-interval", it->max, &req), 0);
	CU_ASSERT_EQUAL(req.engine.refresh_interval, it->max);
	CU_ASSERT_EQUAL(engine_set_value("refresh-interval", it->max + 1, &req),
			CPOCTL_EXIT_USAGE);
	CU_ASSERT_EQUAL(engine_set_value("refresh-interval", 0, &req), 0);
	CU_ASSERT(cpo_has(req.engine.present, CPO_A_ENGINE_REFRESH_INTERVAL));
}

CU_TestInfo names_tests[] = {
	{ "enum tables cover every uapi value", test_enum_tables_complete },
	{ "enum names, unknown values and names", test_enum_names_and_unknowns },
	{ "quantity and alarm level names", test_quantity_and_level_names },
	{ "attribute sets cover every uapi attribute", test_attr_sets_complete },
	{ "event names follow the notification commands", test_event_names },
	{ "names, types and enums match the YAML spec", test_names_match_spec },
	{ "request attributes match the YAML spec", test_requests_match_spec },
	{ "set argument ranges match the spec's checks",
	  test_set_ranges_match_spec },
	CU_TEST_INFO_NULL,
};
