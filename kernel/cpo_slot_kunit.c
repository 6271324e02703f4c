// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what goes back into a part inserted into a slot
 * (cpo_slot.c): cpo_engine_restore() and cpo_laser_restore() write exactly
 * the kept settings the new part does not have, in order, and stop at the
 * first failure. Linked into cpo.ko only when the target kernel has
 * CONFIG_KUNIT, as cpo_kunit.c.
 *
 * The objects are built here, never registered: no device, no id, no
 * notification. Their ops record each write.
 */
#include <kunit/test.h>
#include <linux/netlink.h>
#include "cpo_core.h"

#define SLOT_TEST_LANES	3

/* The writes the ops saw, as "what=value" words, and a write to fail. */
struct slot_test {
	struct cpo_engine engine;
	struct cpo_lane lanes[SLOT_TEST_LANES];
	struct cpo_laser laser;
	char log[128];
	const char *fail;	/* the write that fails, as logged */
};

static struct slot_test *slot_test_cur;

static int slot_test_log(const char *what, u32 index, u32 val)
{
	struct slot_test *t = slot_test_cur;
	char word[24];

	snprintf(word, sizeof(word), "%s%u=%u", what, index, val);
	if (t->fail && !strcmp(word, t->fail))
		return -EIO;
	if (t->log[0])
		strlcat(t->log, " ", sizeof(t->log));
	strlcat(t->log, word, sizeof(t->log));
	return 0;
}

/* A new part: high power, every lane up with tx and rx enabled. */
static int slot_test_engine_status(struct cpo_engine *engine, void *priv,
				   struct cpo_engine_status *st,
				   struct netlink_ext_ack *extack)
{
	st->valid = CPO_ENGINE_F_POWER_MODE;
	st->power_mode = CPO_POWER_MODE_HIGH;
	return 0;
}

static int slot_test_power_mode(struct cpo_engine *engine, void *priv,
				enum cpo_power_mode mode,
				struct netlink_ext_ack *extack)
{
	return slot_test_log("mode", 0, mode);
}

static const struct cpo_engine_ops slot_test_engine_ops = {
	.status_get = slot_test_engine_status,
	.power_mode_set = slot_test_power_mode,
};

static int slot_test_lane_status(struct cpo_lane *lane, void *priv,
				 struct cpo_lane_status *st,
				 struct netlink_ext_ack *extack)
{
	st->valid = CPO_LANE_F_TX_ENABLE | CPO_LANE_F_RX_ENABLE |
		    CPO_LANE_F_POWER;
	st->tx_enable = true;
	st->rx_enable = true;
	st->power = CPO_LANE_POWER_UP;
	return 0;
}

static int slot_test_tx(struct cpo_lane *lane, void *priv, bool enable,
			struct netlink_ext_ack *extack)
{
	return slot_test_log("tx", lane->index, enable);
}

static int slot_test_rx(struct cpo_lane *lane, void *priv, bool enable,
			struct netlink_ext_ack *extack)
{
	return slot_test_log("rx", lane->index, enable);
}

static int slot_test_power(struct cpo_lane *lane, void *priv,
			   enum cpo_lane_power power,
			   struct netlink_ext_ack *extack)
{
	return slot_test_log("power", lane->index, power);
}

static const struct cpo_lane_ops slot_test_lane_ops = {
	.status_get = slot_test_lane_status,
	.tx_enable_set = slot_test_tx,
	.rx_enable_set = slot_test_rx,
	.power_set = slot_test_power,
};

/* A new laser module: enabled, manual failover. */
static int slot_test_laser_status(struct cpo_laser *laser, void *priv,
				  struct cpo_laser_status *st,
				  struct netlink_ext_ack *extack)
{
	st->valid = CPO_LASER_F_ENABLE | CPO_LASER_F_FAILOVER_POLICY;
	st->enable = true;
	st->failover_policy = CPO_FAILOVER_POLICY_MANUAL;
	return 0;
}

static int slot_test_laser_enable(struct cpo_laser *laser, void *priv,
				  bool enable, struct netlink_ext_ack *extack)
{
	return slot_test_log("enable", 0, enable);
}

static int slot_test_laser_policy(struct cpo_laser *laser, void *priv,
				  enum cpo_failover_policy policy,
				  struct netlink_ext_ack *extack)
{
	return slot_test_log("policy", 0, policy);
}

static const struct cpo_laser_ops slot_test_laser_ops = {
	.status_get = slot_test_laser_status,
	.enable_set = slot_test_laser_enable,
	.failover_policy_set = slot_test_laser_policy,
};

