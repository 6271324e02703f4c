/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CMIS 5.x memory map: the byte offsets and bits cpo uses, named as the
 * CMIS specification names them, in one place for the CMIS layer and for
 * anything that emulates a module (the simulator).
 *
 * Offsets 0..127 are lower memory; 128..255 are in the upper page given
 * with the access. Pages 10h and 11h are banked: bank N holds lanes
 * 8N..8N+7, lane 1 of the bank (bit 0) first.
 */
#ifndef __CPO_CMIS_REGS_H
#define __CPO_CMIS_REGS_H

#include <linux/bits.h>
#include <linux/limits.h>
#include <linux/types.h>

#define CMIS_LANES_PER_BANK		8
#define CMIS_UPPER_OFFSET		128	/* first byte of an upper page */
#define CMIS_PAGE_SIZE			128	/* bytes in one upper page */

/* Upper pages */
#define CMIS_PAGE_ADVERTISING		0x00	/* identity */
#define CMIS_PAGE_ADVERTISING_EXT	0x01	/* revisions, capabilities */
#define CMIS_PAGE_THRESHOLDS		0x02
#define CMIS_PAGE_LANE_CTRL		0x10	/* banked */
#define CMIS_PAGE_LANE_STATUS		0x11	/* banked */
#define CMIS_PAGE_VDM_DESC		0x20	/* banked, VDM descriptors */
#define CMIS_PAGE_VDM_SAMPLES		0x24	/* banked, VDM samples */
#define CMIS_PAGE_DIAG_CTRL		0x13	/* banked, loopback and PRBS */
#define CMIS_PAGE_DIAG_RESULTS		0x14	/* banked, PRBS results */
#define CMIS_PAGE_LS_CTRL		0xb0	/* laser source, see below */
#define CMIS_PAGE_LS_MON		0xb1
#define CMIS_PAGE_LS_STATUS		0xb2

/* Lower memory */
#define CMIS_SFF8024_IDENTIFIER		0
#define CMIS_REVISION			1
#define CMIS_MEMORY_MODEL		2
#define   CMIS_FLAT_MEM			BIT(7)
#define CMIS_MODULE_STATE		3
#define   CMIS_MODULE_STATE_MASK	GENMASK(3, 1)
#define   CMIS_INTERRUPT_DEASSERTED	BIT(0)
#define CMIS_TEMP_MONITOR		14	/* s16, 1/256 degC */
#define CMIS_VCC_MONITOR		16	/* u16, 100 uV */
#define CMIS_CUSTOM_MONITOR		24	/* u16, meaning per module */
#define CMIS_MODULE_GLOBAL_CTRL		26
#define   CMIS_LOW_PWR_ALLOW_REQUEST_HW	BIT(6)
#define   CMIS_LOW_PWR_REQUEST_SW	BIT(4)
#define CMIS_ACTIVE_FW_MAJOR		39
#define CMIS_ACTIVE_FW_MINOR		40
#define CMIS_MODULE_FAULT_CAUSE		41	/* while in ModuleFault */
#define   CMIS_FAULT_TEC_RUNAWAY	1
#define   CMIS_FAULT_DATA_MEMORY	2
#define   CMIS_FAULT_PROGRAM_MEMORY	3
#define CMIS_MEDIA_TYPE			85
#define   CMIS_MEDIA_TYPE_MMF		0x01
#define   CMIS_MEDIA_TYPE_SMF		0x02
#define CMIS_BANK_SELECT		126
#define CMIS_PAGE_SELECT		127

/* Page 00h: strings are ASCII, padded with spaces */
#define CMIS_SFF8024_IDENTIFIER_COPY	128
#define CMIS_VENDOR_NAME		129
#define CMIS_VENDOR_NAME_LEN		16
#define CMIS_VENDOR_OUI			145
#define CMIS_VENDOR_PN			148
#define CMIS_VENDOR_PN_LEN		16
#define CMIS_VENDOR_REV			164
#define CMIS_VENDOR_SN			166
#define CMIS_VENDOR_SN_LEN		16
#define CMIS_DATE_CODE			182

