// SPDX-License-Identifier: GPL-2.0
/*
 * Request builders. Each request declares which attributes it takes;
 * selectors are checked here so a bad request never reaches the kernel.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "cpo_priv.h"

#define ENGINE_SEL	CPO_BIT(CPO_A_ENGINE_ID)
#define ENGINE_BY_DEV	CPO_BIT(CPO_A_ENGINE_DEV_NAME)
#define ENGINE_SETTABLE	(CPO_BIT(CPO_A_ENGINE_POWER_MODE) |		\
			 CPO_BIT(CPO_A_ENGINE_REFRESH_INTERVAL) |	\
			 CPO_BIT(CPO_A_ENGINE_FW_MIN_VERSION))
#define ENGINE_FLASH	(CPO_BIT(CPO_A_ENGINE_FLASH_FILE) |		\
			 CPO_BIT(CPO_A_ENGINE_FLASH_COMMIT) |		\
			 CPO_BIT(CPO_A_ENGINE_FLASH_ABORT) |		\
			 CPO_BIT(CPO_A_ENGINE_FLASH_LASER_FILE))
#define LASER_FLASH	(CPO_BIT(CPO_A_LASER_FLASH_FILE) |		\
			 CPO_BIT(CPO_A_LASER_FLASH_COMMIT) |		\
			 CPO_BIT(CPO_A_LASER_FLASH_ABORT))
#define LANE_BY_ID	CPO_BIT(CPO_A_LANE_ID)
#define LANE_BY_INDEX	(CPO_BIT(CPO_A_LANE_ENGINE_ID) | CPO_BIT(CPO_A_LANE_INDEX))
#define LANE_SETTABLE	(CPO_BIT(CPO_A_LANE_TX_ENABLE) |		\
			 CPO_BIT(CPO_A_LANE_RX_ENABLE) |		\
			 CPO_BIT(CPO_A_LANE_POWER))
#define LANE_BY_MASK	(CPO_BIT(CPO_A_LANE_ENGINE_ID) |			\
			 CPO_BIT(CPO_A_LANE_INDEX_MASK))
#define LANE_DRY_RUN	CPO_BIT(CPO_A_LANE_DRY_RUN)
#define LANE_FILTER	CPO_BIT(CPO_A_LANE_ENGINE_ID)
#define LANE_TEST	CPO_BIT(CPO_A_LANE_TEST)
#define ENGINE_SELFTEST	CPO_BIT(CPO_A_ENGINE_SELFTEST)
#define ENGINE_STATS	CPO_BIT(CPO_A_ENGINE_WITH_STATS)
#define LANE_STATS	CPO_BIT(CPO_A_LANE_WITH_STATS)
#define LASER_SEL	CPO_BIT(CPO_A_LASER_ID)
#define LASER_SETTABLE	(CPO_BIT(CPO_A_LASER_ENABLE) |			\
			 CPO_BIT(CPO_A_LASER_FAILOVER_POLICY) |		\
			 CPO_BIT(CPO_A_LASER_FAILOVER) |		\
			 CPO_BIT(CPO_A_LASER_FAILBACK) |		\
			 CPO_BIT(CPO_A_LASER_FW_MIN_VERSION))
#define TOPO_BY_ENGINE	CPO_BIT(CPO_A_TOPOLOGY_ENGINE_ID)
#define TOPO_BY_LASER	CPO_BIT(CPO_A_TOPOLOGY_LASER_ID)
#define DIAG_SEL	(CPO_BIT(CPO_A_DIAG_ENGINE_ID) | CPO_BIT(CPO_A_DIAG_LANE_ID))
#define DIAG_THRESHOLD	CPO_BIT(CPO_A_DIAG_THRESHOLD)
#define DIAG_ALARM	CPO_BIT(CPO_A_DIAG_ALARM)
#define THRESHOLD_LEVELS (CPO_BIT(CPO_A_THRESHOLD_HIGH_ALARM) |		\
			  CPO_BIT(CPO_A_THRESHOLD_LOW_ALARM) |		\
			  CPO_BIT(CPO_A_THRESHOLD_HIGH_WARNING) |	\
			  CPO_BIT(CPO_A_THRESHOLD_LOW_WARNING))
#define ALARM_SEL	(CPO_BIT(CPO_A_ALARM_QUANTITY) | CPO_BIT(CPO_A_ALARM_LEVEL))
#define SVC_SEL		(CPO_BIT(CPO_A_SERVICE_ENGINE_ID) |		\
			 CPO_BIT(CPO_A_SERVICE_LASER_ID))
#define SVC_STEP	CPO_BIT(CPO_A_SERVICE_STEP)
#define SVC_FORCE	CPO_BIT(CPO_A_SERVICE_FORCE)

const struct cpo_request_desc cpo_requests[] = {
	{ "engine-get", false, &cpo_engine_attr_set, ENGINE_SEL | ENGINE_STATS },
	{ "engine-get", true, &cpo_engine_attr_set, ENGINE_STATS },
	{ "engine-set", false, &cpo_engine_attr_set,
	  ENGINE_SEL | ENGINE_SETTABLE },
	{ "lane-get", false, &cpo_lane_attr_set,
	  LANE_BY_ID | LANE_BY_INDEX | LANE_STATS },
	{ "lane-get", true, &cpo_lane_attr_set, LANE_FILTER | LANE_STATS },
	{ "lane-set", false, &cpo_lane_attr_set,
	  LANE_BY_ID | LANE_BY_INDEX | LANE_SETTABLE | LANE_BY_MASK |
	  LANE_DRY_RUN },
	{ "laser-get", false, &cpo_laser_attr_set, LASER_SEL },
	{ "laser-get", true, &cpo_laser_attr_set, 0 },
	{ "laser-set", false, &cpo_laser_attr_set, LASER_SEL | LASER_SETTABLE },
	{ "topology-get", false, &cpo_topology_attr_set,
	  TOPO_BY_ENGINE | TOPO_BY_LASER },
	{ "threshold-get", false, &cpo_diag_attr_set, DIAG_SEL },
	{ "threshold-get", true, &cpo_diag_attr_set, 0 },
	{ "threshold-set", false, &cpo_diag_attr_set, DIAG_SEL | DIAG_THRESHOLD },
	{ "alarm-get", false, &cpo_diag_attr_set, DIAG_SEL },
	{ "alarm-get", true, &cpo_diag_attr_set, 0 },
	{ "alarm-clear", false, &cpo_diag_attr_set, DIAG_SEL | DIAG_ALARM },
	{ "engine-flash", false, &cpo_engine_attr_set,
	  ENGINE_SEL | ENGINE_BY_DEV | ENGINE_FLASH },
	{ "lane-test", false, &cpo_lane_attr_set,
	  LANE_BY_ID | LANE_BY_INDEX | LANE_TEST },
	{ "engine-selftest", false, &cpo_engine_attr_set,
	  ENGINE_SEL | ENGINE_BY_DEV | ENGINE_SELFTEST },
	{ "stats-clear", false, &cpo_diag_attr_set, DIAG_SEL },
	{ "service", false, &cpo_service_attr_set,
	  SVC_SEL | SVC_STEP | SVC_FORCE },
	{ "laser-flash", false, &cpo_laser_attr_set, LASER_SEL | LASER_FLASH },
	{ NULL },
};

static struct nlmsghdr *msg_start(void *buf, size_t len, uint16_t type,
				  uint8_t cmd, uint16_t flags, uint32_t seq,
				  uint8_t version)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	if (len < MNL_NLMSG_HDRLEN + GENL_HDRLEN)
		return NULL;
	memset(buf, 0, MNL_NLMSG_HDRLEN + GENL_HDRLEN);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* Build a cpo request carrying the attributes of @obj in @mask. */
