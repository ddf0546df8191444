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
#include "shims/shell32/shell_link.h"
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

// Known folders by GUID (Data1, Data2, Data3, Data4 as bytes), where they are, and the CSIDLs that
// name them. The user's folders are under the Linux home ($HOME is %USERPROFILE%), the roaming
// application data's under XDG's configuration directory (%APPDATA%) and the local one's under
// XDG's data directory (%LOCALAPPDATA%), as Windows lays them out below those; the machine's are
// Windows paths on drive C: (polyrun's current directory), a 32-bit program's Program Files the
// (x86) ones (WOW64).
enum class Base { Home, Config, Data, Drive };
struct KnownFolder {
  uint8_t guid[16];
  Base base;
  const char* path;    // below the base ("/"-separated), or the Windows path of a Drive folder
  const char* path32;  // a Drive folder's path for a 32-bit program, where it differs
  int csidls[2];       // -1: none
};
#define GUID_BYTES(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)                                                   \
  {static_cast<uint8_t>(a), static_cast<uint8_t>((a) >> 8), static_cast<uint8_t>((a) >> 16),                 \
   static_cast<uint8_t>((a) >> 24), static_cast<uint8_t>(b), static_cast<uint8_t>((b) >> 8),                  \
   static_cast<uint8_t>(c), static_cast<uint8_t>((c) >> 8), d0, d1, d2, d3, d4, d5, d6, d7}
