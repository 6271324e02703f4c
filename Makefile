# SPDX-License-Identifier: GPL-2.0
#
# cpo: optical engines of switches.
#
#   make                 modules for KDIR, library and cpoctl
#   make demo            set up, build, boot a VM with a simulated switch, show it working
#   make check           set up, build, and run every test (unit, then VM runs)
#   make vm              an interactive VM shell with the modules and a simulated switch
#   make modules-all     modules for Debian's 6.1 and 6.12 and the debug kernel
#   make sparse          sparse (C=1) over the modules for 6.1 and 6.12
#   make checkpatch      checkpatch over the kernel sources
#   make unit            unit tests of libcpo and cpoctl, cpoctl's man page and completion,
#                        the exporter's sample alert rules (promtool test rules)
#   make bench           benchmark in a stock-6.12 VM: dumps, sysfs, event latency, memory
#   make harden          the hardening tests on the debug kernel (the part of make check)
#   make soak            the same, long: 30 min stress, 1,000 load/unload, 1 h netlink fuzz
#   make fuzz [DURATION=SEC] [SEED=N] [KERNEL=debug|stock-6.1|stock-6.12]  netlink fuzzer in a VM
#   make deb             Debian packages cpo-dkms, cpoctl and cpo-exporter in build/deb/
#   make install         cpoctl, cpo-exporter in PREFIX (/usr/local), the modules for KDIR in
#                        /lib/modules/<release>/extra; DESTDIR for a staging root
#   make uninstall       removes what make install put there
#
# KDIR selects the kernel tree; the default is the running kernel's build
# directory when it exists, else the newest installed Debian header package.
# Modules are built out of the source tree, in build/<kernel release>/.

TOP := $(CURDIR)
DEFAULT_KDIR := $(shell \
	if [ -d /lib/modules/$$(uname -r)/build ]; then \
		echo /lib/modules/$$(uname -r)/build; \
	else \
		ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | \
			grep -v -e '-rt-' -e '-cloud-' | sort -V | tail -n 1; \
	fi)
SHELL := /bin/bash
KDIR ?= $(DEFAULT_KDIR)
# The release the modules' vermagic names, as uname -r in the guest prints
# it (Debian's 6.1 headers say otherwise in include/config/kernel.release).
KREL = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
BUILD = $(TOP)/build/$(KREL)
KSRC := Kbuild kernel uapi
# cpoctl's man page (section 8) and bash completion, for packaging
CPOCTL_MAN := $(TOP)/tools/cpoctl/cpoctl.8
CPOCTL_COMPLETION := $(TOP)/tools/cpoctl/cpoctl.bash-completion

.PHONY: all modules tools modules-all sparse checkpatch check demo vm deps \
	unit clean help deb install uninstall

all: modules tools

help:
	@sed -n '3,25p' Makefile | sed 's/^# \{0,1\}//'

modules:
	@test -n "$(KDIR)" || { echo "no kernel tree: install linux-headers-amd64 or set KDIR" >&2; exit 1; }
	@test -n "$(KREL)" || { echo "$(KDIR): not a configured kernel tree" >&2; exit 1; }
	@mkdir -p $(BUILD)
	@tar -C $(TOP) -cf - --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod*' $(KSRC) | tar -C $(BUILD) -xf -
	@set -o pipefail; $(MAKE) -C $(KDIR) M=$(BUILD) W=1 $(if $(C),C=$(C)) \
		modules 2>&1 | tee $(BUILD)/build.log || \
		{ echo "modules: the build for $(KREL) failed" >&2; exit 1; }
	@if grep -E 'warning:|error:|WARNING:|ERROR:' $(BUILD)/build.log >/dev/null; then \
		echo "modules: the build for $(KREL) has warnings" >&2; exit 1; fi
	@echo "modules: $(BUILD)/kernel/cpo.ko $(BUILD)/kernel/sim/cpo_sim.ko $(BUILD)/kernel/i2c/cpo_cmis_i2c.ko"

tools:
	$(MAKE) -C tools

# Every kernel the tests boot: Debian's two lines and the debug kernel.
STOCK_KDIRS = $(foreach l,6.1 6.12,$(lastword $(shell \
		ls -d /usr/src/linux-headers-$(l).*-amd64 2>/dev/null | \
		grep -v -e '-rt-' -e '-cloud-' | sort -V)))

modules-all:
	@for k in $(STOCK_KDIRS) $$(tests/vm/debug-kernel.sh --print-kdir); do \
		$(MAKE) --no-print-directory modules KDIR=$$k || exit 1; \
	done

sparse:
	@for k in $(STOCK_KDIRS); do \
		$(MAKE) --no-print-directory modules KDIR=$$k C=2 || exit 1; \
	done

checkpatch:
	@scripts/checkpatch.sh

deps:
	@scripts/deps.sh

unit: tools
	$(MAKE) -C tests/unit check
	CPOCTL_MAN=$(CPOCTL_MAN) CPOCTL_COMPLETION=$(CPOCTL_COMPLETION) \
		tests/docs/check-cpoctl-docs.sh
	promtool test rules tests/unit/cpo-alerts.test.yml

