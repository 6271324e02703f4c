// SPDX-License-Identifier: GPL-2.0
/*
 * Lane tests and the engine self-test:
 *   cpoctl lane test { ENGINE_ID LANE_INDEX | id LANE_ID }
 *          { [ loopback L ] [ side S ] [ pattern P ] [ gate MS ]
 *            [ ber-limit BER ] [ force ] | stop }
 *   cpoctl selftest { ENGINE_ID | dev DEV } { [ pattern P ] [ gate MS ]
 *          [ ber-limit BER ] [ force ] | stop }
 *   cpoctl selftest show [ ENGINE_ID ]
 * A test with a gating time, and a self-test, are followed on the monitor
 * group until they end; the results are then printed, and a self-test
 * lists the lanes that failed. SIGINT or SIGTERM meanwhile stops what
 * this command began (the lanes go back to service at once, not when the
 * gating time would have passed), prints the results so far and exits 1.
 */
#define _GNU_SOURCE	/* ppoll */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cpoctl.h"
#include "json_print.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
/* A test that should have ended is checked on with a get this often. */
#define TEST_QUIET_MS	2000

#define BER_ONE		1000000000000000000ULL

/*
 * Take "ber-limit BER" out of @argv (so that the tables parse the rest):
 * 0 when absent or parsed into *@v with @bit set in *@present, else a
 * usage error.
 */
int cpoctl_take_ber_limit(struct cpoctl *c, const struct cpoctl_object *obj,
			  int *argc, char **argv, uint64_t *v,
			  uint64_t *present, uint64_t bit)
{
	int64_t ber;
	int i;

	for (i = 0; i < *argc; i++) {
		if (strcmp(argv[i], "ber-limit"))
			continue;
		if (i + 1 >= *argc)
			return cpoctl_usage(c, obj, "missing BER after ber-limit");
		if (cpoctl_parse_unit(cpoctl_unit_of(CPO_QUANTITY_PRE_FEC_BER),
				      argv[i + 1], -1, &ber) ||
		    ber < 0 || (uint64_t)ber > BER_ONE)
			return cpoctl_usage(c, obj,
					    "ber-limit: a bit error ratio from 0 to 1 such as 1e-12, not \"%s\"",
					    argv[i + 1]);
		*v = ber;
		*present |= bit;
		memmove(&argv[i], &argv[i + 2], (*argc - i - 2) * sizeof(*argv));
		*argc -= 2;
		return 0;
	}
	return 0;
}

/* A failure of cpoctl's own (poll, memory) in the library's terms. */
static int test_err(struct cpo_error *err, int e, const char *what)
{
	err->err = e;
	snprintf(err->msg, sizeof(err->msg), "%s: %s", what, strerror(e));
	return -e;
}

/* ---- printing ---- */

static const struct cpoctl_field test_fields[] = {
	FIELD(CPO_A_TEST_STATE, .bare = true),
	FIELD(CPO_A_TEST_PATTERN, .bare = true),
	FIELD(CPO_A_TEST_SIDE),
	FIELD(CPO_A_TEST_LOOPBACK),
	FIELD(CPO_A_TEST_GATE_TIME, .fmt = CPOCTL_FMT_MS_OR_SIGNAL),
	FIELD(CPO_A_TEST_BITS, .nl = true, .indent = 5),
	FIELD(CPO_A_TEST_ERRORS),
	FIELD(CPO_A_TEST_BER, .fmt = CPOCTL_FMT_BER),
	FIELD(CPO_A_TEST_LOCKED, .fmt = CPOCTL_FMT_YES_NO),
	FIELD(CPO_A_TEST_LOST_LOCK, .fmt = CPOCTL_FMT_YES_NO),
	FIELD(CPO_A_TEST_BER_LIMIT, .fmt = CPOCTL_FMT_BER),
	FIELD(CPO_A_TEST_PASS, .fmt = CPOCTL_FMT_YES_NO),
	FIELD(CPO_A_TEST_MESSAGE),
	FIELD(CPO_A_TEST_STARTED, .fmt = CPOCTL_FMT_AGE),
	FIELD(CPO_A_TEST_ENDED, .fmt = CPOCTL_FMT_AGE),
};

/* The lane's test nest: "test done prbs31q side media ..." */
void cpoctl_lane_print_test(const struct cpo_test_list *l)
{
	const struct cpo_test *t = &l->items[0];

	if (!l->n)
		return;
	print_nl_indent(3);
	open_json_object("test");
	print_text(" test");
	cpoctl_print_fields(&cpo_test_attr_set, t, t->present, test_fields,
			    ARRAY_SIZE(test_fields));
	close_json_object();
}

