// MSVCP140.dll's character functions beneath the ctype and codecvt facets, called by name in the
// "C" locale: the locale's vectors (_Getctype with its classification table, _Getcvt, _Getcoll),
// case mapping, one character between multibyte and wide (_Mbrtowc, _Wcrtomb, with the C
// runtime's errno) and wide character types.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "msvcp_names.h"

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

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  int* (__cdecl * ucrt_errno)(void) = (int* (__cdecl*)(void))GetProcAddress(LoadLibraryA("ucrtbase.dll"), "_errno");
  ctypevec(__cdecl * getctype)(void) = fn("_Getctype");
  cvtvec(__cdecl * getcvt)(void) = fn("_Getcvt");
  collvec(__cdecl * getcoll)(void) = fn("_Getcoll");
  int(__cdecl * tolower_)(int, const ctypevec*) = fn("_Tolower");
  int(__cdecl * toupper_)(int, const ctypevec*) = fn("_Toupper");
  wchar_t(__cdecl * towlower_)(wchar_t, const ctypevec*) = fn("_Towlower");
  wchar_t(__cdecl * towupper_)(wchar_t, const ctypevec*) = fn("_Towupper");
  int(__cdecl * mbrtowc_)(wchar_t*, const char*, size_t, void*, const cvtvec*) = fn("_Mbrtowc");
  int(__cdecl * wcrtomb_)(char*, wchar_t, void*, const cvtvec*) = fn("_Wcrtomb");
  short(__cdecl * getwctype)(wchar_t, const ctypevec*) = fn("_Getwctype");
  const wchar_t*(__cdecl * getwctypes)(const wchar_t*, const wchar_t*, short*, const ctypevec*) = fn("_Getwctypes");
  fn("_Getdateorder");

  ctypevec ct = getctype();
  printf("_Getctype: page %u, table %d, delfl %d, name %s\n", ct.page, ct.table != NULL, ct.delfl,
         ct.name ? "given" : "null");
  printf("  table:");
  for (int c = 0; c < 256; ++c) {
    if (c % 32 == 0) printf("\n   ");
    printf(" %x", (unsigned short)ct.table[c]);
  }
  printf("\n");
  cvtvec cv = getcvt();
  int leads = 0;
  for (int i = 0; i < 32; ++i) leads |= cv.isleadbyte[i];
  printf("_Getcvt: page %u, mb_max %d, lead bytes %d\n", cv.page, cv.mb_max, leads);
  collvec co = getcoll();
  printf("_Getcoll: page %u, name %s\n", co.page, co.name ? "given" : "null");

  const int chars[] = {'a', 'Z', '5', '@', 0xe9, 0xc9, 0x4142};
  for (int i = 0; i < 7; ++i)
    printf("_Tolower(%#x) %#x, _Toupper %#x; with no vector %#x %#x\n", chars[i], tolower_(chars[i], &ct),
           toupper_(chars[i], &ct), tolower_(chars[i], NULL), toupper_(chars[i], NULL));
  const wchar_t wchars[] = {L'a', L'Q', L'7', L'_'};
  for (int i = 0; i < 4; ++i)
    printf("_Towlower(%#x) %#x, _Towupper %#x\n", wchars[i], towlower_(wchars[i], &ct), towupper_(wchars[i], &ct));

  unsigned char state[8];
  wchar_t w = 0xffff;
  memset(state, 0x55, sizeof state);
  int r = mbrtowc_(&w, "A", 1, state, &cv);
  printf("_Mbrtowc(\"A\"): %d, %#x, state cleared %d\n", r, w, state[0] == 0 && state[4] == 0);
  w = 0xffff;
  r = mbrtowc_(&w, "\xe9", 1, state, &cv);
  printf("_Mbrtowc(\"\\xe9\"): %d, %#x\n", r, w);
  w = 0xffff;
  r = mbrtowc_(&w, "", 1, state, &cv);
  printf("_Mbrtowc(\"\"): %d, %#x\n", r, w);
  r = mbrtowc_(&w, "B", 0, state, &cv);
  printf("_Mbrtowc of no bytes: %d\n", r);
  char out[8] = {0};
  *ucrt_errno() = 0;
  r = wcrtomb_(out, L'z', state, &cv);
  printf("_Wcrtomb(z): %d \"%s\" errno %d\n", r, out, *ucrt_errno());
  r = wcrtomb_(out, 0xe9, state, &cv);
  printf("_Wcrtomb(0xe9): %d %#x errno %d\n", r, (unsigned char)out[0], *ucrt_errno());
  r = wcrtomb_(out, 0x263a, state, &cv);
  printf("_Wcrtomb(0x263a): %d errno %d\n", r, *ucrt_errno());

  const wchar_t text[] = L"aZ 9.\t\x00e9";
  short masks[8] = {0};
  const wchar_t* end = getwctypes(text, text + 7, masks, &ct);
  printf("_Getwctypes: returns the end %d, masks", end == text + 7);
  for (int i = 0; i < 7; ++i) printf(" %#x", (unsigned short)masks[i]);
  printf("\n_Getwctype('x') %#x, _Getwctype('3') %#x\n", (unsigned short)getwctype(L'x', &ct),
         (unsigned short)getwctype(L'3', &ct));
  fflush(stdout);
  return 0;
}
