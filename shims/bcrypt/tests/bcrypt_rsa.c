/* BCRYPT's RSA keys: a fixed 512-bit key pair imported from its primes (BCRYPT_RSAPRIVATE_BLOB),
 * whose PKCS #1 v1.5 signature of a SHA-256 digest and bare encryption of a number are facts of the
 * key, checked, exported as a public blob and used again from it; then a key pair made and its PSS
 * signature checked (random: only outcomes printed), and a PKCS #1 encryption and decryption. */
// Links: -lbcrypt
#include <windows.h>
#include <bcrypt.h>
#include <stdio.h>
#include <string.h>

/* The key: n = p q, e = 65537. */
static const BYTE kN[64] = {0xd9, 0xc5, 0x02, 0x0b, 0xd6, 0xc7, 0x6d, 0x0e, 0x43, 0xbb, 0xf9, 0x56,
    0x8d, 0x77, 0x7a, 0x00, 0xa5, 0xcb, 0xff, 0x7f, 0x44, 0x9d, 0xa1, 0x76,
    0x8b, 0x1a, 0x17, 0x3f, 0x3a, 0xde, 0xdf, 0xd8, 0x17, 0x71, 0x98, 0x71,
    0x9f, 0x19, 0x87, 0x65, 0x86, 0x14, 0xae, 0x73, 0xba, 0x15, 0xbf, 0x7e,
    0xfc, 0x08, 0xdf, 0x44, 0x48, 0x6c, 0x5a, 0x06, 0x5d, 0x5c, 0xdb, 0x7a,
    0x8f, 0x51, 0xc0, 0x81};
static const BYTE kP[32] = {0xef, 0x90, 0x67, 0xa2, 0xc6, 0x4f, 0xac, 0x62, 0x0e, 0x09, 0x53, 0x9c,
    0xcc, 0x4f, 0xe8, 0xaf, 0x4b, 0x2d, 0x37, 0x93, 0x9a, 0x99, 0x55, 0xbd,
    0x54, 0xa8, 0xdb, 0x32, 0x4b, 0x88, 0x76, 0x31};
static const BYTE kQ[32] = {0xe8, 0xb5, 0xd0, 0x68, 0x6d, 0x1b, 0xf6, 0xbb, 0x3e, 0x99, 0xd7, 0xec,
    0x3b, 0xee, 0x9e, 0x48, 0xb9, 0x99, 0xdc, 0x79, 0x50, 0x30, 0xe1, 0x0e,
    0xfa, 0xa8, 0x5c, 0xaf, 0x01, 0xc4, 0x4b, 0x51};

static void hex(const BYTE* p, ULONG n) {
  for (ULONG i = 0; i < n; ++i) printf("%02x", p[i]);
}