static const struct cpoctl_field selftest_fields[] = {
	FIELD(CPO_A_SELFTEST_STATE, .bare = true),
	FIELD(CPO_A_SELFTEST_PASS, .fmt = CPOCTL_FMT_YES_NO),
	FIELD(CPO_A_SELFTEST_LANES),
	FIELD(CPO_A_SELFTEST_LANES_FAILED),
	FIELD(CPO_A_SELFTEST_PATTERN),
	FIELD(CPO_A_SELFTEST_GATE_TIME, .fmt = CPOCTL_FMT_MS_OR_SIGNAL),
	FIELD(CPO_A_SELFTEST_BER_LIMIT, .fmt = CPOCTL_FMT_BER),
	FIELD(CPO_A_SELFTEST_STARTED, .fmt = CPOCTL_FMT_AGE),
	FIELD(CPO_A_SELFTEST_ENDED, .fmt = CPOCTL_FMT_AGE),
};

/* The engine's selftest nest. */
void cpoctl_engine_print_selftest(const struct cpo_selftest_list *l)
{
	const struct cpo_selftest *st = &l->items[0];

	if (!l->n)
		return;
	print_nl_indent(3);
	open_json_object("selftest");
	print_text(" selftest");
	cpoctl_print_fields(&cpo_selftest_attr_set, st, st->present,
			    selftest_fields, ARRAY_SIZE(selftest_fields));
	close_json_object();
}

/* ---- following tests on the monitor group ---- */

static bool test_ended(uint32_t state)
{
	return state && state != CPO_TEST_STATE_RUNNING;
}

static volatile sig_atomic_t test_interrupted;

static void test_on_signal(int sig)
{
	(void)sig;
	test_interrupted = 1;
}

/*
 * While a test is followed, SIGINT and SIGTERM stop it; they are blocked
 * but while waiting (*@wait is the mask to wait with), so none is missed.
 */
struct test_signals {
	sigset_t orig, wait;
	struct sigaction old_int, old_term;
};

static void test_signals_catch(struct test_signals *ts)
{
	struct sigaction sa = { .sa_handler = test_on_signal };
	sigset_t block;

	test_interrupted = 0;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &ts->orig);
	ts->wait = ts->orig;
	sigdelset(&ts->wait, SIGINT);
	sigdelset(&ts->wait, SIGTERM);
	sigaction(SIGINT, &sa, &ts->old_int);
	sigaction(SIGTERM, &sa, &ts->old_term);
}

static void test_signals_restore(const struct test_signals *ts)
{
	sigaction(SIGINT, &ts->old_int, NULL);
	sigaction(SIGTERM, &ts->old_term, NULL);
	sigprocmask(SIG_SETMASK, &ts->orig, NULL);
}

/*
 * Wait for the monitor socket at most @ms; 1 readable, 0 timeout or a
 * signal (test_interrupted says which), negative errno.
 */
static int monitor_wait(struct cpoctl *c, const struct test_signals *ts,
			int ms)
{
	struct pollfd pfd = { .fd = cpo_monitor_fd(c->h), .events = POLLIN };
	struct timespec t = { .tv_sec = ms / 1000,
			      .tv_nsec = (ms % 1000) * 1000000L };
	int ret;

	ret = ppoll(&pfd, 1, &t, &ts->wait);
	if (ret < 0)
		return errno == EINTR ? 0 : -errno;
	return ret > 0;
}

/*
 * The first SIGINT or SIGTERM: stop the test with @stop (a lane-test or
 * engine-selftest request with stop). One that ended meanwhile (ENOENT)
 * is no error.
 */
static int test_stop_once(struct cpoctl *c, bool *stopping,
			  int (*stop)(struct cpo_handle *, const void *,
				      struct cpo_error *),
			  const void *req, struct cpo_error *err)
{
	int ret;

	if (!test_interrupted || *stopping)
		return 0;
	*stopping = true;
	ret = stop(c->h, req, err);
	return ret == -ENOENT ? 0 : ret;
}

struct lane_follow {
	const struct cpo_lane *sel;	/* id, or engine-id and index */
	struct cpo_lane lane;		/* the last event or get */
	bool ended;
	bool stopping;			/* interrupted: stop sent */
};

