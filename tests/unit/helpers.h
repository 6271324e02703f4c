/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the unit tests: netlink messages built in a buffer with
 * libmnl, and output captured in memory.
 */
#ifndef CPO_UNIT_HELPERS_H
#define CPO_UNIT_HELPERS_H

#include <stdio.h>
#include <CUnit/CUnit.h>
#include <libmnl/libmnl.h>

#include "cpo_priv.h"

#define T_BUF_SIZE	8192
#define T_FAMILY	0x1c
#define T_SEQ		4242
#define T_PORTID	777

/* Start a cpo (genetlink) message at @buf. */
struct nlmsghdr *t_msg(void *buf, uint16_t type, uint8_t cmd, uint16_t flags,
		       uint32_t seq);
/* Next message slot after @nlh in a multi-message buffer. */
void *t_next(struct nlmsghdr *nlh);
/* Bytes from @start to the end of @last. */
size_t t_span(const void *start, const struct nlmsghdr *last);

/* pre-fec-ber of the full lane: 2.4e-05 */
#define T_BER_E18	24000000000000ULL
/* seq and timestamp of the full objects: 2025-06-01T10:00:00.123456789Z */
#define T_NTF_SEQ	4000000001ULL
#define T_NTF_TS	1748772000123456789ULL
/* refreshed of the full objects: 2.5 s before T_NTF_TS */
#define T_REFRESHED	(T_NTF_TS - 2500000000ULL)

/*
 * A reply message with every engine / lane / laser attribute, known
 * values (the laser's failover flag too, though only requests carry it).
 */
void t_put_firmware(struct nlmsghdr *nlh, uint32_t bank, const char *version,
		    uint8_t running, uint8_t committed, uint8_t valid);
void t_put_flash(struct nlmsghdr *nlh, uint32_t state, uint32_t done,
		 uint32_t total, const char *file, const char *message);
void t_put_engine_full(struct nlmsghdr *nlh);
void t_put_lane_full(struct nlmsghdr *nlh);
void t_put_laser_full(struct nlmsghdr *nlh);
void t_check_engine_full(const struct cpo_engine *e);
void t_check_lane_full(const struct cpo_lane *l);
void t_check_laser_full(const struct cpo_laser *l);
/* A u64 the way the kernel puts it, after a pad when needed; true if so. */
bool t_put_u64_pad(struct nlmsghdr *nlh, uint16_t type, uint16_t pad,
		   uint64_t v);

/* An NLMSG_ERROR answering @req, with optional extack TLVs. */
struct nlmsghdr *t_err_msg(void *buf, const struct nlmsghdr *req, int error,
			   bool capped, const char *msg, int offs, int miss);
/* An NLMSG_DONE with @error and an optional extack message. */
struct nlmsghdr *t_done_msg(void *buf, uint16_t flags, uint32_t seq,
			    int error, const char *msg);

/* The attributes of a cpo message, in order. */
struct t_attrs {
	unsigned int n;
	uint16_t type[32];
	uint16_t len[32];	/* payload lengths */
	uint32_t u32[32];	/* first 4 (or 1) payload bytes */
};
int t_attrs_get(const struct nlmsghdr *nlh, struct t_attrs *a);

/* Output captured through open_memstream(). */
struct t_capture {
	FILE *fp;
	char *buf;
	size_t len;
};
FILE *t_capture_start(struct t_capture *c);
/* Close the stream; the text stays in c->buf until t_capture_free(). */
const char *t_capture_end(struct t_capture *c);
void t_capture_free(struct t_capture *c);
/*
 * Run @fn with cpoctl's output in text or JSON mode; what it printed.
 * Ages are taken at t_now (T_NTF_TS unless a test moves it).
 */
extern uint64_t t_now;
const char *t_print_capture(struct t_capture *c, bool json, bool oneline,
			    void (*fn)(const void *), const void *arg);

/* Check that @hay contains @needle, printing both when it does not. */
#define T_ASSERT_CONTAINS(hay, needle)					\
	do {								\
		const char *_h = (hay), *_n = (needle);			\
		int _ok = _h && strstr(_h, _n) != NULL;			\
		if (!_ok)						\
			fprintf(stderr, "\n  missing <%s> in <%s>\n",	\
				_n, _h ? _h : "(null)");		\
		CU_ASSERT(_ok);						\
	} while (0)

#define T_ASSERT_STR(a, b)						\
	do {								\
		const char *_a = (a), *_b = (b);			\
		int _ok = _a && _b && !strcmp(_a, _b);			\
		if (!_ok)						\
			fprintf(stderr, "\n  got <%s>\n  want <%s>\n",	\
				_a ? _a : "(null)", _b ? _b : "(null)");\
		CU_ASSERT(_ok);						\
	} while (0)

extern CU_TestInfo names_tests[];
extern CU_TestInfo parse_tests[];
extern CU_TestInfo build_tests[];
extern CU_TestInfo error_tests[];
extern CU_TestInfo reply_tests[];
extern CU_TestInfo json_tests[];
extern CU_TestInfo print_tests[];
extern CU_TestInfo brief_tests[];
extern CU_TestInfo cli_tests[];
extern CU_TestInfo batch_tests[];
extern CU_TestInfo diag_tests[];
extern CU_TestInfo quantity_tests[];
extern CU_TestInfo exporter_tests[];
extern CU_TestInfo state_tests[];

#endif /* CPO_UNIT_HELPERS_H */
