// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of thresholds and latched alarms (cpo_alarm.c): which levels
 * a value is beyond, the ordering check of thresholds, the numbering of
 * the flags, and the history each flag keeps as it is set, ends and is
 * cleared by command.
 *
 * Linked into cpo.ko only when the target kernel has CONFIG_KUNIT (see
 * Kbuild; kernel/cmis/cmis_kunit.c tells why the tests live in the module
 * they test). The flags are a struct cpo_alarms of each case's own, of no
 * engine: no cpo_lock, no notification, no uevent. The suite's exit frees
 * the records whether the case passed or not, so that a leak kmemleak
 * reports on the debug kernel is one of the code under test.
 *
 * Assertions, not expectations: a case stops at its first failure. KUnit
 * keeps 512 bytes of log per case in 6.1; a second failure message would
 * push the case's result line out of /sys/kernel/debug/kunit.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include "cpo_core.h"

#define HA	BIT(CPO_ALARM_LEVEL_HIGH_ALARM - 1)
#define LA	BIT(CPO_ALARM_LEVEL_LOW_ALARM - 1)
#define HW	BIT(CPO_ALARM_LEVEL_HIGH_WARNING - 1)
#define LW	BIT(CPO_ALARM_LEVEL_LOW_WARNING - 1)

/* Ordered thresholds, with room on each side of every one. */
static const struct cpo_threshold alarm_t = {
	.high_alarm = 100,
	.high_warning = 50,
	.low_warning = -50,
	.low_alarm = -100,
};

struct alarm_eval_case {
	s64 value;
	u32 want;
};

static void alarm_eval_cases(struct kunit *test, const struct cpo_threshold *t,
			     const struct alarm_eval_case *cases, size_t n)
{
	size_t i;
	u32 got;

	for (i = 0; i < n; i++) {
		got = cpo_threshold_eval(t, cases[i].value);
		KUNIT_ASSERT_EQ_MSG(test, got, cases[i].want, "value %lld",
				    cases[i].value);
	}
}

/* ---------------------------------------------------------------- evaluation */

/* Equal to a threshold is not beyond it: comparisons are strict. */
static void alarm_eval_boundary_test(struct kunit *test)
{
	static const struct alarm_eval_case cases[] = {
		{ 0, 0 },
		{ 49, 0 },
		{ 50, 0 },		/* = high warning */
		{ 51, HW },
		{ 99, HW },
		{ 100, HW },		/* = high alarm */
		{ -49, 0 },
		{ -50, 0 },		/* = low warning */
		{ -51, LW },
		{ -99, LW },
		{ -100, LW },		/* = low alarm */
	};

	alarm_eval_cases(test, &alarm_t, cases, ARRAY_SIZE(cases));
}

/* Beyond an alarm threshold is beyond its warning threshold too. */
static void alarm_eval_alarm_and_warning_test(struct kunit *test)
{
	/* warning and alarm thresholds equal: both trip at once */
	static const struct cpo_threshold t_equal = {
		.high_alarm = 50,
		.high_warning = 50,
		.low_warning = -50,
		.low_alarm = -50,
	};
	static const struct alarm_eval_case cases[] = {
		{ 101, HA | HW },
		{ 1000000, HA | HW },
		{ -101, LA | LW },
		{ -1000000, LA | LW },
	};
	static const struct alarm_eval_case cases_equal[] = {
		{ 50, 0 },
		{ 51, HA | HW },
		{ -50, 0 },
		{ -51, LA | LW },
	};

	alarm_eval_cases(test, &alarm_t, cases, ARRAY_SIZE(cases));
	alarm_eval_cases(test, &t_equal, cases_equal, ARRAY_SIZE(cases_equal));
}

