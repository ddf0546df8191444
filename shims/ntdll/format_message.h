// Message text with inserts (ntdll/format_message.cpp): what RtlFormatMessage(Ex) does, which
// KERNEL32's FormatMessage calls (kernel32/messages.cpp) once it has the message's template.
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_format_message {

struct Options {
  bool ignore_inserts = false;
  bool wide_inserts = true;  // a %s insert's string is UTF-16 (else in the ANSI code page)
  bool is_array = false;     // `args` is an array of pointer-sized arguments, else a va_list's address
  uint32_t width = 0;        // 0xFF: the text's own line breaks become spaces
};
// The template (UTF-8) with its inserts and escapes expanded into `out` (UTF-8); false (with
// STATUS_INVALID_PARAMETER in *status) for an insert with no arguments.
bool format(WindowsProcess& p, const std::string& tmpl, const Options& o, uint64_t args, std::string* out,
            uint32_t* status);

}  // namespace polyrun::shims::ntdll_format_message
