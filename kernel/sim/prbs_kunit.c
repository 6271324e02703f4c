// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the simulator's diagnostics (prbs.c): pages 13h and 14h
 * as the host reads and writes them over the transport, the lock of a
 * PRBS checker and what it needs, the counters over a clock of the test's
 * own, the latched loss of lock, the results of each selector, and the
 * media side's physics.
 *
 * Linked into cpo_sim.ko only when the target kernel has CONFIG_KUNIT, as
 * sim_kunit.c (see Kbuild). The engines are built here, never registered;
 * their step work never runs on its own (dp_step_ms is a minute): the
 * tests move the state machines by hand. Assertions, not expectations: a
 * case stops at its first failure (kernel/cpo_kunit.c tells why).
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "cposim.h"

#define PRBS_RATE	200000		/* Mb/s: 2e11 bits a second */
#define PRBS_SEC	1000000000ULL	/* ns */
#define PRBS_HOST	CPOSIM_PRBS_HOST
#define PRBS_MEDIA	CPOSIM_PRBS_MEDIA
#define PRBS_UPPER(page, off)	((page)[(off) - CMIS_UPPER_OFFSET])

/* The clock of the engines under test: only the tests move it. */
static u64 prbs_now_ns;

static u64 prbs_clock(void)
{
	return prbs_now_ns;
}

static void prbs_engine_stop(struct kunit_resource *res)
{
	struct cposim_engine *se = res->data;

	cposim_behaviour_stop(se);
	cposim_bus_model_destroy(&se->bus);
}

static int prbs_engine_res(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

/*
 * An engine of @lanes lanes at @rate Mb/s with its map and state
 * machines: Ready, every lane activated, nothing of pages 13h and 14h
 * enabled; on the test's clock, at 0.
 */
static struct cposim_engine *prbs_engine_rate(struct kunit *test, u32 lanes,
					      u32 rate)
{
	static const struct cposim_bus_config cfg = {};	/* no delay */
	struct cposim_engine *se;
	u32 i;

	se = kunit_kzalloc(test, struct_size(se, lanes, lanes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, se);
	se->lane_count = lanes;
	se->banks = kunit_kcalloc(test, cposim_bank_count(lanes),
				  sizeof(*se->banks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, se->banks);
	se->sdev = kunit_kzalloc(test, sizeof(*se->sdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, se->sdev);
	se->sdev->cfg.rate = rate;
	se->sdev->dp_step_ms = 60000;
	mutex_init(&se->lock);
	for (i = 0; i < lanes; i++) {
		se->lanes[i].se = se;
		se->lanes[i].index = i;
	}
	prbs_now_ns = 0;
	se->prbs_clock = prbs_clock;
	cposim_bus_model_init(&se->bus, &cfg);
	cposim_map_init(se);
	cposim_behaviour_init(se);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, prbs_engine_res,
							 prbs_engine_stop,
							 GFP_KERNEL, se));
	return se;
}

static struct cposim_engine *prbs_engine(struct kunit *test, u32 lanes)
{
	return prbs_engine_rate(test, lanes, PRBS_RATE);
}

static void prbs_write(struct kunit *test, struct cposim_engine *se, u8 bank,
		       u8 page, u8 off, u8 val)
{
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.write(se, bank, page, off,
							 &val, 1), 0);
}

static u8 prbs_read(struct kunit *test, struct cposim_engine *se, u8 bank,
		    u8 page, u8 off)
{
	u8 val;

	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, bank, page, off,
							&val, 1), 0);
	return val;
}

static unsigned int prbs_gen(enum cposim_prbs_side side)
{
	return side == PRBS_HOST ? CMIS_DIAG_HOST_GEN : CMIS_DIAG_MEDIA_GEN;
}

static unsigned int prbs_chk(enum cposim_prbs_side side)
{
	return side == PRBS_HOST ? CMIS_DIAG_HOST_CHK : CMIS_DIAG_MEDIA_CHK;
}

static u8 prbs_loopback(enum cposim_prbs_side side)
{
	return side == PRBS_HOST ? CMIS_DIAG_LB_HOST_INPUT_EN :
				   CMIS_DIAG_LB_MEDIA_INPUT_EN;
}

/* Pattern @id for all eight lanes of a generator or checker block. */
static void prbs_patterns(struct kunit *test, struct cposim_engine *se,
			  u8 bank, unsigned int block, u8 id)
{
	int k;

	for (k = 0; k < 4; k++)
		prbs_write(test, se, bank, CMIS_PAGE_DIAG_CTRL,
			   block + CMIS_DIAG_BLK_PATTERN + k, id | id << 4);
}

/*
 * A test of @side on the lanes of @mask in @bank: generator and checker on
 * PRBS31Q, the input loopback closed, the checker enabled last.
 */
static void prbs_start(struct kunit *test, struct cposim_engine *se, u8 bank,
		       enum cposim_prbs_side side, u8 mask)
{
	prbs_patterns(test, se, bank, prbs_gen(side), CMIS_PRBS31Q);
	prbs_patterns(test, se, bank, prbs_chk(side), CMIS_PRBS31Q);
	prbs_write(test, se, bank, CMIS_PAGE_DIAG_CTRL,
		   prbs_gen(side) + CMIS_DIAG_BLK_ENABLE, mask);
	prbs_write(test, se, bank, CMIS_PAGE_DIAG_CTRL, prbs_loopback(side),
		   mask);
	prbs_write(test, se, bank, CMIS_PAGE_DIAG_CTRL,
		   prbs_chk(side) + CMIS_DIAG_BLK_ENABLE, mask);
}

