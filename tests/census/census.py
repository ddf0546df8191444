#!/usr/bin/env python3
"""An import census of real Windows console programs under polyrun (docs/census.md).

For each program of programs.txt: fetch it (pinned version and checksum), read its import table
(peimports.py, checked against llvm-readobj), run it under polyrun with a harmless command and
--log-level debug, and collect from polyrun's stderr what it lacks:
  - static imports of a DLL polyrun serves that polyrun lacks
        polyrun[debug]: import DLL!Name is not implemented: bound to a trap
  - static imports of a system DLL polyrun does not serve at all (GUI DLLs and the like)
        polyrun[debug]: import DLL!Name is not implemented (polyrun has no DLL): bound to a trap
  - lookups at run time (GetProcAddress) of a function polyrun's DLL lacks
        polyrun[warning]: DLL has no Name (looked up from 0x...)
  - calls that stopped the program
        polyrun: unimplemented: DLL!Name (called from 0x...)
Prints a table and the union of what is missing, by DLL.

Exit status: 1 when anything is missing (a static import of a DLL polyrun serves, a failed lookup,
a call of a function polyrun lacks, of whichever DLL) that neither the allow-list (names that are
not Windows functions) nor known-missing.txt (the work left) names, when a name known-missing.txt
lists is no longer missing (after a run of every program), when a program could not be fetched
under CI=true, or when the import parser disagrees with llvm-readobj; 0 otherwise, and always with
--report-only. Imports of DLLs polyrun does not serve are reported apart and fail nothing unless
called.

    census.py --polyrun PATH [--report-only] [--only REGEX] [--timeout S] [--update-doc FILE]
              [--known FILE] [--write-known]
"""

import argparse
import datetime
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # (no __pycache__ in the source tree)
sys.path.insert(0, HERE)
import peimports  # noqa: E402

FETCH_NPM = os.path.join(HERE, "..", "real-windows", "fetch-npm.sh")
FETCH_DEB = os.path.join(HERE, "fetch-deb.sh")
CI = os.environ.get("CI") == "true"

RE_STATIC = re.compile(r"^polyrun\[debug\]: import (\S+?)!(.+) is not implemented: bound to a trap$")
RE_UNSERVED = re.compile(r"^polyrun\[debug\]: import (\S+?)!(.+) is not implemented \(polyrun has no \S+\): bound to a trap$")
RE_LOOKUP = re.compile(r"^polyrun\[warning\]: (\S+) has no (.+) \(looked up from 0x[0-9a-f]+\)$")
RE_CALLED = re.compile(r"^polyrun: unimplemented: (\S+?)!(.+) \(called from 0x[0-9a-f]+\)$")
RE_LOADLIB = re.compile(r"^polyrun\[debug\]: LoadLibrary\((.*)\): (.*)$")


@dataclass
class Program:
    name: str
    width: str
    source: str
    checksum: str
    path: str
    language: str
    args: list
    line: int

    @property
    def package(self):
        return self.source.split(":", 1)[1].replace("=", "@")

    @property
    def key(self):
        return f"{self.name} {self.width} {self.package}"


@dataclass
class Result:
    prog: Program
    exe: str = ""
    fetch_error: str = ""
    toolchain: str = ""
    system_imports: int = 0
    system_dlls: int = 0
    own_dlls: list = field(default_factory=list)
    system: list = field(default_factory=list)  # the imports of DLLs not beside the program
    parser_mismatch: list = field(default_factory=list)
    static: set = field(default_factory=set)  # (DLL, name) of DLLs polyrun serves
    unserved: set = field(default_factory=set)  # (DLL, name) of DLLs polyrun lacks
    lookups: set = field(default_factory=set)
    called: set = field(default_factory=set)
    loadlib: set = field(default_factory=set)
    logged_unserved: set = field(default_factory=set)  # of `unserved`, what polyrun's log named
    status: str = ""
    stdout_bytes: int = 0
    stdout_first: str = ""
    stderr_tail: list = field(default_factory=list)
    seconds: float = 0.0


def dll_key(name):
    """KERNEL32.dll: a DLL's name as polyrun's warnings spell it (the base upper case)."""
    base, dot, ext = name.rpartition(".")
    if not dot:
        return name.upper() + ".dll"
    return base.upper() + "." + ext.lower()


