/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny streaming JSON writer: values go straight to a FILE, commas and
 * (with pretty) newlines and indentation are inserted as needed. Several
 * top-level values are written one per line (JSON lines).
 */
#ifndef CPOCTL_JSON_WRITER_H
#define CPOCTL_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JW_MAX_DEPTH	32

struct jw;

struct jw *jw_new(FILE *fp, bool pretty);
void jw_destroy(struct jw *jw);

void jw_start_object(struct jw *jw);
void jw_end_object(struct jw *jw);
void jw_start_array(struct jw *jw);
void jw_end_array(struct jw *jw);
/* In an object, the key of the next value. */
void jw_key(struct jw *jw, const char *key);

void jw_string(struct jw *jw, const char *s);
void jw_uint(struct jw *jw, uint64_t v);
void jw_int(struct jw *jw, int64_t v);
void jw_bool(struct jw *jw, bool v);
void jw_null(struct jw *jw);

/* Write @s as a quoted JSON string: escapes, invalid UTF-8 as U+FFFD. */
void jw_write_string(FILE *fp, const char *s);

#endif /* CPOCTL_JSON_WRITER_H */
