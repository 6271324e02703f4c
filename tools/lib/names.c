// SPDX-License-Identifier: GPL-2.0
/*
 * Enum <-> name tables: the one place where the spec's names live in C.
 * Arrays are indexed by the uapi value so a new value without a name shows
 * up as a NULL hole (the unit tests check there is none).
 */
#include <errno.h>
#include <string.h>

#include "cpo_priv.h"

#define CPO_ENUM(var, spec_name, arr, maxval)				\
	const struct cpo_enum var = {					\
		.name = spec_name,					\
		.names = arr,						\
		.max = maxval,						\
	}

static const char *const engine_type_names[CPO_ENGINE_TYPE_MAX + 1] = {
	[CPO_ENGINE_TYPE_CPO] = "cpo",
	[CPO_ENGINE_TYPE_NPO] = "npo",
	[CPO_ENGINE_TYPE_LPO] = "lpo",
};
CPO_ENUM(cpo_engine_type_enum, "engine-type", engine_type_names,
	 CPO_ENGINE_TYPE_MAX);

static const char *const media_type_names[CPO_MEDIA_TYPE_MAX + 1] = {
	[CPO_MEDIA_TYPE_SMF] = "smf",
	[CPO_MEDIA_TYPE_MMF] = "mmf",
};
CPO_ENUM(cpo_media_type_enum, "media-type", media_type_names,
	 CPO_MEDIA_TYPE_MAX);

static const char *const module_state_names[CPO_MODULE_STATE_MAX + 1] = {
	[CPO_MODULE_STATE_LOW_PWR] = "low-pwr",
	[CPO_MODULE_STATE_PWR_UP] = "pwr-up",
	[CPO_MODULE_STATE_READY] = "ready",
	[CPO_MODULE_STATE_PWR_DN] = "pwr-dn",
	[CPO_MODULE_STATE_FAULT] = "fault",
};
CPO_ENUM(cpo_module_state_enum, "module-state", module_state_names,
	 CPO_MODULE_STATE_MAX);

static const char *const slot_state_names[CPO_SLOT_STATE_MAX + 1] = {
	[CPO_SLOT_STATE_EMPTY] = "empty",
	[CPO_SLOT_STATE_PRESENT] = "present",
	[CPO_SLOT_STATE_INITIALISING] = "initialising",
	[CPO_SLOT_STATE_ACTIVE] = "active",
	[CPO_SLOT_STATE_FAULT] = "fault",
};
CPO_ENUM(cpo_slot_state_enum, "slot-state", slot_state_names,
	 CPO_SLOT_STATE_MAX);

static const char *const service_step_names[CPO_SERVICE_STEP_MAX + 1] = {
	[CPO_SERVICE_STEP_PREPARE] = "prepare",
	[CPO_SERVICE_STEP_VERIFY] = "verify",
	[CPO_SERVICE_STEP_STATUS] = "status",
};
CPO_ENUM(cpo_service_step_enum, "service-step", service_step_names,
	 CPO_SERVICE_STEP_MAX);

static const char *const service_state_names[CPO_SERVICE_STATE_MAX + 1] = {
	[CPO_SERVICE_STATE_NONE] = "none",
	[CPO_SERVICE_STATE_PREPARED] = "prepared",
	[CPO_SERVICE_STATE_VERIFIED] = "verified",
	[CPO_SERVICE_STATE_FAILED] = "failed",
};
CPO_ENUM(cpo_service_state_enum, "service-state", service_state_names,
	 CPO_SERVICE_STATE_MAX);

static const char *const power_mode_names[CPO_POWER_MODE_MAX + 1] = {
	[CPO_POWER_MODE_LOW] = "low",
	[CPO_POWER_MODE_HIGH] = "high",
};
CPO_ENUM(cpo_power_mode_enum, "power-mode", power_mode_names,
	 CPO_POWER_MODE_MAX);

static const char *const dp_state_names[CPO_DP_STATE_MAX + 1] = {
	[CPO_DP_STATE_DEACTIVATED] = "deactivated",
	[CPO_DP_STATE_INIT] = "init",
	[CPO_DP_STATE_DEINIT] = "deinit",
	[CPO_DP_STATE_ACTIVATED] = "activated",
	[CPO_DP_STATE_TX_TURN_ON] = "tx-turn-on",
	[CPO_DP_STATE_TX_TURN_OFF] = "tx-turn-off",
	[CPO_DP_STATE_INITIALIZED] = "initialized",
};
CPO_ENUM(cpo_dp_state_enum, "dp-state", dp_state_names, CPO_DP_STATE_MAX);

