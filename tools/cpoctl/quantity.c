// SPDX-License-Identifier: GPL-2.0
/*
 * Monitored quantities in human units and back, exactly: the kernel's
 * integers (millidegrees, microvolts, microwatts, nanowatts,
 * microamperes, BER x 10^18) are decimal fractions of the units people
 * use, so a value is shown with every digit it has and a value typed is
 * taken only when the kernel's unit can hold it. Also times as ISO 8601,
 * ages and durations, and errno names.
 */
#define _GNU_SOURCE		/* strerrorname_np() */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "cpoctl.h"

static const struct cpoctl_unit units[CPO_QUANTITY_MAX + 1] = {
	[CPO_QUANTITY_TEMPERATURE] = {
		.unit = "C", .exp = 3, .decimals = 1, .negative = true,
		.what = "a temperature in C", .example = "75.5",
	},
	[CPO_QUANTITY_VOLTAGE] = {
		.unit = "V", .exp = 6, .decimals = 3,
		.what = "a voltage in V", .example = "3.465",
	},
	[CPO_QUANTITY_POWER_DRAW] = {
		.unit = "W", .exp = 6, .decimals = 3,
		.what = "a power in W", .example = "12.5",
	},
	[CPO_QUANTITY_TX_POWER] = {
		.unit = "mW", .exp = 6, .decimals = 3, .dbm = true,
		.what = "an optical power in mW", .example = "0.05",
	},
	[CPO_QUANTITY_RX_POWER] = {
		.unit = "mW", .exp = 6, .decimals = 3, .dbm = true,
		.what = "an optical power in mW", .example = "0.05",
	},
	[CPO_QUANTITY_TX_BIAS] = {
		.unit = "mA", .exp = 3, .decimals = 3,
		.what = "a current in mA", .example = "70",
	},
	[CPO_QUANTITY_PRE_FEC_BER] = {
		.unit = "", .exp = 18, .ratio = true,
		.what = "a bit error ratio", .example = "2.4e-4",
	},
};

const struct cpoctl_unit *cpoctl_unit_of(uint32_t quantity)
{
	if (quantity > CPO_QUANTITY_MAX || !units[quantity].what)
		return NULL;
	return &units[quantity];
}

bool cpoctl_is_none(int64_t v)
{
	/* the kernel's levels that never trip; one below the top too */
	return v == INT64_MIN || v >= INT64_MAX - 1;
}

static uint64_t pow10u(unsigned int n)
{
	uint64_t p = 1;

	while (n--)
		p *= 10;
	return p;
}

void cpoctl_fmt_fixed(char *buf, size_t len, int64_t v, unsigned int exp,
		      unsigned int decimals, const char *unit)
{
	uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v;
	uint64_t p = pow10u(exp);
	char frac[24] = "";
	size_t n;

	if (exp) {
		snprintf(frac, sizeof(frac), "%0*" PRIu64, (int)exp, a % p);
		/* every digit there is, at least @decimals */
		for (n = strlen(frac); n > decimals && frac[n - 1] == '0'; n--)
			frac[n - 1] = '\0';
	}
	snprintf(buf, len, "%s%" PRIu64 "%s%s%s%s", v < 0 ? "-" : "", a / p,
		 frac[0] ? "." : "", frac, unit[0] ? " " : "", unit);
}

void cpoctl_fmt_ratio(char *buf, size_t len, uint64_t v, unsigned int exp)
{
	char digits[24];
	size_t n, last;
	int e;

	if (!v) {
		snprintf(buf, len, "0");
		return;
	}
	n = snprintf(digits, sizeof(digits), "%" PRIu64, v);
	e = (int)n - 1 - (int)exp;
	for (last = n - 1; last > 1 && digits[last] == '0'; last--)
		;
	digits[last + 1] = '\0';
	/* one decimal at least, as printf's %.1e: 1.0e-05, 2.45e-04 */
	snprintf(buf, len, "%c.%se%c%02d", digits[0],
		 n > 1 ? digits + 1 : "0", e < 0 ? '-' : '+', e < 0 ? -e : e);
}

