// SPDX-License-Identifier: GPL-2.0
/*
 * CMIS layer: laser sources. A laser source is a set of lasers described
 * and controlled through the laser source pages B0h..B2h (see
 * cmis_regs.h): an external laser module, or the lasers inside a module.
 * This file registers each laser with the cpo core, pairs primaries with
 * their spares, implements the laser ops over the pages, and turns what
 * the module reports on its own (a laser state change, a failover the
 * module carried out) into cpo notifications.
 *
 * Failover is the module's: on a request (the FAILOVER_REQ mask) or, with
 * the AUTO_FAILOVER bit of a primary, when the primary fails, the module
 * moves the primary's outputs to its spare and shows it in SERVED_BY. The
 * change detection reports it with cpo_laser_failover_done(). Failback is
 * the module's too: on a request (the FAILBACK_REQ mask) or, with
 * AUTO_FAILOVER, when a primary that failed while covered is healthy
 * again, the outputs go back and SERVED_BY names the primary itself; the
 * change detection reports it with cpo_laser_failback_done().
 *
 * A laser module (an external source) is a CMIS module of its own, with a
 * CDB: its firmware banks are read over it (cmis_cdb.c, as an engine's)
 * at registration, when a module is inserted and after a firmware update
 * (cmis_flash.c, as an engine's, asked of any of its lasers), and kept
 * here with the module's vendor and part, so that each of its lasers
 * reports them without a command per laser.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/math.h>
#include <linux/slab.h>
#include "cmis_priv.h"

/**
 * struct cmis_ls_laser - one laser of a laser source; the cpo laser's priv
 * @ls: the source
 * @index: laser number within the source
 * @spare: index of the spare of a primary, CMIS_LS_NO_SPARE for none,
 *	CMIS_LS_IS_SPARE for a spare
 * @laser: the registered cpo laser
 * @seen_served_by: SERVED_BY last seen, under &cmis_laser_source.irq_lock
 */
struct cmis_ls_laser {
	struct cmis_laser_source *ls;
	u32 index;
	u8 spare;
	struct cpo_laser *laser;
	u8 seen_served_by;
};

/**
 * struct cmis_laser_source - a laser source driven over CMIS pages
 * @parent: the board driver's device, for messages
 * @ops: transport operations
 * @ctx: transport cookie
 * @lock: serialises transport access
 * @irq_lock: serialises change detection and unregistration; taken before
 *	the subsystem lock
 * @live: registration complete and not undone, under @irq_lock
 * @module: a laser module, with a CDB (not lasers inside an engine)
 * @cdb: its CDB, over the transport with @lock
 * @fw: its firmware banks as last read, under @lock
 * @fw_err: 0 when @fw holds them, else why they could not be read
 * @count: number of lasers
 * @lasers: the lasers, @count entries
 */
struct cmis_laser_source {
	struct device *parent;
	const struct cmis_transport_ops *ops;
	void *ctx;
	struct mutex lock;	/* see above */
	struct mutex irq_lock;	/* see above */
	bool live;
	bool module;
	struct cmis_cdb cdb;
	struct cpo_fw_info fw;
	int fw_err;
	u32 count;
	struct cmis_ls_laser lasers[] __counted_by(count);
};

static int cmis_ls_read(struct cmis_laser_source *ls, u8 page, u8 offset,
			u8 *buf, size_t len, struct netlink_ext_ack *extack)
{
	int err = ls->ops->read(ls->ctx, 0, page, offset, buf, len);

	if (!err)
		return 0;
	switch (page) {
	case CMIS_PAGE_LS_CTRL:
		NL_SET_ERR_MSG(extack, "transport read of laser source page B0h failed");
		break;
	case CMIS_PAGE_LS_MON:
		NL_SET_ERR_MSG(extack, "transport read of laser source page B1h failed");
		break;
	default:
		NL_SET_ERR_MSG(extack, "transport read of laser source page B2h failed");
		break;
	}
	return err;
}

