/* CRYPT32's messages (CryptMsg*): PKCS #7 signed messages, attached and detached, and a data
 * message, decoded (CryptMsgOpenToDecode, CryptMsgUpdate), read (CryptMsgGetParam: type, content,
 * signers, their information, attributes and hash, certificates, CRLs, the computed hash, sizes and
 * buffers too small), their signatures checked (CryptMsgControl with a CERT_INFO and with a
 * certificate, the right signer and another), CryptVerifyMessageSignature,
 * CryptVerifyDetachedMessageSignature over a detached one, and what CryptQueryObject makes of such a file. The messages
 * are made at build time by openssl (build.cmake). Expected output: wine 8.0's (x64). */
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

static void dword_param(HCRYPTMSG m, DWORD param, DWORD index, const char *name) {
  DWORD v = 0x55555555, n = sizeof v;
  SetLastError(0);
  BOOL r = CryptMsgGetParam(m, param, index, &v, &n);
  printf("  %s: %d", name, r);
  if (r) printf(" %lu (%lu bytes)\n", v, n);
  else printf(" error %08lx\n", GetLastError());
}

static BYTE *param(HCRYPTMSG m, DWORD p, DWORD index, DWORD *n, const char *name) {
  *n = 0;
  SetLastError(0);
  BOOL r = CryptMsgGetParam(m, p, index, NULL, n);
  printf("  %s: size %d %d", name, r, r && *n > 0);
  if (!r) {
    printf(" error %08lx\n", GetLastError());
    return NULL;
  }
  BYTE *b = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, *n);
  DWORD small = 1;
  SetLastError(0);
  BOOL s = CryptMsgGetParam(m, p, index, b, &small);
  printf(", 1 byte %d error %lu same size %d", s, GetLastError(), small == *n);
  r = CryptMsgGetParam(m, p, index, b, n);
  printf(", read %d\n", r);
  return b;
}

static HCRYPTMSG decode(const BYTE *data, DWORD size, DWORD flags, DWORD type, const char *name) {
  SetLastError(0);
  HCRYPTMSG m = CryptMsgOpenToDecode(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, flags, type, 0, NULL, NULL);
  printf("%s: open %d", name, m != NULL);
  SetLastError(0);
  BOOL r = CryptMsgUpdate(m, data, size, TRUE);
  printf(", update %d error %08lx\n", r, GetLastError());
  return m;
}

static void show_signed(HCRYPTMSG m, PCCERT_CONTEXT *signer_cert) {
  DWORD n;
  dword_param(m, CMSG_TYPE_PARAM, 0, "type");
  BYTE *b = param(m, CMSG_INNER_CONTENT_TYPE_PARAM, 0, &n, "inner content type");
  if (b) printf("    %s\n", (char *)b);
  b = param(m, CMSG_CONTENT_PARAM, 0, &n, "content");
  if (b) printf("    %lu bytes: %.*s", n, (int)n, (char *)b);
  dword_param(m, CMSG_VERSION_PARAM, 0, "version");
  dword_param(m, CMSG_SIGNER_COUNT_PARAM, 0, "signers");
  dword_param(m, CMSG_CERT_COUNT_PARAM, 0, "certificates");
  dword_param(m, CMSG_CRL_COUNT_PARAM, 0, "CRLs");
  b = param(m, CMSG_CERT_PARAM, 0, &n, "certificate 0");
  if (b && signer_cert) *signer_cert = CertCreateCertificateContext(X509_ASN_ENCODING, b, n);
  param(m, CMSG_CERT_PARAM, 1, &n, "certificate 1");
  CMSG_SIGNER_INFO *si = (CMSG_SIGNER_INFO *)param(m, CMSG_SIGNER_INFO_PARAM, 0, &n, "signer 0");
  if (si) {
    char issuer[128];
    CertNameToStrA(X509_ASN_ENCODING, &si->Issuer, CERT_X500_NAME_STR, issuer, sizeof issuer);
    int digest = 0, type = 0;
    for (DWORD i = 0; i < si->AuthAttrs.cAttr; i++) {
      digest |= !strcmp(si->AuthAttrs.rgAttr[i].pszObjId, szOID_PKCS_9_MESSAGE_DIGEST);
      type |= !strcmp(si->AuthAttrs.rgAttr[i].pszObjId, szOID_PKCS_9_CONTENT_TYPE);
    }
    printf("    v%lu [%s] serial %d hash %s encryption %s signature %lu; digest %d type %d; unsigned %lu\n",
           si->dwVersion, issuer, si->SerialNumber.cbData > 0, si->HashAlgorithm.pszObjId,
           si->HashEncryptionAlgorithm.pszObjId, si->EncryptedHash.cbData, digest, type, si->UnauthAttrs.cAttr);
  }
  param(m, CMSG_SIGNER_INFO_PARAM, 1, &n, "signer 1");
  CERT_INFO *ci = (CERT_INFO *)param(m, CMSG_SIGNER_CERT_INFO_PARAM, 0, &n, "signer 0's certificate information");
  if (ci) {
    char issuer[128];
    CertNameToStrA(X509_ASN_ENCODING, &ci->Issuer, CERT_X500_NAME_STR, issuer, sizeof issuer);
    printf("    [%s] serial %d subject %lu\n", issuer, ci->SerialNumber.cbData > 0, ci->Subject.cbData);
  }
  CRYPT_ALGORITHM_IDENTIFIER *alg = (CRYPT_ALGORITHM_IDENTIFIER *)param(m, CMSG_SIGNER_HASH_ALGORITHM_PARAM, 0, &n, "hash algorithm");
  if (alg) printf("    %s\n", alg->pszObjId);
  CRYPT_ATTRIBUTES *attrs = (CRYPT_ATTRIBUTES *)param(m, CMSG_SIGNER_AUTH_ATTR_PARAM, 0, &n, "signed attributes");
  if (attrs) printf("    %d\n", attrs->cAttr > 0);
  param(m, CMSG_SIGNER_UNAUTH_ATTR_PARAM, 0, &n, "unsigned attributes");
  b = param(m, CMSG_COMPUTED_HASH_PARAM, 0, &n, "computed hash");
  if (b) {
    printf("    ");
    for (DWORD i = 0; i < n; i++) printf("%02x", b[i]);
    printf("\n");
  }
}

