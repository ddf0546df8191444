#!/usr/bin/env python3
"""Reads a Windows executable's imports (Python 3 standard library only).

PE32 and PE32+ images: the import directory and the delay-load import directory, every function by
name or by ordinal. Also what tells the toolchain that made the file: the linker version in the
optional header, the "Rich" header that Microsoft's linker writes, Go's build information, rustc's
source paths, GCC's identification strings and a few runtimes' marks.

    peimports.py FILE...        prints each file's imports, one "DLL!Name" (or "DLL!#N") a line
"""

import re
import struct
import sys
from dataclasses import dataclass, field

IMAGE_FILE_MACHINE_I386 = 0x14C
IMAGE_FILE_MACHINE_AMD64 = 0x8664


class PeError(Exception):
    pass


@dataclass
class Import:
    dll: str
    name: str = ""  # empty for an import by ordinal
    ordinal: int = 0
    delay: bool = False

    def label(self):
        return f"{self.dll}!{self.name}" if self.name else f"{self.dll}!#{self.ordinal}"


@dataclass
class PeFile:
    path: str
    machine: int = 0
    pe32plus: bool = False
    image_base: int = 0
    subsystem: int = 0
    linker: str = ""
    characteristics: int = 0
    has_rich: bool = False
    rich_builds: list = field(default_factory=list)  # (product id, build, count)
    has_clr: bool = False
    imports: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # (name, va, vsize, raw offset, raw size)
    data: bytes = b""

    @property
    def width(self):
        return {IMAGE_FILE_MACHINE_I386: "x86", IMAGE_FILE_MACHINE_AMD64: "x64"}.get(self.machine, hex(self.machine))

    @property
    def is_dll(self):
        return bool(self.characteristics & 0x2000)

    def rva_to_offset(self, rva):
        for _name, va, vsize, raw, rawsize in self.sections:
            if va <= rva < va + max(vsize, rawsize):
                if rva - va >= rawsize:
                    return None  # in the section's zero-filled tail
                return raw + (rva - va)
        headers_end = self.sections[0][3] if self.sections else len(self.data)
        return rva if rva < headers_end else None

    def read(self, rva, size):
        off = self.rva_to_offset(rva)
        if off is None or off + size > len(self.data):
            raise PeError(f"RVA {rva:#x} (+{size}) is outside the file")
        return self.data[off:off + size]

    def u32(self, rva):
        return struct.unpack("<I", self.read(rva, 4))[0]

    def ptr(self, rva):
        return struct.unpack("<Q", self.read(rva, 8))[0] if self.pe32plus else self.u32(rva)

    def cstr(self, rva, limit=4096):
        off = self.rva_to_offset(rva)
        if off is None:
            raise PeError(f"string at RVA {rva:#x} is outside the file")
        end = self.data.find(b"\0", off, off + limit)
        if end < 0:
            raise PeError(f"unterminated string at RVA {rva:#x}")
        return self.data[off:end].decode("latin-1")


def _thunks(pe, table_rva, dll, delay):
    """The functions of one import name table (or import address table where that is all there is)."""
    out = []
    step = 8 if pe.pe32plus else 4
    ordinal_flag = 1 << (63 if pe.pe32plus else 31)
    rva = table_rva
    for _ in range(1 << 16):
        value = pe.ptr(rva)
        if value == 0:
            return out
        if value & ordinal_flag:
            out.append(Import(dll, "", value & 0xFFFF, delay))
        else:
            hint_name = value & 0x7FFFFFFF
            out.append(Import(dll, pe.cstr(hint_name + 2), 0, delay))
        rva += step
    raise PeError(f"{dll}: import table without an end")


