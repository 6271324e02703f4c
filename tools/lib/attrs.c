// SPDX-License-Identifier: GPL-2.0
/*
 * Attribute sets: one descriptor per spec attribute (name, wire type,
 * struct field) drives parsing, request building and printing.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "cpo_priv.h"

#define FIELD(type, member)						\
	.offset = offsetof(type, member),				\
	.size = sizeof(((type *)0)->member)

#define ENG(n, k, member, ...)						\
	{ .name = n, .kind = k, FIELD(struct cpo_engine, member), __VA_ARGS__ }
#define LANE(n, k, member, ...)						\
	{ .name = n, .kind = k, FIELD(struct cpo_lane, member), __VA_ARGS__ }
#define LASER(n, k, member, ...)					\
	{ .name = n, .kind = k, FIELD(struct cpo_laser, member), __VA_ARGS__ }
#define TOPO(n, k, member, ...)						\
	{ .name = n, .kind = k, FIELD(struct cpo_topology, member), __VA_ARGS__ }
#define THR(n, k, member, ...)						\
	{ .name = n, .kind = k, FIELD(struct cpo_threshold, member), __VA_ARGS__ }
#define ALARM(n, k, member, ...)					\
	{ .name = n, .kind = k, FIELD(struct cpo_alarm, member), __VA_ARGS__ }
#define FW(n, k, member, ...)						\
	{ .name = n, .kind = k, FIELD(struct cpo_firmware, member), __VA_ARGS__ }
#define FLASH(n, k, member, ...)					\
	{ .name = n, .kind = k, FIELD(struct cpo_flash, member), __VA_ARGS__ }
#define TEST(n, k, member, ...)						\
	{ .name = n, .kind = k, FIELD(struct cpo_test, member), __VA_ARGS__ }
#define SELFTEST(n, k, member, ...)					\
	{ .name = n, .kind = k, FIELD(struct cpo_selftest, member), __VA_ARGS__ }
#define BLAST(n, k, member, ...)					\
	{ .name = n, .kind = k, FIELD(struct cpo_blast_radius, member), __VA_ARGS__ }
#define STATS(n, k, member, ...)					\
	{ .name = n, .kind = k, FIELD(struct cpo_stats, member), __VA_ARGS__ }
#define SVC(n, k, member, ...)						\
	{ .name = n, .kind = k, FIELD(struct cpo_service, member), __VA_ARGS__ }
#define DIAG(n, k, member, ...)						\
	{ .name = n, .kind = k, FIELD(struct cpo_diag, member), __VA_ARGS__ }
/* A pad attribute has no field; it only has to be known by name. */
#define PAD(n)		{ .name = n, .kind = CPO_ATTR_PAD }

_Static_assert(CPO_A_ENGINE_MAX < 64, "engine presence bits overflow");
_Static_assert(CPO_A_LANE_MAX < 64, "lane presence bits overflow");
_Static_assert(CPO_A_LASER_MAX < 64, "laser presence bits overflow");
_Static_assert(CPO_A_TOPOLOGY_MAX < 64, "topology presence bits overflow");
_Static_assert(CPO_A_THRESHOLD_MAX < 64, "threshold presence bits overflow");
_Static_assert(CPO_A_ALARM_MAX < 64, "alarm presence bits overflow");
_Static_assert(CPO_A_DIAG_MAX < 64, "diag presence bits overflow");
_Static_assert(CPO_A_FIRMWARE_MAX < 64, "firmware presence bits overflow");
_Static_assert(CPO_A_FLASH_MAX < 64, "flash presence bits overflow");
_Static_assert(CPO_A_TEST_MAX < 64, "test presence bits overflow");
_Static_assert(CPO_A_SELFTEST_MAX < 64, "selftest presence bits overflow");
_Static_assert(CPO_A_BLAST_RADIUS_MAX < 64, "blast radius presence bits overflow");
_Static_assert(CPO_A_STATS_MAX < 64, "stats presence bits overflow");
_Static_assert(CPO_A_SERVICE_MAX < 64, "service presence bits overflow");

