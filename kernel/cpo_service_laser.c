// SPDX-License-Identifier: GPL-2.0
/*
 * The service flow of a laser module. A module is what is pulled at once:
 * the lasers a driver registered on one parent device whose locations
 * share their path up to the last "/" (the CMIS layer names a source's
 * lasers "<source location>/laser<K>"). A request names any of them.
 *
 * prepare lists the lanes the module's lasers feed (the blast radius) and
 * takes them out of service on their engines, tx off then data path
 * deinit, refused while they carry traffic unless forced; the engines stay
 * powered, they serve other lanes. A spare inside the module goes out with
 * it, so it cannot take the lanes over; a standby, a laser of another
 * module on the board's coupler (cpo_standby.c), can: prepare first moves
 * the lanes of each laser with a healthy, free standby to it, and those
 * lanes stay in service. prepare also keeps the module's
 * identity (vendor, part, serial). verify checks that every laser of the
 * module is in (a module of another layout, which the driver refused, fails
 * it as another type), reports another vendor, part or serial, checks the
 * module's firmware against the provisioned minimum, then the fibers of the
 * lanes, brings the lanes' saved configuration back, waits for them and
 * checks their light, as the engine's verify does (cpo_service.c). Once
 * its checks pass, verify gives the lanes moved to standbys back to the
 * module's lasers under the auto failover policy; under manual they stay,
 * with a note, until a laser failback. Each laser of the module carries
 * the module's state.
 *
 * Locks: one engine's I/O lock at a time; a laser's only to move lanes to
 * or from a standby (cpo_standby.c), never with an engine's: the lasers'
 * slot states are read under cpo_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "cpo_compat.h"
#include "cpo_core.h"

/* The length of the module part of a laser's location. */
static size_t cpo_laser_module_len(const struct cpo_laser *laser)
{
	const char *slash = strrchr(laser->info.location, '/');

	return slash ? slash - laser->info.location :
		       strlen(laser->info.location);
}

/**
 * cpo_laser_same_module - whether two lasers are pulled together
 * @a: a laser
 * @b: another
 *
 * Context: any; the lasers referenced.
 * Return: true when they sit on one parent device and their locations
 * share the part before the last "/".
 */
bool cpo_laser_same_module(const struct cpo_laser *a,
			   const struct cpo_laser *b)
{
	size_t n = cpo_laser_module_len(a);

	return a->dev.parent == b->dev.parent &&
	       n == cpo_laser_module_len(b) &&
	       !memcmp(a->info.location, b->info.location, n);
}

/* Drop the lasers of cpo_svc_module_get(). */
void cpo_svc_module_put(struct cpo_svc_module *m)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		put_device(&m->lasers[i]->dev);
	kfree(m->lasers);
	m->lasers = NULL;
	m->n = 0;
}

/* The registered lasers of @laser's module, referenced; also for updates. */
int cpo_svc_module_get(struct cpo_laser *laser,
		       struct cpo_svc_module *m)
{
	struct cpo_laser *other;
	unsigned long id;
	unsigned int n = 0;

	mutex_lock(&cpo_lock);
	xa_for_each(&cpo_laser_xa, id, other)
		n += other->registered && cpo_laser_same_module(laser, other);
	m->lasers = kcalloc(max(n, 1U), sizeof(*m->lasers), GFP_KERNEL);
	if (!m->lasers) {
		mutex_unlock(&cpo_lock);
		return -ENOMEM;
	}
	m->n = 0;
	xa_for_each(&cpo_laser_xa, id, other)
		if (m->n < n && other->registered &&
		    cpo_laser_same_module(laser, other)) {
			get_device(&other->dev);
			m->lasers[m->n++] = other;
		}
	mutex_unlock(&cpo_lock);
	return 0;
}

/* The engines of the lanes @m feeds, referenced; cpo_lock held. */
static int cpo_svc_module_engines(const struct cpo_svc_module *m,
				  struct cpo_engine ***out, unsigned int *n)
{
	struct cpo_engine **v = NULL;
	struct cpo_lane *lane;
	unsigned long id;
	unsigned int i, k = 0, size = 0;

