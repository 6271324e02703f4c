// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: firmware update over CDB, with A/B banks, as a CMIS module
 * takes it (CMIS 5.2, 9.7), in an engine or a laser module alike (what
 * differs is the owner's struct cposim_cdb_ops). The commands come from
 * cdb.c, under the owner's map lock; each ends with its result code, and
 * none has a reply.
 *
 *   0101h start   LPL: u32 image size (the whole file), 4 reserved bytes,
 *                 then the image header (CPO_FW_HEADER_LEN bytes, see
 *                 <linux/cpo_fw.h>). The header must be right and for this
 *                 module (vendor and part number of page 00h), its payload
 *                 the size less the header, 1 .. CPO_FW_MAX_PAYLOAD bytes;
 *                 else 42h and nothing changes. Then the bank that does not
 *                 run is the target, invalid until 0107h. A start while a
 *                 download is open starts it again.
 *   0103h write   LPL: u32 address (offset in the payload: file offset less
 *                 the header), then 1..116 bytes. Blocks come in order: a
 *                 block starts at or before the end of those written so far
 *                 (sent again, or overlapping, is fine; a gap is not). 47h
 *                 without a download, 42h for a block outside the payload or
 *                 after a gap.
 *   0104h write   LPL: u32 address; the block is the EPL (pages A0h..,
 *                 1..2048 bytes, its length in page 9Fh bytes 130..131),
 *                 else as 0103h. Either is 41h when write_mech leaves it
 *                 out.
 *   0107h complete  the download ends; with every payload byte written and
 *                 the payload's CRC-32 the header's, the target bank holds
 *                 the image and its version; else 40h and it stays invalid.
 *                 47h without a download.
 *   0102h abort   the download ends, the target bank stays invalid; 01h
 *                 also without a download.
 *   0109h run     LPL: reserved, mode (0 only: reset into the bank that
 *                 does not run; else 42h), u16 delay in ms. 47h unless that
 *                 bank holds an image. Done at once (01h); the delay runs
 *                 from when the host reads that result (lower memory byte
 *                 37), so that a host waiting for it sees it, even with a
 *                 delay of 0; a host that does not read it gets the reset
 *                 CPOSIM_RUN_UNSEEN_MS after the delay. Then the module
 *                 resets: no answer on its transport for boot_ms (an engine
 *                 shows PwrUp, its data paths down; a laser module keeps
 *                 its lasers' light);
 *                 then it runs the other bank, shows the versions (lower
 *                 memory 39/40 running, page 01h 128/129 the other bank,
 *                 0.0 if invalid), goes on to Ready and raises its
 *                 interrupt. The committed bank does not change.
 *   010Ah commit  the running bank becomes the committed one.
 *
 * The download commands get 47h while a run is pending or under way. The
 * faults (debugfs knobs, see debugfs.c): fw_run_fail, the new image does
 * not boot and the module comes back running the committed one; fw_hang,
 * it hangs: no answer until the knob is cleared, then the committed image
 * boots; fw_power_cut N, the power goes after N more block writes, or
 * during a run (or a hang): the download ends, its bank stays invalid, and
 * the module boots the committed image, silent for boot_ms; the knob goes
 * back to 0. A committed bank that does not hold an image boots the other.
 * After any restart the status byte reads 01h, as at power-on.
 */
#include <linux/crc32.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/cpo_fw.h>
#include "cposim.h"

#define CPOSIM_FW_BOOT_MS	200	/* default boot time */
#define CPOSIM_RUN_UNSEEN_MS	500	/* the advertised command time */
#define CPOSIM_CDB_NO_REASON	0x40	/* failed: the image check */

static u32 cposim_fw_crc(const void *buf, size_t len)
{
	return crc32_le(~0U, buf, len) ^ ~0U;
}

/* The versions in the map: running at 39/40, the other bank in page 01h. */
static void cposim_fw_render(struct cposim_cdb *cdb)
{
	const struct cposim_fw_image *run = &cdb->image[cdb->running];
	const struct cposim_fw_image *other = &cdb->image[!cdb->running];

	cdb->lower[CMIS_ACTIVE_FW_MAJOR] = run->major;
	cdb->lower[CMIS_ACTIVE_FW_MINOR] = run->minor;
	cdb->page01[CMIS_INACTIVE_FW_MAJOR - CMIS_UPPER_OFFSET] =
		other->valid ? other->major : 0;
	cdb->page01[CMIS_INACTIVE_FW_MINOR - CMIS_UPPER_OFFSET] =
		other->valid ? other->minor : 0;
}

/* The download ends; its buffer is freed once the lock is dropped. */
static void cposim_fw_close(struct cposim_cdb *cdb, struct cposim_cdb_mem *mem)
{
	WARN_ON(mem->old);
	mem->old = cdb->dl.buf;
	cdb->dl.buf = NULL;
	cdb->dl.open = false;
}

static void cposim_fw_schedule(struct cposim_cdb *cdb, u32 ms)
{
	if (!cdb->dying)
		mod_delayed_work(system_wq, &cdb->fw_work,
				 msecs_to_jiffies(ms));
}

/*
 * The module goes silent to boot @cdb->boot, in boot_ms, showing what its
 * owner's go_dark() says (an engine: PwrUp, every data path down). A
 * command not yet carried out is lost.
 */
static void cposim_fw_go_dark(struct cposim_cdb *cdb)
{
	cdb->phase = CPOSIM_FW_BOOTING;
	cancel_delayed_work(&cdb->work);
	cdb->ops->go_dark(cdb);
	cposim_fw_schedule(cdb, READ_ONCE(cdb->boot_ms));
}

/*
 * The power goes: the download ends, its bank invalid, and the committed
 * image boots. @mem is NULL where no download can be open: in a restart.
 */
static void cposim_fw_power_loss(struct cposim_cdb *cdb,
				 struct cposim_cdb_mem *mem)
{
	cdb->power_cut = 0;
	if (cdb->dl.open && !WARN_ON(!mem))
		cposim_fw_close(cdb, mem);
	cdb->boot = cdb->committed;
	cdb->trial = false;
	cposim_fw_go_dark(cdb);
}

/* The delay of 0109h is over: the module resets into the other bank. */
static void cposim_fw_reset(struct cposim_cdb *cdb)
{
	cdb->boot = !cdb->running;
	cdb->trial = true;
	if (cdb->power_cut) {
		cposim_fw_power_loss(cdb, NULL);
		return;
	}
	cposim_fw_go_dark(cdb);
}

/*
 * The boot is over: the module runs @cdb->boot, or the other bank if that
 * one holds no image, and its state machine goes on from PwrUp.
 */
static void cposim_fw_boot(struct cposim_cdb *cdb)
{
	u8 b = cdb->boot;

	if (!cdb->image[b].valid)
		b = !b;
	cdb->running = b;
	cdb->phase = CPOSIM_FW_IDLE;
	cdb->trial = false;
	cdb->lower[CMIS_CDB_STATUS] = CMIS_CDB_OK;
	cposim_fw_render(cdb);
	cdb->ops->booted(cdb);
}

/* The end of the boot time; true when the module answers again. */
static bool cposim_fw_boot_end(struct cposim_cdb *cdb)
{
	if (cdb->trial && cdb->power_cut) {
		cposim_fw_power_loss(cdb, NULL);
		return false;
	}
	if (cdb->trial && cdb->hang) {
		cdb->phase = CPOSIM_FW_HUNG;
		return false;
	}
	if (cdb->trial && cdb->run_fail)
		cdb->boot = cdb->committed;	/* rolled back */
	cposim_fw_boot(cdb);
	return true;
}

static void cposim_fw_work(struct work_struct *work)
{
	struct cposim_cdb *cdb = container_of(to_delayed_work(work),
					      struct cposim_cdb, fw_work);
	bool back = false;

	mutex_lock(cdb->lock);
	if (cdb->dying) {
		mutex_unlock(cdb->lock);
		return;
	}
	switch (cdb->phase) {
	case CPOSIM_FW_RUN_PENDING:
		cposim_fw_reset(cdb);
		break;
	case CPOSIM_FW_BOOTING:
		back = cposim_fw_boot_end(cdb);
		break;
	default:
		break;
	}
	mutex_unlock(cdb->lock);
	if (back)
		cdb->ops->announce(cdb);
}

/* A header the module takes, for an image of @size bytes. */
static bool cposim_fw_header_ok(struct cposim_cdb *cdb,
				const struct cpo_fw_header *h, u32 size)
{
	u32 len = be32_to_cpu(h->payload_len);

	BUILD_BUG_ON(sizeof(h->magic) != sizeof(CPO_FW_MAGIC));
	BUILD_BUG_ON(sizeof(h->vendor) != CMIS_VENDOR_NAME_LEN);
	BUILD_BUG_ON(sizeof(h->part_number) != CMIS_VENDOR_PN_LEN);
	return !memcmp(h->magic, CPO_FW_MAGIC, sizeof(h->magic)) &&
	       h->format == CPO_FW_FORMAT &&
	       h->header_len == CPO_FW_HEADER_LEN &&
	       be32_to_cpu(h->header_crc) ==
			cposim_fw_crc(h, offsetof(struct cpo_fw_header,
						  header_crc)) &&
	       !memcmp(h->vendor,
		       &cdb->page00[CMIS_VENDOR_NAME - CMIS_UPPER_OFFSET],
		       sizeof(h->vendor)) &&
	       !memcmp(h->part_number,
		       &cdb->page00[CMIS_VENDOR_PN - CMIS_UPPER_OFFSET],
		       sizeof(h->part_number)) &&
	       len && len <= CPO_FW_MAX_PAYLOAD &&
	       size >= CPO_FW_HEADER_LEN && len == size - CPO_FW_HEADER_LEN;
}

static u8 cposim_fw_start(struct cposim_cdb *cdb, const u8 *lpl, u8 lpl_len,
			  struct cposim_cdb_mem *mem)
{
	struct cposim_fw_download *dl = &cdb->dl;
	struct cpo_fw_header h;
	u8 target = !cdb->running;
	u32 len;

	if (lpl_len < CMIS_CDB_START_HEADER + CPO_FW_HEADER_LEN)
		return CMIS_CDB_BAD_PARAM;
	memcpy(&h, &lpl[CMIS_CDB_START_HEADER], sizeof(h));
	if (!cposim_fw_header_ok(cdb, &h,
				 cmis_get_be32(&lpl[CMIS_CDB_START_SIZE])))
		return CMIS_CDB_BAD_PARAM;
	len = be32_to_cpu(h.payload_len);
	/* No memory (or page 9Fh changed under the allocation). */
	if (!mem->spare || mem->spare_len < len)
		return CPOSIM_CDB_NO_REASON;

	if (dl->open)
		cposim_fw_close(cdb, mem);
	*dl = (struct cposim_fw_download){
		.open = true,
		.target = target,
		.image = {
			.major = h.major, .minor = h.minor,
			.build = be16_to_cpu(h.build),
		},
		.len = len,
		.crc = be32_to_cpu(h.payload_crc),
		.buf = mem->spare,
	};
	mem->spare = NULL;
	cdb->image[target].valid = false;	/* being written */
	cposim_fw_render(cdb);
	return CMIS_CDB_OK;
}

/*
 * A block: by 0103h the data follows the address in the LPL, by 0104h it
 * is the EPL, its length in bytes 130..131.
 */
static u8 cposim_fw_write(struct cposim_cdb *cdb, bool epl, const u8 *lpl,
			  u8 lpl_len, struct cposim_cdb_mem *mem)
{
	struct cposim_fw_download *dl = &cdb->dl;
	const u8 *data;
	u32 addr, n;

	if (!dl->open)
		return CMIS_CDB_BAD_STATE;
	if (lpl_len < CMIS_CDB_WRITE_DATA ||
	    (!epl && lpl_len == CMIS_CDB_WRITE_DATA))
		return CMIS_CDB_BAD_PARAM;
	addr = cmis_get_be32(&lpl[CMIS_CDB_WRITE_ADDR]);
	if (epl) {
		n = cmis_get_be16(&cdb->page9f[CMIS_CDB_EPL_LEN -
					       CMIS_UPPER_OFFSET]);
		data = cdb->epl;
		if (!n || n > CMIS_CDB_EPL_MAX)
			return CMIS_CDB_BAD_PARAM;
	} else {
		n = lpl_len - CMIS_CDB_WRITE_DATA;
		data = &lpl[CMIS_CDB_WRITE_DATA];
	}
	if (addr >= dl->len || n > dl->len - addr || addr > dl->written)
		return CMIS_CDB_BAD_PARAM;
	memcpy(&dl->buf[addr], data, n);
	dl->written = max(dl->written, addr + n);
	if (cdb->power_cut && !--cdb->power_cut)
		cposim_fw_power_loss(cdb, mem);
	return CMIS_CDB_OK;
}

static u8 cposim_fw_complete(struct cposim_cdb *cdb,
			     struct cposim_cdb_mem *mem)
{
	struct cposim_fw_download *dl = &cdb->dl;
	bool good;

	if (!dl->open)
		return CMIS_CDB_BAD_STATE;
	good = dl->written == dl->len &&
	       cposim_fw_crc(dl->buf, dl->len) == dl->crc;
	cposim_fw_close(cdb, mem);
	if (!good)
		return CPOSIM_CDB_NO_REASON;
	cdb->image[dl->target] = dl->image;
	cdb->image[dl->target].valid = true;
	cposim_fw_render(cdb);
	return CMIS_CDB_OK;
}

static u8 cposim_fw_run(struct cposim_cdb *cdb, const u8 *lpl, u8 lpl_len)
{
	u16 delay;

	if (lpl_len < CMIS_CDB_RUN_LEN ||
	    lpl[CMIS_CDB_RUN_MODE] != CMIS_CDB_RUN_INACTIVE)
		return CMIS_CDB_BAD_PARAM;
	if (cdb->dl.open || !cdb->image[!cdb->running].valid)
		return CMIS_CDB_BAD_STATE;
	delay = cmis_get_be16(&lpl[CMIS_CDB_RUN_DELAY]);
	cdb->phase = CPOSIM_FW_RUN_PENDING;
	cdb->run_delay = delay;
	cdb->run_seen = false;
	cposim_fw_schedule(cdb, delay + CPOSIM_RUN_UNSEEN_MS);
	return CMIS_CDB_OK;
}

/**
 * cposim_fw_read - the host read lower memory
 * @cdb: the CDB, its lock held
 * @offset: the first byte read
 * @len: bytes read
 *
 * The result of a pending 0109h read from byte 37 starts its delay; with
 * none, the module resets at once, before the host reads anything else,
 * which thus comes from the restarting module.
 */
void cposim_fw_read(struct cposim_cdb *cdb, unsigned int offset, size_t len)
{
	lockdep_assert_held(cdb->lock);
	if (cdb->phase != CPOSIM_FW_RUN_PENDING || cdb->run_seen ||
	    offset > CMIS_CDB_STATUS || offset + len <= CMIS_CDB_STATUS)
		return;
	cdb->run_seen = true;
	if (cdb->run_delay)
		cposim_fw_schedule(cdb, cdb->run_delay);
	else
		cposim_fw_reset(cdb);
}

/**
 * cposim_fw_command - carry out a firmware download command
 * @cdb: the CDB, its lock held
 * @cmd: the command ID
 * @lpl: its payload, page 9Fh from byte 136
 * @lpl_len: payload bytes, at most CMIS_CDB_LPL_MAX
 * @mem: the buffer a start takes, where an ending download leaves its own
 *
 * Return: the result code; CMIS_CDB_UNKNOWN_CMD for a command that is not
 * one of these.
 */
u8 cposim_fw_command(struct cposim_cdb *cdb, u16 cmd, const u8 *lpl,
		     u8 lpl_len, struct cposim_cdb_mem *mem)
{
	lockdep_assert_held(cdb->lock);
	switch (cmd) {
	case CMIS_CDB_FW_START:
	case CMIS_CDB_FW_ABORT:
	case CMIS_CDB_FW_WRITE_LPL:
	case CMIS_CDB_FW_WRITE_EPL:
	case CMIS_CDB_FW_COMPLETE:
	case CMIS_CDB_FW_RUN:
	case CMIS_CDB_FW_COMMIT:
		if (cdb->phase != CPOSIM_FW_IDLE)
			return CMIS_CDB_BAD_STATE;
		break;
	default:
		return CMIS_CDB_UNKNOWN_CMD;
	}

	switch (cmd) {
	case CMIS_CDB_FW_START:
		return cposim_fw_start(cdb, lpl, lpl_len, mem);
	case CMIS_CDB_FW_ABORT:
		if (cdb->dl.open)
			cposim_fw_close(cdb, mem);
		return CMIS_CDB_OK;
	case CMIS_CDB_FW_WRITE_LPL:
		if (!(cdb->write_mech & CMIS_CDB_MECH_LPL))
			return CMIS_CDB_UNKNOWN_CMD;
		return cposim_fw_write(cdb, false, lpl, lpl_len, mem);
	case CMIS_CDB_FW_WRITE_EPL:
		if (!(cdb->write_mech & CMIS_CDB_MECH_EPL))
			return CMIS_CDB_UNKNOWN_CMD;
		return cposim_fw_write(cdb, true, lpl, lpl_len, mem);
	case CMIS_CDB_FW_COMPLETE:
		return cposim_fw_complete(cdb, mem);
	case CMIS_CDB_FW_RUN:
		return cposim_fw_run(cdb, lpl, lpl_len);
	default:	/* CMIS_CDB_FW_COMMIT */
		cdb->committed = cdb->running;
		return CMIS_CDB_OK;
	}
}

/**
 * cposim_fw_start_len - the payload buffer the command in page 9Fh needs
 * @cdb: the CDB, its lock held
 *
 * Return: the payload length of a 0101h whose header the module takes;
 * 0 for any other command.
 */
u32 cposim_fw_start_len(struct cposim_cdb *cdb)
{
	const u8 *lpl = &cdb->page9f[CMIS_CDB_LPL - CMIS_UPPER_OFFSET];
	u8 lpl_len = cdb->page9f[CMIS_CDB_LPL_LEN - CMIS_UPPER_OFFSET];
	struct cpo_fw_header h;

	lockdep_assert_held(cdb->lock);
	if (cmis_get_be16(&cdb->page9f[CMIS_CDB_CMD - CMIS_UPPER_OFFSET]) !=
	    CMIS_CDB_FW_START ||
	    lpl_len < CMIS_CDB_START_HEADER + CPO_FW_HEADER_LEN ||
	    lpl_len > CMIS_CDB_LPL_MAX)
		return 0;
	memcpy(&h, &lpl[CMIS_CDB_START_HEADER], sizeof(h));
	if (!cposim_fw_header_ok(cdb, &h,
				 cmis_get_be32(&lpl[CMIS_CDB_START_SIZE])))
		return 0;
	return be32_to_cpu(h.payload_len);
}

/**
 * cposim_fw_set_hang - the fw_hang knob
 * @cdb: the CDB, its lock held
 * @hang: a new image hangs at boot
 *
 * Clearing it boots a hung module into its committed image.
 */
void cposim_fw_set_hang(struct cposim_cdb *cdb, bool hang)
{
	lockdep_assert_held(cdb->lock);
	cdb->hang = hang;
	if (!hang && cdb->phase == CPOSIM_FW_HUNG) {
		cdb->boot = cdb->committed;
		cdb->trial = false;
		cposim_fw_go_dark(cdb);
	}
}

/**
 * cposim_fw_set_power_cut - the fw_power_cut knob
 * @cdb: the CDB, its lock held
 * @writes: block writes before the power goes, 0 for never
 *
 * A hung module loses its power at once.
 */
void cposim_fw_set_power_cut(struct cposim_cdb *cdb, u32 writes)
{
	lockdep_assert_held(cdb->lock);
	cdb->power_cut = writes;
	if (writes && cdb->phase == CPOSIM_FW_HUNG)
		cposim_fw_power_loss(cdb, NULL);
}

/**
 * cposim_fw_init - no download, no restart
 * @cdb: the CDB, being initialised, its banks set
 *
 * Shows the banks' versions in the owner's map.
 */
void cposim_fw_init(struct cposim_cdb *cdb)
{
	cdb->boot_ms = CPOSIM_FW_BOOT_MS;
	cdb->phase = CPOSIM_FW_IDLE;
	INIT_DELAYED_WORK(&cdb->fw_work, cposim_fw_work);
	cposim_fw_render(cdb);
}
