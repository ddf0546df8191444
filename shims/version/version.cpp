// VERSION.dll: a file's version resource (GetFileVersionInfo and its size) and VerQueryValue over
// it. The resource is read from the file without running or mapping it (loader/pe_file_resource.h);
// the DLLs of Windows' system directory, which polyrun serves itself or lacks, answer with the
// version of the Windows polyrun reports (core/windows_version.h), as Windows' own files would.
//
// The block GetFileVersionInfo fills is the resource (a VS_VERSIONINFO tree of nodes: length,
// value length, type, a UTF-16 key, a value and children, each on a 4-byte boundary), and the size
// GetFileVersionInfoSize asks for is twice the resource's plus 4: the second half is where
// VerQueryValueA puts its strings converted to the ANSI code page, after the "FE2X" signature.
#include <sys/stat.h>

#include <cstring>

#include "loader/pe_file_resource.h"
#include "shims/version/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_version.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kRtVersion = 16, kVsVersionInfo = 1;
constexpr uint32_t kFileVerGetLocalised = 1;
constexpr uint32_t kErrorInvalidData = 13, kErrorBadPathname = 161, kErrorResourceDataNotFound = 1812,
                   kErrorResourceTypeNotFound = 1813;
constexpr uint16_t kEnglishUs = 0x409;
constexpr uint32_t kSignature = 0xfeef04bd;  // VS_FIXEDFILEINFO's

bool host_file_exists(const std::string& host) {
  struct stat st;
  return ::stat(host.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// ---- the version resource of a system DLL ----

void append16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}
void align4(std::vector<uint8_t>& out) {
  while (out.size() % 4) out.push_back(0);
}

struct Node {
  std::u16string key;
  bool text = false;
  std::vector<uint8_t> value;  // text: UTF-16 with its NUL
  std::vector<Node> children;
};

void emit(std::vector<uint8_t>& out, const Node& n) {
  align4(out);
  const size_t start = out.size();
  append16(out, 0);
  append16(out, static_cast<uint16_t>(n.text ? n.value.size() / 2 : n.value.size()));
  append16(out, n.text ? 1 : 0);
  for (char16_t c : n.key) append16(out, c);
  append16(out, 0);
  align4(out);
  out.insert(out.end(), n.value.begin(), n.value.end());
  for (const Node& c : n.children) emit(out, c);
  const size_t length = out.size() - start;
  out[start] = static_cast<uint8_t>(length), out[start + 1] = static_cast<uint8_t>(length >> 8);
}

Node text_node(const char16_t* key, const std::string& value) {
  Node n{key, true, {}, {}};
  for (char16_t c : utf8_to_utf16(value)) append16(n.value, c);
  append16(n.value, 0);
  return n;
}

std::vector<uint8_t> system_dll_version(const std::string& file) {
  const WindowsVersion& v = kRealVersion;
  const bool exe = ascii_lower(file).ends_with(".exe");
  const uint32_t ms = v.major << 16 | v.minor, ls = v.build << 16;
  // VS_FIXEDFILEINFO: signature, structure version 1.0, file and product versions, flags mask and
  // flags, VOS_NT_WINDOWS32, VFT_APP or VFT_DLL, no subtype, no date.
  const uint32_t fixed[13] = {kSignature, 0x10000, ms, ls, ms, ls, 0x3f, 0, 0x40004, exe ? 1u : 2u, 0, 0, 0};
  Node root{u"VS_VERSION_INFO", false, {}, {}};
  root.value.resize(sizeof fixed);
  std::memcpy(root.value.data(), fixed, sizeof fixed);
  const std::string version = std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.build) + ".0";
  const std::string stem = file.substr(0, file.rfind('.'));
  Node table{u"040904B0", false, {}, {}};
  table.children = {text_node(u"CompanyName", "Microsoft Corporation"),
                    text_node(u"FileVersion", version),
                    text_node(u"InternalName", stem),
                    text_node(u"OriginalFilename", file),
                    text_node(u"ProductName", "Microsoft\u00ae Windows\u00ae Operating System"),
                    text_node(u"ProductVersion", version)};
  Node strings{u"StringFileInfo", false, {}, {table}};
  Node translation{u"Translation", false, {}, {}};
  append16(translation.value, kEnglishUs);
  append16(translation.value, 1200);  // Unicode
  Node vars{u"VarFileInfo", false, {}, {translation}};
  root.children = {strings, vars};
  std::vector<uint8_t> out;
  emit(out, root);
  return out;
}

// ---- reading the resource ----

