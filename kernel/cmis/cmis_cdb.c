// SPDX-License-Identifier: GPL-2.0
/*
 * CDB, the command interface of CMIS modules: one command at a time on
 * page 9Fh, its completion read from lower memory byte 37, with the
 * module's own advertised time as the bound (command 0040h), never one of
 * ours. The firmware banks (command 0100h) are read through it.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "cmis_priv.h"

/* Until the module said otherwise: the largest time CMIS can express. */
#define CMIS_CDB_UNKNOWN_MS	65535
/* Status polls: from 1 ms, doubling up to 20 ms. */
#define CMIS_CDB_POLL_MIN_US	1000
#define CMIS_CDB_POLL_MAX_US	20000

static u8 cmis_cdb_sum(const u8 *buf, size_t len)
{
	u8 sum = 0;

	while (len--)
		sum += *buf++;
	return sum;
}

/* What a failed command's result code means, for the extack and errno. */
static int cmis_cdb_failure(struct cmis_cdb *cdb, u16 cmd, u8 status,
			    struct netlink_ext_ack *extack)
{
	dev_warn(cdb->parent, "cmis: CDB command %04xh failed with status %02xh\n",
		 cmd, status);
	switch (status) {
	case CMIS_CDB_UNKNOWN_CMD:
		NL_SET_ERR_MSG(extack, "CDB: the module does not know the command");
		return -EOPNOTSUPP;
	case CMIS_CDB_BAD_PARAM:
		NL_SET_ERR_MSG(extack, "CDB: the module refused a parameter of the command");
		return -EINVAL;
	case CMIS_CDB_BAD_CHECK:
		NL_SET_ERR_MSG(extack, "CDB: the module found a check code error");
		return -EIO;
	case CMIS_CDB_BAD_PASSWORD:
		NL_SET_ERR_MSG(extack, "CDB: the module wants a password");
		return -EACCES;
	case CMIS_CDB_BAD_STATE:
		NL_SET_ERR_MSG(extack, "CDB: the command does not fit the module's state");
		return -EBUSY;
	default:
		NL_SET_ERR_MSG(extack, "CDB: the command failed in the module");
		return -EIO;
	}
}

/* Wait for the end of the command; read errors count as busy. */
static int cmis_cdb_wait(struct cmis_cdb *cdb, u16 cmd, u32 timeout_ms,
			 struct netlink_ext_ack *extack)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms) + 1;
	unsigned int us = CMIS_CDB_POLL_MIN_US;
	bool last = false;
	u8 status = 0;
	int err;

	for (;;) {
		err = cdb->read(cdb, 0, CMIS_CDB_STATUS, &status, 1, NULL);
		if (!err && status && !(status & CMIS_CDB_BUSY))
			break;
		if (last) {
			dev_warn(cdb->parent, "cmis: CDB command %04xh did not end within %u ms (status %02xh)\n",
				 cmd, timeout_ms, status);
			NL_SET_ERR_MSG(extack,
				       "CDB: the module did not end the command within its advertised time");
			return -ETIMEDOUT;
		}
		usleep_range(us, us + us / 4);
		us = min(us * 2, CMIS_CDB_POLL_MAX_US);
		last = time_after(jiffies, deadline);
	}
	if (status & CMIS_CDB_FAILED)
		return cmis_cdb_failure(cdb, cmd, status, extack);
	return 0;
}

