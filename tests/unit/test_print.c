// SPDX-License-Identifier: GPL-2.0
/*
 * The print layer and the object printers: one path, text and JSON.
 */
#include <string.h>

#include "helpers.h"
#include "cpoctl.h"
#include "json_print.h"

static char buf[T_BUF_SIZE];

#define capture t_print_capture

static void print_some(const void *arg)
{
	(void)arg;
	open_json_object(NULL);
	print_uint(PRINT_ANY, "lane-count", "lane-count %u", 8);
	print_string(PRINT_ANY, "vendor", " vendor %s", "ACME");
	print_int(PRINT_ANY, "temperature", " temperature %d", -5);
	print_bool(PRINT_ANY, "flag", " flag %s", true);
	print_uint(PRINT_JSON, "json-only", NULL, 1);
	print_string(PRINT_FP, NULL, " text-only %s", "yes");
	print_text(" more");
	print_nl_indent(3);
	print_text(" next");
	print_nl();
	close_json_object();
}

static void test_print_layer(void)
{
	struct t_capture c;

	T_ASSERT_STR(capture(&c, false, false, print_some, NULL),
		     "lane-count 8 vendor ACME temperature -5 flag true"
		     " text-only yes more\n    next\n");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, false, true, print_some, NULL),
		     "lane-count 8 vendor ACME temperature -5 flag true"
		     " text-only yes more next");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, true, false, print_some, NULL),
		     "{\"lane-count\":8,\"vendor\":\"ACME\",\"temperature\":-5,"
		     "\"flag\":true,\"json-only\":1}\n");
	t_capture_free(&c);
}

static void test_formatters(void)
{
	char s[64];

	cpoctl_fmt_scaled(s, sizeof(s), 45000, 1000, 1, "C");
	T_ASSERT_STR(s, "45.0 C");
	cpoctl_fmt_scaled(s, sizeof(s), -1500, 1000, 1, "C");
	T_ASSERT_STR(s, "-1.5 C");
	cpoctl_fmt_scaled(s, sizeof(s), -40, 1000, 1, "C");
	T_ASSERT_STR(s, "0.0 C");		/* no negative zero */
	cpoctl_fmt_scaled(s, sizeof(s), 3300000, 1000000, 3, "V");
	T_ASSERT_STR(s, "3.300 V");
	cpoctl_fmt_scaled(s, sizeof(s), 1000000, 1000000, 3, "mW");
	T_ASSERT_STR(s, "1.000 mW");
	cpoctl_fmt_scaled(s, sizeof(s), 999999, 1000000, 3, "mW");
	T_ASSERT_STR(s, "1.000 mW");		/* rounded */
	cpoctl_fmt_scaled(s, sizeof(s), 12345, 1000000, 3, "mW");
	T_ASSERT_STR(s, "0.012 mW");
	cpoctl_fmt_scaled(s, sizeof(s), UINT32_MAX, 1000, 0, "mA");
	T_ASSERT_STR(s, "4294967 mA");
	cpoctl_fmt_rate(s, sizeof(s), 200000);
	T_ASSERT_STR(s, "200G");
	cpoctl_fmt_rate(s, sizeof(s), 53125);
	T_ASSERT_STR(s, "53125M");
	cpoctl_fmt_rate(s, sizeof(s), 0);
	T_ASSERT_STR(s, "0M");
	cpoctl_fmt_ber(s, sizeof(s), T_BER_E18);
	T_ASSERT_STR(s, "2.4e-05");
	cpoctl_fmt_ber(s, sizeof(s), 0);
	T_ASSERT_STR(s, "0");
	cpoctl_fmt_ber(s, sizeof(s), 1);
	T_ASSERT_STR(s, "1.0e-18");
	cpoctl_fmt_ber(s, sizeof(s), 1000000000000000000ULL);
	T_ASSERT_STR(s, "1.0e+00");
	cpoctl_fmt_ber(s, sizeof(s), 125000000000ULL);	/* 1.25e-7 */
	T_ASSERT_STR(s, "1.2e-07");
}

static void print_engine(const void *arg)
{
	cpoctl_engine_print(arg, NULL);
	print_nl();
}

static void print_lane(const void *arg)
{
	cpoctl_lane_print(arg, NULL);
	print_nl();
}

