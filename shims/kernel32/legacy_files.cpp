// KERNEL32.dll, the files functions 16-bit Windows had and Win32 kept: _lopen, _lcreat, _lclose,
// _lread, _lwrite, _llseek, _hread, _hwrite (an HFILE is the file's handle as an int, HFILE_ERROR
// -1), and OpenFile with its OFSTRUCT (the full path found, the file's DOS date and time for
// OF_VERIFY). Each is made of KERNEL32's own functions (CreateFileA, ReadFile, SearchPathA …),
// called as a program calls them. And LZEXPAND's functions, which KERNEL32 exports (LZOpenFile,
// LZInit, LZRead, LZSeek, LZCopy, LZClose, GetExpandedName …): files compressed by MS-DOS's and
// Windows' COMPRESS.EXE ("SZDD" files: LZSS over a 4 KiB window) read as what they expand to.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr int32_t kHfileError = -1;
constexpr uint64_t kGenericRead = 0x80000000u, kGenericWrite = 0x40000000u;
constexpr uint64_t kShareRead = 1, kShareWrite = 2;
constexpr uint64_t kCreateAlways = 2, kOpenExisting = 3;

uint64_t k32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("kernel32.dll", name, args);
}
// A HANDLE as the int an HFILE is, and back (sign-extended: INVALID_HANDLE_VALUE is HFILE_ERROR).
int32_t hfile(uint64_t h) { return static_cast<int32_t>(h); }
uint64_t handle(WindowsProcess& p, int32_t f) {
  const uint64_t h = static_cast<uint64_t>(static_cast<int64_t>(f));
  return p.isa->ptr == 4 ? h & 0xffffffffu : h;
}

// OF_READ 0, OF_WRITE 1, OF_READWRITE 2 (3: no access); OF_SHARE_EXCLUSIVE 0x10, _DENY_WRITE 0x20, _DENY_READ
// 0x30, _DENY_NONE 0x40 (OF_SHARE_COMPAT 0: shared as DENY_NONE).
uint64_t access_of(uint32_t mode) {
  switch (mode & 3) {
    case 1: return kGenericWrite;
    case 2: return kGenericRead | kGenericWrite;
    case 3: return 0;
    default: return kGenericRead;
  }
}
uint64_t sharing_of(uint32_t mode) {
  switch (mode & 0x70) {
    case 0x10: return 0;
    case 0x20: return kShareRead;
    case 0x30: return kShareWrite;
    default: return kShareRead | kShareWrite;
  }
}

// A file made (OF_CREATE) is opened for reading and writing, whatever the mode's access.
int32_t open_file(WindowsProcess& p, uint64_t path, uint32_t mode, uint64_t disposition) {
  const uint64_t access = disposition == kCreateAlways ? kGenericRead | kGenericWrite : access_of(mode);
  return hfile(k32(p, "CreateFileA", {path, access, sharing_of(mode), 0, disposition, 0, 0}));
}

int32_t _lopen(WindowsProcess& p, Ptr path, int32_t mode) { return open_file(p, path.addr, static_cast<uint32_t>(mode), kOpenExisting); }
// The attribute: 0 normal, 1 read-only, 2 hidden, 4 system.
int32_t _lcreat(WindowsProcess& p, Ptr path, int32_t attributes) {
  return hfile(k32(p, "CreateFileA", {path.addr, kGenericRead | kGenericWrite, kShareRead | kShareWrite, 0, kCreateAlways,
                                      static_cast<uint64_t>(attributes & 7), 0}));
}
int32_t _lclose(WindowsProcess& p, int32_t f) { return k32(p, "CloseHandle", {handle(p, f)}) & 0xffffffffu ? 0 : kHfileError; }

// The bytes read, or HFILE_ERROR.
int32_t read_count(WindowsProcess& p, int32_t f, uint64_t buf, uint32_t count) {
  const uint64_t done = p.heap.alloc(4, true);
  const bool ok = k32(p, "ReadFile", {handle(p, f), buf, count, done, 0}) & 0xffffffffu;
  const uint32_t n = get<uint32_t>(done);
  p.heap.free(done);
  return ok ? static_cast<int32_t>(n) : kHfileError;
}
uint32_t _lread(WindowsProcess& p, int32_t f, Ptr buf, uint32_t count) { return static_cast<uint32_t>(read_count(p, f, buf.addr, count)); }
int32_t _hread(WindowsProcess& p, int32_t f, Ptr buf, int32_t count) { return read_count(p, f, buf.addr, static_cast<uint32_t>(count)); }

