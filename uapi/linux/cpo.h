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

	__CPO_A_LANE_MAX,
	CPO_A_LANE_MAX = (__CPO_A_LANE_MAX - 1)
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

	__CPO_CMD_MAX,
	CPO_CMD_MAX = (__CPO_CMD_MAX - 1)
};

#define CPO_MCGRP_MONITOR	"monitor"

#endif /* _UAPI_LINUX_CPO_H */
