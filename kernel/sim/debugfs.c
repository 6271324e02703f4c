// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: test knobs in debugfs, never in the production interface.
 *
 *   cposim/cposim<ID>/dp_step_ms                 duration of a state step
 *   cposim/cposim<ID>/engine<N>/read_err         errno for transport reads
 *   cposim/cposim<ID>/engine<N>/read_err_after   reads that succeed first
 *   cposim/cposim<ID>/engine<N>/write_err        errno for transport writes
 *   cposim/cposim<ID>/engine<N>/lane_ctrl_fail_nth
 *                                                the Nth next write to the
 *                                                lane controls (page 10h,
 *                                                one per lane set) fails
 *                                                with EIO, once; 0 = none
 *   cposim/cposim<ID>/engine<N>/cdb_busy_ms      how long a CDB command takes
 *   cposim/cposim<ID>/engine<N>/cdb_fail         CDB result code of every
 *                                                command, 0 = none
 *   cposim/cposim<ID>/engine<N>/fw_boot_ms       how long a restart keeps
 *                                                the module silent (200)
 *   cposim/cposim<ID>/engine<N>/fw_run_fail      a new image does not boot:
 *                                                the committed one comes back
 *   cposim/cposim<ID>/engine<N>/fw_hang          a new image hangs: no answer
 *                                                until cleared, then the
 *                                                committed image boots
 *   cposim/cposim<ID>/engine<N>/fw_power_cut     power lost after this many
 *                                                more firmware block writes,
 *                                                or during a restart into a
 *                                                new image; 0 = never
 *   cposim/cposim<ID>/engine<N>/fw_write_mech    how firmware blocks go, as
 *                                                0041h says: 1 LPL (0103h),
 *                                                16 EPL (0104h), 17 both
 *   cposim/cposim<ID>/engine<N>/fault            CMIS fault cause, 0 = none
 *   cposim/cposim<ID>/engine<N>/overtemp         degC above normal, 0..100
 *   cposim/cposim<ID>/engine<N>/stuck            state machines frozen
 *   cposim/cposim<ID>/engine<N>/lane<M>/rx_los   no light at the receiver
 *   cposim/cposim<ID>/engine<N>/lane<M>/tx_fault transmitter failed
 *   cposim/cposim<ID>/engine<N>/lane<M>/stuck    data path state frozen
 *   cposim/cposim<ID>/engine<N>/lane<M>/fiber    a fiber is connected
 *   cposim/cposim<ID>/engine<N>/lane<M>/loss_cdb link loss, 0.01 dB
 *   cposim/cposim<ID>/engine<N>/lane<M>/port     netdev the lane serves
 *   cposim/cposim<ID>/engine<N>/lane<M>/prbs_ber error ratio injected into
 *                                                the lane's loopbacks, times
 *                                                10^18, 0..10^18
 *   cposim/cposim<ID>/els<K>/{read_err,write_err} laser module transport
 *   cposim/cposim<ID>/els<K>/{cdb_*,fw_*}        the laser module's CDB, as
 *                                                an engine's
 *   cposim/cposim<ID>/els<K>/laser<L>/fail       the laser failed; N repairs it
 *   cposim/cposim<ID>/els<K>/laser<L>/overtemp   degC above its set point
 *   cposim/cposim<ID>/els<K>/laser<L>/hours      hours of operation
 *   cposim/cposim<ID>/engine<N>/laser<L>/...     the same, internal lasers
 *   .../engine<N>/bus_khz                        bus clock, 0 = no delay
 *   .../engine<N>/bus_stall_ms                   ms added to each access
 *   .../engine<N>/bus_nack_ppm                   accesses NACKed, per million
 *   .../engine<N>/bus_timeout_ppm                accesses timed out, per 10^6
 *   .../engine<N>/bus_{transactions,bytes,page_selects,nacks,timeouts,
 *                      busy_us}                  bus counters, read-only
 *   .../els<K>/bus_*, .../engine<N>/ls/bus_*     the same, laser sources
 *
 * Boolean knobs read Y or N and take anything kstrtobool() does; fault
 * takes 0..255 (1 TEC runaway, 2 data memory, 3 program memory corrupted)
 * and puts the module in ModuleFault, 0 resets it to low power; port takes
 * an interface name of the initial namespace, or an empty line for none.
 * The firmware knobs act on what the CDB does next (fwupdate.c): fw_run_fail
 * and fw_hang on the boot of a new image, which a 0109h run starts;
 * fw_power_cut counts block writes (0103h, 0104h) down and goes back to 0 when the
 * power goes, which closes the download (its bank stays invalid) and boots
 * the committed image; set while a module hangs, it restarts it at once.
 * They raise no interrupt: the module does once it booted. The cdb_* and
 * fw_* knobs apply to every CDB command, those of the download included.
 * The bus knobs refuse what the model does not take (busmodel.c) with
 * EINVAL, keeping the old value, and take effect with the next access.
 * prbs_ber refuses a ratio above 1 (10^18) alike; it adds to the BER of
 * both of the lane's PRBS loopback paths (prbs.c) from the moment it is
 * set.
 * The other writes change the model and raise the interrupt of the engine
 * or laser source, so change notifications go out.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/math64.h>
