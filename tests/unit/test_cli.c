// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl's command line: options, objects, show selectors and set tables
 * turned into requests without a kernel; usage errors and exit codes;
 * error and warning lines.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <linux/genetlink.h>

#include "helpers.h"
#include "cpoctl.h"

#define MAX_ARGS	32

struct cli {
	struct cpoctl c;
	struct cpoctl_req req;
	struct t_capture out, err;
	int ret;
};

/* Split @line on spaces into argv (argv[0] = "cpoctl"). */
static int split(char *line, char **argv)
{
	int argc = 0;
	char *tok, *save = NULL;

	argv[argc++] = "cpoctl";
	for (tok = strtok_r(line, " ", &save); tok && argc < MAX_ARGS - 1;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	return argc;
}

/* Parse only: never talks to the kernel. */
static int cli_parse(struct cli *t, const char *cmdline)
{
	char line[256], *argv[MAX_ARGS];
	int argc;

	snprintf(line, sizeof(line), "%s", cmdline);
	argc = split(line, argv);
	memset(&t->c, 0, sizeof(t->c));
	t->c.out = t_capture_start(&t->out);
	t->c.err = t_capture_start(&t->err);
	t->ret = cpoctl_parse(&t->c, argc, argv, &t->req);
	t_capture_end(&t->out);
	t_capture_end(&t->err);
	return t->ret;
}

/* The whole program, for lines that end before a kernel is needed. */
static int cli_main(struct cli *t, const char *cmdline)
{
	char line[256], *argv[MAX_ARGS];
	int argc;

	snprintf(line, sizeof(line), "%s", cmdline);
	argc = split(line, argv);
	t->ret = cpoctl_main(argc, argv, t_capture_start(&t->out),
			     t_capture_start(&t->err));
	t_capture_end(&t->out);
	t_capture_end(&t->err);
	return t->ret;
}

static void cli_free(struct cli *t)
{
	t_capture_free(&t->out);
	t_capture_free(&t->err);
}

/* A usage error: exit 1, the message and the object's usage on stderr. */
static void usage_error(const char *cmdline, const char *msg,
			const char *usage)
{
	struct cli t;

	if (cli_parse(&t, cmdline) != CPOCTL_EXIT_USAGE)
		fprintf(stderr, "\n  \"%s\" returned %d\n", cmdline, t.ret);
	CU_ASSERT_EQUAL(t.ret, CPOCTL_EXIT_USAGE);
	T_ASSERT_CONTAINS(t.err.buf, msg);
	T_ASSERT_CONTAINS(t.err.buf, usage);
	CU_ASSERT_STRING_EQUAL(t.out.buf ? t.out.buf : "", "");
	cli_free(&t);
}

static void test_options_and_help(void)
{
	struct cli t;

	CU_ASSERT_EQUAL(cli_main(&t, "-V"), 0);
	T_ASSERT_STR(t.out.buf, "cpoctl " CPOCTL_VERSION
		     " (cpo netlink family version 1)\n");
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "--version"), 0);
	T_ASSERT_CONTAINS(t.out.buf, "cpoctl " CPOCTL_VERSION);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "-h"), 0);
	T_ASSERT_CONTAINS(t.out.buf, "Usage: cpoctl [ OPTIONS ] OBJECT");
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "help"), 0);
	T_ASSERT_CONTAINS(t.out.buf,
			  "OBJECT := { engine | lane | laser | topology | threshold |"
			  " alarm | diag |\n                   monitor | selftest | service }");
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "engine help"), 0);
	T_ASSERT_CONTAINS(t.out.buf,
			  "cpoctl engine set ENGINE_ID [ power-mode { low | high } ]"
			  " [ refresh-interval MS ] [ fw-min-version VERSION ]\n");
	T_ASSERT_CONTAINS(t.out.buf,
			  "where  MS := the refresh period in ms, 10..3600000,"
			  " or 0: only when\n");
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "lane help"), 0);
	T_ASSERT_CONTAINS(t.out.buf,
			  "[ tx { off | on } ] [ rx { off | on } ]"
			  " [ power { down | up } ]");
	T_ASSERT_CONTAINS(t.out.buf, "cpoctl lane show id LANE_ID");
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "laser help"), 0);
	T_ASSERT_STR(t.out.buf,
		     "Usage: cpoctl laser show [ LASER_ID ]\n"
		     "       cpoctl laser set LASER_ID [ enable { off | on } ]"
		     " [ failover-policy { auto | manual } ] [ failover ]"
		     " [ failback ] [ fw-min-version VERSION ]\n"
		     "       cpoctl laser flash LASER_ID { FILE [ commit ] | abort }\n"
		     "       cpoctl laser help\n"
		     "where  LASER_ID of flash is any laser of the laser module to update\n");
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "topology help"), 0);
	T_ASSERT_CONTAINS(t.out.buf,
			  "Usage: cpoctl topology { engine ENGINE_ID |"
			  " laser LASER_ID }\n"
			  "       cpoctl topology help\n");
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "monitor help"), 0);
	T_ASSERT_CONTAINS(t.out.buf, "Usage: cpoctl monitor [ count N ]"
			  " [ timeout SECONDS ] [ rcvbuf BYTES ]");
	T_ASSERT_CONTAINS(t.out.buf, "laser-failover");
	T_ASSERT_CONTAINS(t.out.buf, "laser-failback");
	T_ASSERT_CONTAINS(t.out.buf, "lost N events");
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "threshold help"), 0);
	T_ASSERT_CONTAINS(t.out.buf,
			  "Usage: cpoctl threshold show [ engine ENGINE_ID |"
			  " lane LANE_ID ]\n"
			  "       cpoctl threshold set { engine ENGINE_ID |"
			  " lane LANE_ID } QUANTITY\n"
			  "               [ high-alarm VALUE ] [ low-alarm VALUE ]\n"
			  "               [ high-warning VALUE ] [ low-warning VALUE ]\n");
	T_ASSERT_CONTAINS(t.out.buf, "QUANTITY := { temperature | voltage |"
			  " power-draw | tx-power | rx-power |\n"
			  "                     tx-bias | pre-fec-ber }");
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "alarm help"), 0);
	T_ASSERT_CONTAINS(t.out.buf,
			  "       cpoctl alarm clear { engine ENGINE_ID |"
			  " lane LANE_ID } [ QUANTITY [ LEVEL ] ]\n");
	T_ASSERT_CONTAINS(t.out.buf, "LEVEL := { high-alarm | low-alarm |"
			  " high-warning | low-warning |\n"
			  "                  asserted }\n");
	T_ASSERT_CONTAINS(t.out.buf, "QUANTITY := { temperature | voltage |"
			  " power-draw | tx-power | rx-power |\n"
			  "                     tx-bias | pre-fec-ber | rx-los |"
			  " rx-lol | tx-fault |\n"
			  "                     unreachable }\n");
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "-j -p engine show"), 0);
	CU_ASSERT_TRUE(t.c.json);
	CU_ASSERT_TRUE(t.c.pretty);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "--json lane"), 0);
	CU_ASSERT_TRUE(t.c.json);
	CU_ASSERT_FALSE(t.c.pretty);
	cli_free(&t);
	/* -br and -brief are -brief; -b alone stays -batch */
	CU_ASSERT_EQUAL(cli_parse(&t, "-br lane show"), 0);
	CU_ASSERT_TRUE(t.c.brief);
	CU_ASSERT_PTR_NULL(t.c.batch);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "-j --brief engine show"), 0);
	CU_ASSERT_TRUE(t.c.brief);
	CU_ASSERT_TRUE(t.c.json);
	CU_ASSERT_FALSE(cpoctl_brief(&t.c));	/* JSON wins */
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "-br -b cmds.txt"), 0);
	CU_ASSERT_TRUE(t.c.brief);
	CU_ASSERT_PTR_NOT_NULL(t.c.batch);	/* in cli_parse()'s line */
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_BATCH);
	cli_free(&t);
}

static void test_top_level_errors(void)
{
	struct cli t;

	usage_error("", "missing OBJECT", "Usage: cpoctl [ OPTIONS ]");
	usage_error("-x engine", "unknown option \"-x\"", "Usage: cpoctl [");
	usage_error("--bogus engine", "unknown option \"--bogus\"",
		    "Usage: cpoctl [");
	usage_error("port show", "unknown object \"port\"", "Usage: cpoctl [");
	usage_error("engine frob", "unknown engine command \"frob\"",
		    "Usage: cpoctl engine show");
	usage_error("monitor lanes", "unexpected argument \"lanes\"",
		    "Usage: cpoctl monitor");
	/* usage errors stop before any kernel access: same through main */
	CU_ASSERT_EQUAL(cli_main(&t, "lane set 1 2"), CPOCTL_EXIT_USAGE);
	T_ASSERT_CONTAINS(t.err.buf, "nothing to set");
	cli_free(&t);
}

