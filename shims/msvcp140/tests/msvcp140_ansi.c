// MSVCP140.dll and the C runtime's locale with bytes 0x80-0xFF: the vectors (_Getctype, _Getcvt,
// _Getcoll) and one character's conversions (_Mbrtowc, _Wcrtomb) and case (_Tolower, _Toupper)
// in the "C" locale and after ucrtbase.dll's setlocale(LC_ALL, ".1252"); and
// std::_Fiopen's narrow file name in the ANSI code page (code page 1252: "caf\xe9"), seen by
// FindFirstFileW. Bytes and UTF-16 code units are printed in hexadecimal.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

static HMODULE dll, crt;
static void* fn(HMODULE m, const char* name) {
  void* f = (void*)GetProcAddress(m, name);
  if (!f) {
    printf("missing %s\n", name);
    fflush(stdout);
    ExitProcess(1);
  }
  return f;
}

typedef struct {
  unsigned page;
  const short* table;
  int delfl;
  wchar_t* name;
} ctypevec;
typedef struct {
  unsigned page;
  int mb_max;
  int unk;
  unsigned char isleadbyte[32];
} cvtvec;
typedef struct {
  unsigned page;
  wchar_t* name;
} collvec;

static ctypevec(__cdecl* getctype)(void);
static cvtvec(__cdecl* getcvt)(void);
static collvec(__cdecl* getcoll)(void);
static int(__cdecl* tolower_)(int, const ctypevec*);
static int(__cdecl* toupper_)(int, const ctypevec*);
static int(__cdecl* mbrtowc_)(wchar_t*, const char*, size_t, void*, const cvtvec*);
static int(__cdecl* wcrtomb_)(char*, wchar_t, void*, const cvtvec*);
static void(__cdecl* free_)(void*);

static void vectors(void) {
  ctypevec ct = getctype();
  cvtvec cv = getcvt();
  collvec co = getcoll();
  printf("  _Getctype: page %u; e9 %03x c9 %03x df %03x 41 %03x\n", ct.page, ct.table[0xe9] & 0xffff,
         ct.table[0xc9] & 0xffff, ct.table[0xdf] & 0xffff, ct.table[0x41] & 0xffff);
  printf("  _Getcvt: page %u, mb_max %d\n", cv.page, cv.mb_max);
  printf("  _Getcoll: page %u\n", co.page);
  printf("  _Tolower c9 %02x, _Toupper e9 %02x ff %02x\n", tolower_(0xc9, &ct) & 0xff, toupper_(0xe9, &ct) & 0xff,
         toupper_(0xff, &ct) & 0xff);
  static const unsigned char probes[] = {0x41, 0x80, 0x9f, 0xe9};
  printf("  _Mbrtowc:");
  for (unsigned i = 0; i < sizeof probes; ++i) {
    char s[2] = {(char)probes[i], 0};
    wchar_t w = 0;
    int64_t state = 0;
    int r = mbrtowc_(&w, s, 1, &state, &cv);
    printf(" %02x->%d,%04x", probes[i], r, (unsigned)w);
  }
  printf("\n  _Wcrtomb:");
  static const wchar_t wides[] = {0x41, 0xe9, 0x20ac, 0x263a};
  for (unsigned i = 0; i < sizeof wides / sizeof *wides; ++i) {
    char b[8] = {0};
    int64_t state = 0;
    int r = wcrtomb_(b, wides[i], &state, &cv);
    printf(" %04x->%d,%02x", (unsigned)wides[i], r, r > 0 ? (unsigned char)b[0] : 0);
  }
  printf("\n");
  if (ct.delfl) free_((void*)ct.table);
}

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  crt = LoadLibraryA("ucrtbase.dll");
  printf("loaded: %d %d\n", dll != NULL, crt != NULL);
  getctype = fn(dll, "_Getctype");
  getcvt = fn(dll, "_Getcvt");
  getcoll = fn(dll, "_Getcoll");
  tolower_ = fn(dll, "_Tolower");
  toupper_ = fn(dll, "_Toupper");
  mbrtowc_ = fn(dll, "_Mbrtowc");
  wcrtomb_ = fn(dll, "_Wcrtomb");
  free_ = fn(crt, "free");
  char*(__cdecl * setlocale_)(int, const char*) = fn(crt, "setlocale");

  printf("\"C\" locale:\n");
  vectors();
  printf("setlocale(LC_ALL, \".1252\"): %s\n", setlocale_(0, ".1252"));
  vectors();
  setlocale_(0, "C");

#ifdef _WIN64
  const char* fiopen_name = "?_Fiopen@std@@YAPEAU_iobuf@@PEBDHH@Z";
#else
  const char* fiopen_name = "?_Fiopen@std@@YAPAU_iobuf@@PBDHH@Z";
#endif
  void*(__cdecl * fiopen)(const char*, int, int) = fn(dll, fiopen_name);
  int(__cdecl * fclose_)(void*) = fn(crt, "fclose");
  char name[64];
  wchar_t wname[64], pattern[64];
  sprintf(name, "msvcp140_ansi%lu_caf\xe9.tmp", GetCurrentProcessId());
  swprintf(wname, 64, L"msvcp140_ansi%lu_caf\x00e9.tmp", GetCurrentProcessId());
  int prefix = swprintf(pattern, 64, L"msvcp140_ansi%lu_", GetCurrentProcessId());
  wcscat(pattern, L"caf*.tmp");
  void* f = fiopen(name, 2 | 0x20, 0x40);  // out | binary, _SH_DENYNO
  printf("_Fiopen of a narrow name: %s\n", f ? "opened" : "failed");
  if (f) fclose_(f);
  WIN32_FIND_DATAW fd;
  HANDLE h = FindFirstFileW(pattern, &fd);
  if (h != INVALID_HANDLE_VALUE) {
    printf("  FindFirstFileW:");
    for (const wchar_t* c = fd.cFileName + prefix; *c; ++c) printf(" %04x", (unsigned)*c);
    printf("\n");
    FindClose(h);
  }
  printf("  DeleteFileW: %d\n", DeleteFileW(wname));
  return 0;
}
