/* CONTEXT records with extended state: InitializeContext's sizes and layout (without and with
 * CONTEXT_XSTATE), LocateXStateFeature, Get/SetXStateFeaturesMask, CopyContext. */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN64
#define ARCH_FLAG 0x100000 /* CONTEXT_AMD64 */
#else
#define ARCH_FLAG 0x10000 /* CONTEXT_i386 */
#endif
#define XSTATE_FLAG (ARCH_FLAG | 0x40) /* CONTEXT_XSTATE */

typedef BOOL(WINAPI* InitializeContext_t)(void*, DWORD, CONTEXT**, DWORD*);
typedef void*(WINAPI* LocateXStateFeature_t)(CONTEXT*, DWORD, DWORD*);
typedef BOOL(WINAPI* XMask_t)(CONTEXT*, DWORD64*);
typedef BOOL(WINAPI* SetXMask_t)(CONTEXT*, DWORD64);
typedef BOOL(WINAPI* CopyContext_t)(CONTEXT*, DWORD, CONTEXT*);

int main(void) {
  HMODULE k = GetModuleHandleA("kernel32.dll");
  InitializeContext_t init = (InitializeContext_t)GetProcAddress(k, "InitializeContext");
  LocateXStateFeature_t locate = (LocateXStateFeature_t)GetProcAddress(k, "LocateXStateFeature");
  XMask_t get_mask = (XMask_t)GetProcAddress(k, "GetXStateFeaturesMask");
  SetXMask_t set_mask = (SetXMask_t)GetProcAddress(k, "SetXStateFeaturesMask");
  CopyContext_t copy = (CopyContext_t)GetProcAddress(k, "CopyContext");
  DWORD len = 0;
  CONTEXT* ctx = NULL;
  SetLastError(0);
  BOOL r = init(NULL, CONTEXT_ALL, &ctx, &len);
  printf("InitializeContext size query %d err %lu length %lu\n", r, GetLastError(), len);
  BYTE* buf = calloc(1, len + 64);
  r = init(buf, CONTEXT_ALL, &ctx, &len);
  printf("InitializeContext %d aligned %d flags ok %d offset %d\n", r, ((ULONG_PTR)ctx & 15) == 0 || sizeof(void*) == 4,
         ctx->ContextFlags == CONTEXT_ALL, (int)((BYTE*)ctx - buf) < 16);
  LONG* ex = (LONG*)((BYTE*)ctx + sizeof(CONTEXT));
  printf("CONTEXT_EX all %ld %lu legacy %ld %lu xstate %ld %lu\n", ex[0], (DWORD)ex[1], ex[2], (DWORD)ex[3], ex[4], (DWORD)ex[5]);
  DWORD flen = 0;
  void* x87 = locate(ctx, 0, &flen);
  printf("LocateXStateFeature 0 found %d length %lu\n", x87 != NULL, flen);
  void* xmm = locate(ctx, 1, &flen);
  printf("LocateXStateFeature 1 after it %d length %lu\n", (BYTE*)xmm - (BYTE*)x87 == 160, flen);
  printf("LocateXStateFeature 2 without xstate %d\n", locate(ctx, 2, &flen) != NULL);
  DWORD64 mask = 77;
  r = get_mask(ctx, &mask);
  printf("GetXStateFeaturesMask %d mask %llx\n", r, (unsigned long long)mask);
  printf("SetXStateFeaturesMask(4) without xstate %d\n", set_mask(ctx, 4));

  len = 0;
  DWORD xflags = CONTEXT_ALL | XSTATE_FLAG;
  init(NULL, xflags, &ctx, &len);
  BYTE* xbuf = calloc(1, len + 64);
  r = init(xbuf, xflags, &ctx, &len);
  ex = (LONG*)((BYTE*)ctx + sizeof(CONTEXT));
  printf("InitializeContext xstate %d flags ok %d xstate offset aligned %d legacy %ld\n", r, ctx->ContextFlags == xflags,
         (((ULONG_PTR)ex + ex[4]) & 63) == 0, ex[2]);
  r = set_mask(ctx, 7);
  get_mask(ctx, &mask);
  printf("SetXStateFeaturesMask(7) %d mask has x87 and SSE %d\n", r, (int)((mask & 3) == 3));

  CONTEXT* other;
  DWORD olen = 0;
  init(NULL, CONTEXT_ALL, &other, &olen);
  BYTE* obuf = calloc(1, olen + 64);
  init(obuf, CONTEXT_ALL, &other, &olen);
  memset(&other->Dr0, 0x11, sizeof(DWORD_PTR));
#ifdef _WIN64
  other->Rax = 0x1234;
#else
  other->Eax = 0x1234;
#endif
  CONTEXT* target;
  DWORD tlen = 0;
  init(NULL, CONTEXT_CONTROL, &target, &tlen);
  BYTE* tbuf = calloc(1, tlen + 64);
  init(tbuf, CONTEXT_CONTROL, &target, &tlen);
  r = copy(target, CONTEXT_INTEGER, other);
#ifdef _WIN64
  unsigned long long rax = target->Rax;
#else
  unsigned long long rax = target->Eax;
#endif
  printf("CopyContext %d integer copied %d flags %lx debug not copied %d\n", r, rax == 0x1234,
         (unsigned long)(target->ContextFlags & ~ARCH_FLAG), target->Dr0 == 0);
  return 0;
}
