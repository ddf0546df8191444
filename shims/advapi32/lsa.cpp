// ADVAPI32.dll, the Local Security Authority's policy (ntsecapi.h), as a standard user on a
// workgroup computer meets it: LsaOpenPolicy gives what the policy's DACL gives such a user
// (POLICY_VIEW_LOCAL_INFORMATION, POLICY_LOOKUP_NAMES, POLICY_NOTIFICATION, READ_CONTROL; asking for
// more is STATUS_ACCESS_DENIED, so the functions that change the policy, its accounts' rights, its
// secrets and trusts cannot be reached); the primary domain is the workgroup "WORKGROUP" (no SID),
// the account domain the computer's; names and SIDs are translated as LookupAccountName and
// LookupAccountSid translate them (advapi32/security.cpp); the accounts' rights are Windows'
// default local policy's; there are no trusted domains. Functions return an NTSTATUS;
// LsaNtStatusToWinError is RtlNtStatusToDosError. What LSA allocates, LsaFreeMemory frees.
#include <strings.h>

#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "shims/advapi32/nt_calls.h"
#include "shims/advapi32/security.h"
#include "shims/advapi32/tokens.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {

namespace advapi32_lsa {

using Bytes = std::vector<uint8_t>;

constexpr uint32_t kSuccess = 0, kSomeNotMapped = 0x107, kNoMoreEntries = 0x8000001a, kInvalidHandle = 0xc0000008,
                   kInvalidParameter = 0xc000000d, kNoMemory = 0xc0000017, kAccessDenied = 0xc0000022,
                   kObjectNameNotFound = 0xc0000034, kNoSuchPrivilege = 0xc0000060, kNoneMapped = 0xc0000073,
                   kRpcServerUnavailable = 0xc0020017;
constexpr uint32_t POLICY_VIEW_LOCAL_INFORMATION = 0x1, POLICY_VIEW_AUDIT_INFORMATION = 0x2, POLICY_LOOKUP_NAMES = 0x800,
                   POLICY_NOTIFICATION = 0x1000, READ_CONTROL = 0x20000, SYNCHRONIZE = 0x100000,
                   MAXIMUM_ALLOWED = 0x2000000;
// What the policy's DACL grants a standard user.
constexpr uint32_t kUserRights = POLICY_VIEW_LOCAL_INFORMATION | POLICY_LOOKUP_NAMES | POLICY_NOTIFICATION | READ_CONTROL;

std::map<uint64_t, uint32_t>& policies() {  // handle → rights granted
  static std::map<uint64_t, uint32_t> h;
  return h;
}

// The policy's generic rights: POLICY_READ, POLICY_WRITE, POLICY_EXECUTE, POLICY_ALL_ACCESS.
uint32_t mapped(uint32_t access) {
  if (access & 0x80000000) access |= 0x20006;
  if (access & 0x40000000) access |= 0x207f8;
  if (access & 0x20000000) access |= 0x20801;
  if (access & 0x10000000) access |= 0xf0fff;
  return access & 0x0fffffff;
}

// LSA_UNICODE_STRING: Length, MaximumLength (bytes), then Buffer at a pointer's alignment.
struct Block {
  WindowsProcess& p;
  std::vector<uint8_t> b;
  std::vector<std::pair<size_t, size_t>> fixups;  // (pointer field, offset in b)
  unsigned ps() const { return p.isa->ptr; }
  size_t reserve(size_t n) {
    while (b.size() % 8) b.push_back(0);
    const size_t at = b.size();
    b.resize(b.size() + n);
    return at;
  }
  void put32(size_t at, uint32_t v) { std::memcpy(b.data() + at, &v, 4); }
  void pointer(size_t field, size_t to) { fixups.push_back({field, to}); }
  size_t bytes(const Bytes& x) {
    const size_t at = reserve(x.size());
    std::memcpy(b.data() + at, x.data(), x.size());
    return at;
  }
  // An LSA_UNICODE_STRING at `at` (its size reserved by the caller) of `text`, the characters added.
  void string(size_t at, const std::string& text) {
    const std::u16string w = utf8_to_utf16(text);
    const uint16_t len = static_cast<uint16_t>(w.size() * 2), max = static_cast<uint16_t>(len + 2);
    std::memcpy(b.data() + at, &len, 2);
    std::memcpy(b.data() + at + 2, &max, 2);
    Bytes chars(max);
    std::memcpy(chars.data(), w.c_str(), max);
    pointer(at + (ps() == 8 ? 8 : 4), bytes(chars));
  }
  uint32_t string_size() const { return ps() == 8 ? 16 : 8; }
  // The block in the process heap, its pointers made absolute; 0 when out of memory.
  uint64_t place() {
    const uint64_t at = p.heap.alloc(b.size() ? b.size() : 1, true);
    if (!at) return 0;
    std::memcpy(guest_pointer(at), b.data(), b.size());
    for (const auto& [field, to] : fixups) p.put_ptr(at + field, at + to);
    return at;
  }
};

uint32_t give(Block& blk, Ptr out) {
  const uint64_t at = blk.place();
  if (!at) return kNoMemory;
  blk.p.put_ptr(out.addr, at);
  return kSuccess;
}

// The rights a handle has; 0 for a handle that is no policy's.
uint32_t rights_of(uint64_t h) {
  auto it = policies().find(h);
  return it == policies().end() ? 0 : it->second;
}
// 0 when the handle has the rights, else its NTSTATUS.
uint32_t need(Ptr h, uint32_t rights) {
  const uint32_t have = rights_of(h.addr);
  if (!have) return kInvalidHandle;
  return (have & rights) == rights ? kSuccess : kAccessDenied;
}

std::string read_lsa_string(WindowsProcess& p, uint64_t s) {
  if (!s) return "";
  const uint16_t len = get<uint16_t>(s);
  const uint64_t buf = p.get_ptr(s + (p.isa->ptr == 8 ? 8 : 4));
  if (!buf || !len) return "";
  return utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(buf)), len / 2));
}

