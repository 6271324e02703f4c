// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl engine { show [ ENGINE_ID ] | set ENGINE_ID ARGS |
 *                 flash { ENGINE_ID | dev DEV }
 *                       { FILE [ lasers LASER_FILE ] [ commit ] | abort } |
 *                 stats-clear ENGINE_ID | help }
 */
#include <string.h>

#include "cpoctl.h"
#include "json_print.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * The spec's checks on refresh-interval (max 3600000 ms). The kernel also
 * refuses 1..9 ms, with its own message: that rule is its to explain.
 */
#define ENGINE_REFRESH_MS_MAX	3600000

static const struct cpoctl_set_arg engine_set_args[] = {
	CPOCTL_ARG_ENUM("power-mode", CPO_A_ENGINE_POWER_MODE,
			&cpo_power_mode_enum),
	CPOCTL_ARG_RANGE("refresh-interval", CPO_A_ENGINE_REFRESH_INTERVAL, 0,
			 ENGINE_REFRESH_MS_MAX, "MS"),
	{ .keyword = "fw-min-version", .attr = CPO_A_ENGINE_FW_MIN_VERSION,
	  .parse = cpoctl_arg_version, .meta = "VERSION" },
};

/* unreachable and stale first, where they are seen: the values are old */
static const struct cpoctl_field engine_fields[] = {
	FIELD(CPO_A_ENGINE_UNREACHABLE, .fmt = CPOCTL_FMT_ALERT, .bare = true),
	FIELD(CPO_A_ENGINE_STALE, .fmt = CPOCTL_FMT_ALERT, .bare = true,
	      .set_only = true),
	FIELD(CPO_A_ENGINE_DEV_NAME),
	FIELD(CPO_A_ENGINE_TYPE),
	FIELD(CPO_A_ENGINE_LOCATION),
	FIELD(CPO_A_ENGINE_SLOT_STATE),
	FIELD(CPO_A_ENGINE_VENDOR, .nl = true),
	FIELD(CPO_A_ENGINE_PART_NUMBER),
	FIELD(CPO_A_ENGINE_SERIAL),
	FIELD(CPO_A_ENGINE_HW_REV),
	FIELD(CPO_A_ENGINE_FW_VERSION),
	FIELD(CPO_A_ENGINE_FW_INACTIVE),
	FIELD(CPO_A_ENGINE_LANE_COUNT, .nl = true),
	FIELD(CPO_A_ENGINE_LANE_RATE, .fmt = CPOCTL_FMT_RATE),
	FIELD(CPO_A_ENGINE_MEDIA_TYPE),
	FIELD(CPO_A_ENGINE_FIELD_REPLACEABLE),
	FIELD(CPO_A_ENGINE_MODULE_STATE, .nl = true),
	FIELD(CPO_A_ENGINE_FAULT_CAUSE),
	FIELD(CPO_A_ENGINE_POWER_MODE),
	FIELD(CPO_A_ENGINE_TEMPERATURE, .fmt = CPOCTL_FMT_MILLI_C, .nl = true),
	FIELD(CPO_A_ENGINE_VOLTAGE, .fmt = CPOCTL_FMT_MICRO_V),
	FIELD(CPO_A_ENGINE_POWER_DRAW, .fmt = CPOCTL_FMT_MICRO_W_W),
	FIELD(CPO_A_ENGINE_ENERGY_PER_BIT, .fmt = CPOCTL_FMT_FJ_BIT),
	FIELD(CPO_A_ENGINE_REFRESHED, .fmt = CPOCTL_FMT_AGE, .nl = true,
	      .absent = "never"),
	FIELD(CPO_A_ENGINE_REFRESH_INTERVAL, .fmt = CPOCTL_FMT_MS_OR_SIGNAL),
	FIELD(CPO_A_ENGINE_REFRESH_DURATION, .fmt = CPOCTL_FMT_DURATION),
	FIELD(CPO_A_ENGINE_BUS_TRANSACTIONS, .nl = true),
	FIELD(CPO_A_ENGINE_BUS_BYTES),
	FIELD(CPO_A_ENGINE_BUS_ERRORS),
	FIELD(CPO_A_ENGINE_BUS_RETRIES),
	FIELD(CPO_A_ENGINE_BUS_BUSY_TIME, .fmt = CPOCTL_FMT_DURATION),
	FIELD(CPO_A_ENGINE_BUS_LOAD, .fmt = CPOCTL_FMT_PPM_PCT),
	FIELD(CPO_A_ENGINE_BUS_LAST_ERROR, .fmt = CPOCTL_FMT_ERRNO),
	FIELD(CPO_A_ENGINE_SERVICE_STATE, .nl = true),
	FIELD(CPO_A_ENGINE_FW_MIN_VERSION),
};

