// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl -br: one line per engine, lane or laser, as "ip -br link", in
 * fixed columns without a heading, so that a thousand lanes read (and
 * cut or awk) well:
 *
 *   engine: ID DEV TYPE MODULE-STATE POWER-MODE LANES RATE TEMP <FLAGS> LOCATION
 *   lane:   ID ENGINE INDEX IFNAME DP-STATE TX RX TX-POWER RX-POWER <FLAGS>
 *   laser:  ID DEV TYPE ROLE STATE ENABLE OUTPUT-POWER TEMP LANES LOCATION
 *
 * An absent value is "-"; optical powers are in dBm ("-3.01dBm"), the
 * location (free text) comes last. Text only: with -j the show prints
 * its full JSON, -br aside.
 */
#include <inttypes.h>
#include <string.h>

#include "cpoctl.h"
#include "json_print.h"

bool cpoctl_brief(const struct cpoctl *c)
{
	return c && c->brief && !c->json;
}

/* The name of @v in @e, its number when unknown, "-" when absent. */
static const char *brief_enum(char *buf, size_t len, const struct cpo_enum *e,
			      uint32_t v, bool present)
{
	const char *name;

	if (!present)
		return "-";
	name = cpo_enum_name(e, v);
	if (name)
		return name;
	snprintf(buf, len, "%u", v);
	return buf;
}

/* @v x 10^-@exp mW as "-3.01dBm": one word in its column. */
static const char *brief_dbm(char *buf, size_t len, int64_t v,
			     unsigned int exp, bool present)
{
	char *sp;

	if (!present)
		return "-";
	cpoctl_fmt_dbm(buf, len, v, exp);
	sp = strchr(buf, ' ');
	if (sp)
		memmove(sp, sp + 1, strlen(sp));
	return buf;
}

/* Millidegrees as "45.5C". */
static const char *brief_temp(char *buf, size_t len, int32_t v, bool present)
{
	char *sp;

	if (!present)
		return "-";
	cpoctl_fmt_scaled(buf, len, v, 1000, 1, "C");
	sp = strchr(buf, ' ');
	if (sp)
		memmove(sp, sp + 1, strlen(sp));
	return buf;
}

/* Append @flag to the comma-separated list @buf. */
static void brief_flag(char *buf, size_t len, const char *flag)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len > n ? len - n : 0, "%s%s", n ? "," : "", flag);
}

/* The module state; while the slot has no module, the slot's state. */
static const char *brief_engine_state(char *buf, size_t len,
				      const struct cpo_engine *e)
{
	if (!cpo_has(e->present, CPO_A_ENGINE_MODULE_STATE) &&
	    cpo_has(e->present, CPO_A_ENGINE_SLOT_STATE))
		return brief_enum(buf, len, &cpo_slot_state_enum,
				  e->slot_state, true);
	return brief_enum(buf, len, &cpo_module_state_enum, e->module_state,
			  cpo_has(e->present, CPO_A_ENGINE_MODULE_STATE));
}

void cpoctl_engine_print_brief(const struct cpo_engine *e)
{
	char type[16], state[16], mode[16], rate[16], temp[24], flags[64] = "";
	char lanes[16] = "-", fault[48];
	const char *cause;

	if (cpo_has(e->present, CPO_A_ENGINE_LANE_COUNT))
		snprintf(lanes, sizeof(lanes), "%u", e->lane_count);
	if (cpo_has(e->present, CPO_A_ENGINE_LANE_RATE))
		cpoctl_fmt_rate(rate, sizeof(rate), e->lane_rate);
	else
		strcpy(rate, "-");
	if (e->unreachable)
		brief_flag(flags, sizeof(flags), "UNREACHABLE");
	if (cpo_has(e->present, CPO_A_ENGINE_SLOT_STATE) &&
	    e->slot_state != CPO_SLOT_STATE_ACTIVE) {
		snprintf(fault, sizeof(fault), "SLOT:%s",
			 brief_enum(state, sizeof(state), &cpo_slot_state_enum,
				    e->slot_state, true));
		brief_flag(flags, sizeof(flags), fault);
	}
	if (cpo_has(e->present, CPO_A_ENGINE_FAULT_CAUSE)) {
		cause = cpo_enum_name(&cpo_fault_cause_enum, e->fault_cause);
		if (cause)
			snprintf(fault, sizeof(fault), "FAULT:%s", cause);
		else
			snprintf(fault, sizeof(fault), "FAULT:%u",
				 e->fault_cause);
		brief_flag(flags, sizeof(flags), fault);
	}
	print_text("%-5u %-15s %-4s %-8s %-4s %4s %5s %7s <%s>", e->id,
		   cpo_has(e->present, CPO_A_ENGINE_DEV_NAME) ?
		   e->dev_name : "-",
		   brief_enum(type, sizeof(type), &cpo_engine_type_enum,
			      e->type, cpo_has(e->present, CPO_A_ENGINE_TYPE)),
		   brief_engine_state(state, sizeof(state), e),
		   brief_enum(mode, sizeof(mode), &cpo_power_mode_enum,
			      e->power_mode,
			      cpo_has(e->present, CPO_A_ENGINE_POWER_MODE)),
		   lanes, rate,
		   brief_temp(temp, sizeof(temp), e->temperature,
			      cpo_has(e->present, CPO_A_ENGINE_TEMPERATURE)),
		   flags);
	if (cpo_has(e->present, CPO_A_ENGINE_LOCATION))
		print_text(" %s", e->location);
	print_text("\n");
}

