/* WinVerifyTrust with the generic Authenticode action over files beside the program (made at build
 * time by build.cmake: a small program unsigned, signed by osslsigncode with a self-signed test
 * certificate, and signed with one byte changed), a file that is no image and a missing one; the
 * provider data kept between WTD_STATEACTION_VERIFY and CLOSE (its signer, the signer's chain and
 * CMSG_SIGNER_INFO); CRYPT32's CryptQueryObject of the signed image; the catalog administrator's SHA-1
 * hashes. Expected output: wine 8.0's (x64), but as wine-differences.txt
 * says. */
// Links: -lwintrust -lcrypt32
#include <windows.h>
#include <wincrypt.h>
#include <wintrust.h>
#include <softpub.h>
#include <mscat.h>
#include <stdio.h>
#include <string.h>

static WCHAR dir[MAX_PATH];

static void path_of(const WCHAR *name, WCHAR *out) {
  lstrcpyW(out, dir);
  lstrcatW(out, name);
}

static LONG verify(const WCHAR *name, int show) {
  WCHAR path[MAX_PATH];
  path_of(name, path);
  WINTRUST_FILE_INFO fi = {sizeof fi};
  fi.pcwszFilePath = path;
  WINTRUST_DATA wd = {sizeof wd};
  wd.dwUIChoice = WTD_UI_NONE;
  wd.fdwRevocationChecks = WTD_REVOKE_NONE;
  wd.dwUnionChoice = WTD_CHOICE_FILE;
  wd.pFile = &fi;
  wd.dwStateAction = WTD_STATEACTION_VERIFY;
  GUID action = WINTRUST_ACTION_GENERIC_VERIFY_V2;
  LONG r = WinVerifyTrust((HWND)INVALID_HANDLE_VALUE, &action, &wd);
  printf("%ls: %08lx state %d\n", name, (unsigned long)r, wd.hWVTStateData != NULL);
  if (wd.hWVTStateData && show) {
    CRYPT_PROVIDER_DATA *pd = WTHelperProvDataFromStateData(wd.hWVTStateData);
    printf("  provider data %d: signers %lu, stores %lu, encoding %lx, action %d\n", pd != NULL, pd->csSigners,
           pd->chStores, pd->dwEncoding, pd->pgActionID && !memcmp(pd->pgActionID, &action, sizeof action));
    CRYPT_PROVIDER_SGNR *s = WTHelperGetProvSignerFromChain(pd, 0, FALSE, 0);
    printf("  signer %d", s != NULL);
    if (s) {
      printf(": chain %lu, type %lu, error %08lx, counter signers %lu\n", s->csCertChain, s->dwSignerType, s->dwError,
             s->csCounterSigners);
      for (DWORD i = 0; i < s->csCertChain; i++) {
        CRYPT_PROVIDER_CERT *c = WTHelperGetProvCertFromChain(s, i);
        char cn[128];
        CertGetNameStringA(c->pCert, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, cn, sizeof cn);
        printf("  cert %lu [%s] trusted root %d self-signed %d error %08lx element %d\n", i, cn, c->fTrustedRoot,
               c->fSelfSigned, c->dwError, c->pChainElement != NULL);
      }
      printf("  outside the chain: %d; counter signer: %d\n", WTHelperGetProvCertFromChain(s, s->csCertChain) != NULL,
             WTHelperGetProvSignerFromChain(pd, 0, TRUE, 0) != NULL);
      CMSG_SIGNER_INFO *si = s->psSigner;
      if (si) {
        char issuer[128];
        CertNameToStrA(X509_ASN_ENCODING, &si->Issuer, CERT_X500_NAME_STR, issuer, sizeof issuer);
        printf("  signer info v%lu issuer [%s] serial %d, hash %s, encryption %s, signature %lu bytes\n",
               si->dwVersion, issuer, si->SerialNumber.cbData > 0, si->HashAlgorithm.pszObjId,
               si->HashEncryptionAlgorithm.pszObjId, si->EncryptedHash.cbData);
        int digest = 0, type = 0;
        for (DWORD i = 0; i < si->AuthAttrs.cAttr; i++) {
          digest |= !strcmp(si->AuthAttrs.rgAttr[i].pszObjId, szOID_PKCS_9_MESSAGE_DIGEST) && si->AuthAttrs.rgAttr[i].cValue == 1;
          type |= !strcmp(si->AuthAttrs.rgAttr[i].pszObjId, szOID_PKCS_9_CONTENT_TYPE) && si->AuthAttrs.rgAttr[i].cValue == 1;
        }
        printf("  signed attributes: message digest %d, content type %d; unsigned attributes %lu\n", digest, type,
               si->UnauthAttrs.cAttr);
      }
    } else {
      printf("\n");
    }
    printf("  second signer %d\n", WTHelperGetProvSignerFromChain(pd, 1, FALSE, 0) != NULL);
  }
  wd.dwStateAction = WTD_STATEACTION_CLOSE;
  LONG c = WinVerifyTrust(NULL, &action, &wd);
  if (show) printf("  closed %08lx state %d\n", (unsigned long)c, wd.hWVTStateData != NULL);
  return r;
}

