// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: a module's CDB, the command interface of CMIS (page 9Fh and
 * lower memory byte 37), and the firmware banks behind it.
 *
 * Writing a command's ID (page 9Fh bytes 128..129) starts it: the status
 * byte says busy at once, and @busy_ms later the command is carried out,
 * its reply is put at 134.. and the status byte gives the result. The
 * module answers commands 0040h (module features), 0041h (firmware
 * management features) and 0100h (firmware information) here, and the
 * firmware download commands 0101h..010Ah in fwupdate.c; any other gets
 * "unknown command", a bad check code "check code error". The extended
 * payload is 16 pages, A0h..AFh (2048 bytes); whether firmware blocks go
 * by LPL (0103h), EPL (0104h) or both is @write_mech, both by default.
 */
#include <linux/bitfield.h>
#include <linux/build_bug.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/cpo_fw.h>
#include "cposim.h"

#define CPOSIM_CDB_BUSY_MS	1	/* default processing time */
#define CPOSIM_CDB_MAX_MS	500	/* advertised: the longest command */
#define CPOSIM_CDB_IN_PROGRESS	0x82	/* busy, checking the command */
#define CPOSIM_FW_BUILD		7

/* 0101h carries the whole image header: 0041h says so. */
static_assert(CPO_FW_HEADER_LEN <= CMIS_CDB_LPL_MAX - CMIS_CDB_START_HEADER);

static u8 *cposim_cdb_at(struct cposim_cdb *cdb, unsigned int offset)
{
	return &cdb->page9f[offset - CMIS_UPPER_OFFSET];
}

static u8 cposim_cdb_sum(const u8 *buf, size_t len)
{
	u8 sum = 0;

	while (len--)
		sum += *buf++;
	return sum;
}

static void cposim_cdb_put_image(u8 *rpl, const struct cposim_fw_image *img)
{
	rpl[0] = img->major;
	rpl[1] = img->minor;
	cmis_put_be16(&rpl[2], img->build);
}

static u8 cposim_cdb_fw_info(struct cposim_cdb *cdb, u8 *rpl)
{
	u8 status = 0;
	int b;

	for (b = 0; b < 2; b++) {
		u8 bits = 0;

		if (cdb->running == b)
			bits |= CMIS_CDB_FWI_RUNNING;
		if (cdb->committed == b)
			bits |= CMIS_CDB_FWI_COMMITTED;
		if (!cdb->image[b].valid)
			bits |= CMIS_CDB_FWI_INVALID;
		status |= bits << CMIS_CDB_FWI_BANK_SHIFT(b);
	}
	rpl[CMIS_CDB_FWI_STATUS] = status;
	rpl[CMIS_CDB_FWI_PRESENT] = BIT(0) | BIT(1) | BIT(2);
	if (cdb->image[0].valid)
		cposim_cdb_put_image(&rpl[CMIS_CDB_FWI_IMAGE_A], &cdb->image[0]);
	if (cdb->image[1].valid)
		cposim_cdb_put_image(&rpl[CMIS_CDB_FWI_IMAGE_B], &cdb->image[1]);
	cposim_cdb_put_image(&rpl[CMIS_CDB_FWI_FACTORY], &cdb->factory);
	return CMIS_CDB_FWI_LEN;
}

/*
 * Abort, header, block writes as @write_mech says, of up to 2048 bytes by
 * EPL (120 by LPL); durations in ms (M = 1).
 */
static u8 cposim_cdb_fw_features(struct cposim_cdb *cdb, u8 *rpl)
{
	rpl[CMIS_CDB_FWF_FLAGS] = CMIS_CDB_FWF_ABORT;
	rpl[CMIS_CDB_FWF_HEADER_LEN] = CPO_FW_HEADER_LEN;
	rpl[CMIS_CDB_FWF_ERASED] = 0xff;
	rpl[CMIS_CDB_FWF_RW_EXT] = CMIS_CDB_EPL_MAX / 8 - 1;
	rpl[CMIS_CDB_FWF_WRITE_MECH] = cdb->write_mech;
	cmis_put_be16(&rpl[CMIS_CDB_FWF_START_MS], CPOSIM_CDB_MAX_MS);
	cmis_put_be16(&rpl[CMIS_CDB_FWF_ABORT_MS], CPOSIM_CDB_MAX_MS);
	cmis_put_be16(&rpl[CMIS_CDB_FWF_WRITE_MS], CPOSIM_CDB_MAX_MS);
	cmis_put_be16(&rpl[CMIS_CDB_FWF_COMPLETE_MS], CPOSIM_CDB_MAX_MS);
	return CMIS_CDB_FWF_LEN;
}

/*
 * Carry out the command in page 9Fh; @cdb->lock held, @mem the buffers
 * it may take or leave. Returns the result.
 */