static void print_event(const void *arg)
{
	cpoctl_event_print(arg);
}

static void print_laser(const void *arg)
{
	cpoctl_laser_print(arg, NULL);
	print_nl();
}

static void print_topology(const void *arg)
{
	cpoctl_topology_print(arg);
}

static void full_laser(struct cpo_laser *l)
{
	struct nlmsghdr *nlh = t_msg(buf, T_FAMILY, CPO_CMD_LASER_GET, 0, 0);

	t_put_laser_full(nlh);
	CU_ASSERT_EQUAL_FATAL(cpo_laser_parse(nlh, l, NULL), 0);
}

static void full_engine(struct cpo_engine *e)
{
	struct nlmsghdr *nlh = t_msg(buf, T_FAMILY, CPO_CMD_ENGINE_GET, 0, 0);

	t_put_engine_full(nlh);
	CU_ASSERT_EQUAL_FATAL(cpo_engine_parse(nlh, e, NULL), 0);
}

static void full_lane(struct cpo_lane *l)
{
	struct nlmsghdr *nlh = t_msg(buf, T_FAMILY, CPO_CMD_LANE_GET, 0, 0);

	t_put_lane_full(nlh);
	CU_ASSERT_EQUAL_FATAL(cpo_lane_parse(nlh, l, NULL), 0);
}

static void test_engine_text_and_json(void)
{
	struct cpo_engine e;
	struct t_capture c;

	full_engine(&e);
	T_ASSERT_STR(capture(&c, false, false, print_engine, &e),
		     "engine 7: UNREACHABLE STALE dev-name cposim0 type npo"
		     " location slot 1 slot-state fault\n"
		     "    vendor ACME \"Optics\" part-number PN-1 serial SN0001"
		     " hw-rev 1.0 fw-version 2.3 fw-inactive 2.2\n"
		     "    lane-count 8 lane-rate 200G media-type smf"
		     " field-replaceable yes\n"
		     "    module-state ready fault-cause over-temperature"
		     " power-mode high\n"
		     "    temperature -1.5 C voltage 3.300 V power-draw 9.800 W"
		     " energy-per-bit 1.53 pJ/bit\n"
		     "    refreshed 2.5 s ago refresh-interval 1000 ms"
		     " refresh-duration 2.345 ms\n"
		     "    bus-transactions 123456 bus-bytes 7890123 bus-errors 3"
		     " bus-retries 7 bus-busy-time 5.235 s bus-load 0.12 %"
		     " bus-last-error ETIMEDOUT\n"
		     "    service-state prepared fw-min-version 2.1\n"
		     "    firmware a 2.1.7 running committed, b no valid image\n"
		     "    flash failed 4096/8256 bytes file cpo/oe.bin:"
		     " the module refused a parameter\n"
		     "    selftest done pass no lanes 32 lanes-failed 1"
		     " pattern ssprq gate-time 500 ms ber-limit 1.0e-12"
		     " started 0.0 s ago ended just now\n"
		     "    stats dp-activations 12 dp-deactivations 11"
		     " module-faults 2 module-ready 3 swaps 2"
		     " last-swap-time 0.0 s ago elapsed 3723.000 s\n");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, true, false, print_engine, &e),
		     "{\"id\":7,\"unreachable\":true,\"stale\":true,\"dev-name\":\"cposim0\","
		     "\"type\":\"npo\","
		     "\"location\":\"slot 1\",\"slot-state\":\"fault\","
		     "\"vendor\":\"ACME \\\"Optics\\\"\","
		     "\"part-number\":\"PN-1\",\"serial\":\"SN0001\","
		     "\"hw-rev\":\"1.0\",\"fw-version\":\"2.3\","
		     "\"fw-inactive\":\"2.2\","
		     "\"lane-count\":8,\"lane-rate\":200000,\"media-type\":\"smf\","
		     "\"field-replaceable\":true,\"module-state\":\"ready\","
		     "\"fault-cause\":\"over-temperature\","
		     "\"power-mode\":\"high\",\"temperature\":-1500,"
		     "\"voltage\":3300000,\"power-draw\":9800000,"
		     "\"energy-per-bit\":1531,"
		     "\"refreshed\":1748771997623456789,"
		     "\"refresh-interval\":1000,\"refresh-duration\":2345000,"
		     "\"bus-transactions\":123456,\"bus-bytes\":7890123,"
		     "\"bus-errors\":3,\"bus-retries\":7,"
		     "\"bus-busy-time\":5234567890,\"bus-load\":1234,"
		     "\"bus-last-error\":110,"
		     "\"service-state\":\"prepared\",\"fw-min-version\":\"2.1\","
		     "\"firmware\":[{\"bank\":\"a\",\"version\":\"2.1.7\","
		     "\"running\":1,\"committed\":1,\"valid\":1},"
		     "{\"bank\":\"b\",\"running\":0,\"committed\":0,"
		     "\"valid\":0}],"
		     "\"flash\":{\"state\":\"failed\",\"done\":4096,"
		     "\"total\":8256,\"file\":\"cpo/oe.bin\","
		     "\"message\":\"the module refused a parameter\","
		     "\"started\":1748772000123456789,"
		     "\"updated\":1748772000123456790},"
		     "\"selftest\":{\"state\":\"done\",\"pass\":0,\"lanes\":32,"
		     "\"lanes-failed\":1,\"pattern\":\"ssprq\",\"gate-time\":500,"
		     "\"ber-limit\":1000000,\"started\":1748772000123456789,"
		     "\"ended\":1748772000623456789},"
		     "\"stats\":{\"dp-activations\":12,\"dp-deactivations\":11,"
		     "\"module-faults\":2,\"module-ready\":3,"
		     "\"swaps\":2,\"last-swap-time\":1748772000123456789,"
		     "\"elapsed\":3723000000000}}\n");
	t_capture_free(&c);
}

