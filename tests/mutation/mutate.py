#!/usr/bin/env python3
"""Mutation test: damaged copies of the bundled samples run under polyrun, which must stay whole.

Each mutant is a sample with bytes changed in one way (a category below), made from the run's seed
(a new one each run, printed; --seed or POLYRUN_MUTATION_SEED repeats a run): mutant number I of
a run with seed S is always the same file. Each runs under polyrun with stdin
from /dev/null, in a scratch directory of its own, and is killed after --timeout seconds (a
mutant may loop forever: that counts as fine). A run passes when it ends with

  - an exit status (the guest's own, or polyrun's one-line refusal, 126/127), or
  - a signal the guest died of: one that dumps core comes after polyrun's line
    "polyrun: guest terminated by SIG…"; others (SIGKILL, SIGPIPE …) the guest may send itself,

and its stderr holds no sanitizer report (but LeakSanitizer's of the C++ objects a host call the
guest faulted in left behind, when the guest died of it) and no line of polyrun's own failures
("unexpected CPU exception", "the CPU engine stopped", "internal error"). A failing mutant is kept
(--keep) and its command line printed. An x64 Windows mutant runs natively or on the CPU engine (--cpu emulate),
half each, drawn from the seed; damaged x64 code runs natively only where this polyrun keeps a
program's own system calls from the host (probed with the system_calls sample), else on the engine.

  mutate.py --polyrun BUILD/polyrun --samples DIR [DIR…] [--count N] [--seed S] [--jobs J]

The count also comes from POLYRUN_MUTANTS (an argument wins), for a longer run by hand.
"""

import argparse
import concurrent.futures
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time

# Samples that run briefly, alone, without arguments or a terminal, and touch only their own
# directory. (The others wait on terminals, sockets or timers, or write files elsewhere.)
LINUX_SAMPLES = ["hello", "exit_code", "segv", "fp_math", "args_env", "random", "hello_pie", "hello_dyn",
                 "cxx_features", "malloc_heavy", "signals", "stdin_checksum", "code_rewrite", "threads",
                 "enosys", "proc_self"]
WINDOWS_SAMPLES = ["hello.exe", "msvcrt_args.exe", "msvcrt_exit_code.exe", "msvcrt_fp_math.exe",
                   "msvcrt_printf_formats.exe", "msvcrt_qsort_callback.exe", "cxx_features.exe", "hw_exceptions.exe",
                   "seh_scopes.exe", "cxx_eh_msvc.exe", "hello_ucrt.exe", "msvcrt_misc.exe", "kernel32_threads.exe",
                   "fh4_msvc.exe"]

CATEGORIES = ["code-flip", "code-insn", "header", "truncate", "any-flip"]

