// SECUR32.dll (and SSPICLI.dll, its newer home): the Security Support Provider Interface's entry
// points, with one security package, Schannel (TLS: secur32/schannel.cpp), under both its names;
// there is no Kerberos, NTLM or Negotiate. Also the LSA's logon-session functions: the one logon
// session, the user's interactive one.
#include <strings.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "shims/secur32/exports.h"
#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/nt_status.h"
#include "shims/core/proc_stat.h"
#include "shims/secur32/schannel.h"
#include "shims/core/dll_state.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

const std::vector<Export>& secur32_directory_name_exports();  // secur32/directory_names.cpp

namespace {

constexpr int32_t SEC_E_OK = 0, SEC_E_SECPKG_NOT_FOUND = static_cast<int32_t>(0x80090305),
                  SEC_E_INSUFFICIENT_MEMORY = static_cast<int32_t>(0x80090300);

// SecPkgInfo{A,W}: fCapabilities, wVersion, wRPCID, cbMaxToken, Name, Comment (20 bytes on i386,
// 32 on x64). `count` entries from `first` of Schannel's, their strings after them in the same
// context buffer (FreeContextBuffer frees the lot).
uint64_t package_infos(WindowsProcess& p, size_t first, size_t count, bool wide) {
  const unsigned ps = p.isa->ptr, size = ps == 8 ? 32 : 20, name_at = ps == 8 ? 16 : 12;
  std::string strings;
  std::vector<std::pair<size_t, size_t>> at;  // each entry's name and comment offsets in `strings`
  auto add = [&](const char* s) {
    const size_t off = strings.size();
    if (wide) {
      const std::u16string w = utf8_to_utf16(s);
      strings.append(reinterpret_cast<const char*>(w.c_str()), (w.size() + 1) * 2);
    } else {
      strings.append(s, std::strlen(s) + 1);
    }
    return off;
  };
  for (size_t i = first; i < first + count; ++i) {
    const size_t name = add(schannel::kPackages[i].name);
    at.emplace_back(name, add(schannel::kPackages[i].comment));
  }
  const uint64_t block = p.heap.alloc(count * size + strings.size(), true);
  if (!block) return 0;
  const uint64_t text = block + count * size;
  std::memcpy(guest_pointer(text), strings.data(), strings.size());
  for (size_t i = 0; i < count; ++i) {
    const uint64_t e = block + i * size;
    put<uint32_t>(e, schannel::kCapabilities);
    put<uint16_t>(e + 4, schannel::kVersion);
    put<uint16_t>(e + 6, schannel::kRpcId);
    put<uint32_t>(e + 8, schannel::kMaxToken);
    p.put_ptr(e + name_at, text + at[i].first);
    p.put_ptr(e + name_at + ps, text + at[i].second);
  }
  return block;
}

// EnumerateSecurityPackages(&count, &packages): Schannel's two entries, in a context buffer.
int32_t enumerate(WindowsProcess& p, Ptr count, Ptr packages, bool wide) {
  const size_t n = sizeof schannel::kPackages / sizeof *schannel::kPackages;
  const uint64_t block = package_infos(p, 0, n, wide);
  if (!block) return SEC_E_INSUFFICIENT_MEMORY;
  put<uint32_t>(count.addr, static_cast<uint32_t>(n));
  p.put_ptr(packages.addr, block);
  return SEC_E_OK;
}
int32_t EnumerateSecurityPackagesA(WindowsProcess& p, Ptr count, Ptr packages) { return enumerate(p, count, packages, false); }
int32_t EnumerateSecurityPackagesW(WindowsProcess& p, Ptr count, Ptr packages) { return enumerate(p, count, packages, true); }

int32_t query_package(WindowsProcess& p, const std::string& name, Ptr info, bool wide) {
  for (size_t i = 0; i < sizeof schannel::kPackages / sizeof *schannel::kPackages; ++i) {
    if (strcasecmp(name.c_str(), schannel::kPackages[i].name) != 0) continue;
    const uint64_t block = package_infos(p, i, 1, wide);
    if (!block) return SEC_E_INSUFFICIENT_MEMORY;
    p.put_ptr(info.addr, block);
    return SEC_E_OK;
  }
  if (info) p.put_ptr(info.addr, 0);
  return SEC_E_SECPKG_NOT_FOUND;
}
int32_t QuerySecurityPackageInfoA(WindowsProcess& p, AStr name, Ptr info) { return query_package(p, name.str(), info, false); }
int32_t QuerySecurityPackageInfoW(WindowsProcess& p, WStr name, Ptr info) {
  return query_package(p, utf16_to_utf8(name.str()), info, true);
}

// AcquireCredentialsHandle(principal, package, use, logon id, auth data, get-key function, its
// argument, &credential, &expiry): Schannel's, or no such package.
int32_t AcquireCredentialsHandleA(WindowsProcess& p, Ptr, AStr package, uint32_t use, Ptr, Ptr auth_data, Ptr, Ptr,
                                  Ptr credential, Ptr expiry) {
  if (!package.addr || !schannel::is_package(package.str())) return SEC_E_SECPKG_NOT_FOUND;
  return schannel::acquire_credentials(p, use, auth_data, credential, expiry);
}
int32_t AcquireCredentialsHandleW(WindowsProcess& p, Ptr, WStr package, uint32_t use, Ptr, Ptr auth_data, Ptr, Ptr,
                                  Ptr credential, Ptr expiry) {
  if (!package.addr || !schannel::is_package(utf16_to_utf8(package.str()))) return SEC_E_SECPKG_NOT_FOUND;
  return schannel::acquire_credentials(p, use, auth_data, credential, expiry);
}

int32_t FreeContextBuffer(WindowsProcess& p, Ptr buffer) {
  if (buffer) p.heap.free(buffer.addr);
  return SEC_E_OK;
}

// SecurityFunctionTable{A,W}: dwVersion in a pointer-sized slot, then 31 entries (null where the
// interface has reserved slots, and where polyrun has not the function). Functions of the A and W
// tables share their names' stems.
constexpr const char* kTable[32] = {
    nullptr, "EnumerateSecurityPackages", "QueryCredentialsAttributes", "AcquireCredentialsHandle",
    "FreeCredentialsHandle", nullptr, "InitializeSecurityContext", "AcceptSecurityContext", "CompleteAuthToken",
    "DeleteSecurityContext", "ApplyControlToken", "QueryContextAttributes", "ImpersonateSecurityContext",
    "RevertSecurityContext", "MakeSignature", "VerifySignature", "FreeContextBuffer", "QuerySecurityPackageInfo",
    nullptr, nullptr, "ExportSecurityContext", "ImportSecurityContext", "AddCredentials", nullptr,
    "QuerySecurityContextToken", "EncryptMessage", "DecryptMessage", "SetContextAttributes",
    "SetCredentialsAttributes", "ChangeAccountPassword", "QueryContextAttributesEx", "QueryCredentialsAttributesEx"};

// Whether a table entry's function has A and W forms (the rest take no strings).
bool has_charset_forms(const std::string& n) {
  for (const char* plain : {"FreeCredentialsHandle", "AcceptSecurityContext", "CompleteAuthToken", "DeleteSecurityContext",
                            "ApplyControlToken", "ImpersonateSecurityContext", "RevertSecurityContext", "MakeSignature",
                            "VerifySignature", "FreeContextBuffer", "ExportSecurityContext", "QuerySecurityContextToken",
                            "EncryptMessage", "DecryptMessage"})
    if (n == plain) return false;
  return true;
}

// What SECUR32 keeps per process (core/dll_state.h): InitSecurityInterface's function tables.
struct SspiTables : DllStateBase {
  uint64_t narrow = 0, wide = 0;
};

Ptr security_interface(WindowsProcess& p, bool wide) {
  SspiTables& tables = dll_state<SspiTables>(p);
  uint64_t& table = wide ? tables.wide : tables.narrow;
  if (table) return Ptr(table);
  table = p.alloc_data(32 * p.isa->ptr);
  p.put_ptr(table, 1);  // SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION
  for (unsigned i = 1; i < 32; ++i) {
    if (!kTable[i]) continue;
    std::string name = kTable[i];
    if (has_charset_forms(name)) name += wide ? "W" : "A";
    p.put_ptr(table + i * p.isa->ptr, p.export_thunk(&kSecur32, kSecur32.name, name, kSecur32.find(name)));
  }
  return Ptr(table);
}
Ptr InitSecurityInterfaceA(WindowsProcess& p) { return security_interface(p, false); }
Ptr InitSecurityInterfaceW(WindowsProcess& p) { return security_interface(p, true); }

// ---- the LSA's logon sessions ----

// The logon session of the user running the program, the one session polyrun knows: an
// interactive logon (LogonType 2) in session 1, the session the process token reports
// (TokenSessionId). Its LUID is polyrun's: the first after the LUIDs Windows reserves for its
// well-known logons (SYSTEM's 0x3e7 and the services').
constexpr uint32_t kLogonIdLow = 0x10000, kLogonIdHigh = 0;
constexpr uint32_t STATUS_NO_SUCH_LOGON_SESSION = 0xc000005f;

// LsaEnumerateLogonSessions(&count, &luids): the LUID array is the LSA's, freed by
// LsaFreeReturnBuffer.
uint32_t LsaEnumerateLogonSessions(WindowsProcess& p, Ptr count, Ptr list) {
  if (!count || !list) return nt::kInvalidParameter;
  const uint64_t luids = p.heap.alloc(8);
  if (!luids) return nt::kNoMemory;
  put<uint32_t>(luids, kLogonIdLow);
  put<uint32_t>(luids + 4, kLogonIdHigh);
  put<uint32_t>(count.addr, 1);
  p.put_ptr(list.addr, luids);
  return nt::kSuccess;
}


// When the logon began: the start of the Linux session's leader (the login's first process), a
// FILETIME; 0 when /proc does not say.
uint64_t logon_time() {
  uint64_t start = 0, kernel = 0, user = 0;
  return proc_times(static_cast<uint32_t>(::getsid(0)), start, kernel, user) ? start : 0;
}

// LsaGetLogonSessionData(&luid, &data): a SECURITY_LOGON_SESSION_DATA in one LSA buffer, its
// strings and SID after it.
uint32_t LsaGetLogonSessionData(WindowsProcess& p, Ptr luid, Ptr out) {
  if (!luid || !out) return nt::kInvalidParameter;
  if (get<uint32_t>(luid.addr) != kLogonIdLow || get<uint32_t>(luid.addr + 4) != kLogonIdHigh)
    return STATUS_NO_SUCH_LOGON_SESSION;
  const bool x64 = p.isa->ptr == 8;
  // The structure's offsets (ntsecapi.h): UNICODE_STRINGs of 16 (x64) or 8 bytes.
  struct Offsets {
    uint32_t size, user, domain, package, type, session, sid, time, server, dns, upn, flags, last, script, profile,
        home, drive, logoff, kickoff, pw_set, pw_can, pw_must;
  };
  constexpr Offsets k64{272, 16, 32, 48, 64, 68, 72, 80, 88, 104, 120, 136, 144, 168,
                        184, 200, 216, 232, 240, 248, 256, 264};
  constexpr Offsets k32{184, 12, 20, 28, 36, 40, 44, 48, 56, 64, 72, 80, 88, 112, 120, 128, 136, 144, 152, 160, 168, 176};
  const Offsets& o = x64 ? k64 : k32;
  const std::string computer = netbios_name();
  const std::vector<uint8_t> sid = sid_bytes(account_sid());
  // The strings: the user, its domain (the computer, for a local account), the package that
  // logged it on (NTLM, a local account's), and the logon server (the computer itself).
  const std::u16string strings[] = {utf8_to_utf16(account_user_name()), utf8_to_utf16(computer), u"NTLM",
                                    utf8_to_utf16(computer)};
  const uint32_t string_at[] = {o.user, o.domain, o.package, o.server};
  size_t extra = sid.size();
  for (const auto& s : strings) extra += (s.size() + 1) * 2;
  const uint64_t block = p.heap.alloc(o.size + extra, true);
  if (!block) return nt::kNoMemory;
  put<uint32_t>(block, o.size);
  put<uint32_t>(block + 4, kLogonIdLow);
  put<uint32_t>(block + 8, kLogonIdHigh);
  uint64_t tail = block + o.size;
  std::memcpy(guest_pointer(tail), sid.data(), sid.size());
  p.put_ptr(block + o.sid, tail);
  tail += sid.size();
  for (size_t i = 0; i < 4; ++i) {
    const std::u16string& s = strings[i];
    std::memcpy(guest_pointer(tail), s.c_str(), (s.size() + 1) * 2);
    put<uint16_t>(block + string_at[i], static_cast<uint16_t>(s.size() * 2));        // Length
    put<uint16_t>(block + string_at[i] + 2, static_cast<uint16_t>(s.size() * 2 + 2));  // MaximumLength
    p.put_ptr(block + string_at[i] + (x64 ? 8 : 4), tail);
    tail += (s.size() + 1) * 2;
  }
  put<uint32_t>(block + o.type, 2);     // Interactive
  put<uint32_t>(block + o.session, 1);  // the interactive session
  put<uint64_t>(block + o.time, logon_time());
  // No logoff or kick-off time, and a password that never must change: the largest time.
  constexpr uint64_t kNever = 0x7fffffffffffffffULL;
  put<uint64_t>(block + o.logoff, kNever);
  put<uint64_t>(block + o.kickoff, kNever);
  put<uint64_t>(block + o.pw_must, kNever);
  p.put_ptr(out.addr, block);
  return nt::kSuccess;
}

uint32_t LsaFreeReturnBuffer(WindowsProcess& p, Ptr buffer) {
  if (buffer) p.heap.free(buffer.addr);
  return nt::kSuccess;
}

// Its table: the functions of this file and of the folder's others.
std::vector<Export> with_others(std::vector<Export> own) {
  const auto& names = secur32_directory_name_exports();
  own.insert(own.end(), names.begin(), names.end());
  return own;
}

}  // namespace

