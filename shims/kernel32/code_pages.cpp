// KERNEL32.dll: Code pages (the ANSI and OEM code pages are UTF-8): GetACP, GetCPInfo(Ex), MultiByteToWideChar,
// WideCharToMultiByte, and the file functions' code page.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

// ---- code pages (the ANSI and OEM code pages are UTF-8) ----

uint32_t GetACP(WindowsProcess&) { return kAnsiCodePage; }
uint32_t GetOEMCP(WindowsProcess&) { return kAnsiCodePage; }
BOOL IsValidCodePage(WindowsProcess&, uint32_t cp) { return cp == kAnsiCodePage || cp == 0 || cp == 1 || cp == 20127; }
BOOL IsDBCSLeadByteEx(WindowsProcess&, uint32_t, uint32_t) { return FALSE; }
BOOL IsDBCSLeadByte(WindowsProcess&, uint32_t) { return FALSE; }

BOOL GetCPInfo(WindowsProcess& p, uint32_t cp, Ptr info) {
  if (!IsValidCodePage(p, cp)) return fail(p, ERROR_INVALID_PARAMETER);
  std::memset(info.as<void>(), 0, 20);
  put<uint32_t>(info.addr, 4);   // MaxCharSize
  put<uint8_t>(info.addr + 4, '?');  // DefaultChar
  return TRUE;
}

// GetCPInfoEx: CPINFO's fields, then the Unicode default character, the code page (CP_ACP and the
// like resolved: UTF-8 here) and its name as Windows gives it ("65001 (UTF-8)"), the name of
// MAX_PATH characters of the caller's width.
BOOL get_cp_info_ex(WindowsProcess& p, uint32_t cp, uint64_t info, bool wide) {
  if (!GetCPInfo(p, cp, Ptr(info))) return FALSE;
  put<uint16_t>(info + 18, '?');  // UnicodeDefaultChar
  const uint32_t resolved = cp == 20127 ? 20127u : kAnsiCodePage;
  put<uint32_t>(info + 20, resolved);
  const std::string name = resolved == 20127 ? "20127 (US-ASCII)" : "65001 (UTF-8)";
  if (wide) {
    const std::u16string w = utf8_to_utf16(name);
    std::memcpy(reinterpret_cast<void*>(info + 24), w.c_str(), 2 * (w.size() + 1));
  } else {
    std::memcpy(reinterpret_cast<void*>(info + 24), name.c_str(), name.size() + 1);
  }
  return TRUE;
}
BOOL GetCPInfoExW(WindowsProcess& p, uint32_t cp, uint32_t, Ptr info) { return get_cp_info_ex(p, cp, info.addr, true); }
BOOL GetCPInfoExA(WindowsProcess& p, uint32_t cp, uint32_t, Ptr info) { return get_cp_info_ex(p, cp, info.addr, false); }

int32_t MultiByteToWideChar(WindowsProcess& p, uint32_t cp, uint32_t, Ptr src, int32_t srclen, Ptr dst, int32_t dstlen) {
  if (!IsValidCodePage(p, cp) || !text_arguments_ok(src.addr, srclen, dst.addr, dstlen)) return fail(p, ERROR_INVALID_PARAMETER);
  std::string in = srclen < 0 ? std::string(src.as<const char>()) + '\0' : std::string(src.as<const char>(), static_cast<size_t>(srclen));
  std::u16string out = utf8_to_utf16(in);
  if (dstlen == 0) return static_cast<int32_t>(out.size());
  if (out.size() > static_cast<size_t>(dstlen)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(dst.as<char16_t>(), out.data(), out.size() * 2);
  return static_cast<int32_t>(out.size());
}

int32_t WideCharToMultiByte(WindowsProcess& p, uint32_t cp, uint32_t, Ptr src, int32_t srclen, Ptr dst, int32_t dstlen,
                            Ptr, Ptr used_default) {
  if (!IsValidCodePage(p, cp) || !text_arguments_ok(src.addr, srclen, dst.addr, dstlen)) return fail(p, ERROR_INVALID_PARAMETER);
  const char16_t* s = src.as<const char16_t>();
  size_t n = srclen < 0 ? std::char_traits<char16_t>::length(s) + 1 : static_cast<size_t>(srclen);
  std::string out = utf16_to_utf8(s, n);
  put<int32_t>(used_default.addr, 0);
  if (dstlen == 0) return static_cast<int32_t>(out.size());
  if (out.size() > static_cast<size_t>(dstlen)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(dst.as<char>(), out.data(), out.size());
  return static_cast<int32_t>(out.size());
}

// The file functions' code page: every code page here is UTF-8, so OEM and ANSI are the same.
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
