/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the CMIS layer, shared by its registration and transport
 * access (cmis_core.c), its driver ops (cmis_ops.c) and its bulk refresh
 * (cmis_refresh.c).
 */
#ifndef __CPO_CMIS_PRIV_H
#define __CPO_CMIS_PRIV_H

#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/cpo_cmis.h>
#include "cmis_regs.h"

/* Latched lane flags of page 11h the layer reports, as a bit mask. */
#define CMIS_LANE_TX_FAULT	BIT(0)
#define CMIS_LANE_RX_LOS	BIT(1)
#define CMIS_LANE_RX_LOL	BIT(2)

/**
 * struct cmis_lane - a lane as the CMIS layer sees it; the cpo lane's priv
 * @ce: the engine
 * @index: lane number within the engine
 * @lane: the registered cpo lane
 * @flags: CMIS_LANE_* flags present at the last refresh, under
 *	&cmis_engine.lock
 * @vdm_snr: VDM descriptor index of the lane's media eSNR, or
 *	CMIS_VDM_NONE
 * @vdm_ber: VDM descriptor index of the lane's current media pre-FEC BER,
 *	or CMIS_VDM_NONE
 * @diag_side: enum cpo_test_side of the lane's test, under
 *	&cmis_engine.lock
 * @diag_lost: its checker's loss-of-lock latched since the test began, as
 *	any read of the bank's mask found it; under &cmis_engine.lock
 */
struct cmis_lane {
	struct cmis_engine *ce;
	u32 index;
	struct cpo_lane *lane;
	u8 flags;
	u8 vdm_snr;
	u8 vdm_ber;
	u32 diag_side;
	bool diag_lost;
};

/* The bytes of one bank a lane's status is decoded from. */
struct cmis_bank_view {
	u8 ctrl[CMIS_OUTPUT_DISABLE_RX - CMIS_DP_DEINIT_LANE + 1];
	u8 status[CMIS_LANE_STATUS_END - CMIS_DP_STATE_HOST_LANE];
	u8 vdm[CMIS_VDM_DESC_COUNT * 2];
};

#define CMIS_VDM_NONE	0xff

/**
 * struct cmis_cdb - the CDB of a module: an engine's, or a laser module's
 * @parent: the board driver's device, for messages
 * @lock: the owner's transport lock, held around each command
 * @read: a transport read of the owner's map (bank 0), with an extack
 *	message on failure
 * @write: a transport write alike
 * @max_ms: the longest a command takes, as the module says (command
 *	0040h); 0 until known; under @lock
 * @epl_max: the bytes of extended payload (pages A0h..) the module has,
 *	from page 01h; known with @max_ms, under @lock
 */
struct cmis_cdb {
	struct device *parent;
	struct mutex *lock;	/* the owner's, see above */
	int (*read)(struct cmis_cdb *cdb, u8 page, u8 offset, u8 *buf,
		    size_t len, struct netlink_ext_ack *extack);
	int (*write)(struct cmis_cdb *cdb, u8 page, u8 offset, const u8 *buf,
		     size_t len, struct netlink_ext_ack *extack);
	u16 max_ms;
	u16 epl_max;
};

/**
 * struct cmis_engine - an engine driven over CMIS; the cpo engine's priv
 * @parent: the board driver's device, for messages
 * @ops: transport operations
 * @ctx: transport cookie
 * @engine: the registered cpo engine
 * @lane_count: number of lanes
 * @type: the board's engine type, what an inserted module is taken as
 * @lane_rate: the board's lane rate, Mb/s
 * @lock: serialises transport access and guards the lanes' @flags;
 *	innermost lock of the layer (the core serialises the ops of an
 *	engine already; this also covers registration and the board's
 *	fiber sense)
 * @irq_lock: serialises cmis_engine_irq() against unregistration; taken
 *	before the core's locks
 * @live: registration complete and not yet undone, under @irq_lock
 * @power_monitor: the custom monitor reports the power draw in mW
 * @fiber_connected: the board's fiber presence sense, or NULL
 * @stats_lock: guards @stats
 * @stats: the transport's counters
 * @cdb: the module's CDB, over cmis_read() and cmis_write() with @lock
 * @view: scratch for one bank's pages, under @lock, so that a read after
 *	a set or a refresh needs no allocation
 * @lanes: per-lane state, @lane_count entries
 */
struct cmis_engine {
	struct device *parent;
	const struct cmis_transport_ops *ops;
	void *ctx;
	struct cpo_engine *engine;
	u32 lane_count;
	enum cpo_engine_type type;
	u32 lane_rate;
	struct mutex lock;	/* see above */
	struct mutex irq_lock;	/* see above */
	bool live;
	bool power_monitor;
	int (*fiber_connected)(void *ctx, u32 lane);
	spinlock_t stats_lock;	/* see above */
	struct cpo_bus_stats stats;
	struct cmis_bank_view view;
	struct cmis_cdb cdb;
	struct cmis_lane lanes[] __counted_by(lane_count);
};

static inline u8 cmis_bank(u32 lane)
{
	return lane / CMIS_LANES_PER_BANK;
}

static inline u8 cmis_lane_bit(u32 lane)
{
	return BIT(lane % CMIS_LANES_PER_BANK);
}

