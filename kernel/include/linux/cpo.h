/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpo driver API: what a driver of optical engines implements and calls.
 *
 * A driver registers engines on its own struct device, then the lanes of
 * each engine. The core assigns ids, serves netlink, sysfs and hwmon from
 * a copy of each object's state, refreshes that copy per engine (and per
 * laser) from a work item, periodically and when the driver reports that
 * the hardware changed (cpo_engine_refresh()), evaluates thresholds after
 * each refresh, and announces what changed. Driver ops of one engine run
 * one at a time and never under the subsystem lock, so a slow bus delays
 * only its own engine.
 */
#ifndef __LINUX_CPO_H
#define __LINUX_CPO_H

#include <linux/types.h>
#include <linux/netlink.h>
#include <uapi/linux/cpo.h>

struct device;
struct net_device;
struct ethtool_module_eeprom;
struct cpo_engine;
struct cpo_lane;
struct cpo_laser;
struct cpo_port;

/**
 * struct cpo_engine_info - fixed description of an engine
 * @type: packaging, enum cpo_engine_type
 * @vendor: vendor name, NUL-terminated, may be empty
 * @part_number: vendor part number
 * @serial: vendor serial number
 * @hw_rev: hardware revision, "major.minor"
 * @fw_version: active firmware version, "major.minor"
 * @fw_inactive: inactive firmware version, "major.minor", may be empty
 * @location: where the engine sits, as the driver names it
 * @field_replaceable: the engine can be replaced in the field
 * @lane_count: number of lanes, 1..CPO_MAX_LANES
 * @lane_rate: signalling rate of each lane in Mb/s
 * @media_type: enum cpo_media_type, 0 when unknown
 *
 * The core copies it at registration.
 */
struct cpo_engine_info {
	enum cpo_engine_type type;
	char vendor[17];
	char part_number[17];
	char serial[17];
	char hw_rev[8];
	char fw_version[8];
	char fw_inactive[8];
	char location[32];
	bool field_replaceable;
	u32 lane_count;
	u32 lane_rate;
	enum cpo_media_type media_type;
};

#define CPO_MAX_LANES	256

/* Bits of cpo_engine_status.valid: which fields the driver filled. */
#define CPO_ENGINE_F_MODULE_STATE	BIT(0)
#define CPO_ENGINE_F_POWER_MODE		BIT(1)
#define CPO_ENGINE_F_TEMPERATURE	BIT(2)
#define CPO_ENGINE_F_VOLTAGE		BIT(3)
#define CPO_ENGINE_F_FAULT_CAUSE	BIT(4)
#define CPO_ENGINE_F_POWER_DRAW		BIT(5)
#define CPO_ENGINE_F_ACTIVE_LANES	BIT(6)

/**
 * struct cpo_engine_status - changing state of an engine
 * @valid: CPO_ENGINE_F_* bits of the fields below that are filled
 * @module_state: enum cpo_module_state
 * @power_mode: requested power mode, enum cpo_power_mode
 * @temperature: millidegrees Celsius
 * @voltage: supply voltage in microvolts
 * @fault_cause: enum cpo_fault_cause, while @module_state is fault
 * @power_draw: electrical power drawn, in microwatts
 * @active_lanes: lanes in the activated data path state; with
 *	@power_draw, the core derives the energy per bit
 */
struct cpo_engine_status {
	u32 valid;
	enum cpo_module_state module_state;
	enum cpo_power_mode power_mode;
	s32 temperature;
	u32 voltage;
	enum cpo_fault_cause fault_cause;
	u32 power_draw;
	u32 active_lanes;
};

/* Bits of cpo_lane_status.valid. */
#define CPO_LANE_F_DP_STATE	BIT(0)
#define CPO_LANE_F_TX_ENABLE	BIT(1)
#define CPO_LANE_F_POWER	BIT(2)
#define CPO_LANE_F_TX_POWER	BIT(3)
#define CPO_LANE_F_RX_POWER	BIT(4)
#define CPO_LANE_F_TX_BIAS	BIT(5)
#define CPO_LANE_F_RX_LOS	BIT(6)
#define CPO_LANE_F_RX_LOL	BIT(7)
#define CPO_LANE_F_TX_FAULT	BIT(8)
#define CPO_LANE_F_RX_ENABLE	BIT(9)
#define CPO_LANE_F_PRE_FEC_BER	BIT(10)
#define CPO_LANE_F_SNR		BIT(11)
#define CPO_LANE_F_FIBER_CONNECTED BIT(12)

