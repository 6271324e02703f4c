// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_fuzz: a generic netlink fuzzer of the cpo family, driven by a table
 * generated from Documentation/netlink/specs/cpo.yaml (gen_table.py).
 *
 *   cpo_fuzz [-d SECONDS] [-n DATAGRAMS] [-s SEED] [-o OP]... [-F PCT] [-v] [-K] [-D]
 *   cpo_fuzz -r FILE            replay datagrams (hex, one per line)
 *
 * It resolves the family, joins every multicast group of the spec on a
 * monitor socket, dumps every op that has a dump to learn the ids and
 * values of the objects that exist (value pools, whole objects), then
 * sends, until the time or count bound, datagrams of one or more
 * messages: valid-shaped requests of every op (values from the pools and
 * the dumped objects, or in range), and malformed ones: out-of-range and
 * extreme values, wrong payload lengths, unknown and reply-only
 * attributes, nested garbage, truncation (nla_len past the end, short
 * headers, datagrams shorter than nlmsg_len), wrong flags, non-zero genl
 * version/reserved, random command numbers, batches. After each datagram
 * it reads every reply of its socket (non-blocking, dumps included) and
 * drains the monitor socket, so no socket overruns; it checks that what
 * the kernel sends is well-formed, and watches /dev/kmsg: on a kernel
 * problem report it prints the last datagrams as a reproducer and stops.
 *
 * The same seed gives the same datagrams, given the same objects (ids)
 * in the kernel; values replayed from dumped objects follow their state.
 *
 * Exit status: 0 done (whatever the kernel accepted or refused); 1 a
 * harness failure (no family, socket errors, usage); 2 the kernel sent a
 * malformed message, a reply attribute the spec's reply does not list, or
 * reported a problem in its log.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
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

/* ------------------------------------------------------------ the table */

enum fz_type {
	FZ_NONE, FZ_FLAG, FZ_U8, FZ_U16, FZ_U32, FZ_U64, FZ_S8, FZ_S16,
	FZ_S32, FZ_S64, FZ_UINT, FZ_SINT, FZ_STRING, FZ_BINARY, FZ_NEST,
	FZ_PAD, FZ_BITFIELD32, FZ_INDEXED_ARRAY,
};

struct fz_enum_entry {
	const char *name;
	long long value;
};

struct fz_enum {
	const char *name;
	int is_flags;
	unsigned int n;
	const struct fz_enum_entry *e;
};

struct fz_attr {
	const char *name;
	uint16_t id;
	uint8_t type, multi, big_endian, has_min, has_max;
	int64_t smin, smax;		/* signed types */
	uint64_t umin, umax;		/* unsigned types */
	uint32_t min_len, max_len;	/* string/binary, 0: none */
	int enumeration;		/* index in fz_enums, -1 */
	int nested;			/* index in fz_sets, -1 */
	int pool;			/* index in fz_pools */
};

struct fz_set {
	const char *name;
	unsigned int n;
	uint16_t max_id;
	const struct fz_attr *attrs;
};

struct fz_op {
	const char *name;
	uint8_t cmd;
	int set;
	uint8_t has_do, has_dump, admin, notify;
	const uint16_t *do_req, *dump_req, *do_rep, *dump_rep, *ntf;
	unsigned int n_do_req, n_dump_req, n_do_rep, n_dump_rep, n_ntf;
};

#include "cpo_fuzz_spec.h"

/* ------------------------------------------------------------ limits */

#define MSG_MAX		65536		/* one datagram we build */
#define RECV_MAX	(1 << 20)
#define POOL_MAX	64
#define POOL_STR	8
#define OBJ_MAX		32
#define OBJ_LEN		4096
#define MAX_REQ		64		/* request attributes of one op */
#define INFLIGHT_MAX	8
#define RING		16		/* datagrams kept for a reproducer */
#define HARVEST_EVERY	500		/* datagrams between re-harvests */
#define EXTACK_MAX	96
#define ERRNO_MAX	4096
#define PROGRESS_S	30		/* a progress line every ... seconds */

/* How a message is made. */
enum mode {
	M_VALID, M_VALUES, M_LENGTH, M_UNKNOWN, M_NEST, M_TRUNC, M_FLAGS,
	M_GENLHDR, M_CMD, M_NTFOP, M_CTLTYPE, M_BATCH, M_ABANDON, M_NMODES,
};

static const char *const mode_names[M_NMODES] = {
	[M_VALID] = "valid", [M_VALUES] = "bad-values",
	[M_LENGTH] = "bad-lengths", [M_UNKNOWN] = "unknown-attrs",
	[M_NEST] = "nested-garbage", [M_TRUNC] = "truncated",
	[M_FLAGS] = "wrong-flags", [M_GENLHDR] = "genl-header",
	[M_CMD] = "random-cmd", [M_NTFOP] = "ntf-op-as-request",
	[M_CTLTYPE] = "control-type", [M_BATCH] = "batch",
	[M_ABANDON] = "abandoned-dump",
};

/* Weights of the modes of one datagram, in percent. */
static const unsigned int mode_weight[M_NMODES] = {
	[M_VALID] = 36, [M_VALUES] = 12, [M_LENGTH] = 8, [M_UNKNOWN] = 8,
	[M_NEST] = 7, [M_TRUNC] = 8, [M_FLAGS] = 7, [M_GENLHDR] = 3,
	[M_CMD] = 3, [M_NTFOP] = 2, [M_CTLTYPE] = 1, [M_BATCH] = 4,
	[M_ABANDON] = 1,
};

/* ------------------------------------------------------------ state */

static uint64_t rng_state, the_seed;
static bool verbose;
static bool watch_kmsg = true;
static bool dry_run;		/* -D: build datagrams, send nothing */
static unsigned int fail_pct;	/* -F: datagrams sent with a fault armed */
static int fail_nth_fd = -1;
static unsigned long n_fail_armed, n_fail_injected;
static bool fail_armed;

static uint16_t family_id;
static uint32_t family_version;
static uint32_t mcgrp_id[FZ_N_MCGRPS > 0 ? FZ_N_MCGRPS : 1];

/* 0: extended acks, capped; 1: plain acks echoing the request */
static struct mnl_socket *req_nl[2];
static struct mnl_socket *mon_nl;
static uint32_t seq_next = 1;

static uint8_t rbuf[RECV_MAX];

struct pool {
	unsigned int n, ns;
	uint64_t v[POOL_MAX];
	char s[POOL_STR][64];
};
static struct pool pools[FZ_N_POOLS];

struct obj {
	uint32_t len;
	uint8_t a[OBJ_LEN];
};
struct objset {
	unsigned int n;
	struct obj o[OBJ_MAX];
};
static struct objset objs[FZ_N_SETS];

/* Request attributes of an op: do and dump requests, merged. */
static uint16_t req_ids[FZ_N_OPS][MAX_REQ];
static unsigned int n_req[FZ_N_OPS];
static int op_by_cmd[256];
static unsigned int max_cmd;

struct inflight {
	uint32_t seq;
	int op;			/* -1: not a known op */
	int mode;
	bool dump, ack, shaped;
	uint64_t mask;		/* request attributes sent (index in req_ids) */
	uint64_t nmask[MAX_REQ];/* inner attributes of nests sent */
	bool replied, ok, data;
};
static struct inflight inflight[INFLIGHT_MAX];
static unsigned int n_inflight;

/* statistics */
static unsigned long n_datagrams, n_messages, n_harvest, n_send_err;
static unsigned long mode_count[M_NMODES];
static unsigned long errno_count[ERRNO_MAX], errno_other;
static unsigned long n_data, n_done, n_noreply, n_stray, n_overrun_req;
static unsigned long send_err[ERRNO_MAX], recv_err[ERRNO_MAX];
static unsigned long op_sent[FZ_N_OPS], op_ok[FZ_N_OPS], op_err[FZ_N_OPS];
static unsigned long n_randcmd;
static uint64_t cov_sent[FZ_N_OPS], cov_ok[FZ_N_OPS];
static uint64_t ncov_sent[FZ_N_OPS][MAX_REQ], ncov_ok[FZ_N_OPS][MAX_REQ];
static unsigned long ntf_count[FZ_N_OPS], n_ntf, n_mon_overrun;
static unsigned long ntf_seq_gap, ntf_seq_back;
static uint64_t ntf_last_seq;
static unsigned long n_anomaly, n_warn;
static unsigned long n_unknown_reply_attr;

struct extack {
	char msg[96];
	unsigned long count;
};
static struct extack extacks[EXTACK_MAX];
static unsigned int n_extacks;
static unsigned long extack_more;

struct saved {
	unsigned long index;
	uint32_t len;
	uint8_t d[MSG_MAX];
};
static struct saved ring[RING];

static bool op_allowed[FZ_N_OPS];
static bool replaying;
static int kmsg_fd = -1;
static bool kernel_report;

/* ------------------------------------------------------------ helpers */

#define for_each_nla(nla, p, len)						\
	for ((nla) = (const struct nlattr *)(const void *)(p);			\
	     mnl_attr_ok((nla), (int)((const uint8_t *)(p) + (len) -		\
				      (const uint8_t *)(nla)));			\
	     (nla) = mnl_attr_next(nla))

static void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "cpo_fuzz: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void print_hex(const char *prefix, const uint8_t *d, uint32_t len);

static void anomaly(const char *fmt, ...)
{
	va_list ap;

	n_anomaly++;
	if (n_anomaly > 20)
		return;
	printf("ANOMALY: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (after datagram %lu)\n", n_datagrams);
}

