// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_bench: measurements of the cpo kernel interfaces, and the lane dump
 * checker of the scale selftest.
 *
 *   cpo_bench dump [-r RUNS] [-b BUFSIZE] [-o FILE]
 *	full lane dumps (no filter); per run one line
 *	  dump: run=I lanes=N msgs=M datagrams=D bytes=B intr=0|1 err=E bad=K us=T
 *	(msgs: lane messages; datagrams: recv() calls, i.e. dump resumptions;
 *	intr: a message, the final NLMSG_DONE included, had NLM_F_DUMP_INTR;
 *	bad: lane messages without id, engine-id or index), then with RUNS > 1
 *	  dump-summary: runs=N lanes=N min_us= median_us= max_us= lanes_per_s=
 *	-o FILE: the lanes of the last run, "ID ENGINE-ID INDEX" per line.
 *	-b: the recv() buffer; the kernel sizes its dump skbs after it.
 *
 *   cpo_bench sysfs [-r RUNS]
 *	reads every attribute file of every lane directory under
 *	/sys/class/cpo/engine<ID>/lane<INDEX>/; per run
 *	  sysfs: run=I lanes=N files=F errors=E bytes=B us=T
 *	(errors: reads the kernel refused, e.g. an attribute the lane does not
 *	have a value for), then the same summary line as dump.
 *
 *   cpo_bench latency -k KNOB -l LANE-ID [-n SAMPLES]
 *	writes Y and N in turn to a simulator rx_los debugfs KNOB and times,
 *	for each write, until the lane-change-ntf of lane LANE-ID carrying the
 *	written rx-los arrives on the "monitor" multicast group; per direction
 *	and overall
 *	  latency: set=all|los|clear samples=N missed=M min_us= median_us=
 *	    p99_us= max_us=
 *
 * Exit status 0, or 1 when a dump or a read did not complete (a dump
 * flagged NLM_F_DUMP_INTR still completes: the caller decides), 2 for a
 * usage error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/cpo.h>

#define CPO_CLASS	"/sys/class/cpo"
#define RECV_MAX	(1 << 20)
#define SAMPLE_WAIT_MS	5000

static uint16_t family_id;
static uint32_t monitor_grp;

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of @n sorted values. */
static uint64_t pct(const uint64_t *v, size_t n, unsigned int p)
{
	size_t rank = (n * p + 99) / 100;

	return v[rank ? rank - 1 : 0];
}

/* The median; the mean of the middle two for an even count. */
static uint64_t median(const uint64_t *v, size_t n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void summary(const char *what, uint64_t *us, size_t runs, size_t lanes)
{
	uint64_t med;

	qsort(us, runs, sizeof(*us), cmp_u64);
	med = median(us, runs);
	printf("%s-summary: runs=%zu lanes=%zu min_us=%llu median_us=%llu max_us=%llu lanes_per_s=%.0f\n",
	       what, runs, lanes, (unsigned long long)us[0],
	       (unsigned long long)med, (unsigned long long)us[runs - 1],
	       med ? lanes * 1e6 / med : 0.0);
}

/* ------------------------------------------------------------- netlink */

static struct mnl_socket *nl_open(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_GENERIC);

	if (!nl) {
		perror("cpo_bench: netlink socket");
		return NULL;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("cpo_bench: netlink bind");
		mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

static int ctrl_grp_cb(const struct nlattr *a, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = {};
	const struct nlattr *n;

	(void)data;
	mnl_attr_for_each_nested(n, a)
		if (mnl_attr_get_type(n) <= CTRL_ATTR_MCAST_GRP_MAX)
			tb[mnl_attr_get_type(n)] = n;
	if (tb[CTRL_ATTR_MCAST_GRP_NAME] && tb[CTRL_ATTR_MCAST_GRP_ID] &&
	    !strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
		    CPO_MCGRP_MONITOR))
		monitor_grp = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	return MNL_CB_OK;
}

static int ctrl_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr *n;

	switch (mnl_attr_get_type(a)) {
	case CTRL_ATTR_FAMILY_ID:
		family_id = mnl_attr_get_u16(a);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		mnl_attr_for_each_nested(n, a)
			ctrl_grp_cb(n, data);
		break;
	}
	return MNL_CB_OK;
}

