// ADVAPI32.dll for console programs: random bytes (SystemFunction036, a.k.a. RtlGenRandom), the
// user name and the process token, IsTextUnicode's guess; the registry is KERNEL32's
// (kernel32/registry.cpp, its older forms advapi32/registry.cpp), SIDs and tokens
// advapi32/security.cpp, security descriptors and ACLs advapi32/acl.cpp, event tracing
// advapi32/event_tracing.cpp, the event log advapi32/event_log.cpp and the CryptoAPI
// advapi32/crypt*.cpp.
#include <pwd.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <set>

#include "shims/advapi32/exports.h"
#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/win_result.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {

const std::vector<Export>& advapi32_registry_exports();  // advapi32/registry.cpp
const std::vector<Export>& advapi32_security_exports();  // advapi32/security.cpp
const std::vector<Export>& advapi32_event_tracing_exports();  // advapi32/event_tracing.cpp
const std::vector<Export>& advapi32_acl_exports();  // advapi32/acl.cpp
const std::vector<Export>& advapi32_event_log_exports();  // advapi32/event_log.cpp
const std::vector<Export>& advapi32_crypt_exports();  // advapi32/crypt.cpp
const std::vector<Export>& advapi32_crypt_key_exports();  // advapi32/crypt_keys.cpp
const std::vector<Export>& advapi32_crypt_hash_exports();  // advapi32/crypt_hashes.cpp
const std::vector<Export>& advapi32_crypt_encryption_exports();  // advapi32/crypt_encryption.cpp
const std::vector<Export>& advapi32_service_exports();  // advapi32/services.cpp

namespace {

uint8_t SystemFunction036(WindowsProcess&, Ptr buf, uint32_t len) {
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = ::getrandom(buf.as<char>() + done, len - done, 0);
    if (n <= 0) return 0;
    done += static_cast<uint32_t>(n);
  }
  return 1;
}

}  // namespace

std::string account_full_name() {
  const struct passwd* pw = ::getpwuid(::geteuid());
  const std::string gecos = pw && pw->pw_gecos ? pw->pw_gecos : "";
  return gecos.substr(0, gecos.find(','));
}

namespace {

int32_t GetUserNameA(WindowsProcess& p, Ptr buf, Ptr size) {
  std::string n = account_user_name();
  uint32_t have = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, static_cast<uint32_t>(n.size() + 1));
  if (n.size() + 1 > have) {
    p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return 0;
  }
  std::memcpy(buf.as<char>(), n.c_str(), n.size() + 1);
  return 1;
}

int32_t GetUserNameW(WindowsProcess& p, Ptr buf, Ptr size) {
  std::u16string n = utf8_to_utf16(account_user_name());
  uint32_t have = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, static_cast<uint32_t>(n.size() + 1));
  if (n.size() + 1 > have) {
    p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return 0;
  }
  std::memcpy(buf.as<char16_t>(), n.c_str(), (n.size() + 1) * 2);
  return 1;
}

// ---- the process token: the privileges of a standard (not elevated) user ----

constexpr uint64_t kProcessToken = 0x70c0;  // a handle CloseHandle accepts (see kernel32/kernel32.cpp)

int32_t OpenProcessToken(WindowsProcess& p, Ptr process, uint32_t, Ptr token) {
  if (!p.is_current_process(process.addr)) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;
  }
  p.tokens.insert(kProcessToken);
  p.put_ptr(token.addr, kProcessToken);
  return 1;
}

// Privilege names and their LUIDs (winnt.h SE_*_PRIVILEGE values).
const char* const kPrivileges[] = {
    "SeCreateTokenPrivilege", "SeAssignPrimaryTokenPrivilege", "SeLockMemoryPrivilege",
    "SeIncreaseQuotaPrivilege", "SeMachineAccountPrivilege", "SeTcbPrivilege", "SeSecurityPrivilege",
    "SeTakeOwnershipPrivilege", "SeLoadDriverPrivilege", "SeSystemProfilePrivilege", "SeSystemtimePrivilege",
    "SeProfileSingleProcessPrivilege", "SeIncreaseBasePriorityPrivilege", "SeCreatePagefilePrivilege",
    "SeCreatePermanentPrivilege", "SeBackupPrivilege", "SeRestorePrivilege", "SeShutdownPrivilege",
    "SeDebugPrivilege", "SeAuditPrivilege", "SeSystemEnvironmentPrivilege", "SeChangeNotifyPrivilege",
    "SeRemoteShutdownPrivilege", "SeUndockPrivilege", "SeSyncAgentPrivilege", "SeEnableDelegationPrivilege",
    "SeManageVolumePrivilege", "SeImpersonatePrivilege", "SeCreateGlobalPrivilege",
    "SeTrustedCredManAccessPrivilege", "SeRelabelPrivilege", "SeIncreaseWorkingSetPrivilege",
    "SeTimeZonePrivilege", "SeCreateSymbolicLinkPrivilege"};