/* Set or clear bit @index of the u16 mask at @offset of page B0h. */
static int cmis_ls_update_mask(struct cmis_ls_laser *cl, u8 offset, bool set,
			       struct netlink_ext_ack *extack)
{
	struct cmis_laser_source *ls = cl->ls;
	u16 mask;
	u8 buf[2];
	int err;

	mutex_lock(&ls->lock);
	err = cmis_ls_read(ls, CMIS_PAGE_LS_CTRL, offset, buf, sizeof(buf),
			   extack);
	if (err)
		goto unlock;
	mask = cmis_get_be16(buf);
	mask = set ? mask | BIT(cl->index) : mask & ~BIT(cl->index);
	cmis_put_be16(buf, mask);
	err = ls->ops->write(ls->ctx, 0, CMIS_PAGE_LS_CTRL, offset, buf,
			     sizeof(buf));
	if (err)
		NL_SET_ERR_MSG(extack, "transport write of laser source page B0h failed");
unlock:
	mutex_unlock(&ls->lock);
	return err;
}

static int cmis_ls_status_get(struct cpo_laser *laser, void *priv,
			      struct cpo_laser_status *st,
			      struct netlink_ext_ack *extack)
{
	u8 ctrl[CMIS_LS_CTRL_END - CMIS_LS_ENABLE];
	struct cmis_ls_laser *cl = priv;
	struct cmis_laser_source *ls = cl->ls;
	u8 mon[CMIS_PAGE_SIZE];
	u8 hours[4];
	u32 i = cl->index;
	u8 state;
	int err;

	mutex_lock(&ls->lock);
	err = cmis_ls_read(ls, CMIS_PAGE_LS_CTRL, CMIS_LS_ENABLE, ctrl,
			   sizeof(ctrl), extack);
	if (!err)
		err = cmis_ls_read(ls, CMIS_PAGE_LS_MON, CMIS_UPPER_OFFSET, mon,
				   sizeof(mon), extack);
	if (!err)
		err = cmis_ls_read(ls, CMIS_PAGE_LS_STATUS, CMIS_LS_HOURS + 4 * i,
				   hours, sizeof(hours), extack);
	mutex_unlock(&ls->lock);
	if (err)
		return err;

#define MON(off)	(&mon[(off) - CMIS_UPPER_OFFSET])
#define CTRL(off)	(&ctrl[(off) - CMIS_LS_ENABLE])
	state = *MON(CMIS_LS_STATE + i);
	if (state >= CPO_LASER_STATE_OFF && state <= CPO_LASER_STATE_MAX) {
		st->state = state;
		st->valid |= CPO_LASER_F_STATE;
	}
	st->enable = cmis_get_be16(CTRL(CMIS_LS_ENABLE)) & BIT(i);
	st->output_power = cmis_get_be16(MON(CMIS_LS_OUTPUT_POWER + 2 * i)) *
			   CMIS_LS_POWER_UW;
	st->bias = cmis_get_be16(MON(CMIS_LS_BIAS + 2 * i)) * CMIS_LS_BIAS_UA;
	st->temperature = DIV_ROUND_CLOSEST((s16)cmis_get_be16(MON(CMIS_LS_TEMP + 2 * i)) *
					    1000, 256);
	st->hours = cmis_get_be32(hours);
	st->valid |= CPO_LASER_F_ENABLE | CPO_LASER_F_OUTPUT_POWER |
		     CPO_LASER_F_BIAS | CPO_LASER_F_TEMPERATURE |
		     CPO_LASER_F_HOURS;
	if (cl->spare < CMIS_LS_IS_SPARE) {
		st->failover_policy =
			cmis_get_be16(CTRL(CMIS_LS_AUTO_FAILOVER)) & BIT(i) ?
			CPO_FAILOVER_POLICY_AUTO : CPO_FAILOVER_POLICY_MANUAL;
		st->valid |= CPO_LASER_F_FAILOVER_POLICY;
	}
#undef CTRL
#undef MON
	return 0;
}

