// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test helpers (see helpers.h).
 */
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <linux/genetlink.h>

#include "helpers.h"
#include "cpoctl.h"
#include "json_print.h"

struct nlmsghdr *t_msg(void *buf, uint16_t type, uint8_t cmd, uint16_t flags,
		       uint32_t seq)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = T_PORTID;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = CPO_FAMILY_VERSION;
	return nlh;
}

void *t_next(struct nlmsghdr *nlh)
{
	return (char *)nlh + MNL_ALIGN(nlh->nlmsg_len);
}

size_t t_span(const void *start, const struct nlmsghdr *last)
{
	return (const char *)last + last->nlmsg_len - (const char *)start;
}

/* A firmware bank nest under @attr; no version for an invalid one. */
static void t_put_fw_nest(struct nlmsghdr *nlh, uint16_t attr, uint32_t bank,
			  const char *version, uint8_t running,
			  uint8_t committed, uint8_t valid)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, attr);

	mnl_attr_put_u32(nlh, CPO_A_FIRMWARE_BANK, bank);
	if (version)
		mnl_attr_put_strz(nlh, CPO_A_FIRMWARE_VERSION, version);
	mnl_attr_put_u8(nlh, CPO_A_FIRMWARE_RUNNING, running);
	mnl_attr_put_u8(nlh, CPO_A_FIRMWARE_COMMITTED, committed);
	mnl_attr_put_u8(nlh, CPO_A_FIRMWARE_VALID, valid);
	mnl_attr_nest_end(nlh, nest);
}

/* A firmware bank nest of an engine. */
void t_put_firmware(struct nlmsghdr *nlh, uint32_t bank, const char *version,
		    uint8_t running, uint8_t committed, uint8_t valid)
{
	t_put_fw_nest(nlh, CPO_A_ENGINE_FIRMWARE, bank, version, running,
		      committed, valid);
}

/* The flash nest of an engine or a laser, as attribute @type. */
static void t_put_flash_nest(struct nlmsghdr *nlh, uint16_t type,
			     uint32_t state, uint32_t done, uint32_t total,
			     const char *file, const char *message)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put_u32(nlh, CPO_A_FLASH_STATE, state);
	mnl_attr_put_u32(nlh, CPO_A_FLASH_DONE, done);
	mnl_attr_put_u32(nlh, CPO_A_FLASH_TOTAL, total);
	if (message)
		mnl_attr_put_strz(nlh, CPO_A_FLASH_MESSAGE, message);
	mnl_attr_put_strz(nlh, CPO_A_FLASH_FILE, file);
	t_put_u64_pad(nlh, CPO_A_FLASH_STARTED, CPO_A_FLASH_PAD, T_NTF_TS);
	t_put_u64_pad(nlh, CPO_A_FLASH_UPDATED, CPO_A_FLASH_PAD, T_NTF_TS + 1);
	mnl_attr_nest_end(nlh, nest);
}

/* The flash nest of an engine. */
void t_put_flash(struct nlmsghdr *nlh, uint32_t state, uint32_t done,
		 uint32_t total, const char *file, const char *message)
{
	t_put_flash_nest(nlh, CPO_A_ENGINE_FLASH, state, done, total, file,
			 message);
}

/* A stats nest as the kernel sends it: an engine's or a lane's counters. */
static void t_put_stats(struct nlmsghdr *nlh, uint16_t type, bool lane)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	t_put_u64_pad(nlh, CPO_A_STATS_DP_ACTIVATIONS, CPO_A_STATS_PAD,
		      lane ? 3 : 12);
	t_put_u64_pad(nlh, CPO_A_STATS_DP_DEACTIVATIONS, CPO_A_STATS_PAD,
		      lane ? 4 : 11);
	if (lane) {
		t_put_u64_pad(nlh, CPO_A_STATS_RX_LOS_COUNT, CPO_A_STATS_PAD, 5);
		t_put_u64_pad(nlh, CPO_A_STATS_RX_LOL_COUNT, CPO_A_STATS_PAD, 6);
		t_put_u64_pad(nlh, CPO_A_STATS_TX_FAULT_COUNT, CPO_A_STATS_PAD,
			      7);
		/* above 2^32: the whole u64 must survive */
		t_put_u64_pad(nlh, CPO_A_STATS_TIME_IN_SERVICE, CPO_A_STATS_PAD,
			      5234567890ULL);
		t_put_u64_pad(nlh, CPO_A_STATS_FAILOVERS, CPO_A_STATS_PAD, 1);
	} else {
		t_put_u64_pad(nlh, CPO_A_STATS_MODULE_FAULTS, CPO_A_STATS_PAD, 2);
		t_put_u64_pad(nlh, CPO_A_STATS_MODULE_READY, CPO_A_STATS_PAD, 3);
		t_put_u64_pad(nlh, CPO_A_STATS_SWAPS, CPO_A_STATS_PAD, 2);
		t_put_u64_pad(nlh, CPO_A_STATS_LAST_SWAP_TIME, CPO_A_STATS_PAD,
			      T_NTF_TS);
	}
	t_put_u64_pad(nlh, CPO_A_STATS_ELAPSED, CPO_A_STATS_PAD,
		      3723000000000ULL);
	mnl_attr_nest_end(nlh, nest);
}