/* A command whose EPL, if any, is on pages A0h.. already. */
static int cmis_cdb_run(struct cmis_cdb *cdb, u16 cmd, u16 epl_len,
			const u8 *lpl, u8 lpl_len, u8 *rpl, u8 rpl_len,
			u32 timeout_ms, struct netlink_ext_ack *extack)
{
	u8 msg[CMIS_CDB_LPL - CMIS_CDB_CMD + CMIS_CDB_LPL_MAX] = {};
	u8 *hdr = msg;
	int err;

	lockdep_assert_held(cdb->lock);
	if (WARN_ON(lpl_len > CMIS_CDB_LPL_MAX || rpl_len > CMIS_CDB_LPL_MAX))
		return -EINVAL;
	cmis_put_be16(&hdr[CMIS_CDB_CMD - CMIS_CDB_CMD], cmd);
	cmis_put_be16(&hdr[CMIS_CDB_EPL_LEN - CMIS_CDB_CMD], epl_len);
	hdr[CMIS_CDB_LPL_LEN - CMIS_CDB_CMD] = lpl_len;
	if (lpl_len)
		memcpy(&msg[CMIS_CDB_LPL - CMIS_CDB_CMD], lpl, lpl_len);
	hdr[CMIS_CDB_CHECK - CMIS_CDB_CMD] =
		~cmis_cdb_sum(msg, CMIS_CDB_LPL - CMIS_CDB_CMD + lpl_len);

	/* Everything but the ID first: writing the ID starts the command. */
	err = cdb->write(cdb, CMIS_PAGE_CDB, CMIS_CDB_EPL_LEN,
			 &msg[CMIS_CDB_EPL_LEN - CMIS_CDB_CMD],
			 CMIS_CDB_LPL - CMIS_CDB_EPL_LEN + lpl_len, extack);
	if (!err)
		err = cdb->write(cdb, CMIS_PAGE_CDB, CMIS_CDB_CMD, msg, 2,
				 extack);
	if (!err)
		err = cmis_cdb_wait(cdb, cmd, timeout_ms, extack);
	if (err || !rpl_len)
		return err;

	err = cdb->read(cdb, CMIS_PAGE_CDB, CMIS_CDB_RPL_LEN, msg,
			CMIS_CDB_LPL - CMIS_CDB_RPL_LEN + rpl_len, extack);
	if (err)
		return err;
	if (msg[0] < rpl_len || msg[0] > CMIS_CDB_LPL_MAX) {
		NL_SET_ERR_MSG(extack, "CDB: the module's reply is too short");
		return -EIO;
	}
	/* The check code covers the whole reply, which may be longer. */
	if (msg[0] > rpl_len) {
		err = cdb->read(cdb, CMIS_PAGE_CDB, CMIS_CDB_LPL, &msg[2],
				msg[0], extack);
		if (err)
			return err;
	}
	if ((u8)~cmis_cdb_sum(&msg[2], msg[0]) != msg[1]) {
		NL_SET_ERR_MSG(extack, "CDB: the module's reply fails its check code");
		return -EIO;
	}
	memcpy(rpl, &msg[2], rpl_len);
	return 0;
}

/**
 * cmis_cdb_cmd - run one CDB command and wait for its end
 * @cdb: the module's CDB, its @lock held
 * @cmd: command ID
 * @lpl: the payload, @lpl_len bytes
 * @lpl_len: up to CMIS_CDB_LPL_MAX
 * @rpl: where the reply goes, @rpl_len bytes, or NULL
 * @rpl_len: how much of the reply is needed
 * @timeout_ms: how long the module may take, as it advertised
 * @extack: for the reason of a failure
 *
 * Return: 0, or a negative errno with an extack message.
 */
int cmis_cdb_cmd(struct cmis_cdb *cdb, u16 cmd, const u8 *lpl, u8 lpl_len,
		 u8 *rpl, u8 rpl_len, u32 timeout_ms,
		 struct netlink_ext_ack *extack)
{
	return cmis_cdb_run(cdb, cmd, 0, lpl, lpl_len, rpl, rpl_len, timeout_ms,
			    extack);
}

