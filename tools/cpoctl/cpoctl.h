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

/* The release, from the file VERSION at the top (tools/Makefile). */
#ifndef CPOCTL_VERSION
#error "CPOCTL_VERSION is not defined: build with make -C tools"
#endif

enum {
	CPOCTL_EXIT_OK = 0,
	CPOCTL_EXIT_USAGE = 1,
	CPOCTL_EXIT_KERNEL = 2,
	CPOCTL_EXIT_TEST_FAILED = 1,	/* selftest: a lane did not pass */
};

struct cpoctl {
	FILE *in;		/* the batch "-" */
	FILE *out;
	FILE *err;
	bool json;
	bool pretty;
	const char *batch;	/* -b FILE */
	bool force;		/* -force: a batch goes on past a failure */
	bool brief;		/* -br: one line per engine, lane, laser */
	bool stats;		/* -s: show the service statistics */
	struct cpo_handle *h;	/* opened by the first command that needs it */
	int signal;		/* the signal that stopped a monitor, or 0 */
};

enum cpoctl_cmd {
	CPOCTL_CMD_NONE,
	CPOCTL_CMD_SHOW,
	CPOCTL_CMD_SET,
	CPOCTL_CMD_CLEAR,
	CPOCTL_CMD_DUMP,
	CPOCTL_CMD_MONITOR,
	CPOCTL_CMD_FLASH,
	CPOCTL_CMD_TEST,
	CPOCTL_CMD_HELP,	/* help of req->obj, or the main help */
	CPOCTL_CMD_VERSION,
	CPOCTL_CMD_BATCH,	/* the commands of the file c->batch */
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
	struct cpo_diag diag;		/* threshold and alarm: selector, set */
	struct cpo_service service;	/* engine-id or laser-id, step, force */
	struct {
		uint32_t count;		/* stop after this many events, 0 never */
		uint32_t timeout;	/* stop after this many seconds, 0 never */
		uint32_t rcvbuf;	/* receive buffer, 0 for the default */
	} monitor;
};

typedef int (*cpoctl_parse_fn)(struct cpoctl *c, int argc, char **argv,
			       struct cpoctl_req *req);

/* OBJECT COMMAND ARGS: the command's name, its code, its arguments' parser. */
struct cpoctl_command {
	const char *name;
	enum cpoctl_cmd cmd;
	cpoctl_parse_fn parse;
};

struct cpoctl_object {
	const char *name;
	/*
	 * Parse the arguments after the object name; 0 or CPOCTL_EXIT_USAGE.
	 * Without it, the first argument names one of @cmds (the first when
	 * there is none), or help, and @cmds' parser takes the rest.
	 */
	cpoctl_parse_fn parse;
	const struct cpoctl_command *cmds;
	size_t n_cmds;
	/* Run against c->h; return an exit code. */
	int (*run)(struct cpoctl *c, const struct cpoctl_req *req);
	void (*help)(FILE *fp);
};

extern const struct cpoctl_object cpoctl_engine;
extern const struct cpoctl_object cpoctl_lane;
extern const struct cpoctl_object cpoctl_laser;
extern const struct cpoctl_object cpoctl_topology;
extern const struct cpoctl_object cpoctl_threshold;
extern const struct cpoctl_object cpoctl_alarm;
extern const struct cpoctl_object cpoctl_diag;
extern const struct cpoctl_object cpoctl_monitor;
extern const struct cpoctl_object cpoctl_selftest;
extern const struct cpoctl_object cpoctl_service;

/* The default receive buffer of the monitor: a burst of ~10k events. */
#define CPOCTL_MONITOR_RCVBUF	(8 << 20)

/* test.c: lane tests and the self-test */
int cpoctl_take_ber_limit(struct cpoctl *c, const struct cpoctl_object *obj,
			  int *argc, char **argv, uint64_t *v,
			  uint64_t *present, uint64_t bit);
void cpoctl_lane_print_test(const struct cpo_test_list *l);
void cpoctl_engine_print_selftest(const struct cpo_selftest_list *l);
int cpoctl_lane_test_run(struct cpoctl *c, const struct cpoctl_req *req);

/* flash.c: firmware updates of engines and laser modules */
void cpoctl_print_flash(const struct cpo_flash_list *l);
/* Start (or abort) the update of req->engine or req->laser and follow it. */
int cpoctl_flash_run(struct cpoctl *c, const struct cpoctl_req *req);

/* service.c: the service flow */
void cpoctl_service_print(const struct cpo_service *s, const char *key);

