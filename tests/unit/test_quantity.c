// SPDX-License-Identifier: GPL-2.0
/*
 * Quantities in human units and the kernel's, both ways and exactly;
 * times as ISO 8601.
 */
#include <string.h>

#include "helpers.h"
#include "cpoctl.h"

/* Parse @s as @quantity; the result code, the value in *v. */
static enum cpoctl_num parse(uint32_t quantity, const char *s, int64_t *v)
{
	const struct cpoctl_unit *u = cpoctl_unit_of(quantity);

	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	*v = 12345;
	return cpoctl_parse_unit(u, s, INT64_MAX, v);
}

#define PARSES(q, s, want)						\
	do {								\
		int64_t _v;						\
		enum cpoctl_num _r = parse(q, s, &_v);			\
		if (_r || _v != (want))					\
			fprintf(stderr, "\n  \"%s\": %d %lld\n", s, _r,	\
				(long long)_v);				\
		CU_ASSERT_EQUAL(_r, CPOCTL_NUM_OK);			\
		CU_ASSERT(_v == (want));				\
	} while (0)

#define REFUSED(q, s, why)						\
	do {								\
		int64_t _v;						\
		CU_ASSERT_EQUAL(parse(q, s, &_v), why);			\
		CU_ASSERT(_v == 12345);	/* untouched */			\
	} while (0)

static void test_parse_exact(void)
{
	/* temperature: millidegrees */
	PARSES(CPO_QUANTITY_TEMPERATURE, "80", 80000);
	PARSES(CPO_QUANTITY_TEMPERATURE, "-5", -5000);
	PARSES(CPO_QUANTITY_TEMPERATURE, "75.5", 75500);
	PARSES(CPO_QUANTITY_TEMPERATURE, "75.125C", 75125);
	PARSES(CPO_QUANTITY_TEMPERATURE, "75.125 C", 75125);
	PARSES(CPO_QUANTITY_TEMPERATURE, "0.001", 1);
	PARSES(CPO_QUANTITY_TEMPERATURE, "-0", 0);
	PARSES(CPO_QUANTITY_TEMPERATURE, ".5", 500);
	PARSES(CPO_QUANTITY_TEMPERATURE, "7.55e1", 75500);
	PARSES(CPO_QUANTITY_TEMPERATURE, "75.50000", 75500);
	PARSES(CPO_QUANTITY_TEMPERATURE, "000075.5", 75500);
	PARSES(CPO_QUANTITY_TEMPERATURE, "none", INT64_MAX);
	/* voltage: microvolts */
	PARSES(CPO_QUANTITY_VOLTAGE, "3.63", 3630000);
	PARSES(CPO_QUANTITY_VOLTAGE, "3.465V", 3465000);
	PARSES(CPO_QUANTITY_VOLTAGE, "3.123456", 3123456);
	/* power draw: microwatts */
	PARSES(CPO_QUANTITY_POWER_DRAW, "12.5W", 12500000);
	/* optical power: nanowatts */
	PARSES(CPO_QUANTITY_TX_POWER, "2.0", 2000000);
	PARSES(CPO_QUANTITY_RX_POWER, "0.04", 40000);
	PARSES(CPO_QUANTITY_RX_POWER, "0.05mW", 50000);
	PARSES(CPO_QUANTITY_RX_POWER, "0.000001", 1);
	/* bias: microamperes */
	PARSES(CPO_QUANTITY_TX_BIAS, "80", 80000);
	PARSES(CPO_QUANTITY_TX_BIAS, "70.5mA", 70500);
	/* BER x 10^18 */
	PARSES(CPO_QUANTITY_PRE_FEC_BER, "2.4e-4", 240000000000000LL);
	PARSES(CPO_QUANTITY_PRE_FEC_BER, "1e-5", 10000000000000LL);
	PARSES(CPO_QUANTITY_PRE_FEC_BER, "0.00024", 240000000000000LL);
	PARSES(CPO_QUANTITY_PRE_FEC_BER, "2.4E-04", 240000000000000LL);
	PARSES(CPO_QUANTITY_PRE_FEC_BER, "240e-6", 240000000000000LL);
	PARSES(CPO_QUANTITY_PRE_FEC_BER, "1e-18", 1);
	PARSES(CPO_QUANTITY_PRE_FEC_BER, "5e-1", 500000000000000000LL);
	PARSES(CPO_QUANTITY_PRE_FEC_BER, "1", 1000000000000000000LL);
	PARSES(CPO_QUANTITY_PRE_FEC_BER, "0", 0);
	/* the extremes of 64 bits */
	PARSES(CPO_QUANTITY_TEMPERATURE, "9223372036854775.807", INT64_MAX);
	PARSES(CPO_QUANTITY_TEMPERATURE, "-9223372036854775.808", INT64_MIN);
}

