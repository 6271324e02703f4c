// SPDX-License-Identifier: GPL-2.0
/*
 * CMIS layer: registration. Reads a module's identity through the board's
 * transport, registers the engine and its lanes with the cpo core with the
 * CMIS ops, and takes the first snapshot that change detection compares
 * against. A board driver thus supplies only byte access and board facts.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include "cmis_priv.h"

/* NL_SET_ERR_MSG() takes literals only, hence one call per page. */
static void cmis_set_write_msg(struct netlink_ext_ack *extack, u8 page,
			       u8 offset)
{
	if (offset < CMIS_UPPER_OFFSET)
		NL_SET_ERR_MSG(extack, "transport write of lower memory failed");
	else if (page == CMIS_PAGE_LANE_CTRL)
		NL_SET_ERR_MSG(extack, "transport write of page 10h failed");
	else
		NL_SET_ERR_MSG(extack, "transport write failed");
}

static void cmis_set_read_msg(struct netlink_ext_ack *extack, u8 page,
			      u8 offset)
{
	if (offset < CMIS_UPPER_OFFSET) {
		NL_SET_ERR_MSG(extack, "transport read of lower memory failed");
		return;
	}
	switch (page) {
	case CMIS_PAGE_ADVERTISING:
		NL_SET_ERR_MSG(extack, "transport read of page 00h failed");
		break;
	case CMIS_PAGE_ADVERTISING_EXT:
		NL_SET_ERR_MSG(extack, "transport read of page 01h failed");
		break;
	case CMIS_PAGE_LANE_CTRL:
		NL_SET_ERR_MSG(extack, "transport read of page 10h failed");
		break;
	case CMIS_PAGE_LANE_STATUS:
		NL_SET_ERR_MSG(extack, "transport read of page 11h failed");
		break;
	default:
		NL_SET_ERR_MSG(extack, "transport read failed");
		break;
	}
}

/* Tries of a transaction that fails with a transient error. */
#define CMIS_TRIES	3

/*
 * A NACK (the module busy, e.g. while it writes its memory), a lost
 * arbitration or a bus timeout may pass; anything else will not.
 */
static bool cmis_transient(int err)
{
	return err == -ENXIO || err == -EREMOTEIO || err == -EAGAIN ||
	       err == -ETIMEDOUT;
}

/* One transaction, retried and counted. */
static int cmis_xfer(struct cmis_engine *ce, bool write, u8 bank, u8 page,
		     u8 offset, u8 *buf, size_t len)
{
	u64 start, busy;
	int err, try;

	for (try = 0; try < CMIS_TRIES; try++) {
		start = ktime_get_ns();
		err = write ? ce->ops->write(ce->ctx, bank, page, offset, buf,
					     len) :
			      ce->ops->read(ce->ctx, bank, page, offset, buf,
					    len);
		busy = ktime_get_ns() - start;
		spin_lock(&ce->stats_lock);
		ce->stats.transactions++;
		ce->stats.busy_ns += busy;
		if (!err)
			ce->stats.bytes += len;
		else if (try + 1 < CMIS_TRIES && cmis_transient(err))
			ce->stats.retries++;
		else
			ce->stats.errors++;
		if (err)
			ce->stats.last_error = -err;
		spin_unlock(&ce->stats_lock);
		if (!err || !cmis_transient(err))
			break;
	}
	return err;
}

int cmis_read(struct cmis_engine *ce, u8 bank, u8 page, u8 offset, u8 *buf,
	      size_t len, struct netlink_ext_ack *extack)
{
	int err;

	err = cmis_xfer(ce, false, bank, page, offset, buf, len);
	if (err)
		cmis_set_read_msg(extack, page, offset);
	return err;
}

int cmis_write(struct cmis_engine *ce, u8 bank, u8 page, u8 offset,
	       const u8 *buf, size_t len, struct netlink_ext_ack *extack)
{
	int err;

	/* The transport does not write through @buf. */
	err = cmis_xfer(ce, true, bank, page, offset, (u8 *)buf, len);
	if (err)
		cmis_set_write_msg(extack, page, offset);
	return err;
}

