/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpoctl internals: argument parsing is separate from running, so every
 * command line can be turned into a request (and checked) without a
 * kernel.
 */
#ifndef CPOCTL_H
#define CPOCTL_H

#include <stdbool.h>
#include <stdio.h>

#include "libcpo.h"

#define CPOCTL_VERSION		"1.0"

enum {
	CPOCTL_EXIT_OK = 0,
	CPOCTL_EXIT_USAGE = 1,
	CPOCTL_EXIT_KERNEL = 2,
};

struct cpoctl {
	FILE *out;
	FILE *err;
	bool json;
	bool pretty;
	struct cpo_handle *h;
};

enum cpoctl_cmd {
	CPOCTL_CMD_NONE,
	CPOCTL_CMD_SHOW,
	CPOCTL_CMD_SET,
	CPOCTL_CMD_MONITOR,
	CPOCTL_CMD_HELP,	/* help of req->obj, or the main help */
	CPOCTL_CMD_VERSION,
};

struct cpoctl_object;

/* A parsed command line. */
struct cpoctl_req {
	const struct cpoctl_object *obj;
	enum cpoctl_cmd cmd;
	bool dump;			/* show: all objects (of a filter) */
	struct cpo_engine engine;	/* selector and set attributes */
	struct cpo_lane lane;
	struct cpo_laser laser;
	struct cpo_topology topology;	/* engine-id or laser-id */
};

struct cpoctl_object {
	const char *name;
	/* Parse the arguments after the object name; 0 or CPOCTL_EXIT_USAGE. */
	int (*parse)(struct cpoctl *c, int argc, char **argv,
		     struct cpoctl_req *req);
	/* Run against c->h; return an exit code. */
	int (*run)(struct cpoctl *c, const struct cpoctl_req *req);
	void (*help)(FILE *fp);
};

extern const struct cpoctl_object cpoctl_engine;
extern const struct cpoctl_object cpoctl_lane;
extern const struct cpoctl_object cpoctl_laser;
extern const struct cpoctl_object cpoctl_topology;
extern const struct cpoctl_object cpoctl_monitor;

/* cpoctl.c */
void cpoctl_help(FILE *fp);
int cpoctl_parse(struct cpoctl *c, int argc, char **argv,
		 struct cpoctl_req *req);
int cpoctl_exec(struct cpoctl *c, const struct cpoctl_req *req);
int cpoctl_main(int argc, char **argv, FILE *out, FILE *err);

/* ---- utils.c: argument parsing ---- */

__attribute__((format(printf, 3, 4)))
int cpoctl_usage(struct cpoctl *c, const struct cpoctl_object *obj,
		 const char *fmt, ...);
/* Parse a decimal u32 ("what" names it in the error); 0 or exit code. */
int cpoctl_parse_u32(struct cpoctl *c, const struct cpoctl_object *obj,
		     const char *what, const char *s, uint32_t *v);
/*
 * An object id, also spelled "id ID": parse it into *@v, set @bit in
 * *@present and store the number of arguments used in *@used. @meta names
 * the argument in usage ("ENGINE_ID"), @what in errors ("engine id").
 */
int cpoctl_parse_id(struct cpoctl *c, const struct cpoctl_object *obj,
		    const char *meta, const char *what, int argc, char **argv,
		    uint32_t *v, uint64_t *present, uint64_t bit, int *used);

/*
 * Set arguments are declared in tables: keyword, attribute, parser and,
 * for enum-like values, the names accepted. The parser stores into the
 * attribute's field of the object; the caller marks it present. An entry
 * without values is a keyword alone (an action such as "failover"): its
 * parser gets a NULL @arg.
 */
struct cpoctl_set_arg;
typedef int (*cpoctl_arg_parser)(const struct cpoctl_set_arg *a,
				 const struct cpo_attr_desc *d,
				 const char *arg, void *field);

struct cpoctl_set_arg {
	const char *keyword;
	uint32_t attr;
	cpoctl_arg_parser parse;
	const struct cpo_enum *values;
};

/* Value by name from a->values, stored as the attribute's u8 or u32. */
int cpoctl_arg_enum(const struct cpoctl_set_arg *a,
		    const struct cpo_attr_desc *d, const char *arg,
		    void *field);
