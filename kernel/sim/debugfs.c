// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: test knobs in debugfs, never in the production interface.
 *
 *   cposim/cposim<ID>/dp_step_ms                 duration of a state step
 *   cposim/cposim<ID>/engine<N>/read_err         errno for transport reads
 *   cposim/cposim<ID>/engine<N>/write_err        errno for transport writes
 *   cposim/cposim<ID>/engine<N>/fault            CMIS fault cause, 0 = none
 *   cposim/cposim<ID>/engine<N>/lane<M>/rx_los   no light at the receiver
 *   cposim/cposim<ID>/engine<N>/lane<M>/tx_fault transmitter failed
 *
 * The lane knobs read Y or N and take anything kstrtobool() does; fault
 * takes 0..255 (1 TEC runaway, 2 data memory, 3 program memory corrupted)
 * and puts the module in ModuleFault, 0 resets it to low power. Writes to
 * these change the map and raise the engine's interrupt, so a change
 * notification goes out.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/uaccess.h>
#include "cposim.h"

enum cposim_lane_knob {
	CPOSIM_KNOB_RX_LOS,
	CPOSIM_KNOB_TX_FAULT,
};

static ssize_t cposim_lane_knob_read(struct file *file, char __user *ubuf,
				     size_t count, loff_t *ppos,
				     enum cposim_lane_knob knob)
{
	struct cposim_lane *sl = file->private_data;
	char buf[2] = "N\n";
	bool val;

	mutex_lock(&sl->se->lock);
	val = knob == CPOSIM_KNOB_RX_LOS ? sl->rx_los : sl->tx_fault;
	mutex_unlock(&sl->se->lock);
	if (val)
		buf[0] = 'Y';
	return simple_read_from_buffer(ubuf, count, ppos, buf, sizeof(buf));
}

static ssize_t cposim_lane_knob_write(struct file *file,
				      const char __user *ubuf, size_t count,
				      loff_t *ppos, enum cposim_lane_knob knob)
{
	struct cposim_lane *sl = file->private_data;
	struct cposim_engine *se = sl->se;
	bool val;
	int err;

	err = kstrtobool_from_user(ubuf, count, &val);
	if (err)
		return err;
	mutex_lock(&se->lock);
	if (knob == CPOSIM_KNOB_RX_LOS)
		cposim_lane_set_rx_los(sl, val);
	else
		cposim_lane_set_tx_fault(sl, val);
	mutex_unlock(&se->lock);
	cposim_notify(se);
	return count;
}

#define CPOSIM_LANE_KNOB_FOPS(name, knob)				\
static ssize_t cposim_##name##_read(struct file *file,			\
				    char __user *ubuf, size_t count,	\
				    loff_t *ppos)			\
{									\
	return cposim_lane_knob_read(file, ubuf, count, ppos, knob);	\
}									\
									\
static ssize_t cposim_##name##_write(struct file *file,		\
				     const char __user *ubuf,		\
				     size_t count, loff_t *ppos)	\
{									\
	return cposim_lane_knob_write(file, ubuf, count, ppos, knob);	\
}									\
									\
static const struct file_operations cposim_##name##_fops = {		\
	.owner = THIS_MODULE,						\
	.open = simple_open,						\
	.read = cposim_##name##_read,					\
	.write = cposim_##name##_write,					\
	.llseek = default_llseek,					\
}

CPOSIM_LANE_KNOB_FOPS(rx_los, CPOSIM_KNOB_RX_LOS);
CPOSIM_LANE_KNOB_FOPS(tx_fault, CPOSIM_KNOB_TX_FAULT);

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
	debugfs_create_u32("write_err", 0600, se->ddir, &se->write_err);
	debugfs_create_file_unsafe("fault", 0600, se->ddir, se,
				   &cposim_fault_fops);
	for (i = 0; i < se->lane_count; i++) {
		snprintf(name, sizeof(name), "lane%u", i);
		ldir = debugfs_create_dir(name, se->ddir);
		debugfs_create_file("rx_los", 0600, ldir, &se->lanes[i],
				    &cposim_rx_los_fops);
		debugfs_create_file("tx_fault", 0600, ldir, &se->lanes[i],
				    &cposim_tx_fault_fops);
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
