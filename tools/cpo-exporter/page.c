// SPDX-License-Identifier: GPL-2.0
/*
 * The page a scrape gets, plain or compressed with gzip. At thousands of
 * lanes the page is tens of megabytes of text that changes only with the
 * copy: its static parts are rendered, and compressed when a scraper asks
 * for gzip, once per generation of the copy; a scrape renders only the
 * dynamic parts (ages, the exporter's counters) and puts the page
 * together.
 *
 * Each part is a raw deflate stream of its own, ended by a sync flush: a
 * flush ends on a byte boundary with an empty stored block and the next
 * part refers to nothing before it, so the parts' streams concatenated,
 * then an empty final block, are one deflate stream. The gzip member
 * around it (RFC 1952) gets the CRC-32 of the whole page from the parts'
 * (crc32_combine()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "exporter.h"

/*
 * The fastest level: the page is repetitive text, level 1 already makes it
 * about ten times smaller, and the compression of a new generation is
 * paid by the scrape that finds it.
 */
#define GZIP_LEVEL	Z_BEST_SPEED
/* deflateInit2(): a raw stream, the largest window, the default memory. */
#define RAW_WBITS	(-15)
#define MEM_LEVEL	8

/* A gzip header: deflate, no flags, no time, fastest, Unix. */
static const unsigned char gzip_header[10] = {
	0x1f, 0x8b, Z_DEFLATED, 0, 0, 0, 0, 0, 4, 3
};
/* The final block: fixed Huffman codes, only the end-of-block code. */
static const unsigned char final_block[2] = { 0x03, 0x00 };

void exp_page_free(struct exp_page *pg)
{
	unsigned int i;

	for (i = 0; i < EXP_PARTS; i++) {
		exp_buf_free(&pg->plain[i]);
		exp_buf_free(&pg->gz[i]);
	}
	memset(pg, 0, sizeof(*pg));
}

/* Compress @len bytes of @p into @out (appended) and flush; 0 or -ENOMEM. */
static int deflate_part(const char *p, size_t len, struct exp_buf *out)
{
	z_stream zs;
	int ret;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, GZIP_LEVEL, Z_DEFLATED, RAW_WBITS, MEM_LEVEL,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	zs.next_in = (unsigned char *)p;
	for (;;) {
		/* uInt is 32 bits: a part is fed in pieces under 1 GiB */
		size_t piece = len > (1u << 30) ? 1u << 30 : len;
		size_t room;

		zs.avail_in = piece;
		len -= piece;
		do {
			room = deflateBound(&zs, zs.avail_in) + 64;
			if (!exp_buf_reserve(out, room)) {
				deflateEnd(&zs);
				return -ENOMEM;
			}
			zs.next_out = (unsigned char *)out->p + out->len;
			zs.avail_out = out->cap - out->len - 1;
			ret = deflate(&zs, len ? Z_NO_FLUSH : Z_SYNC_FLUSH);
			out->len = (char *)zs.next_out - out->p;
			if (ret != Z_OK && ret != Z_BUF_ERROR) {
				deflateEnd(&zs);
				return -ENOMEM;
			}
			/* a flush is complete when it left room unused */
		} while (zs.avail_in || zs.avail_out == 0);
		if (!len)
			break;
	}
	deflateEnd(&zs);
	return 0;
}

static uint32_t part_crc(const struct exp_buf *b)
{
	return crc32(crc32(0, Z_NULL, 0), (const unsigned char *)b->p, b->len);
}

/* Render the static parts of generation s->gen, once. */
static int page_refresh(struct exp_page *pg, const struct exp_state *s,
			uint64_t now)
{
	unsigned int i;

	if (pg->valid && pg->gen == s->gen)
		return 0;
	exp_page_free(pg);
	for (i = 0; i < EXP_PARTS; i++) {
		if (!exp_metrics_part_static(i))
			continue;
		if (!exp_metrics_render_part(s, &pg->plain[i], i, now)) {
			exp_page_free(pg);
			return -ENOMEM;
		}
		pg->crc[i] = part_crc(&pg->plain[i]);
	}
	pg->valid = true;
	pg->gen = s->gen;
	return 0;
}

