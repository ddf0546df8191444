// SHELL32.dll for console programs: CommandLineToArgvW, and the user's known folders
// (SHGetKnownFolderPath, and by CSIDL SHGetFolderPathW/A and SHGetSpecialFolderPath) placed on the
// Linux user's home and XDG directories. ShellExecute is in shell32/execute.cpp, the icons in
// shell32/icons.cpp, shell_icons.cpp and system_image_list.cpp, ShellAbout in shell32/about_dialog.cpp, the Drag* functions of dropped files in
// shell32/drag_drop.cpp.
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "shims/shell32/exports.h"
#include "shims/shell32/id_lists.h"
#include "shims/core/command_line.h"
#include "shims/core/path_mapping.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {

const std::vector<Export>& shell32_execute_exports();  // shell32/execute.cpp
const std::vector<Export>& shell32_icon_exports();     // shell32/icons.cpp
const std::vector<Export>& shell32_file_info_exports();  // shell32/file_info.cpp
const std::vector<Export>& shell32_id_list_exports();  // shell32/id_lists.cpp
const std::vector<Export>& shell32_shell_item_exports();  // shell32/shell_items.cpp
const std::vector<Export>& shell32_notification_exports();  // shell32/notification_area.cpp
const std::vector<Export>& shell32_browse_exports();   // shell32/browse_folder.cpp
const std::vector<Export>& shell32_about_exports();    // shell32/about_dialog.cpp
const std::vector<Export>& shell32_drag_exports();     // shell32/drag_drop.cpp
const std::vector<Export>& shell32_file_operation_exports();  // shell32/file_operations.cpp
const std::vector<Export>& shell32_image_list_exports();  // shell32/system_image_list.cpp