const KnownFolder kKnownFolders[] = {
    {GUID_BYTES(0x5e6c858f, 0x0e22, 0x4760, 0x9a, 0xfe, 0xea, 0x33, 0x17, 0xb6, 0x71, 0x73), Base::Home, "", nullptr, {0x28, -1}},  // Profile
    {GUID_BYTES(0x3eb685db, 0x65f9, 0x4cf6, 0xa0, 0x3a, 0xe3, 0xef, 0x65, 0x72, 0x9f, 0x3d), Base::Config, "", nullptr, {0x1a, -1}},  // RoamingAppData
    {GUID_BYTES(0xf1b32785, 0x6fba, 0x4fcf, 0x9d, 0x55, 0x7b, 0x8e, 0x7f, 0x15, 0x70, 0x91), Base::Data, "", nullptr, {0x1c, -1}},  // LocalAppData
    {GUID_BYTES(0xa520a1a4, 0x1780, 0x4ff6, 0xbd, 0x18, 0x16, 0x73, 0x43, 0xc5, 0xaf, 0x16), Base::Data, "", nullptr, {-1, -1}},  // LocalAppDataLow
    {GUID_BYTES(0xfdd39ad0, 0x238f, 0x46af, 0xad, 0xb4, 0x6c, 0x85, 0x48, 0x03, 0x69, 0xc7), Base::Home, "Documents", nullptr, {0x5, -1}},  // Documents
    {GUID_BYTES(0xb4bfcc3a, 0xdb2c, 0x424c, 0xb0, 0x29, 0x7f, 0xe9, 0x9a, 0x87, 0xc6, 0x41), Base::Home, "Desktop", nullptr, {0x0, 0x10}},  // Desktop
    {GUID_BYTES(0x374de290, 0x123f, 0x4565, 0x91, 0x64, 0x39, 0xc4, 0x92, 0x5e, 0x46, 0x7b), Base::Home, "Downloads", nullptr, {-1, -1}},  // Downloads
    {GUID_BYTES(0x4bd8d571, 0x6d19, 0x48d3, 0xbe, 0x97, 0x42, 0x22, 0x20, 0x08, 0x0e, 0x43), Base::Home, "Music", nullptr, {0xd, -1}},  // Music
    {GUID_BYTES(0x33e28130, 0x4e1e, 0x4676, 0x83, 0x5a, 0x98, 0x39, 0x5c, 0x3b, 0xc3, 0xbb), Base::Home, "Pictures", nullptr, {0x27, -1}},  // Pictures
    {GUID_BYTES(0x18989b1d, 0x99b5, 0x455b, 0x84, 0x1c, 0xab, 0x7c, 0x74, 0xe4, 0xdd, 0xfc), Base::Home, "Videos", nullptr, {0xe, -1}},  // Videos
    {GUID_BYTES(0x1777f761, 0x68ad, 0x4d8a, 0x87, 0xbd, 0x30, 0xb7, 0x59, 0xfa, 0x33, 0xdd), Base::Home, "Favorites", nullptr, {0x6, -1}},  // Favorites
    {GUID_BYTES(0xbfb9d5e0, 0xc6a9, 0x404c, 0xb2, 0xb2, 0xae, 0x6d, 0xb6, 0xaf, 0x49, 0x68), Base::Home, "Links", nullptr, {-1, -1}},  // Links
    {GUID_BYTES(0x56784854, 0xc6cb, 0x462b, 0x81, 0x69, 0x88, 0xe3, 0x50, 0xac, 0xb8, 0x82), Base::Home, "Contacts", nullptr, {-1, -1}},  // Contacts
    {GUID_BYTES(0x4c5c32ff, 0xbb9d, 0x43b0, 0xb5, 0xb4, 0x2d, 0x72, 0xe5, 0x4e, 0xaa, 0xa4), Base::Home, "Saved Games", nullptr, {-1, -1}},  // SavedGames
    {GUID_BYTES(0x625b53c3, 0xab48, 0x4ec1, 0xba, 0x1f, 0xa1, 0xef, 0x41, 0x46, 0xfc, 0x19), Base::Config, "Microsoft/Windows/Start Menu", nullptr, {0xb, -1}},  // StartMenu
    {GUID_BYTES(0xa77f5d77, 0x2e2b, 0x44c3, 0xa6, 0xa2, 0xab, 0xa6, 0x01, 0x05, 0x4a, 0x51), Base::Config, "Microsoft/Windows/Start Menu/Programs", nullptr, {0x2, -1}},  // Programs
    {GUID_BYTES(0xb97d20bb, 0xf46a, 0x4c97, 0xba, 0x10, 0x5e, 0x36, 0x08, 0x43, 0x08, 0x54), Base::Config, "Microsoft/Windows/Start Menu/Programs/Startup", nullptr, {0x7, -1}},  // Startup
    {GUID_BYTES(0x724ef170, 0xa42d, 0x4fef, 0x9f, 0x26, 0xb6, 0x0e, 0x84, 0x6f, 0xba, 0x4f), Base::Config, "Microsoft/Windows/Start Menu/Programs/Administrative Tools", nullptr, {0x30, -1}},  // AdminTools
    {GUID_BYTES(0xa63293e8, 0x664e, 0x48db, 0xa0, 0x79, 0xdf, 0x75, 0x9e, 0x05, 0x09, 0xf7), Base::Config, "Microsoft/Windows/Templates", nullptr, {0x15, -1}},  // Templates
    {GUID_BYTES(0xae50c081, 0xebd2, 0x438a, 0x86, 0x55, 0x8a, 0x09, 0x2e, 0x34, 0x98, 0x7a), Base::Config, "Microsoft/Windows/Recent", nullptr, {0x8, -1}},  // Recent
    {GUID_BYTES(0x8983036c, 0x27c0, 0x404b, 0x8f, 0x08, 0x10, 0x2d, 0x10, 0xdc, 0xfd, 0x74), Base::Config, "Microsoft/Windows/SendTo", nullptr, {0x9, -1}},  // SendTo
    {GUID_BYTES(0x5cd7aee2, 0x2219, 0x4a67, 0xb8, 0x5d, 0x6c, 0x9c, 0xe1, 0x56, 0x60, 0xcb), Base::Data, "Programs", nullptr, {-1, -1}},  // UserProgramFiles
    {GUID_BYTES(0xbcbd3057, 0xca5c, 0x4622, 0xb4, 0x2d, 0xbc, 0x56, 0xdb, 0x0a, 0xe5, 0x16), Base::Data, "Programs/Common", nullptr, {-1, -1}},  // UserProgramFilesCommon
    {GUID_BYTES(0x352481e8, 0x33be, 0x4251, 0xba, 0x85, 0x60, 0x07, 0xca, 0xed, 0xcf, 0x9d), Base::Data, "Microsoft/Windows/INetCache", nullptr, {0x20, -1}},  // InternetCache
    {GUID_BYTES(0x2b0f765d, 0xc0e9, 0x4171, 0x90, 0x8e, 0x08, 0xa6, 0x11, 0xb8, 0x4f, 0xf6), Base::Data, "Microsoft/Windows/INetCookies", nullptr, {0x21, -1}},  // Cookies
    {GUID_BYTES(0xd9dc8a3b, 0xb784, 0x432e, 0xa7, 0x81, 0x5a, 0x11, 0x30, 0xa7, 0x59, 0x63), Base::Data, "Microsoft/Windows/History", nullptr, {0x22, -1}},  // History
    {GUID_BYTES(0x905e63b6, 0xc1bf, 0x494e, 0xb2, 0x9c, 0x65, 0xb7, 0x32, 0xd3, 0xd2, 0x1a), Base::Drive, "C:\\Program Files", "C:\\Program Files (x86)", {0x26, -1}},  // ProgramFiles
    {GUID_BYTES(0x7c5a40ef, 0xa0fb, 0x4bfc, 0x87, 0x4a, 0xc0, 0xf2, 0xe0, 0xb9, 0xfa, 0x8e), Base::Drive, "C:\\Program Files (x86)", nullptr, {0x2a, -1}},  // ProgramFilesX86
    {GUID_BYTES(0x6d809377, 0x6af0, 0x444b, 0x89, 0x57, 0xa3, 0x77, 0x3f, 0x02, 0x20, 0x0e), Base::Drive, "C:\\Program Files", nullptr, {-1, -1}},  // ProgramFilesX64
    {GUID_BYTES(0xf7f1ed05, 0x9f6d, 0x47a2, 0xaa, 0xae, 0x29, 0xd3, 0x17, 0xc6, 0xf0, 0x66), Base::Drive, "C:\\Program Files\\Common Files", "C:\\Program Files (x86)\\Common Files", {0x2b, -1}},  // ProgramFilesCommon
    {GUID_BYTES(0xde974d24, 0xd9c6, 0x4d3e, 0xbf, 0x91, 0xf4, 0x45, 0x51, 0x20, 0xb9, 0x17), Base::Drive, "C:\\Program Files (x86)\\Common Files", nullptr, {0x2c, -1}},  // ProgramFilesCommonX86
    {GUID_BYTES(0x6365d5a7, 0xf0d, 0x45e5, 0x87, 0xf6, 0xd, 0xa5, 0x6b, 0x6a, 0x4f, 0x7d), Base::Drive, "C:\\Program Files\\Common Files", nullptr, {-1, -1}},  // ProgramFilesCommonX64
    {GUID_BYTES(0x62ab5d82, 0xfdc1, 0x4dc3, 0xa9, 0xdd, 0x07, 0x0d, 0x1d, 0x49, 0x5d, 0x97), Base::Drive, "C:\\ProgramData", nullptr, {0x23, -1}},  // ProgramData
    {GUID_BYTES(0xa4115719, 0xd62e, 0x491d, 0xaa, 0x7c, 0xe7, 0x4b, 0x8b, 0xe3, 0xb0, 0x67), Base::Drive, "C:\\ProgramData\\Microsoft\\Windows\\Start Menu", nullptr, {0x16, -1}},  // CommonStartMenu
    {GUID_BYTES(0x0139d44e, 0x6afe, 0x49f2, 0x86, 0x90, 0x3d, 0xaf, 0xca, 0xe6, 0xff, 0xb8), Base::Drive, "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs", nullptr, {0x17, -1}},  // CommonPrograms
    {GUID_BYTES(0x82a5ea35, 0xd9cd, 0x47c5, 0x96, 0x29, 0xe1, 0x5d, 0x2f, 0x71, 0x4e, 0x6e), Base::Drive, "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\StartUp", nullptr, {0x18, -1}},  // CommonStartup
    {GUID_BYTES(0xd0384e7d, 0xbac3, 0x4797, 0x8f, 0x14, 0xcb, 0xa2, 0x29, 0xb3, 0x92, 0xb5), Base::Drive, "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\Administrative Tools", nullptr, {0x2f, -1}},  // CommonAdminTools
    {GUID_BYTES(0xb94237e7, 0x57ac, 0x4347, 0x91, 0x51, 0xb0, 0x8c, 0x6c, 0x32, 0xd1, 0xf7), Base::Drive, "C:\\ProgramData\\Microsoft\\Windows\\Templates", nullptr, {0x2d, -1}},  // CommonTemplates
    {GUID_BYTES(0x0762d272, 0xc50a, 0x4bb0, 0xa3, 0x82, 0x69, 0x7d, 0xcd, 0x72, 0x9b, 0x80), Base::Drive, "C:\\Users", nullptr, {-1, -1}},  // UserProfiles
    {GUID_BYTES(0xdfdf76a2, 0xc82a, 0x4d63, 0x90, 0x6a, 0x56, 0x44, 0xac, 0x45, 0x73, 0x85), Base::Drive, "C:\\Users\\Public", nullptr, {-1, -1}},  // Public
    {GUID_BYTES(0xed4824af, 0xdce4, 0x45a8, 0x81, 0xe2, 0xfc, 0x79, 0x65, 0x08, 0x36, 0x34), Base::Drive, "C:\\Users\\Public\\Documents", nullptr, {0x2e, -1}},  // PublicDocuments
    {GUID_BYTES(0xc4aa340d, 0xf20f, 0x4863, 0xaf, 0xef, 0xf8, 0x7e, 0xf2, 0xe6, 0xba, 0x25), Base::Drive, "C:\\Users\\Public\\Desktop", nullptr, {0x19, -1}},  // PublicDesktop
    {GUID_BYTES(0x3214fab5, 0x9757, 0x4298, 0xbb, 0x61, 0x92, 0xa9, 0xde, 0xaa, 0x44, 0xff), Base::Drive, "C:\\Users\\Public\\Music", nullptr, {0x35, -1}},  // PublicMusic
    {GUID_BYTES(0xb6ebfb86, 0x6907, 0x413c, 0x9a, 0xf7, 0x4f, 0xc2, 0xab, 0xf0, 0x7c, 0xc5), Base::Drive, "C:\\Users\\Public\\Pictures", nullptr, {0x36, -1}},  // PublicPictures
    {GUID_BYTES(0x2400183a, 0x6185, 0x49fb, 0xa2, 0xd8, 0x4a, 0x39, 0x2a, 0x60, 0x2b, 0xa3), Base::Drive, "C:\\Users\\Public\\Videos", nullptr, {0x37, -1}},  // PublicVideos
    {GUID_BYTES(0xf38bf404, 0x1d43, 0x42f2, 0x93, 0x05, 0x67, 0xde, 0x0b, 0x28, 0xfc, 0x23), Base::Drive, "C:\\windows", nullptr, {0x24, -1}},  // Windows
    {GUID_BYTES(0x1ac14e77, 0x02e7, 0x4e5d, 0xb7, 0x44, 0x2e, 0xb1, 0xae, 0x51, 0x98, 0xb7), Base::Drive, "C:\\windows\\system32", nullptr, {0x25, -1}},  // System
    {GUID_BYTES(0xd65231b0, 0xb2f1, 0x4857, 0xa4, 0xce, 0xa8, 0xe7, 0xc6, 0xea, 0x7d, 0x27), Base::Drive, "C:\\windows\\syswow64", "C:\\windows\\system32", {0x29, -1}},  // SystemX86
    {GUID_BYTES(0xfd228cb7, 0xae11, 0x4ae3, 0x86, 0x4c, 0x16, 0xf3, 0x91, 0x0a, 0xb8, 0xfe), Base::Drive, "C:\\windows\\Fonts", nullptr, {0x14, -1}},  // Fonts
};
#undef GUID_BYTES

