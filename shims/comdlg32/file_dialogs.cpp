// GetOpenFileName and GetSaveFileName: a dialog of polyrun's own with the folder shown, a list of
// its folders ("[name]", "[..]" for the one above) and of its files that the chosen filter
// matches, the file name edit (the focus at the start), the filter combo box, the read-only check
// box (unless OFN_HIDEREADONLY), Open/Save and Cancel. Enter or a double click on a folder goes
// into it, as does a folder's name typed; a name with * or ? filters the list; OK answers with the
// name made absolute against the folder shown, the default extension added, and the checks its
// flags ask for (OFN_PATHMUSTEXIST, OFN_FILEMUSTEXIST, OFN_OVERWRITEPROMPT's question in a message
// box). OFN_ALLOWMULTISELECT takes names in quotes ("a.txt" "b.txt"): the folder, then each name.
// With OFN_EXPLORER, a hook and a template of the program's (OFN_ENABLEHOOK, OFN_ENABLETEMPLATE,
// OFN_ENABLETEMPLATEHANDLE) make a child dialog below the standard controls, as Windows' Explorer-
// style dialogs do: the template's controls (none with a hook alone), the hook its dialog
// procedure, WM_INITDIALOG with the OPENFILENAME; it hears CDN_INITDONE, CDN_SELCHANGE,
// CDN_TYPECHANGE and CDN_FILEOK (whose DWLP_MSGRESULT can refuse the name) through WM_NOTIFY, and
// may ask the dialog CDM_GETSPEC, CDM_GETFILEPATH and CDM_GETFOLDERPATH. Old-style hooks and
// templates (without OFN_EXPLORER) are not supported (a line on stderr says so; the dialog is the
// standard one). GetFileTitle is here too.
#include <dirent.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

#include "shims/kernel32/exports.h"
#include "shims/comdlg32/comdlg32.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comdlg32 {