static int lane_test_stop(struct cpo_handle *h, const void *req,
			  struct cpo_error *err)
{
	struct cpo_lane l = *(const struct cpo_lane *)req;

	memset(&l.test, 0, sizeof(l.test));
	l.test.n = 1;
	l.test.items[0].stop = true;
	l.test.items[0].present = CPO_BIT(CPO_A_TEST_STOP);
	return cpo_lane_test(h, &l, err);
}

static bool lane_is(const struct cpo_lane *sel, const struct cpo_lane *l)
{
	if (cpo_has(sel->present, CPO_A_LANE_ID))
		return l->id == sel->id;
	return l->engine_id == sel->engine_id && l->index == sel->index;
}

static int lane_test_event(const struct cpo_event *ev, void *data)
{
	struct lane_follow *f = data;

	if (ev->cmd != CPO_CMD_LANE_TEST_NTF || !lane_is(f->sel, &ev->lane) ||
	    !ev->lane.test.n)
		return 0;
	if (test_ended(ev->lane.test.items[0].state)) {
		f->lane = ev->lane;
		f->ended = true;
	}
	return 0;
}

/*
 * Until the lane's test ended: its events, or a get when they are quiet;
 * stopped on a signal.
 */
static int lane_test_follow(struct cpoctl *c, const struct test_signals *ts,
			    struct lane_follow *f, struct cpo_error *err)
{
	int ready, ret;

	while (!f->ended) {
		ready = monitor_wait(c, ts, f->stopping ? 200 : TEST_QUIET_MS);
		if (ready < 0)
			return test_err(err, -ready, "poll");
		ret = test_stop_once(c, &f->stopping, lane_test_stop, f->sel,
				     err);
		if (ret)
			return ret;
		if (ready) {
			ret = cpo_monitor_read(c->h, lane_test_event, f, err);
			if (ret && ret != -ENOBUFS && ret != -EINTR)
				return ret;
			if (ret != -ENOBUFS)
				continue;
		}
		ret = cpo_lane_get(c->h, f->sel, &f->lane, err);
		if (ret)
			return ret;
		f->ended = !f->lane.test.n ||
			   test_ended(f->lane.test.items[0].state);
	}
	return 0;
}

static void lane_print_result(const struct cpo_lane *l)
{
	open_json_object(NULL);
	print_uint(PRINT_ANY, "id", "lane %u", l->id);
	print_uint(PRINT_ANY, "engine-id", " (engine %u", l->engine_id);
	print_uint(PRINT_ANY, "index", " index %u):", l->index);
	cpoctl_lane_print_test(&l->test);
	close_json_object();
	print_nl();
}

/*
 * lane test: start it; with a gating time follow it to its end and print
 * the result. A failed lane is not a failed command.
 */
int cpoctl_lane_test_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	const struct cpo_test *t = &req->lane.test.items[0];
	struct lane_follow f = { .sel = &req->lane };
	bool follow = !t->stop && t->gate_time;
	struct test_signals ts;
	struct cpo_error err;
	int ret;

	if (follow) {
		ret = cpo_monitor_start(c->h, &err);
		if (ret)
			return cpoctl_kernel_error(c, &err);
		test_signals_catch(&ts);
	}
	ret = cpo_lane_test(c->h, &req->lane, &err);
	if (!ret && follow) {
		cpoctl_kernel_warning(c, &err);
		ret = lane_test_follow(c, &ts, &f, &err);
	}
	if (follow)
		test_signals_restore(&ts);
	if (ret)
		return cpoctl_kernel_error(c, &err);
	if (!follow) {
		cpoctl_kernel_warning(c, &err);
		return CPOCTL_EXIT_OK;
	}
	open_json_array(NULL);
	lane_print_result(&f.lane);
	close_json_array();
	if (f.stopping) {
		fprintf(c->err, "Error: interrupted: the test was stopped\n");
		return CPOCTL_EXIT_TEST_FAILED;
	}
	return CPOCTL_EXIT_OK;
}

/* ---- selftest ---- */

static const struct cpoctl_set_arg selftest_args[] = {
	CPOCTL_ARG_ENUM("pattern", CPO_A_SELFTEST_PATTERN,
			&cpo_prbs_pattern_enum),
	CPOCTL_ARG_RANGE("gate", CPO_A_SELFTEST_GATE_TIME, 100, 3600000, "MS"),
	CPOCTL_ARG_FLAG("force", CPO_A_SELFTEST_FORCE),
};

