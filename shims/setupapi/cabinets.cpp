// SETUPAPI's compressed files: SetupIterateCabinet (each file of a cabinet offered to the caller's
// callback, extracted where it asks), SetupGetFileCompressionInfo(Ex) (a file's compression: none,
// a cabinet, or LZ's SZDD), SetupDecompressOrCopyFile; narrow and wide. Cabinets are read with
// CABINET's reader (cabinet/cabinet.h), SZDD files decoded here (LZSS over a 4 KB window).
#include <sys/stat.h>

#include <fstream>

#include "shims/cabinet/cabinet.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/setupapi/setupapi.h"

namespace polyrun::shims::setupapi {

namespace {

constexpr uint32_t FILE_COMPRESSION_NONE = 0, FILE_COMPRESSION_WINLZA = 1, FILE_COMPRESSION_MSZIP = 2;
constexpr uint32_t SPFILENOTIFY_CABINETINFO = 0x10, SPFILENOTIFY_FILEINCABINET = 0x11, SPFILENOTIFY_FILEEXTRACTED = 0x13;
constexpr uint32_t FILEOP_ABORT = 0, FILEOP_DOIT = 1;
constexpr uint32_t ERROR_BAD_PATHNAME = 161, ERROR_INVALID_DATA = 13;
constexpr uint8_t kSzdd[8] = {0x53, 0x5a, 0x44, 0x44, 0x88, 0xf0, 0x27, 0x33};

// A guest string (the A functions': the ANSI code page's) as UTF-8.
std::string text(uint64_t s, bool wide) {
  if (!wide) return ansi_to_utf8(reinterpret_cast<const char*>(guest_pointer(s)));
  return utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(s))));
}

