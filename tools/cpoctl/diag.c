// SPDX-License-Identifier: GPL-2.0
/*
 * What threshold and alarm share: the engine-or-lane selector and the
 * printing of an engine's or a lane's thresholds and alarms; and
 * cpoctl diag dump, everything in one JSON document for a support ticket.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <sys/utsname.h>

#include "cpoctl.h"
#include "json_print.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct cpoctl_sel diag_sels[] = {
	{ "engine", CPO_A_DIAG_ENGINE_ID, "ENGINE_ID", "engine id", NULL },
	{ "lane", CPO_A_DIAG_LANE_ID, "LANE_ID", "lane id", NULL },
};

int cpoctl_diag_sel(struct cpoctl *c, const struct cpoctl_object *obj,
		    int argc, char **argv, struct cpoctl_req *req,
		    bool required, int *used)
{
	const struct cpoctl_sel *s;
	int ret;

	ret = cpoctl_parse_sel(c, obj, diag_sels, ARRAY_SIZE(diag_sels),
			       &cpo_diag_attr_set, argc, argv, &req->diag,
			       &req->diag.present, &s, used);
	if (ret)
		return ret;
	if (!s && argc > 0)
		return cpoctl_usage(c, obj,
				    "expected \"engine\" or \"lane\", not \"%s\"",
				    argv[0]);
	if (!s && required)
		return cpoctl_usage(c, obj, "missing \"engine\" or \"lane\"");
	return 0;
}

static const struct cpoctl_field threshold_fields[] = {
	FIELD(CPO_A_THRESHOLD_QUANTITY, .nl = true, .bare = true),
	FIELD(CPO_A_THRESHOLD_HIGH_ALARM, .fmt = CPOCTL_FMT_QUANTITY_DBM,
	      .unit_of = CPO_A_THRESHOLD_QUANTITY),
	FIELD(CPO_A_THRESHOLD_LOW_ALARM, .fmt = CPOCTL_FMT_QUANTITY_DBM,
	      .unit_of = CPO_A_THRESHOLD_QUANTITY),
	FIELD(CPO_A_THRESHOLD_HIGH_WARNING, .fmt = CPOCTL_FMT_QUANTITY_DBM,
	      .unit_of = CPO_A_THRESHOLD_QUANTITY),
	FIELD(CPO_A_THRESHOLD_LOW_WARNING, .fmt = CPOCTL_FMT_QUANTITY_DBM,
	      .unit_of = CPO_A_THRESHOLD_QUANTITY),
};

static const struct cpoctl_field alarm_fields[] = {
	FIELD(CPO_A_ALARM_QUANTITY, .nl = true, .bare = true),
	FIELD(CPO_A_ALARM_LEVEL, .bare = true),
	FIELD(CPO_A_ALARM_ACTIVE, .fmt = CPOCTL_FMT_YES_NO),
	FIELD(CPO_A_ALARM_LATCHED, .fmt = CPOCTL_FMT_YES_NO),
	FIELD(CPO_A_ALARM_COUNT),
	FIELD(CPO_A_ALARM_VALUE, .fmt = CPOCTL_FMT_QUANTITY_DBM,
	      .unit_of = CPO_A_ALARM_QUANTITY),
	FIELD(CPO_A_ALARM_THRESHOLD, .fmt = CPOCTL_FMT_QUANTITY_DBM,
	      .unit_of = CPO_A_ALARM_QUANTITY),
	FIELD(CPO_A_ALARM_FIRST_SET, .fmt = CPOCTL_FMT_TIME, .nl = true,
	      .indent = 7),
	FIELD(CPO_A_ALARM_LAST_SET, .fmt = CPOCTL_FMT_TIME),
	FIELD(CPO_A_ALARM_LAST_CLEAR, .fmt = CPOCTL_FMT_TIME),
};

/* "lane 12 (engine 1):" or "engine 1:"; the ids in JSON. */
static void diag_head(const struct cpo_diag *d)
{
	bool lane = cpo_has(d->present, CPO_A_DIAG_LANE_ID);

	if (cpo_has(d->present, CPO_A_DIAG_ENGINE_ID))
		print_uint(PRINT_JSON, "engine-id", NULL, d->engine_id);
	if (lane)
		print_uint(PRINT_JSON, "lane-id", NULL, d->lane_id);
	if (lane && cpo_has(d->present, CPO_A_DIAG_ENGINE_ID))
		print_text("lane %u (engine %u):", d->lane_id, d->engine_id);
	else if (lane)
		print_text("lane %u:", d->lane_id);
	else
		print_text("engine %u:", d->engine_id);
}

