/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One print path for text and JSON, after iproute2's lib/json_print.c:
 * print_uint(PRINT_ANY, "lane-count", "lane-count %u ", v) writes the raw
 * value under the key in JSON mode and the formatted text otherwise.
 */
#ifndef CPOCTL_JSON_PRINT_H
#define CPOCTL_JSON_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

/* Start output to @fp, in JSON when @json; 0 or -ENOMEM. */
int new_json_obj(bool json, bool pretty, FILE *fp);
void delete_json_obj(void);
bool is_json_context(void);
/* Text on one line: print_nl() writes nothing (monitor mode). */
void set_oneline(bool oneline);

/* JSON only; @key NULL inside arrays and at top level. */
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value);
void print_uint(enum output_type t, const char *key, const char *fmt,
		unsigned int value);
void print_u64(enum output_type t, const char *key, const char *fmt,
	       uint64_t value);
void print_int(enum output_type t, const char *key, const char *fmt,
	       int value);
void print_s64(enum output_type t, const char *key, const char *fmt,
	       int64_t value);
/* Text shows @fmt with "true" or "false". */
void print_bool(enum output_type t, const char *key, const char *fmt,
		bool value);

/* Text only. */
__attribute__((format(printf, 1, 2)))
void print_text(const char *fmt, ...);
void print_nl(void);
/* A new text line indented by @indent spaces; nothing in one-line mode. */
void print_nl_indent(unsigned int indent);

#endif /* CPOCTL_JSON_PRINT_H */