/* The ends of s64, as values and as thresholds: no overflow. */
static void alarm_eval_extremes_test(struct kunit *test)
{
	/* nothing can be beyond these (the core's thresholds for no level) */
	static const struct cpo_threshold t_open = {
		.high_alarm = S64_MAX,
		.high_warning = S64_MAX,
		.low_warning = S64_MIN,
		.low_alarm = S64_MIN,
	};
	static const struct cpo_threshold t_edge = {
		.high_alarm = S64_MAX - 1,
		.high_warning = S64_MAX - 2,
		.low_warning = S64_MIN + 2,
		.low_alarm = S64_MIN + 1,
	};
	static const struct cpo_threshold t_narrow = {
		.high_alarm = 1,
		.high_warning = 1,
		.low_warning = -1,
		.low_alarm = -1,
	};
	static const struct alarm_eval_case open[] = {
		{ S64_MAX, 0 },
		{ S64_MIN, 0 },
		{ 0, 0 },
	};
	static const struct alarm_eval_case edge[] = {
		{ S64_MAX, HA | HW },
		{ S64_MAX - 1, HW },
		{ S64_MAX - 2, 0 },
		{ 0, 0 },
		{ S64_MIN + 2, 0 },
		{ S64_MIN + 1, LW },
		{ S64_MIN, LA | LW },
	};
	static const struct alarm_eval_case narrow[] = {
		{ S64_MAX, HA | HW },
		{ S64_MIN, LA | LW },
		{ 1, 0 },
		{ -1, 0 },
	};

	alarm_eval_cases(test, &t_open, open, ARRAY_SIZE(open));
	alarm_eval_cases(test, &t_edge, edge, ARRAY_SIZE(edge));
	alarm_eval_cases(test, &t_narrow, narrow, ARRAY_SIZE(narrow));
}

/* ---------------------------------------------------------------- ordering */

struct alarm_check_case {
	struct cpo_threshold t;
	int want;
};

static void alarm_check_cases(struct kunit *test,
			      const struct alarm_check_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct cpo_threshold *t = &cases[i].t;
		int got = cpo_threshold_check(t);

		KUNIT_ASSERT_EQ_MSG(test, got, cases[i].want,
				    "la %lld lw %lld hw %lld ha %lld",
				    t->low_alarm, t->low_warning,
				    t->high_warning, t->high_alarm);
	}
}

/* low_alarm <= low_warning < high_warning <= high_alarm, at its edges */
static void alarm_check_valid_test(struct kunit *test)
{
	static const struct alarm_check_case cases[] = {
		{ { .low_alarm = -100, .low_warning = -50,
		    .high_warning = 50, .high_alarm = 100 }, 0 },
		/* the alarm thresholds may equal the warning ones */
		{ { .low_alarm = -50, .low_warning = -50,
		    .high_warning = 50, .high_alarm = 100 }, 0 },
		{ { .low_alarm = -100, .low_warning = -50,
		    .high_warning = 100, .high_alarm = 100 }, 0 },
		{ { .low_alarm = 7, .low_warning = 7,
		    .high_warning = 8, .high_alarm = 8 }, 0 },
		{ { .low_alarm = S64_MIN, .low_warning = S64_MIN,
		    .high_warning = S64_MAX, .high_alarm = S64_MAX }, 0 },
		{ { .low_alarm = S64_MIN, .low_warning = S64_MIN,
		    .high_warning = S64_MIN + 1, .high_alarm = S64_MAX }, 0 },
		{ { .low_alarm = S64_MIN, .low_warning = S64_MAX - 1,
		    .high_warning = S64_MAX, .high_alarm = S64_MAX }, 0 },
	};

	alarm_check_cases(test, cases, ARRAY_SIZE(cases));
}

