// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: simulated laser sources, either external laser modules
 * (ELSFP-like: up to eight primaries and a spare per four primaries) or
 * the lasers inside an engine. Each is a set of laser source pages (B0h
 * description and controls, B1h monitors, B2h hours and flags, see
 * cmis_regs.h) behind a transport, registered through the CMIS layer.
 *
 * Behaviour: a control write (enable, auto failover, failover and
 * failback requests) takes effect one step later, like a module's
 * firmware; a primary whose failover is requested, or that fails with
 * auto failover on, hands its lanes to its spare if the spare is healthy
 * and free. A covered primary whose failback is requested, or that failed
 * while covered and is healthy again (enabled, its fault knobs cleared)
 * with auto failover on, takes its lanes back if it is healthy; a request
 * for one that is not is dropped. A laser is held at
 * its TEC set point; one pushed above CPOSIM_LASER_MAX_TEMP shuts down as
 * failed. Aging: the bias needed for the nominal output rises with the
 * hours of operation; past the maximum bias the output falls. After each
 * change the source raises its interrupt and the engines it feeds are
 * re-rendered, so their lanes lose or regain light. The transport goes
 * over the source's own modelled bus (busmodel.c). A laser module (not
 * the lasers inside an engine) is a CMIS module of its own: lower memory,
 * an identity in page 00h, and a CDB with A/B firmware banks and a
 * factory image, the engines' (cdb.c, fwupdate.c); while it restarts into
 * a new image it does not answer, and its lasers keep their light. The
 * board may join a module's primaries with those of another module through
 * passive couplers (els<K>/standby): a lane then gets the light of its
 * primary or of that standby, whichever is lit; the host moves the lanes.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include "cposim.h"

#define CPOSIM_LASER_OUTPUT	80000	/* uW */
#define CPOSIM_LASER_BIAS	250000	/* uA at zero hours */
#define CPOSIM_LASER_MAX_BIAS	400000	/* uA */
#define CPOSIM_LASER_AGING_H	50000	/* hours for the bias to double */
#define CPOSIM_LASER_SETPOINT	35	/* degC */
#define CPOSIM_LASER_MAX_TEMP	75	/* degC, above: shut down */
#define CPOSIM_LASER_WAVELENGTH	26220	/* 1311 nm in 0.05 nm */
/* Share of a laser's output one lane transmits: 1/4 of it, less 13 dB. */
#define CPOSIM_LANE_LOSS_CDB	1300

/*
 * A byte of the source's map: the laser source pages, and for a laser
 * module its lower memory, pages 00h and 01h and the CDB's pages.
 */
static u8 *cposim_ls_byte(struct cposim_els *els, u8 page, unsigned int off)
{
	if (off < CMIS_UPPER_OFFSET)
		return els->internal ? NULL : &els->lower[off];
	switch (page) {
	case CMIS_PAGE_LS_CTRL:
		return &els->ctrl[off - CMIS_UPPER_OFFSET];
	case CMIS_PAGE_LS_MON:
		return &els->mon[off - CMIS_UPPER_OFFSET];
	case CMIS_PAGE_LS_STATUS:
		return &els->status[off - CMIS_UPPER_OFFSET];
	}
	if (els->internal)
		return NULL;
	switch (page) {
	case CMIS_PAGE_ADVERTISING:
		return &els->page00[off - CMIS_UPPER_OFFSET];
	case CMIS_PAGE_ADVERTISING_EXT:
		return &els->page01[off - CMIS_UPPER_OFFSET];
	default:
		return cposim_cdb_byte(&els->cdb, page, off);
	}
}

/* Writable: the control masks of page B0h, and the CDB's pages. */
static bool cposim_ls_writable(struct cposim_els *els, u8 page,
			       unsigned int off)
{
	if (off < CMIS_UPPER_OFFSET)
		return false;
	if (page == CMIS_PAGE_LS_CTRL)
		return off >= CMIS_LS_ENABLE && off < CMIS_LS_CTRL_END;
	return !els->internal &&
	       (page == CMIS_PAGE_CDB ||
		(page >= CMIS_PAGE_EPL &&
		 page < CMIS_PAGE_EPL + CMIS_CDB_EPL_MAX / CMIS_PAGE_SIZE));
}

