// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink for firmware updates: engine-flash (start or abort, of one
 * engine or of every engine and laser module of a device), laser-flash
 * (of one laser module), the flash nest of engine-get and laser-get, and
 * engine-flash-ntf and laser-flash-ntf, sent on monitor and to the
 * requester.
 */
#include <net/genetlink.h>
#include "cpo_compat.h"
#include "cpo_core.h"
#include "cpo_netlink.h"

#define CPO_FLASH_FILE_MAX	128
#define CPO_DEV_NAME_MAX	64

const struct nla_policy cpo_engine_flash_policy[CPO_A_ENGINE_FLASH_LASER_FILE + 1] = {
	[CPO_A_ENGINE_ID] = { .type = NLA_U32 },
	[CPO_A_ENGINE_DEV_NAME] = { .type = NLA_NUL_STRING,
				    .len = CPO_DEV_NAME_MAX - 1 },
	[CPO_A_ENGINE_FLASH_FILE] = { .type = NLA_NUL_STRING,
				      .len = CPO_FLASH_FILE_MAX - 1 },
	[CPO_A_ENGINE_FLASH_COMMIT] = { .type = NLA_FLAG },
	[CPO_A_ENGINE_FLASH_ABORT] = { .type = NLA_FLAG },
	[CPO_A_ENGINE_FLASH_LASER_FILE] = { .type = NLA_NUL_STRING,
					    .len = CPO_FLASH_FILE_MAX - 1 },
};

const struct nla_policy cpo_laser_flash_policy[CPO_A_LASER_FLASH_ABORT + 1] = {
	[CPO_A_LASER_ID] = { .type = NLA_U32 },
	[CPO_A_LASER_FLASH_FILE] = { .type = NLA_NUL_STRING,
				     .len = CPO_FLASH_FILE_MAX - 1 },
	[CPO_A_LASER_FLASH_COMMIT] = { .type = NLA_FLAG },
	[CPO_A_LASER_FLASH_ABORT] = { .type = NLA_FLAG },
};

/**
 * cpo_flash_fill - the flash nest of an engine or of a laser
 * @msg: the message
 * @attrtype: CPO_A_ENGINE_FLASH or CPO_A_LASER_FLASH
 * @fl: the engine's or the laser's update, or NULL; cpo_lock held
 *
 * Return: 0, or -EMSGSIZE.
 */