	lockdep_assert_held(&cpo_lock);
	xa_for_each(&cpo_lane_xa, id, lane) {
		if (!cpo_service_lane_in(lane, m))
			continue;
		for (i = 0; i < k && v[i] != lane->engine; i++)
			;
		if (i < k)
			continue;
		if (k == size) {
			struct cpo_engine **w;

			size = size ? 2 * size : 4;
			w = krealloc_array(v, size, sizeof(*v), GFP_KERNEL);
			if (!w) {
				while (k--)
					put_device(&v[k]->dev);
				kfree(v);
				return -ENOMEM;
			}
			v = w;
		}
		get_device(&lane->engine->dev);
		v[k++] = lane->engine;
	}
	*out = v;
	*n = k;
	return 0;
}

static void cpo_svc_engines_put(struct cpo_engine **v, unsigned int n)
{
	while (n--)
		put_device(&v[n]->dev);
	kfree(v);
}

/* Record the step on every laser of @m and announce it; cpo_lock held. */
static void cpo_svc_module_end(const struct cpo_svc_module *m,
			       struct cpo_laser *laser, u32 step, u32 state,
			       int err, const char *why)
{
	unsigned int i;

	for (i = 0; i < m->n; i++) {
		struct cpo_service *svc = &m->lasers[i]->svc;

		if (err)
			strscpy(svc->reason, why, sizeof(svc->reason));
		cpo_service_record(svc, step, state, err);
	}
	cpo_service_laser_notify(laser);
}

/* The identity of @laser's module as it reads now. */
static int cpo_svc_module_ident(struct cpo_laser *laser,
				struct cpo_laser_ident *ident)
{
	int err;

	if (!laser->ops->identity_get)
		return -EOPNOTSUPP;
	err = cpo_laser_lock_io(laser, NULL);
	if (err)
		return err;
	err = laser->ops->identity_get(laser, laser->priv, ident, NULL);
	cpo_io_unlock(&laser->io);
	return err;
}

/* A laser of @m whose slot holds a module the driver refused, or NULL. */
static struct cpo_laser *cpo_svc_module_refused(const struct cpo_svc_module *m)
{
	unsigned int i;

	lockdep_assert_held(&cpo_lock);
	for (i = 0; i < m->n; i++)
		if (m->lasers[i]->refused)
			return m->lasers[i];
	return NULL;
}

/*
 * Checks before a step, cpo_lock held: every laser of the module is in,
 * no other step runs.
 */
static int cpo_svc_module_check(const struct cpo_svc_module *m,
				struct netlink_ext_ack *extack)
{
	unsigned int i;

	lockdep_assert_held(&cpo_lock);
	for (i = 0; i < m->n; i++) {
		if (!cpo_io_present(&m->lasers[i]->io)) {
			if (m->lasers[i]->refused)
				return -EMEDIUMTYPE;
			NL_SET_ERR_MSG(extack,
				       "laser slot is empty: a laser of the module is out");
			return -ENODEV;
		}
		if (m->lasers[i]->svc.busy) {
			NL_SET_ERR_MSG(extack,
				       "a service step of the laser module is under way");
			return -EBUSY;
		}
	}
	return 0;
}

static void cpo_svc_module_busy(const struct cpo_svc_module *m, bool busy)
{
	unsigned int i;

	mutex_lock(&cpo_lock);
	for (i = 0; i < m->n; i++)
		m->lasers[i]->svc.busy = busy;
	mutex_unlock(&cpo_lock);
}

/* Take the module's lanes down on each engine; errors are the first. */
static int cpo_svc_module_down(const struct cpo_svc_module *m,
			       struct cpo_engine **v, unsigned int n,
			       struct netlink_ext_ack *extack)
{
	unsigned int i;
	int err, first = 0;

	for (i = 0; i < n; i++) {
		err = cpo_engine_lock_io(v[i], first ? NULL : extack);
		if (!err) {
			err = cpo_service_lanes_down(v[i], m,
						     first ? NULL : extack);
			cpo_io_unlock(&v[i]->io);
		}
		if (err && !first)
			first = err;
	}
	return first;
}

/* Append to the notes of every laser of @m; cpo_lock held. */
static __printf(2, 3) void cpo_svc_module_note(const struct cpo_svc_module *m,
					       const char *fmt, ...)
{
	char note[64];
	unsigned int i;
	va_list args;

	va_start(args, fmt);
	vsnprintf(note, sizeof(note), fmt, args);
	va_end(args);
	for (i = 0; i < m->n; i++) {
		struct cpo_service *svc = &m->lasers[i]->svc;
		size_t len = strlen(svc->notes);

		snprintf(svc->notes + len, sizeof(svc->notes) - len, "%s%s",
			 len ? "; " : "", note);
	}
}

