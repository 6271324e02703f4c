// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: the CMIS memory map of a simulated engine and the transport the
 * CMIS layer reads and writes it through, as a board driver's I2C or
 * mailbox transport would reach a real module. Reads of the latched flags
 * clear them, writes to the controls start the state machines, read-only
 * bytes ignore writes, and the debugfs errno knobs make accesses fail, as
 * does a module that restarts (fwupdate.c): it does not answer, -ENXIO.
 * Pages 13h and 14h, the diagnostics, live in prbs.c: a read of page 14h
 * computes its results first, a write to page 13h acts at once.
 * Each access first goes over the engine's modelled bus (busmodel.c),
 * which takes its time and may fail it; the map is touched only after.
 */
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include "cposim.h"

/*
 * SFF-8024 has no identifier for a co-packaged engine: QSFP-DD's, the
 * first CMIS one, so that CMIS tools (ethtool -m on a port) decode it.
 */
#define CPOSIM_IDENTIFIER	0x18
#define CPOSIM_CMIS_REVISION	0x52	/* 5.2 */
#define CPOSIM_HW_MAJOR		1
#define CPOSIM_HW_MINOR		0
#define CPOSIM_FW_MAJOR		2	/* active 2.1, inactive 2.0 */
#define CPOSIM_FW_MINOR		1
#define CPOSIM_ELS_FW_MAJOR	1	/* laser modules: active 1.4, inactive 1.3 */
#define CPOSIM_ELS_FW_MINOR	4

static void cposim_put_string(u8 *field, size_t len, const char *s)
{
	memset(field, ' ', len);
	memcpy(field, s, min(strlen(s), len));
}

#define CPOSIM_UPPER(page, off)	(&(page)[(off) - CMIS_UPPER_OFFSET])

/* Page 02h: high alarm, low alarm, high warning, low warning. */
static void cposim_put_thresholds(u8 *page02, u8 off, u16 ha, u16 la, u16 hw,
				  u16 lw)
{
	cmis_put_be16(CPOSIM_UPPER(page02, off), ha);
	cmis_put_be16(CPOSIM_UPPER(page02, off + 2), la);
	cmis_put_be16(CPOSIM_UPPER(page02, off + 4), hw);
	cmis_put_be16(CPOSIM_UPPER(page02, off + 6), lw);
}

#define CPOSIM_DEGC(c)		((u16)((c) * 256))	/* s16 1/256 degC */

static void cposim_map_init_thresholds(u8 *page02)
{
	cposim_put_thresholds(page02, CMIS_TEMP_THRESHOLDS, CPOSIM_DEGC(80),
			      CPOSIM_DEGC(-5), CPOSIM_DEGC(75), CPOSIM_DEGC(0));
	/* 3.63, 2.97, 3.465, 3.135 V in 100 uV */
	cposim_put_thresholds(page02, CMIS_VCC_THRESHOLDS, 36300, 29700, 34650,
			      31350);
	/* 2.0, 0.4, 1.6, 0.5 mW in 0.1 uW */
	cposim_put_thresholds(page02, CMIS_TX_POWER_THRESHOLDS, 20000, 4000,
			      16000, 5000);
	/* 80, 10, 70, 15 mA in 2 uA */
	cposim_put_thresholds(page02, CMIS_TX_BIAS_THRESHOLDS, 40000, 5000,
			      35000, 7500);
	/* 2.0, 0.04, 1.6, 0.05 mW in 0.1 uW */
	cposim_put_thresholds(page02, CMIS_RX_POWER_THRESHOLDS, 20000, 400,
			      16000, 500);
}

static const char *cposim_type_tag(enum cpo_engine_type type)
{
	switch (type) {
	case CPO_ENGINE_TYPE_NPO:
		return "NPO";
	case CPO_ENGINE_TYPE_LPO:
		return "LPO";
	default:
		return "OE";
	}
}

