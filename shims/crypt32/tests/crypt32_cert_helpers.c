/* CRYPT32's smaller certificate functions over the certificates of crypt32_messages' files
 * (build.cmake): CryptGetMessageSignerCount and CryptGetMessageCertificates, hashes
 * (CryptHashCertificate(2), CryptHashPublicKeyInfo, CryptHashToBeSigned), signatures
 * (CryptVerifyCertificateSignature(Ex)), comparisons (CertCompareIntegerBlob,
 * CertComparePublicKeyInfo), CertGetPublicKeyLength, CertGetIntendedKeyUsage,
 * CertVerifyValidityNesting, CertFindAttribute, CertFindRDNAttr, the issuer and subject found in a
 * store, and CryptMemAlloc/Realloc/Free. Expected output: wine 8.0's (x64). */
// Links: -lcrypt32
#include <windows.h>
#include <wincrypt.h>
#include <stdio.h>
#include <string.h>

static WCHAR dir[MAX_PATH];
static BYTE *read_file(const WCHAR *name, DWORD *size) {
  WCHAR path[MAX_PATH];
  lstrcpyW(path, dir);
  lstrcatW(path, name);
  HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  if (h == INVALID_HANDLE_VALUE) return NULL;
  *size = GetFileSize(h, NULL);
  BYTE *b = HeapAlloc(GetProcessHeap(), 0, *size + 1);
  DWORD got = 0;
  ReadFile(h, b, *size, &got, NULL);
  CloseHandle(h);
  return b;
}
static void hex(const BYTE *b, DWORD n) {
  for (DWORD i = 0; i < n; i++) printf("%02x", b[i]);
  printf("\n");
}