/* The bus_stats_get op: the counters, without touching the bus. */
void cmis_bus_stats_get(struct cpo_engine *engine, void *priv,
			struct cpo_bus_stats *stats)
{
	struct cmis_engine *ce = priv;

	spin_lock(&ce->stats_lock);
	*stats = ce->stats;
	spin_unlock(&ce->stats_lock);
}

/* A CMIS string: ASCII padded with spaces; anything non-ASCII or unprintable shows '?'. */
void cmis_copy_string(char *dst, const u8 *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = isascii(src[i]) && isprint(src[i]) ? src[i] : '?';
	while (len && dst[len - 1] == ' ')
		len--;
	dst[len] = '\0';
}

/*
 * A firmware version from its two bytes; with @none, 0.0 means no image
 * and gives an empty string.
 */
void cmis_fw_version(char *dst, size_t size, u8 major, u8 minor, bool none)
{
	if (none && !major && !minor)
		dst[0] = '\0';
	else
		snprintf(dst, size, "%u.%u", major, minor);
}

static int cmis_read_identity(struct cmis_engine *ce,
			      struct cpo_engine_info *info)
{
	u8 lower[CMIS_UPPER_OFFSET];
	u8 page[CMIS_PAGE_SIZE];
	int err;

	BUILD_BUG_ON(sizeof(info->vendor) <= CMIS_VENDOR_NAME_LEN ||
		     sizeof(info->part_number) <= CMIS_VENDOR_PN_LEN ||
		     sizeof(info->serial) <= CMIS_VENDOR_SN_LEN);

	/* Not the whole of lower memory: bytes 8..13 are clear-on-read. */
	err = cmis_read(ce, 0, 0, CMIS_SFF8024_IDENTIFIER, lower,
			CMIS_MODULE_STATE + 1, NULL);
	if (!err)
		err = cmis_read(ce, 0, 0, CMIS_ACTIVE_FW_MAJOR,
				&lower[CMIS_ACTIVE_FW_MAJOR],
				CMIS_MEDIA_TYPE - CMIS_ACTIVE_FW_MAJOR + 1, NULL);
	if (err) {
		dev_err(ce->parent, "cmis: transport read of lower memory failed: %d\n",
			err);
		return err;
	}
	if (lower[CMIS_MEMORY_MODEL] & CMIS_FLAT_MEM) {
		dev_err(ce->parent, "cmis: flat memory module, no lane pages\n");
		return -EOPNOTSUPP;
	}
	cmis_fw_version(info->fw_version, sizeof(info->fw_version),
			lower[CMIS_ACTIVE_FW_MAJOR], lower[CMIS_ACTIVE_FW_MINOR],
			false);
	switch (lower[CMIS_MEDIA_TYPE]) {
	case CMIS_MEDIA_TYPE_MMF:
		info->media_type = CPO_MEDIA_TYPE_MMF;
		break;
	default:
		info->media_type = CPO_MEDIA_TYPE_SMF;
		break;
	}

	err = cmis_read(ce, 0, CMIS_PAGE_ADVERTISING, CMIS_UPPER_OFFSET, page,
			CMIS_PAGE_SIZE, NULL);
	if (err) {
		dev_err(ce->parent, "cmis: transport read of page 00h failed: %d\n",
			err);
		return err;
	}
#define CMIS_FIELD(off)	(&page[(off) - CMIS_UPPER_OFFSET])
	cmis_copy_string(info->vendor, CMIS_FIELD(CMIS_VENDOR_NAME),
			 CMIS_VENDOR_NAME_LEN);
	cmis_copy_string(info->part_number, CMIS_FIELD(CMIS_VENDOR_PN),
			 CMIS_VENDOR_PN_LEN);
	cmis_copy_string(info->serial, CMIS_FIELD(CMIS_VENDOR_SN),
			 CMIS_VENDOR_SN_LEN);

