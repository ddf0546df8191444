#!/usr/bin/env python3
"""The shape of the code, checked: the floors and arrows of docs/architecture.md.

Each violation found is one line; the run fails on a violation that baseline.txt does not list,
and on a baseline line that no longer occurs (fixed: the line goes, so the list only shrinks).
The baseline is what remains of the Windows wing's redesign (issue 46); it is to end empty.

  - include: a file includes a floor above its own, or the other personality
    ("include FROM-FOLDER -> TO-FOLDER", one line per pair of folders);
  - a third-party engine header outside its one floor (<unicorn/…> only in cpu-emu, <LIEF/…> only
    in loader);
  - upward: a function declared in a shims/core header and defined above core
    ("upward NAME declared in HEADER defined in FILE");
  - nt-export: an NT export (Nt*, Zw*, Rtl*, Ldr*) defined outside shims/ntdll
    ("nt-export NAME in FILE");
  - dll: a DLL folder including another DLL folder's headers that its CMakeLists.txt does not
    name among the DLLs it links to ("dll FROM -> TO");
  - size: a source file in shims/ over 1,500 lines ("size FILE");
  - cmake: a folder of shims/ without its CMakeLists.txt ("cmake shims/NAME has no CMakeLists.txt"),
    and core or ntdll naming a DLL among its LINKS ("links shims/core -> NAME": they call none).
The calls themselves (not only the includes) are checked after each build from the objects'
symbols by links.py, against the same LINKS.

  tests/layering/check.py [--root DIR] [--print]   (--print: every violation, baseline or not)
Needs universal-ctags (Debian's universal-ctags) for the declarations and definitions.
"""
import argparse
import os
import re
import subprocess
import sys

# Folder -> the folders its files may include (its own included). cli is the top: anything.
FLOORS = {
    "common": {"common"},
    "memory": {"common", "memory"},
    "loader": {"common", "memory", "loader"},
    "cpu-emu": {"common", "memory", "cpu-emu"},
    "gdbstub": {"common", "memory", "cpu-emu", "gdbstub"},
    "abi": {"common", "memory", "cpu-emu", "abi"},
    "syscall-translate": {"common", "memory", "loader", "cpu-emu", "gdbstub", "syscall-translate"},
}
# The Windows floors: shims/core on what is under both personalities, shims/ntdll on core, the
# DLLs on both (and on the DLLs their CMakeLists.txt names).
BELOW_SHIMS = {"common", "memory", "loader", "cpu-emu", "gdbstub", "abi"}
# A library's headers and the one floor that includes them (OpenLDAP's headers, which have no
# folder of their own, by their names: WLDAP32 alone is built over OpenLDAP).
THIRD_PARTY = {"unicorn": "cpu-emu", "LIEF": "loader", "ldap.h": "shims/wldap32", "lber.h": "shims/wldap32"}
SOURCE_DIRS = ["common", "memory", "loader", "cpu-emu", "gdbstub", "abi", "syscall-translate", "shims", "cli", "programs"]
NT_EXPORT = re.compile(r'EXPORT\w*\(\s*"((?:Nt|Zw|Rtl|Ldr)[A-Z]\w*)"')
INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)
MAX_LINES = 1500


def folder_of(path):
    """The floor a repository path belongs to: shims/NAME for the Windows wing, else its top folder."""
    parts = path.split("/")
    if parts[0] == "shims" and len(parts) > 2:
        return "shims/" + parts[1]
    return parts[0]


def sources(root):
    """polyrun's own sources: not the test programs of shims/NAME/tests/ and programs/NAME/tests/,
    which are guest code, built for Windows, on no floor."""
    for top in SOURCE_DIRS:
        for d, _, files in os.walk(os.path.join(root, top)):
            parts = os.path.relpath(d, root).split(os.sep)
            if top in ("shims", "programs") and len(parts) > 2 and parts[2] == "tests":
                continue
            for f in files:
                if f.endswith((".cpp", ".h", ".cc", ".hpp")):
                    yield os.path.relpath(os.path.join(d, f), root)


def declared_links(root, dll):
    """The DLL folders shims/DLL/CMakeLists.txt names as linked (polyrun_dll_links(... NAME ...)), or None."""
    path = os.path.join(root, "shims", dll, "CMakeLists.txt")
    if not os.path.exists(path):
        return None
    text = open(path).read()
    m = re.search(r"LINKS([^)]*)\)", text)
    return set(m.group(1).split()) if m else set()


