// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl service { prepare | verify | status } { ENGINE_ID | engine
 * ENGINE_ID | laser LASER_ID } [ force ]: the service flow of an engine or
 * a laser module, one step per command, run by the kernel.
 */
#include <string.h>

#include "cpoctl.h"
#include "json_print.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct cpoctl_sel service_sels[] = {
	{ "engine", CPO_A_SERVICE_ENGINE_ID, "ENGINE_ID", "engine id",
	  "engine %u" },
	{ "laser", CPO_A_SERVICE_LASER_ID, "LASER_ID", "laser id",
	  "laser %u" },
};

static const struct cpoctl_field service_fields[] = {
	FIELD(CPO_A_SERVICE_STEP),
	FIELD(CPO_A_SERVICE_OK, .fmt = CPOCTL_FMT_YES_NO),
	FIELD(CPO_A_SERVICE_STATE),
	FIELD(CPO_A_SERVICE_REASON, .nl = true),
	FIELD(CPO_A_SERVICE_NOTES, .nl = true),
	FIELD(CPO_A_SERVICE_TIMESTAMP, .fmt = CPOCTL_FMT_TIME, .nl = true),
	FIELD(CPO_A_SERVICE_LANE_ID, .nl = true),
	FIELD(CPO_A_SERVICE_IFINDEX, .nl = true),
	FIELD(CPO_A_SERVICE_MOVED_LANE_ID, .nl = true),
};

static void service_help(FILE *fp)
{
	fprintf(fp,
		"Usage: cpoctl service { prepare | verify | status } { ENGINE_ID | engine ENGINE_ID |\n"
		"                      laser LASER_ID } [ force ]\n"
		"       cpoctl service help\n"
		"prepare takes the engine, or the lanes a laser module feeds, out of\n"
		"service before a swap (tx off, data path deinit, an engine's low power),\n"
		"refused while lanes carry traffic unless force; verify checks the part\n"
		"inserted (identity, fw-min-version, fibers, light) and brings the\n"
		"configuration and the lanes back; status shows the state and the last\n"
		"step. lane-id and ifindex list the blast radius. prepare first moves\n"
		"the lanes of a laser with a healthy, free standby in another module to\n"
		"it (moved-lane-id): they stay in service; verify gives them back under\n"
		"the auto failover policy, laser failback under manual.\n");
}

void cpoctl_service_print(const struct cpo_service *s, const char *key)
{
	const struct cpoctl_sel *sel;
	size_t i;

	open_json_object(key);
	for (i = 0; i < ARRAY_SIZE(service_sels); i++) {
		sel = &service_sels[i];
		if (cpo_has(s->present, sel->attr))
			print_uint(PRINT_ANY,
				   cpo_attr_name(&cpo_service_attr_set,
						 sel->attr), sel->text,
				   *cpoctl_sel_field(sel, &cpo_service_attr_set,
						     (void *)s));
	}
	print_text(":");
	cpoctl_print_fields(&cpo_service_attr_set, s, s->present,
			    service_fields, ARRAY_SIZE(service_fields));
	close_json_object();
}

static int service_parse(struct cpoctl *c, int argc, char **argv,
			 struct cpoctl_req *req)
{
	struct cpo_service *s = &req->service;
	const struct cpoctl_sel *sel;
	int ret, used;

	if (argc < 1)
		return cpoctl_usage(c, &cpoctl_service,
				    "missing \"prepare\", \"verify\" or \"status\"");
	if (!strcmp(argv[0], "help")) {
		req->cmd = CPOCTL_CMD_HELP;
		return 0;
	}
	if (cpo_enum_value(&cpo_service_step_enum, argv[0], &s->step))
		return cpoctl_usage(c, &cpoctl_service,
				    "unknown service step \"%s\"", argv[0]);
	s->present |= CPO_BIT(CPO_A_SERVICE_STEP);
	req->cmd = CPOCTL_CMD_SET;
	argc--;
	argv++;
	ret = cpoctl_parse_sel(c, &cpoctl_service, service_sels,
			       ARRAY_SIZE(service_sels), &cpo_service_attr_set,
			       argc, argv, s, &s->present, &sel, &used);
	if (ret)
		return ret;
	if (!sel) {
		ret = cpoctl_parse_id(c, &cpoctl_service, "ENGINE_ID",
				      "engine id", argc, argv, &s->engine_id,
				      &s->present,
				      CPO_BIT(CPO_A_SERVICE_ENGINE_ID), &used);
		if (ret)
			return ret;
	}
	if (argc > used && !strcmp(argv[used], "force")) {
		if (s->step != CPO_SERVICE_STEP_PREPARE)
			return cpoctl_usage(c, &cpoctl_service,
					    "\"force\" applies to prepare only");
		s->force = true;
		s->present |= CPO_BIT(CPO_A_SERVICE_FORCE);
		used++;
	}
	return cpoctl_no_more_args(c, &cpoctl_service, argc, argv, used);
}

static int service_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct cpo_service s;
	struct cpo_error err;
	int ret;

	ret = cpo_service(c->h, &req->service, &s, &err);
	if (ret)
		return cpoctl_kernel_error(c, &err);
	cpoctl_kernel_warning(c, &err);
	cpoctl_service_print(&s, NULL);
	print_nl();
	return CPOCTL_EXIT_OK;
}

const struct cpoctl_object cpoctl_service = {
	.name = "service",
	.parse = service_parse,
	.run = service_run,
	.help = service_help,
};

int cpoctl_arg_version(const struct cpoctl_set_arg *a,
		       const struct cpo_attr_desc *d, const char *arg,
		       void *field)
{
	unsigned int major, minor;
	char tail;

	(void)a;
	if (!strcmp(arg, "none"))
		arg = "";
	else if (sscanf(arg, "%u.%u%c", &major, &minor, &tail) != 2 ||
		 strlen(arg) >= d->size || strlen(arg) > 7)
		return -1;
	strcpy(field, arg);
	return 0;
}