/**
 * struct cpo_lane_status - changing state of a lane
 * @valid: CPO_LANE_F_* bits of the fields below that are filled
 * @dp_state: enum cpo_dp_state
 * @tx_enable: transmitter enabled
 * @power: requested data path power state, enum cpo_lane_power
 * @tx_power: transmitted power in nanowatts
 * @rx_power: received power in nanowatts
 * @tx_bias: laser bias in microamperes
 * @rx_los: receiver loss of signal
 * @rx_lol: receiver loss of lock
 * @tx_fault: transmitter fault
 * @rx_enable: receiver output enabled
 * @pre_fec_ber: pre-FEC bit error ratio times 10^18
 * @snr: receiver signal-to-noise ratio in hundredths of a dB
 * @fiber_connected: a fiber is connected at the lane's position
 */
struct cpo_lane_status {
	u32 valid;
	enum cpo_dp_state dp_state;
	bool tx_enable;
	enum cpo_lane_power power;
	u32 tx_power;
	u32 rx_power;
	u32 tx_bias;
	bool rx_los;
	bool rx_lol;
	bool tx_fault;
	bool rx_enable;
	u64 pre_fec_ber;
	u32 snr;
	bool fiber_connected;
};

/**
 * struct cpo_threshold - alarm and warning thresholds of one quantity
 * @high_alarm: in alarm above this
 * @low_alarm: in alarm below this
 * @high_warning: in warning above this
 * @low_warning: in warning below this
 *
 * In the unit of the quantity's attribute (enum cpo_quantity); valid when
 * low_alarm <= low_warning < high_warning <= high_alarm.
 */
struct cpo_threshold {
	s64 high_alarm;
	s64 low_alarm;
	s64 high_warning;
	s64 low_warning;
};

/* Quantities with thresholds: CPO_QUANTITY_TEMPERATURE..PRE_FEC_BER. */
#define CPO_QUANTITY_THRESHOLD_MAX	CPO_QUANTITY_PRE_FEC_BER

/**
 * struct cpo_thresholds - thresholds of an engine and of its lanes
 * @valid: BIT(quantity) of each quantity whose thresholds are filled
 * @t: per quantity, indexed by enum cpo_quantity
 *
 * Engine quantities (temperature, voltage, power draw) are the engine's;
 * lane quantities (TX and RX power, bias, BER) apply to each of its lanes.
 */
struct cpo_thresholds {
	u32 valid;
	struct cpo_threshold t[CPO_QUANTITY_THRESHOLD_MAX + 1];
};

/**
 * struct cpo_bus_stats - transport health of an engine, as its driver counts
 * @transactions: bus transactions, successful or not
 * @bytes: data bytes moved by successful transactions
 * @errors: transactions that failed after their retries
 * @retries: transactions repeated after a transient error
 * @busy_ns: time spent in transactions
 * @last_error: errno of the last failure, positive; 0 for none
 */
struct cpo_bus_stats {
	u64 transactions;
	u64 bytes;
	u64 errors;
	u64 retries;
	u64 busy_ns;
	u32 last_error;
};

/**
 * struct cpo_fw_image - one firmware bank of a module
 * @present: the module reports this bank
 * @valid: it holds an image that passed the module's checks
 * @running: the module runs it
 * @committed: the module boots it
 * @version: "major.minor.build", empty when not @valid
 */
struct cpo_fw_image {
	bool present;
	bool valid;
	bool running;
	bool committed;
	char version[16];
};

/**
 * struct cpo_fw_info - the firmware banks of a module
 * @bank: indexed by enum cpo_fw_bank; index 0 unused
 * @active: the running image's version as the module's identity gives it
 *	(what &cpo_engine_info.fw_version was at registration); empty when
 *	the driver does not tell
 * @inactive: the same for the other image, empty when there is none
 * @vendor: the module's vendor, as its identity gives it (CMIS page 00h),
 *	for a laser module, whose lasers carry no identity of their own: a
 *	firmware image must name it. Empty when the driver does not tell
 * @part_number: the same for the module's part
 *
 * The core updates the engine's fw_version and fw_inactive from @active
 * and @inactive whenever it reads the banks, so that a module that came
 * up on another image shows it everywhere.
 */
struct cpo_fw_info {
	struct cpo_fw_image bank[CPO_FW_BANK_MAX + 1];
	char active[8];
	char inactive[8];
	char vendor[17];
	char part_number[17];
};

/**
 * struct cpo_flash_req - a firmware update the core asks of a driver
 * @data: the image, its header and checksums checked by the core
 * @size: its length in bytes
 * @commit: once the new image runs, make it the one the module boots
 */
