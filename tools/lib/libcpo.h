/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libcpo - a small userspace library for the "cpo" generic netlink family.
 *
 * Objects (engines, lanes, lasers, topology answers, thresholds and alarms)
 * are parsed into plain structs whose @present field (always the first
 * member) has bit N set when attribute N was in the message; attributes a
 * kernel does not report are simply absent. A multi-attr attribute (the
 * lanes a laser feeds) fills a struct cpo_id_list, a multi-attr nest (the
 * thresholds of an engine) a list of structs; either is present once it
 * has an entry. Functions return 0 or a
 * negative errno and, when given a struct cpo_error, fill it with the
 * kernel's extended ack (message, offending or missing attribute).
 *
 * The library keeps no global state: everything lives in a cpo_handle.
 */
#ifndef LIBCPO_H
#define LIBCPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/cpo.h>

/* Size of string buffers; longer strings from the kernel are truncated. */
#define CPO_STR_MAX	128
#define CPO_MSG_MAX	256

#define CPO_BIT(attr)	(1ULL << (attr))

/*
 * Room in an id list: more than the lanes of a 102.4T switch at 100G. A
 * longer list keeps its first CPO_LIST_MAX ids and sets @truncated, like a
 * string longer than its buffer.
 */
#define CPO_LIST_MAX	1024

struct cpo_id_list {
	uint32_t n;
	bool truncated;
	uint32_t ids[CPO_LIST_MAX];
};

/*
 * @MEMBERS as members of the enclosing struct and, the same bytes, as
 * struct @TAG @NAME (the kernel's struct_group_tagged()): a part of an
 * object that can be copied and kept on its own.
 */
#define cpo_struct_group_tagged(TAG, NAME, ...)	\
	union {					\
		struct { __VA_ARGS__ };		\
		struct TAG { __VA_ARGS__ } NAME; \
	}

static inline bool cpo_has(uint64_t present, unsigned int attr)
{
	return attr < 64 && (present & CPO_BIT(attr));
}

/* One firmware bank of a module. */
struct cpo_firmware {
	uint64_t present;		/* CPO_BIT(CPO_A_FIRMWARE_*) */
	uint32_t bank;			/* enum cpo_fw_bank */
	char version[CPO_STR_MAX];	/* "major.minor.build" */
	uint8_t running;
	uint8_t committed;
	uint8_t valid;
};

/* Room for every bank the spec knows. */
#define CPO_FW_BANKS_MAX	CPO_FW_BANK_MAX

struct cpo_firmware_list {
	uint32_t n;
	bool truncated;
	struct cpo_firmware items[CPO_FW_BANKS_MAX];
};

/* A firmware update of an engine: the one under way, or the last. */
struct cpo_flash {
	uint64_t present;		/* CPO_BIT(CPO_A_FLASH_*) */
	uint32_t state;			/* enum cpo_flash_state */
	uint32_t done;			/* bytes the module took */
	uint32_t total;			/* bytes of the image */
	char message[CPO_STR_MAX];	/* why it failed */
	char file[CPO_STR_MAX];
	uint64_t started;		/* ns since the epoch */
	uint64_t updated;
};

/* The flash nest: one at most. */
struct cpo_flash_list {
	uint32_t n;
	bool truncated;
	struct cpo_flash items[1];
};

/* A loopback and PRBS test of a lane: the one under way, or the last. */
struct cpo_test {
	uint64_t present;		/* CPO_BIT(CPO_A_TEST_*) */
	uint32_t loopback;		/* enum cpo_loopback */
	uint32_t side;			/* enum cpo_test_side */
	uint32_t pattern;		/* enum cpo_prbs_pattern */
	uint32_t gate_time;		/* ms, 0: until stopped */
	bool force;			/* requests: a lane carrying traffic too */
	bool stop;			/* requests: stop the test under way */
	uint32_t state;			/* enum cpo_test_state */
	char message[CPO_STR_MAX];	/* why it failed */
	uint64_t started;		/* ns since the epoch */
	uint64_t ended;
	uint64_t bits;
	uint64_t errors;
	uint64_t ber;			/* bit error ratio x 10^18 */
	uint8_t locked;
	uint8_t lost_lock;
	uint64_t ber_limit;		/* x 10^18 */
	uint8_t pass;
};

struct cpo_test_list {
	uint32_t n;
	bool truncated;
	struct cpo_test items[1];
};

/* The bring-up self-test of an engine: the one under way, or the last. */
struct cpo_selftest {
	uint64_t present;		/* CPO_BIT(CPO_A_SELFTEST_*) */
	uint32_t pattern;		/* enum cpo_prbs_pattern */
	uint32_t gate_time;		/* ms */
	uint64_t ber_limit;		/* x 10^18 */
	bool force;			/* requests */
	uint32_t state;			/* enum cpo_test_state */
	uint64_t started;		/* ns since the epoch */
	uint64_t ended;
	uint32_t lanes;
	uint32_t lanes_failed;
	uint8_t pass;
	bool stop;			/* requests */
};

