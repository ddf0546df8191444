// The cabinet format's checksum, the MSZIP codec over zlib, and the program's callbacks
// (cabinet/cabinet.h).
#include <zlib.h>

#include <cstring>

#include "shims/cabinet/cabinet.h"
#include "shims/core/guest_memory.h"

namespace polyrun::shims::cab {

uint32_t checksum(const uint8_t* data, size_t n, uint32_t seed) {
  uint32_t sum = seed;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) sum ^= u32(data + i);
  // The bytes left over, the first of them the most significant (MS-CAB 2.6).
  uint32_t last = 0;
  switch (n - i) {
    case 3: last |= static_cast<uint32_t>(data[i++]) << 16; [[fallthrough]];
    case 2: last |= static_cast<uint32_t>(data[i++]) << 8; [[fallthrough]];
    case 1: last |= data[i++]; break;
    default: break;
  }
  return sum ^ last;
}

MszipInflater::MszipInflater() {
  auto* z = new z_stream{};
  inflateInit2(z, -MAX_WBITS);
  z_ = z;
}
MszipInflater::~MszipInflater() {
  inflateEnd(static_cast<z_stream*>(z_));
  delete static_cast<z_stream*>(z_);
}

bool MszipInflater::block(const uint8_t* in, size_t n, size_t expected, std::vector<uint8_t>* out) {
  auto* z = static_cast<z_stream*>(z_);
  if (n < 2 || in[0] != 'C' || in[1] != 'K') return false;
  inflateReset(z);
  if (!window_.empty()) inflateSetDictionary(z, window_.data(), static_cast<uInt>(window_.size()));
  out->assign(expected, 0);
  z->next_in = const_cast<Bytef*>(in + 2);
  z->avail_in = static_cast<uInt>(n - 2);
  z->next_out = out->data();
  z->avail_out = static_cast<uInt>(expected);
  int rc = inflate(z, Z_FINISH);
  if (rc != Z_STREAM_END || z->avail_out != 0) return false;
  window_.insert(window_.end(), out->begin(), out->end());
  if (window_.size() > kBlockSize) window_.erase(window_.begin(), window_.end() - kBlockSize);
  return true;
}

MszipDeflater::MszipDeflater() {
  auto* z = new z_stream{};
  deflateInit2(z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  z_ = z;
}
MszipDeflater::~MszipDeflater() {
  deflateEnd(static_cast<z_stream*>(z_));
  delete static_cast<z_stream*>(z_);
}

std::vector<uint8_t> MszipDeflater::block(const uint8_t* in, size_t n) {
  auto* z = static_cast<z_stream*>(z_);
  deflateReset(z);
  if (!window_.empty()) deflateSetDictionary(z, window_.data(), static_cast<uInt>(window_.size()));
  std::vector<uint8_t> out(2 + deflateBound(z, n) + 16);
  out[0] = 'C', out[1] = 'K';
  z->next_in = const_cast<Bytef*>(in);
  z->avail_in = static_cast<uInt>(n);
  z->next_out = out.data() + 2;
  z->avail_out = static_cast<uInt>(out.size() - 2);
  deflate(z, Z_FINISH);
  out.resize(out.size() - z->avail_out);
  window_.insert(window_.end(), in, in + n);
  if (window_.size() > kBlockSize) window_.erase(window_.begin(), window_.end() - kBlockSize);
  return out;
}

int64_t as_int(WindowsProcess&, uint64_t r) { return static_cast<int32_t>(r); }
int64_t as_intptr(WindowsProcess& p, uint64_t r) {
  return p.isa->ptr == 4 ? static_cast<int32_t>(r) : static_cast<int64_t>(r);
}

namespace {
uint64_t arg(int64_t v) { return static_cast<uint64_t>(v); }
}  // namespace

int64_t FileCallbacks::open_file(WindowsProcess& p, uint64_t path, int32_t flags, int32_t mode) const {
  std::vector<uint64_t> a = {path, arg(flags), arg(mode)};
  if (fci) a.insert(a.end(), {err, pv});
  return as_intptr(p, p.call_guest(open, a));
}
uint32_t FileCallbacks::read_file(WindowsProcess& p, int64_t hf, uint64_t buf, uint32_t n) const {
  std::vector<uint64_t> a = {arg(hf), buf, n};
  if (fci) a.insert(a.end(), {err, pv});
  return static_cast<uint32_t>(p.call_guest(read, a));
}
uint32_t FileCallbacks::write_file(WindowsProcess& p, int64_t hf, uint64_t buf, uint32_t n) const {
  std::vector<uint64_t> a = {arg(hf), buf, n};
  if (fci) a.insert(a.end(), {err, pv});
  return static_cast<uint32_t>(p.call_guest(write, a));
}
int32_t FileCallbacks::close_file(WindowsProcess& p, int64_t hf) const {
  std::vector<uint64_t> a = {arg(hf)};
  if (fci) a.insert(a.end(), {err, pv});
  return static_cast<int32_t>(p.call_guest(close, a));
}
int32_t FileCallbacks::seek_file(WindowsProcess& p, int64_t hf, int32_t dist, int32_t whence) const {
  std::vector<uint64_t> a = {arg(hf), static_cast<uint64_t>(static_cast<int64_t>(dist)), arg(whence)};
  if (fci) a.insert(a.end(), {err, pv});
  return static_cast<int32_t>(p.call_guest(seek, a));
}

void set_erf(uint64_t erf, int32_t oper, int32_t type) {
  if (!erf) return;
  put<int32_t>(erf, oper);
  put<int32_t>(erf + 4, type);
  put<int32_t>(erf + 8, 1);
}

GuestText::GuestText(WindowsProcess& p, const std::string& s) : p_(p), a_(p.heap.alloc(s.size() + 1)) {
  copy_guest(guest_pointer(a_), s.c_str(), s.size() + 1, a_, true);
}
GuestText::~GuestText() { p_.heap.free(a_); }

}  // namespace polyrun::shims::cab
