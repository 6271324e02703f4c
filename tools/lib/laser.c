// SPDX-License-Identifier: GPL-2.0
/*
 * Lasers: get, dump and set (enable, failover policy, failover) over the
 * handle.
 */
#include <errno.h>
#include <string.h>

#include "cpo_priv.h"

int cpo_laser_parse(const struct nlmsghdr *nlh, struct cpo_laser *l,
		    struct cpo_error *err)
{
	memset(l, 0, sizeof(*l));
	return cpo_attrs_parse(nlh, &cpo_laser_attr_set, l, &l->present, err);
}

static int laser_one(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	return cpo_laser_parse(nlh, r->obj, r->err);
}

static int laser_each(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	cpo_laser_cb cb = (cpo_laser_cb)r->cb;
	struct cpo_laser l;
	int ret;

	ret = cpo_laser_parse(nlh, &l, r->err);
	if (ret)
		return ret;
	return cb(&l, r->data);
}

static int no_data(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	(void)nlh;
	(void)r;
	return 0;	/* a set replies with an ack only */
}

static int laser_request(struct cpo_handle *h, int len, struct cpo_reply *r)
{
	if (len < 0)
		return len;
	r->req = cpo_send_buf(h);
	r->set = &cpo_laser_attr_set;
	return cpo_request(h, r);
}

int cpo_laser_get(struct cpo_handle *h, uint32_t id, struct cpo_laser *l,
		  struct cpo_error *err)
{
	struct cpo_laser sel = { .present = CPO_BIT(CPO_A_LASER_ID), .id = id };
	struct cpo_reply r = { .data_cb = laser_one, .obj = l, .err = err };
	int ret;

	cpo_error_clear(err);
	ret = laser_request(h, cpo_msg_laser_get(cpo_send_buf(h),
						 CPO_SEND_BUF_SIZE,
						 cpo_family_id(h),
						 cpo_next_seq(h), &sel, err),
			    &r);
	if (!ret && !r.count)
		return cpo_err_set(err, EPROTO, "no reply from the kernel");
	return ret;
}

int cpo_laser_dump(struct cpo_handle *h, cpo_laser_cb cb, void *data,
		   struct cpo_error *err)
{
	struct cpo_reply r = {
		.data_cb = laser_each, .cb = (void (*)(void))cb, .data = data,
		.err = err,
	};

	cpo_error_clear(err);
	return laser_request(h, cpo_msg_laser_dump(cpo_send_buf(h),
						   CPO_SEND_BUF_SIZE,
						   cpo_family_id(h),
						   cpo_next_seq(h), err),
			     &r);
}

int cpo_laser_set(struct cpo_handle *h, const struct cpo_laser *req,
		  struct cpo_error *err)
{
	struct cpo_reply r = { .data_cb = no_data, .err = err };

	cpo_error_clear(err);
	return laser_request(h, cpo_msg_laser_set(cpo_send_buf(h),
						  CPO_SEND_BUF_SIZE,
						  cpo_family_id(h),
						  cpo_next_seq(h), req, err),
			     &r);
}
