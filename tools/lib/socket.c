// SPDX-License-Identifier: GPL-2.0
/*
 * The handle: a request socket (extended, capped acks), the resolved
 * family and, once monitoring starts, a second socket for notifications.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include "cpo_priv.h"

struct cpo_handle {
	struct mnl_socket *nl;
	struct mnl_socket *mon;
	struct cpo_family fam;
	uint32_t seq;
	char *rbuf;
	char sbuf[CPO_SEND_BUF_SIZE];
};

static struct mnl_socket *socket_open(struct cpo_error *err)
{
	struct mnl_socket *nl;
	int one = 1;

	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl) {
		cpo_err_set(err, errno, "cannot open netlink socket: %s",
			    strerror(errno));
		return NULL;
	}
	/* Both are best effort: old kernels simply send less. */
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		cpo_err_set(err, errno, "cannot bind netlink socket: %s",
			    strerror(errno));
		mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

void *cpo_send_buf(struct cpo_handle *h)
{
	return h->sbuf;
}

uint32_t cpo_next_seq(struct cpo_handle *h)
{
	return ++h->seq;
}

uint16_t cpo_family_id(const struct cpo_handle *h)
{
	return h->fam.id;
}

uint32_t cpo_family_version(const struct cpo_handle *h)
{
	return h->fam.version;
}

static int ctrl_data(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	return cpo_ctrl_parse(nlh, r->obj, r->err);
}

static int resolve_family(struct cpo_handle *h, struct cpo_error *err)
{
	struct cpo_reply r = {
		.data_cb = ctrl_data, .obj = &h->fam, .err = err,
	};
	int ret;

	ret = cpo_msg_ctrl_getfamily(h->sbuf, sizeof(h->sbuf),
				     cpo_next_seq(h), CPO_FAMILY_NAME);
	if (ret < 0)
		return ret;
	r.req = (struct nlmsghdr *)h->sbuf;
	ret = cpo_request(h, &r);
	if (ret == -ENOENT)
		return cpo_err_set(err, ENOENT,
				   "netlink family \"%s\" not found (is the cpo module loaded?)",
				   CPO_FAMILY_NAME);
	return ret;
}

int cpo_open(struct cpo_handle **hp, struct cpo_error *err)
{
	struct cpo_handle *h;
	int ret;

	cpo_error_clear(err);
	*hp = NULL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return cpo_err_set(err, ENOMEM, "out of memory");
	h->rbuf = malloc(CPO_RECV_BUF_SIZE);
	if (!h->rbuf) {
		ret = cpo_err_set(err, ENOMEM, "out of memory");
		goto err_free;
	}
	h->seq = time(NULL);
	h->nl = socket_open(err);
	if (!h->nl) {
		ret = -(err && err->err ? err->err : EIO);
		goto err_free;
	}
	ret = resolve_family(h, err);
	if (ret)
		goto err_close;
	*hp = h;
	return 0;

err_close:
	mnl_socket_close(h->nl);
err_free:
	free(h->rbuf);
	free(h);
	return ret;
}

void cpo_close(struct cpo_handle *h)
{
	if (!h)
		return;
	if (h->mon)
		mnl_socket_close(h->mon);
	mnl_socket_close(h->nl);
	free(h->rbuf);
	free(h);
}

/* Record the first error of a request; later ones only add noise. */
static void reply_fail(struct cpo_reply *r, int ret)
{
	if (!r->ret)
		r->ret = ret;
}

static int reply_error(struct cpo_reply *r, const struct nlmsghdr *nlh,
		       bool done)
{
	struct cpo_error scratch;
	struct cpo_error *err = r->ret ? &scratch : r->err;
	int ret;

	ret = done ? cpo_nlmsg_done_parse(nlh, r->req, r->set, err) :
		     cpo_nlmsg_error_parse(nlh, r->req, r->set, err);
	if (ret)
		reply_fail(r, ret);
	r->done = true;
	return 0;
}

static void reply_data(struct cpo_reply *r, const struct nlmsghdr *nlh)
{
	int ret;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		r->dump_intr = true;
	if (r->ret)		/* keep draining, deliver no more */
		return;
	ret = r->data_cb(nlh, r);
	if (ret)
		reply_fail(r, ret);
	else
		r->count++;
}

int cpo_reply_process(struct cpo_reply *r, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int rem = len;

	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
		if (!mnl_nlmsg_seq_ok(nlh, r->seq) ||
		    !mnl_nlmsg_portid_ok(nlh, r->portid))
			continue;	/* a stale reply to someone else */
		if (!nlh->nlmsg_seq && !r->events)
			continue;	/* a notification, not the reply */
		switch (nlh->nlmsg_type) {
		case NLMSG_NOOP:
		case NLMSG_OVERRUN:
			break;
		case NLMSG_ERROR:
			reply_error(r, nlh, false);
			break;
		case NLMSG_DONE:
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				r->dump_intr = true;
			reply_error(r, nlh, true);
			break;
		default:
			reply_data(r, nlh);
			break;
		}
		if (r->done)
			break;
	}
	if (rem > 0 && !r->done && !mnl_nlmsg_ok(nlh, rem)) {
		reply_fail(r, cpo_err_set(r->err, EBADMSG,
					  "truncated netlink message"));
		r->done = true;
	}
	if (!r->done)
		return 1;
	if (r->dump_intr) {
		if (r->err)
			r->err->dump_intr = true;
		if (!r->ret)
			r->ret = cpo_err_set(r->err, EINTR,
					     "dump interrupted: objects changed during the dump, retry");
	}
	return 0;
}