static void test_parse_refused(void)
{
	REFUSED(CPO_QUANTITY_TEMPERATURE, "", CPOCTL_NUM_SYNTAX);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "abc", CPOCTL_NUM_SYNTAX);
	REFUSED(CPO_QUANTITY_TEMPERATURE, ".", CPOCTL_NUM_SYNTAX);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "-", CPOCTL_NUM_SYNTAX);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "+5", CPOCTL_NUM_SYNTAX);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "None", CPOCTL_NUM_SYNTAX);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "75.0005", CPOCTL_NUM_PRECISION);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "80mW", CPOCTL_NUM_UNIT);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "80c", CPOCTL_NUM_UNIT);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "1.2.3", CPOCTL_NUM_UNIT);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "5e", CPOCTL_NUM_UNIT);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "9223372036854775.808",
		CPOCTL_NUM_RANGE);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "1e30", CPOCTL_NUM_RANGE);
	REFUSED(CPO_QUANTITY_TEMPERATURE, "1e-9999", CPOCTL_NUM_PRECISION);
	REFUSED(CPO_QUANTITY_VOLTAGE, "-1", CPOCTL_NUM_NEGATIVE);
	REFUSED(CPO_QUANTITY_VOLTAGE, "3.1234567", CPOCTL_NUM_PRECISION);
	REFUSED(CPO_QUANTITY_VOLTAGE, "3.3mV", CPOCTL_NUM_UNIT);
	REFUSED(CPO_QUANTITY_RX_POWER, "0.0000001", CPOCTL_NUM_PRECISION);
	REFUSED(CPO_QUANTITY_RX_POWER, "0.05W", CPOCTL_NUM_UNIT);
	REFUSED(CPO_QUANTITY_RX_POWER, "-13dBm", CPOCTL_NUM_UNIT);
	REFUSED(CPO_QUANTITY_PRE_FEC_BER, "1e-19", CPOCTL_NUM_PRECISION);
	REFUSED(CPO_QUANTITY_PRE_FEC_BER, "10", CPOCTL_NUM_RANGE);
	REFUSED(CPO_QUANTITY_PRE_FEC_BER, "2.4e-4x", CPOCTL_NUM_UNIT);
	REFUSED(CPO_QUANTITY_PRE_FEC_BER, "1e-5C", CPOCTL_NUM_UNIT);
	/* flags have no unit */
	CU_ASSERT_PTR_NULL(cpoctl_unit_of(CPO_QUANTITY_RX_LOS));
	CU_ASSERT_PTR_NULL(cpoctl_unit_of(CPO_QUANTITY_TX_FAULT));
	CU_ASSERT_PTR_NULL(cpoctl_unit_of(0));
	CU_ASSERT_PTR_NULL(cpoctl_unit_of(CPO_QUANTITY_MAX + 1));
}

#define SHOWS(q, v, dbm, want)						\
	do {								\
		char _s[64];						\
		cpoctl_fmt_quantity(_s, sizeof(_s), q, v, dbm);		\
		T_ASSERT_STR(_s, want);					\
	} while (0)

