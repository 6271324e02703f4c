/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/cpo.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_CPO_H
#define _UAPI_LINUX_CPO_H

#define CPO_FAMILY_NAME		"cpo"
#define CPO_FAMILY_VERSION	1

/**
 * enum cpo_engine_type - Packaging of an optical engine.
 * @CPO_ENGINE_TYPE_CPO: Co-packaged optics, inside the switch package.
 * @CPO_ENGINE_TYPE_NPO: Near-packaged optics, a field-replaceable module next
 *   to the package.
 * @CPO_ENGINE_TYPE_LPO: Linear pluggable optics, a front-panel module without
 *   DSP.
 */
enum cpo_engine_type {
	CPO_ENGINE_TYPE_CPO = 1,
	CPO_ENGINE_TYPE_NPO,
	CPO_ENGINE_TYPE_LPO,

	/* private: */
	__CPO_ENGINE_TYPE_MAX,
	CPO_ENGINE_TYPE_MAX = (__CPO_ENGINE_TYPE_MAX - 1)
};

/**
 * enum cpo_media_type - Fiber type an engine drives.
 * @CPO_MEDIA_TYPE_SMF: Single-mode fiber.
 * @CPO_MEDIA_TYPE_MMF: Multi-mode fiber.
 */
enum cpo_media_type {
	CPO_MEDIA_TYPE_SMF = 1,
	CPO_MEDIA_TYPE_MMF,

	/* private: */
	__CPO_MEDIA_TYPE_MAX,
	CPO_MEDIA_TYPE_MAX = (__CPO_MEDIA_TYPE_MAX - 1)
};

/**
 * enum cpo_module_state - CMIS module state (lower memory byte 3), with the
 *   CMIS encoding.
 * @CPO_MODULE_STATE_LOW_PWR: ModuleLowPwr, management only, lanes unpowered.
 * @CPO_MODULE_STATE_PWR_UP: ModulePwrUp, transient while powering up.
 * @CPO_MODULE_STATE_READY: ModuleReady, data paths may be brought up.
 * @CPO_MODULE_STATE_PWR_DN: ModulePwrDn, transient while powering down.
 * @CPO_MODULE_STATE_FAULT: ModuleFault, see fault-cause.
 */
enum cpo_module_state {
	CPO_MODULE_STATE_LOW_PWR = 1,
	CPO_MODULE_STATE_PWR_UP,
	CPO_MODULE_STATE_READY,
	CPO_MODULE_STATE_PWR_DN,
	CPO_MODULE_STATE_FAULT,

	/* private: */
	__CPO_MODULE_STATE_MAX,
	CPO_MODULE_STATE_MAX = (__CPO_MODULE_STATE_MAX - 1)
};

/**
 * enum cpo_power_mode - Requested module power mode (CMIS LowPwrRequestSW).
 * @CPO_POWER_MODE_LOW: Low power, the module goes to the low-pwr state.
 * @CPO_POWER_MODE_HIGH: High power, the module goes to the ready state.
 */
enum cpo_power_mode {
	CPO_POWER_MODE_LOW = 1,
	CPO_POWER_MODE_HIGH,

	/* private: */
	__CPO_POWER_MODE_MAX,
	CPO_POWER_MODE_MAX = (__CPO_POWER_MODE_MAX - 1)
};

/**
 * enum cpo_dp_state - CMIS data path state of a lane (page 11h), with the CMIS
 *   encoding.
 * @CPO_DP_STATE_DEACTIVATED: DPDeactivated, the lane is powered down.
 * @CPO_DP_STATE_INIT: DPInit, transient while the data path initialises.
 * @CPO_DP_STATE_DEINIT: DPDeinit, transient while the data path deinitialises.
 * @CPO_DP_STATE_ACTIVATED: DPActivated, the lane carries traffic.
 * @CPO_DP_STATE_TX_TURN_ON: DPTxTurnOn, transient while the transmitter turns
 *   on.
 * @CPO_DP_STATE_TX_TURN_OFF: DPTxTurnOff, transient while the transmitter
 *   turns off.
 * @CPO_DP_STATE_INITIALIZED: DPInitialized, the data path is up with the
 *   transmitter off.
 */
enum cpo_dp_state {
	CPO_DP_STATE_DEACTIVATED = 1,
	CPO_DP_STATE_INIT,
	CPO_DP_STATE_DEINIT,
	CPO_DP_STATE_ACTIVATED,
	CPO_DP_STATE_TX_TURN_ON,
	CPO_DP_STATE_TX_TURN_OFF,
	CPO_DP_STATE_INITIALIZED,

	/* private: */
	__CPO_DP_STATE_MAX,
	CPO_DP_STATE_MAX = (__CPO_DP_STATE_MAX - 1)
};

/**
 * enum cpo_lane_power - Requested power state of a lane's data path (CMIS
 *   DPDeinit).
 * @CPO_LANE_POWER_DOWN: Data path deinitialised, the lane is powered down.
 * @CPO_LANE_POWER_UP: Data path initialised and activated.
 */
