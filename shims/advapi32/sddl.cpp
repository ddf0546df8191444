// ADVAPI32.dll, the Security Descriptor Definition Language (Microsoft's "Security Descriptor String
// Format"): ConvertSecurityDescriptorToStringSecurityDescriptor writes a descriptor's parts as
// "O:owner G:group D:flags(ace)… S:flags(ace)…", and
// ConvertStringSecurityDescriptorToSecurityDescriptor reads such a string into a self-relative
// descriptor (LocalFree frees it). An ACE is (type;flags;rights;object-guid;inherited-object-guid;
// sid): types A, D, AU, AL, OA, OD, OU, OL, ML; flags OI, CI, NP, IO, ID, SA, FA; rights a name of
// a whole mask (FA, KR …), names of single bits (RC, WD, GA …) or a number; SIDs a two-letter
// alias ("BA", "WD", "SY"; the domain ones, "LA", "DU" …, are the computer's account domain's) or
// "S-1-…". ConvertStringSidToSid takes the aliases as well.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "shims/advapi32/acl.h"
#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_sddl {

using Bytes = std::vector<uint8_t>;

constexpr uint32_t kErrorUnknownRevision = 1305, kErrorInvalidAcl = 1336, kErrorInvalidSid = 1337;

struct Alias {
  const char* name;
  const char* sid;  // "D-<rid>": relative to the account domain
};
const Alias kSidAliases[] = {
    {"WD", "S-1-1-0"}, {"CO", "S-1-3-0"}, {"CG", "S-1-3-1"}, {"OW", "S-1-3-4"}, {"NU", "S-1-5-2"}, {"IU", "S-1-5-4"},
    {"SU", "S-1-5-6"}, {"AN", "S-1-5-7"}, {"ED", "S-1-5-9"}, {"PS", "S-1-5-10"}, {"AU", "S-1-5-11"}, {"RC", "S-1-5-12"},
    {"SY", "S-1-5-18"}, {"LS", "S-1-5-19"}, {"NS", "S-1-5-20"}, {"BA", "S-1-5-32-544"}, {"BU", "S-1-5-32-545"},
    {"BG", "S-1-5-32-546"}, {"PU", "S-1-5-32-547"}, {"AO", "S-1-5-32-548"}, {"SO", "S-1-5-32-549"},
    {"PO", "S-1-5-32-550"}, {"BO", "S-1-5-32-551"}, {"RE", "S-1-5-32-552"}, {"RU", "S-1-5-32-554"},
    {"RD", "S-1-5-32-555"}, {"NO", "S-1-5-32-556"}, {"LW", "S-1-16-4096"}, {"ME", "S-1-16-8192"},
    {"HI", "S-1-16-12288"}, {"SI", "S-1-16-16384"}, {"AC", "S-1-15-2-1"}, {"LA", "D-500"}, {"LG", "D-501"},
    {"DA", "D-512"}, {"DU", "D-513"}, {"DG", "D-514"}, {"DC", "D-515"}, {"DD", "D-516"}, {"CA", "D-517"},
    {"SA", "D-518"}, {"EA", "D-519"}, {"PA", "D-520"}, {"RS", "D-553"},
};
std::string alias_sid(const Alias& a) {
  if (a.sid[0] != 'D') return a.sid;
  const std::string user = account_sid();
  return user.substr(0, user.rfind('-')) + "-" + (a.sid + 2);
}

struct Right {
  const char* name;
  uint32_t mask;
};
// Names of whole masks, tried first when writing.
const Right kRights[] = {
    {"GA", 0x10000000}, {"GR", 0x80000000}, {"GW", 0x40000000}, {"GX", 0x20000000}, {"RC", 0x20000},
    {"SD", 0x10000},    {"WD", 0x40000},    {"WO", 0x80000},    {"RP", 0x10},       {"WP", 0x20},
    {"CC", 0x1},        {"DC", 0x2},        {"LC", 0x4},        {"SW", 0x8},        {"LO", 0x80},
    {"DT", 0x40},       {"CR", 0x100},      {"FA", 0x1f01ff},   {"FR", 0x120089},   {"FW", 0x120116},
    {"FX", 0x1200a0},   {"KA", 0xf003f},    {"KR", 0x20019},    {"KW", 0x20006},    {"KX", 0x20019},
    {"NR", 0x2},        {"NW", 0x1},        {"NX", 0x4},
};
// Names of single bits, for a mask no whole name fits.
const char* const kBitNames[32] = {"CC", "DC", "LC", "SW", "RP", "WP", "DT", "LO", "CR", nullptr, nullptr,
                                   nullptr, nullptr, nullptr, nullptr, nullptr, "SD", "RC", "WD", "WO",
                                   nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                                   "GA", "GX", "GW", "GR"};