static int ctrl_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), ctrl_attr_cb,
			      data);
}

static struct nlmsghdr *genl_put(char *buf, uint16_t type, uint8_t cmd,
				 uint8_t version, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

/*
 * The cpo family id and its monitor group, from the generic controller, on
 * a socket of its own: the kernel sizes a socket's dump skbs after the
 * largest recv() buffer it has seen there, and the dumps choose theirs.
 */
static int resolve(void)
{
	static char buf[32768];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	uint32_t seq = (uint32_t)time(NULL);
	int n, ret;

	nl = nl_open();
	if (!nl)
		return -1;

	nlh = genl_put(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK,
		       seq);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CPO_FAMILY_NAME);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("cpo_bench: send");
		mnl_socket_close(nl);
		return -1;
	}
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0) {
			perror("cpo_bench: recv");
			mnl_socket_close(nl);
			return -1;
		}
		ret = mnl_cb_run(buf, n, seq, mnl_socket_get_portid(nl),
				 ctrl_cb, NULL);
	} while (ret > MNL_CB_STOP);
	mnl_socket_close(nl);
	if (ret < 0 || !family_id) {
		fprintf(stderr, "cpo_bench: family %s: %s (is cpo.ko loaded?)\n",
			CPO_FAMILY_NAME, strerror(errno));
		return -1;
	}
	return 0;
}

struct lane_rec {
	uint32_t id, engine, index;
};

struct dump_res {
	size_t msgs, datagrams, bytes, bad;
	bool intr, done;
	int err;
	struct lane_rec *lanes;
	size_t n, cap;
};

static int lane_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type <= CPO_A_LANE_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

static void dump_lane(const struct nlmsghdr *nlh, struct dump_res *r)
{
	const struct nlattr *tb[CPO_A_LANE_MAX + 1] = {};
	struct lane_rec *l;

	r->msgs++;
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), lane_attr_cb,
			   tb) < 0 ||
	    !tb[CPO_A_LANE_ID] || !tb[CPO_A_LANE_ENGINE_ID] ||
	    !tb[CPO_A_LANE_INDEX] ||
	    mnl_attr_get_payload_len(tb[CPO_A_LANE_ID]) != 4 ||
	    mnl_attr_get_payload_len(tb[CPO_A_LANE_ENGINE_ID]) != 4 ||
	    mnl_attr_get_payload_len(tb[CPO_A_LANE_INDEX]) != 4) {
		r->bad++;
		return;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4096;
		r->lanes = realloc(r->lanes, r->cap * sizeof(*r->lanes));
		if (!r->lanes) {
			perror("cpo_bench");
			exit(1);
		}
	}
	l = &r->lanes[r->n++];
	l->id = mnl_attr_get_u32(tb[CPO_A_LANE_ID]);
	l->engine = mnl_attr_get_u32(tb[CPO_A_LANE_ENGINE_ID]);
	l->index = mnl_attr_get_u32(tb[CPO_A_LANE_INDEX]);
}

/*
 * One full lane dump, read datagram by datagram (libmnl's mnl_cb_run()
 * stops at NLM_F_DUMP_INTR; here the flag is recorded and reading goes on).
 */
static int dump_once(struct mnl_socket *nl, char *buf, size_t bufsize,
		     uint32_t seq, struct dump_res *r)
{
	struct nlmsghdr *nlh;
	uint32_t portid = mnl_socket_get_portid(nl);
	int fd = mnl_socket_get_fd(nl);
	ssize_t n;
	int len;

	nlh = genl_put(buf, family_id, CPO_CMD_LANE_GET, CPO_FAMILY_VERSION,
		       NLM_F_DUMP, seq);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("cpo_bench: send");
		return -1;
	}
	while (!r->done) {
		n = recv(fd, buf, bufsize, MSG_TRUNC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("cpo_bench: recv");
			return -1;
		}
		if ((size_t)n > bufsize) {
			fprintf(stderr, "cpo_bench: a %zd-byte datagram in a %zu-byte buffer\n",
				n, bufsize);
			return -1;
		}
		r->datagrams++;
		r->bytes += n;
		len = (int)n;
		for (nlh = (struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != portid)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				r->intr = true;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					r->err = *(int *)mnl_nlmsg_get_payload(nlh);
				r->done = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

				r->err = e->error;
				r->done = true;
				break;
			}
			if (nlh->nlmsg_type == family_id)
				dump_lane(nlh, r);
		}
	}
	return r->err ? -1 : 0;
}

