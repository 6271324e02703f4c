/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpo_sim internals: simulated optical engines, each a CMIS memory map in
 * RAM with timed behaviour, registered through the CMIS layer. Split by
 * feature: bus.c (the cposim bus and its new_device/del_device files),
 * dev.c (a device and its engines), map.c (the memory map and the
 * transport), busmodel.c (the timing of the I2C bus behind the
 * transports), behaviour.c (state machines and physics), cdb.c (the
 * command interface), fwupdate.c (firmware download and restart over it),
 * prbs.c (loopbacks, PRBS generators and checkers), debugfs.c (knobs).
 */
#ifndef __CPOSIM_H
#define __CPOSIM_H

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/cpo_cmis.h>
#include "../cpo_compat.h"
#include "../cmis/cmis_regs.h"

#define CPOSIM_MAX_ENGINES		64
#define CPOSIM_MAX_LANES		64
#define CPOSIM_DEFAULT_ENGINES		1
#define CPOSIM_DEFAULT_LANES		8
#define CPOSIM_DEFAULT_DP_STEP_MS	20
#define CPOSIM_DEFAULT_RATE		200000	/* Mb/s */
#define CPOSIM_DEFAULT_LOSS_CDB		300	/* link loss, 0.01 dB */
#define CPOSIM_LANES_PER_LASER		4
#define CPOSIM_ELS_PRIMARIES		8	/* per laser module */
#define CPOSIM_ELS_PRIMARIES_PER_SPARE	4
#define CPOSIM_MAX_OVERTEMP		100	/* degC */

/* Bus model (busmodel.c): clock 0 (no delay) or 10 kHz .. 3.4 MHz. */
#define CPOSIM_BUS_MIN_KHZ		10
#define CPOSIM_BUS_MAX_KHZ		3400
#define CPOSIM_BUS_MAX_STALL_MS		10000
#define CPOSIM_BUS_PPM			1000000	/* NACK, timeout rates: per million */
#define CPOSIM_BUS_TIMEOUT_MS		25	/* SMBus tTIMEOUT, min */
#define CPOSIM_BUS_SEL_NONE		0
#define CPOSIM_BUS_SEL_VALID		BIT(16)

/* Where a board's lasers are. */
enum cposim_lasers {
	CPOSIM_LASERS_NONE,
	CPOSIM_LASERS_INTERNAL,
	CPOSIM_LASERS_EXTERNAL,
};

/**
 * struct cposim_bus_config - the bus timing new_device asked for
 * @khz: clock in kHz, 0 for no delay
 * @stall_ms: extra stall per access in ms
 */
struct cposim_bus_config {
	u32 khz;
	u32 stall_ms;
};

/**
 * struct cposim_bus_model - the modelled bus to an engine or a laser source
 * @bus_lock: held while a transaction occupies the bus, which is serial;
 *	never the owner's model lock, so the model runs on meanwhile
 * @khz: clock in kHz, 0 for no delay (debugfs knob)
 * @stall_ms: extra ms per completed access (debugfs knob)
 * @nack_ppm: accesses NACKed, per million (debugfs knob)
 * @timeout_ppm: accesses timed out, per million (debugfs knob)
 * @sel: bank and page last selected, as cposim_bus_sel() gives them;
 *	CPOSIM_BUS_SEL_NONE when unknown
 * @transactions: accesses that reached the bus, failed ones included,
 *	page select writes not
 * @bytes: data bytes of the completed accesses
 * @page_selects: bank and page select writes
 * @nacks: accesses NACKed
 * @timeouts: accesses timed out
 * @busy_ns: modelled time the bus was busy, not wall time
 */
struct cposim_bus_model {
	struct mutex bus_lock;	/* see above */
	u32 khz;
	u32 stall_ms;
	u32 nack_ppm;
	u32 timeout_ppm;
	u32 sel;
	atomic64_t transactions;
	atomic64_t bytes;
	atomic64_t page_selects;
	atomic64_t nacks;
	atomic64_t timeouts;
	atomic64_t busy_ns;
};

