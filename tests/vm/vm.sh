#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel under QEMU (TCG) and run one command in a virtme-style guest:
# the host's / read-only over virtio-9p as the guest's root, the tree writable
# at the same absolute path, tmpfs on /tmp /run /var/tmp. Exits with the
# command's status; see usage() for vm.sh's own exit codes.
#
# Two serial ports keep the streams apart:
#   ttyS0  the command's stdin/stdout/stderr  -> host stdout (CRs stripped)
#   ttyS1  the kernel console (all printk)     -> the log file, scanned afterwards
#
# Everything runs from main(), called on the last line, so bash has parsed the
# whole file before acting: editing the script cannot derail a running VM.

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly CACHE="${CPO_CACHE:-$HOME/.cache/cpo}"

readonly EXIT_USAGE=2 EXIT_KERNEL_PROBLEM=3 EXIT_TIMEOUT=124 EXIT_NO_STATUS=125

# Loaded in this order from the guest kernel's /lib/modules when present;
# missing or built-in ones are skipped.
readonly GUEST_MODULES=(virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev
	virtio_pci netfs fscache 9pnet 9pnet_virtio 9p)

# Kernel problem reports: a match anywhere in the kernel log fails the run.
# "kmemleak-report:" lines are the leak reports the guest copies into the log.
readonly PROBLEM_RE='(^|[^A-Za-z_])BUG:|WARNING: CPU:|WARNING: at |Oops|KASAN:|UBSAN:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|new suspected memory leaks|kmemleak-report:|Kernel panic|general protection fault|Call Trace:'

# Unique per run; the guest prints it with CMD's status on ttyS0.
readonly MARKER=@@CPO-VM-EXIT

usage() {
	cat <<'EOF'
usage: tests/vm/vm.sh --kernel stock-6.1|stock-6.12|debug|PATH/bzImage [OPTIONS] -- CMD [ARGS...]

Boots the kernel under QEMU (TCG) with the host's / read-only as the guest root
and runs CMD in the tree (writable, same absolute path as on the host).

Options:
  --kernel K       stock-6.1, stock-6.12 (newest installed Debian image of that
                   line), debug (tests/vm/debug-kernel.sh, built if needed) or a
                   bzImage path
  --tree DIR       directory exported writable at the same path (default: the
                   repository holding this script); CMD starts there
  --timeout SEC    hard limit for the whole run (default 600, none with
                   --interactive; 0 = none)
  --mem MB         guest memory (default 1024)
  --smp N          guest CPUs (default 2)
  --log FILE       kernel console log (default: a temp file, kept on failure)
  --interactive    run CMD (may be empty), then a shell on the console; exit
                   the shell to power off
  --append ARGS    extra kernel command line arguments
  --no-pvh         boot the bzImage itself, not its vmlinux via the PVH entry
  --no-scan        do not fail on kernel problem reports in the log
  --no-kmemleak    skip the closing kmemleak scans (debug kernel; saves ~20 s)
  -v, --verbose    print kernel, initramfs and timing details on stderr
  --print-kver     print the kernel's release string and exit (no CMD)
  --print-kdir     print the build tree to compile modules against and exit
  -h, --help       this text

Inside the guest: HOME=/root, CPO_GUEST=1, CPO_KVER=$(uname -r), PATH standard,
stdin /dev/null (except --interactive).

Exit status: CMD's status, or
  2    usage error or missing host tool
  3    kernel problem report in the log (BUG, WARNING, KASAN, lockdep, kmemleak...)
  124  timeout (QEMU killed)
  125  the guest never reported CMD's status (panic, crash, setup failure)
Environment: CPO_CACHE (cache dir, default ~/.cache/cpo), QEMU (binary).
EOF
}

msg() { echo "vm: $*" >&2; }
die() {
	local code="$1"
	shift
	echo "vm: error: $*" >&2
	exit "$code"
}

