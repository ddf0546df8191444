// CRYPT32's CryptMsgOpenToEncode: a data message and signed messages (the PFX's key, SHA-1 and
// SHA-256, with the signer's certificate, with authenticated attributes, detached) built with
// CryptMsgUpdate and read with CryptMsgGetParam (the content, the bare content, the type), each
// shown as its bytes (an RSA PKCS #1 v1.5 signature is the same every time) and read back with
// CryptMsgOpenToDecode, its signature checked with the certificate. Expected output: wine 8.0's
// (x64).
// Links: -lcrypt32 -ladvapi32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>

#include "test_pfx.h"

static const BYTE content[] = "the content of the message";

static void hex(const char* what, const BYTE* b, DWORD n) {
  printf("%s: %lu bytes", what, n);
  for (DWORD i = 0; i < n; i++) printf("%s%02x", i % 32 ? "" : "\n  ", b[i]);
  printf("\n");
}

static void show_param(HCRYPTMSG msg, DWORD param, const char* what) {
  DWORD size = 0;
  SetLastError(0xdeadbeef);
  if (!CryptMsgGetParam(msg, param, 0, NULL, &size)) {
    printf("%s: error %#lx\n", what, GetLastError());
    return;
  }
  BYTE* buf = HeapAlloc(GetProcessHeap(), 0, size);
  CryptMsgGetParam(msg, param, 0, buf, &size);
  hex(what, buf, size);
  HeapFree(GetProcessHeap(), 0, buf);
}

// The message's encoding decoded again: its type, content, signers, and the first signer's
// signature checked against the certificate.
static void read_back(HCRYPTMSG msg, PCCERT_CONTEXT cert, BOOL detached) {
  DWORD size = 0;
  CryptMsgGetParam(msg, CMSG_CONTENT_PARAM, 0, NULL, &size);
  BYTE* buf = HeapAlloc(GetProcessHeap(), 0, size);
  CryptMsgGetParam(msg, CMSG_CONTENT_PARAM, 0, buf, &size);
  HCRYPTMSG in = CryptMsgOpenToDecode(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, detached ? CMSG_DETACHED_FLAG : 0, 0, 0,
                                      NULL, NULL);
  BOOL ok = CryptMsgUpdate(in, buf, size, TRUE);
  if (detached) ok = ok && CryptMsgUpdate(in, content, sizeof content, TRUE);
  DWORD type = 0, signers = 0, n = sizeof type;
  CryptMsgGetParam(in, CMSG_TYPE_PARAM, 0, &type, &n);
  n = sizeof signers;
  CryptMsgGetParam(in, CMSG_SIGNER_COUNT_PARAM, 0, &signers, &n);
  BOOL verified = CryptMsgControl(in, 0, CMSG_CTRL_VERIFY_SIGNATURE, cert->pCertInfo);
  printf("  read back: %d, type %lu, %lu signer(s), the signature verifies %d\n", ok, type, signers, verified);
  CryptMsgClose(in);
  HeapFree(GetProcessHeap(), 0, buf);
}