/**
 * cmis_cdb_cmd_epl - run one CDB command that carries an extended payload
 * @cdb: the module's CDB, its @lock held, probed
 * @cmd: command ID
 * @epl: the extended payload, @epl_len bytes
 * @epl_len: up to what the module advertised (@cdb->epl_max)
 * @lpl: the payload, @lpl_len bytes
 * @lpl_len: up to CMIS_CDB_LPL_MAX
 * @timeout_ms: how long the module may take, as it advertised
 * @extack: for the reason of a failure
 *
 * The EPL goes to pages A0h.. (128 bytes a page) before the command is
 * written: a whole page a transaction instead of a command per 116 bytes.
 *
 * Return: 0, or a negative errno with an extack message.
 */
int cmis_cdb_cmd_epl(struct cmis_cdb *cdb, u16 cmd, const u8 *epl,
		     u16 epl_len, const u8 *lpl, u8 lpl_len, u32 timeout_ms,
		     struct netlink_ext_ack *extack)
{
	u16 off, n;
	int err;

	lockdep_assert_held(cdb->lock);
	if (WARN_ON(epl_len > cdb->epl_max))
		return -EINVAL;
	for (off = 0; off < epl_len; off += n) {
		n = min_t(u16, epl_len - off, CMIS_PAGE_SIZE);
		err = cdb->write(cdb, CMIS_PAGE_EPL + off / CMIS_PAGE_SIZE,
				 CMIS_UPPER_OFFSET, epl + off, n, extack);
		if (err)
			return err;
	}
	return cmis_cdb_run(cdb, cmd, epl_len, lpl, lpl_len, NULL, 0,
			    timeout_ms, extack);
}

/* Pages of EPL the module has, from the 4 bits of page 01h byte 163. */
static u16 cmis_cdb_epl_bytes(u8 adv)
{
	static const u8 pages[] = { 0, 1, 2, 3, 4, 8, 12, 16 };
	u8 code = FIELD_GET(CMIS_CDB_EPL_PAGES, adv);

	return code < ARRAY_SIZE(pages) ? pages[code] * CMIS_PAGE_SIZE : 0;
}

/* Whether the module has a CDB, and how long its commands may take. */
static int cmis_cdb_probe(struct cmis_cdb *cdb,
			  struct netlink_ext_ack *extack)
{
	u8 rpl[CMIS_CDB_MF_LEN];
	u8 adv;
	int err;

	if (cdb->max_ms)
		return 0;
	err = cdb->read(cdb, CMIS_PAGE_ADVERTISING_EXT, CMIS_CDB_ADVERTISED,
			&adv, 1, extack);
	if (err)
		return err;
	if (!FIELD_GET(CMIS_CDB_INSTANCES, adv)) {
		NL_SET_ERR_MSG(extack, "the module has no CDB: no firmware management");
		return -EOPNOTSUPP;
	}
	cdb->epl_max = cmis_cdb_epl_bytes(adv);
	err = cmis_cdb_cmd(cdb, CMIS_CDB_MODULE_FEATURES, NULL, 0, rpl,
			   sizeof(rpl), CMIS_CDB_UNKNOWN_MS, extack);
	if (err)
		return err;
	cdb->max_ms = cmis_get_be16(&rpl[CMIS_CDB_MF_MAX_MS]) ?:
			 CMIS_CDB_UNKNOWN_MS;
	return 0;
}

static void cmis_cdb_image(struct cpo_fw_image *img, const u8 *v, u8 status,
			   unsigned int bank)
{
	u8 bits = status >> CMIS_CDB_FWI_BANK_SHIFT(bank);

	img->present = true;
	img->running = bits & CMIS_CDB_FWI_RUNNING;
	img->committed = bits & CMIS_CDB_FWI_COMMITTED;
	img->valid = !(bits & CMIS_CDB_FWI_INVALID);
	if (img->valid)
		snprintf(img->version, sizeof(img->version), "%u.%u.%u",
			 v[0], v[1], cmis_get_be16(&v[2]));
}

