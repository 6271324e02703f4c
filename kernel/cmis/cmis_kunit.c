// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the CMIS layer's decoding: strings, lane flags, fault
 * causes, data path state nibbles, bank arithmetic and the VDM F16 BER
 * encoding; and the memory map as ethtool reads it, which never reads a
 * clear-on-read byte.
 *
 * Linked into cpo.ko only when the target kernel has CONFIG_KUNIT (see
 * cmis.mk). In 6.1 (the debug kernel) and later, kunit_test_suites() only
 * puts the suites in the module's .kunit_test_suites section, which
 * KUnit's module notifier runs when the module comes in (before cpo's own
 * init); it defines no module_init, as older kernels' did. So the tests
 * live in the module they test: no separate test module, nothing exported
 * for the tests, static inline helpers tested as compiled into cpo.ko.
 * Results: dmesg, and /sys/kernel/debug/kunit/cpo_cmis/results while
 * cpo.ko is loaded.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "cmis_priv.h"

/* ---------------------------------------------------------------- strings */

struct cmis_string_case {
	const char *src;	/* the field, @len bytes */
	size_t len;
	const char *want;
};

static const struct cmis_string_case cmis_string_cases[] = {
	{ "ACME OPTICS     ", 16, "ACME OPTICS" },	/* trailing padding */
	{ "PN-1234567890ABC", 16, "PN-1234567890ABC" },	/* full field */
	{ "                ", 16, "" },			/* all padding */
	{ " A B  ", 6, " A B" },	/* leading and inner spaces stay */
	{ "SN\x01\x7f\x80\x9f  ", 8, "SN????" },	/* unprintable */
	{ "AB\0 ", 4, "AB?" },		/* NUL is unprintable, not an end */
	{ "X\t ", 3, "X?" },		/* control characters too */
	{ "~!", 2, "~!" },		/* printable edges */
	{ "ignored", 0, "" },
};

static void cmis_copy_string_test(struct kunit *test)
{
	char dst[CMIS_VENDOR_NAME_LEN + 2];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmis_string_cases); i++) {
		const struct cmis_string_case *c = &cmis_string_cases[i];

		memset(dst, 0x5a, sizeof(dst));
		cmis_copy_string(dst, (const u8 *)c->src, c->len);
		KUNIT_ASSERT_STREQ_MSG(test, dst, c->want, "case %zu", i);
		/* one terminator at most at dst[len], nothing beyond */
		KUNIT_ASSERT_EQ_MSG(test, dst[c->len + 1], 0x5a, "case %zu", i);
	}
}

/*
 * CMIS strings are ASCII: a byte above 0x7e shows '?' like a control
 * character, although the kernel's isprint() takes 0xa0..0xff for Latin-1
 * letters; passed through, they would reach sysfs and netlink as invalid
 * UTF-8.
 */
static void cmis_copy_string_non_ascii_test(struct kunit *test)
{
	static const u8 src[] = { 'C', 0xa0, 0xe9, 0xff, 'D', ' ' };
	char dst[sizeof(src) + 1];

	cmis_copy_string(dst, src, sizeof(src));
	KUNIT_EXPECT_STREQ(test, dst, "C???D");
}

/* ---------------------------------------------------------------- lane flags */

/* The flag bytes as cmis_lane_flags() takes them: page 11h 135..148. */
#define FLAGS_LEN	(CMIS_RX_CDR_LOL_FLAG - CMIS_TX_FAULT_FLAG + 1)
#define FLAG(f, off)	((f)[(off) - CMIS_TX_FAULT_FLAG])

