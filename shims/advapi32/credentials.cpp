// ADVAPI32.dll, the Credential Manager of this user: CredWrite, CredRead, CredEnumerate, CredDelete,
// CredReadDomainCredentials and CredFree over a store in the user's data directory
// ($XDG_DATA_HOME/polyrun/credentials, readable by the user alone, as Windows keeps a user's
// vault in the user's profile); credentials persisted for the session (CRED_PERSIST_SESSION) last
// as long as the host's boot, the logon session they belong to. CredMarshalCredential and its
// inverse write a certificate's hash or a user name as the "@@" strings LogonUser takes, in the
// Credential Manager's 64-character alphabet. What CredRead and CredEnumerate return is one block
// of the process heap each (CredFree frees it).
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_credentials {

constexpr uint32_t kErrorInvalidFlags = 1004, kErrorNotFound = 1168, kErrorBadUsername = 2202, kErrorNoSuchLogonSession = 1312;
constexpr uint32_t CRED_TYPE_GENERIC = 1, CRED_TYPE_DOMAIN_PASSWORD = 2, CRED_TYPE_MAXIMUM = 7,
                   CRED_PERSIST_SESSION = 1, CRED_PERSIST_ENTERPRISE = 3, CRED_MAX_BLOB = 5 * 512,
                   CRED_PRESERVE_CREDENTIAL_BLOB = 1;

struct Attribute {
  std::string keyword;
  uint32_t flags = 0;
  std::vector<uint8_t> value;
};
struct Credential {
  uint32_t flags = 0, type = 0, persist = 0;
  std::string target, comment, alias, user, boot;
  uint64_t written = 0;
  std::vector<uint8_t> blob;
  std::vector<Attribute> attributes;
};

// ---- the store ----

std::string store_path() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const std::string dir = (xdg && *xdg == '/' ? std::string(xdg) : host_home_directory() + "/.local/share") +
                          "/polyrun/credentials";
  for (size_t slash = dir.find('/', 1); slash != std::string::npos; slash = dir.find('/', slash + 1))
    ::mkdir(dir.substr(0, slash).c_str(), 0700);
  ::mkdir(dir.c_str(), 0700);
  return dir + "/store";
}
std::string boot_id() {
  std::ifstream f("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(f, id);
  return id;
}

struct Writer {
  std::string b;
  void u32(uint32_t v) { b.append(reinterpret_cast<const char*>(&v), 4); }
  void u64(uint64_t v) { b.append(reinterpret_cast<const char*>(&v), 8); }
  void str(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    b += s;
  }
  void bytes(const std::vector<uint8_t>& v) { str(std::string(v.begin(), v.end())); }
};
struct Reader {
  const std::string& b;
  size_t at = 0;
  bool ok = true;
  uint32_t u32() {
    uint32_t v = 0;
    if (at + 4 > b.size()) return ok = false, 0;
    std::memcpy(&v, b.data() + at, 4);
    at += 4;
    return v;
  }
  uint64_t u64() {
    uint64_t v = 0;
    if (at + 8 > b.size()) return ok = false, 0;
    std::memcpy(&v, b.data() + at, 8);
    at += 8;
    return v;
  }
  std::string str() {
    const uint32_t n = u32();
    if (!ok || at + n > b.size()) return ok = false, std::string();
    std::string s = b.substr(at, n);
    at += n;
    return s;
  }
  std::vector<uint8_t> bytes() {
    const std::string s = str();
    return std::vector<uint8_t>(s.begin(), s.end());
  }
};

std::vector<Credential> load() {
  std::ifstream in(store_path(), std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  const std::string b = s.str();
  Reader r{b};
  std::vector<Credential> out;
  const std::string boot = boot_id();
  while (r.ok && r.at < b.size()) {
    Credential c;
    c.flags = r.u32();
    c.type = r.u32();
    c.persist = r.u32();
    c.target = r.str();
    c.comment = r.str();
    c.alias = r.str();
    c.user = r.str();
    c.boot = r.str();
    c.written = r.u64();
    c.blob = r.bytes();
    const uint32_t n = r.u32();
    for (uint32_t i = 0; r.ok && i < n; ++i) {
      Attribute a;
      a.keyword = r.str();
      a.flags = r.u32();
      a.value = r.bytes();
      c.attributes.push_back(a);
    }
    if (!r.ok) break;
    if (c.persist == CRED_PERSIST_SESSION && c.boot != boot) continue;  // (a past logon's)
    out.push_back(c);
  }
  return out;
}
bool save(const std::vector<Credential>& creds) {
  Writer w;
  for (const Credential& c : creds) {
    w.u32(c.flags);
    w.u32(c.type);
    w.u32(c.persist);
    w.str(c.target);
    w.str(c.comment);
    w.str(c.alias);
    w.str(c.user);
    w.str(c.boot);
    w.u64(c.written);
    w.bytes(c.blob);
    w.u32(static_cast<uint32_t>(c.attributes.size()));
    for (const Attribute& a : c.attributes) {
      w.str(a.keyword);
      w.u32(a.flags);
      w.bytes(a.value);
    }
  }
  const std::string path = store_path(), tmp = path + ".new";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < w.b.size()) {
    const ssize_t n = ::write(fd, w.b.data() + done, w.b.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  if (done != w.b.size() || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

// The store's lock (an flock of store.lock), held across a read, change and write of the store:
// other processes of the user change it too.
struct StoreLock {
  int fd;
  StoreLock() : fd(::open((store_path() + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd >= 0) ::flock(fd, LOCK_EX);
  }
  ~StoreLock() {
    if (fd >= 0) ::close(fd);
  }
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;
};

bool same_target(const std::string& a, const std::string& b) { return utf8_to_utf16(a).size() == utf8_to_utf16(b).size() && ascii_lower(a) == ascii_lower(b); }

// ---- CREDENTIAL in guest memory ----
//
// CREDENTIAL: Flags, Type, TargetName, Comment, LastWritten, CredentialBlobSize, CredentialBlob,
// Persist, AttributeCount, Attributes, TargetAlias, UserName (80 bytes for 64-bit programs, 52 for
// 32-bit ones); CREDENTIAL_ATTRIBUTE: Keyword, Flags, ValueSize, Value.
struct Shape {
  unsigned ps;
  uint32_t size() const { return ps == 8 ? 80 : 52; }
  uint32_t target() const { return 8; }
  uint32_t comment() const { return ps == 8 ? 16 : 12; }
  uint32_t written() const { return ps == 8 ? 24 : 16; }
  uint32_t blob_size() const { return ps == 8 ? 32 : 24; }
  uint32_t blob() const { return ps == 8 ? 40 : 28; }
  uint32_t persist() const { return ps == 8 ? 48 : 32; }
  uint32_t attr_count() const { return ps == 8 ? 52 : 36; }
  uint32_t attrs() const { return ps == 8 ? 56 : 40; }
  uint32_t alias() const { return ps == 8 ? 64 : 44; }
  uint32_t user() const { return ps == 8 ? 72 : 48; }
  uint32_t attr_size() const { return ps == 8 ? 24 : 16; }
};

std::string guest_string(uint64_t at, bool wide) {
  if (!at) return "";
  return wide ? utf16_to_utf8(reinterpret_cast<const char16_t*>(guest_pointer(at)))
              : ansi_to_utf8(reinterpret_cast<const char*>(guest_pointer(at)));
}

// A block being laid out: the structures first, then the strings and bytes they point to.
struct Block {
  WindowsProcess& p;
  bool wide;
  std::vector<uint8_t> b;
  std::vector<std::pair<size_t, size_t>> fixups;
  size_t reserve(size_t n) {
    while (b.size() % 8) b.push_back(0);
    const size_t at = b.size();
    b.resize(b.size() + n);
    return at;
  }
  void ptr_to(size_t field, size_t to) { fixups.push_back({field, to}); }
  void text(size_t field, const std::string& s, bool always = false) {
    if (s.empty() && !always) return;
    std::vector<uint8_t> x;
    if (wide) {
      const std::u16string w = utf8_to_utf16(s);
      x.assign(reinterpret_cast<const uint8_t*>(w.c_str()), reinterpret_cast<const uint8_t*>(w.c_str()) + (w.size() + 1) * 2);
    } else {
      const std::string a = utf8_to_ansi(s);
      x.assign(a.begin(), a.end());
      x.push_back(0);
    }
    const size_t at = reserve(x.size());
    std::memcpy(b.data() + at, x.data(), x.size());
    ptr_to(field, at);
  }
  void bytes(size_t field, const std::vector<uint8_t>& v) {
    if (v.empty()) return;
    const size_t at = reserve(v.size());
    std::memcpy(b.data() + at, v.data(), v.size());
    ptr_to(field, at);
  }
  void u32(size_t at, uint32_t v) { std::memcpy(b.data() + at, &v, 4); }
  void u64(size_t at, uint64_t v) { std::memcpy(b.data() + at, &v, 8); }
  uint64_t place() {
    const uint64_t at = p.heap.alloc(b.empty() ? 1 : b.size(), true);
    if (!at) return 0;
    std::memcpy(guest_pointer(at), b.data(), b.size());
    for (const auto& [field, to] : fixups) p.put_ptr(at + field, at + to);
    return at;
  }
};

void lay_out(Block& blk, size_t at, const Credential& c) {
  const Shape s{blk.p.isa->ptr};
  blk.u32(at, c.flags);
  blk.u32(at + 4, c.type);
  blk.text(at + s.target(), c.target, true);
  blk.text(at + s.comment(), c.comment);
  blk.u64(at + s.written(), c.written);
  blk.u32(at + s.blob_size(), static_cast<uint32_t>(c.blob.size()));
  blk.bytes(at + s.blob(), c.blob);
  blk.u32(at + s.persist(), c.persist);
  blk.u32(at + s.attr_count(), static_cast<uint32_t>(c.attributes.size()));
  if (!c.attributes.empty()) {
    const size_t attrs = blk.reserve(s.attr_size() * c.attributes.size());
    blk.ptr_to(at + s.attrs(), attrs);
    for (size_t i = 0; i < c.attributes.size(); ++i) {
      const size_t a = attrs + s.attr_size() * i;
      blk.text(a, c.attributes[i].keyword, true);
      blk.u32(a + s.ps, c.attributes[i].flags);
      blk.u32(a + s.ps + 4, static_cast<uint32_t>(c.attributes[i].value.size()));
      blk.bytes(a + s.ps + 8, c.attributes[i].value);
    }
  }
  blk.text(at + s.alias(), c.alias);
  blk.text(at + s.user(), c.user);
}

// ---- the functions ----

BOOL cred_write(WindowsProcess& p, Ptr in, uint32_t flags, bool wide) {
  if (!in) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags & ~CRED_PRESERVE_CREDENTIAL_BLOB) return fail(p, kErrorInvalidFlags);
  const Shape s{p.isa->ptr};
  Credential c;
  c.flags = get<uint32_t>(in.addr);
  c.type = get<uint32_t>(in.addr + 4);
  c.target = guest_string(p.get_ptr(in.addr + s.target()), wide);
  c.comment = guest_string(p.get_ptr(in.addr + s.comment()), wide);
  c.persist = get<uint32_t>(in.addr + s.persist());
  c.alias = guest_string(p.get_ptr(in.addr + s.alias()), wide);
  c.user = guest_string(p.get_ptr(in.addr + s.user()), wide);
  const uint32_t blob_size = get<uint32_t>(in.addr + s.blob_size());
  const uint64_t blob = p.get_ptr(in.addr + s.blob());
  if (c.type == 0 || c.type >= CRED_TYPE_MAXIMUM || !p.get_ptr(in.addr + s.target()) || c.target.empty())
    return fail(p, ERROR_INVALID_PARAMETER);
  if (c.persist < CRED_PERSIST_SESSION || c.persist > CRED_PERSIST_ENTERPRISE) return fail(p, ERROR_INVALID_PARAMETER);
  if (blob_size > CRED_MAX_BLOB || (blob_size && !blob)) return fail(p, ERROR_INVALID_PARAMETER);
  if (c.type == CRED_TYPE_DOMAIN_PASSWORD && c.user.empty()) return fail(p, kErrorBadUsername);
  if (blob_size) c.blob.assign(static_cast<const uint8_t*>(guest_pointer(blob)), static_cast<const uint8_t*>(guest_pointer(blob)) + blob_size);
  const uint32_t n = get<uint32_t>(in.addr + s.attr_count());
  const uint64_t attrs = p.get_ptr(in.addr + s.attrs());
  if (n > 64 || (n && !attrs)) return fail(p, ERROR_INVALID_PARAMETER);
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t a = attrs + s.attr_size() * i;
    Attribute x;
    x.keyword = guest_string(p.get_ptr(a), wide);
    x.flags = get<uint32_t>(a + s.ps);
    const uint32_t size = get<uint32_t>(a + s.ps + 4);
    const uint64_t value = p.get_ptr(a + s.ps + 8);
    if (size > 256 || (size && !value)) return fail(p, ERROR_INVALID_PARAMETER);
    if (size) x.value.assign(static_cast<const uint8_t*>(guest_pointer(value)), static_cast<const uint8_t*>(guest_pointer(value)) + size);
    c.attributes.push_back(x);
  }
  c.written = filetime_now();
  if (c.persist == CRED_PERSIST_SESSION) c.boot = boot_id();
  StoreLock lock;
  std::vector<Credential> all = load();
  for (auto it = all.begin(); it != all.end(); ++it)
    if (it->type == c.type && same_target(it->target, c.target)) {
      if ((flags & CRED_PRESERVE_CREDENTIAL_BLOB) && c.blob.empty()) c.blob = it->blob;
      all.erase(it);
      break;
    }
  all.push_back(c);
  if (!save(all)) return fail(p, kErrorNoSuchLogonSession);
  return TRUE;
}
BOOL CredWriteW(WindowsProcess& p, Ptr in, uint32_t flags) { return cred_write(p, in, flags, true); }
BOOL CredWriteA(WindowsProcess& p, Ptr in, uint32_t flags) { return cred_write(p, in, flags, false); }

BOOL cred_read(WindowsProcess& p, const std::string& target, bool given, uint32_t type, uint32_t flags, Ptr out, bool wide) {
  if (!given || !out || type == 0 || type >= CRED_TYPE_MAXIMUM) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags) return fail(p, kErrorInvalidFlags);
  for (const Credential& c : load())
    if (c.type == type && same_target(c.target, target)) {
      Block blk{p, wide, {}, {}};
      lay_out(blk, blk.reserve(Shape{p.isa->ptr}.size()), c);
      const uint64_t at = blk.place();
      if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
      p.put_ptr(out.addr, at);
      return TRUE;
    }
  return fail(p, kErrorNotFound);
}
BOOL CredReadW(WindowsProcess& p, WStr target, uint32_t type, uint32_t flags, Ptr out) {
  return cred_read(p, utf16_to_utf8(target.str()), target.addr, type, flags, out, true);
}
BOOL CredReadA(WindowsProcess& p, AStr target, uint32_t type, uint32_t flags, Ptr out) {
  return cred_read(p, target.str(), target.addr, type, flags, out, false);
}

BOOL cred_delete(WindowsProcess& p, const std::string& target, bool given, uint32_t type, uint32_t flags) {
  if (!given || type == 0 || type >= CRED_TYPE_MAXIMUM) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags) return fail(p, kErrorInvalidFlags);
  StoreLock lock;
  std::vector<Credential> all = load();
  for (auto it = all.begin(); it != all.end(); ++it)
    if (it->type == type && same_target(it->target, target)) {
      all.erase(it);
      if (!save(all)) return fail(p, kErrorNoSuchLogonSession);
      return TRUE;
    }
  return fail(p, kErrorNotFound);
}
BOOL CredDeleteW(WindowsProcess& p, WStr target, uint32_t type, uint32_t flags) {
  return cred_delete(p, utf16_to_utf8(target.str()), target.addr, type, flags);
}
BOOL CredDeleteA(WindowsProcess& p, AStr target, uint32_t type, uint32_t flags) {
  return cred_delete(p, target.str(), target.addr, type, flags);
}

// An array of pointers to credentials, and the credentials, in one block.
BOOL give_list(WindowsProcess& p, const std::vector<Credential>& list, Ptr count, Ptr out, bool wide) {
  if (list.empty()) return fail(p, kErrorNotFound);
  const Shape s{p.isa->ptr};
  Block blk{p, wide, {}, {}};
  const size_t pointers = blk.reserve(s.ps * list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    const size_t at = blk.reserve(s.size());
    blk.ptr_to(pointers + s.ps * i, at);
    lay_out(blk, at, list[i]);
  }
  const uint64_t at = blk.place();
  if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  put<uint32_t>(count.addr, static_cast<uint32_t>(list.size()));
  p.put_ptr(out.addr, at);
  return TRUE;
}

// CredEnumerate: all, or those whose target matches a filter ("prefix*").
BOOL cred_enumerate(WindowsProcess& p, const std::string& filter, bool given, uint32_t flags, Ptr count, Ptr out, bool wide) {
  if (!count || !out) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags & ~1u) return fail(p, kErrorInvalidFlags);  // (CRED_ENUMERATE_ALL_CREDENTIALS)
  if (given && (flags & 1)) return fail(p, kErrorInvalidFlags);
  std::vector<Credential> list;
  for (const Credential& c : load()) {
    if (given && !filter.empty()) {
      const bool star = filter.back() == '*';
      const std::string prefix = ascii_lower(star ? filter.substr(0, filter.size() - 1) : filter);
      const std::string t = ascii_lower(c.target);
      if (star ? t.compare(0, prefix.size(), prefix) != 0 : t != prefix) continue;
    }
    list.push_back(c);
  }
  return give_list(p, list, count, out, wide);
}
BOOL CredEnumerateW(WindowsProcess& p, WStr filter, uint32_t flags, Ptr count, Ptr out) {
  return cred_enumerate(p, utf16_to_utf8(filter.str()), filter.addr, flags, count, out, true);
}
BOOL CredEnumerateA(WindowsProcess& p, AStr filter, uint32_t flags, Ptr count, Ptr out) {
  return cred_enumerate(p, filter.str(), filter.addr, flags, count, out, false);
}

// CredReadDomainCredentials: the domain credentials (types 2 … 6) for a target's names
// (CREDENTIAL_TARGET_INFORMATION: TargetName, NetbiosServerName, DnsServerName, NetbiosDomainName,
// DnsDomainName …).
BOOL read_domain(WindowsProcess& p, Ptr info, uint32_t flags, Ptr count, Ptr out, bool wide) {
  if (!info || !count || !out) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags & ~1u) return fail(p, kErrorInvalidFlags);
  std::vector<std::string> names;
  for (unsigned i = 0; i < 5; ++i) {
    const std::string n = guest_string(p.get_ptr(info.addr + i * p.isa->ptr), wide);
    if (!n.empty()) names.push_back(n);
  }
  if (names.empty()) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<Credential> list;
  for (const Credential& c : load()) {
    if (c.type < CRED_TYPE_DOMAIN_PASSWORD) continue;
    for (const std::string& n : names)
      if (same_target(c.target, n)) {
        list.push_back(c);
        break;
      }
  }
  return give_list(p, list, count, out, wide);
}
BOOL CredReadDomainCredentialsW(WindowsProcess& p, Ptr info, uint32_t flags, Ptr count, Ptr out) {
  return read_domain(p, info, flags, count, out, true);
}
BOOL CredReadDomainCredentialsA(WindowsProcess& p, Ptr info, uint32_t flags, Ptr count, Ptr out) {
  return read_domain(p, info, flags, count, out, false);
}

