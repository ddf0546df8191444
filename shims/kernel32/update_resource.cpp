// KERNEL32.dll, a PE file's resources written anew: BeginUpdateResource reads the file's resource
// tree (type, name, language: the data and its code page) unless asked to start empty,
// UpdateResource adds, replaces or deletes one resource, and EndUpdateResource writes the tree as a
// resource section (directories, data entries, names, data, as the PE format lays them out) into
// the file: in place of the old one where that was the file's last section, else as a new last
// section at the file's end (the old one's space then unused), with the image's size and its
// resource data directory set to it; what follows the sections in the file (a symbol table, an
// appended payload) stays.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kErrorBadExeFormat = 193;

// A resource's type or name: a number, or a string (compared without case, as FindResource does).
struct ResId {
  bool named = false;
  uint16_t id = 0;
  std::u16string name;
};
std::u16string upper(std::u16string s) {
  for (char16_t& c : s)
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - 32);
  return s;
}
// The directory's order: the named entries first, by name, then the numbered ones.
struct IdLess {
  bool operator()(const ResId& a, const ResId& b) const {
    if (a.named != b.named) return a.named;
    return a.named ? upper(a.name) < upper(b.name) : a.id < b.id;
  }
};
struct ResData {
  uint32_t codepage = 0;
  std::vector<uint8_t> bytes;
};
using Languages = std::map<uint16_t, ResData>;
using Names = std::map<ResId, Languages, IdLess>;
using Tree = std::map<ResId, Names, IdLess>;

struct Update {
  std::string host_path;
  Tree tree;
};
std::mutex updates_mutex;
std::map<uint64_t, Update>& updates() {
  static std::map<uint64_t, Update> u;
  return u;
}

// ---- the PE file ----

template <typename T>
T read_at(const std::vector<uint8_t>& f, size_t at) {
  T v{};
  if (at + sizeof(T) <= f.size()) std::memcpy(&v, f.data() + at, sizeof(T));
  return v;
}
template <typename T>
void write_at(std::vector<uint8_t>& f, size_t at, T v) {
  if (at + sizeof(T) > f.size()) f.resize(at + sizeof(T));
  std::memcpy(f.data() + at, &v, sizeof(T));
}

// Where the headers' fields are: the PE signature, the file header, the optional header (its
// magic: 0x10b PE32, 0x20b PE32+), the data directories and the section table.
struct Layout {
  size_t pe = 0, file_header = 0, optional = 0, directories = 0, sections = 0;
  uint16_t section_count = 0;
  bool valid = false;
};
Layout layout_of(const std::vector<uint8_t>& f) {
  Layout l;
  if (f.size() < 0x40 || f[0] != 'M' || f[1] != 'Z') return l;
  l.pe = read_at<uint32_t>(f, 0x3c);
  if (l.pe + 24 > f.size() || read_at<uint32_t>(f, l.pe) != 0x4550) return l;
  l.file_header = l.pe + 4;
  l.section_count = read_at<uint16_t>(f, l.file_header + 2);
  const uint16_t optional_size = read_at<uint16_t>(f, l.file_header + 16);
  l.optional = l.file_header + 20;
  const uint16_t magic = read_at<uint16_t>(f, l.optional);
  if (magic != 0x10b && magic != 0x20b) return l;
  l.directories = l.optional + (magic == 0x20b ? 112 : 96);
  l.sections = l.optional + optional_size;
  l.valid = l.sections + 40ull * l.section_count <= f.size();
  return l;
}
struct Section {
  uint32_t virtual_size, virtual_address, raw_size, raw_offset;
};
Section section(const std::vector<uint8_t>& f, const Layout& l, int i) {
  const size_t at = l.sections + 40 * static_cast<size_t>(i);
  return {read_at<uint32_t>(f, at + 8), read_at<uint32_t>(f, at + 12), read_at<uint32_t>(f, at + 16),
          read_at<uint32_t>(f, at + 20)};
}
// The file offset of an RVA (through the section that holds it), or 0.
size_t offset_of(const std::vector<uint8_t>& f, const Layout& l, uint32_t rva) {
  for (int i = 0; i < l.section_count; ++i) {
    const Section s = section(f, l, i);
    if (rva >= s.virtual_address && rva < s.virtual_address + std::max(s.virtual_size, s.raw_size))
      return s.raw_offset + (rva - s.virtual_address);
  }
  return 0;
}

// ---- reading the resource tree ----