/* stats.c: service statistics */
void cpoctl_print_stats(const struct cpo_stats_list *l);
int cpoctl_stats_clear_run(struct cpoctl *c, const struct cpoctl_req *req);

/* cpoctl.c */
void cpoctl_help(FILE *fp);
/* [ OPTIONS ] OBJECT ...: argv[0] is the program's name. */
int cpoctl_parse(struct cpoctl *c, int argc, char **argv,
		 struct cpoctl_req *req);
/* OBJECT COMMAND ARGS, without options: argv[0] is the object. */
int cpoctl_parse_object(struct cpoctl *c, int argc, char **argv,
			struct cpoctl_req *req);
/*
 * Run one command; one that talks to the kernel opens c->h when it is
 * not open yet, and leaves it open for the next.
 */
int cpoctl_exec_one(struct cpoctl *c, const struct cpoctl_req *req);
/* Run a command or a batch, then close c->h. */
int cpoctl_exec(struct cpoctl *c, const struct cpoctl_req *req);
/* Parse and run argv with the streams of @c; the exit code. */
int cpoctl_run(struct cpoctl *c, int argc, char **argv);
/* cpoctl_run() on stdin, @out and @err. */
int cpoctl_main(int argc, char **argv, FILE *out, FILE *err);

/*
 * batch.c: run the commands of @name ("-" for c->in), one per line, on
 * one handle. Stop at the first that fails, or with c->force go on; the
 * highest exit code of the commands that failed, 0 if none did.
 */
#define CPOCTL_BATCH_LINE_MAX	4096	/* bytes of a command, comments aside */
#define CPOCTL_BATCH_ARGS_MAX	512	/* words of a command */
int cpoctl_batch(struct cpoctl *c, const char *name);

/* ---- utils.c: argument parsing ---- */

__attribute__((format(printf, 3, 4)))
int cpoctl_usage(struct cpoctl *c, const struct cpoctl_object *obj,
		 const char *fmt, ...);
/* A usage error for the first of @argc arguments past @used, if any. */
int cpoctl_no_more_args(struct cpoctl *c, const struct cpoctl_object *obj,
			int argc, char **argv, int used);
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
 * "ENGINE_ID" (or "id ENGINE_ID") into e->id, or "dev DEV" into
 * e->dev_name: one engine, or every engine of a device.
 */
int cpoctl_parse_engines(struct cpoctl *c, const struct cpoctl_object *obj,
			 int argc, char **argv, struct cpo_engine *e, int *used);

/*
 * Selectors: a keyword and an id, "engine ENGINE_ID", stored as the u32
 * attribute @attr of the object.
 */
struct cpoctl_sel {
	const char *keyword;
	uint32_t attr;
	const char *meta;	/* "ENGINE_ID" in usage errors */
	const char *what;	/* "engine id" in usage errors */
	const char *text;	/* the object's heading in text, or NULL */
};

/*
 * When argv[0] is the keyword of one of @sels, parse its id into @o (a
 * struct of @set) and mark it in *@present; *@used is the number of
 * arguments taken, 0 when argv[0] is no keyword (*@sel NULL then).
 */
int cpoctl_parse_sel(struct cpoctl *c, const struct cpoctl_object *obj,
		     const struct cpoctl_sel *sels, size_t n,
		     const struct cpo_attr_set *set, int argc, char **argv,
		     void *o, uint64_t *present,
		     const struct cpoctl_sel **sel, int *used);
/*
 * "engine ENGINE_ID" or "lane LANE_ID" into req->diag; with @required a
 * usage error when argv[0] is neither; *@used arguments taken.
 */
int cpoctl_diag_sel(struct cpoctl *c, const struct cpoctl_object *obj,
		    int argc, char **argv, struct cpoctl_req *req,
		    bool required, int *used);
/* Run threshold and alarm commands: show, set, clear. */
int cpoctl_diag_run(struct cpoctl *c, const struct cpoctl_req *req);
/* The u32 the selector stands for in @o. */
uint32_t *cpoctl_sel_field(const struct cpoctl_sel *s,
			   const struct cpo_attr_set *set, void *o);

/*
 * Set arguments are declared in tables: keyword, attribute, parser and,
 * for enum-like values, the names accepted; for a plain number its range.
 * The parser stores into the attribute's field of the object; the caller
 * marks it present. An entry without values, unit or @meta is a keyword
 * alone (an action such as "failover"): its parser gets a NULL @arg.
 */
