// SPDX-License-Identifier: GPL-2.0
/*
 * cmis_i2c_fw: the firmware of a CMIS module emulated by the kernel's
 * i2c-stub, for the cmis_i2c selftest. Through /dev/i2c-BUS it loads a
 * CMIS memory image into the stub chip at 50h and then plays the module:
 *
 *   cmis_i2c_fw load BUS [serial=S]        identity, revisions, thresholds,
 *                                          module ready, lanes activated
 *   cmis_i2c_fw step BUS                   one step of the state machines
 *   cmis_i2c_fw settle BUS                 steps until nothing moves
 *   cmis_i2c_fw run BUS SECONDS [MS]       a step every MS ms (default 100)
 *   cmis_i2c_fw set BUS KEY=VALUE...       temp=C vcc=MV los=MASK
 *                                          txfault=MASK (lanes of bank 0)
 *   cmis_i2c_fw get BUS PAGE OFFSET [LEN]  bytes, in hex
 *
 * A step does what a module does on its own: LowPwrRequestSW (lower
 * memory byte 26) moves the module state (byte 3), and in a ready module
 * every lane's data path moves one state towards what DPDeinit and
 * OutputDisableTx (page 10h) ask for, in page 11h; the monitors of page
 * 11h follow. los= and txfault= raise the latched flags of page 11h (and
 * darken the lanes' RX power) for the lanes of the mask; 0 ends them.
 *
 * i2c-stub banks byte accesses on one register, made the page select byte
 * with bank_reg=0x7f bank_start=0x80 bank_end=0xff, so the stub has one
 * page select for every master. Each command puts back the page select it
 * found, so the host's driver finds the page it selected; but an access
 * of the host between this program's select and its restore would reach
 * the wrong page. So a command that touches a page (all but set temp= and
 * set vcc=, which are in lower memory) must run while the host leaves the
 * module alone: the selftest stops its driver's polling around them.
 *
 * Only the lanes of bank 0 are emulated: the stub does not bank on the
 * bank select byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/i2c.h>
#include <linux/i2c-dev.h>

#define MODULE_ADDR		0x50
#define LANES			8

/* The CMIS 5.x bytes used, as kernel/cmis/cmis_regs.h names them. */
#define UPPER			128
#define MODULE_STATE		3
#define   MODULE_STATE_SHIFT	1
#define   INTERRUPT_DEASSERTED	0x01
#define TEMP_MONITOR		14
#define VCC_MONITOR		16
#define MODULE_GLOBAL_CTRL	26
#define   LOW_PWR_REQUEST_SW	0x10
#define ACTIVE_FW_MAJOR		39
#define MEDIA_TYPE		85
#define PAGE_SELECT		127
#define VENDOR_NAME		129
#define VENDOR_PN		148
#define VENDOR_REV		164
#define VENDOR_SN		166
#define DATE_CODE		182
#define INACTIVE_FW_MAJOR	128
#define HW_MAJOR_REV		130
#define TEMP_THRESHOLDS		128
#define VCC_THRESHOLDS		136
#define TX_POWER_THRESHOLDS	176
#define TX_BIAS_THRESHOLDS	184
#define RX_POWER_THRESHOLDS	192
#define DP_DEINIT_LANE		128
#define OUTPUT_DISABLE_TX	130
#define DP_STATE_HOST_LANE	128
#define TX_FAULT_FLAG		135
#define RX_LOS_FLAG		147
#define RX_CDR_LOL_FLAG		148
#define OPTICAL_POWER_TX	154
#define LASER_BIAS_TX		170
#define OPTICAL_POWER_RX	186

enum { MOD_LOW_PWR = 1, MOD_PWR_UP, MOD_READY, MOD_PWR_DN, MOD_FAULT };
enum { DP_DEACTIVATED = 1, DP_INIT, DP_DEINIT, DP_ACTIVATED, DP_TX_TURN_ON,
       DP_TX_TURN_OFF, DP_INITIALIZED };

/* Monitors of a lit lane: 1.0 mW out, 40 mA bias, 0.5 mW in. */
#define TX_POWER		10000	/* 0.1 uW */
#define TX_BIAS			20000	/* 2 uA */
#define RX_POWER		5000	/* 0.1 uW */

static int fd = -1;