static u8 cposim_cdb_execute(struct cposim_cdb *cdb,
			     struct cposim_cdb_mem *mem)
{
	u8 *rpl = cposim_cdb_at(cdb, CMIS_CDB_LPL);
	u16 cmd = cmis_get_be16(cposim_cdb_at(cdb, CMIS_CDB_CMD));
	u8 lpl_len = *cposim_cdb_at(cdb, CMIS_CDB_LPL_LEN);
	u8 hdr[CMIS_CDB_LPL - CMIS_CDB_CMD];
	u8 check, len, result;

	if (lpl_len > CMIS_CDB_LPL_MAX)
		return CMIS_CDB_BAD_PARAM;
	/* The check code covers the header, 133..135 taken as 0, and LPL. */
	memcpy(hdr, cposim_cdb_at(cdb, CMIS_CDB_CMD), sizeof(hdr));
	hdr[CMIS_CDB_CHECK - CMIS_CDB_CMD] = 0;
	hdr[CMIS_CDB_RPL_LEN - CMIS_CDB_CMD] = 0;
	hdr[CMIS_CDB_RPL_CHECK - CMIS_CDB_CMD] = 0;
	check = ~(cposim_cdb_sum(hdr, sizeof(hdr)) +
		  cposim_cdb_sum(rpl, lpl_len));
	if (check != *cposim_cdb_at(cdb, CMIS_CDB_CHECK))
		return CMIS_CDB_BAD_CHECK;
	if (cdb->fail)
		return cdb->fail;

	switch (cmd) {
	case CMIS_CDB_MODULE_FEATURES:
		memset(rpl, 0, CMIS_CDB_LPL_MAX);
		cmis_put_be16(&rpl[CMIS_CDB_MF_MAX_MS], CPOSIM_CDB_MAX_MS);
		len = CMIS_CDB_MF_LEN;
		break;
	case CMIS_CDB_FW_FEATURES:
		memset(rpl, 0, CMIS_CDB_LPL_MAX);
		len = cposim_cdb_fw_features(cdb, rpl);
		break;
	case CMIS_CDB_FW_INFO:
		memset(rpl, 0, CMIS_CDB_LPL_MAX);
		len = cposim_cdb_fw_info(cdb, rpl);
		break;
	default:
		/* The download commands, or unknown: no reply. */
		result = cposim_fw_command(cdb, cmd, rpl, lpl_len, mem);
		if (result != CMIS_CDB_OK)
			return result;
		len = 0;
		break;
	}
	*cposim_cdb_at(cdb, CMIS_CDB_RPL_LEN) = len;
	*cposim_cdb_at(cdb, CMIS_CDB_RPL_CHECK) = ~cposim_cdb_sum(rpl, len);
	return CMIS_CDB_OK;
}

/**
 * cposim_cdb_process - carry out the command in page 9Fh now
 * @cdb: the CDB
 *
 * What the command's work does @busy_ms after the ID was written: the
 * result goes to the status byte, unless teardown started or the module
 * restarts (it lost the command). A payload buffer for 0101h is allocated,
 * and that of a download that ends freed, without the lock.
 *
 * Context: process context, @cdb->lock not held.
 * Return: the result, 0 when the command was not carried out.
 */
u8 cposim_cdb_process(struct cposim_cdb *cdb)
{
	struct cposim_cdb_mem mem = {};
	u8 result = 0;
	u32 need;

	mutex_lock(cdb->lock);
	need = cdb->dying ? 0 : cposim_fw_start_len(cdb);
	mutex_unlock(cdb->lock);
	if (need) {
		mem.spare = vmalloc(need);
		if (mem.spare)
			mem.spare_len = need;
	}

	mutex_lock(cdb->lock);
	if (!cdb->dying && !cposim_cdb_offline(cdb)) {
		result = cposim_cdb_execute(cdb, &mem);
		cdb->lower[CMIS_CDB_STATUS] = result;
	}
	mutex_unlock(cdb->lock);
	vfree(mem.spare);
	vfree(mem.old);
	return result;
}

static void cposim_cdb_work(struct work_struct *work)
{
	cposim_cdb_process(container_of(to_delayed_work(work),
					struct cposim_cdb, work));
}

/**
 * cposim_cdb_init - a module's CDB, idle, with its firmware banks
 * @cdb: the CDB, zeroed or renewed (cposim_cdb_renew())
 * @ops: what its owner, an engine or a laser module, does in a restart
 * @lock: the owner's map lock
 * @lower: the owner's lower memory
 * @page00: the owner's page 00h, whose vendor and part an image must name
 * @page01: the owner's page 01h, where CDB support is advertised
 * @fw_major: version of the running image (A); B holds the one before
 * @fw_minor: version of the running image
 *
 * Also writes the versions into the owner's map: running at lower memory
 * 39/40, the other image at page 01h 128/129.
 */
