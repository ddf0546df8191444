#!/usr/bin/env python3
"""gdb-multiarch drives polyrun's gdb stub in batch mode and its transcript is checked: each case
starts `polyrun -g 0 PROGRAM [ARGS]` (the stub takes a free port and tells it on stderr), runs gdb
with the case's commands against it, and requires the case's patterns to appear in the transcript
in order; then polyrun's own exit status and output.

  gdb_test.py POLYRUN SAMPLES_ROOT ISA CASE   (SAMPLES_ROOT: the build's samples/, whose ISA/debug/
                                              holds the programs; ISA: a Linux ISA, win32 or win64)
Exit 77 (skipped) when gdb-multiarch is not installed.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

SRC = r"\S*gdb_sample\.c"
THREADS_SRC = r"\S*gdb_threads\.c"

# name: (program, program arguments, gdb commands, patterns in order, polyrun's exit status,
#        polyrun's stdout pattern, polyrun's CPU seconds after which gdb gets SIGINT (None: never))
CASES = {
    # Breakpoint, backtrace, locals, next, finish, step into a call, stepi with a display, up,
    # and the real exit status (30, gdb prints it in octal).
    "static": ("gdb_sample", [], [
        "break square", "continue", "bt", "info locals", "next", "info locals", "finish",
        "next", "next", "step", "display v", "stepi", "up", "print total", "info registers pc",
        "down", "REGISTERS", "delete", "continue"], [
        r"Breakpoint 1 at 0x[0-9a-f]+: file %s, line 10\." % SRC,
        r"Breakpoint 1, square \(v=1\) at %s:10\n10\s+int result = v \* v;" % SRC,
        r"#0  square \(v=1\) at %s:10\n" % SRC,
        r"#1  0x[0-9a-f]+ in sum_of_squares \(n=4\) at %s:17\n" % SRC,
        r"#2  0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at %s:43\n" % SRC,
        r"(?m)^result = -?\d+$",
        r"(?m)^11\s+return result;$",
        r"(?m)^result = 1$",
        r"(?m)^0x[0-9a-f]+ in sum_of_squares \(n=4\) at %s:17$" % SRC,
        r"(?m)^Value returned is \$1 = 1$",
        r"(?m)^16\s+for \(int i = 1; i <= n; i\+\+\)$",
        r"(?m)^17\s+total \+= square\(i\);$",
        r"(?m)square \(v=2\) at %s:10\n10\s+int result = v \* v;$" % SRC,
        r"(?m)^0x[0-9a-f]+\s+10\s+int result = v \* v;\n1: v = 2$",
        r"(?m)^#1  0x[0-9a-f]+ in sum_of_squares \(n=4\) at %s:17$" % SRC,
        r"(?m)^\$2 = 1$",
        r"(?m)^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <sum_of_squares\+\d+>$",
        "REGISTERS",
        r"\[Inferior 1 \(process \d+\) exited with code 036\]",
    ], 30, r"sum of squares to 4: 30\n", None),
    # The program's dynamic linker and libc from the sysroot: a breakpoint in the program (a
    # position-independent executable) and one in libc, found through auxv and r_debug.
    "dynamic": ("gdb_sample_dyn", [], [
        "set sysroot SYSROOT", "break sum_of_squares", "continue", "bt",
        "info sharedlibrary", "break printf", "continue", "bt", "delete", "continue"], [
        r"in \S+ \(\) from SYSROOT/lib/LDSO\n",
        r"Breakpoint 1, sum_of_squares \(n=4\) at %s:15\n" % SRC,
        r"#1  0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at %s:43\n" % SRC,
        r"0x[0-9a-f]+\s+0x[0-9a-f]+\s+Yes( \(\*\))?\s+SYSROOT/lib/LDSO\n",
        r"0x[0-9a-f]+\s+0x[0-9a-f]+\s+Yes( \(\*\))?\s+SYSROOT/lib/libc\.so\.6\n",
        r"Breakpoint 2(\.\d+)?, 0x[0-9a-f]+ in printf \(\) from SYSROOT/lib/libc\.so\.6\n",
        r"#1  0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at %s:44\n" % SRC,
        r"\[Inferior 1 \(process \d+\) exited with code 036\]",
    ], 30, r"sum of squares to 4: 30\n", None),
    # Threads: a breakpoint in the threads' function, every thread listed, locals in a thread.
    "threads": ("gdb_threads", [], [
        "break worker", "continue", "info threads", "bt", "delete", "next", "info locals",
        "continue"], [
        r"\[New Thread \d+\.\d+\]",
        r"Thread \d+ hit Breakpoint 1, worker \(arg=0x[0-2]\) at %s:12\n" % THREADS_SRC,
        r"  Id +Target Id +Frame *\n",
        r"(?m)^  1 +Thread \d+\.\d+ .*$",
        r"(?m)^\* \d +Thread \d+\.\d+ +worker \(arg=0x[0-2]\) at %s:12\n" % THREADS_SRC,
        r"#0  worker \(arg=0x[0-2]\) at %s:12\n#1  0x[0-9a-f]+ in \w+ \(.*\)" % THREADS_SRC,
        r"(?m)^index = [0-2]$",
        r"\[Inferior 1 \(process \d+\) exited with code 074\]",
    ], 60, r"total 60\n", None),
    # gdb leaves while the threads are stopped at a breakpoint: they run on to the end.
    "detach": ("gdb_threads", [], ["break worker", "continue", "detach"], [
        r"Thread \d+ hit Breakpoint 1, worker \(arg=0x[0-2]\) at %s:12\n" % THREADS_SRC,
        r"\[Inferior 1 \(process \d+\) detached\]",
    ], 60, r"total 60\n", None),
    # A watchpoint gdb keeps itself (single steps: the stub has no hardware watchpoints), and
    # `next` over a library call.
    "watch": ("gdb_sample", [], [
        "set can-use-hw-watchpoints 0", "break gdb_sample.c:16", "continue", "watch total",
        "continue", "continue", "delete", "break gdb_sample.c:44", "continue", "next", "next", "continue"], [
        r"Breakpoint 1, sum_of_squares \(n=4\) at %s:16\n" % SRC,
        r"(?m)^Watchpoint 2: total$",
        r"(?m)^Old value = 0\nNew value = 1$",
        r"(?m)^Old value = 1\nNew value = 5$",
        r"Breakpoint 3, main \(argc=1, argv=0x[0-9a-f]+\) at %s:44\n" % SRC,
        r"(?m)^45\s+return sum;$",
        r"(?m)^46\s+}$",
        r"\[Inferior 1 \(process \d+\) exited with code 036\]",
    ], 30, r"sum of squares to 4: 30\n", None),
    # Programs of the end-to-end samples (not built for debugging) run to their end under gdb
    # with the same output: one that forks children and executes programs (they run without
    # gdb), one whose timers send it signals (gdb passes them on without stopping).
    "fork": ("../fork_exec", [], ["handle all nostop noprint pass", "continue"], [
        r"\[Inferior 1 \(process \d+\) exited normally\]",
    ], 0, "EXPECTED:fork_exec", None),
    "timers": ("../timers", [], ["handle all nostop noprint pass", "continue"], [
        r"\[Inferior 1 \(process \d+\) exited normally\]",
    ], 0, "EXPECTED:timers", None),
    # aarch64 SVE's registers (org.gnu.gdb.aarch64.sve at the program's vector length, 64 bytes,
    # under the default max, which runs SVE without showing it to the program): the length in
    # granules, a Z register's size, a write read back from the stub.
    "sve": ("../sve_kernels", ["here"], [
        "break main", "continue", "p $vg", "p sizeof($z0)", "set var $z5.b.u[63] = 42",
        "maintenance flush register-cache", "p $z5.b.u[63]", "p $p3", "delete", "handle SIGSEGV nostop noprint pass",
        "continue"], [
        r"\$1 = 8\n", r"\$2 = 64\n", r"\$3 = 42\n", r"\$4 = \{0, 0, 0, 0, 0, 0, 0, 0\}\n",
        r"\[Inferior 1 \(process \d+\) exited normally\]",
    ], 0, "EXPECTED:sve_kernels_here", None),
    # A fault: reported as SIGSEGV where it happened; passed on, the program dies of it.
    "segv": ("gdb_sample", ["segv"], ["continue", "bt", "continue"], [
        r"Program received signal SIGSEGV, Segmentation fault\.\n0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at %s:34\n" % SRC,
        r"#0  0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at %s:34\n" % SRC,
        r"Program terminated with signal SIGSEGV, Segmentation fault\.\n",
    ], -signal.SIGSEGV, r"", None),
    # A signal the program catches: reported, then passed to its handler.
    "signal": ("gdb_sample", ["usr1"], ["continue", "bt", "continue"], [
        r"Program received signal SIGUSR1, User defined signal 1\.\n",
        r"in raise \(\)\n#\d+  0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at %s:38\n" % SRC,
        r"\[Inferior 1 \(process \d+\) exited with code 036\]",
    ], 30, r"caught signal 10\nsum of squares to 4: 30\n", None),
    # gdb's interrupt (Ctrl-C: SIGINT to gdb, which sends 0x03) stops a program that computes
    # without a syscall; then kill.
    "interrupt": ("gdb_sample", ["spin"], ["continue", "bt", "print spins > 1000", "kill"], [
        r"Program received signal SIGINT, Interrupt\.\n",
        r"#0  (0x[0-9a-f]+ in )?spin \(\) at %s:24\n#1  0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at %s:33\n" % (SRC, SRC),
        r"\$1 = 1\n",
        r"\[Inferior 1 \(process \d+\) killed\]",
    ], -signal.SIGKILL, r"", 0.5),
}


# Per ISA: the cross sysroot (gdb's sysroot, the guest root), the dynamic linker's name, and the
# register checks of the static case with what they must print. They run in square(v=2) after a
# stepi into `int result = v * v;` (-O0): a floating-point/vector register gdb writes must read
# back from the stub as written (gdb's register cache is flushed in between); the first argument's
# register (or, where arguments travel on the stack, the frame pointer that finds it) must hold v
# as the program's memory has it; and a status register must show the state the program runs in.
ISAS = {
    "aarch64": ("/usr/aarch64-linux-gnu", "ld-linux-aarch64.so.1",
                ["set var $d7.f = 2.5", "maintenance flush register-cache", "print $w0 == v && $x0 == 2", "print $d7.f == 2.5 && $v7.d.f[0] == 2.5", "print $cpsr"],
                r"(?m)^\$3 = 1\n\$4 = 1\n\$5 = \[ EL=0 [A-Z ]*\]$"),
    "riscv64": ("/usr/riscv64-linux-gnu", "ld-linux-riscv64-lp64d.so.1",
                ["set var $ft7.double = 2.5", "maintenance flush register-cache", "print $a0 == v && $x10 == 2", "print $ft7.double == 2.5 && $f7.double == 2.5", "print $fcsr"],
                r"(?m)^\$3 = 1\n\$4 = 1\n\$5 = 0$"),
    "arm": ("/usr/arm-linux-gnueabihf", "ld-linux-armhf.so.3",
            ["set var $d7 = 2.5", "maintenance flush register-cache", "print $r0 == v && $r0 == 2", "print $d7 == 2.5", "print $cpsr & 0x1f"],
            r"(?m)^\$3 = 1\n\$4 = 1\n\$5 = 16$"),
    # (i386: no dynamic case. The i686 cross dynamic linker looks for libc in /lib32 first, which is
    # not in the cross sysroot, and so takes the host's own i386 libc there, which gdb, looking
    # under its sysroot, does not find.)
    "i386": ("/usr/i686-linux-gnu", None,
             ["set var $xmm7.v4_int32[0] = 12345", "maintenance flush register-cache", "print *(int *)($ebp + 8) == v && v == 2",
              "print $xmm7.v4_int32[0] == 12345", "print $eflags", "print $cs & 3"],
             r"(?m)^\$3 = 1\n\$4 = 1\n\$5 = \[ [A-Z ]*\]\n\$6 = 3$"),
    "s390x": ("/usr/s390x-linux-gnu", "ld64.so.1",
              ["set var $f7 = 2.5", "maintenance flush register-cache", "print $r2 == v && $r2 == 2", "print $f7 == 2.5", "print ($pswm >> 48) & 1"],
              r"(?m)^\$3 = 1\n\$4 = 1\n\$5 = 1$"),
    # Windows programs (mingw-w64 builds) on the engine.
    "win32": (None, None,
              ["set var $xmm7.v4_int32[0] = 12345", "maintenance flush register-cache", "print *(int *)($ebp + 8) == v && v == 2",
               "print $xmm7.v4_int32[0] == 12345", "print $eflags"],
              r"(?m)^\$3 = 1\n\$4 = 1\n\$5 = \[ [A-Z ]*\]$"),
    "win64": (None, None,
              ["set var $xmm5.v4_int32[0] = 12345", "maintenance flush register-cache", "print $ecx == v && $rcx == 2",
               "print $xmm5.v4_int32[0] == 12345", "print $eflags"],
              r"(?m)^\$3 = 1\n\$4 = 1\n\$5 = \[ [A-Z ]*\]$"),
}

# What differs for a Windows program: an access violation nobody handles ends it with the
# exception code's low byte as its status (polyrun's line on stderr says which).
WINDOWS_CASES = {
    "segv": ("gdb_sample", ["segv"], ["continue", "bt", "continue"], [
        r"Program received signal SIGSEGV, Segmentation fault\.\n0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at %s:34\n" % SRC,
        r"#0  0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at %s:34\n" % SRC,
        r"\[Inferior 1 \(process \d+\) exited with code 05\]",
    ], 5, r"", None),
}


def main():
    polyrun, root, isa, case = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    samples = os.path.join(root, isa, "debug")
    sysroot, ldso, reg_commands, reg_pattern = ISAS[isa]
    gdb = shutil.which("gdb-multiarch")
    if not gdb:
        print("gdb-multiarch is not installed: skipped")
        sys.exit(77)
    windows = isa.startswith("win")
    program, args, commands, patterns, status, stdout_pattern, interrupt_after = \
        WINDOWS_CASES[case] if windows and case in WINDOWS_CASES else CASES[case]
    if windows:
        program += ".exe"
        stdout_pattern = stdout_pattern.replace(r"\n", r"\r?\n")  # (text mode: CRLF)
    if (case == "dynamic" and not ldso) or (isa.startswith("win") and case in ("signal", "fork", "timers")):
        print("no %s case for %s" % (case, isa))
        sys.exit(77)
    commands = [x for c in commands for x in (reg_commands if c == "REGISTERS" else [c.replace("SYSROOT", sysroot or "")])]
    patterns = [reg_pattern if p == "REGISTERS" else
                p.replace("SYSROOT", re.escape(sysroot or "")).replace("LDSO", re.escape(ldso or "")) for p in patterns]
    path = os.path.join(samples, program)
    path = os.path.normpath(path)
    proc = subprocess.Popen([polyrun, "-g", "0", path] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, cwd=os.path.dirname(path))
    line = proc.stderr.readline().decode()
    m = re.search(r"waiting for gdb on port (\d+)", line)
    if not m:
        proc.kill()
        print("FAIL: polyrun did not tell its port:", line)
        sys.exit(1)
    # Settings (`set …`) before connecting, the rest (`set var` too: it writes the target) after.
    argv = [gdb, "-batch", "-nx", "-ex", "set pagination off", "-ex", "set confirm off", path]
    setting = lambda c: c.startswith("set ") and not c.startswith("set var ")
    for c in [c for c in commands if setting(c)] + ["target remote :" + m.group(1)] + \
            [c for c in commands if not setting(c)]:
        argv += ["-ex", c]
    g = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if interrupt_after is not None:
        # Once the program computes (polyrun has used that much CPU time since gdb started: it
        # used none while it waited for gdb), however slow the build.
        def cpu_seconds():
            try:
                with open("/proc/%d/stat" % proc.pid) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except OSError:
                return 0.0
        start, deadline = cpu_seconds(), time.time() + 60
        while cpu_seconds() - start < interrupt_after and time.time() < deadline and g.poll() is None:
            time.sleep(0.05)
        g.send_signal(signal.SIGINT)
    try:
        transcript = g.communicate(timeout=120)[0].decode(errors="replace")
    except subprocess.TimeoutExpired:
        g.kill()
        proc.kill()
        transcript = g.communicate()[0].decode(errors="replace")
        print(transcript)
        print("FAIL: gdb did not finish")
        sys.exit(1)
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    print("---- gdb transcript ----")
    print(transcript)
    print("---- polyrun: status %s, stderr ----" % proc.returncode)
    print(line + err.decode(errors="replace"))
    ok = True
    pos = 0
    for p in patterns:
        found = re.compile(p).search(transcript, pos)
        if not found:
            print("FAIL: not found (after offset %d): %s" % (pos, p))
            ok = False
            break
        pos = found.end()
    if proc.returncode != status:
        print("FAIL: polyrun's exit status %s, expected %s" % (proc.returncode, status))
        ok = False
    if stdout_pattern.startswith("EXPECTED:"):
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "samples", "expected",
                               stdout_pattern[9:] + ".stdout")) as f:
            stdout_pattern = re.escape(f.read())
    if not re.fullmatch(stdout_pattern, out.decode(errors="replace")):
        print("FAIL: the program's output %r, expected /%s/" % (out.decode(errors="replace"), stdout_pattern))
        ok = False
    print("PASS" if ok else "FAILED")
    sys.exit(0 if ok else 1)


main()
