// SECUR32.dll (and SSPICLI.dll, its newer home): the Security Support Provider Interface's entry
// points. polyrun has no security packages (no Kerberos, NTLM or Schannel): programs that ask
// for the interface get its function table — curl does at start-up — and learn that no package
// exists when they look for one; the calls that need a package's context stop the program by
// name, as any function polyrun lacks.
#include <cstring>

#include "shims/guest_memory.h"
#include "shims/shim.h"
#include "shims/text.h"

namespace polyrun::shims {

extern const Dll kSecur32;

namespace {

constexpr int32_t SEC_E_OK = 0, SEC_E_SECPKG_NOT_FOUND = static_cast<int32_t>(0x80090305),
                  SEC_E_INVALID_HANDLE = static_cast<int32_t>(0x80090301);

// EnumerateSecurityPackages(&count, &packages): none. The array is a context buffer, freed by
// FreeContextBuffer.
int32_t EnumerateSecurityPackages(WindowsProcess& p, Ptr count, Ptr packages) {
  put<uint32_t>(count.addr, 0);
  p.put_ptr(packages.addr, 0);
  return SEC_E_OK;
}
int32_t QuerySecurityPackageInfo(WindowsProcess& p, Ptr, Ptr info) {
  if (info) p.put_ptr(info.addr, 0);
  return SEC_E_SECPKG_NOT_FOUND;
}
int32_t AcquireCredentialsHandle(WindowsProcess&, Ptr, Ptr, uint32_t, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr) {
  return SEC_E_SECPKG_NOT_FOUND;
}
// No credentials or contexts are ever handed out: every handle is a bad one.
int32_t FreeCredentialsHandle(WindowsProcess&, Ptr) { return SEC_E_INVALID_HANDLE; }
int32_t DeleteSecurityContext(WindowsProcess&, Ptr) { return SEC_E_INVALID_HANDLE; }
int32_t FreeContextBuffer(WindowsProcess& p, Ptr buffer) {
  if (buffer) p.heap.free(buffer.addr);
  return SEC_E_OK;
}

// SecurityFunctionTable{A,W}: dwVersion in a pointer-sized slot, then 31 entries (null where the
// interface has reserved slots). Functions of the A and W tables share their names' stems.
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
        EXPORT("EnumerateSecurityPackagesA", EnumerateSecurityPackages),
        EXPORT("EnumerateSecurityPackagesW", EnumerateSecurityPackages),
        EXPORT("QuerySecurityPackageInfoA", QuerySecurityPackageInfo),
        EXPORT("QuerySecurityPackageInfoW", QuerySecurityPackageInfo),
        EXPORT("AcquireCredentialsHandleA", AcquireCredentialsHandle),
        EXPORT("AcquireCredentialsHandleW", AcquireCredentialsHandle),
        EXPORT("FreeCredentialsHandle", FreeCredentialsHandle),
        EXPORT("DeleteSecurityContext", DeleteSecurityContext),
        EXPORT("FreeContextBuffer", FreeContextBuffer),
    },
};

}  // namespace polyrun::shims
