// SETUPAPI's INF files: SetupOpenInfFile (text in the ANSI code page, or UTF-16 or UTF-8 after its byte
// order mark; sections, lines of
// "key = field, field …", quoted fields, comments, continued lines; the [Version] signature an
// INF_STYLE_WIN4 file needs), SetupCloseInfFile, and the lines and fields read through INFCONTEXT
// (SetupFindFirstLine, SetupFindNextLine, SetupFindNextMatchLine, SetupGetLineCount,
// SetupGetLineByIndex, SetupGetFieldCount, SetupGetStringField, SetupGetIntField,
// SetupGetLineText, SetupGetMultiSzField, SetupGetBinaryField), %strings% replaced from the
// [Strings] section.
#include <strings.h>

#include <fstream>
#include <map>
#include <memory>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/setupapi/setupapi.h"

namespace polyrun::shims::setupapi {

namespace {

constexpr uint32_t ERROR_EXPECTED_SECTION_NAME = 0xE0000000, ERROR_BAD_SECTION_NAME_LINE = 0xE0000001,
                   ERROR_WRONG_INF_STYLE = 0xE0000100, ERROR_SECTION_NOT_FOUND = 0xE0000101,
                   ERROR_LINE_NOT_FOUND = 0xE0000102, ERROR_BAD_INF_DATA = 13;  // ERROR_INVALID_DATA
constexpr uint32_t INF_STYLE_WIN4 = 2;

struct Line {
  bool has_key = false;
  std::u16string key;
  std::vector<std::u16string> fields;
};
struct Section {
  std::u16string name;
  std::vector<Line> lines;
};
struct Inf {
  std::vector<Section> sections;
};

std::map<uint64_t, std::unique_ptr<Inf>>& infs() {
  static std::map<uint64_t, std::unique_ptr<Inf>> t;
  return t;
}
Inf* find_inf(uint64_t h) {
  auto it = infs().find(h);
  return it == infs().end() ? nullptr : it->second.get();
}

int section_index(const Inf& inf, const std::u16string& name) {
  const std::string n = utf16_to_utf8(name);
  for (size_t i = 0; i < inf.sections.size(); ++i)
    if (strcasecmp(utf16_to_utf8(inf.sections[i].name).c_str(), n.c_str()) == 0) return static_cast<int>(i);
  return -1;
}

bool same(const std::u16string& a, const std::u16string& b) {
  return strcasecmp(utf16_to_utf8(a).c_str(), utf16_to_utf8(b).c_str()) == 0;
}

std::u16string trim(const std::u16string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

// The file's text parsed (false: a syntax error, *error and *error_line say which).
bool parse(const std::u16string& text, Inf* inf, uint32_t* error, uint32_t* error_line) {
  Section* current = nullptr;
  uint32_t number = 0;
  size_t at = 0;
  while (at <= text.size()) {
    // One logical line: physical lines joined where one ends with a backslash outside quotes.
    std::u16string line;
    const uint32_t first = ++number;
    for (;;) {
      size_t end = text.find(u'\n', at);
      if (end == std::u16string::npos) end = text.size();
      std::u16string part = text.substr(at, end - at);
      if (!part.empty() && part.back() == '\r') part.pop_back();
      at = end + 1;
      // Comments end the line (outside quotes).
      bool quoted = false;
      size_t cut = part.size();
      for (size_t i = 0; i < part.size(); ++i) {
        if (part[i] == '"') quoted = !quoted;
        else if (part[i] == ';' && !quoted) {
          cut = i;
          break;
        }
      }
      part = trim(part.substr(0, cut));
      if (!part.empty() && part.back() == '\\' && at <= text.size()) {
        part.pop_back();
        line += part;
        ++number;
        continue;
      }
      line += part;
      break;
    }
    if (line.empty()) {
      if (at > text.size()) break;
      continue;
    }
    if (line[0] == '[') {
      const size_t close = line.find(u']');
      if (close == std::u16string::npos) return *error = ERROR_BAD_SECTION_NAME_LINE, *error_line = first, false;
      const std::u16string name = line.substr(1, close - 1);
      const int i = section_index(*inf, name);
      if (i >= 0) {
        current = &inf->sections[i];
      } else {
        inf->sections.push_back({name, {}});
        current = &inf->sections.back();
      }
      continue;
    }
    if (!current) return *error = ERROR_EXPECTED_SECTION_NAME, *error_line = first, false;
    // Fields: separated by commas, the first one the key where an '=' follows it; quotes keep what
    // they hold ("" a quote), spaces around a field go.
    Line l;
    std::u16string field;
    bool quoted = false, was_quoted = false;
    auto push = [&](bool key) {
      std::u16string f = was_quoted ? field : trim(field);
      if (key) {
        l.has_key = true;
        l.key = f;
      } else {
        l.fields.push_back(f);
      }
      field.clear();
      was_quoted = false;
    };
    for (size_t i = 0; i < line.size(); ++i) {
      const char16_t c = line[i];
      if (c == '"') {
        if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
          field += u'"';
          ++i;
        } else {
          quoted = !quoted;
          if (quoted && trim(field).empty()) field.clear();
          was_quoted = true;
        }
      } else if (!quoted && c == '=' && !l.has_key && l.fields.empty()) {
        push(true);
      } else if (!quoted && c == ',') {
        push(false);
      } else if (!quoted && was_quoted && (c == ' ' || c == '\t')) {
        // (spaces after a closing quote are no part of the field)
      } else {
        field += c;
      }
    }
    push(false);
    // A line of one value and no key is its own key.
    if (!l.has_key && l.fields.size() == 1) l.has_key = true, l.key = l.fields[0];
    current->lines.push_back(l);
    if (at > text.size()) break;
  }
  return true;
}

// %name% replaced with the [Strings] section's value of name; %% is a percent sign.
std::u16string substitute(const Inf& inf, const std::u16string& s) {
  std::u16string out;
  const int strings = section_index(inf, u"Strings");
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    const size_t end = s.find(u'%', i + 1);
    if (end == std::u16string::npos) {
      out += s.substr(i);
      break;
    }
    const std::u16string name = s.substr(i + 1, end - i - 1);
    if (name.empty()) {
      out += u'%';
    } else {
      bool found = false;
      if (strings >= 0)
        for (const Line& l : inf.sections[strings].lines)
          if (l.has_key && same(l.key, name) && !l.fields.empty()) {
            out += l.fields[0];
            found = true;
            break;
          }
      if (!found) out += u"%" + name + u"%";
    }
    i = end;
  }
  return out;
}

std::u16string text_arg(uint64_t s, bool wide) {
  if (!s) return u"";
  if (wide) return std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(s)));
  return ansi_to_utf16(reinterpret_cast<const char*>(guest_pointer(s)));
}