check:
	@tests/check.sh

.PHONY: harden soak
harden:
	@CPO_KERNELS=debug CPO_PHASES=harden tests/check.sh

soak:
	@CPO_KERNELS=debug CPO_PHASES=harden CPO_SOAK=1 tests/check.sh

demo: deps
	@scripts/demo.sh

.PHONY: bench
bench: deps
	@tests/bench/bench.sh

# The netlink fuzzer (tests/fuzz) in a VM: DURATION seconds (default 120),
# SEED (default random, printed), KERNEL (default debug).
.PHONY: fuzz
fuzz: deps
	@kernel=$(or $(KERNEL),debug); \
	kdir=$$(tests/vm/vm.sh --kernel $$kernel --print-kdir) && \
	$(MAKE) --no-print-directory modules KDIR=$$kdir && \
	$(MAKE) --no-print-directory -C tests/fuzz && \
	tests/vm/vm.sh --kernel $$kernel --no-kmemleak \
		--timeout $$(( $(or $(DURATION),120) + 600 )) \
		-- tests/fuzz/run.sh -d $(or $(DURATION),120) $(if $(SEED),-s $(SEED))

vm: deps modules tools
	@tests/vm/vm.sh --kernel stock-$(word 1,$(subst ., ,$(KREL))).$(word 2,$(subst ., ,$(KREL))) \
		--interactive -- scripts/guest-setup.sh $(BUILD)

# The release, for the packages and cpoctl -V; debian/changelog agrees.
VERSION := $(shell cat $(TOP)/VERSION)
DEB_DIR = $(TOP)/build/deb

# Built offline from a copy of the sources, so that the tree stays as it is:
# the .debs, .changes and .buildinfo land in build/deb/.
deb:
	@rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/cpo-$(VERSION)
	@tar -C $(TOP) -cf - --exclude='*.o' --exclude='*.d' --exclude='*.a' \
		--exclude='*.ko' --exclude='.*.cmd' --exclude='*.mod*' \
		--exclude='tools/cpoctl/cpoctl' --exclude='tools/cpo-exporter/cpo-exporter' \
		--exclude='tools/.build-flags' \
		Makefile VERSION Kbuild kernel uapi tools debian | \
		tar -C $(DEB_DIR)/cpo-$(VERSION) -xf -
	@cd $(DEB_DIR)/cpo-$(VERSION) && \
		dpkg-buildpackage -us -uc -b >$(DEB_DIR)/build.log 2>&1 || \
		{ tail -n 40 $(DEB_DIR)/build.log; \
		  echo "deb: dpkg-buildpackage failed (log: $(DEB_DIR)/build.log)" >&2; exit 1; }
	@rm -rf $(DEB_DIR)/cpo-$(VERSION)
	@ls -1 $(DEB_DIR)/*.deb $(DEB_DIR)/*.changes

# For hosts without dpkg: cpoctl (and its man page and bash completion) in
# PREFIX, the modules built for KDIR in /lib/modules/<release>/extra, where
# modprobe finds them after depmod.
PREFIX ?= /usr/local
MOD_DIR = $(DESTDIR)/lib/modules/$(KREL)/extra

install: modules tools
	install -D -m 0755 tools/cpoctl/cpoctl $(DESTDIR)$(PREFIX)/sbin/cpoctl
	install -D -m 0644 $(CPOCTL_MAN) $(DESTDIR)$(PREFIX)/share/man/man8/cpoctl.8
	install -D -m 0644 $(CPOCTL_COMPLETION) \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/cpoctl
	install -D -m 0755 tools/cpo-exporter/cpo-exporter \
		$(DESTDIR)$(PREFIX)/sbin/cpo-exporter
	install -D -m 0644 tools/cpo-exporter/cpo-exporter.8 \
		$(DESTDIR)$(PREFIX)/share/man/man8/cpo-exporter.8
	install -D -m 0644 -t $(MOD_DIR) $(BUILD)/kernel/cpo.ko \
		$(BUILD)/kernel/sim/cpo_sim.ko $(BUILD)/kernel/i2c/cpo_cmis_i2c.ko
	$(if $(DESTDIR),,depmod -a $(KREL))

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/cpoctl \
		$(DESTDIR)$(PREFIX)/share/man/man8/cpoctl.8 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/cpoctl \
		$(DESTDIR)$(PREFIX)/sbin/cpo-exporter \
		$(DESTDIR)$(PREFIX)/share/man/man8/cpo-exporter.8 \
		$(MOD_DIR)/cpo.ko $(MOD_DIR)/cpo_sim.ko $(MOD_DIR)/cpo_cmis_i2c.ko
	-rmdir $(MOD_DIR) 2>/dev/null
	$(if $(DESTDIR),,depmod -a $(KREL))

clean:
	rm -rf build
	-$(MAKE) -C tools clean
	-$(MAKE) -C tests/unit clean
	-$(MAKE) -C tests/selftests clean
	-$(MAKE) -C tests/fuzz clean
