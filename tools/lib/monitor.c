// SPDX-License-Identifier: GPL-2.0
/*
 * Notifications: create/delete/change per object on the monitor group,
 * with the same payload as the get reply, and alarms; each numbered and
 * time-stamped. Gap accounting over the numbers.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "cpo_priv.h"

struct event_kind {
	const char *name;
	enum cpo_obj obj;
	enum cpo_event_op op;
};

static const struct event_kind event_kinds[CPO_CMD_MAX + 1] = {
	[CPO_CMD_ENGINE_CREATE_NTF] = { "engine-create", CPO_OBJ_ENGINE,
					CPO_EVENT_CREATE },
	[CPO_CMD_ENGINE_DELETE_NTF] = { "engine-delete", CPO_OBJ_ENGINE,
					CPO_EVENT_DELETE },
	[CPO_CMD_ENGINE_CHANGE_NTF] = { "engine-change", CPO_OBJ_ENGINE,
					CPO_EVENT_CHANGE },
	[CPO_CMD_LANE_CREATE_NTF] = { "lane-create", CPO_OBJ_LANE,
				      CPO_EVENT_CREATE },
	[CPO_CMD_LANE_DELETE_NTF] = { "lane-delete", CPO_OBJ_LANE,
				      CPO_EVENT_DELETE },
	[CPO_CMD_LANE_CHANGE_NTF] = { "lane-change", CPO_OBJ_LANE,
				      CPO_EVENT_CHANGE },
	[CPO_CMD_LASER_CREATE_NTF] = { "laser-create", CPO_OBJ_LASER,
				       CPO_EVENT_CREATE },
	[CPO_CMD_LASER_DELETE_NTF] = { "laser-delete", CPO_OBJ_LASER,
				       CPO_EVENT_DELETE },
	[CPO_CMD_LASER_CHANGE_NTF] = { "laser-change", CPO_OBJ_LASER,
				       CPO_EVENT_CHANGE },
	[CPO_CMD_LASER_FAILOVER_NTF] = { "laser-failover", CPO_OBJ_LASER,
					 CPO_EVENT_FAILOVER },
	[CPO_CMD_ALARM_NTF] = { "alarm", CPO_OBJ_DIAG, CPO_EVENT_ALARM },
	[CPO_CMD_ENGINE_FLASH_NTF] = { "engine-flash", CPO_OBJ_ENGINE,
				       CPO_EVENT_FLASH },
	[CPO_CMD_LANE_TEST_NTF] = { "lane-test", CPO_OBJ_LANE, CPO_EVENT_TEST },
	[CPO_CMD_ENGINE_SELFTEST_NTF] = { "engine-selftest", CPO_OBJ_ENGINE,
					  CPO_EVENT_SELFTEST },
	[CPO_CMD_LASER_FAILBACK_NTF] = { "laser-failback", CPO_OBJ_LASER,
					 CPO_EVENT_FAILBACK },
	[CPO_CMD_SERVICE_NTF] = { "service", CPO_OBJ_SERVICE,
				  CPO_EVENT_SERVICE },
	[CPO_CMD_LASER_FLASH_NTF] = { "laser-flash", CPO_OBJ_LASER,
				      CPO_EVENT_FLASH },
};

/* Each object's set, and where its seq and timestamp land. */
#define OBJ(type, s)							\
	{ .set = s, .seq = offsetof(type, seq),				\
	  .timestamp = offsetof(type, timestamp) }

static const struct {
	const struct cpo_attr_set *set;
	size_t seq;
	size_t timestamp;
} obj_kinds[] = {
	[CPO_OBJ_ENGINE] = OBJ(struct cpo_engine, &cpo_engine_attr_set),
	[CPO_OBJ_LANE] = OBJ(struct cpo_lane, &cpo_lane_attr_set),
	[CPO_OBJ_LASER] = OBJ(struct cpo_laser, &cpo_laser_attr_set),
	[CPO_OBJ_DIAG] = OBJ(struct cpo_diag, &cpo_diag_attr_set),
	[CPO_OBJ_SERVICE] = OBJ(struct cpo_service, &cpo_service_attr_set),
};

const char *cpo_event_name(uint32_t cmd)
{
	if (cmd > CPO_CMD_MAX)
		return NULL;
	return event_kinds[cmd].name;
}

int cpo_event_parse(const struct nlmsghdr *nlh, struct cpo_event *ev,
		    struct cpo_error *err)
{
	const struct genlmsghdr *genl;
	const struct event_kind *k;
	char *obj = (char *)&ev->engine;	/* the union, whichever member */
	int ret;

	memset(ev, 0, sizeof(*ev));
	if (nlh->nlmsg_len < mnl_nlmsg_size(GENL_HDRLEN))
		return cpo_err_set(err, EBADMSG, "notification too short");
	genl = mnl_nlmsg_get_payload(nlh);
	if (!cpo_event_name(genl->cmd))
		return -EOPNOTSUPP;
	k = &event_kinds[genl->cmd];
	ev->cmd = genl->cmd;
	ev->obj = k->obj;
	ev->op = k->op;
	ev->name = k->name;
	ret = cpo_obj_parse(nlh, obj_kinds[k->obj].set, obj, err);
	if (ret)
		return ret;
	memcpy(&ev->seq, obj + obj_kinds[k->obj].seq, sizeof(ev->seq));
	memcpy(&ev->timestamp, obj + obj_kinds[k->obj].timestamp,
	       sizeof(ev->timestamp));
	return 0;
}

uint64_t cpo_seq_track(struct cpo_seq *s, uint64_t seq)
{
	uint64_t missed = 0;

	if (!seq)
		return 0;
	if (!s->first || seq <= s->last) {
		if (s->first)
			s->restarts++;
		s->first = seq;
	} else {
		missed = seq - s->last - 1;
	}
	s->last = seq;
	s->received++;
	s->lost += missed;
	return missed;
}

int cpo_monitor_process(const void *buf, size_t len, uint16_t family,
			cpo_event_cb cb, void *data, struct cpo_error *err)
{
	const struct nlmsghdr *nlh = buf;
	struct cpo_event ev;
	int rem = len;
	int ret;

	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
		if (nlh->nlmsg_type != family)
			continue;
		ret = cpo_event_parse(nlh, &ev, err);
		if (ret == -EOPNOTSUPP)
			continue;	/* a notification this library predates */
		if (ret)
			return ret;
		ret = cb(&ev, data);
		if (ret)
			return ret;
	}
	if (rem > 0)
		return cpo_err_set(err, EBADMSG, "truncated notification");
	return 0;
}
