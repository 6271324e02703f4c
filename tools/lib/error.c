// SPDX-License-Identifier: GPL-2.0
/*
 * Errors: the kernel's extended ack turned into a struct cpo_error, and
 * that struct turned into one line for humans.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>

#include "cpo_priv.h"

void cpo_error_clear(struct cpo_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

int cpo_err_set(struct cpo_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->err = errnum;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -errnum;
}

int cpo_error_format(const struct cpo_error *err, char *buf, size_t len)
{
	const char *base = err->msg[0] ? err->msg : strerror(err->err);
	const char *name;
	char num[16];

	if (!err->miss_attr && !err->bad_attr)
		return snprintf(buf, len, "%s", base);

	name = cpo_attr_name(err->set, err->miss_attr ?: err->bad_attr);
	if (!name) {
		snprintf(num, sizeof(num), "%u",
			 err->miss_attr ?: err->bad_attr);
		name = num;
	}
	return snprintf(buf, len, "%s (%sattribute %s%s%s)", base,
			err->miss_attr ? "missing " : "",
			err->set ? err->set->name : "",
			err->set ? "." : "", name);
}

struct extack_ctx {
	const struct nlmsghdr *req;
	struct cpo_error *err;
};

/*
 * Map an offset into our own request back to the attribute there: its
 * type, and in *@set the set it belongs to, which is a nested set when
 * the offset lies inside one of @set's nests. 0 when no attribute is there.
 */
static uint32_t attr_at_offset(const struct nlmsghdr *req, uint32_t off,
			       const struct cpo_attr_set **set)
{
	const char *base = (const char *)req, *p, *end;
	const struct cpo_attr_desc *d;
	const struct nlattr *attr;
	size_t at;

	if (!req || off < MNL_NLMSG_HDRLEN + GENL_HDRLEN ||
	    (size_t)off + sizeof(*attr) > req->nlmsg_len)
		return 0;
	p = base + MNL_NLMSG_HDRLEN + GENL_HDRLEN;
	end = base + req->nlmsg_len;
	while (p + sizeof(*attr) <= end) {
		attr = (const struct nlattr *)p;
		at = p - base;
		if (attr->nla_len < sizeof(*attr) || attr->nla_len > end - p)
			break;
		if (at == off)
			return attr->nla_type & NLA_TYPE_MASK;
		if (off > at && off < at + attr->nla_len) {
			/* inside: only a nest has attributes within */
			d = cpo_attr_desc(*set, attr->nla_type & NLA_TYPE_MASK);
			if (!d || !d->nested)
				break;
			*set = d->nested;
			end = p + attr->nla_len;
			p += MNL_ATTR_HDRLEN;
			continue;
		}
		p += MNL_ALIGN(attr->nla_len);
	}
	/* not on an attribute boundary: whatever header is there */
	attr = (const struct nlattr *)(base + off);
	return attr->nla_type & NLA_TYPE_MASK;
}

static int extack_attr(const struct nlattr *attr, void *data)
{
	struct extack_ctx *ctx = data;
	struct cpo_error *err = ctx->err;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return -EBADMSG;
		snprintf(err->msg, sizeof(err->msg), "%s",
			 mnl_attr_get_str(attr));
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return -EBADMSG;
		err->bad_off = mnl_attr_get_u32(attr);
		err->bad_attr = attr_at_offset(ctx->req, err->bad_off,
					       &err->set);
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return -EBADMSG;
		err->miss_attr = mnl_attr_get_u32(attr);
		break;
	default:	/* cookie, policy, nest: nothing to show */
		break;
	}
	return 0;
}

/* Parse the extack TLVs @tlv_off bytes into the payload and set @errnum. */
static int error_fill(const struct nlmsghdr *nlh, size_t tlv_off, int errnum,
		      const struct nlmsghdr *req,
		      const struct cpo_attr_set *set, struct cpo_error *err)
{
	struct cpo_error local;
	struct extack_ctx ctx = { .req = req, .err = err ? err : &local };

	cpo_error_clear(ctx.err);
	ctx.err->err = errnum;
	ctx.err->set = set;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS &&
	    cpo_attr_walk(nlh, tlv_off, extack_attr, &ctx) < 0)
		return cpo_err_set(err, EBADMSG, "malformed extended ack");
	return -errnum;
}

int cpo_nlmsg_error_parse(const struct nlmsghdr *nlh,
			  const struct nlmsghdr *req,
			  const struct cpo_attr_set *set,
			  struct cpo_error *err)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return cpo_err_set(err, EBADMSG, "truncated netlink error");
	/* without NETLINK_CAP_ACK the request is echoed before the TLVs */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += MNL_ALIGN(e->msg.nlmsg_len) - MNL_NLMSG_HDRLEN;
	if (e->error > 0 || -e->error > 4095)
		return cpo_err_set(err, EBADMSG, "bad errno in netlink error");
	return error_fill(nlh, off, -e->error, req, set, err);
}

int cpo_nlmsg_done_parse(const struct nlmsghdr *nlh,
			 const struct nlmsghdr *req,
			 const struct cpo_attr_set *set,
			 struct cpo_error *err)
{
	int error;

	/* old kernels may send an empty NLMSG_DONE */
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(int))
		return error_fill(nlh, 0, 0, NULL, set, err);
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error > 0 || -error > 4095)
		return cpo_err_set(err, EBADMSG, "bad errno in NLMSG_DONE");
	return error_fill(nlh, sizeof(int), -error, req, set, err);
}