struct Named {
  const char* name;
  uint8_t value;
};
const Named kAceTypes[] = {{"A", 0},  {"D", 1},  {"AU", 2}, {"AL", 3}, {"OA", 5},
                           {"OD", 6}, {"OU", 7}, {"OL", 8}, {"ML", 0x11}};
const Named kAceFlags[] = {{"OI", 0x1}, {"CI", 0x2}, {"NP", 0x4}, {"IO", 0x8}, {"ID", 0x10}, {"SA", 0x40}, {"FA", 0x80}};

bool is_object_type(uint8_t t) { return t >= 5 && t <= 8; }

// ---- writing ----

std::string sid_string(const Bytes& sid) {
  const std::string text = sid_text(sid);
  for (const Alias& a : kSidAliases)
    if (alias_sid(a) == text) return a.name;
  return text;
}

std::string rights_string(uint32_t mask, bool label) {
  if (!mask) return "";
  if (label) {
    std::string s;
    if (mask & 2) s += "NR";
    if (mask & 1) s += "NW";
    if (mask & 4) s += "NX";
    if (!(mask & ~7u)) return s;
  }
  for (const Right& r : kRights)
    if (r.mask == mask && std::strcmp(r.name, "NR") && std::strcmp(r.name, "NW") && std::strcmp(r.name, "NX"))
      return r.name;
  for (int i = 0; i < 32; ++i)
    if ((mask & (1u << i)) && !kBitNames[i]) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "0x%x", mask);
      return buf;
    }
  std::string s;
  for (int i = 0; i < 32; ++i)
    if (mask & (1u << i)) s += kBitNames[i];
  return s;
}

std::string guid_string(const uint8_t* g) {
  uint32_t a;
  uint16_t b, c;
  std::memcpy(&a, g, 4);
  std::memcpy(&b, g + 4, 2);
  std::memcpy(&c, g + 6, 2);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", a, b, c, g[8], g[9], g[10], g[11],
                g[12], g[13], g[14], g[15]);
  return buf;
}

// An ACL's string, its flags first; false for an ACE that cannot be written.
bool acl_string(uint64_t acl, uint16_t control, bool sacl, std::string& out) {
  const uint16_t protected_bit = sacl ? 0x2000 : 0x1000, req = sacl ? 0x200 : 0x100, inherited = sacl ? 0x800 : 0x400;
  if (control & protected_bit) out += "P";
  if (control & req) out += "AR";
  if (control & inherited) out += "AI";
  if (!acl) {
    out += "NO_ACCESS_CONTROL";
    return true;
  }
  if (!advapi32_acl::valid_acl(acl)) return false;
  for (const advapi32_acl::Ace& a : advapi32_acl::read_acl(acl)) {
    if (!a.raw.empty()) return false;
    const char* type = nullptr;
    for (const Named& t : kAceTypes)
      if (t.value == a.type) type = t.name;
    if (!type) return false;
    out += "(";
    out += type;
    out += ";";
    for (const Named& f : kAceFlags)
      if (a.flags & f.value) out += f.name;
    out += ";" + rights_string(a.mask, a.type == 0x11) + ";";
    if (!a.object.empty()) {
      uint32_t present;
      std::memcpy(&present, a.object.data(), 4);
      size_t at = 4;
      if (present & 1) {
        out += guid_string(a.object.data() + at);
        at += 16;
      }
      out += ";";
      if (present & 2) out += guid_string(a.object.data() + at);
      out += ";";
    } else {
      out += ";;";
    }
    out += sid_string(a.sid) + ")";
  }
  return true;
}

