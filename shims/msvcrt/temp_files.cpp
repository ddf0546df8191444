// msvcrt.dll and the Universal CRT, temporary files and names: tmpfile and tmpfile_s (a binary
// read-write stream whose file is gone once it is closed: removed from the directory at once
// here; _rmtmp closes those still open), _tempnam and _wtempnam, tmpnam, _wtmpnam and their _s forms ("\s" and the process id in base 32, a dot and a
// counter in base 32: the first name of the root of the current drive that does not exist),
// _mktemp, _wmktemp and their _s forms (the six trailing X's become a letter and the process id's
// last five digits, the first letter from 'a' that names no file), and _access_s, _waccess_s.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/text.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace temp_files {
namespace {

template <bool Ucrt>
int32_t invalid(WindowsProcess& p, int32_t err = EINVAL) {
  *msvcrt_errno(p) = err;
  crt_invalid_parameter(p, Ucrt);
  return err;
}
bool exists(const std::string& windows_name) { return ::access(windows_to_host_path(windows_name).c_str(), F_OK) == 0; }

// ---- tmpfile ----

Ptr tmpfile_(WindowsProcess& p) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/polyrun-tmpfileXXXXXX";
  int fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) {
    msvcrt_host_failure(p, errno);
    return Ptr(0);
  }
  ::unlink(path.c_str());
  uint64_t f = msvcrt_open_stream(p, fd, "w+b");
  crt(p).tmpfile_streams.push_back(f);
  return Ptr(f);
}
// _rmtmp: the streams tmpfile opened that are still open closed; how many.
int32_t _rmtmp_(WindowsProcess& p) {
  std::vector<uint64_t> list;
  list.swap(crt(p).tmpfile_streams);
  int32_t n = 0;
  for (uint64_t f : list)
    if (crt(p).streams.count(f) && msvcrt_close_stream(p, f) == 0) ++n;
  return n;
}

// ---- _tempnam: GetTempFileName's names ----

// "DIR\PREFnnnn.tmp" (the prefix's first three characters, a hexadecimal number) naming no file,
// in the directory TMP names, else the one given; the file is made to claim the name, then removed.
// A heap copy of the name, or null.
template <typename C>
Ptr tempnam_any(WindowsProcess& p, Ptr dir, Ptr prefix) {
  std::string d, pre;
  // (Narrow names are in the ANSI code page: msvcrt/crt_locale.h.)
  auto narrow = [&p](Ptr s) {
    if (!s) return std::string();
    if constexpr (sizeof(C) == 1) return crt_locale::name_to_utf8(p, s.as<const char>());
    else return utf16_to_utf8(std::u16string(s.as<const char16_t>()));
  };
  if (uint64_t tmp = crt_getenv(p, "TMP")) d = crt_locale::name_to_utf8(p, reinterpret_cast<const char*>(tmp), false);
  else d = narrow(dir);
  if (d.empty()) return Ptr(0);
  pre = narrow(prefix).substr(0, 3);
  if (d.back() != '\\' && d.back() != '/') d += '\\';
  uint32_t unique = static_cast<uint32_t>(::time(nullptr) ^ ::getpid()) & 0xffff;
  for (uint32_t tries = 0; tries < 0x10000; ++tries, unique = (unique + 1) & 0xffff) {
    if (!unique) continue;
    char hex[8];
    std::snprintf(hex, sizeof hex, "%X", unique);
    const std::string name = d + pre + hex + ".tmp";
    const std::string host = windows_to_host_path(name);
    int fd = ::open(host.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      return Ptr(0);
    }
    ::close(fd);
    ::unlink(host.c_str());
    if constexpr (sizeof(C) == 1) {
      const std::string a = crt_locale::utf8_to_name(p, name);
      uint64_t copy = p.heap.alloc(a.size() + 1);
      std::memcpy(reinterpret_cast<void*>(copy), a.c_str(), a.size() + 1);
      return Ptr(copy);
    } else {
      const std::u16string w = utf8_to_utf16(name);
      uint64_t copy = p.heap.alloc((w.size() + 1) * 2);
      std::memcpy(reinterpret_cast<void*>(copy), w.c_str(), (w.size() + 1) * 2);
      return Ptr(copy);
    }
  }
  return Ptr(0);
}
Ptr _tempnam_(WindowsProcess& p, Ptr dir, Ptr prefix) { return tempnam_any<char>(p, dir, prefix); }
Ptr _wtempnam_(WindowsProcess& p, Ptr dir, Ptr prefix) { return tempnam_any<char16_t>(p, dir, prefix); }
template <bool Ucrt>
int32_t tmpfile_s_(WindowsProcess& p, Ptr out) {
  if (!out) return invalid<Ucrt>(p);
  Ptr f = tmpfile_(p);
  p.put_ptr(out.addr, f.addr);
  return f ? 0 : *msvcrt_errno(p);
}

