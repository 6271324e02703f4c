// SPDX-License-Identifier: GPL-2.0
/*
 * cpo-exporter's page without a kernel: a copy filled by events, the
 * gzip page (inflated, it is the plain page), its reuse within a
 * generation, Accept-Encoding, and --lane-thresholds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "helpers.h"
#include "exporter.h"

#define T_NOW	1750000000000000000ull

/* A lane-create event of lane @id, index @index of engine @engine. */
static void add_lane(struct exp_state *s, uint32_t id, uint32_t engine,
		     uint32_t index, uint32_t rx_power)
{
	struct cpo_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.obj = CPO_OBJ_LANE;
	ev.op = CPO_EVENT_CREATE;
	ev.lane.present = CPO_BIT(CPO_A_LANE_ID) | CPO_BIT(CPO_A_LANE_ENGINE_ID) |
			  CPO_BIT(CPO_A_LANE_INDEX) | CPO_BIT(CPO_A_LANE_RX_POWER);
	ev.lane.id = id;
	ev.lane.engine_id = engine;
	ev.lane.index = index;
	ev.lane.rx_power = rx_power;
	CU_ASSERT_EQUAL(exp_state_event(&ev, s), 0);
}

static void add_engine(struct exp_state *s, uint32_t id)
{
	struct cpo_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.obj = CPO_OBJ_ENGINE;
	ev.op = CPO_EVENT_CREATE;
	ev.engine.present = CPO_BIT(CPO_A_ENGINE_ID) |
			    CPO_BIT(CPO_A_ENGINE_DEV_NAME) |
			    CPO_BIT(CPO_A_ENGINE_TEMPERATURE);
	ev.engine.id = id;
	snprintf(ev.engine.dev_name, sizeof(ev.engine.dev_name), "cposim0");
	ev.engine.temperature = 41500;
	CU_ASSERT_EQUAL(exp_state_event(&ev, s), 0);
}

/* An rx-power threshold with low-warning @lw, the other levels fixed. */
static void set_rx_threshold(struct exp_diag *d, int64_t lw)
{
	struct cpo_threshold *t = calloc(1, sizeof(*t));

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	t->quantity = CPO_QUANTITY_RX_POWER;
	t->high_alarm = 2000000;
	t->high_warning = 1500000;
	t->low_warning = lw;
	t->low_alarm = 10000;
	free(d->thresholds);
	d->thresholds = t;
	d->n_thresholds = 1;
}

/* Engine 1 with lanes 10 and 11; lane 11 has a low-warning of its own. */
static void fill(struct exp_state *s)
{
	exp_state_init(s);
	add_engine(s, 1);
	add_lane(s, 10, 1, 0, 500000);
	add_lane(s, 11, 1, 1, 400000);
	set_rx_threshold(&exp_engine_find(s, 1)->diag, 50000);
	set_rx_threshold(&exp_lane_find(s, 10)->diag, 50000);
	set_rx_threshold(&exp_lane_find(s, 11)->diag, 60000);
}

/* Inflate a gzip member; NULL when it is not a valid one. */
static char *gunzip(const struct exp_buf *z, size_t *len)
{
	size_t cap = 1 << 20;
	char *out = malloc(cap);
	z_stream zs;
	int ret;

	memset(&zs, 0, sizeof(zs));
	if (!out || inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		free(out);
		return NULL;
	}
	zs.next_in = (unsigned char *)z->p;
	zs.avail_in = z->len;
	zs.next_out = (unsigned char *)out;
	zs.avail_out = cap - 1;
	ret = inflate(&zs, Z_FINISH);
	*len = zs.total_out;
	inflateEnd(&zs);
	/* the whole input is one member, nothing after its trailer */
	if (ret != Z_STREAM_END || zs.avail_in) {
		free(out);
		return NULL;
	}
	out[*len] = '\0';
	return out;
}

