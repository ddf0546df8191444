// OLEAUT32's formatting of VARIANTs as text, Visual Basic's Format: VarFormat (a format string
// of the kinds Microsoft's page of VB's Format function describes: named formats such as
// "Currency" or "Long Date", numeric sections "#,##0.00;(#,##0.00);Zero" with digit placeholders,
// grouping, scaling, percent and exponent, date and time parts d dd ddd dddd m mm mmm mmmm yy yyyy h
// hh n nn s ss AM/PM c w ww q, and text placeholders @ & < >), VarTokenizeFormatString and
// VarFormatFromTokens (the same work in two steps; the tokens are polyrun's own, as their layout
// is not documented), VarFormatDateTime, VarFormatNumber, VarFormatPercent, VarFormatCurrency,
// VarMonthName and VarWeekdayName. One locale: English (United States).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut {

namespace {

constexpr int32_t DISP_E_BUFFERTOOSMALL = static_cast<int32_t>(0x80020013);

std::u16string lower(std::u16string s) {
  for (char16_t& c : s)
    if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c + 32);
  return s;
}
std::u16string text_of(const std::string& s) { return u16(s.c_str()); }

// ---- numbers ----

// A non-negative value's digits rounded to `decimals` places (half away from zero, as the digits
// are written): the whole part and the fraction.
void digits_of(double v, int decimals, std::string& whole, std::string& frac) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  // %.*f rounds half to even on the binary value; a written half (2.5 with 0 decimals) goes up.
  char check[512];
  std::snprintf(check, sizeof check, "%.*f", decimals + 3, v);
  std::string c = check;
  if (c.size() >= 3 && c.compare(c.size() - 3, 3, "500") == 0) {
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v + std::pow(10.0, -decimals) / 4);
    s = buf;
  }
  const size_t dot = s.find('.');
  whole = dot == std::string::npos ? s : s.substr(0, dot);
  frac = dot == std::string::npos ? "" : s.substr(dot + 1);
}

std::string group(const std::string& whole) {
  std::string out;
  for (size_t k = 0; k < whole.size(); ++k) {
    if (k && (whole.size() - k) % 3 == 0) out.push_back(',');
    out.push_back(whole[k]);
  }
  return out;
}

bool is_digit_placeholder(char16_t c) { return c == u'0' || c == u'#'; }