static const char *brief_on_off(uint8_t v, bool present)
{
	if (!present)
		return "-";
	return v ? "on" : "off";
}

void cpoctl_lane_print_brief(const struct cpo_lane *l)
{
	char engine[16] = "-", index[16] = "-", dp[16], tx[24], rx[24];
	char flags[64] = "";
	uint64_t p = l->present;

	if (cpo_has(p, CPO_A_LANE_ENGINE_ID))
		snprintf(engine, sizeof(engine), "%u", l->engine_id);
	if (cpo_has(p, CPO_A_LANE_INDEX))
		snprintf(index, sizeof(index), "%u", l->index);
	/* the kernel leaves a clear flag out: absent is "no" */
	if (l->rx_los)
		brief_flag(flags, sizeof(flags), "RX_LOS");
	if (l->rx_lol)
		brief_flag(flags, sizeof(flags), "RX_LOL");
	if (l->tx_fault)
		brief_flag(flags, sizeof(flags), "TX_FAULT");
	if (cpo_has(p, CPO_A_LANE_FIBER_CONNECTED) && !l->fiber_connected)
		brief_flag(flags, sizeof(flags), "NO_FIBER");
	print_text("%-6u %-6s %-4s %-10s %-11s %-3s %-3s %9s %9s <%s>\n", l->id,
		   engine, index,
		   cpo_has(p, CPO_A_LANE_IFNAME) ? l->ifname : "-",
		   brief_enum(dp, sizeof(dp), &cpo_dp_state_enum, l->dp_state,
			      cpo_has(p, CPO_A_LANE_DP_STATE)),
		   brief_on_off(l->tx_enable, cpo_has(p, CPO_A_LANE_TX_ENABLE)),
		   brief_on_off(l->rx_enable, cpo_has(p, CPO_A_LANE_RX_ENABLE)),
		   brief_dbm(tx, sizeof(tx), l->tx_power, 6,
			     cpo_has(p, CPO_A_LANE_TX_POWER)),
		   brief_dbm(rx, sizeof(rx), l->rx_power, 6,
			     cpo_has(p, CPO_A_LANE_RX_POWER)),
		   flags);
}

void cpoctl_laser_print_brief(const struct cpo_laser *l)
{
	char type[16], role[16], state[16], power[24], temp[24], lanes[16];
	uint64_t p = l->present;

	/* an absent list is an empty one, as in the full view */
	snprintf(lanes, sizeof(lanes), "%u%s", l->lane_ids.n,
		 l->lane_ids.truncated ? "+" : "");
	print_text("%-5u %-15s %-8s %-7s %-7s %-3s %9s %7s %5s", l->id,
		   cpo_has(p, CPO_A_LASER_DEV_NAME) ? l->dev_name : "-",
		   brief_enum(type, sizeof(type), &cpo_laser_type_enum,
			      l->type, cpo_has(p, CPO_A_LASER_TYPE)),
		   brief_enum(role, sizeof(role), &cpo_laser_role_enum,
			      l->role, cpo_has(p, CPO_A_LASER_ROLE)),
		   !cpo_has(p, CPO_A_LASER_STATE) &&
		   cpo_has(p, CPO_A_LASER_SLOT_STATE) ?
		   brief_enum(state, sizeof(state), &cpo_slot_state_enum,
			      l->slot_state, true) :
		   brief_enum(state, sizeof(state), &cpo_laser_state_enum,
			      l->state, cpo_has(p, CPO_A_LASER_STATE)),
		   brief_on_off(l->enable, cpo_has(p, CPO_A_LASER_ENABLE)),
		   brief_dbm(power, sizeof(power), l->output_power, 3,
			     cpo_has(p, CPO_A_LASER_OUTPUT_POWER)),
		   brief_temp(temp, sizeof(temp), l->temperature,
			      cpo_has(p, CPO_A_LASER_TEMPERATURE)),
		   lanes);
	if (cpo_has(p, CPO_A_LASER_LOCATION))
		print_text(" %s", l->location);
	print_text("\n");
}
