#include "loader/pe_file_resource.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace polyrun::loader {

namespace {

constexpr uint64_t kMaxData = 16u << 20;
constexpr uint32_t kMaxEntries = 4096;  // entries looked at in one resource directory

struct Section {
  uint32_t rva, virtual_size, raw_size, raw_offset;
};

struct PeFile {
  const FileReader& read;
  std::vector<Section> sections;

  template <typename T>
  bool get(uint64_t off, T& v) const {
    return read(off, &v, sizeof v);
  }
  // The file offset of `len` bytes at `rva`: they must lie in one section's raw data.
  std::optional<uint64_t> offset(uint64_t rva, uint64_t len) const {
    for (const Section& s : sections) {
      // (the raw data past the section's virtual size is not mapped)
      const uint64_t size = s.virtual_size ? std::min(s.raw_size, s.virtual_size) : s.raw_size;
      if (rva >= s.rva && rva - s.rva <= size && len <= size - (rva - s.rva)) return s.raw_offset + (rva - s.rva);
    }
    return std::nullopt;
  }
  template <typename T>
  bool at_rva(uint64_t rva, T& v) const {
    auto off = offset(rva, sizeof v);
    return off && get(*off, v);
  }
};

struct DirEntry {
  uint32_t id, target;  // target: an offset from the root; bit 31 set for a subdirectory
};

// The ID entries of the directory at `dir` (an offset from the root at `root`).
bool id_entries(const PeFile& f, uint64_t root, uint32_t dir, std::vector<DirEntry>& out) {
  uint16_t counts[2];
  if (!f.at_rva(root + dir + 12, counts)) return false;
  const uint32_t first = counts[0], end = std::min<uint32_t>(uint32_t{counts[0]} + counts[1], kMaxEntries);
  out.clear();
  for (uint32_t i = first; i < end; ++i) {
    DirEntry e;
    if (!f.at_rva(root + dir + 16 + 8ull * i, e)) return false;
    out.push_back(e);
  }
  return true;
}

}  // namespace

ResourceLookup find_pe_file_resource(const FileReader& read, uint32_t type, uint32_t id,
                                     const std::vector<uint16_t>& languages, std::vector<uint8_t>& data) {
  PeFile f{read, {}};
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
  const uint64_t root = resource[0];
  std::vector<DirEntry> entries;
  // Type, then name: by ID, each leading to a subdirectory.
  uint32_t dir = 0;
  for (uint32_t want : {type, id}) {
    if (!id_entries(f, root, dir, entries)) return ResourceLookup::Corrupt;
    const DirEntry* found = nullptr;
    for (const DirEntry& e : entries)
      if (e.id == want) found = &e;
    if (!found) return ResourceLookup::NoResource;
    if (!(found->target & 0x80000000u)) return ResourceLookup::Corrupt;
    dir = found->target & 0x7fffffffu;
  }
  // Language: the first of `languages` present, else the first.
  if (!id_entries(f, root, dir, entries)) return ResourceLookup::Corrupt;
  if (entries.empty()) return ResourceLookup::NoResource;
  const DirEntry* chosen = nullptr;
  for (uint16_t language : languages)
    for (const DirEntry& e : entries)
      if (!chosen && e.id == language) chosen = &e;
  if (!chosen) chosen = &entries.front();
  if (chosen->target & 0x80000000u) return ResourceLookup::Corrupt;
  uint32_t entry[2];  // IMAGE_RESOURCE_DATA_ENTRY: OffsetToData (an RVA), Size
  if (!f.at_rva(root + chosen->target, entry)) return ResourceLookup::Corrupt;
  if (entry[1] > kMaxData) return ResourceLookup::Corrupt;
  auto off = f.offset(entry[0], entry[1]);
  if (!off) return ResourceLookup::Corrupt;
  data.resize(entry[1]);
  if (entry[1] && !read(*off, data.data(), entry[1])) return ResourceLookup::Corrupt;
  return ResourceLookup::Found;
}

ResourceLookup find_pe_file_resource(const std::string& path, uint32_t type, uint32_t id,
                                     const std::vector<uint16_t>& languages, std::vector<uint8_t>& data) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ResourceLookup::NotPe;
  const FileReader read = [fd](uint64_t off, void* out, size_t n) {
    size_t done = 0;
    while (done < n) {
      const ssize_t r = ::pread(fd, static_cast<char*>(out) + done, n - done, static_cast<off_t>(off + done));
      if (r <= 0) return false;
      done += static_cast<size_t>(r);
    }
    return true;
  };
  const ResourceLookup result = find_pe_file_resource(read, type, id, languages, data);
  const int saved = errno;
  ::close(fd);
  errno = saved;
  return result;
}

}  // namespace polyrun::loader
