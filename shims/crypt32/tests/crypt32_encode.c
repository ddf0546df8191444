// CRYPT32's CryptEncodeObjectEx and CryptEncodeObject: octet and bit strings (unused bits, key
// usage), integers (int, multi-byte signed and unsigned, enumerated, their shortest forms), enhanced
// key usage, basic constraints (both forms), the authority key identifier's first form, a sequence
// of encoded values, extensions, times (UTCTime, and GeneralizedTime outside 1950-2050 for the
// choice of time), public key info, RSA public key blobs (CryptoAPI's and CNG's), PKCS #9
// attributes, PKCS #7's ContentInfo; types named by OID; the size protocol, CRYPT_ENCODE_ALLOC_FLAG,
// an encoding type nobody encodes and a time UTCTime cannot hold. Expected output: wine 8.0's (x64).
// Links: -lcrypt32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>
#include "encoding_shown.h"
#include <bcrypt.h>

static void show(const char *what, LPCSTR type, const void *info) { show_encoding(what, type, info, 0); }

static FILETIME file_time(WORD year, WORD month, WORD day, WORD hour, WORD minute, WORD second) {
  SYSTEMTIME st = {year, month, 0, day, hour, minute, second, 0};
  FILETIME ft;
  SystemTimeToFileTime(&st, &ft);
  return ft;
}

