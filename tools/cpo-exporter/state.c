// SPDX-License-Identifier: GPL-2.0
/*
 * The exporter's copy of the subsystem: engines, lanes and lasers in
 * tables ordered by id, each engine and lane with its thresholds and
 * alarms. A dump fills a new copy that replaces the old one whole; the
 * monitor group's events then keep it current (a notification carries the
 * same object as a get reply, an alarm event one alarm of an engine or a
 * lane).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exporter.h"

uint64_t exp_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* ------------------------------------------------------------ tables */

static void table_init(struct exp_table *t, size_t size, size_t id_off)
{
	memset(t, 0, sizeof(*t));
	t->size = size;
	t->id_off = id_off;
}

static uint32_t table_id(const struct exp_table *t, const void *obj)
{
	uint32_t id;

	memcpy(&id, (const char *)obj + t->id_off, sizeof(id));
	return id;
}

/* Index of @id, or where it would go (*found false). */
static size_t table_pos(const struct exp_table *t, uint32_t id, bool *found)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t v = table_id(t, t->items[mid]);

		if (v == id) {
			*found = true;
			return mid;
		}
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static void *table_find(const struct exp_table *t, uint32_t id)
{
	bool found;
	size_t i = table_pos(t, id, &found);

	return found ? t->items[i] : NULL;
}

static void diag_free(struct exp_diag *d)
{
	free(d->thresholds);
	free(d->alarms);
	memset(d, 0, sizeof(*d));
}

/* The element of @id, made (zeroed, id set) when missing; NULL on ENOMEM. */
static void *table_get(struct exp_table *t, uint32_t id)
{
	bool found;
	size_t i = table_pos(t, id, &found);
	void *obj;

	if (found)
		return t->items[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		void **items = realloc(t->items, cap * sizeof(*items));

		if (!items)
			return NULL;
		t->items = items;
		t->cap = cap;
	}
	obj = calloc(1, t->size);
	if (!obj)
		return NULL;
	memcpy((char *)obj + t->id_off, &id, sizeof(id));
	memmove(&t->items[i + 1], &t->items[i], (t->n - i) * sizeof(void *));
	t->items[i] = obj;
	t->n++;
	return obj;
}

/*
 * Remove the element of @id; @diag_off is the offset of its struct
 * exp_diag, or (size_t)-1 for none.
 */
static void table_del(struct exp_table *t, uint32_t id, size_t diag_off)
{
	bool found;
	size_t i = table_pos(t, id, &found);

	if (!found)
		return;
	if (diag_off != (size_t)-1)
		diag_free((struct exp_diag *)((char *)t->items[i] + diag_off));
	free(t->items[i]);
	memmove(&t->items[i], &t->items[i + 1], (t->n - i - 1) * sizeof(void *));
	t->n--;
}

static void table_free(struct exp_table *t, size_t diag_off)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (diag_off != (size_t)-1)
			diag_free((struct exp_diag *)((char *)t->items[i] +
						       diag_off));
		free(t->items[i]);
	}
	free(t->items);
	t->items = NULL;
	t->n = t->cap = 0;
}

#define NO_DIAG			((size_t)-1)
#define ENGINE_DIAG		offsetof(struct exp_engine, diag)
#define LANE_DIAG		offsetof(struct exp_lane, diag)

void exp_state_init(struct exp_state *s)
{
	memset(s, 0, sizeof(*s));
	table_init(&s->engines, sizeof(struct exp_engine),
		   offsetof(struct exp_engine, e.id));
	table_init(&s->lanes, sizeof(struct exp_lane),
		   offsetof(struct exp_lane, l.id));
	table_init(&s->lasers, sizeof(struct cpo_laser),
		   offsetof(struct cpo_laser, id));
	s->start = exp_now_ns();
}

static void state_free_objects(struct exp_state *s)
{
	table_free(&s->engines, ENGINE_DIAG);
	table_free(&s->lanes, LANE_DIAG);
	table_free(&s->lasers, NO_DIAG);
}

void exp_state_free(struct exp_state *s)
{
	state_free_objects(s);
}

struct exp_engine *exp_engine_find(const struct exp_state *s, uint32_t id)
{
	return table_find(&s->engines, id);
}

struct exp_lane *exp_lane_find(const struct exp_state *s, uint32_t id)
{
	return table_find(&s->lanes, id);
}

struct cpo_laser *exp_laser_find(const struct exp_state *s, uint32_t id)
{
	return table_find(&s->lasers, id);
}

