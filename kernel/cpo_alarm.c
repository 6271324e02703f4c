// SPDX-License-Identifier: GPL-2.0
/*
 * Thresholds and latched alarms.
 *
 * Every engine holds thresholds for its own quantities (temperature,
 * voltage, power draw) and for its lanes' (TX and RX power, bias, pre-FEC
 * BER); a lane may have its own instead. The defaults come from the
 * module (page 02h for CMIS) through the driver's thresholds_get op, and
 * for the BER from the FEC limit. After each refresh of an engine
 * (cpo_refresh.c) its copy and its lanes' are evaluated: a flag is active while its value is
 * beyond its threshold (analog lane values only while the data path is
 * activated) or while the hardware raises it (LOS, LOL, TX fault). Each
 * flag that became active is latched, counted and time-stamped, each
 * change announced with an alarm-ntf and a KOBJ_CHANGE uevent on the
 * engine. The latched flags stay until cleared by command.
 *
 * The hardware's own clear-on-read flags are read by the refresh alone
 * (for CMIS, the layer's refresh op), so no reader steals another's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include "cpo_core.h"

/* Pre-FEC BER limits times 10^18: the KP4 FEC limit, and a margin. */
#define CPO_BER_ALARM		240000000000000LL	/* 2.4e-4 */
#define CPO_BER_WARNING		10000000000000LL	/* 1e-5 */

static const char * const cpo_quantity_names[] = {
	[CPO_QUANTITY_TEMPERATURE] = "temperature",
	[CPO_QUANTITY_VOLTAGE] = "voltage",
	[CPO_QUANTITY_POWER_DRAW] = "power-draw",
	[CPO_QUANTITY_TX_POWER] = "tx-power",
	[CPO_QUANTITY_RX_POWER] = "rx-power",
	[CPO_QUANTITY_TX_BIAS] = "tx-bias",
	[CPO_QUANTITY_PRE_FEC_BER] = "pre-fec-ber",
	[CPO_QUANTITY_RX_LOS] = "rx-los",
	[CPO_QUANTITY_RX_LOL] = "rx-lol",
	[CPO_QUANTITY_TX_FAULT] = "tx-fault",
	[CPO_QUANTITY_UNREACHABLE] = "unreachable",
};

static const char * const cpo_alarm_level_names[] = {
	[CPO_ALARM_LEVEL_HIGH_ALARM] = "high-alarm",
	[CPO_ALARM_LEVEL_LOW_ALARM] = "low-alarm",
	[CPO_ALARM_LEVEL_HIGH_WARNING] = "high-warning",
	[CPO_ALARM_LEVEL_LOW_WARNING] = "low-warning",
	[CPO_ALARM_LEVEL_ASSERTED] = "asserted",
};

const char *cpo_quantity_name(u32 quantity)
{
	return quantity < ARRAY_SIZE(cpo_quantity_names) ?
	       cpo_quantity_names[quantity] : NULL;
}

const char *cpo_alarm_level_name(u32 level)
{
	return level < ARRAY_SIZE(cpo_alarm_level_names) ?
	       cpo_alarm_level_names[level] : NULL;
}

static_assert(CPO_ALARM_BITS <= 32);

/**
 * cpo_threshold_eval - which levels a value is beyond
 * @t: the thresholds
 * @value: the value
 *
 * Return: a mask with BIT(level - 1) for each enum cpo_alarm_level
 * threshold level @value is beyond.
 */
u32 cpo_threshold_eval(const struct cpo_threshold *t, s64 value)
{
	u32 mask = 0;

	if (value > t->high_alarm)
		mask |= BIT(CPO_ALARM_LEVEL_HIGH_ALARM - 1);
	if (value < t->low_alarm)
		mask |= BIT(CPO_ALARM_LEVEL_LOW_ALARM - 1);
	if (value > t->high_warning)
		mask |= BIT(CPO_ALARM_LEVEL_HIGH_WARNING - 1);
	if (value < t->low_warning)
		mask |= BIT(CPO_ALARM_LEVEL_LOW_WARNING - 1);
	return mask;
}