static inline u32 cmis_bank_count(u32 lanes)
{
	return DIV_ROUND_UP(lanes, CMIS_LANES_PER_BANK);
}

/* Data path state of lane @n of its bank from page 11h bytes 128.. */
static inline u8 cmis_dp_state(const u8 *dp_state_host_lane, u32 n)
{
	u8 b = dp_state_host_lane[n % CMIS_LANES_PER_BANK / 2];

	return (n % 2 ? b >> 4 : b) & CMIS_DP_STATE_MASK;
}

/* Transport access; on failure the extack names the page. */
int cmis_read(struct cmis_engine *ce, u8 bank, u8 page, u8 offset, u8 *buf,
	      size_t len, struct netlink_ext_ack *extack);
int cmis_write(struct cmis_engine *ce, u8 bank, u8 page, u8 offset,
	       const u8 *buf, size_t len, struct netlink_ext_ack *extack);

extern const struct cpo_engine_ops cmis_engine_ops;

/* Lane tests over pages 13h and 14h, cmis_diag.c */
int cmis_lane_test_start(struct cpo_lane *lane, void *priv,
			 const struct cpo_lane_test_cfg *cfg,
			 struct netlink_ext_ack *extack);
int cmis_lane_test_read(struct cpo_lane *lane, void *priv,
			struct cpo_lane_test_result *res,
			struct netlink_ext_ack *extack);
int cmis_lane_test_stop(struct cpo_lane *lane, void *priv,
			struct netlink_ext_ack *extack);
extern const struct cpo_lane_ops cmis_lane_ops;

/* Reads the ops and the refresh share, cmis_ops.c; ce->lock held */
int cmis_module_read(struct cmis_engine *ce, struct cpo_engine_status *st,
		     struct netlink_ext_ack *extack);
int cmis_bank_read(struct cmis_engine *ce, u8 bank, struct cmis_bank_view *v,
		   bool vdm, struct netlink_ext_ack *extack);
bool cmis_bank_has_vdm(const struct cmis_engine *ce, u8 bank);
void cmis_lane_decode(struct cmis_lane *cl, const struct cmis_bank_view *v,
		      bool vdm, u8 flags, struct cpo_lane_status *st);
void cmis_bus_stats_get(struct cpo_engine *engine, void *priv,
			struct cpo_bus_stats *stats);

/* The bulk refresh, cmis_refresh.c */
int cmis_engine_refresh(struct cpo_engine *engine, void *priv,
			struct cpo_engine_status *st,
			struct cpo_lane_status *lanes,
			struct netlink_ext_ack *extack);

/* CDB, cmis_cdb.c */
void cmis_engine_cdb_init(struct cmis_engine *ce);
int cmis_cdb_cmd(struct cmis_cdb *cdb, u16 cmd, const u8 *lpl, u8 lpl_len,
		 u8 *rpl, u8 rpl_len, u32 timeout_ms,
		 struct netlink_ext_ack *extack);
int cmis_cdb_cmd_epl(struct cmis_cdb *cdb, u16 cmd, const u8 *epl,
		     u16 epl_len, const u8 *lpl, u8 lpl_len, u32 timeout_ms,
		     struct netlink_ext_ack *extack);
int cmis_cdb_firmware_read(struct cmis_cdb *cdb, struct cpo_fw_info *fw,
			   struct netlink_ext_ack *extack);
int cmis_engine_firmware_get(struct cpo_engine *engine, void *priv,
			     struct cpo_fw_info *fw,
			     struct netlink_ext_ack *extack);

/* The memory map for ethtool, cmis_eeprom.c */
int cmis_engine_module_eeprom_read(struct cpo_engine *engine, void *priv,
				   u8 bank, u8 page, u8 offset, u8 len,
				   u8 *buf, struct netlink_ext_ack *extack);

/**
 * struct cmis_flash_ops - what a firmware update over CDB reports to its
 *	owner, an engine or a laser module
 * @progress: the update reached a step (downloading with @done of @total
 *	bytes, running, committing)
 * @aborted: whether it should stop, asked between blocks
 */
struct cmis_flash_ops {
	void (*progress)(void *ctx, enum cpo_flash_state state, u32 done,
			 u32 total);
	bool (*aborted)(void *ctx);
};

/* Firmware update, cmis_flash.c */
int cmis_cdb_flash(struct cmis_cdb *cdb, const struct cpo_flash_req *req,
		   const struct cmis_flash_ops *ops, void *ctx,
		   struct netlink_ext_ack *extack);
int cmis_cdb_wait_ready(struct cmis_cdb *cdb, u32 timeout_ms,
			struct netlink_ext_ack *extack);
int cmis_engine_firmware_flash(struct cpo_engine *engine, void *priv,
			       const struct cpo_flash_req *req,
			       struct netlink_ext_ack *extack);

/* Decoding helpers, shared with the KUnit tests */
void cmis_copy_string(char *dst, const u8 *src, size_t len);
void cmis_fw_version(char *dst, size_t size, u8 major, u8 minor, bool none);
u8 cmis_lane_flags(const u8 *flags, u32 index);
void cmis_fault_cause(struct cpo_engine_status *st, u8 cause);

#endif /* __CPO_CMIS_PRIV_H */
