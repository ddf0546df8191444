// SHBrowseForFolder: a dialog of polyrun's own (built and run as COMDLG32's are:
// comdlg32/comdlg32.h) with the program's title text, the folder selected, a list of its folders
// ("[..]" for the one above, unless it is the root the program gave) and, with BIF_EDITBOX, an
// edit for a folder's name. A click on a folder selects it; a double click, or Enter on it, goes
// into it. OK answers with the folder selected (the one the edit names, when it names one) as an
// ITEMIDLIST (shell32/id_lists.h), its name in pszDisplayName; Cancel with NULL. The program's
// callback hears BFFM_INITIALIZED, BFFM_SELCHANGED and BFFM_VALIDATEFAILED, and may send
// BFFM_SETSELECTION (a path or a list), BFFM_ENABLEOK, BFFM_SETOKTEXT and BFFM_SETSTATUSTEXT.
// BIF_NEWDIALOGSTYLE and BIF_RETURNONLYFSDIRS change nothing: every folder here is a file
// system folder.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>

#include "shims/comdlg32/comdlg32.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/shell32/id_lists.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

int32_t shell32_folder_path(WindowsProcess& p, int32_t csidl, char16_t* out);  // shell32/shell32.cpp

namespace {

using comdlg32::dialog_item;
using comdlg32::set_window_text;

enum : uint32_t {
  BIF_STATUSTEXT = 0x4, BIF_EDITBOX = 0x10, BIF_VALIDATE = 0x20,
  BFFM_INITIALIZED = 1, BFFM_SELCHANGED = 2, BFFM_VALIDATEFAILEDA = 3, BFFM_VALIDATEFAILEDW = 4,
  BFFM_SETSTATUSTEXTA = 0x464, BFFM_ENABLEOK = 0x465, BFFM_SETSELECTIONA = 0x466, BFFM_SETSELECTIONW = 0x467,
  BFFM_SETSTATUSTEXTW = 0x468, BFFM_SETOKTEXT = 0x469,
  kIdBrowseTitle = 14146, kIdBrowseStatus = 14147, kIdBrowseList = 14145, kIdBrowseEdit = 14148,
  kIdBrowsePath = 14149,
  kBrowseLbAdd = 0x180, kBrowseLbReset = 0x184, kBrowseLbSetSel = 0x186, kBrowseLbGetSel = 0x188,
};

struct Browser {
  WindowsProcess* p;
  bool wide;
  uint64_t info;
  uint32_t flags;
  uint64_t callback, data;
  std::string root;  // the highest folder (empty: none above the drives' roots)
  std::string dir;   // the folder whose folders the list shows
  std::vector<std::u16string> entries;  // the list's folders ("..": the one above)
  std::string result;
};
std::map<uint64_t, std::unique_ptr<Browser>>& browsers() {
  static std::map<uint64_t, std::unique_ptr<Browser>> b;
  return b;
}

std::string up_from(const std::string& path) {
  const size_t slash = path.find_last_of('\\');
  if (slash == std::string::npos) return path;
  return slash <= 2 ? path.substr(0, 3) : path.substr(0, slash);
}
std::string inside(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '\\' ? dir + name : dir + "\\" + name;
}
bool is_folder(const std::string& windows_path) {
  struct stat st;
  return ::stat(windows_to_host_path(windows_path).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool same_path(const std::string& a, const std::string& b) { return ascii_lower(a) == ascii_lower(b); }

// The folder selected: the list's, else the one shown.
std::string selected(Browser& b, uint64_t dlg) {
  const int32_t sel = static_cast<int32_t>(
      user32::send_message(*b.p, dialog_item(*b.p, dlg, kIdBrowseList), kBrowseLbGetSel, 0, 0));
  if (sel < 0 || static_cast<size_t>(sel) >= b.entries.size()) return b.dir;
  return b.entries[sel] == u".." ? up_from(b.dir) : inside(b.dir, utf16_to_utf8(b.entries[sel]));
}

void tell_selection(Browser& b, uint64_t dlg) {
  if (!b.callback) return;
  WindowsProcess& p = *b.p;
  const uint64_t pidl = make_id_list(p, selected(b, dlg));
  p.call_guest(b.callback, {dlg, BFFM_SELCHANGED, pidl, b.data});
  p.heap.free(pidl);
}

void show(Browser& b, uint64_t dlg, const std::string& dir) {
  WindowsProcess& p = *b.p;
  b.dir = dir;
  set_window_text(p, dialog_item(p, dlg, kIdBrowsePath), utf8_to_utf16(dir));
  std::vector<std::u16string> folders;
  const std::string host = windows_to_host_path(dir);
  if (DIR* d = ::opendir(host.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name.empty() || name[0] == '.') continue;
      struct stat st;
      if (::stat((host + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) folders.push_back(utf8_to_utf16(name));
    }
    ::closedir(d);
  }
  std::sort(folders.begin(), folders.end(), [](const std::u16string& x, const std::u16string& y) {
    return ascii_lower(utf16_to_utf8(x)) < ascii_lower(utf16_to_utf8(y));
  });
  b.entries.clear();
  if (dir.size() > 3 && !same_path(dir, b.root)) b.entries.push_back(u"..");
  b.entries.insert(b.entries.end(), folders.begin(), folders.end());
  const uint64_t list = dialog_item(p, dlg, kIdBrowseList);
  user32::send_message(p, list, kBrowseLbReset, 0, 0);
  for (const auto& e : b.entries) comdlg32::send_string(p, list, kBrowseLbAdd, 0, u"[" + e + u"]");
}

void finish(Browser& b, uint64_t dlg) {
  WindowsProcess& p = *b.p;
  std::string chosen = selected(b, dlg);
  if (const uint64_t edit = dialog_item(p, dlg, kIdBrowseEdit)) {
    std::string typed = utf16_to_utf8(comdlg32::window_text(p, edit));
    while (!typed.empty() && typed.back() == ' ') typed.pop_back();
    if (!typed.empty()) {
      const bool absolute = (typed.size() >= 2 && typed[1] == ':') || typed[0] == '\\';
      const std::string named = windows_full_path(absolute ? typed : inside(chosen, typed));
      if (!is_folder(named)) {
        if (b.callback) {
          const std::u16string w = utf8_to_utf16(typed);
          const uint64_t s = p.heap.alloc(2 * (w.size() + 1) + typed.size() + 1, true);
          if (b.wide) std::memcpy(reinterpret_cast<void*>(s), w.c_str(), 2 * (w.size() + 1));
          else std::memcpy(reinterpret_cast<void*>(s), typed.c_str(), typed.size() + 1);
          const uint64_t keep =
              p.call_guest(b.callback, {dlg, b.wide ? BFFM_VALIDATEFAILEDW : BFFM_VALIDATEFAILEDA, s, b.data});
          p.heap.free(s);
          if (keep) return;
        }
        user32::end_dialog(p, dlg, 0);
        return;
      }
      chosen = named;
    }
  }
  b.result = chosen;
  user32::end_dialog(p, dlg, 1);
}

USize browse_proc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wparam, USize lparam) {
  const uint64_t dlg = hwnd.addr;
  if (msg == user32::WM_INITDIALOG) {
    comdlg32::remember_key(p, dlg, lparam);
    const auto it = browsers().find(lparam);
    if (it == browsers().end()) return TRUE;
    Browser& b = *it->second;
    show(b, dlg, b.dir);
    const uint64_t list = dialog_item(p, dlg, kIdBrowseList);
    user32::set_focus(p, list);
    if (b.callback) p.call_guest(b.callback, {dlg, BFFM_INITIALIZED, 0, b.data});
    return FALSE;
  }
  const auto it = browsers().find(comdlg32::key_of(p, dlg));
  if (it == browsers().end()) return FALSE;
  Browser& b = *it->second;
  switch (msg) {
    case BFFM_SETSELECTIONA:
    case BFFM_SETSELECTIONW: {
      std::string path;
      if (wparam) {
        path = utf16_to_utf8(comdlg32::read_string(lparam, msg == BFFM_SETSELECTIONW));
        if (!path.empty()) path = windows_full_path(path);
      } else if (!id_list_path(p, lparam, path)) {
        return FALSE;
      }
      if (path.empty() || !is_folder(path)) return FALSE;
      if (path.size() == 2) path += "\\";
      show(b, dlg, path);
      tell_selection(b, dlg);
      return TRUE;
    }
    case BFFM_ENABLEOK:
      user32::enable_window(p, dialog_item(p, dlg, 1), lparam != 0);
      return TRUE;
    case BFFM_SETOKTEXT:
      set_window_text(p, dialog_item(p, dlg, 1), comdlg32::read_string(lparam, true));
      return TRUE;
    case BFFM_SETSTATUSTEXTA:
    case BFFM_SETSTATUSTEXTW:
      set_window_text(p, dialog_item(p, dlg, kIdBrowseStatus), comdlg32::read_string(lparam, msg == BFFM_SETSTATUSTEXTW));
      return TRUE;
    case 0x0111: {  // WM_COMMAND
      const uint32_t id = wparam & 0xffff, code = (wparam >> 16) & 0xffff;
      if (id == 1) {
        finish(b, dlg);
      } else if (id == 2) {
        user32::end_dialog(p, dlg, 0);
      } else if (id == kIdBrowseList && code == 1 /* LBN_SELCHANGE */) {
        tell_selection(b, dlg);
      } else if (id == kIdBrowseList && code == 2 /* LBN_DBLCLK */) {
        show(b, dlg, selected(b, dlg));
        tell_selection(b, dlg);
      } else {
        return FALSE;
      }
      return TRUE;
    }
    default:
      return FALSE;
  }
}

// BROWSEINFO: hwndOwner, pidlRoot, pszDisplayName, lpszTitle, ulFlags, lpfn, lParam, iImage.
Ptr browse_for_folder(WindowsProcess& p, uint64_t info, bool wide) {
  if (!info) return Ptr(0);
  if (comdlg32::cancelled_without_display(p, "SHBrowseForFolder")) return Ptr(0);
  const unsigned w = p.isa->ptr;
  auto b = std::make_unique<Browser>();
  b->p = &p;
  b->wide = wide;
  b->info = info;
  b->flags = get<uint32_t>(info + 4 * w);
  b->callback = p.get_ptr(info + 5 * w);
  b->data = p.get_ptr(info + 6 * w);
  std::string root;
  if (const uint64_t pidl_root = p.get_ptr(info + w); pidl_root && get<uint16_t>(pidl_root) != 0)
    id_list_path(p, pidl_root, root);
  b->root = root;
  std::string start = root;
  if (start.empty()) {
    char16_t buf[260] = {};
    if (shell32_folder_path(p, 0x10 /* CSIDL_DESKTOPDIRECTORY */, buf) == 0)
      start = utf16_to_utf8(buf, std::char_traits<char16_t>::length(buf));
    if (start.empty() || !is_folder(start)) start = windows_current_directory();
  }
  b->dir = start;
  const std::u16string title = comdlg32::read_string(p.get_ptr(info + 3 * w), wide);
  const bool edit = (b->flags & BIF_EDITBOX) != 0;
  std::vector<comdlg32::DialogItem> items = {
      {u"Static", title, kIdBrowseTitle, 0x80 /* SS_NOPREFIX */, 7, 7, 196, 18},
      {u"Static", u"", kIdBrowseStatus, 0x80, 7, 26, 196, 9},
      {u"Static", u"", kIdBrowsePath, 0x80, 7, 37, 196, 9},
      {u"ListBox", u"", kIdBrowseList,
       user32::WS_BORDER | user32::WS_VSCROLL | user32::WS_TABSTOP | 0x1 /* LBS_NOTIFY */ | 0x100 /* LBS_NOINTEGRALHEIGHT */,
       7, 48, 196, 100},
  };
  int16_t y = 154;
  if (edit) {
    items.push_back({u"Static", u"F&older:", 0xffff, 0, 7, static_cast<int16_t>(y + 2), 30, 9});
    items.push_back({u"Edit", u"", kIdBrowseEdit, user32::WS_BORDER | user32::WS_TABSTOP | 0x80 /* ES_AUTOHSCROLL */, 40,
                     y, 163, 12});
    y += 18;
  }
  items.push_back({u"Button", u"OK", 1, user32::WS_TABSTOP | 0x1 /* BS_DEFPUSHBUTTON */, 94, y, 50, 14});
  items.push_back({u"Button", u"Cancel", 2, user32::WS_TABSTOP, 153, y, 50, 14});
  static uint64_t next_key = 1;
  const uint64_t key = next_key++;
  Browser* state = b.get();
  browsers()[key] = std::move(b);
  static const Export entry = EXPORT("BrowseForFolderProc", browse_proc);
  const int64_t r = comdlg32::run_own_dialog(p, p.get_ptr(info), u"Browse for Folder", 210,
                                             static_cast<int16_t>(y + 21), items, &entry, key);
  uint64_t pidl = 0;
  if (r > 0) {
    pidl = make_id_list(p, state->result);
    if (const uint64_t name = p.get_ptr(info + 2 * w)) {
      const std::string& path = state->result;
      const std::string shown = path.size() <= 3 ? path : path.substr(path.find_last_of('\\') + 1);
      comdlg32::write_string(name, 260, utf8_to_utf16(shown), wide);
    }
  }
  browsers().erase(key);
  return Ptr(pidl);
}

Ptr SHBrowseForFolderW(WindowsProcess& p, Ptr info) { return browse_for_folder(p, info.addr, true); }
Ptr SHBrowseForFolderA(WindowsProcess& p, Ptr info) { return browse_for_folder(p, info.addr, false); }

}  // namespace

const std::vector<Export>& shell32_browse_exports() {
  static const std::vector<Export> e = {
      EXPORT("SHBrowseForFolderW", SHBrowseForFolderW),
      EXPORT("SHBrowseForFolderA", SHBrowseForFolderA),
  };
  return e;
}

}  // namespace polyrun::shims