static const char *const lane_power_names[CPO_LANE_POWER_MAX + 1] = {
	[CPO_LANE_POWER_DOWN] = "down",
	[CPO_LANE_POWER_UP] = "up",
};
CPO_ENUM(cpo_lane_power_enum, "lane-power", lane_power_names,
	 CPO_LANE_POWER_MAX);

static const char *const fault_cause_names[CPO_FAULT_CAUSE_MAX + 1] = {
	[CPO_FAULT_CAUSE_TEC_RUNAWAY] = "tec-runaway",
	[CPO_FAULT_CAUSE_DATA_MEMORY] = "data-memory",
	[CPO_FAULT_CAUSE_PROGRAM_MEMORY] = "program-memory",
	[CPO_FAULT_CAUSE_OVER_TEMPERATURE] = "over-temperature",
};
CPO_ENUM(cpo_fault_cause_enum, "fault-cause", fault_cause_names,
	 CPO_FAULT_CAUSE_MAX);

static const char *const laser_type_names[CPO_LASER_TYPE_MAX + 1] = {
	[CPO_LASER_TYPE_EXTERNAL] = "external",
	[CPO_LASER_TYPE_INTERNAL] = "internal",
};
CPO_ENUM(cpo_laser_type_enum, "laser-type", laser_type_names,
	 CPO_LASER_TYPE_MAX);

static const char *const laser_state_names[CPO_LASER_STATE_MAX + 1] = {
	[CPO_LASER_STATE_OFF] = "off",
	[CPO_LASER_STATE_ON] = "on",
	[CPO_LASER_STATE_FAILED] = "failed",
	[CPO_LASER_STATE_STANDBY] = "standby",
};
CPO_ENUM(cpo_laser_state_enum, "laser-state", laser_state_names,
	 CPO_LASER_STATE_MAX);

static const char *const laser_role_names[CPO_LASER_ROLE_MAX + 1] = {
	[CPO_LASER_ROLE_PRIMARY] = "primary",
	[CPO_LASER_ROLE_SPARE] = "spare",
};
CPO_ENUM(cpo_laser_role_enum, "laser-role", laser_role_names,
	 CPO_LASER_ROLE_MAX);

static const char *const failover_policy_names[CPO_FAILOVER_POLICY_MAX + 1] = {
	[CPO_FAILOVER_POLICY_AUTO] = "auto",
	[CPO_FAILOVER_POLICY_MANUAL] = "manual",
};
CPO_ENUM(cpo_failover_policy_enum, "failover-policy", failover_policy_names,
	 CPO_FAILOVER_POLICY_MAX);

static const char *const quantity_names[CPO_QUANTITY_MAX + 1] = {
	[CPO_QUANTITY_TEMPERATURE] = "temperature",
	[CPO_QUANTITY_VOLTAGE] = "voltage",
	[CPO_QUANTITY_POWER_DRAW] = "power-draw",
	[CPO_QUANTITY_TX_POWER] = "tx-power",
	[CPO_QUANTITY_RX_POWER] = "rx-power",
	[CPO_QUANTITY_TX_BIAS] = "tx-bias",
	[CPO_QUANTITY_PRE_FEC_BER] = "pre-fec-ber",
	[CPO_QUANTITY_RX_LOS] = "rx-los",
	[CPO_QUANTITY_RX_LOL] = "rx-lol",
	[CPO_QUANTITY_TX_FAULT] = "tx-fault",
	[CPO_QUANTITY_UNREACHABLE] = "unreachable",
};
CPO_ENUM(cpo_quantity_enum, "quantity", quantity_names, CPO_QUANTITY_MAX);

static const char *const fw_bank_names[CPO_FW_BANK_MAX + 1] = {
	[CPO_FW_BANK_A] = "a",
	[CPO_FW_BANK_B] = "b",
	[CPO_FW_BANK_FACTORY] = "factory",
};
CPO_ENUM(cpo_fw_bank_enum, "fw-bank", fw_bank_names, CPO_FW_BANK_MAX);