static void selftest_help(FILE *fp)
{
	fprintf(fp,
		"Usage: cpoctl selftest { ENGINE_ID | dev DEV } ");
	cpoctl_set_usage(fp, selftest_args, ARRAY_SIZE(selftest_args));
	fprintf(fp, " [ ber-limit BER ]\n"
		"       cpoctl selftest { ENGINE_ID | dev DEV } stop\n"
		"       cpoctl selftest show [ ENGINE_ID ]\n"
		"       cpoctl selftest help\n"
		"where  DEV := a device's name: every engine of it\n"
		"       P := prbs31q | prbs31 | ... | prbs7 | ssprq\n"
		"       MS := each lane's gating time, 100..3600000 (1000)\n"
		"       BER := the highest bit error ratio that passes (1e-6)\n"
		"Every lane at once: PRBS in a media side near-end loopback.\n"
		"When a lane failed: the exit code is 1, and stderr says how many.\n"
		"SIGINT or SIGTERM while it runs stops it (exit code 1), as stop does.\n");
}

static int selftest_run_parse(struct cpoctl *c, int argc, char **argv,
			      struct cpoctl_req *req)
{
	struct cpo_engine *e = &req->engine;
	struct cpo_selftest *st = &e->selftest.items[0];
	int ret, used;

	ret = cpoctl_parse_engines(c, &cpoctl_selftest, argc, argv, e, &used);
	if (ret)
		return ret;
	e->present |= CPO_BIT(CPO_A_ENGINE_SELFTEST);
	e->selftest.n = 1;
	argc -= used;
	argv += used;
	if (argc > 0 && !strcmp(argv[0], "stop")) {
		st->stop = true;
		st->present |= CPO_BIT(CPO_A_SELFTEST_STOP);
		return cpoctl_no_more_args(c, &cpoctl_selftest, argc, argv, 1);
	}
	ret = cpoctl_take_ber_limit(c, &cpoctl_selftest, &argc, argv,
				    &st->ber_limit, &st->present,
				    CPO_BIT(CPO_A_SELFTEST_BER_LIMIT));
	if (ret)
		return ret;
	return cpoctl_parse_set_args(c, &cpoctl_selftest, selftest_args,
				     ARRAY_SIZE(selftest_args),
				     &cpo_selftest_attr_set, argc, argv, st,
				     &st->present);
}

static int selftest_show_parse(struct cpoctl *c, int argc, char **argv,
			       struct cpoctl_req *req)
{
	int ret, used;

	req->dump = argc <= 0;
	if (req->dump)
		return 0;
	ret = cpoctl_parse_id(c, &cpoctl_selftest, "ENGINE_ID", "engine id",
			      argc, argv, &req->engine.id,
			      &req->engine.present, CPO_BIT(CPO_A_ENGINE_ID),
			      &used);
	if (ret)
		return ret;
	return cpoctl_no_more_args(c, &cpoctl_selftest, argc, argv, used);
}

/* "selftest show ..." or "selftest ENGINE_ID|dev DEV ...". */
static int selftest_parse(struct cpoctl *c, int argc, char **argv,
			  struct cpoctl_req *req)
{
	if (argc > 0 && !strcmp(argv[0], "help")) {
		req->cmd = CPOCTL_CMD_HELP;
		return cpoctl_no_more_args(c, &cpoctl_selftest, argc, argv, 1);
	}
	if (argc > 0 && !strcmp(argv[0], "show")) {
		req->cmd = CPOCTL_CMD_SHOW;
		return selftest_show_parse(c, argc - 1, argv + 1, req);
	}
	if (argc < 1)
		return cpoctl_usage(c, &cpoctl_selftest,
				    "missing ENGINE_ID, dev DEV or show");
	req->cmd = CPOCTL_CMD_TEST;
	return selftest_run_parse(c, argc, argv, req);
}

/* The engines a self-test runs on, and what each came to. */
struct selftest_follow {
	unsigned int n;
	struct selftest_one {
		struct cpo_engine engine;	/* the last event or get */
		bool ended;
	} *e;
	bool stopping;			/* interrupted: stop sent */
};

static int selftest_stop(struct cpo_handle *h, const void *req,
			 struct cpo_error *err)
{
	struct cpo_engine e = *(const struct cpo_engine *)req;

	memset(&e.selftest, 0, sizeof(e.selftest));
	e.selftest.n = 1;
	e.selftest.items[0].stop = true;
	e.selftest.items[0].present = CPO_BIT(CPO_A_SELFTEST_STOP);
	return cpo_engine_selftest(h, &e, err);
}

