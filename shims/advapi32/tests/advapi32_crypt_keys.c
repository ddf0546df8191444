/* CryptoAPI keys: a key container made with CRYPT_NEWKEYSET (and found again by a later acquire),
 * its RSA key pairs (CryptGenKey, CryptGetUserKey), signatures (CryptSignHash,
 * CryptVerifySignature), public-key blobs and RSA encryption, session keys derived from a hash
 * (CryptDeriveKey: the ciphertexts of known passwords are facts of the derivation), sealed in a
 * SIMPLEBLOB and opened again; then the container is deleted. RSA keys are random, so only sizes
 * and outcomes are printed for them. */
// Links: -ladvapi32
#include <windows.h>
#include <wincrypt.h>
#include <stdio.h>
#include <string.h>

/* The container's name has the process's id in it: runs at once (the x64 and i686 builds) do not
 * share one. */
static char CONTAINER[64];

static void hex(const BYTE* p, DWORD n) {
  for (DWORD i = 0; i < n; ++i) printf("%02x", p[i]);
}

static HCRYPTHASH sha1_of(HCRYPTPROV prov, const char* text) {
  HCRYPTHASH h = 0;
  CryptCreateHash(prov, CALG_SHA1, 0, 0, &h);
  CryptHashData(h, (const BYTE*)text, (DWORD)strlen(text), 0);
  return h;
}

static void key_facts(const char* what, HCRYPTKEY k) {
  DWORD alg = 0, bits = 0, block = 0, perms = 0, len;
  len = sizeof alg;
  CryptGetKeyParam(k, KP_ALGID, (BYTE*)&alg, &len, 0);
  len = sizeof bits;
  CryptGetKeyParam(k, KP_KEYLEN, (BYTE*)&bits, &len, 0);
  len = sizeof block;
  CryptGetKeyParam(k, KP_BLOCKLEN, (BYTE*)&block, &len, 0);
  len = sizeof perms;
  CryptGetKeyParam(k, KP_PERMISSIONS, (BYTE*)&perms, &len, 0);
  printf("%s: algid %04lx, %lu bits, block %lu, permissions %02lx\n", what, alg, bits, block, perms);
}

/* Encrypts `text` with a key derived from the hash of `password`. */
static void derived(HCRYPTPROV prov, ALG_ID hash_alg, ALG_ID alg, DWORD flags, const char* name, const char* password) {
  HCRYPTHASH h = 0;
  CryptCreateHash(prov, hash_alg, 0, 0, &h);
  CryptHashData(h, (const BYTE*)password, (DWORD)strlen(password), 0);
  HCRYPTKEY k = 0;
  if (!CryptDeriveKey(prov, alg, h, flags, &k)) {
    printf("CryptDeriveKey(%s): error %08lx\n", name, GetLastError());
    CryptDestroyHash(h);
    return;
  }
  DWORD bits = 0, len = sizeof bits;
  CryptGetKeyParam(k, KP_KEYLEN, (BYTE*)&bits, &len, 0);
  BYTE buf[64] = "The quick brown fox";
  DWORD n = 19;
  BOOL e = CryptEncrypt(k, 0, TRUE, 0, buf, &n, sizeof buf);
  printf("%s from \"%s\": %lu bits, encrypt %d, %lu bytes ", name, password, bits, e, n);
  hex(buf, n);
  printf("\n");
  BOOL d = CryptDecrypt(k, 0, TRUE, 0, buf, &n);
  printf("  decrypt %d: %.*s\n", d, (int)n, (const char*)buf);
  CryptDestroyKey(k);
  CryptDestroyHash(h);
}

