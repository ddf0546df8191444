// CRYPT32's CryptFormatObject: structures encoded with CryptEncodeObjectEx, each shown on one
// line and on several (CRYPT_FORMAT_STR_MULTI_LINE): key usage, basic constraints, enhanced key
// usage, alternative names (e-mail, DNS, URL, IP address with its mask, a directory name), the
// authority key identifier, authority information access, a CRL distribution point, Netscape's
// certificate type and comment, Authenticode's financial criteria; an unknown type in hex and
// refused with CRYPT_FORMAT_STR_NO_HEX; the size protocol and its errors.
// Expected output: wine 8.0's (x64).
// Links: -lcrypt32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>

static BYTE der[1024];
static DWORD der_size;

static void encode(LPCSTR type, const void* info) {
  der_size = sizeof der;
  if (!CryptEncodeObjectEx(X509_ASN_ENCODING, type, info, 0, NULL, der, &der_size)) {
    printf("  (encoding failed: %#lx)\n", GetLastError());
    der_size = 0;
  }
}

// Shows the text both ways, each line of the multi-line form on a line of its own, marked with
// `mark`; whether the size given was enough for it.
static void show_marked(const char* what, LPCSTR type, const char* mark) {
  for (int multi = 0; multi < 2; multi++) {
    DWORD size = 0;
    SetLastError(0xdeadbeef);
    BOOL ok = CryptFormatObject(X509_ASN_ENCODING, 0, multi ? CRYPT_FORMAT_STR_MULTI_LINE : 0, NULL, type, der,
                                der_size, NULL, &size);
    if (!ok) {
      printf("%s%s: %d, error %#lx\n", what, multi ? " (lines)" : "", ok, GetLastError());
      continue;
    }
    WCHAR text[2048];
    DWORD got = sizeof text;
    ok = CryptFormatObject(X509_ASN_ENCODING, 0, multi ? CRYPT_FORMAT_STR_MULTI_LINE : 0, NULL, type, der, der_size,
                           text, &got);
    printf("%s%s: %d, size enough %d\n", what, multi ? " (lines)" : "", ok, size >= (wcslen(text) + 1) * sizeof(WCHAR));
    printf("  %s|", mark);
    for (WCHAR* c = text; *c; c++) {
      if (*c == '\r') continue;
      if (*c == '\n') printf("|\n  %s|", mark);
      else printf("%lc", *c);
    }
    printf("|\n");
  }
}

static void show(const char* what, LPCSTR type) { show_marked(what, type, ""); }

