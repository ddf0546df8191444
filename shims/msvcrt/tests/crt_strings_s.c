/* The bounds-checked memory and string functions (memcpy_s, wcsncpy_s, wcsncat_s, _strnset_s,
 * _wcsset_s, _strlwr_s, wcstok_s …), their invalid-parameter handler calls, and the plain ones
 * beside them (_memccpy, _memicmp, _strnset, _swab, _wcsrev, wcsnlen, __strncnt, _lfind,
 * _lsearch, _makepath …), taken by GetProcAddress from the C runtime the program is built against:
 * ucrtbase.dll (with _UCRT: the thread's handler too, wcstok's third argument) or msvcrt.dll. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static HMODULE crt;
static void* fn(const char* name) {
  void* f = (void*)GetProcAddress(crt, name);
  if (!f) printf("missing %s\n", name);
  return f;
}
typedef int* (*ErrnoFn)(void);
static ErrnoFn err;
static int calls;
static void __cdecl handler(const wchar_t* expr, const wchar_t* func, const wchar_t* file, unsigned line,
                            uintptr_t reserved) {
  calls++;
  printf("  handler(%s, %s, %s, %u, %u)\n", expr ? "expr" : "null", func ? "func" : "null", file ? "file" : "null",
         line, (unsigned)reserved);
}
static void show(const char* what, int r) {
  printf("%s = %d errno %d handler calls %d\n", what, r, *err(), calls);
  *err() = 0;
  calls = 0;
}
static void wshow(const char* what, const wchar_t* s) {
  printf("%s \"", what);
  for (; *s; s++) putchar(*s < 128 ? (char)*s : '?');
  printf("\"\n");
}
static int __cdecl cmp_int(const void* a, const void* b) { return *(const int*)a - *(const int*)b; }
static int __cdecl cmp_ctx(void* ctx, const void* a, const void* b) {
  ++*(int*)ctx;
  return *(const int*)a - *(const int*)b;
}

int main(void) {
#ifdef _UCRT
  crt = LoadLibraryA("ucrtbase.dll");
#else
  crt = LoadLibraryA("msvcrt.dll");
#endif
  err = (ErrnoFn)fn("_errno");
#ifdef _UCRT
  /* (msvcrt.dll has no handler of the program's: wine 8.0's does not export the setter) */
  void* (*set_handler)(void*) = (void* (*)(void*))fn("_set_invalid_parameter_handler");
  set_handler((void*)handler);
