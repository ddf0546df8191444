// CRYPT32.dll's parts (one file each): certificate stores and contexts (cert_stores.cpp),
// certificate chains and their policies (cert_chains.cpp), DER decoding into CryptoAPI's
// structures (object_decoding.cpp), what a file or blob holds (object_query.cpp), PKCS #12 import
// (pfx_import.cpp), PKCS #7 messages (messages.cpp over signed_data.cpp) and the text forms of
// binary data (crypt32.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/core/windows_process.h"

namespace polyrun::shims::crypt32 {

const std::vector<Export>& certificate_exports();
const std::vector<Export>& chain_exports();
const std::vector<Export>& decoding_exports();
const std::vector<Export>& query_exports();
const std::vector<Export>& pfx_exports();
const std::vector<Export>& helper_exports();
const std::vector<Export>& dpapi_exports();
const std::vector<Export>& str_to_name_exports();
const std::vector<Export>& oid_info_exports();
const std::vector<Export>& encoding_exports();
const std::vector<Export>& store_location_exports();
const std::vector<Export>& formatting_exports();
const std::vector<Export>& public_key_exports();
const std::vector<Export>& certificate_key_exports();
const std::vector<Export>& pfx_export_exports();
const std::vector<Export>& subject_package_exports();  // subject_packages.cpp: CryptSIP*
const std::vector<Export>& list_context_exports();     // list_contexts.cpp: CRL and CTL contexts
const std::vector<Export>& revocation_list_exports();  // revocation_lists.cpp: CertFindCRLInStore …
const std::vector<Export>& trust_list_exports();       // trust_lists.cpp: CertFindCTLInStore, CryptMsgSignCTL …

// The name CryptFindOIDInfo gives an OID in a group (CRYPT_*_OID_GROUP_ID), or "" where the table
// has none (oid_info.cpp).
std::u16string oid_name(const std::string& oid, uint32_t group);

// Whether the bytes are a PKCS #12 PFX GnuTLS can read (pfx_import.cpp; CryptQueryObject asks too).
bool is_pkcs12(const std::vector<uint8_t>& der);

// For SECUR32's Schannel (SECPKG_ATTR_REMOTE_CERT_CONTEXT): a context of a TLS peer's certificate
// (`chain[0]`, DER) whose store holds the rest of the chain it sent, as on Windows; the caller
// owns one reference (CertFreeCertificateContext). 0 when it is not a certificate or memory runs
// out.
uint64_t peer_certificate_context(WindowsProcess& p, const std::vector<std::vector<uint8_t>>& chain);

}  // namespace polyrun::shims::crypt32