/* The other side of each refresh and bus format. */
static void test_engine_refresh_and_bus(void)
{
	struct cpo_engine e = {
		.present = CPO_BIT(CPO_A_ENGINE_ID) |
			   CPO_BIT(CPO_A_ENGINE_REFRESH_INTERVAL) |
			   CPO_BIT(CPO_A_ENGINE_BUS_ERRORS) |
			   CPO_BIT(CPO_A_ENGINE_BUS_LAST_ERROR) |
			   CPO_BIT(CPO_A_ENGINE_BUS_LOAD),
		.id = 1, .refresh_interval = 0, .bus_errors = 0,
		.bus_last_error = 0, .bus_load = 1000000,
		.refreshed = T_NTF_TS,		/* absent: never shown */
		.unreachable = false,
	};
	struct t_capture c;

	/* never read, on change only, reachable, no error: no alert */
	T_ASSERT_STR(capture(&c, false, false, print_engine, &e),
		     "engine 1:\n"
		     "    field-replaceable no\n"
		     "    refreshed never refresh-interval on change only\n"
		     "    bus-errors 0 bus-load 100.00 %\n");
	t_capture_free(&c);
	/* raw values only; no "never" in JSON */
	T_ASSERT_STR(capture(&c, true, false, print_engine, &e),
		     "{\"id\":1,\"unreachable\":false,"
		     "\"field-replaceable\":false,\"refresh-interval\":0,"
		     "\"bus-errors\":0,\"bus-load\":1000000,"
		     "\"bus-last-error\":0}\n");
	t_capture_free(&c);

	/* an age against the clock of the moment, 12.5 min later ... */
	e.present = CPO_BIT(CPO_A_ENGINE_ID) | CPO_BIT(CPO_A_ENGINE_REFRESHED) |
		    CPO_BIT(CPO_A_ENGINE_REFRESH_INTERVAL);
	e.refresh_interval = 3600000;
	t_now = T_NTF_TS + 750000000000ULL;
	T_ASSERT_STR(capture(&c, false, true, print_engine, &e),
		     "engine 1: field-replaceable no refreshed 12 min ago"
		     " refresh-interval 3600000 ms");
	t_capture_free(&c);
	/* ... or 3 s earlier than the kernel's stamp (clock stepped back) */
	t_now = T_NTF_TS - 3000000000ULL;
	T_ASSERT_STR(capture(&c, false, true, print_engine, &e),
		     "engine 1: field-replaceable no refreshed just now"
		     " refresh-interval 3600000 ms");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, true, true, print_engine, &e),
		     "{\"id\":1,\"unreachable\":false,"
		     "\"field-replaceable\":false,"
		     "\"refreshed\":1748772000123456789,"
		     "\"refresh-interval\":3600000}\n");
	t_capture_free(&c);
	t_now = T_NTF_TS;
}