static void test_format(void)
{
	SHOWS(CPO_QUANTITY_TEMPERATURE, 80000, true, "80.0 C");
	SHOWS(CPO_QUANTITY_TEMPERATURE, -5000, false, "-5.0 C");
	SHOWS(CPO_QUANTITY_TEMPERATURE, 75125, false, "75.125 C");
	SHOWS(CPO_QUANTITY_TEMPERATURE, 0, false, "0.0 C");
	SHOWS(CPO_QUANTITY_TEMPERATURE, -1, false, "-0.001 C");
	SHOWS(CPO_QUANTITY_VOLTAGE, 3630000, true, "3.630 V");
	SHOWS(CPO_QUANTITY_VOLTAGE, 3123456, false, "3.123456 V");
	SHOWS(CPO_QUANTITY_POWER_DRAW, 12500000, false, "12.500 W");
	SHOWS(CPO_QUANTITY_TX_POWER, 2000000, true, "2.000 mW (3.01 dBm)");
	SHOWS(CPO_QUANTITY_RX_POWER, 40000, true, "0.040 mW (-13.98 dBm)");
	SHOWS(CPO_QUANTITY_RX_POWER, 40000, false, "0.040 mW");
	SHOWS(CPO_QUANTITY_RX_POWER, 40123, false, "0.040123 mW");
	SHOWS(CPO_QUANTITY_RX_POWER, 1, true, "0.000001 mW (-60.00 dBm)");
	SHOWS(CPO_QUANTITY_RX_POWER, 0, true, "0.000 mW (-inf dBm)");
	SHOWS(CPO_QUANTITY_TX_BIAS, 80000, true, "80.000 mA");
	SHOWS(CPO_QUANTITY_PRE_FEC_BER, 240000000000000LL, true, "2.4e-04");
	SHOWS(CPO_QUANTITY_PRE_FEC_BER, 10000000000000LL, false, "1.0e-05");
	SHOWS(CPO_QUANTITY_PRE_FEC_BER, 245000000000000LL, false, "2.45e-04");
	SHOWS(CPO_QUANTITY_PRE_FEC_BER, 1, false, "1.0e-18");
	SHOWS(CPO_QUANTITY_PRE_FEC_BER, 1000000000000000000LL, false,
	      "1.0e+00");
	SHOWS(CPO_QUANTITY_PRE_FEC_BER, 0, false, "0");
	/* levels that never trip */
	SHOWS(CPO_QUANTITY_TEMPERATURE, INT64_MAX, false, "none");
	SHOWS(CPO_QUANTITY_PRE_FEC_BER, INT64_MAX - 1, false, "none");
	SHOWS(CPO_QUANTITY_RX_POWER, INT64_MIN, true, "none");
	/* no unit: the raw number */
	SHOWS(CPO_QUANTITY_RX_LOS, 1, false, "1");
	SHOWS(CPO_QUANTITY_MAX + 4, -7, true, "-7");
}

/* What is shown reads back as the same value, for every quantity. */
static void test_round_trip(void)
{
	static const int64_t values[] = {
		0, 1, 9, 10, 999, 1000, 1001, 40000, 50000, 75125, 3465000,
		123456789, 240000000000000LL, 10000000000000LL,
		INT64_MAX - 2,
	};
	char s[64];
	uint32_t q;
	unsigned int i;
	int64_t v;

	for (q = 1; q <= CPO_QUANTITY_MAX; q++) {
		const struct cpoctl_unit *u = cpoctl_unit_of(q);

		if (!u)
			continue;
		for (i = 0; i < CPO_ARRAY_SIZE(values); i++) {
			cpoctl_fmt_quantity(s, sizeof(s), q, values[i], false);
			v = 0;
			CU_ASSERT_EQUAL(cpoctl_parse_unit(u, s, INT64_MAX, &v),
					CPOCTL_NUM_OK);
			if (v != values[i])
				fprintf(stderr, "\n  %s: %lld -> %s -> %lld\n",
					cpo_enum_name(&cpo_quantity_enum, q),
					(long long)values[i], s, (long long)v);
			CU_ASSERT(v == values[i]);
			if (u->negative) {
				cpoctl_fmt_quantity(s, sizeof(s), q,
						    -values[i], false);
				CU_ASSERT_EQUAL(cpoctl_parse_unit(u, s, 0, &v),
						CPOCTL_NUM_OK);
				CU_ASSERT(v == -values[i]);
			}
		}
	}
	/* "none" both ways, as high or low */
	cpoctl_fmt_quantity(s, sizeof(s), CPO_QUANTITY_TX_BIAS, INT64_MIN, 0);
	CU_ASSERT_EQUAL(cpoctl_parse_unit(cpoctl_unit_of(CPO_QUANTITY_TX_BIAS),
					  s, INT64_MIN, &v), CPOCTL_NUM_OK);
	CU_ASSERT(v == INT64_MIN);
}