// One numeric section applied to a non-negative value.
std::u16string format_number_section(const std::u16string& fmt, double v) {
  // The section's shape.
  int int_zeros = 0, int_places = 0, frac_places = 0, frac_zeros_end = 0;
  bool seen_point = false, thousands = false, percent = false, sci = false, sci_plus = false;
  int exp_places = 0, scale_commas = 0;
  size_t sci_at = std::u16string::npos;
  for (size_t k = 0; k < fmt.size(); ++k) {
    const char16_t c = fmt[k];
    if (c == u'"') {
      while (++k < fmt.size() && fmt[k] != u'"') {}
      continue;
    }
    if (c == u'\\') {
      ++k;
      continue;
    }
    if (sci) {
      if (is_digit_placeholder(c)) ++exp_places;
      continue;
    }
    if (is_digit_placeholder(c)) {
      if (seen_point) {
        ++frac_places;
        if (c == u'0') frac_zeros_end = frac_places;
      } else {
        ++int_places;
        if (c == u'0' || int_zeros) ++int_zeros;
      }
    } else if (c == u'.') {
      seen_point = true;
    } else if (c == u',') {
      // Between digit placeholders: grouping; just before the point or the end: scaling by 1000.
      size_t n = k + 1;
      while (n < fmt.size() && fmt[n] == u',') ++n;
      const bool before_digit = n < fmt.size() && is_digit_placeholder(fmt[n]);
      if (!seen_point && int_places && before_digit) thousands = true;
      else if (int_places && !before_digit) scale_commas += static_cast<int>(n - k);
      k = n - 1;
    } else if (c == u'%') {
      percent = true;
    } else if ((c == u'E' || c == u'e') && k + 1 < fmt.size() && (fmt[k + 1] == u'+' || fmt[k + 1] == u'-')) {
      sci = true;
      sci_plus = fmt[k + 1] == u'+';
      sci_at = k;
      ++k;
    }
  }
  if (percent) v *= 100;
  for (int k = 0; k < scale_commas; ++k) v /= 1000;
  int exponent = 0;
  if (sci && v != 0) {
    exponent = static_cast<int>(std::floor(std::log10(v))) - (int_places > 0 ? int_places - 1 : -1);
    v /= std::pow(10.0, exponent);
    std::string w, f;
    digits_of(v, frac_places, w, f);
    if (static_cast<int>(w.size()) > std::max(int_places, 1)) {  // 9.99 rounded up to 10.0
      ++exponent;
      v /= 10;
    }
  }
  std::string whole, frac;
  digits_of(v, frac_places, whole, frac);
  if (whole == "0" && int_zeros == 0) whole.clear();
  while (static_cast<int>(whole.size()) < int_zeros) whole.insert(whole.begin(), '0');
  // Optional trailing decimals are dropped when zero.
  while (static_cast<int>(frac.size()) > frac_zeros_end && !frac.empty() && frac.back() == '0') frac.pop_back();
  if (thousands) whole = group(whole);
  // Written through the format: the whole part at the first integer placeholder, then the rest.
  std::u16string out;
  bool whole_written = false, point_written = false;
  size_t frac_pos = 0;
  int int_seen = 0;
  for (size_t k = 0; k < fmt.size(); ++k) {
    const char16_t c = fmt[k];
    if (k == sci_at) {
      out += c;
      if (exponent < 0) out += u'-';
      else if (sci_plus) out += u'+';
      char buf[64];
      std::snprintf(buf, sizeof buf, "%0*d", std::clamp(exp_places, 1, 32), exponent < 0 ? -exponent : exponent);
      out += text_of(buf);
      ++k;
      while (k + 1 < fmt.size() && is_digit_placeholder(fmt[k + 1])) ++k;
      continue;
    }
    if (c == u'"') {
      while (++k < fmt.size() && fmt[k] != u'"') out += fmt[k];
      continue;
    }
    if (c == u'\\') {
      if (++k < fmt.size()) out += fmt[k];
      continue;
    }
    if (is_digit_placeholder(c)) {
      if (!point_written) {
        ++int_seen;
        if (!whole_written) {
          out += text_of(whole);
          whole_written = true;
        }
      } else {
        if (frac_pos < frac.size()) out += static_cast<char16_t>(frac[frac_pos]);
        ++frac_pos;
      }
      continue;
    }
    if (c == u'.') {
      if (!whole_written) {
        out += text_of(whole);
        whole_written = true;
      }
      point_written = true;
      out += u'.';  // written even with no decimal digit after it ("1." for "#.#"), as VB's Format does
      continue;
    }
    if (c == u',') continue;
    out += c;
  }
  if (!whole_written && !whole.empty()) out = text_of(whole) + out;
  return out;
}

