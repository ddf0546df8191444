/* Lines of the standard input (gets_s, gets, _getws: crt_lines.txt, its last line without a
 * newline), clearerr_s, fread_s into too small a buffer, and the restartable conversions between
 * bytes and UTF-16 in the "C" locale (mbsrtowcs, wcsrtombs and their _s forms, wcrtomb_s); taken by
 * GetProcAddress from ucrtbase.dll (with _UCRT) or msvcrt.dll. */
#include <windows.h>
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
static int calls;
static void __cdecl handler(const wchar_t* e, const wchar_t* f, const wchar_t* file, unsigned line, uintptr_t r) {
  (void)e, (void)f, (void)file, (void)line, (void)r;
  calls++;
}

int main(void) {
#ifdef _UCRT
  crt = LoadLibraryA("ucrtbase.dll");
  ((void* (*)(void*))fn("_set_invalid_parameter_handler"))((void*)handler);
#else
  crt = LoadLibraryA("msvcrt.dll");
#endif
  err = (ErrnoFn)fn("_errno");
  *err() = 0;
  char* (*gets_)(char*) = fn("gets");
  wchar_t* (*getws_)(wchar_t*) = fn("_getws");
  char line[64];
  char* r;
#ifdef _UCRT
  char* (*gets_s_)(char*, size_t) = fn("gets_s");
  r = gets_s_(line, sizeof line);
  printf("gets_s %s \"%s\"\n", r ? "line" : "null", line);
#else /* (msvcrt.dll has no gets_s on x64) */
  r = gets_(line);
  printf("gets %s \"%s\"\n", r ? "line" : "null", line);
#endif
  r = gets_(line);
  printf("gets %s \"%s\"\n", r ? "line" : "null", line);
  wchar_t wl[64];
  wchar_t* w = getws_(wl);
  printf("_getws %s \"", w ? "line" : "null");
  for (int i = 0; wl[i]; i++) putchar((char)wl[i]);
  printf("\"\n");
#ifdef _UCRT
  r = gets_s_(line, 8);
  printf("gets_s too long %s first %d calls %d\n", r ? "line" : "null", line[0], calls);
  calls = 0;
  r = gets_s_(line, sizeof line);
  printf("gets_s %s \"%s\"\n", r ? "line" : "null", line);
#else
  r = gets_(line);
  printf("gets %s \"%s\"\n", r ? "line" : "null", line);
#endif
  r = gets_(line);
  printf("gets %s \"%s\"\n", r ? "line" : "null", line);
  r = gets_(line);
  printf("gets at the end %s\n", r ? "line" : "null");

  FILE* (*fopen_)(const char*, const char*) = fn("fopen");
  size_t (*fwrite_)(const void*, size_t, size_t, FILE*) = fn("fwrite");
  int (*fseek_)(FILE*, long, int) = fn("fseek");
  int (*fclose_)(FILE*) = fn("fclose");
  int (*feof_)(FILE*) = fn("feof");
  char tmpname[64];
  sprintf(tmpname, "crt_stdio_lines%lu.tmp", GetCurrentProcessId());
  FILE* f = fopen_(tmpname, "w+b");
  fwrite_("0123456789abcdef", 1, 16, f);
  fseek_(f, 0, SEEK_SET);
  size_t (*fread_)(void*, size_t, size_t, FILE*) = fn("fread");
  char buf[32];
  memset(buf, 'x', sizeof buf);
#ifdef _UCRT
  size_t (*fread_s_)(void*, size_t, size_t, size_t, FILE*) = fn("fread_s");
  size_t n = fread_s_(buf, 32, 4, 2, f);
  printf("fread_s %u \"%.8s\"\n", (unsigned)n, buf);
  n = fread_s_(buf, 4, 1, 8, f);
  printf("fread_s small %u first %d errno %d calls %d\n", (unsigned)n, buf[0], *err(), calls);
  *err() = 0;
  calls = 0;
#endif
  fseek_(f, 0, SEEK_END);
  char one;
  fread_(&one, 1, 1, f);
  int (*clearerr_s_)(FILE*) = fn("clearerr_s");
  printf("feof %d", feof_(f) != 0);
  int cr = clearerr_s_(f);
  printf(" clearerr_s %d feof %d\n", cr, feof_(f) != 0);
  cr = clearerr_s_(NULL);
  printf("clearerr_s(NULL) %d errno %d calls %d\n", cr, *err(), calls);
  *err() = 0;
  calls = 0;
  fclose_(f);
  ((int (*)(const char*))fn("remove"))(tmpname);

  size_t (*mbsrtowcs_)(wchar_t*, const char**, size_t, void*) = fn("mbsrtowcs");
  const char* src = "bytes\xe9!";
  const char* at = src;
  wchar_t wide[16];
  size_t k = mbsrtowcs_(wide, &at, 16, NULL);
  printf("mbsrtowcs %u %04x src %s\n", (unsigned)k, wide[5], at ? "moved" : "null");
  at = src;
  k = mbsrtowcs_(wide, &at, 3, NULL);
  printf("mbsrtowcs(3) %u src at +%d\n", (unsigned)k, (int)(at - src));
  at = src;
  printf("mbsrtowcs count only %u\n", (unsigned)mbsrtowcs_(NULL, &at, 0, NULL));
  size_t (*wcsrtombs_)(char*, const wchar_t**, size_t, void*) = fn("wcsrtombs");
  const wchar_t* wsrc = L"wide\x00e9";
  const wchar_t* wat = wsrc;
  char bytes[16];
  k = wcsrtombs_(bytes, &wat, 16, NULL);
  printf("wcsrtombs %u %02x src %s\n", (unsigned)k, (unsigned char)bytes[4], wat ? "moved" : "null");
  const wchar_t* greek = L"a\x03b1";
  wat = greek;
  k = wcsrtombs_(bytes, &wat, 16, NULL);
  printf("wcsrtombs greek %d errno %d\n", (int)k, *err());
  *err() = 0;
  size_t done = 0;
  at = src;
  int e = ((int (*)(size_t*, wchar_t*, size_t, const char**, size_t, void*))fn("mbsrtowcs_s"))(&done, wide, 16, &at,
                                                                                             (size_t)-1, NULL);
  printf("mbsrtowcs_s %d %u\n", e, (unsigned)done);
  wat = wsrc;
  e = ((int (*)(size_t*, char*, size_t, const wchar_t**, size_t, void*))fn("wcsrtombs_s"))(&done, bytes, 3, &wat,
                                                                                          (size_t)-1, NULL);
  printf("wcsrtombs_s truncate %d %u \"%s\"\n", e, (unsigned)done, bytes);
  e = ((int (*)(size_t*, char*, size_t, wchar_t, void*))fn("wcrtomb_s"))(&done, bytes, 4, L'Z', NULL);
  printf("wcrtomb_s %d %u %c\n", e, (unsigned)done, bytes[0]);
  return 0;
}
