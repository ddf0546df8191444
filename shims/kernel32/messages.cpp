// KERNEL32.dll, FormatMessageA/W: system error texts (core/win_errors.cpp) and caller-supplied message
// strings, with inserts (%1 … %99, optionally %1!printf-format!), escapes (%n %r %t %0 %% …),
// argument arrays or va_lists, line-width control and buffers the function allocates.
// Message-table resources in modules are not read.
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/printf_format.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kAllocateBuffer = 0x100, kIgnoreInserts = 0x200, kFromString = 0x400, kFromModule = 0x800,
                   kFromSystem = 0x1000, kArgumentArray = 0x2000, kMaxWidthMask = 0xff;

// A newline that belongs to the message text (line-width control may fold it) rather than one
// the caller asked for with %n.
constexpr char kSoftBreak = '\x01';

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
      out = (wide ? std::string(text) : utf8_to_ansi(text)) + kSoftBreak;
      return true;
    }
    p.set_last_error(317);  // ERROR_MR_MID_NOT_FOUND
    return false;
  }
  p.set_last_error(flags & kFromModule ? 1813u /* ERROR_RESOURCE_TYPE_NOT_FOUND */ : uint32_t{ERROR_INVALID_PARAMETER});
  return false;
}

// The address of argument N (1-based): an array of pointer-sized slots, or the slots a va_list
// points at.
uint64_t argument_slot(WindowsProcess& p, uint32_t flags, Ptr args, unsigned n) {
  uint64_t first = flags & kArgumentArray ? args.addr : p.get_ptr(args.addr);
  return first + uint64_t{n - 1} * p.isa->ptr;
}

// Expands inserts and escapes; false with the last error set when an insert has no argument.
bool expand(WindowsProcess& p, const std::string& in, uint32_t flags, Ptr args, bool wide, std::string& out) {
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\n') {
      out += kSoftBreak;
      continue;
    }
    if (c == '\r') continue;  // CR LF in the text is one line break
    if (c != '%' || i + 1 == in.size()) {
      out += c;
      continue;
    }
    char e = in[++i];
    if (e >= '1' && e <= '9') {
      unsigned n = static_cast<unsigned>(e - '0');
      if (i + 1 < in.size() && in[i + 1] >= '0' && in[i + 1] <= '9') n = n * 10 + static_cast<unsigned>(in[++i] - '0');
      std::string fmt = "s";
      if (i + 1 < in.size() && in[i + 1] == '!') {
        size_t close = in.find('!', i + 2);
        if (close != std::string::npos) {
          fmt = in.substr(i + 2, close - i - 2);
          i = close;
        }
      }
      if (flags & kIgnoreInserts) {
        out += '%' + std::to_string(n) + (fmt == "s" ? "" : "!" + fmt + "!");
        continue;
      }
      if (!args) return p.set_last_error(ERROR_INVALID_PARAMETER), false;
      VarArgs va;
      va.va_list = argument_slot(p, flags, args, n);
      va.slot_bytes = p.isa->ptr;
      out += format_printf(("%" + fmt).c_str(), va, wide);
      continue;
    }
    if (flags & kIgnoreInserts) {
      out += '%';
      out += e;
      continue;
    }
    switch (e) {
      case '0': return true;  // the end, without a line break
      case 'n': out += "\r\n"; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'b': out += ' '; break;
      default: out += e; break;  // %% %. %! %space and any other character stand for themselves
    }
  }
  return true;
}

// Line breaks of the text itself: kept as CR LF, or folded into spaces under
// FORMAT_MESSAGE_MAX_WIDTH_MASK. (Wrapping at a smaller width is not done: lines stay whole.)
std::string finish(const std::string& s, uint32_t flags) {
  std::string out;
  for (char c : s) {
    if (c != kSoftBreak) out += c;
    else if ((flags & kMaxWidthMask) == kMaxWidthMask) out += ' ';
    else out += "\r\n";
  }
  return out;
}

uint32_t format_message(WindowsProcess& p, uint32_t flags, Ptr source, uint32_t id, Ptr buffer, uint32_t size,
                        Ptr args, bool wide) {
  std::string tmpl, expanded;
  if (!message_template(p, flags, source, id, wide, tmpl)) return 0;
  if (!expand(p, tmpl, flags, args, wide, expanded)) return 0;
  std::string text = finish(expanded, flags);
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