std::vector<std::u16string> sections(const std::u16string& fmt) {
  std::vector<std::u16string> out(1);
  for (size_t k = 0; k < fmt.size(); ++k) {
    const char16_t c = fmt[k];
    if (c == u'"') {
      out.back() += c;
      while (++k < fmt.size() && fmt[k] != u'"') out.back() += fmt[k];
      if (k < fmt.size()) out.back() += u'"';
    } else if (c == u'\\' && k + 1 < fmt.size()) {
      out.back() += c;
      out.back() += fmt[++k];
    } else if (c == u';') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::u16string format_number(const std::u16string& fmt, double v, bool is_null) {
  std::vector<std::u16string> s = sections(fmt);
  if (is_null) return s.size() > 3 ? s[3] : u"";
  if (v == 0 && s.size() > 2 && !s[2].empty()) return format_number_section(s[2], 0);
  if (v < 0 && s.size() > 1 && !s[1].empty()) return format_number_section(s[1], -v);
  std::u16string r = format_number_section(s[0], std::fabs(v));
  if (v < 0) r.insert(r.begin(), u'-');  // a negative value keeps its sign even when it shows as 0 ("-0")
  return r;
}

// ---- dates ----

std::string two(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}

std::u16string format_date(const std::u16string& fmt, double date, int first_day, int first_week) {
  Udate u;
  if (!date_to_udate(date, u)) return {};
  std::string out;
  const size_t n = fmt.size();
  auto count = [&](size_t k, char16_t c) {
    size_t e = k;
    while (e < n && (fmt[e] | 0x20) == (c | 0x20)) ++e;
    return e - k;
  };
  // Whether an "m" at k is minutes: after an hour token, or before seconds.
  auto minutes_here = [&](size_t k, const std::string& done_tokens) {
    if (!done_tokens.empty() && done_tokens.back() == 'h') return true;
    size_t e = k;
    while (e < n && (fmt[e] | 0x20) == u'm') ++e;
    while (e < n && !((fmt[e] | 0x20) >= u'a' && (fmt[e] | 0x20) <= u'z')) ++e;
    return e < n && (fmt[e] | 0x20) == u's';
  };
  const bool ampm = lower(fmt).find(u"am/pm") != std::u16string::npos || lower(fmt).find(u"a/p") != std::u16string::npos ||
                    lower(fmt).find(u"ampm") != std::u16string::npos;
  std::string tokens;
  for (size_t k = 0; k < n;) {
    const char16_t c = fmt[k];
    const char16_t lc = c | 0x20;
    if (c == u'"') {
      while (++k < n && fmt[k] != u'"') out.push_back(static_cast<char>(fmt[k]));
      ++k;
      continue;
    }
    if (c == u'\\') {
      if (k + 1 < n) out.push_back(static_cast<char>(fmt[k + 1]));
      k += 2;
      continue;
    }
    const std::u16string rest = lower(fmt.substr(k, 5));
    if (rest == u"am/pm") {
      const std::string m = u.hour < 12 ? "AM" : "PM";
      out += fmt[k] == u'a' ? (u.hour < 12 ? "am" : "pm") : m;
      k += 5;
      continue;
    }
    if (rest.substr(0, 4) == u"ampm") {
      out += u.hour < 12 ? "AM" : "PM";
      k += 4;
      continue;
    }
    if (rest.substr(0, 3) == u"a/p") {
      out += fmt[k] == u'a' ? (u.hour < 12 ? "a" : "p") : (u.hour < 12 ? "A" : "P");
      k += 3;
      continue;
    }
    if (lc == u'd') {
      const size_t m = count(k, u'd');
      if (m == 1) out += std::to_string(u.day);
      else if (m == 2) out += two(u.day);
      else if (m == 3) out += kDayAbbrevs[u.day_of_week];
      else if (m == 4) out += kDayNames[u.day_of_week];
      else if (m == 5) out += std::to_string(u.month) + "/" + std::to_string(u.day) + "/" + std::to_string(u.year);
      else out += std::string(kDayNames[u.day_of_week]) + ", " + kMonthNames[u.month - 1] + " " + std::to_string(u.day) +
                  ", " + std::to_string(u.year);
      k += m;
      tokens.push_back('d');
      continue;
    }
    if (lc == u'm') {
      const size_t m = count(k, u'm');
      if (m <= 2 && minutes_here(k, tokens)) {
        out += m == 1 ? std::to_string(u.minute) : two(u.minute);
        tokens.push_back('n');
      } else {
        if (m == 1) out += std::to_string(u.month);
        else if (m == 2) out += two(u.month);
        else if (m == 3) out += kMonthAbbrevs[u.month - 1];
        else out += kMonthNames[u.month - 1];
        tokens.push_back('m');
      }
      k += m;
      continue;
    }
    if (lc == u'y') {
      const size_t m = count(k, u'y');
      if (m <= 2 && m == 1) {
        out += std::to_string(u.day_of_year);
      } else if (m <= 3) {
        out += two(u.year % 100);
        if (m == 3) out += std::to_string(u.day_of_year);
      } else {
        out += std::to_string(u.year);
      }
      k += m;
      tokens.push_back('y');
      continue;
    }
    if (lc == u'h' || lc == u'n' || lc == u's') {  // hours, minutes, seconds: one digit or two
      const size_t m = count(k, lc);
      int v = lc == u'h' ? u.hour : lc == u'n' ? u.minute : u.second;
      if (lc == u'h' && ampm) v = v % 12 == 0 ? 12 : v % 12;
      out += m == 1 ? std::to_string(v) : two(v);
      k += m;
      tokens.push_back(static_cast<char>(lc));
      continue;
    }
    if (lc == u'w') {
      const size_t m = count(k, u'w');
      const int fd = first_day ? first_day : 1;  // 1: Sunday
      const int dow = (u.day_of_week + 1 - fd + 7) % 7 + 1;
      if (m == 1) {
        out += std::to_string(dow);
      } else {
        // Week of the year: the week holding 1 January is week 1 (first_week 0 or 1).
        (void)first_week;
        Udate jan1 = u;
        jan1.month = 1;
        jan1.day = 1;
        double d1;
        udate_to_date(jan1, VAR_DATEVALUEONLY, d1);
        Udate j;
        date_to_udate(d1, j);
        const int offset = (j.day_of_week + 1 - fd + 7) % 7;
        out += std::to_string((u.day_of_year - 1 + offset) / 7 + 1);
      }
      k += m;
      continue;
    }
    if (lc == u'q') {
      out += std::to_string((u.month - 1) / 3 + 1);
      ++k;
      continue;
    }
    if (lc == u'c') {
      const std::u16string t = date_text(date, 0);
      for (char16_t ch : t) out.push_back(static_cast<char>(ch));
      ++k;
      continue;
    }
    if (lower(fmt.substr(k, 5)) == u"ttttt") {
      const int h12 = u.hour % 12 == 0 ? 12 : u.hour % 12;
      out += std::to_string(h12) + ":" + two(u.minute) + ":" + two(u.second) + (u.hour < 12 ? " AM" : " PM");
      k += 5;
      continue;
    }
    out.push_back(static_cast<char>(c));
    ++k;
  }
  return text_of(out);
}

bool has_date_parts(const std::u16string& f) {
  bool quote = false;
  for (size_t k = 0; k < f.size(); ++k) {
    const char16_t c = f[k] | 0x20;
    if (f[k] == u'"') quote = !quote;
    if (quote) continue;
    if (f[k] == u'\\') {
      ++k;
      continue;
    }
    if (c == u'd' || c == u'm' || c == u'y' || c == u'h' || c == u'n' || c == u's' || c == u'w' || c == u'q' ||
        c == u'c' || c == u't')
      return true;
  }
  return false;
}
bool has_number_parts(const std::u16string& f) {
  bool quote = false;
  for (size_t k = 0; k < f.size(); ++k) {
    if (f[k] == u'"') quote = !quote;
    if (quote) continue;
    if (f[k] == u'\\') {
      ++k;
      continue;
    }
    if (f[k] == u'0' || f[k] == u'#' || f[k] == u'%' || f[k] == u'.') return true;
  }
  return false;
}
bool has_text_parts(const std::u16string& f) {
  return f.find(u'@') != std::u16string::npos || f.find(u'&') != std::u16string::npos;
}

std::u16string format_text(const std::u16string& fmt, const std::u16string& s) {
  std::u16string pattern = fmt;
  bool upper = false, low = false;
  if (!pattern.empty() && (pattern[0] == u'<' || pattern[0] == u'>')) {
    low = pattern[0] == u'<';
    upper = pattern[0] == u'>';
    pattern.erase(0, 1);
  }
  size_t slots = 0;
  for (char16_t c : pattern) slots += c == u'@' || c == u'&';
  // Characters fill the placeholders from the right; '@' shows a space where none is left.
  std::u16string out;
  size_t next = 0;
  const size_t extra = s.size() > slots ? s.size() - slots : 0;
  size_t missing = slots > s.size() ? slots - s.size() : 0;
  bool first = true;
  for (char16_t c : pattern) {
    if (c == u'@' || c == u'&') {
      if (first) {
        out += s.substr(0, extra);
        next = extra;
        first = false;
      }
      if (missing) {
        --missing;
        if (c == u'@') out += u' ';
      } else if (next < s.size()) {
        out += s[next++];
      }
    } else {
      out += c;
    }
  }
  if (upper)
    for (char16_t& c : out)
      if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - 32);
  if (low)
    for (char16_t& c : out)
      if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c + 32);
  return out;
}