uint64_t no_inf(WindowsProcess& p) { return p.isa->ptr == 4 ? 0xffffffffull : ~0ull; }

uint64_t open_inf(WindowsProcess& p, uint64_t name, uint32_t style, uint64_t error_line, bool wide) {
  const std::string host = windows_to_host_path(windows_full_path(utf16_to_utf8(text_arg(name, wide))));
  std::ifstream in(host, std::ios::binary);
  if (!in) return p.set_last_error(path_error(host, errno ? errno : ENOENT)), no_inf(p);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::u16string text;
  // UTF-16 after its byte order mark, UTF-8 after its own; else the ANSI code page's.
  if (bytes.size() >= 2 && static_cast<uint8_t>(bytes[0]) == 0xff && static_cast<uint8_t>(bytes[1]) == 0xfe) {
    text.assign(reinterpret_cast<const char16_t*>(bytes.data() + 2), (bytes.size() - 2) / 2);
  } else if (bytes.size() > 3 && bytes.compare(0, 3, "\xef\xbb\xbf") == 0) {
    text = utf8_to_utf16(bytes.substr(3));
  } else {
    text = ansi_to_utf16(bytes);
  }
  auto inf = std::make_unique<Inf>();
  uint32_t error = 0, line = 0;
  if (!parse(text, inf.get(), &error, &line)) {
    if (error_line) put<uint32_t>(error_line, line);
    return p.set_last_error(error), no_inf(p);
  }
  // An INF_STYLE_WIN4 file names its style in [Version]'s Signature.
  bool signed_ok = false;
  const int version = section_index(*inf, u"Version");
  if (version >= 0)
    for (const Line& l : inf->sections[version].lines)
      if (l.has_key && same(l.key, u"Signature") && !l.fields.empty()) {
        const std::u16string sig = substitute(*inf, l.fields[0]);
        signed_ok = same(sig, u"$Chicago$") || same(sig, u"$Windows NT$") || same(sig, u"$Windows 95$");
        break;
      }
  if (!signed_ok && (style & INF_STYLE_WIN4)) {
    if (error_line) put<uint32_t>(error_line, 0);
    return p.set_last_error(ERROR_WRONG_INF_STYLE), no_inf(p);
  }
  const uint64_t h = p.heap.alloc(16, true);
  infs()[h] = std::move(inf);
  p.set_last_error(0);
  return h;
}
Ptr SetupOpenInfFileA(WindowsProcess& p, AStr name, AStr, uint32_t style, Ptr error_line) {
  return open_inf(p, name.addr, style, error_line.addr, false);
}
Ptr SetupOpenInfFileW(WindowsProcess& p, WStr name, WStr, uint32_t style, Ptr error_line) {
  return open_inf(p, name.addr, style, error_line.addr, true);
}