/**
 * struct cposim_config - what new_device asked for
 * @engines: number of engines
 * @lanes: lanes per engine
 * @type: enum cpo_engine_type
 * @rate: lane rate in Mb/s
 * @lasers: enum cposim_lasers
 * @field_replaceable: the engines are field-replaceable
 * @vdm: the engines report pre-FEC BER and eSNR (VDM pages); linear
 *	optics, without a DSP, do not
 * @bus: bus timing of every engine and laser source of the device
 * @port_lanes: lanes per port (netdev, port.c), 0 for no netdevs
 */
struct cposim_config {
	u32 engines;
	u32 lanes;
	enum cpo_engine_type type;
	u32 rate;
	enum cposim_lasers lasers;
	bool field_replaceable;
	bool vdm;
	struct cposim_bus_config bus;
	u32 port_lanes;
};

/*
 * A BER of 1, times 10^18: cpo carries BER as the ratio times 10^18
 * (cmis_e18_to_f16()).
 */
#define CPOSIM_BER_ONE			1000000000000000000ULL

struct dentry;
struct cposim_cdb;
struct cposim_engine;
struct cposim_els;

/**
 * struct cposim_fw_image - a firmware image in one bank of a module
 * @major: version
 * @minor: version
 * @build: version
 * @valid: the bank holds a complete, checked image
 */
struct cposim_fw_image {
	u8 major;
	u8 minor;
	u16 build;
	bool valid;
};

/**
 * struct cposim_fw_download - the image a download (0101h..0107h) writes
 * @open: between a good 0101h and the 0107h or 0102h that ends it
 * @target: the bank written, the one that does not run
 * @image: the version the header gives, not valid
 * @len: payload bytes: the image less its header
 * @crc: their CRC-32, as the header gives it
 * @written: payload bytes written, from the first: blocks come in order,
 *	each starting at or before @written (a block sent again is fine)
 * @buf: the payload, @len bytes (vmalloc)
 */
struct cposim_fw_download {
	bool open;
	u8 target;
	struct cposim_fw_image image;
	u32 len;
	u32 crc;
	u32 written;
	u8 *buf;
};

/* Where a module is in a restart (fwupdate.c). */
enum cposim_fw_phase {
	CPOSIM_FW_IDLE,		/* runs its image */
	CPOSIM_FW_RUN_PENDING,	/* 0109h done: resets after its delay */
	CPOSIM_FW_BOOTING,	/* reset: does not answer for boot_ms */
	CPOSIM_FW_HUNG,		/* fw_hang: does not answer until cleared */
};

/**
 * struct cposim_cdb_ops - what a module's CDB asks of its owner, an engine
 *	or a laser module
 * @go_dark: the module restarts (@lock held): what it shows while it does
 *	not answer
 * @booted: it runs its image again (@lock held): render and go on
 * @announce: it answers again (no lock held): raise its interrupt
 */
struct cposim_cdb_ops {
	void (*go_dark)(struct cposim_cdb *cdb);
	void (*booted)(struct cposim_cdb *cdb);
	void (*announce)(struct cposim_cdb *cdb);
};

