// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl lane { show [ ENGINE_ID [ LANE_INDEX ] | id LANE_ID ] |
 *               set { ENGINE_ID { LANE_INDEX | LANES } | id LANE_ID } ARGS |
 *               test { ENGINE_ID LANE_INDEX | id LANE_ID } TEST |
 *               stats-clear { ENGINE_ID LANE_INDEX | id LANE_ID } | help }
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpoctl.h"
#include "json_print.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct cpoctl_set_arg lane_set_args[] = {
	CPOCTL_ARG_ENUM("tx", CPO_A_LANE_TX_ENABLE, &cpoctl_on_off_enum),
	CPOCTL_ARG_ENUM("rx", CPO_A_LANE_RX_ENABLE, &cpoctl_on_off_enum),
	CPOCTL_ARG_ENUM("power", CPO_A_LANE_POWER, &cpo_lane_power_enum),
	CPOCTL_ARG_FLAG("dry-run", CPO_A_LANE_DRY_RUN),
};

#define LANE_SETTABLE	(CPO_BIT(CPO_A_LANE_TX_ENABLE) |		\
			 CPO_BIT(CPO_A_LANE_RX_ENABLE) |		\
			 CPO_BIT(CPO_A_LANE_POWER))

static const struct cpoctl_set_arg lane_test_args[] = {
	CPOCTL_ARG_ENUM("loopback", CPO_A_TEST_LOOPBACK, &cpo_loopback_enum),
	CPOCTL_ARG_ENUM("side", CPO_A_TEST_SIDE, &cpo_test_side_enum),
	CPOCTL_ARG_ENUM("pattern", CPO_A_TEST_PATTERN, &cpo_prbs_pattern_enum),
	CPOCTL_ARG_RANGE("gate", CPO_A_TEST_GATE_TIME, 0, 3600000, "MS"),
	CPOCTL_ARG_FLAG("force", CPO_A_TEST_FORCE),
};

static const struct cpoctl_field lane_fields[] = {
	FIELD(CPO_A_LANE_STALE, .fmt = CPOCTL_FMT_ALERT, .bare = true,
	      .set_only = true),
	FIELD(CPO_A_LANE_ENGINE_ID),
	FIELD(CPO_A_LANE_INDEX),
	FIELD(CPO_A_LANE_IFNAME),
	FIELD(CPO_A_LANE_IFINDEX),
	FIELD(CPO_A_LANE_REFRESHED, .fmt = CPOCTL_FMT_AGE, .absent = "never"),
	FIELD(CPO_A_LANE_DP_STATE, .nl = true),
	FIELD(CPO_A_LANE_TX_ENABLE, .fmt = CPOCTL_FMT_ON_OFF),
	FIELD(CPO_A_LANE_RX_ENABLE, .fmt = CPOCTL_FMT_ON_OFF),
	FIELD(CPO_A_LANE_POWER),
	FIELD(CPO_A_LANE_TX_POWER, .fmt = CPOCTL_FMT_NANO_W, .nl = true),
	FIELD(CPO_A_LANE_RX_POWER, .fmt = CPOCTL_FMT_NANO_W),
	FIELD(CPO_A_LANE_TX_BIAS, .fmt = CPOCTL_FMT_MICRO_A),
	FIELD(CPO_A_LANE_PRE_FEC_BER, .fmt = CPOCTL_FMT_BER, .nl = true),
	FIELD(CPO_A_LANE_SNR, .fmt = CPOCTL_FMT_CENTI_DB),
	FIELD(CPO_A_LANE_RX_LOS, .fmt = CPOCTL_FMT_YES_NO, .nl = true),
	FIELD(CPO_A_LANE_RX_LOL, .fmt = CPOCTL_FMT_YES_NO),
	FIELD(CPO_A_LANE_TX_FAULT, .fmt = CPOCTL_FMT_YES_NO),
	FIELD(CPO_A_LANE_FIBER_POSITION, .nl = true),
	FIELD(CPO_A_LANE_FIBER_CONNECTED, .fmt = CPOCTL_FMT_YES_NO),
	FIELD(CPO_A_LANE_LASER_ID),
};