// The named formats, as their user-defined equivalents (0: the value's own text).
const char16_t* named_format(const std::u16string& f) {
  const std::u16string l = lower(f);
  if (l == u"general number") return nullptr;
  if (l == u"currency") return u"$#,##0.00;($#,##0.00)";
  if (l == u"fixed") return u"0.00";
  if (l == u"standard") return u"#,##0.00";
  if (l == u"percent") return u"0.00%";
  if (l == u"scientific") return u"0.00E+00";
  if (l == u"long date") return u"dddd, mmmm d, yyyy";
  if (l == u"medium date") return u"dd-mmm-yy";
  if (l == u"short date") return u"m/d/yyyy";
  if (l == u"long time") return u"h:mm:ss AM/PM";
  if (l == u"medium time") return u"hh:mm AM/PM";
  if (l == u"short time") return u"hh:mm";
  return u"";
}

int32_t format_value(WindowsProcess& p, const Value& in_value, const std::u16string& fmt_in, int first_day,
                     int first_week, uint32_t flags, Value& out) {
  Value in = in_value;
  if (in.vt & VT_BYREF) {
    Value t;
    if (int32_t hr = deref_variant(p, in, t); hr != S_OK) return hr;
    in = t;
  }
  out = Value{};
  out.vt = VT_BSTR;
  std::u16string fmt = fmt_in;
  auto as_text = [&]() { return convert(p, in, VT_BSTR, 0x0400, flags, out, true); };
  if (fmt.empty()) return as_text();
  const std::u16string l = lower(fmt);
  if (l == u"general number") {
    Value d;
    if (convert(p, in, VT_R8, 0x0400, 0, d) != S_OK) return as_text();
    return convert(p, d, VT_BSTR, 0x0400, 0, out);
  }
  if (l == u"general date") {
    Value d;
    if (convert(p, in, VT_DATE, 0x0400, 0, d) != S_OK) return as_text();
    out.s = date_text(d.r, 0);
    return S_OK;
  }
  if (l == u"yes/no" || l == u"true/false" || l == u"on/off") {
    Value b;
    if (convert(p, in, VT_BOOL, 0x0400, 0, b) != S_OK) return as_text();
    const char* yes = l == u"yes/no" ? "Yes" : l == u"true/false" ? "True" : "On";
    const char* no = l == u"yes/no" ? "No" : l == u"true/false" ? "False" : "Off";
    out.s = u16(b.i ? yes : no);
    return S_OK;
  }
  if (const char16_t* named = named_format(fmt); named && *named) fmt = named;
  if (in.vt == VT_NULL) {
    out.vt = VT_NULL;
    return S_OK;
  }
  if (has_text_parts(fmt) && !has_number_parts(fmt)) {
    Value t;
    if (int32_t hr = convert(p, in, VT_BSTR, 0x0400, flags, t, true); hr != S_OK) return hr;
    out.s = format_text(fmt, t.s);
    return S_OK;
  }
  const bool date_fmt = has_date_parts(fmt) && fmt.find_first_of(u"0#%") == std::u16string::npos;
  if (date_fmt) {
    Value d;
    int32_t hr = convert(p, in, VT_DATE, 0x0400, 0, d);
    if (hr != S_OK) return (flags & VAR_FORMAT_NOSUBSTITUTE) ? hr : as_text();
    out.s = format_date(fmt, d.r, first_day, first_week);
    return S_OK;
  }
  Value d;
  int32_t hr = convert(p, in, VT_R8, 0x0400, 0, d);
  if (hr != S_OK) return (flags & VAR_FORMAT_NOSUBSTITUTE) ? hr : as_text();
  out.s = format_number(fmt, d.r, false);
  return S_OK;
}