# Instructions that make CPUs raise exceptions, for code-insn mutants.
AARCH64_WORDS = [
    0xd4000002, 0xd4000003,  # hvc #0, smc #0
    0xd503207f, 0xd503205f, 0xd503203f,  # wfi, wfe, yield
    0xd4400000, 0xd4a00001, 0xd69f03e0,  # hlt #0, dcps1, eret
    0xc85f7c20, 0xc89ffc20, 0x885f7c20,  # ldxr x0, [x1]; stlr x0, [x1]; ldxr w0, [x1]
    0xd61f0020, 0xd63f0020,  # br x1, blr x1
    0xd5181000, 0xd5381000, 0xd50040bf,  # msr sctlr_el1, x0; mrs x0, sctlr_el1; msr spsel, #0
    0xd4200000, 0x00000000, 0xd53be040,  # brk #0, udf, mrs x0, cntvct_el0
    0x9100041f, 0x910007ff,  # add sp, x0, #1; add sp, sp, #1
]
RISCV_WORDS = [
    0x00100073, 0x00000073, 0x00000000,  # ebreak, ecall, illegal
    0x30200073, 0x10500073, 0x12000073,  # mret, wfi, sfence.vma
    0x30002573, 0x30051073, 0xc0002573,  # csrr a0, mstatus; csrw mstatus, a0; rdcycle a0
    0x1005b52f, 0x18c5b52f, 0x0405a52f,  # lr.d a0, (a1); sc.d a0, a2, (a1); amoadd.w a0, zero, (a1)
    0x00058067, 0x00158067, 0x000580e7,  # jr a1; jalr zero, 1(a1); jalr a1
    0x00113023, 0x0015b503, 0x00011101,  # sd ra, 0(sp) … ; ld a0, 1(a1); addi sp, sp, -32 (c.addi16sp + c.nop)
]
ARM_WORDS = [  # A32, little-endian
    0xef000000, 0xe7f000f0, 0xe1200070,  # svc #0, udf, bkpt #0
    0xe320f003, 0xe1910f9f, 0xe1810f92,  # wfi, ldrex r0, [r1]; strex r0, r2, [r1]
    0xee1d0f70, 0xee070f15, 0xe12fff11,  # mrc p15 (TLS); mcr p15 (cache op); bx r1
    0xe8bd8000, 0xe59ff000, 0xf57ff05f,  # pop {pc}; ldr pc, [pc]; dmb sy
]
S390X_SEQUENCES = [  # big-endian instructions of 2, 4 and 6 bytes
    b"\x0a\x00", b"\x00\x00", b"\x01\x01", b"\xb2\xb2\x10\x00", b"\x83\x00\x00\x00",
    b"\x07\xf1", b"\x0d\xe1", b"\xb2\x4f\x00\x10", b"\xe3\x10\xf0\x00\x00\x04",
    b"\xeb\x10\xf0\x00\x00\x24", b"\xa7\xf4\x00\x00", b"\xb9\x04\x00\xf1",
]
X86_SEQUENCES = [
    b"\xcd\x80", b"\xcd\x29", b"\xcd\x2c", b"\xcd\x2d", b"\xcd\x2e", b"\xcd\x0d", b"\xcd\x03",
    b"\xce", b"\x62\x00", b"\xf1", b"\xcc", b"\x0f\x0b", b"\xf4", b"\xcf", b"\x48\xcf", b"\xcb",
    b"\x8e\xd8", b"\x8e\xd0", b"\x8e\xe0", b"\x0f\xa1", b"\x1f", b"\x07", b"\x17",
    b"\xea\x00\x00\x00\x00\x33\x00", b"\xff\x28", b"\xff\x18",
    b"\x9c\x81\x0c\x24\x00\x01\x00\x00\x9d",  # set the trap flag
    b"\xfa", b"\xfb", b"\xe4\x60", b"\x0f\x01\xf8", b"\x0f\x07", b"\x0f\x05", b"\x0f\x34",
    b"\x0f\x20\xc0", b"\x0f\x22\xd8", b"\x0f\x32", b"\x0f\x30", b"\x0f\x01\x10", b"\x0f\x00\xd8",
    b"\xd9\x2c\x24", b"\x9b", b"\x0f\xae\x14\x24", b"\x31\xc9\xf7\xf1",  # fldcw, fwait, ldmxcsr, div 0
]