static int cmis_ls_enable_set(struct cpo_laser *laser, void *priv,
			      bool enable, struct netlink_ext_ack *extack)
{
	return cmis_ls_update_mask(priv, CMIS_LS_ENABLE, enable, extack);
}

static int cmis_ls_failover_policy_set(struct cpo_laser *laser, void *priv,
				       enum cpo_failover_policy policy,
				       struct netlink_ext_ack *extack)
{
	return cmis_ls_update_mask(priv, CMIS_LS_AUTO_FAILOVER,
				   policy == CPO_FAILOVER_POLICY_AUTO, extack);
}

/* Write bit @index alone to the request mask at @offset of page B0h. */
static int cmis_ls_request(struct cmis_ls_laser *cl, u8 offset,
			   struct netlink_ext_ack *extack)
{
	struct cmis_laser_source *ls = cl->ls;
	u8 buf[2];
	int err;

	cmis_put_be16(buf, BIT(cl->index));
	mutex_lock(&ls->lock);
	err = ls->ops->write(ls->ctx, 0, CMIS_PAGE_LS_CTRL, offset, buf,
			     sizeof(buf));
	mutex_unlock(&ls->lock);
	if (err)
		NL_SET_ERR_MSG(extack, "transport write of laser source page B0h failed");
	return err;
}

static int cmis_ls_failover(struct cpo_laser *laser, void *priv,
			    struct netlink_ext_ack *extack)
{
	return cmis_ls_request(priv, CMIS_LS_FAILOVER_REQ, extack);
}

static int cmis_ls_failback(struct cpo_laser *laser, void *priv,
			    struct netlink_ext_ack *extack)
{
	return cmis_ls_request(priv, CMIS_LS_FAILBACK_REQ, extack);
}

/* The firmware_get op: the banks of the laser's module, as last read. */
static int cmis_ls_firmware_get(struct cpo_laser *laser, void *priv,
				struct cpo_fw_info *fw,
				struct netlink_ext_ack *extack)
{
	struct cmis_laser_source *ls = ((struct cmis_ls_laser *)priv)->ls;
	int err;

	mutex_lock(&ls->lock);
	err = ls->fw_err;
	if (!err)
		*fw = ls->fw;
	mutex_unlock(&ls->lock);
	if (err == -EOPNOTSUPP)
		NL_SET_ERR_MSG(extack, "the laser's module has no firmware management");
	else if (err)
		NL_SET_ERR_MSG(extack, "reading the firmware banks of the laser's module failed");
	return err;
}

static void cmis_ls_firmware_read(struct cmis_laser_source *ls);

static void cmis_ls_flash_progress(void *ctx, enum cpo_flash_state state,
				   u32 done, u32 total)
{
	cpo_laser_flash_progress(ctx, state, done, total);
}

static bool cmis_ls_flash_aborted(void *ctx)
{
	return cpo_laser_flash_aborted(ctx);
}

static const struct cmis_flash_ops cmis_ls_flash_ops = {
	.progress = cmis_ls_flash_progress,
	.aborted = cmis_ls_flash_aborted,
};

/*
 * The firmware_flash op: the module's CDB, as an engine's; then its banks
 * are read again, whatever the outcome: a module that failed may be
 * restarting (power lost during the download), so it gets its advertised
 * time to be ready first; one that rolled back runs its committed image,
 * one that did not come back has none to read.
 */
static int cmis_ls_firmware_flash(struct cpo_laser *laser, void *priv,
				  const struct cpo_flash_req *req,
				  struct netlink_ext_ack *extack)
{
	struct cmis_laser_source *ls = ((struct cmis_ls_laser *)priv)->ls;
	int err;

	err = cmis_cdb_flash(&ls->cdb, req, &cmis_ls_flash_ops, laser, extack);
	if (err && err != -ECANCELED)
		cmis_cdb_wait_ready(&ls->cdb, ls->cdb.max_ms, NULL);
	cmis_ls_firmware_read(ls);
	return err;
}