/* Two VDM descriptors per lane: media eSNR, then current media BER. */
static void cposim_map_init_vdm(struct cposim_engine *se)
{
	u32 i, n, slot;
	u8 *page20;

	for (i = 0; i < se->lane_count; i++) {
		page20 = se->banks[i / CMIS_LANES_PER_BANK].page20;
		n = i % CMIS_LANES_PER_BANK;
		slot = 2 * n;
		page20[2 * slot] = n;
		page20[2 * slot + 1] = CMIS_VDM_ESNR_MEDIA_IN;
		page20[2 * (slot + 1)] = n;
		page20[2 * (slot + 1) + 1] = CMIS_VDM_BER_CUR_MEDIA_IN;
	}
}

/* Page 00h identity and page 01h hardware revision, of any module. */
static void cposim_put_identity(u8 *page00, u8 *page01, const char *part,
				const char *serial)
{
	*CPOSIM_UPPER(page00, CMIS_SFF8024_IDENTIFIER_COPY) = CPOSIM_IDENTIFIER;
	cposim_put_string(CPOSIM_UPPER(page00, CMIS_VENDOR_NAME),
			  CMIS_VENDOR_NAME_LEN, "CPOSIM");
	cposim_put_string(CPOSIM_UPPER(page00, CMIS_VENDOR_PN),
			  CMIS_VENDOR_PN_LEN, part);
	cposim_put_string(CPOSIM_UPPER(page00, CMIS_VENDOR_REV), 2, "10");
	cposim_put_string(CPOSIM_UPPER(page00, CMIS_VENDOR_SN),
			  CMIS_VENDOR_SN_LEN, serial);
	cposim_put_string(CPOSIM_UPPER(page00, CMIS_DATE_CODE), 8, "250101");
	*CPOSIM_UPPER(page01, CMIS_HW_MAJOR_REV) = CPOSIM_HW_MAJOR;
	*CPOSIM_UPPER(page01, CMIS_HW_MINOR_REV) = CPOSIM_HW_MINOR;
}

/* An engine that restarts: in PwrUp, every data path down. */
static void cposim_engine_go_dark(struct cposim_cdb *cdb)
{
	struct cposim_engine *se = container_of(cdb, struct cposim_engine, cdb);
	u32 i;

	se->module_state = CMIS_MODULE_PWR_UP;
	for (i = 0; i < se->lane_count; i++)
		se->lanes[i].dp_state = CMIS_DP_DEACTIVATED;
	cposim_render(se);
}

/* It booted: its state machine goes on from PwrUp. */
static void cposim_engine_booted(struct cposim_cdb *cdb)
{
	struct cposim_engine *se = container_of(cdb, struct cposim_engine, cdb);

	cposim_render(se);
	cposim_kick(se);
}

static void cposim_engine_announce(struct cposim_cdb *cdb)
{
	struct cposim_engine *se = container_of(cdb, struct cposim_engine, cdb);
	bool dying;

	mutex_lock(&se->lock);
	dying = se->dying;
	mutex_unlock(&se->lock);
	if (!dying)
		cposim_notify(se);
}

static const struct cposim_cdb_ops cposim_engine_cdb_ops = {
	.go_dark = cposim_engine_go_dark,
	.booted = cposim_engine_booted,
	.announce = cposim_engine_announce,
};

/**
 * cposim_map_init - fill the memory map of a new engine
 * @se: the engine, not yet visible
 *
 * Identity, revisions and thresholds, and the controls of the initial
 * state: high power, every lane's data path initialised, transmitters
 * enabled. The status bytes are rendered from the model by cposim_render().
 */