void cpoctl_fmt_quantity(char *buf, size_t len, uint32_t quantity, int64_t v,
			 bool dbm)
{
	const struct cpoctl_unit *u = cpoctl_unit_of(quantity);
	size_t n;

	if (!u) {
		snprintf(buf, len, "%" PRId64, v);
		return;
	}
	if (cpoctl_is_none(v)) {
		snprintf(buf, len, "none");
		return;
	}
	if (u->ratio) {
		if (v < 0)
			snprintf(buf, len, "%" PRId64, v);
		else
			cpoctl_fmt_ratio(buf, len, v, u->exp);
		return;
	}
	cpoctl_fmt_fixed(buf, len, v, u->exp, u->decimals, u->unit);
	if (!dbm || !u->dbm)
		return;
	n = strlen(buf);
	snprintf(buf + n, len > n ? len - n : 0, " (");
	n = strlen(buf);
	cpoctl_fmt_dbm(buf + n, len > n ? len - n : 0, v, u->exp);
	n = strlen(buf);
	snprintf(buf + n, len > n ? len - n : 0, ")");
}

void cpoctl_fmt_dbm(char *buf, size_t len, int64_t v, unsigned int exp)
{
	if (v <= 0)
		snprintf(buf, len, "-inf dBm");
	else
		snprintf(buf, len, "%.2f dBm",
			 10.0 * log10((double)v) - 10.0 * exp);
}

/*
 * [-]DIGITS[.DIGITS][e[+|-]DIGITS] times 10^@exp, exactly: *@rest is
 * left after the number.
 */