static int selftest_add(const struct cpo_engine *e, void *data)
{
	struct selftest_follow *f = data;
	struct selftest_one *bigger;

	bigger = realloc(f->e, (f->n + 1) * sizeof(*bigger));
	if (!bigger)
		return -ENOMEM;
	f->e = bigger;
	memset(&f->e[f->n], 0, sizeof(f->e[f->n]));
	f->e[f->n++].engine = *e;
	return 0;
}

/* From a dump: the engines of device @data. */
struct dev_filter {
	const char *name;
	struct selftest_follow *f;
};

static int selftest_add_dev(const struct cpo_engine *e, void *data)
{
	struct dev_filter *d = data;

	if (strcmp(e->dev_name, d->name))
		return 0;
	return selftest_add(e, d->f);
}

static int selftest_event(const struct cpo_event *ev, void *data)
{
	struct selftest_follow *f = data;
	unsigned int i;

	if (ev->cmd != CPO_CMD_ENGINE_SELFTEST_NTF || !ev->engine.selftest.n ||
	    !test_ended(ev->engine.selftest.items[0].state))
		return 0;
	for (i = 0; i < f->n; i++)
		if (f->e[i].engine.id == ev->engine.id && !f->e[i].ended) {
			f->e[i].engine.selftest = ev->engine.selftest;
			f->e[i].ended = true;
		}
	return 0;
}

static bool selftest_all_ended(const struct selftest_follow *f)
{
	unsigned int i;

	for (i = 0; i < f->n; i++)
		if (!f->e[i].ended)
			return false;
	return true;
}

static int selftest_follow(struct cpoctl *c, const struct test_signals *ts,
			   const struct cpo_engine *req,
			   struct selftest_follow *f, struct cpo_error *err)
{
	struct cpo_engine e;
	unsigned int i;
	int ready, ret;

	while (!selftest_all_ended(f)) {
		ready = monitor_wait(c, ts, f->stopping ? 200 : TEST_QUIET_MS);
		if (ready < 0)
			return test_err(err, -ready, "poll");
		ret = test_stop_once(c, &f->stopping, selftest_stop, req, err);
		if (ret)
			return ret;
		if (ready) {
			ret = cpo_monitor_read(c->h, selftest_event, f, err);
			if (ret && ret != -ENOBUFS && ret != -EINTR)
				return ret;
			if (ret != -ENOBUFS)
				continue;
		}
		for (i = 0; i < f->n; i++) {
			if (f->e[i].ended)
				continue;
			ret = cpo_engine_get(c->h, f->e[i].engine.id, &e, err);
			if (ret)
				return ret;
			if (!e.selftest.n ||
			    test_ended(e.selftest.items[0].state)) {
				f->e[i].engine.selftest = e.selftest;
				f->e[i].ended = true;
			}
		}
	}
	return 0;
}

struct failed_lanes {
	unsigned int failed;
};

/* A lane of the engine whose self-test lane did not pass. */
static int selftest_print_lane(const struct cpo_lane *l, void *data)
{
	struct failed_lanes *fl = data;
	const struct cpo_test *t = &l->test.items[0];

	if (!l->test.n || !cpo_has(t->present, CPO_A_TEST_PASS) || t->pass)
		return 0;
	fl->failed++;
	print_nl_indent(3);
	open_json_object(NULL);
	print_uint(PRINT_ANY, "id", " lane %u", l->id);
	print_uint(PRINT_ANY, "index", " (index %u", l->index);
	if (cpo_has(l->present, CPO_A_LANE_FIBER_POSITION))
		print_string(PRINT_ANY, "fiber-position", ", fiber %s",
			     l->fiber_position);
	print_text("):");
	cpoctl_lane_print_test(&l->test);
	close_json_object();
	return 0;
}

/* An engine's result and, under it, each lane that failed. */
/* What failed, for the message on stderr. */
struct selftest_tally {
	unsigned int engines, engines_failed;
	unsigned int lanes, lanes_failed;
};

static int selftest_print_engine(struct cpoctl *c, const struct cpo_engine *e,
				 struct selftest_tally *t, struct cpo_error *err)
{
	struct failed_lanes fl = { 0 };
	struct cpo_lane filter = {
		.present = CPO_BIT(CPO_A_LANE_ENGINE_ID),
		.engine_id = e->id,
	};
	int ret;

