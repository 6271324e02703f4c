// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl -b FILE: lines split into words as iproute2's batch does
 * (quotes, comments, continuations), "Command failed FILE:LINE" after a
 * failed command, -force, exit codes, stdin, errors of the file itself.
 * The commands are ones that end before the kernel (usage errors, help),
 * and one that fails at the kernel whether or not cpo is loaded.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "cpoctl.h"

#define MAX_ARGS	16

/* fails at the kernel (exit 2): no cpo, or no such engine */
#define KERNEL_FAILS	"engine show 4294967295"

struct bt {
	char path[64];		/* the batch file */
	struct t_capture out, err;
	char *msgs;		/* the lines of err that are not usage text */
	int ret;
};

/* Write @len bytes of @text to a new file, whose name goes to t->path. */
static void bt_file(struct bt *t, const char *text, size_t len)
{
	int fd;

	snprintf(t->path, sizeof(t->path), "/tmp/cpoctl-batch-XXXXXX");
	fd = mkstemp(t->path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, text, len) == (ssize_t)len);
	close(fd);
}

/* The error lines of t->err: usage errors, "Error:", "Command failed". */
static void bt_msgs(struct bt *t)
{
	const char *p = t->err.buf ? t->err.buf : "", *nl;
	size_t len;
	FILE *fp;

	fp = open_memstream(&t->msgs, &len);
	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (!strncmp(p, "cpoctl: ", 8) || !strncmp(p, "Error: ", 7) ||
		    !strncmp(p, "Command failed ", 15))
			fprintf(fp, "%.*s\n", (int)(nl - p), p);
		if (!*nl)
			break;
	}
	fclose(fp);
}

/*
 * cpoctl @cmdline, split on spaces, where a word "FILE" (or ending in it)
 * names a file holding @len bytes of @text; stdin reads @in.
 */
static int bt_run_len(struct bt *t, const char *cmdline, const char *text,
		      size_t len, const char *in)
{
	char line[256], words[MAX_ARGS][128], *argv[MAX_ARGS + 1];
	char *tok, *save = NULL, *f;
	struct cpoctl c = { 0 };
	int argc = 0;

	memset(t, 0, sizeof(*t));
	if (text)
		bt_file(t, text, len);
	snprintf(line, sizeof(line), "%s", cmdline);
	argv[argc++] = "cpoctl";
	for (tok = strtok_r(line, " ", &save); tok && argc < MAX_ARGS;
	     tok = strtok_r(NULL, " ", &save)) {
		f = strstr(tok, "FILE");
		if (f)
			snprintf(words[argc], sizeof(words[argc]), "%.*s%s",
				 (int)(f - tok), tok, t->path);
		else
			snprintf(words[argc], sizeof(words[argc]), "%s", tok);
		argv[argc] = words[argc];
		argc++;
	}
	argv[argc] = NULL;
	c.in = in ? fmemopen((void *)in, strlen(in), "r") : NULL;
	c.out = t_capture_start(&t->out);
	c.err = t_capture_start(&t->err);
	t->ret = cpoctl_run(&c, argc, argv);
	t_capture_end(&t->out);
	t_capture_end(&t->err);
	if (c.in)
		fclose(c.in);
	bt_msgs(t);
	return t->ret;
}

static int bt_run(struct bt *t, const char *cmdline, const char *text)
{
	return bt_run_len(t, cmdline, text, text ? strlen(text) : 0, NULL);
}

static void bt_free(struct bt *t)
{
	if (t->path[0])
		unlink(t->path);
	t_capture_free(&t->out);
	t_capture_free(&t->err);
	free(t->msgs);
}

/* @fmt with each "@" replaced by the batch file's name. */
static char *bt_want(const struct bt *t, const char *fmt)
{
	static char buf[4096];
	size_t n = 0;

	for (; *fmt && n < sizeof(buf) - 64; fmt++) {
		if (*fmt == '@')
			n += snprintf(buf + n, sizeof(buf) - n, "%s", t->path);
		else
			buf[n++] = *fmt;
	}
	buf[n] = '\0';
	return buf;
}