// The bytes written; a count of 0 ends the file where its pointer is.
int32_t write_count(WindowsProcess& p, int32_t f, uint64_t buf, uint32_t count) {
  if (count == 0) return k32(p, "SetEndOfFile", {handle(p, f)}) & 0xffffffffu ? 0 : kHfileError;
  const uint64_t done = p.heap.alloc(4, true);
  const bool ok = k32(p, "WriteFile", {handle(p, f), buf, count, done, 0}) & 0xffffffffu;
  const uint32_t n = get<uint32_t>(done);
  p.heap.free(done);
  return ok ? static_cast<int32_t>(n) : kHfileError;
}
uint32_t _lwrite(WindowsProcess& p, int32_t f, Ptr buf, uint32_t count) { return static_cast<uint32_t>(write_count(p, f, buf.addr, count)); }
int32_t _hwrite(WindowsProcess& p, int32_t f, Ptr buf, int32_t count) { return write_count(p, f, buf.addr, static_cast<uint32_t>(count)); }

// The new position (FILE_BEGIN 0, FILE_CURRENT 1, FILE_END 2), or HFILE_ERROR.
int32_t _llseek(WindowsProcess& p, int32_t f, int32_t offset, int32_t origin) {
  return static_cast<int32_t>(k32(p, "SetFilePointer", {handle(p, f), static_cast<uint64_t>(static_cast<uint32_t>(offset)), 0,
                                                        static_cast<uint64_t>(origin)}));
}

// ---- OpenFile ----

// OFSTRUCT: cBytes, fFixedDisk (BYTEs), nErrCode, Reserved1, Reserved2 (WORDs: the file's DOS date
// and time), szPathName[128].
constexpr uint64_t kOfsPath = 8, kOfsPathSize = 128;
constexpr uint32_t kOfParse = 0x100, kOfDelete = 0x200, kOfVerify = 0x400, kOfCreate = 0x1000, kOfExist = 0x4000,
                   kOfReopen = 0x8000;
constexpr uint32_t kErrorInvalidData = 13;

int32_t open_file_failed(WindowsProcess& p, uint64_t ofs) {
  put<uint16_t>(ofs + 2, static_cast<uint16_t>(p.last_error()));
  return kHfileError;
}

