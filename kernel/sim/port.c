// SPDX-License-Identifier: GPL-2.0
/*
 * cpo_sim: the ports of a board, a netdev per port_lanes lanes of an
 * engine (port_lanes=N of new_device; 8 with a preset, 8 x 100G = 800G or
 * 8 x 200G = 1.6T), as a switch driver would have them. The netdevs carry
 * no traffic (what is sent is dropped); they are there for what cpo gives
 * a port: its lanes name it, its carrier follows the optics
 * (cpo_port_register()), and ethtool -m reads the engine's memory map
 * through cpo (cpo_port_module_eeprom()).
 *
 * A port is named after its location, cposim<ID>/oe<E> port P:
 * cs<ID>oe<E>p<P>, or csport<N> when that is longer than a netdev name.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include "cposim.h"

/**
 * struct cposim_port - a port's netdev private data
 * @port: the port cpo knows, NULL before it is registered and after it is
 *	unregistered; set and cleared under RTNL, under which ethtool calls
 *	the ops that read it
 */
struct cposim_port {
	struct cpo_port *port;
};

static netdev_tx_t cposim_port_xmit(struct sk_buff *skb,
				    struct net_device *dev)
{
	dev_kfree_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops cposim_port_netdev_ops = {
	.ndo_start_xmit = cposim_port_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

static int cposim_port_eeprom(struct net_device *dev,
			      const struct ethtool_module_eeprom *req,
			      struct netlink_ext_ack *extack)
{
	struct cposim_port *sp = netdev_priv(dev);

	ASSERT_RTNL();
	if (!sp->port) {
		NL_SET_ERR_MSG(extack, "the port is going away");
		return -ENODEV;
	}
	return cpo_port_module_eeprom(sp->port, req, extack);
}

static const struct ethtool_ops cposim_port_ethtool_ops = {
	.get_link = ethtool_op_get_link,
	.get_module_eeprom_by_page = cposim_port_eeprom,
};

static void cposim_port_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &cposim_port_netdev_ops;
	dev->ethtool_ops = &cposim_port_ethtool_ops;
	dev->needs_free_netdev = false;
}

/* A netdev for lanes @first.. of @se, its port registered with cpo. */
static struct net_device *cposim_port_new(struct cposim_engine *se, u32 n,
					  u32 first, u32 count)
{
	struct cposim_dev *sdev = se->sdev;
	char name[IFNAMSIZ];
	struct cposim_port *sp;
	struct net_device *dev;
	struct cpo_port *port;
	int err;

	if (snprintf(name, sizeof(name), "cs%uoe%up%u", sdev->id, se->index,
		     n) >= sizeof(name))
		strscpy(name, "csport%d", sizeof(name));
	dev = alloc_netdev(sizeof(*sp), name, NET_NAME_PREDICTABLE,
			   cposim_port_setup);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	eth_hw_addr_random(dev);
	SET_NETDEV_DEV(dev, &sdev->dev);
	netif_carrier_off(dev);
	sp = netdev_priv(dev);

	rtnl_lock();
	err = register_netdevice(dev);
	if (err)
		goto err_unlock;
	port = cpo_port_register(dev, cmis_engine_cpo(se->ce), first, count);
	if (IS_ERR(port)) {
		err = PTR_ERR(port);
		unregister_netdevice(dev);
		goto err_unlock;
	}
	sp->port = port;
	rtnl_unlock();
	return dev;

err_unlock:
	rtnl_unlock();
	free_netdev(dev);
	return ERR_PTR(err);
}

/* Unregister and free @devs (@count of them, NULLs skipped) at once. */
static void cposim_ports_free(struct net_device **devs, u32 count)
{
	struct cposim_port *sp;
	LIST_HEAD(list);
	u32 i;

	rtnl_lock();
	for (i = 0; i < count; i++) {
		if (!devs[i])
			continue;
		sp = netdev_priv(devs[i]);
		/* No ethtool op runs now: they run under RTNL. */
		cpo_port_unregister(sp->port);
		sp->port = NULL;
		unregister_netdevice_queue(devs[i], &list);
	}
	unregister_netdevice_many(&list);
	rtnl_unlock();
	for (i = 0; i < count; i++)
		if (devs[i])
			free_netdev(devs[i]);
}

/**
 * cposim_ports_new - a netdev per port of each engine of a board
 * @sdev: the board, its engines registered
 *
 * Context: process context; takes RTNL.
 * Return: 0, or a negative errno with no port left.
 */
int cposim_ports_new(struct cposim_dev *sdev)
{
	u32 per = sdev->cfg.port_lanes, per_engine, e, n, i = 0;
	struct net_device *dev;

	if (!per)
		return 0;
	per_engine = DIV_ROUND_UP(sdev->lane_count, per);
	sdev->ports = kcalloc(sdev->engine_count * per_engine,
			      sizeof(*sdev->ports), GFP_KERNEL);
	if (!sdev->ports)
		return -ENOMEM;
	sdev->port_count = sdev->engine_count * per_engine;
	for (e = 0; e < sdev->engine_count; e++) {
		for (n = 0; n < per_engine; n++, i++) {
			dev = cposim_port_new(sdev->engines[e], n, n * per,
					      min(per, sdev->lane_count - n * per));
			if (IS_ERR(dev)) {
				cposim_ports_del(sdev);
				return PTR_ERR(dev);
			}
			sdev->ports[i] = dev;
		}
	}
	return 0;
}

/**
 * cposim_ports_del - remove the netdevs of a board's ports
 * @sdev: the board, its engines still registered
 *
 * Context: process context; takes RTNL.
 */
void cposim_ports_del(struct cposim_dev *sdev)
{
	if (!sdev->ports)
		return;
	cposim_ports_free(sdev->ports, sdev->port_count);
	kfree(sdev->ports);
	sdev->ports = NULL;
	sdev->port_count = 0;
}