/* The generic code finds @present first and a nest list's items in place. */
#define PRESENT_FIRST(type)						\
	_Static_assert(offsetof(type, present) == 0, #type " present first")
PRESENT_FIRST(struct cpo_engine);
PRESENT_FIRST(struct cpo_lane);
PRESENT_FIRST(struct cpo_laser);
PRESENT_FIRST(struct cpo_topology);
PRESENT_FIRST(struct cpo_service);
PRESENT_FIRST(struct cpo_threshold);
PRESENT_FIRST(struct cpo_blast_radius);
PRESENT_FIRST(struct cpo_alarm);
PRESENT_FIRST(struct cpo_diag);
PRESENT_FIRST(struct cpo_firmware);
PRESENT_FIRST(struct cpo_flash);
PRESENT_FIRST(struct cpo_test);
PRESENT_FIRST(struct cpo_selftest);
PRESENT_FIRST(struct cpo_stats);
#define NEST_LIST(type)							\
	_Static_assert(offsetof(type, n) == offsetof(struct cpo_nest_list, n) && \
		       offsetof(type, truncated) ==			\
		       offsetof(struct cpo_nest_list, truncated) &&	\
		       offsetof(type, items) ==				\
		       offsetof(struct cpo_nest_list, items),		\
		       #type " is laid out as a struct cpo_nest_list")
NEST_LIST(struct cpo_threshold_list);
NEST_LIST(struct cpo_alarm_list);
NEST_LIST(struct cpo_firmware_list);
NEST_LIST(struct cpo_flash_list);
NEST_LIST(struct cpo_test_list);
NEST_LIST(struct cpo_selftest_list);
NEST_LIST(struct cpo_stats_list);

#define SET(var, spec_name, arr, type)					\
	const struct cpo_attr_set var = {				\
		.name = spec_name,					\
		.attrs = arr,						\
		.max = CPO_ARRAY_SIZE(arr) - 1,				\
		.obj_size = sizeof(type),				\
	}

static const struct cpo_attr_desc engine_attrs[CPO_A_ENGINE_MAX + 1] = {
	[CPO_A_ENGINE_ID] = ENG("id", CPO_ATTR_U32, id),
	[CPO_A_ENGINE_DEV_NAME] = ENG("dev-name", CPO_ATTR_STRING, dev_name),
	[CPO_A_ENGINE_TYPE] = ENG("type", CPO_ATTR_U32, type,
				  .values = &cpo_engine_type_enum),
	[CPO_A_ENGINE_VENDOR] = ENG("vendor", CPO_ATTR_STRING, vendor),
	[CPO_A_ENGINE_PART_NUMBER] = ENG("part-number", CPO_ATTR_STRING,
					 part_number),
	[CPO_A_ENGINE_SERIAL] = ENG("serial", CPO_ATTR_STRING, serial),
	[CPO_A_ENGINE_HW_REV] = ENG("hw-rev", CPO_ATTR_STRING, hw_rev),
	[CPO_A_ENGINE_FW_VERSION] = ENG("fw-version", CPO_ATTR_STRING,
					fw_version),
	[CPO_A_ENGINE_LOCATION] = ENG("location", CPO_ATTR_STRING, location),
	[CPO_A_ENGINE_FIELD_REPLACEABLE] = ENG("field-replaceable",
					       CPO_ATTR_FLAG,
					       field_replaceable),
	[CPO_A_ENGINE_LANE_COUNT] = ENG("lane-count", CPO_ATTR_U32,
					lane_count),
	[CPO_A_ENGINE_LANE_RATE] = ENG("lane-rate", CPO_ATTR_U32, lane_rate),
	[CPO_A_ENGINE_MEDIA_TYPE] = ENG("media-type", CPO_ATTR_U32, media_type,
					.values = &cpo_media_type_enum),
	[CPO_A_ENGINE_MODULE_STATE] = ENG("module-state", CPO_ATTR_U32,
					  module_state,
					  .values = &cpo_module_state_enum),
	[CPO_A_ENGINE_POWER_MODE] = ENG("power-mode", CPO_ATTR_U32, power_mode,
					.values = &cpo_power_mode_enum),
	[CPO_A_ENGINE_TEMPERATURE] = ENG("temperature", CPO_ATTR_S32,
					 temperature),
	[CPO_A_ENGINE_VOLTAGE] = ENG("voltage", CPO_ATTR_U32, voltage),
	[CPO_A_ENGINE_FW_INACTIVE] = ENG("fw-inactive", CPO_ATTR_STRING,
					 fw_inactive),
	[CPO_A_ENGINE_FAULT_CAUSE] = ENG("fault-cause", CPO_ATTR_U32,
					 fault_cause,
					 .values = &cpo_fault_cause_enum),
	[CPO_A_ENGINE_POWER_DRAW] = ENG("power-draw", CPO_ATTR_U32, power_draw),
	[CPO_A_ENGINE_ENERGY_PER_BIT] = ENG("energy-per-bit", CPO_ATTR_U32,
					    energy_per_bit),
	[CPO_A_ENGINE_PAD] = PAD("pad"),
	[CPO_A_ENGINE_SEQ] = ENG("seq", CPO_ATTR_U64, seq),
	[CPO_A_ENGINE_TIMESTAMP] = ENG("timestamp", CPO_ATTR_U64, timestamp),
	[CPO_A_ENGINE_REFRESHED] = ENG("refreshed", CPO_ATTR_U64, refreshed),
	[CPO_A_ENGINE_REFRESH_INTERVAL] = ENG("refresh-interval", CPO_ATTR_U32,
					      refresh_interval),
	[CPO_A_ENGINE_REFRESH_DURATION] = ENG("refresh-duration", CPO_ATTR_U64,
					      refresh_duration),
	[CPO_A_ENGINE_UNREACHABLE] = ENG("unreachable", CPO_ATTR_FLAG,
					 unreachable),
	[CPO_A_ENGINE_BUS_TRANSACTIONS] = ENG("bus-transactions", CPO_ATTR_U64,
					      bus_transactions),
	[CPO_A_ENGINE_BUS_BYTES] = ENG("bus-bytes", CPO_ATTR_U64, bus_bytes),
	[CPO_A_ENGINE_BUS_ERRORS] = ENG("bus-errors", CPO_ATTR_U64, bus_errors),
	[CPO_A_ENGINE_BUS_RETRIES] = ENG("bus-retries", CPO_ATTR_U64,
					 bus_retries),
	[CPO_A_ENGINE_BUS_BUSY_TIME] = ENG("bus-busy-time", CPO_ATTR_U64,
					   bus_busy_time),
	[CPO_A_ENGINE_BUS_LAST_ERROR] = ENG("bus-last-error", CPO_ATTR_U32,
					    bus_last_error),
	[CPO_A_ENGINE_BUS_LOAD] = ENG("bus-load", CPO_ATTR_U32, bus_load),
	[CPO_A_ENGINE_FIRMWARE] = ENG("firmware", CPO_ATTR_NEST_MULTI, firmware,
				      .nested = &cpo_firmware_attr_set),
	[CPO_A_ENGINE_FLASH] = ENG("flash", CPO_ATTR_NEST, flash,
				   .nested = &cpo_flash_attr_set),
	[CPO_A_ENGINE_FLASH_FILE] = ENG("flash-file", CPO_ATTR_STRING,
					flash_file),
	[CPO_A_ENGINE_FLASH_COMMIT] = ENG("flash-commit", CPO_ATTR_FLAG,
					  flash_commit),
	[CPO_A_ENGINE_FLASH_ABORT] = ENG("flash-abort", CPO_ATTR_FLAG,
					 flash_abort),
	[CPO_A_ENGINE_SELFTEST] = ENG("selftest", CPO_ATTR_NEST, selftest,
				      .nested = &cpo_selftest_attr_set),
	[CPO_A_ENGINE_STATS] = ENG("stats", CPO_ATTR_NEST, stats,
				   .nested = &cpo_stats_attr_set),
	[CPO_A_ENGINE_WITH_STATS] = ENG("with-stats", CPO_ATTR_FLAG,
					with_stats),
	[CPO_A_ENGINE_SLOT_STATE] = ENG("slot-state", CPO_ATTR_U32, slot_state,
					.values = &cpo_slot_state_enum),	[CPO_A_ENGINE_SERVICE_STATE] = ENG("service-state", CPO_ATTR_U32,
					   service_state,
					   .values = &cpo_service_state_enum),
	[CPO_A_ENGINE_FW_MIN_VERSION] = ENG("fw-min-version", CPO_ATTR_STRING,
					    fw_min_version),
	[CPO_A_ENGINE_FLASH_LASER_FILE] = ENG("flash-laser-file",
					      CPO_ATTR_STRING,
					      flash_laser_file),
	[CPO_A_ENGINE_STALE] = ENG("stale", CPO_ATTR_FLAG, stale),
};

SET(cpo_engine_attr_set, "engine", engine_attrs, struct cpo_engine);

static const struct cpo_attr_desc lane_attrs[CPO_A_LANE_MAX + 1] = {
	[CPO_A_LANE_ID] = LANE("id", CPO_ATTR_U32, id),
	[CPO_A_LANE_ENGINE_ID] = LANE("engine-id", CPO_ATTR_U32, engine_id),
	[CPO_A_LANE_INDEX] = LANE("index", CPO_ATTR_U32, index),
	[CPO_A_LANE_DP_STATE] = LANE("dp-state", CPO_ATTR_U32, dp_state,
				     .values = &cpo_dp_state_enum),
	[CPO_A_LANE_TX_ENABLE] = LANE("tx-enable", CPO_ATTR_U8, tx_enable),
	[CPO_A_LANE_POWER] = LANE("power", CPO_ATTR_U32, power,
				  .values = &cpo_lane_power_enum),
	[CPO_A_LANE_TX_POWER] = LANE("tx-power", CPO_ATTR_U32, tx_power),
	[CPO_A_LANE_RX_POWER] = LANE("rx-power", CPO_ATTR_U32, rx_power),
	[CPO_A_LANE_TX_BIAS] = LANE("tx-bias", CPO_ATTR_U32, tx_bias),
	[CPO_A_LANE_RX_LOS] = LANE("rx-los", CPO_ATTR_U8, rx_los),
	[CPO_A_LANE_RX_LOL] = LANE("rx-lol", CPO_ATTR_U8, rx_lol),
	[CPO_A_LANE_TX_FAULT] = LANE("tx-fault", CPO_ATTR_U8, tx_fault),
	[CPO_A_LANE_RX_ENABLE] = LANE("rx-enable", CPO_ATTR_U8, rx_enable),
	[CPO_A_LANE_PAD] = PAD("pad"),
	[CPO_A_LANE_PRE_FEC_BER] = LANE("pre-fec-ber", CPO_ATTR_U64,
					pre_fec_ber),
	[CPO_A_LANE_SNR] = LANE("snr", CPO_ATTR_U32, snr),
	[CPO_A_LANE_FIBER_POSITION] = LANE("fiber-position", CPO_ATTR_STRING,
					   fiber_position),
	[CPO_A_LANE_FIBER_CONNECTED] = LANE("fiber-connected", CPO_ATTR_U8,
					    fiber_connected),
	[CPO_A_LANE_LASER_ID] = LANE("laser-id", CPO_ATTR_U32, laser_id),
	[CPO_A_LANE_IFINDEX] = LANE("ifindex", CPO_ATTR_U32, ifindex),
	[CPO_A_LANE_IFNAME] = LANE("ifname", CPO_ATTR_STRING, ifname),
	[CPO_A_LANE_SEQ] = LANE("seq", CPO_ATTR_U64, seq),
	[CPO_A_LANE_TIMESTAMP] = LANE("timestamp", CPO_ATTR_U64, timestamp),
	[CPO_A_LANE_REFRESHED] = LANE("refreshed", CPO_ATTR_U64, refreshed),
	[CPO_A_LANE_TEST] = LANE("test", CPO_ATTR_NEST, test,
				 .nested = &cpo_test_attr_set),
	[CPO_A_LANE_INDEX_MASK] = LANE("index-mask", CPO_ATTR_BINARY,
				       index_mask),
	[CPO_A_LANE_DRY_RUN] = LANE("dry-run", CPO_ATTR_FLAG, dry_run),
	[CPO_A_LANE_BLAST_RADIUS] = LANE("blast-radius", CPO_ATTR_NEST,
					 blast_radius,
					 .nested = &cpo_blast_radius_attr_set),
	[CPO_A_LANE_STATS] = LANE("stats", CPO_ATTR_NEST, stats,
				  .nested = &cpo_stats_attr_set),
	[CPO_A_LANE_WITH_STATS] = LANE("with-stats", CPO_ATTR_FLAG,
				       with_stats),
	[CPO_A_LANE_STALE] = LANE("stale", CPO_ATTR_FLAG, stale),
};

SET(cpo_lane_attr_set, "lane", lane_attrs, struct cpo_lane);

static const struct cpo_attr_desc laser_attrs[CPO_A_LASER_MAX + 1] = {
	[CPO_A_LASER_ID] = LASER("id", CPO_ATTR_U32, id),
	[CPO_A_LASER_DEV_NAME] = LASER("dev-name", CPO_ATTR_STRING, dev_name),
	[CPO_A_LASER_TYPE] = LASER("type", CPO_ATTR_U32, type,
				   .values = &cpo_laser_type_enum),
	[CPO_A_LASER_LOCATION] = LASER("location", CPO_ATTR_STRING, location),
	[CPO_A_LASER_ROLE] = LASER("role", CPO_ATTR_U32, role,
				   .values = &cpo_laser_role_enum),
	[CPO_A_LASER_STATE] = LASER("state", CPO_ATTR_U32, state,
				    .values = &cpo_laser_state_enum),
	[CPO_A_LASER_ENABLE] = LASER("enable", CPO_ATTR_U8, enable),
	[CPO_A_LASER_WAVELENGTH] = LASER("wavelength", CPO_ATTR_U32,
					 wavelength),
	[CPO_A_LASER_OUTPUT_POWER] = LASER("output-power", CPO_ATTR_U32,
					   output_power),
	[CPO_A_LASER_BIAS] = LASER("bias", CPO_ATTR_U32, bias),
	[CPO_A_LASER_TEMPERATURE] = LASER("temperature", CPO_ATTR_S32,
					  temperature),
	[CPO_A_LASER_HOURS] = LASER("hours", CPO_ATTR_U32, hours),
	[CPO_A_LASER_SPARE_ID] = LASER("spare-id", CPO_ATTR_U32, spare_id),
	[CPO_A_LASER_COVERING_ID] = LASER("covering-id", CPO_ATTR_U32,
					  covering_id),
	[CPO_A_LASER_FAILOVER_POLICY] = LASER("failover-policy", CPO_ATTR_U32,
					      failover_policy,
					      .values = &cpo_failover_policy_enum),
	[CPO_A_LASER_FAILOVER] = LASER("failover", CPO_ATTR_FLAG, failover),
	[CPO_A_LASER_LANE_ID] = LASER("lane-id", CPO_ATTR_U32_MULTI, lane_ids),
	[CPO_A_LASER_PAD] = PAD("pad"),
	[CPO_A_LASER_SEQ] = LASER("seq", CPO_ATTR_U64, seq),
	[CPO_A_LASER_TIMESTAMP] = LASER("timestamp", CPO_ATTR_U64, timestamp),
	[CPO_A_LASER_REFRESHED] = LASER("refreshed", CPO_ATTR_U64, refreshed),
	[CPO_A_LASER_FAILBACK] = LASER("failback", CPO_ATTR_FLAG, failback),
	[CPO_A_LASER_SLOT_STATE] = LASER("slot-state", CPO_ATTR_U32, slot_state,
					 .values = &cpo_slot_state_enum),
	[CPO_A_LASER_SWAPS] = LASER("swaps", CPO_ATTR_U64, swaps),
	[CPO_A_LASER_LAST_SWAP_TIME] = LASER("last-swap-time", CPO_ATTR_U64,
					     last_swap_time),
	[CPO_A_LASER_FIRMWARE] = LASER("firmware", CPO_ATTR_NEST_MULTI, firmware,
				       .nested = &cpo_firmware_attr_set),
	[CPO_A_LASER_SERVICE_STATE] = LASER("service-state", CPO_ATTR_U32,
					    service_state,
					    .values = &cpo_service_state_enum),
	[CPO_A_LASER_FLASH] = LASER("flash", CPO_ATTR_NEST, flash,
				    .nested = &cpo_flash_attr_set),
	[CPO_A_LASER_FLASH_FILE] = LASER("flash-file", CPO_ATTR_STRING,
					 flash_file),
	[CPO_A_LASER_FLASH_COMMIT] = LASER("flash-commit", CPO_ATTR_FLAG,
					   flash_commit),
	[CPO_A_LASER_FLASH_ABORT] = LASER("flash-abort", CPO_ATTR_FLAG,
					  flash_abort),
	[CPO_A_LASER_STALE] = LASER("stale", CPO_ATTR_FLAG, stale),
	[CPO_A_LASER_FW_MIN_VERSION] = LASER("fw-min-version", CPO_ATTR_STRING,
					     fw_min_version),
	[CPO_A_LASER_STANDBY_ID] = LASER("standby-id", CPO_ATTR_U32, standby_id),
};

SET(cpo_laser_attr_set, "laser", laser_attrs, struct cpo_laser);

static const struct cpo_attr_desc topology_attrs[CPO_A_TOPOLOGY_MAX + 1] = {
	[CPO_A_TOPOLOGY_ENGINE_ID] = TOPO("engine-id", CPO_ATTR_U32, engine_id),
	[CPO_A_TOPOLOGY_LASER_ID] = TOPO("laser-id", CPO_ATTR_U32, laser_id),
	[CPO_A_TOPOLOGY_LANE_ID] = TOPO("lane-id", CPO_ATTR_U32_MULTI,
					lane_ids),
	[CPO_A_TOPOLOGY_IFINDEX] = TOPO("ifindex", CPO_ATTR_U32_MULTI,
					ifindexes),
	[CPO_A_TOPOLOGY_SPARE_ID] = TOPO("spare-id", CPO_ATTR_U32, spare_id),
};

SET(cpo_topology_attr_set, "topology", topology_attrs, struct cpo_topology);

static const struct cpo_attr_desc blast_attrs[CPO_A_BLAST_RADIUS_MAX + 1] = {
	[CPO_A_BLAST_RADIUS_LANE_ID] = BLAST("lane-id", CPO_ATTR_U32_MULTI,
					     lane_ids),
	[CPO_A_BLAST_RADIUS_IFINDEX] = BLAST("ifindex", CPO_ATTR_U32_MULTI,
					     ifindexes),
};

SET(cpo_blast_radius_attr_set, "blast-radius", blast_attrs,
    struct cpo_blast_radius);

static const struct cpo_attr_desc threshold_attrs[CPO_A_THRESHOLD_MAX + 1] = {
	[CPO_A_THRESHOLD_QUANTITY] = THR("quantity", CPO_ATTR_U32, quantity,
					 .values = &cpo_quantity_enum),
	[CPO_A_THRESHOLD_PAD] = PAD("pad"),
	[CPO_A_THRESHOLD_HIGH_ALARM] = THR("high-alarm", CPO_ATTR_S64,
					   high_alarm),
	[CPO_A_THRESHOLD_LOW_ALARM] = THR("low-alarm", CPO_ATTR_S64,
					  low_alarm),
	[CPO_A_THRESHOLD_HIGH_WARNING] = THR("high-warning", CPO_ATTR_S64,
					     high_warning),
	[CPO_A_THRESHOLD_LOW_WARNING] = THR("low-warning", CPO_ATTR_S64,
					    low_warning),
};

SET(cpo_threshold_attr_set, "threshold", threshold_attrs, struct cpo_threshold);

static const struct cpo_attr_desc alarm_attrs[CPO_A_ALARM_MAX + 1] = {
	[CPO_A_ALARM_QUANTITY] = ALARM("quantity", CPO_ATTR_U32, quantity,
				       .values = &cpo_quantity_enum),
	[CPO_A_ALARM_LEVEL] = ALARM("level", CPO_ATTR_U32, level,
				    .values = &cpo_alarm_level_enum),
	[CPO_A_ALARM_ACTIVE] = ALARM("active", CPO_ATTR_U8, active),
	[CPO_A_ALARM_LATCHED] = ALARM("latched", CPO_ATTR_U8, latched),
	[CPO_A_ALARM_COUNT] = ALARM("count", CPO_ATTR_U32, count),
	[CPO_A_ALARM_PAD] = PAD("pad"),
	[CPO_A_ALARM_FIRST_SET] = ALARM("first-set", CPO_ATTR_U64, first_set),
	[CPO_A_ALARM_LAST_SET] = ALARM("last-set", CPO_ATTR_U64, last_set),
	[CPO_A_ALARM_LAST_CLEAR] = ALARM("last-clear", CPO_ATTR_U64,
					 last_clear),
	[CPO_A_ALARM_VALUE] = ALARM("value", CPO_ATTR_S64, value),
	[CPO_A_ALARM_THRESHOLD] = ALARM("threshold", CPO_ATTR_S64, threshold),
};

SET(cpo_alarm_attr_set, "alarm", alarm_attrs, struct cpo_alarm);

static const struct cpo_attr_desc firmware_attrs[CPO_A_FIRMWARE_MAX + 1] = {
	[CPO_A_FIRMWARE_BANK] = FW("bank", CPO_ATTR_U32, bank,
				   .values = &cpo_fw_bank_enum),
	[CPO_A_FIRMWARE_VERSION] = FW("version", CPO_ATTR_STRING, version),
	[CPO_A_FIRMWARE_RUNNING] = FW("running", CPO_ATTR_U8, running),
	[CPO_A_FIRMWARE_COMMITTED] = FW("committed", CPO_ATTR_U8, committed),
	[CPO_A_FIRMWARE_VALID] = FW("valid", CPO_ATTR_U8, valid),
};

SET(cpo_firmware_attr_set, "firmware", firmware_attrs, struct cpo_firmware);

static const struct cpo_attr_desc flash_attrs[CPO_A_FLASH_MAX + 1] = {
	[CPO_A_FLASH_STATE] = FLASH("state", CPO_ATTR_U32, state,
				    .values = &cpo_flash_state_enum),
	[CPO_A_FLASH_DONE] = FLASH("done", CPO_ATTR_U32, done),
	[CPO_A_FLASH_TOTAL] = FLASH("total", CPO_ATTR_U32, total),
	[CPO_A_FLASH_MESSAGE] = FLASH("message", CPO_ATTR_STRING, message),
	[CPO_A_FLASH_FILE] = FLASH("file", CPO_ATTR_STRING, file),
	[CPO_A_FLASH_PAD] = PAD("pad"),
	[CPO_A_FLASH_STARTED] = FLASH("started", CPO_ATTR_U64, started),
	[CPO_A_FLASH_UPDATED] = FLASH("updated", CPO_ATTR_U64, updated),
};

SET(cpo_flash_attr_set, "flash", flash_attrs, struct cpo_flash);

static const struct cpo_attr_desc test_attrs[CPO_A_TEST_MAX + 1] = {
	[CPO_A_TEST_LOOPBACK] = TEST("loopback", CPO_ATTR_U32, loopback,
				     .values = &cpo_loopback_enum),
	[CPO_A_TEST_SIDE] = TEST("side", CPO_ATTR_U32, side,
				 .values = &cpo_test_side_enum),
	[CPO_A_TEST_PATTERN] = TEST("pattern", CPO_ATTR_U32, pattern,
				    .values = &cpo_prbs_pattern_enum),
	[CPO_A_TEST_GATE_TIME] = TEST("gate-time", CPO_ATTR_U32, gate_time),
	[CPO_A_TEST_FORCE] = TEST("force", CPO_ATTR_FLAG, force),
	[CPO_A_TEST_STOP] = TEST("stop", CPO_ATTR_FLAG, stop),
	[CPO_A_TEST_STATE] = TEST("state", CPO_ATTR_U32, state,
				  .values = &cpo_test_state_enum),
	[CPO_A_TEST_MESSAGE] = TEST("message", CPO_ATTR_STRING, message),
	[CPO_A_TEST_PAD] = PAD("pad"),
	[CPO_A_TEST_STARTED] = TEST("started", CPO_ATTR_U64, started),
	[CPO_A_TEST_ENDED] = TEST("ended", CPO_ATTR_U64, ended),
	[CPO_A_TEST_BITS] = TEST("bits", CPO_ATTR_U64, bits),
	[CPO_A_TEST_ERRORS] = TEST("errors", CPO_ATTR_U64, errors),
	[CPO_A_TEST_BER] = TEST("ber", CPO_ATTR_U64, ber),
	[CPO_A_TEST_LOCKED] = TEST("locked", CPO_ATTR_U8, locked),
	[CPO_A_TEST_LOST_LOCK] = TEST("lost-lock", CPO_ATTR_U8, lost_lock),
	[CPO_A_TEST_BER_LIMIT] = TEST("ber-limit", CPO_ATTR_U64, ber_limit),
	[CPO_A_TEST_PASS] = TEST("pass", CPO_ATTR_U8, pass),
};

SET(cpo_test_attr_set, "lane-test", test_attrs, struct cpo_test);

static const struct cpo_attr_desc selftest_attrs[CPO_A_SELFTEST_MAX + 1] = {
	[CPO_A_SELFTEST_PATTERN] = SELFTEST("pattern", CPO_ATTR_U32, pattern,
					    .values = &cpo_prbs_pattern_enum),
	[CPO_A_SELFTEST_GATE_TIME] = SELFTEST("gate-time", CPO_ATTR_U32,
					      gate_time),
	[CPO_A_SELFTEST_BER_LIMIT] = SELFTEST("ber-limit", CPO_ATTR_U64,
					      ber_limit),
	[CPO_A_SELFTEST_FORCE] = SELFTEST("force", CPO_ATTR_FLAG, force),
	[CPO_A_SELFTEST_STATE] = SELFTEST("state", CPO_ATTR_U32, state,
					  .values = &cpo_test_state_enum),
	[CPO_A_SELFTEST_PAD] = PAD("pad"),
	[CPO_A_SELFTEST_STARTED] = SELFTEST("started", CPO_ATTR_U64, started),
	[CPO_A_SELFTEST_ENDED] = SELFTEST("ended", CPO_ATTR_U64, ended),
	[CPO_A_SELFTEST_LANES] = SELFTEST("lanes", CPO_ATTR_U32, lanes),
	[CPO_A_SELFTEST_LANES_FAILED] = SELFTEST("lanes-failed", CPO_ATTR_U32,
						 lanes_failed),
	[CPO_A_SELFTEST_PASS] = SELFTEST("pass", CPO_ATTR_U8, pass),
	[CPO_A_SELFTEST_STOP] = SELFTEST("stop", CPO_ATTR_FLAG, stop),
};

SET(cpo_selftest_attr_set, "selftest", selftest_attrs, struct cpo_selftest);

static const struct cpo_attr_desc diag_attrs[CPO_A_DIAG_MAX + 1] = {
	[CPO_A_DIAG_ENGINE_ID] = DIAG("engine-id", CPO_ATTR_U32, engine_id),
	[CPO_A_DIAG_LANE_ID] = DIAG("lane-id", CPO_ATTR_U32, lane_id),
	[CPO_A_DIAG_THRESHOLD] = DIAG("threshold", CPO_ATTR_NEST_MULTI,
				      thresholds,
				      .nested = &cpo_threshold_attr_set),
	[CPO_A_DIAG_ALARM] = DIAG("alarm", CPO_ATTR_NEST_MULTI, alarms,
				  .nested = &cpo_alarm_attr_set),
	[CPO_A_DIAG_PAD] = PAD("pad"),
	[CPO_A_DIAG_SEQ] = DIAG("seq", CPO_ATTR_U64, seq),
	[CPO_A_DIAG_TIMESTAMP] = DIAG("timestamp", CPO_ATTR_U64, timestamp),
};

SET(cpo_diag_attr_set, "diag", diag_attrs, struct cpo_diag);

static const struct cpo_attr_desc stats_attrs[CPO_A_STATS_MAX + 1] = {
	[CPO_A_STATS_PAD] = PAD("pad"),
	[CPO_A_STATS_DP_ACTIVATIONS] = STATS("dp-activations", CPO_ATTR_U64,
					     dp_activations),
	[CPO_A_STATS_DP_DEACTIVATIONS] = STATS("dp-deactivations",
					       CPO_ATTR_U64, dp_deactivations),
	[CPO_A_STATS_RX_LOS_COUNT] = STATS("rx-los-count", CPO_ATTR_U64,
					   rx_los_count),
	[CPO_A_STATS_RX_LOL_COUNT] = STATS("rx-lol-count", CPO_ATTR_U64,
					   rx_lol_count),
	[CPO_A_STATS_TX_FAULT_COUNT] = STATS("tx-fault-count", CPO_ATTR_U64,
					     tx_fault_count),
	[CPO_A_STATS_TIME_IN_SERVICE] = STATS("time-in-service", CPO_ATTR_U64,
					      time_in_service),
	[CPO_A_STATS_FAILOVERS] = STATS("failovers", CPO_ATTR_U64, failovers),
	[CPO_A_STATS_MODULE_FAULTS] = STATS("module-faults", CPO_ATTR_U64,
					    module_faults),
	[CPO_A_STATS_MODULE_READY] = STATS("module-ready", CPO_ATTR_U64,
					   module_ready),
	[CPO_A_STATS_ELAPSED] = STATS("elapsed", CPO_ATTR_U64, elapsed),
	[CPO_A_STATS_SWAPS] = STATS("swaps", CPO_ATTR_U64, swaps),
	[CPO_A_STATS_LAST_SWAP_TIME] = STATS("last-swap-time", CPO_ATTR_U64,
					     last_swap_time),
};

SET(cpo_stats_attr_set, "stats", stats_attrs, struct cpo_stats);

static const struct cpo_attr_desc service_attrs[CPO_A_SERVICE_MAX + 1] = {
	[CPO_A_SERVICE_ENGINE_ID] = SVC("engine-id", CPO_ATTR_U32, engine_id),
	[CPO_A_SERVICE_LASER_ID] = SVC("laser-id", CPO_ATTR_U32, laser_id),
	[CPO_A_SERVICE_STEP] = SVC("step", CPO_ATTR_U32, step,
				   .values = &cpo_service_step_enum),
	[CPO_A_SERVICE_FORCE] = SVC("force", CPO_ATTR_FLAG, force),
	[CPO_A_SERVICE_STATE] = SVC("state", CPO_ATTR_U32, state,
				    .values = &cpo_service_state_enum),
	[CPO_A_SERVICE_OK] = SVC("ok", CPO_ATTR_U8, ok),
	[CPO_A_SERVICE_REASON] = SVC("reason", CPO_ATTR_STRING, reason),
	[CPO_A_SERVICE_NOTES] = SVC("notes", CPO_ATTR_STRING, notes),
	[CPO_A_SERVICE_LANE_ID] = SVC("lane-id", CPO_ATTR_U32_MULTI, lane_ids),
	[CPO_A_SERVICE_IFINDEX] = SVC("ifindex", CPO_ATTR_U32_MULTI, ifindexes),
	[CPO_A_SERVICE_TIMESTAMP] = SVC("timestamp", CPO_ATTR_U64, timestamp),
	[CPO_A_SERVICE_SEQ] = SVC("seq", CPO_ATTR_U64, seq),
	[CPO_A_SERVICE_PAD] = PAD("pad"),
	[CPO_A_SERVICE_MOVED_LANE_ID] = SVC("moved-lane-id", CPO_ATTR_U32_MULTI,
					    moved_lane_ids),
};

SET(cpo_service_attr_set, "service", service_attrs, struct cpo_service);

const struct cpo_attr_set *const cpo_attr_sets[] = {
	&cpo_engine_attr_set,
	&cpo_lane_attr_set,
	&cpo_laser_attr_set,
	&cpo_topology_attr_set,
	&cpo_threshold_attr_set,
	&cpo_alarm_attr_set,
	&cpo_firmware_attr_set,
	&cpo_flash_attr_set,
	&cpo_test_attr_set,
	&cpo_selftest_attr_set,
	&cpo_diag_attr_set,
	&cpo_blast_radius_attr_set,
	&cpo_stats_attr_set,
	&cpo_service_attr_set,
	NULL,
};

const struct cpo_attr_desc *cpo_attr_desc(const struct cpo_attr_set *set,
					  uint32_t type)
{
	if (!set || type == 0 || type > set->max)
		return NULL;
	if (set->attrs[type].kind == CPO_ATTR_NONE)
		return NULL;
	return &set->attrs[type];
}

const char *cpo_attr_name(const struct cpo_attr_set *set, uint32_t type)
{
	const struct cpo_attr_desc *d = cpo_attr_desc(set, type);

	return d ? d->name : NULL;
}

/* Every attribute from @p to @end; -EBADMSG for one that runs past. */
static int walk_range(const char *p, const char *end, cpo_attr_walk_cb cb,
		      void *data)
{
	int ret;

	while (p < end) {
		const struct nlattr *attr = (const struct nlattr *)p;

		if (!mnl_attr_ok(attr, end - p))
			return -EBADMSG;
		ret = cb(attr, data);
		if (ret)
			return ret;
		p += MNL_ALIGN(attr->nla_len);
	}
	return 0;
}

int cpo_attr_walk(const struct nlmsghdr *nlh, size_t offset,
		  cpo_attr_walk_cb cb, void *data)
{
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN ||
	    mnl_nlmsg_get_payload_len(nlh) < offset)
		return -EBADMSG;
	return walk_range(mnl_nlmsg_get_payload_offset(nlh, offset),
			  (const char *)nlh + nlh->nlmsg_len, cb, data);
}

int cpo_nest_walk(const struct nlattr *nest, cpo_attr_walk_cb cb, void *data)
{
	const char *p = mnl_attr_get_payload(nest);

	return walk_range(p, p + mnl_attr_get_payload_len(nest), cb, data);
}

uint32_t cpo_nest_list_max(const struct cpo_attr_desc *d)
{
	return (d->size - offsetof(struct cpo_nest_list, items)) /
	       d->nested->obj_size;
}

void *cpo_nest_list_item(const struct cpo_attr_desc *d,
			 struct cpo_nest_list *l, uint32_t i)
{
	return (char *)l->items + (size_t)i * d->nested->obj_size;
}

struct parse_ctx {
	const struct cpo_attr_set *set;
	char *obj;
	uint64_t *present;
	struct cpo_error *err;
	bool reported;
};

static int parse_one(const struct nlattr *attr, void *data);

/* One object of a multi-attr nest, appended to its list. */
static int parse_nest_item(const struct nlattr *attr,
			   const struct cpo_attr_desc *d, char *field,
			   struct parse_ctx *ctx)
{
	struct cpo_nest_list *list = (struct cpo_nest_list *)field;
	struct parse_ctx sub = { .set = d->nested, .err = ctx->err };
	int ret;

	if (list->n >= cpo_nest_list_max(d)) {
		list->truncated = true;
		return 0;
	}
	sub.obj = cpo_nest_list_item(d, list, list->n);
	memset(sub.obj, 0, d->nested->obj_size);
	sub.present = (uint64_t *)sub.obj;
	ret = cpo_nest_walk(attr, parse_one, &sub);
	ctx->reported |= sub.reported;
	if (ret)
		return ret;
	list->n++;
	return 0;
}

static int parse_one(const struct nlattr *attr, void *data)
{
	static const enum mnl_attr_data_type mnl_type[] = {
		[CPO_ATTR_U8] = MNL_TYPE_U8,
		[CPO_ATTR_U32] = MNL_TYPE_U32,
		[CPO_ATTR_S32] = MNL_TYPE_U32,
		[CPO_ATTR_STRING] = MNL_TYPE_NUL_STRING,
		[CPO_ATTR_FLAG] = MNL_TYPE_FLAG,
		[CPO_ATTR_U64] = MNL_TYPE_U64,
		[CPO_ATTR_U32_MULTI] = MNL_TYPE_U32,
		[CPO_ATTR_S64] = MNL_TYPE_U64,
		[CPO_ATTR_NEST_MULTI] = MNL_TYPE_NESTED,
		[CPO_ATTR_NEST] = MNL_TYPE_NESTED,
		[CPO_ATTR_BINARY] = MNL_TYPE_BINARY,
	};
	struct parse_ctx *ctx = data;
	uint16_t type = mnl_attr_get_type(attr);
	const struct cpo_attr_desc *d = cpo_attr_desc(ctx->set, type);
	struct cpo_lane_mask *bytes;
	struct cpo_id_list *list;
	char *field;
	int ret;

	/* newer kernel: not ours to interpret; pad: nothing to interpret */
	if (!d || d->kind == CPO_ATTR_PAD)
		return 0;
	if (mnl_attr_validate(attr, mnl_type[d->kind]) < 0) {
		ctx->reported = true;
		return cpo_err_set(ctx->err, EBADMSG,
				   "malformed %s attribute %s",
				   ctx->set->name, d->name);
	}
	field = ctx->obj + d->offset;
	switch (d->kind) {
	case CPO_ATTR_U8:
		*(uint8_t *)field = mnl_attr_get_u8(attr);
		break;
	case CPO_ATTR_U32:
	case CPO_ATTR_S32:
		/* same bits either way; the field's type gives the sign */
		memcpy(field, mnl_attr_get_payload(attr), sizeof(uint32_t));
		break;
	case CPO_ATTR_STRING:
		/* truncate rather than fail: the rest is still useful */
		strncpy(field, mnl_attr_get_str(attr), d->size - 1);
		field[d->size - 1] = '\0';
		break;
	case CPO_ATTR_FLAG:
		*(bool *)field = true;
		break;
	case CPO_ATTR_U64:
	case CPO_ATTR_S64:
		/* only 4-byte aligned when the kernel needed no pad */
		memcpy(field, mnl_attr_get_payload(attr), sizeof(uint64_t));
		break;
	case CPO_ATTR_U32_MULTI:
		list = (struct cpo_id_list *)field;
		if (list->n < CPO_LIST_MAX)
			list->ids[list->n++] = mnl_attr_get_u32(attr);
		else
			list->truncated = true;
		break;
	case CPO_ATTR_NEST:
		((struct cpo_nest_list *)field)->n = 0;	/* the last one */
		/* fall through */
	case CPO_ATTR_NEST_MULTI:
		ret = parse_nest_item(attr, d, field, ctx);
		if (ret)
			return ret;
		break;
	case CPO_ATTR_BINARY:
		/* bytes beyond the buffer name no lane an engine may have */
		bytes = (struct cpo_lane_mask *)field;
		bytes->len = mnl_attr_get_payload_len(attr);
		if (bytes->len > sizeof(bytes->bits))
			bytes->len = sizeof(bytes->bits);
		memcpy(bytes->bits, mnl_attr_get_payload(attr), bytes->len);
		break;
	case CPO_ATTR_NONE:
	case CPO_ATTR_PAD:
		return 0;
	}
	*ctx->present |= CPO_BIT(type);
	return 0;
}

int cpo_attrs_parse(const struct nlmsghdr *nlh, const struct cpo_attr_set *set,
		    void *obj, uint64_t *present, struct cpo_error *err)
{
	struct parse_ctx ctx = {
		.set = set, .obj = obj, .present = present, .err = err,
	};
	int ret;

	*present = 0;
	if (nlh->nlmsg_len < mnl_nlmsg_size(GENL_HDRLEN))
		return cpo_err_set(err, EBADMSG, "%s message too short",
				   set->name);
	ret = cpo_attr_walk(nlh, GENL_HDRLEN, parse_one, &ctx);
	if (ret == -EBADMSG && !ctx.reported)
		return cpo_err_set(err, EBADMSG, "truncated %s message",
				   set->name);
	return ret;
}

int cpo_obj_parse(const struct nlmsghdr *nlh, const struct cpo_attr_set *set,
		  void *obj, struct cpo_error *err)
{
	memset(obj, 0, set->obj_size);
	return cpo_attrs_parse(nlh, set, obj, (uint64_t *)obj, err);
}

/* Each object of a multi-attr nest's list, all it has, in a nest. */
static bool put_nest_list(struct nlmsghdr *nlh, size_t buflen, uint16_t type,
			  const struct cpo_attr_desc *d, const void *field)
{
	const struct cpo_nest_list *list = field;
	struct nlattr *nest;
	const void *item;
	uint64_t present;
	uint32_t i;

	for (i = 0; i < list->n && i < cpo_nest_list_max(d); i++) {
		item = cpo_nest_list_item(d, (struct cpo_nest_list *)list, i);
		memcpy(&present, item, sizeof(present));
		nest = mnl_attr_nest_start_check(nlh, buflen, type);
		if (!nest || cpo_attrs_put(nlh, buflen, d->nested, item,
					   present, ~0ULL))
			return false;
		mnl_attr_nest_end(nlh, nest);
	}
	return true;
}

int cpo_attrs_put(struct nlmsghdr *nlh, size_t buflen,
		  const struct cpo_attr_set *set, const void *obj,
		  uint64_t present, uint64_t mask)
{
	const struct cpo_id_list *list;
	const char *base = obj;
	uint32_t type, i;
	bool ok = true;

	for (type = 1; type <= set->max && ok; type++) {
		const struct cpo_attr_desc *d = cpo_attr_desc(set, type);
		const void *field;

		if (!d || !cpo_has(present & mask, type))
			continue;
		field = base + d->offset;
		switch (d->kind) {
		case CPO_ATTR_U8:
			ok = mnl_attr_put_u8_check(nlh, buflen, type,
						   *(const uint8_t *)field);
			break;
		case CPO_ATTR_U32:
		case CPO_ATTR_S32:
			ok = mnl_attr_put_check(nlh, buflen, type,
						sizeof(uint32_t), field);
			break;
		case CPO_ATTR_STRING:
			ok = mnl_attr_put_strz_check(nlh, buflen, type, field);
			break;
		case CPO_ATTR_FLAG:
			if (*(const bool *)field)
				ok = mnl_attr_put_check(nlh, buflen, type, 0,
							NULL);
			break;
		case CPO_ATTR_U64:
		case CPO_ATTR_S64:
			/* the kernel takes an unaligned u64 in a request */
			ok = mnl_attr_put_check(nlh, buflen, type,
						sizeof(uint64_t), field);
			break;
		case CPO_ATTR_U32_MULTI:
			list = field;
			for (i = 0; i < list->n && i < CPO_LIST_MAX && ok; i++)
				ok = mnl_attr_put_u32_check(nlh, buflen, type,
							    list->ids[i]);
			break;
		case CPO_ATTR_NEST_MULTI:
		case CPO_ATTR_NEST:
			ok = put_nest_list(nlh, buflen, type, d, field);
			break;
		case CPO_ATTR_BINARY: {
			const struct cpo_lane_mask *bytes = field;

			ok = bytes->len <= sizeof(bytes->bits) &&
			     mnl_attr_put_check(nlh, buflen, type, bytes->len,
						bytes->bits);
			break;
		}
		case CPO_ATTR_NONE:
		case CPO_ATTR_PAD:
			break;
		}
	}
	return ok ? 0 : -ENOSPC;
}
