// SPDX-License-Identifier: GPL-2.0
/*
 * Notifications: create/delete/change per object on the monitor group,
 * with the same payload as the get reply.
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
	switch (k->obj) {
	case CPO_OBJ_ENGINE:
		return cpo_engine_parse(nlh, &ev->engine, err);
	case CPO_OBJ_LANE:
		return cpo_lane_parse(nlh, &ev->lane, err);
	case CPO_OBJ_LASER:
		return cpo_laser_parse(nlh, &ev->laser, err);
	}
	return -EOPNOTSUPP;
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
