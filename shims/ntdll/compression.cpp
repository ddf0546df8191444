// NTDLL's compression (RtlCompressBuffer, RtlDecompressBuffer, RtlDecompressFragment,
// RtlGetCompressionWorkSpaceSize) in the LZNT1 format ([MS-XCA] 2.5): the data in chunks of 4 KiB
// of uncompressed bytes, each behind a two-byte header (its stored size less 3, the signature 3, and
// whether it is compressed); a compressed chunk is groups of a flag byte and eight items, a literal
// byte or a two-byte back reference whose split between displacement and length depends on how far
// into the chunk it stands. Compression is greedy, over a hash of three-byte prefixes; a chunk that
// would not shrink is stored as it is. COMPRESSION_FORMAT_NONE and _DEFAULT are
// STATUS_INVALID_PARAMETER; the XPRESS formats are not provided (STATUS_UNSUPPORTED_COMPRESSION).
#include <algorithm>
#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_compression_impl {

constexpr uint32_t kBadCompressionBuffer = 0xc0000242, kUnsupportedCompression = 0xc000025f;
constexpr uint16_t kFormatNone = 0, kFormatDefault = 1, kFormatLznt1 = 2, kEngineMaximum = 0x100;
constexpr uint32_t kChunk = 0x1000;

// The format a call names: 0 for LZNT1, else its status.
uint32_t check_format(uint16_t format) {
  const uint16_t f = format & ~kEngineMaximum;
  if (f == kFormatNone || f == kFormatDefault) return nt::kInvalidParameter;
  if (f != kFormatLznt1) return kUnsupportedCompression;
  return nt::kSuccess;
}

// How a back reference at `pos` bytes into its chunk splits: the length's bits (the rest are the
// displacement's).
unsigned length_bits(uint32_t pos) {
  unsigned bits = 12;
  for (uint32_t i = pos - 1; i >= 0x10; i >>= 1) --bits;
  return bits;
}

// One chunk compressed into `out`: false where it does not shrink.
bool compress_chunk(const uint8_t* in, uint32_t n, std::vector<uint8_t>& out) {
  out.clear();
  std::vector<int32_t> head(1 << 12, -1), prev(n, -1);
  auto hash = [&](uint32_t i) { return ((in[i] << 8) ^ (in[i + 1] << 4) ^ in[i + 2]) & 0xfff; };
  uint32_t pos = 0;
  while (pos < n) {
    const size_t flag_at = out.size();
    out.push_back(0);
    for (int item = 0; item < 8 && pos < n; ++item) {
      uint32_t best_len = 0, best_off = 0;
      if (pos > 0 && pos + 3 <= n) {
        const unsigned lb = length_bits(pos);
        const uint32_t max_len = std::min<uint32_t>((1u << lb) - 1 + 3, n - pos);
        const uint32_t max_off = 1u << (16 - lb);
        for (int32_t c = head[hash(pos)]; c >= 0 && pos - c <= max_off; c = prev[c]) {
          uint32_t len = 0;
          while (len < max_len && in[c + len] == in[pos + len]) ++len;
          if (len > best_len) best_len = len, best_off = pos - c;
          if (len == max_len) break;
        }
      }
      const uint32_t step = best_len >= 3 ? best_len : 1;
      if (best_len >= 3) {
        const unsigned lb = length_bits(pos);
        const uint16_t token = static_cast<uint16_t>(((best_off - 1) << lb) | (best_len - 3));
        out.push_back(static_cast<uint8_t>(token));
        out.push_back(static_cast<uint8_t>(token >> 8));
        out[flag_at] |= static_cast<uint8_t>(1u << item);
      } else {
        out.push_back(in[pos]);
      }
      for (uint32_t k = 0; k < step; ++k, ++pos)
        if (pos + 3 <= n) {
          const uint32_t h = hash(pos);
          prev[pos] = head[h];
          head[h] = static_cast<int32_t>(pos);
        }
      if (out.size() >= n) return false;
    }
  }
  return out.size() < n;
}

// RtlCompressBuffer(format, in, in size, out, out size, chunk size, *final size, workspace).
uint32_t RtlCompressBuffer(WindowsProcess&, uint16_t format, Ptr in, uint32_t in_size, Ptr out, uint32_t out_size,
                           uint32_t, Ptr final_size, Ptr) {
  if (const uint32_t s = check_format(format)) return s;
  const uint8_t* src = in.as<const uint8_t>();
  uint8_t* dst = out.as<uint8_t>();
  uint32_t at = 0;
  std::vector<uint8_t> chunk;
  for (uint32_t done = 0; done < in_size;) {
    const uint32_t n = std::min(kChunk, in_size - done);
    const bool compressed = compress_chunk(src + done, n, chunk);
    const uint32_t size = compressed ? static_cast<uint32_t>(chunk.size()) : n;
    if (at + 2 + size > out_size) return nt::kBufferTooSmall;
    const uint16_t header = static_cast<uint16_t>((compressed ? 0xb000 : 0x3000) | (size + 2 - 3));
    dst[at] = static_cast<uint8_t>(header);
    dst[at + 1] = static_cast<uint8_t>(header >> 8);
    std::memcpy(dst + at + 2, compressed ? chunk.data() : src + done, size);
    at += 2 + size;
    done += n;
  }
  put<uint32_t>(final_size.addr, at);
  return nt::kSuccess;
}

