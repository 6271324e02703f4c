// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_cmis_i2c: a CMIS optical engine or module at address 50h of an I2C
 * bus, managed through the kernel's I2C subsystem. The driver supplies the
 * CMIS layer's transport (byte access to a bank and page of the module's
 * memory map) and the board facts the memory map does not hold; the CMIS
 * layer does the rest.
 *
 * Paging: upper memory (bytes 128..255) shows the page selected by the
 * bank select (byte 126) and page select (byte 127) bytes. The driver
 * remembers what it last wrote there and writes them only when an access
 * needs another bank or page; after an error it forgets, and selects again
 * on the next access. The bus segment stays locked from the select to the
 * end of the access, so no other access on the segment comes in between.
 *
 * Errors are the I2C core's, unchanged (-ENXIO for a NACK, -ETIMEDOUT,
 * -EAGAIN for a lost arbitration): retrying is the CMIS layer's business.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/i2c.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/property.h>
#include <linux/string.h>
#include <linux/version.h>
#include <linux/cpo_cmis.h>
#include "../cmis/cmis_regs.h"

/* How the module is read: one transfer per chunk, or SMBus. */
enum cpo_cmis_i2c_access {
	CPO_CMIS_I2C_PLAIN,	/* I2C_FUNC_I2C: offset write, then a read */
	CPO_CMIS_I2C_BLOCK,	/* SMBus I2C block reads, 32 bytes each */
	CPO_CMIS_I2C_BYTE,	/* SMBus byte reads */
};

static const char * const cpo_cmis_i2c_access_names[] = {
	[CPO_CMIS_I2C_PLAIN] = "I2C",
	[CPO_CMIS_I2C_BLOCK] = "SMBus I2C block",
	[CPO_CMIS_I2C_BYTE] = "SMBus byte",
};

/* CMIS lets the host write up to 8 bytes in one transaction. */
#define CPO_CMIS_I2C_MAX_WRITE	8

/**
 * struct cpo_cmis_i2c - one CMIS module on an I2C bus
 * @client: the I2C device
 * @access: how reads (and, but for plain I2C, writes) are done
 * @max_read: bytes per plain I2C read
 * @lock: guards the page cache; taken before the bus segment's lock
 * @sel_valid: @bank and @page are what the module's select bytes hold
 * @bank: the bank select byte last written
 * @page: the page select byte last written
 * @ce: the registered CMIS engine
 * @board: board facts passed at registration
 * @location: storage of @board.location
 */
struct cpo_cmis_i2c {
	struct i2c_client *client;
	enum cpo_cmis_i2c_access access;
	u16 max_read;
	struct mutex lock;	/* see above */
	bool sel_valid;
	u8 bank;
	u8 page;
	struct cmis_engine *ce;
	struct cmis_board_info board;
	char location[32];
};

/*
 * Board facts for a device without firmware properties (board code
 * without them, or new_device); read at probe. Writable, so that the
 * next device made gets other values.
 */
static char *engine_type;
module_param(engine_type, charp, 0644);
MODULE_PARM_DESC(engine_type,
		 "Packaging, when neither the device name nor cpo,engine-type says: cpo (default), npo or lpo");

static char *location;
module_param(location, charp, 0644);
MODULE_PARM_DESC(location,
		 "Where the engine sits, when cpo,location does not say (default: i2c-<bus>/0x<address>)");

static unsigned int lanes = CMIS_LANES_PER_BANK;
module_param(lanes, uint, 0644);
MODULE_PARM_DESC(lanes, "Lanes wired, when cpo,lanes does not say: 1..256 (default 8)");

static unsigned int lane_rate_mbps = 200000;
module_param(lane_rate_mbps, uint, 0644);
MODULE_PARM_DESC(lane_rate_mbps,
		 "Signalling rate of a lane in Mb/s, when cpo,lane-rate-mbps does not say (default 200000)");

static bool byte_access;
module_param(byte_access, bool, 0644);
MODULE_PARM_DESC(byte_access,
		 "Read with SMBus byte reads even when the adapter can do better, for devices probed from now on (as cpo,byte-access)");

