#!/usr/bin/env python3
"""The calls between shims/ folders, checked from the compiled objects (run after each build of
polyrun_windows, shims/CMakeLists.txt).

Each folder's object library is read with nm: a symbol a folder's objects leave undefined and another
folder's objects define (strongly: not an inline function's or template's weak copy) is a call from
the one into the other. It is allowed into core (from any folder), into ntdll (from any folder but
core), and into a folder that the caller's CMakeLists.txt names among its LINKS. Any other is the
link the floors forbid — core or ntdll calling up into a DLL, a DLL reaching into another it does not
declare — and fails the build, one line per pair of folders naming one of the functions.

  links.py MANIFEST            (MANIFEST: FOLDER<TAB>LINKS<TAB>OBJECT<TAB>OBJECT…, one folder a line)
  links.py MANIFEST --actual   (prints the folders each folder calls, declared or not)
"""
import subprocess
import sys

STRONG = set("TDBRG")  # text, data, bss, read-only, small data: one definition in the program


def symbols(objects):
    """(defined strongly, undefined) mangled names of the objects."""
    defined, undefined = set(), set()
    if not objects:
        return defined, undefined
    res = subprocess.run(["nm", "-P", "-g"] + objects, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit("links: nm failed: " + res.stderr.strip())
    for line in res.stdout.splitlines():
        fields = line.split()
        if len(fields) < 2 or fields[0].endswith(":"):
            continue  # ("object.o:" headers)
        name, kind = fields[0], fields[1]
        if kind == "U":
            undefined.add(name)
        elif kind in STRONG:
            defined.add(name)
    return defined, undefined


def demangle(name):
    res = subprocess.run(["c++filt", name], capture_output=True, text=True)
    return res.stdout.strip() or name


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folders = {}
    for line in open(sys.argv[1]):
        parts = line.rstrip("\n").split("\t")
        if not parts or not parts[0]:
            continue
        folders[parts[0]] = (set(parts[1].split()), [o for o in parts[2:] if o.endswith(".o")])
    owner = {}
    uses = {}
    for name, (_, objects) in folders.items():
        defined, undefined = symbols(objects)
        for s in defined:
            owner.setdefault(s, name)
        uses[name] = undefined
    calls = {}  # (from, to) -> one symbol
    for name, undefined in uses.items():
        for s in sorted(undefined):
            to = owner.get(s)
            if to and to != name:
                calls.setdefault((name, to), s)
    if "--actual" in sys.argv[2:]:
        for name in sorted(folders):
            print("%s: %s" % (name, " ".join(sorted(t for (f, t) in calls if f == name))))
        return 0
    bad = []
    for (f, t), s in sorted(calls.items()):
        if t == "core" or (t == "ntdll" and f != "core") or t in folders[f][0]:
            continue
        bad.append("shims/%s calls shims/%s (%s), which shims/%s/CMakeLists.txt does not name in LINKS%s"
                   % (f, t, demangle(s), f, " (core and ntdll call no DLL)" if f in ("core", "ntdll") else ""))
    for line in bad:
        print("links: " + line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
