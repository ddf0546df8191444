/* NTDLL's normalization and internationalized domain names: RtlNormalizeString (forms C, D, KC,
 * KD), RtlIsNormalizedString, RtlIdnToAscii, RtlIdnToUnicode, RtlIdnToNameprepUnicode, and
 * KERNEL32's NormalizeString, IsNormalizedString, IdnToAscii, IdnToUnicode, IdnToNameprepUnicode
 * over them. Strings are printed as their UTF-16 code units in hexadecimal. Expected output: wine
 * 8.0's (x64); the i686 build is held to the same file. */
#include <stdio.h>
#include <windows.h>

typedef LONG(NTAPI* Normalize_fn)(ULONG, const WCHAR*, INT, WCHAR*, INT*);
typedef LONG(NTAPI* IsNormalized_fn)(ULONG, const WCHAR*, INT, BOOLEAN*);
typedef LONG(NTAPI* Idn_fn)(DWORD, const WCHAR*, INT, WCHAR*, INT*);

typedef int(WINAPI* K32Normalize_fn)(int, const WCHAR*, int, WCHAR*, int);
typedef BOOL(WINAPI* K32IsNormalized_fn)(int, const WCHAR*, int);
typedef int(WINAPI* K32Idn_fn)(DWORD, const WCHAR*, int, WCHAR*, int);

static void show(const WCHAR* s, int n) {
  for (int i = 0; i < n; ++i) printf(" %04x", s[i]);
  printf("\n");
}

int main(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  Normalize_fn normalize = (Normalize_fn)GetProcAddress(ntdll, "RtlNormalizeString");
  IsNormalized_fn is_normalized = (IsNormalized_fn)GetProcAddress(ntdll, "RtlIsNormalizedString");
  Idn_fn to_ascii = (Idn_fn)GetProcAddress(ntdll, "RtlIdnToAscii");
  Idn_fn to_unicode = (Idn_fn)GetProcAddress(ntdll, "RtlIdnToUnicode");
  Idn_fn nameprep = (Idn_fn)GetProcAddress(ntdll, "RtlIdnToNameprepUnicode");
  printf("found: %d %d %d %d %d\n", normalize != NULL, is_normalized != NULL, to_ascii != NULL,
         to_unicode != NULL, nameprep != NULL);

  static const WCHAR composed[] = {0x00e9, 'a', 0xfb01, 0x212b, 0};   /* é a ﬁ Å(angstrom) */
  static const WCHAR decomposed[] = {'e', 0x0301, 'a', 0};
  static const int forms[] = {1, 2, 5, 6};
  static const char* names[] = {"C", "D", "KC", "KD"};
  for (int f = 0; f < 4; ++f) {
    WCHAR out[32];
    INT n = 32;
    LONG s = normalize(forms[f], composed, 4, out, &n);
    printf("form %s: 0x%lx, %d:", names[f], (unsigned long)s, n);
    show(out, s == 0 ? n : 0);
  }
  WCHAR out[32];
  INT n = 32;
  LONG s = normalize(1, decomposed, -1, out, &n);
  printf("C of e and an acute, NUL-terminated: 0x%lx, %d:", (unsigned long)s, n);
  show(out, s == 0 ? n : 0);
  n = 1;
  s = normalize(1, decomposed, 3, out, &n);
  printf("into 1 character: 0x%lx\n", (unsigned long)s);
  s = normalize(3, decomposed, 3, out, &n);
  printf("form 3: 0x%lx\n", (unsigned long)s);

  BOOLEAN res = 2;
  s = is_normalized(1, composed, 2, &res);
  printf("é a in C: 0x%lx, %d\n", (unsigned long)s, res);
  res = 2;
  s = is_normalized(1, decomposed, 3, &res);
  printf("e acute a in C: 0x%lx, %d\n", (unsigned long)s, res);
  res = 2;
  s = is_normalized(2, decomposed, 3, &res);
  printf("e acute a in D: 0x%lx, %d\n", (unsigned long)s, res);

  static const WCHAR host[] = L"B\x00fc" L"cher.example";
  WCHAR idn[64];
  INT len = 64;
  s = to_ascii(0, host, -1, idn, &len);
  printf("RtlIdnToAscii: 0x%lx, %d, %ls\n", (unsigned long)s, len, s == 0 ? idn : L"");
  len = 64;
  s = to_ascii(0, L"Example.COM", -1, idn, &len);
  printf("an ASCII name: 0x%lx, %d, %ls\n", (unsigned long)s, len, s == 0 ? idn : L"");
  WCHAR back[64];
  len = 64;
  s = to_unicode(0, L"xn--bcher-kva.example", -1, back, &len);
  printf("RtlIdnToUnicode: 0x%lx, %d:", (unsigned long)s, len);
  show(back, s == 0 ? len : 0);
  len = 64;
  s = nameprep(0, host, -1, back, &len);
  printf("RtlIdnToNameprepUnicode: 0x%lx, %d:", (unsigned long)s, len);
  show(back, s == 0 ? len : 0);
  len = 64;
  static const WCHAR german[] = L"Stra\x00df" L"e.de";
  s = to_ascii(0, german, -1, idn, &len);
  printf("Stra\\xdfe.de: 0x%lx, %d, %ls\n", (unsigned long)s, len, s == 0 ? idn : L"");

  HMODULE k32 = GetModuleHandleA("kernel32.dll");
  K32Normalize_fn NormalizeString_ = (K32Normalize_fn)GetProcAddress(k32, "NormalizeString");
  K32IsNormalized_fn IsNormalizedString_ = (K32IsNormalized_fn)GetProcAddress(k32, "IsNormalizedString");
  K32Idn_fn IdnToAscii_ = (K32Idn_fn)GetProcAddress(k32, "IdnToAscii");
  K32Idn_fn IdnToUnicode_ = (K32Idn_fn)GetProcAddress(k32, "IdnToUnicode");
  K32Idn_fn IdnToNameprepUnicode_ = (K32Idn_fn)GetProcAddress(k32, "IdnToNameprepUnicode");
  printf("KERNEL32: NormalizeString %d, IsNormalizedString %d, IdnToAscii %d, IdnToUnicode %d, "
         "IdnToNameprepUnicode %d\n",
         NormalizeString_(1, decomposed, 3, out, 32), IsNormalizedString_(1, composed, 2),
         IdnToAscii_(0, host, -1, idn, 64), IdnToUnicode_(0, L"xn--bcher-kva.example", -1, back, 64),
         IdnToNameprepUnicode_(0, host, -1, back, 64));
  printf("IdnToAscii's result: %ls\n", idn);
  return 0;
}