uint32_t LsaOpenPolicy(WindowsProcess& p, Ptr system, Ptr, uint32_t access, Ptr out) {
  if (!out) return kInvalidParameter;
  if (system && !read_lsa_string(p, system.addr).empty()) {
    const std::string name = read_lsa_string(p, system.addr);
    const std::string bare = name.rfind("\\\\", 0) == 0 ? name.substr(2) : name;
    if (::strcasecmp(bare.c_str(), netbios_name().c_str()) != 0) return kRpcServerUnavailable;
  }
  uint32_t granted;
  if (access & MAXIMUM_ALLOWED) {
    granted = kUserRights;
  } else {
    const uint32_t want = mapped(access) & ~SYNCHRONIZE;
    if (want & ~kUserRights) return kAccessDenied;
    granted = want ? want : READ_CONTROL;
  }
  const uint64_t h = p.next_handle;
  p.next_handle += 4;
  policies()[h] = granted;
  p.put_ptr(out.addr, h);
  return kSuccess;
}

uint32_t LsaClose(WindowsProcess&, Ptr h) {
  if (!policies().erase(h.addr)) return kInvalidHandle;
  return kSuccess;
}

uint32_t LsaFreeMemory(WindowsProcess& p, Ptr buf) {
  if (buf) p.heap.free(buf.addr);
  return kSuccess;
}

uint32_t LsaNtStatusToWinError(WindowsProcess& p, uint32_t status) { return advapi32_nt::win_error(p, status); }

// The computer's account domain: its NetBIOS name and the SID its accounts are of.
std::string machine_domain_sid() {
  const std::string user = account_sid();
  return user.substr(0, user.rfind('-'));
}

