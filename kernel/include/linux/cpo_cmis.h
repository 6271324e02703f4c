/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CMIS layer of cpo: implements the cpo driver ops of an engine and its
 * lanes over a CMIS paged memory map. A board driver supplies only the
 * transport (read and write of bytes in a bank and page) and the facts the
 * memory map does not hold.
 */
#ifndef __LINUX_CPO_CMIS_H
#define __LINUX_CPO_CMIS_H

#include <linux/types.h>
#include <linux/cpo.h>

struct device;
struct cmis_engine;

/**
 * struct cmis_transport_ops - access to a module's memory map
 * @read: read @len bytes at @offset of @page in @bank into @buf
 * @write: write @len bytes from @buf at @offset of @page in @bank
 *
 * Offsets 0..127 address lower memory (bank and page ignored), 128..255
 * the upper page. @offset + @len never exceeds 256. Called in process
 * context; they may sleep. Return 0 or a negative errno.
 */
struct cmis_transport_ops {
	int (*read)(void *ctx, u8 bank, u8 page, u8 offset, u8 *buf, size_t len);
	int (*write)(void *ctx, u8 bank, u8 page, u8 offset, const u8 *buf,
		     size_t len);
};

/**
 * struct cmis_board_info - what the board knows and the memory map does not
 * @type: packaging, enum cpo_engine_type
 * @location: where the engine sits on the board
 * @field_replaceable: the engine can be replaced in the field
 * @lane_count: lanes wired on the board, 1..CPO_MAX_LANES (8 per bank)
 * @lane_rate: signalling rate of each lane in Mb/s
 * @power_monitor: the module's custom monitor (lower memory bytes 24..25)
 *	reports its power draw, in mW
 * @fiber_connected: optional; whether a fiber is connected at a lane's
 *	position, as the board senses it: 1, 0, or a negative errno when it
 *	cannot tell. Called with the transport cookie, in process context.
 */
struct cmis_board_info {
	enum cpo_engine_type type;
	const char *location;
	bool field_replaceable;
	u32 lane_count;
	u32 lane_rate;
	bool power_monitor;
	int (*fiber_connected)(void *ctx, u32 lane);
};

struct cmis_engine *cmis_engine_register(struct device *parent,
					 const struct cmis_board_info *board,
					 const struct cmis_transport_ops *ops,
					 void *ctx);
void cmis_engine_unregister(struct cmis_engine *ce);
void cmis_engine_irq(struct cmis_engine *ce);
void cmis_engine_removed(struct cmis_engine *ce);
int cmis_engine_inserted(struct cmis_engine *ce);
struct cpo_engine *cmis_engine_cpo(struct cmis_engine *ce);
struct cpo_lane *cmis_engine_lane(struct cmis_engine *ce, u32 index);

struct cmis_laser_source;

/**
 * struct cmis_laser_board_info - what the board knows about a laser source
 * @type: CPO_LASER_TYPE_EXTERNAL for a laser module, _INTERNAL for lasers
 *	inside an engine. A laser module is a CMIS module of its own: its
 *	firmware banks are read over its CDB (page 9Fh), and every laser of
 *	it reports them
 * @location: where the source sits; laser N is named "<location>/laser<N>"
 */
struct cmis_laser_board_info {
	enum cpo_laser_type type;
	const char *location;
};

struct cmis_laser_source *
cmis_laser_source_register(struct device *parent,
			   const struct cmis_laser_board_info *board,
			   const struct cmis_transport_ops *ops, void *ctx);
void cmis_laser_source_unregister(struct cmis_laser_source *ls);
void cmis_laser_source_irq(struct cmis_laser_source *ls);
void cmis_laser_source_removed(struct cmis_laser_source *ls);
int cmis_laser_source_inserted(struct cmis_laser_source *ls);
u32 cmis_laser_source_count(const struct cmis_laser_source *ls);
struct cpo_laser *cmis_laser_source_laser(struct cmis_laser_source *ls,
					  u32 index);

#endif /* __LINUX_CPO_CMIS_H */
