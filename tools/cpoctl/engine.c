// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl engine { show [ ENGINE_ID ] | set ENGINE_ID ARGS |
 *                 flash { ENGINE_ID | dev DEV } { FILE [ commit ] | abort } |
 *                 stats-clear ENGINE_ID | help }
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* unreachable first, where it is seen: the values are old */
static const struct cpoctl_field engine_fields[] = {
	FIELD(CPO_A_ENGINE_UNREACHABLE, .fmt = CPOCTL_FMT_ALERT, .bare = true),
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
		"       cpoctl engine flash { ENGINE_ID | dev DEV } { FILE [ commit ] | abort }\n"
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

/* "flash downloading 3712/8256 file cpo/a.bin" (and why it failed) */
static void engine_print_flash(const struct cpo_flash_list *l)
{
	const struct cpo_flash *fl = &l->items[0];
	const char *state;

	if (!l->n)
		return;
	state = cpo_enum_name(&cpo_flash_state_enum, fl->state);
	print_nl_indent(3);
	open_json_object("flash");
	if (state)
		print_string(PRINT_ANY, "state", " flash %s", state);
	else
		print_uint(PRINT_ANY, "state", " flash %u", fl->state);
	print_uint(PRINT_ANY, "done", " %u", fl->done);
	print_uint(PRINT_ANY, "total", "/%u bytes", fl->total);
	if (cpo_has(fl->present, CPO_A_FLASH_FILE))
		print_string(PRINT_ANY, "file", " file %s", fl->file);
	if (cpo_has(fl->present, CPO_A_FLASH_MESSAGE))
		print_string(PRINT_ANY, "message", ": %s", fl->message);
	print_u64(PRINT_JSON, "started", NULL, fl->started);
	print_u64(PRINT_JSON, "updated", NULL, fl->updated);
	close_json_object();
}

void cpoctl_engine_print(const struct cpo_engine *e, const char *key)
{
	open_json_object(key);
	if (cpo_has(e->present, CPO_A_ENGINE_ID))
		print_uint(PRINT_ANY, "id", "engine %u:", e->id);
	cpoctl_print_fields(&cpo_engine_attr_set, e, e->present, engine_fields,
			    ARRAY_SIZE(engine_fields));
	cpoctl_print_firmware(&e->firmware);
	engine_print_flash(&e->flash);
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

/* flash { ENGINE_ID | dev DEV } { FILE [ commit ] | abort } */
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
	if (argc > 1 && !strcmp(argv[1], "commit")) {
		e->flash_commit = true;
		e->present |= CPO_BIT(CPO_A_ENGINE_FLASH_COMMIT);
		used = 2;
	} else {
		used = 1;
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

/* What each engine's update came to. */
struct flash_watch {
	struct cpoctl *c;
	bool tty;		/* redraw one progress line */
	bool drawn;		/* a progress line is on the terminal */
	unsigned int n;
	struct flash_seen {
		uint32_t id;
		uint32_t state;
		uint32_t done;
		uint32_t total;
		char message[CPO_STR_MAX];
	} *seen;
};

static struct flash_seen *flash_seen_of(struct flash_watch *w, uint32_t id)
{
	struct flash_seen *bigger;
	unsigned int i;

	for (i = 0; i < w->n; i++)
		if (w->seen[i].id == id)
			return &w->seen[i];
	bigger = realloc(w->seen, (w->n + 1) * sizeof(*bigger));
	if (!bigger)
		return NULL;
	w->seen = bigger;
	w->seen[w->n] = (struct flash_seen){ .id = id };
	return &w->seen[w->n++];
}

/* On a terminal: one line for one engine, a summary for several. */
static void flash_draw(struct flash_watch *w, const struct flash_seen *s)
{
	uint64_t done = 0, total = 0;
	unsigned int i, ended = 0, bad = 0;
	const char *state;

	if (w->n == 1) {
		state = cpo_enum_name(&cpo_flash_state_enum, s->state);
		fprintf(w->c->out, "\rengine %u: %s %u%% (%u of %u bytes)\033[K",
			s->id, state ? state : "?",
			s->total ? (unsigned int)((uint64_t)s->done * 100 /
						  s->total) : 0,
			s->done, s->total);
	} else {
		for (i = 0; i < w->n; i++) {
			done += w->seen[i].done;
			total += w->seen[i].total;
			if (w->seen[i].state == CPO_FLASH_STATE_DONE)
				ended++;
			if (w->seen[i].state == CPO_FLASH_STATE_FAILED ||
			    w->seen[i].state == CPO_FLASH_STATE_ABORTED)
				bad++;
		}
		fprintf(w->c->out,
			"\r%u engines: %u%% (%llu of %llu bytes), %u done, %u failed\033[K",
			w->n, total ? (unsigned int)(done * 100 / total) : 0,
			(unsigned long long)done, (unsigned long long)total,
			ended, bad);
	}
	w->drawn = true;
}

/* Each event: a JSON line, a redrawn line, or a line per state. */
static int flash_show(const struct cpo_event *ev, void *data)
{
	const struct cpo_flash *fl = &ev->engine.flash.items[0];
	struct flash_watch *w = data;
	const char *state = cpo_enum_name(&cpo_flash_state_enum, fl->state);
	struct flash_seen *s = flash_seen_of(w, ev->engine.id);
	uint32_t was;

	if (!s)
		return 0;	/* out of memory: the update goes on unseen */
	was = s->state;
	s->state = fl->state;
	s->done = fl->done;
	s->total = fl->total;
	if (cpo_has(fl->present, CPO_A_FLASH_MESSAGE))
		snprintf(s->message, sizeof(s->message), "%s", fl->message);
	if (w->c->json) {
		cpoctl_event_print(ev);	/* as monitor prints it */
	} else if (w->tty) {
		flash_draw(w, s);
	} else if (fl->state != was) {
		fprintf(w->c->out, "engine %u: %s %u%% (%u of %u bytes)\n",
			ev->engine.id, state ? state : "?",
			fl->total ? (unsigned int)((uint64_t)fl->done * 100 /
						   fl->total) : 0,
			fl->done, fl->total);
	}
	fflush(w->c->out);
	return 0;
}

/*
 * How the updates ended: one engine's as before; with several, a line
 * for each that failed, naming it.
 */
static int flash_outcome(struct cpoctl *c, const struct flash_watch *w)
{
	const struct flash_seen *s;
	int ret = CPOCTL_EXIT_OK;
	unsigned int i;

	for (i = 0; i < w->n; i++) {
		s = &w->seen[i];
		if (s->state != CPO_FLASH_STATE_FAILED &&
		    s->state != CPO_FLASH_STATE_ABORTED)
			continue;
		fprintf(c->err, "Error: ");
		if (w->n > 1)
			fprintf(c->err, "engine %u: ", s->id);
		if (s->state == CPO_FLASH_STATE_FAILED)
			fprintf(c->err, "the firmware update failed: %s\n",
				s->message[0] ? s->message : "no reason given");
		else
			fprintf(c->err, "the firmware update was aborted\n");
		ret = CPOCTL_EXIT_KERNEL;
	}
	return ret;
}

static int engine_flash_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct flash_watch w = { .c = c, .tty = !c->json && isatty(fileno(c->out)) };
	struct cpo_error err;
	int ret;

	set_oneline(true);	/* JSON: one event per line */
	ret = cpo_engine_flash(c->h, &req->engine, flash_show, &w, &err);
	if (w.drawn)
		fputc('\n', c->out);
	if (ret)
		ret = cpoctl_kernel_error(c, &err);
	else if (!req->engine.flash_abort)
		ret = flash_outcome(c, &w);
	else
		ret = CPOCTL_EXIT_OK;
	free(w.seen);
	return ret;
}

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
		return engine_flash_run(c, req);
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