// POLICY_INFORMATION_CLASS: PolicyAuditLogInformation 1, PolicyAuditEventsInformation 2,
// PolicyPrimaryDomainInformation 3, PolicyPdAccountInformation 4, PolicyAccountDomainInformation 5,
// PolicyLsaServerRoleInformation 6, PolicyDnsDomainInformation 12.
uint32_t LsaQueryInformationPolicy(WindowsProcess& p, Ptr h, uint32_t cls, Ptr out) {
  if (!out) return kInvalidParameter;
  Block blk{p, {}, {}};
  const unsigned ps = p.isa->ptr;
  switch (cls) {
    case 1:
    case 2:
    case 4:
      if (const uint32_t e = need(h, POLICY_VIEW_AUDIT_INFORMATION)) return e;
      return kAccessDenied;
    case 3: {  // POLICY_PRIMARY_DOMAIN_INFO: Name, Sid (a workgroup's: none)
      if (const uint32_t e = need(h, POLICY_VIEW_LOCAL_INFORMATION)) return e;
      const size_t at = blk.reserve(blk.string_size() + ps);
      blk.string(at, "WORKGROUP");
      break;
    }
    case 5: {  // POLICY_ACCOUNT_DOMAIN_INFO: DomainName, DomainSid
      if (const uint32_t e = need(h, POLICY_VIEW_LOCAL_INFORMATION)) return e;
      const size_t at = blk.reserve(blk.string_size() + ps);
      blk.string(at, netbios_name());
      blk.pointer(at + blk.string_size(), blk.bytes(sid_bytes(machine_domain_sid())));
      break;
    }
    case 6: {  // POLICY_LSA_SERVER_ROLE_INFO: PolicyServerRolePrimary
      if (const uint32_t e = need(h, POLICY_VIEW_LOCAL_INFORMATION)) return e;
      const size_t at = blk.reserve(4);
      blk.put32(at, 3);
      break;
    }
    case 12: {  // POLICY_DNS_DOMAIN_INFO: Name, DnsDomainName, DnsForestName, DomainGuid, Sid
      if (const uint32_t e = need(h, POLICY_VIEW_LOCAL_INFORMATION)) return e;
      const size_t at = blk.reserve(3 * blk.string_size() + 16 + ps);
      blk.string(at, "WORKGROUP");
      break;
    }
    default: return kInvalidParameter;
  }
  return give(blk, out);
}

// LSA_REFERENCED_DOMAIN_LIST (Entries, Domains) and its LSA_TRUST_INFORMATION (Name, Sid) entries.
struct Domains {
  std::vector<std::pair<std::string, std::string>> list;  // (name, SID text)
  int32_t index(const std::string& name, const std::string& sid) {
    for (size_t i = 0; i < list.size(); ++i)
      if (list[i].second == sid) return static_cast<int32_t>(i);
    list.push_back({name, sid});
    return static_cast<int32_t>(list.size() - 1);
  }
  uint32_t give(WindowsProcess& p, Ptr out) const {
    Block blk{p, {}, {}};
    const unsigned ps = p.isa->ptr;
    const size_t head = blk.reserve(2 * ps);
    blk.put32(head, static_cast<uint32_t>(list.size()));
    const uint32_t entry = blk.string_size() + ps;
    if (!list.empty()) {
      const size_t at = blk.reserve(entry * list.size());
      blk.pointer(head + ps, at);
      for (size_t i = 0; i < list.size(); ++i) {
        blk.string(at + entry * i, list[i].first);
        blk.pointer(at + entry * i + blk.string_size(), blk.bytes(sid_bytes(list[i].second)));
      }
    }
    return advapi32_lsa::give(blk, out);
  }
};

// The domain part of an account's SID: the SID itself for a domain, else all but its last RID.
std::string domain_of(const std::string& sid, uint32_t use) {
  if (use == 3) return sid;
  const size_t dash = sid.rfind('-');
  return dash > 4 ? sid.substr(0, dash) : sid;
}

