// Build-time generator of the Windows code page tables (code_page_tables.inc): each page's bytes →
// UTF-16 read from the build host's C library converter of the same character set (iconv), with
// the places where Windows' table differs from that converter's edition of the standard. polyrun is
// linked statically and cannot load iconv's modules at run time; the tables it needs are made here.
//
// Windows' rules applied over iconv's table (checked byte by byte against wine 8.0's tables, which
// are Windows' own; tests/windows code page sample compares the results):
//  - a single byte iconv leaves undefined maps, below 0xA0, to the same code point (the C1 controls),
//    and from 0xA0 on to consecutive private-use characters from a base of the page's (such a byte
//    is no valid character for MB_ERR_INVALID_CHARS); 20127 (US-ASCII) drops the high bit instead;
//  - a few bytes where the page follows another edition than iconv's (the `fixes` below);
//  - a double-byte page's user-defined areas (EUDC) map in code order to consecutive private-use
//    characters (the `eudc` boxes), and its lone single bytes 0x80/0xA0/0xFD-0xFF as listed;
//  - a pair iconv leaves undefined maps to the page's Unicode default character (invalid).
// Back from Unicode, where a character has two codes the one iconv writes is kept (the `reverse`
// exceptions); a character with none has a best fit where the C library's transliteration (locale
// C.UTF-8) gives one byte or one pair of the page (Ā → A, Ａ → A), as Windows' WideCharToMultiByte
// does by default (its own best-fit tables are larger).
//
// Usage: code_page_tables_gen OUTPUT.inc
#include <iconv.h>
#include <clocale>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

constexpr uint16_t kUndefined = 0xFFFF;  // a Windows fix: the byte has no character

struct Eudc {             // codes lead_lo..lead_hi × trail_lo..trail_hi (the page's valid trails only)
  uint8_t lead_lo, lead_hi, trail_lo, trail_hi;
  char16_t first;         // the first private-use character; 0: continue the previous box's count
};

struct PageSpec {
  unsigned id;
  const char* iconv_name;
  const char* name;       // GetCPInfoEx's CodePageName
  uint8_t default_char;   // CPINFO's DefaultChar ('?', or EBCDIC's 0x6F)
  char16_t unicode_default;
  char16_t pua_base;      // the first private-use character of undefined bytes >= 0xA0
  std::vector<std::pair<uint8_t, uint16_t>> fixes = {};
  bool dbcs = false;
  std::vector<std::pair<uint8_t, uint16_t>> lead_ranges = {};  // DBCS: CPINFO's LeadByte ranges
  std::vector<std::pair<uint8_t, uint16_t>> trails = {};  // valid trail byte ranges
  std::vector<Eudc> eudc = {};
  bool eudc_rest = false;  // after the boxes: every other undefined valid pair, in code order
  char16_t rest_first = 0;
  std::map<char16_t, uint16_t> reverse_fixes = {};  // a character of two codes Windows writes with this one
};

