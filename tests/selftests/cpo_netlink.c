// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of the cpo generic netlink family.
 *
 * An independent second client: libnl-genl-3 with its own attribute
 * policies, not the project's libcpo, so a bug shared by the kernel and the
 * project's library cannot hide itself. Every test runs against its own
 * cpo_sim device made through /sys/bus/cposim/new_device and removed in the
 * teardown; objects are found by dumping and matching dev-name, never by
 * guessing ids.
 *
 * Errors are checked down to the extack: the socket has NETLINK_EXT_ACK on
 * and the NLMSG_ERROR / NLMSG_DONE TLVs are parsed here (libnl's default
 * error handler drops them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/utsname.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include <linux/netlink.h>
#include <linux/cpo.h>

#include "kselftest_harness.h"

#define SIM_BUS		"/sys/bus/cposim"
#define SIM_DEBUGFS	"/sys/kernel/debug/cposim"
#define FIX_ENGINES	2
#define FIX_LANES	8
#define BIG_ENGINES	64
#define BIG_LANES	64
#define WAIT_MS		20000	/* poll bound; CPO_WAIT_MS overrides */
#define POLL_MS		20
#define DUMP_TRIES	5	/* dumps while they come back interrupted */
#define UNKNOWN_ID	0x7ffffff0u
#define NOBODY		65534

/* ---------------------------------------------------------------------
 * Simulator side channel
 */

static int write_file(const char *path, const char *buf)
{
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, buf, strlen(buf));
	if (n < 0)
		err = -errno;
	else if ((size_t)n != strlen(buf))
		err = -EIO;
	close(fd);
	return err;
}

static int sim_new(unsigned int id, unsigned int engines, unsigned int lanes)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%u %u %u", id, engines, lanes);
	return write_file(SIM_BUS "/new_device", buf);
}

static int sim_del(unsigned int id)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%u", id);
	return write_file(SIM_BUS "/del_device", buf);
}

static bool sim_exists(unsigned int id)
{
	char path[128];

	snprintf(path, sizeof(path), SIM_BUS "/devices/cposim%u", id);
	return access(path, F_OK) == 0;
}

/* A sim id no other test (or other run of this binary) is using. */
static unsigned int sim_unique_id(void)
{
	static unsigned int seq;
	unsigned int id;

	do {
		id = 20000 + (getpid() % 20000) * 8 + (seq++ % 8);
	} while (sim_exists(id));
	return id;
}

static int debugfs_mount(void)
{
	if (access("/sys/kernel/debug/cposim", F_OK) == 0)
		return 0;
	if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) &&
	    errno != EBUSY)
		return -errno;
	return access("/sys/kernel/debug/cposim", F_OK) ? -ENOENT : 0;
}

static int sim_rx_los(unsigned int id, unsigned int engine, unsigned int lane,
		      int on)
{
	char path[256];

	snprintf(path, sizeof(path),
		 SIM_DEBUGFS "/cposim%u/engine%u/lane%u/rx_los", id, engine,
		 lane);
	return write_file(path, on ? "1" : "0");
}

static void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * The deadline of a poll for a state starting now: CPO_WAIT_MS from the
 * environment, else WAIT_MS. A wait that succeeds ends as soon as the state
 * is reached, so the bound only matters on a loaded host (a debug kernel
 * under TCG beside another test). The harness still stops a test after its
 * timeout (30 s unless TEST_F_TIMEOUT says otherwise).
 */
static long wait_deadline(void)
{
	static long bound;

	if (!bound) {
		const char *s = getenv("CPO_WAIT_MS");
		char *end = NULL;

		bound = s ? strtol(s, &end, 10) : 0;
		if (!s || end == s || *end || bound <= 0)
			bound = WAIT_MS;
	}
	return now_ms() + bound;
}

/* ---------------------------------------------------------------------
 * Decoded objects, with this client's own policies
 */

#define HAS(obj, attr)	(!!((obj)->present & (1ull << (attr))))

struct engine {
	uint8_t cmd;
	uint64_t present;
	uint32_t id, type, lane_count, lane_rate, media_type, module_state;
	uint32_t power_mode, voltage;
	int32_t temperature;
	char dev_name[64], vendor[32], part_number[32], serial[32];
	char hw_rev[16], fw_version[16], location[64];
};

struct lane {
	uint8_t cmd;
	uint64_t present;
	uint32_t id, engine_id, index, dp_state, power;
	uint32_t tx_power, rx_power, tx_bias;
	uint8_t tx_enable, rx_los, rx_lol, tx_fault;
	uint8_t fiber_connected;
	uint32_t laser_id, ifindex, snr;
	uint64_t pre_fec_ber;
};

#define MAX_IDS		64	/* ids kept of a multi-attr list */

struct laser {
	uint8_t cmd;
	uint64_t present;
	uint32_t id, type, role, state, wavelength, output_power, bias;
	uint32_t hours, spare_id, covering_id, failover_policy;
	int32_t temperature;
	uint8_t enable;
	char dev_name[64], location[64];
	uint32_t n_lanes;
	uint32_t lanes[MAX_IDS];
};

struct topology {
	uint64_t present;
	uint32_t engine_id, laser_id, spare_id;
	uint32_t n_lanes, n_ifindex;
	uint32_t lanes[MAX_IDS], ifindex[MAX_IDS];
};

static struct nla_policy engine_policy[CPO_A_ENGINE_MAX + 1] = {
	[CPO_A_ENGINE_ID]		 = { .type = NLA_U32 },
	[CPO_A_ENGINE_DEV_NAME]		 = { .type = NLA_STRING },
	[CPO_A_ENGINE_TYPE]		 = { .type = NLA_U32 },
	[CPO_A_ENGINE_VENDOR]		 = { .type = NLA_STRING },
	[CPO_A_ENGINE_PART_NUMBER]	 = { .type = NLA_STRING },
	[CPO_A_ENGINE_SERIAL]		 = { .type = NLA_STRING },
	[CPO_A_ENGINE_HW_REV]		 = { .type = NLA_STRING },
	[CPO_A_ENGINE_FW_VERSION]	 = { .type = NLA_STRING },
	[CPO_A_ENGINE_LOCATION]		 = { .type = NLA_STRING },
	[CPO_A_ENGINE_FIELD_REPLACEABLE] = { .type = NLA_FLAG },
	[CPO_A_ENGINE_LANE_COUNT]	 = { .type = NLA_U32 },
	[CPO_A_ENGINE_LANE_RATE]	 = { .type = NLA_U32 },
	[CPO_A_ENGINE_MEDIA_TYPE]	 = { .type = NLA_U32 },
	[CPO_A_ENGINE_MODULE_STATE]	 = { .type = NLA_U32 },
	[CPO_A_ENGINE_POWER_MODE]	 = { .type = NLA_U32 },
	[CPO_A_ENGINE_TEMPERATURE]	 = { .type = NLA_S32 },
	[CPO_A_ENGINE_VOLTAGE]		 = { .type = NLA_U32 },
};

static struct nla_policy lane_policy[CPO_A_LANE_MAX + 1] = {
	[CPO_A_LANE_ID]		= { .type = NLA_U32 },
	[CPO_A_LANE_ENGINE_ID]	= { .type = NLA_U32 },
	[CPO_A_LANE_INDEX]	= { .type = NLA_U32 },
	[CPO_A_LANE_DP_STATE]	= { .type = NLA_U32 },
	[CPO_A_LANE_TX_ENABLE]	= { .type = NLA_U8 },
	[CPO_A_LANE_POWER]	= { .type = NLA_U32 },
	[CPO_A_LANE_TX_POWER]	= { .type = NLA_U32 },
	[CPO_A_LANE_RX_POWER]	= { .type = NLA_U32 },
	[CPO_A_LANE_TX_BIAS]	= { .type = NLA_U32 },
	[CPO_A_LANE_RX_LOS]	= { .type = NLA_U8 },
	[CPO_A_LANE_RX_LOL]	= { .type = NLA_U8 },
	[CPO_A_LANE_TX_FAULT]	= { .type = NLA_U8 },
	[CPO_A_LANE_RX_ENABLE]	= { .type = NLA_U8 },
	[CPO_A_LANE_PRE_FEC_BER] = { .type = NLA_U64 },
	[CPO_A_LANE_SNR]	= { .type = NLA_U32 },
	[CPO_A_LANE_FIBER_POSITION] = { .type = NLA_STRING },
	[CPO_A_LANE_FIBER_CONNECTED] = { .type = NLA_U8 },
	[CPO_A_LANE_LASER_ID]	= { .type = NLA_U32 },
	[CPO_A_LANE_IFINDEX]	= { .type = NLA_U32 },
	[CPO_A_LANE_IFNAME]	= { .type = NLA_STRING },
};

static struct nla_policy laser_policy[CPO_A_LASER_MAX + 1] = {
	[CPO_A_LASER_ID]		= { .type = NLA_U32 },
	[CPO_A_LASER_DEV_NAME]		= { .type = NLA_STRING },
	[CPO_A_LASER_TYPE]		= { .type = NLA_U32 },
	[CPO_A_LASER_LOCATION]		= { .type = NLA_STRING },
	[CPO_A_LASER_ROLE]		= { .type = NLA_U32 },
	[CPO_A_LASER_STATE]		= { .type = NLA_U32 },
	[CPO_A_LASER_ENABLE]		= { .type = NLA_U8 },
	[CPO_A_LASER_WAVELENGTH]	= { .type = NLA_U32 },
	[CPO_A_LASER_OUTPUT_POWER]	= { .type = NLA_U32 },
	[CPO_A_LASER_BIAS]		= { .type = NLA_U32 },
	[CPO_A_LASER_TEMPERATURE]	= { .type = NLA_S32 },
	[CPO_A_LASER_HOURS]		= { .type = NLA_U32 },
	[CPO_A_LASER_SPARE_ID]		= { .type = NLA_U32 },
	[CPO_A_LASER_COVERING_ID]	= { .type = NLA_U32 },
	[CPO_A_LASER_FAILOVER_POLICY]	= { .type = NLA_U32 },
	[CPO_A_LASER_FAILOVER]		= { .type = NLA_FLAG },
	[CPO_A_LASER_LANE_ID]		= { .type = NLA_U32 },
	[CPO_A_LASER_FAILBACK]		= { .type = NLA_FLAG },
};

static void copy_str(char *dst, size_t size, struct nlattr *a)
{
	snprintf(dst, size, "%.*s", nla_len(a), (char *)nla_data(a));
}

/* Return 0, or -1 when the message does not parse against the policy. */
static int engine_parse(struct nlmsghdr *nlh, struct engine *e)
{
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct nlattr *tb[CPO_A_ENGINE_MAX + 1];
	int i;

	memset(e, 0, sizeof(*e));
	if (genlmsg_parse(nlh, 0, tb, CPO_A_ENGINE_MAX, engine_policy))
		return -1;
	e->cmd = g->cmd;
	for (i = 1; i <= CPO_A_ENGINE_MAX; i++)
		if (tb[i])
			e->present |= 1ull << i;
#define U32(a, f) do { if (tb[a]) e->f = nla_get_u32(tb[a]); } while (0)
#define STR(a, f) do { if (tb[a]) copy_str(e->f, sizeof(e->f), tb[a]); } while (0)
	U32(CPO_A_ENGINE_ID, id);
	U32(CPO_A_ENGINE_TYPE, type);
	U32(CPO_A_ENGINE_LANE_COUNT, lane_count);
	U32(CPO_A_ENGINE_LANE_RATE, lane_rate);
	U32(CPO_A_ENGINE_MEDIA_TYPE, media_type);
	U32(CPO_A_ENGINE_MODULE_STATE, module_state);
	U32(CPO_A_ENGINE_POWER_MODE, power_mode);
	U32(CPO_A_ENGINE_VOLTAGE, voltage);
	if (tb[CPO_A_ENGINE_TEMPERATURE])
		e->temperature = (int32_t)nla_get_u32(tb[CPO_A_ENGINE_TEMPERATURE]);
	STR(CPO_A_ENGINE_DEV_NAME, dev_name);
	STR(CPO_A_ENGINE_VENDOR, vendor);
	STR(CPO_A_ENGINE_PART_NUMBER, part_number);
	STR(CPO_A_ENGINE_SERIAL, serial);
	STR(CPO_A_ENGINE_HW_REV, hw_rev);
	STR(CPO_A_ENGINE_FW_VERSION, fw_version);
	STR(CPO_A_ENGINE_LOCATION, location);
#undef U32
#undef STR
	return 0;
}

static int lane_parse(struct nlmsghdr *nlh, struct lane *l)
{
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct nlattr *tb[CPO_A_LANE_MAX + 1];
	int i;

	memset(l, 0, sizeof(*l));
	if (genlmsg_parse(nlh, 0, tb, CPO_A_LANE_MAX, lane_policy))
		return -1;
	l->cmd = g->cmd;
	for (i = 1; i <= CPO_A_LANE_MAX; i++)
		if (tb[i])
			l->present |= 1ull << i;
#define U32(a, f) do { if (tb[a]) l->f = nla_get_u32(tb[a]); } while (0)
#define U8(a, f) do { if (tb[a]) l->f = nla_get_u8(tb[a]); } while (0)
	U32(CPO_A_LANE_ID, id);
	U32(CPO_A_LANE_ENGINE_ID, engine_id);
	U32(CPO_A_LANE_INDEX, index);
	U32(CPO_A_LANE_DP_STATE, dp_state);
	U32(CPO_A_LANE_POWER, power);
	U32(CPO_A_LANE_TX_POWER, tx_power);
	U32(CPO_A_LANE_RX_POWER, rx_power);
	U32(CPO_A_LANE_TX_BIAS, tx_bias);
	U8(CPO_A_LANE_TX_ENABLE, tx_enable);
	U8(CPO_A_LANE_RX_LOS, rx_los);
	U8(CPO_A_LANE_RX_LOL, rx_lol);
	U8(CPO_A_LANE_TX_FAULT, tx_fault);
	U8(CPO_A_LANE_FIBER_CONNECTED, fiber_connected);
	U32(CPO_A_LANE_LASER_ID, laser_id);
	U32(CPO_A_LANE_IFINDEX, ifindex);
	U32(CPO_A_LANE_SNR, snr);
	if (tb[CPO_A_LANE_PRE_FEC_BER])
		l->pre_fec_ber = nla_get_u64(tb[CPO_A_LANE_PRE_FEC_BER]);
#undef U32
#undef U8
	return 0;
}

/*
 * Every @type attribute of the message into @ids (the first MAX_IDS), the
 * count into @n; -1 when one is not a u32.
 */
static int collect_ids(struct nlmsghdr *nlh, int type, uint32_t *ids,
		       uint32_t *n)
{
	struct nlattr *a;
	int rem;

	*n = 0;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(a) != type)
			continue;
		if (nla_len(a) != sizeof(uint32_t))
			return -1;
		if (*n < MAX_IDS)
			ids[*n] = nla_get_u32(a);
		(*n)++;
	}
	return 0;
}

static int laser_parse(struct nlmsghdr *nlh, struct laser *l)
{
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct nlattr *tb[CPO_A_LASER_MAX + 1];
	int i;

	memset(l, 0, sizeof(*l));
	if (genlmsg_parse(nlh, 0, tb, CPO_A_LASER_MAX, laser_policy))
		return -1;
	l->cmd = g->cmd;
	for (i = 1; i <= CPO_A_LASER_MAX; i++)
		if (tb[i])
			l->present |= 1ull << i;
#define U32(a, f) do { if (tb[a]) l->f = nla_get_u32(tb[a]); } while (0)
	U32(CPO_A_LASER_ID, id);
	U32(CPO_A_LASER_TYPE, type);
	U32(CPO_A_LASER_ROLE, role);
	U32(CPO_A_LASER_STATE, state);
	U32(CPO_A_LASER_WAVELENGTH, wavelength);
	U32(CPO_A_LASER_OUTPUT_POWER, output_power);
	U32(CPO_A_LASER_BIAS, bias);
	U32(CPO_A_LASER_HOURS, hours);
	U32(CPO_A_LASER_SPARE_ID, spare_id);
	U32(CPO_A_LASER_COVERING_ID, covering_id);
	U32(CPO_A_LASER_FAILOVER_POLICY, failover_policy);
#undef U32
	if (tb[CPO_A_LASER_TEMPERATURE])
		l->temperature = (int32_t)nla_get_u32(tb[CPO_A_LASER_TEMPERATURE]);
	if (tb[CPO_A_LASER_ENABLE])
		l->enable = nla_get_u8(tb[CPO_A_LASER_ENABLE]);
	if (tb[CPO_A_LASER_DEV_NAME])
		copy_str(l->dev_name, sizeof(l->dev_name), tb[CPO_A_LASER_DEV_NAME]);
	if (tb[CPO_A_LASER_LOCATION])
		copy_str(l->location, sizeof(l->location), tb[CPO_A_LASER_LOCATION]);
	return collect_ids(nlh, CPO_A_LASER_LANE_ID, l->lanes, &l->n_lanes);
}

static int topology_parse(struct nlmsghdr *nlh, struct topology *t)
{
	struct nlattr *a;
	int rem;

	memset(t, 0, sizeof(*t));
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		int type = nla_type(a);

		if (type > CPO_A_TOPOLOGY_MAX || nla_len(a) != sizeof(uint32_t))
			return -1;
		t->present |= 1ull << type;
		switch (type) {
		case CPO_A_TOPOLOGY_ENGINE_ID:
			t->engine_id = nla_get_u32(a);
			break;
		case CPO_A_TOPOLOGY_LASER_ID:
			t->laser_id = nla_get_u32(a);
			break;
		case CPO_A_TOPOLOGY_SPARE_ID:
			t->spare_id = nla_get_u32(a);
			break;
		case CPO_A_TOPOLOGY_LANE_ID:
			if (t->n_lanes < MAX_IDS)
				t->lanes[t->n_lanes] = nla_get_u32(a);
			t->n_lanes++;
			break;
		case CPO_A_TOPOLOGY_IFINDEX:
			if (t->n_ifindex < MAX_IDS)
				t->ifindex[t->n_ifindex] = nla_get_u32(a);
			t->n_ifindex++;
			break;
		}
	}
	return 0;
}

/* A growing array of decoded objects. */
struct vec {
	void *items;
	size_t n, cap, size;
	int bad;		/* messages that did not parse */
};

static void *vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->items = realloc(v->items, v->cap * v->size);
		if (!v->items)
			abort();
	}
	return (char *)v->items + v->n++ * v->size;
}

/* Free @v's items; it is empty again, ready for another dump. */
static void vec_free(struct vec *v)
{
	free(v->items);
	v->items = NULL;
	v->n = v->cap = 0;
	v->bad = 0;
}