constexpr uint32_t kFirstPrivilege = 2;
// What a standard user's token holds: change notify, shutdown, undock, working set, time zone.
bool held(uint32_t luid) { return luid == 19 || luid == 23 || luid == 25 || luid == 33 || luid == 34; }

int32_t lookup_privilege(WindowsProcess& p, const std::string& name, Ptr luid) {
  for (uint32_t i = 0; i < sizeof kPrivileges / sizeof *kPrivileges; ++i)
    if (::strcasecmp(name.c_str(), kPrivileges[i]) == 0) {
      put<uint32_t>(luid.addr, kFirstPrivilege + i);
      put<int32_t>(luid.addr + 4, 0);
      return 1;
    }
  p.set_last_error(1313);  // ERROR_NO_SUCH_PRIVILEGE
  return 0;
}
int32_t LookupPrivilegeValueA(WindowsProcess& p, CStr, CStr name, Ptr luid) { return lookup_privilege(p, name.str(), luid); }
int32_t LookupPrivilegeValueW(WindowsProcess& p, WStr, WStr name, Ptr luid) {
  return lookup_privilege(p, utf16_to_utf8(name.str()), luid);
}

// The privileges enabled in the process token (their LUIDs): a standard user's token starts with
// SeChangeNotifyPrivilege alone enabled.
std::set<uint32_t>& enabled_privileges() {
  static std::set<uint32_t> enabled{23};
  return enabled;
}

// TOKEN_PRIVILEGES: a count, then LUID_AND_ATTRIBUTES entries (LUID, attributes; 12 bytes).
// Privileges the user holds are enabled (SE_PRIVILEGE_ENABLED) or disabled as asked, or all
// disabled; the others are left out, which the caller learns from ERROR_NOT_ALL_ASSIGNED. The
// previous state (when asked for) holds the privileges that changed, as they were.
int32_t AdjustTokenPrivileges(WindowsProcess& p, Ptr token, int32_t disable_all, Ptr state, uint32_t size, Ptr previous,
                              Ptr length) {
  constexpr uint32_t kEnabled = 2;  // SE_PRIVILEGE_ENABLED
  if (!p.tokens.count(token.addr)) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;
  }
  std::set<uint32_t>& enabled = enabled_privileges();
  std::vector<std::pair<uint32_t, bool>> changes;  // a privilege and whether it becomes enabled
  bool all = true;
  if (disable_all) {
    for (uint32_t luid : enabled) changes.emplace_back(luid, false);
  } else {
    const uint32_t n = state ? get<uint32_t>(state.addr) : 0;
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t luid = get<uint32_t>(state.addr + 4 + 12 * i);
      const uint32_t attributes = get<uint32_t>(state.addr + 12 + 12 * i);
      if (!held(luid)) {
        all = false;
        continue;
      }
      const bool on = (attributes & kEnabled) != 0;
      if (on != (enabled.count(luid) != 0)) changes.emplace_back(luid, on);
    }
  }
  const uint32_t needed = 4 + 12 * static_cast<uint32_t>(changes.size());
  if (previous) {
    if (length) put<uint32_t>(length.addr, needed);
    if (size < needed) return fail(p, ERROR_INSUFFICIENT_BUFFER);
    put<uint32_t>(previous.addr, static_cast<uint32_t>(changes.size()));
    for (size_t i = 0; i < changes.size(); ++i) {
      put<uint32_t>(previous.addr + 4 + 12 * i, changes[i].first);
      put<uint32_t>(previous.addr + 8 + 12 * i, 0);
      put<uint32_t>(previous.addr + 12 + 12 * i, changes[i].second ? 0 : kEnabled);
    }
  }
  for (const auto& [luid, on] : changes) {
    if (on) enabled.insert(luid);
    else enabled.erase(luid);
  }
  p.set_last_error(all ? 0 : 1300);  // ERROR_NOT_ALL_ASSIGNED
  return 1;
}