static void test_engine_show_parse(void)
{
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "engine"), 0);
	CU_ASSERT_PTR_EQUAL(t.req.obj, &cpoctl_engine);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_SHOW);
	CU_ASSERT_TRUE(t.req.dump);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "engine show"), 0);
	CU_ASSERT_TRUE(t.req.dump);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "engine show 3"), 0);
	CU_ASSERT_FALSE(t.req.dump);
	CU_ASSERT_EQUAL(t.req.engine.present, CPO_BIT(CPO_A_ENGINE_ID));
	CU_ASSERT_EQUAL(t.req.engine.id, 3);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "engine show id 4294967295"), 0);
	CU_ASSERT_EQUAL(t.req.engine.id, UINT32_MAX);
	cli_free(&t);

	usage_error("engine show abc", "invalid engine id \"abc\"",
		    "Usage: cpoctl engine show");
	usage_error("engine show -1", "invalid engine id \"-1\"",
		    "Usage: cpoctl engine");
	usage_error("engine show 4294967296", "invalid engine id",
		    "Usage: cpoctl engine");
	usage_error("engine show +5", "invalid engine id \"+5\"",
		    "Usage: cpoctl engine");
	usage_error("engine show 1x", "invalid engine id \"1x\"",
		    "Usage: cpoctl engine");
	usage_error("engine show 1 2", "unexpected argument \"2\"",
		    "Usage: cpoctl engine");
	usage_error("engine show id", "missing ENGINE_ID",
		    "Usage: cpoctl engine");
}

static void test_engine_set_parse(void)
{
	char buf[T_BUF_SIZE];
	struct t_attrs a;
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "engine set 1 power-mode high"), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_SET);
	CU_ASSERT_EQUAL(t.req.engine.present, CPO_BIT(CPO_A_ENGINE_ID) |
					      CPO_BIT(CPO_A_ENGINE_POWER_MODE));
	CU_ASSERT_EQUAL(t.req.engine.power_mode, CPO_POWER_MODE_HIGH);
	/* and the request it makes */
	CU_ASSERT_FATAL(cpo_msg_engine_set(buf, sizeof(buf), T_FAMILY, 1,
					   &t.req.engine, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 1);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_POWER_MODE);
	CU_ASSERT_EQUAL(a.u32[1], CPO_POWER_MODE_HIGH);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "engine set id 2 power-mode low"), 0);
	CU_ASSERT_EQUAL(t.req.engine.id, 2);
	CU_ASSERT_EQUAL(t.req.engine.power_mode, CPO_POWER_MODE_LOW);
	cli_free(&t);

	usage_error("engine set", "missing ENGINE_ID", "cpoctl engine set");
	usage_error("engine set 1", "nothing to set", "cpoctl engine set");
	usage_error("engine set 1 power-mode",
		    "missing value for \"power-mode\" (expected low|high)",
		    "cpoctl engine set");
	usage_error("engine set 1 power-mode medium",
		    "invalid value \"medium\" for \"power-mode\" (expected low|high)",
		    "cpoctl engine set");
	usage_error("engine set 1 speed fast", "unknown argument \"speed\"",
		    "cpoctl engine set");
	usage_error("engine set 1 power-mode low power-mode high",
		    "\"power-mode\" given twice", "cpoctl engine set");
}

/* The request an engine set line makes: its attributes into @a. */
static void engine_set_request(const char *cmdline, struct t_attrs *a)
{
	char buf[T_BUF_SIZE];
	struct cli t;

	CU_ASSERT_EQUAL_FATAL(cli_parse(&t, cmdline), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_SET);
	CU_ASSERT_FATAL(cpo_msg_engine_set(buf, sizeof(buf), T_FAMILY, 1,
					   &t.req.engine, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, a), 0);
	cli_free(&t);
}

/* engine flash: a file (and commit), or abort; the requests they make */
static void test_engine_flash_parse(void)
{
	char buf[T_BUF_SIZE];
	struct t_attrs a;
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "engine flash 3 cpo/oe.bin commit"), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_FLASH);
	CU_ASSERT_EQUAL(t.req.engine.present,
			CPO_BIT(CPO_A_ENGINE_ID) |
			CPO_BIT(CPO_A_ENGINE_FLASH_FILE) |
			CPO_BIT(CPO_A_ENGINE_FLASH_COMMIT));
	T_ASSERT_STR(t.req.engine.flash_file, "cpo/oe.bin");
	CU_ASSERT_FATAL(cpo_msg_engine_flash(buf, sizeof(buf), T_FAMILY, 1,
					     &t.req.engine, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 3);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 3);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_FLASH_FILE);
	CU_ASSERT_EQUAL(a.len[1], sizeof("cpo/oe.bin"));
	CU_ASSERT_EQUAL(a.type[2], CPO_A_ENGINE_FLASH_COMMIT);
	CU_ASSERT_EQUAL(a.len[2], 0);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "engine flash 3 oe.bin"), 0);
	CU_ASSERT_EQUAL(t.req.engine.present,
			CPO_BIT(CPO_A_ENGINE_ID) |
			CPO_BIT(CPO_A_ENGINE_FLASH_FILE));
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "engine flash id 3 abort"), 0);
	CU_ASSERT_EQUAL(t.req.engine.present,
			CPO_BIT(CPO_A_ENGINE_ID) |
			CPO_BIT(CPO_A_ENGINE_FLASH_ABORT));
	CU_ASSERT_FATAL(cpo_msg_engine_flash(buf, sizeof(buf), T_FAMILY, 1,
					     &t.req.engine, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_FLASH_ABORT);
	cli_free(&t);

	/* Every engine of a device: dev-name instead of id. */
	CU_ASSERT_EQUAL(cli_parse(&t, "engine flash dev cposim7 oe.bin commit"), 0);
	CU_ASSERT_EQUAL(t.req.engine.present,
			CPO_BIT(CPO_A_ENGINE_DEV_NAME) |
			CPO_BIT(CPO_A_ENGINE_FLASH_FILE) |
			CPO_BIT(CPO_A_ENGINE_FLASH_COMMIT));
	T_ASSERT_STR(t.req.engine.dev_name, "cposim7");
	CU_ASSERT_FATAL(cpo_msg_engine_flash(buf, sizeof(buf), T_FAMILY, 1,
					     &t.req.engine, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 3);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_ENGINE_DEV_NAME);
	CU_ASSERT_EQUAL(a.len[0], sizeof("cposim7"));
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_FLASH_FILE);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_ENGINE_FLASH_COMMIT);
	/* Not both an engine and a device. */
	t.req.engine.present |= CPO_BIT(CPO_A_ENGINE_ID);
	CU_ASSERT(cpo_msg_engine_flash(buf, sizeof(buf), T_FAMILY, 1,
				       &t.req.engine, NULL) < 0);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "engine flash dev cposim7 abort"), 0);
	CU_ASSERT_EQUAL(t.req.engine.present,
			CPO_BIT(CPO_A_ENGINE_DEV_NAME) |
			CPO_BIT(CPO_A_ENGINE_FLASH_ABORT));
	cli_free(&t);

	usage_error("engine flash", "missing ENGINE_ID", "cpoctl engine flash");
	usage_error("engine flash dev", "missing DEV after dev",
		    "cpoctl engine flash");
	usage_error("engine flash dev cposim7",
		    "missing FILE or abort after DEV", "cpoctl engine flash");
	usage_error("engine flash 3", "missing FILE or abort after ENGINE_ID",
		    "cpoctl engine flash");
	usage_error("engine flash 3 abort now", "unexpected argument \"now\"",
		    "cpoctl engine flash");
	usage_error("engine flash 3 oe.bin later",
		    "unexpected argument \"later\"", "cpoctl engine flash");
	usage_error("engine flash 3 oe.bin lasers els.bin",
		    "lasers LASER_FILE goes with dev DEV", "cpoctl engine flash");
}

/* engine flash dev with lasers, laser flash: the requests they make */
static void test_laser_flash_parse(void)
{
	char buf[T_BUF_SIZE];
	struct t_attrs a;
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "engine flash dev cposim7 oe.bin lasers els.bin commit"), 0);
	CU_ASSERT_EQUAL(t.req.engine.present,
			CPO_BIT(CPO_A_ENGINE_DEV_NAME) |
			CPO_BIT(CPO_A_ENGINE_FLASH_FILE) |
			CPO_BIT(CPO_A_ENGINE_FLASH_LASER_FILE) |
			CPO_BIT(CPO_A_ENGINE_FLASH_COMMIT));
	T_ASSERT_STR(t.req.engine.flash_laser_file, "els.bin");
	CU_ASSERT_FATAL(cpo_msg_engine_flash(buf, sizeof(buf), T_FAMILY, 1,
					     &t.req.engine, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 4);
	CU_ASSERT_EQUAL(a.type[3], CPO_A_ENGINE_FLASH_LASER_FILE);
	CU_ASSERT_EQUAL(a.len[3], sizeof("els.bin"));
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "laser flash 5 cpo/els.bin commit"), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_FLASH);
	CU_ASSERT_EQUAL(t.req.laser.present,
			CPO_BIT(CPO_A_LASER_ID) |
			CPO_BIT(CPO_A_LASER_FLASH_FILE) |
			CPO_BIT(CPO_A_LASER_FLASH_COMMIT));
	CU_ASSERT_FATAL(cpo_msg_laser_flash(buf, sizeof(buf), T_FAMILY, 1,
					    &t.req.laser, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 3);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LASER_ID);
	CU_ASSERT_EQUAL(a.u32[0], 5);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LASER_FLASH_FILE);
	CU_ASSERT_EQUAL(a.len[1], sizeof("cpo/els.bin"));
	CU_ASSERT_EQUAL(a.type[2], CPO_A_LASER_FLASH_COMMIT);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "laser flash 5 abort"), 0);
	CU_ASSERT_FATAL(cpo_msg_laser_flash(buf, sizeof(buf), T_FAMILY, 1,
					    &t.req.laser, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LASER_FLASH_ABORT);
	/* Not both a file and an abort. */
	t.req.laser.present |= CPO_BIT(CPO_A_LASER_FLASH_FILE);
	CU_ASSERT(cpo_msg_laser_flash(buf, sizeof(buf), T_FAMILY, 1,
				      &t.req.laser, NULL) < 0);
	cli_free(&t);

	usage_error("laser flash", "missing LASER_ID", "cpoctl laser flash");
	usage_error("laser flash 5", "missing FILE or abort after LASER_ID",
		    "cpoctl laser flash");
	usage_error("laser flash 5 els.bin later",
		    "unexpected argument \"later\"", "cpoctl laser flash");
}

