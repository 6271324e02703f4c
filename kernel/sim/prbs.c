// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: loopbacks and PRBS generators and checkers, pages 13h and 14h
 * of each bank (CMIS 5.2, 8.14), as a module with them behaves.
 *
 * Page 13h advertises every loopback, per lane on both sides, pattern IDs
 * 0..12 for every generator and checker, before the FEC, and counts and
 * BER as results. Its controls (the four 8-byte blocks of the generators
 * and checkers, byte 177 and the loopback masks 180..183) are read/write;
 * the rest is read-only. Byte 177 bit 5 resets the bank's checkers and
 * reads back 0; a gating time (bits 3..1) is kept but not applied: the
 * counters always run from the last reset. On page 14h the selector (128)
 * is read/write, the loss-of-lock masks (136..139) are latched and clear
 * on read, and 192..255 are computed when the page is read.
 *
 * A checker lane is locked while it is enabled, the generator of the same
 * side and lane sends the same pattern, a loopback of that side (input or
 * output) closes the lane's path, the module is Ready and answering, and
 * the path's BER is below 1e-2. On the host side that BER is what the
 * lane's prbs_ber knob injects: an electrical loopback is clean. On the
 * media side it is the BER of the lane's own transmitted light, less the
 * loopback's loss, at the receiver (cposim_ber_snr()), plus the knob: a
 * lane whose transmitter is off, failed or without light has no lock.
 *
 * An enabled checker counts the lane rate's bits over time. Locked, its
 * errors grow at the path's BER; without lock it counts garbage: half the
 * bits are errors, its BER reads 0.5 and its loss-of-lock bit is set
 * again as soon as it is read. Enabling a lane, or the reset of byte 177,
 * zeroes its counters; disabling it stops them where they are. All of it
 * is integer arithmetic over a clock: whenever what the lock depends on
 * may change (a read of page 14h, a write of page 13h, a render of the
 * engine's lanes, the knob), the counters are first brought up to now
 * with the condition that held since the last time, then the condition is
 * evaluated afresh. A lock lost while the lane stays enabled latches its
 * loss-of-lock bit. Generators never lose lock.
 */
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include "cposim.h"

/*
 * Not in cmis_regs.h: page 13h byte 129 bits 7..6 (gating capability,
 * advertised as 3) and byte 131, where generators and checkers sit:
 * 0xaa, before the FEC on the host and the media side.
 */
#define CPOSIM_DIAG_GATING_CAPS		GENMASK(7, 6)
#define CPOSIM_DIAG_LOCATION_CAPS	131
#define   CPOSIM_DIAG_PRE_FEC_BOTH	0xaa

/* An internal media loopback loses some light on its way back. */
#define CPOSIM_LOOPBACK_LOSS_CDB	300	/* 3 dB */
#define CPOSIM_PRBS_LOCK_BER		(CPOSIM_BER_ONE / 100)	/* 1e-2 */
#define CPOSIM_PRBS_NO_LOCK_BER		(CPOSIM_BER_ONE / 2)	/* garbage */

#define CPOSIM_P(page, off)	((page)[(off) - CMIS_UPPER_OFFSET])

static unsigned int cposim_prbs_gen_block(enum cposim_prbs_side side)
{
	return side == CPOSIM_PRBS_HOST ? CMIS_DIAG_HOST_GEN :
					  CMIS_DIAG_MEDIA_GEN;
}

static unsigned int cposim_prbs_chk_block(enum cposim_prbs_side side)
{
	return side == CPOSIM_PRBS_HOST ? CMIS_DIAG_HOST_CHK :
					  CMIS_DIAG_MEDIA_CHK;
}

static unsigned int cposim_prbs_chk_lol(enum cposim_prbs_side side)
{
	return side == CPOSIM_PRBS_HOST ? CMIS_DIAG_HOST_CHK_LOL :
					  CMIS_DIAG_MEDIA_CHK_LOL;
}

/* The loopbacks of @side closed for the bank's lanes: input or output. */
static u8 cposim_prbs_loopbacks(const u8 *page13, enum cposim_prbs_side side)
{
	if (side == CPOSIM_PRBS_HOST)
		return CPOSIM_P(page13, CMIS_DIAG_LB_HOST_OUTPUT_EN) |
		       CPOSIM_P(page13, CMIS_DIAG_LB_HOST_INPUT_EN);
	return CPOSIM_P(page13, CMIS_DIAG_LB_MEDIA_OUTPUT_EN) |
	       CPOSIM_P(page13, CMIS_DIAG_LB_MEDIA_INPUT_EN);
}

/**
 * cposim_prbs_init - the diagnostics capabilities of a new engine
 * @se: the engine, not yet visible, its map otherwise initialised
 *
 * Advertises pages 13h and 14h in page 01h and fills the capability bytes
 * of every bank's page 13h; the controls stay 0: nothing enabled.
 */
void cposim_prbs_init(struct cposim_engine *se)
{
	u16 patterns = GENMASK(CMIS_PRBS_PATTERNS - 1, 0);
	u32 b, i;

	CPOSIM_P(se->page01, CMIS_PAGES_ADVERTISED) |= CMIS_DIAG_SUPPORTED;
	for (b = 0; b < cposim_bank_count(se->lane_count); b++) {
		u8 *page13 = se->banks[b].page13;

		CPOSIM_P(page13, CMIS_DIAG_LOOPBACK_CAPS) =
			CMIS_DIAG_LB_MEDIA_OUTPUT | CMIS_DIAG_LB_MEDIA_INPUT |
			CMIS_DIAG_LB_HOST_OUTPUT | CMIS_DIAG_LB_HOST_INPUT |
			CMIS_DIAG_LB_HOST_PER_LANE |
			CMIS_DIAG_LB_MEDIA_PER_LANE;
		CPOSIM_P(page13, CMIS_DIAG_MEASURE_CAPS) =
			CPOSIM_DIAG_GATING_CAPS | CMIS_DIAG_GATED_RESULTS;
		CPOSIM_P(page13, CMIS_DIAG_REPORT_CAPS) =
			CMIS_DIAG_REPORT_COUNTS | CMIS_DIAG_REPORT_BER;
		CPOSIM_P(page13, CPOSIM_DIAG_LOCATION_CAPS) =
			CPOSIM_DIAG_PRE_FEC_BOTH;
		/* host gen, media gen, host chk, media chk: IDs 7..0, 15..8 */
		for (i = 0; i < 4; i++) {
			u8 *p = &CPOSIM_P(page13, CMIS_DIAG_HOST_GEN_PATTERNS +
					  2 * i);

			p[0] = patterns & 0xff;
			p[1] = patterns >> 8;
		}
	}
}

/**
 * cposim_prbs_pattern - the pattern ID of a lane in a generator or checker
 * @page13: the bank's page 13h
 * @block: the first byte of the generator's or checker's control block,
 *	CMIS_DIAG_HOST_GEN etc.
 * @n: the lane within the bank, 0..7
 *
 * Return: the nibble of lane @n: lane 2k in the low nibble of the block's
 * pattern byte k, lane 2k + 1 in the high one.
 */
u8 cposim_prbs_pattern(const u8 *page13, unsigned int block, u32 n)
{
	u8 b = CPOSIM_P(page13, block + CMIS_DIAG_BLK_PATTERN + n / 2);

	return n % 2 ? b >> 4 : b & 0xf;
}

/*
 * What a checker lane needs besides its own enable bit: the generator of
 * its side and lane sending the same, supported pattern, a loopback of
 * that side, and a module that is Ready and answers.
 */
static bool cposim_prbs_path_closed(const struct cposim_engine *se,
				    const u8 *page13,
				    enum cposim_prbs_side side, u32 n)
{
	unsigned int gen = cposim_prbs_gen_block(side);
	u8 pattern = cposim_prbs_pattern(page13, cposim_prbs_chk_block(side),
					 n);

	return CPOSIM_P(page13, gen + CMIS_DIAG_BLK_ENABLE) & BIT(n) &&
	       cposim_prbs_loopbacks(page13, side) & BIT(n) &&
	       pattern < CMIS_PRBS_PATTERNS &&
	       cposim_prbs_pattern(page13, gen, n) == pattern &&
	       se->module_state == CMIS_MODULE_READY &&
	       !cposim_cdb_offline(&se->cdb);
}

/**
 * cposim_prbs_path_ber - the BER of a lane's loopback path
 * @sl: the lane, its engine's lock held
 * @side: the side of the loopback
 *
 * Return: the BER times 10^18: the injected prbs_ber on the host side;
 * on the media side the BER of the lane's transmitted light less
 * CPOSIM_LOOPBACK_LOSS_CDB, plus prbs_ber, at most 1.
 */
u64 cposim_prbs_path_ber(const struct cposim_lane *sl,
			 enum cposim_prbs_side side)
{
	u64 ber;
	u32 snr;

	if (side == CPOSIM_PRBS_HOST)
		return sl->prbs_ber;
	cposim_ber_snr(cposim_attenuate(cposim_lane_tx_power(sl),
					CPOSIM_LOOPBACK_LOSS_CDB),
		       &ber, &snr);
	return min(ber + sl->prbs_ber, CPOSIM_BER_ONE);
}

/* The lane rate (Mb/s) over @ns: @ns * @rate / 1000, saturated. */
static u64 cposim_prbs_bits(u64 ns, u32 rate)
{
	u32 rem;
	u64 us = div_u64_rem(ns, NSEC_PER_USEC, &rem);
	u64 bits;

	if (check_mul_overflow(us, (u64)rate, &bits) ||
	    check_add_overflow(bits, div_u64((u64)rem * rate, NSEC_PER_USEC),
			       &bits))
		return U64_MAX;
	return bits;
}

/*
 * Count @dt more ns with the condition of the last update. Within a
 * stretch of one error ratio the errors are exact: those at its start,
 * plus its bits times the ratio; never more than the bits.
 */
static void cposim_prbs_count(struct cposim_prbs_chk *chk, u32 rate, u64 dt)
{
	if (!chk->enabled || !dt)
		return;
	chk->ns += dt;
	chk->bits = cposim_prbs_bits(chk->ns, rate);
	chk->errors = chk->seg_errors +
		      mul_u64_u64_div_u64(chk->bits - chk->seg_bits,
					  chk->seg_ber, CPOSIM_BER_ONE);
}

/* Counters to zero: a checker that starts counting now. */
static void cposim_prbs_zero(struct cposim_prbs_chk *chk)
{
	chk->ns = 0;
	chk->bits = 0;
	chk->errors = 0;
	chk->seg_bits = 0;
	chk->seg_errors = 0;
}

/* The condition of a checker lane from now on; latches a lock lost. */
static void cposim_prbs_eval(struct cposim_engine *se, struct cposim_lane *sl,
			     enum cposim_prbs_side side)
{
	struct cposim_bank *bank = &se->banks[sl->index / CMIS_LANES_PER_BANK];
	struct cposim_prbs_chk *chk = &sl->chk[side];
	u32 n = sl->index % CMIS_LANES_PER_BANK;
	u64 ber = CPOSIM_PRBS_NO_LOCK_BER;
	bool enabled, locked = false;

	enabled = CPOSIM_P(bank->page13, cposim_prbs_chk_block(side) +
			   CMIS_DIAG_BLK_ENABLE) & BIT(n);
	if (enabled && !chk->enabled)
		cposim_prbs_zero(chk);
	chk->enabled = enabled;
	if (enabled && cposim_prbs_path_closed(se, bank->page13, side, n)) {
		u64 path = cposim_prbs_path_ber(sl, side);

		if (path < CPOSIM_PRBS_LOCK_BER) {
			locked = true;
			ber = path;
		}
	}
	/* A checker switched off stopped; it did not lose its lock. */
	if (chk->locked && !locked && enabled)
		CPOSIM_P(bank->page14, cposim_prbs_chk_lol(side)) |= BIT(n);
	chk->locked = locked;
	if (ber != chk->seg_ber) {
		chk->seg_bits = chk->bits;
		chk->seg_errors = chk->errors;
		chk->seg_ber = ber;
	}
}

static u64 cposim_prbs_now(const struct cposim_engine *se)
{
	return se->prbs_clock ? se->prbs_clock() : ktime_get_ns();
}

/**
 * cposim_prbs_update - bring the checkers up to now
 * @se: the engine, its lock held or not yet visible
 *
 * Counts the time since the last update with the condition that held
 * meanwhile, then evaluates every checker lane's condition afresh, from
 * the controls and the model as they are now. Called wherever that may
 * have changed, after the change.
 */
void cposim_prbs_update(struct cposim_engine *se)
{
	u64 now = cposim_prbs_now(se);
	u64 dt = now > se->prbs_ns ? now - se->prbs_ns : 0;
	u32 rate = se->sdev->cfg.rate;
	int side;
	u32 i;

	se->prbs_ns = now;
	for (i = 0; i < se->lane_count; i++) {
		struct cposim_lane *sl = &se->lanes[i];

		for (side = 0; side < CPOSIM_PRBS_SIDES; side++) {
			cposim_prbs_count(&sl->chk[side], rate, dt);
			cposim_prbs_eval(se, sl, side);
		}
	}
}

/**
 * cposim_prbs_writable - a byte of pages 13h and 14h the host may write
 * @page: the page
 * @offset: 128..255
 *
 * Return: true for the control blocks, byte 177 and the loopback masks of
 * page 13h, and the selector of page 14h.
 */
bool cposim_prbs_writable(u8 page, unsigned int offset)
{
	if (page == CMIS_PAGE_DIAG_RESULTS)
		return offset == CMIS_DIAG_SELECTOR;
	if (page != CMIS_PAGE_DIAG_CTRL)
		return false;
	return (offset >= CMIS_DIAG_HOST_GEN &&
		offset < CMIS_DIAG_MEDIA_CHK + CMIS_DIAG_BLK_LEN) ||
	       offset == CMIS_DIAG_CONTROL ||
	       (offset >= CMIS_DIAG_LB_MEDIA_OUTPUT_EN &&
		offset <= CMIS_DIAG_LB_HOST_INPUT_EN);
}

/**
 * cposim_prbs_written - the host wrote to page 13h
 * @se: the engine, its lock held
 * @bank: the bank written
 * @offset: the first byte written
 * @len: bytes written
 *
 * The checkers go on with the new controls; byte 177 bit 5 zeroes the
 * bank's checkers and clears itself.
 */
void cposim_prbs_written(struct cposim_engine *se, u8 bank,
			 unsigned int offset, size_t len)
{
	u32 first = bank * CMIS_LANES_PER_BANK, i;
	u8 *ctrl;
	int side;

	lockdep_assert_held(&se->lock);
	if (offset + len <= CMIS_UPPER_OFFSET ||
	    bank >= cposim_bank_count(se->lane_count))
		return;
	cposim_prbs_update(se);
	ctrl = &CPOSIM_P(se->banks[bank].page13, CMIS_DIAG_CONTROL);
	if (!(*ctrl & CMIS_DIAG_RESET_ERRORS))
		return;
	*ctrl &= ~CMIS_DIAG_RESET_ERRORS;
	for (i = first; i < min(first + CMIS_LANES_PER_BANK, se->lane_count);
	     i++)
		for (side = 0; side < CPOSIM_PRBS_SIDES; side++)
			cposim_prbs_zero(&se->lanes[i].chk[side]);
}

/**
 * cposim_prbs_is_latched - a latched loss-of-lock byte of page 14h
 * @page: the page
 * @offset: 0..255
 *
 * Return: true for bytes 136..139 of page 14h, which clear on read.
 */
bool cposim_prbs_is_latched(u8 page, unsigned int offset)
{
	return page == CMIS_PAGE_DIAG_RESULTS &&
	       offset >= CMIS_DIAG_HOST_GEN_LOL &&
	       offset <= CMIS_DIAG_MEDIA_CHK_LOL;
}

/**
 * cposim_prbs_live_lol - the live part of a loss-of-lock byte
 * @se: the engine, its lock held, its checkers up to date
 * @bank: the bank
 * @offset: CMIS_DIAG_HOST_GEN_LOL .. CMIS_DIAG_MEDIA_CHK_LOL
 *
 * Return: the lanes of a checker byte that are enabled without lock (a
 * read that clears them finds them set again); 0 for a generator byte.
 */
u8 cposim_prbs_live_lol(const struct cposim_engine *se, u8 bank,
			unsigned int offset)
{
	u32 first = bank * CMIS_LANES_PER_BANK, i;
	enum cposim_prbs_side side;
	u8 val = 0;

	if (offset == CMIS_DIAG_HOST_CHK_LOL)
		side = CPOSIM_PRBS_HOST;
	else if (offset == CMIS_DIAG_MEDIA_CHK_LOL)
		side = CPOSIM_PRBS_MEDIA;
	else
		return 0;
	for (i = first; i < min(first + CMIS_LANES_PER_BANK, se->lane_count);
	     i++) {
		const struct cposim_prbs_chk *chk = &se->lanes[i].chk[side];

		if (chk->enabled && !chk->locked)
			val |= BIT(i - first);
	}
	return val;
}

/*
 * The BER a checker lane reports: 0.5 enabled without lock, else that of
 * its counters (a stopped checker keeps its result), 0 before any bit.
 */
static u64 cposim_prbs_ber(const struct cposim_prbs_chk *chk)
{
	if (chk->enabled && !chk->locked)
		return CPOSIM_PRBS_NO_LOCK_BER;
	if (!chk->bits)
		return 0;
	return mul_u64_u64_div_u64(chk->errors, CPOSIM_BER_ONE, chk->bits);
}

static void cposim_prbs_put_be64(u8 *p, u64 v)
{
	cmis_put_be32(p, upper_32_bits(v));
	cmis_put_be32(p + 4, lower_32_bits(v));
}

/* The BER of each of the bank's lanes, host then media, F16. */
static void cposim_prbs_put_ber(const struct cposim_engine *se, u8 *data,
				u8 bank)
{
	u32 first = bank * CMIS_LANES_PER_BANK;
	u32 n, end = min(first + CMIS_LANES_PER_BANK, se->lane_count);
	const struct cposim_prbs_chk *chk;
	int side;
	u8 *p;

	for (side = 0; side < CPOSIM_PRBS_SIDES; side++) {
		for (n = first; n < end; n++) {
			chk = &se->lanes[n].chk[side];
			p = &data[2 * (side * CMIS_LANES_PER_BANK + n - first)];
			cmis_put_be16(p, cmis_e18_to_f16(cposim_prbs_ber(chk)));
		}
	}
}

/* Errors and bits of lanes @half * 4 .. + 3 of the bank, 16 bytes each. */
static void cposim_prbs_put_counts(const struct cposim_engine *se, u8 *data,
				   u8 bank, enum cposim_prbs_side side,
				   u32 half)
{
	u32 first = bank * CMIS_LANES_PER_BANK + half * 4, n;
	const struct cposim_prbs_chk *chk;
	u8 *p;

	for (n = 0; n < 4 && first + n < se->lane_count; n++) {
		chk = &se->lanes[first + n].chk[side];
		p = &data[n * CMIS_DIAG_COUNTS_LEN];
		cposim_prbs_put_be64(p, chk->errors);
		cposim_prbs_put_be64(p + 8, chk->bits);
	}
}

/* Bytes 192..255 of the bank's page 14h, as its selector asks. */
static void cposim_prbs_render(struct cposim_engine *se, u8 bank)
{
	u8 *page14 = se->banks[bank].page14;
	u8 *data = &CPOSIM_P(page14, CMIS_DIAG_DATA);

	memset(data, 0, CMIS_UPPER_OFFSET + CMIS_PAGE_SIZE - CMIS_DIAG_DATA);
	switch (CPOSIM_P(page14, CMIS_DIAG_SELECTOR)) {
	case CMIS_DIAG_SEL_BER:
		cposim_prbs_put_ber(se, data, bank);
		break;
	case CMIS_DIAG_SEL_HOST_COUNTS_0:
		cposim_prbs_put_counts(se, data, bank, CPOSIM_PRBS_HOST, 0);
		break;
	case CMIS_DIAG_SEL_HOST_COUNTS_4:
		cposim_prbs_put_counts(se, data, bank, CPOSIM_PRBS_HOST, 1);
		break;
	case CMIS_DIAG_SEL_MEDIA_COUNTS_0:
		cposim_prbs_put_counts(se, data, bank, CPOSIM_PRBS_MEDIA, 0);
		break;
	case CMIS_DIAG_SEL_MEDIA_COUNTS_4:
		cposim_prbs_put_counts(se, data, bank, CPOSIM_PRBS_MEDIA, 1);
		break;
	default:
		break;
	}
}

/**
 * cposim_prbs_read - the host is about to read
 * @se: the engine, its lock held
 * @bank: the bank read
 * @page: the page read
 * @offset: the first byte read
 * @len: bytes to read
 *
 * A read of page 14h brings the checkers up to now and computes the
 * results its selector asks for; any other read changes nothing.
 */
void cposim_prbs_read(struct cposim_engine *se, u8 bank, u8 page,
		      unsigned int offset, size_t len)
{
	lockdep_assert_held(&se->lock);
	if (page != CMIS_PAGE_DIAG_RESULTS ||
	    offset + len <= CMIS_UPPER_OFFSET ||
	    bank >= cposim_bank_count(se->lane_count))
		return;
	cposim_prbs_update(se);
	cposim_prbs_render(se, bank);
}

/**
 * cposim_prbs_set_ber - the prbs_ber knob of a lane
 * @sl: the lane, its engine's lock held
 * @ber: the error ratio injected into its loopback paths, times 10^18
 *
 * Return: 0, or -EINVAL for a ratio above 1, which changes nothing.
 */
int cposim_prbs_set_ber(struct cposim_lane *sl, u64 ber)
{
	lockdep_assert_held(&sl->se->lock);
	if (ber > CPOSIM_BER_ONE)
		return -EINVAL;
	sl->prbs_ber = ber;
	cposim_prbs_update(sl->se);
	return 0;
}
