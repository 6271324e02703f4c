// SPDX-License-Identifier: GPL-2.0
/*
 * Engines: get, dump and set over the handle.
 */
#include <errno.h>
#include <string.h>

#include "cpo_priv.h"

int cpo_engine_parse(const struct nlmsghdr *nlh, struct cpo_engine *e,
		     struct cpo_error *err)
{
	memset(e, 0, sizeof(*e));
	return cpo_attrs_parse(nlh, &cpo_engine_attr_set, e, &e->present, err);
}

static int engine_one(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	return cpo_engine_parse(nlh, r->obj, r->err);
}

static int engine_each(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	cpo_engine_cb cb = (cpo_engine_cb)r->cb;
	struct cpo_engine e;
	int ret;

	ret = cpo_engine_parse(nlh, &e, r->err);
	if (ret)
		return ret;
	return cb(&e, r->data);
}

static int engine_request(struct cpo_handle *h, int len, struct cpo_reply *r)
{
	if (len < 0)
		return len;
	r->req = cpo_send_buf(h);
	r->set = &cpo_engine_attr_set;
	return cpo_request(h, r);
}

int cpo_engine_get(struct cpo_handle *h, uint32_t id, struct cpo_engine *e,
		   struct cpo_error *err)
{
	struct cpo_engine sel = { .present = CPO_BIT(CPO_A_ENGINE_ID), .id = id };
	struct cpo_reply r = { .data_cb = engine_one, .obj = e, .err = err };
	int ret;

	cpo_error_clear(err);
	ret = engine_request(h, cpo_msg_engine_get(cpo_send_buf(h),
						   CPO_SEND_BUF_SIZE,
						   cpo_family_id(h),
						   cpo_next_seq(h), &sel, err),
			     &r);
	if (!ret && !r.count)
		return cpo_err_set(err, EPROTO, "no reply from the kernel");
	return ret;
}

int cpo_engine_dump(struct cpo_handle *h, cpo_engine_cb cb, void *data,
		    struct cpo_error *err)
{
	struct cpo_reply r = {
		.data_cb = engine_each, .cb = (void (*)(void))cb, .data = data,
		.err = err,
	};

	cpo_error_clear(err);
	return engine_request(h, cpo_msg_engine_dump(cpo_send_buf(h),
						     CPO_SEND_BUF_SIZE,
						     cpo_family_id(h),
						     cpo_next_seq(h), err),
			      &r);
}

static int no_data(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	(void)nlh;
	(void)r;
	return 0;	/* a set replies with an ack only */
}

int cpo_engine_set(struct cpo_handle *h, const struct cpo_engine *req,
		   struct cpo_error *err)
{
	struct cpo_reply r = { .data_cb = no_data, .err = err };

	cpo_error_clear(err);
	return engine_request(h, cpo_msg_engine_set(cpo_send_buf(h),
						    CPO_SEND_BUF_SIZE,
						    cpo_family_id(h),
						    cpo_next_seq(h), req, err),
			      &r);
}