/* Each misordering names its level; the first in the documented order. */
static void alarm_check_misordered_test(struct kunit *test)
{
	static const struct alarm_check_case cases[] = {
		{ { .low_alarm = -49, .low_warning = -50,
		    .high_warning = 50, .high_alarm = 100 },
		  CPO_ALARM_LEVEL_LOW_WARNING },
		{ { .low_alarm = S64_MIN + 1, .low_warning = S64_MIN,
		    .high_warning = 50, .high_alarm = 100 },
		  CPO_ALARM_LEVEL_LOW_WARNING },
		/* the warning thresholds may not be equal */
		{ { .low_alarm = -100, .low_warning = 50,
		    .high_warning = 50, .high_alarm = 100 },
		  CPO_ALARM_LEVEL_HIGH_WARNING },
		{ { .low_alarm = -100, .low_warning = 60,
		    .high_warning = 50, .high_alarm = 100 },
		  CPO_ALARM_LEVEL_HIGH_WARNING },
		{ { .low_alarm = S64_MIN, .low_warning = S64_MAX,
		    .high_warning = S64_MIN, .high_alarm = S64_MAX },
		  CPO_ALARM_LEVEL_HIGH_WARNING },
		{ { .low_alarm = -100, .low_warning = -50,
		    .high_warning = 50, .high_alarm = 49 },
		  CPO_ALARM_LEVEL_HIGH_ALARM },
		{ { .low_alarm = -100, .low_warning = -50,
		    .high_warning = S64_MAX, .high_alarm = S64_MAX - 1 },
		  CPO_ALARM_LEVEL_HIGH_ALARM },
		{ { .low_alarm = -100, .low_warning = -50,
		    .high_warning = 50, .high_alarm = S64_MIN },
		  CPO_ALARM_LEVEL_HIGH_ALARM },
		/* several out of order: low warning, high warning, high alarm */
		{ { .low_alarm = 100, .low_warning = 50,
		    .high_warning = -50, .high_alarm = -100 },
		  CPO_ALARM_LEVEL_LOW_WARNING },
		{ { .low_alarm = -100, .low_warning = 50,
		    .high_warning = -50, .high_alarm = -100 },
		  CPO_ALARM_LEVEL_HIGH_WARNING },
	};

	alarm_check_cases(test, cases, ARRAY_SIZE(cases));
}

/* ---------------------------------------------------------------- flags */

static void alarm_quantity_is_engine_test(struct kunit *test)
{
	u32 q;

	for (q = CPO_QUANTITY_TEMPERATURE; q <= CPO_QUANTITY_MAX; q++)
		KUNIT_ASSERT_EQ_MSG(test, cpo_quantity_is_engine(q),
				    q == CPO_QUANTITY_TEMPERATURE ||
				    q == CPO_QUANTITY_VOLTAGE ||
				    q == CPO_QUANTITY_POWER_DRAW ||
				    q == CPO_QUANTITY_UNREACHABLE,
				    "quantity %u", q);
	KUNIT_ASSERT_FALSE(test, cpo_quantity_is_engine(0));
	KUNIT_ASSERT_FALSE(test, cpo_quantity_is_engine(CPO_QUANTITY_MAX + 1));
	KUNIT_ASSERT_FALSE(test, cpo_quantity_is_engine(U32_MAX));
}

/* Threshold quantities have the four threshold levels, flags "asserted". */
static bool alarm_pair_valid(u32 q, u32 level)
{
	if (q >= CPO_QUANTITY_TEMPERATURE && q <= CPO_QUANTITY_THRESHOLD_MAX)
		return level >= CPO_ALARM_LEVEL_HIGH_ALARM &&
		       level <= CPO_ALARM_LEVEL_LOW_WARNING;
	return q > CPO_QUANTITY_THRESHOLD_MAX && q <= CPO_QUANTITY_MAX &&
	       level == CPO_ALARM_LEVEL_ASSERTED;
}

