// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: a technician pulls an engine or a laser module out of its slot
 * and inserts one, through the write-only debugfs files pull and insert of
 * engine<N>/ and els<K>/.
 *
 * A pulled part takes its state with it: its transport fails with ENXIO
 * (nothing answers at its address), its memory map is wiped, its state
 * machines and command interface stop, and a laser module's lasers feed
 * nothing, so the lanes they fed lose their light. The part inserted next
 * is a new one in its power-up state (high power, data paths activated,
 * transmitters and lasers on, auto failover off), as new_device makes
 * them, possibly with another serial or part number: whatever the slot
 * was configured for comes back only because the core writes it. The
 * board's side stays: fibers, link loss and ports are knobs of the slot.
 * An engine with internal lasers takes them with it.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include "cposim.h"

/* Wipe the engine's memory map and model; its lock held. */
static void cposim_engine_wipe(struct cposim_engine *se)
{
	u32 i;

	lockdep_assert_held(&se->lock);
	memset(se->lower, 0, sizeof(se->lower));
	memset(se->page00, 0, sizeof(se->page00));
	memset(se->page01, 0, sizeof(se->page01));
	memset(se->page02, 0, sizeof(se->page02));
	memset(se->banks, 0,
	       cposim_bank_count(se->lane_count) * sizeof(*se->banks));
	se->module_state = 0;
	se->stuck = false;
	se->overtemp = 0;
	se->prbs_ns = 0;
	for (i = 0; i < se->lane_count; i++) {
		se->lanes[i].dp_state = 0;
		se->lanes[i].stuck = false;
		se->lanes[i].tx_fault = false;
		se->lanes[i].prbs_ber = 0;
		memset(se->lanes[i].chk, 0, sizeof(se->lanes[i].chk));
	}
}

static struct cposim_els *cposim_engine_internal_els(struct cposim_engine *se)
{
	struct cposim_dev *sdev = se->sdev;

	return sdev->cfg.lasers == CPOSIM_LASERS_INTERNAL ?
	       sdev->els[se->index] : NULL;
}

static int cposim_els_pull_locked(struct cposim_els *els)
{
	u32 i;

	lockdep_assert_held(&els->sdev->slot_lock);
	if (els->pulled)
		return -ENODEV;
	cmis_laser_source_removed(els->ls);
	cposim_els_stop(els);
	mutex_lock(&els->lock);
	els->pulled = true;
	memset(els->ctrl, 0, sizeof(els->ctrl));
	memset(els->mon, 0, sizeof(els->mon));
	memset(els->status, 0, sizeof(els->status));
	for (i = 0; i < els->count; i++) {
		struct cposim_laser *l = &els->lasers[i];

		l->state = CMIS_LS_STATE_OFF;
		WRITE_ONCE(l->output, 0);
		l->failed_covered = false;
		l->fail = false;
		l->overtemp = 0;
		l->hours = 0;
		WRITE_ONCE(l->feed, 0);
	}
	mutex_unlock(&els->lock);
	/* The engines' lanes lose the light; the source's irq is ignored. */
	cposim_els_changed(els);
	return 0;
}

static int cposim_els_insert_locked(struct cposim_els *els,
				    const char *serial, const char *part,
				    u32 lasers)
{
	u32 i, primaries = 0;
	int err;

	lockdep_assert_held(&els->sdev->slot_lock);
	if (!els->pulled)
		return -EBUSY;
	for (i = 0; i < els->count; i++)
		if (els->lasers[i].spare != CMIS_LS_IS_SPARE)
			primaries++;
	mutex_lock(&els->lock);
	els->dying = false;
	els->pulled = false;
	mutex_unlock(&els->lock);
	/* As at creation: every laser on, spares standing by. */
	cposim_els_init(els, primaries);
	cposim_els_module_init(els);
	mutex_lock(&els->lock);
	cposim_page00_set_part(els->page00, serial, part);
	/* A module of another layout: @lasers primaries without spares. */
	if (lasers) {
		els->ctrl[CMIS_LS_COUNT - CMIS_UPPER_OFFSET] = lasers;
		for (i = 0; i < lasers; i++)
			els->ctrl[CMIS_LS_SPARE_MAP - CMIS_UPPER_OFFSET + i] =
				CMIS_LS_NO_SPARE;
	}
	mutex_unlock(&els->lock);
	err = cmis_laser_source_inserted(els->ls);
	cposim_els_changed(els);
	return err;
}

/**
 * cposim_els_pull - pull a laser module out of its slot
 * @els: the module
 *
 * Context: process context, no simulator lock held.
 * Return: 0, -ENODEV when it is out already or the device is going away.
 */