int main(void) {
  // A data message.
  HCRYPTMSG msg = CryptMsgOpenToEncode(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, 0, CMSG_DATA, NULL, NULL, NULL);
  printf("a data message: %d\n", msg != NULL);
  show_param(msg, CMSG_CONTENT_PARAM, "  before any update, the content");
  SetLastError(0xdeadbeef);
  BOOL ok = CryptMsgUpdate(msg, content, 10, FALSE);
  printf("  a part, not the last (the message is not streamed): %d, error %#lx\n", ok, GetLastError());
  ok = CryptMsgUpdate(msg, content, sizeof content, TRUE);
  printf("  updated: %d\n", ok);
  show_param(msg, CMSG_CONTENT_PARAM, "  the content");
  show_param(msg, CMSG_BARE_CONTENT_PARAM, "  the bare content");
  DWORD type = 0, n = sizeof type;
  CryptMsgGetParam(msg, CMSG_TYPE_PARAM, 0, &type, &n);
  printf("  type %lu\n", type);
  SetLastError(0xdeadbeef);
  ok = CryptMsgUpdate(msg, content, 4, TRUE);
  printf("  updated after the last: %d, error %#lx\n", ok, GetLastError());
  CryptMsgClose(msg);

  // The PFX's certificate and key.
  CRYPT_DATA_BLOB pfx = {sizeof k_pfx_plain, (BYTE*)k_pfx_plain};
  HCERTSTORE store = PFXImportCertStore(&pfx, L"", 0);
  PCCERT_CONTEXT cert = NULL;
  for (PCCERT_CONTEXT c = NULL; (c = CertEnumCertificatesInStore(store, c));) {
    DWORD size = 0;
    if (CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, NULL, &size)) cert = CertDuplicateCertificateContext(c);
  }
  HCRYPTPROV prov = 0;
  DWORD spec = 0;
  BOOL free_it = FALSE;
  ok = cert && CryptAcquireCertificatePrivateKey(cert, 0, NULL, &prov, &spec, &free_it);
  printf("the signer's key: %d\n", ok);

  const char* hashes[] = {szOID_OIWSEC_sha1, szOID_NIST_sha256};
  for (int h = 0; h < 4; h++) {
    CMSG_SIGNER_ENCODE_INFO signer;
    memset(&signer, 0, sizeof signer);
    signer.cbSize = sizeof signer;
    signer.pCertInfo = cert->pCertInfo;
    signer.hCryptProv = prov;
    signer.dwKeySpec = AT_KEYEXCHANGE;
    signer.HashAlgorithm.pszObjId = (LPSTR)hashes[h % 2];
    // (the third and fourth: a signing time as an authenticated attribute)
    BYTE when[] = {0x17, 0x0d, '2', '4', '0', '2', '2', '9', '1', '3', '0', '5', '0', '9', 'Z'};
    CRYPT_ATTR_BLOB time_value = {sizeof when, when};
    CRYPT_ATTRIBUTE attr = {szOID_RSA_signingTime, 1, &time_value};
    if (h >= 2) signer.cAuthAttr = 1, signer.rgAuthAttr = &attr;
    CERT_BLOB certs = {cert->cbCertEncoded, cert->pbCertEncoded};
    CMSG_SIGNED_ENCODE_INFO info;
    memset(&info, 0, sizeof info);
    info.cbSize = sizeof info;
    info.cSigners = 1;
    info.rgSigners = &signer;
    info.cCertEncoded = 1;
    info.rgCertEncoded = &certs;
    const BOOL detached = h == 3;
    SetLastError(0xdeadbeef);
    msg = CryptMsgOpenToEncode(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, detached ? CMSG_DETACHED_FLAG : 0, CMSG_SIGNED,
                               &info, NULL, NULL);
    printf("a signed message, %s%s%s: %d\n", hashes[h % 2], h >= 2 ? ", a signing time" : "", detached ? ", detached" : "",
           msg != NULL);
    if (!msg) {
      printf("  error %#lx\n", GetLastError());
      continue;
    }
    ok = CryptMsgUpdate(msg, content, sizeof content, TRUE);
    printf("  updated: %d\n", ok);
    show_param(msg, CMSG_CONTENT_PARAM, "  the content");
    if (h == 0) show_param(msg, CMSG_BARE_CONTENT_PARAM, "  the bare content");
    read_back(msg, cert, detached);
    CryptMsgClose(msg);
  }

  if (free_it) CryptReleaseContext(prov, 0);
  BYTE buf[1024];
  DWORD size = sizeof buf;
  if (cert && CertGetCertificateContextProperty(cert, CERT_KEY_PROV_INFO_PROP_ID, buf, &size)) {
    const CRYPT_KEY_PROV_INFO* info = (const CRYPT_KEY_PROV_INFO*)buf;
    CryptAcquireContextW(&prov, info->pwszContainerName, info->pwszProvName, info->dwProvType, CRYPT_DELETEKEYSET);
  }
  CertFreeCertificateContext(cert);
  CertCloseStore(store, 0);
  return 0;
}
