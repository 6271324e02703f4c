// SPDX-License-Identifier: GPL-2.0
/*
 * Fork server of cli_fuzz.sh: runs cpoctl_main(), that is all of cpoctl
 * but its three-line main.c, built with the same sanitizers, once per
 * command line read from stdin, each time in a new child process, as an
 * exec of cpoctl would: fresh state, its own exit status, the leak check
 * at its exit. It saves the sanitizers' start-up, which costs about 0.3 s
 * per exec in a TCG guest.
 *
 *   cli_fuzz_harness
 *
 * Input, per command line: "ARGC TIMEOUT_MS\n", then ARGC arguments, each
 * ended by a NUL byte. Output, per command line: "KIND N OUTLEN ERRLEN\n",
 * then OUTLEN bytes of the child's stdout and ERRLEN of its stderr (each
 * at most 64 KiB, the rest dropped). KIND N: "exit STATUS", "signal SIG",
 * or "timeout STATUS" / "timeout-signal SIG": the child ran past
 * TIMEOUT_MS, was sent SIGTERM (SIGKILL 5 s later) and ended so.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "cpoctl.h"

#define MAX_ARGS	4096
#define MAX_CAPTURE	65536

static char capture[MAX_CAPTURE];
static char *bufs[MAX_ARGS];
static size_t caps[MAX_ARGS];
static char *argv_child[MAX_ARGS + 2];

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Wait for SIGCHLD (blocked) at most @ms. */
static void wait_chld(long ms)
{
	struct timespec ts;
	sigset_t set;

	if (ms < 0)
		ms = 0;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigtimedwait(&set, NULL, &ts);
}

/* Wait for @pid at most @ms; 1 and *status when it ended. */
static int wait_child(pid_t pid, long ms, int *status)
{
	long end = now_ms() + ms;

	for (;;) {
		if (waitpid(pid, status, WNOHANG) == pid)
			return 1;
		if (now_ms() >= end)
			return 0;
		wait_chld(end - now_ms());
	}
}

static size_t captured(int fd)
{
	off_t len = lseek(fd, 0, SEEK_END);

	if (len < 0)
		return 0;
	return len > MAX_CAPTURE ? MAX_CAPTURE : (size_t)len;
}

static void copy_out(int fd, size_t n)
{
	if (pread(fd, capture, n, 0) != (ssize_t)n)
		memset(capture, '?', n);
	fwrite(capture, 1, n, stdout);
}

static int run_one(int argc, long timeout_ms, int out_fd, int err_fd,
		   int null_fd, const sigset_t *chld)
{
	int i, status = 0, n, timed_out = 0;
	size_t olen, elen;
	const char *kind;
	pid_t pid;

	argv_child[0] = "cpoctl";
	for (i = 0; i < argc; i++)
		argv_child[i + 1] = bufs[i];
	argv_child[argc + 1] = NULL;
	if (ftruncate(out_fd, 0) || ftruncate(err_fd, 0)) {
		perror("cli_fuzz_harness: ftruncate");
		return -1;
	}
	lseek(out_fd, 0, SEEK_SET);
	lseek(err_fd, 0, SEEK_SET);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("cli_fuzz_harness: fork");
		return -1;
	}
	if (pid == 0) {
		sigprocmask(SIG_UNBLOCK, chld, NULL);
		dup2(null_fd, 0);
		dup2(out_fd, 1);
		dup2(err_fd, 2);
		exit(cpoctl_main(argc + 1, argv_child, stdout, stderr));
	}
	if (!wait_child(pid, timeout_ms, &status)) {
		timed_out = 1;
		kill(pid, SIGTERM);
		if (!wait_child(pid, 5000, &status)) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
	}
	if (WIFEXITED(status)) {
		kind = timed_out ? "timeout" : "exit";
		n = WEXITSTATUS(status);
	} else {
		kind = timed_out ? "timeout-signal" : "signal";
		n = WTERMSIG(status);
	}
	olen = captured(out_fd);
	elen = captured(err_fd);
	printf("%s %d %zu %zu\n", kind, n, olen, elen);
	copy_out(out_fd, olen);
	copy_out(err_fd, elen);
	fflush(stdout);
	return 0;
}

int main(void)
{
	int out_fd, err_fd, null_fd, argc, i, ret = 0;
	size_t line_cap = 0;
	char *line = NULL;
	long timeout_ms;
	sigset_t chld;

	out_fd = memfd_create("cli_fuzz_stdout", 0);
	err_fd = memfd_create("cli_fuzz_stderr", 0);
	null_fd = open("/dev/null", O_RDWR);
	if (out_fd < 0 || err_fd < 0 || null_fd < 0) {
		perror("cli_fuzz_harness: setup");
		return 2;
	}
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);

	while (getline(&line, &line_cap, stdin) > 0) {
		if (sscanf(line, "%d %ld", &argc, &timeout_ms) != 2 ||
		    argc < 0 || argc > MAX_ARGS) {
			fprintf(stderr, "cli_fuzz_harness: bad header\n");
			ret = 2;
			break;
		}
		for (i = 0; i < argc; i++) {
			if (getdelim(&bufs[i], &caps[i], '\0', stdin) <= 0) {
				fprintf(stderr, "cli_fuzz_harness: short input\n");
				ret = 2;
				goto out;
			}
		}
		if (run_one(argc, timeout_ms, out_fd, err_fd, null_fd, &chld)) {
			ret = 2;
			break;
		}
	}
out:
	for (i = 0; i < MAX_ARGS; i++)
		free(bufs[i]);
	free(line);
	close(out_fd);
	close(err_fd);
	close(null_fd);
	return ret;
}
