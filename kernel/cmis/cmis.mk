# SPDX-License-Identifier: GPL-2.0
#
# The CMIS layer, linked into cpo.ko; included by kernel/Kbuild.
cpo-y += cmis/cmis_core.o cmis/cmis_ops.o cmis/cmis_refresh.o cmis/cmis_laser.o \
	 cmis/cmis_cdb.o cmis/cmis_flash.o cmis/cmis_diag.o \
	 cmis/cmis_eeprom.o

# KUnit suite "cpo_cmis", only for a kernel with KUnit (=y or =m): it runs
# when cpo.ko loads. Without CONFIG_KUNIT (Debian's kernels) cpo.ko is
# built exactly as before.
cpo-$(CONFIG_KUNIT) += cmis/cmis_kunit.o
