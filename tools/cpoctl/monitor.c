// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl monitor: one line per event, one JSON object per line with -j.
 * Each event carries the kernel's sequence number and time; a gap in the
 * numbers is reported as lost events, a receive buffer overrun too, so
 * nothing is ever lost silently.
 */
#define _GNU_SOURCE	/* ppoll */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "cpoctl.h"
#include "json_print.h"

/* The signal that stops the monitor (SIGINT, SIGTERM), or 0. */
static volatile sig_atomic_t monitor_stop;

static void monitor_help(FILE *fp)
{
	fprintf(fp,
		"Usage: cpoctl monitor [ count N ] [ timeout SECONDS ] [ rcvbuf BYTES ]\n"
		"       cpoctl monitor help\n"
		"Prints one line (one JSON object with -j) per event: engine-, lane-\n"
		"and laser-{create,delete,change}, laser-failover (the spare that took\n"
		"over; its covering-id names the failed primary), laser-failback (the\n"
		"primary that took its lanes back; its spare-id names the spare) and\n"
		"alarm (a flag became active or ended). Each starts with the kernel's\n"
		"time and the event's sequence number. Missed events are reported:\n"
		"\"lost N events (seq A..B)\" for a gap in the numbers (JSON\n"
		"{\"lost\":N,...}), \"lost events: receive buffer overrun\" when the\n"
		"socket overflowed (JSON {\"overrun\":true}); a dump then tells the\n"
		"current state.\n"
		"count N and timeout SECONDS stop after N events or that long; with -j\n"
		"a last line sums up: {\"received\":N,\"lost\":M,...}. rcvbuf sets the\n"
		"socket's receive buffer (default %d bytes).\n",
		CPOCTL_MONITOR_RCVBUF);
}

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* "count N" and the like: a u32 of struct cpoctl_req, 1 to @max. */
static const struct monitor_opt {
	const char *keyword;
	size_t offset;
	uint32_t max;
} monitor_opts[] = {
	{ "count", offsetof(struct cpoctl_req, monitor.count), UINT32_MAX },
	{ "timeout", offsetof(struct cpoctl_req, monitor.timeout), UINT32_MAX },
	/* the kernel doubles it into an int */
	{ "rcvbuf", offsetof(struct cpoctl_req, monitor.rcvbuf), INT32_MAX / 2 },
};

static int monitor_parse(struct cpoctl *c, int argc, char **argv,
			 struct cpoctl_req *req)
{
	const struct monitor_opt *o;
	uint32_t *v;
	size_t i;
	int ret;

	if (argc == 1 && !strcmp(argv[0], "help")) {
		req->cmd = CPOCTL_CMD_HELP;
		return 0;
	}
	req->cmd = CPOCTL_CMD_MONITOR;
	for (; argc > 0; argc -= 2, argv += 2) {
		o = NULL;
		for (i = 0; i < ARRAY_SIZE(monitor_opts); i++)
			if (!strcmp(argv[0], monitor_opts[i].keyword))
				o = &monitor_opts[i];
		if (!o)
			return cpoctl_usage(c, &cpoctl_monitor,
					    "unexpected argument \"%s\"", argv[0]);
		if (argc < 2)
			return cpoctl_usage(c, &cpoctl_monitor,
					    "missing value for \"%s\"", argv[0]);
		v = (uint32_t *)((char *)req + o->offset);
		ret = cpoctl_parse_u32(c, &cpoctl_monitor, o->keyword, argv[1],
				       v);
		if (ret)
			return ret;
		if (!*v || *v > o->max)
			return cpoctl_usage(c, &cpoctl_monitor,
					    "invalid %s \"%s\"", o->keyword,
					    argv[1]);
	}
	return 0;
}

/* The event's object under its key: "lane": { ... } */
static void event_engine(const struct cpo_event *ev)
{
	cpoctl_engine_print(&ev->engine, "engine");
}

