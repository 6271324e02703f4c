// SPDX-License-Identifier: GPL-2.0
/*
 * cpo netlink: lasers (get, dump, set) and the topology of a failure
 * domain.
 */
#include <net/genetlink.h>
#include "cpo_core.h"
#include "cpo_netlink.h"

const struct nla_policy cpo_laser_get_policy[CPO_A_LASER_ID + 1] = {
	[CPO_A_LASER_ID] = { .type = NLA_U32 },
};

const struct nla_policy cpo_laser_set_policy[CPO_A_LASER_FW_MIN_VERSION + 1] = {
	[CPO_A_LASER_ID] = { .type = NLA_U32 },
	[CPO_A_LASER_ENABLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[CPO_A_LASER_FAILOVER_POLICY] =
		NLA_POLICY_RANGE(NLA_U32, CPO_FAILOVER_POLICY_AUTO,
				 CPO_FAILOVER_POLICY_MAX),
	[CPO_A_LASER_FAILOVER] = { .type = NLA_FLAG },
	[CPO_A_LASER_FAILBACK] = { .type = NLA_FLAG },
	[CPO_A_LASER_FW_MIN_VERSION] = { .type = NLA_NUL_STRING, .len = 7 },
};

const struct nla_policy cpo_topology_get_policy[CPO_A_TOPOLOGY_LASER_ID + 1] = {
	[CPO_A_TOPOLOGY_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_TOPOLOGY_LASER_ID] = { .type = NLA_U32 },
};

static int cpo_laser_fill(struct sk_buff *msg, struct cpo_laser *laser,
			  struct netlink_ext_ack *extack)
{
	const struct cpo_laser_info *info = &laser->info;
	const struct cpo_laser_status *st = &laser->st;
	struct cpo_lane *lane;
	unsigned long id;
	u32 v;

	if (nla_put_u32(msg, CPO_A_LASER_ID, laser->id) ||
	    nla_put_string(msg, CPO_A_LASER_DEV_NAME,
			   dev_name(laser->dev.parent)) ||
	    nla_put_u32(msg, CPO_A_LASER_TYPE, info->type) ||
	    cpo_nla_put_str(msg, CPO_A_LASER_LOCATION, info->location) ||
	    nla_put_u32(msg, CPO_A_LASER_ROLE, info->role) ||
	    (info->wavelength &&
	     nla_put_u32(msg, CPO_A_LASER_WAVELENGTH, info->wavelength)) ||
	    (laser->spare &&
	     nla_put_u32(msg, CPO_A_LASER_SPARE_ID, laser->spare->id)) ||
	    (laser->covering &&
	     nla_put_u32(msg, CPO_A_LASER_COVERING_ID, laser->covering->id)) ||
	    (laser->standby &&
	     nla_put_u32(msg, CPO_A_LASER_STANDBY_ID, laser->standby->id)))
		return -EMSGSIZE;
	xa_for_each(&cpo_lane_xa, id, lane)
		if (lane->registered && lane->laser == laser &&
		    nla_put_u32(msg, CPO_A_LASER_LANE_ID, lane->id))
			return -EMSGSIZE;

	if ((laser->io.refreshed &&
	     nla_put_u64_64bit(msg, CPO_A_LASER_REFRESHED, laser->io.refreshed,
			       CPO_A_LASER_PAD)) ||
	    (laser->io.flashing && nla_put_flag(msg, CPO_A_LASER_STALE)) ||
	    nla_put_u32(msg, CPO_A_LASER_SLOT_STATE, laser->io.slot) ||
	    nla_put_u64_64bit(msg, CPO_A_LASER_SWAPS, laser->swaps,
			      CPO_A_LASER_PAD) ||
	    (laser->last_swap &&
	     nla_put_u64_64bit(msg, CPO_A_LASER_LAST_SWAP_TIME,
			       laser->last_swap, CPO_A_LASER_PAD)) ||
	    nla_put_u32(msg, CPO_A_LASER_SERVICE_STATE,
			laser->svc.state ?: CPO_SERVICE_STATE_NONE) ||
	    cpo_flash_fill(msg, CPO_A_LASER_FLASH, laser->flash) ||
	    cpo_nla_put_str(msg, CPO_A_LASER_FW_MIN_VERSION,
			    laser->svc_fw_min))
		return -EMSGSIZE;
	/* The module's banks: none known while the slot is empty. */
	if (cpo_io_present(&laser->io) &&
	    cpo_msg_add_firmware(msg, CPO_A_LASER_FIRMWARE, &laser->fw))
		return -EMSGSIZE;
	v = st->valid;
	if (((v & CPO_LASER_F_STATE) &&
	     nla_put_u32(msg, CPO_A_LASER_STATE, st->state)) ||
	    ((v & CPO_LASER_F_ENABLE) &&
	     nla_put_u8(msg, CPO_A_LASER_ENABLE, st->enable)) ||
	    ((v & CPO_LASER_F_OUTPUT_POWER) &&
	     nla_put_u32(msg, CPO_A_LASER_OUTPUT_POWER, st->output_power)) ||
	    ((v & CPO_LASER_F_BIAS) &&
	     nla_put_u32(msg, CPO_A_LASER_BIAS, st->bias)) ||
	    ((v & CPO_LASER_F_TEMPERATURE) &&
	     nla_put_s32(msg, CPO_A_LASER_TEMPERATURE, st->temperature)) ||
	    ((v & CPO_LASER_F_HOURS) &&
	     nla_put_u32(msg, CPO_A_LASER_HOURS, st->hours)) ||
	    (laser->spare && (v & CPO_LASER_F_FAILOVER_POLICY) &&
	     nla_put_u32(msg, CPO_A_LASER_FAILOVER_POLICY,
			 st->failover_policy)))
		return -EMSGSIZE;
	return 0;
}

int cpo_laser_fill_obj(struct sk_buff *msg, void *obj,
		       struct netlink_ext_ack *extack)
{
	return cpo_laser_fill(msg, obj, extack);
}

struct cpo_laser *cpo_nl_laser_lookup(struct genl_info *info)
{
	struct nlattr *nla = info->attrs[CPO_A_LASER_ID];
	struct cpo_laser *laser;

	laser = cpo_laser_get_by_id(nla_get_u32(nla));
	if (!laser)
		NL_SET_ERR_MSG_ATTR(info->extack, nla, "unknown laser id");
	return laser;
}

int cpo_nl_laser_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cpo_laser *laser;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (cpo_nl_attr_missing(info, CPO_A_LASER_ID, "missing attribute: id"))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cpo_family, 0, CPO_CMD_LASER_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}

	mutex_lock(&cpo_lock);
	laser = cpo_nl_laser_lookup(info);
	err = laser ? cpo_laser_fill(msg, laser, info->extack) : -ENOENT;
	mutex_unlock(&cpo_lock);

	return cpo_nl_reply(info, msg, hdr, err);
}

