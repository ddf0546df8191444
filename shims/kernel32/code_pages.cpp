// KERNEL32.dll: Code pages (core/code_pages.h holds the tables and the conversions): GetACP,
// GetOEMCP, IsValidCodePage, GetCPInfo(Ex), IsDBCSLeadByte(Ex), MultiByteToWideChar,
// WideCharToMultiByte, and the file functions' code page.
#include <cstring>

#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

// The caller's buffers (ERROR_NOACCESS otherwise).
bool text_readable(WindowsProcess& p, uint64_t addr, uint64_t len) {
  return len == 0 || (addr && p.memory.accessible(addr, len, mem::kRead));
}
bool text_writable(WindowsProcess& p, uint64_t addr, uint64_t len) {
  return len == 0 || (addr && p.memory.accessible(addr, len, mem::kWrite));
}

uint32_t GetACP(WindowsProcess&) { return kAnsiCodePage; }
uint32_t GetOEMCP(WindowsProcess&) { return kOemCodePage; }
BOOL IsValidCodePage(WindowsProcess&, uint32_t cp) { return is_valid_code_page(cp) ? TRUE : FALSE; }
BOOL IsDBCSLeadByteEx(WindowsProcess&, uint32_t cp, uint32_t byte) { return is_lead_byte(cp, static_cast<uint8_t>(byte)); }
BOOL IsDBCSLeadByte(WindowsProcess&, uint32_t byte) { return is_ansi_lead_byte(static_cast<uint8_t>(byte)); }

// CPINFO: MaxCharSize, DefaultChar[2], LeadByte[12]; CPINFOEX adds UnicodeDefaultChar, CodePage and
// CodePageName (MAX_PATH characters of the caller's width).
BOOL get_cp_info(WindowsProcess& p, uint32_t cp, uint64_t info, int name_width) {
  CodePageInfo cpi;
  if (!code_page_info(cp, cpi)) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t size = name_width == 0 ? 20 : name_width == 1 ? 284 : 544;
  if (!text_writable(p, info, size)) return fail(p, ERROR_NOACCESS);
  std::memset(reinterpret_cast<void*>(info), 0, size);
  put<uint32_t>(info, cpi.max_char_size);
  std::memcpy(reinterpret_cast<void*>(info + 4), cpi.default_char, 2);
  std::memcpy(reinterpret_cast<void*>(info + 6), cpi.lead_bytes, 12);
  if (name_width == 0) return TRUE;
  put<uint16_t>(info + 18, cpi.unicode_default);
  put<uint32_t>(info + 20, cpi.id);
  if (name_width == 2) {
    const std::u16string w = utf8_to_utf16(cpi.name);
    std::memcpy(reinterpret_cast<void*>(info + 24), w.c_str(), 2 * (w.size() + 1));
  } else {
    std::memcpy(reinterpret_cast<void*>(info + 24), cpi.name.c_str(), cpi.name.size() + 1);
  }
  return TRUE;
}
BOOL GetCPInfo(WindowsProcess& p, uint32_t cp, Ptr info) { return get_cp_info(p, cp, info.addr, 0); }
BOOL GetCPInfoExW(WindowsProcess& p, uint32_t cp, uint32_t, Ptr info) { return get_cp_info(p, cp, info.addr, 2); }
BOOL GetCPInfoExA(WindowsProcess& p, uint32_t cp, uint32_t, Ptr info) { return get_cp_info(p, cp, info.addr, 1); }

// The flags each kind of page takes (Windows: ERROR_INVALID_FLAGS otherwise).
constexpr uint32_t kMbFlags = kMbPrecomposed | kMbComposite | kMbUseGlyphChars | kMbErrInvalidChars;
constexpr uint32_t kWcFlags = kWcCompositeCheck | kWcDiscardNs | kWcSepChars | kWcDefaultChar | kWcErrInvalidChars |
                              kWcNoBestFitChars;

// MultiByteToWideChar(cp, flags, src, srclen, dst, dstlen): the characters written, or (dstlen 0)
// needed. UTF-8 takes only MB_ERR_INVALID_CHARS, UTF-7 and CP_SYMBOL no flag.
int32_t MultiByteToWideChar(WindowsProcess& p, uint32_t cp, uint32_t flags, Ptr src, int32_t srclen, Ptr dst,
                            int32_t dstlen) {
  if (!text_arguments_ok(src.addr, srclen, dst.addr, dstlen)) return fail(p, ERROR_INVALID_PARAMETER);
  cp = resolve_code_page(cp);
  if (!is_valid_code_page(cp) && cp != kCpSymbol) return fail(p, ERROR_INVALID_PARAMETER);
  if ((flags & ~kMbFlags) || (cp == kCpUtf8 && (flags & ~kMbErrInvalidChars)) ||
      ((cp == kCpUtf7 || cp == kCpSymbol) && flags))
    return fail(p, ERROR_INVALID_FLAGS);
  const size_t n = srclen < 0 ? std::strlen(src.as<const char>()) + 1 : static_cast<size_t>(srclen);
  if (!text_readable(p, src.addr, n)) return fail(p, ERROR_NOACCESS);
  std::u16string out;
  if (!multibyte_to_utf16(cp, flags, std::string_view(src.as<const char>(), n), out))
    return fail(p, ERROR_NO_UNICODE_TRANSLATION);
  if (dstlen == 0) return static_cast<int32_t>(out.size());
  if (!text_writable(p, dst.addr, uint64_t{static_cast<uint32_t>(dstlen)} * 2)) return fail(p, ERROR_NOACCESS);
  const size_t fit = std::min(out.size(), static_cast<size_t>(dstlen));
  std::memcpy(dst.as<char16_t>(), out.data(), fit * 2);
  if (out.size() > fit) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  return static_cast<int32_t>(out.size());
}

