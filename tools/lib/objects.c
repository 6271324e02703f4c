// SPDX-License-Identifier: GPL-2.0
/*
 * Objects over the handle: one get, dump and set path for every object
 * type (engines, lanes, lasers, topology, thresholds, alarms), driven by
 * the attribute sets; the typed functions of libcpo.h are thin wrappers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpo_priv.h"

/* ---- the generic path ---- */

static int obj_one(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	return cpo_obj_parse(nlh, r->set, r->obj, r->err);
}

static int obj_each(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	int ret;

	ret = cpo_obj_parse(nlh, r->set, r->obj, r->err);
	if (ret)
		return ret;
	return r->call(r->cb, r->obj, r->data);
}

static int no_data(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	(void)nlh;
	(void)r;
	return 0;	/* a set replies with an ack only */
}

static int obj_request(struct cpo_handle *h, int len,
		       const struct cpo_attr_set *set, struct cpo_reply *r)
{
	if (len < 0)
		return len;
	r->req = cpo_send_buf(h);
	r->set = set;
	return cpo_request(h, r);
}

int cpo_obj_get(struct cpo_handle *h, int len, const struct cpo_attr_set *set,
		void *obj, struct cpo_error *err)
{
	struct cpo_reply r = { .data_cb = obj_one, .obj = obj, .err = err };
	int ret;

	ret = obj_request(h, len, set, &r);
	if (!ret && !r.count)
		return cpo_err_set(err, EPROTO, "no reply from the kernel");
	return ret;
}

int cpo_obj_dump(struct cpo_handle *h, int len,
		 const struct cpo_attr_set *set, cpo_obj_call call,
		 void (*cb)(void), void *data, struct cpo_error *err)
{
	struct cpo_reply r = {
		.data_cb = obj_each, .call = call, .cb = cb, .data = data,
		.err = err,
	};
	int ret;

	if (len < 0)
		return len;
	/* one object at a time, reused: lasers and diag are kilobytes */
	r.obj = malloc(set->obj_size);
	if (!r.obj)
		return cpo_err_set(err, ENOMEM, "out of memory");
	ret = obj_request(h, len, set, &r);
	free(r.obj);
	return ret;
}

int cpo_obj_ack(struct cpo_handle *h, int len, const struct cpo_attr_set *set,
		struct cpo_error *err)
{
	struct cpo_reply r = { .data_cb = no_data, .err = err };

	return obj_request(h, len, set, &r);
}

/*
 * A request built in the handle's send buffer; @err is cleared first, so
 * a builder's complaint is the one reported.
 */
#define BUILD(h, err, fn, ...)						\
	(cpo_error_clear(err),						\
	 fn(cpo_send_buf(h), CPO_SEND_BUF_SIZE, cpo_family_id(h),	\
	    cpo_next_seq(h), __VA_ARGS__))

/* Dumps call the user's typed callback through these. */
#define CALL(name, cb_type)						\
	static int call_##name(void (*cb)(void), const void *obj,	\
			       void *data)				\
	{								\
		return ((cb_type)cb)(obj, data);			\
	}

CALL(engine, cpo_engine_cb)
CALL(lane, cpo_lane_cb)
CALL(laser, cpo_laser_cb)
CALL(diag, cpo_diag_cb)