def read_programs(path):
    progs = []
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        f = line.split(None, 6)
        if len(f) < 6:
            raise SystemExit(f"{path}:{n}: expected NAME WIDTH SOURCE CHECKSUM PATH LANGUAGE [ARGS]")
        args = shlex.split(f[6]) if len(f) > 6 else []
        progs.append(Program(f[0], f[1], f[2], f[3], f[4], f[5], args, n))
    keys = [p.key for p in progs]
    dups = {k for k in keys if keys.count(k) > 1}
    if dups:
        raise SystemExit(f"{path}: programs listed twice: {', '.join(sorted(dups))}")
    return progs


def read_allow_list(path):
    allowed = {}
    if not path or not os.path.exists(path):
        return allowed
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        entry, _, reason = line.partition(" ")
        if "!" not in entry or not reason.strip():
            raise SystemExit(f"{path}:{n}: expected DLL!Name and a reason")
        dll, _, name = entry.partition("!")
        allowed[(dll_key(dll), name)] = reason.strip()
    return allowed


def read_known(path):
    """The functions known to be missing: {(DLL, Name)}."""
    known = set()
    if not path or not os.path.exists(path):
        return known
    for raw in open(path, encoding="utf-8"):
        line = raw.strip()
        if line and not line.startswith("#"):
            dll, _, name = line.partition("!")
            known.add((dll_key(dll), name))
    return known


def write_known(path, missing):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# The functions of DLLs polyrun serves that the census's programs import, look up or call and\n"
                "# polyrun lacks: the work left (docs/census.md). The census fails on a missing function this\n"
                "# list does not name, and on a name here that is no longer missing (it only shrinks).\n"
                "# Written by census.py --write-known; one DLL!Name a line.\n")
        for d, n in sorted(missing):
            f.write(f"{d}!{n}\n")


def fetch(prog, result):
    """Sets result.exe (the program's file), or result.fetch_error."""
    kind, _, spec = prog.source.partition(":")
    algo, _, digest = prog.checksum.partition(":")
    if kind == "npm" and algo == "sha512":
        name, _, version = spec.rpartition("@")
        cmd = [FETCH_NPM, name, version, digest]
    elif kind == "deb" and algo == "sha256":
        name, _, version = spec.partition("=")
        cmd = [FETCH_DEB, name, version, digest]
    else:
        result.fetch_error = f"programs.txt:{prog.line}: unknown source {prog.source} / {prog.checksum}"
        return
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        why = proc.stderr.strip().splitlines()
        result.fetch_error = (why[-1] if why else f"{cmd[0]} exited {proc.returncode}")
        return
    root = proc.stdout.strip()
    path, alone = prog.path, False
    if path.startswith("alone:"):
        path, alone = path[len("alone:"):], True
    path, bang, member = path.partition("!")
    exe = os.path.normpath(os.path.join(root, path))
    if bang:  # a member of a zip archive: extracted once beside the archive's tree
        out = os.path.join(os.path.dirname(root), "members", os.path.basename(path), member)
        if not os.path.exists(out):
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with zipfile.ZipFile(exe) as z:
                data = z.read(member)
            tmp = out + ".tmp"
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, out)
        exe = out
    if not os.path.isfile(exe):
        result.fetch_error = f"{prog.path} is not in {prog.package}"
        return
    if alone:  # copied once into a directory of its own, away from the DLLs of its package
        out = os.path.join(os.path.dirname(root), "alone", os.path.basename(exe))
        if not os.path.exists(out):
            os.makedirs(os.path.dirname(out), exist_ok=True)
            shutil.copyfile(exe, out + ".tmp")
            os.chmod(out + ".tmp", 0o755)
            os.replace(out + ".tmp", out)
        exe = out
    result.exe = exe


# ---- the import parser, checked against llvm-readobj ----