/**
 * cpo_threshold_check - whether thresholds are ordered
 * @t: the thresholds
 *
 * Return: 0 when low_alarm <= low_warning < high_warning <= high_alarm;
 * else the enum cpo_alarm_level of the first threshold out of order:
 * LOW_WARNING below low_alarm, HIGH_WARNING not above low_warning,
 * HIGH_ALARM below high_warning.
 */
int cpo_threshold_check(const struct cpo_threshold *t)
{
	if (t->low_warning < t->low_alarm)
		return CPO_ALARM_LEVEL_LOW_WARNING;
	if (t->high_warning <= t->low_warning)
		return CPO_ALARM_LEVEL_HIGH_WARNING;
	if (t->high_alarm < t->high_warning)
		return CPO_ALARM_LEVEL_HIGH_ALARM;
	return 0;
}

bool cpo_quantity_is_engine(u32 quantity)
{
	return (quantity >= CPO_QUANTITY_TEMPERATURE &&
		quantity <= CPO_QUANTITY_POWER_DRAW) ||
	       quantity == CPO_QUANTITY_UNREACHABLE;
}

/**
 * cpo_alarm_bit - the flag of a quantity and a level
 * @quantity: enum cpo_quantity
 * @level: enum cpo_alarm_level; CPO_ALARM_LEVEL_ASSERTED for the hardware
 *	flags (rx-los, rx-lol, tx-fault), the threshold levels for the others
 *
 * Return: the bit, or CPO_ALARM_BITS for a pair that has no flag.
 */
unsigned int cpo_alarm_bit(u32 quantity, u32 level)
{
	if (quantity >= CPO_QUANTITY_TEMPERATURE &&
	    quantity <= CPO_QUANTITY_THRESHOLD_MAX &&
	    level >= CPO_ALARM_LEVEL_HIGH_ALARM &&
	    level <= CPO_ALARM_LEVEL_LOW_WARNING)
		return (quantity - 1) * CPO_ALARM_LEVELS + level - 1;
	if (quantity > CPO_QUANTITY_THRESHOLD_MAX &&
	    quantity <= CPO_QUANTITY_MAX && level == CPO_ALARM_LEVEL_ASSERTED)
		return CPO_ALARM_FLAG_BIT0 + quantity -
		       CPO_QUANTITY_THRESHOLD_MAX - 1;
	return CPO_ALARM_BITS;
}

/**
 * cpo_alarm_bit_split - the quantity and level of a flag
 * @bit: a flag below CPO_ALARM_BITS
 * @quantity: enum cpo_quantity
 * @level: enum cpo_alarm_level
 */
void cpo_alarm_bit_split(unsigned int bit, u32 *quantity, u32 *level)
{
	if (bit < CPO_ALARM_FLAG_BIT0) {
		*quantity = bit / CPO_ALARM_LEVELS + 1;
		*level = bit % CPO_ALARM_LEVELS + 1;
	} else {
		*quantity = bit - CPO_ALARM_FLAG_BIT0 +
			    CPO_QUANTITY_THRESHOLD_MAX + 1;
		*level = CPO_ALARM_LEVEL_ASSERTED;
	}
}

void cpo_alarms_init(struct cpo_alarms *alarms)
{
	alarms->active = 0;
	alarms->latched = 0;
	INIT_LIST_HEAD(&alarms->recs);
}

void cpo_alarms_free(struct cpo_alarms *alarms)
{
	struct cpo_alarm_rec *rec, *tmp;

	list_for_each_entry_safe(rec, tmp, &alarms->recs, node) {
		list_del(&rec->node);
		kfree(rec);
	}
}