static int cmd_dump(int argc, char **argv)
{
	const char *out = NULL;
	size_t bufsize = 32768, runs = 1, i, j, lanes = 0;
	struct mnl_socket *nl;
	uint64_t *us, t;
	char *buf;
	int c, status = 0;

	while ((c = getopt(argc, argv, "r:b:o:")) != -1) {
		switch (c) {
		case 'r':
			runs = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			bufsize = strtoul(optarg, NULL, 0);
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return 2;
		}
	}
	if (!runs || bufsize < 1024 || bufsize > RECV_MAX) {
		fprintf(stderr, "cpo_bench dump: bad -r or -b\n");
		return 2;
	}
	if (resolve())
		return 1;
	nl = nl_open();
	if (!nl)
		return 1;
	buf = malloc(bufsize < 32768 ? 32768 : bufsize);
	us = calloc(runs, sizeof(*us));
	if (!buf || !us)
		return 1;
	for (i = 0; i < runs; i++) {
		struct dump_res r = {};
		int ret;

		t = now_us();
		ret = dump_once(nl, buf, bufsize, (uint32_t)(t + i), &r);
		us[i] = now_us() - t;
		printf("dump: run=%zu lanes=%zu msgs=%zu datagrams=%zu bytes=%zu intr=%d err=%d bad=%zu us=%llu\n",
		       i, r.n, r.msgs, r.datagrams, r.bytes, r.intr, r.err,
		       r.bad, (unsigned long long)us[i]);
		if (ret)
			status = 1;
		lanes = r.n;
		if (out && i == runs - 1) {
			FILE *f = fopen(out, "w");

			if (!f) {
				perror(out);
				return 1;
			}
			for (j = 0; j < r.n; j++)
				fprintf(f, "%u %u %u\n", r.lanes[j].id,
					r.lanes[j].engine, r.lanes[j].index);
			if (fclose(f)) {
				perror(out);
				return 1;
			}
		}
		free(r.lanes);
	}
	if (runs > 1)
		summary("dump", us, runs, lanes);
	mnl_socket_close(nl);
	free(buf);
	free(us);
	return status;
}

/* --------------------------------------------------------------- sysfs */

struct sysfs_res {
	size_t lanes, files, errors, bytes;
};

