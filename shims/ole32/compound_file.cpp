// The compound file format ([MS-CFB]): reading an image into a tree and writing a tree as an image
// (ole32/compound_file.h). An image is a 512-byte header, then sectors (512 bytes in version 3,
// 4096 in version 4) chained by the FAT, whose own sectors the header's DIFAT array (and DIFAT
// sectors after 109) lists. The directory is a chain of 128-byte entries; each storage's children
// form a red-black tree ordered by name (length first, then upper case). Streams under 4096 bytes
// live in the mini stream (the root entry's own stream), in 64-byte mini sectors chained by the
// mini FAT. Writing makes version 3 files, the children's trees balanced, their deepest level red
// where the level is not full (so every path has as many black nodes).
#include "shims/ole32/compound_file.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <set>

namespace polyrun::shims::cfb {

namespace {

constexpr uint32_t kFree = 0xffffffff, kEndOfChain = 0xfffffffe, kFatSector = 0xfffffffd, kDifatSector = 0xfffffffc,
                   kNoStream = 0xffffffff, kMiniCutoff = 4096;

uint32_t u32(const std::vector<uint8_t>& b, size_t at) {
  uint32_t v = 0;
  if (at + 4 <= b.size()) std::memcpy(&v, b.data() + at, 4);
  return v;
}
uint16_t u16(const std::vector<uint8_t>& b, size_t at) {
  uint16_t v = 0;
  if (at + 2 <= b.size()) std::memcpy(&v, b.data() + at, 2);
  return v;
}
uint64_t u64(const std::vector<uint8_t>& b, size_t at) {
  uint64_t v = 0;
  if (at + 8 <= b.size()) std::memcpy(&v, b.data() + at, 8);
  return v;
}
void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) { std::memcpy(b.data() + at, &v, 4); }
void put16(std::vector<uint8_t>& b, size_t at, uint16_t v) { std::memcpy(b.data() + at, &v, 2); }
void put64(std::vector<uint8_t>& b, size_t at, uint64_t v) { std::memcpy(b.data() + at, &v, 8); }

// Follows a chain from `start` through `fat`: the sector numbers (empty when it is broken: out of
// range, or a loop).
std::vector<uint32_t> chain(const std::vector<uint32_t>& fat, uint32_t start, bool& ok) {
  std::vector<uint32_t> out;
  ok = true;
  std::set<uint32_t> seen;
  for (uint32_t s = start; s != kEndOfChain;) {
    if (s >= fat.size() || !seen.insert(s).second) {
      ok = false;
      break;
    }
    out.push_back(s);
    s = fat[s];
  }
  return out;
}

}  // namespace

std::shared_ptr<Node> Node::child(const std::u16string& n) const {
  const std::u16string u = upper_name(n);
  for (const auto& c : children)
    if (upper_name(c->name) == u) return c;
  return nullptr;
}

std::u16string upper_name(const std::u16string& n) {
  std::u16string u = n;
  for (char16_t& c : u) {
    if (c >= 'a' && c <= 'z') c = static_cast<char16_t>(c - 'a' + 'A');
    else if (c >= 0xe0 && c <= 0xfe && c != 0xf7) c = static_cast<char16_t>(c - 0x20);
  }
  return u;
}

bool name_less(const std::u16string& a, const std::u16string& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return upper_name(a) < upper_name(b);
}

bool has_signature(const std::vector<uint8_t>& image) {
  return image.size() >= 8 && std::memcmp(image.data(), kSignature, 8) == 0;
}

