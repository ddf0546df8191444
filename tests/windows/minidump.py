#!/usr/bin/env python3
"""MiniDumpWriteDump's files read back by a reader of the documented format (minidumpapiset.h), as a
debugger reads them: dbghelp_stack.exe NORMAL FULL writes a MiniDumpNormal and a
MiniDumpWithFullMemory dump of itself under polyrun, and each must hold together.

  - the header: "MDMP", MINIDUMP_VERSION, the stream count and directory, the dump type's flags;
  - every stream inside the file;
  - ThreadList: the calling thread with a CONTEXT of the process's ISA whose ContextFlags say what
    it holds, its stack pointer inside the stack memory the thread's entry gives, that memory in
    the file;
  - ModuleList: the program (its name, its base's "MZ" in the full dump's memory) and KERNEL32;
  - MemoryList (normal) naming each thread's stack, or Memory64List (full) whose ranges' bytes
    fill the file's end from BaseRva and cover the stack;
  - SystemInfo: the ISA's processor architecture, a Windows NT version; MiscInfo: the process id.

  minidump.py POLYRUN SAMPLES_DIR [POLYRUN OPTIONS...]
"""
import os
import struct
import subprocess
import sys
import tempfile

THREAD_LIST, MODULE_LIST, MEMORY_LIST, SYSTEM_INFO, MEMORY64_LIST, MISC_INFO = 3, 4, 5, 7, 9, 15


def fail(why):
    print("minidump: " + why)
    sys.exit(1)


def check(cond, why):
    if not cond:
        fail(why)


def string(d, rva):
    (n,) = struct.unpack_from("<I", d, rva)
    check(rva + 4 + n <= len(d), "a MINIDUMP_STRING runs past the file")
    return d[rva + 4 : rva + 4 + n].decode("utf-16le")


def read(path, full, x64):
    d = open(path, "rb").read()
    check(len(d) >= 32, "no header")
    sig, version, count, directory, _, _, flags = struct.unpack_from("<IIIIIIQ", d, 0)
    check(sig == 0x504D444D, "signature %#x" % sig)
    check(version & 0xFFFF == 42899, "version %#x" % version)
    check(bool(flags & 2) == full, "flags %#x" % flags)
    check(directory + 12 * count <= len(d), "the directory runs past the file")
    streams = {}
    for i in range(count):
        kind, size, rva = struct.unpack_from("<III", d, directory + 12 * i)
        check(rva + size <= len(d), "stream %d runs past the file" % kind)
        streams[kind] = (rva, size)
    for kind in (THREAD_LIST, MODULE_LIST, SYSTEM_INFO, MISC_INFO, MEMORY64_LIST if full else MEMORY_LIST):
        check(kind in streams, "no stream %d" % kind)

    # The memory the dump holds: (start, size, file offset).
    ranges = []
    if full:
        rva, _ = streams[MEMORY64_LIST]
        n, base = struct.unpack_from("<QQ", d, rva)
        at = base
        for i in range(n):
            start, size = struct.unpack_from("<QQ", d, rva + 16 + 16 * i)
            ranges.append((start, size, at))
            at += size
        check(at == len(d), "Memory64List's bytes end at %d, the file at %d" % (at, len(d)))
    else:
        rva, _ = streams[MEMORY_LIST]
        (n,) = struct.unpack_from("<I", d, rva)
        for i in range(n):
            start, size, at = struct.unpack_from("<QII", d, rva + 4 + 16 * i)
            check(at + size <= len(d), "a memory range runs past the file")
            ranges.append((start, size, at))

    def memory(addr, size):
        for start, n, at in ranges:
            if start <= addr and addr + size <= start + n:
                return d[at + addr - start : at + addr - start + size]
        return None

    rva, _ = streams[THREAD_LIST]
    (n,) = struct.unpack_from("<I", d, rva)
    check(n >= 1, "no thread")
    tid, _, _, _, teb, stack, stack_size, stack_rva, ctx_size, ctx_rva = struct.unpack_from("<IIIIQQIIII", d, rva + 4)
    check(ctx_size == (0x4D0 if x64 else 0x2CC), "CONTEXT of %d bytes" % ctx_size)
    check(ctx_rva + ctx_size <= len(d) and stack_rva + stack_size <= len(d), "the thread's data runs past the file")
    if x64:
        (cflags,) = struct.unpack_from("<I", d, ctx_rva + 0x30)
        (sp,) = struct.unpack_from("<Q", d, ctx_rva + 0x98)
        check(cflags & 0x100000, "ContextFlags %#x is no CONTEXT_AMD64" % cflags)
    else:
        (cflags,) = struct.unpack_from("<I", d, ctx_rva)
        (sp,) = struct.unpack_from("<I", d, ctx_rva + 0xC4)
        check(cflags & 0x10000, "ContextFlags %#x is no CONTEXT_i386" % cflags)
    check(tid and teb, "thread id %d, TEB %#x" % (tid, teb))
    check(stack_size > 0 and stack <= sp < stack + stack_size, "sp %#x outside the stack %#x+%#x" % (sp, stack, stack_size))
    check(memory(stack, stack_size) == d[stack_rva : stack_rva + stack_size], "the stack is not in the memory list")

    rva, _ = streams[MODULE_LIST]
    (n,) = struct.unpack_from("<I", d, rva)
    names = {}
    for i in range(n):
        base, size, _, _, name_rva = struct.unpack_from("<QIIII", d, rva + 4 + 108 * i)
        names[string(d, name_rva).lower().replace("/", "\\").rsplit("\\", 1)[-1]] = base
    check("dbghelp_stack.exe" in names, "the program is not among the modules: %s" % sorted(names))
    check("kernel32.dll" in names, "KERNEL32 is not among the modules")
    if full:
        check(memory(names["dbghelp_stack.exe"], 2) == b"MZ", "the program's image is not in the full dump")

    rva, _ = streams[SYSTEM_INFO]
    arch, _, _, _, _, major, _, _, platform = struct.unpack_from("<HHHBBIIII", d, rva)
    check(arch == (9 if x64 else 0), "processor architecture %d" % arch)
    check(major >= 6 and platform == 2, "Windows %d, platform %d" % (major, platform))
    rva, _ = streams[MISC_INFO]
    size, mflags, pid = struct.unpack_from("<III", d, rva)
    check(size >= 24 and mflags & 1 and pid, "MiscInfo %d bytes, flags %#x, pid %d" % (size, mflags, pid))


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    polyrun, samples, options = sys.argv[1], sys.argv[2], sys.argv[3:]
    x64 = os.path.basename(os.path.normpath(samples)) == "win64"
    with tempfile.TemporaryDirectory() as tmp:
        normal, full = os.path.join(tmp, "normal.dmp"), os.path.join(tmp, "full.dmp")
        windows = ["Z:" + f.replace("/", "\\") for f in (normal, full)]  # (drive Z: is the host's /)
        r = subprocess.run([polyrun] + options + [os.path.join(samples, "dbghelp_stack.exe")] + windows,
                           capture_output=True, timeout=240)
        check(r.returncode == 0, "dbghelp_stack.exe exited %d: %s" % (r.returncode, r.stderr.decode(errors="replace")))
        read(normal, False, x64)
        read(full, True, x64)
    print("minidump: both dumps read back")
    return 0


if __name__ == "__main__":
    sys.exit(main())