uint32_t lookup_names(WindowsProcess& p, Ptr h, uint32_t count, Ptr names, Ptr domains_out, Ptr sids_out, bool two) {
  if (const uint32_t e = need(h, POLICY_LOOKUP_NAMES)) return e;
  if (!domains_out || !sids_out || (count && !names)) return kInvalidParameter;
  const unsigned ps = p.isa->ptr;
  const uint32_t str = ps == 8 ? 16 : 8;
  Domains domains;
  Block blk{p, {}, {}};
  const uint32_t entry = two ? (ps == 8 ? 24 : 16) : 12;
  const size_t at = blk.reserve(entry * (count ? count : 1));
  uint32_t mapped_count = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const std::string name = read_lsa_string(p, names.addr + str * i);
    std::string sid, canonical, domain;
    uint32_t use = 0;
    const size_t e = at + entry * i;
    if (!account_of_name(name, sid, canonical, domain, use)) {
      blk.put32(e, 8);  // SidTypeUnknown
      blk.put32(e + (two ? 2 * ps : 8), 0xffffffff);
      continue;
    }
    ++mapped_count;
    const int32_t di = domains.index(domain, domain_of(sid, use));
    blk.put32(e, use);
    if (two) {
      blk.pointer(e + ps, blk.bytes(sid_bytes(sid)));
      blk.put32(e + 2 * ps, static_cast<uint32_t>(di));
    } else {
      const std::string rid = sid.substr(sid.rfind('-') + 1);
      blk.put32(e + 4, use == 3 ? 0xffffffff : static_cast<uint32_t>(std::stoul(rid)));
      blk.put32(e + 8, static_cast<uint32_t>(di));
    }
  }
  if (const uint32_t e = domains.give(p, domains_out)) return e;
  if (const uint32_t e = give(blk, sids_out)) return e;
  return mapped_count == count ? kSuccess : mapped_count ? kSomeNotMapped : kNoneMapped;
}
uint32_t LsaLookupNames(WindowsProcess& p, Ptr h, uint32_t count, Ptr names, Ptr domains, Ptr sids) {
  return lookup_names(p, h, count, names, domains, sids, false);
}
uint32_t LsaLookupNames2(WindowsProcess& p, Ptr h, uint32_t, uint32_t count, Ptr names, Ptr domains, Ptr sids) {
  return lookup_names(p, h, count, names, domains, sids, true);
}

// LSA_TRANSLATED_NAME: Use, Name, DomainIndex; a SID no account has is named by its text.
uint32_t LsaLookupSids(WindowsProcess& p, Ptr h, uint32_t count, Ptr sids, Ptr domains_out, Ptr names_out) {
  if (const uint32_t e = need(h, POLICY_LOOKUP_NAMES)) return e;
  if (!domains_out || !names_out || (count && !sids)) return kInvalidParameter;
  const unsigned ps = p.isa->ptr;
  Domains domains;
  Block blk{p, {}, {}};
  const uint32_t entry = ps == 8 ? 32 : 16, name_at = ps == 8 ? 8 : 4, index_at = ps == 8 ? 24 : 12;
  const size_t at = blk.reserve(entry * (count ? count : 1));
  uint32_t mapped_count = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t sid = p.get_ptr(sids.addr + ps * i);
    if (!valid_sid(sid)) return kInvalidParameter;
    const std::string text = sid_text(sid);
    std::string name, domain;
    uint32_t use = 0;
    const size_t e = at + entry * i;
    if (!account_of_sid(text, name, domain, use)) {
      blk.put32(e, 8);  // SidTypeUnknown
      blk.string(e + name_at, text);
      blk.put32(e + index_at, 0xffffffff);
      continue;
    }
    ++mapped_count;
    blk.put32(e, use);
    blk.string(e + name_at, name);
    blk.put32(e + index_at, static_cast<uint32_t>(domains.index(domain, domain_of(text, use))));
  }
  if (const uint32_t e = domains.give(p, domains_out)) return e;
  if (const uint32_t e = give(blk, names_out)) return e;
  return mapped_count == count ? kSuccess : mapped_count ? kSomeNotMapped : kNoneMapped;
}

// ---- accounts' rights: Windows' default local policy ----

