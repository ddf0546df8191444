// The i386 C runtime's SSE2 math helpers, called as MSVC's code calls them: the argument in xmm0
// (pow's and atan2's second in xmm1), the result in xmm0 (__libm_sse2_* of msvcrt.dll and
// ucrtbase.dll, and ucrtbase.dll's _libm_sse2_*_precise). i686 only. Expected output: the
// functions' values at these arguments to 12 significant digits (any correct libm's), and the
// upper half of xmm0 left as it was.
#pragma GCC target("sse2")  // (the i686 build's default is no SSE: the xmm registers named below)
#include <stdio.h>
#include <windows.h>

static double call_d(FARPROC f, double x, double y) {
  double r;
  __asm__ __volatile__("movsd %1, %%xmm0\n\tmovsd %2, %%xmm1\n\tcall *%3\n\tmovsd %%xmm0, %0"
                       : "=m"(r)
                       : "m"(x), "m"(y), "r"(f)
                       : "eax", "ecx", "edx", "xmm0", "xmm1", "memory");
  return r;
}
static float call_f(FARPROC f, float x, float y) {
  float r;
  __asm__ __volatile__("movss %1, %%xmm0\n\tmovss %2, %%xmm1\n\tcall *%3\n\tmovss %%xmm0, %0"
                       : "=m"(r)
                       : "m"(x), "m"(y), "r"(f)
                       : "eax", "ecx", "edx", "xmm0", "xmm1", "memory");
  return r;
}
// xmm0's upper 64 bits after a call given 0x1122334455667788 there.
static unsigned long long upper_after(FARPROC f) {
  static const unsigned long long in[2] = {0x3fe0000000000000ull, 0x1122334455667788ull};  // 0.5, marker
  unsigned long long out[2];
  __asm__ __volatile__("movdqu %1, %%xmm0\n\tcall *%2\n\tmovdqu %%xmm0, %0"
                       : "=m"(out)
                       : "m"(in), "r"(f)
                       : "eax", "ecx", "edx", "xmm0", "xmm1", "memory");
  return out[1];
}

int main(void) {
  const char* dlls[] = {"msvcrt.dll", "ucrtbase.dll"};
  const char* unary[] = {"acos", "asin", "atan", "cos", "exp", "log", "log10", "sin", "tan"};
  for (int d = 0; d < 2; d++) {
    HMODULE m = LoadLibraryA(dlls[d]);
    printf("%s:\n", dlls[d]);
    for (int i = 0; i < 9; i++) {
      char name[64], namef[64];
      sprintf(name, "__libm_sse2_%s", unary[i]);
      sprintf(namef, "__libm_sse2_%sf", unary[i]);
      FARPROC f = GetProcAddress(m, name), ff = GetProcAddress(m, namef);
      printf("  %s(0.5) %.12g, %sf(0.5) %.6g\n", unary[i], f ? call_d(f, 0.5, 0) : -1, unary[i],
             ff ? (double)call_f(ff, 0.5f, 0) : -1);
    }
    FARPROC pw = GetProcAddress(m, "__libm_sse2_pow"), pwf = GetProcAddress(m, "__libm_sse2_powf");
    FARPROC at2 = GetProcAddress(m, "__libm_sse2_atan2");
    printf("  pow(2, 0.5) %.12g powf(2, 10) %.6g atan2(1, 2) %.12g\n", call_d(pw, 2, 0.5), (double)call_f(pwf, 2, 10),
           call_d(at2, 1, 2));
    printf("  sin keeps xmm0's upper half: %s\n",
           upper_after(GetProcAddress(m, "__libm_sse2_sin")) == 0x1122334455667788ull ? "yes" : "no");
  }
  HMODULE u = LoadLibraryA("ucrtbase.dll");
  const char* precise[] = {"acos", "asin", "atan", "cos", "exp", "log", "log10", "sin", "sqrt", "tan"};
  for (int i = 0; i < 10; i++) {
    char name[64];
    sprintf(name, "_libm_sse2_%s_precise", precise[i]);
    FARPROC f = GetProcAddress(u, name);
    printf("%s(0.5) %.12g\n", name, f ? call_d(f, 0.5, 0) : -1);
  }
  printf("_libm_sse2_pow_precise(3, 2) %.12g\n", call_d(GetProcAddress(u, "_libm_sse2_pow_precise"), 3, 2));
  return 0;
}