/* Whether @laser feeds lanes; cpo_lock held. */
static bool cpo_svc_laser_feeds(const struct cpo_laser *laser)
{
	struct cpo_lane *lane;
	unsigned long id;

	xa_for_each(&cpo_lane_xa, id, lane)
		if (lane->registered && lane->laser == laser)
			return true;
	return false;
}

/*
 * Split @m: @rest gets the lasers whose lanes stay, the others have lanes
 * and a standby to move them to; unreferenced, freed with kfree(). cpo_lock
 * held.
 */
static int cpo_svc_module_plan(const struct cpo_svc_module *m,
			       struct cpo_svc_module *rest)
{
	unsigned int i;

	lockdep_assert_held(&cpo_lock);
	rest->lasers = kcalloc(max(m->n, 1U), sizeof(*rest->lasers),
			       GFP_KERNEL);
	if (!rest->lasers)
		return -ENOMEM;
	rest->n = 0;
	for (i = 0; i < m->n; i++) {
		struct cpo_laser *l = m->lasers[i];

		if (!cpo_svc_laser_feeds(l) || !cpo_laser_standby_usable(l) ||
		    cpo_laser_same_module(l, l->standby))
			rest->lasers[rest->n++] = l;
	}
	return 0;
}

/* Whether @rest lists @laser. */
static bool cpo_svc_module_has(const struct cpo_svc_module *rest,
			       const struct cpo_laser *laser)
{
	unsigned int i;

	for (i = 0; i < rest->n; i++)
		if (rest->lasers[i] == laser)
			return true;
	return false;
}

/*
 * Move the lanes of the lasers of @m not in @rest to their standbys; the
 * first error, the laser it happened on in *@failed. The lanes of a laser
 * whose move failed stay on it, to go down with the others.
 */
static int cpo_svc_module_move(const struct cpo_svc_module *m,
			       const struct cpo_svc_module *rest,
			       struct cpo_laser **failed)
{
	unsigned int i;
	int err, first = 0;

	for (i = 0; i < m->n; i++) {
		struct cpo_laser *l = m->lasers[i];

		if (cpo_svc_module_has(rest, l))
			continue;
		err = cpo_laser_standby_move(l, NULL);
		mutex_lock(&cpo_lock);
		if (!err)
			cpo_svc_module_note(m, "laser %u on standby %u", l->id,
					    l->standby ? l->standby->id : 0);
		else
			cpo_svc_module_note(m, "laser %u: move to standby %d",
					    l->id, err);
		mutex_unlock(&cpo_lock);
		if (err && !first) {
			first = err;
			*failed = l;
		}
	}
	return first;
}

/**
 * cpo_laser_service_prepare - take a laser module's lanes out of service
 * @laser: a laser of the module, referenced
 * @force: go on while lanes carry traffic
 * @extack: for the reason of a refusal
 *
 * The lanes of each laser of the module with a healthy, free standby in
 * another module move to it (cpo_laser_standby_move()) and stay in
 * service; the others are taken out of service. Lanes that move do not
 * count as carrying traffic; those of a laser whose move failed do, and
 * refuse the step without @force.
 *
 * Context: process context; sleeps while a standby comes on; takes
 * engines' and standbys' I/O locks, one at a time, and cpo_lock.
 * Return: 0, -EBUSY when lanes carry traffic without @force or another
 * step runs, -ENODEV when a laser of the module is out, -ENOMEM, or the
 * error of a set.
 */
int cpo_laser_service_prepare(struct cpo_laser *laser, bool force,
			      struct netlink_ext_ack *extack)
{
	const u32 step = CPO_SERVICE_STEP_PREPARE;
	char why[sizeof(laser->svc.reason)] = "";
	struct cpo_laser_ident ident = {};
	struct cpo_svc_module m = {}, rest = {};
	struct cpo_laser *failed = NULL;
	struct cpo_engine **v = NULL;
	struct cpo_lane *lane;
	unsigned int i, n = 0;
	unsigned long id;
	u32 state;
	int err;