static bool is_num_name(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n) || !s[n])
		return false;
	for (s += n; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Every regular file of one lane directory, listed and read. */
static int sysfs_lane(int engfd, const char *name, struct sysfs_res *r)
{
	char buf[4096];
	struct dirent *de;
	int lfd, fd;
	ssize_t n;
	DIR *d;

	lfd = openat(engfd, name, O_RDONLY | O_DIRECTORY);
	if (lfd < 0)
		return -1;
	d = fdopendir(lfd);
	if (!d) {
		close(lfd);
		return -1;
	}
	r->lanes++;
	while ((de = readdir(d))) {
		if (de->d_type != DT_REG)
			continue;
		fd = openat(lfd, de->d_name, O_RDONLY);
		if (fd < 0) {
			r->errors++;
			continue;
		}
		r->files++;
		n = read(fd, buf, sizeof(buf));
		if (n < 0)
			r->errors++;
		else
			r->bytes += n;
		close(fd);
	}
	closedir(d);
	return 0;
}

static int sysfs_once(struct sysfs_res *r)
{
	struct dirent *de, *le;
	DIR *cls, *eng;
	int efd;

	cls = opendir(CPO_CLASS);
	if (!cls) {
		perror(CPO_CLASS);
		return -1;
	}
	while ((de = readdir(cls))) {
		if (!is_num_name(de->d_name, "engine"))
			continue;
		efd = openat(dirfd(cls), de->d_name, O_RDONLY | O_DIRECTORY);
		if (efd < 0)
			continue;	/* gone meanwhile */
		eng = fdopendir(efd);
		if (!eng) {
			close(efd);
			continue;
		}
		while ((le = readdir(eng)))
			if (is_num_name(le->d_name, "lane"))
				sysfs_lane(efd, le->d_name, r);
		closedir(eng);
	}
	closedir(cls);
	return 0;
}

static int cmd_sysfs(int argc, char **argv)
{
	size_t runs = 1, i, lanes = 0;
	uint64_t *us, t;
	int c, status = 0;

	while ((c = getopt(argc, argv, "r:")) != -1) {
		switch (c) {
		case 'r':
			runs = strtoul(optarg, NULL, 0);
			break;
		default:
			return 2;
		}
	}
	if (!runs)
		return 2;
	us = calloc(runs, sizeof(*us));
	if (!us)
		return 1;
	for (i = 0; i < runs; i++) {
		struct sysfs_res r = {};

		t = now_us();
		if (sysfs_once(&r))
			status = 1;
		us[i] = now_us() - t;
		printf("sysfs: run=%zu lanes=%zu files=%zu errors=%zu bytes=%zu us=%llu\n",
		       i, r.lanes, r.files, r.errors, r.bytes,
		       (unsigned long long)us[i]);
		lanes = r.lanes;
	}
	if (runs > 1)
		summary("sysfs", us, runs, lanes);
	free(us);
	return status;
}

/* ------------------------------------------------------------- latency */

/* 1: a lane-change-ntf of lane @id with rx-los @los; 0: another message. */
static int ntf_matches(const struct nlmsghdr *nlh, uint32_t id, int los)
{
	const struct nlattr *tb[CPO_A_LANE_MAX + 1] = {};
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != family_id || g->cmd != CPO_CMD_LANE_CHANGE_NTF)
		return 0;
	if (mnl_attr_parse(nlh, sizeof(*g), lane_attr_cb, tb) < 0)
		return 0;
	return tb[CPO_A_LANE_ID] && tb[CPO_A_LANE_RX_LOS] &&
	       mnl_attr_get_u32(tb[CPO_A_LANE_ID]) == id &&
	       mnl_attr_get_u8(tb[CPO_A_LANE_RX_LOS]) == los;
}

static size_t enobufs;

/* Read what is queued without waiting; 1 when a match was among it. */
static int mon_read(int fd, char *buf, size_t size, uint32_t id, int los)
{
	int found = 0, len;
	struct nlmsghdr *nlh;
	ssize_t n;

	for (;;) {
		n = recv(fd, buf, size, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS) {
				enobufs++;
				continue;
			}
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? found : -1;
		}
		len = (int)n;
		for (nlh = (struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len))
			if (los >= 0 && ntf_matches(nlh, id, los))
				found = 1;
		if (found)
			return 1;
	}
}

