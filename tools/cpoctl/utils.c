// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl helpers: numbers, table-driven set arguments, table-driven
 * object printing (one path for text and JSON) and error reporting.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cpoctl.h"
#include "json_print.h"

int cpoctl_usage(struct cpoctl *c, const struct cpoctl_object *obj,
		 const char *fmt, ...)
{
	va_list ap;

	fputs("cpoctl: ", c->err);
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
	if (obj)
		obj->help(c->err);
	else
		cpoctl_help(c->err);
	return CPOCTL_EXIT_USAGE;
}

int cpoctl_parse_u32(struct cpoctl *c, const struct cpoctl_object *obj,
		     const char *what, const char *s, uint32_t *v)
{
	unsigned long long n;
	char *end;

	/* strtoull takes signs and spaces; an id is plain digits */
	if (*s < '0' || *s > '9')
		goto bad;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end || n > UINT32_MAX)
		goto bad;
	*v = n;
	return 0;
bad:
	return cpoctl_usage(c, obj, "invalid %s \"%s\"", what, s);
}

static const char *const on_off_names[] = { "off", "on" };

const struct cpo_enum cpoctl_on_off_enum = {
	.name = "on-off",
	.names = on_off_names,
	.max = 1,
};

int cpoctl_arg_enum(const struct cpoctl_set_arg *a,
		    const struct cpo_attr_desc *d, const char *arg,
		    void *field)
{
	uint32_t v;

	if (cpo_enum_value(a->values, arg, &v))
		return -EINVAL;
	switch (d->kind) {
	case CPO_ATTR_U8:
		*(uint8_t *)field = v;
		return 0;
	case CPO_ATTR_U32:
		*(uint32_t *)field = v;
		return 0;
	default:
		return -EINVAL;
	}
}

/* "low|high" */
static void values_list(const struct cpo_enum *e, const char *sep, char *buf,
			size_t len)
{
	size_t used = 0;
	uint32_t i;

	buf[0] = '\0';
	for (i = 0; i <= e->max && used < len; i++) {
		if (!e->names[i])
			continue;
		used += snprintf(buf + used, len - used, "%s%s",
				 used ? sep : "", e->names[i]);
	}
}

static const struct cpoctl_set_arg *set_arg_find(const struct cpoctl_set_arg *tbl,
						 size_t n, const char *kw)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(tbl[i].keyword, kw))
			return &tbl[i];
	return NULL;
}

int cpoctl_parse_set_args(struct cpoctl *c, const struct cpoctl_object *obj,
			  const struct cpoctl_set_arg *tbl, size_t n,
			  const struct cpo_attr_set *set, int argc,
			  char **argv, void *o, uint64_t *present)
{
	const struct cpoctl_set_arg *a;
	const struct cpo_attr_desc *d;
	uint64_t seen = 0;
	char vals[128];

	for (; argc > 0; argc -= 2, argv += 2) {
		a = set_arg_find(tbl, n, argv[0]);
		if (!a)
			return cpoctl_usage(c, obj, "unknown argument \"%s\"",
					    argv[0]);
		values_list(a->values, "|", vals, sizeof(vals));
		if (seen & CPO_BIT(a->attr))
			return cpoctl_usage(c, obj, "\"%s\" given twice",
					    a->keyword);
		if (argc < 2)
			return cpoctl_usage(c, obj,
					    "missing value for \"%s\" (expected %s)",
					    a->keyword, vals);
		d = cpo_attr_desc(set, a->attr);
		if (!d || a->parse(a, d, argv[1], (char *)o + d->offset))
			return cpoctl_usage(c, obj,
					    "invalid value \"%s\" for \"%s\" (expected %s)",
					    argv[1], a->keyword, vals);
		seen |= CPO_BIT(a->attr);
	}
	if (!seen)
		return cpoctl_usage(c, obj, "nothing to set");
	*present |= seen;
	return 0;
}

void cpoctl_set_usage(FILE *fp, const struct cpoctl_set_arg *tbl, size_t n)
{
	char vals[128];
	size_t i;

	for (i = 0; i < n; i++) {
		values_list(tbl[i].values, " | ", vals, sizeof(vals));
		fprintf(fp, "%s[ %s { %s } ]", i ? " " : "", tbl[i].keyword,
			vals);
	}
}

void cpoctl_fmt_scaled(char *buf, size_t len, int64_t v, uint32_t div,
		       unsigned int decimals, const char *unit)
{
	uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v;
	uint64_t p = 1;
	uint64_t scaled;
	unsigned int i;

	for (i = 0; i < decimals; i++)
		p *= 10;
	scaled = (a * p + div / 2) / div;
	if (decimals)
		snprintf(buf, len, "%s%" PRIu64 ".%0*" PRIu64 " %s",
			 v < 0 && scaled ? "-" : "", scaled / p, (int)decimals,
			 scaled % p, unit);
	else
		snprintf(buf, len, "%s%" PRIu64 " %s",
			 v < 0 && scaled ? "-" : "", scaled, unit);
}

