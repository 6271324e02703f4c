// SPDX-License-Identifier: GPL-2.0
/*
 * cpo-exporter: options and the event loop. One thread polls the monitor
 * socket, the HTTP server and a signalfd; the copy is dumped at start,
 * after a receive buffer overrun (events were lost) and every --resync
 * seconds (the kernel announces state changes and alarms, not every new
 * reading of a power or a temperature).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "exporter.h"

#define EXIT_USAGE		2
#define DEFAULT_LISTEN		":9472"
#define DEFAULT_TEXTFILE_DIR	"/var/lib/prometheus/node-exporter"
#define TEXTFILE_NAME		"cpo.prom"
#define DEFAULT_RESYNC_S	15
#define DEFAULT_TEXTFILE_S	15
#define DEFAULT_RCVBUF		(8 << 20)
/* A dump that failed (module unloaded?) is tried again this often. */
#define RETRY_MS		2000

struct opts {
	const char *listen;
	const char *textfile_dir;
	bool textfile;
	bool once;
	unsigned int resync_s;
	unsigned int textfile_s;
	unsigned int rcvbuf;
	enum exp_lane_thresholds lane_thresholds;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " EXP_NAME " [OPTIONS]\n"
		"Export the engines, lanes, lasers, thresholds and alarms of the cpo\n"
		"subsystem as Prometheus metrics, from a copy kept by the monitor\n"
		"group's events: a scrape sends nothing to the kernel.\n"
		"\n"
		"  -l, --listen ADDR:PORT        serve /metrics there (default " DEFAULT_LISTEN
		", every\n"
		"                                address; [ADDR6]:PORT for IPv6)\n"
		"  -t, --textfile                write a node_exporter textfile instead of\n"
		"                                serving HTTP\n"
		"  -d, --textfile-dir DIR        its directory (default\n"
		"                                " DEFAULT_TEXTFILE_DIR ");\n"
		"                                the file is DIR/" TEXTFILE_NAME
		", replaced atomically\n"
		"  -i, --textfile-interval SEC   write it every SEC seconds (default %d)\n"
		"  -r, --resync SEC              dump everything again every SEC seconds\n"
		"                                (default %d; 0: only at start and after\n"
		"                                an overrun)\n"
		"  -b, --rcvbuf BYTES            monitor socket receive buffer (default %d)\n"
		"  -1, --once                    print the metrics once on stdout and exit\n"
		"  -T, --lane-thresholds WHICH   the lanes' thresholds to export: all\n"
		"                                (default), differing (those not equal to\n"
		"                                their engine's) or none\n"
		"  -h, --help                    this help\n"
		"  -V, --version                 the release\n"
		"\n"
		"Exit status: 0 on SIGTERM or SIGINT, 1 on an error, 2 on bad usage.\n",
		DEFAULT_TEXTFILE_S, DEFAULT_RESYNC_S, DEFAULT_RCVBUF);
}

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, EXP_NAME ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '" EXP_NAME " --help'.\n");
	return EXIT_USAGE;
}

/* A decimal number in [min, max]. */
static bool parse_uint(const char *s, unsigned int min, unsigned int max,
		       unsigned int *v)
{
	unsigned long n;
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (*end || errno || n < min || n > max)
		return false;
	*v = n;
	return true;
}