struct cpo_selftest_list {
	uint32_t n;
	bool truncated;
	struct cpo_selftest items[1];
};

/* Service statistics of an engine or a lane, since they were cleared. */
struct cpo_stats {
	uint64_t present;		/* CPO_BIT(CPO_A_STATS_*) */
	uint64_t dp_activations;	/* engines: their lanes' sum */
	uint64_t dp_deactivations;
	uint64_t rx_los_count;		/* lanes */
	uint64_t rx_lol_count;		/* lanes */
	uint64_t tx_fault_count;	/* lanes */
	uint64_t time_in_service;	/* lanes: ns activated */
	uint64_t failovers;		/* lanes */
	uint64_t module_faults;		/* engines */
	uint64_t module_ready;		/* engines */
	uint64_t elapsed;		/* ns since cleared or registered */
	uint64_t swaps;			/* engines: parts inserted */
	uint64_t last_swap_time;	/* engines: ns since the epoch */
};

struct cpo_stats_list {
	uint32_t n;
	bool truncated;
	struct cpo_stats items[1];
};

struct cpo_engine {
	uint64_t present;		/* CPO_BIT(CPO_A_ENGINE_*) */
	uint32_t id;
	char dev_name[CPO_STR_MAX];
	uint32_t type;			/* enum cpo_engine_type */
	char vendor[CPO_STR_MAX];
	char part_number[CPO_STR_MAX];
	char serial[CPO_STR_MAX];
	char hw_rev[CPO_STR_MAX];
	char fw_version[CPO_STR_MAX];
	char location[CPO_STR_MAX];
	bool field_replaceable;
	uint32_t lane_count;
	uint32_t lane_rate;		/* Mb/s */
	uint32_t media_type;		/* enum cpo_media_type */
	uint32_t module_state;		/* enum cpo_module_state */
	uint32_t power_mode;		/* enum cpo_power_mode */
	int32_t temperature;		/* millidegrees Celsius */
	uint32_t voltage;		/* microvolts */
	char fw_inactive[CPO_STR_MAX];
	uint32_t fault_cause;		/* enum cpo_fault_cause */
	uint32_t power_draw;		/* microwatts */
	uint32_t energy_per_bit;	/* femtojoules per bit */
	uint64_t seq;			/* notifications: message number */
	uint64_t timestamp;		/* notifications: ns since the epoch */
	uint64_t refreshed;		/* last read from the hardware: ns
					 * since the epoch (CLOCK_REALTIME);
					 * absent before the first read */
	uint32_t refresh_interval;	/* ms, 0: on hardware signal only */
	uint64_t refresh_duration;	/* ns the last refresh took */
	bool unreachable;		/* the module stopped answering */
	bool stale;			/* a firmware update owns the module:
					 * the values are the last copy */
	uint64_t bus_transactions;	/* failed ones included */
	uint64_t bus_bytes;		/* moved by successful transactions */
	uint64_t bus_errors;		/* failed after their retries */
	uint64_t bus_retries;
	uint64_t bus_busy_time;		/* ns */
	uint32_t bus_last_error;	/* positive errno, 0 for none */
	uint32_t bus_load;		/* parts per million of the time
					 * between the last two refreshes */
	struct cpo_firmware_list firmware; /* the module's banks */
	struct cpo_flash_list flash;	/* the update under way or the last */
	char flash_file[CPO_STR_MAX];	/* requests: the image to write */
	bool flash_commit;		/* requests: commit it once it runs */
	bool flash_abort;		/* requests: stop the update */
	char flash_laser_file[CPO_STR_MAX]; /* with dev-name: laser modules' image */
	struct cpo_selftest_list selftest; /* the self-test under way or the
					    * last; requests: how to run it */
	struct cpo_stats_list stats;	/* replies to with-stats */
	bool with_stats;		/* get and dump requests */
	uint32_t slot_state;		/* enum cpo_slot_state */
	uint32_t service_state;		/* enum cpo_service_state */
	char fw_min_version[CPO_STR_MAX];	/* provisioned minimum firmware */
};

/*
 * A binary index-mask: lanes of an engine, bit i of byte i / 8 (bit 0 the
 * least significant) for lane index i; room for every lane an engine may
 * have (256).
 */
#define CPO_LANE_MASK_BYTES	32

struct cpo_lane_mask {
	uint32_t len;			/* bytes of @bits in use */
	uint8_t bits[CPO_LANE_MASK_BYTES];
};

static inline bool cpo_lane_mask_test(const struct cpo_lane_mask *m,
				      uint32_t index)
{
	return index / 8 < m->len && (m->bits[index / 8] & (1u << (index % 8)));
}

/* The traffic a lane-set touches: lanes and ports (netdevs). */
struct cpo_blast_radius {
	uint64_t present;		/* CPO_BIT(CPO_A_BLAST_RADIUS_*) */
	struct cpo_id_list lane_ids;
	struct cpo_id_list ifindexes;
};