void CredFree(WindowsProcess& p, Ptr buffer) {
  if (buffer) p.heap.free(buffer.addr);
}

// CredGetSessionTypes: how long each type may persist in this logon session (generic and domain
// password credentials: CRED_PERSIST_ENTERPRISE; the others, which need a domain: none).
BOOL CredGetSessionTypes(WindowsProcess& p, uint32_t count, Ptr persists) {
  if (!persists && count) return fail(p, ERROR_INVALID_PARAMETER);
  for (uint32_t i = 0; i < count; ++i)
    put<uint32_t>(persists.addr + 4 * i, i == CRED_TYPE_GENERIC || i == CRED_TYPE_DOMAIN_PASSWORD ? CRED_PERSIST_ENTERPRISE : 0);
  return TRUE;
}

// ---- marshaled credentials: "@@" and the type's letter, then the data six bits a character ----

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789#-";
constexpr uint32_t CertCredential = 1, UsernameTargetCredential = 2;

std::string encode(const uint8_t* b, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; i += 3) {
    const uint32_t x = b[i] | (i + 1 < n ? b[i + 1] << 8 : 0) | (i + 2 < n ? b[i + 2] << 16 : 0);
    const size_t chars = n - i >= 3 ? 4 : n - i + 1;
    for (size_t k = 0; k < chars; ++k) out += kAlphabet[(x >> (6 * k)) & 0x3f];
  }
  return out;
}
int value_of(char16_t c) {
  for (int i = 0; i < 64; ++i)
    if (kAlphabet[i] == c) return i;
  return -1;
}
bool decode(const std::u16string& s, std::vector<uint8_t>& out) {
  out.clear();
  if (s.size() % 4 == 1) return false;
  for (size_t i = 0; i < s.size(); i += 4) {
    const size_t chars = s.size() - i >= 4 ? 4 : s.size() - i;
    uint32_t x = 0;
    for (size_t k = 0; k < chars; ++k) {
      const int v = value_of(s[i + k]);
      if (v < 0) return false;
      x |= static_cast<uint32_t>(v) << (6 * k);
    }
    for (size_t k = 0; k + 1 < chars; ++k) out.push_back(static_cast<uint8_t>(x >> (8 * k)));
  }
  return true;
}