int main(void) {
  BYTE bytes[] = {0x01, 0x02, 0x03, 0xff, 0x80};
  CRYPT_DATA_BLOB octets = {sizeof bytes, bytes};
  show("octet string", (LPCSTR)X509_OCTET_STRING, &octets);
  show("subject key identifier by OID", szOID_SUBJECT_KEY_IDENTIFIER, &octets);
  CRYPT_DATA_BLOB no_octets = {0, NULL};
  show("empty octet string", (LPCSTR)X509_OCTET_STRING, &no_octets);

  BYTE bit_bytes[] = {0xff, 0xff};
  CRYPT_BIT_BLOB b = {2, bit_bytes, 0};
  show("bits, none unused", (LPCSTR)X509_BITS, &b);
  b.cUnusedBits = 3;
  show("bits, 3 unused", (LPCSTR)X509_BITS, &b);
  b.cUnusedBits = 9;
  show("bits, 9 unused", (LPCSTR)X509_BITS, &b);
  b.cUnusedBits = 16;
  show("bits, 16 unused", (LPCSTR)X509_BITS, &b);
  BYTE usage_bits[] = {CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_CERT_SIGN_KEY_USAGE};
  CRYPT_BIT_BLOB usage = {1, usage_bits, 1};
  show("key usage", (LPCSTR)X509_KEY_USAGE, &usage);
  show("key usage by OID", szOID_KEY_USAGE, &usage);

  int values[] = {0, 1, 127, 128, 256, -1, -128, -129, 0x7fffffff, (int)0x80000000};
  for (int i = 0; i < 10; i++) {
    char what[48];
    snprintf(what, sizeof what, "int %d", values[i]);
    show(what, (LPCSTR)X509_INTEGER, &values[i]);
  }
  int reason = CRL_REASON_KEY_COMPROMISE;
  show("enumerated", (LPCSTR)X509_ENUMERATED, &reason);
  show("CRL reason code by OID", szOID_CRL_REASON_CODE, &reason);

  BYTE big[] = {0x01, 0x00, 0x00, 0x80, 0x00, 0x00};
  CRYPT_INTEGER_BLOB mb = {sizeof big, big};
  show("multi-byte integer", (LPCSTR)X509_MULTI_BYTE_INTEGER, &mb);
  show("multi-byte unsigned", (LPCSTR)X509_MULTI_BYTE_UINT, &mb);
  BYTE negative[] = {0x7f, 0xff, 0xff, 0xff};
  CRYPT_INTEGER_BLOB neg = {sizeof negative, negative};
  show("multi-byte integer -129", (LPCSTR)X509_MULTI_BYTE_INTEGER, &neg);
  show("multi-byte unsigned of those bytes", (LPCSTR)X509_MULTI_BYTE_UINT, &neg);
  BYTE zeros[] = {0, 0, 0};
  CRYPT_INTEGER_BLOB zero = {sizeof zeros, zeros};
  show("multi-byte integer 0", (LPCSTR)X509_MULTI_BYTE_INTEGER, &zero);
  show("multi-byte unsigned 0", (LPCSTR)X509_MULTI_BYTE_UINT, &zero);

  LPSTR usages[] = {szOID_PKIX_KP_SERVER_AUTH, szOID_PKIX_KP_CLIENT_AUTH, "1.2.840.113549.1.1.11"};
  CERT_ENHKEY_USAGE eku = {3, usages};
  show("enhanced key usage", (LPCSTR)X509_ENHANCED_KEY_USAGE, &eku);
  CERT_ENHKEY_USAGE no_eku = {0, NULL};
  show("empty enhanced key usage", szOID_ENHANCED_KEY_USAGE, &no_eku);

  CERT_BASIC_CONSTRAINTS2_INFO bc = {FALSE, FALSE, 0};
  show("basic constraints, end entity", (LPCSTR)X509_BASIC_CONSTRAINTS2, &bc);
  bc.fCA = TRUE;
  show("basic constraints, CA", (LPCSTR)X509_BASIC_CONSTRAINTS2, &bc);
  bc.fPathLenConstraint = TRUE;
  bc.dwPathLenConstraint = 2;
  show("basic constraints, CA, path length 2", szOID_BASIC_CONSTRAINTS2, &bc);

  // The first forms of basic constraints and the authority key identifier.
  BYTE subject_type[] = {CERT_CA_SUBJECT_FLAG};
  BYTE subtree[] = {0x30, 0x00};
  CERT_NAME_BLOB subtrees[] = {{sizeof subtree, subtree}};
  CERT_BASIC_CONSTRAINTS_INFO bc1 = {{1, subject_type, 0}, TRUE, 3, 1, subtrees};
  show("basic constraints (first form)", (LPCSTR)X509_BASIC_CONSTRAINTS, &bc1);
  bc1.fPathLenConstraint = FALSE, bc1.cSubtreesConstraint = 0;
  show("basic constraints (first form), by OID", szOID_BASIC_CONSTRAINTS, &bc1);
  BYTE key_id[] = {0xaa, 0xbb}, issuer[] = {0x30, 0x00}, serial[] = {0x01};
  CERT_AUTHORITY_KEY_ID_INFO aki = {{sizeof key_id, key_id}, {sizeof issuer, issuer}, {sizeof serial, serial}};
  show("authority key identifier (first form)", (LPCSTR)X509_AUTHORITY_KEY_ID, &aki);
  aki.CertIssuer.cbData = 0;
  show("authority key identifier (first form), by OID", szOID_AUTHORITY_KEY_IDENTIFIER, &aki);

  BYTE v1[] = {0x02, 0x01, 0x05}, v2[] = {0x05, 0x00};
  CRYPT_DER_BLOB parts[] = {{sizeof v1, v1}, {sizeof v2, v2}};
  CRYPT_SEQUENCE_OF_ANY seq = {2, parts};
  show("sequence of any", (LPCSTR)X509_SEQUENCE_OF_ANY, &seq);

  BYTE bc_der[] = {0x30, 0x03, 0x01, 0x01, 0xff};
  CERT_EXTENSION ext[] = {
      {szOID_BASIC_CONSTRAINTS2, TRUE, {sizeof bc_der, bc_der}},
      {szOID_SUBJECT_KEY_IDENTIFIER, FALSE, {sizeof bytes, bytes}},
  };
  CERT_EXTENSIONS exts = {2, ext};
  show("extensions", (LPCSTR)X509_EXTENSIONS, &exts);
  show("extensions by OID", szOID_CERT_EXTENSIONS, &exts);

  FILETIME t1 = file_time(2026, 11, 30, 12, 34, 56), t2 = file_time(1999, 12, 31, 23, 59, 59),
           t3 = file_time(2051, 1, 1, 0, 0, 0), t4 = file_time(1949, 12, 31, 0, 0, 0), t5 = file_time(2050, 6, 1, 0, 0, 0);
  show("choice of time 2026", (LPCSTR)X509_CHOICE_OF_TIME, &t1);
  show("choice of time 1999", (LPCSTR)X509_CHOICE_OF_TIME, &t2);
  show("choice of time 2051", (LPCSTR)X509_CHOICE_OF_TIME, &t3);
  show("choice of time 1949", (LPCSTR)X509_CHOICE_OF_TIME, &t4);
  show("choice of time 2050", (LPCSTR)X509_CHOICE_OF_TIME, &t5);
  show("UTC time 2026", (LPCSTR)PKCS_UTC_TIME, &t1);
  show("signing time by OID", szOID_RSA_signingTime, &t2);
  show("UTC time 2051", (LPCSTR)PKCS_UTC_TIME, &t3);

  BYTE key_bits[] = {0x04, 0x11, 0x22, 0x33};
  CERT_PUBLIC_KEY_INFO pki = {{szOID_ECC_PUBLIC_KEY, {0, NULL}}, {sizeof key_bits, key_bits, 0}};
  show("public key info, no parameters", (LPCSTR)X509_PUBLIC_KEY_INFO, &pki);
  BYTE curve[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
  pki.Algorithm.Parameters.cbData = sizeof curve;
  pki.Algorithm.Parameters.pbData = curve;
  show("public key info, P-256", (LPCSTR)X509_PUBLIC_KEY_INFO, &pki);

  struct {
    BLOBHEADER header;
    RSAPUBKEY key;
    BYTE modulus[8];
  } rsa = {{PUBLICKEYBLOB, CUR_BLOB_VERSION, 0, CALG_RSA_KEYX}, {0x31415352, 64, 65537},
           {0x0f, 0x0e, 0x0d, 0x0c, 0x0b, 0x0a, 0x09, 0xc8}};
  show("RSA public key blob", (LPCSTR)RSA_CSP_PUBLICKEYBLOB, &rsa);

  struct {
    BCRYPT_RSAKEY_BLOB header;
    BYTE exponent[3];
    BYTE modulus[8];
  } cng = {{0x31415352, 64, 3, 8, 0, 0}, {0x01, 0x00, 0x01}, {0xc8, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f}};
  show("CNG RSA public key blob", (LPCSTR)CNG_RSA_PUBLIC_KEY_BLOB, &cng);

  // PKCS #9 attributes (their values a SET OF, in DER's order) and PKCS #7's ContentInfo.
  BYTE time_der[] = {0x17, 0x0d, 0x32, 0x36, 0x31, 0x31, 0x33, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x5a};
  BYTE long_value[] = {0x04, 0x02, 0x00, 0x01}, short_value[] = {0x04, 0x01, 0x00}, other_value[] = {0x02, 0x01, 0x07};
  CRYPT_ATTR_BLOB set_values[] = {{sizeof long_value, long_value}, {sizeof other_value, other_value},
                                  {sizeof short_value, short_value}};
  CRYPT_ATTRIBUTE attrs[] = {{szOID_RSA_signingTime, 1, (CRYPT_ATTR_BLOB[]){{sizeof time_der, time_der}}},
                             {szOID_RSA_contentType, 3, set_values}};
  show("attribute", (LPCSTR)PKCS_ATTRIBUTE, &attrs[1]);
  CRYPT_ATTRIBUTES attributes = {2, attrs};
  show("attributes", (LPCSTR)PKCS_ATTRIBUTES, &attributes);
  CRYPT_ATTRIBUTE no_oid = {NULL, 0, NULL};
  show("attribute without an OID", (LPCSTR)PKCS_ATTRIBUTE, &no_oid);
  CRYPT_CONTENT_INFO content = {szOID_RSA_data, {sizeof short_value, short_value}};
  show("content info", (LPCSTR)PKCS_CONTENT_INFO, &content);
  content.Content.cbData = 0;
  show("content info, no content", (LPCSTR)PKCS_CONTENT_INFO, &content);
  content.pszObjId = NULL;
  show("content info without an OID", (LPCSTR)PKCS_CONTENT_INFO, &content);

  // The size protocol, an allocated result, CryptEncodeObject, the encoding type.
  DWORD size = 0;
  BOOL ok = CryptEncodeObjectEx(X509_ASN_ENCODING, X509_ENHANCED_KEY_USAGE, &eku, 0, NULL, NULL, &size);
  printf("size only: %d, %lu\n", ok, size);
  BYTE small[4];
  size = sizeof small;
  SetLastError(0);
  ok = CryptEncodeObjectEx(X509_ASN_ENCODING, X509_ENHANCED_KEY_USAGE, &eku, 0, NULL, small, &size);
  DWORD err = GetLastError();
  printf("into 4 bytes: %d, error %lu, %lu\n", ok, err, size);
  BYTE *allocated = NULL;
  size = 0;
  ok = CryptEncodeObjectEx(X509_ASN_ENCODING, X509_INTEGER, &values[3], CRYPT_ENCODE_ALLOC_FLAG, NULL, &allocated, &size);
  printf("allocated: %d, %lu bytes:", ok, size);
  for (DWORD i = 0; ok && i < size; i++) printf(" %02x", allocated[i]);
  printf("\n");
  LocalFree(allocated);
  BYTE out[16];
  size = sizeof out;
  ok = CryptEncodeObject(X509_ASN_ENCODING, X509_INTEGER, &values[4], out, &size);
  printf("CryptEncodeObject: %d, %lu bytes: %02x %02x %02x %02x\n", ok, size, out[0], out[1], out[2], out[3]);
  size = sizeof out;
  SetLastError(0);
  ok = CryptEncodeObjectEx(2, X509_INTEGER, &values[1], 0, NULL, out, &size);
  err = GetLastError();
  printf("encoding type 2: %d, error %lu\n", ok, err);
  return 0;
}