static void engine_help(FILE *fp)
{
	fprintf(fp,
		"Usage: cpoctl engine show [ ENGINE_ID ]\n"
		"       cpoctl engine set ENGINE_ID ");
	cpoctl_set_usage(fp, engine_set_args, ARRAY_SIZE(engine_set_args));
	fprintf(fp, "\n"
		"       cpoctl engine flash { ENGINE_ID | dev DEV } { FILE [ lasers LASER_FILE ] [ commit ] | abort }\n"
		"       cpoctl engine stats-clear ENGINE_ID\n"
		"       cpoctl engine help\n"
		"where  MS := the refresh period in ms, 10..%u, or 0: only when\n"
		"             the hardware signals a change\n"
		"       VERSION := the minimum firmware \"major.minor\" service verify\n"
		"                  wants, or none\n"
		"       FILE := a firmware image under /lib/firmware\n"
		"       DEV := a device's name: every engine of it the image is for\n"
		"With -s, show prints the service statistics; stats-clear clears\n"
		"those of the engine and of its lanes.\n",
		ENGINE_REFRESH_MS_MAX);
}

/*
 * "firmware a 2.1.7 running committed, b 2.0.7, factory 2.0.1": the banks
 * of an engine, or of a laser's module
 */
void cpoctl_print_firmware(const struct cpo_firmware_list *l)
{
	uint32_t i;

	if (!l->n)
		return;
	print_nl_indent(3);
	print_text(" firmware");
	open_json_array("firmware");
	for (i = 0; i < l->n && i < CPO_FW_BANKS_MAX; i++) {
		const struct cpo_firmware *fw = &l->items[i];
		const char *bank = cpo_enum_name(&cpo_fw_bank_enum, fw->bank);

		open_json_object(NULL);
		if (bank)
			print_string(PRINT_ANY, "bank", i ? ", %s" : " %s", bank);
		else
			print_uint(PRINT_ANY, "bank", i ? ", bank %u" : " bank %u",
				   fw->bank);
		if (cpo_has(fw->present, CPO_A_FIRMWARE_VERSION))
			print_string(PRINT_ANY, "version", " %s", fw->version);
		print_uint(PRINT_JSON, "running", NULL, fw->running);
		print_uint(PRINT_JSON, "committed", NULL, fw->committed);
		print_uint(PRINT_JSON, "valid", NULL, fw->valid);
		if (!fw->valid)
			print_text(" no valid image");
		if (fw->running)
			print_text(" running");
		if (fw->committed)
			print_text(" committed");
		close_json_object();
	}
	close_json_array();
	if (l->truncated)
		print_text(" ...");
}

void cpoctl_engine_print(const struct cpo_engine *e, const char *key)
{
	open_json_object(key);
	if (cpo_has(e->present, CPO_A_ENGINE_ID))
		print_uint(PRINT_ANY, "id", "engine %u:", e->id);
	cpoctl_print_fields(&cpo_engine_attr_set, e, e->present, engine_fields,
			    ARRAY_SIZE(engine_fields));
	cpoctl_print_firmware(&e->firmware);
	cpoctl_print_flash(&e->flash);
	cpoctl_engine_print_selftest(&e->selftest);
	cpoctl_print_stats(&e->stats);
	close_json_object();
}

/* ENGINE_ID, also spelled "id ENGINE_ID"; return the arguments used. */
static int engine_id_arg(struct cpoctl *c, int argc, char **argv,
			 struct cpoctl_req *req, int *used)
{
	return cpoctl_parse_id(c, &cpoctl_engine, "ENGINE_ID", "engine id",
			       argc, argv, &req->engine.id,
			       &req->engine.present, CPO_BIT(CPO_A_ENGINE_ID),
			       used);
}

static int engine_show_parse(struct cpoctl *c, int argc, char **argv,
			     struct cpoctl_req *req)
{
	int ret, used;

	if (c->stats) {
		req->engine.with_stats = true;
		req->engine.present |= CPO_BIT(CPO_A_ENGINE_WITH_STATS);
	}
	req->dump = argc <= 0;
	if (req->dump)
		return 0;
	ret = engine_id_arg(c, argc, argv, req, &used);
	if (ret)
		return ret;
	return cpoctl_no_more_args(c, &cpoctl_engine, argc, argv, used);
}

static int engine_set_parse(struct cpoctl *c, int argc, char **argv,
			    struct cpoctl_req *req)
{
	int ret, used;

	ret = engine_id_arg(c, argc, argv, req, &used);
	if (ret)
		return ret;
	return cpoctl_parse_set_args(c, &cpoctl_engine, engine_set_args,
				     ARRAY_SIZE(engine_set_args),
				     &cpo_engine_attr_set, argc - used,
				     argv + used, &req->engine,
				     &req->engine.present);
}