int main(void) {
  GetModuleFileNameW(NULL, dir, MAX_PATH);
  WCHAR *slash = wcsrchr(dir, L'\\');
  if (slash) slash[1] = 0;
  DWORD na, no, nh;
  BYTE *attached = read_file(L"crypt32_msg_attached.p7", &na);
  BYTE *other_der = read_file(L"crypt32_msg_other.cer", &no);
  BYTE *hello = read_file(L"crypt32_msg_hello.txt", &nh);
  if (!attached || !other_der || !hello) {
    printf("files missing\n");
    return 1;
  }
  const DWORD enc = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;
  printf("signers %ld, of text %ld error %08lx\n", CryptGetMessageSignerCount(enc, attached, na),
         CryptGetMessageSignerCount(enc, hello, nh), GetLastError());
  HCERTSTORE store = CryptGetMessageCertificates(enc, 0, 0, attached, na);
  printf("message certificates store %d\n", store != NULL);
  PCCERT_CONTEXT signer = CertEnumCertificatesInStore(store, NULL);
  PCCERT_CONTEXT other = CertCreateCertificateContext(X509_ASN_ENCODING, other_der, no);
  printf("signer %d other %d\n", signer != NULL, other != NULL);
  if (!signer || !other) return 1;

  BYTE h[64];
  DWORD n = sizeof h;
  BOOL r = CryptHashCertificate(0, 0, 0, signer->pbCertEncoded, signer->cbCertEncoded, h, &n);
  BYTE prop[64];
  DWORD np = sizeof prop;
  CertGetCertificateContextProperty(signer, CERT_SHA1_HASH_PROP_ID, prop, &np);
  printf("CryptHashCertificate default: %d %lu, the SHA-1 property's: %d\n", r, n, n == np && !memcmp(h, prop, n));
  n = sizeof h;
  r = CryptHashCertificate(0, CALG_SHA_256, 0, hello, nh, h, &n);
  printf("CryptHashCertificate SHA-256 of the text: %d %lu ", r, n);
  hex(h, n);
  n = sizeof h;
  r = CryptHashCertificate(0, CALG_MD5, 0, hello, nh, h, &n);
  printf("CryptHashCertificate MD5 of the text: %d %lu ", r, n);
  hex(h, n);
  n = 0;
  r = CryptHashCertificate(0, CALG_SHA1, 0, hello, nh, NULL, &n);
  printf("size only: %d %lu\n", r, n);
  n = 4;
  SetLastError(0);
  r = CryptHashCertificate(0, CALG_SHA1, 0, hello, nh, h, &n);
  printf("into 4 bytes: %d %lu error %lu\n", r, n, GetLastError());
  n = sizeof h;
  r = CryptHashPublicKeyInfo(0, CALG_SHA1, 0, X509_ASN_ENCODING, &signer->pCertInfo->SubjectPublicKeyInfo, h, &n);
  BYTE kid[64];
  DWORD nk = sizeof kid;
  CertGetCertificateContextProperty(signer, CERT_KEY_IDENTIFIER_PROP_ID, kid, &nk);
  printf("CryptHashPublicKeyInfo: %d %lu\n", r, n);
  n = sizeof h;
  r = CryptHashToBeSigned(0, X509_ASN_ENCODING, signer->pbCertEncoded, signer->cbCertEncoded, h, &n);
  printf("CryptHashToBeSigned: %d %lu\n", r, n);

  SetLastError(0);
  r = CryptVerifyCertificateSignature(0, X509_ASN_ENCODING, signer->pbCertEncoded, signer->cbCertEncoded,
                                      &signer->pCertInfo->SubjectPublicKeyInfo);
  printf("self-signed verifies with its key: %d error %08lx\n", r, GetLastError());
  SetLastError(0);
  r = CryptVerifyCertificateSignature(0, X509_ASN_ENCODING, signer->pbCertEncoded, signer->cbCertEncoded,
                                      &other->pCertInfo->SubjectPublicKeyInfo);
  printf("with another key: %d error %08lx\n", r, GetLastError());
  SetLastError(0);
  r = CryptVerifyCertificateSignatureEx(0, X509_ASN_ENCODING, CRYPT_VERIFY_CERT_SIGN_SUBJECT_CERT, (void *)signer,
                                        CRYPT_VERIFY_CERT_SIGN_ISSUER_CERT, (void *)signer, 0, NULL);
  printf("Ex, certificate by certificate: %d error %08lx\n", r, GetLastError());
  SetLastError(0);
  r = CryptVerifyCertificateSignatureEx(0, X509_ASN_ENCODING, CRYPT_VERIFY_CERT_SIGN_SUBJECT_CERT, (void *)other,
                                        CRYPT_VERIFY_CERT_SIGN_ISSUER_CERT, (void *)signer, 0, NULL);
  printf("Ex, another's: %d error %08lx\n", r, GetLastError());
  CRYPT_DATA_BLOB blob = {signer->cbCertEncoded, signer->pbCertEncoded};
  SetLastError(0);
  r = CryptVerifyCertificateSignatureEx(0, X509_ASN_ENCODING, CRYPT_VERIFY_CERT_SIGN_SUBJECT_BLOB, &blob,
                                        CRYPT_VERIFY_CERT_SIGN_ISSUER_PUBKEY,
                                        &signer->pCertInfo->SubjectPublicKeyInfo, 0, NULL);
  printf("Ex, blob by key: %d error %08lx\n", r, GetLastError());

  BYTE a1[] = {1, 2, 0, 0}, a2[] = {1, 2}, a3[] = {1, 2, 0xff}, a4[] = {1, 2, 0xff, 0xff};
  CRYPT_INTEGER_BLOB i1 = {4, a1}, i2 = {2, a2}, i3 = {3, a3}, i4 = {4, a4};
  printf("CertCompareIntegerBlob: %d %d %d\n", CertCompareIntegerBlob(&i1, &i2), CertCompareIntegerBlob(&i3, &i4),
         CertCompareIntegerBlob(&i2, &i3));
  printf("CertComparePublicKeyInfo: same %d other %d\n",
         CertComparePublicKeyInfo(X509_ASN_ENCODING, &signer->pCertInfo->SubjectPublicKeyInfo,
                                  &signer->pCertInfo->SubjectPublicKeyInfo),
         CertComparePublicKeyInfo(X509_ASN_ENCODING, &signer->pCertInfo->SubjectPublicKeyInfo,
                                  &other->pCertInfo->SubjectPublicKeyInfo));
  printf("CertGetPublicKeyLength: %lu\n", CertGetPublicKeyLength(X509_ASN_ENCODING, &signer->pCertInfo->SubjectPublicKeyInfo));
  BYTE usage[2] = {0x55, 0x55};
  SetLastError(0);
  r = CertGetIntendedKeyUsage(X509_ASN_ENCODING, signer->pCertInfo, usage, sizeof usage);
  printf("CertGetIntendedKeyUsage: %d error %lu bytes %02x %02x\n", r, GetLastError(), usage[0], usage[1]);
  printf("CertVerifyValidityNesting: itself %d\n", CertVerifyValidityNesting(signer->pCertInfo, signer->pCertInfo));

  CRYPT_ATTR_BLOB values[1] = {{3, (BYTE *)"abc"}};
  CRYPT_ATTRIBUTE attrs[2] = {{"1.2.3", 1, values}, {"1.2.4", 1, values}};
  PCRYPT_ATTRIBUTE found = CertFindAttribute("1.2.4", 2, attrs);
  printf("CertFindAttribute: %d, missing %d\n", found == &attrs[1], CertFindAttribute("1.2.5", 2, attrs) != NULL);
  CERT_RDN_ATTR rdn_attrs[2] = {{"2.5.4.3", CERT_RDN_PRINTABLE_STRING, {2, (BYTE *)"cn"}},
                                {"2.5.4.10", CERT_RDN_PRINTABLE_STRING, {1, (BYTE *)"o"}}};
  CERT_RDN rdns[2] = {{1, &rdn_attrs[0]}, {1, &rdn_attrs[1]}};
  CERT_NAME_INFO name = {2, rdns};
  printf("CertFindRDNAttr: %d, missing %d\n", CertFindRDNAttr("2.5.4.10", &name) == &rdn_attrs[1],
         CertFindRDNAttr("2.5.4.6", &name) != NULL);

  DWORD flags = CERT_STORE_SIGNATURE_FLAG | CERT_STORE_TIME_VALIDITY_FLAG;
  SetLastError(0);
  PCCERT_CONTEXT issuer = CertGetIssuerCertificateFromStore(store, signer, NULL, &flags);
  printf("issuer of a self-signed one: %d error %08lx, flags %lx\n", issuer != NULL, GetLastError(), flags);
  if (issuer) CertFreeCertificateContext(issuer);
  PCCERT_CONTEXT subject = CertGetSubjectCertificateFromStore(store, X509_ASN_ENCODING, signer->pCertInfo);
  printf("subject by issuer and serial: %d\n", subject != NULL);
  if (subject) CertFreeCertificateContext(subject);
  SetLastError(0);
  subject = CertGetSubjectCertificateFromStore(store, X509_ASN_ENCODING, other->pCertInfo);
  printf("another's: %d error %08lx\n", subject != NULL, GetLastError());

  BYTE *m = CryptMemAlloc(16);
  memset(m, 7, 16);
  m = CryptMemRealloc(m, 64);
  printf("CryptMemAlloc/Realloc: %d kept %d\n", m != NULL, m && m[15] == 7);
  CryptMemFree(m);
  CryptMemFree(NULL);
  CertFreeCertificateContext(signer);
  CertFreeCertificateContext(other);
  CertCloseStore(store, 0);
  return 0;
}