/**
 * struct cposim_cdb - a module's CDB (page 9Fh) and its firmware banks
 * @page9f: page 9Fh, the command and its reply
 * @image: banks A and B
 * @factory: the factory image
 * @running: the bank that runs, 0 = A, 1 = B
 * @committed: the bank the module boots
 * @dl: the download under way, if @dl.open
 * @phase: enum cposim_fw_phase
 * @boot: the bank the module boots once @phase CPOSIM_FW_BOOTING ends
 * @trial: that boot tries a new image (0109h): fw_hang, fw_run_fail and
 *	fw_power_cut apply to it
 * @run_delay: the delay of the pending 0109h, in ms
 * @run_seen: the host read the result of that 0109h: the delay runs
 * @ops: the owner's part in a restart
 * @lock: the owner's map lock, which guards all of the above and below
 * @lower: the owner's lower memory: byte 37 the status, 39/40 the running
 *	image's version
 * @page00: the owner's page 00h: the vendor and part an image must name
 * @page01: the owner's page 01h: the other image's version at 128/129
 * @work: carries out the command, @busy_ms after it was written
 * @fw_work: the restart of 0109h and of a power loss: the reset after
 *	the delay of 0109h, the end of the boot
 * @busy_ms: how long a command takes (debugfs)
 * @fail: result code every command fails with, 0 for none (debugfs)
 * @boot_ms: how long a restart keeps the module silent (debugfs)
 * @run_fail: a new image fails to boot: the committed one comes back
 *	(debugfs)
 * @hang: a new image hangs: the module stays silent (debugfs)
 * @power_cut: the power goes after this many more block writes (0103h),
 *	or during a restart into a new image; 0 for never (debugfs)
 * @dying: teardown started: no command is carried out any more
 */
struct cposim_cdb {
	u8 page9f[CMIS_PAGE_SIZE];
	u8 epl[CMIS_CDB_EPL_MAX];
	u8 write_mech;
	struct cposim_fw_image image[2];
	struct cposim_fw_image factory;
	u8 running;
	u8 committed;
	struct cposim_fw_download dl;
	u8 phase;
	u8 boot;
	bool trial;
	u16 run_delay;
	bool run_seen;
	const struct cposim_cdb_ops *ops;
	struct mutex *lock;	/* the owner's, see above */
	u8 *lower;
	const u8 *page00;
	u8 *page01;
	struct delayed_work work;
	struct delayed_work fw_work;
	u32 busy_ms;
	u32 fail;
	u32 boot_ms;
	bool run_fail;
	bool hang;
	u32 power_cut;
	bool dying;
};

/* A module that restarts does not answer: its transport fails. */
static inline bool cposim_cdb_offline(const struct cposim_cdb *cdb)
{
	return cdb->phase == CPOSIM_FW_BOOTING || cdb->phase == CPOSIM_FW_HUNG;
}

/**
 * struct cposim_cdb_mem - what a command allocates and frees without the
 *	CDB's lock
 * @spare: a payload buffer for 0101h, @spare_len bytes, or NULL; taken by
 *	the download it opens
 * @spare_len: its size
 * @old: the buffer of a download that ended, to free, or NULL
 */
struct cposim_cdb_mem {
	u8 *spare;
	u32 spare_len;
	u8 *old;
};

/**
 * struct cposim_laser - one simulated laser of a laser source
 * @els: the source
 * @index: laser number within the source
 * @spare: CMIS_LS_SPARE_MAP entry: index of the spare of a primary,
 *	CMIS_LS_NO_SPARE or CMIS_LS_IS_SPARE
 * @state: CMIS_LS_STATE_*
 * @served_by: for a primary, the laser feeding its lanes: itself or its
 *	spare; for a spare, the primary it covers or CMIS_LS_NO_SPARE
 * @failed_covered: a primary that failed while its spare covered it: with
 *	auto failover, its lanes go back to it once it is healthy again
 * @fail: failed (debugfs knob)
 * @overtemp: degrees C above the TEC set point (debugfs knob)
 * @hours: hours of operation (debugfs knob)
 * @output: optical output in uW
 * @feed: light per lane of the lanes this primary feeds, in 0.1 uW,
 *	read without the source's lock by the engines
 * @standby: for a primary, the laser of another module whose light also
 *	reaches its lanes, through the board's coupler (els<K>/standby), or
 *	NULL; under the device's slot lock, read without it by the engines
 * @ddir: debugfs directory laser<index>
 */
