// CRYPT32's PFXExportCertStoreEx: a store imported from a PFX (its key exportable) written out
// again with its private key under a password (the size protocol; a PFX that PFXIsPFXBlob and
// PFXVerifyPassword take), imported back (the same certificates, the key there and signing as the
// certificate's), written without keys, and the errors REPORT_NOT_ABLE_TO_EXPORT_PRIVATE_KEY and
// REPORT_NO_PRIVATE_KEY ask for. wine 8.0's PFXExportCertStoreEx is a stub that fails: the
// expected output is the round trip Microsoft's page describes (Microsoft Learn,
// "PFXExportCertStoreEx": the certificates and, with EXPORT_PRIVATE_KEYS, their private keys).
// Links: -lcrypt32 -ladvapi32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>

#include "key_signing.h"
#include "test_pfx.h"

// Whether the certificate's private key, acquired, signs as the certificate's.
static int signs(PCCERT_CONTEXT cert) {
  HCRYPTPROV prov;
  DWORD spec;
  BOOL free_it;
  if (!CryptAcquireCertificatePrivateKey(cert, 0, NULL, &prov, &spec, &free_it)) return -1;
  const int ok = signs_as_certificate(prov, spec, cert);
  if (free_it) CryptReleaseContext(prov, 0);
  return ok;
}

// The certificates of a store, how many have a key, whether those sign; their containers deleted.
static void show(const char* what, HCERTSTORE store) {
  int count = 0, keys = 0, signing = 0;
  for (PCCERT_CONTEXT c = NULL; store && (c = CertEnumCertificatesInStore(store, c));) {
    count++;
    BYTE buf[1024];
    DWORD size = sizeof buf;
    if (!CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, buf, &size)) continue;
    keys++;
    signing += signs(c) == 1;
    const CRYPT_KEY_PROV_INFO* info = (const CRYPT_KEY_PROV_INFO*)buf;
    HCRYPTPROV prov;
    CryptAcquireContextW(&prov, info->pwszContainerName, info->pwszProvName, info->dwProvType, CRYPT_DELETEKEYSET);
  }
  printf("%s: %d certificates, %d with a key, %d signing\n", what, count, keys, signing);
}

static BOOL export_store(HCERTSTORE store, const WCHAR* password, DWORD flags, CRYPT_DATA_BLOB* out) {
  out->cbData = 0;
  out->pbData = NULL;
  if (!PFXExportCertStoreEx(store, out, password, NULL, flags)) return FALSE;
  out->pbData = HeapAlloc(GetProcessHeap(), 0, out->cbData);
  return PFXExportCertStoreEx(store, out, password, NULL, flags);
}

int main(void) {
  CRYPT_DATA_BLOB pfx = {sizeof k_pfx_plain, (BYTE*)k_pfx_plain};
  HCERTSTORE store = PFXImportCertStore(&pfx, L"", CRYPT_EXPORTABLE);

  CRYPT_DATA_BLOB out = {0, NULL};
  BOOL ok = PFXExportCertStoreEx(store, &out, L"pass word", NULL, EXPORT_PRIVATE_KEYS);
  DWORD needed = out.cbData;
  BYTE small[16];
  out.cbData = sizeof small;
  out.pbData = small;
  SetLastError(0xdeadbeef);
  BOOL short_ok = PFXExportCertStoreEx(store, &out, L"pass word", NULL, EXPORT_PRIVATE_KEYS);
  printf("the size: %d, some bytes %d; into 16 bytes %d, error %lu, the size given %d\n", ok, needed > 0, short_ok,
         GetLastError(), out.cbData == needed);
  ok = export_store(store, L"pass word", EXPORT_PRIVATE_KEYS, &out);
  printf("exported with its key: %d, a PFX %d, its password %d, another %d\n", ok, PFXIsPFXBlob(&out),
         PFXVerifyPassword(&out, L"pass word", 0), PFXVerifyPassword(&out, L"another", 0));
  HCERTSTORE back = PFXImportCertStore(&out, L"pass word", 0);
  show("imported back", back);
  CertCloseStore(back, 0);
  SetLastError(0xdeadbeef);
  back = PFXImportCertStore(&out, L"wrong", 0);
  printf("imported with a wrong password: %d\n", back != NULL);

  ok = export_store(store, NULL, 0, &out);
  back = PFXImportCertStore(&out, NULL, 0);
  printf("exported without keys: %d\n", ok);
  show("imported back", back);
  CertCloseStore(back, 0);

  ok = export_store(store, L"", EXPORT_PRIVATE_KEYS | REPORT_NO_PRIVATE_KEY, &out);
  printf("REPORT_NO_PRIVATE_KEY with a certificate without one: %d\n", ok);
  show("the store itself", store);
  CertCloseStore(store, 0);

  // A key that may not be exported.
  store = PFXImportCertStore(&pfx, L"", 0);
  ok = export_store(store, L"", EXPORT_PRIVATE_KEYS | REPORT_NOT_ABLE_TO_EXPORT_PRIVATE_KEY, &out);
  printf("a key not exportable, REPORT_NOT_ABLE_TO_EXPORT_PRIVATE_KEY: %d\n", ok);
  ok = export_store(store, L"", EXPORT_PRIVATE_KEYS, &out);
  back = PFXImportCertStore(&out, L"", 0);
  printf("without the flag: %d\n", ok);
  show("imported back", back);
  CertCloseStore(back, 0);
  show("the store itself", store);
  CertCloseStore(store, 0);
  return 0;
}
