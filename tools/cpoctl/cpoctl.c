// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl [ OPTIONS ] OBJECT { COMMAND | help }: options, object dispatch,
 * and the split between parsing a command line and running it. A batch
 * (-b FILE) runs many commands on one handle (batch.c).
 */
#include <getopt.h>
#include <string.h>

#include "cpoctl.h"
#include "json_print.h"

static const struct cpoctl_object *const objects[] = {
	&cpoctl_engine,
	&cpoctl_lane,
	&cpoctl_laser,
	&cpoctl_topology,
	&cpoctl_threshold,
	&cpoctl_alarm,
	&cpoctl_diag,
	&cpoctl_monitor,
	&cpoctl_selftest,
	&cpoctl_service,
};

void cpoctl_help(FILE *fp)
{
	fprintf(fp,
		"Usage: cpoctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       cpoctl [ OPTIONS ] [ -force ] -batch FILE\n"
		"       cpoctl help\n"
		"where  OBJECT := { engine | lane | laser | topology | threshold | alarm | diag |\n"
		"                   monitor | selftest | service }\n"
		"       OPTIONS := { -j | --json | -p | --pretty | -br | --brief | -s | --stats |\n"
		"                    -V | --version | -h | --help |\n"
		"                    -b | --batch FILE | -force | --force }\n"
		"       FILE := one OBJECT COMMAND per line, \"-\" for stdin\n");
}

static const struct cpoctl_object *object_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (!strcmp(objects[i]->name, name))
			return objects[i];
	return NULL;
}

/* COMMAND [ ARGS ] of @obj's table, the first command by default. */
static int command_parse(struct cpoctl *c, const struct cpoctl_object *obj,
			 int argc, char **argv, struct cpoctl_req *req)
{
	const char *name = argc > 0 ? argv[0] : obj->cmds[0].name;
	size_t i;

	if (!strcmp(name, "help")) {
		req->cmd = CPOCTL_CMD_HELP;
		return 0;
	}
	for (i = 0; i < obj->n_cmds; i++) {
		if (strcmp(name, obj->cmds[i].name))
			continue;
		req->cmd = obj->cmds[i].cmd;
		if (argc > 0) {
			argc--;
			argv++;
		}
		return obj->cmds[i].parse(c, argc, argv, req);
	}
	return cpoctl_usage(c, obj, "unknown %s command \"%s\"", obj->name,
			    name);
}

int cpoctl_parse(struct cpoctl *c, int argc, char **argv,
		 struct cpoctl_req *req)
{
	/*
	 * getopt_long_only(), as iproute2 takes its options: "-force" and
	 * "-batch" are the long options, so is any prefix ("-br", "-j"); a
	 * letter of the short ones alone is that option ("-b" is -batch).
	 */
	static const struct option long_opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ "batch", required_argument, NULL, 'b' },
		{ "force", no_argument, NULL, 'f' },
		{ "brief", no_argument, NULL, 'r' },
		{ "stats", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	memset(req, 0, sizeof(*req));
	optind = 0;	/* glibc: restart scanning, parse may run many times */
	opterr = 0;
	while ((opt = getopt_long_only(argc, argv, "+:jpVhfsb:", long_opts,
				       NULL)) != -1) {
		switch (opt) {
		case 'j':
			c->json = true;
			break;
		case 'p':
			c->pretty = true;
			break;
		case 'V':
			req->cmd = CPOCTL_CMD_VERSION;
			return 0;
		case 'h':
			req->cmd = CPOCTL_CMD_HELP;
			return 0;
		case 'b':
			c->batch = optarg;
			break;
		case 'f':
			c->force = true;
			break;
		case 'r':
			c->brief = true;
			break;
		case 's':
			c->stats = true;
			break;
		case ':':
			return cpoctl_usage(c, NULL,
					    "option \"%s\" needs an argument",
					    argv[optind - 1]);
		default:
			if (optopt)
				return cpoctl_usage(c, NULL,
						    "unknown option \"-%c\"",
						    optopt);
			return cpoctl_usage(c, NULL, "unknown option \"%s\"",
					    argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (c->batch) {
		if (argc > 0)
			return cpoctl_usage(c, NULL,
					    "unexpected argument \"%s\": the commands are in the batch \"%s\"",
					    argv[0], c->batch);
		req->cmd = CPOCTL_CMD_BATCH;
		return 0;
	}
	return cpoctl_parse_object(c, argc, argv, req);
}

int cpoctl_parse_object(struct cpoctl *c, int argc, char **argv,
			struct cpoctl_req *req)
{
	const struct cpoctl_object *obj;

	memset(req, 0, sizeof(*req));
	if (argc < 1)
		return cpoctl_usage(c, NULL, "missing OBJECT");
	if (!strcmp(argv[0], "help")) {
		req->cmd = CPOCTL_CMD_HELP;
		return 0;
	}
	obj = object_find(argv[0]);
	if (!obj)
		return cpoctl_usage(c, NULL, "unknown object \"%s\"", argv[0]);
	req->obj = obj;
	if (obj->parse)
		return obj->parse(c, argc - 1, argv + 1, req);
	return command_parse(c, obj, argc - 1, argv + 1, req);
}

int cpoctl_exec_one(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct cpo_error err;
	int ret;

	switch (req->cmd) {
	case CPOCTL_CMD_VERSION:
		fprintf(c->out, "cpoctl %s (cpo netlink family version %d)\n",
			CPOCTL_VERSION, CPO_FAMILY_VERSION);
		return CPOCTL_EXIT_OK;
	case CPOCTL_CMD_HELP:
		if (req->obj)
			req->obj->help(c->out);
		else
			cpoctl_help(c->out);
		return CPOCTL_EXIT_OK;
	default:
		break;
	}

	if (!c->h) {
		ret = cpo_open(&c->h, &err);
		if (ret)
			return cpoctl_kernel_error(c, &err);
	}
	if (new_json_obj(c->json, c->pretty, c->out)) {
		fprintf(c->err, "Error: out of memory\n");
		ret = CPOCTL_EXIT_KERNEL;
	} else {
		ret = req->obj->run(c, req);
	}
	delete_json_obj();
	/* the next command on the handle sees no event from this one */
	cpo_monitor_stop(c->h);
	return ret;
}

int cpoctl_exec(struct cpoctl *c, const struct cpoctl_req *req)
{
	int ret;

	if (req->cmd == CPOCTL_CMD_BATCH)
		ret = cpoctl_batch(c, c->batch);
	else
		ret = cpoctl_exec_one(c, req);
	cpo_close(c->h);
	c->h = NULL;
	return ret;
}

int cpoctl_run(struct cpoctl *c, int argc, char **argv)
{
	struct cpoctl_req req;
	int ret;

	ret = cpoctl_parse(c, argc, argv, &req);
	if (ret)
		return ret;
	return cpoctl_exec(c, &req);
}

int cpoctl_main(int argc, char **argv, FILE *out, FILE *err)
{
	struct cpoctl c = { .in = stdin, .out = out, .err = err };

	return cpoctl_run(&c, argc, argv);
}
