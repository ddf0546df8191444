// CRYPT32's CryptEncodeObjectEx of names: X509_NAME (string types' bytes as given, BMP and UTF-8
// from UTF-16, an encoded value copied, a multi-valued RDN in DER's order, CERT_RDN_ANY_TYPE
// refused), X509_NAME_VALUE, X509_UNICODE_NAME (UTF-16 values into each string type, a character
// a type does not allow and where it is), X509_UNICODE_NAME_VALUE, alternative names (each kind of
// GeneralName, a character beyond IA5 and where), X509_AUTHORITY_KEY_ID2, authority information
// access, CRL distribution points, the issuing distribution point and name constraints. Expected
// output: wine 8.0's (x64).
// Links: -lcrypt32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>
#include "encoding_shown.h"

static void show(const char *what, LPCSTR type, const void *info) { show_encoding(what, type, info, 1); }

#define TEXT_BLOB(s) {sizeof(s) - 1, (BYTE *)(s)}
#define WIDE_BLOB(s) {0, (BYTE *)(s)}

int main(void) {
  CERT_RDN_ATTR cn = {szOID_COMMON_NAME, CERT_RDN_PRINTABLE_STRING, TEXT_BLOB("polyrun")};
  CERT_RDN_ATTR org = {szOID_ORGANIZATION_NAME, CERT_RDN_UTF8_STRING, WIDE_BLOB(L"P\x00f6lyr\x00fcn")};
  CERT_RDN_ATTR units[] = {{szOID_ORGANIZATIONAL_UNIT_NAME, CERT_RDN_IA5_STRING, TEXT_BLOB("b")},
                           {szOID_ORGANIZATIONAL_UNIT_NAME, CERT_RDN_PRINTABLE_STRING, TEXT_BLOB("a")}};
  CERT_RDN_ATTR mail = {szOID_RSA_emailAddr, CERT_RDN_IA5_STRING, TEXT_BLOB("a@b.c")};
  CERT_RDN_ATTR omega = {szOID_SUR_NAME, CERT_RDN_BMP_STRING, WIDE_BLOB(L"\x03a9x")};
  BYTE printable_der[] = {0x13, 0x02, 0x44, 0x45};
  CERT_RDN_ATTR country = {szOID_COUNTRY_NAME, CERT_RDN_ENCODED_BLOB, {sizeof printable_der, printable_der}};
  CERT_RDN_ATTR teletex = {szOID_LOCALITY_NAME, CERT_RDN_TELETEX_STRING, TEXT_BLOB("T61")};
  CERT_RDN_ATTR numeric = {szOID_POSTAL_CODE, CERT_RDN_NUMERIC_STRING, TEXT_BLOB("80331")};
  CERT_RDN rdns[] = {{1, &country}, {1, &org}, {2, units}, {1, &cn}, {1, &mail}, {1, &omega}, {1, &teletex}, {1, &numeric}};
  CERT_NAME_INFO name = {8, rdns};
  show("name", X509_NAME, &name);
  CERT_NAME_INFO empty = {0, NULL};
  show("empty name", X509_NAME, &empty);
  CERT_RDN_ATTR any = {szOID_COMMON_NAME, CERT_RDN_ANY_TYPE, TEXT_BLOB("x")};
  CERT_RDN any_rdn = {1, &any};
  CERT_NAME_INFO any_name = {1, &any_rdn};
  show("name, any type", X509_NAME, &any_name);

  CERT_NAME_VALUE value = {CERT_RDN_PRINTABLE_STRING, {0, (BYTE *)"abc"}};
  show("name value, up to the NUL", X509_NAME_VALUE, &value);
  value.Value.cbData = 2;
  show("name value, 2 bytes", X509_NAME_VALUE, &value);
  value.dwValueType = CERT_RDN_OCTET_STRING;
  show("name value, octet string", X509_NAME_VALUE, &value);

  CERT_RDN_ATTR wide[] = {
      {szOID_COMMON_NAME, CERT_RDN_PRINTABLE_STRING, WIDE_BLOB(L"polyrun test")},
      {szOID_ORGANIZATION_NAME, CERT_RDN_UTF8_STRING, WIDE_BLOB(L"\x00c4rger \x20ac")},
      {szOID_LOCALITY_NAME, CERT_RDN_BMP_STRING, WIDE_BLOB(L"\x00dc")},
      {szOID_RSA_emailAddr, CERT_RDN_IA5_STRING, WIDE_BLOB(L"x@y.z")},
      {szOID_POSTAL_CODE, CERT_RDN_NUMERIC_STRING, WIDE_BLOB(L"0123")},
      {szOID_STREET_ADDRESS, CERT_RDN_TELETEX_STRING, WIDE_BLOB(L"Stra\x00df" L"e")},
      {szOID_TITLE, CERT_RDN_UNIVERSAL_STRING, WIDE_BLOB(L"Dr")},
  };
  CERT_RDN wide_rdns[7];
  for (int i = 0; i < 7; i++) wide_rdns[i].cRDNAttr = 1, wide_rdns[i].rgRDNAttr = &wide[i];
  CERT_NAME_INFO unicode = {7, wide_rdns};
  show("unicode name", X509_UNICODE_NAME, &unicode);
  CERT_RDN_ATTR bad = {szOID_COMMON_NAME, CERT_RDN_PRINTABLE_STRING, WIDE_BLOB(L"a*b")};
  CERT_RDN bad_rdn = {1, &bad};
  CERT_NAME_INFO bad_name = {1, &bad_rdn};
  show("unicode name, '*' in a printable string", X509_UNICODE_NAME, &bad_name);

  CERT_NAME_VALUE wv = {CERT_RDN_NUMERIC_STRING, WIDE_BLOB(L"12a")};
  show("unicode name value, a letter in a numeric string", X509_UNICODE_NAME_VALUE, &wv);
  wv.dwValueType = CERT_RDN_IA5_STRING;
  wv.Value.pbData = (BYTE *)L"\x00e9";
  show("unicode name value, e-acute in an IA5 string", X509_UNICODE_NAME_VALUE, &wv);
  wv.dwValueType = CERT_RDN_ANY_TYPE;
  show("unicode name value, any type", X509_UNICODE_NAME_VALUE, &wv);
  wv.dwValueType = CERT_RDN_UTF8_STRING;
  wv.Value.pbData = (BYTE *)L"\x4e2d";
  wv.Value.cbData = 2;
  show("unicode name value, UTF-8 of 2 bytes", X509_UNICODE_NAME_VALUE, &wv);

  // Alternative names (GeneralName of each kind) and the authority key identifier.
  BYTE name_der[] = {0x30, 0x0d, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 0x44, 0x45};
  BYTE ip[] = {192, 0, 2, 1};
  CERT_ALT_NAME_ENTRY entries[6];
  entries[0].dwAltNameChoice = CERT_ALT_NAME_RFC822_NAME, entries[0].pwszRfc822Name = L"a@example.org";
  entries[1].dwAltNameChoice = CERT_ALT_NAME_DNS_NAME, entries[1].pwszDNSName = L"example.org";
  entries[2].dwAltNameChoice = CERT_ALT_NAME_URL, entries[2].pwszURL = L"http://example.org/";
  entries[3].dwAltNameChoice = CERT_ALT_NAME_IP_ADDRESS, entries[3].IPAddress.cbData = sizeof ip,
  entries[3].IPAddress.pbData = ip;
  entries[4].dwAltNameChoice = CERT_ALT_NAME_DIRECTORY_NAME, entries[4].DirectoryName.cbData = sizeof name_der,
  entries[4].DirectoryName.pbData = name_der;
  entries[5].dwAltNameChoice = CERT_ALT_NAME_REGISTERED_ID, entries[5].pszRegisteredID = "1.2.3.4";
  CERT_ALT_NAME_INFO alt = {6, entries};
  show("alternative names", X509_ALTERNATE_NAME, &alt);
  show("subject alternative name by OID", szOID_SUBJECT_ALT_NAME2, &alt);
  show("issuer alternative name by OID", szOID_ISSUER_ALT_NAME2, &alt);
  CERT_ALT_NAME_INFO no_alt = {0, NULL};
  show("no alternative names", X509_ALTERNATE_NAME, &no_alt);
  entries[1].pwszDNSName = L"ex\x00e4mple.org";
  show("a DNS name beyond IA5 in entry 1", X509_ALTERNATE_NAME, &alt);
  entries[1].pwszDNSName = L"example.org";
  entries[2].dwAltNameChoice = 12;
  show("an entry of no known kind", X509_ALTERNATE_NAME, &alt);
  entries[2].dwAltNameChoice = CERT_ALT_NAME_URL;

  BYTE key_id[] = {0x01, 0x02, 0x03, 0x04}, serial[] = {0x39, 0x30, 0x80};
  CERT_AUTHORITY_KEY_ID2_INFO aki = {{sizeof key_id, key_id}, {1, &entries[4]}, {sizeof serial, serial}};
  show("authority key identifier", X509_AUTHORITY_KEY_ID2, &aki);
  show("authority key identifier by OID", szOID_AUTHORITY_KEY_IDENTIFIER2, &aki);
  CERT_AUTHORITY_KEY_ID2_INFO only_key = {{sizeof key_id, key_id}, {0, NULL}, {0, NULL}};
  show("authority key identifier, key only", X509_AUTHORITY_KEY_ID2, &only_key);
  CERT_AUTHORITY_KEY_ID2_INFO none = {{0, NULL}, {0, NULL}, {0, NULL}};
  show("authority key identifier, empty", X509_AUTHORITY_KEY_ID2, &none);

  // Authority information access and CRL distribution points (GeneralNames inside).
  CERT_ACCESS_DESCRIPTION access[2] = {{szOID_PKIX_OCSP, entries[2]}, {szOID_PKIX_CA_ISSUERS, entries[1]}};
  CERT_AUTHORITY_INFO_ACCESS aia = {2, access};
  show("authority information access", X509_AUTHORITY_INFO_ACCESS, &aia);
  show("authority information access by OID", szOID_AUTHORITY_INFO_ACCESS, &aia);
  access[1].pszAccessMethod = NULL;
  show("an access description without a method", X509_AUTHORITY_INFO_ACCESS, &aia);

  BYTE reasons[] = {CRL_REASON_KEY_COMPROMISE_FLAG | CRL_REASON_CA_COMPROMISE_FLAG};
  CRL_DIST_POINT points[2];
  memset(points, 0, sizeof points);
  points[0].DistPointName.dwDistPointNameChoice = CRL_DIST_POINT_FULL_NAME;
  points[0].DistPointName.FullName.cAltEntry = 1;
  points[0].DistPointName.FullName.rgAltEntry = &entries[2];
  points[1].ReasonFlags.cbData = sizeof reasons, points[1].ReasonFlags.pbData = reasons, points[1].ReasonFlags.cUnusedBits = 1;
  points[1].CRLIssuer.cAltEntry = 1, points[1].CRLIssuer.rgAltEntry = &entries[4];
  CRL_DIST_POINTS_INFO cdp = {2, points};
  show("CRL distribution points", X509_CRL_DIST_POINTS, &cdp);
  show("CRL distribution points by OID", szOID_CRL_DIST_POINTS, &cdp);
  CRL_DIST_POINTS_INFO no_cdp = {0, NULL};
  show("no CRL distribution points", X509_CRL_DIST_POINTS, &no_cdp);

  // The issuing distribution point and name constraints.
  CRL_ISSUING_DIST_POINT idp;
  memset(&idp, 0, sizeof idp);
  idp.DistPointName = points[0].DistPointName;
  idp.fOnlyContainsCACerts = TRUE;
  idp.OnlySomeReasonFlags = points[1].ReasonFlags;
  idp.fIndirectCRL = TRUE;
  show("issuing distribution point", X509_ISSUING_DIST_POINT, &idp);
  memset(&idp, 0, sizeof idp);
  idp.fOnlyContainsUserCerts = TRUE;
  show("issuing distribution point, user certificates only", szOID_ISSUING_DIST_POINT, &idp);

  CERT_GENERAL_SUBTREE permitted[2], excluded[1];
  memset(permitted, 0, sizeof permitted);
  memset(excluded, 0, sizeof excluded);
  permitted[0].Base = entries[1];
  permitted[1].Base = entries[0];
  permitted[1].dwMinimum = 1, permitted[1].fMaximum = TRUE, permitted[1].dwMaximum = 5;
  excluded[0].Base = entries[3];
  CERT_NAME_CONSTRAINTS_INFO nc = {2, permitted, 1, excluded};
  show("name constraints", X509_NAME_CONSTRAINTS, &nc);
  nc.cPermittedSubtree = 0;
  show("name constraints, excluded only", szOID_NAME_CONSTRAINTS, &nc);
  return 0;
}
