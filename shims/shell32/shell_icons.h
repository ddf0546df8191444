// What SHELL32's icon files share (shell_icons.cpp, icons.cpp, system_image_list.cpp, file_info.cpp):
// SHELL32's own icons, icons taken from files, and the system image list.
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/shim.h"

namespace polyrun::shims::shell32 {

// SHELL32's own icons are pictures of polyrun's, one for each of its icon resource ids (the
// classic ids Windows' SHELL32 has: 1 a file, 2 a document, 3 an application, 4 a folder, 5 an
// open folder …; a stock icon SIID_x is id x + 1). A new icon of `id` at `size` pixels (0: none),
// with the shortcut's arrow over its lower left corner, or blended half with the selection colour.
enum : uint32_t { kLinkOverlay = 1, kSelected = 2 };
uint64_t own_icon(WindowsProcess& p, uint32_t id, int32_t size, uint32_t effects = 0);
// The number of icons SHELL32.dll has (ids 1 to this).
inline constexpr uint32_t kOwnIcons = 181;

// The Windows path of SHELL32.dll itself (in the system directory), and whether `path` names it.
std::string shell32_path(WindowsProcess& p);
bool is_shell32(WindowsProcess& p, const std::string& windows_path);

// An icon of a file as ExtractIconEx counts them: `index` >= 0 the index'th icon group, < 0 the
// group of resource id -index (a program or DLL, an .ico file as one icon); a new icon of `size`
// pixels, 0 when there is none. `count` gets the number of icons the file has (-1: no such file).
uint64_t file_icon(WindowsProcess& p, const std::string& windows_path, int32_t index, int32_t size, int32_t* count);

// Where the shell takes a file's icon from (IExtractIcon::GetIconLocation's answer): a program's
// own first icon, a registered type's DefaultIcon, or SHELL32's file, folder or application icon.
struct IconLocation {
  std::string file;
  int32_t index = 0;
};
IconLocation icon_location(WindowsProcess& p, const std::string& windows_path, bool folder);

// The system image list (system_image_list.cpp): its handles (SHIL_LARGE 0, SHIL_SMALL 1,
// SHIL_EXTRALARGE 2, SHIL_SYSSMALL 3, SHIL_JUMBO 4), and the index of a file's icon in it, added
// at every size on first use (-1 when the file has no such icon).
uint64_t system_image_list(WindowsProcess& p, int which);
int32_t system_icon_index(WindowsProcess& p, const std::string& file, int32_t index);

}  // namespace polyrun::shims::shell32