struct cposim_laser {
	struct cposim_els *els;
	u32 index;
	u8 spare;
	u8 state;
	u8 served_by;
	bool failed_covered;
	bool fail;
	u32 overtemp;
	u32 hours;
	u32 output;
	u32 feed;
	struct cposim_laser *standby;
	struct dentry *ddir;
};

/**
 * struct cposim_els - simulated laser source: an external laser module, or
 *	the lasers inside an engine
 * @sdev: the device
 * @index: module number, or engine number for internal lasers
 * @internal: the lasers sit inside engine @index
 * @lock: guards the pages, the model and @dying
 * @dying: teardown started: no more steps are queued
 * @step_work: carries out control writes, failovers and failbacks
 * @ls: the CMIS laser source, once registered
 * @read_err: errno every transport read fails with (debugfs)
 * @write_err: errno every transport write fails with (debugfs)
 * @bus: the bus the transport goes over
 * @ddir: debugfs directory: els<K>, or ls in the engine's for internal
 *	lasers
 * @pulled: the module is out of its slot: its transport fails, its lasers
 *	feed nothing; under @lock, read once without it by the transport
 * @ctrl: page B0h
 * @mon: page B1h
 * @status: page B2h
 * @lower: lower memory of a laser module (not of internal lasers)
 * @page00: its page 00h, identity
 * @page01: its page 01h, the other image's version and the CDB
 * @cdb: its CDB and firmware banks (cdb.c and fwupdate.c, as an engine's)
 * @standby_by: the module whose lasers back this one's (laser i backs
 *	laser i) through the board's couplers, or NULL; under the device's
 *	slot lock
 * @count: number of lasers
 * @lasers: the lasers, @count entries
 */
struct cposim_els {
	struct cposim_dev *sdev;
	u32 index;
	bool internal;
	struct mutex lock;	/* see above */
	bool dying;
	struct delayed_work step_work;
	struct cmis_laser_source *ls;
	u32 read_err;
	u32 write_err;
	struct cposim_bus_model bus;
	struct dentry *ddir;
	bool pulled;
	u8 ctrl[CMIS_PAGE_SIZE];
	u8 mon[CMIS_PAGE_SIZE];
	u8 status[CMIS_PAGE_SIZE];
	u8 lower[CMIS_UPPER_OFFSET];
	u8 page00[CMIS_PAGE_SIZE];
	u8 page01[CMIS_PAGE_SIZE];
	struct cposim_cdb cdb;
	struct cposim_els *standby_by;
	u32 count;
	struct cposim_laser lasers[] __counted_by(count);
};

/* The sides of a lane's PRBS generators, checkers and loopbacks. */
enum cposim_prbs_side {
	CPOSIM_PRBS_HOST,
	CPOSIM_PRBS_MEDIA,
	CPOSIM_PRBS_SIDES,
};

/**
 * struct cposim_prbs_chk - the PRBS checker of a lane on one side: what it
 *	counted since it was enabled or its bank's error information reset
 * @enabled: its lane enable bit, as of the last update
 * @locked: it had lock at the last update
 * @ns: time counted, in ns
 * @bits: bits counted: the lane rate over @ns
 * @errors: errors counted, never more than @bits
 * @seg_bits: @bits when the error ratio it counts at last changed
 * @seg_errors: @errors then
 * @seg_ber: that ratio since then, times 10^18: the path's BER while
 *	locked, 0.5 without lock
 */
struct cposim_prbs_chk {
	bool enabled;
	bool locked;
	u64 ns;
	u64 bits;
	u64 errors;
	u64 seg_bits;
	u64 seg_errors;
	u64 seg_ber;
};