#define LS_CTRL(els, off)	(&(els)->ctrl[(off) - CMIS_UPPER_OFFSET])
#define LS_MON(els, off)	(&(els)->mon[(off) - CMIS_UPPER_OFFSET])
#define LS_STATUS(els, off)	(&(els)->status[(off) - CMIS_UPPER_OFFSET])

static bool cposim_laser_bit(struct cposim_els *els, u8 off, u32 i)
{
	return cmis_get_be16(LS_CTRL(els, off)) & BIT(i);
}

static bool cposim_laser_failed(const struct cposim_laser *l)
{
	return l->fail ||
	       CPOSIM_LASER_SETPOINT + l->overtemp > CPOSIM_LASER_MAX_TEMP;
}

/* Bias needed for the nominal output after @hours, in uA, uncapped. */
static u64 cposim_laser_bias_needed(u32 hours)
{
	return CPOSIM_LASER_BIAS +
	       div_u64((u64)CPOSIM_LASER_BIAS * hours, CPOSIM_LASER_AGING_H);
}

/* Light per lane, in 0.1 uW, of a laser's output of @output uW. */
static u32 cposim_lane_share(u32 output)
{
	return cposim_attenuate(output / CPOSIM_LANES_PER_LASER,
				CPOSIM_LANE_LOSS_CDB) *
	       (1000 / CMIS_OPTICAL_POWER_NW);
}

/**
 * cposim_laser_light - the light each lane of a primary gets
 * @l: the primary
 *
 * Its own feed or, through the board's coupler, its standby's light when
 * the standby is lit, whichever is more.
 *
 * Context: any; reads without the sources' locks.
 * Return: light per lane in 0.1 uW.
 */
u32 cposim_laser_light(const struct cposim_laser *l)
{
	const struct cposim_laser *sb = READ_ONCE(l->standby);
	u32 feed = READ_ONCE(l->feed);

	return sb ? max(feed, cposim_lane_share(READ_ONCE(sb->output))) :
		    feed;
}

/* Write a laser's monitors and state into page B1h. */
static void cposim_render_laser(struct cposim_els *els,
				struct cposim_laser *l)
{
	u32 i = l->index, bias = 0, output = 0;
	u64 need;

	if (l->state == CMIS_LS_STATE_ON) {
		need = cposim_laser_bias_needed(l->hours);
		bias = min_t(u64, need, CPOSIM_LASER_MAX_BIAS);
		output = div64_u64((u64)CPOSIM_LASER_OUTPUT * bias, need);
	}
	/* Read without the lock by the engines its light reaches. */
	WRITE_ONCE(l->output, output);
	cmis_put_be16(LS_MON(els, CMIS_LS_OUTPUT_POWER + 2 * i),
		      l->output / CMIS_LS_POWER_UW);
	cmis_put_be16(LS_MON(els, CMIS_LS_BIAS + 2 * i),
		      bias / CMIS_LS_BIAS_UA);
	cmis_put_be16(LS_MON(els, CMIS_LS_TEMP + 2 * i),
		      (CPOSIM_LASER_SETPOINT + l->overtemp) * 256);
	*LS_MON(els, CMIS_LS_STATE + i) = l->state;
	*LS_MON(els, CMIS_LS_SERVED_BY + i) = l->served_by;
	cmis_put_be32(LS_STATUS(els, CMIS_LS_HOURS + 4 * i), l->hours);
}

/**
 * cposim_els_update - recompute the source after a control or knob change
 * @els: the source, its lock held
 *
 * Recompute every laser's state from the controls and the knobs, hand
 * lanes over where a failover is due, and render.
 *
 * Return: whether any state or feed changed.
 */
