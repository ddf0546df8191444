/* The printf family's _s and _l forms (msvcrt.dll: printf_s, fprintf_s, vwprintf, _sprintf_l,
 * _snprintf_s_l, _scwprintf, _vsnwprintf_l …) and the Universal CRT's checking stream entry points
 * (__stdio_common_vfprintf_s, __stdio_common_vfwprintf_s); taken by GetProcAddress from
 * ucrtbase.dll (with _UCRT) or msvcrt.dll. */
#include <windows.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static HMODULE crt;
static void* fn(const char* name) {
  void* f = (void*)GetProcAddress(crt, name);
  if (!f) printf("missing %s\n", name);
  return f;
}
typedef int* (*ErrnoFn)(void);
static ErrnoFn err;
static FILE* out;
static int (*fflush_)(FILE*);

#ifdef _UCRT
static int common_s(const char* name, FILE* f, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = ((int (*)(unsigned long long, FILE*, const char*, void*, va_list))fn(name))(0, f, fmt, NULL, ap);
  va_end(ap);
  return r;
}
static int common_ws(FILE* f, const wchar_t* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = ((int (*)(unsigned long long, FILE*, const wchar_t*, void*, va_list))fn("__stdio_common_vfwprintf_s"))(
      4, f, fmt, NULL, ap);
  va_end(ap);
  return r;
}
#else
static int v_call(const char* name, FILE* f, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = f ? ((int (*)(FILE*, const char*, va_list))fn(name))(f, fmt, ap)
            : ((int (*)(const char*, va_list))fn(name))(fmt, ap);
  va_end(ap);
  return r;
}
static int vsn_call(const char* name, char* buf, size_t n, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = ((int (*)(char*, size_t, const char*, void*, va_list))fn(name))(buf, n, fmt, NULL, ap);
  va_end(ap);
  return r;
}
static int vsnw_call(wchar_t* buf, size_t n, const wchar_t* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = ((int (*)(wchar_t*, size_t, const wchar_t*, void*, va_list))fn("_vsnwprintf_l"))(buf, n, fmt, NULL, ap);
  va_end(ap);
  return r;
}
static int vw_call(const wchar_t* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = ((int (*)(const wchar_t*, va_list))fn("vwprintf"))(fmt, ap);
  va_end(ap);
  return r;
}
#endif