def include_violations(root, files):
    out = set()
    for path in files:
        src = folder_of(path)
        if src in ("cli", "programs"):
            allowed = None
        elif src in FLOORS:
            allowed = FLOORS[src]
        elif src == "shims/core":
            allowed = BELOW_SHIMS | {"shims/core"}
        elif src == "shims/ntdll":
            allowed = BELOW_SHIMS | {"shims/core", "shims/ntdll"}
        elif src.startswith("shims/"):
            allowed = BELOW_SHIMS | {"shims/core", "shims/ntdll", src}
        else:
            continue
        text = open(os.path.join(root, path), errors="replace").read()
        for kind, name in INCLUDE.findall(text):
            if kind == "<":
                lib = name.split("/")[0]
                if lib in THIRD_PARTY and src != THIRD_PARTY[lib]:
                    out.add("include %s -> <%s/...> (only %s includes it)" % (src, lib, THIRD_PARTY[lib]))
                continue
            if "/" not in name:
                continue  # (a file beside it)
            dst = folder_of(name)
            if allowed is None or dst in allowed:
                continue
            if src.startswith("shims/") and dst.startswith("shims/") and src not in ("shims/core", "shims/ntdll") \
                    and dst not in ("shims/core", "shims/ntdll"):
                links = declared_links(root, src.split("/")[1])
                if links is not None and dst.split("/")[1] in links:
                    continue
                out.add("dll %s -> %s" % (src, dst))
                continue
            out.add("include %s -> %s" % (src, dst))
    return out


def ctags(root, paths):
    cmd = ["ctags", "--languages=C++", "--langmap=C++:+.h", "--kinds-C++=fp", "--fields=+KZsS", "--extras=-F",
           "-f", "-", "--sort=no"] + paths
    res = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit("check: ctags failed: " + res.stderr.strip())
    for line in res.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) < 4:
            continue
        name, path = fields[0], fields[1]
        extra = dict(f.split(":", 1) for f in fields[3:] if ":" in f)
        kind = fields[3] if ":" not in fields[3] else extra.get("kind", "")
        yield name, path, kind, extra.get("scope", "")


def upward_violations(root):
    """Functions a shims/core header declares at namespace scope and a file above core defines."""
    core_headers = sorted(os.path.relpath(os.path.join(d, f), root)
                          for d, _, fs in os.walk(os.path.join(root, "shims", "core")) for f in fs if f.endswith(".h"))
    declared = {}
    for name, path, kind, scope in ctags(root, core_headers):
        if kind == "prototype" and scope.startswith("namespace:"):
            declared.setdefault((name, scope), path)
    shim_sources = sorted(p for p in sources(root) if p.startswith("shims/") and p.endswith(".cpp"))
    defined_in_core = set()
    above = {}
    for name, path, kind, scope in ctags(root, shim_sources):
        if kind != "function":
            continue
        key = (name, scope)
        if key not in declared:
            continue
        if path.startswith("shims/core/"):
            defined_in_core.add(key)
        else:
            above.setdefault(key, set()).add(path)
    out = set()
    for key, paths in above.items():
        if key in defined_in_core:
            continue  # (an overload of core's own)
        for p in paths:
            out.add("upward %s declared in %s defined in %s" % (key[0], declared[key], p))
    return out


def nt_export_violations(root, files):
    out = set()
    for path in files:
        if not path.startswith("shims/") or path.startswith("shims/ntdll/"):
            continue
        for name in NT_EXPORT.findall(open(os.path.join(root, path), errors="replace").read()):
            out.add("nt-export %s in %s" % (name, path))
    return out


def size_violations(root, files):
    out = set()
    for path in files:
        if path.startswith("shims/"):
            with open(os.path.join(root, path), errors="replace") as f:
                if sum(1 for _ in f) > MAX_LINES:
                    out.add("size %s" % path)
    return out


def cmake_violations(root):
    out = set()
    shims = os.path.join(root, "shims")
    for name in sorted(os.listdir(shims)):
        if not os.path.isdir(os.path.join(shims, name)):
            continue
        links = declared_links(root, name)
        if links is None:
            out.add("cmake shims/%s has no CMakeLists.txt" % name)
        elif name in ("core", "ntdll"):
            for link in sorted(links):
                out.add("links shims/%s -> %s" % (name, link))
    return out


def have_ctags():
    try:
        return "Universal Ctags" in subprocess.run(["ctags", "--version"], capture_output=True, text=True).stdout
    except OSError:
        return False


def main():
    if not have_ctags():
        print("check: universal-ctags is not installed (setup.sh --all installs it)", file=sys.stderr)
        return 1 if os.environ.get("CI") == "true" else 77
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    ap.add_argument("--print", action="store_true")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    files = sorted(sources(root))
    found = (include_violations(root, files) | upward_violations(root) | nt_export_violations(root, files)
             | size_violations(root, files) | cmake_violations(root))
    baseline_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "baseline.txt")
    baseline = set()
    if os.path.exists(baseline_path):
        for line in open(baseline_path):
            line = line.strip()
            if line and not line.startswith("#"):
                baseline.add(line)
    if args.print:
        for v in sorted(found):
            print(v)
        return 0
    new = sorted(found - baseline)
    gone = sorted(baseline - found)
    for v in new:
        print("new: " + v)
    for v in gone:
        print("fixed (take it out of tests/layering/baseline.txt): " + v)
    print("layering: %d violations, %d of them in the baseline; %d new, %d fixed" %
          (len(found), len(found & baseline), len(new), len(gone)))
    return 1 if new or gone else 0


if __name__ == "__main__":
    sys.exit(main())