struct cpoctl_set_arg;
typedef int (*cpoctl_arg_parser)(const struct cpoctl_set_arg *a,
				 const struct cpo_attr_desc *d,
				 const char *arg, void *field);

struct cpoctl_unit;

struct cpoctl_set_arg {
	const char *keyword;
	uint32_t attr;
	cpoctl_arg_parser parse;
	const struct cpo_enum *values;
	/* a number in this unit (cpoctl_arg_unit), "none" standing for @none */
	const struct cpoctl_unit *unit;
	int64_t none;
	/* a plain number (cpoctl_arg_range): its name in usage, its range */
	const char *meta;
	uint32_t min, max;
};

/*
 * Table entries: an enum-like value, a keyword alone, a number in a unit,
 * a plain decimal number in [lo, hi] shown as @m in usage.
 */
#define CPOCTL_ARG_ENUM(kw, a, e)					\
	{ .keyword = (kw), .attr = (a), .parse = cpoctl_arg_enum, .values = (e) }
#define CPOCTL_ARG_FLAG(kw, a)						\
	{ .keyword = (kw), .attr = (a), .parse = cpoctl_arg_flag }
#define CPOCTL_ARG_UNIT(kw, a, u, n)					\
	{ .keyword = (kw), .attr = (a), .parse = cpoctl_arg_unit,	\
	  .unit = (u), .none = (n) }
#define CPOCTL_ARG_RANGE(kw, a, lo, hi, m)				\
	{ .keyword = (kw), .attr = (a), .parse = cpoctl_arg_range,	\
	  .min = (lo), .max = (hi), .meta = (m) }

/* Value by name from a->values, stored as the attribute's u8 or u32. */
int cpoctl_arg_enum(const struct cpoctl_set_arg *a,
		    const struct cpo_attr_desc *d, const char *arg,
		    void *field);
/* A keyword alone: sets the attribute's flag. */
int cpoctl_arg_flag(const struct cpoctl_set_arg *a,
		    const struct cpo_attr_desc *d, const char *arg,
		    void *field);
/*
 * A number in a->unit into the attribute's s64; returns the negative
 * enum cpoctl_num on failure, which the usage error explains.
 */
int cpoctl_arg_unit(const struct cpoctl_set_arg *a,
		    const struct cpo_attr_desc *d, const char *arg,
		    void *field);
/*
 * Plain decimal digits in a->min..a->max into the attribute's u32; no
 * sign, space or suffix. -EINVAL otherwise.
 */
int cpoctl_arg_range(const struct cpoctl_set_arg *a,
		     const struct cpo_attr_desc *d, const char *arg,
		     void *field);

extern const struct cpo_enum cpoctl_on_off_enum;

/* service.c: "major.minor", or "none" for "", into the attribute's string. */
int cpoctl_arg_version(const struct cpoctl_set_arg *a,
		       const struct cpo_attr_desc *d, const char *arg,
		       void *field);

/*
 * "@head{ a | b | c }" and a newline, @list ("a | b | c") wrapped at 80
 * columns under its first item.
 */
void cpoctl_print_choices(FILE *fp, const char *head, const char *list);
/* "low|high" (names of @e joined by @sep); "" for no enum. */
void cpoctl_enum_list(const struct cpo_enum *e, const char *sep, char *buf,
		      size_t len);

/*
 * LANES, as "0-7,12": indexes and ranges of one engine's lanes, each lane
 * once. 0 with the lanes in @m, or a negative errno with the reason in
 * @why.
 */
int cpoctl_parse_lane_list(const char *s, struct cpo_lane_mask *m,
			   char *why, size_t len);
/* The lanes of @m as "0-7,12" ("" for none), truncated to @len. */
void cpoctl_format_lane_list(const struct cpo_lane_mask *m, char *buf,
			     size_t len);
void cpoctl_lane_set_print(const struct cpo_lane *r);
int cpoctl_parse_set_args(struct cpoctl *c, const struct cpoctl_object *obj,
			  const struct cpoctl_set_arg *tbl, size_t n,
			  const struct cpo_attr_set *set, int argc,
			  char **argv, void *o, uint64_t *present);
/*
 * "[ tx { off | on } ] [ refresh-interval MS ] [ failover ]" from the
 * table.
 */
void cpoctl_set_usage(FILE *fp, const struct cpoctl_set_arg *tbl, size_t n);

/* ---- quantity.c: monitored quantities in human units, exactly ---- */

