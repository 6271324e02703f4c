// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: one simulated board, a device cposim<ID> on the cposim bus, and
 * its engines. Creation and removal order matter: an engine is registered
 * with the CMIS layer only once its map and state machines exist, and on
 * removal its knobs and step work are stopped before it is unregistered,
 * and its memory freed only after, when no op of the core can reach it.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/slab.h>
#include "cposim.h"

static struct cposim_engine *cposim_engine_alloc(struct cposim_dev *sdev,
						 u32 index)
{
	struct cposim_engine *se;
	u32 i;

	se = kzalloc(struct_size(se, lanes, sdev->lane_count), GFP_KERNEL);
	if (!se)
		return NULL;
	se->lane_count = sdev->lane_count;
	se->banks = kcalloc(cposim_bank_count(se->lane_count),
			    sizeof(*se->banks), GFP_KERNEL);
	if (!se->banks) {
		kfree(se);
		return NULL;
	}
	se->sdev = sdev;
	se->index = index;
	mutex_init(&se->lock);
	cposim_bus_model_init(&se->bus, &sdev->cfg.bus);
	for (i = 0; i < se->lane_count; i++) {
		se->lanes[i].se = se;
		se->lanes[i].index = i;
		se->lanes[i].loss_cdb = CPOSIM_DEFAULT_LOSS_CDB;
	}
	return se;
}

static void cposim_engine_free(struct cposim_engine *se)
{
	cposim_bus_model_destroy(&se->bus);
	mutex_destroy(&se->lock);
	kfree(se->banks);
	kfree(se);
}

/* Laser sources per engine: internal, or one module per 8 primaries. */
static u32 cposim_els_per_engine(const struct cposim_config *cfg)
{
	u32 primaries = DIV_ROUND_UP(cfg->lanes, CPOSIM_LANES_PER_LASER);

	switch (cfg->lasers) {
	case CPOSIM_LASERS_INTERNAL:
		return 1;
	case CPOSIM_LASERS_EXTERNAL:
		return DIV_ROUND_UP(primaries, CPOSIM_ELS_PRIMARIES);
	default:
		return 0;
	}
}

/*
 * The primary laser feeding lane @lane of engine @engine: the source and
 * the index in it. Lane 4k..4k+3 take the engine's primary k.
 */
static struct cposim_els *cposim_lane_source(struct cposim_dev *sdev,
					     u32 engine, u32 lane, u32 *index)
{
	u32 k = lane / CPOSIM_LANES_PER_LASER;

	if (sdev->cfg.lasers == CPOSIM_LASERS_INTERNAL) {
		*index = k;
		return sdev->els[engine];
	}
	*index = k % CPOSIM_ELS_PRIMARIES;
	return sdev->els[engine * cposim_els_per_engine(&sdev->cfg) +
			 k / CPOSIM_ELS_PRIMARIES];
}

/* Tell the core the board's wiring: feeding lasers, fiber positions. */
static void cposim_engine_wire(struct cposim_engine *se)
{
	struct cposim_dev *sdev = se->sdev;
	struct cposim_els *els;
	struct cpo_lane *lane;
	char pos[32];
	u32 i, k;

	for (i = 0; i < se->lane_count; i++) {
		lane = cmis_engine_lane(se->ce, i);
		snprintf(pos, sizeof(pos), "cposim%u/oe%u/mpo%u:%u", sdev->id,
			 se->index, i / 16, i % 16 + 1);
		cpo_lane_set_fiber_position(lane, pos);
		if (sdev->cfg.lasers == CPOSIM_LASERS_NONE)
			continue;
		els = cposim_lane_source(sdev, se->index, i, &k);
		cpo_lane_set_laser(lane, cmis_laser_source_laser(els->ls, k));
	}
}

static struct cposim_engine *cposim_engine_new(struct cposim_dev *sdev,
					       u32 index)
{
	struct cmis_board_info board = {
		.type = sdev->cfg.type,
		.field_replaceable = sdev->cfg.field_replaceable,
		.lane_count = sdev->lane_count,
		.lane_rate = sdev->cfg.rate,
		.power_monitor = true,
		.fiber_connected = cposim_fiber_connected,
	};
	struct cposim_engine *se;
	struct cmis_engine *ce;
	char location[32];
	int err;
	u32 i, k;

	se = cposim_engine_alloc(sdev, index);
	if (!se)
		return ERR_PTR(-ENOMEM);
	if (sdev->cfg.lasers != CPOSIM_LASERS_NONE)
		for (i = 0; i < se->lane_count; i++)
			se->lanes[i].laser =
				&cposim_lane_source(sdev, index, i, &k)->lasers[k];
	cposim_map_init(se);
	cposim_behaviour_init(se);

	snprintf(location, sizeof(location), "cposim%u/oe%u", sdev->id, index);
	board.location = location;
	ce = cmis_engine_register(&sdev->dev, &board, &cposim_transport_ops,
				  se);
	if (IS_ERR(ce)) {
		err = PTR_ERR(ce);
		goto err_behaviour_stop;
	}
	mutex_lock(&se->lock);
	se->ce = ce;
	mutex_unlock(&se->lock);
	cposim_engine_wire(se);
	/* Announce the steps taken while the engine was registering. */
	cposim_notify(se);
	cposim_engine_debugfs_init(se);
	return se;

err_behaviour_stop:
	/* A set during registration may have started the state machines. */
	cposim_behaviour_stop(se);
	cposim_engine_free(se);
	return ERR_PTR(err);
}

