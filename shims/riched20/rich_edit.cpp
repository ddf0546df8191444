// RICHED20.dll, RICHED32.dll and MSFTEDIT.dll: the rich edit control (RichEdit20W, RichEdit20A,
// RICHEDIT, RICHEDIT50W) as USER32's EDIT control with the rich edit messages programs use to fill
// and read it: EM_STREAMIN and EM_STREAMOUT through the program's callback (plain text, UTF-16
// text, and RTF read as its text: paragraphs, tabs, escaped and Unicode characters, the groups of
// fonts, colours and other destinations left out), the EX forms of the selection and limit
// messages, text ranges, finding text (EM_FINDTEXT and its EX and W forms), GETTEXTEX/SETTEXTEX, the
// event mask and options. A paragraph ends in one
// character, "\r", in every position and in the text the rich edit's own messages give (the EDIT
// under it keeps "\r\n", which WM_GETTEXT gives, as the rich edit's does); a selection may end
// after the final paragraph mark, as select-all's does. The text is shown as plain text in the
// control's font: character and paragraph formats are refused (EM_SETCHARFORMAT and
// EM_SETPARAFORMAT answer 0), and EM_SETBKGNDCOLOR's colour is kept but not painted.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <string>

#include "shims/riched20/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace rich_edit {