struct cpo_blast_radius_list {
	uint32_t n;
	bool truncated;
	struct cpo_blast_radius items[1];
};

struct cpo_lane {
	/*
	 * The lane itself, without the nests of requests and replies below:
	 * also a struct cpo_lane_state of its own, a few hundred bytes where
	 * the whole is kilobytes, for a copy of many lanes to keep.
	 */
	cpo_struct_group_tagged(cpo_lane_state, state,
		uint64_t present;		/* CPO_BIT(CPO_A_LANE_*) */
		uint32_t id;
		uint32_t engine_id;
		uint32_t index;
		uint32_t dp_state;		/* enum cpo_dp_state */
		uint8_t tx_enable;
		uint32_t power;			/* enum cpo_lane_power */
		uint32_t tx_power;		/* nanowatts */
		uint32_t rx_power;		/* nanowatts */
		uint32_t tx_bias;		/* microamperes */
		uint8_t rx_los;
		uint8_t rx_lol;
		uint8_t tx_fault;
		uint8_t rx_enable;
		uint64_t pre_fec_ber;		/* bit error ratio x 10^18 */
		uint32_t snr;			/* hundredths of a dB */
		char fiber_position[CPO_STR_MAX];
		uint8_t fiber_connected;
		uint32_t laser_id;
		uint32_t ifindex;
		char ifname[CPO_STR_MAX];
		uint64_t seq;			/* notifications: message number */
		uint64_t timestamp;		/* notifications: ns since the epoch */
		uint64_t refreshed;		/* as the engine's */
	);
	struct cpo_test_list test;	/* the test under way or the last;
					 * requests: what to run */
	struct cpo_lane_mask index_mask; /* lane-set: the lanes to set; its
					  * reply: those (to be) changed */
	bool dry_run;			/* lane-set: change nothing */
	struct cpo_blast_radius_list blast_radius; /* lane-set replies */
	struct cpo_stats_list stats;	/* replies to with-stats */
	bool with_stats;		/* get and dump requests */
	bool stale;			/* its engine's update: the last copy */
};

struct cpo_laser {
	uint64_t present;		/* CPO_BIT(CPO_A_LASER_*) */
	uint32_t id;
	char dev_name[CPO_STR_MAX];
	uint32_t type;			/* enum cpo_laser_type */
	char location[CPO_STR_MAX];
	uint32_t role;			/* enum cpo_laser_role */
	uint32_t state;			/* enum cpo_laser_state */
	uint8_t enable;
	uint32_t wavelength;		/* picometers */
	uint32_t output_power;		/* microwatts */
	uint32_t bias;			/* microamperes */
	int32_t temperature;		/* millidegrees Celsius */
	uint32_t hours;
	uint32_t spare_id;
	uint32_t covering_id;
	uint32_t failover_policy;	/* enum cpo_failover_policy */
	bool failover;			/* set requests only */
	bool failback;			/* set requests only */
	struct cpo_id_list lane_ids;	/* lanes the laser feeds */
	uint64_t seq;			/* notifications: message number */
	uint64_t timestamp;		/* notifications: ns since the epoch */
	uint64_t refreshed;		/* as the engine's */
	uint32_t slot_state;		/* enum cpo_slot_state */
	uint64_t swaps;			/* parts inserted into the slot */
	uint64_t last_swap_time;	/* ns since the epoch */
	struct cpo_firmware_list firmware; /* the laser module's banks */
	uint32_t service_state;		/* enum cpo_service_state */
	struct cpo_flash_list flash;	/* its module's update, under way or last */
	char flash_file[CPO_STR_MAX];	/* requests: the image to write */
	bool flash_commit;		/* requests: commit it once it runs */
	bool flash_abort;		/* requests: stop the update */
	bool stale;			/* its module's update: the last copy */
	char fw_min_version[CPO_STR_MAX];	/* the module's provisioned minimum */
	uint32_t standby_id;		/* a primary's standby in another module */
};

/* What loses light when an engine or a laser fails. */
struct cpo_topology {
	uint64_t present;		/* CPO_BIT(CPO_A_TOPOLOGY_*) */
	uint32_t engine_id;
	uint32_t laser_id;
	struct cpo_id_list lane_ids;
	struct cpo_id_list ifindexes;
	uint32_t spare_id;
};

/* A step of the service flow of an engine or a laser module, and its outcome. */
struct cpo_service {
	uint64_t present;		/* CPO_BIT(CPO_A_SERVICE_*) */
	uint32_t engine_id;
	uint32_t laser_id;
	uint32_t step;			/* enum cpo_service_step */
	bool force;			/* requests only */
	uint32_t state;			/* enum cpo_service_state */
	uint8_t ok;
	char reason[CPO_STR_MAX];
	char notes[CPO_MSG_MAX];
	struct cpo_id_list lane_ids;	/* the blast radius */
	struct cpo_id_list ifindexes;
	uint64_t timestamp;		/* ns since the epoch */
	uint64_t seq;			/* notifications: message number */
	struct cpo_id_list moved_lane_ids; /* a laser module's, on standbys */
};