int main(void) {
  HCRYPTPROV prov = 0;
  snprintf(CONTAINER, sizeof CONTAINER, "polyrun crypt_keys sample %lu", GetCurrentProcessId());

  SetLastError(0);
  BOOL r = CryptAcquireContextA(&prov, CONTAINER, MS_ENH_RSA_AES_PROV_A, PROV_RSA_AES, 0);
  printf("open before it exists: %d, error %08lx\n", r, GetLastError());
  r = CryptAcquireContextA(&prov, CONTAINER, MS_ENH_RSA_AES_PROV_A, PROV_RSA_AES, CRYPT_NEWKEYSET);
  printf("CRYPT_NEWKEYSET: %d\n", r);
  HCRYPTPROV other = 0;
  SetLastError(0);
  BOOL again = CryptAcquireContextA(&other, CONTAINER, MS_ENH_RSA_AES_PROV_A, PROV_RSA_AES, CRYPT_NEWKEYSET);
  printf("CRYPT_NEWKEYSET again: %d, error %08lx\n", again, GetLastError());
  char name[256];
  DWORD len = sizeof name;
  BOOL c = CryptGetProvParam(prov, PP_CONTAINER, (BYTE*)name, &len, 0);
  printf("PP_CONTAINER: %d, %s, %s\n", c, strcmp(name, CONTAINER) ? "another name" : "the name given",
         len == strlen(CONTAINER) + 1 ? "its size" : "another size");
  /* The container is among those PP_ENUMCONTAINERS lists. */
  int found = 0;
  for (DWORD flags = CRYPT_FIRST;; flags = 0) {
    len = sizeof name;
    if (!CryptGetProvParam(prov, PP_ENUMCONTAINERS, (BYTE*)name, &len, flags)) {
      printf("PP_ENUMCONTAINERS ends with error %lu; the sample's container %s\n", GetLastError(),
             found ? "was listed" : "was not listed");
      break;
    }
    if (!strcmp(name, CONTAINER)) found = 1;
  }

  HCRYPTKEY sig = 0;
  SetLastError(0);
  BOOL u = CryptGetUserKey(prov, AT_SIGNATURE, &sig);
  printf("CryptGetUserKey(AT_SIGNATURE) of the new container: %d, error %08lx\n", u, GetLastError());
  SetLastError(0);
  r = CryptGenKey(prov, AT_SIGNATURE, (1024 << 16) | CRYPT_EXPORTABLE, &sig);
  printf("CryptGenKey(AT_SIGNATURE, 1024 bits): %d\n", r);
  key_facts("signature key", sig);

  /* Sign the SHA-1 of a text; verify it, and a damaged copy. */
  HCRYPTHASH h = sha1_of(prov, "message to sign");
  DWORD siglen = 0;
  BOOL q = CryptSignHashA(h, AT_SIGNATURE, NULL, 0, NULL, &siglen);
  BYTE signature[256];
  siglen = sizeof signature;
  BOOL s = CryptSignHashA(h, AT_SIGNATURE, NULL, 0, signature, &siglen);
  printf("CryptSignHashA: size query %d, sign %d, %lu bytes\n", q, s, siglen);
  BYTE pub[512];
  DWORD publen = sizeof pub;
  BOOL x = CryptExportKey(sig, 0, PUBLICKEYBLOB, 0, pub, &publen);
  printf("PUBLICKEYBLOB: %d, %lu bytes, type %u, algid %04x, magic %.4s, bits %lu\n", x, publen, pub[0],
         ((BLOBHEADER*)pub)->aiKeyAlg, (const char*)(pub + 8), ((RSAPUBKEY*)(pub + 8))->bitlen);
  CryptDestroyHash(h);

  /* A verification context checks the signature with the public key alone. */
  HCRYPTPROV verify = 0;
  CryptAcquireContextA(&verify, NULL, MS_ENH_RSA_AES_PROV_A, PROV_RSA_AES, CRYPT_VERIFYCONTEXT);
  HCRYPTKEY pubkey = 0;
  r = CryptImportKey(verify, pub, publen, 0, 0, &pubkey);
  key_facts("imported public key", pubkey);
  h = sha1_of(verify, "message to sign");
  BOOL v = CryptVerifySignatureA(h, signature, siglen, pubkey, NULL, 0);
  printf("CryptVerifySignatureA: import %d, verify %d\n", r, v);
  signature[5] ^= 0x40;
  SetLastError(0);
  v = CryptVerifySignatureA(h, signature, siglen, pubkey, NULL, 0);
  printf("a damaged signature: %d, error %08lx\n", v, GetLastError());
  signature[5] ^= 0x40;
  CryptDestroyHash(h);
  h = sha1_of(verify, "another message");
  SetLastError(0);
  v = CryptVerifySignatureA(h, signature, siglen, pubkey, NULL, 0);
  printf("another message: %d, error %08lx\n", v, GetLastError());
  CryptDestroyHash(h);
  SetLastError(0);
  h = sha1_of(verify, "message to sign");
  s = CryptSignHashA(h, AT_SIGNATURE, NULL, 0, signature, &siglen);
  printf("signing in a verification context: %d, error %08lx\n", s, GetLastError());
  CryptDestroyHash(h);

  /* The exchange key: RSA encryption (PKCS #1 v1.5) with the public key, decryption with the pair. */
  HCRYPTKEY xchg = 0;
  SetLastError(0);
  u = CryptGetUserKey(prov, AT_KEYEXCHANGE, &xchg);
  printf("CryptGetUserKey(AT_KEYEXCHANGE) before one is made: %d, error %08lx\n", u, GetLastError());
  r = CryptGenKey(prov, AT_KEYEXCHANGE, 1024 << 16, &xchg);
  key_facts("exchange key", xchg);
  BYTE priv[1024];
  DWORD privlen = sizeof priv;
  SetLastError(0);
  x = CryptExportKey(xchg, 0, PRIVATEKEYBLOB, 0, priv, &privlen);
  printf("PRIVATEKEYBLOB of a key made without CRYPT_EXPORTABLE: %d, error %08lx\n", x, GetLastError());
  privlen = sizeof priv;
  x = CryptExportKey(sig, 0, PRIVATEKEYBLOB, 0, priv, &privlen);
  printf("PRIVATEKEYBLOB of the exportable one: %d, %lu bytes, magic %.4s\n", x, privlen, (const char*)(priv + 8));
  publen = sizeof pub;
  CryptExportKey(xchg, 0, PUBLICKEYBLOB, 0, pub, &publen);
  r = CryptImportKey(verify, pub, publen, 0, 0, &pubkey);
  BYTE buf[128] = "a short secret";
  DWORD n = 14;
  BOOL e = CryptEncrypt(pubkey, 0, TRUE, 0, buf, &n, sizeof buf);
  printf("RSA encrypt with the public key: %d, %lu bytes\n", e, n);
  BOOL d = CryptDecrypt(xchg, 0, TRUE, 0, buf, &n);
  printf("RSA decrypt with the pair: %d, %.*s\n", d, (int)n, (const char*)buf);

  /* A session key sealed for the exchange key (SIMPLEBLOB) and opened in the container. */
  HCRYPTKEY session = 0;
  CryptGenKey(verify, CALG_AES_256, CRYPT_EXPORTABLE, &session);
  BYTE simple[512];
  DWORD simplelen = sizeof simple;
  x = CryptExportKey(session, pubkey, SIMPLEBLOB, 0, simple, &simplelen);
  printf("SIMPLEBLOB: %d, %lu bytes, algid %04x, sealed with %04lx\n", x, simplelen, ((BLOBHEADER*)simple)->aiKeyAlg,
         *(DWORD*)(simple + 8));
  HCRYPTKEY opened = 0;
  r = CryptImportKey(prov, simple, simplelen, xchg, 0, &opened);
  BYTE one[32] = "same either way", two[32] = "same either way";
  DWORD n1 = 15, n2 = 15;
  CryptEncrypt(session, 0, TRUE, 0, one, &n1, sizeof one);
  CryptEncrypt(opened, 0, TRUE, 0, two, &n2, sizeof two);
  printf("import of the SIMPLEBLOB: %d, %s\n", r, n1 == n2 && !memcmp(one, two, n1) ? "the same key" : "another key");
  CryptDestroyKey(opened);
  CryptDestroyKey(session);
  CryptDestroyKey(pubkey);
  CryptDestroyKey(xchg);
  CryptDestroyKey(sig);

  /* Keys derived from passwords: the same password gives the same key, and so the same ciphertext. */
  derived(verify, CALG_SHA1, CALG_AES_128, 0, "AES-128 from SHA-1", "password");
  derived(verify, CALG_SHA1, CALG_AES_256, 0, "AES-256 from SHA-1", "password");
  derived(verify, CALG_MD5, CALG_RC4, 128 << 16, "RC4-128 from MD5", "password");
  derived(verify, CALG_SHA_256, CALG_3DES, 0, "3DES from SHA-256", "password");
  derived(verify, CALG_MD5, CALG_RC2, 0, "RC2 from MD5", "password");
  derived(verify, CALG_SHA1, CALG_DES, 0, "DES from SHA-1", "password");
  CryptReleaseContext(verify, 0);
  CryptReleaseContext(prov, 0);

  /* A later acquire finds the container and its keys. */
  r = CryptAcquireContextA(&prov, CONTAINER, MS_ENH_RSA_AES_PROV_A, PROV_RSA_AES, 0);
  u = CryptGetUserKey(prov, AT_SIGNATURE, &sig);
  BOOL u2 = CryptGetUserKey(prov, AT_KEYEXCHANGE, &xchg);
  printf("reopened: %d, signature key %d, exchange key %d\n", r, u, u2);
  key_facts("signature key again", sig);
  CryptDestroyKey(sig);
  CryptDestroyKey(xchg);
  CryptReleaseContext(prov, 0);

  r = CryptAcquireContextA(&prov, CONTAINER, MS_ENH_RSA_AES_PROV_A, PROV_RSA_AES, CRYPT_DELETEKEYSET);
  printf("CRYPT_DELETEKEYSET: %d\n", r);
  SetLastError(0);
  r = CryptAcquireContextA(&prov, CONTAINER, MS_ENH_RSA_AES_PROV_A, PROV_RSA_AES, 0);
  printf("open after deleting: %d, error %08lx\n", r, GetLastError());
  return 0;
}