namespace {

// One LocalAlloc-style block: the pointer array, then the strings (freed with LocalFree).
Ptr CommandLineToArgvW(WindowsProcess& p, WStr cmd, Ptr argc) {
  std::vector<std::string> args = split_command_line(utf16_to_utf8(cmd.str()));
  std::vector<std::u16string> wide;
  uint64_t bytes = (args.size() + 1) * p.isa->ptr;
  for (const auto& a : args) {
    wide.push_back(utf8_to_utf16(a));
    bytes += (wide.back().size() + 1) * 2;
  }
  uint64_t block = p.heap.alloc(bytes, true);
  if (!block) return Ptr(0);
  uint64_t str = block + (args.size() + 1) * p.isa->ptr;
  for (size_t i = 0; i < wide.size(); ++i) {
    p.put_ptr(block + i * p.isa->ptr, str);
    std::memcpy(guest_pointer(str), wide[i].c_str(), (wide[i].size() + 1) * 2);
    str += (wide[i].size() + 1) * 2;
  }
  put<int32_t>(argc.addr, static_cast<int32_t>(args.size()));
  return Ptr(block);
}

// Known folders by GUID (Data1, Data2, Data3, Data4 as bytes) and where they are on Linux: a
// directory under $HOME, or an environment variable naming it; and the CSIDLs that name them.
struct KnownFolder {
  uint8_t guid[16];
  const char* xdg_variable;  // overrides the default when set
  const char* under_home;    // the default, relative to $HOME ("" is $HOME itself)
  int csidls[2];             // -1: none
};
#define GUID_BYTES(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)                                                   \
  {static_cast<uint8_t>(a), static_cast<uint8_t>((a) >> 8), static_cast<uint8_t>((a) >> 16),                 \
   static_cast<uint8_t>((a) >> 24), static_cast<uint8_t>(b), static_cast<uint8_t>((b) >> 8),                  \
   static_cast<uint8_t>(c), static_cast<uint8_t>((c) >> 8), d0, d1, d2, d3, d4, d5, d6, d7}
const KnownFolder kKnownFolders[] = {
    {GUID_BYTES(0x5e6c858f, 0x0e22, 0x4760, 0x9a, 0xfe, 0xea, 0x33, 0x17, 0xb6, 0x71, 0x73), nullptr, "",
     {0x28, -1}},  // Profile: CSIDL_PROFILE
    {GUID_BYTES(0x3eb685db, 0x65f9, 0x4cf6, 0xa0, 0x3a, 0xe3, 0xef, 0x65, 0x72, 0x9f, 0x3d), "XDG_CONFIG_HOME",
     ".config", {0x1a, -1}},  // RoamingAppData: CSIDL_APPDATA
    {GUID_BYTES(0xf1b32785, 0x6fba, 0x4fcf, 0x9d, 0x55, 0x7b, 0x8e, 0x7f, 0x15, 0x70, 0x91), "XDG_DATA_HOME",
     ".local/share", {0x1c, -1}},  // LocalAppData: CSIDL_LOCAL_APPDATA
    {GUID_BYTES(0xa520a1a4, 0x1780, 0x4ff6, 0xbd, 0x18, 0x16, 0x73, 0x43, 0xc5, 0xaf, 0x16), "XDG_DATA_HOME",
     ".local/share", {-1, -1}},  // LocalAppDataLow
    {GUID_BYTES(0xfdd39ad0, 0x238f, 0x46af, 0xad, 0xb4, 0x6c, 0x85, 0x48, 0x03, 0x69, 0xc7), nullptr, "Documents",
     {0x05, -1}},  // Documents: CSIDL_PERSONAL
    {GUID_BYTES(0xb4bfcc3a, 0xdb2c, 0x424c, 0xb0, 0x29, 0x7f, 0xe9, 0x9a, 0x87, 0xc6, 0x41), nullptr, "Desktop",
     {0x00, 0x10}},  // Desktop: CSIDL_DESKTOP, CSIDL_DESKTOPDIRECTORY
    {GUID_BYTES(0x374de290, 0x123f, 0x4565, 0x91, 0x64, 0x39, 0xc4, 0x92, 0x5e, 0x46, 0x7b), nullptr, "Downloads",
     {-1, -1}},  // Downloads
};
#undef GUID_BYTES

// Where a known folder is on the host.
std::string host_folder(const KnownFolder& k) {
  const char* xdg = k.xdg_variable ? std::getenv(k.xdg_variable) : nullptr;
  return xdg && *xdg ? std::string(xdg) : host_home_directory() + (*k.under_home ? "/" : "") + k.under_home;
}

// SHGetKnownFolderPath(folder, flags, token, &path): the path in a block freed with CoTaskMemFree.
int32_t SHGetKnownFolderPath(WindowsProcess& p, Ptr guid, uint32_t, Ptr, Ptr out) {
  p.put_ptr(out.addr, 0);
  for (const auto& k : kKnownFolders) {
    if (std::memcmp(guid.as<const void>(), k.guid, 16) != 0) continue;
    std::u16string w = utf8_to_utf16(host_to_windows_path(host_folder(k)));
    uint64_t block = p.heap.alloc((w.size() + 1) * 2);
    if (!block) return static_cast<int32_t>(0x8007000e);  // E_OUTOFMEMORY
    std::memcpy(guest_pointer(block), w.c_str(), (w.size() + 1) * 2);
    p.put_ptr(out.addr, block);
    return 0;
  }
  return static_cast<int32_t>(0x80070002);  // HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND): no such folder
}

// SHGetKnownFolderIDList(folder, flags, token, &list): the folder's ID list (the desktop's is the
// namespace's root, the empty list), freed with ILFree or CoTaskMemFree.
int32_t SHGetKnownFolderIDList(WindowsProcess& p, Ptr guid, uint32_t flags, Ptr token, Ptr out) {
  if (!out) return static_cast<int32_t>(0x80070057);  // E_INVALIDARG
  p.put_ptr(out.addr, 0);
  static const uint8_t kDesktop[16] = {0x3a, 0xcc, 0xbf, 0xb4, 0x2c, 0xdb, 0x4c, 0x42,
                                       0xb0, 0x29, 0x7f, 0xe9, 0x9a, 0x87, 0xc6, 0x41};
  std::string path;
  if (std::memcmp(guid.as<const void>(), kDesktop, 16) != 0) {
    const int32_t hr = SHGetKnownFolderPath(p, guid, flags, token, out);
    if (hr != 0) return hr;
    const uint64_t text = p.get_ptr(out.addr);
    path = utf16_to_utf8(WStr{text}.str());
    p.heap.free(text);
    p.put_ptr(out.addr, 0);
  }
  const uint64_t list = make_id_list(p, path);
  if (!list) return static_cast<int32_t>(0x8007000e);  // E_OUTOFMEMORY
  p.put_ptr(out.addr, list);
  return 0;
}

constexpr int32_t kInvalidArg = static_cast<int32_t>(0x80070057);  // E_INVALIDARG

// The CSIDLs Windows has a folder for (shlobj.h's; the rest, and the virtual folders with no
// path — the Internet, the Recycle Bin, My Computer, the network — are E_INVALIDARG).
bool is_folder_csidl(int csidl) {
  return csidl == 0x00 || (csidl >= 0x02 && csidl <= 0x09) || csidl == 0x0b || csidl == 0x0d || csidl == 0x0e ||
         csidl == 0x10 || (csidl >= 0x13 && csidl <= 0x30) || (csidl >= 0x35 && csidl <= 0x3b);
}

constexpr int kCsidlFlagCreate = 0x8000, kCsidlFlagDontVerify = 0x4000, kCsidlWindows = 0x24, kCsidlSystem = 0x25;

// SHGetFolderPathW(window, csidl, token, flags, path): the folder's path in a MAX_PATH buffer. The
// user's folders are the known folders'; CSIDL_WINDOWS and CSIDL_SYSTEM are GetWindowsDirectory's
// and GetSystemDirectory's. A folder that does not exist is HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)
// unless CSIDL_FLAG_CREATE makes it (or CSIDL_FLAG_DONT_VERIFY skips the check); the CSIDLs whose
// folders polyrun does not place (the Start menu's, Program Files, the fonts …) are that too: there
// is no such folder here. `flags` is SHGFP_TYPE_CURRENT or SHGFP_TYPE_DEFAULT, both the same here.
int32_t SHGetFolderPathW(WindowsProcess&, Ptr, int32_t csidl, Ptr, uint32_t flags, Ptr out) {
  if (out) put<char16_t>(out.addr, 0);
  const int folder = csidl & 0xff;
  if (flags > 1 || !is_folder_csidl(folder)) return kInvalidArg;
  std::string windows_path;
  if (folder == kCsidlWindows) {
    windows_path = "C:\\windows";
  } else if (folder == kCsidlSystem) {
    windows_path = "C:\\windows\\system32";
  } else {
    const KnownFolder* known = nullptr;
    for (const auto& k : kKnownFolders)
      for (int c : k.csidls)
        if (c == folder) known = &k;
    if (!known) return hresult_from_win32(ERROR_FILE_NOT_FOUND);
    const std::string host = host_folder(*known);
    struct stat st;
    if (::stat(host.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      if (csidl & kCsidlFlagCreate) {
        // Each missing directory of the path, as SHCreateDirectory makes them.
        for (size_t at = host.find('/', 1);; at = host.find('/', at + 1)) {
          const std::string part = host.substr(0, at);
          if (::mkdir(part.c_str(), 0777) != 0 && errno != EEXIST) return hresult_from_win32(win_error_from_errno(errno));
          if (at == std::string::npos) break;
        }
      } else if (!(csidl & kCsidlFlagDontVerify)) {
        return hresult_from_win32(ERROR_FILE_NOT_FOUND);
      }
    }
    windows_path = host_to_windows_path(host);
  }
  const std::u16string w = utf8_to_utf16(windows_path);
  if (w.size() >= 260) return hresult_from_win32(206);  // ERROR_FILENAME_EXCED_RANGE: MAX_PATH is the buffer
  if (out) std::memcpy(out.as<void>(), w.c_str(), (w.size() + 1) * 2);
  return 0;
}

// SHGetFolderPathA: SHGetFolderPathW's answer in the ANSI code page.
int32_t SHGetFolderPathA(WindowsProcess& p, Ptr window, int32_t csidl, Ptr token, uint32_t flags, Ptr out) {
  char16_t wide[260];
  if (out) put<char>(out.addr, 0);
  const int32_t hr = SHGetFolderPathW(p, window, csidl, token, flags, Ptr(reinterpret_cast<uint64_t>(wide)));
  if (hr != 0) return hr;
  const std::string narrow = utf16_to_ansi(std::u16string_view(wide, std::char_traits<char16_t>::length(wide)));
  if (narrow.size() >= 260) return hresult_from_win32(206);
  if (out) std::memcpy(out.as<void>(), narrow.c_str(), narrow.size() + 1);
  return 0;
}

// SHGetSpecialFolderPath(window, path, csidl, create): SHGetFolderPath's answer as a BOOL.
int32_t SHGetSpecialFolderPathW(WindowsProcess& p, Ptr window, Ptr out, int32_t csidl, int32_t create) {
  return SHGetFolderPathW(p, window, csidl | (create ? kCsidlFlagCreate : 0), Ptr(0), 0, out) == 0;
}
int32_t SHGetSpecialFolderPathA(WindowsProcess& p, Ptr window, Ptr out, int32_t csidl, int32_t create) {
  char16_t wide[260];
  if (SHGetFolderPathW(p, window, csidl | (create ? kCsidlFlagCreate : 0), Ptr(0), 0,
                       Ptr(reinterpret_cast<uint64_t>(wide))) != 0)
    return 0;
  const std::string narrow = utf16_to_ansi(std::u16string_view(wide, std::char_traits<char16_t>::length(wide)));
  if (narrow.size() >= 260) return 0;
  std::memcpy(out.as<void>(), narrow.c_str(), narrow.size() + 1);
  return 1;
}

}  // namespace

namespace {
// IsUserAnAdmin (ordinal 680): the token is not elevated (ADVAPI32's TokenElevation), so not an
// administrator's in the sense the function asks.
BOOL IsUserAnAdmin(WindowsProcess&) { return FALSE; }
}  // namespace

// SHGetFolderPathW's work for shell32/id_lists.cpp: the folder of a CSIDL into `out` (MAX_PATH).
int32_t shell32_folder_path(WindowsProcess& p, int32_t csidl, char16_t* out) {
  return SHGetFolderPathW(p, Ptr(0), csidl, Ptr(0), 0, Ptr(reinterpret_cast<uint64_t>(out)));
}

const Dll kShell32{
    "shell32.dll",
    false,
    [] {
      std::vector<Export> exports = {
          EXPORT("CommandLineToArgvW", CommandLineToArgvW),
          EXPORT("SHGetKnownFolderPath", SHGetKnownFolderPath), EXPORT("SHGetKnownFolderIDList", SHGetKnownFolderIDList),
          EXPORT("SHGetFolderPathW", SHGetFolderPathW),
          EXPORT("SHGetFolderPathA", SHGetFolderPathA),
          EXPORT("SHGetSpecialFolderPathW", SHGetSpecialFolderPathW),
          EXPORT("SHGetSpecialFolderPathA", SHGetSpecialFolderPathA),
          EXPORT("IsUserAnAdmin", IsUserAnAdmin),
      };
      for (const auto* more : {&shell32_execute_exports(), &shell32_icon_exports(), &shell32_file_info_exports(),
                               &shell32_id_list_exports(), &shell32_shell_item_exports(), &shell32_notification_exports(), &shell32_browse_exports(), &shell32_about_exports(),
                               &shell32_drag_exports(), &shell32_file_operation_exports(), &shell32_image_list_exports()})
        exports.insert(exports.end(), more->begin(), more->end());
      return exports;
    }(),
    {{680, "IsUserAnAdmin"}, {71, "Shell_GetImageLists"}, {72, "Shell_GetCachedImageIndex"},
     {77, "SHMapPIDLToSystemImageListIndex"}, {660, "FileIconInit"}, {727, "SHGetImageList"}},
};

}  // namespace polyrun::shims