/* ------------------------------------------------------------ objects */

static void lane_store(struct exp_lane *x, const struct cpo_lane *l)
{
	x->l = l->state;
}

static void laser_store(struct cpo_laser *x, const struct cpo_laser *l)
{
	*x = *l;
}

static void engine_store(struct exp_engine *x, const struct cpo_engine *e)
{
	x->e = *e;
	/* what the metrics never show, and notifications' own fields */
	memset(&x->e.firmware, 0, sizeof(x->e.firmware));
	memset(&x->e.selftest, 0, sizeof(x->e.selftest));
}

static int diag_set_thresholds(struct exp_diag *d, const struct cpo_diag *src)
{
	size_t n = src->thresholds.n;
	struct cpo_threshold *t = NULL;

	if (n) {
		t = malloc(n * sizeof(*t));
		if (!t)
			return -ENOMEM;
		memcpy(t, src->thresholds.items, n * sizeof(*t));
	}
	free(d->thresholds);
	d->thresholds = t;
	d->n_thresholds = n;
	return 0;
}

static int diag_set_alarms(struct exp_diag *d, const struct cpo_diag *src)
{
	size_t n = src->alarms.n;
	struct cpo_alarm *a = NULL;

	if (n) {
		a = malloc(n * sizeof(*a));
		if (!a)
			return -ENOMEM;
		memcpy(a, src->alarms.items, n * sizeof(*a));
	}
	free(d->alarms);
	d->alarms = a;
	d->n_alarms = n;
	return 0;
}

