// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware update of a CMIS module over CDB (CMIS 5.2, 9.7): the image
 * goes to the bank that does not run (0101h start with its header, blocks
 * by 0104h in the extended payload when the module takes them so, else by
 * 0103h in the payload, 0107h complete), the module restarts into it
 * (0109h), and once
 * it runs it is committed (010Ah) if asked. Every bound is one the module
 * advertised (0040h, 0041h). A module that does not come back running the
 * new image has rolled back to its committed one: the update failed.
 * The same for any module with a CDB (struct cmis_cdb): the update tells
 * its owner its steps and asks it whether to stop (struct cmis_flash_ops).
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include "cmis_priv.h"

/* While the module restarts: how often its state is read. */
#define CMIS_FLASH_POLL_MS	20

/**
 * struct cmis_fw_features - what command 0041h says
 * @header_len: image bytes command 0101h carries
 * @epl: blocks go by 0104h, in the EPL
 * @block: data bytes per 0103h or 0104h write
 * @start_ms: bound of 0101h
 * @write_ms: bound of each 0103h
 * @complete_ms: bound of 0107h
 * @abort: the module takes 0102h
 */
struct cmis_fw_features {
	u8 header_len;
	bool epl;
	u16 block;
	u32 start_ms;
	u32 write_ms;
	u32 complete_ms;
	bool abort;
};

/* A duration of 0041h: ms, or 10 ms with the M bit; 0 means unbounded. */
static u32 cmis_fw_ms(const u8 *rpl, u8 off, bool times_10, u16 fallback)
{
	u32 v = cmis_get_be16(&rpl[off]);

	if (!v)
		v = fallback;
	return times_10 ? v * 10 : v;
}

static int cmis_fw_features_read(struct cmis_cdb *cdb,
				 struct cmis_fw_features *f,
				 struct netlink_ext_ack *extack)
{
	u8 rpl[CMIS_CDB_FWF_LEN];
	bool m;
	u8 ext, mech;
	int err;

	err = cmis_cdb_cmd(cdb, CMIS_CDB_FW_FEATURES, NULL, 0, rpl, sizeof(rpl),
			   cdb->max_ms, extack);
	if (err)
		return err;
	mech = rpl[CMIS_CDB_FWF_WRITE_MECH];
	/* EPL when the module has the pages: a page a transaction. */
	f->epl = (mech & CMIS_CDB_MECH_EPL) && cdb->epl_max;
	if (!f->epl && !(mech & CMIS_CDB_MECH_LPL)) {
		NL_SET_ERR_MSG(extack,
			       "the module takes firmware blocks neither by LPL nor by an EPL it has pages for");
		return -EOPNOTSUPP;
	}
	m = rpl[CMIS_CDB_FWF_FLAGS] & CMIS_CDB_FWF_TIMES_10;
	ext = rpl[CMIS_CDB_FWF_RW_EXT];
	f->header_len = rpl[CMIS_CDB_FWF_HEADER_LEN];
	if (f->epl)
		f->block = min3(8 * (1 + ext), (int)cdb->epl_max,
				CMIS_CDB_EPL_MAX);
	else
		f->block = min(8 * (1 + min_t(u8, ext, CMIS_CDB_RW_EXT_MAX)),
			       CMIS_CDB_LPL_MAX) - CMIS_CDB_WRITE_DATA;
	f->start_ms = cmis_fw_ms(rpl, CMIS_CDB_FWF_START_MS, m, U16_MAX);
	f->write_ms = cmis_fw_ms(rpl, CMIS_CDB_FWF_WRITE_MS, m, U16_MAX);
	f->complete_ms = cmis_fw_ms(rpl, CMIS_CDB_FWF_COMPLETE_MS, m, U16_MAX);
	f->abort = rpl[CMIS_CDB_FWF_FLAGS] & CMIS_CDB_FWF_ABORT;
	if (f->header_len > CMIS_CDB_LPL_MAX - CMIS_CDB_START_HEADER) {
		NL_SET_ERR_MSG(extack,
			       "the module asks for a start header longer than a CDB payload");
		return -EPROTO;
	}
	return 0;
}

