// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl monitor: one line per event, one JSON object per line with -j.
 */
#define _GNU_SOURCE	/* ppoll */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>

#include "cpoctl.h"
#include "json_print.h"

static volatile sig_atomic_t monitor_stop;

static void monitor_help(FILE *fp)
{
	fprintf(fp,
		"Usage: cpoctl monitor\n"
		"       cpoctl monitor help\n"
		"Prints one line (one JSON object with -j) per event: engine-, lane-\n"
		"and laser-{create,delete,change}, and laser-failover (the spare that\n"
		"took over; its covering-id names the failed primary).\n");
}

static int monitor_parse(struct cpoctl *c, int argc, char **argv,
			 struct cpoctl_req *req)
{
	if (argc == 0) {
		req->cmd = CPOCTL_CMD_MONITOR;
		return 0;
	}
	if (!strcmp(argv[0], "help") && argc == 1) {
		req->cmd = CPOCTL_CMD_HELP;
		return 0;
	}
	return cpoctl_usage(c, &cpoctl_monitor, "unexpected argument \"%s\"",
			    argv[0]);
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

static void (*const event_printers[])(const struct cpo_event *ev) = {
	[CPO_OBJ_ENGINE] = event_engine,
	[CPO_OBJ_LANE] = event_lane,
	[CPO_OBJ_LASER] = event_laser,
};

void cpoctl_event_print(const struct cpo_event *ev)
{
	open_json_object(NULL);
	print_string(PRINT_ANY, "event", "[%s] ", ev->name);
	if ((size_t)ev->obj < sizeof(event_printers) / sizeof(event_printers[0]) &&
	    event_printers[ev->obj])
		event_printers[ev->obj](ev);
	close_json_object();
	print_text("\n");
}

static int monitor_event(const struct cpo_event *ev, void *data)
{
	struct cpoctl *c = data;

	cpoctl_event_print(ev);
	fflush(c->out);		/* readers of a pipe want events as they come */
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	monitor_stop = 1;
}

static int monitor_loop(struct cpoctl *c, const sigset_t *waitmask)
{
	struct pollfd pfd = { .fd = cpo_monitor_fd(c->h), .events = POLLIN };
	struct cpo_error err;
	int ret;

	while (!monitor_stop) {
		/* signals are only let in while waiting, so none is missed */
		if (ppoll(&pfd, 1, NULL, waitmask) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(c->err, "Error: poll: %s\n", strerror(errno));
			return CPOCTL_EXIT_KERNEL;
		}
		ret = cpo_monitor_read(c->h, monitor_event, c, &err);
		if (ret == -ENOBUFS) {
			fprintf(c->err, "Warning: %s\n", err.msg);
			continue;
		}
		if (ret && ret != -EINTR)
			return cpoctl_kernel_error(c, &err);
	}
	return CPOCTL_EXIT_OK;
}

static int monitor_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct cpo_error err;
	sigset_t block, orig;
	int ret;

	(void)req;
	ret = cpo_monitor_start(c->h, &err);
	if (ret)
		return cpoctl_kernel_error(c, &err);
	monitor_stop = 0;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	set_oneline(true);
	ret = monitor_loop(c, &orig);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	return ret;
}

const struct cpoctl_object cpoctl_monitor = {
	.name = "monitor",
	.parse = monitor_parse,
	.run = monitor_run,
	.help = monitor_help,
};