void cpoctl_fmt_rate(char *buf, size_t len, uint32_t mbps)
{
	if (mbps && mbps % 1000 == 0)
		snprintf(buf, len, "%uG", mbps / 1000);
	else
		snprintf(buf, len, "%uM", mbps);
}

static int64_t field_value(const struct cpo_attr_desc *d, const void *field)
{
	switch (d->kind) {
	case CPO_ATTR_U8:
		return *(const uint8_t *)field;
	case CPO_ATTR_U32:
		return *(const uint32_t *)field;
	case CPO_ATTR_S32:
		return *(const int32_t *)field;
	case CPO_ATTR_FLAG:
		return *(const bool *)field;
	default:
		return 0;
	}
}

/* The text form of a field; enum names also serve as the JSON value. */
static const char *field_text(const struct cpo_attr_desc *d, const void *field,
			      enum cpoctl_fmt fmt, char *buf, size_t len)
{
	int64_t v = field_value(d, field);
	const char *name;

	switch (fmt) {
	case CPOCTL_FMT_ON_OFF:
		return v ? "on" : "off";
	case CPOCTL_FMT_YES_NO:
		return v ? "yes" : "no";
	case CPOCTL_FMT_MILLI_C:
		cpoctl_fmt_scaled(buf, len, v, 1000, 1, "C");
		return buf;
	case CPOCTL_FMT_MICRO_V:
		cpoctl_fmt_scaled(buf, len, v, 1000000, 3, "V");
		return buf;
	case CPOCTL_FMT_NANO_W:
		cpoctl_fmt_scaled(buf, len, v, 1000000, 3, "mW");
		return buf;
	case CPOCTL_FMT_MICRO_A:
		cpoctl_fmt_scaled(buf, len, v, 1000, 3, "mA");
		return buf;
	case CPOCTL_FMT_RATE:
		cpoctl_fmt_rate(buf, len, v);
		return buf;
	case CPOCTL_FMT_AUTO:
		break;
	}
	switch (d->kind) {
	case CPO_ATTR_STRING:
		return field;
	case CPO_ATTR_FLAG:
		return v ? "yes" : "no";
	default:
		name = d->values ? cpo_enum_name(d->values, v) : NULL;
		if (name)
			return name;
		snprintf(buf, len, "%" PRId64, v);
		return buf;
	}
}

static void print_field(const struct cpo_attr_desc *d, const void *field,
			enum cpoctl_fmt fmt)
{
	const char *name = d->values ? cpo_enum_name(d->values,
						     field_value(d, field)) : NULL;
	char buf[64];

	switch (d->kind) {
	case CPO_ATTR_STRING:
		print_string(PRINT_JSON, d->name, NULL, field);
		break;
	case CPO_ATTR_FLAG:
		print_bool(PRINT_JSON, d->name, NULL, *(const bool *)field);
		break;
	case CPO_ATTR_S32:
		print_int(PRINT_JSON, d->name, NULL, *(const int32_t *)field);
		break;
	default:
		if (name)	/* enums by name, as the spec and ynl do */
			print_string(PRINT_JSON, d->name, NULL, name);
		else
			print_uint(PRINT_JSON, d->name, NULL,
				   field_value(d, field));
		break;
	}
	print_text(" %s %s", d->name, field_text(d, field, fmt, buf,
						 sizeof(buf)));
}

void cpoctl_print_fields(const struct cpo_attr_set *set, const void *obj,
			 uint64_t present, const struct cpoctl_field *f,
			 size_t n)
{
	const struct cpo_attr_desc *d;
	bool nl = false;
	size_t i;

	for (i = 0; i < n; i++) {
		nl |= f[i].nl;
		d = cpo_attr_desc(set, f[i].attr);
		/* an absent flag is a false one; other absent fields are unknown */
		if (!d || (d->kind != CPO_ATTR_FLAG &&
			   !cpo_has(present, f[i].attr)))
			continue;
		if (nl)		/* no empty line for a group that is all absent */
			print_nl_indent(3);
		nl = false;
		print_field(d, (const char *)obj + d->offset, f[i].fmt);
	}
}

int cpoctl_kernel_error(struct cpoctl *c, const struct cpo_error *err)
{
	char buf[CPO_MSG_MAX + 128];

	cpo_error_format(err, buf, sizeof(buf));
	fprintf(c->err, "Error: %s\n", buf);
	return CPOCTL_EXIT_KERNEL;
}

void cpoctl_kernel_warning(struct cpoctl *c, const struct cpo_error *err)
{
	if (!err->err && err->msg[0])
		fprintf(c->err, "Warning: %s\n", err->msg);
}