int main(void) {
#ifdef _UCRT
  crt = LoadLibraryA("ucrtbase.dll");
  out = ((FILE* (*)(unsigned))fn("__acrt_iob_func"))(1);
#else
  crt = LoadLibraryA("msvcrt.dll");
  out = (FILE*)((char*)fn("_iob") + sizeof(FILE));
#endif
  err = (ErrnoFn)fn("_errno");
  fflush_ = fn("fflush");
  char line[160];
  int r;
#ifdef _UCRT
  r = common_s("__stdio_common_vfprintf_s", out, "vfprintf_s %d %s %.3f\n", 42, "text", 2.5);
  fflush_(out);
  printf("  returned %d\n", r);
  r = common_ws(out, L"vfwprintf_s %s %d\n", L"wide", 7);
  fflush_(out);
  printf("  returned %d\n", r);
  r = common_s("__stdio_common_vfprintf", out, "plain %x\n", 255);
  fflush_(out);
  printf("  returned %d\n", r);
#else
  r = ((int (*)(const char*, ...))fn("printf_s"))("printf_s %d|%5s|\n", 1, "ab");
  fflush_(out);
  printf("  returned %d\n", r);
  r = ((int (*)(FILE*, const char*, ...))fn("fprintf_s"))(out, "fprintf_s %c%c\n", 'o', 'k');
  fflush_(out);
  printf("  returned %d\n", r);
  r = v_call("vprintf_s", NULL, "vprintf_s %u\n", 3000000000u);
  fflush_(out);
  printf("  returned %d\n", r);
  r = v_call("vfprintf_s", out, "vfprintf_s %e\n", 12345.678);
  fflush_(out);
  printf("  returned %d\n", r);
  r = ((int (*)(FILE*, const char*, ...))fn("fprintf_s"))(out, NULL);
  printf("fprintf_s(NULL format) %d errno %d\n", r, *err());
  *err() = 0;
  r = ((int (*)(const wchar_t*, ...))fn("wprintf_s"))(L"wprintf_s %s\n", L"wide");
  fflush_(out);
  printf("  returned %d\n", r);
  r = vw_call(L"vwprintf %d-%d\n", 4, 5);
  fflush_(out);
  printf("  returned %d\n", r);
  r = ((int (*)(char*, const char*, void*, ...))fn("_sprintf_l"))(line, "_sprintf_l %05.1f %s", NULL, 3.14159, "x");
  printf("%s (%d)\n", line, r);
  r = ((int (*)(char*, size_t, const char*, void*, ...))fn("_snprintf_l"))(line, 8, "%s", NULL, "0123456789");
  printf("_snprintf_l %d %.8s\n", r, line);
  r = ((int (*)(char*, size_t, size_t, const char*, void*, ...))fn("_snprintf_s_l"))(line, 8, (size_t)-1, "%s", NULL,
                                                                                  "0123456789");
  printf("_snprintf_s_l truncate %d \"%s\"\n", r, line);
  r = ((int (*)(char*, size_t, const char*, void*, ...))fn("_sprintf_s_l"))(line, sizeof line, "%d%%", NULL, 99);
  printf("_sprintf_s_l %d \"%s\"\n", r, line);
  r = vsn_call("_vsnprintf_l", line, sizeof line, "_vsnprintf_l %i", 17);
  printf("%s (%d)\n", line, r);
  r = vsn_call("_vsprintf_s_l", line, sizeof line, "%s-%d", "ok", 1);
  printf("_vsprintf_s_l %d \"%s\"\n", r, line);
  wchar_t w[32];
  r = vsnw_call(w, 32, L"%s=%d", L"key", 12);
  printf("_vsnwprintf_l %d", r);
  for (int i = 0; w[i]; i++) putchar((char)w[i]);
  printf("\n");
  printf("_scprintf_l %d _scwprintf %d _scwprintf_l %d\n",
         ((int (*)(const char*, void*, ...))fn("_scprintf_l"))("%d-%s", NULL, 12345, "abc"),
         ((int (*)(const wchar_t*, ...))fn("_scwprintf"))(L"%s!", L"hello"),
         ((int (*)(const wchar_t*, void*, ...))fn("_scwprintf_l"))(L"%5d", NULL, 1));
  /* scanf's _l and counted forms */
  int a = 0, b = 0;
  char word[16] = {0};
  r = ((int (*)(const char*, size_t, const char*, ...))fn("_snscanf"))("12345 678", 3, "%d", &a);
  printf("_snscanf %d %d\n", r, a);
  r = ((int (*)(const char*, const char*, void*, ...))fn("_sscanf_l"))("7 8", "%d %d", NULL, &a, &b);
  printf("_sscanf_l %d %d %d\n", r, a, b);
  r = ((int (*)(const char*, size_t, const char*, ...))fn("_snscanf_s"))("wordy 5", 7, "%s %d", word,
                                                                       (unsigned)sizeof word, &a);
  printf("_snscanf_s %d %s %d\n", r, word, a);
  r = ((int (*)(const wchar_t*, size_t, const wchar_t*, ...))fn("_snwscanf"))(L"99 100", 2, L"%d %d", &a, &b);
  printf("_snwscanf %d %d\n", r, a);
  r = ((int (*)(const wchar_t*, const wchar_t*, void*, ...))fn("_swscanf_l"))(L"0x1f", L"%x", NULL, &a);
  printf("_swscanf_l %d %d\n", r, a);
#endif
  return 0;
}