/* ------------------------------------------------------------ transport */

/* Write @len bytes at @offset; the bus segment locked. */
static int cpo_cmis_i2c_raw_write(struct cpo_cmis_i2c *ci, u8 offset,
				  const u8 *buf, size_t len)
{
	struct i2c_client *client = ci->client;
	u8 msg_buf[1 + CPO_CMIS_I2C_MAX_WRITE];
	union i2c_smbus_data data;
	struct i2c_msg msg;
	size_t n;
	int ret;

	while (len) {
		if (ci->access == CPO_CMIS_I2C_PLAIN) {
			n = min_t(size_t, len, CPO_CMIS_I2C_MAX_WRITE);
			msg_buf[0] = offset;
			memcpy(&msg_buf[1], buf, n);
			msg.addr = client->addr;
			msg.flags = client->flags & I2C_M_TEN;
			msg.len = 1 + n;
			msg.buf = msg_buf;
			ret = __i2c_transfer(client->adapter, &msg, 1);
			if (ret == 1)
				ret = 0;
			else if (ret >= 0)
				ret = -EIO;
		} else {
			n = 1;
			data.byte = *buf;
			ret = __i2c_smbus_xfer(client->adapter, client->addr,
					       client->flags, I2C_SMBUS_WRITE,
					       offset, I2C_SMBUS_BYTE_DATA,
					       &data);
		}
		if (ret < 0)
			return ret;
		offset += n;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Read @len bytes at @offset; the bus segment locked. */
static int cpo_cmis_i2c_raw_read(struct cpo_cmis_i2c *ci, u8 offset, u8 *buf,
				 size_t len)
{
	struct i2c_client *client = ci->client;
	union i2c_smbus_data data;
	struct i2c_msg msgs[2];
	size_t n;
	int ret;

	while (len) {
		switch (ci->access) {
		case CPO_CMIS_I2C_PLAIN:
			n = min_t(size_t, len, ci->max_read);
			msgs[0].addr = client->addr;
			msgs[0].flags = client->flags & I2C_M_TEN;
			msgs[0].len = 1;
			msgs[0].buf = &offset;
			msgs[1].addr = client->addr;
			msgs[1].flags = (client->flags & I2C_M_TEN) | I2C_M_RD;
			msgs[1].len = n;
			msgs[1].buf = buf;
			ret = __i2c_transfer(client->adapter, msgs, 2);
			if (ret == 2)
				ret = 0;
			else if (ret >= 0)
				ret = -EIO;
			break;
		case CPO_CMIS_I2C_BLOCK:
			n = min_t(size_t, len, I2C_SMBUS_BLOCK_MAX);
			data.block[0] = n;
			ret = __i2c_smbus_xfer(client->adapter, client->addr,
					       client->flags, I2C_SMBUS_READ,
					       offset, I2C_SMBUS_I2C_BLOCK_DATA,
					       &data);
			if (!ret)
				memcpy(buf, &data.block[1], n);
			break;
		default:
			n = 1;
			ret = __i2c_smbus_xfer(client->adapter, client->addr,
					       client->flags, I2C_SMBUS_READ,
					       offset, I2C_SMBUS_BYTE_DATA,
					       &data);
			if (!ret)
				*buf = data.byte;
			break;
		}
		if (ret < 0)
			return ret;
		offset += n;
		buf += n;
		len -= n;
	}
	return 0;
}

/*
 * Make @bank and @page the module's upper memory; the bus segment locked.
 * A new bank takes effect with the page select byte (CMIS), so both are
 * written, in one transaction when the bus allows.
 */
static int cpo_cmis_i2c_select(struct cpo_cmis_i2c *ci, u8 bank, u8 page)
{
	u8 sel[2] = { bank, page };
	int err;

	if (ci->sel_valid && ci->bank == bank && ci->page == page)
		return 0;
	if (!ci->sel_valid || ci->bank != bank)
		err = cpo_cmis_i2c_raw_write(ci, CMIS_BANK_SELECT, sel, 2);
	else
		err = cpo_cmis_i2c_raw_write(ci, CMIS_PAGE_SELECT, &page, 1);
	if (err)
		return err;
	ci->sel_valid = true;
	ci->bank = bank;
	ci->page = page;
	return 0;
}

static int cpo_cmis_i2c_check(u8 offset, size_t len)
{
	if (!len || offset + len > CMIS_UPPER_OFFSET + CMIS_PAGE_SIZE)
		return -EINVAL;
	return 0;
}

/* Lock the page cache and the bus segment; select when upper memory is hit. */
static int cpo_cmis_i2c_begin(struct cpo_cmis_i2c *ci, u8 bank, u8 page,
			      u8 offset, size_t len)
{
	int err = 0;

	mutex_lock(&ci->lock);
	i2c_lock_bus(ci->client->adapter, I2C_LOCK_SEGMENT);
	if (offset + len > CMIS_UPPER_OFFSET)
		err = cpo_cmis_i2c_select(ci, bank, page);
	return err;
}

static int cpo_cmis_i2c_end(struct cpo_cmis_i2c *ci, int err)
{
	/* The select bytes may hold anything after a failed access. */
	if (err)
		ci->sel_valid = false;
	i2c_unlock_bus(ci->client->adapter, I2C_LOCK_SEGMENT);
	mutex_unlock(&ci->lock);
	return err;
}

static int cpo_cmis_i2c_read(void *ctx, u8 bank, u8 page, u8 offset, u8 *buf,
			     size_t len)
{
	struct cpo_cmis_i2c *ci = ctx;
	int err;

	err = cpo_cmis_i2c_check(offset, len);
	if (err)
		return err;
	err = cpo_cmis_i2c_begin(ci, bank, page, offset, len);
	if (!err)
		err = cpo_cmis_i2c_raw_read(ci, offset, buf, len);
	return cpo_cmis_i2c_end(ci, err);
}

static int cpo_cmis_i2c_write(void *ctx, u8 bank, u8 page, u8 offset,
			      const u8 *buf, size_t len)
{
	struct cpo_cmis_i2c *ci = ctx;
	int err;

	err = cpo_cmis_i2c_check(offset, len);
	if (err)
		return err;
	err = cpo_cmis_i2c_begin(ci, bank, page, offset, len);
	if (!err)
		err = cpo_cmis_i2c_raw_write(ci, offset, buf, len);
	return cpo_cmis_i2c_end(ci, err);
}

static const struct cmis_transport_ops cpo_cmis_i2c_transport = {
	.read = cpo_cmis_i2c_read,
	.write = cpo_cmis_i2c_write,
};

/* ------------------------------------------------------------ probe */

static int cpo_cmis_i2c_parse_type(struct device *dev, const char *what,
				   const char *s, enum cpo_engine_type *type)
{
	if (sysfs_streq(s, "cpo")) {
		*type = CPO_ENGINE_TYPE_CPO;
	} else if (sysfs_streq(s, "npo")) {
		*type = CPO_ENGINE_TYPE_NPO;
	} else if (sysfs_streq(s, "lpo")) {
		*type = CPO_ENGINE_TYPE_LPO;
	} else {
		dev_err(dev, "%s: '%s' is not cpo, npo or lpo\n", what, s);
		return -EINVAL;
	}
	return 0;
}

/*
 * A string parameter, without surrounding white space ("echo" adds a
 * newline); "" when unset. -E2BIG when it does not fit @size.
 */
static ssize_t cpo_cmis_i2c_param_str(char *dst, size_t size,
				      char * const *param)
{
	char buf[64];
	ssize_t n = 0;

	kernel_param_lock(THIS_MODULE);
	if (*param)
		n = strscpy(buf, *param, sizeof(buf));
	kernel_param_unlock(THIS_MODULE);
	if (n < 0)
		return n;
	return strscpy(dst, strim(buf), size);
}

/* Engine type: property, else the device name or compatible, else the parameter. */
static int cpo_cmis_i2c_board_type(struct cpo_cmis_i2c *ci)
{
	struct device *dev = &ci->client->dev;
	uintptr_t match = (uintptr_t)i2c_get_match_data(ci->client);
	char param[16];
	const char *s;
	ssize_t n;

	if (!device_property_read_string(dev, "cpo,engine-type", &s))
		return cpo_cmis_i2c_parse_type(dev, "cpo,engine-type", s,
					       &ci->board.type);
	if (match) {
		ci->board.type = match;
		return 0;
	}
	n = cpo_cmis_i2c_param_str(param, sizeof(param), &engine_type);
	if (!n)
		strscpy(param, "cpo", sizeof(param));
	else if (n < 0)
		strscpy(param, "(too long)", sizeof(param));
	return cpo_cmis_i2c_parse_type(dev, "engine_type", param,
				       &ci->board.type);
}

static int cpo_cmis_i2c_board_location(struct cpo_cmis_i2c *ci)
{
	struct i2c_client *client = ci->client;
	struct device *dev = &client->dev;
	const char *what = "cpo,location";
	const char *s;
	ssize_t n;

	if (!device_property_read_string(dev, what, &s)) {
		n = strscpy(ci->location, s, sizeof(ci->location));
	} else {
		what = "location";
		n = cpo_cmis_i2c_param_str(ci->location, sizeof(ci->location),
					   &location);
		/* "i2c-<int>/0x<3 hex digits>" always fits */
		if (!n)
			n = snprintf(ci->location, sizeof(ci->location),
				     "i2c-%d/0x%02x",
				     i2c_adapter_id(client->adapter),
				     client->addr);
	}
	if (n <= 0) {
		dev_err(dev, "%s: empty or longer than %zu characters\n", what,
			sizeof(ci->location) - 1);
		return -EINVAL;
	}
	ci->board.location = ci->location;
	return 0;
}

/* A u32 from property @prop, else from parameter @param; in @min..@max. */
static int cpo_cmis_i2c_board_u32(struct device *dev, const char *prop,
				  const char *param, unsigned int param_val,
				  u32 min, u32 max, u32 *val)
{
	const char *what = prop;

	if (device_property_read_u32(dev, prop, val)) {
		what = param;
		*val = param_val;
	}
	if (*val < min || *val > max) {
		dev_err(dev, "%s: %u, expected %u..%u\n", what, *val, min, max);
		return -EINVAL;
	}
	return 0;
}

static int cpo_cmis_i2c_board(struct cpo_cmis_i2c *ci)
{
	struct device *dev = &ci->client->dev;
	int err;

	err = cpo_cmis_i2c_board_type(ci);
	if (!err)
		err = cpo_cmis_i2c_board_location(ci);
	if (!err)
		err = cpo_cmis_i2c_board_u32(dev, "cpo,lanes", "lanes",
					     READ_ONCE(lanes), 1, CPO_MAX_LANES,
					     &ci->board.lane_count);
	if (!err)
		err = cpo_cmis_i2c_board_u32(dev, "cpo,lane-rate-mbps",
					     "lane_rate_mbps",
					     READ_ONCE(lane_rate_mbps), 1,
					     1600000, &ci->board.lane_rate);
	if (err)
		return err;
	/* A CPO engine sits in the switch package; NPO and LPO are modules. */
	ci->board.field_replaceable =
		device_property_read_bool(dev, "cpo,field-replaceable") ||
		ci->board.type != CPO_ENGINE_TYPE_CPO;
	ci->board.power_monitor = device_property_read_bool(dev, "cpo,power-monitor");
	return 0;
}

static int cpo_cmis_i2c_access(struct cpo_cmis_i2c *ci)
{
	struct i2c_adapter *adap = ci->client->adapter;
	const struct i2c_adapter_quirks *q = adap->quirks;
	bool force = READ_ONCE(byte_access) ||
		     device_property_read_bool(&ci->client->dev,
					       "cpo,byte-access");

	ci->max_read = CMIS_PAGE_SIZE;
	if (q && q->max_read_len)
		ci->max_read = min_t(u16, ci->max_read, q->max_read_len);
	if (!force && i2c_check_functionality(adap, I2C_FUNC_I2C)) {
		ci->access = CPO_CMIS_I2C_PLAIN;
		return 0;
	}
	if (!i2c_check_functionality(adap, I2C_FUNC_SMBUS_WRITE_BYTE_DATA))
		goto unsupported;
	if (!force &&
	    i2c_check_functionality(adap, I2C_FUNC_SMBUS_READ_I2C_BLOCK))
		ci->access = CPO_CMIS_I2C_BLOCK;
	else if (i2c_check_functionality(adap, I2C_FUNC_SMBUS_READ_BYTE_DATA))
		ci->access = CPO_CMIS_I2C_BYTE;
	else
		goto unsupported;
	return 0;

unsupported:
	dev_err(&ci->client->dev,
		"%s: neither I2C nor SMBus byte data transfers\n", adap->name);
	return -ENODEV;
}

static int cpo_cmis_i2c_probe(struct i2c_client *client)
{
	struct device *dev = &client->dev;
	struct cpo_cmis_i2c *ci;
	int err;

	ci = devm_kzalloc(dev, sizeof(*ci), GFP_KERNEL);
	if (!ci)
		return -ENOMEM;
	ci->client = client;
	mutex_init(&ci->lock);

	err = cpo_cmis_i2c_board(ci);
	if (!err)
		err = cpo_cmis_i2c_access(ci);
	if (err)
		goto err_destroy;

	ci->ce = cmis_engine_register(dev, &ci->board, &cpo_cmis_i2c_transport,
				      ci);
	if (IS_ERR(ci->ce)) {
		err = PTR_ERR(ci->ce);
		dev_err(dev, "registering the CMIS engine failed: %d\n", err);
		goto err_destroy;
	}
	i2c_set_clientdata(client, ci);

	dev_info(dev, "CMIS engine at %s: %u lanes, %s access\n",
		 ci->location, ci->board.lane_count,
		 cpo_cmis_i2c_access_names[ci->access]);
	return 0;

err_destroy:
	mutex_destroy(&ci->lock);
	return err;
}

static void cpo_cmis_i2c_remove(struct i2c_client *client)
{
	struct cpo_cmis_i2c *ci = i2c_get_clientdata(client);

	cmis_engine_unregister(ci->ce);
	mutex_destroy(&ci->lock);
}

/* driver_data: the engine type; 0 for "from property or parameter". */
static const struct i2c_device_id cpo_cmis_i2c_ids[] = {
	{ "cpo-cmis", 0 },
	{ "cpo-cmis-cpo", CPO_ENGINE_TYPE_CPO },
	{ "cpo-cmis-npo", CPO_ENGINE_TYPE_NPO },
	{ "cpo-cmis-lpo", CPO_ENGINE_TYPE_LPO },
	{ }
};
MODULE_DEVICE_TABLE(i2c, cpo_cmis_i2c_ids);

/* Also matches ACPI devices through PRP0001 and a _DSD "compatible". */
static const struct of_device_id cpo_cmis_i2c_of_ids[] = {
	{ .compatible = "cpo,cmis-engine" },
	{ }
};
MODULE_DEVICE_TABLE(of, cpo_cmis_i2c_of_ids);

static struct i2c_driver cpo_cmis_i2c_driver = {
	.driver = {
		.name = "cpo_cmis_i2c",
		.of_match_table = cpo_cmis_i2c_of_ids,
	},
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
	.probe_new = cpo_cmis_i2c_probe,
#else
	.probe = cpo_cmis_i2c_probe,
#endif
	.remove = cpo_cmis_i2c_remove,
	.id_table = cpo_cmis_i2c_ids,
};
module_i2c_driver(cpo_cmis_i2c_driver);

MODULE_DESCRIPTION("cpo: CMIS optical engines and modules over I2C");
MODULE_LICENSE("GPL");
