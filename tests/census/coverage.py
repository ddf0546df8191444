#!/usr/bin/env python3
"""How much of each Windows DLL polyrun serves, held against the names wine 8.0 implements
(docs/census.md, "Coverage against wine 8.0").

For each DLL of DLLS below and each width (x64 natively, x86 on the CPU engine), the reference is
the list of names wine 8.0's .spec file exports and implements for that architecture
(wine_spec.py: no stubs, no wine_*/__wine_*, no ordinal-only entries). exports_probe.c, built with
mingw-w64, asks polyrun's own loader for each of them (LoadLibraryA, GetProcAddress) under polyrun;
what it does not find is missing.

Exit status: 1 when a name is missing that tests/census/coverage-missing.txt (the work left, written
by --write-known) does not list, or when a name it lists is no longer missing (the list only
shrinks: run --write-known), or when wine's sources or mingw-w64 are missing under CI=true (77, a
skip, elsewhere); 0 otherwise, and always with --report-only.

    coverage.py --polyrun PATH [--dll NAME…] [--arch x86_64|i386] [--missing] [--report-only]
                [--write-known] [--update-doc docs/census.md]
"""
import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import wine_spec  # noqa: E402

CI = os.environ.get("CI") == "true"

# (DLL, goal): the share of wine 8.0's names each should resolve (issue 47: the C and C++ runtimes
# whole, the core system DLLs at 90 %); 0 for DLLs only measured.
DLLS = [
    ("ucrtbase", 100), ("vcruntime140", 100), ("vcruntime140_1", 100), ("msvcp140", 100), ("msvcp120", 100),
    ("msvcp110", 100),
    ("kernel32", 90), ("kernelbase", 90), ("ntdll", 90), ("advapi32", 90), ("shlwapi", 90),
    ("ole32", 90), ("oleaut32", 90),
    ("msvcrt", 0), ("user32", 0), ("gdi32", 0), ("shell32", 0), ("ws2_32", 0), ("rpcrt4", 0),
    ("crypt32", 0), ("winmm", 0), ("setupapi", 0), ("version", 0), ("comctl32", 0),
    ("comdlg32", 0), ("bcrypt", 0), ("secur32", 0), ("iphlpapi", 0), ("dbghelp", 0), ("imm32", 0),
    ("userenv", 0), ("psapi", 0), ("netapi32", 0), ("pdh", 0), ("powrprof", 0), ("wldap32", 0),
    ("cabinet", 0), ("cfgmgr32", 0), ("avicap32", 0), ("wtsapi32", 0), ("winspool.drv", 0), ("imagehlp", 0),
    ("rstrtmgr", 0), ("wininet", 0), ("wintrust", 0), ("msvcp90", 0), ("msvcp100", 0), ("uxtheme", 0),
    ("shcore", 0), ("shfolder", 0),
]
ARCHES = [("x86_64", "x86_64-w64-mingw32-gcc", "x64"), ("i386", "i686-w64-mingw32-gcc", "x86")]
KNOWN = os.path.join(HERE, "coverage-missing.txt")


def skip_or_fail(msg):
    print(f"coverage: {msg}", file=sys.stderr)
    return 1 if CI else 77


def probe(polyrun, cc, wanted, workdir):
    """{dll: set of missing names} for wanted [(dll, name)], asked of polyrun."""
    exe = os.path.join(workdir, f"exports_probe_{os.path.basename(cc)}.exe")
    p = subprocess.run([cc, "-O1", "-o", exe, os.path.join(HERE, "exports_probe.c")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode:
        raise RuntimeError(f"exports_probe.c does not build with {cc}: {p.stdout.strip()[-300:]}")
    lst = os.path.join(workdir, "names.txt")
    with open(lst, "w") as f:
        for dll, name in wanted:
            f.write(f"{dll} {name}\n")
    p = subprocess.run([polyrun, exe, lst], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, cwd=workdir, timeout=600)
    if p.returncode:
        raise RuntimeError(f"exports_probe.exe under polyrun: exit {p.returncode}: {p.stderr.strip()[-300:]}")
    missing = defaultdict(set)
    unloadable = set()
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) == 2:
            if f[1] == "*":
                unloadable.add(f[0])
            else:
                missing[f[0]].add(f[1])
    for dll, name in wanted:
        if dll in unloadable:
            missing[dll].add(name)
    return missing, unloadable


def read_known(path):
    known = set()
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.split("#", 1)[0].strip()
            if line:
                arch, dll, name = line.split()
                known.add((arch, dll, name))
    return known


def write_known(path, missing_all):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# The names of wine 8.0's DLLs polyrun does not serve yet, by width (x86_64: x64\n"
                "# natively, i386: x86 on the CPU engine): the work left of issue 47, written by\n"
                "# tests/census/coverage.py --write-known. It only shrinks.\n")
        for arch, dll, name in sorted(missing_all):
            f.write(f"{arch} {dll} {name}\n")