static void hash(HCATADMIN admin, BOOL (WINAPI *hash2)(HCATADMIN, HANDLE, DWORD *, BYTE *, DWORD), const WCHAR *name,
                 BYTE *out, DWORD *out_size) {
  WCHAR path[MAX_PATH];
  path_of(name, path);
  HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  DWORD n = 0;
  SetLastError(0);
  BOOL r = admin ? hash2(admin, h, &n, NULL, 0) : CryptCATAdminCalcHashFromFileHandle(h, &n, NULL, 0);
  printf("%ls: size %d %lu error %lu", name, r, n, GetLastError());
  *out_size = 64;
  r = admin ? hash2(admin, h, out_size, out, 0) : CryptCATAdminCalcHashFromFileHandle(h, out_size, out, 0);
  printf(", hash %d %lu\n", r, *out_size);
  CloseHandle(h);
}

int main(void) {
  GetModuleFileNameW(NULL, dir, MAX_PATH);
  WCHAR *slash = wcsrchr(dir, L'\\');
  if (slash) slash[1] = 0;
  GUID action = WINTRUST_ACTION_GENERIC_VERIFY_V2, other = {0x12345678, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}};

  verify(L"wintrust_unsigned.exe", 1);
  verify(L"wintrust_signed.exe", 1);
  verify(L"wintrust_tampered.exe", 0);
  verify(L"wintrust_hello.txt", 0);
  verify(L"no such file.exe", 0);
  {
    WINTRUST_FILE_INFO fi = {sizeof fi};
    fi.pcwszFilePath = L"x.exe";
    WINTRUST_DATA wd = {sizeof wd};
    wd.dwUIChoice = WTD_UI_NONE;
    wd.dwUnionChoice = WTD_CHOICE_FILE;
    wd.pFile = &fi;
    SetLastError(0);
    LONG r = WinVerifyTrust(NULL, &other, &wd);
    printf("unknown action: %08lx error %08lx\n", (unsigned long)r, GetLastError());
  }

  /* CRYPT32's view of the same signature: the message embedded in the image. */
  {
    WCHAR path[MAX_PATH];
    path_of(L"wintrust_signed.exe", path);
    DWORD enc = 0, content = 0, format = 0, count = 0, n = sizeof count;
    HCERTSTORE store = NULL;
    HCRYPTMSG msg = NULL;
    BOOL r = CryptQueryObject(CERT_QUERY_OBJECT_FILE, path, CERT_QUERY_CONTENT_FLAG_PKCS7_SIGNED_EMBED,
                              CERT_QUERY_FORMAT_FLAG_BINARY, 0, &enc, &content, &format, &store, &msg, NULL);
    printf("CryptQueryObject: %d encoding %lx content %lu format %lu", r, enc, content, format);
    if (msg && CryptMsgGetParam(msg, CMSG_SIGNER_COUNT_PARAM, 0, &count, &n)) printf(", signers %lu", count);
    char type[64] = "";
    n = sizeof type;
    if (msg && CryptMsgGetParam(msg, CMSG_INNER_CONTENT_TYPE_PARAM, 0, type, &n)) printf(", content %s", type);
    int certs = 0;
    PCCERT_CONTEXT c = NULL;
    while (store && (c = CertEnumCertificatesInStore(store, c))) certs++;
    printf(", certificates %d\n", certs);
    if (msg) CryptMsgClose(msg);
    if (store) CertCloseStore(store, 0);
    path_of(L"wintrust_unsigned.exe", path);
    SetLastError(0);
    r = CryptQueryObject(CERT_QUERY_OBJECT_FILE, path, CERT_QUERY_CONTENT_FLAG_PKCS7_SIGNED_EMBED,
                         CERT_QUERY_FORMAT_FLAG_BINARY, 0, NULL, NULL, NULL, NULL, NULL, NULL);
    printf("CryptQueryObject of the unsigned image: %d error %08lx\n", r, GetLastError());
  }

  /* Catalog administrator: a PE image's hash leaves its signature out; any other file's is its
   * bytes'. */
  HCATADMIN admin = NULL;
  BOOL acquired = CryptCATAdminAcquireContext(&admin, NULL, 0);
  printf("acquire %d %d\n", acquired, admin != NULL);
  BYTE a[64], b[64], t[64];
  DWORD na, nb, nt;
  hash(NULL, NULL, L"wintrust_unsigned.exe", a, &na);
  hash(NULL, NULL, L"wintrust_signed.exe", b, &nb);
  hash(NULL, NULL, L"wintrust_hello.txt", t, &nt);
  printf("signed and unsigned hash alike: %d\n", na == nb && !memcmp(a, b, na));
  printf("hello.txt:");
  for (DWORD i = 0; i < nt; i++) printf("%02x", t[i]);
  printf("\n");
  SetLastError(0);
  HCATINFO info = CryptCATAdminEnumCatalogFromHash(admin, t, nt, 0, NULL);
  printf("catalogs with it: %d error %lu\n", info != NULL, GetLastError());
  SetLastError(0);
  printf("no context: %d error %lu\n", CryptCATAdminAcquireContext(NULL, NULL, 0), GetLastError());
  printf("released %d\n", CryptCATAdminReleaseContext(admin, 0));
  return 0;
}