#define BT_ASSERT_MSGS(t, fmt)	T_ASSERT_STR((t)->msgs, bt_want((t), (fmt)))

static void test_words(void)
{
	struct bt t;

	CU_ASSERT_EQUAL(bt_run(&t, "-force -b FILE",
			       "\"a b\"\n"
			       "'say \"hi\"'\n"
			       "a\"b c\"\n"
			       "\"\"\n"
			       "\"x\"y\n"
			       "engine \"bo gus\"\n"
			       "\t tab\tseparated \n"
			       "engine 'frob'nicate\n"
			       "engine show 'abc\n"
			       "engine show \"abc'\n"
			       "bogus\r\n"),
			CPOCTL_EXIT_USAGE);
	BT_ASSERT_MSGS(&t,
		       "cpoctl: unknown object \"a b\"\n"
		       "Command failed @:1\n"
		       "cpoctl: unknown object \"say \"hi\"\"\n"
		       "Command failed @:2\n"
		       "cpoctl: unknown object \"a\"b\"\n"
		       "Command failed @:3\n"
		       "cpoctl: unknown object \"\"\n"
		       "Command failed @:4\n"
		       "cpoctl: unknown object \"x\"\n"
		       "Command failed @:5\n"
		       "cpoctl: unknown engine command \"bo gus\"\n"
		       "Command failed @:6\n"
		       "cpoctl: unknown object \"tab\"\n"
		       "Command failed @:7\n"
		       "cpoctl: unknown engine command \"frob\"\n"
		       "Command failed @:8\n"
		       "Error: unterminated quoted string\n"
		       "Command failed @:9\n"
		       "Error: unterminated quoted string\n"
		       "Command failed @:10\n"
		       "cpoctl: unknown object \"bogus\"\n"
		       "Command failed @:11\n");
	T_ASSERT_STR(t.out.buf, "");
	bt_free(&t);
}

static void test_comments_and_continuations(void)
{
	struct bt t;

	CU_ASSERT_EQUAL(bt_run(&t, "-force -b FILE",
			       "# a comment\n"				/* 1 */
			       "\n"					/* 2 */
			       "   \t \n"				/* 3 */
			       "bogus1 # a comment after a command\n"	/* 4 */
			       "engine \\\n"				/* 5 */
			       "  bogus2\n"				/* 6 */
			       "bog\\\n"				/* 7 */
			       "us3\n"					/* 8 */
			       "bogus4 # no continuation \\\n"		/* 9 */
			       "bogus5\n"				/* 10 */
			       "\"quoted # cut by the comment\"\n"	/* 11 */
			       "bogus8 \\\n"				/* 12 */
			       "# a comment line continues it, empty\n"	/* 13 */
			       "bogus6 \\ \n"				/* 14 */
			       "help\n"					/* 15 */
			       "#\n"					/* 16 */
			       "bogus7"),				/* 17 */
			CPOCTL_EXIT_USAGE);
	BT_ASSERT_MSGS(&t,
		       "cpoctl: unknown object \"bogus1\"\n"
		       "Command failed @:4\n"
		       "cpoctl: unknown engine command \"bogus2\"\n"
		       "Command failed @:6\n"
		       "cpoctl: unknown object \"bogus3\"\n"
		       "Command failed @:8\n"
		       "cpoctl: unknown object \"bogus4\"\n"
		       "Command failed @:9\n"
		       "cpoctl: unknown object \"bogus5\"\n"
		       "Command failed @:10\n"
		       "Error: unterminated quoted string\n"
		       "Command failed @:11\n"
		       "cpoctl: unknown object \"bogus8\"\n"
		       "Command failed @:13\n"
		       "cpoctl: unknown object \"bogus6\"\n"
		       "Command failed @:14\n"
		       "cpoctl: unknown object \"bogus7\"\n"
		       "Command failed @:17\n");
	/* line 15 */
	T_ASSERT_CONTAINS(t.out.buf, "Usage: cpoctl [ OPTIONS ] OBJECT");
	bt_free(&t);

	/* a file of comments and blank lines runs nothing, and succeeds */
	CU_ASSERT_EQUAL(bt_run(&t, "-b FILE", "# only\n\n  # comments\n\\\n\n"),
			0);
	T_ASSERT_STR(t.err.buf, "");
	T_ASSERT_STR(t.out.buf, "");
	bt_free(&t);
	CU_ASSERT_EQUAL(bt_run(&t, "-b FILE", ""), 0);
	T_ASSERT_STR(t.err.buf, "");
	bt_free(&t);

	/* the file ends after a backslash, with or without a newline */
	CU_ASSERT_EQUAL(bt_run(&t, "-b FILE", "help\nengine \\\n"),
			CPOCTL_EXIT_USAGE);
	BT_ASSERT_MSGS(&t, "Error: missing continuation line: the batch ends"
		       " after a backslash\n"
		       "Command failed @:2\n");
	bt_free(&t);
	CU_ASSERT_EQUAL(bt_run(&t, "-b FILE", "engine \\"), CPOCTL_EXIT_USAGE);
	BT_ASSERT_MSGS(&t, "Error: missing continuation line: the batch ends"
		       " after a backslash\n"
		       "Command failed @:1\n");
	bt_free(&t);
}