static int smbus(char rw, uint8_t cmd, int size, union i2c_smbus_data *data)
{
	struct i2c_smbus_ioctl_data args = {
		.read_write = rw, .command = cmd, .size = size, .data = data,
	};

	return ioctl(fd, I2C_SMBUS, &args);
}

static void die(const char *what)
{
	fprintf(stderr, "cmis_i2c_fw: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint8_t rd(uint8_t off)
{
	union i2c_smbus_data d;

	if (smbus(I2C_SMBUS_READ, off, I2C_SMBUS_BYTE_DATA, &d))
		die("read");
	return d.byte;
}

static void wr(uint8_t off, uint8_t v)
{
	union i2c_smbus_data d = { .byte = v };

	if (smbus(I2C_SMBUS_WRITE, off, I2C_SMBUS_BYTE_DATA, &d))
		die("write");
}

static void wr16(uint8_t off, uint16_t v)
{
	wr(off, v >> 8);
	wr(off + 1, v & 0xff);
}

/* Page select as the host left it; put back by page_restore(). */
static int host_page = -1;

static void page(uint8_t p)
{
	if (host_page < 0)
		host_page = rd(PAGE_SELECT);
	wr(PAGE_SELECT, p);
}

static void page_restore(void)
{
	if (host_page >= 0)
		wr(PAGE_SELECT, host_page);
	host_page = -1;
}

static void put_string(uint8_t off, int len, const char *s)
{
	int i, n = strlen(s);

	for (i = 0; i < len; i++)
		wr(off + i, i < n ? s[i] : ' ');
}

static void fill(uint8_t off, int len, uint8_t v)
{
	while (len--)
		wr(off++, v);
}

/* Page 02h: high alarm, low alarm, high warning, low warning. */
static void thresholds(uint8_t off, uint16_t ha, uint16_t la, uint16_t hw,
		       uint16_t lw)
{
	wr16(off, ha);
	wr16(off + 2, la);
	wr16(off + 4, hw);
	wr16(off + 6, lw);
}

#define DEGC(c)	((uint16_t)((c) * 256))

static void lane_monitors(int lane, bool lit, bool rx_dark)
{
	wr16(OPTICAL_POWER_TX + 2 * lane, lit ? TX_POWER + 100 * lane : 0);
	wr16(LASER_BIAS_TX + 2 * lane, lit ? TX_BIAS + 50 * lane : 0);
	wr16(OPTICAL_POWER_RX + 2 * lane, lit && !rx_dark ? RX_POWER + 10 * lane : 0);
}

static void load(const char *serial)
{
	int i;

	/* Lower memory: an OSFP module, CMIS 5.2, paged, ready. */
	fill(0, UPPER - 2, 0);
	wr(0, 0x19);
	wr(1, 0x52);
	wr(MODULE_STATE, MOD_READY << MODULE_STATE_SHIFT | INTERRUPT_DEASSERTED);
	wr16(TEMP_MONITOR, DEGC(35));
	wr16(VCC_MONITOR, 33000);
	wr(ACTIVE_FW_MAJOR, 3);
	wr(ACTIVE_FW_MAJOR + 1, 1);
	wr(MEDIA_TYPE, 0x02);		/* SMF */

	page(0x00);
	fill(UPPER, 128, 0);
	wr(UPPER, 0x19);
	put_string(VENDOR_NAME, 16, "ACME OPTICS");
	put_string(VENDOR_PN, 16, "OE-I2C-8X200G");
	put_string(VENDOR_REV, 2, "B1");
	put_string(VENDOR_SN, 16, serial);
	put_string(DATE_CODE, 8, "260102");

	page(0x01);
	fill(UPPER, 128, 0);
	wr(INACTIVE_FW_MAJOR, 3);
	wr(INACTIVE_FW_MAJOR + 1, 0);
	wr(HW_MAJOR_REV, 2);
	wr(HW_MAJOR_REV + 1, 1);	/* no VDM advertised (byte 142) */

	page(0x02);
	fill(UPPER, 128, 0);
	thresholds(TEMP_THRESHOLDS, DEGC(80), DEGC(-5), DEGC(75), DEGC(0));
	thresholds(VCC_THRESHOLDS, 36300, 29700, 34650, 31350);
	thresholds(TX_POWER_THRESHOLDS, 20000, 4000, 16000, 5000);
	thresholds(TX_BIAS_THRESHOLDS, 40000, 5000, 35000, 7500);
	thresholds(RX_POWER_THRESHOLDS, 20000, 400, 16000, 500);

	page(0x10);
	fill(UPPER, 128, 0);		/* every lane up, transmitters on */

	page(0x11);
	fill(UPPER, 128, 0);
	for (i = 0; i < LANES / 2; i++)
		wr(DP_STATE_HOST_LANE + i, DP_ACTIVATED << 4 | DP_ACTIVATED);
	for (i = 0; i < LANES; i++)
		lane_monitors(i, true, false);
	page_restore();
}

static int module_next(int state, bool low)
{
	switch (state) {
	case MOD_READY:
		return low ? MOD_PWR_DN : MOD_READY;
	case MOD_PWR_DN:
		return MOD_LOW_PWR;
	case MOD_LOW_PWR:
		return low ? MOD_LOW_PWR : MOD_PWR_UP;
	case MOD_PWR_UP:
		return MOD_READY;
	default:
		return state;
	}
}

/* As cpo_sim's lanes: transient states complete, stable ones follow page 10h. */
static int lane_next(int state, bool deinit, bool tx_off)
{
	switch (state) {
	case DP_DEACTIVATED:
		return deinit ? DP_DEACTIVATED : DP_INIT;
	case DP_INIT:
	case DP_TX_TURN_OFF:
		return DP_INITIALIZED;
	case DP_DEINIT:
		return DP_DEACTIVATED;
	case DP_INITIALIZED:
		return deinit ? DP_DEINIT : tx_off ? DP_INITIALIZED : DP_TX_TURN_ON;
	case DP_TX_TURN_ON:
		return DP_ACTIVATED;
	case DP_ACTIVATED:
		return deinit ? DP_DEINIT : tx_off ? DP_TX_TURN_OFF : DP_ACTIVATED;
	default:
		return DP_DEACTIVATED;
	}
}

/* One step; returns whether anything moved. */
static bool step(void)
{
	uint8_t ms = rd(MODULE_STATE), dp[LANES / 2], ndp[LANES / 2];
	int state = ms >> MODULE_STATE_SHIFT & 7;
	bool low = rd(MODULE_GLOBAL_CTRL) & LOW_PWR_REQUEST_SW;
	int next = module_next(state, low);
	uint8_t deinit, tx_off, los;
	bool moved = false;
	int i, s;

	page(0x11);
	for (i = 0; i < LANES / 2; i++)
		dp[i] = rd(DP_STATE_HOST_LANE + i);
	memcpy(ndp, dp, sizeof(ndp));
	if (next != state) {
		wr(MODULE_STATE, (ms & ~0x0e) | next << MODULE_STATE_SHIFT);
		/* Power-down takes the data paths down. */
		for (i = 0; i < LANES; i++) {
			s = ndp[i / 2] >> (i % 2 * 4) & 0xf;
			if (next == MOD_LOW_PWR)
				s = DP_DEACTIVATED;
			else if (next == MOD_PWR_DN && s != DP_DEACTIVATED)
				s = DP_DEINIT;
			ndp[i / 2] = (ndp[i / 2] & ~(0xf << (i % 2 * 4))) |
				     s << (i % 2 * 4);
		}
		moved = true;
	} else if (state == MOD_READY) {
		page(0x10);
		deinit = rd(DP_DEINIT_LANE);
		tx_off = rd(OUTPUT_DISABLE_TX);
		for (i = 0; i < LANES; i++) {
			s = dp[i / 2] >> (i % 2 * 4) & 0xf;
			s = lane_next(s, deinit >> i & 1, tx_off >> i & 1);
			ndp[i / 2] = (ndp[i / 2] & ~(0xf << (i % 2 * 4))) |
				     s << (i % 2 * 4);
		}
	}
	page(0x11);
	for (i = 0; i < LANES / 2; i++) {
		if (ndp[i] == dp[i])
			continue;
		wr(DP_STATE_HOST_LANE + i, ndp[i]);
		moved = true;
	}
	if (moved) {
		los = rd(RX_LOS_FLAG);
		for (i = 0; i < LANES; i++)
			lane_monitors(i, (ndp[i / 2] >> (i % 2 * 4) & 0xf) ==
				      DP_ACTIVATED, los >> i & 1);
	}
	page_restore();
	return moved;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_flags(uint8_t mask, bool los)
{
	uint8_t dp[LANES / 2];
	int i;

	page(0x11);
	if (los) {
		wr(RX_LOS_FLAG, mask);
		wr(RX_CDR_LOL_FLAG, mask);
		for (i = 0; i < LANES / 2; i++)
			dp[i] = rd(DP_STATE_HOST_LANE + i);
		for (i = 0; i < LANES; i++)
			lane_monitors(i, (dp[i / 2] >> (i % 2 * 4) & 0xf) ==
				      DP_ACTIVATED, mask >> i & 1);
	} else {
		wr(TX_FAULT_FLAG, mask);
	}
	page_restore();
}

static int set(int argc, char **argv)
{
	char *end;
	long v;
	int i;

	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq)
			goto bad;
		errno = 0;
		v = strtol(eq + 1, &end, 0);
		if (errno || end == eq + 1 || *end)
			goto bad;
		*eq = '\0';
		if (!strcmp(argv[i], "temp") && v >= -128 && v <= 127)
			wr16(TEMP_MONITOR, DEGC(v));
		else if (!strcmp(argv[i], "vcc") && v >= 0 && v <= 6553)
			wr16(VCC_MONITOR, v * 10);
		else if (!strcmp(argv[i], "los") && v >= 0 && v <= 0xff)
			set_flags(v, true);
		else if (!strcmp(argv[i], "txfault") && v >= 0 && v <= 0xff)
			set_flags(v, false);
		else
			goto bad;
	}
	return 0;
bad:
	fprintf(stderr, "cmis_i2c_fw: set: bad '%s' (temp=C vcc=MV los=MASK txfault=MASK)\n",
		argv[i]);
	return 2;
}

static int get(int argc, char **argv)
{
	long pg, off, len = 1, i;

	if (argc < 2)
		return 2;
	pg = strtol(argv[0], NULL, 0);
	off = strtol(argv[1], NULL, 0);
	if (argc > 2)
		len = strtol(argv[2], NULL, 0);
	if (pg < 0 || pg > 0xff || off < 0 || len < 1 || off + len > 256)
		return 2;
	if (off + len > UPPER)
		page(pg);
	for (i = 0; i < len; i++)
		printf("%s0x%02x", i ? " " : "", rd(off + i));
	printf("\n");
	page_restore();
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: cmis_i2c_fw load BUS [serial=S]\n"
		"       cmis_i2c_fw step|settle BUS\n"
		"       cmis_i2c_fw run BUS SECONDS [MS]\n"
		"       cmis_i2c_fw set BUS temp=C|vcc=MV|los=MASK|txfault=MASK...\n"
		"       cmis_i2c_fw get BUS PAGE OFFSET [LEN]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *cmd;
	char dev[32];
	int i;

	if (argc < 3)
		return usage();
	cmd = argv[1];
	snprintf(dev, sizeof(dev), "/dev/i2c-%s", argv[2]);
	fd = open(dev, O_RDWR);
	if (fd < 0)
		die(dev);
	/* FORCE: the cpo driver is bound at the address. */
	if (ioctl(fd, I2C_SLAVE_FORCE, MODULE_ADDR))
		die("I2C_SLAVE_FORCE");

	if (!strcmp(cmd, "load")) {
		const char *serial = "SN0001";

		if (argc > 3 && !strncmp(argv[3], "serial=", 7))
			serial = argv[3] + 7;
		load(serial);
		return 0;
	}
	if (!strcmp(cmd, "step")) {
		printf("%s\n", step() ? "moved" : "settled");
		return 0;
	}
	if (!strcmp(cmd, "settle")) {
		for (i = 0; i < 32 && step(); i++)
			;
		printf("settled after %d steps\n", i);
		return i < 32 ? 0 : 1;
	}
	if (!strcmp(cmd, "run") && argc >= 4) {
		double end = now() + atof(argv[3]);
		int ms = argc > 4 ? atoi(argv[4]) : 100;

		while (now() < end) {
			step();
			usleep(ms * 1000);
		}
		return 0;
	}
	if (!strcmp(cmd, "set"))
		return set(argc - 3, argv + 3);
	if (!strcmp(cmd, "get"))
		return get(argc - 3, argv + 3);
	return usage();
}
