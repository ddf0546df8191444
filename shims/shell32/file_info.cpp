// SHELL32.dll: SHGetFileInfoA/W, what Explorer would show of a file: its display name, its type's
// name, its shell attributes, an icon. The icons are USER32's system icons (the application icon
// for programs, the same for the rest: SHELL32 has no icon resources of its own here); the system
// image list is not there, so SHGFI_SYSICONINDEX alone gives 0 as a failure does.
#include <sys/stat.h>

#include <cctype>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace {

enum : uint32_t {
  SHGFI_SMALLICON = 0x1, SHGFI_PIDL = 0x8, SHGFI_USEFILEATTRIBUTES = 0x10, SHGFI_ICON = 0x100,
  SHGFI_DISPLAYNAME = 0x200, SHGFI_TYPENAME = 0x400, SHGFI_ATTRIBUTES = 0x800, SHGFI_ICONLOCATION = 0x1000,
  SHGFI_EXETYPE = 0x2000, SHGFI_SYSICONINDEX = 0x4000,
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

// SHFILEINFO: hIcon, iIcon, dwAttributes, szDisplayName[260], szTypeName[80] (of the kind's chars).
USize get_file_info(WindowsProcess& p, uint64_t path_arg, uint32_t attributes, uint64_t out, uint32_t size,
                    uint32_t flags, bool wide) {
  if (flags & SHGFI_PIDL) return 0;  // (item lists of the shell namespace: none here)
  std::string path = path_arg ? (wide ? utf16_to_utf8(WStr{path_arg}.str()) : AStr{path_arg}.str()) : "";
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
  if (flags & SHGFI_ICON) p.put_ptr(out, user32::system_icon(p, 32512 /* IDI_APPLICATION */));
  if (flags & (SHGFI_ICON | SHGFI_SYSICONINDEX)) put<int32_t>(out + ptr, folder ? 3 : 0);
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
  if (flags & SHGFI_ICONLOCATION) put_text(name_at, "", 260);
  if (flags & SHGFI_EXETYPE) return 0;  // (what a program file is needs its header: not read here)
  if (flags & SHGFI_SYSICONINDEX) return 0;  // (no system image list)
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
