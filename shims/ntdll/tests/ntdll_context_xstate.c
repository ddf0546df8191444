/* NTDLL's CONTEXT records with extended state: RtlGetExtendedContextLength(2),
 * RtlInitializeExtendedContext(2), RtlLocateLegacyContext, RtlLocateExtendedFeature(2),
 * RtlGetEnabledExtendedFeatures, Rtl(Get/Set)ExtendedFeaturesMask, RtlCopyContext and
 * RtlCopyExtendedContext, against KERNEL32's InitializeContext. What depends on the host's features
 * (AVX) is printed as whether it agrees with what RtlGetEnabledExtendedFeatures tells. Expected
 * output: wine 8.0's (x64); the i686 build is held to the same file. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifdef _WIN64
#define ARCH 0x100000
#define INTEGER_AT 0x78 /* Rax */
#else
#define ARCH 0x10000
#define INTEGER_AT 0xb0 /* Eax */
#endif
#define XSTATE (ARCH | 0x40)
#define FULL_FLAGS (ARCH | 0x7)

typedef LONG(NTAPI* Length_fn)(ULONG, ULONG*);
typedef LONG(NTAPI* Length2_fn)(ULONG, ULONG*, ULONG64);
typedef LONG(NTAPI* Init_fn)(void*, ULONG, void**);
typedef LONG(NTAPI* Init2_fn)(void*, ULONG, void**, ULONG64);
typedef void*(NTAPI* Legacy_fn)(void*, ULONG*);
typedef void*(NTAPI* Feature_fn)(void*, ULONG, ULONG*);
typedef void*(NTAPI* Feature2_fn)(void*, ULONG, void*, ULONG*);
typedef ULONG64(NTAPI* Enabled_fn)(ULONG64);
typedef ULONG64(NTAPI* GetMask_fn)(void*);
typedef void(NTAPI* SetMask_fn)(void*, ULONG64);
typedef LONG(NTAPI* Copy_fn)(void*, ULONG, void*);

/* (mingw-w64's headers lack it.) */
BOOL WINAPI InitializeContext2(void*, DWORD, CONTEXT**, DWORD*, ULONG64);