static void verify(HCRYPTMSG m, PCCERT_CONTEXT signer, PCCERT_CONTEXT other) {
  if (!signer || !other) {
    printf("  no certificates to verify with\n");
    return;
  }
  SetLastError(0);
  BOOL r = CryptMsgControl(m, 0, CMSG_CTRL_VERIFY_SIGNATURE, signer->pCertInfo);
  printf("  verify with the signer's information: %d error %08lx\n", r, GetLastError());
  SetLastError(0);
  r = CryptMsgControl(m, 0, CMSG_CTRL_VERIFY_SIGNATURE, other->pCertInfo);
  printf("  verify with another certificate's: %d error %08lx\n", r, GetLastError());
  CMSG_CTRL_VERIFY_SIGNATURE_EX_PARA ex = {sizeof ex, 0, 0, CMSG_VERIFY_SIGNER_CERT, (void *)signer};
  SetLastError(0);
  r = CryptMsgControl(m, 0, CMSG_CTRL_VERIFY_SIGNATURE_EX, &ex);
  printf("  verify (Ex) with the signer: %d error %08lx\n", r, GetLastError());
  ex.pvSigner = (void *)other;
  SetLastError(0);
  r = CryptMsgControl(m, 0, CMSG_CTRL_VERIFY_SIGNATURE_EX, &ex);
  printf("  verify (Ex) with another: %d error %08lx\n", r, GetLastError());
  ex.dwSignerIndex = 1;
  ex.pvSigner = (void *)signer;
  SetLastError(0);
  r = CryptMsgControl(m, 0, CMSG_CTRL_VERIFY_SIGNATURE_EX, &ex);
  printf("  verify (Ex) signer 1: %d error %08lx\n", r, GetLastError());
}

