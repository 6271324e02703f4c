/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpo-exporter: the cpo subsystem's engines, lanes, lasers, thresholds and
 * alarms as Prometheus metrics. The exporter keeps its own copy of them,
 * filled by a dump at start and kept current by the monitor group's
 * events; a scrape renders that copy and sends nothing to the kernel.
 */
#ifndef CPO_EXPORTER_H
#define CPO_EXPORTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libcpo.h"

#define EXP_NAME	"cpo-exporter"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Thresholds and alarms of an engine or a lane, as the kernel last told. */
struct exp_diag {
	uint32_t n_thresholds;
	struct cpo_threshold *thresholds;
	uint32_t n_alarms;
	struct cpo_alarm *alarms;
};

/* An engine or a lane of the copy: libcpo's object and its diag. */
struct exp_engine {
	struct cpo_engine e;
	struct exp_diag diag;
};

/* A lane without its requests' and replies' nests: struct cpo_lane is kilobytes. */
struct exp_lane {
	struct cpo_lane_state l;
	struct exp_diag diag;
};

/* An array of objects kept in ascending id order. */
struct exp_table {
	size_t n, cap;
	size_t size;			/* of one element */
	size_t id_off;			/* of its uint32_t id */
	void **items;			/* pointers, ascending ids */
};

struct exp_counters {
	uint64_t events;		/* applied */
	uint64_t events_lost;		/* sequence numbers missed */
	uint64_t overruns;		/* ENOBUFS on the monitor socket */
	uint64_t dumps;			/* complete resynchronisations */
	uint64_t dump_errors;		/* failed or interrupted ones */
	uint64_t netlink_errors;	/* any failed netlink call */
	uint64_t scrapes;
	uint64_t textfile_writes;
	uint64_t textfile_errors;
};

/* Which lanes' thresholds the metrics carry (--lane-thresholds). */
enum exp_lane_thresholds {
	EXP_LANE_TH_ALL,	/* every lane's */
	EXP_LANE_TH_DIFFERING,	/* those that differ from the engine's */
	EXP_LANE_TH_NONE,
};

struct exp_state {
	struct exp_table engines;	/* struct exp_engine */
	struct exp_table lanes;		/* struct exp_lane */
	struct exp_table lasers;	/* struct cpo_laser */
	struct cpo_seq seq;
	struct exp_counters cnt;
	uint64_t last_dump;		/* ns since the epoch, 0 before any */
	uint64_t last_event;		/* ns since the epoch of the last
					 * event applied (the kernel's) */
	uint64_t last_event_seen;	/* ns since the epoch, when applied */
	uint64_t start;			/* ns since the epoch */
	uint64_t gen;			/* bumped by each change of the copy */
	enum exp_lane_thresholds lane_thresholds;
};

/* state.c */
void exp_state_init(struct exp_state *s);
void exp_state_free(struct exp_state *s);
/*
 * Replace the copy by a fresh dump of engines, lanes, lasers, thresholds
 * and alarms. On failure the old copy stays. Return 0 or a negative errno.
 */
int exp_state_dump(struct exp_state *s, struct cpo_handle *h,
		   struct cpo_error *err);
/* Apply one monitor event; cpo_event_cb. */
int exp_state_event(const struct cpo_event *ev, void *data);
struct exp_engine *exp_engine_find(const struct exp_state *s, uint32_t id);
struct exp_lane *exp_lane_find(const struct exp_state *s, uint32_t id);
struct cpo_laser *exp_laser_find(const struct exp_state *s, uint32_t id);
uint64_t exp_now_ns(void);

/* metrics.c: the Prometheus text format (version 0.0.4). */
struct exp_buf {
	char *p;
	size_t len, cap;
	bool oom;
};

void exp_buf_free(struct exp_buf *b);
/* Room for @more bytes and a NUL; false (and @b->oom) when out of memory. */
bool exp_buf_reserve(struct exp_buf *b, size_t more);
void exp_buf_append(struct exp_buf *b, const void *p, size_t len);
void exp_buf_printf(struct exp_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Render the copy into @b (appended); false when out of memory. */
bool exp_metrics_render(const struct exp_state *s, struct exp_buf *b);
/*
 * The page in parts, in order: a static part depends only on the copy
 * (the same until s->gen changes), a dynamic one also on the time and the
 * exporter's counters. exp_metrics_render() is every part at @now.
 */
#define EXP_PARTS	4
bool exp_metrics_part_static(unsigned int part);
bool exp_metrics_render_part(const struct exp_state *s, struct exp_buf *b,
			     unsigned int part, uint64_t now);

/*
 * page.c: the page of a scrape, plain or gzip. The static parts are kept,
 * and compressed, once per generation of the copy; a scrape renders (and
 * compresses) only the dynamic ones around them.
 */
struct exp_page {
	bool valid;
	uint64_t gen;
	struct exp_buf plain[EXP_PARTS];	/* static parts */
	uint32_t crc[EXP_PARTS];		/* their CRC-32 */
	bool gz_valid;
	struct exp_buf gz[EXP_PARTS];		/* raw deflate, flushed */
};

void exp_page_free(struct exp_page *pg);
/* Build the whole page at @now into @out (emptied first); 0 or -ENOMEM. */
int exp_page_build(struct exp_page *pg, const struct exp_state *s, bool gzip,
		   uint64_t now, struct exp_buf *out);
/* Whether an Accept-Encoding header value takes gzip (RFC 9110 12.5.3). */
bool exp_accepts_gzip(const char *accept_encoding);

/* http.c */
struct exp_http;
struct sockaddr_storage;
/* "ADDR:PORT", "[ADDR6]:PORT" or ":PORT" (every IPv4 address); -EINVAL. */
int exp_listen_parse(const char *listen, struct sockaddr_storage *ss,
		     char *msg, size_t msglen);
int exp_http_start(struct exp_http **hp, const char *listen,
		   struct exp_state *s, char *msg, size_t msglen);
void exp_http_stop(struct exp_http *h);
/* The fd to poll for reading, and the longest wait in ms (-1: none). */
int exp_http_fd(const struct exp_http *h);
int exp_http_timeout(const struct exp_http *h);
void exp_http_run(struct exp_http *h);

/* textfile.c: write DIR/NAME atomically (a temporary file, then rename). */
int exp_textfile_write(const char *dir, const char *name,
		       const struct exp_state *s, char *msg, size_t msglen);

#endif /* CPO_EXPORTER_H */
