// USER32.dll's small parts: character case conversion, wsprintf, LoadString from a module's string
// tables, WinHelp (no help viewer), and the table that joins the window manager's files' exports.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "common/log.h"
#include "shims/user32/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/printf_format.h"
#include "shims/core/printf_text.h"
#include "shims/kernel32/resources.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/text.h"
                           
#include "shims/kernel32/char_types.h"
#include "shims/user32/caret.h"
#include "shims/user32/controls.h"
#include "shims/user32/mdi.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace {

// CharUpper/CharLower take a string, or a single character in the low word of the pointer. The
// ANSI forms map the characters of the ANSI code page: bytes to UTF-16, mapped, and back.
std::string ansi_case(std::string_view bytes, char16_t (*one)(char16_t)) {
  std::u16string w = ansi_to_utf16(bytes);
  for (char16_t& c : w) c = one(c);
  return utf16_to_ansi(w);
}
Ptr char_case_a(Ptr s, char16_t (*one)(char16_t)) {
  if (s.addr < 0x10000) {
    const std::string c = ansi_case(std::string(1, static_cast<char>(s.addr & 0xff)), one);
    return Ptr(c.empty() ? 0 : static_cast<uint8_t>(c[0]));
  }
  const std::string c = ansi_case(s.as<const char>(), one);
  std::memcpy(s.as<char>(), c.data(), std::min(c.size(), std::strlen(s.as<const char>())));
  return s;
}
// (The Unicode forms with KERNEL32's case tables, as LCMapStringW maps.)
Ptr char_case_w(Ptr s, char16_t (*one)(char16_t)) {
  if (s.addr < 0x10000) return Ptr(one(static_cast<char16_t>(s.addr)));
  for (char16_t* c = s.as<char16_t>(); *c; ++c) *c = one(*c);
  return s;
}
Ptr CharUpperA(WindowsProcess&, Ptr s) { return char_case_a(s, char_upper); }
Ptr CharLowerA(WindowsProcess&, Ptr s) { return char_case_a(s, char_lower); }
Ptr CharUpperW(WindowsProcess&, Ptr s) { return char_case_w(s, char_upper); }
Ptr CharLowerW(WindowsProcess&, Ptr s) { return char_case_w(s, char_lower); }

// CharUpperBuff/CharLowerBuff: the first `len` characters in place; how many were converted.
uint32_t char_case_buff_a(Ptr s, uint32_t len, char16_t (*one)(char16_t)) {
  if (!s) return 0;
  const std::string c = ansi_case(std::string_view(s.as<const char>(), len), one);
  const size_t n = std::min<size_t>(c.size(), len);
  std::memcpy(s.as<char>(), c.data(), n);
  return static_cast<uint32_t>(n);
}
uint32_t char_case_buff_w(Ptr s, uint32_t len, char16_t (*one)(char16_t)) {
  if (!s) return 0;
  for (uint32_t i = 0; i < len; ++i) s.as<char16_t>()[i] = one(s.as<char16_t>()[i]);
  return len;
}
uint32_t CharUpperBuffA(WindowsProcess&, Ptr s, uint32_t len) { return char_case_buff_a(s, len, char_upper); }
uint32_t CharLowerBuffA(WindowsProcess&, Ptr s, uint32_t len) { return char_case_buff_a(s, len, char_lower); }
uint32_t CharUpperBuffW(WindowsProcess&, Ptr s, uint32_t len) { return char_case_buff_w(s, len, char_upper); }
uint32_t CharLowerBuffW(WindowsProcess&, Ptr s, uint32_t len) { return char_case_buff_w(s, len, char_lower); }

