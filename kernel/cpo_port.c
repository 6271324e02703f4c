// SPDX-License-Identifier: GPL-2.0
/*
 * The ports (netdevs) lanes serve. A lane keeps only the ifindex, in the
 * initial network namespace; a netdevice notifier forgets it when the
 * netdev is unregistered or leaves the namespace, so a stale index never
 * names another interface later.
 *
 * A driver that knows which lanes make a port registers the port
 * (cpo_port_register()): the core then sets the netdev's carrier from the
 * lanes after each refresh and each re-read, and serves the port's module
 * EEPROM to ethtool from the engine's memory map (cpo_port_module_eeprom(),
 * called from the driver's get_module_eeprom_by_page op).
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include "cpo_core.h"

/* CMIS: lanes per bank, the module's I2C address, page 01h's bank count. */
#define CPO_PORT_LANES_PER_BANK		8
#define CPO_PORT_I2C_ADDRESS		0x50
#define CPO_PORT_PAGES_ADVERTISED	142
#define CPO_PORT_BANKS_MASK		GENMASK(1, 0)
#define CPO_PORT_MAX_BANKS		4	/* what page 01h can advertise */
#define CPO_PORT_HALF			128	/* lower memory, then a page */

/**
 * struct cpo_port - a port: consecutive lanes of one engine and the netdev
 *	they serve
 * @node: in &cpo_engine.ports, under cpo_lock
 * @dev: the netdev, registered before and unregistered after the port
 * @engine: the engine, which outlives the port
 * @first: the engine's lane number of the port's first lane
 * @count: lanes in the port
 * @banks: CMIS banks the port's lanes span, from @first's bank
 * @carrier: the carrier as last set; under cpo_lock
 */
struct cpo_port {
	struct list_head node;
	struct net_device *dev;
	struct cpo_engine *engine;
	u32 first;
	u32 count;
	u32 banks;
	bool carrier;
};

/**
 * cpo_lane_set_port - record the port a lane serves
 * @lane: the lane
 * @port: the netdev, in the initial network namespace, or NULL for none
 *
 * Sends a lane-change-ntf when the port changed.
 *
 * Context: process context; takes the subsystem lock, so never from an op.
 */
void cpo_lane_set_port(struct cpo_lane *lane, struct net_device *port)
{
	int ifindex = port && net_eq(dev_net(port), &init_net) ?
		      port->ifindex : 0;

	mutex_lock(&cpo_lock);
	if (lane->ifindex != ifindex) {
		lane->ifindex = ifindex;
		if (lane->registered)
			cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
	}
	mutex_unlock(&cpo_lock);
}
EXPORT_SYMBOL_GPL(cpo_lane_set_port);

/* The port's name into @buf (IFNAMSIZ), or NULL when there is none. */
const char *cpo_lane_port_name(const struct cpo_lane *lane, char *buf)
{
	struct net_device *dev;
	const char *name = NULL;

	if (!lane->ifindex)
		return NULL;
	rcu_read_lock();
	dev = dev_get_by_index_rcu(&init_net, lane->ifindex);
	if (dev) {
		strscpy(buf, dev->name, IFNAMSIZ);
		name = buf;
	}
	rcu_read_unlock();
	return name;
}

/* A lane carries traffic: activated, with light at its receiver. */
bool cpo_lane_carries(const struct cpo_lane_status *st)
{
	if (!(st->valid & CPO_LANE_F_DP_STATE) ||
	    st->dp_state != CPO_DP_STATE_ACTIVATED)
		return false;
	return !((st->valid & CPO_LANE_F_RX_LOS) && st->rx_los);
}

/* Every lane of @port carries traffic; cpo_lock held. */
static bool cpo_port_up(const struct cpo_port *port)
{
	struct cpo_lane *lane;
	u32 i;

	lockdep_assert_held(&cpo_lock);
	for (i = port->first; i < port->first + port->count; i++) {
		lane = xa_load(&port->engine->lanes, i);
		if (!lane || !lane->registered || !cpo_lane_carries(&lane->st))
			return false;
	}
	return true;
}

/*
 * The carrier from the copy. netif_carrier_on() and _off() take no lock
 * of ours and no RTNL (the link watch does the rest later), so they may
 * run under cpo_lock and the engine's I/O lock.
 */
static void cpo_port_set_carrier(struct cpo_port *port, bool force)
{
	bool up = cpo_port_up(port);

	if (up == port->carrier && !force)
		return;
	port->carrier = up;
	if (up)
		netif_carrier_on(port->dev);
	else
		netif_carrier_off(port->dev);
}

