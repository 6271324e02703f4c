// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl alarm { show [ engine ENGINE_ID | lane LANE_ID ] |
 *                clear { engine ENGINE_ID | lane LANE_ID } [ QUANTITY [ LEVEL ] ] |
 *                help }
 */
#include <string.h>

#include "cpoctl.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void alarm_help(FILE *fp)
{
	char qs[200], ls[120];

	cpoctl_enum_list(&cpo_quantity_enum, " | ", qs, sizeof(qs));
	cpoctl_enum_list(&cpo_alarm_level_enum, " | ", ls, sizeof(ls));
	fprintf(fp,
		"Usage: cpoctl alarm show [ engine ENGINE_ID | lane LANE_ID ]\n"
		"       cpoctl alarm clear { engine ENGINE_ID | lane LANE_ID } [ QUANTITY [ LEVEL ] ]\n"
		"       cpoctl alarm help\n");
	cpoctl_print_choices(fp, "where  QUANTITY := ", qs);
	cpoctl_print_choices(fp, "       LEVEL := ", ls);
	fprintf(fp,
		"show lists the alarm flags that are active, latched or have occurred,\n"
		"with their count, first-set, last-set and last-clear times, and the\n"
		"value and threshold of the last change; without an argument, of every\n"
		"engine and lane that has any. clear resets the latched flags, counts\n"
		"and times (all, those of QUANTITY, or of QUANTITY at LEVEL); a\n"
		"condition still present stays active and latched.\n");
}

/* [ QUANTITY [ LEVEL ] ]: the alarm to clear, none for all. */
static int alarm_which_parse(struct cpoctl *c, int argc, char **argv,
			     struct cpoctl_req *req)
{
	struct cpo_alarm *a = &req->diag.alarms.items[0];
	char vals[200];

	if (argc < 1)
		return 0;
	if (cpo_enum_value(&cpo_quantity_enum, argv[0], &a->quantity)) {
		cpoctl_enum_list(&cpo_quantity_enum, "|", vals,
				 sizeof(vals));
		return cpoctl_usage(c, &cpoctl_alarm,
				    "unknown quantity \"%s\" (expected %s)",
				    argv[0], vals);
	}
	a->present = CPO_BIT(CPO_A_ALARM_QUANTITY);
	req->diag.alarms.n = 1;
	req->diag.present |= CPO_BIT(CPO_A_DIAG_ALARM);
	if (argc < 2)
		return 0;
	if (cpo_enum_value(&cpo_alarm_level_enum, argv[1], &a->level)) {
		cpoctl_enum_list(&cpo_alarm_level_enum, "|", vals,
				 sizeof(vals));
		return cpoctl_usage(c, &cpoctl_alarm,
				    "unknown level \"%s\" (expected %s)",
				    argv[1], vals);
	}
	a->present |= CPO_BIT(CPO_A_ALARM_LEVEL);
	return cpoctl_no_more_args(c, &cpoctl_alarm, argc, argv, 2);
}

static int alarm_show_parse(struct cpoctl *c, int argc, char **argv,
			    struct cpoctl_req *req)
{
	int ret, used;

	ret = cpoctl_diag_sel(c, &cpoctl_alarm, argc, argv, req, false, &used);
	if (ret)
		return ret;
	req->dump = !used;
	return cpoctl_no_more_args(c, &cpoctl_alarm, argc, argv, used);
}

static int alarm_clear_parse(struct cpoctl *c, int argc, char **argv,
			     struct cpoctl_req *req)
{
	int ret, used;

	ret = cpoctl_diag_sel(c, &cpoctl_alarm, argc, argv, req, true, &used);
	if (ret)
		return ret;
	return alarm_which_parse(c, argc - used, argv + used, req);
}

static const struct cpoctl_command alarm_cmds[] = {
	{ "show", CPOCTL_CMD_SHOW, alarm_show_parse },
	{ "clear", CPOCTL_CMD_CLEAR, alarm_clear_parse },
};

const struct cpoctl_object cpoctl_alarm = {
	.name = "alarm",
	.cmds = alarm_cmds,
	.n_cmds = ARRAY_SIZE(alarm_cmds),
	.run = cpoctl_diag_run,
	.help = alarm_help,
};