static void test_stop_or_force(void)
{
	static const char text[] =
		"help\n"
		"\n"
		"engine frob\n"
		"lane help\n"
		"bogus\n"
		"laser help\n";
	struct bt t;

	/* without -force: the first failure ends the batch */
	CU_ASSERT_EQUAL(bt_run(&t, "-b FILE", text), CPOCTL_EXIT_USAGE);
	BT_ASSERT_MSGS(&t, "cpoctl: unknown engine command \"frob\"\n"
		       "Command failed @:3\n");
	T_ASSERT_CONTAINS(t.out.buf, "Usage: cpoctl [ OPTIONS ] OBJECT");
	CU_ASSERT_PTR_NULL(strstr(t.out.buf, "cpoctl lane"));
	CU_ASSERT_PTR_NULL(strstr(t.out.buf, "cpoctl laser"));
	/* the failed command's own message and usage, then the line */
	T_ASSERT_CONTAINS(t.err.buf, "Usage: cpoctl engine show");
	CU_ASSERT_TRUE(strstr(t.err.buf, "Usage: cpoctl engine show") <
		       strstr(t.err.buf, "Command failed"));
	bt_free(&t);

	/* -force (or --force, -f): every line runs */
	CU_ASSERT_EQUAL(bt_run(&t, "-force -b FILE", text), CPOCTL_EXIT_USAGE);
	BT_ASSERT_MSGS(&t, "cpoctl: unknown engine command \"frob\"\n"
		       "Command failed @:3\n"
		       "cpoctl: unknown object \"bogus\"\n"
		       "Command failed @:5\n");
	T_ASSERT_CONTAINS(t.out.buf, "cpoctl lane show");
	T_ASSERT_CONTAINS(t.out.buf, "cpoctl laser show");
	bt_free(&t);
	CU_ASSERT_EQUAL(bt_run(&t, "--batch FILE --force", text),
			CPOCTL_EXIT_USAGE);
	T_ASSERT_CONTAINS(t.out.buf, "cpoctl laser show");
	bt_free(&t);
	CU_ASSERT_EQUAL(bt_run(&t, "-f --batch=FILE", text), CPOCTL_EXIT_USAGE);
	T_ASSERT_CONTAINS(t.out.buf, "cpoctl laser show");
	bt_free(&t);

	/* all good: 0, nothing on stderr, help lines print help in order */
	CU_ASSERT_EQUAL(bt_run(&t, "-batch FILE",
			       "lane help\n# x\nhelp\nlaser help\n"), 0);
	T_ASSERT_STR(t.err.buf, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(t.out.buf, "cpoctl lane show"));
	CU_ASSERT_TRUE(strstr(t.out.buf, "cpoctl lane show") <
		       strstr(t.out.buf, "Usage: cpoctl [ OPTIONS ]"));
	CU_ASSERT_TRUE(strstr(t.out.buf, "Usage: cpoctl [ OPTIONS ]") <
		       strstr(t.out.buf, "cpoctl laser show"));
	bt_free(&t);
}