namespace {

using user32::ControlClass;
using user32::WM_GETTEXT;
using user32::WM_GETTEXTLENGTH;
using user32::WM_NCCREATE;
using user32::WM_NCDESTROY;
using user32::WM_SETTEXT;

enum : uint32_t {
  WM_USER_ = 0x400, EM_GETSEL_ = 0xb0, EM_SETSEL_ = 0xb1, EM_GETLINECOUNT_ = 0xba, EM_LINEINDEX_ = 0xbb,
  EM_LINELENGTH_ = 0xc1, EM_REPLACESEL_ = 0xc2, EM_GETLINE_ = 0xc4, EM_SETLIMITTEXT_ = 0xc5, EM_LINEFROMCHAR_ = 0xc9,
  EM_POSFROMCHAR_ = 0xd6, EM_CHARFROMPOS_ = 0xd7, EM_FINDTEXT = WM_USER_ + 56, EM_FINDTEXTEX = WM_USER_ + 79,
  EM_FINDTEXTW = WM_USER_ + 123, EM_FINDTEXTEXW = WM_USER_ + 124, FR_DOWN = 0x1, FR_WHOLEWORD = 0x2,
  FR_MATCHCASE = 0x4, EM_CANPASTE = WM_USER_ + 50, EM_DISPLAYBAND = WM_USER_ + 51,
  EM_EXGETSEL = WM_USER_ + 52, EM_EXLIMITTEXT = WM_USER_ + 53, EM_EXLINEFROMCHAR = WM_USER_ + 54,
  EM_EXSETSEL = WM_USER_ + 55, EM_GETCHARFORMAT = WM_USER_ + 58, EM_GETEVENTMASK = WM_USER_ + 59,
  EM_GETOLEINTERFACE = WM_USER_ + 60, EM_GETPARAFORMAT = WM_USER_ + 61, EM_GETSELTEXT = WM_USER_ + 62,
  EM_HIDESELECTION = WM_USER_ + 63, EM_SETBKGNDCOLOR = WM_USER_ + 67, EM_SETCHARFORMAT = WM_USER_ + 68,
  EM_SETEVENTMASK = WM_USER_ + 69, EM_SETPARAFORMAT = WM_USER_ + 71, EM_STREAMIN = WM_USER_ + 73,
  EM_STREAMOUT = WM_USER_ + 74, EM_GETTEXTRANGE = WM_USER_ + 75, EM_SETOPTIONS = WM_USER_ + 77,
  EM_GETOPTIONS = WM_USER_ + 78, EM_SETUNDOLIMIT = WM_USER_ + 82, EM_AUTOURLDETECT = WM_USER_ + 91,
  EM_GETTEXTEX = WM_USER_ + 94, EM_GETTEXTLENGTHEX = WM_USER_ + 95, EM_SETTEXTEX = WM_USER_ + 97,
  EM_GETTEXTMODE = WM_USER_ + 90, EM_SETTEXTMODE = WM_USER_ + 89,
  SF_TEXT = 0x1, SF_RTF = 0x2, SF_UNICODE = 0x10, SFF_SELECTION = 0x8000,
  ECOOP_SET = 1, ECOOP_OR = 2, ECOOP_AND = 3, ECOOP_XOR = 4,
  GT_USECRLF = 1, GT_SELECTION = 2, GTL_USECRLF = 1, GTL_NUMCHARS = 8, GTL_NUMBYTES = 16, ST_SELECTION = 2,
  TM_PLAINTEXT = 1,
};

struct RichState {
  uint32_t event_mask = 0, options = 0, auto_url = 0;
  uint32_t background = 0xffffffff;  // EM_SETBKGNDCOLOR's (kept; the system colour is painted)
  int quiet = 0;  // the EDIT's EN_CHANGE/EN_UPDATE held back (a change of the rich edit's own telling)
  // A selection that ends after the final paragraph mark (select all, or an end past the text): the
  // EDIT's selection ends at the text's end, and the rich edit answers one more while the EDIT's
  // selection and text are still what they were when it was set.
  bool past_end = false;
  int32_t seen_start = 0, seen_end = 0, seen_length = 0;
};
std::map<uint64_t, RichState>& rich_states() {
  static std::map<uint64_t, RichState> s;
  return s;
}

uint64_t edit(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wp, uint64_t lp, bool unicode) {
  return user32::edit_class().proc(p, hwnd, msg, wp, lp, unicode);
}

// ---- the text ----
//
// The rich edit keeps the end of a paragraph as one character, "\r", and its character positions
// count it as one; the EDIT control under it keeps "\r\n". WM_GETTEXT and WM_GETTEXTLENGTH give the
// EDIT's form (CR LF, as the rich edit gives them), the rich edit's own messages its own form.

std::u16string edit_form(const std::u16string& rich) {
  std::u16string out;
  for (char16_t c : rich) {
    out += c;
    if (c == u'\r') out += u'\n';
  }
  return out;
}

std::u16string rich_form(const std::u16string& edit_text) {
  std::u16string out;
  for (size_t i = 0; i < edit_text.size(); ++i)
    if (!(edit_text[i] == u'\n' && i > 0 && edit_text[i - 1] == u'\r')) out += edit_text[i];
  return out;
}

// Text a program gives, as the rich edit takes it: "\r\r\n" (the EDIT control's soft break) is a
// space, "\r\n", a lone "\r" and a lone "\n" each end a paragraph. A single-line control keeps what
// comes before the first paragraph's end.
std::u16string paragraphs(const std::u16string& in, bool multiline) {
  std::u16string out;
  for (size_t i = 0; i < in.size(); ++i) {
    const char16_t c = in[i];
    if (c == u'\r' && i + 2 < in.size() && in[i + 1] == u'\r' && in[i + 2] == u'\n') {
      out += u' ';
      i += 2;
    } else if (c == u'\r' || c == u'\n') {
      if (!multiline) break;
      out += u'\r';
      if (c == u'\r' && i + 1 < in.size() && in[i + 1] == u'\n') ++i;
    } else {
      out += c;
    }
  }
  return out;
}

// A rich edit position as the EDIT's, and back.
int32_t edit_position(const std::u16string& edit_text, int32_t rich) {
  int32_t at = 0;
  for (size_t i = 0; i < edit_text.size() && rich > 0; ++i) {
    ++at;
    if (edit_text[i] == u'\r' && i + 1 < edit_text.size() && edit_text[i + 1] == u'\n') ++i, ++at;
    --rich;
  }
  return at;
}
int32_t rich_position(const std::u16string& edit_text, int32_t at) {
  int32_t rich = 0;
  for (int32_t i = 0; i < at && i < static_cast<int32_t>(edit_text.size()); ++i)
    if (!(edit_text[static_cast<size_t>(i)] == u'\n' && i > 0 && edit_text[static_cast<size_t>(i) - 1] == u'\r')) ++rich;
  return rich;
}

std::u16string window_text(WindowsProcess& p, uint64_t hwnd) {
  const uint64_t n = edit(p, hwnd, WM_GETTEXTLENGTH, 0, 0, true);
  const uint64_t buf = p.heap.alloc(2 * (n + 1), true);
  edit(p, hwnd, WM_GETTEXT, n + 1, buf, true);
  std::u16string s(reinterpret_cast<const char16_t*>(buf));
  p.heap.free(buf);
  return s;
}

bool multiline(WindowsProcess& p, uint64_t hwnd) {
  user32::Window* w = user32::find_window(p, hwnd);
  return w && (w->style & 0x4 /* ES_MULTILINE */);
}

// The EDIT's selection (start, end).
std::pair<int32_t, int32_t> edit_selection(WindowsProcess& p, uint64_t hwnd) {
  const uint64_t at = p.heap.alloc(8, true);
  edit(p, hwnd, EM_GETSEL_, at, at + 4, true);
  const std::pair<int32_t, int32_t> sel{get<int32_t>(at), get<int32_t>(at + 4)};
  p.heap.free(at);
  return sel;
}

// The selection in the rich edit's positions (its end one past the text's when the final
// paragraph mark is selected).
std::pair<int32_t, int32_t> selection(WindowsProcess& p, uint64_t hwnd, RichState& r) {
  const std::u16string text = window_text(p, hwnd);
  const std::pair<int32_t, int32_t> e = edit_selection(p, hwnd);
  std::pair<int32_t, int32_t> sel{rich_position(text, e.first), rich_position(text, e.second)};
  if (r.past_end && e.first == r.seen_start && e.second == r.seen_end &&
      static_cast<int32_t>(text.size()) == r.seen_length && e.second == r.seen_length)
    ++sel.second;
  else
    r.past_end = false;
  return sel;
}

// EM_EXSETSEL's and EM_SETSEL's rules (cpMin, cpMax): a negative start with a negative end puts the
// caret at the text's end, with an end of 0 or more takes the selection away (the caret at its
// end); a negative end selects from the start to after the final paragraph mark; otherwise the two
// in order, the start no further than the text's end and an end past it after the final paragraph
// mark. The selection's end.
int32_t set_selection(WindowsProcess& p, uint64_t hwnd, RichState& r, int32_t from, int32_t to) {
  const std::u16string text = window_text(p, hwnd);
  const int32_t length = rich_position(text, static_cast<int32_t>(text.size()));
  int32_t a = 0, b = 0;
  bool past = false;
  if (from < 0) {
    if (to < 0) {
      a = b = length;
    } else {
      a = b = std::min(selection(p, hwnd, r).second, length);
    }
  } else if (to < 0) {
    a = std::min(from, length);
    b = length;
    past = from <= length;
  } else {
    a = std::min(from, to), b = std::max(from, to);
    if (b > length) b = length, past = true;
    if (a > length) a = length;
  }
  const int32_t ea = edit_position(text, a), eb = edit_position(text, b);
  edit(p, hwnd, EM_SETSEL_, static_cast<uint32_t>(ea), static_cast<uint32_t>(eb), true);
  r.past_end = past;
  r.seen_start = ea, r.seen_end = eb, r.seen_length = static_cast<int32_t>(text.size());
  return past ? b + 1 : b;
}

// EN_CHANGE of a change the rich edit tells of itself (the whole text set or streamed in), with
// ENM_CHANGE off while the parent hears of it.
void tell_change(WindowsProcess& p, uint64_t hwnd) {
  RichState& r = rich_states()[hwnd];
  if (!(r.event_mask & 1 /* ENM_CHANGE */)) return;
  r.event_mask &= ~1u;
  user32::notify_parent(p, hwnd, 0x300 /* EN_CHANGE */);
  rich_states()[hwnd].event_mask |= 1;
}

// The text (the rich edit's form) put in place of the whole text or the selection, the EDIT's own
// notifications held back; the characters put.
size_t put_text(WindowsProcess& p, uint64_t hwnd, const std::u16string& text, bool selection_only) {
  RichState& r = rich_states()[hwnd];
  const user32::GuestText at(p, edit_form(text));
  ++r.quiet;
  if (selection_only) edit(p, hwnd, EM_REPLACESEL_, 1, at.at, true);
  else edit(p, hwnd, WM_SETTEXT, 0, at.at, true);
  --rich_states()[hwnd].quiet;
  rich_states()[hwnd].past_end = false;
  tell_change(p, hwnd);
  return text.size();
}

// Which of the EDIT's notifications the parent gets: EN_CHANGE, EN_UPDATE and the scrolling ones
// only as the event mask asks (ENM_CHANGE, ENM_UPDATE, ENM_SCROLL), and neither of the first two
// while the rich edit tells of a change itself.
bool allow_notification(WindowsProcess&, uint64_t hwnd, uint32_t code) {
  const RichState& r = rich_states()[hwnd];
  switch (code) {
    case 0x300: return !r.quiet && (r.event_mask & 1);  // EN_CHANGE
    case 0x400: return !r.quiet && (r.event_mask & 2);  // EN_UPDATE
    case 0x601:
    case 0x602: return (r.event_mask & 4) != 0;  // EN_HSCROLL, EN_VSCROLL
    default: return true;
  }
}

// A byte of Windows-1252 (RTF's \ansi documents) as UTF-16.
char16_t from_cp1252(unsigned v) {
  static const char16_t high[32] = {0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160,
                                    0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
                                    0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178};
  return v >= 0x80 && v < 0xa0 ? high[v - 0x80] : static_cast<char16_t>(v & 0xff);
}

// RTF's text in the rich edit's form: paragraphs (\par; \line too, the control having no line
// breaks within a paragraph) as "\r" — the document's last one left out, as the rich edit reads
// it —, \tab, \'hh in the document's code page (Windows 1252 here), \uN with its fallback
// skipped, escaped braces and backslashes; the font and colour tables, stylesheets, pictures,
// information and \* destinations left out.
std::u16string rtf_text(const std::string& rtf) {
  std::u16string out;
  std::vector<char> skip_stack{0};
  int uc = 1, skip_chars = 0;
  for (size_t i = 0; i < rtf.size();) {
    const char c = rtf[i];
    char& skipping = skip_stack.back();
    if (c == '{') {
      skip_stack.push_back(skip_stack.back());
      ++i;
      continue;
    }
    if (c == '}') {
      if (skip_stack.size() > 1) skip_stack.pop_back();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c != '\\') {
      if (skip_chars > 0) --skip_chars;
      else if (!skipping) out += from_cp1252(static_cast<unsigned char>(c));
      ++i;
      continue;
    }
    // A control word or symbol.
    if (i + 1 >= rtf.size()) break;
    const char n = rtf[i + 1];
    if (n == '\\' || n == '{' || n == '}') {
      if (!skipping) out += static_cast<char16_t>(n);
      i += 2;
      continue;
    }
    if (n == '*') {
      skipping = 1;
      i += 2;
      continue;
    }
    if (n == '\'') {
      if (i + 3 < rtf.size()) {
        const unsigned v = static_cast<unsigned>(std::stoul(rtf.substr(i + 2, 2), nullptr, 16));
        if (skip_chars > 0) --skip_chars;
        else if (!skipping) out += from_cp1252(v);
      }
      i += 4;
      continue;
    }
    size_t j = i + 1;
    while (j < rtf.size() && std::isalpha(static_cast<unsigned char>(rtf[j]))) ++j;
    const std::string word = rtf.substr(i + 1, j - i - 1);
    if (word.empty()) {  // another control symbol (\~ \- \_ …)
      if (!skipping && n == '~') out += u'\u00a0';
      i += 2;
      continue;
    }
    std::string number;
    if (j < rtf.size() && (rtf[j] == '-' || std::isdigit(static_cast<unsigned char>(rtf[j])))) {
      size_t k = j + 1;
      while (k < rtf.size() && std::isdigit(static_cast<unsigned char>(rtf[k]))) ++k;
      number = rtf.substr(j, k - j);
      j = k;
    }
    if (j < rtf.size() && rtf[j] == ' ') ++j;  // (the delimiting space belongs to the word)
    i = j;
    if (word == "fonttbl" || word == "colortbl" || word == "stylesheet" || word == "info" || word == "pict" ||
        word == "object" || word == "header" || word == "footer" || word == "listtable" || word == "generator") {
      skipping = 1;
    } else if (skipping) {
      continue;
    } else if (word == "par" || word == "line") {
      out += u'\r';
    } else if (word == "tab") {
      out += u'\t';
    } else if (word == "uc" && !number.empty()) {
      uc = std::stoi(number);
    } else if (word == "u" && !number.empty()) {
      int v = std::stoi(number);
      if (v < 0) v += 65536;
      out += static_cast<char16_t>(v);
      skip_chars = uc;
    } else if (word == "emdash") {
      out += u'\u2014';
    } else if (word == "endash") {
      out += u'\u2013';
    } else if (word == "bullet") {
      out += u'\u2022';
    } else if (word == "lquote") {
      out += u'\u2018';
    } else if (word == "rquote") {
      out += u'\u2019';
    } else if (word == "ldblquote") {
      out += u'\u201c';
    } else if (word == "rdblquote") {
      out += u'\u201d';
    }
  }
  if (!out.empty() && out.back() == u'\r') out.pop_back();
  return out;
}

bool is_rtf(const std::u16string& s) { return s.rfind(u"{\\rtf", 0) == 0 || s.rfind(u"{\\urtf", 0) == 0; }

// Text a program sets (WM_SETTEXT, EM_SETTEXTEX, EM_REPLACESEL): RTF read as its text, other text
// as the rich edit takes it.
std::u16string given_text(WindowsProcess& p, uint64_t hwnd, const std::u16string& s) {
  if (is_rtf(s)) return paragraphs(rtf_text(utf16_to_ansi(s)), multiline(p, hwnd));
  return paragraphs(s, multiline(p, hwnd));
}

// EDITSTREAM: dwCookie (pointer-sized), dwError, pfnCallback, packed to 4 bytes as all of
// richedit.h's structures are (the callback at 12 on x64); the callback (cookie, buffer, bytes,
// &done) answers 0 to go on.
struct Stream {
  uint64_t cookie, callback, error_at;
};
Stream read_stream(WindowsProcess& p, uint64_t at) {
  const unsigned w = p.isa->ptr;
  return {p.get_ptr(at), p.get_ptr(at + w + 4), at + w};
}

// EM_STREAMIN: the characters read (plain text) or put (RTF).
uint64_t stream_in(WindowsProcess& p, uint64_t hwnd, uint32_t format, uint64_t es_at) {
  if (!es_at) return 0;
  const Stream s = read_stream(p, es_at);
  std::string bytes;
  const uint32_t chunk = 4096;
  const uint64_t buf = p.heap.alloc(chunk + 8, true), done = p.heap.alloc(8, true);
  uint32_t error = 0;
  for (int guard = 0; guard < 1 << 20; ++guard) {
    put<int32_t>(done, 0);
    error = static_cast<uint32_t>(p.call_guest(s.callback, {s.cookie, buf, chunk, done}));
    const int32_t got = get<int32_t>(done);
    if (error || got <= 0) break;
    bytes.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(std::min<int32_t>(got, chunk)));
  }
  p.heap.free(buf);
  p.heap.free(done);
  put<uint32_t>(s.error_at, error);
  if ((format & 0x3) == SF_RTF || bytes.rfind("{\\rtf", 0) == 0) {
    const std::u16string text = paragraphs(rtf_text(bytes), multiline(p, hwnd));
    return put_text(p, hwnd, text, format & SFF_SELECTION);
  }
  std::u16string text;
  if (format & SF_UNICODE) text.assign(reinterpret_cast<const char16_t*>(bytes.data()), bytes.size() / 2);
  else text = ansi_to_utf16(bytes);  // (SF_TEXT: the ANSI code page)
  put_text(p, hwnd, paragraphs(text, multiline(p, hwnd)), format & SFF_SELECTION);
  return text.size();
}

