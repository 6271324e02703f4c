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

/* A label value, escaped as the format wants (\\, \", \n). */
static void put_label(struct exp_buf *b, const char *name, const char *v,
		      bool first)
{
	const char *c;

	if (!exp_buf_reserve(b, strlen(name) + 2 * strlen(v) + 8))
		return;
	b->len += sprintf(b->p + b->len, "%s%s=\"", first ? "" : ",", name);
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

static void put_value(struct exp_buf *b, double v)
{
	if (isinf(v))
		exp_buf_printf(b, "} %s\n", v < 0 ? "-Inf" : "+Inf");
	else
		exp_buf_printf(b, "} %.10g\n", v);
}

static void family(struct exp_buf *b, const char *name, const char *type,
		   const char *help)
{
	exp_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
		       type);
}

/* ------------------------------------------------------------ fields */

enum field_kind {
	F_U8,		/* uint8_t or bool */
	F_U32,
	F_S32,
	F_U64,
	F_DBM_NW,	/* uint32_t nanowatts, as dBm */
	F_DBM_UW,	/* uint32_t microwatts, as dBm */
	F_EQ,		/* uint32_t: 1 when equal to @arg, else 0 */
	F_U32_ALWAYS,	/* uint32_t without a presence bit */
};

struct field {
	const char *name;
	const char *type;	/* gauge, counter */
	const char *help;
	unsigned int attr;	/* presence bit */
	size_t off;
	enum field_kind kind;
	double scale;
	uint32_t arg;
};

