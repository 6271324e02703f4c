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
	for (i = 0; i < se->lane_count; i++) {
		se->lanes[i].se = se;
		se->lanes[i].index = i;
	}
	return se;
}

static void cposim_engine_free(struct cposim_engine *se)
{
	mutex_destroy(&se->lock);
	kfree(se->banks);
	kfree(se);
}

static struct cposim_engine *cposim_engine_new(struct cposim_dev *sdev,
					       u32 index)
{
	struct cmis_board_info board = {
		.type = CPO_ENGINE_TYPE_CPO,
		.field_replaceable = false,
		.lane_count = sdev->lane_count,
		.lane_rate = CPOSIM_LANE_RATE,
	};
	struct cposim_engine *se;
	struct cmis_engine *ce;
	char location[32];
	int err;

	se = cposim_engine_alloc(sdev, index);
	if (!se)
		return ERR_PTR(-ENOMEM);
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

	kfree(sdev->engines);
	kfree(sdev);
	cposim_bus_put();
}

/**
 * cposim_dev_new - create a simulated board and its engines
 * @id: the device's ID, unique on the bus
 * @engines: number of engines, 1..CPOSIM_MAX_ENGINES
 * @lanes: lanes per engine, 1..CPOSIM_MAX_LANES
 *
 * Context: process context, the bus's device list lock held.
 * Return: the device, or an ERR_PTR.
 */
struct cposim_dev *cposim_dev_new(u32 id, u32 engines, u32 lanes)
{
	struct cposim_engine *se;
	struct cposim_dev *sdev;
	int err;
	u32 i;

	sdev = kzalloc(sizeof(*sdev), GFP_KERNEL);
	if (!sdev)
		return ERR_PTR(-ENOMEM);
	sdev->engines = kcalloc(engines, sizeof(*sdev->engines), GFP_KERNEL);
	if (!sdev->engines) {
		kfree(sdev);
		return ERR_PTR(-ENOMEM);
	}
	sdev->id = id;
	sdev->engine_count = engines;
	sdev->lane_count = lanes;
	sdev->dp_step_ms = CPOSIM_DEFAULT_DP_STEP_MS;

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
	for (i = 0; i < engines; i++) {
		se = cposim_engine_new(sdev, i);
		if (IS_ERR(se)) {
			err = PTR_ERR(se);
			goto err_engines_del;
		}
		sdev->engines[i] = se;
	}
	return sdev;

err_engines_del:
	while (i--)
		cposim_engine_del(sdev->engines[i]);
	debugfs_remove(sdev->ddir);
	device_del(&sdev->dev);
err_put:
	put_device(&sdev->dev);
	return ERR_PTR(err);
}

/**
 * cposim_dev_del - remove a simulated board and its engines
 * @sdev: a device from cposim_dev_new()
 *
 * Context: process context, the bus's device list lock held.
 */
void cposim_dev_del(struct cposim_dev *sdev)
{
	u32 i;

	for (i = sdev->engine_count; i--;)
		cposim_engine_del(sdev->engines[i]);
	debugfs_remove(sdev->ddir);
	device_unregister(&sdev->dev);
}
