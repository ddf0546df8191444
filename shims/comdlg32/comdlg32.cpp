// COMDLG32.dll: the common dialogs (the file dialogs in comdlg32/file_dialogs.cpp, the colour
// dialog in comdlg32/color_dialog.cpp, the font dialog in comdlg32/font_dialog.cpp, the modeless
// find and replace dialogs in comdlg32/find_dialog.cpp, the print and page setup dialogs in
// comdlg32/print_dialogs.cpp), CommDlgExtendedError, and what the dialogs share: the template they
// are built from, their keys and their controls' texts.
#include "shims/user32/exports.h"
#include "shims/comdlg32/exports.h"
#include "shims/comdlg32/comdlg32.h"

#include <cstdio>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace comdlg32 {

namespace {

// The calling thread's extended error (each guest thread is a host thread).
thread_local uint32_t t_dialog_error = 0;

uint32_t CommDlgExtendedError(WindowsProcess&) { return t_dialog_error; }

constexpr uint32_t kDialogWmGettext = 0x000d, kDialogWmSettext = 0x000c;

}  // namespace

void set_dialog_error(uint32_t code) { t_dialog_error = code; }

namespace {

// The template of one of polyrun's dialogs in guest memory (0: no memory), which the caller frees.
// (`centred`: DS_CENTER; else at 36, 24 dialog units from the owner's client area, where Windows'
// own templates of the modeless dialogs put them.)
uint64_t own_template(WindowsProcess& p, const std::u16string& title, int16_t cx, int16_t cy,
                      const std::vector<DialogItem>& items, bool centred) {
  std::vector<uint16_t> t;
  auto dword = [&](uint32_t v) {
    t.push_back(static_cast<uint16_t>(v));
    t.push_back(static_cast<uint16_t>(v >> 16));
  };
  auto text = [&](const std::u16string& s) {
    for (char16_t c : s) t.push_back(c);
    t.push_back(0);
  };
  const uint32_t style = user32::WS_POPUP | user32::WS_CAPTION | user32::WS_SYSMENU | 0x80 /* DS_MODALFRAME */ |
                         0x40 /* DS_SETFONT */ | (centred ? 0x800u /* DS_CENTER */ : 0u);
  dword(style);
  dword(0);
  t.push_back(static_cast<uint16_t>(items.size()));
  const int16_t x = centred ? 0 : 36, y = centred ? 0 : 24;
  for (int16_t v : {x, y, cx, cy}) t.push_back(static_cast<uint16_t>(v));
  t.push_back(0);  // no menu
  t.push_back(0);  // the dialog class
  text(title);
  t.push_back(8);
  text(u"MS Shell Dlg");
  for (const DialogItem& i : items) {
    if (t.size() % 2) t.push_back(0);  // DWORD-aligned
    dword(i.style | user32::WS_CHILD | user32::WS_VISIBLE);
    dword(0);
    for (int16_t v : {i.x, i.y, i.cx, i.cy}) t.push_back(static_cast<uint16_t>(v));
    t.push_back(i.id);
    text(i.cls);
    text(i.text);
    t.push_back(0);  // no creation data
  }
  const uint64_t at = p.heap.alloc(2 * t.size() + 4, true);
  if (at) std::memcpy(reinterpret_cast<void*>(at), t.data(), 2 * t.size());
  return at;
}

}  // namespace

int64_t run_own_dialog(WindowsProcess& p, uint64_t owner, const std::u16string& title, int16_t cx, int16_t cy,
                       const std::vector<DialogItem>& items, const Export* proc, uint64_t key) {
  const uint64_t at = own_template(p, title, cx, cy, items, true);
  if (!at) return -1;
  const uint64_t thunk = p.export_thunk(nullptr, "COMDLG32.dll", proc->name, proc);
  const int64_t r = user32::run_dialog(p, 0, at, owner, thunk, key, true);
  p.heap.free(at);
  return r;
}

uint64_t make_own_dialog(WindowsProcess& p, uint64_t owner, const std::u16string& title, int16_t cx, int16_t cy,
                         const std::vector<DialogItem>& items, const Export* proc, uint64_t key) {
  const uint64_t at = own_template(p, title, cx, cy, items, false);
  if (!at) return 0;
  const uint64_t thunk = p.export_thunk(nullptr, "COMDLG32.dll", proc->name, proc);
  const uint64_t r = user32::make_modeless_dialog(p, 0, at, owner, thunk, key, true);
  p.heap.free(at);
  return r;
}