// Decompresses `in` into `out` from uncompressed byte `offset` on (RtlDecompressFragment's), as
// much as fits; STATUS_BAD_COMPRESSION_BUFFER for malformed data.
uint32_t decompress(const uint8_t* in, uint32_t in_size, uint8_t* out, uint32_t out_size, uint32_t offset,
                    uint32_t* written) {
  *written = 0;
  uint32_t at = 0;
  uint64_t produced = 0;  // uncompressed bytes so far, of the whole stream
  std::vector<uint8_t> chunk;
  while (at + 2 <= in_size) {
    const uint16_t header = static_cast<uint16_t>(in[at] | in[at + 1] << 8);
    if (header == 0) break;
    const uint32_t size = (header & 0xfff) + 1;
    if (((header >> 12) & 7) != 3 || at + 2 + size > in_size) return kBadCompressionBuffer;
    const uint8_t* data = in + at + 2;
    chunk.clear();
    if (!(header & 0x8000)) {
      chunk.assign(data, data + size);
    } else {
      uint32_t i = 0;
      while (i < size && chunk.size() < kChunk) {
        const uint8_t flags = data[i++];
        for (int item = 0; item < 8 && i < size && chunk.size() < kChunk; ++item) {
          if (!(flags & (1u << item))) {
            chunk.push_back(data[i++]);
            continue;
          }
          if (i + 2 > size) return kBadCompressionBuffer;
          const uint16_t token = static_cast<uint16_t>(data[i] | data[i + 1] << 8);
          i += 2;
          if (chunk.empty()) return kBadCompressionBuffer;
          const unsigned lb = length_bits(static_cast<uint32_t>(chunk.size()));
          const uint32_t offset_back = (token >> lb) + 1, length = (token & ((1u << lb) - 1)) + 3;
          if (offset_back > chunk.size()) return kBadCompressionBuffer;
          for (uint32_t k = 0; k < length && chunk.size() < kChunk; ++k) chunk.push_back(chunk[chunk.size() - offset_back]);
        }
      }
    }
    // What of this chunk lies past `offset` goes out.
    for (size_t k = 0; k < chunk.size(); ++k, ++produced) {
      if (produced < offset) continue;
      if (*written >= out_size) return nt::kSuccess;
      out[(*written)++] = chunk[k];
    }
    at += 2 + size;
    // A chunk short of 4 KiB before another: the rest of its 4 KiB reads as zeros.
    if (chunk.size() < kChunk && at + 2 <= in_size && (in[at] | in[at + 1] << 8)) {
      for (size_t k = chunk.size(); k < kChunk; ++k, ++produced) {
        if (produced < offset) continue;
        if (*written >= out_size) return nt::kSuccess;
        out[(*written)++] = 0;
      }
    }
  }
  return nt::kSuccess;
}

uint32_t RtlDecompressFragment(WindowsProcess&, uint16_t format, Ptr out, uint32_t out_size, Ptr in, uint32_t in_size,
                               uint32_t offset, Ptr final_size, Ptr) {
  if (const uint32_t s = check_format(format)) return s;
  uint32_t written = 0;
  const uint32_t s = decompress(in.as<const uint8_t>(), in_size, out.as<uint8_t>(), out_size, offset, &written);
  if (!s) put<uint32_t>(final_size.addr, written);
  return s;
}
uint32_t RtlDecompressBuffer(WindowsProcess& p, uint16_t format, Ptr out, uint32_t out_size, Ptr in, uint32_t in_size,
                             Ptr final_size) {
  return RtlDecompressFragment(p, format, out, out_size, in, in_size, 0, final_size, Ptr(0));
}

// RtlGetCompressionWorkSpaceSize(format, *compress workspace, *fragment workspace): this engine
// works in memory of its own, so a caller's workspace of any size serves; the sizes given leave
// room as Windows' callers expect one (a chunk's worth for a fragment).
uint32_t RtlGetCompressionWorkSpaceSize(WindowsProcess&, uint16_t format, Ptr compress, Ptr fragment) {
  if (const uint32_t s = check_format(format)) return s;
  put<uint32_t>(compress.addr, 16);
  put<uint32_t>(fragment.addr, kChunk);
  return nt::kSuccess;
}

}  // namespace ntdll_compression_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_compression_exports() {
  using namespace ntdll_compression_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlCompressBuffer", RtlCompressBuffer),
      EXPORT("RtlDecompressBuffer", RtlDecompressBuffer),
      EXPORT("RtlDecompressFragment", RtlDecompressFragment),
      EXPORT("RtlGetCompressionWorkSpaceSize", RtlGetCompressionWorkSpaceSize),
  };
  return exports;
}

}  // namespace polyrun::shims