static int msg_build(void *buf, size_t len, uint16_t family, uint32_t seq,
		     uint8_t cmd, uint16_t flags,
		     const struct cpo_attr_set *set, const void *obj,
		     uint64_t present, uint64_t mask, struct cpo_error *err)
{
	struct nlmsghdr *nlh;

	nlh = msg_start(buf, len, family, cmd, flags, seq, CPO_FAMILY_VERSION);
	if (!nlh || cpo_attrs_put(nlh, len, set, obj, present, mask))
		return cpo_err_set(err, ENOSPC, "request does not fit");
	return nlh->nlmsg_len;
}

static bool has_all(uint64_t present, uint64_t bits)
{
	return (present & bits) == bits;
}

int cpo_msg_engine_get(void *buf, size_t len, uint16_t family, uint32_t seq,
		       const struct cpo_engine *sel, struct cpo_error *err)
{
	if (!has_all(sel->present, ENGINE_SEL))
		return cpo_err_set(err, EINVAL, "engine id required");
	return msg_build(buf, len, family, seq, CPO_CMD_ENGINE_GET, 0,
			 &cpo_engine_attr_set, sel, sel->present,
			 ENGINE_SEL | ENGINE_STATS, err);
}

int cpo_msg_engine_dump(void *buf, size_t len, uint16_t family, uint32_t seq,
			const struct cpo_engine *filter,
			struct cpo_error *err)
{
	static const struct cpo_engine none;