FAIL_PATTERNS = ["runtime error:", "AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                 "ThreadSanitizer", "unexpected CPU exception", "CPU engine stopped", "internal error"]
# What a damaged guest's own C and C++ runtimes print too before they abort (polyrun then reports
# the guest's SIGABRT): polyrun's failure only where polyrun did not report a guest's end.
ABORT_PATTERNS = ["terminate called", "Assertion `", "stack smashing detected"]
LDSO_INCONSISTENCY = "Inconsistency detected by ld.so: "
# A guest that faulted inside one of polyrun's host calls (a bad pointer or damaged table it gave
# one) ends that call by the fault recovery, which abandons the call's C++ objects by design
# (common/fault_report.h): LeakSanitizer's report of them at exit is no failure when the guest
# died of that fault. Any other sanitizer report still is.
GUEST_FAULT_LINES = ["polyrun: guest terminated by SIG", "polyrun: unhandled exception "]
LEAK_REPORT = "ERROR: LeakSanitizer: detected memory leaks"
CORE_SIGNALS = {signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE, signal.SIGTRAP, signal.SIGABRT,
                signal.SIGSYS, signal.SIGQUIT, signal.SIGXCPU, signal.SIGXFSZ}


def elf_regions(data):
    """(code ranges, header range, entry offset) of an ELF file of either class and byte order:
    sections with SHF_EXECINSTR, or PF_X segments."""
    if len(data) < 52 or data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] not in (1, 2):
        return [], (0, min(len(data), 64)), None
    wide, end = data[4] == 2, "<" if data[5] == 1 else ">"
    if wide and len(data) < 64:
        return [], (0, len(data)), None
    addr = "Q" if wide else "I"
    e_entry, phoff, shoff = struct.unpack_from(end + addr * 3, data, 0x18)
    phentsize, phnum, shentsize, shnum = struct.unpack_from(end + "HHHH", data, 0x36 if wide else 0x2a)
    code = []
    for i in range(shnum):
        off = shoff + i * shentsize
        if off + (64 if wide else 40) > len(data):
            break
        sh_type, sh_flags = struct.unpack_from(end + "I" + addr, data, off + 4)
        sh_offset, sh_size = struct.unpack_from(end + addr * 2, data, off + (24 if wide else 16))
        if sh_flags & 0x4 and sh_type == 1 and sh_size >= 16:  # SHF_EXECINSTR, SHT_PROGBITS
            code.append((sh_offset, sh_offset + sh_size))
    entry = None
    for i in range(phnum):
        off = phoff + i * phentsize
        if off + (56 if wide else 32) > len(data):
            break
        if wide:
            p_type, p_flags, p_offset, p_vaddr, _, p_filesz = struct.unpack_from(end + "IIQQQQ", data, off)
        else:
            p_type, p_offset, p_vaddr, _, p_filesz, _, p_flags = struct.unpack_from(end + "IIIIIII", data, off)
        if p_type == 1 and p_flags & 1 and p_filesz >= 16:
            if not code:
                code.append((p_offset, p_offset + p_filesz))
            if p_vaddr <= e_entry < p_vaddr + p_filesz:
                entry = p_offset + e_entry - p_vaddr
    return code, (0, min(len(data), phoff + phnum * phentsize)), entry


def pe_regions(data):
    """(code ranges, header range) of a PE file: executable sections; headers to the section table's end."""
    if len(data) < 0x40 or data[:2] != b"MZ":
        return [], (0, min(len(data), 0x40)), None
    nt = struct.unpack_from("<I", data, 0x3c)[0]
    if nt + 44 > len(data):
        return [], (0, min(len(data), 0x40)), None
    nsections, = struct.unpack_from("<H", data, nt + 6)
    opt_size, = struct.unpack_from("<H", data, nt + 20)
    table = nt + 24 + opt_size
    entry_rva, = struct.unpack_from("<I", data, nt + 24 + 16)
    code, entry = [], None
    for i in range(nsections):
        off = table + 40 * i
        if off + 40 > len(data):
            break
        va, raw_size, raw_ptr = struct.unpack_from("<III", data, off + 12)
        characteristics, = struct.unpack_from("<I", data, off + 36)
        if characteristics & 0x20000020 and raw_size >= 16:
            code.append((raw_ptr, min(len(data), raw_ptr + raw_size)))
            if va <= entry_rva < va + raw_size:
                entry = raw_ptr + entry_rva - va
    return code, (0, min(len(data), table + 40 * nsections)), entry