int cpo_flash_fill(struct sk_buff *msg, int attrtype,
		   const struct cpo_flash *fl)
{
	struct nlattr *nest;

	lockdep_assert_held(&cpo_lock);
	if (!fl)
		return 0;
	nest = nla_nest_start(msg, attrtype);
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

/* engine-flash-ntf or laser-flash-ntf: the attributes of either set. */
static struct sk_buff *cpo_flash_ntf_msg(const struct cpo_flash *fl, u64 seq)
{
	bool engine = fl->engine;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	hdr = genlmsg_put(msg, 0, 0, &cpo_family, 0,
			  engine ? CPO_CMD_ENGINE_FLASH_NTF :
				   CPO_CMD_LASER_FLASH_NTF);
	if (!hdr ||
	    nla_put_u32(msg, engine ? CPO_A_ENGINE_ID : CPO_A_LASER_ID,
			fl->id) ||
	    cpo_flash_fill(msg, engine ? CPO_A_ENGINE_FLASH : CPO_A_LASER_FLASH,
			   fl) ||
	    nla_put_u64_64bit(msg, engine ? CPO_A_ENGINE_SEQ : CPO_A_LASER_SEQ,
			      seq, engine ? CPO_A_ENGINE_PAD : CPO_A_LASER_PAD) ||
	    nla_put_u64_64bit(msg, engine ? CPO_A_ENGINE_TIMESTAMP :
					    CPO_A_LASER_TIMESTAMP,
			      ktime_get_real_ns(),
			      engine ? CPO_A_ENGINE_PAD : CPO_A_LASER_PAD)) {
		nlmsg_free(msg);
		return NULL;
	}
	genlmsg_end(msg, hdr);
	return msg;
}

/**
 * cpo_flash_notify - announce where an update stands
 * @fl: the update of an engine or of a laser module; cpo_lock held
 *
 * On monitor, and to the port that asked for the update while it runs.
 */
void cpo_flash_notify(struct cpo_flash *fl)
{
	u64 seq = cpo_ntf_next_seq();
	struct sk_buff *msg;

	lockdep_assert_held(&cpo_lock);
	if (fl->portid) {
		msg = cpo_flash_ntf_msg(fl, seq);
		/* A full buffer loses this one; a closed socket all the rest. */
		if (msg && genlmsg_unicast(fl->net, msg, fl->portid) ==
			   -ECONNREFUSED)
			fl->portid = 0;
	}
	if (!genl_has_listeners(&cpo_family, &init_net, CPO_NLGRP_MONITOR))
		return;
	msg = cpo_flash_ntf_msg(fl, seq);
	if (msg)
		genlmsg_multicast(&cpo_family, msg, 0, CPO_NLGRP_MONITOR,
				  GFP_KERNEL);
}

/* A relative name under /lib/firmware: 0, or -EINVAL with an extack. */
static int cpo_nl_flash_file_check(const struct nlattr *file, bool laser,
				   struct netlink_ext_ack *extack)
{
	const char *name;

	if (!file)
		return 0;
	name = nla_data(file);
	if (name[0] && name[0] != '/' && !strstr(name, ".."))
		return 0;
	if (laser)
		NL_SET_ERR_MSG_ATTR(extack, file,
				    "flash-laser-file: a relative name under /lib/firmware, without \"..\"");
	else
		NL_SET_ERR_MSG_ATTR(extack, file,
				    "flash-file: a relative name under /lib/firmware, without \"..\"");
	return -EINVAL;
}

int cpo_nl_engine_flash_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *lfile = info->attrs[CPO_A_ENGINE_FLASH_LASER_FILE];
	struct nlattr *file = info->attrs[CPO_A_ENGINE_FLASH_FILE];
	struct nlattr *dev = info->attrs[CPO_A_ENGINE_DEV_NAME];
	bool abort = info->attrs[CPO_A_ENGINE_FLASH_ABORT];
	bool commit = info->attrs[CPO_A_ENGINE_FLASH_COMMIT];
	struct cpo_engine *engine;
	int err;

	if (lfile && !dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, lfile,
				    "flash-laser-file goes with dev-name");
		return -EINVAL;
	}
	if (!(file || lfile) == !abort) {
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
	if (cpo_nl_flash_file_check(file, false, info->extack) ||
	    cpo_nl_flash_file_check(lfile, true, info->extack))
		return -EINVAL;

	if (dev && info->attrs[CPO_A_ENGINE_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, dev,
				    "dev-name: give an engine's id or a device's name, not both");
		return -EINVAL;
	}
	/* Every engine and laser module of a device. */
	if (dev) {
		if (abort)
			return cpo_device_flash_abort(nla_data(dev),
						      info->extack);
		return cpo_device_flash_start(nla_data(dev),
					      file ? nla_data(file) : NULL,
					      lfile ? nla_data(lfile) : NULL,
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

int cpo_nl_laser_flash_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *file = info->attrs[CPO_A_LASER_FLASH_FILE];
	bool abort = info->attrs[CPO_A_LASER_FLASH_ABORT];
	bool commit = info->attrs[CPO_A_LASER_FLASH_COMMIT];
	struct cpo_laser *laser;
	int err;

	if (!file == !abort) {
		NL_SET_ERR_MSG(info->extack,
			       "give flash-file to update, or flash-abort to stop an update");
		return -EINVAL;
	}
	if (abort && commit) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[CPO_A_LASER_FLASH_COMMIT],
				    "flash-commit goes with flash-file");
		return -EINVAL;
	}
	if (cpo_nl_flash_file_check(file, false, info->extack))
		return -EINVAL;
	if (cpo_nl_attr_missing(info, CPO_A_LASER_ID, "missing attribute: id"))
		return -EINVAL;
	mutex_lock(&cpo_lock);
	laser = cpo_nl_laser_lookup(info);
	if (laser)
		get_device(&laser->dev);
	mutex_unlock(&cpo_lock);
	if (!laser)
		return -ENOENT;

	if (abort)
		err = cpo_laser_flash_abort(laser, info->extack);
	else
		err = cpo_laser_flash_start(laser, nla_data(file), commit,
					    info->snd_portid,
					    genl_info_net(info), info->extack);
	put_device(&laser->dev);
	return err;
}