// A Windows path's bytes, or false (the Win32 error set).
bool read_file(WindowsProcess& p, const std::string& win, std::vector<uint8_t>* out) {
  const std::string host = windows_to_host_path(windows_full_path(win));
  std::ifstream in(host, std::ios::binary);
  if (!in) {
    p.set_last_error(path_error(host, errno ? errno : ENOENT));
    return false;
  }
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool write_file(WindowsProcess& p, const std::string& win, const std::vector<uint8_t>& data) {
  const std::string host = windows_to_host_path(windows_full_path(win));
  std::ofstream out(host, std::ios::binary | std::ios::trunc);
  if (!out) {
    p.set_last_error(path_error(host, errno ? errno : EACCES));
    return false;
  }
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  return true;
}

// A guest string for a callback (the process heap; narrow: in the ANSI code page), freed with the
// object.
class Text {
 public:
  Text(WindowsProcess& p, const std::string& s, bool wide) : p_(p) {
    std::string bytes;
    if (wide) {
      std::u16string u = utf8_to_utf16(s);
      bytes.assign(reinterpret_cast<const char*>(u.c_str()), (u.size() + 1) * 2);
    } else {
      const std::string a = utf8_to_ansi(s);
      bytes.assign(a.c_str(), a.size() + 1);
    }
    a_ = p.heap.alloc(bytes.size());
    copy_guest(guest_pointer(a_), bytes.data(), bytes.size(), a_, true);
  }
  ~Text() { p_.heap.free(a_); }
  uint64_t addr() const { return a_; }

 private:
  WindowsProcess& p_;
  uint64_t a_;
};

uint32_t call(WindowsProcess& p, uint64_t fn, uint64_t context, uint32_t note, uint64_t a, uint64_t b) {
  return static_cast<uint32_t>(p.call_guest(fn, {context, note, a, b}));
}

// SetupIterateCabinet: the caller hears of the cabinet (SPFILENOTIFY_CABINETINFO: the path, the
// next cabinet and disk of its set), then of each file (SPFILENOTIFY_FILEINCABINET, with the
// cabinet's name): FILEOP_DOIT extracts it to the FullTargetName the callback wrote
// (SPFILENOTIFY_FILEEXTRACTED follows, its nonzero answer an error that ends the walk),
// FILEOP_SKIP passes over it, FILEOP_ABORT ends the walk with the error the callback put in
// Win32Error.
uint32_t iterate(WindowsProcess& p, uint64_t file, uint64_t handler, uint64_t context, bool wide) {
  if (!file) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  const std::string name = text(file, wide);
  if (name.size() >= 260) return p.set_last_error(ERROR_BAD_PATHNAME), 0;
  std::vector<uint8_t> d;
  if (!read_file(p, name, &d)) return 0;
  cab::Cabinet c;
  int32_t error = 0;
  if (!cab::read_header(d, &c, &error) || !cab::read_tables(d, &c)) return p.set_last_error(ERROR_INVALID_DATA), 0;
  const uint64_t ps = p.isa->ptr;
  {
    const std::string full = windows_full_path(name);
    Text path(p, full.substr(0, full.find_last_of('\\') + 1), wide),
        next(p, ansi_to_utf8(c.next_cab), wide), disk(p, ansi_to_utf8(c.next_disk), wide);
    const uint64_t info = p.heap.alloc(4 * ps, true);  // CABINET_INFO
    p.put_ptr(info, path.addr());
    p.put_ptr(info + ps, next.addr());
    p.put_ptr(info + 2 * ps, disk.addr());
    put<uint16_t>(info + 3 * ps, c.set_id);
    put<uint16_t>(info + 3 * ps + 2, c.index);
    call(p, handler, context, SPFILENOTIFY_CABINETINFO, info, 0);
    p.heap.free(info);
  }
  Text source(p, name, wide);
  const uint64_t name_at = ps == 8 ? 22 : 18;  // FILE_IN_CABINET_INFO's FullTargetName (packed to 1 on i386)
  const uint64_t record = name_at + 260 * (wide ? 2 : 1) + 8;
  std::vector<std::unique_ptr<cab::FolderReader>> readers(c.folders);
  for (const cab::File& f : c.file_list) {
    if (f.folder >= c.folders) continue;  // a file continued from or into another cabinet of the set
    // (a name in the cabinet: UTF-8 with _A_NAME_IS_UTF, else the ANSI code page's bytes)
    Text in_name(p, f.attribs & 0x80 ? f.name : ansi_to_utf8(f.name), wide);
    const uint64_t fici = p.heap.alloc(record, true);
    p.put_ptr(fici, in_name.addr());
    put<uint32_t>(fici + ps, f.size);
    put<uint32_t>(fici + ps + 4, 0);
    put<uint16_t>(fici + ps + 8, f.date);
    put<uint16_t>(fici + ps + 10, f.time);
    put<uint16_t>(fici + ps + 12, f.attribs);
    const uint32_t op = call(p, handler, context, SPFILENOTIFY_FILEINCABINET, fici, source.addr());
    const std::string target = text(fici + name_at, wide);
    const uint32_t win32 = get<uint32_t>(fici + ps + 4);
    p.heap.free(fici);
    if (op == FILEOP_ABORT) return p.set_last_error(win32), 0;
    if (op != FILEOP_DOIT) continue;
    if (target.empty()) return p.set_last_error(ERROR_PATH_NOT_FOUND), 0;
    if (!readers[f.folder]) readers[f.folder] = std::make_unique<cab::FolderReader>(d, c, c.folder_list[f.folder]);
    std::vector<uint8_t> bytes;
    if (readers[f.folder]->read(f.offset, f.size, &bytes)) return p.set_last_error(ERROR_INVALID_DATA), 0;
    if (!write_file(p, target, bytes)) return 0;
    Text target_text(p, target, wide);
    const uint64_t paths = p.heap.alloc(2 * ps + 8, true);  // FILEPATHS: Target, Source, Win32Error, Flags
    p.put_ptr(paths, target_text.addr());
    p.put_ptr(paths + ps, source.addr());
    const uint32_t err = call(p, handler, context, SPFILENOTIFY_FILEEXTRACTED, paths, 0);
    p.heap.free(paths);
    if (err) return p.set_last_error(err), 0;
  }
  return 1;
}

uint32_t SetupIterateCabinetA(WindowsProcess& p, AStr file, uint32_t, Ptr handler, Ptr context) {
  return iterate(p, file.addr, handler.addr, context.addr, false);
}
uint32_t SetupIterateCabinetW(WindowsProcess& p, WStr file, uint32_t, Ptr handler, Ptr context) {
  return iterate(p, file.addr, handler.addr, context.addr, true);
}

// SZDD ("compress.exe"'s LZ): a 14-byte header (the magic, the mode 'A', the name's missing last
// character, the expanded size), then LZSS: a flag byte for each eight items, a set bit a literal
// byte, a clear one a 12-bit position in a 4 KB window (filled with spaces, written from 4080 on)
// and a 4-bit length (3 … 18).
bool lz_expand(const std::vector<uint8_t>& in, std::vector<uint8_t>* out) {
  if (in.size() < 14 || std::memcmp(in.data(), kSzdd, 8) != 0) return false;
  const uint32_t size = cab::u32(&in[10]);
  std::vector<uint8_t> window(4096, ' ');
  uint32_t pos = 4096 - 16;
  size_t at = 14;
  out->clear();
  while (at < in.size() && out->size() < size) {
    const uint8_t flags = in[at++];
    for (int bit = 0; bit < 8 && at < in.size() && out->size() < size; ++bit) {
      if (flags & (1 << bit)) {
        const uint8_t b = in[at++];
        out->push_back(b);
        window[pos++ & 4095] = b;
      } else {
        if (at + 1 >= in.size()) return false;
        const uint32_t from = in[at] | (in[at + 1] & 0xf0) << 4;
        const uint32_t len = (in[at + 1] & 0x0f) + 3;
        at += 2;
        for (uint32_t i = 0; i < len; ++i) {
          const uint8_t b = window[(from + i) & 4095];
          out->push_back(b);
          window[pos++ & 4095] = b;
        }
      }
    }
  }
  out->resize(std::min<size_t>(out->size(), size));
  return true;
}

uint32_t compression_of(const std::vector<uint8_t>& d) {
  if (d.size() >= 8 && std::memcmp(d.data(), kSzdd, 8) == 0) return FILE_COMPRESSION_WINLZA;
  if (d.size() >= 4 && (std::memcmp(d.data(), "KWAJ", 4) == 0 || std::memcmp(d.data(), "MSCF", 4) == 0))
    return FILE_COMPRESSION_MSZIP;  // (a cabinet is reported as MSZIP whatever its folders' method)
  return FILE_COMPRESSION_NONE;
}

// The expanded size: a cabinet's (its last file's), an SZDD file's header, or the file's own.
bool sizes(const std::vector<uint8_t>& d, uint32_t type, uint32_t* target) {
  if (type == FILE_COMPRESSION_WINLZA) {
    if (d.size() < 14) return false;
    *target = cab::u32(&d[10]);
    return true;
  }
  if (type == FILE_COMPRESSION_MSZIP && d.size() >= 4 && std::memcmp(d.data(), "MSCF", 4) == 0) {
    cab::Cabinet c;
    int32_t e = 0;
    if (!cab::read_header(d, &c, &e) || !cab::read_tables(d, &c)) return false;
    *target = c.file_list.empty() ? 0 : c.file_list.back().size;
    return true;
  }
  *target = static_cast<uint32_t>(d.size());
  return true;
}

uint32_t info_ex(WindowsProcess& p, uint64_t source, uint64_t name, uint32_t len, uint64_t required, uint64_t source_size,
                 uint64_t target_size, uint64_t type, bool wide) {
  if (!source) return 0;
  const std::string s = text(source, wide);
  const uint32_t need = static_cast<uint32_t>((wide ? utf8_to_utf16(s).size() : s.size()) + 1);
  if (required) put<uint32_t>(required, need);
  if (!name || len < need) return 0;
  if (wide) {
    std::u16string u = utf8_to_utf16(s);
    copy_guest(guest_pointer(name), u.c_str(), (u.size() + 1) * 2, name, true);
  } else {
    copy_guest(guest_pointer(name), s.c_str(), s.size() + 1, name, true);
  }
  std::vector<uint8_t> d;
  if (!read_file(p, s, &d)) {
    if (type) put<uint32_t>(type, FILE_COMPRESSION_NONE);
    return 0;
  }
  const uint32_t t = compression_of(d);
  if (type) put<uint32_t>(type, t);
  uint32_t target = 0;
  if (!sizes(d, t, &target)) return 0;
  if (source_size) put<uint32_t>(source_size, static_cast<uint32_t>(d.size()));
  if (target_size) put<uint32_t>(target_size, target);
  return 1;
}

uint32_t SetupGetFileCompressionInfoExA(WindowsProcess& p, AStr source, Ptr name, uint32_t len, Ptr required, Ptr ss, Ptr ts, Ptr type) {
  return info_ex(p, source.addr, name.addr, len, required.addr, ss.addr, ts.addr, type.addr, false);
}
uint32_t SetupGetFileCompressionInfoExW(WindowsProcess& p, WStr source, Ptr name, uint32_t len, Ptr required, Ptr ss, Ptr ts, Ptr type) {
  return info_ex(p, source.addr, name.addr, len, required.addr, ss.addr, ts.addr, type.addr, true);
}

// SetupGetFileCompressionInfo: the same, the name in a LocalAlloc block the caller frees.
uint32_t info(WindowsProcess& p, uint64_t source, uint64_t name, uint64_t ss, uint64_t ts, uint64_t type, bool wide) {
  if (!source || !name || !ss || !ts || !type) return ERROR_INVALID_PARAMETER;
  const std::string s = text(source, wide);
  const uint32_t need = static_cast<uint32_t>((wide ? utf8_to_utf16(s).size() : s.size()) + 1);
  const uint64_t block = p.call_export("kernel32.dll", "LocalAlloc", {0, need * (wide ? 2u : 1u)});
  if (!block) return ERROR_NOT_ENOUGH_MEMORY;
  if (!info_ex(p, source, block, need, 0, ss, ts, type, wide)) {
    const uint32_t e = p.last_error();
    p.call_export("kernel32.dll", "LocalFree", {block});
    return e;
  }
  p.put_ptr(name, block);
  return ERROR_SUCCESS;
}
uint32_t SetupGetFileCompressionInfoA(WindowsProcess& p, AStr source, Ptr name, Ptr ss, Ptr ts, Ptr type) {
  return info(p, source.addr, name.addr, ss.addr, ts.addr, type.addr, false);
}
uint32_t SetupGetFileCompressionInfoW(WindowsProcess& p, WStr source, Ptr name, Ptr ss, Ptr ts, Ptr type) {
  return info(p, source.addr, name.addr, ss.addr, ts.addr, type.addr, true);
}

// SetupDecompressOrCopyFile: the source expanded (an SZDD file) or its cabinet's first file
// extracted, or copied, to the target; the compression given, or found from the file when `type`
// is null. A Win32 error.
uint32_t decompress(WindowsProcess& p, uint64_t source, uint64_t target, uint64_t type, bool wide) {
  if (!source || !target) return ERROR_INVALID_PARAMETER;
  std::vector<uint8_t> d;
  if (!read_file(p, text(source, wide), &d)) return p.last_error();
  const uint32_t t = type ? get<uint32_t>(type) : compression_of(d);
  std::vector<uint8_t> out;
  if (t == FILE_COMPRESSION_NONE) {
    out = d;
  } else if (t == FILE_COMPRESSION_WINLZA) {
    if (!lz_expand(d, &out)) return ERROR_INVALID_DATA;
  } else {
    cab::Cabinet c;
    int32_t e = 0;
    if (!cab::read_header(d, &c, &e) || !cab::read_tables(d, &c) || c.file_list.empty() ||
        c.file_list[0].folder >= c.folders)
      return ERROR_INVALID_DATA;
    cab::FolderReader r(d, c, c.folder_list[c.file_list[0].folder]);
    if (r.read(c.file_list[0].offset, c.file_list[0].size, &out)) return ERROR_INVALID_DATA;
  }
  if (!write_file(p, text(target, wide), out)) return p.last_error();
  return ERROR_SUCCESS;
}
uint32_t SetupDecompressOrCopyFileA(WindowsProcess& p, AStr source, AStr target, Ptr type) {
  return decompress(p, source.addr, target.addr, type.addr, false);
}
uint32_t SetupDecompressOrCopyFileW(WindowsProcess& p, WStr source, WStr target, Ptr type) {
  return decompress(p, source.addr, target.addr, type.addr, true);
}

}  // namespace

const std::vector<Export>& cabinet_exports() {
  static const std::vector<Export> e = {
      EXPORT("SetupIterateCabinetA", SetupIterateCabinetA),
      EXPORT("SetupIterateCabinetW", SetupIterateCabinetW),
      EXPORT("SetupGetFileCompressionInfoExA", SetupGetFileCompressionInfoExA),
      EXPORT("SetupGetFileCompressionInfoExW", SetupGetFileCompressionInfoExW),
      EXPORT("SetupGetFileCompressionInfoA", SetupGetFileCompressionInfoA),
      EXPORT("SetupGetFileCompressionInfoW", SetupGetFileCompressionInfoW),
      EXPORT("SetupDecompressOrCopyFileA", SetupDecompressOrCopyFileA),
      EXPORT("SetupDecompressOrCopyFileW", SetupDecompressOrCopyFileW),
  };
  return e;
}

}  // namespace polyrun::shims::setupapi
