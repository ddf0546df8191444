// KERNEL32.dll, FormatMessageA/W: system error texts (core/win_errors.cpp) and caller-supplied message
// strings, their inserts and escapes expanded by NTDLL's RtlFormatMessage's work
// (ntdll/format_message.cpp), into the caller's buffer or one the function allocates.
// Message-table resources in modules are not read.
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/ntdll/format_message.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kAllocateBuffer = 0x100, kIgnoreInserts = 0x200, kFromString = 0x400, kFromModule = 0x800,
                   kFromSystem = 0x1000, kArgumentArray = 0x2000, kMaxWidthMask = 0xff;

// The message template: UTF-8 for the W form; for the A form the caller's bytes as they are (its
// inserts' strings stay bytes too), the system's text in the ANSI code page. False with the last
// error set.
bool message_template(WindowsProcess& p, uint32_t flags, Ptr source, uint32_t id, bool wide, std::string& out) {
  if (flags & kFromString) {
    if (!source) return p.set_last_error(ERROR_INVALID_PARAMETER), false;
    out = wide ? utf16_to_utf8(WStr{source.addr}.str()) : CStr{source.addr}.str();
    return true;
  }
  if (flags & kFromSystem) {
    // An HRESULT of the Win32 facility names the same message as its code.
    uint32_t code = (id & 0xffff0000u) == 0x80070000u ? id & 0xffff : id;
    if (const char* text = win_error_message(code)) {
      out = (wide ? std::string(text) : utf8_to_ansi(text)) + '\n';  // (a line break the width may fold)
      return true;
    }
    p.set_last_error(317);  // ERROR_MR_MID_NOT_FOUND
    return false;
  }
  p.set_last_error(flags & kFromModule ? 1813u /* ERROR_RESOURCE_TYPE_NOT_FOUND */ : uint32_t{ERROR_INVALID_PARAMETER});
  return false;
}

uint32_t format_message(WindowsProcess& p, uint32_t flags, Ptr source, uint32_t id, Ptr buffer, uint32_t size,
                        Ptr args, bool wide) {
  std::string tmpl, text;
  if (!message_template(p, flags, source, id, wide, tmpl)) return 0;
  ntdll_format_message::Options o;
  o.ignore_inserts = flags & kIgnoreInserts;
  o.wide_inserts = wide;
  o.is_array = flags & kArgumentArray;
  o.width = flags & kMaxWidthMask;
  uint32_t status = 0;
  if (!ntdll_format_message::format(p, tmpl, o, args.addr, &text, &status))
    return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  std::u16string wtext = wide ? utf8_to_utf16(text) : std::u16string();
  const uint64_t chars = wide ? wtext.size() : text.size(), unit = wide ? 2 : 1;
  const void* bytes = wide ? static_cast<const void*>(wtext.c_str()) : static_cast<const void*>(text.c_str());
  uint64_t dst = buffer.addr;
  if (flags & kAllocateBuffer) {
    dst = p.heap.alloc(std::max<uint64_t>(chars + 1, size) * unit);
    if (!dst) return p.set_last_error(ERROR_NOT_ENOUGH_MEMORY), 0;
    p.put_ptr(buffer.addr, dst);
  } else if (chars + 1 > size) {
    p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return 0;
  }
  std::memcpy(guest_pointer(dst), bytes, (chars + 1) * unit);
  return static_cast<uint32_t>(chars);
}

uint32_t FormatMessageA(WindowsProcess& p, uint32_t flags, Ptr source, uint32_t id, uint32_t, Ptr buffer, uint32_t size,
                        Ptr args) {
  return format_message(p, flags, source, id, buffer, size, args, false);
}
uint32_t FormatMessageW(WindowsProcess& p, uint32_t flags, Ptr source, uint32_t id, uint32_t, Ptr buffer, uint32_t size,
                        Ptr args) {
  return format_message(p, flags, source, id, buffer, size, args, true);
}

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_message_exports() {
  static const std::vector<Export> exports = {
      EXPORT("FormatMessageA", FormatMessageA),
      EXPORT("FormatMessageW", FormatMessageW),
  };
  return exports;
}

}  // namespace polyrun::shims