int main(void) {
  BYTE usage[2] = {CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_CERT_SIGN_KEY_USAGE | CERT_CRL_SIGN_KEY_USAGE,
                   CERT_DECIPHER_ONLY_KEY_USAGE};
  CRYPT_BIT_BLOB bits = {2, usage, 7};
  encode(X509_KEY_USAGE, &bits);
  show("key usage", X509_KEY_USAGE);
  bits.cbData = 1;
  bits.cUnusedBits = 0;
  encode(X509_KEY_USAGE, &bits);
  show("key usage, one byte, by OID", szOID_KEY_USAGE);

  CERT_BASIC_CONSTRAINTS2_INFO bc = {TRUE, TRUE, 3};
  encode(X509_BASIC_CONSTRAINTS2, &bc);
  show("basic constraints, a CA", X509_BASIC_CONSTRAINTS2);
  CERT_BASIC_CONSTRAINTS2_INFO leaf = {FALSE, FALSE, 0};
  encode(X509_BASIC_CONSTRAINTS2, &leaf);
  show("basic constraints, an end entity", szOID_BASIC_CONSTRAINTS2);

  LPSTR usages[] = {szOID_PKIX_KP_SERVER_AUTH, szOID_PKIX_KP_CODE_SIGNING, "1.2.3.4"};
  CERT_ENHKEY_USAGE eku = {3, usages};
  encode(X509_ENHANCED_KEY_USAGE, &eku);
  show("enhanced key usage", X509_ENHANCED_KEY_USAGE);

  BYTE ip[8] = {192, 168, 1, 10, 255, 255, 255, 0};
  BYTE name_der[] = {0x30, 0x22, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 0x55, 0x53,
                     0x31, 0x13, 0x30, 0x11, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x0a, 0x45, 0x78, 0x61, 0x6d,
                     0x70, 0x6c, 0x65, 0x20, 0x43, 0x41};  // C=US, CN=Example CA
  // (entries whose texts are all 30 characters long: wine 8.0 checks each entry's text against the
  // size of the one before, the first against the last)
  CERT_ALT_NAME_ENTRY entries[5];
  entries[0].dwAltNameChoice = CERT_ALT_NAME_URL;
  entries[0].pwszURL = L"http://ca.example.com/crl/";
  entries[1].dwAltNameChoice = CERT_ALT_NAME_DNS_NAME;
  entries[1].pwszDNSName = L"www.ca.example.org.uk";
  entries[2].dwAltNameChoice = CERT_ALT_NAME_RFC822_NAME;
  entries[2].pwszRfc822Name = L"ca@example.co.uk";
  entries[3].dwAltNameChoice = CERT_ALT_NAME_IP_ADDRESS;
  entries[3].IPAddress.cbData = 8;
  entries[3].IPAddress.pbData = ip;
  entries[4].dwAltNameChoice = CERT_ALT_NAME_DIRECTORY_NAME;
  entries[4].DirectoryName.cbData = sizeof name_der;
  entries[4].DirectoryName.pbData = name_der;
  CERT_ALT_NAME_INFO alt = {3, entries};
  encode(X509_ALTERNATE_NAME, &alt);
  show("alternative names", X509_ALTERNATE_NAME);
  show("the same as a subject's alternative name", szOID_SUBJECT_ALT_NAME2);
  CERT_ALT_NAME_INFO ip_and_name = {2, entries + 3};
  encode(X509_ALTERNATE_NAME, &ip_and_name);
  show_marked("alternative names, IP address and directory name", szOID_SUBJECT_ALT_NAME, "ip");

  BYTE key_id[4] = {0xde, 0xad, 0xbe, 0xef}, serial[2] = {0x01, 0x02};
  CERT_AUTHORITY_KEY_ID2_INFO aki;
  memset(&aki, 0, sizeof aki);
  aki.KeyId.cbData = 4;
  aki.KeyId.pbData = key_id;
  aki.AuthorityCertIssuer.cAltEntry = 1;
  aki.AuthorityCertIssuer.rgAltEntry = &entries[4];
  aki.AuthorityCertSerialNumber.cbData = 2;
  aki.AuthorityCertSerialNumber.pbData = serial;
  encode(X509_AUTHORITY_KEY_ID2, &aki);
  show("authority key identifier", X509_AUTHORITY_KEY_ID2);

  CERT_ACCESS_DESCRIPTION descs[2];
  descs[0].pszAccessMethod = szOID_PKIX_OCSP;
  descs[0].AccessLocation = entries[0];
  descs[1].pszAccessMethod = szOID_PKIX_CA_ISSUERS;
  descs[1].AccessLocation = entries[1];
  CERT_AUTHORITY_INFO_ACCESS aia = {2, descs};
  encode(X509_AUTHORITY_INFO_ACCESS, &aia);
  show("authority information access", szOID_AUTHORITY_INFO_ACCESS);

  CRL_DIST_POINT point;
  memset(&point, 0, sizeof point);
  point.DistPointName.dwDistPointNameChoice = CRL_DIST_POINT_FULL_NAME;
  point.DistPointName.FullName.cAltEntry = 1;
  point.DistPointName.FullName.rgAltEntry = &entries[0];
  CRL_DIST_POINTS_INFO points = {1, &point};
  encode(X509_CRL_DIST_POINTS, &points);
  show("a CRL distribution point", X509_CRL_DIST_POINTS);

  BYTE ns_type = NETSCAPE_SSL_SERVER_AUTH_CERT_TYPE | NETSCAPE_SSL_CA_CERT_TYPE;
  CRYPT_BIT_BLOB ns = {1, &ns_type, 0};
  encode(X509_BITS, &ns);
  show("Netscape certificate type", szOID_NETSCAPE_CERT_TYPE);
  BYTE comment[] = {0x16, 0x0b, 'a', ' ', 'c', 'o', 'm', 'm', 'e', 'n', 't', '!', '!'};
  memcpy(der, comment, sizeof comment);
  der_size = sizeof comment;
  show_marked("Netscape comment", szOID_NETSCAPE_COMMENT, "nc");

  BYTE yes_yes[] = {0x30, 0x06, 0x01, 0x01, 0xff, 0x01, 0x01, 0xff};
  memcpy(der, yes_yes, sizeof yes_yes);
  der_size = sizeof yes_yes;
  show("financial criteria", "1.3.6.1.4.1.311.2.1.27");  // SPC_FINANCIAL_CRITERIA_OBJID

  BYTE other[] = {0x04, 0x03, 0x01, 0x02, 0x03};
  memcpy(der, other, sizeof other);
  der_size = sizeof other;
  show("an unknown type", "1.2.3.4.5");
  DWORD size = 0;
  SetLastError(0xdeadbeef);
  BOOL ok = CryptFormatObject(X509_ASN_ENCODING, 0, CRYPT_FORMAT_STR_NO_HEX, NULL, "1.2.3.4.5", der, der_size, NULL, &size);
  printf("an unknown type without hex: %d, error %#lx\n", ok, GetLastError());
  SetLastError(0xdeadbeef);
  ok = CryptFormatObject(PKCS_7_ASN_ENCODING, 0, 0, NULL, "1.2.3.4.5", der, der_size, NULL, &size);
  printf("PKCS #7 encoding alone: %d, error %#lx\n", ok, GetLastError());
  WCHAR small[4];
  size = sizeof small;
  SetLastError(0xdeadbeef);
  ok = CryptFormatObject(X509_ASN_ENCODING, 0, 0, NULL, "1.2.3.4.5", der, der_size, small, &size);
  printf("into 8 bytes: %d, error %lu, size %lu\n", ok, GetLastError(), size);
  SetLastError(0xdeadbeef);
  ok = CryptFormatObject(X509_ASN_ENCODING, 0, 0, NULL, X509_KEY_USAGE, der, 0, NULL, &size);
  printf("key usage of nothing: %d, error %#lx\n", ok, GetLastError());
  SetLastError(0xdeadbeef);
  ok = CryptFormatObject(X509_ASN_ENCODING, 0, 0, NULL, X509_BASIC_CONSTRAINTS2, other, sizeof other, NULL, &size);
  printf("basic constraints of an octet string: %d, error %#lx\n", ok, GetLastError());
  return 0;
}