static void cmis_lane_flags_test(struct kunit *test)
{
	u8 flags[FLAGS_LEN];
	u32 lane;

	/* Every byte the decoding must ignore set: TX LOS, TX LOL, ... */
	memset(flags, 0xff, sizeof(flags));
	FLAG(flags, CMIS_TX_FAULT_FLAG) = BIT(2);
	FLAG(flags, CMIS_RX_LOS_FLAG) = BIT(5) | BIT(6);
	FLAG(flags, CMIS_RX_CDR_LOL_FLAG) = BIT(6) | BIT(7);

	/* Lanes 8..15 are in bank 1: the same bits, of that bank's page. */
	for (lane = 0; lane < 2 * CMIS_LANES_PER_BANK; lane++) {
		u8 want;

		switch (lane % CMIS_LANES_PER_BANK) {
		case 2:
			want = CMIS_LANE_TX_FAULT;
			break;
		case 5:
			want = CMIS_LANE_RX_LOS;
			break;
		case 6:
			want = CMIS_LANE_RX_LOS | CMIS_LANE_RX_LOL;
			break;
		case 7:
			want = CMIS_LANE_RX_LOL;
			break;
		default:
			want = 0;
		}
		KUNIT_ASSERT_EQ_MSG(test, cmis_lane_flags(flags, lane), want,
				    "lane %u", lane);
	}

	memset(flags, 0, sizeof(flags));
	KUNIT_EXPECT_EQ(test, cmis_lane_flags(flags, 0), 0);
	memset(flags, 0xff, sizeof(flags));
	KUNIT_EXPECT_EQ(test, cmis_lane_flags(flags, 63),
			CMIS_LANE_TX_FAULT | CMIS_LANE_RX_LOS | CMIS_LANE_RX_LOL);
}

/* ---------------------------------------------------------------- fault cause */

static void cmis_fault_cause_test(struct kunit *test)
{
	static const struct {
		u8 cause;
		enum cpo_fault_cause want;	/* 0: none reported */
	} cases[] = {
		{ CMIS_FAULT_TEC_RUNAWAY, CPO_FAULT_CAUSE_TEC_RUNAWAY },
		{ CMIS_FAULT_DATA_MEMORY, CPO_FAULT_CAUSE_DATA_MEMORY },
		{ CMIS_FAULT_PROGRAM_MEMORY, CPO_FAULT_CAUSE_PROGRAM_MEMORY },
		{ 0, 0 },
		{ 4, 0 },	/* reserved */
		{ 0x40, 0 },	/* custom */
		{ 0xff, 0 },
	};
	struct cpo_engine_status st;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&st, 0, sizeof(st));
		st.valid = CPO_ENGINE_F_MODULE_STATE;
		st.fault_cause = 0x77;
		cmis_fault_cause(&st, cases[i].cause);
		if (cases[i].want) {
			KUNIT_ASSERT_EQ_MSG(test, st.valid,
					    CPO_ENGINE_F_MODULE_STATE |
					    CPO_ENGINE_F_FAULT_CAUSE,
					    "cause %u", cases[i].cause);
			KUNIT_ASSERT_EQ_MSG(test, st.fault_cause, cases[i].want,
					    "cause %u", cases[i].cause);
		} else {
			/* nothing claimed, nothing written */
			KUNIT_ASSERT_EQ_MSG(test, st.valid,
					    CPO_ENGINE_F_MODULE_STATE,
					    "cause %u", cases[i].cause);
			KUNIT_ASSERT_EQ_MSG(test, st.fault_cause, 0x77,
					    "cause %u", cases[i].cause);
		}
	}
}

/* ---------------------------------------------------------------- data path state */

static void cmis_dp_state_test(struct kunit *test)
{
	/* Lane 1 of the bank in the low nibble of byte 128, lane 2 high. */
	static const u8 nibbles[4] = { 0x41, 0x75, 0x63, 0xf2 };
	static const u8 want[CMIS_LANES_PER_BANK] = {
		CMIS_DP_DEACTIVATED, CMIS_DP_ACTIVATED,
		CMIS_DP_TX_TURN_ON, CMIS_DP_INITIALIZED,
		CMIS_DP_DEINIT, CMIS_DP_TX_TURN_OFF,
		CMIS_DP_INIT, 0xf,
	};
	u32 lane;

	for (lane = 0; lane < 3 * CMIS_LANES_PER_BANK; lane++)
		KUNIT_ASSERT_EQ_MSG(test, cmis_dp_state(nibbles, lane),
				    want[lane % CMIS_LANES_PER_BANK],
				    "lane %u", lane);
}

/* ---------------------------------------------------------------- banks */

