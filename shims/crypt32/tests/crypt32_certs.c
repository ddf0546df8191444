// CRYPT32's certificates and stores: a certificate context made from DER (its CERT_INFO, names in
// every CertNameToStr form and flag, CertGetNameString's types, properties, enhanced key usage,
// validity times, extensions), a memory store (add dispositions, enumeration, finding by subject
// string, hash, issuer; deletion), the system ROOT store (the host's certificate authorities), a
// collection, and CryptStringToBinary/CryptBinaryToString. The certificate is a self-signed test
// certificate made with openssl for this sample (multi-valued RDN, quotes, UTF-8, alt names).
// Links: -lcrypt32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>

#include "test_certificate.h"

static void print_w(const char* label, const WCHAR* w, DWORD ret) {
  char utf8[1024];
  WideCharToMultiByte(CP_UTF8, 0, w, -1, utf8, sizeof utf8, NULL, NULL);
  for (char* c = utf8; *c; ++c)
    if (*c == '\r') *c = '|';  // (CRLF separators shown)
    else if (*c == '\n') *c = '/';
  printf("%s [%lu]: %s\n", label, ret, utf8);
}

static void print_hex(const char* label, const BYTE* b, DWORD n) {
  printf("%s (%lu):", label, n);
  for (DWORD i = 0; i < n; ++i) printf(" %02x", b[i]);
  printf("\n");
}

static void print_time(const char* label, const FILETIME* ft) {
  SYSTEMTIME st;
  FileTimeToSystemTime(ft, &st);
  printf("%s: %04d-%02d-%02d %02d:%02d:%02d\n", label, st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute, st.wSecond);
}

static int count(HCERTSTORE store) {
  int n = 0;
  PCCERT_CONTEXT c = NULL;
  while ((c = CertEnumCertificatesInStore(store, c)) != NULL) ++n;
  return n;
}

static FILETIME year(int y) {
  SYSTEMTIME st = {0};
  FILETIME ft;
  st.wYear = (WORD)y;
  st.wMonth = 6;
  st.wDay = 1;
  SystemTimeToFileTime(&st, &ft);
  return ft;
}

