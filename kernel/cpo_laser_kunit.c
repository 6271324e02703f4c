// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the checks before a laser failback (cpo_laser.c): what
 * cpo_laser_start_failback() refuses, with which errno and message, and
 * that it asks the driver only when everything holds; and what a move to
 * or from a standby in another module refuses before any I/O
 * (cpo_standby.c). Linked into cpo.ko
 * only when the target kernel has CONFIG_KUNIT, as cpo_kunit.c.
 *
 * The lasers are built here, never registered: no device, no id, no
 * notification; no lane names them, so the fiber gate passes.
 */
#include <kunit/test.h>
#include <linux/netlink.h>
#include "cpo_core.h"

static int laser_failback_calls;

static int laser_test_status_get(struct cpo_laser *laser, void *priv,
				 struct cpo_laser_status *st,
				 struct netlink_ext_ack *extack)
{
	return 0;
}

static int laser_test_failback(struct cpo_laser *laser, void *priv,
			       struct netlink_ext_ack *extack)
{
	laser_failback_calls++;
	return 0;
}

static const struct cpo_laser_ops laser_test_ops = {
	.status_get = laser_test_status_get,
	.failback = laser_test_failback,
};

static const struct cpo_laser_ops laser_test_ops_no_failback = {
	.status_get = laser_test_status_get,
};

struct laser_pair {
	struct cpo_laser primary;
	struct cpo_laser spare;
};

/* A primary, covered by its spare, healthy again: state on. */
static int laser_test_init(struct kunit *test)
{
	struct laser_pair *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	p->primary.info.role = CPO_LASER_ROLE_PRIMARY;
	p->primary.ops = &laser_test_ops;
	p->primary.spare = &p->spare;
	p->primary.st.valid = CPO_LASER_F_STATE;
	p->primary.st.state = CPO_LASER_STATE_ON;
	mutex_init(&p->primary.io.lock);
	p->spare.info.role = CPO_LASER_ROLE_SPARE;
	p->spare.ops = &laser_test_ops;
	p->spare.covering = &p->primary;
	mutex_init(&p->spare.io.lock);
	laser_failback_calls = 0;
	test->priv = p;
	return 0;
}

/* Start a failback of @laser; its errno, and the message in @msg. */
static int laser_failback(struct cpo_laser *laser, const char **msg)
{
	struct netlink_ext_ack extack = {};
	int err;

	mutex_lock(&laser->io.lock);
	err = cpo_laser_start_failback(laser, &extack);
	mutex_unlock(&laser->io.lock);
	*msg = extack._msg ? extack._msg : "";
	return err;
}

static void laser_failback_ok_test(struct kunit *test)
{
	struct laser_pair *p = test->priv;
	const char *msg;

	KUNIT_ASSERT_EQ(test, laser_failback(&p->primary, &msg), 0);
	KUNIT_ASSERT_EQ(test, laser_failback_calls, 1);
	/* the driver reports completion: until then the spare covers */
	KUNIT_ASSERT_PTR_EQ(test, p->spare.covering, &p->primary);
}

static void laser_failback_refused_test(struct kunit *test)
{
	struct laser_pair *p = test->priv;
	const char *msg;

	KUNIT_ASSERT_EQ(test, laser_failback(&p->spare, &msg), -EINVAL);
	KUNIT_ASSERT_NOT_NULL(test, strstr(msg, "failback needs a primary"));

	p->primary.st.state = CPO_LASER_STATE_FAILED;
	KUNIT_ASSERT_EQ(test, laser_failback(&p->primary, &msg), -ENODEV);
	KUNIT_ASSERT_NOT_NULL(test, strstr(msg, "has not recovered"));
	p->primary.st.valid = 0;
	p->primary.st.state = CPO_LASER_STATE_ON;
	KUNIT_ASSERT_EQ(test, laser_failback(&p->primary, &msg), -ENODEV);

	p->primary.st.valid = CPO_LASER_F_STATE;
	p->primary.st.state = CPO_LASER_STATE_OFF;
	KUNIT_ASSERT_EQ(test, laser_failback(&p->primary, &msg), -ENETDOWN);
	KUNIT_ASSERT_NOT_NULL(test, strstr(msg, "enable it first"));
	p->primary.st.state = CPO_LASER_STATE_ON;

	p->spare.covering = NULL;
	KUNIT_ASSERT_EQ(test, laser_failback(&p->primary, &msg), -EALREADY);
	KUNIT_ASSERT_NOT_NULL(test, strstr(msg, "nothing to hand back"));
	p->spare.covering = &p->primary;

	p->primary.ops = &laser_test_ops_no_failback;
	KUNIT_ASSERT_EQ(test, laser_failback(&p->primary, &msg), -EOPNOTSUPP);
	KUNIT_ASSERT_NOT_NULL(test, strstr(msg, "cannot fail back"));
	p->primary.ops = &laser_test_ops;

	p->primary.spare = NULL;
	KUNIT_ASSERT_EQ(test, laser_failback(&p->primary, &msg), -EINVAL);
	KUNIT_ASSERT_NOT_NULL(test, strstr(msg, "failback needs a primary"));

	KUNIT_ASSERT_EQ(test, laser_failback_calls, 0);
	KUNIT_ASSERT_PTR_EQ(test, p->spare.covering, &p->primary);
}

