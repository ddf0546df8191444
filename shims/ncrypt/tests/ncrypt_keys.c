/* NCRYPT's Microsoft Software Key Storage Provider: a key that does not exist, one made and kept
 * (NCryptCreatePersistedKey, NCryptFinalizeKey), its properties, a signature and a decryption with
 * it, the key opened again by name, then deleted. RSA keys are random, so only sizes and outcomes
 * are printed for them. */
// Links: -lncrypt -lbcrypt
#include <windows.h>
#include <bcrypt.h>
#include <ncrypt.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* The key's name has the process's id in it: runs at once (the x64 and i686 builds) do not share
 * one. */
static WCHAR KEY_NAME[64];

static void property(NCRYPT_HANDLE h, LPCWSTR name) {
  BYTE buf[256] = {0};
  DWORD got = 0;
  SECURITY_STATUS s = NCryptGetProperty(h, name, buf, sizeof buf, &got, 0);
  if (s) {
    printf("  %ls: %08lx\n", name, s);
  } else if (got == 4) {
    printf("  %ls: %lu\n", name, *(DWORD*)buf);
  } else {
    printf("  %ls: \"%ls\" (%lu bytes)\n", name, (LPCWSTR)buf, got);
  }
}

int main(void) {
  NCRYPT_PROV_HANDLE prov = 0;
  SECURITY_STATUS s = NCryptOpenStorageProvider(&prov, MS_KEY_STORAGE_PROVIDER, 0);
  printf("NCryptOpenStorageProvider: %08lx\n", s);
  property(prov, NCRYPT_NAME_PROPERTY);

  NCRYPT_KEY_HANDLE key = 0;
  _snwprintf(KEY_NAME, 63, L"polyrun ncrypt_keys sample %lu", GetCurrentProcessId());

  s = NCryptOpenKey(prov, &key, KEY_NAME, 0, 0);
  printf("NCryptOpenKey before the key exists: %08lx\n", s);

  s = NCryptCreatePersistedKey(prov, &key, NCRYPT_RSA_ALGORITHM, KEY_NAME, 0, 0);
  printf("NCryptCreatePersistedKey: %08lx\n", s);
  DWORD bits = 1024;
  s = NCryptSetProperty(key, NCRYPT_LENGTH_PROPERTY, (PBYTE)&bits, sizeof bits, 0);
  printf("NCryptSetProperty(Length): %08lx\n", s);
  s = NCryptFinalizeKey(key, 0);
  printf("NCryptFinalizeKey: %08lx\n", s);
  property(key, NCRYPT_ALGORITHM_GROUP_PROPERTY);
  property(key, NCRYPT_ALGORITHM_PROPERTY);
  property(key, NCRYPT_LENGTH_PROPERTY);
  WCHAR name[64] = {0};
  DWORD got = 0;
  s = NCryptGetProperty(key, NCRYPT_NAME_PROPERTY, (PBYTE)name, sizeof name, &got, 0);
  printf("  Name: %08lx, %s, %s\n", s, wcscmp(name, KEY_NAME) ? "another name" : "the name given",
         got == (wcslen(KEY_NAME) + 1) * sizeof(WCHAR) ? "its size" : "another size");

  /* A PKCS #1 v1.5 signature of a SHA-256 digest, checked with the key. */
  BYTE digest[32];
  for (int i = 0; i < 32; ++i) digest[i] = (BYTE)i;
  BCRYPT_PKCS1_PADDING_INFO pad = {BCRYPT_SHA256_ALGORITHM};
  DWORD size = 0;
  s = NCryptSignHash(key, &pad, digest, sizeof digest, NULL, 0, &size, BCRYPT_PAD_PKCS1);
  printf("NCryptSignHash size query: %08lx, %lu bytes\n", s, size);
  BYTE signature[512];
  s = NCryptSignHash(key, &pad, digest, sizeof digest, signature, sizeof signature, &size, BCRYPT_PAD_PKCS1);
  printf("NCryptSignHash: %08lx, %lu bytes\n", s, size);
  s = NCryptVerifySignature(key, &pad, digest, sizeof digest, signature, size, BCRYPT_PAD_PKCS1);
  printf("NCryptVerifySignature: %08lx\n", s);
  signature[3] ^= 1;
  s = NCryptVerifySignature(key, &pad, digest, sizeof digest, signature, size, BCRYPT_PAD_PKCS1);
  printf("a damaged signature: %08lx\n", s);

  /* Encrypt with the key, decrypt with it (PKCS #1 v1.5). */
  BYTE secret[] = "a short secret";
  BYTE sealed[512], opened[512];
  DWORD n = 0, m = 0;
  s = NCryptEncrypt(key, secret, sizeof secret, NULL, sealed, sizeof sealed, &n, NCRYPT_PAD_PKCS1_FLAG);
  printf("NCryptEncrypt: %08lx, %lu bytes\n", s, n);
  s = NCryptDecrypt(key, sealed, n, NULL, opened, sizeof opened, &m, NCRYPT_PAD_PKCS1_FLAG);
  printf("NCryptDecrypt: %08lx, %lu bytes, %s\n", s, m, m == sizeof secret && !memcmp(opened, secret, m) ? "the secret" : "something else");
  s = NCryptFreeObject(key);
  printf("NCryptFreeObject(key): %08lx\n", s);

  /* The key is kept: opened again by name, then deleted (which frees its handle). */
  s = NCryptOpenKey(prov, &key, KEY_NAME, 0, 0);
  printf("NCryptOpenKey again: %08lx\n", s);
  property(key, NCRYPT_LENGTH_PROPERTY);
  s = NCryptDeleteKey(key, 0);
  printf("NCryptDeleteKey: %08lx\n", s);
  s = NCryptOpenKey(prov, &key, KEY_NAME, 0, 0);
  printf("NCryptOpenKey after deleting: %08lx\n", s);
  s = NCryptFreeObject(prov);
  printf("NCryptFreeObject(provider): %08lx\n", s);
  return 0;
}
