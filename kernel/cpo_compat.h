/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel lines cpo builds for (Debian 12's 6.1 and
 * 6.12), kept in one place so the rest of the code is written for one API.
 */
#ifndef __CPO_COMPAT_H
#define __CPO_COMPAT_H

#include <linux/device.h>
#include <linux/version.h>
#include <net/genetlink.h>

/*
 * cpo uses plain struct genl_ops with per-op policies and takes its lock
 * in each handler: both lines support that alike, while split ops and
 * per-op pre_doit exist only from 6.2. What remains differs here.
 */

/* The attributes a dump request was parsed into (6.2 moved them). */
static inline struct nlattr **cpo_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * The driver core's bus type: const from 6.4 on (bus_register(), bus
 * attribute callbacks), writable in 6.1. Taken from struct device rather
 * than from a version number, so a backport cannot fool it.
 */
#define CPO_BUS_TYPE	typeof(*((struct device *)NULL)->bus)

/*
 * An extack message made at run time: 6.2 has a buffer for it in the
 * extack; 6.1 takes only a string that outlives the request, @lit.
 */
static inline void cpo_extack_fmt(struct netlink_ext_ack *extack,
				  const char *lit, const char *msg)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	NL_SET_ERR_MSG_FMT(extack, "%s", msg);
#else
	if (extack)
		extack->_msg = lit;
#endif
}

#endif /* __CPO_COMPAT_H */