/* flash { ENGINE_ID | dev DEV } { FILE [ lasers LASER_FILE ] [ commit ] | abort } */
static int engine_flash_parse(struct cpoctl *c, int argc, char **argv,
			      struct cpoctl_req *req)
{
	struct cpo_engine *e = &req->engine;
	int ret, used;

	ret = cpoctl_parse_engines(c, &cpoctl_engine, argc, argv, e, &used);
	if (ret)
		return ret;
	argc -= used;
	argv += used;
	if (argc < 1)
		return cpoctl_usage(c, &cpoctl_engine,
				    "missing FILE or abort after %s",
				    cpo_has(e->present, CPO_A_ENGINE_DEV_NAME) ?
				    "DEV" : "ENGINE_ID");
	if (!strcmp(argv[0], "abort")) {
		e->flash_abort = true;
		e->present |= CPO_BIT(CPO_A_ENGINE_FLASH_ABORT);
		return cpoctl_no_more_args(c, &cpoctl_engine, argc, argv, 1);
	}
	if (!argv[0][0] || strlen(argv[0]) >= sizeof(e->flash_file))
		return cpoctl_usage(c, &cpoctl_engine,
				    "FILE: a name of 1 to %zu characters",
				    sizeof(e->flash_file) - 1);
	strcpy(e->flash_file, argv[0]);
	e->present |= CPO_BIT(CPO_A_ENGINE_FLASH_FILE);
	used = 1;
	if (argc > used + 1 && !strcmp(argv[used], "lasers")) {
		if (!cpo_has(e->present, CPO_A_ENGINE_DEV_NAME))
			return cpoctl_usage(c, &cpoctl_engine,
					    "lasers LASER_FILE goes with dev DEV");
		if (!argv[used + 1][0] ||
		    strlen(argv[used + 1]) >= sizeof(e->flash_laser_file))
			return cpoctl_usage(c, &cpoctl_engine,
					    "LASER_FILE: a name of 1 to %zu characters",
					    sizeof(e->flash_laser_file) - 1);
		strcpy(e->flash_laser_file, argv[used + 1]);
		e->present |= CPO_BIT(CPO_A_ENGINE_FLASH_LASER_FILE);
		used += 2;
	}
	if (argc > used && !strcmp(argv[used], "commit")) {
		e->flash_commit = true;
		e->present |= CPO_BIT(CPO_A_ENGINE_FLASH_COMMIT);
		used++;
	}
	return cpoctl_no_more_args(c, &cpoctl_engine, argc, argv, used);
}

/* stats-clear ENGINE_ID */
static int engine_stats_clear_parse(struct cpoctl *c, int argc, char **argv,
				    struct cpoctl_req *req)
{
	int ret, used;

	ret = cpoctl_parse_id(c, &cpoctl_engine, "ENGINE_ID", "engine id",
			      argc, argv, &req->diag.engine_id,
			      &req->diag.present,
			      CPO_BIT(CPO_A_DIAG_ENGINE_ID), &used);
	if (ret)
		return ret;
	return cpoctl_no_more_args(c, &cpoctl_engine, argc, argv, used);
}

static const struct cpoctl_command engine_cmds[] = {
	{ "show", CPOCTL_CMD_SHOW, engine_show_parse },
	{ "set", CPOCTL_CMD_SET, engine_set_parse },
	{ "flash", CPOCTL_CMD_FLASH, engine_flash_parse },
	{ "stats-clear", CPOCTL_CMD_CLEAR, engine_stats_clear_parse },
};

static int engine_show_one(const struct cpo_engine *e, void *data)
{
	if (cpoctl_brief(data)) {
		cpoctl_engine_print_brief(e);
		return 0;
	}
	cpoctl_engine_print(e, NULL);
	print_nl();
	return 0;
}

static int engine_fetch(struct cpoctl *c, const struct cpoctl_req *req,
		       struct cpo_error *err)
{
	struct cpo_engine e;
	int ret;

	if (req->dump)
		return cpo_engine_dump_filter(c->h, &req->engine,
					      engine_show_one, c, err);
	ret = cpo_engine_get_sel(c->h, &req->engine, &e, err);
	if (!ret)
		engine_show_one(&e, c);
	return ret;
}

static int engine_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct cpo_error err;
	int ret;

	if (req->cmd == CPOCTL_CMD_SET) {
		ret = cpo_engine_set(c->h, &req->engine, &err);
		return cpoctl_set_status(c, ret, &err);
	}
	if (req->cmd == CPOCTL_CMD_FLASH)
		return cpoctl_flash_run(c, req);
	if (req->cmd == CPOCTL_CMD_CLEAR)
		return cpoctl_stats_clear_run(c, req);
	return cpoctl_show(c, req, engine_fetch);
}

const struct cpoctl_object cpoctl_engine = {
	.name = "engine",
	.cmds = engine_cmds,
	.n_cmds = ARRAY_SIZE(engine_cmds),
	.run = engine_run,
	.help = engine_help,
};
