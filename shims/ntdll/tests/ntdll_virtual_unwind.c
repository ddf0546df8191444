/* RtlVirtualUnwind on code it only reads (x64): a function's frame undone from its unwind codes in
 * the body and the prolog (pushes, a small allocation, SAVE_NONVOL, SAVE_XMM128, a frame register),
 * and from the instructions that remain where the pc is in an epilog (add rsp / lea rsp, pops, ret),
 * where no handler is returned; the KNONVOLATILE_CONTEXT_POINTERS it fills with the stack addresses
 * the registers were restored from. Expected output: wine 8.0's. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

/* The code, then its unwind data (RVAs from the code's start: after it). */
static unsigned char code[160];
#define info_a (code + 0x40)
#define info_b (code + 0x60)
static ULONG64 stack_a[16], stack_b[16];

static const char* where(ULONG64 p, const ULONG64* stack) {
  static char text[4][32];
  static int next;
  char* t = text[next++ % 4];
  if (!p) return "none";
  if (p >= (ULONG64)stack && p < (ULONG64)(stack + 16)) snprintf(t, 32, "S[%d]", (int)((p - (ULONG64)stack) / 8));
  else snprintf(t, 32, "elsewhere");
  return t;
}

static void unwind(const char* what, RUNTIME_FUNCTION* rf, DWORD pc_offset, ULONG64 rsp, ULONG64 rbp, ULONG64 rbx,
                   const ULONG64* stack) {
  CONTEXT ctx;
  KNONVOLATILE_CONTEXT_POINTERS ptrs;
  memset(&ctx, 0, sizeof ctx);
  memset(&ptrs, 0, sizeof ptrs);
  ctx.Rsp = rsp;
  ctx.Rbp = rbp;
  ctx.Rbx = rbx;
  ctx.Rsi = 0x5151;
  ctx.Rip = (ULONG64)code + pc_offset;
  PVOID data = NULL;
  ULONG64 frame = 0;
  PEXCEPTION_ROUTINE handler =
      RtlVirtualUnwind(UNW_FLAG_EHANDLER, (ULONG64)code, ctx.Rip, rf, &ctx, &data, &frame, &ptrs);
  printf("%s: rip %llx rsp %s rbx %llx rbp %llx rsi %llx xmm7 %llx, frame %s, handler %s\n", what,
         (unsigned long long)ctx.Rip, where(ctx.Rsp, stack), (unsigned long long)ctx.Rbx, (unsigned long long)ctx.Rbp,
         (unsigned long long)ctx.Rsi, (unsigned long long)ctx.Xmm7.Low, where(frame, stack),
         handler ? ((ULONG64)handler == (ULONG64)code + 0x30 ? "the function's" : "another") : "none");
  printf("  pointers: rbx %s rbp %s rsi %s xmm7 %s\n", where((ULONG64)ptrs.IntegerContext[3], stack), where((ULONG64)ptrs.IntegerContext[5], stack),
         where((ULONG64)ptrs.IntegerContext[6], stack), where((ULONG64)ptrs.FloatingContext[7], stack));
}

int main(void) {
  /* A: push rbp; push rbx; sub rsp, 0x28; (body) nop x4; add rsp, 0x28; pop rbx; pop rbp; ret */
  static const unsigned char a[] = {0x55, 0x53, 0x48, 0x83, 0xec, 0x28, 0x90, 0x90, 0x90, 0x90,
                                    0x48, 0x83, 0xc4, 0x28, 0x5b, 0x5d, 0xc3};
  /* B at 0x18: push rbp; sub rsp, 0x40; mov [rsp+0x30], rsi; movaps [rsp+0x10], xmm7;
   * lea rbp, [rsp+0x20]; (body) nop x4; lea rsp, [rbp+0x20]; pop rbp; ret */
  static const unsigned char b[] = {0x55, 0x48, 0x83, 0xec, 0x40, 0x48, 0x89, 0x74, 0x24, 0x30, 0x0f, 0x29,
                                    0x7c, 0x24, 0x10, 0x48, 0x8d, 0x6c, 0x24, 0x20, 0x90, 0x90, 0x90, 0x90,
                                    0x48, 0x8d, 0x65, 0x20, 0x5d, 0xc3};
  memcpy(code, a, sizeof a);
  memcpy(code + 0x18, b, sizeof b);
  /* A's unwind info: prolog 6, three codes (alloc 0x28 at 6, push rbx at 2, push rbp at 1), a handler. */
  static const unsigned char ia[] = {0x01 | UNW_FLAG_EHANDLER << 3, 6, 3, 0, 6, 0x42, 2, 0x30, 1, 0x50, 0, 0};
  memcpy(info_a, ia, sizeof ia);
  *(DWORD*)(info_a + sizeof ia) = 0x30;
  /* B's: prolog 20, frame register rbp at offset 0x20; set_fpreg at 20, save_xmm128 xmm7 [0x10] at 15,
   * save_nonvol rsi [0x30] at 10, alloc 0x40 at 5, push rbp at 1. */
  static const unsigned char ib[] = {0x01, 20, 7, 0x25, 20, 0x03, 15, 0x78, 1, 0, 10, 0x64, 6, 0,
                                     5, 0x72, 1, 0x50, 0, 0};
  memcpy(info_b, ib, sizeof ib);
  RUNTIME_FUNCTION rfa = {0, 17, (DWORD)(info_a - code)}, rfb = {0x18, 0x18 + 30, (DWORD)(info_b - code)};

  for (int i = 0; i < 16; ++i) stack_a[i] = stack_b[i] = 0xa000 + i;
  stack_a[5] = 0x1111;   /* saved rbx */
  stack_a[6] = 0x2222;   /* saved rbp */
  stack_a[7] = 0x7777;   /* return address */
  ULONG64 s = (ULONG64)stack_a;
  unwind("A body", &rfa, 6, s, 0xbbbb, 0xcccc, stack_a);
  unwind("A prolog after the pushes", &rfa, 2, s + 5 * 8, 0xbbbb, 0xcccc, stack_a);
  unwind("A epilog at add rsp", &rfa, 10, s, 0xbbbb, 0xcccc, stack_a);
  unwind("A epilog at pop rbx", &rfa, 14, s + 5 * 8, 0xbbbb, 0xcccc, stack_a);
  unwind("A epilog at pop rbp", &rfa, 15, s + 6 * 8, 0xbbbb, 0x1111, stack_a);
  unwind("A epilog at ret", &rfa, 16, s + 7 * 8, 0x2222, 0x1111, stack_a);

  stack_b[2] = 0x7070;  /* saved xmm7 (low half) */
  stack_b[6] = 0x6666;  /* saved rsi */
  stack_b[8] = 0x8888;  /* saved rbp */
  stack_b[9] = 0x9999;  /* return address */
  s = (ULONG64)stack_b;
  unwind("B body", &rfb, 0x18 + 21, s, s + 0x20, 0xcccc, stack_b);
  unwind("B prolog after the frame register", &rfb, 0x18 + 20, s, s + 0x20, 0xcccc, stack_b);
  unwind("B epilog at lea rsp", &rfb, 0x18 + 24, s, s + 0x20, 0xcccc, stack_b);
  unwind("B epilog at pop rbp", &rfb, 0x18 + 28, s + 8 * 8, s + 0x20, 0xcccc, stack_b);
  return 0;
}