// CharToOem/OemToChar: between the ANSI code page (1252) and the OEM one (437), through UTF-16; a
// character the other page has not becomes its nearest one or '?'. The Buff forms convert `len`
// characters (NULs among them); a null string fails.
std::string page_bytes(unsigned cp, std::u16string_view w) {
  std::string out;
  utf16_to_multibyte(cp, 0, w, nullptr, nullptr, out);
  return out;
}
std::u16string page_text(unsigned cp, std::string_view bytes) {
  std::u16string out;
  multibyte_to_utf16(cp, 0, bytes, out);
  return out;
}
BOOL CharToOemBuffA(WindowsProcess&, Ptr src, Ptr dst, uint32_t len) {
  if (!src || !dst) return FALSE;
  const std::string oem = page_bytes(kOemCodePage, page_text(kAnsiCodePage, std::string_view(src.as<const char>(), len)));
  std::memcpy(dst.as<char>(), oem.data(), std::min<size_t>(oem.size(), len));
  return TRUE;
}
BOOL CharToOemA(WindowsProcess& p, Ptr src, Ptr dst) {
  return src ? CharToOemBuffA(p, src, dst, static_cast<uint32_t>(std::strlen(src.as<const char>()) + 1)) : FALSE;
}
BOOL OemToCharBuffA(WindowsProcess&, Ptr src, Ptr dst, uint32_t len) {
  if (!src || !dst) return FALSE;
  const std::string ansi = page_bytes(kAnsiCodePage, page_text(kOemCodePage, std::string_view(src.as<const char>(), len)));
  std::memcpy(dst.as<char>(), ansi.data(), std::min<size_t>(ansi.size(), len));
  return TRUE;
}
BOOL OemToCharA(WindowsProcess& p, Ptr src, Ptr dst) {
  return src ? OemToCharBuffA(p, src, dst, static_cast<uint32_t>(std::strlen(src.as<const char>()) + 1)) : FALSE;
}
BOOL CharToOemBuffW(WindowsProcess&, Ptr src, Ptr dst, uint32_t len) {
  if (!src || !dst) return FALSE;
  const std::string oem = page_bytes(kOemCodePage, std::u16string_view(src.as<const char16_t>(), len));  // (at most `len` bytes written)
  std::memcpy(dst.as<char>(), oem.data(), std::min<size_t>(oem.size(), len));
  return TRUE;
}
BOOL CharToOemW(WindowsProcess&, Ptr src, Ptr dst) {
  if (!src || !dst) return FALSE;
  const std::string oem = page_bytes(kOemCodePage, std::u16string(src.as<const char16_t>()));
  std::memcpy(dst.as<char>(), oem.c_str(), oem.size() + 1);
  return TRUE;
}
BOOL OemToCharBuffW(WindowsProcess&, Ptr src, Ptr dst, uint32_t len) {
  if (!src || !dst) return FALSE;
  const std::u16string wide = page_text(kOemCodePage, std::string_view(src.as<const char>(), len));
  std::memcpy(dst.as<char16_t>(), wide.data(), 2 * std::min<size_t>(wide.size(), len));
  return TRUE;
}
BOOL OemToCharW(WindowsProcess&, Ptr src, Ptr dst) {
  if (!src || !dst) return FALSE;
  const std::u16string wide = page_text(kOemCodePage, std::string(src.as<const char>()));
  std::memcpy(dst.as<char16_t>(), wide.c_str(), 2 * (wide.size() + 1));
  return TRUE;
}

// IsCharAlpha, IsCharAlphaNumeric, IsCharUpper, IsCharLower: the character's CT_CTYPE1 class
// (GetStringTypeW's). The ANSI forms take a byte of the ANSI code page.
constexpr uint16_t kC1Upper = 0x1, kC1Lower = 0x2, kC1Digit = 0x4, kC1Alpha = 0x100;
BOOL char_is(char16_t c, uint16_t classes) { return (char_type1(c) & classes) != 0; }
char16_t ansi_char(uint32_t c) {
  const std::u16string w = ansi_to_utf16(std::string(1, static_cast<char>(c & 0xff)));
  return w.empty() ? char16_t{0} : w[0];
}
BOOL IsCharAlphaW(WindowsProcess&, uint32_t c) { return char_is(static_cast<char16_t>(c), kC1Alpha); }
BOOL IsCharAlphaNumericW(WindowsProcess&, uint32_t c) { return char_is(static_cast<char16_t>(c), kC1Alpha | kC1Digit); }
BOOL IsCharUpperW(WindowsProcess&, uint32_t c) { return char_is(static_cast<char16_t>(c), kC1Upper); }
BOOL IsCharLowerW(WindowsProcess&, uint32_t c) { return char_is(static_cast<char16_t>(c), kC1Lower); }
BOOL IsCharAlphaA(WindowsProcess&, uint32_t c) { return char_is(ansi_char(c), kC1Alpha); }
BOOL IsCharAlphaNumericA(WindowsProcess&, uint32_t c) { return char_is(ansi_char(c), kC1Alpha | kC1Digit); }
BOOL IsCharUpperA(WindowsProcess&, uint32_t c) { return char_is(ansi_char(c), kC1Upper); }
BOOL IsCharLowerA(WindowsProcess&, uint32_t c) { return char_is(ansi_char(c), kC1Lower); }

