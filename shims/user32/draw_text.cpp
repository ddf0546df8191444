// DrawText and DrawTextEx: text laid out in a rectangle with the DC's font — lines broken at line
// ends and (DT_WORDBREAK) between words to fit, tabs expanded (DT_EXPANDTABS, DT_TABSTOP), '&'
// prefixes underlining the next character (unless DT_NOPREFIX; DT_HIDEPREFIX, DT_PREFIXONLY), an
// ellipsis for what does not fit (DT_END_ELLIPSIS, DT_WORD_ELLIPSIS, DT_PATH_ELLIPSIS), aligned
// left, centred or right and, on one line, top, centred or bottom; DT_CALCRECT measures without
// drawing. The result is the text's height (from the rectangle's top to the text's bottom when
// it is centred or at the bottom), as Windows returns it. Also TabbedTextOut and
// GetTabbedTextExtent.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi32.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

using gdi32::DeviceContext;

namespace {

enum : uint32_t { ETO_CLIPPED = 4 };

struct Layout {
  WindowsProcess& p;
  DeviceContext& dc;
  uint32_t flags;
  int32_t tab_width;  // logical units
  int32_t left_margin = 0, right_margin = 0;
};

// A line's width with its tabs expanded from the line's start.
int32_t line_width(Layout& l, const std::u16string& s) {
  if (!(l.flags & DT_EXPANDTABS) || s.find(u'\t') == std::u16string::npos) {
    int32_t w = 0;
    gdi32::logical_text_width(l.p, l.dc, s, w);
    return w;
  }
  int32_t x = 0;
  size_t start = 0;
  for (;;) {
    const size_t tab = s.find(u'\t', start);
    int32_t w = 0;
    gdi32::logical_text_width(l.p, l.dc, s.substr(start, tab == std::u16string::npos ? std::u16string::npos : tab - start), w);
    x += w;
    if (tab == std::u16string::npos) return x;
    x = l.tab_width > 0 ? (x / l.tab_width + 1) * l.tab_width : x;
    start = tab + 1;
  }
}

// Removes '&' prefixes: "&&" is one '&', "&x" underlines x (its index in the result, or -1).
std::u16string strip_prefixes(const std::u16string& s, int32_t& underline) {
  std::u16string out;
  underline = -1;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == u'&' && i + 1 < s.size()) {
      ++i;
      if (s[i] != u'&') underline = static_cast<int32_t>(out.size());
    } else if (s[i] == u'&') {
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

// The lines of the text: split at CR, LF and CRLF, and (DT_WORDBREAK) where a word would cross
// the width; one line for DT_SINGLELINE.
std::vector<std::u16string> break_lines(Layout& l, const std::u16string& text, int32_t width) {
  std::vector<std::u16string> paragraphs;
  if (l.flags & DT_SINGLELINE) {
    paragraphs.push_back(text);
  } else {
    std::u16string cur;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == u'\r' || text[i] == u'\n') {
        paragraphs.push_back(cur);
        cur.clear();
        if (text[i] == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n') ++i;
        continue;
      }
      cur.push_back(text[i]);
    }
    paragraphs.push_back(cur);
  }
  if (!(l.flags & DT_WORDBREAK) || (l.flags & DT_SINGLELINE)) return paragraphs;
  std::vector<std::u16string> lines;
  for (const std::u16string& para : paragraphs) {
    std::u16string line;
    size_t i = 0;
    if (para.empty()) lines.push_back(u"");
    while (i < para.size()) {
      // The next word with the spaces before it.
      size_t j = i;
      while (j < para.size() && para[j] == u' ') ++j;
      while (j < para.size() && para[j] != u' ') ++j;
      const std::u16string candidate = line + para.substr(i, j - i);
      int32_t lw = line_width(l, candidate);
      if (!line.empty() && lw > width) {
        lines.push_back(line);
        // The new line starts at the word, without the spaces before it.
        while (i < para.size() && para[i] == u' ') ++i;
        line.clear();
        continue;
      }
      line = candidate;
      i = j;
      if (i >= para.size()) lines.push_back(line);
    }
  }
  return lines;
}

// The longest start of `s` that fits in `width` with "..." after it.
std::u16string with_ellipsis(Layout& l, const std::u16string& s, int32_t width, bool at_word) {
  if (line_width(l, s) <= width) return s;
  std::u16string cut = s;
  while (!cut.empty()) {
    cut.pop_back();
    if (at_word) {
      const size_t space = cut.find_last_of(u' ');
      if (space != std::u16string::npos) cut.resize(space);
    }
    if (line_width(l, cut + u"...") <= width) break;
  }
  return cut + u"...";
}

// Draws one line at (x, y) (logical, its top left), tabs expanded, the prefix's character underlined.
void draw_line(Layout& l, int32_t x, int32_t y, const std::u16string& s, int32_t underline, const Rect* clip,
               const gdi32::TextMetrics& tm) {
  const uint32_t options = clip ? uint32_t{ETO_CLIPPED} : 0;
  if (!(l.flags & DT_PREFIXONLY)) {
    if ((l.flags & DT_EXPANDTABS) && s.find(u'\t') != std::u16string::npos) {
      int32_t pen = 0;
      size_t start = 0;
      for (;;) {
        const size_t tab = s.find(u'\t', start);
        const std::u16string part = s.substr(start, tab == std::u16string::npos ? std::u16string::npos : tab - start);
        gdi32::ext_text_out(l.p, l.dc, x + pen, y, options, clip, part, nullptr, true);
        int32_t w = 0;
        gdi32::logical_text_width(l.p, l.dc, part, w);
        pen += w;
        if (tab == std::u16string::npos) break;
        pen = l.tab_width > 0 ? (pen / l.tab_width + 1) * l.tab_width : pen;
        start = tab + 1;
      }
    } else {
      gdi32::ext_text_out(l.p, l.dc, x, y, options, clip, s, nullptr, true);
    }
  }
  if (underline >= 0 && underline < static_cast<int32_t>(s.size()) && !(l.flags & DT_HIDEPREFIX)) {
    const int32_t before = line_width(l, s.substr(0, static_cast<size_t>(underline)));
    int32_t w = 0;
    gdi32::logical_text_width(l.p, l.dc, s.substr(static_cast<size_t>(underline), 1), w);
    const int32_t uy = y + tm.ascent + 1;
    // The underline in the text colour: a one-pixel-high solid fill.
    auto brush = std::make_unique<gdi32::Brush>();
    brush->color = l.dc.s.text_color;
    const uint32_t h = gdi32::gdi_table(l.p).add(std::move(brush));
    Rect r{x + before, uy, x + before + w, uy + 1};
    if (clip) r = r.intersect(*clip);
    gdi32::fill_rect_with_brush(l.p, l.dc, r, h);
    gdi32::gdi_table(l.p).remove(h);
  }
}

int32_t draw_text_core(WindowsProcess& p, uint64_t hdc, const std::u16string& text, Rect& rect, uint32_t flags,
                       uint64_t params) {
  DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!dc) return 0;
  gdi32::TextMetrics tm;
  if (!gdi32::logical_text_metrics(p, *dc, tm)) return 0;
  Layout l{p, *dc, flags, 0};
  int32_t tab_chars = (flags & DT_TABSTOP) ? static_cast<int32_t>((flags >> 8) & 0xff) : 8;
  if (params) {  // DRAWTEXTPARAMS: cbSize, iTabLength, iLeftMargin, iRightMargin, uiLengthDrawn
    if (int32_t t = get<int32_t>(params + 4)) tab_chars = t;
    l.left_margin = get<int32_t>(params + 8), l.right_margin = get<int32_t>(params + 12);
  }
  if (flags & DT_TABSTOP) l.flags &= ~0xff00u;
  l.tab_width = tab_chars * tm.ave_char_width;
  Rect area{rect.left + l.left_margin, rect.top, rect.right - l.right_margin, rect.bottom};
  const int32_t line_height = tm.height + ((flags & DT_EXTERNALLEADING) ? tm.external_leading : 0);
  std::vector<std::u16string> lines = break_lines(l, text, area.width());
  int32_t y = area.top;
  if ((flags & DT_SINGLELINE) && (flags & (DT_VCENTER | DT_BOTTOM))) {
    // (Half the rectangle less half the line, each rounded down, as Windows and wine do: a
    // 13-pixel line in 16 pixels starts 2 pixels down, not 1.)
    if (flags & DT_VCENTER) y = area.top + area.height() / 2 - line_height / 2;
    else y = area.bottom - line_height;
  }
  int32_t widest = 0;
  const Rect* clip = (flags & (DT_NOCLIP | DT_CALCRECT)) ? nullptr : &rect;
  for (const std::u16string& raw : lines) {
    int32_t underline = -1;
    std::u16string s = (flags & DT_NOPREFIX) ? raw : strip_prefixes(raw, underline);
    if (flags & (DT_END_ELLIPSIS | DT_PATH_ELLIPSIS | DT_WORD_ELLIPSIS))
      s = with_ellipsis(l, s, area.width(), (flags & DT_WORD_ELLIPSIS) != 0);
    const int32_t w = line_width(l, s);
    widest = std::max(widest, w);
    int32_t x = area.left;
    if (flags & DT_CENTER) x = area.left + (area.width() - w) / 2;
    else if (flags & DT_RIGHT) x = area.right - w;
    if (!(flags & DT_CALCRECT)) draw_line(l, x, y, s, underline, clip, tm);
    y += line_height;
  }
  if (flags & DT_CALCRECT) {
    rect.right = rect.left + widest + l.left_margin + l.right_margin;
    rect.bottom = y;
  }
  if (params) put<uint32_t>(params + 16, static_cast<uint32_t>(text.size()));
  return (flags & DT_SINGLELINE) && (flags & (DT_VCENTER | DT_BOTTOM)) ? y - rect.top : y - area.top;
}