void remember_key(WindowsProcess& p, uint64_t dlg, uint64_t key) {
  user32::Window* w = user32::find_window(p, dlg);
  if (w && w->extra.size() >= 3 * p.isa->ptr) std::memcpy(w->extra.data() + 2 * p.isa->ptr, &key, p.isa->ptr);
}

uint64_t key_of(WindowsProcess& p, uint64_t dlg) {
  user32::Window* w = user32::find_window(p, dlg);
  uint64_t key = 0;
  if (w && w->extra.size() >= 3 * p.isa->ptr) std::memcpy(&key, w->extra.data() + 2 * p.isa->ptr, p.isa->ptr);
  return key;
}

uint64_t dialog_item(WindowsProcess& p, uint64_t dlg, uint32_t id) {
  const user32::Window* w = user32::find_window(p, dlg);
  if (!w) return 0;
  for (uint64_t c : w->children)
    if (const user32::Window* cw = user32::find_window(p, c); cw && cw->id == id) return c;
  return 0;
}

std::u16string window_text(WindowsProcess& p, uint64_t hwnd) {
  constexpr uint64_t kChars = 4096;
  const uint64_t buf = p.heap.alloc(2 * kChars, true);
  if (!buf) return {};
  const uint64_t n = user32::send_message(p, hwnd, kDialogWmGettext, kChars, buf);
  std::u16string s(reinterpret_cast<const char16_t*>(buf), std::min<uint64_t>(n, kChars - 1));
  p.heap.free(buf);
  return s;
}

uint64_t send_string(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, const std::u16string& s) {
  const user32::GuestText buf(p, s);
  return buf.at ? user32::send_message(p, hwnd, msg, wparam, buf.at) : 0;
}

void set_window_text(WindowsProcess& p, uint64_t hwnd, const std::u16string& text) {
  send_string(p, hwnd, kDialogWmSettext, 0, text);
}

int32_t message_box(WindowsProcess& p, uint64_t owner, const std::u16string& text, const std::u16string& caption,
                    uint32_t type) {
  const Export* e = kUser32.find("MessageBoxW");
  if (!e) return 0;
  const uint64_t thunk = p.export_thunk(&kUser32, "USER32.dll", "MessageBoxW", e);
  const user32::GuestText t(p, text), c(p, caption);
  if (!t.at || !c.at) return 0;
  return static_cast<int32_t>(p.call_guest(thunk, {owner, t.at, c.at, type}));
}

bool cancelled_without_display(WindowsProcess& p, const char* what) {
  if (user32::interactive_display(p)) return false;
  std::fflush(stdout);
  std::fprintf(stderr, "%s: cancelled: no display to show the dialog on\n", what);
  return true;
}

std::u16string read_string(uint64_t at, bool wide) {
  if (!at) return {};
  return wide ? std::u16string(reinterpret_cast<const char16_t*>(at)) : ansi_to_utf16(reinterpret_cast<const char*>(at));
}

size_t string_units(const std::u16string& s, bool wide) { return wide ? s.size() : utf16_to_ansi(s).size(); }

bool write_string(uint64_t at, uint64_t chars, const std::u16string& s, bool wide) {
  if (!at || string_units(s, wide) + 1 > chars) return false;
  if (wide) {
    std::memcpy(reinterpret_cast<void*>(at), s.c_str(), 2 * (s.size() + 1));
  } else {
    const std::string n = utf16_to_ansi(s);
    std::memcpy(reinterpret_cast<void*>(at), n.c_str(), n.size() + 1);
  }
  return true;
}

}  // namespace comdlg32

const Dll kComdlg32 = [] {
  Dll d{"comdlg32.dll", false, {EXPORT("CommDlgExtendedError", comdlg32::CommDlgExtendedError)}};
  for (const auto* list : {&comdlg32::file_dialog_exports(), &comdlg32::color_dialog_exports(),
                           &comdlg32::find_dialog_exports(), &comdlg32::font_dialog_exports(),
                           &comdlg32::print_dialog_exports()})
    for (const Export& e : *list) d.exports.push_back(e);
  return d;
}();

}  // namespace polyrun::shims