/* One command with the transport lock, released between commands. */
static int cmis_fw_cmd(struct cmis_cdb *cdb, u16 cmd, const u8 *lpl,
		       u8 lpl_len, u32 timeout_ms,
		       struct netlink_ext_ack *extack)
{
	int err;

	mutex_lock(cdb->lock);
	err = cmis_cdb_cmd(cdb, cmd, lpl, lpl_len, NULL, 0, timeout_ms, extack);
	mutex_unlock(cdb->lock);
	return err;
}

/* One block at @addr (after the header) by 0104h or 0103h. */
static int cmis_fw_write_block(struct cmis_cdb *cdb,
			       const struct cmis_fw_features *f, u32 addr,
			       const u8 *data, u16 n,
			       struct netlink_ext_ack *extack)
{
	u8 lpl[CMIS_CDB_LPL_MAX];
	int err;

	cmis_put_be32(&lpl[CMIS_CDB_WRITE_ADDR], addr);
	if (!f->epl) {
		memcpy(&lpl[CMIS_CDB_WRITE_DATA], data, n);
		return cmis_fw_cmd(cdb, CMIS_CDB_FW_WRITE_LPL, lpl,
				   CMIS_CDB_WRITE_DATA + n, f->write_ms,
				   extack);
	}
	mutex_lock(cdb->lock);
	err = cmis_cdb_cmd_epl(cdb, CMIS_CDB_FW_WRITE_EPL, data, n, lpl,
			       CMIS_CDB_WRITE_DATA, f->write_ms, extack);
	mutex_unlock(cdb->lock);
	return err;
}

static int cmis_fw_download(struct cmis_cdb *cdb,
			    const struct cmis_flash_ops *ops, void *ctx,
			    const struct cmis_fw_features *f,
			    const struct cpo_flash_req *req,
			    struct netlink_ext_ack *extack)
{
	u8 lpl[CMIS_CDB_LPL_MAX];
	size_t off, n;
	int err;

	if (req->size <= f->header_len || req->size > U32_MAX) {
		NL_SET_ERR_MSG(extack, "the image is no longer than the module's start header");
		return -EINVAL;
	}
	memset(lpl, 0, sizeof(lpl));
	cmis_put_be32(&lpl[CMIS_CDB_START_SIZE], req->size);
	memcpy(&lpl[CMIS_CDB_START_HEADER], req->data, f->header_len);
	err = cmis_fw_cmd(cdb, CMIS_CDB_FW_START, lpl,
			  CMIS_CDB_START_HEADER + f->header_len, f->start_ms,
			  extack);
	if (err)
		return err;

	for (off = f->header_len; off < req->size; off += n) {
		if (ops->aborted(ctx))
			return -ECANCELED;
		ops->progress(ctx, CPO_FLASH_STATE_DOWNLOADING, off, req->size);
		n = min_t(size_t, f->block, req->size - off);
		err = cmis_fw_write_block(cdb, f, off - f->header_len,
					  req->data + off, n, extack);
		if (err)
			return err;
	}
	ops->progress(ctx, CPO_FLASH_STATE_DOWNLOADING, req->size, req->size);
	return cmis_fw_cmd(cdb, CMIS_CDB_FW_COMPLETE, NULL, 0, f->complete_ms,
			   extack);
}

/**
 * cmis_cdb_wait_ready - wait for a restarted module to be ready
 * @cdb: the module's CDB, its lock not held
 * @timeout_ms: how long at most
 * @extack: for the reason of a failure
 *
 * Reads fail while the module restarts.
 *
 * Return: 0, or -ETIMEDOUT with an extack message.
 */
int cmis_cdb_wait_ready(struct cmis_cdb *cdb, u32 timeout_ms,
			struct netlink_ext_ack *extack)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms) + 1;
	u8 state;
	int err;

	do {
		msleep(CMIS_FLASH_POLL_MS);
		mutex_lock(cdb->lock);
		err = cdb->read(cdb, 0, CMIS_MODULE_STATE, &state, 1, NULL);
		mutex_unlock(cdb->lock);
		if (!err &&
		    FIELD_GET(CMIS_MODULE_STATE_MASK, state) == CMIS_MODULE_READY)
			return 0;
	} while (time_before(jiffies, deadline));
	NL_SET_ERR_MSG(extack,
		       "the module did not come back ready within its advertised time");
	return -ETIMEDOUT;
}