static void test_exit_status(void)
{
	struct bt t;
	int alone;

	/* the kernel command's status when run by itself: 2 */
	alone = bt_run(&t, KERNEL_FAILS, NULL);
	CU_ASSERT_EQUAL(alone, CPOCTL_EXIT_KERNEL);
	bt_free(&t);

	/* without -force: the status of the command that failed */
	CU_ASSERT_EQUAL(bt_run(&t, "-b FILE", "help\n" KERNEL_FAILS "\nbogus\n"),
			alone);
	T_ASSERT_CONTAINS(t.err.buf, "Error: ");
	T_ASSERT_CONTAINS(t.msgs, bt_want(&t, "\nCommand failed @:2\n"));
	CU_ASSERT_PTR_NULL(strstr(t.msgs, "bogus"));
	bt_free(&t);
	CU_ASSERT_EQUAL(bt_run(&t, "-b FILE", "bogus\n" KERNEL_FAILS "\n"),
			CPOCTL_EXIT_USAGE);
	BT_ASSERT_MSGS(&t, "cpoctl: unknown object \"bogus\"\n"
		       "Command failed @:1\n");
	bt_free(&t);

	/* with -force: the highest status of those that failed */
	CU_ASSERT_EQUAL(bt_run(&t, "-force -b FILE",
			       "bogus\n" KERNEL_FAILS "\nbogus2\n"), alone);
	T_ASSERT_CONTAINS(t.msgs, bt_want(&t, "Command failed @:1\n"));
	T_ASSERT_CONTAINS(t.msgs, bt_want(&t, "\nCommand failed @:2\n"));
	T_ASSERT_CONTAINS(t.msgs, bt_want(&t, "unknown object \"bogus2\"\n"
					  "Command failed @:3\n"));
	bt_free(&t);
	CU_ASSERT_EQUAL(bt_run(&t, "-force -b FILE",
			       KERNEL_FAILS "\n" KERNEL_FAILS "\nbogus\n"),
			alone);
	bt_free(&t);
	CU_ASSERT_EQUAL(bt_run(&t, "-force -b FILE", "help\nbogus\nhelp\n"),
			CPOCTL_EXIT_USAGE);
	bt_free(&t);
}

static void test_stdin(void)
{
	struct bt t;

	CU_ASSERT_EQUAL(bt_run_len(&t, "-b -", NULL, 0,
				   "lane help\n  bogus \\\n  more\nhelp\n"),
			CPOCTL_EXIT_USAGE);
	T_ASSERT_STR(t.msgs, "cpoctl: unknown object \"bogus\"\n"
		     "Command failed -:3\n");
	T_ASSERT_CONTAINS(t.out.buf, "cpoctl lane show");
	CU_ASSERT_PTR_NULL(strstr(t.out.buf, "Usage: cpoctl [ OPTIONS ]"));
	bt_free(&t);
	CU_ASSERT_EQUAL(bt_run_len(&t, "-force -b -", NULL, 0,
				   "bogus\n\nhelp\n"), CPOCTL_EXIT_USAGE);
	T_ASSERT_STR(t.msgs, "cpoctl: unknown object \"bogus\"\n"
		     "Command failed -:1\n");
	T_ASSERT_CONTAINS(t.out.buf, "Usage: cpoctl [ OPTIONS ]");
	bt_free(&t);
	CU_ASSERT_EQUAL(bt_run_len(&t, "-b -", NULL, 0, "laser help\n"), 0);
	T_ASSERT_CONTAINS(t.out.buf, "cpoctl laser show");
	T_ASSERT_STR(t.err.buf, "");
	bt_free(&t);
}