	(void)c;
	open_json_object(NULL);
	print_uint(PRINT_ANY, "id", "engine %u", e->id);
	if (cpo_has(e->present, CPO_A_ENGINE_LOCATION))
		print_string(PRINT_ANY, "location", " (%s)", e->location);
	print_text(":");
	if (!e->selftest.n) {
		print_text(" no self-test run");
		close_json_object();
		print_nl();
		return 0;
	}
	cpoctl_engine_print_selftest(&e->selftest);
	t->engines++;
	t->lanes += e->selftest.items[0].lanes;
	t->lanes_failed += e->selftest.items[0].lanes_failed;
	if (!e->selftest.items[0].pass)
		t->engines_failed++;
	open_json_array("failed");
	ret = cpo_lane_dump(c->h, &filter, selftest_print_lane, &fl, err);
	close_json_array();
	close_json_object();
	print_nl();
	return ret;
}

static int selftest_print(struct cpoctl *c, const struct selftest_follow *f,
			  struct selftest_tally *t, struct cpo_error *err)
{
	unsigned int i;
	int ret = 0;

	open_json_array(NULL);
	for (i = 0; i < f->n && !ret; i++)
		ret = selftest_print_engine(c, &f->e[i].engine, t, err);
	close_json_array();
	return ret;
}

static int selftest_run(struct cpoctl *c, const struct cpoctl_req *req)
{
	struct selftest_follow f = { 0 };
	struct dev_filter d = { .name = req->engine.dev_name, .f = &f };
	bool stop = req->engine.selftest.items[0].stop;
	struct selftest_tally t = { 0 };
	struct cpo_error err = { 0 };
	struct test_signals ts;
	struct cpo_engine e;
	int ret;

	if (req->cmd == CPOCTL_CMD_HELP) {
		selftest_help(c->out);
		return CPOCTL_EXIT_OK;
	}
	/* The engines, before anything runs. */
	if (req->cmd == CPOCTL_CMD_SHOW && req->dump) {
		ret = cpo_engine_dump(c->h, selftest_add, &f, &err);
	} else if (cpo_has(req->engine.present, CPO_A_ENGINE_DEV_NAME)) {
		ret = cpo_engine_dump(c->h, selftest_add_dev, &d, &err);
		if (!ret && !f.n) {
			err.err = ENODEV;
			snprintf(err.msg, sizeof(err.msg),
				 "no engine on a device named \"%s\"",
				 req->engine.dev_name);
			ret = -ENODEV;
		}
	} else {
		ret = cpo_engine_get(c->h, req->engine.id, &e, &err);
		if (!ret)
			ret = selftest_add(&e, &f);
	}
	if (!ret && req->cmd == CPOCTL_CMD_TEST && stop) {
		/* ended at once: the results are there for a get */
		ret = cpo_engine_selftest(c->h, &req->engine, &err);
		for (unsigned int i = 0; i < f.n && !ret; i++)
			ret = cpo_engine_get(c->h, f.e[i].engine.id,
					     &f.e[i].engine, &err);
	} else if (!ret && req->cmd == CPOCTL_CMD_TEST) {
		ret = cpo_monitor_start(c->h, &err);
		if (!ret) {
			test_signals_catch(&ts);
			ret = cpo_engine_selftest(c->h, &req->engine, &err);
			if (!ret)
				ret = selftest_follow(c, &ts, &req->engine, &f,
						      &err);
			test_signals_restore(&ts);
		}
	}
	if (!ret)
		ret = selftest_print(c, &f, &t, &err);
	free(f.e);
	if (ret)
		return cpoctl_kernel_error(c, &err);
	if (f.stopping) {
		fprintf(c->err,
			"Error: interrupted: the self-test was stopped\n");
		return CPOCTL_EXIT_TEST_FAILED;
	}
	if (req->cmd == CPOCTL_CMD_TEST && !stop && t.engines_failed) {
		/* the results are on stdout; scripts get the verdict here */
		fprintf(c->err,
			"Error: the self-test failed on %u of %u engines: %u of %u lanes did not pass\n",
			t.engines_failed, t.engines, t.lanes_failed, t.lanes);
		return CPOCTL_EXIT_TEST_FAILED;
	}
	return CPOCTL_EXIT_OK;
}

const struct cpoctl_object cpoctl_selftest = {
	.name = "selftest",
	.parse = selftest_parse,
	.run = selftest_run,
	.help = selftest_help,
};
