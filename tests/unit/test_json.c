// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON writer: string escaping, nesting, numbers, pretty output.
 */
#include <stdint.h>
#include <string.h>

#include "helpers.h"
#include "json_writer.h"

static void check_string(const char *in, const char *want)
{
	struct t_capture c;

	jw_write_string(t_capture_start(&c), in);
	T_ASSERT_STR(t_capture_end(&c), want);
	t_capture_free(&c);
}

static void test_escaping(void)
{
	check_string("plain", "\"plain\"");
	check_string("", "\"\"");
	check_string("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	check_string("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	check_string("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	/* valid UTF-8 passes through: é, €, an emoji */
	check_string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
		     "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
}

static void test_invalid_utf8(void)
{
	check_string("a\xff" "b", "\"a\\ufffdb\"");
	check_string("end\xc3", "\"end\\ufffd\"");		/* cut short */
	check_string("\xc0\xaf", "\"\\ufffd\\ufffd\"");	/* overlong '/' */
	check_string("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");	/* surrogate */
	check_string("\xf4\x90\x80\x80x",		/* past U+10FFFF */
		     "\"\\ufffd\\ufffd\\ufffd\\ufffdx\"");
}

static void test_nesting(void)
{
	struct t_capture c;
	struct jw *jw = jw_new(t_capture_start(&c), false);

	CU_ASSERT_PTR_NOT_NULL_FATAL(jw);
	jw_start_object(jw);
	jw_key(jw, "a");
	jw_start_array(jw);
	jw_uint(jw, 1);
	jw_start_object(jw);
	jw_key(jw, "b");
	jw_start_array(jw);
	jw_end_array(jw);
	jw_end_object(jw);
	jw_start_object(jw);
	jw_end_object(jw);
	jw_end_array(jw);
	jw_key(jw, "c\"q");
	jw_string(jw, "v");
	jw_key(jw, "d");
	jw_start_object(jw);
	jw_end_object(jw);
	jw_end_object(jw);
	jw_destroy(jw);
	T_ASSERT_STR(t_capture_end(&c),
		     "{\"a\":[1,{\"b\":[]},{}],\"c\\\"q\":\"v\",\"d\":{}}\n");
	t_capture_free(&c);
}

static void test_numbers_and_literals(void)
{
	struct t_capture c;
	struct jw *jw = jw_new(t_capture_start(&c), false);

	jw_start_array(jw);
	jw_uint(jw, 0);
	jw_uint(jw, UINT64_MAX);
	jw_int(jw, INT64_MIN);
	jw_int(jw, -1);
	jw_int(jw, 42);
	jw_bool(jw, true);
	jw_bool(jw, false);
	jw_null(jw);
	jw_end_array(jw);
	jw_destroy(jw);
	T_ASSERT_STR(t_capture_end(&c),
		     "[0,18446744073709551615,-9223372036854775808,-1,42,"
		     "true,false,null]\n");
	t_capture_free(&c);
}

static void test_pretty(void)
{
	struct t_capture c;
	struct jw *jw = jw_new(t_capture_start(&c), true);

	jw_start_array(jw);
	jw_start_object(jw);
	jw_key(jw, "id");
	jw_uint(jw, 1);
	jw_key(jw, "list");
	jw_start_array(jw);
	jw_end_array(jw);
	jw_key(jw, "name");
	jw_string(jw, "x");
	jw_end_object(jw);
	jw_end_array(jw);
	jw_destroy(jw);
	T_ASSERT_STR(t_capture_end(&c),
		     "[\n"
		     "  {\n"
		     "    \"id\": 1,\n"
		     "    \"list\": [],\n"
		     "    \"name\": \"x\"\n"
		     "  }\n"
		     "]\n");
	t_capture_free(&c);
}

static void test_top_level_lines(void)
{
	struct t_capture c;
	struct jw *jw = jw_new(t_capture_start(&c), false);

	jw_start_object(jw);
	jw_key(jw, "a");
	jw_uint(jw, 1);
	jw_end_object(jw);
	jw_start_object(jw);
	jw_key(jw, "b");
	jw_bool(jw, false);
	jw_end_object(jw);
	jw_destroy(jw);
	T_ASSERT_STR(t_capture_end(&c), "{\"a\":1}\n{\"b\":false}\n");
	t_capture_free(&c);
}

CU_TestInfo json_tests[] = {
	{ "string escaping", test_escaping },
	{ "invalid UTF-8 becomes U+FFFD", test_invalid_utf8 },
	{ "objects and arrays nest with commas", test_nesting },
	{ "numbers and literals", test_numbers_and_literals },
	{ "pretty printing", test_pretty },
	{ "top-level values one per line", test_top_level_lines },
	CU_TEST_INFO_NULL,
};