/* Every valid pair has a bit of its own, and splits back to itself. */
static void alarm_bit_round_trip_test(struct kunit *test)
{
	u32 q, level, sq, slevel, seen = 0;
	unsigned int bit, pairs = 0;

	for (q = CPO_QUANTITY_TEMPERATURE; q <= CPO_QUANTITY_MAX; q++) {
		for (level = CPO_ALARM_LEVEL_HIGH_ALARM;
		     level <= CPO_ALARM_LEVEL_MAX; level++) {
			if (!alarm_pair_valid(q, level))
				continue;
			pairs++;
			bit = cpo_alarm_bit(q, level);
			KUNIT_ASSERT_LT_MSG(test, bit, CPO_ALARM_BITS,
					    "quantity %u level %u", q, level);
			KUNIT_ASSERT_FALSE_MSG(test, seen & BIT(bit),
					       "quantity %u level %u: bit %u twice",
					       q, level, bit);
			seen |= BIT(bit);
			sq = 0;
			slevel = 0;
			cpo_alarm_bit_split(bit, &sq, &slevel);
			KUNIT_ASSERT_EQ_MSG(test, sq, q, "bit %u", bit);
			KUNIT_ASSERT_EQ_MSG(test, slevel, level, "bit %u", bit);
		}
	}
	/* a bijection: as many bits as pairs, every bit used */
	KUNIT_ASSERT_EQ(test, pairs, CPO_ALARM_BITS);
	KUNIT_ASSERT_EQ(test, seen, (u32)GENMASK(CPO_ALARM_BITS - 1, 0));

	for (bit = 0; bit < CPO_ALARM_BITS; bit++) {
		cpo_alarm_bit_split(bit, &sq, &slevel);
		KUNIT_ASSERT_TRUE_MSG(test, alarm_pair_valid(sq, slevel),
				      "bit %u: quantity %u level %u",
				      bit, sq, slevel);
		KUNIT_ASSERT_EQ_MSG(test, cpo_alarm_bit(sq, slevel), bit,
				    "bit %u", bit);
	}
}

/* A pair without a flag gets CPO_ALARM_BITS. */
static void alarm_bit_invalid_test(struct kunit *test)
{
	static const u32 quantities[] = {
		0, CPO_QUANTITY_MAX + 1, CPO_QUANTITY_MAX + 2, 0x80000001,
		U32_MAX,
	};
	static const u32 levels[] = {
		0, CPO_ALARM_LEVEL_MAX + 1, 0x80000001, U32_MAX,
	};
	u32 q, level;
	size_t i;

	/* valid quantities with invalid levels and the other kind's levels */
	for (q = CPO_QUANTITY_TEMPERATURE; q <= CPO_QUANTITY_MAX; q++) {
		for (level = 0; level <= CPO_ALARM_LEVEL_MAX + 1; level++) {
			if (alarm_pair_valid(q, level))
				continue;
			KUNIT_ASSERT_EQ_MSG(test, cpo_alarm_bit(q, level),
					    CPO_ALARM_BITS,
					    "quantity %u level %u", q, level);
		}
		for (i = 0; i < ARRAY_SIZE(levels); i++)
			KUNIT_ASSERT_EQ_MSG(test, cpo_alarm_bit(q, levels[i]),
					    CPO_ALARM_BITS,
					    "quantity %u level %u", q, levels[i]);
	}
	/* invalid quantities with every level */
	for (i = 0; i < ARRAY_SIZE(quantities); i++)
		for (level = 0; level <= CPO_ALARM_LEVEL_MAX + 1; level++)
			KUNIT_ASSERT_EQ_MSG(test,
					    cpo_alarm_bit(quantities[i], level),
					    CPO_ALARM_BITS,
					    "quantity %u level %u",
					    quantities[i], level);
}

/* ---------------------------------------------------------------- history */

static int alarm_test_init(struct kunit *test)
{
	struct cpo_alarms *alarms;

	alarms = kunit_kzalloc(test, sizeof(*alarms), GFP_KERNEL);
	if (!alarms)
		return -ENOMEM;
	cpo_alarms_init(alarms);
	test->priv = alarms;
	return 0;
}

/* Also after a failed assertion: KUnit runs the exit then. */
static void alarm_test_exit(struct kunit *test)
{
	if (test->priv)
		cpo_alarms_free(test->priv);
}