def readobj_imports(tool, exe):
    """The imports llvm-readobj --coff-imports lists: a sorted list of (dll, name or #N, delay)."""
    proc = subprocess.run([tool, "--coff-imports", exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, errors="replace")
    out = proc.stdout
    if proc.returncode and "DelayImport {" not in out:
        raise subprocess.CalledProcessError(proc.returncode, proc.args, out, proc.stderr)
    found, dll, delay = [], None, False
    for line in out.splitlines():
        s = line.strip()
        if line.startswith("Import {"):
            dll, delay = None, False
        elif line.startswith("DelayImport {"):
            dll, delay = None, True
        elif s.startswith("Name: ") and (line.startswith("  Name:")):
            dll = s[6:]
        elif s.startswith("Symbol: "):
            m = re.match(r"Symbol: (.*) \((\d+)\)$", s)
            name, num = m.group(1), m.group(2)
            found.append((dll.lower(), name if name else f"#{num}", delay))
    if proc.returncode:
        # llvm-readobj (14) stops at delay-load descriptors that hold addresses instead of RVAs
        # (Delphi's): what it read before them, the ordinary imports, is still compared.
        return None
    return sorted(found)


READOBJ_PARTIAL = []  # the programs whose delay-load imports llvm-readobj could not read


def readobj_ordinary_imports(tool, exe):
    """The imports (not delay-loaded) llvm-readobj lists before it stops at the delay-load table."""
    proc = subprocess.run([tool, "--coff-imports", exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, errors="replace")
    found, dll, delay = [], None, False
    for line in proc.stdout.splitlines():
        s = line.strip()
        if line.startswith("Import {"):
            dll, delay = None, False
        elif line.startswith("DelayImport {"):
            break
        elif s.startswith("Name: ") and line.startswith("  Name:"):
            dll = s[6:]
        elif s.startswith("Symbol: "):
            m = re.match(r"Symbol: (.*) \((\d+)\)$", s)
            found.append((dll.lower(), m.group(1) if m.group(1) else f"#{m.group(2)}", False))
    return sorted(found)


def parser_imports(pe):
    return sorted((i.dll.lower(), i.name if i.name else f"#{i.ordinal}", i.delay) for i in pe.imports)


def compare_with_readobj(tool, pe, exe):
    """Differences between peimports and llvm-readobj, as lines (none when they agree)."""
    ours, theirs = parser_imports(pe), readobj_imports(tool, exe)
    if theirs is None:
        READOBJ_PARTIAL.append(os.path.basename(exe))
        ours = [x for x in ours if not x[2]]
        theirs = readobj_ordinary_imports(tool, exe)
    if ours == theirs:
        return []
    a, b = set(ours), set(theirs)
    out = [f"only peimports: {d}!{n}{' (delay)' if dl else ''}" for d, n, dl in sorted(a - b)[:5]]
    out += [f"only llvm-readobj: {d}!{n}{' (delay)' if dl else ''}" for d, n, dl in sorted(b - a)[:5]]
    return out or [f"{len(ours)} imports here, {len(theirs)} in llvm-readobj's list"]


def delay_load_self_test(tool):
    """Builds two small programs (x64 and x86) that import a DLL's functions delay-loaded, by name
    and by ordinal, and checks the parser's reading of them against llvm-readobj's. Returns
    (problems, note)."""
    need = ["clang", "llvm-dlltool", "ld.lld", "x86_64-w64-mingw32-gcc", "i686-w64-mingw32-gcc"]
    missing = [t for t in need if not shutil.which(t)]
    if missing:
        return [], f"delay-load check not run: {', '.join(missing)} not installed"
    problems = []
    with tempfile.TemporaryDirectory(prefix="census-delay-") as d:
        with open(os.path.join(d, "d.def"), "w") as f:
            f.write("LIBRARY census_delayed.dll\nEXPORTS\nnamed_function\nby_ordinal @7 NONAME\n")
        with open(os.path.join(d, "m.c"), "w") as f:
            f.write("__declspec(dllimport) int named_function(void);\n"
                    "__declspec(dllimport) int by_ordinal(void);\n"
                    "int main(int argc, char **argv) { return argc > 5 ? named_function() + by_ordinal() : 0; }\n")
        for triple, machine, width in (("x86_64", "i386:x86-64", "x64"), ("i686", "i386", "x86")):
            lib, exe = os.path.join(d, f"d-{triple}.a"), os.path.join(d, f"m-{triple}.exe")
            libgcc = subprocess.run([f"{triple}-w64-mingw32-gcc", "-print-libgcc-file-name"],
                                    stdout=subprocess.PIPE, text=True).stdout.strip()
            steps = [["llvm-dlltool", "-m", machine, "-d", os.path.join(d, "d.def"), "-l", lib],
                     ["clang", f"--target={triple}-w64-mingw32", "-fuse-ld=lld", f"-L{os.path.dirname(libgcc)}",
                      "-o", exe, os.path.join(d, "m.c"), lib, "-Wl,--delayload=census_delayed.dll", "-ldelayimp"]]
            for step in steps:
                p = subprocess.run(step, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                if p.returncode:
                    problems.append(f"delay-load check ({width}): {step[0]} failed: {p.stdout.strip()[-300:]}")
                    break
            else:
                pe = peimports.parse(exe)
                diff = compare_with_readobj(tool, pe, exe)
                delayed = [i.label() for i in pe.imports if i.delay]
                if diff:
                    problems.append(f"delay-load check ({width}): " + "; ".join(diff))
                elif sorted(delayed) != ["census_delayed.dll!#7", "census_delayed.dll!named_function"]:
                    problems.append(f"delay-load check ({width}): llvm-readobj and peimports read {delayed}")
    return problems, "delay-load imports (x64, x86) read as llvm-readobj reads them"


# ---- a run under polyrun ----

def run(polyrun, prog, result, timeout):
    scratch = tempfile.mkdtemp(prefix="census-run-")
    args = [a.replace("{dir}", os.path.dirname(result.exe)) for a in prog.args]
    # DO_NOT_TRACK: programs that send telemetry when they start (sst) keep to themselves.
    env = dict(os.environ, HOME=scratch, DO_NOT_TRACK="1")
    out_path, err_path = os.path.join(scratch, ".stdout"), os.path.join(scratch, ".stderr")
    start = time.monotonic()
    try:
        with open(out_path, "wb") as out, open(err_path, "wb") as err, open(os.devnull, "rb") as devnull:
            proc = subprocess.Popen([polyrun, "--log-level", "debug", result.exe] + args, stdin=devnull,
                                    stdout=out, stderr=err, cwd=scratch, env=env, start_new_session=True)
            try:
                code = proc.wait(timeout=timeout)
                result.status = str(code) if code >= 0 else f"signal {-code}"
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                result.status = "timeout"
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # what it left running
            except ProcessLookupError:
                pass
        result.seconds = time.monotonic() - start
        with open(out_path, "rb") as f:
            data = f.read()
        result.stdout_bytes = len(data)
        first = data.decode("utf-8", "replace").strip().splitlines()
        result.stdout_first = first[0][:60] if first else ""
        with open(err_path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    others = []
    for line in lines:
        line = line.rstrip("\r")
        if m := RE_STATIC.match(line):
            result.static.add((dll_key(m.group(1)), m.group(2)))
        elif m := RE_UNSERVED.match(line):
            result.unserved.add((dll_key(m.group(1)), m.group(2)))
        elif m := RE_LOOKUP.match(line):
            result.lookups.add((dll_key(m.group(1)), m.group(2)))
        elif m := RE_CALLED.match(line):
            result.called.add((dll_key(m.group(1)), m.group(2)))
        elif m := RE_LOADLIB.match(line):
            result.loadlib.add(f"{m.group(1)}: {m.group(2)}")
        elif not line.startswith("polyrun[debug]") and line.strip():
            others.append(line)
    # What the program said first (a panic, an error) and polyrun's last word of its own.
    keep = others[:2]
    last_own = [x for x in others[2:] if x.startswith("polyrun")][-1:]
    result.stderr_tail = [x[:160] for x in keep + last_own]


def prepare(prog, readobj):
    """Fetches and reads one program: a Result with its imports counted (or its fetch_error)."""
    result = Result(prog)
    fetch(prog, result)
    if result.fetch_error:
        return result
    try:
        pe = peimports.parse(result.exe)
    except (peimports.PeError, OSError, ValueError) as e:
        result.fetch_error = f"cannot read {os.path.basename(result.exe)}: {e}"
        return result
    if pe.width != prog.width:
        result.fetch_error = f"programs.txt:{prog.line} says {prog.width}, the file is {pe.width}"
        return result
    result.toolchain = describe_toolchain(prog, pe)
    here = {n.lower() for n in os.listdir(os.path.dirname(result.exe))}
    dlls = {i.dll.lower() for i in pe.imports}
    result.own_dlls = sorted(d for d in dlls if d in here)
    result.system = [i for i in pe.imports if i.dll.lower() not in here]
    result.system_imports = len(result.system)
    result.system_dlls = len({i.dll.lower() for i in result.system})
    if readobj:
        result.parser_mismatch = compare_with_readobj(readobj, pe, result.exe)
    return result


def probe_served(polyrun, dlls):
    """Which of these DLL names polyrun serves, asked of polyrun itself: dll_probe.c, built with
    mingw-w64, loads each (LoadLibraryA) under polyrun. {name lower case: bool}, or None (and a
    note) where the probe cannot be built or run."""
    cc = shutil.which("x86_64-w64-mingw32-gcc")
    if not cc:
        return None, "x86_64-w64-mingw32-gcc not installed: DLLs polyrun does not serve are known only from its log lines"
    with tempfile.TemporaryDirectory(prefix="census-probe-") as d:
        exe = os.path.join(d, "dll_probe.exe")
        p = subprocess.run([cc, "-O1", "-o", exe, os.path.join(HERE, "dll_probe.c")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode:
            return None, f"dll_probe.c does not build: {p.stdout.strip()[-300:]}"
        names = sorted(dlls)
        p = subprocess.run([polyrun, exe] + names, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, cwd=d, timeout=60)
        served = {}
        for line in p.stdout.splitlines():
            f = line.split()
            if len(f) >= 2:
                served[f[0].lower()] = f[1] == "1"
        if p.returncode or sorted(served) != [n.lower() for n in names]:
            return None, f"dll_probe.exe under polyrun: exit {p.returncode}, {p.stderr.strip()[-300:]}"
    return served, ""


def describe_toolchain(prog, pe):
    facts = peimports.toolchain_facts(pe)
    lang = prog.language
    if facts["go"]:
        text = f"Go {facts['go']}"
        if facts["gcc"]:
            text += f", cgo: mingw-w64 GCC {facts['gcc']}"
        return text
    text = lang
    if lang == "Rust" and facts["rust"]:
        text = f"Rust {facts['rust']}"
    text += ", " + facts["linker"]
    if lang != "Rust" and facts["rust"]:
        text += f" (with Rust {facts['rust']} code)"
    return text


# ---- the report ----

def fmt_set(items, limit=None):
    names = sorted(f"{d}!{n}" for d, n in items)
    if limit and len(names) > limit:
        return ", ".join(names[:limit]) + f" … (+{len(names) - limit})"
    return ", ".join(names)


def table_rows(results, allowed):
    rows = []
    for r in results:
        p = r.prog
        if r.fetch_error:
            rows.append([p.name, p.package, p.language, p.width, "—", "—", "—", "—", "—", "not fetched"])
            continue
        lookups = {x for x in r.lookups if x not in allowed}
        allowed_seen = {x for x in r.lookups | r.static | r.called if x in allowed}
        rt = str(len(lookups)) + (f" (+{len(allowed_seen)} allowed)" if allowed_seen else "")
        unserved_dlls = sorted({d for d, _ in r.unserved})
        rows.append([
            p.name, p.package, r.toolchain, p.width,
            f"{r.system_imports} ({r.system_dlls} DLL{'s' if r.system_dlls != 1 else ''})" + (f", own DLLs {len(r.own_dlls)}" if r.own_dlls else ""),
            str(len({x for x in r.static if x not in allowed})),
            f"{len(r.unserved)}" + (f" ({', '.join(d.rsplit('.', 1)[0] for d in unserved_dlls)})" if unserved_dlls else ""),
            rt,
            fmt_set(r.called) or "0",
            r.status + ("" if r.stdout_bytes else ", no stdout"),
        ])
    return rows


HEADERS = ["program", "package@version", "language, toolchain", "width", "system imports",
           "missing static", "unserved DLL imports", "missing at run time", "unimplemented calls", "exit"]


def text_table(rows):
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADERS)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(HEADERS), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out)


def md_table(rows):
    esc = lambda s: s.replace("|", "\\|")
    out = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def program_label(prog, results):
    """NAME WIDTH, with the version where the census has the program in more than one."""
    versions = {r.prog.package for r in results if r.prog.name == prog.name}
    if len(versions) > len({r.prog.width for r in results if r.prog.name == prog.name}):
        return f"{prog.name} {prog.package.rsplit('@', 1)[1]} {prog.width}"
    return f"{prog.name} {prog.width}"


def union(results, allowed):
    """{dll: {name: {kind: [program labels]}}} for the DLLs polyrun serves, and the same for the
    ones it does not serve."""
    served = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    unserved = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for r in results:
        label = program_label(r.prog, results)
        for kind, items in (("static", r.static), ("run time", r.lookups), ("called", r.called)):
            for d, n in items:
                if label not in served[d][n][kind]:
                    served[d][n][kind].append(label)
        for d, n in r.unserved:
            unserved[d][n]["static"].append(label)
    # A call of a DLL polyrun does not serve is a failure too: listed with the served ones' calls.
    for d in list(served):
        if d in unserved:
            for n, kinds in served[d].items():
                if "called" in kinds:
                    unserved[d][n]["called"] = kinds["called"]
    return served, unserved


def union_text(results, allowed, markdown=False):
    served, unserved = union(results, allowed)
    unserved_names = {d for d in unserved}
    out = []
    h = (lambda s: f"### {s}\n") if markdown else (lambda s: f"== {s}")
    item = (lambda s: f"- {s}") if markdown else (lambda s: f"  {s}")

    def block(dlls, kinds, title, note):
        out.append(h(title))
        if note:
            out.append(note)
            if markdown:
                out.append("")
        any_ = False
        for d in sorted(dlls, key=str.lower):
            names = {n: k for n, k in dlls[d].items() if any(x in k for x in kinds)}
            if not names:
                continue
            any_ = True
            out.append(f"{'**' if markdown else ''}{d}{'**' if markdown else ''} ({len(names)})")
            if markdown:
                out.append("")
            for n in sorted(names, key=str.lower):
                k = names[n]
                tags = []
                for kind in kinds:
                    if kind in k:
                        tags.append(f"{kind}: {', '.join(sorted(k[kind]))}")
                why = f" — allowed: {allowed[(d, n)]}" if (d, n) in allowed else ""
                text = f"`{n}`" if markdown else n
                out.append(item(f"{text} ({'; '.join(tags)}){why}"))
            if markdown:
                out.append("")
        if not any_:
            out.append(item("(none)"))
            if markdown:
                out.append("")

    served_only = {d: v for d, v in served.items() if d not in unserved_names}
    block(served_only, ["static", "run time", "called"],
          "Missing from DLLs polyrun serves (static imports, run-time lookups, calls)",
          "" if not markdown else "Each function with the programs that import it (static), look it up "
          "(run time) or called it (called).")
    called_unserved = {d: {n: k for n, k in v.items() if "called" in k} for d, v in unserved.items()}
    block(called_unserved, ["called"], "Calls of DLLs polyrun does not serve (these fail the census)", "")
    block(unserved, ["static"], "DLLs polyrun does not serve: static imports (GUI support; no failure unless called)", "")
    loads = defaultdict(set)
    for r in results:
        for x in r.loadlib:
            loads[x].add(program_label(r.prog, results))
    out.append(h("LoadLibrary calls that failed (polyrun's debug lines; for information)"))
    for x in sorted(loads):
        out.append(item(f"{'`' if markdown else ''}{x}{'`' if markdown else ''} ({', '.join(sorted(loads[x]))})"))
    if not loads:
        out.append(item("(none)"))
    return "\n".join(out)


def details_text(results, markdown=False):
    """What the runs that exited non-zero or printed nothing said first on stderr."""
    out = []
    for r in results:
        if r.fetch_error or (r.status == "0" and r.stdout_bytes):
            continue
        said = " / ".join(r.stderr_tail) if r.stderr_tail else "nothing but the lines the census counts"
        cmd = shlex.join(r.prog.args) if r.prog.args else "no arguments"
        if markdown:
            out.append(f"- {r.prog.name} {r.prog.width} {r.prog.package} (`{cmd}`): exit {r.status}, "
                       f"{r.stdout_bytes} bytes on stdout; stderr: `{said[:400]}`")
        else:
            out.append(f"  {r.prog.name} {r.prog.width} {r.prog.package} ({cmd}): exit {r.status}, "
                       f"{r.stdout_bytes} bytes on stdout; stderr: {said[:400]}")
    if not out:
        return ""
    title = "Runs that exited non-zero or printed nothing on stdout"
    return "\n".join([f"### {title}\n" if markdown else f"== {title}"] + out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polyrun", required=True)
    ap.add_argument("--programs", default=os.path.join(HERE, "programs.txt"))
    ap.add_argument("--allow", default=os.path.join(HERE, "allow-list.txt"))
    ap.add_argument("--report-only", action="store_true", help="print the table; never fail")
    ap.add_argument("--known", default=os.path.join(HERE, "known-missing.txt"),
                    help="the functions known to be missing (the work left): they fail nothing")
    ap.add_argument("--write-known", action="store_true", help="write what is missing now into --known")
    ap.add_argument("--only", help="only the programs whose 'NAME WIDTH PACKAGE@VERSION' matches this regex")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds for each run (default 20)")
    ap.add_argument("--update-doc", metavar="FILE", help="write the table and the union into FILE (docs/census.md)")
    ap.add_argument("--polyrun-commit", help="the commit polyrun was built from, for --update-doc")
    ap.add_argument("--readobj", default=os.environ.get("LLVM_READOBJ", "llvm-readobj"))
    args = ap.parse_args()
    args.polyrun = os.path.abspath(args.polyrun)
    t0 = time.monotonic()

    progs = read_programs(args.programs)
    if args.only:
        progs = [p for p in progs if re.search(args.only, p.key)]
        if not progs:
            raise SystemExit(f"census: no program matches {args.only!r}")
    allowed = read_allow_list(args.allow)
    problems = []
    readobj = shutil.which(args.readobj)
    notes = []
    if readobj:
        self_problems, note = delay_load_self_test(readobj)
        problems += self_problems
        notes.append(note)
        if CI and note.startswith("delay-load check not run"):
            problems.append(note)
    else:
        msg = f"{args.readobj} not installed: the import parser is not checked against it"
        (problems if CI else notes).append(msg)

    results = [prepare(p, readobj) for p in progs]
    system_dlls = {i.dll.lower() for r in results for i in r.system}
    served, note = probe_served(args.polyrun, system_dlls) if system_dlls else ({}, "")
    if note:
        (problems if CI else notes).append(note)
    for r in results:
        if r.fetch_error:
            print(f"census: {r.prog.name} {r.prog.width} {r.prog.package}: {r.fetch_error}", file=sys.stderr)
            continue
        run(args.polyrun, r.prog, r, args.timeout)
        print(f"census: {r.prog.name} {r.prog.width} {r.prog.package}: {r.status} in {r.seconds:.1f} s",
              file=sys.stderr, flush=True)
        logged = {d for d, _ in r.unserved}
        r.logged_unserved = set(r.unserved)
        if served is not None:
            # Every static import of a DLL polyrun does not serve is bound to a trap.
            probed = {(dll_key(i.dll), i.label().split("!", 1)[1]) for i in r.system
                      if not served.get(i.dll.lower(), True)}
            # (DLLs imported by the program's own DLLs were not probed: the log alone tells of them.)
            disagree = {d for d in logged if served.get(d.lower()) is True} - {d for d, _ in probed}
            if disagree:
                problems.append(f"{r.prog.name} {r.prog.width}: polyrun's log says it has no "
                                f"{', '.join(sorted(disagree))}, which dll_probe.exe loads")
            r.unserved |= probed
    if served:
        notes.append("DLLs polyrun does not serve (dll_probe.exe): "
                     + (", ".join(sorted(dll_key(d) for d, ok in served.items() if not ok)) or "none"))
    args.unserved_source = unserved_source(results, served)

    rows = table_rows(results, allowed)
    print(text_table(rows))
    print()
    print(union_text(results, allowed))
    print()

    details = details_text(results)
    if details:
        print(details)
        print()

    # The verdict.
    failures = []
    not_fetched = [r for r in results if r.fetch_error]
    for r in not_fetched:
        msg = f"{r.prog.name} {r.prog.width} {r.prog.package} not fetched: {r.fetch_error}"
        if CI or not re.search(r"cannot download", r.fetch_error):
            failures.append(msg)
        else:
            notes.append(msg + " (skipped: not under CI=true)")
    if readobj:
        checked = [r for r in results if not r.fetch_error]
        agree = sum(1 for r in checked if not r.parser_mismatch)
        notes.append(f"import tables: {agree} of {len(checked)} programs read as llvm-readobj reads them")
        if READOBJ_PARTIAL:
            notes.append("llvm-readobj stopped at the delay-load table of " + ", ".join(sorted(set(READOBJ_PARTIAL)))
                         + " (addresses, not RVAs, as Delphi writes it): their ordinary imports compared")
    for r in results:
        if r.parser_mismatch:
            problems.append(f"{r.prog.name} {r.prog.width}: peimports and llvm-readobj differ: "
                            + "; ".join(r.parser_mismatch))
    missing = set()
    for r in results:
        missing |= {x for x in r.static | r.lookups | r.called if x not in allowed}
    allowed_seen = set()
    for r in results:
        allowed_seen |= {x for x in r.static | r.lookups | r.called if x in allowed}
    n_static = len({x for r in results for x in r.static if x not in allowed})
    n_lookup = len({x for r in results for x in r.lookups if x not in allowed})
    n_called = len({x for r in results for x in r.called if x not in allowed})
    n_unserved = len({x for r in results for x in r.unserved})
    fetched = [r for r in results if not r.fetch_error]
    x86 = sum(1 for r in fetched if r.prog.width == "x86")
    print(f"census: {len(fetched)} programs run ({x86} x86, {len(fetched) - x86} x64), "
          f"{len(not_fetched)} not fetched, in {time.monotonic() - t0:.0f} s")
    print(f"census: missing: {n_static} static imports of DLLs polyrun serves, {n_lookup} run-time lookups, "
          f"{n_called} called functions ({len(missing)} distinct); {len(allowed_seen)} allowed "
          f"({', '.join(sorted(f'{d}!{n}' for d, n in allowed_seen)) or 'none'}); "
          f"{n_unserved} static imports of DLLs polyrun does not serve (not failures)")
    for n in notes:
        print(f"census: note: {n}")
    if not fetched and not CI:
        print("census: no program could be fetched: skipped (77)")
        return 77
    # What is known to be missing is the work left (known-missing.txt): what is missing and not
    # listed there fails, and so does a listed function that is no longer missing (the list only
    # shrinks), where every program ran.
    known = read_known(args.known)
    if args.write_known:
        write_known(args.known, missing)
        known = set(missing)
    new = missing - known
    # (A program killed at its time limit — a slow sanitizer build — may not have reached the
    # lookups it makes: what it did not ask for is not taken as found.)
    timed_out = [r for r in results if r.status == "timeout"]
    whole_run = not args.only and not not_fetched and not timed_out
    if timed_out:
        print("census: note: not checked whether known-missing names are still missing: "
              + ", ".join(f"{r.prog.name} {r.prog.width}" for r in timed_out) + " timed out")
    stale = known - missing if whole_run else set()
    failed = bool(new or stale or failures or problems)
    for f in failures + problems:
        print(f"census: FAIL: {f}")
    print(f"census: {len(missing & known)} of the missing functions are known (the work left: {os.path.basename(args.known)})")
    if new:
        print(f"census: FAIL: {len(new)} functions missing that {os.path.basename(args.known)} does not list: "
              + ", ".join(sorted(f"{d}!{n}" for d, n in new)))
    if stale:
        print(f"census: FAIL: {len(stale)} functions {os.path.basename(args.known)} lists are no longer missing "
              "(remove them): " + ", ".join(sorted(f"{d}!{n}" for d, n in stale)))

    if args.update_doc:
        update_doc(args, results, rows, allowed)
    if args.report_only:
        print("census: --report-only: exit status 0 whatever is missing")
        return 0
    print("census: " + ("failed" if failed else "passed"))
    return 1 if failed else 0


def unserved_source(results, served):
    """Where the census learnt which imports go to DLLs polyrun does not serve: a sentence."""
    total = sum(len(r.unserved) for r in results)
    logged = sum(len(r.logged_unserved) for r in results)
    if served is None:
        return f"Imports of DLLs polyrun does not serve: from polyrun's log alone ({logged})."
    return (f"Imports of DLLs polyrun does not serve: {total}, from the DLLs dll_probe.exe could not load "
            f"under polyrun; polyrun's log named {logged} of them.")


def update_doc(args, results, rows, allowed):
    commit = args.polyrun_commit
    if not commit:
        commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                                text=True).stdout.strip() or "unknown"
    date = datetime.date.today().isoformat()
    section = "\n".join([
        "<!-- census:begin (written by tests/census/census.py --update-doc) -->",
        f"Run on {date} against polyrun built from commit {commit} (x64 natively, x86 on the CPU "
        f"engine), {args.timeout:.0f} s a program. {args.unserved_source}",
        "",
        md_table(rows),
        "",
        union_text(results, allowed, markdown=True),
        "",
        details_text(results, markdown=True),
        "<!-- census:end -->",
    ])
    text = open(args.update_doc, encoding="utf-8").read() if os.path.exists(args.update_doc) else ""
    begin, end = text.find("<!-- census:begin"), text.find("<!-- census:end -->")
    if begin >= 0 and end > begin:
        text = text[:begin] + section + text[end + len("<!-- census:end -->"):]
    else:
        text = text + ("\n" if text else "") + section + "\n"
    with open(args.update_doc, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    sys.exit(main())