# Quote a string for a POSIX shell.
shq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
# Escape a value for a QEMU option list (commas are doubled).
qesc() { printf '%s' "${1//,/,,}"; }
# Microseconds since the epoch.
now_us() { local t="${EPOCHREALTIME/./}"; echo "$((10#$t))"; }

# ---------------------------------------------------------------- the kernel

# Release string from a bzImage's setup header (kernel_version field).
image_release() {
	local img="$1" magic off ver=""
	magic="$(od -An -c -j $((0x202)) -N4 "$img" | tr -d ' ')"
	[[ "$magic" == "HdrS" ]] || return 1
	off="$(od -An -tu2 -j $((0x20E)) -N2 "$img" | tr -d ' ')"
	IFS= read -r -d '' ver < <(head -c $((off + 0x200 + 256)) "$img" | tail -c 256) || true
	ver="${ver%% *}"
	[[ -n "$ver" ]] || return 1
	echo "$ver"
}

newest_stock() {
	local line="$1" img
	img="$(find /boot -maxdepth 1 -name "vmlinuz-$line.*-amd64" ! -name '*-rt-*' ! -name '*-cloud-*' \
		-printf '%f\n' 2>/dev/null | sort -V | tail -n1)"
	[[ -n "$img" ]] || die $EXIT_USAGE "no /boot/vmlinuz-$line.*-amd64 installed (apt-cache search linux-image-$line)"
	echo "/boot/$img"
}

# The tree to build out-of-tree modules against: the build tree holding the
# image (debug kernel, custom builds) or the installed headers.
kernel_kdir() {
	local image="$1" kver="$2" top
	top="$(cd "$(dirname "$image")/../../.." && pwd)"
	if [[ "$image" == */arch/x86/boot/bzImage && -f "$top/Module.symvers" ]]; then
		echo "$top"
	elif [[ -d "/lib/modules/$kver/build" ]]; then
		echo "/lib/modules/$kver/build"
	else
		die $EXIT_USAGE "no build tree for $kver (apt-get install linux-headers-$kver)"
	fi
}

# Booting the uncompressed vmlinux through its PVH entry point skips the
# in-guest decompression, about 5 s of a stock 6.1 boot under TCG. The payload
# is cut out of the bzImage (setup header: setup_sects, payload_offset and
# payload_length, whose last 4 bytes are the size trailer), unpacked and cached.
# Prints the vmlinux path, or nothing when the kernel has no PVH entry.
pvh_vmlinux() {
	local img="$1" kver="$2" out tmp setup_sects off len start magic unpack notes
	command -v readelf >/dev/null || return 0
	out="$CACHE/vmlinux-$kver-$(sha256sum "$img" | cut -c1-16)"
	# Set by run_vm when a PVH boot printed nothing at all.
	[[ -e "$out.nopvh" ]] && return 0
	if [[ ! -s "$out" ]]; then
		tmp="$out.tmp.$$"
		setup_sects="$(od -An -tu1 -j $((0x1F1)) -N1 "$img" | tr -d ' ')"
		((setup_sects)) || setup_sects=4
		off="$(od -An -tu4 -j $((0x248)) -N4 "$img" | tr -d ' ')"
		len="$(od -An -tu4 -j $((0x24C)) -N4 "$img" | tr -d ' ')"
		start=$(((setup_sects + 1) * 512 + off))
		magic="$(od -An -tx1 -j "$start" -N4 "$img" | tr -d ' ')"
		case "$magic" in
		fd377a58) unpack="xz -dc" ;;
		28b52ffd) unpack="zstd -qdc" ;;
		1f8b*) unpack="gzip -dc" ;;
		02214c18) unpack="lz4 -dc" ;;
		*) unpack="" ;;
		esac
		notes=""
		if [[ -n "$unpack" ]] && command -v "${unpack%% *}" >/dev/null; then
			head -c $((start + len - 4)) "$img" | tail -c $((len - 4)) >"$tmp.payload"
			$unpack <"$tmp.payload" >"$tmp" 2>/dev/null || true
			notes="$(readelf -n "$tmp" 2>/dev/null || true)"
		fi
		rm -f "$tmp.payload"
		# QEMU boots an ELF kernel only through its PVH note (Xen type 0x12).
		if [[ "$notes" =~ Xen[^$'\n']*\(0x00000012\) ]]; then
			mv "$tmp" "$out"
		else
			rm -f "$tmp"
		fi
	fi
	if [[ -s "$out" ]]; then
		echo "$out"
	fi
}

