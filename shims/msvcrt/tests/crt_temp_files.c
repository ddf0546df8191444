/* Temporary files and names: tmpfile and tmpfile_s (written, read back, gone when closed),
 * tmpnam and tmpnam_s ("\s" + the process id in base 32 + "." + a counter), _mktemp and _mktemp_s
 * (a letter and the process id's last five digits), and _access_s; taken by GetProcAddress from
 * ucrtbase.dll (with _UCRT) or msvcrt.dll. Names are printed by their form, not their digits. */
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
static const char* base32(unsigned n, char* out) {
  char tmp[16];
  int k = 0;
  for (; n; n >>= 5) tmp[k++] = "0123456789abcdefghijklmnopqrstuv"[n & 31];
  for (int i = 0; i < k; i++) out[i] = tmp[k - 1 - i];
  out[k] = 0;
  return out;
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
  FILE* (*tmpfile_)(void) = fn("tmpfile");
  size_t (*fwrite_)(const void*, size_t, size_t, FILE*) = fn("fwrite");
  size_t (*fread_)(void*, size_t, size_t, FILE*) = fn("fread");
  int (*fseek_)(FILE*, long, int) = fn("fseek");
  int (*fclose_)(FILE*) = fn("fclose");
  FILE* t = tmpfile_();
  printf("tmpfile %s\n", t ? "open" : "null");
  printf("write %u", (unsigned)fwrite_("abc\ndef", 1, 7, t));
  fseek_(t, 0, SEEK_SET);
  char back[16] = {0};
  printf(" read %u:", (unsigned)fread_(back, 1, 15, t));
  for (int i = 0; back[i]; i++) printf(" %02x", (unsigned char)back[i]);
  printf("\nclose %d\n", fclose_(t));
  FILE* t2 = NULL;
  show("tmpfile_s", ((int (*)(FILE**))fn("tmpfile_s"))(&t2));
  printf("  stream %s, close %d\n", t2 ? "open" : "null", t2 ? fclose_(t2) : -9);
  show("tmpfile_s(NULL)", ((int (*)(FILE**))fn("tmpfile_s"))(NULL));

  char pid32[16], expect[32];
  base32(GetCurrentProcessId(), pid32);
  snprintf(expect, sizeof expect, "\\s%s.", pid32);
  char* (*tmpnam_)(char*) = fn("tmpnam");
  char name[MAX_PATH], name2[MAX_PATH];
  tmpnam_(name);
  tmpnam_(name2);
  printf("tmpnam form %d, tail \"%s\", next tail \"%s\"\n", strncmp(name, expect, strlen(expect)) == 0,
         name + strlen(expect), name2 + strlen(expect));
  char* own = tmpnam_(NULL);
  printf("tmpnam(NULL) form %d\n", own && strncmp(own, expect, strlen(expect)) == 0);
  int (*tmpnam_s_)(char*, size_t) = fn("tmpnam_s");
  show("tmpnam_s", tmpnam_s_(name, sizeof name));
  printf("  form %d tail \"%s\"\n", strncmp(name, expect, strlen(expect)) == 0, name + strlen(expect));
  show("tmpnam_s small", tmpnam_s_(name, 4));
  printf("  emptied %d\n", name[0] == 0);
  wchar_t wname[MAX_PATH];
  ((wchar_t* (*)(wchar_t*))fn("_wtmpnam"))(wname);
  printf("_wtmpnam starts \\s %d\n", wname[0] == '\\' && wname[1] == 's');

  char pat[32];
  strcpy(pat, "tmpXXXXXX");
  char* m = ((char* (*)(char*))fn("_mktemp"))(pat);
  unsigned pid = GetCurrentProcessId();
  char digits[8];
  snprintf(digits, sizeof digits, "%05u", pid % 100000);
  printf("_mktemp %s letter %c digits are the pid's %d\n", m ? "made" : "null", pat[3], strcmp(pat + 4, digits) == 0);
  strcpy(pat, "tmpXXXX");
  printf("_mktemp four X's %s\n", ((char* (*)(char*))fn("_mktemp"))(pat) ? "made" : "null");
  strcpy(pat, "fileXXXXXX");
  int (*mktemp_s_)(char*, size_t) = fn("_mktemp_s");
  show("_mktemp_s", mktemp_s_(pat, sizeof pat));
  printf("  letter %c digits are the pid's %d\n", pat[4], strcmp(pat + 5, digits) == 0);
  strcpy(pat, "fileXXXXX");
  show("_mktemp_s five X's", mktemp_s_(pat, sizeof pat));
  wchar_t wpat[32];
  wcscpy(wpat, L"wXXXXXX");
  show("_wmktemp_s", ((int (*)(wchar_t*, size_t))fn("_wmktemp_s"))(wpat, 32));
  printf("  letter %c\n", (char)wpat[1]);

  int (*access_s)(const char*, int) = fn("_access_s");
  show("_access_s(.)", access_s(".", 0));
  show("_access_s(missing)", access_s("no-such-file.crt", 0));
  show("_access_s(bad mode)", access_s(".", 1));
  show("_waccess_s(.)", ((int (*)(const wchar_t*, int))fn("_waccess_s"))(L".", 4));
  return 0;
}