// WideCharToMultiByte(cp, flags, src, srclen, dst, dstlen, default_char, used_default): the bytes
// written, or (dstlen 0) needed. UTF-7 and UTF-8 take no default character (ERROR_INVALID_PARAMETER).
int32_t WideCharToMultiByte(WindowsProcess& p, uint32_t cp, uint32_t flags, Ptr src, int32_t srclen, Ptr dst,
                            int32_t dstlen, Ptr default_char, Ptr used_default) {
  if (!text_arguments_ok(src.addr, srclen, dst.addr, dstlen)) return fail(p, ERROR_INVALID_PARAMETER);
  cp = resolve_code_page(cp);
  if (!is_valid_code_page(cp) && cp != kCpSymbol) return fail(p, ERROR_INVALID_PARAMETER);
  const bool utf = cp == kCpUtf7 || cp == kCpUtf8;
  if (utf && (default_char || used_default)) return fail(p, ERROR_INVALID_PARAMETER);
  if ((flags & ~kWcFlags) || (cp == kCpUtf8 && (flags & ~kWcErrInvalidChars)) ||
      ((cp == kCpUtf7 || cp == kCpSymbol) && flags))
    return fail(p, ERROR_INVALID_FLAGS);
  if ((flags & (kWcDiscardNs | kWcSepChars | kWcDefaultChar)) && !(flags & kWcCompositeCheck))
    return fail(p, ERROR_INVALID_FLAGS);
  const char16_t* s = src.as<const char16_t>();
  const size_t n = srclen < 0 ? std::char_traits<char16_t>::length(s) + 1 : static_cast<size_t>(srclen);
  if (!text_readable(p, src.addr, n * 2)) return fail(p, ERROR_NOACCESS);
  std::string def;
  if (default_char) def = std::string(default_char.as<const char>(), 2).c_str();
  std::string out;
  bool used = false;
  if (!utf16_to_multibyte(cp, flags, std::u16string_view(s, n), default_char ? def.c_str() : nullptr,
                          used_default ? &used : nullptr, out))
    return fail(p, ERROR_NO_UNICODE_TRANSLATION);
  if (used_default) {
    if (!text_writable(p, used_default.addr, 4)) return fail(p, ERROR_NOACCESS);
    put<int32_t>(used_default.addr, used ? 1 : 0);
  }
  if (dstlen == 0) return static_cast<int32_t>(out.size());
  if (!text_writable(p, dst.addr, static_cast<uint32_t>(dstlen))) return fail(p, ERROR_NOACCESS);
  const size_t fit = std::min(out.size(), static_cast<size_t>(dstlen));
  std::memcpy(dst.as<char>(), out.data(), fit);
  if (out.size() > fit) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  return static_cast<int32_t>(out.size());
}

// The file functions' code page: the A functions' file names are OEM after SetFileApisToOEM.
void SetFileApisToOEM(WindowsProcess& p) { p.file_apis_oem = true; }
void SetFileApisToANSI(WindowsProcess& p) { p.file_apis_oem = false; }
BOOL AreFileApisANSI(WindowsProcess& p) { return p.file_apis_oem ? FALSE : TRUE; }

}  // namespace
const std::vector<Export>& kernel32_code_pages_exports() {
  static const std::vector<Export> exports = {
          EXPORT("SetFileApisToOEM", SetFileApisToOEM),
          EXPORT("SetFileApisToANSI", SetFileApisToANSI),
          EXPORT("AreFileApisANSI", AreFileApisANSI),
          EXPORT("GetACP", GetACP),
          EXPORT("GetOEMCP", GetOEMCP),
          EXPORT("IsValidCodePage", IsValidCodePage),
          EXPORT("IsDBCSLeadByteEx", IsDBCSLeadByteEx),
          EXPORT("IsDBCSLeadByte", IsDBCSLeadByte),
          EXPORT("GetCPInfo", GetCPInfo),
          EXPORT("GetCPInfoExW", GetCPInfoExW),
          EXPORT("GetCPInfoExA", GetCPInfoExA),
          EXPORT("MultiByteToWideChar", MultiByteToWideChar),
          EXPORT("WideCharToMultiByte", WideCharToMultiByte),
  };
  return exports;
}

}  // namespace polyrun::shims
