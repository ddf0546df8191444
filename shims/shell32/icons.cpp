// SHELL32.dll's icons taken from files: ExtractIconExW/A, ExtractIconW/A and SHDefExtractIconW/A.
// A program or DLL's icons are its icon groups (RT_GROUP_ICON) in the order of its resource
// directory, read from the file and loaded through KERNEL32 (the file mapped as a data file) and
// USER32 (LoadImage at the size asked for); an .ico file is one icon; SHELL32.dll itself has
// polyrun's pictures (shell_icons.cpp). Where the shell takes a file's icon from (icon_location)
// follows Explorer: a program's first icon, a registered type's DefaultIcon, or SHELL32's icons.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/ole32/com_object.h"
#include "shims/shell32/shell_icons.h"

namespace polyrun::shims::shell32 {

namespace {

bool read_at(int fd, uint64_t offset, void* out, size_t n) {
  return ::pread(fd, out, n, static_cast<off_t>(offset)) == static_cast<ssize_t>(n);
}
template <typename T>
T read_field(const std::vector<uint8_t>& b, size_t at) {
  T v{};
  if (at + sizeof v <= b.size()) std::memcpy(&v, b.data() + at, sizeof v);
  return v;
}

// An icon group: its resource id, or its name (id 0).
struct Group {
  uint32_t id = 0;
  std::u16string name;
};
enum class FileKind { Missing, Other, Icon, Module };

// The icon groups of a program or DLL, read from its file; an .ico file is one icon.
FileKind icon_groups(const std::string& host, std::vector<Group>& groups) {
  struct stat st;
  if (host.empty() || ::stat(host.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return FileKind::Missing;
  const int fd = ::open(host.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return FileKind::Missing;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  uint8_t dos[64];
  if (!read_at(fd, 0, dos, sizeof dos)) return FileKind::Other;
  uint16_t reserved, type;
  std::memcpy(&reserved, dos, 2);
  std::memcpy(&type, dos + 2, 2);
  if (reserved == 0 && type == 1) {  // ICONDIR: an icon file
    groups.push_back({});
    return FileKind::Icon;
  }
  if (dos[0] != 'M' || dos[1] != 'Z') return FileKind::Other;
  uint32_t nt_at;
  std::memcpy(&nt_at, dos + 0x3c, 4);
  std::vector<uint8_t> nt(24 + 240);
  if (!read_at(fd, nt_at, nt.data(), 24) || read_field<uint32_t>(nt, 0) != 0x4550) return FileKind::Other;
  const uint16_t sections = read_field<uint16_t>(nt, 6), optional_size = read_field<uint16_t>(nt, 20);
  nt.resize(24 + optional_size);
  if (optional_size < 96 || !read_at(fd, nt_at + 24, nt.data() + 24, optional_size)) return FileKind::Other;
  const uint16_t magic = read_field<uint16_t>(nt, 24);
  const size_t dirs = 24 + (magic == 0x20b ? 112 : 96);
  if (read_field<uint32_t>(nt, dirs - 4) < 3 || dirs + 3 * 8 > nt.size()) return FileKind::Module;
  const uint32_t rva = read_field<uint32_t>(nt, dirs + 16), size = read_field<uint32_t>(nt, dirs + 20);
  if (!rva || size < 16) return FileKind::Module;
  // The section holding the resource directory: where its bytes are in the file.
  std::vector<uint8_t> table(40ull * sections);
  if (!read_at(fd, nt_at + 24 + optional_size, table.data(), table.size())) return FileKind::Module;
  uint64_t file_offset = 0;
  for (uint16_t i = 0; i < sections; ++i) {
    const uint32_t va = read_field<uint32_t>(table, 40 * i + 12), raw_size = read_field<uint32_t>(table, 40 * i + 16),
                   raw_at = read_field<uint32_t>(table, 40 * i + 20);
    if (rva >= va && uint64_t{rva} + size <= uint64_t{va} + raw_size) file_offset = raw_at + (rva - va);
  }
  if (!file_offset || size > (64u << 20)) return FileKind::Module;
  std::vector<uint8_t> res(size);
  if (!read_at(fd, file_offset, res.data(), res.size())) return FileKind::Module;
  auto entries_of = [&](uint32_t dir) {
    const uint32_t n = uint32_t{read_field<uint16_t>(res, dir + 12)} + read_field<uint16_t>(res, dir + 14);
    std::vector<std::pair<uint32_t, uint32_t>> out;  // (name word, target)
    for (uint32_t i = 0; i < n && dir + 16 + 8ull * (i + 1) <= res.size(); ++i)
      out.emplace_back(read_field<uint32_t>(res, dir + 16 + 8 * i), read_field<uint32_t>(res, dir + 20 + 8 * i));
    return out;
  };
  constexpr uint32_t kRtGroupIcon = 14;
  for (const auto& [name, target] : entries_of(0)) {
    if ((name & 0x80000000u) || name != kRtGroupIcon || !(target & 0x80000000u)) continue;
    for (const auto& [group, unused] : entries_of(target & 0x7fffffffu)) {
      Group g;
      if (group & 0x80000000u) {
        // A name: its length and UTF-16 characters in the directory.
        const uint32_t at = group & 0x7fffffffu;
        const uint16_t len = read_field<uint16_t>(res, at);
        for (uint32_t k = 0; k < len && at + 2 + 2ull * (k + 1) <= res.size(); ++k)
          g.name.push_back(static_cast<char16_t>(read_field<uint16_t>(res, at + 2 + 2 * k)));
      } else {
        g.id = group & 0xffff;
      }
      groups.push_back(std::move(g));
    }
  }
  return FileKind::Module;
}

constexpr uint64_t IMAGE_ICON = 1, LR_LOADFROMFILE = 0x10;
constexpr uint64_t LOAD_LIBRARY_AS_DATAFILE = 0x2, LOAD_LIBRARY_AS_IMAGE_RESOURCE = 0x20;

}  // namespace

std::string shell32_path(WindowsProcess& p) {
  ole32::Scratch buf(p, 2 * 262);
  const uint64_t n = p.call_export("kernel32.dll", "GetSystemDirectoryW", {buf.addr, 260});
  std::string dir = n && n < 260 ? utf16_to_utf8(WStr{buf.addr}.str()) : "C:\\windows\\system32";
  return dir + "\\shell32.dll";
}

bool is_shell32(WindowsProcess& p, const std::string& windows_path) {
  const std::string full = ascii_lower(windows_full_path(windows_path));
  return full == ascii_lower(shell32_path(p)) || full == "shell32.dll";
}

uint64_t file_icon(WindowsProcess& p, const std::string& windows_path, int32_t index, int32_t size, int32_t* count) {
  if (count) *count = -1;
  if (is_shell32(p, windows_path)) {
    if (count) *count = static_cast<int32_t>(kOwnIcons);
    const int64_t id = index >= 0 ? int64_t{index} + 1 : -int64_t{index};
    return id >= 1 && id <= kOwnIcons ? own_icon(p, static_cast<uint32_t>(id), size) : 0;
  }
  const std::string full = windows_full_path(windows_path);
  std::vector<Group> groups;
  const FileKind kind = icon_groups(windows_to_host_path(full), groups);
  if (kind == FileKind::Missing) return 0;
  if (count) *count = static_cast<int32_t>(groups.size());
  const Group* g = nullptr;
  if (index >= 0) {
    if (static_cast<size_t>(index) < groups.size()) g = &groups[static_cast<size_t>(index)];
  } else {
    for (const Group& each : groups)
      if (each.name.empty() && each.id == static_cast<uint32_t>(-static_cast<int64_t>(index))) g = &each;
  }
  if (!g) return 0;
  ole32::GuestText path(p, utf8_to_utf16(full));
  if (kind == FileKind::Icon)
    return p.call_export("user32.dll", "LoadImageW", {0, path.addr, IMAGE_ICON, static_cast<uint32_t>(size),
                                                      static_cast<uint32_t>(size), LR_LOADFROMFILE});
  const uint64_t module = p.call_export("kernel32.dll", "LoadLibraryExW",
                                        {path.addr, 0, LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_IMAGE_RESOURCE});
  if (!module) return 0;
  ole32::GuestText name(p, g->name);
  const uint64_t icon = p.call_export("user32.dll", "LoadImageW", {module, g->name.empty() ? uint64_t{g->id} : name.addr,
                                                                   IMAGE_ICON, static_cast<uint32_t>(size),
                                                                   static_cast<uint32_t>(size), 0});
  p.call_export("kernel32.dll", "FreeLibrary", {module});
  return icon;
}

IconLocation icon_location(WindowsProcess& p, const std::string& windows_path, bool folder) {
  // SHELL32's icons by the index of their group (the resource id less one).
  if (folder) return {shell32_path(p), 3};
  const std::string full = windows_full_path(windows_path);
  const size_t dot = full.rfind('.');
  const std::string ext = dot == std::string::npos || full.find('\\', dot) != std::string::npos ? "" : ascii_lower(full.substr(dot));
  if (ext == ".exe" || ext == ".ico") {
    std::vector<Group> groups;
    if (icon_groups(windows_to_host_path(full), groups) != FileKind::Missing && !groups.empty()) return {full, 0};
    if (ext == ".exe") return {shell32_path(p), 2};
  }
  if (!ext.empty()) {
    // HKEY_CLASSES_ROOT\.ext's type, and that type's DefaultIcon ("file,index").
    std::u16string type, icon;
    uint64_t key = 0;
    if (ole32::reg_open(p, 0, utf8_to_utf16(ext), key) == 0) {
      ole32::reg_string(p, key, u"", type);
      ole32::reg_close(p, key);
    }
    if (!type.empty() && ole32::reg_open(p, 0, type + u"\\DefaultIcon", key) == 0) {
      ole32::reg_string(p, key, u"", icon);
      ole32::reg_close(p, key);
    }
    if (!icon.empty()) {
      std::string text = utf16_to_utf8(icon);
      int32_t index = 0;
      const size_t comma = text.rfind(',');
      if (comma != std::string::npos) {
        index = static_cast<int32_t>(std::strtol(text.c_str() + comma + 1, nullptr, 10));
        text.resize(comma);
      }
      if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
      if (text == "%1") return {full, 0};
      return {text, index};
    }
  }
  return {shell32_path(p), 0};
}

namespace {

// ExtractIconExW(file, index, large, small, count): with index -1 and no arrays, the number of
// icons in the file (UINT_MAX when there is no such file); otherwise the icons extracted from the
// index'th on (a negative index: the group with that id, one icon) into either array or both, at
// the system's large (32) and small (16) sizes: the number of icons made.
uint32_t extract_ex(WindowsProcess& p, const std::string& file, int32_t index, uint64_t large, uint64_t small,
                    uint32_t count) {
  int32_t total = -1;
  file_icon(p, file, 0, 0, &total);
  if (total < 0) return 0xffffffffu;
  if (index == -1 && !large && !small) return static_cast<uint32_t>(total);
  if (count == 0 || (!large && !small)) return 0;
  const uint32_t want = index < 0 ? 1 : count;
  const unsigned ptr = p.isa->ptr;
  uint32_t got = 0;
  for (uint32_t k = 0; k < want; ++k) {
    const int32_t at = index < 0 ? index : index + static_cast<int32_t>(k);
    // (each icon made counts: both sizes of one icon count two, as on Windows)
    uint32_t made = 0;
    if (large) {
      const uint64_t icon = file_icon(p, file, at, 32, nullptr);
      p.put_ptr(large + uint64_t{k} * ptr, icon);
      made += icon != 0;
    }
    if (small) {
      const uint64_t icon = file_icon(p, file, at, 16, nullptr);
      p.put_ptr(small + uint64_t{k} * ptr, icon);
      made += icon != 0;
    }
    if (!made) break;
    got += made;
  }
  return got;
}

uint32_t ExtractIconExW(WindowsProcess& p, WStr file, int32_t index, Ptr large, Ptr small, uint32_t count) {
  return extract_ex(p, utf16_to_utf8(file.str()), index, large.addr, small.addr, count);
}
uint32_t ExtractIconExA(WindowsProcess& p, AStr file, int32_t index, Ptr large, Ptr small, uint32_t count) {
  return extract_ex(p, file.str(), index, large.addr, small.addr, count);
}

// ExtractIcon(instance, file, index): the icon at the large size; index -1: the number of icons
// (as the handle); 1 for a file that has no icons for being no program, DLL or icon file.
Ptr extract(WindowsProcess& p, const std::string& file, int32_t index) {
  int32_t total = -1;
  const uint64_t icon = index == -1 ? 0 : file_icon(p, file, index, 32, &total);
  if (index == -1) {
    file_icon(p, file, 0, 0, &total);
    return Ptr(total < 0 ? 0 : static_cast<uint64_t>(total));
  }
  if (total < 0) return Ptr();
  if (total == 0) {
    std::vector<Group> groups;
    if (icon_groups(windows_to_host_path(windows_full_path(file)), groups) == FileKind::Other) return Ptr(1);
  }
  return Ptr(icon);
}
Ptr ExtractIconW(WindowsProcess& p, Ptr, WStr file, uint32_t index) {
  return extract(p, utf16_to_utf8(file.str()), static_cast<int32_t>(index));
}
Ptr ExtractIconA(WindowsProcess& p, Ptr, AStr file, uint32_t index) {
  return extract(p, file.str(), static_cast<int32_t>(index));
}

// SHDefExtractIcon(file, index, flags, large, small, sizes): the large icon at LOWORD(sizes), the
// small one at HIWORD(sizes) (0: the large size); S_FALSE when the file has no such icon.
int32_t def_extract(WindowsProcess& p, const std::string& file, int32_t index, uint64_t large, uint64_t small,
                    uint32_t sizes) {
  int32_t total = -1;
  const int32_t big = static_cast<int32_t>(sizes & 0xffff), little = static_cast<int32_t>(sizes >> 16);
  const uint64_t a = file_icon(p, file, index, big ? big : 32, &total);
  if (total < 0) return com::E_FAIL;
  if (!a) return com::S_FALSE;
  if (large) p.put_ptr(large, a);
  else p.call_export("user32.dll", "DestroyIcon", {a});
  if (small) p.put_ptr(small, file_icon(p, file, index, little ? little : (big ? big : 16), nullptr));
  return com::S_OK;
}
int32_t SHDefExtractIconW(WindowsProcess& p, WStr file, int32_t index, uint32_t, Ptr large, Ptr small, uint32_t sizes) {
  return def_extract(p, utf16_to_utf8(file.str()), index, large.addr, small.addr, sizes);
}
int32_t SHDefExtractIconA(WindowsProcess& p, AStr file, int32_t index, uint32_t, Ptr large, Ptr small, uint32_t sizes) {
  return def_extract(p, file.str(), index, large.addr, small.addr, sizes);
}

}  // namespace

}  // namespace polyrun::shims::shell32

namespace polyrun::shims {

// These join SHELL32's table (shell32/shell32.cpp).
const std::vector<Export>& shell32_icon_exports() {
  using namespace shell32;
  static const std::vector<Export> exports = {
      EXPORT("ExtractIconExW", ExtractIconExW),       EXPORT("ExtractIconExA", ExtractIconExA),
      EXPORT("ExtractIconEx", ExtractIconExA),        EXPORT("ExtractIconW", ExtractIconW),
      EXPORT("ExtractIconA", ExtractIconA),           EXPORT("SHDefExtractIconW", SHDefExtractIconW),
      EXPORT("SHDefExtractIconA", SHDefExtractIconA),
  };
  return exports;
}

}  // namespace polyrun::shims
