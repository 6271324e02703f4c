/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layout of a cpo firmware image, as this subsystem's modules (and its
 * simulator) take it. CMIS leaves the image to the vendor; this one is a
 * 64-byte header, sent with CDB command 0101h, then the payload, sent in
 * blocks. Multi-byte fields are big-endian. Documented in
 * Documentation/admin-guide/cpo.rst, "Firmware images".
 */
#ifndef _LINUX_CPO_FW_H
#define _LINUX_CPO_FW_H

#include <linux/types.h>

#define CPO_FW_MAGIC		"CPOFW"	/* 5 bytes, then a NUL */
#define CPO_FW_FORMAT		1
#define CPO_FW_HEADER_LEN	64
#define CPO_FW_MAX_PAYLOAD	(16U << 20)

/**
 * struct cpo_fw_header - the first CPO_FW_HEADER_LEN bytes of an image
 * @magic: CPO_FW_MAGIC and a NUL
 * @format: CPO_FW_FORMAT
 * @header_len: CPO_FW_HEADER_LEN
 * @vendor: the module vendor it is for, as CMIS page 00h bytes 129..144
 *	(space padded)
 * @part_number: the part, as page 00h bytes 148..163 (space padded)
 * @major: version
 * @minor: version
 * @build: version
 * @payload_len: bytes after the header
 * @payload_crc: CRC-32 (IEEE 802.3, as crc32_le(~0, ...) ^ ~0) of them
 * @header_crc: the same over bytes 0..51
 * @reserved: zero
 */
struct cpo_fw_header {
	char magic[6];
	u8 format;
	u8 header_len;
	char vendor[16];
	char part_number[16];
	u8 major;
	u8 minor;
	__be16 build;
	__be32 payload_len;
	__be32 payload_crc;
	__be32 header_crc;
	u8 reserved[8];
} __packed;

static_assert(sizeof(struct cpo_fw_header) == CPO_FW_HEADER_LEN);

#endif /* _LINUX_CPO_FW_H */