/* The lock of a checker lane now, as the model holds it. */
static bool prbs_locked(struct cposim_engine *se, u32 lane,
			enum cposim_prbs_side side)
{
	bool locked;

	mutex_lock(&se->lock);
	cposim_prbs_update(se);
	locked = se->lanes[lane].chk[side].locked;
	mutex_unlock(&se->lock);
	return locked;
}

static u64 prbs_be64(const u8 *p)
{
	return (u64)cmis_get_be32(p) << 32 | cmis_get_be32(p + 4);
}

/* Errors and bits of a checker lane, through selectors 02h..05h. */
static void prbs_counts(struct kunit *test, struct cposim_engine *se,
			u32 lane, enum cposim_prbs_side side, u64 *errors,
			u64 *bits)
{
	u8 bank = lane / CMIS_LANES_PER_BANK, n = lane % CMIS_LANES_PER_BANK;
	u8 sel, buf[CMIS_DIAG_COUNTS_LEN];

	if (side == PRBS_HOST)
		sel = n < 4 ? CMIS_DIAG_SEL_HOST_COUNTS_0 :
			      CMIS_DIAG_SEL_HOST_COUNTS_4;
	else
		sel = n < 4 ? CMIS_DIAG_SEL_MEDIA_COUNTS_0 :
			      CMIS_DIAG_SEL_MEDIA_COUNTS_4;
	prbs_write(test, se, bank, CMIS_PAGE_DIAG_RESULTS, CMIS_DIAG_SELECTOR,
		   sel);
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, bank,
							CMIS_PAGE_DIAG_RESULTS,
							CMIS_DIAG_DATA +
							n % 4 *
							CMIS_DIAG_COUNTS_LEN,
							buf, sizeof(buf)), 0);
	*errors = prbs_be64(buf);
	*bits = prbs_be64(buf + 8);
}

/* The F16 BER of a checker lane, through selector 01h. */
static u16 prbs_ber_f16(struct kunit *test, struct cposim_engine *se,
			u32 lane, enum cposim_prbs_side side)
{
	u8 bank = lane / CMIS_LANES_PER_BANK, n = lane % CMIS_LANES_PER_BANK;
	u8 buf[2];

	prbs_write(test, se, bank, CMIS_PAGE_DIAG_RESULTS, CMIS_DIAG_SELECTOR,
		   CMIS_DIAG_SEL_BER);
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, bank,
							CMIS_PAGE_DIAG_RESULTS,
							CMIS_DIAG_DATA +
							16 * side + 2 * n,
							buf, sizeof(buf)), 0);
	return cmis_get_be16(buf);
}

static u64 prbs_path_ber(struct cposim_engine *se, u32 lane,
			 enum cposim_prbs_side side)
{
	u64 ber;

	mutex_lock(&se->lock);
	ber = cposim_prbs_path_ber(&se->lanes[lane], side);
	mutex_unlock(&se->lock);
	return ber;
}

static void prbs_set_ber(struct kunit *test, struct cposim_engine *se,
			 u32 lane, u64 ber)
{
	int err;

	mutex_lock(&se->lock);
	err = cposim_prbs_set_ber(&se->lanes[lane], ber);
	mutex_unlock(&se->lock);
	KUNIT_ASSERT_EQ(test, err, 0);
}

/* ---------------------------------------------------------------- map */

/* Page 01h says so; page 13h holds the capabilities, in every bank. */
static void prbs_advertising_test(struct kunit *test)
{
	static const u8 caps[] = {
		0x3f, 0xe0, 0x03, 0xaa,
		0xff, 0x1f, 0xff, 0x1f, 0xff, 0x1f, 0xff, 0x1f,
	};
	struct cposim_engine *se = prbs_engine(test, 16);
	u8 buf[CMIS_PAGE_SIZE];
	u32 b, i;

	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, 0,
							CMIS_PAGE_ADVERTISING_EXT,
							CMIS_PAGES_ADVERTISED,
							buf, 1), 0);
	KUNIT_ASSERT_TRUE(test, buf[0] & CMIS_DIAG_SUPPORTED);
	KUNIT_ASSERT_EQ(test, caps[0],
			CMIS_DIAG_LB_MEDIA_OUTPUT | CMIS_DIAG_LB_MEDIA_INPUT |
			CMIS_DIAG_LB_HOST_OUTPUT | CMIS_DIAG_LB_HOST_INPUT |
			CMIS_DIAG_LB_HOST_PER_LANE |
			CMIS_DIAG_LB_MEDIA_PER_LANE);
	KUNIT_ASSERT_TRUE(test, caps[1] & CMIS_DIAG_GATED_RESULTS);
	KUNIT_ASSERT_EQ(test, caps[2],
			CMIS_DIAG_REPORT_COUNTS | CMIS_DIAG_REPORT_BER);

	for (b = 0; b < 2; b++) {
		KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, b,
								CMIS_PAGE_DIAG_CTRL,
								CMIS_UPPER_OFFSET,
								buf, sizeof(buf)),
				0);
		for (i = 0; i < CMIS_PAGE_SIZE; i++)
			KUNIT_ASSERT_EQ_MSG(test, buf[i],
					    i < ARRAY_SIZE(caps) ? caps[i] : 0,
					    "bank %u byte %u", b, 128 + i);
		KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, b,
								CMIS_PAGE_DIAG_RESULTS,
								CMIS_UPPER_OFFSET,
								buf, sizeof(buf)),
				0);
		KUNIT_ASSERT_TRUE(test, !memchr_inv(buf, 0, sizeof(buf)));
	}
	/* a bank without lanes has no diagnostics */
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, 2,
							CMIS_PAGE_DIAG_CTRL,
							CMIS_UPPER_OFFSET,
							buf, 1), -EINVAL);
}

