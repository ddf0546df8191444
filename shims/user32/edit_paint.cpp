// USER32's EDIT control, painting: the lines in view within the format rectangle, the selection
// highlighted and tabs stepped to their stops, on the brush WM_CTLCOLOREDIT gives
// (WM_CTLCOLORSTATIC when disabled or read-only), the border; the caret hidden meanwhile.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/user32/edit_internal.h"

namespace polyrun::shims::user32::edit_control {

// ---- painting ----
void paint(WindowsProcess& p, uint64_t hwnd, EditState& s, uint64_t given_dc) {
  const bool caret_out = s.focused && hide_caret(p, hwnd);
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    gdi32::DeviceContext* dc = cp.dc;
    const bool ro = s.style & ES_READONLY;
    const uint64_t brush = control_brush(p, hwnd, cp.hdc, (!s.enabled || ro) ? uint32_t{WM_CTLCOLORSTATIC} : uint32_t{WM_CTLCOLOREDIT});
    if (!(dc = gdi32::find_dc(p, cp.hdc))) return;
    Rect inside = cp.client;
    if (s.style & WS_BORDER) {
      const Rect& r = cp.client;
      fill_sys_color(p, *dc, {r.left, r.top, r.right, r.top + 1}, COLOR_WINDOWFRAME_);
      fill_sys_color(p, *dc, {r.left, r.bottom - 1, r.right, r.bottom}, COLOR_WINDOWFRAME_);
      fill_sys_color(p, *dc, {r.left, r.top, r.left + 1, r.bottom}, COLOR_WINDOWFRAME_);
      fill_sys_color(p, *dc, {r.right - 1, r.top, r.right, r.bottom}, COLOR_WINDOWFRAME_);
      inside = {r.left + 1, r.top + 1, std::max(r.left + 1, r.right - 1), std::max(r.top + 1, r.bottom - 1)};
    }
    fill_with_brush(p, *dc, inside, brush);
    if (!s.enabled) dc->s.text_color = sys_color(COLOR_GRAYTEXT_);
    dc->s.bk_mode = 2;  // OPAQUE
    gdi32::dc_changed(*dc);
    const gdi32::ColorRef text_color = dc->s.text_color, bk_color = dc->s.bk_color;
    Rect clip = s.format;
    if (multiline(s)) clip = {std::max(clip.left, inside.left), std::max(clip.top, inside.top), std::min(clip.right, inside.right), std::min(clip.bottom, inside.bottom)};
    const bool show_sel = s.enabled && (s.focused || (s.style & ES_NOHIDESEL));
    const int32_t sa = std::min(s.sel_start, s.sel_end), sb = std::max(s.sel_start, s.sel_end);
    constexpr uint32_t kClipped = 0x4;  // ETO_CLIPPED
    const int32_t first = multiline(s) ? s.y_offset : 0;
    const int32_t last = multiline(s) ? std::min(s.y_offset + visible_lines(s), line_count(s) - 1) : 0;
    for (int32_t l = first; l <= last; ++l) {
      const Line& line = s.lines[static_cast<size_t>(l)];
      int32_t x = 0, y = 0;
      pos_from_char(p, hwnd, s, line.index, false, x, y);
      if (!(dc = gdi32::find_dc(p, cp.hdc))) return;
      // Runs of the line: before, in and after the selection; tabs step to their stops.
      const int32_t cuts[4] = {line.index, std::clamp(sa, line.index, line.index + line.net),
                               std::clamp(sb, line.index, line.index + line.net), line.index + line.net};
      Measure m(p, hwnd, s);
      const std::vector<int32_t> xs = boundaries(s, m, line.index, line.net);
      for (int run = 0; run < 3; ++run) {
        const bool selected = run == 1 && show_sel;
        if (cuts[run] >= cuts[run + 1]) continue;
        dc->s.text_color = selected ? sys_color(COLOR_HIGHLIGHTTEXT_) : text_color;
        dc->s.bk_color = selected ? sys_color(COLOR_HIGHLIGHT_) : bk_color;
        gdi32::dc_changed(*dc);
        int32_t i = cuts[run];
        while (i < cuts[run + 1]) {
          int32_t j = i;
          while (j < cuts[run + 1] && !(multiline(s) && s.text[static_cast<size_t>(j)] == u'\t')) ++j;
          const int32_t at = x + xs[static_cast<size_t>(i - line.index)];
          if (j > i) gdi32::ext_text_out(p, *dc, at, y, kClipped, &clip, shown(s, i, j - i), nullptr, true);
          if (j < cuts[run + 1]) {  // a tab: its room in the background colour
            const Rect gap{x + xs[static_cast<size_t>(j - line.index)], y, x + xs[static_cast<size_t>(j - line.index) + 1], y + s.line_height};
            const Rect cut{std::max(gap.left, clip.left), std::max(gap.top, clip.top), std::min(gap.right, clip.right), std::min(gap.bottom, clip.bottom)};
            if (!cut.empty()) gdi32::ext_text_out(p, *dc, cut.left, cut.top, 0x2 /* ETO_OPAQUE */, &cut, u"", nullptr, true);
            ++j;
          }
          i = j;
        }
      }
      dc->s.text_color = text_color, dc->s.bk_color = bk_color;
      gdi32::dc_changed(*dc);
    }
  });
  if (caret_out && state_of(p, hwnd)) show_caret(p, hwnd);
}

}  // namespace polyrun::shims::user32::edit_control