int main(void) {
  GetModuleFileNameW(NULL, dir, MAX_PATH);
  WCHAR *slash = wcsrchr(dir, L'\\');
  if (slash) slash[1] = 0;
  DWORD na, nd, nx, nh, no;
  BYTE *attached = read_file(L"crypt32_msg_attached.p7", &na);
  BYTE *detached = read_file(L"crypt32_msg_detached.p7", &nd);
  BYTE *data = read_file(L"crypt32_msg_data.p7", &nx);
  BYTE *hello = read_file(L"crypt32_msg_hello.txt", &nh);
  BYTE *other_der = read_file(L"crypt32_msg_other.cer", &no);
  if (!attached || !detached || !data || !hello || !other_der) {
    printf("files missing\n");
    return 1;
  }
  PCCERT_CONTEXT other = CertCreateCertificateContext(X509_ASN_ENCODING, other_der, no), signer = NULL;

  HCRYPTMSG m = decode(attached, na, 0, 0, "attached");
  show_signed(m, &signer);
  verify(m, signer, other);
  HCRYPTMSG dup = CryptMsgDuplicate(m);
  printf("  duplicate %d, closed %d %d\n", dup == m, CryptMsgClose(m), CryptMsgClose(dup));

  DWORD n;
  BOOL r;
  m = decode(data, nx, 0, 0, "data");
  dword_param(m, CMSG_TYPE_PARAM, 0, "type");
  BYTE *b = param(m, CMSG_CONTENT_PARAM, 0, &n, "content");
  if (b) printf("    %lu bytes: %.*s", n, (int)n, (char *)b);
  dword_param(m, CMSG_SIGNER_COUNT_PARAM, 0, "signers");
  CryptMsgClose(m);
  m = decode(data, nx, 0, CMSG_SIGNED, "data as signed");
  CryptMsgClose(m);
  m = decode(hello, nh, 0, 0, "not a message");
  CryptMsgClose(m);

  /* One call: the content and the signer's certificate. */
  CRYPT_VERIFY_MESSAGE_PARA para = {sizeof para, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING};
  BYTE out[64];
  DWORD out_size = sizeof out;
  PCCERT_CONTEXT found = NULL;
  SetLastError(0);
  r = CryptVerifyMessageSignature(&para, 0, attached, na, out, &out_size, &found);
  printf("CryptVerifyMessageSignature: %d error %08lx, %lu bytes: %.*s", r, GetLastError(), out_size, (int)out_size, out);
  if (found) {
    char cn[64];
    CertGetNameStringA(found, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, cn, sizeof cn);
    printf("  signer [%s]\n", cn);
    CertFreeCertificateContext(found);
  }
  out_size = 0;
  SetLastError(0);
  r = CryptVerifyMessageSignature(&para, 0, attached, na, NULL, &out_size, NULL);
  printf("  size only: %d %lu\n", r, out_size);
  SetLastError(0);
  r = CryptVerifyMessageSignature(&para, 1, attached, na, NULL, &out_size, NULL);
  printf("  signer 1: %d error %08lx\n", r, GetLastError());
  const BYTE *parts[1] = {hello};
  DWORD part_sizes[1] = {nh};
  SetLastError(0);
  r = CryptVerifyDetachedMessageSignature(&para, 0, detached, nd, 1, parts, part_sizes, NULL);
  printf("CryptVerifyDetachedMessageSignature: %d error %08lx\n", r, GetLastError());
  const BYTE *wrong[1] = {(const BYTE *)"hellx\n"};
  SetLastError(0);
  r = CryptVerifyDetachedMessageSignature(&para, 0, detached, nd, 1, wrong, part_sizes, NULL);
  printf("  other content: %d error %08lx\n", r, GetLastError());

  /* What CryptQueryObject makes of the files. */
  static const WCHAR *files[] = {L"crypt32_msg_attached.p7", L"crypt32_msg_data.p7"};
  for (int i = 0; i < 2; i++) {
    WCHAR path[MAX_PATH];
    lstrcpyW(path, dir);
    lstrcatW(path, files[i]);
    DWORD enc = 0, content = 0, format = 0;
    HCERTSTORE store = NULL;
    HCRYPTMSG msg = NULL;
    SetLastError(0);
    r = CryptQueryObject(CERT_QUERY_OBJECT_FILE, path, CERT_QUERY_CONTENT_FLAG_ALL, CERT_QUERY_FORMAT_FLAG_ALL, 0,
                         &enc, &content, &format, &store, &msg, NULL);
    printf("CryptQueryObject %ls: %d error %08lx encoding %lx content %lu format %lu message %d", files[i], r,
           GetLastError(), enc, content, format, msg != NULL);
    int certs = 0;
    if (store) {
      PCCERT_CONTEXT c = NULL;
      while ((c = CertEnumCertificatesInStore(store, c))) certs++;
      CertCloseStore(store, 0);
    }
    printf(" certificates %d\n", certs);
    if (msg) {
      dword_param(msg, CMSG_TYPE_PARAM, 0, "type");
      CryptMsgClose(msg);
    }
  }
  return 0;
}