#define VEC(type)	{ .size = sizeof(type) }
#define AT(v, type, i)	(&((type *)(v)->items)[i])

/* ---------------------------------------------------------------------
 * Requests and replies, with the extack kept
 */

struct nl_result {
	int err;		/* 0 or the kernel's negative errno */
	char msg[256];		/* NLMSGERR_ATTR_MSG, "" when none */
	bool has_offs;
	uint32_t offs;		/* NLMSGERR_ATTR_OFFS */
	bool has_miss;
	uint32_t miss_type;	/* NLMSGERR_ATTR_MISS_TYPE */
	bool intr;		/* a dump message had NLM_F_DUMP_INTR */
	bool done;
	int nmsgs;
	int (*fn)(struct nlmsghdr *nlh, void *arg);
	void *arg;
};

struct cpo_nl {
	struct nl_sock *sk;
	int family;
};

static int cpo_nl_open(struct cpo_nl *nl)
{
	int one = 1;

	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	if (genl_connect(nl->sk))
		goto err;
	nl_socket_enable_msg_peek(nl->sk);
	nl_socket_set_buffer_size(nl->sk, 1 << 20, 0);
	if (setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		       &one, sizeof(one)))
		goto err;
	nl->family = genl_ctrl_resolve(nl->sk, CPO_FAMILY_NAME);
	if (nl->family < 0)
		goto err;
	return 0;
err:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return -ENOENT;
}

static void cpo_nl_close(struct cpo_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

/* The extack TLVs of an NLMSG_ERROR or NLMSG_DONE message, from @off. */
static void extack_parse(struct nlmsghdr *nlh, size_t off,
			 struct nl_result *res)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_ALIGN(off);
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)off;
	if (len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlmsg_data(nlh) + off), len,
		      NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		copy_str(res->msg, sizeof(res->msg), tb[NLMSGERR_ATTR_MSG]);
	if (tb[NLMSGERR_ATTR_OFFS]) {
		res->has_offs = true;
		res->offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE]) {
		res->has_miss = true;
		res->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	}
}

static int cb_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nl_result *res = arg;
	size_t off = sizeof(*e);

	(void)who;
	res->err = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	extack_parse(nlh, off, res);
	res->done = true;
	return NL_STOP;
}

static int cb_ack(struct nl_msg *msg, void *arg)
{
	struct nl_result *res = arg;

	(void)msg;
	res->done = true;
	return NL_STOP;
}

static int cb_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nl_result *res = arg;

	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
		res->err = *(int *)nlmsg_data(nlh);
		extack_parse(nlh, sizeof(int), res);
	}
	res->done = true;
	return NL_STOP;
}

static int cb_intr(struct nl_msg *msg, void *arg)
{
	struct nl_result *res = arg;

	(void)msg;
	res->intr = true;
	return NL_OK;
}

static int cb_valid(struct nl_msg *msg, void *arg)
{
	struct nl_result *res = arg;

	res->nmsgs++;
	if (res->fn)
		res->fn(nlmsg_hdr(msg), res->arg);
	return NL_OK;
}

static struct nl_msg *cpo_msg(struct cpo_nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		abort();
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, CPO_FAMILY_VERSION))
		abort();
	return msg;
}

/* Offset of the first attribute of @type in @msg, from its nlmsghdr. */
static uint32_t attr_offset(struct nl_msg *msg, int type)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *a = nlmsg_find_attr(nlh, GENL_HDRLEN, type);

	return a ? (uint32_t)((char *)a - (char *)nlh) : 0;
}

/*
 * Send @msg (consumed) and read until its ACK, error or NLMSG_DONE. Every
 * reply message goes to @fn. Return the kernel's errno (0 or negative),
 * also in @res->err, or -EIO when the exchange itself broke.
 */
static int cpo_request(struct cpo_nl *nl, struct nl_msg *msg,
		       int (*fn)(struct nlmsghdr *, void *), void *arg,
		       struct nl_result *res)
{
	struct nl_cb *cb;
	int ret;

	memset(res, 0, sizeof(*res));
	res->fn = fn;
	res->arg = arg;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		abort();
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, cb_valid, res);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, cb_ack, res);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, cb_finish, res);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, cb_intr, res);
	nl_cb_err(cb, NL_CB_CUSTOM, cb_error, res);

	ret = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		nl_cb_put(cb);
		res->err = -EIO;
		return res->err;
	}
	while (!res->done) {
		ret = nl_recvmsgs(nl->sk, cb);
		if (ret < 0 && !res->done) {
			fprintf(stderr, "# nl_recvmsgs: %s\n", nl_geterror(ret));
			res->err = -EIO;
			break;
		}
	}
	nl_cb_put(cb);
	return res->err;
}

static int collect_engine(struct nlmsghdr *nlh, void *arg)
{
	struct vec *v = arg;
	struct engine e;

	if (engine_parse(nlh, &e)) {
		v->bad++;
		return 0;
	}
	*(struct engine *)vec_push(v) = e;
	return 0;
}

static int collect_lane(struct nlmsghdr *nlh, void *arg)
{
	struct vec *v = arg;
	struct lane l;

	if (lane_parse(nlh, &l)) {
		v->bad++;
		return 0;
	}
	*(struct lane *)vec_push(v) = l;
	return 0;
}

static int engine_dump(struct cpo_nl *nl, struct vec *out,
		       struct nl_result *res)
{
	return cpo_request(nl, cpo_msg(nl, CPO_CMD_ENGINE_GET, NLM_F_DUMP),
			   collect_engine, out, res);
}

static int engine_get(struct cpo_nl *nl, uint32_t id, struct engine *e,
		      struct nl_result *res)
{
	struct nl_msg *msg = cpo_msg(nl, CPO_CMD_ENGINE_GET, 0);
	struct vec v = VEC(struct engine);
	int err;

	nla_put_u32(msg, CPO_A_ENGINE_ID, id);
	err = cpo_request(nl, msg, collect_engine, &v, res);
	memset(e, 0, sizeof(*e));
	if (!err && (v.n != 1 || v.bad))
		err = res->err = -EBADMSG;
	if (!err)
		*e = *AT(&v, struct engine, 0);
	vec_free(&v);
	return err;
}

#define ALL_ENGINES	(-1)

/* Dump lanes; with @engine_id >= 0 only those of that engine. */
static int lane_dump(struct cpo_nl *nl, int64_t engine_id, struct vec *out,
		     struct nl_result *res)
{
	struct nl_msg *msg = cpo_msg(nl, CPO_CMD_LANE_GET, NLM_F_DUMP);

	if (engine_id >= 0)
		nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, (uint32_t)engine_id);
	return cpo_request(nl, msg, collect_lane, out, res);
}

static int lane_get_msg(struct cpo_nl *nl, struct nl_msg *msg, struct lane *l,
			struct nl_result *res)
{
	struct vec v = VEC(struct lane);
	int err;

	err = cpo_request(nl, msg, collect_lane, &v, res);
	memset(l, 0, sizeof(*l));
	if (!err && (v.n != 1 || v.bad))
		err = res->err = -EBADMSG;
	if (!err)
		*l = *AT(&v, struct lane, 0);
	vec_free(&v);
	return err;
}

static int lane_get(struct cpo_nl *nl, uint32_t id, struct lane *l,
		    struct nl_result *res)
{
	struct nl_msg *msg = cpo_msg(nl, CPO_CMD_LANE_GET, 0);

	nla_put_u32(msg, CPO_A_LANE_ID, id);
	return lane_get_msg(nl, msg, l, res);
}

static int lane_get_by_index(struct cpo_nl *nl, uint32_t engine_id,
			     uint32_t index, struct lane *l,
			     struct nl_result *res)
{
	struct nl_msg *msg = cpo_msg(nl, CPO_CMD_LANE_GET, 0);

	nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, engine_id);
	nla_put_u32(msg, CPO_A_LANE_INDEX, index);
	return lane_get_msg(nl, msg, l, res);
}

/* lane-set by id; @tx / @power < 0 are left out. */
static int lane_set(struct cpo_nl *nl, uint32_t id, int tx, int power,
		    struct nl_result *res)
{
	struct nl_msg *msg = cpo_msg(nl, CPO_CMD_LANE_SET, 0);

	nla_put_u32(msg, CPO_A_LANE_ID, id);
	if (tx >= 0)
		nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, tx);
	if (power >= 0)
		nla_put_u32(msg, CPO_A_LANE_POWER, power);
	return cpo_request(nl, msg, NULL, NULL, res);
}

static int engine_set(struct cpo_nl *nl, uint32_t id, int mode,
		      struct nl_result *res)
{
	struct nl_msg *msg = cpo_msg(nl, CPO_CMD_ENGINE_SET, 0);

	nla_put_u32(msg, CPO_A_ENGINE_ID, id);
	if (mode >= 0)
		nla_put_u32(msg, CPO_A_ENGINE_POWER_MODE, mode);
	return cpo_request(nl, msg, NULL, NULL, res);
}

static int collect_laser(struct nlmsghdr *nlh, void *arg)
{
	struct vec *v = arg;
	struct laser l;

	if (laser_parse(nlh, &l)) {
		v->bad++;
		return 0;
	}
	*(struct laser *)vec_push(v) = l;
	return 0;
}

static int laser_dump(struct cpo_nl *nl, struct vec *out,
		      struct nl_result *res)
{
	return cpo_request(nl, cpo_msg(nl, CPO_CMD_LASER_GET, NLM_F_DUMP),
			   collect_laser, out, res);
}

static int laser_get(struct cpo_nl *nl, uint32_t id, struct laser *l,
		     struct nl_result *res)
{
	struct nl_msg *msg = cpo_msg(nl, CPO_CMD_LASER_GET, 0);
	struct vec v = VEC(struct laser);
	int err;

	nla_put_u32(msg, CPO_A_LASER_ID, id);
	err = cpo_request(nl, msg, collect_laser, &v, res);
	memset(l, 0, sizeof(*l));
	if (!err && (v.n != 1 || v.bad))
		err = res->err = -EBADMSG;
	if (!err)
		*l = *AT(&v, struct laser, 0);
	vec_free(&v);
	return err;
}

/* A laser-set of laser @id; add the attributes to change. */
static struct nl_msg *laser_set_msg(struct cpo_nl *nl, uint32_t id)
{
	struct nl_msg *msg = cpo_msg(nl, CPO_CMD_LASER_SET, 0);

	nla_put_u32(msg, CPO_A_LASER_ID, id);
	return msg;
}

static int laser_set_enable(struct cpo_nl *nl, uint32_t id, int enable,
			    struct nl_result *res)
{
	struct nl_msg *msg = laser_set_msg(nl, id);

	nla_put_u8(msg, CPO_A_LASER_ENABLE, enable);
	return cpo_request(nl, msg, NULL, NULL, res);
}

static int collect_topology(struct nlmsghdr *nlh, void *arg)
{
	struct topology *t = arg;

	if (topology_parse(nlh, t))
		t->present = 0;
	return 0;
}

/* topology-get of @msg (consumed) into @t. */
static int topology_get_msg(struct cpo_nl *nl, struct nl_msg *msg,
			    struct topology *t, struct nl_result *res)
{
	memset(t, 0, sizeof(*t));
	cpo_request(nl, msg, collect_topology, t, res);
	if (!res->err && res->nmsgs != 1)
		res->err = -EBADMSG;
	return res->err;
}

static int topology_get(struct cpo_nl *nl, int attr, uint32_t id,
			struct topology *t, struct nl_result *res)
{
	struct nl_msg *msg = cpo_msg(nl, CPO_CMD_TOPOLOGY_GET, 0);

	nla_put_u32(msg, attr, id);
	return topology_get_msg(nl, msg, t, res);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The same ids, in any order (both lists are sorted in place). */
static bool same_ids(uint32_t *a, uint32_t na, uint32_t *b, uint32_t nb)
{
	if (na != nb || na > MAX_IDS)
		return false;
	qsort(a, na, sizeof(*a), cmp_u32);
	qsort(b, nb, sizeof(*b), cmp_u32);
	return !memcmp(a, b, na * sizeof(*a));
}

/* The position of @id among the @n @ids, -1 when it is not there. */
static int id_index(const uint32_t *ids, int n, uint32_t id)
{
	int i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return i;
	return -1;
}

static void res_log(const char *what, const struct nl_result *res)
{
	fprintf(stderr, "# %s: err %d (%s) msg \"%s\" offs %s%u miss %s%u\n",
		what, res->err, strerror(-res->err), res->msg,
		res->has_offs ? "" : "-", res->offs,
		res->has_miss ? "" : "-", res->miss_type);
}

/*
 * Whether to take a dump again. There is one registry generation for every
 * device, so a dump of several parts comes back flagged NLM_F_DUMP_INTR
 * when any object anywhere was registered or removed between two parts,
 * e.g. by a test running beside this one. Such a dump still holds every
 * object that existed throughout, but checks over the whole of it want an
 * unflagged one: dump again, up to DUMP_TRIES dumps, pausing longer each
 * time to let a neighbour's burst of changes pass. The caller then checks
 * that the last dump was not @interrupted.
 */
static bool dump_again(bool interrupted, int *tries)
{
	if (!interrupted || ++*tries >= DUMP_TRIES)
		return false;
	fprintf(stderr, "# dump %d interrupted by a change elsewhere, again\n",
		*tries);
	msleep(100u << *tries);
	return true;
}

/* ---------------------------------------------------------------------
 * Monitor group
 */

/*
 * A listener of the monitor group. It hears every device's notifications,
 * those of a test running beside this one too, so checks pick their own
 * objects out by dev-name or by ids of their own objects.
 */
struct monitor {
	struct nl_sock *sk;
	struct nl_cb *cb;
	struct vec engines;	/* engine notifications, in arrival order */
	struct vec lanes;	/* lane notifications, in arrival order */
	struct vec lasers;	/* laser notifications, in arrival order */
	struct vec order;	/* struct ntf_ref of each, in arrival order */
	int lost;		/* failed reads: notifications may be lost */
};

/* A notification in arrival order: its cmd and where its object went. */
struct ntf_ref {
	uint8_t cmd;
	const struct vec *v;	/* engines, lanes, lasers; NULL: not kept */
	size_t at;		/* its index in *v */
};

static int monitor_msg(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);
	int (*collect)(struct nlmsghdr *nlh, void *arg) = NULL;
	struct monitor *m = arg;
	struct ntf_ref *r;
	struct vec *v = NULL;

	switch (g->cmd) {
	case CPO_CMD_ENGINE_CREATE_NTF:
	case CPO_CMD_ENGINE_DELETE_NTF:
	case CPO_CMD_ENGINE_CHANGE_NTF:
		collect = collect_engine;
		v = &m->engines;
		break;
	case CPO_CMD_LANE_CREATE_NTF:
	case CPO_CMD_LANE_DELETE_NTF:
	case CPO_CMD_LANE_CHANGE_NTF:
		collect = collect_lane;
		v = &m->lanes;
		break;
	case CPO_CMD_LASER_CREATE_NTF:
	case CPO_CMD_LASER_DELETE_NTF:
	case CPO_CMD_LASER_CHANGE_NTF:
	case CPO_CMD_LASER_FAILOVER_NTF:
	case CPO_CMD_LASER_FAILBACK_NTF:
		collect = collect_laser;
		v = &m->lasers;
		break;
	default:
		break;
	}
	r = vec_push(&m->order);
	r->cmd = g->cmd;
	r->v = NULL;
	if (collect) {
		r->at = v->n;
		collect(nlh, v);
		if (v->n > r->at)	/* it parsed */
			r->v = v;
	}
	return NL_OK;
}

static int seq_any(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static int monitor_open(struct monitor *m, int family_hint)
{
	int grp, family, rcvbuf = 4 << 20;

	memset(m, 0, sizeof(*m));
	m->engines.size = sizeof(struct engine);
	m->lanes.size = sizeof(struct lane);
	m->lasers.size = sizeof(struct laser);
	m->order.size = sizeof(struct ntf_ref);
	m->sk = nl_socket_alloc();
	if (!m->sk)
		return -ENOMEM;
	if (genl_connect(m->sk))
		return -EIO;
	nl_socket_disable_seq_check(m->sk);
	nl_socket_enable_msg_peek(m->sk);
	nl_socket_set_buffer_size(m->sk, rcvbuf, 0);
	/*
	 * A neighbour test's bursts come here too: as root, get the size
	 * asked for even above net.core.rmem_max (SO_RCVBUF is capped there).
	 */
	(void)setsockopt(nl_socket_get_fd(m->sk), SOL_SOCKET, SO_RCVBUFFORCE,
			 &rcvbuf, sizeof(rcvbuf));
	family = genl_ctrl_resolve(m->sk, CPO_FAMILY_NAME);
	if (family < 0 || family != family_hint)
		return -ENOENT;
	grp = genl_ctrl_resolve_grp(m->sk, CPO_FAMILY_NAME, CPO_MCGRP_MONITOR);
	if (grp < 0)
		return -ENOENT;
	if (nl_socket_add_membership(m->sk, grp))
		return -EIO;
	if (nl_socket_set_nonblocking(m->sk))
		return -EIO;
	m->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!m->cb)
		return -ENOMEM;
	nl_cb_set(m->cb, NL_CB_VALID, NL_CB_CUSTOM, monitor_msg, m);
	/* notifications have sequence number 0 */
	nl_cb_set(m->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_any, NULL);
	return 0;
}

static void monitor_close(struct monitor *m)
{
	if (m->cb)
		nl_cb_put(m->cb);
	if (m->sk)
		nl_socket_free(m->sk);
	vec_free(&m->engines);
	vec_free(&m->lanes);
	vec_free(&m->lasers);
	vec_free(&m->order);
}

/* Read what is queued, waiting up to @ms for the first datagram. */
static void monitor_read(struct monitor *m, int ms)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(m->sk), .events = POLLIN };

	while (poll(&pfd, 1, ms) > 0) {
		int err = nl_recvmsgs(m->sk, m->cb);

		if (err < 0) {
			if (err != -NLE_AGAIN) {
				fprintf(stderr, "# monitor: %s\n", nl_geterror(err));
				m->lost++;
			}
			break;
		}
		ms = 0;
	}
}

/* Forget what @m got so far, read or still queued. */
static void monitor_clear(struct monitor *m)
{
	monitor_read(m, 0);
	vec_free(&m->engines);
	vec_free(&m->lanes);
	vec_free(&m->lasers);
	vec_free(&m->order);
	m->lost = 0;
}

/*
 * Whether an object was registered or removed, on any device, since @m was
 * opened or cleared. The kernel bumps the registry generation and sends
 * the create or delete notification under one lock, so by the time a dump
 * returns, every change that could have happened during it is queued here.
 * A failed read may have dropped one, so it counts as a change too.
 */
