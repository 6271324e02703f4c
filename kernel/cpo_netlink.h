/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal to the cpo netlink front end: what cpo_netlink.c (the family,
 * its operations, the shared helpers, engines and lanes) and the files of
 * the other messages (cpo_nl_lane.c, cpo_nl_laser.c, cpo_nl_diag.c,
 * cpo_nl_flash.c, cpo_nl_test.c) share. The rest of
 * the core sees only the notify functions, in cpo_core.h.
 */
#ifndef __CPO_NETLINK_H
#define __CPO_NETLINK_H

#include <linux/xarray.h>
#include <linux/cpo.h>
#include <net/genetlink.h>

extern struct genl_family cpo_family;

enum cpo_nlgrp {
	CPO_NLGRP_MONITOR,
};

/* State a dump keeps between its calls, in cb->ctx. */
struct cpo_dump_ctx {
	unsigned long idx;
	u32 engine_id;
	bool filter_engine;
	bool lanes;	/* diag dumps: engines done, now the lanes */
	bool stats;	/* engine and lane dumps: with-stats */
};

struct cpo_dump_ctx *cpo_dump_ctx(struct netlink_callback *cb);
int cpo_nla_put_str(struct sk_buff *msg, int attr, const char *s);

/* Each object's fill, behind one signature for notify and dump. */
typedef int (*cpo_fill_fn)(struct sk_buff *msg, void *obj,
			   struct netlink_ext_ack *extack);

/* Where each notification puts its sequence number and time. */
struct cpo_ntf_attrs {
	int seq;
	int timestamp;
	int pad;
};

u64 cpo_ntf_next_seq(void);
struct cpo_engine *cpo_nl_engine_lookup(struct genl_info *info, int attr);
struct cpo_laser *cpo_nl_laser_lookup(struct genl_info *info);
struct cpo_lane *cpo_nl_lane_hold(struct genl_info *info);
void cpo_nl_lane_put(struct cpo_lane *lane);
u64 cpo_notify(u8 cmd, cpo_fill_fn fill, void *obj,
	       const struct cpo_ntf_attrs *a);
int cpo_nl_dump_xa(struct sk_buff *skb, struct netlink_callback *cb,
		   struct xarray *xa, u8 cmd, cpo_fill_fn fill);
int cpo_nl_reply(struct genl_info *info, struct sk_buff *msg,
		 void *hdr, int err);

/* NL_SET_ERR_MSG() wants a string literal, hence a macro. */
#define cpo_nl_attr_missing(info, attr, msg) ({				\
	struct genl_info *__info = (info);				\
	int __attr = (attr);						\
	bool __missing = !__info->attrs[__attr];			\
									\
	if (__missing) {						\
		NL_SET_ERR_MSG(__info->extack, msg);			\
		NL_SET_ERR_ATTR_MISS(__info->extack, NULL, __attr);	\
	}								\
	__missing;							\
})

/* lane-set, cpo_nl_lane.c */
extern const struct nla_policy cpo_lane_set_policy[CPO_A_LANE_DRY_RUN + 1];

int cpo_nl_lane_set_doit(struct sk_buff *skb, struct genl_info *info);

/* Lasers and topology, cpo_nl_laser.c */
extern const struct nla_policy cpo_laser_get_policy[CPO_A_LASER_ID + 1];
extern const struct nla_policy cpo_laser_set_policy[CPO_A_LASER_FW_MIN_VERSION + 1];
extern const struct nla_policy cpo_topology_get_policy[CPO_A_TOPOLOGY_LASER_ID + 1];

int cpo_msg_add_firmware(struct sk_buff *msg, int attr,
			 const struct cpo_fw_info *fw);
int cpo_laser_fill_obj(struct sk_buff *msg, void *obj,
		       struct netlink_ext_ack *extack);
int cpo_nl_laser_get_doit(struct sk_buff *skb, struct genl_info *info);
int cpo_nl_laser_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int cpo_nl_laser_set_doit(struct sk_buff *skb, struct genl_info *info);
int cpo_nl_topology_get_doit(struct sk_buff *skb, struct genl_info *info);

/* Thresholds and alarms, cpo_nl_diag.c */
extern const struct nla_policy cpo_diag_get_policy[CPO_A_DIAG_LANE_ID + 1];
extern const struct nla_policy cpo_threshold_set_policy[CPO_A_DIAG_THRESHOLD + 1];
extern const struct nla_policy cpo_alarm_clear_policy[CPO_A_DIAG_ALARM + 1];

int cpo_nl_threshold_get_doit(struct sk_buff *skb, struct genl_info *info);
int cpo_nl_threshold_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int cpo_nl_threshold_set_doit(struct sk_buff *skb, struct genl_info *info);
int cpo_nl_alarm_get_doit(struct sk_buff *skb, struct genl_info *info);
int cpo_nl_alarm_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int cpo_nl_alarm_clear_doit(struct sk_buff *skb, struct genl_info *info);
int cpo_nl_stats_clear_doit(struct sk_buff *skb, struct genl_info *info);

/* cpo_nl_flash.c */
extern const struct nla_policy cpo_engine_flash_policy[CPO_A_ENGINE_FLASH_LASER_FILE + 1];
extern const struct nla_policy cpo_laser_flash_policy[CPO_A_LASER_FLASH_ABORT + 1];

int cpo_nl_engine_flash_doit(struct sk_buff *skb, struct genl_info *info);
int cpo_nl_laser_flash_doit(struct sk_buff *skb, struct genl_info *info);

/* cpo_nl_test.c */
extern const struct nla_policy cpo_lane_test_policy[CPO_A_LANE_TEST + 1];
extern const struct nla_policy cpo_engine_selftest_policy[CPO_A_ENGINE_SELFTEST + 1];

int cpo_nl_lane_test_doit(struct sk_buff *skb, struct genl_info *info);
int cpo_nl_engine_selftest_doit(struct sk_buff *skb, struct genl_info *info);

/* cpo_nl_service.c */
extern const struct nla_policy cpo_service_policy[CPO_A_SERVICE_FORCE + 1];

int cpo_nl_service_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* __CPO_NETLINK_H */