enum cpo_lane_power {
	CPO_LANE_POWER_DOWN = 1,
	CPO_LANE_POWER_UP,

	/* private: */
	__CPO_LANE_POWER_MAX,
	CPO_LANE_POWER_MAX = (__CPO_LANE_POWER_MAX - 1)
};

/**
 * enum cpo_fault_cause - Why an engine is in the fault module state (CMIS byte
 *   41 and vendor causes).
 * @CPO_FAULT_CAUSE_TEC_RUNAWAY: Thermoelectric cooler runaway.
 * @CPO_FAULT_CAUSE_DATA_MEMORY: Data memory corrupted.
 * @CPO_FAULT_CAUSE_PROGRAM_MEMORY: Program memory corrupted.
 * @CPO_FAULT_CAUSE_OVER_TEMPERATURE: Case temperature above the shutdown
 *   limit.
 */
enum cpo_fault_cause {
	CPO_FAULT_CAUSE_TEC_RUNAWAY = 1,
	CPO_FAULT_CAUSE_DATA_MEMORY,
	CPO_FAULT_CAUSE_PROGRAM_MEMORY,
	CPO_FAULT_CAUSE_OVER_TEMPERATURE,

	/* private: */
	__CPO_FAULT_CAUSE_MAX,
	CPO_FAULT_CAUSE_MAX = (__CPO_FAULT_CAUSE_MAX - 1)
};

/**
 * enum cpo_laser_type - Where a laser source sits.
 * @CPO_LASER_TYPE_EXTERNAL: External laser source module (ELSFP-like),
 *   field-replaceable.
 * @CPO_LASER_TYPE_INTERNAL: Laser inside the optical engine.
 */
enum cpo_laser_type {
	CPO_LASER_TYPE_EXTERNAL = 1,
	CPO_LASER_TYPE_INTERNAL,

	/* private: */
	__CPO_LASER_TYPE_MAX,
	CPO_LASER_TYPE_MAX = (__CPO_LASER_TYPE_MAX - 1)
};

/**
 * enum cpo_laser_state - Operating state of a laser.
 * @CPO_LASER_STATE_OFF: Disabled.
 * @CPO_LASER_STATE_ON: Emitting and feeding its lanes.
 * @CPO_LASER_STATE_FAILED: Failed; its lanes are dark unless a spare took
 *   over.
 * @CPO_LASER_STATE_STANDBY: A spare ready to take over, not emitting.
 */
enum cpo_laser_state {
	CPO_LASER_STATE_OFF = 1,
	CPO_LASER_STATE_ON,
	CPO_LASER_STATE_FAILED,
	CPO_LASER_STATE_STANDBY,

	/* private: */
	__CPO_LASER_STATE_MAX,
	CPO_LASER_STATE_MAX = (__CPO_LASER_STATE_MAX - 1)
};

/**
 * enum cpo_laser_role - Role of a laser in its redundancy group.
 * @CPO_LASER_ROLE_PRIMARY: Feeds lanes in normal operation.
 * @CPO_LASER_ROLE_SPARE: Takes over the lanes of a failed primary.
 */
enum cpo_laser_role {
	CPO_LASER_ROLE_PRIMARY = 1,
	CPO_LASER_ROLE_SPARE,

	/* private: */
	__CPO_LASER_ROLE_MAX,
	CPO_LASER_ROLE_MAX = (__CPO_LASER_ROLE_MAX - 1)
};

/**
 * enum cpo_failover_policy - What happens when a primary laser with a spare
 *   fails.
 * @CPO_FAILOVER_POLICY_AUTO: The spare takes over at once; once the failed
 *   primary is healthy again (state "on": its fault cleared, enabled), its
 *   lanes go back to it by themselves. After a failover by command of a
 *   primary that had not failed, the lanes stay on the spare until a failback
 *   command.
 * @CPO_FAILOVER_POLICY_MANUAL: The spare takes over only on a failover
 *   command, and gives the lanes back only on a failback command.
 */
enum cpo_failover_policy {
	CPO_FAILOVER_POLICY_AUTO = 1,
	CPO_FAILOVER_POLICY_MANUAL,

	/* private: */
	__CPO_FAILOVER_POLICY_MAX,
	CPO_FAILOVER_POLICY_MAX = (__CPO_FAILOVER_POLICY_MAX - 1)
};

