// SPDX-License-Identifier: GPL-2.0
/*
 * node_exporter's textfile collector reads every *.prom file of its
 * directory at each scrape: the metrics go to a temporary file in the same
 * directory (a name the collector skips), then rename(2) puts it in place,
 * so a reader sees the old file or the new one, never half of one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exporter.h"

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= n;
	}
	return 0;
}

int exp_textfile_write(const char *dir, const char *name,
		       const struct exp_state *s, char *msg, size_t msglen)
{
	char path[4096], tmp[4096];
	struct exp_buf b = {};
	int fd, ret;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path) ||
	    (size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.%d.tmp", dir, name,
			     (int)getpid()) >= sizeof(tmp)) {
		snprintf(msg, msglen, "%s: path too long", dir);
		return -ENAMETOOLONG;
	}
	if (!exp_metrics_render(s, &b)) {
		exp_buf_free(&b);
		snprintf(msg, msglen, "out of memory rendering the metrics");
		return -ENOMEM;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = -errno;
		snprintf(msg, msglen, "cannot create %s: %s", tmp,
			 strerror(errno));
		exp_buf_free(&b);
		return ret;
	}
	ret = write_all(fd, b.p, b.len);
	exp_buf_free(&b);
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		snprintf(msg, msglen, "cannot write %s: %s", path,
			 strerror(-ret));
		unlink(tmp);
	}
	return ret;
}