int32_t draw_text(WindowsProcess& p, uint64_t hdc, const std::u16string& text, uint64_t rect_addr, uint32_t flags,
                  uint64_t params) {
  if (!rect_addr) return 0;
  Rect rect = get<Rect>(rect_addr);
  const int32_t height = draw_text_core(p, hdc, text, rect, flags, params);
  if (flags & DT_CALCRECT) put<Rect>(rect_addr, rect);
  return height;
}

int32_t DrawTextW(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, Ptr rect, uint32_t flags) {
  return draw_text(p, hdc.addr, gdi32::guest_text(s.addr, n, true), rect.addr, flags, 0);
}
int32_t DrawTextA(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, Ptr rect, uint32_t flags) {
  return draw_text(p, hdc.addr, gdi32::guest_text(s.addr, n, false), rect.addr, flags, 0);
}
int32_t DrawTextExW(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, Ptr rect, uint32_t flags, Ptr params) {
  return draw_text(p, hdc.addr, gdi32::guest_text(s.addr, n, true), rect.addr, flags, params.addr);
}
int32_t DrawTextExA(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, Ptr rect, uint32_t flags, Ptr params) {
  return draw_text(p, hdc.addr, gdi32::guest_text(s.addr, n, false), rect.addr, flags, params.addr);
}