/* One alarm of an alarm event: replace the entry of its quantity and level. */
static int diag_update_alarm(struct exp_diag *d, const struct cpo_alarm *a)
{
	struct cpo_alarm *grown;
	uint32_t i;

	for (i = 0; i < d->n_alarms; i++) {
		if (d->alarms[i].quantity == a->quantity &&
		    d->alarms[i].level == a->level) {
			d->alarms[i] = *a;
			return 0;
		}
	}
	grown = realloc(d->alarms, (d->n_alarms + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	d->alarms = grown;
	d->alarms[d->n_alarms++] = *a;
	return 0;
}

/* The diag of an engine, or of a lane when lane-id is present. */
static struct exp_diag *diag_of(struct exp_state *s, const struct cpo_diag *d)
{
	if (cpo_has(d->present, CPO_A_DIAG_LANE_ID)) {
		struct exp_lane *l = exp_lane_find(s, d->lane_id);

		return l ? &l->diag : NULL;
	}
	if (cpo_has(d->present, CPO_A_DIAG_ENGINE_ID)) {
		struct exp_engine *e = exp_engine_find(s, d->engine_id);

		return e ? &e->diag : NULL;
	}
	return NULL;
}

/* ------------------------------------------------------------ dump */

static int dump_engine(const struct cpo_engine *e, void *data)
{
	struct exp_engine *x = table_get(data, e->id);

	if (!x)
		return -ENOMEM;
	engine_store(x, e);
	return 0;
}

static int dump_lane(const struct cpo_lane *l, void *data)
{
	struct exp_lane *x = table_get(data, l->id);

	if (!x)
		return -ENOMEM;
	lane_store(x, l);
	return 0;
}

static int dump_laser(const struct cpo_laser *l, void *data)
{
	struct cpo_laser *x = table_get(data, l->id);

	if (!x)
		return -ENOMEM;
	laser_store(x, l);
	return 0;
}

static int dump_threshold(const struct cpo_diag *d, void *data)
{
	struct exp_diag *x = diag_of(data, d);

	return x ? diag_set_thresholds(x, d) : 0;
}

static int dump_alarm(const struct cpo_diag *d, void *data)
{
	struct exp_diag *x = diag_of(data, d);

	return x ? diag_set_alarms(x, d) : 0;
}

static int dump_once(struct exp_state *n, struct cpo_handle *h,
		     struct cpo_error *err)
{
	int ret;

	ret = cpo_engine_dump(h, dump_engine, &n->engines, err);
	if (!ret)
		ret = cpo_lane_dump(h, NULL, dump_lane, &n->lanes, err);
	if (!ret)
		ret = cpo_laser_dump(h, dump_laser, &n->lasers, err);
	if (!ret)
		ret = cpo_threshold_dump(h, dump_threshold, n, err);
	if (!ret)
		ret = cpo_alarm_dump(h, dump_alarm, n, err);
	return ret;
}

/*
 * A dump interrupted by a registration (NLM_F_DUMP_INTR) is tried again:
 * devices come and go while the exporter runs.
 */
#define DUMP_TRIES	5

int exp_state_dump(struct exp_state *s, struct cpo_handle *h,
		   struct cpo_error *err)
{
	struct exp_state n;
	int ret = 0, i;

	for (i = 0; i < DUMP_TRIES; i++) {
		exp_state_init(&n);
		ret = dump_once(&n, h, err);
		if (!ret)
			break;
		state_free_objects(&n);
		if (ret != -EINTR)
			break;
	}
	if (ret) {
		s->cnt.dump_errors++;
		s->cnt.netlink_errors++;
		return ret;
	}
	state_free_objects(s);
	s->engines = n.engines;
	s->lanes = n.lanes;
	s->lasers = n.lasers;
	s->cnt.dumps++;
	s->gen++;
	s->last_dump = exp_now_ns();
	return 0;
}

/* ------------------------------------------------------------ events */

/*
 * An event older than what the copy holds (queued while a dump read newer
 * values) leaves the copy as it is.
 */
static bool older(uint64_t ev_refreshed, uint64_t have)
{
	return ev_refreshed && have && ev_refreshed < have;
}

static int event_engine(struct exp_state *s, const struct cpo_event *ev)
{
	struct exp_engine *x;

	if (ev->op == CPO_EVENT_DELETE) {
		table_del(&s->engines, ev->engine.id, ENGINE_DIAG);
		return 0;
	}
	/* flash and self-test progress carry their nests, not the engine */
	if (ev->op != CPO_EVENT_CREATE && ev->op != CPO_EVENT_CHANGE)
		return 0;
	x = table_get(&s->engines, ev->engine.id);
	if (!x)
		return -ENOMEM;
	if (older(ev->engine.refreshed, x->e.refreshed))
		return 0;
	engine_store(x, &ev->engine);
	return 0;
}

static int event_lane(struct exp_state *s, const struct cpo_event *ev)
{
	struct exp_lane *x;

	if (ev->op == CPO_EVENT_DELETE) {
		table_del(&s->lanes, ev->lane.id, LANE_DIAG);
		return 0;
	}
	/* a lane test's begin and end carry the test, not the lane */
	if (ev->op != CPO_EVENT_CREATE && ev->op != CPO_EVENT_CHANGE)
		return 0;
	x = table_get(&s->lanes, ev->lane.id);
	if (!x)
		return -ENOMEM;
	if (older(ev->lane.refreshed, x->l.refreshed))
		return 0;
	lane_store(x, &ev->lane);
	return 0;
}

static int event_laser(struct exp_state *s, const struct cpo_event *ev)
{
	struct cpo_laser *x;

	if (ev->op == CPO_EVENT_DELETE) {
		table_del(&s->lasers, ev->laser.id, NO_DIAG);
		return 0;
	}
	/* failover and failback carry the whole laser that took over */
	if (!cpo_has(ev->laser.present, CPO_A_LASER_LOCATION))
		return 0;
	x = table_get(&s->lasers, ev->laser.id);
	if (!x)
		return -ENOMEM;
	if (older(ev->laser.refreshed, x->refreshed))
		return 0;
	laser_store(x, &ev->laser);
	return 0;
}

static int event_alarm(struct exp_state *s, const struct cpo_event *ev)
{
	struct exp_diag *d = diag_of(s, &ev->diag);
	uint32_t i;
	int ret;

	if (!d)
		return 0;
	for (i = 0; i < ev->diag.alarms.n; i++) {
		ret = diag_update_alarm(d, &ev->diag.alarms.items[i]);
		if (ret)
			return ret;
	}
	return 0;
}

int exp_state_event(const struct cpo_event *ev, void *data)
{
	struct exp_state *s = data;
	int ret = 0;

	s->cnt.events_lost += cpo_seq_track(&s->seq, ev->seq);
	switch (ev->obj) {
	case CPO_OBJ_ENGINE:
		ret = event_engine(s, ev);
		break;
	case CPO_OBJ_LANE:
		ret = event_lane(s, ev);
		break;
	case CPO_OBJ_LASER:
		ret = event_laser(s, ev);
		break;
	case CPO_OBJ_DIAG:
		ret = event_alarm(s, ev);
		break;
	case CPO_OBJ_SERVICE:
		/* the service state is read with the engine */
		break;
	}
	s->cnt.events++;
	s->gen++;
	s->last_event = ev->timestamp;
	s->last_event_seen = exp_now_ns();
	return ret;
}
