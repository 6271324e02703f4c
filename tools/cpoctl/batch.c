// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl -b FILE: the commands of a file, one per line, run on one netlink
 * handle, the way iproute2's "ip -batch" runs its own:
 *
 * - a line is OBJECT COMMAND ARGS, as after "cpoctl [ OPTIONS ]"; the
 *   options given before -b apply to every line, and a line takes none;
 * - "#" starts a comment that runs to the end of the line, wherever it
 *   is, within quotes too; blank lines are skipped;
 * - a backslash just before the end of a line joins the next line to it,
 *   the two removed (as in sh, "a\<newline>b" is "ab");
 * - spaces and tabs separate words; a word starting with a double or a
 *   single quote runs to the next such quote, which ends it; quotes
 *   elsewhere in a word are plain characters;
 * - a failed command is followed by "Command failed FILE:LINE", LINE the
 *   last line of the command, and stops the batch, unless -force;
 * - the exit code is that of the failed command, with -force the highest
 *   of them, 0 when none failed. iproute2 exits 1 whatever failed; cpoctl
 *   keeps its codes, so that 1 (bad usage) and 2 (the kernel refused)
 *   still tell the two apart;
 * - a SIGINT or SIGTERM that ends a monitor ends the batch too.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "cpoctl.h"

enum batch_read {
	BATCH_EOF,
	BATCH_CMD,		/* a command in line, blank maybe */
	BATCH_NO_NEXT_LINE,	/* the file ended after a backslash */
	BATCH_ERROR,		/* cannot read: errnum */
};

struct batch {
	struct cpoctl *c;
	FILE *in;
	unsigned int lineno;	/* lines read so far */
	int errnum;
	size_t len;		/* of the command in line */
	bool too_long;
	bool nul;
	char line[CPOCTL_BATCH_LINE_MAX + 1];
	char *argv[CPOCTL_BATCH_ARGS_MAX + 1];
};

/*
 * Append a line of the file to b->line, without its newline and its
 * comment; *@more when it ended in a backslash (dropped): the next line
 * continues the command. A command too long, or with a NUL byte, is
 * still read to its end, so that the next one starts where it should.
 */
static enum batch_read read_line(struct batch *b, bool *more)
{
	bool comment = false, kept = false;
	int ch, last = EOF;
	size_t n = 0;

	while ((ch = getc(b->in)) != EOF && ch != '\n') {
		n++;
		if (comment)
			continue;
		if (ch == '#') {
			comment = true;
			continue;
		}
		last = ch;
		kept = false;
		if (!ch) {
			b->nul = true;
		} else if (b->len < CPOCTL_BATCH_LINE_MAX) {
			b->line[b->len++] = ch;
			kept = true;
		} else {
			b->too_long = true;
		}
	}
	if (ferror(b->in)) {
		b->errnum = errno;
		return BATCH_ERROR;
	}
	if (ch == EOF && !n)
		return BATCH_EOF;
	b->lineno++;
	*more = last == '\\';
	if (*more && kept)
		b->len--;
	return BATCH_CMD;
}

/* The next command, its lines joined, in b->line. */
static enum batch_read read_command(struct batch *b)
{
	enum batch_read r;
	bool first = true, more = false;

	b->len = 0;
	b->too_long = false;
	b->nul = false;
	do {
		r = read_line(b, &more);
		if (r == BATCH_EOF && !first)
			r = BATCH_NO_NEXT_LINE;
		first = false;
	} while (r == BATCH_CMD && more);
	b->line[b->len] = '\0';
	return r;
}

/*
 * Split b->line into b->argv, in place; the number of words, -E2BIG for
 * too many, -EINVAL for a quote without its end.
 */
static int split(struct batch *b)
{
	static const char space[] = " \t\r";
	char *p = b->line, *end;
	int argc = 0;

	for (;;) {
		p += strspn(p, space);
		if (!*p)
			break;
		if (argc == CPOCTL_BATCH_ARGS_MAX)
			return -E2BIG;
		if (*p == '"' || *p == '\'') {
			end = strchr(p + 1, *p);
			if (!end)
				return -EINVAL;
			b->argv[argc++] = p + 1;
		} else {
			b->argv[argc++] = p;
			end = p + strcspn(p, space);
			if (!*end)
				break;
		}
		*end = '\0';
		p = end + 1;
	}
	b->argv[argc] = NULL;
	return argc;
}

/* Run the command just read; its exit code, 0 for a blank line. */
static int run_command(struct batch *b, enum batch_read r)
{
	struct cpoctl *c = b->c;
	struct cpoctl_req req;
	int argc, ret;

	if (r == BATCH_NO_NEXT_LINE) {
		fprintf(c->err,
			"Error: missing continuation line: the batch ends after a backslash\n");
		return CPOCTL_EXIT_USAGE;
	}
	if (b->too_long) {
		fprintf(c->err, "Error: command longer than %d bytes\n",
			CPOCTL_BATCH_LINE_MAX);
		return CPOCTL_EXIT_USAGE;
	}
	if (b->nul) {
		fprintf(c->err, "Error: NUL byte in the command\n");
		return CPOCTL_EXIT_USAGE;
	}
	argc = split(b);
	if (argc == -E2BIG) {
		fprintf(c->err, "Error: more than %d words in the command\n",
			CPOCTL_BATCH_ARGS_MAX);
		return CPOCTL_EXIT_USAGE;
	}
	if (argc < 0) {
		fprintf(c->err, "Error: unterminated quoted string\n");
		return CPOCTL_EXIT_USAGE;
	}
	if (!argc)
		return CPOCTL_EXIT_OK;
	if (b->argv[0][0] == '-') {
		fprintf(c->err,
			"Error: \"%s\": options go before -b, not on a line of the batch\n",
			b->argv[0]);
		return CPOCTL_EXIT_USAGE;
	}
	ret = cpoctl_parse_object(c, argc, b->argv, &req);
	if (ret)
		return ret;
	return cpoctl_exec_one(c, &req);
}

int cpoctl_batch(struct cpoctl *c, const char *name)
{
	struct batch b = { .c = c };
	int ret, worst = CPOCTL_EXIT_OK;
	enum batch_read r;

	if (strcmp(name, "-"))
		b.in = fopen(name, "r");
	else
		b.in = c->in ?: stdin;
	if (!b.in) {
		fprintf(c->err, "Error: cannot open \"%s\": %s\n", name,
			strerror(errno));
		return CPOCTL_EXIT_USAGE;
	}
	while ((r = read_command(&b)) != BATCH_EOF) {
		if (r == BATCH_ERROR) {
			fprintf(c->err, "Error: cannot read \"%s\": %s\n", name,
				strerror(b.errnum));
			if (worst < CPOCTL_EXIT_USAGE)
				worst = CPOCTL_EXIT_USAGE;
			break;
		}
		ret = run_command(&b, r);
		fflush(c->out);		/* each command's output as it ends */
		if (c->signal) {
			/*
			 * A signal stopped a monitor: in a batch it was meant
			 * for the batch. Take it as if it came now (by default
			 * it ends cpoctl).
			 */
			int sig = c->signal;

			c->signal = 0;
			fflush(c->err);
			raise(sig);
		}
		if (!ret)
			continue;
		fprintf(c->err, "Command failed %s:%u\n", name, b.lineno);
		if (ret > worst)
			worst = ret;
		if (!c->force)
			break;
	}
	if (strcmp(name, "-"))
		fclose(b.in);
	return worst;
}