/*
 * Thresholds and alarms. Values are in the unit of the quantity's
 * attribute (enum cpo_quantity): millidegrees, microvolts, microwatts,
 * nanowatts, microamperes, BER x 10^18. A level that never trips is
 * INT64_MAX (high) or INT64_MIN (low).
 */
struct cpo_threshold {
	uint64_t present;		/* CPO_BIT(CPO_A_THRESHOLD_*) */
	uint32_t quantity;		/* enum cpo_quantity */
	int64_t high_alarm;
	int64_t low_alarm;
	int64_t high_warning;
	int64_t low_warning;
};

struct cpo_alarm {
	uint64_t present;		/* CPO_BIT(CPO_A_ALARM_*) */
	uint32_t quantity;		/* enum cpo_quantity */
	uint32_t level;			/* enum cpo_alarm_level */
	uint8_t active;
	uint8_t latched;
	uint32_t count;
	uint64_t first_set;		/* ns since the epoch */
	uint64_t last_set;
	uint64_t last_clear;
	int64_t value;			/* in the quantity's unit */
	int64_t threshold;
};

/*
 * Room for the thresholds or alarms of one object: more than the
 * quantities times the levels. A longer list keeps its first entries and
 * sets @truncated.
 */
#define CPO_DIAG_MAX	32

struct cpo_threshold_list {
	uint32_t n;
	bool truncated;
	struct cpo_threshold items[CPO_DIAG_MAX];
};

struct cpo_alarm_list {
	uint32_t n;
	bool truncated;
	struct cpo_alarm items[CPO_DIAG_MAX];
};

/* The thresholds or alarms of an engine, or of a lane (lane-id present). */
struct cpo_diag {
	uint64_t present;		/* CPO_BIT(CPO_A_DIAG_*) */
	uint32_t engine_id;
	uint32_t lane_id;
	struct cpo_threshold_list thresholds;
	struct cpo_alarm_list alarms;
	uint64_t seq;			/* notifications: message number */
	uint64_t timestamp;		/* notifications: ns since the epoch */
};

/* ---- names: one table per spec enum, names exactly as in the spec ---- */

struct cpo_enum {
	const char *name;		/* spec name of the enum, "dp-state" */
	const char *const *names;	/* indexed by value, NULL for holes */
	uint32_t max;			/* highest value */
};

extern const struct cpo_enum cpo_engine_type_enum;
extern const struct cpo_enum cpo_media_type_enum;
extern const struct cpo_enum cpo_module_state_enum;
extern const struct cpo_enum cpo_slot_state_enum;
extern const struct cpo_enum cpo_service_step_enum;
extern const struct cpo_enum cpo_service_state_enum;
extern const struct cpo_enum cpo_power_mode_enum;
extern const struct cpo_enum cpo_dp_state_enum;
extern const struct cpo_enum cpo_lane_power_enum;
extern const struct cpo_enum cpo_fault_cause_enum;
extern const struct cpo_enum cpo_laser_type_enum;
extern const struct cpo_enum cpo_laser_state_enum;
extern const struct cpo_enum cpo_laser_role_enum;
extern const struct cpo_enum cpo_failover_policy_enum;
extern const struct cpo_enum cpo_quantity_enum;
extern const struct cpo_enum cpo_fw_bank_enum;
extern const struct cpo_enum cpo_flash_state_enum;
extern const struct cpo_enum cpo_alarm_level_enum;
extern const struct cpo_enum cpo_loopback_enum;
extern const struct cpo_enum cpo_test_side_enum;
extern const struct cpo_enum cpo_prbs_pattern_enum;
extern const struct cpo_enum cpo_test_state_enum;
extern const struct cpo_enum cpo_cmd_enum;	/* operation names */
extern const struct cpo_enum *const cpo_enums[];	/* spec enums, NULL-ended */

/* Return the name of @v, or NULL when @v has none. */
const char *cpo_enum_name(const struct cpo_enum *e, uint32_t v);
/* Store the value named @name in *@v; return 0 or -EINVAL. */
int cpo_enum_value(const struct cpo_enum *e, const char *name, uint32_t *v);

/* ---- attribute sets ---- */

enum cpo_attr_kind {
	CPO_ATTR_NONE,
	CPO_ATTR_U8,
	CPO_ATTR_U32,
	CPO_ATTR_S32,
	CPO_ATTR_STRING,
	CPO_ATTR_FLAG,
	CPO_ATTR_U64,		/* 64-bit aligned by the set's pad attribute */
	CPO_ATTR_PAD,		/* alignment filler, never data */
	CPO_ATTR_U32_MULTI,	/* multi-attr u32: a struct cpo_id_list */
	CPO_ATTR_S64,		/* like U64 */
	CPO_ATTR_NEST_MULTI,	/* multi-attr nest: a list of nested objects */
	CPO_ATTR_NEST,		/* one nest: a list of at most one object */
	CPO_ATTR_BINARY,	/* bytes: a struct cpo_lane_mask */
};

