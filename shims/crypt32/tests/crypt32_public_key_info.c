// CRYPT32's public key infos: a 1024-bit RSA key pair made in a key container, exported with
// CryptExportPublicKeyInfo (the size protocol, the algorithm and its parameters, the key the same
// as CryptExportKey's), imported again with CryptImportPublicKeyInfo (the same key; it verifies a
// signature of the container's key) and with CryptImportPublicKeyInfoEx2 as a CNG key (its length;
// it verifies the same signature); the errors of a key spec with no key and of another algorithm.
// Expected output: wine 8.0's (x64).
// Links: -lcrypt32 -ladvapi32 -lbcrypt
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <wincrypt.h>
#include <bcrypt.h>

int main(void) {
  HCRYPTPROV prov = 0;
  HCRYPTKEY pair = 0;
  BOOL ok = CryptAcquireContextW(&prov, NULL, MS_ENHANCED_PROV_W, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT);
  ok = ok && CryptGenKey(prov, AT_SIGNATURE, (1024 << 16) | CRYPT_EXPORTABLE, &pair);
  printf("a key pair: %d\n", ok);

  DWORD size = 0;
  ok = CryptExportPublicKeyInfo(prov, AT_SIGNATURE, X509_ASN_ENCODING, NULL, &size);
  BYTE buf[1024];
  DWORD small = 8;
  SetLastError(0xdeadbeef);
  BOOL short_ok = CryptExportPublicKeyInfo(prov, AT_SIGNATURE, X509_ASN_ENCODING, (CERT_PUBLIC_KEY_INFO*)buf, &small);
  printf("CryptExportPublicKeyInfo: size %d, into 8 bytes %d (error %lu, size the same %d)\n", ok, short_ok,
         GetLastError(), small == size);
  CERT_PUBLIC_KEY_INFO* info = (CERT_PUBLIC_KEY_INFO*)buf;
  DWORD got = sizeof buf;
  ok = CryptExportPublicKeyInfo(prov, AT_SIGNATURE, X509_ASN_ENCODING, info, &got);
  printf("  %d: %s, parameters", ok, info->Algorithm.pszObjId);
  for (DWORD i = 0; i < info->Algorithm.Parameters.cbData; i++) printf(" %02x", info->Algorithm.Parameters.pbData[i]);
  printf(", key %lu bytes, %lu unused bits, size as asked %d\n", info->PublicKey.cbData, info->PublicKey.cUnusedBits,
         got == size);

  // The key in it is CryptExportKey's: RSA_CSP_PUBLICKEYBLOB's decoding of it against the blob.
  BYTE exported[512], decoded[512];
  DWORD exported_size = sizeof exported, decoded_size = sizeof decoded;
  CryptExportKey(pair, 0, PUBLICKEYBLOB, 0, exported, &exported_size);
  ok = CryptDecodeObjectEx(X509_ASN_ENCODING, RSA_CSP_PUBLICKEYBLOB, info->PublicKey.pbData, info->PublicKey.cbData, 0,
                           NULL, decoded, &decoded_size);
  printf("the key decodes %d, as CryptExportKey's blob: %d (its modulus and exponent %d)\n", ok,
         decoded_size == exported_size, !memcmp(decoded + 8, exported + 8, exported_size - 8));

  // A signature of the container's key over some bytes, SHA-1.
  const BYTE data[] = "signed bytes";
  HCRYPTHASH hash;
  BYTE sig[256];
  DWORD sig_size = sizeof sig;
  CryptCreateHash(prov, CALG_SHA1, 0, 0, &hash);
  CryptHashData(hash, data, sizeof data, 0);
  ok = CryptSignHashW(hash, AT_SIGNATURE, NULL, 0, sig, &sig_size);
  printf("signed: %d, %lu bytes\n", ok, sig_size);

  HCRYPTKEY imported = 0;
  ok = CryptImportPublicKeyInfo(prov, X509_ASN_ENCODING, info, &imported);
  BYTE again[512];
  DWORD again_size = sizeof again;
  CryptExportKey(imported, 0, PUBLICKEYBLOB, 0, again, &again_size);
  printf("CryptImportPublicKeyInfo: %d, the same key %d\n", ok,
         again_size == exported_size && !memcmp(again + 8, exported + 8, exported_size - 8));
  ok = CryptVerifySignatureW(hash, sig, sig_size, imported, NULL, 0);
  printf("  it verifies the signature: %d\n", ok);

  BCRYPT_KEY_HANDLE cng = NULL;
  ok = CryptImportPublicKeyInfoEx2(X509_ASN_ENCODING, info, 0, NULL, &cng);
  DWORD bits = 0, out = 0;
  NTSTATUS st = BCryptGetProperty(cng, BCRYPT_KEY_LENGTH, (BYTE*)&bits, sizeof bits, &out, 0);
  printf("CryptImportPublicKeyInfoEx2: %d, length %#lx %lu\n", ok, (unsigned long)st, bits);
  BYTE digest[20], be_sig[256];
  DWORD digest_size = sizeof digest;
  CryptGetHashParam(hash, HP_HASHVAL, digest, &digest_size, 0);
  for (DWORD i = 0; i < sig_size; i++) be_sig[i] = sig[sig_size - 1 - i];  // (CryptoAPI's order reversed)
  BCRYPT_PKCS1_PADDING_INFO pad = {BCRYPT_SHA1_ALGORITHM};
  st = BCryptVerifySignature(cng, &pad, digest, digest_size, be_sig, sig_size, BCRYPT_PAD_PKCS1);
  printf("  it verifies the signature: %#lx\n", (unsigned long)st);
  BCryptDestroyKey(cng);

  SetLastError(0xdeadbeef);
  size = 0;
  ok = CryptExportPublicKeyInfo(prov, AT_KEYEXCHANGE, X509_ASN_ENCODING, NULL, &size);
  printf("a key spec with no key: %d, error %#lx\n", ok, GetLastError());
  SetLastError(0xdeadbeef);
  ok = CryptExportPublicKeyInfoEx(0, AT_SIGNATURE, X509_ASN_ENCODING, NULL, 0, NULL, NULL, &size);
  printf("no provider: %d, error %lu\n", ok, GetLastError());
  CERT_PUBLIC_KEY_INFO dsa = *info;
  dsa.Algorithm.pszObjId = szOID_X957_DSA;
  SetLastError(0xdeadbeef);
  cng = NULL;
  ok = CryptImportPublicKeyInfoEx2(X509_ASN_ENCODING, &dsa, 0, NULL, &cng);
  printf("a DSA key info as a CNG key: %d\n", ok);

  CryptDestroyHash(hash);
  CryptDestroyKey(imported);
  CryptDestroyKey(pair);
  CryptReleaseContext(prov, 0);
  return 0;
}