void t_put_engine_full(struct nlmsghdr *nlh)
{
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, CPO_A_ENGINE_ID, 7);
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_DEV_NAME, "cposim0");
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_TYPE, CPO_ENGINE_TYPE_NPO);
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_VENDOR, "ACME \"Optics\"");
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_PART_NUMBER, "PN-1");
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_SERIAL, "SN0001");
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_HW_REV, "1.0");
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_FW_VERSION, "2.3");
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_LOCATION, "slot 1");
	mnl_attr_put(nlh, CPO_A_ENGINE_FIELD_REPLACEABLE, 0, NULL);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_LANE_COUNT, 8);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_LANE_RATE, 200000);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_MEDIA_TYPE, CPO_MEDIA_TYPE_SMF);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_MODULE_STATE,
			 CPO_MODULE_STATE_READY);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_POWER_MODE, CPO_POWER_MODE_HIGH);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_TEMPERATURE, (uint32_t)-1500);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_VOLTAGE, 3300000);
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_FW_INACTIVE, "2.2");
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_FAULT_CAUSE,
			 CPO_FAULT_CAUSE_OVER_TEMPERATURE);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_POWER_DRAW, 9800000);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_ENERGY_PER_BIT, 1531);
	t_put_u64_pad(nlh, CPO_A_ENGINE_SEQ, CPO_A_ENGINE_PAD, T_NTF_SEQ);
	t_put_u64_pad(nlh, CPO_A_ENGINE_TIMESTAMP, CPO_A_ENGINE_PAD, T_NTF_TS);
	t_put_u64_pad(nlh, CPO_A_ENGINE_REFRESHED, CPO_A_ENGINE_PAD,
		      T_REFRESHED);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_REFRESH_INTERVAL, 1000);
	t_put_u64_pad(nlh, CPO_A_ENGINE_REFRESH_DURATION, CPO_A_ENGINE_PAD,
		      2345000);
	mnl_attr_put(nlh, CPO_A_ENGINE_UNREACHABLE, 0, NULL);
	t_put_u64_pad(nlh, CPO_A_ENGINE_BUS_TRANSACTIONS, CPO_A_ENGINE_PAD,
		      123456);
	t_put_u64_pad(nlh, CPO_A_ENGINE_BUS_BYTES, CPO_A_ENGINE_PAD,
		      7890123);
	t_put_u64_pad(nlh, CPO_A_ENGINE_BUS_ERRORS, CPO_A_ENGINE_PAD, 3);
	t_put_u64_pad(nlh, CPO_A_ENGINE_BUS_RETRIES, CPO_A_ENGINE_PAD, 7);
	/* above 2^32: the whole u64 must survive */
	t_put_u64_pad(nlh, CPO_A_ENGINE_BUS_BUSY_TIME, CPO_A_ENGINE_PAD,
		      5234567890ULL);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_BUS_LAST_ERROR, ETIMEDOUT);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_BUS_LOAD, 1234);
	t_put_firmware(nlh, CPO_FW_BANK_A, "2.1.7", 1, 1, 1);
	t_put_firmware(nlh, CPO_FW_BANK_B, NULL, 0, 0, 0);
	t_put_flash(nlh, CPO_FLASH_STATE_FAILED, 4096, 8256, "cpo/oe.bin",
		    "the module refused a parameter");
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_FLASH_FILE, "cpo/next.bin");
	mnl_attr_put(nlh, CPO_A_ENGINE_FLASH_COMMIT, 0, NULL);
	mnl_attr_put(nlh, CPO_A_ENGINE_FLASH_ABORT, 0, NULL);
	nest = mnl_attr_nest_start(nlh, CPO_A_ENGINE_SELFTEST);
	mnl_attr_put_u32(nlh, CPO_A_SELFTEST_PATTERN, CPO_PRBS_PATTERN_SSPRQ);
	mnl_attr_put_u32(nlh, CPO_A_SELFTEST_GATE_TIME, 500);
	t_put_u64_pad(nlh, CPO_A_SELFTEST_BER_LIMIT, CPO_A_SELFTEST_PAD,
		      1000000);
	mnl_attr_put(nlh, CPO_A_SELFTEST_FORCE, 0, NULL);
	mnl_attr_put_u32(nlh, CPO_A_SELFTEST_STATE, CPO_TEST_STATE_DONE);
	t_put_u64_pad(nlh, CPO_A_SELFTEST_STARTED, CPO_A_SELFTEST_PAD,
		      T_NTF_TS);
	t_put_u64_pad(nlh, CPO_A_SELFTEST_ENDED, CPO_A_SELFTEST_PAD,
		      T_NTF_TS + 500000000);
	mnl_attr_put_u32(nlh, CPO_A_SELFTEST_LANES, 32);
	mnl_attr_put_u32(nlh, CPO_A_SELFTEST_LANES_FAILED, 1);
	mnl_attr_put_u8(nlh, CPO_A_SELFTEST_PASS, 0);
	mnl_attr_put(nlh, CPO_A_SELFTEST_STOP, 0, NULL);
	mnl_attr_nest_end(nlh, nest);
	t_put_stats(nlh, CPO_A_ENGINE_STATS, false);
	mnl_attr_put(nlh, CPO_A_ENGINE_WITH_STATS, 0, NULL);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_SLOT_STATE, CPO_SLOT_STATE_FAULT);
	mnl_attr_put_u32(nlh, CPO_A_ENGINE_SERVICE_STATE,
			 CPO_SERVICE_STATE_PREPARED);
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_FW_MIN_VERSION, "2.1");
	mnl_attr_put_strz(nlh, CPO_A_ENGINE_FLASH_LASER_FILE, "cpo/els.bin");
	mnl_attr_put(nlh, CPO_A_ENGINE_STALE, 0, NULL);
}

