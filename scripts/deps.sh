#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building and testing cpo needs, from Debian 12's archive.
# Does nothing when everything is there already. Needs root for apt-get.
#
#   scripts/deps.sh                 everything
#   scripts/deps.sh --debug-kernel  only what tests/vm/debug-kernel.sh needs,
#                                   so that tests/check.sh can build that
#                                   kernel while the rest is installed
set -euo pipefail

kernel_pkgs=(
	build-essential bc bison flex libelf-dev libssl-dev kmod cpio xz-utils
	linux-source-6.1
)
pkgs=(
	build-essential bc bison flex libelf-dev libssl-dev kmod cpio xz-utils
	pkg-config sparse zstd binutils
	linux-image-amd64 linux-headers-amd64
	linux-source-6.1 linux-source-6.12
	qemu-system-x86 busybox-static
	libmnl-dev libnl-genl-3-dev libcunit1-dev valgrind libmicrohttpd-dev zlib1g-dev
	python3 python3-yaml python3-jsonschema jq gojq util-linux lm-sensors
	groff-base ethtool iproute2
	debhelper dh-dkms dkms lintian
	prometheus curl
)
case "${1:-}" in
"") ;;
--debug-kernel) pkgs=("${kernel_pkgs[@]}") ;;
*) echo "usage: scripts/deps.sh [--debug-kernel]" >&2; exit 2 ;;
esac

missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

# Debian 12 has no meta package for its 6.12 line: take the newest image.
have_612() {
	compgen -G '/boot/vmlinuz-6.12.*+deb12-amd64' >/dev/null &&
		compgen -G '/usr/src/linux-headers-6.12.*+deb12-amd64' >/dev/null
}

need=$(missing "${pkgs[@]}")
if [ -z "$need" ] && { [ "${1:-}" = --debug-kernel ] || have_612; }; then
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages: $need (run as root to install)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "deps: installing: $need"
apt-get update -q
if [ "${1:-}" != --debug-kernel ] && ! have_612; then
	img=$(apt-cache search --names-only '^linux-image-6\.12\.' | awk '{ print $1 }' |
		grep -E '^linux-image-6\.12\.[0-9]+\+deb12-amd64$' | sort -V | tail -n 1)
	if [ -z "$img" ]; then
		echo "deps: no linux-image-6.12.*+deb12-amd64 in the archive" >&2
		exit 1
	fi
	need="$need $img ${img/linux-image/linux-headers}"
fi
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $need
