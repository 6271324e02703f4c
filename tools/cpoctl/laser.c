// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl laser { show [ LASER_ID ] | set LASER_ID ARGS |
 *                flash LASER_ID { FILE [ commit ] | abort } | help }
 */
#include <string.h>

#include "cpoctl.h"
#include "json_print.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct cpoctl_set_arg laser_set_args[] = {
	CPOCTL_ARG_ENUM("enable", CPO_A_LASER_ENABLE, &cpoctl_on_off_enum),
	CPOCTL_ARG_ENUM("failover-policy", CPO_A_LASER_FAILOVER_POLICY,
			&cpo_failover_policy_enum),
	CPOCTL_ARG_FLAG("failover", CPO_A_LASER_FAILOVER),
	CPOCTL_ARG_FLAG("failback", CPO_A_LASER_FAILBACK),
	{ .keyword = "fw-min-version", .attr = CPO_A_LASER_FW_MIN_VERSION,
	  .parse = cpoctl_arg_version, .meta = "VERSION" },
};

/*
 * failover and failback are request-only flags: never shown; stale first,
 * where it is seen: the values are old
 */
static const struct cpoctl_field laser_fields[] = {
	FIELD(CPO_A_LASER_STALE, .fmt = CPOCTL_FMT_ALERT, .bare = true,
	      .set_only = true),
	FIELD(CPO_A_LASER_DEV_NAME),
	FIELD(CPO_A_LASER_TYPE),
	FIELD(CPO_A_LASER_LOCATION),
	FIELD(CPO_A_LASER_SLOT_STATE),
	FIELD(CPO_A_LASER_REFRESHED, .fmt = CPOCTL_FMT_AGE, .absent = "never"),
	FIELD(CPO_A_LASER_ROLE, .nl = true),
	FIELD(CPO_A_LASER_STATE),
	FIELD(CPO_A_LASER_ENABLE, .fmt = CPOCTL_FMT_ON_OFF),
	FIELD(CPO_A_LASER_FAILOVER_POLICY),
	FIELD(CPO_A_LASER_SPARE_ID),
	FIELD(CPO_A_LASER_COVERING_ID),
	FIELD(CPO_A_LASER_STANDBY_ID),
	FIELD(CPO_A_LASER_WAVELENGTH, .fmt = CPOCTL_FMT_PICO_M, .nl = true),
	FIELD(CPO_A_LASER_OUTPUT_POWER, .fmt = CPOCTL_FMT_MICRO_W),
	FIELD(CPO_A_LASER_BIAS, .fmt = CPOCTL_FMT_MICRO_A),
	FIELD(CPO_A_LASER_TEMPERATURE, .fmt = CPOCTL_FMT_MILLI_C),
	FIELD(CPO_A_LASER_HOURS),
	FIELD(CPO_A_LASER_SWAPS, .nl = true),
	FIELD(CPO_A_LASER_LAST_SWAP_TIME, .fmt = CPOCTL_FMT_AGE),
	FIELD(CPO_A_LASER_SERVICE_STATE),
	FIELD(CPO_A_LASER_FW_MIN_VERSION),
	FIELD(CPO_A_LASER_LANE_ID, .nl = true),
};

static void laser_help(FILE *fp)
{
	fprintf(fp,
		"Usage: cpoctl laser show [ LASER_ID ]\n"
		"       cpoctl laser set LASER_ID ");
	cpoctl_set_usage(fp, laser_set_args, ARRAY_SIZE(laser_set_args));
	fprintf(fp, "\n"
		"       cpoctl laser flash LASER_ID { FILE [ commit ] | abort }\n"
		"       cpoctl laser help\n"
		"where  LASER_ID of flash is any laser of the laser module to update\n");
}

void cpoctl_laser_print(const struct cpo_laser *l, const char *key)
{
	open_json_object(key);
	if (cpo_has(l->present, CPO_A_LASER_ID))
		print_uint(PRINT_ANY, "id", "laser %u:", l->id);
	cpoctl_print_fields(&cpo_laser_attr_set, l, l->present, laser_fields,
			    ARRAY_SIZE(laser_fields));
	cpoctl_print_firmware(&l->firmware);
	cpoctl_print_flash(&l->flash);
	close_json_object();
}

