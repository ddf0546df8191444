// SHELL32.dll: ExtractIconExW, as far as it needs no icon handles: the number of icons a file has
// (the icon groups, RT_GROUP_ICON, of a program or DLL read from its file; one for an .ico file), and
// the extractions that find no icon. Icons themselves (HICONs) are USER32's, which polyrun does not
// have: a program asking for an icon that is there stops with one line, as at a function polyrun
// lacks.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"

namespace polyrun::shims {

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

// The icon groups of the file: their resource ids (a named group counts, as id 0). None for a
// file that is not a program or DLL or has no icon groups; an .ico file is one icon.
std::vector<uint32_t> icon_groups(const std::string& host) {
  std::vector<uint32_t> groups;
  const int fd = ::open(host.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return groups;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  uint8_t dos[64];
  if (!read_at(fd, 0, dos, sizeof dos)) return groups;
  uint16_t reserved, type;
  std::memcpy(&reserved, dos, 2);
  std::memcpy(&type, dos + 2, 2);
  if (reserved == 0 && type == 1) return {0};  // ICONDIR: an icon file
  if (dos[0] != 'M' || dos[1] != 'Z') return groups;
  uint32_t nt_at;
  std::memcpy(&nt_at, dos + 0x3c, 4);
  std::vector<uint8_t> nt(24 + 240);
  if (!read_at(fd, nt_at, nt.data(), 24) || read_field<uint32_t>(nt, 0) != 0x4550) return groups;
  const uint16_t sections = read_field<uint16_t>(nt, 6), optional_size = read_field<uint16_t>(nt, 20);
  nt.resize(24 + optional_size);
  if (optional_size < 96 || !read_at(fd, nt_at + 24, nt.data() + 24, optional_size)) return groups;
  const uint16_t magic = read_field<uint16_t>(nt, 24);
  const size_t dirs = 24 + (magic == 0x20b ? 112 : 96);
  if (read_field<uint32_t>(nt, dirs - 4) < 3 || dirs + 3 * 8 > nt.size()) return groups;
  const uint32_t rva = read_field<uint32_t>(nt, dirs + 16), size = read_field<uint32_t>(nt, dirs + 20);
  if (!rva || size < 16) return groups;
  // The section holding the resource directory: where its bytes are in the file.
  std::vector<uint8_t> table(40ull * sections);
  if (!read_at(fd, nt_at + 24 + optional_size, table.data(), table.size())) return groups;
  uint64_t file_offset = 0;
  for (uint16_t i = 0; i < sections; ++i) {
    const uint32_t va = read_field<uint32_t>(table, 40 * i + 12), raw_size = read_field<uint32_t>(table, 40 * i + 16),
                   raw_at = read_field<uint32_t>(table, 40 * i + 20);
    if (rva >= va && uint64_t{rva} + size <= uint64_t{va} + raw_size) file_offset = raw_at + (rva - va);
  }
  if (!file_offset || size > (64u << 20)) return groups;
  std::vector<uint8_t> res(size);
  if (!read_at(fd, file_offset, res.data(), res.size())) return groups;
  // The root directory's entry for type 14 (RT_GROUP_ICON), a subdirectory of the groups.
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
    for (const auto& [group, unused] : entries_of(target & 0x7fffffffu))
      groups.push_back(group & 0x80000000u ? 0 : group & 0xffff);
  }
  return groups;
}

// ExtractIconExW(file, index, large, small, count): with index -1, the number of icons in the file
// (UINT_MAX when there is no such file); otherwise the number of icons extracted, from the
// index'th (or, for a negative index, the group with that id): none when the file has no such icon.
uint32_t ExtractIconExW(WindowsProcess& p, WStr file, int32_t index, Ptr large, Ptr small, uint32_t count) {
  const std::string host = windows_to_host_path(windows_full_path(utf16_to_utf8(file.str())));
  struct stat st;
  if (host.empty() || ::stat(host.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0xffffffffu;
  const std::vector<uint32_t> groups = icon_groups(host);
  if (index == -1) return static_cast<uint32_t>(groups.size());
  bool there = false;
  if (index >= 0) {
    there = static_cast<size_t>(index) < groups.size();
  } else {
    for (uint32_t id : groups) there = there || id == static_cast<uint32_t>(-index);
  }
  if (!there || count == 0 || (!large && !small)) return 0;
  std::fflush(stdout);
  std::fprintf(stderr,
               "polyrun: unimplemented: SHELL32.dll!ExtractIconExW of an icon the file has (icon handles are "
               "USER32's, which polyrun does not provide)\n");
  p.terminate(127);
  return 0;
}

}  // namespace

// These join SHELL32's table (shell32/shell32.cpp).
const std::vector<Export>& shell32_icon_exports() {
  static const std::vector<Export> exports = {
      EXPORT("ExtractIconExW", ExtractIconExW),
  };
  return exports;
}

}  // namespace polyrun::shims