// ---- tmpnam ----

std::string base32(uint32_t n) {
  std::string s;
  for (; n; n >>= 5) s.insert(s.begin(), "0123456789abcdefghijklmnopqrstuv"[n & 31]);
  return s;
}
std::atomic<uint32_t> tmpnam_counter{0}, tmpnam_s_counter{0};
// The next free name, or "" (ERANGE) when it does not fit `size` characters with its NUL.
std::string next_name(WindowsProcess& p, std::atomic<uint32_t>& counter, uint64_t size) {
  const std::string head = "\\s" + base32(static_cast<uint32_t>(::getpid())) + ".";
  for (;;) {
    const std::string name = head + base32(counter.fetch_add(1));
    if (name.size() + 1 > size) {
      *msvcrt_errno(p) = ERANGE;
      return "";
    }
    if (!exists(name)) return name;
  }
}
template <typename C>
void store(Ptr buf, const std::string& s) {
  C* d = buf.as<C>();
  for (size_t i = 0; i <= s.size(); ++i) d[i] = static_cast<C>(static_cast<unsigned char>(s.c_str()[i]));
}
template <typename C>
Ptr tmpnam_any(WindowsProcess& p, Ptr buf) {
  if (!buf) buf = Ptr(data_slot(p, sizeof(C) == 1 ? "tmpnam-buffer" : "wtmpnam-buffer", 260 * sizeof(C)));
  const std::string name = next_name(p, tmpnam_counter, 260);
  if (name.empty()) return Ptr(0);
  store<C>(buf, name);
  return buf;
}
Ptr tmpnam_(WindowsProcess& p, Ptr buf) { return tmpnam_any<char>(p, buf); }
Ptr _wtmpnam_(WindowsProcess& p, Ptr buf) { return tmpnam_any<char16_t>(p, buf); }
template <bool Ucrt, typename C>
int32_t tmpnam_s_any(WindowsProcess& p, Ptr buf, USize size) {
  if (!buf) return invalid<Ucrt>(p);
  if (size < 3) {
    if (size) *buf.as<C>() = 0;
    return *msvcrt_errno(p) = ERANGE;
  }
  const std::string name = next_name(p, tmpnam_s_counter, size);
  if (name.empty()) {
    *buf.as<C>() = 0;
    return ERANGE;
  }
  store<C>(buf, name);
  return 0;
}
template <bool Ucrt>
int32_t tmpnam_s_(WindowsProcess& p, Ptr buf, USize size) { return tmpnam_s_any<Ucrt, char>(p, buf, size); }
template <bool Ucrt>
int32_t _wtmpnam_s_(WindowsProcess& p, Ptr buf, USize size) { return tmpnam_s_any<Ucrt, char16_t>(p, buf, size); }

// ---- _mktemp ----