static void warn(const char *fmt, ...)
{
	va_list ap;

	n_warn++;
	if (n_warn > 20)
		return;
	printf("warning: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static uint64_t rnd(void)		/* splitmix64 */
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rn(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

static bool chance(unsigned int pct)
{
	return rn(100) < pct;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const struct fz_attr *set_attr(int set, unsigned int id)
{
	const struct fz_set *s = &fz_sets[set];
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (s->attrs[i].id == id)
			return &s->attrs[i];
	return NULL;
}

static int type_width(const struct fz_attr *a)
{
	switch (a->type) {
	case FZ_U8: case FZ_S8: return 1;
	case FZ_U16: case FZ_S16: return 2;
	case FZ_U32: case FZ_S32: case FZ_BITFIELD32: return 4;
	case FZ_U64: case FZ_S64: return 8;
	case FZ_UINT: case FZ_SINT: return 8;
	case FZ_FLAG: return 0;
	default: return -1;
	}
}

static bool is_signed(const struct fz_attr *a)
{
	return a->type == FZ_S8 || a->type == FZ_S16 || a->type == FZ_S32 ||
	       a->type == FZ_S64 || a->type == FZ_SINT;
}

static bool is_scalar(const struct fz_attr *a)
{
	return type_width(a) > 0 && a->type != FZ_BITFIELD32;
}

static const char *errno_name(int e)
{
	static char buf[32];
	const char *n = e ? strerrorname_np(e) : "0 (ok)";

	if (n)
		return n;
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

/* ------------------------------------------------------------ pools */

static void pool_add(int p, uint64_t v)
{
	struct pool *pl = &pools[p];
	unsigned int i;

	for (i = 0; i < pl->n; i++)
		if (pl->v[i] == v)
			return;
	if (pl->n < POOL_MAX)
		pl->v[pl->n++] = v;
	else
		pl->v[v % POOL_MAX] = v;
}

static void pool_add_str(int p, const char *s, size_t len)
{
	struct pool *pl = &pools[p];
	unsigned int i;

	if (len >= sizeof(pl->s[0]))
		len = sizeof(pl->s[0]) - 1;
	for (i = 0; i < pl->ns; i++)
		if (strlen(pl->s[i]) == len && !memcmp(pl->s[i], s, len))
			return;
	if (pl->ns >= POOL_STR)
		return;
	memcpy(pl->s[pl->ns], s, len);
	pl->s[pl->ns][len] = '\0';
	pl->ns++;
}

/* ------------------------------------------------------------ building */

struct msg {
	uint8_t *d;
	uint32_t len, cap;
	bool full;
};

static void *put(struct msg *m, uint32_t len)
{
	void *p;

	if (m->full || m->len + len > m->cap) {
		m->full = true;
		return NULL;
	}
	p = m->d + m->len;
	memset(p, 0, len);
	m->len += len;
	return p;
}

/* An attribute with a payload of @len bytes (nla_len may be changed). */
static uint32_t put_attr(struct msg *m, uint16_t type, const void *data,
			 uint32_t len)
{
	uint32_t off = m->len;
	struct nlattr *nla;
	uint8_t *p;

	nla = put(m, NLA_HDRLEN);
	if (!nla)
		return UINT32_MAX;
	nla->nla_len = (uint16_t)(NLA_HDRLEN + len);
	nla->nla_type = type;
	p = put(m, NLA_ALIGN(len));
	if (!p) {
		m->len = off;
		return UINT32_MAX;
	}
	if (data && len)
		memcpy(p, data, len);
	return off;
}

static uint32_t nest_start(struct msg *m, uint16_t type)
{
	return put_attr(m, type, NULL, 0);
}

static void nest_end(struct msg *m, uint32_t off)
{
	struct nlattr *nla;

	if (off == UINT32_MAX)
		return;
	nla = (struct nlattr *)(m->d + off);
	nla->nla_len = (uint16_t)(m->len - off > 0xffff ? 0xffff : m->len - off);
}

static void put_random(struct msg *m, uint32_t len)
{
	uint8_t *p = put(m, len);
	uint32_t i;

	for (i = 0; p && i < len; i++)
		p[i] = (uint8_t)rnd();
}

static uint64_t le_or_be(const struct fz_attr *a, uint64_t v, int width)
{
	if (!a || !a->big_endian)
		return v;
	switch (width) {
	case 2: return htobe16((uint16_t)v);
	case 4: return htobe32((uint32_t)v);
	case 8: return htobe64(v);
	}
	return v;
}

static void put_scalar(struct msg *m, uint16_t type, const struct fz_attr *a,
		       uint64_t v, int width)
{
	uint8_t b[8];

	v = le_or_be(a, v, width);
	memcpy(b, &v, 8);	/* little-endian host */
	put_attr(m, type, b, (uint32_t)width);
}

/* Type limits of a scalar attribute. */
static void type_limits(const struct fz_attr *a, int64_t *smin, int64_t *smax,
			uint64_t *umax)
{
	int w = type_width(a);

	if (a->type == FZ_UINT || a->type == FZ_SINT)
		w = 8;
	*umax = w >= 8 ? UINT64_MAX : (1ULL << (w * 8)) - 1;
	*smax = w >= 8 ? INT64_MAX : (int64_t)((1ULL << (w * 8 - 1)) - 1);
	*smin = -*smax - 1;
}

/* A value the policy accepts. */
static uint64_t valid_value(const struct fz_attr *a)
{
	const struct pool *pl = &pools[a->pool];
	uint32_t pick = (uint32_t)rnd();
	uint32_t how = rn(100);

	if (how < 60 && pl->n) {
		uint64_t v = pl->v[pick % pl->n];

		if (is_signed(a) ? ((int64_t)v >= a->smin &&
				    (int64_t)v <= a->smax) :
		    (v >= a->umin && v <= a->umax))
			return v;
	}
	if (a->enumeration >= 0 && how < 90) {
		const struct fz_enum *e = &fz_enums[a->enumeration];
		unsigned int i;

		for (i = 0; i < e->n; i++) {
			uint64_t v = (uint64_t)e->e[(pick + i) % e->n].value;

			if (is_signed(a) || (v >= a->umin && v <= a->umax))
				return v;
		}
	}
	if (is_signed(a)) {
		uint64_t span = (uint64_t)a->smax - (uint64_t)a->smin;
		int64_t small = (int64_t)(pick % 200001) - 100000;

		switch (rn(5)) {
		case 0: return (uint64_t)a->smin;
		case 1: return (uint64_t)a->smax;
		case 2:
			if (small >= a->smin && small <= a->smax)
				return (uint64_t)small;
			return (uint64_t)a->smin;
		default:
			if (span == UINT64_MAX)
				return rnd();
			return (uint64_t)a->smin + rnd() % (span + 1);
		}
	} else {
		uint64_t span = a->umax - a->umin;

		switch (rn(5)) {
		case 0: return a->umin;
		case 1: return a->umax;
		case 2: return a->umin + (span > 16 ? rn(16) : rn((uint32_t)span + 1));
		default:
			if (span == UINT64_MAX)
				return rnd();
			return a->umin + rnd() % (span + 1);
		}
	}
}

/* A value of the right width the policy (or the handler) should refuse. */
static uint64_t bad_value(const struct fz_attr *a)
{
	int64_t tsmin, tsmax;
	uint64_t tumax;

	type_limits(a, &tsmin, &tsmax, &tumax);
	switch (rn(9)) {
	case 0:
		if (is_signed(a) && a->has_min && a->smin > tsmin)
			return (uint64_t)(a->smin - 1);
		if (!is_signed(a) && a->has_min && a->umin > 0)
			return a->umin - 1;
		return 0;
	case 1:
		if (is_signed(a) && a->has_max && a->smax < tsmax)
			return (uint64_t)(a->smax + 1);
		if (!is_signed(a) && a->has_max && a->umax < tumax)
			return a->umax + 1;
		return tumax;
	case 2: return tumax;				/* all ones, -1 */
	case 3: return (uint64_t)tsmax;			/* INT_MAX */
	case 4: return (uint64_t)tsmin & tumax;		/* INT_MIN */
	case 5: return 0;
	case 6:
		if (a->enumeration >= 0) {
			const struct fz_enum *e = &fz_enums[a->enumeration];
			long long mx = 0;
			unsigned int i;

			for (i = 0; i < e->n; i++)
				if (e->e[i].value > mx)
					mx = e->e[i].value;
			return (uint64_t)(mx + 1 + rn(3)) & tumax;
		}
		return rnd() & tumax;
	case 7: return (0x80ULL << (rn(8) * 8)) & tumax;	/* a sign bit */
	default: return rnd() & tumax;
	}
}

static void random_string(char *s, uint32_t len)
{
	static const char cs[] = "abcdefghijklmnopqrstuvwxyz0123456789-_/.";
	uint32_t i;

	for (i = 0; i < len; i++)
		s[i] = cs[rn(sizeof(cs) - 1)];
	s[len] = '\0';
}

static void put_valid_attr(struct msg *m, const struct fz_attr *a, int depth,
			   uint64_t *nmask);

/* A nest of valid attributes of set @set. */
static void put_valid_nest(struct msg *m, uint16_t type, int set, int depth,
			   uint64_t *nmask)
{
	const struct fz_set *s = &fz_sets[set];
	uint32_t off = nest_start(m, type);
	unsigned int i, keep = rn(4);

	for (i = 0; i < s->n; i++) {
		const struct fz_attr *a = &s->attrs[i];
		bool take;

		/*
		 * Some of them, most of them, all, or only those with checks
		 * or an enum: a request's keys, where the set also has the
		 * attributes of replies.
		 */
		switch (keep) {
		case 0: take = chance(25); break;
		case 1: take = chance(60); break;
		case 2: take = true; break;
		default:
			take = a->has_min || a->has_max || a->enumeration >= 0;
			break;
		}

		if (a->type == FZ_PAD || !take)
			continue;
		put_valid_attr(m, a, depth + 1, NULL);
		if (nmask && i < 64)
			*nmask |= 1ULL << i;
	}
	nest_end(m, off);
}

static void put_valid_attr(struct msg *m, const struct fz_attr *a, int depth,
			   uint64_t *nmask)
{
	uint16_t type = a->id;
	char s[300];
	uint32_t len;

	switch (a->type) {
	case FZ_FLAG:
		put_attr(m, type, NULL, 0);
		return;
	case FZ_STRING: {
		const struct pool *pl = &pools[a->pool];
		uint32_t max = a->max_len ? a->max_len : 32;

		if (max > sizeof(s) - 1)
			max = sizeof(s) - 1;
		if (pl->ns && chance(70)) {
			snprintf(s, sizeof(s), "%s", pl->s[rn(pl->ns)]);
		} else {
			len = rn(max + 1);
			if (len < a->min_len)
				len = a->min_len < max ? a->min_len : max;
			random_string(s, len);
		}
		put_attr(m, type, s, (uint32_t)strlen(s) + 1);
		return;
	}
	case FZ_BINARY: {
		uint32_t max = a->max_len ? a->max_len : 16;

		if (max < a->min_len)
			max = a->min_len;
		len = a->min_len + rn(max - a->min_len + 1);
		if (len > sizeof(s))
			len = sizeof(s);
		for (uint32_t i = 0; i < len; i++)
			s[i] = (char)rnd();
		put_attr(m, type, s, len);
		return;
	}
	case FZ_NEST:
		if (a->nested >= 0 && depth < 4)
			put_valid_nest(m, type | NLA_F_NESTED, a->nested, depth,
				       nmask);
		else
			put_attr(m, type | NLA_F_NESTED, NULL, 0);
		return;
	case FZ_INDEXED_ARRAY: {
		uint32_t off = nest_start(m, type | NLA_F_NESTED);
		unsigned int i, n = rn(3);

		for (i = 0; i < n && a->nested >= 0 && depth < 4; i++)
			put_valid_nest(m, (uint16_t)(i | NLA_F_NESTED), a->nested,
				       depth, nmask);
		nest_end(m, off);
		return;
	}
	case FZ_PAD:
		put_attr(m, type, NULL, rn(2) * 4);
		return;
	case FZ_BITFIELD32: {
		uint32_t bf[2] = { (uint32_t)rnd(), (uint32_t)rnd() };

		put_attr(m, type, bf, 8);
		return;
	}
	default:
		break;
	}
	if (a->type == FZ_UINT || a->type == FZ_SINT) {
		uint64_t v = valid_value(a);
		bool fits = a->type == FZ_UINT ? v <= UINT32_MAX :
			((int64_t)v >= INT32_MIN && (int64_t)v <= INT32_MAX);

		put_scalar(m, type, a, v, fits && chance(70) ? 4 : 8);
		return;
	}
	put_scalar(m, type, a, valid_value(a), type_width(a));
}

/* An attribute of @a's type with something wrong in it. */
static void put_bad_attr(struct msg *m, const struct fz_attr *a)
{
	uint16_t type = a->id;
	char s[5000];
	uint32_t len;
	int w = type_width(a);

	switch (a->type) {
	case FZ_FLAG:
		put_attr(m, type, "\1\0\0\0\0\0\0\0", 1 + rn(8));
		return;
	case FZ_STRING:
		switch (rn(4)) {
		case 0:		/* not terminated */
			len = 1 + rn(40);
			random_string(s, len);
			put_attr(m, type, s, len);
			return;
		case 1:		/* too long */
			len = (a->max_len ? a->max_len + 1 : 256) + rn(3000);
			if (len > sizeof(s) - 1)
				len = sizeof(s) - 1;
			random_string(s, len);
			put_attr(m, type, s, len + 1);
			return;
		case 2:		/* empty */
			put_attr(m, type, NULL, 0);
			return;
		default:	/* binary junk */
			len = rn(64);
			for (uint32_t i = 0; i < len; i++)
				s[i] = (char)rnd();
			put_attr(m, type, s, len);
			return;
		}
	case FZ_NEST:
	case FZ_INDEXED_ARRAY:
		/* a scalar where a nest belongs, or no NLA_F_NESTED */
		if (chance(50)) {
			uint32_t v = (uint32_t)rnd();

			put_attr(m, type, &v, 4);
		} else {
			uint64_t nmask = 0;

			if (a->nested >= 0)
				put_valid_nest(m, type, a->nested, 0, &nmask);
			else
				put_attr(m, type, NULL, 0);
		}
		return;
	case FZ_BINARY:
		len = a->max_len ? a->max_len + 1 + rn(100) : 2000 + rn(2000);
		if (a->min_len && chance(50))
			len = rn(a->min_len);
		if (len > sizeof(s))
			len = sizeof(s);
		memset(s, 0xa5, len);
		put_attr(m, type, s, len);
		return;
	default:
		break;
	}
	if (w > 0)
		put_scalar(m, type, a, bad_value(a), w);
	else
		put_random(m, 4);
}

/* A known attribute with a payload of the wrong length. */
static void put_wrong_length(struct msg *m, const struct fz_attr *a)
{
	static const uint32_t lens[] = { 0, 1, 2, 3, 5, 6, 7, 9, 12, 16, 64 };
	int w = type_width(a);
	uint32_t len;
	uint8_t b[64];

	do {
		len = lens[rn(sizeof(lens) / sizeof(lens[0]))];
	} while ((int)len == w || ((a->type == FZ_UINT || a->type == FZ_SINT) &&
				   (len == 4 || len == 8)));
	for (uint32_t i = 0; i < len; i++)
		b[i] = (uint8_t)rnd();
	put_attr(m, a->id | (a->type == FZ_NEST ? NLA_F_NESTED : 0), b, len);
}

/* Attributes of random types and lengths, nested @depth deep at most. */
static void put_garbage(struct msg *m, int set, int depth)
{
	unsigned int i, n = 1 + rn(6);
	uint16_t max = set >= 0 ? fz_sets[set].max_id : 32;

	for (i = 0; i < n && !m->full; i++) {
		uint16_t type;

		switch (rn(4)) {
		case 0: type = (uint16_t)rn(max + 4); break;
		case 1: type = (uint16_t)rnd() & NLA_TYPE_MASK; break;
		case 2: type = 0; break;
		default: type = (uint16_t)(max + 1 + rn(3)); break;
		}
		if (chance(15))
			type |= NLA_F_NET_BYTEORDER;
		if (depth > 0 && chance(40)) {
			uint32_t off = nest_start(m, type | NLA_F_NESTED);

			put_garbage(m, -1, depth - 1);
			nest_end(m, off);
		} else {
			uint32_t len = rn(4) ? rn(17) : rn(300);
			uint8_t b[300];

			for (uint32_t j = 0; j < len; j++)
				b[j] = (uint8_t)rnd();
			put_attr(m, type, b, len);
		}
	}
}

/* Copy attribute @nla, the inner ones of a nest filtered at random. */
static void put_copy(struct msg *m, const struct nlattr *nla,
		     const struct fz_attr *a, uint64_t *nmask)
{
	const uint8_t *pay = (const uint8_t *)nla + NLA_HDRLEN;
	uint32_t plen = nla->nla_len - NLA_HDRLEN;

	if (a->type == FZ_NEST && a->nested >= 0) {
		uint32_t off = nest_start(m, nla->nla_type | NLA_F_NESTED);
		const struct nlattr *in;
		unsigned int keep = rn(3);

		for (in = (const void *)pay;
		     (const uint8_t *)in + NLA_HDRLEN <= pay + plen &&
		     in->nla_len >= NLA_HDRLEN &&
		     (const uint8_t *)in + in->nla_len <= pay + plen;
		     in = (const void *)((const uint8_t *)in + NLA_ALIGN(in->nla_len))) {
			const struct fz_attr *ia = set_attr(a->nested,
							    in->nla_type & NLA_TYPE_MASK);
			bool take = keep == 0 ? chance(30) :
				    keep == 1 ? chance(70) : true;

			if (!ia || ia->type == FZ_PAD || !take)
				continue;
			if (chance(10) && is_scalar(ia))
				put_valid_attr(m, ia, 1, NULL);
			else
				put_attr(m, in->nla_type, (const uint8_t *)in + NLA_HDRLEN,
					 in->nla_len - NLA_HDRLEN);
			if (nmask)
				*nmask |= 1ULL << (ia - fz_sets[a->nested].attrs);
		}
		nest_end(m, off);
		return;
	}
	put_attr(m, nla->nla_type, pay, plen);
}

/* ------------------------------------------------------------ messages */

static struct nlmsghdr *put_header(struct msg *m, uint16_t type, uint16_t flags,
				   uint8_t cmd, uint8_t version, uint16_t reserved,
				   uint32_t *seq)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	nlh = put(m, NLMSG_HDRLEN);
	if (!nlh)
		return NULL;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = *seq = seq_next++;
	g = put(m, GENL_HDRLEN);
	if (!g)
		return nlh;
	g->cmd = cmd;
	g->version = version;
	g->reserved = reserved;
	return nlh;
}

static void end_msg(struct msg *m, uint32_t start)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(m->d + start);

	nlh->nlmsg_len = m->len - start;
}

/* Index of a request attribute of @op by id, or -1. */
static int req_index(int op, uint16_t id)
{
	unsigned int i;

	for (i = 0; i < n_req[op]; i++)
		if (req_ids[op][i] == id)
			return (int)i;
	return -1;
}

static bool in_list(const uint16_t *l, unsigned int n, uint16_t id)
{
	while (n--)
		if (l[n] == id)
			return true;
	return false;
}

/* Pick an op that can be requested. */
static int pick_op(void)
{
	static int req_ops[FZ_N_OPS];
	static unsigned int n;
	unsigned int i;

	if (!n) {
		for (i = 0; i < FZ_N_OPS; i++)
			if ((fz_ops[i].has_do || fz_ops[i].has_dump) &&
			    op_allowed[i])
				req_ops[n++] = (int)i;
		if (!n)
			die("the spec has no op with a do or a dump");
	}
	return req_ops[rn(n)];
}

/* The attributes of a valid-shaped request of @op into @m. */
static void put_valid_attrs(struct msg *m, int op, bool dump,
			    struct inflight *in)
{
	const struct fz_op *o = &fz_ops[op];
	const uint16_t *list = dump ? o->dump_req : o->do_req;
	unsigned int n = dump ? o->n_dump_req : o->n_do_req;
	const struct objset *os = &objs[o->set];
	const struct obj *ob = NULL;
	unsigned int i, how = rn(10), one = rn(n ? n : 1);
	uint32_t pick = (uint32_t)rnd();
	bool use_obj = chance(65);

	if (use_obj && os->n)
		ob = &os->o[pick % os->n];
	for (i = 0; i < n; i++) {
		const struct fz_attr *a = set_attr(o->set, list[i]);
		const struct nlattr *src = NULL;
		bool take;
		int ri = req_index(op, list[i]);
		uint64_t *nmask = ri >= 0 ? &in->nmask[ri] : NULL;
		unsigned int copies = 1;

		if (how < 2)
			take = true;
		else if (how < 4)
			take = i == one;
		else if (how < 5)
			take = false;
		else
			take = chance(50);
		if (!a || !take)
			continue;
		if (a->multi)
			copies = 1 + rn(3);
		if (ob) {
			const struct nlattr *nla;

			for_each_nla(nla, ob->a, ob->len) {
				if ((nla->nla_type & NLA_TYPE_MASK) == a->id) {
					src = nla;
					if (!chance(40))
						break;
				}
			}
		}
		while (copies--) {
			if (src && chance(85))
				put_copy(m, src, a, nmask);
			else
				put_valid_attr(m, a, 0, nmask);
		}
		if (ri >= 0)
			in->mask |= 1ULL << ri;
	}
}

static struct inflight *new_inflight(int op, int mode)
{
	struct inflight *in;

	if (n_inflight >= INFLIGHT_MAX)
		return NULL;
	in = &inflight[n_inflight++];
	memset(in, 0, sizeof(*in));
	in->op = op;
	in->mode = mode;
	return in;
}

/*
 * One message of mode @mode at the end of @m; returns false when the
 * message must end the datagram (its length is not to be trusted).
 */
static bool build_message(struct msg *m, int mode)
{
	int op = pick_op();
	const struct fz_op *o = &fz_ops[op];
	bool dump = o->has_dump && (!o->has_do || chance(50));
	uint16_t flags = NLM_F_REQUEST;
	uint8_t cmd = o->cmd, version = (uint8_t)FZ_FAMILY_VERSION;
	uint16_t reserved = 0, type = family_id;
	uint32_t start = m->len, seq, last = UINT32_MAX;
	struct inflight *in;
	unsigned int i;
	bool trusted = true;
	int acct_op;

	if (mode == M_NTFOP) {
		unsigned int tries;

		for (tries = 0; tries < 64; tries++) {
			int k = (int)rn(FZ_N_OPS);

			if (!fz_ops[k].has_do && !fz_ops[k].has_dump) {
				op = k;
				break;
			}
		}
		o = &fz_ops[op];
		cmd = o->cmd;
		dump = chance(50);
	}
	acct_op = op;
	if (dump)
		flags |= NLM_F_DUMP;
	if (dump ? chance(20) : chance(70))
		flags |= NLM_F_ACK;

	switch (mode) {
	case M_FLAGS:
		switch (rn(6)) {
		case 0: flags &= (uint16_t)~NLM_F_REQUEST; break;
		case 1: flags = NLM_F_REQUEST | NLM_F_DUMP | (flags & NLM_F_ACK);
			dump = true; break;
		case 2: flags ^= NLM_F_ACK; break;
		case 3: flags |= (uint16_t)(rnd() & 0xfff0); break;
		case 4: flags = (flags & ~NLM_F_DUMP) |
				(chance(50) ? NLM_F_ROOT : NLM_F_MATCH);
			dump = false; break;
		default: flags = (uint16_t)rnd(); dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
			break;
		}
		break;
	case M_GENLHDR:
		if (chance(50))
			version = (uint8_t)rnd();
		else
			reserved = (uint16_t)(1 + rn(0xffff));
		if (chance(30))
			version = (uint8_t)rnd();
		break;
	case M_CMD:
		switch (rn(4)) {
		case 0: cmd = 0; break;
		case 1: cmd = (uint8_t)(max_cmd + 1 + rn(4)); break;
		case 2: cmd = 255; break;
		default: cmd = (uint8_t)rnd(); break;
		}
		acct_op = op_by_cmd[cmd];
		n_randcmd++;
		break;
	case M_CTLTYPE:
		type = (uint16_t)rn(NLMSG_MIN_TYPE);
		break;
	default:
		break;
	}

	in = new_inflight(acct_op, mode);
	if (!in)
		return false;
	if (put_header(m, type, flags, cmd, version, reserved, &seq) == NULL)
		return false;
	in->seq = seq;
	in->dump = dump;
	in->ack = flags & NLM_F_ACK;
	in->shaped = mode == M_VALID;

	switch (mode) {
	case M_VALUES: {
		/* valid shape, then attributes with bad values */
		put_valid_attrs(m, op, dump, in);
		for (i = 1 + rn(3); i > 0; i--) {
			unsigned int k = rn(n_req[op] ? n_req[op] : 1);
			const struct fz_attr *a = n_req[op] ?
				set_attr(o->set, req_ids[op][k]) : NULL;

			if (!a)
				a = &fz_sets[o->set].attrs[rn(fz_sets[o->set].n)];
			if (chance(20)) {
				/* many copies of one attribute */
				for (unsigned int c = 20 + rn(500); c && !m->full; c--)
					put_valid_attr(m, a, 0, NULL);
			} else {
				put_bad_attr(m, a);
			}
		}
		in->mask = 0;
		break;
	}
	case M_LENGTH:
		put_valid_attrs(m, op, dump, in);
		for (i = 1 + rn(2); i > 0; i--) {
			const struct fz_attr *a = n_req[op] ?
				set_attr(o->set, req_ids[op][rn(n_req[op])]) :
				&fz_sets[o->set].attrs[rn(fz_sets[o->set].n)];

			if (a)
				put_wrong_length(m, a);
		}
		in->mask = 0;
		break;
	case M_UNKNOWN: {
		const struct fz_set *s = &fz_sets[o->set];

		put_valid_attrs(m, op, dump, in);
		switch (rn(5)) {
		case 0:		/* an attribute of the set the request has not */
			for (i = 0; i < 8; i++) {
				const struct fz_attr *a = &s->attrs[rn(s->n)];

				if (req_index(op, a->id) < 0) {
					put_valid_attr(m, a, 0, NULL);
					break;
				}
			}
			break;
		case 1:		/* beyond the set */
			put_attr(m, (uint16_t)(s->max_id + 1 + rn(4)), "\0\0\0\0", 4);
			break;
		case 2:		/* type 0 */
			put_attr(m, 0, "\1\0\0\0", 4);
			break;
		case 3: {	/* flag bits on a known attribute */
			const struct fz_attr *a = &s->attrs[rn(s->n)];
			uint64_t v = valid_value(a);

			put_attr(m, a->id | (chance(50) ? NLA_F_NESTED :
					     NLA_F_NET_BYTEORDER), &v,
				 type_width(a) > 0 ? (uint32_t)type_width(a) : 4);
			break;
		}
		default:	/* an attribute of another set */
		{
			int other = (int)rn(FZ_N_SETS);
			const struct fz_set *os = &fz_sets[other];

			put_valid_attr(m, &os->attrs[rn(os->n)], 0, NULL);
			break;
		}
		}
		in->mask = 0;
		break;
	}
	case M_NEST: {
		/* nests of the request: garbage inside, deep, or many */
		bool any = false;

		for (i = 0; i < n_req[op]; i++) {
			const struct fz_attr *a = set_attr(o->set, req_ids[op][i]);
			uint32_t off;

			if (!a || (a->type != FZ_NEST && a->type != FZ_INDEXED_ARRAY))
				continue;
			any = true;
			switch (rn(5)) {
			case 0:
				off = nest_start(m, a->id | NLA_F_NESTED);
				put_garbage(m, a->nested, 3);
				nest_end(m, off);
				break;
			case 1: {	/* valid nests inside nests */
				uint32_t offs[40];
				unsigned int d, depth = 2 + rn(38);

				for (d = 0; d < depth; d++)
					offs[d] = nest_start(m, a->id | NLA_F_NESTED);
				put_garbage(m, a->nested, 1);
				while (d--)
					nest_end(m, offs[d]);
				break;
			}
			case 2:		/* many nests */
				for (unsigned int c = 2 + rn(200); c && !m->full; c--)
					put_valid_attr(m, a, 0, NULL);
				break;
			case 3:		/* empty nest */
				put_attr(m, a->id | NLA_F_NESTED, NULL, 0);
				break;
			default:	/* inner attributes with bad values */
				off = nest_start(m, a->id | NLA_F_NESTED);
				if (a->nested >= 0) {
					const struct fz_set *ns = &fz_sets[a->nested];

					for (unsigned int k = 0; k < ns->n; k++)
						if (chance(60))
							put_bad_attr(m, &ns->attrs[k]);
				}
				nest_end(m, off);
				break;
			}
		}
		if (!any) {
			uint32_t off = nest_start(m, (uint16_t)(1 + rn(fz_sets[o->set].max_id)) |
						  NLA_F_NESTED);

			put_garbage(m, o->set, 3);
			nest_end(m, off);
		}
		break;
	}
	case M_TRUNC:
		put_valid_attrs(m, op, dump, in);
		last = m->len;
		if (chance(70))
			put_valid_attr(m, &fz_sets[o->set].attrs[rn(fz_sets[o->set].n)],
				       0, NULL);
		in->mask = 0;
		trusted = false;
		break;
	default:
		put_valid_attrs(m, op, dump, in);
		if (mode == M_CMD || mode == M_NTFOP || mode == M_CTLTYPE ||
		    mode == M_FLAGS || mode == M_GENLHDR)
			in->mask = 0;
		break;
	}
	if (m->full) {
		/* too big: keep what fits, as a plain message */
		m->full = false;
		in->mask = 0;
		in->shaped = false;
	}
	end_msg(m, start);

	if (mode == M_TRUNC) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(m->d + start);
		uint32_t mlen = m->len - start;

		switch (rn(7)) {
		case 0:		/* the datagram ends before nlmsg_len */
			if (mlen > NLMSG_HDRLEN)
				m->len = start + NLMSG_HDRLEN + rn(mlen - NLMSG_HDRLEN);
			break;
		case 1:		/* the last attribute runs past the end */
			if (last != UINT32_MAX && last + NLA_HDRLEN <= m->len) {
				struct nlattr *nla = (struct nlattr *)(m->d + last);

				nla->nla_len = (uint16_t)(nla->nla_len + 4 + rn(1000));
			} else if (mlen > NLMSG_HDRLEN + GENL_HDRLEN) {
				nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN +
					rn(mlen - NLMSG_HDRLEN - GENL_HDRLEN);
				m->len = start + NLMSG_ALIGN(nlh->nlmsg_len);
			}
			break;
		case 2:		/* nlmsg_len cuts an attribute */
			if (mlen > NLMSG_HDRLEN + GENL_HDRLEN + 1) {
				nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + 1 +
					rn(mlen - NLMSG_HDRLEN - GENL_HDRLEN - 1);
				m->len = start + nlh->nlmsg_len;
			}
			break;
		case 3:		/* no (or half a) genl header */
			nlh->nlmsg_len = NLMSG_HDRLEN + rn(GENL_HDRLEN);
			m->len = start + nlh->nlmsg_len;
			break;
		case 4:		/* a short header */
			m->len = start + rn(NLMSG_HDRLEN);
			break;
		case 5:		/* nlmsg_len below the header */
			nlh->nlmsg_len = rn(NLMSG_HDRLEN);
			break;
		default:	/* an attribute header of less than 4 */
			if (last != UINT32_MAX && last + NLA_HDRLEN <= m->len) {
				struct nlattr *nla = (struct nlattr *)(m->d + last);

				nla->nla_len = (uint16_t)rn(NLA_HDRLEN);
			} else {
				uint32_t off = put_attr(m, 1, NULL, 0);

				if (off != UINT32_MAX)
					((struct nlattr *)(m->d + off))->nla_len = rn(4);
				end_msg(m, start);
			}
			break;
		}
	}
	return trusted;
}

/* ------------------------------------------------------------ sockets */

static struct mnl_socket *open_socket(bool ext_ack, int rcvbuf)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_GENERIC);
	int one = 1, fd;

	if (!nl)
		die("socket: %s", strerror(errno));
	fd = mnl_socket_get_fd(nl);
	if (ext_ack) {
		mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
		mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("bind: %s", strerror(errno));
	return nl;
}

static int grp_cb(const struct nlattr *nla, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = {};
	const struct nlattr *a;
	unsigned int i;

	(void)data;
	mnl_attr_for_each_nested(a, nla) {
		if (mnl_attr_get_type(a) <= CTRL_ATTR_MCAST_GRP_MAX)
			tb[mnl_attr_get_type(a)] = a;
	}
	if (!tb[CTRL_ATTR_MCAST_GRP_NAME] || !tb[CTRL_ATTR_MCAST_GRP_ID])
		return MNL_CB_OK;
	for (i = 0; i < FZ_N_MCGRPS; i++)
		if (!strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
			    fz_mcgrps[i]))
			mcgrp_id[i] = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *g;

	(void)data;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			family_id = mnl_attr_get_u16(a);
			break;
		case CTRL_ATTR_VERSION:
			family_version = mnl_attr_get_u32(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			mnl_attr_for_each_nested(g, a)
				grp_cb(g, NULL);
			break;
		}
	}
	return MNL_CB_OK;
}