static void event_lane(const struct cpo_event *ev)
{
	cpoctl_lane_print(&ev->lane, "lane");
}

static void event_laser(const struct cpo_event *ev)
{
	cpoctl_laser_print(&ev->laser, "laser");
}

/*
 * An alarm: in JSON the diag object, as alarm show prints it; in text one
 * line, "lane 12 (engine 1) rx-power low-warning active value 0.040 mW
 * threshold 0.050 mW".
 */
static void event_alarm(const struct cpo_event *ev)
{
	const struct cpo_diag *d = &ev->diag;
	const struct cpo_alarm *a = &d->alarms.items[0];
	char v[64];

	if (is_json_context()) {
		cpoctl_diag_print(d, true, "diag");
		return;
	}
	if (cpo_has(d->present, CPO_A_DIAG_LANE_ID))
		print_text("lane %u (engine %u)", d->lane_id, d->engine_id);
	else
		print_text("engine %u", d->engine_id);
	if (!d->alarms.n)
		return;
	print_text(" %s", cpo_enum_name(&cpo_quantity_enum, a->quantity) ?:
			  "quantity?");
	print_text(" %s", cpo_enum_name(&cpo_alarm_level_enum, a->level) ?:
			  "level?");
	print_text(" %s", a->active ? "active" : "ended");
	if (cpo_has(a->present, CPO_A_ALARM_VALUE)) {
		cpoctl_fmt_quantity(v, sizeof(v), a->quantity, a->value, true);
		print_text(" value %s", v);
	}
	if (cpo_has(a->present, CPO_A_ALARM_THRESHOLD)) {
		cpoctl_fmt_quantity(v, sizeof(v), a->quantity, a->threshold,
				    true);
		print_text(" threshold %s", v);
	}
}

static void event_service(const struct cpo_event *ev)
{
	cpoctl_service_print(&ev->service, "service");
}

static void (*const event_printers[])(const struct cpo_event *ev) = {
	[CPO_OBJ_ENGINE] = event_engine,
	[CPO_OBJ_LANE] = event_lane,
	[CPO_OBJ_LASER] = event_laser,
	[CPO_OBJ_DIAG] = event_alarm,
	[CPO_OBJ_SERVICE] = event_service,
};

void cpoctl_event_print(const struct cpo_event *ev)
{
	char ts[48];

	open_json_object(NULL);
	if (ev->timestamp) {
		cpoctl_fmt_time(ts, sizeof(ts), ev->timestamp, 6);
		print_u64(PRINT_JSON, "timestamp", NULL, ev->timestamp);
		print_text("%s ", ts);
	}
	if (ev->seq)
		print_u64(PRINT_ANY, "seq", "seq %" PRIu64 " ", ev->seq);
	/* "[lane-change] lane 3: ...", "alarm lane 12 (engine 1) ..." */
	print_string(PRINT_ANY, "event",
		     ev->obj == CPO_OBJ_DIAG ? "%s " : "[%s] ", ev->name);
	if ((size_t)ev->obj < ARRAY_SIZE(event_printers) &&
	    event_printers[ev->obj])
		event_printers[ev->obj](ev);
	close_json_object();
	print_text("\n");
}

void cpoctl_lost_print(uint64_t n, uint64_t first, uint64_t last)
{
	open_json_object(NULL);
	print_u64(PRINT_ANY, "lost", "lost %" PRIu64 " events", n);
	print_u64(PRINT_ANY, "first-seq", " (seq %" PRIu64, first);
	print_u64(PRINT_ANY, "last-seq", "..%" PRIu64 ")", last);
	close_json_object();
	print_text("\n");
}

struct monitor {
	struct cpoctl *c;
	struct cpo_seq seq;
	uint64_t received;	/* events printed */
	uint64_t overruns;
	uint32_t count;		/* stop after so many events, 0 never */
};