#endif
  *err() = 0;

  int (*memcpy_s_)(void*, size_t, const void*, size_t) = fn("memcpy_s");
  int (*memmove_s_)(void*, size_t, const void*, size_t) = fn("memmove_s");
  char buf[16];
  memset(buf, 'x', sizeof buf);
  show("memcpy_s ok", memcpy_s_(buf, 8, "abcdef", 7));
  printf("  buf %s\n", buf);
  show("memcpy_s count 0", memcpy_s_(NULL, 0, NULL, 0));
  show("memcpy_s too small", memcpy_s_(buf, 4, "abcdef", 7));
  printf("  buf[0..3] %d %d %d %d buf[4] %c\n", buf[0], buf[1], buf[2], buf[3], buf[4]);
  memset(buf, 'x', sizeof buf);
  show("memcpy_s null src", memcpy_s_(buf, 3, NULL, 2));
  printf("  buf %d %d %d %c\n", buf[0], buf[1], buf[2], buf[3]);
  show("memcpy_s null dst", memcpy_s_(NULL, 3, "ab", 2));
  strcpy(buf, "0123456789");
  show("memmove_s overlap", memmove_s_(buf + 2, 8, buf, 6));
  printf("  buf %s\n", buf);
  show("memmove_s too small", memmove_s_(buf, 2, "abc", 3));
  printf("  buf %s\n", buf);

  int (*wcsncpy_s_)(wchar_t*, size_t, const wchar_t*, size_t) = fn("wcsncpy_s");
  int (*wcsncat_s_)(wchar_t*, size_t, const wchar_t*, size_t) = fn("wcsncat_s");
  wchar_t w[8];
  show("wcsncpy_s", wcsncpy_s_(w, 8, L"hello world", 5));
  wshow("  w", w);
  show("wcsncpy_s truncate", wcsncpy_s_(w, 8, L"hello world", (size_t)-1));
  wshow("  w", w);
  show("wcsncpy_s too small", wcsncpy_s_(w, 4, L"hello", 5));
  printf("  w[0] %d\n", w[0]);
  show("wcsncpy_s count 0", wcsncpy_s_(w, 8, L"abc", 0));
  wcscpy(w, L"ab");
  show("wcsncat_s", wcsncat_s_(w, 8, L"cdef", 2));
  wshow("  w", w);
  show("wcsncat_s truncate", wcsncat_s_(w, 8, L"0123456789", (size_t)-1));
  wshow("  w", w);
  wcscpy(w, L"abc");
  show("wcsncat_s too small", wcsncat_s_(w, 5, L"defg", 4));
  printf("  w[0] %d\n", w[0]);
  show("wcsncat_s null dst", wcsncat_s_(NULL, 5, L"x", 1));

  int (*strnset_s)(char*, size_t, int, size_t) = fn("_strnset_s");
  int (*wcsset_s)(wchar_t*, size_t, wchar_t) = fn("_wcsset_s");
  int (*wcsnset_s)(wchar_t*, size_t, wchar_t, size_t) = fn("_wcsnset_s");
  strcpy(buf, "abcdef");
  show("_strnset_s", strnset_s(buf, 16, '*', 3));
  printf("  buf %s\n", buf);
  show("_strnset_s unterminated", strnset_s(buf, 4, '*', 2));
  printf("  buf[0] %d\n", buf[0]);
  wcscpy(w, L"abc");
  show("_wcsset_s", wcsset_s(w, 8, L'z'));
  wshow("  w", w);
  show("_wcsset_s small", wcsset_s(w, 3, L'y'));
  printf("  w[0] %d\n", w[0]);
  wcscpy(w, L"abcdef");
  show("_wcsnset_s", wcsnset_s(w, 8, L'-', 4));
  wshow("  w", w);

  int (*strlwr_s)(char*, size_t) = fn("_strlwr_s");
  int (*strupr_s)(char*, size_t) = fn("_strupr_s");
  int (*wcslwr_s)(wchar_t*, size_t) = fn("_wcslwr_s");
  int (*wcsupr_s)(wchar_t*, size_t) = fn("_wcsupr_s");
  strcpy(buf, "MiXeD 12");
  show("_strlwr_s", strlwr_s(buf, 16));
  printf("  buf %s\n", buf);
  show("_strupr_s", strupr_s(buf, 16));
  printf("  buf %s\n", buf);
  show("_strupr_s small", strupr_s(buf, 3));
  printf("  buf[0] %d\n", buf[0]);
  show("_strlwr_s null", strlwr_s(NULL, 3));
  wcscpy(w, L"AbC");
  show("_wcslwr_s", wcslwr_s(w, 8));
  wshow("  w", w);
  show("_wcsupr_s", wcsupr_s(w, 8));
  wshow("  w", w);
  show("_wcsupr_s small", wcsupr_s(w, 2));
  printf("  w[0] %d\n", w[0]);

  wchar_t* (*wcstok_s_)(wchar_t*, const wchar_t*, wchar_t**) = fn("wcstok_s");
  wchar_t text[] = L"  one,two;;three ";
  wchar_t* ctx = NULL;
  for (wchar_t* t = wcstok_s_(text, L" ,;", &ctx); t; t = wcstok_s_(NULL, L" ,;", &ctx)) wshow("wcstok_s", t);
  ctx = NULL;
  wchar_t* none = wcstok_s_(NULL, L",", &ctx);
  printf("wcstok_s(NULL, ctx NULL) %p errno %d calls %d\n", (void*)none, *err(), calls);
  *err() = 0;
  calls = 0;
  wchar_t text2[] = L"a b";
#ifdef _UCRT
  wchar_t* (*wcstok_)(wchar_t*, const wchar_t*, wchar_t**) = fn("wcstok");
  ctx = NULL;
  wshow("wcstok", wcstok_(text2, L" ", &ctx));
  wshow("wcstok", wcstok_(NULL, L" ", &ctx));
  printf("wcstok end %p\n", (void*)wcstok_(NULL, L" ", &ctx));
#else
  wchar_t* (*wcstok_)(wchar_t*, const wchar_t*) = fn("wcstok");
  wshow("wcstok", wcstok_(text2, L" "));
  wshow("wcstok", wcstok_(NULL, L" "));
  printf("wcstok end %p\n", (void*)wcstok_(NULL, L" "));