/* The identity_get op: page 00h of the laser's module, read now. */
static int cmis_ls_identity_get(struct cpo_laser *laser, void *priv,
				struct cpo_laser_ident *ident,
				struct netlink_ext_ack *extack)
{
	struct cmis_laser_source *ls = ((struct cmis_ls_laser *)priv)->ls;
	u8 buf[CMIS_VENDOR_SN + CMIS_VENDOR_SN_LEN - CMIS_VENDOR_NAME];
	int err;

	BUILD_BUG_ON(sizeof(ident->vendor) <= CMIS_VENDOR_NAME_LEN ||
		     sizeof(ident->part_number) <= CMIS_VENDOR_PN_LEN ||
		     sizeof(ident->serial) <= CMIS_VENDOR_SN_LEN);
	mutex_lock(&ls->lock);
	err = ls->ops->read(ls->ctx, 0, CMIS_PAGE_ADVERTISING,
			    CMIS_VENDOR_NAME, buf, sizeof(buf));
	mutex_unlock(&ls->lock);
	if (err) {
		NL_SET_ERR_MSG(extack, "transport read of the laser module's page 00h failed");
		return err;
	}
#define CMIS_LS_IDENT(off)	(&buf[(off) - CMIS_VENDOR_NAME])
	cmis_copy_string(ident->vendor, CMIS_LS_IDENT(CMIS_VENDOR_NAME),
			 CMIS_VENDOR_NAME_LEN);
	cmis_copy_string(ident->part_number, CMIS_LS_IDENT(CMIS_VENDOR_PN),
			 CMIS_VENDOR_PN_LEN);
	cmis_copy_string(ident->serial, CMIS_LS_IDENT(CMIS_VENDOR_SN),
			 CMIS_VENDOR_SN_LEN);
#undef CMIS_LS_IDENT
	return 0;
}

static const struct cpo_laser_ops cmis_ls_ops = {
	.status_get = cmis_ls_status_get,
	.enable_set = cmis_ls_enable_set,
	.failover_policy_set = cmis_ls_failover_policy_set,
	.failover = cmis_ls_failover,
	.failback = cmis_ls_failback,
};

/* The lasers of a laser module: with its firmware. */
static const struct cpo_laser_ops cmis_ls_module_ops = {
	.status_get = cmis_ls_status_get,
	.enable_set = cmis_ls_enable_set,
	.failover_policy_set = cmis_ls_failover_policy_set,
	.failover = cmis_ls_failover,
	.failback = cmis_ls_failback,
	.firmware_get = cmis_ls_firmware_get,
	.firmware_flash = cmis_ls_firmware_flash,
	.identity_get = cmis_ls_identity_get,
};

static int cmis_ls_cdb_read(struct cmis_cdb *cdb, u8 page, u8 offset, u8 *buf,
			    size_t len, struct netlink_ext_ack *extack)
{
	struct cmis_laser_source *ls =
		container_of(cdb, struct cmis_laser_source, cdb);
	int err = ls->ops->read(ls->ctx, 0, page, offset, buf, len);

	if (err)
		NL_SET_ERR_MSG(extack, "transport read of the laser module failed");
	return err;
}

static int cmis_ls_cdb_write(struct cmis_cdb *cdb, u8 page, u8 offset,
			     const u8 *buf, size_t len,
			     struct netlink_ext_ack *extack)
{
	struct cmis_laser_source *ls =
		container_of(cdb, struct cmis_laser_source, cdb);
	int err = ls->ops->write(ls->ctx, 0, page, offset, buf, len);

	if (err)
		NL_SET_ERR_MSG(extack, "transport write of the laser module failed");
	return err;
}

/* The module's vendor and part (page 00h), which an image must name. */
static int cmis_ls_identity_read(struct cmis_laser_source *ls,
				 struct cpo_fw_info *fw)
{
	u8 name[CMIS_VENDOR_NAME_LEN], pn[CMIS_VENDOR_PN_LEN];
	int err;