void cpoctl_diag_print(const struct cpo_diag *d, bool alarms,
		       const char *key)
{
	const struct cpo_attr_set *set = alarms ? &cpo_alarm_attr_set :
						  &cpo_threshold_attr_set;
	const struct cpoctl_field *f = alarms ? alarm_fields : threshold_fields;
	size_t nf = alarms ? ARRAY_SIZE(alarm_fields) :
			     ARRAY_SIZE(threshold_fields);
	uint32_t n = alarms ? d->alarms.n : d->thresholds.n;
	bool truncated = alarms ? d->alarms.truncated :
				  d->thresholds.truncated;
	uint32_t i;

	open_json_object(key);
	diag_head(d);
	open_json_array(alarms ? "alarm" : "threshold");
	for (i = 0; i < n && i < CPO_DIAG_MAX; i++) {
		const void *item = alarms ? (const void *)&d->alarms.items[i] :
					    (const void *)&d->thresholds.items[i];
		uint64_t present;

		memcpy(&present, item, sizeof(present));
		open_json_object(NULL);
		cpoctl_print_fields(set, item, present, f, nf);
		close_json_object();
	}
	close_json_array();
	if (!n)
		print_text(" none");
	if (truncated)
		print_text(" ...");
	close_json_object();
}

/* threshold show and alarm show: one object or all */
static int diag_show_one(const struct cpo_diag *d, void *data)
{
	cpoctl_diag_print(d, *(const bool *)data, NULL);
	print_nl();
	return 0;
}

static int diag_fetch(struct cpoctl *c, const struct cpoctl_req *req,
		      struct cpo_error *err)
{
	bool alarms = req->obj == &cpoctl_alarm;
	struct cpo_diag d;
	int ret;

	if (req->dump)
		return (alarms ? cpo_alarm_dump : cpo_threshold_dump)
			(c->h, diag_show_one, &alarms, err);
	ret = (alarms ? cpo_alarm_get : cpo_threshold_get)
		(c->h, &req->diag, &d, err);
	if (!ret)
		diag_show_one(&d, &alarms);
	return ret;
}

int cpoctl_diag_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct cpo_error err;
	int ret;

	switch (req->cmd) {
	case CPOCTL_CMD_SET:
		ret = cpo_threshold_set(c->h, &req->diag, &err);
		return cpoctl_set_status(c, ret, &err);
	case CPOCTL_CMD_CLEAR:
		ret = cpo_alarm_clear(c->h, &req->diag, &err);
		return cpoctl_set_status(c, ret, &err);
	default:
		return cpoctl_show(c, req, diag_fetch);
	}
}

/* ---- cpoctl diag dump ---- */

static void diag_help(FILE *fp)
{
	fprintf(fp,
		"Usage: cpoctl [ -p ] diag dump\n"
		"       cpoctl diag help\n"
		"Prints one JSON document with everything the kernel knows of the\n"
		"optics (engines, lanes, lasers, thresholds, alarms), the cpoctl\n"
		"and netlink family versions, the kernel release and the time:\n"
		"attach it to a support ticket.\n");
}