static void resolve_family(void)
{
	struct mnl_socket *nl = req_nl[0];
	uint8_t buf[512];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	uint32_t seq = seq_next++;
	ssize_t n;
	int ret;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, FZ_FAMILY_NAME);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		die("send: %s", strerror(errno));
	do {
		n = mnl_socket_recvfrom(nl, rbuf, sizeof(rbuf));
		if (n < 0)
			die("recv: %s", strerror(errno));
		ret = mnl_cb_run(rbuf, (size_t)n, seq, mnl_socket_get_portid(nl),
				 family_cb, NULL);
	} while (ret > 0);
	if (ret < 0 || !family_id)
		die("family %s: %s (modules loaded?)", FZ_FAMILY_NAME,
		    strerror(errno));
}

/* ------------------------------------------------------------ replies */

/*
 * Check a run of attributes of set @set (-1: unknown) the kernel sent;
 * @list/@n: the attributes the spec lets this message have (NULL: any of
 * the set). Harvests the values into the pools when @harvest.
 */
static void check_attrs(const uint8_t *p, uint32_t len, int set,
			const uint16_t *list, unsigned int n, bool harvest,
			const char *what, int depth)
{
	uint32_t off = 0;

	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *nla = (const void *)(p + off);
		uint16_t type = nla->nla_type & NLA_TYPE_MASK;
		uint32_t plen;
		const struct fz_attr *a;
		int w;

		if (nla->nla_len < NLA_HDRLEN || off + nla->nla_len > len) {
			anomaly("%s: attribute %u: nla_len %u, %u bytes left",
				what, type, nla->nla_len, len - off);
			return;
		}
		plen = nla->nla_len - NLA_HDRLEN;
		off += NLA_ALIGN(nla->nla_len);
		if (set < 0)
			continue;
		a = set_attr(set, type);
		if (!a) {
			n_unknown_reply_attr++;
			warn("%s: attribute %u not in set %s", what, type,
			     fz_sets[set].name);
			continue;
		}
		if (list && !in_list(list, n, type) && a->type != FZ_PAD) {
			n_unknown_reply_attr++;
			warn("%s: %s.%s not in the spec's reply", what,
			     fz_sets[set].name, a->name);
		}
		w = type_width(a);
		if (a->type == FZ_UINT || a->type == FZ_SINT) {
			if (plen != 4 && plen != 8)
				anomaly("%s: %s: %u bytes", what, a->name, plen);
			else if (harvest)
				pool_add(a->pool, plen == 4 ?
					 (a->type == FZ_SINT ?
					  (uint64_t)(int64_t)*(const int32_t *)(nla + 1) :
					  *(const uint32_t *)(nla + 1)) :
					 *(const uint64_t *)(nla + 1));
			continue;
		}
		if (a->type == FZ_PAD)
			continue;
		if (w >= 0 && a->type != FZ_BITFIELD32 && (int)plen != w) {
			anomaly("%s: %s.%s: %u bytes, want %d", what,
				fz_sets[set].name, a->name, plen, w);
			continue;
		}
		if (harvest && w > 0) {
			uint64_t v = 0;

			memcpy(&v, nla + 1, (size_t)w);
			if (is_signed(a) && w < 8 && (v >> (w * 8 - 1)) & 1)
				v |= ~0ULL << (w * 8);
			pool_add(a->pool, v);
		}
		if (a->type == FZ_STRING) {
			const char *s = (const char *)(nla + 1);

			if (!plen || s[plen - 1] != '\0')
				anomaly("%s: %s: string not terminated", what, a->name);
			else if (harvest)
				pool_add_str(a->pool, s, strnlen(s, plen));
		}
		if ((a->type == FZ_NEST || a->type == FZ_INDEXED_ARRAY) &&
		    depth < 8)
			check_attrs((const uint8_t *)(nla + 1), plen,
				    a->type == FZ_NEST ? a->nested : -1, NULL, 0,
				    harvest, what, depth + 1);
	}
	if (off != len && NLA_ALIGN(len) != off)
		anomaly("%s: %u trailing bytes after the attributes", what,
			len - off);
}