struct RightHolders {
  const char* right;
  std::vector<const char*> sids;
};
const std::vector<RightHolders>& rights_table() {
  static const std::vector<RightHolders> t = {
      {"SeNetworkLogonRight", {"S-1-1-0", "S-1-5-32-544", "S-1-5-32-545", "S-1-5-32-551"}},
      {"SeInteractiveLogonRight", {"S-1-5-32-544", "S-1-5-32-545", "S-1-5-32-551"}},
      {"SeChangeNotifyPrivilege", {"S-1-1-0", "S-1-5-19", "S-1-5-20", "S-1-5-32-544", "S-1-5-32-545", "S-1-5-32-551"}},
      {"SeShutdownPrivilege", {"S-1-5-32-544", "S-1-5-32-545", "S-1-5-32-551"}},
      {"SeUndockPrivilege", {"S-1-5-32-544", "S-1-5-32-545"}},
      {"SeIncreaseWorkingSetPrivilege", {"S-1-5-32-545"}},
      {"SeTimeZonePrivilege", {"S-1-5-19", "S-1-5-32-544", "S-1-5-32-545"}},
      {"SeBackupPrivilege", {"S-1-5-32-544", "S-1-5-32-551"}},
      {"SeRestorePrivilege", {"S-1-5-32-544", "S-1-5-32-551"}},
      {"SeDebugPrivilege", {"S-1-5-32-544"}},
      {"SeSecurityPrivilege", {"S-1-5-32-544"}},
      {"SeTakeOwnershipPrivilege", {"S-1-5-32-544"}},
      {"SeLoadDriverPrivilege", {"S-1-5-32-544"}},
      {"SeSystemtimePrivilege", {"S-1-5-19", "S-1-5-32-544"}},
      {"SeSystemEnvironmentPrivilege", {"S-1-5-32-544"}},
      {"SeManageVolumePrivilege", {"S-1-5-32-544"}},
      {"SeCreatePagefilePrivilege", {"S-1-5-32-544"}},
      {"SeIncreaseBasePriorityPrivilege", {"S-1-5-32-544"}},
      {"SeProfileSingleProcessPrivilege", {"S-1-5-32-544"}},
      {"SeSystemProfilePrivilege", {"S-1-5-32-544"}},
      {"SeRemoteShutdownPrivilege", {"S-1-5-32-544"}},
      {"SeCreateSymbolicLinkPrivilege", {"S-1-5-32-544"}},
      {"SeImpersonatePrivilege", {"S-1-5-19", "S-1-5-20", "S-1-5-32-544", "S-1-5-6"}},
      {"SeCreateGlobalPrivilege", {"S-1-5-19", "S-1-5-20", "S-1-5-32-544", "S-1-5-6"}},
      {"SeIncreaseQuotaPrivilege", {"S-1-5-19", "S-1-5-20", "S-1-5-32-544"}},
      {"SeAssignPrimaryTokenPrivilege", {"S-1-5-19", "S-1-5-20"}},
      {"SeAuditPrivilege", {"S-1-5-19", "S-1-5-20"}},
  };
  return t;
}

// An array of LSA_UNICODE_STRINGs in one block.
uint32_t give_strings(WindowsProcess& p, const std::vector<std::string>& list, Ptr out) {
  Block blk{p, {}, {}};
  const size_t at = blk.reserve(blk.string_size() * (list.empty() ? 1 : list.size()));
  for (size_t i = 0; i < list.size(); ++i) blk.string(at + blk.string_size() * i, list[i]);
  return give(blk, out);
}

uint32_t LsaEnumerateAccountRights(WindowsProcess& p, Ptr h, Ptr sid, Ptr rights, Ptr count) {
  if (const uint32_t e = need(h, POLICY_LOOKUP_NAMES)) return e;
  if (!valid_sid(sid.addr) || !rights || !count) return kInvalidParameter;
  const std::string text = sid_text(sid.addr);
  std::vector<std::string> list;
  for (const RightHolders& r : rights_table())
    for (const char* s : r.sids)
      if (::strcasecmp(s, text.c_str()) == 0) list.push_back(r.right);
  put<uint32_t>(count.addr, 0);
  p.put_ptr(rights.addr, 0);
  if (list.empty()) return kObjectNameNotFound;
  if (const uint32_t e = give_strings(p, list, rights)) return e;
  put<uint32_t>(count.addr, static_cast<uint32_t>(list.size()));
  return kSuccess;
}

// LSA_ENUMERATION_INFORMATION: a PSID each.
uint32_t give_sids(WindowsProcess& p, const std::vector<std::string>& sids, Ptr out) {
  Block blk{p, {}, {}};
  const unsigned ps = p.isa->ptr;
  const size_t at = blk.reserve(ps * (sids.empty() ? 1 : sids.size()));
  for (size_t i = 0; i < sids.size(); ++i) blk.pointer(at + ps * i, blk.bytes(sid_bytes(sids[i])));
  return give(blk, out);
}

