/* ADVAPI32's SystemFunction001 … 041 (the NT LAN Manager's building blocks) over known values: the
 * LM and NT hashes of "PASSWORD"/"password", DES blocks under 7-byte keys and back, a challenge
 * response, the sealed buffer of SystemFunction004/005, RC4 (SystemFunction032), the comparison of
 * SystemFunction030, and RtlEncryptMemory/RtlDecryptMemory (SystemFunction040/041) round trips. */
// Links: -ladvapi32
#define _WIN32_WINNT 0x0601
#include <windows.h>
#include <stdio.h>
#include <string.h>

struct ustring {
  DWORD Length;
  DWORD MaximumLength;
  unsigned char *Buffer;
};
typedef struct {
  USHORT Length, MaximumLength;
  PWSTR Buffer;
} USTR;

static void hex(const char *what, const unsigned char *d, int n) {
  printf("%s: ", what);
  for (int i = 0; i < n; i++) printf("%02x", d[i]);
  printf("\n");
}

#define F(name, type) type name = (type)GetProcAddress(advapi, #name)

int main(void) {
  HMODULE advapi = LoadLibraryA("advapi32.dll");
  typedef LONG(WINAPI * F3)(const void *, const void *, void *);
  typedef LONG(WINAPI * F2)(const void *, void *);
  F(SystemFunction001, F3);
  F(SystemFunction002, F3);
  F(SystemFunction003, F2);
  LONG(WINAPI * SystemFunction004)(struct ustring *, struct ustring *, struct ustring *) =
      (void *)GetProcAddress(advapi, "SystemFunction004");
  LONG(WINAPI * SystemFunction005)(struct ustring *, struct ustring *, struct ustring *) =
      (void *)GetProcAddress(advapi, "SystemFunction005");
  LONG(WINAPI * SystemFunction006)(const char *, unsigned char *) = (void *)GetProcAddress(advapi, "SystemFunction006");
  LONG(WINAPI * SystemFunction007)(USTR *, unsigned char *) = (void *)GetProcAddress(advapi, "SystemFunction007");
  F(SystemFunction008, F3);
  F(SystemFunction010, F3);
  F(SystemFunction012, F3);
  F(SystemFunction013, F3);
  F(SystemFunction024, F3);
  F(SystemFunction025, F3);
  BOOL(WINAPI * SystemFunction030)(const void *, const void *) = (void *)GetProcAddress(advapi, "SystemFunction030");
  LONG(WINAPI * SystemFunction032)(struct ustring *, struct ustring *) = (void *)GetProcAddress(advapi, "SystemFunction032");
  LONG(WINAPI * SystemFunction040)(void *, ULONG, ULONG) = (void *)GetProcAddress(advapi, "SystemFunction040");
  LONG(WINAPI * SystemFunction041)(void *, ULONG, ULONG) = (void *)GetProcAddress(advapi, "SystemFunction041");

  unsigned char lm[16], nt[16], out[32], back[32];
  LONG st = SystemFunction006("PASSWORD", lm);
  printf("SystemFunction006: 0x%lx\n", st);
  hex("LM(PASSWORD)", lm, 16);
  WCHAR pw[] = L"password";
  USTR s = {16, 18, pw};
  st = SystemFunction007(&s, nt);
  printf("SystemFunction007: 0x%lx\n", st);
  hex("NT(password)", nt, 16);
  const unsigned char key[14] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
  const unsigned char data[16] = "sixteen bytes!!";
  st = SystemFunction001(data, key, out);
  hex("SystemFunction001", out, 8);
  SystemFunction002(out, key, back);
  printf("SystemFunction002 back: %d\n", !memcmp(back, data, 8));
  printf("SystemFunction001(NULL data): 0x%lx\n", SystemFunction001(NULL, key, out));
  SystemFunction003(key, out);
  hex("SystemFunction003", out, 8);
  const unsigned char challenge[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
  SystemFunction008(challenge, nt, out);
  hex("SystemFunction008", out, 24);
  SystemFunction010(NULL, nt, out);
  hex("SystemFunction010", out, 16);
  SystemFunction012(data, key, out);
  hex("SystemFunction012", out, 16);
  SystemFunction013(out, key, back);
  printf("SystemFunction013 back: %d\n", !memcmp(back, data, 16));
  DWORD rid = 1001;
  SystemFunction024(data, &rid, out);
  hex("SystemFunction024", out, 16);
  SystemFunction025(out, &rid, back);
  printf("SystemFunction025 back: %d\n", !memcmp(back, data, 16));
  printf("SystemFunction030: %d %d\n", SystemFunction030(data, data), SystemFunction030(data, out));

  unsigned char plain[] = "a message of 21 bytes";
  unsigned char sealed[64], opened[64];
  unsigned char k[] = "key";
  struct ustring in = {21, 22, plain}, kk = {3, 3, k}, o = {0, sizeof sealed, sealed};
  st = SystemFunction004(&in, &kk, &o);
  printf("SystemFunction004: 0x%lx length %lu\n", st, o.Length);
  hex("sealed", sealed, o.Length);
  struct ustring so = {o.Length, o.Length, sealed}, po = {0, sizeof opened, opened};
  st = SystemFunction005(&so, &kk, &po);
  printf("SystemFunction005: 0x%lx length %lu same %d\n", st, po.Length, !memcmp(opened, plain, 21));
  struct ustring small = {0, 8, sealed};
  printf("SystemFunction004(small): 0x%lx\n", SystemFunction004(&in, &kk, &small));
  struct ustring nokey = {0, 0, k};
  printf("SystemFunction004(no key): 0x%lx\n", SystemFunction004(&in, &nokey, &o));

  unsigned char rc4[] = "Plaintext";
  unsigned char rk[] = "Key";
  struct ustring rd = {9, 10, rc4}, rkey = {3, 3, rk};
  SystemFunction032(&rd, &rkey);
  hex("SystemFunction032(Key, Plaintext)", rc4, 9);

  unsigned char mem[32] = "thirty-two bytes of memory here";
  unsigned char orig[32];
  memcpy(orig, mem, 32);
  st = SystemFunction040(mem, 32, 0);
  printf("memory: SystemFunction040: 0x%lx changed %d\n", st, memcmp(mem, orig, 32) != 0);
  st = SystemFunction041(mem, 32, 0);
  printf("memory: SystemFunction041: 0x%lx restored %d\n", st, !memcmp(mem, orig, 32));
  st = SystemFunction040(mem, 30, 0);
  printf("memory: SystemFunction040(30 bytes): 0x%lx\n", st);
  return 0;
}
