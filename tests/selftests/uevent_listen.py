#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""
Print the kernel's cpo alarm uevents whose CPO_ALARM starts with PREFIX,
one per line as KEY=VALUE pairs separated by spaces, until TIMEOUT seconds
passed or COUNT events matched.

  uevent_listen.py READY_FILE TIMEOUT COUNT PREFIX

READY_FILE is created once the socket is bound, so the caller knows no
event it triggers afterwards can be missed.
"""
import socket
import sys
import time

NETLINK_KOBJECT_UEVENT = 15


def main():
    ready, timeout, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    prefix = 'CPO_ALARM=' + sys.argv[4]
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM,
                         NETLINK_KOBJECT_UEVENT)
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
        fields = data.split(b'\0')
        env = [f.decode(errors='replace') for f in fields[1:] if b'=' in f]
        if not any(f.startswith(prefix) for f in env):
            continue
        print(' '.join(env), flush=True)
        seen += 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