	if (!filter)
		filter = &none;
	return msg_build(buf, len, family, seq, CPO_CMD_ENGINE_GET, NLM_F_DUMP,
			 &cpo_engine_attr_set, filter, filter->present,
			 ENGINE_STATS, err);
}

int cpo_msg_engine_set(void *buf, size_t len, uint16_t family, uint32_t seq,
		       const struct cpo_engine *req, struct cpo_error *err)
{
	if (!has_all(req->present, ENGINE_SEL))
		return cpo_err_set(err, EINVAL, "engine id required");
	if (!(req->present & ENGINE_SETTABLE))
		return cpo_err_set(err, EINVAL, "nothing to set");
	return msg_build(buf, len, family, seq, CPO_CMD_ENGINE_SET, 0,
			 &cpo_engine_attr_set, req, req->present,
			 ENGINE_SEL | ENGINE_SETTABLE, err);
}

/* One engine (id) or every engine of a device (dev-name), not both. */
static int engines_selector(const struct cpo_engine *e, uint64_t *mask,
			    struct cpo_error *err)
{
	bool by_id = has_all(e->present, ENGINE_SEL);
	bool by_dev = has_all(e->present, ENGINE_BY_DEV);

	if (by_id == by_dev)
		return cpo_err_set(err, EINVAL,
				   "engine id, or device name, required");
	*mask = by_id ? ENGINE_SEL : ENGINE_BY_DEV;
	return 0;
}

int cpo_msg_engine_flash(void *buf, size_t len, uint16_t family, uint32_t seq,
			 const struct cpo_engine *req, struct cpo_error *err)
{
	bool file = req->present & (CPO_BIT(CPO_A_ENGINE_FLASH_FILE) |
				    CPO_BIT(CPO_A_ENGINE_FLASH_LASER_FILE));
	bool abort = req->present & CPO_BIT(CPO_A_ENGINE_FLASH_ABORT);
	uint64_t mask = 0;
	int ret;

	ret = engines_selector(req, &mask, err);
	if (ret)
		return ret;
	if (file == abort)
		return cpo_err_set(err, EINVAL, "give a file to write, or abort");
	return msg_build(buf, len, family, seq, CPO_CMD_ENGINE_FLASH, 0,
			 &cpo_engine_attr_set, req, req->present,
			 mask | ENGINE_FLASH, err);
}

int cpo_msg_engine_selftest(void *buf, size_t len, uint16_t family,
			    uint32_t seq, const struct cpo_engine *req,
			    struct cpo_error *err)
{
	uint64_t mask = 0;
	int ret;

	ret = engines_selector(req, &mask, err);
	if (ret)
		return ret;
	return msg_build(buf, len, family, seq, CPO_CMD_ENGINE_SELFTEST, 0,
			 &cpo_engine_attr_set, req, req->present,
			 mask | ENGINE_SELFTEST, err);
}

/* A lane is named by its id or by its engine and index, not both. */
static int lane_selector(const struct cpo_lane *l, uint64_t *mask,
			 struct cpo_error *err)
{
	bool by_id = has_all(l->present, LANE_BY_ID);
	bool by_index = has_all(l->present, LANE_BY_INDEX);

	if (by_id == by_index)
		return cpo_err_set(err, EINVAL,
				   "lane id, or engine id and lane index, required");
	*mask = by_id ? LANE_BY_ID : LANE_BY_INDEX;
	return 0;
}

int cpo_msg_lane_get(void *buf, size_t len, uint16_t family, uint32_t seq,
		     const struct cpo_lane *sel, struct cpo_error *err)
{
	uint64_t mask = 0;
	int ret;

	ret = lane_selector(sel, &mask, err);
	if (ret)
		return ret;
	return msg_build(buf, len, family, seq, CPO_CMD_LANE_GET, 0,
			 &cpo_lane_attr_set, sel, sel->present,
			 mask | LANE_STATS, err);
}

int cpo_msg_lane_dump(void *buf, size_t len, uint16_t family, uint32_t seq,
		      const struct cpo_lane *filter, struct cpo_error *err)
{
	struct cpo_lane none = { 0 };

	if (!filter)
		filter = &none;
	return msg_build(buf, len, family, seq, CPO_CMD_LANE_GET, NLM_F_DUMP,
			 &cpo_lane_attr_set, filter, filter->present,
			 LANE_FILTER | LANE_STATS, err);
}