	err = cpo_svc_module_get(laser, &m);
	if (err)
		return err;
	/* None known (no op, a read failed): verify then compares nothing. */
	cpo_svc_module_ident(laser, &ident);
	mutex_lock(&cpo_lock);
	err = cpo_svc_module_check(&m, extack);
	if (err == -EMEDIUMTYPE) {
		NL_SET_ERR_MSG(extack,
			       "laser slot is empty: the module inserted has another layout");
		err = -ENODEV;
	}
	if (!err)
		err = cpo_svc_module_plan(&m, &rest);
	if (!err)
		err = cpo_svc_module_engines(&m, &v, &n);
	for (i = 0; !err && i < n; i++)
		if (cpo_service_busy_lane(v[i], &rest) && !force) {
			NL_SET_ERR_MSG(extack,
				       "lanes fed by the laser module carry traffic (dp-state activated): give force to take them out of service");
			err = -EBUSY;
		}
	state = laser->svc.state;
	if (!err && state != CPO_SERVICE_STATE_PREPARED &&
	    state != CPO_SERVICE_STATE_FAILED) {
		xa_for_each(&cpo_lane_xa, id, lane)
			if (cpo_service_lane_in(lane, &m))
				lane->svc_saved = lane->st;
		for (i = 0; i < m.n; i++)
			m.lasers[i]->svc_was = ident;
	}
	if (!err)
		for (i = 0; i < m.n; i++) {
			m.lasers[i]->svc.busy = true;
			m.lasers[i]->svc.notes[0] = '\0';
		}
	mutex_unlock(&cpo_lock);
	if (err)
		goto put;

	/* First the moves: what stays on the module's lasers then goes down. */
	err = cpo_svc_module_move(&m, &rest, &failed);
	mutex_lock(&cpo_lock);
	for (i = 0; err && i < n; i++)
		if (cpo_service_busy_lane(v[i], &m) && !force)
			break;
	if (err && i < n) {
		snprintf(why, sizeof(why),
			 "moving the lanes of laser %u to its standby failed (%d); they carry traffic: give force to take them out of service",
			 failed->id, err);
		err = -EBUSY;
	} else {
		err = 0;
	}
	mutex_unlock(&cpo_lock);
	if (!err) {
		err = cpo_svc_module_down(&m, v, n, extack);
		if (err)
			strscpy(why, "taking the lanes out of service failed",
				sizeof(why));
	}
	mutex_lock(&cpo_lock);
	cpo_svc_module_end(&m, laser, step, err ? state ?: CPO_SERVICE_STATE_NONE :
			   CPO_SERVICE_STATE_PREPARED, err, why);
	if (err == -EBUSY)
		cpo_extack_fmt(extack, "service step failed", laser->svc.reason);
	mutex_unlock(&cpo_lock);
	cpo_svc_module_busy(&m, false);
put:
	kfree(rest.lasers);
	cpo_svc_engines_put(v, n);
	cpo_svc_module_put(&m);
	return err;
}

/*
 * Give the lanes moved to standbys back to the module's lasers under the
 * auto failover policy; under manual, note where they stay.
 */
static void cpo_svc_module_fail_back(const struct cpo_svc_module *m)
{
	struct cpo_laser *sb;
	unsigned int i;
	bool on, autop;
	int err;

	for (i = 0; i < m->n; i++) {
		struct cpo_laser *l = m->lasers[i];

		mutex_lock(&cpo_lock);
		on = cpo_laser_on_standby(l);
		sb = on ? l->standby : NULL;
		autop = (l->st.valid & CPO_LASER_F_FAILOVER_POLICY) &&
			l->st.failover_policy == CPO_FAILOVER_POLICY_AUTO;
		if (on && !autop)
			cpo_svc_module_note(m,
					    "laser %u stays on standby %u (manual policy)",
					    l->id, sb->id);
		mutex_unlock(&cpo_lock);
		if (!on || !autop)
			continue;
		err = cpo_laser_standby_back(l, CPO_STANDBY_WAIT_MS, NULL);
		if (err) {
			mutex_lock(&cpo_lock);
			cpo_svc_module_note(m,
					    "laser %u stays on standby %u: failback %d",
					    l->id, sb->id, err);
			mutex_unlock(&cpo_lock);
		}
	}
}

/* Write the saved controls of the module's lanes back, power first. */
static int cpo_svc_module_bring_back(const struct cpo_svc_module *m,
				     struct cpo_engine **v, unsigned int n)
{
	static const enum cpo_lane_field fields[] = {
		CPO_LANE_POWER, CPO_LANE_TX_ENABLE,
	};
	static const u32 flags[] = {
		CPO_LANE_F_POWER, CPO_LANE_F_TX_ENABLE,
	};
	struct cpo_lane *lane;
	unsigned long index;
	unsigned int i, f;
	int err = 0, ret;

