// CRYPT32.dll: the object identifiers CryptoAPI knows by name — CryptFindOIDInfo (by OID, name,
// ALG_ID, signature ALG_ID pair), CryptEnumOIDInfo, CertAlgIdToOID and
// CertOIDToAlgId — over one table of CRYPT_OID_INFO entries (hash, encryption, public key and
// signature algorithms, RDN attributes, extensions and attributes, enhanced key usages, policies),
// the names being the English ones Windows shows; and CryptFindLocalizedName, the system stores'
// names as Windows shows them. Both tables are placed in the program's memory once, on first use,
// and handed out as they are (never freed, as Windows' are not).
#include <cstring>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/crypt32.h"

namespace polyrun::shims::crypt32 {
namespace oid_info {
namespace {

using stores::GuestBlock;

// What an entry's ExtraInfo holds (DWORDs): a public key entry's flags, a signature entry's public
// key ALG_ID (and flags), an RDN attribute's allowed string types (ending with 0).
enum class Extra {
  none, no_null, mosaic_flags, rsa_sign, dss_sign, mosaic_sign, ecdsa_sign, ia5, numeric, printable, domain_component
};
constexpr uint32_t kNoNullParameters = 0x4, kInhibitSignatureFormat = 0x1;  // CRYPT_OID_*_FLAG
constexpr uint32_t kCalgRsaSign = 0x2400, kCalgDssSign = 0x2200, kCalgOidInfoParameters = 0xfffffffe;
constexpr uint32_t kRdnNumeric = 3, kRdnPrintable = 4, kRdnIa5 = 7, kRdnUtf8 = 13;  // CERT_RDN_*

std::vector<uint32_t> extra_words(Extra e) {
  switch (e) {
    case Extra::none: return {};
    case Extra::no_null: return {kNoNullParameters};
    case Extra::mosaic_flags: return {kInhibitSignatureFormat | kNoNullParameters};
    case Extra::rsa_sign: return {kCalgRsaSign};
    case Extra::dss_sign: return {kCalgDssSign, kNoNullParameters};
    case Extra::mosaic_sign: return {kCalgDssSign, kInhibitSignatureFormat | kNoNullParameters};
    case Extra::ecdsa_sign: return {kCalgOidInfoParameters, kNoNullParameters};
    case Extra::ia5: return {kRdnIa5, 0};
    case Extra::numeric: return {kRdnNumeric, 0};
    case Extra::printable: return {kRdnPrintable, 0};
    case Extra::domain_component: return {kRdnIa5, kRdnUtf8, 0};
  }
  return {};
}

struct Entry {
  uint32_t group;  // CRYPT_*_ALG_OID_GROUP_ID … CRYPT_POLICY_OID_GROUP_ID (1 … 8)
  const char* oid;
  uint32_t algid;  // ALG_ID (0 where none; CALG_OID_INFO_CNG_ONLY for CNG's alone)
  const char16_t* name;
  Extra extra;
  const char16_t* cng_algid;        // CNG's name of the algorithm (a signature's hash)
  const char16_t* cng_extra_algid;  // a signature's public key algorithm
};

// In the order a search meets them: the first entry that matches is the one found.
const Entry kEntries[] = {
    {1, "1.3.14.3.2.26", 0x00008004, u"sha1", Extra::none, nullptr, nullptr},
    {1, "1.3.14.3.2.26", 0x00008004, u"sha", Extra::none, nullptr, nullptr},
    {1, "1.3.14.3.2.18", 0x00008004, u"sha", Extra::none, nullptr, nullptr},
    {1, "1.2.840.113549.2.5", 0x00008003, u"md5", Extra::none, nullptr, nullptr},
    {1, "1.2.840.113549.2.4", 0x00008002, u"md4", Extra::none, nullptr, nullptr},
    {1, "1.2.840.113549.2.2", 0x00008001, u"md2", Extra::none, nullptr, nullptr},
    {1, "2.16.840.1.101.3.4.2.1", 0x0000800c, u"sha256", Extra::none, nullptr, nullptr},
    {1, "2.16.840.1.101.3.4.2.2", 0x0000800d, u"sha384", Extra::none, nullptr, nullptr},
    {1, "2.16.840.1.101.3.4.2.3", 0x0000800e, u"sha512", Extra::none, nullptr, nullptr},
    {2, "1.3.14.3.2.7", 0x00006601, u"des", Extra::none, nullptr, nullptr},
    {2, "1.2.840.113549.3.7", 0x00006603, u"3des", Extra::none, nullptr, nullptr},
    {2, "1.2.840.113549.3.2", 0x00006602, u"rc2", Extra::none, nullptr, nullptr},
    {2, "1.2.840.113549.3.4", 0x00006801, u"rc4", Extra::none, nullptr, nullptr},
    {2, "1.2.840.113549.1.9.16.3.6", 0x00006603, u"CMS3DESwrap", Extra::none, nullptr, nullptr},
    {2, "1.2.840.113549.1.9.16.3.7", 0x00006602, u"CMSRC2wrap", Extra::none, nullptr, nullptr},
    {3, "1.2.840.113549.1.1.1", 0x0000a400, u"RSA", Extra::none, nullptr, nullptr},
    {3, "1.2.840.10040.4.1", 0x00002200, u"DSA", Extra::no_null, nullptr, nullptr},
    {3, "1.2.840.10046.2.1", 0x0000aa01, u"DH", Extra::no_null, nullptr, nullptr},
    {3, "1.2.840.113549.1.1.1", 0x0000a400, u"RSA_KEYX", Extra::none, nullptr, nullptr},
    {3, "1.2.840.113549.1.1.1", 0x00002400, u"RSA", Extra::none, nullptr, nullptr},
    {3, "1.2.840.113549.1.1.1", 0x00002400, u"RSA_SIGN", Extra::none, nullptr, nullptr},
    {3, "1.3.14.3.2.12", 0x00002200, u"DSA", Extra::no_null, nullptr, nullptr},
    {3, "1.3.14.3.2.12", 0x00002200, u"DSS", Extra::no_null, nullptr, nullptr},
    {3, "1.3.14.3.2.12", 0x00002200, u"DSA_SIGN", Extra::no_null, nullptr, nullptr},
    {3, "1.2.840.113549.1.3.1", 0x0000aa01, u"DH", Extra::no_null, nullptr, nullptr},
    {3, "1.3.14.3.2.22", 0x0000a400, u"RSA_KEYX", Extra::none, nullptr, nullptr},
    {3, "2.16.840.1.101.2.1.1.20", 0x00002200, u"mosaicKMandUpdSig", Extra::mosaic_flags, nullptr, nullptr},
    {3, "1.2.840.113549.1.9.16.3.5", 0x0000aa02, u"ESDH", Extra::no_null, nullptr, nullptr},
    {3, "1.3.6.1.5.5.7.6.2", 0x00002000, u"NOSIGN", Extra::none, nullptr, nullptr},
    {4, "1.2.840.113549.1.1.5", 0x00008004, u"sha1RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.2.840.113549.1.1.11", 0x0000800c, u"sha256RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.2.840.113549.1.1.12", 0x0000800d, u"sha384RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.2.840.113549.1.1.13", 0x0000800e, u"sha512RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.2.840.113549.1.1.4", 0x00008003, u"md5RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.2.840.10040.4.3", 0x00008004, u"sha1DSA", Extra::dss_sign, nullptr, nullptr},
    {4, "1.3.14.3.2.29", 0x00008004, u"sha1RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.3.14.3.2.29", 0x00008004, u"shaRSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.3.14.3.2.15", 0x00008004, u"shaRSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.3.14.3.2.3", 0x00008003, u"md5RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.2.840.113549.1.1.2", 0x00008001, u"md2RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.2.840.113549.1.1.3", 0x00008002, u"md4RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.3.14.3.2.2", 0x00008002, u"md4RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.3.14.3.2.4", 0x00008002, u"md4RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.3.14.7.2.3.1", 0x00008001, u"md2RSA", Extra::rsa_sign, nullptr, nullptr},
    {4, "1.3.14.3.2.13", 0x00008004, u"sha1DSA", Extra::dss_sign, nullptr, nullptr},
    {4, "1.3.14.3.2.13", 0x00008004, u"shaDSA", Extra::dss_sign, nullptr, nullptr},
    {4, "1.3.14.3.2.27", 0x00008004, u"dsaSHA1", Extra::dss_sign, nullptr, nullptr},
    {4, "2.16.840.1.101.2.1.1.19", 0x00008004, u"mosaicUpdatedSig", Extra::mosaic_sign, nullptr, nullptr},
    {4, "1.2.840.10045.4.3.2", 0xffffffff, u"sha256ECDSA", Extra::ecdsa_sign, u"SHA256", u"CryptOIDInfoECCParameters"},
    {4, "1.2.840.10045.4.3.3", 0xffffffff, u"sha384ECDSA", Extra::ecdsa_sign, u"SHA384", u"CryptOIDInfoECCParameters"},
    {5, "2.5.4.3", 0x00000000, u"CN", Extra::none, nullptr, nullptr},
    {5, "2.5.4.7", 0x00000000, u"L", Extra::none, nullptr, nullptr},
    {5, "2.5.4.10", 0x00000000, u"O", Extra::none, nullptr, nullptr},
    {5, "2.5.4.11", 0x00000000, u"OU", Extra::none, nullptr, nullptr},
    {5, "1.2.840.113549.1.9.1", 0x00000000, u"E", Extra::ia5, nullptr, nullptr},
    {5, "1.2.840.113549.1.9.1", 0x00000000, u"Email", Extra::ia5, nullptr, nullptr},
    {5, "2.5.4.6", 0x00000000, u"C", Extra::printable, nullptr, nullptr},
    {5, "2.5.4.8", 0x00000000, u"S", Extra::none, nullptr, nullptr},
    {5, "2.5.4.8", 0x00000000, u"ST", Extra::none, nullptr, nullptr},
    {5, "2.5.4.9", 0x00000000, u"STREET", Extra::none, nullptr, nullptr},
    {5, "2.5.4.12", 0x00000000, u"T", Extra::none, nullptr, nullptr},
    {5, "2.5.4.12", 0x00000000, u"Title", Extra::none, nullptr, nullptr},
    {5, "2.5.4.42", 0x00000000, u"G", Extra::none, nullptr, nullptr},
    {5, "2.5.4.42", 0x00000000, u"GN", Extra::none, nullptr, nullptr},
    {5, "2.5.4.42", 0x00000000, u"GivenName", Extra::none, nullptr, nullptr},
    {5, "2.5.4.43", 0x00000000, u"I", Extra::none, nullptr, nullptr},
    {5, "2.5.4.43", 0x00000000, u"Initials", Extra::none, nullptr, nullptr},
    {5, "2.5.4.4", 0x00000000, u"SN", Extra::none, nullptr, nullptr},
    {5, "0.9.2342.19200300.100.1.25", 0x00000000, u"DC", Extra::domain_component, nullptr, nullptr},
    {5, "2.5.4.13", 0x00000000, u"Description", Extra::none, nullptr, nullptr},
    {5, "2.5.4.17", 0x00000000, u"PostalCode", Extra::none, nullptr, nullptr},
    {5, "2.5.4.18", 0x00000000, u"POBox", Extra::none, nullptr, nullptr},
    {5, "2.5.4.20", 0x00000000, u"Phone", Extra::printable, nullptr, nullptr},
    {5, "2.5.4.24", 0x00000000, u"X21Address", Extra::numeric, nullptr, nullptr},
    {5, "2.5.4.46", 0x00000000, u"dnQualifier", Extra::none, nullptr, nullptr},
    {5, "2.5.4.5", 0x00000000, u"SERIALNUMBER", Extra::none, nullptr, nullptr},
    {6, "2.5.29.35", 0x00000000, u"Authority Key Identifier", Extra::none, nullptr, nullptr},
    {6, "2.5.29.1", 0x00000000, u"Authority Key Identifier", Extra::none, nullptr, nullptr},
    {6, "2.5.29.2", 0x00000000, u"Key Attributes", Extra::none, nullptr, nullptr},
    {6, "2.5.29.4", 0x00000000, u"Key Usage Restriction", Extra::none, nullptr, nullptr},
    {6, "2.5.29.17", 0x00000000, u"Subject Alternative Name", Extra::none, nullptr, nullptr},
    {6, "2.5.29.7", 0x00000000, u"Subject Alternative Name", Extra::none, nullptr, nullptr},
    {6, "2.5.29.18", 0x00000000, u"Issuer Alternative Name", Extra::none, nullptr, nullptr},
    {6, "2.5.29.18", 0x00000000, u"Issuer Alternative Name", Extra::none, nullptr, nullptr},
    {6, "2.5.29.19", 0x00000000, u"Basic Constraints", Extra::none, nullptr, nullptr},
    {6, "2.5.29.10", 0x00000000, u"Basic Constraints", Extra::none, nullptr, nullptr},
    {6, "2.5.29.15", 0x00000000, u"Key Usage", Extra::none, nullptr, nullptr},
    {6, "2.5.29.32", 0x00000000, u"Certificate Policies", Extra::none, nullptr, nullptr},
    {6, "2.5.29.14", 0x00000000, u"Subject Key Identifier", Extra::none, nullptr, nullptr},
    {6, "2.5.29.21", 0x00000000, u"CRL Reason Code", Extra::none, nullptr, nullptr},
    {6, "2.5.29.31", 0x00000000, u"CRL Distribution Points", Extra::none, nullptr, nullptr},
    {6, "2.5.29.37", 0x00000000, u"Enhanced Key Usage", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.1.1", 0x00000000, u"Authority Information Access", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.2.1.14", 0x00000000, u"Certificate Extensions", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.9.14", 0x00000000, u"Certificate Extensions", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.10.2", 0x00000000, u"Next Update Location", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.10.4.1", 0x00000000, u"Yes or No Trust", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.9.1", 0x00000000, u"Email Address", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.9.2", 0x00000000, u"Unstructured Name", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.9.3", 0x00000000, u"Content Type", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.9.4", 0x00000000, u"Message Digest", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.9.5", 0x00000000, u"Signing Time", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.9.6", 0x00000000, u"Counter Sign", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.9.7", 0x00000000, u"Challenge Password", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.9.8", 0x00000000, u"Unstructured Address", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.9.15", 0x00000000, u"S/MIME Capabilities", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.9.15.1", 0x00000000, u"Prefer Signed Data", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.2.1", 0x00000000, u"CPS", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.2.2", 0x00000000, u"User Notice", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.48.1", 0x00000000, u"On-line Certificate Status Protocol", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.48.2", 0x00000000, u"Certification Authority Issuer", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.20.2", 0x00000000, u"Certification Template Name", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.20.2", 0x00000000, u"Certificate Type", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.20.3", 0x00000000, u"Certificate Manifold", Extra::none, nullptr, nullptr},
    {6, "2.16.840.1.113730.1.1", 0x00000000, u"Netscape Cert Type", Extra::none, nullptr, nullptr},
    {6, "2.16.840.1.113730.1.2", 0x00000000, u"Netscape Base URL", Extra::none, nullptr, nullptr},
    {6, "2.16.840.1.113730.1.3", 0x00000000, u"Netscape Revocation URL", Extra::none, nullptr, nullptr},
    {6, "2.16.840.1.113730.1.4", 0x00000000, u"Netscape CA Revocation URL", Extra::none, nullptr, nullptr},
    {6, "2.16.840.1.113730.1.7", 0x00000000, u"Netscape Cert Renewal URL", Extra::none, nullptr, nullptr},
    {6, "2.16.840.1.113730.1.8", 0x00000000, u"Netscape CA Policy URL", Extra::none, nullptr, nullptr},
    {6, "2.16.840.1.113730.1.12", 0x00000000, u"Netscape SSL ServerName", Extra::none, nullptr, nullptr},
    {6, "2.16.840.1.113730.1.13", 0x00000000, u"Netscape Comment", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.2.1.10", 0x00000000, u"SpcSpAgencyInfo", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.2.1.27", 0x00000000, u"SpcFinancialCriteria", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.2.1.26", 0x00000000, u"SpcMinimalCriteria", Extra::none, nullptr, nullptr},
    {6, "2.5.4.6", 0x00000000, u"Country/Region", Extra::none, nullptr, nullptr},
    {6, "2.5.4.10", 0x00000000, u"Organization", Extra::none, nullptr, nullptr},
    {6, "2.5.4.11", 0x00000000, u"Organizational Unit", Extra::none, nullptr, nullptr},
    {6, "2.5.4.3", 0x00000000, u"Common Name", Extra::none, nullptr, nullptr},
    {6, "2.5.4.7", 0x00000000, u"Locality", Extra::none, nullptr, nullptr},
    {6, "2.5.4.8", 0x00000000, u"State or Province", Extra::none, nullptr, nullptr},
    {6, "2.5.4.12", 0x00000000, u"Title", Extra::none, nullptr, nullptr},
    {6, "2.5.4.42", 0x00000000, u"Given Name", Extra::none, nullptr, nullptr},
    {6, "2.5.4.43", 0x00000000, u"Initials", Extra::none, nullptr, nullptr},
    {6, "2.5.4.4", 0x00000000, u"Surname", Extra::none, nullptr, nullptr},
    {6, "0.9.2342.19200300.100.1.25", 0x00000000, u"Domain Component", Extra::none, nullptr, nullptr},
    {6, "2.5.4.9", 0x00000000, u"Street Address", Extra::none, nullptr, nullptr},
    {6, "2.5.4.5", 0x00000000, u"Serial Number", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.1", 0x00000000, u"CA Version", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.22", 0x00000000, u"Cross CA Version", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.10.3.3.1", 0x00000000, u"Serialized Signature Serial Number", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.20.2.3", 0x00000000, u"Principal Name", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.31.1", 0x00000000, u"Windows Product Update", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.13.2.1", 0x00000000, u"Enrollment Name Value Pair", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.13.2.3", 0x00000000, u"OS Version", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.13.2.2", 0x00000000, u"Enrollment CSP", Extra::none, nullptr, nullptr},
    {6, "2.5.29.20", 0x00000000, u"CRL Number", Extra::none, nullptr, nullptr},
    {6, "2.5.29.27", 0x00000000, u"Delta CRL Indicator", Extra::none, nullptr, nullptr},
    {6, "2.5.29.28", 0x00000000, u"Issuing Distribution Point", Extra::none, nullptr, nullptr},
    {6, "2.5.29.46", 0x00000000, u"Freshest CRL", Extra::none, nullptr, nullptr},
    {6, "2.5.29.30", 0x00000000, u"Name Constraints", Extra::none, nullptr, nullptr},
    {6, "2.5.29.33", 0x00000000, u"Policy Mappings", Extra::none, nullptr, nullptr},
    {6, "2.5.29.5", 0x00000000, u"Policy Mappings", Extra::none, nullptr, nullptr},
    {6, "2.5.29.36", 0x00000000, u"Policy Constraints", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.10.9.1", 0x00000000, u"Cross-Certificate Distribution Points", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.10", 0x00000000, u"Application Policies", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.11", 0x00000000, u"Application Policy Mappings", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.12", 0x00000000, u"Application Policy Constraints", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.12.2", 0x00000000, u"CMC Data", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.12.3", 0x00000000, u"CMC Response", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.7", 0x00000000, u"Unsigned CMC Request", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.7.1", 0x00000000, u"CMC Status Info", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.7.8", 0x00000000, u"CMC Extensions", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.10.1", 0x00000000, u"CMC Attributes", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.7.1", 0x00000000, u"PKCS 7 Data", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.7.2", 0x00000000, u"PKCS 7 Signed", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.7.3", 0x00000000, u"PKCS 7 Enveloped", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.7.4", 0x00000000, u"PKCS 7 Signed Enveloped", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.7.5", 0x00000000, u"PKCS 7 Digested", Extra::none, nullptr, nullptr},
    {6, "1.2.840.113549.1.7.6", 0x00000000, u"PKCS 7 Encrypted", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.2", 0x00000000, u"Previous CA Certificate Hash", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.3", 0x00000000, u"Virtual Base CRL Number", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.4", 0x00000000, u"Next CRL Publish", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.5", 0x00000000, u"CA Encryption Certificate", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.6", 0x00000000, u"Key Recovery Agent", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.7", 0x00000000, u"Certificate Template Information", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.8", 0x00000000, u"Enterprise Root OID", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.9", 0x00000000, u"Dummy Signer", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.13", 0x00000000, u"Encrypted Private Key", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.14", 0x00000000, u"Published CRL Locations", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.15", 0x00000000, u"Enforce Certificate Chain Policy", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.7.5", 0x00000000, u"Transaction Id", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.7.6", 0x00000000, u"Sender Nonce", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.7.7", 0x00000000, u"Recipient Nonce", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.7.18", 0x00000000, u"Reg Info", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.7.15", 0x00000000, u"Get Certificate", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.7.16", 0x00000000, u"Get CRL", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.7.17", 0x00000000, u"Revoke Request", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.5.5.7.7.21", 0x00000000, u"Query Pending", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.10.1.1", 0x00000000, u"Certificate Trust List", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.16", 0x00000000, u"Archived Key Certificate Hash", Extra::none, nullptr, nullptr},
    {6, "2.5.29.16", 0x00000000, u"Private Key Usage Period", Extra::none, nullptr, nullptr},
    {6, "1.3.6.1.4.1.311.21.20", 0x00000000, u"Client Information", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.5.5.7.3.1", 0x00000000, u"Server Authentication", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.5.5.7.3.2", 0x00000000, u"Client Authentication", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.5.5.7.3.3", 0x00000000, u"Code Signing", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.5.5.7.3.4", 0x00000000, u"Secure Email", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.5.5.7.3.8", 0x00000000, u"Time Stamping", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.1", 0x00000000, u"Microsoft Trust List Signing", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.2", 0x00000000, u"Microsoft Time Stamping", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.5.5.7.3.5", 0x00000000, u"IP security end system", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.5.5.7.3.6", 0x00000000, u"IP security tunnel termination", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.5.5.7.3.7", 0x00000000, u"IP security user", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.4", 0x00000000, u"Encrypting File System", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.5", 0x00000000, u"Windows Hardware Driver Verification", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.6", 0x00000000, u"Windows System Component Verification", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.7", 0x00000000, u"OEM Windows System Component Verification", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.8", 0x00000000, u"Embedded Windows System Component Verification", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.6.1", 0x00000000, u"Key Pack Licenses", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.6.2", 0x00000000, u"License Server Verification", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.20.2.2", 0x00000000, u"Smart Card Logon", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.5.1", 0x00000000, u"Digital Rights", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.10", 0x00000000, u"Qualified Subordination", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.11", 0x00000000, u"Key Recovery", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.12", 0x00000000, u"Document Signing", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.5.5.8.2.2", 0x00000000, u"IP security IKE intermediate", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.4.1", 0x00000000, u"File Recovery", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.9", 0x00000000, u"Root List Signer", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.12.1", 0x00000000, u"All application policies", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.21.19", 0x00000000, u"Directory Service Email Replication", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.20.2.1", 0x00000000, u"Certificate Request Agent", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.21.6", 0x00000000, u"Key Recovery Agent", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.21.5", 0x00000000, u"CA Encryption Certificate", Extra::none, nullptr, nullptr},
    {7, "1.3.6.1.4.1.311.10.3.13", 0x00000000, u"Lifetime Signing", Extra::none, nullptr, nullptr},
    {8, "2.5.29.32.0", 0x00000000, u"All issuance policies", Extra::none, nullptr, nullptr},
};

// CRYPT_OID_INFO for a pointer width: cbSize, pszOID, pwszName, dwGroupId, Algid,
// ExtraInfo {cbData, pbData}, pwszCNGAlgid, pwszCNGExtraAlgid (x86: 36 bytes; x64: 64).
struct InfoLayout {
  unsigned ptr;
  constexpr size_t oid() const { return ptr; }
  constexpr size_t name() const { return 2 * ptr; }
  constexpr size_t group() const { return 3 * ptr; }
  constexpr size_t algid() const { return 3 * ptr + 4; }
  constexpr size_t extra() const { return 3 * ptr + 8; }
  constexpr size_t cng_algid() const { return 5 * ptr + 8; }
  constexpr size_t cng_extra_algid() const { return 6 * ptr + 8; }
  constexpr size_t size() const { return 7 * ptr + 8; }
};
static_assert(InfoLayout{4}.size() == 36 && InfoLayout{8}.size() == 64);

constexpr size_t kCount = sizeof kEntries / sizeof kEntries[0];

// The table in the program's memory: the address of each entry's CRYPT_OID_INFO (none: out of
// memory).
const std::vector<uint64_t>& placed_table(WindowsProcess& p) {
  static std::mutex m;
  static std::vector<uint64_t> infos;
  std::lock_guard<std::mutex> g(m);
  if (!infos.empty()) return infos;
  const InfoLayout l{p.isa->ptr};
  GuestBlock b(l.ptr);
  const size_t first = b.reserve(kCount * l.size());
  auto wide = [&](const char16_t* s) {
    const size_t n = std::char_traits<char16_t>::length(s) + 1;
    return b.append(s, n * 2, 2);
  };
  for (size_t i = 0; i < kCount; ++i) {
    const Entry& e = kEntries[i];
    const size_t at = first + i * l.size();
    b.u32(at, static_cast<uint32_t>(l.size()));
    b.pointer(at + l.oid(), b.append_string(e.oid));
    b.pointer(at + l.name(), wide(e.name));
    b.u32(at + l.group(), e.group);
    b.u32(at + l.algid(), e.algid);
    const std::vector<uint32_t> words = extra_words(e.extra);
    b.blob(at + l.extra(), Bytes(reinterpret_cast<const uint8_t*>(words.data()),
                                 reinterpret_cast<const uint8_t*>(words.data() + words.size())));
    if (e.cng_algid) b.pointer(at + l.cng_algid(), wide(e.cng_algid));
    if (e.cng_extra_algid) b.pointer(at + l.cng_extra_algid(), wide(e.cng_extra_algid));
  }
  const uint64_t base = stores::commit_block(p, b);
  if (!base) return infos;
  for (size_t i = 0; i < kCount; ++i) infos.push_back(base + first + i * l.size());
  return infos;
}

// The group a dwGroupId asks for: its low 16 bits (the others are flags and a key length); 0: any.
bool in_group(const Entry& e, uint32_t group_id) {
  const uint32_t group = group_id & 0xffff;
  return group == 0 || e.group == group;
}

// The keys a search can be by. (CRYPT_OID_INFO_CNG_ALGID_KEY and CRYPT_OID_INFO_CNG_SIGN_KEY find
// nothing: the table names CNG's algorithms for ECDSA's signatures alone.)
constexpr uint32_t kOidKey = 1, kNameKey = 2, kAlgidKey = 3, kSignKey = 4;

// A search's key, read from the program's memory once: an OID, a name, an ALG_ID, or a signature's
// {hash ALG_ID, public key ALG_ID}.
struct Key {
  uint32_t type;
  std::string oid;
  std::u16string name;
  uint32_t algid = 0, public_key = 0;
};
Key read_key(uint32_t type, uint64_t at) {
  Key k{type};
  switch (type) {
    case kOidKey: k.oid = CStr{at}.str(); break;
    case kNameKey: k.name = WStr{at}.str(); break;
    case kAlgidKey: k.algid = get<uint32_t>(at); break;
    case kSignKey: k.algid = get<uint32_t>(at), k.public_key = get<uint32_t>(at + 4); break;
  }
  return k;
}

// Whether entry `e` is the one key `k` names.
bool matches(const Entry& e, const Key& k) {
  switch (k.type) {
    case kOidKey: return k.oid == e.oid;
    case kNameKey: return k.name == e.name;
    case kAlgidKey: return k.algid == e.algid;
    case kSignKey: {
      // A signature entry's Algid and the first DWORD of its ExtraInfo.
      const std::vector<uint32_t> words = extra_words(e.extra);
      return k.algid == e.algid && !words.empty() && words[0] == k.public_key;
    }
  }
  return false;
}

// The first entry of `group_id` a key names, or none (-1). The key is read when a first entry of
// the group is there to compare it with.
long find(uint32_t key_type, uint64_t key, uint32_t group_id) {
  // (The key type's high 16 bits are flags of the search, CRYPT_OID_INFO_OID_KEY_FLAGS_MASK.)
  const uint32_t type = key_type & 0xffff;
  std::optional<Key> k;
  for (size_t i = 0; i < kCount; ++i) {
    if (!in_group(kEntries[i], group_id)) continue;
    if (!k) k = read_key(type, key);
    if (matches(kEntries[i], *k)) return static_cast<long>(i);
  }
  return -1;
}

Ptr CryptFindOIDInfo(WindowsProcess& p, uint32_t key_type, Ptr key, uint32_t group_id) {
  const long i = find(key_type, key.addr, group_id);
  if (i < 0) return Ptr(0);
  const auto& infos = placed_table(p);
  return Ptr(infos.empty() ? 0 : infos[static_cast<size_t>(i)]);
}

// Calls `callback(info, arg)` for each entry of the group in turn, until one returns FALSE.
BOOL CryptEnumOIDInfo(WindowsProcess& p, uint32_t group_id, uint32_t, Ptr arg, Ptr callback) {
  const auto& infos = placed_table(p);
  if (infos.empty()) return FALSE;
  for (size_t i = 0; i < kCount; ++i) {
    if (!in_group(kEntries[i], group_id)) continue;
    if (!static_cast<uint32_t>(p.call_guest(callback.addr, {infos[i], arg.addr}))) return FALSE;
  }
  return TRUE;
}

Ptr CertAlgIdToOID(WindowsProcess& p, uint32_t algid) {
  for (size_t i = 0; i < kCount; ++i) {
    if (kEntries[i].algid != algid) continue;
    const auto& infos = placed_table(p);
    return Ptr(infos.empty() ? 0 : p.get_ptr(infos[i] + InfoLayout{p.isa->ptr}.oid()));
  }
  return Ptr(0);
}

uint32_t CertOIDToAlgId(WindowsProcess&, CStr oid) {
  const std::string want = oid.str();
  for (const Entry& e : kEntries)
    if (want == e.oid) return e.algid;
  return 0;
}

// The system stores' names as Windows shows them, CryptFindLocalizedName's.
struct LocalizedName {
  const char* key;  // matched without regard to case
  const char16_t* name;
};
constexpr LocalizedName kLocalizedNames[] = {
    {"ROOT", u"Trusted Root Certification Authorities"},
    {"MY", u"Personal"},
    {"CA", u"Intermediate Certification Authorities"},
    {"ADDRESSBOOK", u"Other People"},
    {"TrustedPublisher", u"Trusted Publishers"},
    {"Disallowed", u"Untrusted Certificates"},
};

bool same_ignoring_case(const std::u16string& a, const char* b) {
  size_t i = 0;
  for (; i < a.size() && b[i]; ++i) {
    const char16_t c = a[i];
    const char16_t folded = c >= u'a' && c <= u'z' ? c - 32 : c;
    const char d = b[i] >= 'a' && b[i] <= 'z' ? b[i] - 32 : b[i];
    if (folded != static_cast<char16_t>(static_cast<unsigned char>(d))) return false;
  }
  return i == a.size() && !b[i];
}

// The localized names in the program's memory (none: out of memory).
const std::vector<uint64_t>& placed_names(WindowsProcess& p) {
  static std::mutex m;
  static std::vector<uint64_t> names;
  std::lock_guard<std::mutex> g(m);
  if (!names.empty()) return names;
  GuestBlock b(p.isa->ptr);
  std::vector<size_t> at;
  for (const LocalizedName& n : kLocalizedNames)
    at.push_back(b.append(n.name, 2 * (std::char_traits<char16_t>::length(n.name) + 1), 2));
  const uint64_t base = stores::commit_block(p, b);
  if (!base) return names;
  for (size_t a : at) names.push_back(base + a);
  return names;
}

Ptr CryptFindLocalizedName(WindowsProcess& p, WStr name) {
  const std::u16string want = name.str();
  for (size_t i = 0; i < std::size(kLocalizedNames); ++i) {
    if (!same_ignoring_case(want, kLocalizedNames[i].key)) continue;
    const auto& names = placed_names(p);
    return Ptr(names.empty() ? 0 : names[i]);
  }
  return Ptr(0);
}

}  // namespace
}  // namespace oid_info

std::u16string oid_name(const std::string& oid, uint32_t group) {
  for (const oid_info::Entry& e : oid_info::kEntries)
    if (e.group == group && oid == e.oid) return e.name;
  return {};
}

const std::vector<Export>& oid_info_exports() {
  using namespace oid_info;
  static const std::vector<Export> exports = {
      EXPORT("CertAlgIdToOID", CertAlgIdToOID),
      EXPORT("CertOIDToAlgId", CertOIDToAlgId),
      EXPORT("CryptEnumOIDInfo", CryptEnumOIDInfo),
      EXPORT("CryptFindLocalizedName", CryptFindLocalizedName),
      EXPORT("CryptFindOIDInfo", CryptFindOIDInfo),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
