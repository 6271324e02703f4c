// SPDX-License-Identifier: GPL-2.0
/*
 * Service statistics: the stats nest of "cpoctl -s engine/lane show", and
 * "engine stats-clear" / "lane stats-clear".
 */
#include "cpoctl.h"
#include "json_print.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Engines have no lane counters, lanes no module ones: absent, not shown. */
static const struct cpoctl_field stats_fields[] = {
	FIELD(CPO_A_STATS_DP_ACTIVATIONS),
	FIELD(CPO_A_STATS_DP_DEACTIVATIONS),
	FIELD(CPO_A_STATS_MODULE_FAULTS),
	FIELD(CPO_A_STATS_MODULE_READY),
	FIELD(CPO_A_STATS_SWAPS),
	FIELD(CPO_A_STATS_LAST_SWAP_TIME, .fmt = CPOCTL_FMT_AGE),
	FIELD(CPO_A_STATS_RX_LOS_COUNT),
	FIELD(CPO_A_STATS_RX_LOL_COUNT),
	FIELD(CPO_A_STATS_TX_FAULT_COUNT),
	FIELD(CPO_A_STATS_FAILOVERS),
	FIELD(CPO_A_STATS_TIME_IN_SERVICE, .fmt = CPOCTL_FMT_DURATION),
	FIELD(CPO_A_STATS_ELAPSED, .fmt = CPOCTL_FMT_DURATION),
};

/* "stats dp-activations 3 ... elapsed 12.345 s", when the reply has it */
void cpoctl_print_stats(const struct cpo_stats_list *l)
{
	const struct cpo_stats *s = &l->items[0];

	if (!l->n)
		return;
	print_nl_indent(3);
	open_json_object("stats");
	print_text(" stats");
	cpoctl_print_fields(&cpo_stats_attr_set, s, s->present, stats_fields,
			    ARRAY_SIZE(stats_fields));
	close_json_object();
}

/*
 * stats-clear of req->diag: an engine (engine-id) or a lane (lane-id); a
 * lane named by engine and index (req->lane) is looked up first.
 */
int cpoctl_stats_clear_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct cpo_diag d = req->diag;
	struct cpo_error err;
	struct cpo_lane l;
	int ret;

	if (!(d.present & (CPO_BIT(CPO_A_DIAG_ENGINE_ID) |
			   CPO_BIT(CPO_A_DIAG_LANE_ID)))) {
		ret = cpo_lane_get(c->h, &req->lane, &l, &err);
		if (ret)
			return cpoctl_kernel_error(c, &err);
		d.lane_id = l.id;
		d.present |= CPO_BIT(CPO_A_DIAG_LANE_ID);
	}
	ret = cpo_stats_clear(c->h, &d, &err);
	return cpoctl_set_status(c, ret, &err);
}