/* Page 01h */
#define CMIS_INACTIVE_FW_MAJOR		128
#define CMIS_INACTIVE_FW_MINOR		129
#define CMIS_HW_MAJOR_REV		130
#define CMIS_HW_MINOR_REV		131
#define CMIS_PAGES_ADVERTISED		142
#define   CMIS_BANKS_ADVERTISED		GENMASK(1, 0)	/* 0: 1, 1: 2, 2: 4 banks */
#define CMIS_MODULE_CHAR_ADVERTISED	151
#define   CMIS_RX_POWER_AVERAGE		BIT(4)	/* else OMA */
#define CMIS_MONITORS_ADVERTISED	160
#define   CMIS_TX_BIAS_MON		BIT(0)
#define   CMIS_TX_POWER_MON		BIT(1)
#define   CMIS_RX_POWER_MON		BIT(2)
#define   CMIS_VDM_SUPPORTED		BIT(6)
#define   CMIS_DIAG_SUPPORTED		BIT(5)	/* pages 13h and 14h */

/* Page 02h: high alarm, low alarm, high warning, low warning; 2 bytes each */
#define CMIS_TEMP_THRESHOLDS		128
#define CMIS_VCC_THRESHOLDS		136
#define CMIS_TX_POWER_THRESHOLDS	176
#define CMIS_TX_BIAS_THRESHOLDS		184
#define CMIS_RX_POWER_THRESHOLDS	192

/* Page 10h: one bit per lane of the bank */
#define CMIS_DP_DEINIT_LANE		128	/* 1 = data path deinitialised */
#define CMIS_OUTPUT_DISABLE_TX		130	/* 1 = transmitter disabled */
#define CMIS_OUTPUT_DISABLE_RX		138	/* 1 = receiver output disabled */

/* Page 11h */
#define CMIS_DP_STATE_HOST_LANE		128	/* 4 bytes, a nibble per lane */
#define   CMIS_DP_STATE_MASK		GENMASK(3, 0)
#define CMIS_DP_STATE_CHANGED_FLAG	134
#define CMIS_TX_FAULT_FLAG		135
#define CMIS_TX_LOS_FLAG		136
#define CMIS_TX_CDR_LOL_FLAG		137
#define CMIS_RX_LOS_FLAG		147
#define CMIS_RX_CDR_LOL_FLAG		148
#define CMIS_LATCHED_FLAGS_FIRST	134	/* clear on read, 134..152 */
#define CMIS_LATCHED_FLAGS_LAST		152
#define CMIS_OPTICAL_POWER_TX		154	/* u16 per lane, 0.1 uW */
#define CMIS_LASER_BIAS_TX		170	/* u16 per lane, 2 uA */
#define CMIS_OPTICAL_POWER_RX		186	/* u16 per lane, 0.1 uW */
#define CMIS_LANE_STATUS_END		202	/* first byte after RX power */

/*
 * VDM (versatile diagnostics monitoring), per bank: page 20h holds up to 64
 * two-byte descriptors (byte 0 bits 3..0: lane within the bank; byte 1:
 * observable type), page 24h the u16 sample of each descriptor at the
 * same index. Unused descriptors have type 0.
 */
#define CMIS_VDM_DESC_COUNT		64
#define CMIS_VDM_LANE_MASK		GENMASK(3, 0)
#define CMIS_VDM_ESNR_MEDIA_IN		5	/* u16, 1/256 dB */
#define CMIS_VDM_BER_CUR_MEDIA_IN	15	/* F16 */

/*
 * CDB, the command interface (CMIS 5.2 section 9): a command is written to
 * page 9Fh, header then payload, and starts when its ID (bytes 128..129)
 * is written; the module answers in lower memory byte 37 and, with a
 * reply, at 134.. of page 9Fh.
 */
