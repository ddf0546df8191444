// A block of the program's memory as CRYPT32 lays out the structures it hands out: the structures,
// the bytes they point to and the pointers between them (relative until the block is placed), for
// a pointer width of 4 or 8. No process state (cert_stores.h places blocks in the program's
// memory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace polyrun::shims::crypt32 {

using Bytes = std::vector<uint8_t>;

namespace stores {

class GuestBlock {
 public:
  explicit GuestBlock(unsigned ptr) : ptr_(ptr) {}
  unsigned ptr() const { return ptr_; }
  size_t reserve(size_t n, size_t align = 8) {
    while (data_.size() % align) data_.push_back(0);
    const size_t at = data_.size();
    data_.resize(at + n);
    return at;
  }
  size_t append(const void* p, size_t n, size_t align = 1) {
    const size_t at = reserve(n, align);
    if (n) std::memcpy(data_.data() + at, p, n);
    return at;
  }
  size_t append_string(const std::string& s) { return append(s.c_str(), s.size() + 1); }
  // An array of pointers to the strings, which follow it; where the array is.
  size_t string_array(const std::vector<std::string>& strings) {
    const size_t array = reserve(strings.size() * ptr_, ptr_);
    for (size_t i = 0; i < strings.size(); ++i) pointer(array + i * ptr_, append_string(strings[i]));
    return array;
  }
  void u32(size_t at, uint32_t v) { std::memcpy(data_.data() + at, &v, 4); }
  void u64(size_t at, uint64_t v) { std::memcpy(data_.data() + at, &v, 8); }
  void pointer(size_t at, size_t target) { fixups_.push_back({at, target}); }
  // A {DWORD cbData; BYTE* pbData} blob at `at` over bytes appended now.
  void blob(size_t at, const Bytes& b) {
    u32(at, static_cast<uint32_t>(b.size()));
    if (!b.empty()) pointer(at + ptr_, append(b.data(), b.size()));
  }
  // Another block of the same width appended (8-aligned), its pointers kept pointing into it;
  // where it starts.
  size_t append_block(const GuestBlock& other) {
    const size_t at = reserve(other.data_.size());
    if (!other.data_.empty()) std::memcpy(data_.data() + at, other.data_.data(), other.data_.size());
    for (auto [f, t] : other.fixups_) fixups_.push_back({at + f, at + t});
    return at;
  }
  size_t size() const { return data_.size(); }
  // The block's bytes as they are at `base` (its pointers pointing there).
  Bytes laid_out(uint64_t base) const {
    Bytes out = data_;
    for (auto [at, target] : fixups_) {
      const uint64_t v = base + target;
      std::memcpy(out.data() + at, &v, ptr_);
    }
    return out;
  }

 private:
  unsigned ptr_;
  Bytes data_;
  std::vector<std::pair<size_t, size_t>> fixups_;
};

}  // namespace stores
}  // namespace polyrun::shims::crypt32