/* A record's history, @step naming the point of the sequence. */
static void alarm_assert_rec(struct kunit *test, struct cpo_alarms *alarms,
			     unsigned int bit, const char *step, u32 count,
			     u64 first_set, u64 last_set, u64 last_clear)
{
	struct cpo_alarm_rec *rec = cpo_alarm_rec(alarms, bit);

	KUNIT_ASSERT_NOT_NULL_MSG(test, rec, "%s: bit %u", step, bit);
	KUNIT_ASSERT_EQ_MSG(test, rec->bit, bit, "%s", step);
	KUNIT_ASSERT_EQ_MSG(test, rec->count, count, "%s: bit %u", step, bit);
	KUNIT_ASSERT_EQ_MSG(test, rec->first_set, first_set, "%s: bit %u",
			    step, bit);
	KUNIT_ASSERT_EQ_MSG(test, rec->last_set, last_set, "%s: bit %u",
			    step, bit);
	KUNIT_ASSERT_EQ_MSG(test, rec->last_clear, last_clear, "%s: bit %u",
			    step, bit);
}

static void alarm_assert_values(struct kunit *test, struct cpo_alarms *alarms,
				unsigned int bit, const char *step, s64 value,
				s64 threshold)
{
	struct cpo_alarm_rec *rec = cpo_alarm_rec(alarms, bit);

	KUNIT_ASSERT_NOT_NULL_MSG(test, rec, "%s: bit %u", step, bit);
	KUNIT_ASSERT_EQ_MSG(test, rec->value, value, "%s: bit %u", step, bit);
	KUNIT_ASSERT_EQ_MSG(test, rec->threshold, threshold, "%s: bit %u",
			    step, bit);
}

/* clear, set, set again, clear, clear again, set: what changes, what stays */
static void alarm_apply_sequence_test(struct kunit *test)
{
	struct cpo_alarms *alarms = test->priv;
	unsigned int bit = cpo_alarm_bit(CPO_QUANTITY_TEMPERATURE,
					 CPO_ALARM_LEVEL_HIGH_ALARM);

	/* ending a flag never set: no change, no record */
	KUNIT_ASSERT_FALSE(test, cpo_alarm_apply(alarms, bit, false, 500, 1, 70));
	KUNIT_ASSERT_EQ(test, alarms->active, 0);
	KUNIT_ASSERT_EQ(test, alarms->latched, 0);
	KUNIT_ASSERT_TRUE(test, list_empty(&alarms->recs));

	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, true, 1000, 80, 70));
	KUNIT_ASSERT_EQ(test, alarms->active, BIT(bit));
	KUNIT_ASSERT_EQ(test, alarms->latched, BIT(bit));
	alarm_assert_rec(test, alarms, bit, "set", 1, 1000, 1000, 0);
	alarm_assert_values(test, alarms, bit, "set", 80, 70);

	/* no change: nothing recorded */
	KUNIT_ASSERT_FALSE(test, cpo_alarm_apply(alarms, bit, true, 2000, 85, 71));
	KUNIT_ASSERT_EQ(test, alarms->active, BIT(bit));
	KUNIT_ASSERT_EQ(test, alarms->latched, BIT(bit));
	alarm_assert_rec(test, alarms, bit, "set again", 1, 1000, 1000, 0);
	alarm_assert_values(test, alarms, bit, "set again", 80, 70);

	/* ended: still latched */
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, false, 3000, 60, 70));
	KUNIT_ASSERT_EQ(test, alarms->active, 0);
	KUNIT_ASSERT_EQ(test, alarms->latched, BIT(bit));
	alarm_assert_rec(test, alarms, bit, "clear", 1, 1000, 1000, 3000);
	alarm_assert_values(test, alarms, bit, "clear", 60, 70);

	KUNIT_ASSERT_FALSE(test, cpo_alarm_apply(alarms, bit, false, 3500, 55, 72));
	KUNIT_ASSERT_EQ(test, alarms->active, 0);
	KUNIT_ASSERT_EQ(test, alarms->latched, BIT(bit));
	alarm_assert_rec(test, alarms, bit, "clear again", 1, 1000, 1000, 3000);
	alarm_assert_values(test, alarms, bit, "clear again", 60, 70);

	/* again: counted, first_set kept since no clear by command */
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, true, 4000, 90, 75));
	KUNIT_ASSERT_EQ(test, alarms->active, BIT(bit));
	KUNIT_ASSERT_EQ(test, alarms->latched, BIT(bit));
	alarm_assert_rec(test, alarms, bit, "set after clear", 2, 1000, 4000,
			 3000);
	alarm_assert_values(test, alarms, bit, "set after clear", 90, 75);
	KUNIT_ASSERT_TRUE(test, list_is_singular(&alarms->recs));
}