# ---------------------------------------------------------------- initramfs

# The guest's PID 1 (busybox sh). Host-provided settings come from
# /run/cpo-vm/env, on a third 9p share, so the image depends only on this text
# and the module list and can be cached.
read -r -d '' GUEST_INIT <<'INIT' || true
#!/bin/sh
# cpo-vm guest init, generated by tests/vm/vm.sh. Runs as PID 1.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1

say() { echo "cpo-vm: $*" >/dev/kmsg; }
uptime() { cut -d' ' -f1 /proc/uptime; }
centisecs() { u=$(uptime); echo $((${u%.*} * 100 + 1${u#*.} - 100)); }
fail() {
	say "guest setup failed: $*"
	reboot -f
	echo b >/proc/sysrq-trigger
}

while read -r m; do
	insmod "/lib/modules/$m.ko" || say "insmod $m failed"
done </modules.list

R=/newroot
P9=trans=virtio,version=9p2000.L,msize=262144
mount -t 9p -o "$P9,ro,cache=loose" cporoot $R || fail "cannot mount the host root (9p)"
mount -t tmpfs -o mode=1777 tmpfs $R/tmp || fail "tmpfs /tmp"
mount -t tmpfs -o mode=0755 tmpfs $R/run || fail "tmpfs /run"
mount -t tmpfs -o mode=1777 tmpfs $R/var/tmp || fail "tmpfs /var/tmp"
mount -t proc proc $R/proc || fail "proc"
mount -t sysfs sysfs $R/sys || fail "sysfs"
mount -t devtmpfs devtmpfs $R/dev || fail "devtmpfs"
mount -t debugfs debugfs $R/sys/kernel/debug 2>/dev/null || say "no debugfs"
mount -t tracefs tracefs $R/sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 $R/sys/fs/cgroup 2>/dev/null
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
ln -sf /proc/self/fd $R/dev/fd
ln -sf /proc/self/fd/0 $R/dev/stdin
ln -sf /proc/self/fd/1 $R/dev/stdout
ln -sf /proc/self/fd/2 $R/dev/stderr
mkdir -p $R/run/cpo-vm
mount -t 9p -o "$P9,ro" cporun $R/run/cpo-vm || fail "cannot mount the run directory (9p)"
. $R/run/cpo-vm/env || fail "no run environment"
# A kernel that brings up fewer CPUs than QEMU gives it (without ACPI it
# finds only the boot CPU) would run every test on one CPU: not the machine
# the tests and their timings are meant for.
cpus=$(grep -c '^processor' /proc/cpuinfo)
[ "$cpus" = "$CPO_VM_SMP" ] || fail "the kernel brought up $cpus of the $CPO_VM_SMP CPUs"
# The kernel opens the files it loads itself (request_firmware) from its
# own root, the initramfs, not from the command's: one writable tmpfs is
# /lib/firmware in both, so a test can put an image there and load it.
mkdir -p /lib/firmware && mount -t tmpfs -o mode=0755 tmpfs /lib/firmware &&
	mount -o bind /lib/firmware $R/lib/firmware || say "no writable /lib/firmware"
mkdir -p "$R$CPO_TREE" && mount -t 9p -o "$P9,cache=mmap" cpotree "$R$CPO_TREE" ||
	fail "cannot mount the tree at $CPO_TREE (9p)"
hostname cpo-vm
ip link set lo up 2>/dev/null

kver=$(uname -r)
set -- PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8 TERM="$CPO_VM_TERM" \
	CPO_GUEST=1 CPO_KVER="$kver"
# A problem the kernel reported while booting came before any of this
# tree's code (TCG now and then trips the debug kernel's checks in its own
# early code when the host is busy): the host boots it once more, as one
# that died while booting.
if dmesg | grep -qE "$CPO_VM_PROBLEM_RE"; then
	fail "the kernel reported a problem while booting, before the command"
fi
say "running the command (uptime $(uptime) s)"
if [ "$CPO_VM_INTERACTIVE" = 1 ]; then
	chroot $R /usr/bin/setsid -w -c /usr/bin/env -i "$@" /bin/sh /run/cpo-vm/cmd.sh \
		</dev/ttyS0 >/dev/ttyS0 2>&1
else
	stty -F /dev/ttyS0 -onlcr 2>/dev/null
	chroot $R /usr/bin/env -i "$@" /bin/sh /run/cpo-vm/cmd.sh </dev/null >/dev/ttyS0 2>&1
fi
rc=$?
say "command exited with status $rc (uptime $(uptime) s)"
# Leftover processes of the command would keep writing to the console.
kill -KILL -1 2>/dev/null
sync

# kmemleak reports an object only when it is older than 5 s and unchanged
# since the previous scan: scan, let 5 s pass since the command ended, scan.
KL=$R/sys/kernel/debug/kmemleak
if [ "$CPO_VM_KMEMLEAK" = 1 ] && [ -w $KL ]; then
	ended=$(centisecs)
	echo scan >$KL
	wait=$((ended + 550 - $(centisecs)))
	[ $wait -gt 0 ] && sleep "$((wait / 100)).$((wait % 100 / 10))"
	echo scan >$KL
	while IFS= read -r line; do
		echo "kmemleak-report: $line" >/dev/kmsg
	done <$KL
	say "kmemleak scan done"
fi

printf '%s:%s:%s@@\n' "$CPO_VM_MARKER" "$CPO_VM_NONCE" "$rc" >/dev/ttyS0
say "powering off"
umount "$R$CPO_TREE" 2>/dev/null
reboot -f
echo b >/proc/sysrq-trigger
INIT
readonly GUEST_INIT

# Image name key: the init script, busybox and the modules' contents.
initramfs_key() {
	local busybox="$1" entry
	shift
	{
		printf '%s\n' "$GUEST_INIT"
		sha256sum "$busybox" | cut -d' ' -f1
		for entry in "$@"; do
			echo "${entry%% *} $(sha256sum "${entry#* }" | cut -d' ' -f1)"
		done
	} | sha256sum | cut -c1-16
}

# build_initramfs OUT BUSYBOX "name path"...: modules are stored uncompressed
# (busybox insmod need not know .ko.xz) and loaded in the order given.
build_initramfs() {
	local out="$1" busybox="$2" stage entry name src applet
	shift 2
	stage="$(mktemp -d "${TMPDIR:-/tmp}/cpo-vm-initramfs.XXXXXX")"
	mkdir -p "$stage"/{bin,dev,proc,sys,newroot,lib/modules}
	cp "$busybox" "$stage/bin/busybox"
	for applet in sh mount umount mkdir ln insmod echo cat cut printf sleep sync reboot \
		chroot stty kill hostname ip uname dmesg grep; do
		ln -s busybox "$stage/bin/$applet"
	done
	printf '%s\n' "$GUEST_INIT" >"$stage/init"
	chmod 755 "$stage/init"
	: >"$stage/modules.list"
	for entry in "$@"; do
		name="${entry%% *}"
		src="${entry#* }"
		case "$src" in
		*.ko.xz) xz -dc "$src" ;;
		*.ko.zst) zstd -qdc "$src" ;;
		*.ko.gz) gzip -dc "$src" ;;
		*) cat "$src" ;;
		esac >"$stage/lib/modules/$name.ko"
		echo "$name" >>"$stage/modules.list"
	done
	# Without a console node the kernel complains; init copes either way.
	mknod "$stage/dev/console" c 5 1 2>/dev/null || true
	(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet -R 0:0) | gzip -1 >"$out.tmp.$$"
	mv "$out.tmp.$$" "$out"
	rm -rf "$stage"
}

# initramfs_for KVER: the cached image for that kernel, built if missing.
initramfs_for() {
	local kver="$1" moddir="/lib/modules/$1" modules=() m f busybox image
	busybox="$(command -v busybox)"
	if ldd "$busybox" >/dev/null 2>&1; then
		die $EXIT_USAGE "$busybox is dynamically linked; apt-get install busybox-static"
	fi
	if [[ -d "$moddir" ]]; then
		for m in "${GUEST_MODULES[@]}"; do
			f="$(find "$moddir/kernel" \( -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" \
				-o -name "$m.ko.gz" \) -print -quit 2>/dev/null)"
			if [[ -n "$f" ]]; then
				modules+=("$m $f")
			fi
		done
	fi
	image="$CACHE/initramfs-$kver-$(initramfs_key "$busybox" "${modules[@]}").cpio.gz"
	if [[ ! -s "$image" ]]; then
		msg "building $image"
		build_initramfs "$image" "$busybox" "${modules[@]}"
	fi
	echo "$image"
}

