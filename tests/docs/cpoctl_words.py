#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# cpoctl_words.py CPOCTL: the words of cpoctl's help texts, one a line:
# objects, commands, keywords, values and options ("tx", "prbs31q",
# "-br") and the placeholders (ENGINE_ID), taken from the Usage lines and
# from the "X := { a | b }" lists of "cpoctl help" and of each
# "cpoctl OBJECT help". The man page and the completion are checked
# against them, so that neither falls behind the program.
import re
import subprocess
import sys

TOKEN = re.compile(r"--?[a-zA-Z][a-z-]*|[a-z][a-z0-9-]*|[A-Z][A-Z0-9_]*")


def help_of(cpoctl, *obj):
    return subprocess.run([cpoctl, *obj, "help"], check=True,
                          capture_output=True, text=True).stdout


def words(text):
    found = []
    usage = False
    brace = False
    for line in text.splitlines():
        if line.startswith("Usage:"):
            usage = True
        elif not line.startswith(" ") or ":=" in line:
            usage = False
        if usage:
            found += TOKEN.findall(line.replace("Usage:", ""))
            continue
        # "X := { a | b |" ... "}", maybe over several lines
        if ":= {" in line:
            brace = True
            line = line.split(":= {", 1)[1]
        if brace:
            found += TOKEN.findall(line.split("}", 1)[0])
            if "}" in line:
                brace = False
    return found


def main():
    cpoctl = sys.argv[1]
    text = help_of(cpoctl)
    found = words(text)
    objects = re.search(r"OBJECT := \{([^}]*)\}", text).group(1)
    for obj in objects.replace("|", " ").split():
        found += words(help_of(cpoctl, obj))
    seen = set()
    for w in found:
        if w not in seen and w != "cpoctl":
            seen.add(w)
            print(w)


main()