static void cmis_bank_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cmis_bank(0), 0);
	KUNIT_EXPECT_EQ(test, cmis_bank(7), 0);
	KUNIT_EXPECT_EQ(test, cmis_bank(8), 1);
	KUNIT_EXPECT_EQ(test, cmis_bank(63), 7);
	KUNIT_EXPECT_EQ(test, cmis_lane_bit(0), 0x01);
	KUNIT_EXPECT_EQ(test, cmis_lane_bit(7), 0x80);
	KUNIT_EXPECT_EQ(test, cmis_lane_bit(8), 0x01);
	KUNIT_EXPECT_EQ(test, cmis_lane_bit(13), 0x20);
	KUNIT_EXPECT_EQ(test, cmis_bank_count(1), 1);
	KUNIT_EXPECT_EQ(test, cmis_bank_count(8), 1);
	KUNIT_EXPECT_EQ(test, cmis_bank_count(9), 2);
	KUNIT_EXPECT_EQ(test, cmis_bank_count(64), 8);
}

/* ---------------------------------------------------------------- VDM F16 */

#define F16(e, m)	((u16)((e) << CMIS_F16_EXP_SHIFT | (m)))

struct cmis_f16_case {
	u16 f16;
	u64 e18;	/* BER times 10^18 */
};

/* Decoding: m * 10^(e - 24) times 10^18, truncated. */
static const struct cmis_f16_case cmis_f16_decode_cases[] = {
	{ F16(18, 240), 240000000000000ULL },		/* 2.4e-4 */
	{ F16(12, 1), 1000000ULL },			/* 1e-12 */
	{ F16(9, 1000), 1000000ULL },			/* 1e-12 too */
	{ F16(6, 2047), 2047 },				/* exponent bias */
	{ F16(7, 2047), 20470 },
	{ F16(3, 1234), 1 },				/* 1.234e-18 */
	{ F16(0, 2047), 0 },				/* below 1e-18 */
	{ F16(24, 1), 1000000000000000000ULL },		/* BER 1 */
	{ F16(25, 1), 10000000000000000000ULL },	/* fits in u64 */
	{ F16(25, 2), U64_MAX },			/* saturates */
	{ F16(31, 2047), U64_MAX },
	{ 0, 0 },
	{ F16(31, 0), 0 },				/* zero mantissa */
	{ F16(17, 0x7ff), 204700000000000ULL },	/* 2.047e-4 */
};

static void cmis_f16_to_e18_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmis_f16_decode_cases); i++) {
		const struct cmis_f16_case *c = &cmis_f16_decode_cases[i];

		KUNIT_ASSERT_EQ_MSG(test, cmis_f16_to_e18(c->f16), c->e18,
				    "f16 0x%04x", c->f16);
	}
}

/* Encoding: the largest F16 value at or below, mantissa normalised. */
static const struct cmis_f16_case cmis_f16_encode_cases[] = {
	{ F16(18, 240), 240000000000000ULL },		/* 2.4e-4 */
	{ F16(18, 240), 240099999999999ULL },		/* truncated */
	{ F16(9, 1000), 1000000ULL },			/* 1e-12 */
	{ F16(6, 2047), 2047 },
	{ F16(6, 2040), 2048 },				/* 2.048e-15 */
	{ F16(3, 1000), 1 },				/* 1e-18 */
	{ F16(4, 500), 5 },
	{ F16(6, 0), 0 },				/* zero */
	{ F16(21, 1000), 1000000000000000000ULL },	/* BER 1 */
	{ F16(22, 1844), U64_MAX },			/* the largest */
};

static void cmis_e18_to_f16_test(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmis_f16_encode_cases); i++) {
		const struct cmis_f16_case *c = &cmis_f16_encode_cases[i];

		KUNIT_ASSERT_EQ_MSG(test, cmis_e18_to_f16(c->e18), c->f16,
				    "e18 %llu", c->e18);
	}
}

/*
 * Every F16 that does not saturate decodes to a value that encodes back
 * to the same value (the encoding may pick another mantissa and exponent
 * for it), and a normalised F16 (mantissa of 3-4 digits) to itself.
 */
static void cmis_f16_round_trip_test(struct kunit *test)
{
	u32 v;

	for (v = 0; v <= U16_MAX; v++) {
		u64 e18 = cmis_f16_to_e18(v);
		u16 m = v & CMIS_F16_MANT_MASK;
		u16 back;

		if (e18 == U64_MAX)
			continue;
		back = cmis_e18_to_f16(e18);
		KUNIT_ASSERT_EQ_MSG(test, cmis_f16_to_e18(back), e18,
				    "f16 0x%04x -> %llu -> 0x%04x", v, e18, back);
		if (m * 10 > CMIS_F16_MANT_MASK &&
		    (v >> CMIS_F16_EXP_SHIFT) >= CMIS_F16_EXP_BIAS_E18)
			KUNIT_ASSERT_EQ_MSG(test, back, v, "e18 %llu", e18);
	}
}