struct cpo_flash_req {
	const u8 *data;
	size_t size;
	bool commit;
};

/**
 * struct cpo_engine_ops - operations of an engine
 * @status_get: fill @status (required)
 * @refresh: read the engine and every lane at once, with bulk reads
 *	(optional; without it the core calls each object's @status_get).
 *	Fills @status and @lanes[i] for each lane index i; a lane left with
 *	no valid bit keeps its copy. Return 0, a negative errno, or
 *	%CPO_REFRESH_AGAIN when a flag that latched is already gone and the
 *	engine should be read once more right away, so that both the event
 *	and the present state are announced
 * @power_mode_set: request a power mode (optional)
 * @thresholds_get: the module's own thresholds (optional), read once at
 *	registration as the defaults
 * @bus_stats_get: the transport's counters (optional); must not touch
 *	the bus: it is called with the subsystem lock held, without the
 *	engine's I/O lock
 * @firmware_get: the module's firmware banks (optional), read at
 *	registration and after each firmware operation
 * @firmware_flash: write @req's image to the bank that does not run, run
 *	it, and commit it if asked (optional). Long: called from the core's
 *	flash work, with the engine owned by the update (no other op of the
 *	engine and its lanes runs meanwhile) but without the I/O lock. It
 *	reports its steps with cpo_engine_flash_progress(), checks
 *	cpo_engine_flash_aborted() between blocks, and returns 0,
 *	-ECANCELED after an abort, or another errno with an extack message
 * @module_eeprom_read: read @len bytes of the module's memory map at
 *	@offset (0..255: below 128 lower memory, else upper page @page of
 *	bank @bank; the range does not cross 128) into @buf (optional; for
 *	cpo_port_module_eeprom()). Must not clear a clear-on-read flag that
 *	the refresh relies on: serve such bytes from the driver's copy
 *
 * Unless said otherwise, called in process context with the engine's I/O
 * lock held (one op of an engine and its lanes at a time) and without the
 * subsystem lock; they may sleep on the bus. @priv is the pointer given at
 * registration. Return 0 or a negative errno and, on error, set an extack
 * message.
 */
struct cpo_engine_ops {
	int (*status_get)(struct cpo_engine *engine, void *priv,
			  struct cpo_engine_status *status,
			  struct netlink_ext_ack *extack);
	int (*refresh)(struct cpo_engine *engine, void *priv,
		       struct cpo_engine_status *status,
		       struct cpo_lane_status *lanes,
		       struct netlink_ext_ack *extack);
	void (*bus_stats_get)(struct cpo_engine *engine, void *priv,
			      struct cpo_bus_stats *stats);
	int (*power_mode_set)(struct cpo_engine *engine, void *priv,
			      enum cpo_power_mode mode,
			      struct netlink_ext_ack *extack);
	int (*thresholds_get)(struct cpo_engine *engine, void *priv,
			      struct cpo_thresholds *th,
			      struct netlink_ext_ack *extack);
	int (*firmware_get)(struct cpo_engine *engine, void *priv,
			    struct cpo_fw_info *fw,
			    struct netlink_ext_ack *extack);
	int (*firmware_flash)(struct cpo_engine *engine, void *priv,
			      const struct cpo_flash_req *req,
			      struct netlink_ext_ack *extack);
	int (*module_eeprom_read)(struct cpo_engine *engine, void *priv,
				  u8 bank, u8 page, u8 offset, u8 len, u8 *buf,
				  struct netlink_ext_ack *extack);
};

/**
 * struct cpo_lane_test_cfg - a loopback and PRBS test of a lane
 * @loopback: enum cpo_loopback, where the module returns the signal
 * @side: enum cpo_test_side, whose generator and checker run
 * @pattern: enum cpo_prbs_pattern, for the generator and the checker
 */
struct cpo_lane_test_cfg {
	u32 loopback;
	u32 side;
	u32 pattern;
};

/**
 * struct cpo_lane_test_result - what a lane's checker counted
 * @bits: bits counted since the test began
 * @errors: bit errors among them
 * @locked: the checker is locked to the pattern now
 * @lost_lock: it lost its lock, or never had it, since the test began
 */
struct cpo_lane_test_result {
	u64 bits;
	u64 errors;
	bool locked;
	bool lost_lock;
};

/**
 * struct cpo_lane_ops - operations of a lane
 * @status_get: fill @status (required)
 * @tx_enable_set: enable or disable the transmitter (optional)
 * @power_set: power the data path up or down (optional)
 * @rx_enable_set: enable or disable the receiver output (optional)
 * @test_start: set up the loopback and start the generator and the checker
 *	of @cfg, the checker counting from zero; -EOPNOTSUPP with an extack
 *	when the module cannot run that test (optional, with the next two)
 * @test_read: what the checker counted so far
 * @test_stop: switch the lane's loopbacks, generators and checkers off
 *
 * Same calling rules as &struct cpo_engine_ops.
 */