#define CMIS_CDB_STATUS			37	/* lower memory, CDB instance 1 */
#define   CMIS_CDB_BUSY			BIT(7)
#define   CMIS_CDB_FAILED		BIT(6)
#define   CMIS_CDB_RESULT		GENMASK(5, 0)
#define   CMIS_CDB_OK			0x01
#define   CMIS_CDB_UNKNOWN_CMD		0x41
#define   CMIS_CDB_BAD_PARAM		0x42
#define   CMIS_CDB_BAD_CHECK		0x45
#define   CMIS_CDB_BAD_PASSWORD		0x46
#define   CMIS_CDB_BAD_STATE		0x47
#define CMIS_CDB_ADVERTISED		163	/* page 01h, bits 7..6: instances */
#define   CMIS_CDB_INSTANCES		GENMASK(7, 6)
#define   CMIS_CDB_EPL_PAGES		GENMASK(3, 0)	/* 0..4, 5: 8, 6: 12, 7: 16 */
#define CMIS_PAGE_CDB			0x9f
#define CMIS_CDB_CMD			128	/* u16 */
#define CMIS_CDB_EPL_LEN		130	/* u16 */
#define CMIS_CDB_LPL_LEN		132
#define CMIS_CDB_CHECK			133	/* ones' complement of the sum */
#define CMIS_CDB_RPL_LEN		134
#define CMIS_CDB_RPL_CHECK		135
#define CMIS_CDB_LPL			136	/* payload, request or reply */
#define CMIS_CDB_LPL_MAX		120
/* The extended payload: pages A0h..AFh, bytes 128..255 of each, in order */
#define CMIS_PAGE_EPL			0xa0
#define CMIS_CDB_EPL_MAX		2048
/* Commands, and what their replies hold (offsets into the reply) */
#define CMIS_CDB_MODULE_FEATURES	0x0040
#define   CMIS_CDB_MF_LEN		36
#define   CMIS_CDB_MF_MAX_MS		34	/* u16, ms */
#define CMIS_CDB_FW_FEATURES		0x0041
#define   CMIS_CDB_FWF_LEN		18
#define   CMIS_CDB_FWF_FLAGS		1
#define     CMIS_CDB_FWF_ABORT		BIT(0)	/* 0102h supported */
#define     CMIS_CDB_FWF_TIMES_10	BIT(3)	/* durations in 10 ms */
#define   CMIS_CDB_FWF_HEADER_LEN	2	/* image bytes 0101h carries */
#define   CMIS_CDB_FWF_ERASED		3
#define   CMIS_CDB_FWF_RW_EXT		4	/* LPL max 8 * (1 + n) */
#define     CMIS_CDB_RW_EXT_MAX		15
#define   CMIS_CDB_FWF_WRITE_MECH	5
#define     CMIS_CDB_MECH_LPL		0x01
#define     CMIS_CDB_MECH_EPL		0x10
#define   CMIS_CDB_FWF_START_MS		8	/* u16 each, ms (or 10 ms) */
#define   CMIS_CDB_FWF_ABORT_MS		10
#define   CMIS_CDB_FWF_WRITE_MS		12
#define   CMIS_CDB_FWF_COMPLETE_MS	14
#define CMIS_CDB_FW_START		0x0101	/* LPL: size, 4 reserved, header */
#define   CMIS_CDB_START_SIZE		0	/* u32: the whole image */
#define   CMIS_CDB_START_HEADER		8	/* then the image's first bytes */
#define CMIS_CDB_FW_ABORT		0x0102
#define CMIS_CDB_FW_WRITE_LPL		0x0103	/* LPL: u32 address, data */
/* The address: the offset in the image after the header the start sent */
#define   CMIS_CDB_WRITE_ADDR		0
#define   CMIS_CDB_WRITE_DATA		4
#define   CMIS_CDB_WRITE_MAX		116
#define CMIS_CDB_FW_WRITE_EPL		0x0104	/* LPL: u32 address; data in EPL */
#define CMIS_CDB_FW_COMPLETE		0x0107
#define CMIS_CDB_FW_RUN			0x0109	/* LPL: reserved, mode, u16 delay */
#define   CMIS_CDB_RUN_MODE		1
#define     CMIS_CDB_RUN_INACTIVE	0	/* reset into the other bank */
#define   CMIS_CDB_RUN_DELAY		2	/* u16, ms */
#define   CMIS_CDB_RUN_LEN		4
#define CMIS_CDB_FW_COMMIT		0x010a
#define CMIS_CDB_FW_INFO		0x0100
#define   CMIS_CDB_FWI_LEN		110
#define   CMIS_CDB_FWI_STATUS		0	/* see below */
#define   CMIS_CDB_FWI_PRESENT		1	/* bit N: bank N + 1 reported */
#define   CMIS_CDB_FWI_IMAGE_A		2	/* major, minor, u16 build */
#define   CMIS_CDB_FWI_IMAGE_B		38
#define   CMIS_CDB_FWI_FACTORY		74
/* Firmware status: per bank, bit 0 running, 1 committed, 2 invalid */
#define   CMIS_CDB_FWI_BANK_SHIFT(b)	((b) * 4)	/* A = 0, B = 1 */
#define   CMIS_CDB_FWI_RUNNING		BIT(0)
#define   CMIS_CDB_FWI_COMMITTED	BIT(1)
#define   CMIS_CDB_FWI_INVALID		BIT(2)