static bool registry_changed(struct monitor *m)
{
	size_t i;

	monitor_read(m, 0);
	if (m->lost)
		return true;
	for (i = 0; i < m->order.n; i++) {
		switch (AT(&m->order, struct ntf_ref, i)->cmd) {
		case CPO_CMD_ENGINE_CREATE_NTF:
		case CPO_CMD_ENGINE_DELETE_NTF:
		case CPO_CMD_LANE_CREATE_NTF:
		case CPO_CMD_LANE_DELETE_NTF:
		case CPO_CMD_LASER_CREATE_NTF:
		case CPO_CMD_LASER_DELETE_NTF:
			return true;
		default:
			break;
		}
	}
	return false;
}

/* What the monitor got, for the log of a failed wait. */
static void monitor_log(const struct monitor *m)
{
	size_t i;

	for (i = 0; i < m->lanes.n; i++) {
		const struct lane *l = AT(&m->lanes, struct lane, i);

		fprintf(stderr, "#   ntf %u: lane %u engine %u index %u dp-state %u tx-enable %u power %u rx-los %u\n",
			l->cmd, l->id, l->engine_id, l->index, l->dp_state,
			l->tx_enable, l->power, l->rx_los);
	}
}

typedef bool (*lane_pred)(const struct lane *l, const void *arg);

/* Wait (bounded) for a lane notification matching @pred; its position. */
static long monitor_wait_lane(struct monitor *m, size_t from, lane_pred pred,
			      const void *arg)
{
	long deadline = wait_deadline();
	size_t i = from;

	do {
		for (; i < m->lanes.n; i++)
			if (pred(AT(&m->lanes, struct lane, i), arg))
				return (long)i;
		monitor_read(m, POLL_MS);
	} while (now_ms() < deadline);
	for (; i < m->lanes.n; i++)
		if (pred(AT(&m->lanes, struct lane, i), arg))
			return (long)i;
	fprintf(stderr, "# no matching notification; the monitor got:\n");
	monitor_log(m);
	return -1;
}

/* ---------------------------------------------------------------------
 * Fixture: one simulated device of FIX_ENGINES x FIX_LANES
 */

FIXTURE(cpo_netlink) {
	struct cpo_nl nl;
	unsigned int sim_id;
	unsigned int extra[4];	/* more sim devices a test made */
	int n_extra;
	uint32_t engine[FIX_ENGINES];	/* ascending */
	char dev_name[32];
};

/*
 * Engines whose dev-name is @dev_name, ids ascending. A dump flagged
 * NLM_F_DUMP_INTR (a neighbour's device came or went) still holds every
 * engine that existed throughout it, so it is good enough here.
 */
static int find_engines(struct cpo_nl *nl, const char *dev_name,
			uint32_t *ids, int max)
{
	struct vec v = VEC(struct engine);
	struct nl_result res;
	int i, j, n = 0;

	if (engine_dump(nl, &v, &res))
		return -1;
	for (i = 0; i < (int)v.n; i++) {
		struct engine *e = AT(&v, struct engine, i);

		if (strcmp(e->dev_name, dev_name))
			continue;
		if (n < max)
			ids[n] = e->id;
		n++;
	}
	vec_free(&v);
	if (n > max)
		return n;
	for (i = 1; i < n; i++)		/* insertion sort, n is small */
		for (j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			uint32_t t = ids[j];

			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	return n;
}

FIXTURE_SETUP(cpo_netlink)
{
	int n;

	memset(self, 0, sizeof(*self));
	if (access(SIM_BUS "/new_device", W_OK))
		SKIP(return, "cpo_sim not loaded (" SIM_BUS " missing)");
	ASSERT_EQ(0, cpo_nl_open(&self->nl)) TH_LOG("genl family cpo not found");
	self->sim_id = sim_unique_id();
	snprintf(self->dev_name, sizeof(self->dev_name), "cposim%u",
		 self->sim_id);
	ASSERT_EQ(0, sim_new(self->sim_id, FIX_ENGINES, FIX_LANES));
	n = find_engines(&self->nl, self->dev_name, self->engine, FIX_ENGINES);
	ASSERT_EQ(FIX_ENGINES, n) TH_LOG("engines of %s", self->dev_name);
}

FIXTURE_TEARDOWN(cpo_netlink)
{
	int i;

	for (i = 0; i < self->n_extra; i++)
		if (sim_exists(self->extra[i]))
			EXPECT_EQ(0, sim_del(self->extra[i]));
	if (self->sim_id && sim_exists(self->sim_id))
		EXPECT_EQ(0, sim_del(self->sim_id));
	cpo_nl_close(&self->nl);
}

static unsigned int extra_device(FIXTURE_DATA(cpo_netlink) *self)
{
	unsigned int id = sim_unique_id();

	self->extra[self->n_extra++] = id;
	return id;
}

/* Lanes of the fixture's engine @e, indexed by lane index. */
static int fixture_lanes(struct cpo_nl *nl, uint32_t engine_id,
			 struct lane *lanes, int max)
{
	struct vec v = VEC(struct lane);
	struct nl_result res;
	int i, n = 0;

	if (lane_dump(nl, engine_id, &v, &res) || v.bad) {
		vec_free(&v);
		return -1;
	}
	for (i = 0; i < (int)v.n; i++) {
		struct lane *l = AT(&v, struct lane, i);

		if (l->index >= (uint32_t)max || l->engine_id != engine_id) {
			n = -1;
			break;
		}
		lanes[l->index] = *l;
		n++;
	}
	vec_free(&v);
	return n;
}

/* The state a rejected request must leave alone. */
struct snapshot {
	struct engine engine[FIX_ENGINES];
	struct lane lane[FIX_ENGINES][FIX_LANES];
};

static void snapshot_take(struct __test_metadata *_metadata,
			  FIXTURE_DATA(cpo_netlink) *self, struct snapshot *s)
{
	struct nl_result res;
	int e;

	memset(s, 0, sizeof(*s));
	for (e = 0; e < FIX_ENGINES; e++) {
		ASSERT_EQ(0, engine_get(&self->nl, self->engine[e],
					&s->engine[e], &res));
		ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, self->engine[e],
						   s->lane[e], FIX_LANES));
	}
}

/* Settable and state attributes equal (analog readings may drift). */
static void snapshot_check(struct __test_metadata *_metadata,
			   FIXTURE_DATA(cpo_netlink) *self,
			   const struct snapshot *before)
{
	struct snapshot after;
	int e, i;

	snapshot_take(_metadata, self, &after);
	for (e = 0; e < FIX_ENGINES; e++) {
		const struct engine *a = &before->engine[e], *b = &after.engine[e];

		EXPECT_EQ(a->present, b->present);
		EXPECT_EQ(a->power_mode, b->power_mode);
		EXPECT_EQ(a->module_state, b->module_state);
		EXPECT_EQ(a->lane_count, b->lane_count);
		for (i = 0; i < FIX_LANES; i++) {
			const struct lane *x = &before->lane[e][i];
			const struct lane *y = &after.lane[e][i];

			EXPECT_EQ(x->id, y->id);
			EXPECT_EQ(x->present, y->present);
			EXPECT_EQ(x->tx_enable, y->tx_enable);
			EXPECT_EQ(x->power, y->power);
			EXPECT_EQ(x->dp_state, y->dp_state);
			EXPECT_EQ(x->rx_los, y->rx_los);
			EXPECT_EQ(x->tx_fault, y->tx_fault);
		}
	}
}

/* Wait (bounded) until lane @id has the given dp-state and tx-enable/power
 * (-1: any); return the last read.
 */
static bool wait_lane_state(struct cpo_nl *nl, uint32_t id, uint32_t dp,
			    int tx, int power, struct lane *l)
{
	long deadline = wait_deadline();
	struct nl_result res;

	for (;;) {
		if (lane_get(nl, id, l, &res))
			return false;
		if (l->dp_state == dp && (tx < 0 || l->tx_enable == tx) &&
		    (power < 0 || l->power == (uint32_t)power))
			return true;
		if (now_ms() > deadline)
			return false;
		msleep(POLL_MS);
	}
}

static bool wait_engine_state(struct cpo_nl *nl, uint32_t id, uint32_t state,
			      uint32_t mode, struct engine *e)
{
	long deadline = wait_deadline();
	struct nl_result res;

	for (;;) {
		if (engine_get(nl, id, e, &res))
			return false;
		if (e->module_state == state && e->power_mode == mode)
			return true;
		if (now_ms() > deadline)
			return false;
		msleep(POLL_MS);
	}
}

static bool str_has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* ---------------------------------------------------------------------
 * Engines
 */

static const uint64_t engine_required =
	1ull << CPO_A_ENGINE_ID | 1ull << CPO_A_ENGINE_DEV_NAME |
	1ull << CPO_A_ENGINE_TYPE | 1ull << CPO_A_ENGINE_VENDOR |
	1ull << CPO_A_ENGINE_PART_NUMBER | 1ull << CPO_A_ENGINE_SERIAL |
	1ull << CPO_A_ENGINE_HW_REV | 1ull << CPO_A_ENGINE_FW_VERSION |
	1ull << CPO_A_ENGINE_LOCATION | 1ull << CPO_A_ENGINE_LANE_COUNT |
	1ull << CPO_A_ENGINE_LANE_RATE | 1ull << CPO_A_ENGINE_MEDIA_TYPE |
	1ull << CPO_A_ENGINE_MODULE_STATE | 1ull << CPO_A_ENGINE_POWER_MODE |
	1ull << CPO_A_ENGINE_TEMPERATURE | 1ull << CPO_A_ENGINE_VOLTAGE;

static bool is_major_minor(const char *s)
{
	unsigned int a, b;
	char end;

	return sscanf(s, "%u.%u%c", &a, &b, &end) == 2;
}

static void check_fresh_engine(struct __test_metadata *_metadata,
			       const struct engine *e, const char *dev_name,
			       uint32_t lanes)
{
	EXPECT_EQ(engine_required, e->present & engine_required)
		TH_LOG("engine %u: attributes present %#llx", e->id,
		       (unsigned long long)e->present);
	EXPECT_STREQ(dev_name, e->dev_name);
	EXPECT_EQ(CPO_ENGINE_TYPE_CPO, e->type);
	EXPECT_EQ(0, strncmp(e->vendor, "CPOSIM", 6))
		TH_LOG("vendor \"%s\"", e->vendor);
	EXPECT_NE(0, e->part_number[0]);
	EXPECT_NE(0, e->serial[0]);
	EXPECT_NE(0, e->location[0]);
	EXPECT_TRUE(is_major_minor(e->hw_rev)) TH_LOG("hw-rev \"%s\"", e->hw_rev);
	EXPECT_TRUE(is_major_minor(e->fw_version))
		TH_LOG("fw-version \"%s\"", e->fw_version);
	EXPECT_EQ(lanes, e->lane_count);
	EXPECT_GT(e->lane_rate, 0);
	EXPECT_GE(e->media_type, CPO_MEDIA_TYPE_SMF);
	EXPECT_LE(e->media_type, CPO_MEDIA_TYPE_MAX);
	EXPECT_EQ(CPO_MODULE_STATE_READY, e->module_state);
	EXPECT_EQ(CPO_POWER_MODE_HIGH, e->power_mode);
	EXPECT_GT(e->voltage, 0);
	/* a plausible case temperature: -40..125 C */
	EXPECT_GE(e->temperature, -40000);
	EXPECT_LE(e->temperature, 125000);
}

/*
 * Before 6.2 generic netlink gives a dump's start callback no extended
 * ack (the callback's extack pointer is NULL there), so a rejected dump
 * filter carries the errno only. Message and offset are checked where the
 * kernel can send them.
 */
static bool dump_start_has_extack(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return true;
	return major > 6 || (major == 6 && minor >= 2);
}

TEST_F(cpo_netlink, engine_dump)
{
	struct vec v = VEC(struct engine);
	struct nl_result res;
	int i, j, mine = 0, tries = 0;

	do {
		vec_free(&v);
		ASSERT_EQ(0, engine_dump(&self->nl, &v, &res))
			res_log("dump", &res);
	} while (dump_again(res.intr, &tries));
	ASSERT_EQ(0, v.bad);
	ASSERT_FALSE(res.intr) TH_LOG("interrupted %d times", DUMP_TRIES);
	for (i = 0; i < (int)v.n; i++) {
		struct engine *e = AT(&v, struct engine, i);

		EXPECT_EQ(CPO_CMD_ENGINE_GET, e->cmd);
		for (j = 0; j < i; j++)
			EXPECT_NE(e->id, AT(&v, struct engine, j)->id)
				TH_LOG("engine id %u twice in a dump", e->id);
		if (strcmp(e->dev_name, self->dev_name))
			continue;
		mine++;
		check_fresh_engine(_metadata, e, self->dev_name, FIX_LANES);
	}
	EXPECT_EQ(FIX_ENGINES, mine);
	/* the two engines of one device are told apart */
	for (i = 0; i < (int)v.n; i++) {
		struct engine *a = AT(&v, struct engine, i);

		for (j = i + 1; j < (int)v.n; j++) {
			struct engine *b = AT(&v, struct engine, j);

			if (!strcmp(a->dev_name, self->dev_name) &&
			    !strcmp(b->dev_name, self->dev_name))
				EXPECT_STRNE(a->location, b->location);
		}
	}
	vec_free(&v);
}

TEST_F(cpo_netlink, engine_do)
{
	struct vec v = VEC(struct engine);
	struct nl_result res;
	struct engine e;
	int i, k;

	ASSERT_EQ(0, engine_dump(&self->nl, &v, &res));
	for (k = 0; k < FIX_ENGINES; k++) {
		ASSERT_EQ(0, engine_get(&self->nl, self->engine[k], &e, &res))
			res_log("engine-get", &res);
		EXPECT_EQ(CPO_CMD_ENGINE_GET, e.cmd);
		EXPECT_EQ(self->engine[k], e.id);
		check_fresh_engine(_metadata, &e, self->dev_name, FIX_LANES);
		for (i = 0; i < (int)v.n; i++) {
			struct engine *d = AT(&v, struct engine, i);

			if (d->id != e.id)
				continue;
			/* do and dump come from one fill function */
			EXPECT_EQ(d->present, e.present);
			EXPECT_STREQ(d->vendor, e.vendor);
			EXPECT_STREQ(d->part_number, e.part_number);
			EXPECT_STREQ(d->serial, e.serial);
			EXPECT_STREQ(d->hw_rev, e.hw_rev);
			EXPECT_STREQ(d->fw_version, e.fw_version);
			EXPECT_STREQ(d->location, e.location);
			EXPECT_EQ(d->lane_rate, e.lane_rate);
			EXPECT_EQ(d->media_type, e.media_type);
			EXPECT_EQ(d->module_state, e.module_state);
			EXPECT_EQ(d->power_mode, e.power_mode);
		}
	}
	vec_free(&v);
}