def table(rows):
    out = ["| DLL | goal | x64: wine 8.0 | x64: polyrun | x64 % | x86: wine 8.0 | x86: polyrun | x86 % |",
           "|---|---|---|---|---|---|---|---|"]
    for dll, goal, per in rows:
        cells = []
        for arch, _, _ in ARCHES:
            if arch in per:
                total, have = per[arch]
                cells += [str(total), str(have), f"{100.0 * have / total:.0f} %" if total else "-"]
            else:
                cells += ["-", "-", "-"]
        out.append(f"| {dll} | {str(goal) + ' %' if goal else 'measured'} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def update_doc(path, rows, commit):
    section = "\n".join([
        "<!-- coverage:begin (written by tests/census/coverage.py --update-doc) -->",
        f"Run on {datetime.date.today().isoformat()} against polyrun built from commit {commit}. "
        "wine 8.0: the names its .spec file exports and implements for that width (not stubs, not "
        "wine's own); polyrun: how many of them GetProcAddress finds under polyrun.",
        "",
        table(rows),
        "<!-- coverage:end -->",
    ])
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    b, e = text.find("<!-- coverage:begin"), text.find("<!-- coverage:end -->")
    if b >= 0 and e > b:
        text = text[:b] + section + text[e + len("<!-- coverage:end -->"):]
    else:
        text += ("\n" if text else "") + section + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polyrun", required=True)
    ap.add_argument("--dll", nargs="*", help="only these DLLs (names as in DLLS)")
    ap.add_argument("--arch", choices=[a for a, _, _ in ARCHES], help="only this width")
    ap.add_argument("--missing", action="store_true", help="list the missing names")
    ap.add_argument("--report-only", action="store_true")
    ap.add_argument("--known", default=KNOWN)
    ap.add_argument("--write-known", action="store_true")
    ap.add_argument("--update-doc", metavar="FILE")
    a = ap.parse_args()
    a.polyrun = os.path.abspath(a.polyrun)

    try:
        dlls_dir = wine_spec.fetch_sources()
    except Exception as e:  # noqa: BLE001 (a download or checksum failure, said in one line)
        return skip_or_fail(f"wine 8.0's sources: {e}")
    chosen = [(d, g) for d, g in DLLS if not a.dll or d in a.dll]
    arches = [x for x in ARCHES if not a.arch or x[0] == a.arch]
    missing_all, rows = set(), []
    per_dll = {d: {} for d, _ in chosen}
    with tempfile.TemporaryDirectory(prefix="coverage-") as wd:
        for arch, cc, _ in arches:
            if not shutil.which(cc):
                return skip_or_fail(f"{cc} is not installed")
            wanted = [(d, n) for d, _ in chosen for n, _ in wine_spec.exports(d, arch, dlls_dir)]
            try:
                missing, _ = probe(a.polyrun, cc, wanted, wd)
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                print(f"coverage: {e}", file=sys.stderr)
                return 1
            for d, _ in chosen:
                total = sum(1 for dd, _ in wanted if dd == d)
                per_dll[d][arch] = (total, total - len(missing.get(d, ())))
                for n in missing.get(d, ()):
                    missing_all.add((arch, d, n))
    rows = [(d, g, per_dll[d]) for d, g in chosen]
    print(table(rows))
    if a.missing:
        for arch, d, n in sorted(missing_all):
            print(arch, d, n)
    if a.update_doc:
        commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                                text=True).stdout.strip() or "unknown"
        update_doc(a.update_doc, rows, commit)
    whole = not a.dll and not a.arch
    if a.write_known:
        if not whole:
            print("coverage: --write-known needs every DLL and width", file=sys.stderr)
            return 2
        write_known(a.known, missing_all)
        return 0
    known = read_known(a.known)
    in_scope = {(x, d, n) for x, d, n in known if any(x == ar for ar, _, _ in arches) and d in per_dll}
    new = sorted(missing_all - in_scope)
    gone = sorted(in_scope - missing_all)
    for x, d, n in new:
        print(f"coverage: missing, and not in {os.path.basename(a.known)}: {x} {d} {n}")
    for x, d, n in gone:
        print(f"coverage: served now, still listed in {os.path.basename(a.known)}: {x} {d} {n} "
              "(run coverage.py --write-known)")
    if a.report_only:
        return 0
    return 1 if new or gone else 0


if __name__ == "__main__":
    sys.exit(main())
