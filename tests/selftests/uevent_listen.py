#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""
Print the kernel's cpo alarm uevents whose CPO_ALARM starts with PREFIX
(and, with LANE_ID, whose CPO_LANE_ID is LANE_ID), one per line as
KEY=VALUE pairs separated by spaces, until TIMEOUT seconds passed or COUNT
events matched.

  uevent_listen.py READY_FILE TIMEOUT COUNT PREFIX [LANE_ID]

READY_FILE is created once the socket is bound, so the caller knows no
event it triggers afterwards can be missed. The socket sees every uevent
of the system, other tests' too: a receive buffer overrun (ENOBUFS) is
said on stderr and the listening goes on.
"""
import errno
import socket
import sys
import time

NETLINK_KOBJECT_UEVENT = 15
SO_RCVBUFFORCE = getattr(socket, 'SO_RCVBUFFORCE', 33)


def main():
    ready, timeout, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    prefix = 'CPO_ALARM=' + sys.argv[4]
    lane = 'CPO_LANE_ID=' + sys.argv[5] if len(sys.argv) > 5 else None
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM,
                         NETLINK_KOBJECT_UEVENT)
    try:
        # root may go past net.core.rmem_max
        sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 8 << 20)
    except OSError:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.bind((0, 1))
    open(ready, 'w').close()
    end = time.monotonic() + timeout
    seen = 0
    while seen < count:
        left = end - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            data = sock.recv(65536)
        except socket.timeout:
            break
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
            print('# uevent socket overrun: uevents lost', file=sys.stderr,
                  flush=True)
            continue
        fields = data.split(b'\0')
        env = [f.decode(errors='replace') for f in fields[1:] if b'=' in f]
        if not any(f.startswith(prefix) for f in env):
            continue
        if lane is not None and lane not in env:
            continue
        print(' '.join(env), flush=True)
        seen += 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