BOOL to_string(WindowsProcess& p, Ptr sd, uint32_t revision, uint32_t info, Ptr out, Ptr length, bool wide) {
  if (!sd || !out) return fail(p, ERROR_INVALID_PARAMETER);
  if (revision != 1) return fail(p, kErrorUnknownRevision);
  advapi32_acl::SdParts s;
  if (!advapi32_acl::read_sd(p, sd.addr, s)) return fail(p, 1338);  // ERROR_INVALID_SECURITY_DESCR
  std::string text;
  if ((info & 1) && s.owner) text += "O:" + sid_string(sid_at(s.owner));
  if ((info & 2) && s.group) text += "G:" + sid_string(sid_at(s.group));
  if ((info & 4) && (s.control & 0x4)) {
    text += "D:";
    if (!acl_string(s.dacl, s.control, false, text)) return fail(p, kErrorInvalidAcl);
  }
  if ((info & 0x18) && (s.control & 0x10)) {
    text += "S:";
    if (!acl_string(s.sacl, s.control, true, text)) return fail(p, kErrorInvalidAcl);
  }
  const std::u16string w = utf8_to_utf16(text);
  if (!wide) text = utf8_to_ansi(text);
  const size_t bytes = wide ? (w.size() + 1) * 2 : text.size() + 1;
  const uint64_t block = p.heap.alloc(bytes, false);
  if (!block) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  if (wide) std::memcpy(guest_pointer(block), w.c_str(), bytes);
  else std::memcpy(guest_pointer(block), text.c_str(), bytes);
  p.put_ptr(out.addr, block);
  if (length) put<uint32_t>(length.addr, static_cast<uint32_t>(wide ? w.size() + 1 : text.size() + 1));
  return TRUE;
}
BOOL ConvertSecurityDescriptorToStringSecurityDescriptorW(WindowsProcess& p, Ptr sd, uint32_t revision, uint32_t info,
                                                          Ptr out, Ptr length) {
  return to_string(p, sd, revision, info, out, length, true);
}
BOOL ConvertSecurityDescriptorToStringSecurityDescriptorA(WindowsProcess& p, Ptr sd, uint32_t revision, uint32_t info,
                                                          Ptr out, Ptr length) {
  return to_string(p, sd, revision, info, out, length, false);
}

// ---- reading ----

struct Reader {
  const std::string& s;
  size_t at = 0;
  void spaces() {
    while (at < s.size() && s[at] == ' ') ++at;
  }
  bool starts(const char* t) const { return s.compare(at, std::strlen(t), t) == 0; }
};

// A SID: an alias or "S-1-…" up to `stop` characters; 0 or a Win32 error.
uint32_t read_sid(Reader& r, Bytes& out, const char* stops) {
  r.spaces();
  size_t end = r.at;
  while (end < r.s.size() && !std::strchr(stops, r.s[end])) ++end;
  std::string t = r.s.substr(r.at, end - r.at);
  while (!t.empty() && t.back() == ' ') t.pop_back();
  r.at = end;
  return sddl_sid(t, out) ? 0 : kErrorInvalidSid;
}

uint32_t read_rights(Reader& r, uint32_t& mask) {
  r.spaces();
  mask = 0;
  if (r.at < r.s.size() && std::isdigit(static_cast<unsigned char>(r.s[r.at]))) {
    char* end;
    mask = static_cast<uint32_t>(std::strtoul(r.s.c_str() + r.at, &end, 0));
    r.at = static_cast<size_t>(end - r.s.c_str());
    return 0;
  }
  while (r.at < r.s.size() && r.s[r.at] != ';') {
    bool found = false;
    for (const Right& x : kRights)
      if (r.starts(x.name)) {
        mask |= x.mask;
        r.at += 2;
        found = true;
        break;
      }
    if (!found) return kErrorInvalidAcl;
  }
  return 0;
}

bool read_guid(const std::string& t, uint8_t* g) {
  unsigned a, b, c, d[8];
  if (t.size() != 36 || std::sscanf(t.c_str(), "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x", &a, &b, &c, &d[0], &d[1], &d[2],
                                    &d[3], &d[4], &d[5], &d[6], &d[7]) != 11)
    return false;
  std::memcpy(g, &a, 4);
  const uint16_t b16 = static_cast<uint16_t>(b), c16 = static_cast<uint16_t>(c);
  std::memcpy(g + 4, &b16, 2);
  std::memcpy(g + 6, &c16, 2);
  for (int i = 0; i < 8; ++i) g[8 + i] = static_cast<uint8_t>(d[i]);
  return true;
}

