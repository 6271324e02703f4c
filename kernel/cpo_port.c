// SPDX-License-Identifier: GPL-2.0
/*
 * The ports (netdevs) lanes serve. A lane keeps only the ifindex, in the
 * initial network namespace; a netdevice notifier forgets it when the
 * netdev is unregistered or leaves the namespace, so a stale index never
 * names another interface later.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include "cpo_core.h"

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