/**
 * enum cpo_quantity - A monitored quantity of an engine or a lane, in the unit
 *   of its attribute: temperature in millidegrees Celsius, voltage in
 *   microvolts, power-draw in microwatts, tx-power and rx-power in nanowatts,
 *   tx-bias in microamperes, pre-fec-ber times 10^18. The last four are flags
 *   without thresholds: three a lane's hardware raises, and unreachable, which
 *   the subsystem raises for an engine.
 * @CPO_QUANTITY_TEMPERATURE: Engine temperature.
 * @CPO_QUANTITY_VOLTAGE: Engine supply voltage.
 * @CPO_QUANTITY_POWER_DRAW: Engine power draw.
 * @CPO_QUANTITY_TX_POWER: Lane transmitted power.
 * @CPO_QUANTITY_RX_POWER: Lane received power.
 * @CPO_QUANTITY_TX_BIAS: Lane laser bias.
 * @CPO_QUANTITY_PRE_FEC_BER: Lane pre-FEC bit error ratio.
 * @CPO_QUANTITY_RX_LOS: Lane receiver loss of signal.
 * @CPO_QUANTITY_RX_LOL: Lane receiver loss of lock.
 * @CPO_QUANTITY_TX_FAULT: Lane transmitter fault.
 * @CPO_QUANTITY_UNREACHABLE: Engine transport: three reads of the module in a
 *   row failed; the engine's unreachable attribute says the same. Ends when a
 *   read succeeds.
 */
enum cpo_quantity {
	CPO_QUANTITY_TEMPERATURE = 1,
	CPO_QUANTITY_VOLTAGE,
	CPO_QUANTITY_POWER_DRAW,
	CPO_QUANTITY_TX_POWER,
	CPO_QUANTITY_RX_POWER,
	CPO_QUANTITY_TX_BIAS,
	CPO_QUANTITY_PRE_FEC_BER,
	CPO_QUANTITY_RX_LOS,
	CPO_QUANTITY_RX_LOL,
	CPO_QUANTITY_TX_FAULT,
	CPO_QUANTITY_UNREACHABLE,

	/* private: */
	__CPO_QUANTITY_MAX,
	CPO_QUANTITY_MAX = (__CPO_QUANTITY_MAX - 1)
};

/**
 * enum cpo_alarm_level - Which threshold a value crossed, or a hardware flag.
 * @CPO_ALARM_LEVEL_HIGH_ALARM: Above the high alarm threshold.
 * @CPO_ALARM_LEVEL_LOW_ALARM: Below the low alarm threshold.
 * @CPO_ALARM_LEVEL_HIGH_WARNING: Above the high warning threshold.
 * @CPO_ALARM_LEVEL_LOW_WARNING: Below the low warning threshold.
 * @CPO_ALARM_LEVEL_ASSERTED: A flag (rx-los, rx-lol, tx-fault, unreachable) is
 *   raised.
 */
enum cpo_alarm_level {
	CPO_ALARM_LEVEL_HIGH_ALARM = 1,
	CPO_ALARM_LEVEL_LOW_ALARM,
	CPO_ALARM_LEVEL_HIGH_WARNING,
	CPO_ALARM_LEVEL_LOW_WARNING,
	CPO_ALARM_LEVEL_ASSERTED,

	/* private: */
	__CPO_ALARM_LEVEL_MAX,
	CPO_ALARM_LEVEL_MAX = (__CPO_ALARM_LEVEL_MAX - 1)
};

/**
 * enum cpo_flash_state - Where a firmware update of a module stands.
 * @CPO_FLASH_STATE_STARTED: The image was checked and the update began.
 * @CPO_FLASH_STATE_DOWNLOADING: The image is being written to the bank that
 *   does not run.
 * @CPO_FLASH_STATE_RUNNING: The module restarts into the new image.
 * @CPO_FLASH_STATE_COMMITTING: The new image runs and is made the one the
 *   module boots.
 * @CPO_FLASH_STATE_DONE: The update ended well.
 * @CPO_FLASH_STATE_FAILED: The update ended with an error (message); the
 *   module runs the image it ran before, or its committed one.
 * @CPO_FLASH_STATE_ABORTED: The update was stopped on request; nothing else
 *   changed.
 */
enum cpo_flash_state {
	CPO_FLASH_STATE_STARTED = 1,
	CPO_FLASH_STATE_DOWNLOADING,
	CPO_FLASH_STATE_RUNNING,
	CPO_FLASH_STATE_COMMITTING,
	CPO_FLASH_STATE_DONE,
	CPO_FLASH_STATE_FAILED,
	CPO_FLASH_STATE_ABORTED,

	/* private: */
	__CPO_FLASH_STATE_MAX,
	CPO_FLASH_STATE_MAX = (__CPO_FLASH_STATE_MAX - 1)
};

/**
 * enum cpo_loopback - Where a lane's module returns its signal (CMIS page
 *   13h). Near end: back towards where it came from, inside the module; far
 *   end: after crossing the module, back out of the other side.
 * @CPO_LOOPBACK_HOST_INPUT: Host side input loopback (near end), towards the
 *   host.
 * @CPO_LOOPBACK_HOST_OUTPUT: Host side output loopback (far end).
 * @CPO_LOOPBACK_MEDIA_INPUT: Media side input loopback (near end), towards the
 *   fiber.
 * @CPO_LOOPBACK_MEDIA_OUTPUT: Media side output loopback (far end).
 */