uint32_t LsaEnumerateAccountsWithUserRight(WindowsProcess& p, Ptr h, Ptr right, Ptr buffer, Ptr count) {
  if (const uint32_t e = need(h, POLICY_LOOKUP_NAMES | POLICY_VIEW_LOCAL_INFORMATION)) return e;
  if (!buffer || !count) return kInvalidParameter;
  const std::string name = right ? read_lsa_string(p, right.addr) : "";
  std::vector<std::string> sids;
  bool known = !right;
  for (const RightHolders& r : rights_table()) {
    if (right && ::strcasecmp(r.right, name.c_str()) != 0) continue;
    known = true;
    for (const char* s : r.sids) {
      bool seen = false;
      for (const auto& x : sids) seen |= x == s;
      if (!seen) sids.push_back(s);
    }
  }
  p.put_ptr(buffer.addr, 0);
  put<uint32_t>(count.addr, 0);
  if (!known) return kNoSuchPrivilege;
  if (sids.empty()) return kNoMoreEntries;
  if (const uint32_t e = give_sids(p, sids, buffer)) return e;
  put<uint32_t>(count.addr, static_cast<uint32_t>(sids.size()));
  return kSuccess;
}

// LsaEnumerateAccounts: the accounts the policy gives rights to, from the enumeration context on.
uint32_t LsaEnumerateAccounts(WindowsProcess& p, Ptr h, Ptr context, Ptr buffer, uint32_t, Ptr count) {
  if (const uint32_t e = need(h, POLICY_VIEW_LOCAL_INFORMATION)) return e;
  if (!context || !buffer || !count) return kInvalidParameter;
  std::vector<std::string> all;
  for (const RightHolders& r : rights_table())
    for (const char* s : r.sids) {
      bool seen = false;
      for (const auto& x : all) seen |= x == s;
      if (!seen) all.push_back(s);
    }
  const uint32_t from = get<uint32_t>(context.addr);
  p.put_ptr(buffer.addr, 0);
  put<uint32_t>(count.addr, 0);
  if (from >= all.size()) return kNoMoreEntries;
  const std::vector<std::string> rest(all.begin() + from, all.end());
  if (const uint32_t e = give_sids(p, rest, buffer)) return e;
  put<uint32_t>(count.addr, static_cast<uint32_t>(rest.size()));
  put<uint32_t>(context.addr, static_cast<uint32_t>(all.size()));
  return kSuccess;
}

// Changing the policy needs rights (POLICY_CREATE_ACCOUNT, POLICY_TRUST_ADMIN, POLICY_CREATE_SECRET,
// POLICY_GET_PRIVATE_INFORMATION, POLICY_SET_*) no standard user's handle has.
uint32_t denied(Ptr h) { return rights_of(h.addr) ? kAccessDenied : kInvalidHandle; }
uint32_t LsaAddAccountRights(WindowsProcess&, Ptr h, Ptr, Ptr, uint32_t) { return denied(h); }
uint32_t LsaRemoveAccountRights(WindowsProcess&, Ptr h, Ptr, uint8_t, Ptr, uint32_t) { return denied(h); }
uint32_t LsaStorePrivateData(WindowsProcess&, Ptr h, Ptr, Ptr) { return denied(h); }
uint32_t LsaRetrievePrivateData(WindowsProcess& p, Ptr h, Ptr, Ptr out) {
  if (out) p.put_ptr(out.addr, 0);
  return denied(h);
}
uint32_t LsaSetInformationPolicy(WindowsProcess&, Ptr h, uint32_t, Ptr) { return denied(h); }
uint32_t LsaCreateTrustedDomainEx(WindowsProcess&, Ptr h, Ptr, Ptr, uint32_t, Ptr) { return denied(h); }
uint32_t LsaDeleteTrustedDomain(WindowsProcess&, Ptr h, Ptr) { return denied(h); }
uint32_t LsaSetTrustedDomainInfoByName(WindowsProcess&, Ptr h, Ptr, uint32_t, Ptr) { return denied(h); }
uint32_t LsaSetTrustedDomainInformation(WindowsProcess&, Ptr h, Ptr, uint32_t, Ptr) { return denied(h); }
// LsaSetSecret takes a secret's handle, which only LsaCreateSecret and LsaOpenSecret give.
uint32_t LsaSetSecret(WindowsProcess&, Ptr, Ptr, Ptr) { return kInvalidHandle; }

