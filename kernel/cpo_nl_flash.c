// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink for firmware updates: engine-flash (start or abort, of one
 * engine or of every engine of a device), the flash nest of engine-get,
 * and engine-flash-ntf, sent on monitor and to the requester.
 */
#include <net/genetlink.h>
#include "cpo_compat.h"
#include "cpo_core.h"
#include "cpo_netlink.h"

#define CPO_FLASH_FILE_MAX	128
#define CPO_DEV_NAME_MAX	64

const struct nla_policy cpo_engine_flash_policy[CPO_A_ENGINE_FLASH_ABORT + 1] = {
	[CPO_A_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_ENGINE_DEV_NAME] = { .type = NLA_NUL_STRING,
				    .len = CPO_DEV_NAME_MAX - 1 },
	[CPO_A_ENGINE_FLASH_FILE] = { .type = NLA_NUL_STRING,
				      .len = CPO_FLASH_FILE_MAX - 1 },
	[CPO_A_ENGINE_FLASH_COMMIT] = { .type = NLA_FLAG },
	[CPO_A_ENGINE_FLASH_ABORT] = { .type = NLA_FLAG },
};

/**
 * cpo_flash_fill - the flash nest of an engine
 * @msg: the message
 * @engine: the engine; cpo_lock held
 *
 * Return: 0, or -EMSGSIZE.
 */
int cpo_flash_fill(struct sk_buff *msg, const struct cpo_engine *engine)
{
	const struct cpo_flash *fl = engine->flash;
	struct nlattr *nest;

	lockdep_assert_held(&cpo_lock);
	if (!fl)
		return 0;
	nest = nla_nest_start(msg, CPO_A_ENGINE_FLASH);
	if (!nest ||
	    nla_put_u32(msg, CPO_A_FLASH_STATE, fl->state) ||
	    nla_put_u32(msg, CPO_A_FLASH_DONE, fl->done) ||
	    nla_put_u32(msg, CPO_A_FLASH_TOTAL, fl->total) ||
	    (fl->message[0] &&
	     nla_put_string(msg, CPO_A_FLASH_MESSAGE, fl->message)) ||
	    nla_put_string(msg, CPO_A_FLASH_FILE, fl->file) ||
	    nla_put_u64_64bit(msg, CPO_A_FLASH_STARTED, fl->started,
			      CPO_A_FLASH_PAD) ||
	    nla_put_u64_64bit(msg, CPO_A_FLASH_UPDATED, fl->updated,
			      CPO_A_FLASH_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static struct sk_buff *cpo_flash_ntf_msg(struct cpo_engine *engine, u64 seq)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	hdr = genlmsg_put(msg, 0, 0, &cpo_family, 0, CPO_CMD_ENGINE_FLASH_NTF);
	if (!hdr || nla_put_u32(msg, CPO_A_ENGINE_ID, engine->id) ||
	    cpo_flash_fill(msg, engine) ||
	    nla_put_u64_64bit(msg, CPO_A_ENGINE_SEQ, seq, CPO_A_ENGINE_PAD) ||
	    nla_put_u64_64bit(msg, CPO_A_ENGINE_TIMESTAMP, ktime_get_real_ns(),
			      CPO_A_ENGINE_PAD)) {
		nlmsg_free(msg);
		return NULL;
	}
	genlmsg_end(msg, hdr);
	return msg;
}

/**
 * cpo_flash_notify - announce where an engine's update stands
 * @engine: the engine; cpo_lock held
 *
 * On monitor, and to the port that asked for the update while it runs.
 */
void cpo_flash_notify(struct cpo_engine *engine)
{
	struct cpo_flash *fl = engine->flash;
	u64 seq = cpo_ntf_next_seq();
	struct sk_buff *msg;

	lockdep_assert_held(&cpo_lock);
	if (fl->portid) {
		msg = cpo_flash_ntf_msg(engine, seq);
		/* A full buffer loses this one; a closed socket all the rest. */
		if (msg && genlmsg_unicast(fl->net, msg, fl->portid) ==
			   -ECONNREFUSED)
			fl->portid = 0;
	}
	if (!genl_has_listeners(&cpo_family, &init_net, CPO_NLGRP_MONITOR))
		return;
	msg = cpo_flash_ntf_msg(engine, seq);
	if (msg)
		genlmsg_multicast(&cpo_family, msg, 0, CPO_NLGRP_MONITOR,
				  GFP_KERNEL);
}

int cpo_nl_engine_flash_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *file = info->attrs[CPO_A_ENGINE_FLASH_FILE];
	struct nlattr *dev = info->attrs[CPO_A_ENGINE_DEV_NAME];
	bool abort = info->attrs[CPO_A_ENGINE_FLASH_ABORT];
	bool commit = info->attrs[CPO_A_ENGINE_FLASH_COMMIT];
	struct cpo_engine *engine;
	const char *name;
	int err;

	if (!file == !abort) {
		NL_SET_ERR_MSG(info->extack,
			       "give flash-file to update, or flash-abort to stop an update");
		return -EINVAL;
	}
	if (abort && info->attrs[CPO_A_ENGINE_FLASH_COMMIT]) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[CPO_A_ENGINE_FLASH_COMMIT],
				    "flash-commit goes with flash-file");
		return -EINVAL;
	}
	if (file) {
		name = nla_data(file);
		if (!name[0] || name[0] == '/' || strstr(name, "..")) {
			NL_SET_ERR_MSG_ATTR(info->extack, file,
					    "flash-file: a relative name under /lib/firmware, without \"..\"");
			return -EINVAL;
		}
	}

	if (dev && info->attrs[CPO_A_ENGINE_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, dev,
				    "dev-name: give an engine's id or a device's name, not both");
		return -EINVAL;
	}
	/* Every engine of a device. */
	if (dev) {
		if (abort)
			return cpo_device_flash_abort(nla_data(dev),
						      info->extack);
		return cpo_device_flash_start(nla_data(dev), nla_data(file),
					      commit, info->snd_portid,
					      genl_info_net(info),
					      info->extack);
	}

	if (cpo_nl_attr_missing(info, CPO_A_ENGINE_ID,
				"missing attribute: id (or dev-name)"))
		return -EINVAL;
	mutex_lock(&cpo_lock);
	engine = cpo_nl_engine_lookup(info, CPO_A_ENGINE_ID);
	if (!engine) {
		mutex_unlock(&cpo_lock);
		return -ENOENT;
	}
	get_device(&engine->dev);
	if (file && engine->io.flashing) {
		mutex_unlock(&cpo_lock);
		NL_SET_ERR_MSG(info->extack,
			       "a firmware update of the engine is already under way");
		err = -EBUSY;
		goto put;
	}
	mutex_unlock(&cpo_lock);

	if (abort)
		err = cpo_engine_flash_abort(engine, info->extack);
	else
		err = cpo_engine_flash_start(engine, nla_data(file), commit,
					     info->snd_portid, genl_info_net(info),
					     info->extack);
put:
	put_device(&engine->dev);
	return err;
}
