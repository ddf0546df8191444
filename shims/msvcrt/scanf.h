// The C runtime's formatted input (the scanf family, msvcrt/scanf.cpp), over a string or a stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "shims/core/shim.h"

namespace polyrun::shims {

// What formatted input reads: a string of narrow characters or of UTF-16 code units, or a stream
// one character at a time through `next` (-1 at its end). The characters looked at but not
// taken stay in unread(), for the stream to give again.
class ScanInput {
 public:
  ScanInput(const char* s, size_t n) : narrow_(s), n_(n) {}
  ScanInput(const char16_t* s, size_t n) : wide_(s), n_(n) {}
  explicit ScanInput(std::function<int()> next) : next_(std::move(next)) {}

  // The character k places on (a byte, or a UTF-16 code unit), -1 past the end.
  int peek(size_t k = 0);
  void advance(size_t k = 1);
  size_t consumed() const { return pos_; }
  const std::string& unread() const { return ahead_; }

 private:
  const char* narrow_ = nullptr;
  const char16_t* wide_ = nullptr;
  size_t n_ = 0, pos_ = 0;
  std::function<int()> next_;
  std::string ahead_;  // a stream's characters looked at and not yet taken
  bool ended_ = false;
};

// scanf's rules over `in` with the format `fmt` (narrow, or UTF-16 for the wide functions, whose
// %s, %c and %[ store wide characters with `wide_strings`): the number of fields assigned, or -1
// (EOF) when the input ends before the first conversion. `secure`: the _s functions' rule, each
// %c, %s and %[ destination followed by its size in characters (an unsigned int).
int32_t scan_formatted(WindowsProcess& p, ScanInput& in, const char* fmt, VarArgs& args, bool secure);
int32_t scan_formatted(WindowsProcess& p, ScanInput& in, const char16_t* fmt, VarArgs& args, bool secure,
                       bool wide_strings);

}  // namespace polyrun::shims
