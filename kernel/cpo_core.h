/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal structures of the cpo core, shared by its registry, netlink and
 * sysfs front ends. Drivers see only <linux/cpo.h>.
 */
#ifndef __CPO_CORE_H
#define __CPO_CORE_H

#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/cpo.h>

/*
 * Alarm flags, one bit each: (quantity - 1) * 4 + (level - 1) for the
 * threshold quantities and levels, then one bit per hardware flag.
 */
#define CPO_ALARM_LEVELS	4	/* high/low alarm, high/low warning */
#define CPO_ALARM_FLAG_BIT0	(CPO_QUANTITY_THRESHOLD_MAX * CPO_ALARM_LEVELS)
#define CPO_ALARM_BITS		(CPO_ALARM_FLAG_BIT0 + CPO_QUANTITY_MAX - \
				 CPO_QUANTITY_THRESHOLD_MAX)

/**
 * struct cpo_alarm_rec - history of one alarm flag, once it was first set
 * @node: in &cpo_alarms.recs
 * @bit: the flag
 * @count: times set since the last clear
 * @first_set: first set since the last clear, ns since the epoch
 * @last_set: last set, ns since the epoch
 * @last_clear: last ended, ns since the epoch
 * @value: the value that last set or cleared it
 * @threshold: the threshold it crossed
 */
struct cpo_alarm_rec {
	struct list_head node;
	u8 bit;
	u32 count;
	u64 first_set;
	u64 last_set;
	u64 last_clear;
	s64 value;
	s64 threshold;
};

/**
 * struct cpo_alarms - alarm flags of an engine or a lane, under cpo_lock
 * @active: flags whose condition lasts
 * @latched: flags set since they were last cleared by command
 * @recs: a struct cpo_alarm_rec per flag ever set, allocated then
 */
struct cpo_alarms {
	u32 active;
	u32 latched;
	struct list_head recs;
};

/**
 * struct cpo_io - who may talk to an engine's or a laser's hardware
 * @lock: held across every driver op of the object (and, for an engine,
 *	of its lanes), and while its copy of the state is stored; never taken
 *	with cpo_lock held, always before it
 * @wq: woken when @lock is released, for the bounded waits of requests
 * @work: the refresh
 * @interval_ms: period of the refresh, 0 for none; under cpo_lock
 * @refreshed: when the copy was last stored, ns since the epoch, 0 for
 *	never; under cpo_lock
 * @duration_ns: how long the last refresh took; under cpo_lock
 * @failures: consecutive refreshes that failed; under @lock
 * @unreachable: @failures reached CPO_UNREACHABLE_FAILURES; under cpo_lock
 * @behind: a read after a set failed, so the copy may be behind the
 *	hardware: refreshes come at least every CPO_CATCH_UP_MS, whatever
 *	@interval_ms, until one succeeds; under cpo_lock
 * @last_busy_ns: the transport's busy time at the previous refresh
 * @last_busy_at: when that was, ktime ns
 * @load_ppm: transport busy time per elapsed time between the last two
 *	refreshes, in parts per million; under cpo_lock
 * @stopping: unregistration started; no refresh is queued any more
 * @flashing: a firmware update owns the engine (or the laser's module):
 *	requests get EBUSY and refreshes pause; written with @lock and
 *	cpo_lock held
 * @slot: enum cpo_slot_state of the object's slot; while empty no op of
 *	the object is called, requests get ENODEV and no refresh runs;
 *	written with @lock and cpo_lock held, read with either
 */
struct cpo_io {
	struct mutex lock;	/* see above */
	wait_queue_head_t wq;
	struct delayed_work work;
	u32 interval_ms;
	u64 refreshed;
	u64 duration_ns;
	u32 failures;
	bool unreachable;
	bool behind;
	u64 last_busy_ns;
	u64 last_busy_at;
	u32 load_ppm;
	bool stopping;
	bool flashing;
	u32 slot;
};

/**
 * struct cpo_stats - service statistics of an engine or a lane, under
 *	cpo_lock; see cpo_stats.c
 * @dp_activations: lane: the data path entered activated
 * @dp_deactivations: lane: the data path left activated
 * @rx_los: lane: RX LOS raised
 * @rx_lol: lane: RX CDR LOL raised
 * @tx_fault: lane: TX fault raised
 * @in_service_ns: lane: time activated, up to @up_since
 * @up_since: lane: when the data path was seen activated, CLOCK_BOOTTIME
 *	ns; 0 while it is not
 * @failovers: lane: a failover moved it to another laser
 * @module_faults: engine: the module entered fault
 * @module_ready: engine: the module entered ready
 * @swaps: engine: a part was inserted into its slot after one was pulled
 * @last_swap: engine: when, ns since the epoch; 0 for none
 * @cleared: when the statistics were cleared or started, CLOCK_BOOTTIME ns
 */