// wsprintf: printf rules without floating point, at most 1024 characters.
// (The ANSI form's result in the ANSI code page, its %S and %ls strings converted to it; the
// Unicode form's %S and %hs strings taken from it.)
PrintfText ansi_code_page_text() {
  PrintfText t;
  t.narrow_of_wide = [](std::u16string_view w, std::string& out) { return out = utf16_to_ansi(w), true; };
  t.wide_of_narrow = [](std::string_view s) { return ansi_to_utf8(s); };
  return t;
}
int32_t wsprintfA(WindowsProcess&, Ptr buf, CStr fmt, VarArgs va) {
  PrintfText text = ansi_code_page_text();
  std::string s = format_printf_text(fmt.c_str(), va, false, true, text).substr(0, 1024);
  std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
  return static_cast<int32_t>(s.size());
}

int32_t wsprintfW(WindowsProcess&, Ptr buf, WStr fmt, VarArgs va) {
  std::string narrow_fmt = utf16_to_utf8(fmt.str());
  PrintfText text = ansi_code_page_text();
  std::u16string w = utf8_to_utf16(format_printf_text(narrow_fmt.c_str(), va, true, true, text)).substr(0, 1024);
  std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  return static_cast<int32_t>(w.size());
}

// wvsprintf: wsprintf's arguments from a va_list.
int32_t wvsprintfA(WindowsProcess& p, Ptr buf, CStr fmt, Ptr va) {
  return wsprintfA(p, buf, fmt, VarArgs{nullptr, 0, va.addr, p.isa->ptr});
}
int32_t wvsprintfW(WindowsProcess& p, Ptr buf, WStr fmt, Ptr va) {
  return wsprintfW(p, buf, fmt, VarArgs{nullptr, 0, va.addr, p.isa->ptr});
}

// WinHelp: polyrun has no Windows Help viewer (WinHlp32.exe), so no help file can be shown: the
// user is told so in a message box owned by the program's window, and the call fails. HELP_QUIT,
// closing the help that is not open, succeeds.
BOOL win_help(WindowsProcess& p, uint64_t owner, const std::u16string& file, uint32_t command) {
  constexpr uint32_t kHelpQuit = 2;
  if (command == kHelpQuit) return TRUE;
  const Export* e = kUser32.find("MessageBoxW");
  if (!e) return FALSE;
  const user32::GuestText text(p, u"Help file " + file + u" cannot be shown: there is no Windows Help viewer (WinHlp32) here.");
  const user32::GuestText caption(p, u"Windows Help");
  if (text.at && caption.at)
    p.call_guest(p.export_thunk(&kUser32, "USER32.dll", "MessageBoxW", e), {owner, text.at, caption.at, 0x30 /* MB_ICONWARNING */});
  return FALSE;
}
BOOL WinHelpW(WindowsProcess& p, Ptr owner, WStr file, uint32_t command, USize) {
  return win_help(p, owner.addr, file.addr ? file.str() : u"", command);
}
BOOL WinHelpA(WindowsProcess& p, Ptr owner, AStr file, uint32_t command, USize) {
  return win_help(p, owner.addr, file.addr ? ansi_to_utf16(file.bytes()) : u"", command);
}