int main(void) {
  BCRYPT_ALG_HANDLE rsa = NULL;
  NTSTATUS s = BCryptOpenAlgorithmProvider(&rsa, BCRYPT_RSA_ALGORITHM, NULL, 0);
  printf("BCryptOpenAlgorithmProvider(RSA): %08lx\n", s);

  /* BCRYPT_RSAKEY_BLOB, then e, n, p and q, big-endian. */
  BYTE blob[sizeof(BCRYPT_RSAKEY_BLOB) + 3 + 64 + 32 + 32];
  BCRYPT_RSAKEY_BLOB* h = (BCRYPT_RSAKEY_BLOB*)blob;
  h->Magic = BCRYPT_RSAPRIVATE_MAGIC;
  h->BitLength = 512;
  h->cbPublicExp = 3;
  h->cbModulus = 64;
  h->cbPrime1 = 32;
  h->cbPrime2 = 32;
  BYTE* at = blob + sizeof *h;
  static const BYTE e[3] = {0x01, 0x00, 0x01};
  memcpy(at, e, 3);
  memcpy(at + 3, kN, 64);
  memcpy(at + 67, kP, 32);
  memcpy(at + 99, kQ, 32);
  BCRYPT_KEY_HANDLE key = NULL;
  s = BCryptImportKeyPair(rsa, NULL, BCRYPT_RSAPRIVATE_BLOB, &key, blob, sizeof blob, 0);
  DWORD bits = 0;
  ULONG got = 0;
  NTSTATUS b = BCryptGetProperty(key, BCRYPT_KEY_LENGTH, (PUCHAR)&bits, sizeof bits, &got, 0);
  printf("BCryptImportKeyPair(RSAPRIVATEBLOB): %08lx\n", s);
  printf("  BCRYPT_KEY_LENGTH: %08lx, %lu bits\n", b, bits);

  /* SHA-256("abc") (FIPS 180), signed with PKCS #1 v1.5: the same signature every time. */
  BYTE digest[32];
  /* (Windows 10's fixed handle of SHA-256, BCRYPT_SHA256_ALG_HANDLE, which mingw-w64's bcrypt.h lacks.) */
  BCryptHash((BCRYPT_ALG_HANDLE)0x41, NULL, 0, (PUCHAR) "abc", 3, digest, sizeof digest);
  BCRYPT_PKCS1_PADDING_INFO pkcs1 = {BCRYPT_SHA256_ALGORITHM};
  ULONG n = 0;
  s = BCryptSignHash(key, &pkcs1, digest, sizeof digest, NULL, 0, &n, BCRYPT_PAD_PKCS1);
  printf("BCryptSignHash size query: %08lx, %lu bytes\n", s, n);
  BYTE sig[64];
  s = BCryptSignHash(key, &pkcs1, digest, sizeof digest, sig, sizeof sig, &n, BCRYPT_PAD_PKCS1);
  printf("BCryptSignHash: %08lx, %lu bytes ", s, n);
  hex(sig, n);
  printf("\n");
  s = BCryptVerifySignature(key, &pkcs1, digest, sizeof digest, sig, n, BCRYPT_PAD_PKCS1);
  printf("BCryptVerifySignature: %08lx\n", s);
  sig[10] ^= 1;
  s = BCryptVerifySignature(key, &pkcs1, digest, sizeof digest, sig, n, BCRYPT_PAD_PKCS1);
  printf("a damaged signature: %08lx\n", s);
  sig[10] ^= 1;

  /* The public half as a blob, imported again: it checks the signature too. */
  BYTE pub[128];
  ULONG publen = 0;
  s = BCryptExportKey(key, NULL, BCRYPT_RSAPUBLIC_BLOB, pub, sizeof pub, &publen, 0);
  BCRYPT_RSAKEY_BLOB* ph = (BCRYPT_RSAKEY_BLOB*)pub;
  printf("BCryptExportKey(RSAPUBLICBLOB): %08lx, %lu bytes, magic %08lx, %lu bits, exponent %lu, modulus %lu, primes %lu %lu, %s\n",
         s, publen, ph->Magic, ph->BitLength, ph->cbPublicExp, ph->cbModulus, ph->cbPrime1, ph->cbPrime2,
         memcmp(pub + sizeof *ph + ph->cbPublicExp, kN, 64) ? "another modulus" : "the modulus");
  BCRYPT_KEY_HANDLE public_key = NULL;
  s = BCryptImportKeyPair(rsa, NULL, BCRYPT_RSAPUBLIC_BLOB, &public_key, pub, publen, 0);
  NTSTATUS v = BCryptVerifySignature(public_key, &pkcs1, digest, sizeof digest, sig, n, BCRYPT_PAD_PKCS1);
  printf("the public key: import %08lx, verify %08lx\n", s, v);

  /* Bare RSA of a number below the modulus: m^e mod n, and back. */
  BYTE m[64] = {0}, c[64], back[64];
  m[63] = 2;
  ULONG cn = 0, bn = 0;
  s = BCryptEncrypt(public_key, m, sizeof m, NULL, NULL, 0, c, sizeof c, &cn, BCRYPT_PAD_NONE);
  printf("2^e mod n: %08lx, %lu bytes ", s, cn);
  hex(c, cn);
  printf("\n");
  s = BCryptDecrypt(key, c, cn, NULL, NULL, 0, back, sizeof back, &bn, BCRYPT_PAD_NONE);
  printf("  and back: %08lx, %s\n", s, bn == 64 && !memcmp(back, m, 64) ? "2" : "another number");

  /* PKCS #1 v1.5 encryption (random padding) and decryption. */
  BYTE secret[] = "a short secret";
  s = BCryptEncrypt(public_key, secret, sizeof secret, NULL, NULL, 0, c, sizeof c, &cn, BCRYPT_PAD_PKCS1);
  printf("BCryptEncrypt(PKCS1): %08lx, %lu bytes\n", s, cn);
  s = BCryptDecrypt(key, c, cn, NULL, NULL, 0, back, sizeof back, &bn, BCRYPT_PAD_PKCS1);
  printf("BCryptDecrypt(PKCS1): %08lx, %lu bytes, %s\n", s, bn,
         bn == sizeof secret && !memcmp(back, secret, bn) ? "the secret" : "something else");
  BCryptDestroyKey(public_key);
  BCryptDestroyKey(key);

  /* A key pair made here, and a PSS signature (random salt) checked. */
  s = BCryptGenerateKeyPair(rsa, &key, 1024, 0);
  NTSTATUS f = BCryptFinalizeKeyPair(key, 0);
  printf("BCryptGenerateKeyPair(1024): %08lx, finalize %08lx\n", s, f);
  BCRYPT_PSS_PADDING_INFO pss = {BCRYPT_SHA256_ALGORITHM, 32};
  BYTE sig2[128];
  s = BCryptSignHash(key, &pss, digest, sizeof digest, sig2, sizeof sig2, &n, BCRYPT_PAD_PSS);
  v = BCryptVerifySignature(key, &pss, digest, sizeof digest, sig2, n, BCRYPT_PAD_PSS);
  printf("PSS: sign %08lx, %lu bytes, verify %08lx\n", s, n, v);
  BCryptDestroyKey(key);
  BCryptCloseAlgorithmProvider(rsa, 0);
  return 0;
}