struct cpo_stats {
	u64 dp_activations;
	u64 dp_deactivations;
	u64 rx_los;
	u64 rx_lol;
	u64 tx_fault;
	u64 in_service_ns;
	u64 up_since;
	u64 failovers;
	u64 module_faults;
	u64 module_ready;
	u64 swaps;
	u64 last_swap;
	u64 cleared;
};

/**
 * struct cpo_stats_val - service statistics as read at one time
 * @dp_activations: as &struct cpo_stats; of an engine, its lanes' sum
 * @dp_deactivations: as @dp_activations
 * @rx_los: as &struct cpo_stats
 * @rx_lol: as &struct cpo_stats
 * @tx_fault: as &struct cpo_stats
 * @in_service_ns: the time activated, the period under way included
 * @failovers: as &struct cpo_stats
 * @module_faults: as &struct cpo_stats
 * @module_ready: as &struct cpo_stats
 * @swaps: as &struct cpo_stats
 * @last_swap: as &struct cpo_stats
 * @elapsed_ns: time since the statistics were cleared or started
 */
struct cpo_stats_val {
	u64 dp_activations;
	u64 dp_deactivations;
	u64 rx_los;
	u64 rx_lol;
	u64 tx_fault;
	u64 in_service_ns;
	u64 failovers;
	u64 module_faults;
	u64 module_ready;
	u64 swaps;
	u64 last_swap;
	u64 elapsed_ns;
};

/* Refreshes that fail in a row before an engine is called unreachable. */
#define CPO_UNREACHABLE_FAILURES	3
/* Bounds of a settable refresh-interval, besides 0. */
#define CPO_REFRESH_MIN_MS		10
#define CPO_REFRESH_MAX_MS		3600000
/* How often a copy that is behind its hardware retries, at most. */
#define CPO_CATCH_UP_MS			1000
/* How long a request waits for a busy engine or laser. */
#define CPO_IO_WAIT_MS			5000

/**
 * struct cpo_flash - a firmware update of an engine or of a laser module,
 *	under way or the last
 * @work: runs the driver's firmware_flash op
 * @ref: held by the engine, or by each laser of the module, that points
 *	to it
 * @engine: the engine, referenced while @running; NULL for a laser module
 * @lasers: a laser module's lasers, the one the op is called on first,
 *	referenced, while @running
 * @n_lasers: their number
 * @id: the engine's id, or that of the laser the op is called on, for
 *	the notifications
 * @blob: the image, shared by the updates of one request, until the op
 *	returned
 * @net: the requester's namespace, while @portid
 * @portid: the requester's port, told each step; 0 once it is gone
 * @commit: commit the new image once it runs
 * @abort: stop at the next block; READ_ONCE
 * @running: the work has not ended
 * @state: enum cpo_flash_state
 * @done: bytes of the image the module took
 * @total: bytes of the image
 * @ntf_at: jiffies of the last announcement
 * @started: ns since the epoch
 * @updated: ns since the epoch, of the last announcement
 * @file: the image file
 * @message: why it failed
 *
 * All but @work, @blob and @commit under cpo_lock.
 */
struct cpo_flash {
	struct work_struct work;
	struct kref ref;
	struct cpo_engine *engine;
	struct cpo_laser **lasers;
	unsigned int n_lasers;
	u32 id;
	struct cpo_fw_blob *blob;
	struct net *net;
	u32 portid;
	bool commit;
	bool abort;
	bool running;
	u32 state;
	u32 done;
	u32 total;
	unsigned long ntf_at;
	u64 started;
	u64 updated;
	char file[128];
	char message[128];
};

/**
 * struct cpo_lane_test - a loopback and PRBS test of a lane, under way or
 *	the last one
 * @work: ends the test after its gating time
 * @lane: the lane; the test lives as long as it
 * @cfg: what runs
 * @gate_ms: gating time, 0 for until stopped
 * @deadline: jiffies when the gating time is over
 * @ber_limit: the BER (times 10^18) to pass with, when @has_limit
 * @has_limit: judge the result against @ber_limit
 * @selftest: part of the engine's self-test
 * @state: enum cpo_test_state
 * @started: ns since the epoch
 * @ended: ns since the epoch, 0 while running
 * @res: what the checker counted, once ended
 * @ber: errors over bits, times 10^18, once ended
 * @pass: with @has_limit, once ended
 * @message: why it failed
 *
 * Under cpo_lock; @state leaves running only with the engine's I/O lock
 * held too, so a holder of either sees whether the lane is under test.
 */