// A workgroup computer trusts no domain.
uint32_t enumerate_trusts(WindowsProcess& p, Ptr h, Ptr context, Ptr buffer, Ptr count) {
  if (const uint32_t e = need(h, POLICY_VIEW_LOCAL_INFORMATION)) return e;
  if (!context || !buffer || !count) return kInvalidParameter;
  p.put_ptr(buffer.addr, 0);
  put<uint32_t>(count.addr, 0);
  return kNoMoreEntries;
}
uint32_t LsaEnumerateTrustedDomains(WindowsProcess& p, Ptr h, Ptr context, Ptr buffer, uint32_t, Ptr count) {
  return enumerate_trusts(p, h, context, buffer, count);
}
uint32_t LsaEnumerateTrustedDomainsEx(WindowsProcess& p, Ptr h, Ptr context, Ptr buffer, uint32_t, Ptr count) {
  return enumerate_trusts(p, h, context, buffer, count);
}
uint32_t no_trust(Ptr h) { return rights_of(h.addr) ? kObjectNameNotFound : kInvalidHandle; }
uint32_t LsaOpenTrustedDomainByName(WindowsProcess& p, Ptr h, Ptr, uint32_t, Ptr out) {
  if (out) p.put_ptr(out.addr, 0);
  return no_trust(h);
}
uint32_t LsaQueryTrustedDomainInfo(WindowsProcess& p, Ptr h, Ptr, uint32_t, Ptr out) {
  if (out) p.put_ptr(out.addr, 0);
  return no_trust(h);
}
uint32_t LsaQueryTrustedDomainInfoByName(WindowsProcess& p, Ptr h, Ptr, uint32_t, Ptr out) {
  if (out) p.put_ptr(out.addr, 0);
  return no_trust(h);
}

// Policy change notifications: an event per class, set when that part of the policy changes, which
// nothing here can change.
std::set<std::pair<uint32_t, uint64_t>>& notifications() {
  static std::set<std::pair<uint32_t, uint64_t>> n;
  return n;
}
uint32_t LsaRegisterPolicyChangeNotification(WindowsProcess&, uint32_t cls, Ptr event) {
  if (cls < 1 || cls > 7 || !event) return kInvalidParameter;
  notifications().insert({cls, event.addr});
  return kSuccess;
}
uint32_t LsaUnregisterPolicyChangeNotification(WindowsProcess&, uint32_t cls, Ptr event) {
  if (cls < 1 || cls > 7 || !event) return kInvalidParameter;
  notifications().erase({cls, event.addr});
  return kSuccess;
}

uint32_t LsaLookupPrivilegeName(WindowsProcess& p, Ptr h, Ptr luid, Ptr out) {
  if (const uint32_t e = need(h, POLICY_LOOKUP_NAMES)) return e;
  if (!luid || !out) return kInvalidParameter;
  const uint32_t low = get<uint32_t>(luid.addr), high = get<uint32_t>(luid.addr + 4);
  if (high || low < advapi32_tokens::kFirstPrivilege || low >= advapi32_tokens::kFirstPrivilege + advapi32_tokens::kPrivilegeCount)
    return kNoSuchPrivilege;
  Block blk{p, {}, {}};
  blk.string(blk.reserve(blk.string_size()), advapi32_tokens::kPrivilegeNames[low - advapi32_tokens::kFirstPrivilege]);
  return give(blk, out);
}