/* The history of @bit, or NULL when it was never set. */
struct cpo_alarm_rec *cpo_alarm_rec(struct cpo_alarms *alarms,
				    unsigned int bit)
{
	struct cpo_alarm_rec *rec;

	list_for_each_entry(rec, &alarms->recs, node)
		if (rec->bit == bit)
			return rec;
	return NULL;
}

/**
 * cpo_alarm_apply - record a flag's new state
 * @alarms: the object's flags
 * @bit: the flag
 * @set: whether its condition is present
 * @now: the time, ns since the epoch
 * @value: the value evaluated
 * @threshold: the threshold it was compared with
 *
 * A flag that becomes active is latched, counted, and its times updated;
 * one that ends records when. Without memory for the history, the flag
 * still changes.
 *
 * Return: whether the flag changed.
 */
bool cpo_alarm_apply(struct cpo_alarms *alarms, unsigned int bit, bool set,
		     u64 now, s64 value, s64 threshold)
{
	struct cpo_alarm_rec *rec;

	if (!!(alarms->active & BIT(bit)) == set)
		return false;
	rec = cpo_alarm_rec(alarms, bit);
	if (!rec && set) {
		rec = kzalloc(sizeof(*rec), GFP_KERNEL);
		if (rec) {
			rec->bit = bit;
			list_add_tail(&rec->node, &alarms->recs);
		}
	}
	if (set) {
		alarms->active |= BIT(bit);
		alarms->latched |= BIT(bit);
	} else {
		alarms->active &= ~BIT(bit);
	}
	if (!rec)
		return true;
	if (set) {
		rec->count++;
		if (!rec->first_set)
			rec->first_set = now;
		rec->last_set = now;
	} else {
		rec->last_clear = now;
	}
	rec->value = value;
	rec->threshold = threshold;
	return true;
}

/**
 * cpo_alarms_clear - clear latched flags, counts and times
 * @alarms: the object's flags
 * @mask: the flags to clear
 *
 * A flag still active stays latched, with a count of one since now.
 */
void cpo_alarms_clear(struct cpo_alarms *alarms, u32 mask)
{
	struct cpo_alarm_rec *rec, *tmp;

	alarms->latched &= ~mask | alarms->active;
	list_for_each_entry_safe(rec, tmp, &alarms->recs, node) {
		if (!(mask & BIT(rec->bit)))
			continue;
		if (!(alarms->active & BIT(rec->bit))) {
			list_del(&rec->node);
			kfree(rec);
			continue;
		}
		rec->count = 1;
		rec->first_set = rec->last_set;
		rec->last_clear = 0;
	}
}

/* Thresholds that never trip, for a quantity given only some levels. */
static const struct cpo_threshold cpo_threshold_open = {
	.high_alarm = S64_MAX,
	.low_alarm = S64_MIN,
	.high_warning = S64_MAX,
	.low_warning = S64_MIN,
};

/**
 * cpo_engine_thresholds_init - the defaults of a new engine
 * @engine: the engine, being registered
 *
 * The module's own thresholds when the driver reads them and they are
 * ordered; for the BER, the FEC limit as alarm and 1e-5 as warning.
 */
void cpo_engine_thresholds_init(struct cpo_engine *engine)
{
	struct cpo_thresholds th = {};
	struct cpo_thresholds *eth = &engine->th;
	u32 q;

	/* Not yet visible: nothing else reads @eth; the op needs the bus. */
	lockdep_assert_held(&engine->io.lock);
	eth->valid = BIT(CPO_QUANTITY_PRE_FEC_BER);
	eth->t[CPO_QUANTITY_PRE_FEC_BER] = cpo_threshold_open;
	eth->t[CPO_QUANTITY_PRE_FEC_BER].high_alarm = CPO_BER_ALARM;
	eth->t[CPO_QUANTITY_PRE_FEC_BER].high_warning = CPO_BER_WARNING;
	eth->t[CPO_QUANTITY_PRE_FEC_BER].low_alarm = 0;
	eth->t[CPO_QUANTITY_PRE_FEC_BER].low_warning = 0;
	if (!engine->ops->thresholds_get ||
	    engine->ops->thresholds_get(engine, engine->priv, &th, NULL))
		return;
	for (q = CPO_QUANTITY_TEMPERATURE; q <= CPO_QUANTITY_THRESHOLD_MAX; q++) {
		if (!(th.valid & BIT(q)))
			continue;
		if (cpo_threshold_check(&th.t[q])) {
			dev_warn(&engine->dev, "ignoring the module's unordered %s thresholds\n",
				 cpo_quantity_name(q));
			continue;
		}
		eth->t[q] = th.t[q];
		eth->valid |= BIT(q);
	}
}