int cpo_nl_laser_get_dumpit(struct sk_buff *skb,
			    struct netlink_callback *cb)
{
	int ret;

	mutex_lock(&cpo_lock);
	ret = cpo_nl_dump_xa(skb, cb, &cpo_laser_xa, CPO_CMD_LASER_GET,
			     cpo_laser_fill_obj);
	mutex_unlock(&cpo_lock);
	return ret;
}

int cpo_nl_laser_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *enable = info->attrs[CPO_A_LASER_ENABLE];
	struct nlattr *policy = info->attrs[CPO_A_LASER_FAILOVER_POLICY];
	struct nlattr *failover = info->attrs[CPO_A_LASER_FAILOVER];
	struct nlattr *failback = info->attrs[CPO_A_LASER_FAILBACK];
	struct nlattr *fw_min = info->attrs[CPO_A_LASER_FW_MIN_VERSION];
	int enable_ret = 0, policy_ret = 0, err = 0;
	bool standby_back = false;
	struct cpo_laser_status old;
	struct cpo_laser *laser;

	if (cpo_nl_attr_missing(info, CPO_A_LASER_ID, "missing attribute: id"))
		return -EINVAL;
	if (!enable && !policy && !failover && !failback && !fw_min) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give enable, failover-policy, failover, failback or fw-min-version");
		return -EINVAL;
	}
	if (failover && failback) {
		NL_SET_ERR_MSG_ATTR(info->extack, failback,
				    "give failover or failback, not both");
		return -EINVAL;
	}
	if (fw_min && cpo_fw_min_check(nla_data(fw_min), info->extack)) {
		NL_SET_BAD_ATTR(info->extack, fw_min);
		return -EINVAL;
	}

	mutex_lock(&cpo_lock);
	laser = cpo_nl_laser_lookup(info);
	if (!laser) {
		mutex_unlock(&cpo_lock);
		return -ENOENT;
	}
	get_device(&laser->dev);
	mutex_unlock(&cpo_lock);

	/* Provisioning alone needs no module: the slot may be empty. */
	if (!enable && !policy && !failover && !failback)
		goto fw_min;
	err = cpo_laser_lock_io(laser, info->extack);
	if (err)
		goto put;
	/* What to restore if a later change fails. */
	old = laser->st;
	if (enable) {
		enable_ret = cpo_laser_set_enable(laser, nla_get_u8(enable),
						  info->extack);
		if (enable_ret < 0) {
			NL_SET_BAD_ATTR(info->extack, enable);
			err = enable_ret;
			goto unlock;
		}
	}
	if (policy) {
		policy_ret = cpo_laser_set_failover_policy(laser,
							   nla_get_u32(policy),
							   info->extack);
		if (policy_ret < 0) {
			NL_SET_BAD_ATTR(info->extack, policy);
			err = policy_ret;
			goto undo_enable;
		}
	}
	/* Last: the hardware carries them out and they cannot be undone. */
	if (failover) {
		err = cpo_laser_start_failover(laser, info->extack);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, failover);
			goto undo_policy;
		}
	}
	if (failback) {
		/* From a standby in another module: after the I/O lock. */
		mutex_lock(&cpo_lock);
		standby_back = cpo_laser_on_standby(laser);
		mutex_unlock(&cpo_lock);
		err = standby_back ? 0 :
		      cpo_laser_start_failback(laser, info->extack);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, failback);
			goto undo_policy;
		}
	}
	if (enable_ret > 0 || policy_ret > 0)
		cpo_laser_reread(laser, true);
	goto unlock;