static int page_compress(struct exp_page *pg)
{
	unsigned int i;

	if (pg->gz_valid)
		return 0;
	for (i = 0; i < EXP_PARTS; i++) {
		if (!exp_metrics_part_static(i))
			continue;
		if (deflate_part(pg->plain[i].p, pg->plain[i].len, &pg->gz[i]))
			return -ENOMEM;
	}
	pg->gz_valid = true;
	return 0;
}

static void put_le32(struct exp_buf *b, uint32_t v)
{
	unsigned char le[4] = { v, v >> 8, v >> 16, v >> 24 };

	exp_buf_append(b, le, sizeof(le));
}

int exp_page_build(struct exp_page *pg, const struct exp_state *s, bool gzip,
		   uint64_t now, struct exp_buf *out)
{
	struct exp_buf dyn[EXP_PARTS] = {};
	uint32_t crc = crc32(0, Z_NULL, 0);
	uint64_t total = 0;
	unsigned int i;
	int ret;

	out->len = 0;
	ret = page_refresh(pg, s, now);
	if (!ret && gzip)
		ret = page_compress(pg);
	for (i = 0; !ret && i < EXP_PARTS; i++) {
		if (exp_metrics_part_static(i))
			continue;
		if (!exp_metrics_render_part(s, &dyn[i], i, now))
			ret = -ENOMEM;
	}
	if (gzip && !ret)
		exp_buf_append(out, gzip_header, sizeof(gzip_header));
	for (i = 0; !ret && i < EXP_PARTS; i++) {
		bool st = exp_metrics_part_static(i);
		const struct exp_buf *plain = st ? &pg->plain[i] : &dyn[i];

		if (!gzip) {
			exp_buf_append(out, plain->p, plain->len);
			continue;
		}
		if (st)
			exp_buf_append(out, pg->gz[i].p, pg->gz[i].len);
		else if (deflate_part(plain->p, plain->len, out))
			ret = -ENOMEM;
		crc = crc32_combine(crc, st ? pg->crc[i] : part_crc(plain),
				    plain->len);
		total += plain->len;
	}
	if (gzip && !ret) {
		exp_buf_append(out, final_block, sizeof(final_block));
		put_le32(out, crc);
		put_le32(out, total);	/* the size modulo 2^32 */
	}
	for (i = 0; i < EXP_PARTS; i++)
		exp_buf_free(&dyn[i]);
	if (!ret && out->oom)
		ret = -ENOMEM;
	return ret;
}

/*
 * "gzip" or "x-gzip" in the list, or "*", without a weight of 0:
 * "gzip", "deflate, gzip;q=1.0, *;q=0.5", but not "gzip;q=0" or
 * "identity".
 */
bool exp_accepts_gzip(const char *ae)
{
	bool star = false, gz = false, gz_named = false;
	const char *p = ae;

	while (p && *p) {
		const char *end = strchr(p, ','), *semi, *q;
		size_t tl;
		bool zero = false;

		if (!end)
			end = p + strlen(p);
		while (*p == ' ' || *p == '\t')
			p++;
		semi = memchr(p, ';', end - p);
		tl = (semi ? semi : end) - p;
		while (tl && (p[tl - 1] == ' ' || p[tl - 1] == '\t'))
			tl--;
		for (q = semi; q && q < end; q = memchr(q + 1, ';', end - q - 1)) {
			const char *v = q + 1;

			while (*v == ' ' || *v == '\t')
				v++;
			if ((*v == 'q' || *v == 'Q') && v[1] == '=')
				zero = strtod(v + 2, NULL) == 0;
		}
		if ((tl == 4 && !strncasecmp(p, "gzip", 4)) ||
		    (tl == 6 && !strncasecmp(p, "x-gzip", 6))) {
			gz_named = true;
			gz = !zero;
		} else if (tl == 1 && *p == '*') {
			star = !zero;
		}
		p = *end ? end + 1 : end;
	}
	return gz_named ? gz : star;
}