const struct cpo_thresholds *cpo_lane_thresholds(const struct cpo_lane *lane)
{
	return lane->th ? lane->th : &lane->engine->th;
}

static void cpo_alarm_uevent(struct cpo_engine *engine, struct cpo_lane *lane,
			     unsigned int bit, bool active, u64 seq)
{
	char ev[4][40];
	char *envp[5] = {};
	u32 q, level;
	int n = 3;

	cpo_alarm_bit_split(bit, &q, &level);
	snprintf(ev[0], sizeof(ev[0]), "CPO_ALARM=%s:%s", cpo_quantity_name(q),
		 cpo_alarm_level_name(level));
	snprintf(ev[1], sizeof(ev[1]), "CPO_ACTIVE=%d", active);
	snprintf(ev[2], sizeof(ev[2]), "CPO_SEQ=%llu", seq);
	if (lane)
		snprintf(ev[n++], sizeof(ev[0]), "CPO_LANE_ID=%u", lane->id);
	while (n--)
		envp[n] = ev[n];
	kobject_uevent_env(&engine->dev.kobj, KOBJ_CHANGE, envp);
}

/* Record, announce and send a uevent for each flag that changed. */
static void cpo_alarms_update(struct cpo_engine *engine, struct cpo_lane *lane,
			      struct cpo_alarms *alarms, unsigned int bit,
			      bool set, s64 value, s64 threshold)
{
	u64 seq;

	if (!cpo_alarm_apply(alarms, bit, set, ktime_get_real_ns(), value,
			     threshold))
		return;
	cpo_alarm_notify(engine, lane, bit, set, value, threshold, &seq);
	cpo_alarm_uevent(engine, lane, bit, set, seq);
}

/* One quantity's four threshold levels; @have: the value was read. */
static void cpo_evaluate_quantity(struct cpo_engine *engine,
				  struct cpo_lane *lane,
				  struct cpo_alarms *alarms,
				  const struct cpo_thresholds *th, u32 q,
				  bool have, s64 value)
{
	const struct cpo_threshold *t = &th->t[q];
	const s64 limit[] = {
		[CPO_ALARM_LEVEL_HIGH_ALARM - 1] = t->high_alarm,
		[CPO_ALARM_LEVEL_LOW_ALARM - 1] = t->low_alarm,
		[CPO_ALARM_LEVEL_HIGH_WARNING - 1] = t->high_warning,
		[CPO_ALARM_LEVEL_LOW_WARNING - 1] = t->low_warning,
	};
	u32 mask = 0, level;

	if (have && (th->valid & BIT(q)))
		mask = cpo_threshold_eval(t, value);
	for (level = 0; level < CPO_ALARM_LEVELS; level++)
		cpo_alarms_update(engine, lane, alarms,
				  cpo_alarm_bit(q, level + 1), mask & BIT(level),
				  value, limit[level]);
}

/**
 * cpo_engine_evaluate - evaluate an engine's own quantities
 * @engine: the engine, registered
 *
 * On the copy of its status, after each refresh; an engine never read
 * leaves its flags as they were.
 */