static void test_lane_text_and_json(void)
{
	struct cpo_lane l;
	struct t_capture c;

	full_lane(&l);
	T_ASSERT_STR(capture(&c, false, false, print_lane, &l),
		     "lane 17: STALE engine-id 1 index 0 ifname swp1 ifindex 5"
		     " refreshed 2.5 s ago\n"
		     "    dp-state activated tx-enable on rx-enable on power up\n"
		     "    tx-power 1.000 mW (0.00 dBm) rx-power 0.900 mW"
		     " (-0.46 dBm) tx-bias 45.000 mA\n"
		     "    pre-fec-ber 2.4e-05 snr 18.50 dB\n"
		     "    rx-los no rx-lol no tx-fault yes\n"
		     "    fiber-position J3.7 fiber-connected yes laser-id 2\n"
		     "    test failed prbs31q side media loopback media-input"
		     " gate-time 1000 ms\n"
		     "      bits 200000000000 errors 200 ber 1.0e-09 locked yes"
		     " lost-lock yes ber-limit 1.0e-12 pass no message no lock"
		     " started 0.0 s ago ended just now\n"
		     "    stats dp-activations 3 dp-deactivations 4"
		     " rx-los-count 5 rx-lol-count 6 tx-fault-count 7 failovers 1"
		     " time-in-service 5.235 s elapsed 3723.000 s\n");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, true, false, print_lane, &l),
		     "{\"id\":17,\"stale\":true,\"engine-id\":1,\"index\":0,"
		     "\"ifname\":\"swp1\",\"ifindex\":5,"
		     "\"refreshed\":1748771997623456789,"
		     "\"dp-state\":\"activated\",\"tx-enable\":1,\"rx-enable\":1,"
		     "\"power\":\"up\","
		     "\"tx-power\":1000000,\"rx-power\":900000,\"tx-bias\":45000,"
		     "\"pre-fec-ber\":24000000000000,\"snr\":1850,"
		     "\"rx-los\":0,\"rx-lol\":0,\"tx-fault\":1,"
		     "\"fiber-position\":\"J3.7\",\"fiber-connected\":1,"
		     "\"laser-id\":2,"
		     "\"test\":{\"state\":\"failed\",\"pattern\":\"prbs31q\","
		     "\"side\":\"media\",\"loopback\":\"media-input\","
		     "\"gate-time\":1000,\"bits\":200000000000,\"errors\":200,"
		     "\"ber\":1000000000,\"locked\":1,\"lost-lock\":1,"
		     "\"ber-limit\":1000000,\"pass\":0,\"message\":\"no lock\","
		     "\"started\":1748772000123456789,"
		     "\"ended\":1748772000123456790},"
		     "\"stats\":{\"dp-activations\":3,\"dp-deactivations\":4,"
		     "\"rx-los-count\":5,\"rx-lol-count\":6,"
		     "\"tx-fault-count\":7,\"failovers\":1,"
		     "\"time-in-service\":5234567890,"
		     "\"elapsed\":3723000000000}}\n");
	t_capture_free(&c);
}