/**
 * struct cposim_lane - simulated lane
 * @se: the engine
 * @index: lane number within the engine
 * @dp_state: CMIS data path state
 * @rx_los: no light at the receiver (debugfs knob); LOL follows it
 * @tx_fault: transmitter fault (debugfs knob)
 * @stuck: the data path state machine does not move (debugfs knob)
 * @fiber_open: no fiber connected at the lane's position (debugfs knob)
 * @loss_cdb: link loss in 0.01 dB (debugfs knob)
 * @los: light lost, as last rendered: @rx_los, an open fiber, or too
 *	little light
 * @laser: the primary laser that feeds the lane, or NULL
 * @port: name of the netdev the lane serves, empty for none (debugfs knob)
 * @prbs_ber: error ratio injected into the lane's loopback paths, times
 *	10^18, 0..CPOSIM_BER_ONE (debugfs knob)
 * @chk: the lane's PRBS checkers, by enum cposim_prbs_side
 */
struct cposim_lane {
	struct cposim_engine *se;
	u32 index;
	u8 dp_state;
	bool rx_los;
	bool tx_fault;
	bool stuck;
	bool fiber_open;
	u32 loss_cdb;
	bool los;
	struct cposim_laser *laser;
	char port[16];
	u64 prbs_ber;
	struct cposim_prbs_chk chk[CPOSIM_PRBS_SIDES];
};

/* The banked pages of eight lanes, as offsets 128..255. */
struct cposim_bank {
	u8 page10[CMIS_PAGE_SIZE];
	u8 page11[CMIS_PAGE_SIZE];
	u8 page13[CMIS_PAGE_SIZE];
	u8 page14[CMIS_PAGE_SIZE];
	u8 page20[CMIS_PAGE_SIZE];
	u8 page24[CMIS_PAGE_SIZE];
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
 * @read_err_after: reads that still succeed before @read_err applies,
 *	counted down by each (debugfs)
 * @write_err: errno every transport write fails with, 0 for none (debugfs)
 * @lane_ctrl_fail_nth: the write to the lane controls (page 10h) that
 *	fails with EIO, once, counted from 1 by each such write; 0 for none
 *	(debugfs)
 * @bus: the bus the transport goes over
 * @stuck: the state machines do not move (debugfs)
 * @overtemp: degrees C added to the temperature (debugfs)
 * @ddir: debugfs directory engine<index>
 * @pulled: the module is out of its slot: its transport fails and its
 *	memory map is wiped; under @lock, read once without it by the
 *	transport
 * @module_state: CMIS module state
 * @lower: lower memory
 * @page00: page 00h, identity
 * @page01: page 01h, revisions
 * @page02: page 02h, thresholds
 * @banks: the banked pages
 * @cdb: the CDB and the firmware banks
 * @prbs_clock: the clock the PRBS checkers count by, in ns; NULL for
 *	ktime_get_ns() (a test sets its own)
 * @prbs_ns: that clock when the checkers were last brought up to date
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
	atomic_t read_err_after;
	u32 write_err;
	atomic_t lane_ctrl_fail_nth;
	struct cposim_bus_model bus;
	bool stuck;
	u32 overtemp;
	struct dentry *ddir;
	bool pulled;
	u8 module_state;
	u8 lower[CMIS_UPPER_OFFSET];
	u8 page00[CMIS_PAGE_SIZE];
	u8 page01[CMIS_PAGE_SIZE];
	u8 page02[CMIS_PAGE_SIZE];
	struct cposim_bank *banks;
	struct cposim_cdb cdb;
	u64 (*prbs_clock)(void);
	u64 prbs_ns;
	struct cposim_lane lanes[] __counted_by(lane_count);
};

/**
 * struct cposim_dev - simulated board, a device on the cposim bus
 * @dev: the device, cposim<id>; owns the memory
 * @list: entry in the bus's device list
 * @id: the ID given to new_device
 * @cfg: what new_device asked for
 * @engine_count: number of engines
 * @lane_count: lanes per engine
 * @dp_step_ms: duration of one state machine step (debugfs)
 * @ddir: debugfs directory cposim<id>
 * @engines: the engines, @engine_count entries
 * @els_count: number of laser sources
 * @els: the laser sources, @els_count entries
 * @port_count: number of ports
 * @ports: the ports' netdevs, @port_count entries
 * @slot_lock: serialises pulls and insertions of the device's parts
 * @dying: teardown started: no part is pulled or inserted any more;
 *	under @slot_lock
 */