void t_check_engine_full(const struct cpo_engine *e)
{
	uint64_t all = 0;
	unsigned int i;

	for (i = 1; i <= CPO_A_ENGINE_MAX; i++)
		all |= CPO_BIT(i);
	all &= ~CPO_BIT(CPO_A_ENGINE_PAD);
	CU_ASSERT_EQUAL(e->present, all);
	CU_ASSERT_EQUAL(e->id, 7);
	CU_ASSERT_STRING_EQUAL(e->dev_name, "cposim0");
	CU_ASSERT_EQUAL(e->type, CPO_ENGINE_TYPE_NPO);
	CU_ASSERT_STRING_EQUAL(e->vendor, "ACME \"Optics\"");
	CU_ASSERT_STRING_EQUAL(e->part_number, "PN-1");
	CU_ASSERT_STRING_EQUAL(e->serial, "SN0001");
	CU_ASSERT_STRING_EQUAL(e->hw_rev, "1.0");
	CU_ASSERT_STRING_EQUAL(e->fw_version, "2.3");
	CU_ASSERT_STRING_EQUAL(e->fw_min_version, "2.1");
	CU_ASSERT_EQUAL(e->service_state, CPO_SERVICE_STATE_PREPARED);
	CU_ASSERT_STRING_EQUAL(e->location, "slot 1");
	CU_ASSERT_TRUE(e->field_replaceable);
	CU_ASSERT_EQUAL(e->lane_count, 8);
	CU_ASSERT_EQUAL(e->lane_rate, 200000);
	CU_ASSERT_EQUAL(e->media_type, CPO_MEDIA_TYPE_SMF);
	CU_ASSERT_EQUAL(e->module_state, CPO_MODULE_STATE_READY);
	CU_ASSERT_EQUAL(e->power_mode, CPO_POWER_MODE_HIGH);
	CU_ASSERT_EQUAL(e->temperature, -1500);
	CU_ASSERT_EQUAL(e->voltage, 3300000);
	CU_ASSERT_STRING_EQUAL(e->fw_inactive, "2.2");
	CU_ASSERT_EQUAL(e->fault_cause, CPO_FAULT_CAUSE_OVER_TEMPERATURE);
	CU_ASSERT_EQUAL(e->power_draw, 9800000);
	CU_ASSERT_EQUAL(e->energy_per_bit, 1531);
	CU_ASSERT(e->seq == T_NTF_SEQ);
	CU_ASSERT(e->timestamp == T_NTF_TS);
	CU_ASSERT(e->refreshed == T_REFRESHED);
	CU_ASSERT_EQUAL(e->refresh_interval, 1000);
	CU_ASSERT(e->refresh_duration == 2345000);
	CU_ASSERT_TRUE(e->unreachable);
	CU_ASSERT_TRUE(e->stale);
	CU_ASSERT(e->bus_transactions == 123456);
	CU_ASSERT(e->bus_bytes == 7890123);
	CU_ASSERT(e->bus_errors == 3);
	CU_ASSERT(e->bus_retries == 7);
	CU_ASSERT(e->bus_busy_time == 5234567890ULL);
	CU_ASSERT_EQUAL(e->bus_last_error, ETIMEDOUT);
	CU_ASSERT_EQUAL(e->bus_load, 1234);
	CU_ASSERT_EQUAL_FATAL(e->firmware.n, 2);
	CU_ASSERT_FALSE(e->firmware.truncated);
	CU_ASSERT_EQUAL(e->firmware.items[0].bank, CPO_FW_BANK_A);
	CU_ASSERT_STRING_EQUAL(e->firmware.items[0].version, "2.1.7");
	CU_ASSERT_EQUAL(e->firmware.items[0].running, 1);
	CU_ASSERT_EQUAL(e->firmware.items[0].committed, 1);
	CU_ASSERT_EQUAL(e->firmware.items[0].valid, 1);
	CU_ASSERT_EQUAL(e->firmware.items[1].bank, CPO_FW_BANK_B);
	CU_ASSERT_FALSE(cpo_has(e->firmware.items[1].present,
				CPO_A_FIRMWARE_VERSION));
	CU_ASSERT_EQUAL(e->firmware.items[1].valid, 0);
	CU_ASSERT_EQUAL_FATAL(e->flash.n, 1);
	CU_ASSERT_EQUAL(e->flash.items[0].state, CPO_FLASH_STATE_FAILED);
	CU_ASSERT_EQUAL(e->flash.items[0].done, 4096);
	CU_ASSERT_EQUAL(e->flash.items[0].total, 8256);
	CU_ASSERT_STRING_EQUAL(e->flash.items[0].file, "cpo/oe.bin");
	CU_ASSERT_STRING_EQUAL(e->flash.items[0].message,
			       "the module refused a parameter");
	CU_ASSERT(e->flash.items[0].started == T_NTF_TS);
	CU_ASSERT(e->flash.items[0].updated == T_NTF_TS + 1);
	CU_ASSERT_STRING_EQUAL(e->flash_file, "cpo/next.bin");
	CU_ASSERT_TRUE(e->flash_commit);
	CU_ASSERT_TRUE(e->flash_abort);
	CU_ASSERT_STRING_EQUAL(e->flash_laser_file, "cpo/els.bin");
	CU_ASSERT_EQUAL_FATAL(e->selftest.n, 1);
	CU_ASSERT_EQUAL(e->selftest.items[0].present,
			~CPO_BIT(CPO_A_SELFTEST_PAD) &
			(CPO_BIT(CPO_A_SELFTEST_MAX + 1) - 2));
	CU_ASSERT_EQUAL(e->selftest.items[0].pattern, CPO_PRBS_PATTERN_SSPRQ);
	CU_ASSERT_EQUAL(e->selftest.items[0].gate_time, 500);
	CU_ASSERT(e->selftest.items[0].ber_limit == 1000000);
	CU_ASSERT_TRUE(e->selftest.items[0].force);
	CU_ASSERT_EQUAL(e->selftest.items[0].state, CPO_TEST_STATE_DONE);
	CU_ASSERT(e->selftest.items[0].ended == T_NTF_TS + 500000000);
	CU_ASSERT_EQUAL(e->selftest.items[0].lanes, 32);
	CU_ASSERT_EQUAL(e->selftest.items[0].lanes_failed, 1);
	CU_ASSERT_EQUAL(e->selftest.items[0].pass, 0);
	CU_ASSERT_TRUE(e->selftest.items[0].stop);
	CU_ASSERT_EQUAL_FATAL(e->stats.n, 1);
	CU_ASSERT_EQUAL(e->stats.items[0].present,
			CPO_BIT(CPO_A_STATS_DP_ACTIVATIONS) |
			CPO_BIT(CPO_A_STATS_DP_DEACTIVATIONS) |
			CPO_BIT(CPO_A_STATS_MODULE_FAULTS) |
			CPO_BIT(CPO_A_STATS_MODULE_READY) |
			CPO_BIT(CPO_A_STATS_SWAPS) |
			CPO_BIT(CPO_A_STATS_LAST_SWAP_TIME) |
			CPO_BIT(CPO_A_STATS_ELAPSED));
	CU_ASSERT(e->stats.items[0].dp_activations == 12);
	CU_ASSERT(e->stats.items[0].dp_deactivations == 11);
	CU_ASSERT(e->stats.items[0].module_faults == 2);
	CU_ASSERT(e->stats.items[0].module_ready == 3);
	CU_ASSERT(e->stats.items[0].elapsed == 3723000000000ULL);
	CU_ASSERT_TRUE(e->with_stats);
	CU_ASSERT_EQUAL(e->slot_state, CPO_SLOT_STATE_FAULT);
	CU_ASSERT(e->stats.items[0].swaps == 2);
	CU_ASSERT(e->stats.items[0].last_swap_time == T_NTF_TS);
}