// IsTextUnicode (NTDLL's RtlIsTextUnicode): the tests asked for in *flags (all without flags) on
// at most the first 256 characters, a last NUL byte left out; the ones passed written back. Not
// Unicode when a reverse or not-Unicode test passed; Unicode when a not-ASCII or Unicode one did.
enum : uint32_t {
  ITU_STATISTICS = 0x2, ITU_CONTROLS = 0x4, ITU_SIGNATURE = 0x8, ITU_REVERSE_CONTROLS = 0x40,
  ITU_REVERSE_SIGNATURE = 0x80, ITU_ODD_LENGTH = 0x200, ITU_NULL_BYTES = 0x1000, ITU_UNICODE_MASK = 0xf,
  ITU_REVERSE_MASK = 0xf0, ITU_NOT_UNICODE_MASK = 0xf00, ITU_NOT_ASCII_MASK = 0xf000,
};
BOOL IsTextUnicode(WindowsProcess&, Ptr buf, int32_t len, Ptr flags_at) {
  if (len < 2) {
    if (flags_at) put<int32_t>(flags_at.addr, 0);
    return FALSE;
  }
  const uint32_t asked = flags_at ? get<uint32_t>(flags_at.addr) : ~0u;
  uint32_t passed = 0;
  if (len & 1) passed |= ITU_ODD_LENGTH;
  if (get<uint8_t>(buf.addr + static_cast<uint64_t>(len) - 1) == 0) --len;
  int32_t n = std::min(len / 2, 256);
  auto at = [&](int32_t i) { return get<uint16_t>(buf.addr + 2 * static_cast<uint64_t>(i)); };
  if (at(0) == 0xfeff) passed |= ITU_SIGNATURE;
  if (at(0) == 0xfffe) passed |= ITU_REVERSE_SIGNATURE;
  if (asked & ITU_STATISTICS) {
    int32_t narrow = 0;
    for (int32_t i = 0; i < n; ++i) narrow += at(i) <= 255;
    if (narrow > n / 2) passed |= ITU_STATISTICS;
  }
  for (int32_t i = 0; i < n; ++i) {
    const uint16_t c = at(i);
    if ((asked & ITU_NULL_BYTES) && (!(c & 0xff) || !(c >> 8))) passed |= ITU_NULL_BYTES;
    if ((asked & ITU_CONTROLS) && (c == '\r' || c == '\n' || c == '\t' || c == ' ' || c == 0x3000)) passed |= ITU_CONTROLS;
    if ((asked & ITU_REVERSE_CONTROLS) && (c == 0x0d00 || c == 0x0a00 || c == 0x0900 || c == 0x2000))
      passed |= ITU_REVERSE_CONTROLS;
  }
  if (flags_at) {
    passed &= asked;
    put<uint32_t>(flags_at.addr, passed);
  }
  if (passed & (ITU_REVERSE_MASK | ITU_NOT_UNICODE_MASK)) return FALSE;
  return (passed & (ITU_NOT_ASCII_MASK | ITU_UNICODE_MASK)) ? TRUE : FALSE;
}

std::vector<Export> with_registry(std::vector<Export> own) {
  for (const auto* more : {&advapi32_registry_exports(), &advapi32_security_exports(), &advapi32_event_tracing_exports(),
                            &advapi32_acl_exports(), &advapi32_event_log_exports(), &advapi32_crypt_exports(),
                            &advapi32_crypt_key_exports(), &advapi32_crypt_hash_exports(), &advapi32_crypt_encryption_exports(),
                            &advapi32_service_exports()})
    own.insert(own.end(), more->begin(), more->end());
  return own;
}

}  // namespace

bool privilege_enabled(uint32_t luid) { return enabled_privileges().count(luid) != 0; }

const Dll kAdvapi32{
    "advapi32.dll",
    false,
    with_registry({
        EXPORT("SystemFunction036", SystemFunction036),
        EXPORT("IsTextUnicode", IsTextUnicode),
        EXPORT("GetUserNameA", GetUserNameA),
        EXPORT("GetUserNameW", GetUserNameW),
        EXPORT("OpenProcessToken", OpenProcessToken),
        EXPORT("LookupPrivilegeValueA", LookupPrivilegeValueA),
        EXPORT("LookupPrivilegeValueW", LookupPrivilegeValueW),
        EXPORT("AdjustTokenPrivileges", AdjustTokenPrivileges),
    }),
};

}  // namespace polyrun::shims