struct cposim_dev {
	struct device dev;
	struct list_head list;
	u32 id;
	struct cposim_config cfg;
	u32 engine_count;
	u32 lane_count;
	u32 dp_step_ms;
	struct dentry *ddir;
	struct cposim_engine **engines;
	u32 els_count;
	struct cposim_els **els;
	u32 port_count;
	struct net_device **ports;
	struct mutex slot_lock;	/* see above */
	bool dying;
};

static inline struct cposim_dev *to_cposim_dev(struct device *dev)
{
	return container_of(dev, struct cposim_dev, dev);
}

static inline u32 cposim_bank_count(u32 lanes)
{
	return DIV_ROUND_UP(lanes, CMIS_LANES_PER_BANK);
}

/* port.c: a netdev per port */
#define CPOSIM_PRESET_PORT_LANES	8	/* 800G of 100G lanes, 1.6T of 200G */
#define CPOSIM_MAX_PORT_LANES		32	/* four CMIS banks */
int cposim_ports_new(struct cposim_dev *sdev);
void cposim_ports_del(struct cposim_dev *sdev);

/* bus.c */
extern CPO_BUS_TYPE cposim_bus;
extern struct device *cposim_root;
extern struct dentry *cposim_debugfs_root;
void cposim_bus_hold(void);
void cposim_bus_put(void);

/* dev.c */
struct cposim_dev *cposim_dev_new(u32 id, const struct cposim_config *cfg);
void cposim_dev_del(struct cposim_dev *sdev);

/* map.c */
extern const struct cmis_transport_ops cposim_transport_ops;
void cposim_map_init(struct cposim_engine *se);
void cposim_els_map_init(struct cposim_els *els,
			 const struct cposim_cdb_ops *ops);
void cposim_page00_set_part(u8 *page00, const char *serial, const char *part);
void cposim_map_set_part(struct cposim_engine *se, const char *serial,
			 const char *part);

/* slot.c: a technician pulls and inserts parts */
int cposim_engine_pull(struct cposim_engine *se);
int cposim_engine_insert(struct cposim_engine *se, const char *serial,
			 const char *part);
int cposim_els_pull(struct cposim_els *els);
int cposim_els_insert(struct cposim_els *els, const char *serial,
		      const char *part, u32 lasers);
void cposim_dev_slots_stop(struct cposim_dev *sdev);

/* busmodel.c */
u64 cposim_bus_cost_ns(u32 khz, size_t len, bool is_write, bool page_select);
u32 cposim_bus_sel(u8 bank, u8 page, u8 offset, size_t len);
bool cposim_bus_needs_select(u32 last, u32 want);
bool cposim_bus_khz_valid(u64 khz);
void cposim_bus_model_init(struct cposim_bus_model *bus,
			   const struct cposim_bus_config *cfg);
void cposim_bus_model_destroy(struct cposim_bus_model *bus);
int cposim_bus_xfer(struct cposim_bus_model *bus, u8 bank, u8 page, u8 offset,
		    size_t len, bool is_write);

/* cdb.c */
void cposim_cdb_init(struct cposim_cdb *cdb, const struct cposim_cdb_ops *ops,
		     struct mutex *lock, u8 *lower, const u8 *page00,
		     u8 *page01, u8 fw_major, u8 fw_minor);
void cposim_cdb_stop(struct cposim_cdb *cdb);
void cposim_cdb_renew(struct cposim_cdb *cdb);
u8 *cposim_cdb_byte(struct cposim_cdb *cdb, u8 page, unsigned int offset);
void cposim_cdb_written(struct cposim_cdb *cdb, u8 page, unsigned int offset,
			size_t len);
u8 cposim_cdb_process(struct cposim_cdb *cdb);