/* Writes of every byte: only the controls and the selector take them. */
static void prbs_read_only_test(struct kunit *test)
{
	struct cposim_engine *se = prbs_engine(test, 8);
	u8 ones[CMIS_PAGE_SIZE], buf[CMIS_PAGE_SIZE], caps[12];
	u32 i;

	memset(ones, 0xff, sizeof(ones));
	/* page 14h first, nothing enabled: only the selector is written */
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.write(se, 0,
							 CMIS_PAGE_DIAG_RESULTS,
							 CMIS_UPPER_OFFSET,
							 ones, sizeof(ones)), 0);
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, 0,
							CMIS_PAGE_DIAG_RESULTS,
							CMIS_UPPER_OFFSET,
							buf, sizeof(buf)), 0);
	for (i = 0; i < CMIS_PAGE_SIZE; i++)
		KUNIT_ASSERT_EQ_MSG(test, buf[i], i ? 0 : 0xff, "14h byte %u",
				    128 + i);

	memcpy(caps, &PRBS_UPPER(se->banks[0].page13, CMIS_DIAG_LOOPBACK_CAPS),
	       sizeof(caps));
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.write(se, 0,
							 CMIS_PAGE_DIAG_CTRL,
							 CMIS_UPPER_OFFSET,
							 ones, sizeof(ones)), 0);
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, 0,
							CMIS_PAGE_DIAG_CTRL,
							CMIS_UPPER_OFFSET,
							buf, sizeof(buf)), 0);
	for (i = CMIS_UPPER_OFFSET; i < CMIS_UPPER_OFFSET + CMIS_PAGE_SIZE;
	     i++) {
		u8 want = 0;

		if (i < CMIS_DIAG_LOOPBACK_CAPS + sizeof(caps))
			want = caps[i - CMIS_DIAG_LOOPBACK_CAPS];
		else if (i >= CMIS_DIAG_HOST_GEN &&
			 i < CMIS_DIAG_MEDIA_CHK + CMIS_DIAG_BLK_LEN)
			want = 0xff;
		else if (i == CMIS_DIAG_CONTROL)	/* bit 5 clears itself */
			want = (u8)~CMIS_DIAG_RESET_ERRORS;
		else if (i >= CMIS_DIAG_LB_MEDIA_OUTPUT_EN &&
			 i <= CMIS_DIAG_LB_HOST_INPUT_EN)
			want = 0xff;
		KUNIT_ASSERT_EQ_MSG(test, buf[i - CMIS_UPPER_OFFSET], want,
				    "13h byte %u", i);
	}
	/* pattern 15 is not supported: every checker enabled, none locked */
	KUNIT_ASSERT_FALSE(test, prbs_locked(se, 0, PRBS_HOST));
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_HOST_GEN_LOL), 0);
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_MEDIA_GEN_LOL), 0);
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_HOST_CHK_LOL), 0xff);
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_MEDIA_CHK_LOL), 0xff);
}

/* Lane 2k in the low nibble of byte k, lane 2k + 1 in the high one. */
static void prbs_pattern_test(struct kunit *test)
{
	struct cposim_engine *se = prbs_engine(test, 8);
	const u8 *page13 = se->banks[0].page13;
	u32 n, k;

	for (k = 0; k < 4; k++) {
		/* generator lanes 0..7: IDs 0..7; checker: 12 - n */
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
			   CMIS_DIAG_HOST_GEN + CMIS_DIAG_BLK_PATTERN + k,
			   2 * k | (2 * k + 1) << 4);
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
			   CMIS_DIAG_HOST_CHK + CMIS_DIAG_BLK_PATTERN + k,
			   (12 - 2 * k) | (11 - 2 * k) << 4);
	}
	for (n = 0; n < 8; n++) {
		KUNIT_ASSERT_EQ_MSG(test, cposim_prbs_pattern(page13,
							      CMIS_DIAG_HOST_GEN,
							      n),
				    n, "generator lane %u", n);
		KUNIT_ASSERT_EQ_MSG(test, cposim_prbs_pattern(page13,
							      CMIS_DIAG_HOST_CHK,
							      n),
				    12 - n, "checker lane %u", n);
		KUNIT_ASSERT_EQ(test, cposim_prbs_pattern(page13,
							  CMIS_DIAG_MEDIA_GEN,
							  n), 0);
	}
	/* Only lane 6 has the same pattern on both: it alone locks. */
	prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
		   CMIS_DIAG_HOST_GEN + CMIS_DIAG_BLK_ENABLE, 0xff);
	prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
		   CMIS_DIAG_LB_HOST_OUTPUT_EN, 0xff);
	prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
		   CMIS_DIAG_HOST_CHK + CMIS_DIAG_BLK_ENABLE, 0xff);
	for (n = 0; n < 8; n++)
		KUNIT_ASSERT_EQ_MSG(test, prbs_locked(se, n, PRBS_HOST), n == 6,
				    "lane %u", n);
}