// Moving through ANSI strings: a character is a byte, or a lead byte and its trail byte in a
// double-byte page (CharNextExA and CharPrevExA name the page; 0 is the ANSI one).
bool lead_byte_of(unsigned cp, uint8_t b) { return cp == kCpAcp ? is_ansi_lead_byte(b) : is_lead_byte(resolve_code_page(cp), b); }
uint64_t next_char(unsigned cp, uint64_t s) {
  const auto* c = reinterpret_cast<const uint8_t*>(s);
  if (!*c) return s;
  return s + (lead_byte_of(cp, c[0]) && c[1] ? 2 : 1);
}
uint64_t prev_char(unsigned cp, uint64_t start, uint64_t current) {
  if (current <= start) return start;
  uint64_t at = start;
  for (;;) {
    const uint64_t next = next_char(cp, at);
    if (next >= current || next == at) return at;
    at = next;
  }
}
Ptr CharNextA(WindowsProcess&, Ptr s) { return Ptr(next_char(kCpAcp, s.addr)); }
Ptr CharPrevA(WindowsProcess&, Ptr start, Ptr current) { return Ptr(prev_char(kCpAcp, start.addr, current.addr)); }
Ptr CharNextExA(WindowsProcess&, uint16_t cp, Ptr s, uint32_t) { return Ptr(next_char(cp, s.addr)); }
Ptr CharPrevExA(WindowsProcess&, uint16_t cp, Ptr start, Ptr current, uint32_t) {
  return Ptr(prev_char(cp, start.addr, current.addr));
}
Ptr CharNextW(WindowsProcess&, Ptr s) { return *s.as<const char16_t>() ? Ptr(s.addr + 2) : s; }
Ptr CharPrevW(WindowsProcess&, Ptr start, Ptr current) { return current.addr > start.addr ? Ptr(current.addr - 2) : start; }

// LoadString: string `id` of the module's string tables (RT_STRING: block id / 16 + 1, sixteen
// counted UTF-16 strings a block). Into a buffer of `size` characters, cut to fit and NUL-ended;
// LoadStringW with size 0 gives a pointer to the resource's own (not NUL-ended) text instead. The
// length copied; 0 when there is no such string.
int32_t load_string(WindowsProcess& p, uint64_t module, uint32_t id, Ptr buf, int32_t size, bool wide) {
  if (!buf) return fail(p, ERROR_INVALID_PARAMETER), 0;
  const uint64_t hrsrc = find_resource(p, module, 6, (id >> 4) + 1, -1, true);
  if (!hrsrc) return 0;
  uint32_t bytes = 0;
  uint64_t at = resource_data(p, module, hrsrc, &bytes);
  const uint64_t end = at + bytes;
  for (uint32_t i = 0; i < (id & 15) && at + 2 <= end; ++i) at += 2 + 2ull * get<uint16_t>(at);
  if (at + 2 > end) return fail(p, 1814u), 0;  // ERROR_RESOURCE_NAME_NOT_FOUND
  const uint16_t len = get<uint16_t>(at);
  const char16_t* text = reinterpret_cast<const char16_t*>(at + 2);
  if (wide && size == 0) {
    p.put_ptr(buf.addr, at + 2);
    return len;
  }
  if (size <= 0) return 0;
  if (wide) {
    const int32_t n = std::min<int32_t>(len, size - 1);
    std::memcpy(buf.as<char16_t>(), text, 2 * static_cast<size_t>(n));
    buf.as<char16_t>()[n] = 0;
    return n;
  }
  std::string narrow = utf16_to_ansi(std::u16string(text, len));
  if (narrow.size() > static_cast<size_t>(size - 1)) narrow.resize(static_cast<size_t>(size - 1));
  std::memcpy(buf.as<char>(), narrow.c_str(), narrow.size() + 1);
  return static_cast<int32_t>(narrow.size());
}
int32_t LoadStringW(WindowsProcess& p, Ptr module, uint32_t id, Ptr buf, int32_t size) {
  return load_string(p, module.addr, id, buf, size, true);
}
int32_t LoadStringA(WindowsProcess& p, Ptr module, uint32_t id, Ptr buf, int32_t size) {
  return load_string(p, module.addr, id, buf, size, false);
}

}  // namespace

int32_t user32::load_string_resource(WindowsProcess& p, uint64_t module, uint32_t id, uint64_t buf, int32_t size) {
  return load_string(p, module, id, Ptr(buf), size, true);
}