static struct inflight *find_inflight(uint32_t seq)
{
	unsigned int i;

	for (i = 0; i < n_inflight; i++)
		if (inflight[i].seq == seq)
			return &inflight[i];
	return NULL;
}

static void note_extack(const char *msg, size_t len)
{
	unsigned int i;

	if (len >= sizeof(extacks[0].msg))
		len = sizeof(extacks[0].msg) - 1;
	for (i = 0; i < n_extacks; i++)
		if (!strncmp(extacks[i].msg, msg, len) && !extacks[i].msg[len]) {
			extacks[i].count++;
			return;
		}
	if (n_extacks == EXTACK_MAX) {
		extack_more++;
		return;
	}
	memcpy(extacks[n_extacks].msg, msg, len);
	extacks[n_extacks].msg[len] = '\0';
	extacks[n_extacks].count = 1;
	n_extacks++;
}

/* The TLVs of an error or done message, from @p. */
static void check_ack_tlvs(const uint8_t *p, uint32_t len, uint32_t orig_len)
{
	uint32_t off = 0;

	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *nla = (const void *)(p + off);
		uint32_t plen;

		if (nla->nla_len < NLA_HDRLEN || off + nla->nla_len > len) {
			anomaly("ack TLV: nla_len %u, %u bytes left", nla->nla_len,
				len - off);
			return;
		}
		plen = nla->nla_len - NLA_HDRLEN;
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			if (!plen || ((const char *)(nla + 1))[plen - 1])
				anomaly("extack message not terminated");
			else
				note_extack((const char *)(nla + 1), plen - 1);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (plen != 4)
				anomaly("extack offset: %u bytes", plen);
			else if (orig_len &&
				 *(const uint32_t *)(nla + 1) >= orig_len)
				anomaly("extack offset %u outside the request (%u bytes)",
					*(const uint32_t *)(nla + 1), orig_len);
			break;
		}
		off += NLA_ALIGN(nla->nla_len);
	}
}