/* lane test and selftest: what they parse into and the requests they make */
static void test_lane_test_and_selftest_parse(void)
{
	char buf[T_BUF_SIZE];
	const struct cpo_test *t;
	const struct cpo_selftest *st;
	struct t_attrs a;
	struct cli c;

	CU_ASSERT_EQUAL(cli_parse(&c, "lane test 2 5 loopback host-input side host"
				  " pattern ssprq gate 1000 ber-limit 1e-9 force"), 0);
	CU_ASSERT_EQUAL(c.req.cmd, CPOCTL_CMD_TEST);
	t = &c.req.lane.test.items[0];
	CU_ASSERT_EQUAL(c.req.lane.test.n, 1);
	CU_ASSERT_EQUAL(t->loopback, CPO_LOOPBACK_HOST_INPUT);
	CU_ASSERT_EQUAL(t->side, CPO_TEST_SIDE_HOST);
	CU_ASSERT_EQUAL(t->pattern, CPO_PRBS_PATTERN_SSPRQ);
	CU_ASSERT_EQUAL(t->gate_time, 1000);
	CU_ASSERT(t->ber_limit == 1000000000ULL);
	CU_ASSERT_TRUE(t->force);
	CU_ASSERT_FATAL(cpo_msg_lane_test(buf, sizeof(buf), T_FAMILY, 1,
					  &c.req.lane, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 3);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_ENGINE_ID);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LANE_INDEX);
	CU_ASSERT_EQUAL(a.u32[1], 5);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_LANE_TEST);
	cli_free(&c);

	CU_ASSERT_EQUAL(cli_parse(&c, "lane test id 9 stop"), 0);
	CU_ASSERT_TRUE(c.req.lane.test.items[0].stop);
	CU_ASSERT_EQUAL(c.req.lane.test.items[0].present,
			CPO_BIT(CPO_A_TEST_STOP));
	cli_free(&c);

	usage_error("lane test 2", "missing LANE_INDEX", "cpoctl lane test");
	usage_error("lane test 2 5 pattern prbs8", "prbs8", "cpoctl lane test");
	usage_error("lane test 2 5 ber-limit 2", "ber-limit: a bit error ratio",
		    "cpoctl lane test");
	usage_error("lane test 2 5 ber-limit", "missing BER after ber-limit",
		    "cpoctl lane test");
	usage_error("lane test 2 5 stop now", "unexpected argument \"now\"",
		    "cpoctl lane test");

	CU_ASSERT_EQUAL(cli_parse(&c, "selftest dev cposim3 gate 500 ber-limit 1e-7"),
			0);
	CU_ASSERT_EQUAL(c.req.cmd, CPOCTL_CMD_TEST);
	st = &c.req.engine.selftest.items[0];
	T_ASSERT_STR(c.req.engine.dev_name, "cposim3");
	CU_ASSERT_EQUAL(st->gate_time, 500);
	CU_ASSERT(st->ber_limit == 100000000000ULL);
	CU_ASSERT_FALSE(st->force);
	CU_ASSERT_FATAL(cpo_msg_engine_selftest(buf, sizeof(buf), T_FAMILY, 1,
						&c.req.engine, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_ENGINE_DEV_NAME);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_SELFTEST);
	cli_free(&c);

	CU_ASSERT_EQUAL(cli_parse(&c, "selftest 4 force"), 0);
	CU_ASSERT_EQUAL(c.req.engine.id, 4);
	CU_ASSERT_TRUE(c.req.engine.selftest.items[0].force);
	cli_free(&c);
	CU_ASSERT_EQUAL(cli_parse(&c, "selftest dev cposim3 stop"), 0);
	CU_ASSERT_EQUAL(c.req.cmd, CPOCTL_CMD_TEST);
	CU_ASSERT_TRUE(c.req.engine.selftest.items[0].stop);
	CU_ASSERT_EQUAL(c.req.engine.selftest.items[0].present,
			CPO_BIT(CPO_A_SELFTEST_STOP));
	cli_free(&c);
	CU_ASSERT_EQUAL(cli_parse(&c, "selftest show"), 0);
	CU_ASSERT_EQUAL(c.req.cmd, CPOCTL_CMD_SHOW);
	CU_ASSERT_TRUE(c.req.dump);
	cli_free(&c);

	usage_error("selftest", "missing ENGINE_ID, dev DEV or show",
		    "cpoctl selftest");
	usage_error("selftest 1 gate 50", "gate", "cpoctl selftest");
	usage_error("selftest dev", "missing DEV after dev", "cpoctl selftest");
	usage_error("selftest 1 stop gate 500", "unexpected argument \"gate\"",
		    "cpoctl selftest");
}

static void test_engine_set_refresh_interval(void)
{
	struct t_attrs a;
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "engine set 1 refresh-interval 250"), 0);
	CU_ASSERT_EQUAL(t.req.engine.present,
			CPO_BIT(CPO_A_ENGINE_ID) |
			CPO_BIT(CPO_A_ENGINE_REFRESH_INTERVAL));
	CU_ASSERT_EQUAL(t.req.engine.refresh_interval, 250);
	cli_free(&t);

	engine_set_request("engine set 1 refresh-interval 250", &a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 1);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_REFRESH_INTERVAL);
	CU_ASSERT_EQUAL(a.len[1], 4);
	CU_ASSERT_EQUAL(a.u32[1], 250);
	/* 0 is a value (on hardware signal only), sent as such */
	engine_set_request("engine set 1 refresh-interval 0", &a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_REFRESH_INTERVAL);
	CU_ASSERT_EQUAL(a.u32[1], 0);
	/* the spec's top, and 1..9 left to the kernel to refuse */
	engine_set_request("engine set 1 refresh-interval 3600000", &a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.u32[1], 3600000);
	engine_set_request("engine set 1 refresh-interval 5", &a);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.u32[1], 5);
	/* with power-mode, either order, in attribute order on the wire */
	engine_set_request("engine set id 2 refresh-interval 10 power-mode low",
			   &a);
	CU_ASSERT_EQUAL_FATAL(a.n, 3);
	CU_ASSERT_EQUAL(a.u32[0], 2);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_POWER_MODE);
	CU_ASSERT_EQUAL(a.u32[1], CPO_POWER_MODE_LOW);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_ENGINE_REFRESH_INTERVAL);
	CU_ASSERT_EQUAL(a.u32[2], 10);

	usage_error("engine set 1 refresh-interval",
		    "missing value for \"refresh-interval\" (expected 0..3600000)",
		    "[ refresh-interval MS ]");
	usage_error("engine set 1 refresh-interval 3600001",
		    "invalid value \"3600001\" for \"refresh-interval\""
		    " (expected 0..3600000)", "cpoctl engine set");
	usage_error("engine set 1 refresh-interval 4294967296",
		    "invalid value \"4294967296\" for \"refresh-interval\"",
		    "cpoctl engine set");
	usage_error("engine set 1 refresh-interval 99999999999999999999",
		    "invalid value \"99999999999999999999\"", "cpoctl engine set");
	usage_error("engine set 1 refresh-interval fast",
		    "invalid value \"fast\" for \"refresh-interval\""
		    " (expected 0..3600000)", "cpoctl engine set");
	usage_error("engine set 1 refresh-interval -5",
		    "invalid value \"-5\" for \"refresh-interval\"",
		    "cpoctl engine set");
	usage_error("engine set 1 refresh-interval -0",
		    "invalid value \"-0\"", "cpoctl engine set");
	usage_error("engine set 1 refresh-interval +5",
		    "invalid value \"+5\"", "cpoctl engine set");
	usage_error("engine set 1 refresh-interval 1000ms",
		    "invalid value \"1000ms\"", "cpoctl engine set");
	usage_error("engine set 1 refresh-interval 1e3",
		    "invalid value \"1e3\"", "cpoctl engine set");
	usage_error("engine set 1 refresh-interval 10 refresh-interval 20",
		    "\"refresh-interval\" given twice", "cpoctl engine set");
}