BOOL marshal(WindowsProcess& p, uint32_t type, Ptr cred, Ptr out, bool wide) {
  if (!cred || !out) return fail(p, ERROR_INVALID_PARAMETER);
  std::string s = "@@";
  s += static_cast<char>('A' + type);
  if (type == CertCredential) {
    // CERT_CREDENTIAL_INFO: cbSize, rgbHashOfCert[20].
    if (get<uint32_t>(cred.addr) < 24) return fail(p, ERROR_INVALID_PARAMETER);
    s += encode(static_cast<const uint8_t*>(guest_pointer(cred.addr + 4)), 20);
  } else if (type == UsernameTargetCredential) {
    // USERNAME_TARGET_CREDENTIAL_INFO: UserName.
    const uint64_t name = p.get_ptr(cred.addr);
    const std::u16string n = name ? std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(name))) : u"";
    if (n.empty()) return fail(p, ERROR_INVALID_PARAMETER);
    const uint32_t size = static_cast<uint32_t>(n.size() * 2);
    s += encode(reinterpret_cast<const uint8_t*>(&size), 4);
    s += encode(reinterpret_cast<const uint8_t*>(n.data()), size);
  } else {
    return fail(p, ERROR_INVALID_PARAMETER);
  }
  const std::u16string w = utf8_to_utf16(s);
  const size_t bytes = wide ? (w.size() + 1) * 2 : s.size() + 1;
  const uint64_t at = p.heap.alloc(bytes, false);
  if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  std::memcpy(guest_pointer(at), wide ? static_cast<const void*>(w.c_str()) : static_cast<const void*>(s.c_str()), bytes);
  p.put_ptr(out.addr, at);
  return TRUE;
}
BOOL CredMarshalCredentialW(WindowsProcess& p, uint32_t type, Ptr cred, Ptr out) { return marshal(p, type, cred, out, true); }
BOOL CredMarshalCredentialA(WindowsProcess& p, uint32_t type, Ptr cred, Ptr out) { return marshal(p, type, cred, out, false); }