struct cpo_lane_test {
	struct delayed_work work;
	struct cpo_lane *lane;
	struct cpo_lane_test_cfg cfg;
	u32 gate_ms;
	unsigned long deadline;
	u64 ber_limit;
	bool has_limit;
	bool selftest;
	u32 state;
	u64 started;
	u64 ended;
	struct cpo_lane_test_result res;
	u64 ber;
	bool pass;
	char message[96];
};

/**
 * struct cpo_selftest - the bring-up self-test of an engine
 * @pattern: enum cpo_prbs_pattern
 * @gate_ms: each lane's gating time
 * @ber_limit: times 10^18
 * @state: enum cpo_test_state
 * @started: ns since the epoch
 * @ended: ns since the epoch, 0 while running
 * @lanes: lanes tested
 * @failed: lanes that did not pass
 * @pending: lanes whose test has not ended
 * @stopped: a lane's test was stopped before its gating time
 * @pass: once ended, every lane passed
 *
 * Under cpo_lock.
 */
struct cpo_selftest {
	u32 pattern;
	u32 gate_ms;
	u64 ber_limit;
	u32 state;
	u64 started;
	u64 ended;
	u32 lanes;
	u32 failed;
	u32 pending;
	bool stopped;
	bool pass;
};

/**
 * struct cpo_service - the service flow of an engine or of a laser
 *	module, see cpo_service.c
 * @state: enum cpo_service_state, 0 for none
 * @step: enum cpo_service_step of the last prepare or verify, 0 for none
 * @ok: that step succeeded
 * @busy: a verify runs, with the I/O lock released while lanes come up
 * @at: when it ended, ns since the epoch
 * @reason: why it failed
 * @notes: what verify found different but allowed
 *
 * Under cpo_lock; an engine's step runs with its I/O lock held too. Each
 * laser of a module carries the module's.
 */
struct cpo_service {
	u32 state;
	u32 step;
	bool ok;
	bool busy;
	u64 at;
	char reason[128];
	char notes[192];
};

/**
 * struct cpo_engine - a registered optical engine
 * @dev: the class device, /sys/class/cpo/engine<id>; owns the memory
 * @id: subsystem-assigned id, key in cpo_engine_xa
 * @info: fixed description copied from the driver
 * @ops: driver operations
 * @priv: driver cookie passed back to @ops
 * @lanes: registered lanes by index
 * @registered: false once unregistering started; checked by sysfs
 * @th: thresholds of the engine, and of its lanes without their own
 * @alarms: the engine's alarm flags
 * @hwmon: the hwmon device, or NULL
 * @io: hardware access and refresh
 * @st: the copy of the engine's state every reader is served from; written
 *	with @io.lock and cpo_lock held, read with either
 * @scratch: the lanes' status as the refresh op fills it, lane_count
 *	entries; under @io.lock
 * @fw: the module's firmware banks as last read; written with @io.lock
 *	and cpo_lock held, read with either
 * @fw_reread: the module came up since the banks were read; under @io.lock
 * @flash: the firmware update under way, or the last one; under cpo_lock
 * @selftest: the self-test under way, or the last one; under cpo_lock
 * @tests: lane tests under way; changed with @io.lock and cpo_lock held
 * @leaving: cpo_engine_removed() is stopping the engine's jobs: no lane
 *	test or firmware update may begin; under cpo_lock
 * @stats: service statistics; under cpo_lock
 * @ports: the &struct cpo_port of its lanes; under cpo_lock
 * @kept: the copy as it was when the part was pulled: the configuration
 *	restored into the next part (power mode); under cpo_lock
 * @svc: the service flow
 * @svc_was: the identity of the part when its service was prepared: the
 *	provisioned type, lane count and rate, the vendor, part and serial;
 *	under cpo_lock
 * @svc_fw_min: the provisioned minimum firmware version, "" for none;
 *	under cpo_lock
 * @svc_saved: the copy when its service was prepared, the configuration
 *	verify brings back; under cpo_lock
 */