const std::vector<PageSpec>& pages() {
  static const std::vector<PageSpec> all = {
      {37, "IBM037", "IBM EBCDIC US Canada", 0x6F, '?', 0, {}},
      {437, "CP437", "OEM United States", '?', '?', 0, {}},
      {500, "IBM500", "IBM EBCDIC International", 0x6F, '?', 0, {}},
      {737, "CP737", "OEM Greek 437G", '?', '?', 0, {}},
      {775, "CP775", "OEM Baltic", '?', '?', 0, {}},
      {850, "CP850", "OEM Multilingual Latin 1", '?', '?', 0, {}},
      {852, "CP852", "OEM Slovak Latin 2", '?', '?', 0, {}},
      {855, "CP855", "OEM Cyrillic", '?', '?', 0, {}},
      {857, "CP857", "OEM Turkish", '?', '?', 0xF8BB, {}},
      {860, "CP860", "OEM Portuguese", '?', '?', 0, {}},
      {861, "CP861", "OEM Icelandic", '?', '?', 0, {}},
      {862, "CP862", "OEM Hebrew", '?', '?', 0, {}},
      {863, "CP863", "OEM Canadian French", '?', '?', 0, {}},
      {864, "CP864", "OEM Arabic", '?', '?', 0xF8BE, {{0x25, 0x0025}}},
      {865, "CP865", "OEM Nordic", '?', '?', 0, {}},
      {866, "CP866", "OEM Russian", '?', '?', 0, {}},
      {869, "CP869", "OEM Greek", '?', '?', 0, {}},
      {874, "CP874", "ANSI/OEM Thai", '?', '?', 0xF8C1, {}},
      {875, "IBM875", "IBM EBCDIC Greek", 0x6F, '?', 0,
       {{0x6A, 0x007C}, {0x74, 0x00A0}, {0xDC, 0x001A}, {0xDD, 0x0387}, {0xE1, 0x001A}, {0xEC, 0x001A},
        {0xED, 0x001A}, {0xFC, 0x001A}, {0xFD, 0x001A}}},
      {1026, "IBM1026", "IBM EBCDIC Latin 5 Turkish", 0x6F, '?', 0, {{0x9D, 0x00B8}, {0xBC, 0x00AF}}},
      {1250, "CP1250", "ANSI Eastern Europe", '?', '?', 0, {}},
      {1251, "CP1251", "ANSI Cyrillic", '?', '?', 0, {}},
      {1252, "CP1252", "ANSI Latin 1", '?', '?', 0, {}},
      {1253, "CP1253", "ANSI Greek", '?', '?', 0xF8F9, {}},
      {1254, "CP1254", "ANSI Turkish", '?', '?', 0, {}},
      {1255, "CP1255", "ANSI Hebrew", '?', '?', 0xF88D, {{0xCA, 0x05BA}}},
      {1256, "CP1256", "ANSI Arabic", '?', '?', 0, {}},
      {1257, "CP1257", "ANSI Baltic", '?', '?', 0xF8FC, {}},
      {1258, "CP1258", "ANSI/OEM Viet Nam", '?', '?', 0, {}},
      {10000, "MACINTOSH", "Mac Roman", '?', '?', 0, {{0xBD, 0x2126}, {0xC6, 0x2206}, {0xF0, 0xF8FF}}},
      {10007, "MAC-CYRILLIC", "Mac Cyrillic", '?', '?', 0, {{0xA2, 0x00A2}, {0xB6, 0x2202}}},
      {10079, "MAC-IS", "Mac Icelandic", '?', '?', 0,
       {{0xA0, 0x00DD}, {0xBD, 0x2126}, {0xC6, 0x2206}, {0xD0, 0x2013}, {0xD1, 0x2014}, {0xD7, 0x25CA},
        {0xDC, 0x00D0}, {0xDD, 0x00F0}, {0xE0, 0x00FD}, {0xF0, 0xF8FF}, {0xF6, 0x02C6}, {0xF7, 0x02DC}}},
      {20127, "ANSI_X3.4-1968", "US-ASCII (7bit)", '?', '?', 0, {}},
      {20866, "KOI8-R", "Russian KOI8", '?', '?', 0, {}},
      {21866, "KOI8-U", "Ukrainian KOI8", '?', '?', 0, {{0xAE, 0x045E}, {0xBE, 0x040E}}},
      {28591, "ISO-8859-1", "ISO 8859-1 Latin 1", '?', '?', 0, {}},
      {28592, "ISO-8859-2", "ISO 8859-2 Latin 2 (East European)", '?', '?', 0, {}},
      {28593, "ISO-8859-3", "ISO 8859-3 Latin 3 (South European)", '?', '?', 0xF7F5, {}},
      {28594, "ISO-8859-4", "ISO 8859-4 Latin 4 (Baltic old)", '?', '?', 0, {}},
      {28595, "ISO-8859-5", "ISO 8859-5 Cyrillic", '?', '?', 0, {}},
      {28596, "ISO-8859-6", "ISO 8859-6 Arabic", '?', '?', 0xF7C8, {}},
      {28597, "ISO-8859-7", "ISO 8859-7 Greek", '?', '?', 0xF7C2,
       {{0xA1, 0x02BD}, {0xA2, 0x02BC}, {0xA4, kUndefined}, {0xA5, kUndefined}, {0xAA, kUndefined}}},
      {28598, "ISO-8859-8", "ISO 8859-8 Hebrew", '?', '?', 0xF79C,
       {{0xAF, 0x203E}, {0xFD, kUndefined}, {0xFE, kUndefined}}},
      {28599, "ISO-8859-9", "ISO 8859-9 Latin 5 (Turkish)", '?', '?', 0, {}},
      {28603, "ISO-8859-13", "ISO 8859-13 Latin 7 (Baltic)", '?', '?', 0, {}},
      {28605, "ISO-8859-15", "ISO 8859-15 Latin 9 (Euro)", '?', '?', 0, {}},
      {932, "CP932", "ANSI/OEM Japanese Shift-JIS", '?', 0x30FB, 0,
       {{0x80, 0x0080}, {0xA0, 0xF8F0}, {0xFD, 0xF8F1}, {0xFE, 0xF8F2}, {0xFF, 0xF8F3}}, true,
       {{0x81, 0x9F}, {0xE0, 0xFC}}, {{0x40, 0x7E}, {0x80, 0xFC}}, {}},
      {936, "CP936", "ANSI/OEM Simplified Chinese GBK", '?', '?', 0, {{0xFF, 0xF8F5}}, true, {{0x81, 0xFE}},
       {{0x40, 0x7E}, {0x80, 0xFE}},
       {{0xA1, 0xA7, 0x40, 0xA0, 0xE4C6}, {0xAA, 0xAF, 0xA1, 0xFE, 0xE000}, {0xF8, 0xFE, 0xA1, 0xFE, 0xE234}},
       true, 0xE766},
      {949, "CP949", "ANSI/OEM Korean Unified Hangul", '?', '?', 0, {{0x80, 0x0080}, {0xFF, 0xF8F7}}, true, {{0x81, 0xFE}},
       {{0x41, 0x5A}, {0x61, 0x7A}, {0x81, 0xFE}},
       {{0xC9, 0xC9, 0xA1, 0xFE, 0xE000}, {0xFE, 0xFE, 0xA1, 0xFE, 0}}},
      {950, "CP950", "ANSI/OEM Traditional Chinese Big5", '?', '?', 0, {{0xFF, 0xF8F8}}, true, {{0x81, 0xFE}},
       {{0x40, 0x7E}, {0xA1, 0xFE}},
       {{0xFA, 0xFE, 0x40, 0xFE, 0xE000}, {0x8E, 0xA0, 0x40, 0xFE, 0}, {0x81, 0x8D, 0x40, 0xFE, 0}}, false, 0,
       {{0x2550, 0xF9F9}, {0x255E, 0xF9E9}, {0x2561, 0xF9EB}, {0x256A, 0xF9EA}}},
  };
  return all;
}