void SetupCloseInfFile(WindowsProcess& p, Ptr h) {
  if (infs().erase(h.addr)) p.heap.free(h.addr);
}

// INFCONTEXT: Inf, CurrentInf, Section, Line.
struct Context {
  uint64_t inf;
  uint32_t section, line;
};
Context read_context(WindowsProcess& p, uint64_t c) {
  return {p.get_ptr(c), get<uint32_t>(c + 2 * p.isa->ptr), get<uint32_t>(c + 2 * p.isa->ptr + 4)};
}
void write_context(WindowsProcess& p, uint64_t c, uint64_t inf, uint32_t section, uint32_t line) {
  p.put_ptr(c, inf);
  p.put_ptr(c + p.isa->ptr, inf);
  put<uint32_t>(c + 2 * p.isa->ptr, section);
  put<uint32_t>(c + 2 * p.isa->ptr + 4, line);
}
const Line* context_line(WindowsProcess& p, uint64_t c, Inf** inf_out = nullptr) {
  const Context ctx = read_context(p, c);
  Inf* inf = find_inf(ctx.inf);
  if (!inf || ctx.section >= inf->sections.size() || ctx.line >= inf->sections[ctx.section].lines.size()) return nullptr;
  if (inf_out) *inf_out = inf;
  return &inf->sections[ctx.section].lines[ctx.line];
}

uint32_t find_first(WindowsProcess& p, uint64_t h, uint64_t section, uint64_t key, uint64_t context, bool wide) {
  Inf* inf = find_inf(h);
  if (!inf) return p.set_last_error(ERROR_INVALID_HANDLE), 0;
  const int s = section_index(*inf, text_arg(section, wide));
  if (s < 0) return p.set_last_error(ERROR_LINE_NOT_FOUND), 0;
  const auto& lines = inf->sections[s].lines;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (key && !(lines[i].has_key && same(substitute(*inf, lines[i].key), text_arg(key, wide)))) continue;
    write_context(p, context, h, static_cast<uint32_t>(s), static_cast<uint32_t>(i));
    p.set_last_error(0);
    return 1;
  }
  return p.set_last_error(ERROR_LINE_NOT_FOUND), 0;
}
uint32_t SetupFindFirstLineA(WindowsProcess& p, Ptr h, AStr section, AStr key, Ptr context) {
  return find_first(p, h.addr, section.addr, key.addr, context.addr, false);
}
uint32_t SetupFindFirstLineW(WindowsProcess& p, Ptr h, WStr section, WStr key, Ptr context) {
  return find_first(p, h.addr, section.addr, key.addr, context.addr, true);
}