def mutate(data, category, rng, windows):
    """A mutant of `data` and a short description."""
    data = bytearray(data)
    code, header, entry = (pe_regions if windows else elf_regions)(data)
    code = [(lo, min(hi, len(data))) for lo, hi in code if lo + 16 < min(hi, len(data))]
    if not code:
        code = [(0, len(data))]

    # Half the code mutations land in the first few KiB from the entry point, code that runs.
    def code_offset(align=1):
        if entry is not None and entry + 64 < len(data) and rng.random() < 0.5:
            off = rng.randrange(entry, min(len(data) - 16, entry + 4096))
        else:
            lo, hi = rng.choice(code)
            off = rng.randrange(lo, max(lo + 1, hi - 16))
        return off - off % align

    if category == "code-flip":
        done = []
        for _ in range(rng.randint(1, 4)):
            off = code_offset()
            if rng.random() < 0.5:
                data[off] ^= 1 << rng.randrange(8)
            else:
                data[off] = rng.randrange(256)
            done.append(hex(off))
        return bytes(data), "bytes at " + ",".join(done)
    if category == "code-insn":
        off = code_offset(1 if windows else 2)
        if entry is not None and entry + 64 < len(data) and rng.random() < 0.3:
            off = entry if windows else entry - entry % 4 + 4 * rng.randrange(8)  # surely executed
        machine = 0 if windows or len(data) < 20 else (data[18] | data[19] << 8 if data[5] == 1 else data[19] | data[18] << 8)
        if windows or machine == 3:  # x86 (PE, or an i386 ELF)
            seq = rng.choice(X86_SEQUENCES) if rng.random() < 0.6 else bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif machine == 22:  # s390x
            seq = rng.choice(S390X_SEQUENCES) if rng.random() < 0.6 else bytes(rng.randrange(256) for _ in range(rng.choice((2, 4, 6))))
        else:
            words = {243: RISCV_WORDS, 40: ARM_WORDS}.get(machine, AARCH64_WORDS)
            word = rng.choice(words) if rng.random() < 0.4 else rng.getrandbits(32)
            seq = struct.pack("<I", word)
        data[off:off + len(seq)] = seq
        return bytes(data), "%s at %#x" % (seq.hex(), off)
    if category == "header":
        lo, hi = header
        done = []
        for _ in range(rng.randint(1, 3)):
            off = rng.randrange(lo, max(lo + 1, hi))
            if off < len(data):
                data[off] = rng.randrange(256) if rng.random() < 0.5 else data[off] ^ (1 << rng.randrange(8))
                done.append(hex(off))
        return bytes(data), "header bytes at " + ",".join(done)
    if category == "truncate":
        n = rng.randrange(0, len(data))
        return bytes(data[:n]), "first %d bytes" % n
    # any-flip: anywhere in the file (import tables, relocations, data …)
    done = []
    for _ in range(rng.randint(1, 8)):
        off = rng.randrange(len(data))
        data[off] = rng.randrange(256)
        done.append(hex(off))
    return bytes(data), "bytes at " + ",".join(done)


def judge(returncode, stderr, timed_out):
    """(outcome, failure reason or None)."""
    text = stderr.decode("utf-8", "replace")
    # (A Windows program's abort() ends it with status 3 after msvcrt's line below, printed for the
    # program as Windows' C runtime prints it: its own end, like a Linux guest's SIGABRT.)
    guest_ended = "polyrun: guest terminated by SIG" in text or (
        returncode == 3 and "This application has requested the Runtime to terminate it in an unusual way" in text)
    if LEAK_REPORT in text and any(l in text for l in GUEST_FAULT_LINES):
        before, _, leaks = text.partition(LEAK_REPORT)
        if "Sanitizer" not in before:  # only the leak report, at exit
            text = before + "\n".join(l for l in leaks.splitlines()
                                       if "leaked in" not in l and "LeakSanitizer" not in l)
    for pattern in FAIL_PATTERNS + ([] if guest_ended else ABORT_PATTERNS):
        # (The guest's own dynamic loader ends a program it finds damaged with status 127 and a line
        # "Inconsistency detected by ld.so: … Assertion `…' failed!": the guest's word, not polyrun's.)
        lines = [l for l in text.splitlines() if pattern in l and not l.startswith(LDSO_INCONSISTENCY)]
        if lines:
            return "failed", "stderr: " + lines[0].strip()[:200]
    if timed_out:
        return "timed out", None
    if returncode >= 0:
        if returncode in (126, 127):
            return "refused", None
        return "exited", None
    sig = -returncode
    if sig in CORE_SIGNALS and "polyrun: guest terminated by SIG" not in text:
        return "failed", "died of signal %d without polyrun's guest-terminated line" % sig
    return "guest signal", None