uint32_t LsaLookupPrivilegeDisplayName(WindowsProcess& p, Ptr h, Ptr name, Ptr out, Ptr language) {
  if (const uint32_t e = need(h, POLICY_LOOKUP_NAMES)) return e;
  if (!name || !out) return kInvalidParameter;
  const std::string n = read_lsa_string(p, name.addr);
  for (uint32_t i = 0; i < advapi32_tokens::kPrivilegeCount; ++i)
    if (::strcasecmp(n.c_str(), advapi32_tokens::kPrivilegeNames[i]) == 0) {
      Block blk{p, {}, {}};
      blk.string(blk.reserve(blk.string_size()), advapi32_tokens::kPrivilegeDisplayNames[i]);
      if (language) put<uint16_t>(language.addr, 0x409);
      return give(blk, out);
    }
  return kNoSuchPrivilege;
}

// LsaGetUserName: the user's name and the computer's (its domain), each an LSA_UNICODE_STRING.
uint32_t LsaGetUserName(WindowsProcess& p, Ptr user, Ptr domain) {
  if (!user) return kInvalidParameter;
  Block u{p, {}, {}};
  u.string(u.reserve(u.string_size()), account_user_name());
  if (const uint32_t e = give(u, user)) return e;
  if (domain) {
    Block d{p, {}, {}};
    d.string(d.reserve(d.string_size()), netbios_name());
    return give(d, domain);
  }
  return kSuccess;
}

}  // namespace advapi32_lsa

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_lsa_exports() {
  using namespace advapi32_lsa;
  static const std::vector<Export> exports = {
      EXPORT("LsaOpenPolicy", LsaOpenPolicy),
      EXPORT("LsaClose", LsaClose),
      EXPORT("LsaFreeMemory", LsaFreeMemory),
      EXPORT("LsaNtStatusToWinError", LsaNtStatusToWinError),
      EXPORT("LsaQueryInformationPolicy", LsaQueryInformationPolicy),
      EXPORT("LsaSetInformationPolicy", LsaSetInformationPolicy),
      EXPORT("LsaLookupNames", LsaLookupNames),
      EXPORT("LsaLookupNames2", LsaLookupNames2),
      EXPORT("LsaLookupSids", LsaLookupSids),
      EXPORT("LsaEnumerateAccountRights", LsaEnumerateAccountRights),
      EXPORT("LsaEnumerateAccountsWithUserRight", LsaEnumerateAccountsWithUserRight),
      EXPORT("LsaEnumerateAccounts", LsaEnumerateAccounts),
      EXPORT("LsaAddAccountRights", LsaAddAccountRights),
      EXPORT("LsaRemoveAccountRights", LsaRemoveAccountRights),
      EXPORT("LsaStorePrivateData", LsaStorePrivateData),
      EXPORT("LsaRetrievePrivateData", LsaRetrievePrivateData),
      EXPORT("LsaSetSecret", LsaSetSecret),
      EXPORT("LsaEnumerateTrustedDomains", LsaEnumerateTrustedDomains),
      EXPORT("LsaEnumerateTrustedDomainsEx", LsaEnumerateTrustedDomainsEx),
      EXPORT("LsaCreateTrustedDomainEx", LsaCreateTrustedDomainEx),
      EXPORT("LsaDeleteTrustedDomain", LsaDeleteTrustedDomain),
      EXPORT("LsaOpenTrustedDomainByName", LsaOpenTrustedDomainByName),
      EXPORT("LsaQueryTrustedDomainInfo", LsaQueryTrustedDomainInfo),
      EXPORT("LsaQueryTrustedDomainInfoByName", LsaQueryTrustedDomainInfoByName),
      EXPORT("LsaSetTrustedDomainInfoByName", LsaSetTrustedDomainInfoByName),
      EXPORT("LsaSetTrustedDomainInformation", LsaSetTrustedDomainInformation),
      EXPORT("LsaRegisterPolicyChangeNotification", LsaRegisterPolicyChangeNotification),
      EXPORT("LsaUnregisterPolicyChangeNotification", LsaUnregisterPolicyChangeNotification),
      EXPORT("LsaLookupPrivilegeName", LsaLookupPrivilegeName),
      EXPORT("LsaLookupPrivilegeDisplayName", LsaLookupPrivilegeDisplayName),
      EXPORT("LsaGetUserName", LsaGetUserName),
  };
  return exports;
}

}  // namespace polyrun::shims