struct cpo_engine {
	struct device dev;
	u32 id;
	struct cpo_engine_info info;
	const struct cpo_engine_ops *ops;
	void *priv;
	struct xarray lanes;
	bool registered;
	struct cpo_thresholds th;
	struct cpo_alarms alarms;
	struct device *hwmon;
	struct cpo_io io;
	struct cpo_engine_status st;
	struct cpo_lane_status *scratch;
	struct cpo_fw_info fw;
	bool fw_reread;
	struct cpo_flash *flash;
	struct cpo_selftest *selftest;
	u32 tests;
	bool leaving;
	struct cpo_stats stats;
	struct list_head ports;
	struct cpo_engine_status kept;
	struct cpo_service svc;
	struct cpo_engine_info svc_was;
	char svc_fw_min[8];
	struct cpo_engine_status svc_saved;
};

/**
 * struct cpo_lane - a registered lane of an engine
 * @kobj: the sysfs directory engine<id>/lane<index>; owns the memory
 * @id: subsystem-assigned id, key in cpo_lane_xa
 * @index: lane number within the engine
 * @engine: the engine, which outlives its lanes
 * @ops: driver operations
 * @priv: driver cookie passed back to @ops
 * @laser: the laser feeding the lane, or NULL
 * @home: while the lane is fed by the standby of its primary
 *	(cpo_standby.c), that primary; NULL otherwise
 * @ifindex: the port (netdev) the lane serves in init_net, or 0
 * @fiber_position: connector and position of the lane's fiber
 * @registered: false once unregistering started; checked by sysfs
 * @th: thresholds of the lane's own, or NULL to use the engine's
 * @alarms: the lane's alarm flags
 * @st: the copy of the lane's state, under the engine's @io.lock and
 *	cpo_lock as &cpo_engine.st
 * @refreshed: when @st was stored, ns since the epoch; under cpo_lock
 * @test: the lane's test under way or the last one, or NULL; see
 *	&struct cpo_lane_test
 * @stats: service statistics; under cpo_lock
 * @kept: the copy as it was when the engine was pulled: the lane's
 *	configuration restored into the next part; under cpo_lock
 * @svc_saved: the copy when the service of its engine, or of the laser
 *	module feeding it, was prepared: what verify brings back; under
 *	cpo_lock
 */
struct cpo_lane {
	struct kobject kobj;
	u32 id;
	u32 index;
	struct cpo_engine *engine;
	const struct cpo_lane_ops *ops;
	void *priv;
	struct cpo_laser *laser;
	struct cpo_laser *home;
	int ifindex;
	char fiber_position[32];
	bool registered;
	struct cpo_thresholds *th;
	struct cpo_alarms alarms;
	struct cpo_lane_status st;
	u64 refreshed;
	struct cpo_lane_test *test;
	struct cpo_stats stats;
	struct cpo_lane_status kept;
	struct cpo_lane_status svc_saved;
};

/**
 * struct cpo_laser - a registered laser
 * @dev: the class device, /sys/class/cpo/laser<id>; owns the memory
 * @id: subsystem-assigned id, key in cpo_laser_xa
 * @info: fixed description copied from the driver
 * @ops: driver operations
 * @priv: driver cookie passed back to @ops
 * @spare: for a primary, the spare that can take over its lanes
 * @covering: for a spare that took over, or a standby that feeds the
 *	lanes of a primary, that primary
 * @standby: for a primary, the laser of another module that can feed its
 *	lanes through the board's coupler (cpo_standby.c)
 * @standby_lit: for a standby feeding a primary's lanes, it was off and
 *	the move turned it on: the failback turns it off again
 * @standby_claimed: a move to this standby is under way
 * @registered: false once unregistering started; checked by sysfs
 * @io: hardware access and refresh
 * @st: the copy of the laser's state, as &cpo_engine.st
 * @kept: the copy as it was when the part was pulled (enable, failover
 *	policy), restored into the next; under cpo_lock
 * @swaps: parts inserted into the laser's slot after one was pulled
 * @last_swap: when the last was, ns since the epoch; 0 for none
 * @fw: the firmware banks of the laser's module, as last read; under
 *	cpo_lock once the laser is visible
 * @svc: the service flow of the laser's module, under cpo_lock
 * @flash: the firmware update of the laser's module under way, or the
 *	last one, shared by the module's lasers; under cpo_lock
 * @svc_was: the identity of the module when its service was prepared;
 *	under cpo_lock
 * @svc_fw_min: the provisioned minimum firmware version of the module, ""
 *	for none; under cpo_lock
 * @refused: the module inserted last has another layout than the one
 *	registered: the driver refused it and the slot stayed empty; under
 *	cpo_lock
 *
 * All pointers are under cpo_lock and cleared when the laser they point
 * to is unregistered.
 */