/* A report about lasers no longer registered changes nothing. */
static void laser_failback_done_ignored_test(struct kunit *test)
{
	struct laser_pair *p = test->priv;

	cpo_laser_failback_done(&p->primary, &p->spare);
	KUNIT_ASSERT_PTR_EQ(test, p->spare.covering, &p->primary);
}

/*
 * A standby in another module (cpo_standby.c): when it is usable, and
 * the moves refused before any I/O, with their errno and message.
 */
static void laser_standby_refused_test(struct kunit *test)
{
	struct laser_pair *p = test->priv;
	struct netlink_ext_ack extack = {};
	struct cpo_laser *sb = &p->spare, *primary = &p->primary;
	bool usable;

	/* The pair's spare plays the standby: registered, in, on, free. */
	primary->spare = NULL;
	sb->covering = NULL;
	sb->registered = true;
	sb->io.slot = CPO_SLOT_STATE_ACTIVE;
	sb->st.valid = CPO_LASER_F_STATE;
	sb->st.state = CPO_LASER_STATE_OFF;

	KUNIT_ASSERT_EQ(test, cpo_laser_standby_move(primary, &extack), -EINVAL);
	KUNIT_ASSERT_NOT_NULL(test, strstr(extack._msg, "has no standby"));

	primary->standby = sb;
	mutex_lock(&cpo_lock);
	usable = cpo_laser_standby_usable(primary);
	KUNIT_EXPECT_FALSE(test, cpo_laser_on_standby(primary));
	mutex_unlock(&cpo_lock);
	KUNIT_ASSERT_TRUE(test, usable);

	sb->covering = &p->primary;
	mutex_lock(&cpo_lock);
	usable = cpo_laser_standby_usable(primary);
	KUNIT_EXPECT_TRUE(test, cpo_laser_on_standby(primary));
	mutex_unlock(&cpo_lock);
	KUNIT_ASSERT_FALSE(test, usable);
	KUNIT_ASSERT_EQ(test, cpo_laser_standby_move(primary, &extack), -EBUSY);
	KUNIT_ASSERT_NOT_NULL(test, strstr(extack._msg, "already feeds"));
	sb->covering = NULL;

	sb->st.state = CPO_LASER_STATE_FAILED;
	KUNIT_ASSERT_EQ(test, cpo_laser_standby_move(primary, &extack), -ENODEV);
	KUNIT_ASSERT_NOT_NULL(test, strstr(extack._msg, "out, failed"));
	sb->st.state = CPO_LASER_STATE_ON;
	sb->io.slot = CPO_SLOT_STATE_EMPTY;
	KUNIT_ASSERT_EQ(test, cpo_laser_standby_move(primary, &extack), -ENODEV);
	sb->io.slot = CPO_SLOT_STATE_ACTIVE;
	sb->registered = false;
	KUNIT_ASSERT_EQ(test, cpo_laser_standby_move(primary, &extack), -ENODEV);

	/* Nothing on the standby: nothing to hand back. */
	KUNIT_ASSERT_EQ(test, cpo_laser_standby_back(primary, 0, &extack),
			-EALREADY);
	KUNIT_ASSERT_NOT_NULL(test, strstr(extack._msg, "nothing to hand back"));
	KUNIT_ASSERT_NULL(test, sb->covering);
	KUNIT_ASSERT_FALSE(test, sb->standby_claimed);
}

static struct kunit_case laser_test_cases[] = {
	KUNIT_CASE(laser_failback_ok_test),
	KUNIT_CASE(laser_failback_refused_test),
	KUNIT_CASE(laser_failback_done_ignored_test),
	KUNIT_CASE(laser_standby_refused_test),
	{}
};

static struct kunit_suite laser_test_suite = {
	.name = "cpo_laser",
	.init = laser_test_init,
	.test_cases = laser_test_cases,
};

kunit_test_suites(&laser_test_suite);