#define DUMP(h, len, set, name, cb, data, err)				\
	cpo_obj_dump(h, len, set, call_##name, (void (*)(void))(cb), data, err)

/* ---- parsing ---- */

int cpo_engine_parse(const struct nlmsghdr *nlh, struct cpo_engine *e,
		     struct cpo_error *err)
{
	return cpo_obj_parse(nlh, &cpo_engine_attr_set, e, err);
}

int cpo_lane_parse(const struct nlmsghdr *nlh, struct cpo_lane *l,
		   struct cpo_error *err)
{
	return cpo_obj_parse(nlh, &cpo_lane_attr_set, l, err);
}

int cpo_laser_parse(const struct nlmsghdr *nlh, struct cpo_laser *l,
		    struct cpo_error *err)
{
	return cpo_obj_parse(nlh, &cpo_laser_attr_set, l, err);
}

int cpo_topology_parse(const struct nlmsghdr *nlh, struct cpo_topology *t,
		       struct cpo_error *err)
{
	return cpo_obj_parse(nlh, &cpo_topology_attr_set, t, err);
}

int cpo_diag_parse(const struct nlmsghdr *nlh, struct cpo_diag *d,
		   struct cpo_error *err)
{
	return cpo_obj_parse(nlh, &cpo_diag_attr_set, d, err);
}

/* ---- engines ---- */

int cpo_engine_get_sel(struct cpo_handle *h, const struct cpo_engine *sel,
		       struct cpo_engine *e, struct cpo_error *err)
{
	return cpo_obj_get(h, BUILD(h, err, cpo_msg_engine_get, sel, err),
			   &cpo_engine_attr_set, e, err);
}

int cpo_engine_get(struct cpo_handle *h, uint32_t id, struct cpo_engine *e,
		   struct cpo_error *err)
{
	struct cpo_engine sel = { .present = CPO_BIT(CPO_A_ENGINE_ID), .id = id };

	return cpo_engine_get_sel(h, &sel, e, err);
}

int cpo_engine_dump_filter(struct cpo_handle *h,
			   const struct cpo_engine *filter, cpo_engine_cb cb,
			   void *data, struct cpo_error *err)
{
	return DUMP(h, BUILD(h, err, cpo_msg_engine_dump, filter, err),
		    &cpo_engine_attr_set, engine, cb, data, err);
}

int cpo_engine_dump(struct cpo_handle *h, cpo_engine_cb cb, void *data,
		    struct cpo_error *err)
{
	return cpo_engine_dump_filter(h, NULL, cb, data, err);
}

int cpo_engine_set(struct cpo_handle *h, const struct cpo_engine *req,
		   struct cpo_error *err)
{
	return cpo_obj_ack(h, BUILD(h, err, cpo_msg_engine_set, req, err),
			   &cpo_engine_attr_set, err);
}

/*
 * The updates a request began: one engine or laser module, or a device's
 * engines and laser modules.
 */
struct flash_follow {
	cpo_event_cb cb;
	void *data;
	bool by_dev;		/* learn the updates from their events */
	bool acked;		/* no update joins after the ack */
	unsigned int n;
	unsigned int cap;
	struct flash_one {
		uint32_t id;	/* the engine's, or the laser's */
		bool laser;	/* a laser module's update */
		bool ended;
	} *upd;
};

static bool flash_ended(uint32_t state)
{
	return state == CPO_FLASH_STATE_DONE ||
	       state == CPO_FLASH_STATE_FAILED ||
	       state == CPO_FLASH_STATE_ABORTED;
}

static struct flash_one *flash_find(struct flash_follow *f, uint32_t id,
				    bool laser)
{
	struct flash_one *bigger;
	unsigned int i;

	for (i = 0; i < f->n; i++)
		if (f->upd[i].id == id && f->upd[i].laser == laser)
			return &f->upd[i];
	if (!f->by_dev || f->acked)
		return NULL;
	if (f->n == f->cap) {
		bigger = realloc(f->upd, (f->cap ? 2 * f->cap : 16) *
					 sizeof(*bigger));
		if (!bigger)
			return NULL;
		f->upd = bigger;
		f->cap = f->cap ? 2 * f->cap : 16;
	}
	f->upd[f->n] = (struct flash_one){ .id = id, .laser = laser };
	return &f->upd[f->n++];
}

static bool flash_all_ended(const struct flash_follow *f)
{
	unsigned int i;

	for (i = 0; i < f->n; i++)
		if (!f->upd[i].ended)
			return false;
	return true;
}

static int flash_event(const struct cpo_event *ev, void *data)
{
	bool laser = ev->cmd == CPO_CMD_LASER_FLASH_NTF;
	const struct cpo_flash_list *l = laser ? &ev->laser.flash :
						 &ev->engine.flash;
	const struct cpo_flash *fl = &l->items[0];
	struct flash_follow *f = data;
	struct flash_one *one;

	if ((!laser && ev->cmd != CPO_CMD_ENGINE_FLASH_NTF) || !l->n)
		return 0;
	one = flash_find(f, laser ? ev->laser.id : ev->engine.id, laser);
	if (!one || one->ended)
		return 0;
	if (flash_ended(fl->state))
		one->ended = true;
	return f->cb(ev, f->data);
}

/* Ask for one update's engine or laser, as the event it would send. */
static int flash_get(struct cpo_handle *h2, const struct flash_one *one,
		     struct cpo_event *ev, struct cpo_error *err)
{
	const struct cpo_flash_list *l;
	int ret;

	memset(ev, 0, sizeof(*ev));
	ev->op = CPO_EVENT_FLASH;
	if (one->laser) {
		ev->cmd = CPO_CMD_LASER_FLASH_NTF;
		ev->obj = CPO_OBJ_LASER;
		ev->name = "laser-flash";
		ret = cpo_laser_get(h2, one->id, &ev->laser, err);
		l = &ev->laser.flash;
	} else {
		ev->cmd = CPO_CMD_ENGINE_FLASH_NTF;
		ev->obj = CPO_OBJ_ENGINE;
		ev->name = "engine-flash";
		ret = cpo_engine_get(h2, one->id, &ev->engine, err);
		l = &ev->engine.flash;
	}
	if (ret)
		return ret;
	return l->n && flash_ended(l->items[0].state);
}

/*
 * Nothing came for a while: the kernel drops an event the socket has no
 * room for, the last one too. Ask for each engine or laser still under
 * way (on a handle of its own: events on this one would pass for the
 * reply) and end those it says ended.
 */
static int flash_poll(struct flash_follow *f, struct cpo_error *err)
{
	struct cpo_handle *h2;
	struct cpo_event *ev;
	unsigned int i;
	int ret;

	ev = malloc(sizeof(*ev));
	if (!ev)
		return cpo_err_set(err, ENOMEM, "out of memory");
	ret = cpo_open(&h2, err);
	if (ret) {
		free(ev);
		return ret;
	}
	for (i = 0; !ret && i < f->n; i++) {
		if (f->upd[i].ended)
			continue;
		ret = flash_get(h2, &f->upd[i], ev, err);
		if (ret > 0)
			ret = flash_event(ev, f);
	}
	cpo_close(h2);
	free(ev);
	return ret;
}

/* Events that come before the acknowledgement, on the same socket. */
static int flash_data(const struct nlmsghdr *nlh, struct cpo_reply *r)
{
	struct cpo_event ev;
	int ret;

	ret = cpo_event_parse(nlh, &ev, r->err);
	if (ret == -EOPNOTSUPP)
		return 0;
	return ret ? ret : flash_event(&ev, r->data);
}

/* Follow the updates a request began until each ended. */
static int flash_wait_all(struct cpo_handle *h, struct flash_follow *f,
			struct cpo_error *err)
{
	int ret = 0;

	while (!flash_all_ended(f)) {
		ret = cpo_unicast_wait(h, CPO_FLASH_QUIET_MS, err);
		if (ret < 0)
			break;
		if (ret)
			ret = cpo_unicast_read(h, flash_event, f, err);
		else
			ret = flash_poll(f, err);
		if (ret)
			break;
	}
	return ret;
}

int cpo_laser_flash(struct cpo_handle *h, const struct cpo_laser *req,
		    cpo_event_cb cb, void *data, struct cpo_error *err)
{
	struct flash_one one = { .id = req->id, .laser = true };
	struct flash_follow f = { .cb = cb, .data = data, .upd = &one,
				  .n = 1, .cap = 1 };
	struct cpo_reply r = { .data_cb = flash_data, .data = &f, .err = err,
			       .events = true };
	int ret;

	ret = obj_request(h, BUILD(h, err, cpo_msg_laser_flash, req, err),
			  &cpo_laser_attr_set, &r);
	f.acked = true;
	if (!ret && !(req->present & CPO_BIT(CPO_A_LASER_FLASH_ABORT)))
		ret = flash_wait_all(h, &f, err);
	return ret;
}

int cpo_engine_flash(struct cpo_handle *h, const struct cpo_engine *req,
		     cpo_event_cb cb, void *data, struct cpo_error *err)
{
	struct flash_one one = { .id = req->id };
	struct flash_follow f = {
		.cb = cb, .data = data,
		.by_dev = !(req->present & CPO_BIT(CPO_A_ENGINE_ID)),
	};
	struct cpo_reply r = { .data_cb = flash_data, .data = &f, .err = err,
			       .events = true };
	int ret;

	if (!f.by_dev) {
		f.upd = &one;
		f.n = f.cap = 1;
	}
	ret = obj_request(h, BUILD(h, err, cpo_msg_engine_flash, req, err),
			  &cpo_engine_attr_set, &r);
	f.acked = true;
	if (!ret && !(req->present & CPO_BIT(CPO_A_ENGINE_FLASH_ABORT)))
		ret = flash_wait_all(h, &f, err);
	if (f.by_dev)
		free(f.upd);
	return ret;
}

/* ---- lanes ---- */

int cpo_lane_get(struct cpo_handle *h, const struct cpo_lane *sel,
		 struct cpo_lane *l, struct cpo_error *err)
{
	return cpo_obj_get(h, BUILD(h, err, cpo_msg_lane_get, sel, err),
			   &cpo_lane_attr_set, l, err);
}

int cpo_lane_dump(struct cpo_handle *h, const struct cpo_lane *filter,
		  cpo_lane_cb cb, void *data, struct cpo_error *err)
{
	return DUMP(h, BUILD(h, err, cpo_msg_lane_dump, filter, err),
		    &cpo_lane_attr_set, lane, cb, data, err);
}

int cpo_lane_set(struct cpo_handle *h, const struct cpo_lane *req,
		 struct cpo_error *err)
{
	return cpo_obj_ack(h, BUILD(h, err, cpo_msg_lane_set, req, err),
			   &cpo_lane_attr_set, err);
}

int cpo_lane_set_reply(struct cpo_handle *h, const struct cpo_lane *req,
		       struct cpo_lane *reply, struct cpo_error *err)
{
	struct cpo_reply r = { .data_cb = obj_one, .obj = reply, .err = err };

	/* a single-lane set without dry-run answers with an ack alone */
	memset(reply, 0, sizeof(*reply));
	return obj_request(h, BUILD(h, err, cpo_msg_lane_set, req, err),
			   &cpo_lane_attr_set, &r);
}

int cpo_lane_test(struct cpo_handle *h, const struct cpo_lane *req,
		  struct cpo_error *err)
{
	return cpo_obj_ack(h, BUILD(h, err, cpo_msg_lane_test, req, err),
			   &cpo_lane_attr_set, err);
}

int cpo_engine_selftest(struct cpo_handle *h, const struct cpo_engine *req,
			struct cpo_error *err)
{
	return cpo_obj_ack(h, BUILD(h, err, cpo_msg_engine_selftest, req, err),
			   &cpo_engine_attr_set, err);
}

/* ---- lasers ---- */

int cpo_laser_get(struct cpo_handle *h, uint32_t id, struct cpo_laser *l,
		  struct cpo_error *err)
{
	struct cpo_laser sel = { .present = CPO_BIT(CPO_A_LASER_ID), .id = id };

	return cpo_obj_get(h, BUILD(h, err, cpo_msg_laser_get, &sel, err),
			   &cpo_laser_attr_set, l, err);
}

int cpo_laser_dump(struct cpo_handle *h, cpo_laser_cb cb, void *data,
		   struct cpo_error *err)
{
	return DUMP(h, BUILD(h, err, cpo_msg_laser_dump, err),
		    &cpo_laser_attr_set, laser, cb, data, err);
}

int cpo_laser_set(struct cpo_handle *h, const struct cpo_laser *req,
		  struct cpo_error *err)
{
	return cpo_obj_ack(h, BUILD(h, err, cpo_msg_laser_set, req, err),
			   &cpo_laser_attr_set, err);
}

/* ---- topology ---- */

int cpo_topology_get(struct cpo_handle *h, const struct cpo_topology *sel,
		     struct cpo_topology *t, struct cpo_error *err)
{
	return cpo_obj_get(h, BUILD(h, err, cpo_msg_topology_get, sel, err),
			   &cpo_topology_attr_set, t, err);
}

/* ---- service ---- */

int cpo_service_parse(const struct nlmsghdr *nlh, struct cpo_service *s,
		      struct cpo_error *err)
{
	return cpo_obj_parse(nlh, &cpo_service_attr_set, s, err);
}

int cpo_service(struct cpo_handle *h, const struct cpo_service *req,
		struct cpo_service *s, struct cpo_error *err)
{
	return cpo_obj_get(h, BUILD(h, err, cpo_msg_service, req, err),
			   &cpo_service_attr_set, s, err);
}

/* ---- thresholds and alarms ---- */

int cpo_threshold_get(struct cpo_handle *h, const struct cpo_diag *sel,
		      struct cpo_diag *d, struct cpo_error *err)
{
	return cpo_obj_get(h, BUILD(h, err, cpo_msg_threshold_get, sel, err),
			   &cpo_diag_attr_set, d, err);
}

int cpo_threshold_dump(struct cpo_handle *h, cpo_diag_cb cb, void *data,
		       struct cpo_error *err)
{
	return DUMP(h, BUILD(h, err, cpo_msg_threshold_dump, err),
		    &cpo_diag_attr_set, diag, cb, data, err);
}

int cpo_threshold_set(struct cpo_handle *h, const struct cpo_diag *req,
		      struct cpo_error *err)
{
	return cpo_obj_ack(h, BUILD(h, err, cpo_msg_threshold_set, req, err),
			   &cpo_diag_attr_set, err);
}

int cpo_alarm_get(struct cpo_handle *h, const struct cpo_diag *sel,
		  struct cpo_diag *d, struct cpo_error *err)
{
	return cpo_obj_get(h, BUILD(h, err, cpo_msg_alarm_get, sel, err),
			   &cpo_diag_attr_set, d, err);
}

int cpo_alarm_dump(struct cpo_handle *h, cpo_diag_cb cb, void *data,
		   struct cpo_error *err)
{
	return DUMP(h, BUILD(h, err, cpo_msg_alarm_dump, err),
		    &cpo_diag_attr_set, diag, cb, data, err);
}

int cpo_alarm_clear(struct cpo_handle *h, const struct cpo_diag *req,
		    struct cpo_error *err)
{
	return cpo_obj_ack(h, BUILD(h, err, cpo_msg_alarm_clear, req, err),
			   &cpo_diag_attr_set, err);
}

int cpo_stats_clear(struct cpo_handle *h, const struct cpo_diag *req,
		    struct cpo_error *err)
{
	return cpo_obj_ack(h, BUILD(h, err, cpo_msg_stats_clear, req, err),
			   &cpo_diag_attr_set, err);
}