int cposim_els_pull(struct cposim_els *els)
{
	int err;

	mutex_lock(&els->sdev->slot_lock);
	err = els->sdev->dying ? -ENODEV : cposim_els_pull_locked(els);
	mutex_unlock(&els->sdev->slot_lock);
	return err;
}

/**
 * cposim_els_insert - insert a new laser module into the slot
 * @els: the module's slot, pulled
 * @serial: the new module's serial number, or NULL for the one pulled
 * @part: its part number, or NULL for the one pulled
 * @lasers: 0 for a module of the slot's layout, else one whose description
 *	gives @lasers primaries without spares: another layout, which the
 *	CMIS layer refuses
 *
 * Context: process context, no simulator lock held.
 * Return: 0, -EBUSY when a module is in, -ENODEV when the device is going
 * away, or the CMIS layer's error.
 */
int cposim_els_insert(struct cposim_els *els, const char *serial,
		      const char *part, u32 lasers)
{
	int err;

	mutex_lock(&els->sdev->slot_lock);
	err = els->sdev->dying ? -ENODEV :
	      cposim_els_insert_locked(els, serial, part, lasers);
	mutex_unlock(&els->sdev->slot_lock);
	return err;
}

static int cposim_engine_pull_locked(struct cposim_engine *se)
{
	struct cposim_els *els = cposim_engine_internal_els(se);

	if (se->pulled)
		return -ENODEV;
	cmis_engine_removed(se->ce);
	/* Stops the state machines and the CDB, frees a download's buffer. */
	cposim_behaviour_stop(se);
	mutex_lock(&se->lock);
	se->pulled = true;
	cposim_engine_wipe(se);
	mutex_unlock(&se->lock);
	if (els)
		cposim_els_pull_locked(els);
	return 0;
}

static int cposim_engine_insert_locked(struct cposim_engine *se,
				       const char *serial, const char *part)
{
	struct cposim_els *els = cposim_engine_internal_els(se);
	int err;

	if (!se->pulled)
		return -EBUSY;
	if (els) {
		err = cposim_els_insert_locked(els, NULL, NULL, 0);
		if (err)
			return err;
	}
	mutex_lock(&se->lock);
	cposim_engine_wipe(se);
	cposim_cdb_renew(&se->cdb);
	se->dying = false;
	/* Sets up the command interface again (cposim_cdb_init()). */
	cposim_map_init(se);
	cposim_map_set_part(se, serial, part);
	cposim_behaviour_init(se);
	se->pulled = false;
	mutex_unlock(&se->lock);
	err = cmis_engine_inserted(se->ce);
	/* Steps the restore started, and the light of the lasers. */
	cposim_relight(se);
	cposim_notify(se);
	return err;
}

/**
 * cposim_engine_pull - pull an engine out of its slot
 * @se: the engine
 *
 * Context: process context, no simulator lock held.
 * Return: 0, -ENODEV when it is out already or the device is going away.
 */
int cposim_engine_pull(struct cposim_engine *se)
{
	int err;

	mutex_lock(&se->sdev->slot_lock);
	err = se->sdev->dying ? -ENODEV : cposim_engine_pull_locked(se);
	mutex_unlock(&se->sdev->slot_lock);
	return err;
}

/**
 * cposim_engine_insert - insert a new engine into the slot
 * @se: the engine's slot, pulled
 * @serial: the new part's serial number, or NULL for the one pulled
 * @part: the new part's part number, or NULL for the one pulled
 *
 * Context: process context, no simulator lock held.
 * Return: 0, -EBUSY when an engine is in, -ENODEV when the device is going
 * away, or the CMIS layer's error.
 */
int cposim_engine_insert(struct cposim_engine *se, const char *serial,
			 const char *part)
{
	int err;

	mutex_lock(&se->sdev->slot_lock);
	err = se->sdev->dying ? -ENODEV :
	      cposim_engine_insert_locked(se, serial, part);
	mutex_unlock(&se->sdev->slot_lock);
	return err;
}

/**
 * cposim_dev_slots_stop - no part of the device is pulled or inserted any
 *	more
 * @sdev: the device, being deleted
 *
 * Waits for a pull or an insertion under way. Parts left out stay out:
 * unregistering an empty slot is fine.
 *
 * Context: process context, no simulator lock held.
 */
void cposim_dev_slots_stop(struct cposim_dev *sdev)
{
	mutex_lock(&sdev->slot_lock);
	sdev->dying = true;
	mutex_unlock(&sdev->slot_lock);
}