void t_put_lane_full(struct nlmsghdr *nlh)
{
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, CPO_A_LANE_ID, 17);
	mnl_attr_put_u32(nlh, CPO_A_LANE_ENGINE_ID, 1);
	mnl_attr_put_u32(nlh, CPO_A_LANE_INDEX, 0);
	mnl_attr_put_u32(nlh, CPO_A_LANE_DP_STATE, CPO_DP_STATE_ACTIVATED);
	mnl_attr_put_u8(nlh, CPO_A_LANE_TX_ENABLE, 1);
	mnl_attr_put_u32(nlh, CPO_A_LANE_POWER, CPO_LANE_POWER_UP);
	mnl_attr_put_u32(nlh, CPO_A_LANE_TX_POWER, 1000000);
	mnl_attr_put_u32(nlh, CPO_A_LANE_RX_POWER, 900000);
	mnl_attr_put_u32(nlh, CPO_A_LANE_TX_BIAS, 45000);
	mnl_attr_put_u8(nlh, CPO_A_LANE_RX_LOS, 0);
	mnl_attr_put_u8(nlh, CPO_A_LANE_RX_LOL, 0);
	mnl_attr_put_u8(nlh, CPO_A_LANE_TX_FAULT, 1);
	mnl_attr_put_u8(nlh, CPO_A_LANE_RX_ENABLE, 1);
	t_put_u64_pad(nlh, CPO_A_LANE_PRE_FEC_BER, CPO_A_LANE_PAD,
		      T_BER_E18);
	mnl_attr_put_u32(nlh, CPO_A_LANE_SNR, 1850);
	mnl_attr_put_strz(nlh, CPO_A_LANE_FIBER_POSITION, "J3.7");
	mnl_attr_put_u8(nlh, CPO_A_LANE_FIBER_CONNECTED, 1);
	mnl_attr_put_u32(nlh, CPO_A_LANE_LASER_ID, 2);
	mnl_attr_put_u32(nlh, CPO_A_LANE_IFINDEX, 5);
	mnl_attr_put_strz(nlh, CPO_A_LANE_IFNAME, "swp1");
	t_put_u64_pad(nlh, CPO_A_LANE_SEQ, CPO_A_LANE_PAD, T_NTF_SEQ);
	t_put_u64_pad(nlh, CPO_A_LANE_TIMESTAMP, CPO_A_LANE_PAD, T_NTF_TS);
	t_put_u64_pad(nlh, CPO_A_LANE_REFRESHED, CPO_A_LANE_PAD, T_REFRESHED);
	nest = mnl_attr_nest_start(nlh, CPO_A_LANE_TEST);
	mnl_attr_put_u32(nlh, CPO_A_TEST_LOOPBACK, CPO_LOOPBACK_MEDIA_INPUT);
	mnl_attr_put_u32(nlh, CPO_A_TEST_SIDE, CPO_TEST_SIDE_MEDIA);
	mnl_attr_put_u32(nlh, CPO_A_TEST_PATTERN, CPO_PRBS_PATTERN_PRBS31Q);
	mnl_attr_put_u32(nlh, CPO_A_TEST_GATE_TIME, 1000);
	mnl_attr_put(nlh, CPO_A_TEST_FORCE, 0, NULL);
	mnl_attr_put(nlh, CPO_A_TEST_STOP, 0, NULL);
	mnl_attr_put_u32(nlh, CPO_A_TEST_STATE, CPO_TEST_STATE_FAILED);
	mnl_attr_put_strz(nlh, CPO_A_TEST_MESSAGE, "no lock");
	t_put_u64_pad(nlh, CPO_A_TEST_STARTED, CPO_A_TEST_PAD, T_NTF_TS);
	t_put_u64_pad(nlh, CPO_A_TEST_ENDED, CPO_A_TEST_PAD, T_NTF_TS + 1);
	/* above 2^32: the whole u64 must survive */
	t_put_u64_pad(nlh, CPO_A_TEST_BITS, CPO_A_TEST_PAD, 200000000000ULL);
	t_put_u64_pad(nlh, CPO_A_TEST_ERRORS, CPO_A_TEST_PAD, 200);
	t_put_u64_pad(nlh, CPO_A_TEST_BER, CPO_A_TEST_PAD, 1000000000);
	mnl_attr_put_u8(nlh, CPO_A_TEST_LOCKED, 1);
	mnl_attr_put_u8(nlh, CPO_A_TEST_LOST_LOCK, 1);
	t_put_u64_pad(nlh, CPO_A_TEST_BER_LIMIT, CPO_A_TEST_PAD, 1000000);
	mnl_attr_put_u8(nlh, CPO_A_TEST_PASS, 0);
	mnl_attr_nest_end(nlh, nest);
	/* lanes 0-7 and 12 */
	mnl_attr_put(nlh, CPO_A_LANE_INDEX_MASK, 2, "\xff\x10");
	mnl_attr_put(nlh, CPO_A_LANE_DRY_RUN, 0, NULL);
	nest = mnl_attr_nest_start(nlh, CPO_A_LANE_BLAST_RADIUS);
	mnl_attr_put_u32(nlh, CPO_A_BLAST_RADIUS_LANE_ID, 17);
	mnl_attr_put_u32(nlh, CPO_A_BLAST_RADIUS_LANE_ID, 18);
	mnl_attr_put_u32(nlh, CPO_A_BLAST_RADIUS_IFINDEX, 5);
	mnl_attr_nest_end(nlh, nest);
	t_put_stats(nlh, CPO_A_LANE_STATS, true);
	mnl_attr_put(nlh, CPO_A_LANE_WITH_STATS, 0, NULL);
	mnl_attr_put(nlh, CPO_A_LANE_STALE, 0, NULL);
}