// The selected part of the rich edit's text.
std::u16string selected_text(WindowsProcess& p, uint64_t hwnd, RichState& r) {
  const std::u16string text = rich_form(window_text(p, hwnd));
  const std::pair<int32_t, int32_t> sel = selection(p, hwnd, r);
  const size_t a = static_cast<size_t>(std::max(sel.first, 0)), b = static_cast<size_t>(std::max(sel.second, 0));
  return a < text.size() && b > a ? text.substr(a, b - a) : std::u16string();
}

// EM_STREAMOUT: the bytes written. Plain text ends its paragraphs with CR LF.
uint64_t stream_out(WindowsProcess& p, uint64_t hwnd, RichState& r, uint32_t format, uint64_t es_at) {
  if (!es_at) return 0;
  const Stream s = read_stream(p, es_at);
  const std::u16string text = format & SFF_SELECTION ? selected_text(p, hwnd, r) : rich_form(window_text(p, hwnd));
  std::string bytes;
  if ((format & 0x3) == SF_RTF) {
    std::string body;
    for (char16_t c : text) {
      if (c == u'\r') body += "\\par\n";
      else if (c == u'\t') body += "\\tab ";
      else if (c == u'\\' || c == u'{' || c == u'}') body += '\\', body += static_cast<char>(c);
      else if (c < 0x80) body += static_cast<char>(c);
      else body += "\\u" + std::to_string(static_cast<int16_t>(c)) + "?";
    }
    bytes = "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Tahoma;}}\\uc1\\f0 " + body + "}";
  } else if (format & SF_UNICODE) {
    const std::u16string crlf = edit_form(text);
    bytes.assign(reinterpret_cast<const char*>(crlf.data()), 2 * crlf.size());
  } else {
    bytes = utf16_to_ansi(edit_form(text));
  }
  const uint64_t buf = p.heap.alloc(bytes.size() + 8, true), done = p.heap.alloc(8, true);
  std::memcpy(reinterpret_cast<void*>(buf), bytes.data(), bytes.size());
  size_t at = 0;
  uint32_t error = 0;
  while (at < bytes.size()) {
    put<int32_t>(done, 0);
    const uint32_t n = static_cast<uint32_t>(std::min<size_t>(bytes.size() - at, 4096));
    error = static_cast<uint32_t>(p.call_guest(s.callback, {s.cookie, buf + at, n, done}));
    const int32_t wrote = get<int32_t>(done);
    if (error || wrote <= 0) break;
    at += static_cast<size_t>(wrote);
  }
  p.heap.free(buf);
  p.heap.free(done);
  put<uint32_t>(s.error_at, error);
  return at;
}