# ---------------------------------------------------------------- the verdict

# Problem reports with up to 25 lines of context (a WARN's registers and call
# trace), capped so a flood does not bury the rest of the output.
problem_reports() {
	awk -v re="$PROBLEM_RE" '
		{ sub(/\r$/, "") }
		$0 ~ re { ctx = 25 }
		ctx > 0 { print; ctx--; if ($0 ~ /---\[ end trace/) ctx = 0 }
	' "$1" | head -n 200
}

# ---------------------------------------------------------------- main

main() {
	local kernel_arg="" tree="" timeout_s=600 timeout_set=0 mem=1024 smp=2 log="" interactive=0 scan=1
	local kmemleak=1 pvh=1 append="" verbose=0 print="" cmd tool image kver boot_image vmlinux initramfs

	while (($#)); do
		case "$1" in
		--kernel) kernel_arg="${2-}"; shift ;;
		--kernel=*) kernel_arg="${1#*=}" ;;
		--tree) tree="${2-}"; shift ;;
		--tree=*) tree="${1#*=}" ;;
		--timeout) timeout_s="${2-}"; timeout_set=1; shift ;;
		--timeout=*) timeout_s="${1#*=}"; timeout_set=1 ;;
		--mem) mem="${2-}"; shift ;;
		--mem=*) mem="${1#*=}" ;;
		--smp) smp="${2-}"; shift ;;
		--smp=*) smp="${1#*=}" ;;
		--log) log="${2-}"; shift ;;
		--log=*) log="${1#*=}" ;;
		--interactive) interactive=1 ;;
		--append) append="${2-}"; shift ;;
		--append=*) append="${1#*=}" ;;
		--no-scan) scan=0 ;;
		--no-pvh) pvh=0 ;;
		--no-kmemleak) kmemleak=0 ;;
		-v | --verbose) verbose=1 ;;
		--print-kver) print=kver ;;
		--print-kdir) print=kdir ;;
		-h | --help) usage; exit 0 ;;
		--) shift; break ;;
		*) usage >&2; die $EXIT_USAGE "unexpected argument '$1' (the command goes after --)" ;;
		esac
		shift
	done
	cmd=("$@")

	[[ -n "$kernel_arg" ]] || { usage >&2; die $EXIT_USAGE "--kernel is required"; }
	((${#cmd[@]})) || ((interactive)) || [[ -n "$print" ]] ||
		{ usage >&2; die $EXIT_USAGE "no command given after --"; }
	[[ "$timeout_s" =~ ^[0-9]+$ ]] || die $EXIT_USAGE "--timeout wants seconds, got '$timeout_s'"
	if ((interactive && !timeout_set)); then
		timeout_s=0
	fi
	[[ "$mem" =~ ^[1-9][0-9]*$ ]] || die $EXIT_USAGE "--mem wants megabytes, got '$mem'"
	[[ "$smp" =~ ^[1-9][0-9]*$ ]] || die $EXIT_USAGE "--smp wants a CPU count, got '$smp'"

	QEMU="${QEMU:-qemu-system-x86_64}"
	for tool in "$QEMU" busybox cpio gzip sha256sum timeout od awk; do
		command -v "$tool" >/dev/null ||
			die $EXIT_USAGE "'$tool' not found (apt-get install qemu-system-x86 busybox-static cpio)"
	done

	if [[ -z "$tree" ]]; then
		tree="$(cd "$SCRIPT_DIR/../.." && pwd)"
	fi
	[[ -d "$tree" ]] || die $EXIT_USAGE "--tree $tree is not a directory"
	tree="$(cd "$tree" && pwd -P)"
	[[ "$tree" != "/" ]] || die $EXIT_USAGE "--tree cannot be /"
	mkdir -p "$CACHE"

	case "$kernel_arg" in
	stock-6.1) image="$(newest_stock 6.1)" ;;
	stock-6.12) image="$(newest_stock 6.12)" ;;
	debug) image="$("$SCRIPT_DIR/debug-kernel.sh" --print-image)" ||
		die $EXIT_USAGE "cannot build the debug kernel" ;;
	*) image="$kernel_arg" ;;
	esac
	[[ -r "$image" ]] || die $EXIT_USAGE "kernel image $image not readable"
	kver="$(image_release "$image")" || die $EXIT_USAGE "$image is not a bzImage"
	case "$print" in
	kver) echo "$kver"; exit 0 ;;
	kdir) kernel_kdir "$image" "$kver"; exit 0 ;;
	esac
	boot_image="$image"
	if ((pvh)); then
		vmlinux="$(pvh_vmlinux "$image" "$kver")"
		if [[ -n "$vmlinux" ]]; then
			boot_image="$vmlinux"
		fi
	fi
	initramfs="$(initramfs_for "$kver")"

	run_vm
}