int32_t put_out(WindowsProcess& p, Ptr out, const Value& v) {
  if (v.vt == VT_NULL) return S_OK;
  const uint64_t b = make_bstr(p, v.s);
  if (!b) return E_OUTOFMEMORY;
  p.put_ptr(out.addr, b);
  return S_OK;
}

int32_t VarFormat(WindowsProcess& p, Ptr var, Ptr fmt, int32_t first_day, int32_t first_week, uint32_t flags, Ptr out) {
  if (!out) return E_INVALIDARG;
  if (first_day < 0 || first_day > 7 || first_week < 0 || first_week > 3) return E_INVALIDARG;
  if (!var) return E_INVALIDARG;
  Value v;
  int32_t hr = format_value(p, read_variant(p, var.addr), fmt ? WStr{fmt.addr}.str() : u"", first_day, first_week, flags, v);
  if (hr != S_OK) return hr;
  return put_out(p, out, v);
}

// The tokens: [0] their size (4), [1] the first day of the week, [2] the first week of the year,
// [3] 'F'. The format itself is passed again to VarFormatFromTokens.
int32_t VarTokenizeFormatString(WindowsProcess&, Ptr fmt, Ptr tokens, int32_t size, int32_t first_day,
                                int32_t first_week, uint32_t, Ptr actual) {
  if (!tokens || first_day < 0 || first_day > 7 || first_week < 0 || first_week > 3) return E_INVALIDARG;
  (void)fmt;
  if (size < 4) return DISP_E_BUFFERTOOSMALL;
  const uint8_t t[4] = {4, static_cast<uint8_t>(first_day), static_cast<uint8_t>(first_week), 'F'};
  std::memcpy(guest_pointer(tokens.addr), t, 4);
  if (actual) put<int32_t>(actual.addr, 4);
  return S_OK;
}
int32_t VarFormatFromTokens(WindowsProcess& p, Ptr var, Ptr fmt, Ptr tokens, uint32_t flags, Ptr out, uint32_t) {
  if (!out || !var || !tokens) return E_INVALIDARG;
  const int first_day = get<uint8_t>(tokens.addr + 1), first_week = get<uint8_t>(tokens.addr + 2);
  Value v;
  int32_t hr = format_value(p, read_variant(p, var.addr), fmt ? WStr{fmt.addr}.str() : u"", first_day, first_week, flags, v);
  if (hr != S_OK) return hr;
  return put_out(p, out, v);
}