#include <linux/netdevice.h>
#include <linux/uaccess.h>
#include "cposim.h"

static ssize_t cposim_bool_read(char __user *ubuf, size_t count,
				loff_t *ppos, bool val)
{
	char buf[2] = "N\n";

	if (val)
		buf[0] = 'Y';
	return simple_read_from_buffer(ubuf, count, ppos, buf, sizeof(buf));
}

/*
 * A boolean knob of an object: getter and setter run with the object's
 * lock held; the setter's object is then told of the change by @notify.
 */
#define CPOSIM_BOOL_KNOB(name, type, lockp, get, set, notify)		\
static ssize_t cposim_##name##_read(struct file *file,			\
				    char __user *ubuf, size_t count,	\
				    loff_t *ppos)			\
{									\
	type *obj = file->private_data;					\
	bool val;							\
									\
	mutex_lock(lockp);						\
	val = get(obj);							\
	mutex_unlock(lockp);						\
	return cposim_bool_read(ubuf, count, ppos, val);		\
}									\
									\
static ssize_t cposim_##name##_write(struct file *file,		\
				     const char __user *ubuf,		\
				     size_t count, loff_t *ppos)	\
{									\
	type *obj = file->private_data;					\
	bool val;							\
	int err;							\
									\
	err = kstrtobool_from_user(ubuf, count, &val);			\
	if (err)							\
		return err;						\
	mutex_lock(lockp);						\
	set(obj, val);							\
	mutex_unlock(lockp);						\
	notify;								\
	return count;							\
}									\
									\
static const struct file_operations cposim_##name##_fops = {		\
	.owner = THIS_MODULE,						\
	.open = simple_open,						\
	.read = cposim_##name##_read,					\
	.write = cposim_##name##_write,					\
	.llseek = default_llseek,					\
}

/* Lane knobs */
#define LANE_LOCK	(&obj->se->lock)
#define LANE_NOTIFY	cposim_notify(obj->se)

static bool cposim_rx_los_get(struct cposim_lane *sl)
{
	return sl->rx_los;
}

static bool cposim_tx_fault_get(struct cposim_lane *sl)
{
	return sl->tx_fault;
}

static bool cposim_lane_stuck_get(struct cposim_lane *sl)
{
	return sl->stuck;
}

static void cposim_lane_stuck_set(struct cposim_lane *sl, bool stuck)
{
	sl->stuck = stuck;
	if (!stuck)
		cposim_kick(sl->se);
}

static bool cposim_fiber_get(struct cposim_lane *sl)
{
	return !sl->fiber_open;
}

static void cposim_fiber_set(struct cposim_lane *sl, bool connected)
{
	sl->fiber_open = !connected;
	cposim_render(sl->se);
}

CPOSIM_BOOL_KNOB(rx_los, struct cposim_lane, LANE_LOCK, cposim_rx_los_get,
		 cposim_lane_set_rx_los, LANE_NOTIFY);
CPOSIM_BOOL_KNOB(tx_fault, struct cposim_lane, LANE_LOCK,
		 cposim_tx_fault_get, cposim_lane_set_tx_fault, LANE_NOTIFY);
CPOSIM_BOOL_KNOB(lane_stuck, struct cposim_lane, LANE_LOCK,
		 cposim_lane_stuck_get, cposim_lane_stuck_set, LANE_NOTIFY);
CPOSIM_BOOL_KNOB(fiber, struct cposim_lane, LANE_LOCK, cposim_fiber_get,
		 cposim_fiber_set, LANE_NOTIFY);

