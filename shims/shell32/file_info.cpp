// SHELL32.dll: SHGetFileInfoA/W, what Explorer would show of a file: its display name, its type's
// name, its shell attributes, its icon (where it comes from, its index in the system image list,
// which SHGFI_SYSICONINDEX returns, and an icon made from that image: shell_icons.h).
#include <sys/stat.h>

#include <cctype>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/ole32/com_object.h"
#include "shims/shell32/id_lists.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/shell32/shell_icons.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace {

enum : uint32_t {
  SHGFI_SMALLICON = 0x1, SHGFI_OPENICON = 0x2, SHGFI_SHELLICONSIZE = 0x4, SHGFI_PIDL = 0x8, SHGFI_USEFILEATTRIBUTES = 0x10, SHGFI_ICON = 0x100,
  SHGFI_DISPLAYNAME = 0x200, SHGFI_TYPENAME = 0x400, SHGFI_ATTRIBUTES = 0x800, SHGFI_ICONLOCATION = 0x1000,
  SHGFI_EXETYPE = 0x2000, SHGFI_SYSICONINDEX = 0x4000, SHGFI_LINKOVERLAY = 0x8000, SHGFI_SELECTED = 0x10000,
  FILE_ATTRIBUTE_DIRECTORY_ = 0x10,
  SFGAO_CANCOPY = 0x1, SFGAO_CANMOVE = 0x2, SFGAO_CANRENAME = 0x10, SFGAO_CANDELETE = 0x20,
  SFGAO_HASPROPSHEET = 0x40, SFGAO_FILESYSANCESTOR = 0x10000000, SFGAO_FOLDER = 0x20000000,
  SFGAO_FILESYSTEM = 0x40000000,
};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The type's name Explorer gives: "File folder", "Application" for a program, "TXT File" for an
// extension without a registered type, "File" without one.
std::string type_name(const std::string& name, bool folder) {
  if (folder) return "File folder";
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot + 1 == name.size()) return "File";
  const std::string ext = upper(name.substr(dot + 1));
  if (ext == "EXE" || ext == "COM") return "Application";
  return ext + " File";
}

// An icon of image `i` of a list drawn with `style` (ILD_*): the list's image as it is for none.
uint64_t icon_with_style(WindowsProcess& p, uint64_t list, int32_t i, uint32_t style) {
  if (!style) return p.call_export("comctl32.dll", "ImageList_GetIcon", {list, static_cast<uint32_t>(i), 0});
  // Composed in a list of its own: the image drawn over transparency, then taken as an icon.
  int32_t cx = 0, cy = 0;
  ole32::Scratch size(p, 8);
  p.call_export("comctl32.dll", "ImageList_GetIconSize", {list, size.addr, size.addr + 4});
  cx = get<int32_t>(size.addr), cy = get<int32_t>(size.addr + 4);
  const uint64_t hdc = p.call_export("gdi32.dll", "CreateCompatibleDC", {0});
  const uint64_t screen = p.call_export("user32.dll", "GetDC", {0});
  const uint64_t color = p.call_export("gdi32.dll", "CreateCompatibleBitmap", {screen, static_cast<uint32_t>(cx), static_cast<uint32_t>(cy)});
  p.call_export("user32.dll", "ReleaseDC", {0, screen});
  const uint64_t mask = p.call_export("gdi32.dll", "CreateBitmap", {static_cast<uint32_t>(cx), static_cast<uint32_t>(cy), 1, 1, 0});
  const uint64_t old = p.call_export("gdi32.dll", "SelectObject", {hdc, mask});
  p.call_export("gdi32.dll", "PatBlt", {hdc, 0, 0, static_cast<uint32_t>(cx), static_cast<uint32_t>(cy), 0xff0062 /* WHITENESS */});
  p.call_export("comctl32.dll", "ImageList_Draw", {list, static_cast<uint32_t>(i), hdc, 0, 0, 0x10 /* ILD_MASK */ | (style & 0xf00)});
  p.call_export("gdi32.dll", "SelectObject", {hdc, color});
  p.call_export("comctl32.dll", "ImageList_Draw", {list, static_cast<uint32_t>(i), hdc, 0, 0, style | 0x1 /* ILD_TRANSPARENT */});
  p.call_export("gdi32.dll", "SelectObject", {hdc, old});
  p.call_export("gdi32.dll", "DeleteDC", {hdc});
  auto* cb = gdi32::gdi_table(p).find_as<gdi32::Bitmap>(color, gdi32::OBJ_BITMAP);
  auto* mb = gdi32::gdi_table(p).find_as<gdi32::Bitmap>(mask, gdi32::OBJ_BITMAP);
  const uint64_t icon = cb && mb && cb->surface && mb->surface ? user32::new_icon(p, *cb->surface, *mb->surface) : 0;
  p.call_export("gdi32.dll", "DeleteObject", {mask});
  p.call_export("gdi32.dll", "DeleteObject", {color});
  return icon;
}