static void test_errors_explained(void)
{
	const struct cpoctl_unit *t = cpoctl_unit_of(CPO_QUANTITY_TEMPERATURE);
	const struct cpoctl_unit *p = cpoctl_unit_of(CPO_QUANTITY_RX_POWER);
	const struct cpoctl_unit *b = cpoctl_unit_of(CPO_QUANTITY_PRE_FEC_BER);
	char s[128];

	cpoctl_num_error(s, sizeof(s), t, CPOCTL_NUM_SYNTAX);
	T_ASSERT_STR(s, "expected a temperature in C such as 75.5, or none");
	cpoctl_num_error(s, sizeof(s), t, CPOCTL_NUM_UNIT);
	T_ASSERT_STR(s, "expected a temperature in C, the unit may follow as C");
	cpoctl_num_error(s, sizeof(s), t, CPOCTL_NUM_PRECISION);
	T_ASSERT_STR(s, "finer than the kernel's step of 0.001 C");
	cpoctl_num_error(s, sizeof(s), p, CPOCTL_NUM_PRECISION);
	T_ASSERT_STR(s, "finer than the kernel's step of 0.000001 mW");
	cpoctl_num_error(s, sizeof(s), b, CPOCTL_NUM_PRECISION);
	T_ASSERT_STR(s, "finer than the kernel's step of 1.0e-18");
	cpoctl_num_error(s, sizeof(s), b, CPOCTL_NUM_UNIT);
	T_ASSERT_STR(s, "a bit error ratio takes no unit");
	cpoctl_num_error(s, sizeof(s), p, CPOCTL_NUM_NEGATIVE);
	T_ASSERT_STR(s, "must not be negative");
	cpoctl_num_error(s, sizeof(s), p, CPOCTL_NUM_RANGE);
	T_ASSERT_STR(s, "out of range");
}

static void test_fixed_and_ratio(void)
{
	char s[64];

	cpoctl_fmt_fixed(s, sizeof(s), 1500, 3, 0, "");
	T_ASSERT_STR(s, "1.5");
	cpoctl_fmt_fixed(s, sizeof(s), 2000, 3, 0, "");
	T_ASSERT_STR(s, "2");
	cpoctl_fmt_fixed(s, sizeof(s), 7, 0, 0, "x");
	T_ASSERT_STR(s, "7 x");
	cpoctl_fmt_fixed(s, sizeof(s), -1500, 3, 3, "mA");
	T_ASSERT_STR(s, "-1.500 mA");
	cpoctl_fmt_ratio(s, sizeof(s), 123, 0);
	T_ASSERT_STR(s, "1.23e+02");
	cpoctl_fmt_ratio(s, sizeof(s), 5, 0);
	T_ASSERT_STR(s, "5.0e+00");
	cpoctl_fmt_ratio(s, sizeof(s), UINT64_MAX, 18);
	T_ASSERT_STR(s, "1.8446744073709551615e+01");
}

static void test_time(void)
{
	char s[64];

	cpoctl_fmt_time(s, sizeof(s), T_NTF_TS, 3);
	T_ASSERT_STR(s, "2025-06-01T10:00:00.123Z");
	cpoctl_fmt_time(s, sizeof(s), T_NTF_TS, 6);
	T_ASSERT_STR(s, "2025-06-01T10:00:00.123456Z");
	cpoctl_fmt_time(s, sizeof(s), T_NTF_TS, 9);
	T_ASSERT_STR(s, "2025-06-01T10:00:00.123456789Z");
	cpoctl_fmt_time(s, sizeof(s), T_NTF_TS, 0);
	T_ASSERT_STR(s, "2025-06-01T10:00:00Z");
	cpoctl_fmt_time(s, sizeof(s), 0, 3);
	T_ASSERT_STR(s, "1970-01-01T00:00:00.000Z");
	/* 999 ms is not rounded up into the next second */
	cpoctl_fmt_time(s, sizeof(s), 1999999999ULL, 3);
	T_ASSERT_STR(s, "1970-01-01T00:00:01.999Z");
}

