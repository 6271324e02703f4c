// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl threshold { show [ engine ENGINE_ID | lane LANE_ID ] |
 *                    set { engine ENGINE_ID | lane LANE_ID } QUANTITY LEVELS |
 *                    help }
 */
#include <string.h>

#include "cpoctl.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define N_LEVELS	4

/* The four levels of @quantity, read in its unit. */
static void level_args(const struct cpoctl_unit *u,
		       struct cpoctl_set_arg args[N_LEVELS])
{
	const struct cpoctl_set_arg tbl[N_LEVELS] = {
		CPOCTL_ARG_UNIT("high-alarm", CPO_A_THRESHOLD_HIGH_ALARM, u,
				INT64_MAX),
		CPOCTL_ARG_UNIT("low-alarm", CPO_A_THRESHOLD_LOW_ALARM, u,
				INT64_MIN),
		CPOCTL_ARG_UNIT("high-warning", CPO_A_THRESHOLD_HIGH_WARNING, u,
				INT64_MAX),
		CPOCTL_ARG_UNIT("low-warning", CPO_A_THRESHOLD_LOW_WARNING, u,
				INT64_MIN),
	};

	memcpy(args, tbl, sizeof(tbl));
}

/* "temperature | voltage | ..." or "temperature|voltage|...". */
static void quantities(char *buf, size_t len, const char *sep)
{
	size_t used = 0;
	uint32_t q;

	buf[0] = '\0';
	for (q = 1; q <= CPO_QUANTITY_MAX && used < len; q++)
		if (cpoctl_unit_of(q))
			used += snprintf(buf + used, len - used, "%s%s",
					 used ? sep : "",
					 cpo_enum_name(&cpo_quantity_enum, q));
}

static void threshold_help(FILE *fp)
{
	struct cpoctl_set_arg args[N_LEVELS];
	char qs[160];

	level_args(cpoctl_unit_of(CPO_QUANTITY_TEMPERATURE), args);
	quantities(qs, sizeof(qs), " | ");
	fprintf(fp,
		"Usage: cpoctl threshold show [ engine ENGINE_ID | lane LANE_ID ]\n"
		"       cpoctl threshold set { engine ENGINE_ID | lane LANE_ID } QUANTITY\n"
		"               ");
	cpoctl_set_usage(fp, args, 2);
	fprintf(fp, "\n               ");
	cpoctl_set_usage(fp, args + 2, 2);
	fprintf(fp, "\n"
		"       cpoctl threshold help\n");
	cpoctl_print_choices(fp, "where  QUANTITY := ", qs);
	fprintf(fp,
		"       VALUE := a number in the unit of QUANTITY, or none (never trips):\n"
		"                temperature in C (-5, 75.5), voltage in V (3.465),\n"
		"                power-draw in W (12.5), tx-power and rx-power in mW (0.05),\n"
		"                tx-bias in mA (70), pre-fec-ber a ratio (2.4e-4, 1e-5);\n"
		"                the unit may follow the number (75.5C, 0.05mW).\n"
		"Values are taken exactly, to the kernel's step: 0.001 C, 1 uV, 1 uW,\n"
		"1 nW, 1 uA, 1e-18. Without an argument, show lists every engine and\n"
		"lane. temperature, voltage and power-draw are an engine's own; an\n"
		"engine's other thresholds apply to its lanes that have none of their\n"
		"own. Levels not given keep their value; the kernel refuses a set that\n"
		"breaks low-alarm <= low-warning < high-warning <= high-alarm.\n");
}

/* QUANTITY LEVEL VALUE...: one threshold into req->diag. */
static int threshold_levels_parse(struct cpoctl *c, int argc, char **argv,
			       struct cpoctl_req *req)
{
	struct cpo_threshold *t = &req->diag.thresholds.items[0];
	struct cpoctl_set_arg args[N_LEVELS];
	const struct cpoctl_unit *u;
	char qs[160];
	uint32_t q;
	int ret;

	quantities(qs, sizeof(qs), "|");
	if (argc < 1)
		return cpoctl_usage(c, &cpoctl_threshold,
				    "missing QUANTITY (expected %s)", qs);
	if (cpo_enum_value(&cpo_quantity_enum, argv[0], &q))
		return cpoctl_usage(c, &cpoctl_threshold,
				    "unknown quantity \"%s\" (expected %s)",
				    argv[0], qs);
	u = cpoctl_unit_of(q);
	if (!u)
		return cpoctl_usage(c, &cpoctl_threshold,
				    "%s is a flag, it has no thresholds (expected %s)",
				    argv[0], qs);
	t->quantity = q;
	t->present = CPO_BIT(CPO_A_THRESHOLD_QUANTITY);
	level_args(u, args);
	ret = cpoctl_parse_set_args(c, &cpoctl_threshold, args, N_LEVELS,
				    &cpo_threshold_attr_set, argc - 1, argv + 1,
				    t, &t->present);
	if (ret)
		return ret;
	req->diag.thresholds.n = 1;
	req->diag.present |= CPO_BIT(CPO_A_DIAG_THRESHOLD);
	return 0;
}

static int threshold_show_parse(struct cpoctl *c, int argc, char **argv,
				struct cpoctl_req *req)
{
	int ret, used;

	ret = cpoctl_diag_sel(c, &cpoctl_threshold, argc, argv, req, false,
			      &used);
	if (ret)
		return ret;
	req->dump = !used;
	return cpoctl_no_more_args(c, &cpoctl_threshold, argc, argv, used);
}

static int threshold_set_parse(struct cpoctl *c, int argc, char **argv,
			       struct cpoctl_req *req)
{
	int ret, used;

	ret = cpoctl_diag_sel(c, &cpoctl_threshold, argc, argv, req, true,
			      &used);
	if (ret)
		return ret;
	return threshold_levels_parse(c, argc - used, argv + used, req);
}

static const struct cpoctl_command threshold_cmds[] = {
	{ "show", CPOCTL_CMD_SHOW, threshold_show_parse },
	{ "set", CPOCTL_CMD_SET, threshold_set_parse },
};

const struct cpoctl_object cpoctl_threshold = {
	.name = "threshold",
	.cmds = threshold_cmds,
	.n_cmds = ARRAY_SIZE(threshold_cmds),
	.run = cpoctl_diag_run,
	.help = threshold_help,
};