void cposim_map_init(struct cposim_engine *se)
{
	char s[32], serial[32];	/* cut to the field by cposim_put_string() */
	u32 banks;

	se->lower[CMIS_SFF8024_IDENTIFIER] = CPOSIM_IDENTIFIER;
	se->lower[CMIS_REVISION] = CPOSIM_CMIS_REVISION;
	se->lower[CMIS_MEMORY_MODEL] = 0;	/* paged */
	se->lower[CMIS_MODULE_GLOBAL_CTRL] = 0;	/* LowPwrRequestSW clear */
	se->lower[CMIS_ACTIVE_FW_MAJOR] = CPOSIM_FW_MAJOR;
	se->lower[CMIS_ACTIVE_FW_MINOR] = CPOSIM_FW_MINOR;
	se->lower[CMIS_MEDIA_TYPE] = CMIS_MEDIA_TYPE_SMF;

	snprintf(s, sizeof(s), "SIM-%s-%ux%uG",
		 cposim_type_tag(se->sdev->cfg.type), se->lane_count,
		 se->sdev->cfg.rate / 1000);
	snprintf(serial, sizeof(serial), "S%uE%u", se->sdev->id, se->index);
	cposim_put_identity(se->page00, se->page01, s, serial);
	*CPOSIM_UPPER(se->page01, CMIS_INACTIVE_FW_MAJOR) = CPOSIM_FW_MAJOR;
	*CPOSIM_UPPER(se->page01, CMIS_INACTIVE_FW_MINOR) = CPOSIM_FW_MINOR - 1;

	/* Up to banks 0-3 can be advertised; more are there all the same. */
	banks = roundup_pow_of_two(cposim_bank_count(se->lane_count));
	*CPOSIM_UPPER(se->page01, CMIS_PAGES_ADVERTISED) =
		FIELD_PREP(CMIS_BANKS_ADVERTISED, min(ilog2(banks), 2));
	*CPOSIM_UPPER(se->page01, CMIS_MODULE_CHAR_ADVERTISED) =
		CMIS_RX_POWER_AVERAGE;
	*CPOSIM_UPPER(se->page01, CMIS_MONITORS_ADVERTISED) =
		CMIS_TX_BIAS_MON | CMIS_TX_POWER_MON | CMIS_RX_POWER_MON;

	if (se->sdev->cfg.vdm) {
		*CPOSIM_UPPER(se->page01, CMIS_PAGES_ADVERTISED) |=
			CMIS_VDM_SUPPORTED;
		cposim_map_init_vdm(se);
	}

	cposim_map_init_thresholds(se->page02);
	cposim_prbs_init(se);
	/* Pages 10h: DPDeinit and OutputDisableTx all clear (kzalloc). */
	cposim_cdb_init(&se->cdb, &cposim_engine_cdb_ops, &se->lock, se->lower,
			se->page00, se->page01, CPOSIM_FW_MAJOR,
			CPOSIM_FW_MINOR);
}

/**
 * cposim_els_map_init - the module memory of a laser module
 * @els: the module, not yet visible, or pulled and being inserted
 * @ops: what its CDB does in a restart
 *
 * Lower memory, identity (page 00h), page 01h and a CDB with firmware
 * banks like an engine's, but versions and a part number of its own, so
 * that an engine's image is refused by it and the other way round.
 */
void cposim_els_map_init(struct cposim_els *els,
			 const struct cposim_cdb_ops *ops)
{
	char s[32], serial[32];	/* cut to the field by cposim_put_string() */

	memset(els->lower, 0, sizeof(els->lower));
	memset(els->page00, 0, sizeof(els->page00));
	memset(els->page01, 0, sizeof(els->page01));
	els->lower[CMIS_SFF8024_IDENTIFIER] = CPOSIM_IDENTIFIER;
	els->lower[CMIS_REVISION] = CPOSIM_CMIS_REVISION;
	/* Ready whenever it answers: it has no data paths of its own. */
	els->lower[CMIS_MODULE_STATE] = FIELD_PREP(CMIS_MODULE_STATE_MASK,
						   CMIS_MODULE_READY);
	snprintf(s, sizeof(s), "SIM-ELS-%uL", els->count);
	snprintf(serial, sizeof(serial), "S%uL%u", els->sdev->id, els->index);
	cposim_put_identity(els->page00, els->page01, s, serial);
	cposim_cdb_init(&els->cdb, ops, &els->lock, els->lower, els->page00,
			els->page01, CPOSIM_ELS_FW_MAJOR, CPOSIM_ELS_FW_MINOR);
}

/**
 * cposim_page00_set_part - write another serial or part number
 * @page00: page 00h of an engine or a laser module, its lock held
 * @serial: the serial number, or NULL to keep it
 * @part: the part number, or NULL to keep it
 */