struct cpo_attr_set;

struct cpo_attr_desc {
	const char *name;		/* spec attribute name */
	enum cpo_attr_kind kind;
	size_t offset;			/* of the field in the object struct */
	size_t size;			/* of the field */
	const struct cpo_enum *values;	/* enum the value belongs to, or NULL */
	/*
	 * NEST_MULTI: the set of the nested objects. The field is a list
	 * (struct cpo_threshold_list, ...): n, truncated, then the objects.
	 */
	const struct cpo_attr_set *nested;
};

struct cpo_attr_set {
	const char *name;		/* "engine", "lane", "laser", "topology" */
	const struct cpo_attr_desc *attrs;	/* indexed by attribute type */
	uint32_t max;
	size_t obj_size;		/* of its struct, @present first */
};

extern const struct cpo_attr_set cpo_engine_attr_set;
extern const struct cpo_attr_set cpo_lane_attr_set;
extern const struct cpo_attr_set cpo_laser_attr_set;
extern const struct cpo_attr_set cpo_topology_attr_set;
extern const struct cpo_attr_set cpo_threshold_attr_set;
extern const struct cpo_attr_set cpo_alarm_attr_set;
extern const struct cpo_attr_set cpo_firmware_attr_set;
extern const struct cpo_attr_set cpo_flash_attr_set;
extern const struct cpo_attr_set cpo_test_attr_set;
extern const struct cpo_attr_set cpo_selftest_attr_set;
extern const struct cpo_attr_set cpo_diag_attr_set;
extern const struct cpo_attr_set cpo_blast_radius_attr_set;
extern const struct cpo_attr_set cpo_stats_attr_set;
extern const struct cpo_attr_set cpo_service_attr_set;
/* Every attribute set of the spec, NULL-ended. */
extern const struct cpo_attr_set *const cpo_attr_sets[];

/* Return the descriptor of attribute @type, or NULL when unknown. */
const struct cpo_attr_desc *cpo_attr_desc(const struct cpo_attr_set *set,
					  uint32_t type);
const char *cpo_attr_name(const struct cpo_attr_set *set, uint32_t type);

/* ---- errors ---- */

struct cpo_error {
	int err;			/* positive errno, 0 for none */
	char msg[CPO_MSG_MAX];		/* extack or library message, or "" */
	const struct cpo_attr_set *set;	/* set of the request's attributes */
	uint32_t bad_attr;		/* type the kernel pointed at, or 0 */
	uint32_t bad_off;		/* its offset in the request, or 0 */
	uint32_t miss_attr;		/* type of a missing attribute, or 0 */
	bool dump_intr;			/* a dump saw NLM_F_DUMP_INTR */
};

void cpo_error_clear(struct cpo_error *err);
/*
 * Format @err for humans: the message (or the errno string when there is
 * none) plus the attribute it concerns. Return the length snprintf would.
 */
int cpo_error_format(const struct cpo_error *err, char *buf, size_t len);

/* ---- messages: building requests and parsing replies without a socket ---- */

/*
 * Builders write one request into @buf and return its length, or a
 * negative errno (-EINVAL for a bad selector, with @err filled; -ENOSPC).
 * Only the attributes the request takes are put, from those present.
 */
int cpo_msg_engine_get(void *buf, size_t len, uint16_t family, uint32_t seq,
		       const struct cpo_engine *sel, struct cpo_error *err);
/* @filter: NULL, or with-stats present. */
int cpo_msg_engine_dump(void *buf, size_t len, uint16_t family, uint32_t seq,
			const struct cpo_engine *filter,
			struct cpo_error *err);
int cpo_msg_engine_set(void *buf, size_t len, uint16_t family, uint32_t seq,
		       const struct cpo_engine *req, struct cpo_error *err);
int cpo_msg_laser_flash(void *buf, size_t len, uint16_t family, uint32_t seq,
			const struct cpo_laser *req, struct cpo_error *err);
int cpo_msg_engine_flash(void *buf, size_t len, uint16_t family, uint32_t seq,
			 const struct cpo_engine *req, struct cpo_error *err);
int cpo_msg_lane_get(void *buf, size_t len, uint16_t family, uint32_t seq,
		     const struct cpo_lane *sel, struct cpo_error *err);
int cpo_msg_lane_dump(void *buf, size_t len, uint16_t family, uint32_t seq,
		      const struct cpo_lane *filter, struct cpo_error *err);
int cpo_msg_lane_set(void *buf, size_t len, uint16_t family, uint32_t seq,
		     const struct cpo_lane *req, struct cpo_error *err);
int cpo_msg_lane_test(void *buf, size_t len, uint16_t family, uint32_t seq,
		      const struct cpo_lane *req, struct cpo_error *err);