bool t_put_u64_pad(struct nlmsghdr *nlh, uint16_t type, uint16_t pad,
		   uint64_t v)
{
	/* as nla_put_u64_64bit(): pad when the payload would be unaligned */
	bool padded = (nlh->nlmsg_len + MNL_ATTR_HDRLEN) % 8 != 0;

	if (padded)
		mnl_attr_put(nlh, pad, 0, NULL);
	mnl_attr_put_u64(nlh, type, v);
	return padded;
}

void t_check_lane_full(const struct cpo_lane *l)
{
	uint64_t all = 0;
	unsigned int i;

	for (i = 1; i <= CPO_A_LANE_MAX; i++)
		all |= CPO_BIT(i);
	/* pad is never data, whether or not the message carried one */
	all &= ~CPO_BIT(CPO_A_LANE_PAD);
	CU_ASSERT_EQUAL(l->present, all);
	CU_ASSERT_EQUAL(l->id, 17);
	CU_ASSERT_EQUAL(l->engine_id, 1);
	CU_ASSERT_EQUAL(l->index, 0);
	CU_ASSERT_EQUAL(l->dp_state, CPO_DP_STATE_ACTIVATED);
	CU_ASSERT_EQUAL(l->tx_enable, 1);
	CU_ASSERT_EQUAL(l->power, CPO_LANE_POWER_UP);
	CU_ASSERT_EQUAL(l->tx_power, 1000000);
	CU_ASSERT_EQUAL(l->rx_power, 900000);
	CU_ASSERT_EQUAL(l->tx_bias, 45000);
	CU_ASSERT_EQUAL(l->rx_los, 0);
	CU_ASSERT_EQUAL(l->rx_lol, 0);
	CU_ASSERT_EQUAL(l->tx_fault, 1);
	CU_ASSERT_EQUAL(l->rx_enable, 1);
	CU_ASSERT(l->pre_fec_ber == T_BER_E18);
	CU_ASSERT_EQUAL(l->snr, 1850);
	CU_ASSERT_STRING_EQUAL(l->fiber_position, "J3.7");
	CU_ASSERT_EQUAL(l->fiber_connected, 1);
	CU_ASSERT_EQUAL(l->laser_id, 2);
	CU_ASSERT_EQUAL(l->ifindex, 5);
	CU_ASSERT_STRING_EQUAL(l->ifname, "swp1");
	CU_ASSERT(l->seq == T_NTF_SEQ);
	CU_ASSERT(l->timestamp == T_NTF_TS);
	CU_ASSERT(l->refreshed == T_REFRESHED);
	CU_ASSERT_EQUAL(l->index_mask.len, 2);
	CU_ASSERT_EQUAL(l->index_mask.bits[0], 0xff);
	CU_ASSERT_EQUAL(l->index_mask.bits[1], 0x10);
	CU_ASSERT_TRUE(cpo_lane_mask_test(&l->index_mask, 12));
	CU_ASSERT_FALSE(cpo_lane_mask_test(&l->index_mask, 13));
	CU_ASSERT_FALSE(cpo_lane_mask_test(&l->index_mask, 200));
	CU_ASSERT_TRUE(l->dry_run);
	CU_ASSERT_EQUAL_FATAL(l->blast_radius.n, 1);
	CU_ASSERT_EQUAL(l->blast_radius.items[0].lane_ids.n, 2);
	CU_ASSERT_EQUAL(l->blast_radius.items[0].lane_ids.ids[1], 18);
	CU_ASSERT_EQUAL(l->blast_radius.items[0].ifindexes.n, 1);
	CU_ASSERT_EQUAL(l->blast_radius.items[0].ifindexes.ids[0], 5);
	CU_ASSERT_EQUAL_FATAL(l->test.n, 1);
	CU_ASSERT_EQUAL(l->test.items[0].present,
			~CPO_BIT(CPO_A_TEST_PAD) &
			(CPO_BIT(CPO_A_TEST_MAX + 1) - 2));
	CU_ASSERT_EQUAL(l->test.items[0].loopback, CPO_LOOPBACK_MEDIA_INPUT);
	CU_ASSERT_EQUAL(l->test.items[0].side, CPO_TEST_SIDE_MEDIA);
	CU_ASSERT_EQUAL(l->test.items[0].pattern, CPO_PRBS_PATTERN_PRBS31Q);
	CU_ASSERT_EQUAL(l->test.items[0].gate_time, 1000);
	CU_ASSERT_TRUE(l->test.items[0].force);
	CU_ASSERT_TRUE(l->test.items[0].stop);
	CU_ASSERT_EQUAL(l->test.items[0].state, CPO_TEST_STATE_FAILED);
	CU_ASSERT_STRING_EQUAL(l->test.items[0].message, "no lock");
	CU_ASSERT(l->test.items[0].bits == 200000000000ULL);
	CU_ASSERT(l->test.items[0].errors == 200);
	CU_ASSERT(l->test.items[0].ber == 1000000000);
	CU_ASSERT_EQUAL(l->test.items[0].locked, 1);
	CU_ASSERT_EQUAL(l->test.items[0].lost_lock, 1);
	CU_ASSERT(l->test.items[0].ber_limit == 1000000);
	CU_ASSERT_EQUAL(l->test.items[0].pass, 0);
	CU_ASSERT_EQUAL_FATAL(l->stats.n, 1);
	/* every counter but the engine's */
	CU_ASSERT_EQUAL(l->stats.items[0].present,
			~(CPO_BIT(CPO_A_STATS_PAD) |
			  CPO_BIT(CPO_A_STATS_MODULE_FAULTS) |
			  CPO_BIT(CPO_A_STATS_MODULE_READY) |
			  CPO_BIT(CPO_A_STATS_SWAPS) |
			  CPO_BIT(CPO_A_STATS_LAST_SWAP_TIME)) &
			(CPO_BIT(CPO_A_STATS_MAX + 1) - 2));
	CU_ASSERT(l->stats.items[0].dp_activations == 3);
	CU_ASSERT(l->stats.items[0].dp_deactivations == 4);
	CU_ASSERT(l->stats.items[0].rx_los_count == 5);
	CU_ASSERT(l->stats.items[0].rx_lol_count == 6);
	CU_ASSERT(l->stats.items[0].tx_fault_count == 7);
	CU_ASSERT(l->stats.items[0].time_in_service == 5234567890ULL);
	CU_ASSERT(l->stats.items[0].failovers == 1);
	CU_ASSERT(l->stats.items[0].elapsed == 3723000000000ULL);
	CU_ASSERT_TRUE(l->with_stats);
	CU_ASSERT_TRUE(l->stale);
}

