// KERNEL32.dll, Unicode normalization and internationalized domain names: NormalizeString,
// IsNormalizedString, IdnToAscii, IdnToUnicode and IdnToNameprepUnicode, made of NTDLL's
// (ntdll/normalization.cpp: libunistring's normalization, IDNA2003). Lengths in characters; a
// source of -1 is NUL-terminated and its NUL counted in the result; a destination of no room asks
// the length. Errors as the functions' pages give them: a form or flag they do not take
// ERROR_INVALID_PARAMETER, a name that cannot be converted ERROR_INVALID_NAME, ill-formed text
// ERROR_NO_UNICODE_TRANSLATION, too little room ERROR_INSUFFICIENT_BUFFER.
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/ntdll/normalization.h"

namespace polyrun::shims {

namespace kernel32_normalization {

namespace norm = ntdll_normalization;

constexpr uint32_t kErrorNoUnicodeTranslation = 1113, kErrorInvalidName = 123;
constexpr uint32_t kObjectNameNotFound = 0xc0000034, kInvalidIdnNormalization = 0xc0000716;

bool read_source(WindowsProcess& p, Ptr src, int32_t length, std::u16string* s, bool* terminated) {
  if (!src || length == 0 || length < -1) return fail(p, ERROR_INVALID_PARAMETER), false;
  *terminated = length == -1;
  *s = *terminated ? WStr{src.addr}.str() : std::u16string(src.as<const char16_t>(), static_cast<size_t>(length));
  return true;
}

int32_t give(WindowsProcess& p, const std::u16string& r, Ptr dst, int32_t room) {
  if (room == 0) return static_cast<int32_t>(r.size());
  if (room < 0 || !dst || static_cast<size_t>(room) < r.size()) return fail(p, ERROR_INSUFFICIENT_BUFFER), 0;
  std::memcpy(dst.as<char16_t>(), r.data(), r.size() * 2);
  return static_cast<int32_t>(r.size());
}

int32_t NormalizeString(WindowsProcess& p, int32_t form, Ptr src, int32_t length, Ptr dst, int32_t room) {
  std::u16string s, r;
  bool terminated;
  if (!read_source(p, src, length, &s, &terminated)) return 0;
  if (terminated) s.push_back(u'\0');
  const uint32_t st = norm::normalize(static_cast<uint32_t>(form), s, &r);
  if (st == kObjectNameNotFound) return fail(p, ERROR_INVALID_PARAMETER), 0;
  if (st) return fail(p, kErrorNoUnicodeTranslation), 0;
  return give(p, r, dst, room);
}

BOOL IsNormalizedString(WindowsProcess& p, int32_t form, Ptr str, int32_t length) {
  std::u16string s;
  bool terminated, is = false;
  if (!read_source(p, str, length, &s, &terminated)) return FALSE;
  const uint32_t st = norm::is_normalized(static_cast<uint32_t>(form), s, &is);
  if (st == kObjectNameNotFound) return fail(p, ERROR_INVALID_PARAMETER);
  if (st) return fail(p, kErrorNoUnicodeTranslation);
  p.set_last_error(ERROR_SUCCESS);
  return is ? TRUE : FALSE;
}

int32_t idn(WindowsProcess& p, norm::Idn what, uint32_t flags, Ptr src, int32_t length, Ptr dst, int32_t room) {
  if (flags & ~3u) return fail(p, ERROR_INVALID_PARAMETER), 0;
  std::u16string s, r;
  bool terminated;
  if (!read_source(p, src, length, &s, &terminated)) return 0;
  const uint32_t st = norm::idn(what, flags, s, &r);
  if (st == kInvalidIdnNormalization) return fail(p, kErrorInvalidName), 0;
  if (st) return fail(p, win_error_from_nt_status(st)), 0;
  if (terminated) r.push_back(u'\0');
  return give(p, r, dst, room);
}
int32_t IdnToAscii(WindowsProcess& p, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t room) {
  return idn(p, norm::Idn::kToAscii, flags, src, n, dst, room);
}
int32_t IdnToUnicode(WindowsProcess& p, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t room) {
  return idn(p, norm::Idn::kToUnicode, flags, src, n, dst, room);
}
int32_t IdnToNameprepUnicode(WindowsProcess& p, uint32_t flags, Ptr src, int32_t n, Ptr dst, int32_t room) {
  return idn(p, norm::Idn::kNameprep, flags, src, n, dst, room);
}

}  // namespace kernel32_normalization

const std::vector<Export>& kernel32_normalization_exports() {
  using namespace kernel32_normalization;
  static const std::vector<Export> exports = {
      EXPORT("NormalizeString", NormalizeString),
      EXPORT("IsNormalizedString", IsNormalizedString),
      EXPORT("IdnToAscii", IdnToAscii),
      EXPORT("IdnToUnicode", IdnToUnicode),
      EXPORT("IdnToNameprepUnicode", IdnToNameprepUnicode),
  };
  return exports;
}

}  // namespace polyrun::shims