static void latency_print(const char *set, uint64_t *v, size_t n,
			  size_t missed)
{
	if (!n) {
		printf("latency: set=%s samples=0 missed=%zu\n", set, missed);
		return;
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	printf("latency: set=%s samples=%zu missed=%zu min_us=%llu median_us=%llu p99_us=%llu max_us=%llu\n",
	       set, n, missed, (unsigned long long)v[0],
	       (unsigned long long)median(v, n),
	       (unsigned long long)pct(v, n, 99),
	       (unsigned long long)v[n - 1]);
}

static int cmd_latency(int argc, char **argv)
{
	size_t samples = 400, i, n_all = 0, n_set = 0, n_clr = 0, missed = 0;
	uint64_t *all, *set, *clr, t0, dt;
	const char *knob = NULL;
	struct mnl_socket *nl;
	int c, kfd, mfd, rcvbuf = 8 << 20;
	uint32_t lane = 0;
	bool have_lane = false;
	static char buf[65536];

	while ((c = getopt(argc, argv, "k:l:n:")) != -1) {
		switch (c) {
		case 'k':
			knob = optarg;
			break;
		case 'l':
			lane = strtoul(optarg, NULL, 0);
			have_lane = true;
			break;
		case 'n':
			samples = strtoul(optarg, NULL, 0);
			break;
		default:
			return 2;
		}
	}
	if (!knob || !have_lane || !samples) {
		fprintf(stderr, "cpo_bench latency: -k KNOB -l LANE-ID [-n SAMPLES]\n");
		return 2;
	}
	if (resolve())
		return 1;
	nl = nl_open();
	if (!nl)
		return 1;
	if (!monitor_grp) {
		fprintf(stderr, "cpo_bench: no \"%s\" multicast group\n",
			CPO_MCGRP_MONITOR);
		return 1;
	}
	mfd = mnl_socket_get_fd(nl);
	/* Room for bursts of other lanes' notifications. */
	if (setsockopt(mfd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)))
		setsockopt(mfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &monitor_grp,
				  sizeof(monitor_grp)) < 0) {
		perror("cpo_bench: join monitor group");
		return 1;
	}
	kfd = open(knob, O_WRONLY);
	if (kfd < 0) {
		perror(knob);
		return 1;
	}
	all = calloc(samples, sizeof(*all));
	set = calloc(samples, sizeof(*set));
	clr = calloc(samples, sizeof(*clr));
	if (!all || !set || !clr)
		return 1;

	/* Start from a clear rx_los, and drop what that announced. */
	if (pwrite(kfd, "N", 1, 0) != 1) {
		perror(knob);
		return 1;
	}
	usleep(200000);
	mon_read(mfd, buf, sizeof(buf), lane, -1);

	for (i = 0; i < samples; i++) {
		int los = !(i % 2), found = 0;
		struct pollfd p = { .fd = mfd, .events = POLLIN };

		mon_read(mfd, buf, sizeof(buf), lane, -1);
		t0 = now_us();
		if (pwrite(kfd, los ? "Y" : "N", 1, 0) != 1) {
			perror(knob);
			return 1;
		}
		while (!found) {
			found = mon_read(mfd, buf, sizeof(buf), lane, los);
			if (found < 0) {
				perror("cpo_bench: recv");
				return 1;
			}
			if (found)
				break;
			dt = now_us() - t0;
			if (dt >= SAMPLE_WAIT_MS * 1000ULL)
				break;
			poll(&p, 1, (int)(SAMPLE_WAIT_MS - dt / 1000));
		}
		dt = now_us() - t0;
		if (!found) {
			missed++;
			continue;
		}
		all[n_all++] = dt;
		if (los)
			set[n_set++] = dt;
		else
			clr[n_clr++] = dt;
	}
	if (pwrite(kfd, "N", 1, 0) != 1)
		perror(knob);
	close(kfd);
	latency_print("los", set, n_set, 0);
	latency_print("clear", clr, n_clr, 0);
	latency_print("all", all, n_all, missed);
	if (enobufs)
		printf("latency: enobufs=%zu (notifications dropped)\n",
		       enobufs);
	mnl_socket_close(nl);
	free(all);
	free(set);
	free(clr);
	return missed ? 1 : 0;
}

/*
 * One request of @cmd on a lane, acknowledged: the reply (a get's) and the
 * ack are read. Returns the ack's errno, or -1 when the socket failed.
 */
static int lane_request(struct mnl_socket *nl, char *buf, size_t size,
			uint8_t cmd, uint32_t lane, int tx, uint32_t seq)
{
	uint32_t portid = mnl_socket_get_portid(nl);
	struct nlmsghdr *nlh;
	ssize_t n;
	int ret;

	nlh = genl_put(buf, family_id, cmd, CPO_FAMILY_VERSION, NLM_F_ACK, seq);
	mnl_attr_put_u32(nlh, CPO_A_LANE_ID, lane);
	if (tx >= 0)
		mnl_attr_put_u8(nlh, CPO_A_LANE_TX_ENABLE, tx);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		n = mnl_socket_recvfrom(nl, buf, size);
		if (n < 0)
			return -1;
		ret = mnl_cb_run(buf, n, seq, portid, NULL, NULL);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? errno : 0;
}

