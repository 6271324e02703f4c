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

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

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

int cpoctl_no_more_args(struct cpoctl *c, const struct cpoctl_object *obj,
			int argc, char **argv, int used)
{
	if (argc > used)
		return cpoctl_usage(c, obj, "unexpected argument \"%s\"",
				    argv[used]);
	return 0;
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

int cpoctl_parse_id(struct cpoctl *c, const struct cpoctl_object *obj,
		    const char *meta, const char *what, int argc, char **argv,
		    uint32_t *v, uint64_t *present, uint64_t bit, int *used)
{
	int ret;

	*used = 0;
	if (argc > 0 && !strcmp(argv[0], "id")) {
		argc--;
		argv++;
		(*used)++;
	}
	if (argc < 1)
		return cpoctl_usage(c, obj, "missing %s", meta);
	ret = cpoctl_parse_u32(c, obj, what, argv[0], v);
	if (ret)
		return ret;
	*present |= bit;
	(*used)++;
	return 0;
}

int cpoctl_parse_sel(struct cpoctl *c, const struct cpoctl_object *obj,
		     const struct cpoctl_sel *sels, size_t n,
		     const struct cpo_attr_set *set, int argc, char **argv,
		     void *o, uint64_t *present,
		     const struct cpoctl_sel **sel, int *used)
{
	size_t i;
	int ret;

	*used = 0;
	*sel = NULL;
	for (i = 0; i < n && argc > 0; i++) {
		if (strcmp(argv[0], sels[i].keyword))
			continue;
		/* "engine ENGINE_ID", also "engine id ENGINE_ID" */
		ret = cpoctl_parse_id(c, obj, sels[i].meta, sels[i].what,
				      argc - 1, argv + 1,
				      cpoctl_sel_field(&sels[i], set, o),
				      present, CPO_BIT(sels[i].attr), used);
		if (ret)
			return ret;
		*sel = &sels[i];
		(*used)++;
		return 0;
	}
	return 0;
}

uint32_t *cpoctl_sel_field(const struct cpoctl_sel *s,
			   const struct cpo_attr_set *set, void *o)
{
	return (uint32_t *)((char *)o + cpo_attr_desc(set, s->attr)->offset);
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

int cpoctl_arg_flag(const struct cpoctl_set_arg *a,
		    const struct cpo_attr_desc *d, const char *arg,
		    void *field)
{
	(void)a;
	if (arg || d->kind != CPO_ATTR_FLAG)
		return -EINVAL;
	*(bool *)field = true;
	return 0;
}

int cpoctl_arg_unit(const struct cpoctl_set_arg *a,
		    const struct cpo_attr_desc *d, const char *arg,
		    void *field)
{
	enum cpoctl_num ret;
	int64_t v;

	if (!a->unit || d->kind != CPO_ATTR_S64)
		return -CPOCTL_NUM_SYNTAX;
	ret = cpoctl_parse_unit(a->unit, arg, a->none, &v);
	if (ret)
		return -(int)ret;
	memcpy(field, &v, sizeof(v));
	return 0;
}

int cpoctl_arg_range(const struct cpoctl_set_arg *a,
		     const struct cpo_attr_desc *d, const char *arg,
		     void *field)
{
	unsigned long long n;
	char *end;

	/* strtoull takes signs and spaces, and wraps "-1"; digits only */
	if (!arg || d->kind != CPO_ATTR_U32 || *arg < '0' || *arg > '9')
		return -EINVAL;
	errno = 0;
	n = strtoull(arg, &end, 10);
	if (errno || *end || n < a->min || n > a->max)
		return -EINVAL;
	*(uint32_t *)field = n;
	return 0;
}

void cpoctl_enum_list(const struct cpo_enum *e, const char *sep, char *buf,
		      size_t len)
{
	size_t used = 0;
	uint32_t i;

	buf[0] = '\0';
	for (i = 0; e && i <= e->max && used < len; i++) {
		if (!e->names[i])
			continue;
		used += snprintf(buf + used, len - used, "%s%s",
				 used ? sep : "", e->names[i]);
	}
}

/* The length of the first item of "a | b | c". */
static size_t choice_len(const char *p)
{
	const char *bar = strstr(p, " | ");

	return bar ? (size_t)(bar - p) : strlen(p);
}

void cpoctl_print_choices(FILE *fp, const char *head, const char *list)
{
	size_t indent = strlen(head) + 2, col = indent, n;
	const char *p = list;

	fprintf(fp, "%s{ ", head);
	for (;;) {
		n = choice_len(p);
		fprintf(fp, "%.*s", (int)n, p);
		col += n;
		if (!p[n])
			break;
		p += n + 3;
		/* the next item and its " |" or " }" must fit */
		if (col + 3 + choice_len(p) + 2 > 80) {
			fprintf(fp, " |\n%*s", (int)indent, "");
			col = indent;
		} else {
			fputs(" | ", fp);
			col += 3;
		}
	}
	fputs(" }\n", fp);
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
	const char *value;
	uint64_t seen = 0;
	char vals[128];
	int step, ret;

	for (; argc > 0; argc -= step, argv += step) {
		a = set_arg_find(tbl, n, argv[0]);
		if (!a)
			return cpoctl_usage(c, obj, "unknown argument \"%s\"",
					    argv[0]);
		if (a->unit)
			cpoctl_num_error(vals, sizeof(vals), a->unit,
					 CPOCTL_NUM_SYNTAX);
		else if (a->meta && a->max)
			snprintf(vals, sizeof(vals), "%u..%u", a->min, a->max);
		else if (a->meta)
			snprintf(vals, sizeof(vals), "a %s", a->meta);
		else
			cpoctl_enum_list(a->values, "|", vals, sizeof(vals));
		if (seen & CPO_BIT(a->attr))
			return cpoctl_usage(c, obj, "\"%s\" given twice",
					    a->keyword);
		/* a keyword alone takes none */
		step = a->values || a->unit || a->meta ? 2 : 1;
		if (argc < step)
			return cpoctl_usage(c, obj,
					    "missing value for \"%s\" (%s%s)",
					    a->keyword, a->unit ? "" : "expected ",
					    vals);
		d = cpo_attr_desc(set, a->attr);
		value = step == 2 ? argv[1] : NULL;
		ret = d ? a->parse(a, d, value, (char *)o + d->offset) : -1;
		if (ret && a->unit && -ret > CPOCTL_NUM_SYNTAX) {
			cpoctl_num_error(vals, sizeof(vals), a->unit, -ret);
			return cpoctl_usage(c, obj,
					    "invalid value \"%s\" for \"%s\": %s",
					    value, a->keyword, vals);
		}
		if (ret)
			return cpoctl_usage(c, obj,
					    "invalid value \"%s\" for \"%s\" (%s%s)",
					    value ? value : "", a->keyword,
					    a->unit ? "" : "expected ", vals);
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
		fprintf(fp, "%s[ %s", i ? " " : "", tbl[i].keyword);
		if (tbl[i].meta)
			fprintf(fp, " %s", tbl[i].meta);
		else if (tbl[i].unit)
			fputs(" VALUE", fp);
		if (tbl[i].values) {
			cpoctl_enum_list(tbl[i].values, " | ", vals, sizeof(vals));
			fprintf(fp, " { %s }", vals);
		}
		fputs(" ]", fp);
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

void cpoctl_fmt_ber(char *buf, size_t len, uint64_t ber_e18)
{
	if (!ber_e18)
		snprintf(buf, len, "0");
	else
		snprintf(buf, len, "%.1e", (double)ber_e18 / 1e18);
}

/*
 * Fixed-point units: value / div with decimals digits, then the unit;
 * optical powers (dbm_exp: the value is 10^-dbm_exp mW) also in dBm.
 */
static const struct {
	uint32_t div;
	unsigned int decimals;
	const char *unit;
	unsigned int dbm_exp;
} scaled_fmts[] = {
	[CPOCTL_FMT_MILLI_C] = { 1000, 1, "C" },
	[CPOCTL_FMT_MICRO_V] = { 1000000, 3, "V" },
	[CPOCTL_FMT_NANO_W] = { 1000000, 3, "mW", 6 },
	[CPOCTL_FMT_MICRO_A] = { 1000, 3, "mA" },
	[CPOCTL_FMT_MICRO_W] = { 1000, 3, "mW", 3 },
	[CPOCTL_FMT_MICRO_W_W] = { 1000000, 3, "W" },
	[CPOCTL_FMT_FJ_BIT] = { 1000, 2, "pJ/bit" },
	[CPOCTL_FMT_CENTI_DB] = { 100, 2, "dB" },
	[CPOCTL_FMT_PICO_M] = { 1000, 2, "nm" },
	[CPOCTL_FMT_PPM_PCT] = { 10000, 2, "%" },
};

static int64_t field_value(const struct cpo_attr_desc *d, const void *field)
{
	uint64_t u64;
	int64_t s64;

	switch (d->kind) {
	case CPO_ATTR_U8:
		return *(const uint8_t *)field;
	case CPO_ATTR_U32:
		return *(const uint32_t *)field;
	case CPO_ATTR_S32:
		return *(const int32_t *)field;
	case CPO_ATTR_FLAG:
		return *(const bool *)field;
	case CPO_ATTR_U64:
		/* for text only: JSON prints the u64 itself */
		memcpy(&u64, field, sizeof(u64));
		return u64 > INT64_MAX ? INT64_MAX : (int64_t)u64;
	case CPO_ATTR_S64:
		memcpy(&s64, field, sizeof(s64));
		return s64;
	default:
		return 0;
	}
}

/* Text "1,2,3", "none" when empty, ",..." when the list was cut. */
static void print_list_text(const struct cpo_id_list *l)
{
	uint32_t i;

	if (!l->n)
		print_text("none");
	for (i = 0; i < l->n && i < CPO_LIST_MAX; i++)
		print_text("%s%u", i ? "," : "", l->ids[i]);
	if (l->truncated)
		print_text(",...");
}

/* The quantity a FMT_QUANTITY field of @obj is in. */
static uint32_t field_quantity(const struct cpo_attr_set *set, const void *obj,
			       const struct cpoctl_field *f)
{
	const struct cpo_attr_desc *q = cpo_attr_desc(set, f->unit_of);

	if (!q || q->kind != CPO_ATTR_U32)
		return 0;
	return *(const uint32_t *)((const char *)obj + q->offset);
}

/* @s in capitals, for a flag that must not be missed. */
static const char *upper(const char *s, char *buf, size_t len)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		buf[i] = s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i];
	buf[i] = '\0';
	return buf;
}

/*
 * The text form of a field, or NULL for none (a clear alert, no error);
 * enum names also serve as the JSON value.
 */
static const char *field_text(const struct cpo_attr_set *set, const void *obj,
			      const struct cpo_attr_desc *d,
			      const struct cpoctl_field *f, char *buf,
			      size_t len)
{
	const void *field = (const char *)obj + d->offset;
	int64_t v = field_value(d, field);
	enum cpoctl_fmt fmt = f->fmt;
	const char *name;
	uint64_t u64;

	if (fmt < ARRAY_SIZE(scaled_fmts) && scaled_fmts[fmt].div) {
		cpoctl_fmt_scaled(buf, len, v, scaled_fmts[fmt].div,
				  scaled_fmts[fmt].decimals,
				  scaled_fmts[fmt].unit);
		if (scaled_fmts[fmt].dbm_exp) {
			char dbm[32];
			size_t n = strlen(buf);

			cpoctl_fmt_dbm(dbm, sizeof(dbm), v,
				       scaled_fmts[fmt].dbm_exp);
			snprintf(buf + n, len > n ? len - n : 0, " (%s)", dbm);
		}
		return buf;
	}
	switch (fmt) {
	case CPOCTL_FMT_ON_OFF:
		return v ? "on" : "off";
	case CPOCTL_FMT_YES_NO:
		return v ? "yes" : "no";
	case CPOCTL_FMT_RATE:
		cpoctl_fmt_rate(buf, len, v);
		return buf;
	case CPOCTL_FMT_BER:
		cpoctl_fmt_ber(buf, len, v);
		return buf;
	case CPOCTL_FMT_QUANTITY:
	case CPOCTL_FMT_QUANTITY_DBM:
		cpoctl_fmt_quantity(buf, len, field_quantity(set, obj, f), v,
				    fmt == CPOCTL_FMT_QUANTITY_DBM);
		return buf;
	case CPOCTL_FMT_TIME:
		cpoctl_fmt_time(buf, len, (uint64_t)v, 3);
		return buf;
	case CPOCTL_FMT_AGE:
		memcpy(&u64, field, sizeof(u64));
		cpoctl_fmt_age(buf, len, u64, cpoctl_clock());
		return buf;
	case CPOCTL_FMT_DURATION:
		memcpy(&u64, field, sizeof(u64));
		cpoctl_fmt_duration(buf, len, u64);
		return buf;
	case CPOCTL_FMT_MS_OR_SIGNAL:
		if (!v)
			return "on change only";
		snprintf(buf, len, "%" PRId64 " ms", v);
		return buf;
	case CPOCTL_FMT_ERRNO:
		if (!v)
			return NULL;
		cpoctl_fmt_errno(buf, len, v);
		return buf;
	case CPOCTL_FMT_ALERT:
		return v ? upper(d->name, buf, len) : NULL;
	default:
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

static void print_list(const char *key, const struct cpo_id_list *l)
{
	uint32_t i;

	open_json_array(key);
	for (i = 0; i < l->n && i < CPO_LIST_MAX; i++)
		print_uint(PRINT_JSON, NULL, NULL, l->ids[i]);
	close_json_array();
}

/* Text " name text", or " text" for a bare field; nothing for no text. */
static void print_field_text(const struct cpo_attr_desc *d,
			     const struct cpoctl_field *f, const char *text)
{
	if (!text)
		return;
	if (f->bare)
		print_text(" %s", text);
	else
		print_text(" %s %s", d->name, text);
}

static void print_field(const struct cpo_attr_set *set, const void *obj,
			const struct cpo_attr_desc *d,
			const struct cpoctl_field *f)
{
	const void *field = (const char *)obj + d->offset;
	const char *name = d->values ? cpo_enum_name(d->values,
						     field_value(d, field)) : NULL;
	const char *text;
	char buf[96];
	uint64_t u64;

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
	case CPO_ATTR_U64:
		memcpy(&u64, field, sizeof(u64));
		print_u64(PRINT_JSON, d->name, NULL, u64);
		break;
	case CPO_ATTR_S64:
		print_s64(PRINT_JSON, d->name, NULL, field_value(d, field));
		break;
	case CPO_ATTR_U32_MULTI:
		print_list(d->name, field);
		print_text(" %s ", d->name);
		print_list_text(field);
		return;
	default:
		if (name)	/* enums by name, as the spec and ynl do */
			print_string(PRINT_JSON, d->name, NULL, name);
		else
			print_uint(PRINT_JSON, d->name, NULL,
				   field_value(d, field));
		break;
	}
	text = field_text(set, obj, d, f, buf, sizeof(buf));
	print_field_text(d, f, text);
}

void cpoctl_print_fields(const struct cpo_attr_set *set, const void *obj,
			 uint64_t present, const struct cpoctl_field *f,
			 size_t n)
{
	const struct cpo_attr_desc *d;
	bool nl = false;
	size_t i;

	for (i = 0; i < n; i++) {
		bool absent;

		nl |= f[i].nl;
		d = cpo_attr_desc(set, f[i].attr);
		if (!d || d->kind == CPO_ATTR_NEST_MULTI ||
		    d->kind == CPO_ATTR_NEST)
			continue;
		/*
		 * an absent flag is a false one (but a marker flag, set_only,
		 * is left out) and an absent list an empty one; other absent
		 * fields are unknown, unless absence means something (never
		 * refreshed) the text can say: JSON leaves them out
		 */
		absent = (d->kind != CPO_ATTR_FLAG || f[i].set_only) &&
			 d->kind != CPO_ATTR_U32_MULTI &&
			 !cpo_has(present, f[i].attr);
		if (absent && !f[i].absent)
			continue;
		if (nl)		/* no empty line for a group that is all absent */
			print_nl_indent(f[i].indent ? f[i].indent : 3);
		nl = false;
		if (absent)
			print_field_text(d, &f[i], f[i].absent);
		else
			print_field(set, obj, d, &f[i]);
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

int cpoctl_set_status(struct cpoctl *c, int ret, const struct cpo_error *err)
{
	if (ret)
		return cpoctl_kernel_error(c, err);
	cpoctl_kernel_warning(c, err);
	return CPOCTL_EXIT_OK;
}

int cpoctl_show(struct cpoctl *c, const struct cpoctl_req *req,
		cpoctl_fetch_fn fetch)
{
	struct cpo_error err;
	int ret;

	open_json_array(NULL);
	ret = fetch(c, req, &err);
	close_json_array();
	if (ret)
		return cpoctl_kernel_error(c, &err);
	return CPOCTL_EXIT_OK;
}

int cpoctl_parse_engines(struct cpoctl *c, const struct cpoctl_object *obj,
			 int argc, char **argv, struct cpo_engine *e, int *used)
{
	if (argc < 1 || strcmp(argv[0], "dev"))
		return cpoctl_parse_id(c, obj, "ENGINE_ID", "engine id", argc,
				       argv, &e->id, &e->present,
				       CPO_BIT(CPO_A_ENGINE_ID), used);
	if (argc < 2)
		return cpoctl_usage(c, obj, "missing DEV after dev");
	if (!argv[1][0] || strlen(argv[1]) >= sizeof(e->dev_name))
		return cpoctl_usage(c, obj, "DEV: a name of 1 to %zu characters",
				    sizeof(e->dev_name) - 1);
	strcpy(e->dev_name, argv[1]);
	e->present |= CPO_BIT(CPO_A_ENGINE_DEV_NAME);
	*used = 2;
	return 0;
}