static void test_gzip_is_the_page(void)
{
	struct exp_buf plain = {}, gz = {}, whole = {};
	struct exp_page pg = {};
	struct exp_state s;
	unsigned int part;
	char *page;
	size_t len;

	fill(&s);
	CU_ASSERT_EQUAL(exp_page_build(&pg, &s, false, T_NOW, &plain), 0);
	CU_ASSERT_EQUAL(exp_page_build(&pg, &s, true, T_NOW, &gz), 0);
	CU_ASSERT_FATAL(gz.len > 18);
	CU_ASSERT(gz.len < plain.len);
	CU_ASSERT(!memcmp(gz.p, "\x1f\x8b\x08", 3));
	page = gunzip(&gz, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(page);
	CU_ASSERT_EQUAL(len, plain.len);
	CU_ASSERT(!memcmp(page, plain.p, plain.len));
	free(page);
	/* parts put together are the page exp_metrics_render() makes */
	CU_ASSERT_PTR_NOT_NULL(strstr(plain.p,
				      "cpo_lane_rx_power_watts{device=\"cposim0\",engine=\"1\",lane=\"1\"} 0.0004\n"));
	for (part = 0; part < EXP_PARTS; part++)
		CU_ASSERT(exp_metrics_render_part(&s, &whole, part, T_NOW));
	CU_ASSERT_EQUAL_FATAL(whole.len, plain.len);
	CU_ASSERT(!memcmp(whole.p, plain.p, plain.len));
	exp_buf_free(&whole);
	exp_buf_free(&gz);
	exp_buf_free(&plain);
	exp_page_free(&pg);
	exp_state_free(&s);
}

/* Within a generation the static parts are reused; an event renews them. */
static void test_page_generations(void)
{
	struct exp_buf a = {}, b = {};
	struct exp_page pg = {};
	struct exp_state s;
	const char *kept;
	char *page;
	size_t len;

	fill(&s);
	CU_ASSERT_EQUAL(exp_page_build(&pg, &s, true, T_NOW, &a), 0);
	kept = pg.gz[2].p;
	CU_ASSERT_PTR_NOT_NULL_FATAL(kept);
	CU_ASSERT_EQUAL(exp_page_build(&pg, &s, true, T_NOW + 1000000000, &b), 0);
	CU_ASSERT_PTR_EQUAL(pg.gz[2].p, kept);
	CU_ASSERT(pg.gz_valid);

	add_lane(&s, 12, 1, 2, 300000);
	CU_ASSERT_EQUAL(exp_page_build(&pg, &s, true, T_NOW, &b), 0);
	CU_ASSERT_EQUAL(pg.gen, s.gen);
	page = gunzip(&b, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(page);
	CU_ASSERT_PTR_NOT_NULL(strstr(page,
				      "cpo_lane_rx_power_watts{device=\"cposim0\",engine=\"1\",lane=\"2\"} 0.0003\n"));
	free(page);
	exp_buf_free(&a);
	exp_buf_free(&b);
	exp_page_free(&pg);
	exp_state_free(&s);
}

static void test_accept_encoding(void)
{
	CU_ASSERT(exp_accepts_gzip("gzip"));
	CU_ASSERT(exp_accepts_gzip("GZIP"));
	CU_ASSERT(exp_accepts_gzip("deflate, gzip"));
	CU_ASSERT(exp_accepts_gzip("gzip;q=1.0, identity; q=0.5, *;q=0"));
	CU_ASSERT(exp_accepts_gzip("x-gzip"));
	CU_ASSERT(exp_accepts_gzip("br ; q=1, *"));
	CU_ASSERT(exp_accepts_gzip("gzip ; q=0.001"));
	CU_ASSERT(!exp_accepts_gzip(""));
	CU_ASSERT(!exp_accepts_gzip("identity"));
	CU_ASSERT(!exp_accepts_gzip("deflate, br"));
	CU_ASSERT(!exp_accepts_gzip("gzip;q=0"));
	CU_ASSERT(!exp_accepts_gzip("gzip; q=0.0, *"));
	CU_ASSERT(!exp_accepts_gzip("*;q=0"));
	CU_ASSERT(!exp_accepts_gzip("gzipx"));
}

/* The number of lines of @page that begin with @prefix. */
static unsigned int count(const char *page, const char *prefix)
{
	unsigned int n = 0;
	const char *p;

	for (p = page; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		n += !strncmp(p, prefix, strlen(prefix));
	return n;
}

static void test_lane_thresholds(void)
{
	static const char series[] = "cpo_lane_threshold_rx_power_watts{";
	static const char eseries[] = "cpo_engine_threshold_rx_power_watts{";
	struct exp_buf b = {};
	struct exp_state s;

	fill(&s);
	CU_ASSERT(exp_metrics_render(&s, &b));
	CU_ASSERT_EQUAL(count(b.p, series), 8);
	CU_ASSERT_EQUAL(count(b.p, eseries), 4);
	exp_buf_free(&b);

	/* lane 11's low-warning only: the rest equals the engine's */
	s.lane_thresholds = EXP_LANE_TH_DIFFERING;
	CU_ASSERT(exp_metrics_render(&s, &b));
	CU_ASSERT_EQUAL(count(b.p, series), 1);
	CU_ASSERT_EQUAL(count(b.p, "cpo_lane_threshold_rx_power_watts{device=\"cposim0\",engine=\"1\",lane=\"1\",level=\"low-warning\"} 6e-05\n"),
			1);
	CU_ASSERT_EQUAL(count(b.p, eseries), 4);
	exp_buf_free(&b);

	/* an engine without the quantity: every lane threshold differs */
	exp_engine_find(&s, 1)->diag.thresholds[0].quantity =
		CPO_QUANTITY_TX_POWER;
	CU_ASSERT(exp_metrics_render(&s, &b));
	CU_ASSERT_EQUAL(count(b.p, series), 8);
	exp_buf_free(&b);

	s.lane_thresholds = EXP_LANE_TH_NONE;
	CU_ASSERT(exp_metrics_render(&s, &b));
	CU_ASSERT_EQUAL(count(b.p, series), 0);
	CU_ASSERT_EQUAL(count(b.p, "# HELP cpo_lane_threshold_"), 0);
	CU_ASSERT_EQUAL(count(b.p, "cpo_engine_threshold_tx_power_watts{"), 4);
	exp_buf_free(&b);
	exp_state_free(&s);
}

CU_TestInfo exporter_tests[] = {
	{ "gzip page inflates to the plain page", test_gzip_is_the_page },
	{ "static parts kept within a generation", test_page_generations },
	{ "Accept-Encoding takes gzip or not", test_accept_encoding },
	{ "--lane-thresholds all, differing, none", test_lane_thresholds },
	CU_TEST_INFO_NULL,
};