void t_put_laser_full(struct nlmsghdr *nlh)
{
	mnl_attr_put_u32(nlh, CPO_A_LASER_ID, 3);
	mnl_attr_put_strz(nlh, CPO_A_LASER_DEV_NAME, "cposim0");
	mnl_attr_put_u32(nlh, CPO_A_LASER_TYPE, CPO_LASER_TYPE_EXTERNAL);
	mnl_attr_put_strz(nlh, CPO_A_LASER_LOCATION, "ELS-1");
	mnl_attr_put_u32(nlh, CPO_A_LASER_ROLE, CPO_LASER_ROLE_SPARE);
	mnl_attr_put_u32(nlh, CPO_A_LASER_STATE, CPO_LASER_STATE_ON);
	mnl_attr_put_u8(nlh, CPO_A_LASER_ENABLE, 1);
	mnl_attr_put_u32(nlh, CPO_A_LASER_WAVELENGTH, 1310000);
	mnl_attr_put_u32(nlh, CPO_A_LASER_OUTPUT_POWER, 100000);
	mnl_attr_put_u32(nlh, CPO_A_LASER_BIAS, 300000);
	mnl_attr_put_u32(nlh, CPO_A_LASER_TEMPERATURE, (uint32_t)-2500);
	mnl_attr_put_u32(nlh, CPO_A_LASER_HOURS, 1234);
	mnl_attr_put_u32(nlh, CPO_A_LASER_SPARE_ID, 4);
	mnl_attr_put_u32(nlh, CPO_A_LASER_COVERING_ID, 1);
	mnl_attr_put_u32(nlh, CPO_A_LASER_FAILOVER_POLICY,
			 CPO_FAILOVER_POLICY_MANUAL);
	mnl_attr_put(nlh, CPO_A_LASER_FAILOVER, 0, NULL);
	mnl_attr_put_u32(nlh, CPO_A_LASER_LANE_ID, 11);
	mnl_attr_put_u32(nlh, CPO_A_LASER_LANE_ID, 12);
	mnl_attr_put_u32(nlh, CPO_A_LASER_LANE_ID, 17);
	t_put_u64_pad(nlh, CPO_A_LASER_SEQ, CPO_A_LASER_PAD, T_NTF_SEQ);
	t_put_u64_pad(nlh, CPO_A_LASER_TIMESTAMP, CPO_A_LASER_PAD, T_NTF_TS);
	t_put_u64_pad(nlh, CPO_A_LASER_REFRESHED, CPO_A_LASER_PAD,
		      T_REFRESHED);
	mnl_attr_put(nlh, CPO_A_LASER_FAILBACK, 0, NULL);
	mnl_attr_put_u32(nlh, CPO_A_LASER_SLOT_STATE, CPO_SLOT_STATE_EMPTY);
	t_put_u64_pad(nlh, CPO_A_LASER_SWAPS, CPO_A_LASER_PAD, 5);
	t_put_u64_pad(nlh, CPO_A_LASER_LAST_SWAP_TIME, CPO_A_LASER_PAD,
		      T_NTF_TS);
	t_put_fw_nest(nlh, CPO_A_LASER_FIRMWARE, CPO_FW_BANK_A, "1.4.7", 1, 1,
		      1);
	t_put_fw_nest(nlh, CPO_A_LASER_FIRMWARE, CPO_FW_BANK_B, "1.3.7", 0, 0,
		      1);
	mnl_attr_put_u32(nlh, CPO_A_LASER_SERVICE_STATE,
			 CPO_SERVICE_STATE_FAILED);
	t_put_flash_nest(nlh, CPO_A_LASER_FLASH, CPO_FLASH_STATE_DOWNLOADING,
			 2048, 6064, "cpo/els.bin", NULL);
	mnl_attr_put_strz(nlh, CPO_A_LASER_FLASH_FILE, "cpo/els-next.bin");
	mnl_attr_put(nlh, CPO_A_LASER_FLASH_COMMIT, 0, NULL);
	mnl_attr_put(nlh, CPO_A_LASER_FLASH_ABORT, 0, NULL);
	mnl_attr_put(nlh, CPO_A_LASER_STALE, 0, NULL);
	mnl_attr_put_strz(nlh, CPO_A_LASER_FW_MIN_VERSION, "1.5");
	mnl_attr_put_u32(nlh, CPO_A_LASER_STANDBY_ID, 9);
}