static int diag_parse(struct cpoctl *c, int argc, char **argv,
		      struct cpoctl_req *req)
{
	if (argc == 1 && !strcmp(argv[0], "help")) {
		req->cmd = CPOCTL_CMD_HELP;
		return 0;
	}
	if (argc < 1)
		return cpoctl_usage(c, &cpoctl_diag, "missing \"dump\"");
	if (strcmp(argv[0], "dump"))
		return cpoctl_usage(c, &cpoctl_diag,
				    "unknown diag command \"%s\"", argv[0]);
	if (argc > 1)
		return cpoctl_usage(c, &cpoctl_diag,
				    "unexpected argument \"%s\"", argv[1]);
	req->cmd = CPOCTL_CMD_DUMP;
	c->json = true;		/* always one JSON document */
	return 0;
}

static int dump_engine(const struct cpo_engine *e, void *data)
{
	(void)data;
	cpoctl_engine_print(e, NULL);
	return 0;
}

static int dump_lane(const struct cpo_lane *l, void *data)
{
	(void)data;
	cpoctl_lane_print(l, NULL);
	return 0;
}

static int dump_laser(const struct cpo_laser *l, void *data)
{
	(void)data;
	cpoctl_laser_print(l, NULL);
	return 0;
}

static int dump_threshold(const struct cpo_diag *d, void *data)
{
	(void)data;
	cpoctl_diag_print(d, false, NULL);
	return 0;
}

static int dump_alarm(const struct cpo_diag *d, void *data)
{
	(void)data;
	cpoctl_diag_print(d, true, NULL);
	return 0;
}

enum { SEC_ENGINES, SEC_LANES, SEC_LASERS, SEC_THRESHOLDS, SEC_ALARMS, SEC_N };

static const char *const sections[SEC_N] = {
	"engines", "lanes", "lasers", "thresholds", "alarms",
};

static int dump_section(struct cpoctl *c, unsigned int sec,
			struct cpo_error *err)
{
	switch (sec) {
	case SEC_ENGINES:
		return cpo_engine_dump(c->h, dump_engine, NULL, err);
	case SEC_LANES:
		return cpo_lane_dump(c->h, NULL, dump_lane, NULL, err);
	case SEC_LASERS:
		return cpo_laser_dump(c->h, dump_laser, NULL, err);
	case SEC_THRESHOLDS:
		return cpo_threshold_dump(c->h, dump_threshold, NULL, err);
	default:
		return cpo_alarm_dump(c->h, dump_alarm, NULL, err);
	}
}

static int diag_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct cpo_error errs[SEC_N];
	bool failed[SEC_N] = { false };
	char line[CPO_MSG_MAX + 128];
	struct utsname uts;
	struct timespec ts;
	int status = CPOCTL_EXIT_OK;
	unsigned int i;
	uint64_t now;

	(void)req;
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	cpoctl_fmt_time(line, sizeof(line), now, 3);
	open_json_object(NULL);
	print_string(PRINT_JSON, "cpoctl-version", NULL, CPOCTL_VERSION);
	print_uint(PRINT_JSON, "family-version", NULL,
		   cpo_family_version(c->h));
	if (!uname(&uts))
		print_string(PRINT_JSON, "kernel", NULL, uts.release);
	print_string(PRINT_JSON, "time", NULL, line);
	print_u64(PRINT_JSON, "timestamp", NULL, now);
	/* each section streamed from its dump: fine at any scale */
	for (i = 0; i < SEC_N; i++) {
		open_json_array(sections[i]);
		failed[i] = dump_section(c, i, &errs[i]) != 0;
		close_json_array();
	}
	/* a section that failed is there in part; say which and why */
	open_json_array("errors");
	for (i = 0; i < SEC_N; i++) {
		if (!failed[i])
			continue;
		cpo_error_format(&errs[i], line, sizeof(line));
		open_json_object(NULL);
		print_string(PRINT_JSON, "section", NULL, sections[i]);
		print_string(PRINT_JSON, "error", NULL, line);
		close_json_object();
		fprintf(c->err, "Error: %s: %s\n", sections[i], line);
		status = CPOCTL_EXIT_KERNEL;
	}
	close_json_array();
	close_json_object();
	return status;
}

const struct cpoctl_object cpoctl_diag = {
	.name = "diag",
	.parse = diag_parse,
	.run = diag_run,
	.help = diag_help,
};