#endif

  void* (*memccpy_)(void*, const void*, int, size_t) = fn("_memccpy");
  memset(buf, 0, sizeof buf);
  char* after = memccpy_(buf, "key=value", '=', 9);
  printf("_memccpy %d %s, not found %p\n", (int)(after - buf), buf, memccpy_(buf, "abc", 'z', 3));
  int (*memicmp_)(const void*, const void*, size_t) = fn("_memicmp");
  printf("_memicmp %d %d %d\n", memicmp_("HeLLo", "hello", 5), memicmp_("abc", "abd", 3), memicmp_("b", "A", 1));
  show("_memicmp null", memicmp_(NULL, "a", 1));
  show("_memicmp null 0", memicmp_(NULL, "a", 0));
  char* (*strnset_)(char*, int, size_t) = fn("_strnset");
  strcpy(buf, "abcdef");
  strnset_(buf, '#', 4);
  printf("_strnset %s\n", buf);
  strnset_(buf, '!', 40);
  printf("_strnset long %s\n", buf);
  wchar_t* (*wcsrev_)(wchar_t*) = fn("_wcsrev");
  wchar_t* (*wcsset_)(wchar_t*, wchar_t) = fn("_wcsset");
  wchar_t* (*wcsnset_)(wchar_t*, wchar_t, size_t) = fn("_wcsnset");
  wcscpy(w, L"abcde");
  wshow("_wcsrev", wcsrev_(w));
  wshow("_wcsnset", wcsnset_(w, L'.', 2));
  wshow("_wcsset", wcsset_(w, L'q'));
  wcscpy(w, L"");
  wshow("_wcsrev empty", wcsrev_(w));
  void (*swab_)(char*, char*, int) = fn("_swab");
  memset(buf, 0, sizeof buf);
  swab_("abcdefg", buf, 7);
  printf("_swab %s\n", buf);
  size_t (*wcsnlen_)(const wchar_t*, size_t) = fn("wcsnlen");
  size_t (*strncnt)(const char*, size_t) = fn("__strncnt");
  printf("wcsnlen %u %u __strncnt %u %u\n", (unsigned)wcsnlen_(L"abcdef", 3), (unsigned)wcsnlen_(L"ab", 10),
         (unsigned)strncnt("abcdef", 4), (unsigned)strncnt("ab", 10));

  void* (*lfind_)(const void*, const void*, unsigned*, unsigned, int(__cdecl*)(const void*, const void*)) = fn("_lfind");
  void* (*lsearch_)(const void*, void*, unsigned*, unsigned, int(__cdecl*)(const void*, const void*)) = fn("_lsearch");
  void* (*lfind_s)(const void*, const void*, unsigned*, unsigned, int(__cdecl*)(void*, const void*, const void*),
                   void*) = fn("_lfind_s");
  int arr[8] = {5, 3, 9, 1};
  unsigned n = 4;
  int key = 9, missing = 7, count = 0;
  int* found = lfind_(&key, arr, &n, sizeof(int), cmp_int);
  printf("_lfind 9 at %d, 7 %p\n", (int)(found - arr), lfind_(&missing, arr, &n, sizeof(int), cmp_int));
  found = lfind_s(&key, arr, &n, sizeof(int), cmp_ctx, &count);
  printf("_lfind_s 9 at %d after %d comparisons\n", (int)(found - arr), count);
  printf("_lfind_s no compare %p", lfind_s(&key, arr, &n, sizeof(int), NULL, NULL));
  show("", 0);
  found = lsearch_(&missing, arr, &n, sizeof(int), cmp_int);
  printf("_lsearch 7 at %d, n %u, arr[4] %d\n", (int)(found - arr), n, arr[4]);
  found = lsearch_(&key, arr, &n, sizeof(int), cmp_int);
  printf("_lsearch 9 at %d, n %u\n", (int)(found - arr), n);

  void (*makepath)(char*, const char*, const char*, const char*, const char*) = fn("_makepath");
  void (*wmakepath)(wchar_t*, const wchar_t*, const wchar_t*, const wchar_t*, const wchar_t*) = fn("_wmakepath");
  char path[64];
  makepath(path, "c", "\\dir\\sub", "name", "txt");
  printf("_makepath %s\n", path);
  makepath(path, NULL, "dir/", "name", ".ext");
  printf("_makepath %s\n", path);
  makepath(path, "", "", "only", NULL);
  printf("_makepath %s\n", path);
  wchar_t wpath[64];
  wmakepath(wpath, L"d", L"x\\", L"y", L"z");
  wshow("_wmakepath", wpath);

#ifdef _UCRT
  int (*wmemcpy_s_)(wchar_t*, size_t, const wchar_t*, size_t) = fn("wmemcpy_s");
  int (*wmemmove_s_)(wchar_t*, size_t, const wchar_t*, size_t) = fn("wmemmove_s");
  show("wmemcpy_s", wmemcpy_s_(w, 8, L"wide", 5));
  wshow("  w", w);
  show("wmemcpy_s too small", wmemcpy_s_(w, 2, L"wide", 5));
  printf("  w[0] %d w[1] %d w[2] %d\n", w[0], w[1], w[2]);
  wcscpy(w, L"abcdef");
  show("wmemmove_s", wmemmove_s_(w + 1, 6, w, 3));
  wshow("  w", w);
  void* (*get_handler)(void) = fn("_get_invalid_parameter_handler");
  void* (*set_thread)(void*) = fn("_set_thread_local_invalid_parameter_handler");
  void* (*get_thread)(void) = fn("_get_thread_local_invalid_parameter_handler");
  printf("_get_invalid_parameter_handler is ours %d, thread's %p\n", get_handler() == (void*)handler, get_thread());
  printf("set thread's %p\n", set_thread((void*)handler));
  printf("thread's is ours %d\n", get_thread() == (void*)handler);
  set_handler(NULL);
  void (*noinfo)(void) = fn("_invalid_parameter_noinfo");
  noinfo();
  show("_invalid_parameter_noinfo (thread's handler)", 0);
  set_thread(NULL);
#else
  void (*invalid)(const wchar_t*, const wchar_t*, const wchar_t*, unsigned, uintptr_t) = fn("_invalid_parameter");
  invalid(NULL, NULL, NULL, 0, 0);
  show("_invalid_parameter (no handler)", 0);
  show("memcpy_s null dst (no handler)", memcpy_s_(NULL, 3, "ab", 2));
#endif
  return 0;
}
