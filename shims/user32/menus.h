// USER32's menus: menu objects and their items (user32/menus.cpp), the menu bar of a top-level
// window and the modal menu loop with its popup windows (user32/menu_tracking.cpp). What the rest
// of USER32 calls: the bar's painting in the non-client area, DefWindowProc's menu keys and
// commands, a window's menus going with it, a class's menu for CreateWindowEx.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/core/shim.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

// Menu flags (MF_*, MFT_*, MFS_*) as the API takes them.
enum : uint32_t {
  MF_BYCOMMAND = 0, MF_STRING = 0, MF_GRAYED = 0x1, MF_DISABLED = 0x2, MF_BITMAP = 0x4, MF_CHECKED = 0x8,
  MF_POPUP = 0x10, MF_MENUBARBREAK = 0x20, MF_MENUBREAK = 0x40, MF_HILITE = 0x80, MF_OWNERDRAW = 0x100,
  MF_USECHECKBITMAPS = 0x200, MF_BYPOSITION = 0x400, MF_SEPARATOR = 0x800, MF_DEFAULT = 0x1000,
  MF_SYSMENU = 0x2000, MF_RIGHTJUSTIFY = 0x4000, MF_MOUSESELECT = 0x8000, MF_END = 0x80,
  MFT_RADIOCHECK = 0x200, MFT_RIGHTORDER = 0x2000,
};
// USER32's menu errors.
enum : uint32_t { ERROR_INVALID_MENU_HANDLE = 1401, ERROR_MENU_ITEM_NOT_FOUND = 1456 };
// Menu messages and WM_SYSCOMMAND's menu commands.
enum : uint32_t {
  WM_INITMENU = 0x0116, WM_INITMENUPOPUP = 0x0117, WM_MENUSELECT = 0x011f, WM_MENUCHAR = 0x0120,
  WM_ENTERIDLE = 0x0121, WM_MENURBUTTONUP = 0x0122, WM_MENUCOMMAND = 0x0126, WM_UNINITMENUPOPUP = 0x0125,
  WM_ENTERMENULOOP = 0x0211, WM_EXITMENULOOP = 0x0212,
};
enum : uint32_t {
  SC_SIZE = 0xf000, SC_MOVE = 0xf010, SC_MINIMIZE = 0xf020, SC_MAXIMIZE = 0xf030, SC_MOUSEMENU = 0xf090,
  SC_KEYMENU = 0xf100, SC_RESTORE = 0xf120,
};
constexpr int32_t HTMENU = 5, HTSYSMENU = 3;

struct MenuItem {
  uint32_t type = 0, state = 0, id = 0;  // MFT_*, MFS_*, the command
  uint64_t submenu = 0;
  bool has_text = false;
  std::u16string text;
  uint64_t checked = 0, unchecked = 0, bitmap = 0, data = 0;
  Rect rect;  // where it is: in the window for a bar, in the popup window for a popup
  int32_t measured_width = 0, measured_height = 0;  // an owner-drawn item's size (WM_MEASUREITEM)
};

struct Menu {
  uint64_t handle = 0;
  bool popup = false;  // CreatePopupMenu's (a bar is CreateMenu's)
  bool system = false;  // a window's system menu
  std::vector<MenuItem> items;
  uint32_t style = 0, max_height = 0, help_id = 0;
  uint64_t data = 0, background = 0;
  uint64_t owner = 0;   // the window it is the bar of (SetMenu) or is tracked for
  uint64_t window = 0;  // its popup window while it is shown
  int32_t width = 0, height = 0;
};

// The menu a handle names, or null; the same setting ERROR_INVALID_MENU_HANDLE.
Menu* find_menu(WindowsProcess& p, uint64_t handle);
Menu* menu_or_fail(WindowsProcess& p, uint64_t handle);
// A new popup (or bar) menu, and a menu with its submenus destroyed.
uint64_t new_menu(WindowsProcess& p, bool popup);
void destroy_menu(WindowsProcess& p, uint64_t handle);
// An item by command (searching submenus: the menu holding it comes back in `holder`) or position.
MenuItem* find_item(WindowsProcess& p, uint64_t menu, uint32_t item, uint32_t flags, Menu** holder = nullptr,
                    int32_t* position = nullptr);
// A menu resource of a module (RT_MENU), and a MENUTEMPLATE or MENUEX_TEMPLATE in memory, as menus.
uint64_t load_menu(WindowsProcess& p, uint64_t module, uint64_t name, bool wide);
uint64_t load_menu_template(WindowsProcess& p, uint64_t at);
// An item's text without its '&' marks, and its mnemonic character (lower case; 0 for none).
std::u16string menu_item_label(const std::u16string& text);
char16_t menu_mnemonic(const std::u16string& text);

// The menu a top-level window shows as its bar (0: none), and the bar's height in its frame.
uint64_t window_menu_bar(WindowsProcess& p, const Window& w);
int32_t menu_bar_height(WindowsProcess& p, const Window& w);
// The menu bar drawn in the window's non-client area (a DC of the whole window), from
// default_nc_paint.
void paint_menu_bar(WindowsProcess& p, uint64_t hwnd, gdi32::DeviceContext& dc);
// Where the bar is on the screen (empty without one).
Rect menu_bar_screen_rect(WindowsProcess& p, const Window& w);
// A window is going: its menu bar and system menu go with it.
void window_menus_gone(WindowsProcess& p, const Window& w);
// CreateWindowEx's menu for a top-level window made without one: the class's menu resource.
uint64_t class_menu(WindowsProcess& p, const WindowClass& cls);
// DefWindowProc's part: Alt and F10 (WM_SYSKEYDOWN, WM_SYSKEYUP, WM_KEYDOWN) and Alt+letter
// (WM_SYSCHAR) become WM_SYSCOMMAND SC_KEYMENU; WM_SYSCOMMAND's SC_KEYMENU and SC_MOUSEMENU enter
// the menu loop (true: the message was the menu's).
bool menu_key_message(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam);
bool menu_system_command(WindowsProcess& p, uint64_t hwnd, uint64_t wparam, uint64_t lparam);

}  // namespace polyrun::shims::user32