/* Flags next to each other and of both kinds keep their own history. */
static void alarm_apply_independent_test(struct kunit *test)
{
	struct cpo_alarms *alarms = test->priv;
	unsigned int a = cpo_alarm_bit(CPO_QUANTITY_TEMPERATURE,
				       CPO_ALARM_LEVEL_HIGH_ALARM);
	unsigned int w = cpo_alarm_bit(CPO_QUANTITY_TEMPERATURE,
				       CPO_ALARM_LEVEL_HIGH_WARNING);
	unsigned int b = cpo_alarm_bit(CPO_QUANTITY_RX_POWER,
				       CPO_ALARM_LEVEL_LOW_WARNING);
	unsigned int c = cpo_alarm_bit(CPO_QUANTITY_TX_FAULT,
				       CPO_ALARM_LEVEL_ASSERTED);

	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, w, true, 1000, 80, 60));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, a, true, 1100, 90, 85));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, b, true, 1200, -5, -3));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, c, true, 1300, 0, 0));
	/* one ends, one set again without change, one set by another value */
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, b, false, 1400, -2, -3));
	KUNIT_ASSERT_FALSE(test, cpo_alarm_apply(alarms, w, true, 1500, 81, 60));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, a, false, 1600, 84, 85));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, a, true, 1700, 86, 85));

	KUNIT_ASSERT_EQ(test, alarms->active, BIT(w) | BIT(a) | BIT(c));
	KUNIT_ASSERT_EQ(test, alarms->latched,
			BIT(w) | BIT(a) | BIT(b) | BIT(c));
	alarm_assert_rec(test, alarms, w, "warning", 1, 1000, 1000, 0);
	alarm_assert_values(test, alarms, w, "warning", 80, 60);
	alarm_assert_rec(test, alarms, a, "alarm", 2, 1100, 1700, 1600);
	alarm_assert_values(test, alarms, a, "alarm", 86, 85);
	alarm_assert_rec(test, alarms, b, "rx power", 1, 1200, 1200, 1400);
	alarm_assert_values(test, alarms, b, "rx power", -2, -3);
	alarm_assert_rec(test, alarms, c, "tx fault", 1, 1300, 1300, 0);
	alarm_assert_values(test, alarms, c, "tx fault", 0, 0);
	KUNIT_ASSERT_EQ(test, list_count_nodes(&alarms->recs), 4);
}

/*
 * An inactive flag is unlatched and forgets its history: its record is
 * freed. Many times over, so that kmemleak sees a record lost by clearing
 * among the few a stale stack word may still point to.
 */
