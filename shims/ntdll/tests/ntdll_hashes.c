/* NTDLL's message digests: MD4, MD5 and SHA-1 of the RFCs' and FIPS' test strings, in one update
 * and in pieces, with the contexts' counts. Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef struct {
  unsigned int buf[4], i[2];
  unsigned char in[64], digest[16];
} MD4_CTX_;
typedef struct {
  unsigned int i[2], buf[4];
  unsigned char in[64], digest[16];
} MD5_CTX_;
typedef struct {
  ULONG Unknown[6], State[5], Count[2];
  UCHAR Buffer[64];
} SHA_CTX_;

#define FN(ret, name, args) static ret(NTAPI* p##name) args;
FN(void, MD4Init, (MD4_CTX_*))
FN(void, MD4Update, (MD4_CTX_*, const unsigned char*, unsigned int))
FN(void, MD4Final, (MD4_CTX_*))
FN(void, MD5Init, (MD5_CTX_*))
FN(void, MD5Update, (MD5_CTX_*, const unsigned char*, unsigned int))
FN(void, MD5Final, (MD5_CTX_*))
FN(void, A_SHAInit, (SHA_CTX_*))
FN(void, A_SHAUpdate, (SHA_CTX_*, const unsigned char*, UINT))
FN(void, A_SHAFinal, (SHA_CTX_*, ULONG*))

#define GET(name) p##name = (void*)GetProcAddress(ntdll, #name)

static void hex(const char* label, const unsigned char* d, int n) {
  printf("%s ", label);
  for (int i = 0; i < n; ++i) printf("%02x", d[i]);
  printf("\n");
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  GET(MD4Init); GET(MD4Update); GET(MD4Final); GET(MD5Init); GET(MD5Update); GET(MD5Final); GET(A_SHAInit);
  GET(A_SHAUpdate); GET(A_SHAFinal);
  const char* texts[] = {"", "abc", "message digest", "abcdefghijklmnopqrstuvwxyz",
                         "12345678901234567890123456789012345678901234567890123456789012345678901234567890"};
  for (int t = 0; t < 5; ++t) {
    const unsigned char* s = (const unsigned char*)texts[t];
    unsigned int n = (unsigned int)strlen(texts[t]);
    MD4_CTX_ m4;
    MD5_CTX_ m5;
    SHA_CTX_ sha;
    ULONG digest[5];
    printf("\"%s\":\n", texts[t]);
    pMD4Init(&m4);
    pMD4Update(&m4, s, n);
    printf("  MD4 bits %u,", m4.i[0]);
    pMD4Final(&m4);
    hex("", m4.digest, 16);
    pMD5Init(&m5);
    pMD5Update(&m5, s, n / 2);
    pMD5Update(&m5, s + n / 2, n - n / 2);
    printf("  MD5 (two pieces) bits %u,", m5.i[0]);
    pMD5Final(&m5);
    hex("", m5.digest, 16);
    pA_SHAInit(&sha);
    for (unsigned int i = 0; i < n; ++i) pA_SHAUpdate(&sha, s + i, 1);
    printf("  SHA-1 (byte by byte) count %lu,", sha.Count[1]);
    pA_SHAFinal(&sha, digest);
    hex("", (const unsigned char*)digest, 20);
    printf("  after A_SHAFinal: count %lu, state %08lx\n", sha.Count[1], sha.State[0]);
  }
  /* a million 'a's through SHA-1, in blocks */
  static unsigned char block[1000];
  memset(block, 'a', sizeof block);
  SHA_CTX_ sha;
  ULONG digest[5];
  pA_SHAInit(&sha);
  for (int i = 0; i < 1000; ++i) pA_SHAUpdate(&sha, block, sizeof block);
  pA_SHAFinal(&sha, digest);
  hex("SHA-1 of a million 'a's:", (const unsigned char*)digest, 20);
  return 0;
}