int32_t VarFormatDateTime(WindowsProcess& p, Ptr var, int32_t kind, uint32_t flags, Ptr out) {
  if (!var || !out || kind < 0 || kind > 4) return E_INVALIDARG;
  static const char16_t* const formats[5] = {u"General Date", u"Long Date", u"Short Date", u"Long Time", u"Short Time"};
  Value v;
  int32_t hr = format_value(p, read_variant(p, var.addr), formats[kind], 0, 0, flags, v);
  if (hr != S_OK) return hr;
  return put_out(p, out, v);
}

// GetNumberFormat's and GetCurrencyFormat's work with the caller's choices (-2: the locale's own;
// -1: yes; 0: no).
std::u16string number_with(double v, int digits, int leading, int parens, int grouping, bool currency) {
  if (digits < 0) digits = 2;
  const bool lead = leading == -2 ? true : leading == -1;
  const bool group_digits = grouping == -2 ? true : grouping == -1;
  const bool use_parens = parens == -2 ? currency : parens == -1;
  std::string whole, frac;
  digits_of(std::fabs(v), digits, whole, frac);
  if (whole == "0" && !lead && digits > 0) whole.clear();
  if (group_digits) whole = group(whole);
  std::string body = whole + (digits > 0 ? "." + frac : "");
  if (currency) body = "$" + body;
  bool nonzero = false;
  for (char c : whole + frac) nonzero |= c >= '1' && c <= '9';
  if (v < 0 && nonzero) body = use_parens ? "(" + body + ")" : "-" + body;
  return text_of(body);
}