static void alarm_clear_inactive_test(struct kunit *test)
{
	struct cpo_alarms *alarms = test->priv;
	unsigned int bit = cpo_alarm_bit(CPO_QUANTITY_VOLTAGE,
					 CPO_ALARM_LEVEL_LOW_ALARM);
	u64 t;
	int i;

	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, true, 1000, 1, 2));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, false, 2000, 3, 2));
	cpo_alarms_clear(alarms, BIT(bit));
	KUNIT_ASSERT_EQ(test, alarms->active, 0);
	KUNIT_ASSERT_EQ(test, alarms->latched, 0);
	KUNIT_ASSERT_NULL(test, cpo_alarm_rec(alarms, bit));
	KUNIT_ASSERT_TRUE(test, list_empty(&alarms->recs));

	/* set again: a history from scratch */
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, true, 5000, 0, 2));
	KUNIT_ASSERT_EQ(test, alarms->latched, BIT(bit));
	alarm_assert_rec(test, alarms, bit, "set after clear", 1, 5000, 5000, 0);
	alarm_assert_values(test, alarms, bit, "set after clear", 0, 2);

	for (i = 0; i < 64; i++) {
		t = 10000 + 10 * i;
		KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, false, t,
							3, 2));
		cpo_alarms_clear(alarms, BIT(bit));
		KUNIT_ASSERT_NULL_MSG(test, cpo_alarm_rec(alarms, bit),
				      "cycle %d", i);
		KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, true,
							t + 5, 0, 2));
		alarm_assert_rec(test, alarms, bit, "cycle", 1, t + 5, t + 5, 0);
	}
}

/* An active flag stays latched, counted once since its last set. */
static void alarm_clear_active_test(struct kunit *test)
{
	struct cpo_alarms *alarms = test->priv;
	unsigned int bit = cpo_alarm_bit(CPO_QUANTITY_RX_LOL,
					 CPO_ALARM_LEVEL_ASSERTED);
	struct cpo_alarm_rec *rec;

	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, true, 1000, 0, 0));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, false, 2000, 0, 0));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, true, 3000, 0, 0));
	rec = cpo_alarm_rec(alarms, bit);
	cpo_alarms_clear(alarms, BIT(bit));
	KUNIT_ASSERT_EQ(test, alarms->active, BIT(bit));
	KUNIT_ASSERT_EQ(test, alarms->latched, BIT(bit));
	KUNIT_ASSERT_PTR_EQ(test, cpo_alarm_rec(alarms, bit), rec);
	alarm_assert_rec(test, alarms, bit, "cleared active", 1, 3000, 3000, 0);

	/* it ends: latched until the next clear by command */
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, false, 4000, 0, 0));
	KUNIT_ASSERT_EQ(test, alarms->active, 0);
	KUNIT_ASSERT_EQ(test, alarms->latched, BIT(bit));
	alarm_assert_rec(test, alarms, bit, "ended", 1, 3000, 3000, 4000);
	cpo_alarms_clear(alarms, BIT(bit));
	KUNIT_ASSERT_EQ(test, alarms->latched, 0);
	KUNIT_ASSERT_NULL(test, cpo_alarm_rec(alarms, bit));
}

/* Only the flags of the mask are cleared. */
static void alarm_clear_mask_test(struct kunit *test)
{
	struct cpo_alarms *alarms = test->priv;
	unsigned int a = cpo_alarm_bit(CPO_QUANTITY_TX_BIAS,
				       CPO_ALARM_LEVEL_HIGH_ALARM);
	unsigned int b = cpo_alarm_bit(CPO_QUANTITY_TX_BIAS,
				       CPO_ALARM_LEVEL_LOW_ALARM);
	unsigned int c = cpo_alarm_bit(CPO_QUANTITY_PRE_FEC_BER,
				       CPO_ALARM_LEVEL_HIGH_WARNING);
	unsigned int d = cpo_alarm_bit(CPO_QUANTITY_RX_LOS,
				       CPO_ALARM_LEVEL_ASSERTED);

	/* a and c ended, b and d active; all latched */
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, a, true, 1000, 9, 8));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, a, false, 1100, 7, 8));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, b, true, 1200, 1, 2));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, c, true, 1300, 5, 4));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, c, false, 1400, 3, 4));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, d, true, 1500, 0, 0));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, d, false, 1600, 0, 0));
	KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, d, true, 1700, 0, 0));

	cpo_alarms_clear(alarms, 0);
	KUNIT_ASSERT_EQ(test, alarms->latched,
			BIT(a) | BIT(b) | BIT(c) | BIT(d));
	KUNIT_ASSERT_EQ(test, list_count_nodes(&alarms->recs), 4);

	/* clear a and b: c and d as they were */
	cpo_alarms_clear(alarms, BIT(a) | BIT(b));
	KUNIT_ASSERT_EQ(test, alarms->active, BIT(b) | BIT(d));
	KUNIT_ASSERT_EQ(test, alarms->latched, BIT(b) | BIT(c) | BIT(d));
	KUNIT_ASSERT_NULL(test, cpo_alarm_rec(alarms, a));
	alarm_assert_rec(test, alarms, b, "active, cleared", 1, 1200, 1200, 0);
	alarm_assert_rec(test, alarms, c, "ended, kept", 1, 1300, 1300, 1400);
	alarm_assert_values(test, alarms, c, "ended, kept", 3, 4);
	alarm_assert_rec(test, alarms, d, "active, kept", 2, 1500, 1700, 1600);

	/* every flag, and some never set */
	cpo_alarms_clear(alarms, U32_MAX);
	KUNIT_ASSERT_EQ(test, alarms->active, BIT(b) | BIT(d));
	KUNIT_ASSERT_EQ(test, alarms->latched, BIT(b) | BIT(d));
	KUNIT_ASSERT_NULL(test, cpo_alarm_rec(alarms, c));
	alarm_assert_rec(test, alarms, d, "active, cleared", 1, 1700, 1700, 0);
	KUNIT_ASSERT_EQ(test, list_count_nodes(&alarms->recs), 2);
}

