// CRYPT32's private keys behind certificates: a PFX imported with PFXImportCertStore puts its RSA
// key into a key container named by CERT_KEY_PROV_INFO_PROP_ID (the provider, its type, the key
// spec); CryptAcquireCertificatePrivateKey opens it (plain, cached in CERT_KEY_CONTEXT_PROP_ID,
// compared with the certificate's public key), and a signature made with it verifies with the
// certificate's public key; a certificate without a key has none to acquire; with
// PKCS12_NO_PERSIST_KEY the key is in CERT_KEY_CONTEXT_PROP_ID alone. The containers made are
// deleted at the end. Expected output: wine 8.0's (x64).
// Links: -lcrypt32 -ladvapi32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>

#include "key_signing.h"
#include "test_pfx.h"

int main(void) {
  CRYPT_DATA_BLOB pfx = {sizeof k_pfx_plain, (BYTE*)k_pfx_plain};
  HCERTSTORE store = PFXImportCertStore(&pfx, L"", CRYPT_EXPORTABLE);
  printf("imported: %d\n", store != NULL);
  PCCERT_CONTEXT with_key = NULL, without_key = NULL;
  WCHAR container[256] = {0}, provider[256] = {0};
  DWORD prov_type = 0;
  for (PCCERT_CONTEXT c = NULL; store && (c = CertEnumCertificatesInStore(store, c));) {
    char name[128];
    CertGetNameStringA(c, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, name, sizeof name);
    DWORD size = 0;
    BOOL has = CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, NULL, &size);
    printf("  %s: a key's provider info %d\n", name, has);
    if (!has) {
      if (!without_key) without_key = CertDuplicateCertificateContext(c);
      continue;
    }
    BYTE buf[1024];
    CRYPT_KEY_PROV_INFO* info = (CRYPT_KEY_PROV_INFO*)buf;
    size = sizeof buf;
    CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, info, &size);
    printf("    provider \"%ls\", type %lu, key spec %lu, flags %#lx, %lu parameters, a container %d\n", info->pwszProvName,
           info->dwProvType, info->dwKeySpec, info->dwFlags, info->cProvParam,
           info->pwszContainerName && *info->pwszContainerName);
    lstrcpynW(container, info->pwszContainerName, 256);
    lstrcpynW(provider, info->pwszProvName, 256);
    prov_type = info->dwProvType;
    if (!with_key) with_key = CertDuplicateCertificateContext(c);
  }

  HCRYPTPROV prov = 0;
  DWORD spec = 0;
  BOOL caller_frees = 7;
  BOOL ok = CryptAcquireCertificatePrivateKey(with_key, 0, NULL, &prov, &spec, &caller_frees);
  printf("acquired: %d, key spec %lu, the caller frees %d\n", ok, spec, caller_frees);
  if (ok) {
    printf("  it signs as the certificate's key: %d\n", signs_as_certificate(prov, spec, with_key));
    CryptReleaseContext(prov, 0);
  }
  HCRYPTPROV cached = 0, again = 0;
  ok = CryptAcquireCertificatePrivateKey(with_key, CRYPT_ACQUIRE_CACHE_FLAG, NULL, &cached, &spec, &caller_frees);
  printf("cached: %d, the caller frees %d", ok, caller_frees);
  ok = CryptAcquireCertificatePrivateKey(with_key, CRYPT_ACQUIRE_CACHE_FLAG, NULL, &again, &spec, &caller_frees);
  DWORD size = 0;
  printf("; again %d, the same %d, a key context %d\n", ok, again == cached,
         CertGetCertificateContextProperty(with_key, CERT_KEY_CONTEXT_PROP_ID, NULL, &size));
  ok = CryptAcquireCertificatePrivateKey(with_key, CRYPT_ACQUIRE_COMPARE_KEY_FLAG | CRYPT_ACQUIRE_USE_PROV_INFO_FLAG, NULL,
                                         &prov, &spec, &caller_frees);
  printf("compared with the certificate: %d\n", ok);
  if (ok && caller_frees) CryptReleaseContext(prov, 0);
  if (without_key) {
    SetLastError(0xdeadbeef);
    ok = CryptAcquireCertificatePrivateKey(without_key, 0, NULL, &prov, &spec, &caller_frees);
    printf("a certificate without a key: %d, error %#lx\n", ok, GetLastError());
    CertFreeCertificateContext(without_key);
  }
  CertFreeCertificateContext(with_key);
  CertCloseStore(store, 0);

  HCERTSTORE ephemeral = PFXImportCertStore(&pfx, L"", PKCS12_NO_PERSIST_KEY);
  int contexts = 0, infos = 0, signed_ok = 0;
  for (PCCERT_CONTEXT c = NULL; ephemeral && (c = CertEnumCertificatesInStore(ephemeral, c));) {
    size = 0;
    infos += CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, NULL, &size);
    size = 0;
    if (!CertGetCertificateContextProperty(c, CERT_KEY_CONTEXT_PROP_ID, NULL, &size)) continue;
    contexts++;
    ok = CryptAcquireCertificatePrivateKey(c, 0, NULL, &prov, &spec, &caller_frees);
    signed_ok = ok && signs_as_certificate(prov, spec, c) == 1;
  }
  printf("without persisting the key: key contexts %d, provider infos %d, it signs %d\n", contexts > 0, infos, signed_ok);
  CertCloseStore(ephemeral, 0);

  if (*container) {
    ok = CryptAcquireContextW(&prov, container, provider, prov_type, CRYPT_DELETEKEYSET);
    printf("its container deleted: %d\n", ok);
  }
  return 0;
}