static bool parse_lane_thresholds(const char *s,
				  enum exp_lane_thresholds *v)
{
	static const char *const names[] = {
		[EXP_LANE_TH_ALL] = "all",
		[EXP_LANE_TH_DIFFERING] = "differing",
		[EXP_LANE_TH_NONE] = "none",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(s, names[i])) {
			*v = i;
			return true;
		}
	}
	return false;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "textfile", no_argument, NULL, 't' },
		{ "textfile-dir", required_argument, NULL, 'd' },
		{ "textfile-interval", required_argument, NULL, 'i' },
		{ "resync", required_argument, NULL, 'r' },
		{ "rcvbuf", required_argument, NULL, 'b' },
		{ "once", no_argument, NULL, '1' },
		{ "lane-thresholds", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	bool listen_given = false, dir_given = false, interval_given = false;
	int c;

	*o = (struct opts){
		.listen = DEFAULT_LISTEN,
		.textfile_dir = DEFAULT_TEXTFILE_DIR,
		.resync_s = DEFAULT_RESYNC_S,
		.textfile_s = DEFAULT_TEXTFILE_S,
		.rcvbuf = DEFAULT_RCVBUF,
	};
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":l:td:i:r:b:1T:hV", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'l':
			o->listen = optarg;
			listen_given = true;
			break;
		case 't':
			o->textfile = true;
			break;
		case 'd':
			o->textfile_dir = optarg;
			dir_given = true;
			break;
		case 'i':
			if (!parse_uint(optarg, 1, 86400, &o->textfile_s))
				return bad_usage("--textfile-interval: \"%s\" is not a number of seconds from 1 to 86400",
						 optarg);
			interval_given = true;
			break;
		case 'r':
			if (!parse_uint(optarg, 0, 86400, &o->resync_s))
				return bad_usage("--resync: \"%s\" is not a number of seconds from 0 to 86400",
						 optarg);
			break;
		case 'b':
			if (!parse_uint(optarg, 4096, 1 << 30, &o->rcvbuf))
				return bad_usage("--rcvbuf: \"%s\" is not a number of bytes from 4096 to 1073741824",
						 optarg);
			break;
		case '1':
			o->once = true;
			break;
		case 'T':
			if (!parse_lane_thresholds(optarg, &o->lane_thresholds))
				return bad_usage("--lane-thresholds: \"%s\" is not all, differing or none",
						 optarg);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf(EXP_NAME " %s\n", CPO_EXPORTER_VERSION);
			exit(0);
		case ':':
			return bad_usage("option \"%s\" needs a value",
					 argv[optind - 1]);
		default:
			return bad_usage("unknown option \"%s\"",
					 argv[optind - 1]);
		}
	}
	if (listen_given) {
		struct sockaddr_storage ss;
		char msg[256];

		if (exp_listen_parse(o->listen, &ss, msg, sizeof(msg)))
			return bad_usage("%s", msg);
	}
	if (optind < argc)
		return bad_usage("unexpected argument \"%s\"", argv[optind]);
	if (o->textfile && listen_given)
		return bad_usage("%s", "--listen and --textfile exclude each other");
	if (!o->textfile && (dir_given || interval_given))
		return bad_usage("%s", "--textfile-dir and --textfile-interval need --textfile");
	if (o->once && (o->textfile || listen_given))
		return bad_usage("%s", "--once prints on stdout: no --listen or --textfile");
	return 0;
}

/* ------------------------------------------------------------ netlink */

struct exporter {
	struct opts o;
	struct exp_state s;
	struct cpo_handle *h;
	struct exp_http *http;
	uint64_t next_dump;	/* ns since the epoch, 0: none planned */
	uint64_t next_textfile;
};

static void report(const char *what, const struct cpo_error *err)
{
	char msg[CPO_MSG_MAX + 64];

	cpo_error_format(err, msg, sizeof(msg));
	fprintf(stderr, EXP_NAME ": %s: %s\n", what, msg);
}

static void nl_close(struct exporter *x)
{
	if (x->h)
		cpo_close(x->h);
	x->h = NULL;
}

/*
 * Subscribe first, then dump: an event that comes during the dump is
 * applied after it, and one older than what the dump read is ignored.
 */
static int nl_open(struct exporter *x, bool quiet)
{
	struct cpo_error err;
	int ret;

	ret = cpo_open(&x->h, &err);
	if (ret) {
		x->h = NULL;
		if (!quiet) {
			if (ret == -ENOENT)
				fprintf(stderr, EXP_NAME ": the cpo netlink family is not registered (is the cpo module loaded?)\n");
			else
				report("cannot open a netlink socket", &err);
		}
		return ret;
	}
	if (x->o.once)
		return 0;
	ret = cpo_monitor_start(x->h, &err);
	if (ret) {
		if (!quiet)
			report("cannot join the monitor group", &err);
		nl_close(x);
		return ret;
	}
	if (cpo_monitor_rcvbuf(x->h, x->o.rcvbuf, &err) < 0 && !quiet)
		report("warning: receive buffer", &err);
	return 0;
}

static int resync(struct exporter *x, bool quiet)
{
	struct cpo_error err;
	int ret;

	if (!x->h) {
		ret = nl_open(x, quiet);
		if (ret) {
			x->s.cnt.netlink_errors++;
			return ret;
		}
	}
	ret = exp_state_dump(&x->s, x->h, &err);
	if (ret) {
		if (!quiet)
			report("dump", &err);
		/* the family may have gone with the module: open anew */
		nl_close(x);
	}
	return ret;
}

static uint64_t ms_ns(uint64_t ms)
{
	return ms * 1000000ull;
}

static void plan_dump(struct exporter *x, int ret)
{
	uint64_t now = exp_now_ns();

	if (ret)
		x->next_dump = now + ms_ns(RETRY_MS);
	else if (x->o.resync_s)
		x->next_dump = now + ms_ns(x->o.resync_s * 1000ull);
	else
		x->next_dump = 0;
}