undo_policy:
	if (policy_ret > 0)
		laser->ops->failover_policy_set(laser, laser->priv,
						old.failover_policy, NULL);
undo_enable:
	if (enable_ret > 0)
		laser->ops->enable_set(laser, laser->priv, old.enable, NULL);
	if (enable_ret > 0 || policy_ret > 0)
		cpo_laser_reread(laser, false);
unlock:
	cpo_io_unlock(&laser->io);
	if (standby_back && !err) {
		err = cpo_laser_standby_back(laser, 0, info->extack);
		if (err)
			NL_SET_BAD_ATTR(info->extack, failback);
	}
fw_min:
	if (fw_min && !err) {
		mutex_lock(&cpo_lock);
		if (laser->registered)
			cpo_laser_set_fw_min(laser, nla_data(fw_min));
		else
			err = -ENODEV;
		mutex_unlock(&cpo_lock);
	}
put:
	put_device(&laser->dev);
	return err;
}

/* Lanes (and their ports) lost if @engine, or else @laser, fails. */
static int cpo_topology_fill(struct sk_buff *msg, struct cpo_engine *engine,
			     struct cpo_laser *laser)
{
	struct xarray *xa = engine ? &engine->lanes : &cpo_lane_xa;
	struct cpo_lane *lane, *prev;
	unsigned long id, pid;

	if (engine ? nla_put_u32(msg, CPO_A_TOPOLOGY_ENGINE_ID, engine->id) :
		     nla_put_u32(msg, CPO_A_TOPOLOGY_LASER_ID, laser->id))
		return -EMSGSIZE;
	xa_for_each(xa, id, lane) {
		if (!lane->registered || (laser && lane->laser != laser))
			continue;
		if (nla_put_u32(msg, CPO_A_TOPOLOGY_LANE_ID, lane->id))
			return -EMSGSIZE;
	}
	/* Each port once, though several lanes serve it. */
	xa_for_each(xa, id, lane) {
		bool seen = false;

		if (!lane->registered || !lane->ifindex ||
		    (laser && lane->laser != laser))
			continue;
		/* Earlier lanes only; key 0 has none (id - 1 would wrap). */
		if (id)
			xa_for_each_range(xa, pid, prev, 0, id - 1)
				if (prev->registered &&
				    prev->ifindex == lane->ifindex &&
				    (!laser || prev->laser == laser))
					seen = true;
		if (!seen && nla_put_u32(msg, CPO_A_TOPOLOGY_IFINDEX,
					 lane->ifindex))
			return -EMSGSIZE;
	}
	if (laser && laser->spare && !laser->spare->covering &&
	    (laser->st.valid & CPO_LASER_F_FAILOVER_POLICY) &&
	    laser->st.failover_policy == CPO_FAILOVER_POLICY_AUTO &&
	    nla_put_u32(msg, CPO_A_TOPOLOGY_SPARE_ID, laser->spare->id))
		return -EMSGSIZE;
	return 0;
}

int cpo_nl_topology_get_doit(struct sk_buff *skb,
			     struct genl_info *info)
{
	struct nlattr *eattr = info->attrs[CPO_A_TOPOLOGY_ENGINE_ID];
	struct nlattr *lattr = info->attrs[CPO_A_TOPOLOGY_LASER_ID];
	struct cpo_engine *engine = NULL;
	struct cpo_laser *laser = NULL;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (!eattr && !lattr) {
		NL_SET_ERR_MSG(info->extack,
			       "missing attribute: engine-id or laser-id");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL,
				     CPO_A_TOPOLOGY_ENGINE_ID);
		return -EINVAL;
	}
	if (eattr && lattr) {
		NL_SET_ERR_MSG_ATTR(info->extack, lattr,
				    "give engine-id or laser-id, not both");
		return -EINVAL;
	}
	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE * 4, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cpo_family, 0,
				CPO_CMD_TOPOLOGY_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}

	mutex_lock(&cpo_lock);
	if (eattr) {
		engine = cpo_engine_get_by_id(nla_get_u32(eattr));
		if (!engine)
			NL_SET_ERR_MSG_ATTR(info->extack, eattr,
					    "unknown engine id");
	} else {
		laser = cpo_laser_get_by_id(nla_get_u32(lattr));
		if (!laser)
			NL_SET_ERR_MSG_ATTR(info->extack, lattr,
					    "unknown laser id");
	}
	err = engine || laser ? cpo_topology_fill(msg, engine, laser) : -ENOENT;
	mutex_unlock(&cpo_lock);

	return cpo_nl_reply(info, msg, hdr, err);
}