void t_check_laser_full(const struct cpo_laser *l)
{
	uint64_t all = 0;
	unsigned int i;

	for (i = 1; i <= CPO_A_LASER_MAX; i++)
		all |= CPO_BIT(i);
	all &= ~CPO_BIT(CPO_A_LASER_PAD);
	CU_ASSERT_EQUAL(l->present, all);
	CU_ASSERT_EQUAL(l->id, 3);
	CU_ASSERT_EQUAL_FATAL(l->flash.n, 1);
	CU_ASSERT_EQUAL(l->flash.items[0].state, CPO_FLASH_STATE_DOWNLOADING);
	CU_ASSERT_EQUAL(l->flash.items[0].done, 2048);
	CU_ASSERT_EQUAL(l->flash.items[0].total, 6064);
	CU_ASSERT_STRING_EQUAL(l->flash.items[0].file, "cpo/els.bin");
	CU_ASSERT_STRING_EQUAL(l->flash_file, "cpo/els-next.bin");
	CU_ASSERT_TRUE(l->flash_commit);
	CU_ASSERT_TRUE(l->flash_abort);
	CU_ASSERT_TRUE(l->stale);
	CU_ASSERT_STRING_EQUAL(l->dev_name, "cposim0");
	CU_ASSERT_EQUAL(l->type, CPO_LASER_TYPE_EXTERNAL);
	CU_ASSERT_STRING_EQUAL(l->location, "ELS-1");
	CU_ASSERT_EQUAL(l->role, CPO_LASER_ROLE_SPARE);
	CU_ASSERT_EQUAL(l->state, CPO_LASER_STATE_ON);
	CU_ASSERT_EQUAL(l->enable, 1);
	CU_ASSERT_EQUAL(l->wavelength, 1310000);
	CU_ASSERT_EQUAL(l->output_power, 100000);
	CU_ASSERT_EQUAL(l->bias, 300000);
	CU_ASSERT_EQUAL(l->temperature, -2500);
	CU_ASSERT_EQUAL(l->hours, 1234);
	CU_ASSERT_EQUAL(l->spare_id, 4);
	CU_ASSERT_EQUAL(l->covering_id, 1);
	CU_ASSERT_EQUAL(l->standby_id, 9);
	CU_ASSERT_EQUAL(l->failover_policy, CPO_FAILOVER_POLICY_MANUAL);
	CU_ASSERT_EQUAL(l->service_state, CPO_SERVICE_STATE_FAILED);
	CU_ASSERT_STRING_EQUAL(l->fw_min_version, "1.5");
	CU_ASSERT_TRUE(l->failover);
	CU_ASSERT_TRUE(l->failback);
	CU_ASSERT_EQUAL_FATAL(l->lane_ids.n, 3);
	CU_ASSERT_FALSE(l->lane_ids.truncated);
	CU_ASSERT_EQUAL(l->lane_ids.ids[0], 11);
	CU_ASSERT_EQUAL(l->lane_ids.ids[1], 12);
	CU_ASSERT_EQUAL(l->lane_ids.ids[2], 17);
	CU_ASSERT(l->seq == T_NTF_SEQ);
	CU_ASSERT(l->timestamp == T_NTF_TS);
	CU_ASSERT(l->refreshed == T_REFRESHED);
	CU_ASSERT_EQUAL(l->slot_state, CPO_SLOT_STATE_EMPTY);
	CU_ASSERT(l->swaps == 5);
	CU_ASSERT(l->last_swap_time == T_NTF_TS);
	CU_ASSERT_EQUAL_FATAL(l->firmware.n, 2);
	CU_ASSERT_EQUAL(l->firmware.items[0].bank, CPO_FW_BANK_A);
	CU_ASSERT_STRING_EQUAL(l->firmware.items[0].version, "1.4.7");
	CU_ASSERT_EQUAL(l->firmware.items[0].running, 1);
	CU_ASSERT_EQUAL(l->firmware.items[0].committed, 1);
	CU_ASSERT_EQUAL(l->firmware.items[1].bank, CPO_FW_BANK_B);
	CU_ASSERT_STRING_EQUAL(l->firmware.items[1].version, "1.3.7");
	CU_ASSERT_EQUAL(l->firmware.items[1].running, 0);
	CU_ASSERT_EQUAL(l->firmware.items[1].valid, 1);
}