bool cposim_els_update(struct cposim_els *els)
{
	u16 req = cmis_get_be16(LS_CTRL(els, CMIS_LS_FAILOVER_REQ));
	u16 back = cmis_get_be16(LS_CTRL(els, CMIS_LS_FAILBACK_REQ));
	struct cposim_laser *l, *s;
	bool changed = false, on;
	u8 state;
	u32 i, feed;

	lockdep_assert_held(&els->lock);
	/*
	 * Failbacks first, so a spare freed here can take over another
	 * primary below: requested, or automatic for a primary that failed
	 * while covered and is healthy again.
	 */
	for (i = 0; i < els->count; i++) {
		l = &els->lasers[i];
		if (l->spare >= CMIS_LS_IS_SPARE || l->served_by == i)
			continue;
		if (cposim_laser_failed(l)) {
			l->failed_covered = true;
			continue;
		}
		on = cposim_laser_bit(els, CMIS_LS_ENABLE, i);
		if (!on || (!(back & BIT(i)) &&
			    !(l->failed_covered &&
			      cposim_laser_bit(els, CMIS_LS_AUTO_FAILOVER, i))))
			continue;
		s = &els->lasers[l->spare];
		l->served_by = i;
		l->failed_covered = false;
		s->served_by = CMIS_LS_NO_SPARE;
		changed = true;
	}
	cmis_put_be16(LS_CTRL(els, CMIS_LS_FAILBACK_REQ), 0);

	/* Failovers: requested, or automatic for a failed primary. */
	for (i = 0; i < els->count; i++) {
		l = &els->lasers[i];
		if (l->spare >= CMIS_LS_IS_SPARE || l->served_by != i)
			continue;
		if (!(req & BIT(i)) &&
		    !(cposim_laser_failed(l) &&
		      cposim_laser_bit(els, CMIS_LS_AUTO_FAILOVER, i)))
			continue;
		s = &els->lasers[l->spare];
		if (cposim_laser_failed(s) || s->served_by != CMIS_LS_NO_SPARE)
			continue;
		l->served_by = l->spare;
		l->failed_covered = cposim_laser_failed(l);
		s->served_by = i;
		changed = true;
	}
	cmis_put_be16(LS_CTRL(els, CMIS_LS_FAILOVER_REQ), 0);

	for (i = 0; i < els->count; i++) {
		l = &els->lasers[i];
		if (cposim_laser_failed(l))
			state = CMIS_LS_STATE_FAILED;
		else if (!cposim_laser_bit(els, CMIS_LS_ENABLE, i))
			state = CMIS_LS_STATE_OFF;
		else if (l->spare == CMIS_LS_IS_SPARE &&
			 l->served_by == CMIS_LS_NO_SPARE)
			state = CMIS_LS_STATE_STANDBY;
		else
			state = CMIS_LS_STATE_ON;
		if (state != l->state) {
			if (state == CMIS_LS_STATE_FAILED) {
				u8 *flags = LS_STATUS(els, CMIS_LS_FAIL_FLAG);

				cmis_put_be16(flags,
					      cmis_get_be16(flags) | BIT(i));
			}
			l->state = state;
			changed = true;
		}
		cposim_render_laser(els, l);
	}

	/* The light each primary's lanes get, from whoever serves them. */
	for (i = 0; i < els->count; i++) {
		l = &els->lasers[i];
		if (l->spare == CMIS_LS_IS_SPARE)
			continue;
		s = &els->lasers[l->served_by];
		feed = cposim_lane_share(s->output);
		if (feed != l->feed) {
			WRITE_ONCE(l->feed, feed);
			changed = true;
		}
	}
	return changed;
}

/**
 * cposim_els_changed - the source's knobs or controls changed
 * @els: the source
 *
 * Raises the source's interrupt and re-renders the engines it feeds.
 *
 * Context: process context, no lock of the simulator held.
 */