static enum cpoctl_num parse_fixed(const char *s, unsigned int exp,
				   int64_t *v, const char **rest)
{
	char digits[64];
	unsigned int n = 0, nfrac = 0, i;
	bool neg = false, any = false, point = false;
	uint64_t val = 0, limit;
	int e = 0, scale;

	if (*s == '-') {
		neg = true;
		s++;
	}
	for (;; s++) {
		if (*s == '.' && !point) {
			point = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			break;
		any = true;
		if (point)
			nfrac++;
		if (!n && *s == '0')
			continue;	/* leading zeros carry nothing */
		if (n >= sizeof(digits))
			return CPOCTL_NUM_RANGE;
		digits[n++] = *s;
	}
	if (!any)
		return CPOCTL_NUM_SYNTAX;
	if ((*s == 'e' || *s == 'E') &&
	    ((s[1] >= '0' && s[1] <= '9') ||
	     ((s[1] == '-' || s[1] == '+') && s[2] >= '0' && s[2] <= '9'))) {
		bool eneg = s[1] == '-';

		s += (s[1] == '-' || s[1] == '+') ? 2 : 1;
		for (; *s >= '0' && *s <= '9'; s++)
			if (e < 1000)
				e = e * 10 + (*s - '0');
		if (eneg)
			e = -e;
	}
	*rest = s;
	/* the value is digits x 10^scale */
	scale = (int)exp + e - (int)nfrac;
	if (scale < 0) {
		/* the digits dropped must be zeros */
		for (i = 0; i < n && (int)i < -scale; i++)
			if (digits[n - 1 - i] != '0')
				return CPOCTL_NUM_PRECISION;
		n = (int)n > -scale ? n + scale : 0;
		scale = 0;
	}
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (i = 0; i < n + (n ? (unsigned int)scale : 0); i++) {
		unsigned int d = i < n ? digits[i] - '0' : 0;

		if (val > (limit - d) / 10)
			return CPOCTL_NUM_RANGE;
		val = val * 10 + d;
	}
	if (neg && val && val == (uint64_t)INT64_MAX + 1)
		*v = INT64_MIN;
	else
		*v = neg ? -(int64_t)val : (int64_t)val;
	return CPOCTL_NUM_OK;
}

enum cpoctl_num cpoctl_parse_unit(const struct cpoctl_unit *u, const char *s,
				  int64_t none, int64_t *v)
{
	enum cpoctl_num ret;
	const char *rest;
	int64_t val;

	if (!strcmp(s, "none")) {
		*v = none;
		return CPOCTL_NUM_OK;
	}
	ret = parse_fixed(s, u->exp, &val, &rest);
	if (ret)
		return ret;
	while (*rest == ' ')
		rest++;
	if (*rest && (u->ratio || strcmp(rest, u->unit)))
		return CPOCTL_NUM_UNIT;
	if (val < 0 && !u->negative)
		return CPOCTL_NUM_NEGATIVE;
	*v = val;
	return CPOCTL_NUM_OK;
}

void cpoctl_num_error(char *buf, size_t len, const struct cpoctl_unit *u,
		      enum cpoctl_num err)
{
	char step[32];

	switch (err) {
	case CPOCTL_NUM_OK:
		snprintf(buf, len, "no error");
		break;
	case CPOCTL_NUM_SYNTAX:
		snprintf(buf, len, "expected %s such as %s, or none", u->what,
			 u->example);
		break;
	case CPOCTL_NUM_UNIT:
		if (u->ratio)
			snprintf(buf, len, "%s takes no unit", u->what);
		else
			snprintf(buf, len, "expected %s, the unit may follow as %s",
				 u->what, u->unit);
		break;
	case CPOCTL_NUM_PRECISION:
		if (u->ratio)
			cpoctl_fmt_ratio(step, sizeof(step), 1, u->exp);
		else
			cpoctl_fmt_fixed(step, sizeof(step), 1, u->exp, 0,
					 u->unit);
		snprintf(buf, len, "finer than the kernel's step of %s", step);
		break;
	case CPOCTL_NUM_RANGE:
		snprintf(buf, len, "out of range");
		break;
	case CPOCTL_NUM_NEGATIVE:
		snprintf(buf, len, "must not be negative");
		break;
	}
}

void cpoctl_fmt_time(char *buf, size_t len, uint64_t ns, unsigned int digits)
{
	time_t secs = ns / 1000000000ULL;
	char date[32];
	struct tm tm;

	if (digits > 9)
		digits = 9;
	if (!gmtime_r(&secs, &tm) ||
	    !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(buf, len, "%" PRIu64, ns);
		return;
	}
	if (digits)
		snprintf(buf, len, "%s.%0*" PRIu64 "Z", date, (int)digits,
			 (uint64_t)(ns % 1000000000ULL) / pow10u(9 - digits));
	else
		snprintf(buf, len, "%sZ", date);
}

uint64_t cpoctl_realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

uint64_t (*cpoctl_clock)(void) = cpoctl_realtime_ns;

void cpoctl_fmt_age(char *buf, size_t len, uint64_t then, uint64_t now)
{
	uint64_t s, age;

	/* a reading from the future is a clock step, not a negative age */
	if (then > now) {
		snprintf(buf, len, "just now");
		return;
	}
	age = now - then;
	s = age / 1000000000;
	if (s < 10)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 " s ago", s,
			 age / 100000000 % 10);
	else if (s < 60)
		snprintf(buf, len, "%" PRIu64 " s ago", s);
	else if (s < 3600)
		snprintf(buf, len, "%" PRIu64 " min ago", s / 60);
	else if (s < 48 * 3600)
		snprintf(buf, len, "%" PRIu64 " h ago", s / 3600);
	else
		snprintf(buf, len, "%" PRIu64 " days ago", s / 86400);
}

void cpoctl_fmt_duration(char *buf, size_t len, uint64_t ns)
{
	static const struct {
		uint64_t div;
		const char *unit;
	} units[] = {
		{ 1000000000ULL, "s" }, { 1000000, "ms" }, { 1000, "us" },
	};
	uint64_t whole, frac;
	unsigned int i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (ns < units[i].div)
			continue;
		/* (ns % div) * 1000 stays far below 2^64; no overflow */
		whole = ns / units[i].div;
		frac = (ns % units[i].div * 1000 + units[i].div / 2) /
		       units[i].div;
		if (frac == 1000) {
			whole++;
			frac = 0;
		}
		/* 999.9995 ms is 1.000 s, not 1000.000 ms */
		if (whole == 1000 && i > 0) {
			whole = 1;
			i--;
		}
		snprintf(buf, len, "%" PRIu64 ".%03" PRIu64 " %s", whole, frac,
			 units[i].unit);
		return;
	}
	snprintf(buf, len, "%" PRIu64 " ns", ns);
}

void cpoctl_fmt_errno(char *buf, size_t len, uint32_t err)
{
	const char *name = NULL;

#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	if (err <= INT32_MAX)
		name = strerrorname_np((int)err);
#endif
	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "errno %" PRIu32, err);
}