/**
 * cpo_engine_ports_update - set the carrier of each port of an engine
 * @engine: the engine, whose lanes' copy just changed
 *
 * A port is up when each of its lanes is activated and has light at its
 * receiver, down as soon as one is not.
 *
 * Context: cpo_lock held.
 */
void cpo_engine_ports_update(struct cpo_engine *engine)
{
	struct cpo_port *port;

	lockdep_assert_held(&cpo_lock);
	list_for_each_entry(port, &engine->ports, node)
		cpo_port_set_carrier(port, false);
}

/* Record @ifindex as the port of @port's lanes; cpo_lock held. */
static void cpo_port_set_lanes(struct cpo_port *port, int from, int to)
{
	struct cpo_lane *lane;
	u32 i;

	for (i = port->first; i < port->first + port->count; i++) {
		lane = xa_load(&port->engine->lanes, i);
		if (!lane || lane->ifindex != from)
			continue;
		lane->ifindex = to;
		if (lane->registered)
			cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
	}
}

/**
 * cpo_port_register - tell the core which lanes make a port
 * @dev: the port's netdev, registered, in the initial network namespace
 * @engine: the engine of the lanes, registered with its lanes
 * @first: the engine's lane number of the port's first lane
 * @count: lanes in the port, 1..32, within four CMIS banks from @first's
 *
 * The lanes name @dev as their port (a lane-change-ntf each). From now on
 * the core keeps @dev's carrier: on while every lane of the port is in the
 * activated data path state with light at its receiver (no RX LOS), off
 * otherwise, from the copy after each refresh; it is set here from the
 * current copy. cpo_port_module_eeprom() serves ethtool's module EEPROM
 * requests of the port.
 *
 * Context: process context; takes the subsystem lock.
 * Return: the port, or an ERR_PTR: -EINVAL for a lane range the engine or
 * four banks do not hold or a netdev outside the initial namespace,
 * -ENOMEM.
 */
struct cpo_port *cpo_port_register(struct net_device *dev,
				   struct cpo_engine *engine, u32 first,
				   u32 count)
{
	u32 bank0 = first / CPO_PORT_LANES_PER_BANK;
	struct cpo_port *port;
	u32 banks;

	if (!count || first >= engine->info.lane_count ||
	    count > engine->info.lane_count - first ||
	    !net_eq(dev_net(dev), &init_net))
		return ERR_PTR(-EINVAL);
	banks = (first + count - 1) / CPO_PORT_LANES_PER_BANK - bank0 + 1;
	if (banks > CPO_PORT_MAX_BANKS)
		return ERR_PTR(-EINVAL);
	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return ERR_PTR(-ENOMEM);
	port->dev = dev;
	port->engine = engine;
	port->first = first;
	port->count = count;
	port->banks = banks;

	mutex_lock(&cpo_lock);
	list_add_tail(&port->node, &engine->ports);
	cpo_port_set_lanes(port, 0, dev->ifindex);
	cpo_port_set_carrier(port, true);
	mutex_unlock(&cpo_lock);
	return port;
}
EXPORT_SYMBOL_GPL(cpo_port_register);

/**
 * cpo_port_unregister - forget a port
 * @port: from cpo_port_register()
 *
 * The core no longer sets the netdev's carrier once this returns, and the
 * lanes no longer name it. Call it before the netdev is unregistered, under
 * RTNL or otherwise where no cpo_port_module_eeprom() of @port can run:
 * ethtool calls a netdev's ethtool ops under RTNL.
 *
 * Context: process context; takes the subsystem lock.
 */
void cpo_port_unregister(struct cpo_port *port)
{
	mutex_lock(&cpo_lock);
	list_del(&port->node);
	cpo_port_set_lanes(port, port->dev->ifindex, 0);
	mutex_unlock(&cpo_lock);
	kfree(port);
}
EXPORT_SYMBOL_GPL(cpo_port_unregister);

