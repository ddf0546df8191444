#!/usr/bin/env python3
"""The names a DLL of wine 8.0 exports and implements, read from its .spec file (the export list
wine's winebuild turns into the DLL's export table): the reference list of tests/census/coverage.py.

A line of a .spec file is `ORDINAL TYPE [-FLAGS…] NAME[(ARGS)] [TARGET]`. An export counts when it
has a name (`-noname` ones are reached by ordinal only), is built for the architecture asked about
(`-arch=win32`, `-arch=win64`, `-arch=i386,x86_64`, `-arch=!i386` …), is not a `stub` (wine's
"unimplemented" entry point, which only reports the call and fails) and is not wine's own
(`wine_*`, `__wine_*`). Forwards (`Name(args) other.Target`) count: wine serves the name.

The sources are Debian 12's wine 8.0 source package (`fetch_sources`: the orig tarball, checked
against the SHA256 of Debian's Sources index below), unpacked under ~/.cache/polyrun/wine-8.0.

    tests/census/wine_spec.py [--arch x86_64|i386] DLL...     # one name a line: "dll name"
"""
import argparse
import os
import re
import subprocess
import sys
import tarfile

WINE_ORIG_URL = "http://deb.debian.org/debian/pool/main/w/wine/wine_8.0~repack.orig.tar.xz"
# Debian 12 (bookworm) main/source/Sources, package wine 8.0~repack-4, Checksums-Sha256.
WINE_ORIG_SHA256 = "537c6889647a528ee9092b109e65b0fde288ba55d535044907cf168ca6f6e745"

ARCH_GROUPS = {"win32": {"i386", "arm"}, "win64": {"x86_64", "arm64"}}


def cache_dir():
    return os.environ.get("POLYRUN_CACHE") or os.path.expanduser("~/.cache/polyrun")


def fetch_sources():
    """The dlls/ folder of wine 8.0's sources (only the .spec files are unpacked), or raises."""
    root = os.path.join(cache_dir(), "wine-8.0")
    dlls = os.path.join(root, "wine-8.0", "dlls")
    if os.path.isfile(os.path.join(dlls, "kernel32", "kernel32.spec")):
        return dlls
    os.makedirs(root, exist_ok=True)
    tarball = os.path.join(root, "wine_8.0~repack.orig.tar.xz")
    if not os.path.isfile(tarball):
        tmp = tarball + ".part"
        p = subprocess.run(["curl", "-fsS", "--retry", "3", "-o", tmp, WINE_ORIG_URL],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"cannot download {WINE_ORIG_URL}: {p.stdout.strip()}")
        os.rename(tmp, tarball)
    sha = subprocess.run(["sha256sum", tarball], stdout=subprocess.PIPE, text=True, check=True).stdout.split()[0]
    if sha != WINE_ORIG_SHA256:
        os.unlink(tarball)
        raise RuntimeError(f"{tarball}: SHA256 {sha}, Debian's index says {WINE_ORIG_SHA256}")
    with tarfile.open(tarball, "r:xz") as t:
        members = [m for m in t.getmembers() if m.isfile() and m.name.endswith(".spec") and "/dlls/" in m.name]
        t.extractall(root, members=members)
    return dlls


def built_for(arch_flag, arch):
    """Whether an export with `-arch=LIST` is built for `arch` (x86_64 or i386)."""
    items = arch_flag.split(",")
    negated = all(i.startswith("!") for i in items)
    hit = False
    for i in items:
        name = i.lstrip("!")
        if arch in ARCH_GROUPS.get(name, {name}):
            hit = True
    return not hit if negated else hit


_LINE = re.compile(r"^\s*(@|\d+)\s+(\S+)\s*(.*)$")


def parse_spec(text, arch):
    """[(name, kind)] of a .spec file's implemented named exports for `arch`; kind is the entry's
    type (stdcall, cdecl, thiscall, varargs, extern, equate)."""
    out = []
    # A line may continue on the next after a backslash.
    text = re.sub(r"\\\n", " ", text)
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        m = _LINE.match(line)
        if not m:
            continue
        kind, rest = m.group(2), m.group(3).split()
        if kind == "stub":
            continue
        flags = []
        while rest and rest[0].startswith("-"):
            flags.append(rest.pop(0))
        if not rest:
            continue
        name = rest[0].split("(", 1)[0]
        # `@` in the name's place: an export by ordinal only, as -noname is.
        if name == "@" or any(f == "-noname" for f in flags):
            continue
        arch_ok = True
        for f in flags:
            if f.startswith("-arch="):
                arch_ok = built_for(f[len("-arch="):], arch)
            elif f == "-i386":  # the older spelling of -arch=i386
                arch_ok = built_for("i386", arch)
        if not arch_ok or not name:
            continue
        if name.startswith("wine_") or name.startswith("__wine_"):
            continue
        out.append((name, kind))
    return out


def exports(dll, arch, dlls_dir=None):
    """The implemented named exports of wine 8.0's `dll` (a name such as "kernel32") for `arch`."""
    dlls_dir = dlls_dir or fetch_sources()
    path = os.path.join(dlls_dir, dll, f"{dll}.spec")
    with open(path, encoding="latin-1") as f:
        seen, out = set(), []
        for name, kind in parse_spec(f.read(), arch):
            if name not in seen:
                seen.add(name)
                out.append((name, kind))
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--arch", default="x86_64", choices=["x86_64", "i386"])
    ap.add_argument("dll", nargs="+")
    a = ap.parse_args()
    for d in a.dll:
        for name, _ in exports(d, a.arch):
            print(d, name)


if __name__ == "__main__":
    sys.exit(main())
