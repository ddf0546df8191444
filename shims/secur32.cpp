// SECUR32.dll (and SSPICLI.dll, its newer home): the Security Support Provider Interface's entry
// points, with one security package, Schannel (TLS: secur32_schannel.cpp), under both its names;
// there is no Kerberos, NTLM or Negotiate.
#include <strings.h>

#include <cstring>
#include <string>
#include <vector>

#include "shims/guest_memory.h"
#include "shims/secur32_schannel.h"
#include "shims/shim.h"
#include "shims/text.h"

namespace polyrun::shims {

extern const Dll kSecur32;

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
int32_t QuerySecurityPackageInfoA(WindowsProcess& p, CStr name, Ptr info) { return query_package(p, name.str(), info, false); }
int32_t QuerySecurityPackageInfoW(WindowsProcess& p, WStr name, Ptr info) {
  return query_package(p, utf16_to_utf8(name.str()), info, true);
}

// AcquireCredentialsHandle(principal, package, use, logon id, auth data, get-key function, its
// argument, &credential, &expiry): Schannel's, or no such package.
int32_t AcquireCredentialsHandleA(WindowsProcess& p, Ptr, CStr package, uint32_t use, Ptr, Ptr auth_data, Ptr, Ptr,
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

Ptr security_interface(WindowsProcess& p, bool wide) {
  uint64_t& table = wide ? p.sspi_table_w : p.sspi_table_a;
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

}  // namespace

const Dll kSecur32{
    "secur32.dll",
    false,
    {
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
        EXPORT("QueryContextAttributesA", schannel::QueryContextAttributesA),
        EXPORT("QueryContextAttributesW", schannel::QueryContextAttributesW),
        EXPORT("EncryptMessage", schannel::EncryptMessage),
        EXPORT("DecryptMessage", schannel::DecryptMessage),
        EXPORT("ApplyControlToken", schannel::ApplyControlToken),
        EXPORT("CompleteAuthToken", schannel::CompleteAuthToken),
        EXPORT("FreeContextBuffer", FreeContextBuffer),
    },
};

}  // namespace polyrun::shims
