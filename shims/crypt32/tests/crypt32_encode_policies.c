// CRYPT32's CryptEncodeObjectEx of policies: certificate policies (with and without qualifiers, a
// policy without its OID), a user notice (its reference and text, each alone), policy mappings and
// constraints, S/MIME capabilities. Expected output: wine 8.0's (x64).
// Links: -lcrypt32
#include <stdio.h>
#include <windows.h>
#include <wincrypt.h>
#include "encoding_shown.h"

static void show(const char *what, LPCSTR type, const void *info) { show_encoding(what, type, info, 0); }

int main(void) {
  BYTE cps[] = {0x16, 0x05, 0x68, 0x74, 0x74, 0x70, 0x3a};
  CERT_POLICY_QUALIFIER_INFO qualifier = {szOID_PKIX_POLICY_QUALIFIER_CPS, {sizeof cps, cps}};
  CERT_POLICY_INFO policies[2] = {{"2.23.140.1.2.1", 0, NULL}, {szOID_ANY_CERT_POLICY, 1, &qualifier}};
  CERT_POLICIES_INFO info = {2, policies};
  show("certificate policies", X509_CERT_POLICIES, &info);
  show("certificate policies by OID", szOID_CERT_POLICIES, &info);
  CERT_POLICIES_INFO none = {0, NULL};
  show("no certificate policies", X509_CERT_POLICIES, &none);
  policies[0].pszPolicyIdentifier = NULL;
  show("a policy without its OID", X509_CERT_POLICIES, &info);

  int numbers[] = {1, 300};
  CERT_POLICY_QUALIFIER_NOTICE_REFERENCE ref = {"polyrun", 2, numbers};
  CERT_POLICY_QUALIFIER_USER_NOTICE notice = {&ref, L"Read \x00e9"};
  show("user notice", X509_PKIX_POLICY_QUALIFIER_USERNOTICE, &notice);
  show("user notice by OID", szOID_PKIX_POLICY_QUALIFIER_USERNOTICE, &notice);
  notice.pNoticeReference = NULL;
  show("user notice, text only", X509_PKIX_POLICY_QUALIFIER_USERNOTICE, &notice);
  notice.pNoticeReference = &ref;
  notice.pszDisplayText = NULL;
  show("user notice, reference only", X509_PKIX_POLICY_QUALIFIER_USERNOTICE, &notice);

  CERT_POLICY_MAPPING maps[2] = {{"1.2.3", "1.2.4"}, {"2.5.29.32.0", "1.3.6.1.4.1.311"}};
  CERT_POLICY_MAPPINGS_INFO mappings = {2, maps};
  show("policy mappings", X509_POLICY_MAPPINGS, &mappings);
  show("policy mappings by OID", szOID_POLICY_MAPPINGS, &mappings);
  show("legacy policy mappings by OID", szOID_LEGACY_POLICY_MAPPINGS, &mappings);
  maps[1].pszSubjectDomainPolicy = NULL;
  show("a mapping without its subject's policy", X509_POLICY_MAPPINGS, &mappings);

  CERT_POLICY_CONSTRAINTS_INFO constraints = {TRUE, 2, FALSE, 0};
  show("policy constraints, explicit", X509_POLICY_CONSTRAINTS, &constraints);
  constraints.fInhibitPolicyMapping = TRUE;
  constraints.dwInhibitPolicyMappingSkipCerts = 0;
  show("policy constraints, both", szOID_POLICY_CONSTRAINTS, &constraints);
  constraints.fRequireExplicitPolicy = FALSE, constraints.fInhibitPolicyMapping = FALSE;
  show("policy constraints, none", X509_POLICY_CONSTRAINTS, &constraints);

  BYTE rc2[] = {0x02, 0x02, 0x00, 0x80};
  CRYPT_SMIME_CAPABILITY caps[2] = {{szOID_NIST_AES256_CBC, {0, NULL}}, {szOID_RSA_RC2CBC, {sizeof rc2, rc2}}};
  CRYPT_SMIME_CAPABILITIES capabilities = {2, caps};
  show("S/MIME capabilities", PKCS_SMIME_CAPABILITIES, &capabilities);
  caps[0].pszObjId = NULL;
  show("a capability without its OID", PKCS_SMIME_CAPABILITIES, &capabilities);
  return 0;
}
