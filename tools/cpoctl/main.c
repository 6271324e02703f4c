// SPDX-License-Identifier: GPL-2.0
/*
 * cpoctl entry point; everything else is in cpoctl.c so tests can link it.
 */
#include "cpoctl.h"

int main(int argc, char **argv)
{
	return cpoctl_main(argc, argv, stdout, stderr);
}