// An ACL's flags and ACEs up to the end of its part; 0 or a Win32 error.
uint32_t read_acl(Reader& r, size_t end, bool sacl, uint16_t& control, Bytes& acl, bool& null_acl) {
  std::vector<advapi32_acl::Ace> aces;
  null_acl = false;
  r.spaces();
  while (r.at < end && r.s[r.at] != '(') {
    if (r.starts("NO_ACCESS_CONTROL")) {
      null_acl = true;
      r.at += 17;
    } else if (r.s[r.at] == 'P') {
      control |= sacl ? 0x2000 : 0x1000;
      ++r.at;
    } else if (r.starts("AR")) {
      control |= sacl ? 0x200 : 0x100;
      r.at += 2;
    } else if (r.starts("AI")) {
      control |= sacl ? 0x800 : 0x400;
      r.at += 2;
    } else if (r.s[r.at] == ' ') {
      ++r.at;
    } else {
      return ERROR_INVALID_PARAMETER;
    }
  }
  uint8_t revision = 2;
  while (r.at < end && r.s[r.at] == '(') {
    ++r.at;
    advapi32_acl::Ace a;
    r.spaces();
    const Named* type = nullptr;
    for (const Named& t : kAceTypes)  // (the longest name first: "AU" before "A")
      if (r.starts(t.name) && (!type || std::strlen(t.name) > std::strlen(type->name))) type = &t;
    if (!type) return kErrorInvalidAcl;
    r.at += std::strlen(type->name);
    a.type = type->value;
    if (r.at >= end || r.s[r.at] != ';') return kErrorInvalidAcl;
    ++r.at;
    r.spaces();
    while (r.at < end && r.s[r.at] != ';') {
      bool found = false;
      for (const Named& f : kAceFlags)
        if (r.starts(f.name)) {
          a.flags |= f.value;
          r.at += 2;
          found = true;
        }
      if (!found) return kErrorInvalidAcl;
    }
    if (r.at >= end) return kErrorInvalidAcl;
    ++r.at;
    if (read_rights(r, a.mask)) return kErrorInvalidAcl;
    if (r.at >= end || r.s[r.at] != ';') return kErrorInvalidAcl;
    ++r.at;
    uint8_t guids[2][16];
    uint32_t present = 0;
    for (int k = 0; k < 2; ++k) {
      const size_t semi = r.s.find(';', r.at);
      if (semi == std::string::npos || semi >= end) return kErrorInvalidAcl;
      std::string g = r.s.substr(r.at, semi - r.at);
      while (!g.empty() && g.back() == ' ') g.pop_back();
      while (!g.empty() && g.front() == ' ') g.erase(0, 1);
      if (!g.empty()) {
        if (!is_object_type(a.type) || !read_guid(g, guids[k])) return kErrorInvalidAcl;
        present |= 1u << k;
      }
      r.at = semi + 1;
    }
    if (is_object_type(a.type)) {
      a.object.resize(4);
      std::memcpy(a.object.data(), &present, 4);
      for (int k = 0; k < 2; ++k)
        if (present & (1u << k)) a.object.insert(a.object.end(), guids[k], guids[k] + 16);
      revision = 4;
    }
    if (read_sid(r, a.sid, ";)")) return kErrorInvalidAcl;
    r.spaces();
    if (r.at >= end || r.s[r.at] != ')') return kErrorInvalidAcl;
    ++r.at;
    aces.push_back(a);
    r.spaces();
  }
  if (r.at != end) return kErrorInvalidAcl;
  acl = advapi32_acl::acl_bytes(aces, revision);
  return 0;
}