static const char *const flash_state_names[CPO_FLASH_STATE_MAX + 1] = {
	[CPO_FLASH_STATE_STARTED] = "started",
	[CPO_FLASH_STATE_DOWNLOADING] = "downloading",
	[CPO_FLASH_STATE_RUNNING] = "running",
	[CPO_FLASH_STATE_COMMITTING] = "committing",
	[CPO_FLASH_STATE_DONE] = "done",
	[CPO_FLASH_STATE_FAILED] = "failed",
	[CPO_FLASH_STATE_ABORTED] = "aborted",
};
CPO_ENUM(cpo_flash_state_enum, "flash-state", flash_state_names,
	 CPO_FLASH_STATE_MAX);

static const char *const alarm_level_names[CPO_ALARM_LEVEL_MAX + 1] = {
	[CPO_ALARM_LEVEL_HIGH_ALARM] = "high-alarm",
	[CPO_ALARM_LEVEL_LOW_ALARM] = "low-alarm",
	[CPO_ALARM_LEVEL_HIGH_WARNING] = "high-warning",
	[CPO_ALARM_LEVEL_LOW_WARNING] = "low-warning",
	[CPO_ALARM_LEVEL_ASSERTED] = "asserted",
};
CPO_ENUM(cpo_alarm_level_enum, "alarm-level", alarm_level_names,
	 CPO_ALARM_LEVEL_MAX);

static const char *const loopback_names[CPO_LOOPBACK_MAX + 1] = {
	[CPO_LOOPBACK_HOST_INPUT] = "host-input",
	[CPO_LOOPBACK_HOST_OUTPUT] = "host-output",
	[CPO_LOOPBACK_MEDIA_INPUT] = "media-input",
	[CPO_LOOPBACK_MEDIA_OUTPUT] = "media-output",
};
CPO_ENUM(cpo_loopback_enum, "loopback", loopback_names, CPO_LOOPBACK_MAX);

static const char *const test_side_names[CPO_TEST_SIDE_MAX + 1] = {
	[CPO_TEST_SIDE_HOST] = "host",
	[CPO_TEST_SIDE_MEDIA] = "media",
};
CPO_ENUM(cpo_test_side_enum, "test-side", test_side_names, CPO_TEST_SIDE_MAX);

static const char *const prbs_pattern_names[CPO_PRBS_PATTERN_MAX + 1] = {
	[CPO_PRBS_PATTERN_PRBS31Q] = "prbs31q",
	[CPO_PRBS_PATTERN_PRBS31] = "prbs31",
	[CPO_PRBS_PATTERN_PRBS23Q] = "prbs23q",
	[CPO_PRBS_PATTERN_PRBS23] = "prbs23",
	[CPO_PRBS_PATTERN_PRBS15Q] = "prbs15q",
	[CPO_PRBS_PATTERN_PRBS15] = "prbs15",
	[CPO_PRBS_PATTERN_PRBS13Q] = "prbs13q",
	[CPO_PRBS_PATTERN_PRBS13] = "prbs13",
	[CPO_PRBS_PATTERN_PRBS9Q] = "prbs9q",
	[CPO_PRBS_PATTERN_PRBS9] = "prbs9",
	[CPO_PRBS_PATTERN_PRBS7Q] = "prbs7q",
	[CPO_PRBS_PATTERN_PRBS7] = "prbs7",
	[CPO_PRBS_PATTERN_SSPRQ] = "ssprq",
};
CPO_ENUM(cpo_prbs_pattern_enum, "prbs-pattern", prbs_pattern_names,
	 CPO_PRBS_PATTERN_MAX);

static const char *const test_state_names[CPO_TEST_STATE_MAX + 1] = {
	[CPO_TEST_STATE_RUNNING] = "running",
	[CPO_TEST_STATE_DONE] = "done",
	[CPO_TEST_STATE_STOPPED] = "stopped",
	[CPO_TEST_STATE_FAILED] = "failed",
};
CPO_ENUM(cpo_test_state_enum, "test-state", test_state_names,
	 CPO_TEST_STATE_MAX);