// ---- finding text ----

char16_t folded(char16_t c) {
  if ((c >= u'A' && c <= u'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7)) return static_cast<char16_t>(c + 0x20);
  return c;
}
bool word_character(char16_t c) {
  return (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_' ||
         (c >= 0xc0 && c != 0xd7 && c != 0xf7);
}

// EM_FINDTEXT's search of the rich edit's text for `needle` in the range (cpMin, cpMax): FR_DOWN
// searches forward from cpMin for a match ending by cpMax (-1 or past the end: the text's end; below
// cpMin: nothing), otherwise backward from cpMin for one ending there, down to cpMax when it is
// below cpMin (else to the start); FR_MATCHCASE, FR_WHOLEWORD. The match's start, or -1 (also for
// an empty needle or a negative cpMin).
int32_t find_text(const std::u16string& text, int32_t from, int32_t to, const std::u16string& needle, uint32_t flags) {
  const int32_t length = static_cast<int32_t>(text.size()), n = static_cast<int32_t>(needle.size());
  if (from < 0 || needle.empty()) return -1;
  auto matches = [&](int32_t at) {
    for (int32_t k = 0; k < n; ++k) {
      const char16_t a = text[static_cast<size_t>(at + k)], b = needle[static_cast<size_t>(k)];
      if (flags & FR_MATCHCASE ? a != b : folded(a) != folded(b)) return false;
    }
    if (flags & FR_WHOLEWORD) {
      if (at > 0 && word_character(text[static_cast<size_t>(at) - 1])) return false;
      if (at + n < length && word_character(text[static_cast<size_t>(at + n)])) return false;
    }
    return true;
  };
  if (flags & FR_DOWN) {
    const int32_t end = to < 0 || to > length ? length : to;
    for (int32_t at = from; at + n <= end; ++at)
      if (matches(at)) return at;
    return -1;
  }
  const int32_t start = std::min(from, length), lower = to >= 0 && to < from ? to : 0;
  for (int32_t at = start - n; at >= lower; --at)
    if (matches(at)) return at;
  return -1;
}

// FINDTEXT(EX): CHARRANGE chrg, the text (at 8, richedit.h packing to 4 bytes), FINDTEXTEX's
// CHARRANGE chrgText after it (the match found, or -1, -1).
uint64_t find_message(WindowsProcess& p, uint64_t hwnd, uint64_t flags, uint64_t at, bool wide, bool ex) {
  if (!at) return static_cast<uint32_t>(-1);
  const uint64_t needle_at = p.get_ptr(at + 8);
  const std::u16string needle = needle_at ? user32::message_text(needle_at, wide) : std::u16string();
  const int32_t found = find_text(rich_form(window_text(p, hwnd)), get<int32_t>(at), get<int32_t>(at + 4), needle,
                                  static_cast<uint32_t>(flags));
  if (ex) {
    const uint64_t text_range = at + 8 + p.isa->ptr;
    put<int32_t>(text_range, found);
    put<int32_t>(text_range + 4, found < 0 ? -1 : found + static_cast<int32_t>(needle.size()));
  }
  return static_cast<uint32_t>(found);
}

// Whether the control's class is a Unicode one (EM_FINDTEXT's and EM_FINDTEXTEX's text is of the
// control's kind, whichever SendMessage sent them): RichEdit20A's and RICHEDIT's are ANSI.
bool unicode_control(WindowsProcess& p, uint64_t hwnd) {
  user32::Window* w = user32::find_window(p, hwnd);
  if (!w || !w->cls) return true;
  return !(w->cls->name == u"RichEdit20A" || w->cls->name == u"RICHEDIT");
}

// A character position the program gives (negative ones kept) as the EDIT's.
uint64_t to_edit_position(WindowsProcess& p, uint64_t hwnd, uint64_t rich) {
  const int32_t v = static_cast<int32_t>(rich);
  if (v < 0) return rich;
  return static_cast<uint32_t>(edit_position(window_text(p, hwnd), v));
}

uint64_t rich_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wp, uint64_t lp, bool unicode) {
  RichState& r = rich_states()[hwnd];
  switch (msg) {
    case WM_NCCREATE: {
      // A rich edit is multi-line only with ES_MULTILINE (kept as given). Until EM_EXLIMITTEXT,
      // 32,767 characters may be typed.
      const uint64_t result = edit(p, hwnd, msg, wp, lp, unicode);
      user32::set_edit_notify_filter(p, hwnd, allow_notification);
      edit(p, hwnd, EM_SETLIMITTEXT_, 32767, 0, true);
      return result;
    }
    case user32::WM_CREATE: {
      ++r.quiet;
      const uint64_t result = edit(p, hwnd, msg, wp, lp, unicode);
      --rich_states()[hwnd].quiet;
      // The window's first text, as the rich edit takes text.
      const std::u16string text = window_text(p, hwnd);
      const std::u16string taken = paragraphs(text, multiline(p, hwnd));
      if (edit_form(taken) != text) {
        const user32::GuestText at(p, edit_form(taken));
        ++rich_states()[hwnd].quiet;
        edit(p, hwnd, WM_SETTEXT, 0, at.at, true);
        --rich_states()[hwnd].quiet;
        edit(p, hwnd, EM_SETSEL_, 0, 0, true);
      }
      return result;
    }
    case WM_NCDESTROY: {
      const uint64_t result = edit(p, hwnd, msg, wp, lp, unicode);
      rich_states().erase(hwnd);
      return result;
    }
    case WM_SETTEXT: {
      put_text(p, hwnd, given_text(p, hwnd, lp ? user32::message_text(lp, unicode) : std::u16string()), false);
      return 1;
    }
    case EM_REPLACESEL_: {
      const std::u16string given = lp ? user32::message_text(lp, unicode) : std::u16string();
      const user32::GuestText at(p, edit_form(given_text(p, hwnd, given)));
      edit(p, hwnd, EM_REPLACESEL_, wp, at.at, true);
      rich_states()[hwnd].past_end = false;
      return given.size();
    }
    case EM_GETSEL_: {
      const std::pair<int32_t, int32_t> sel = selection(p, hwnd, r);
      if (wp) put<int32_t>(wp, sel.first);
      if (lp) put<int32_t>(lp, sel.second);
      if (sel.first > 0xffff || sel.second > 0xffff) return static_cast<uint32_t>(-1);
      return static_cast<uint32_t>(sel.first) | static_cast<uint32_t>(sel.second) << 16;
    }
    case EM_SETSEL_:
      return static_cast<uint32_t>(set_selection(p, hwnd, r, static_cast<int32_t>(wp), static_cast<int32_t>(lp)));
    case EM_EXGETSEL: {
      const std::pair<int32_t, int32_t> sel = selection(p, hwnd, r);
      if (lp) put<int32_t>(lp, sel.first), put<int32_t>(lp + 4, sel.second);
      return 0;
    }
    case EM_EXSETSEL: {
      if (!lp) return 0;
      return static_cast<uint32_t>(set_selection(p, hwnd, r, get<int32_t>(lp), get<int32_t>(lp + 4)));
    }
    case EM_SETLIMITTEXT_:  // (EM_LIMITTEXT) 0: the default maximum, 64K characters
      return edit(p, hwnd, EM_SETLIMITTEXT_, wp ? wp : 65536, 0, true);
    case EM_EXLIMITTEXT:
      edit(p, hwnd, EM_SETLIMITTEXT_, lp ? lp : 65536, 0, true);
      return 0;
    case EM_LINEINDEX_: {
      const uint64_t at = edit(p, hwnd, msg, wp, lp, unicode);
      if (static_cast<int32_t>(at) < 0) return at;
      return static_cast<uint32_t>(rich_position(window_text(p, hwnd), static_cast<int32_t>(at)));
    }
    case EM_LINELENGTH_:
    case EM_LINEFROMCHAR_:
      return edit(p, hwnd, msg, to_edit_position(p, hwnd, wp), lp, unicode);
    case EM_EXLINEFROMCHAR:
      return edit(p, hwnd, EM_LINEFROMCHAR_, to_edit_position(p, hwnd, lp), 0, true);
    case EM_POSFROMCHAR_: {
      // Either form: wParam a POINTL to fill and lParam the character (0 returned), or wParam the
      // character and the place returned packed. Places past the end are the end's.
      const bool to_point = wp >= 0x10000;
      const std::u16string text = window_text(p, hwnd);
      const int32_t length = rich_position(text, static_cast<int32_t>(text.size()));
      const int32_t index = std::clamp(static_cast<int32_t>(to_point ? lp : wp), 0, length);
      int32_t x = 0, y = 0;
      user32::edit_char_position(p, hwnd, edit_position(text, index), x, y);
      if (!to_point) return static_cast<uint32_t>(x & 0xffff) | static_cast<uint32_t>(y & 0xffff) << 16;
      put<int32_t>(wp, x), put<int32_t>(wp + 4, y);
      return 0;
    }
    case EM_CHARFROMPOS_: {
      // lParam: a POINTL; the character nearest it.
      if (!lp) return 0;
      const int32_t x = get<int32_t>(lp), y = get<int32_t>(lp + 4);
      const uint64_t packed = edit(p, hwnd, msg, 0, static_cast<uint32_t>(x & 0xffff) | static_cast<uint32_t>(y & 0xffff) << 16, true);
      if (static_cast<int32_t>(packed) == -1) return static_cast<uint32_t>(-1);
      return static_cast<uint32_t>(rich_position(window_text(p, hwnd), static_cast<int32_t>(packed & 0xffff)));
    }
    case EM_GETLINE_: {
      // The EDIT's line, and "\r" after it where a paragraph ends (the last line too: the final
      // paragraph mark), when the buffer (its first word: its size in characters) has room.
      if (!lp) return 0;
      const int32_t room = get<uint16_t>(lp);
      const uint64_t n = edit(p, hwnd, msg, wp, lp, unicode);
      const int32_t line = static_cast<int32_t>(wp);
      if (line < 0 || line >= static_cast<int32_t>(edit(p, hwnd, EM_GETLINECOUNT_, 0, 0, true))) return n;
      const std::u16string text = window_text(p, hwnd);
      const int32_t next = static_cast<int32_t>(edit(p, hwnd, EM_LINEINDEX_, static_cast<uint32_t>(line + 1), 0, true));
      const bool ends_paragraph =
          next < 0 || (next >= 2 && text[static_cast<size_t>(next) - 2] == u'\r' && text[static_cast<size_t>(next) - 1] == u'\n');
      if (!ends_paragraph || static_cast<int32_t>(n) >= room) return n;
      if (unicode) put<uint16_t>(lp + 2 * n, u'\r');
      else put<uint8_t>(lp + n, '\r');
      if (static_cast<int32_t>(n) + 1 < room) {
        if (unicode) put<uint16_t>(lp + 2 * (n + 1), 0);
        else put<uint8_t>(lp + n + 1, 0);
      }
      return n + 1;
    }
    case EM_FINDTEXT:
    case EM_FINDTEXTEX:
      return find_message(p, hwnd, wp, lp, unicode_control(p, hwnd), msg == EM_FINDTEXTEX);
    case EM_FINDTEXTW:
    case EM_FINDTEXTEXW:
      return find_message(p, hwnd, wp, lp, true, msg == EM_FINDTEXTEXW);
    case EM_GETTEXTRANGE: {
      // TEXTRANGE: CHARRANGE (cpMin, cpMax; -1 the end), the buffer; the characters copied.
      if (!lp) return 0;
      const std::u16string text = rich_form(window_text(p, hwnd));
      int32_t a = get<int32_t>(lp), b = get<int32_t>(lp + 4);
      const uint64_t out = p.get_ptr(lp + 8);
      if (b < 0 || b > static_cast<int32_t>(text.size())) b = static_cast<int32_t>(text.size());
      if (a < 0 || a > b || !out) return 0;
      const std::u16string part = text.substr(static_cast<size_t>(a), static_cast<size_t>(b - a));
      return static_cast<uint64_t>(user32::copy_text_out(p, part, Ptr(out), static_cast<int32_t>(part.size() * 3 + 1), unicode));
    }
    case EM_GETSELTEXT: {
      const std::u16string part = selected_text(p, hwnd, r);
      return static_cast<uint64_t>(user32::copy_text_out(p, part, Ptr(lp), static_cast<int32_t>(part.size() * 3 + 1), unicode));
    }
    case EM_GETTEXTLENGTHEX: {
      // GETTEXTLENGTHEX (wParam): flags, code page (1200: UTF-16). Paragraphs end in one character,
      // or two with GTL_USECRLF; GTL_NUMBYTES counts the bytes of the code page.
      const uint32_t flags = wp ? get<uint32_t>(wp) : 0, codepage = wp ? get<uint32_t>(wp + 4) : 1200;
      const std::u16string edit_text = window_text(p, hwnd);
      const std::u16string text = flags & GTL_USECRLF ? edit_text : rich_form(edit_text);
      if (flags & GTL_NUMBYTES) {
        if (codepage == 1200) return 2 * text.size();
        std::string bytes;
        const unsigned cp = resolve_code_page(codepage);
        if (!is_valid_code_page(cp) || !utf16_to_multibyte(cp, 0, text, nullptr, nullptr, bytes)) bytes = utf16_to_ansi(text);
        return bytes.size();
      }
      return text.size();
    }
    case EM_GETTEXTEX: {
      // GETTEXTEX: cb, flags, codepage, default char, used default; the text into lParam, its
      // paragraphs ending in "\r" (GT_USECRLF: "\r\n").
      if (!wp || !lp) return 0;
      const uint32_t cb = get<uint32_t>(wp), flags = get<uint32_t>(wp + 4), codepage = get<uint32_t>(wp + 8);
      std::u16string text = flags & GT_SELECTION ? selected_text(p, hwnd, r) : rich_form(window_text(p, hwnd));
      if (flags & GT_USECRLF) text = edit_form(text);
      const bool wide = codepage == 1200;
      return static_cast<uint64_t>(user32::copy_text_out(p, text, Ptr(lp), static_cast<int32_t>(wide ? cb / 2 : cb), wide));
    }
    case EM_SETTEXTEX: {
      // SETTEXTEX: flags (ST_SELECTION: replace the selection), codepage (1200: UTF-16). The whole
      // text set answers 1, the selection replaced the characters put.
      if (!wp) return 0;
      const uint32_t flags = get<uint32_t>(wp), codepage = get<uint32_t>(wp + 4);
      const std::u16string given = lp ? user32::message_text(lp, codepage == 1200) : std::u16string();
      const size_t put = put_text(p, hwnd, given_text(p, hwnd, given), flags & ST_SELECTION);
      return flags & ST_SELECTION ? put : 1;
    }
    case EM_STREAMIN:
      return stream_in(p, hwnd, static_cast<uint32_t>(wp), lp);
    case EM_STREAMOUT:
      return stream_out(p, hwnd, r, static_cast<uint32_t>(wp), lp);
    case EM_SETEVENTMASK: {
      const uint32_t old = r.event_mask;
      r.event_mask = static_cast<uint32_t>(lp);
      return old;
    }
    case EM_GETEVENTMASK:
      return r.event_mask;
    case EM_SETOPTIONS: {
      const uint32_t v = static_cast<uint32_t>(lp);
      switch (wp) {
        case ECOOP_SET: r.options = v; break;
        case ECOOP_OR: r.options |= v; break;
        case ECOOP_AND: r.options &= v; break;
        case ECOOP_XOR: r.options ^= v; break;
        default: break;
      }
      return r.options;
    }
    case EM_GETOPTIONS:
      return r.options;
    case EM_AUTOURLDETECT:
      r.auto_url = static_cast<uint32_t>(wp);
      return 0;
    case EM_SETBKGNDCOLOR: {
      const uint32_t old = r.background == 0xffffffff ? user32::sys_color(5 /* COLOR_WINDOW */) : r.background;
      r.background = wp ? 0xffffffff : static_cast<uint32_t>(lp);
      return old;
    }
    case EM_HIDESELECTION:
      return 0;
    case EM_GETTEXTMODE:
      return TM_PLAINTEXT;
    case EM_SETUNDOLIMIT:
      return wp;
    case EM_CANPASTE:
      return 1;
    case EM_SETCHARFORMAT:
    case EM_SETPARAFORMAT:
    case EM_GETOLEINTERFACE:
    case EM_DISPLAYBAND:
      return 0;  // (no formats, OLE objects or printing: refused)
    default:
      return edit(p, hwnd, msg, wp, lp, unicode);
  }
}

const ControlClass& rich_class(const char16_t* name, const char* entry_name) {
  (void)entry_name;
  static std::map<std::u16string, ControlClass> made;
  static const Export entry = EXPORT("RichEditWndProcW", user32::control_entry<rich_proc>);
  auto it = made.find(name);
  if (it == made.end())
    it = made.emplace(name, ControlClass{name, 0x0008 | 0x0080 | 0x0003 /* CS_DBLCLKS | CS_PARENTDC | redraw */,
                                         2 * 8, rich_proc, &entry, 32513 /* IDC_IBEAM */, 0})
             .first;
  return it->second;
}

std::vector<const ControlClass*> rich_classes() {
  return {&rich_class(u"RichEdit20W", "w"), &rich_class(u"RichEdit20A", "a"), &rich_class(u"RICHEDIT", "1"),
          &rich_class(u"RICHEDIT50W", "50")};
}

const user32::ExtraClasses kRegistered{rich_classes};

}  // namespace

}  // namespace rich_edit

// The DLLs themselves: their classes are the system's (registered for every program, as once a
// program has loaded one of them); nothing else of theirs is exported.
const Dll kRiched20{"riched20.dll", false, {}};
const Dll kRiched32{"riched32.dll", false, {}};
const Dll kMsftedit{"msftedit.dll", false, {}};

}  // namespace polyrun::shims