static void test_laser_text_and_json(void)
{
	static struct cpo_laser l;
	struct t_capture c;

	full_laser(&l);
	T_ASSERT_STR(capture(&c, false, false, print_laser, &l),
		     "laser 3: STALE dev-name cposim0 type external location ELS-1"
		     " slot-state empty refreshed 2.5 s ago\n"
		     "    role spare state on enable on failover-policy manual"
		     " spare-id 4 covering-id 1 standby-id 9\n"
		     "    wavelength 1310.00 nm output-power 100.000 mW"
		     " (20.00 dBm) bias 300.000 mA temperature -2.5 C hours 1234\n"
		     "    swaps 5 last-swap-time 0.0 s ago service-state failed"
		     " fw-min-version 1.5\n"
		     "    lane-id 11,12,17\n"
		     "    firmware a 1.4.7 running committed, b 1.3.7\n"
		     "    flash downloading 2048/6064 bytes file cpo/els.bin\n");
	t_capture_free(&c);
	/* raw numbers, enums by name, the list as an array; no failover */
	T_ASSERT_STR(capture(&c, true, false, print_laser, &l),
		     "{\"id\":3,\"stale\":true,\"dev-name\":\"cposim0\",\"type\":\"external\","
		     "\"location\":\"ELS-1\",\"slot-state\":\"empty\","
		     "\"refreshed\":1748771997623456789,"
		     "\"role\":\"spare\",\"state\":\"on\","
		     "\"enable\":1,\"failover-policy\":\"manual\",\"spare-id\":4,"
		     "\"covering-id\":1,\"standby-id\":9,\"wavelength\":1310000,"
		     "\"output-power\":100000,\"bias\":300000,"
		     "\"temperature\":-2500,\"hours\":1234,"
		     "\"swaps\":5,\"last-swap-time\":1748772000123456789,"
		     "\"service-state\":\"failed\",\"fw-min-version\":\"1.5\","
		     "\"lane-id\":[11,12,17],"
		     "\"firmware\":[{\"bank\":\"a\",\"version\":\"1.4.7\","
		     "\"running\":1,\"committed\":1,\"valid\":1},"
		     "{\"bank\":\"b\",\"version\":\"1.3.7\",\"running\":0,"
		     "\"committed\":0,\"valid\":1}],"
		     "\"flash\":{\"state\":\"downloading\",\"done\":2048,"
		     "\"total\":6064,\"file\":\"cpo/els.bin\","
		     "\"started\":1748772000123456789,"
		     "\"updated\":1748772000123456790}}\n");
	t_capture_free(&c);
}

static void test_laser_lists_empty_and_cut(void)
{
	static struct cpo_laser l;
	struct t_capture c;

	memset(&l, 0, sizeof(l));
	l.present = CPO_BIT(CPO_A_LASER_ID) | CPO_BIT(CPO_A_LASER_STATE);
	l.id = 5;
	l.state = CPO_LASER_STATE_FAILED;
	/* an absent list is an empty one, shown as such */
	T_ASSERT_STR(capture(&c, false, false, print_laser, &l),
		     "laser 5: refreshed never\n    state failed\n"
		     "    lane-id none\n");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, true, false, print_laser, &l),
		     "{\"id\":5,\"state\":\"failed\",\"lane-id\":[]}\n");
	t_capture_free(&c);

	l.present = CPO_BIT(CPO_A_LASER_ID) | CPO_BIT(CPO_A_LASER_LANE_ID);
	l.lane_ids.n = 2;
	l.lane_ids.ids[0] = 1;
	l.lane_ids.ids[1] = 2;
	l.lane_ids.truncated = true;
	T_ASSERT_STR(capture(&c, false, true, print_laser, &l),
		     "laser 5: refreshed never lane-id 1,2,...");
	t_capture_free(&c);
}

static void test_topology_text_and_json(void)
{
	static struct cpo_topology t;
	struct t_capture c;

	memset(&t, 0, sizeof(t));
	t.present = CPO_BIT(CPO_A_TOPOLOGY_LASER_ID) |
		    CPO_BIT(CPO_A_TOPOLOGY_LANE_ID) |
		    CPO_BIT(CPO_A_TOPOLOGY_IFINDEX) |
		    CPO_BIT(CPO_A_TOPOLOGY_SPARE_ID);
	t.laser_id = 2;
	t.spare_id = 3;
	t.lane_ids.n = 2;
	t.lane_ids.ids[0] = 9;
	t.lane_ids.ids[1] = 10;
	t.ifindexes.n = 1;
	t.ifindexes.ids[0] = 41;
	T_ASSERT_STR(capture(&c, false, false, print_topology, &t),
		     "laser 2 failure: spare-id 3\n"
		     "    lane-id 9,10\n"
		     "    ifindex 41\n");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, true, false, print_topology, &t),
		     "{\"laser-id\":2,\"spare-id\":3,\"lane-id\":[9,10],"
		     "\"ifindex\":[41]}\n");
	t_capture_free(&c);

	/* an engine whose lanes feed no port */
	memset(&t, 0, sizeof(t));
	t.present = CPO_BIT(CPO_A_TOPOLOGY_ENGINE_ID) |
		    CPO_BIT(CPO_A_TOPOLOGY_LANE_ID);
	t.engine_id = 1;
	t.lane_ids.n = 1;
	t.lane_ids.ids[0] = 1;
	T_ASSERT_STR(capture(&c, false, false, print_topology, &t),
		     "engine 1 failure:\n"
		     "    lane-id 1\n"
		     "    ifindex none\n");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, true, false, print_topology, &t),
		     "{\"engine-id\":1,\"lane-id\":[1],\"ifindex\":[]}\n");
	t_capture_free(&c);
}