/* A keyword alone: sets the attribute's flag. */
int cpoctl_arg_flag(const struct cpoctl_set_arg *a,
		    const struct cpo_attr_desc *d, const char *arg,
		    void *field);

extern const struct cpo_enum cpoctl_on_off_enum;

int cpoctl_parse_set_args(struct cpoctl *c, const struct cpoctl_object *obj,
			  const struct cpoctl_set_arg *tbl, size_t n,
			  const struct cpo_attr_set *set, int argc,
			  char **argv, void *o, uint64_t *present);
/* "[ tx { off | on } ] [ power { down | up } ] [ failover ]" from the table. */
void cpoctl_set_usage(FILE *fp, const struct cpoctl_set_arg *tbl, size_t n);

/* ---- utils.c: printing ---- */

enum cpoctl_fmt {
	CPOCTL_FMT_AUTO,	/* by attribute kind: number, string, enum */
	CPOCTL_FMT_ON_OFF,	/* u8 0/1 as off/on */
	CPOCTL_FMT_YES_NO,	/* u8 0/1 as no/yes */
	CPOCTL_FMT_MILLI_C,	/* millidegrees as "45.0 C" */
	CPOCTL_FMT_MICRO_V,	/* microvolts as "3.300 V" */
	CPOCTL_FMT_NANO_W,	/* nanowatts as "1.000 mW" */
	CPOCTL_FMT_MICRO_A,	/* microamperes as "45.000 mA" */
	CPOCTL_FMT_RATE,	/* Mb/s as "200G" */
	CPOCTL_FMT_MICRO_W,	/* microwatts as "100.000 mW" */
	CPOCTL_FMT_MICRO_W_W,	/* microwatts as "9.800 W" */
	CPOCTL_FMT_FJ_BIT,	/* femtojoules per bit as "1.53 pJ/bit" */
	CPOCTL_FMT_CENTI_DB,	/* hundredths of a dB as "18.50 dB" */
	CPOCTL_FMT_PICO_M,	/* picometers as "1310.00 nm" */
	CPOCTL_FMT_BER,		/* ratio x 10^18 as "2.4e-05" */
};

struct cpoctl_field {
	uint32_t attr;
	enum cpoctl_fmt fmt;
	bool nl;		/* text: start a new line before it */
};

/* FIELD(CPO_A_LANE_TX_POWER, .fmt = CPOCTL_FMT_NANO_W, .nl = true) */
#define FIELD(a, ...)	{ .attr = (a), __VA_ARGS__ }

/*
 * Print the fields of @obj present in @present: JSON gets the spec name and
 * the raw value, text " name human-value". Absent flags print as false and
 * absent id lists as empty (JSON []; text "none"): the kernel leaves both
 * out to say so.
 */
void cpoctl_print_fields(const struct cpo_attr_set *set, const void *obj,
			 uint64_t present, const struct cpoctl_field *f,
			 size_t n);

/* @v / @div with @decimals digits (rounded), then " unit". */
void cpoctl_fmt_scaled(char *buf, size_t len, int64_t v, uint32_t div,
		       unsigned int decimals, const char *unit);
void cpoctl_fmt_rate(char *buf, size_t len, uint32_t mbps);
/* A bit error ratio times 10^18 as "2.4e-05"; "0" for none. */
void cpoctl_fmt_ber(char *buf, size_t len, uint64_t ber_e18);

/* "Error: ..." for a kernel (or library) error; return CPOCTL_EXIT_KERNEL. */
int cpoctl_kernel_error(struct cpoctl *c, const struct cpo_error *err);
/* "Warning: ..." when a successful request carried a message. */
void cpoctl_kernel_warning(struct cpoctl *c, const struct cpo_error *err);

/* Object printers, shared by show and monitor; @key NULL in arrays. */
void cpoctl_engine_print(const struct cpo_engine *e, const char *key);
void cpoctl_lane_print(const struct cpo_lane *l, const char *key);
void cpoctl_laser_print(const struct cpo_laser *l, const char *key);
void cpoctl_topology_print(const struct cpo_topology *t);
void cpoctl_event_print(const struct cpo_event *ev);

#endif /* CPOCTL_H */