enum cpo_loopback {
	CPO_LOOPBACK_HOST_INPUT = 1,
	CPO_LOOPBACK_HOST_OUTPUT,
	CPO_LOOPBACK_MEDIA_INPUT,
	CPO_LOOPBACK_MEDIA_OUTPUT,

	/* private: */
	__CPO_LOOPBACK_MAX,
	CPO_LOOPBACK_MAX = (__CPO_LOOPBACK_MAX - 1)
};

/**
 * enum cpo_test_side - The side of a lane's module whose PRBS generator and
 *   checker a test uses.
 * @CPO_TEST_SIDE_HOST: The electrical side, towards the switch chip.
 * @CPO_TEST_SIDE_MEDIA: The optical side, towards the fiber.
 */
enum cpo_test_side {
	CPO_TEST_SIDE_HOST = 1,
	CPO_TEST_SIDE_MEDIA,

	/* private: */
	__CPO_TEST_SIDE_MAX,
	CPO_TEST_SIDE_MAX = (__CPO_TEST_SIDE_MAX - 1)
};

/**
 * enum cpo_prbs_pattern - Test patterns of the CMIS PRBS generators and
 *   checkers; the value less one is the CMIS pattern ID. The Q variants are
 *   the PAM4 (Gray-coded) ones.
 * @CPO_PRBS_PATTERN_PRBS31Q: PRBS31, PAM4 (Gray-coded).
 * @CPO_PRBS_PATTERN_PRBS31: PRBS31.
 * @CPO_PRBS_PATTERN_PRBS23Q: PRBS23, PAM4 (Gray-coded).
 * @CPO_PRBS_PATTERN_PRBS23: PRBS23.
 * @CPO_PRBS_PATTERN_PRBS15Q: PRBS15, PAM4 (Gray-coded).
 * @CPO_PRBS_PATTERN_PRBS15: PRBS15.
 * @CPO_PRBS_PATTERN_PRBS13Q: PRBS13, PAM4 (Gray-coded).
 * @CPO_PRBS_PATTERN_PRBS13: PRBS13.
 * @CPO_PRBS_PATTERN_PRBS9Q: PRBS9, PAM4 (Gray-coded).
 * @CPO_PRBS_PATTERN_PRBS9: PRBS9.
 * @CPO_PRBS_PATTERN_PRBS7Q: PRBS7, PAM4 (Gray-coded).
 * @CPO_PRBS_PATTERN_PRBS7: PRBS7.
 * @CPO_PRBS_PATTERN_SSPRQ: Short stress pattern random quaternary.
 */
enum cpo_prbs_pattern {
	CPO_PRBS_PATTERN_PRBS31Q = 1,
	CPO_PRBS_PATTERN_PRBS31,
	CPO_PRBS_PATTERN_PRBS23Q,
	CPO_PRBS_PATTERN_PRBS23,
	CPO_PRBS_PATTERN_PRBS15Q,
	CPO_PRBS_PATTERN_PRBS15,
	CPO_PRBS_PATTERN_PRBS13Q,
	CPO_PRBS_PATTERN_PRBS13,
	CPO_PRBS_PATTERN_PRBS9Q,
	CPO_PRBS_PATTERN_PRBS9,
	CPO_PRBS_PATTERN_PRBS7Q,
	CPO_PRBS_PATTERN_PRBS7,
	CPO_PRBS_PATTERN_SSPRQ,

	/* private: */
	__CPO_PRBS_PATTERN_MAX,
	CPO_PRBS_PATTERN_MAX = (__CPO_PRBS_PATTERN_MAX - 1)
};

/**
 * enum cpo_test_state - Where a lane test or an engine self-test stands.
 * @CPO_TEST_STATE_RUNNING: Under way; the lanes are out of service.
 * @CPO_TEST_STATE_DONE: Ran its gating time; the results are final.
 * @CPO_TEST_STATE_STOPPED: Stopped on request before its gating time; results
 *   so far.
 * @CPO_TEST_STATE_FAILED: Could not run or read its results (message); the
 *   lanes were restored.
 */
enum cpo_test_state {
	CPO_TEST_STATE_RUNNING = 1,
	CPO_TEST_STATE_DONE,
	CPO_TEST_STATE_STOPPED,
	CPO_TEST_STATE_FAILED,

	/* private: */
	__CPO_TEST_STATE_MAX,
	CPO_TEST_STATE_MAX = (__CPO_TEST_STATE_MAX - 1)
};

/**
 * enum cpo_fw_bank - A firmware image bank of a module (CMIS CDB command
 *   0100h).
 * @CPO_FW_BANK_A: Image A.
 * @CPO_FW_BANK_B: Image B.
 * @CPO_FW_BANK_FACTORY: The factory (boot) image, when the module reports one.
 */