	BUILD_BUG_ON(sizeof(fw->vendor) <= CMIS_VENDOR_NAME_LEN ||
		     sizeof(fw->part_number) <= CMIS_VENDOR_PN_LEN);
	err = ls->cdb.read(&ls->cdb, 0, CMIS_VENDOR_NAME, name, sizeof(name),
			   NULL);
	if (!err)
		err = ls->cdb.read(&ls->cdb, 0, CMIS_VENDOR_PN, pn, sizeof(pn),
				   NULL);
	if (err)
		return err;
	cmis_copy_string(fw->vendor, name, sizeof(name));
	cmis_copy_string(fw->part_number, pn, sizeof(pn));
	return 0;
}

/*
 * Read the module's firmware banks into @ls->fw: a new module, or one
 * that may run another image. Lasers inside an engine have none.
 */
static void cmis_ls_firmware_read(struct cmis_laser_source *ls)
{
	struct cpo_fw_info fw = {};
	int err = -EOPNOTSUPP;

	mutex_lock(&ls->lock);
	if (ls->module) {
		ls->cdb.max_ms = 0;	/* perhaps another module: ask again */
		err = cmis_cdb_firmware_read(&ls->cdb, &fw, NULL);
		if (!err)
			err = cmis_ls_identity_read(ls, &fw);
	}
	if (err && err != -EOPNOTSUPP)
		dev_warn(ls->parent, "cmis: reading the laser module's firmware banks failed: %d\n",
			 err);
	ls->fw = fw;
	ls->fw_err = err;
	mutex_unlock(&ls->lock);
}

/*
 * Read who serves whom and the latched failure flags; then, outside the
 * source's lock, have the core re-read every laser (it announces those
 * whose state changed), announce every laser that failed since the last
 * pass, and every failback and failover the module did: failbacks first,
 * so that a spare freed by one primary and taken by another in the same
 * pass hands over only the first one's lanes. Without @announce, only
 * take the reference.
 */
static int cmis_ls_scan(struct cmis_laser_source *ls, bool announce)
{
	u8 mon[CMIS_PAGE_SIZE], flags[2];
	struct cmis_ls_laser *cl, *spare;
	u8 served_by, seen[CMIS_LS_MAX_LASERS];
	u16 failed;
	int err;
	u32 i;

	mutex_lock(&ls->lock);
	err = cmis_ls_read(ls, CMIS_PAGE_LS_MON, CMIS_UPPER_OFFSET, mon,
			   sizeof(mon), NULL);
	if (!err)
		err = cmis_ls_read(ls, CMIS_PAGE_LS_STATUS, CMIS_LS_FAIL_FLAG,
				   flags, sizeof(flags), NULL);
	mutex_unlock(&ls->lock);
	if (err)
		return err;
	failed = cmis_get_be16(flags);

	for (i = 0; i < ls->count; i++) {
		cl = &ls->lasers[i];
		/* A failure that latched is announced even if it is over. */
		if (announce && (failed & BIT(i)))
			cpo_laser_change_ntf(cl->laser);
		else if (announce)
			cpo_laser_refresh(cl->laser);
		seen[i] = cl->seen_served_by;
		cl->seen_served_by = mon[CMIS_LS_SERVED_BY -
					 CMIS_UPPER_OFFSET + i];
	}
	for (i = 0; i < ls->count; i++) {
		cl = &ls->lasers[i];
		served_by = cl->seen_served_by;
		if (cl->spare >= CMIS_LS_IS_SPARE || served_by == seen[i] ||
		    served_by != i || seen[i] != cl->spare)
			continue;
		spare = &ls->lasers[cl->spare];
		cpo_laser_failback_done(cl->laser, spare->laser);
	}
	for (i = 0; i < ls->count; i++) {
		cl = &ls->lasers[i];
		served_by = cl->seen_served_by;
		if (cl->spare >= CMIS_LS_IS_SPARE || served_by == seen[i] ||
		    served_by != cl->spare)
			continue;
		spare = &ls->lasers[cl->spare];
		cpo_laser_failover_done(cl->laser, spare->laser);
	}
	return 0;
}