namespace {

enum : uint32_t {
  OFN_READONLY = 0x1, OFN_OVERWRITEPROMPT = 0x2, OFN_HIDEREADONLY = 0x4, OFN_NOCHANGEDIR = 0x8,
  OFN_ENABLEHOOK = 0x20, OFN_ENABLETEMPLATE = 0x40, OFN_ENABLETEMPLATEHANDLE = 0x80,
  OFN_ALLOWMULTISELECT = 0x200, OFN_EXTENSIONDIFFERENT = 0x400, OFN_PATHMUSTEXIST = 0x800,
  OFN_FILEMUSTEXIST = 0x1000, OFN_EXPLORER = 0x80000,
  CDN_INITDONE = 0xfffffda7, CDN_SELCHANGE = 0xfffffda6, CDN_TYPECHANGE = 0xfffffda1, CDN_FILEOK = 0xfffffda2,
  CDM_GETSPEC = 0x464, CDM_GETFILEPATH = 0x465, CDM_GETFOLDERPATH = 0x466, kFileWmNotify = 0x4e,
  CDERR_STRUCTSIZE_F = 1, CDERR_INITIALIZATION_F = 2, FNERR_BUFFERTOOSMALL = 0x3003,
  kIdFolderLabel = 1088, kIdFileList = 1120, kIdFilterCombo = 1136, kIdNameEdit = 1152, kIdReadOnly = 1040,
  kFileLbAdd = 0x180, kFileLbReset = 0x184, kFileLbSetSel = 0x186, kFileLbGetSel = 0x188,
  kFileCbAdd = 0x143, kFileCbGetSel = 0x147, kFileCbSetSel = 0x14e, kFileBmGetCheck = 0xf0, kFileBmSetCheck = 0xf1,
  kFileEmSetSel = 0xb1,
};

// OPENFILENAME's fields for a pointer width: offsets, and the two sizes it has (before and
// with Windows 2000's pvReserved, dwReserved and FlagsEx).
struct OfnLayout {
  uint32_t owner, filter, filter_index, file, max_file, file_title, max_file_title, initial_dir, title, flags,
      file_offset, file_extension, def_ext, old_size, new_size, instance, hook, template_name;
};
constexpr OfnLayout kOfn64{8, 24, 44, 48, 56, 64, 72, 80, 88, 96, 100, 102, 104, 136, 152, 16, 120, 128};
constexpr OfnLayout kOfn32{4, 12, 24, 28, 32, 36, 40, 44, 48, 52, 56, 58, 60, 76, 88, 8, 68, 72};

struct Entry {
  std::u16string name;
  bool folder;
};

struct FileDialog {
  WindowsProcess* p;
  uint64_t ofn;
  OfnLayout l;
  bool wide, save;
  uint32_t flags;
  std::string dir;  // the folder shown (a Windows path, UTF-8)
  std::vector<std::pair<std::u16string, std::u16string>> filters;  // description, patterns
  int filter = 0;
  std::u16string typed_spec;  // a spec typed in the name edit, overriding the filter's
  std::vector<Entry> entries;
  std::u16string title;
  bool has_def_ext = false;
  std::u16string def_ext;
  uint64_t child = 0;  // the Explorer-style child dialog of the program's template and hook
};
std::map<uint64_t, std::unique_ptr<FileDialog>>& file_dialogs() {
  static std::map<uint64_t, std::unique_ptr<FileDialog>> d;
  return d;
}

bool host_is_dir(const std::string& windows_path) {
  struct stat st;
  return ::stat(windows_to_host_path(windows_path).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool host_exists(const std::string& windows_path) {
  struct stat st;
  return ::stat(windows_to_host_path(windows_path).c_str(), &st) == 0;
}

std::string parent_of(const std::string& path) {
  const size_t slash = path.find_last_of('\\');
  if (slash == std::string::npos) return path;
  if (slash <= 2) return path.substr(0, 3);  // "Z:\"
  return path.substr(0, slash);
}

std::string joined(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '\\' ? dir + name : dir + "\\" + name;
}

// Whether a name matches one of a filter's patterns ("*.txt;*.doc"; "*.*" is every name).
bool matches_filter(const std::string& name, const std::string& patterns) {
  size_t start = 0;
  while (start <= patterns.size()) {
    size_t end = patterns.find(';', start);
    if (end == std::string::npos) end = patterns.size();
    std::string pat = patterns.substr(start, end - start);
    while (!pat.empty() && pat.front() == ' ') pat.erase(pat.begin());
    while (!pat.empty() && pat.back() == ' ') pat.pop_back();
    if (pat == "*.*" || pat == "*") return true;
    if (!pat.empty() && ::fnmatch(pat.c_str(), name.c_str(), FNM_CASEFOLD) == 0) return true;
    start = end + 1;
  }
  return false;
}

bool less_nocase(const std::u16string& a, const std::u16string& b) {
  return ascii_lower(utf16_to_utf8(a)) < ascii_lower(utf16_to_utf8(b));
}

void fill_list(FileDialog& d, uint64_t dlg) {
  WindowsProcess& p = *d.p;
  const uint64_t list = dialog_item(p, dlg, kIdFileList);
  set_window_text(p, dialog_item(p, dlg, kIdFolderLabel), utf8_to_utf16(d.dir));
  d.entries.clear();
  std::vector<Entry> folders, files;
  const std::string spec = utf16_to_utf8(!d.typed_spec.empty() ? d.typed_spec
                                         : d.filters.empty()   ? std::u16string(u"*.*")
                                                               : d.filters[d.filter].second);
  const std::string host = windows_to_host_path(d.dir);
  if (DIR* dir = ::opendir(host.c_str())) {
    while (const dirent* e = ::readdir(dir)) {
      const std::string name = e->d_name;
      if (name.empty() || name[0] == '.') continue;
      struct stat st;
      if (::stat((host + "/" + name).c_str(), &st) != 0) continue;
      if (S_ISDIR(st.st_mode)) folders.push_back({utf8_to_utf16(name), true});
      else if (matches_filter(name, spec)) files.push_back({utf8_to_utf16(name), false});
    }
    ::closedir(dir);
  }
  auto by_name = [](const Entry& a, const Entry& b) { return less_nocase(a.name, b.name); };
  std::sort(folders.begin(), folders.end(), by_name);
  std::sort(files.begin(), files.end(), by_name);
  if (d.dir.size() > 3) d.entries.push_back({u"..", true});
  d.entries.insert(d.entries.end(), folders.begin(), folders.end());
  d.entries.insert(d.entries.end(), files.begin(), files.end());
  user32::send_message(p, list, kFileLbReset, 0, 0);
  for (const Entry& e : d.entries) send_string(p, list, kFileLbAdd, 0, e.folder ? u"[" + e.name + u"]" : e.name);
}

void go_to(FileDialog& d, uint64_t dlg, const std::string& dir) {
  d.dir = dir;
  d.typed_spec.clear();
  fill_list(d, dlg);
}

// KERNEL32's exports, called as the program would (the template's resource, its memory handle).
uint64_t file_kernel32_call(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  const Export* e = kKernel32.find(name);
  if (!e) return 0;
  return p.call_guest(p.export_thunk(&kKernel32, "KERNEL32.dll", name, e), args);
}

// The child dialog's template: the program's (a resource, or memory with
// OFN_ENABLETEMPLATEHANDLE), or with a hook alone an empty one of polyrun's (in `own`, which the
// caller frees).
uint64_t child_template(FileDialog& d, uint64_t& own) {
  WindowsProcess& p = *d.p;
  own = 0;
  const uint64_t instance = p.get_ptr(d.ofn + d.l.instance);
  if (d.flags & OFN_ENABLETEMPLATEHANDLE) return file_kernel32_call(p, "GlobalLock", {instance});
  if (d.flags & OFN_ENABLETEMPLATE) {
    const uint64_t name = p.get_ptr(d.ofn + d.l.template_name);
    const uint64_t res = file_kernel32_call(p, d.wide ? "FindResourceW" : "FindResourceA", {instance, name, 5 /* RT_DIALOG */});
    if (!res) return 0;
    return file_kernel32_call(p, "LockResource", {file_kernel32_call(p, "LoadResource", {instance, res})});
  }
  // DLGTEMPLATE: WS_CHILD | WS_VISIBLE | DS_CONTROL | DS_3DLOOK, no items, no menu, class or title.
  own = p.heap.alloc(32, true);
  if (!own) return 0;
  put<uint32_t>(own, user32::WS_CHILD | user32::WS_VISIBLE | 0x400 | 0x4);
  return own;
}

// WM_NOTIFY with an OFNOTIFY (the dialog, the OPENFILENAME, no share name) to the child dialog:
// the DWLP_MSGRESULT it leaves.
uint64_t tell_child(FileDialog& d, uint64_t dlg, uint32_t code) {
  WindowsProcess& p = *d.p;
  if (!d.child || !user32::find_window(p, d.child)) return 0;
  const unsigned w = p.isa->ptr;
  const uint64_t at = p.heap.alloc(5 * w, true);
  if (!at) return 0;
  p.put_ptr(at, dlg);
  put<uint32_t>(at + 2 * w, code);
  p.put_ptr(at + 3 * w, d.ofn);
  user32::Window* c = user32::find_window(p, d.child);
  if (c && c->extra.size() >= w) std::memset(c->extra.data(), 0, w);
  user32::send_message(p, d.child, kFileWmNotify, 0, at, d.wide);
  uint64_t result = 0;
  if ((c = user32::find_window(p, d.child)) && c->extra.size() >= w) std::memcpy(&result, c->extra.data(), w);
  p.heap.free(at);
  return result;
}

// The child dialog made below the standard controls, the dialog grown to hold it.
void make_child(FileDialog& d, uint64_t dlg) {
  WindowsProcess& p = *d.p;
  uint64_t own = 0;
  const uint64_t tmpl = child_template(d, own);
  const uint64_t hook = (d.flags & OFN_ENABLEHOOK) ? p.get_ptr(d.ofn + d.l.hook) : 0;
  if (tmpl)
    d.child = user32::make_modeless_dialog(p, p.get_ptr(d.ofn + d.l.instance), tmpl, dlg, hook, d.ofn, d.wide);
  if (own) p.heap.free(own);
  const user32::Window* c = d.child ? user32::find_window(p, d.child) : nullptr;
  const user32::Window* w = user32::find_window(p, dlg);
  if (!c || !w) return;
  const int32_t width = std::max(w->client.width(), c->window.width()), height = w->client.height();
  const int32_t child_height = c->window.height();
  user32::set_window_position(p, d.child, 0, 0, height, 0, 0, 0x1 /* SWP_NOSIZE */ | 0x4 /* SWP_NOZORDER */ | 0x10);
  if ((w = user32::find_window(p, dlg))) {
    const user32::Rect frame =
        user32::window_rect_for_client(p, {0, 0, width, height + child_height}, w->style, w->ex_style, false);
    user32::set_window_position(p, dlg, 0, 0, 0, frame.width(), frame.height(), 0x2 /* SWP_NOMOVE */ | 0x4 | 0x10);
  }
}

// CDM_GETSPEC, CDM_GETFILEPATH, CDM_GETFOLDERPATH: the text copied into lParam's buffer of wParam
// characters of the caller's width; the characters it needs with its NUL (also when it does not fit).
uint64_t answer_cdm(FileDialog& d, uint64_t dlg, uint32_t msg, uint64_t size, uint64_t buffer) {
  WindowsProcess& p = *d.p;
  const std::u16string spec = window_text(p, dialog_item(p, dlg, kIdNameEdit));
  std::u16string text = utf8_to_utf16(d.dir);
  if (msg == CDM_GETSPEC) text = spec;
  else if (msg == CDM_GETFILEPATH) text = utf8_to_utf16(joined(d.dir, utf16_to_utf8(spec)));
  const size_t need = string_units(text, d.wide) + 1;
  if (buffer && size >= need) write_string(buffer, size, text, d.wide);
  return need;
}

int32_t ask(WindowsProcess& p, uint64_t dlg, const std::u16string& text, const std::u16string& caption, uint32_t type) {
  return message_box(p, dlg, text, caption, type);
}

// The file part of a path and its extension (after the last dot of the file part; empty: none).
std::string file_part(const std::string& path) {
  const size_t slash = path.find_last_of("\\/:");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}
std::string extension_of(const std::string& path) {
  const std::string f = file_part(path);
  const size_t dot = f.find_last_of('.');
  return dot == std::string::npos ? std::string() : f.substr(dot + 1);
}

// The extension a name without one gets: the current filter's when its first pattern is "*.ext",
// lpstrDefExt's otherwise (none without lpstrDefExt).
std::string default_extension(const FileDialog& d) {
  if (!d.has_def_ext) return {};
  if (!d.filters.empty()) {
    std::string first = utf16_to_utf8(d.filters[d.filter].second);
    first = first.substr(0, first.find(';'));
    if (first.size() > 2 && first.compare(0, 2, "*.") == 0 && first.find_first_of("*?", 2) == std::string::npos)
      return first.substr(2);
  }
  return utf16_to_utf8(d.def_ext);
}

// The names typed: one, or with OFN_ALLOWMULTISELECT several in quotes.
std::vector<std::string> typed_names(const FileDialog& d, const std::string& text) {
  std::vector<std::string> names;
  if ((d.flags & OFN_ALLOWMULTISELECT) && text.find('"') != std::string::npos) {
    size_t at = 0;
    while ((at = text.find('"', at)) != std::string::npos) {
      const size_t end = text.find('"', at + 1);
      if (end == std::string::npos) break;
      if (end > at + 1) names.push_back(text.substr(at + 1, end - at - 1));
      at = end + 1;
    }
  } else {
    names.push_back(text);
  }
  return names;
}

// The answer written into the program's OPENFILENAME; false (FNERR_BUFFERTOOSMALL) when
// lpstrFile is too small for it.
bool write_answer(FileDialog& d, uint64_t dlg, const std::string& folder, const std::vector<std::string>& names) {
  WindowsProcess& p = *d.p;
  const uint64_t ofn = d.ofn;
  const uint64_t file = p.get_ptr(ofn + d.l.file);
  const uint32_t max_file = get<uint32_t>(ofn + d.l.max_file);
  auto units = [&](const std::string& s) { return string_units(utf8_to_utf16(s), d.wide); };
  std::vector<std::u16string> parts;
  size_t total = 0, offset = 0, extension = 0;
  if (names.size() == 1) {
    const std::string full = joined(folder, names[0]);
    parts.push_back(utf8_to_utf16(full));
    total = units(full) + 1;
    offset = units(full.substr(0, full.size() - file_part(full).size()));
    const std::string ext = extension_of(full);
    extension = ext.empty() ? 0 : units(full) - units(ext);
  } else {
    const bool explorer = (d.flags & OFN_EXPLORER) != 0;
    std::string old_style = folder;
    parts.push_back(utf8_to_utf16(folder));
    for (const std::string& n : names) {
      parts.push_back(utf8_to_utf16(n));
      old_style += " " + n;
    }
    if (!explorer) parts = {utf8_to_utf16(old_style)};
    for (const auto& s : parts) total += string_units(s, d.wide) + 1;
    total += explorer ? 1 : 0;
    offset = units(folder) + 1;
  }
  if (total > max_file) {
    if (file && max_file >= 1) {
      const uint32_t need = static_cast<uint32_t>(total);
      if (d.wide) put<uint16_t>(file, static_cast<uint16_t>(need));
      else if (max_file >= 2) put<uint16_t>(file, static_cast<uint16_t>(need));
    }
    set_dialog_error(FNERR_BUFFERTOOSMALL);
    return false;
  }
  uint64_t at = file;
  for (const auto& s : parts) {
    write_string(at, string_units(s, d.wide) + 1, s, d.wide);
    at += (string_units(s, d.wide) + 1) * (d.wide ? 2 : 1);
  }
  if (parts.size() > 1) {
    if (d.wide) put<uint16_t>(at, 0);
    else put<uint8_t>(at, 0);
  }
  put<uint16_t>(ofn + d.l.file_offset, static_cast<uint16_t>(offset));
  put<uint16_t>(ofn + d.l.file_extension, static_cast<uint16_t>(extension));
  if (!d.filters.empty()) put<uint32_t>(ofn + d.l.filter_index, static_cast<uint32_t>(d.filter + 1));
  const uint64_t title = p.get_ptr(ofn + d.l.file_title);
  if (title && names.size() == 1)
    write_string(title, get<uint32_t>(ofn + d.l.max_file_title), utf8_to_utf16(file_part(names[0])), d.wide);
  uint32_t flags = get<uint32_t>(ofn + d.l.flags) & ~(OFN_READONLY | OFN_EXTENSIONDIFFERENT);
  if (const uint64_t check = dialog_item(p, dlg, kIdReadOnly); check && user32::send_message(p, check, kFileBmGetCheck, 0, 0))
    flags |= OFN_READONLY;
  if (d.has_def_ext && names.size() == 1 &&
      ascii_lower(extension_of(names[0])) != ascii_lower(utf16_to_utf8(d.def_ext)))
    flags |= OFN_EXTENSIONDIFFERENT;
  put<uint32_t>(ofn + d.l.flags, flags);
  if (!(d.flags & OFN_NOCHANGEDIR)) {
    if (::chdir(windows_to_host_path(folder).c_str()) != 0) {
      // (the folder was just listed: left as it is when it cannot be entered)
    }
  }
  return true;
}

// OK: the name edit's text (or the folder selected in the list, when the list has the focus).
void on_ok(FileDialog& d, uint64_t dlg) {
  WindowsProcess& p = *d.p;
  const uint64_t list = dialog_item(p, dlg, kIdFileList), edit = dialog_item(p, dlg, kIdNameEdit);
  const int64_t sel = static_cast<int32_t>(user32::send_message(p, list, kFileLbGetSel, 0, 0));
  if (user32::own_queue(p).input->focus == list && sel >= 0 && static_cast<size_t>(sel) < d.entries.size() &&
      d.entries[sel].folder) {
    go_to(d, dlg, d.entries[sel].name == u".." ? parent_of(d.dir) : joined(d.dir, utf16_to_utf8(d.entries[sel].name)));
    return;
  }
  std::string text = utf16_to_utf8(window_text(p, edit));
  while (!text.empty() && text.back() == ' ') text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  if (text.empty()) return;
  std::vector<std::string> names = typed_names(d, text);
  if (names.empty()) return;
  if (names.size() == 1 && names[0].find_first_of("*?") != std::string::npos) {
    d.typed_spec = utf8_to_utf16(names[0]);
    const std::string spec = names[0];
    fill_list(d, dlg);
    d.typed_spec = utf8_to_utf16(spec);
    return;
  }
  // Each name made absolute against the folder shown.
  std::vector<std::string> full;
  for (std::string n : names) {
    for (char& c : n)
      if (c == '/') c = '\\';
    const bool absolute = (n.size() >= 2 && n[1] == ':') || (!n.empty() && n[0] == '\\');
    full.push_back(windows_full_path(absolute ? n : joined(d.dir, n)));
  }
  if (full.size() == 1 && host_is_dir(full[0])) {
    go_to(d, dlg, full[0]);
    set_window_text(p, edit, u"");
    return;
  }
  const std::string ext = default_extension(d);
  for (std::string& f : full) {
    if (!ext.empty() && extension_of(f).empty() && (d.save || !host_exists(f))) f += "." + ext;
    if (!host_is_dir(parent_of(f))) {
      ask(p, dlg, utf8_to_utf16(parent_of(f)) + u"\nThe path does not exist.", d.title, 0x30);
      return;
    }
    if (!d.save && (d.flags & OFN_FILEMUSTEXIST) && !host_exists(f)) {
      ask(p, dlg, utf8_to_utf16(file_part(f)) + u"\nFile not found.\nCheck the file name and try again.", d.title,
          0x30);
      return;
    }
    if (d.save && (d.flags & OFN_OVERWRITEPROMPT) && host_exists(f) &&
        ask(p, dlg, utf8_to_utf16(file_part(f)) + u" already exists.\nDo you want to replace it?", d.title,
            0x34 /* MB_YESNO | MB_ICONEXCLAMATION */) != 6 /* IDYES */)
      return;
  }
  const std::string folder = parent_of(full[0]);
  std::vector<std::string> parts;
  if (full.size() == 1) {
    parts.push_back(file_part(full[0]));
  } else {
    for (const std::string& f : full) parts.push_back(file_part(f));
  }
  const bool written = write_answer(d, dlg, folder, parts);
  // (The hook sees the name in lpstrFile and may refuse it.)
  if (written && tell_child(d, dlg, CDN_FILEOK) != 0) return;
  user32::end_dialog(p, dlg, written ? 1 : 0);
}

USize file_dialog_proc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wparam, USize lparam) {
  const uint64_t dlg = hwnd.addr;
  if (msg == user32::WM_INITDIALOG) {
    remember_key(p, dlg, lparam);
    const auto it = file_dialogs().find(lparam);
    if (it == file_dialogs().end()) return TRUE;
    FileDialog& d = *it->second;
    const uint64_t combo = dialog_item(p, dlg, kIdFilterCombo);
    for (const auto& f : d.filters) send_string(p, combo, kFileCbAdd, 0, f.first);
    user32::send_message(p, combo, kFileCbSetSel, static_cast<uint64_t>(d.filter), 0);
    if (const uint64_t check = dialog_item(p, dlg, kIdReadOnly))
      user32::send_message(p, check, kFileBmSetCheck, (d.flags & OFN_READONLY) ? 1 : 0, 0);
    // The name the program gave (its file part; its folder is the one shown).
    std::string given = utf16_to_utf8(read_string(p.get_ptr(d.ofn + d.l.file), d.wide));
    const uint64_t edit = dialog_item(p, dlg, kIdNameEdit);
    if (given.find_first_of("*?") != std::string::npos) {
      d.typed_spec = utf8_to_utf16(file_part(given));
      given.clear();
    }
    set_window_text(p, edit, utf8_to_utf16(file_part(given)));
    const std::string spec = utf16_to_utf8(d.typed_spec);
    fill_list(d, dlg);
    d.typed_spec = utf8_to_utf16(spec);
    if ((d.flags & OFN_EXPLORER) && (d.flags & (OFN_ENABLEHOOK | OFN_ENABLETEMPLATE | OFN_ENABLETEMPLATEHANDLE))) {
      make_child(d, dlg);
      tell_child(d, dlg, CDN_INITDONE);
    }
    user32::set_focus(p, edit);
    user32::send_message(p, edit, kFileEmSetSel, 0, static_cast<uint64_t>(-1));
    return FALSE;
  }
  const auto it = file_dialogs().find(key_of(p, dlg));
  if (it == file_dialogs().end()) return FALSE;
  FileDialog& d = *it->second;
  if (msg == CDM_GETSPEC || msg == CDM_GETFILEPATH || msg == CDM_GETFOLDERPATH) {
    const uint64_t need = answer_cdm(d, dlg, msg, wparam, lparam);
    if (user32::Window* w = user32::find_window(p, dlg); w && w->extra.size() >= p.isa->ptr)
      std::memcpy(w->extra.data(), &need, p.isa->ptr);  // DWLP_MSGRESULT
    return TRUE;
  }
  if (msg != 0x0111 /* WM_COMMAND */) return FALSE;
  const uint32_t id = wparam & 0xffff, code = (wparam >> 16) & 0xffff;
  const uint64_t list = dialog_item(p, dlg, kIdFileList);
  switch (id) {
    case 1:  // IDOK
      on_ok(d, dlg);
      return TRUE;
    case 2:  // IDCANCEL
      set_dialog_error(0);
      user32::end_dialog(p, dlg, 0);
      return TRUE;
    case kIdFilterCombo:
      if (code == 1 /* CBN_SELCHANGE */) {
        const int32_t sel = static_cast<int32_t>(user32::send_message(p, dialog_item(p, dlg, kIdFilterCombo), kFileCbGetSel, 0, 0));
        if (sel >= 0 && static_cast<size_t>(sel) < d.filters.size()) d.filter = sel;
        d.typed_spec.clear();
        fill_list(d, dlg);
        tell_child(d, dlg, CDN_TYPECHANGE);
      }
      return TRUE;
    case kIdFileList: {
      const int32_t sel = static_cast<int32_t>(user32::send_message(p, list, kFileLbGetSel, 0, 0));
      if (sel < 0 || static_cast<size_t>(sel) >= d.entries.size()) return TRUE;
      const Entry e = d.entries[sel];
      if (code == 1 /* LBN_SELCHANGE */ && !e.folder) {
        set_window_text(p, dialog_item(p, dlg, kIdNameEdit), e.name);
        tell_child(d, dlg, CDN_SELCHANGE);
      } else if (code == 2 /* LBN_DBLCLK */) {
        if (e.folder) {
          go_to(d, dlg, e.name == u".." ? parent_of(d.dir) : joined(d.dir, utf16_to_utf8(e.name)));
          if (!d.entries.empty()) user32::send_message(p, list, kFileLbSetSel, 0, 0);
        } else {
          set_window_text(p, dialog_item(p, dlg, kIdNameEdit), e.name);
          user32::set_focus(p, dialog_item(p, dlg, kIdNameEdit));
          on_ok(d, dlg);
        }
      }
      return TRUE;
    }
    default:
      return FALSE;
  }
}

// A pair list "Text files\0*.txt\0All\0*.*\0\0" of the caller's width.
std::vector<std::pair<std::u16string, std::u16string>> read_filters(uint64_t at, bool wide) {
  std::vector<std::pair<std::u16string, std::u16string>> r;
  if (!at) return r;
  for (int guard = 0; guard < 256; ++guard) {
    const std::u16string name = read_string(at, wide);
    if (name.empty()) break;
    at += (string_units(name, wide) + 1) * (wide ? 2 : 1);
    const std::u16string spec = read_string(at, wide);
    at += (string_units(spec, wide) + 1) * (wide ? 2 : 1);
    r.emplace_back(name, spec);
    if (spec.empty()) break;
  }
  return r;
}

BOOL file_dialog(WindowsProcess& p, uint64_t ofn, bool wide, bool save) {
  set_dialog_error(0);
  const OfnLayout& l = p.isa->ptr == 8 ? kOfn64 : kOfn32;
  if (!ofn) {
    set_dialog_error(CDERR_INITIALIZATION_F);
    return FALSE;
  }
  const uint32_t size = get<uint32_t>(ofn);
  if (size != l.old_size && size != l.new_size) {
    set_dialog_error(CDERR_STRUCTSIZE_F);
    return FALSE;
  }
  const uint32_t flags = get<uint32_t>(ofn + l.flags);
  if (!p.get_ptr(ofn + l.file)) {
    set_dialog_error(CDERR_INITIALIZATION_F);
    return FALSE;
  }
  const char* what = save ? "GetSaveFileName" : "GetOpenFileName";
  if (cancelled_without_display(p, what)) return FALSE;
  if ((flags & (OFN_ENABLEHOOK | OFN_ENABLETEMPLATE | OFN_ENABLETEMPLATEHANDLE)) && !(flags & OFN_EXPLORER)) {
    std::fflush(stdout);
    std::fprintf(stderr, "%s: old-style hook procedures and templates are not supported: the standard dialog shows\n",
                 what);
  }
  auto d = std::make_unique<FileDialog>();
  d->p = &p;
  d->ofn = ofn;
  d->l = l;
  d->wide = wide;
  d->save = save;
  d->flags = flags;
  d->filters = read_filters(p.get_ptr(ofn + l.filter), wide);
  const uint32_t index = get<uint32_t>(ofn + l.filter_index);
  d->filter = index >= 1 && index <= d->filters.size() ? static_cast<int>(index - 1) : 0;
  const uint64_t title = p.get_ptr(ofn + l.title);
  d->title = title ? read_string(title, wide) : std::u16string(save ? u"Save As" : u"Open");
  const uint64_t def_ext = p.get_ptr(ofn + l.def_ext);
  d->has_def_ext = def_ext != 0;
  d->def_ext = read_string(def_ext, wide);
  // The folder: the one lpstrFile names, else lpstrInitialDir, else the current one.
  const std::string given = utf16_to_utf8(read_string(p.get_ptr(ofn + l.file), wide));
  const std::string initial = utf16_to_utf8(read_string(p.get_ptr(ofn + l.initial_dir), wide));
  std::string dir = windows_current_directory();
  if (given.find_first_of("\\/") != std::string::npos &&
      host_is_dir(windows_full_path(given.substr(0, given.find_last_of("\\/") + 1))))
    dir = windows_full_path(given.substr(0, given.find_last_of("\\/") + 1));
  else if (!initial.empty() && host_is_dir(windows_full_path(initial)))
    dir = windows_full_path(initial);
  if (dir.size() == 2) dir += "\\";
  d->dir = dir;
  const std::u16string window_title = d->title;
  std::vector<DialogItem> items = {
      {u"Static", u"Look in:", 0xffff, 0, 7, 7, 40, 8},
      {u"Static", u"", kIdFolderLabel, 0x80 /* SS_NOPREFIX */, 50, 7, 223, 8},
      {u"ListBox", u"", kIdFileList,
       user32::WS_BORDER | user32::WS_VSCROLL | user32::WS_TABSTOP | 0x1 /* LBS_NOTIFY */ | 0x100 /* LBS_NOINTEGRALHEIGHT */,
       7, 20, 266, 110},
      {u"Static", u"File &name:", 0xffff, 0, 7, 138, 50, 8},
      {u"Edit", u"", kIdNameEdit, user32::WS_BORDER | user32::WS_TABSTOP | 0x80 /* ES_AUTOHSCROLL */, 60, 136, 150, 12},
      {u"Static", u"Files of &type:", 0xffff, 0, 7, 156, 50, 8},
      {u"ComboBox", u"", kIdFilterCombo, user32::WS_VSCROLL | user32::WS_TABSTOP | 0x3 /* CBS_DROPDOWNLIST */, 60, 154,
       150, 100},
      {u"Button", save ? u"&Save" : u"&Open", 1, user32::WS_TABSTOP | 0x1 /* BS_DEFPUSHBUTTON */, 218, 135, 55, 14},
      {u"Button", u"Cancel", 2, user32::WS_TABSTOP, 218, 153, 55, 14},
  };
  if (!(flags & OFN_HIDEREADONLY))
    items.push_back({u"Button", u"Open as &read-only", kIdReadOnly, user32::WS_TABSTOP | 0x3 /* BS_AUTOCHECKBOX */, 60,
                     172, 150, 10});
  static uint64_t next_key = 1;
  const uint64_t key = next_key++;
  file_dialogs()[key] = std::move(d);
  static const Export entry = EXPORT("FileDialogProc", file_dialog_proc);
  const int64_t r = run_own_dialog(p, p.get_ptr(ofn + l.owner), window_title, 280, flags & OFN_HIDEREADONLY ? 176 : 188,
                                   items, &entry, key);
  file_dialogs().erase(key);
  if (r < 0) set_dialog_error(CDERR_INITIALIZATION_F);
  return r > 0 ? TRUE : FALSE;
}

BOOL GetOpenFileNameW(WindowsProcess& p, Ptr ofn) { return file_dialog(p, ofn.addr, true, false); }
BOOL GetOpenFileNameA(WindowsProcess& p, Ptr ofn) { return file_dialog(p, ofn.addr, false, false); }
BOOL GetSaveFileNameW(WindowsProcess& p, Ptr ofn) { return file_dialog(p, ofn.addr, true, true); }
BOOL GetSaveFileNameA(WindowsProcess& p, Ptr ofn) { return file_dialog(p, ofn.addr, false, true); }

// GetFileTitle(file, buffer, size): the file part of a path; 0 when copied, the size it needs
// (its NUL included) when `size` is too small, -1 for a name with no file part or with a
// character no file name has.
int16_t file_title(uint64_t file, uint64_t buffer, uint16_t size, bool wide) {
  if (!file) return -1;
  const std::u16string s = read_string(file, wide);
  if (s.empty() || s.find_first_of(u"*?<>|\"") != std::u16string::npos) return -1;
  const char16_t last = s.back();
  if (last == u'\\' || last == u'/' || last == u':') return -1;
  const size_t at = s.find_last_of(u"\\/:");
  const std::u16string title = at == std::u16string::npos ? s : s.substr(at + 1);
  const size_t need = string_units(title, wide) + 1;
  if (!buffer || size < need) return static_cast<int16_t>(need);
  write_string(buffer, size, title, wide);
  return 0;
}
int16_t GetFileTitleW(WindowsProcess&, Ptr file, Ptr buffer, uint16_t size) {
  return file_title(file.addr, buffer.addr, size, true);
}
int16_t GetFileTitleA(WindowsProcess&, Ptr file, Ptr buffer, uint16_t size) {
  return file_title(file.addr, buffer.addr, size, false);
}

}  // namespace

const std::vector<Export>& file_dialog_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetOpenFileNameW", GetOpenFileNameW), EXPORT("GetOpenFileNameA", GetOpenFileNameA),
      EXPORT("GetSaveFileNameW", GetSaveFileNameW), EXPORT("GetSaveFileNameA", GetSaveFileNameA),
      EXPORT("GetFileTitleW", GetFileTitleW),       EXPORT("GetFileTitleA", GetFileTitleA),
  };
  return e;
}

}  // namespace polyrun::shims::comdlg32