/*
 * Laser source pages (B0h..B2h): the lasers of an external laser source
 * module (ELSFP-like), or a module's internal lasers. The layout is this
 * layer's own, in the spirit of OIF's ELSFP management: per-laser control,
 * monitors and redundancy; a module laid out otherwise needs a transport
 * that translates. Up to 16 lasers; masks are u16, bit N = laser N.
 */
#define CMIS_LS_MAX_LASERS		16
/* Page B0h: description and controls */
#define CMIS_LS_COUNT			128	/* number of lasers */
#define CMIS_LS_WAVELENGTH		130	/* u16 per laser, 0.05 nm */
#define CMIS_LS_SPARE_MAP		162	/* u8 per laser, see below */
#define   CMIS_LS_NO_SPARE		0xff	/* a primary without spare */
#define   CMIS_LS_IS_SPARE		0xfe	/* the laser is a spare */
#define CMIS_LS_ENABLE			178	/* mask, 1 = enabled */
/*
 * Auto failover also gives the lanes back, by the module itself, once a
 * primary that failed while its spare covered it is healthy again.
 */
#define CMIS_LS_AUTO_FAILOVER		180	/* mask of primaries */
#define CMIS_LS_FAILOVER_REQ		182	/* mask, write 1 to fail over */
#define CMIS_LS_FAILBACK_REQ		184	/* mask, write 1 to fail back */
#define CMIS_LS_CTRL_END		186
/* Page B1h: monitors */
#define CMIS_LS_OUTPUT_POWER		128	/* u16 per laser, 10 uW */
#define CMIS_LS_BIAS			160	/* u16 per laser, 10 uA */
#define CMIS_LS_TEMP			192	/* s16 per laser, 1/256 degC */
#define CMIS_LS_STATE			224	/* u8 per laser */
/* u8 per laser: who feeds a primary's lanes, itself or its spare */
#define CMIS_LS_SERVED_BY		240
/* Page B2h: counters and flags */
#define CMIS_LS_HOURS			128	/* u32 per laser */
#define CMIS_LS_FAIL_FLAG		192	/* latched mask, clear on read */
#define CMIS_LS_STATUS_END		194

/* Laser state (page B1h): equals enum cpo_laser_state */
#define CMIS_LS_STATE_OFF		1
#define CMIS_LS_STATE_ON		2
#define CMIS_LS_STATE_FAILED		3
#define CMIS_LS_STATE_STANDBY		4

#define CMIS_LS_POWER_UW		10	/* uW per step */
#define CMIS_LS_BIAS_UA			10	/* uA per step */
#define CMIS_LS_WAVELENGTH_PM		50	/* pm per step */

/* Module state (lower memory byte 3, bits 3..1): equals enum cpo_module_state */
#define CMIS_MODULE_LOW_PWR		1
#define CMIS_MODULE_PWR_UP		2
#define CMIS_MODULE_READY		3
#define CMIS_MODULE_PWR_DN		4
#define CMIS_MODULE_FAULT		5