struct nlmsghdr *t_err_msg(void *buf, const struct nlmsghdr *req, int error,
			   bool capped, const char *msg, int offs, int miss)
{
	size_t echo = capped ? 0 : req->nlmsg_len - MNL_NLMSG_HDRLEN;
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = req->nlmsg_pid;
	if (capped)
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e) + MNL_ALIGN(echo));
	e->error = error;
	memcpy(&e->msg, req, sizeof(*req));
	memcpy(e + 1, (const char *)req + MNL_NLMSG_HDRLEN, echo);
	if (msg || offs >= 0 || miss >= 0)
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	if (offs >= 0)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, offs);
	if (miss >= 0)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, miss);
	return nlh;
}

struct nlmsghdr *t_done_msg(void *buf, uint16_t flags, uint32_t seq,
			    int error, const char *msg)
{
	struct nlmsghdr *nlh;
	int *perr;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = T_PORTID;
	perr = mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	*perr = error;
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	return nlh;
}

static int attr_collect(const struct nlattr *attr, void *data)
{
	struct t_attrs *a = data;
	uint16_t len = mnl_attr_get_payload_len(attr);

	if (a->n >= 32)
		return -1;
	a->type[a->n] = mnl_attr_get_type(attr);
	a->len[a->n] = len;
	a->u32[a->n] = 0;
	memcpy(&a->u32[a->n], mnl_attr_get_payload(attr), len < 4 ? len : 4);
	a->n++;
	return 0;
}

int t_attrs_get(const struct nlmsghdr *nlh, struct t_attrs *a)
{
	memset(a, 0, sizeof(*a));
	return cpo_attr_walk(nlh, GENL_HDRLEN, attr_collect, a);
}

FILE *t_capture_start(struct t_capture *c)
{
	memset(c, 0, sizeof(*c));
	c->fp = open_memstream(&c->buf, &c->len);
	return c->fp;
}

const char *t_capture_end(struct t_capture *c)
{
	if (c->fp) {
		fclose(c->fp);
		c->fp = NULL;
	}
	return c->buf ? c->buf : "";
}

void t_capture_free(struct t_capture *c)
{
	t_capture_end(c);
	free(c->buf);
	c->buf = NULL;
}

uint64_t t_now = T_NTF_TS;

static uint64_t t_clock(void)
{
	return t_now;
}

const char *t_print_capture(struct t_capture *c, bool json, bool oneline,
			    void (*fn)(const void *), const void *arg)
{
	uint64_t (*clock)(void) = cpoctl_clock;

	cpoctl_clock = t_clock;
	new_json_obj(json, false, t_capture_start(c));
	set_oneline(oneline);
	fn(arg);
	delete_json_obj();
	cpoctl_clock = clock;
	return t_capture_end(c);
}