TEST_F(cpo_netlink, engine_do_errors)
{
	struct nl_result res;
	struct nl_msg *msg;
	struct engine e;
	uint32_t offs;

	/* unknown id: ENOENT, named, pointing at the id */
	msg = cpo_msg(&self->nl, CPO_CMD_ENGINE_GET, 0);
	nla_put_u32(msg, CPO_A_ENGINE_ID, UNKNOWN_ID);
	offs = attr_offset(msg, CPO_A_ENGINE_ID);
	EXPECT_EQ(-ENOENT, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("unknown id", &res);
	EXPECT_TRUE(str_has(res.msg, "id"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	/* no id at all */
	msg = cpo_msg(&self->nl, CPO_CMD_ENGINE_GET, 0);
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("no id", &res);
	EXPECT_TRUE(str_has(res.msg, "missing attribute: id"));
	EXPECT_TRUE(res.has_miss);
	EXPECT_EQ(CPO_A_ENGINE_ID, res.miss_type);

	/* an id of the wrong width */
	msg = cpo_msg(&self->nl, CPO_CMD_ENGINE_GET, 0);
	nla_put_u64(msg, CPO_A_ENGINE_ID, self->engine[0]);
	offs = attr_offset(msg, CPO_A_ENGINE_ID);
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("u64 id", &res);
	EXPECT_TRUE(str_has(res.msg, "attribute length"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	/* the engine is still there and answers */
	EXPECT_EQ(0, engine_get(&self->nl, self->engine[0], &e, &res));
	EXPECT_EQ(self->engine[0], e.id);
}

TEST_F(cpo_netlink, engine_set_power_mode)
{
	struct lane lanes[FIX_LANES];
	struct nl_result res;
	struct engine e;
	int i;

	ASSERT_EQ(0, engine_set(&self->nl, self->engine[0], CPO_POWER_MODE_LOW,
				&res)) res_log("engine-set low", &res);
	EXPECT_TRUE(wait_engine_state(&self->nl, self->engine[0],
				      CPO_MODULE_STATE_LOW_PWR,
				      CPO_POWER_MODE_LOW, &e))
		TH_LOG("module-state %u power-mode %u", e.module_state,
		       e.power_mode);
	/* the other engine is not touched */
	ASSERT_EQ(0, engine_get(&self->nl, self->engine[1], &e, &res));
	EXPECT_EQ(CPO_POWER_MODE_HIGH, e.power_mode);
	EXPECT_EQ(CPO_MODULE_STATE_READY, e.module_state);

	ASSERT_EQ(0, engine_set(&self->nl, self->engine[0], CPO_POWER_MODE_HIGH,
				&res)) res_log("engine-set high", &res);
	EXPECT_TRUE(wait_engine_state(&self->nl, self->engine[0],
				      CPO_MODULE_STATE_READY,
				      CPO_POWER_MODE_HIGH, &e))
		TH_LOG("module-state %u power-mode %u", e.module_state,
		       e.power_mode);
	/* and its lanes come back up */
	ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, self->engine[0], lanes,
					   FIX_LANES));
	for (i = 0; i < FIX_LANES; i++) {
		struct lane l;

		EXPECT_TRUE(wait_lane_state(&self->nl, lanes[i].id,
					    CPO_DP_STATE_ACTIVATED, 1,
					    CPO_LANE_POWER_UP, &l))
			TH_LOG("lane %u dp-state %u", l.index, l.dp_state);
	}
}

TEST_F(cpo_netlink, engine_set_errors)
{
	struct snapshot snap;
	struct nl_result res;
	struct nl_msg *msg;
	uint32_t offs;

	snapshot_take(_metadata, self, &snap);

	/* power-mode out of the spec's range */
	msg = cpo_msg(&self->nl, CPO_CMD_ENGINE_SET, 0);
	nla_put_u32(msg, CPO_A_ENGINE_ID, self->engine[0]);
	nla_put_u32(msg, CPO_A_ENGINE_POWER_MODE, 3);
	offs = attr_offset(msg, CPO_A_ENGINE_POWER_MODE);
	cpo_request(&self->nl, msg, NULL, NULL, &res);
	res_log("power-mode 3", &res);
	EXPECT_TRUE(res.err == -EINVAL || res.err == -ERANGE);
	EXPECT_TRUE(str_has(res.msg, "out of range"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	msg = cpo_msg(&self->nl, CPO_CMD_ENGINE_SET, 0);
	nla_put_u32(msg, CPO_A_ENGINE_ID, self->engine[0]);
	nla_put_u32(msg, CPO_A_ENGINE_POWER_MODE, 0);
	offs = attr_offset(msg, CPO_A_ENGINE_POWER_MODE);
	cpo_request(&self->nl, msg, NULL, NULL, &res);
	res_log("power-mode 0", &res);
	EXPECT_TRUE(res.err == -EINVAL || res.err == -ERANGE);
	EXPECT_TRUE(str_has(res.msg, "out of range"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	/* missing id */
	msg = cpo_msg(&self->nl, CPO_CMD_ENGINE_SET, 0);
	nla_put_u32(msg, CPO_A_ENGINE_POWER_MODE, CPO_POWER_MODE_LOW);
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("missing id", &res);
	EXPECT_TRUE(str_has(res.msg, "missing attribute: id"));
	EXPECT_TRUE(res.has_miss);
	EXPECT_EQ(CPO_A_ENGINE_ID, res.miss_type);

	/* unknown id */
	msg = cpo_msg(&self->nl, CPO_CMD_ENGINE_SET, 0);
	nla_put_u32(msg, CPO_A_ENGINE_ID, UNKNOWN_ID);
	nla_put_u32(msg, CPO_A_ENGINE_POWER_MODE, CPO_POWER_MODE_LOW);
	offs = attr_offset(msg, CPO_A_ENGINE_ID);
	EXPECT_EQ(-ENOENT, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("unknown id", &res);
	EXPECT_TRUE(str_has(res.msg, "id"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	/* nothing to set */
	EXPECT_EQ(-EINVAL, engine_set(&self->nl, self->engine[0], -1, &res));
	res_log("nothing", &res);
	EXPECT_TRUE(str_has(res.msg, "nothing to set"));

	/* an attribute engine-set does not take (the lane count) */
	msg = cpo_msg(&self->nl, CPO_CMD_ENGINE_SET, 0);
	nla_put_u32(msg, CPO_A_ENGINE_ID, self->engine[0]);
	nla_put_u32(msg, CPO_A_ENGINE_LANE_COUNT, 4);
	offs = attr_offset(msg, CPO_A_ENGINE_LANE_COUNT);
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("lane-count", &res);
	EXPECT_TRUE(str_has(res.msg, "attribute"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	snapshot_check(_metadata, self, &snap);
}

/* ---------------------------------------------------------------------
 * Lanes
 */

static const uint64_t lane_required =
	1ull << CPO_A_LANE_ID | 1ull << CPO_A_LANE_ENGINE_ID |
	1ull << CPO_A_LANE_INDEX | 1ull << CPO_A_LANE_DP_STATE |
	1ull << CPO_A_LANE_TX_ENABLE | 1ull << CPO_A_LANE_POWER |
	1ull << CPO_A_LANE_TX_POWER | 1ull << CPO_A_LANE_RX_POWER |
	1ull << CPO_A_LANE_TX_BIAS | 1ull << CPO_A_LANE_RX_LOS |
	1ull << CPO_A_LANE_RX_LOL | 1ull << CPO_A_LANE_TX_FAULT;

static void check_fresh_lane(struct __test_metadata *_metadata,
			     const struct lane *l)
{
	EXPECT_EQ(lane_required, l->present & lane_required)
		TH_LOG("lane %u: attributes present %#llx", l->id,
		       (unsigned long long)l->present);
	EXPECT_EQ(CPO_DP_STATE_ACTIVATED, l->dp_state);
	EXPECT_EQ(1, l->tx_enable);
	EXPECT_EQ(CPO_LANE_POWER_UP, l->power);
	EXPECT_EQ(0, l->rx_los);
	EXPECT_EQ(0, l->tx_fault);
	EXPECT_GT(l->tx_power, 0);
	EXPECT_GT(l->tx_bias, 0);
}

/* Checks a lane dump holds each (engine, index) of @engines exactly once. */
static void check_lane_set(struct __test_metadata *_metadata,
			   const struct vec *v, const uint32_t *engines,
			   int n_engines, int n_lanes, bool only_these)
{
	unsigned char *seen = calloc((size_t)n_engines * n_lanes, 1);
	int i, j, mine = 0;

	ASSERT_TRUE(seen != NULL);
	for (i = 0; i < (int)v->n; i++) {
		const struct lane *l = AT(v, struct lane, i);

		EXPECT_EQ(CPO_CMD_LANE_GET, l->cmd);
		for (j = 0; j < n_engines; j++)
			if (engines[j] == l->engine_id)
				break;
		if (j == n_engines) {
			EXPECT_FALSE(only_these)
				TH_LOG("lane %u of engine %u in a filtered dump",
				       l->id, l->engine_id);
			continue;
		}
		mine++;
		EXPECT_LT(l->index, (uint32_t)n_lanes);
		if (l->index >= (uint32_t)n_lanes)
			continue;
		EXPECT_EQ(0, seen[j * n_lanes + l->index])
			TH_LOG("engine %u lane %u seen twice", l->engine_id,
			       l->index);
		seen[j * n_lanes + l->index]++;
	}
	EXPECT_EQ(n_engines * n_lanes, mine);
	free(seen);
}

/* Lane ids are unique in a dump. */
static int count_duplicate_ids(const struct vec *v)
{
	uint32_t *ids = malloc(v->n * sizeof(*ids));
	int i, dups = 0;

	for (i = 0; i < (int)v->n; i++)
		ids[i] = AT(v, struct lane, i)->id;
	/* sort and look at neighbours */
	for (i = 1; i < (int)v->n; i++) {
		uint32_t t = ids[i];
		int j = i;

		for (; j > 0 && ids[j - 1] > t; j--)
			ids[j] = ids[j - 1];
		ids[j] = t;
	}
	for (i = 1; i < (int)v->n; i++)
		dups += ids[i] == ids[i - 1];
	free(ids);
	return dups;
}

TEST_F(cpo_netlink, lane_dump_all)
{
	struct vec engines = VEC(struct engine);
	struct vec v = VEC(struct lane);
	struct nl_result res, eres;
	struct monitor mon;
	int i, j, tries = 0;
	bool changed;

	/*
	 * The lanes are checked against an engine dump taken after them, so
	 * the two must see one registry: when any object was registered or
	 * removed meanwhile (a neighbour test's device, say), both are taken
	 * again.
	 */
	ASSERT_EQ(0, monitor_open(&mon, self->nl.family));
	do {
		monitor_clear(&mon);
		vec_free(&v);
		vec_free(&engines);
		ASSERT_EQ(0, lane_dump(&self->nl, ALL_ENGINES, &v, &res))
			res_log("dump", &res);
		ASSERT_EQ(0, engine_dump(&self->nl, &engines, &eres))
			res_log("engine dump", &eres);
		changed = registry_changed(&mon);
	} while (dump_again(res.intr || eres.intr || changed, &tries));
	monitor_close(&mon);
	ASSERT_EQ(0, v.bad);
	ASSERT_FALSE(res.intr) TH_LOG("interrupted %d times", DUMP_TRIES);
	ASSERT_FALSE(changed)
		TH_LOG("objects came or went during each of %d tries",
		       DUMP_TRIES);
	check_lane_set(_metadata, &v, self->engine, FIX_ENGINES, FIX_LANES,
		       false);
	EXPECT_EQ(0, count_duplicate_ids(&v));
	for (i = 0; i < (int)v.n; i++) {
		struct lane *l = AT(&v, struct lane, i);

		if (l->engine_id == self->engine[0] ||
		    l->engine_id == self->engine[1])
			check_fresh_lane(_metadata, l);
	}
	/* every lane belongs to an engine the engine dump knows */
	for (i = 0; i < (int)v.n; i++) {
		struct lane *l = AT(&v, struct lane, i);

		for (j = 0; j < (int)engines.n; j++)
			if (AT(&engines, struct engine, j)->id == l->engine_id)
				break;
		EXPECT_LT(j, (int)engines.n)
			TH_LOG("lane %u names engine %u", l->id, l->engine_id);
	}
	vec_free(&engines);
	vec_free(&v);
}

TEST_F(cpo_netlink, lane_dump_filtered)
{
	struct vec all = VEC(struct lane);
	struct nl_result res;
	struct nl_msg *msg;
	uint32_t offs;
	int k, i, j;

	ASSERT_EQ(0, lane_dump(&self->nl, ALL_ENGINES, &all, &res));
	for (k = 0; k < FIX_ENGINES; k++) {
		struct vec v = VEC(struct lane);

		ASSERT_EQ(0, lane_dump(&self->nl, self->engine[k], &v, &res))
			res_log("filtered dump", &res);
		ASSERT_EQ(0, v.bad);
		EXPECT_EQ(FIX_LANES, (int)v.n);
		check_lane_set(_metadata, &v, &self->engine[k], 1, FIX_LANES,
			       true);
		/* the same lanes as in the full dump */
		for (i = 0; i < (int)v.n; i++) {
			struct lane *l = AT(&v, struct lane, i);

			for (j = 0; j < (int)all.n; j++)
				if (AT(&all, struct lane, j)->id == l->id)
					break;
			ASSERT_LT(j, (int)all.n);
			EXPECT_EQ(AT(&all, struct lane, j)->index, l->index);
			EXPECT_EQ(AT(&all, struct lane, j)->engine_id,
				  l->engine_id);
		}
		vec_free(&v);
	}
	vec_free(&all);

	/* a filter naming no engine */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_GET, NLM_F_DUMP);
	nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, UNKNOWN_ID);
	offs = attr_offset(msg, CPO_A_LANE_ENGINE_ID);
	EXPECT_EQ(-ENOENT, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("unknown engine filter", &res);
	if (dump_start_has_extack()) {
		EXPECT_TRUE(str_has(res.msg, "engine"));
		EXPECT_TRUE(res.has_offs);
		EXPECT_EQ(offs, res.offs);
	}

	/* a dump is filtered by engine-id only: a lane id is refused */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_GET, NLM_F_DUMP);
	nla_put_u32(msg, CPO_A_LANE_ID, 0);
	offs = attr_offset(msg, CPO_A_LANE_ID);
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("dump by lane id", &res);
	if (dump_start_has_extack()) {
		EXPECT_NE(0, res.msg[0]);
		EXPECT_TRUE(res.has_offs);
		EXPECT_EQ(offs, res.offs);
	}
}

/*
 * Dump 4096+ lanes reading datagram by datagram, to see the dump resume
 * across many of them.
 */
static int lane_dump_raw(struct cpo_nl *nl, struct vec *out, int *datagrams,
			 struct nl_result *res)
{
	struct nl_msg *msg = cpo_msg(nl, CPO_CMD_LANE_GET, NLM_F_DUMP);
	int ret;

	memset(res, 0, sizeof(*res));
	*datagrams = 0;
	ret = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (ret < 0)
		return res->err = -EIO;
	while (!res->done) {
		struct sockaddr_nl peer;
		unsigned char *buf = NULL;
		struct nlmsghdr *nlh;
		int n;

		n = nl_recv(nl->sk, &peer, &buf, NULL);
		if (n <= 0) {
			free(buf);
			return res->err = -EIO;
		}
		(*datagrams)++;
		for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, n);
		     nlh = nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				res->intr = true;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					res->err = *(int *)nlmsg_data(nlh);
				res->done = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				res->err = ((struct nlmsgerr *)nlmsg_data(nlh))->error;
				res->done = true;
				break;
			}
			res->nmsgs++;
			collect_lane(nlh, out);
		}
		free(buf);
	}
	return res->err;
}

/*
 * Engines of lane_dump_large's device: 64 x 64 lanes, half of them on a
 * kmemleak kernel (the debug kernel), where registering 4,096 lanes with
 * their sysfs nodes takes minutes under TCG; 2,048 still span many
 * datagrams.
 */
static int big_engines(void)
{
	return access("/sys/kernel/debug/kmemleak", F_OK) ? BIG_ENGINES :
							      BIG_ENGINES / 2;
}

TEST_F_TIMEOUT(cpo_netlink, lane_dump_large, 600)
{
	uint32_t big[BIG_ENGINES];
	int n_big = big_engines();
	struct vec v = VEC(struct lane);
	unsigned int id = extra_device(self);
	struct nl_result res;
	struct cpo_nl raw;
	char name[32];
	int datagrams, tries = 0;

	ASSERT_EQ(0, sim_new(id, n_big, BIG_LANES));
	snprintf(name, sizeof(name), "cposim%u", id);
	ASSERT_EQ(n_big, find_engines(&self->nl, name, big, BIG_ENGINES));

	/* on a socket of its own: libnl does not see this exchange */
	ASSERT_EQ(0, cpo_nl_open(&raw));
	do {
		vec_free(&v);
		ASSERT_EQ(0, lane_dump_raw(&raw, &v, &datagrams, &res))
			res_log("dump", &res);
	} while (dump_again(res.intr, &tries));
	cpo_nl_close(&raw);
	EXPECT_FALSE(res.intr) TH_LOG("interrupted %d times", DUMP_TRIES);
	EXPECT_EQ(0, v.bad);
	TH_LOG("%zu lanes in %d datagrams", v.n, datagrams);
	EXPECT_GT(datagrams, 8);
	check_lane_set(_metadata, &v, big, n_big, BIG_LANES, false);
	check_lane_set(_metadata, &v, self->engine, FIX_ENGINES, FIX_LANES,
		       false);
	EXPECT_EQ(0, count_duplicate_ids(&v));
	vec_free(&v);

	/* the filtered dump of the last engine: exactly its lanes */
	v = (struct vec)VEC(struct lane);
	ASSERT_EQ(0, lane_dump(&self->nl, big[n_big - 1], &v, &res));
	EXPECT_EQ(BIG_LANES, (int)v.n);
	check_lane_set(_metadata, &v, &big[n_big - 1], 1, BIG_LANES, true);
	vec_free(&v);

	/* and the same again with libnl's reader, which sees one dump */
	v = (struct vec)VEC(struct lane);
	tries = 0;
	do {
		vec_free(&v);
		ASSERT_EQ(0, lane_dump(&self->nl, ALL_ENGINES, &v, &res));
	} while (dump_again(res.intr, &tries));
	EXPECT_FALSE(res.intr) TH_LOG("interrupted %d times", DUMP_TRIES);
	check_lane_set(_metadata, &v, big, n_big, BIG_LANES, false);
	EXPECT_EQ(0, count_duplicate_ids(&v));
	vec_free(&v);

	ASSERT_EQ(0, sim_del(id));
	ASSERT_EQ(0, find_engines(&self->nl, name, big, BIG_ENGINES));
}

TEST_F(cpo_netlink, lane_do)
{
	struct lane lanes[FIX_LANES], a, b;
	struct nl_result res;
	int k, i;

	for (k = 0; k < FIX_ENGINES; k++) {
		ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, self->engine[k],
						   lanes, FIX_LANES));
		for (i = 0; i < FIX_LANES; i++) {
			ASSERT_EQ(0, lane_get(&self->nl, lanes[i].id, &a, &res))
				res_log("by id", &res);
			ASSERT_EQ(0, lane_get_by_index(&self->nl,
						       self->engine[k], i, &b,
						       &res))
				res_log("by index", &res);
			EXPECT_EQ(CPO_CMD_LANE_GET, a.cmd);
			EXPECT_EQ(lanes[i].id, a.id);
			EXPECT_EQ(a.id, b.id);
			EXPECT_EQ(self->engine[k], a.engine_id);
			EXPECT_EQ(a.engine_id, b.engine_id);
			EXPECT_EQ((uint32_t)i, a.index);
			EXPECT_EQ(a.index, b.index);
			EXPECT_EQ(a.present, b.present);
			EXPECT_EQ(a.present, lanes[i].present);
			EXPECT_EQ(a.dp_state, b.dp_state);
			EXPECT_EQ(a.tx_enable, b.tx_enable);
			EXPECT_EQ(a.power, b.power);
			check_fresh_lane(_metadata, &a);
		}
	}
}

TEST_F(cpo_netlink, lane_do_errors)
{
	struct nl_result res;
	struct nl_msg *msg;
	struct lane l;
	uint32_t offs;

	/* unknown lane id */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_GET, 0);
	nla_put_u32(msg, CPO_A_LANE_ID, UNKNOWN_ID);
	offs = attr_offset(msg, CPO_A_LANE_ID);
	EXPECT_EQ(-ENOENT, lane_get_msg(&self->nl, msg, &l, &res));
	res_log("unknown id", &res);
	EXPECT_TRUE(str_has(res.msg, "id"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	/* index past the engine's lanes */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_GET, 0);
	nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, self->engine[0]);
	nla_put_u32(msg, CPO_A_LANE_INDEX, FIX_LANES);
	offs = attr_offset(msg, CPO_A_LANE_INDEX);
	EXPECT_EQ(-ENOENT, lane_get_msg(&self->nl, msg, &l, &res));
	res_log("unknown index", &res);
	EXPECT_TRUE(str_has(res.msg, "index"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	/* unknown engine id */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_GET, 0);
	nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, UNKNOWN_ID);
	nla_put_u32(msg, CPO_A_LANE_INDEX, 0);
	offs = attr_offset(msg, CPO_A_LANE_ENGINE_ID);
	EXPECT_EQ(-ENOENT, lane_get_msg(&self->nl, msg, &l, &res));
	res_log("unknown engine", &res);
	EXPECT_TRUE(str_has(res.msg, "engine"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	/* nothing naming a lane */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_GET, 0);
	EXPECT_EQ(-EINVAL, lane_get_msg(&self->nl, msg, &l, &res));
	res_log("no id", &res);
	EXPECT_TRUE(str_has(res.msg, "missing attribute: id"));
	EXPECT_TRUE(res.has_miss);
	EXPECT_EQ(CPO_A_LANE_ID, res.miss_type);

	/* engine-id without index */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_GET, 0);
	nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, self->engine[0]);
	EXPECT_EQ(-EINVAL, lane_get_msg(&self->nl, msg, &l, &res));
	res_log("no index", &res);
	EXPECT_TRUE(str_has(res.msg, "index"));
	EXPECT_TRUE(res.has_miss);
	EXPECT_EQ(CPO_A_LANE_INDEX, res.miss_type);
}

TEST_F(cpo_netlink, lane_set_tx_enable)
{
	struct lane lanes[FIX_LANES], l;
	struct nl_result res;
	int i;

	ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, self->engine[1], lanes,
					   FIX_LANES));
	ASSERT_EQ(0, lane_set(&self->nl, lanes[2].id, 0, -1, &res))
		res_log("tx-enable 0", &res);
	EXPECT_TRUE(wait_lane_state(&self->nl, lanes[2].id,
				    CPO_DP_STATE_INITIALIZED, 0,
				    CPO_LANE_POWER_UP, &l))
		TH_LOG("dp-state %u tx-enable %u", l.dp_state, l.tx_enable);
	/* the transmitter is off: no optical power out */
	EXPECT_EQ(0, l.tx_power);

	/* only that lane changed */
	for (i = 0; i < FIX_LANES; i++) {
		if (i == 2)
			continue;
		ASSERT_EQ(0, lane_get(&self->nl, lanes[i].id, &l, &res));
		EXPECT_EQ(1, l.tx_enable);
		EXPECT_EQ(CPO_DP_STATE_ACTIVATED, l.dp_state);
	}

	/* setting what is already set is not an error */
	EXPECT_EQ(0, lane_set(&self->nl, lanes[2].id, 0, -1, &res))
		res_log("tx-enable 0 again", &res);

	ASSERT_EQ(0, lane_set(&self->nl, lanes[2].id, 1, -1, &res))
		res_log("tx-enable 1", &res);
	EXPECT_TRUE(wait_lane_state(&self->nl, lanes[2].id,
				    CPO_DP_STATE_ACTIVATED, 1,
				    CPO_LANE_POWER_UP, &l))
		TH_LOG("dp-state %u tx-enable %u", l.dp_state, l.tx_enable);
	EXPECT_GT(l.tx_power, 0);
}

TEST_F(cpo_netlink, lane_set_power)
{
	struct nl_result res;
	struct nl_msg *msg;
	struct lane l, other;

	/* address the lane by engine-id + index this time */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);
	nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, self->engine[0]);
	nla_put_u32(msg, CPO_A_LANE_INDEX, 5);
	nla_put_u32(msg, CPO_A_LANE_POWER, CPO_LANE_POWER_DOWN);
	ASSERT_EQ(0, cpo_request(&self->nl, msg, NULL, NULL, &res))
		res_log("power down", &res);
	ASSERT_EQ(0, lane_get_by_index(&self->nl, self->engine[0], 5, &l,
				       &res));
	EXPECT_TRUE(wait_lane_state(&self->nl, l.id, CPO_DP_STATE_DEACTIVATED,
				    -1, CPO_LANE_POWER_DOWN, &l))
		TH_LOG("dp-state %u power %u", l.dp_state, l.power);

	/* the same index on the other engine is not touched */
	ASSERT_EQ(0, lane_get_by_index(&self->nl, self->engine[1], 5, &other,
				       &res));
	EXPECT_EQ(CPO_DP_STATE_ACTIVATED, other.dp_state);
	EXPECT_EQ(CPO_LANE_POWER_UP, other.power);

	ASSERT_EQ(0, lane_set(&self->nl, l.id, -1, CPO_LANE_POWER_UP, &res))
		res_log("power up", &res);
	EXPECT_TRUE(wait_lane_state(&self->nl, l.id, CPO_DP_STATE_ACTIVATED, 1,
				    CPO_LANE_POWER_UP, &l))
		TH_LOG("dp-state %u power %u", l.dp_state, l.power);

	/* both in one request: the lane ends up down */
	ASSERT_EQ(0, lane_set(&self->nl, l.id, 0, CPO_LANE_POWER_DOWN, &res))
		res_log("tx 0 + power down", &res);
	EXPECT_TRUE(wait_lane_state(&self->nl, l.id, CPO_DP_STATE_DEACTIVATED,
				    0, CPO_LANE_POWER_DOWN, &l))
		TH_LOG("dp-state %u tx %u power %u", l.dp_state, l.tx_enable,
		       l.power);
	ASSERT_EQ(0, lane_set(&self->nl, l.id, 1, CPO_LANE_POWER_UP, &res))
		res_log("tx 1 + power up", &res);
	EXPECT_TRUE(wait_lane_state(&self->nl, l.id, CPO_DP_STATE_ACTIVATED, 1,
				    CPO_LANE_POWER_UP, &l))
		TH_LOG("dp-state %u tx %u power %u", l.dp_state, l.tx_enable,
		       l.power);
}

