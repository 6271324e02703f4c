// SPDX-License-Identifier: GPL-2.0
/*
 * Lanes: get, dump and set over the handle.
 */
#include <errno.h>
#include <string.h>

#include "cpo_priv.h"

int cpo_lane_parse(const struct nlmsghdr *nlh, struct cpo_lane *l,
		   struct cpo_error *err)
{
	memset(l, 0, sizeof(*l));
	return cpo_attrs_parse(nlh, &cpo_lane_attr_set, l, &l->present, err);
}

static int lane_one(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	return cpo_lane_parse(nlh, r->obj, r->err);
}

static int lane_each(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	cpo_lane_cb cb = (cpo_lane_cb)r->cb;
	struct cpo_lane l;
	int ret;

	ret = cpo_lane_parse(nlh, &l, r->err);
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

static int lane_request(struct cpo_handle *h, int len, struct cpo_reply *r)
{
	if (len < 0)
		return len;
	r->req = cpo_send_buf(h);
	r->set = &cpo_lane_attr_set;
	return cpo_request(h, r);
}

int cpo_lane_get(struct cpo_handle *h, const struct cpo_lane *sel,
		 struct cpo_lane *l, struct cpo_error *err)
{
	struct cpo_reply r = { .data_cb = lane_one, .obj = l, .err = err };
	int ret;

	cpo_error_clear(err);
	ret = lane_request(h, cpo_msg_lane_get(cpo_send_buf(h),
					       CPO_SEND_BUF_SIZE,
					       cpo_family_id(h),
					       cpo_next_seq(h), sel, err),
			   &r);
	if (!ret && !r.count)
		return cpo_err_set(err, EPROTO, "no reply from the kernel");
	return ret;
}

int cpo_lane_dump(struct cpo_handle *h, const struct cpo_lane *filter,
		  cpo_lane_cb cb, void *data, struct cpo_error *err)
{
	struct cpo_reply r = {
		.data_cb = lane_each, .cb = (void (*)(void))cb, .data = data,
		.err = err,
	};

	cpo_error_clear(err);
	return lane_request(h, cpo_msg_lane_dump(cpo_send_buf(h),
						 CPO_SEND_BUF_SIZE,
						 cpo_family_id(h),
						 cpo_next_seq(h), filter, err),
			    &r);
}

int cpo_lane_set(struct cpo_handle *h, const struct cpo_lane *req,
		 struct cpo_error *err)
{
	struct cpo_reply r = { .data_cb = no_data, .err = err };

	cpo_error_clear(err);
	return lane_request(h, cpo_msg_lane_set(cpo_send_buf(h),
						CPO_SEND_BUF_SIZE,
						cpo_family_id(h),
						cpo_next_seq(h), req, err),
			    &r);
}