const Dll kSecur32{
    "secur32.dll",
    false,
    with_others({
        EXPORT("InitSecurityInterfaceA", InitSecurityInterfaceA),
        EXPORT("InitSecurityInterfaceW", InitSecurityInterfaceW),
        EXPORT("EnumerateSecurityPackagesA", EnumerateSecurityPackagesA),
        EXPORT("EnumerateSecurityPackagesW", EnumerateSecurityPackagesW),
        EXPORT("QuerySecurityPackageInfoA", QuerySecurityPackageInfoA),
        EXPORT("QuerySecurityPackageInfoW", QuerySecurityPackageInfoW),
        EXPORT("AcquireCredentialsHandleA", AcquireCredentialsHandleA),
        EXPORT("AcquireCredentialsHandleW", AcquireCredentialsHandleW),
        EXPORT("FreeCredentialsHandle", schannel::FreeCredentialsHandle),
        EXPORT("InitializeSecurityContextA", schannel::InitializeSecurityContextA),
        EXPORT("InitializeSecurityContextW", schannel::InitializeSecurityContextW),
        EXPORT("AcceptSecurityContext", schannel::AcceptSecurityContext),
        EXPORT("DeleteSecurityContext", schannel::DeleteSecurityContext),
        EXPORT("QuerySecurityContextToken", schannel::QuerySecurityContextToken),
        EXPORT("QueryContextAttributesA", schannel::QueryContextAttributesA),
        EXPORT("QueryContextAttributesW", schannel::QueryContextAttributesW),
        EXPORT("EncryptMessage", schannel::EncryptMessage),
        EXPORT("DecryptMessage", schannel::DecryptMessage),
        EXPORT("ApplyControlToken", schannel::ApplyControlToken),
        EXPORT("CompleteAuthToken", schannel::CompleteAuthToken),
        EXPORT("FreeContextBuffer", FreeContextBuffer),
        EXPORT("LsaEnumerateLogonSessions", LsaEnumerateLogonSessions),
        EXPORT("LsaGetLogonSessionData", LsaGetLogonSessionData),
        EXPORT("LsaFreeReturnBuffer", LsaFreeReturnBuffer),
    }),
};

}  // namespace polyrun::shims
