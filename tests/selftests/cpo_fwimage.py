#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a cpo firmware image (the layout of include/linux/cpo_fw.h): a
64-byte header, then the payload. --spoil makes it wrong in one way, for
the tests of what the kernel refuses."""

import argparse
import struct
import sys
import zlib

HEADER_LEN = 64
SPOILS = ("magic", "header-crc", "payload-crc", "length", "short")


def image(vendor, part, version, size, spoil=None):
    major, minor, build = (int(x) for x in version.split("."))
    payload = bytes((i * 7 + 3) & 0xff for i in range(size))
    head = struct.pack(">6sBB16s16sBBHII", b"CPOFW\0", 1, HEADER_LEN,
                       vendor.encode().ljust(16), part.encode().ljust(16),
                       major, minor, build, len(payload),
                       zlib.crc32(payload))
    if spoil == "magic":
        head = b"XPOFW\0" + head[6:]
    head += struct.pack(">I", zlib.crc32(head))
    if spoil == "header-crc":
        head = head[:-1] + bytes([head[-1] ^ 1])
    head += bytes(HEADER_LEN - len(head))
    if spoil == "payload-crc":
        payload = payload[:-1] + bytes([payload[-1] ^ 0x80])
    if spoil == "length":
        payload += b"\0"
    data = head + payload
    if spoil == "short":
        data = data[:HEADER_LEN - 1]
    return data


def write(out, *args):
    with open(out, "wb") as f:
        f.write(image(*args))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--vendor", required=True)
    p.add_argument("--part", required=True)
    p.add_argument("--version", help="MAJOR.MINOR.BUILD")
    p.add_argument("--size", type=int, help="payload bytes")
    p.add_argument("--spoil", choices=SPOILS)
    p.add_argument("--batch", type=argparse.FileType("r"), metavar="FILE",
                   help='many images, a line each: "OUT VERSION SIZE '
                   '[SPOIL|- [PART]]" (one python3 start for all: seconds '
                   'each on a debug kernel)')
    p.add_argument("out", nargs="?")
    a = p.parse_args()
    if a.batch:
        if a.out or a.version or a.size is not None or a.spoil:
            p.error("--batch takes no other image")
        for n, line in enumerate(a.batch, 1):
            f = line.split()
            if not 3 <= len(f) <= 5 or not f[2].isdigit() or \
               (len(f) > 3 and f[3] not in SPOILS + ("-",)):
                p.error(f"--batch line {n}: want OUT VERSION SIZE "
                        f"[SPOIL|- [PART]], got {line.strip()!r}")
            spoil = f[3] if len(f) > 3 and f[3] != "-" else None
            write(f[0], a.vendor, f[4] if len(f) > 4 else a.part, f[1],
                  int(f[2]), spoil)
        return 0
    if not a.out or not a.version or a.size is None:
        p.error("OUT, --version and --size are needed (or --batch)")
    write(a.out, a.vendor, a.part, a.version, a.size, a.spoil)
    return 0


if __name__ == "__main__":
    sys.exit(main())
