// SPDX-License-Identifier: GPL-2.0
/*
 * The unit test runner: CUnit's basic interface, then one summary line
 * "unit: N passed, N failed" counting tests (not asserts).
 */
#include <stdio.h>
#include <CUnit/Basic.h>

#include "helpers.h"

static CU_SuiteInfo suites[] = {
	{ .pName = "names", .pTests = names_tests },
	{ .pName = "parse", .pTests = parse_tests },
	{ .pName = "build", .pTests = build_tests },
	{ .pName = "error", .pTests = error_tests },
	{ .pName = "reply", .pTests = reply_tests },
	{ .pName = "json", .pTests = json_tests },
	{ .pName = "print", .pTests = print_tests },
	{ .pName = "brief", .pTests = brief_tests },
	{ .pName = "cli", .pTests = cli_tests },
	{ .pName = "batch", .pTests = batch_tests },
	{ .pName = "diag", .pTests = diag_tests },
	{ .pName = "quantity", .pTests = quantity_tests },
	{ .pName = "exporter", .pTests = exporter_tests },
	{ .pName = "lane state", .pTests = state_tests },
	CU_SUITE_INFO_NULL,
};

int main(void)
{
	unsigned int run, failed;

	if (CU_initialize_registry() != CUE_SUCCESS ||
	    CU_register_suites(suites) != CUE_SUCCESS) {
		fprintf(stderr, "unit: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	printf("\nunit: %u passed, %u failed\n", run - failed, failed);
	return failed ? 1 : 0;
}
