/* Hashes, HMACs and AES of known inputs through the CryptoAPI (ADVAPI32's Crypt* functions on the
 * Microsoft providers) and through CNG (BCRYPT): the digests are the published test vectors (RFC
 * 1321 and 1320, FIPS 180's "abc", RFC 2202 and 4231 HMACs, FIPS 197's AES example). Then the
 * providers themselves: which there are, what they say of themselves, and key containers' errors. */
// Links: -ladvapi32 -lbcrypt
#include <windows.h>
#include <wincrypt.h>
#include <bcrypt.h>
#include <stdio.h>
#include <string.h>

static void hex(const BYTE* p, DWORD n) {
  for (DWORD i = 0; i < n; ++i) printf("%02x", p[i]);
}

static void capi_hash(HCRYPTPROV prov, ALG_ID alg, const char* name, const char* data) {
  HCRYPTHASH h = 0;
  if (!CryptCreateHash(prov, alg, 0, 0, &h)) {
    printf("CryptCreateHash(%s): error %08lx\n", name, GetLastError());
    return;
  }
  BOOL r = CryptHashData(h, (const BYTE*)data, (DWORD)strlen(data), 0);
  DWORD size = 0, len = sizeof size, alg_out = 0;
  CryptGetHashParam(h, HP_HASHSIZE, (BYTE*)&size, &len, 0);
  len = sizeof alg_out;
  CryptGetHashParam(h, HP_ALGID, (BYTE*)&alg_out, &len, 0);
  BYTE digest[64];
  DWORD need = 0;
  BOOL q = CryptGetHashParam(h, HP_HASHVAL, NULL, &need, 0);
  len = sizeof digest;
  BOOL v = CryptGetHashParam(h, HP_HASHVAL, digest, &len, 0);
  printf("%s: hashed %d, size %lu, algid %04lx, query %d/%lu, value %d ", name, r, size, alg_out, q, need, v);
  hex(digest, len);
  printf("\n");
  SetLastError(0);
  r = CryptHashData(h, (const BYTE*)"x", 1, 0);
  printf("  more data after the value: %d, error %08lx\n", r, GetLastError());
  CryptDestroyHash(h);
}

/* A PLAINTEXTKEYBLOB holding `n` key bytes. */
static HCRYPTKEY import_plain(HCRYPTPROV prov, ALG_ID alg, const void* key, DWORD n, DWORD flags) {
  BYTE blob[sizeof(BLOBHEADER) + sizeof(DWORD) + 64];
  BLOBHEADER* hdr = (BLOBHEADER*)blob;
  hdr->bType = PLAINTEXTKEYBLOB;
  hdr->bVersion = CUR_BLOB_VERSION;
  hdr->reserved = 0;
  hdr->aiKeyAlg = alg;
  memcpy(blob + sizeof *hdr, &n, sizeof n);
  memcpy(blob + sizeof *hdr + sizeof n, key, n);
  HCRYPTKEY k = 0;
  if (!CryptImportKey(prov, blob, sizeof *hdr + sizeof n + n, 0, flags, &k)) {
    printf("CryptImportKey: error %08lx\n", GetLastError());
    return 0;
  }
  return k;
}

static void capi_hmac(HCRYPTPROV prov, ALG_ID alg, const char* name, const void* key, DWORD keylen, const char* data) {
  HCRYPTKEY k = import_plain(prov, CALG_RC2, key, keylen, CRYPT_IPSEC_HMAC_KEY);
  HCRYPTHASH h = 0;
  if (!CryptCreateHash(prov, CALG_HMAC, k, 0, &h)) {
    printf("CryptCreateHash(HMAC): error %08lx\n", GetLastError());
    return;
  }
  HMAC_INFO info = {alg, NULL, 0, NULL, 0};
  BOOL s = CryptSetHashParam(h, HP_HMAC_INFO, (const BYTE*)&info, 0);
  BOOL r = CryptHashData(h, (const BYTE*)data, (DWORD)strlen(data), 0);
  BYTE digest[64];
  DWORD len = sizeof digest;
  BOOL v = CryptGetHashParam(h, HP_HASHVAL, digest, &len, 0);
  printf("HMAC-%s: info %d, hashed %d, value %d ", name, s, r, v);
  hex(digest, len);
  printf("\n");
  CryptDestroyHash(h);
  CryptDestroyKey(k);
}

