#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build, or find in the cache, the cpo debug kernel: Debian's linux-source-6.1
# configured with `make tinyconfig` plus tests/vm/debug.config (KASAN, lockdep,
# kmemleak, UBSAN, KUnit, fault injection; virtio and 9p built in).
#
# The result is a complete build tree, usable as KDIR for out-of-tree modules:
#   ${CPO_CACHE:-$HOME/.cache/cpo}/debug-kernel-<hash>/
# keyed by the fragment, the source package version and the compiler.
# Builds happen in a temporary directory renamed on success, under a lock, so an
# interrupted build is never mistaken for a good one. Everything runs from
# main(), called on the last line, so editing this file cannot derail a build.

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly FRAGMENT="$SCRIPT_DIR/debug.config"
readonly SRC_PKG="linux-source-6.1"
readonly SRC_TARBALL="${CPO_LINUX_SRC:-/usr/src/$SRC_PKG.tar.xz}"
readonly CACHE="${CPO_CACHE:-$HOME/.cache/cpo}"
# Bump when the build recipe below changes in a way that changes the result.
readonly RECIPE=1

usage() {
	cat <<EOF
usage: ${0##*/} [--print-kdir | --print-image] [--force] [--jobs N] [--prune]

Builds the cpo debug kernel (${SRC_PKG} + tinyconfig + tests/vm/debug.config)
into \$CPO_CACHE (default ~/.cache/cpo) unless a good build is already cached.

  --print-kdir    print the build tree (KDIR for out-of-tree modules)
  --print-image   print the bzImage path
  --force         rebuild even if a cached build exists
  --jobs N        parallel make jobs (default: nproc)
  --prune         delete cached debug kernels other than the current one

Environment: CPO_CACHE (cache directory), CPO_LINUX_SRC (source tarball).
Progress goes to stderr; only the requested path goes to stdout.
EOF
}

msg() { echo "vm: $*" >&2; }
die() { echo "vm: error: $*" >&2; exit 1; }

print=""
force=0
prune=0
jobs="$(nproc)"

src_version() {
	local v
	if v="$(dpkg-query -W -f='${Version}' "$SRC_PKG" 2>/dev/null)" && [[ -n "$v" ]]; then
		echo "$SRC_PKG $v"
	else
		# Not installed as a package: identify the tarball itself.
		stat -c '%n %s %Y' "$SRC_TARBALL"
	fi
}

build_key() {
	{
		echo "recipe $RECIPE"
		src_version
		"${CC:-gcc}" --version | head -n1
		cat "$FRAGMENT"
	} | sha256sum | cut -c1-16
}

# Every line of the fragment must hold in the final .config: CONFIG_X=v lines
# literally, "# CONFIG_X is not set" lines as the absence of CONFIG_X=.
verify_config() {
	local config="$1" line sym missing=()
	while IFS= read -r line; do
		if [[ "$line" =~ ^CONFIG_[A-Za-z0-9_]+= ]]; then
			grep -qxF -- "$line" "$config" || missing+=("$line (have: $(grep -E "^(# )?${line%%=*}[= ]" "$config" || echo 'absent'))")
		elif [[ "$line" =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
			sym="${BASH_REMATCH[1]}"
			if grep -q "^$sym=" "$config"; then
				missing+=("$line (have: $(grep "^$sym=" "$config"))")
			fi
		fi
	done <"$FRAGMENT"
	if ((${#missing[@]})); then
		msg "error: the debug kernel .config does not have what $FRAGMENT asks for:"
		printf 'vm:   %s\n' "${missing[@]}" >&2
		return 1
	fi
}

build() {
	local dest="$1" tmp log start end
	tmp="$dest.tmp.$$"
	log="$tmp/cpo-build.log"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	# Remove the partial tree if anything below fails or we are interrupted.
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT TERM
	start=$(date +%s)
	msg "building the debug kernel in $dest (a few minutes; log: $dest/cpo-build.log)"
	tar -xJf "$SRC_TARBALL" -C "$tmp" --strip-components=1
	: >"$log"
	(
		set -e
		cd "$tmp"
		cp "$FRAGMENT" cpo-debug.config
		make tinyconfig
		scripts/kconfig/merge_config.sh -m .config cpo-debug.config
		make olddefconfig
	) >>"$log" 2>&1 || { tail -n 40 "$log" >&2; die "configuring the debug kernel failed"; }
	verify_config "$tmp/.config" || die "debug kernel config check failed (fix $FRAGMENT)"
	msg "configured; compiling with -j$jobs"
	(
		set -e
		cd "$tmp"
		make -j"$jobs" bzImage modules
		make modules_prepare
	) >>"$log" 2>&1 || { tail -n 60 "$log" >&2; die "building the debug kernel failed (log above)"; }
	[[ -f "$tmp/arch/x86/boot/bzImage" ]] || die "build produced no bzImage"
	[[ -f "$tmp/Module.symvers" ]] || die "build produced no Module.symvers"
	end=$(date +%s)
	{
		echo "key=$(build_key)"
		echo "source=$(src_version)"
		echo "release=$(cat "$tmp/include/config/kernel.release")"
		echo "build_seconds=$((end - start))"
	} >"$tmp/.cpo-build-ok"
	rm -rf "$dest"
	mv "$tmp" "$dest"
	trap - EXIT INT TERM
	msg "debug kernel $(cat "$dest/include/config/kernel.release") built in $((end - start)) s: $dest"
}

# Delete other complete debug kernels and the leftovers of dead builds; a
# build still running (its pid alive) and the (empty) lock files are left alone.
prune_cache() {
	local keep="$1" old pid
	for old in "$CACHE"/debug-kernel-*; do
		[[ -e "$old" && "$old" != "$keep" && "$old" != *.lock ]] || continue
		if [[ "$old" =~ \.tmp\.([0-9]+)$ ]]; then
			pid="${BASH_REMATCH[1]}"
			kill -0 "$pid" 2>/dev/null && continue
		elif [[ -d "$old" && ! -f "$old/.cpo-build-ok" ]]; then
			continue
		fi
		msg "removing $old"
		rm -rf "$old"
	done
}

main() {
	local key dest
	while (($#)); do
		case "$1" in
		--print-kdir) print=kdir ;;
		--print-image) print=image ;;
		--force) force=1 ;;
		--jobs) shift; jobs="${1:?--jobs needs a number}" ;;
		--prune) prune=1 ;;
		-h | --help) usage; exit 0 ;;
		*) usage >&2; exit 2 ;;
		esac
		shift
	done

	[[ -r "$FRAGMENT" ]] || die "config fragment $FRAGMENT not found"
	[[ -r "$SRC_TARBALL" ]] || die "$SRC_TARBALL not found (apt-get install $SRC_PKG)"

	key="$(build_key)"
	dest="$CACHE/debug-kernel-$key"
	mkdir -p "$CACHE"

	if ((force)) || [[ ! -f "$dest/.cpo-build-ok" ]]; then
		# One builder at a time; a waiting caller then finds the finished build.
		exec 9>"$CACHE/debug-kernel-$key.lock"
		flock 9
		if ((force)) || [[ ! -f "$dest/.cpo-build-ok" ]]; then
			build "$dest"
		fi
		exec 9>&-
	fi

	if ((prune)); then
		prune_cache "$dest"
	fi

	case "$print" in
	kdir) echo "$dest" ;;
	image) echo "$dest/arch/x86/boot/bzImage" ;;
	*) msg "debug kernel: $dest/arch/x86/boot/bzImage (KDIR $dest)" ;;
	esac
}

main "$@"
