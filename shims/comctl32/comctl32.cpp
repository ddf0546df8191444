// COMCTL32.dll: the common controls (one file each beside this one) and property sheets
// (comctl32/property_sheet.cpp), the controls' window classes registered with USER32's system
// classes for every program (as a program linking COMCTL32 has them once the DLL is loaded), and
// InitCommonControls(Ex), which has nothing left to do.
#include "shims/comctl32/exports.h"
#include "shims/comctl32/comctl32.h"
#include "shims/comctl32/views.h"
#include "shims/user32/exports.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <utility>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace comctl32 {

namespace {

const user32::ExtraClasses kRegistered{control_classes};

void InitCommonControls(WindowsProcess&) {}

// INITCOMMONCONTROLSEX: dwSize (8), dwICC (the ICC_ classes asked for); FALSE for a wrong size.
BOOL InitCommonControlsEx(WindowsProcess& p, Ptr init) {
  if (!init || get<uint32_t>(init.addr) != 8) return fail(p, ERROR_INVALID_PARAMETER);
  return TRUE;
}

}  // namespace

// The common controls' classes, each from its control's file.
std::vector<const user32::ControlClass*> control_classes() {
  return {
      &listview_class(), &header_class(), &tab_control_class(), &treeview_class(),
      &progress_class(), &status_bar_class(), &trackbar_class(), &updown_class(), &tooltips_class(),
      &toolbar_class(),
  };
}

// The exports of the controls' files beyond their window procedures (ImageList_*, …).
std::vector<const std::vector<Export>*> export_lists() {
  return {&imagelist_exports(), &status_bar_exports(), &updown_exports(), &subclass_exports(), &toolbar_exports(),
          &property_sheet_exports(), &flat_scroll_bar_exports()};
}

uint64_t wm_notify(WindowsProcess& p, uint64_t hwnd, int32_t code, unsigned extra,
                   const std::function<void(uint64_t)>& fill, const std::function<void(uint64_t)>& read) {
  user32::Window* w = user32::find_window(p, hwnd);
  if (!w || !w->parent) return 0;
  const uint64_t parent = w->parent;
  const unsigned head = views::nmhdr_size(p);
  const uint64_t at = views::new_notify(p, hwnd, code, head + extra);
  if (!at) return 0;
  if (fill) fill(at + head);
  const uint64_t r = views::send_notify(p, hwnd, parent, at);
  if (read) read(at + head);
  p.heap.free(at);
  return r;
}

void cursor_in_client(WindowsProcess& p, uint64_t hwnd, int32_t& x, int32_t& y) {
  const uint64_t at = p.heap.alloc(8, true);
  call_user32(p, "GetCursorPos", {at});
  int32_t ox = 0, oy = 0;
  user32::client_origin(p, hwnd, ox, oy);
  x = get<int32_t>(at) - ox, y = get<int32_t>(at + 4) - oy;
  p.heap.free(at);
}

uint64_t call_user32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export(kUser32, "USER32.dll", name, args);
}

}  // namespace comctl32

const Dll kComctl32 = [] {
  Dll d{"comctl32.dll", false, {
      EXPORT("InitCommonControls", comctl32::InitCommonControls),
      EXPORT("InitCommonControlsEx", comctl32::InitCommonControlsEx),
  }};
  // (The subclassing functions are imported by number as often as by name.)
  d.ordinals = {{410, "SetWindowSubclass"}, {411, "GetWindowSubclass"}, {412, "RemoveWindowSubclass"},
                {413, "DefSubclassProc"}, {390, "ImageList_SetColorTable"}};
  for (const auto* list : comctl32::export_lists())
    for (const Export& e : *list) d.exports.push_back(e);
  return d;
}();

}  // namespace polyrun::shims