static unsigned char buffer_a[4096], buffer_b[4096];

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  Length_fn length = (Length_fn)GetProcAddress(ntdll, "RtlGetExtendedContextLength");
  Length2_fn length2 = (Length2_fn)GetProcAddress(ntdll, "RtlGetExtendedContextLength2");
  Init_fn init = (Init_fn)GetProcAddress(ntdll, "RtlInitializeExtendedContext");
  Init2_fn init2 = (Init2_fn)GetProcAddress(ntdll, "RtlInitializeExtendedContext2");
  Legacy_fn legacy = (Legacy_fn)GetProcAddress(ntdll, "RtlLocateLegacyContext");
  Feature_fn feature = (Feature_fn)GetProcAddress(ntdll, "RtlLocateExtendedFeature");
  Feature2_fn feature2 = (Feature2_fn)GetProcAddress(ntdll, "RtlLocateExtendedFeature2");
  Enabled_fn enabled = (Enabled_fn)GetProcAddress(ntdll, "RtlGetEnabledExtendedFeatures");
  GetMask_fn get_mask = (GetMask_fn)GetProcAddress(ntdll, "RtlGetExtendedFeaturesMask");
  SetMask_fn set_mask = (SetMask_fn)GetProcAddress(ntdll, "RtlSetExtendedFeaturesMask");
  Copy_fn copy = (Copy_fn)GetProcAddress(ntdll, "RtlCopyContext");
  Copy_fn copy_ex = (Copy_fn)GetProcAddress(ntdll, "RtlCopyExtendedContext");
  printf("found: %d %d %d %d %d %d %d %d %d %d %d %d\n", length != NULL, length2 != NULL, init != NULL,
         init2 != NULL, legacy != NULL, feature != NULL, feature2 != NULL, enabled != NULL, get_mask != NULL,
         set_mask != NULL, copy != NULL, copy_ex != NULL);

  const ULONG64 features = enabled(~0ull);
  const int avx = (features & 4) != 0;
  printf("enabled features: x87 and SSE %d, the mask asked for limits them %d\n", (features & 3) == 3,
         enabled(1) == 1);

  ULONG n = 0, k32 = 0;
  LONG s = length(FULL_FLAGS, &n);
  InitializeContext(NULL, FULL_FLAGS, NULL, &k32);
  printf("length of a full context: 0x%lx, as InitializeContext's %d\n", (unsigned long)s, n == k32);
  s = length(0x40, &n);
  printf("flags of no architecture: 0x%lx\n", (unsigned long)s);
  ULONG nx = 0;
  s = length2(XSTATE, &nx, 4);
  k32 = 0;
  InitializeContext2(NULL, XSTATE, NULL, &k32, 4);
  printf("length with the AVX state: 0x%lx, as InitializeContext2's %d, longer %d\n", (unsigned long)s, nx == k32,
         nx > n);

  void* ex = NULL;
  s = init(buffer_a, FULL_FLAGS, &ex);
  ULONG legacy_length = 0;
  void* ctx = legacy(ex, &legacy_length);
  /* The legacy part: the whole CONTEXT on x64, up to its extended registers on i386. */
  printf("initialize: 0x%lx, the context aligned %d, inside the buffer %d, its CONTEXT_EX after it %d, legacy length "
         "as the width's %d\n",
         (unsigned long)s, ((ULONG_PTR)ctx & (sizeof(void*) == 8 ? 15 : 3)) == 0,
         (unsigned char*)ctx >= buffer_a && (unsigned char*)ctx < buffer_a + 64,
         (unsigned char*)ex == (unsigned char*)ctx + sizeof(CONTEXT),
         legacy_length == (sizeof(void*) == 8 ? sizeof(CONTEXT) : 0xcc));
  printf("flags as given %d\n", *(ULONG*)((unsigned char*)ctx + (sizeof(void*) == 8 ? 0x30 : 0)) == FULL_FLAGS);
  ULONG flen = 0xcccc;
  printf("feature 0 through RtlLocateExtendedFeature: %d\n", feature(ex, 0, &flen) != NULL);
  printf("feature 2 without the state: %d\n", feature(ex, 2, &flen) != NULL);

  void* ex_b = NULL;
  s = init2(buffer_b, XSTATE, &ex_b, 4);
  void* ctx_b = legacy(ex_b, NULL);
  printf("initialize with the state: 0x%lx\n", (unsigned long)s);
  flen = 0;
  void* ymm = feature(ex_b, 2, &flen);
  printf("feature 2: found as the features say %d, length 0x%lx as they say %d\n", (ymm != NULL) == avx,
         (unsigned long)flen, avx ? flen == 256 : 1);
  printf("feature 2 through RtlLocateExtendedFeature2 with no configuration: %d\n", feature2(ex_b, 2, NULL, &flen) != NULL);
  printf("mask: 0x%llx\n", (unsigned long long)get_mask(ex_b));
  set_mask(ex_b, 7);
  printf("mask after setting 7: as the features allow %d\n", get_mask(ex_b) == (7 & features & ~3ull));
  set_mask(ex_b, 0);

  /* Copies. */
  *(ULONG_PTR*)((unsigned char*)ctx + INTEGER_AT) = 0x1234;
  s = copy(ctx_b, ARCH | 0x2, ctx);
  printf("RtlCopyContext of the integers: 0x%lx, copied %d\n", (unsigned long)s,
         *(ULONG_PTR*)((unsigned char*)ctx_b + INTEGER_AT) == 0x1234);
  *(ULONG_PTR*)((unsigned char*)ctx + INTEGER_AT) = 0x5678;
  s = copy_ex(ex_b, ARCH | 0x2, ex);
  printf("RtlCopyExtendedContext: 0x%lx, copied %d\n", (unsigned long)s,
         *(ULONG_PTR*)((unsigned char*)ctx_b + INTEGER_AT) == 0x5678);
  s = copy(ctx_b, 0x2, ctx);
  printf("RtlCopyContext without the architecture: 0x%lx\n", (unsigned long)s);
  return 0;
}