enum cpo_fw_bank {
	CPO_FW_BANK_A = 1,
	CPO_FW_BANK_B,
	CPO_FW_BANK_FACTORY,

	/* private: */
	__CPO_FW_BANK_MAX,
	CPO_FW_BANK_MAX = (__CPO_FW_BANK_MAX - 1)
};

/**
 * enum cpo_slot_state - Presence of the part in the slot of an engine or a
 *   laser. The slot, with its id, location and configuration, stays while the
 *   part is out.
 * @CPO_SLOT_STATE_EMPTY: No part in the slot. The configuration kept for it
 *   (thresholds, lane enables and power, power mode, refresh interval,
 *   failover policy, port mapping) is restored on insertion; requests that
 *   need the hardware fail with ENODEV.
 * @CPO_SLOT_STATE_PRESENT: A part was inserted; the core has not begun to
 *   bring it up.
 * @CPO_SLOT_STATE_INITIALISING: The core restores the slot's configuration
 *   into the new part.
 * @CPO_SLOT_STATE_ACTIVE: The part is in and configured; the state of a part
 *   registered present.
 * @CPO_SLOT_STATE_FAULT: The part is in but its configuration could not be
 *   restored; the values read are served, sets work so an operator can finish
 *   the job by hand.
 */
enum cpo_slot_state {
	CPO_SLOT_STATE_EMPTY = 1,
	CPO_SLOT_STATE_PRESENT,
	CPO_SLOT_STATE_INITIALISING,
	CPO_SLOT_STATE_ACTIVE,
	CPO_SLOT_STATE_FAULT,

	/* private: */
	__CPO_SLOT_STATE_MAX,
	CPO_SLOT_STATE_MAX = (__CPO_SLOT_STATE_MAX - 1)
};

/**
 * enum cpo_service_step - A step of the service flow of an engine or a laser
 *   module.
 * @CPO_SERVICE_STEP_PREPARE: Take the part out of service before it is pulled:
 *   report the blast radius, then tx off and data path deinit on its lanes,
 *   and for an engine low power.
 * @CPO_SERVICE_STEP_VERIFY: Check the part inserted (identity, firmware,
 *   fibers, light) and bring the configuration and the lanes back.
 * @CPO_SERVICE_STEP_STATUS: The service state and the outcome of the last
 *   step; changes nothing.
 */
enum cpo_service_step {
	CPO_SERVICE_STEP_PREPARE = 1,
	CPO_SERVICE_STEP_VERIFY,
	CPO_SERVICE_STEP_STATUS,

	/* private: */
	__CPO_SERVICE_STEP_MAX,
	CPO_SERVICE_STEP_MAX = (__CPO_SERVICE_STEP_MAX - 1)
};

/**
 * enum cpo_service_state - Where the service flow of an engine or a laser
 *   stands.
 * @CPO_SERVICE_STATE_NONE: No service under way; the state of a slot never
 *   serviced.
 * @CPO_SERVICE_STATE_PREPARED: Out of service, ready to be pulled and
 *   replaced.
 * @CPO_SERVICE_STATE_VERIFIED: The part passed its checks; configuration and
 *   lanes are back.
 * @CPO_SERVICE_STATE_FAILED: A verify check failed: the lanes stay down; the
 *   reason is in the last step's outcome. Verify may be repeated once fixed.
 */
enum cpo_service_state {
	CPO_SERVICE_STATE_NONE = 1,
	CPO_SERVICE_STATE_PREPARED,
	CPO_SERVICE_STATE_VERIFIED,
	CPO_SERVICE_STATE_FAILED,

	/* private: */
	__CPO_SERVICE_STATE_MAX,
	CPO_SERVICE_STATE_MAX = (__CPO_SERVICE_STATE_MAX - 1)
};