static void test_limits(void)
{
	char *text;
	size_t n = 0, i;
	struct bt t;

	text = malloc(3 * CPOCTL_BATCH_LINE_MAX + 20000);
	CU_ASSERT_FATAL(text != NULL);

	/* CPOCTL_BATCH_LINE_MAX bytes: a command (here an unknown object) */
	memset(text, 'x', CPOCTL_BATCH_LINE_MAX);
	n = CPOCTL_BATCH_LINE_MAX;
	text[n++] = '\n';
	/* one more: too long; comments do not count */
	memset(text + n, 'y', CPOCTL_BATCH_LINE_MAX + 1);
	n += CPOCTL_BATCH_LINE_MAX + 1;
	text[n++] = '\n';
	n += sprintf(text + n, "bogus1 #");
	memset(text + n, 'c', 10000);
	n += 10000;
	text[n++] = '\n';
	/* continuations count: two halves joined are too long */
	n += sprintf(text + n, "bogus2 ");
	memset(text + n, 'z', CPOCTL_BATCH_LINE_MAX / 2);
	n += CPOCTL_BATCH_LINE_MAX / 2;
	n += sprintf(text + n, "\\\n");
	memset(text + n, 'z', CPOCTL_BATCH_LINE_MAX / 2);
	n += CPOCTL_BATCH_LINE_MAX / 2;
	n += sprintf(text + n, "\nbogus3\n");
	CU_ASSERT_EQUAL(bt_run_len(&t, "-force -b FILE", text, n, NULL),
			CPOCTL_EXIT_USAGE);
	T_ASSERT_CONTAINS(t.msgs, "cpoctl: unknown object \"xxxxxxxx");
	T_ASSERT_CONTAINS(t.msgs, bt_want(&t, "xxx\"\nCommand failed @:1\n"
					  "Error: command longer than 4096"
					  " bytes\nCommand failed @:2\n"
					  "cpoctl: unknown object \"bogus1\"\n"
					  "Command failed @:3\n"
					  "Error: command longer than 4096"
					  " bytes\nCommand failed @:5\n"
					  "cpoctl: unknown object \"bogus3\"\n"
					  "Command failed @:6\n"));
	bt_free(&t);

	/* CPOCTL_BATCH_ARGS_MAX words, then one more */
	for (n = 0, i = 0; i < CPOCTL_BATCH_ARGS_MAX; i++)
		n += sprintf(text + n, "w ");
	n += sprintf(text + n, "\n");
	for (i = 0; i <= CPOCTL_BATCH_ARGS_MAX; i++)
		n += sprintf(text + n, "w ");
	n += sprintf(text + n, "\n");
	CU_ASSERT_EQUAL(bt_run_len(&t, "-force -b FILE", text, n, NULL),
			CPOCTL_EXIT_USAGE);
	BT_ASSERT_MSGS(&t, "cpoctl: unknown object \"w\"\n"
		       "Command failed @:1\n"
		       "Error: more than 512 words in the command\n"
		       "Command failed @:2\n");
	bt_free(&t);

	/* a NUL byte: the command is refused, the next one runs */
	CU_ASSERT_EQUAL(bt_run_len(&t, "-force -b FILE", "help\0x\nbogus\n", 13,
				   NULL), CPOCTL_EXIT_USAGE);
	BT_ASSERT_MSGS(&t, "Error: NUL byte in the command\n"
		       "Command failed @:1\n"
		       "cpoctl: unknown object \"bogus\"\n"
		       "Command failed @:2\n");
	bt_free(&t);
	free(text);
}