	err = cmis_read(ce, 0, CMIS_PAGE_ADVERTISING_EXT, CMIS_INACTIVE_FW_MAJOR,
			CMIS_FIELD(CMIS_INACTIVE_FW_MAJOR),
			CMIS_HW_MINOR_REV - CMIS_INACTIVE_FW_MAJOR + 1, NULL);
	if (err) {
		dev_err(ce->parent, "cmis: transport read of page 01h failed: %d\n",
			err);
		return err;
	}
	snprintf(info->hw_rev, sizeof(info->hw_rev), "%u.%u",
		 *CMIS_FIELD(CMIS_HW_MAJOR_REV), *CMIS_FIELD(CMIS_HW_MINOR_REV));
	cmis_fw_version(info->fw_inactive, sizeof(info->fw_inactive),
			*CMIS_FIELD(CMIS_INACTIVE_FW_MAJOR),
			*CMIS_FIELD(CMIS_INACTIVE_FW_MINOR), true);
#undef CMIS_FIELD
	return 0;
}

/*
 * Where the VDM samples of each lane are, when the module advertises VDM:
 * the descriptors of page 20h of every bank.
 */
static int cmis_read_vdm_layout(struct cmis_engine *ce)
{
	u8 desc[CMIS_VDM_DESC_COUNT * 2];
	struct cmis_lane *cl;
	u8 pages, bank;
	int err;
	u32 i, n;

	err = cmis_read(ce, 0, CMIS_PAGE_ADVERTISING_EXT, CMIS_PAGES_ADVERTISED,
			&pages, 1, NULL);
	if (err || !(pages & CMIS_VDM_SUPPORTED))
		return err;
	for (bank = 0; bank < cmis_bank_count(ce->lane_count); bank++) {
		err = cmis_read(ce, bank, CMIS_PAGE_VDM_DESC, CMIS_UPPER_OFFSET,
				desc, sizeof(desc), NULL);
		if (err)
			return err;
		for (i = 0; i < CMIS_VDM_DESC_COUNT; i++) {
			n = bank * CMIS_LANES_PER_BANK +
			    (desc[2 * i] & CMIS_VDM_LANE_MASK);
			if (n >= ce->lane_count ||
			    (desc[2 * i] & CMIS_VDM_LANE_MASK) >=
			    CMIS_LANES_PER_BANK)
				continue;
			cl = &ce->lanes[n];
			if (desc[2 * i + 1] == CMIS_VDM_ESNR_MEDIA_IN)
				cl->vdm_snr = i;
			else if (desc[2 * i + 1] == CMIS_VDM_BER_CUR_MEDIA_IN)
				cl->vdm_ber = i;
		}
	}
	return 0;
}

/* The layer passes CMIS encodings through as the cpo enums. */
static_assert(CMIS_MODULE_LOW_PWR == CPO_MODULE_STATE_LOW_PWR &&
	      CMIS_MODULE_FAULT == CPO_MODULE_STATE_FAULT &&
	      CMIS_MODULE_FAULT == CPO_MODULE_STATE_MAX);
static_assert(CMIS_DP_DEACTIVATED == CPO_DP_STATE_DEACTIVATED &&
	      CMIS_DP_INITIALIZED == CPO_DP_STATE_INITIALIZED &&
	      CMIS_DP_INITIALIZED == CPO_DP_STATE_MAX);

static int cmis_board_check(struct device *parent,
			    const struct cmis_board_info *board,
			    const struct cmis_transport_ops *ops)
{
	if (!parent || !board || !ops || !ops->read || !ops->write)
		return -EINVAL;
	if (!board->lane_count || board->lane_count > CPO_MAX_LANES) {
		dev_err(parent, "cmis: %u lanes, expected 1..%u\n",
			board->lane_count, CPO_MAX_LANES);
		return -EINVAL;
	}
	return 0;
}

static struct cmis_engine *cmis_engine_alloc(struct device *parent,
					     const struct cmis_board_info *board,
					     const struct cmis_transport_ops *ops,
					     void *ctx)
{
	struct cmis_engine *ce;
	u32 i;

	ce = kzalloc(struct_size(ce, lanes, board->lane_count), GFP_KERNEL);
	if (!ce)
		return NULL;
	ce->lane_count = board->lane_count;
	ce->parent = parent;
	ce->ops = ops;
	ce->ctx = ctx;
	ce->type = board->type;
	ce->lane_rate = board->lane_rate;
	ce->power_monitor = board->power_monitor;
	ce->fiber_connected = board->fiber_connected;
	mutex_init(&ce->lock);
	mutex_init(&ce->irq_lock);
	spin_lock_init(&ce->stats_lock);
	cmis_engine_cdb_init(ce);
	for (i = 0; i < ce->lane_count; i++) {
		ce->lanes[i].ce = ce;
		ce->lanes[i].index = i;
		ce->lanes[i].vdm_snr = CMIS_VDM_NONE;
		ce->lanes[i].vdm_ber = CMIS_VDM_NONE;
	}
	return ce;
}

