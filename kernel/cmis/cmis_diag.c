// SPDX-License-Identifier: GPL-2.0
/*
 * CMIS layer: lane tests over the diagnostics pages 13h and 14h (see
 * cmis_regs.h). A test is a loopback, a PRBS generator and a checker on
 * one side of the lane, each switched on by the lane's bit in the bank's
 * masks; the checker counts from zero when its bit goes from 0 to 1. The
 * results are the error and bit counts of page 14h and the latched
 * loss-of-lock masks, which clear on read for the whole bank: what a read
 * finds is kept per lane, so that reading one lane's loses no other's.
 */
#include "cmis_priv.h"

static u64 cmis_get_be64(const u8 *p)
{
	u64 v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* Page 13h bytes 144..183, the controls: the blocks, 177, the loopbacks. */
#define CMIS_DIAG_CTRL_START	CMIS_DIAG_HOST_GEN
#define CMIS_DIAG_CTRL_LEN	(CMIS_DIAG_LB_HOST_INPUT_EN - CMIS_DIAG_CTRL_START + 1)
#define CMIS_DIAG_CTRL(c, off)	(&(c)[(off) - CMIS_DIAG_CTRL_START])

static u8 cmis_diag_gen(u32 side)
{
	return side == CPO_TEST_SIDE_HOST ? CMIS_DIAG_HOST_GEN :
					    CMIS_DIAG_MEDIA_GEN;
}

static u8 cmis_diag_chk(u32 side)
{
	return side == CPO_TEST_SIDE_HOST ? CMIS_DIAG_HOST_CHK :
					    CMIS_DIAG_MEDIA_CHK;
}

static u8 cmis_diag_lol(u32 side)
{
	return side == CPO_TEST_SIDE_HOST ? CMIS_DIAG_HOST_CHK_LOL :
					    CMIS_DIAG_MEDIA_CHK_LOL;
}

/* The loopback's lane mask byte and its capability bit. */
static void cmis_diag_loopback(u32 loopback, u8 *mask, u8 *cap)
{
	switch (loopback) {
	case CPO_LOOPBACK_HOST_INPUT:
		*mask = CMIS_DIAG_LB_HOST_INPUT_EN;
		*cap = CMIS_DIAG_LB_HOST_INPUT;
		break;
	case CPO_LOOPBACK_HOST_OUTPUT:
		*mask = CMIS_DIAG_LB_HOST_OUTPUT_EN;
		*cap = CMIS_DIAG_LB_HOST_OUTPUT;
		break;
	case CPO_LOOPBACK_MEDIA_OUTPUT:
		*mask = CMIS_DIAG_LB_MEDIA_OUTPUT_EN;
		*cap = CMIS_DIAG_LB_MEDIA_OUTPUT;
		break;
	default:
		*mask = CMIS_DIAG_LB_MEDIA_INPUT_EN;
		*cap = CMIS_DIAG_LB_MEDIA_INPUT;
		break;
	}
}

/* Pattern IDs a generator or checker supports: a 16-bit mask. */
static bool cmis_diag_has_pattern(const u8 *caps, u8 off, u8 id)
{
	const u8 *m = &caps[off - CMIS_DIAG_LOOPBACK_CAPS];

	return (m[0] | m[1] << 8) & BIT(id);
}

/* Whether the module can run @cfg on bank @bank; ce->lock held. */
static int cmis_diag_check(struct cmis_engine *ce, u8 bank,
			   const struct cpo_lane_test_cfg *cfg,
			   struct netlink_ext_ack *extack)
{
	u8 caps[CMIS_DIAG_MEDIA_CHK_PATTERNS + 2 - CMIS_DIAG_LOOPBACK_CAPS];
	u8 pages, mask, cap, id = cfg->pattern - 1;
	bool host = cfg->side == CPO_TEST_SIDE_HOST;
	int err;

	err = cmis_read(ce, 0, CMIS_PAGE_ADVERTISING_EXT, CMIS_PAGES_ADVERTISED,
			&pages, 1, extack);
	if (err)
		return err;
	if (!(pages & CMIS_DIAG_SUPPORTED)) {
		NL_SET_ERR_MSG(extack,
			       "the module has no diagnostics pages (13h, 14h): it cannot run lane tests");
		return -EOPNOTSUPP;
	}
	err = cmis_read(ce, bank, CMIS_PAGE_DIAG_CTRL, CMIS_DIAG_LOOPBACK_CAPS,
			caps, sizeof(caps), extack);
	if (err)
		return err;
	cmis_diag_loopback(cfg->loopback, &mask, &cap);
	if (!(caps[0] & cap)) {
		NL_SET_ERR_MSG(extack,
			       "test.loopback: the module cannot loop back there");
		return -EOPNOTSUPP;
	}
	if (!(caps[CMIS_DIAG_REPORT_CAPS - CMIS_DIAG_LOOPBACK_CAPS] &
	      CMIS_DIAG_REPORT_COUNTS)) {
		NL_SET_ERR_MSG(extack,
			       "the module's checkers do not count bits and errors");
		return -EOPNOTSUPP;
	}
	if (!cmis_diag_has_pattern(caps, host ? CMIS_DIAG_HOST_GEN_PATTERNS :
						CMIS_DIAG_MEDIA_GEN_PATTERNS,
				   id) ||
	    !cmis_diag_has_pattern(caps, host ? CMIS_DIAG_HOST_CHK_PATTERNS :
						CMIS_DIAG_MEDIA_CHK_PATTERNS,
				   id)) {
		NL_SET_ERR_MSG(extack,
			       "test.pattern: the module's generator or checker on that side does not support it");
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * Read a latched loss-of-lock mask of @bank and keep what it says for
 * each of the bank's lanes; ce->lock held. Returns the mask read.
 */
static int cmis_diag_read_lol(struct cmis_engine *ce, u8 bank, u8 off,
			      u8 *mask, struct netlink_ext_ack *extack)
{
	u32 i, first = bank * CMIS_LANES_PER_BANK;
	int err;

	err = cmis_read(ce, bank, CMIS_PAGE_DIAG_RESULTS, off, mask, 1, extack);
	if (err)
		return err;
	for (i = 0; i < CMIS_LANES_PER_BANK && first + i < ce->lane_count; i++)
		if (*mask & BIT(i))
			ce->lanes[first + i].diag_lost = true;
	return 0;
}

static void cmis_diag_set_pattern(u8 *blk, u32 lane, u8 id)
{
	u8 *b = &blk[CMIS_DIAG_BLK_PATTERN + lane % CMIS_LANES_PER_BANK / 2];

	if (lane % 2)
		*b = (*b & 0x0f) | id << 4;
	else
		*b = (*b & 0xf0) | id;
}

int cmis_lane_test_start(struct cpo_lane *lane, void *priv,
			 const struct cpo_lane_test_cfg *cfg,
			 struct netlink_ext_ack *extack)
{
	struct cmis_lane *cl = priv;
	struct cmis_engine *ce = cl->ce;
	u8 bank = cmis_bank(cl->index), bit = cmis_lane_bit(cl->index);
	u8 c[CMIS_DIAG_CTRL_LEN], *gen, *chk, lb, cap, lol;
	int err;

	mutex_lock(&ce->lock);
	err = cmis_diag_check(ce, bank, cfg, extack);
	if (!err)
		err = cmis_read(ce, bank, CMIS_PAGE_DIAG_CTRL,
				CMIS_DIAG_CTRL_START, c, sizeof(c), extack);
	if (err)
		goto unlock;
	gen = CMIS_DIAG_CTRL(c, cmis_diag_gen(cfg->side));
	chk = CMIS_DIAG_CTRL(c, cmis_diag_chk(cfg->side));
	cmis_diag_loopback(cfg->loopback, &lb, &cap);

	/* Generator and loopback first; the checker last, from zero. */
	chk[CMIS_DIAG_BLK_ENABLE] &= ~bit;
	gen[CMIS_DIAG_BLK_ENABLE] |= bit;
	cmis_diag_set_pattern(gen, cl->index, cfg->pattern - 1);
	cmis_diag_set_pattern(chk, cl->index, cfg->pattern - 1);
	*CMIS_DIAG_CTRL(c, lb) |= bit;
	err = cmis_write(ce, bank, CMIS_PAGE_DIAG_CTRL, CMIS_DIAG_CTRL_START,
			 c, CMIS_DIAG_CONTROL - CMIS_DIAG_CTRL_START, extack);
	if (!err)
		err = cmis_write(ce, bank, CMIS_PAGE_DIAG_CTRL,
				 CMIS_DIAG_LB_MEDIA_OUTPUT_EN,
				 CMIS_DIAG_CTRL(c, CMIS_DIAG_LB_MEDIA_OUTPUT_EN),
				 CMIS_DIAG_LB_HOST_INPUT_EN -
				 CMIS_DIAG_LB_MEDIA_OUTPUT_EN + 1, extack);
	/* What latched before this test is not this test's. */
	if (!err)
		err = cmis_diag_read_lol(ce, bank, cmis_diag_lol(cfg->side),
					 &lol, extack);
	if (err)
		goto unlock;
	cl->diag_lost = false;
	cl->diag_side = cfg->side;
	chk[CMIS_DIAG_BLK_ENABLE] |= bit;
	err = cmis_write(ce, bank, CMIS_PAGE_DIAG_CTRL,
			 cmis_diag_chk(cfg->side) + CMIS_DIAG_BLK_ENABLE,
			 &chk[CMIS_DIAG_BLK_ENABLE], 1, extack);
unlock:
	mutex_unlock(&ce->lock);
	return err;
}

int cmis_lane_test_read(struct cpo_lane *lane, void *priv,
			struct cpo_lane_test_result *res,
			struct netlink_ext_ack *extack)
{
	struct cmis_lane *cl = priv;
	struct cmis_engine *ce = cl->ce;
	u8 bank = cmis_bank(cl->index), bit = cmis_lane_bit(cl->index);
	u32 n = cl->index % CMIS_LANES_PER_BANK;
	bool host = cl->diag_side == CPO_TEST_SIDE_HOST;
	u8 sel, counts[CMIS_DIAG_COUNTS_LEN], lol;
	int err;

	if (host)
		sel = n < 4 ? CMIS_DIAG_SEL_HOST_COUNTS_0 :
			      CMIS_DIAG_SEL_HOST_COUNTS_4;
	else
		sel = n < 4 ? CMIS_DIAG_SEL_MEDIA_COUNTS_0 :
			      CMIS_DIAG_SEL_MEDIA_COUNTS_4;
	mutex_lock(&ce->lock);
	err = cmis_write(ce, bank, CMIS_PAGE_DIAG_RESULTS, CMIS_DIAG_SELECTOR,
			 &sel, 1, extack);
	if (!err)
		err = cmis_read(ce, bank, CMIS_PAGE_DIAG_RESULTS,
				CMIS_DIAG_DATA + (n % 4) * CMIS_DIAG_COUNTS_LEN,
				counts, sizeof(counts), extack);
	/*
	 * Twice: the first read gives what latched during the test, the
	 * second whether the checker has no lock now (it latches again at
	 * once while it has none).
	 */
	if (!err)
		err = cmis_diag_read_lol(ce, bank, cmis_diag_lol(cl->diag_side),
					 &lol, extack);
	if (!err)
		err = cmis_diag_read_lol(ce, bank, cmis_diag_lol(cl->diag_side),
					 &lol, extack);
	if (!err) {
		res->errors = cmis_get_be64(&counts[0]);
		res->bits = cmis_get_be64(&counts[8]);
		res->locked = !(lol & bit);
		res->lost_lock = cl->diag_lost;
	}
	mutex_unlock(&ce->lock);
	return err;
}

/* Every loopback, generator and checker of the lane off, both sides. */
int cmis_lane_test_stop(struct cpo_lane *lane, void *priv,
			struct netlink_ext_ack *extack)
{
	static const u8 blocks[] = {
		CMIS_DIAG_HOST_GEN, CMIS_DIAG_MEDIA_GEN,
		CMIS_DIAG_HOST_CHK, CMIS_DIAG_MEDIA_CHK,
	};
	struct cmis_lane *cl = priv;
	struct cmis_engine *ce = cl->ce;
	u8 bank = cmis_bank(cl->index), bit = cmis_lane_bit(cl->index);
	u8 c[CMIS_DIAG_CTRL_LEN], off;
	unsigned int i;
	int err;

	mutex_lock(&ce->lock);
	err = cmis_read(ce, bank, CMIS_PAGE_DIAG_CTRL, CMIS_DIAG_CTRL_START, c,
			sizeof(c), extack);
	if (err)
		goto unlock;
	for (i = 0; i < ARRAY_SIZE(blocks); i++)
		CMIS_DIAG_CTRL(c, blocks[i])[CMIS_DIAG_BLK_ENABLE] &= ~bit;
	for (off = CMIS_DIAG_LB_MEDIA_OUTPUT_EN;
	     off <= CMIS_DIAG_LB_HOST_INPUT_EN; off++)
		*CMIS_DIAG_CTRL(c, off) &= ~bit;
	/* Checkers first, then generators: no checker sees a dead input. */
	err = cmis_write(ce, bank, CMIS_PAGE_DIAG_CTRL, CMIS_DIAG_HOST_CHK,
			 CMIS_DIAG_CTRL(c, CMIS_DIAG_HOST_CHK),
			 2 * CMIS_DIAG_BLK_LEN, extack);
	if (!err)
		err = cmis_write(ce, bank, CMIS_PAGE_DIAG_CTRL,
				 CMIS_DIAG_HOST_GEN,
				 CMIS_DIAG_CTRL(c, CMIS_DIAG_HOST_GEN),
				 2 * CMIS_DIAG_BLK_LEN, extack);
	if (!err)
		err = cmis_write(ce, bank, CMIS_PAGE_DIAG_CTRL,
				 CMIS_DIAG_LB_MEDIA_OUTPUT_EN,
				 CMIS_DIAG_CTRL(c, CMIS_DIAG_LB_MEDIA_OUTPUT_EN),
				 CMIS_DIAG_LB_HOST_INPUT_EN -
				 CMIS_DIAG_LB_MEDIA_OUTPUT_EN + 1, extack);
unlock:
	mutex_unlock(&ce->lock);
	return err;
}