// One conversion of `in` to UTF-16 from a fresh state: the code unit, or -1 (undefined), or -2
// (incomplete: a lead byte).
int convert(iconv_t cd, const uint8_t* in, size_t n) {
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  char16_t out[4];
  char* ip = reinterpret_cast<char*>(const_cast<uint8_t*>(in));
  char* op = reinterpret_cast<char*>(out);
  size_t il = n, ol = sizeof out;
  const size_t r = iconv(cd, &ip, &il, &op, &ol);
  const int err = r == static_cast<size_t>(-1) ? errno : 0;
  iconv(cd, nullptr, nullptr, &op, &ol);  // a page that composes (1255, 1258) holds its last base
  const size_t units = (sizeof out - ol) / 2;
  if (err == EINVAL && units == 0) return -2;
  if (err || il != 0 || units != 1) return -1;
  return out[0];
}

// One UTF-16 code unit to the page: its bytes (1 or 2), or empty.
std::string convert_back(iconv_t cd, char16_t c) {
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  char out[8];
  char* ip = reinterpret_cast<char*>(&c);
  char* op = out;
  size_t il = 2, ol = sizeof out;
  if (iconv(cd, &ip, &il, &op, &ol) == static_cast<size_t>(-1) || il) return {};
  iconv(cd, nullptr, nullptr, &op, &ol);
  return std::string(out, sizeof out - ol);
}

