// printf's conversions with Microsoft's rules (core/printf_format.h): the formatter of the C
// runtime's printf family (msvcrt/printf.cpp) and of every DLL that formats by its rules.
#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/printf_format.h"
#include "shims/core/printf_text.h"
#include "shims/core/text.h"

namespace polyrun::shims {

namespace {

// `legacy`: msvcrt.dll's rules (three exponent digits, 1.#INF); otherwise the Universal CRT's
// standard ones (two digits, inf, nan, -nan(ind)). `text`: the C runtime's conversions of strings of
// the other width (core/printf_text.h), or none.
std::string format(const char* fmt, VarArgs& va, bool wide_fmt, bool legacy, PrintfText* text) {
  std::string out;
  for (const char* c = fmt; *c; ++c) {
    if (*c != '%') {
      out += *c;
      continue;
    }
    const char* start = c++;
    std::string flags;
    while (*c && std::strchr("-+ #0", *c)) flags += *c++;
    int width = -1, prec = -1;
    if (*c == '*') {
      width = static_cast<int>(static_cast<int32_t>(va.next_int()));
      if (width < 0) flags += '-', width = -width;
      ++c;
    } else {
      while (*c >= '0' && *c <= '9') width = (width < 0 ? 0 : width * 10) + (*c++ - '0');
    }
    if (*c == '.') {
      ++c;
      prec = 0;
      if (*c == '*') {
        prec = static_cast<int>(static_cast<int32_t>(va.next_int()));
        ++c;
      } else {
        while (*c >= '0' && *c <= '9') prec = prec * 10 + (*c++ - '0');
      }
    }
    // Size: h hh l ll L w I I32 I64 z t j.
    int bits = 32;
    bool wide = false, narrow = false;
    while (true) {
      if (*c == 'h') { bits = c[1] == 'h' ? (++c, 8) : 16; narrow = true; ++c; }
      else if (*c == 'l') { if (c[1] == 'l') { bits = 64; ++c; } else wide = true; ++c; }
      else if (*c == 'w') { wide = true; ++c; }
      else if (*c == 'L') { ++c; }
      else if (*c == 'I' && c[1] == '6' && c[2] == '4') { bits = 64; c += 3; }
      else if (*c == 'I' && c[1] == '3' && c[2] == '2') { bits = 32; c += 3; }
      else if (*c == 'j') { bits = 64; ++c; }
      else if (*c == 'I' || *c == 'z' || *c == 't') { bits = static_cast<int>(va.slot_bytes * 8); ++c; }  // pointer-sized
      else break;
    }
    char conv = *c;
    if (!conv) break;
    auto spec = [&](const char* host_size, char host_conv) {
      std::string s = "%" + flags;
      if (width >= 0) s += std::to_string(width);
      if (prec >= 0) s += "." + std::to_string(prec);
      s += host_size;
      s += host_conv;
      return s;
    };
    char buf[512];
    switch (conv) {
      case 'd': case 'i': {
        int64_t v = bits == 64 ? static_cast<int64_t>(va.next_int64()) : static_cast<int64_t>(static_cast<int32_t>(va.next_int()));
        if (bits == 16) v = static_cast<int16_t>(v);
        if (bits == 8) v = static_cast<int8_t>(v);
        std::snprintf(buf, sizeof buf, spec("ll", 'd').c_str(), static_cast<long long>(v));
        out += buf;
        break;
      }
      case 'u': case 'o': case 'x': case 'X': {
        uint64_t v = bits == 64 ? va.next_int64() : static_cast<uint32_t>(va.next_int());
        if (bits == 16) v = static_cast<uint16_t>(v);
        if (bits == 8) v = static_cast<uint8_t>(v);
        std::snprintf(buf, sizeof buf, spec("ll", conv).c_str(), static_cast<unsigned long long>(v));
        out += buf;
        break;
      }
      case 'p': {
        uint64_t v = va.slot_bytes == 8 ? va.next_int() : static_cast<uint32_t>(va.next_int());
        std::snprintf(buf, sizeof buf, va.slot_bytes == 8 ? "%016llX" : "%08llX", static_cast<unsigned long long>(v));
        out += buf;
        break;
      }
      case 'c': case 'C': {
        uint32_t ch = static_cast<uint32_t>(va.next_int());
        bool w = (conv == 'C') != (wide || wide_fmt) ? !narrow : false;
        std::string s = w ? utf16_to_utf8(std::u16string(1, static_cast<char16_t>(ch))) : std::string(1, static_cast<char>(ch));
        if (w && !wide_fmt) {  // a UTF-16 character in narrow output: the C runtime's page, or the ANSI one
          const char16_t c16 = static_cast<char16_t>(ch);
          if (!text) s = utf16_to_ansi(std::u16string_view(&c16, 1));
          else if (!text->narrow_of_wide(std::u16string_view(&c16, 1), s)) return text->failed = true, out;
        } else if (!w && wide_fmt) {  // a narrow character in wide output
          s = text ? text->wide_of_narrow(s) : ansi_to_utf8(s);
        }
        if (s.size() == 1 && s[0] == '\0') {
          // A NUL character is written as one, padded as any other (the host's %s would stop at it).
          const int n = std::min<int>(std::snprintf(buf, sizeof buf, spec("", 'c').c_str(), 1), sizeof buf - 1);
          for (int i = 0; i < n; ++i)
            if (buf[i] == 1) buf[i] = 0;
          out.append(buf, static_cast<size_t>(std::max(n, 0)));
          break;
        }
        std::snprintf(buf, sizeof buf, spec("", 's').c_str(), s.c_str());
        out += buf;
        break;
      }
      case 's': case 'S': {
        uint64_t a = va.next_int();
        if (va.slot_bytes == 4) a &= 0xffffffffu;
        bool w = narrow ? false : wide ? true : (conv == 'S') != wide_fmt;
        std::string s;
        if (!a) {
          s = "(null)";
        } else if (w) {
          const char16_t* ws = reinterpret_cast<const char16_t*>(a);
          size_t n = 0;
          while (ws[n] && (prec < 0 || n < static_cast<size_t>(prec))) ++n;
          if (text && !wide_fmt) {
            if (!text->narrow_of_wide(std::u16string_view(ws, n), s)) return text->failed = true, out;
          } else if (!wide_fmt) {
            s = utf16_to_ansi(std::u16string_view(ws, n));  // narrow output: the ANSI code page
          } else {
            s = utf16_to_utf8(ws, n);
          }
        } else {
          const char* ns = reinterpret_cast<const char*>(a);
          s.assign(ns, prec < 0 ? std::strlen(ns) : ::strnlen(ns, static_cast<size_t>(prec)));
          if (wide_fmt) s = text ? text->wide_of_narrow(s) : ansi_to_utf8(s);
        }
        std::string sp = "%" + flags + (width >= 0 ? std::to_string(width) : "") + "s";
        std::vector<char> big(s.size() + static_cast<size_t>(std::max(width, 0)) + 1);
        std::snprintf(big.data(), big.size(), sp.c_str(), s.c_str());
        out += big.data();
        break;
      }
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A': {
        double v = va.next_double();
        if (!legacy && (std::isinf(v) || std::isnan(v))) {
          bool upper = std::isupper(static_cast<unsigned char>(conv));
          std::string s = std::isinf(v) ? "inf" : std::signbit(v) ? "nan(ind)" : "nan";
          if (upper) for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
          s = std::string(std::signbit(v) ? "-" : flags.find('+') != std::string::npos ? "+" : "") + s;
          std::string sp = "%" + std::string(flags.find('-') != std::string::npos ? "-" : "") + (width >= 0 ? std::to_string(width) : "") + "s";
          std::snprintf(buf, sizeof buf, sp.c_str(), s.c_str());
          out += buf;
          break;
        }
        if (std::isinf(v) || std::isnan(v)) {
          // msvcrt prints these as if "1.#INF", "1.#IND" (negative NaN) or "1.#QNAN" were the
          // digits: the fraction is cut to the precision and rounded on the next character
          // ("%.3f" of 1.#IND is 1.#IO), %e adds a zero exponent, %g drops trailing zeros.
          std::string frac = std::isinf(v) ? "#INF" : std::signbit(v) ? "#IND" : "#QNAN";
          int digits = prec < 0 ? 6 : prec;
          bool g = conv == 'g' || conv == 'G';
          if (g) digits = std::max(digits, 1) - 1;
          frac.resize(std::max<size_t>(frac.size(), static_cast<size_t>(digits) + 1), '0');
          char next = frac[static_cast<size_t>(digits)];
          frac.resize(static_cast<size_t>(digits));
          if (digits > 0 && next >= '5') ++frac.back();
          if (g) while (!frac.empty() && frac.back() == '0') frac.pop_back();
          std::string s = std::string(std::signbit(v) ? "-" : flags.find('+') != std::string::npos ? "+" : "") + "1";
          if (!frac.empty() || flags.find('#') != std::string::npos) s += "." + frac;
          if (conv == 'e' || conv == 'E') s += conv == 'e' ? "e+000" : "E+000";
          std::string sp = "%" + std::string(flags.find('-') != std::string::npos ? "-" : "") + (width >= 0 ? std::to_string(width) : "") + "s";
          std::snprintf(buf, sizeof buf, sp.c_str(), s.c_str());
          out += buf;
          break;
        }
        std::snprintf(buf, sizeof buf, spec("", conv).c_str(), v);
        std::string s = buf;
        if (legacy && (conv == 'e' || conv == 'E' || conv == 'g' || conv == 'G')) {
          // msvcrt writes three exponent digits (1.5e+000).
          size_t e = s.find_first_of("eE");
          if (e != std::string::npos && e + 3 < s.size() + 1 && (s[e + 1] == '+' || s[e + 1] == '-')) {
            size_t digits_start = e + 2, digits_end = digits_start;
            while (digits_end < s.size() && std::isdigit(static_cast<unsigned char>(s[digits_end]))) ++digits_end;
            if (digits_end - digits_start == 2) {
              s.insert(digits_start, "0");
              // Keep the field width: take the padding back.
              if (width > 0 && static_cast<int>(s.size()) > width) {
                if (s[0] == ' ') s.erase(0, 1);
                else if (flags.find('-') != std::string::npos && s.back() == ' ') s.pop_back();
              }
            }
          }
        }
        out += s;
        break;
      }
      case 'n': {
        const uint64_t at = va.next_int();
        if (!text) break;  // (USER32's and SHLWAPI's wsprintf: no %n, its argument taken)
        if (!text->count_output) return text->count_refused = text->failed = true, out;
        // The count in the output's characters: bytes narrow, UTF-16 units wide.
        uint64_t n = out.size();
        if (wide_fmt) n = utf8_to_utf16(out).size();
        if (at) std::memcpy(reinterpret_cast<void*>(at), &n, static_cast<size_t>(bits / 8));
        break;
      }
      case '%':
        out += '%';
        break;
      default:
        out.append(start, static_cast<size_t>(c - start + 1));
        break;
    }
  }
  return out;
}

}  // namespace

std::string format_printf(const char* fmt, VarArgs& va, bool wide_fmt, bool legacy) {
  return format(fmt, va, wide_fmt, legacy, nullptr);
}
std::string format_printf_text(const char* fmt, VarArgs& va, bool wide_fmt, bool legacy, PrintfText& text) {
  return format(fmt, va, wide_fmt, legacy, &text);
}

}  // namespace polyrun::shims