/*
 * One rejected lane-set: the errno (or either of two), the extack message
 * containing @text, and ATTR_OFFS at @bad_attr when it is not 0.
 */
static void expect_rejected(struct __test_metadata *_metadata,
			    FIXTURE_DATA(cpo_netlink) *self,
			    struct nl_msg *msg, int bad_attr, int err1,
			    int err2, const char *text, const char *what)
{
	uint32_t offs = bad_attr ? attr_offset(msg, bad_attr) : 0;
	struct nl_result res;

	cpo_request(&self->nl, msg, NULL, NULL, &res);
	res_log(what, &res);
	EXPECT_TRUE(res.err == -err1 || res.err == -err2)
		TH_LOG("%s: errno %d", what, -res.err);
	EXPECT_NE(0, res.msg[0]) TH_LOG("%s: no extack message", what);
	if (text)
		EXPECT_TRUE(str_has(res.msg, text))
			TH_LOG("%s: \"%s\" lacks \"%s\"", what, res.msg, text);
	if (bad_attr) {
		EXPECT_TRUE(res.has_offs) TH_LOG("%s: no ATTR_OFFS", what);
		EXPECT_EQ(offs, res.offs);
	}
}

static struct nl_msg *lane_set_msg(FIXTURE_DATA(cpo_netlink) *self,
				   uint32_t id)
{
	struct nl_msg *msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);

	nla_put_u32(msg, CPO_A_LANE_ID, id);
	return msg;
}

TEST_F(cpo_netlink, lane_set_bad_values)
{
	struct lane lanes[FIX_LANES];
	struct snapshot snap;
	struct monitor mon;
	struct nl_msg *msg;
	uint32_t id;
	size_t i;

	ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, self->engine[0], lanes,
					   FIX_LANES));
	id = lanes[1].id;
	ASSERT_EQ(0, monitor_open(&mon, self->nl.family));
	snapshot_take(_metadata, self, &snap);

	msg = lane_set_msg(self, id);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 2);
	expect_rejected(_metadata, self, msg, CPO_A_LANE_TX_ENABLE, EINVAL,
			ERANGE, "out of range", "tx-enable 2");

	msg = lane_set_msg(self, id);
	nla_put_u32(msg, CPO_A_LANE_POWER, 9);
	expect_rejected(_metadata, self, msg, CPO_A_LANE_POWER, EINVAL, ERANGE,
			"out of range", "power 9");

	msg = lane_set_msg(self, id);
	nla_put_u32(msg, CPO_A_LANE_POWER, 0);
	expect_rejected(_metadata, self, msg, CPO_A_LANE_POWER, EINVAL, ERANGE,
			"out of range", "power 0");

	/* a good value beside a bad one changes nothing either */
	msg = lane_set_msg(self, id);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	nla_put_u32(msg, CPO_A_LANE_POWER, 7);
	expect_rejected(_metadata, self, msg, CPO_A_LANE_POWER, EINVAL, ERANGE,
			"out of range", "tx-enable 0 + power 7");

	/* wrong lengths: tx-enable as u32, id as u64 */
	msg = lane_set_msg(self, id);
	nla_put_u32(msg, CPO_A_LANE_TX_ENABLE, 0);
	expect_rejected(_metadata, self, msg, CPO_A_LANE_TX_ENABLE, EINVAL,
			EINVAL, "attribute length", "tx-enable as u32");

	msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);
	nla_put_u64(msg, CPO_A_LANE_ID, id);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	expect_rejected(_metadata, self, msg, CPO_A_LANE_ID, EINVAL, EINVAL,
			"attribute length", "id as u64");

	/* attribute types the request does not know */
	msg = lane_set_msg(self, id);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	nla_put_u32(msg, 200, 1);
	expect_rejected(_metadata, self, msg, 200, EINVAL, EINVAL,
			"Unknown attribute type", "attribute type 200");

	msg = lane_set_msg(self, id);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	nla_put_u32(msg, CPO_A_LANE_MAX + 1, 1);
	expect_rejected(_metadata, self, msg, CPO_A_LANE_MAX + 1, EINVAL,
			EINVAL, "Unknown attribute type", "attribute type max + 1");

	/* a reply-only attribute is not settable */
	msg = lane_set_msg(self, id);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	nla_put_u32(msg, CPO_A_LANE_DP_STATE, CPO_DP_STATE_DEACTIVATED);
	expect_rejected(_metadata, self, msg, CPO_A_LANE_DP_STATE, EINVAL,
			EINVAL, "attribute", "dp-state");

	/*
	 * Nothing kernel-side may have changed, nor been announced about this
	 * fixture's lanes (the monitor hears other devices' lanes too).
	 */
	snapshot_check(_metadata, self, &snap);
	monitor_read(&mon, 0);
	for (i = 0; i < mon.lanes.n; i++) {
		const struct lane *n = AT(&mon.lanes, struct lane, i);

		if (id_index(self->engine, FIX_ENGINES, n->engine_id) < 0)
			continue;
		EXPECT_NE(CPO_CMD_LANE_CHANGE_NTF, n->cmd)
			TH_LOG("change-ntf for lane %u after a rejected set",
			       n->id);
	}
	monitor_close(&mon);
}

/* lane-set of the lanes of @mask (@len bytes) of @engine, tx off. */
static struct nl_msg *lane_mask_msg(FIXTURE_DATA(cpo_netlink) *self,
				    uint32_t engine, const void *mask,
				    int len)
{
	struct nl_msg *msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);

	nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, engine);
	nla_put(msg, CPO_A_LANE_INDEX_MASK, len, mask);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	return msg;
}

TEST_F(cpo_netlink, lane_set_mask_bad)
{
	static const uint8_t none[4], toolong[33] = { 0x01 };
	uint8_t beyond[32] = { 0 }, one = 0x01;
	struct snapshot snap;
	struct nl_msg *msg;

	snapshot_take(_metadata, self, &snap);

	expect_rejected(_metadata, self,
			lane_mask_msg(self, self->engine[0], none, 4),
			CPO_A_LANE_INDEX_MASK, EINVAL, EINVAL,
			"index-mask names no lane", "mask of zeros");
	expect_rejected(_metadata, self,
			lane_mask_msg(self, self->engine[0], none, 0),
			CPO_A_LANE_INDEX_MASK, EINVAL, EINVAL,
			"index-mask names no lane", "empty mask");

	/* every lane of the engine, and the one after the last */
	memset(beyond, 0xff, FIX_LANES / 8);
	beyond[FIX_LANES / 8] = 1 << (FIX_LANES % 8);
	expect_rejected(_metadata, self,
			lane_mask_msg(self, self->engine[0], beyond,
				      sizeof(beyond)),
			CPO_A_LANE_INDEX_MASK, ENOENT, ENOENT,
			"beyond the engine's lane-count", "lane beyond");
	memset(beyond, 0, sizeof(beyond));
	beyond[31] = 0x80;
	expect_rejected(_metadata, self,
			lane_mask_msg(self, self->engine[0], beyond,
				      sizeof(beyond)),
			CPO_A_LANE_INDEX_MASK, ENOENT, ENOENT,
			"beyond the engine's lane-count", "lane 255");
	expect_rejected(_metadata, self,
			lane_mask_msg(self, self->engine[0], toolong,
				      sizeof(toolong)),
			CPO_A_LANE_INDEX_MASK, EINVAL, ERANGE, NULL,
			"mask of 33 bytes");

	msg = lane_mask_msg(self, self->engine[0], &one, 1);
	nla_put_u32(msg, CPO_A_LANE_INDEX, 0);
	expect_rejected(_metadata, self, msg, CPO_A_LANE_INDEX_MASK, EINVAL,
			EINVAL, "give index-mask or id/index, not both",
			"mask and index");

	msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);
	nla_put(msg, CPO_A_LANE_INDEX_MASK, 1, &one);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	expect_rejected(_metadata, self, msg, 0, EINVAL, EINVAL,
			"missing attribute: engine-id", "mask without engine");

	expect_rejected(_metadata, self,
			lane_mask_msg(self, UNKNOWN_ID, &one, 1),
			CPO_A_LANE_ENGINE_ID, ENOENT, ENOENT,
			"unknown engine id", "mask of an unknown engine");

	/* a dry run needs something to set too */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);
	nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, self->engine[0]);
	nla_put(msg, CPO_A_LANE_INDEX_MASK, 1, &one);
	nla_put_flag(msg, CPO_A_LANE_DRY_RUN);
	expect_rejected(_metadata, self, msg, 0, EINVAL, EINVAL,
			"nothing to set", "dry-run, nothing to set");

	snapshot_check(_metadata, self, &snap);
}

TEST_F(cpo_netlink, lane_set_bad_target)
{
	struct lane lanes[FIX_LANES];
	struct snapshot snap;
	struct nl_msg *msg;

	ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, self->engine[0], lanes,
					   FIX_LANES));
	snapshot_take(_metadata, self, &snap);

	/* no id at all */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	expect_rejected(_metadata, self, msg, 0, EINVAL, EINVAL,
			"missing attribute: id", "missing id");

	/* engine-id without index */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);
	nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, self->engine[0]);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	expect_rejected(_metadata, self, msg, 0, EINVAL, EINVAL, "index",
			"missing index");

	/* index without engine-id */
	msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);
	nla_put_u32(msg, CPO_A_LANE_INDEX, 0);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	expect_rejected(_metadata, self, msg, 0, EINVAL, EINVAL, "engine-id",
			"missing engine-id");

	/* unknown ids */
	msg = lane_set_msg(self, UNKNOWN_ID);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	expect_rejected(_metadata, self, msg, CPO_A_LANE_ID, ENOENT, ENOENT,
			"id", "unknown id");

	msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);
	nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, self->engine[0]);
	nla_put_u32(msg, CPO_A_LANE_INDEX, FIX_LANES);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	expect_rejected(_metadata, self, msg, CPO_A_LANE_INDEX, ENOENT, ENOENT,
			"index", "unknown index");

	/* nothing to set */
	msg = lane_set_msg(self, lanes[0].id);
	expect_rejected(_metadata, self, msg, 0, EINVAL, EINVAL,
			"nothing to set", "nothing to set");

	snapshot_check(_metadata, self, &snap);
}

/* Missing-attribute extack: the type is reported where the kernel can. */
/*
 * stats-clear names its objects as thresholds and alarms do: engine-id,
 * lane-id or both, agreeing. Each bad pair is refused with its errno, an
 * extack message and the attribute's offset, and clears nothing (the
 * shell test stats.sh checks the counters stay).
 */
TEST_F(cpo_netlink, stats_clear_errors)
{
	struct lane lanes[FIX_LANES];
	struct nl_msg *msg;

	ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, self->engine[0], lanes,
					   FIX_LANES));

	msg = cpo_msg(&self->nl, CPO_CMD_STATS_CLEAR, 0);
	expect_rejected(_metadata, self, msg, 0, EINVAL, EINVAL,
			"missing attribute: engine-id or lane-id", "no ids");

	msg = cpo_msg(&self->nl, CPO_CMD_STATS_CLEAR, 0);
	nla_put_u32(msg, CPO_A_DIAG_ENGINE_ID, UNKNOWN_ID);
	expect_rejected(_metadata, self, msg, CPO_A_DIAG_ENGINE_ID, ENOENT,
			ENOENT, "unknown engine id", "unknown engine-id");

	msg = cpo_msg(&self->nl, CPO_CMD_STATS_CLEAR, 0);
	nla_put_u32(msg, CPO_A_DIAG_LANE_ID, UNKNOWN_ID);
	expect_rejected(_metadata, self, msg, CPO_A_DIAG_LANE_ID, ENOENT,
			ENOENT, "unknown lane id", "unknown lane-id");

	/* a lane of engine 0 named with engine 1 */
	msg = cpo_msg(&self->nl, CPO_CMD_STATS_CLEAR, 0);
	nla_put_u32(msg, CPO_A_DIAG_ENGINE_ID, self->engine[1]);
	nla_put_u32(msg, CPO_A_DIAG_LANE_ID, lanes[0].id);
	expect_rejected(_metadata, self, msg, CPO_A_DIAG_ENGINE_ID, EINVAL,
			EINVAL, "the lane is not on this engine",
			"lane of another engine");
}

TEST_F(cpo_netlink, missing_attr_type)
{
	struct nl_result res;
	struct nl_msg *msg;

	msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, msg, NULL, NULL, &res));
	EXPECT_TRUE(res.has_miss);
	EXPECT_EQ(CPO_A_LANE_ID, res.miss_type);

	msg = cpo_msg(&self->nl, CPO_CMD_LANE_SET, 0);
	nla_put_u32(msg, CPO_A_LANE_ENGINE_ID, self->engine[0]);
	nla_put_u8(msg, CPO_A_LANE_TX_ENABLE, 0);
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, msg, NULL, NULL, &res));
	EXPECT_TRUE(res.has_miss);
	EXPECT_EQ(CPO_A_LANE_INDEX, res.miss_type);

	msg = cpo_msg(&self->nl, CPO_CMD_ENGINE_SET, 0);
	nla_put_u32(msg, CPO_A_ENGINE_POWER_MODE, CPO_POWER_MODE_HIGH);
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, msg, NULL, NULL, &res));
	EXPECT_TRUE(res.has_miss);
	EXPECT_EQ(CPO_A_ENGINE_ID, res.miss_type);
}

/* ---------------------------------------------------------------------
 * Permissions
 */

struct unpriv_result {
	int setup;		/* 0 when the child dropped its privileges */
	uint64_t cap_eff;
	int engine_set, lane_set;	/* errnos */
	char engine_set_msg[256];
	int engine_dump, lane_dump;
	int engines_seen, lanes_seen;
	int engine_get;
	uint32_t engine_get_id;
};

static uint64_t cap_eff(void)
{
	char line[256];
	uint64_t v = ~0ull;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return v;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", (unsigned long long *)&v) == 1)
			break;
	fclose(f);
	return v;
}

static void unpriv_child(FIXTURE_DATA(cpo_netlink) *self, uint32_t lane_id,
			 struct unpriv_result *r)
{
	struct vec engines = VEC(struct engine), lanes = VEC(struct lane);
	struct nl_result res;
	struct cpo_nl nl;
	struct engine e;
	int i;

	r->setup = -1;
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return;
	r->cap_eff = cap_eff();
	if (cpo_nl_open(&nl))
		return;
	r->setup = 0;