static bool field_value(const struct field *f, const void *obj,
			uint64_t present, double *v)
{
	const char *p = (const char *)obj + f->off;
	uint32_t u32;
	int32_t s32;
	uint64_t u64;

	if (f->kind != F_U32_ALWAYS && !cpo_has(present, f->attr))
		return false;
	switch (f->kind) {
	case F_U8:
		*v = *(const uint8_t *)p ? 1 : 0;
		return true;
	case F_U32:
	case F_U32_ALWAYS:
		memcpy(&u32, p, sizeof(u32));
		*v = u32 * f->scale;
		return true;
	case F_S32:
		memcpy(&s32, p, sizeof(s32));
		*v = s32 * f->scale;
		return true;
	case F_U64:
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

#define LANE(n, t, h, a, m, k, s) \
	{ n, t, h, CPO_A_LANE_##a, offsetof(struct exp_lane, m), k, s, 0 }
#define ENGINE(n, t, h, a, m, k, s) \
	{ n, t, h, CPO_A_ENGINE_##a, offsetof(struct exp_engine, e.m), k, s, 0 }
#define LASER(n, t, h, a, m, k, s) \
	{ n, t, h, CPO_A_LASER_##a, offsetof(struct exp_laser, m), k, s, 0 }

static const struct field lane_fields[] = {
	LANE("cpo_lane_tx_power_watts", "gauge", "Transmitted optical power.",
	     TX_POWER, tx_power, F_U32, 1e-9),
	LANE("cpo_lane_tx_power_dbm", "gauge",
	     "Transmitted optical power in dBm (-Inf for none).",
	     TX_POWER, tx_power, F_DBM_NW, 0),
	LANE("cpo_lane_rx_power_watts", "gauge", "Received optical power.",
	     RX_POWER, rx_power, F_U32, 1e-9),
	LANE("cpo_lane_rx_power_dbm", "gauge",
	     "Received optical power in dBm (-Inf for none).",
	     RX_POWER, rx_power, F_DBM_NW, 0),
	LANE("cpo_lane_tx_bias_amperes", "gauge", "Laser bias current.",
	     TX_BIAS, tx_bias, F_U32, 1e-6),
	LANE("cpo_lane_snr_db", "gauge", "Signal to noise ratio in dB.",
	     SNR, snr, F_U32, 1e-2),
	LANE("cpo_lane_pre_fec_ber", "gauge", "Bit error ratio before FEC.",
	     PRE_FEC_BER, pre_fec_ber, F_U64, 1e-18),
	{ "cpo_lane_activated", "gauge",
	  "1 when the data path is activated (CMIS DPActivated).",
	  CPO_A_LANE_DP_STATE, offsetof(struct exp_lane, dp_state), F_EQ, 0,
	  CPO_DP_STATE_ACTIVATED },
	LANE("cpo_lane_rx_los", "gauge", "1 while the receiver has lost its signal.",
	     RX_LOS, rx_los, F_U8, 0),
	LANE("cpo_lane_rx_lol", "gauge", "1 while the receiver has lost its lock.",
	     RX_LOL, rx_lol, F_U8, 0),
	LANE("cpo_lane_tx_fault", "gauge", "1 while the transmitter reports a fault.",
	     TX_FAULT, tx_fault, F_U8, 0),
	LANE("cpo_lane_tx_enabled", "gauge", "1 when the transmitter is enabled.",
	     TX_ENABLE, tx_enable, F_U8, 0),
	LANE("cpo_lane_rx_enabled", "gauge", "1 when the receiver is enabled.",
	     RX_ENABLE, rx_enable, F_U8, 0),
	LANE("cpo_lane_fiber_connected", "gauge", "1 when a fiber is connected.",
	     FIBER_CONNECTED, fiber_connected, F_U8, 0),
};

static const struct field engine_fields[] = {
	ENGINE("cpo_engine_temperature_celsius", "gauge", "Module temperature.",
	       TEMPERATURE, temperature, F_S32, 1e-3),
	ENGINE("cpo_engine_voltage_volts", "gauge", "Supply voltage.",
	       VOLTAGE, voltage, F_U32, 1e-6),
	ENGINE("cpo_engine_power_draw_watts", "gauge", "Electrical power drawn.",
	       POWER_DRAW, power_draw, F_U32, 1e-6),
	ENGINE("cpo_engine_energy_per_bit_joules", "gauge", "Energy per bit carried.",
	       ENERGY_PER_BIT, energy_per_bit, F_U32, 1e-15),
	{ "cpo_engine_ready", "gauge", "1 when the CMIS module state is ready.",
	  CPO_A_ENGINE_MODULE_STATE, offsetof(struct exp_engine, e.module_state),
	  F_EQ, 0, CPO_MODULE_STATE_READY },
	ENGINE("cpo_engine_unreachable", "gauge",
	       "1 while the module does not answer on its bus.",
	       UNREACHABLE, unreachable, F_U8, 0),
	ENGINE("cpo_engine_lanes", "gauge", "Lanes of the engine.",
	       LANE_COUNT, lane_count, F_U32, 1),
	ENGINE("cpo_engine_refresh_interval_seconds", "gauge",
	       "Interval of the kernel's periodic refresh (0: on hardware signal only).",
	       REFRESH_INTERVAL, refresh_interval, F_U32, 1e-3),
	ENGINE("cpo_engine_refresh_duration_seconds", "gauge",
	       "Time the kernel's last refresh of the engine took.",
	       REFRESH_DURATION, refresh_duration, F_U64, 1e-9),
	ENGINE("cpo_engine_bus_load_ratio", "gauge",
	       "Share of the time the module's bus was busy between the last two refreshes.",
	       BUS_LOAD, bus_load, F_U32, 1e-6),
	ENGINE("cpo_engine_bus_transactions_total", "counter",
	       "Transactions on the module's bus, failed ones included.",
	       BUS_TRANSACTIONS, bus_transactions, F_U64, 1),
	ENGINE("cpo_engine_bus_errors_total", "counter",
	       "Bus transactions that failed after their retries (transport errors).",
	       BUS_ERRORS, bus_errors, F_U64, 1),
	ENGINE("cpo_engine_bus_retries_total", "counter",
	       "Bus transactions retried.",
	       BUS_RETRIES, bus_retries, F_U64, 1),
};

static const struct field laser_fields[] = {
	LASER("cpo_laser_output_power_watts", "gauge", "Optical output power.",
	      OUTPUT_POWER, output_power, F_U32, 1e-6),
	LASER("cpo_laser_output_power_dbm", "gauge",
	      "Optical output power in dBm (-Inf for none).",
	      OUTPUT_POWER, output_power, F_DBM_UW, 0),
	LASER("cpo_laser_bias_amperes", "gauge", "Laser bias current.",
	      BIAS, bias, F_U32, 1e-6),
	LASER("cpo_laser_temperature_celsius", "gauge", "Laser temperature.",
	      TEMPERATURE, temperature, F_S32, 1e-3),
	LASER("cpo_laser_wavelength_meters", "gauge", "Laser wavelength.",
	      WAVELENGTH, wavelength, F_U32, 1e-12),
	LASER("cpo_laser_enabled", "gauge", "1 when the laser is enabled.",
	      ENABLE, enable, F_U8, 0),
	{ "cpo_laser_failed", "gauge", "1 when the laser has failed.",
	  CPO_A_LASER_STATE, offsetof(struct exp_laser, state), F_EQ, 0,
	  CPO_LASER_STATE_FAILED },
	{ "cpo_laser_lanes", "gauge", "Lanes the laser feeds.", 0,
	  offsetof(struct exp_laser, n_lanes), F_U32_ALWAYS, 1, 0 },
};

/* ------------------------------------------------------------ labels */

static const char *engine_device(const struct exp_state *s, uint32_t id)
{
	const struct exp_engine *e = exp_engine_find(s, id);

	return e ? e->e.dev_name : "";
}

static void engine_labels(struct exp_buf *b, const struct exp_engine *e)
{
	char id[16];

	snprintf(id, sizeof(id), "%u", e->e.id);
	put_label(b, "device", e->e.dev_name, true);
	put_label(b, "engine", id, false);
}

static void lane_labels(struct exp_buf *b, const struct exp_state *s,
			const struct exp_lane *l)
{
	char id[16], idx[16];

	snprintf(id, sizeof(id), "%u", l->engine_id);
	snprintf(idx, sizeof(idx), "%u", l->index);
	put_label(b, "device", engine_device(s, l->engine_id), true);
	put_label(b, "engine", id, false);
	put_label(b, "lane", idx, false);
}

static void laser_labels(struct exp_buf *b, const struct exp_laser *l)
{
	char id[16];

	snprintf(id, sizeof(id), "%u", l->id);
	put_label(b, "device", l->dev_name, true);
	put_label(b, "laser", id, false);
}

/* ------------------------------------------------------------ families */

static void render_lane_fields(const struct exp_state *s, struct exp_buf *b)
{
	const struct field *f;
	double v;
	size_t i;

	for (f = lane_fields; f < lane_fields + ARRAY_SIZE(lane_fields); f++) {
		family(b, f->name, f->type, f->help);
		for (i = 0; i < s->lanes.n; i++) {
			const struct exp_lane *l = s->lanes.items[i];

			if (!field_value(f, l, l->present, &v))
				continue;
			exp_buf_printf(b, "%s{", f->name);
			lane_labels(b, s, l);
			put_value(b, v);
		}
	}
}

static void render_engine_fields(const struct exp_state *s, struct exp_buf *b)
{
	const struct field *f;
	double v;
	size_t i;

	for (f = engine_fields; f < engine_fields + ARRAY_SIZE(engine_fields);
	     f++) {
		family(b, f->name, f->type, f->help);
		for (i = 0; i < s->engines.n; i++) {
			const struct exp_engine *e = s->engines.items[i];

			if (!field_value(f, e, e->e.present, &v))
				continue;
			exp_buf_printf(b, "%s{", f->name);
			engine_labels(b, e);
			put_value(b, v);
		}
	}
}

static void render_laser_fields(const struct exp_state *s, struct exp_buf *b)
{
	const struct field *f;
	double v;
	size_t i;

	for (f = laser_fields; f < laser_fields + ARRAY_SIZE(laser_fields); f++) {
		family(b, f->name, f->type, f->help);
		for (i = 0; i < s->lasers.n; i++) {
			const struct exp_laser *l = s->lasers.items[i];

			if (!field_value(f, l, l->present, &v))
				continue;
			exp_buf_printf(b, "%s{", f->name);
			laser_labels(b, l);
			put_value(b, v);
		}
	}
}

static const char *enum_name(const struct cpo_enum *e, uint32_t v)
{
	const char *n = cpo_enum_name(e, v);

	return n ? n : "unknown";
}

static void render_info(const struct exp_state *s, struct exp_buf *b)
{
	char id[16];
	size_t i;

	family(b, "cpo_engine_info", "gauge",
	       "Identity of an engine; the value is 1.");
	for (i = 0; i < s->engines.n; i++) {
		const struct exp_engine *x = s->engines.items[i];
		const struct cpo_engine *e = &x->e;

		exp_buf_printf(b, "cpo_engine_info{");
		engine_labels(b, x);
		put_label(b, "location", e->location, false);
		put_label(b, "type", enum_name(&cpo_engine_type_enum, e->type),
			  false);
		put_label(b, "vendor", e->vendor, false);
		put_label(b, "part_number", e->part_number, false);
		put_label(b, "serial", e->serial, false);
		put_label(b, "fw_version", e->fw_version, false);
		put_value(b, 1);
	}

	family(b, "cpo_engine_module_state", "gauge",
	       "CMIS module state of an engine: 1 for the state it is in.");
	for (i = 0; i < s->engines.n; i++) {
		const struct exp_engine *x = s->engines.items[i];
		uint32_t st;

		if (!cpo_has(x->e.present, CPO_A_ENGINE_MODULE_STATE))
			continue;
		for (st = 1; st <= cpo_module_state_enum.max; st++) {
			const char *n = cpo_enum_name(&cpo_module_state_enum, st);

			if (!n)
				continue;
			exp_buf_printf(b, "cpo_engine_module_state{");
			engine_labels(b, x);
			put_label(b, "state", n, false);
			put_value(b, x->e.module_state == st);
		}
	}

	family(b, "cpo_lane_info", "gauge",
	       "Where a lane is and what feeds it; the value is 1.");
	for (i = 0; i < s->lanes.n; i++) {
		const struct exp_lane *l = s->lanes.items[i];
		const struct exp_engine *e = exp_engine_find(s, l->engine_id);

		exp_buf_printf(b, "cpo_lane_info{");
		lane_labels(b, s, l);
		put_label(b, "location", e ? e->e.location : "", false);
		if (cpo_has(l->present, CPO_A_LANE_LASER_ID))
			snprintf(id, sizeof(id), "%u", l->laser_id);
		else
			id[0] = '\0';
		put_label(b, "laser", id, false);
		put_label(b, "port", l->ifname, false);
		put_label(b, "fiber_position", l->fiber_position, false);
		put_value(b, 1);
	}

	family(b, "cpo_laser_info", "gauge",
	       "Where a laser is, its role and its spare; the value is 1.");
	for (i = 0; i < s->lasers.n; i++) {
		const struct exp_laser *l = s->lasers.items[i];

		exp_buf_printf(b, "cpo_laser_info{");
		laser_labels(b, l);
		put_label(b, "location", l->location, false);
		put_label(b, "type", enum_name(&cpo_laser_type_enum, l->type),
			  false);
		put_label(b, "role", enum_name(&cpo_laser_role_enum, l->role),
			  false);
		if (cpo_has(l->present, CPO_A_LASER_SPARE_ID))
			snprintf(id, sizeof(id), "%u", l->spare_id);
		else
			id[0] = '\0';
		put_label(b, "spare", id, false);
		put_value(b, 1);
	}

	family(b, "cpo_laser_covering", "gauge",
	       "1 while a spare laser carries the lanes of a failed one (after a failover).");
	for (i = 0; i < s->lasers.n; i++) {
		const struct exp_laser *l = s->lasers.items[i];
		bool covering = cpo_has(l->present, CPO_A_LASER_COVERING_ID);

		exp_buf_printf(b, "cpo_laser_covering{");
		laser_labels(b, l);
		if (covering)
			snprintf(id, sizeof(id), "%u", l->covering_id);
		else
			id[0] = '\0';
		put_label(b, "covered", id, false);
		put_value(b, covering);
	}
}

/* ------------------------------------------------------------ diag */

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

/* Engines' or lanes' diag: @lanes selects which. */
typedef const struct exp_diag *(*diag_at_fn)(const struct exp_state *s,
					     size_t i, struct exp_buf *b,
					     bool labels);

static const struct exp_diag *engine_diag_at(const struct exp_state *s,
					     size_t i, struct exp_buf *b,
					     bool labels)
{
	const struct exp_engine *e = s->engines.items[i];

	if (labels)
		engine_labels(b, e);
	return &e->diag;
}

static const struct exp_diag *lane_diag_at(const struct exp_state *s,
					   size_t i, struct exp_buf *b,
					   bool labels)
{
	const struct exp_lane *l = s->lanes.items[i];

	if (labels)
		lane_labels(b, s, l);
	return &l->diag;
}

/* The engine's threshold of @q at @off, as the lane's would be read. */
static bool engine_threshold(const struct exp_state *s, size_t lane,
			     uint32_t q, size_t off, int64_t *v)
{
	const struct exp_lane *l = s->lanes.items[lane];
	const struct exp_engine *e = exp_engine_find(s, l->engine_id);
	uint32_t k;

	for (k = 0; e && k < e->diag.n_thresholds; k++) {
		const struct cpo_threshold *t = &e->diag.thresholds[k];

		if (t->quantity == q) {
			memcpy(v, (const char *)t + off, sizeof(*v));
			return true;
		}
	}
	return false;
}

/*
 * A lane's threshold left out under --lane-thresholds: all of them with
 * "none", those equal to their engine's with "differing".
 */
static bool lane_threshold_hidden(const struct exp_state *s, size_t lane,
				  uint32_t q, size_t off, int64_t v)
{
	int64_t ev = 0;

	switch (s->lane_thresholds) {
	case EXP_LANE_TH_NONE:
		return true;
	case EXP_LANE_TH_DIFFERING:
		return engine_threshold(s, lane, q, off, &ev) && ev == v;
	case EXP_LANE_TH_ALL:
		break;
	}
	return false;
}

static void render_thresholds(const struct exp_state *s, struct exp_buf *b,
			      const char *obj, size_t n, diag_at_fn at)
{
	bool lanes = at == lane_diag_at;

	const struct level_field *lf;
	char name[96], help[160];
	uint32_t q, k;
	size_t i;

	for (q = 1; q <= CPO_QUANTITY_MAX; q++) {
		const struct quantity_unit *u = &quantity_units[q];
		bool any = false;

		if (!u->metric)
			continue;
		snprintf(name, sizeof(name), "cpo_%s_threshold_%s", obj,
			 u->metric);
		for (i = 0; i < n; i++) {
			const struct exp_diag *d = at(s, i, NULL, false);

			for (k = 0; k < d->n_thresholds; k++) {
				const struct cpo_threshold *t = &d->thresholds[k];

				if (t->quantity != q)
					continue;
				for (lf = threshold_levels;
				     lf < threshold_levels + ARRAY_SIZE(threshold_levels);
				     lf++) {
					int64_t v;

					memcpy(&v, (const char *)t + lf->off,
					       sizeof(v));
					if (v == INT64_MAX || v == INT64_MIN)
						continue;	/* never trips */
					if (lanes &&
					    lane_threshold_hidden(s, i, q, lf->off, v))
						continue;
					if (!any) {
						snprintf(help, sizeof(help),
							 "Thresholds of %s, by level.",
							 enum_name(&cpo_quantity_enum, q));
						family(b, name, "gauge", help);
						any = true;
					}
					exp_buf_printf(b, "%s{", name);
					at(s, i, b, true);
					put_label(b, "level",
						  enum_name(&cpo_alarm_level_enum,
							    lf->level), false);
					put_value(b, v * u->scale);
				}
			}
		}
	}
}

enum alarm_metric { A_ACTIVE, A_LATCHED, A_COUNT };

static void render_alarms(const struct exp_state *s, struct exp_buf *b,
			  const char *obj, size_t n, diag_at_fn at)
{
	static const char *const suffix[] = { "alarm_active", "alarm_latched",
					      "alarms_total" };
	static const char *const helps[] = {
		"1 while the condition is present, by quantity and level.",
		"1 until the alarm is cleared, by quantity and level.",
		"Times the alarm was raised, by quantity and level.",
	};
	char name[64];
	uint32_t k;
	size_t i;
	int m;

	for (m = A_ACTIVE; m <= A_COUNT; m++) {
		snprintf(name, sizeof(name), "cpo_%s_%s", obj, suffix[m]);
		family(b, name, m == A_COUNT ? "counter" : "gauge", helps[m]);
		for (i = 0; i < n; i++) {
			const struct exp_diag *d = at(s, i, NULL, false);

			for (k = 0; k < d->n_alarms; k++) {
				const struct cpo_alarm *a = &d->alarms[k];
				double v = m == A_ACTIVE ? a->active :
					   m == A_LATCHED ? a->latched : a->count;

				exp_buf_printf(b, "%s{", name);
				at(s, i, b, true);
				put_label(b, "quantity",
					  enum_name(&cpo_quantity_enum, a->quantity),
					  false);
				put_label(b, "level",
					  enum_name(&cpo_alarm_level_enum, a->level),
					  false);
				put_value(b, v);
			}
		}
	}
}

/* ------------------------------------------------------------ exporter */

static void counter(struct exp_buf *b, const char *name, const char *help,
		    uint64_t v)
{
	family(b, name, "counter", help);
	exp_buf_printf(b, "%s %llu\n", name, (unsigned long long)v);
}

static void gauge(struct exp_buf *b, const char *name, const char *help,
		  double v)
{
	family(b, name, "gauge", help);
	exp_buf_printf(b, "%s %.10g\n", name, v);
}

static void render_exporter(const struct exp_state *s, struct exp_buf *b,
			    uint64_t now)
{
	const struct exp_counters *c = &s->cnt;

	family(b, "cpo_exporter_build_info", "gauge",
	       "The exporter's release; the value is 1.");
	exp_buf_printf(b, "cpo_exporter_build_info{version=\"%s\"} 1\n",
		       CPO_EXPORTER_VERSION);
	counter(b, "cpo_exporter_events_total",
		"Monitor events applied to the exporter's copy.", c->events);
	counter(b, "cpo_exporter_events_lost_total",
		"Monitor events missed (gaps in their sequence numbers).",
		c->events_lost);
	counter(b, "cpo_exporter_overruns_total",
		"Receive buffer overruns of the monitor socket, each followed by a dump.",
		c->overruns);
	counter(b, "cpo_exporter_dumps_total",
		"Complete dumps of the subsystem into the copy.", c->dumps);
	counter(b, "cpo_exporter_dump_errors_total",
		"Dumps that failed; the copy stayed as it was.", c->dump_errors);
	counter(b, "cpo_exporter_netlink_errors_total",
		"Netlink requests and monitor reads that failed (transport errors).",
		c->netlink_errors);
	counter(b, "cpo_exporter_scrapes_total",
		"Renderings of the metrics (HTTP scrapes and textfile writes).",
		c->scrapes);
	gauge(b, "cpo_exporter_last_dump_timestamp_seconds",
	      "When the copy was last dumped whole.", s->last_dump * 1e-9);
	gauge(b, "cpo_exporter_sync_age_seconds",
	      "Time since the last dump or the last event the copy took.",
	      (now - (s->last_event_seen > s->last_dump ? s->last_event_seen :
		      s->last_dump)) * 1e-9);
	family(b, "cpo_exporter_objects", "gauge", "Objects in the copy, by kind.");
	exp_buf_printf(b, "cpo_exporter_objects{kind=\"engine\"} %zu\n",
		       s->engines.n);
	exp_buf_printf(b, "cpo_exporter_objects{kind=\"lane\"} %zu\n",
		       s->lanes.n);
	exp_buf_printf(b, "cpo_exporter_objects{kind=\"laser\"} %zu\n",
		       s->lasers.n);
}

static void render_refresh_age(const struct exp_state *s, struct exp_buf *b,
			       uint64_t now)
{
	size_t i;

	family(b, "cpo_engine_refresh_age_seconds", "gauge",
	       "Age of the engine's values: time since the kernel last read them from the module, as the copy knows it.");
	for (i = 0; i < s->engines.n; i++) {
		const struct exp_engine *e = s->engines.items[i];

		if (!cpo_has(e->e.present, CPO_A_ENGINE_REFRESHED))
			continue;
		exp_buf_printf(b, "cpo_engine_refresh_age_seconds{");
		engine_labels(b, e);
		put_value(b, now > e->e.refreshed ?
			     (now - e->e.refreshed) * 1e-9 : 0);
	}
}

/* Parts 0 and 2 depend on the copy only, 1 and 3 on the time too. */
bool exp_metrics_part_static(unsigned int part)
{
	return part == 0 || part == 2;
}

bool exp_metrics_render_part(const struct exp_state *s, struct exp_buf *b,
			     unsigned int part, uint64_t now)
{
	switch (part) {
	case 0:
		render_info(s, b);
		render_engine_fields(s, b);
		break;
	case 1:
		render_refresh_age(s, b, now);
		break;
	case 2:
		render_lane_fields(s, b);
		render_laser_fields(s, b);
		render_thresholds(s, b, "engine", s->engines.n, engine_diag_at);
		render_thresholds(s, b, "lane", s->lanes.n, lane_diag_at);
		render_alarms(s, b, "engine", s->engines.n, engine_diag_at);
		render_alarms(s, b, "lane", s->lanes.n, lane_diag_at);
		break;
	case 3:
		render_exporter(s, b, now);
		break;
	}
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