struct cpo_lane_ops {
	int (*status_get)(struct cpo_lane *lane, void *priv,
			  struct cpo_lane_status *status,
			  struct netlink_ext_ack *extack);
	int (*tx_enable_set)(struct cpo_lane *lane, void *priv, bool enable,
			     struct netlink_ext_ack *extack);
	int (*power_set)(struct cpo_lane *lane, void *priv,
			 enum cpo_lane_power power,
			 struct netlink_ext_ack *extack);
	int (*rx_enable_set)(struct cpo_lane *lane, void *priv, bool enable,
			     struct netlink_ext_ack *extack);
	int (*test_start)(struct cpo_lane *lane, void *priv,
			  const struct cpo_lane_test_cfg *cfg,
			  struct netlink_ext_ack *extack);
	int (*test_read)(struct cpo_lane *lane, void *priv,
			 struct cpo_lane_test_result *res,
			 struct netlink_ext_ack *extack);
	int (*test_stop)(struct cpo_lane *lane, void *priv,
			 struct netlink_ext_ack *extack);
};

/**
 * struct cpo_laser_info - fixed description of a laser
 * @type: enum cpo_laser_type
 * @location: where the laser sits, as the driver names it
 * @role: enum cpo_laser_role
 * @wavelength: nominal wavelength in picometers
 */
struct cpo_laser_info {
	enum cpo_laser_type type;
	char location[32];
	enum cpo_laser_role role;
	u32 wavelength;
};

/* Bits of cpo_laser_status.valid. */
#define CPO_LASER_F_STATE		BIT(0)
#define CPO_LASER_F_ENABLE		BIT(1)
#define CPO_LASER_F_OUTPUT_POWER	BIT(2)
#define CPO_LASER_F_BIAS		BIT(3)
#define CPO_LASER_F_TEMPERATURE		BIT(4)
#define CPO_LASER_F_HOURS		BIT(5)
#define CPO_LASER_F_FAILOVER_POLICY	BIT(6)

/**
 * struct cpo_laser_status - changing state of a laser
 * @valid: CPO_LASER_F_* bits of the fields below that are filled
 * @state: enum cpo_laser_state
 * @enable: the laser is enabled
 * @output_power: optical output in microwatts
 * @bias: drive current in microamperes
 * @temperature: millidegrees Celsius
 * @hours: hours of operation
 * @failover_policy: enum cpo_failover_policy, for a primary with a spare
 */
struct cpo_laser_status {
	u32 valid;
	enum cpo_laser_state state;
	bool enable;
	u32 output_power;
	u32 bias;
	s32 temperature;
	u32 hours;
	enum cpo_failover_policy failover_policy;
};

/**
 * struct cpo_laser_ident - identity of the module a laser sits in
 * @vendor: vendor name, NUL-terminated, may be empty
 * @part_number: vendor part number
 * @serial: vendor serial number
 */
struct cpo_laser_ident {
	char vendor[17];
	char part_number[17];
	char serial[17];
};

/**
 * struct cpo_laser_ops - operations of a laser
 * @status_get: fill @status (required)
 * @enable_set: enable or disable the laser (optional)
 * @failover_policy_set: set the failover policy of a primary (optional)
 * @failover: move a primary's lanes to its spare (optional); the driver
 *	reports completion with cpo_laser_failover_done(), later
 * @failback: give a primary's lanes back from its spare (optional); the
 *	driver reports completion with cpo_laser_failback_done(), later
 * @firmware_get: the firmware banks of the laser's module (optional), read
 *	at registration and when a part is inserted; every laser of a module
 *	reports its module's banks. -EOPNOTSUPP when the module has no
 *	firmware management
 * @firmware_flash: update the firmware of the laser's module, as
 *	&cpo_engine_ops.firmware_flash (optional; a laser module with a
 *	CDB). Called on one laser of the module, with every laser of the
 *	module owned by the update; reports with cpo_laser_flash_progress()
 *	and checks cpo_laser_flash_aborted(). When it returns, the driver's
 *	copy of the module's banks (what @firmware_get answers) is the
 *	module's again
 * @identity_get: the identity of the laser's module as it reads now
 *	(optional); the service flow of a laser module compares it with the
 *	one it found at prepare. -EOPNOTSUPP when the module has none
 *
 * Same calling rules as &struct cpo_engine_ops, with the laser's own I/O
 * lock.
 */
