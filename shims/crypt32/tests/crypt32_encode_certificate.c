// CRYPT32's CryptEncodeObjectEx of certificates: a CERT_INFO as X509_CERT_TO_BE_SIGNED (version 3
// and version 1, unique IDs, extensions), the signed certificate as X509_CERT (the signature's
// bytes reversed, or not under CRYPT_ENCODE_NO_SIGNATURE_BYTE_REVERSAL_FLAG), and the result read
// back by CertCreateCertificateContext; CRLs as X509_CERT_CRL_TO_BE_SIGNED (versions 2 and 1,
// revoked certificates, extensions). Expected output: wine 8.0's (x64).
// Links: -lcrypt32
#include <stdio.h>
#include <windows.h>
#include <wincrypt.h>

static void hex(const char *what, BOOL ok, const BYTE *b, DWORD n) {
  printf("%s: %d, %lu bytes:", what, ok, n);
  for (DWORD i = 0; ok && i < n; i++) printf(" %02x", b[i]);
  printf("\n");
}

int main(void) {
  // The names, encoded first.
  CERT_RDN_ATTR cn = {szOID_COMMON_NAME, CERT_RDN_PRINTABLE_STRING, {7, (BYTE *)"polyrun"}};
  CERT_RDN rdn = {1, &cn};
  CERT_NAME_INFO name = {1, &rdn};
  BYTE name_der[64];
  DWORD name_size = sizeof name_der;
  BOOL ok = CryptEncodeObjectEx(X509_ASN_ENCODING, X509_NAME, &name, 0, NULL, name_der, &name_size);
  hex("name", ok, name_der, name_size);

  SYSTEMTIME from = {2026, 11, 0, 30, 12, 0, 0, 0}, to = {2036, 11, 0, 30, 12, 0, 0, 0};
  BYTE serial[] = {0x02, 0x01};
  BYTE key[] = {0x04, 0x01, 0x02, 0x03, 0x04};
  BYTE unique[] = {0xaa, 0xbb};
  BYTE bc_der[] = {0x30, 0x03, 0x01, 0x01, 0xff};
  CERT_EXTENSION ext = {szOID_BASIC_CONSTRAINTS2, TRUE, {sizeof bc_der, bc_der}};
  CERT_INFO info = {0};
  info.dwVersion = CERT_V3;
  info.SerialNumber.cbData = sizeof serial, info.SerialNumber.pbData = serial;
  info.SignatureAlgorithm.pszObjId = szOID_ECDSA_SHA256;
  info.Issuer.cbData = name_size, info.Issuer.pbData = name_der;
  SystemTimeToFileTime(&from, &info.NotBefore);
  SystemTimeToFileTime(&to, &info.NotAfter);
  info.Subject = info.Issuer;
  info.SubjectPublicKeyInfo.Algorithm.pszObjId = szOID_ECC_PUBLIC_KEY;
  info.SubjectPublicKeyInfo.PublicKey.cbData = sizeof key, info.SubjectPublicKeyInfo.PublicKey.pbData = key;
  info.cExtension = 1, info.rgExtension = &ext;
  BYTE tbs[512];
  DWORD tbs_size = sizeof tbs;
  ok = CryptEncodeObjectEx(X509_ASN_ENCODING, X509_CERT_TO_BE_SIGNED, &info, 0, NULL, tbs, &tbs_size);
  hex("to be signed, version 3", ok, tbs, tbs_size);

  CERT_INFO v1 = info;
  v1.dwVersion = CERT_V1;
  v1.cExtension = 0;
  v1.IssuerUniqueId.cbData = sizeof unique, v1.IssuerUniqueId.pbData = unique;
  v1.SubjectUniqueId.cbData = sizeof unique, v1.SubjectUniqueId.pbData = unique, v1.SubjectUniqueId.cUnusedBits = 4;
  BYTE tbs1[512];
  DWORD tbs1_size = sizeof tbs1;
  ok = CryptEncodeObjectEx(X509_ASN_ENCODING, X509_CERT_TO_BE_SIGNED, &v1, 0, NULL, tbs1, &tbs1_size);
  hex("to be signed, version 1, unique IDs", ok, tbs1, tbs1_size);

  BYTE signature[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  CERT_SIGNED_CONTENT_INFO signed_info = {{tbs_size, tbs}, {szOID_ECDSA_SHA256, {0, NULL}}, {sizeof signature, signature, 0}};
  BYTE cert[600];
  DWORD cert_size = sizeof cert;
  ok = CryptEncodeObjectEx(X509_ASN_ENCODING, X509_CERT, &signed_info, 0, NULL, cert, &cert_size);
  hex("certificate", ok, cert, cert_size);
  BYTE straight[600];
  DWORD straight_size = sizeof straight;
  ok = CryptEncodeObjectEx(X509_ASN_ENCODING, X509_CERT, &signed_info, CRYPT_ENCODE_NO_SIGNATURE_BYTE_REVERSAL_FLAG,
                           NULL, straight, &straight_size);
  printf("without reversal, the signature's bytes: %d:", ok);
  for (DWORD i = straight_size - sizeof signature; ok && i < straight_size; i++) printf(" %02x", straight[i]);
  printf("\n");

  // A CRL: version 2 with an extension, two revoked certificates (one with a reason), and version 1.
  BYTE reason_der[] = {0x0a, 0x01, 0x01};
  CERT_EXTENSION reason = {szOID_CRL_REASON_CODE, FALSE, {sizeof reason_der, reason_der}};
  BYTE number_der[] = {0x02, 0x01, 0x07};
  CERT_EXTENSION crl_number = {szOID_CRL_NUMBER, FALSE, {sizeof number_der, number_der}};
  BYTE serial2[] = {0x80};
  CRL_ENTRY revoked[2] = {{{sizeof serial, serial}, info.NotBefore, 1, &reason},
                          {{sizeof serial2, serial2}, info.NotBefore, 0, NULL}};
  CRL_INFO crl = {0};
  crl.dwVersion = CRL_V2;
  crl.SignatureAlgorithm.pszObjId = szOID_ECDSA_SHA256;
  crl.Issuer = info.Issuer;
  crl.ThisUpdate = info.NotBefore;
  crl.NextUpdate = info.NotAfter;
  crl.cCRLEntry = 2, crl.rgCRLEntry = revoked;
  crl.cExtension = 1, crl.rgExtension = &crl_number;
  BYTE crl_der[512];
  DWORD crl_size = sizeof crl_der;
  ok = CryptEncodeObjectEx(X509_ASN_ENCODING, X509_CERT_CRL_TO_BE_SIGNED, &crl, 0, NULL, crl_der, &crl_size);
  hex("CRL to be signed, version 2", ok, crl_der, crl_size);
  crl.dwVersion = CRL_V1;
  crl.cCRLEntry = 0, crl.cExtension = 0;
  crl.NextUpdate.dwLowDateTime = crl.NextUpdate.dwHighDateTime = 0;
  crl_size = sizeof crl_der;
  ok = CryptEncodeObjectEx(X509_ASN_ENCODING, X509_CERT_CRL_TO_BE_SIGNED, &crl, 0, NULL, crl_der, &crl_size);
  hex("CRL to be signed, version 1, empty", ok, crl_der, crl_size);

  PCCERT_CONTEXT c = CertCreateCertificateContext(X509_ASN_ENCODING, cert, cert_size);
  printf("read back: %s\n", c ? "yes" : "no");
  if (c) {
    char subject[64];
    CertNameToStrA(X509_ASN_ENCODING, &c->pCertInfo->Subject, CERT_X500_NAME_STR, subject, sizeof subject);
    SYSTEMTIME st;
    FileTimeToSystemTime(&c->pCertInfo->NotAfter, &st);
    printf("  version %lu, subject %s, serial %lu bytes, not after %04d-%02d-%02d, %lu extension, key %lu bytes\n",
           c->pCertInfo->dwVersion, subject, c->pCertInfo->SerialNumber.cbData, st.wYear, st.wMonth, st.wDay,
           c->pCertInfo->cExtension, c->pCertInfo->SubjectPublicKeyInfo.PublicKey.cbData);
    CertFreeCertificateContext(c);
  }
  return 0;
}