	for (i = 0; i < n && !err; i++) {
		err = cpo_engine_lock_io(v[i], NULL);
		if (err)
			break;
		for (f = 0; f < ARRAY_SIZE(fields) && !err; f++)
			xa_for_each(&v[i]->lanes, index, lane) {
				if (!cpo_service_lane_in(lane, m) ||
				    !(lane->svc_saved.valid & flags[f]))
					continue;
				ret = cpo_lane_set(lane, fields[f],
						   cpo_lane_field_value(&lane->svc_saved,
									fields[f]),
						   NULL);
				if (ret < 0) {
					err = ret;
					break;
				}
				if (ret)
					cpo_lane_reread(lane, true);
			}
		cpo_io_unlock(&v[i]->io);
	}
	return err;
}

/* Wait, bounded and without a lock, for the lanes to carry traffic. */
static void cpo_svc_module_wait_up(const struct cpo_svc_module *m,
				   struct cpo_engine **v, unsigned int n)
{
	unsigned long until = jiffies + msecs_to_jiffies(CPO_SERVICE_UP_MS);
	unsigned int i;

	for (i = 0; i < n; i++)
		while (!cpo_service_lanes_up(v[i], m) &&
		       time_before(jiffies, until))
			msleep(CPO_SERVICE_POLL_MS);
}

/* The fiber, or after the lanes are back the light, checks; cpo_lock held. */
static int cpo_svc_module_check_lanes(const struct cpo_svc_module *m,
				      struct cpo_engine **v, unsigned int n,
				      bool light, char *why, size_t len)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < n && !err; i++)
		err = light ? cpo_service_check_light(v[i], m, why, len) :
			      cpo_service_check_fibers(v[i], m, why, len);
	return err;
}

/*
 * The identity and firmware checks of verify; cpo_lock held. Another
 * vendor, part or serial than at prepare is allowed and written into the
 * notes of every laser of @m; firmware older than the provisioned minimum
 * fails.
 */
static int cpo_svc_module_check_part(const struct cpo_svc_module *m,
				     const struct cpo_laser_ident *now,
				     char *why, size_t len)
{
	const struct cpo_laser *laser = m->lasers[0];
	const struct cpo_laser_ident *was = &laser->svc_was;
	const char *fw = laser->fw.active;
	unsigned int i;

	if (now && was->vendor[0] &&
	    (strcmp(now->vendor, was->vendor) ||
	     strcmp(now->part_number, was->part_number) ||
	     strcmp(now->serial, was->serial)))
		for (i = 0; i < m->n; i++)
			snprintf(m->lasers[i]->svc.notes,
				 sizeof(m->lasers[i]->svc.notes),
				 "another module: vendor %.16s part %.16s serial %.16s (was %.16s %.16s %.16s)",
				 now->vendor, now->part_number, now->serial,
				 was->vendor, was->part_number, was->serial);
	if (laser->svc_fw_min[0] &&
	    cpo_fw_version_cmp(fw, laser->svc_fw_min) < 0) {
		snprintf(why, len,
			 "firmware: %s is below the provisioned minimum %s",
			 fw[0] ? fw : "unknown", laser->svc_fw_min);
		return -EPROTO;
	}
	return 0;
}

/**
 * cpo_laser_set_fw_min - provision the minimum firmware version of a laser
 *	module
 * @laser: a laser of the module
 * @version: checked with cpo_fw_min_check()
 *
 * Every registered laser of the module takes it; each that changes is
 * announced.
 *
 * Context: cpo_lock held.
 */
void cpo_laser_set_fw_min(struct cpo_laser *laser, const char *version)
{
	struct cpo_laser *other;
	unsigned long id;

	lockdep_assert_held(&cpo_lock);
	xa_for_each(&cpo_laser_xa, id, other) {
		if (!other->registered || !cpo_laser_same_module(laser, other) ||
		    !strcmp(other->svc_fw_min, version))
			continue;
		strscpy(other->svc_fw_min, version, sizeof(other->svc_fw_min));
		cpo_laser_notify(other, CPO_CMD_LASER_CHANGE_NTF);
	}
}