static void count_errno(int e)
{
	if (e >= 0 && e < ERRNO_MAX)
		errno_count[e]++;
	else
		errno_other++;
}

static void in_result(struct inflight *in, int err)
{
	in->replied = true;
	in->ok = !err;
}

static void handle_error(const struct nlmsghdr *nlh, bool done)
{
	const struct nlmsgerr *e = (const void *)NLMSG_DATA(nlh);
	uint32_t plen = nlh->nlmsg_len - NLMSG_HDRLEN, off, orig_len = 0;
	struct inflight *in = find_inflight(nlh->nlmsg_seq);
	int err;

	if (plen < sizeof(int)) {
		if (done) {	/* a bare NLMSG_DONE is legal */
			n_done++;
			if (in)
				in_result(in, 0);
			return;
		}
		anomaly("NLMSG_ERROR of %u bytes", nlh->nlmsg_len);
		return;
	}
	err = -e->error;
	if (err < 0) {
		anomaly("%s with positive error %d", done ? "NLMSG_DONE" : "NLMSG_ERROR",
			e->error);
		err = -err;
	}
	if (done) {
		n_done++;
		off = sizeof(int);
	} else {
		if (plen < sizeof(*e)) {
			anomaly("NLMSG_ERROR of %u bytes", nlh->nlmsg_len);
			return;
		}
		orig_len = e->msg.nlmsg_len;
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
		if (e->msg.nlmsg_seq != nlh->nlmsg_seq)
			anomaly("NLMSG_ERROR seq %u echoes seq %u", nlh->nlmsg_seq,
				e->msg.nlmsg_seq);
	}
	count_errno(err);
	/* ERESTARTSYS (512) ... : kernel-internal, never for userspace */
	if (err >= 512) {
		anomaly("%s: kernel-internal errno %d for %s (%s)",
			done ? "NLMSG_DONE" : "NLMSG_ERROR", err,
			in && in->op >= 0 ? fz_ops[in->op].name : "?",
			in ? mode_names[in->mode] : "?");
		if (n_datagrams && n_anomaly <= 20)
			print_hex("repro: ", ring[(n_datagrams - 1) % RING].d,
				  ring[(n_datagrams - 1) % RING].len);
	}
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (off > plen)
			anomaly("ack TLVs start past the message (%u > %u)", off, plen);
		else
			check_ack_tlvs((const uint8_t *)e + off, plen - off, orig_len);
	}
	if (!in) {
		n_stray++;
		return;
	}
	in_result(in, err);
}

