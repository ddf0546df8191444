// NTDLL's message formatting: RtlFormatMessage and RtlFormatMessageEx, a message template's inserts
// (%1 … %99, optionally %1!printf-format!) from an argument array or a va_list and its escapes
// (%n %r %t %0 %% …), into the caller's buffer; KERNEL32's FormatMessage is made of it once it has
// the template (kernel32/messages.cpp, `ntdll/format_message.h`). The text's own line breaks stay
// CR LF, or become spaces for a width of 0xFF; narrower widths are not wrapped.
#include "shims/ntdll/format_message.h"

#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/printf_format.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_format_message {

namespace {

// A newline that belongs to the message text (line-width control may fold it) rather than one
// the caller asked for with %n.
constexpr char kSoftBreak = '\x01';

// The address of argument N (1-based): an array of pointer-sized slots, or the slots a va_list
// points at.
uint64_t argument_slot(WindowsProcess& p, const Options& o, uint64_t args, unsigned n) {
  uint64_t first = o.is_array ? args : p.get_ptr(args);
  return first + uint64_t{n - 1} * p.isa->ptr;
}

// Expands inserts and escapes; false when an insert has no argument.
bool expand(WindowsProcess& p, const std::string& in, const Options& o, uint64_t args, std::string& out) {
  const bool wide = o.wide_inserts;
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
      if (o.ignore_inserts) {
        out += '%' + std::to_string(n) + (fmt == "s" ? "" : "!" + fmt + "!");
        continue;
      }
      if (!args) return false;
      VarArgs va;
      va.va_list = argument_slot(p, o, args, n);
      va.slot_bytes = p.isa->ptr;
      out += format_printf(("%" + fmt).c_str(), va, wide);
      continue;
    }
    if (o.ignore_inserts) {
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
std::string finish(const std::string& s, const Options& o) {
  std::string out;
  for (char c : s) {
    if (c != kSoftBreak) out += c;
    else if (o.width == 0xff) out += ' ';
    else out += "\r\n";
  }
  return out;
}

}  // namespace

bool format(WindowsProcess& p, const std::string& tmpl, const Options& o, uint64_t args, std::string* out,
            uint32_t* status) {
  std::string expanded;
  if (!expand(p, tmpl, o, args, expanded)) {
    *status = nt::kInvalidParameter;
    return false;
  }
  *out = finish(expanded, o);
  *status = nt::kSuccess;
  return true;
}

}  // namespace ntdll_format_message

namespace ntdll_format_message_impl {

using namespace ntdll_format_message;

// RtlFormatMessageEx(template, width, ignore_inserts, ansi, is_array, args, buffer, size in bytes,
// *returned bytes with the NUL, flags): STATUS_BUFFER_OVERFLOW where the text does not fit.
uint32_t RtlFormatMessageEx(WindowsProcess& p, WStr tmpl, uint32_t width, uint8_t ignore_inserts, uint8_t ansi,
                            uint8_t is_array, Ptr args, Ptr buffer, uint32_t size, Ptr returned, uint32_t) {
  if (!tmpl.addr) return nt::kInvalidParameter;
  Options o;
  o.ignore_inserts = ignore_inserts != 0;
  o.wide_inserts = ansi == 0;
  o.is_array = is_array != 0;
  o.width = width;
  std::string text;
  uint32_t status = nt::kSuccess;
  if (!format(p, utf16_to_utf8(tmpl.str()), o, args.addr, &text, &status)) return status;
  const std::u16string w = utf8_to_utf16(text);
  const uint64_t bytes = (w.size() + 1) * 2;
  if (bytes > size || !buffer) return nt::kBufferOverflow;
  std::memcpy(guest_pointer(buffer.addr), w.c_str(), bytes);
  if (returned) put<uint32_t>(returned.addr, static_cast<uint32_t>(bytes));
  return nt::kSuccess;
}
uint32_t RtlFormatMessage(WindowsProcess& p, WStr tmpl, uint32_t width, uint8_t ignore_inserts, uint8_t ansi,
                          uint8_t is_array, Ptr args, Ptr buffer, uint32_t size, Ptr returned) {
  return RtlFormatMessageEx(p, tmpl, width, ignore_inserts, ansi, is_array, args, buffer, size, returned, 0);
}

}  // namespace ntdll_format_message_impl

const std::vector<Export>& ntdll_format_message_exports() {
  using namespace ntdll_format_message_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlFormatMessage", RtlFormatMessage),
      EXPORT("RtlFormatMessageEx", RtlFormatMessageEx),
  };
  return exports;
}

}  // namespace polyrun::shims