static void lane_help(FILE *fp)
{
	fprintf(fp,
		"Usage: cpoctl lane show [ ENGINE_ID [ LANE_INDEX ] ]\n"
		"       cpoctl lane show id LANE_ID\n"
		"       cpoctl lane set { ENGINE_ID { LANE_INDEX | LANES } | id LANE_ID }\n"
		"               ");
	cpoctl_set_usage(fp, lane_set_args, ARRAY_SIZE(lane_set_args));
	fprintf(fp, "\n"
		"       cpoctl lane test { ENGINE_ID LANE_INDEX | id LANE_ID }\n"
		"               { ");
	cpoctl_set_usage(fp, lane_test_args, ARRAY_SIZE(lane_test_args));
	fprintf(fp, " [ ber-limit BER ] | stop }\n"
		"       cpoctl lane stats-clear { ENGINE_ID LANE_INDEX | id LANE_ID }\n"
		"       cpoctl lane help\n"
		"where  LANES := lane indexes and ranges of the engine, as 0-7,12: set\n"
		"             all or none; dry-run tells what would change, changes nothing\n"
		"       MS := the test's gating time, 100..3600000, or 0 (the default):\n"
		"             until stopped; with one, cpoctl waits and prints the result\n"
		"       BER := a bit error ratio the lane must stay at or below, 1e-12\n"
		"With -s, show prints the service statistics; stats-clear clears\n"
		"those of the lane.\n");
}

void cpoctl_lane_print(const struct cpo_lane *l, const char *key)
{
	open_json_object(key);
	if (cpo_has(l->present, CPO_A_LANE_ID))
		print_uint(PRINT_ANY, "id", "lane %u:", l->id);
	cpoctl_print_fields(&cpo_lane_attr_set, l, l->present, lane_fields,
			    ARRAY_SIZE(lane_fields));
	cpoctl_lane_print_test(&l->test);
	cpoctl_print_stats(&l->stats);
	close_json_object();
}

static int lane_u32(struct cpoctl *c, const char *what, const char *s,
		    uint32_t *v, uint64_t *present, uint32_t attr)
{
	int ret = cpoctl_parse_u32(c, &cpoctl_lane, what, s, v);

	if (!ret)
		*present |= CPO_BIT(attr);
	return ret;
}

/* A lane index of a LANES list: plain digits, below CPO_MAX_LANES. */
static int lane_list_index(const char *s, const char *end, unsigned int *v)
{
	unsigned long n = 0;

	if (s == end)
		return -EINVAL;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		n = n * 10 + (*s - '0');
		if (n >= CPO_LANE_MASK_BYTES * 8)
			return -ERANGE;
	}
	*v = n;
	return 0;
}

int cpoctl_parse_lane_list(const char *s, struct cpo_lane_mask *m,
			   char *why, size_t len)
{
	const char *item = s, *comma, *dash;
	unsigned int lo, hi, i;
	int ret;

	memset(m, 0, sizeof(*m));
	for (;;) {
		comma = strchr(item, ',');
		if (!comma)
			comma = item + strlen(item);
		if (comma == item) {
			snprintf(why, len, "empty item in \"%s\"", s);
			return -EINVAL;
		}
		dash = memchr(item, '-', comma - item);
		ret = lane_list_index(item, dash ? dash : comma, &lo);
		hi = lo;
		if (!ret && dash)
			ret = lane_list_index(dash + 1, comma, &hi);
		if (ret == -ERANGE) {
			snprintf(why, len, "lane index in \"%.*s\" above %u",
				 (int)(comma - item), item,
				 CPO_LANE_MASK_BYTES * 8 - 1);
			return ret;
		}
		if (ret) {
			snprintf(why, len,
				 "invalid lane index or range \"%.*s\" (expected N or N-M)",
				 (int)(comma - item), item);
			return ret;
		}
		if (hi < lo) {
			snprintf(why, len, "range \"%.*s\" ends before it starts",
				 (int)(comma - item), item);
			return -EINVAL;
		}
		for (i = lo; i <= hi; i++) {
			if (cpo_lane_mask_test(m, i)) {
				snprintf(why, len, "lane %u given twice", i);
				return -EINVAL;
			}
			m->bits[i / 8] |= 1u << (i % 8);
			if (m->len < i / 8 + 1)
				m->len = i / 8 + 1;
		}
		if (!*comma)
			return 0;
		item = comma + 1;
	}
}

void cpoctl_format_lane_list(const struct cpo_lane_mask *m, char *buf,
			     size_t len)
{
	unsigned int i, j, n = m->len * 8;
	size_t off = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i = j) {
		if (!cpo_lane_mask_test(m, i)) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < n && cpo_lane_mask_test(m, j); j++)
			;
		if (off < len)
			off += snprintf(buf + off, len - off,
					j - 1 > i ? "%s%u-%u" : "%s%u",
					off ? "," : "", i, j - 1);
	}
}

/* The lane indexes of @s (the second argument of lane set), if a list. */
static bool lane_is_list(const char *s)
{
	return strchr(s, ',') || strchr(s, '-');
}

/*
 * The lane selector: "id LANE_ID" or "ENGINE_ID LANE_INDEX"; with
 * @partial, a lone ENGINE_ID (a dump filter) is fine too. Return the
 * number of arguments used in *used.
 */
static int lane_selector(struct cpoctl *c, int argc, char **argv,
			 struct cpo_lane *l, bool partial, int *used)
{
	int ret;