/* A message of the family: a reply (@ntf false) or a notification. */
static void handle_family_msg(const struct nlmsghdr *nlh, bool ntf, bool harvest)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	uint32_t plen = nlh->nlmsg_len - NLMSG_HDRLEN;
	const struct fz_op *o;
	const uint8_t *attrs;
	int op;
	char what[96];

	if (plen < GENL_HDRLEN) {
		anomaly("family message of %u bytes", nlh->nlmsg_len);
		return;
	}
	op = op_by_cmd[g->cmd];
	if (op < 0) {
		anomaly("%s with command %u not in the spec",
			ntf ? "notification" : "reply", g->cmd);
		return;
	}
	o = &fz_ops[op];
	attrs = (const uint8_t *)g + GENL_HDRLEN;
	snprintf(what, sizeof(what), "%s %s", o->name, ntf ? "notification" : "reply");
	if (ntf) {
		const struct fz_attr *sa = NULL;
		const struct nlattr *nla;

		if (!o->notify)
			warn("notification with command %s, not a notification op",
			     o->name);
		check_attrs(attrs, plen - GENL_HDRLEN, o->set,
			    o->n_ntf ? o->ntf : NULL, o->n_ntf, false, what, 0);
		ntf_count[op]++;
		n_ntf++;
		/* the spec's "seq" attribute numbers the group's messages */
		for (unsigned int i = 0; i < fz_sets[o->set].n; i++)
			if (!strcmp(fz_sets[o->set].attrs[i].name, "seq") &&
			    type_width(&fz_sets[o->set].attrs[i]) == 8)
				sa = &fz_sets[o->set].attrs[i];
		if (!sa)
			return;
		for_each_nla(nla, attrs, plen - GENL_HDRLEN) {
			uint64_t s;

			if ((nla->nla_type & NLA_TYPE_MASK) != sa->id ||
			    mnl_attr_get_payload_len(nla) != 8)
				continue;
			s = mnl_attr_get_u64(nla);
			if (ntf_last_seq && s != ntf_last_seq + 1) {
				if (s <= ntf_last_seq)
					ntf_seq_back++;
				else
					ntf_seq_gap++;
			}
			ntf_last_seq = s;
		}
		return;
	}
	{
		struct inflight *in = find_inflight(nlh->nlmsg_seq);
		const uint16_t *list = NULL;
		unsigned int n = 0;
		uint16_t both[2 * MAX_REQ + 64];

		if (in && in->dump && o->n_dump_rep) {
			list = o->dump_rep;
			n = o->n_dump_rep;
		} else if (in && !in->dump && o->n_do_rep) {
			list = o->do_rep;
			n = o->n_do_rep;
		} else if (o->n_do_rep + o->n_dump_rep <= sizeof(both) / 2) {
			memcpy(both, o->do_rep, o->n_do_rep * 2);
			memcpy(both + o->n_do_rep, o->dump_rep, o->n_dump_rep * 2);
			list = both;
			n = o->n_do_rep + o->n_dump_rep;
		}
		check_attrs(attrs, plen - GENL_HDRLEN, o->set, n ? list : NULL, n,
			    harvest, what, 0);
		n_data++;
		if (in) {
			in->data = true;
			in->replied = true;
			if (!in->dump)
				in->ok = true;
		} else if (!harvest) {
			n_stray++;
		}
		if (harvest) {
			struct objset *os = &objs[o->set];
			uint32_t len = plen - GENL_HDRLEN;

			if (os->n < OBJ_MAX && len <= OBJ_LEN) {
				os->o[os->n].len = len;
				memcpy(os->o[os->n].a, attrs, len);
				os->n++;
			}
		}
	}
}

/* Parse one datagram the kernel sent. */
static void handle_datagram(const uint8_t *buf, size_t len, bool ntf, bool harvest)
{
	const struct nlmsghdr *nlh = (const void *)buf;
	int rem = (int)len;

	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			if (ntf)
				anomaly("NLMSG_ERROR on the monitor socket");
			handle_error(nlh, false);
		} else if (nlh->nlmsg_type == NLMSG_DONE) {
			handle_error(nlh, true);
		} else if (nlh->nlmsg_type == family_id) {
			handle_family_msg(nlh, ntf, harvest);
		} else if (nlh->nlmsg_type == NLMSG_NOOP) {
			continue;
		} else {
			anomaly("message of type %u on the %s socket",
				nlh->nlmsg_type, ntf ? "monitor" : "request");
		}
	}
	if (rem > 0 && (size_t)rem != len && rem >= (int)NLMSG_HDRLEN)
		anomaly("%d bytes after the last message of a datagram", rem);
	else if (rem > 0 && (size_t)rem == len)
		anomaly("datagram of %zu bytes holds no message", len);
}

/* Read everything queued on @nl; dumps continue as they are read. */
static void drain(struct mnl_socket *nl, bool ntf, bool harvest)
{
	int fd = mnl_socket_get_fd(nl);

	for (;;) {
		ssize_t n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				if (ntf)
					n_mon_overrun++;
				else
					n_overrun_req++;
				continue;
			}
			if (errno < ERRNO_MAX)
				recv_err[errno]++;
			if (errno == EBADF || errno == ENOTSOCK || errno == EFAULT)
				die("recv: %s", strerror(errno));
			continue;
		}
		if ((size_t)n > sizeof(rbuf))
			die("recv: a datagram of %zd bytes, buffer %zu", n, sizeof(rbuf));
		handle_datagram(rbuf, (size_t)n, ntf, harvest);
	}
}

/* ------------------------------------------------------------ kmsg */

static const char *const problems[] = {
	"BUG:", "WARNING:", "Oops", "KASAN:", "UBSAN:",
	"possible circular locking", "possible recursive locking",
	"inconsistent lock state", "suspicious RCU usage",
	"unreferenced object", "general protection fault", "Call Trace:",
	"refcount_t:", "list_add corruption", "list_del corruption",
	"Kernel panic",
};

static void kmsg_open(void)
{
	if (!watch_kmsg)
		return;
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd < 0) {
		printf("# /dev/kmsg: %s: not watching the kernel log\n",
		       strerror(errno));
		return;
	}
	lseek(kmsg_fd, 0, SEEK_END);
}

/* Print the records queued; true when one is a problem report. */
static bool kmsg_check(bool print_all)
{
	static char before[8][256];	/* context: the records before */
	static unsigned int n_before;
	char rec[2048];
	bool found = false;

	if (kmsg_fd < 0)
		return false;
	for (;;) {
		ssize_t n = read(kmsg_fd, rec, sizeof(rec) - 1);
		char *msg;

		if (n < 0) {
			if (errno == EPIPE)	/* overwritten records */
				continue;
			return found;
		}
		if (n == 0)
			return found;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = '\0';
		for (size_t i = 0; i < sizeof(problems) / sizeof(problems[0]) &&
		     !found; i++) {
			if (!strstr(msg, problems[i]))
				continue;
			found = true;
			for (unsigned int k = n_before > 8 ? n_before - 8 : 0;
			     k < n_before && !print_all; k++)
				printf("kmsg: %s\n", before[k % 8]);
		}
		if (found || print_all)
			printf("kmsg: %s\n", msg);
		else {
			char *b = before[n_before++ % 8];

			strncpy(b, msg, sizeof(before[0]) - 1);
			b[sizeof(before[0]) - 1] = '\0';
		}
	}
}

static void print_hex(const char *prefix, const uint8_t *d, uint32_t len)
{
	printf("%s", prefix);
	for (uint32_t i = 0; i < len; i++)
		printf("%02x", d[i]);
	putchar('\n');
}

static void print_ring(void)
{
	unsigned long first = n_datagrams > RING ? n_datagrams - RING : 0;

	printf("# the last datagrams (replay: cpo_fuzz -r FILE with the hex lines):\n");
	printf("repro-family: %u\n", family_id);
	for (unsigned long i = first; i < n_datagrams; i++) {
		struct saved *s = &ring[i % RING];

		printf("# datagram %lu, %u bytes\n", s->index, s->len);
		print_hex("repro: ", s->d, s->len);
	}
}

/* ------------------------------------------------------------ faults */

/*
 * -F: before a datagram, with probability fail_pct %, make the n-th
 * fault-injection point this thread reaches fail (failslab: a slab
 * allocation, /proc/thread-self/fail-nth); disarmed once its replies are
 * read, before anything else runs in this thread.
 */
static void fail_open(void)
{
	if (!fail_pct)
		return;
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (fail_nth_fd < 0) {
		printf("# /proc/thread-self/fail-nth: %s: no fault injection\n",
		       strerror(errno));
		fail_pct = 0;
	}
}

static void fail_arm(uint32_t len)
{
	char b[16];
	int n;

	if (!fail_pct || !chance(fail_pct))
		return;
	n = snprintf(b, sizeof(b), "%u", 1 + rn(40));
	/*
	 * netlink_sendmsg() vmallocs the skb of a datagram larger than
	 * NLMSG_GOODSIZE, and a failed vmalloc warns with a stack trace (a
	 * kernel report for the rig): small datagrams only.
	 */
	if (fail_nth_fd < 0 || len > 2048)
		return;
	if (pwrite(fail_nth_fd, b, (size_t)n, 0) == n) {
		n_fail_armed++;
		fail_armed = true;
	}
}

