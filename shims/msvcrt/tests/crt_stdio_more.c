/* stdio beyond the basics: _fsopen, _fseeki64 and _ftelli64, _getw and _putw, fputws and _putws,
 * putwchar, _fputchar, _flushall and _fcloseall, and (the Universal CRT) the _nolock forms; taken by
 * GetProcAddress from ucrtbase.dll (with _UCRT) or msvcrt.dll. The file is made in the current
 * directory and removed. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static HMODULE crt;
static void* fn(const char* name) {
  void* f = (void*)GetProcAddress(crt, name);
  if (!f) printf("missing %s\n", name);
  return f;
}

int main(void) {
#ifdef _UCRT
  crt = LoadLibraryA("ucrtbase.dll");
  FILE* (*iob)(unsigned) = fn("__acrt_iob_func");
  FILE* out = iob(1);
#else
  crt = LoadLibraryA("msvcrt.dll");
  FILE* out = (FILE*)((char*)fn("_iob") + sizeof(FILE));
#endif
  int (*fputs_)(const char*, FILE*) = fn("fputs");
  int (*fflush_)(FILE*) = fn("fflush");
  char line[128];
#define SAY(...) (snprintf(line, sizeof line, __VA_ARGS__), fputs_(line, out))
  FILE* (*fsopen)(const char*, const char*, int) = fn("_fsopen");
  int (*fclose_)(FILE*) = fn("fclose");
  int (*fseeki64)(FILE*, long long, int) = fn("_fseeki64");
  long long (*ftelli64)(FILE*) = fn("_ftelli64");
  int (*getw)(FILE*) = fn("_getw");
  int (*putw)(int, FILE*) = fn("_putw");
  int (*fputws_)(const wchar_t*, FILE*) = fn("fputws");
  size_t (*fread_)(void*, size_t, size_t, FILE*) = fn("fread");
  int (*flushall)(void) = fn("_flushall");
  int (*fcloseall)(void) = fn("_fcloseall");
  int (*remove_)(const char*) = fn("remove");

  /* (a text-mode file: the wide characters are written as the "C" locale's bytes) */
  char tmpname[64];
  sprintf(tmpname, "crt_stdio_more%lu.tmp", GetCurrentProcessId());
  FILE* f = fsopen(tmpname, "w+", 0x40 /* _SH_DENYNO */);
  SAY("_fsopen %s\n", f ? "open" : "null");
  int w1 = putw(0x12345678, f);
  int w2 = putw(-2, f);
  SAY("_putw %x %x\n", w1, w2);
  SAY("fputws %d\n", fputws_(L"wide", f));
  SAY("_ftelli64 %lld\n", ftelli64(f));
  int r = fseeki64(f, 0, SEEK_SET);
  SAY("_fseeki64 %d at %lld\n", r, ftelli64(f));
  int a = getw(f);
  int b = getw(f);
  SAY("_getw %x %x\n", a, b);
  char rest[16] = {0};
  size_t n = fread_(rest, 1, sizeof rest - 1, f);
  SAY("rest %u:", (unsigned)n);
  for (size_t i = 0; i < n; i++) SAY(" %02x", (unsigned char)rest[i]);
  SAY("\n");
  SAY("_getw at end %d\n", getw(f));
  r = fseeki64(f, -4, SEEK_END);
  SAY("_fseeki64(-4, SEEK_END) %d at %lld\n", r, ftelli64(f));
  r = fseeki64(f, 2, SEEK_CUR);
  SAY("_fseeki64(2, SEEK_CUR) %d at %lld\n", r, ftelli64(f));
  FILE* g = fsopen(tmpname, "r", 0x40);
  SAY("second open %s\n", g ? "open" : "null");
  int flushed = flushall();
  SAY("_flushall %s\n", flushed >= 0 ? "done" : "failed");
  SAY("_fcloseall %d\n", fcloseall());
  SAY("fclose after _fcloseall %d\n", fclose_(f) == 0 ? 0 : -1);

#ifdef _UCRT
  FILE* h = fsopen(tmpname, "r+b", 0x40);
  int (*getc_nolock)(FILE*) = fn("_getc_nolock");
  int (*fputc_nolock)(int, FILE*) = fn("_fputc_nolock");
  int (*fseek_nolock)(FILE*, long, int) = fn("_fseek_nolock");
  long (*ftell_nolock)(FILE*) = fn("_ftell_nolock");
  long long (*ftelli64_nolock)(FILE*) = fn("_ftelli64_nolock");
  int (*ungetc_nolock)(int, FILE*) = fn("_ungetc_nolock");
  size_t (*fread_nolock)(void*, size_t, size_t, FILE*) = fn("_fread_nolock");
  size_t (*fwrite_nolock)(const void*, size_t, size_t, FILE*) = fn("_fwrite_nolock");
  int (*fflush_nolock)(FILE*) = fn("_fflush_nolock");
  int (*fclose_nolock)(FILE*) = fn("_fclose_nolock");
  int c = getc_nolock(h);
  int u = ungetc_nolock(0x41, h);
  SAY("_getc_nolock %x ungetc %x again %x\n", c, u, getc_nolock(h));
  r = fseek_nolock(h, 8, SEEK_SET);
  SAY("_fseek_nolock %d _ftell_nolock %ld\n", r, ftell_nolock(h));
  unsigned wn = (unsigned)fwrite_nolock("XY", 1, 2, h);
  int pc = fputc_nolock('Z', h);
  SAY("_fwrite_nolock %u _fputc_nolock %x _fflush_nolock %d\n", wn, pc, fflush_nolock(h));
  SAY("_ftelli64_nolock %lld\n", ftelli64_nolock(h));
  fseek_nolock(h, 6, SEEK_SET);
  char buf[8] = {0};
  unsigned rn = (unsigned)fread_nolock(buf, 1, 5, h);
  SAY("_fread_nolock %u %02x %02x %s\n", rn, (unsigned char)buf[0], (unsigned char)buf[1], buf + 2);
  SAY("_fclose_nolock %d\n", fclose_nolock(h));
#endif
  SAY("remove %d\n", remove_(tmpname));
  fflush_(out);
  void (*putws)(const wchar_t*) = fn("_putws");
  int (*putwchar_)(wchar_t) = fn("putwchar");
  int (*fputchar)(int) = fn("_fputchar");
  putws(L"from _putws");
  putwchar_(L'w');
  fputchar('\n');
  return 0;
}
