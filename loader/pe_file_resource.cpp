#include "loader/pe_file_resource.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "loader/pe_resource_directory.h"

namespace polyrun::loader {

namespace {

constexpr uint64_t kMaxData = 16u << 20;
constexpr uint64_t kMaxDirectory = 64u << 20;  // of a directory's bytes, read (its tree comes first)

struct Section {
  uint32_t rva, virtual_size, raw_size, raw_offset;
};

struct PeFile {
  const FileReader& read;
  uint64_t size;
  std::vector<Section> sections;

  template <typename T>
  bool get(uint64_t off, T& v) const {
    return off <= size && sizeof v <= size - off && read(off, &v, sizeof v);
  }
  // The section holding `rva` and the bytes of its raw data from there: the file offset and how
  // many (the raw data past the section's virtual size is not mapped, nor past the file's end).
  std::optional<std::pair<uint64_t, uint64_t>> extent(uint64_t rva) const {
    for (const Section& s : sections) {
      const uint64_t len = s.virtual_size ? std::min(s.raw_size, s.virtual_size) : s.raw_size;
      if (rva < s.rva || rva - s.rva >= len || s.raw_offset > size) continue;
      const uint64_t off = s.raw_offset + (rva - s.rva);
      if (off >= size) continue;
      return std::make_pair(off, std::min(len - (rva - s.rva), size - off));
    }
    return std::nullopt;
  }
};

}  // namespace

ResourceLookup find_pe_file_resource(const FileReader& read, uint64_t size, uint32_t type, uint32_t id,
                                     const std::vector<int32_t>& languages, std::vector<uint8_t>& data) {
  PeFile f{read, size, {}};
  uint16_t mz = 0;
  uint32_t pe_off = 0, signature = 0;
  if (!f.get(0, mz) || mz != 0x5a4d || !f.get(0x3c, pe_off) || !f.get(pe_off, signature) || signature != 0x4550)
    return ResourceLookup::NotPe;
  // The file header: NumberOfSections at 6, SizeOfOptionalHeader at 20; then the optional header,
  // whose magic says where its data directories start (96 for PE32, 112 for PE32+), after
  // NumberOfRvaAndSizes.
  uint16_t nsections = 0, optional_size = 0, magic = 0;
  const uint64_t opt = uint64_t{pe_off} + 24;
  if (!f.get(pe_off + 6, nsections) || !f.get(pe_off + 20, optional_size) || !f.get(opt, magic))
    return ResourceLookup::Corrupt;
  if (magic != 0x10b && magic != 0x20b) return ResourceLookup::Corrupt;
  const uint64_t dirs = opt + (magic == 0x20b ? 112 : 96);
  uint32_t ndirs = 0, resource[2] = {0, 0};
  if (!f.get(dirs - 4, ndirs)) return ResourceLookup::Corrupt;
  if (ndirs <= 2 || dirs + 24 > opt + optional_size) return ResourceLookup::NoResource;
  if (!f.get(dirs + 16, resource)) return ResourceLookup::Corrupt;
  if (!resource[0] || !resource[1]) return ResourceLookup::NoResource;
  const uint64_t table = opt + optional_size;
  for (uint32_t i = 0; i < nsections; ++i) {
    uint32_t h[10];  // IMAGE_SECTION_HEADER after its name: VirtualSize, VirtualAddress, SizeOfRawData, PointerToRawData …
    if (!f.get(table + 40ull * i + 8, h)) return ResourceLookup::Corrupt;
    f.sections.push_back({h[1], h[0], h[2], h[3]});
  }
  // The directory: as much of the data directory's size as its section holds in the file.
  const auto root = f.extent(resource[0]);
  if (!root) return ResourceLookup::Corrupt;
  std::vector<uint8_t> directory(std::min<uint64_t>({resource[1], root->second, kMaxDirectory}));
  if (!read(root->first, directory.data(), directory.size())) return ResourceLookup::Corrupt;
  const resources::Directory d{directory.data(), static_cast<uint32_t>(directory.size())};
  const resources::Key type_key{true, type, {}}, name_key{true, id, {}};
  resources::Found found{0, resources::kErrorResourceTypeNotFound};
  for (int32_t language : languages) {
    found = resources::lookup(d, type_key, name_key, language);
    if (!found.error) break;
  }
  if (found.error) return ResourceLookup::NoResource;
  uint32_t entry[2];  // IMAGE_RESOURCE_DATA_ENTRY: OffsetToData (an RVA), Size (inside the directory: lookup)
  std::memcpy(entry, d.root + found.offset, sizeof entry);
  if (entry[1] > kMaxData) return ResourceLookup::Corrupt;
  data.resize(entry[1]);
  if (!entry[1]) return ResourceLookup::Found;
  const auto at = f.extent(entry[0]);
  if (!at || at->second < entry[1] || !read(at->first, data.data(), entry[1])) return ResourceLookup::Corrupt;
  return ResourceLookup::Found;
}

ResourceLookup find_pe_file_resource(const std::string& path, uint32_t type, uint32_t id,
                                     const std::vector<int32_t>& languages, std::vector<uint8_t>& data) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ResourceLookup::NotPe;
  struct stat st;
  const bool stated = ::fstat(fd, &st) == 0;
  if (!stated || !S_ISREG(st.st_mode)) {
    const int saved = !stated ? errno : S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    ::close(fd);
    errno = saved;
    return ResourceLookup::NotPe;
  }
  const FileReader read = [fd](uint64_t off, void* out, size_t n) {
    size_t done = 0;
    while (done < n) {
      const ssize_t r = ::pread(fd, static_cast<char*>(out) + done, n - done, static_cast<off_t>(off + done));
      if (r <= 0) return false;
      done += static_cast<size_t>(r);
    }
    return true;
  };
  const ResourceLookup result = find_pe_file_resource(read, static_cast<uint64_t>(st.st_size), type, id, languages, data);
  const int saved = errno;
  ::close(fd);
  errno = saved;
  return result;
}

}  // namespace polyrun::loader
