/* The heap's extras (_aligned_offset_malloc, _recalloc, the new handler, operator new), the
 * messages by number (_strerror, strerror_s, _wcserror_s, __wcserror_s), the environment's
 * bounds-checked readers (getenv_s, _dupenv_s …) and the time functions' _s and wide forms
 * (_gmtime64_s, _mkgmtime64, asctime_s, _wasctime, _ctime64_s, _strdate_s …); taken by
 * GetProcAddress from ucrtbase.dll (with _UCRT) or msvcrt.dll. Times are UTC or only measured. */
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
static void show(const char* what, int r) {
  printf("%s = %d errno %d calls %d\n", what, r, *err(), calls);
  *err() = 0;
  calls = 0;
}
static void wshow(const char* what, const wchar_t* s) {
  printf("%s \"", what);
  for (; *s; s++) putchar(*s == '\n' ? '|' : *s < 128 ? (char)*s : '?');
  printf("\"\n");
}
static int __cdecl new_handler(size_t size) {
  printf("new handler asked for %u\n", (unsigned)size);
  return 0;
}
typedef struct { int sec, min, hour, mday, mon, year, wday, yday, isdst; } TM;
static void show_tm(const char* what, const TM* t) {
  printf("%s %d-%02d-%02d %02d:%02d:%02d wday %d yday %d dst %d\n", what, t->year, t->mon, t->mday, t->hour, t->min,
         t->sec, t->wday, t->yday, t->isdst);
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

  /* heap */
  void* (*aoff_malloc)(size_t, size_t, size_t) = fn("_aligned_offset_malloc");
  void* (*aoff_realloc)(void*, size_t, size_t, size_t) = fn("_aligned_offset_realloc");
  void (*afree)(void*) = fn("_aligned_free");
  char* a = aoff_malloc(100, 64, 8);
  printf("_aligned_offset_malloc offset aligned %d\n", ((uintptr_t)(a + 8) & 63) == 0);
  strcpy(a, "kept");
  a = aoff_realloc(a, 200, 64, 8);
  printf("_aligned_offset_realloc aligned %d kept %s\n", ((uintptr_t)(a + 8) & 63) == 0, a);
  afree(a);
  void* bad = aoff_malloc(100, 48, 0);
  printf("alignment 48 %s", bad ? "block" : "null");
  show("", 0);
  bad = aoff_malloc(10, 16, 10);
  printf("offset 10 of 10 %s", bad ? "block" : "null");
  show("", 0);
  printf("_get_heap_handle %s\n", ((HANDLE(*)(void))fn("_get_heap_handle"))() ? "a heap" : "null");
  printf("_heapchk %d _heapmin %d\n", ((int (*)(void))fn("_heapchk"))(), ((int (*)(void))fn("_heapmin"))());
  int (*callnewh)(size_t) = fn("_callnewh");
  printf("_callnewh without handler %d\n", callnewh(5));
#ifdef _UCRT
  void* (*set_new_handler)(void*) = fn("_set_new_handler");
  void* (*query_new_handler)(void) = fn("_query_new_handler");
  printf("_set_new_handler old null %d\n", set_new_handler((void*)new_handler) == NULL);
  printf("_query_new_handler ours %d\n", query_new_handler() == (void*)new_handler);
  printf("_callnewh with handler %d\n", callnewh(77));
  printf("_query_new_mode %d\n", ((int (*)(void))fn("_query_new_mode"))());
  unsigned char* r = ((void* (*)(void*, size_t, size_t))fn("_recalloc"))(NULL, 4, 2);
  printf("_recalloc new:");
  for (int i = 0; i < 8; i++) printf(" %d", r[i]);
  memset(r, 7, 8);
  r = ((void* (*)(void*, size_t, size_t))fn("_recalloc"))(r, 4, 4);
  printf(" grown:");
  for (int i = 0; i < 16; i++) printf(" %d", r[i]);
  printf("\n");
  ((void (*)(void*))fn("_free_base"))(r);
  void* mb = ((void* (*)(size_t))fn("_malloc_base"))(16);
  printf("_malloc_base %s\n", mb ? "block" : "null");
  ((void (*)(void*))fn("free"))(mb);
#else
#ifdef _WIN64
  void* (*op_new)(size_t) = fn("??2@YAPEAX_K@Z");
  void (*op_delete)(void*) = fn("??3@YAXPEAX@Z");
  void* (*set_new_handler)(void*) = fn("?_set_new_handler@@YAP6AH_K@ZP6AH0@Z@Z");
#else
  void* (*op_new)(size_t) = fn("??2@YAPAXI@Z");
  void (*op_delete)(void*) = fn("??3@YAXPAX@Z");
  void* (*set_new_handler)(void*) = fn("?_set_new_handler@@YAP6AHI@ZP6AHI@Z@Z");
#endif
  char* n = op_new(32);
  strcpy(n, "operator new");
  printf("%s\n", n);
  op_delete(n);
  printf("_set_new_handler old null %d\n", set_new_handler((void*)new_handler) == NULL);
  printf("_callnewh with handler %d\n", callnewh(77));
#endif

  /* messages */
  *err() = 2;
  printf("_strerror \"%s\"", ((char* (*)(const char*))fn("_strerror"))("prefix"));
  *err() = 9;
  printf(" \"%s\"\n", ((char* (*)(const char*))fn("_strerror"))(NULL));
  *err() = 0;
  char msg[64];
  int (*strerror_s_)(char*, size_t, int) = fn("strerror_s");
  show("strerror_s(17)", strerror_s_(msg, sizeof msg, 17));
  printf("  \"%s\"\n", msg);
  show("strerror_s(99, 8)", strerror_s_(msg, 8, 99));
  printf("  \"%s\"\n", msg);
  show("strerror_s(NULL)", strerror_s_(NULL, 8, 2));
  wchar_t wmsg[64];
  int (*wcserror_s)(wchar_t*, size_t, int) = fn("_wcserror_s");
  show("_wcserror_s(2)", wcserror_s(wmsg, 64, 2));
  wshow("  ", wmsg);
  show("_wcserror_s(13, 6)", wcserror_s(wmsg, 6, 13));
  wshow("  ", wmsg);
  wshow("_wcserror(17)", ((wchar_t* (*)(int))fn("_wcserror"))(17));
  *err() = 2;
  int (*__wcserror_s_)(wchar_t*, size_t, const wchar_t*) = fn("__wcserror_s");
  int rv = __wcserror_s_(wmsg, 64, L"opening");
  wshow("__wcserror_s", wmsg);
  show("  ", rv);
  *err() = 2;
  wshow("__wcserror", ((wchar_t* (*)(const wchar_t*))fn("__wcserror"))(NULL));
  *err() = 0;

  /* _wperror, its standard error caught in a file */
  {
    int (*dup_)(int) = fn("_dup");
    int (*dup2_)(int, int) = fn("_dup2");
    int (*open_)(const char*, int, ...) = fn("_open");
    int (*close_)(int) = fn("_close");
    int (*read_)(int, void*, unsigned) = fn("_read");
    int saved = dup_(2);
    char tmpname[64];
    sprintf(tmpname, "crt_misc_perror%lu.tmp", GetCurrentProcessId());
    int fd = open_(tmpname, 0x8302 | 0x100 | 0x200, 0x180); /* RDWR|BINARY|CREAT|TRUNC */
    dup2_(fd, 2);
    *err() = 2;
    ((void (*)(const wchar_t*))fn("_wperror"))(L"wide message");
    *err() = 13;
    ((void (*)(const wchar_t*))fn("_wperror"))(NULL);
    dup2_(saved, 2);
    close_(saved);
    close_(fd);
    fd = open_(tmpname, 0x8000);
    char text[128] = {0};
    int n = read_(fd, text, sizeof text - 1);
    close_(fd);
    ((int (*)(const char*))fn("remove"))(tmpname);
    printf("_wperror wrote %d:", n);
    for (int i = 0; i < n; i++) putchar(text[i] == '\n' ? '|' : text[i]);
    printf("\n");
    *err() = 0;
  }

  /* environment */
  ((int (*)(const char*))fn("_putenv"))("CRT_MISC_S=value-123");
  size_t need = 99;
  int (*getenv_s_)(size_t*, char*, size_t, const char*) = fn("getenv_s");
  rv = getenv_s_(&need, msg, sizeof msg, "CRT_MISC_S");
  printf("getenv_s %d need %u \"%s\"\n", rv, (unsigned)need, msg);
  rv = getenv_s_(&need, msg, 4, "CRT_MISC_S");
  printf("getenv_s small %d need %u errno %d\n", rv, (unsigned)need, *err());
  *err() = 0;
  rv = getenv_s_(&need, NULL, 0, "CRT_MISC_S");
  printf("getenv_s size only %d need %u\n", rv, (unsigned)need);
  wchar_t wv[32];
  rv = ((int (*)(size_t*, wchar_t*, size_t, const wchar_t*))fn("_wgetenv_s"))(&need, wv, 32, L"CRT_MISC_S");
  printf("_wgetenv_s %d need %u", rv, (unsigned)need);
  wshow("", wv);
  show("getenv_s(NULL need)", getenv_s_(NULL, msg, 4, "CRT_MISC_S"));
#ifdef _UCRT
  char* dup = NULL;
  size_t dn = 0;
  rv = ((int (*)(char**, size_t*, const char*))fn("_dupenv_s"))(&dup, &dn, "CRT_MISC_S");
  printf("_dupenv_s %d %u \"%s\"\n", rv, (unsigned)dn, dup);
  ((void (*)(void*))fn("free"))(dup);
  wchar_t* wdup = NULL;
  rv = ((int (*)(wchar_t**, size_t*, const wchar_t*))fn("_wdupenv_s"))(&wdup, &dn, L"CRT_MISC_S");
  printf("_wdupenv_s %d %u", rv, (unsigned)dn);
  wshow("", wdup);
  ((void (*)(void*))fn("free"))(wdup);
#endif

  /* time */
  TM tm;
  long long t64 = 951782400 + 3723; /* 2000-02-29 01:02:03 UTC */
  int (*gmtime64_s)(TM*, const long long*) = fn("_gmtime64_s");
  show("_gmtime64_s", gmtime64_s(&tm, &t64));
  show_tm("  ", &tm);
  long long neg = -5;
  show("_gmtime64_s(-5)", gmtime64_s(&tm, &neg));
  show_tm("  ", &tm);
  int t32 = 86400 * 366;
  show("_gmtime32_s", ((int (*)(TM*, const int*))fn("_gmtime32_s"))(&tm, &t32));
  show_tm("  ", &tm);
  TM in = {70, 59, 23, 31, 11, 99, 0, 0, 1}; /* 1999-12-31 23:59:70 */
  long long made = ((long long (*)(TM*))fn("_mkgmtime64"))(&in);
  printf("_mkgmtime64 %lld", made);
  show_tm("", &in);
  TM early = {0, 0, 0, 1, 0, 60, 0, 0, 0};
  printf("_mkgmtime32(1960) %d\n", ((int (*)(TM*))fn("_mkgmtime32"))(&early));
  char text[32];
  int (*asctime_s_)(char*, size_t, const TM*) = fn("asctime_s");
  gmtime64_s(&tm, &t64);
  show("asctime_s", asctime_s_(text, sizeof text, &tm));
  printf("  %s", text);
  show("asctime_s small", asctime_s_(text, 10, &tm));
  TM badtm = tm;
  badtm.mday = 30; /* February 30th */
  show("asctime_s 02-30", asctime_s_(text, sizeof text, &badtm));
  wshow("_wasctime", ((wchar_t* (*)(const TM*))fn("_wasctime"))(&tm));
  wchar_t wt[32];
  show("_wasctime_s", ((int (*)(wchar_t*, size_t, const TM*))fn("_wasctime_s"))(wt, 32, &tm));
  wshow("  ", wt);
  int (*ctime64_s)(char*, size_t, const long long*) = fn("_ctime64_s");
  show("_ctime64_s", ctime64_s(text, sizeof text, &t64));
  printf("  length %u ends with newline %d\n", (unsigned)strlen(text), text[24] == '\n');
  show("_ctime64_s(-5)", ctime64_s(text, sizeof text, &neg));
  show("_wctime64_s", ((int (*)(wchar_t*, size_t, const long long*))fn("_wctime64_s"))(wt, 32, &t64));
  printf("  wide length %u\n", (unsigned)wcslen(wt));
  wchar_t* wc = ((wchar_t* (*)(const long long*))fn("_wctime64"))(&t64);
  printf("_wctime64 length %u, before 1970 %s\n", (unsigned)wcslen(wc),
         ((wchar_t* (*)(const long long*))fn("_wctime64"))(&neg) ? "text" : "null");
  *err() = 0;
  char d[16];
  show("_strdate_s", ((int (*)(char*, size_t))fn("_strdate_s"))(d, sizeof d));
  printf("  form %d%d/%d%d/%d%d\n", d[2] == '/', d[5] == '/', (int)strlen(d) == 8, d[0] >= '0', d[3] <= '9', d[7] >= '0');
  show("_strtime_s small", ((int (*)(char*, size_t))fn("_strtime_s"))(d, 8));
  printf("  emptied %d\n", d[0] == 0);
  ((char* (*)(char*))fn("_strtime"))(d);
  printf("_strtime form %d %d %u\n", d[2] == ':', d[5] == ':', (unsigned)strlen(d));
  wchar_t wd[16];
  ((wchar_t* (*)(wchar_t*))fn("_wstrdate"))(wd);
  printf("_wstrdate form %d %u\n", wd[2] == '/', (unsigned)wcslen(wd));
  size_t tzlen = 0;
  int (*get_tzname)(size_t*, char*, size_t, int) = fn("_get_tzname");
  rv = get_tzname(&tzlen, NULL, 0, 0);
  printf("_get_tzname size %d %s\n", rv, tzlen > 1 ? "> 1" : "<= 1");
  show("_get_tzname index 2", get_tzname(&tzlen, d, sizeof d, 2));
  char* days = ((char* (*)(void))fn("_Getdays"))();
  char* months = ((char* (*)(void))fn("_Getmonths"))();
  printf("_Getdays %s\n_Getmonths %s\n", days, months);
  ((void (*)(void*))fn("free"))(days);
  ((void (*)(void*))fn("free"))(months);
#ifdef _UCRT
  wchar_t* wdays = ((wchar_t* (*)(void))fn("_W_Getdays"))();
  wshow("_W_Getdays", wdays);
  wshow("_W_Getmonths", ((wchar_t* (*)(void))fn("_W_Getmonths"))());
#endif
#ifdef _UCRT
  struct { long long sec; long nsec; } ts;
  int (*timespec64_get)(void*, int) = fn("_timespec64_get");
  rv = timespec64_get(&ts, 1);
  printf("_timespec64_get %d recent %d nsec in range %d\n", rv, ts.sec > 1600000000, ts.nsec >= 0 && ts.nsec < 1000000000);
  printf("_timespec64_get(base 2) %d\n", timespec64_get(&ts, 2));
  long zone = 1;
  int daylight = -1;
  show("_get_timezone", ((int (*)(long*))fn("_get_timezone"))(&zone));
  show("_get_daylight", ((int (*)(int*))fn("_get_daylight"))(&daylight));
  printf("  daylight is 0 or 1: %d\n", daylight == 0 || daylight == 1);
  show("_get_timezone(NULL)", ((int (*)(long*))fn("_get_timezone"))(NULL));
#endif
  return 0;
}