// SHFILEINFO: hIcon, iIcon, dwAttributes, szDisplayName[260], szTypeName[80] (of the kind's chars).
USize get_file_info(WindowsProcess& p, uint64_t path_arg, uint32_t attributes, uint64_t out, uint32_t size,
                    uint32_t flags, bool wide) {
  std::string path;
  if (flags & SHGFI_PIDL) {
    if (!path_arg || !id_list_path(p, path_arg, path)) return 0;
  } else {
    path = path_arg ? (wide ? utf16_to_utf8(WStr{path_arg}.str()) : AStr{path_arg}.str()) : "";
  }
  bool folder = false;
  if (flags & SHGFI_USEFILEATTRIBUTES) {
    folder = attributes & FILE_ATTRIBUTE_DIRECTORY_;
  } else {
    struct stat st{};
    if (path.empty() || ::stat(windows_to_host_path(windows_full_path(path)).c_str(), &st) != 0) return 0;
    folder = S_ISDIR(st.st_mode);
  }
  const unsigned ptr = p.isa->ptr;
  const uint32_t chars = wide ? 2 : 1;
  const uint64_t name_at = ptr == 8 ? 16 : 12, type_at = name_at + 260 * chars;
  const uint64_t need = type_at + 80 * chars;
  if (!out || size < need) return (flags & (SHGFI_EXETYPE | SHGFI_SYSICONINDEX)) ? 0 : (out ? 0 : 1);
  std::string name = windows_file_part(path);
  if (name.empty()) name = path;
  // The icon: where it comes from, its place in the system image list (the open folder's for
  // SHGFI_OPENICON), and an icon of that image with the overlay or blend asked for.
  shell32::IconLocation where = shell32::icon_location(p, path, folder);
  if (folder && (flags & SHGFI_OPENICON)) where.index = 4;
  const int which = (flags & SHGFI_SMALLICON) ? 1 : 0;
  int32_t sys_index = 0;
  if (flags & (SHGFI_ICON | SHGFI_SYSICONINDEX)) {
    sys_index = shell32::system_icon_index(p, where.file, where.index);
    if (sys_index < 0) sys_index = 0;
    put<int32_t>(out + ptr, sys_index);
  }
  if (flags & SHGFI_ICON) {
    uint32_t style = (flags & SHGFI_SELECTED) ? 0x4u /* ILD_BLEND50 */ : 0u;
    const uint64_t list = shell32::system_image_list(p, which);
    if (flags & SHGFI_LINKOVERLAY) {
      const int32_t link = shell32::system_icon_index(p, shell32::shell32_path(p), 29);  // SIID_LINK
      p.call_export("comctl32.dll", "ImageList_SetOverlayImage", {list, static_cast<uint32_t>(link), 1});
      style |= 1u << 8;  // INDEXTOOVERLAYMASK(1)
    }
    p.put_ptr(out, icon_with_style(p, list, sys_index, style));
  }
  if (flags & SHGFI_ATTRIBUTES) {
    uint32_t a = SFGAO_FILESYSTEM | SFGAO_CANCOPY | SFGAO_CANMOVE | SFGAO_CANRENAME | SFGAO_CANDELETE | SFGAO_HASPROPSHEET;
    if (folder) a |= SFGAO_FOLDER | SFGAO_FILESYSANCESTOR;
    put<uint32_t>(out + ptr + 4, a);
  }
  auto put_text = [&](uint64_t at, const std::string& s, size_t max) {
    if (wide) {
      std::u16string w = utf8_to_utf16(s).substr(0, max - 1);
      std::memcpy(reinterpret_cast<void*>(out + at), w.c_str(), 2 * (w.size() + 1));
    } else {
      const std::string n = utf8_to_ansi(s).substr(0, max - 1);
      std::memcpy(reinterpret_cast<void*>(out + at), n.c_str(), n.size() + 1);
    }
  };
  if (flags & SHGFI_DISPLAYNAME) put_text(name_at, name, 260);
  if (flags & SHGFI_TYPENAME) put_text(type_at, type_name(name, folder), 80);
  if (flags & SHGFI_ICONLOCATION) {
    put_text(name_at, where.file, 260);
    put<int32_t>(out + ptr, where.index);
  }
  if (flags & SHGFI_EXETYPE) return 0;  // (what a program file is needs its header: not read here)
  if (flags & SHGFI_SYSICONINDEX) return shell32::system_image_list(p, which);
  return 1;
}

USize SHGetFileInfoW(WindowsProcess& p, Ptr path, uint32_t attributes, Ptr out, uint32_t size, uint32_t flags) {
  return get_file_info(p, path.addr, attributes, out.addr, size, flags, true);
}
USize SHGetFileInfoA(WindowsProcess& p, Ptr path, uint32_t attributes, Ptr out, uint32_t size, uint32_t flags) {
  return get_file_info(p, path.addr, attributes, out.addr, size, flags, false);
}

}  // namespace

const std::vector<Export>& shell32_file_info_exports() {
  static const std::vector<Export> e = {
      EXPORT("SHGetFileInfoW", SHGetFileInfoW),
      EXPORT("SHGetFileInfoA", SHGetFileInfoA),
  };
  return e;
}

}  // namespace polyrun::shims