static void fail_disarm(void)
{
	char b[16] = "";
	ssize_t n;

	if (fail_nth_fd < 0 || !fail_armed)
		return;
	fail_armed = false;
	n = pread(fail_nth_fd, b, sizeof(b) - 1, 0);
	if (n > 0 && atoi(b) == 0)
		n_fail_injected++;
	if (pwrite(fail_nth_fd, "0", 1, 0) != 1)
		die("fail-nth: %s", strerror(errno));
}

/* ------------------------------------------------------------ the loop */

static void send_datagram(struct mnl_socket *nl, const uint8_t *d, uint32_t len)
{
	struct saved *s = &ring[n_datagrams % RING];
	ssize_t n;

	s->index = n_datagrams;
	s->len = len;
	memcpy(s->d, d, len);
	n_datagrams++;
	if (verbose)
		print_hex("send: ", d, len);
	if (dry_run)
		return;
	n = send(mnl_socket_get_fd(nl), d, len, 0);
	if (n < 0) {
		if (errno == EBADF || errno == ENOTSOCK || errno == EFAULT)
			die("send: %s", strerror(errno));
		n_send_err++;
		if (errno < ERRNO_MAX)
			send_err[errno]++;
	}
}

static void account(void)
{
	for (unsigned int i = 0; i < n_inflight; i++) {
		struct inflight *in = &inflight[i];
		int op = in->op;

		if (!in->replied)
			n_noreply++;
		if (op < 0)
			continue;
		op_sent[op]++;
		if (in->replied && in->ok)
			op_ok[op]++;
		else if (in->replied)
			op_err[op]++;
		cov_sent[op] |= in->mask;
		if (in->shaped && in->ok)
			cov_ok[op] |= in->mask;
		for (unsigned int k = 0; k < n_req[op]; k++) {
			ncov_sent[op][k] |= in->nmask[k];
			if (in->shaped && in->ok)
				ncov_ok[op][k] |= in->nmask[k];
		}
		if (verbose)
			printf("  %s %s seq %u: %s\n", fz_ops[op].name,
			       mode_names[in->mode], in->seq,
			       !in->replied ? "no reply" : in->ok ? "ok" : "refused");
	}
	n_inflight = 0;
}

/* Dump every op with a dump: the pools and objects of what exists. */
static void harvest(void)
{
	uint8_t buf[256];

	for (int s = 0; s < FZ_N_SETS; s++)
		objs[s].n = 0;
	for (int op = 0; op < FZ_N_OPS; op++) {
		struct msg m = { .d = buf, .cap = sizeof(buf) };
		uint32_t seq;

		if (!fz_ops[op].has_dump)
			continue;
		put_header(&m, family_id, NLM_F_REQUEST | NLM_F_DUMP,
			   fz_ops[op].cmd, (uint8_t)FZ_FAMILY_VERSION, 0, &seq);
		end_msg(&m, 0);
		n_inflight = 0;
		new_inflight(op, M_VALID)->seq = seq;
		inflight[0].dump = true;
		if (send(mnl_socket_get_fd(req_nl[0]), buf, m.len, 0) < 0)
			die("send: %s", strerror(errno));
		drain(req_nl[0], false, true);
		if (!inflight[0].replied)
			warn("dump of %s: no NLMSG_DONE", fz_ops[op].name);
		n_inflight = 0;
		n_harvest++;
	}
}

/*
 * A dump on a socket of its own with a small receive buffer: read one
 * datagram of it (maybe ask for another dump while it runs), then close
 * the socket with the dump unfinished.
 */
static void abandon_dump(void)
{
	static uint8_t buf[4096];
	struct msg m = { .d = buf, .cap = sizeof(buf) };
	struct mnl_socket *nl = open_socket(chance(50), 1024);
	int op = pick_op(), fd = mnl_socket_get_fd(nl);
	unsigned int tries;
	uint32_t seq;

	for (tries = 0; tries < 32 && !fz_ops[op].has_dump; tries++)
		op = pick_op();
	put_header(&m, family_id, NLM_F_REQUEST | NLM_F_DUMP |
		   (chance(30) ? NLM_F_ACK : 0), fz_ops[op].cmd,
		   (uint8_t)FZ_FAMILY_VERSION, 0, &seq);
	end_msg(&m, 0);
	send_datagram(nl, m.d, m.len);
	if (!dry_run)
		(void)recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
	if (chance(50))	/* a second request while the dump runs */
		send_datagram(nl, m.d, m.len);
	n_messages++;
	mnl_socket_close(nl);
}

static void fuzz_one(void)
{
	static uint8_t buf[MSG_MAX];
	struct msg m = { .d = buf, .cap = MSG_MAX };
	unsigned int r = rn(100), acc = 0;
	int mode = M_VALID, s = chance(75) ? 0 : 1;

	for (int i = 0; i < M_NMODES; i++) {
		acc += mode_weight[i];
		if (r < acc) {
			mode = i;
			break;
		}
	}
	mode_count[mode]++;
	n_inflight = 0;
	if (mode == M_ABANDON) {
		abandon_dump();
		goto after;
	}
	if (mode == M_BATCH) {
		unsigned int k, n = 2 + rn(4);

		for (k = 0; k < n; k++) {
			int sub = (int)rn(M_NMODES);

			if (sub == M_TRUNC || sub == M_BATCH || sub == M_ABANDON)
				sub = M_VALID;
			if (!build_message(&m, sub))
				break;
			n_messages++;
		}
	} else {
		build_message(&m, mode);
		n_messages++;
	}
	fail_arm(m.len);
	send_datagram(req_nl[s], m.d, m.len);
	drain(req_nl[s], false, false);
	drain(req_nl[!s], false, false);
	fail_disarm();
	account();
after:
	drain(mon_nl, true, false);
	if (kmsg_check(false)) {
		printf("KERNEL REPORT after datagram %lu (seed %" PRIu64 ")\n",
		       n_datagrams - 1, the_seed);
		kernel_report = true;
	}
}

static void join_groups(void)
{
	for (unsigned int i = 0; i < FZ_N_MCGRPS; i++) {
		if (!mcgrp_id[i]) {
			warn("multicast group %s not registered", fz_mcgrps[i]);
			continue;
		}
		if (mnl_socket_setsockopt(mon_nl, NETLINK_ADD_MEMBERSHIP,
					  &mcgrp_id[i], sizeof(mcgrp_id[i])) < 0)
			die("join %s: %s", fz_mcgrps[i], strerror(errno));
	}
}

/* ------------------------------------------------------------ summary */

static void print_coverage(void)
{
	unsigned int total = 0, ok = 0, sent = 0, ntotal = 0, nok = 0, nsent = 0;
	char missing[4096] = "", nmissing[8192] = "";
	size_t ml = 0, nl = 0;

	for (int op = 0; op < FZ_N_OPS; op++) {
		const struct fz_op *o = &fz_ops[op];

		if (!op_allowed[op])	/* -o */
			continue;
		for (unsigned int k = 0; k < n_req[op]; k++) {
			const struct fz_attr *a = set_attr(o->set, req_ids[op][k]);

			total++;
			if (cov_sent[op] & (1ULL << k))
				sent++;
			if (cov_ok[op] & (1ULL << k))
				ok++;
			else if (ml < sizeof(missing) - 100)
				ml += (size_t)snprintf(missing + ml, sizeof(missing) - ml,
						       " %s.%s", o->name, a->name);
			if (a->type != FZ_NEST || a->nested < 0)
				continue;
			for (unsigned int j = 0; j < fz_sets[a->nested].n; j++) {
				const struct fz_attr *ia = &fz_sets[a->nested].attrs[j];

				if (ia->type == FZ_PAD)
					continue;
				ntotal++;
				if (ncov_sent[op][k] & (1ULL << j))
					nsent++;
				if (ncov_ok[op][k] & (1ULL << j))
					nok++;
				else if (nl < sizeof(nmissing) - 100)
					nl += (size_t)snprintf(nmissing + nl,
							       sizeof(nmissing) - nl,
							       " %s.%s.%s", o->name,
							       a->name, ia->name);
			}
		}
	}
	printf("coverage: covered %u/%u (cmd,attr) pairs: valid-shaped requests "
	       "with them accepted by the kernel (%u/%u sent)\n", ok, total, sent,
	       total);
	printf("coverage: missing:%s\n", ok == total ? " none" : missing);
	printf("coverage: nested %u/%u (cmd,nest.attr) pairs accepted (%u/%u sent)\n",
	       nok, ntotal, nsent, ntotal);
	if (nok != ntotal)
		printf("coverage: nested not accepted:%s\n", nmissing);
}

static int cmp_extack(const void *a, const void *b)
{
	const struct extack *x = a, *y = b;

	return x->count < y->count ? 1 : x->count > y->count ? -1 :
	       strcmp(x->msg, y->msg);
}