/* The kernel refuses 1..9 ms: its message, on its attribute, exit 2. */
static void test_engine_set_refresh_refused(void)
{
	static char req[T_BUF_SIZE], buf[T_BUF_SIZE];
	struct cpoctl c = { 0 };
	struct t_capture err;
	struct cpo_error e;
	struct cli t;
	int off;

	CU_ASSERT_EQUAL_FATAL(cli_parse(&t, "engine set 1 refresh-interval 5"),
			      0);
	CU_ASSERT_FATAL(cpo_msg_engine_set(req, sizeof(req), T_FAMILY, T_SEQ,
					   &t.req.engine, NULL) > 0);
	cli_free(&t);
	/* header, genl header, the 8-byte id, then refresh-interval */
	off = MNL_NLMSG_HDRLEN + GENL_HDRLEN + 8;
	t_err_msg(buf, (struct nlmsghdr *)req, -ERANGE, false,
		  "refresh-interval: 0 (on hardware signal only) or"
		  " 10..3600000 ms", off, -1);
	CU_ASSERT_EQUAL(cpo_nlmsg_error_parse((struct nlmsghdr *)buf,
					      (struct nlmsghdr *)req,
					      &cpo_engine_attr_set, &e),
			-ERANGE);
	c.err = t_capture_start(&err);
	CU_ASSERT_EQUAL(cpoctl_set_status(&c, -ERANGE, &e), CPOCTL_EXIT_KERNEL);
	T_ASSERT_STR(t_capture_end(&err),
		     "Error: refresh-interval: 0 (on hardware signal only) or"
		     " 10..3600000 ms (attribute engine.refresh-interval)\n");
	t_capture_free(&err);
}

static void test_lane_show_parse(void)
{
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "lane show"), 0);
	CU_ASSERT_TRUE(t.req.dump);
	CU_ASSERT_EQUAL(t.req.lane.present, 0);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "lane show 2"), 0);
	CU_ASSERT_TRUE(t.req.dump);
	CU_ASSERT_EQUAL(t.req.lane.present, CPO_BIT(CPO_A_LANE_ENGINE_ID));
	CU_ASSERT_EQUAL(t.req.lane.engine_id, 2);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "lane show 2 5"), 0);
	CU_ASSERT_FALSE(t.req.dump);
	CU_ASSERT_EQUAL(t.req.lane.present, CPO_BIT(CPO_A_LANE_ENGINE_ID) |
					    CPO_BIT(CPO_A_LANE_INDEX));
	CU_ASSERT_EQUAL(t.req.lane.index, 5);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "lane show id 9"), 0);
	CU_ASSERT_FALSE(t.req.dump);
	CU_ASSERT_EQUAL(t.req.lane.present, CPO_BIT(CPO_A_LANE_ID));
	CU_ASSERT_EQUAL(t.req.lane.id, 9);
	cli_free(&t);

	usage_error("lane show id", "missing LANE_ID", "cpoctl lane show");
	usage_error("lane show 2 5 7", "unexpected argument \"7\"",
		    "cpoctl lane show");
	usage_error("lane show x", "invalid engine id \"x\"",
		    "cpoctl lane show");
	usage_error("lane show 1 y", "invalid lane index \"y\"",
		    "cpoctl lane show");
	usage_error("lane show id z", "invalid lane id \"z\"",
		    "cpoctl lane show");
}

static void test_lane_set_parse(void)
{
	char buf[T_BUF_SIZE];
	struct t_attrs a;
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "lane set 1 2 tx on"), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_SET);
	CU_ASSERT_EQUAL(t.req.lane.present, CPO_BIT(CPO_A_LANE_ENGINE_ID) |
					    CPO_BIT(CPO_A_LANE_INDEX) |
					    CPO_BIT(CPO_A_LANE_TX_ENABLE));
	CU_ASSERT_EQUAL(t.req.lane.tx_enable, 1);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "lane set 1 2 power down tx off"), 0);
	CU_ASSERT_EQUAL(t.req.lane.tx_enable, 0);
	CU_ASSERT_EQUAL(t.req.lane.power, CPO_LANE_POWER_DOWN);
	CU_ASSERT_FATAL(cpo_msg_lane_set(buf, sizeof(buf), T_FAMILY, 1,
					 &t.req.lane, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 4);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 1);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LANE_INDEX);
	CU_ASSERT_EQUAL(a.u32[1], 2);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_LANE_TX_ENABLE);
	CU_ASSERT_EQUAL(a.len[2], 1);
	CU_ASSERT_EQUAL(a.u32[2], 0);
	CU_ASSERT_EQUAL(a.type[3], CPO_A_LANE_POWER);
	CU_ASSERT_EQUAL(a.u32[3], CPO_LANE_POWER_DOWN);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "lane set 1 3 rx off tx on"), 0);
	CU_ASSERT_EQUAL(t.req.lane.present, CPO_BIT(CPO_A_LANE_ENGINE_ID) |
					    CPO_BIT(CPO_A_LANE_INDEX) |
					    CPO_BIT(CPO_A_LANE_TX_ENABLE) |
					    CPO_BIT(CPO_A_LANE_RX_ENABLE));
	CU_ASSERT_EQUAL(t.req.lane.rx_enable, 0);
	CU_ASSERT_EQUAL(t.req.lane.tx_enable, 1);
	CU_ASSERT_FATAL(cpo_msg_lane_set(buf, sizeof(buf), T_FAMILY, 1,
					 &t.req.lane, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 4);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_LANE_TX_ENABLE);
	CU_ASSERT_EQUAL(a.u32[2], 1);
	CU_ASSERT_EQUAL(a.type[3], CPO_A_LANE_RX_ENABLE);
	CU_ASSERT_EQUAL(a.len[3], 1);
	CU_ASSERT_EQUAL(a.u32[3], 0);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "lane set 1 3 rx on"), 0);
	CU_ASSERT_EQUAL(t.req.lane.rx_enable, 1);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "lane set id 7 power up"), 0);
	CU_ASSERT_EQUAL(t.req.lane.present, CPO_BIT(CPO_A_LANE_ID) |
					    CPO_BIT(CPO_A_LANE_POWER));
	CU_ASSERT_EQUAL(t.req.lane.power, CPO_LANE_POWER_UP);
	cli_free(&t);

	usage_error("lane set", "missing ENGINE_ID", "cpoctl lane set");
	usage_error("lane set 1", "missing LANE_INDEX", "cpoctl lane set");
	usage_error("lane set 1 2", "nothing to set", "cpoctl lane set");
	usage_error("lane set 1 2 tx", "missing value for \"tx\" (expected off|on)",
		    "cpoctl lane set");
	usage_error("lane set 1 2 tx maybe",
		    "invalid value \"maybe\" for \"tx\" (expected off|on)",
		    "cpoctl lane set");
	usage_error("lane set 1 2 power sideways",
		    "invalid value \"sideways\" for \"power\" (expected down|up)",
		    "cpoctl lane set");
	usage_error("lane set 1 2 rx", "missing value for \"rx\" (expected off|on)",
		    "cpoctl lane set");
	usage_error("lane set 1 2 fec on", "unknown argument \"fec\"",
		    "cpoctl lane set");
	usage_error("lane set 1 2 tx on tx off", "\"tx\" given twice",
		    "cpoctl lane set");
}