// TabbedTextOut/GetTabbedTextExtent: tab stops from the array (one: a fixed spacing; none: 8
// average characters), measured from `origin`. Returns the extent (width, height) packed.
uint32_t tabbed(WindowsProcess& p, uint64_t hdc, int32_t x, int32_t y, const std::u16string& s, int32_t count_tabs,
                uint64_t tabs, int32_t origin, bool draw) {
  DeviceContext* dc = gdi32::find_dc(p, hdc);
  gdi32::TextMetrics tm;
  if (!dc || !gdi32::logical_text_metrics(p, *dc, tm)) return 0;
  std::vector<int32_t> stops;
  for (int32_t i = 0; i < count_tabs && tabs; ++i) stops.push_back(get<int32_t>(tabs + 4ull * i));
  const int32_t spacing = stops.size() == 1 ? stops[0] : stops.empty() ? 8 * tm.ave_char_width : 0;
  int32_t pen = x;
  size_t start = 0;
  for (;;) {
    const size_t tab = s.find(u'\t', start);
    const std::u16string part = s.substr(start, tab == std::u16string::npos ? std::u16string::npos : tab - start);
    if (draw) gdi32::ext_text_out(p, *dc, pen, y, 0, nullptr, part, nullptr, false);
    int32_t w = 0;
    gdi32::logical_text_width(p, *dc, part, w);
    pen += w;
    if (tab == std::u16string::npos) break;
    int32_t next = pen;
    if (spacing > 0) {
      next = origin + ((pen - origin) / spacing + 1) * spacing;
    } else {
      next = pen;
      for (int32_t st : stops)
        if (origin + std::abs(st) > pen) {
          next = origin + std::abs(st);
          break;
        }
    }
    pen = next;
    start = tab + 1;
  }
  return static_cast<uint32_t>((pen - x) & 0xffff) | static_cast<uint32_t>(tm.height & 0xffff) << 16;
}
int32_t TabbedTextOutW(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, Ptr s, int32_t n, int32_t count, Ptr tabs,
                       int32_t origin) {
  return static_cast<int32_t>(tabbed(p, hdc.addr, x, y, gdi32::guest_text(s.addr, n, true), count, tabs.addr, origin, true));
}
int32_t TabbedTextOutA(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, Ptr s, int32_t n, int32_t count, Ptr tabs,
                       int32_t origin) {
  return static_cast<int32_t>(tabbed(p, hdc.addr, x, y, gdi32::guest_text(s.addr, n, false), count, tabs.addr, origin, true));
}
uint32_t GetTabbedTextExtentW(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, int32_t count, Ptr tabs) {
  return tabbed(p, hdc.addr, 0, 0, gdi32::guest_text(s.addr, n, true), count, tabs.addr, 0, false);
}
uint32_t GetTabbedTextExtentA(WindowsProcess& p, Ptr hdc, Ptr s, int32_t n, int32_t count, Ptr tabs) {
  return tabbed(p, hdc.addr, 0, 0, gdi32::guest_text(s.addr, n, false), count, tabs.addr, 0, false);
}

}  // namespace

int32_t draw_text_in(WindowsProcess& p, uint64_t hdc, const std::u16string& text, Rect& rect, uint32_t flags) {
  return draw_text_core(p, hdc, text, rect, flags, 0);
}

const std::vector<Export>& draw_text_exports() {
  static const std::vector<Export> e = {
      EXPORT("DrawTextW", DrawTextW),           EXPORT("DrawTextA", DrawTextA),
      EXPORT("DrawTextExW", DrawTextExW),       EXPORT("DrawTextExA", DrawTextExA),
      EXPORT("TabbedTextOutW", TabbedTextOutW), EXPORT("TabbedTextOutA", TabbedTextOutA),
      EXPORT("GetTabbedTextExtentW", GetTabbedTextExtentW), EXPORT("GetTabbedTextExtentA", GetTabbedTextExtentA),
  };
  return e;
}

}  // namespace polyrun::shims::user32