void cpo_engine_evaluate(struct cpo_engine *engine)
{
	const struct cpo_engine_status st = engine->st;

	lockdep_assert_held(&cpo_lock);
	if (!st.valid)
		return;
	cpo_evaluate_quantity(engine, NULL, &engine->alarms, &engine->th,
			      CPO_QUANTITY_TEMPERATURE,
			      st.valid & CPO_ENGINE_F_TEMPERATURE,
			      st.temperature);
	cpo_evaluate_quantity(engine, NULL, &engine->alarms, &engine->th,
			      CPO_QUANTITY_VOLTAGE,
			      st.valid & CPO_ENGINE_F_VOLTAGE, st.voltage);
	cpo_evaluate_quantity(engine, NULL, &engine->alarms, &engine->th,
			      CPO_QUANTITY_POWER_DRAW,
			      st.valid & CPO_ENGINE_F_POWER_DRAW, st.power_draw);
}

/**
 * cpo_engine_unreachable_alarm - raise or end an engine's unreachable flag
 * @engine: the engine, registered
 * @set: whether its reads keep failing
 */
void cpo_engine_unreachable_alarm(struct cpo_engine *engine, bool set)
{
	lockdep_assert_held(&cpo_lock);
	cpo_alarms_update(engine, NULL, &engine->alarms,
			  cpo_alarm_bit(CPO_QUANTITY_UNREACHABLE,
					CPO_ALARM_LEVEL_ASSERTED),
			  set, 0, 0);
}

/**
 * cpo_lane_evaluate - evaluate a lane's quantities and hardware flags
 * @lane: the lane, registered
 *
 * Analog values count only while the data path is activated: a lane
 * turned off is not in alarm for having no light.
 */
void cpo_lane_evaluate(struct cpo_lane *lane)
{
	const struct cpo_thresholds *th = cpo_lane_thresholds(lane);
	struct cpo_engine *engine = lane->engine;
	struct cpo_alarms *alarms = &lane->alarms;
	const struct cpo_lane_status st = lane->st;
	bool up;
	u32 v;

	lockdep_assert_held(&cpo_lock);
	v = st.valid;
	if (!v)
		return;
	up = (v & CPO_LANE_F_DP_STATE) && st.dp_state == CPO_DP_STATE_ACTIVATED;
	cpo_evaluate_quantity(engine, lane, alarms, th, CPO_QUANTITY_TX_POWER,
			      up && (v & CPO_LANE_F_TX_POWER), st.tx_power);
	cpo_evaluate_quantity(engine, lane, alarms, th, CPO_QUANTITY_RX_POWER,
			      up && (v & CPO_LANE_F_RX_POWER), st.rx_power);
	cpo_evaluate_quantity(engine, lane, alarms, th, CPO_QUANTITY_TX_BIAS,
			      up && (v & CPO_LANE_F_TX_BIAS), st.tx_bias);
	cpo_evaluate_quantity(engine, lane, alarms, th,
			      CPO_QUANTITY_PRE_FEC_BER,
			      up && (v & CPO_LANE_F_PRE_FEC_BER),
			      min_t(u64, st.pre_fec_ber, S64_MAX));
	cpo_alarms_update(engine, lane, alarms,
			  cpo_alarm_bit(CPO_QUANTITY_RX_LOS,
					CPO_ALARM_LEVEL_ASSERTED),
			  (v & CPO_LANE_F_RX_LOS) && st.rx_los, 0, 0);
	cpo_alarms_update(engine, lane, alarms,
			  cpo_alarm_bit(CPO_QUANTITY_RX_LOL,
					CPO_ALARM_LEVEL_ASSERTED),
			  (v & CPO_LANE_F_RX_LOL) && st.rx_lol, 0, 0);
	cpo_alarms_update(engine, lane, alarms,
			  cpo_alarm_bit(CPO_QUANTITY_TX_FAULT,
					CPO_ALARM_LEVEL_ASSERTED),
			  (v & CPO_LANE_F_TX_FAULT) && st.tx_fault, 0, 0);
}
