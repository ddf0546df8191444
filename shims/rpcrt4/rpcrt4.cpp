// RPCRT4.dll: the UUID functions programs use without any RPC (UuidCreate and its sequential form,
// the string forms and RpcStringFree, comparison, hashing); string bindings and binding handles are
// string_bindings.cpp's. No RPC calls: a program that calls a remote procedure stops at the first
// such function (none is served).
//
// UuidCreate makes a random (version 4) UUID from the system's generator. UuidCreateSequential
// makes a time-based (version 1) one: 100 ns intervals since 1582-10-15, a clock sequence picked
// once, and the node of the host's first network interface with a hardware address; with none,
// a random node with the multicast bit set and RPC_S_UUID_LOCAL_ONLY, as Windows answers.
#include <dirent.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>

#include "shims/rpcrt4/exports.h"
#include "shims/rpcrt4/uuids.h"
#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypto/algorithms.h"

namespace polyrun::shims {

namespace rpcrt4 {

std::string uuid_text(const Uuid& u) {
  char s[37];
  std::snprintf(s, sizeof s, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", u.data1, u.data2, u.data3, u.data4[0],
                u.data4[1], u.data4[2], u.data4[3], u.data4[4], u.data4[5], u.data4[6], u.data4[7]);
  return s;
}

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (either case); false for anything else.
bool parse_uuid(const std::string& s, Uuid& u) {
  if (s.size() != 36) return false;
  uint8_t b[16];
  size_t k = 0;
  for (size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
      ++i;
      continue;
    }
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    const int hi = nibble(s[i]), lo = nibble(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    b[k++] = static_cast<uint8_t>(hi << 4 | lo);
    i += 2;
  }
  u.data1 = static_cast<uint32_t>(b[0]) << 24 | b[1] << 16 | b[2] << 8 | b[3];
  u.data2 = static_cast<uint16_t>(b[4] << 8 | b[5]);
  u.data3 = static_cast<uint16_t>(b[6] << 8 | b[7]);
  std::memcpy(u.data4, b + 8, 8);
  return true;
}

namespace {

constexpr int32_t kRpcOk = 0, kInvalidStringUuid = 1705, kUuidLocalOnly = 1824, kOutOfMemory = 14;


Uuid read_uuid(Ptr p) {
  Uuid u;
  copy_guest(&u, guest_pointer(p.addr), sizeof u, p.addr, false);
  return u;
}
void write_uuid(Ptr p, const Uuid& u) { copy_guest(guest_pointer(p.addr), &u, sizeof u, p.addr, true); }

int32_t UuidCreate(WindowsProcess&, Ptr out) {
  Uuid u;
  crypto::random_fill(reinterpret_cast<uint8_t*>(&u), sizeof u);
  u.data3 = static_cast<uint16_t>((u.data3 & 0x0fff) | 0x4000);  // version 4
  u.data4[0] = static_cast<uint8_t>((u.data4[0] & 0x3f) | 0x80);  // the RFC 4122 variant
  write_uuid(out, u);
  return kRpcOk;
}

// The first hardware address among the host's interfaces (not loopback, not all zero).
bool host_node(uint8_t node[6]) {
  DIR* d = ::opendir("/sys/class/net");
  if (!d) return false;
  bool found = false;
  std::string best;
  while (dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == ".." || name == "lo") continue;
    std::ifstream f("/sys/class/net/" + name + "/address");
    std::string text;
    if (!(f >> text) || text.size() != 17) continue;
    unsigned b[6];
    if (std::sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6) continue;
    if (!(b[0] | b[1] | b[2] | b[3] | b[4] | b[5])) continue;
    if (found && name > best) continue;  // (the same interface every time: the first by name)
    for (int i = 0; i < 6; ++i) node[i] = static_cast<uint8_t>(b[i]);
    best = name;
    found = true;
  }
  ::closedir(d);
  return found;
}

int32_t UuidCreateSequential(WindowsProcess&, Ptr out) {
  static std::mutex m;
  static uint64_t last = 0;
  static uint16_t clock_seq = 0;
  static uint8_t node[6];
  static bool local_only = false, ready = false;
  std::lock_guard<std::mutex> g(m);
  if (!ready) {
    crypto::random_fill(reinterpret_cast<uint8_t*>(&clock_seq), sizeof clock_seq);
    if (!host_node(node)) {
      crypto::random_fill(node, sizeof node);
      node[0] |= 0x01;  // (a random node is marked as a multicast address, RFC 4122 4.5)
      local_only = true;
    }
    ready = true;
  }
  // 100 ns since 1582-10-15: FILETIME counts from 1601-01-01, 18,077 days later.
  uint64_t t = filetime_now() + 0x146bf33e42c000ull;
  if (t <= last) t = last + 1;  // (never the same twice)
  last = t;
  Uuid u;
  u.data1 = static_cast<uint32_t>(t);
  u.data2 = static_cast<uint16_t>(t >> 32);
  u.data3 = static_cast<uint16_t>(((t >> 48) & 0x0fff) | 0x1000);  // version 1
  u.data4[0] = static_cast<uint8_t>(((clock_seq >> 8) & 0x3f) | 0x80);
  u.data4[1] = static_cast<uint8_t>(clock_seq);
  std::memcpy(u.data4 + 2, node, 6);
  write_uuid(out, u);
  return local_only ? kUuidLocalOnly : kRpcOk;
}

int32_t UuidCreateNil(WindowsProcess&, Ptr out) {
  write_uuid(out, Uuid{});
  return kRpcOk;
}


// The RPC string (RpcStringFree frees it) of the UUID, in the process heap.
template <typename Char>
int32_t to_string(WindowsProcess& p, Ptr uuid, Ptr out) {
  const std::string text = uuid ? uuid_text(read_uuid(uuid)) : uuid_text(Uuid{});
  const uint64_t s = p.heap.alloc((text.size() + 1) * sizeof(Char), false);
  if (!s) return kOutOfMemory;
  for (size_t i = 0; i <= text.size(); ++i) put<Char>(s + i * sizeof(Char), static_cast<Char>(text.c_str()[i]));
  p.put_ptr(out.addr, s);
  return kRpcOk;
}
int32_t UuidToStringA(WindowsProcess& p, Ptr uuid, Ptr out) { return to_string<char>(p, uuid, out); }
int32_t UuidToStringW(WindowsProcess& p, Ptr uuid, Ptr out) { return to_string<char16_t>(p, uuid, out); }

int32_t from_string(const std::string& text, bool null, Ptr out) {
  Uuid u{};
  if (!null && !parse_uuid(text, u)) return kInvalidStringUuid;
  write_uuid(out, u);
  return kRpcOk;
}
int32_t UuidFromStringA(WindowsProcess&, AStr text, Ptr out) { return from_string(text.str(), !text.addr, out); }
int32_t UuidFromStringW(WindowsProcess&, WStr text, Ptr out) {
  return from_string(text.addr ? utf16_to_utf8(text.str()) : "", !text.addr, out);
}

// (the pointer is left as it was, as wine 8.0 leaves it)
int32_t RpcStringFreeA(WindowsProcess& p, Ptr string) {
  if (!string) return kRpcOk;
  if (const uint64_t s = p.get_ptr(string.addr)) p.heap.free(s);
  return kRpcOk;
}
int32_t RpcStringFreeW(WindowsProcess& p, Ptr string) { return RpcStringFreeA(p, string); }

// The order UuidCompare gives: Data1, Data2, Data3 as numbers, then Data4's bytes (a null UUID is
// the nil one).
int compare(Ptr a, Ptr b) {
  const Uuid x = a ? read_uuid(a) : Uuid{}, y = b ? read_uuid(b) : Uuid{};
  if (x.data1 != y.data1) return x.data1 < y.data1 ? -1 : 1;
  if (x.data2 != y.data2) return x.data2 < y.data2 ? -1 : 1;
  if (x.data3 != y.data3) return x.data3 < y.data3 ? -1 : 1;
  const int c = std::memcmp(x.data4, y.data4, 8);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}
void ok_status(Ptr status) {
  if (status) put<int32_t>(status.addr, kRpcOk);
}
int32_t UuidCompare(WindowsProcess&, Ptr a, Ptr b, Ptr status) {
  ok_status(status);
  return compare(a, b);
}
int32_t UuidEqual(WindowsProcess&, Ptr a, Ptr b, Ptr status) {
  ok_status(status);
  return compare(a, b) == 0;
}
int32_t UuidIsNil(WindowsProcess&, Ptr a, Ptr status) {
  ok_status(status);
  return compare(a, Ptr(0)) == 0;
}

// The DCE reference hash (of the 16 bytes as they are in memory).
uint32_t UuidHash(WindowsProcess&, Ptr a, Ptr status) {  // (an unsigned short)
  ok_status(status);
  const Uuid u = a ? read_uuid(a) : Uuid{};
  uint8_t bytes[16];
  std::memcpy(bytes, &u, 16);
  int16_t c0 = 0, c1 = 0;
  for (uint8_t b : bytes) {
    c0 = static_cast<int16_t>(c0 + b);
    c1 = static_cast<int16_t>(c1 + c0);
  }
  int x = -c1 % 255, y = (c1 - c0) % 255;
  if (x < 0) x += 255;
  if (y < 0) y += 255;
  return static_cast<uint32_t>(y * 256 + x);
}

}  // namespace
}  // namespace rpcrt4