// The file's version resource: true with it; false with the last error set.
bool version_resource(WindowsProcess& p, const std::u16string& name, uint32_t flags, std::vector<uint8_t>& data) {
  if (name.empty()) return fail(p, kErrorBadPathname);
  const std::string narrow = utf16_to_utf8(name);
  const DllFile at = find_dll_file(p, narrow);
  if (at.system) {
    std::string file = windows_file_part(narrow);
    if (file.find('.') == std::string::npos) file += ".dll";
    data = system_dll_version(file);
    return true;
  }
  if (!host_file_exists(at.host)) return fail(p, path_error(at.host, ENOENT));
  // FindResourceEx's English first unless the caller asks for the user's language, then
  // FindResource's choice (the neutral language, the user's: en-US here, English, the first).
  std::vector<int32_t> languages = {kEnglishUs, -1};
  if (flags & kFileVerGetLocalised) languages = {-1};
  if (loader::find_pe_file_resource(at.host, kRtVersion, kVsVersionInfo, languages, data) != loader::ResourceLookup::Found ||
      data.size() < 6)
    return fail(p, kErrorResourceDataNotFound);
  return true;
}

uint32_t size_ex(WindowsProcess& p, uint32_t flags, const std::u16string* name, Ptr handle) {
  put<uint32_t>(handle.addr, 0);
  if (!name) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<uint8_t> data;
  if (!version_resource(p, *name, flags, data)) return 0;
  p.set_last_error(0);
  return static_cast<uint32_t>(data.size() * 2 + 4);
}

BOOL info_ex(WindowsProcess& p, uint32_t flags, const std::u16string* name, uint32_t size, Ptr out) {
  if (!out) return fail(p, kErrorInvalidData);
  if (!name) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<uint8_t> data;
  if (!version_resource(p, *name, flags, data)) return FALSE;
  const size_t n = std::min<size_t>(data.size(), size);
  if (n) std::memcpy(guest_pointer(out.addr), data.data(), n);
  const uint16_t length = static_cast<uint16_t>(data[0] | data[1] << 8);
  if (size >= uint32_t{length} + 4) std::memcpy(guest_pointer(out.addr + length), "FE2X", 4);
  p.set_last_error(0);
  return TRUE;
}

std::u16string from_narrow(AStr s) { return s.addr ? ansi_to_utf16(s.bytes()) : std::u16string(); }

uint32_t GetFileVersionInfoSizeExW(WindowsProcess& p, uint32_t flags, WStr name, Ptr handle) {
  std::u16string n = name.str();
  return size_ex(p, flags, name.addr ? &n : nullptr, handle);
}
uint32_t GetFileVersionInfoSizeExA(WindowsProcess& p, uint32_t flags, AStr name, Ptr handle) {
  std::u16string n = from_narrow(name);
  return size_ex(p, flags, name.addr ? &n : nullptr, handle);
}
uint32_t GetFileVersionInfoSizeW(WindowsProcess& p, WStr name, Ptr handle) {
  return GetFileVersionInfoSizeExW(p, kFileVerGetLocalised, name, handle);
}
uint32_t GetFileVersionInfoSizeA(WindowsProcess& p, AStr name, Ptr handle) {
  return GetFileVersionInfoSizeExA(p, kFileVerGetLocalised, name, handle);
}
BOOL GetFileVersionInfoExW(WindowsProcess& p, uint32_t flags, WStr name, uint32_t, uint32_t size, Ptr out) {
  std::u16string n = name.str();
  return info_ex(p, flags, name.addr ? &n : nullptr, size, out);
}
BOOL GetFileVersionInfoExA(WindowsProcess& p, uint32_t flags, AStr name, uint32_t, uint32_t size, Ptr out) {
  std::u16string n = from_narrow(name);
  return info_ex(p, flags, name.addr ? &n : nullptr, size, out);
}
BOOL GetFileVersionInfoW(WindowsProcess& p, WStr name, uint32_t handle, uint32_t size, Ptr out) {
  return GetFileVersionInfoExW(p, kFileVerGetLocalised, name, handle, size, out);
}
BOOL GetFileVersionInfoA(WindowsProcess& p, AStr name, uint32_t handle, uint32_t size, Ptr out) {
  return GetFileVersionInfoExA(p, kFileVerGetLocalised, name, handle, size, out);
}

// ---- VerQueryValue ----

char16_t fold(char16_t c) { return c >= u'a' && c <= u'z' ? static_cast<char16_t>(c - 32) : c; }