uint32_t find_next(WindowsProcess& p, uint64_t in, uint64_t key, uint64_t out, bool wide) {
  const Context ctx = read_context(p, in);
  Inf* inf = find_inf(ctx.inf);
  if (!inf || ctx.section >= inf->sections.size()) return p.set_last_error(ERROR_LINE_NOT_FOUND), 0;
  const auto& lines = inf->sections[ctx.section].lines;
  for (size_t i = ctx.line + 1; i < lines.size(); ++i) {
    if (key && !(lines[i].has_key && same(substitute(*inf, lines[i].key), text_arg(key, wide)))) continue;
    write_context(p, out, ctx.inf, ctx.section, static_cast<uint32_t>(i));
    p.set_last_error(0);
    return 1;
  }
  return p.set_last_error(ERROR_LINE_NOT_FOUND), 0;
}
uint32_t SetupFindNextLine(WindowsProcess& p, Ptr in, Ptr out) { return find_next(p, in.addr, 0, out.addr, true); }
uint32_t SetupFindNextMatchLineA(WindowsProcess& p, Ptr in, AStr key, Ptr out) { return find_next(p, in.addr, key.addr, out.addr, false); }
uint32_t SetupFindNextMatchLineW(WindowsProcess& p, Ptr in, WStr key, Ptr out) { return find_next(p, in.addr, key.addr, out.addr, true); }

int32_t line_count(WindowsProcess& p, uint64_t h, uint64_t section, bool wide) {
  Inf* inf = find_inf(h);
  if (!inf) return p.set_last_error(ERROR_INVALID_HANDLE), -1;
  const int s = section_index(*inf, text_arg(section, wide));
  if (s < 0) return p.set_last_error(ERROR_SECTION_NOT_FOUND), -1;
  p.set_last_error(0);
  return static_cast<int32_t>(inf->sections[s].lines.size());
}
int32_t SetupGetLineCountA(WindowsProcess& p, Ptr h, AStr section) { return line_count(p, h.addr, section.addr, false); }
int32_t SetupGetLineCountW(WindowsProcess& p, Ptr h, WStr section) { return line_count(p, h.addr, section.addr, true); }

uint32_t line_by_index(WindowsProcess& p, uint64_t h, uint64_t section, uint32_t index, uint64_t context, bool wide) {
  Inf* inf = find_inf(h);
  if (!inf) return p.set_last_error(ERROR_INVALID_HANDLE), 0;
  const int s = section_index(*inf, text_arg(section, wide));
  if (s < 0) return p.set_last_error(ERROR_SECTION_NOT_FOUND), 0;
  if (index >= inf->sections[s].lines.size()) return p.set_last_error(ERROR_LINE_NOT_FOUND), 0;
  write_context(p, context, h, static_cast<uint32_t>(s), index);
  p.set_last_error(0);
  return 1;
}
uint32_t SetupGetLineByIndexA(WindowsProcess& p, Ptr h, AStr section, uint32_t index, Ptr context) {
  return line_by_index(p, h.addr, section.addr, index, context.addr, false);
}
uint32_t SetupGetLineByIndexW(WindowsProcess& p, Ptr h, WStr section, uint32_t index, Ptr context) {
  return line_by_index(p, h.addr, section.addr, index, context.addr, true);
}

uint32_t SetupGetFieldCount(WindowsProcess& p, Ptr context) {
  const Line* l = context_line(p, context.addr);
  return l ? static_cast<uint32_t>(l->fields.size()) : 0;
}

// A field (0: the key), %strings% replaced; false for one the line has not.
bool field_text(WindowsProcess& p, uint64_t context, uint32_t index, std::u16string* out) {
  Inf* inf = nullptr;
  const Line* l = context_line(p, context, &inf);
  if (!l) return false;
  if (index == 0) {
    if (!l->has_key) return false;
    *out = substitute(*inf, l->key);
    return true;
  }
  if (index > l->fields.size()) return false;
  *out = substitute(*inf, l->fields[index - 1]);
  return true;
}

// A string for the caller: its length in characters with the terminator in *required; a buffer
// too small is ERROR_INSUFFICIENT_BUFFER; no buffer asks for the length alone.
uint32_t give(WindowsProcess& p, const std::u16string& s, uint64_t buf, uint32_t size, uint64_t required, bool wide) {
  const std::string narrow = wide ? std::string() : utf16_to_ansi(s);
  const uint32_t n = static_cast<uint32_t>(wide ? s.size() : narrow.size());
  if (required) put<uint32_t>(required, n + 1);
  if (buf) {
    if (size <= n) return p.set_last_error(ERROR_INSUFFICIENT_BUFFER), 0;
    if (wide) copy_guest(guest_pointer(buf), s.c_str(), (s.size() + 1) * 2, buf, true);
    else copy_guest(guest_pointer(buf), narrow.c_str(), narrow.size() + 1, buf, true);
  }
  return 1;
}