static void cposim_engine_del(struct cposim_engine *se)
{
	cposim_engine_debugfs_exit(se);
	cposim_behaviour_stop(se);
	/* Ops may still run until this returns: the map stays until then. */
	cmis_engine_unregister(se->ce);
	cposim_engine_free(se);
}

static void cposim_dev_release(struct device *dev)
{
	struct cposim_dev *sdev = to_cposim_dev(dev);

	mutex_destroy(&sdev->slot_lock);
	kfree(sdev->els);
	kfree(sdev->engines);
	kfree(sdev);
	cposim_bus_put();
}

static int cposim_dev_new_els(struct cposim_dev *sdev)
{
	u32 per_engine = cposim_els_per_engine(&sdev->cfg);
	u32 primaries = DIV_ROUND_UP(sdev->lane_count, CPOSIM_LANES_PER_LASER);
	bool internal = sdev->cfg.lasers == CPOSIM_LASERS_INTERNAL;
	struct cposim_els *els;
	u32 i, n;

	for (i = 0; i < sdev->els_count; i++) {
		n = internal ? primaries :
		    min(CPOSIM_ELS_PRIMARIES,
			primaries - i % per_engine * CPOSIM_ELS_PRIMARIES);
		els = cposim_els_new(sdev, i, internal, n);
		if (IS_ERR(els)) {
			while (i--)
				cposim_els_del(sdev->els[i]);
			return PTR_ERR(els);
		}
		sdev->els[i] = els;
	}
	return 0;
}

/* Stop what could reach the engines from the laser sources. */
static void cposim_dev_stop_els(struct cposim_dev *sdev)
{
	u32 i;

	for (i = 0; i < sdev->els_count; i++) {
		cposim_els_debugfs_exit(sdev->els[i]);
		cposim_els_stop(sdev->els[i]);
	}
}

static void cposim_dev_del_els(struct cposim_dev *sdev)
{
	u32 i;

	for (i = sdev->els_count; i--;)
		cposim_els_del(sdev->els[i]);
}

/**
 * cposim_dev_new - create a simulated board, its laser sources and engines
 * @id: the device's ID, unique on the bus
 * @cfg: what to create, checked by the caller; copied
 *
 * Context: process context, the bus's device list lock held.
 * Return: the device, or an ERR_PTR.
 */
struct cposim_dev *cposim_dev_new(u32 id, const struct cposim_config *cfg)
{
	struct cposim_engine *se;
	struct cposim_dev *sdev;
	int err;
	u32 i;

	sdev = kzalloc(sizeof(*sdev), GFP_KERNEL);
	if (!sdev)
		return ERR_PTR(-ENOMEM);
	sdev->cfg = *cfg;
	sdev->engines = kcalloc(cfg->engines, sizeof(*sdev->engines),
				GFP_KERNEL);
	sdev->els_count = cfg->engines * cposim_els_per_engine(cfg);
	sdev->els = kcalloc(max(sdev->els_count, 1U), sizeof(*sdev->els),
			    GFP_KERNEL);
	if (!sdev->engines || !sdev->els) {
		kfree(sdev->els);
		kfree(sdev->engines);
		kfree(sdev);
		return ERR_PTR(-ENOMEM);
	}
	sdev->id = id;
	sdev->engine_count = cfg->engines;
	sdev->lane_count = cfg->lanes;
	sdev->dp_step_ms = CPOSIM_DEFAULT_DP_STEP_MS;
	mutex_init(&sdev->slot_lock);

	/* From here the release function frees sdev. */
	cposim_bus_hold();
	device_initialize(&sdev->dev);
	sdev->dev.bus = &cposim_bus;
	sdev->dev.parent = cposim_root;
	sdev->dev.release = cposim_dev_release;
	err = dev_set_name(&sdev->dev, "cposim%u", id);
	if (err)
		goto err_put;
	err = device_add(&sdev->dev);
	if (err)
		goto err_put;

	cposim_dev_debugfs_init(sdev);
	err = cposim_dev_new_els(sdev);
	if (err)
		goto err_debugfs;
	for (i = 0; i < sdev->engine_count; i++) {
		se = cposim_engine_new(sdev, i);
		if (IS_ERR(se)) {
			err = PTR_ERR(se);
			goto err_engines_del;
		}
		WRITE_ONCE(sdev->engines[i], se);
	}
	err = cposim_ports_new(sdev);
	if (err)
		goto err_engines_del;
	for (i = 0; i < sdev->els_count; i++)
		cposim_els_debugfs_init(sdev->els[i], sdev->els[i]->internal ?
					sdev->engines[i]->ddir : sdev->ddir);
	return sdev;

err_engines_del:
	cposim_dev_stop_els(sdev);
	while (i--)
		cposim_engine_del(sdev->engines[i]);
	cposim_dev_del_els(sdev);
err_debugfs:
	debugfs_remove(sdev->ddir);
	device_del(&sdev->dev);
err_put:
	put_device(&sdev->dev);
	return ERR_PTR(err);
}

/**
 * cposim_dev_del - remove a simulated board, its engines and laser sources
 * @sdev: a device from cposim_dev_new()
 *
 * Context: process context, the bus's device list lock held.
 */
void cposim_dev_del(struct cposim_dev *sdev)
{
	u32 i;

	cposim_dev_slots_stop(sdev);
	cposim_ports_del(sdev);
	cposim_dev_stop_els(sdev);
	for (i = sdev->engine_count; i--;)
		cposim_engine_del(sdev->engines[i]);
	cposim_dev_del_els(sdev);
	debugfs_remove(sdev->ddir);
	device_unregister(&sdev->dev);
}