enum cpo_a_engine {
	CPO_A_ENGINE_ID = 1,
	CPO_A_ENGINE_DEV_NAME,
	CPO_A_ENGINE_TYPE,
	CPO_A_ENGINE_VENDOR,
	CPO_A_ENGINE_PART_NUMBER,
	CPO_A_ENGINE_SERIAL,
	CPO_A_ENGINE_HW_REV,
	CPO_A_ENGINE_FW_VERSION,
	CPO_A_ENGINE_LOCATION,
	CPO_A_ENGINE_FIELD_REPLACEABLE,
	CPO_A_ENGINE_LANE_COUNT,
	CPO_A_ENGINE_LANE_RATE,
	CPO_A_ENGINE_MEDIA_TYPE,
	CPO_A_ENGINE_MODULE_STATE,
	CPO_A_ENGINE_POWER_MODE,
	CPO_A_ENGINE_TEMPERATURE,
	CPO_A_ENGINE_VOLTAGE,
	CPO_A_ENGINE_FW_INACTIVE,
	CPO_A_ENGINE_FAULT_CAUSE,
	CPO_A_ENGINE_POWER_DRAW,
	CPO_A_ENGINE_ENERGY_PER_BIT,
	CPO_A_ENGINE_PAD,
	CPO_A_ENGINE_SEQ,
	CPO_A_ENGINE_TIMESTAMP,
	CPO_A_ENGINE_REFRESHED,
	CPO_A_ENGINE_REFRESH_INTERVAL,
	CPO_A_ENGINE_REFRESH_DURATION,
	CPO_A_ENGINE_UNREACHABLE,
	CPO_A_ENGINE_BUS_TRANSACTIONS,
	CPO_A_ENGINE_BUS_BYTES,
	CPO_A_ENGINE_BUS_ERRORS,
	CPO_A_ENGINE_BUS_RETRIES,
	CPO_A_ENGINE_BUS_BUSY_TIME,
	CPO_A_ENGINE_BUS_LAST_ERROR,
	CPO_A_ENGINE_BUS_LOAD,
	CPO_A_ENGINE_FIRMWARE,
	CPO_A_ENGINE_FLASH,
	CPO_A_ENGINE_FLASH_FILE,
	CPO_A_ENGINE_FLASH_COMMIT,
	CPO_A_ENGINE_FLASH_ABORT,
	CPO_A_ENGINE_SELFTEST,
	CPO_A_ENGINE_STATS,
	CPO_A_ENGINE_WITH_STATS,
	CPO_A_ENGINE_SLOT_STATE,
	CPO_A_ENGINE_SERVICE_STATE,
	CPO_A_ENGINE_FW_MIN_VERSION,
	CPO_A_ENGINE_FLASH_LASER_FILE,
	CPO_A_ENGINE_STALE,

	__CPO_A_ENGINE_MAX,
	CPO_A_ENGINE_MAX = (__CPO_A_ENGINE_MAX - 1)
};

enum cpo_a_lane {
	CPO_A_LANE_ID = 1,
	CPO_A_LANE_ENGINE_ID,
	CPO_A_LANE_INDEX,
	CPO_A_LANE_DP_STATE,
	CPO_A_LANE_TX_ENABLE,
	CPO_A_LANE_POWER,
	CPO_A_LANE_TX_POWER,
	CPO_A_LANE_RX_POWER,
	CPO_A_LANE_TX_BIAS,
	CPO_A_LANE_RX_LOS,
	CPO_A_LANE_RX_LOL,
	CPO_A_LANE_TX_FAULT,
	CPO_A_LANE_RX_ENABLE,
	CPO_A_LANE_PAD,
	CPO_A_LANE_PRE_FEC_BER,
	CPO_A_LANE_SNR,
	CPO_A_LANE_FIBER_POSITION,
	CPO_A_LANE_FIBER_CONNECTED,
	CPO_A_LANE_LASER_ID,
	CPO_A_LANE_IFINDEX,
	CPO_A_LANE_IFNAME,
	CPO_A_LANE_SEQ,
	CPO_A_LANE_TIMESTAMP,
	CPO_A_LANE_REFRESHED,
	CPO_A_LANE_TEST,
	CPO_A_LANE_INDEX_MASK,
	CPO_A_LANE_DRY_RUN,
	CPO_A_LANE_BLAST_RADIUS,
	CPO_A_LANE_STATS,
	CPO_A_LANE_WITH_STATS,
	CPO_A_LANE_STALE,

	__CPO_A_LANE_MAX,
	CPO_A_LANE_MAX = (__CPO_A_LANE_MAX - 1)
};

enum cpo_a_laser {
	CPO_A_LASER_ID = 1,
	CPO_A_LASER_DEV_NAME,
	CPO_A_LASER_TYPE,
	CPO_A_LASER_LOCATION,
	CPO_A_LASER_ROLE,
	CPO_A_LASER_STATE,
	CPO_A_LASER_ENABLE,
	CPO_A_LASER_WAVELENGTH,
	CPO_A_LASER_OUTPUT_POWER,
	CPO_A_LASER_BIAS,
	CPO_A_LASER_TEMPERATURE,
	CPO_A_LASER_HOURS,
	CPO_A_LASER_SPARE_ID,
	CPO_A_LASER_COVERING_ID,
	CPO_A_LASER_FAILOVER_POLICY,
	CPO_A_LASER_FAILOVER,
	CPO_A_LASER_LANE_ID,
	CPO_A_LASER_PAD,
	CPO_A_LASER_SEQ,
	CPO_A_LASER_TIMESTAMP,
	CPO_A_LASER_REFRESHED,
	CPO_A_LASER_FAILBACK,
	CPO_A_LASER_SLOT_STATE,
	CPO_A_LASER_SWAPS,
	CPO_A_LASER_LAST_SWAP_TIME,
	CPO_A_LASER_FIRMWARE,
	CPO_A_LASER_SERVICE_STATE,
	CPO_A_LASER_FLASH,
	CPO_A_LASER_FLASH_FILE,
	CPO_A_LASER_FLASH_COMMIT,
	CPO_A_LASER_FLASH_ABORT,
	CPO_A_LASER_STALE,
	CPO_A_LASER_FW_MIN_VERSION,
	CPO_A_LASER_STANDBY_ID,

