// Numbers and money as the user's locale writes them (GetNumberFormat and GetCurrencyFormat, ANSI,
// wide and by locale name): rounding, grouping, negative values, values that are no numbers, a
// NUMBERFMT and CURRENCYFMT of the program's own (each negative and positive order), sizes and
// short buffers; ResolveLocaleName; LCMapStringA and GetStringTypeA on ANSI text; LCMapStringW
// and LCMapStringEx, MultiByteToWideChar and WideCharToMultiByte refusing a missing source, a
// length of 0 and a negative size (wine 8.0 as Windows: error 87).
#include <stdio.h>
#include <windows.h>

int main(void) {
  WCHAR b[64];
  char a[64];
  int n;
  const WCHAR* vals[] = {L"1234567.891", L"-1234.5", L"0.5", L"12", L"-0", L"abc", L"1e5", L"  12", L".5",
                         L"00012.3400", L"0.005", L"-0.004", L"999.999", L"", L"-"};
  for (int i = 0; i < (int)(sizeof vals / sizeof vals[0]); ++i) {
    n = GetNumberFormatEx(L"en-US", 0, vals[i], NULL, b, 64);
    printf("number [%ls] -> %d [%ls] %lu\n", vals[i], n, n ? b : L"", n ? 0 : GetLastError());
    n = GetCurrencyFormatEx(LOCALE_NAME_USER_DEFAULT, 0, vals[i], NULL, b, 64);
    printf("currency [%ls] -> %d [%ls] %lu\n", vals[i], n, n ? b : L"", n ? 0 : GetLastError());
  }
  n = GetNumberFormatA(LOCALE_USER_DEFAULT, 0, "-98765.4321", NULL, a, 64);
  printf("GetNumberFormatA -> %d [%s]\n", n, a);
  n = GetCurrencyFormatA(LOCALE_USER_DEFAULT, 0, "98765.4321", NULL, a, 64);
  printf("GetCurrencyFormatA -> %d [%s]\n", n, a);
  n = GetNumberFormatW(LOCALE_USER_DEFAULT, 0, L"42.5", NULL, NULL, 0);
  printf("size of 42.5: %d\n", n);
  SetLastError(0);
  n = GetNumberFormatW(LOCALE_USER_DEFAULT, 0, L"42.5", NULL, b, 3);
  printf("short buffer: %d error %lu\n", n, GetLastError());

  for (UINT order = 0; order <= 4; ++order) {
    NUMBERFMTW nf = {3, 1, order == 2 ? 32 : 4, L",", L" ", order};
    n = GetNumberFormatEx(L"en-US", 0, L"-1234567.5", &nf, b, 64);
    printf("NUMBERFMT order %u -> %d [%ls]\n", order, n, b);
  }
  NUMBERFMTW nz = {0, 0, 0, L".", L",", 1};
  n = GetNumberFormatEx(L"en-US", 0, L"0.7", &nz, b, 64);
  printf("NUMBERFMT no digits, no leading zero: %d [%ls]\n", n, b);
  n = GetNumberFormatEx(L"en-US", 0, L"0.25", &(NUMBERFMTW){2, 0, 3, L".", L",", 1}, b, 64);
  printf("NUMBERFMT no leading zero: %d [%ls]\n", n, b);
  SetLastError(0);
  n = GetNumberFormatEx(L"en-US", LOCALE_NOUSEROVERRIDE, L"1", &nz, b, 64);
  printf("flags with a format: %d error %lu\n", n, GetLastError());
  for (UINT order = 0; order <= 15; ++order) {
    CURRENCYFMTW cf = {2, 1, 3, L".", L",", order, order % 4, L"EUR"};
    n = GetCurrencyFormatEx(L"en-US", 0, L"-1234.5", &cf, b, 64);
    printf("CURRENCYFMT negative %u -> %d [%ls]", order, n, b);
    n = GetCurrencyFormatEx(L"en-US", 0, L"1234.5", &cf, b, 64);
    printf(", positive %u [%ls]\n", order % 4, b);
  }

  const WCHAR* names[] = {L"en", L"de", L"fr-CA", L"zz", L"en-US", L"", L"sr-Latn", L"ja", L"pt"};
  for (int i = 0; i < (int)(sizeof names / sizeof names[0]); ++i) {
    n = ResolveLocaleName(names[i], b, 64);
    printf("ResolveLocaleName [%ls] -> %d [%ls]\n", names[i], n, n ? b : L"");
  }
  n = LCMapStringA(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, "Hello, wOrld", -1, a, 64);
  printf("LCMapStringA upper -> %d [%s]\n", n, a);
  n = LCMapStringA(LOCALE_USER_DEFAULT, LCMAP_LOWERCASE, "MiXeD", 5, a, 64);
  a[n > 0 ? n : 0] = 0;
  printf("LCMapStringA lower, counted -> %d [%s]\n", n, a);
  n = LCMapStringA(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, "size", -1, NULL, 0);
  printf("LCMapStringA size -> %d\n", n);
  WORD t[8];
  BOOL ok = GetStringTypeA(LOCALE_USER_DEFAULT, CT_CTYPE1, "aZ1 !\t", 6, t);
  printf("GetStringTypeA CT_CTYPE1 -> %d %x %x %x %x %x %x\n", ok, t[0], t[1], t[2], t[3], t[4], t[5]);
  ok = GetStringTypeA(LOCALE_USER_DEFAULT, CT_CTYPE3, "aZ1 !", 5, t);
  printf("GetStringTypeA CT_CTYPE3 -> %d %x %x %x %x %x\n", ok, t[0], t[1], t[2], t[3], t[4]);
  // Every form checks its arguments: no source, a length of 0.
  WCHAR wbuf[16];
  SetLastError(0);
  n = LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, NULL, 5, wbuf, 16);
  printf("LCMapStringW no source -> %d, error %lu\n", n, GetLastError());
  SetLastError(0);
  n = LCMapStringEx(LOCALE_NAME_USER_DEFAULT, LCMAP_UPPERCASE, NULL, 5, wbuf, 16, NULL, NULL, 0);
  printf("LCMapStringEx no source -> %d, error %lu\n", n, GetLastError());
  SetLastError(0);
  n = LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, L"abc", 0, wbuf, 16);
  printf("LCMapStringW length 0 -> %d, error %lu\n", n, GetLastError());
  // The conversions check theirs too: no source, a length of 0, a negative destination length.
  char nbuf[16];
  SetLastError(0);
  n = MultiByteToWideChar(CP_UTF8, 0, NULL, 3, wbuf, 16);
  printf("MultiByteToWideChar no source -> %d, error %lu\n", n, GetLastError());
  SetLastError(0);
  n = MultiByteToWideChar(CP_UTF8, 0, "abc", 0, wbuf, 16);
  printf("MultiByteToWideChar length 0 -> %d, error %lu\n", n, GetLastError());
  SetLastError(0);
  n = WideCharToMultiByte(CP_UTF8, 0, NULL, 3, nbuf, 16, NULL, NULL);
  printf("WideCharToMultiByte no source -> %d, error %lu\n", n, GetLastError());
  SetLastError(0);
  n = WideCharToMultiByte(CP_UTF8, 0, L"abc", 3, nbuf, -1, NULL, NULL);
  printf("WideCharToMultiByte negative size -> %d, error %lu\n", n, GetLastError());
  return 0;
}