int cpo_msg_lane_set(void *buf, size_t len, uint16_t family, uint32_t seq,
		     const struct cpo_lane *req, struct cpo_error *err)
{
	uint64_t mask = 0;
	int ret;

	/* or several lanes of an engine, by engine id and index mask */
	if (cpo_has(req->present, CPO_A_LANE_INDEX_MASK)) {
		if (!cpo_has(req->present, CPO_A_LANE_ENGINE_ID) ||
		    cpo_has(req->present, CPO_A_LANE_ID) ||
		    cpo_has(req->present, CPO_A_LANE_INDEX))
			return cpo_err_set(err, EINVAL,
					   "an index mask goes with an engine id alone");
		mask = LANE_BY_MASK;
	} else {
		ret = lane_selector(req, &mask, err);
		if (ret)
			return ret;
	}
	if (!(req->present & LANE_SETTABLE))
		return cpo_err_set(err, EINVAL, "nothing to set");
	if (req->dry_run)
		mask |= LANE_DRY_RUN;
	return msg_build(buf, len, family, seq, CPO_CMD_LANE_SET, 0,
			 &cpo_lane_attr_set, req, req->present,
			 mask | LANE_SETTABLE, err);
}

int cpo_msg_lane_test(void *buf, size_t len, uint16_t family, uint32_t seq,
		      const struct cpo_lane *req, struct cpo_error *err)
{
	uint64_t mask = 0;
	int ret;

	ret = lane_selector(req, &mask, err);
	if (ret)
		return ret;
	if (!(req->present & LANE_TEST) || !req->test.n)
		return cpo_err_set(err, EINVAL,
				   "the test to run, or stop, required");
	return msg_build(buf, len, family, seq, CPO_CMD_LANE_TEST, 0,
			 &cpo_lane_attr_set, req, req->present,
			 mask | LANE_TEST, err);
}

int cpo_msg_laser_get(void *buf, size_t len, uint16_t family, uint32_t seq,
		      const struct cpo_laser *sel, struct cpo_error *err)
{
	if (!has_all(sel->present, LASER_SEL))
		return cpo_err_set(err, EINVAL, "laser id required");
	return msg_build(buf, len, family, seq, CPO_CMD_LASER_GET, 0,
			 &cpo_laser_attr_set, sel, sel->present, LASER_SEL,
			 err);
}

int cpo_msg_laser_flash(void *buf, size_t len, uint16_t family, uint32_t seq,
			const struct cpo_laser *req, struct cpo_error *err)
{
	bool file = req->present & CPO_BIT(CPO_A_LASER_FLASH_FILE);
	bool abort = req->present & CPO_BIT(CPO_A_LASER_FLASH_ABORT);

	if (!has_all(req->present, LASER_SEL))
		return cpo_err_set(err, EINVAL, "laser id required");
	if (file == abort)
		return cpo_err_set(err, EINVAL, "give a file to write, or abort");
	return msg_build(buf, len, family, seq, CPO_CMD_LASER_FLASH, 0,
			 &cpo_laser_attr_set, req, req->present,
			 LASER_SEL | LASER_FLASH, err);
}

int cpo_msg_laser_dump(void *buf, size_t len, uint16_t family, uint32_t seq,
		       struct cpo_error *err)
{
	struct cpo_laser none = { 0 };

	return msg_build(buf, len, family, seq, CPO_CMD_LASER_GET, NLM_F_DUMP,
			 &cpo_laser_attr_set, &none, 0, 0, err);
}

int cpo_msg_laser_set(void *buf, size_t len, uint16_t family, uint32_t seq,
		      const struct cpo_laser *req, struct cpo_error *err)
{
	uint64_t set = req->present & LASER_SETTABLE;

	/* a flag is only sent when true: a false one asks for nothing */
	if (!req->failover)
		set &= ~CPO_BIT(CPO_A_LASER_FAILOVER);
	if (!req->failback)
		set &= ~CPO_BIT(CPO_A_LASER_FAILBACK);
	if (!has_all(req->present, LASER_SEL))
		return cpo_err_set(err, EINVAL, "laser id required");
	if (!set)
		return cpo_err_set(err, EINVAL, "nothing to set");
	return msg_build(buf, len, family, seq, CPO_CMD_LASER_SET, 0,
			 &cpo_laser_attr_set, req, req->present,
			 LASER_SEL | set, err);
}