/* ---------------------------------------------------------------- lock */

/* Each condition of the lock taken away alone, on each side. */
static void prbs_lock_conditions_test(struct kunit *test)
{
	struct cposim_engine *se = prbs_engine(test, 8);
	const u8 lane = 3, bit = BIT(lane);
	int side;

	for (side = 0; side < CPOSIM_PRBS_SIDES; side++) {
		unsigned int gen = prbs_gen(side), chk = prbs_chk(side);
		u8 lb_out = side == PRBS_HOST ? CMIS_DIAG_LB_HOST_OUTPUT_EN :
						CMIS_DIAG_LB_MEDIA_OUTPUT_EN;
		u8 lb_in = prbs_loopback(side);
		u8 lb_other = prbs_loopback(!side);

		prbs_start(test, se, 0, side, bit);
		KUNIT_ASSERT_TRUE_MSG(test, prbs_locked(se, lane, side),
				      "side %d", side);
		KUNIT_ASSERT_FALSE(test, prbs_locked(se, lane, !side));
		KUNIT_ASSERT_FALSE(test, prbs_locked(se, lane - 1, side));

		/* no generator */
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
			   gen + CMIS_DIAG_BLK_ENABLE, 0);
		KUNIT_ASSERT_FALSE(test, prbs_locked(se, lane, side));
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
			   gen + CMIS_DIAG_BLK_ENABLE, bit);
		KUNIT_ASSERT_TRUE(test, prbs_locked(se, lane, side));

		/* another pattern: PRBS7 (ID 4) against PRBS31Q */
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
			   chk + CMIS_DIAG_BLK_PATTERN + lane / 2, 0x40);
		KUNIT_ASSERT_FALSE(test, prbs_locked(se, lane, side));
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
			   gen + CMIS_DIAG_BLK_PATTERN + lane / 2, 0x40);
		KUNIT_ASSERT_TRUE(test, prbs_locked(se, lane, side));

		/* no loopback; either one will do */
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL, lb_in, 0);
		KUNIT_ASSERT_FALSE(test, prbs_locked(se, lane, side));
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL, lb_out, bit);
		KUNIT_ASSERT_TRUE(test, prbs_locked(se, lane, side));
		/* the other side's loopback is not this one's */
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL, lb_out, 0);
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL, lb_other, bit);
		KUNIT_ASSERT_FALSE(test, prbs_locked(se, lane, side));
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL, lb_in, bit);
		KUNIT_ASSERT_TRUE(test, prbs_locked(se, lane, side));

		/* no checker */
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
			   chk + CMIS_DIAG_BLK_ENABLE, 0);
		KUNIT_ASSERT_FALSE(test, prbs_locked(se, lane, side));
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
			   chk + CMIS_DIAG_BLK_ENABLE, bit);
		KUNIT_ASSERT_TRUE(test, prbs_locked(se, lane, side));

		/* a module in low power, then one that restarts */
		mutex_lock(&se->lock);
		se->module_state = CMIS_MODULE_LOW_PWR;
		cposim_render(se);
		mutex_unlock(&se->lock);
		KUNIT_ASSERT_FALSE(test, prbs_locked(se, lane, side));
		mutex_lock(&se->lock);
		se->module_state = CMIS_MODULE_READY;
		se->cdb.phase = CPOSIM_FW_HUNG;
		cposim_render(se);
		mutex_unlock(&se->lock);
		KUNIT_ASSERT_FALSE(test, prbs_locked(se, lane, side));
		mutex_lock(&se->lock);
		se->cdb.phase = CPOSIM_FW_IDLE;
		cposim_render(se);
		mutex_unlock(&se->lock);
		KUNIT_ASSERT_TRUE(test, prbs_locked(se, lane, side));

		/* an error ratio of 1e-2 and more */
		prbs_set_ber(test, se, lane, CPOSIM_BER_ONE / 100);
		KUNIT_ASSERT_FALSE(test, prbs_locked(se, lane, side));
		prbs_set_ber(test, se, lane, CPOSIM_BER_ONE / 100 - 1);
		KUNIT_ASSERT_EQ(test, prbs_locked(se, lane, side),
				side == PRBS_HOST);
		prbs_set_ber(test, se, lane, 0);
		KUNIT_ASSERT_TRUE(test, prbs_locked(se, lane, side));

		/* off again, for the other side */
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
			   chk + CMIS_DIAG_BLK_ENABLE, 0);
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
			   gen + CMIS_DIAG_BLK_ENABLE, 0);
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL, lb_in, 0);
		prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL, lb_other, 0);
	}
}

/* ---------------------------------------------------------------- counts */