	r->engine_set = engine_set(&nl, self->engine[0], CPO_POWER_MODE_LOW,
				   &res);
	snprintf(r->engine_set_msg, sizeof(r->engine_set_msg), "%s", res.msg);
	r->lane_set = lane_set(&nl, lane_id, 0, -1, &res);

	r->engine_dump = engine_dump(&nl, &engines, &res);
	for (i = 0; i < (int)engines.n; i++)
		r->engines_seen += !strcmp(AT(&engines, struct engine, i)->dev_name,
					   self->dev_name);
	r->lane_dump = lane_dump(&nl, self->engine[0], &lanes, &res);
	r->lanes_seen = (int)lanes.n;
	r->engine_get = engine_get(&nl, self->engine[1], &e, &res);
	r->engine_get_id = e.id;
	vec_free(&engines);
	vec_free(&lanes);
	cpo_nl_close(&nl);
}

TEST_F(cpo_netlink, unprivileged)
{
	struct unpriv_result r = { 0 };
	struct lane lanes[FIX_LANES];
	struct snapshot snap;
	int pfd[2], status;
	pid_t pid;

	ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, self->engine[0], lanes,
					   FIX_LANES));
	snapshot_take(_metadata, self, &snap);
	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		close(pfd[0]);
		unpriv_child(self, lanes[0].id, &r);
		if (write(pfd[1], &r, sizeof(r)) != sizeof(r))
			_exit(2);
		_exit(0);
	}
	close(pfd[1]);
	ASSERT_EQ((ssize_t)sizeof(r), read(pfd[0], &r, sizeof(r)));
	close(pfd[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, r.setup) TH_LOG("child could not drop privileges");
	EXPECT_EQ(0, r.cap_eff);

	EXPECT_EQ(-EPERM, r.engine_set);
	EXPECT_EQ(-EPERM, r.lane_set);
	EXPECT_EQ(0, r.engine_dump);
	EXPECT_EQ(FIX_ENGINES, r.engines_seen);
	EXPECT_EQ(0, r.lane_dump);
	EXPECT_EQ(FIX_LANES, r.lanes_seen);
	EXPECT_EQ(0, r.engine_get);
	EXPECT_EQ(self->engine[1], r.engine_get_id);

	snapshot_check(_metadata, self, &snap);
}

/* ---------------------------------------------------------------------
 * Notifications
 */

struct lane_match {
	uint8_t cmd;
	int64_t id;		/* -1: any */
	int index;		/* -1: any */
	int tx_enable, rx_los;	/* -1: any */
	uint32_t dp_state;	/* 0: any */
	const uint32_t *engines;
	int n_engines;
};

static bool lane_matches(const struct lane *l, const void *arg)
{
	const struct lane_match *m = arg;
	int i;

	if (l->cmd != m->cmd || (m->id >= 0 && l->id != m->id) ||
	    (m->index >= 0 && l->index != (uint32_t)m->index) ||
	    (m->tx_enable >= 0 && l->tx_enable != m->tx_enable) ||
	    (m->rx_los >= 0 && l->rx_los != m->rx_los) ||
	    (m->dp_state && l->dp_state != m->dp_state))
		return false;
	if (!m->engines)
		return true;
	for (i = 0; i < m->n_engines; i++)
		if (m->engines[i] == l->engine_id)
			return true;
	return false;
}

TEST_F(cpo_netlink, ntf_lane_change)
{
	struct lane lanes[FIX_LANES], now;
	struct nl_result res;
	struct monitor mon;
	struct lane_match m = {
		.cmd = CPO_CMD_LANE_CHANGE_NTF, .id = -1, .index = -1,
		.rx_los = -1,
	};
	const struct lane *n;
	long at, at2;

	ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, self->engine[1], lanes,
					   FIX_LANES));
	ASSERT_EQ(0, monitor_open(&mon, self->nl.family));

	ASSERT_EQ(0, lane_set(&self->nl, lanes[6].id, 0, -1, &res))
		res_log("tx-enable 0", &res);
	m.id = lanes[6].id;
	m.tx_enable = 0;
	at = monitor_wait_lane(&mon, 0, lane_matches, &m);
	ASSERT_GE(at, 0) TH_LOG("no lane-change-ntf with tx-enable 0");
	n = AT(&mon.lanes, struct lane, at);
	/* the payload is the get reply */
	EXPECT_EQ(lane_required, n->present & lane_required);
	EXPECT_EQ(self->engine[1], n->engine_id);
	EXPECT_EQ(6, n->index);
	EXPECT_EQ(CPO_LANE_POWER_UP, n->power);

	/* the data path steps are announced, down to initialized */
	m.dp_state = CPO_DP_STATE_INITIALIZED;
	at2 = monitor_wait_lane(&mon, at, lane_matches, &m);
	EXPECT_GE(at2, 0) TH_LOG("no lane-change-ntf with dp-state initialized");
	ASSERT_EQ(0, lane_get(&self->nl, lanes[6].id, &now, &res));
	EXPECT_EQ(0, now.tx_enable);
	EXPECT_EQ(CPO_DP_STATE_INITIALIZED, now.dp_state);

	ASSERT_EQ(0, lane_set(&self->nl, lanes[6].id, 1, -1, &res));
	m.tx_enable = 1;
	m.dp_state = CPO_DP_STATE_ACTIVATED;
	at = monitor_wait_lane(&mon, at2 < 0 ? 0 : at2, lane_matches, &m);
	EXPECT_GE(at, 0) TH_LOG("no lane-change-ntf back to activated");

	/* nothing about lanes that were not touched */
	for (at = 0; at < (long)mon.lanes.n; at++) {
		n = AT(&mon.lanes, struct lane, at);
		if (n->engine_id == self->engine[0] ||
		    n->engine_id == self->engine[1])
			EXPECT_EQ(lanes[6].id, n->id);
	}
	monitor_close(&mon);
}

TEST_F(cpo_netlink, ntf_rx_los)
{
	struct lane_match m = {
		.cmd = CPO_CMD_LANE_CHANGE_NTF, .id = -1, .index = 3,
		.tx_enable = -1,
		.rx_los = 1, .engines = self->engine, .n_engines = FIX_ENGINES,
	};
	struct lane_match clear;
	struct nl_result res;
	struct monitor mon;
	struct lane l;
	const struct lane *n;
	long at;
	int i;

	if (debugfs_mount())
		SKIP(return, "no debugfs knobs at " SIM_DEBUGFS);
	ASSERT_EQ(0, monitor_open(&mon, self->nl.family));

	/* driver numbering: engine 0 is the first one the sim registered */
	ASSERT_EQ(0, sim_rx_los(self->sim_id, 0, 3, 1));
	at = monitor_wait_lane(&mon, 0, lane_matches, &m);
	ASSERT_GE(at, 0) TH_LOG("no lane-change-ntf with rx-los 1");
	n = AT(&mon.lanes, struct lane, at);
	l = *n;
	EXPECT_EQ(self->engine[0], n->engine_id)
		TH_LOG("sim engine0 is not the first engine registered");
	EXPECT_EQ(lane_required, n->present & lane_required);

	/* the lane reads rx-los 1, its neighbours do not */
	ASSERT_EQ(0, lane_get(&self->nl, l.id, &l, &res));
	EXPECT_EQ(1, l.rx_los);
	for (i = 0; i < FIX_LANES; i++) {
		struct lane o;

		if (i == 3)
			continue;
		ASSERT_EQ(0, lane_get_by_index(&self->nl, l.engine_id, i, &o,
					       &res));
		EXPECT_EQ(0, o.rx_los);
	}

	ASSERT_EQ(0, sim_rx_los(self->sim_id, 0, 3, 0));
	clear = m;
	clear.id = l.id;
	clear.rx_los = 0;
	EXPECT_GE(monitor_wait_lane(&mon, (size_t)at, lane_matches, &clear), 0)
		TH_LOG("no lane-change-ntf with rx-los 0");
	ASSERT_EQ(0, lane_get(&self->nl, l.id, &l, &res));
	EXPECT_EQ(0, l.rx_los);
	monitor_close(&mon);
}

/*
 * Engine notifications @cmd of device @name: their count, the first @max
 * ids in @ids.
 */
static int engine_ntfs_of(const struct monitor *m, uint8_t cmd,
			  const char *name, uint32_t *ids, int max)
{
	size_t i;
	int n = 0;

	for (i = 0; i < m->engines.n; i++) {
		const struct engine *e = AT(&m->engines, struct engine, i);

		if (e->cmd != cmd || strcmp(e->dev_name, name))
			continue;
		if (n < max)
			ids[n] = e->id;
		n++;
	}
	return n;
}

/*
 * Lane notifications @cmd naming one of the @n_engines @engines and, with
 * @lanes, being one of those @n_lanes lanes: their count, the first @max
 * ids in @ids.
 */
static int lane_ntfs_of(const struct monitor *m, uint8_t cmd,
			const uint32_t *engines, int n_engines,
			const uint32_t *lanes, int n_lanes, uint32_t *ids,
			int max)
{
	size_t i;
	int n = 0;

	for (i = 0; i < m->lanes.n; i++) {
		const struct lane *l = AT(&m->lanes, struct lane, i);

		if (l->cmd != cmd ||
		    id_index(engines, n_engines, l->engine_id) < 0 ||
		    (lanes && id_index(lanes, n_lanes, l->id) < 0))
			continue;
		if (n < max)
			ids[n] = l->id;
		n++;
	}
	return n;
}

/*
 * In the arrival order of @m's notifications, the engine-create-ntf of
 * each of the @n @engines of device @name comes before the lane-create-ntf
 * of any of its lanes.
 */
static void check_engine_first(struct __test_metadata *_metadata,
			       const struct monitor *m, const char *name,
			       const uint32_t *engines, int n)
{
	bool announced[2] = { false, false };
	const struct engine *e;
	const struct lane *l;
	size_t i;
	int k;

	ASSERT_LE(n, 2);
	for (i = 0; i < m->order.n; i++) {
		const struct ntf_ref *r = AT(&m->order, struct ntf_ref, i);

		if (!r->v)
			continue;
		switch (r->cmd) {
		case CPO_CMD_ENGINE_CREATE_NTF:
			e = AT(r->v, struct engine, r->at);
			k = id_index(engines, n, e->id);
			if (k >= 0 && !strcmp(e->dev_name, name))
				announced[k] = true;
			break;
		case CPO_CMD_LANE_CREATE_NTF:
			l = AT(r->v, struct lane, r->at);
			k = id_index(engines, n, l->engine_id);
			if (k < 0)
				break;
			EXPECT_TRUE(announced[k])
				TH_LOG("lane %u announced before its engine %u",
				       l->id, l->engine_id);
			break;
		default:
			break;
		}
	}
}

/*
 * The monitor hears every device: only this test's device counts, its
 * engines by dev-name, its lanes by those engines' ids (and, once deleted,
 * by their own ids too, as a neighbour may get the ids again at once).
 */
TEST_F(cpo_netlink, ntf_create_delete)
{
	unsigned int id = extra_device(self);
	uint32_t engines[2] = { 0, 0 };
	int created = 0, deleted = 0, n_engines = 0;
	int lanes_created = 0, lanes_deleted = 0;
	uint32_t created_lane_ids[6];
	struct monitor mon;
	char name[32];
	long deadline;
	size_t i;

	snprintf(name, sizeof(name), "cposim%u", id);
	ASSERT_EQ(0, monitor_open(&mon, self->nl.family));

	ASSERT_EQ(0, sim_new(id, 2, 3));
	/* bounded wait for two engines and six lanes */
	for (deadline = wait_deadline(); now_ms() < deadline;) {
		monitor_read(&mon, POLL_MS);
		created = engine_ntfs_of(&mon, CPO_CMD_ENGINE_CREATE_NTF, name,
					 engines, 2);
		n_engines = created < 2 ? created : 2;
		lanes_created = lane_ntfs_of(&mon, CPO_CMD_LANE_CREATE_NTF,
					     engines, n_engines, NULL, 0,
					     created_lane_ids, 6);
		if (created >= 2 && lanes_created >= 6)
			break;
	}
	monitor_read(&mon, POLL_MS);
	/* every notification parses, a neighbour's too: one kernel fills all */
	ASSERT_EQ(0, mon.engines.bad);
	ASSERT_EQ(0, mon.lanes.bad);
	created = engine_ntfs_of(&mon, CPO_CMD_ENGINE_CREATE_NTF, name,
				 engines, 2);
	n_engines = created < 2 ? created : 2;
	for (i = 0; i < mon.engines.n; i++) {
		const struct engine *e = AT(&mon.engines, struct engine, i);

		if (e->cmd != CPO_CMD_ENGINE_CREATE_NTF ||
		    strcmp(e->dev_name, name))
			continue;
		EXPECT_EQ(engine_required, e->present & engine_required);
		EXPECT_EQ(3, e->lane_count);
	}
	EXPECT_EQ(2, created);
	lanes_created = lane_ntfs_of(&mon, CPO_CMD_LANE_CREATE_NTF, engines,
				     n_engines, NULL, 0, created_lane_ids, 6);
	for (i = 0; i < mon.lanes.n; i++) {
		const struct lane *l = AT(&mon.lanes, struct lane, i);

		if (l->cmd != CPO_CMD_LANE_CREATE_NTF ||
		    id_index(engines, n_engines, l->engine_id) < 0)
			continue;
		EXPECT_EQ(lane_required, l->present & lane_required);
	}
	EXPECT_EQ(6, lanes_created);
	check_engine_first(_metadata, &mon, name, engines, n_engines);
	ASSERT_EQ(2, created);
	ASSERT_EQ(6, lanes_created);

	/* the engines the notifications named are the ones a dump shows */
	{
		uint32_t dumped[2];

		ASSERT_EQ(2, find_engines(&self->nl, name, dumped, 2));
		EXPECT_TRUE((dumped[0] == engines[0] && dumped[1] == engines[1]) ||
			    (dumped[0] == engines[1] && dumped[1] == engines[0]));
	}

	monitor_clear(&mon);
	ASSERT_EQ(0, sim_del(id));
	for (deadline = wait_deadline(); now_ms() < deadline;) {
		monitor_read(&mon, POLL_MS);
		deleted = engine_ntfs_of(&mon, CPO_CMD_ENGINE_DELETE_NTF, name,
					 NULL, 0);
		lanes_deleted = lane_ntfs_of(&mon, CPO_CMD_LANE_DELETE_NTF,
					     engines, 2, created_lane_ids, 6,
					     NULL, 0);
		if (deleted >= 2 && lanes_deleted >= 6)
			break;
	}
	monitor_read(&mon, POLL_MS);
	for (i = 0; i < mon.engines.n; i++) {
		const struct engine *e = AT(&mon.engines, struct engine, i);

		if (e->cmd != CPO_CMD_ENGINE_DELETE_NTF ||
		    strcmp(e->dev_name, name))
			continue;
		EXPECT_GE(id_index(engines, 2, e->id), 0)
			TH_LOG("engine-delete-ntf of %s for engine %u", name,
			       e->id);
	}
	deleted = engine_ntfs_of(&mon, CPO_CMD_ENGINE_DELETE_NTF, name, NULL,
				 0);
	EXPECT_EQ(2, deleted);
	lanes_deleted = lane_ntfs_of(&mon, CPO_CMD_LANE_DELETE_NTF, engines, 2,
				     created_lane_ids, 6, NULL, 0);
	EXPECT_EQ(6, lanes_deleted);
	EXPECT_EQ(0, find_engines(&self->nl, name, engines, 2));
	monitor_close(&mon);
}

/* ---------------------------------------------------------------------
 * Lasers and topology, on devices with laser sources ("lasers=external")
 */

static int sim_new_spec(unsigned int id, const char *spec)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "%u %s", id, spec);
	return write_file(SIM_BUS "/new_device", buf);
}

/* Write a debugfs knob of cposim<id>, @rel relative to its directory. */
static int sim_knob(unsigned int id, const char *rel, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), SIM_DEBUGFS "/cposim%u/%s", id, rel);
	return write_file(path, val);
}

struct laser_dev {
	unsigned int id;
	char name[32];
	int n_engines;
	uint32_t engine[2];	/* ascending: the sim's engine0, engine1 */
};

/* Make device "ID @spec" of @engines engines (1 or 2) for this test. */
static void laser_dev_new(struct __test_metadata *_metadata,
			  FIXTURE_DATA(cpo_netlink) *self,
			  struct laser_dev *d, const char *spec, int engines)
{
	int err;

	memset(d, 0, sizeof(*d));
	ASSERT_EQ(0, debugfs_mount()) TH_LOG("no debugfs knobs at " SIM_DEBUGFS);
	d->id = extra_device(self);
	snprintf(d->name, sizeof(d->name), "cposim%u", d->id);
	err = sim_new_spec(d->id, spec);
	ASSERT_EQ(0, err) TH_LOG("new_device \"%u %s\": %s", d->id, spec,
				 strerror(-err));
	d->n_engines = find_engines(&self->nl, d->name, d->engine, 2);
	ASSERT_EQ(engines, d->n_engines);
}

/* The laser of @d at location "<name>/@where"; -ENOENT if none. */
static int find_laser(struct cpo_nl *nl, const struct laser_dev *d,
		      const char *where, struct laser *out)
{
	struct vec v = VEC(struct laser);
	struct nl_result res;
	char loc[96];
	int err = -ENOENT;
	size_t i;

	snprintf(loc, sizeof(loc), "%s/%s", d->name, where);
	if (laser_dump(nl, &v, &res))
		return res.err;
	for (i = 0; i < v.n; i++) {
		struct laser *l = AT(&v, struct laser, i);

		if (!strcmp(l->location, loc)) {
			*out = *l;
			err = 0;
		}
	}
	vec_free(&v);
	return err;
}

/* Poll laser @id until its state is @state; the last read in @l. */
static bool wait_laser_state(struct cpo_nl *nl, uint32_t id, uint32_t state,
			     struct laser *l)
{
	long deadline = wait_deadline();
	struct nl_result res;

	for (;;) {
		if (laser_get(nl, id, l, &res))
			return false;
		if (l->state == state)
			return true;
		if (now_ms() > deadline)
			return false;
		msleep(POLL_MS);
	}
}

/*
 * Poll engine @engine_id until lanes @first..@last are all lit (light out
 * and in, no LOS) or all dark (no light out, LOS), and, when @laser_id is
 * not 0, all fed by that laser.
 */