int cpo_msg_topology_get(void *buf, size_t len, uint16_t family, uint32_t seq,
			 const struct cpo_topology *sel, struct cpo_error *err)
{
	uint64_t mask = sel->present & (TOPO_BY_ENGINE | TOPO_BY_LASER);

	/* one failure at a time: the kernel answers for one object */
	if (mask != TOPO_BY_ENGINE && mask != TOPO_BY_LASER)
		return cpo_err_set(err, EINVAL,
				   "engine id or laser id required, not both");
	return msg_build(buf, len, family, seq, CPO_CMD_TOPOLOGY_GET, 0,
			 &cpo_topology_attr_set, sel, sel->present, mask, err);
}

int cpo_msg_service(void *buf, size_t len, uint16_t family, uint32_t seq,
		    const struct cpo_service *req, struct cpo_error *err)
{
	uint64_t sel = req->present & SVC_SEL;
	uint64_t mask = sel | SVC_STEP;

	if (sel != CPO_BIT(CPO_A_SERVICE_ENGINE_ID) &&
	    sel != CPO_BIT(CPO_A_SERVICE_LASER_ID))
		return cpo_err_set(err, EINVAL,
				   "engine id or laser id required, not both");
	if (!has_all(req->present, SVC_STEP))
		return cpo_err_set(err, EINVAL, "service step required");
	if (req->force)
		mask |= SVC_FORCE;
	return msg_build(buf, len, family, seq, CPO_CMD_SERVICE, 0,
			 &cpo_service_attr_set, req, req->present, mask, err);
}

/* An engine (engine-id) or a lane (lane-id, engine-id too if given). */
static int diag_selector(const struct cpo_diag *d, struct cpo_error *err)
{
	if (!(d->present & DIAG_SEL))
		return cpo_err_set(err, EINVAL, "engine id or lane id required");
	return 0;
}

static int diag_get(void *buf, size_t len, uint16_t family, uint32_t seq,
		    uint8_t cmd, const struct cpo_diag *sel,
		    struct cpo_error *err)
{
	int ret = diag_selector(sel, err);

	if (ret)
		return ret;
	return msg_build(buf, len, family, seq, cmd, 0, &cpo_diag_attr_set,
			 sel, sel->present, DIAG_SEL, err);
}

static int diag_dump(void *buf, size_t len, uint16_t family, uint32_t seq,
		     uint8_t cmd, struct cpo_error *err)
{
	static const struct cpo_diag none;

	return msg_build(buf, len, family, seq, cmd, NLM_F_DUMP,
			 &cpo_diag_attr_set, &none, 0, 0, err);
}

int cpo_msg_threshold_get(void *buf, size_t len, uint16_t family,
			  uint32_t seq, const struct cpo_diag *sel,
			  struct cpo_error *err)
{
	return diag_get(buf, len, family, seq, CPO_CMD_THRESHOLD_GET, sel, err);
}

int cpo_msg_threshold_dump(void *buf, size_t len, uint16_t family,
			   uint32_t seq, struct cpo_error *err)
{
	return diag_dump(buf, len, family, seq, CPO_CMD_THRESHOLD_GET, err);
}

int cpo_msg_threshold_set(void *buf, size_t len, uint16_t family,
			  uint32_t seq, const struct cpo_diag *req,
			  struct cpo_error *err)
{
	const struct cpo_threshold_list *l = &req->thresholds;
	const char *q;
	uint32_t i;
	int ret;

	ret = diag_selector(req, err);
	if (ret)
		return ret;
	if (!cpo_has(req->present, CPO_A_DIAG_THRESHOLD) || !l->n)
		return cpo_err_set(err, EINVAL, "nothing to set");
	for (i = 0; i < l->n && i < CPO_DIAG_MAX; i++) {
		if (!cpo_has(l->items[i].present, CPO_A_THRESHOLD_QUANTITY))
			return cpo_err_set(err, EINVAL,
					   "threshold without a quantity");
		if (!(l->items[i].present & THRESHOLD_LEVELS)) {
			q = cpo_enum_name(&cpo_quantity_enum,
					  l->items[i].quantity);
			return cpo_err_set(err, EINVAL,
					   "no threshold level to set for %s",
					   q ? q : "the quantity");
		}
	}
	return msg_build(buf, len, family, seq, CPO_CMD_THRESHOLD_SET, 0,
			 &cpo_diag_attr_set, req, req->present,
			 DIAG_SEL | DIAG_THRESHOLD, err);
}