int32_t OpenFile(WindowsProcess& p, Ptr name, Ptr ofs, uint32_t mode) {
  if (!ofs) return kHfileError;
  put<uint8_t>(ofs.addr, 136);  // sizeof(OFSTRUCT)
  put<uint16_t>(ofs.addr + 2, 0);
  const uint64_t path = ofs.addr + kOfsPath;
  uint64_t file_name = (mode & kOfReopen) ? path : name.addr;
  if (!file_name) return kHfileError;
  // The name as given, kept while the structure's path is written.
  const std::string given = reinterpret_cast<const char*>(file_name);
  const uint64_t copy = p.heap.alloc(given.size() + 1, false);
  std::memcpy(reinterpret_cast<void*>(copy), given.c_str(), given.size() + 1);
  struct Free {
    WindowsProcess& p;
    uint64_t b;
    ~Free() { p.heap.free(b); }
  } free_copy{p, copy};
  file_name = copy;

  uint32_t len = static_cast<uint32_t>(k32(p, "GetFullPathNameA", {file_name, kOfsPathSize, path, 0}));
  if (!len) return open_file_failed(p, ofs.addr);
  if (len >= kOfsPathSize) {
    p.set_last_error(kErrorInvalidData);
    return open_file_failed(p, ofs.addr);
  }
  if (mode & kOfParse) {  // the structure filled, nothing opened
    put<uint8_t>(ofs.addr + 1, static_cast<uint32_t>(k32(p, "GetDriveTypeA", {path})) != 2 /* DRIVE_REMOVABLE */);
    return 0;
  }
  int32_t f;
  if (mode & kOfCreate) {
    f = open_file(p, file_name, mode, kCreateAlways);
    if (f == kHfileError) return open_file_failed(p, ofs.addr);
  } else {
    len = static_cast<uint32_t>(k32(p, "SearchPathA", {0, file_name, 0, kOfsPathSize, path, 0}));
    if (!len) return open_file_failed(p, ofs.addr);
    if (len >= kOfsPathSize) {
      p.set_last_error(kErrorInvalidData);
      return open_file_failed(p, ofs.addr);
    }
    if (mode & kOfDelete) return k32(p, "DeleteFileA", {path}) & 0xffffffffu ? TRUE : open_file_failed(p, ofs.addr);
    f = open_file(p, path, mode, kOpenExisting);
    if (f == kHfileError) return open_file_failed(p, ofs.addr);
    const uint64_t times = p.heap.alloc(16, true);
    k32(p, "GetFileTime", {handle(p, f), 0, 0, times});
    k32(p, "FileTimeToDosDateTime", {times, times + 8, times + 10});
    const uint16_t date = get<uint16_t>(times + 8), time = get<uint16_t>(times + 10);
    p.heap.free(times);
    if ((mode & kOfVerify) && (mode & kOfReopen) &&
        (get<uint16_t>(ofs.addr + 4) != date || get<uint16_t>(ofs.addr + 6) != time)) {
      k32(p, "CloseHandle", {handle(p, f)});
      p.set_last_error(ERROR_FILE_NOT_FOUND);
      return open_file_failed(p, ofs.addr);
    }
    put<uint16_t>(ofs.addr + 4, date);
    put<uint16_t>(ofs.addr + 6, time);
  }
  if (mode & kOfExist) {  // whether it is there: TRUE, the file closed
    k32(p, "CloseHandle", {handle(p, f)});
    return TRUE;
  }
  return f;
}

// ---- LZ expansion ----

// LZERROR_*: what the LZ functions return for a failure.
constexpr int32_t kLzBadInHandle = -1, kLzRead = -3, kLzWrite = -4, kLzGlobAlloc = -5,
                  kLzBadValue = -7, kLzUnknownAlg = -8;
// An LZ handle: 0x400 and the 15 after it, each an expanded file; any other value is a file's HFILE.
constexpr int32_t kLzFirst = 0x400, kLzCount = 16;

// The "SZDD" header: the magic (8 bytes), the algorithm ('A'), the name's last character, the
// expanded length (4 bytes, little-endian).
constexpr unsigned char kMagic[8] = {'S', 'Z', 'D', 'D', 0x88, 0xf0, 0x27, 0x33};
constexpr size_t kHeader = 14;

struct LzFile {
  int32_t file = 0;                 // the compressed file's HFILE, closed with the LZ handle
  char last = 0;                    // the expanded name's last character
  std::vector<unsigned char> data;  // what it expands to
  uint64_t at = 0;                  // LZRead's position in it
};
struct LzFiles {
  std::mutex m;
  std::array<std::unique_ptr<LzFile>, kLzCount> open;
};
LzFiles& lz_files() {
  static LzFiles f;
  return f;
}
LzFile* lz_file(int32_t h) {
  if (h < kLzFirst || h >= kLzFirst + kLzCount) return nullptr;
  return lz_files().open[static_cast<size_t>(h - kLzFirst)].get();
}

// The whole file from its start, through _lread into a guest buffer; false on a read error.
bool read_all(WindowsProcess& p, int32_t f, std::vector<unsigned char>& out) {
  if (_llseek(p, f, 0, 0) == kHfileError) return false;
  constexpr uint32_t kChunk = 0x10000;
  const uint64_t buf = p.heap.alloc(kChunk, false);
  if (!buf) return false;
  bool ok = true;
  for (;;) {
    const int32_t n = read_count(p, f, buf, kChunk);
    if (n < 0) ok = false;
    if (n <= 0) break;
    const unsigned char* b = reinterpret_cast<const unsigned char*>(buf);
    out.insert(out.end(), b, b + n);
  }
  p.heap.free(buf);
  return ok;
}

