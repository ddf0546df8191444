// OLE32.dll: GUIDs. CoCreateGuid makes a random (version 4) one; StringFromGUID2, StringFromCLSID
// and StringFromIID write the braced form "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" (upper case, 38
// characters); CLSIDFromString and IIDFromString read it back; IsEqualGUID compares two. ProgIDs
// are HKEY_CLASSES_ROOT's: ProgID\CLSID names a class (CLSIDFromProgID), CLSID\{clsid}\ProgID a
// class's ProgID (ProgIDFromCLSID).
#include <sys/random.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "shims/ole32/com_object.h"
#include "shims/ole32/ole32_internal.h"
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

}  // namespace

std::u16string ole32::guid_text(const GuidBytes& g) {
  const uint8_t* b = g.data();
  char text[kCharsInGuid];
  std::snprintf(text, sizeof text, "{%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X}", b[3], b[2],
                b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return std::u16string(text, text + kCharsInGuid - 1);
}

std::u16string ole32::guid_text(uint64_t guid) { return guid_text(ole32::read_guid(guid)); }

namespace {

std::u16string guid_string(uint64_t guid) { return ole32::guid_text(guid); }

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

}  // namespace

// The braced form, exactly (38 characters, hex digits of either case, the hyphens in place, nothing
// after the brace), into the 16 bytes of `out`.
bool ole32::parse_guid(const char16_t* s, uint8_t out[16]) {
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

namespace {

using ole32::parse_guid;
using ole32::read_wide;

// The class a ProgID names: HKEY_CLASSES_ROOT\ProgID\CLSID's default value, a braced CLSID;
// CO_E_CLASSSTRING when the key, its value or the CLSID in it is missing or malformed.
int32_t clsid_of_progid(WindowsProcess& p, const std::u16string& progid, uint8_t out[16]) {
  std::memset(out, 0, 16);
  const auto value = ole32::classes_string(p, progid + u"\\CLSID");
  if (!value) return com::CO_E_CLASSSTRING;
  return parse_guid(value->c_str(), out) ? com::S_OK : com::CO_E_CLASSSTRING;
}

// CLSIDFromString(string, &clsid): the braced form; NULL is CLSID_NULL; another string is taken as
// a ProgID registered under HKEY_CLASSES_ROOT (ProgID\CLSID), CO_E_CLASSSTRING when it is not one.
int32_t CLSIDFromString(WindowsProcess& p, Ptr s, Ptr clsid) {
  if (!clsid) return com::E_INVALIDARG;
  uint8_t bytes[16] = {};
  if (!s) {
    std::memcpy(clsid.as<void>(), bytes, sizeof bytes);
    return com::S_OK;
  }
  if (!parse_guid(s.as<const char16_t>(), bytes)) {
    const int32_t hr = clsid_of_progid(p, read_wide(s.addr), bytes);
    if (com::failed(hr)) return hr;
  }
  std::memcpy(clsid.as<void>(), bytes, sizeof bytes);
  return com::S_OK;
}

// IIDFromString(string, &iid): the braced form (NULL: IID_NULL); a string of another length than
// 38 characters is E_INVALIDARG, one of that length not in the form CO_E_IIDSTRING.
int32_t IIDFromString(WindowsProcess&, Ptr s, Ptr iid) {
  uint8_t bytes[16] = {};
  if (!s) {
    std::memcpy(iid.as<void>(), bytes, sizeof bytes);
    return com::S_OK;
  }
  if (read_wide(s.addr).size() != kCharsInGuid - 1) return com::E_INVALIDARG;
  if (!parse_guid(s.as<const char16_t>(), bytes)) return ole32::CO_E_IIDSTRING;
  std::memcpy(iid.as<void>(), bytes, sizeof bytes);
  return com::S_OK;
}

// IsEqualGUID(a, b): TRUE when the 16 bytes are the same.
int32_t IsEqualGUID(WindowsProcess&, Ptr a, Ptr b) { return std::memcmp(a.as<void>(), b.as<void>(), 16) == 0; }

// CLSIDFromProgID(progid, &clsid): the class HKEY_CLASSES_ROOT\progid\CLSID names (CLSID_NULL and
// CO_E_CLASSSTRING when it is not registered); E_INVALIDARG without either argument. The Ex form
// is the same here: its one difference on Windows, looking a ProgID up in the component
// categories, adds nothing without categories registered.
int32_t CLSIDFromProgID(WindowsProcess& p, Ptr progid, Ptr clsid) {
  if (!progid || !clsid) return com::E_INVALIDARG;
  uint8_t bytes[16];
  const int32_t hr = clsid_of_progid(p, read_wide(progid.addr), bytes);
  std::memcpy(clsid.as<void>(), bytes, sizeof bytes);
  return hr;
}

// ProgIDFromCLSID(clsid, &progid): HKEY_CLASSES_ROOT\CLSID\{clsid}\ProgID's default value in a
// block of the task allocator; REGDB_E_CLASSNOTREG without the class's key, its ProgID key or the
// value; E_INVALIDARG without the out-parameter.
int32_t ProgIDFromCLSID(WindowsProcess& p, Ptr clsid, Ptr out) {
  if (!out) return com::E_INVALIDARG;
  p.put_ptr(out.addr, 0);
  uint64_t key = 0;
  const int32_t hr = ole32::open_clsid_key(p, ole32::read_guid(clsid.addr), u"ProgID", key);
  if (hr == ole32::REGDB_E_KEYMISSING) return com::REGDB_E_CLASSNOTREG;
  if (com::failed(hr)) return hr;
  std::u16string value;
  const uint32_t rc = ole32::reg_string(p, key, u"", value);
  ole32::reg_close(p, key);
  if (rc != 0) return com::REGDB_E_CLASSNOTREG;
  const uint64_t block = ole32::task_wide(p, value);
  if (!block) return com::E_OUTOFMEMORY;
  p.put_ptr(out.addr, block);
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
      EXPORT("StringFromIID", StringFromCLSID),
      EXPORT("IIDFromString", IIDFromString),
      EXPORT("IsEqualGUID", IsEqualGUID),
      EXPORT("CLSIDFromProgID", CLSIDFromProgID),
      EXPORT("CLSIDFromProgIDEx", CLSIDFromProgID),
      EXPORT("ProgIDFromCLSID", ProgIDFromCLSID),
  };
  return exports;
}

}  // namespace polyrun::shims