// A node of the block in guest memory.
struct VersionNode {
  uint64_t at;
  uint16_t length() const { return get<uint16_t>(at); }
  uint16_t value_length() const { return get<uint16_t>(at + 2); }
  bool text() const { return get<uint16_t>(at + 4) == 1; }
  uint64_t key() const { return at + 6; }
  size_t key_chars() const {
    size_t n = 0;
    while (get<uint16_t>(key() + 2 * n)) ++n;
    return n;
  }
  uint64_t value() const { return (key() + 2 * (key_chars() + 1) + 3) & ~uint64_t{3}; }
  uint64_t children() const { return (value() + uint64_t{value_length()} * (text() ? 2 : 1) + 3) & ~uint64_t{3}; }
  bool key_is(const std::u16string& k) const {
    for (size_t i = 0; i < k.size(); ++i)
      if (fold(static_cast<char16_t>(get<uint16_t>(key() + 2 * i))) != fold(k[i])) return false;
    return get<uint16_t>(key() + 2 * k.size()) == 0;
  }
};

// Walks `path`'s components ('\\'-separated, empty ones skipped) from the root at `block`.
bool query(WindowsProcess& p, uint64_t block, const std::u16string& path, VersionNode& found) {
  VersionNode node{block};
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == u'\\') {
      ++i;
      continue;
    }
    const size_t end = std::min(path.find(u'\\', i), path.size());
    const std::u16string key = path.substr(i, end - i);
    const uint64_t limit = node.at + node.length();
    bool matched = false;
    for (uint64_t c = node.children(); c < limit;) {
      VersionNode child{c};
      if (child.key_is(key)) {
        node = child;
        matched = true;
        break;
      }
      if (!child.length()) break;
      c += (child.length() + 3u) & ~3u;
    }
    if (!matched) return fail(p, kErrorResourceTypeNotFound);
    i = end;
  }
  found = node;
  return true;
}

// The value's address: the key's NUL for an empty one.
uint64_t value_address(const VersionNode& n) {
  const uint64_t v = n.value();
  return v >= n.at + n.length() ? n.key() + 2 * n.key_chars() : v;
}

BOOL VerQueryValueW(WindowsProcess& p, Ptr block, WStr sub, Ptr buffer, Ptr length) {
  if (!block) return FALSE;
  std::u16string path = sub.addr ? sub.str() : u"";
  if (path.empty()) path = u"\\";
  VersionNode n{0};
  if (!query(p, block.addr, path, n)) {
    put<uint32_t>(length.addr, 0);
    return FALSE;
  }
  p.put_ptr(buffer.addr, value_address(n));
  put<uint32_t>(length.addr, n.value_length());
  return TRUE;
}

// The ANSI form: a text value is converted into the block's second half, at the same offset as in
// the first; the length is then in bytes, with the NUL.
BOOL VerQueryValueA(WindowsProcess& p, Ptr block, AStr sub, Ptr buffer, Ptr length) {
  if (!block) return FALSE;
  std::u16string path = sub.addr ? from_narrow(sub) : u"";
  if (path.empty()) path = u"\\";
  VersionNode n{0};
  if (!query(p, block.addr, path, n)) {
    put<uint32_t>(length.addr, 0);
    return FALSE;
  }
  uint64_t value = value_address(n);
  uint32_t len = n.value_length();
  if (n.text()) {
    const uint16_t root_length = VersionNode{block.addr}.length();
    const uint64_t pos = value - block.addr;
    std::u16string w(len, u'\0');
    for (uint32_t i = 0; i < len; ++i) w[i] = static_cast<char16_t>(get<uint16_t>(value + 2 * i));
    std::string a = utf16_to_ansi(w);
    const uint64_t room = pos < root_length ? root_length - pos : 0;
    if (a.size() > room) a.resize(room);
    value = block.addr + root_length + 4 + pos;
    if (!a.empty()) std::memcpy(guest_pointer(value), a.data(), a.size());
    len = static_cast<uint32_t>(a.size());
  }
  p.put_ptr(buffer.addr, value);
  put<uint32_t>(length.addr, len);
  return TRUE;
}

}  // namespace

const Dll kVersionDll{
    "version.dll",
    false,
    {
        EXPORT("GetFileVersionInfoA", GetFileVersionInfoA),
        EXPORT("GetFileVersionInfoExA", GetFileVersionInfoExA),
        EXPORT("GetFileVersionInfoExW", GetFileVersionInfoExW),
        EXPORT("GetFileVersionInfoSizeA", GetFileVersionInfoSizeA),
        EXPORT("GetFileVersionInfoSizeExA", GetFileVersionInfoSizeExA),
        EXPORT("GetFileVersionInfoSizeExW", GetFileVersionInfoSizeExW),
        EXPORT("GetFileVersionInfoSizeW", GetFileVersionInfoSizeW),
        EXPORT("GetFileVersionInfoW", GetFileVersionInfoW),
        EXPORT("VerQueryValueA", VerQueryValueA),
        EXPORT("VerQueryValueW", VerQueryValueW),
    },
};

}  // namespace polyrun::shims
