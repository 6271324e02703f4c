// SPDX-License-Identifier: GPL-2.0
/*
 * The copy as Prometheus text (exposition format 0.0.4): base units
 * (watts, amperes, volts, degrees Celsius, seconds, meters), optical
 * powers also in dBm, one family after the other, each with its HELP and
 * TYPE. Value metrics carry the labels that name the object (device and
 * engine and lane, or device and laser); the *_info metrics add the rest
 * (location, the feeding laser, the port) for joins.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exporter.h"

/* ------------------------------------------------------------ buffer */

void exp_buf_free(struct exp_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

bool exp_buf_reserve(struct exp_buf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->oom)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 1 << 16;
	while (cap < b->len + more + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void exp_buf_append(struct exp_buf *b, const void *p, size_t len)
{
	if (!exp_buf_reserve(b, len))
		return;
	memcpy(b->p + b->len, p, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void exp_buf_printf(struct exp_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!exp_buf_reserve(b, 256))
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		if (!exp_buf_reserve(b, n))
			return;
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += n;
}

/* @v in decimal at @dst (room for 20 digits); its length. */
static size_t fmt_u64(char *dst, uint64_t v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		dst[i] = tmp[n - 1 - i];
	return n;
}

/*
 * A label value, escaped as the format wants (\\, \", \n). A scrape of
 * thousands of lanes is hundreds of thousands of labels: no printf here.
 */
static void put_label(struct exp_buf *b, const char *name, const char *v,
		      bool first)
{
	size_t nl = strlen(name);
	const char *c;

	if (!exp_buf_reserve(b, nl + 2 * strlen(v) + 8))
		return;
	if (!first)
		b->p[b->len++] = ',';
	memcpy(b->p + b->len, name, nl);
	b->len += nl;
	b->p[b->len++] = '=';
	b->p[b->len++] = '"';
	for (c = v; *c; c++) {
		if (*c == '\\' || *c == '"')
			b->p[b->len++] = '\\';
		if (*c == '\n') {
			b->p[b->len++] = '\\';
			b->p[b->len++] = 'n';
			continue;
		}
		b->p[b->len++] = *c;
	}
	b->p[b->len++] = '"';
	b->p[b->len] = '\0';
}

/*
 * "} VALUE\n" as "%.10g" writes it; a whole number below 10^10 (most
 * values: states, flags, counts) has the same digits without printf.
 */
static void put_value(struct exp_buf *b, double v)
{
	if (isinf(v)) {
		exp_buf_printf(b, "} %s\n", v < 0 ? "-Inf" : "+Inf");
	} else if (v == floor(v) && fabs(v) < 1e10 && !(v == 0 && signbit(v))) {
		if (!exp_buf_reserve(b, 32))
			return;
		b->p[b->len++] = '}';
		b->p[b->len++] = ' ';
		if (v < 0)
			b->p[b->len++] = '-';
		b->len += fmt_u64(b->p + b->len, (uint64_t)fabs(v));
		b->p[b->len++] = '\n';
		b->p[b->len] = '\0';
	} else {
		exp_buf_printf(b, "} %.10g\n", v);
	}
}

static void family_header(struct exp_buf *b, const char *name,
			  const char *type, const char *help)
{
	exp_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
		       type);
}

/* ------------------------------------------------------------ objects */

enum obj_kind { O_ENGINE, O_LANE, O_LASER, O_EXPORTER };

static void engine_labels(struct exp_buf *b, const struct exp_state *s,
			  const void *item);
static void lane_labels(struct exp_buf *b, const struct exp_state *s,
			const void *item);
static void laser_labels(struct exp_buf *b, const struct exp_state *s,
			 const void *item);

/*
 * How to walk the objects of a kind: their table in the copy, where their
 * libcpo object is in an element (its @present first), their diag, their
 * labels. The exporter is one object without labels: the state itself.
 */
struct kind {
	size_t table;		/* offset in struct exp_state, or NONE */
	size_t fields;		/* offset of the libcpo object in an element */
	size_t diag;		/* offset of its struct exp_diag, or NONE */
	void (*labels)(struct exp_buf *b, const struct exp_state *s,
		       const void *item);
};

#define NONE	((size_t)-1)

static const struct kind kinds[] = {
	[O_ENGINE] = { offsetof(struct exp_state, engines),
		       offsetof(struct exp_engine, e),
		       offsetof(struct exp_engine, diag), engine_labels },
	[O_LANE] = { offsetof(struct exp_state, lanes),
		     offsetof(struct exp_lane, l),
		     offsetof(struct exp_lane, diag), lane_labels },
	[O_LASER] = { offsetof(struct exp_state, lasers), 0, NONE,
		      laser_labels },
	[O_EXPORTER] = { NONE, 0, NONE, NULL },
};

static size_t obj_count(const struct exp_state *s, enum obj_kind k)
{
	if (kinds[k].table == NONE)
		return 1;
	return ((const struct exp_table *)((const char *)s +
					   kinds[k].table))->n;
}

static const void *obj_at(const struct exp_state *s, enum obj_kind k,
			  size_t i)
{
	if (kinds[k].table == NONE)
		return s;
	return ((const struct exp_table *)((const char *)s +
					   kinds[k].table))->items[i];
}

static const struct exp_diag *obj_diag(enum obj_kind k, const void *item)
{
	return (const struct exp_diag *)((const char *)item + kinds[k].diag);
}

/* ------------------------------------------------------------ families */

enum field_kind {
	F_U8,		/* uint8_t or bool */
	F_U32,
	F_S32,
	F_U64,
	F_COUNT,	/* uint64_t, printed as an integer */
	F_DBM_NW,	/* uint32_t nanowatts, as dBm */
	F_DBM_UW,	/* uint32_t microwatts, as dBm */
	F_EQ,		/* uint32_t: 1 when equal to @arg, else 0 */
};

struct family;
/* The series of one object of a family (its lines, labels and value). */
typedef void (*series_fn)(struct exp_buf *b, const struct exp_state *s,
			  const struct family *f, const void *item,
			  uint64_t now);
/* A group of families of its own (thresholds: one per quantity). */
typedef void (*group_fn)(struct exp_buf *b, const struct exp_state *s,
			 enum obj_kind k);

/*
 * A metric family: name, type, help and the objects it has a series for,
 * with how to get the series: a field of the object (presence bit, where,
 * how to read it), or a function.
 */
struct family {
	const char *name;
	const char *type;	/* gauge, counter */
	const char *help;
	enum obj_kind obj;
	unsigned int attr;	/* presence bit, or NO_ATTR */
	size_t off;		/* in the object's fields */
	enum field_kind kind;
	double scale;
	uint32_t arg;
	series_fn series;	/* instead of the field */
	group_fn group;		/* instead of all of it */
};

#define NO_ATTR		UINT32_MAX

#define FIELD(n, t, h, o, a, where, k, s, v) \
	{ .name = n, .type = t, .help = h, .obj = o, .attr = a, \
	  .off = where, .kind = k, .scale = s, .arg = v }
#define ENGINE(n, t, h, a, m, k, s) \
	FIELD(n, t, h, O_ENGINE, CPO_A_ENGINE_##a, offsetof(struct cpo_engine, m), k, s, 0)
#define ENGINE_EQ(n, h, a, m, v) \
	FIELD(n, "gauge", h, O_ENGINE, CPO_A_ENGINE_##a, offsetof(struct cpo_engine, m), F_EQ, 0, v)
#define LANE(n, t, h, a, m, k, s) \
	FIELD(n, t, h, O_LANE, CPO_A_LANE_##a, offsetof(struct cpo_lane_state, m), k, s, 0)
#define LANE_EQ(n, h, a, m, v) \
	FIELD(n, "gauge", h, O_LANE, CPO_A_LANE_##a, offsetof(struct cpo_lane_state, m), F_EQ, 0, v)
#define LASER(n, t, h, a, m, k, s) \
	FIELD(n, t, h, O_LASER, CPO_A_LASER_##a, offsetof(struct cpo_laser, m), k, s, 0)
#define LASER_EQ(n, h, a, m, v) \
	FIELD(n, "gauge", h, O_LASER, CPO_A_LASER_##a, offsetof(struct cpo_laser, m), F_EQ, 0, v)
#define EXPORTER(n, t, h, m, k, s) \
	FIELD(n, t, h, O_EXPORTER, NO_ATTR, offsetof(struct exp_state, m), k, s, 0)
#define SERIES(n, t, h, o, fn, v) \
	{ .name = n, .type = t, .help = h, .obj = o, .arg = v, .series = fn }
#define GROUP(o, fn) \
	{ .obj = o, .group = fn }

static bool field_value(const struct family *f, const void *obj, double *v)
{
	const char *p = (const char *)obj + f->off;
	uint64_t present;
	uint32_t u32;
	int32_t s32;
	uint64_t u64;

	memcpy(&present, obj, sizeof(present));
	if (f->attr != NO_ATTR && !cpo_has(present, f->attr))
		return false;
	switch (f->kind) {
	case F_U8:
		*v = *(const uint8_t *)p ? 1 : 0;
		return true;
	case F_U32:
		memcpy(&u32, p, sizeof(u32));
		*v = u32 * f->scale;
		return true;
	case F_S32:
		memcpy(&s32, p, sizeof(s32));
		*v = s32 * f->scale;
		return true;
	case F_U64:
	case F_COUNT:
		memcpy(&u64, p, sizeof(u64));
		*v = u64 * f->scale;
		return true;
	case F_DBM_NW:
	case F_DBM_UW:
		memcpy(&u32, p, sizeof(u32));
		/* mW: 1 nW is 1e-6 mW, 1 uW 1e-3 mW; 0 W is -Inf dBm */
		*v = u32 ? 10 * log10(u32 * (f->kind == F_DBM_NW ? 1e-6 : 1e-3))
			 : -INFINITY;
		return true;
	case F_EQ:
		memcpy(&u32, p, sizeof(u32));
		*v = u32 == f->arg;
		return true;
	}
	return false;
}

/* ------------------------------------------------------------ labels */

static const char *enum_name(const struct cpo_enum *e, uint32_t v)
{
	const char *n = cpo_enum_name(e, v);

	return n ? n : "unknown";
}

static const char *engine_device(const struct exp_state *s, uint32_t id)
{
	const struct exp_engine *e = exp_engine_find(s, id);

	return e ? e->e.dev_name : "";
}

/* An id label, empty when @present lacks @attr. */
static void put_id(struct exp_buf *b, const char *name, uint64_t present,
		   unsigned int attr, uint32_t id)
{
	char v[24] = "";

	if (cpo_has(present, attr))
		v[fmt_u64(v, id)] = '\0';
	put_label(b, name, v, false);
}

static void engine_labels(struct exp_buf *b, const struct exp_state *s,
			  const void *item)
{
	const struct cpo_engine *e = &((const struct exp_engine *)item)->e;

	(void)s;
	put_label(b, "device", e->dev_name, true);
	put_id(b, "engine", ~0ull, 0, e->id);
}

static void lane_labels(struct exp_buf *b, const struct exp_state *s,
			const void *item)
{
	const struct cpo_lane_state *l = &((const struct exp_lane *)item)->l;

	put_label(b, "device", engine_device(s, l->engine_id), true);
	put_id(b, "engine", ~0ull, 0, l->engine_id);
	put_id(b, "lane", ~0ull, 0, l->index);
}

static void laser_labels(struct exp_buf *b, const struct exp_state *s,
			 const void *item)
{
	const struct cpo_laser *l = item;

	(void)s;
	put_label(b, "device", l->dev_name, true);
	put_id(b, "laser", ~0ull, 0, l->id);
}

/* "NAME{" and the object's labels; "NAME " for the exporter's. */
static bool series_start(struct exp_buf *b, const struct exp_state *s,
			 const struct family *f, const void *item)
{
	if (!kinds[f->obj].labels) {
		exp_buf_printf(b, "%s ", f->name);
		return false;
	}
	exp_buf_append(b, f->name, strlen(f->name));
	exp_buf_append(b, "{", 1);
	kinds[f->obj].labels(b, s, item);
	return true;
}

/* ------------------------------------------------------------ series */

static void engine_info(struct exp_buf *b, const struct exp_state *s,
			const struct family *f, const void *item, uint64_t now)
{
	const struct cpo_engine *e = &((const struct exp_engine *)item)->e;

	(void)now;
	series_start(b, s, f, item);
	put_label(b, "location", e->location, false);
	put_label(b, "type", enum_name(&cpo_engine_type_enum, e->type), false);
	put_label(b, "vendor", e->vendor, false);
	put_label(b, "part_number", e->part_number, false);
	put_label(b, "serial", e->serial, false);
	put_label(b, "fw_version", e->fw_version, false);
	put_value(b, 1);
}

static void module_state(struct exp_buf *b, const struct exp_state *s,
			 const struct family *f, const void *item,
			 uint64_t now)
{
	const struct cpo_engine *e = &((const struct exp_engine *)item)->e;
	uint32_t st;

	(void)now;
	if (!cpo_has(e->present, CPO_A_ENGINE_MODULE_STATE))
		return;
	for (st = 1; st <= cpo_module_state_enum.max; st++) {
		const char *n = cpo_enum_name(&cpo_module_state_enum, st);

		if (!n)
			continue;
		series_start(b, s, f, item);
		put_label(b, "state", n, false);
		put_value(b, e->module_state == st);
	}
}

static void lane_info(struct exp_buf *b, const struct exp_state *s,
		      const struct family *f, const void *item, uint64_t now)
{
	const struct cpo_lane_state *l = &((const struct exp_lane *)item)->l;
	const struct exp_engine *e = exp_engine_find(s, l->engine_id);

	(void)now;
	series_start(b, s, f, item);
	put_label(b, "location", e ? e->e.location : "", false);
	put_id(b, "laser", l->present, CPO_A_LANE_LASER_ID, l->laser_id);
	put_label(b, "port", l->ifname, false);
	put_label(b, "fiber_position", l->fiber_position, false);
	put_value(b, 1);
}

static void laser_info(struct exp_buf *b, const struct exp_state *s,
		       const struct family *f, const void *item, uint64_t now)
{
	const struct cpo_laser *l = item;

	(void)now;
	series_start(b, s, f, item);
	put_label(b, "location", l->location, false);
	put_label(b, "type", enum_name(&cpo_laser_type_enum, l->type), false);
	put_label(b, "role", enum_name(&cpo_laser_role_enum, l->role), false);
	put_id(b, "spare", l->present, CPO_A_LASER_SPARE_ID, l->spare_id);
	put_value(b, 1);
}

static void laser_covering(struct exp_buf *b, const struct exp_state *s,
			   const struct family *f, const void *item,
			   uint64_t now)
{
	const struct cpo_laser *l = item;

	(void)now;
	series_start(b, s, f, item);
	put_id(b, "covered", l->present, CPO_A_LASER_COVERING_ID,
	       l->covering_id);
	put_value(b, cpo_has(l->present, CPO_A_LASER_COVERING_ID));
}

static void refresh_age(struct exp_buf *b, const struct exp_state *s,
			const struct family *f, const void *item, uint64_t now)
{
	const struct cpo_engine *e = &((const struct exp_engine *)item)->e;

	if (!cpo_has(e->present, CPO_A_ENGINE_REFRESHED))
		return;
	series_start(b, s, f, item);
	put_value(b, now > e->refreshed ? (now - e->refreshed) * 1e-9 : 0);
}

enum alarm_metric { A_ACTIVE, A_LATCHED, A_COUNT };

/* @f->arg: which of the alarm's figures. */
static void alarm_series(struct exp_buf *b, const struct exp_state *s,
			 const struct family *f, const void *item,
			 uint64_t now)
{
	const struct exp_diag *d = obj_diag(f->obj, item);
	uint32_t k;

	(void)now;
	for (k = 0; k < d->n_alarms; k++) {
		const struct cpo_alarm *a = &d->alarms[k];

		series_start(b, s, f, item);
		put_label(b, "quantity", enum_name(&cpo_quantity_enum, a->quantity),
			  false);
		put_label(b, "level", enum_name(&cpo_alarm_level_enum, a->level),
			  false);
		put_value(b, f->arg == A_ACTIVE ? a->active :
			     f->arg == A_LATCHED ? a->latched : a->count);
	}
}

static void build_info(struct exp_buf *b, const struct exp_state *s,
		       const struct family *f, const void *item, uint64_t now)
{
	(void)s;
	(void)item;
	(void)now;
	exp_buf_printf(b, "%s{version=\"%s\"} 1\n", f->name,
		       CPO_EXPORTER_VERSION);
}

static void sync_age(struct exp_buf *b, const struct exp_state *s,
		     const struct family *f, const void *item, uint64_t now)
{
	uint64_t last = s->last_event_seen > s->last_dump ?
			s->last_event_seen : s->last_dump;

	(void)item;
	exp_buf_printf(b, "%s %.10g\n", f->name, (now - last) * 1e-9);
}

static void objects(struct exp_buf *b, const struct exp_state *s,
		    const struct family *f, const void *item, uint64_t now)
{
	static const char *const names[] = { "engine", "lane", "laser" };
	unsigned int k;

	(void)item;
	(void)now;
	for (k = O_ENGINE; k <= O_LASER; k++)
		exp_buf_printf(b, "%s{kind=\"%s\"} %zu\n", f->name, names[k],
			       obj_count(s, k));
}

/* ------------------------------------------------------------ thresholds */

struct quantity_unit {
	const char *metric;	/* after cpo_<obj>_threshold_ */
	double scale;
};

static const struct quantity_unit quantity_units[CPO_QUANTITY_MAX + 1] = {
	[CPO_QUANTITY_TEMPERATURE] = { "temperature_celsius", 1e-3 },
	[CPO_QUANTITY_VOLTAGE] = { "voltage_volts", 1e-6 },
	[CPO_QUANTITY_POWER_DRAW] = { "power_draw_watts", 1e-6 },
	[CPO_QUANTITY_TX_POWER] = { "tx_power_watts", 1e-9 },
	[CPO_QUANTITY_RX_POWER] = { "rx_power_watts", 1e-9 },
	[CPO_QUANTITY_TX_BIAS] = { "tx_bias_amperes", 1e-6 },
	[CPO_QUANTITY_PRE_FEC_BER] = { "pre_fec_ber", 1e-18 },
};

struct level_field {
	uint32_t level;
	size_t off;
};

static const struct level_field threshold_levels[] = {
	{ CPO_ALARM_LEVEL_HIGH_ALARM, offsetof(struct cpo_threshold, high_alarm) },
	{ CPO_ALARM_LEVEL_LOW_ALARM, offsetof(struct cpo_threshold, low_alarm) },
	{ CPO_ALARM_LEVEL_HIGH_WARNING,
	  offsetof(struct cpo_threshold, high_warning) },
	{ CPO_ALARM_LEVEL_LOW_WARNING,
	  offsetof(struct cpo_threshold, low_warning) },
};

/* The threshold of quantity @q in @d, or NULL. */
static const struct cpo_threshold *diag_threshold(const struct exp_diag *d,
						  uint32_t q)
{
	uint32_t k;

	for (k = 0; d && k < d->n_thresholds; k++)
		if (d->thresholds[k].quantity == q)
			return &d->thresholds[k];
	return NULL;
}

static int64_t level_value(const struct cpo_threshold *t,
			   const struct level_field *lf)
{
	int64_t v;

	memcpy(&v, (const char *)t + lf->off, sizeof(v));
	return v;
}

/*
 * A lane's threshold left out under --lane-thresholds: all of them with
 * "none", those equal to their engine's with "differing".
 */
static bool lane_threshold_hidden(const struct exp_state *s,
				  const struct exp_lane *l, uint32_t q,
				  const struct level_field *lf, int64_t v)
{
	const struct exp_engine *e;
	const struct cpo_threshold *t;

	switch (s->lane_thresholds) {
	case EXP_LANE_TH_NONE:
		return true;
	case EXP_LANE_TH_DIFFERING:
		e = exp_engine_find(s, l->l.engine_id);
		t = e ? diag_threshold(&e->diag, q) : NULL;
		return t && level_value(t, lf) == v;
	case EXP_LANE_TH_ALL:
		break;
	}
	return false;
}

/* cpo_<obj>_threshold_<quantity>_<unit>: a family per quantity that has any. */
static void thresholds(struct exp_buf *b, const struct exp_state *s,
		       enum obj_kind k)
{
	const char *obj = k == O_LANE ? "lane" : "engine";
	const struct level_field *lf;
	char name[96], help[160];
	struct family f = { .name = name, .obj = k };
	size_t i, n = obj_count(s, k);
	uint32_t q;

	for (q = 1; q <= CPO_QUANTITY_MAX; q++) {
		const struct quantity_unit *u = &quantity_units[q];
		bool any = false;

		if (!u->metric)
			continue;
		snprintf(name, sizeof(name), "cpo_%s_threshold_%s", obj,
			 u->metric);
		for (i = 0; i < n; i++) {
			const void *item = obj_at(s, k, i);
			const struct cpo_threshold *t =
				diag_threshold(obj_diag(k, item), q);

			for (lf = threshold_levels; t &&
			     lf < threshold_levels + ARRAY_SIZE(threshold_levels);
			     lf++) {
				int64_t v = level_value(t, lf);

				if (v == INT64_MAX || v == INT64_MIN)
					continue;	/* never trips */
				if (k == O_LANE &&
				    lane_threshold_hidden(s, item, q, lf, v))
					continue;
				if (!any) {
					snprintf(help, sizeof(help),
						 "Thresholds of %s, by level.",
						 enum_name(&cpo_quantity_enum, q));
					family_header(b, name, "gauge", help);
					any = true;
				}
				series_start(b, s, &f, item);
				put_label(b, "level",
					  enum_name(&cpo_alarm_level_enum,
						    lf->level), false);
				put_value(b, v * u->scale);
			}
		}
	}
}

/* ------------------------------------------------------------ the page */

#define C_	"counter"
#define G_	"gauge"

/* Part 0: identities and engines. */
static const struct family part_objects[] = {
	SERIES("cpo_engine_info", G_, "Identity of an engine; the value is 1.", O_ENGINE, engine_info, 0),
	SERIES("cpo_engine_module_state", G_, "CMIS module state of an engine: 1 for the state it is in.", O_ENGINE, module_state, 0),
	SERIES("cpo_lane_info", G_, "Where a lane is and what feeds it; the value is 1.", O_LANE, lane_info, 0),
	SERIES("cpo_laser_info", G_, "Where a laser is, its role and its spare; the value is 1.", O_LASER, laser_info, 0),
	SERIES("cpo_laser_covering", G_, "1 while a spare laser carries the lanes of a failed one (after a failover).", O_LASER, laser_covering, 0),
	ENGINE("cpo_engine_temperature_celsius", G_, "Module temperature.", TEMPERATURE, temperature, F_S32, 1e-3),
	ENGINE("cpo_engine_voltage_volts", G_, "Supply voltage.", VOLTAGE, voltage, F_U32, 1e-6),
	ENGINE("cpo_engine_power_draw_watts", G_, "Electrical power drawn.", POWER_DRAW, power_draw, F_U32, 1e-6),
	ENGINE("cpo_engine_energy_per_bit_joules", G_, "Energy per bit carried.", ENERGY_PER_BIT, energy_per_bit, F_U32, 1e-15),
	ENGINE_EQ("cpo_engine_ready", "1 when the CMIS module state is ready.", MODULE_STATE, module_state, CPO_MODULE_STATE_READY),
	ENGINE("cpo_engine_unreachable", G_, "1 while the module does not answer on its bus.", UNREACHABLE, unreachable, F_U8, 0),
	ENGINE("cpo_engine_lanes", G_, "Lanes of the engine.", LANE_COUNT, lane_count, F_U32, 1),
	ENGINE("cpo_engine_refresh_interval_seconds", G_, "Interval of the kernel's periodic refresh (0: on hardware signal only).", REFRESH_INTERVAL, refresh_interval, F_U32, 1e-3),
	ENGINE("cpo_engine_refresh_duration_seconds", G_, "Time the kernel's last refresh of the engine took.", REFRESH_DURATION, refresh_duration, F_U64, 1e-9),
	ENGINE("cpo_engine_bus_load_ratio", G_, "Share of the time the module's bus was busy between the last two refreshes.", BUS_LOAD, bus_load, F_U32, 1e-6),
	ENGINE("cpo_engine_bus_transactions_total", C_, "Transactions on the module's bus, failed ones included.", BUS_TRANSACTIONS, bus_transactions, F_U64, 1),
	ENGINE("cpo_engine_bus_errors_total", C_, "Bus transactions that failed after their retries (transport errors).", BUS_ERRORS, bus_errors, F_U64, 1),
	ENGINE("cpo_engine_bus_retries_total", C_, "Bus transactions retried.", BUS_RETRIES, bus_retries, F_U64, 1),
};

/* Part 1: the engines' ages. */
static const struct family part_ages[] = {
	SERIES("cpo_engine_refresh_age_seconds", G_, "Age of the engine's values: time since the kernel last read them from the module, as the copy knows it.", O_ENGINE, refresh_age, 0),
};

/* Part 2: lanes, lasers, thresholds and alarms. */
static const struct family part_values[] = {
	LANE("cpo_lane_tx_power_watts", G_, "Transmitted optical power.", TX_POWER, tx_power, F_U32, 1e-9),
	LANE("cpo_lane_tx_power_dbm", G_, "Transmitted optical power in dBm (-Inf for none).", TX_POWER, tx_power, F_DBM_NW, 0),
	LANE("cpo_lane_rx_power_watts", G_, "Received optical power.", RX_POWER, rx_power, F_U32, 1e-9),
	LANE("cpo_lane_rx_power_dbm", G_, "Received optical power in dBm (-Inf for none).", RX_POWER, rx_power, F_DBM_NW, 0),
	LANE("cpo_lane_tx_bias_amperes", G_, "Laser bias current.", TX_BIAS, tx_bias, F_U32, 1e-6),
	LANE("cpo_lane_snr_db", G_, "Signal to noise ratio in dB.", SNR, snr, F_U32, 1e-2),
	LANE("cpo_lane_pre_fec_ber", G_, "Bit error ratio before FEC.", PRE_FEC_BER, pre_fec_ber, F_U64, 1e-18),
	LANE_EQ("cpo_lane_activated", "1 when the data path is activated (CMIS DPActivated).", DP_STATE, dp_state, CPO_DP_STATE_ACTIVATED),
	LANE("cpo_lane_rx_los", G_, "1 while the receiver has lost its signal.", RX_LOS, rx_los, F_U8, 0),
	LANE("cpo_lane_rx_lol", G_, "1 while the receiver has lost its lock.", RX_LOL, rx_lol, F_U8, 0),
	LANE("cpo_lane_tx_fault", G_, "1 while the transmitter reports a fault.", TX_FAULT, tx_fault, F_U8, 0),
	LANE("cpo_lane_tx_enabled", G_, "1 when the transmitter is enabled.", TX_ENABLE, tx_enable, F_U8, 0),
	LANE("cpo_lane_rx_enabled", G_, "1 when the receiver is enabled.", RX_ENABLE, rx_enable, F_U8, 0),
	LANE("cpo_lane_fiber_connected", G_, "1 when a fiber is connected.", FIBER_CONNECTED, fiber_connected, F_U8, 0),
	LASER("cpo_laser_output_power_watts", G_, "Optical output power.", OUTPUT_POWER, output_power, F_U32, 1e-6),
	LASER("cpo_laser_output_power_dbm", G_, "Optical output power in dBm (-Inf for none).", OUTPUT_POWER, output_power, F_DBM_UW, 0),
	LASER("cpo_laser_bias_amperes", G_, "Laser bias current.", BIAS, bias, F_U32, 1e-6),
	LASER("cpo_laser_temperature_celsius", G_, "Laser temperature.", TEMPERATURE, temperature, F_S32, 1e-3),
	LASER("cpo_laser_wavelength_meters", G_, "Laser wavelength.", WAVELENGTH, wavelength, F_U32, 1e-12),
	LASER("cpo_laser_enabled", G_, "1 when the laser is enabled.", ENABLE, enable, F_U8, 0),
	LASER_EQ("cpo_laser_failed", "1 when the laser has failed.", STATE, state, CPO_LASER_STATE_FAILED),
	FIELD("cpo_laser_lanes", G_, "Lanes the laser feeds.", O_LASER, NO_ATTR, offsetof(struct cpo_laser, lane_ids.n), F_U32, 1, 0),
	GROUP(O_ENGINE, thresholds),
	GROUP(O_LANE, thresholds),
	SERIES("cpo_engine_alarm_active", G_, "1 while the condition is present, by quantity and level.", O_ENGINE, alarm_series, A_ACTIVE),
	SERIES("cpo_engine_alarm_latched", G_, "1 until the alarm is cleared, by quantity and level.", O_ENGINE, alarm_series, A_LATCHED),
	SERIES("cpo_engine_alarms_total", C_, "Times the alarm was raised, by quantity and level.", O_ENGINE, alarm_series, A_COUNT),
	SERIES("cpo_lane_alarm_active", G_, "1 while the condition is present, by quantity and level.", O_LANE, alarm_series, A_ACTIVE),
	SERIES("cpo_lane_alarm_latched", G_, "1 until the alarm is cleared, by quantity and level.", O_LANE, alarm_series, A_LATCHED),
	SERIES("cpo_lane_alarms_total", C_, "Times the alarm was raised, by quantity and level.", O_LANE, alarm_series, A_COUNT),
};

/* Part 3: the exporter itself. */
static const struct family part_exporter[] = {
	SERIES("cpo_exporter_build_info", G_, "The exporter's release; the value is 1.", O_EXPORTER, build_info, 0),
	EXPORTER("cpo_exporter_events_total", C_, "Monitor events applied to the exporter's copy.", cnt.events, F_COUNT, 1),
	EXPORTER("cpo_exporter_events_lost_total", C_, "Monitor events missed (gaps in their sequence numbers).", cnt.events_lost, F_COUNT, 1),
	EXPORTER("cpo_exporter_overruns_total", C_, "Receive buffer overruns of the monitor socket, each followed by a dump.", cnt.overruns, F_COUNT, 1),
	EXPORTER("cpo_exporter_dumps_total", C_, "Complete dumps of the subsystem into the copy.", cnt.dumps, F_COUNT, 1),
	EXPORTER("cpo_exporter_dump_errors_total", C_, "Dumps that failed; the copy stayed as it was.", cnt.dump_errors, F_COUNT, 1),
	EXPORTER("cpo_exporter_netlink_errors_total", C_, "Netlink requests and monitor reads that failed (transport errors).", cnt.netlink_errors, F_COUNT, 1),
	EXPORTER("cpo_exporter_scrapes_total", C_, "Renderings of the metrics (HTTP scrapes and textfile writes).", cnt.scrapes, F_COUNT, 1),
	EXPORTER("cpo_exporter_last_dump_timestamp_seconds", G_, "When the copy was last dumped whole.", last_dump, F_U64, 1e-9),
	SERIES("cpo_exporter_sync_age_seconds", G_, "Time since the last dump or the last event the copy took.", O_EXPORTER, sync_age, 0),
	SERIES("cpo_exporter_objects", G_, "Objects in the copy, by kind.", O_EXPORTER, objects, 0),
};

static const struct part {
	const struct family *families;
	size_t n;
	bool dynamic;		/* depends on the time and the counters */
} parts[EXP_PARTS] = {
	{ part_objects, ARRAY_SIZE(part_objects), false },
	{ part_ages, ARRAY_SIZE(part_ages), true },
	{ part_values, ARRAY_SIZE(part_values), false },
	{ part_exporter, ARRAY_SIZE(part_exporter), true },
};

/* One series of a field: the exporter's without labels, counters whole. */
static void field_series(struct exp_buf *b, const struct exp_state *s,
			 const struct family *f, const void *item)
{
	const void *obj = (const char *)item + kinds[f->obj].fields;
	double v;

	if (!field_value(f, obj, &v))
		return;
	if (f->kind == F_COUNT) {
		uint64_t u;

		memcpy(&u, (const char *)obj + f->off, sizeof(u));
		exp_buf_printf(b, "%s %llu\n", f->name, (unsigned long long)u);
	} else if (series_start(b, s, f, item)) {
		put_value(b, v);
	} else {
		exp_buf_printf(b, "%.10g\n", v);
	}
}

static void render_family(struct exp_buf *b, const struct exp_state *s,
			  const struct family *f, uint64_t now)
{
	size_t i, n = obj_count(s, f->obj);

	if (f->group) {
		f->group(b, s, f->obj);
		return;
	}
	family_header(b, f->name, f->type, f->help);
	for (i = 0; i < n; i++) {
		const void *item = obj_at(s, f->obj, i);

		if (f->series)
			f->series(b, s, f, item, now);
		else
			field_series(b, s, f, item);
	}
}

bool exp_metrics_part_static(unsigned int part)
{
	return part < EXP_PARTS && !parts[part].dynamic;
}

bool exp_metrics_render_part(const struct exp_state *s, struct exp_buf *b,
			     unsigned int part, uint64_t now)
{
	const struct family *f;

	if (part >= EXP_PARTS)
		return !b->oom;
	for (f = parts[part].families;
	     f < parts[part].families + parts[part].n; f++)
		render_family(b, s, f, now);
	return !b->oom;
}

bool exp_metrics_render(const struct exp_state *s, struct exp_buf *b)
{
	uint64_t now = exp_now_ns();
	unsigned int part;

	for (part = 0; part < EXP_PARTS; part++)
		exp_metrics_render_part(s, b, part, now);
	return !b->oom;
}