struct cpoctl_unit {
	const char *unit;	/* "C", "mW"; "" for a ratio */
	unsigned int exp;	/* the kernel's unit is 10^-exp of it */
	unsigned int decimals;	/* shown at least */
	bool negative;		/* values below zero are taken */
	bool dbm;		/* mW, also shown in dBm */
	bool ratio;		/* shown as 2.4e-04 */
	const char *what;	/* "a temperature in C" */
	const char *example;	/* "75.5" */
};

/* The unit of a quantity with thresholds, or NULL (flags, unknown). */
const struct cpoctl_unit *cpoctl_unit_of(uint32_t quantity);
/* A threshold level that never trips (INT64_MIN, INT64_MAX, one below). */
bool cpoctl_is_none(int64_t v);

enum cpoctl_num {
	CPOCTL_NUM_OK,
	CPOCTL_NUM_SYNTAX,	/* not a number */
	CPOCTL_NUM_UNIT,	/* followed by something else than its unit */
	CPOCTL_NUM_PRECISION,	/* finer than the kernel's unit */
	CPOCTL_NUM_RANGE,	/* beyond 64 bits */
	CPOCTL_NUM_NEGATIVE,	/* below zero where that makes no sense */
};

/*
 * Parse a number in unit @u, optionally followed by the unit ("75.5",
 * "75.5C", "0.05mW", "2.4e-4"), or "none" (stored as @none), into the
 * kernel's unit exactly.
 */
enum cpoctl_num cpoctl_parse_unit(const struct cpoctl_unit *u, const char *s,
				  int64_t none, int64_t *v);
/* Why a number was refused, for a usage error. */
void cpoctl_num_error(char *buf, size_t len, const struct cpoctl_unit *u,
		      enum cpoctl_num err);
/* @v x 10^-@exp with every digit it has, at least @decimals; " @unit". */
void cpoctl_fmt_fixed(char *buf, size_t len, int64_t v, unsigned int exp,
		      unsigned int decimals, const char *unit);
/* @v x 10^-@exp as "2.4e-04", every digit it has; "0" for none. */
void cpoctl_fmt_ratio(char *buf, size_t len, uint64_t v, unsigned int exp);
/*
 * A value of @quantity in its unit, "none" for a level that never trips,
 * the raw number for a quantity without a unit; with @dbm, powers also
 * in dBm: "0.050 mW (-13.01 dBm)".
 */
void cpoctl_fmt_quantity(char *buf, size_t len, uint32_t quantity, int64_t v,
			 bool dbm);
/* @v x 10^-@exp mW in dBm: "-13.01 dBm", "-inf dBm" for none. */
void cpoctl_fmt_dbm(char *buf, size_t len, int64_t v, unsigned int exp);
/* ns since the epoch as "2025-06-01T10:00:00.123Z" with @digits decimals. */
void cpoctl_fmt_time(char *buf, size_t len, uint64_t ns, unsigned int digits);
/*
 * The clock ages are measured against, in ns since the epoch: by default
 * cpoctl_realtime_ns(), CLOCK_REALTIME like the kernel's times. Tests pin
 * it.
 */
extern uint64_t (*cpoctl_clock)(void);
uint64_t cpoctl_realtime_ns(void);
/*
 * How long before @now the time @then was, for people: "0.4 s ago" (below
 * 10 s), "12 s ago", "12 min ago", "5 h ago" (below 48 h), "3 days ago",
 * each rounded down; "just now" when @then is after @now (a clock stepped
 * between the kernel's reading and ours).
 */
void cpoctl_fmt_age(char *buf, size_t len, uint64_t then, uint64_t now);
/* A duration in ns: "850 ns", "12.500 us", "2.345 ms", "5.235 s". */
void cpoctl_fmt_duration(char *buf, size_t len, uint64_t ns);
/* The symbolic name of a positive errno, "ETIMEDOUT"; "errno N" if unknown. */
void cpoctl_fmt_errno(char *buf, size_t len, uint32_t err);

/* ---- utils.c: printing ---- */