static void read_events(struct exporter *x)
{
	struct cpo_error err;
	int ret;

	ret = cpo_monitor_read(x->h, exp_state_event, &x->s, &err);
	if (ret == -ENOBUFS) {
		/* events were lost: the copy may be wrong, dump it again */
		x->s.cnt.overruns++;
		plan_dump(x, resync(x, false));
		return;
	}
	if (ret && ret != -EINTR) {
		x->s.cnt.netlink_errors++;
		report("monitor", &err);
	}
}

static void write_textfile(struct exporter *x)
{
	char msg[4200];

	x->s.cnt.scrapes++;
	if (exp_textfile_write(x->o.textfile_dir, TEXTFILE_NAME, &x->s, msg,
			       sizeof(msg))) {
		x->s.cnt.textfile_errors++;
		fprintf(stderr, EXP_NAME ": %s\n", msg);
	} else {
		x->s.cnt.textfile_writes++;
	}
	x->next_textfile = exp_now_ns() + ms_ns(x->o.textfile_s * 1000ull);
}

static int run_once(struct exporter *x)
{
	struct exp_buf b = {};
	int ret = 1;

	if (resync(x, false))
		return 1;
	x->s.cnt.scrapes++;
	if (exp_metrics_render(&x->s, &b) &&
	    fwrite(b.p, 1, b.len, stdout) == b.len && !fflush(stdout))
		ret = 0;
	else
		fprintf(stderr, EXP_NAME ": cannot print the metrics\n");
	exp_buf_free(&b);
	return ret;
}

static int ms_until(uint64_t when, uint64_t now)
{
	if (!when)
		return -1;
	if (when <= now)
		return 0;
	return (when - now) / 1000000 + 1;
}

static int min_timeout(int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

static int run_loop(struct exporter *x, int sfd)
{
	for (;;) {
		struct pollfd p[3] = {
			{ .fd = sfd, .events = POLLIN },
			{ .fd = x->h ? cpo_monitor_fd(x->h) : -1, .events = POLLIN },
			{ .fd = x->http ? exp_http_fd(x->http) : -1,
			  .events = POLLIN },
		};
		uint64_t now = exp_now_ns();
		int timeout = ms_until(x->next_dump, now);
		int n;

		if (x->o.textfile)
			timeout = min_timeout(timeout,
					      ms_until(x->next_textfile, now));
		if (x->http)
			timeout = min_timeout(timeout,
					      exp_http_timeout(x->http));
		n = poll(p, 3, timeout);
		if (n < 0 && errno != EINTR) {
			perror(EXP_NAME ": poll");
			return 1;
		}
		if (n > 0 && (p[0].revents & POLLIN))
			return 0;	/* SIGTERM or SIGINT */
		if (n > 0 && (p[1].revents & (POLLIN | POLLERR)))
			read_events(x);
		if (x->http)
			exp_http_run(x->http);
		now = exp_now_ns();
		if (x->next_dump && now >= x->next_dump)
			plan_dump(x, resync(x, true));
		if (x->o.textfile && now >= x->next_textfile)
			write_textfile(x);
	}
}

int main(int argc, char **argv)
{
	struct exporter x = {};
	char msg[256];
	sigset_t sigs;
	int ret, sfd;

	ret = parse_opts(argc, argv, &x.o);
	if (ret)
		return ret;
	exp_state_init(&x.s);
	x.s.lane_thresholds = x.o.lane_thresholds;
	if (x.o.once) {
		ret = run_once(&x);
		nl_close(&x);
		exp_state_free(&x.s);
		return ret;
	}
	if (x.o.textfile && access(x.o.textfile_dir, W_OK)) {
		fprintf(stderr, EXP_NAME ": textfile directory %s: %s\n",
			x.o.textfile_dir, strerror(errno));
		return 1;
	}
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
	if (sfd < 0) {
		perror(EXP_NAME ": signalfd");
		return 1;
	}
	ret = resync(&x, false);
	if (ret) {
		close(sfd);
		exp_state_free(&x.s);
		return 1;
	}
	plan_dump(&x, 0);
	if (x.o.textfile) {
		write_textfile(&x);
	} else if (exp_http_start(&x.http, x.o.listen, &x.s, msg,
				  sizeof(msg))) {
		fprintf(stderr, EXP_NAME ": %s\n", msg);
		nl_close(&x);
		close(sfd);
		exp_state_free(&x.s);
		return 1;
	}
	ret = run_loop(&x, sfd);
	exp_http_stop(x.http);
	nl_close(&x);
	close(sfd);
	exp_state_free(&x.s);
	return ret;
}
