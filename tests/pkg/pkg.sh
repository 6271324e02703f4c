#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages end to end on this host (it needs root and dpkg):
# make deb, lintian (no errors), then cpo-dkms and cpoctl installed, DKMS
# building and installing the modules for each Debian kernel given, each
# kernel booted once in a VM (tests/pkg/guest.sh: modprobe cpo_sim from
# updates/dkms, cpoctl from the package), then the packages purged and the
# host checked to be as it was before. Last, make install and make
# uninstall into a staging DESTDIR.
#
# Prints "RESULT: PASS|FAIL|SKIP pkg:STEP" per step and "TIME: pkg:STEP N"
# (seconds); exits 1 when a step failed. It boots VMs: hold the VM lock.
#
#   tests/pkg/pkg.sh [stock-6.1] [stock-6.12]     (default: both)

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
kernels=("$@")
((${#kernels[@]})) || kernels=(stock-6.1 stock-6.12)
version=$(cat VERSION)
debs=build/deb
work=$(mktemp -d)
failed=0
installed=0

result() { echo "RESULT: $1 pkg:$2${3:+ ($3)}"; [ "$1" != FAIL ] || failed=1; }
# The problems gathered as " what;" words, for a result line.
reasons() { local r=${1# }; echo "${r%;}"; }
# timed NAME START: the step's time, for check.sh's table.
timed() { echo "TIME: pkg:$1 $((SECONDS - $2))"; }

# What the packages may touch, to compare before and after.
host_state() {
	dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' cpo-dkms cpoctl cpo-exporter 2>/dev/null |
		grep -v ' un *$'
	dkms status -m cpo 2>/dev/null
	ls -d /usr/src/cpo-* /var/lib/dkms/cpo /var/lib/dkms/mok.* /usr/sbin/cpoctl \
		/usr/sbin/cpo-exporter /lib/systemd/system/cpo-exporter.service \
		/etc/systemd/system/multi-user.target.wants/cpo-exporter.service \
		/lib/modules/*/updates 2>/dev/null
	find /lib/modules/*/updates/dkms /lib/modules/*/extra -name 'cpo*' 2>/dev/null
}

# DKMS makes itself a key pair to sign modules with the first time it
# builds any: one made for this test goes with the packages.
purge() {
	((installed)) || return 0
	installed=0
	dpkg --purge cpo-exporter cpoctl cpo-dkms >"$work/purge.log" 2>&1 || return
	if ! grep -q '^/var/lib/dkms/mok' "$work/before"; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
}

# shellcheck disable=SC2317	# invoked through trap
cleanup() {
	purge
	rm -rf "$work"
}
trap cleanup EXIT

if [ "$(id -u)" != 0 ] || ! command -v dpkg-buildpackage >/dev/null ||
   ! command -v dkms >/dev/null || ! command -v lintian >/dev/null; then
	result SKIP all "needs root, dpkg-buildpackage, dkms and lintian (make deps)"
	exit 0
fi
host_state >"$work/before"
if grep -q '^cpo' "$work/before"; then
	cat "$work/before"
	result FAIL host "cpo packages are installed already: dpkg --purge cpoctl cpo-dkms"
	exit 1
fi

# The packages, and what they hold.
start=$SECONDS
if make --no-print-directory deb >"$work/deb.log" 2>&1; then
	result PASS build
else
	cat "$work/deb.log"
	result FAIL build "make deb"
	exit 1
fi
timed build "$start"
dkms_deb=$debs/cpo-dkms_${version}_all.deb
cpoctl_deb=$debs/cpoctl_${version}_$(dpkg --print-architecture).deb
exporter_deb=$debs/cpo-exporter_${version}_$(dpkg --print-architecture).deb
bad=""
for f in "$dkms_deb" "$cpoctl_deb" "$exporter_deb"; do
	[ -f "$f" ] && echo "# $(basename "$f"): $(stat -c %s "$f") bytes" || bad+=" no $f;"
done
dkms_conf=$(dpkg-deb --fsys-tarfile "$dkms_deb" 2>/dev/null |
	tar -xOf - "./usr/src/cpo-$version/dkms.conf" 2>/dev/null)
grep -q "^PACKAGE_VERSION=\"$version\"" <<<"$dkms_conf" ||
	bad+=" dkms.conf: PACKAGE_VERSION is not $version;"
for m in cpo cpo_sim cpo_cmis_i2c; do
	grep -q "^BUILT_MODULE_NAME\[[0-9]*\]=\"$m\"" <<<"$dkms_conf" ||
		bad+=" dkms.conf does not build $m;"
done
# Each listing read whole before grep: with pipefail, "grep -q" quitting
# at its first match kills dpkg-deb with SIGPIPE and fails the pipe.
dkms_list=$(dpkg-deb -c "$dkms_deb")
cpoctl_list=$(dpkg-deb -c "$cpoctl_deb")
exporter_list=$(dpkg-deb -c "$exporter_deb")
grep -q '_kunit\.c$' <<<"$dkms_list" && bad+=" cpo-dkms ships KUnit sources;"
[ "$(dpkg-deb -f "$cpoctl_deb" Version)" = "$version" ] ||
	bad+=" cpoctl is not version $version;"
dpkg-deb -f "$cpoctl_deb" Depends | grep -q libmnl0 || bad+=" cpoctl does not depend on libmnl0;"
for p in ./usr/share/man/man8/cpoctl.8.gz ./usr/share/bash-completion/completions/cpoctl; do
	grep -q " $p\$" <<<"$cpoctl_list" || bad+=" cpoctl lacks $p;"
done
dpkg-deb -f "$exporter_deb" Depends | grep -q libmicrohttpd ||
	bad+=" cpo-exporter does not depend on libmicrohttpd;"
for p in ./usr/sbin/cpo-exporter ./usr/share/man/man8/cpo-exporter.8.gz \
	./lib/systemd/system/cpo-exporter.service \
	./usr/share/doc/cpo-exporter/examples/cpo-alerts.yml; do
	grep -q " $p\$" <<<"$exporter_list" || bad+=" cpo-exporter lacks $p;"
done
if [ -z "$bad" ]; then
	result PASS contents
else
	result FAIL contents "$(reasons "$bad")"
fi

start=$SECONDS
if lintian --fail-on error "$debs"/cpo_"${version}"_*.changes >"$work/lintian.log" 2>&1; then
	result PASS lintian
else
	result FAIL lintian "errors"
fi
grep -v '^N: running with root' "$work/lintian.log" | sed 's/^/# lintian: /'
timed lintian "$start"

# Installed: the postinst has DKMS build for the newest kernel (the host
# runs none of Debian's); the others are built here.
start=$SECONDS
installed=1
if dpkg -i "$dkms_deb" "$cpoctl_deb" "$exporter_deb" >"$work/install.log" 2>&1; then
	result PASS install
else
	cat "$work/install.log"
	result FAIL install "dpkg -i"
fi
if out=$(/usr/sbin/cpo-exporter --help 2>&1) && [[ "$out" == "Usage: cpo-exporter "* ]]; then
	result PASS exporter-help
else
	result FAIL exporter-help "/usr/sbin/cpo-exporter --help: $out"
fi
timed install "$start"
booted=()
for k in "${kernels[@]}"; do
	kver=$(tests/vm/vm.sh --kernel "$k" --print-kver 2>/dev/null)
	if [ -z "$kver" ]; then
		result FAIL "dkms:$k" "no kernel $k"
		continue
	fi
	start=$SECONDS
	# Outputs matched whole, as the listings above (no SIGPIPE).
	if [[ "$(dkms status -m cpo -v "$version" -k "$kver" 2>/dev/null)" != *': installed'* ]]; then
		dkms install -m cpo -v "$version" -k "$kver" >"$work/dkms-$k.log" 2>&1 ||
			cat "$work/dkms-$k.log"
	fi
	bad=""
	[[ "$(dkms status -m cpo -v "$version" -k "$kver" 2>/dev/null)" == *': installed'* ]] ||
		bad+=" dkms status: $(dkms status -m cpo -k "$kver" 2>/dev/null);"
	for m in cpo cpo_sim cpo_cmis_i2c; do
		compgen -G "/lib/modules/$kver/updates/dkms/$m.ko*" >/dev/null ||
			bad+=" no updates/dkms/$m.ko;"
	done
	[[ "$(modprobe -S "$kver" --show-depends cpo_sim 2>&1)" == *updates/dkms/cpo.ko* ]] ||
		bad+=" modules.dep: cpo_sim does not need updates/dkms/cpo.ko;"
	# The build's time: its log starts with the date, ends when it did.
	mlog=/var/lib/dkms/cpo/$version/$kver/$(uname -m)/log/make.log
	if [ -f "$mlog" ]; then
		echo "# dkms: $kver: the build took $(($(stat -c %Y "$mlog") - \
			$(date -d "$(sed -n 2p "$mlog")" +%s))) s"
	fi
	if [ -z "$bad" ]; then
		result PASS "dkms:$k"
		booted+=("$k")
	else
		result FAIL "dkms:$k" "$(reasons "$bad")"
	fi
	timed "dkms:$k" "$start"
done

for k in "${booted[@]}"; do
	start=$SECONDS
	tests/vm/vm.sh --kernel "$k" --timeout 300 -- tests/pkg/guest.sh "$version" \
		>"$work/vm-$k.log" 2>&1
	rc=$?
	sed 's/^/  /' "$work/vm-$k.log"
	if [ "$rc" = 0 ]; then
		result PASS "load:$k"
	else
		result FAIL "load:$k" "guest exit $rc"
	fi
	timed "vm:$k" "$start"
done

# Purged: nothing of cpo left for any kernel.
start=$SECONDS
if purge; then
	host_state >"$work/after"
	if diff -u "$work/before" "$work/after" >"$work/diff"; then
		result PASS purge
	else
		cat "$work/diff"
		result FAIL purge "the host is not as before"
	fi
else
	cat "$work/purge.log"
	result FAIL purge "dpkg --purge"
fi
timed purge "$start"

# make install and uninstall, staged.
start=$SECONDS
dest=$work/root
kdir=$(tests/vm/vm.sh --kernel "${kernels[-1]}" --print-kdir 2>/dev/null)
if make --no-print-directory install DESTDIR="$dest" PREFIX=/usr KDIR="$kdir" \
	>"$work/make-install.log" 2>&1 &&
   [ -x "$dest/usr/sbin/cpoctl" ] && [ -x "$dest/usr/sbin/cpo-exporter" ] &&
   [ "$(find "$dest/lib/modules" -name 'cpo*.ko' | wc -l)" = 3 ] &&
   make --no-print-directory uninstall DESTDIR="$dest" PREFIX=/usr KDIR="$kdir" \
	>>"$work/make-install.log" 2>&1 &&
   [ -z "$(find "$dest" -type f)" ]; then
	result PASS make-install
else
	cat "$work/make-install.log"
	find "$dest" -type f | sed 's/^/# left: /'
	result FAIL make-install
fi
timed make-install "$start"

exit "$failed"
