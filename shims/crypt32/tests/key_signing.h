// A signature made with a certificate's private key (a provider and its key spec) over a few bytes,
// SHA-1, checked with the certificate's public key: 1 when it verifies, 0 when not, below 0 when it
// could not be made. Shared by the samples that sign with a PFX's key.
#pragma once

#include <windows.h>
#include <wincrypt.h>

static int signs_as_certificate(HCRYPTPROV prov, DWORD spec, PCCERT_CONTEXT cert) {
  static const BYTE data[] = "signed with the certificate's key";
  HCRYPTHASH hash;
  BYTE sig[512];
  DWORD sig_size = sizeof sig;
  if (!CryptCreateHash(prov, CALG_SHA1, 0, 0, &hash)) return -1;
  CryptHashData(hash, data, sizeof data, 0);
  BOOL ok = CryptSignHashW(hash, spec, NULL, 0, sig, &sig_size);
  CryptDestroyHash(hash);
  if (!ok) return -2;
  HCRYPTPROV verify;
  HCRYPTKEY pub;
  CryptAcquireContextW(&verify, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT);
  if (!CryptImportPublicKeyInfo(verify, X509_ASN_ENCODING, &cert->pCertInfo->SubjectPublicKeyInfo, &pub)) return -3;
  CryptCreateHash(verify, CALG_SHA1, 0, 0, &hash);
  CryptHashData(hash, data, sizeof data, 0);
  ok = CryptVerifySignatureW(hash, sig, sig_size, pub, NULL, 0);
  CryptDestroyHash(hash);
  CryptDestroyKey(pub);
  CryptReleaseContext(verify, 0);
  return ok;
}