def parse(path):
    with open(path, "rb") as f:
        data = f.read()
    pe = PeFile(path=path, data=data)
    if data[:2] != b"MZ" or len(data) < 0x40:
        raise PeError("not an MZ executable")
    e_lfanew = struct.unpack_from("<I", data, 0x3C)[0]
    if data[e_lfanew:e_lfanew + 4] != b"PE\0\0":
        raise PeError("no PE header")
    machine, nsections, _ts, _symptr, _nsyms, opt_size, chars = struct.unpack_from("<HHIIIHH", data, e_lfanew + 4)
    pe.machine, pe.characteristics = machine, chars
    opt = e_lfanew + 24
    magic = struct.unpack_from("<H", data, opt)[0]
    if magic == 0x20B:
        pe.pe32plus = True
    elif magic != 0x10B:
        raise PeError(f"unknown optional header magic {magic:#x}")
    pe.linker = f"{data[opt + 2]}.{data[opt + 3]:02d}"
    if pe.pe32plus:
        pe.image_base = struct.unpack_from("<Q", data, opt + 24)[0]
        pe.subsystem = struct.unpack_from("<H", data, opt + 68)[0]
        ndirs = struct.unpack_from("<I", data, opt + 108)[0]
        dirs = opt + 112
    else:
        pe.image_base = struct.unpack_from("<I", data, opt + 28)[0]
        pe.subsystem = struct.unpack_from("<H", data, opt + 68)[0]
        ndirs = struct.unpack_from("<I", data, opt + 92)[0]
        dirs = opt + 96

    def directory(i):
        if i >= ndirs:
            return 0, 0
        return struct.unpack_from("<II", data, dirs + 8 * i)

    sec = opt + opt_size
    for i in range(nsections):
        name, vsize, va, rawsize, raw = struct.unpack_from("<8sIIII", data, sec + 40 * i)
        pe.sections.append((name.rstrip(b"\0").decode("latin-1"), va, vsize, raw, rawsize))
    pe.has_clr = directory(14)[0] != 0

    # The Rich header: between the DOS stub and the PE header, XORed with the key after "Rich".
    rich = data.find(b"Rich", 0x80, e_lfanew)
    if rich > 0:
        key = data[rich + 4:rich + 8]
        words = []
        pos = rich - 4
        while pos >= 0x80:
            w = bytes(a ^ b for a, b in zip(data[pos:pos + 4], key))
            if w == b"DanS":
                break
            words.append(struct.unpack("<I", w)[0])
            pos -= 4
        else:
            words = []
        words.reverse()  # comp.id, count pairs after three zero paddings
        words = words[3:]
        if words:
            pe.has_rich = True
        for j in range(0, len(words) - 1, 2):
            comp = words[j]
            pe.rich_builds.append((comp >> 16, comp & 0xFFFF, words[j + 1]))

    imp_rva, _imp_size = directory(1)
    if imp_rva:
        rva = imp_rva
        for _ in range(4096):
            oft, _ts, _fwd, name_rva, ft = struct.unpack("<IIIII", pe.read(rva, 20))
            if not (oft or name_rva or ft):
                break
            dll = pe.cstr(name_rva)
            pe.imports += _thunks(pe, oft or ft, dll, False)
            rva += 20
    delay_rva, _delay_size = directory(13)
    if delay_rva:
        rva = delay_rva
        for _ in range(4096):
            attrs, name_rva, _hmod, iat, int_rva, _biat, _uiat, _ts = struct.unpack("<8I", pe.read(rva, 32))
            if not (name_rva or int_rva or iat):
                break
            if not attrs & 1:  # the old form: virtual addresses rather than RVAs
                name_rva -= pe.image_base
                int_rva -= pe.image_base
            dll = pe.cstr(name_rva)
            pe.imports += _thunks(pe, int_rva, dll, True)
            rva += 32
    return pe


# ---- the toolchain ----

# Microsoft's linker writes its own version in the optional header (14.x: Visual Studio 2015 and
# later, 14.1x 2017, 14.2x 2019, 14.3x and 14.4x 2022, 14.5x 2026; 12.0 2013; 11.0 2012; 10.0 2010;
# 9.0 2008; 8.0 2005; 7.1 .NET 2003; 6.0 Visual C++ 6).
_MSVC_RELEASES = {"14.0": "VS2015", "14.1": "VS2017", "14.2": "VS2019", "14.3": "VS2022", "14.4": "VS2022",
                  "14.5": "VS2026", "12.0": "VS2013", "11.0": "VS2012", "10.0": "VS2010", "9.00": "VS2008",
                  "8.00": "VS2005", "7.10": "VS.NET 2003", "6.00": "Visual C++ 6"}