// LZSS as COMPRESS.EXE writes it: a flag byte for each eight items, low bit first, 1 a literal
// byte and 0 a reference of two bytes (a 12-bit position in the window, the low byte and the
// second's top nibble; a length of 3 to 18, its low nibble + 3); the window of 4096 bytes starts
// as spaces, written from 4096 - 16.
std::vector<unsigned char> lz_expand(const unsigned char* in, size_t size, uint32_t expected) {
  std::vector<unsigned char> out;
  out.reserve(expected);
  unsigned char window[4096];
  std::memset(window, ' ', sizeof window);
  unsigned pos = 4096 - 16;
  size_t i = 0;
  while (i < size && out.size() < expected) {
    const unsigned flags = in[i++];
    for (int bit = 0; bit < 8 && i < size && out.size() < expected; ++bit) {
      if (flags & (1u << bit)) {
        const unsigned char c = in[i++];
        out.push_back(c);
        window[pos] = c;
        pos = (pos + 1) & 0xfff;
      } else {
        if (i + 1 >= size) return out;
        const unsigned lo = in[i], hi = in[i + 1];
        i += 2;
        unsigned from = lo | (hi & 0xf0) << 4;
        const unsigned len = (hi & 0x0f) + 3;
        for (unsigned k = 0; k < len && out.size() < expected; ++k) {
          const unsigned char c = window[from];
          from = (from + 1) & 0xfff;
          out.push_back(c);
          window[pos] = c;
          pos = (pos + 1) & 0xfff;
        }
      }
    }
  }
  return out;
}

// 1 and the header of a compressed file; 0 for a file that is none; an LZERROR.
int32_t read_header(WindowsProcess& p, int32_t f, std::vector<unsigned char>& whole) {
  if (_llseek(p, f, 0, 0) == kHfileError) return kLzBadInHandle;
  if (!read_all(p, f, whole)) return kLzRead;
  if (whole.size() < kHeader || std::memcmp(whole.data(), kMagic, sizeof kMagic) != 0) return 0;
  if (whole[8] != 'A') return kLzUnknownAlg;
  return 1;
}

// The LZ handle of a compressed file (its data expanded), the file's own HFILE for one that is not
// compressed (its pointer back at its start), or an LZERROR.
int32_t LZInit(WindowsProcess& p, int32_t f) {
  std::vector<unsigned char> whole;
  const int32_t r = read_header(p, f, whole);
  if (r <= 0) {
    _llseek(p, f, 0, 0);
    return r ? r : f;
  }
  LzFiles& files = lz_files();
  std::lock_guard<std::mutex> g(files.m);
  for (int32_t i = 0; i < kLzCount; ++i) {
    if (files.open[static_cast<size_t>(i)]) continue;
    auto lz = std::make_unique<LzFile>();
    lz->file = f;
    lz->last = static_cast<char>(whole[9]);
    uint32_t length = 0;
    std::memcpy(&length, whole.data() + 10, 4);
    lz->data = lz_expand(whole.data() + kHeader, whole.size() - kHeader, length);
    files.open[static_cast<size_t>(i)] = std::move(lz);
    return kLzFirst + i;
  }
  return kLzGlobAlloc;
}

// Bytes copied from the expanded data at its position (the file's _lread for a file not compressed).
int32_t LZRead(WindowsProcess& p, int32_t h, Ptr buf, int32_t count) {
  LzFile* lz = lz_file(h);
  if (!lz) return read_count(p, h, buf.addr, static_cast<uint32_t>(count));
  if (count < 0) return kLzBadValue;
  const uint64_t left = lz->at < lz->data.size() ? lz->data.size() - lz->at : 0;
  const uint64_t n = std::min<uint64_t>(left, static_cast<uint64_t>(count));
  if (n) std::memcpy(buf.as<void>(), lz->data.data() + lz->at, n);
  lz->at += n;
  return static_cast<int32_t>(n);
}

// The new position in the expanded data (from its start 0, the position 1, its end 2); one before
// its start or past its end is LZERROR_BADVALUE.
int32_t LZSeek(WindowsProcess& p, int32_t h, int32_t offset, int32_t mode) {
  LzFile* lz = lz_file(h);
  if (!lz) return _llseek(p, h, offset, mode);
  int64_t to = offset;
  if (mode == 1) to += static_cast<int64_t>(lz->at);
  else if (mode == 2) to += static_cast<int64_t>(lz->data.size());
  else if (mode != 0) return kLzBadValue;
  if (to < 0 || static_cast<uint64_t>(to) > lz->data.size()) return kLzBadValue;
  lz->at = static_cast<uint64_t>(to);
  return static_cast<int32_t>(to);
}