	__CPO_A_LASER_MAX,
	CPO_A_LASER_MAX = (__CPO_A_LASER_MAX - 1)
};

enum cpo_a_topology {
	CPO_A_TOPOLOGY_ENGINE_ID = 1,
	CPO_A_TOPOLOGY_LASER_ID,
	CPO_A_TOPOLOGY_LANE_ID,
	CPO_A_TOPOLOGY_IFINDEX,
	CPO_A_TOPOLOGY_SPARE_ID,

	__CPO_A_TOPOLOGY_MAX,
	CPO_A_TOPOLOGY_MAX = (__CPO_A_TOPOLOGY_MAX - 1)
};

enum cpo_a_blast_radius {
	CPO_A_BLAST_RADIUS_LANE_ID = 1,
	CPO_A_BLAST_RADIUS_IFINDEX,

	__CPO_A_BLAST_RADIUS_MAX,
	CPO_A_BLAST_RADIUS_MAX = (__CPO_A_BLAST_RADIUS_MAX - 1)
};

enum cpo_a_threshold {
	CPO_A_THRESHOLD_QUANTITY = 1,
	CPO_A_THRESHOLD_PAD,
	CPO_A_THRESHOLD_HIGH_ALARM,
	CPO_A_THRESHOLD_LOW_ALARM,
	CPO_A_THRESHOLD_HIGH_WARNING,
	CPO_A_THRESHOLD_LOW_WARNING,

	__CPO_A_THRESHOLD_MAX,
	CPO_A_THRESHOLD_MAX = (__CPO_A_THRESHOLD_MAX - 1)
};

enum cpo_a_flash {
	CPO_A_FLASH_STATE = 1,
	CPO_A_FLASH_DONE,
	CPO_A_FLASH_TOTAL,
	CPO_A_FLASH_MESSAGE,
	CPO_A_FLASH_FILE,
	CPO_A_FLASH_PAD,
	CPO_A_FLASH_STARTED,
	CPO_A_FLASH_UPDATED,

	__CPO_A_FLASH_MAX,
	CPO_A_FLASH_MAX = (__CPO_A_FLASH_MAX - 1)
};

enum cpo_a_test {
	CPO_A_TEST_LOOPBACK = 1,
	CPO_A_TEST_SIDE,
	CPO_A_TEST_PATTERN,
	CPO_A_TEST_GATE_TIME,
	CPO_A_TEST_FORCE,
	CPO_A_TEST_STOP,
	CPO_A_TEST_STATE,
	CPO_A_TEST_MESSAGE,
	CPO_A_TEST_PAD,
	CPO_A_TEST_STARTED,
	CPO_A_TEST_ENDED,
	CPO_A_TEST_BITS,
	CPO_A_TEST_ERRORS,
	CPO_A_TEST_BER,
	CPO_A_TEST_LOCKED,
	CPO_A_TEST_LOST_LOCK,
	CPO_A_TEST_BER_LIMIT,
	CPO_A_TEST_PASS,

	__CPO_A_TEST_MAX,
	CPO_A_TEST_MAX = (__CPO_A_TEST_MAX - 1)
};

enum cpo_a_selftest {
	CPO_A_SELFTEST_PATTERN = 1,
	CPO_A_SELFTEST_GATE_TIME,
	CPO_A_SELFTEST_BER_LIMIT,
	CPO_A_SELFTEST_FORCE,
	CPO_A_SELFTEST_STATE,
	CPO_A_SELFTEST_PAD,
	CPO_A_SELFTEST_STARTED,
	CPO_A_SELFTEST_ENDED,
	CPO_A_SELFTEST_LANES,
	CPO_A_SELFTEST_LANES_FAILED,
	CPO_A_SELFTEST_PASS,
	CPO_A_SELFTEST_STOP,

	__CPO_A_SELFTEST_MAX,
	CPO_A_SELFTEST_MAX = (__CPO_A_SELFTEST_MAX - 1)
};

enum cpo_a_firmware {
	CPO_A_FIRMWARE_BANK = 1,
	CPO_A_FIRMWARE_VERSION,
	CPO_A_FIRMWARE_RUNNING,
	CPO_A_FIRMWARE_COMMITTED,
	CPO_A_FIRMWARE_VALID,

	__CPO_A_FIRMWARE_MAX,
	CPO_A_FIRMWARE_MAX = (__CPO_A_FIRMWARE_MAX - 1)
};