uint32_t string_field(WindowsProcess& p, uint64_t context, uint32_t index, uint64_t buf, uint32_t size, uint64_t required, bool wide) {
  p.set_last_error(0);
  std::u16string s;
  if (!field_text(p, context, index, &s)) return 0;
  return give(p, s, buf, size, required, wide);
}
uint32_t SetupGetStringFieldA(WindowsProcess& p, Ptr c, uint32_t index, Ptr buf, uint32_t size, Ptr required) {
  return string_field(p, c.addr, index, buf.addr, size, required.addr, false);
}
uint32_t SetupGetStringFieldW(WindowsProcess& p, Ptr c, uint32_t index, Ptr buf, uint32_t size, Ptr required) {
  return string_field(p, c.addr, index, buf.addr, size, required.addr, true);
}

// SetupGetIntField: the field as strtol with base 0 reads it (an empty field is 0);
// ERROR_BAD_INF_DATA for text that is no number.
uint32_t SetupGetIntField(WindowsProcess& p, Ptr c, uint32_t index, Ptr result) {
  p.set_last_error(0);
  std::u16string s;
  if (!field_text(p, c.addr, index, &s)) return 0;
  const std::string t = utf16_to_utf8(s);
  if (t.empty()) {
    put<int32_t>(result.addr, 0);
    return 1;
  }
  char* end;
  const long v = std::strtol(t.c_str(), &end, 0);
  if (end == t.c_str() || *end) return p.set_last_error(ERROR_BAD_INF_DATA), 0;
  put<int32_t>(result.addr, static_cast<int32_t>(v));
  return 1;
}

// SetupGetLineText: a line's fields (not its key) joined with commas; the line is the context's,
// or the first of `section` with `key`.
uint32_t line_text(WindowsProcess& p, uint64_t context, uint64_t h, uint64_t section, uint64_t key, uint64_t buf, uint32_t size,
                   uint64_t required, bool wide) {
  Inf* inf = nullptr;
  const Line* l = nullptr;
  if (context) {
    l = context_line(p, context, &inf);
  } else {
    inf = find_inf(h);
    if (!inf) return p.set_last_error(ERROR_INVALID_HANDLE), 0;
    const int s = section_index(*inf, text_arg(section, wide));
    if (s < 0) return p.set_last_error(ERROR_LINE_NOT_FOUND), 0;
    for (const Line& x : inf->sections[s].lines)
      if (x.has_key && same(substitute(*inf, x.key), text_arg(key, wide))) {
        l = &x;
        break;
      }
  }
  if (!l) return p.set_last_error(ERROR_LINE_NOT_FOUND), 0;
  std::u16string s;
  for (size_t i = 0; i < l->fields.size(); ++i) s += (i ? u"," : u"") + substitute(*inf, l->fields[i]);
  p.set_last_error(0);
  return give(p, s, buf, size, required, wide);
}
uint32_t SetupGetLineTextA(WindowsProcess& p, Ptr c, Ptr h, AStr section, AStr key, Ptr buf, uint32_t size, Ptr required) {
  return line_text(p, c.addr, h.addr, section.addr, key.addr, buf.addr, size, required.addr, false);
}
uint32_t SetupGetLineTextW(WindowsProcess& p, Ptr c, Ptr h, WStr section, WStr key, Ptr buf, uint32_t size, Ptr required) {
  return line_text(p, c.addr, h.addr, section.addr, key.addr, buf.addr, size, required.addr, true);
}