static bool wait_lanes(struct cpo_nl *nl, uint32_t engine_id, int first,
		       int last, bool lit, uint32_t laser_id)
{
	long deadline = wait_deadline();
	struct lane lanes[BIG_LANES];
	bool ok;
	int i, n;

	for (;;) {
		n = fixture_lanes(nl, engine_id, lanes, BIG_LANES);
		ok = n > last;
		for (i = first; ok && i <= last; i++) {
			const struct lane *l = &lanes[i];

			if (lit)
				ok = l->tx_power > 0 && l->rx_power > 0 &&
				     !l->rx_los;
			else
				ok = l->tx_power == 0 && l->rx_los;
			if (laser_id && l->laser_id != laser_id)
				ok = false;
		}
		if (ok)
			return true;
		if (now_ms() > deadline)
			break;
		msleep(POLL_MS);
	}
	for (i = first; n > last && i <= last; i++)
		fprintf(stderr, "#   lane %u index %u: tx-power %u rx-power %u rx-los %u laser-id %u\n",
			lanes[i].id, i, lanes[i].tx_power, lanes[i].rx_power,
			lanes[i].rx_los, lanes[i].laser_id);
	return false;
}

typedef bool (*laser_pred)(const struct laser *l, const void *arg);

/* Wait (bounded) for a laser notification matching @pred; its position. */
static long monitor_wait_laser(struct monitor *m, size_t from, laser_pred pred,
			       const void *arg)
{
	long deadline = wait_deadline();
	size_t i = from;

	do {
		for (; i < m->lasers.n; i++)
			if (pred(AT(&m->lasers, struct laser, i), arg))
				return (long)i;
		monitor_read(m, POLL_MS);
	} while (now_ms() < deadline);
	for (; i < m->lasers.n; i++)
		if (pred(AT(&m->lasers, struct laser, i), arg))
			return (long)i;
	fprintf(stderr, "# no matching laser notification; the monitor got:\n");
	for (i = 0; i < m->lasers.n; i++) {
		const struct laser *l = AT(&m->lasers, struct laser, i);

		fprintf(stderr, "#   ntf %u: laser %u state %u covering %u lanes %u\n",
			l->cmd, l->id, l->state, l->covering_id, l->n_lanes);
	}
	return -1;
}

/* A laser-failover-ntf of spare arg[0] covering primary arg[1]. */
static bool is_failover(const struct laser *l, const void *arg)
{
	const uint32_t *ids = arg;

	return l->cmd == CPO_CMD_LASER_FAILOVER_NTF && l->id == ids[0] &&
	       HAS(l, CPO_A_LASER_COVERING_ID) && l->covering_id == ids[1];
}

/*
 * A laser-failover-ntf concerning primary @arg: on its device, of its spare
 * or covering it. A neighbour test's failovers are none of these.
 */
static bool is_failover_of(const struct laser *l, const void *arg)
{
	const struct laser *p = arg;

	return l->cmd == CPO_CMD_LASER_FAILOVER_NTF &&
	       (!strcmp(l->dev_name, p->dev_name) || l->id == p->spare_id ||
		(HAS(l, CPO_A_LASER_COVERING_ID) && l->covering_id == p->id));
}

/* A laser-failback-ntf of primary arg[0] naming its spare arg[1]. */
static bool is_failback(const struct laser *l, const void *arg)
{
	const uint32_t *ids = arg;

	return l->cmd == CPO_CMD_LASER_FAILBACK_NTF && l->id == ids[0] &&
	       HAS(l, CPO_A_LASER_SPARE_ID) && l->spare_id == ids[1];
}

static const uint64_t laser_required =
	1ull << CPO_A_LASER_ID | 1ull << CPO_A_LASER_DEV_NAME |
	1ull << CPO_A_LASER_TYPE | 1ull << CPO_A_LASER_LOCATION |
	1ull << CPO_A_LASER_ROLE | 1ull << CPO_A_LASER_STATE |
	1ull << CPO_A_LASER_ENABLE | 1ull << CPO_A_LASER_WAVELENGTH |
	1ull << CPO_A_LASER_OUTPUT_POWER | 1ull << CPO_A_LASER_BIAS |
	1ull << CPO_A_LASER_TEMPERATURE | 1ull << CPO_A_LASER_HOURS;

TEST_F(cpo_netlink, laser_dump_wiring)
{
	struct lane lanes[2][FIX_LANES], fixture[FIX_LANES];
	struct vec v = VEC(struct laser);
	int primaries = 0, spares = 0;
	struct nl_result res;
	struct laser_dev d;
	unsigned int m, k;
	size_t i;
	uint32_t j;
	int e, x;
	char end;

	laser_dev_new(_metadata, self, &d, "2 8 lasers=external", 2);
	for (e = 0; e < 2; e++)
		ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, d.engine[e],
						   lanes[e], FIX_LANES));
	ASSERT_EQ(0, laser_dump(&self->nl, &v, &res)) res_log("dump", &res);
	ASSERT_EQ(0, v.bad);
	for (i = 0; i < v.n; i++) {
		struct laser *l = AT(&v, struct laser, i), one;

		if (strcmp(l->dev_name, d.name))
			continue;
		EXPECT_EQ(CPO_CMD_LASER_GET, l->cmd);
		EXPECT_EQ(laser_required, l->present & laser_required)
			TH_LOG("laser %u (%s): attributes present %#llx", l->id,
			       l->location, (unsigned long long)l->present);
		EXPECT_EQ(CPO_LASER_TYPE_EXTERNAL, l->type);
		EXPECT_EQ(0, strncmp(l->location, d.name, strlen(d.name)));
		ASSERT_EQ(2, sscanf(l->location + strlen(d.name),
				    "/els%u/laser%u%c", &m, &k, &end))
			TH_LOG("location \"%s\"", l->location);
		if (l->role == CPO_LASER_ROLE_PRIMARY) {
			primaries++;
			EXPECT_EQ(CPO_LASER_STATE_ON, l->state);
			EXPECT_EQ(1, l->enable);
			EXPECT_TRUE(HAS(l, CPO_A_LASER_SPARE_ID));
			EXPECT_EQ(CPO_FAILOVER_POLICY_MANUAL, l->failover_policy);
			EXPECT_GT(l->output_power, 0);
			/* els<m>/laser<k> feeds lanes 4k..4k+3 of engine m */
			ASSERT_LT(m, 2);
			ASSERT_LT(k, 2);
			EXPECT_EQ(4, l->n_lanes);
			for (j = 0; j < l->n_lanes && j < MAX_IDS; j++) {
				for (x = 0; x < FIX_LANES; x++)
					if (lanes[m][x].id == l->lanes[j])
						break;
				EXPECT_LT(x, FIX_LANES)
					TH_LOG("laser %s lists lane %u, not of engine %u",
					       l->location, l->lanes[j], m);
				if (x == FIX_LANES)
					continue;
				EXPECT_EQ(k, (unsigned int)x / 4);
				EXPECT_EQ(l->id, lanes[m][x].laser_id);
			}
		} else {
			spares++;
			EXPECT_EQ(CPO_LASER_ROLE_SPARE, l->role);
			EXPECT_EQ(CPO_LASER_STATE_STANDBY, l->state);
			EXPECT_EQ(0, l->n_lanes);
			EXPECT_FALSE(HAS(l, CPO_A_LASER_COVERING_ID));
			EXPECT_FALSE(HAS(l, CPO_A_LASER_SPARE_ID));
		}
		/* a get answers what the dump did */
		ASSERT_EQ(0, laser_get(&self->nl, l->id, &one, &res))
			res_log("get", &res);
		EXPECT_EQ(l->id, one.id);
		EXPECT_EQ(l->role, one.role);
		EXPECT_EQ(l->state, one.state);
		EXPECT_STREQ(l->location, one.location);
		EXPECT_EQ(l->n_lanes, one.n_lanes);
	}
	EXPECT_EQ(4, primaries);
	EXPECT_GE(spares, 2) TH_LOG("a spare per module at least");
	/* every lane is fed by a laser and has its fiber */
	for (e = 0; e < 2; e++)
		for (x = 0; x < FIX_LANES; x++) {
			EXPECT_TRUE(HAS(&lanes[e][x], CPO_A_LANE_LASER_ID));
			EXPECT_TRUE(HAS(&lanes[e][x], CPO_A_LANE_FIBER_CONNECTED));
			EXPECT_EQ(1, lanes[e][x].fiber_connected);
			EXPECT_GT(lanes[e][x].tx_power, lanes[e][x].rx_power);
			EXPECT_GT(lanes[e][x].rx_power, 0);
		}
	/* a device without lasers has lanes fed by none */
	ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, self->engine[0], fixture,
					   FIX_LANES));
	for (x = 0; x < FIX_LANES; x++)
		EXPECT_FALSE(HAS(&fixture[x], CPO_A_LANE_LASER_ID));
	vec_free(&v);
}

TEST_F(cpo_netlink, laser_get_errors)
{
	struct nl_result res;
	struct nl_msg *msg;
	uint32_t offs;

	msg = cpo_msg(&self->nl, CPO_CMD_LASER_GET, 0);
	nla_put_u32(msg, CPO_A_LASER_ID, UNKNOWN_ID);
	offs = attr_offset(msg, CPO_A_LASER_ID);
	EXPECT_EQ(-ENOENT, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("unknown id", &res);
	EXPECT_TRUE(str_has(res.msg, "laser id"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	msg = cpo_msg(&self->nl, CPO_CMD_LASER_GET, 0);
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("no id", &res);
	EXPECT_TRUE(str_has(res.msg, "missing attribute: id"));
	EXPECT_TRUE(res.has_miss);
	EXPECT_EQ(CPO_A_LASER_ID, res.miss_type);
}

TEST_F(cpo_netlink, laser_set_errors)
{
	struct laser p, spare, after;
	struct nl_result res;
	struct laser_dev d;
	struct nl_msg *msg;

	laser_dev_new(_metadata, self, &d, "1 8 lasers=external", 1);
	ASSERT_EQ(0, find_laser(&self->nl, &d, "els0/laser0", &p));
	ASSERT_TRUE(HAS(&p, CPO_A_LASER_SPARE_ID));
	ASSERT_EQ(0, laser_get(&self->nl, p.spare_id, &spare, &res));
	ASSERT_EQ(CPO_LASER_ROLE_SPARE, spare.role);

	/* no id */
	msg = cpo_msg(&self->nl, CPO_CMD_LASER_SET, 0);
	nla_put_u8(msg, CPO_A_LASER_ENABLE, 0);
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("no id", &res);
	EXPECT_TRUE(res.has_miss);
	EXPECT_EQ(CPO_A_LASER_ID, res.miss_type);

	/* nothing to set */
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, laser_set_msg(&self->nl, p.id),
				       NULL, NULL, &res));
	res_log("nothing", &res);
	EXPECT_TRUE(str_has(res.msg, "nothing to set"));

	/* unknown id */
	msg = laser_set_msg(&self->nl, UNKNOWN_ID);
	nla_put_u8(msg, CPO_A_LASER_ENABLE, 0);
	expect_rejected(_metadata, self, msg, CPO_A_LASER_ID, ENOENT, ENOENT,
			"laser id", "unknown id");

	/* out of range values, refused by the policy */
	msg = laser_set_msg(&self->nl, p.id);
	nla_put_u8(msg, CPO_A_LASER_ENABLE, 2);
	expect_rejected(_metadata, self, msg, CPO_A_LASER_ENABLE, EINVAL,
			ERANGE, NULL, "enable 2");
	msg = laser_set_msg(&self->nl, p.id);
	nla_put_u32(msg, CPO_A_LASER_FAILOVER_POLICY, CPO_FAILOVER_POLICY_MAX + 1);
	expect_rejected(_metadata, self, msg, CPO_A_LASER_FAILOVER_POLICY,
			EINVAL, ERANGE, NULL, "failover-policy max + 1");

	/* a spare has no spare: no policy, no failover */
	msg = laser_set_msg(&self->nl, spare.id);
	nla_put_u32(msg, CPO_A_LASER_FAILOVER_POLICY, CPO_FAILOVER_POLICY_AUTO);
	expect_rejected(_metadata, self, msg, CPO_A_LASER_FAILOVER_POLICY,
			EINVAL, EINVAL, "failover-policy applies",
			"policy on a spare");
	msg = laser_set_msg(&self->nl, spare.id);
	nla_put_flag(msg, CPO_A_LASER_FAILOVER);
	expect_rejected(_metadata, self, msg, CPO_A_LASER_FAILOVER, EINVAL,
			EINVAL, "failover needs", "failover of a spare");

	/* all or nothing: the enable of a refused request is undone */
	msg = laser_set_msg(&self->nl, spare.id);
	nla_put_u8(msg, CPO_A_LASER_ENABLE, !spare.enable);
	nla_put_u32(msg, CPO_A_LASER_FAILOVER_POLICY, CPO_FAILOVER_POLICY_AUTO);
	expect_rejected(_metadata, self, msg, CPO_A_LASER_FAILOVER_POLICY,
			EINVAL, EINVAL, "failover-policy applies",
			"enable + policy on a spare");
	msleep(200);	/* a control write takes effect one step later */
	ASSERT_EQ(0, laser_get(&self->nl, spare.id, &after, &res));
	EXPECT_EQ(spare.enable, after.enable);
	EXPECT_EQ(spare.state, after.state);
	ASSERT_EQ(0, laser_get(&self->nl, p.id, &after, &res));
	EXPECT_EQ(p.enable, after.enable);
	EXPECT_EQ(CPO_LASER_STATE_ON, after.state);
	EXPECT_EQ(CPO_FAILOVER_POLICY_MANUAL, after.failover_policy);
}

TEST_F(cpo_netlink, laser_failover_manual)
{
	struct laser p, p2, l;
	struct nl_result res;
	struct lane lanes[FIX_LANES];
	struct laser_dev d;
	struct monitor mon;
	struct nl_msg *msg;
	uint32_t ids[2], want[4];
	size_t i;
	int x, seen = 0;
	long at;

	laser_dev_new(_metadata, self, &d, "1 8 lasers=external", 1);
	ASSERT_EQ(0, find_laser(&self->nl, &d, "els0/laser0", &p));
	ASSERT_EQ(0, find_laser(&self->nl, &d, "els0/laser1", &p2));
	ASSERT_TRUE(HAS(&p, CPO_A_LASER_SPARE_ID));
	ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, d.engine[0], lanes,
					   FIX_LANES));
	ASSERT_EQ(0, monitor_open(&mon, self->nl.family));

	ASSERT_EQ(0, sim_knob(d.id, "els0/laser0/fail", "Y"));
	EXPECT_TRUE(wait_laser_state(&self->nl, p.id, CPO_LASER_STATE_FAILED, &l))
		TH_LOG("state %u", l.state);
	EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 0, 3, false, p.id));
	/* manual: nothing moves on its own */
	msleep(500);
	monitor_read(&mon, POLL_MS);
	for (i = 0; i < mon.lasers.n; i++) {
		const struct laser *n = AT(&mon.lasers, struct laser, i);

		EXPECT_FALSE(is_failover_of(n, &p))
			TH_LOG("laser-failover-ntf of laser %u under manual",
			       n->id);
	}
	EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 0, 3, false, p.id));

	msg = laser_set_msg(&self->nl, p.id);
	nla_put_flag(msg, CPO_A_LASER_FAILOVER);
	ASSERT_EQ(0, cpo_request(&self->nl, msg, NULL, NULL, &res))
		res_log("failover", &res);
	ids[0] = p.spare_id;
	ids[1] = p.id;
	at = monitor_wait_laser(&mon, 0, is_failover, ids);
	EXPECT_GE(at, 0) TH_LOG("no laser-failover-ntf of spare %u covering %u",
				ids[0], ids[1]);
	if (at >= 0) {
		const struct laser *n = AT(&mon.lasers, struct laser, at);

		/* the payload is the spare's get reply */
		EXPECT_EQ(laser_required, n->present & laser_required);
		EXPECT_EQ(CPO_LASER_ROLE_SPARE, n->role);
		EXPECT_EQ(4, n->n_lanes);
	}
	EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 0, 3, true, p.spare_id));
	/* a lane-change-ntf for each lane that changed laser */
	monitor_read(&mon, POLL_MS);
	for (i = 0; i < mon.lanes.n; i++) {
		const struct lane *n = AT(&mon.lanes, struct lane, i);

		for (x = 0; x < 4; x++)
			if (n->cmd == CPO_CMD_LANE_CHANGE_NTF &&
			    n->id == lanes[x].id && n->laser_id == p.spare_id)
				seen |= 1 << x;
	}
	EXPECT_EQ(0xf, seen) TH_LOG("lane-change-ntf naming the spare: %#x", seen);

	ASSERT_EQ(0, laser_get(&self->nl, p.spare_id, &l, &res));
	EXPECT_EQ(CPO_LASER_STATE_ON, l.state);
	EXPECT_EQ(p.id, l.covering_id);
	for (x = 0; x < 4; x++)
		want[x] = lanes[x].id;
	EXPECT_TRUE(same_ids(l.lanes, l.n_lanes, want, 4));
	ASSERT_EQ(0, laser_get(&self->nl, p.id, &l, &res));
	EXPECT_EQ(0, l.n_lanes);

	/* again: the spare already feeds these lanes */
	msg = laser_set_msg(&self->nl, p.id);
	nla_put_flag(msg, CPO_A_LASER_FAILOVER);
	expect_rejected(_metadata, self, msg, CPO_A_LASER_FAILOVER, EALREADY,
			EALREADY, "already", "failover twice");
	/* the other primary of the spare: it is busy */
	if (HAS(&p2, CPO_A_LASER_SPARE_ID) && p2.spare_id == p.spare_id) {
		msg = laser_set_msg(&self->nl, p2.id);
		nla_put_flag(msg, CPO_A_LASER_FAILOVER);
		expect_rejected(_metadata, self, msg, CPO_A_LASER_FAILOVER,
				EBUSY, EBUSY, "covering another",
				"failover to a busy spare");
		EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 4, 7, true, p2.id));
	}
	monitor_close(&mon);
}

/*
 * Failback by command: refused, naming the flag, with the errno of the
 * reason and nothing moved, for a primary feeding its own lanes, a spare,
 * failover and failback at once, and a primary still failed; once the
 * primary is repaired, its lanes go back with a laser-failback-ntf of the
 * primary naming its spare.
 */