enum cpoctl_fmt {
	CPOCTL_FMT_AUTO,	/* by attribute kind: number, string, enum */
	CPOCTL_FMT_ON_OFF,	/* u8 0/1 as off/on */
	CPOCTL_FMT_YES_NO,	/* u8 0/1 as no/yes */
	CPOCTL_FMT_MILLI_C,	/* millidegrees as "45.0 C" */
	CPOCTL_FMT_MICRO_V,	/* microvolts as "3.300 V" */
	CPOCTL_FMT_NANO_W,	/* nanowatts as "1.000 mW (0.00 dBm)" */
	CPOCTL_FMT_MICRO_A,	/* microamperes as "45.000 mA" */
	CPOCTL_FMT_RATE,	/* Mb/s as "200G" */
	CPOCTL_FMT_MICRO_W,	/* microwatts as "100.000 mW (20.00 dBm)" */
	CPOCTL_FMT_MICRO_W_W,	/* microwatts as "9.800 W" */
	CPOCTL_FMT_FJ_BIT,	/* femtojoules per bit as "1.53 pJ/bit" */
	CPOCTL_FMT_CENTI_DB,	/* hundredths of a dB as "18.50 dB" */
	CPOCTL_FMT_PICO_M,	/* picometers as "1310.00 nm" */
	CPOCTL_FMT_BER,		/* ratio x 10^18 as "2.4e-05" */
	CPOCTL_FMT_QUANTITY,	/* in the unit of the quantity in @unit_of */
	CPOCTL_FMT_QUANTITY_DBM, /* the same, powers also in dBm */
	CPOCTL_FMT_TIME,	/* ns since the epoch, ISO 8601 with ms */
	CPOCTL_FMT_AGE,		/* ns since the epoch as "2.5 s ago" */
	CPOCTL_FMT_DURATION,	/* ns as "2.345 ms" */
	CPOCTL_FMT_MS_OR_SIGNAL, /* ms as "1000 ms", 0 as "on change only" */
	CPOCTL_FMT_PPM_PCT,	/* parts per million as "0.12 %" */
	CPOCTL_FMT_ERRNO,	/* positive errno as "ETIMEDOUT"; text skips 0 */
	CPOCTL_FMT_ALERT,	/* flag: text "UNREACHABLE" when set, else nothing */
};

struct cpoctl_field {
	uint32_t attr;
	enum cpoctl_fmt fmt;
	bool nl;		/* text: start a new line before it */
	unsigned int indent;	/* of that line, 3 when 0 */
	bool bare;		/* text: the value without the name */
	uint32_t unit_of;	/* FMT_QUANTITY: the attribute holding it */
	const char *absent;	/* text for the field when absent, or NULL */
	bool set_only;		/* a flag shown only when set, JSON too */
};

/* FIELD(CPO_A_LANE_TX_POWER, .fmt = CPOCTL_FMT_NANO_W, .nl = true) */
#define FIELD(a, ...)	{ .attr = (a), __VA_ARGS__ }

/*
 * Print the fields of @obj present in @present: JSON gets the spec name and
 * the raw value, text " name human-value". Absent flags print as false and
 * absent id lists as empty (JSON []; text "none"): the kernel leaves both
 * out to say so. Another absent field is left out, or in text only shown
 * as its @absent ("refreshed never").
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
/* The exit code of a set: its error, or its warning and 0. */
int cpoctl_set_status(struct cpoctl *c, int ret, const struct cpo_error *err);
/*
 * Run a show: @fetch gets or dumps (req->dump) and prints each object,
 * inside one JSON array; its error is reported.
 */
typedef int (*cpoctl_fetch_fn)(struct cpoctl *c, const struct cpoctl_req *req,
			       struct cpo_error *err);
int cpoctl_show(struct cpoctl *c, const struct cpoctl_req *req,
		cpoctl_fetch_fn fetch);

/*
 * brief.c: -br, one text line per object (fixed columns, no heading).
 * cpoctl_brief() is true when a show prints so: -br without -j.
 */
bool cpoctl_brief(const struct cpoctl *c);
void cpoctl_engine_print_brief(const struct cpo_engine *e);
void cpoctl_lane_print_brief(const struct cpo_lane *l);
void cpoctl_laser_print_brief(const struct cpo_laser *l);

/* Object printers, shared by show and monitor; @key NULL in arrays. */
void cpoctl_engine_print(const struct cpo_engine *e, const char *key);
void cpoctl_lane_print(const struct cpo_lane *l, const char *key);
void cpoctl_laser_print(const struct cpo_laser *l, const char *key);
void cpoctl_print_firmware(const struct cpo_firmware_list *l);
void cpoctl_topology_print(const struct cpo_topology *t);
/* An engine's or a lane's thresholds (@alarms false) or alarms. */
void cpoctl_diag_print(const struct cpo_diag *d, bool alarms,
		       const char *key);
void cpoctl_event_print(const struct cpo_event *ev);
/* The monitor's line for @n events missed, numbers @first to @last. */
void cpoctl_lost_print(uint64_t n, uint64_t first, uint64_t last);

#endif /* CPOCTL_H */