static void test_absent_and_unknown(void)
{
	struct cpo_lane l = {
		.present = CPO_BIT(CPO_A_LANE_ID) | CPO_BIT(CPO_A_LANE_TX_POWER) |
			   CPO_BIT(CPO_A_LANE_DP_STATE),
		.id = 3, .tx_power = 2500, .dp_state = CPO_DP_STATE_MAX + 5,
		.rx_power = 77,		/* not present: never printed */
	};
	struct cpo_engine e = {
		.present = CPO_BIT(CPO_A_ENGINE_ID), .id = 2,
	};
	struct t_capture c;

	T_ASSERT_STR(capture(&c, false, false, print_lane, &l),
		     "lane 3: refreshed never\n    dp-state 12\n"
		     "    tx-power 0.003 mW (-26.02 dBm)\n");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, true, false, print_lane, &l),
		     "{\"id\":3,\"dp-state\":12,\"tx-power\":2500}\n");
	t_capture_free(&c);
	/* an absent flag is false, not unknown */
	T_ASSERT_STR(capture(&c, true, false, print_engine, &e),
		     "{\"id\":2,\"unreachable\":false,"
		     "\"field-replaceable\":false}\n");
	t_capture_free(&c);
}

static void test_event_print(void)
{
	static struct cpo_event ev;
	struct t_capture c;

	memset(&ev, 0, sizeof(ev));
	ev.cmd = CPO_CMD_LANE_CHANGE_NTF;
	ev.obj = CPO_OBJ_LANE;
	ev.op = CPO_EVENT_CHANGE;
	ev.name = "lane-change";

	ev.lane.present = CPO_BIT(CPO_A_LANE_ID) | CPO_BIT(CPO_A_LANE_ENGINE_ID) |
			  CPO_BIT(CPO_A_LANE_TX_ENABLE);
	ev.lane.id = 3;
	ev.lane.engine_id = 1;
	ev.lane.tx_enable = 0;
	T_ASSERT_STR(capture(&c, true, true, print_event, &ev),
		     "{\"event\":\"lane-change\",\"lane\":{\"id\":3,"
		     "\"engine-id\":1,\"tx-enable\":0}}\n");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, false, true, print_event, &ev),
		     "[lane-change] lane 3: engine-id 1 refreshed never"
		     " tx-enable off\n");
	t_capture_free(&c);

	memset(&ev, 0, sizeof(ev));
	ev.obj = CPO_OBJ_ENGINE;
	ev.name = "engine-delete";
	ev.engine.present = CPO_BIT(CPO_A_ENGINE_ID);
	ev.engine.id = 4;
	T_ASSERT_STR(capture(&c, true, true, print_event, &ev),
		     "{\"event\":\"engine-delete\",\"engine\":{\"id\":4,"
		     "\"unreachable\":false,\"field-replaceable\":false}}\n");
	t_capture_free(&c);

	memset(&ev, 0, sizeof(ev));
	ev.obj = CPO_OBJ_LASER;
	ev.op = CPO_EVENT_FAILOVER;
	ev.name = "laser-failover";
	ev.laser.present = CPO_BIT(CPO_A_LASER_ID) |
			   CPO_BIT(CPO_A_LASER_STATE) |
			   CPO_BIT(CPO_A_LASER_COVERING_ID) |
			   CPO_BIT(CPO_A_LASER_LANE_ID);
	ev.laser.id = 4;
	ev.laser.state = CPO_LASER_STATE_ON;
	ev.laser.covering_id = 1;
	ev.laser.lane_ids.n = 2;
	ev.laser.lane_ids.ids[0] = 7;
	ev.laser.lane_ids.ids[1] = 8;
	T_ASSERT_STR(capture(&c, true, true, print_event, &ev),
		     "{\"event\":\"laser-failover\",\"laser\":{\"id\":4,"
		     "\"state\":\"on\",\"covering-id\":1,\"lane-id\":[7,8]}}\n");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, false, true, print_event, &ev),
		     "[laser-failover] laser 4: refreshed never state on"
		     " covering-id 1 lane-id 7,8\n");
	t_capture_free(&c);

	/* failback: the primary, naming its spare, its lanes back */
	memset(&ev, 0, sizeof(ev));
	ev.cmd = CPO_CMD_LASER_FAILBACK_NTF;
	ev.obj = CPO_OBJ_LASER;
	ev.op = CPO_EVENT_FAILBACK;
	ev.name = "laser-failback";
	ev.laser.present = CPO_BIT(CPO_A_LASER_ID) |
			   CPO_BIT(CPO_A_LASER_STATE) |
			   CPO_BIT(CPO_A_LASER_SPARE_ID) |
			   CPO_BIT(CPO_A_LASER_LANE_ID) |
			   CPO_BIT(CPO_A_LASER_FAILBACK);
	ev.laser.id = 1;
	ev.laser.state = CPO_LASER_STATE_ON;
	ev.laser.spare_id = 4;
	ev.laser.failback = true;	/* a request flag: never printed */
	ev.laser.lane_ids.n = 2;
	ev.laser.lane_ids.ids[0] = 7;
	ev.laser.lane_ids.ids[1] = 8;
	T_ASSERT_STR(capture(&c, true, true, print_event, &ev),
		     "{\"event\":\"laser-failback\",\"laser\":{\"id\":1,"
		     "\"state\":\"on\",\"spare-id\":4,\"lane-id\":[7,8]}}\n");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, false, true, print_event, &ev),
		     "[laser-failback] laser 1: refreshed never state on"
		     " spare-id 4 lane-id 7,8\n");
	t_capture_free(&c);
}