/*
 * Kept: low power; lane 0 as the new part has it, lane 1 tx off and
 * powered down, lane 2 never read (nothing kept). The laser disabled,
 * auto failover.
 */
static int slot_test_init(struct kunit *test)
{
	struct slot_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct cpo_lane *lane;
	u32 i;

	if (!t)
		return -ENOMEM;
	t->engine.ops = &slot_test_engine_ops;
	t->engine.kept.valid = CPO_ENGINE_F_POWER_MODE;
	t->engine.kept.power_mode = CPO_POWER_MODE_LOW;
	mutex_init(&t->engine.io.lock);
	xa_init(&t->engine.lanes);
	for (i = 0; i < SLOT_TEST_LANES; i++) {
		lane = &t->lanes[i];
		lane->index = i;
		lane->engine = &t->engine;
		lane->ops = &slot_test_lane_ops;
		lane->registered = true;
		if (i < 2)
			slot_test_lane_status(lane, NULL, &lane->kept, NULL);
		if (xa_insert(&t->engine.lanes, i, lane, GFP_KERNEL))
			return -ENOMEM;
	}
	t->lanes[1].kept.tx_enable = false;
	t->lanes[1].kept.power = CPO_LANE_POWER_DOWN;

	t->laser.ops = &slot_test_laser_ops;
	t->laser.kept.valid = CPO_LASER_F_ENABLE | CPO_LASER_F_FAILOVER_POLICY;
	t->laser.kept.enable = false;
	t->laser.kept.failover_policy = CPO_FAILOVER_POLICY_AUTO;
	mutex_init(&t->laser.io.lock);
	slot_test_cur = t;
	test->priv = t;
	return 0;
}

static void slot_test_exit(struct kunit *test)
{
	struct slot_test *t = test->priv;

	xa_destroy(&t->engine.lanes);
	slot_test_cur = NULL;
}

static int slot_test_engine_restore(struct slot_test *t)
{
	int err;

	mutex_lock(&t->engine.io.lock);
	err = cpo_engine_restore(&t->engine);
	mutex_unlock(&t->engine.io.lock);
	return err;
}

/* Only what differs, the power mode first, then power, rx, tx per lane. */
static void slot_engine_restore_test(struct kunit *test)
{
	struct slot_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, slot_test_engine_restore(t), 0);
	KUNIT_EXPECT_STREQ(test, t->log, "mode0=1 power1=1 tx1=0");
}

/* Nothing kept differs: nothing written. */
static void slot_engine_restore_same_test(struct kunit *test)
{
	struct slot_test *t = test->priv;

	t->engine.kept.power_mode = CPO_POWER_MODE_HIGH;
	t->lanes[1].kept = t->lanes[0].kept;
	KUNIT_ASSERT_EQ(test, slot_test_engine_restore(t), 0);
	KUNIT_EXPECT_STREQ(test, t->log, "");
}

/* A failed write ends the restore with its error; nothing after it. */
static void slot_engine_restore_fail_test(struct kunit *test)
{
	struct slot_test *t = test->priv;

	t->fail = "power1=1";
	KUNIT_ASSERT_EQ(test, slot_test_engine_restore(t), -EIO);
	KUNIT_EXPECT_STREQ(test, t->log, "mode0=1");
}

/* A setting kept that the new part's driver cannot write: EOPNOTSUPP. */
static void slot_engine_restore_no_op_test(struct kunit *test)
{
	static const struct cpo_engine_ops no_mode = {
		.status_get = slot_test_engine_status,
	};
	struct slot_test *t = test->priv;

	t->engine.ops = &no_mode;
	KUNIT_ASSERT_EQ(test, slot_test_engine_restore(t), -EOPNOTSUPP);
	KUNIT_EXPECT_STREQ(test, t->log, "");
}

static void slot_laser_restore_test(struct kunit *test)
{
	struct slot_test *t = test->priv;
	int err;

	mutex_lock(&t->laser.io.lock);
	err = cpo_laser_restore(&t->laser);
	mutex_unlock(&t->laser.io.lock);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_STREQ(test, t->log, "policy0=1 enable0=0");
}

static struct kunit_case slot_test_cases[] = {
	KUNIT_CASE(slot_engine_restore_test),
	KUNIT_CASE(slot_engine_restore_same_test),
	KUNIT_CASE(slot_engine_restore_fail_test),
	KUNIT_CASE(slot_engine_restore_no_op_test),
	KUNIT_CASE(slot_laser_restore_test),
	{}
};

static struct kunit_suite slot_test_suite = {
	.name = "cpo_slot",
	.init = slot_test_init,
	.exit = slot_test_exit,
	.test_cases = slot_test_cases,
};

kunit_test_suites(&slot_test_suite);