/* Bits at the lane rate over the clock; frozen while disabled. */
static void prbs_counts_test(struct kunit *test)
{
	struct cposim_engine *se = prbs_engine(test, 8);
	struct cposim_engine *slow = prbs_engine_rate(test, 8, 100000);
	u64 errors, bits;

	prbs_start(test, se, 0, PRBS_HOST, BIT(0) | BIT(5));
	prbs_start(test, slow, 0, PRBS_HOST, BIT(0));
	prbs_counts(test, se, 0, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 0);

	prbs_now_ns = PRBS_SEC;
	prbs_counts(test, se, 0, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 200000000000ULL);
	KUNIT_ASSERT_EQ(test, errors, 0);
	prbs_counts(test, se, 5, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 200000000000ULL);
	prbs_counts(test, slow, 0, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 100000000000ULL);

	/* to the nanosecond, whatever the reads in between */
	prbs_now_ns += 1234567;
	prbs_counts(test, se, 0, PRBS_HOST, &errors, &bits);
	prbs_now_ns += 1;
	prbs_counts(test, se, 0, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 200000000000ULL + 1234568 * 200);
	prbs_counts(test, slow, 0, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 100000000000ULL + 1234568 * 100);

	/* disabled: frozen; enabled again: from zero */
	prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
		   CMIS_DIAG_HOST_CHK + CMIS_DIAG_BLK_ENABLE, BIT(5));
	prbs_now_ns += PRBS_SEC;
	prbs_counts(test, se, 0, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 200000000000ULL + 1234568 * 200);
	prbs_counts(test, se, 5, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 400000000000ULL + 1234568 * 200);
	prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
		   CMIS_DIAG_HOST_CHK + CMIS_DIAG_BLK_ENABLE, BIT(0) | BIT(5));
	prbs_counts(test, se, 0, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 0);
	prbs_now_ns += PRBS_SEC / 2;
	prbs_counts(test, se, 0, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 100000000000ULL);
}

/* Errors at the injected ratio, exactly, in stretches of one ratio. */
static void prbs_injected_ber_test(struct kunit *test)
{
	const u64 ber = 1234567890123ULL;	/* 1.234567890123e-6 */
	struct cposim_engine *se = prbs_engine(test, 8);
	u64 errors, bits;

	prbs_set_ber(test, se, 2, ber);
	prbs_start(test, se, 0, PRBS_HOST, BIT(2));
	KUNIT_ASSERT_TRUE(test, prbs_locked(se, 2, PRBS_HOST));
	prbs_now_ns = PRBS_SEC;
	prbs_counts(test, se, 2, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 200000000000ULL);
	/* 2e11 * 1.234567890123e-6 = 246913.578... */
	KUNIT_ASSERT_EQ(test, errors, 246913ULL);
	KUNIT_ASSERT_EQ(test, errors,
			mul_u64_u64_div_u64(bits, ber, CPOSIM_BER_ONE));
	/* errors / bits: 1.234565e-6 */
	KUNIT_ASSERT_EQ(test, prbs_ber_f16(test, se, 2, PRBS_HOST),
			cmis_e18_to_f16(1234565000000ULL));

	/* 1e-3 from now: 1.4e11 bits more, 1.4e8 errors more */
	prbs_set_ber(test, se, 2, CPOSIM_BER_ONE / 1000);
	prbs_now_ns += 7 * PRBS_SEC / 10;
	prbs_counts(test, se, 2, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 340000000000ULL);
	KUNIT_ASSERT_EQ(test, errors, 140000000ULL + 246913);

	/* 1e-2: no lock, half the bits are errors, BER 0.5 */
	prbs_set_ber(test, se, 2, CPOSIM_BER_ONE / 100);
	prbs_now_ns += PRBS_SEC;
	prbs_counts(test, se, 2, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 540000000000ULL);
	KUNIT_ASSERT_EQ(test, errors, 100000000000ULL + 140000000 + 246913);
	KUNIT_ASSERT_EQ(test, prbs_ber_f16(test, se, 2, PRBS_HOST),
			cmis_e18_to_f16(CPOSIM_BER_ONE / 2));
	/* the media side of the lane sees the ratio too */
	KUNIT_ASSERT_GE(test, prbs_path_ber(se, 2, PRBS_MEDIA),
			CPOSIM_BER_ONE / 100);
}

/* Byte 177 bit 5 zeroes the bank's checkers and reads back 0. */
static void prbs_reset_test(struct kunit *test)
{
	struct cposim_engine *se = prbs_engine(test, 16);
	u64 errors, bits;

	prbs_set_ber(test, se, 1, CPOSIM_BER_ONE / 1000);
	prbs_start(test, se, 0, PRBS_HOST, BIT(1));
	prbs_start(test, se, 0, PRBS_MEDIA, BIT(1));
	prbs_start(test, se, 1, PRBS_HOST, BIT(1));
	prbs_now_ns = PRBS_SEC;
	prbs_counts(test, se, 1, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, errors, 200000000ULL);

	prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL, CMIS_DIAG_CONTROL,
		   CMIS_DIAG_RESET_ERRORS | 0x4);
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_CTRL,
					CMIS_DIAG_CONTROL), 0x4);
	prbs_counts(test, se, 1, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 0);
	KUNIT_ASSERT_EQ(test, errors, 0);
	prbs_counts(test, se, 1, PRBS_MEDIA, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 0);
	/* bank 1 counts on */
	prbs_counts(test, se, 9, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 200000000000ULL);

	/* counting from the reset, ungated whatever the gate time says */
	prbs_now_ns += PRBS_SEC;
	prbs_counts(test, se, 1, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 200000000000ULL);
	KUNIT_ASSERT_EQ(test, errors, 200000000ULL);
	prbs_now_ns += PRBS_SEC;
	prbs_counts(test, se, 1, PRBS_HOST, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 400000000000ULL);
}