int cpo_msg_engine_selftest(void *buf, size_t len, uint16_t family,
			    uint32_t seq, const struct cpo_engine *req,
			    struct cpo_error *err);
int cpo_msg_laser_get(void *buf, size_t len, uint16_t family, uint32_t seq,
		      const struct cpo_laser *sel, struct cpo_error *err);
int cpo_msg_laser_dump(void *buf, size_t len, uint16_t family, uint32_t seq,
		       struct cpo_error *err);
/* The failover and failback flags are put when present and true. */
int cpo_msg_laser_set(void *buf, size_t len, uint16_t family, uint32_t seq,
		      const struct cpo_laser *req, struct cpo_error *err);
/* @sel: engine-id or laser-id present, not both. */
int cpo_msg_topology_get(void *buf, size_t len, uint16_t family, uint32_t seq,
			 const struct cpo_topology *sel,
			 struct cpo_error *err);
/* A service step: engine-id or laser-id, step, force. */
int cpo_msg_service(void *buf, size_t len, uint16_t family, uint32_t seq,
		    const struct cpo_service *req, struct cpo_error *err);
/*
 * Thresholds and alarms: @sel names an engine (engine-id) or a lane
 * (lane-id, and engine-id if present must be the lane's). A set carries
 * one or more thresholds, each with its quantity and at least one level;
 * a clear at most one alarm, with its quantity and maybe its level.
 */
int cpo_msg_threshold_get(void *buf, size_t len, uint16_t family,
			  uint32_t seq, const struct cpo_diag *sel,
			  struct cpo_error *err);
int cpo_msg_threshold_dump(void *buf, size_t len, uint16_t family,
			   uint32_t seq, struct cpo_error *err);
int cpo_msg_threshold_set(void *buf, size_t len, uint16_t family,
			  uint32_t seq, const struct cpo_diag *req,
			  struct cpo_error *err);
int cpo_msg_alarm_get(void *buf, size_t len, uint16_t family, uint32_t seq,
		      const struct cpo_diag *sel, struct cpo_error *err);
int cpo_msg_alarm_dump(void *buf, size_t len, uint16_t family, uint32_t seq,
		       struct cpo_error *err);
int cpo_msg_alarm_clear(void *buf, size_t len, uint16_t family, uint32_t seq,
			const struct cpo_diag *req, struct cpo_error *err);
/* @req: engine-id (the engine and its lanes) or lane-id. */
int cpo_msg_stats_clear(void *buf, size_t len, uint16_t family, uint32_t seq,
			const struct cpo_diag *req, struct cpo_error *err);

/*
 * Parse a cpo message (genetlink header and attributes). Unknown
 * attributes are ignored; malformed ones give -EBADMSG.
 */
int cpo_engine_parse(const struct nlmsghdr *nlh, struct cpo_engine *e,
		     struct cpo_error *err);
int cpo_lane_parse(const struct nlmsghdr *nlh, struct cpo_lane *l,
		   struct cpo_error *err);
int cpo_laser_parse(const struct nlmsghdr *nlh, struct cpo_laser *l,
		    struct cpo_error *err);
int cpo_topology_parse(const struct nlmsghdr *nlh, struct cpo_topology *t,
		       struct cpo_error *err);
int cpo_diag_parse(const struct nlmsghdr *nlh, struct cpo_diag *d,
		   struct cpo_error *err);
int cpo_service_parse(const struct nlmsghdr *nlh, struct cpo_service *s,
		      struct cpo_error *err);

/* ---- events ---- */

enum cpo_obj {
	CPO_OBJ_ENGINE = 1,
	CPO_OBJ_LANE,
	CPO_OBJ_LASER,
	CPO_OBJ_DIAG,		/* an engine's or a lane's alarm */
	CPO_OBJ_SERVICE,	/* a service step of an engine or a laser module */
};

enum cpo_event_op {
	CPO_EVENT_CREATE = 1,
	CPO_EVENT_DELETE,
	CPO_EVENT_CHANGE,
	CPO_EVENT_FAILOVER,	/* laser: the payload is the spare that took over */
	CPO_EVENT_ALARM,	/* diag: one alarm flag became active or ended */
	CPO_EVENT_FLASH,	/* engine, laser: a firmware update moved on */
	CPO_EVENT_TEST,		/* lane: a test began or ended */
	CPO_EVENT_SELFTEST,	/* engine: a self-test began or ended */
	CPO_EVENT_FAILBACK,	/* laser: the payload is the primary that took back */
	CPO_EVENT_SERVICE,	/* service: a step ended */
};

struct cpo_event {
	uint8_t cmd;			/* CPO_CMD_*_NTF */
	enum cpo_obj obj;
	enum cpo_event_op op;
	const char *name;		/* "lane-change" */
	uint64_t seq;			/* the message's number, 0 when absent */
	uint64_t timestamp;		/* ns since the epoch, 0 when absent */
	union {
		struct cpo_engine engine;
		struct cpo_lane lane;
		struct cpo_laser laser;
		struct cpo_diag diag;	/* engine-id, lane-id, one alarm */
		struct cpo_service service;
	};
};