static void bcrypt_hash(LPCWSTR alg, const char* name, const void* key, ULONG keylen, const char* data) {
  BCRYPT_ALG_HANDLE a = NULL;
  NTSTATUS st = BCryptOpenAlgorithmProvider(&a, alg, NULL, key ? BCRYPT_ALG_HANDLE_HMAC_FLAG : 0);
  if (st) {
    printf("BCryptOpenAlgorithmProvider(%s): %08lx\n", name, st);
    return;
  }
  DWORD hash_len = 0, block_len = 0;
  ULONG got = 0;
  BCryptGetProperty(a, BCRYPT_HASH_LENGTH, (PUCHAR)&hash_len, sizeof hash_len, &got, 0);
  NTSTATUS b = BCryptGetProperty(a, BCRYPT_HASH_BLOCK_LENGTH, (PUCHAR)&block_len, sizeof block_len, &got, 0);
  WCHAR alg_name[32] = {0};
  BCryptGetProperty(a, BCRYPT_ALGORITHM_NAME, (PUCHAR)alg_name, sizeof alg_name, &got, 0);
  BCRYPT_HASH_HANDLE h = NULL;
  NTSTATUS c = BCryptCreateHash(a, &h, NULL, 0, (PUCHAR)key, keylen, 0);
  /* Half the data, a copy of the hash, then the rest into both. */
  size_t n = strlen(data), half = n / 2;
  NTSTATUS d1 = BCryptHashData(h, (PUCHAR)data, (ULONG)half, 0);
  BCRYPT_HASH_HANDLE dup = NULL;
  NTSTATUS dd = BCryptDuplicateHash(h, &dup, NULL, 0, 0);
  BCryptHashData(h, (PUCHAR)data + half, (ULONG)(n - half), 0);
  BCryptHashData(dup, (PUCHAR)data + half, (ULONG)(n - half), 0);
  BYTE digest[64], digest2[64];
  NTSTATUS f = BCryptFinishHash(h, digest, hash_len, 0);
  BCryptFinishHash(dup, digest2, hash_len, 0);
  printf("BCrypt %s (%ls): hash length %lu, create %08lx, data %08lx, duplicate %08lx, finish %08lx ", name, alg_name,
         hash_len, c, d1, dd, f);
  hex(digest, hash_len);
  printf(" %s\n", memcmp(digest, digest2, hash_len) ? "copy differs" : "copy agrees");
  printf("  hash block length: %08lx, %lu bytes\n", b, block_len);
  NTSTATUS wrong = BCryptFinishHash(h, digest, hash_len + 1, 0);
  printf("  finish with a wrong length: %08lx\n", wrong);
  BCryptDestroyHash(h);
  BCryptDestroyHash(dup);
  BYTE once[64];
  NTSTATUS one = BCryptHash(a, (PUCHAR)key, keylen, (PUCHAR)data, (ULONG)n, once, hash_len);
  printf("  BCryptHash %08lx %s\n", one, memcmp(once, digest, hash_len) ? "differs" : "agrees");
  BCryptCloseAlgorithmProvider(a, 0);
}