static void summary(double secs, uint64_t seed)
{
	unsigned long replies = 0;

	printf("\n==== cpo_fuzz summary ====\n");
	if (!replaying)
		printf("seed: %" PRIu64 "\n", seed);
	printf("duration: %.1f s\n", secs);
	printf("sent: %lu datagrams, %lu messages (%.0f/s), %lu harvest dumps, "
	       "%lu send errors\n", n_datagrams, n_messages,
	       secs > 0 ? n_messages / secs : 0.0, n_harvest, n_send_err);
	printf("modes:");
	for (int i = 0; i < M_NMODES; i++)
		printf(" %s %lu%s", mode_names[i], mode_count[i],
		       i + 1 < M_NMODES ? "," : "\n");
	printf("replies: %lu data messages, %lu dump ends (NLMSG_DONE), "
	       "%lu requests without reply (no ACK asked, or dropped), "
	       "%lu stray\n", n_data, n_done, n_noreply, n_stray);
	printf("replies by errno (NLMSG_ERROR and NLMSG_DONE):\n");
	printf("  %-16s %10s\n", "errno", "count");
	for (int e = 0; e < ERRNO_MAX; e++) {
		if (!errno_count[e])
			continue;
		replies += errno_count[e];
		printf("  %-16s %10lu\n", errno_name(e), errno_count[e]);
	}
	if (errno_other)
		printf("  %-16s %10lu\n", "(out of range)", errno_other);
	printf("  %-16s %10lu\n", "total", replies + errno_other);
	for (int e = 0; e < ERRNO_MAX; e++)
		if (send_err[e])
			printf("send() refused: %s %lu\n", errno_name(e), send_err[e]);
	for (int e = 0; e < ERRNO_MAX; e++)
		if (recv_err[e])
			printf("recv() errors: %s %lu\n", errno_name(e), recv_err[e]);
	printf("per op (requests sent, answered ok, refused):\n");
	for (int op = 0; op < FZ_N_OPS; op++)
		if (op_sent[op])
			printf("  %-22s %8lu %8lu %8lu\n", fz_ops[op].name,
			       op_sent[op], op_ok[op], op_err[op]);
	printf("  random command numbers: %lu\n", n_randcmd);
	print_coverage();
	printf("monitor: %lu notifications, %lu overruns (ENOBUFS), seq gaps %lu, "
	       "seq out of order %lu\n", n_ntf, n_mon_overrun, ntf_seq_gap,
	       ntf_seq_back);
	for (int op = 0; op < FZ_N_OPS; op++)
		if (ntf_count[op])
			printf("  %-22s %8lu\n", fz_ops[op].name, ntf_count[op]);
	if (n_overrun_req)
		printf("request sockets: %lu ENOBUFS (replies the kernel could not "
		       "allocate or queue)\n", n_overrun_req);
	qsort(extacks, n_extacks, sizeof(extacks[0]), cmp_extack);
	printf("extack messages: %u distinct%s\n", n_extacks,
	       extack_more ? " (more not kept)" : "");
	for (unsigned int i = 0; i < n_extacks && i < 40; i++)
		printf("  %8lu  %s\n", extacks[i].count, extacks[i].msg);
	printf("reply attributes not in the spec: %lu\n", n_unknown_reply_attr);
	if (fail_pct)
		printf("fault injection: %lu datagrams with a slab failure armed, "
		       "%lu failed one\n",
		       n_fail_armed, n_fail_injected);
	printf("anomalies (malformed kernel messages): %lu\n", n_anomaly);
	printf("kernel log problem reports: %s\n", kernel_report ? "YES" :
	       kmsg_fd < 0 ? "not watched" : "none");
	if (!replaying)
		printf("seed: %" PRIu64 " (reproduce: cpo_fuzz -s %" PRIu64
		       " -n %lu)\n", seed, seed, n_datagrams);
}

/* ------------------------------------------------------------ replay */

static int replay(const char *path)
{
	static uint8_t buf[MSG_MAX];
	char *line = NULL;
	size_t cap = 0;
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	unsigned long n = 0;
	unsigned int orig_family = family_id;

	if (!f)
		die("%s: %s", path, strerror(errno));
	replaying = true;
	while (getline(&line, &cap, f) > 0) {
		char *p = line;
		uint32_t len = 0;

		/* the family id of the run that printed the datagrams */
		if (sscanf(p, "repro-family: %u", &orig_family) == 1)
			continue;
		if (!strncmp(p, "repro: ", 7))
			p += 7;
		else if (!strncmp(p, "send: ", 6))
			p += 6;
		if (*p == '#' || *p == '\n')
			continue;
		while (p[0] && p[1] && p[0] != '\n' && len < MSG_MAX) {
			unsigned int b;

			if (sscanf(p, "%2x", &b) != 1)
				break;
			buf[len++] = (uint8_t)b;
			p += 2;
		}
		n_inflight = 0;
		printf("replay %lu: %u bytes\n", n, len);
		n++;
		if (len >= NLMSG_HDRLEN) {
			/* account its messages as inflight, by seq */
			const struct nlmsghdr *nlh = (const void *)buf;
			int rem = (int)len;

			for (; mnl_nlmsg_ok(nlh, rem) && n_inflight < INFLIGHT_MAX;
			     nlh = mnl_nlmsg_next(nlh, &rem)) {
				const struct genlmsghdr *g = NLMSG_DATA(nlh);
				struct inflight *in;

				if (nlh->nlmsg_type == orig_family)
					((struct nlmsghdr *)nlh)->nlmsg_type = family_id;
				in = new_inflight(
					nlh->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN ?
					op_by_cmd[g->cmd] : -1, M_VALID);

				in->seq = nlh->nlmsg_seq;
				in->dump = (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
			}
		}
		verbose = true;
		n_messages += n_inflight;
		send_datagram(req_nl[0], buf, len);
		drain(req_nl[0], false, false);
		account();
		drain(mon_nl, true, false);
		if (kmsg_check(true))
			kernel_report = true;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	summary(0, 0);
	return kernel_report || n_anomaly || n_unknown_reply_attr ? 2 : 0;
}

/* ------------------------------------------------------------ main */

static void usage(void)
{
	fprintf(stderr,
		"usage: cpo_fuzz [-d SECONDS] [-n DATAGRAMS] [-s SEED] [-o OP]... [-v] [-K]\n"
		"       cpo_fuzz -r FILE     replay hex datagrams (lines \"repro: HEX\")\n"
		"  -d  stop after SECONDS (default 60; 0: no time bound)\n"
		"  -n  stop after DATAGRAMS (default: no count bound)\n"
		"  -s  seed (default: from the clock; printed)\n"
		"  -o  fuzz only this op (repeatable; the spec's name)\n"
		"  -v  print every datagram and its outcome\n"
		"  -K  do not watch /dev/kmsg\n"
		"  -D  dry run: build the datagrams, send nothing (tests the generator)\n"
		"  -F  PCT: arm /proc/thread-self/fail-nth (failslab) for PCT %% of the datagrams\n");
	exit(1);
}

static void init_tables(void)
{
	for (int i = 0; i < 256; i++)
		op_by_cmd[i] = -1;
	for (int op = 0; op < FZ_N_OPS; op++) {
		const struct fz_op *o = &fz_ops[op];

		op_by_cmd[o->cmd] = op;
		if (o->cmd > max_cmd)
			max_cmd = o->cmd;
		for (unsigned int i = 0; i < o->n_do_req + o->n_dump_req; i++) {
			uint16_t id = i < o->n_do_req ? o->do_req[i] :
				      o->dump_req[i - o->n_do_req];

			if (req_index(op, id) < 0 && n_req[op] < MAX_REQ)
				req_ids[op][n_req[op]++] = id;
		}
	}
}

int main(int argc, char **argv)
{
	double seconds = 60, start, end, next_progress;
	unsigned long max_datagrams = 0;
	uint64_t seed;
	const char *replay_file = NULL;
	const char *only[FZ_N_OPS];
	unsigned int n_only = 0;
	bool have_seed = false;
	int c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt(argc, argv, "d:n:s:o:r:F:vKDh")) != -1) {
		switch (c) {
		case 'd': seconds = strtod(optarg, NULL); break;
		case 'n': max_datagrams = strtoul(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); have_seed = true; break;
		case 'o':
			if (n_only < FZ_N_OPS)
				only[n_only++] = optarg;
			break;
		case 'r': replay_file = optarg; break;
		case 'F': fail_pct = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'v': verbose = true; break;
		case 'K': watch_kmsg = false; break;
		case 'D': dry_run = true; watch_kmsg = false; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (!have_seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec ^
		       (uint64_t)getpid();
		seed %= 1000000000;
	}
	rng_state = the_seed = seed;
	init_tables();
	for (int op = 0; op < FZ_N_OPS; op++)
		op_allowed[op] = !n_only;
	for (unsigned int i = 0; i < n_only; i++) {
		bool found = false;

		for (int op = 0; op < FZ_N_OPS; op++)
			if (!strcmp(fz_ops[op].name, only[i]))
				found = op_allowed[op] = true;
		if (!found)
			die("-o %s: no such op in the spec", only[i]);
	}

	req_nl[0] = open_socket(true, 4 << 20);
	req_nl[1] = open_socket(false, 4 << 20);
	mon_nl = open_socket(false, 16 << 20);
	if (dry_run) {
		family_id = 0x100;
		family_version = FZ_FAMILY_VERSION;
	} else {
		resolve_family();
		join_groups();
	}
	printf("# cpo_fuzz: family %s id %u version %u (spec %u), %d ops, "
	       "%d attribute sets, seed %" PRIu64 "\n", FZ_FAMILY_NAME, family_id,
	       family_version, FZ_FAMILY_VERSION, FZ_N_OPS, FZ_N_SETS, seed);
	if (family_version != FZ_FAMILY_VERSION)
		warn("the kernel's family version is %u, the spec's %u",
		     family_version, FZ_FAMILY_VERSION);
	kmsg_open();
	if (!dry_run)
		harvest();
	if (!dry_run)
		fail_open();
	for (int s = 0; s < FZ_N_SETS; s++)
		if (objs[s].n)
			printf("# %s: %u objects dumped\n", fz_sets[s].name,
			       objs[s].n);
	for (int p = 0; p < FZ_N_POOLS; p++)
		if (pools[p].n && (strstr(fz_pools[p], "id") ||
				   !strcmp(fz_pools[p], "index")))
			printf("# pool %s: %u values\n", fz_pools[p], pools[p].n);
	if (replay_file)
		return replay(replay_file);


	start = now();
	end = seconds > 0 ? start + seconds : 0;
	next_progress = start + PROGRESS_S;
	while ((!max_datagrams || n_datagrams < max_datagrams) &&
	       (!end || now() < end) && !kernel_report) {
		if (now() >= next_progress) {
			next_progress += PROGRESS_S;
			printf("# %.0f s: %lu datagrams, %lu messages, %lu notifications\n",
			       now() - start, n_datagrams, n_messages, n_ntf);
		}
		if (n_datagrams && n_datagrams % HARVEST_EVERY == 0 && !dry_run) {
			harvest();
			drain(mon_nl, true, false);
		}
		fuzz_one();
	}
	if (kernel_report) {
		/* the rest of the report */
		struct timespec ts = { 0, 500000000 };

		nanosleep(&ts, NULL);
		kmsg_check(true);
		print_ring();
	}
	drain(mon_nl, true, false);
	summary(now() - start, seed);
	return kernel_report || n_anomaly || n_unknown_reply_attr ? 2 : 0;
}