void cposim_els_changed(struct cposim_els *els)
{
	struct cposim_dev *sdev = els->sdev;
	struct cmis_laser_source *ls;
	u32 i;

	mutex_lock(&els->lock);
	ls = els->ls;
	mutex_unlock(&els->lock);
	if (ls)
		cmis_laser_source_irq(ls);
	for (i = 0; i < sdev->engine_count; i++) {
		struct cposim_engine *se = READ_ONCE(sdev->engines[i]);

		if (se && se->lane_count && se->lanes[0].laser &&
		    (!els->internal || els->index == i))
			cposim_relight(se);
	}
}

static void cposim_els_step_work(struct work_struct *work)
{
	struct cposim_els *els = container_of(to_delayed_work(work),
					      struct cposim_els, step_work);
	bool changed;

	mutex_lock(&els->lock);
	changed = cposim_els_update(els);
	mutex_unlock(&els->lock);
	if (changed)
		cposim_els_changed(els);
}

static int cposim_els_check(struct cposim_els *els, u8 page, u8 offset,
			    size_t len)
{
	if (!len || offset + len > CMIS_UPPER_OFFSET + CMIS_PAGE_SIZE ||
	    !cposim_ls_byte(els, page, offset + len - 1) ||
	    !cposim_ls_byte(els, page, offset))
		return -EINVAL;
	return 0;
}

static int cposim_els_read(void *ctx, u8 bank, u8 page, u8 offset, u8 *buf,
			   size_t len)
{
	struct cposim_els *els = ctx;
	unsigned int off;
	u32 knob;
	u8 *p;
	int err;

	err = cposim_els_check(els, page, offset, len);
	if (err)
		return err;
	if (READ_ONCE(els->pulled))
		return -ENXIO;
	knob = READ_ONCE(els->read_err);
	if (knob)
		return knob > MAX_ERRNO ? -EIO : -(int)knob;
	err = cposim_bus_xfer(&els->bus, bank, page, offset, len, false);
	if (err)
		return err;
	mutex_lock(&els->lock);
	/* A module that restarts does not answer. */
	if (!els->internal && cposim_cdb_offline(&els->cdb)) {
		mutex_unlock(&els->lock);
		return -ENXIO;
	}
	for (off = offset; off < offset + len; off++) {
		p = cposim_ls_byte(els, page, off);
		buf[off - offset] = *p;
		/* The failure flags clear on read. */
		if (page == CMIS_PAGE_LS_STATUS && off >= CMIS_LS_FAIL_FLAG &&
		    off < CMIS_LS_FAIL_FLAG + 2)
			*p = 0;
	}
	if (!els->internal)
		cposim_fw_read(&els->cdb, offset, len);
	mutex_unlock(&els->lock);
	return 0;
}

static int cposim_els_write(void *ctx, u8 bank, u8 page, u8 offset,
			    const u8 *buf, size_t len)
{
	struct cposim_els *els = ctx;
	bool control = false;
	unsigned int off;
	u32 knob;
	int err;

	err = cposim_els_check(els, page, offset, len);
	if (err)
		return err;
	if (READ_ONCE(els->pulled))
		return -ENXIO;
	knob = READ_ONCE(els->write_err);
	if (knob)
		return knob > MAX_ERRNO ? -EIO : -(int)knob;
	err = cposim_bus_xfer(&els->bus, bank, page, offset, len, true);
	if (err)
		return err;
	mutex_lock(&els->lock);
	if (!els->internal && cposim_cdb_offline(&els->cdb)) {
		mutex_unlock(&els->lock);
		return -ENXIO;
	}
	for (off = offset; off < offset + len; off++) {
		/* As in a module, writes to read-only bytes are ignored. */
		if (!cposim_ls_writable(els, page, off))
			continue;
		*cposim_ls_byte(els, page, off) = buf[off - offset];
		control = page == CMIS_PAGE_LS_CTRL;
	}
	if (!els->internal)
		cposim_cdb_written(&els->cdb, page, offset, len);
	if (control && !els->dying)
		schedule_delayed_work(&els->step_work,
				      msecs_to_jiffies(READ_ONCE(els->sdev->dp_step_ms)));
	mutex_unlock(&els->lock);
	return 0;
}