struct cpo_laser {
	struct device dev;
	u32 id;
	struct cpo_laser_info info;
	const struct cpo_laser_ops *ops;
	void *priv;
	struct cpo_laser *spare;
	struct cpo_laser *covering;
	struct cpo_laser *standby;
	bool standby_lit;
	bool standby_claimed;
	bool registered;
	struct cpo_io io;
	struct cpo_laser_status st;
	struct cpo_laser_status kept;
	u64 swaps;
	u64 last_swap;
	struct cpo_fw_info fw;
	struct cpo_service svc;
	struct cpo_flash *flash;
	struct cpo_laser_ident svc_was;
	char svc_fw_min[8];
	bool refused;
};

/* The one subsystem lock: registry, driver ops, message building. */
extern struct mutex cpo_lock;
extern struct xarray cpo_engine_xa;
extern struct xarray cpo_lane_xa;
extern struct xarray cpo_laser_xa;
/* Bumped on every registration change; dumps compare it (NLM_F_DUMP_INTR). */
extern unsigned int cpo_generation;

static inline struct cpo_engine *cpo_engine_from_dev(struct device *dev)
{
	return container_of(dev, struct cpo_engine, dev);
}

static inline struct cpo_laser *cpo_laser_from_dev(struct device *dev)
{
	return container_of(dev, struct cpo_laser, dev);
}

static inline struct cpo_lane *cpo_lane_from_kobj(struct kobject *kobj)
{
	return container_of(kobj, struct cpo_lane, kobj);
}

struct cpo_engine *cpo_engine_get_by_id(u32 id);
struct cpo_lane *cpo_lane_get_by_id(u32 id);
struct cpo_lane *cpo_lane_get_by_index(struct cpo_engine *engine, u32 index);
struct cpo_laser *cpo_laser_get_by_id(u32 id);

/* refresh and hardware access, cpo_refresh.c */
int cpo_refresh_init(void);
void cpo_refresh_exit(void);
void cpo_io_init(struct cpo_io *io, work_func_t fn);
int cpo_io_lock(struct cpo_io *io, struct netlink_ext_ack *extack);
void cpo_io_unlock(struct cpo_io *io);
void cpo_io_schedule(struct cpo_io *io, unsigned long delay_ms);
void cpo_io_stop(struct cpo_io *io);
void cpo_engine_refresh_work(struct work_struct *work);
void cpo_engine_refresh_passes(struct cpo_engine *engine);
void cpo_laser_refresh_work(struct work_struct *work);
int cpo_engine_lock_io(struct cpo_engine *engine,
		       struct netlink_ext_ack *extack);
int cpo_laser_lock_io(struct cpo_laser *laser,
		      struct netlink_ext_ack *extack);
void cpo_engine_reread(struct cpo_engine *engine);
void cpo_lane_reread(struct cpo_lane *lane, bool announce);
void cpo_laser_reread(struct cpo_laser *laser, bool announce);
int cpo_engine_set_refresh_interval(struct cpo_engine *engine, u32 ms,
				    struct netlink_ext_ack *extack);
bool cpo_engine_bus_stats(struct cpo_engine *engine,
			  struct cpo_bus_stats *stats);
extern unsigned int cpo_default_refresh_ms;
/* Pure helpers of the refresh, shared with its KUnit tests */
int cpo_refresh_interval_check(u32 ms);
u32 cpo_bus_load_ppm(u64 busy_ns, u64 elapsed_ns);
bool cpo_engine_state_differs(const struct cpo_engine_status *a,
			      const struct cpo_engine_status *b);
bool cpo_lane_state_differs(const struct cpo_lane_status *a,
			    const struct cpo_lane_status *b);
bool cpo_laser_state_differs(const struct cpo_laser_status *a,
			     const struct cpo_laser_status *b);

/*
 * Setters shared by netlink and sysfs: with the object's I/O lock held
 * (cpo_engine_lock_io()), without cpo_lock. 1 = changed, 0 = unchanged.
 * The caller re-reads the object (cpo_*_reread()) when something changed.
 */
int cpo_engine_set_power_mode(struct cpo_engine *engine,
			      enum cpo_power_mode mode,
			      struct netlink_ext_ack *extack);
enum cpo_lane_field { CPO_LANE_TX_ENABLE, CPO_LANE_RX_ENABLE, CPO_LANE_POWER };
int cpo_lane_set_check(struct cpo_lane *lane, enum cpo_lane_field field,
		       u32 val, struct netlink_ext_ack *extack);
int cpo_lane_set(struct cpo_lane *lane, enum cpo_lane_field field, u32 val,
		 struct netlink_ext_ack *extack);