/**
 * cmis_laser_source_irq - the laser source signalled a change
 * @ls: a source returned by cmis_laser_source_register()
 *
 * Sends a laser-change-ntf for each laser whose state changed or that
 * failed since the previous call, and reports each failover and failback
 * the module carried out. Calls before registration completed or once
 * unregistration started do nothing.
 *
 * Context: process context; sleeps; takes the subsystem lock, so must not
 * be called from a cpo op or with a lock held that a transport op takes.
 */
void cmis_laser_source_irq(struct cmis_laser_source *ls)
{
	int err;

	mutex_lock(&ls->irq_lock);
	if (ls->live) {
		err = cmis_ls_scan(ls, true);
		if (err)
			dev_warn_ratelimited(ls->parent,
					     "cmis: reading the laser source after an interrupt failed: %d\n",
					     err);
	}
	mutex_unlock(&ls->irq_lock);
}
EXPORT_SYMBOL_GPL(cmis_laser_source_irq);

/* Page B0h: count, wavelengths and spares; checks the spare map. */
static int cmis_ls_read_description(struct device *parent,
				    const struct cmis_transport_ops *ops,
				    void *ctx, u8 *page)
{
	u32 i, count;
	u8 spare;
	int err;

	err = ops->read(ctx, 0, CMIS_PAGE_LS_CTRL, CMIS_UPPER_OFFSET, page,
			CMIS_PAGE_SIZE);
	if (err) {
		dev_err(parent, "cmis: transport read of laser source page B0h failed: %d\n",
			err);
		return err;
	}
	count = page[CMIS_LS_COUNT - CMIS_UPPER_OFFSET];
	if (!count || count > CMIS_LS_MAX_LASERS) {
		dev_err(parent, "cmis: laser source with %u lasers, expected 1..%u\n",
			count, CMIS_LS_MAX_LASERS);
		return -EINVAL;
	}
	for (i = 0; i < count; i++) {
		spare = page[CMIS_LS_SPARE_MAP - CMIS_UPPER_OFFSET + i];
		if (spare >= CMIS_LS_IS_SPARE)
			continue;
		if (spare >= count || spare == i ||
		    page[CMIS_LS_SPARE_MAP - CMIS_UPPER_OFFSET + spare] !=
		    CMIS_LS_IS_SPARE) {
			dev_err(parent, "cmis: laser %u names laser %u as its spare, which is not one\n",
				i, spare);
			return -EINVAL;
		}
	}
	return count;
}

static void cmis_ls_unregister_lasers(struct cmis_laser_source *ls, u32 n)
{
	while (n--)
		cpo_laser_unregister(ls->lasers[n].laser);
}

/**
 * cmis_laser_source_register - register the lasers of a laser source
 * @parent: the board driver's device the source sits on
 * @board: what the board knows about the source; copied
 * @ops: transport operations; must stay valid until unregistration
 * @ctx: transport cookie passed back to @ops
 *
 * Reads the laser source pages and, for a laser module, its firmware
 * banks, registers one cpo laser per laser (a spare
 * with the spare role), pairs each primary with its spare, and reports a
 * failover the module made before registration. The board driver then
 * wires lanes to the lasers (cpo_lane_set_laser() with
 * cmis_laser_source_laser()) and calls cmis_laser_source_irq() when the
 * source signals a change.
 *
 * Context: process context, no lock of the subsystem held; sleeps.
 * Return: the source, or an ERR_PTR: -EINVAL for bad arguments or pages,
 * -ENOMEM, or the error of the transport or of cpo_laser_register().
 */