#define CPOSIM_MAX_LOSS_CDB	6000	/* 60 dB */

static int cposim_loss_get(void *data, u64 *val)
{
	struct cposim_lane *sl = data;

	mutex_lock(&sl->se->lock);
	*val = sl->loss_cdb;
	mutex_unlock(&sl->se->lock);
	return 0;
}

static int cposim_loss_set(void *data, u64 val)
{
	struct cposim_lane *sl = data;

	if (val > CPOSIM_MAX_LOSS_CDB)
		return -ERANGE;
	mutex_lock(&sl->se->lock);
	sl->loss_cdb = val;
	cposim_render(sl->se);
	mutex_unlock(&sl->se->lock);
	cposim_notify(sl->se);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(cposim_loss_fops, cposim_loss_get, cposim_loss_set,
			 "%llu\n");

static int cposim_prbs_ber_get(void *data, u64 *val)
{
	struct cposim_lane *sl = data;

	mutex_lock(&sl->se->lock);
	*val = sl->prbs_ber;
	mutex_unlock(&sl->se->lock);
	return 0;
}

static int cposim_prbs_ber_set(void *data, u64 val)
{
	struct cposim_lane *sl = data;
	int err;

	mutex_lock(&sl->se->lock);
	err = cposim_prbs_set_ber(sl, val);
	mutex_unlock(&sl->se->lock);
	if (!err)
		cposim_notify(sl->se);
	return err;
}

DEFINE_DEBUGFS_ATTRIBUTE(cposim_prbs_ber_fops, cposim_prbs_ber_get,
			 cposim_prbs_ber_set, "%llu\n");

static ssize_t cposim_port_read(struct file *file, char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct cposim_lane *sl = file->private_data;
	char buf[sizeof(sl->port) + 1];
	int len;

	mutex_lock(&sl->se->lock);
	len = scnprintf(buf, sizeof(buf), "%s\n", sl->port);
	mutex_unlock(&sl->se->lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

/* The core takes its own lock: the port is set without the engine's. */
static ssize_t cposim_port_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct cposim_lane *sl = file->private_data;
	struct cposim_engine *se = sl->se;
	struct net_device *dev = NULL;
	char name[IFNAMSIZ + 1];
	size_t len = count;

	if (*ppos || count > IFNAMSIZ)
		return -EINVAL;
	if (copy_from_user(name, ubuf, count))
		return -EFAULT;
	name[count] = '\0';
	if (len && name[len - 1] == '\n')
		name[--len] = '\0';
	if (len >= IFNAMSIZ || strchr(name, '\n'))
		return -EINVAL;
	if (len) {
		dev = dev_get_by_name(&init_net, name);
		if (!dev)
			return -ENODEV;
	}
	cpo_lane_set_port(cmis_engine_lane(se->ce, sl->index), dev);
	if (dev)
		dev_put(dev);
	mutex_lock(&se->lock);
	strscpy(sl->port, name, sizeof(sl->port));
	mutex_unlock(&se->lock);
	return count;
}

static const struct file_operations cposim_port_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = cposim_port_read,
	.write = cposim_port_write,
	.llseek = default_llseek,
};

/* Engine knobs */
#define ENGINE_LOCK	(&obj->lock)
#define ENGINE_NOTIFY	cposim_notify(obj)

static bool cposim_engine_stuck_get(struct cposim_engine *se)
{
	return se->stuck;
}

static void cposim_engine_stuck_set(struct cposim_engine *se, bool stuck)
{
	se->stuck = stuck;
	if (!stuck)
		cposim_kick(se);
}

CPOSIM_BOOL_KNOB(engine_stuck, struct cposim_engine, ENGINE_LOCK,
		 cposim_engine_stuck_get, cposim_engine_stuck_set,
		 ENGINE_NOTIFY);

/*
 * Firmware knobs, of an engine's CDB or a laser module's: the module
 * raises its interrupt when it boots.
 */
#define CDB_LOCK	(obj->lock)
#define FW_NOTIFY	((void)0)

static bool cposim_fw_run_fail_get(struct cposim_cdb *cdb)
{
	return cdb->run_fail;
}

static void cposim_fw_run_fail_set(struct cposim_cdb *cdb, bool fail)
{
	cdb->run_fail = fail;
}

static bool cposim_fw_hang_get(struct cposim_cdb *cdb)
{
	return cdb->hang;
}

CPOSIM_BOOL_KNOB(fw_run_fail, struct cposim_cdb, CDB_LOCK,
		 cposim_fw_run_fail_get, cposim_fw_run_fail_set, FW_NOTIFY);
CPOSIM_BOOL_KNOB(fw_hang, struct cposim_cdb, CDB_LOCK,
		 cposim_fw_hang_get, cposim_fw_set_hang, FW_NOTIFY);

static int cposim_fw_power_cut_get(void *data, u64 *val)
{
	struct cposim_cdb *cdb = data;

	mutex_lock(cdb->lock);
	*val = cdb->power_cut;
	mutex_unlock(cdb->lock);
	return 0;
}

static int cposim_fw_power_cut_set(void *data, u64 val)
{
	struct cposim_cdb *cdb = data;

	if (val > U32_MAX)
		return -ERANGE;
	mutex_lock(cdb->lock);
	cposim_fw_set_power_cut(cdb, val);
	mutex_unlock(cdb->lock);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(cposim_fw_power_cut_fops, cposim_fw_power_cut_get,
			 cposim_fw_power_cut_set, "%llu\n");

static int cposim_fw_write_mech_get(void *data, u64 *val)
{
	struct cposim_cdb *cdb = data;

	mutex_lock(cdb->lock);
	*val = cdb->write_mech;
	mutex_unlock(cdb->lock);
	return 0;
}

static int cposim_fw_write_mech_set(void *data, u64 val)
{
	struct cposim_cdb *cdb = data;

	if (val != CMIS_CDB_MECH_LPL && val != CMIS_CDB_MECH_EPL &&
	    val != (CMIS_CDB_MECH_LPL | CMIS_CDB_MECH_EPL))
		return -EINVAL;
	mutex_lock(cdb->lock);
	cdb->write_mech = val;
	mutex_unlock(cdb->lock);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(cposim_fw_write_mech_fops, cposim_fw_write_mech_get,
			 cposim_fw_write_mech_set, "%llu\n");

/* The cdb_* and fw_* knobs of a module's CDB, in its directory. */
static void cposim_cdb_debugfs_init(struct cposim_cdb *cdb, struct dentry *dir)
{
	debugfs_create_u32("cdb_busy_ms", 0600, dir, &cdb->busy_ms);
	debugfs_create_x32("cdb_fail", 0600, dir, &cdb->fail);
	debugfs_create_u32("fw_boot_ms", 0600, dir, &cdb->boot_ms);
	debugfs_create_file("fw_run_fail", 0600, dir, cdb,
			    &cposim_fw_run_fail_fops);
	debugfs_create_file("fw_hang", 0600, dir, cdb, &cposim_fw_hang_fops);
	debugfs_create_file_unsafe("fw_power_cut", 0600, dir, cdb,
				   &cposim_fw_power_cut_fops);
	debugfs_create_file_unsafe("fw_write_mech", 0600, dir, cdb,
				   &cposim_fw_write_mech_fops);
}

static int cposim_fault_get(void *data, u64 *val)
{
	struct cposim_engine *se = data;

	mutex_lock(&se->lock);
	*val = se->lower[CMIS_MODULE_FAULT_CAUSE];
	mutex_unlock(&se->lock);
	return 0;
}

static int cposim_fault_set(void *data, u64 val)
{
	struct cposim_engine *se = data;

	if (val > U8_MAX)
		return -EINVAL;
	mutex_lock(&se->lock);
	cposim_set_fault(se, val);
	mutex_unlock(&se->lock);
	cposim_notify(se);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(cposim_fault_fops, cposim_fault_get, cposim_fault_set,
			 "%llu\n");

static int cposim_overtemp_get(void *data, u64 *val)
{
	struct cposim_engine *se = data;

	mutex_lock(&se->lock);
	*val = se->overtemp;
	mutex_unlock(&se->lock);
	return 0;
}

static int cposim_overtemp_set(void *data, u64 val)
{
	struct cposim_engine *se = data;

	if (val > CPOSIM_MAX_OVERTEMP)
		return -ERANGE;
	mutex_lock(&se->lock);
	se->overtemp = val;
	cposim_render(se);
	mutex_unlock(&se->lock);
	cposim_notify(se);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(cposim_overtemp_fops, cposim_overtemp_get,
			 cposim_overtemp_set, "%llu\n");

/* Laser knobs: the source re-evaluates and tells the engines. */
#define LASER_LOCK	(&obj->els->lock)
#define LASER_NOTIFY	cposim_els_changed(obj->els)

static bool cposim_laser_fail_get(struct cposim_laser *l)
{
	return l->fail;
}

static void cposim_laser_fail_set(struct cposim_laser *l, bool fail)
{
	l->fail = fail;
	cposim_els_update(l->els);
}

CPOSIM_BOOL_KNOB(laser_fail, struct cposim_laser, LASER_LOCK,
		 cposim_laser_fail_get, cposim_laser_fail_set, LASER_NOTIFY);

static int cposim_laser_u32_set(struct cposim_laser *l, u32 *field, u64 val,
				u64 max)
{
	if (val > max)
		return -ERANGE;
	mutex_lock(&l->els->lock);
	*field = val;
	cposim_els_update(l->els);
	mutex_unlock(&l->els->lock);
	cposim_els_changed(l->els);
	return 0;
}

static int cposim_laser_overtemp_get(void *data, u64 *val)
{
	struct cposim_laser *l = data;

	mutex_lock(&l->els->lock);
	*val = l->overtemp;
	mutex_unlock(&l->els->lock);
	return 0;
}

static int cposim_laser_overtemp_set(void *data, u64 val)
{
	struct cposim_laser *l = data;

	return cposim_laser_u32_set(l, &l->overtemp, val,
				    CPOSIM_MAX_OVERTEMP);
}

DEFINE_DEBUGFS_ATTRIBUTE(cposim_laser_overtemp_fops, cposim_laser_overtemp_get,
			 cposim_laser_overtemp_set, "%llu\n");

static int cposim_laser_hours_get(void *data, u64 *val)
{
	struct cposim_laser *l = data;

	mutex_lock(&l->els->lock);
	*val = l->hours;
	mutex_unlock(&l->els->lock);
	return 0;
}

static int cposim_laser_hours_set(void *data, u64 val)
{
	struct cposim_laser *l = data;

	return cposim_laser_u32_set(l, &l->hours, val, U32_MAX);
}

DEFINE_DEBUGFS_ATTRIBUTE(cposim_laser_hours_fops, cposim_laser_hours_get,
			 cposim_laser_hours_set, "%llu\n");

/*
 * Bus knobs: each points at its u32 in the bus model, read and written
 * without the bus's lock, which a transaction holds while it sleeps.
 */
static int cposim_bus_knob_get(void *data, u64 *val)
{
	*val = READ_ONCE(*(u32 *)data);
	return 0;
}

static int cposim_bus_knob_set(void *data, u64 val, bool valid)
{
	if (!valid)
		return -EINVAL;
	WRITE_ONCE(*(u32 *)data, val);
	return 0;
}

static int cposim_bus_khz_set(void *data, u64 val)
{
	return cposim_bus_knob_set(data, val, cposim_bus_khz_valid(val));
}

static int cposim_bus_stall_set(void *data, u64 val)
{
	return cposim_bus_knob_set(data, val, val <= CPOSIM_BUS_MAX_STALL_MS);
}

static int cposim_bus_ppm_set(void *data, u64 val)
{
	return cposim_bus_knob_set(data, val, val <= CPOSIM_BUS_PPM);
}

DEFINE_DEBUGFS_ATTRIBUTE(cposim_bus_khz_fops, cposim_bus_knob_get,
			 cposim_bus_khz_set, "%llu\n");
DEFINE_DEBUGFS_ATTRIBUTE(cposim_bus_stall_fops, cposim_bus_knob_get,
			 cposim_bus_stall_set, "%llu\n");
DEFINE_DEBUGFS_ATTRIBUTE(cposim_bus_ppm_fops, cposim_bus_knob_get,
			 cposim_bus_ppm_set, "%llu\n");

static int cposim_bus_counter_get(void *data, u64 *val)
{
	*val = atomic64_read(data);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(cposim_bus_counter_fops, cposim_bus_counter_get,
			 NULL, "%llu\n");

static int cposim_bus_busy_us_get(void *data, u64 *val)
{
	*val = div_u64(atomic64_read(data), NSEC_PER_USEC);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(cposim_bus_busy_us_fops, cposim_bus_busy_us_get,
			 NULL, "%llu\n");

/**
 * cposim_bus_debugfs_init - create the bus knobs and counters in a directory
 * @bus: the bus of an engine or a laser source
 * @dir: the directory of its owner
 */
void cposim_bus_debugfs_init(struct cposim_bus_model *bus, struct dentry *dir)
{
	debugfs_create_file_unsafe("bus_khz", 0600, dir, &bus->khz,
				   &cposim_bus_khz_fops);
	debugfs_create_file_unsafe("bus_stall_ms", 0600, dir, &bus->stall_ms,
				   &cposim_bus_stall_fops);
	debugfs_create_file_unsafe("bus_nack_ppm", 0600, dir, &bus->nack_ppm,
				   &cposim_bus_ppm_fops);
	debugfs_create_file_unsafe("bus_timeout_ppm", 0600, dir,
				   &bus->timeout_ppm, &cposim_bus_ppm_fops);
	debugfs_create_file_unsafe("bus_transactions", 0400, dir,
				   &bus->transactions,
				   &cposim_bus_counter_fops);
	debugfs_create_file_unsafe("bus_bytes", 0400, dir, &bus->bytes,
				   &cposim_bus_counter_fops);
	debugfs_create_file_unsafe("bus_page_selects", 0400, dir,
				   &bus->page_selects,
				   &cposim_bus_counter_fops);
	debugfs_create_file_unsafe("bus_nacks", 0400, dir, &bus->nacks,
				   &cposim_bus_counter_fops);
	debugfs_create_file_unsafe("bus_timeouts", 0400, dir, &bus->timeouts,
				   &cposim_bus_counter_fops);
	debugfs_create_file_unsafe("bus_busy_us", 0400, dir, &bus->busy_ns,
				   &cposim_bus_busy_us_fops);
}

/*
 * pull and insert, write-only triggers: "1" (or anything) pulls; insert
 * takes "1", or "serial=S part=P" (either or both) for a new part with
 * another serial or part number, each at most 16 characters; a laser
 * module's also "lasers=N", a module whose description gives N primaries
 * without spares (1..16): another layout.
 */
static int cposim_slot_words(const char __user *ubuf, size_t count,
			     char *buf, size_t size)
{
	if (count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	return 0;
}

static ssize_t cposim_engine_pull_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	int err = cposim_engine_pull(file->private_data);

	return err ? err : count;
}

/*
 * The words of an insert line, in @buf; @lasers NULL where "lasers=" is
 * not taken. Returns 0 or -EINVAL.
 */
static int cposim_insert_words(char *buf, char **serial, char **part,
			       u32 *lasers)
{
	char *p = strim(buf), *word;

	/* A bare trigger, as for pull: the same part number and serial. */
	if (!strcmp(p, "1"))
		p = NULL;
	while (p && (word = strsep(&p, " \t"))) {
		if (!*word)
			continue;
		if (str_has_prefix(word, "serial=")) {
			*serial = word + strlen("serial=");
		} else if (str_has_prefix(word, "part=")) {
			*part = word + strlen("part=");
		} else if (lasers && str_has_prefix(word, "lasers=")) {
			if (kstrtou32(word + strlen("lasers="), 10, lasers) ||
			    !*lasers || *lasers > CMIS_LS_MAX_LASERS)
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	if ((*serial && (!**serial || strlen(*serial) > CMIS_VENDOR_SN_LEN)) ||
	    (*part && (!**part || strlen(*part) > CMIS_VENDOR_PN_LEN)))
		return -EINVAL;
	return 0;
}

static ssize_t cposim_engine_insert_write(struct file *file,
					  const char __user *ubuf,
					  size_t count, loff_t *ppos)
{
	char buf[64], *serial = NULL, *part = NULL;
	int err;

	err = cposim_slot_words(ubuf, count, buf, sizeof(buf));
	if (err)
		return err;
	if (cposim_insert_words(buf, &serial, &part, NULL)) {
		pr_err("cpo_sim: insert: expected [serial=S] [part=P], each 1..16 characters\n");
		return -EINVAL;
	}
	err = cposim_engine_insert(file->private_data, serial, part);
	return err ? err : count;
}

static ssize_t cposim_els_pull_write(struct file *file,
				     const char __user *ubuf, size_t count,
				     loff_t *ppos)
{
	int err = cposim_els_pull(file->private_data);

	return err ? err : count;
}

static ssize_t cposim_els_insert_write(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	char buf[64], *serial = NULL, *part = NULL;
	u32 lasers = 0;
	int err;

	err = cposim_slot_words(ubuf, count, buf, sizeof(buf));
	if (err)
		return err;
	if (cposim_insert_words(buf, &serial, &part, &lasers)) {
		pr_err("cpo_sim: insert: expected [serial=S] [part=P] [lasers=N], each 1..16 characters, N 1..%u\n",
		       CMIS_LS_MAX_LASERS);
		return -EINVAL;
	}
	err = cposim_els_insert(file->private_data, serial, part, lasers);
	return err ? err : count;
}

/* els<K>/standby: the module whose lasers back this one's, or "none". */
static ssize_t cposim_els_standby_read(struct file *file, char __user *ubuf,
				       size_t count, loff_t *ppos)
{
	struct cposim_els *els = file->private_data;
	char buf[16];
	int len;

	mutex_lock(&els->sdev->slot_lock);
	len = els->standby_by ?
	      scnprintf(buf, sizeof(buf), "%u\n", els->standby_by->index) :
	      scnprintf(buf, sizeof(buf), "none\n");
	mutex_unlock(&els->sdev->slot_lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t cposim_els_standby_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	struct cposim_els *els = file->private_data;
	struct cposim_dev *sdev = els->sdev;
	struct cposim_els *by = NULL;
	char buf[16];
	u32 index;
	int err;

	err = cposim_slot_words(ubuf, count, buf, sizeof(buf));
	if (err)
		return err;
	if (!sysfs_streq(buf, "none")) {
		if (kstrtou32(strim(buf), 10, &index) ||
		    index >= sdev->els_count || sdev->els[index] == els) {
			pr_err("cpo_sim: standby: expected the index of another laser module, 0..%u, or \"none\"\n",
			       sdev->els_count - 1);
			return -EINVAL;
		}
		by = sdev->els[index];
	}
	err = cposim_els_set_standby(els, by);
	return err ? err : count;
}

static const struct file_operations cposim_els_standby_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = cposim_els_standby_read,
	.write = cposim_els_standby_write,
	.llseek = default_llseek,
};

#define CPOSIM_TRIGGER_FOPS(name)					\
static const struct file_operations cposim_##name##_fops = {		\
	.owner = THIS_MODULE,						\
	.open = simple_open,						\
	.write = cposim_##name##_write,					\
	.llseek = default_llseek,					\
}

CPOSIM_TRIGGER_FOPS(engine_pull);
CPOSIM_TRIGGER_FOPS(engine_insert);
CPOSIM_TRIGGER_FOPS(els_pull);
CPOSIM_TRIGGER_FOPS(els_insert);

/**
 * cposim_els_debugfs_init - create the knobs of a laser source
 * @els: the source, registered
 * @parent: the device's directory for a laser module, in which els<K>/ is
 *	made; the engine's directory for internal lasers, whose bus knobs go
 *	in its ls/
 */
void cposim_els_debugfs_init(struct cposim_els *els, struct dentry *parent)
{
	struct dentry *dir = parent, *ldir;
	char name[16];
	u32 i;

	if (!els->internal) {
		snprintf(name, sizeof(name), "els%u", els->index);
		dir = debugfs_create_dir(name, parent);
		els->ddir = dir;
		debugfs_create_u32("read_err", 0600, dir, &els->read_err);
		debugfs_create_u32("write_err", 0600, dir, &els->write_err);
		debugfs_create_file("pull", 0200, dir, els,
				    &cposim_els_pull_fops);
		debugfs_create_file("insert", 0200, dir, els,
				    &cposim_els_insert_fops);
		debugfs_create_file("standby", 0600, dir, els,
				    &cposim_els_standby_fops);
		cposim_cdb_debugfs_init(&els->cdb, dir);
		cposim_bus_debugfs_init(&els->bus, dir);
	} else {
		/* Apart from the engine's own bus knobs beside it. */
		els->ddir = debugfs_create_dir("ls", parent);
		cposim_bus_debugfs_init(&els->bus, els->ddir);
	}
	for (i = 0; i < els->count; i++) {
		struct cposim_laser *l = &els->lasers[i];

		snprintf(name, sizeof(name), "laser%u", i);
		ldir = debugfs_create_dir(name, dir);
		l->ddir = ldir;
		debugfs_create_file("fail", 0600, ldir, l,
				    &cposim_laser_fail_fops);
		debugfs_create_file_unsafe("overtemp", 0600, ldir, l,
					   &cposim_laser_overtemp_fops);
		debugfs_create_file_unsafe("hours", 0600, ldir, l,
					   &cposim_laser_hours_fops);
	}
}

/**
 * cposim_els_debugfs_exit - remove the knobs of a laser source
 * @els: the source
 *
 * Waits for knob handlers in progress, so none runs once this returns.
 */
void cposim_els_debugfs_exit(struct cposim_els *els)
{
	u32 i;

	for (i = 0; i < els->count; i++) {
		debugfs_remove(els->lasers[i].ddir);
		els->lasers[i].ddir = NULL;
	}
	debugfs_remove(els->ddir);
	els->ddir = NULL;
}

/**
 * cposim_dev_debugfs_init - create cposim/cposim<ID>/ and its knobs
 * @sdev: the device
 *
 * As everywhere with debugfs, failures are not errors.
 */
void cposim_dev_debugfs_init(struct cposim_dev *sdev)
{
	sdev->ddir = debugfs_create_dir(dev_name(&sdev->dev),
					cposim_debugfs_root);
	debugfs_create_u32("dp_step_ms", 0600, sdev->ddir, &sdev->dp_step_ms);
}

/**
 * cposim_engine_debugfs_init - create engine<N>/ and the lane knobs
 * @se: the engine, registered
 */
void cposim_engine_debugfs_init(struct cposim_engine *se)
{
	struct dentry *ldir;
	char name[16];
	u32 i;

	snprintf(name, sizeof(name), "engine%u", se->index);
	se->ddir = debugfs_create_dir(name, se->sdev->ddir);
	debugfs_create_u32("read_err", 0600, se->ddir, &se->read_err);
	debugfs_create_atomic_t("read_err_after", 0600, se->ddir,
				&se->read_err_after);
	debugfs_create_u32("write_err", 0600, se->ddir, &se->write_err);
	debugfs_create_atomic_t("lane_ctrl_fail_nth", 0600, se->ddir,
				&se->lane_ctrl_fail_nth);
	cposim_cdb_debugfs_init(&se->cdb, se->ddir);
	cposim_bus_debugfs_init(&se->bus, se->ddir);
	debugfs_create_file_unsafe("fault", 0600, se->ddir, se,
				   &cposim_fault_fops);
	debugfs_create_file_unsafe("overtemp", 0600, se->ddir, se,
				   &cposim_overtemp_fops);
	debugfs_create_file("stuck", 0600, se->ddir, se,
			    &cposim_engine_stuck_fops);
	debugfs_create_file("pull", 0200, se->ddir, se,
			    &cposim_engine_pull_fops);
	debugfs_create_file("insert", 0200, se->ddir, se,
			    &cposim_engine_insert_fops);
	for (i = 0; i < se->lane_count; i++) {
		struct cposim_lane *sl = &se->lanes[i];

		snprintf(name, sizeof(name), "lane%u", i);
		ldir = debugfs_create_dir(name, se->ddir);
		debugfs_create_file("rx_los", 0600, ldir, sl,
				    &cposim_rx_los_fops);
		debugfs_create_file("tx_fault", 0600, ldir, sl,
				    &cposim_tx_fault_fops);
		debugfs_create_file("stuck", 0600, ldir, sl,
				    &cposim_lane_stuck_fops);
		debugfs_create_file("fiber", 0600, ldir, sl,
				    &cposim_fiber_fops);
		debugfs_create_file_unsafe("loss_cdb", 0600, ldir, sl,
					   &cposim_loss_fops);
		debugfs_create_file("port", 0600, ldir, sl,
				    &cposim_port_fops);
		debugfs_create_file_unsafe("prbs_ber", 0600, ldir, sl,
					   &cposim_prbs_ber_fops);
	}
}

/**
 * cposim_engine_debugfs_exit - remove engine<N>/
 * @se: the engine
 *
 * Waits for knob handlers in progress, so none runs once this returns.
 */
void cposim_engine_debugfs_exit(struct cposim_engine *se)
{
	debugfs_remove(se->ddir);
	se->ddir = NULL;
}