enum cpo_a_alarm {
	CPO_A_ALARM_QUANTITY = 1,
	CPO_A_ALARM_LEVEL,
	CPO_A_ALARM_ACTIVE,
	CPO_A_ALARM_LATCHED,
	CPO_A_ALARM_COUNT,
	CPO_A_ALARM_PAD,
	CPO_A_ALARM_FIRST_SET,
	CPO_A_ALARM_LAST_SET,
	CPO_A_ALARM_LAST_CLEAR,
	CPO_A_ALARM_VALUE,
	CPO_A_ALARM_THRESHOLD,

	__CPO_A_ALARM_MAX,
	CPO_A_ALARM_MAX = (__CPO_A_ALARM_MAX - 1)
};

enum cpo_a_stats {
	CPO_A_STATS_PAD = 1,
	CPO_A_STATS_DP_ACTIVATIONS,
	CPO_A_STATS_DP_DEACTIVATIONS,
	CPO_A_STATS_RX_LOS_COUNT,
	CPO_A_STATS_RX_LOL_COUNT,
	CPO_A_STATS_TX_FAULT_COUNT,
	CPO_A_STATS_TIME_IN_SERVICE,
	CPO_A_STATS_FAILOVERS,
	CPO_A_STATS_MODULE_FAULTS,
	CPO_A_STATS_MODULE_READY,
	CPO_A_STATS_ELAPSED,
	CPO_A_STATS_SWAPS,
	CPO_A_STATS_LAST_SWAP_TIME,

	__CPO_A_STATS_MAX,
	CPO_A_STATS_MAX = (__CPO_A_STATS_MAX - 1)
};

enum cpo_a_diag {
	CPO_A_DIAG_ENGINE_ID = 1,
	CPO_A_DIAG_LANE_ID,
	CPO_A_DIAG_THRESHOLD,
	CPO_A_DIAG_ALARM,
	CPO_A_DIAG_PAD,
	CPO_A_DIAG_SEQ,
	CPO_A_DIAG_TIMESTAMP,

	__CPO_A_DIAG_MAX,
	CPO_A_DIAG_MAX = (__CPO_A_DIAG_MAX - 1)
};

enum cpo_a_service {
	CPO_A_SERVICE_ENGINE_ID = 1,
	CPO_A_SERVICE_LASER_ID,
	CPO_A_SERVICE_STEP,
	CPO_A_SERVICE_FORCE,
	CPO_A_SERVICE_STATE,
	CPO_A_SERVICE_OK,
	CPO_A_SERVICE_REASON,
	CPO_A_SERVICE_NOTES,
	CPO_A_SERVICE_LANE_ID,
	CPO_A_SERVICE_IFINDEX,
	CPO_A_SERVICE_TIMESTAMP,
	CPO_A_SERVICE_SEQ,
	CPO_A_SERVICE_PAD,
	CPO_A_SERVICE_MOVED_LANE_ID,

	__CPO_A_SERVICE_MAX,
	CPO_A_SERVICE_MAX = (__CPO_A_SERVICE_MAX - 1)
};

enum cpo_cmd {
	CPO_CMD_ENGINE_GET = 1,
	CPO_CMD_ENGINE_SET,
	CPO_CMD_ENGINE_CREATE_NTF,
	CPO_CMD_ENGINE_DELETE_NTF,
	CPO_CMD_ENGINE_CHANGE_NTF,
	CPO_CMD_LANE_GET,
	CPO_CMD_LANE_SET,
	CPO_CMD_LANE_CREATE_NTF,
	CPO_CMD_LANE_DELETE_NTF,
	CPO_CMD_LANE_CHANGE_NTF,
	CPO_CMD_LASER_GET,
	CPO_CMD_LASER_SET,
	CPO_CMD_LASER_CREATE_NTF,
	CPO_CMD_LASER_DELETE_NTF,
	CPO_CMD_LASER_CHANGE_NTF,
	CPO_CMD_LASER_FAILOVER_NTF,
	CPO_CMD_TOPOLOGY_GET,
	CPO_CMD_THRESHOLD_GET,
	CPO_CMD_THRESHOLD_SET,
	CPO_CMD_ALARM_GET,
	CPO_CMD_ALARM_CLEAR,
	CPO_CMD_ALARM_NTF,
	CPO_CMD_ENGINE_FLASH,
	CPO_CMD_ENGINE_FLASH_NTF,
	CPO_CMD_LANE_TEST,
	CPO_CMD_LANE_TEST_NTF,
	CPO_CMD_ENGINE_SELFTEST,
	CPO_CMD_ENGINE_SELFTEST_NTF,
	CPO_CMD_LASER_FAILBACK_NTF,
	CPO_CMD_STATS_CLEAR,
	CPO_CMD_SERVICE,
	CPO_CMD_SERVICE_NTF,
	CPO_CMD_LASER_FLASH,
	CPO_CMD_LASER_FLASH_NTF,

	__CPO_CMD_MAX,
	CPO_CMD_MAX = (__CPO_CMD_MAX - 1)
};

#define CPO_MCGRP_MONITOR	"monitor"

#endif /* _UAPI_LINUX_CPO_H */