def native_calls_kept(polyrun, samples):
    """Whether this polyrun keeps a natively running Windows program's own system calls from the
    host's kernel (Syscall User Dispatch: the static Release build, not the sanitizer builds), as
    shims/core/tests/system_calls.c shows when it runs natively: (answer, why)."""
    for d in samples:
        probe = os.path.join(d, "system_calls.exe")
        if not os.path.isfile(probe) or b"PE\x00\x00d\x86" not in open(probe, "rb").read(1024):
            continue
        # Read as it prints: where the calls reach the host, the answer is known at "service 39 gave
        # the process id: yes", and the program need not be waited for (under the sanitizer builds
        # its later raw calls leave it running until killed).
        proc = subprocess.Popen([polyrun, probe], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
        timer = threading.Timer(30, proc.kill)
        timer.start()
        text = ""
        try:
            for raw in proc.stdout:
                line = raw.decode("utf-8", "replace")
                text += line
                if "service 39 gave the process id: yes" in line:
                    proc.kill()
                    break
            proc.wait()
        finally:
            timer.cancel()
            proc.kill()
        kept = proc.returncode == 0 and "service 39 gave the process id: no" in text and "ended the program: no" in text
        return kept, "system_calls.exe natively: status %d, %r" % (proc.returncode, text.strip().splitlines()[-1:] or "")
    return False, "no x64 system_calls.exe among the samples"


def run_one(polyrun, path, timeout, workdir, native):
    start = time.monotonic()
    # An x64 Windows program runs natively (on the host CPU, as under wine) or on the CPU engine
    # (--cpu emulate); `native` is false for every other program, which runs on the engine anyway.
    options = [] if native else ["--cpu", "emulate"] if path.endswith(".exe") else []
    with open(os.path.join(workdir, "stderr"), "w+b") as err:
        proc = subprocess.Popen([polyrun] + options + [path], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                cwd=workdir, start_new_session=True)
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        # The whole session goes: the guest's children and threads with it.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        err.seek(0)
        stderr = err.read(1 << 20)
    return proc.returncode, stderr, timed_out, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polyrun", required=True)
    ap.add_argument("--samples", nargs="+", required=True, help="sample directories (each Linux ISA's, win64, win32)")
    ap.add_argument("--count", type=int, default=None, help="mutants (default: POLYRUN_MUTANTS or 150)")
    ap.add_argument("--seed", type=int, default=None,
                    help="the run's seed (default: POLYRUN_MUTATION_SEED, else a new one each run, printed)")
    ap.add_argument("--timeout", type=float, default=4.0, help="seconds before a mutant is killed")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--only", type=int, nargs="*", help="run only these mutant numbers")
    ap.add_argument("--keep", default=None, help="directory for failing mutants (default: none kept)")
    args = ap.parse_args()
    count = args.count if args.count is not None else int(os.environ.get("POLYRUN_MUTANTS", "150"))
    if args.seed is None:
        env_seed = os.environ.get("POLYRUN_MUTATION_SEED")
        args.seed = int(env_seed) if env_seed else int.from_bytes(os.urandom(4), "little")
    print("mutation: seed %d (reproduce with --seed %d or POLYRUN_MUTATION_SEED=%d)" % (args.seed, args.seed, args.seed), flush=True)
    args.polyrun = os.path.abspath(args.polyrun)  # each mutant runs in a directory of its own
    args.samples = [os.path.abspath(d) for d in args.samples]

    originals = []
    for d in args.samples:
        for name in LINUX_SAMPLES + WINDOWS_SAMPLES:
            path = os.path.join(d, name)
            if os.path.isfile(path):
                originals.append((path, name.endswith(".exe")))
    if not originals:
        print("mutation: no samples found in", " ".join(args.samples))
        return 77
    contents = {path: open(path, "rb").read() for path, _ in originals}

    # Damaged x64 code running natively could make any host system call (a `syscall` instruction of
    # its own, with whatever number its registers hold) where polyrun does not keep them from the
    # kernel: there only truncated x64 programs, whose code is the original's or missing, run natively.
    native_code, why = native_calls_kept(args.polyrun, args.samples)
    print("mutation: damaged x64 code runs natively and on the CPU engine" if native_code else
          "mutation: damaged x64 code runs on the CPU engine only (%s)" % why, flush=True)

    scratch = tempfile.mkdtemp(prefix="polyrun-mutants-")
    numbers = args.only if args.only else range(count)

    def one(i):
        rng = random.Random("%d/%d" % (args.seed, i))
        path, windows = originals[rng.randrange(len(originals))]
        category = CATEGORIES[rng.randrange(len(CATEGORIES))]
        mutant, what = mutate(contents[path], category, rng, windows)
        workdir = os.path.join(scratch, str(i))
        os.makedirs(workdir)
        # Beside the original, so that a dynamic program finds its libraries through $ORIGIN.
        target = os.path.join(os.path.dirname(path), ".mutant-%d-%s" % (i, os.path.basename(path)))
        with open(target, "wb") as f:
            f.write(mutant)
        os.chmod(target, 0o755)
        try:
            x64 = windows and b"PE\x00\x00d\x86" in contents[path][:1024]  # PE32+ x86-64
            native = x64 and (category == "truncate" or native_code) and rng.random() < 0.5
            rc, stderr, timed_out, secs = run_one(args.polyrun, target, args.timeout, workdir, native)
            outcome, reason = judge(rc, stderr, timed_out)
            if reason and args.keep:
                os.makedirs(args.keep, exist_ok=True)
                shutil.copy(target, os.path.join(args.keep, "mutant-%d-%s" % (i, os.path.basename(path))))
        finally:
            os.unlink(target)
            shutil.rmtree(workdir, ignore_errors=True)
        return i, os.path.basename(path) + (" natively" if native else ""), category, what, rc, outcome, reason, secs

    results = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for r in pool.map(one, numbers):
                results.append(r)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    failures = [r for r in results if r[6]]
    outcomes = ["exited", "guest signal", "refused", "timed out", "failed"]
    for category in CATEGORIES:
        rs = [r for r in results if r[2] == category]
        counts = {o: sum(1 for r in rs if r[5] == o) for o in outcomes}
        print("mutation %-9s %4d mutants: %s" % (category, len(rs), ", ".join("%d %s" % (counts[o], o) for o in outcomes)))
    ran_native = sum(1 for r in results if r[1].endswith(" natively"))
    print("mutation: %d of them x64 programs run natively" % ran_native)
    slowest = max(results, key=lambda r: r[7]) if results else None
    if slowest:
        print("mutation: %d mutants of %d samples (seed %d), longest run %.1f s" % (len(results), len(originals), args.seed, slowest[7]))
    for i, name, category, what, rc, outcome, reason, _ in failures:
        print("FAILED mutant %d (%s, %s: %s), status %s: %s" % (i, name, category, what, rc, reason))
        print("  reproduce: %s --polyrun %s --samples %s --seed %d --only %d --keep DIR" %
              (sys.argv[0], args.polyrun, " ".join(args.samples), args.seed, i))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