/* What ethtool's netlink layer accepts: half a page, not across 128. */
static int cpo_port_eeprom_check(const struct cpo_port *port,
				 const struct ethtool_module_eeprom *req,
				 struct netlink_ext_ack *extack)
{
	if (req->i2c_address != CPO_PORT_I2C_ADDRESS) {
		NL_SET_ERR_MSG(extack,
			       "the engine answers at I2C address 0x50 only");
		return -EINVAL;
	}
	if (req->offset >= 2 * CPO_PORT_HALF ||
	    req->length > 2 * CPO_PORT_HALF - req->offset ||
	    (req->offset < CPO_PORT_HALF &&
	     req->offset + req->length > CPO_PORT_HALF)) {
		NL_SET_ERR_MSG(extack,
			       "the range crosses a half page or the page's end");
		return -EINVAL;
	}
	if (req->page && req->offset < CPO_PORT_HALF) {
		NL_SET_ERR_MSG(extack, "lower memory is read as page 0");
		return -EINVAL;
	}
	if (req->bank >= port->banks) {
		NL_SET_ERR_MSG(extack, "the port's lanes have no such bank");
		return -EINVAL;
	}
	return 0;
}

/**
 * cpo_port_module_eeprom - read a port's module EEPROM for ethtool
 * @port: from cpo_port_register()
 * @req: the request, as a get_module_eeprom_by_page op receives it
 * @extack: for the reason of a failure
 *
 * The port is shown as a CMIS module of its own: lower memory and the
 * unbanked pages are the engine's; bank N of a banked page is the
 * engine's bank holding the port's lanes, the first of them bank 0, and
 * page 01h advertises the port's banks only, so ethtool -m lists the
 * port's lanes (with the other lanes of a bank the port shares). The
 * bytes come from the engine's memory map, read through the engine's own
 * path (its I/O lock, as a refresh takes it), so a slow bus delays this
 * engine only; the driver's op serves the clear-on-read flags without
 * clearing them, so cpo sees every flag that latched.
 *
 * Context: process context, as ethtool's ops, under RTNL; sleeps on the
 * bus; takes the engine's I/O lock (bounded wait), never the subsystem
 * lock.
 * Return: @req->length, the bytes read into @req->data, or a negative
 * errno with an extack message: -EOPNOTSUPP when the driver cannot read
 * its map, -EINVAL for a request outside the map, -EBUSY while a firmware
 * update owns the engine or its bus stays busy, -ENODEV when it went away.
 */
int cpo_port_module_eeprom(struct cpo_port *port,
			   const struct ethtool_module_eeprom *req,
			   struct netlink_ext_ack *extack)
{
	struct cpo_engine *engine = port->engine;
	u32 off = req->offset, at = CPO_PORT_PAGES_ADVERTISED;
	u8 bank = 0;
	int err;

	if (!engine->ops->module_eeprom_read) {
		NL_SET_ERR_MSG(extack,
			       "the engine's driver does not read its memory map");
		return -EOPNOTSUPP;
	}
	err = cpo_port_eeprom_check(port, req, extack);
	if (err || !req->length)
		return err;
	/* Pages 10h and up are banked: bank 0 is the port's first. */
	if (off >= CPO_PORT_HALF && req->page >= 0x10)
		bank = port->first / CPO_PORT_LANES_PER_BANK + req->bank;

	err = cpo_engine_lock_io(engine, extack);
	if (err)
		return err;
	err = engine->ops->module_eeprom_read(engine, engine->priv, bank,
					      req->page, off, req->length,
					      req->data, extack);
	cpo_io_unlock(&engine->io);
	if (err)
		return err;

	if (req->page == 1 && off <= at && at < off + req->length) {
		req->data[at - off] &= ~CPO_PORT_BANKS_MASK;
		/* 0: bank 0, 1: banks 0-1, 2: banks 0-3 */
		req->data[at - off] |= port->banks > 2 ? 2 : port->banks - 1;
	}
	return req->length;
}
EXPORT_SYMBOL_GPL(cpo_port_module_eeprom);

static int cpo_port_event(struct notifier_block *nb, unsigned long event,
			  void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct cpo_lane *lane;
	unsigned long id;

	if (event != NETDEV_UNREGISTER || !net_eq(dev_net(dev), &init_net))
		return NOTIFY_DONE;

	/* RTNL is held here: the order is RTNL, then cpo_lock. */
	mutex_lock(&cpo_lock);
	xa_for_each(&cpo_lane_xa, id, lane) {
		if (lane->ifindex != dev->ifindex)
			continue;
		lane->ifindex = 0;
		cpo_lane_notify(lane, CPO_CMD_LANE_CHANGE_NTF);
	}
	mutex_unlock(&cpo_lock);
	return NOTIFY_DONE;
}

static struct notifier_block cpo_port_nb = {
	.notifier_call = cpo_port_event,
};

int __init cpo_port_init(void)
{
	return register_netdevice_notifier(&cpo_port_nb);
}

void cpo_port_exit(void)
{
	unregister_netdevice_notifier(&cpo_port_nb);
}