void LZClose(WindowsProcess& p, int32_t h) {
  LzFile* lz = lz_file(h);
  if (!lz) {
    _lclose(p, h);
    return;
  }
  _lclose(p, lz->file);
  std::lock_guard<std::mutex> g(lz_files().m);
  lz_files().open[static_cast<size_t>(h - kLzFirst)].reset();
}

// Copies what the source expands to into the destination file (which gets the source's write
// time): the bytes written, or an LZERROR. A source that is no LZ handle is opened as one and
// closed again.
int32_t LZCopy(WindowsProcess& p, int32_t from, int32_t to) {
  int32_t src = from;
  bool opened = false;
  if (!lz_file(src)) {
    src = LZInit(p, from);
    if (src <= 0) return src < 0 ? src : kLzBadInHandle;
    opened = src != from;
  }
  constexpr uint32_t kChunk = 0x8000;
  const uint64_t buf = p.heap.alloc(kChunk, false);
  if (!buf) return kLzGlobAlloc;
  int32_t total = 0, result = 0;
  for (;;) {
    const int32_t n = LZRead(p, src, Ptr(buf), kChunk);
    if (n < 0) {
      result = n == kHfileError ? kLzRead : n;
      break;
    }
    if (n == 0) break;
    if (write_count(p, to, buf, static_cast<uint32_t>(n)) != n) {
      result = kLzWrite;
      break;
    }
    total += n;
  }
  if (!result) {
    const LzFile* lz = lz_file(src);
    const int32_t real = lz ? lz->file : src;
    const uint64_t time = buf;  // (the buffer's first bytes hold the FILETIME)
    if (k32(p, "GetFileTime", {handle(p, real), 0, 0, time}) & 0xffffffffu) k32(p, "SetFileTime", {handle(p, to), 0, 0, time});
  }
  p.heap.free(buf);
  if (opened) LZClose(p, src);
  return result ? result : total;
}