// A known folder's Windows path.
std::string folder_windows_path(WindowsProcess& p, const KnownFolder& k) {
  if (k.base == Base::Drive) return p.isa->ptr == 4 && k.path32 ? k.path32 : k.path;
  auto from = [](const char* variable, const char* under_home) {
    const char* v = std::getenv(variable);
    return v && *v == '/' ? std::string(v) : host_home_directory() + "/" + under_home;
  };
  std::string host = k.base == Base::Home     ? host_home_directory()
                     : k.base == Base::Config ? from("XDG_CONFIG_HOME", ".config")
                                              : from("XDG_DATA_HOME", ".local/share");
  if (*k.path) host += std::string("/") + k.path;
  return host_to_windows_path(host);
}

// Each missing directory of a host path, as SHCreateDirectory makes them: 0, or the Windows error.
uint32_t make_directories(const std::string& host) {
  for (size_t at = host.find('/', 1);; at = host.find('/', at + 1)) {
    const std::string part = host.substr(0, at);
    if (::mkdir(part.c_str(), 0777) != 0 && errno != EEXIST) return win_error_from_errno(errno);
    if (at == std::string::npos) return 0;
  }
}

// SHGetKnownFolderPath(folder, flags, token, &path): the path in a block freed with CoTaskMemFree;
// KF_FLAG_CREATE (0x8000) makes the folder where it is missing.
int32_t SHGetKnownFolderPath(WindowsProcess& p, Ptr guid, uint32_t flags, Ptr, Ptr out) {
  p.put_ptr(out.addr, 0);
  for (const auto& k : kKnownFolders) {
    if (std::memcmp(guid.as<const void>(), k.guid, 16) != 0) continue;
    const std::string windows = folder_windows_path(p, k);
    if (flags & 0x8000)
      if (const uint32_t e = make_directories(windows_to_host_path(windows))) return hresult_from_win32(e);
    std::u16string w = utf8_to_utf16(windows);
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
// unless CSIDL_FLAG_CREATE makes it (or CSIDL_FLAG_DONT_VERIFY skips the check): the machine's
// folders on drive C: (Program Files, the Start menu's …) exist where a program made them.
// `flags` is SHGFP_TYPE_CURRENT or SHGFP_TYPE_DEFAULT, both the same here.
int32_t SHGetFolderPathW(WindowsProcess& p, Ptr, int32_t csidl, Ptr, uint32_t flags, Ptr out) {
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
    windows_path = folder_windows_path(p, *known);
    const std::string host = windows_to_host_path(windows_path);
    struct stat st;
    if (::stat(host.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      if (csidl & kCsidlFlagCreate) {
        if (const uint32_t e = make_directories(host)) return hresult_from_win32(e);
      } else if (!(csidl & kCsidlFlagDontVerify)) {
        return hresult_from_win32(ERROR_FILE_NOT_FOUND);
      }
    }
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
                               &shell32_drag_exports(), &shell32_file_operation_exports(), &shell32_image_list_exports(),
                               &shell_link::exports()})
        exports.insert(exports.end(), more->begin(), more->end());
      return exports;
    }(),
    {{680, "IsUserAnAdmin"}, {71, "Shell_GetImageLists"}, {72, "Shell_GetCachedImageIndex"},
     {77, "SHMapPIDLToSystemImageListIndex"}, {660, "FileIconInit"}, {727, "SHGetImageList"}},
    nullptr,
    // The classes SHELL32 serves, as Windows' registry names it their server.
    [](WindowsProcess&) { ole32::add_builtin_server(shell_link::kClsidShellLink, u"shell32.dll"); },
};

}  // namespace polyrun::shims