/**
 * cmis_cdb_firmware_read - the firmware banks of a module
 * @cdb: the module's CDB, its @lock held
 * @fw: filled: the banks as command 0100h reports them, and the versions
 *	the identity shows (lower memory 39/40, page 01h 128/129)
 * @extack: for the reason of a failure
 *
 * Return: 0, -EOPNOTSUPP for a module without a CDB, or another negative
 * errno with an extack message.
 */
int cmis_cdb_firmware_read(struct cmis_cdb *cdb, struct cpo_fw_info *fw,
			   struct netlink_ext_ack *extack)
{
	u8 rpl[CMIS_CDB_FWI_LEN], active[2], inactive[2];
	struct cpo_fw_image *img;
	u8 present;
	int err;

	lockdep_assert_held(cdb->lock);
	err = cmis_cdb_probe(cdb, extack);
	if (!err)
		err = cmis_cdb_cmd(cdb, CMIS_CDB_FW_INFO, NULL, 0, rpl,
				   sizeof(rpl), cdb->max_ms, extack);
	/* And the versions the identity shows: they follow the running image. */
	if (!err)
		err = cdb->read(cdb, 0, CMIS_ACTIVE_FW_MAJOR, active,
				sizeof(active), extack);
	if (!err)
		err = cdb->read(cdb, CMIS_PAGE_ADVERTISING_EXT,
				CMIS_INACTIVE_FW_MAJOR, inactive,
				sizeof(inactive), extack);
	if (err)
		return err;

	cmis_fw_version(fw->active, sizeof(fw->active), active[0], active[1],
			false);
	cmis_fw_version(fw->inactive, sizeof(fw->inactive), inactive[0],
			inactive[1], true);

	present = rpl[CMIS_CDB_FWI_PRESENT];
	if (present & BIT(0))
		cmis_cdb_image(&fw->bank[CPO_FW_BANK_A],
			       &rpl[CMIS_CDB_FWI_IMAGE_A],
			       rpl[CMIS_CDB_FWI_STATUS], 0);
	if (present & BIT(1))
		cmis_cdb_image(&fw->bank[CPO_FW_BANK_B],
			       &rpl[CMIS_CDB_FWI_IMAGE_B],
			       rpl[CMIS_CDB_FWI_STATUS], 1);
	if (present & BIT(2)) {
		img = &fw->bank[CPO_FW_BANK_FACTORY];
		/* Neither runs nor boots as such; valid when reported. */
		cmis_cdb_image(img, &rpl[CMIS_CDB_FWI_FACTORY], 0, 0);
	}
	return 0;
}

/* The firmware_get op of an engine. */
int cmis_engine_firmware_get(struct cpo_engine *engine, void *priv,
			     struct cpo_fw_info *fw,
			     struct netlink_ext_ack *extack)
{
	struct cmis_engine *ce = priv;
	int err;

	mutex_lock(&ce->lock);
	err = cmis_cdb_firmware_read(&ce->cdb, fw, extack);
	mutex_unlock(&ce->lock);
	return err;
}

static int cmis_engine_cdb_read(struct cmis_cdb *cdb, u8 page, u8 offset,
				u8 *buf, size_t len,
				struct netlink_ext_ack *extack)
{
	return cmis_read(container_of(cdb, struct cmis_engine, cdb), 0, page,
			 offset, buf, len, extack);
}

static int cmis_engine_cdb_write(struct cmis_cdb *cdb, u8 page, u8 offset,
				 const u8 *buf, size_t len,
				 struct netlink_ext_ack *extack)
{
	return cmis_write(container_of(cdb, struct cmis_engine, cdb), 0, page,
			  offset, buf, len, extack);
}

/**
 * cmis_engine_cdb_init - an engine's CDB goes over its transport
 * @ce: the engine, being set up, its @lock initialised
 */
void cmis_engine_cdb_init(struct cmis_engine *ce)
{
	ce->cdb.parent = ce->parent;
	ce->cdb.lock = &ce->lock;
	ce->cdb.read = cmis_engine_cdb_read;
	ce->cdb.write = cmis_engine_cdb_write;
}
