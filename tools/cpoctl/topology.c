// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl topology { engine ENGINE_ID | laser LASER_ID | help }: the lanes
 * and ports that lose light when that engine or laser fails.
 */
#include <string.h>

#include "cpoctl.h"
#include "json_print.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* What failure is asked about: keyword, attribute, argument names. */
static const struct topology_sel {
	const char *keyword;
	uint32_t attr;
	const char *meta;
	const char *what;
	const char *text;	/* the line's head in text */
} topology_sels[] = {
	{ "engine", CPO_A_TOPOLOGY_ENGINE_ID, "ENGINE_ID", "engine id",
	  "engine %u failure:" },
	{ "laser", CPO_A_TOPOLOGY_LASER_ID, "LASER_ID", "laser id",
	  "laser %u failure:" },
};

static const struct cpoctl_field topology_fields[] = {
	FIELD(CPO_A_TOPOLOGY_SPARE_ID),
	FIELD(CPO_A_TOPOLOGY_LANE_ID, .nl = true),
	FIELD(CPO_A_TOPOLOGY_IFINDEX, .nl = true),
};

static void topology_help(FILE *fp)
{
	fprintf(fp,
		"Usage: cpoctl topology { engine ENGINE_ID | laser LASER_ID }\n"
		"       cpoctl topology help\n"
		"Lists the lanes (lane-id) and ports (ifindex) that lose light when the\n"
		"engine or laser fails; spare-id names the spare that takes over a\n"
		"laser's lanes under the auto failover policy.\n");
}

/* The u32 field of @attr in @t, found through the attribute table. */
static size_t topology_offset(uint32_t attr)
{
	return cpo_attr_desc(&cpo_topology_attr_set, attr)->offset;
}

void cpoctl_topology_print(const struct cpo_topology *t)
{
	const struct topology_sel *s;
	size_t i;

	open_json_object(NULL);
	for (i = 0; i < ARRAY_SIZE(topology_sels); i++) {
		s = &topology_sels[i];
		if (cpo_has(t->present, s->attr))
			print_uint(PRINT_ANY,
				   cpo_attr_name(&cpo_topology_attr_set,
						 s->attr), s->text,
				   *(const uint32_t *)((const char *)t +
						       topology_offset(s->attr)));
	}
	cpoctl_print_fields(&cpo_topology_attr_set, t, t->present,
			    topology_fields, ARRAY_SIZE(topology_fields));
	close_json_object();
	print_nl();
}

static int topology_parse(struct cpoctl *c, int argc, char **argv,
			  struct cpoctl_req *req)
{
	const struct topology_sel *s = NULL;
	int ret, used;
	size_t i;

	if (argc < 1)
		return cpoctl_usage(c, &cpoctl_topology,
				    "missing \"engine\" or \"laser\"");
	if (!strcmp(argv[0], "help")) {
		req->cmd = CPOCTL_CMD_HELP;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(topology_sels); i++)
		if (!strcmp(argv[0], topology_sels[i].keyword))
			s = &topology_sels[i];
	if (!s)
		return cpoctl_usage(c, &cpoctl_topology,
				    "unknown topology command \"%s\"", argv[0]);
	req->cmd = CPOCTL_CMD_SHOW;
	ret = cpoctl_parse_id(c, &cpoctl_topology, s->meta, s->what,
			      argc - 1, argv + 1,
			      (uint32_t *)((char *)&req->topology +
					   topology_offset(s->attr)),
			      &req->topology.present, CPO_BIT(s->attr), &used);
	if (ret)
		return ret;
	if (argc - 1 > used)
		return cpoctl_usage(c, &cpoctl_topology,
				    "unexpected argument \"%s\"",
				    argv[1 + used]);
	return 0;
}

static int topology_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct cpo_topology t;
	struct cpo_error err;
	int ret;

	ret = cpo_topology_get(c->h, &req->topology, &t, &err);
	if (ret)
		return cpoctl_kernel_error(c, &err);
	cpoctl_topology_print(&t);
	return CPOCTL_EXIT_OK;
}

const struct cpoctl_object cpoctl_topology = {
	.name = "topology",
	.parse = topology_parse,
	.run = topology_run,
	.help = topology_help,
};