/* Which bank runs now, from 0100h: 0 = A, 1 = B, or an errno. */
static int cmis_fw_running_bank(struct cmis_cdb *cdb,
				struct netlink_ext_ack *extack)
{
	struct cpo_fw_info fw = {};
	int err;

	mutex_lock(cdb->lock);
	err = cmis_cdb_firmware_read(cdb, &fw, extack);
	mutex_unlock(cdb->lock);
	if (err)
		return err;
	if (fw.bank[CPO_FW_BANK_A].running)
		return 0;
	if (fw.bank[CPO_FW_BANK_B].running)
		return 1;
	NL_SET_ERR_MSG(extack, "the module says no bank runs");
	return -EPROTO;
}

/**
 * cmis_cdb_flash - update the firmware of a module over its CDB
 * @cdb: the module's CDB, its lock not held (taken per command)
 * @req: the image, checked by the core, and whether to commit it
 * @ops: where the steps go, and whether to stop
 * @ctx: passed back to @ops
 * @extack: for the reason of a failure
 *
 * Return: 0, -ECANCELED when @ops said to stop, or another negative errno
 * with an extack message.
 */
int cmis_cdb_flash(struct cmis_cdb *cdb, const struct cpo_flash_req *req,
		   const struct cmis_flash_ops *ops, void *ctx,
		   struct netlink_ext_ack *extack)
{
	u8 run[CMIS_CDB_RUN_LEN] = { [CMIS_CDB_RUN_MODE] = CMIS_CDB_RUN_INACTIVE };
	struct cmis_fw_features f;
	int before, after, err;

	before = cmis_fw_running_bank(cdb, extack);
	if (before < 0)
		return before;
	mutex_lock(cdb->lock);
	err = cmis_fw_features_read(cdb, &f, extack);
	mutex_unlock(cdb->lock);
	if (err)
		return err;

	err = cmis_fw_download(cdb, ops, ctx, &f, req, extack);
	if (err == -ECANCELED && f.abort)
		cmis_fw_cmd(cdb, CMIS_CDB_FW_ABORT, NULL, 0, cdb->max_ms, NULL);
	if (err)
		return err;

	ops->progress(ctx, CPO_FLASH_STATE_RUNNING, req->size, req->size);
	err = cmis_fw_cmd(cdb, CMIS_CDB_FW_RUN, run, sizeof(run), cdb->max_ms,
			  extack);
	if (!err)
		err = cmis_cdb_wait_ready(cdb, cdb->max_ms, extack);
	if (err)
		return err;
	after = cmis_fw_running_bank(cdb, extack);
	if (after < 0)
		return after;
	if (after == before) {
		NL_SET_ERR_MSG(extack,
			       "the new image did not run: the module went back to its committed image");
		return -EIO;
	}
	if (!req->commit)
		return 0;
	ops->progress(ctx, CPO_FLASH_STATE_COMMITTING, req->size, req->size);
	return cmis_fw_cmd(cdb, CMIS_CDB_FW_COMMIT, NULL, 0, cdb->max_ms,
			   extack);
}

static void cmis_engine_flash_progress(void *ctx, enum cpo_flash_state state,
				       u32 done, u32 total)
{
	cpo_engine_flash_progress(ctx, state, done, total);
}

static bool cmis_engine_flash_aborted(void *ctx)
{
	return cpo_engine_flash_aborted(ctx);
}

static const struct cmis_flash_ops cmis_engine_flash_ops = {
	.progress = cmis_engine_flash_progress,
	.aborted = cmis_engine_flash_aborted,
};

/* The firmware_flash op of an engine. */
int cmis_engine_firmware_flash(struct cpo_engine *engine, void *priv,
			       const struct cpo_flash_req *req,
			       struct netlink_ext_ack *extack)
{
	struct cmis_engine *ce = priv;

	return cmis_cdb_flash(&ce->cdb, req, &cmis_engine_flash_ops, engine,
			      extack);
}