// SetupGetMultiSzField: the fields from `index` on as a list of strings ending with an empty one.
uint32_t multi_sz(WindowsProcess& p, uint64_t c, uint32_t index, uint64_t buf, uint32_t size, uint64_t required, bool wide) {
  Inf* inf = nullptr;
  const Line* l = context_line(p, c, &inf);
  if (!l || index == 0) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  std::u16string s;
  for (size_t i = index - 1; i < l->fields.size(); ++i) {
    const std::u16string f = substitute(*inf, l->fields[i]);
    if (f.empty()) break;
    s += f + std::u16string(1, u'\0');
  }
  const std::string narrow = wide ? std::string() : utf16_to_ansi(s);
  const uint32_t n = static_cast<uint32_t>((wide ? s.size() : narrow.size()) + 1);
  if (required) put<uint32_t>(required, n);
  if (!buf) return 1;
  if (size < n) return p.set_last_error(ERROR_INSUFFICIENT_BUFFER), 0;
  if (wide) {
    copy_guest(guest_pointer(buf), s.data(), s.size() * 2, buf, true);
    put<uint16_t>(buf + s.size() * 2, 0);
  } else {
    copy_guest(guest_pointer(buf), narrow.data(), narrow.size(), buf, true);
    put<uint8_t>(buf + narrow.size(), 0);
  }
  return 1;
}
uint32_t SetupGetMultiSzFieldA(WindowsProcess& p, Ptr c, uint32_t index, Ptr buf, uint32_t size, Ptr required) {
  return multi_sz(p, c.addr, index, buf.addr, size, required.addr, false);
}
uint32_t SetupGetMultiSzFieldW(WindowsProcess& p, Ptr c, uint32_t index, Ptr buf, uint32_t size, Ptr required) {
  return multi_sz(p, c.addr, index, buf.addr, size, required.addr, true);
}

// SetupGetBinaryField: the fields from `index` on, each a byte in hexadecimal.
uint32_t SetupGetBinaryField(WindowsProcess& p, Ptr c, uint32_t index, Ptr buf, uint32_t size, Ptr required) {
  Inf* inf = nullptr;
  const Line* l = context_line(p, c.addr, &inf);
  if (!l || index == 0 || index > l->fields.size() + 1) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  std::vector<uint8_t> bytes;
  for (size_t i = index - 1; i < l->fields.size(); ++i) {
    const std::string t = utf16_to_utf8(substitute(*inf, l->fields[i]));
    char* end;
    const unsigned long v = std::strtoul(t.c_str(), &end, 16);
    if (t.empty() || *end || v > 0xff) return p.set_last_error(ERROR_BAD_INF_DATA), 0;
    bytes.push_back(static_cast<uint8_t>(v));
  }
  if (required) put<uint32_t>(required.addr, static_cast<uint32_t>(bytes.size()));
  if (!buf) return 1;
  if (size < bytes.size()) return p.set_last_error(ERROR_INSUFFICIENT_BUFFER), 0;
  if (!bytes.empty()) copy_guest(guest_pointer(buf.addr), bytes.data(), bytes.size(), buf.addr, true);
  return 1;
}

}  // namespace

const std::vector<Export>& inf_exports() {
  static const std::vector<Export> e = {
      EXPORT("SetupOpenInfFileA", SetupOpenInfFileA),
      EXPORT("SetupOpenInfFileW", SetupOpenInfFileW),
      EXPORT("SetupCloseInfFile", SetupCloseInfFile),
      EXPORT("SetupFindFirstLineA", SetupFindFirstLineA),
      EXPORT("SetupFindFirstLineW", SetupFindFirstLineW),
      EXPORT("SetupFindNextLine", SetupFindNextLine),
      EXPORT("SetupFindNextMatchLineA", SetupFindNextMatchLineA),
      EXPORT("SetupFindNextMatchLineW", SetupFindNextMatchLineW),
      EXPORT("SetupGetLineCountA", SetupGetLineCountA),
      EXPORT("SetupGetLineCountW", SetupGetLineCountW),
      EXPORT("SetupGetLineByIndexA", SetupGetLineByIndexA),
      EXPORT("SetupGetLineByIndexW", SetupGetLineByIndexW),
      EXPORT("SetupGetFieldCount", SetupGetFieldCount),
      EXPORT("SetupGetStringFieldA", SetupGetStringFieldA),
      EXPORT("SetupGetStringFieldW", SetupGetStringFieldW),
      EXPORT("SetupGetIntField", SetupGetIntField),
      EXPORT("SetupGetLineTextA", SetupGetLineTextA),
      EXPORT("SetupGetLineTextW", SetupGetLineTextW),
      EXPORT("SetupGetMultiSzFieldA", SetupGetMultiSzFieldA),
      EXPORT("SetupGetMultiSzFieldW", SetupGetMultiSzFieldW),
      EXPORT("SetupGetBinaryField", SetupGetBinaryField),
  };
  return e;
}

}  // namespace polyrun::shims::setupapi