/* fwupdate.c */
void cposim_fw_init(struct cposim_cdb *cdb);
u32 cposim_fw_start_len(struct cposim_cdb *cdb);
u8 cposim_fw_command(struct cposim_cdb *cdb, u16 cmd, const u8 *lpl,
		     u8 lpl_len, struct cposim_cdb_mem *mem);
void cposim_fw_set_hang(struct cposim_cdb *cdb, bool hang);
void cposim_fw_set_power_cut(struct cposim_cdb *cdb, u32 writes);
void cposim_fw_read(struct cposim_cdb *cdb, unsigned int offset, size_t len);

/* prbs.c */
void cposim_prbs_init(struct cposim_engine *se);
u8 cposim_prbs_pattern(const u8 *page13, unsigned int block, u32 n);
u64 cposim_prbs_path_ber(const struct cposim_lane *sl,
			 enum cposim_prbs_side side);
void cposim_prbs_update(struct cposim_engine *se);
bool cposim_prbs_writable(u8 page, unsigned int offset);
void cposim_prbs_written(struct cposim_engine *se, u8 bank,
			 unsigned int offset, size_t len);
bool cposim_prbs_is_latched(u8 page, unsigned int offset);
u8 cposim_prbs_live_lol(const struct cposim_engine *se, u8 bank,
			unsigned int offset);
void cposim_prbs_read(struct cposim_engine *se, u8 bank, u8 page,
		      unsigned int offset, size_t len);
int cposim_prbs_set_ber(struct cposim_lane *sl, u64 ber);

/* behaviour.c */
void cposim_behaviour_init(struct cposim_engine *se);
void cposim_render(struct cposim_engine *se);
void cposim_kick(struct cposim_engine *se);
void cposim_behaviour_stop(struct cposim_engine *se);
void cposim_notify(struct cposim_engine *se);
void cposim_lane_set_rx_los(struct cposim_lane *sl, bool los);
void cposim_lane_set_tx_fault(struct cposim_lane *sl, bool fault);
void cposim_relight(struct cposim_engine *se);
int cposim_fiber_connected(void *ctx, u32 lane);
u32 cposim_attenuate(u32 power, u32 cdb);
int cposim_cdbm(u32 power_nw);
void cposim_ber_snr(u32 rx, u64 *ber, u32 *snr);
u32 cposim_lane_tx_power(const struct cposim_lane *sl);
void cposim_set_fault(struct cposim_engine *se, u8 cause);
u8 cposim_module_next(const struct cposim_engine *se);
u8 cposim_lane_next(const struct cposim_engine *se,
		    const struct cposim_lane *sl);
void cposim_step(struct cposim_engine *se);

/* laser.c */
extern const struct cmis_transport_ops cposim_els_transport_ops;
struct cposim_els *cposim_els_new(struct cposim_dev *sdev, u32 index,
				  bool internal, u32 primaries);
void cposim_els_stop(struct cposim_els *els);
void cposim_els_del(struct cposim_els *els);
void cposim_els_changed(struct cposim_els *els);
void cposim_els_init(struct cposim_els *els, u32 primaries);
void cposim_els_module_init(struct cposim_els *els);
bool cposim_els_update(struct cposim_els *els);
u32 cposim_laser_light(const struct cposim_laser *l);
int cposim_els_set_standby(struct cposim_els *els, struct cposim_els *by);

/* debugfs.c */
void cposim_bus_debugfs_init(struct cposim_bus_model *bus, struct dentry *dir);
void cposim_els_debugfs_init(struct cposim_els *els, struct dentry *parent);
void cposim_els_debugfs_exit(struct cposim_els *els);
void cposim_dev_debugfs_init(struct cposim_dev *sdev);
void cposim_engine_debugfs_init(struct cposim_engine *se);
void cposim_engine_debugfs_exit(struct cposim_engine *se);

#endif /* __CPOSIM_H */