static const BYTE kAesKey[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
static const BYTE kAesPlain[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};

static void capi_aes(HCRYPTPROV prov) {
  HCRYPTKEY k = import_plain(prov, CALG_AES_128, kAesKey, sizeof kAesKey, 0);
  DWORD mode = 0, len = sizeof mode, block = 0, bits = 0;
  CryptGetKeyParam(k, KP_MODE, (BYTE*)&mode, &len, 0);
  len = sizeof block;
  CryptGetKeyParam(k, KP_BLOCKLEN, (BYTE*)&block, &len, 0);
  len = sizeof bits;
  CryptGetKeyParam(k, KP_KEYLEN, (BYTE*)&bits, &len, 0);
  printf("AES-128 key: mode %lu, block %lu bits, key %lu bits\n", mode, block, bits);
  DWORD ecb = CRYPT_MODE_ECB;
  BOOL m = CryptSetKeyParam(k, KP_MODE, (const BYTE*)&ecb, 0);
  BYTE buf[32];
  memcpy(buf, kAesPlain, 16);
  DWORD n = 16;
  BOOL e = CryptEncrypt(k, 0, FALSE, 0, buf, &n, sizeof buf);
  printf("AES-128 ECB (FIPS 197): mode %d, encrypt %d, %lu bytes ", m, e, n);
  hex(buf, n);
  printf("\n");
  BOOL d = CryptDecrypt(k, 0, FALSE, 0, buf, &n);
  printf("  decrypt %d: %s\n", d, memcmp(buf, kAesPlain, 16) ? "differs" : "the plaintext");
  /* The final block of CBC with PKCS#5 padding: 16 bytes of data become 32; decrypting takes the
   * padding off. The ciphertext's size is first asked for with a NULL buffer. */
  DWORD cbc = CRYPT_MODE_CBC;
  CryptSetKeyParam(k, KP_MODE, (const BYTE*)&cbc, 0);
  n = 16;
  BOOL q = CryptEncrypt(k, 0, TRUE, 0, NULL, &n, 0);
  printf("  CBC size query %d: %lu bytes\n", q, n);
  memcpy(buf, kAesPlain, 16);
  n = 16;
  SetLastError(0);
  BOOL small = CryptEncrypt(k, 0, TRUE, 0, buf, &n, 16);
  printf("  CBC into 16 bytes %d, error %lu, needs %lu\n", small, GetLastError(), n);
  n = 16;
  e = CryptEncrypt(k, 0, TRUE, 0, buf, &n, sizeof buf);
  printf("  CBC encrypt %d: %lu bytes ", e, n);
  hex(buf, n);
  printf("\n");
  d = CryptDecrypt(k, 0, TRUE, 0, buf, &n);
  printf("  CBC decrypt %d: %lu bytes, %s\n", d, n, memcmp(buf, kAesPlain, 16) ? "differs" : "the plaintext");
  /* A damaged last block: its padding no longer checks. */
  memcpy(buf, kAesPlain, 16);
  n = 16;
  CryptEncrypt(k, 0, TRUE, 0, buf, &n, sizeof buf);
  buf[n - 1] ^= 0x55;
  SetLastError(0);
  d = CryptDecrypt(k, 0, TRUE, 0, buf, &n);
  printf("  damaged padding: %d, error %08lx\n", d, GetLastError());
  CryptDestroyKey(k);
}

static void bcrypt_aes(void) {
  BCRYPT_ALG_HANDLE a = NULL;
  NTSTATUS st = BCryptOpenAlgorithmProvider(&a, BCRYPT_AES_ALGORITHM, NULL, 0);
  WCHAR mode[32] = {0};
  ULONG got = 0;
  DWORD block = 0;
  BCryptGetProperty(a, BCRYPT_CHAINING_MODE, (PUCHAR)mode, sizeof mode, &got, 0);
  BCryptGetProperty(a, BCRYPT_BLOCK_LENGTH, (PUCHAR)&block, sizeof block, &got, 0);
  NTSTATUS sm = BCryptSetProperty(a, BCRYPT_CHAINING_MODE, (PUCHAR)BCRYPT_CHAIN_MODE_ECB, sizeof BCRYPT_CHAIN_MODE_ECB, 0);
  BCRYPT_KEY_HANDLE k = NULL;
  NTSTATUS g = BCryptGenerateSymmetricKey(a, &k, NULL, 0, (PUCHAR)kAesKey, sizeof kAesKey, 0);
  BYTE out[32];
  ULONG n = 0;
  NTSTATUS e = BCryptEncrypt(k, (PUCHAR)kAesPlain, 16, NULL, NULL, 0, out, sizeof out, &n, 0);
  printf("BCrypt AES: open %08lx, mode %ls, block %lu, set ECB %08lx, key %08lx, encrypt %08lx, %lu bytes ", st, mode,
         block, sm, g, e, n);
  hex(out, n);
  printf("\n");
  BYTE back[32];
  ULONG m = 0;
  NTSTATUS d = BCryptDecrypt(k, out, n, NULL, NULL, 0, back, sizeof back, &m, 0);
  printf("  decrypt %08lx: %lu bytes, %s\n", d, m, memcmp(back, kAesPlain, 16) ? "differs" : "the plaintext");
  NTSTATUS odd = BCryptEncrypt(k, (PUCHAR)kAesPlain, 15, NULL, NULL, 0, out, sizeof out, &n, 0);
  printf("  15 bytes without padding: %08lx\n", odd);
  BCryptDestroyKey(k);

  /* CBC with an IV, SP 800-38A's first block (F.2.1), then PKCS #7 padding to a second block; the
   * IV buffer carries the chain on. */
  static const BYTE key2[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
  static const BYTE plain2[16] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a};
  BYTE iv[16];
  for (int i = 0; i < 16; ++i) iv[i] = (BYTE)i;
  BCryptSetProperty(a, BCRYPT_CHAINING_MODE, (PUCHAR)BCRYPT_CHAIN_MODE_CBC, sizeof BCRYPT_CHAIN_MODE_CBC, 0);
  BCryptGenerateSymmetricKey(a, &k, NULL, 0, (PUCHAR)key2, sizeof key2, 0);
  ULONG need = 0;
  NTSTATUS q = BCryptEncrypt(k, (PUCHAR)plain2, 16, NULL, iv, 16, NULL, 0, &need, BCRYPT_BLOCK_PADDING);
  e = BCryptEncrypt(k, (PUCHAR)plain2, 16, NULL, iv, 16, out, sizeof out, &n, BCRYPT_BLOCK_PADDING);
  printf("BCrypt AES-CBC (SP 800-38A): size query %08lx, %lu; encrypt %08lx, %lu bytes ", q, need, e, n);
  hex(out, n);
  printf("\n  IV after: ");
  hex(iv, 16);
  printf("\n");
  for (int i = 0; i < 16; ++i) iv[i] = (BYTE)i;
  d = BCryptDecrypt(k, out, n, NULL, iv, 16, back, sizeof back, &m, BCRYPT_BLOCK_PADDING);
  printf("  decrypt %08lx: %lu bytes, %s\n", d, m, memcmp(back, plain2, 16) ? "differs" : "the plaintext");
  /* The key as a BCRYPT_KEY_DATA_BLOB, and back. */
  BYTE blob[64];
  ULONG blob_len = 0;
  NTSTATUS x = BCryptExportKey(k, NULL, BCRYPT_KEY_DATA_BLOB, blob, sizeof blob, &blob_len, 0);
  BCRYPT_KEY_HANDLE k2 = NULL;
  NTSTATUS im = BCryptImportKey(a, NULL, BCRYPT_KEY_DATA_BLOB, &k2, NULL, 0, blob, blob_len, 0);
  for (int i = 0; i < 16; ++i) iv[i] = (BYTE)i;
  BYTE again[32];
  ULONG n2 = 0;
  BCryptEncrypt(k2, (PUCHAR)plain2, 16, NULL, iv, 16, again, sizeof again, &n2, BCRYPT_BLOCK_PADDING);
  printf("  BCRYPT_KEY_DATA_BLOB: export %08lx, %lu bytes, version %lu, key %lu bytes; import %08lx, %s\n", x, blob_len,
         ((BCRYPT_KEY_DATA_BLOB_HEADER*)blob)->dwVersion, ((BCRYPT_KEY_DATA_BLOB_HEADER*)blob)->cbKeyData, im,
         n2 == n && !memcmp(again, out, n) ? "the same key" : "another key");
  BCryptDestroyKey(k2);
  BCryptDestroyKey(k);
  BCryptCloseAlgorithmProvider(a, 0);
}

/* PBKDF2-HMAC-SHA1 of RFC 6070's first and second cases. */
static void pbkdf2(void) {
  BCRYPT_ALG_HANDLE prf = NULL;
  BCryptOpenAlgorithmProvider(&prf, BCRYPT_SHA1_ALGORITHM, NULL, BCRYPT_ALG_HANDLE_HMAC_FLAG);
  for (ULONGLONG iterations = 1; iterations <= 2; ++iterations) {
    BYTE key[20];
    NTSTATUS r = BCryptDeriveKeyPBKDF2(prf, (PUCHAR) "password", 8, (PUCHAR) "salt", 4, iterations, key, sizeof key, 0);
    printf("PBKDF2-HMAC-SHA1, %llu iteration(s): %08lx ", iterations, r);
    hex(key, sizeof key);
    printf("\n");
  }
  BCryptCloseAlgorithmProvider(prf, 0);
}

static void providers(void) {
  WCHAR name[256];
  DWORD type, size;
  for (DWORD i = 0;; ++i) {
    size = sizeof name;
    if (!CryptEnumProvidersW(i, NULL, 0, &type, name, &size)) {
      printf("CryptEnumProvidersW ends with error %lu\n", GetLastError());
      break;
    }
    /* The RSA providers of the full and AES types (not SChannel's, nor the DSS and Diffie-Hellman
     * ones, which are other DLLs'). */
    if (type == PROV_RSA_FULL || type == PROV_RSA_AES)
      printf("provider %ls, type %lu\n", name, type);
  }
  size = 0;
  BOOL q = CryptEnumProvidersW(0, NULL, 0, &type, NULL, &size);
  printf("CryptEnumProvidersW size query: %d, %s\n", q, size > 2 ? "a size" : "no size");
  size = 4;
  SetLastError(0);
  BOOL small = CryptEnumProvidersW(0, NULL, 0, &type, name, &size);
  printf("CryptEnumProvidersW into 4 bytes: %d, error %lu\n", small, GetLastError());

  static const struct {
    LPCWSTR name;
    DWORD type;
  } provs[] = {{MS_DEF_PROV_W, PROV_RSA_FULL}, {MS_ENHANCED_PROV_W, PROV_RSA_FULL}, {MS_STRONG_PROV_W, PROV_RSA_FULL},
               {MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES}, {NULL, PROV_RSA_FULL}, {NULL, PROV_RSA_AES}};
  for (size_t i = 0; i < sizeof provs / sizeof *provs; ++i) {
    HCRYPTPROV prov = 0;
    if (!CryptAcquireContextW(&prov, NULL, provs[i].name, provs[i].type, CRYPT_VERIFYCONTEXT)) {
      printf("CryptAcquireContextW(%ls): error %08lx\n", provs[i].name ? provs[i].name : L"default", GetLastError());
      continue;
    }
    char pname[256];
    DWORD len = sizeof pname, ptype = 0, impl = 0, version = 0;
    CryptGetProvParam(prov, PP_NAME, (BYTE*)pname, &len, 0);
    len = sizeof ptype;
    CryptGetProvParam(prov, PP_PROVTYPE, (BYTE*)&ptype, &len, 0);
    len = sizeof impl;
    CryptGetProvParam(prov, PP_IMPTYPE, (BYTE*)&impl, &len, 0);
    len = sizeof version;
    CryptGetProvParam(prov, PP_VERSION, (BYTE*)&version, &len, 0);
    if (provs[i].name)
      printf("acquired %s: implementation %lu, version %lx\n", pname, impl, version);
    else
      printf("acquired the default for type %lu: implementation %lu, version %lx\n", provs[i].type, impl, version);
    if (!provs[i].name)
      printf("  the default for type %lu is %s\n", provs[i].type, pname);
    else
      printf("  PP_PROVTYPE of %s: %lu\n", pname, ptype);
    if (i == 0 || i == 3) {
      /* What the provider offers (PP_ENUMALGS from the first, CRYPT_FIRST). */
      PROV_ENUMALGS alg;
      DWORD flags = CRYPT_FIRST;
      for (;;) {
        len = sizeof alg;
        if (!CryptGetProvParam(prov, PP_ENUMALGS, (BYTE*)&alg, &len, flags)) {
          printf("  end of algorithms: error %lu\n", GetLastError());
          break;
        }
        flags = 0;
        printf("  algorithm %04x %s, %lu bits\n", alg.aiAlgid, alg.szName, alg.dwBitLen);
      }
      PROV_ENUMALGS_EX ex;
      len = sizeof ex;
      if (CryptGetProvParam(prov, PP_ENUMALGS_EX, (BYTE*)&ex, &len, CRYPT_FIRST))
        printf("  first PP_ENUMALGS_EX: %04x %s (%s), %lu to %lu bits, default %lu\n", ex.aiAlgid, ex.szName,
               ex.szLongName, ex.dwMinLen, ex.dwMaxLen, ex.dwDefaultLen);
    }
    SetLastError(0);
    len = sizeof version;
    BOOL bad = CryptGetProvParam(prov, 0x7777, (BYTE*)&version, &len, 0);
    printf("  unknown parameter: %d, error %08lx\n", bad, GetLastError());
    CryptReleaseContext(prov, 0);
  }
  HCRYPTPROV prov = 0;
  SetLastError(0);
  BOOL r = CryptAcquireContextW(&prov, NULL, L"No Such Provider", PROV_RSA_FULL, CRYPT_VERIFYCONTEXT);
  printf("CryptAcquireContextW(an unknown provider): %d, error %08lx\n", r, GetLastError());
  SetLastError(0);
  r = CryptAcquireContextW(&prov, NULL, MS_DEF_PROV_W, PROV_RSA_AES, CRYPT_VERIFYCONTEXT);
  printf("CryptAcquireContextW(the base provider as PROV_RSA_AES): %d, error %08lx\n", r, GetLastError());
}

static void containers(void) {
  /* A container no program has made: opening it fails; so does deleting it. */
  HCRYPTPROV prov = 0;
  SetLastError(0);
  BOOL r = CryptAcquireContextA(&prov, "polyrun sample container", MS_ENHANCED_PROV_A, PROV_RSA_FULL, 0);
  printf("open an unknown container: %d, error %08lx\n", r, GetLastError());
  SetLastError(0);
  r = CryptAcquireContextA(&prov, "polyrun sample container", MS_ENHANCED_PROV_A, PROV_RSA_FULL, CRYPT_DELETEKEYSET);
  printf("delete an unknown container: %d, error %08lx\n", r, GetLastError());
  /* A verification context has no keys, and refuses a container's name. */
  r = CryptAcquireContextA(&prov, NULL, MS_ENHANCED_PROV_A, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT);
  HCRYPTKEY k = 0;
  SetLastError(0);
  BOOL u = CryptGetUserKey(prov, AT_KEYEXCHANGE, &k);
  printf("verification context: %d, CryptGetUserKey: %d, error %08lx\n", r, u, GetLastError());
  SetLastError(0);
  BOOL rel = CryptReleaseContext(prov, 0);
  BOOL again = CryptReleaseContext(prov, 0);
  printf("CryptReleaseContext: %d, again: %d, error %lu\n", rel, again, GetLastError());
  SetLastError(0);
  HCRYPTHASH h = 0;
  r = CryptCreateHash(0x1234, CALG_SHA1, 0, 0, &h);
  printf("CryptCreateHash(a bad provider): %d, error %lu\n", r, GetLastError());
  CryptAcquireContextA(&prov, NULL, MS_ENHANCED_PROV_A, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT);
  SetLastError(0);
  r = CryptCreateHash(prov, CALG_SHA_256, 0, 0, &h);
  printf("CryptCreateHash(SHA-256 on the enhanced provider): %d, error %08lx\n", r, GetLastError());
  SetLastError(0);
  r = CryptCreateHash(prov, CALG_HMAC, 0, 0, &h);
  printf("CryptCreateHash(HMAC without a key): %d, error %08lx\n", r, GetLastError());
  SetLastError(0);
  r = CryptDestroyHash(0);
  printf("CryptDestroyHash(0): %d, error %lu\n", r, GetLastError());
  SetLastError(0);
  r = CryptDestroyKey(0);
  printf("CryptDestroyKey(0): %d, error %lu\n", r, GetLastError());
  CryptReleaseContext(prov, 0);
  HWND none = NULL;
  printf("CryptSetProvParam(PP_CLIENT_HWND): %d\n", CryptSetProvParam(0, PP_CLIENT_HWND, (const BYTE*)&none, 0));
}

int main(void) {
  HCRYPTPROV prov = 0;
  if (!CryptAcquireContextW(&prov, NULL, MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES, CRYPT_VERIFYCONTEXT)) {
    printf("CryptAcquireContextW: error %08lx\n", GetLastError());
    return 1;
  }
  capi_hash(prov, CALG_MD4, "MD4", "abc");
  capi_hash(prov, CALG_MD5, "MD5", "abc");
  capi_hash(prov, CALG_SHA1, "SHA-1", "abc");
  capi_hash(prov, CALG_SHA_256, "SHA-256", "abc");
  capi_hash(prov, CALG_SHA_384, "SHA-384", "abc");
  capi_hash(prov, CALG_SHA_512, "SHA-512", "abc");
  capi_hash(prov, CALG_MD5, "MD5 of nothing", "");
  capi_hmac(prov, CALG_MD5, "MD5", "Jefe", 4, "what do ya want for nothing?");
  capi_hmac(prov, CALG_SHA1, "SHA-1", "Jefe", 4, "what do ya want for nothing?");
  capi_hmac(prov, CALG_SHA_256, "SHA-256", "Jefe", 4, "what do ya want for nothing?");
  /* The providers' default HMAC strings are 64 bytes whatever the hash (HMAC_INFO's documentation):
   * for SHA-512, whose block is 128 bytes, that is not RFC 4231's HMAC (BCrypt's below is). */
  capi_hmac(prov, CALG_SHA_512, "SHA-512", "Jefe", 4, "what do ya want for nothing?");
  /* A copy of a hash in progress goes on by itself. */
  HCRYPTHASH h = 0, copy = 0;
  CryptCreateHash(prov, CALG_SHA1, 0, 0, &h);
  CryptHashData(h, (const BYTE*)"a", 1, 0);
  BOOL dup = CryptDuplicateHash(h, NULL, 0, &copy);
  CryptHashData(h, (const BYTE*)"bc", 2, 0);
  CryptHashData(copy, (const BYTE*)"bc", 2, 0);
  BYTE d1[20], d2[20];
  DWORD len = 20;
  CryptGetHashParam(h, HP_HASHVAL, d1, &len, 0);
  len = 20;
  CryptGetHashParam(copy, HP_HASHVAL, d2, &len, 0);
  printf("CryptDuplicateHash: %d, %s\n", dup, memcmp(d1, d2, 20) ? "differs" : "the same SHA-1");
  len = 4;
  SetLastError(0);
  BOOL small = CryptGetHashParam(h, HP_HASHVAL, d1, &len, 0);
  printf("the value into 4 bytes: %d, error %lu, needs %lu\n", small, GetLastError(), len);
  CryptDestroyHash(copy);
  CryptDestroyHash(h);
  capi_aes(prov);
  BYTE random[16];
  printf("CryptGenRandom: %d\n", CryptGenRandom(prov, sizeof random, random));
  CryptReleaseContext(prov, 0);

  bcrypt_hash(BCRYPT_MD5_ALGORITHM, "MD5", NULL, 0, "abc");
  bcrypt_hash(BCRYPT_SHA1_ALGORITHM, "SHA-1", NULL, 0, "abc");
  bcrypt_hash(BCRYPT_SHA256_ALGORITHM, "SHA-256", NULL, 0, "abc");
  bcrypt_hash(BCRYPT_SHA384_ALGORITHM, "SHA-384", NULL, 0, "abc");
  bcrypt_hash(BCRYPT_SHA512_ALGORITHM, "SHA-512", NULL, 0, "abc");
  bcrypt_hash(BCRYPT_SHA256_ALGORITHM, "HMAC-SHA-256", "Jefe", 4, "what do ya want for nothing?");
  bcrypt_hash(BCRYPT_SHA1_ALGORITHM, "HMAC-SHA-1", "Jefe", 4, "what do ya want for nothing?");
  bcrypt_hash(BCRYPT_SHA512_ALGORITHM, "HMAC-SHA-512", "Jefe", 4, "what do ya want for nothing?");
  BCRYPT_ALG_HANDLE a = NULL;
  NTSTATUS st = BCryptOpenAlgorithmProvider(&a, L"NOSUCHALGORITHM", NULL, 0);
  printf("BCryptOpenAlgorithmProvider(an unknown algorithm): %08lx\n", st);
  bcrypt_aes();
  pbkdf2();

  providers();
  containers();
  return 0;
}
