// SECUR32's Schannel package (secur32/schannel.cpp): the SSPI functions secur32/secur32.cpp exports, for
// the one package polyrun has.
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/shim.h"

namespace polyrun::shims::schannel {

// Whether a package name (any case) is Schannel's: "Microsoft Unified Security Protocol Provider"
// (UNISP_NAME) or "Schannel" (SCHANNEL_NAME).
bool is_package(const std::string& name);
// The names and comments of its SecPkgInfo entries, in EnumerateSecurityPackages' order.
struct PackageInfo {
  const char* name;
  const char* comment;
};
constexpr PackageInfo kPackages[] = {
    {"Schannel", "Schannel Security Package"},
    {"Microsoft Unified Security Protocol Provider", "Schannel Security Package"},
};
// SecPkgInfo's other members for both (Windows' values): SECPKG_FLAG_INTEGRITY, _PRIVACY,
// _CONNECTION, _MULTI_REQUIRED, _EXTENDED_ERROR, _IMPERSONATION, _ACCEPT_WIN32_NAME and _STREAM;
// version 1; UNISP_RPC_ID; a 16 KiB token at most.
constexpr uint32_t kCapabilities = 0x7b3, kMaxToken = 16384;
constexpr uint16_t kVersion = 1, kRpcId = 14;

// AcquireCredentialsHandle for the package, its principal and package already read.
int32_t acquire_credentials(WindowsProcess& p, uint32_t use, Ptr auth_data, Ptr credential, Ptr expiry);

int32_t FreeCredentialsHandle(WindowsProcess& p, Ptr credential);
int32_t InitializeSecurityContextA(WindowsProcess& p, Ptr credential, Ptr context, Ptr target, uint32_t req,
                                   uint32_t reserved1, uint32_t data_rep, Ptr input, uint32_t reserved2,
                                   Ptr new_context, Ptr output, Ptr attributes, Ptr expiry);
int32_t InitializeSecurityContextW(WindowsProcess& p, Ptr credential, Ptr context, Ptr target, uint32_t req,
                                   uint32_t reserved1, uint32_t data_rep, Ptr input, uint32_t reserved2,
                                   Ptr new_context, Ptr output, Ptr attributes, Ptr expiry);
int32_t AcceptSecurityContext(WindowsProcess& p, Ptr credential, Ptr context, Ptr input, uint32_t req,
                              uint32_t data_rep, Ptr new_context, Ptr output, Ptr attributes, Ptr expiry);
int32_t DeleteSecurityContext(WindowsProcess& p, Ptr context);
int32_t QuerySecurityContextToken(WindowsProcess& p, Ptr context, Ptr token);
int32_t QueryContextAttributesA(WindowsProcess& p, Ptr context, uint32_t attribute, Ptr buffer);
int32_t QueryContextAttributesW(WindowsProcess& p, Ptr context, uint32_t attribute, Ptr buffer);
int32_t EncryptMessage(WindowsProcess& p, Ptr context, uint32_t qop, Ptr message, uint32_t sequence);
int32_t DecryptMessage(WindowsProcess& p, Ptr context, Ptr message, uint32_t sequence, Ptr qop);
int32_t ApplyControlToken(WindowsProcess& p, Ptr context, Ptr input);
int32_t CompleteAuthToken(WindowsProcess& p, Ptr context, Ptr token);

}  // namespace polyrun::shims::schannel