static void check_age(uint64_t then, uint64_t now, const char *want)
{
	char s[64];

	cpoctl_fmt_age(s, sizeof(s), then, now);
	T_ASSERT_STR(s, want);
}

#define SEC	1000000000ULL

static void test_age(void)
{
	const uint64_t now = T_NTF_TS;

	check_age(now, now, "0.0 s ago");
	check_age(now - 400000000, now, "0.4 s ago");
	check_age(now - 1, now, "0.0 s ago");
	/* rounded down: not 10.0 s, and no "10.0" in the tenths format */
	check_age(now - 9999999999ULL, now, "9.9 s ago");
	check_age(now - 10 * SEC, now, "10 s ago");
	check_age(now - 59 * SEC - 999999999, now, "59 s ago");
	check_age(now - 60 * SEC, now, "1 min ago");
	check_age(now - 750 * SEC, now, "12 min ago");
	check_age(now - 3599 * SEC, now, "59 min ago");
	check_age(now - 3600 * SEC, now, "1 h ago");
	check_age(now - 47 * 3600 * SEC, now, "47 h ago");
	check_age(now - 48 * 3600 * SEC, now, "2 days ago");
	check_age(0, now, "20240 days ago");
	check_age(0, 0, "0.0 s ago");
	/* from the future (a clock stepped back): never a negative age */
	check_age(now + 1, now, "just now");
	check_age(now + 3600 * SEC, now, "just now");
	check_age(UINT64_MAX, now, "just now");
	check_age(UINT64_MAX, 0, "just now");
}

static void test_duration_and_errno(void)
{
	char s[64];

	cpoctl_fmt_duration(s, sizeof(s), 0);
	T_ASSERT_STR(s, "0 ns");
	cpoctl_fmt_duration(s, sizeof(s), 850);
	T_ASSERT_STR(s, "850 ns");
	cpoctl_fmt_duration(s, sizeof(s), 1000);
	T_ASSERT_STR(s, "1.000 us");
	cpoctl_fmt_duration(s, sizeof(s), 12500);
	T_ASSERT_STR(s, "12.500 us");
	cpoctl_fmt_duration(s, sizeof(s), 999999);
	T_ASSERT_STR(s, "999.999 us");
	cpoctl_fmt_duration(s, sizeof(s), 2345000);
	T_ASSERT_STR(s, "2.345 ms");
	cpoctl_fmt_duration(s, sizeof(s), 2345500);	/* half up */
	T_ASSERT_STR(s, "2.346 ms");
	/* rounds up into the next unit, not "1000.000 ms" */
	cpoctl_fmt_duration(s, sizeof(s), 999999500);
	T_ASSERT_STR(s, "1.000 s");
	cpoctl_fmt_duration(s, sizeof(s), 5234567890ULL);
	T_ASSERT_STR(s, "5.235 s");
	cpoctl_fmt_duration(s, sizeof(s), UINT64_MAX);	/* no overflow */
	T_ASSERT_STR(s, "18446744073.710 s");

	cpoctl_fmt_errno(s, sizeof(s), ETIMEDOUT);
	T_ASSERT_STR(s, "ETIMEDOUT");
	cpoctl_fmt_errno(s, sizeof(s), EREMOTEIO);
	T_ASSERT_STR(s, "EREMOTEIO");
	cpoctl_fmt_errno(s, sizeof(s), 99999);
	T_ASSERT_STR(s, "errno 99999");
	cpoctl_fmt_errno(s, sizeof(s), UINT32_MAX);
	T_ASSERT_STR(s, "errno 4294967295");
}

CU_TestInfo quantity_tests[] = {
	{ "numbers in human units to the kernel's, exactly", test_parse_exact },
	{ "bad numbers, units, precision, range", test_parse_refused },
	{ "values in human units, none, dBm", test_format },
	{ "what is shown reads back the same", test_round_trip },
	{ "why a number is refused", test_errors_explained },
	{ "fixed-point and ratio formats", test_fixed_and_ratio },
	{ "times in ISO 8601", test_time },
	{ "ages: magnitudes, rounding, from the future", test_age },
	{ "durations and errno names", test_duration_and_errno },
	CU_TEST_INFO_NULL,
};