void cposim_page00_set_part(u8 *page00, const char *serial, const char *part)
{
	if (serial)
		cposim_put_string(CPOSIM_UPPER(page00, CMIS_VENDOR_SN),
				  CMIS_VENDOR_SN_LEN, serial);
	if (part)
		cposim_put_string(CPOSIM_UPPER(page00, CMIS_VENDOR_PN),
				  CMIS_VENDOR_PN_LEN, part);
}

/**
 * cposim_map_set_part - give the module another serial or part number
 * @se: the engine, its lock held
 * @serial: the serial number, or NULL to keep it
 * @part: the part number, or NULL to keep it
 */
void cposim_map_set_part(struct cposim_engine *se, const char *serial,
			 const char *part)
{
	lockdep_assert_held(&se->lock);
	cposim_page00_set_part(se->page00, serial, part);
}

static u8 *cposim_map_byte(struct cposim_engine *se, u8 bank, u8 page,
			   unsigned int offset)
{
	unsigned int off = offset - CMIS_UPPER_OFFSET;

	if (offset < CMIS_UPPER_OFFSET)
		return &se->lower[offset];
	switch (page) {
	case CMIS_PAGE_ADVERTISING:
		return &se->page00[off];
	case CMIS_PAGE_ADVERTISING_EXT:
		return &se->page01[off];
	case CMIS_PAGE_THRESHOLDS:
		return &se->page02[off];
	case CMIS_PAGE_LANE_CTRL:
		if (bank >= cposim_bank_count(se->lane_count))
			return NULL;
		return &se->banks[bank].page10[off];
	case CMIS_PAGE_LANE_STATUS:
		if (bank >= cposim_bank_count(se->lane_count))
			return NULL;
		return &se->banks[bank].page11[off];
	case CMIS_PAGE_DIAG_CTRL:
		if (bank >= cposim_bank_count(se->lane_count))
			return NULL;
		return &se->banks[bank].page13[off];
	case CMIS_PAGE_DIAG_RESULTS:
		if (bank >= cposim_bank_count(se->lane_count))
			return NULL;
		return &se->banks[bank].page14[off];
	case CMIS_PAGE_VDM_DESC:
		if (!se->sdev->cfg.vdm ||
		    bank >= cposim_bank_count(se->lane_count))
			return NULL;
		return &se->banks[bank].page20[off];
	case CMIS_PAGE_VDM_SAMPLES:
		if (!se->sdev->cfg.vdm ||
		    bank >= cposim_bank_count(se->lane_count))
			return NULL;
		return &se->banks[bank].page24[off];
	default:
		return cposim_cdb_byte(&se->cdb, page, offset);
	}
}

/* The live part of a latched flag byte: set while its condition lasts. */
static u8 cposim_live_flags(struct cposim_engine *se, u8 bank, u8 page,
			    unsigned int offset)
{
	u32 first = bank * CMIS_LANES_PER_BANK;
	u32 i, end = min(first + CMIS_LANES_PER_BANK, se->lane_count);
	u8 val = 0;

	if (page == CMIS_PAGE_DIAG_RESULTS)
		return cposim_prbs_live_lol(se, bank, offset);

	for (i = first; i < end; i++) {
		const struct cposim_lane *sl = &se->lanes[i];
		bool on;

		switch (offset) {
		case CMIS_TX_FAULT_FLAG:
			on = sl->tx_fault;
			break;
		case CMIS_RX_LOS_FLAG:
		case CMIS_RX_CDR_LOL_FLAG:
			on = sl->los;
			break;
		default:
			on = false;
			break;
		}
		if (on)
			val |= BIT(i - first);
	}
	return val;
}

static bool cposim_is_latched_flag(u8 page, unsigned int offset)
{
	return (page == CMIS_PAGE_LANE_STATUS &&
		offset >= CMIS_LATCHED_FLAGS_FIRST &&
		offset <= CMIS_LATCHED_FLAGS_LAST) ||
	       cposim_prbs_is_latched(page, offset);
}

static int cposim_check_access(u8 offset, size_t len)
{
	if (!len || offset + len > CMIS_UPPER_OFFSET + CMIS_PAGE_SIZE)
		return -EINVAL;
	return 0;
}