/* Data path state (page 11h nibbles): equals enum cpo_dp_state */
#define CMIS_DP_DEACTIVATED		1
#define CMIS_DP_INIT			2
#define CMIS_DP_DEINIT			3
#define CMIS_DP_ACTIVATED		4
#define CMIS_DP_TX_TURN_ON		5
#define CMIS_DP_TX_TURN_OFF		6
#define CMIS_DP_INITIALIZED		7

/* Units of the monitors, in cpo's units */
#define CMIS_OPTICAL_POWER_NW		100	/* nW per 0.1 uW step */
#define CMIS_LASER_BIAS_UA		2	/* uA per step */
#define CMIS_VCC_UV			100	/* uV per step */

/* Multi-byte fields are big-endian and not aligned. */
static inline u16 cmis_get_be16(const u8 *p)
{
	return p[0] << 8 | p[1];
}

static inline void cmis_put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline u32 cmis_get_be32(const u8 *p)
{
	return (u32)cmis_get_be16(p) << 16 | cmis_get_be16(p + 2);
}

static inline void cmis_put_be32(u8 *p, u32 v)
{
	cmis_put_be16(p, v >> 16);
	cmis_put_be16(p + 2, v & 0xffff);
}

/*
 * VDM F16, the encoding of pre-FEC BER samples: a 5-bit exponent (bits
 * 15..11) and an 11-bit mantissa (bits 10..0), value = m * 10^(e - 24).
 * cpo carries BER times 10^18, so the decoded value is m * 10^(e - 6).
 */
#define CMIS_F16_EXP_SHIFT		11
#define CMIS_F16_MANT_MASK		0x7ff
#define CMIS_F16_EXP_BIAS_E18		6	/* 24 - 18 */

static inline u64 cmis_f16_to_e18(u16 v)
{
	int e = (v >> CMIS_F16_EXP_SHIFT) - CMIS_F16_EXP_BIAS_E18;
	u64 m = v & CMIS_F16_MANT_MASK;

	for (; e > 0 && m; e--) {
		if (m > U64_MAX / 10)
			return U64_MAX;
		m *= 10;
	}
	for (; e < 0; e++)
		m /= 10;
	return m;
}

/* The closest F16 at or below @e18 (BER times 10^18), keeping 3-4 digits. */
static inline u16 cmis_e18_to_f16(u64 e18)
{
	int e = CMIS_F16_EXP_BIAS_E18;

	while (e18 > CMIS_F16_MANT_MASK) {
		e18 /= 10;
		e++;
	}
	while (e18 && e18 * 10 <= CMIS_F16_MANT_MASK && e > 0) {
		e18 *= 10;
		e--;
	}
	if (e > 31)
		return U16_MAX;
	return e << CMIS_F16_EXP_SHIFT | e18;
}

/*
 * Pages 13h and 14h, banked: diagnostics of the bank's eight lanes (CMIS
 * 5.2, 8.14). Lane masks have bit n for lane n of the bank.
 *
 * Page 13h, capabilities: loopbacks (128), measurements (129), reporting
 * (130), the patterns each generator and checker supports (132..139, a
 * 16-bit mask each, the first byte pattern IDs 7..0, the second 15..8).
 * Controls: a block of 8 bytes for each of the host generator, media
 * generator, host checker and media checker: lane enable mask, invert
 * mask, byte swap mask, pre-FEC (generator) or post-FEC (checker) mask,
 * then four bytes of pattern IDs, a nibble per lane (lane 2k in the low
 * nibble of byte k, lane 2k + 1 in the high one). Byte 177 bit 5 resets
 * the checkers' error information (self-clearing); bits 3..1 choose a
 * gating time, 0 for none: the counters run from the reset. The loopback
 * lane masks follow at 180..183.
 *
 * Page 14h: the diagnostics selector (128) chooses what bytes 192..255
 * hold; latched loss-of-lock lane masks of the generators and checkers
 * (136..139, clear on read, set again at once while a checker has no
 * lock). Selector 01h: BER in F16 of each lane, host then media
 * (192..207, 208..223). Selectors 02h..05h: the error count and the
 * counted bits of each lane (u64 each, 16 bytes a lane) of the host's
 * lanes 0..3 and 4..7, then the media's lanes 0..3 and 4..7.
 */