void cposim_cdb_init(struct cposim_cdb *cdb, const struct cposim_cdb_ops *ops,
		     struct mutex *lock, u8 *lower, const u8 *page00,
		     u8 *page01, u8 fw_major, u8 fw_minor)
{
	cdb->ops = ops;
	cdb->lock = lock;
	cdb->lower = lower;
	cdb->page00 = page00;
	cdb->page01 = page01;
	cdb->busy_ms = CPOSIM_CDB_BUSY_MS;
	cdb->write_mech = CMIS_CDB_MECH_LPL | CMIS_CDB_MECH_EPL;
	cdb->image[0] = (struct cposim_fw_image){
		.major = fw_major, .minor = fw_minor,
		.build = CPOSIM_FW_BUILD, .valid = true };
	cdb->image[1] = (struct cposim_fw_image){
		.major = fw_major, .minor = fw_minor - 1,
		.build = CPOSIM_FW_BUILD, .valid = true };
	cdb->factory = (struct cposim_fw_image){
		.major = fw_major, .minor = 0, .build = 1, .valid = true };
	cdb->running = 0;
	cdb->committed = 0;
	cdb->lower[CMIS_CDB_STATUS] = CMIS_CDB_OK;
	page01[CMIS_CDB_ADVERTISED - CMIS_UPPER_OFFSET] =
		FIELD_PREP(CMIS_CDB_INSTANCES, 1) |
		FIELD_PREP(CMIS_CDB_EPL_PAGES, 7);	/* 16 pages */
	INIT_DELAYED_WORK(&cdb->work, cposim_cdb_work);
	cposim_fw_init(cdb);
}

/**
 * cposim_cdb_stop - no command is carried out any more
 * @cdb: the CDB
 *
 * Cancels the command and the restart under way, and frees the buffer of
 * an open download: no work of the CDB runs once this returns.
 *
 * Context: process context, @cdb->lock not held.
 */
void cposim_cdb_stop(struct cposim_cdb *cdb)
{
	u8 *buf;

	mutex_lock(cdb->lock);
	cdb->dying = true;
	buf = cdb->dl.buf;
	cdb->dl.buf = NULL;
	cdb->dl.open = false;
	mutex_unlock(cdb->lock);
	/* The command's work starts no restart once it sees @dying. */
	cancel_delayed_work_sync(&cdb->work);
	cancel_delayed_work_sync(&cdb->fw_work);
	vfree(buf);
}

/**
 * cposim_cdb_renew - the CDB of a module inserted in place of a pulled one
 * @cdb: the old module's CDB, stopped (cposim_cdb_stop() freed a
 *	download's buffer), its lock held
 *
 * Clears the command, the download and the fault knobs; the knobs keep
 * their pointers to it, and cposim_cdb_init() sets it up again.
 */
void cposim_cdb_renew(struct cposim_cdb *cdb)
{
	lockdep_assert_held(cdb->lock);
	memset(cdb->page9f, 0, sizeof(cdb->page9f));
	memset(cdb->epl, 0, sizeof(cdb->epl));
	memset(&cdb->dl, 0, sizeof(cdb->dl));
	cdb->boot = 0;
	cdb->trial = false;
	cdb->run_delay = 0;
	cdb->run_seen = false;
	cdb->fail = 0;
	cdb->run_fail = false;
	cdb->hang = false;
	cdb->power_cut = 0;
	cdb->dying = false;
}

/**
 * cposim_cdb_byte - a byte of the CDB's pages
 * @cdb: the CDB
 * @page: the page
 * @offset: 128..255
 *
 * Return: the byte, or NULL when @page is not one of the CDB's (9Fh, and
 * A0h..AFh of the EPL).
 */
u8 *cposim_cdb_byte(struct cposim_cdb *cdb, u8 page, unsigned int offset)
{
	if (page == CMIS_PAGE_CDB)
		return cposim_cdb_at(cdb, offset);
	if (page >= CMIS_PAGE_EPL &&
	    page < CMIS_PAGE_EPL + CMIS_CDB_EPL_MAX / CMIS_PAGE_SIZE)
		return &cdb->epl[(page - CMIS_PAGE_EPL) * CMIS_PAGE_SIZE +
				 offset - CMIS_UPPER_OFFSET];
	return NULL;
}

/**
 * cposim_cdb_written - the host wrote to a CDB page
 * @cdb: the CDB, its lock held
 * @page: the page written
 * @offset: the first byte written
 * @len: bytes written
 *
 * A write that reaches the command ID's last byte starts the command.
 */
void cposim_cdb_written(struct cposim_cdb *cdb, u8 page, unsigned int offset,
			size_t len)
{
	lockdep_assert_held(cdb->lock);
	if (page != CMIS_PAGE_CDB || offset > CMIS_CDB_CMD + 1 ||
	    offset + len <= CMIS_CDB_CMD + 1 || cdb->dying)
		return;
	cdb->lower[CMIS_CDB_STATUS] = CPOSIM_CDB_IN_PROGRESS;
	mod_delayed_work(system_wq, &cdb->work,
			 msecs_to_jiffies(READ_ONCE(cdb->busy_ms)));
}