const struct cmis_transport_ops cposim_els_transport_ops = {
	.read = cposim_els_read,
	.write = cposim_els_write,
};

/* A laser module that restarts keeps its lasers' light: nothing to show. */
static void cposim_els_cdb_quiet(struct cposim_cdb *cdb)
{
}

/* It answers again: its interrupt. */
static void cposim_els_cdb_announce(struct cposim_cdb *cdb)
{
	struct cposim_els *els = container_of(cdb, struct cposim_els, cdb);
	bool dying;

	mutex_lock(&els->lock);
	dying = els->dying;
	mutex_unlock(&els->lock);
	if (!dying)
		cposim_els_changed(els);
}

static const struct cposim_cdb_ops cposim_els_cdb_ops = {
	.go_dark = cposim_els_cdb_quiet,
	.booted = cposim_els_cdb_quiet,
	.announce = cposim_els_cdb_announce,
};

/**
 * cposim_els_module_init - the module memory of a new laser module
 * @els: the module, not yet visible, or pulled and being inserted (its
 *	CDB stopped then, and renewed here)
 *
 * Identity, firmware banks and CDB (map.c); internal lasers have none.
 */
void cposim_els_module_init(struct cposim_els *els)
{
	if (els->internal)
		return;
	mutex_lock(&els->lock);
	if (els->cdb.lock)
		cposim_cdb_renew(&els->cdb);
	cposim_els_map_init(els, &cposim_els_cdb_ops);
	mutex_unlock(&els->lock);
}

/* Primaries first, then one spare per CPOSIM_ELS_PRIMARIES_PER_SPARE. */
void cposim_els_init(struct cposim_els *els, u32 primaries)
{
	u16 enable = 0;
	u32 i;

	*LS_CTRL(els, CMIS_LS_COUNT) = els->count;
	for (i = 0; i < els->count; i++) {
		struct cposim_laser *l = &els->lasers[i];

		l->els = els;
		l->index = i;
		if (i < primaries) {
			l->spare = els->count > primaries ?
				   primaries + i / CPOSIM_ELS_PRIMARIES_PER_SPARE :
				   CMIS_LS_NO_SPARE;
			l->served_by = i;
		} else {
			l->spare = CMIS_LS_IS_SPARE;
			l->served_by = CMIS_LS_NO_SPARE;
		}
		*LS_CTRL(els, CMIS_LS_SPARE_MAP + i) = l->spare;
		cmis_put_be16(LS_CTRL(els, CMIS_LS_WAVELENGTH + 2 * i),
			      CPOSIM_LASER_WAVELENGTH);
		enable |= BIT(i);
	}
	cmis_put_be16(LS_CTRL(els, CMIS_LS_ENABLE), enable);
	mutex_lock(&els->lock);
	cposim_els_update(els);
	mutex_unlock(&els->lock);
	/* Nothing failed yet: no flag to report at registration. */
	cmis_put_be16(LS_STATUS(els, CMIS_LS_FAIL_FLAG), 0);
}

/**
 * cposim_els_new - create and register a laser source
 * @sdev: the device
 * @index: module number, or for internal lasers the engine's number
 * @internal: the lasers sit inside engine @index, without spares
 * @primaries: number of primary lasers, 1..CPOSIM_ELS_PRIMARIES, or up to
 *	CMIS_LS_MAX_LASERS when @internal
 *
 * Context: process context.
 * Return: the source, or an ERR_PTR.
 */