/* LANES strings, good and bad, and their text form back */
static void test_lane_list(void)
{
	static const struct {
		const char *in, *why, *out;
	} cases[] = {
		{ "0-7,12", NULL, "0-7,12" },
		{ "12,0-7", NULL, "0-7,12" },
		{ "3", NULL, "3" },
		{ "0,1,2,4", NULL, "0-2,4" },
		{ "255", NULL, "255" },
		{ "0-255", NULL, "0-255" },
		{ "7-3", "range \"7-3\" ends before it starts", NULL },
		{ "0-", "invalid lane index or range \"0-\"", NULL },
		{ "-3", "invalid lane index or range \"-3\"", NULL },
		{ ",", "empty item in \",\"", NULL },
		{ "1,,2", "empty item in \"1,,2\"", NULL },
		{ "1,", "empty item in \"1,\"", NULL },
		{ "", "empty item", NULL },
		{ "256", "lane index in \"256\" above 255", NULL },
		{ "0-999999999999", "above 255", NULL },
		{ "1-2-3", "invalid lane index or range \"1-2-3\"", NULL },
		{ "0-3,2", "lane 2 given twice", NULL },
		{ "4,4", "lane 4 given twice", NULL },
		{ "x", "invalid lane index or range \"x\"", NULL },
		{ "+1", "invalid lane index or range \"+1\"", NULL },
	};
	struct cpo_lane_mask m;
	char why[128], out[1024];
	unsigned int i;

	for (i = 0; i < CPO_ARRAY_SIZE(cases); i++) {
		int ret = cpoctl_parse_lane_list(cases[i].in, &m, why,
						 sizeof(why));

		if (!cases[i].why) {
			CU_ASSERT_EQUAL(ret, 0);
			cpoctl_format_lane_list(&m, out, sizeof(out));
			T_ASSERT_STR(out, cases[i].out);
		} else {
			CU_ASSERT(ret < 0);
			T_ASSERT_CONTAINS(why, cases[i].why);
		}
	}
	CU_ASSERT_EQUAL(cpoctl_parse_lane_list("0-7,12", &m, why,
					       sizeof(why)), 0);
	CU_ASSERT_EQUAL(m.len, 2);
	CU_ASSERT_EQUAL(m.bits[0], 0xff);
	CU_ASSERT_EQUAL(m.bits[1], 0x10);
	CU_ASSERT_EQUAL(cpoctl_parse_lane_list("255", &m, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(m.len, 32);
	CU_ASSERT_EQUAL(m.bits[31], 0x80);
}

/* lane set ENGINE LANES ... [ dry-run ]: the request and its errors */
static void test_lane_set_many_parse(void)
{
	char buf[T_BUF_SIZE];
	struct t_attrs a;
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "lane set 1 0-7,12 tx off power down"),
			0);
	CU_ASSERT_EQUAL(t.req.lane.present, CPO_BIT(CPO_A_LANE_ENGINE_ID) |
					    CPO_BIT(CPO_A_LANE_INDEX_MASK) |
					    CPO_BIT(CPO_A_LANE_TX_ENABLE) |
					    CPO_BIT(CPO_A_LANE_POWER));
	CU_ASSERT_FALSE(t.req.lane.dry_run);
	CU_ASSERT_FATAL(cpo_msg_lane_set(buf, sizeof(buf), T_FAMILY, 1,
					 &t.req.lane, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 4);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_ENGINE_ID);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LANE_TX_ENABLE);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_LANE_POWER);
	CU_ASSERT_EQUAL(a.type[3], CPO_A_LANE_INDEX_MASK);
	CU_ASSERT_EQUAL(a.len[3], 2);
	cli_free(&t);

	/* dry-run, with a list or with one lane */
	CU_ASSERT_EQUAL(cli_parse(&t, "lane set 1 2,3 dry-run rx on"), 0);
	CU_ASSERT_TRUE(t.req.lane.dry_run);
	CU_ASSERT_FATAL(cpo_msg_lane_set(buf, sizeof(buf), T_FAMILY, 1,
					 &t.req.lane, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 4);
	CU_ASSERT_EQUAL(a.type[3], CPO_A_LANE_DRY_RUN);
	CU_ASSERT_EQUAL(a.len[3], 0);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "lane set 1 2 tx on dry-run"), 0);
	CU_ASSERT_EQUAL(t.req.lane.present, CPO_BIT(CPO_A_LANE_ENGINE_ID) |
					    CPO_BIT(CPO_A_LANE_INDEX) |
					    CPO_BIT(CPO_A_LANE_TX_ENABLE) |
					    CPO_BIT(CPO_A_LANE_DRY_RUN));
	cli_free(&t);

	usage_error("lane set 1 7-3 tx on",
		    "invalid LANES: range \"7-3\" ends before it starts",
		    "cpoctl lane set");
	usage_error("lane set 1 0- tx on",
		    "invalid LANES: invalid lane index or range \"0-\"",
		    "cpoctl lane set");
	usage_error("lane set 1 , tx on", "invalid LANES: empty item",
		    "cpoctl lane set");
	usage_error("lane set 1 0-300 tx on",
		    "invalid LANES: lane index in \"0-300\" above 255",
		    "cpoctl lane set");
	usage_error("lane set 1 1,1 tx on", "invalid LANES: lane 1 given twice",
		    "cpoctl lane set");
	usage_error("lane set x 1,2 tx on", "invalid engine id \"x\"",
		    "cpoctl lane set");
	usage_error("lane set 1 0-3 dry-run", "nothing to set",
		    "cpoctl lane set");
	usage_error("lane set 1 0-3", "nothing to set", "cpoctl lane set");
	usage_error("lane set 1 0-3 tx on dry-run dry-run",
		    "\"dry-run\" given twice", "cpoctl lane set");
}

static void test_laser_show_parse(void)
{
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "laser"), 0);
	CU_ASSERT_PTR_EQUAL(t.req.obj, &cpoctl_laser);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_SHOW);
	CU_ASSERT_TRUE(t.req.dump);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "laser show"), 0);
	CU_ASSERT_TRUE(t.req.dump);
	CU_ASSERT_EQUAL(t.req.laser.present, 0);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "laser show 3"), 0);
	CU_ASSERT_FALSE(t.req.dump);
	CU_ASSERT_EQUAL(t.req.laser.present, CPO_BIT(CPO_A_LASER_ID));
	CU_ASSERT_EQUAL(t.req.laser.id, 3);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "laser show id 8"), 0);
	CU_ASSERT_EQUAL(t.req.laser.id, 8);
	cli_free(&t);

	usage_error("laser show x", "invalid laser id \"x\"",
		    "Usage: cpoctl laser show");
	usage_error("laser show id", "missing LASER_ID", "cpoctl laser show");
	usage_error("laser show 1 2", "unexpected argument \"2\"",
		    "cpoctl laser show");
	usage_error("laser blink 1", "unknown laser command \"blink\"",
		    "cpoctl laser show");
}

static void test_laser_set_parse(void)
{
	char buf[T_BUF_SIZE];
	struct t_attrs a;
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "laser set 2 enable off"), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_SET);
	CU_ASSERT_EQUAL(t.req.laser.present, CPO_BIT(CPO_A_LASER_ID) |
					     CPO_BIT(CPO_A_LASER_ENABLE));
	CU_ASSERT_EQUAL(t.req.laser.id, 2);
	CU_ASSERT_EQUAL(t.req.laser.enable, 0);
	cli_free(&t);

	/* a keyword alone in the middle of pairs */
	CU_ASSERT_EQUAL(cli_parse(&t, "laser set 1 failover-policy manual "
				  "failover enable on"), 0);
	CU_ASSERT_EQUAL(t.req.laser.present, CPO_BIT(CPO_A_LASER_ID) |
					     CPO_BIT(CPO_A_LASER_ENABLE) |
					     CPO_BIT(CPO_A_LASER_FAILOVER_POLICY) |
					     CPO_BIT(CPO_A_LASER_FAILOVER));
	CU_ASSERT_EQUAL(t.req.laser.failover_policy,
			CPO_FAILOVER_POLICY_MANUAL);
	CU_ASSERT_TRUE(t.req.laser.failover);
	CU_ASSERT_EQUAL(t.req.laser.enable, 1);
	CU_ASSERT_FATAL(cpo_msg_laser_set(buf, sizeof(buf), T_FAMILY, 1,
					  &t.req.laser, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 4);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LASER_ID);
	CU_ASSERT_EQUAL(a.u32[0], 1);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LASER_ENABLE);
	CU_ASSERT_EQUAL(a.u32[1], 1);
	CU_ASSERT_EQUAL(a.type[2], CPO_A_LASER_FAILOVER_POLICY);
	CU_ASSERT_EQUAL(a.u32[2], CPO_FAILOVER_POLICY_MANUAL);
	CU_ASSERT_EQUAL(a.type[3], CPO_A_LASER_FAILOVER);
	CU_ASSERT_EQUAL(a.len[3], 0);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "laser set id 5 failover"), 0);
	CU_ASSERT_EQUAL(t.req.laser.present, CPO_BIT(CPO_A_LASER_ID) |
					     CPO_BIT(CPO_A_LASER_FAILOVER));
	CU_ASSERT_EQUAL(t.req.laser.id, 5);
	CU_ASSERT_TRUE(t.req.laser.failover);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "laser set 6 failback"), 0);
	CU_ASSERT_EQUAL(t.req.laser.present, CPO_BIT(CPO_A_LASER_ID) |
					     CPO_BIT(CPO_A_LASER_FAILBACK));
	CU_ASSERT_EQUAL(t.req.laser.id, 6);
	CU_ASSERT_TRUE(t.req.laser.failback);
	CU_ASSERT_FALSE(t.req.laser.failover);
	cli_free(&t);

	usage_error("laser set", "missing LASER_ID", "cpoctl laser set");
	usage_error("laser set 1", "nothing to set", "cpoctl laser set");
	usage_error("laser set 1 enable",
		    "missing value for \"enable\" (expected off|on)",
		    "cpoctl laser set");
	usage_error("laser set 1 enable yes",
		    "invalid value \"yes\" for \"enable\" (expected off|on)",
		    "cpoctl laser set");
	usage_error("laser set 1 failover-policy sometimes",
		    "invalid value \"sometimes\" for \"failover-policy\""
		    " (expected auto|manual)", "cpoctl laser set");
	/* failover takes no value: what follows is the next keyword */
	usage_error("laser set 1 failover now", "unknown argument \"now\"",
		    "cpoctl laser set");
	usage_error("laser set 1 failover failover",
		    "\"failover\" given twice", "cpoctl laser set");
	usage_error("laser set 1 failback back", "unknown argument \"back\"",
		    "cpoctl laser set");
	usage_error("laser set 1 failback failback",
		    "\"failback\" given twice", "cpoctl laser set");
}