# The run itself; uses main()'s locals (bash scoping is dynamic).
run_vm() {
	local rundir out own_log=0 nonce term cmd_text quoted a size cmdline marker_filter
	local start_us elapsed qemu_rc status rc problems started sed_pid
	qemu_pid=""
	rundir="$(mktemp -d "${TMPDIR:-/tmp}/cpo-vm-run.XXXXXX")"
	out="$rundir/ttyS0.out"
	if [[ -z "$log" ]]; then
		log="$(mktemp "${TMPDIR:-/tmp}/cpo-vm.XXXXXX.log")"
		own_log=1
	fi
	: >"$log"
	log="$(cd "$(dirname "$log")" && pwd -P)/$(basename "$log")"
	cleanup_dir="$rundir"
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM

	nonce="$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
	term=dumb
	((interactive)) && term="${TERM:-vt100}"
	{
		echo "CPO_TREE=$(shq "$tree")"
		echo "CPO_VM_MARKER=$MARKER"
		echo "CPO_VM_NONCE=$nonce"
		echo "CPO_VM_INTERACTIVE=$interactive"
		echo "CPO_VM_KMEMLEAK=$kmemleak"
		echo "CPO_VM_SMP=$smp"
		echo "CPO_VM_TERM=$(shq "$term")"
		echo "CPO_VM_PROBLEM_RE=$(shq "$PROBLEM_RE")"
	} >"$rundir/env"

	cmd_text="${cmd[*]}"
	quoted=""
	for a in "${cmd[@]}"; do quoted+="$(shq "$a") "; done
	{
		echo "# generated by tests/vm/vm.sh"
		echo "cd $(shq "$tree") || { echo 'vm: guest: cannot cd to the tree' >&2; exit 125; }"
		if ((interactive)); then
			if [[ -t 0 ]] && size="$(stty size 2>/dev/null)"; then
				echo "stty rows ${size% *} cols ${size#* } 2>/dev/null"
			fi
			if ((${#cmd[@]})); then
				echo "$quoted"
				echo "echo \"vm: command exited with status \$?; exit the shell to power off\""
			fi
			# No rc files: the host's ~/.bashrc may change PATH or be slow.
			echo "export PS1='cpo-vm:\\w# '"
			echo 'if [ -x /bin/bash ]; then exec /bin/bash --norc --noprofile -i; else exec /bin/sh -i; fi'
		else
			echo "exec $quoted"
		fi
	} >"$rundir/cmd.sh"

	# The kernel console (everything printk prints) goes to ttyS1 only; panic=-1
	# reboots at once, which -no-reboot turns into QEMU exiting. TCG vCPUs of a
	# loaded host can stall for many seconds: the soft lockup and RCU stall
	# detectors get 120 s before they report (a real hang is still caught).
	cmdline="console=ttyS1,115200 loglevel=7 printk.devkmsg=on panic=-1 rdinit=/init"
	cmdline+=" watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=120${append:+ $append}"
	# shellcheck disable=SC2054  # commas belong to QEMU's option syntax
	local qemu_args=(
		-nodefaults -no-user-config -display none -no-reboot
		-machine pc -accel tcg -cpu max -smp "$smp" -m "$mem"
		-kernel "$boot_image" -initrd "$initramfs" -append "$cmdline"
		-chardev "stdio,id=cpo_ttyS0,signal=off,logfile=$(qesc "$out")"
		-serial chardev:cpo_ttyS0
		-chardev "file,id=cpo_ttyS1,path=$(qesc "$log")"
		-serial chardev:cpo_ttyS1
		-fsdev "local,id=cporoot,path=/,security_model=none,readonly=on,multidevs=remap"
		-device virtio-9p-pci,fsdev=cporoot,mount_tag=cporoot
		-fsdev "local,id=cpotree,path=$(qesc "$tree"),security_model=none,multidevs=remap"
		-device virtio-9p-pci,fsdev=cpotree,mount_tag=cpotree
		-fsdev "local,id=cporun,path=$(qesc "$rundir"),security_model=none,readonly=on"
		-device virtio-9p-pci,fsdev=cporun,mount_tag=cporun
	)
	local runner=("$QEMU")
	if ((timeout_s)); then
		runner=(timeout -k 10 "$timeout_s" "$QEMU")
		((interactive)) && runner=(timeout --foreground -k 10 "$timeout_s" "$QEMU")
	fi

	((verbose)) && msg "kernel $boot_image ($kver), initramfs $initramfs, log $log"
	start_us="$(now_us)"
	set +e
	if ((interactive)); then
		"${runner[@]}" "${qemu_args[@]}"
		qemu_rc=$?
	else
		# The marker ends the command's last line: drop it, and the line too
		# when nothing else is on it. QEMU and the filter run in the
		# background so that the INT/TERM traps can stop QEMU.
		marker_filter="/^$MARKER:[0-9a-f]*:[0-9]*@@\$/d; s/$MARKER:[0-9a-f]*:[0-9]*@@\$//"
		mkfifo "$rundir/ttyS0.fifo"
		sed -u -e 's/\r//g' -e "$marker_filter" <"$rundir/ttyS0.fifo" &
		sed_pid=$!
		"${runner[@]}" "${qemu_args[@]}" </dev/null >"$rundir/ttyS0.fifo" &
		qemu_pid=$!
		wait "$qemu_pid"
		qemu_rc=$?
		qemu_pid=""
		wait "$sed_pid"
	fi
	set -e
	elapsed="$((($(now_us) - start_us) / 100000))"
	elapsed="$((elapsed / 10)).$((elapsed % 10))"

	# A kernel whose PVH entry does not work dies before printing anything;
	# remember that and boot its bzImage instead.
	if [[ "$boot_image" != "$image" && ! -s "$log" ]] && ! grep -q "$MARKER:$nonce:" "$out" 2>/dev/null; then
		msg "$kver printed nothing when booted through its PVH entry; retrying with the bzImage"
		: >"$boot_image.nopvh"
		boot_image="$image"
		rm -rf "$rundir"
		if ((own_log)); then
			rm -f "$log"
			log=""
		fi
		run_vm
	fi

	# A guest kernel that dies while booting, or reports a problem then
	# (the guest's init checks before the command), before the command
	# started (none of this tree's code has run: TCG occasionally trips
	# over the kernel's own code patching when the host is busy), is
	# booted once more; the first log is kept and named.
	if ((!interactive)) && [[ -z "${CPO_VM_BOOT_RETRIED:-}" && "$qemu_rc" != 124 && "$qemu_rc" != 137 ]] &&
		! grep -q "$MARKER:$nonce:" "$out" 2>/dev/null &&
		! grep -aq 'cpo-vm: running the command' "$log" 2>/dev/null; then
		cp "$log" "$log.boot-failure" 2>/dev/null || true
		msg "the guest kernel died or reported a problem while booting, before the command ran (log: $log.boot-failure):"
		grep -aE "$PROBLEM_RE" "$log" | head -n 5 | tr -d '\r' | sed 's/^/vm:   /' >&2 || true
		msg "booting it once more"
		export CPO_VM_BOOT_RETRIED=1
		rm -rf "$rundir"
		if ((own_log)); then
			rm -f "$log"
			log=""
		fi
		run_vm
	fi

	problems=""
	if ((scan)); then
		problems="$(problem_reports "$log" || true)"
	fi
	status="$(tr -d '\r' <"$out" 2>/dev/null | grep -ao "$MARKER:$nonce:[0-9]*@@" | tail -n1 |
		sed -e "s/^$MARKER:$nonce://" -e 's/@@$//' || true)"
	if ((verbose)); then
		started="$(grep -ao 'cpo-vm: running the command (uptime [0-9.]* s)' "$log" | grep -o '[0-9.]* s' || true)"
		msg "$kver: command started at guest uptime ${started:-?}; run took $elapsed s"
	fi
	# The command's output completes the log, after the scan.
	{
		echo "----- vm.sh: the command's output (ttyS0) -----"
		tr -d '\r' <"$out"
	} >>"$log" 2>/dev/null || true

	if [[ "$qemu_rc" == 124 || "$qemu_rc" == 137 ]] && ((timeout_s)); then
		msg "timeout after $timeout_s s running $cmd_text (log: $log)"
		rc=$EXIT_TIMEOUT
	elif [[ -z "$status" ]]; then
		msg "the guest did not report the command's exit status (kernel crash, panic or guest setup failure; QEMU exit $qemu_rc)"
		grep -a 'cpo-vm:' "$log" | tr -d '\r' | sed 's/^/vm:   /' >&2 || true
		if [[ -z "$problems" ]]; then
			msg "last kernel log lines:"
			sed -n '/^----- vm.sh: /q; p' "$log" | tail -n 30 | tr -d '\r' | sed 's/^/vm:   /' >&2
		fi
		msg "log: $log"
		rc=$EXIT_NO_STATUS
	else
		rc="$status"
	fi
	if [[ -n "$problems" ]]; then
		msg "kernel problem reports in the guest log ($log):"
		printf '%s\n' "$problems" | sed 's/^/vm:   /' >&2
		if ((rc != EXIT_TIMEOUT && rc != EXIT_NO_STATUS)); then
			msg "command exited with $rc; failing the run because of the kernel reports above"
			rc=$EXIT_KERNEL_PROBLEM
		fi
	elif ((rc != 0 && rc != EXIT_TIMEOUT && rc != EXIT_NO_STATUS)); then
		msg "command exited with status $rc (log: $log)"
	fi
	if ((rc == 0 && own_log)); then
		rm -f "$log"
	fi
	exit "$rc"
}

cleanup_dir=""
qemu_pid=""
# shellcheck disable=SC2317  # invoked through trap
cleanup() {
	if [[ -n "$qemu_pid" ]]; then
		kill "$qemu_pid" 2>/dev/null || true
		wait "$qemu_pid" 2>/dev/null || true
	fi
	if [[ -n "$cleanup_dir" ]]; then
		rm -rf "$cleanup_dir"
	fi
}

main "$@"