void cpo_lane_undo(struct cpo_lane *lane, enum cpo_lane_field field,
		   const struct cpo_lane_status *old);
u32 cpo_lane_field_value(const struct cpo_lane_status *st,
			 enum cpo_lane_field field);
int cpo_laser_set_enable(struct cpo_laser *laser, bool enable,
			 struct netlink_ext_ack *extack);
int cpo_laser_set_failover_policy(struct cpo_laser *laser,
				  enum cpo_failover_policy policy,
				  struct netlink_ext_ack *extack);
int cpo_laser_start_failover(struct cpo_laser *laser,
			     struct netlink_ext_ack *extack);
int cpo_laser_start_failback(struct cpo_laser *laser,
			     struct netlink_ext_ack *extack);

/* Standby lasers in another module (cpo_standby.c). */
#define CPO_STANDBY_WAIT_MS	5000
bool cpo_laser_standby_usable(const struct cpo_laser *primary);
bool cpo_laser_on_standby(const struct cpo_laser *primary);
int cpo_laser_standby_move(struct cpo_laser *primary,
			   struct netlink_ext_ack *extack);
int cpo_laser_standby_back(struct cpo_laser *primary, unsigned int wait_ms,
			   struct netlink_ext_ack *extack);

/* Derived values, shared by netlink and sysfs; cpo_lock held. */
bool cpo_engine_energy_per_bit(const struct cpo_engine *engine,
			       const struct cpo_engine_status *st, u32 *epb);
const char *cpo_lane_port_name(const struct cpo_lane *lane, char *buf);

/* Enum names, as in the netlink spec; NULL when out of range. */
const char *cpo_engine_type_name(u32 type);
const char *cpo_fw_bank_name(u32 bank);
const char *cpo_media_type_name(u32 type);
const char *cpo_module_state_name(u32 state);
const char *cpo_power_mode_name(u32 mode);
const char *cpo_dp_state_name(u32 state);
const char *cpo_lane_power_name(u32 power);
const char *cpo_fault_cause_name(u32 cause);
const char *cpo_laser_type_name(u32 type);
const char *cpo_laser_state_name(u32 state);
const char *cpo_laser_role_name(u32 role);
const char *cpo_failover_policy_name(u32 policy);
const char *cpo_slot_state_name(u32 state);

/* slots, cpo_slot.c */
static inline bool cpo_io_present(const struct cpo_io *io)
{
	return io->slot != CPO_SLOT_STATE_EMPTY;
}

int cpo_engine_restore(struct cpo_engine *engine);
int cpo_laser_restore(struct cpo_laser *laser);

/* thresholds and alarms, cpo_alarm.c; cpo_lock held unless said */
u32 cpo_threshold_eval(const struct cpo_threshold *t, s64 value);
int cpo_threshold_check(const struct cpo_threshold *t);
bool cpo_quantity_is_engine(u32 quantity);
unsigned int cpo_alarm_bit(u32 quantity, u32 level);
void cpo_alarm_bit_split(unsigned int bit, u32 *quantity, u32 *level);
void cpo_alarms_init(struct cpo_alarms *alarms);
void cpo_alarms_free(struct cpo_alarms *alarms);
struct cpo_alarm_rec *cpo_alarm_rec(struct cpo_alarms *alarms,
				    unsigned int bit);
bool cpo_alarm_apply(struct cpo_alarms *alarms, unsigned int bit, bool set,
		     u64 now, s64 value, s64 threshold);
void cpo_alarms_clear(struct cpo_alarms *alarms, u32 mask);
void cpo_engine_thresholds_init(struct cpo_engine *engine);
void cpo_engine_firmware_init(struct cpo_engine *engine);
void cpo_engine_firmware_reread(struct cpo_engine *engine);
void cpo_laser_firmware_init(struct cpo_laser *laser);
void cpo_laser_firmware_reread(struct cpo_laser *laser);

/* service statistics, cpo_stats.c; cpo_lock held */
void cpo_stats_start(struct cpo_stats *s, bool up);
void cpo_lane_stats_start(struct cpo_lane *lane);
void cpo_lane_stats_update(struct cpo_lane *lane,
			   const struct cpo_lane_status *old,
			   const struct cpo_lane_status *st);
void cpo_engine_stats_update(struct cpo_engine *engine,
			     const struct cpo_engine_status *old,
			     const struct cpo_engine_status *st);