/* ---------------------------------------------------------------- results */

/* Latched, clear on read, set again at once while there is no lock. */
static void prbs_lol_test(struct kunit *test)
{
	struct cposim_engine *se = prbs_engine(test, 8);
	int i;

	prbs_start(test, se, 0, PRBS_HOST, BIT(4));
	for (i = 0; i < 2; i++)
		KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0,
						CMIS_PAGE_DIAG_RESULTS,
						CMIS_DIAG_HOST_CHK_LOL), 0);

	/* lost: set, and again on each read while it lasts */
	prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
		   CMIS_DIAG_LB_HOST_INPUT_EN, 0);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0,
						CMIS_PAGE_DIAG_RESULTS,
						CMIS_DIAG_HOST_CHK_LOL),
				BIT(4));
	prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
		   CMIS_DIAG_LB_HOST_INPUT_EN, BIT(4));
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_HOST_CHK_LOL), 0);

	/* lost and found again between two reads: latched, read once */
	prbs_set_ber(test, se, 4, CPOSIM_BER_ONE / 10);
	prbs_set_ber(test, se, 4, 0);
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_HOST_CHK_LOL), BIT(4));
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_HOST_CHK_LOL), 0);

	/* a checker switched off did not lose its lock */
	prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
		   CMIS_DIAG_HOST_CHK + CMIS_DIAG_BLK_ENABLE, 0);
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_HOST_CHK_LOL), 0);

	/*
	 * A media checker without its generator: its own byte. Generators
	 * never lose lock.
	 */
	prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL,
		   CMIS_DIAG_MEDIA_CHK + CMIS_DIAG_BLK_ENABLE, BIT(6));
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_MEDIA_CHK_LOL), BIT(6));
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_HOST_CHK_LOL), 0);
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_HOST_GEN_LOL), 0);
	KUNIT_ASSERT_EQ(test, prbs_read(test, se, 0, CMIS_PAGE_DIAG_RESULTS,
					CMIS_DIAG_MEDIA_GEN_LOL), 0);
}

/* Selectors 01h..05h of bank 1 of a 16-lane engine, and another. */
static void prbs_selector_test(struct kunit *test)
{
	const u64 ber = 5000000000000ULL;	/* 5e-6 */
	struct cposim_engine *se = prbs_engine(test, 16);
	u8 buf[64];
	u32 n;

	prbs_set_ber(test, se, 13, ber);
	prbs_start(test, se, 1, PRBS_HOST, BIT(5));	/* lane 13 */
	prbs_start(test, se, 1, PRBS_MEDIA, BIT(1) | BIT(2));
	prbs_set_ber(test, se, 10, CPOSIM_BER_ONE);	/* no lock */
	prbs_now_ns = 2 * PRBS_SEC;

	/* 01h: host 192..207, media 208..223, lane 0 first */
	prbs_write(test, se, 1, CMIS_PAGE_DIAG_RESULTS, CMIS_DIAG_SELECTOR,
		   CMIS_DIAG_SEL_BER);
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, 1,
							CMIS_PAGE_DIAG_RESULTS,
							CMIS_DIAG_DATA, buf,
							sizeof(buf)), 0);
	for (n = 0; n < 8; n++) {
		/* a zero BER is 0.0 in the F16 the encoder picks */
		u16 host = cmis_e18_to_f16(n == 5 ? ber : 0);
		u16 media = cmis_e18_to_f16(n == 2 ? CPOSIM_BER_ONE / 2 : 0);
		u16 got = cmis_get_be16(&buf[16 + 2 * n]);

		KUNIT_ASSERT_EQ_MSG(test, cmis_get_be16(&buf[2 * n]), host,
				    "host lane %u", n);
		if (n == 1)	/* the media path's own, tiny BER */
			KUNIT_ASSERT_LT(test, cmis_f16_to_e18(got),
					1000000000ULL);
		else
			KUNIT_ASSERT_EQ_MSG(test, got, media, "media lane %u",
					    n);
	}
	KUNIT_ASSERT_TRUE(test, !memchr_inv(&buf[32], 0, 32));

	/* 03h: host lanes 4..7, lane 13 second: 4e11 bits, 2e6 errors */
	prbs_write(test, se, 1, CMIS_PAGE_DIAG_RESULTS, CMIS_DIAG_SELECTOR,
		   CMIS_DIAG_SEL_HOST_COUNTS_4);
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, 1,
							CMIS_PAGE_DIAG_RESULTS,
							CMIS_DIAG_DATA, buf,
							sizeof(buf)), 0);
	KUNIT_ASSERT_TRUE(test, !memchr_inv(buf, 0, 16));
	KUNIT_ASSERT_EQ(test, prbs_be64(&buf[16]), 2000000ULL);
	KUNIT_ASSERT_EQ(test, prbs_be64(&buf[24]), 400000000000ULL);
	KUNIT_ASSERT_TRUE(test, !memchr_inv(&buf[32], 0, 32));

	/* 04h: media lanes 0..3: lanes 9 and 10 counted, 10 garbage */
	prbs_write(test, se, 1, CMIS_PAGE_DIAG_RESULTS, CMIS_DIAG_SELECTOR,
		   CMIS_DIAG_SEL_MEDIA_COUNTS_0);
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, 1,
							CMIS_PAGE_DIAG_RESULTS,
							CMIS_DIAG_DATA, buf,
							sizeof(buf)), 0);
	KUNIT_ASSERT_TRUE(test, !memchr_inv(buf, 0, 16));
	KUNIT_ASSERT_EQ(test, prbs_be64(&buf[24]), 400000000000ULL);
	KUNIT_ASSERT_LT(test, prbs_be64(&buf[16]), 1000ULL);
	KUNIT_ASSERT_EQ(test, prbs_be64(&buf[32]), 200000000000ULL);
	KUNIT_ASSERT_EQ(test, prbs_be64(&buf[40]), 400000000000ULL);
	KUNIT_ASSERT_TRUE(test, !memchr_inv(&buf[48], 0, 16));

	/* 02h and 05h: nothing enabled there; 06h: nothing at all */
	prbs_write(test, se, 1, CMIS_PAGE_DIAG_RESULTS, CMIS_DIAG_SELECTOR,
		   CMIS_DIAG_SEL_HOST_COUNTS_0);
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, 1,
							CMIS_PAGE_DIAG_RESULTS,
							CMIS_DIAG_DATA, buf,
							sizeof(buf)), 0);
	KUNIT_ASSERT_TRUE(test, !memchr_inv(buf, 0, sizeof(buf)));
	prbs_write(test, se, 1, CMIS_PAGE_DIAG_RESULTS, CMIS_DIAG_SELECTOR,
		   CMIS_DIAG_SEL_MEDIA_COUNTS_4 + 1);
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, 1,
							CMIS_PAGE_DIAG_RESULTS,
							CMIS_DIAG_DATA, buf,
							sizeof(buf)), 0);
	KUNIT_ASSERT_TRUE(test, !memchr_inv(buf, 0, sizeof(buf)));
	/* bank 0 has its own selector and nothing counted */
	prbs_write(test, se, 0, CMIS_PAGE_DIAG_RESULTS, CMIS_DIAG_SELECTOR,
		   CMIS_DIAG_SEL_HOST_COUNTS_4);
	KUNIT_ASSERT_EQ(test, cposim_transport_ops.read(se, 0,
							CMIS_PAGE_DIAG_RESULTS,
							CMIS_DIAG_DATA, buf,
							sizeof(buf)), 0);
	KUNIT_ASSERT_TRUE(test, !memchr_inv(buf, 0, sizeof(buf)));
}

