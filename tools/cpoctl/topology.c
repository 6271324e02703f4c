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
static const struct cpoctl_sel topology_sels[] = {
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

void cpoctl_topology_print(const struct cpo_topology *t)
{
	const struct cpoctl_sel *s;
	size_t i;

	open_json_object(NULL);
	for (i = 0; i < ARRAY_SIZE(topology_sels); i++) {
		s = &topology_sels[i];
		if (cpo_has(t->present, s->attr))
			print_uint(PRINT_ANY,
				   cpo_attr_name(&cpo_topology_attr_set,
						 s->attr), s->text,
				   *cpoctl_sel_field(s, &cpo_topology_attr_set,
						     (void *)t));
	}
	cpoctl_print_fields(&cpo_topology_attr_set, t, t->present,
			    topology_fields, ARRAY_SIZE(topology_fields));
	close_json_object();
	print_nl();
}

static int topology_parse(struct cpoctl *c, int argc, char **argv,
			  struct cpoctl_req *req)
{
	const struct cpoctl_sel *s;
	int ret, used;

	if (argc < 1)
		return cpoctl_usage(c, &cpoctl_topology,
				    "missing \"engine\" or \"laser\"");
	if (!strcmp(argv[0], "help")) {
		req->cmd = CPOCTL_CMD_HELP;
		return 0;
	}
	req->cmd = CPOCTL_CMD_SHOW;
	ret = cpoctl_parse_sel(c, &cpoctl_topology, topology_sels,
			       ARRAY_SIZE(topology_sels), &cpo_topology_attr_set,
			       argc, argv, &req->topology,
			       &req->topology.present, &s, &used);
	if (ret)
		return ret;
	if (!s)
		return cpoctl_usage(c, &cpoctl_topology,
				    "unknown topology command \"%s\"", argv[0]);
	if (argc > used)
		return cpoctl_usage(c, &cpoctl_topology,
				    "unexpected argument \"%s\"", argv[used]);
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