/**
 * cpo_laser_service_verify - bring a laser module's lanes back into service
 * @laser: a laser of the module, referenced
 * @extack: for the reason of a failure
 *
 * Every laser of the module must be in; checks the fibers of the lanes
 * they feed, brings the lanes' saved controls back, waits for the lanes
 * that carried traffic and checks their light. A failed check takes the
 * lanes down again and leaves the state failed. A module of another layout
 * (laser count, spares) is refused by its driver and leaves the slots
 * empty: verify fails it as another type. Another vendor, part or serial
 * is reported in the notes; firmware older than the provisioned minimum
 * fails. Once the checks pass, the lanes prepare moved to standbys go back
 * to the module's lasers under the auto failover policy
 * (cpo_laser_standby_back()); under manual they stay, with a note.
 *
 * Context: process context; sleeps while lanes come up; takes engines'
 * and lasers' I/O locks, one at a time, and cpo_lock.
 * Return: 0; -ENODEV when a laser is out, -EINVAL without a prepare,
 * -EBUSY while another step runs, or the failed check's: -EMEDIUMTYPE
 * another layout, -EPROTO firmware, -ENOLINK fiber, -ETIMEDOUT a lane not
 * up, -EREMOTEIO light.
 */
int cpo_laser_service_verify(struct cpo_laser *laser,
			     struct netlink_ext_ack *extack)
{
	const u32 step = CPO_SERVICE_STEP_VERIFY;
	char why[sizeof(laser->svc.reason)];
	struct cpo_laser_ident ident = {};
	struct cpo_svc_module m = {};
	struct cpo_engine **v = NULL;
	unsigned int i, n = 0;
	bool have_ident;
	u32 state;
	int err;

	err = cpo_svc_module_get(laser, &m);
	if (err)
		return err;
	mutex_lock(&cpo_lock);
	err = cpo_svc_module_check(&m, extack);
	state = laser->svc.state;
	if ((!err || err == -EMEDIUMTYPE) &&
	    state != CPO_SERVICE_STATE_PREPARED &&
	    state != CPO_SERVICE_STATE_FAILED) {
		NL_SET_ERR_MSG(extack,
			       "no service prepared on the laser module: run prepare first");
		err = -EINVAL;
	}
	if (err == -EMEDIUMTYPE) {
		struct cpo_laser *bad = cpo_svc_module_refused(&m);

		snprintf(why, sizeof(why),
			 "identity: the module in the slot of laser %u has another layout (laser count or spares) than provisioned",
			 bad->id);
		cpo_svc_module_end(&m, laser, step, CPO_SERVICE_STATE_FAILED,
				   err, why);
		cpo_extack_fmt(extack, "service step failed", laser->svc.reason);
		mutex_unlock(&cpo_lock);
		goto put;
	}
	if (!err)
		err = cpo_svc_module_engines(&m, &v, &n);
	if (!err)
		for (i = 0; i < m.n; i++) {
			m.lasers[i]->svc.busy = true;
			m.lasers[i]->svc.notes[0] = '\0';
		}
	mutex_unlock(&cpo_lock);
	if (err)
		goto put;

	/* The copies as the part now in reports them. */
	for (i = 0; i < n; i++)
		cpo_engine_refresh(v[i]);
	have_ident = !cpo_svc_module_ident(laser, &ident);
	mutex_lock(&cpo_lock);
	err = cpo_svc_module_check_part(&m, have_ident ? &ident : NULL,
					why, sizeof(why));
	if (!err)
		err = cpo_svc_module_check_lanes(&m, v, n, false, why,
						 sizeof(why));
	mutex_unlock(&cpo_lock);
	if (err)
		goto fail;
	err = cpo_svc_module_bring_back(&m, v, n);
	if (err) {
		snprintf(why, sizeof(why), "restoring the lanes failed: %d", err);
		goto down;
	}
	cpo_svc_module_wait_up(&m, v, n);
	for (i = 0; i < n; i++)
		cpo_engine_refresh(v[i]);
	mutex_lock(&cpo_lock);
	err = cpo_svc_module_check_lanes(&m, v, n, true, why, sizeof(why));
	mutex_unlock(&cpo_lock);
	if (!err) {
		cpo_svc_module_fail_back(&m);
		mutex_lock(&cpo_lock);
		cpo_svc_module_end(&m, laser, step, CPO_SERVICE_STATE_VERIFIED,
				   0, NULL);
		mutex_unlock(&cpo_lock);
		goto done;
	}
down:
	cpo_svc_module_down(&m, v, n, NULL);
fail:
	mutex_lock(&cpo_lock);
	cpo_svc_module_end(&m, laser, step, CPO_SERVICE_STATE_FAILED, err, why);
	cpo_extack_fmt(extack, "service step failed", laser->svc.reason);
	mutex_unlock(&cpo_lock);
done:
	cpo_svc_module_busy(&m, false);
put:
	cpo_svc_engines_put(v, n);
	cpo_svc_module_put(&m);
	return err;
}