ResId entry_id(const std::vector<uint8_t>& f, size_t root, uint32_t name_field) {
  ResId id;
  if (name_field & 0x80000000u) {
    const size_t at = root + (name_field & 0x7fffffffu);
    const uint16_t len = read_at<uint16_t>(f, at);
    id.named = true;
    for (uint16_t i = 0; i < len && at + 2 + 2 * i + 2 <= f.size(); ++i) id.name += read_at<char16_t>(f, at + 2 + 2 * i);
  } else {
    id.id = static_cast<uint16_t>(name_field);
  }
  return id;
}
// The entries of a directory at `dir`: (name field, offset field) each.
std::vector<std::pair<uint32_t, uint32_t>> entries(const std::vector<uint8_t>& f, size_t dir) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  const size_t n = static_cast<size_t>(read_at<uint16_t>(f, dir + 12)) + read_at<uint16_t>(f, dir + 14);
  for (size_t i = 0; i < n && dir + 16 + 8 * i + 8 <= f.size(); ++i)
    out.emplace_back(read_at<uint32_t>(f, dir + 16 + 8 * i), read_at<uint32_t>(f, dir + 20 + 8 * i));
  return out;
}
void read_tree(const std::vector<uint8_t>& f, const Layout& l, Tree& tree) {
  const uint32_t rva = read_at<uint32_t>(f, l.directories + 2 * 8);
  if (!rva) return;
  const size_t root = offset_of(f, l, rva);
  if (!root) return;
  for (const auto& [type_name, type_off] : entries(f, root)) {
    if (!(type_off & 0x80000000u)) continue;
    Names& names = tree[entry_id(f, root, type_name)];
    for (const auto& [name_name, name_off] : entries(f, root + (type_off & 0x7fffffffu))) {
      if (!(name_off & 0x80000000u)) continue;
      Languages& langs = names[entry_id(f, root, name_name)];
      for (const auto& [lang, data_off] : entries(f, root + (name_off & 0x7fffffffu))) {
        if (data_off & 0x80000000u) continue;
        const size_t entry = root + data_off;
        const uint32_t data_rva = read_at<uint32_t>(f, entry), size = read_at<uint32_t>(f, entry + 4);
        const size_t at = offset_of(f, l, data_rva);
        ResData d;
        d.codepage = read_at<uint32_t>(f, entry + 8);
        if (at && at + size <= f.size()) d.bytes.assign(f.begin() + static_cast<long>(at), f.begin() + static_cast<long>(at + size));
        langs[static_cast<uint16_t>(lang)] = std::move(d);
      }
    }
  }
}

// ---- writing it ----

uint32_t align(uint32_t v, uint32_t a) { return a ? (v + a - 1) / a * a : v; }