struct cposim_els *cposim_els_new(struct cposim_dev *sdev, u32 index,
				  bool internal, u32 primaries)
{
	struct cmis_laser_board_info board = {
		.type = internal ? CPO_LASER_TYPE_INTERNAL :
				   CPO_LASER_TYPE_EXTERNAL,
	};
	u32 count = primaries;
	struct cmis_laser_source *ls;
	struct cposim_els *els;
	char location[24];

	if (!internal)
		count += DIV_ROUND_UP(primaries,
				      CPOSIM_ELS_PRIMARIES_PER_SPARE);
	if (!primaries || count > CMIS_LS_MAX_LASERS)
		return ERR_PTR(-EINVAL);
	els = kzalloc(struct_size(els, lasers, count), GFP_KERNEL);
	if (!els)
		return ERR_PTR(-ENOMEM);
	els->count = count;
	els->sdev = sdev;
	els->index = index;
	els->internal = internal;
	mutex_init(&els->lock);
	cposim_bus_model_init(&els->bus, &sdev->cfg.bus);
	INIT_DELAYED_WORK(&els->step_work, cposim_els_step_work);
	cposim_els_init(els, primaries);
	cposim_els_module_init(els);

	snprintf(location, sizeof(location), internal ? "cposim%u/oe%u" :
		 "cposim%u/els%u", sdev->id, index);
	board.location = location;
	ls = cmis_laser_source_register(&sdev->dev, &board,
					&cposim_els_transport_ops, els);
	if (IS_ERR(ls)) {
		cposim_els_stop(els);
		cposim_bus_model_destroy(&els->bus);
		mutex_destroy(&els->lock);
		kfree(els);
		return ERR_CAST(ls);
	}
	mutex_lock(&els->lock);
	els->ls = ls;
	mutex_unlock(&els->lock);
	return els;
}

/**
 * cposim_els_set_standby - wire a module's lasers to standbys in another
 * @els: a laser module
 * @by: the module whose laser i backs laser i of @els, or NULL to unwire
 *
 * Each primary of @els whose number is that of a primary of @by gets it as
 * its standby: on the board, a coupler joins their light on the way to
 * the lanes. The core is told (cpo_laser_set_standby()); the lanes are
 * re-rendered.
 *
 * Context: process context, no simulator lock held.
 * Return: 0, or -EINVAL for internal lasers or @by being @els.
 */
int cposim_els_set_standby(struct cposim_els *els, struct cposim_els *by)
{
	struct cpo_laser *primary;
	u32 i;

	if (els->internal || by == els || (by && by->internal))
		return -EINVAL;
	mutex_lock(&els->sdev->slot_lock);
	for (i = 0; i < els->count; i++) {
		struct cposim_laser *l = &els->lasers[i], *sb = NULL;

		primary = cmis_laser_source_laser(els->ls, i);
		if (l->spare == CMIS_LS_IS_SPARE || !primary)
			continue;
		if (by && i < by->count &&
		    by->lasers[i].spare != CMIS_LS_IS_SPARE &&
		    cmis_laser_source_laser(by->ls, i))
			sb = &by->lasers[i];
		WRITE_ONCE(l->standby, sb);
		cpo_laser_set_standby(primary, sb ?
				      cmis_laser_source_laser(by->ls, i) : NULL);
	}
	els->standby_by = by;
	mutex_unlock(&els->sdev->slot_lock);
	cposim_els_changed(els);
	return 0;
}

/**
 * cposim_els_stop - stop the source's steps for good
 * @els: the source
 *
 * Context: process context, no simulator lock held.
 */
void cposim_els_stop(struct cposim_els *els)
{
	mutex_lock(&els->lock);
	els->dying = true;
	mutex_unlock(&els->lock);
	cancel_delayed_work_sync(&els->step_work);
	if (!els->internal)
		cposim_cdb_stop(&els->cdb);
}

/**
 * cposim_els_del - unregister and free a laser source
 * @els: a source from cposim_els_new(), stopped, whose engines are gone
 *
 * Context: process context.
 */
void cposim_els_del(struct cposim_els *els)
{
	cposim_els_debugfs_exit(els);
	cposim_els_stop(els);
	cmis_laser_source_unregister(els->ls);
	cposim_bus_model_destroy(&els->bus);
	mutex_destroy(&els->lock);
	kfree(els);
}
