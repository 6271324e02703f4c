// SPDX-License-Identifier: GPL-2.0
/*
 * CMIS layer: the module's memory map as ethtool reads it, the engine's
 * module_eeprom_read op, which cpo_port_module_eeprom() calls for a port's
 * get_module_eeprom_by_page.
 *
 * A clear-on-read flag read here would be gone for the refresh, the only
 * reader of the flags cpo reports (cmis_refresh.c), and the event with it.
 * So this op never reads a clear-on-read byte:
 *  - page 11h bytes 134..152, the lane flags, are served from what the
 *    last refresh found present: TX fault, RX LOS and RX CDR LOL of each
 *    lane of the bank (cpo's copy, the state ethtool means to show); the
 *    other lane flags, which cpo does not read, as 0;
 *  - lower memory bytes 8..13, the module flags, which cpo does not read,
 *    as 0, so that they stay for whoever does.
 * Only the pages ethtool decodes are served (00h, 01h, 02h, 10h, 11h):
 * the others hold test results, latched masks and CDB replies that their
 * own readers in this layer take.
 */
#include <linux/minmax.h>
#include <linux/string.h>
#include "cmis_priv.h"

#define CMIS_MODULE_FLAGS_FIRST		8	/* clear on read, 8..13 */
#define CMIS_MODULE_FLAGS_LAST		13

static bool cmis_eeprom_page_served(u8 page)
{
	switch (page) {
	case CMIS_PAGE_ADVERTISING:
	case CMIS_PAGE_ADVERTISING_EXT:
	case CMIS_PAGE_THRESHOLDS:
	case CMIS_PAGE_LANE_CTRL:
	case CMIS_PAGE_LANE_STATUS:
		return true;
	default:
		return false;
	}
}

/*
 * @len bytes at @offset into @buf, except bytes @first..@last, which are
 * not read and left 0; ce->lock held.
 */
static int cmis_eeprom_read_around(struct cmis_engine *ce, u8 bank, u8 page,
				   u32 offset, u32 len, u8 *buf, u32 first,
				   u32 last, struct netlink_ext_ack *extack)
{
	u32 end = offset + len;
	int err = 0;

	if (end <= first || offset > last)
		return cmis_read(ce, bank, page, offset, buf, len, extack);
	memset(buf, 0, len);
	if (offset < first)
		err = cmis_read(ce, bank, page, offset, buf, first - offset,
				extack);
	if (!err && end > last + 1)
		err = cmis_read(ce, bank, page, last + 1,
				buf + last + 1 - offset, end - last - 1,
				extack);
	return err;
}

static void cmis_eeprom_put(u8 *buf, u32 offset, u32 len, u32 at, u8 val)
{
	if (at >= offset && at < offset + len)
		buf[at - offset] = val;
}

/* The lane flags of @bank as the last refresh found them; ce->lock held. */
static void cmis_eeprom_lane_flags(struct cmis_engine *ce, u8 bank,
				   u32 offset, u32 len, u8 *buf)
{
	u32 i, first = bank * CMIS_LANES_PER_BANK;
	u32 end = min(first + CMIS_LANES_PER_BANK, ce->lane_count);
	u8 fault = 0, los = 0, lol = 0, f;

	lockdep_assert_held(&ce->lock);
	for (i = first; i < end; i++) {
		f = ce->lanes[i].flags;
		if (f & CMIS_LANE_TX_FAULT)
			fault |= cmis_lane_bit(i);
		if (f & CMIS_LANE_RX_LOS)
			los |= cmis_lane_bit(i);
		if (f & CMIS_LANE_RX_LOL)
			lol |= cmis_lane_bit(i);
	}
	cmis_eeprom_put(buf, offset, len, CMIS_TX_FAULT_FLAG, fault);
	cmis_eeprom_put(buf, offset, len, CMIS_RX_LOS_FLAG, los);
	cmis_eeprom_put(buf, offset, len, CMIS_RX_CDR_LOL_FLAG, lol);
}

/* The module_eeprom_read op: see the comment at the top. */
int cmis_engine_module_eeprom_read(struct cpo_engine *engine, void *priv,
				   u8 bank, u8 page, u8 offset, u8 len,
				   u8 *buf, struct netlink_ext_ack *extack)
{
	struct cmis_engine *ce = priv;
	int err;

	if (offset < CMIS_UPPER_OFFSET) {
		bank = 0;
		page = 0;
	} else if (!cmis_eeprom_page_served(page)) {
		NL_SET_ERR_MSG(extack,
			       "the engine serves pages 00h-02h, 10h and 11h only");
		return -EINVAL;
	}
	if (page >= CMIS_PAGE_LANE_CTRL &&
	    bank >= cmis_bank_count(ce->lane_count)) {
		NL_SET_ERR_MSG(extack, "the engine has no such bank");
		return -EINVAL;
	}

	mutex_lock(&ce->lock);
	if (offset < CMIS_UPPER_OFFSET) {
		err = cmis_eeprom_read_around(ce, 0, 0, offset, len, buf,
					      CMIS_MODULE_FLAGS_FIRST,
					      CMIS_MODULE_FLAGS_LAST, extack);
	} else if (page == CMIS_PAGE_LANE_STATUS) {
		err = cmis_eeprom_read_around(ce, bank, page, offset, len, buf,
					      CMIS_LATCHED_FLAGS_FIRST,
					      CMIS_LATCHED_FLAGS_LAST, extack);
		if (!err)
			cmis_eeprom_lane_flags(ce, bank, offset, len, buf);
	} else {
		err = cmis_read(ce, bank, page, offset, buf, len, extack);
	}
	mutex_unlock(&ce->lock);
	return err;
}