// The section's bytes for resources at `rva`: every directory first (the root, the types' name
// directories, the names' language directories), then the data entries, the names' strings, the
// data (each on an 8-byte boundary).
std::vector<uint8_t> build_section(const Tree& tree, uint32_t rva) {
  auto dir_size = [](size_t n) { return 16 + 8 * static_cast<uint32_t>(n); };
  uint32_t dirs = dir_size(tree.size()), data_entries = 0, strings = 0;
  for (const auto& [type, names] : tree) {
    dirs += dir_size(names.size());
    if (type.named) strings += 2 + 2 * static_cast<uint32_t>(type.name.size());
    for (const auto& [name, langs] : names) {
      dirs += dir_size(langs.size());
      data_entries += 16 * static_cast<uint32_t>(langs.size());
      if (name.named) strings += 2 + 2 * static_cast<uint32_t>(name.name.size());
    }
  }
  const uint32_t entries_at = dirs, strings_at = entries_at + data_entries;
  uint32_t data_at = align(strings_at + strings, 8);
  uint32_t total = data_at;
  for (const auto& [type, names] : tree)
    for (const auto& [name, langs] : names)
      for (const auto& [lang, d] : langs) total = align(total, 8) + static_cast<uint32_t>(d.bytes.size());
  std::vector<uint8_t> out(total, 0);

  uint32_t next_dir = dir_size(tree.size()), next_entry = entries_at, next_string = strings_at, next_data = data_at;
  auto name_field = [&](const ResId& id) -> uint32_t {
    if (!id.named) return id.id;
    const uint32_t at = next_string;
    write_at<uint16_t>(out, at, static_cast<uint16_t>(id.name.size()));
    for (size_t i = 0; i < id.name.size(); ++i) write_at<char16_t>(out, at + 2 + 2 * i, id.name[i]);
    next_string += 2 + 2 * static_cast<uint32_t>(id.name.size());
    return at | 0x80000000u;
  };
  auto header = [&](uint32_t at, size_t named, size_t numbered) {
    write_at<uint16_t>(out, at + 8, 4);  // MajorVersion, as resource compilers write it
    write_at<uint16_t>(out, at + 12, static_cast<uint16_t>(named));
    write_at<uint16_t>(out, at + 14, static_cast<uint16_t>(numbered));
  };
  auto counts = [](const auto& m, size_t& named, size_t& numbered) {
    named = numbered = 0;
    for (const auto& kv : m) ++(kv.first.named ? named : numbered);
  };
  size_t named, numbered;
  counts(tree, named, numbered);
  header(0, named, numbered);
  // The types' directories follow the root; each name's language directory follows them all.
  std::vector<std::pair<uint32_t, const Names*>> name_dirs;
  uint32_t at = 16;
  for (const auto& [type, names] : tree) {
    write_at<uint32_t>(out, at, name_field(type));
    write_at<uint32_t>(out, at + 4, next_dir | 0x80000000u);
    name_dirs.emplace_back(next_dir, &names);
    next_dir += dir_size(names.size());
    at += 8;
  }
  std::vector<std::pair<uint32_t, const Languages*>> lang_dirs;
  for (const auto& [dir, names] : name_dirs) {
    counts(*names, named, numbered);
    header(dir, named, numbered);
    uint32_t e = dir + 16;
    for (const auto& [name, langs] : *names) {
      write_at<uint32_t>(out, e, name_field(name));
      write_at<uint32_t>(out, e + 4, next_dir | 0x80000000u);
      lang_dirs.emplace_back(next_dir, &langs);
      next_dir += dir_size(langs.size());
      e += 8;
    }
  }
  for (const auto& [dir, langs] : lang_dirs) {
    header(dir, 0, langs->size());
    uint32_t e = dir + 16;
    for (const auto& [lang, d] : *langs) {
      write_at<uint32_t>(out, e, lang);
      write_at<uint32_t>(out, e + 4, next_entry);
      next_data = align(next_data, 8);
      write_at<uint32_t>(out, next_entry, rva + next_data);
      write_at<uint32_t>(out, next_entry + 4, static_cast<uint32_t>(d.bytes.size()));
      write_at<uint32_t>(out, next_entry + 8, d.codepage);
      if (!d.bytes.empty()) std::memcpy(out.data() + next_data, d.bytes.data(), d.bytes.size());
      next_data += static_cast<uint32_t>(d.bytes.size());
      next_entry += 16;
      e += 8;
    }
  }
  return out;
}

