#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kernel's YNL tools from Debian's linux-source-6.12 package on this
# tree's spec. The tools (and the kselftest headers and checkpatch, which
# other scripts use from the same place) are unpacked once into a cache
# outside the tree.
#
#   scripts/ynl.sh root              print the unpacked kernel tree
#   scripts/ynl.sh gen-uapi OUT      generate the uapi header from the spec
#   scripts/ynl.sh validate          validate the spec against the schema
#   scripts/ynl.sh cli ARGS...       run tools/net/ynl/cli.py --spec cpo.yaml ARGS
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${CPO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cpo}
tarball=/usr/src/linux-source-6.12.tar.xz
src=$cache/linux-source-6.12
py=/usr/bin/python3

unpack() {
	[ -f "$src/.cpo-unpacked-2" ] && return
	if [ ! -f "$tarball" ]; then
		echo "ynl: $tarball missing; install linux-source-6.12" >&2
		exit 1
	fi
	mkdir -p "$cache"
	tar -C "$cache" -xJf "$tarball" --wildcards \
		'linux-source-6.12/tools/net/ynl/*' \
		'linux-source-6.12/Documentation/netlink/*' \
		'linux-source-6.12/tools/testing/selftests/kselftest*' \
		'linux-source-6.12/scripts/checkpatch.pl' \
		'linux-source-6.12/scripts/spelling.txt' \
		'linux-source-6.12/scripts/const_structs.checkpatch'
	touch "$src/.cpo-unpacked-2"
}

# ynl-gen-c.py wants the spec inside a kernel-like tree (a MAINTAINERS file
# at the top and the schemas beside specs/): build a shadow of one.
shadow() {
	local d
	d=$(mktemp -d)
	mkdir -p "$d/Documentation/netlink/specs"
	touch "$d/MAINTAINERS"
	ln -s "$src"/Documentation/netlink/*.yaml "$d/Documentation/netlink/"
	cp "$top/Documentation/netlink/specs/cpo.yaml" "$d/Documentation/netlink/specs/"
	echo "$d"
}

unpack
case "${1:-}" in
root)
	echo "$src"
	;;
gen-uapi)
	d=$(shadow)
	trap 'rm -rf "$d"' EXIT
	$py "$src/tools/net/ynl/ynl-gen-c.py" --mode uapi --header \
		--spec "$d/Documentation/netlink/specs/cpo.yaml" -o "$2"
	;;
validate)
	$py - "$top/Documentation/netlink/specs/cpo.yaml" \
		"$src/Documentation/netlink/genetlink.yaml" <<'PY'
import sys, yaml, jsonschema
spec = yaml.safe_load(open(sys.argv[1]))
schema = yaml.safe_load(open(sys.argv[2]))
jsonschema.Draft7Validator(schema).validate(spec)
print("spec valid against genetlink.yaml")
PY
	;;
cli)
	shift
	exec $py "$src/tools/net/ynl/cli.py" \
		--spec "$top/Documentation/netlink/specs/cpo.yaml" \
		--schema "$src/Documentation/netlink/genetlink.yaml" "$@"
	;;
*)
	sed -n '4,11p' "$0" >&2
	exit 1
	;;
esac