int main(void) {
  WCHAR w[512];
  char a[512];
  BYTE buf[256];
  DWORD n, ret;

  // ---- a context from DER ----
  PCCERT_CONTEXT c = CertCreateCertificateContext(X509_ASN_ENCODING, test_cert, sizeof test_cert);
  printf("CertCreateCertificateContext: %s\n", c ? "ok" : "failed");
  if (!c) return 1;
  PCERT_INFO info = c->pCertInfo;
  printf("encoding %lu, %lu bytes, same bytes: %s, store: %s\n", c->dwCertEncodingType, c->cbCertEncoded,
         memcmp(c->pbCertEncoded, test_cert, sizeof test_cert) == 0 ? "yes" : "no", c->hCertStore ? "yes" : "none");
  printf("version %lu\n", info->dwVersion);
  print_hex("serial", info->SerialNumber.pbData, info->SerialNumber.cbData);
  printf("signature %s, parameters %lu bytes\n", info->SignatureAlgorithm.pszObjId, info->SignatureAlgorithm.Parameters.cbData);
  printf("key %s, parameters %lu bytes, key %lu bytes, %lu unused bits\n", info->SubjectPublicKeyInfo.Algorithm.pszObjId,
         info->SubjectPublicKeyInfo.Algorithm.Parameters.cbData, info->SubjectPublicKeyInfo.PublicKey.cbData,
         info->SubjectPublicKeyInfo.PublicKey.cUnusedBits);
  printf("issuer %lu bytes, subject %lu bytes, the same: %s\n", info->Issuer.cbData, info->Subject.cbData,
         CertCompareCertificateName(X509_ASN_ENCODING, &info->Issuer, &info->Subject) ? "yes" : "no");
  printf("unique ids %lu %lu\n", info->IssuerUniqueId.cbData, info->SubjectUniqueId.cbData);
  for (DWORD i = 0; i < info->cExtension; ++i)
    printf("extension %s critical %d, %lu bytes\n", info->rgExtension[i].pszObjId, info->rgExtension[i].fCritical,
           info->rgExtension[i].Value.cbData);
  FILETIME t2020 = year(2020), t2030 = year(2030), t2040 = year(2040);
  printf("valid in 2020 %ld, 2030 %ld, 2040 %ld\n", CertVerifyTimeValidity(&t2020, info), CertVerifyTimeValidity(&t2030, info),
         CertVerifyTimeValidity(&t2040, info));
  printf("NotAfter after NotBefore by more than 9 years: %s\n",
         (((ULONGLONG)info->NotAfter.dwHighDateTime << 32 | info->NotAfter.dwLowDateTime) -
          ((ULONGLONG)info->NotBefore.dwHighDateTime << 32 | info->NotBefore.dwLowDateTime)) / 10000000ull / 86400 > 9 * 365 ? "yes" : "no");
  PCERT_EXTENSION san = CertFindExtension(szOID_SUBJECT_ALT_NAME2, info->cExtension, info->rgExtension);
  printf("CertFindExtension(subjectAltName): %s\n", san ? (san == &info->rgExtension[0] ? "the first" : "another") : "none");
  SetLastError(0);
  PCERT_EXTENSION none = CertFindExtension("1.2.3.4", info->cExtension, info->rgExtension);
  printf("CertFindExtension(1.2.3.4): %s\n", none ? "found" : "none");

  // ---- names ----
  static const struct { DWORD type; const char* name; } types[] = {
      {CERT_SIMPLE_NAME_STR, "simple"},
      {CERT_OID_NAME_STR, "oid"},
      {CERT_X500_NAME_STR, "x500"},
      {CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG, "x500 reverse"},
      {CERT_X500_NAME_STR | CERT_NAME_STR_SEMICOLON_FLAG, "x500 semicolon"},
      {CERT_X500_NAME_STR | CERT_NAME_STR_CRLF_FLAG, "x500 crlf"},
      {CERT_X500_NAME_STR | CERT_NAME_STR_NO_PLUS_FLAG, "x500 no plus"},
  };
  for (int i = 0; i < (int)(sizeof types / sizeof types[0]); ++i) {
    DWORD need = CertNameToStrW(X509_ASN_ENCODING, &info->Subject, types[i].type, NULL, 0);
    ret = CertNameToStrW(X509_ASN_ENCODING, &info->Subject, types[i].type, w, 512);
    printf("needs %lu: ", need);
    print_w(types[i].name, w, ret);
  }
  ret = CertNameToStrA(X509_ASN_ENCODING, &info->Subject, CERT_X500_NAME_STR, a, sizeof a);
  CertNameToStrW(X509_ASN_ENCODING, &info->Subject, CERT_X500_NAME_STR, w, 512);
  char acp[512];
  WideCharToMultiByte(CP_ACP, 0, w, -1, acp, sizeof acp, NULL, NULL);
  printf("CertNameToStrA: its length with the NUL: %s, the wide string in the ANSI code page: %s\n",
         ret == strlen(a) + 1 ? "yes" : "no", strcmp(a, acp) == 0 ? "yes" : "no");
  static const struct { DWORD type; const char* name; } name_types[] = {
      {CERT_NAME_EMAIL_TYPE, "email"}, {CERT_NAME_SIMPLE_DISPLAY_TYPE, "simple display"},
      {CERT_NAME_FRIENDLY_DISPLAY_TYPE, "friendly display"}, {CERT_NAME_DNS_TYPE, "dns"}, {CERT_NAME_URL_TYPE, "url"},
  };
  for (int issuer = 0; issuer < 2; ++issuer)
    for (int i = 0; i < (int)(sizeof name_types / sizeof name_types[0]); ++i) {
      char label[64];
      ret = CertGetNameStringW(c, name_types[i].type, issuer ? CERT_NAME_ISSUER_FLAG : 0, NULL, w, 512);
      snprintf(label, sizeof label, "%s%s", issuer ? "issuer " : "", name_types[i].name);
      print_w(label, w, ret);
    }
  DWORD x500 = CERT_X500_NAME_STR;
  ret = CertGetNameStringW(c, CERT_NAME_RDN_TYPE, 0, &x500, w, 512);
  print_w("rdn x500", w, ret);
  ret = CertGetNameStringW(c, CERT_NAME_ATTR_TYPE, 0, (void*)szOID_ORGANIZATION_NAME, w, 512);
  print_w("attr O", w, ret);
  ret = CertGetNameStringW(c, CERT_NAME_ATTR_TYPE, 0, (void*)szOID_LOCALITY_NAME, w, 512);
  print_w("attr L", w, ret);
  ret = CertGetNameStringW(c, CERT_NAME_ATTR_TYPE, 0, (void*)"1.2.3.4", w, 512);
  print_w("attr 1.2.3.4", w, ret);
  ret = CertGetNameStringA(c, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, a, sizeof a);
  printf("CertGetNameStringA: %lu \"%s\"\n", ret, a);
  printf("CertGetNameStringW size: %lu\n", CertGetNameStringW(c, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, NULL, 0));

  // ---- properties ----
  static const struct { DWORD id; const char* name; } props[] = {
      {CERT_SHA1_HASH_PROP_ID, "sha1"}, {CERT_MD5_HASH_PROP_ID, "md5"}, {CERT_KEY_IDENTIFIER_PROP_ID, "key identifier"},
  };
  for (int i = 0; i < 3; ++i) {
    DWORD size = 0;
    BOOL ok = CertGetCertificateContextProperty(c, props[i].id, NULL, &size);
    n = sizeof buf;
    CertGetCertificateContextProperty(c, props[i].id, buf, &n);
    printf("%s size %d %lu, ", props[i].name, ok, size);
    print_hex("value", buf, n);
  }
  n = 4;
  BOOL ok = CertGetCertificateContextProperty(c, CERT_SHA1_HASH_PROP_ID, buf, &n);
  DWORD err = GetLastError();
  printf("sha1 into 4 bytes: %d, error %lu, size %lu\n", ok, err, n);
  n = sizeof buf;
  ok = CertGetCertificateContextProperty(c, CERT_FRIENDLY_NAME_PROP_ID, buf, &n);
  err = GetLastError();
  printf("friendly name before: %d, error 0x%08lx\n", ok, err);
  static const WCHAR friendly[] = L"My Test Cert";
  CRYPT_DATA_BLOB fb = {sizeof friendly, (BYTE*)friendly};
  printf("set friendly name: %d\n", CertSetCertificateContextProperty(c, CERT_FRIENDLY_NAME_PROP_ID, 0, &fb));
  ret = CertGetNameStringW(c, CERT_NAME_FRIENDLY_DISPLAY_TYPE, 0, NULL, w, 512);
  print_w("friendly display now", w, ret);
  printf("properties:");
  for (DWORD id = CertEnumCertificateContextProperties(c, 0); id; id = CertEnumCertificateContextProperties(c, id))
    if (id == CERT_FRIENDLY_NAME_PROP_ID) printf(" friendly-name");
  printf("\n");

  // ---- enhanced key usage ----
  n = 0;
  ok = CertGetEnhancedKeyUsage(c, 0, NULL, &n);
  printf("CertGetEnhancedKeyUsage size: %d\n", ok);
  PCERT_ENHKEY_USAGE usage = (PCERT_ENHKEY_USAGE)HeapAlloc(GetProcessHeap(), 0, n);
  ok = CertGetEnhancedKeyUsage(c, 0, usage, &n);
  printf("CertGetEnhancedKeyUsage: %d, %lu usages:", ok, usage->cUsageIdentifier);
  for (DWORD i = 0; i < usage->cUsageIdentifier; ++i) printf(" %s", usage->rgpszUsageIdentifier[i]);
  printf("\n");
  n = 4;
  ok = CertGetEnhancedKeyUsage(c, 0, usage, &n);
  err = GetLastError();
  printf("into 4 bytes: %d, error %lu\n", ok, err);

  // ---- a memory store ----
  HCERTSTORE mem = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
  printf("memory store: %s, %d certificates\n", mem ? "open" : "failed", count(mem));
  PCCERT_CONTEXT added = NULL;
  ok = CertAddCertificateContextToStore(mem, c, CERT_STORE_ADD_NEW, &added);
  printf("add new: %d, a new context: %s, in the store: %s, friendly name kept: ", ok, added != c ? "yes" : "no",
         added && added->hCertStore == mem ? "yes" : "no");
  n = sizeof buf;
  printf("%s\n", CertGetCertificateContextProperty(added, CERT_FRIENDLY_NAME_PROP_ID, buf, &n) ? "yes" : "no");
  ok = CertAddCertificateContextToStore(mem, c, CERT_STORE_ADD_NEW, NULL);
  err = GetLastError();
  printf("add new again: %d, error 0x%08lx\n", ok, err);
  printf("add use existing: %d\n", CertAddCertificateContextToStore(mem, c, CERT_STORE_ADD_USE_EXISTING, NULL));
  printf("add encoded always: %d\n",
         CertAddEncodedCertificateToStore(mem, X509_ASN_ENCODING, test_cert, sizeof test_cert, CERT_STORE_ADD_ALWAYS, NULL));
  printf("certificates: %d\n", count(mem));
  ok = CertAddEncodedCertificateToStore(mem, X509_ASN_ENCODING, (const BYTE*)"\x30\x03\x02\x01\x01", 5, CERT_STORE_ADD_ALWAYS, NULL);
  err = GetLastError();
  printf("add encoded garbage: %d, error 0x%08lx\n", ok, err);
  PCCERT_CONTEXT f = CertFindCertificateInStore(mem, X509_ASN_ENCODING, 0, CERT_FIND_SUBJECT_STR_W, L"POLYRUN test", NULL);
  printf("find subject string: %s", f ? "found" : "none");
  f = CertFindCertificateInStore(mem, X509_ASN_ENCODING, 0, CERT_FIND_SUBJECT_STR_W, L"POLYRUN test", f);
  printf(", then %s", f ? "found" : "none");
  f = CertFindCertificateInStore(mem, X509_ASN_ENCODING, 0, CERT_FIND_SUBJECT_STR_W, L"POLYRUN test", f);
  err = GetLastError();
  printf(", then %s (0x%08lx)\n", f ? "found" : "none", err);
  f = CertFindCertificateInStore(mem, X509_ASN_ENCODING, 0, CERT_FIND_SUBJECT_STR_A, "nobody", NULL);
  printf("find another subject: %s\n", f ? "found" : "none");
  BYTE sha1[20];
  n = sizeof sha1;
  CertGetCertificateContextProperty(c, CERT_SHA1_HASH_PROP_ID, sha1, &n);
  CRYPT_HASH_BLOB hb = {sizeof sha1, sha1};
  f = CertFindCertificateInStore(mem, X509_ASN_ENCODING, 0, CERT_FIND_SHA1_HASH, &hb, NULL);
  printf("find sha1: %s\n", f ? "found" : "none");
  PCCERT_CONTEXT g = CertFindCertificateInStore(mem, X509_ASN_ENCODING, 0, CERT_FIND_ISSUER_OF, c, NULL);
  printf("find issuer of: %s\n", g ? "found" : "none");
  CertFreeCertificateContext(g);
  g = CertFindCertificateInStore(mem, X509_ASN_ENCODING, 0, CERT_FIND_EXISTING, c, NULL);
  printf("find existing: %s\n", g ? "found" : "none");
  CertFreeCertificateContext(g);
  printf("delete: %d\n", CertDeleteCertificateFromStore(f));
  printf("certificates: %d\n", count(mem));
  PCCERT_CONTEXT dup = CertDuplicateCertificateContext(added);
  printf("duplicate is the same: %s\n", dup == added ? "yes" : "no");
  CertFreeCertificateContext(dup);

  // ---- system stores ----
  HCERTSTORE root = CertOpenSystemStoreW(0, L"ROOT");
  int roots = count(root);
  printf("ROOT store: %s, more than 50 certificates: %s\n", root ? "open" : "failed", roots > 50 ? "yes" : "no");
  PCCERT_CONTEXT isrg = CertFindCertificateInStore(root, X509_ASN_ENCODING, 0, CERT_FIND_SUBJECT_STR_A, "ISRG Root X1", NULL);
  printf("ISRG Root X1: %s\n", isrg ? "found" : "none");
  if (isrg) {
    ret = CertGetNameStringW(isrg, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, w, 512);
    print_w("its name", w, ret);
    ret = CertNameToStrW(X509_ASN_ENCODING, &isrg->pCertInfo->Issuer, CERT_X500_NAME_STR, w, 512);
    print_w("its issuer", w, ret);
    print_time("not before", &isrg->pCertInfo->NotBefore);
    print_time("not after", &isrg->pCertInfo->NotAfter);
    n = sizeof buf;
    CertGetCertificateContextProperty(isrg, CERT_SHA1_HASH_PROP_ID, buf, &n);
    print_hex("sha1", buf, n);
    print_hex("serial", isrg->pCertInfo->SerialNumber.pbData, isrg->pCertInfo->SerialNumber.cbData);
    printf("in the ROOT store: %s\n", isrg->hCertStore == root ? "yes" : "no");
    CertFreeCertificateContext(isrg);
  }
  HCERTSTORE my = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_CURRENT_USER, L"MY");
  printf("MY store: %s\n", my ? "open" : "failed");
  HCERTSTORE nope = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0,
                                  CERT_SYSTEM_STORE_CURRENT_USER | CERT_STORE_OPEN_EXISTING_FLAG, L"NoSuchStoreHere");
  err = GetLastError();
  printf("a store that does not exist: %s, error %lu\n", nope ? "open" : "failed", err);
  HCERTSTORE coll = CertOpenStore(CERT_STORE_PROV_COLLECTION, 0, 0, 0, NULL);
  printf("collection: %s, %d certificates\n", coll ? "open" : "failed", count(coll));
  CertAddStoreToCollection(coll, mem, 0, 0);
  CertAddStoreToCollection(coll, root, 0, 0);
  printf("collection of memory and ROOT: one more than ROOT: %s\n", count(coll) == roots + 1 ? "yes" : "no");
  HCERTSTORE again = CertDuplicateStore(mem);
  printf("duplicate store is the same: %s\n", again == mem ? "yes" : "no");
  printf("close: %d %d %d %d %d %d\n", CertCloseStore(again, 0), CertCloseStore(coll, 0), CertCloseStore(mem, 0),
         CertCloseStore(my, 0), CertCloseStore(root, 0), CertCloseStore(NULL, 0));
  printf("the added context outlives its store: %lu bytes\n", added->cbCertEncoded);
  CertFreeCertificateContext(added);
  CertFreeCertificateContext(c);

  // ---- CryptStringToBinary / CryptBinaryToString ----
  static const char pem[] = "junk\r\n-----BEGIN CERTIFICATE-----\r\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g\r\n-----END CERTIFICATE-----\r\n";
  DWORD skip = 99, flags = 99;
  n = 0;
  ok = CryptStringToBinaryA(pem, 0, CRYPT_STRING_BASE64HEADER, NULL, &n, &skip, &flags);
  printf("PEM size: %d %lu, skip %lu, flags %lu\n", ok, n, skip, flags);
  n = sizeof buf;
  ok = CryptStringToBinaryA(pem, 0, CRYPT_STRING_ANY, buf, &n, &skip, &flags);
  printf("PEM as any: %d, skip %lu, flags %lu, ", ok, skip, flags);
  print_hex("bytes", buf, n);
  n = sizeof buf;
  ok = CryptStringToBinaryW(L"SGVsbG8sIHdvcmxkIQ==", 0, CRYPT_STRING_BASE64, buf, &n, NULL, NULL);
  printf("base64 (W): %d \"%.*s\"\n", ok, (int)n, (char*)buf);
  n = sizeof buf;
  ok = CryptStringToBinaryA("de ad be ef", 0, CRYPT_STRING_HEX, buf, &n, NULL, NULL);
  printf("hex to binary: %d", ok);
  if (ok) print_hex(", bytes", buf, n);
  else printf("\n");
  n = 2;
  ok = CryptStringToBinaryA("SGVsbG8=", 0, CRYPT_STRING_BASE64, buf, &n, NULL, NULL);
  err = GetLastError();
  printf("into 2 bytes: %d, error %lu, size %lu\n", ok, err, n);
  n = sizeof buf;
  ok = CryptStringToBinaryA("not*base64", 0, CRYPT_STRING_BASE64, buf, &n, NULL, NULL);
  err = GetLastError();
  printf("not base64: %d, error %lu\n", ok, err);
  BYTE data[20];
  for (int i = 0; i < 20; ++i) data[i] = (BYTE)(i * 13);
  // (CRYPT_STRING_HEX and the other spaced hexadecimal layouts are left out: wine 8.0 does not
  // write them, so there is no reference here for their exact text)
  static const struct { DWORD flags; const char* name; } outs[] = {
      {CRYPT_STRING_BASE64, "base64"}, {CRYPT_STRING_BASE64HEADER, "base64 header"},
      {CRYPT_STRING_HEXRAW, "hex raw"}, {CRYPT_STRING_BASE64 | CRYPT_STRING_NOCRLF, "base64 no crlf"},
      {CRYPT_STRING_BASE64 | CRYPT_STRING_NOCR, "base64 no cr"},
  };
  for (int i = 0; i < (int)(sizeof outs / sizeof outs[0]); ++i) {
    DWORD size = 0;
    CryptBinaryToStringA(data, 20, outs[i].flags, NULL, &size);
    n = sizeof a;
    ok = CryptBinaryToStringA(data, 20, outs[i].flags, a, &n);
    if (!ok) {
      printf("%s: %d, size %lu\n", outs[i].name, ok, size);
      continue;
    }
    for (char* p = a; *p; ++p)
      if (*p == '\r') *p = '|';
      else if (*p == '\n') *p = '/';
    printf("%s: %d, size %lu, wrote %lu: %s\n", outs[i].name, ok, size, n, a);
  }
  n = 10;
  ok = CryptBinaryToStringW(data, 20, CRYPT_STRING_BASE64, w, &n);
  err = GetLastError();
  printf("into 10 characters: %d, error %lu, size %lu\n", ok, err, n);
  return 0;
}