/* The errno knobs hold a positive errno; anything else counts as EIO. */
static int cposim_knob_err(u32 knob)
{
	return knob > MAX_ERRNO ? -EIO : -(int)knob;
}

static int cposim_transport_read(void *ctx, u8 bank, u8 page, u8 offset,
				 u8 *buf, size_t len)
{
	struct cposim_engine *se = ctx;
	unsigned int off;
	u32 knob;
	int err;
	u8 *p;

	err = cposim_check_access(offset, len);
	if (err)
		return err;
	/* Nothing answers at the address of a pulled module. */
	if (READ_ONCE(se->pulled))
		return -ENXIO;
	knob = READ_ONCE(se->read_err);
	if (knob && atomic_dec_if_positive(&se->read_err_after) < 0)
		return cposim_knob_err(knob);
	err = cposim_bus_xfer(&se->bus, bank, page, offset, len, false);
	if (err)
		return err;

	mutex_lock(&se->lock);
	if (cposim_cdb_offline(&se->cdb))
		err = -ENXIO;
	else
		cposim_prbs_read(se, bank, page, offset, len);
	for (off = offset; !err && off < offset + len; off++) {
		p = cposim_map_byte(se, bank, page, off);
		if (!p) {
			err = -EINVAL;
			break;
		}
		buf[off - offset] = *p;
		if (cposim_is_latched_flag(page, off)) {
			buf[off - offset] |= cposim_live_flags(se, bank, page,
							       off);
			*p = 0;	/* clear on read */
		}
	}
	if (!err)
		cposim_fw_read(&se->cdb, offset, len);
	mutex_unlock(&se->lock);
	return err;
}

static bool cposim_is_writable(u8 page, unsigned int offset)
{
	if (offset < CMIS_UPPER_OFFSET)
		return offset == CMIS_MODULE_GLOBAL_CTRL;
	return page == CMIS_PAGE_LANE_CTRL || page == CMIS_PAGE_CDB ||
	       (page >= CMIS_PAGE_EPL &&
		page < CMIS_PAGE_EPL + CMIS_CDB_EPL_MAX / CMIS_PAGE_SIZE) ||
	       cposim_prbs_writable(page, offset);
}

static int cposim_transport_write(void *ctx, u8 bank, u8 page, u8 offset,
				  const u8 *buf, size_t len)
{
	struct cposim_engine *se = ctx;
	bool control = false;
	unsigned int off;
	u32 knob;
	int err;
	u8 *p;

	err = cposim_check_access(offset, len);
	if (err)
		return err;
	if (READ_ONCE(se->pulled))
		return -ENXIO;
	knob = READ_ONCE(se->write_err);
	if (knob)
		return cposim_knob_err(knob);
	/* Its own countdown: the writes that undo it must go through. */
	if (page == CMIS_PAGE_LANE_CTRL &&
	    !atomic_dec_if_positive(&se->lane_ctrl_fail_nth))
		return -EIO;
	err = cposim_bus_xfer(&se->bus, bank, page, offset, len, true);
	if (err)
		return err;

	mutex_lock(&se->lock);
	if (cposim_cdb_offline(&se->cdb))
		err = -ENXIO;
	for (off = offset; !err && off < offset + len; off++) {
		p = cposim_map_byte(se, bank, page, off);
		if (!p) {
			err = -EINVAL;
			break;
		}
		/* As in a module, writes to read-only bytes are ignored. */
		if (!cposim_is_writable(page, off))
			continue;
		*p = buf[off - offset];
		control = true;
	}
	if (!err && page == CMIS_PAGE_CDB)
		cposim_cdb_written(&se->cdb, page, offset, len);
	else if (control)
		cposim_kick(se);
	if (!err && page == CMIS_PAGE_DIAG_CTRL)
		cposim_prbs_written(se, bank, offset, len);
	mutex_unlock(&se->lock);
	return err;
}

const struct cmis_transport_ops cposim_transport_ops = {
	.read = cposim_transport_read,
	.write = cposim_transport_write,
};
