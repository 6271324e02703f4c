/* SPDX-License-Identifier: GPL-2.0 */
/* The helpers the sysfs files of every object share. */
#ifndef _CPO_SYSFS_H
#define _CPO_SYSFS_H

#include <linux/types.h>

typedef const char *(*cpo_enum_name_fn)(u32 val);

/* @val as the spec's entry name, or as a number when it has none. */
ssize_t cpo_sysfs_emit_enum(char *buf, cpo_enum_name_fn name, u32 val);
/* The value of the entry named in @buf (1 to @max), or -EINVAL. */
int cpo_sysfs_parse_enum(const char *buf, cpo_enum_name_fn name, u32 max);
/* "0" or "1", with an optional newline, into @val; else -EINVAL. */
int cpo_sysfs_bool(const char *buf, size_t count, u8 *val);
struct cpo_io;
/*
 * @io's slot state, read under cpo_lock, of an object whose registered
 * flag is *@registered; -ENODEV once it is unregistering.
 */
ssize_t cpo_sysfs_emit_slot(char *buf, const struct cpo_io *io,
			    const bool *registered);

#endif /* _CPO_SYSFS_H */