static void test_topology_parse(void)
{
	char buf[T_BUF_SIZE];
	struct t_attrs a;
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "topology engine 4"), 0);
	CU_ASSERT_PTR_EQUAL(t.req.obj, &cpoctl_topology);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_SHOW);
	CU_ASSERT_EQUAL(t.req.topology.present,
			CPO_BIT(CPO_A_TOPOLOGY_ENGINE_ID));
	CU_ASSERT_EQUAL(t.req.topology.engine_id, 4);
	CU_ASSERT_FATAL(cpo_msg_topology_get(buf, sizeof(buf), T_FAMILY, 1,
					     &t.req.topology, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_TOPOLOGY_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 4);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "topology laser 6"), 0);
	CU_ASSERT_EQUAL(t.req.topology.present,
			CPO_BIT(CPO_A_TOPOLOGY_LASER_ID));
	CU_ASSERT_EQUAL(t.req.topology.laser_id, 6);
	CU_ASSERT_EQUAL(t.req.topology.engine_id, 0);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "topology help"), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_HELP);
	cli_free(&t);

	usage_error("topology", "missing \"engine\" or \"laser\"",
		    "Usage: cpoctl topology");
	usage_error("topology port 1", "unknown topology command \"port\"",
		    "Usage: cpoctl topology");
	usage_error("topology engine", "missing ENGINE_ID",
		    "Usage: cpoctl topology");
	usage_error("topology laser x", "invalid laser id \"x\"",
		    "Usage: cpoctl topology");
	usage_error("topology laser 1 engine 2", "unexpected argument \"engine\"",
		    "Usage: cpoctl topology");
}

static void test_monitor_parse(void)
{
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "-j monitor"), 0);
	CU_ASSERT_PTR_EQUAL(t.req.obj, &cpoctl_monitor);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_MONITOR);
	CU_ASSERT_EQUAL(t.req.monitor.count, 0);
	CU_ASSERT_EQUAL(t.req.monitor.timeout, 0);
	CU_ASSERT_EQUAL(t.req.monitor.rcvbuf, 0);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "monitor count 5 timeout 30 rcvbuf 4096"),
			0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_MONITOR);
	CU_ASSERT_EQUAL(t.req.monitor.count, 5);
	CU_ASSERT_EQUAL(t.req.monitor.timeout, 30);
	CU_ASSERT_EQUAL(t.req.monitor.rcvbuf, 4096);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "monitor timeout 2"), 0);
	CU_ASSERT_EQUAL(t.req.monitor.timeout, 2);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "monitor help"), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_HELP);
	cli_free(&t);

	usage_error("monitor count", "missing value for \"count\"",
		    "Usage: cpoctl monitor [ count N ]");
	usage_error("monitor count x", "invalid count \"x\"",
		    "Usage: cpoctl monitor");
	usage_error("monitor count 0", "invalid count \"0\"",
		    "Usage: cpoctl monitor");
	usage_error("monitor timeout -1", "invalid timeout \"-1\"",
		    "Usage: cpoctl monitor");
	usage_error("monitor rcvbuf 4294967295", "invalid rcvbuf",
		    "Usage: cpoctl monitor");
	usage_error("monitor forever", "unexpected argument \"forever\"",
		    "Usage: cpoctl monitor");
}

static void test_threshold_parse(void)
{
	const struct cpo_threshold *th;
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "threshold"), 0);
	CU_ASSERT_PTR_EQUAL(t.req.obj, &cpoctl_threshold);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_SHOW);
	CU_ASSERT_TRUE(t.req.dump);
	CU_ASSERT_EQUAL(t.req.diag.present, 0);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "threshold show engine 3"), 0);
	CU_ASSERT_FALSE(t.req.dump);
	CU_ASSERT_EQUAL(t.req.diag.present, CPO_BIT(CPO_A_DIAG_ENGINE_ID));
	CU_ASSERT_EQUAL(t.req.diag.engine_id, 3);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "threshold show lane 12"), 0);
	CU_ASSERT_EQUAL(t.req.diag.present, CPO_BIT(CPO_A_DIAG_LANE_ID));
	CU_ASSERT_EQUAL(t.req.diag.lane_id, 12);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "threshold set engine 1 temperature"
				  " high-alarm 85.5 low-warning -2.5C"), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_SET);
	CU_ASSERT_EQUAL(t.req.diag.present, CPO_BIT(CPO_A_DIAG_ENGINE_ID) |
					    CPO_BIT(CPO_A_DIAG_THRESHOLD));
	CU_ASSERT_EQUAL_FATAL(t.req.diag.thresholds.n, 1);
	th = &t.req.diag.thresholds.items[0];
	CU_ASSERT_EQUAL(th->present, CPO_BIT(CPO_A_THRESHOLD_QUANTITY) |
				     CPO_BIT(CPO_A_THRESHOLD_HIGH_ALARM) |
				     CPO_BIT(CPO_A_THRESHOLD_LOW_WARNING));
	CU_ASSERT_EQUAL(th->quantity, CPO_QUANTITY_TEMPERATURE);
	CU_ASSERT(th->high_alarm == 85500);
	CU_ASSERT(th->low_warning == -2500);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "threshold set lane 7 rx-power"
				  " low-alarm 0.04 low-warning 0.05mW"
				  " high-alarm none high-warning 1.6"), 0);
	th = &t.req.diag.thresholds.items[0];
	CU_ASSERT_EQUAL(th->quantity, CPO_QUANTITY_RX_POWER);
	CU_ASSERT(th->low_alarm == 40000);
	CU_ASSERT(th->low_warning == 50000);
	CU_ASSERT(th->high_alarm == INT64_MAX);
	CU_ASSERT(th->high_warning == 1600000);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "threshold set engine 1 pre-fec-ber"
				  " high-warning 1e-5 low-alarm none"), 0);
	th = &t.req.diag.thresholds.items[0];
	CU_ASSERT(th->high_warning == 10000000000000LL);
	CU_ASSERT(th->low_alarm == INT64_MIN);
	cli_free(&t);

	usage_error("threshold show port 1",
		    "expected \"engine\" or \"lane\", not \"port\"",
		    "Usage: cpoctl threshold show");
	usage_error("threshold show engine", "missing ENGINE_ID",
		    "Usage: cpoctl threshold");
	usage_error("threshold show lane x", "invalid lane id \"x\"",
		    "Usage: cpoctl threshold");
	usage_error("threshold show engine 1 lane 2",
		    "unexpected argument \"lane\"", "Usage: cpoctl threshold");
	usage_error("threshold set temperature high-alarm 80",
		    "expected \"engine\" or \"lane\", not \"temperature\"",
		    "cpoctl threshold set");
	usage_error("threshold set", "missing \"engine\" or \"lane\"",
		    "cpoctl threshold set");
	usage_error("threshold set engine 1", "missing QUANTITY (expected "
		    "temperature|voltage|power-draw|tx-power|rx-power|tx-bias|"
		    "pre-fec-ber)", "cpoctl threshold set");
	usage_error("threshold set engine 1 humidity high-alarm 3",
		    "unknown quantity \"humidity\"", "cpoctl threshold set");
	usage_error("threshold set lane 1 rx-los high-alarm 3",
		    "rx-los is a flag, it has no thresholds",
		    "cpoctl threshold set");
	usage_error("threshold set engine 1 temperature", "nothing to set",
		    "cpoctl threshold set");
	usage_error("threshold set engine 1 temperature high-alarm",
		    "missing value for \"high-alarm\" (expected a temperature"
		    " in C such as 75.5, or none)", "cpoctl threshold set");
	usage_error("threshold set engine 1 temperature high-alarm hot",
		    "invalid value \"hot\" for \"high-alarm\" (expected a"
		    " temperature in C such as 75.5, or none)",
		    "cpoctl threshold set");
	usage_error("threshold set engine 1 temperature high-alarm 80mW",
		    "invalid value \"80mW\" for \"high-alarm\": expected a"
		    " temperature in C, the unit may follow as C",
		    "cpoctl threshold set");
	usage_error("threshold set engine 1 temperature high-alarm 80.0001",
		    "invalid value \"80.0001\" for \"high-alarm\": finer than"
		    " the kernel's step of 0.001 C", "cpoctl threshold set");
	usage_error("threshold set engine 1 voltage low-alarm -3",
		    "invalid value \"-3\" for \"low-alarm\": must not be"
		    " negative", "cpoctl threshold set");
	usage_error("threshold set engine 1 pre-fec-ber high-alarm 1e-19",
		    "finer than the kernel's step of 1.0e-18",
		    "cpoctl threshold set");
	usage_error("threshold set engine 1 tx-bias high-alarm 1e300",
		    "invalid value \"1e300\" for \"high-alarm\": out of range",
		    "cpoctl threshold set");
	usage_error("threshold set engine 1 tx-bias warning 3",
		    "unknown argument \"warning\"", "cpoctl threshold set");
	usage_error("threshold set engine 1 tx-bias low-alarm 3 low-alarm 4",
		    "\"low-alarm\" given twice", "cpoctl threshold set");
	usage_error("threshold reset engine 1",
		    "unknown threshold command \"reset\"",
		    "cpoctl threshold show");
}