def _go_buildinfo(pe):
    """Go's build information: the Go version that built the program, or ""."""
    data = pe.data
    at = data.find(b"\xff Go buildinf:")
    if at < 0:
        m = re.search(rb"go1\.\d+(?:\.\d+)?(?:rc\d+|beta\d+)?", data)
        return m.group(0).decode() if m else ""
    ptrsize, flags = data[at + 14], data[at + 15]
    if flags & 2:  # Go 1.18 and later: the strings inline, each after its length as a varint
        pos = at + 32
        length, shift = 0, 0
        while True:
            b = data[pos]
            pos += 1
            length |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        return data[pos:pos + length].decode("latin-1")
    # Before: pointers to Go strings (pointer, length) in the image.
    fmt = "<Q" if ptrsize == 8 else "<I"
    try:
        va = struct.unpack_from(fmt, data, at + 16)[0]
        s = pe.read(va - pe.image_base, 2 * ptrsize)
        sptr, slen = struct.unpack(fmt[0] + fmt[1] * 2, s)
        return pe.read(sptr - pe.image_base, slen).decode("latin-1")
    except (PeError, struct.error):
        return ""


def _find_rust(data):
    """rustc's version where the file names it ("rustc 1.91.1 (...)"), else the commit of the
    standard library's source paths (/rustc/<commit>/library/...), else ""."""
    m = re.search(rb"rustc (1\.[0-9]+\.[0-9]+) \(", data)
    if m:
        return m.group(1).decode()
    at = data.find(b"rustc")
    while at >= 0:
        m = re.match(rb"rustc[/\\]([0-9a-f]{40})[/\\]", data[at:at + 48])
        if m and at > 0 and data[at - 1:at] in (b"/", b"\\"):
            return f"(rustc commit {m.group(1)[:9].decode()})"
        at = data.find(b"rustc", at + 5)
    return ""


def toolchain_facts(pe):
    """What the file tells of the toolchain that made it: {"go": version, "rust": version or
    commit, "gcc": version, "runtime": a language runtime's mark, "linker": a phrase}."""
    data = pe.data
    facts = {"go": "", "rust": "", "gcc": "", "runtime": "", "linker": ""}
    if b"runtime.goexit" in data or b"\xff Go buildinf:" in data:
        facts["go"] = _go_buildinfo(pe).removeprefix("go")
    if not facts["go"]:
        facts["rust"] = _find_rust(data)
    gcc = re.search(rb"GCC: \(([^)\0]*)\) ([0-9][0-9.]*)", data)
    if gcc:
        facts["gcc"] = gcc.group(2).decode()
    for mark, what in ((b"GHC RTS", "Haskell (GHC)"), (b"com.oracle.svm", "Java (GraalVM native-image)"),
                       (b"Dart_Initialize", "Dart VM")):
        if mark in data:
            facts["runtime"] = what
            break
    if pe.has_rich:
        release = _MSVC_RELEASES.get(pe.linker[:4], "")
        facts["linker"] = f"MSVC link {pe.linker}" + (f" ({release})" if release else "")
    elif facts["gcc"]:
        facts["linker"] = f"mingw-w64 GCC {facts['gcc']}"
    elif facts["go"] and pe.linker.startswith("3."):
        facts["linker"] = "Go's linker"
    elif pe.linker == "14.00":
        facts["linker"] = "lld-link"  # (lld writes Microsoft's linker version 14.0 and no Rich header)
    elif pe.linker.startswith("2.") and (b"Embarcadero" in data or b"Borland" in data):
        facts["linker"] = f"Delphi's linker {pe.linker}"
    elif pe.linker.startswith("2.") and re.search(rb"FPC \d+\.\d+", data):
        facts["linker"] = f"Free Pascal's linker {pe.linker}"
    elif pe.linker.startswith("2."):
        facts["linker"] = f"GNU ld {pe.linker}"  # (binutils writes its version; mingw-w64's runtime without GCC's marks)
    else:
        facts["linker"] = f"linker {pe.linker}"
    return facts


def toolchain(pe):
    """The facts above as a short phrase."""
    f = toolchain_facts(pe)
    parts = []
    if f["go"]:
        parts.append(f"Go {f['go']}")
    if f["rust"]:
        parts.append(f"Rust {f['rust']}")
    if f["runtime"]:
        parts.append(f["runtime"])
    parts.append(f["linker"])
    return ", ".join(parts)


def main(argv):
    import signal
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # (piped into head)
    status = 0
    for path in argv[1:]:
        try:
            pe = parse(path)
        except (OSError, PeError, struct.error) as e:
            print(f"{path}: {e}", file=sys.stderr)
            status = 1
            continue
        print(f"# {path}: {pe.width}, {toolchain(pe)}, {len(pe.imports)} imports")
        for imp in pe.imports:
            print(imp.label() + (" (delay-load)" if imp.delay else ""))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