#define CMIS_DIAG_LOOPBACK_CAPS		128
#define   CMIS_DIAG_LB_MEDIA_OUTPUT	BIT(0)	/* far end */
#define   CMIS_DIAG_LB_MEDIA_INPUT	BIT(1)	/* near end */
#define   CMIS_DIAG_LB_HOST_OUTPUT	BIT(2)	/* far end */
#define   CMIS_DIAG_LB_HOST_INPUT	BIT(3)	/* near end */
#define   CMIS_DIAG_LB_HOST_PER_LANE	BIT(4)
#define   CMIS_DIAG_LB_MEDIA_PER_LANE	BIT(5)
#define CMIS_DIAG_MEASURE_CAPS		129
#define   CMIS_DIAG_GATED_RESULTS	BIT(5)
#define CMIS_DIAG_REPORT_CAPS		130
#define   CMIS_DIAG_REPORT_COUNTS	BIT(1)	/* errors and bits */
#define   CMIS_DIAG_REPORT_BER		BIT(0)
#define CMIS_DIAG_HOST_GEN_PATTERNS	132
#define CMIS_DIAG_MEDIA_GEN_PATTERNS	134
#define CMIS_DIAG_HOST_CHK_PATTERNS	136
#define CMIS_DIAG_MEDIA_CHK_PATTERNS	138
#define CMIS_DIAG_HOST_GEN		144	/* control blocks of 8 bytes */
#define CMIS_DIAG_MEDIA_GEN		152
#define CMIS_DIAG_HOST_CHK		160
#define CMIS_DIAG_MEDIA_CHK		168
#define   CMIS_DIAG_BLK_ENABLE		0	/* offsets in a block */
#define   CMIS_DIAG_BLK_INVERT		1
#define   CMIS_DIAG_BLK_SWAP		2
#define   CMIS_DIAG_BLK_FEC		3
#define   CMIS_DIAG_BLK_PATTERN		4	/* 4 bytes, a nibble a lane */
#define   CMIS_DIAG_BLK_LEN		8
#define CMIS_DIAG_CONTROL		177
#define   CMIS_DIAG_RESET_ERRORS	BIT(5)
#define   CMIS_DIAG_GATE_MASK		GENMASK(3, 1)
#define CMIS_DIAG_LB_MEDIA_OUTPUT_EN	180	/* loopback lane masks */
#define CMIS_DIAG_LB_MEDIA_INPUT_EN	181
#define CMIS_DIAG_LB_HOST_OUTPUT_EN	182
#define CMIS_DIAG_LB_HOST_INPUT_EN	183

#define CMIS_DIAG_SELECTOR		128	/* page 14h */
#define   CMIS_DIAG_SEL_BER		0x01
#define   CMIS_DIAG_SEL_HOST_COUNTS_0	0x02	/* lanes 0..3 */
#define   CMIS_DIAG_SEL_HOST_COUNTS_4	0x03	/* lanes 4..7 */
#define   CMIS_DIAG_SEL_MEDIA_COUNTS_0	0x04
#define   CMIS_DIAG_SEL_MEDIA_COUNTS_4	0x05
#define CMIS_DIAG_HOST_GEN_LOL		136	/* latched lane masks */
#define CMIS_DIAG_MEDIA_GEN_LOL		137
#define CMIS_DIAG_HOST_CHK_LOL		138
#define CMIS_DIAG_MEDIA_CHK_LOL		139
#define CMIS_DIAG_DATA			192	/* 64 bytes, by selector */
#define   CMIS_DIAG_COUNTS_LEN		16	/* errors, bits: u64 each */

/* Pattern IDs, as the nibbles and masks above give them. */
#define CMIS_PRBS31Q			0
#define CMIS_SSPRQ			12
#define CMIS_PRBS_PATTERNS		13	/* IDs 0..12 */

#endif /* __CPO_CMIS_REGS_H */