int cpo_msg_alarm_get(void *buf, size_t len, uint16_t family, uint32_t seq,
		      const struct cpo_diag *sel, struct cpo_error *err)
{
	return diag_get(buf, len, family, seq, CPO_CMD_ALARM_GET, sel, err);
}

int cpo_msg_alarm_dump(void *buf, size_t len, uint16_t family, uint32_t seq,
		       struct cpo_error *err)
{
	return diag_dump(buf, len, family, seq, CPO_CMD_ALARM_GET, err);
}

int cpo_msg_alarm_clear(void *buf, size_t len, uint16_t family, uint32_t seq,
			const struct cpo_diag *req, struct cpo_error *err)
{
	const struct cpo_alarm_list *l = &req->alarms;
	uint64_t mask = DIAG_SEL;
	int ret;

	ret = diag_selector(req, err);
	if (ret)
		return ret;
	/* without an alarm, every flag of the object */
	if (cpo_has(req->present, CPO_A_DIAG_ALARM) && l->n) {
		if (l->n > 1)
			return cpo_err_set(err, EINVAL,
					   "one alarm quantity at a time");
		if (!cpo_has(l->items[0].present, CPO_A_ALARM_QUANTITY) ||
		    (l->items[0].present & ~ALARM_SEL))
			return cpo_err_set(err, EINVAL,
					   "an alarm to clear is a quantity and maybe a level");
		mask |= DIAG_ALARM;
	}
	return msg_build(buf, len, family, seq, CPO_CMD_ALARM_CLEAR, 0,
			 &cpo_diag_attr_set, req, req->present, mask, err);
}

int cpo_msg_stats_clear(void *buf, size_t len, uint16_t family, uint32_t seq,
			const struct cpo_diag *req, struct cpo_error *err)
{
	int ret = diag_selector(req, err);

	if (ret)
		return ret;
	return msg_build(buf, len, family, seq, CPO_CMD_STATS_CLEAR, 0,
			 &cpo_diag_attr_set, req, req->present, DIAG_SEL, err);
}

int cpo_msg_ctrl_getfamily(void *buf, size_t len, uint32_t seq,
			   const char *name)
{
	struct nlmsghdr *nlh;

	nlh = msg_start(buf, len, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0, seq, 1);
	if (!nlh || !mnl_attr_put_strz_check(nlh, len, CTRL_ATTR_FAMILY_NAME,
					     name))
		return -ENOSPC;
	return nlh->nlmsg_len;
}

struct ctrl_ctx {
	struct cpo_family *fam;
	bool have_id;
};

static int ctrl_group(const struct nlattr *nest, struct cpo_family *fam)
{
	const struct nlattr *attr;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_MCAST_GRP_NAME:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				return -EBADMSG;
			name = mnl_attr_get_str(attr);
			break;
		case CTRL_ATTR_MCAST_GRP_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return -EBADMSG;
			id = mnl_attr_get_u32(attr);
			break;
		}
	}
	if (name && !strcmp(name, CPO_MCGRP_MONITOR))
		fam->monitor_group = id;
	return 0;
}

static int ctrl_attr(const struct nlattr *attr, void *data)
{
	struct ctrl_ctx *ctx = data;
	const struct nlattr *grp;
	int ret;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return -EBADMSG;
		ctx->fam->id = mnl_attr_get_u16(attr);
		ctx->have_id = true;
		break;
	case CTRL_ATTR_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return -EBADMSG;
		ctx->fam->version = mnl_attr_get_u32(attr);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		mnl_attr_for_each_nested(grp, attr) {
			ret = ctrl_group(grp, ctx->fam);
			if (ret)
				return ret;
		}
		break;
	}
	return 0;
}

int cpo_ctrl_parse(const struct nlmsghdr *nlh, struct cpo_family *fam,
		   struct cpo_error *err)
{
	struct ctrl_ctx ctx = { .fam = fam };

	memset(fam, 0, sizeof(*fam));
	if (nlh->nlmsg_len < mnl_nlmsg_size(GENL_HDRLEN) ||
	    cpo_attr_walk(nlh, GENL_HDRLEN, ctrl_attr, &ctx) < 0)
		return cpo_err_set(err, EBADMSG, "malformed nlctrl reply");
	if (!ctx.have_id)
		return cpo_err_set(err, EBADMSG, "nlctrl reply without family id");
	return 0;
}