const std::vector<Export>& rpcrt4_binding_exports();  // rpcrt4/string_bindings.cpp

namespace {
// Its table: the UUID functions and the folder's others.
std::vector<Export> with_bindings(std::vector<Export> own) {
  const auto& more = rpcrt4_binding_exports();
  own.insert(own.end(), more.begin(), more.end());
  return own;
}
}  // namespace

const Dll kRpcrt4{
    "rpcrt4.dll",
    false,
    with_bindings({
        EXPORT("RpcStringFreeA", rpcrt4::RpcStringFreeA),
        EXPORT("RpcStringFreeW", rpcrt4::RpcStringFreeW),
        EXPORT("UuidCompare", rpcrt4::UuidCompare),
        EXPORT("UuidCreate", rpcrt4::UuidCreate),
        EXPORT("UuidCreateNil", rpcrt4::UuidCreateNil),
        EXPORT("UuidCreateSequential", rpcrt4::UuidCreateSequential),
        EXPORT("UuidEqual", rpcrt4::UuidEqual),
        EXPORT("UuidFromStringA", rpcrt4::UuidFromStringA),
        EXPORT("UuidFromStringW", rpcrt4::UuidFromStringW),
        EXPORT("UuidHash", rpcrt4::UuidHash),
        EXPORT("UuidIsNil", rpcrt4::UuidIsNil),
        EXPORT("UuidToStringA", rpcrt4::UuidToStringA),
        EXPORT("UuidToStringW", rpcrt4::UuidToStringW),
    }),
};

}  // namespace polyrun::shims