std::shared_ptr<Node> read_image(const std::vector<uint8_t>& image) {
  if (image.size() < 512 || !has_signature(image)) return nullptr;
  const uint16_t shift = u16(image, 30), mini_shift = u16(image, 32);
  if ((shift != 9 && shift != 12) || mini_shift != 6) return nullptr;
  const size_t sector = size_t{1} << shift, mini = size_t{1} << mini_shift;
  auto sector_at = [&](uint32_t s) { return sector + size_t{s} * sector; };
  const size_t sectors = image.size() > sector ? (image.size() - sector + sector - 1) / sector : 0;
  // The FAT's sectors: the header's 109, then the DIFAT sectors' (the last entry of each links on).
  std::vector<uint32_t> fat_sectors;
  for (int i = 0; i < 109; ++i) {
    const uint32_t s = u32(image, 76 + 4 * i);
    if (s != kFree) fat_sectors.push_back(s);
  }
  uint32_t difat = u32(image, 68), difat_count = u32(image, 72);
  std::set<uint32_t> seen_difat;
  while (difat != kEndOfChain && difat != kFree && difat_count-- > 0) {
    if (difat >= sectors || !seen_difat.insert(difat).second) return nullptr;
    const size_t at = sector_at(difat);
    for (size_t i = 0; i + 1 < sector / 4; ++i) {
      const uint32_t s = u32(image, at + 4 * i);
      if (s != kFree) fat_sectors.push_back(s);
    }
    difat = u32(image, at + sector - 4);
  }
  std::vector<uint32_t> fat;
  for (uint32_t s : fat_sectors) {
    if (s >= sectors) return nullptr;
    for (size_t i = 0; i < sector / 4; ++i) fat.push_back(u32(image, sector_at(s) + 4 * i));
  }
  auto read_chain = [&](uint32_t start, uint64_t size, std::vector<uint8_t>& out) {
    bool ok;
    const std::vector<uint32_t> sectors_of = chain(fat, start, ok);
    if (!ok) return false;
    out.clear();
    for (uint32_t s : sectors_of) {
      const size_t at = sector_at(s);
      const size_t n = std::min(sector, image.size() > at ? image.size() - at : size_t{0});
      out.insert(out.end(), image.begin() + static_cast<ptrdiff_t>(std::min(at, image.size())),
                 image.begin() + static_cast<ptrdiff_t>(std::min(at, image.size()) + n));
      if (n < sector) out.resize(out.size() + (sector - n), 0);
    }
    if (size != ~uint64_t{0}) {
      if (out.size() < size) return false;
      out.resize(size);
    }
    return true;
  };
  std::vector<uint8_t> directory;
  if (!read_chain(u32(image, 48), ~uint64_t{0}, directory)) return nullptr;
  const size_t entries = directory.size() / 128;
  if (!entries) return nullptr;
  std::vector<uint8_t> minifat_bytes;
  if (u32(image, 60) != kEndOfChain && u32(image, 64) && !read_chain(u32(image, 60), ~uint64_t{0}, minifat_bytes))
    return nullptr;
  std::vector<uint32_t> minifat(minifat_bytes.size() / 4);
  if (!minifat.empty()) std::memcpy(minifat.data(), minifat_bytes.data(), minifat.size() * 4);
  const bool v3 = shift == 9;
  auto entry_size = [&](size_t e) { return v3 ? uint64_t{u32(directory, e * 128 + 120)} : u64(directory, e * 128 + 120); };
  std::vector<uint8_t> mini_stream;
  if (!read_chain(u32(directory, 116), entry_size(0), mini_stream)) return nullptr;

  std::vector<bool> used(entries, false);
  std::function<std::shared_ptr<Node>(size_t)> make = [&](size_t e) -> std::shared_ptr<Node> {
    const size_t at = e * 128;
    auto n = std::make_shared<Node>();
    const uint16_t name_bytes = std::min<uint16_t>(u16(directory, at + 64), 64);
    for (size_t i = 0; i + 2 < name_bytes + 1u && i < 62; i += 2) {
      const char16_t c = u16(directory, at + i);
      if (!c) break;
      n->name.push_back(c);
    }
    n->type = directory[at + 66];
    std::memcpy(n->clsid.data(), directory.data() + at + 80, 16);
    n->state_bits = u32(directory, at + 96);
    n->created = u64(directory, at + 100);
    n->modified = u64(directory, at + 108);
    if (n->type == kStream) {
      const uint64_t size = entry_size(e);
      const uint32_t start = u32(directory, at + 116);
      if (size < kMiniCutoff) {
        bool ok;
        const std::vector<uint32_t> minis = chain(minifat, start, ok);
        if (!ok && size) return nullptr;
        for (uint32_t m : minis) {
          const size_t from = size_t{m} * mini;
          if (from + mini > mini_stream.size()) return nullptr;
          n->data.insert(n->data.end(), mini_stream.begin() + static_cast<ptrdiff_t>(from),
                         mini_stream.begin() + static_cast<ptrdiff_t>(from + mini));
        }
        if (n->data.size() < size) return nullptr;
        n->data.resize(size);
      } else if (!read_chain(start, size, n->data)) {
        return nullptr;
      }
    } else {
      // The children: the tree under the entry's child, in order.
      std::function<bool(uint32_t)> walk = [&](uint32_t sid) {
        if (sid == kNoStream) return true;
        if (sid >= entries || used[sid]) return false;
        used[sid] = true;
        if (!walk(u32(directory, sid * 128 + 68))) return false;
        auto c = make(sid);
        if (!c) return false;
        n->children.push_back(c);
        return walk(u32(directory, sid * 128 + 72));
      };
      if (!walk(u32(directory, at + 76))) return nullptr;
    }
    return n;
  };
  used[0] = true;
  auto root = make(0);
  if (root) root->type = kRoot;
  return root;
}

