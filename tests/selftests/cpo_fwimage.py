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


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--vendor", required=True)
    p.add_argument("--part", required=True)
    p.add_argument("--version", required=True, help="MAJOR.MINOR.BUILD")
    p.add_argument("--size", type=int, required=True, help="payload bytes")
    p.add_argument("--spoil", choices=SPOILS)
    p.add_argument("out")
    a = p.parse_args()
    with open(a.out, "wb") as f:
        f.write(image(a.vendor, a.part, a.version, a.size, a.spoil))
    return 0


if __name__ == "__main__":
    sys.exit(main())
