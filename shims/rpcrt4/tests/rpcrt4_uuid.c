// RPCRT4's UUID functions: UuidCreate (random, version 4, two differ), UuidCreateSequential (time
// based, version 1, increasing; RPC_S_OK with a network card's address or RPC_S_UUID_LOCAL_ONLY
// without one), the string forms both ways (case, a null string, malformed ones), RpcStringFree,
// UuidCompare/Equal/IsNil/Hash and UuidCreateNil.
// Links: -lrpcrt4
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>

static void show(const char* what, const UUID* u) {
  RPC_CSTR s = NULL;
  RPC_STATUS st = UuidToStringA((UUID*)u, &s);
  printf("%s: %ld %s\n", what, st, s ? (char*)s : "(none)");
  RpcStringFreeA(&s);
}

int main(void) {
  UUID a, b;
  RPC_STATUS st = UuidCreate(&a);
  UuidCreate(&b);
  printf("UuidCreate: %ld, version %d, variant %d, two differ: %s\n", st, a.Data3 >> 12, a.Data4[0] >> 6,
         memcmp(&a, &b, sizeof a) ? "yes" : "no");
  UUID s1, s2;
  RPC_STATUS q1 = UuidCreateSequential(&s1), q2 = UuidCreateSequential(&s2);
  printf("UuidCreateSequential: %s %s, version %d, variant %d, same node: %s, the second later: %s\n",
         q1 == RPC_S_OK || q1 == RPC_S_UUID_LOCAL_ONLY ? "ok" : "failed", q1 == q2 ? "twice alike" : "differently",
         s1.Data3 >> 12, s1.Data4[0] >> 6, memcmp(s1.Data4 + 2, s2.Data4 + 2, 6) ? "no" : "yes",
         ((ULONGLONG)(s2.Data3 & 0xfff) << 48 | (ULONGLONG)s2.Data2 << 32 | s2.Data1) >
                 ((ULONGLONG)(s1.Data3 & 0xfff) << 48 | (ULONGLONG)s1.Data2 << 32 | s1.Data1)
             ? "yes"
             : "no");

  static const UUID fixed = {0x01234567, 0x89ab, 0xcdef, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};
  show("fixed", &fixed);
  RPC_WSTR w = NULL;
  st = UuidToStringW((UUID*)&fixed, &w);
  printf("wide: %ld %ls\n", st, (wchar_t*)w);
  st = RpcStringFreeW(&w);
  printf("RpcStringFreeW: %ld, pointer now %s\n", st, w ? "set" : "null");
  show("nil", NULL);

  static const char* const texts[] = {"01234567-89AB-CDEF-0123-456789ABCDEF", "{01234567-89ab-cdef-0123-456789abcdef}",
                                      "01234567-89ab-cdef-0123-456789abcde", "01234567x89ab-cdef-0123-456789abcdef",
                                      "0123456g-89ab-cdef-0123-456789abcdef", ""};
  for (int i = 0; i < 6; ++i) {
    UUID u;
    memset(&u, 0xcc, sizeof u);
    st = UuidFromStringA((RPC_CSTR)texts[i], &u);
    printf("from \"%s\": %ld, same as fixed: %s\n", texts[i], st, memcmp(&u, &fixed, sizeof u) ? "no" : "yes");
  }
  UUID n;
  memset(&n, 0xcc, sizeof n);
  st = UuidFromStringA(NULL, &n);
  RPC_STATUS ns;
  printf("from NULL: %ld, nil: %d\n", st, UuidIsNil(&n, &ns));
  st = UuidFromStringW((RPC_WSTR)L"fedcba98-7654-3210-fedc-ba9876543210", &n);
  show("from wide", &n);

  UUID nil;
  UuidCreateNil(&nil);
  printf("UuidIsNil: nil %d, fixed %d, NULL %d\n", UuidIsNil(&nil, &ns), UuidIsNil((UUID*)&fixed, &ns), UuidIsNil(NULL, &ns));
  UUID other = fixed;
  other.Data4[7] ^= 1;
  printf("UuidCompare: %d %d %d %d %d\n", UuidCompare((UUID*)&fixed, &other, &ns), UuidCompare(&other, (UUID*)&fixed, &ns),
         UuidCompare((UUID*)&fixed, (UUID*)&fixed, &ns), UuidCompare(NULL, (UUID*)&fixed, &ns), UuidCompare(NULL, NULL, &ns));
  UUID big = fixed;
  big.Data1 = 0x81234567;  // (Data1 compares as unsigned)
  printf("UuidCompare of Data1: %d\n", UuidCompare((UUID*)&fixed, &big, &ns));
  printf("UuidEqual: %d %d\n", UuidEqual((UUID*)&fixed, (UUID*)&fixed, &ns), UuidEqual((UUID*)&fixed, &other, &ns));
  printf("UuidHash: %u %u %u\n", UuidHash((UUID*)&fixed, &ns), UuidHash(&other, &ns), UuidHash(NULL, &ns));
  return 0;
}