// The file's bytes; false with errno for one that cannot be read (a directory: EISDIR).
bool read_file(const std::string& path, std::vector<uint8_t>& f) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return false;
  if (!S_ISREG(st.st_mode)) {
    errno = S_ISDIR(st.st_mode) ? EISDIR : EACCES;
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  f.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

// The tree into the file; a Win32 error, or 0.
uint32_t write_resources(const Update& u) {
  std::vector<uint8_t> f;
  if (!read_file(u.host_path, f)) return path_error(u.host_path, errno);
  Layout l = layout_of(f);
  if (!l.valid || l.section_count == 0) return kErrorBadExeFormat;
  const uint32_t section_alignment = read_at<uint32_t>(f, l.optional + 32), file_alignment = read_at<uint32_t>(f, l.optional + 36);
  const uint32_t old_rva = read_at<uint32_t>(f, l.directories + 2 * 8);
  if (u.tree.empty()) {  // no resources: no directory
    write_at<uint32_t>(f, l.directories + 2 * 8, 0);
    write_at<uint32_t>(f, l.directories + 2 * 8 + 4, 0);
  } else {
    // The section to use: the last one if it holds the old resources, else a new one after it.
    // What the file holds beyond its sections (the COFF symbol table and its strings, which give
    // long section names such as .debug_info theirs; an installer's appended payload; a
    // signature) is kept: after a new section's raw data that starts at the file's aligned end,
    // or moved after the last section's rewritten data, the pointers to it moved with it.
    const int last = l.section_count - 1;
    const Section tail = section(f, l, last);
    const bool reuse = old_rva && old_rva >= tail.virtual_address && old_rva < tail.virtual_address + std::max(tail.virtual_size, tail.raw_size);
    int index = last;
    Section s{};
    std::vector<uint8_t> trailing;
    size_t trailing_from = f.size();
    if (reuse) {
      s = tail;
      trailing_from = std::min(f.size(), static_cast<size_t>(s.raw_offset) + s.raw_size);
      trailing.assign(f.begin() + static_cast<std::ptrdiff_t>(trailing_from), f.end());
    } else {
      const uint32_t headers_end = read_at<uint32_t>(f, l.optional + 60);
      const size_t header_at = l.sections + 40 * static_cast<size_t>(l.section_count);
      uint32_t first_raw = headers_end;
      for (int i = 0; i < l.section_count; ++i)
        if (section(f, l, i).raw_offset) first_raw = std::min(first_raw, section(f, l, i).raw_offset);
      if (header_at + 40 > first_raw) return ERROR_NOT_ENOUGH_MEMORY;  // no room for another section header
      index = l.section_count;
      s.virtual_address = align(tail.virtual_address + std::max(tail.virtual_size, tail.raw_size), section_alignment);
      s.raw_offset = align(static_cast<uint32_t>(f.size()), file_alignment);
      std::memset(f.data() + header_at, 0, 40);
      std::memcpy(f.data() + header_at, ".rsrc\0\0\0", 8);
      write_at<uint32_t>(f, header_at + 36, 0x40000040u);  // initialized data, readable
      write_at<uint16_t>(f, l.file_header + 2, static_cast<uint16_t>(l.section_count + 1));
      l.section_count = static_cast<uint16_t>(l.section_count + 1);
    }
    const std::vector<uint8_t> data = build_section(u.tree, s.virtual_address);
    const uint32_t raw_size = align(static_cast<uint32_t>(data.size()), file_alignment);
    f.resize(s.raw_offset);
    f.insert(f.end(), data.begin(), data.end());
    f.resize(s.raw_offset + raw_size, 0);
    if (!trailing.empty()) {
      const int64_t moved = static_cast<int64_t>(f.size()) - static_cast<int64_t>(trailing_from);
      f.insert(f.end(), trailing.begin(), trailing.end());
      auto follow = [&](size_t field) {  // a file offset into what moved
        const uint32_t at = read_at<uint32_t>(f, field);
        if (at >= trailing_from) write_at<uint32_t>(f, field, static_cast<uint32_t>(at + moved));
      };
      follow(l.file_header + 8);                 // PointerToSymbolTable
      if (read_at<uint32_t>(f, l.directories - 4) > 4)  // NumberOfRvaAndSizes
        follow(l.directories + 4 * 8);           // the security directory: a file offset, not an RVA
    }
    const size_t header_at = l.sections + 40 * static_cast<size_t>(index);
    write_at<uint32_t>(f, header_at + 8, static_cast<uint32_t>(data.size()));
    write_at<uint32_t>(f, header_at + 12, s.virtual_address);
    write_at<uint32_t>(f, header_at + 16, raw_size);
    write_at<uint32_t>(f, header_at + 20, s.raw_offset);
    write_at<uint32_t>(f, l.directories + 2 * 8, s.virtual_address);
    write_at<uint32_t>(f, l.directories + 2 * 8 + 4, static_cast<uint32_t>(data.size()));
    write_at<uint32_t>(f, l.optional + 56, align(s.virtual_address + static_cast<uint32_t>(data.size()), section_alignment));
  }
  write_at<uint32_t>(f, l.optional + 64, 0);  // the checksum no longer holds
  std::ofstream out(u.host_path, std::ios::binary | std::ios::trunc);
  if (!out) return path_error(u.host_path, errno);
  out.write(reinterpret_cast<const char*>(f.data()), static_cast<std::streamsize>(f.size()));
  return out ? 0 : ERROR_WRITE_PROTECT;
}

// ---- the functions ----

// The handle: a block of the process heap of the update's own (what GlobalAlloc gives on Windows).
Ptr begin_update(WindowsProcess& p, const std::string& name, bool delete_existing) {
  const std::string host = windows_to_host_path(name);
  std::vector<uint8_t> f;
  if (!read_file(host, f)) return Ptr(fail(p, path_error(host, errno)));
  if (::access(host.c_str(), W_OK) != 0) return Ptr(fail(p, ERROR_ACCESS_DENIED));
  const Layout l = layout_of(f);
  if (!l.valid) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  Update u;
  u.host_path = host;
  if (!delete_existing) read_tree(f, l, u.tree);
  const uint64_t h = p.heap.alloc(16, true);
  if (!h) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  std::lock_guard<std::mutex> g(updates_mutex);
  updates()[h] = std::move(u);
  return Ptr(h);
}
Ptr BeginUpdateResourceW(WindowsProcess& p, WStr name, int32_t delete_existing) {
  return begin_update(p, utf16_to_utf8(name.str()), delete_existing != 0);
}
Ptr BeginUpdateResourceA(WindowsProcess& p, AStr name, int32_t delete_existing) {
  return begin_update(p, file_api_to_utf8(p.file_apis_oem, name.bytes()), delete_existing != 0);
}

// A type or name argument: MAKEINTRESOURCE's number, "#number", or a string, kept in capitals as
// resource compilers write names (FindResource finds them whatever their case).
ResId res_id(uint64_t arg, bool wide) {
  ResId id;
  if (arg < 0x10000) {
    id.id = static_cast<uint16_t>(arg);
    return id;
  }
  const std::u16string s = wide ? std::u16string(reinterpret_cast<const char16_t*>(arg))
                                : ansi_to_utf16(reinterpret_cast<const char*>(arg));  // the ANSI code page
  if (s.size() > 1 && s[0] == u'#') {
    id.id = static_cast<uint16_t>(std::strtoul(utf16_to_utf8(s.substr(1)).c_str(), nullptr, 10));
    return id;
  }
  id.named = true;
  id.name = upper(s);
  return id;
}

// Data and size: the resource added or replaced; no data and a size of 0: it is deleted.
BOOL update_resource(WindowsProcess& p, uint64_t h, uint64_t type, uint64_t name, uint16_t lang, uint64_t data, uint32_t size,
                     bool wide) {
  std::lock_guard<std::mutex> g(updates_mutex);
  auto it = updates().find(h);
  if (it == updates().end()) return fail(p, ERROR_INVALID_HANDLE);
  // (A null name is the integer ID 0, as MAKEINTRESOURCE(0) is: rcedit names a new icon group so.)
  if (!type) return fail(p, ERROR_INVALID_PARAMETER);
  Tree& tree = it->second.tree;
  const ResId t = res_id(type, wide), n = res_id(name, wide);
  if (!data && size == 0) {
    auto ti = tree.find(t);
    if (ti == tree.end()) return TRUE;
    auto ni = ti->second.find(n);
    if (ni != ti->second.end()) {
      ni->second.erase(lang);
      if (ni->second.empty()) ti->second.erase(ni);
      if (ti->second.empty()) tree.erase(ti);
    }
    return TRUE;
  }
  if (!data) return fail(p, ERROR_INVALID_PARAMETER);
  if (size && !p.memory.accessible(data, size, mem::kRead)) return fail(p, 998);  // ERROR_NOACCESS
  ResData& d = tree[t][n][lang];
  d.codepage = 0;
  d.bytes.assign(reinterpret_cast<const uint8_t*>(data), reinterpret_cast<const uint8_t*>(data) + size);
  return TRUE;
}
BOOL UpdateResourceW(WindowsProcess& p, Ptr h, Ptr type, Ptr name, uint16_t lang, Ptr data, uint32_t size) {
  return update_resource(p, h.addr, type.addr, name.addr, lang, data.addr, size, true);
}
BOOL UpdateResourceA(WindowsProcess& p, Ptr h, Ptr type, Ptr name, uint16_t lang, Ptr data, uint32_t size) {
  return update_resource(p, h.addr, type.addr, name.addr, lang, data.addr, size, false);
}

// The updates written (or, with `discard`, dropped); the handle is gone either way.
BOOL EndUpdateResourceW(WindowsProcess& p, Ptr h, int32_t discard) {
  Update u;
  {
    std::lock_guard<std::mutex> g(updates_mutex);
    auto it = updates().find(h.addr);
    if (it == updates().end()) return fail(p, ERROR_INVALID_HANDLE);
    u = std::move(it->second);
    updates().erase(it);
  }
  p.heap.free(h.addr);
  if (discard) return TRUE;
  const uint32_t error = write_resources(u);
  return error ? fail(p, error) : TRUE;
}

}  // namespace

const std::vector<Export>& kernel32_update_resource_exports() {
  static const std::vector<Export> exports = {
      EXPORT("BeginUpdateResourceW", BeginUpdateResourceW),
      EXPORT("BeginUpdateResourceA", BeginUpdateResourceA),
      EXPORT("UpdateResourceW", UpdateResourceW),
      EXPORT("UpdateResourceA", UpdateResourceA),
      EXPORT("EndUpdateResourceW", EndUpdateResourceW),
      EXPORT("EndUpdateResourceA", EndUpdateResourceW),
  };
  return exports;
}

}  // namespace polyrun::shims
