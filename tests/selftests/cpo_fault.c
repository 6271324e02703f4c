// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_fault: the C side of the stress, failslab and loadunload selftests.
 *
 * Raw generic netlink (no library between the test and the syscalls), so
 * that fail-nth can be scoped to exactly the syscalls of one operation and
 * every NLM_F_DUMP_INTR flag is seen.
 *
 *   cpo_fault dumps STOPFILE STABLE_DEV
 *	Dumps engines, lanes (all, and of one engine), lasers, thresholds
 *	and alarms back to back until STOPFILE exists. Each dump is complete
 *	and consistent (unique ids; every object of STABLE_DEV, a device
 *	nobody deletes, present; each of its engines' lanes complete), or
 *	flagged NLM_F_DUMP_INTR; anything else is counted inconsistent.
 *	Prints "dumps: N complete, N flagged, N inconsistent, N failed".
 *
 *   cpo_fault dumpdel KIND DEV_ID ENGINE_ID
 *	Requests a dump (KIND: lane-engine, lane, engine, laser, threshold,
 *	alarm; lane-engine is the lanes of ENGINE_ID), whose first part the
 *	kernel makes right away, deletes cposim<DEV_ID>, then reads it all:
 *	a dump of more than one part spanned the deletion and must be
 *	flagged NLM_F_DUMP_INTR (or fail). Exit 1 when it is not, 3 when the
 *	dump fit in one part.
 *
 *   cpo_fault nth OP ARGS...
 *	For n = 1, 2, ...: the n-th fault-injection point (failslab,
 *	fail_page_alloc) met by the syscalls of OP fails, through
 *	/proc/thread-self/fail-nth, until OP completes without meeting an
 *	n-th point. Each attempt must fail cleanly (an errno, no partial
 *	state) or succeed; prints "OP: N faults injected, ..." and exits 1 on
 *	any problem. OPs: new_device "ID ARGS", insmod PATH NAME, and the
 *	netlink requests listed by "cpo_fault nth help". With CPO_FAULT_KMSG
 *	set, each attempt is marked in the kernel log ("cpo_fault: OP
 *	fail-nth N"), to tell which one a kernel report follows.
 *
 *   cpo_fault kmemleak
 *	A kmemleak scan as the VM rig does it: scan, wait until what was
 *	allocated before is old enough to be reported, scan again; prints
 *	the report. Exit 1 on a leak, 4 without kmemleak (not a debug kernel).
 *
 *   cpo_fault hold FILE...
 *	Holds open: a socket subscribed to the monitor group, a socket with
 *	a lane dump requested and not read (its first part queued), and
 *	FILE... (sysfs or debugfs files). Commands on stdin, one answer line each on stdout:
 *	"read" (pread each file: "ok" or the errno name), "dump" (finish the
 *	dump: "lanes N intr 0|1 err E"), "monitor" (events received),
 *	"rmmod NAME" (delete_module(NAME, O_NONBLOCK): "ok" or the errno
 *	name), "close-files", "close-dump", "quit".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/cpo.h>

#define SIM_BUS		"/sys/bus/cposim"
#define SIM_DFS		"/sys/kernel/debug/cposim"
#define RECV_SIZE	8192	/* small: dumps come in many parts */
#define MAX_OBJS	16384
#define MAX_ATTR	64
#define RECV_TIMEOUT_S	60	/* a TCG debug guest can be very slow */

static uint16_t cpo_family;
static uint32_t cpo_monitor_grp;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "cpo_fault: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------------
 * Messages
 */

struct msg {
	union {
		struct nlmsghdr nlh;
		char buf[4096];
	};
	struct nlattr *nest[4];
	int depth;
};

static void *msg_tail(struct msg *m)
{
	return m->buf + NLMSG_ALIGN(m->nlh.nlmsg_len);
}

static void msg_init(struct msg *m, uint16_t type, uint16_t flags, uint8_t cmd)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	g = NLMSG_DATA(&m->nlh);
	g->cmd = cmd;
	g->version = 1;
}

static void put(struct msg *m, uint16_t type, const void *data, int len)
{
	struct nlattr *a = msg_tail(m);

	if (NLMSG_ALIGN(m->nlh.nlmsg_len) + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(m->buf))
		die("message too long");
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->nlh.nlmsg_len = NLMSG_ALIGN(m->nlh.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static void put_u8(struct msg *m, uint16_t type, uint8_t v) { put(m, type, &v, 1); }
static void put_u32(struct msg *m, uint16_t type, uint32_t v) { put(m, type, &v, 4); }
static void put_s64(struct msg *m, uint16_t type, int64_t v) { put(m, type, &v, 8); }
static void put_str(struct msg *m, uint16_t type, const char *s) { put(m, type, s, strlen(s) + 1); }

static void nest_start(struct msg *m, uint16_t type)
{
	m->nest[m->depth++] = msg_tail(m);
	put(m, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct msg *m)
{
	struct nlattr *a = m->nest[--m->depth];

	a->nla_len = (char *)msg_tail(m) - (char *)a;
}

/* Top-level attributes of a generic netlink message (first of each type). */
static void parse_attrs(const void *data, int len, const struct nlattr **tb)
{
	const struct nlattr *a;

	memset(tb, 0, sizeof(*tb) * (MAX_ATTR + 1));
	for (a = data; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	     a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		int type = a->nla_type & NLA_TYPE_MASK;

		if (type <= MAX_ATTR && !tb[type])
			tb[type] = a;
	}
}

static void parse_genl(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	parse_attrs((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		    nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), tb);
}

static const void *nla_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static int nla_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static uint32_t get_u32(const struct nlattr *a)
{
	uint32_t v = 0;

	if (a)
		memcpy(&v, nla_data(a), nla_len(a) < 4 ? nla_len(a) : 4);
	return v;
}

static uint8_t get_u8(const struct nlattr *a)
{
	return a ? *(const uint8_t *)nla_data(a) : 0;
}

static int64_t get_s64(const struct nlattr *a)
{
	int64_t v = 0;

	if (a && nla_len(a) >= 8)
		memcpy(&v, nla_data(a), 8);
	return v;
}

/* ---------------------------------------------------------------------
 * Sockets
 */

struct nl {
	int fd;
	uint32_t seq;
};

struct reply {
	int err;		/* the kernel's errno (negative) from ERROR/DONE */
	int recv_err;		/* recv() failed with this errno (negative) */
	int send_err;		/* send() failed with this errno (negative) */
	bool done;		/* ACK, ERROR or DONE seen */
	bool intr;		/* a message had NLM_F_DUMP_INTR */
	int nmsgs;		/* data messages */
	int datagrams;		/* datagrams read */
	bool done_alone;	/* DONE arrived in a datagram of its own */
	int done_in;		/* the datagram (from 1) that ended the answer */
	char extack[200];
};

typedef void (*msg_cb)(const struct nlmsghdr *nlh, const struct nlattr **tb,
		       void *arg);

static int nl_open(struct nl *nl)
{
	struct timeval tv = { .tv_sec = RECV_TIMEOUT_S };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;

	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0)
		return -errno;
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(nl->fd);
		return -errno;
	}
	setsockopt(nl->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->seq = time(NULL);
	return 0;
}

static void nl_close(struct nl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

static int nl_send(struct nl *nl, struct msg *m)
{
	m->nlh.nlmsg_seq = ++nl->seq;
	if (send(nl->fd, m->buf, m->nlh.nlmsg_len, 0) < 0)
		return -errno;
	return 0;
}

static void extack_msg(const struct nlmsghdr *nlh, struct reply *r)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	const struct nlattr *tb[MAX_ATTR + 1];
	int off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_ALIGN(sizeof(*e));
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	if ((int)NLMSG_LENGTH(off) > (int)nlh->nlmsg_len)
		return;
	parse_attrs((const char *)e + off, nlh->nlmsg_len - NLMSG_LENGTH(off), tb);
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(r->extack, sizeof(r->extack), "%s",
			 (const char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

/*
 * Read one datagram of the answer to request @seq; messages of other
 * sequence numbers (notifications) are skipped. 1 = more to read, 0 =
 * the answer is complete, <0 = recv() failed (r->recv_err).
 */
static int nl_recv_one(struct nl *nl, uint32_t seq, msg_cb cb, void *arg,
		       struct reply *r)
{
	static char buf[RECV_SIZE];
	struct nlmsghdr *nlh;
	bool data = false;
	int n;

	n = recv(nl->fd, buf, sizeof(buf), MSG_TRUNC);
	if (n < 0) {
		r->recv_err = -errno;
		return r->recv_err;
	}
	if (n > (int)sizeof(buf)) {
		r->recv_err = -EMSGSIZE;
		return r->recv_err;
	}
	r->datagrams++;
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
		if (nlh->nlmsg_seq != seq)
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			r->intr = true;
		if (nlh->nlmsg_type == NLMSG_DONE) {
			if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
				r->err = *(int *)NLMSG_DATA(nlh);
			extack_msg(nlh, r);
			r->done = true;
			r->done_alone = !data;
			r->done_in = r->datagrams;
			return 0;
		}
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			r->err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			extack_msg(nlh, r);
			r->done = true;
			return 0;
		}
		data = true;
		r->nmsgs++;
		if (cb) {
			const struct nlattr *tb[MAX_ATTR + 1];

			parse_genl(nlh, tb);
			cb(nlh, tb, arg);
		}
	}
	return 1;
}

/* Read the whole answer to request @seq. 0, or the first error. */
static int nl_recv_all(struct nl *nl, uint32_t seq, msg_cb cb, void *arg,
		       struct reply *r)
{
	int ret;

	do {
		ret = nl_recv_one(nl, seq, cb, arg, r);
	} while (ret > 0);
	if (ret < 0)
		return ret;
	return r->err;
}

/* Send @m (NLM_F_ACK added to a do) and read the whole answer. */
static int nl_request(struct nl *nl, struct msg *m, msg_cb cb, void *arg,
		      struct reply *r)
{
	int ret;

	memset(r, 0, sizeof(*r));
	if (!(m->nlh.nlmsg_flags & NLM_F_DUMP))
		m->nlh.nlmsg_flags |= NLM_F_ACK;
	ret = nl_send(nl, m);
	if (ret) {
		r->send_err = ret;
		return ret;
	}
	return nl_recv_all(nl, nl->seq, cb, arg, r);
}

static void family_cb(const struct nlmsghdr *nlh, const struct nlattr **tb,
		      void *arg)
{
	const struct nlattr *grp;
	int rem;

	(void)nlh;
	(void)arg;
	if (tb[CTRL_ATTR_FAMILY_ID])
		cpo_family = *(const uint16_t *)nla_data(tb[CTRL_ATTR_FAMILY_ID]);
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return;
	rem = nla_len(tb[CTRL_ATTR_MCAST_GROUPS]);
	for (grp = nla_data(tb[CTRL_ATTR_MCAST_GROUPS]);
	     rem >= NLA_HDRLEN && grp->nla_len >= NLA_HDRLEN && grp->nla_len <= rem;
	     rem -= NLA_ALIGN(grp->nla_len),
	     grp = (const void *)((const char *)grp + NLA_ALIGN(grp->nla_len))) {
		const struct nlattr *g[MAX_ATTR + 1];

		parse_attrs(nla_data(grp), nla_len(grp), g);
		if (g[CTRL_ATTR_MCAST_GRP_NAME] && g[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(nla_data(g[CTRL_ATTR_MCAST_GRP_NAME]), CPO_MCGRP_MONITOR))
			cpo_monitor_grp = get_u32(g[CTRL_ATTR_MCAST_GRP_ID]);
	}
}

/* The family id of "cpo": 0 on success, -ENOENT when not registered. */
static int resolve_family(void)
{
	struct reply r;
	struct msg m;
	struct nl nl;
	int ret;

	ret = nl_open(&nl);
	if (ret)
		return ret;
	msg_init(&m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY);
	put_str(&m, CTRL_ATTR_FAMILY_NAME, CPO_FAMILY_NAME);
	cpo_family = 0;
	ret = nl_request(&nl, &m, family_cb, NULL, &r);
	nl_close(&nl);
	if (!ret && !cpo_family)
		ret = -ENOENT;
	return ret;
}

static void need_family(void)
{
	int ret = resolve_family();

	if (ret)
		die("generic netlink family %s: %s", CPO_FAMILY_NAME, strerror(-ret));
}

static void cpo_msg(struct msg *m, uint8_t cmd, uint16_t flags)
{
	msg_init(m, cpo_family, flags, cmd);
}

/* ---------------------------------------------------------------------
 * Objects, as dumped
 */

struct obj {
	uint32_t id;		/* engine, lane, laser id; diag: engine id */
	uint32_t engine;	/* lane: its engine; diag: engine id */
	uint32_t index;		/* lane index; diag: lane id + 1, 0 = engine */
	uint32_t count;		/* engine: lane count */
	char dev[32];		/* engine, laser: dev-name */
	uint32_t u[4];		/* values some ops look at */
	int64_t s[2];
};

struct objs {
	int n;
	struct obj o[MAX_OBJS];
};

enum kind { K_ENGINE, K_LANE, K_LANE_ENGINE, K_LASER, K_THRESHOLD, K_ALARM, K_NR };

static const char *const kind_names[] = {
	[K_ENGINE] = "engine", [K_LANE] = "lane", [K_LANE_ENGINE] = "lane-engine",
	[K_LASER] = "laser", [K_THRESHOLD] = "threshold", [K_ALARM] = "alarm",
};

static const uint8_t kind_cmd[] = {
	[K_ENGINE] = CPO_CMD_ENGINE_GET, [K_LANE] = CPO_CMD_LANE_GET,
	[K_LANE_ENGINE] = CPO_CMD_LANE_GET, [K_LASER] = CPO_CMD_LASER_GET,
	[K_THRESHOLD] = CPO_CMD_THRESHOLD_GET, [K_ALARM] = CPO_CMD_ALARM_GET,
};

struct collect {
	enum kind kind;
	struct objs *objs;
};

/* Threshold nest of quantity @q: its high-alarm in *ha. */
static bool threshold_of(const struct nlmsghdr *nlh, uint32_t q, int64_t *ha)
{
	const struct nlattr *a;
	int len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

	for (a = (const void *)((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
	     len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		const struct nlattr *t[MAX_ATTR + 1];

		if ((a->nla_type & NLA_TYPE_MASK) != CPO_A_DIAG_THRESHOLD)
			continue;
		parse_attrs(nla_data(a), nla_len(a), t);
		if (get_u32(t[CPO_A_THRESHOLD_QUANTITY]) != q)
			continue;
		if (!t[CPO_A_THRESHOLD_HIGH_ALARM])
			return false;
		*ha = get_s64(t[CPO_A_THRESHOLD_HIGH_ALARM]);
		return true;
	}
	return false;
}

static void collect_cb(const struct nlmsghdr *nlh, const struct nlattr **tb,
		       void *arg)
{
	struct collect *c = arg;
	struct obj *o;

	if (c->objs->n >= MAX_OBJS)
		return;
	o = &c->objs->o[c->objs->n++];
	memset(o, 0, sizeof(*o));
	switch (c->kind) {
	case K_ENGINE:
		o->id = get_u32(tb[CPO_A_ENGINE_ID]);
		o->count = get_u32(tb[CPO_A_ENGINE_LANE_COUNT]);
		o->u[0] = get_u32(tb[CPO_A_ENGINE_POWER_MODE]);
		o->u[3] = !!tb[CPO_A_ENGINE_ID];
		if (tb[CPO_A_ENGINE_DEV_NAME])
			snprintf(o->dev, sizeof(o->dev), "%s",
				 (const char *)nla_data(tb[CPO_A_ENGINE_DEV_NAME]));
		break;
	case K_LANE:
	case K_LANE_ENGINE:
		o->id = get_u32(tb[CPO_A_LANE_ID]);
		o->engine = get_u32(tb[CPO_A_LANE_ENGINE_ID]);
		o->index = get_u32(tb[CPO_A_LANE_INDEX]);
		o->u[0] = get_u8(tb[CPO_A_LANE_TX_ENABLE]);
		o->u[1] = get_u8(tb[CPO_A_LANE_RX_ENABLE]);
		o->u[2] = get_u32(tb[CPO_A_LANE_POWER]);
		o->u[3] = !!tb[CPO_A_LANE_ID];
		break;
	case K_LASER:
		o->id = get_u32(tb[CPO_A_LASER_ID]);
		o->u[0] = get_u8(tb[CPO_A_LASER_ENABLE]);
		o->u[1] = get_u32(tb[CPO_A_LASER_FAILOVER_POLICY]);
		o->u[2] = tb[CPO_A_LASER_SPARE_ID] ? 1 : 0;
		o->u[3] = !!tb[CPO_A_LASER_ID];
		o->count = get_u32(tb[CPO_A_LASER_ROLE]);
		if (tb[CPO_A_LASER_DEV_NAME])
			snprintf(o->dev, sizeof(o->dev), "%s",
				 (const char *)nla_data(tb[CPO_A_LASER_DEV_NAME]));
		break;
	case K_THRESHOLD:
	case K_ALARM:
		o->id = o->engine = get_u32(tb[CPO_A_DIAG_ENGINE_ID]);
		o->index = tb[CPO_A_DIAG_LANE_ID] ?
			   get_u32(tb[CPO_A_DIAG_LANE_ID]) + 1 : 0;
		o->u[3] = !!tb[CPO_A_DIAG_ENGINE_ID];
		o->u[0] = threshold_of(nlh, o->index ? CPO_QUANTITY_TX_POWER :
						      CPO_QUANTITY_TEMPERATURE,
				       &o->s[0]);
		break;
	default:
		break;
	}
}

/* Start a dump of @kind (of engine @engine for K_LANE_ENGINE). */
static int dump_send(struct nl *nl, enum kind kind, uint32_t engine)
{
	struct msg m;

	cpo_msg(&m, kind_cmd[kind], NLM_F_DUMP);
	if (kind == K_LANE_ENGINE)
		put_u32(&m, CPO_A_LANE_ENGINE_ID, engine);
	return nl_send(nl, &m);
}

/* A whole dump on a fresh socket. */
static int dump(enum kind kind, uint32_t engine, struct objs *objs,
		struct reply *r)
{
	struct collect c = { kind, objs };
	struct nl nl;
	int ret;

	memset(r, 0, sizeof(*r));
	objs->n = 0;
	ret = nl_open(&nl);
	if (ret)
		return r->send_err = ret;
	ret = dump_send(&nl, kind, engine);
	if (ret) {
		r->send_err = ret;
	} else {
		ret = nl_recv_all(&nl, nl.seq, collect_cb, &c, r);
	}
	nl_close(&nl);
	return ret;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Keys unique? (sorted copy) */
static bool keys_unique(uint64_t *keys, int n, uint64_t *dup)
{
	int i;

	qsort(keys, n, sizeof(*keys), cmp_u64);
	for (i = 1; i < n; i++)
		if (keys[i] == keys[i - 1]) {
			*dup = keys[i];
			return false;
		}
	return true;
}

static bool has_key(const uint64_t *keys, int n, uint64_t key)
{
	return bsearch(&key, keys, n, sizeof(*keys), cmp_u64) != NULL;
}

/* ---------------------------------------------------------------------
 * dumps: the stress dumper
 */

struct stable {
	char dev[32];
	int n_engines, n_lanes, n_lasers;
	uint32_t engines[64], lane_count[64];
	uint64_t lanes[4096];		/* engine << 32 | index, sorted */
	uint32_t lane_ids[4096];
	uint32_t lasers[1024];
};

static struct stable st;
static struct objs objs;
static uint64_t keys[MAX_OBJS];

/* The objects of the stable device, from dumps that were not flagged. */
static void stable_learn(const char *dev)
{
	struct reply r;
	int i, tries;

	snprintf(st.dev, sizeof(st.dev), "%s", dev);
	for (tries = 0; tries < 100; tries++) {
		if (dump(K_ENGINE, 0, &objs, &r) || r.intr)
			continue;
		st.n_engines = 0;
		for (i = 0; i < objs.n && st.n_engines < 64; i++)
			if (!strcmp(objs.o[i].dev, dev)) {
				st.lane_count[st.n_engines] = objs.o[i].count;
				st.engines[st.n_engines++] = objs.o[i].id;
			}
		break;
	}
	if (!st.n_engines)
		die("no engine of %s", dev);
	for (tries = 0; tries < 100; tries++) {
		int e;

		if (dump(K_LANE, 0, &objs, &r) || r.intr)
			continue;
		st.n_lanes = 0;
		for (i = 0; i < objs.n && st.n_lanes < 4096; i++)
			for (e = 0; e < st.n_engines; e++)
				if (objs.o[i].engine == st.engines[e]) {
					st.lane_ids[st.n_lanes] = objs.o[i].id;
					st.lanes[st.n_lanes++] =
						(uint64_t)objs.o[i].engine << 32 | objs.o[i].index;
				}
		break;
	}
	qsort(st.lanes, st.n_lanes, sizeof(st.lanes[0]), cmp_u64);
	for (tries = 0; tries < 100; tries++) {
		if (dump(K_LASER, 0, &objs, &r) || r.intr)
			continue;
		st.n_lasers = 0;
		for (i = 0; i < objs.n && st.n_lasers < 1024; i++)
			if (!strcmp(objs.o[i].dev, dev))
				st.lasers[st.n_lasers++] = objs.o[i].id;
		break;
	}
	printf("# stable device %s: %d engines, %d lanes, %d lasers\n", dev,
	       st.n_engines, st.n_lanes, st.n_lasers);
}

static bool is_stable_engine(uint32_t id, uint32_t *count)
{
	int e;

	for (e = 0; e < st.n_engines; e++)
		if (st.engines[e] == id) {
			if (count)
				*count = st.lane_count[e];
			return true;
		}
	return false;
}

/* Why an unflagged, complete dump is inconsistent; NULL if it is fine. */
static const char *dump_check(enum kind kind, uint32_t engine, char *why,
			      size_t len, const struct objs *o, const struct reply *r,
			      uint32_t engine_lanes)
{
	uint64_t dup;
	int i, j, n = o->n;

	for (i = 0; i < n; i++)
		if (!o->o[i].u[3]) {
			snprintf(why, len, "a message without its id");
			return why;
		}
	switch (kind) {
	case K_ENGINE:
	case K_LASER:
		for (i = 0; i < n; i++)
			keys[i] = o->o[i].id;
		if (!keys_unique(keys, n, &dup)) {
			snprintf(why, len, "%s %llu twice", kind_names[kind],
				 (unsigned long long)dup);
			return why;
		}
		if (kind == K_ENGINE) {
			for (j = 0; j < st.n_engines; j++)
				if (!has_key(keys, n, st.engines[j])) {
					snprintf(why, len, "stable engine %u missing",
						 st.engines[j]);
					return why;
				}
		} else {
			for (j = 0; j < st.n_lasers; j++)
				if (!has_key(keys, n, st.lasers[j])) {
					snprintf(why, len, "stable laser %u missing",
						 st.lasers[j]);
					return why;
				}
		}
		return NULL;
	case K_LANE:
	case K_LANE_ENGINE:
		for (i = 0; i < n; i++)
			keys[i] = o->o[i].id;
		if (!keys_unique(keys, n, &dup)) {
			snprintf(why, len, "lane %llu twice", (unsigned long long)dup);
			return why;
		}
		for (i = 0; i < n; i++) {
			keys[i] = (uint64_t)o->o[i].engine << 32 | o->o[i].index;
			if (kind == K_LANE_ENGINE && o->o[i].engine != engine) {
				snprintf(why, len, "lane %u of engine %u in the dump of engine %u",
					 o->o[i].id, o->o[i].engine, engine);
				return why;
			}
		}
		if (!keys_unique(keys, n, &dup)) {
			snprintf(why, len, "engine %u index %u twice",
				 (unsigned)(dup >> 32), (unsigned)dup);
			return why;
		}
		for (j = 0; j < st.n_lanes; j++) {
			if (kind == K_LANE_ENGINE && st.lanes[j] >> 32 != engine)
				continue;
			if (!has_key(keys, n, st.lanes[j])) {
				snprintf(why, len, "lane %u of stable engine %u missing",
					 (unsigned)st.lanes[j], (unsigned)(st.lanes[j] >> 32));
				return why;
			}
		}
		/*
		 * An engine deleted between two parts of its lane dump: the
		 * dump stops early, so it must be flagged.
		 */
		if (kind == K_LANE_ENGINE && engine_lanes &&
		    (uint32_t)n < engine_lanes && r->datagrams > 1 && r->done_alone) {
			snprintf(why, len, "%d of the %u lanes of engine %u in %d parts, not flagged",
				 n, engine_lanes, engine, r->datagrams);
			return why;
		}
		return NULL;
	case K_THRESHOLD:
	case K_ALARM:
		for (i = 0; i < n; i++)
			keys[i] = (uint64_t)o->o[i].engine << 32 | o->o[i].index;
		if (!keys_unique(keys, n, &dup)) {
			snprintf(why, len, "%s of engine %u lane %d twice", kind_names[kind],
				 (unsigned)(dup >> 32), (int)(uint32_t)dup - 1);
			return why;
		}
		if (kind == K_ALARM)
			return NULL;
		for (j = 0; j < st.n_engines; j++)
			if (!has_key(keys, n, (uint64_t)st.engines[j] << 32)) {
				snprintf(why, len, "thresholds of stable engine %u missing",
					 st.engines[j]);
				return why;
			}
		for (i = 0; i < n; i++)
			keys[i] = o->o[i].index;	/* lane id + 1, 0 = engine */
		qsort(keys, n, sizeof(*keys), cmp_u64);
		for (j = 0; j < st.n_lanes; j++)
			if (!has_key(keys, n, (uint64_t)st.lane_ids[j] + 1)) {
				snprintf(why, len, "thresholds of stable lane %u missing",
					 st.lane_ids[j]);
				return why;
			}
		return NULL;
	default:
		return NULL;
	}
}

static int cmd_dumps(int argc, char **argv)
{
	long complete[K_NR] = {}, flagged[K_NR] = {}, bad[K_NR] = {}, failed[K_NR] = {};
	long gone = 0, total_bad = 0, total_failed = 0;
	uint32_t other[4096], other_lanes[4096];
	int n_other = 0, shown = 0;
	const char *stop;
	double start = now_s();
	enum kind kind;
	struct reply r;
	unsigned int round = 0;
	char why[256];
	int k, i;

	if (argc != 2)
		die("usage: dumps STOPFILE STABLE_DEV");
	stop = argv[0];
	need_family();
	stable_learn(argv[1]);
	srand(getpid());

	while (access(stop, F_OK)) {
		uint32_t engine = 0, engine_lanes = 0;
		const char *bad_why;
		int ret;

		kind = round++ % K_NR;
		/* leave the CPUs to the other workers too */
		usleep(2000);
		if (kind == K_LANE_ENGINE) {
			/* a churned engine when one is known, else a stable one */
			if (n_other && rand() % 4) {
				i = rand() % n_other;
				engine = other[i];
				engine_lanes = other_lanes[i];
			} else {
				i = rand() % st.n_engines;
				engine = st.engines[i];
				engine_lanes = st.lane_count[i];
			}
		}
		ret = dump(kind, engine, &objs, &r);
		if (kind == K_ENGINE && !ret) {
			n_other = 0;
			for (i = 0; i < objs.n && n_other < 4096; i++)
				if (!is_stable_engine(objs.o[i].id, NULL)) {
					other_lanes[n_other] = objs.o[i].count;
					other[n_other++] = objs.o[i].id;
				}
		}
		if (kind == K_LANE_ENGINE && ret == -ENOENT && !r.recv_err &&
		    !is_stable_engine(engine, NULL)) {
			gone++;		/* deleted before the dump started */
			continue;
		}
		if (ret) {
			failed[kind]++;
			total_failed++;
			if (shown++ < 10)
				printf("# %s dump failed: %s%s%s (%s)\n", kind_names[kind],
				       strerror(-ret), r.extack[0] ? ": " : "", r.extack,
				       r.recv_err ? "recv" : r.send_err ? "send" : "kernel");
			continue;
		}
		if (r.intr) {
			flagged[kind]++;
			continue;
		}
		bad_why = dump_check(kind, engine, why, sizeof(why), &objs, &r,
				     engine_lanes);
		if (bad_why) {
			bad[kind]++;
			total_bad++;
			if (shown++ < 10)
				printf("# inconsistent %s dump: %s\n", kind_names[kind], bad_why);
			continue;
		}
		complete[kind]++;
	}
	{
		long c = 0, f = 0;

		for (k = 0; k < K_NR; k++) {
			c += complete[k];
			f += flagged[k];
			printf("# %-12s %6ld complete %6ld flagged %4ld inconsistent %4ld failed\n",
			       kind_names[k], complete[k], flagged[k], bad[k], failed[k]);
		}
		printf("# lane dumps of an engine deleted before they started: %ld\n", gone);
		printf("dumps: %ld complete, %ld flagged, %ld inconsistent, %ld failed in %.0f s\n",
		       c, f, total_bad, total_failed, now_s() - start);
		if (!c)
			return 1;
	}
	return total_bad || total_failed ? 1 : 0;
}

/* ---------------------------------------------------------------------
 * dumpdel: a dump across a del_device
 */

static int write_str(const char *path, const char *s)
{
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int cmd_dumpdel(int argc, char **argv)
{
	struct collect c = { 0, &objs };
	struct reply r = {};
	enum kind kind = K_NR;
	uint32_t engine;
	struct nl nl;
	int ret, k;

	if (argc != 3)
		die("usage: dumpdel KIND DEV_ID ENGINE_ID");
	for (k = 0; k < K_NR; k++)
		if (!strcmp(argv[0], kind_names[k]))
			kind = k;
	if (kind == K_NR)
		die("unknown dump kind %s", argv[0]);
	engine = strtoul(argv[2], NULL, 0);
	need_family();
	c.kind = kind;
	objs.n = 0;
	if (nl_open(&nl))
		die("socket: %m");
	/* the first part is made in sendmsg(), the rest as it is read */
	ret = dump_send(&nl, kind, engine);
	if (ret)
		die("send: %s", strerror(-ret));
	ret = write_str(SIM_BUS "/del_device", argv[1]);
	if (ret)
		die("del_device %s: %s", argv[1], strerror(-ret));
	ret = nl_recv_all(&nl, nl.seq, collect_cb, &c, &r);
	nl_close(&nl);
	if (r.done_in == 1 && !ret) {
		printf("%s dump: complete in its first part (%d messages), nothing to check\n",
		       kind_names[kind], r.nmsgs);
		return 3;
	}
	printf("%s dump across del_device %s: %d messages in %d parts, %s, %s\n",
	       kind_names[kind], argv[1], r.nmsgs, r.datagrams,
	       r.intr ? "flagged NLM_F_DUMP_INTR" : "NOT flagged",
	       ret ? strerror(-ret) : "ended with DONE 0");
	return r.intr || ret ? 0 : 1;
}

/* ---------------------------------------------------------------------
 * nth: fail-nth
 */

static int failnth_fd = -1;

static void failnth_set(unsigned int n)
{
	char b[16];
	int len = snprintf(b, sizeof(b), "%u", n);

	if (pwrite(failnth_fd, b, len, 0) != len)
		die("write fail-nth: %m");
}

/* The points left before the fault: 0 = it was injected. */
static unsigned int failnth_left(void)
{
	char b[16] = "";

	if (pread(failnth_fd, b, sizeof(b) - 1, 0) < 0)
		die("read fail-nth: %m");
	return strtoul(b, NULL, 10);
}

struct op;

struct attempt {
	int ret;		/* 0 or -errno, as the operation reported */
	int where;		/* 'S' send, 'K' kernel answer, 'R' recv, 'W' write */
	bool lost;		/* the answer was lost: state may or may not have changed */
	struct reply r;
};

struct op {
	const char *name;
	const char *args;	/* usage */
	int nargs;
	/* before the loop: check and learn (no fault) */
	int (*prepare)(struct op *op, char **argv);
	/* the operation: everything from fail-nth set to read */
	void (*run)(struct op *op, struct attempt *a);
	/* after each attempt, no fault: NULL = fine, else why not */
	const char *(*verify)(struct op *op, struct attempt *a, char *why, size_t len);
	uint32_t id;		/* the object */
	uint32_t id2;
	char str[256];
	char path[256];
	int fd;
	struct nl nl;
	/* state for sets */
	uint32_t before[4], target[4];
	int64_t sbefore, starget;
	int baseline;		/* objects in a dump; state counts */
	int base_counts[8];
};

/* ---- state readers (no fault) */

static int get_one(enum kind kind, uint32_t id, struct obj *out)
{
	struct collect c = { kind, &objs };
	struct reply r;
	struct msg m;
	struct nl nl;
	int ret;

	objs.n = 0;
	ret = nl_open(&nl);
	if (ret)
		return ret;
	switch (kind) {
	case K_ENGINE:
		cpo_msg(&m, CPO_CMD_ENGINE_GET, 0);
		put_u32(&m, CPO_A_ENGINE_ID, id);
		break;
	case K_LANE:
		cpo_msg(&m, CPO_CMD_LANE_GET, 0);
		put_u32(&m, CPO_A_LANE_ID, id);
		break;
	case K_LASER:
		cpo_msg(&m, CPO_CMD_LASER_GET, 0);
		put_u32(&m, CPO_A_LASER_ID, id);
		break;
	case K_THRESHOLD:	/* of engine id */
		cpo_msg(&m, CPO_CMD_THRESHOLD_GET, 0);
		put_u32(&m, CPO_A_DIAG_ENGINE_ID, id);
		break;
	default:		/* thresholds of lane id */
		c.kind = K_THRESHOLD;
		cpo_msg(&m, CPO_CMD_THRESHOLD_GET, 0);
		put_u32(&m, CPO_A_DIAG_LANE_ID, id);
		break;
	}
	ret = nl_request(&nl, &m, collect_cb, &c, &r);
	nl_close(&nl);
	if (!ret && objs.n != 1)
		ret = -EPROTO;
	if (!ret)
		*out = objs.o[0];
	return ret;
}

/* Count the objects of a kind whose dev-name is @dev (engine, laser) or
 * all of them (@dev NULL); retried until a dump is not flagged. */
static int count_objs(enum kind kind, const char *dev)
{
	struct reply r;
	int i, n, tries;

	for (tries = 0; tries < 50; tries++) {
		if (dump(kind, 0, &objs, &r) || r.intr)
			continue;
		for (i = n = 0; i < objs.n; i++)
			if (!dev || !strcmp(objs.o[i].dev, dev))
				n++;
		return n;
	}
	return -1;
}

static int count_dir(const char *path)
{
	struct dirent *d;
	DIR *dir;
	int n = 0;

	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			n++;
	closedir(dir);
	return n;
}

static bool exists(const char *path)
{
	struct stat sb;

	return !stat(path, &sb);
}

/* ---- netlink operations */

enum nl_op {
	NL_ENGINE_GET, NL_ENGINE_DUMP, NL_ENGINE_SET,
	NL_LANE_GET, NL_LANE_DUMP, NL_LANE_DUMP_ENGINE, NL_LANE_SET,
	NL_LASER_GET, NL_LASER_DUMP, NL_LASER_SET,
	NL_TOPOLOGY_ENGINE, NL_TOPOLOGY_LASER,
	NL_THRESHOLD_GET_ENGINE, NL_THRESHOLD_GET_LANE, NL_THRESHOLD_DUMP,
	NL_THRESHOLD_SET_ENGINE, NL_THRESHOLD_SET_LANE,
	NL_ALARM_GET_ENGINE, NL_ALARM_GET_LANE, NL_ALARM_DUMP, NL_ALARM_CLEAR,
};

struct nl_desc {
	const char *name;
	const char *arg;	/* NULL: no argument */
	enum kind dump;		/* K_NR: not a dump */
};

static const struct nl_desc nl_descs[] = {
	[NL_ENGINE_GET] = { "engine-get", "ENGINE_ID", K_NR },
	[NL_ENGINE_DUMP] = { "engine-dump", NULL, K_ENGINE },
	[NL_ENGINE_SET] = { "engine-set", "ENGINE_ID", K_NR },
	[NL_LANE_GET] = { "lane-get", "LANE_ID", K_NR },
	[NL_LANE_DUMP] = { "lane-dump", NULL, K_LANE },
	[NL_LANE_DUMP_ENGINE] = { "lane-dump-engine", "ENGINE_ID", K_LANE_ENGINE },
	[NL_LANE_SET] = { "lane-set", "LANE_ID", K_NR },
	[NL_LASER_GET] = { "laser-get", "LASER_ID", K_NR },
	[NL_LASER_DUMP] = { "laser-dump", NULL, K_LASER },
	[NL_LASER_SET] = { "laser-set", "LASER_ID", K_NR },
	[NL_TOPOLOGY_ENGINE] = { "topology-engine", "ENGINE_ID", K_NR },
	[NL_TOPOLOGY_LASER] = { "topology-laser", "LASER_ID", K_NR },
	[NL_THRESHOLD_GET_ENGINE] = { "threshold-get-engine", "ENGINE_ID", K_NR },
	[NL_THRESHOLD_GET_LANE] = { "threshold-get-lane", "LANE_ID", K_NR },
	[NL_THRESHOLD_DUMP] = { "threshold-dump", NULL, K_THRESHOLD },
	[NL_THRESHOLD_SET_ENGINE] = { "threshold-set-engine", "ENGINE_ID", K_NR },
	[NL_THRESHOLD_SET_LANE] = { "threshold-set-lane", "LANE_ID", K_NR },
	[NL_ALARM_GET_ENGINE] = { "alarm-get-engine", "ENGINE_ID", K_NR },
	[NL_ALARM_GET_LANE] = { "alarm-get-lane", "LANE_ID", K_NR },
	[NL_ALARM_DUMP] = { "alarm-dump", NULL, K_ALARM },
	[NL_ALARM_CLEAR] = { "alarm-clear", "ENGINE_ID", K_NR },
};

static enum nl_op cur_nl;

/* The current state of what a set changes, into @v (and @s). */
static int nl_state(struct op *op, uint32_t *v, int64_t *s)
{
	struct obj o;
	int ret;

	memset(v, 0, 4 * sizeof(*v));
	*s = 0;
	switch (cur_nl) {
	case NL_ENGINE_SET:
		ret = get_one(K_ENGINE, op->id, &o);
		v[0] = o.u[0];
		return ret;
	case NL_LANE_SET:
		ret = get_one(K_LANE, op->id, &o);
		v[0] = o.u[0];
		v[1] = o.u[1];
		v[2] = o.u[2];
		return ret;
	case NL_LASER_SET:
		ret = get_one(K_LASER, op->id, &o);
		v[0] = o.u[0];
		v[1] = o.u[1];
		return ret;
	case NL_THRESHOLD_SET_ENGINE:
		ret = get_one(K_THRESHOLD, op->id, &o);
		v[0] = o.u[0];
		*s = o.s[0];
		return ret;
	case NL_THRESHOLD_SET_LANE:
		ret = get_one(K_NR, op->id, &o);
		v[0] = o.u[0];
		*s = o.s[0];
		return ret;
	default:
		return 0;
	}
}

static bool nl_is_set(void)
{
	return cur_nl == NL_ENGINE_SET || cur_nl == NL_LANE_SET ||
	       cur_nl == NL_LASER_SET || cur_nl == NL_THRESHOLD_SET_ENGINE ||
	       cur_nl == NL_THRESHOLD_SET_LANE || cur_nl == NL_ALARM_CLEAR;
}

static void nl_build(struct op *op, struct msg *m)
{
	enum kind dk = nl_descs[cur_nl].dump;

	if (dk != K_NR) {
		cpo_msg(m, kind_cmd[dk], NLM_F_DUMP);
		if (dk == K_LANE_ENGINE)
			put_u32(m, CPO_A_LANE_ENGINE_ID, op->id);
		return;
	}
	switch (cur_nl) {
	case NL_ENGINE_GET:
		cpo_msg(m, CPO_CMD_ENGINE_GET, NLM_F_ACK);
		put_u32(m, CPO_A_ENGINE_ID, op->id);
		break;
	case NL_ENGINE_SET:
		cpo_msg(m, CPO_CMD_ENGINE_SET, NLM_F_ACK);
		put_u32(m, CPO_A_ENGINE_ID, op->id);
		put_u32(m, CPO_A_ENGINE_POWER_MODE, op->target[0]);
		break;
	case NL_LANE_GET:
		cpo_msg(m, CPO_CMD_LANE_GET, NLM_F_ACK);
		put_u32(m, CPO_A_LANE_ID, op->id);
		break;
	case NL_LANE_SET:
		cpo_msg(m, CPO_CMD_LANE_SET, NLM_F_ACK);
		put_u32(m, CPO_A_LANE_ID, op->id);
		put_u8(m, CPO_A_LANE_TX_ENABLE, op->target[0]);
		put_u8(m, CPO_A_LANE_RX_ENABLE, op->target[1]);
		put_u32(m, CPO_A_LANE_POWER, op->target[2]);
		break;
	case NL_LASER_GET:
		cpo_msg(m, CPO_CMD_LASER_GET, NLM_F_ACK);
		put_u32(m, CPO_A_LASER_ID, op->id);
		break;
	case NL_LASER_SET:
		cpo_msg(m, CPO_CMD_LASER_SET, NLM_F_ACK);
		put_u32(m, CPO_A_LASER_ID, op->id);
		put_u8(m, CPO_A_LASER_ENABLE, op->target[0]);
		put_u32(m, CPO_A_LASER_FAILOVER_POLICY, op->target[1]);
		break;
	case NL_TOPOLOGY_ENGINE:
		cpo_msg(m, CPO_CMD_TOPOLOGY_GET, NLM_F_ACK);
		put_u32(m, CPO_A_TOPOLOGY_ENGINE_ID, op->id);
		break;
	case NL_TOPOLOGY_LASER:
		cpo_msg(m, CPO_CMD_TOPOLOGY_GET, NLM_F_ACK);
		put_u32(m, CPO_A_TOPOLOGY_LASER_ID, op->id);
		break;
	case NL_THRESHOLD_GET_ENGINE:
	case NL_ALARM_GET_ENGINE:
		cpo_msg(m, cur_nl == NL_ALARM_GET_ENGINE ? CPO_CMD_ALARM_GET :
			CPO_CMD_THRESHOLD_GET, NLM_F_ACK);
		put_u32(m, CPO_A_DIAG_ENGINE_ID, op->id);
		break;
	case NL_THRESHOLD_GET_LANE:
	case NL_ALARM_GET_LANE:
		cpo_msg(m, cur_nl == NL_ALARM_GET_LANE ? CPO_CMD_ALARM_GET :
			CPO_CMD_THRESHOLD_GET, NLM_F_ACK);
		put_u32(m, CPO_A_DIAG_LANE_ID, op->id);
		break;
	case NL_THRESHOLD_SET_ENGINE:
	case NL_THRESHOLD_SET_LANE:
		cpo_msg(m, CPO_CMD_THRESHOLD_SET, NLM_F_ACK);
		put_u32(m, cur_nl == NL_THRESHOLD_SET_LANE ? CPO_A_DIAG_LANE_ID :
			CPO_A_DIAG_ENGINE_ID, op->id);
		nest_start(m, CPO_A_DIAG_THRESHOLD);
		put_u32(m, CPO_A_THRESHOLD_QUANTITY,
			cur_nl == NL_THRESHOLD_SET_LANE ? CPO_QUANTITY_TX_POWER :
			CPO_QUANTITY_TEMPERATURE);
		put_s64(m, CPO_A_THRESHOLD_HIGH_ALARM, op->starget);
		nest_end(m);
		break;
	case NL_ALARM_CLEAR:
		cpo_msg(m, CPO_CMD_ALARM_CLEAR, NLM_F_ACK);
		put_u32(m, CPO_A_DIAG_ENGINE_ID, op->id);
		break;
	default:
		die("no request for %s", nl_descs[cur_nl].name);
	}
}

/* Choose the next target: the opposite of the current state. */
static int nl_next_target(struct op *op)
{
	int ret = nl_state(op, op->before, &op->sbefore);

	if (ret)
		return ret;
	memcpy(op->target, op->before, sizeof(op->target));
	switch (cur_nl) {
	case NL_ENGINE_SET:
		op->target[0] = op->before[0] == CPO_POWER_MODE_HIGH ?
				CPO_POWER_MODE_LOW : CPO_POWER_MODE_HIGH;
		break;
	case NL_LANE_SET:
		op->target[0] = !op->before[0];
		op->target[1] = !op->before[1];
		op->target[2] = op->before[2] == CPO_LANE_POWER_UP ?
				CPO_LANE_POWER_DOWN : CPO_LANE_POWER_UP;
		break;
	case NL_LASER_SET:
		op->target[0] = !op->before[0];
		op->target[1] = op->before[1] == CPO_FAILOVER_POLICY_AUTO ?
				CPO_FAILOVER_POLICY_MANUAL : CPO_FAILOVER_POLICY_AUTO;
		break;
	case NL_THRESHOLD_SET_ENGINE:
	case NL_THRESHOLD_SET_LANE:
		/* between two high-alarm values, both above any warning */
		op->starget = op->sbefore == 150000000 ? 160000000 : 150000000;
		op->target[0] = 1;
		break;
	default:
		break;
	}
	return 0;
}

static int nl_prepare(struct op *op, char **argv)
{
	struct reply r;
	int ret;

	if (nl_descs[cur_nl].arg)
		op->id = strtoul(argv[0], NULL, 0);
	need_family();
	if (nl_descs[cur_nl].dump != K_NR) {
		ret = dump(nl_descs[cur_nl].dump, op->id, &objs, &r);
		if (ret || r.intr)
			die("%s: reference dump: %s", op->name, ret ? strerror(-ret) : "flagged");
		op->baseline = objs.n;
		printf("# %s: %d objects\n", op->name, op->baseline);
		return 0;
	}
	if (nl_is_set()) {
		ret = nl_next_target(op);
		if (ret)
			die("%s: reading the state of %u: %s", op->name, op->id, strerror(-ret));
	}
	return 0;
}

static int nl_answer_cb_n;
static void nl_answer_cb(const struct nlmsghdr *nlh, const struct nlattr **tb,
			 void *arg)
{
	(void)nlh;
	(void)tb;
	(void)arg;
	nl_answer_cb_n++;
}

static void nl_run(struct op *op, struct attempt *a)
{
	struct msg m;
	int ret;

	nl_build(op, &m);
	m.nlh.nlmsg_seq = ++op->nl.seq;
	nl_answer_cb_n = 0;
	/* ---- fail-nth is armed by the caller right before this */
	if (send(op->nl.fd, m.buf, m.nlh.nlmsg_len, 0) < 0) {
		a->ret = -errno;
		a->where = 'S';
		return;
	}
	ret = nl_recv_all(&op->nl, op->nl.seq, nl_answer_cb, NULL, &a->r);
	a->ret = ret;
	a->where = a->r.recv_err ? 'R' : 'K';
	/* a reply or ack that could not be allocated is reported as
	 * ENOBUFS on the socket: the request itself may have succeeded */
	a->lost = a->r.recv_err == -ENOBUFS;
}

static const char *nl_verify(struct op *op, struct attempt *a, char *why, size_t len)
{
	enum kind dk = nl_descs[cur_nl].dump;
	uint32_t now[4];
	int64_t snow;
	int ret;

	if (a->r.recv_err && a->r.recv_err != -ENOBUFS) {
		snprintf(why, len, "recv: %s", strerror(-a->r.recv_err));
		return why;
	}
	if (a->ret && a->where == 'K' && a->ret != -ENOMEM && a->ret != -ENOBUFS) {
		snprintf(why, len, "the kernel answered %s%s%s", strerror(-a->ret),
			 a->r.extack[0] ? ": " : "", a->r.extack);
		return why;
	}
	if (!a->ret && dk != K_NR && nl_answer_cb_n != op->baseline) {
		snprintf(why, len, "dump succeeded with %d objects, not %d%s",
			 nl_answer_cb_n, op->baseline, a->r.intr ? " (flagged)" : "");
		return why;
	}
	if (!a->ret && dk == K_NR && !nl_is_set() && nl_answer_cb_n != 1) {
		snprintf(why, len, "get succeeded with %d replies", nl_answer_cb_n);
		return why;
	}
	if (!nl_is_set() || cur_nl == NL_ALARM_CLEAR)
		return NULL;
	ret = nl_state(op, now, &snow);
	if (ret) {
		snprintf(why, len, "reading the state back: %s", strerror(-ret));
		return why;
	}
	if (a->ret && !a->lost &&
	    (memcmp(now, op->before, sizeof(now)) || snow != op->sbefore)) {
		snprintf(why, len, "failed (%s) but the state changed: %u %u %u %lld -> %u %u %u %lld",
			 strerror(-a->ret), op->before[0], op->before[1], op->before[2],
			 (long long)op->sbefore, now[0], now[1], now[2], (long long)snow);
		return why;
	}
	if (!a->ret && (memcmp(now, op->target, sizeof(now)) || snow != op->starget)) {
		snprintf(why, len, "succeeded but the state is %u %u %u %lld, not %u %u %u %lld",
			 now[0], now[1], now[2], (long long)snow, op->target[0],
			 op->target[1], op->target[2], (long long)op->starget);
		return why;
	}
	if (a->ret && a->lost && memcmp(now, op->before, sizeof(now)) &&
	    memcmp(now, op->target, sizeof(now))) {
		snprintf(why, len, "answer lost and the state is neither before nor target");
		return why;
	}
	/* the next attempt toggles again from here */
	nl_next_target(op);
	return NULL;
}

/* ---- new_device */

static int nd_prepare(struct op *op, char **argv)
{
	char id[16];
	int ret;

	snprintf(op->str, sizeof(op->str), "%s", argv[0]);
	op->id = strtoul(argv[0], NULL, 10);
	snprintf(op->path, sizeof(op->path), "cposim%u", op->id);
	need_family();
	op->base_counts[0] = count_dir("/sys/class/cpo");
	op->base_counts[1] = count_objs(K_ENGINE, NULL);
	op->base_counts[2] = count_objs(K_LANE, NULL);
	op->base_counts[3] = count_objs(K_LASER, NULL);
	op->base_counts[4] = count_dir("/sys/class/hwmon");
	/* a reference run: what a device of these arguments has */
	ret = write_str(SIM_BUS "/new_device", op->str);
	if (ret)
		die("new_device '%s': %s", op->str, strerror(-ret));
	op->base_counts[5] = count_objs(K_ENGINE, op->path);
	op->base_counts[6] = count_objs(K_LASER, op->path);
	op->base_counts[7] = count_objs(K_LANE, NULL) - op->base_counts[2];
	snprintf(id, sizeof(id), "%u", op->id);
	ret = write_str(SIM_BUS "/del_device", id);
	if (ret)
		die("del_device %u: %s", op->id, strerror(-ret));
	printf("# new_device '%s': %d engines, %d lanes, %d lasers\n", op->str,
	       op->base_counts[5], op->base_counts[7], op->base_counts[6]);
	op->fd = -1;
	return 0;
}

static void nd_run(struct op *op, struct attempt *a)
{
	a->where = 'W';
	a->ret = write(op->fd, op->str, strlen(op->str)) < 0 ? -errno : 0;
}

static const char *nd_verify(struct op *op, struct attempt *a, char *why, size_t len)
{
	char p[300];
	int n;

	snprintf(p, sizeof(p), SIM_BUS "/devices/%s", op->path);
	if (a->ret) {
		if (a->ret != -ENOMEM && a->ret != -ENOBUFS) {
			snprintf(why, len, "new_device failed with %s", strerror(-a->ret));
			return why;
		}
		if (exists(p)) {
			snprintf(why, len, "failed (%s) but %s exists", strerror(-a->ret), p);
			return why;
		}
		snprintf(p, sizeof(p), SIM_DFS "/%s", op->path);
		if (exists(p)) {
			snprintf(why, len, "failed but %s exists", p);
			return why;
		}
		if ((n = count_objs(K_ENGINE, op->path)) != 0) {
			snprintf(why, len, "failed but %d engines of %s remain", n, op->path);
			return why;
		}
		if ((n = count_objs(K_LASER, op->path)) != 0) {
			snprintf(why, len, "failed but %d lasers of %s remain", n, op->path);
			return why;
		}
		if ((n = count_objs(K_LANE, NULL)) != op->base_counts[2]) {
			snprintf(why, len, "failed but %d lanes, not %d", n, op->base_counts[2]);
			return why;
		}
		if ((n = count_dir("/sys/class/cpo")) != op->base_counts[0]) {
			snprintf(why, len, "failed but /sys/class/cpo has %d entries, not %d",
				 n, op->base_counts[0]);
			return why;
		}
		if ((n = count_dir("/sys/class/hwmon")) != op->base_counts[4]) {
			snprintf(why, len, "failed but /sys/class/hwmon has %d entries, not %d",
				 n, op->base_counts[4]);
			return why;
		}
		return NULL;
	}
	/* succeeded, maybe with a fault in something best effort */
	if (!exists(p)) {
		snprintf(why, len, "succeeded but %s is missing", p);
		return why;
	}
	if ((n = count_objs(K_ENGINE, op->path)) != op->base_counts[5]) {
		snprintf(why, len, "succeeded with %d engines, not %d", n, op->base_counts[5]);
		return why;
	}
	if ((n = count_objs(K_LASER, op->path)) != op->base_counts[6]) {
		snprintf(why, len, "succeeded with %d lasers, not %d", n, op->base_counts[6]);
		return why;
	}
	if ((n = count_objs(K_LANE, NULL) - op->base_counts[2]) != op->base_counts[7]) {
		snprintf(why, len, "succeeded with %d lanes, not %d", n, op->base_counts[7]);
		return why;
	}
	snprintf(p, sizeof(p), "%u", op->id);
	n = write_str(SIM_BUS "/del_device", p);
	if (n) {
		snprintf(why, len, "del_device after success: %s", strerror(-n));
		return why;
	}
	return NULL;
}

/* ---- insmod */

static int nm_prepare(struct op *op, char **argv)
{
	snprintf(op->path, sizeof(op->path), "%s", argv[0]);
	snprintf(op->str, sizeof(op->str), "%s", argv[1]);
	if (exists("/sys/module/") && ({ char p[300];
		snprintf(p, sizeof(p), "/sys/module/%s", op->str); exists(p); }))
		die("%s is loaded", op->str);
	op->fd = -1;
	return 0;
}

static void nm_run(struct op *op, struct attempt *a)
{
	a->where = 'W';
	a->ret = syscall(SYS_finit_module, op->fd, "", 0) < 0 ? -errno : 0;
}

static const char *nm_verify(struct op *op, struct attempt *a, char *why, size_t len)
{
	char p[300];
	int ret;

	snprintf(p, sizeof(p), "/sys/module/%s", op->str);
	if (a->ret) {
		if (a->ret != -ENOMEM && a->ret != -ENOBUFS) {
			snprintf(why, len, "finit_module failed with %s", strerror(-a->ret));
			return why;
		}
		if (exists(p)) {
			snprintf(why, len, "failed (%s) but %s exists", strerror(-a->ret), p);
			return why;
		}
		if (!strcmp(op->str, "cpo")) {
			if (exists("/sys/class/cpo")) {
				snprintf(why, len, "failed but /sys/class/cpo exists");
				return why;
			}
			if (resolve_family() != -ENOENT) {
				snprintf(why, len, "failed but the family %s is registered",
					 CPO_FAMILY_NAME);
				return why;
			}
		} else if (exists(SIM_BUS) || exists(SIM_DFS) ||
			   exists("/sys/devices/cposim")) {
			snprintf(why, len, "failed but the cposim bus, root or debugfs remains");
			return why;
		}
		return NULL;
	}
	if (!exists(p)) {
		snprintf(why, len, "succeeded but %s is missing", p);
		return why;
	}
	if (!strcmp(op->str, "cpo") && resolve_family()) {
		snprintf(why, len, "succeeded but the family is not registered");
		return why;
	}
	if (strcmp(op->str, "cpo") && !exists(SIM_BUS "/new_device")) {
		snprintf(why, len, "succeeded but %s/new_device is missing", SIM_BUS);
		return why;
	}
	ret = syscall(SYS_delete_module, op->str, O_NONBLOCK);
	if (ret) {
		snprintf(why, len, "delete_module after success: %m");
		return why;
	}
	return NULL;
}

/* ---- the loop */

static void op_open(struct op *op, bool is_nl, bool is_nd, bool is_nm)
{
	if (is_nl) {
		if (nl_open(&op->nl))
			die("socket: %m");
	} else if (is_nd) {
		op->fd = open(SIM_BUS "/new_device", O_WRONLY | O_CLOEXEC);
		if (op->fd < 0)
			die("open new_device: %m");
	} else if (is_nm) {
		op->fd = open(op->path, O_RDONLY | O_CLOEXEC);
		if (op->fd < 0)
			die("open %s: %m", op->path);
	}
}

static void op_close(struct op *op, bool is_nl)
{
	if (is_nl)
		nl_close(&op->nl);
	else if (op->fd >= 0)
		close(op->fd);
	op->fd = -1;
}

static void nth_usage(void)
{
	size_t i;

	fprintf(stderr, "usage: cpo_fault nth [-m MAX] [-s STRIDE] [-f FIRST] OP ARGS...\n"
		"  (n = FIRST (1), FIRST + STRIDE, ... up to MAX, until an attempt meets no n-th point)\n"
		"  new_device \"ID [ENGINES [LANES]] [KEY=VALUE...]\"\n"
		"  insmod PATH NAME\n");
	for (i = 0; i < sizeof(nl_descs) / sizeof(nl_descs[0]); i++)
		fprintf(stderr, "  %s%s%s\n", nl_descs[i].name,
			nl_descs[i].arg ? " " : "", nl_descs[i].arg ?: "");
	exit(2);
}

static int cmd_nth(int argc, char **argv)
{
	struct op op = { .fd = -1 };
	bool is_nl = false, is_nd = false, is_nm = false;
	unsigned int n, first = 1, max = 100000, stride = 1, injected = 0, errors = 0, ok_fault = 0;
	unsigned int problems = 0, lost = 0;
	int errno_hist[256] = {};
	double start = now_s(), t_run = 0, t_verify = 0;
	int kmsg;
	char why[512];
	size_t i;

	while (argc >= 2 && argv[0][0] == '-') {
		if (!strcmp(argv[0], "-m"))
			max = strtoul(argv[1], NULL, 0);
		else if (!strcmp(argv[0], "-s"))
			stride = strtoul(argv[1], NULL, 0) ?: 1;
		else if (!strcmp(argv[0], "-f"))
			first = strtoul(argv[1], NULL, 0) ?: 1;
		else
			nth_usage();
		argc -= 2;
		argv += 2;
	}
	if (argc < 1)
		nth_usage();
	op.name = argv[0];
	if (!strcmp(argv[0], "new_device")) {
		if (argc != 2)
			nth_usage();
		is_nd = true;
		op.prepare = nd_prepare;
		op.run = nd_run;
		op.verify = nd_verify;
	} else if (!strcmp(argv[0], "insmod")) {
		if (argc != 3)
			nth_usage();
		is_nm = true;
		op.prepare = nm_prepare;
		op.run = nm_run;
		op.verify = nm_verify;
	} else {
		for (i = 0; i < sizeof(nl_descs) / sizeof(nl_descs[0]); i++)
			if (!strcmp(argv[0], nl_descs[i].name))
				break;
		if (i == sizeof(nl_descs) / sizeof(nl_descs[0]) ||
		    argc != 1 + !!nl_descs[i].arg)
			nth_usage();
		cur_nl = i;
		is_nl = true;
		op.prepare = nl_prepare;
		op.run = nl_run;
		op.verify = nl_verify;
	}
	op.prepare(&op, argv + 1);
	kmsg = getenv("CPO_FAULT_KMSG") ? open("/dev/kmsg", O_WRONLY | O_CLOEXEC) : -1;

	failnth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (failnth_fd < 0)
		die("/proc/thread-self/fail-nth: %m (CONFIG_FAULT_INJECTION?)");

	for (n = first; n <= max; n += stride) {
		struct attempt a = { 0 };
		const char *bad;
		bool hit;

		double t0 = now_s(), t1;

		if (kmsg >= 0)
			dprintf(kmsg, "cpo_fault: %s fail-nth %u\n", op.name, n);
		op_open(&op, is_nl, is_nd, is_nm);
		failnth_set(n);
		op.run(&op, &a);
		hit = failnth_left() == 0;
		failnth_set(0);
		op_close(&op, is_nl);
		t1 = now_s();
		t_run += t1 - t0;

		bad = op.verify(&op, &a, why, sizeof(why));
		t_verify += now_s() - t1;
		if (bad) {
			problems++;
			if (problems <= 10)
				printf("# %s n=%u%s: %s\n", op.name, n,
				       hit ? " (fault injected)" : "", bad);
		}
		if (!hit) {
			if (a.ret) {
				problems++;
				printf("# %s n=%u: no fault injected, yet it failed: %s\n",
				       op.name, n, strerror(-a.ret));
			}
			break;
		}
		injected++;
		if (a.ret) {
			errors++;
			errno_hist[-a.ret & 255]++;
		} else {
			ok_fault++;
		}
		if (a.lost)
			lost++;
	}
	if (n > max) {
		problems++;
		printf("# %s: still meeting fault points after %u attempts\n", op.name, max);
	}
	if (stride > 1)
		printf("%s: %u faults injected (one point in %u from n=%u, up to n=%u): %u clean errors (",
		       op.name, injected, stride, first, n, errors);
	else
		printf("%s: %u faults injected: %u clean errors (", op.name, injected, errors);
	{
		bool first = true;
		int e;

		for (e = 0; e < 256; e++)
			if (errno_hist[e]) {
				printf("%s%s %d", first ? "" : ", ", strerrorname_np(e) ?: "?",
				       errno_hist[e]);
				first = false;
			}
	}
	printf("), %u succeeded anyway%s, %u problems, %.1f s\n", ok_fault,
	       lost ? " or lost the answer" : "", problems, now_s() - start);
	printf("# %s: %.1f s in the operation, %.1f s checking and undoing it\n",
	       op.name, t_run, t_verify);
	if (lost)
		printf("# %s: %u answers lost (ENOBUFS on the socket)\n", op.name, lost);
	return problems ? 1 : 0;
}

/* ---------------------------------------------------------------------
 * hold: clients across an unload
 */

static int cmd_hold(int argc, char **argv)
{
	struct nl mon = { .fd = -1 }, dmp = { .fd = -1 };
	struct collect c = { K_LANE, &objs };
	struct reply dr = {};
	int fds[16], nfds = 0, events = 0, i, ret;
	char line[128];

	need_family();
	if (nl_open(&mon) || nl_open(&dmp))
		die("socket: %m");
	if (setsockopt(mon.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		       &cpo_monitor_grp, sizeof(cpo_monitor_grp)))
		die("join monitor group: %m");
	fcntl(mon.fd, F_SETFL, O_NONBLOCK);
	/*
	 * The first part of the dump is made now; the rest waits for reads,
	 * and until the dump ends the socket holds a reference on cpo.ko.
	 */
	ret = dump_send(&dmp, K_LANE, 0);
	if (ret)
		die("dump: %s", strerror(-ret));
	objs.n = 0;
	for (i = 0; i < argc && nfds < 16; i++) {
		fds[nfds] = open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fds[nfds] < 0)
			fprintf(stderr, "cpo_fault: open %s: %m\n", argv[i]);
		else
			nfds++;
	}
	printf("held: a lane dump, the monitor group, %d files\n", nfds);
	fflush(stdout);

	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = 0;
		if (!strcmp(line, "read")) {
			char buf[256];

			for (i = 0; i < nfds; i++) {
				ssize_t n = fds[i] < 0 ? -2 : pread(fds[i], buf, sizeof(buf), 0);

				printf("%s%s", i ? " " : "",
				       n >= 0 ? "ok" : n == -2 ? "closed" : strerrorname_np(errno));
			}
			printf("\n");
		} else if (!strcmp(line, "dump")) {
			if (dmp.fd < 0) {
				printf("closed\n");
			} else if (dr.done) {
				printf("lanes %d intr %d err %d\n", objs.n, dr.intr, dr.err);
			} else {
				nl_recv_all(&dmp, dmp.seq, collect_cb, &c, &dr);
				printf("lanes %d intr %d err %d%s\n", objs.n, dr.intr,
				       dr.recv_err ? dr.recv_err : dr.err,
				       dr.recv_err ? " (recv)" : "");
			}
		} else if (!strcmp(line, "monitor")) {
			char buf[RECV_SIZE];

			while (recv(mon.fd, buf, sizeof(buf), 0) > 0)
				events++;
			printf("events %d\n", events);
		} else if (!strcmp(line, "close-files")) {
			for (i = 0; i < nfds; i++) {
				if (fds[i] >= 0)
					close(fds[i]);
				fds[i] = -1;
			}
			printf("ok\n");
		} else if (!strcmp(line, "close-dump")) {
			nl_close(&dmp);
			printf("ok\n");
		} else if (!strncmp(line, "rmmod ", 6)) {
			/* as rmmod does it: fail at once when in use */
			if (syscall(SYS_delete_module, line + 6, O_NONBLOCK))
				printf("%s\n", strerrorname_np(errno));
			else
				printf("ok\n");
		} else if (!strcmp(line, "quit")) {
			printf("bye\n");
			break;
		} else {
			printf("? %s\n", line);
		}
		fflush(stdout);
	}
	nl_close(&mon);
	nl_close(&dmp);
	return 0;
}

/* ---------------------------------------------------------------------
 * kmemleak
 */

#define KMEMLEAK	"/sys/kernel/debug/kmemleak"

static int cmd_kmemleak(void)
{
	char line[512];
	int leaks = 0, ret;
	double start = now_s();
	FILE *f;

	if (!exists(KMEMLEAK)) {
		printf("kmemleak: not available on this kernel\n");
		return 4;
	}
	/*
	 * An object is reported when a scan finds it unreferenced, older
	 * than 5 s and unchanged since the previous scan: two scans 6 s apart.
	 */
	ret = write_str(KMEMLEAK, "scan");
	if (ret)
		die("kmemleak scan: %s", strerror(-ret));
	sleep(6);
	ret = write_str(KMEMLEAK, "scan");
	if (ret)
		die("kmemleak scan: %s", strerror(-ret));
	f = fopen(KMEMLEAK, "r");
	if (!f)
		die(KMEMLEAK ": %m");
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "unreferenced object", 19))
			leaks++;
		printf("# kmemleak: %s", line);
	}
	fclose(f);
	/* reported once: the next test's scan lists only what is new */
	if (leaks)
		write_str(KMEMLEAK, "clear");
	printf("kmemleak: %d suspected leaks (two scans, %.0f s)\n", leaks,
	       now_s() - start);
	return leaks ? 1 : 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		die("usage: cpo_fault dumps|dumpdel|nth|kmemleak|hold ...");
	if (!strcmp(argv[1], "dumps"))
		return cmd_dumps(argc - 2, argv + 2);
	if (!strcmp(argv[1], "dumpdel"))
		return cmd_dumpdel(argc - 2, argv + 2);
	if (!strcmp(argv[1], "nth"))
		return cmd_nth(argc - 2, argv + 2);
	if (!strcmp(argv[1], "kmemleak"))
		return cmd_kmemleak();
	if (!strcmp(argv[1], "hold"))
		return cmd_hold(argc - 2, argv + 2);
	die("unknown command %s", argv[1]);
}
