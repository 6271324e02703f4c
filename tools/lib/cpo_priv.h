/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libcpo internals shared between its files and the unit tests.
 */
#ifndef CPO_PRIV_H
#define CPO_PRIV_H

#include <stdarg.h>
#include <libmnl/libmnl.h>

#include "libcpo.h"

#define CPO_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Dumps come in skbs of up to 32 KiB once the kernel sees a large buffer. */
#define CPO_RECV_BUF_SIZE	32768
#define CPO_SEND_BUF_SIZE	4096

#ifndef NLMSGERR_ATTR_MISS_TYPE
#define NLMSGERR_ATTR_MISS_TYPE	5
#endif

__attribute__((format(printf, 3, 4)))
int cpo_err_set(struct cpo_error *err, int errnum, const char *fmt, ...);

/*
 * Walk the attributes found @offset bytes into the payload of @nlh and call
 * @cb for each. Unlike mnl_attr_parse() this rejects an attribute that
 * runs past the message and trailing bytes: -EBADMSG.
 */
typedef int (*cpo_attr_walk_cb)(const struct nlattr *attr, void *data);
int cpo_attr_walk(const struct nlmsghdr *nlh, size_t offset,
		  cpo_attr_walk_cb cb, void *data);
/* The same over the payload of a nest. */
int cpo_nest_walk(const struct nlattr *nest, cpo_attr_walk_cb cb, void *data);

/*
 * A multi-attr nest's list as the generic code sees it: every list struct
 * (struct cpo_threshold_list, ...) starts the same way, its objects at
 * the offset of @items.
 */
struct cpo_nest_list {
	uint32_t n;
	bool truncated;
	uint64_t items[];
};
/* The capacity of the list described by @d, and its object @i. */
uint32_t cpo_nest_list_max(const struct cpo_attr_desc *d);
void *cpo_nest_list_item(const struct cpo_attr_desc *d,
			 struct cpo_nest_list *l, uint32_t i);

/*
 * The attributes each request may carry, as the spec's operations list
 * them (the builders put nothing else; a unit test compares this table
 * with the spec). Ended by an entry with a NULL @op.
 */
struct cpo_request_desc {
	const char *op;			/* spec operation name, "lane-set" */
	bool dump;			/* its dump request, else its do */
	const struct cpo_attr_set *set;
	uint64_t attrs;			/* CPO_BIT() of each attribute */
};
extern const struct cpo_request_desc cpo_requests[];

/* Parse the attributes of a cpo message into @obj (struct of @set). */
int cpo_attrs_parse(const struct nlmsghdr *nlh, const struct cpo_attr_set *set,
		    void *obj, uint64_t *present, struct cpo_error *err);
/* Zero @obj (a struct of @set, @present first) and parse into it. */
int cpo_obj_parse(const struct nlmsghdr *nlh, const struct cpo_attr_set *set,
		  void *obj, struct cpo_error *err);

/* Put the attributes of @obj in @mask & @present; -ENOSPC if full. */
int cpo_attrs_put(struct nlmsghdr *nlh, size_t buflen,
		  const struct cpo_attr_set *set, const void *obj,
		  uint64_t present, uint64_t mask);

/*
 * Fill @err from an NLMSG_ERROR (or NLMSG_DONE) message and its extack;
 * @req is the request it answers, used to name the attribute the kernel
 * points at. Return the message's negative errno, 0 for a plain ack, or
 * -EBADMSG when the message itself is malformed.
 */
int cpo_nlmsg_error_parse(const struct nlmsghdr *nlh,
			  const struct nlmsghdr *req,
			  const struct cpo_attr_set *set,
			  struct cpo_error *err);
int cpo_nlmsg_done_parse(const struct nlmsghdr *nlh,
			 const struct nlmsghdr *req,
			 const struct cpo_attr_set *set,
			 struct cpo_error *err);

/* Family resolution from an nlctrl CTRL_CMD_NEWFAMILY reply. */
struct cpo_family {
	uint16_t id;
	uint32_t version;
	uint32_t monitor_group;		/* 0 when the family has none */
};
int cpo_msg_ctrl_getfamily(void *buf, size_t len, uint32_t seq,
			   const char *name);
int cpo_ctrl_parse(const struct nlmsghdr *nlh, struct cpo_family *fam,
		   struct cpo_error *err);

/*
 * Reply processing for one request. A request is over when an ack, an
 * error or NLMSG_DONE arrives; objects are delivered through @data_cb.
 * Errors found on the way are recorded in @err and the rest of the reply
 * is drained so the socket stays in step.
 */
struct cpo_reply {
	const struct nlmsghdr *req;
	const struct cpo_attr_set *set;
	uint32_t seq;
	uint32_t portid;
	/* Return 0, or a negative errno to stop delivering (recorded). */
	int (*data_cb)(const struct nlmsghdr *nlh, struct cpo_reply *r);
	void (*cb)(void);		/* the user's object callback */
	int (*call)(void (*cb)(void), const void *obj, void *data);
	void *data;			/* its argument */
	void *obj;			/* where a do request stores its reply */
	struct cpo_error *err;
	int ret;			/* first error, negative errno */
	unsigned int count;		/* data messages delivered */
	bool dump_intr;
	bool done;
	/*
	 * Notifications (sequence number 0) on the request socket go to
	 * data_cb too: engine-flash's progress before its ack. Else they are
	 * passed over, so that a late one is never taken for a reply.
	 */
	bool events;
};

/*
 * Process @len bytes of replies. Return 1 while more is expected, 0 when
 * the request is complete (then r->ret holds its result).
 */
int cpo_reply_process(struct cpo_reply *r, const void *buf, size_t len);

/*
 * Deliver the events in @len bytes received on a monitor socket; messages
 * of other families and unknown commands are skipped.
 */
int cpo_monitor_process(const void *buf, size_t len, uint16_t family,
			cpo_event_cb cb, void *data, struct cpo_error *err);

/* Send @req on the handle's request socket and process replies. */
struct cpo_handle;
int cpo_request(struct cpo_handle *h, struct cpo_reply *r);
/* The handle's send buffer, family and next sequence number. */
void *cpo_send_buf(struct cpo_handle *h);
uint32_t cpo_next_seq(struct cpo_handle *h);

/*
 * Requests over the handle, for every object type alike. @len is what
 * the builder returned for the request in the send buffer (a negative
 * errno is passed on); @set is the request's attribute set. A get stores
 * its one object in @obj, a dump hands each to @cb (called through
 * @call, which knows its type), a set expects an ack.
 */
typedef int (*cpo_obj_call)(void (*cb)(void), const void *obj, void *data);
int cpo_obj_get(struct cpo_handle *h, int len, const struct cpo_attr_set *set,
		void *obj, struct cpo_error *err);
int cpo_obj_dump(struct cpo_handle *h, int len,
		 const struct cpo_attr_set *set, cpo_obj_call call,
		 void (*cb)(void), void *data, struct cpo_error *err);
int cpo_obj_ack(struct cpo_handle *h, int len, const struct cpo_attr_set *set,
		struct cpo_error *err);

#endif /* CPO_PRIV_H */
