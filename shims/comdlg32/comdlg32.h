// COMDLG32's common dialogs (and SHELL32's folder browser, which is made the same way): modal
// dialogs of polyrun's own, a template built in guest memory and run with USER32's dialog manager,
// their procedures host functions reached through export thunks (as user32/message_box.cpp's).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/core/shim.h"

namespace polyrun::shims::comdlg32 {

// CommDlgExtendedError's code for the calling thread.
void set_dialog_error(uint32_t code);

// One control of a dialog template, in dialog units.
struct DialogItem {
  const char16_t* cls;  // "Button", "Edit", "Static", "ListBox", "ComboBox"
  std::u16string text;
  uint16_t id;
  uint32_t style;  // WS_CHILD | WS_VISIBLE are added
  int16_t x, y, cx, cy;
};
// Runs the dialog (centred on the screen, MS Shell Dlg 8) with `proc` as its procedure; `key`
// is WM_INITDIALOG's lparam. The EndDialog result (-1: it could not be made).
int64_t run_own_dialog(WindowsProcess& p, uint64_t owner, const std::u16string& title, int16_t cx, int16_t cy,
                       const std::vector<DialogItem>& items, const Export* proc, uint64_t key);
// The same dialog made modeless (FindText's), hidden until its procedure shows it: its handle (0:
// it could not be made).
uint64_t make_own_dialog(WindowsProcess& p, uint64_t owner, const std::u16string& title, int16_t cx, int16_t cy,
                         const std::vector<DialogItem>& items, const Export* proc, uint64_t key);
// The key a dialog was started with (kept in its DWLP_USER at WM_INITDIALOG).
void remember_key(WindowsProcess& p, uint64_t dlg, uint64_t key);
uint64_t key_of(WindowsProcess& p, uint64_t dlg);
// A dialog's control by id (0: none), a window's text, and setting it.
uint64_t dialog_item(WindowsProcess& p, uint64_t dlg, uint32_t id);
std::u16string window_text(WindowsProcess& p, uint64_t hwnd);
void set_window_text(WindowsProcess& p, uint64_t hwnd, const std::u16string& text);
// A message whose lparam is a string (LB_ADDSTRING, CB_ADDSTRING …): its answer.
uint64_t send_string(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, const std::u16string& s);
// MessageBoxW through USER32's export, as the program would call it: its answer.
int32_t message_box(WindowsProcess& p, uint64_t owner, const std::u16string& text, const std::u16string& caption,
                    uint32_t type);
// True when nobody could answer a dialog (no display a person sees): then `what` was cancelled,
// as one line on stderr says.
bool cancelled_without_display(WindowsProcess& p, const char* what);
// Strings of a structure's pointers, of the caller's width (narrow ones in the ANSI code page).
std::u16string read_string(uint64_t at, bool wide);
// Copies `s` with its NUL into `at` (`chars` characters of the caller's width, its NUL included);
// false when it does not fit (nothing written).
bool write_string(uint64_t at, uint64_t chars, const std::u16string& s, bool wide);
// The length of `s` in the caller's characters.
size_t string_units(const std::u16string& s, bool wide);

const std::vector<Export>& file_dialog_exports();   // comdlg32/file_dialogs.cpp
const std::vector<Export>& color_dialog_exports();  // comdlg32/color_dialog.cpp
const std::vector<Export>& find_dialog_exports();   // comdlg32/find_dialog.cpp
const std::vector<Export>& font_dialog_exports();   // comdlg32/font_dialog.cpp
const std::vector<Export>& print_dialog_exports();  // comdlg32/print_dialogs.cpp

}  // namespace polyrun::shims::comdlg32