uint32_t parse(const std::string& s, Bytes& out) {
  Reader r{s};
  Bytes owner, group, dacl, sacl;
  bool has_dacl = false, has_sacl = false, null_dacl = false, null_sacl = false;
  uint16_t control = 0;
  r.spaces();
  while (r.at < s.size()) {
    const char kind = s[r.at];
    if (r.at + 1 >= s.size() || s[r.at + 1] != ':') return ERROR_INVALID_PARAMETER;
    r.at += 2;
    // The part ends where the next "X:" begins.
    size_t end = s.size();
    for (size_t k = r.at; k + 1 < s.size(); ++k)
      if (s[k + 1] == ':' && std::strchr("OGDS", s[k]) && (k == r.at || s[k - 1] != '-')) {
        // (a GUID or SID never holds "X:")
        end = k;
        break;
      }
    switch (kind) {
      case 'O':
      case 'G': {
        const std::string t = s.substr(r.at, end - r.at);
        Bytes sid;
        std::string trimmed = t;
        while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
        while (!trimmed.empty() && trimmed.front() == ' ') trimmed.erase(0, 1);
        if (!sddl_sid(trimmed, sid)) return kErrorInvalidSid;
        (kind == 'O' ? owner : group) = sid;
        break;
      }
      case 'D':
        if (const uint32_t e = read_acl(r, end, false, control, dacl, null_dacl)) return e;
        has_dacl = true;
        break;
      case 'S':
        if (const uint32_t e = read_acl(r, end, true, control, sacl, null_sacl)) return e;
        has_sacl = true;
        break;
      default: return ERROR_INVALID_PARAMETER;
    }
    r.at = end;
    r.spaces();
  }
  if (null_dacl) dacl.clear();
  if (null_sacl) sacl.clear();
  out = advapi32_acl::self_relative_sd(control, owner, group, has_sacl ? &sacl : nullptr, has_dacl ? &dacl : nullptr);
  return 0;
}

BOOL from_string(WindowsProcess& p, const std::string& text, bool present, uint32_t revision, Ptr out, Ptr size) {
  if (!present || !out) return fail(p, ERROR_INVALID_PARAMETER);
  if (revision != 1) return fail(p, kErrorUnknownRevision);
  Bytes b;
  if (const uint32_t e = parse(text, b)) return fail(p, e);
  const uint64_t at = advapi32_acl::heap_copy(p, b);
  if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  p.put_ptr(out.addr, at);
  if (size) put<uint32_t>(size.addr, static_cast<uint32_t>(b.size()));
  return TRUE;
}
BOOL ConvertStringSecurityDescriptorToSecurityDescriptorW(WindowsProcess& p, WStr text, uint32_t revision, Ptr out,
                                                          Ptr size) {
  return from_string(p, utf16_to_utf8(text.str()), text.addr != 0, revision, out, size);
}
BOOL ConvertStringSecurityDescriptorToSecurityDescriptorA(WindowsProcess& p, AStr text, uint32_t revision, Ptr out,
                                                          Ptr size) {
  return from_string(p, text.str(), text.addr != 0, revision, out, size);
}

}  // namespace advapi32_sddl

bool sddl_sid(const std::string& text, std::vector<uint8_t>& out) {
  if (text.size() == 2) {
    for (const advapi32_sddl::Alias& a : advapi32_sddl::kSidAliases)
      if (::toupper(text[0]) == a.name[0] && ::toupper(text[1]) == a.name[1]) {
        out = sid_bytes(advapi32_sddl::alias_sid(a));
        return true;
      }
    return false;
  }
  if (!sid_text_valid(text)) return false;
  std::string upper = text;
  upper[0] = 'S';
  out = sid_bytes(upper);
  return true;
}

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_sddl_exports() {
  using namespace advapi32_sddl;
  static const std::vector<Export> exports = {
      EXPORT("ConvertSecurityDescriptorToStringSecurityDescriptorW", ConvertSecurityDescriptorToStringSecurityDescriptorW),
      EXPORT("ConvertSecurityDescriptorToStringSecurityDescriptorA", ConvertSecurityDescriptorToStringSecurityDescriptorA),
      EXPORT("ConvertStringSecurityDescriptorToSecurityDescriptorW", ConvertStringSecurityDescriptorToSecurityDescriptorW),
      EXPORT("ConvertStringSecurityDescriptorToSecurityDescriptorA", ConvertStringSecurityDescriptorToSecurityDescriptorA),
  };
  return exports;
}

}  // namespace polyrun::shims