/* ---------------------------------------------------------------- media */

/* The media side carries the lane's own light: no light, no lock. */
static void prbs_media_tx_test(struct kunit *test)
{
	struct cposim_engine *se = prbs_engine(test, 8);
	struct cposim_lane *sl = &se->lanes[1];
	struct cposim_laser *laser;
	u64 errors, bits, ber;
	u32 snr;

	laser = kunit_kzalloc(test, sizeof(*laser), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, laser);
	prbs_start(test, se, 0, PRBS_MEDIA, BIT(1));
	prbs_start(test, se, 0, PRBS_HOST, BIT(1));
	KUNIT_ASSERT_TRUE(test, prbs_locked(se, 1, PRBS_MEDIA));

	/* about 1 mW less 3 dB: 7 dB of margin, 2.4e-4 / 10^7 */
	mutex_lock(&se->lock);
	cposim_ber_snr(cposim_attenuate(cposim_lane_tx_power(sl), 300), &ber,
		       &snr);
	mutex_unlock(&se->lock);
	KUNIT_ASSERT_EQ(test, prbs_path_ber(se, 1, PRBS_MEDIA), ber);
	KUNIT_ASSERT_GT(test, ber, 1000000ULL);
	KUNIT_ASSERT_LT(test, ber, 1000000000ULL);
	prbs_now_ns = PRBS_SEC;
	prbs_counts(test, se, 1, PRBS_MEDIA, &errors, &bits);
	KUNIT_ASSERT_EQ(test, errors,
			mul_u64_u64_div_u64(bits, ber, CPOSIM_BER_ONE));

	/* transmitter failed: no lock; the host side does not care */
	mutex_lock(&se->lock);
	cposim_lane_set_tx_fault(sl, true);
	mutex_unlock(&se->lock);
	KUNIT_ASSERT_FALSE(test, prbs_locked(se, 1, PRBS_MEDIA));
	KUNIT_ASSERT_TRUE(test, prbs_locked(se, 1, PRBS_HOST));
	mutex_lock(&se->lock);
	cposim_lane_set_tx_fault(sl, false);
	mutex_unlock(&se->lock);
	KUNIT_ASSERT_TRUE(test, prbs_locked(se, 1, PRBS_MEDIA));

	/* transmitter disabled: it turns off on the next step */
	prbs_write(test, se, 0, CMIS_PAGE_LANE_CTRL, CMIS_OUTPUT_DISABLE_TX,
		   BIT(1));
	mutex_lock(&se->lock);
	cposim_step(se);
	cposim_render(se);
	mutex_unlock(&se->lock);
	KUNIT_ASSERT_EQ(test, sl->dp_state, CMIS_DP_TX_TURN_OFF);
	KUNIT_ASSERT_FALSE(test, prbs_locked(se, 1, PRBS_MEDIA));
	KUNIT_ASSERT_TRUE(test, prbs_locked(se, 1, PRBS_HOST));
	prbs_write(test, se, 0, CMIS_PAGE_LANE_CTRL, CMIS_OUTPUT_DISABLE_TX, 0);
	mutex_lock(&se->lock);
	cposim_step(se);	/* Initialized, TxTurnOn, Activated */
	cposim_step(se);
	cposim_step(se);
	cposim_render(se);
	mutex_unlock(&se->lock);
	KUNIT_ASSERT_EQ(test, sl->dp_state, CMIS_DP_ACTIVATED);
	KUNIT_ASSERT_TRUE(test, prbs_locked(se, 1, PRBS_MEDIA));

	/* a laser feeding 300 uW: locked, with errors */
	mutex_lock(&se->lock);
	laser->feed = 3000;
	sl->laser = laser;
	cposim_render(se);
	mutex_unlock(&se->lock);
	KUNIT_ASSERT_TRUE(test, prbs_locked(se, 1, PRBS_MEDIA));
	ber = prbs_path_ber(se, 1, PRBS_MEDIA);
	KUNIT_ASSERT_GT(test, ber, 1000000000000ULL);	/* 1e-6 */
	prbs_write(test, se, 0, CMIS_PAGE_DIAG_CTRL, CMIS_DIAG_CONTROL,
		   CMIS_DIAG_RESET_ERRORS);
	prbs_now_ns += PRBS_SEC;
	prbs_counts(test, se, 1, PRBS_MEDIA, &errors, &bits);
	KUNIT_ASSERT_EQ(test, bits, 200000000000ULL);
	KUNIT_ASSERT_EQ(test, errors,
			mul_u64_u64_div_u64(bits, ber, CPOSIM_BER_ONE));

	/*
	 * 10 uW (the lane's spread adds some): past the limit, no lock;
	 * then none at all
	 */
	mutex_lock(&se->lock);
	laser->feed = 100;
	cposim_render(se);
	mutex_unlock(&se->lock);
	KUNIT_ASSERT_FALSE(test, prbs_locked(se, 1, PRBS_MEDIA));
	mutex_lock(&se->lock);
	laser->feed = 0;
	cposim_render(se);
	mutex_unlock(&se->lock);
	KUNIT_ASSERT_FALSE(test, prbs_locked(se, 1, PRBS_MEDIA));
	KUNIT_ASSERT_EQ(test, prbs_path_ber(se, 1, PRBS_MEDIA),
			CPOSIM_BER_ONE / 2);
	KUNIT_ASSERT_TRUE(test, prbs_locked(se, 1, PRBS_HOST));
}