static int laser_id_arg(struct cpoctl *c, int argc, char **argv,
			struct cpoctl_req *req, int *used)
{
	return cpoctl_parse_id(c, &cpoctl_laser, "LASER_ID", "laser id",
			       argc, argv, &req->laser.id, &req->laser.present,
			       CPO_BIT(CPO_A_LASER_ID), used);
}

static int laser_show_parse(struct cpoctl *c, int argc, char **argv,
			    struct cpoctl_req *req)
{
	int ret, used;

	req->dump = argc <= 0;
	if (req->dump)
		return 0;
	ret = laser_id_arg(c, argc, argv, req, &used);
	if (ret)
		return ret;
	return cpoctl_no_more_args(c, &cpoctl_laser, argc, argv, used);
}

static int laser_set_parse(struct cpoctl *c, int argc, char **argv,
			   struct cpoctl_req *req)
{
	int ret, used;

	ret = laser_id_arg(c, argc, argv, req, &used);
	if (ret)
		return ret;
	return cpoctl_parse_set_args(c, &cpoctl_laser, laser_set_args,
				     ARRAY_SIZE(laser_set_args),
				     &cpo_laser_attr_set, argc - used,
				     argv + used, &req->laser,
				     &req->laser.present);
}

/* flash LASER_ID { FILE [ commit ] | abort } */
static int laser_flash_parse(struct cpoctl *c, int argc, char **argv,
			     struct cpoctl_req *req)
{
	struct cpo_laser *l = &req->laser;
	int ret, used;

	ret = laser_id_arg(c, argc, argv, req, &used);
	if (ret)
		return ret;
	argc -= used;
	argv += used;
	if (argc < 1)
		return cpoctl_usage(c, &cpoctl_laser,
				    "missing FILE or abort after LASER_ID");
	if (!strcmp(argv[0], "abort")) {
		l->flash_abort = true;
		l->present |= CPO_BIT(CPO_A_LASER_FLASH_ABORT);
		return cpoctl_no_more_args(c, &cpoctl_laser, argc, argv, 1);
	}
	if (!argv[0][0] || strlen(argv[0]) >= sizeof(l->flash_file))
		return cpoctl_usage(c, &cpoctl_laser,
				    "FILE: a name of 1 to %zu characters",
				    sizeof(l->flash_file) - 1);
	strcpy(l->flash_file, argv[0]);
	l->present |= CPO_BIT(CPO_A_LASER_FLASH_FILE);
	used = 1;
	if (argc > 1 && !strcmp(argv[1], "commit")) {
		l->flash_commit = true;
		l->present |= CPO_BIT(CPO_A_LASER_FLASH_COMMIT);
		used = 2;
	}
	return cpoctl_no_more_args(c, &cpoctl_laser, argc, argv, used);
}

static const struct cpoctl_command laser_cmds[] = {
	{ "show", CPOCTL_CMD_SHOW, laser_show_parse },
	{ "set", CPOCTL_CMD_SET, laser_set_parse },
	{ "flash", CPOCTL_CMD_FLASH, laser_flash_parse },
};

static int laser_show_one(const struct cpo_laser *l, void *data)
{
	if (cpoctl_brief(data)) {
		cpoctl_laser_print_brief(l);
		return 0;
	}
	cpoctl_laser_print(l, NULL);
	print_nl();
	return 0;
}

static int laser_fetch(struct cpoctl *c, const struct cpoctl_req *req,
		      struct cpo_error *err)
{
	struct cpo_laser l;
	int ret;

	if (req->dump)
		return cpo_laser_dump(c->h, laser_show_one, c, err);
	ret = cpo_laser_get(c->h, req->laser.id, &l, err);
	if (!ret)
		laser_show_one(&l, c);
	return ret;
}

static int laser_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct cpo_error err;
	int ret;

	if (req->cmd == CPOCTL_CMD_SET) {
		ret = cpo_laser_set(c->h, &req->laser, &err);
		return cpoctl_set_status(c, ret, &err);
	}
	if (req->cmd == CPOCTL_CMD_FLASH)
		return cpoctl_flash_run(c, req);
	return cpoctl_show(c, req, laser_fetch);
}

const struct cpoctl_object cpoctl_laser = {
	.name = "laser",
	.cmds = laser_cmds,
	.n_cmds = ARRAY_SIZE(laser_cmds),
	.run = laser_run,
	.help = laser_help,
};