static void test_options(void)
{
	struct cpoctl_req req;
	struct cpoctl c;
	struct bt t;
	char *argv[8];
	struct t_capture err;

	/* options before -b apply to every line; a line takes none */
	CU_ASSERT_EQUAL(bt_run(&t, "-force -b FILE",
			       "-j engine show\n --json lane show\n-\nhelp\n"),
			CPOCTL_EXIT_USAGE);
	BT_ASSERT_MSGS(&t, "Error: \"-j\": options go before -b, not on a line"
		       " of the batch\n"
		       "Command failed @:1\n"
		       "Error: \"--json\": options go before -b, not on a line"
		       " of the batch\n"
		       "Command failed @:2\n"
		       "Error: \"-\": options go before -b, not on a line"
		       " of the batch\n"
		       "Command failed @:3\n");
	bt_free(&t);

	/* the spellings, as iproute2's */
	memset(&c, 0, sizeof(c));
	c.err = t_capture_start(&err);
	argv[0] = "cpoctl";
	argv[1] = "-j";
	argv[2] = "-force";
	argv[3] = "-batch";
	argv[4] = "x";
	argv[5] = NULL;
	CU_ASSERT_EQUAL(cpoctl_parse(&c, 5, argv, &req), 0);
	CU_ASSERT_EQUAL(req.cmd, CPOCTL_CMD_BATCH);
	CU_ASSERT_TRUE(c.json && c.force);
	CU_ASSERT_STRING_EQUAL(c.batch, "x");
	memset(&c, 0, sizeof(c));
	c.err = err.fp;
	argv[1] = "-bfile";
	CU_ASSERT_EQUAL(cpoctl_parse(&c, 2, argv, &req), 0);
	CU_ASSERT_EQUAL(req.cmd, CPOCTL_CMD_BATCH);
	CU_ASSERT_STRING_EQUAL(c.batch, "file");
	CU_ASSERT_FALSE(c.force);
	T_ASSERT_STR(t_capture_end(&err), "");
	t_capture_free(&err);

	/* -force alone changes nothing */
	CU_ASSERT_EQUAL(bt_run(&t, "-force help", NULL), 0);
	T_ASSERT_CONTAINS(t.out.buf, "Usage: cpoctl [ OPTIONS ]");
	bt_free(&t);

	/* -b needs its FILE, and takes no command besides */
	CU_ASSERT_EQUAL(bt_run(&t, "-b", NULL), CPOCTL_EXIT_USAGE);
	T_ASSERT_STR(t.msgs, "cpoctl: option \"-b\" needs an argument\n");
	bt_free(&t);
	CU_ASSERT_EQUAL(bt_run(&t, "-b FILE engine show", "help\n"),
			CPOCTL_EXIT_USAGE);
	BT_ASSERT_MSGS(&t, "cpoctl: unexpected argument \"engine\": the"
		       " commands are in the batch \"@\"\n");
	T_ASSERT_STR(t.out.buf, "");
	bt_free(&t);
	/* the main help tells of it */
	CU_ASSERT_EQUAL(bt_run(&t, "help", NULL), 0);
	T_ASSERT_CONTAINS(t.out.buf,
			  "       cpoctl [ OPTIONS ] [ -force ] -batch FILE\n");
	T_ASSERT_CONTAINS(t.out.buf, "-b | --batch FILE | -force | --force }");
	bt_free(&t);
}

static void test_file_errors(void)
{
	struct bt t;

	CU_ASSERT_EQUAL(bt_run(&t, "-b /nonexistent/batch", NULL),
			CPOCTL_EXIT_USAGE);
	T_ASSERT_STR(t.err.buf, "Error: cannot open \"/nonexistent/batch\":"
		     " No such file or directory\n");
	T_ASSERT_STR(t.out.buf, "");
	bt_free(&t);
	CU_ASSERT_EQUAL(bt_run(&t, "-force -b /", NULL), CPOCTL_EXIT_USAGE);
	T_ASSERT_STR(t.err.buf, "Error: cannot read \"/\": Is a directory\n");
	bt_free(&t);
}

CU_TestInfo batch_tests[] = {
	{ "words: quotes, tabs, CR", test_words },
	{ "comments, blank lines, continuations, line numbers",
	  test_comments_and_continuations },
	{ "stop at the first failure, or -force", test_stop_or_force },
	{ "exit status: the failed command's, the highest with -force",
	  test_exit_status },
	{ "stdin as \"-\"", test_stdin },
	{ "limits: command length, words, NUL", test_limits },
	{ "options: before -b, none on a line", test_options },
	{ "a file that cannot be opened or read", test_file_errors },
	CU_TEST_INFO_NULL,
};
