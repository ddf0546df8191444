// The compound file format ([MS-CFB], "structured storage"): a file image read into a tree of
// storages and streams, and the tree written back as an image (ole32/compound_file.cpp). The
// storage objects over the tree are ole32/storage.cpp's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "shims/ole32/com_object.h"

namespace polyrun::shims::cfb {

inline constexpr uint8_t kStorage = 1, kStream = 2, kRoot = 5;
// The header's first eight bytes.
inline constexpr uint8_t kSignature[8] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};

// A storage (its children) or a stream (its bytes), as the directory entry describes it.
struct Node {
  std::u16string name;
  uint8_t type = kStream;
  GuidBytes clsid{};
  uint32_t state_bits = 0;
  uint64_t created = 0, modified = 0;  // FILETIMEs (a stream's are 0)
  std::vector<uint8_t> data;
  std::vector<std::shared_ptr<Node>> children;

  std::shared_ptr<Node> child(const std::u16string& n) const;
  bool is_storage() const { return type != kStream; }
};

// Whether the image starts with the compound file signature.
bool has_signature(const std::vector<uint8_t>& image);
// The tree of an image (null when it is not a well-formed compound file).
std::shared_ptr<Node> read_image(const std::vector<uint8_t>& image);
// The image of a tree (version 3: 512-byte sectors, 64-byte mini sectors under 4096 bytes).
std::vector<uint8_t> write_image(const Node& root);

// Names as the format orders and matches them: by length, then by their upper case.
std::u16string upper_name(const std::u16string& n);
bool name_less(const std::u16string& a, const std::u16string& b);

}  // namespace polyrun::shims::cfb