static void print_lane_set(const void *arg)
{
	cpoctl_lane_set_print(arg);
}

static void test_lane_set_reply(void)
{
	static struct cpo_lane r;
	struct cpo_blast_radius *b = &r.blast_radius.items[0];
	struct t_capture c;

	r.engine_id = 3;
	r.dry_run = true;
	r.index_mask.len = 2;
	r.index_mask.bits[0] = 0x0f;
	r.index_mask.bits[1] = 0x10;
	r.blast_radius.n = 1;
	b->lane_ids.n = 2;
	b->lane_ids.ids[0] = 40;
	b->lane_ids.ids[1] = 41;
	b->ifindexes.n = 1;
	b->ifindexes.ids[0] = 7;
	T_ASSERT_STR(capture(&c, false, false, print_lane_set, &r),
		     "engine 3: lanes 0-3,12 would change\n"
		     "  blast radius: lane ids 40 41, ifindex 7\n");
	t_capture_free(&c);
	T_ASSERT_STR(capture(&c, true, false, print_lane_set, &r),
		     "{\"engine-id\":3,\"dry-run\":true,"
		     "\"index-mask\":\"0f10\",\"index\":[0,1,2,3,12],"
		     "\"blast-radius\":{\"lane-id\":[40,41],\"ifindex\":[7]}}\n");
	t_capture_free(&c);
	/* nothing changed: the lanes are none, the lists empty */
	r.dry_run = false;
	memset(r.index_mask.bits, 0, sizeof(r.index_mask.bits));
	b->lane_ids.n = 0;
	b->ifindexes.n = 0;
	T_ASSERT_STR(capture(&c, false, false, print_lane_set, &r),
		     "engine 3: lanes none changed\n"
		     "  blast radius: lane ids, ifindex\n");
	t_capture_free(&c);
}

CU_TestInfo print_tests[] = {
	{ "print layer: text, one-line and JSON", test_print_layer },
	{ "human formats for units and rates", test_formatters },
	{ "engine in text and JSON", test_engine_text_and_json },
	{ "engine refresh and bus fields, both ways",
	  test_engine_refresh_and_bus },
	{ "lane in text and JSON", test_lane_text_and_json },
	{ "lane-set reply in text and JSON", test_lane_set_reply },
	{ "laser in text and JSON", test_laser_text_and_json },
	{ "laser lane lists: empty and cut short", test_laser_lists_empty_and_cut },
	{ "topology in text and JSON", test_topology_text_and_json },
	{ "absent fields and unknown enum values", test_absent_and_unknown },
	{ "monitor events, laser failover and failback included",
	  test_event_print },
	CU_TEST_INFO_NULL,
};