bool trail_ok(const PageSpec& p, unsigned t) {
  for (auto [lo, hi] : p.trails)
    if (t >= lo && t <= hi) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT.inc\n", argv[0]);
    return 2;
  }
  std::setlocale(LC_ALL, "C.UTF-8");
  std::string out = "// Generated by shims/core/code_page_tables_gen.cpp from the build host's iconv tables.\n";
  std::string index;
  for (const PageSpec& p : pages()) {
    iconv_t cd = iconv_open("UTF-16LE", p.iconv_name);
    if (cd == reinterpret_cast<iconv_t>(-1)) {
      std::fprintf(stderr, "code_page_tables_gen: the C library has no %s converter (code page %u)\n",
                   p.iconv_name, p.id);
      return 1;
    }
    std::map<uint8_t, uint16_t> fixes(p.fixes.begin(), p.fixes.end());
    // single bytes: the value, and whether it is a valid character
    std::vector<uint16_t> single(256);
    std::vector<uint8_t> invalid(256);
    std::vector<uint8_t> leads;
    char16_t pua = p.pua_base;
    for (unsigned b = 0; b < 256; ++b) {
      const uint8_t byte = static_cast<uint8_t>(b);
      int v = convert(cd, &byte, 1);
      if (auto f = fixes.find(byte); f != fixes.end()) v = f->second == kUndefined ? -1 : f->second;
      bool lead = false;
      for (auto [lo, hi] : p.lead_ranges) lead |= b >= lo && b <= hi;
      if (lead) {
        leads.push_back(byte);
        single[b] = p.unicode_default;
        invalid[b] = 1;
        continue;
      }
      if (v >= 0) {
        single[b] = static_cast<uint16_t>(v);
        // a byte Windows maps to a private-use character has no character (MB_ERR_INVALID_CHARS)
        invalid[b] = (v >= 0xE000 && v <= 0xF8FF && fixes.count(byte)) ? 1 : 0;
      } else if (p.id == 20127) {
        single[b] = b & 0x7F;
        invalid[b] = single[b] == p.unicode_default;  // 0xBF reads as the default character
      } else if (b >= 0x80 && b < 0xA0 && !p.dbcs) {
        single[b] = static_cast<uint16_t>(b);
      } else if (pua && !p.dbcs) {
        single[b] = pua++;
        invalid[b] = 1;
      } else {
        single[b] = p.unicode_default;
        invalid[b] = 1;
      }
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "static const char16_t kCp%uSingle[256] = {", p.id);
    out += buf;
    for (unsigned b = 0; b < 256; ++b) {
      std::snprintf(buf, sizeof buf, "%s0x%04x,", b % 16 ? "" : "\n  ", single[b]);
      out += buf;
    }
    out += "\n};\n";
    std::snprintf(buf, sizeof buf, "static const uint8_t kCp%uInvalid[32] = {", p.id);
    out += buf;
    for (unsigned i = 0; i < 32; ++i) {
      unsigned bits = 0;
      for (unsigned j = 0; j < 8; ++j) bits |= invalid[i * 8 + j] << j;
      std::snprintf(buf, sizeof buf, "0x%02x,", bits);
      out += buf;
    }
    out += "};\n";
    std::string lead_ranges;
    std::vector<uint16_t> rows_out;
    if (p.dbcs) {
      // the pairs, a row of 256 per lead byte; 0: no character (the Unicode default, invalid)
      std::vector<uint16_t> rows(leads.size() * 256);
      for (size_t r = 0; r < leads.size(); ++r)
        for (unsigned t = 0; t < 256; ++t) {
          const uint8_t pair[2] = {leads[r], static_cast<uint8_t>(t)};
          const int v = trail_ok(p, t) ? convert(cd, pair, 2) : -1;
          rows[r * 256 + t] = v > 0 ? static_cast<uint16_t>(v) : 0;
        }
      auto row_of = [&](unsigned lead) -> int {
        for (size_t r = 0; r < leads.size(); ++r)
          if (leads[r] == lead) return static_cast<int>(r);
        return -1;
      };
      std::vector<uint8_t> in_box(leads.size() * 256);
      char16_t next = 0;
      for (const Eudc& e : p.eudc) {
        if (e.first) next = e.first;
        for (unsigned l = e.lead_lo; l <= e.lead_hi; ++l)
          for (unsigned t = e.trail_lo; t <= e.trail_hi; ++t) {
            const int r = row_of(l);
            if (r < 0 || !trail_ok(p, t)) continue;
            in_box[r * 256 + t] = 1;
            if (!rows[r * 256 + t]) rows[r * 256 + t] = next++;
          }
      }
      if (p.eudc_rest) {
        next = p.rest_first;
        for (size_t r = 0; r < leads.size(); ++r)
          for (unsigned t = 0; t < 256; ++t)
            if (trail_ok(p, t) && !in_box[r * 256 + t] && !rows[r * 256 + t]) rows[r * 256 + t] = next++;
      }
      std::snprintf(buf, sizeof buf, "static const char16_t kCp%uPairs[%zu] = {", p.id, rows.size());
      out += buf;
      for (size_t i = 0; i < rows.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s0x%04x,", i % 16 ? "" : "\n  ", rows[i]);
        out += buf;
      }
      out += "\n};\n";
      // CPINFO's LeadByte: the ranges of lead bytes
      for (size_t i = 0; i < leads.size();) {
        size_t j = i;
        while (j + 1 < leads.size() && leads[j + 1] == leads[j] + 1) ++j;
        std::snprintf(buf, sizeof buf, "0x%02x,0x%02x,", leads[i], leads[j]);
        lead_ranges += buf;
        i = j + 1;
      }
      rows_out = rows;
    }
    iconv_close(cd);
    // Back from Unicode: the first code of each character (single bytes, then pairs in code order)
    // unless iconv writes another; then the best fits.
    std::vector<uint16_t> back(65536, kUndefined);
    for (unsigned b = 0; b < 256; ++b)
      if (!(p.dbcs && std::find(leads.begin(), leads.end(), b) != leads.end()) && back[single[b]] == kUndefined)
        back[single[b]] = static_cast<uint16_t>(b);
    for (size_t r = 0; r < leads.size(); ++r)
      for (unsigned t = 0; t < 256; ++t)
        if (const uint16_t u = rows_out[r * 256 + t]; u && back[u] == kUndefined)
          back[u] = static_cast<uint16_t>(leads[r] << 8 | t);
    iconv_t strict = iconv_open(p.iconv_name, "UTF-16LE");
    const std::string translit_name = std::string(p.iconv_name) + "//TRANSLIT";
    iconv_t loose = iconv_open(translit_name.c_str(), "UTF-16LE");
    auto forward = [&](int code) -> int {
      if (code < 0x100) return single[code];
      const auto lead = std::find(leads.begin(), leads.end(), code >> 8);
      return lead == leads.end() ? -1 : rows_out[(lead - leads.begin()) * 256 + (code & 0xFF)];
    };
    auto code_of = [&](const std::string& bytes) -> int {
      if (bytes.size() == 1) return static_cast<uint8_t>(bytes[0]);
      if (bytes.size() == 2 && p.dbcs) return static_cast<uint8_t>(bytes[0]) << 8 | static_cast<uint8_t>(bytes[1]);
      return -1;
    };
    std::string reverse, best_fit;
    size_t reverse_n = 0, best_fit_n = 0;
    for (unsigned c = 1; c < 0x10000; ++c) {
      if (c >= 0xD800 && c < 0xE000) continue;
      int want = code_of(convert_back(strict, static_cast<char16_t>(c)));
      if (want >= 0 && forward(want) != static_cast<int>(c)) want = -1;  // iconv's edition differs there (a fix)
      if (auto f = p.reverse_fixes.find(static_cast<char16_t>(c)); f != p.reverse_fixes.end()) want = f->second;
      if (want >= 0 && back[c] != kUndefined && want != back[c]) {
        std::snprintf(buf, sizeof buf, "{0x%04x,0x%04x},", c, want);
        reverse += buf;
        ++reverse_n;
      }
      if (back[c] != kUndefined || want >= 0 || c < 0x80) continue;
      const int fit = code_of(convert_back(loose, static_cast<char16_t>(c)));
      if (fit < 0 || fit == p.default_char) continue;
      std::snprintf(buf, sizeof buf, "{0x%04x,0x%04x},", c, fit);
      best_fit += buf;
      ++best_fit_n;
    }
    iconv_close(strict);
    iconv_close(loose);
    out += "static const CodePagePair kCp" + std::to_string(p.id) + "Reverse[] = {" + reverse + "{0,0}};\n";
    out += "static const CodePagePair kCp" + std::to_string(p.id) + "BestFit[] = {" + best_fit + "{0,0}};\n";
    std::snprintf(buf, sizeof buf, "  {%u, \"%s\", 0x%02x, 0x%04x, kCp%uSingle, kCp%uInvalid, kCp%uReverse, %zu, kCp%uBestFit, %zu, ",
                  p.id, p.name, p.default_char, p.unicode_default, p.id, p.id, p.id, reverse_n, p.id, best_fit_n);
    index += buf;
    if (p.dbcs) {
      std::snprintf(buf, sizeof buf, "kCp%uPairs, {%s}},\n", p.id, lead_ranges.c_str());
      index += buf;
    } else {
      index += "nullptr, {}},\n";
    }
  }
  out += "static const GeneratedCodePage kGeneratedCodePages[] = {\n" + index + "};\n";
  FILE* f = std::fopen(argv[1], "w");
  if (!f || std::fwrite(out.data(), 1, out.size(), f) != out.size() || std::fclose(f) != 0) {
    std::fprintf(stderr, "code_page_tables_gen: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