static const char *const cmd_names[CPO_CMD_MAX + 1] = {
	[CPO_CMD_ENGINE_GET] = "engine-get",
	[CPO_CMD_ENGINE_SET] = "engine-set",
	[CPO_CMD_ENGINE_CREATE_NTF] = "engine-create-ntf",
	[CPO_CMD_ENGINE_DELETE_NTF] = "engine-delete-ntf",
	[CPO_CMD_ENGINE_CHANGE_NTF] = "engine-change-ntf",
	[CPO_CMD_LANE_GET] = "lane-get",
	[CPO_CMD_LANE_SET] = "lane-set",
	[CPO_CMD_LANE_CREATE_NTF] = "lane-create-ntf",
	[CPO_CMD_LANE_DELETE_NTF] = "lane-delete-ntf",
	[CPO_CMD_LANE_CHANGE_NTF] = "lane-change-ntf",
	[CPO_CMD_LASER_GET] = "laser-get",
	[CPO_CMD_LASER_SET] = "laser-set",
	[CPO_CMD_LASER_CREATE_NTF] = "laser-create-ntf",
	[CPO_CMD_LASER_DELETE_NTF] = "laser-delete-ntf",
	[CPO_CMD_LASER_CHANGE_NTF] = "laser-change-ntf",
	[CPO_CMD_LASER_FAILOVER_NTF] = "laser-failover-ntf",
	[CPO_CMD_TOPOLOGY_GET] = "topology-get",
	[CPO_CMD_THRESHOLD_GET] = "threshold-get",
	[CPO_CMD_THRESHOLD_SET] = "threshold-set",
	[CPO_CMD_ALARM_GET] = "alarm-get",
	[CPO_CMD_ALARM_CLEAR] = "alarm-clear",
	[CPO_CMD_ALARM_NTF] = "alarm-ntf",
	[CPO_CMD_ENGINE_FLASH] = "engine-flash",
	[CPO_CMD_ENGINE_FLASH_NTF] = "engine-flash-ntf",
	[CPO_CMD_LANE_TEST] = "lane-test",
	[CPO_CMD_LANE_TEST_NTF] = "lane-test-ntf",
	[CPO_CMD_ENGINE_SELFTEST] = "engine-selftest",
	[CPO_CMD_ENGINE_SELFTEST_NTF] = "engine-selftest-ntf",
	[CPO_CMD_LASER_FAILBACK_NTF] = "laser-failback-ntf",
	[CPO_CMD_STATS_CLEAR] = "stats-clear",
	[CPO_CMD_SERVICE] = "service",
	[CPO_CMD_SERVICE_NTF] = "service-ntf",
	[CPO_CMD_LASER_FLASH] = "laser-flash",
	[CPO_CMD_LASER_FLASH_NTF] = "laser-flash-ntf",
};
CPO_ENUM(cpo_cmd_enum, "cmd", cmd_names, CPO_CMD_MAX);

const struct cpo_enum *const cpo_enums[] = {
	&cpo_engine_type_enum,
	&cpo_media_type_enum,
	&cpo_module_state_enum,
	&cpo_power_mode_enum,
	&cpo_dp_state_enum,
	&cpo_lane_power_enum,
	&cpo_fault_cause_enum,
	&cpo_laser_type_enum,
	&cpo_laser_state_enum,
	&cpo_laser_role_enum,
	&cpo_failover_policy_enum,
	&cpo_quantity_enum,
	&cpo_alarm_level_enum,
	&cpo_fw_bank_enum,
	&cpo_flash_state_enum,
	&cpo_loopback_enum,
	&cpo_test_side_enum,
	&cpo_prbs_pattern_enum,
	&cpo_test_state_enum,
	&cpo_slot_state_enum,
	&cpo_service_step_enum,
	&cpo_service_state_enum,
	NULL,
};

const char *cpo_enum_name(const struct cpo_enum *e, uint32_t v)
{
	if (v > e->max)
		return NULL;
	return e->names[v];
}

int cpo_enum_value(const struct cpo_enum *e, const char *name, uint32_t *v)
{
	uint32_t i;

	for (i = 0; i <= e->max; i++) {
		if (e->names[i] && !strcmp(e->names[i], name)) {
			*v = i;
			return 0;
		}
	}
	return -EINVAL;
}