/*
 * Any value encodes to one at most 1/205 below it: at least three
 * significant digits survive.
 */
static void cmis_e18_round_trip_test(struct kunit *test)
{
	u64 x = 1, lcg = 42;
	int i;

	for (i = 0; i < 4096; i++) {
		u16 f16 = cmis_e18_to_f16(x);
		u64 back = cmis_f16_to_e18(f16);

		KUNIT_ASSERT_LE_MSG(test, back, x, "e18 %llu -> 0x%04x", x, f16);
		KUNIT_ASSERT_LE_MSG(test, x - back, back / 205,
				    "e18 %llu -> 0x%04x -> %llu", x, f16, back);
		KUNIT_ASSERT_GE_MSG(test, f16 & CMIS_F16_MANT_MASK, 205,
				    "e18 %llu -> 0x%04x", x, f16);
		/* small values first, then pseudo-random 64-bit ones */
		lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
		x = i < 2048 ? x + 1 + i / 16 : lcg >> (i % 64);
		if (!x)
			x = 1;
	}
}

/* ---------------------------------------------------------------- ethtool's reads */

/*
 * A module behind a fake transport, as the module_eeprom_read op reaches
 * it: lower memory and page 11h of two banks; reads clear page 11h's
 * latched flags as a module does, and any read of a clear-on-read byte
 * is counted.
 */
struct cmis_fake_module {
	u8 lower[CMIS_UPPER_OFFSET];
	u8 page11[2][CMIS_PAGE_SIZE];
	u32 reads;
	u32 clear_on_read;	/* reads that covered such a byte */
};

static int cmis_fake_read(void *ctx, u8 bank, u8 page, u8 offset, u8 *buf,
			  size_t len)
{
	struct cmis_fake_module *m = ctx;
	u32 i, at;

	m->reads++;
	for (i = 0; i < len; i++) {
		at = offset + i;
		if (at < CMIS_UPPER_OFFSET) {
			buf[i] = m->lower[at];
			if (at >= 8 && at <= 13)
				m->clear_on_read++;
			continue;
		}
		if (page != CMIS_PAGE_LANE_STATUS || bank > 1)
			return -EINVAL;
		buf[i] = m->page11[bank][at - CMIS_UPPER_OFFSET];
		if (at >= CMIS_LATCHED_FLAGS_FIRST &&
		    at <= CMIS_LATCHED_FLAGS_LAST) {
			m->clear_on_read++;
			m->page11[bank][at - CMIS_UPPER_OFFSET] = 0;
		}
	}
	return 0;
}

static int cmis_fake_write(void *ctx, u8 bank, u8 page, u8 offset,
			   const u8 *buf, size_t len)
{
	return -EIO;
}

static const struct cmis_transport_ops cmis_fake_ops = {
	.read = cmis_fake_read,
	.write = cmis_fake_write,
};

static struct cmis_engine *cmis_fake_engine(struct kunit *test,
					    struct cmis_fake_module *m)
{
	struct cmis_engine *ce;
	u32 i;

	ce = kunit_kzalloc(test, struct_size(ce, lanes, 16), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ce);
	ce->lane_count = 16;
	ce->ops = &cmis_fake_ops;
	ce->ctx = m;
	mutex_init(&ce->lock);
	spin_lock_init(&ce->stats_lock);
	for (i = 0; i < sizeof(m->lower); i++)
		m->lower[i] = i;
	for (i = 0; i < CMIS_PAGE_SIZE; i++) {
		m->page11[0][i] = 0xa0 ^ i;
		m->page11[1][i] = 0x50 ^ i;
	}
	return ce;
}

#define P11(off)	((off) - CMIS_UPPER_OFFSET)