/*
 * Every flag with a record, active or ended: cpo_alarms_free() frees them
 * all. A record it loses is a leak kmemleak reports on the debug kernel,
 * which fails the VM run.
 */
static void alarm_free_test(struct kunit *test)
{
	struct cpo_alarms *alarms = test->priv;
	unsigned int bit;

	for (bit = 0; bit < CPO_ALARM_BITS; bit++) {
		KUNIT_ASSERT_TRUE(test, cpo_alarm_apply(alarms, bit, true,
							1000 + bit, bit, 0));
		if (bit % 2)
			KUNIT_ASSERT_TRUE(test,
					  cpo_alarm_apply(alarms, bit, false,
							  2000 + bit, 0, 0));
	}
	KUNIT_ASSERT_EQ(test, list_count_nodes(&alarms->recs), CPO_ALARM_BITS);
	for (bit = 0; bit < CPO_ALARM_BITS; bit++)
		alarm_assert_rec(test, alarms, bit, "all set", 1, 1000 + bit,
				 1000 + bit, bit % 2 ? 2000 + bit : 0);

	cpo_alarms_free(alarms);
	KUNIT_ASSERT_TRUE(test, list_empty(&alarms->recs));
	for (bit = 0; bit < CPO_ALARM_BITS; bit++)
		KUNIT_ASSERT_NULL_MSG(test, cpo_alarm_rec(alarms, bit),
				      "bit %u", bit);
}

static struct kunit_case alarm_test_cases[] = {
	KUNIT_CASE(alarm_eval_boundary_test),
	KUNIT_CASE(alarm_eval_alarm_and_warning_test),
	KUNIT_CASE(alarm_eval_extremes_test),
	KUNIT_CASE(alarm_check_valid_test),
	KUNIT_CASE(alarm_check_misordered_test),
	KUNIT_CASE(alarm_quantity_is_engine_test),
	KUNIT_CASE(alarm_bit_round_trip_test),
	KUNIT_CASE(alarm_bit_invalid_test),
	KUNIT_CASE(alarm_apply_sequence_test),
	KUNIT_CASE(alarm_apply_independent_test),
	KUNIT_CASE(alarm_clear_inactive_test),
	KUNIT_CASE(alarm_clear_active_test),
	KUNIT_CASE(alarm_clear_mask_test),
	KUNIT_CASE(alarm_free_test),
	{}
};

static struct kunit_suite alarm_test_suite = {
	.name = "cpo_alarm",
	.init = alarm_test_init,
	.exit = alarm_test_exit,
	.test_cases = alarm_test_cases,
};

kunit_test_suites(&alarm_test_suite);
