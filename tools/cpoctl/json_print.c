// SPDX-License-Identifier: GPL-2.0
/*
 * Text/JSON print layer (see json_print.h). The output context is the
 * CLI's one stream, so it lives here rather than in every call.
 */
#include <errno.h>
#include <stdarg.h>

#include "json_print.h"
#include "json_writer.h"

static struct {
	FILE *fp;
	struct jw *jw;
	bool oneline;
} out;

int new_json_obj(bool json, bool pretty, FILE *fp)
{
	out.fp = fp;
	out.oneline = false;
	out.jw = NULL;
	if (json) {
		out.jw = jw_new(fp, pretty);
		if (!out.jw)
			return -ENOMEM;
	}
	return 0;
}

void delete_json_obj(void)
{
	jw_destroy(out.jw);
	out.jw = NULL;
	if (out.fp)
		fflush(out.fp);
}

bool is_json_context(void)
{
	return out.jw != NULL;
}

void set_oneline(bool oneline)
{
	out.oneline = oneline;
}

static bool want_json(enum output_type t)
{
	return out.jw && (t & PRINT_JSON);
}

static bool want_text(enum output_type t, const char *fmt)
{
	return !out.jw && (t & PRINT_FP) && fmt;
}

static void json_key(const char *key)
{
	if (key)
		jw_key(out.jw, key);
}

void open_json_object(const char *key)
{
	if (!out.jw)
		return;
	json_key(key);
	jw_start_object(out.jw);
}

void close_json_object(void)
{
	if (out.jw)
		jw_end_object(out.jw);
}

void open_json_array(const char *key)
{
	if (!out.jw)
		return;
	json_key(key);
	jw_start_array(out.jw);
}

void close_json_array(void)
{
	if (out.jw)
		jw_end_array(out.jw);
}

/*
 * The formats come from the callers' string literals, one conversion
 * each, matching the value's type.
 */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value)
{
	if (want_json(t)) {
		json_key(key);
		jw_string(out.jw, value);
	} else if (want_text(t, fmt)) {
		fprintf(out.fp, fmt, value);
	}
}

void print_uint(enum output_type t, const char *key, const char *fmt,
		unsigned int value)
{
	if (want_json(t)) {
		json_key(key);
		jw_uint(out.jw, value);
	} else if (want_text(t, fmt)) {
		fprintf(out.fp, fmt, value);
	}
}

void print_u64(enum output_type t, const char *key, const char *fmt,
	       uint64_t value)
{
	if (want_json(t)) {
		json_key(key);
		jw_uint(out.jw, value);
	} else if (want_text(t, fmt)) {
		fprintf(out.fp, fmt, value);
	}
}

void print_int(enum output_type t, const char *key, const char *fmt,
	       int value)
{
	if (want_json(t)) {
		json_key(key);
		jw_int(out.jw, value);
	} else if (want_text(t, fmt)) {
		fprintf(out.fp, fmt, value);
	}
}

void print_s64(enum output_type t, const char *key, const char *fmt,
	       int64_t value)
{
	if (want_json(t)) {
		json_key(key);
		jw_int(out.jw, value);
	} else if (want_text(t, fmt)) {
		fprintf(out.fp, fmt, value);
	}
}

void print_bool(enum output_type t, const char *key, const char *fmt,
		bool value)
{
	if (want_json(t)) {
		json_key(key);
		jw_bool(out.jw, value);
	} else if (want_text(t, fmt)) {
		fprintf(out.fp, fmt, value ? "true" : "false");
	}
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (out.jw || !out.fp)
		return;
	va_start(ap, fmt);
	vfprintf(out.fp, fmt, ap);
	va_end(ap);
}

void print_nl(void)
{
	if (!out.jw && out.fp && !out.oneline)
		fputc('\n', out.fp);
}

void print_nl_indent(unsigned int indent)
{
	if (out.jw || !out.fp || out.oneline)
		return;
	fprintf(out.fp, "\n%*s", (int)indent, "");
}