TEST_F(cpo_netlink, laser_failback)
{
	struct laser p, l;
	struct nl_result res;
	struct laser_dev d;
	struct monitor mon;
	struct nl_msg *msg;
	uint32_t ids[2];
	long at;

	laser_dev_new(_metadata, self, &d, "1 8 lasers=external", 1);
	ASSERT_EQ(0, find_laser(&self->nl, &d, "els0/laser0", &p));
	ASSERT_TRUE(HAS(&p, CPO_A_LASER_SPARE_ID));
	ASSERT_EQ(0, monitor_open(&mon, self->nl.family));

	msg = laser_set_msg(&self->nl, p.id);
	nla_put_flag(msg, CPO_A_LASER_FAILBACK);
	expect_rejected(_metadata, self, msg, CPO_A_LASER_FAILBACK, EALREADY,
			EALREADY, "nothing to hand back", "failback, not covered");
	msg = laser_set_msg(&self->nl, p.spare_id);
	nla_put_flag(msg, CPO_A_LASER_FAILBACK);
	expect_rejected(_metadata, self, msg, CPO_A_LASER_FAILBACK, EINVAL,
			EINVAL, "failback needs", "failback of a spare");
	msg = laser_set_msg(&self->nl, p.id);
	nla_put_flag(msg, CPO_A_LASER_FAILOVER);
	nla_put_flag(msg, CPO_A_LASER_FAILBACK);
	expect_rejected(_metadata, self, msg, CPO_A_LASER_FAILBACK, EINVAL,
			EINVAL, "not both", "failover and failback");
	EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 0, 3, true, p.id));

	ASSERT_EQ(0, sim_knob(d.id, "els0/laser0/fail", "Y"));
	EXPECT_TRUE(wait_laser_state(&self->nl, p.id, CPO_LASER_STATE_FAILED, &l))
		TH_LOG("state %u", l.state);
	msg = laser_set_msg(&self->nl, p.id);
	nla_put_flag(msg, CPO_A_LASER_FAILOVER);
	ASSERT_EQ(0, cpo_request(&self->nl, msg, NULL, NULL, &res))
		res_log("failover", &res);
	EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 0, 3, true, p.spare_id));
	msg = laser_set_msg(&self->nl, p.id);
	nla_put_flag(msg, CPO_A_LASER_FAILBACK);
	expect_rejected(_metadata, self, msg, CPO_A_LASER_FAILBACK, ENODEV,
			ENODEV, "has not recovered", "failback while failed");
	ASSERT_EQ(0, laser_get(&self->nl, p.spare_id, &l, &res));
	EXPECT_EQ(p.id, l.covering_id);

	ASSERT_EQ(0, sim_knob(d.id, "els0/laser0/fail", "N"));
	EXPECT_TRUE(wait_laser_state(&self->nl, p.id, CPO_LASER_STATE_ON, &l))
		TH_LOG("state %u", l.state);
	msg = laser_set_msg(&self->nl, p.id);
	nla_put_flag(msg, CPO_A_LASER_FAILBACK);
	ASSERT_EQ(0, cpo_request(&self->nl, msg, NULL, NULL, &res))
		res_log("failback", &res);
	ids[0] = p.id;
	ids[1] = p.spare_id;
	at = monitor_wait_laser(&mon, 0, is_failback, ids);
	EXPECT_GE(at, 0) TH_LOG("no laser-failback-ntf of %u naming spare %u",
				ids[0], ids[1]);
	if (at >= 0) {
		const struct laser *n = AT(&mon.lasers, struct laser, at);

		/* the payload is the primary's get reply, its lanes back */
		EXPECT_EQ(laser_required, n->present & laser_required);
		EXPECT_EQ(CPO_LASER_ROLE_PRIMARY, n->role);
		EXPECT_EQ(4, n->n_lanes);
	}
	EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 0, 3, true, p.id));
	ASSERT_EQ(0, laser_get(&self->nl, p.spare_id, &l, &res));
	EXPECT_FALSE(HAS(&l, CPO_A_LASER_COVERING_ID));
	EXPECT_EQ(0, l.n_lanes);
	monitor_close(&mon);
}

/*
 * A failover request either moves the lanes (and says so with a
 * laser-failover-ntf) or is refused with a reason: a spare that has failed
 * cannot take over, and a success that does nothing leaves the lanes dark
 * with nobody told.
 */
TEST_F(cpo_netlink, laser_failover_failed_spare)
{
	struct nl_result res;
	struct laser_dev d;
	struct monitor mon;
	struct nl_msg *msg;
	struct laser p, l;
	uint32_t ids[2];
	long at;

	laser_dev_new(_metadata, self, &d, "1 8 lasers=external", 1);
	ASSERT_EQ(0, find_laser(&self->nl, &d, "els0/laser0", &p));
	ASSERT_TRUE(HAS(&p, CPO_A_LASER_SPARE_ID));
	ASSERT_EQ(0, laser_get(&self->nl, p.spare_id, &l, &res));
	ASSERT_EQ(0, monitor_open(&mon, self->nl.family));

	/* the spare (els0/laser<K>) fails first, then the primary */
	ASSERT_EQ(0, strncmp(l.location, d.name, strlen(d.name)));
	{
		char knob[96];

		snprintf(knob, sizeof(knob), "%s/fail",
			 l.location + strlen(d.name) + 1);
		ASSERT_EQ(0, sim_knob(d.id, knob, "Y"));
	}
	EXPECT_TRUE(wait_laser_state(&self->nl, p.spare_id,
				     CPO_LASER_STATE_FAILED, &l));
	ASSERT_EQ(0, sim_knob(d.id, "els0/laser0/fail", "Y"));
	EXPECT_TRUE(wait_laser_state(&self->nl, p.id, CPO_LASER_STATE_FAILED,
				     &l));
	EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 0, 3, false, p.id));

	msg = laser_set_msg(&self->nl, p.id);
	nla_put_flag(msg, CPO_A_LASER_FAILOVER);
	cpo_request(&self->nl, msg, NULL, NULL, &res);
	res_log("failover to a failed spare", &res);
	if (res.err) {
		EXPECT_NE(0, res.msg[0]) TH_LOG("refused without a message");
	} else {
		ids[0] = p.spare_id;
		ids[1] = p.id;
		at = monitor_wait_laser(&mon, 0, is_failover, ids);
		EXPECT_GE(at, 0)
			TH_LOG("failover to a failed spare: success, but no laser-failover-ntf and the lanes stay dark");
	}
	monitor_close(&mon);
}

TEST_F(cpo_netlink, laser_failover_auto)
{
	struct nl_result res;
	struct topology t;
	struct laser_dev d;
	struct monitor mon;
	struct nl_msg *msg;
	struct laser p, l;
	uint32_t ids[2];
	long at;

	laser_dev_new(_metadata, self, &d, "1 8 lasers=external", 1);
	ASSERT_EQ(0, find_laser(&self->nl, &d, "els0/laser1", &p));
	ASSERT_TRUE(HAS(&p, CPO_A_LASER_SPARE_ID));
	ASSERT_EQ(0, monitor_open(&mon, self->nl.family));

	msg = laser_set_msg(&self->nl, p.id);
	nla_put_u32(msg, CPO_A_LASER_FAILOVER_POLICY, CPO_FAILOVER_POLICY_AUTO);
	ASSERT_EQ(0, cpo_request(&self->nl, msg, NULL, NULL, &res))
		res_log("policy auto", &res);
	ASSERT_EQ(0, laser_get(&self->nl, p.id, &l, &res));
	EXPECT_EQ(CPO_FAILOVER_POLICY_AUTO, l.failover_policy);
	/* under auto, the topology names the spare that would take over */
	ASSERT_EQ(0, topology_get(&self->nl, CPO_A_TOPOLOGY_LASER_ID, p.id, &t,
				  &res)) res_log("topology", &res);
	EXPECT_TRUE(t.present & 1ull << CPO_A_TOPOLOGY_SPARE_ID);
	EXPECT_EQ(p.spare_id, t.spare_id);
	EXPECT_EQ(4, t.n_lanes);

	ASSERT_EQ(0, sim_knob(d.id, "els0/laser1/fail", "Y"));
	ids[0] = p.spare_id;
	ids[1] = p.id;
	at = monitor_wait_laser(&mon, 0, is_failover, ids);
	EXPECT_GE(at, 0) TH_LOG("no laser-failover-ntf of spare %u covering %u",
				ids[0], ids[1]);
	EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 4, 7, true, p.spare_id));
	EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 0, 3, true, 0));
	ASSERT_EQ(0, laser_get(&self->nl, p.id, &l, &res));
	EXPECT_EQ(CPO_LASER_STATE_FAILED, l.state);
	monitor_close(&mon);
}

TEST_F(cpo_netlink, laser_enable_enolink)
{
	struct nl_result res;
	struct laser_dev d;
	struct nl_msg *msg;
	struct laser p, l;
	struct lane lane;
	uint32_t offs;
	long deadline;

	laser_dev_new(_metadata, self, &d, "1 8 lasers=external", 1);
	ASSERT_EQ(0, find_laser(&self->nl, &d, "els0/laser1", &p));
	ASSERT_EQ(0, sim_knob(d.id, "engine0/lane5/fiber", "N"));
	for (deadline = wait_deadline();; msleep(POLL_MS)) {
		ASSERT_EQ(0, lane_get_by_index(&self->nl, d.engine[0], 5, &lane,
					       &res));
		if (HAS(&lane, CPO_A_LANE_FIBER_CONNECTED) &&
		    !lane.fiber_connected)
			break;
		ASSERT_LT(now_ms(), deadline) TH_LOG("fiber-connected still %u",
						     lane.fiber_connected);
	}
	EXPECT_EQ(0, lane.rx_power);

	ASSERT_EQ(0, laser_set_enable(&self->nl, p.id, 0, &res))
		res_log("enable 0", &res);
	EXPECT_TRUE(wait_laser_state(&self->nl, p.id, CPO_LASER_STATE_OFF, &l));
	EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 4, 7, false, p.id));

	msg = laser_set_msg(&self->nl, p.id);
	nla_put_u8(msg, CPO_A_LASER_ENABLE, 1);
	offs = attr_offset(msg, CPO_A_LASER_ENABLE);
	EXPECT_EQ(-ENOLINK, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("enable 1, fiber open", &res);
	EXPECT_TRUE(str_has(res.msg, "fiber"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);
	msleep(200);
	ASSERT_EQ(0, laser_get(&self->nl, p.id, &l, &res));
	EXPECT_EQ(0, l.enable);
	EXPECT_EQ(CPO_LASER_STATE_OFF, l.state);

	ASSERT_EQ(0, sim_knob(d.id, "engine0/lane5/fiber", "Y"));
	for (deadline = wait_deadline();; msleep(POLL_MS)) {
		ASSERT_EQ(0, lane_get_by_index(&self->nl, d.engine[0], 5, &lane,
					       &res));
		if (lane.fiber_connected)
			break;
		ASSERT_LT(now_ms(), deadline);
	}
	ASSERT_EQ(0, laser_set_enable(&self->nl, p.id, 1, &res))
		res_log("enable 1, fiber back", &res);
	EXPECT_TRUE(wait_laser_state(&self->nl, p.id, CPO_LASER_STATE_ON, &l));
	EXPECT_TRUE(wait_lanes(&self->nl, d.engine[0], 4, 7, true, p.id));
}

TEST_F(cpo_netlink, topology_get)
{
	struct lane lanes[FIX_LANES];
	uint32_t want[FIX_LANES];
	struct nl_result res;
	struct laser_dev d;
	struct topology t;
	struct nl_msg *msg;
	struct laser p, s;
	uint32_t offs;
	int x;

	laser_dev_new(_metadata, self, &d, "2 8 lasers=external", 2);
	ASSERT_EQ(FIX_LANES, fixture_lanes(&self->nl, d.engine[1], lanes,
					   FIX_LANES));

	/* an engine: all its lanes */
	ASSERT_EQ(0, topology_get(&self->nl, CPO_A_TOPOLOGY_ENGINE_ID,
				  d.engine[1], &t, &res)) res_log("engine", &res);
	EXPECT_EQ(d.engine[1], t.engine_id);
	EXPECT_FALSE(t.present & 1ull << CPO_A_TOPOLOGY_LASER_ID);
	for (x = 0; x < FIX_LANES; x++)
		want[x] = lanes[x].id;
	EXPECT_TRUE(same_ids(t.lanes, t.n_lanes, want, FIX_LANES))
		TH_LOG("%u lanes", t.n_lanes);

	/* a laser: the four lanes it feeds, no spare-id under manual */
	ASSERT_EQ(0, find_laser(&self->nl, &d, "els1/laser1", &p));
	ASSERT_EQ(0, topology_get(&self->nl, CPO_A_TOPOLOGY_LASER_ID, p.id, &t,
				  &res)) res_log("laser", &res);
	EXPECT_EQ(p.id, t.laser_id);
	EXPECT_FALSE(t.present & 1ull << CPO_A_TOPOLOGY_ENGINE_ID);
	EXPECT_FALSE(t.present & 1ull << CPO_A_TOPOLOGY_SPARE_ID);
	for (x = 0; x < 4; x++)
		want[x] = lanes[4 + x].id;
	EXPECT_TRUE(same_ids(t.lanes, t.n_lanes, want, 4))
		TH_LOG("%u lanes", t.n_lanes);

	/* a standby spare feeds nothing */
	ASSERT_TRUE(HAS(&p, CPO_A_LASER_SPARE_ID));
	ASSERT_EQ(0, laser_get(&self->nl, p.spare_id, &s, &res));
	ASSERT_EQ(0, topology_get(&self->nl, CPO_A_TOPOLOGY_LASER_ID, s.id, &t,
				  &res));
	EXPECT_EQ(0, t.n_lanes);

	/* the fixture's engines, without lasers, work the same */
	ASSERT_EQ(0, topology_get(&self->nl, CPO_A_TOPOLOGY_ENGINE_ID,
				  self->engine[0], &t, &res));
	EXPECT_EQ(FIX_LANES, t.n_lanes);

	/* errors */
	msg = cpo_msg(&self->nl, CPO_CMD_TOPOLOGY_GET, 0);
	EXPECT_EQ(-EINVAL, topology_get_msg(&self->nl, msg, &t, &res));
	res_log("neither", &res);
	EXPECT_TRUE(str_has(res.msg, "engine-id or laser-id"));
	EXPECT_TRUE(res.has_miss);
	EXPECT_EQ(CPO_A_TOPOLOGY_ENGINE_ID, res.miss_type);

	msg = cpo_msg(&self->nl, CPO_CMD_TOPOLOGY_GET, 0);
	nla_put_u32(msg, CPO_A_TOPOLOGY_ENGINE_ID, d.engine[1]);
	nla_put_u32(msg, CPO_A_TOPOLOGY_LASER_ID, p.id);
	offs = attr_offset(msg, CPO_A_TOPOLOGY_LASER_ID);
	EXPECT_EQ(-EINVAL, topology_get_msg(&self->nl, msg, &t, &res));
	res_log("both", &res);
	EXPECT_TRUE(str_has(res.msg, "not both"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	msg = cpo_msg(&self->nl, CPO_CMD_TOPOLOGY_GET, 0);
	nla_put_u32(msg, CPO_A_TOPOLOGY_LASER_ID, UNKNOWN_ID);
	offs = attr_offset(msg, CPO_A_TOPOLOGY_LASER_ID);
	EXPECT_EQ(-ENOENT, topology_get_msg(&self->nl, msg, &t, &res));
	res_log("unknown laser", &res);
	EXPECT_TRUE(str_has(res.msg, "laser id"));
	EXPECT_TRUE(res.has_offs);
	EXPECT_EQ(offs, res.offs);

	msg = cpo_msg(&self->nl, CPO_CMD_TOPOLOGY_GET, 0);
	nla_put_u32(msg, CPO_A_TOPOLOGY_ENGINE_ID, UNKNOWN_ID);
	EXPECT_EQ(-ENOENT, topology_get_msg(&self->nl, msg, &t, &res));
	res_log("unknown engine", &res);
	EXPECT_TRUE(str_has(res.msg, "engine id"));
}

TEST_F(cpo_netlink, laser_ntf_create_delete)
{
	struct vec v = VEC(struct laser);
	int created = 0, deleted = 0, dumped = 0;
	struct nl_result res;
	struct laser_dev d;
	struct monitor mon;
	long deadline;
	size_t i;

	ASSERT_EQ(0, monitor_open(&mon, self->nl.family));
	laser_dev_new(_metadata, self, &d, "1 8 lasers=external", 1);
	ASSERT_EQ(0, laser_dump(&self->nl, &v, &res));
	for (i = 0; i < v.n; i++)
		dumped += !strcmp(AT(&v, struct laser, i)->dev_name, d.name);
	vec_free(&v);
	EXPECT_GE(dumped, 3) TH_LOG("2 primaries and a spare at least");

	for (deadline = wait_deadline(); now_ms() < deadline;) {
		monitor_read(&mon, POLL_MS);
		created = 0;
		for (i = 0; i < mon.lasers.n; i++) {
			const struct laser *l = AT(&mon.lasers, struct laser, i);

			created += l->cmd == CPO_CMD_LASER_CREATE_NTF &&
				   !strcmp(l->dev_name, d.name);
		}
		if (created >= dumped)
			break;
	}
	EXPECT_EQ(dumped, created);

	monitor_clear(&mon);
	ASSERT_EQ(0, sim_del(d.id));
	for (deadline = wait_deadline(); now_ms() < deadline;) {
		monitor_read(&mon, POLL_MS);
		deleted = 0;
		for (i = 0; i < mon.lasers.n; i++) {
			const struct laser *l = AT(&mon.lasers, struct laser, i);

			deleted += l->cmd == CPO_CMD_LASER_DELETE_NTF &&
				   !strcmp(l->dev_name, d.name);
		}
		if (deleted >= dumped)
			break;
	}
	EXPECT_EQ(dumped, deleted);
	ASSERT_EQ(0, laser_dump(&self->nl, &v, &res));
	for (i = 0; i < v.n; i++)
		EXPECT_STRNE(d.name, AT(&v, struct laser, i)->dev_name);
	vec_free(&v);
	monitor_close(&mon);
}

/* ---------------------------------------------------------------------
 * Family
 */

TEST_F(cpo_netlink, family)
{
	struct monitor mon;
	int grp;

	/* the family and its group resolve the way the spec names them */
	grp = genl_ctrl_resolve_grp(self->nl.sk, CPO_FAMILY_NAME,
				    CPO_MCGRP_MONITOR);
	EXPECT_GT(grp, 0);
	EXPECT_GT(self->nl.family, 0);
	EXPECT_EQ(0, monitor_open(&mon, self->nl.family));
	monitor_close(&mon);
}

/* A new family validates the genetlink header's reserved field. */
TEST_F(cpo_netlink, genl_header_reserved)
{
	struct genlmsghdr *g;
	struct nl_result res;
	struct nl_msg *msg;

	msg = cpo_msg(&self->nl, CPO_CMD_ENGINE_GET, 0);
	nla_put_u32(msg, CPO_A_ENGINE_ID, self->engine[0]);
	g = nlmsg_data(nlmsg_hdr(msg));
	g->reserved = 1;
	EXPECT_EQ(-EINVAL, cpo_request(&self->nl, msg, NULL, NULL, &res));
	res_log("reserved 1", &res);
	EXPECT_TRUE(str_has(res.msg, "reserved"));
}

TEST_HARNESS_MAIN
