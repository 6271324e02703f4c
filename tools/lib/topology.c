// SPDX-License-Identifier: GPL-2.0
/*
 * Topology: which lanes and ports lose light when an engine or a laser
 * fails.
 */
#include <errno.h>
#include <string.h>

#include "cpo_priv.h"

int cpo_topology_parse(const struct nlmsghdr *nlh, struct cpo_topology *t,
		       struct cpo_error *err)
{
	memset(t, 0, sizeof(*t));
	return cpo_attrs_parse(nlh, &cpo_topology_attr_set, t, &t->present,
			       err);
}

static int topology_one(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	return cpo_topology_parse(nlh, r->obj, r->err);
}

int cpo_topology_get(struct cpo_handle *h, const struct cpo_topology *sel,
		     struct cpo_topology *t, struct cpo_error *err)
{
	struct cpo_reply r = {
		.data_cb = topology_one, .obj = t, .err = err,
		.set = &cpo_topology_attr_set,
	};
	int ret;

	cpo_error_clear(err);
	ret = cpo_msg_topology_get(cpo_send_buf(h), CPO_SEND_BUF_SIZE,
				   cpo_family_id(h), cpo_next_seq(h), sel, err);
	if (ret < 0)
		return ret;
	r.req = cpo_send_buf(h);
	ret = cpo_request(h, &r);
	if (!ret && !r.count)
		return cpo_err_set(err, EPROTO, "no reply from the kernel");
	return ret;
}