static void cmis_engine_free(struct cmis_engine *ce)
{
	mutex_destroy(&ce->irq_lock);
	mutex_destroy(&ce->lock);
	kfree(ce);
}

/**
 * cmis_engine_register - register a CMIS engine and its lanes with cpo
 * @parent: the board driver's device the engine sits on
 * @board: what the board knows about the engine; copied
 * @ops: transport operations; must stay valid until unregistration
 * @ctx: transport cookie passed back to @ops
 *
 * Reads the module's identity (vendor, part and serial number from page
 * 00h, hardware revision and inactive firmware from page 01h, active
 * firmware and media type from lower memory), registers a cpo engine with it and the board info,
 * then one cpo lane per board lane, all served by the CMIS layer's ops
 * over @ops. From then on the core refreshes the engine periodically, and
 * the board driver calls cmis_engine_irq() when the module signals a
 * change.
 *
 * Context: process context, no lock of the subsystem held; sleeps. @ops
 * may be called before this returns.
 * Return: the CMIS engine, or an ERR_PTR: -EINVAL for bad arguments,
 * -EOPNOTSUPP for a flat-memory module, -ENOMEM, or the error of the
 * transport or of cpo_engine_register()/cpo_lane_register().
 */
struct cmis_engine *cmis_engine_register(struct device *parent,
					 const struct cmis_board_info *board,
					 const struct cmis_transport_ops *ops,
					 void *ctx)
{
	struct cpo_engine_info info = {};
	struct cmis_engine *ce;
	struct cpo_lane *lane;
	int err;
	u32 i;

	err = cmis_board_check(parent, board, ops);
	if (err)
		return ERR_PTR(err);
	ce = cmis_engine_alloc(parent, board, ops, ctx);
	if (!ce)
		return ERR_PTR(-ENOMEM);

	err = cmis_read_identity(ce, &info);
	if (err)
		goto err_free;
	info.type = board->type;
	if (board->location)
		strscpy(info.location, board->location, sizeof(info.location));
	info.field_replaceable = board->field_replaceable;
	info.lane_count = board->lane_count;
	info.lane_rate = board->lane_rate;

	err = cmis_read_vdm_layout(ce);
	if (err) {
		dev_err(parent, "cmis: reading the VDM descriptors failed: %d\n",
			err);
		goto err_free;
	}

	ce->engine = cpo_engine_register(parent, &info, &cmis_engine_ops, ce);
	if (IS_ERR(ce->engine)) {
		err = PTR_ERR(ce->engine);
		goto err_free;
	}
	for (i = 0; i < ce->lane_count; i++) {
		lane = cpo_lane_register(ce->engine, i, &cmis_lane_ops,
					 &ce->lanes[i]);
		if (IS_ERR(lane)) {
			err = PTR_ERR(lane);
			goto err_lanes_unregister;
		}
		ce->lanes[i].lane = lane;
	}

	mutex_lock(&ce->irq_lock);
	ce->live = true;
	mutex_unlock(&ce->irq_lock);
	return ce;

err_lanes_unregister:
	while (i--)
		cpo_lane_unregister(ce->lanes[i].lane);
	cpo_engine_unregister(ce->engine);
err_free:
	cmis_engine_free(ce);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(cmis_engine_register);

/**
 * cmis_engine_unregister - unregister a CMIS engine and its lanes
 * @ce: an engine returned by cmis_engine_register()
 *
 * Unregisters the lanes in reverse order, then the engine, and frees @ce.
 * A cmis_engine_irq() running concurrently completes first; none may be
 * started once this has returned. When this returns no transport op of
 * @ce runs or will run, and the board driver may free the transport ctx.
 *
 * Context: process context; sleeps; takes the subsystem lock, so must not
 * be called from a cpo op or with a lock held that a transport op takes.
 */
void cmis_engine_unregister(struct cmis_engine *ce)
{
	u32 i;

	mutex_lock(&ce->irq_lock);
	ce->live = false;
	mutex_unlock(&ce->irq_lock);

	for (i = ce->lane_count; i--;)
		cpo_lane_unregister(ce->lanes[i].lane);
	cpo_engine_unregister(ce->engine);
	cmis_engine_free(ce);
}
EXPORT_SYMBOL_GPL(cmis_engine_unregister);

/**
 * cmis_engine_removed - the module was pulled from the engine's slot
 * @ce: an engine returned by cmis_engine_register()
 *
 * Tells the core (cpo_engine_removed()): when this returns no transport op
 * of @ce runs or will run until cmis_engine_inserted(), and interrupts
 * are ignored meanwhile.
 *
 * Context: process context; sleeps; takes the subsystem lock, so must not
 * be called from a cpo op or with a lock held that a transport op takes.
 */
void cmis_engine_removed(struct cmis_engine *ce)
{
	mutex_lock(&ce->irq_lock);
	ce->live = false;
	mutex_unlock(&ce->irq_lock);
	cpo_engine_removed(ce->engine);
}
EXPORT_SYMBOL_GPL(cmis_engine_removed);

/**
 * cmis_engine_inserted - a module was inserted into the engine's slot
 * @ce: an engine whose module was pulled (cmis_engine_removed())
 *
 * Reads the new module's identity and VDM layout, forgets what the CMIS
 * layer knew of the old one (its CDB limits), and hands the module to the
 * core (cpo_engine_inserted()), which restores the slot's configuration.
 *
 * Context: process context; sleeps; as cmis_engine_removed(). The
 * transport must answer when it is called.
 * Return: 0, or the error of the transport or of cpo_engine_inserted()
 * (-EINVAL for a module of another type, lane count or rate); the slot
 * stays empty then.
 */
int cmis_engine_inserted(struct cmis_engine *ce)
{
	struct cpo_engine_info info = {};
	u32 i;
	int err;

	/* The core calls no op of an empty slot: the layer is alone here. */
	ce->cdb.max_ms = 0;
	ce->cdb.epl_max = 0;
	for (i = 0; i < ce->lane_count; i++) {
		ce->lanes[i].vdm_snr = CMIS_VDM_NONE;
		ce->lanes[i].vdm_ber = CMIS_VDM_NONE;
	}
	err = cmis_read_identity(ce, &info);
	if (!err)
		err = cmis_read_vdm_layout(ce);
	if (err)
		return err;
	info.type = ce->type;
	info.lane_count = ce->lane_count;
	info.lane_rate = ce->lane_rate;
	err = cpo_engine_inserted(ce->engine, &info);
	if (err)
		return err;
	mutex_lock(&ce->irq_lock);
	ce->live = true;
	mutex_unlock(&ce->irq_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(cmis_engine_inserted);

/**
 * cmis_engine_cpo - the cpo engine of a CMIS engine
 * @ce: an engine returned by cmis_engine_register()
 *
 * Context: any.
 * Return: the registered cpo engine, valid until cmis_engine_unregister().
 */
struct cpo_engine *cmis_engine_cpo(struct cmis_engine *ce)
{
	return ce->engine;
}
EXPORT_SYMBOL_GPL(cmis_engine_cpo);

/**
 * cmis_engine_lane - the cpo lane of one lane of a CMIS engine
 * @ce: an engine returned by cmis_engine_register()
 * @index: lane number within the engine
 *
 * For the board's wiring: feeding laser, fiber position, port.
 *
 * Context: any.
 * Return: the lane, or NULL when @index is out of range.
 */
struct cpo_lane *cmis_engine_lane(struct cmis_engine *ce, u32 index)
{
	return index < ce->lane_count ? ce->lanes[index].lane : NULL;
}
EXPORT_SYMBOL_GPL(cmis_engine_lane);