	*used = 0;
	if (argc > 0 && !strcmp(argv[0], "id")) {
		if (argc < 2)
			return cpoctl_usage(c, &cpoctl_lane, "missing LANE_ID");
		*used = 2;
		return lane_u32(c, "lane id", argv[1], &l->id, &l->present,
				CPO_A_LANE_ID);
	}
	if (argc < 1)
		return cpoctl_usage(c, &cpoctl_lane, "missing ENGINE_ID");
	ret = lane_u32(c, "engine id", argv[0], &l->engine_id, &l->present,
		       CPO_A_LANE_ENGINE_ID);
	if (ret)
		return ret;
	*used = 1;
	if (argc < 2) {
		if (partial)
			return 0;
		return cpoctl_usage(c, &cpoctl_lane, "missing LANE_INDEX");
	}
	*used = 2;
	return lane_u32(c, "lane index", argv[1], &l->index, &l->present,
			CPO_A_LANE_INDEX);
}

static int lane_show_parse(struct cpoctl *c, int argc, char **argv,
			   struct cpoctl_req *req)
{
	int ret, used;

	if (c->stats) {
		req->lane.with_stats = true;
		req->lane.present |= CPO_BIT(CPO_A_LANE_WITH_STATS);
	}
	if (argc <= 0) {
		req->dump = true;
		return 0;
	}
	ret = lane_selector(c, argc, argv, &req->lane, true, &used);
	if (ret)
		return ret;
	ret = cpoctl_no_more_args(c, &cpoctl_lane, argc, argv, used);
	if (ret)
		return ret;
	/* an engine id alone filters the dump */
	req->dump = !cpo_has(req->lane.present, CPO_A_LANE_ID) &&
		    !cpo_has(req->lane.present, CPO_A_LANE_INDEX);
	return 0;
}

static int lane_set_parse(struct cpoctl *c, int argc, char **argv,
			  struct cpoctl_req *req)
{
	struct cpo_lane *l = &req->lane;
	char why[128];
	int ret, used;

	/* ENGINE_ID LANES: several lanes of one engine */
	if (argc >= 2 && strcmp(argv[0], "id") && lane_is_list(argv[1])) {
		ret = lane_u32(c, "engine id", argv[0], &l->engine_id,
			       &l->present, CPO_A_LANE_ENGINE_ID);
		if (ret)
			return ret;
		if (cpoctl_parse_lane_list(argv[1], &l->index_mask, why,
					   sizeof(why)))
			return cpoctl_usage(c, &cpoctl_lane, "invalid LANES: %s",
					    why);
		l->present |= CPO_BIT(CPO_A_LANE_INDEX_MASK);
		used = 2;
	} else {
		ret = lane_selector(c, argc, argv, l, false, &used);
		if (ret)
			return ret;
	}
	ret = cpoctl_parse_set_args(c, &cpoctl_lane, lane_set_args,
				    ARRAY_SIZE(lane_set_args),
				    &cpo_lane_attr_set, argc - used,
				    argv + used, l, &l->present);
	if (!ret && !(l->present & LANE_SETTABLE))
		return cpoctl_usage(c, &cpoctl_lane, "nothing to set");
	return ret;
}

/* test LANE { [ loopback L ] ... [ force ] | stop } */
static int lane_test_parse(struct cpoctl *c, int argc, char **argv,
			   struct cpoctl_req *req)
{
	struct cpo_test *t = &req->lane.test.items[0];
	int ret, used;

	ret = lane_selector(c, argc, argv, &req->lane, false, &used);
	if (ret)
		return ret;
	req->lane.present |= CPO_BIT(CPO_A_LANE_TEST);
	req->lane.test.n = 1;
	argc -= used;
	argv += used;
	if (argc > 0 && !strcmp(argv[0], "stop")) {
		t->stop = true;
		t->present |= CPO_BIT(CPO_A_TEST_STOP);
		return cpoctl_no_more_args(c, &cpoctl_lane, argc, argv, 1);
	}
	ret = cpoctl_take_ber_limit(c, &cpoctl_lane, &argc, argv,
				    &t->ber_limit, &t->present,
				    CPO_BIT(CPO_A_TEST_BER_LIMIT));
	if (ret || !argc)
		return ret;
	return cpoctl_parse_set_args(c, &cpoctl_lane, lane_test_args,
				     ARRAY_SIZE(lane_test_args),
				     &cpo_test_attr_set, argc, argv, t,
				     &t->present);
}

/*
 * stats-clear { ENGINE_ID LANE_INDEX | id LANE_ID }: by id at once, by
 * engine and index once the lane's id is looked up (req->lane).
 */
static int lane_stats_clear_parse(struct cpoctl *c, int argc, char **argv,
				  struct cpoctl_req *req)
{
	int ret, used;