void cpo_lane_stats_failover(struct cpo_lane *lane);
void cpo_lane_stats_clear(struct cpo_lane *lane);
void cpo_engine_stats_clear(struct cpo_engine *engine);
void cpo_lane_stats_get(const struct cpo_lane *lane, struct cpo_stats_val *v);
void cpo_engine_stats_get(struct cpo_engine *engine, struct cpo_stats_val *v);

/* cpo_flash.c, cpo_nl_flash.c */
int cpo_fw_check(const struct cpo_engine *engine, const u8 *data, size_t size,
		 struct netlink_ext_ack *extack);
int cpo_engine_flash_start(struct cpo_engine *engine, const char *file,
			   bool commit, u32 portid, struct net *net,
			   struct netlink_ext_ack *extack);
int cpo_engine_flash_abort(struct cpo_engine *engine,
			   struct netlink_ext_ack *extack);
int cpo_device_flash_start(const char *name, const char *file,
			   const char *laser_file, bool commit, u32 portid,
			   struct net *net, struct netlink_ext_ack *extack);
int cpo_device_flash_abort(const char *name, struct netlink_ext_ack *extack);
void cpo_engine_flash_stop(struct cpo_engine *engine);
int cpo_laser_flash_start(struct cpo_laser *laser, const char *file,
			  bool commit, u32 portid, struct net *net,
			  struct netlink_ext_ack *extack);
int cpo_laser_flash_abort(struct cpo_laser *laser,
			  struct netlink_ext_ack *extack);
void cpo_laser_flash_stop(struct cpo_laser *laser);
void cpo_flash_put(struct cpo_flash *fl);
int cpo_flash_fill(struct sk_buff *msg, int attrtype,
		   const struct cpo_flash *fl);
void cpo_flash_notify(struct cpo_flash *fl);
struct cpo_engine **cpo_device_engines(const char *name, unsigned int *n);
void cpo_device_engines_put(struct cpo_engine **v, unsigned int n);

/*
 * One image shared by the updates of one request: each update holds a
 * reference until its driver op returned. Between cpo_flash.c and
 * cpo_flash_device.c, with what begins an update.
 */
struct cpo_fw_blob {
	struct kref ref;
	const struct firmware *fw;
};

struct cpo_svc_module;
struct cpo_fw_blob *cpo_fw_blob_get(const char *file, struct device *dev,
				    struct netlink_ext_ack *extack);
void cpo_fw_blob_put(struct cpo_fw_blob *blob);
int cpo_fw_check_image(const u8 *data, size_t size,
		       struct netlink_ext_ack *extack);
bool cpo_fw_fits(const struct cpo_engine *engine, const u8 *data);
bool cpo_fw_fits_laser(const struct cpo_laser *laser, const u8 *data);
int cpo_flash_begin(struct cpo_engine *engine, struct cpo_fw_blob *blob,
		    const char *file, bool commit, u32 portid, struct net *net,
		    struct netlink_ext_ack *extack);
int cpo_flash_begin_lasers(struct cpo_svc_module *m, struct cpo_fw_blob *blob,
			   const char *file, bool commit, u32 portid,
			   struct net *net, struct netlink_ext_ack *extack);
bool cpo_flash_module_busy(const struct cpo_svc_module *m);

/* cpo_test.c, cpo_nl_test.c: lane tests and the engine self-test */
bool cpo_lane_testing(const struct cpo_lane *lane);
int cpo_lane_test_start(struct cpo_lane *lane,
			const struct cpo_lane_test_cfg *cfg, u32 gate_ms,
			bool force, const u64 *ber_limit,
			struct netlink_ext_ack *extack);
int cpo_lane_test_stop(struct cpo_lane *lane, struct netlink_ext_ack *extack);
void cpo_lane_test_cancel(struct cpo_lane *lane, const char *why);
int cpo_engine_selftest_start(struct cpo_engine *engine,
			      const struct cpo_selftest *req, bool force,
			      struct netlink_ext_ack *extack);
int cpo_engines_selftest_start(struct cpo_engine **v, unsigned int n,
			       const struct cpo_selftest *req, bool force,
			       struct netlink_ext_ack *extack);
void cpo_engine_selftest_stop(struct cpo_engine *engine);
int cpo_engines_selftest_stop(struct cpo_engine **v, unsigned int n,
			      struct netlink_ext_ack *extack);
int cpo_lane_test_fill(struct sk_buff *msg, const struct cpo_lane *lane);
int cpo_selftest_fill(struct sk_buff *msg, const struct cpo_engine *engine);
void cpo_lane_test_notify(struct cpo_lane *lane);
void cpo_selftest_notify(struct cpo_engine *engine);
bool cpo_engine_came_up(const struct cpo_engine_status *old,
			const struct cpo_engine_status *st);