int32_t number_argument(WindowsProcess& p, Ptr var, double& d, bool currency) {
  Value v = read_variant(p, var.addr);
  if (v.vt & VT_BYREF) {
    Value t;
    if (int32_t hr = deref_variant(p, v, t); hr != S_OK) return hr;
    v = t;
  }
  Value r;
  int32_t hr = convert(p, v, currency ? VT_CY : VT_R8, 0x0409, 0, r);
  if (hr != S_OK) return hr;
  d = currency ? static_cast<double>(r.i) / 10000.0 : r.r;
  return S_OK;
}

int32_t VarFormatNumber(WindowsProcess& p, Ptr var, int32_t digits, int32_t leading, int32_t parens, int32_t grouping,
                        uint32_t, Ptr out) {
  if (!var || !out || digits > 9) return E_INVALIDARG;
  double d;
  if (int32_t hr = number_argument(p, var, d, false); hr != S_OK) return hr;
  Value v;
  v.s = number_with(d, digits, leading, parens, grouping, false);
  return put_out(p, out, v);
}
int32_t VarFormatPercent(WindowsProcess& p, Ptr var, int32_t digits, int32_t leading, int32_t parens, int32_t grouping,
                         uint32_t, Ptr out) {
  if (!var || !out || digits > 9) return E_INVALIDARG;
  double d;
  if (int32_t hr = number_argument(p, var, d, false); hr != S_OK) return hr;
  Value v;
  v.s = number_with(d * 100.0, digits, leading, parens, grouping, false);
  if (!v.s.empty() && v.s.back() == u')') v.s.insert(v.s.size() - 1, u"%");
  else v.s += u'%';
  return put_out(p, out, v);
}
int32_t VarFormatCurrency(WindowsProcess& p, Ptr var, int32_t digits, int32_t leading, int32_t parens, int32_t grouping,
                          uint32_t, Ptr out) {
  if (!var || !out || digits > 9) return E_INVALIDARG;
  double d;
  if (int32_t hr = number_argument(p, var, d, true); hr != S_OK) return hr;
  Value v;
  v.s = number_with(d, digits, leading, parens, grouping, true);
  return put_out(p, out, v);
}

int32_t VarMonthName(WindowsProcess& p, int32_t month, int32_t abbrev, uint32_t, Ptr out) {
  if (month < 1 || month > 12) return E_INVALIDARG;
  Value v;
  v.s = u16(abbrev ? kMonthAbbrevs[month - 1] : kMonthNames[month - 1]);
  return put_out(p, out, v);
}
// iWeekday 1-7 counted from iFirstDay (1 Sunday … 7 Saturday; 0 the locale's: Sunday).
int32_t VarWeekdayName(WindowsProcess& p, int32_t weekday, int32_t abbrev, int32_t first_day, uint32_t, Ptr out) {
  if (weekday < 1 || weekday > 7 || first_day < 0 || first_day > 7 || !out) return E_INVALIDARG;
  if (first_day == 0) first_day = 1;
  const int day = (weekday - 1 + first_day - 1) % 7;  // 0 Sunday
  Value v;
  v.s = u16(abbrev ? kDayAbbrevs[day] : kDayNames[day]);
  return put_out(p, out, v);
}

}  // namespace

const std::vector<Export>& format_exports() {
  static const std::vector<Export> exports = {
      EXPORT("VarFormat", VarFormat),
      EXPORT("VarTokenizeFormatString", VarTokenizeFormatString),
      EXPORT("VarFormatFromTokens", VarFormatFromTokens),
      EXPORT("VarFormatDateTime", VarFormatDateTime),
      EXPORT("VarFormatNumber", VarFormatNumber),
      EXPORT("VarFormatPercent", VarFormatPercent),
      EXPORT("VarFormatCurrency", VarFormatCurrency),
      EXPORT("VarMonthName", VarMonthName),
      EXPORT("VarWeekdayName", VarWeekdayName),
  };
  return exports;
}

}  // namespace polyrun::shims::oleaut