static int monitor_event(const struct cpo_event *ev, void *data)
{
	struct monitor *m = data;
	uint64_t missed = cpo_seq_track(&m->seq, ev->seq);

	if (missed)
		cpoctl_lost_print(missed, ev->seq - missed, ev->seq - 1);
	cpoctl_event_print(ev);
	m->received++;
	fflush(m->c->out);	/* readers of a pipe want events as they come */
	if (m->count && m->received >= m->count)
		return -ECANCELED;
	return 0;
}

static void monitor_overrun(struct monitor *m)
{
	m->overruns++;
	open_json_object(NULL);
	print_bool(PRINT_JSON, "overrun", NULL, true);
	print_text("lost events: receive buffer overrun");
	close_json_object();
	print_text("\n");
	fflush(m->c->out);
}

static void monitor_summary(const struct monitor *m)
{
	if (!is_json_context())
		return;
	open_json_object(NULL);
	print_u64(PRINT_JSON, "received", NULL, m->received);
	print_u64(PRINT_JSON, "lost", NULL, m->seq.lost);
	print_u64(PRINT_JSON, "overruns", NULL, m->overruns);
	print_u64(PRINT_JSON, "first-seq", NULL, m->seq.first);
	print_u64(PRINT_JSON, "last-seq", NULL, m->seq.last);
	if (m->seq.restarts)
		print_u64(PRINT_JSON, "restarts", NULL, m->seq.restarts);
	close_json_object();
}

static void on_signal(int sig)
{
	monitor_stop = sig;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int monitor_loop(struct cpoctl *c, struct monitor *m,
			uint32_t timeout, const sigset_t *waitmask)
{
	struct pollfd pfd = { .fd = cpo_monitor_fd(c->h), .events = POLLIN };
	uint64_t end = timeout ? now_ns() + timeout * 1000000000ULL : 0;
	struct timespec ts, *tsp = NULL;
	struct cpo_error err;
	uint64_t now, left;
	int ret;

	while (!monitor_stop) {
		if (end) {
			now = now_ns();
			if (now >= end)
				break;
			left = end - now;
			ts.tv_sec = left / 1000000000ULL;
			ts.tv_nsec = left % 1000000000ULL;
			tsp = &ts;
		}
		/* signals are only let in while waiting, so none is missed */
		ret = ppoll(&pfd, 1, tsp, waitmask);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0) {
			fprintf(c->err, "Error: poll: %s\n", strerror(errno));
			return CPOCTL_EXIT_KERNEL;
		}
		if (!ret)
			continue;	/* the deadline is checked above */
		ret = cpo_monitor_read(c->h, monitor_event, m, &err);
		if (ret == -ECANCELED)
			break;		/* count reached */
		if (ret == -ENOBUFS) {
			monitor_overrun(m);
			continue;
		}
		if (ret && ret != -EINTR)
			return cpoctl_kernel_error(c, &err);
	}
	return CPOCTL_EXIT_OK;
}

static int monitor_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct monitor m = { .c = c, .count = req->monitor.count };
	struct cpo_error err;
	sigset_t block, orig;
	int ret;

	ret = cpo_monitor_start(c->h, &err);
	if (ret)
		return cpoctl_kernel_error(c, &err);
	/* room for a burst, yet an overrun is still reported */
	if (cpo_monitor_rcvbuf(c->h, req->monitor.rcvbuf ?:
			       CPOCTL_MONITOR_RCVBUF, &err) < 0)
		fprintf(c->err, "Warning: %s\n", err.msg);
	monitor_stop = 0;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	set_oneline(true);
	ret = monitor_loop(c, &m, req->monitor.timeout, &orig);
	c->signal = monitor_stop;
	monitor_summary(&m);
	fflush(c->out);
	/*
	 * Give the signals back before unblocking them: one that comes now
	 * is for what follows (the next command of a batch), which it stops
	 * as usual.
	 */
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	return ret;
}

const struct cpoctl_object cpoctl_monitor = {
	.name = "monitor",
	.parse = monitor_parse,
	.run = monitor_run,
	.help = monitor_help,
};