struct cmis_laser_source *
cmis_laser_source_register(struct device *parent,
			   const struct cmis_laser_board_info *board,
			   const struct cmis_transport_ops *ops, void *ctx)
{
	struct cpo_laser_info info = {};
	struct cmis_laser_source *ls;
	struct cmis_ls_laser *cl;
	u8 page[CMIS_PAGE_SIZE];
	int count, err;
	u32 i;

	if (!parent || !board || !board->location || !ops || !ops->read ||
	    !ops->write)
		return ERR_PTR(-EINVAL);
	count = cmis_ls_read_description(parent, ops, ctx, page);
	if (count < 0)
		return ERR_PTR(count);

	ls = kzalloc(struct_size(ls, lasers, count), GFP_KERNEL);
	if (!ls)
		return ERR_PTR(-ENOMEM);
	ls->count = count;
	ls->parent = parent;
	ls->ops = ops;
	ls->ctx = ctx;
	mutex_init(&ls->lock);
	mutex_init(&ls->irq_lock);
	ls->module = board->type == CPO_LASER_TYPE_EXTERNAL;
	ls->cdb.parent = parent;
	ls->cdb.lock = &ls->lock;
	ls->cdb.read = cmis_ls_cdb_read;
	ls->cdb.write = cmis_ls_cdb_write;
	cmis_ls_firmware_read(ls);

	info.type = board->type;
	for (i = 0; i < ls->count; i++) {
		cl = &ls->lasers[i];
		cl->ls = ls;
		cl->index = i;
		cl->spare = page[CMIS_LS_SPARE_MAP - CMIS_UPPER_OFFSET + i];
		cl->seen_served_by = i;
		info.role = cl->spare == CMIS_LS_IS_SPARE ?
			    CPO_LASER_ROLE_SPARE : CPO_LASER_ROLE_PRIMARY;
		info.wavelength = cmis_get_be16(&page[CMIS_LS_WAVELENGTH -
						      CMIS_UPPER_OFFSET + 2 * i]) *
				  CMIS_LS_WAVELENGTH_PM;
		snprintf(info.location, sizeof(info.location), "%s/laser%u",
			 board->location, i);
		cl->laser = cpo_laser_register(parent, &info,
					       ls->module ? &cmis_ls_module_ops :
							    &cmis_ls_ops, cl);
		if (IS_ERR(cl->laser)) {
			err = PTR_ERR(cl->laser);
			goto err_unregister;
		}
	}
	for (i = 0; i < ls->count; i++) {
		cl = &ls->lasers[i];
		if (cl->spare < CMIS_LS_IS_SPARE)
			cpo_laser_set_spare(cl->laser,
					    ls->lasers[cl->spare].laser);
	}

	mutex_lock(&ls->irq_lock);
	err = cmis_ls_scan(ls, false);
	if (!err)
		ls->live = true;
	mutex_unlock(&ls->irq_lock);
	if (err) {
		dev_err(parent, "cmis: reading the laser source state failed: %d\n",
			err);
		goto err_unregister;
	}
	return ls;

err_unregister:
	cmis_ls_unregister_lasers(ls, i);
	mutex_destroy(&ls->irq_lock);
	mutex_destroy(&ls->lock);
	kfree(ls);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(cmis_laser_source_register);

/**
 * cmis_laser_source_unregister - unregister the lasers of a laser source
 * @ls: a source returned by cmis_laser_source_register()
 *
 * When this returns no transport op of @ls runs or will run.
 *
 * Context: process context; sleeps; takes the subsystem lock.
 */
void cmis_laser_source_unregister(struct cmis_laser_source *ls)
{
	mutex_lock(&ls->irq_lock);
	ls->live = false;
	mutex_unlock(&ls->irq_lock);
	cmis_ls_unregister_lasers(ls, ls->count);
	mutex_destroy(&ls->irq_lock);
	mutex_destroy(&ls->lock);
	kfree(ls);
}
EXPORT_SYMBOL_GPL(cmis_laser_source_unregister);

/**
 * cmis_laser_source_removed - the laser module was pulled
 * @ls: a source returned by cmis_laser_source_register()
 *
 * Every laser of the source goes empty (cpo_laser_removed()): when this
 * returns no transport op of @ls runs or will run until
 * cmis_laser_source_inserted(), and interrupts are ignored meanwhile.
 *
 * Context: process context; sleeps; takes the subsystem lock.
 */
void cmis_laser_source_removed(struct cmis_laser_source *ls)
{
	u32 i;

	mutex_lock(&ls->irq_lock);
	ls->live = false;
	mutex_unlock(&ls->irq_lock);
	for (i = 0; i < ls->count; i++)
		cpo_laser_removed(ls->lasers[i].laser);
}
EXPORT_SYMBOL_GPL(cmis_laser_source_removed);

/**
 * cmis_laser_source_inserted - a laser module was inserted in its place
 * @ls: a source whose module was pulled (cmis_laser_source_removed())
 *
 * Checks that the new module has the lasers and spares of the old one,
 * reads its firmware banks, hands each laser to the core (cpo_laser_inserted(), which restores its
 * enable and failover policy), and reports as failbacks the lanes a spare
 * of the old module fed: the new one feeds every primary's lanes itself.
 *
 * Context: process context; sleeps; takes the subsystem lock. The
 * transport must answer when it is called.
 * Return: 0, -EINVAL for a module of another layout (the lasers stay
 * empty, cpo_laser_insert_refused()), or the error of the transport.
 */
int cmis_laser_source_inserted(struct cmis_laser_source *ls)
{
	u8 page[CMIS_PAGE_SIZE];
	struct cmis_ls_laser *cl;
	int count, err;
	u32 i;

	count = cmis_ls_read_description(ls->parent, ls->ops, ls->ctx, page);
	if (count < 0)
		return count;
	if (count != ls->count)
		goto refused;
	for (i = 0; i < ls->count; i++)
		if (page[CMIS_LS_SPARE_MAP - CMIS_UPPER_OFFSET + i] !=
		    ls->lasers[i].spare)
			goto refused;
	cmis_ls_firmware_read(ls);
	for (i = 0; i < ls->count; i++) {
		err = cpo_laser_inserted(ls->lasers[i].laser);
		if (err)
			return err;
	}
	mutex_lock(&ls->irq_lock);
	for (i = 0; i < ls->count; i++) {
		cl = &ls->lasers[i];
		if (cl->spare < CMIS_LS_IS_SPARE &&
		    cl->seen_served_by == cl->spare)
			cpo_laser_failback_done(cl->laser,
						ls->lasers[cl->spare].laser);
		cl->seen_served_by = i;
	}
	err = cmis_ls_scan(ls, false);
	ls->live = true;
	mutex_unlock(&ls->irq_lock);
	return err;

refused:
	dev_warn(ls->parent, "cmis: the inserted laser module has another layout (%d lasers, or other spares) than the %u registered\n",
		 count, ls->count);
	for (i = 0; i < ls->count; i++)
		cpo_laser_insert_refused(ls->lasers[i].laser);
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(cmis_laser_source_inserted);

/**
 * cmis_laser_source_count - number of lasers of a laser source
 * @ls: a source returned by cmis_laser_source_register()
 *
 * Context: any.
 * Return: the number of lasers.
 */
u32 cmis_laser_source_count(const struct cmis_laser_source *ls)
{
	return ls->count;
}
EXPORT_SYMBOL_GPL(cmis_laser_source_count);

/**
 * cmis_laser_source_laser - the cpo laser of one laser of a source
 * @ls: a source returned by cmis_laser_source_register()
 * @index: laser number within the source
 *
 * Context: any.
 * Return: the laser, or NULL when @index is out of range.
 */
struct cpo_laser *cmis_laser_source_laser(struct cmis_laser_source *ls,
					  u32 index)
{
	return index < ls->count ? ls->lasers[index].laser : NULL;
}
EXPORT_SYMBOL_GPL(cmis_laser_source_laser);