static void test_alarm_parse(void)
{
	const struct cpo_alarm *a;
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "alarm"), 0);
	CU_ASSERT_PTR_EQUAL(t.req.obj, &cpoctl_alarm);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_SHOW);
	CU_ASSERT_TRUE(t.req.dump);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "alarm show lane 5"), 0);
	CU_ASSERT_FALSE(t.req.dump);
	CU_ASSERT_EQUAL(t.req.diag.present, CPO_BIT(CPO_A_DIAG_LANE_ID));
	CU_ASSERT_EQUAL(t.req.diag.lane_id, 5);
	cli_free(&t);

	CU_ASSERT_EQUAL(cli_parse(&t, "alarm clear engine 2"), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_CLEAR);
	CU_ASSERT_EQUAL(t.req.diag.present, CPO_BIT(CPO_A_DIAG_ENGINE_ID));
	CU_ASSERT_EQUAL(t.req.diag.alarms.n, 0);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "alarm clear lane 12 rx-power"), 0);
	CU_ASSERT_EQUAL(t.req.diag.present, CPO_BIT(CPO_A_DIAG_LANE_ID) |
					    CPO_BIT(CPO_A_DIAG_ALARM));
	CU_ASSERT_EQUAL_FATAL(t.req.diag.alarms.n, 1);
	a = &t.req.diag.alarms.items[0];
	CU_ASSERT_EQUAL(a->present, CPO_BIT(CPO_A_ALARM_QUANTITY));
	CU_ASSERT_EQUAL(a->quantity, CPO_QUANTITY_RX_POWER);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "alarm clear lane 12 rx-los asserted"), 0);
	a = &t.req.diag.alarms.items[0];
	CU_ASSERT_EQUAL(a->present, CPO_BIT(CPO_A_ALARM_QUANTITY) |
				    CPO_BIT(CPO_A_ALARM_LEVEL));
	CU_ASSERT_EQUAL(a->quantity, CPO_QUANTITY_RX_LOS);
	CU_ASSERT_EQUAL(a->level, CPO_ALARM_LEVEL_ASSERTED);
	/* and the request carries the nest */
	{
		char buf[T_BUF_SIZE];

		CU_ASSERT(cpo_msg_alarm_clear(buf, sizeof(buf), T_FAMILY, 1,
					      &t.req.diag, NULL) > 0);
	}
	cli_free(&t);

	usage_error("alarm clear", "missing \"engine\" or \"lane\"",
		    "cpoctl alarm clear");
	usage_error("alarm clear lane 1 rx-pwr",
		    "unknown quantity \"rx-pwr\" (expected temperature|",
		    "Usage: cpoctl alarm");
	usage_error("alarm clear lane 1 rx-power low",
		    "unknown level \"low\" (expected high-alarm|low-alarm|"
		    "high-warning|low-warning|asserted)", "Usage: cpoctl alarm");
	usage_error("alarm clear lane 1 rx-power low-alarm now",
		    "unexpected argument \"now\"", "Usage: cpoctl alarm");
	usage_error("alarm show engine 1 2", "unexpected argument \"2\"",
		    "Usage: cpoctl alarm");
	usage_error("alarm ack engine 1", "unknown alarm command \"ack\"",
		    "Usage: cpoctl alarm");
}

static void test_diag_parse(void)
{
	struct cli t;

	CU_ASSERT_EQUAL(cli_parse(&t, "diag dump"), 0);
	CU_ASSERT_PTR_EQUAL(t.req.obj, &cpoctl_diag);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_DUMP);
	CU_ASSERT_TRUE(t.c.json);	/* always JSON */
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "-p diag dump"), 0);
	CU_ASSERT_TRUE(t.c.pretty);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "diag help"), 0);
	T_ASSERT_CONTAINS(t.out.buf, "Usage: cpoctl [ -p ] diag dump");
	cli_free(&t);
	usage_error("diag", "missing \"dump\"", "Usage: cpoctl [ -p ] diag");
	usage_error("diag show", "unknown diag command \"show\"",
		    "Usage: cpoctl [ -p ] diag");
	usage_error("diag dump all", "unexpected argument \"all\"",
		    "Usage: cpoctl [ -p ] diag");
}

static const struct cpoctl_set_arg demo_args[] = {
	CPOCTL_ARG_ENUM("tx", CPO_A_LANE_TX_ENABLE, &cpoctl_on_off_enum),
	CPOCTL_ARG_ENUM("dp", CPO_A_LANE_DP_STATE, &cpo_dp_state_enum),
	CPOCTL_ARG_ENUM("bias", CPO_A_LANE_TX_BIAS, &cpo_lane_power_enum),
};

static const struct cpoctl_set_arg flag_args[] = {
	CPOCTL_ARG_FLAG("go", CPO_A_LASER_FAILOVER),
	CPOCTL_ARG_ENUM("on", CPO_A_LASER_ENABLE, &cpoctl_on_off_enum),
	CPOCTL_ARG_FLAG("bad", CPO_A_LASER_HOURS),
};

static void test_set_table_flags(void)
{
	char *argv[] = { "go", "on", "on", NULL };
	char *bad[] = { "bad", NULL };
	static struct cpo_laser l;
	struct t_capture out, err;
	struct cpoctl c = { 0 };

	memset(&l, 0, sizeof(l));
	c.out = t_capture_start(&out);
	c.err = t_capture_start(&err);
	cpoctl_set_usage(c.out, flag_args, 2);
	CU_ASSERT_EQUAL(cpoctl_parse_set_args(&c, &cpoctl_laser, flag_args, 3,
					      &cpo_laser_attr_set, 3, argv, &l,
					      &l.present), 0);
	T_ASSERT_STR(t_capture_end(&out), "[ go ] [ on { off | on } ]");
	CU_ASSERT_STRING_EQUAL(t_capture_end(&err), "");
	CU_ASSERT_EQUAL(l.present, CPO_BIT(CPO_A_LASER_FAILOVER) |
				   CPO_BIT(CPO_A_LASER_ENABLE));
	CU_ASSERT_TRUE(l.failover);
	CU_ASSERT_EQUAL(l.enable, 1);
	t_capture_free(&out);
	t_capture_free(&err);

	/* the flag parser only fills flags */
	memset(&l, 0, sizeof(l));
	c.out = t_capture_start(&out);
	c.err = t_capture_start(&err);
	CU_ASSERT_EQUAL(cpoctl_parse_set_args(&c, &cpoctl_laser, flag_args, 3,
					      &cpo_laser_attr_set, 1, bad, &l,
					      &l.present), CPOCTL_EXIT_USAGE);
	T_ASSERT_CONTAINS(t_capture_end(&err), "for \"bad\"");
	CU_ASSERT_EQUAL(l.present, 0);
	CU_ASSERT_EQUAL(l.hours, 0);
	t_capture_free(&out);
	t_capture_free(&err);
	CU_ASSERT_EQUAL(cpoctl_arg_flag(&flag_args[0],
					cpo_attr_desc(&cpo_laser_attr_set,
						      CPO_A_LASER_FAILOVER),
					"value", &l.failover), -EINVAL);
	CU_ASSERT_FALSE(l.failover);
}

static void test_set_table(void)
{
	char *argv[] = { "dp", "tx-turn-on", "tx", "on", NULL };
	struct cpo_lane l = { 0 };
	struct t_capture out, err;
	struct cpoctl c = { 0 };

	c.out = t_capture_start(&out);
	c.err = t_capture_start(&err);
	cpoctl_set_usage(c.out, demo_args, 2);
	CU_ASSERT_EQUAL(cpoctl_parse_set_args(&c, &cpoctl_lane, demo_args, 3,
					      &cpo_lane_attr_set, 4, argv, &l,
					      &l.present), 0);
	T_ASSERT_STR(t_capture_end(&out),
		     "[ tx { off | on } ] [ dp { deactivated | init | deinit |"
		     " activated | tx-turn-on | tx-turn-off | initialized } ]");
	CU_ASSERT_STRING_EQUAL(t_capture_end(&err), "");
	CU_ASSERT_EQUAL(l.present, CPO_BIT(CPO_A_LANE_DP_STATE) |
				   CPO_BIT(CPO_A_LANE_TX_ENABLE));
	CU_ASSERT_EQUAL(l.dp_state, CPO_DP_STATE_TX_TURN_ON);
	CU_ASSERT_EQUAL(l.tx_enable, 1);
	CU_ASSERT_EQUAL(l.tx_bias, 0);
	t_capture_free(&out);
	t_capture_free(&err);
}

static void test_arg_enum_storage(void)
{
	const struct cpo_attr_desc *u8 = cpo_attr_desc(&cpo_lane_attr_set,
						       CPO_A_LANE_TX_ENABLE);
	const struct cpo_attr_desc *u32 = cpo_attr_desc(&cpo_lane_attr_set,
							CPO_A_LANE_POWER);
	const struct cpo_attr_desc *str = cpo_attr_desc(&cpo_engine_attr_set,
							CPO_A_ENGINE_VENDOR);
	uint32_t word = 0xffffffff;
	uint8_t byte[4] = { 9, 9, 9, 9 };

	CU_ASSERT_EQUAL(cpoctl_arg_enum(&demo_args[0], u8, "on", byte), 0);
	CU_ASSERT_EQUAL(byte[0], 1);
	CU_ASSERT_EQUAL(byte[1], 9);		/* one byte written */
	CU_ASSERT_EQUAL(cpoctl_arg_enum(&demo_args[2], u32, "up", &word), 0);
	CU_ASSERT_EQUAL(word, CPO_LANE_POWER_UP);
	CU_ASSERT_EQUAL(cpoctl_arg_enum(&demo_args[2], u32, "on", &word),
			-EINVAL);
	CU_ASSERT_EQUAL(cpoctl_arg_enum(&demo_args[0], str, "on", byte),
			-EINVAL);
}

