/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpo_sim internals: simulated optical engines, each a CMIS memory map in
 * RAM with timed behaviour, registered through the CMIS layer. Split by
 * feature: bus.c (the cposim bus and its new_device/del_device files),
 * dev.c (a device and its engines), map.c (the memory map and the
 * transport), behaviour.c (state machines and physics), debugfs.c (knobs).
 */
#ifndef __CPOSIM_H
#define __CPOSIM_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/cpo_cmis.h>
#include "../cmis/cmis_regs.h"

#define CPOSIM_MAX_ENGINES		64
#define CPOSIM_MAX_LANES		64
#define CPOSIM_DEFAULT_ENGINES		1
#define CPOSIM_DEFAULT_LANES		8
#define CPOSIM_DEFAULT_DP_STEP_MS	20
#define CPOSIM_LANE_RATE		200000	/* Mb/s */

/*
 * Compat, for kernel/cpo_compat.h: the driver core's bus type, const from
 * 6.4 on (bus_register(), bus attribute callbacks), writable in 6.1. Taken
 * from struct device rather than from a version number.
 */
#define CPO_BUS_TYPE	typeof(*((struct device *)NULL)->bus)

struct dentry;
struct cposim_engine;

/**
 * struct cposim_lane - simulated lane
 * @se: the engine
 * @index: lane number within the engine
 * @dp_state: CMIS data path state
 * @rx_los: no light at the receiver (debugfs knob); LOL follows it
 * @tx_fault: transmitter fault (debugfs knob)
 */
struct cposim_lane {
	struct cposim_engine *se;
	u32 index;
	u8 dp_state;
	bool rx_los;
	bool tx_fault;
};

/* The banked pages of eight lanes, as offsets 128..255. */
struct cposim_bank {
	u8 page10[CMIS_PAGE_SIZE];
	u8 page11[CMIS_PAGE_SIZE];
};

/**
 * struct cposim_engine - simulated optical engine
 * @sdev: the device
 * @index: engine number within the device
 * @lane_count: number of lanes
 * @lock: guards the map, the model, @dying and @ce
 * @dying: teardown started: no more steps are queued
 * @step_work: advances the state machines one step
 * @ce: the CMIS engine, once registered
 * @read_err: errno every transport read fails with, 0 for none (debugfs)
 * @write_err: errno every transport write fails with, 0 for none (debugfs)
 * @ddir: debugfs directory engine<index>
 * @module_state: CMIS module state
 * @lower: lower memory
 * @page00: page 00h, identity
 * @page01: page 01h, revisions
 * @page02: page 02h, thresholds
 * @banks: pages 10h and 11h per bank
 * @lanes: per-lane model, @lane_count entries
 */
struct cposim_engine {
	struct cposim_dev *sdev;
	u32 index;
	u32 lane_count;
	struct mutex lock;	/* see above */
	bool dying;
	struct delayed_work step_work;
	struct cmis_engine *ce;
	u32 read_err;
	u32 write_err;
	struct dentry *ddir;
	u8 module_state;
	u8 lower[CMIS_UPPER_OFFSET];
	u8 page00[CMIS_PAGE_SIZE];
	u8 page01[CMIS_PAGE_SIZE];
	u8 page02[CMIS_PAGE_SIZE];
	struct cposim_bank *banks;
	struct cposim_lane lanes[] __counted_by(lane_count);
};

/**
 * struct cposim_dev - simulated board, a device on the cposim bus
 * @dev: the device, cposim<id>; owns the memory
 * @list: entry in the bus's device list
 * @id: the ID given to new_device
 * @engine_count: number of engines
 * @lane_count: lanes per engine
 * @dp_step_ms: duration of one state machine step (debugfs)
 * @ddir: debugfs directory cposim<id>
 * @engines: the engines, @engine_count entries
 */
struct cposim_dev {
	struct device dev;
	struct list_head list;
	u32 id;
	u32 engine_count;
	u32 lane_count;
	u32 dp_step_ms;
	struct dentry *ddir;
	struct cposim_engine **engines;
};

static inline struct cposim_dev *to_cposim_dev(struct device *dev)
{
	return container_of(dev, struct cposim_dev, dev);
}

static inline u32 cposim_bank_count(u32 lanes)
{
	return DIV_ROUND_UP(lanes, CMIS_LANES_PER_BANK);
}

/* bus.c */
extern CPO_BUS_TYPE cposim_bus;
extern struct device *cposim_root;
extern struct dentry *cposim_debugfs_root;
void cposim_bus_hold(void);
void cposim_bus_put(void);

/* dev.c */
struct cposim_dev *cposim_dev_new(u32 id, u32 engines, u32 lanes);
void cposim_dev_del(struct cposim_dev *sdev);

/* map.c */
extern const struct cmis_transport_ops cposim_transport_ops;
void cposim_map_init(struct cposim_engine *se);

/* behaviour.c */
void cposim_behaviour_init(struct cposim_engine *se);
void cposim_render(struct cposim_engine *se);
void cposim_kick(struct cposim_engine *se);
void cposim_behaviour_stop(struct cposim_engine *se);
void cposim_notify(struct cposim_engine *se);
void cposim_lane_set_rx_los(struct cposim_lane *sl, bool los);
void cposim_lane_set_tx_fault(struct cposim_lane *sl, bool fault);
void cposim_set_fault(struct cposim_engine *se, u8 cause);
u8 cposim_module_next(const struct cposim_engine *se);
u8 cposim_lane_next(const struct cposim_engine *se,
		    const struct cposim_lane *sl);
void cposim_step(struct cposim_engine *se);

/* debugfs.c */
void cposim_dev_debugfs_init(struct cposim_dev *sdev);
void cposim_engine_debugfs_init(struct cposim_engine *se);
void cposim_engine_debugfs_exit(struct cposim_engine *se);

#endif /* __CPOSIM_H */
