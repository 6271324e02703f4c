# SPDX-License-Identifier: GPL-2.0
#
# The CMIS layer, linked into cpo.ko; included by kernel/Kbuild.
cpo-y += cmis/cmis_core.o cmis/cmis_ops.o cmis/cmis_irq.o cmis/cmis_laser.o
