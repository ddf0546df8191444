// ADVAPI32.dll: here random bytes (SystemFunction036, a.k.a. RtlGenRandom), the user name and
// IsTextUnicode's guess, and the table of the DLL, whose families live in the files shims/README.md
// lists: the registry (KERNEL32's, kernel32/registry.cpp; advapi32/registry.cpp and
// registry_more.cpp), SIDs and accounts (security.cpp, security_nt.cpp over NTDLL), tokens
// (tokens.cpp, logons.cpp), access control (acl.cpp, access_check.cpp, private_security.cpp,
// sddl.cpp, trustees.cpp), the LSA (lsa.cpp), services (services*.cpp), event logs and tracing
// (event_log*.cpp, event_tracing.cpp, trace_sessions.cpp), credentials, the CryptoAPI (crypt*.cpp)
// and the rest by their names.
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
const std::vector<Export>& advapi32_token_exports();  // advapi32/tokens.cpp
const std::vector<Export>& advapi32_security_nt_exports();  // advapi32/security_nt.cpp
const std::vector<Export>& advapi32_perf_counter_exports();  // advapi32/perf_counters.cpp
const std::vector<Export>& advapi32_safer_exports();  // advapi32/safer.cpp
const std::vector<Export>& advapi32_service_more_exports();  // advapi32/services_more.cpp
const std::vector<Export>& advapi32_credential_exports();  // advapi32/credentials.cpp
const std::vector<Export>& advapi32_event_log_read_exports();  // advapi32/event_log_read.cpp
const std::vector<Export>& advapi32_system_function_exports();  // advapi32/system_functions.cpp
const std::vector<Export>& advapi32_shutdown_exports();  // advapi32/shutdown.cpp
const std::vector<Export>& advapi32_file_encryption_exports();  // advapi32/file_encryption.cpp
const std::vector<Export>& advapi32_trace_session_exports();  // advapi32/trace_sessions.cpp
const std::vector<Export>& advapi32_registry_more_exports();  // advapi32/registry_more.cpp
const std::vector<Export>& advapi32_lsa_exports();  // advapi32/lsa.cpp
const std::vector<Export>& advapi32_logon_exports();  // advapi32/logons.cpp
const std::vector<Export>& advapi32_trustee_exports();  // advapi32/trustees.cpp
const std::vector<Export>& advapi32_sddl_exports();  // advapi32/sddl.cpp
const std::vector<Export>& advapi32_private_security_exports();  // advapi32/private_security.cpp
const std::vector<Export>& advapi32_access_check_exports();  // advapi32/access_check.cpp

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
  std::string n = utf8_to_ansi(account_user_name());
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
                            &advapi32_service_exports(), &advapi32_token_exports(), &advapi32_security_nt_exports(),
                            &advapi32_access_check_exports(), &advapi32_private_security_exports(),
                            &advapi32_trustee_exports(),
                            &advapi32_sddl_exports(), &advapi32_perf_counter_exports(), &advapi32_safer_exports(), &advapi32_service_more_exports(), &advapi32_credential_exports(), &advapi32_event_log_read_exports(), &advapi32_system_function_exports(), &advapi32_shutdown_exports(), &advapi32_file_encryption_exports(), &advapi32_trace_session_exports(), &advapi32_registry_more_exports(), &advapi32_lsa_exports(), &advapi32_logon_exports()})
    own.insert(own.end(), more->begin(), more->end());
  return own;
}

}  // namespace

const Dll kAdvapi32{
    "advapi32.dll",
    false,
    with_registry({
        EXPORT("SystemFunction036", SystemFunction036),
        EXPORT("IsTextUnicode", IsTextUnicode),
        EXPORT("GetUserNameA", GetUserNameA),
        EXPORT("GetUserNameW", GetUserNameW),
    }),
    {},
    nullptr,
    nullptr,
    // Windows' ADVAPI32 forwards its hashes of the NT era to NTDLL (ntdll/hashes.cpp).
    {{"ntdll.dll", {"MD4Init", "MD4Update", "MD4Final", "MD5Init", "MD5Update", "MD5Final", "A_SHAInit", "A_SHAUpdate",
                    "A_SHAFinal"}}},
};

}  // namespace polyrun::shims