// The name with its six trailing X's replaced; false if no letter gives a free name.
template <typename C>
bool make_name(WindowsProcess& p, C* s, size_t len) {
  uint32_t id = static_cast<uint32_t>(::getpid());
  for (size_t i = 1; i < 6; ++i, id /= 10) s[len - i] = static_cast<C>('0' + id % 10);
  for (char letter = 'a'; letter <= 'z'; ++letter) {
    s[len - 6] = static_cast<C>(letter);
    std::string narrow;
    for (size_t i = 0; i < len; ++i) narrow += static_cast<char>(s[i]);
    if (sizeof(C) == 2) {
      std::u16string w(reinterpret_cast<const char16_t*>(s), len);
      narrow = utf16_to_utf8(w);
    } else {
      narrow = crt_locale::name_to_utf8(p, narrow);
    }
    if (!exists(narrow)) return true;
  }
  return false;
}
template <typename C>
Ptr mktemp_any(WindowsProcess& p, Ptr pattern) {
  if (!pattern) return Ptr(0);
  C* s = pattern.as<C>();
  size_t len = 0, xs = 0;
  for (; s[len]; ++len) xs = s[len] == 'X' ? xs + 1 : 0;
  if (xs < 6) return Ptr(0);
  return make_name(p, s, len) ? pattern : Ptr(0);
}
Ptr _mktemp_(WindowsProcess& p, Ptr pattern) { return mktemp_any<char>(p, pattern); }
Ptr _wmktemp_(WindowsProcess& p, Ptr pattern) { return mktemp_any<char16_t>(p, pattern); }
// _mktemp_s: EINVAL (an invalid parameter) for a pattern not ending in six X's within `size`;
// EEXIST when every letter's name exists.
template <bool Ucrt, typename C>
int32_t mktemp_s_any(WindowsProcess& p, Ptr pattern, USize size) {
  if (!pattern) return invalid<Ucrt>(p);
  C* s = pattern.as<C>();
  size_t len = 0;
  while (len < size && s[len]) ++len;
  if (len == size || len < 6) {
    if (size) s[0] = 0;
    return invalid<Ucrt>(p);
  }
  for (size_t i = 1; i <= 6; ++i)
    if (s[len - i] != 'X') return invalid<Ucrt>(p);
  if (make_name(p, s, len)) return 0;
  s[0] = 0;
  return *msvcrt_errno(p) = EEXIST;
}
template <bool Ucrt>
int32_t _mktemp_s_(WindowsProcess& p, Ptr pattern, USize size) { return mktemp_s_any<Ucrt, char>(p, pattern, size); }
template <bool Ucrt>
int32_t _wmktemp_s_(WindowsProcess& p, Ptr pattern, USize size) { return mktemp_s_any<Ucrt, char16_t>(p, pattern, size); }

// ---- _access_s ----

// 0, or the error (errno too): ENOENT, EACCES; EINVAL for a mode other than 0, 2, 4, 6.
template <bool Ucrt>
int32_t access_s(WindowsProcess& p, const std::string& name, int32_t mode) {
  if (mode & ~6) return invalid<Ucrt>(p);
  if (::access(windows_to_host_path(name).c_str(), mode & 6) == 0) return 0;
  msvcrt_host_failure(p, errno);
  return *msvcrt_errno(p);
}
template <bool Ucrt>
int32_t _access_s_(WindowsProcess& p, Ptr name, int32_t mode) {
  if (!name) return invalid<Ucrt>(p);
  return access_s<Ucrt>(p, crt_locale::name_to_utf8(p, name.as<const char>()), mode);
}
template <bool Ucrt>
int32_t _waccess_s_(WindowsProcess& p, Ptr name, int32_t mode) {
  if (!name) return invalid<Ucrt>(p);
  return access_s<Ucrt>(p, utf16_to_utf8(std::u16string(name.as<const char16_t>())), mode);
}

template <bool Ucrt>
std::vector<Export> checked_exports() {
  return {
      EXPORT("tmpfile_s", tmpfile_s_<Ucrt>),  EXPORT("tmpnam_s", tmpnam_s_<Ucrt>),
      EXPORT("_wtmpnam_s", _wtmpnam_s_<Ucrt>), EXPORT("_mktemp_s", _mktemp_s_<Ucrt>),
      EXPORT("_wmktemp_s", _wmktemp_s_<Ucrt>), EXPORT("_access_s", _access_s_<Ucrt>),
      EXPORT("_waccess_s", _waccess_s_<Ucrt>),
  };
}

}  // namespace
}  // namespace temp_files

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_temp_files_exports() {
  using namespace temp_files;
  static const std::vector<Export> exports = [] {
    std::vector<Export> all = checked_exports<false>();
    const std::vector<Export> more = {
        EXPORT("tmpfile", tmpfile_), EXPORT("tmpnam", tmpnam_), EXPORT("_wtmpnam", _wtmpnam_),
        EXPORT("_mktemp", _mktemp_), EXPORT("_wmktemp", _wmktemp_), EXPORT("_rmtmp", _rmtmp_),
        EXPORT("_tempnam", _tempnam_), EXPORT("_wtempnam", _wtempnam_),
    };
    all.insert(all.end(), more.begin(), more.end());
    return all;
  }();
  return exports;
}
// The Universal CRT's forms (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_temp_files_exports() {
  static const std::vector<Export> exports = temp_files::checked_exports<true>();
  return exports;
}

}  // namespace polyrun::shims