int cpo_request(struct cpo_handle *h, struct cpo_reply *r)
{
	const struct nlmsghdr *req = r->req;
	ssize_t n;

	r->seq = req->nlmsg_seq;
	r->portid = mnl_socket_get_portid(h->nl);
	if (mnl_socket_sendto(h->nl, req, req->nlmsg_len) < 0)
		return cpo_err_set(r->err, errno, "cannot send request: %s",
				   strerror(errno));
	for (;;) {
		n = mnl_socket_recvfrom(h->nl, h->rbuf, CPO_RECV_BUF_SIZE);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cpo_err_set(r->err, errno,
					   "cannot receive reply: %s",
					   strerror(errno));
		if (!cpo_reply_process(r, h->rbuf, n))
			return r->ret;
	}
}

int cpo_monitor_start(struct cpo_handle *h, struct cpo_error *err)
{
	int grp = h->fam.monitor_group;

	cpo_error_clear(err);
	if (!grp)
		return cpo_err_set(err, ENOENT,
				   "family \"%s\" has no \"%s\" group",
				   CPO_FAMILY_NAME, CPO_MCGRP_MONITOR);
	if (h->mon)
		return 0;
	h->mon = socket_open(err);
	if (!h->mon)
		return -(err && err->err ? err->err : EIO);
	if (mnl_socket_setsockopt(h->mon, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0) {
		int ret = cpo_err_set(err, errno,
				      "cannot join the monitor group: %s",
				      strerror(errno));

		mnl_socket_close(h->mon);
		h->mon = NULL;
		return ret;
	}
	return 0;
}

void cpo_monitor_stop(struct cpo_handle *h)
{
	if (!h || !h->mon)
		return;
	mnl_socket_close(h->mon);
	h->mon = NULL;
}

int cpo_monitor_rcvbuf(struct cpo_handle *h, int bytes, struct cpo_error *err)
{
	socklen_t len = sizeof(bytes);
	int fd;

	cpo_error_clear(err);
	if (!h->mon)
		return cpo_err_set(err, EINVAL, "monitor not started");
	fd = mnl_socket_get_fd(h->mon);
	/* FORCE passes net.core.rmem_max but needs CAP_NET_ADMIN */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)))
		return cpo_err_set(err, errno,
				   "cannot size the receive buffer: %s",
				   strerror(errno));
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, &len))
		return cpo_err_set(err, errno,
				   "cannot read the receive buffer size: %s",
				   strerror(errno));
	return bytes;
}

int cpo_unicast_wait(struct cpo_handle *h, int timeout_ms,
		     struct cpo_error *err)
{
	struct pollfd p = { .fd = mnl_socket_get_fd(h->nl), .events = POLLIN };
	int n;

	do {
		n = poll(&p, 1, timeout_ms);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return cpo_err_set(err, errno, "cannot wait: %s",
				   strerror(errno));
	return n;
}

int cpo_unicast_read(struct cpo_handle *h, cpo_event_cb cb, void *data,
		     struct cpo_error *err)
{
	ssize_t n;

	cpo_error_clear(err);
	do {
		n = mnl_socket_recvfrom(h->nl, h->rbuf, CPO_RECV_BUF_SIZE);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return cpo_err_set(err, errno, "cannot receive: %s",
				   strerror(errno));
	return cpo_monitor_process(h->rbuf, n, h->fam.id, cb, data, err);
}

int cpo_monitor_fd(const struct cpo_handle *h)
{
	return h->mon ? mnl_socket_get_fd(h->mon) : -1;
}

int cpo_monitor_read(struct cpo_handle *h, cpo_event_cb cb, void *data,
		     struct cpo_error *err)
{
	ssize_t n;

	cpo_error_clear(err);
	if (!h->mon)
		return cpo_err_set(err, EINVAL, "monitor not started");
	n = mnl_socket_recvfrom(h->mon, h->rbuf, CPO_RECV_BUF_SIZE);
	if (n < 0 && errno == ENOBUFS)
		return cpo_err_set(err, ENOBUFS,
				   "receive buffer overrun, events were lost");
	if (n < 0)
		return cpo_err_set(err, errno, "cannot receive events: %s",
				   strerror(errno));
	return cpo_monitor_process(h->rbuf, n, h->fam.id, cb, data, err);
}