const std::vector<Export>& user32_clipboard_exports();  // user32/clipboard.cpp
const std::vector<Export>& user32_rect_exports();       // user32/rect.cpp

const Dll kUser32 = [] {
  Dll d{"user32.dll", false, {
        EXPORT("LoadStringA", LoadStringA),
        EXPORT("LoadStringW", LoadStringW),
        EXPORT("CharUpperA", CharUpperA),
        EXPORT("CharLowerA", CharLowerA),
        EXPORT("CharUpperW", CharUpperW),
        EXPORT("CharLowerW", CharLowerW),
        EXPORT("IsCharAlphaW", IsCharAlphaW),
        EXPORT("IsCharAlphaNumericW", IsCharAlphaNumericW),
        EXPORT("IsCharUpperW", IsCharUpperW),
        EXPORT("IsCharLowerW", IsCharLowerW),
        EXPORT("IsCharAlphaA", IsCharAlphaA),
        EXPORT("IsCharAlphaNumericA", IsCharAlphaNumericA),
        EXPORT("IsCharUpperA", IsCharUpperA),
        EXPORT("IsCharLowerA", IsCharLowerA),
        EXPORT("wsprintfA", wsprintfA),
        EXPORT("wvsprintfA", wvsprintfA),
        EXPORT("wvsprintfW", wvsprintfW),
        EXPORT("CharUpperBuffA", CharUpperBuffA),
        EXPORT("CharUpperBuffW", CharUpperBuffW),
        EXPORT("CharLowerBuffA", CharLowerBuffA),
        EXPORT("CharLowerBuffW", CharLowerBuffW),
        EXPORT("CharToOemA", CharToOemA),
        EXPORT("CharToOemW", CharToOemW),
        EXPORT("CharToOemBuffA", CharToOemBuffA),
        EXPORT("CharToOemBuffW", CharToOemBuffW),
        EXPORT("OemToCharA", OemToCharA),
        EXPORT("OemToCharW", OemToCharW),
        EXPORT("OemToCharBuffA", OemToCharBuffA),
        EXPORT("OemToCharBuffW", OemToCharBuffW),
        EXPORT("CharNextA", CharNextA),
        EXPORT("CharPrevA", CharPrevA),
        EXPORT("CharNextExA", CharNextExA),
        EXPORT("CharPrevExA", CharPrevExA),
        EXPORT("CharNextW", CharNextW),
        EXPORT("CharPrevW", CharPrevW),
        EXPORT("wsprintfW", wsprintfW),
        EXPORT("WinHelpW", WinHelpW),
        EXPORT("WinHelpA", WinHelpA),
    }};
  for (const Export& e : user32_clipboard_exports()) d.exports.push_back(e);
  for (const Export& e : user32_rect_exports()) d.exports.push_back(e);
  for (const auto* list : {&user32::window_class_exports(), &user32::window_exports(), &user32::message_exports(),
                           &user32::def_window_proc_exports(), &user32::window_property_exports(),
                           &user32::screen_exports(), &user32::monitor_exports(),
                           &user32::system_parameter_exports(), &user32::input_state_exports(),
                           &user32::painting_exports(), &user32::window_station_exports(), &user32::window_info_exports(), &user32::synthetic_input_exports(), &user32::hook_exports(),
                           &user32::window_from_point_exports(), &user32::raw_input_exports(),
                           &user32::dpi_exports(), &user32::window_placement_exports(),
                           &user32::window_dc_exports(), &user32::drawing_exports(),
                           &user32::draw_text_exports(), &user32::accelerator_exports(), &user32::mdi_exports(), &user32::icon_exports(),
                           &user32::dialog_exports(), &user32::message_box_exports(), &user32::scroll_bar_exports(),
                           &user32::frame_control_exports(), &user32::menu_exports(),
                           &user32::menu_tracking_exports(), &user32::caret_exports(), &user32::combobox_exports(),
                           &user32::window_region_exports(),
                           &user32::attached_input_exports(), &user32::win_event_exports(),
                           &user32::session_end_exports()})
    for (const Export& e : *list) d.exports.push_back(e);
  return d;
}();

}  // namespace polyrun::shims