/* prbs_ber takes 0..10^18, and refuses more without a change. */
static void prbs_knob_test(struct kunit *test)
{
	struct cposim_engine *se = prbs_engine(test, 8);
	struct cposim_lane *sl = &se->lanes[7];

	mutex_lock(&se->lock);
	KUNIT_ASSERT_EQ(test, sl->prbs_ber, 0);
	KUNIT_ASSERT_EQ(test, cposim_prbs_set_ber(sl, CPOSIM_BER_ONE), 0);
	KUNIT_ASSERT_EQ(test, sl->prbs_ber, CPOSIM_BER_ONE);
	KUNIT_ASSERT_EQ(test, cposim_prbs_set_ber(sl, CPOSIM_BER_ONE + 1),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, cposim_prbs_set_ber(sl, U64_MAX), -EINVAL);
	KUNIT_ASSERT_EQ(test, sl->prbs_ber, CPOSIM_BER_ONE);
	KUNIT_ASSERT_EQ(test, cposim_prbs_path_ber(sl, PRBS_HOST),
			CPOSIM_BER_ONE);
	KUNIT_ASSERT_EQ(test, cposim_prbs_path_ber(sl, PRBS_MEDIA),
			CPOSIM_BER_ONE);
	KUNIT_ASSERT_EQ(test, cposim_prbs_set_ber(sl, 0), 0);
	KUNIT_ASSERT_EQ(test, cposim_prbs_path_ber(sl, PRBS_HOST), 0);
	mutex_unlock(&se->lock);
}

static struct kunit_case prbs_test_cases[] = {
	KUNIT_CASE(prbs_advertising_test),
	KUNIT_CASE(prbs_read_only_test),
	KUNIT_CASE(prbs_pattern_test),
	KUNIT_CASE(prbs_lock_conditions_test),
	KUNIT_CASE(prbs_counts_test),
	KUNIT_CASE(prbs_injected_ber_test),
	KUNIT_CASE(prbs_reset_test),
	KUNIT_CASE(prbs_lol_test),
	KUNIT_CASE(prbs_selector_test),
	KUNIT_CASE(prbs_media_tx_test),
	KUNIT_CASE(prbs_knob_test),
	{}
};

static struct kunit_suite prbs_test_suite = {
	.name = "cpo_sim_prbs",
	.test_cases = prbs_test_cases,
};

kunit_test_suites(&prbs_test_suite);