/* Name of the event a notification command carries, or NULL. */
const char *cpo_event_name(uint32_t cmd);
/*
 * Parse a notification. Return 0, -EOPNOTSUPP for a command that is not a
 * known notification (callers skip it), or -EBADMSG.
 */
int cpo_event_parse(const struct nlmsghdr *nlh, struct cpo_event *ev,
		    struct cpo_error *err);

/*
 * Gap accounting over the monitor group's sequence numbers. Numbering
 * starts when the module loads; a listener sees a gap for the messages it
 * missed (receive buffer overrun, or a message the kernel could not
 * build). Start from a zeroed struct.
 */
struct cpo_seq {
	uint64_t first;		/* first number of the current run, 0 before any */
	uint64_t last;		/* the last number seen */
	uint64_t received;	/* messages with a number */
	uint64_t lost;		/* numbers missed */
	uint64_t restarts;	/* numbering went back: the module was reloaded */
};

/*
 * Account for message @seq (0: unnumbered, ignored). Return how many
 * messages were missed just before it (numbers @seq - ret to @seq - 1),
 * 0 for none. A number not above the last one starts a new run without a
 * gap and counts in @restarts.
 */
uint64_t cpo_seq_track(struct cpo_seq *s, uint64_t seq);

/* ---- the handle: talking to the kernel ---- */

struct cpo_handle;

/* Callbacks return 0 to go on, a negative errno to stop delivering. */
typedef int (*cpo_engine_cb)(const struct cpo_engine *e, void *data);
typedef int (*cpo_lane_cb)(const struct cpo_lane *l, void *data);
typedef int (*cpo_laser_cb)(const struct cpo_laser *l, void *data);
typedef int (*cpo_diag_cb)(const struct cpo_diag *d, void *data);
typedef int (*cpo_event_cb)(const struct cpo_event *ev, void *data);

/*
 * Open a generic netlink socket with extended and capped acks and resolve
 * the cpo family. -ENOENT when the family is not registered.
 */
int cpo_open(struct cpo_handle **hp, struct cpo_error *err);
void cpo_close(struct cpo_handle *h);
uint16_t cpo_family_id(const struct cpo_handle *h);
uint32_t cpo_family_version(const struct cpo_handle *h);

int cpo_engine_get(struct cpo_handle *h, uint32_t id, struct cpo_engine *e,
		   struct cpo_error *err);
/* Dumps return -EINTR (err->dump_intr set) when the kernel flagged the
 * dump as inconsistent, after delivering every object it sent.
 */
int cpo_engine_dump(struct cpo_handle *h, cpo_engine_cb cb, void *data,
		    struct cpo_error *err);
/* @sel: id, maybe with-stats; @filter: NULL, or with-stats. */
int cpo_engine_get_sel(struct cpo_handle *h, const struct cpo_engine *sel,
		       struct cpo_engine *e, struct cpo_error *err);
int cpo_engine_dump_filter(struct cpo_handle *h,
			   const struct cpo_engine *filter, cpo_engine_cb cb,
			   void *data, struct cpo_error *err);
/* @req: id, and power-mode and/or refresh-interval present. */
int cpo_engine_set(struct cpo_handle *h, const struct cpo_engine *req,
		   struct cpo_error *err);

/*
 * Start a firmware update (@req: id and flash-file, maybe flash-commit)
 * and follow it: @cb gets each engine-flash event the kernel sends this
 * handle, the first ones before the request is acknowledged, until the
 * update ends (done, failed, aborted); or stop one (@req: id and
 * flash-abort), which returns once acknowledged. With dev-name instead
 * of id, the updates of every engine of the device the image is for:
 * the engines are those whose "started" came before the
 * acknowledgement, and it returns once each of them ended.
 */
int cpo_engine_flash(struct cpo_handle *h, const struct cpo_engine *req,
		     cpo_event_cb cb, void *data, struct cpo_error *err);
/*
 * The same for a laser module (@req: the id of any of its lasers, and
 * flash-file, maybe flash-commit; or flash-abort): @cb gets each
 * laser-flash event. A device-wide cpo_engine_flash() with
 * flash-laser-file follows the laser modules' updates too.
 */
int cpo_laser_flash(struct cpo_handle *h, const struct cpo_laser *req,
		    cpo_event_cb cb, void *data, struct cpo_error *err);
/*
 * Start a lane test (@req: the lane, and test with what to run) or stop
 * one (test.stop); returns once acknowledged. Its end is a lane-test
 * event on the monitor group.
 */
int cpo_lane_test(struct cpo_handle *h, const struct cpo_lane *req,
		  struct cpo_error *err);
/*
 * Start the self-test of an engine (@req: id) or of every engine of a
 * device (dev-name), with selftest giving pattern, gate-time, ber-limit
 * and force when not the defaults; returns once acknowledged. Each
 * engine's end is an engine-selftest event on the monitor group.
 */