const struct cpo_thresholds *cpo_lane_thresholds(const struct cpo_lane *lane);
void cpo_engine_evaluate(struct cpo_engine *engine);
void cpo_engine_unreachable_alarm(struct cpo_engine *engine, bool set);
void cpo_lane_evaluate(struct cpo_lane *lane);
const char *cpo_quantity_name(u32 quantity);
const char *cpo_alarm_level_name(u32 level);

/* hwmon, cpo_hwmon.c: context as cpo_engine_register/unregister */
int cpo_hwmon_init(void);
void cpo_hwmon_exit(void);
void cpo_hwmon_register(struct cpo_engine *engine);
void cpo_hwmon_unregister(struct cpo_engine *engine);

/* netlink front end */
int cpo_netlink_init(void);
void cpo_netlink_exit(void);
void cpo_engine_notify(struct cpo_engine *engine, u8 cmd);
void cpo_lane_notify(struct cpo_lane *lane, u8 cmd);
void cpo_laser_notify(struct cpo_laser *laser, u8 cmd);
void cpo_alarm_notify(struct cpo_engine *engine, struct cpo_lane *lane,
		      unsigned int bit, bool active, s64 value, s64 threshold,
		      u64 *seq);

/* ports: lanes' netdevs, forgotten when the netdev goes away */
int cpo_port_init(void);
void cpo_port_exit(void);
void cpo_engine_ports_update(struct cpo_engine *engine);
bool cpo_lane_carries(const struct cpo_lane_status *st);

/* sysfs front end */
extern struct class cpo_class;
extern const struct device_type cpo_engine_type;
extern const struct attribute_group cpo_fw_group;
extern const struct device_type cpo_laser_type;
int cpo_sysfs_init(void);
void cpo_sysfs_exit(void);
int cpo_lane_sysfs_add(struct cpo_lane *lane);
extern const struct kobj_type cpo_lane_ktype;

/* the service flow, cpo_service.c and cpo_nl_service.c */
int cpo_engine_service_prepare(struct cpo_engine *engine, bool force,
			       struct netlink_ext_ack *extack);
int cpo_engine_service_verify(struct cpo_engine *engine,
			      struct netlink_ext_ack *extack);
/* How long verify waits for the lanes to carry traffic again, polling. */
#define CPO_SERVICE_UP_MS	3000
#define CPO_SERVICE_POLL_MS	20

/* The lasers of one laser module, referenced: see cpo_service_laser.c. */
struct cpo_svc_module {
	struct cpo_laser **lasers;
	unsigned int n;
};

void cpo_service_record(struct cpo_service *svc, u32 step, u32 state,
			int err);
bool cpo_service_lane_in(const struct cpo_lane *lane,
			 const struct cpo_svc_module *m);
struct cpo_lane *cpo_service_busy_lane(struct cpo_engine *engine,
				       const struct cpo_svc_module *m);
int cpo_service_lanes_down(struct cpo_engine *engine,
			   const struct cpo_svc_module *m,
			   struct netlink_ext_ack *extack);
bool cpo_service_lanes_up(struct cpo_engine *engine,
			  const struct cpo_svc_module *m);
int cpo_service_check_fibers(struct cpo_engine *engine,
			     const struct cpo_svc_module *m, char *why,
			     size_t len);
int cpo_service_check_light(struct cpo_engine *engine,
			    const struct cpo_svc_module *m, char *why,
			    size_t len);
int cpo_laser_service_prepare(struct cpo_laser *laser, bool force,
			      struct netlink_ext_ack *extack);
int cpo_laser_service_verify(struct cpo_laser *laser,
			     struct netlink_ext_ack *extack);
bool cpo_laser_same_module(const struct cpo_laser *a,
			   const struct cpo_laser *b);
int cpo_svc_module_get(struct cpo_laser *laser, struct cpo_svc_module *m);
void cpo_svc_module_put(struct cpo_svc_module *m);
void cpo_service_laser_notify(struct cpo_laser *laser);
void cpo_laser_set_fw_min(struct cpo_laser *laser, const char *version);
int cpo_fw_min_check(const char *version, struct netlink_ext_ack *extack);
bool cpo_engine_set_fw_min(struct cpo_engine *engine, const char *version);
int cpo_service_engine_fill(struct sk_buff *msg,
			    struct cpo_engine *engine);
void cpo_service_notify(struct cpo_engine *engine);
int cpo_fw_version_cmp(const char *a, const char *b);

#endif /* __CPO_CORE_H */