// The type and data of a marshaled credential, or false.
bool parse_marshaled(const std::u16string& s, uint32_t& type, std::vector<uint8_t>& data) {
  if (s.size() < 4 || s[0] != u'@' || s[1] != u'@') return false;
  const int t = value_of(s[2]);
  if (t < 0) return false;
  type = static_cast<uint32_t>(t);
  const std::u16string body = s.substr(3);
  if (type == CertCredential) return body.size() == 27 && decode(body, data) && data.size() == 20;
  if (type == UsernameTargetCredential) {
    std::vector<uint8_t> size_bytes;
    if (body.size() < 9 || !decode(body.substr(0, 6), size_bytes) || size_bytes.size() < 4) return false;
    uint32_t size;
    std::memcpy(&size, size_bytes.data(), 4);
    if (!size || size % 2 || body.size() - 6 != (size * 4 + 2) / 3) return false;
    return decode(body.substr(6), data) && data.size() == size;
  }
  return false;
}

BOOL unmarshal(WindowsProcess& p, const std::u16string& s, bool given, Ptr type, Ptr out) {
  uint32_t t = 0;
  std::vector<uint8_t> data;
  if (!given || !type || !out || !parse_marshaled(s, t, data)) return fail(p, ERROR_INVALID_PARAMETER);
  uint64_t at;
  if (t == CertCredential) {
    at = p.heap.alloc(24, true);
    if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    put<uint32_t>(at, 24);
    std::memcpy(guest_pointer(at + 4), data.data(), 20);
  } else {
    const unsigned ps = p.isa->ptr;
    at = p.heap.alloc(ps + data.size() + 2, true);
    if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    std::memcpy(guest_pointer(at + ps), data.data(), data.size());
    p.put_ptr(at, at + ps);
  }
  put<uint32_t>(type.addr, t);
  p.put_ptr(out.addr, at);
  return TRUE;
}
BOOL CredUnmarshalCredentialW(WindowsProcess& p, WStr s, Ptr type, Ptr out) { return unmarshal(p, s.str(), s.addr, type, out); }
BOOL CredUnmarshalCredentialA(WindowsProcess& p, AStr s, Ptr type, Ptr out) {
  return unmarshal(p, utf8_to_utf16(s.str()), s.addr, type, out);
}
BOOL is_marshaled(WindowsProcess& p, const std::u16string& s) {
  uint32_t t;
  std::vector<uint8_t> data;
  if (parse_marshaled(s, t, data)) return TRUE;
  return fail(p, ERROR_INVALID_PARAMETER);
}
BOOL CredIsMarshaledCredentialW(WindowsProcess& p, WStr s) { return is_marshaled(p, s.str()); }
BOOL CredIsMarshaledCredentialA(WindowsProcess& p, AStr s) { return is_marshaled(p, utf8_to_utf16(s.str())); }

}  // namespace advapi32_credentials

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_credential_exports() {
  using namespace advapi32_credentials;
  static const std::vector<Export> exports = {
      EXPORT("CredWriteW", CredWriteW),
      EXPORT("CredWriteA", CredWriteA),
      EXPORT("CredReadW", CredReadW),
      EXPORT("CredReadA", CredReadA),
      EXPORT("CredDeleteW", CredDeleteW),
      EXPORT("CredDeleteA", CredDeleteA),
      EXPORT("CredEnumerateW", CredEnumerateW),
      EXPORT("CredEnumerateA", CredEnumerateA),
      EXPORT("CredReadDomainCredentialsW", CredReadDomainCredentialsW),
      EXPORT("CredReadDomainCredentialsA", CredReadDomainCredentialsA),
      EXPORT("CredFree", CredFree),
      EXPORT("CredGetSessionTypes", CredGetSessionTypes),
      EXPORT("CredMarshalCredentialW", CredMarshalCredentialW),
      EXPORT("CredMarshalCredentialA", CredMarshalCredentialA),
      EXPORT("CredUnmarshalCredentialW", CredUnmarshalCredentialW),
      EXPORT("CredUnmarshalCredentialA", CredUnmarshalCredentialA),
      EXPORT("CredIsMarshaledCredentialW", CredIsMarshaledCredentialW),
      EXPORT("CredIsMarshaledCredentialA", CredIsMarshaledCredentialA),
  };
  return exports;
}

}  // namespace polyrun::shims