int cpo_engine_selftest(struct cpo_handle *h, const struct cpo_engine *req,
			struct cpo_error *err);
/* A quiet update is checked on after this long. */
#define CPO_FLASH_QUIET_MS	2000
/* Wait for the request socket: 1 when readable, 0 on timeout, or -errno. */
int cpo_unicast_wait(struct cpo_handle *h, int timeout_ms,
		     struct cpo_error *err);
/* Read what the kernel sent the request socket, as events, once. */
int cpo_unicast_read(struct cpo_handle *h, cpo_event_cb cb, void *data,
		     struct cpo_error *err);

/* @sel: id, or engine-id and index present; maybe with-stats. */
int cpo_lane_get(struct cpo_handle *h, const struct cpo_lane *sel,
		 struct cpo_lane *l, struct cpo_error *err);
/*
 * @filter: NULL, or engine-id present to dump one engine's lanes, and
 * with-stats for their statistics.
 */
int cpo_lane_dump(struct cpo_handle *h, const struct cpo_lane *filter,
		  cpo_lane_cb cb, void *data, struct cpo_error *err);
/* @req: a selector as for cpo_lane_get plus tx-enable, rx-enable and/or
 * power.
 */
int cpo_lane_set(struct cpo_handle *h, const struct cpo_lane *req,
		 struct cpo_error *err);
/*
 * The same, or with engine-id and index-mask for several lanes, and
 * dry-run; @reply gets the kernel's answer (the lanes changed or that
 * would change, the blast radius), or nothing (present 0) for a
 * single-lane set without dry-run.
 */
int cpo_lane_set_reply(struct cpo_handle *h, const struct cpo_lane *req,
		       struct cpo_lane *reply, struct cpo_error *err);

int cpo_laser_get(struct cpo_handle *h, uint32_t id, struct cpo_laser *l,
		  struct cpo_error *err);
int cpo_laser_dump(struct cpo_handle *h, cpo_laser_cb cb, void *data,
		   struct cpo_error *err);
/* @req: id plus enable, failover-policy, failover or failback (true). */
int cpo_laser_set(struct cpo_handle *h, const struct cpo_laser *req,
		  struct cpo_error *err);

/* @sel: engine-id or laser-id present; the answer goes to @t. */
int cpo_topology_get(struct cpo_handle *h, const struct cpo_topology *sel,
		     struct cpo_topology *t, struct cpo_error *err);
/* Run the service step of @req; the kernel's reply goes to @s. */
int cpo_service(struct cpo_handle *h, const struct cpo_service *req,
		struct cpo_service *s, struct cpo_error *err);

/* @sel: engine-id, or lane-id; the answer goes to @d. */
int cpo_threshold_get(struct cpo_handle *h, const struct cpo_diag *sel,
		      struct cpo_diag *d, struct cpo_error *err);
/* Every engine, then every lane. */
int cpo_threshold_dump(struct cpo_handle *h, cpo_diag_cb cb, void *data,
		       struct cpo_error *err);
int cpo_threshold_set(struct cpo_handle *h, const struct cpo_diag *req,
		      struct cpo_error *err);
int cpo_alarm_get(struct cpo_handle *h, const struct cpo_diag *sel,
		  struct cpo_diag *d, struct cpo_error *err);
/* The engines and lanes that have a flag active, latched or with history. */
int cpo_alarm_dump(struct cpo_handle *h, cpo_diag_cb cb, void *data,
		   struct cpo_error *err);
int cpo_alarm_clear(struct cpo_handle *h, const struct cpo_diag *req,
		    struct cpo_error *err);
int cpo_stats_clear(struct cpo_handle *h, const struct cpo_diag *req,
		    struct cpo_error *err);

/*
 * Subscribe to the monitor group on a socket of its own, so requests on
 * the handle keep working. cpo_monitor_fd() is for poll().
 */
int cpo_monitor_start(struct cpo_handle *h, struct cpo_error *err);
/*
 * Leave the monitor group: close its socket, dropping the events it
 * holds. A later cpo_monitor_start() begins afresh. Nothing to do when
 * monitoring never started.
 */
void cpo_monitor_stop(struct cpo_handle *h);
int cpo_monitor_fd(const struct cpo_handle *h);
/*
 * Size the monitor socket's receive buffer: @bytes with SO_RCVBUFFORCE
 * when allowed (CAP_NET_ADMIN), else SO_RCVBUF (capped by
 * net.core.rmem_max). Return the size the kernel reports (it doubles the
 * request for its bookkeeping), or a negative errno.
 */
int cpo_monitor_rcvbuf(struct cpo_handle *h, int bytes, struct cpo_error *err);
/*
 * Wait for one datagram of notifications and call @cb for each event.
 * -ENOBUFS means events were lost; monitoring can go on.
 */
int cpo_monitor_read(struct cpo_handle *h, cpo_event_cb cb, void *data,
		     struct cpo_error *err);

#endif /* LIBCPO_H */