std::vector<uint8_t> write_image(const Node& root) {
  constexpr size_t kSector = 512, kMini = 64;
  // The directory, in preorder: each storage's children get consecutive ids.
  struct Entry {
    const Node* node;
    uint32_t left = kNoStream, right = kNoStream, child = kNoStream, start = kEndOfChain;
    uint8_t color = 1;  // black
  };
  std::vector<Entry> entries;
  std::function<void(const Node&)> add = [&](const Node& n) {
    const size_t me = entries.size();
    entries.push_back(Entry{&n});
    if (!n.is_storage() || n.children.empty()) return;
    std::vector<const Node*> sorted;
    for (const auto& c : n.children) sorted.push_back(c.get());
    std::sort(sorted.begin(), sorted.end(), [](const Node* a, const Node* b) { return name_less(a->name, b->name); });
    std::vector<uint32_t> ids;
    for (const Node* c : sorted) {
      ids.push_back(static_cast<uint32_t>(entries.size()));
      add(*c);
    }
    // A balanced tree over ids[lo, hi): its root; nodes at the deepest level red when it is not full.
    int max_depth = 0;
    for (size_t count = sorted.size(); count > 0; count /= 2) ++max_depth;
    const bool full = sorted.size() == (size_t{1} << max_depth) - 1;
    std::function<uint32_t(size_t, size_t, int)> build = [&](size_t lo, size_t hi, int depth) -> uint32_t {
      if (lo >= hi) return kNoStream;
      const size_t mid = (lo + hi) / 2;
      Entry& e = entries[ids[mid]];
      e.left = build(lo, mid, depth + 1);
      e.right = build(mid + 1, hi, depth + 1);
      e.color = (!full && depth == max_depth) ? 0 : 1;
      return ids[mid];
    };
    entries[me].child = build(0, sorted.size(), 1);
  };
  add(root);

  // The mini stream and the sectors' contents besides the FAT: streams, mini stream, mini FAT,
  // directory, laid out one after another.
  std::vector<uint8_t> mini_stream;
  std::vector<uint32_t> minifat;
  std::vector<std::vector<uint8_t>> big;  // the big streams' data, with their entries
  std::vector<size_t> big_entries;
  for (size_t i = 1; i < entries.size(); ++i) {
    const Node& n = *entries[i].node;
    if (n.is_storage()) continue;
    if (n.data.empty()) {
      entries[i].start = kEndOfChain;
    } else if (n.data.size() < kMiniCutoff) {
      const uint32_t first = static_cast<uint32_t>(mini_stream.size() / kMini);
      const size_t count = (n.data.size() + kMini - 1) / kMini;
      mini_stream.insert(mini_stream.end(), n.data.begin(), n.data.end());
      mini_stream.resize((first + count) * kMini, 0);
      for (size_t k = 0; k < count; ++k) minifat.push_back(k + 1 < count ? first + static_cast<uint32_t>(k) + 1 : kEndOfChain);
      entries[i].start = first;
    } else {
      big_entries.push_back(i);
    }
  }
  std::vector<uint32_t> fat;
  std::vector<uint8_t> body;  // the sectors after the header, before the FAT's own
  auto place = [&](const std::vector<uint8_t>& data) -> uint32_t {
    if (data.empty()) return kEndOfChain;
    const uint32_t first = static_cast<uint32_t>(fat.size());
    const size_t count = (data.size() + kSector - 1) / kSector;
    for (size_t k = 0; k < count; ++k) fat.push_back(k + 1 < count ? first + static_cast<uint32_t>(k) + 1 : kEndOfChain);
    body.insert(body.end(), data.begin(), data.end());
    body.resize(fat.size() * kSector, 0);
    return first;
  };
  for (size_t i : big_entries) entries[i].start = place(entries[i].node->data);
  const uint32_t mini_start = place(mini_stream);
  std::vector<uint8_t> minifat_bytes(minifat.size() * 4);
  if (!minifat.empty()) std::memcpy(minifat_bytes.data(), minifat.data(), minifat_bytes.size());
  const uint32_t minifat_start = place(minifat_bytes);
  const uint32_t minifat_sectors = static_cast<uint32_t>((minifat_bytes.size() + kSector - 1) / kSector);
  std::vector<uint8_t> directory(((entries.size() + 3) / 4) * 4 * 128, 0);
  for (size_t i = entries.size(); i < directory.size() / 128; ++i) {
    put32(directory, i * 128 + 68, kNoStream);
    put32(directory, i * 128 + 72, kNoStream);
    put32(directory, i * 128 + 76, kNoStream);
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    const Node& n = *e.node;
    const size_t at = i * 128;
    const size_t chars = std::min<size_t>(n.name.size(), 31);
    std::memcpy(directory.data() + at, n.name.data(), chars * 2);
    put16(directory, at + 64, static_cast<uint16_t>((chars + 1) * 2));
    directory[at + 66] = i == 0 ? kRoot : n.type;
    directory[at + 67] = i == 0 ? 1 : e.color;
    put32(directory, at + 68, e.left);
    put32(directory, at + 72, e.right);
    put32(directory, at + 76, e.child);
    std::memcpy(directory.data() + at + 80, n.clsid.data(), 16);
    put32(directory, at + 96, n.state_bits);
    put64(directory, at + 100, n.type == kStream ? 0 : n.created);
    put64(directory, at + 108, n.type == kStream ? 0 : n.modified);
    if (i == 0) {
      put32(directory, at + 116, mini_stream.empty() ? kEndOfChain : mini_start);
      put64(directory, at + 120, mini_stream.size());
    } else if (n.type == kStream) {
      put32(directory, at + 116, e.start);
      put64(directory, at + 120, n.data.size());
    } else {
      put32(directory, at + 116, 0);
    }
  }
  const uint32_t directory_start = place(directory);

  // The FAT's own sectors (and DIFAT sectors past 109 of them), which the FAT must also cover.
  uint32_t fat_sectors = 0, difat_sectors = 0;
  for (;;) {
    const size_t total = fat.size() + fat_sectors + difat_sectors;
    const uint32_t need = static_cast<uint32_t>((total + kSector / 4 - 1) / (kSector / 4));
    const uint32_t need_difat = need > 109 ? (need - 109 + 126) / 127 : 0;
    if (need == fat_sectors && need_difat == difat_sectors) break;
    fat_sectors = need;
    difat_sectors = need_difat;
  }
  const uint32_t fat_first = static_cast<uint32_t>(fat.size());
  for (uint32_t k = 0; k < fat_sectors; ++k) fat.push_back(kFatSector);
  const uint32_t difat_first = static_cast<uint32_t>(fat.size());
  for (uint32_t k = 0; k < difat_sectors; ++k) fat.push_back(kDifatSector);
  fat.resize(size_t{fat_sectors} * (kSector / 4), kFree);

  std::vector<uint8_t> image(kSector, 0);
  std::memcpy(image.data(), kSignature, 8);
  put16(image, 24, 0x3e);
  put16(image, 26, 3);
  put16(image, 28, 0xfffe);
  put16(image, 30, 9);
  put16(image, 32, 6);
  put32(image, 44, fat_sectors);
  put32(image, 48, directory_start);
  put32(image, 56, kMiniCutoff);
  put32(image, 60, minifat.empty() ? kEndOfChain : minifat_start);
  put32(image, 64, minifat_sectors);
  put32(image, 68, difat_sectors ? difat_first : kEndOfChain);
  put32(image, 72, difat_sectors);
  for (uint32_t k = 0; k < 109; ++k) put32(image, 76 + 4 * k, k < fat_sectors ? fat_first + k : kFree);
  image.insert(image.end(), body.begin(), body.end());
  std::vector<uint8_t> fat_bytes(fat.size() * 4);
  std::memcpy(fat_bytes.data(), fat.data(), fat_bytes.size());
  image.insert(image.end(), fat_bytes.begin(), fat_bytes.end());
  for (uint32_t d = 0; d < difat_sectors; ++d) {
    std::vector<uint8_t> sector(kSector, 0xff);
    for (uint32_t k = 0; k < 127; ++k) {
      const uint32_t index = 109 + d * 127 + k;
      if (index < fat_sectors) put32(sector, 4 * k, fat_first + index);
    }
    put32(sector, kSector - 4, d + 1 < difat_sectors ? difat_first + d + 1 : kEndOfChain);
    image.insert(image.end(), sector.begin(), sector.end());
  }
  return image;
}

}  // namespace polyrun::shims::cfb