static void cmis_eeprom_flags_test(struct kunit *test)
{
	struct cmis_fake_module *m;
	struct cmis_engine *ce;
	u8 buf[CMIS_PAGE_SIZE];
	u32 i;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	ce = cmis_fake_engine(test, m);
	/* What the last refresh found: lane 9 without light, lane 12 fault */
	ce->lanes[9].flags = CMIS_LANE_RX_LOS | CMIS_LANE_RX_LOL;
	ce->lanes[12].flags = CMIS_LANE_TX_FAULT;

	/* Lower memory: the module flags not read, served as 0 */
	KUNIT_ASSERT_EQ(test, cmis_engine_module_eeprom_read(NULL, ce, 0, 0, 0,
							     128, buf, NULL), 0);
	KUNIT_EXPECT_EQ(test, m->clear_on_read, 0);
	for (i = 0; i < 128; i++)
		KUNIT_EXPECT_EQ_MSG(test, buf[i], i >= 8 && i <= 13 ? 0 : i,
				    "lower byte %u", i);

	/* Page 11h of bank 1: the flags from the copy, the map untouched */
	KUNIT_ASSERT_EQ(test, cmis_engine_module_eeprom_read(NULL, ce, 1, 0x11,
							     128, 128, buf,
							     NULL), 0);
	KUNIT_EXPECT_EQ(test, m->clear_on_read, 0);
	KUNIT_EXPECT_EQ(test, buf[P11(CMIS_RX_LOS_FLAG)], BIT(1));
	KUNIT_EXPECT_EQ(test, buf[P11(CMIS_RX_CDR_LOL_FLAG)], BIT(1));
	KUNIT_EXPECT_EQ(test, buf[P11(CMIS_TX_FAULT_FLAG)], BIT(4));
	KUNIT_EXPECT_EQ(test, buf[P11(CMIS_DP_STATE_CHANGED_FLAG)], 0);
	for (i = 0; i < CMIS_PAGE_SIZE; i++) {
		if (i + 128 >= CMIS_LATCHED_FLAGS_FIRST &&
		    i + 128 <= CMIS_LATCHED_FLAGS_LAST)
			KUNIT_EXPECT_EQ_MSG(test, m->page11[1][i], 0x50 ^ i,
					    "flag byte %u cleared", i + 128);
		else
			KUNIT_EXPECT_EQ_MSG(test, buf[i], 0x50 ^ i,
					    "page 11h byte %u", i + 128);
	}

	/* Astride the flags: only the bytes after them are read */
	m->reads = 0;
	KUNIT_ASSERT_EQ(test, cmis_engine_module_eeprom_read(NULL, ce, 0, 0x11,
							     140, 20, buf,
							     NULL), 0);
	KUNIT_EXPECT_EQ(test, m->reads, 1);
	KUNIT_EXPECT_EQ(test, m->clear_on_read, 0);
	KUNIT_EXPECT_EQ(test, buf[19], 0xa0 ^ (159 - 128));
	KUNIT_EXPECT_EQ(test, buf[CMIS_RX_LOS_FLAG - 140], 0);

	/* Pages ethtool does not decode, banks the engine lacks */
	KUNIT_EXPECT_EQ(test, cmis_engine_module_eeprom_read(NULL, ce, 0, 0x14,
							     128, 16, buf,
							     NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmis_engine_module_eeprom_read(NULL, ce, 2, 0x11,
							     128, 16, buf,
							     NULL), -EINVAL);
	mutex_destroy(&ce->lock);
}

static struct kunit_case cmis_test_cases[] = {
	KUNIT_CASE(cmis_copy_string_test),
	KUNIT_CASE(cmis_copy_string_non_ascii_test),
	KUNIT_CASE(cmis_lane_flags_test),
	KUNIT_CASE(cmis_fault_cause_test),
	KUNIT_CASE(cmis_dp_state_test),
	KUNIT_CASE(cmis_bank_test),
	KUNIT_CASE(cmis_f16_to_e18_test),
	KUNIT_CASE(cmis_e18_to_f16_test),
	KUNIT_CASE(cmis_f16_round_trip_test),
	KUNIT_CASE(cmis_e18_round_trip_test),
	KUNIT_CASE(cmis_eeprom_flags_test),
	{}
};

static struct kunit_suite cmis_test_suite = {
	.name = "cpo_cmis",
	.test_cases = cmis_test_cases,
};

kunit_test_suites(&cmis_test_suite);