	ret = lane_selector(c, argc, argv, &req->lane, false, &used);
	if (ret)
		return ret;
	if (cpo_has(req->lane.present, CPO_A_LANE_ID)) {
		req->diag.lane_id = req->lane.id;
		req->diag.present |= CPO_BIT(CPO_A_DIAG_LANE_ID);
	}
	return cpoctl_no_more_args(c, &cpoctl_lane, argc, argv, used);
}

static const struct cpoctl_command lane_cmds[] = {
	{ "show", CPOCTL_CMD_SHOW, lane_show_parse },
	{ "set", CPOCTL_CMD_SET, lane_set_parse },
	{ "test", CPOCTL_CMD_TEST, lane_test_parse },
	{ "stats-clear", CPOCTL_CMD_CLEAR, lane_stats_clear_parse },
};

static int lane_show_one(const struct cpo_lane *l, void *data)
{
	if (cpoctl_brief(data)) {
		cpoctl_lane_print_brief(l);
		return 0;
	}
	cpoctl_lane_print(l, NULL);
	print_nl();
	return 0;
}

static int lane_fetch(struct cpoctl *c, const struct cpoctl_req *req,
		     struct cpo_error *err)
{
	struct cpo_lane l;
	int ret;

	if (req->dump)
		return cpo_lane_dump(c->h, &req->lane, lane_show_one, c, err);
	ret = cpo_lane_get(c->h, &req->lane, &l, err);
	if (!ret)
		lane_show_one(&l, c);
	return ret;
}

/* What a lane set over several lanes, or a dry run, changed or would. */
void cpoctl_lane_set_print(const struct cpo_lane *r)
{
	const struct cpo_blast_radius *b = &r->blast_radius.items[0];
	char hex[CPO_LANE_MASK_BYTES * 2 + 1] = "";
	char list[CPO_LANE_MASK_BYTES * 8 * 4];
	unsigned int i;

	for (i = 0; i < r->index_mask.len; i++)
		snprintf(hex + 2 * i, 3, "%02x", r->index_mask.bits[i]);
	cpoctl_format_lane_list(&r->index_mask, list, sizeof(list));
	open_json_object(NULL);
	print_uint(PRINT_ANY, "engine-id", "engine %u:", r->engine_id);
	print_bool(PRINT_JSON, "dry-run", NULL, r->dry_run);
	print_string(PRINT_JSON, "index-mask", NULL, hex);
	print_text(" lanes %s %s", list[0] ? list : "none",
		   r->dry_run ? "would change" : "changed");
	open_json_array("index");
	for (i = 0; i < r->index_mask.len * 8; i++)
		if (cpo_lane_mask_test(&r->index_mask, i))
			print_uint(PRINT_JSON, NULL, NULL, i);
	close_json_array();
	if (r->blast_radius.n) {
		open_json_object("blast-radius");
		print_text("\n  blast radius: lane ids");
		open_json_array("lane-id");
		for (i = 0; i < b->lane_ids.n; i++)
			print_uint(PRINT_ANY, NULL, " %u", b->lane_ids.ids[i]);
		close_json_array();
		print_text(", ifindex");
		open_json_array("ifindex");
		for (i = 0; i < b->ifindexes.n; i++)
			print_uint(PRINT_ANY, NULL, " %u", b->ifindexes.ids[i]);
		close_json_array();
		close_json_object();
	}
	close_json_object();
	print_nl();
}

static int lane_set_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct cpo_error err;
	struct cpo_lane *r;
	int ret;

	if (!req->lane.dry_run &&
	    !cpo_has(req->lane.present, CPO_A_LANE_INDEX_MASK)) {
		ret = cpo_lane_set(c->h, &req->lane, &err);
		return cpoctl_set_status(c, ret, &err);
	}
	/* kilobytes with its lists: not on the stack */
	r = malloc(sizeof(*r));
	if (!r) {
		fprintf(c->err, "Error: out of memory\n");
		return CPOCTL_EXIT_KERNEL;
	}
	ret = cpo_lane_set_reply(c->h, &req->lane, r, &err);
	if (!ret && r->present)
		cpoctl_lane_set_print(r);
	free(r);
	return cpoctl_set_status(c, ret, &err);
}

static int lane_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	if (req->cmd == CPOCTL_CMD_SET)
		return lane_set_run(c, req);
	if (req->cmd == CPOCTL_CMD_TEST)
		return cpoctl_lane_test_run(c, req);
	if (req->cmd == CPOCTL_CMD_CLEAR)
		return cpoctl_stats_clear_run(c, req);
	return cpoctl_show(c, req, lane_fetch);
}

const struct cpoctl_object cpoctl_lane = {
	.name = "lane",
	.cmds = lane_cmds,
	.n_cmds = ARRAY_SIZE(lane_cmds),
	.run = lane_run,
	.help = lane_help,
};