// The name a compressed file was given before compression, which it keeps in its header: the
// extension's trailing '_' becomes that character (in the case of the name's last letter), a
// trailing dot goes; any other name is its own.
std::string expanded_name(const std::string& in, char last) {
  std::string out = in;
  const size_t base = out.find_last_of("/\\:") == std::string::npos ? 0 : out.find_last_of("/\\:") + 1;
  if (base >= out.size()) return out;
  bool lower = true;
  for (size_t i = out.size(); i-- > 0;)
    if (std::isalpha(static_cast<unsigned char>(out[i]))) {
      lower = std::islower(static_cast<unsigned char>(out[i]));
      break;
    }
  if (std::isalpha(static_cast<unsigned char>(last)))
    last = static_cast<char>(lower ? std::tolower(static_cast<unsigned char>(last)) : std::toupper(static_cast<unsigned char>(last)));
  const size_t dot = out.find('.', base);
  if (dot == std::string::npos) return out;
  if (dot + 1 == out.size()) out.erase(dot);
  else if (out.back() == '_') out.back() = last;
  return out;
}
// 1, the name in `out` (a buffer the caller made large enough); LZERROR_BADINHANDLE for a file
// that cannot be opened. Names here are bytes in the file functions' code page, as OpenFile takes them.
int32_t get_expanded_name(WindowsProcess& p, const std::string& in, std::string& out) {
  const uint64_t name = p.heap.alloc(in.size() + 1, false);
  std::memcpy(reinterpret_cast<void*>(name), in.c_str(), in.size() + 1);
  const uint64_t ofs = p.heap.alloc(136, true);
  const int32_t f = OpenFile(p, Ptr(name), Ptr(ofs), 0);
  p.heap.free(ofs);
  p.heap.free(name);
  if (f == kHfileError) return kLzBadInHandle;
  std::vector<unsigned char> whole;
  const int32_t r = read_header(p, f, whole);
  _lclose(p, f);
  out = r > 0 ? expanded_name(in, static_cast<char>(whole[9])) : in;
  return 1;
}
int32_t GetExpandedNameA(WindowsProcess& p, AStr in, Ptr out) {
  std::string name;
  const int32_t r = get_expanded_name(p, in.bytes(), name);
  if (r == 1) std::memcpy(out.as<char>(), name.c_str(), name.size() + 1);
  return r;
}
int32_t GetExpandedNameW(WindowsProcess& p, WStr in, Ptr out) {
  std::string name;
  const int32_t r = get_expanded_name(p, utf8_to_file_api(p.file_apis_oem, utf16_to_utf8(in.str())), name);
  if (r == 1) {
    const std::u16string w = utf8_to_utf16(file_api_to_utf8(p.file_apis_oem, name));
    std::memcpy(out.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  }
  return r;
}

// OpenFile (`name` in the file functions' code page), and where the name is not found, the name COMPRESS.EXE gives its output ("a.txt" →
// "a.tx_", "a.c" → "a.c_", "a" → "a._"). A file opened for reading comes back as an LZ handle
// where it is compressed.
int32_t lz_open_file(WindowsProcess& p, const std::string& name, Ptr ofs, uint16_t mode) {
  const uint8_t size_before = get<uint8_t>(ofs.addr);
  auto open = [&](const std::string& n) {
    const uint64_t s = p.heap.alloc(n.size() + 1, false);
    std::memcpy(reinterpret_cast<void*>(s), n.c_str(), n.size() + 1);
    const int32_t f = OpenFile(p, Ptr(s), ofs, mode);
    p.heap.free(s);
    return f;
  };
  int32_t f = open(name);
  if (f == kHfileError) {
    std::string mangled = name;
    const size_t base = mangled.find_last_of('\\') == std::string::npos ? 0 : mangled.find_last_of('\\');
    const size_t dot = mangled.find('.', base);
    if (dot == std::string::npos) mangled += "._";
    else if (mangled.size() - dot - 1 < 3) mangled += "_";
    else mangled.back() = '_';
    f = open(mangled);
  }
  if (f == kHfileError) put<uint8_t>(ofs.addr, size_before);
  if ((mode & ~0x70u) != 0 || f == kHfileError) return f;  // not OF_READ
  const int32_t lz = LZInit(p, f);
  return lz <= 0 ? f : lz;
}
int32_t LZOpenFileA(WindowsProcess& p, AStr name, Ptr ofs, uint16_t mode) { return lz_open_file(p, name.bytes(), ofs, mode); }
int32_t LZOpenFileW(WindowsProcess& p, WStr name, Ptr ofs, uint16_t mode) {
  return lz_open_file(p, utf8_to_file_api(p.file_apis_oem, utf16_to_utf8(name.str())), ofs, mode);
}

// LZStart and LZDone bracketed CopyLZFile calls in 16-bit Windows: nothing is left to set up (1).
int32_t LZStart(WindowsProcess&) { return 1; }
void LZDone(WindowsProcess&) {}

}  // namespace

const std::vector<Export>& kernel32_legacy_file_exports() {
  static const std::vector<Export> exports = {
      EXPORT("_lopen", _lopen),   EXPORT("_lcreat", _lcreat), EXPORT("_lclose", _lclose),
      EXPORT("_lread", _lread),   EXPORT("_hread", _hread),   EXPORT("_lwrite", _lwrite),
      EXPORT("_hwrite", _hwrite), EXPORT("_llseek", _llseek), EXPORT("OpenFile", OpenFile),
      EXPORT("LZInit", LZInit),   EXPORT("LZRead", LZRead),   EXPORT("LZSeek", LZSeek),
      EXPORT("LZClose", LZClose), EXPORT("LZCopy", LZCopy),   EXPORT("CopyLZFile", LZCopy),
      EXPORT("LZOpenFileA", LZOpenFileA), EXPORT("LZOpenFileW", LZOpenFileW), EXPORT("LZStart", LZStart),
      EXPORT("LZDone", LZDone),   EXPORT("GetExpandedNameA", GetExpandedNameA),
      EXPORT("GetExpandedNameW", GetExpandedNameW),
  };
  return exports;
}

}  // namespace polyrun::shims