/*
 * Gets and sets of one lane, timed each: the latency a request sees, e.g.
 * while another engine's bus is stalled. Sets toggle tx-enable and end
 * where they started (on).
 */
static int cmd_getset(int argc, char **argv)
{
	size_t samples = 200, sets = 0, n_set = 0, i, errors = 0;
	uint64_t *get, *set, t0;
	struct mnl_socket *nl;
	static char buf[32768];
	bool have_lane = false;
	uint32_t lane = 0, seq;
	int c;

	while ((c = getopt(argc, argv, "l:n:s:")) != -1) {
		switch (c) {
		case 'l':
			lane = strtoul(optarg, NULL, 0);
			have_lane = true;
			break;
		case 'n':
			samples = strtoul(optarg, NULL, 0);
			break;
		case 's':
			sets = strtoul(optarg, NULL, 0);
			break;
		default:
			return 2;
		}
	}
	/* Sets wait on the bus: fewer of them by default. */
	if (!sets || sets > samples)
		sets = samples;
	if (!have_lane || !samples) {
		fprintf(stderr, "cpo_bench getset: -l LANE-ID [-n GETS] [-s SETS]\n");
		return 2;
	}
	if (resolve())
		return 1;
	nl = nl_open();
	get = calloc(samples, sizeof(*get));
	set = calloc(samples, sizeof(*set));
	if (!nl || !get || !set)
		return 1;
	seq = (uint32_t)time(NULL);
	/* The sets spread evenly among the gets. */
	for (i = 0; i < samples; i++) {
		t0 = now_us();
		if (lane_request(nl, buf, sizeof(buf), CPO_CMD_LANE_GET, lane,
				 -1, ++seq))
			errors++;
		get[i] = now_us() - t0;
		if (i % (samples / sets))
			continue;
		t0 = now_us();
		if (lane_request(nl, buf, sizeof(buf), CPO_CMD_LANE_SET, lane,
				 n_set % 2, ++seq))
			errors++;
		if (n_set < sets)
			set[n_set++] = now_us() - t0;
	}
	if (n_set % 2)
		lane_request(nl, buf, sizeof(buf), CPO_CMD_LANE_SET, lane, 1,
			     ++seq);
	qsort(get, samples, sizeof(*get), cmp_u64);
	qsort(set, n_set, sizeof(*set), cmp_u64);
	printf("getset: op=get samples=%zu median_us=%llu p99_us=%llu max_us=%llu\n",
	       samples, (unsigned long long)median(get, samples),
	       (unsigned long long)pct(get, samples, 99),
	       (unsigned long long)get[samples - 1]);
	printf("getset: op=set samples=%zu median_us=%llu p99_us=%llu max_us=%llu errors=%zu\n",
	       n_set, (unsigned long long)median(set, n_set),
	       (unsigned long long)pct(set, n_set, 99),
	       (unsigned long long)set[n_set - 1], errors);
	mnl_socket_close(nl);
	free(get);
	free(set);
	return errors ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: cpo_bench dump [-r RUNS] [-b BUFSIZE] [-o FILE]\n"
		"       cpo_bench sysfs [-r RUNS]\n"
		"       cpo_bench latency -k KNOB -l LANE-ID [-n SAMPLES]\n"
		"       cpo_bench getset -l LANE-ID [-n GETS] [-s SETS]\n");
}

int main(int argc, char **argv)
{
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		usage();
		return 2;
	}
	if (!strcmp(argv[1], "dump"))
		ret = cmd_dump(argc - 1, argv + 1);
	else if (!strcmp(argv[1], "sysfs"))
		ret = cmd_sysfs(argc - 1, argv + 1);
	else if (!strcmp(argv[1], "latency"))
		ret = cmd_latency(argc - 1, argv + 1);
	else if (!strcmp(argv[1], "getset"))
		ret = cmd_getset(argc - 1, argv + 1);
	else
		ret = 2;
	if (ret == 2)
		usage();
	return ret;
}
