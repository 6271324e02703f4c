// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl laser { show [ LASER_ID ] | set LASER_ID ARGS | help }
 */
#include <string.h>

#include "cpoctl.h"
#include "json_print.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct cpoctl_set_arg laser_set_args[] = {
	{ "enable", CPO_A_LASER_ENABLE, cpoctl_arg_enum, &cpoctl_on_off_enum },
	{ "failover-policy", CPO_A_LASER_FAILOVER_POLICY, cpoctl_arg_enum,
	  &cpo_failover_policy_enum },
	{ "failover", CPO_A_LASER_FAILOVER, cpoctl_arg_flag, NULL },
};

/* failover is a request-only flag: never shown */
static const struct cpoctl_field laser_fields[] = {
	FIELD(CPO_A_LASER_DEV_NAME),
	FIELD(CPO_A_LASER_TYPE),
	FIELD(CPO_A_LASER_LOCATION),
	FIELD(CPO_A_LASER_ROLE, .nl = true),
	FIELD(CPO_A_LASER_STATE),
	FIELD(CPO_A_LASER_ENABLE, .fmt = CPOCTL_FMT_ON_OFF),
	FIELD(CPO_A_LASER_FAILOVER_POLICY),
	FIELD(CPO_A_LASER_SPARE_ID),
	FIELD(CPO_A_LASER_COVERING_ID),
	FIELD(CPO_A_LASER_WAVELENGTH, .fmt = CPOCTL_FMT_PICO_M, .nl = true),
	FIELD(CPO_A_LASER_OUTPUT_POWER, .fmt = CPOCTL_FMT_MICRO_W),
	FIELD(CPO_A_LASER_BIAS, .fmt = CPOCTL_FMT_MICRO_A),
	FIELD(CPO_A_LASER_TEMPERATURE, .fmt = CPOCTL_FMT_MILLI_C),
	FIELD(CPO_A_LASER_HOURS),
	FIELD(CPO_A_LASER_LANE_ID, .nl = true),
};

static void laser_help(FILE *fp)
{
	fprintf(fp,
		"Usage: cpoctl laser show [ LASER_ID ]\n"
		"       cpoctl laser set LASER_ID ");
	cpoctl_set_usage(fp, laser_set_args, ARRAY_SIZE(laser_set_args));
	fprintf(fp, "\n"
		"       cpoctl laser help\n");
}

void cpoctl_laser_print(const struct cpo_laser *l, const char *key)
{
	open_json_object(key);
	if (cpo_has(l->present, CPO_A_LASER_ID))
		print_uint(PRINT_ANY, "id", "laser %u:", l->id);
	cpoctl_print_fields(&cpo_laser_attr_set, l, l->present, laser_fields,
			    ARRAY_SIZE(laser_fields));
	close_json_object();
}

static int laser_id_arg(struct cpoctl *c, int argc, char **argv,
			struct cpoctl_req *req, int *used)
{
	return cpoctl_parse_id(c, &cpoctl_laser, "LASER_ID", "laser id",
			       argc, argv, &req->laser.id, &req->laser.present,
			       CPO_BIT(CPO_A_LASER_ID), used);
}

static int laser_parse(struct cpoctl *c, int argc, char **argv,
		       struct cpoctl_req *req)
{
	const char *cmd = argc > 0 ? argv[0] : "show";
	int ret, used;

	argc--;
	argv++;
	if (!strcmp(cmd, "help")) {
		req->cmd = CPOCTL_CMD_HELP;
		return 0;
	}
	if (!strcmp(cmd, "show")) {
		req->cmd = CPOCTL_CMD_SHOW;
		req->dump = argc <= 0;
		if (req->dump)
			return 0;
		ret = laser_id_arg(c, argc, argv, req, &used);
		if (ret)
			return ret;
		if (argc > used)
			return cpoctl_usage(c, &cpoctl_laser,
					    "unexpected argument \"%s\"",
					    argv[used]);
		return 0;
	}
	if (!strcmp(cmd, "set")) {
		req->cmd = CPOCTL_CMD_SET;
		ret = laser_id_arg(c, argc, argv, req, &used);
		if (ret)
			return ret;
		return cpoctl_parse_set_args(c, &cpoctl_laser, laser_set_args,
					     ARRAY_SIZE(laser_set_args),
					     &cpo_laser_attr_set,
					     argc - used, argv + used,
					     &req->laser, &req->laser.present);
	}
	return cpoctl_usage(c, &cpoctl_laser, "unknown laser command \"%s\"",
			    cmd);
}

static int laser_show_one(const struct cpo_laser *l, void *data)
{
	(void)data;
	cpoctl_laser_print(l, NULL);
	print_nl();
	return 0;
}

static int laser_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct cpo_error err;
	struct cpo_laser l;
	int ret;

	if (req->cmd == CPOCTL_CMD_SET) {
		ret = cpo_laser_set(c->h, &req->laser, &err);
		if (ret)
			return cpoctl_kernel_error(c, &err);
		cpoctl_kernel_warning(c, &err);
		return CPOCTL_EXIT_OK;
	}

	open_json_array(NULL);
	if (req->dump) {
		ret = cpo_laser_dump(c->h, laser_show_one, NULL, &err);
	} else {
		ret = cpo_laser_get(c->h, req->laser.id, &l, &err);
		if (!ret)
			laser_show_one(&l, NULL);
	}
	close_json_array();
	if (ret)
		return cpoctl_kernel_error(c, &err);
	return CPOCTL_EXIT_OK;
}

const struct cpoctl_object cpoctl_laser = {
	.name = "laser",
	.parse = laser_parse,
	.run = laser_run,
	.help = laser_help,
};
