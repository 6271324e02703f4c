// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: the timing of the bus between the host and a simulated engine
 * or laser source. Real optics sit behind I2C (100 kHz to 1 MHz) or an MCU
 * mailbox, and a whole page takes milliseconds to read; with the model on,
 * the transports take that long, so benchmarks see what a board would.
 *
 * One access of the CMIS layer is one I2C transaction: a read is START,
 * address byte, register offset, repeated START, address byte, the data
 * and STOP; a write is START, address byte, register offset, the data and
 * STOP. Each byte costs 9 bit times (8 and the ACK), each START, repeated
 * START or STOP about one. An access to upper memory first writes the bank
 * and page select bytes (7Eh, 7Fh) when it needs another bank or page than
 * the last one selected. A stall (clock stretching, an MCU's latency) adds
 * its ms to each completed access (lowering the knob ends a stall under
 * way); a NACK costs the address byte and fails
 * with -ENXIO, as the kernel's I2C core reports one; a timeout costs the
 * adapter's timeout (SMBus tTIMEOUT, 25 ms) and fails with -ETIMEDOUT, and
 * the page selected is then unknown. Failed accesses leave the memory map
 * alone: the transports touch it only once the bus is done.
 *
 * A transport sleeps for the cost with the bus's own lock held, as the bus
 * is serial; the engine's lock is not held, so the state machines, the
 * knobs and the physics go on meanwhile. With the model off (the default)
 * an access costs nothing and takes no lock; it is still counted.
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/random.h>
#include <linux/timekeeping.h>
#include "cposim.h"

/* START, repeated START and STOP: about one bit time each. */
#define CPOSIM_BUS_COND_BITS	1
#define CPOSIM_BUS_BYTE_BITS	9	/* 8 data bits and the ACK */
/* Bank and page select: both bytes in one write at 7Eh. */
#define CPOSIM_BUS_SELECT_LEN	2
/* A stall sleeps in steps of this, checking its knob in between. */
#define CPOSIM_BUS_STALL_STEP_NS	(50 * NSEC_PER_MSEC)
/* Below this, usleep_range(); msleep() above (timers-howto.rst). */
#define CPOSIM_BUS_USLEEP_MAX_NS	(20 * NSEC_PER_MSEC)

/* Bit times of a transaction of @len data bytes. */
static u64 cposim_bus_bits(size_t len, bool is_write)
{
	/* address, offset; a read adds its repeated START and address */
	if (is_write)
		return 2 * CPOSIM_BUS_COND_BITS +
		       (u64)(2 + len) * CPOSIM_BUS_BYTE_BITS;
	return 3 * CPOSIM_BUS_COND_BITS +
	       (u64)(3 + len) * CPOSIM_BUS_BYTE_BITS;
}

/* One bit time at 1 kHz is 1 ms. */
static u64 cposim_bus_bits_ns(u32 khz, u64 bits)
{
	return khz ? div_u64(bits * NSEC_PER_MSEC, khz) : 0;
}

/**
 * cposim_bus_cost_ns - the time one access occupies the bus
 * @khz: the bus clock in kHz; 0 for no delay
 * @len: data bytes, all in one transaction
 * @is_write: a write (no repeated START and second address byte)
 * @page_select: a bank and page select write goes first
 *
 * Context: any.
 * Return: the cost in ns, 0 when @khz is 0.
 */
u64 cposim_bus_cost_ns(u32 khz, size_t len, bool is_write, bool page_select)
{
	u64 bits = cposim_bus_bits(len, is_write);

	if (page_select)
		bits += cposim_bus_bits(CPOSIM_BUS_SELECT_LEN, true);
	return cposim_bus_bits_ns(khz, bits);
}

/**
 * cposim_bus_sel - the bank and page an access needs selected
 * @bank: the bank asked for
 * @page: the page asked for
 * @offset: first byte
 * @len: number of bytes
 *
 * Context: any.
 * Return: CPOSIM_BUS_SEL_NONE when the access stays in lower memory, where
 * bank and page do not matter; else a value naming @bank and @page.
 */
u32 cposim_bus_sel(u8 bank, u8 page, u8 offset, size_t len)
{
	if (offset + len <= CMIS_UPPER_OFFSET)
		return CPOSIM_BUS_SEL_NONE;
	return CPOSIM_BUS_SEL_VALID | bank << 8 | page;
}

/**
 * cposim_bus_needs_select - whether an access first selects bank and page
 * @last: what cposim_bus_sel() gave for the last selection, or
 *	CPOSIM_BUS_SEL_NONE when unknown
 * @want: what cposim_bus_sel() gives for the access
 *
 * Context: any.
 * Return: true when a page select write is due.
 */
bool cposim_bus_needs_select(u32 last, u32 want)
{
	return want != CPOSIM_BUS_SEL_NONE && want != last;
}

/**
 * cposim_bus_khz_valid - a bus clock the model takes
 * @khz: kHz
 *
 * Context: any.
 * Return: true for 0 (no delay) or CPOSIM_BUS_MIN_KHZ..CPOSIM_BUS_MAX_KHZ.
 */
bool cposim_bus_khz_valid(u64 khz)
{
	return !khz || (khz >= CPOSIM_BUS_MIN_KHZ && khz <= CPOSIM_BUS_MAX_KHZ);
}

/**
 * cposim_bus_model_init - set up the bus of an engine or a laser source
 * @bus: the bus, zeroed
 * @cfg: clock and stall new_device asked for
 *
 * Context: process context.
 */
void cposim_bus_model_init(struct cposim_bus_model *bus,
			   const struct cposim_bus_config *cfg)
{
	mutex_init(&bus->bus_lock);
	bus->khz = cfg->khz;
	bus->stall_ms = cfg->stall_ms;
	bus->sel = CPOSIM_BUS_SEL_NONE;
}

/**
 * cposim_bus_model_destroy - the bus's owner is being freed
 * @bus: the bus, no access in progress
 *
 * Context: process context.
 */
void cposim_bus_model_destroy(struct cposim_bus_model *bus)
{
	mutex_destroy(&bus->bus_lock);
}

/* An event of probability @ppm per million. */
static bool cposim_bus_draw(u32 ppm)
{
	/* Scaled rather than taken modulo: no bias, and any kernel has it. */
	return ppm &&
	       (u32)(((u64)get_random_u32() * CPOSIM_BUS_PPM) >> 32) < ppm;
}

static void cposim_bus_sleep(u64 ns)
{
	unsigned long us = div_u64(ns, NSEC_PER_USEC);

	if (!us)
		return;
	if (ns < CPOSIM_BUS_USLEEP_MAX_NS)
		usleep_range(us, us + us / 8 + 1);
	else
		msleep(DIV_ROUND_UP_ULL(ns, NSEC_PER_MSEC));
}

/*
 * The stall of a completed access, in steps, so that lowering the knob
 * (to 0: the module answers again) ends a stall under way. Returns the
 * time stalled.
 */
static u64 cposim_bus_stall(struct cposim_bus_model *bus)
{
	u64 start = ktime_get_ns(), waited = 0, want;

	for (;;) {
		want = (u64)READ_ONCE(bus->stall_ms) * NSEC_PER_MSEC;
		if (waited >= want)
			return waited;
		cposim_bus_sleep(min_t(u64, want - waited,
				       CPOSIM_BUS_STALL_STEP_NS));
		waited = ktime_get_ns() - start;
	}
}

/* A completed access: select the page if need be, and count it. */
static bool cposim_bus_complete(struct cposim_bus_model *bus, u32 want, size_t len)
{
	bool select = false;

	/* Exchanged, not compared: the fast path takes no lock. */
	if (want != CPOSIM_BUS_SEL_NONE)
		select = cposim_bus_needs_select(xchg(&bus->sel, want), want);
	if (select)
		atomic64_inc(&bus->page_selects);
	atomic64_inc(&bus->transactions);
	atomic64_add(len, &bus->bytes);
	return select;
}

/**
 * cposim_bus_xfer - one access of a transport over the modelled bus
 * @bus: the bus of the engine or laser source
 * @bank: the bank asked for
 * @page: the page asked for
 * @offset: first byte
 * @len: number of bytes
 * @is_write: a write
 *
 * Takes the time the access costs, sleeping with the bus's lock held, and
 * counts it. The caller reads or writes the memory map only on success.
 *
 * Context: process context, no simulator lock held; may sleep.
 * Return: 0, -ENXIO for a NACK or -ETIMEDOUT for a timeout.
 */
int cposim_bus_xfer(struct cposim_bus_model *bus, u8 bank, u8 page, u8 offset,
		    size_t len, bool is_write)
{
	u32 want = cposim_bus_sel(bank, page, offset, len);
	u32 khz = READ_ONCE(bus->khz);
	u32 stall_ms = READ_ONCE(bus->stall_ms);
	u32 nack_ppm = READ_ONCE(bus->nack_ppm);
	u32 timeout_ppm = READ_ONCE(bus->timeout_ppm);
	bool select;
	int err = 0;
	u64 ns;

	if (!khz && !stall_ms && !nack_ppm && !timeout_ppm) {
		cposim_bus_complete(bus, want, len);
		return 0;
	}

	mutex_lock(&bus->bus_lock);
	if (cposim_bus_draw(nack_ppm)) {
		/* START, the address byte nobody ACKs, STOP */
		ns = cposim_bus_bits_ns(khz, 2 * CPOSIM_BUS_COND_BITS +
					     CPOSIM_BUS_BYTE_BITS);
		atomic64_inc(&bus->transactions);
		atomic64_inc(&bus->nacks);
		err = -ENXIO;
	} else if (cposim_bus_draw(timeout_ppm)) {
		ns = CPOSIM_BUS_TIMEOUT_MS * NSEC_PER_MSEC;
		/* Whether the page select went through is unknown. */
		WRITE_ONCE(bus->sel, CPOSIM_BUS_SEL_NONE);
		atomic64_inc(&bus->transactions);
		atomic64_inc(&bus->timeouts);
		err = -ETIMEDOUT;
	} else {
		select = cposim_bus_complete(bus, want, len);
		ns = cposim_bus_cost_ns(khz, len, is_write, select);
	}
	cposim_bus_sleep(ns);
	if (!err && stall_ms)
		ns += cposim_bus_stall(bus);
	atomic64_add(ns, &bus->busy_ns);
	mutex_unlock(&bus->bus_lock);
	return err;
}