struct cpo_laser_ops {
	int (*status_get)(struct cpo_laser *laser, void *priv,
			  struct cpo_laser_status *status,
			  struct netlink_ext_ack *extack);
	int (*enable_set)(struct cpo_laser *laser, void *priv, bool enable,
			  struct netlink_ext_ack *extack);
	int (*failover_policy_set)(struct cpo_laser *laser, void *priv,
				   enum cpo_failover_policy policy,
				   struct netlink_ext_ack *extack);
	int (*failover)(struct cpo_laser *laser, void *priv,
			struct netlink_ext_ack *extack);
	int (*failback)(struct cpo_laser *laser, void *priv,
			struct netlink_ext_ack *extack);
	int (*firmware_get)(struct cpo_laser *laser, void *priv,
			    struct cpo_fw_info *fw,
			    struct netlink_ext_ack *extack);
	int (*firmware_flash)(struct cpo_laser *laser, void *priv,
			      const struct cpo_flash_req *req,
			      struct netlink_ext_ack *extack);
	int (*identity_get)(struct cpo_laser *laser, void *priv,
			    struct cpo_laser_ident *ident,
			    struct netlink_ext_ack *extack);
};

struct cpo_engine *cpo_engine_register(struct device *parent,
				       const struct cpo_engine_info *info,
				       const struct cpo_engine_ops *ops,
				       void *priv);
void cpo_engine_unregister(struct cpo_engine *engine);
struct cpo_lane *cpo_lane_register(struct cpo_engine *engine, u32 index,
				   const struct cpo_lane_ops *ops, void *priv);
void cpo_lane_unregister(struct cpo_lane *lane);

struct cpo_laser *cpo_laser_register(struct device *parent,
				     const struct cpo_laser_info *info,
				     const struct cpo_laser_ops *ops, void *priv);
void cpo_laser_unregister(struct cpo_laser *laser);

/* A part pulled from, or inserted into, the slot of an engine or a laser. */
void cpo_engine_removed(struct cpo_engine *engine);
int cpo_engine_inserted(struct cpo_engine *engine,
			const struct cpo_engine_info *info);
void cpo_laser_removed(struct cpo_laser *laser);
int cpo_laser_inserted(struct cpo_laser *laser);
void cpo_laser_insert_refused(struct cpo_laser *laser);

/* A refresh op's request to be called again right away. */
#define CPO_REFRESH_AGAIN	1

void cpo_engine_change_ntf(struct cpo_engine *engine);
void cpo_engine_refresh(struct cpo_engine *engine);
void cpo_engine_flash_progress(struct cpo_engine *engine,
			       enum cpo_flash_state state, u32 done, u32 total);
bool cpo_engine_flash_aborted(struct cpo_engine *engine);
void cpo_lane_change_ntf(struct cpo_lane *lane);
void cpo_laser_change_ntf(struct cpo_laser *laser);
void cpo_laser_refresh(struct cpo_laser *laser);
void cpo_laser_flash_progress(struct cpo_laser *laser,
			      enum cpo_flash_state state, u32 done, u32 total);
bool cpo_laser_flash_aborted(struct cpo_laser *laser);

/* Wiring the board knows: feeding lasers, spares, ports, fiber positions. */
void cpo_lane_set_laser(struct cpo_lane *lane, struct cpo_laser *laser);
void cpo_lane_set_port(struct cpo_lane *lane, struct net_device *port);
struct cpo_port *cpo_port_register(struct net_device *dev,
				   struct cpo_engine *engine, u32 first,
				   u32 count);
void cpo_port_unregister(struct cpo_port *port);
int cpo_port_module_eeprom(struct cpo_port *port,
			   const struct ethtool_module_eeprom *req,
			   struct netlink_ext_ack *extack);
void cpo_lane_set_fiber_position(struct cpo_lane *lane, const char *position);
void cpo_laser_set_spare(struct cpo_laser *primary, struct cpo_laser *spare);
void cpo_laser_set_standby(struct cpo_laser *primary,
			   struct cpo_laser *standby);
void cpo_laser_failover_done(struct cpo_laser *primary,
			     struct cpo_laser *spare);
void cpo_laser_failback_done(struct cpo_laser *primary,
			     struct cpo_laser *spare);

u32 cpo_engine_id(const struct cpo_engine *engine);
u32 cpo_lane_id(const struct cpo_lane *lane);
u32 cpo_laser_id(const struct cpo_laser *laser);

#endif /* __LINUX_CPO_H */
