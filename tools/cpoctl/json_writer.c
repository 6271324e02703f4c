// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny streaming JSON writer (see json_writer.h).
 */
#include <inttypes.h>
#include <stdlib.h>

#include "json_writer.h"

struct jw {
	FILE *fp;
	bool pretty;
	unsigned int depth;
	bool after_key;			/* a key was written, its value is next */
	bool nonempty[JW_MAX_DEPTH + 1];	/* per level: has an element */
};

struct jw *jw_new(FILE *fp, bool pretty)
{
	struct jw *jw = calloc(1, sizeof(*jw));

	if (jw) {
		jw->fp = fp;
		jw->pretty = pretty;
	}
	return jw;
}

void jw_destroy(struct jw *jw)
{
	free(jw);
}

static void indent(struct jw *jw)
{
	unsigned int i;

	if (!jw->pretty)
		return;
	fputc('\n', jw->fp);
	for (i = 0; i < jw->depth; i++)
		fputs("  ", jw->fp);
}

/* Before an element (a key, or a value not following a key). */
static void separate(struct jw *jw)
{
	if (jw->after_key) {
		jw->after_key = false;
		return;
	}
	if (jw->depth == 0)
		return;
	if (jw->nonempty[jw->depth])
		fputc(',', jw->fp);
	jw->nonempty[jw->depth] = true;
	indent(jw);
}

/* After a complete value: top-level values end their line. */
static void finish(struct jw *jw)
{
	if (jw->depth == 0)
		fputc('\n', jw->fp);
}

static void start(struct jw *jw, char c)
{
	separate(jw);
	fputc(c, jw->fp);
	if (jw->depth < JW_MAX_DEPTH)
		jw->depth++;
	jw->nonempty[jw->depth] = false;
}

static void end(struct jw *jw, char c)
{
	bool had = jw->nonempty[jw->depth];

	if (jw->depth > 0)
		jw->depth--;
	if (had)
		indent(jw);
	fputc(c, jw->fp);
	finish(jw);
}

void jw_start_object(struct jw *jw)
{
	start(jw, '{');
}

void jw_end_object(struct jw *jw)
{
	end(jw, '}');
}

void jw_start_array(struct jw *jw)
{
	start(jw, '[');
}

void jw_end_array(struct jw *jw)
{
	end(jw, ']');
}

void jw_key(struct jw *jw, const char *key)
{
	separate(jw);
	jw_write_string(jw->fp, key);
	fputs(jw->pretty ? ": " : ":", jw->fp);
	jw->after_key = true;
}

/* Length of the valid UTF-8 sequence at @s, or 0 when it is not valid. */
static int utf8_len(const unsigned char *s)
{
	int len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* no overlong forms, surrogates or values past U+10FFFF */
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void jw_write_string(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	int len;

	fputc('"', fp);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\b':
			fputs("\\b", fp);
			break;
		case '\f':
			fputs("\\f", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (*s < 0x20 || *s == 0x7f) {
				fprintf(fp, "\\u%04x", *s);
				break;
			}
			len = utf8_len(s);
			if (!len) {
				fputs("\\ufffd", fp);
				break;
			}
			fwrite(s, 1, len, fp);
			s += len - 1;
			break;
		}
		s++;
	}
	fputc('"', fp);
}

void jw_string(struct jw *jw, const char *s)
{
	separate(jw);
	jw_write_string(jw->fp, s);
	finish(jw);
}

void jw_uint(struct jw *jw, uint64_t v)
{
	separate(jw);
	fprintf(jw->fp, "%" PRIu64, v);
	finish(jw);
}

void jw_int(struct jw *jw, int64_t v)
{
	separate(jw);
	fprintf(jw->fp, "%" PRId64, v);
	finish(jw);
}

void jw_bool(struct jw *jw, bool v)
{
	separate(jw);
	fputs(v ? "true" : "false", jw->fp);
	finish(jw);
}

void jw_null(struct jw *jw)
{
	separate(jw);
	fputs("null", jw->fp);
	finish(jw);
}