static void test_error_lines(void)
{
	struct t_capture err;
	struct cpo_error e;
	struct cpoctl c = { 0 };

	c.err = t_capture_start(&err);
	cpo_error_clear(&e);
	e.err = ENOENT;
	snprintf(e.msg, sizeof(e.msg), "engine 9 not found");
	e.set = &cpo_engine_attr_set;
	e.bad_attr = CPO_A_ENGINE_ID;
	CU_ASSERT_EQUAL(cpoctl_kernel_error(&c, &e), CPOCTL_EXIT_KERNEL);
	cpo_error_clear(&e);
	e.err = EPERM;
	CU_ASSERT_EQUAL(cpoctl_kernel_error(&c, &e), CPOCTL_EXIT_KERNEL);
	cpo_error_clear(&e);
	snprintf(e.msg, sizeof(e.msg), "already in high power");
	cpoctl_kernel_warning(&c, &e);
	cpo_error_clear(&e);
	cpoctl_kernel_warning(&c, &e);		/* nothing to say */
	T_ASSERT_STR(t_capture_end(&err),
		     "Error: engine 9 not found (attribute engine.id)\n"
		     "Error: Operation not permitted\n"
		     "Warning: already in high power\n");
	t_capture_free(&err);
}

/* -s: with-stats in show requests; stats-clear of an engine or a lane */
static void test_stats_parse(void)
{
	struct nlmsghdr *nlh;
	char buf[T_BUF_SIZE];
	struct t_attrs a;
	struct cli t;

	/* without -s, no with-stats */
	CU_ASSERT_EQUAL(cli_parse(&t, "engine show 3"), 0);
	CU_ASSERT_FALSE(t.c.stats);
	CU_ASSERT_EQUAL(t.req.engine.present, CPO_BIT(CPO_A_ENGINE_ID));
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "-s engine show 3"), 0);
	CU_ASSERT_TRUE(t.c.stats);
	CU_ASSERT_EQUAL(t.req.engine.present,
			CPO_BIT(CPO_A_ENGINE_ID) |
			CPO_BIT(CPO_A_ENGINE_WITH_STATS));
	CU_ASSERT_FATAL(cpo_msg_engine_get(buf, sizeof(buf), T_FAMILY, 1,
					   &t.req.engine, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 3);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_ENGINE_WITH_STATS);
	CU_ASSERT_EQUAL(a.len[1], 0);
	cli_free(&t);
	/* a dump: the flag alone, as "ip -s link" */
	CU_ASSERT_EQUAL(cli_parse(&t, "--stats -j engine"), 0);
	CU_ASSERT_TRUE(t.req.dump);
	nlh = (struct nlmsghdr *)buf;
	CU_ASSERT_FATAL(cpo_msg_engine_dump(buf, sizeof(buf), T_FAMILY, 1,
					    &t.req.engine, NULL) > 0);
	CU_ASSERT_TRUE(nlh->nlmsg_flags & NLM_F_DUMP);
	CU_ASSERT_EQUAL(t_attrs_get(nlh, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_ENGINE_WITH_STATS);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "-s lane show 2"), 0);
	CU_ASSERT_TRUE(t.req.dump);
	CU_ASSERT_FATAL(cpo_msg_lane_dump(buf, sizeof(buf), T_FAMILY, 1,
					  &t.req.lane, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 2);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LANE_WITH_STATS);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "-s lane show id 17"), 0);
	CU_ASSERT_FALSE(t.req.dump);
	CU_ASSERT_FATAL(cpo_msg_lane_get(buf, sizeof(buf), T_FAMILY, 1,
					 &t.req.lane, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_LANE_ID);
	CU_ASSERT_EQUAL(a.type[1], CPO_A_LANE_WITH_STATS);
	cli_free(&t);

	/* stats-clear: the engine, or the lane by id (by engine and index
	 * the lane is looked up when it runs)
	 */
	CU_ASSERT_EQUAL(cli_parse(&t, "engine stats-clear 4"), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_CLEAR);
	CU_ASSERT_EQUAL(t.req.diag.present, CPO_BIT(CPO_A_DIAG_ENGINE_ID));
	nlh = (struct nlmsghdr *)buf;
	CU_ASSERT_FATAL(cpo_msg_stats_clear(buf, sizeof(buf), T_FAMILY, 1,
					    &t.req.diag, NULL) > 0);
	CU_ASSERT_EQUAL(((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd,
			CPO_CMD_STATS_CLEAR);
	CU_ASSERT_EQUAL(t_attrs_get(nlh, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_DIAG_ENGINE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 4);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "lane stats-clear id 17"), 0);
	CU_ASSERT_EQUAL(t.req.cmd, CPOCTL_CMD_CLEAR);
	CU_ASSERT_EQUAL(t.req.diag.present, CPO_BIT(CPO_A_DIAG_LANE_ID));
	CU_ASSERT_FATAL(cpo_msg_stats_clear(buf, sizeof(buf), T_FAMILY, 1,
					    &t.req.diag, NULL) > 0);
	CU_ASSERT_EQUAL(t_attrs_get((struct nlmsghdr *)buf, &a), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 1);
	CU_ASSERT_EQUAL(a.type[0], CPO_A_DIAG_LANE_ID);
	CU_ASSERT_EQUAL(a.u32[0], 17);
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_parse(&t, "lane stats-clear 2 5"), 0);
	CU_ASSERT_EQUAL(t.req.diag.present, 0);
	CU_ASSERT_EQUAL(t.req.lane.present, CPO_BIT(CPO_A_LANE_ENGINE_ID) |
					    CPO_BIT(CPO_A_LANE_INDEX));
	CU_ASSERT_EQUAL(t.req.lane.index, 5);
	cli_free(&t);
	/* nothing to clear is refused before the kernel */
	CU_ASSERT(cpo_msg_stats_clear(buf, sizeof(buf), T_FAMILY, 1,
				      &(struct cpo_diag){ 0 }, NULL) < 0);

	CU_ASSERT_EQUAL(cli_main(&t, "engine help"), 0);
	T_ASSERT_CONTAINS(t.out.buf, "cpoctl engine stats-clear ENGINE_ID\n");
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "lane help"), 0);
	T_ASSERT_CONTAINS(t.out.buf, "cpoctl lane stats-clear"
			  " { ENGINE_ID LANE_INDEX | id LANE_ID }\n");
	cli_free(&t);
	CU_ASSERT_EQUAL(cli_main(&t, "help"), 0);
	T_ASSERT_CONTAINS(t.out.buf, "-s | --stats");
	cli_free(&t);

	usage_error("engine stats-clear", "missing ENGINE_ID",
		    "cpoctl engine stats-clear");
	usage_error("engine stats-clear 1 2", "unexpected argument \"2\"",
		    "cpoctl engine stats-clear");
	usage_error("lane stats-clear 1", "missing LANE_INDEX",
		    "cpoctl lane stats-clear");
	usage_error("lane stats-clear id", "missing LANE_ID",
		    "cpoctl lane stats-clear");
	usage_error("lane stats-clear id 1 now", "unexpected argument \"now\"",
		    "cpoctl lane stats-clear");
}

CU_TestInfo cli_tests[] = {
	{ "options, version and help", test_options_and_help },
	{ "top-level usage errors exit 1", test_top_level_errors },
	{ "engine show selectors", test_engine_show_parse },
	{ "engine set table", test_engine_set_parse },
	{ "engine set refresh-interval: range and request",
	  test_engine_set_refresh_interval },
	{ "engine flash: file, commit, abort, by device", test_engine_flash_parse },
	{ "laser flash, and a device's laser modules", test_laser_flash_parse },
	{ "lane test and selftest: arguments and requests",
	  test_lane_test_and_selftest_parse },
	{ "engine set refresh-interval refused by the kernel",
	  test_engine_set_refresh_refused },
	{ "lane show selectors", test_lane_show_parse },
	{ "lane set table", test_lane_set_parse },
	{ "LANES lists: ranges, errors, text form", test_lane_list },
	{ "lane set on several lanes, dry-run", test_lane_set_many_parse },
	{ "laser show selectors", test_laser_show_parse },
	{ "laser set table with a keyword alone", test_laser_set_parse },
	{ "topology by engine or laser", test_topology_parse },
	{ "monitor and its options", test_monitor_parse },
	{ "threshold show and set, values in units", test_threshold_parse },
	{ "alarm show and clear", test_alarm_parse },
	{ "diag dump", test_diag_parse },
	{ "set tables parse and describe themselves", test_set_table },
	{ "set tables with keywords alone", test_set_table_flags },
	{ "enum arguments stored by attribute width", test_arg_enum_storage },
	{ "kernel errors exit 2 with Error: lines", test_error_lines },
	{ "-s and stats-clear: parse and requests", test_stats_parse },
	CU_TEST_INFO_NULL,
};
