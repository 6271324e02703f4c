#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl, from Debian's linux-source-6.12, over the kernel sources.
# Version checks are allowed: kernel/cpo_compat.h holds them, by design.
# MACRO_ARG_REUSE is off: the macros here take identifiers, not expressions.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
src=$("$top/scripts/ynl.sh" root)
cd "$top"
files=$(git ls-files 'kernel/*.c' 'kernel/*.h' 2>/dev/null || find kernel -name '*.[ch]')
# shellcheck disable=SC2086
perl "$src/scripts/checkpatch.pl" --no-tree --strict --show-types \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,LINUX_VERSION_CODE,CONSTANT_COMPARISON,MACRO_ARG_REUSE \
	--terse -f $files
