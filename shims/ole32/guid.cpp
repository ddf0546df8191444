// OLE32.dll: GUIDs. CoCreateGuid makes a random (version 4) one; StringFromGUID2 and
// StringFromCLSID write the braced form "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" (upper case, 38
// characters); CLSIDFromString reads it back.
#include <sys/random.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "shims/ole32/com_object.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kCharsInGuid = 39;  // with the NUL

// CoCreateGuid: 122 random bits, the version (4) in Data3's top nibble and the variant (10 in
// binary) in the top bits of Data4[0], as RFC 4122 lays out a random UUID.
int32_t CoCreateGuid(WindowsProcess&, Ptr guid) {
  if (!guid) return com::E_INVALIDARG;
  uint8_t bytes[16];
  size_t done = 0;
  while (done < sizeof bytes) {
    const ssize_t n = ::getrandom(bytes + done, sizeof bytes - done, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return com::E_FAIL;
    done += static_cast<size_t>(n);
  }
  bytes[7] = static_cast<uint8_t>((bytes[7] & 0x0f) | 0x40);  // Data3's high byte
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);
  std::memcpy(guid.as<void>(), bytes, sizeof bytes);
  return com::S_OK;
}

std::u16string guid_string(uint64_t guid) {
  uint8_t b[16];
  std::memcpy(b, guest_pointer(guid), sizeof b);
  char text[kCharsInGuid];
  std::snprintf(text, sizeof text, "{%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X}", b[3], b[2],
                b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return std::u16string(text, text + kCharsInGuid - 1);
}

// StringFromGUID2(guid, buffer, size): the characters written with the NUL (39); 0 when the
// buffer is smaller than that or the GUID is NULL.
int32_t StringFromGUID2(WindowsProcess&, Ptr guid, Ptr buffer, int32_t size) {
  if (!guid || size < static_cast<int32_t>(kCharsInGuid)) return 0;
  const std::u16string s = guid_string(guid.addr);
  std::memcpy(buffer.as<void>(), s.c_str(), kCharsInGuid * 2);
  return static_cast<int32_t>(kCharsInGuid);
}

// StringFromCLSID(clsid, &string): the string in a block freed with CoTaskMemFree.
int32_t StringFromCLSID(WindowsProcess& p, Ptr clsid, Ptr out) {
  const uint64_t block = p.heap.alloc(kCharsInGuid * 2);
  p.put_ptr(out.addr, block);
  if (!block) return com::E_OUTOFMEMORY;
  const std::u16string s = guid_string(clsid.addr);
  std::memcpy(guest_pointer(block), s.c_str(), kCharsInGuid * 2);
  return com::S_OK;
}

int hex_digit(char16_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The braced form, exactly (38 characters, hex digits of either case, the hyphens in place, nothing
// after the brace), into the 16 bytes of `out`.
bool parse_guid(const char16_t* s, uint8_t out[16]) {
  if (s[0] != '{') return false;
  // Where each byte's two digits start, in memory order (Data1..3 little-endian).
  static constexpr int kAt[16] = {7, 5, 3, 1, 12, 10, 17, 15, 20, 22, 25, 27, 29, 31, 33, 35};
  for (int i = 1; i < 37; ++i) {  // (stops at an early NUL: it is no digit and no hyphen)
    const bool hyphen = i == 9 || i == 14 || i == 19 || i == 24;
    if (hyphen ? s[i] != '-' : hex_digit(s[i]) < 0) return false;
  }
  if (s[37] != '}' || s[38] != 0) return false;
  for (int i = 0; i < 16; ++i) out[i] = static_cast<uint8_t>(hex_digit(s[kAt[i]]) << 4 | hex_digit(s[kAt[i] + 1]));
  return true;
}

// CLSIDFromString(string, &clsid): the braced form; NULL is CLSID_NULL. Windows also takes a ProgID
// registered under HKEY_CLASSES_ROOT (ProgID\CLSID); no COM class is registered here, so any other
// string is CO_E_CLASSSTRING, Windows' answer for a string that is neither.
int32_t CLSIDFromString(WindowsProcess&, Ptr s, Ptr clsid) {
  if (!clsid) return com::E_INVALIDARG;
  uint8_t bytes[16] = {};
  if (!s) {
    std::memcpy(clsid.as<void>(), bytes, sizeof bytes);
    return com::S_OK;
  }
  if (!parse_guid(s.as<const char16_t>(), bytes)) return com::CO_E_CLASSSTRING;
  std::memcpy(clsid.as<void>(), bytes, sizeof bytes);
  return com::S_OK;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_guid_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CoCreateGuid", CoCreateGuid),
      EXPORT("StringFromGUID2", StringFromGUID2),
      EXPORT("StringFromCLSID", StringFromCLSID),
      EXPORT("CLSIDFromString", CLSIDFromString),
  };
  return exports;
}

}  // namespace polyrun::shims
