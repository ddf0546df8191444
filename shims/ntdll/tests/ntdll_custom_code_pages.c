/* NTDLL's code pages from the caller's tables: RtlInitCodePageTable over a single-byte and a
 * double-byte table made here in the .nls layout, RtlInitNlsTables, and text through them both
 * ways (RtlCustomCPToUnicodeN, RtlUnicodeToCustomCPN, RtlUpcaseUnicodeToCustomCPN), with short
 * outputs and a lead byte at the end. Expected output: wine 8.0's (x64); the i686 build is held to
 * the same file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

typedef LONG NTSTATUS;
typedef struct {
  USHORT CodePage, MaximumCharacterSize, DefaultChar, UniDefaultChar, TransDefaultChar, TransUniDefaultChar,
      DBCSCodePage;
  UCHAR LeadByte[12];
  USHORT* MultiByteTable;
  void* WideCharTable;
  USHORT* DBCSRanges;
  USHORT* DBCSOffsets;
} CPTABLEINFO_;
typedef struct {
  CPTABLEINFO_ OemTableInfo, AnsiTableInfo;
  USHORT *UpperCaseTable, *LowerCaseTable;
} NLSTABLEINFO_;

static HMODULE ntdll;
#define FN(name) GetProcAddress(ntdll, name)
static void(NTAPI* init_table)(USHORT*, CPTABLEINFO_*);
static NTSTATUS(NTAPI* to_unicode)(CPTABLEINFO_*, WCHAR*, DWORD, DWORD*, const char*, DWORD);
static NTSTATUS(NTAPI* from_unicode)(CPTABLEINFO_*, char*, DWORD, DWORD*, const WCHAR*, DWORD);
static NTSTATUS(NTAPI* upcase_from_unicode)(CPTABLEINFO_*, char*, DWORD, DWORD*, const WCHAR*, DWORD);

/* A single-byte page: bytes below 0x80 as themselves, 0x80-0xff as U+0400 + (b - 0x80); '?' for
 * the rest. */
static USHORT* sbcs_table(void) {
  USHORT* t = calloc(13 + 1 + 256 + 1 + 1 + 65536 / 2, sizeof(USHORT));
  t[0] = 13;
  t[1] = 9001;
  t[2] = 1;
  t[3] = '?';
  t[4] = '?';
  t[5] = '?';
  t[6] = '?';
  USHORT* w = t + 13;
  w[0] = 256 + 1 + 1;
  for (int b = 0; b < 256; ++b) w[1 + b] = b < 0x80 ? b : 0x400 + (b - 0x80);
  w[257] = 0; /* no glyphs */
  w[258] = 0; /* no DBCS ranges */
  unsigned char* wide = (unsigned char*)(w + 259);
  for (int c = 0; c < 65536; ++c) wide[c] = '?';
  for (int b = 0; b < 256; ++b) wide[b < 0x80 ? b : 0x400 + (b - 0x80)] = (unsigned char)b;
  return t;
}

/* A double-byte page: lead byte 0x81 followed by a trail byte is U+4E00 + trail; single bytes below
 * 0x80 as themselves. */
static USHORT* dbcs_table(void) {
  USHORT* t = calloc(13 + 1 + 256 + 1 + 1 + 256 + 256 + 65536, sizeof(USHORT));
  t[0] = 13;
  t[1] = 9002;
  t[2] = 2;
  t[3] = '?';
  t[4] = '?';
  t[5] = '?';
  t[6] = '?';
  ((unsigned char*)(t + 7))[0] = 0x81;
  ((unsigned char*)(t + 7))[1] = 0x81;
  USHORT* w = t + 13;
  w[0] = 256 + 1 + 1 + 256 + 256;
  for (int b = 0; b < 256; ++b) w[1 + b] = b < 0x80 ? b : 0;
  w[257] = 0;   /* no glyphs */
  w[258] = 1;   /* DBCS ranges */
  USHORT* offsets = w + 259;
  offsets[0x81] = 256; /* the trail table right after the 256 offsets */
  for (int b = 0; b < 256; ++b) offsets[256 + b] = 0x4e00 + b;
  USHORT* wide = w + 259 + 512;
  for (int c = 0; c < 65536; ++c) wide[c] = '?';
  for (int b = 0; b < 0x80; ++b) wide[b] = b;
  for (int b = 0; b < 256; ++b) wide[0x4e00 + b] = (USHORT)(0x8100 | b);
  return t;
}

static void show_bytes(const char* s, DWORD n) {
  for (DWORD i = 0; i < n; ++i) printf(" %02x", (unsigned char)s[i]);
}
static void show_chars(const WCHAR* s, DWORD bytes) {
  for (DWORD i = 0; i < bytes / 2; ++i) printf(" %04x", s[i]);
}

static void both_ways(const char* what, CPTABLEINFO_* info, const char* bytes, DWORD n, const WCHAR* text,
                      DWORD text_bytes) {
  WCHAR w[32];
  char b[32];
  DWORD got = 99;
  NTSTATUS st = to_unicode(info, w, sizeof w, &got, bytes, n);
  printf("%s to unicode: %08lx %lu:", what, st, got);
  show_chars(w, got);
  got = 99;
  st = to_unicode(info, w, 4, &got, bytes, n);
  printf("\n%s to unicode, room for 2: %08lx %lu:", what, st, got);
  show_chars(w, got);
  got = 99;
  st = from_unicode(info, b, sizeof b, &got, text, text_bytes);
  printf("\n%s from unicode: %08lx %lu:", what, st, got);
  show_bytes(b, got);
  got = 99;
  st = from_unicode(info, b, 3, &got, text, text_bytes);
  printf("\n%s from unicode, room for 3: %08lx %lu:", what, st, got);
  show_bytes(b, got);
  got = 99;
  st = upcase_from_unicode(info, b, sizeof b, &got, text, text_bytes);
  printf("\n%s upper case from unicode: %08lx %lu:", what, st, got);
  show_bytes(b, got);
  printf("\n");
}

int main(void) {
  ntdll = GetModuleHandleA("ntdll.dll");
  init_table = (void*)FN("RtlInitCodePageTable");
  to_unicode = (void*)FN("RtlCustomCPToUnicodeN");
  from_unicode = (void*)FN("RtlUnicodeToCustomCPN");
  upcase_from_unicode = (void*)FN("RtlUpcaseUnicodeToCustomCPN");
  void(NTAPI * init_nls)(USHORT*, USHORT*, USHORT*, NLSTABLEINFO_*) = (void*)FN("RtlInitNlsTables");
  printf("functions: %d %d %d %d %d\n", !!init_table, !!to_unicode, !!from_unicode, !!upcase_from_unicode,
         !!init_nls);
  if (!init_table || !to_unicode || !from_unicode || !upcase_from_unicode || !init_nls) return 1;

  USHORT* sbcs = sbcs_table();
  CPTABLEINFO_ s;
  memset(&s, 0xcc, sizeof s);
  init_table(sbcs, &s);
  printf("single-byte: page %u size %u default %04x %04x dbcs %u lead %02x multibyte +%d wide +%d ranges +%d offsets null %d\n",
         s.CodePage, s.MaximumCharacterSize, s.DefaultChar, s.UniDefaultChar, s.DBCSCodePage, s.LeadByte[0],
         (int)(s.MultiByteTable - sbcs), (int)((USHORT*)s.WideCharTable - sbcs), (int)(s.DBCSRanges - sbcs),
         s.DBCSOffsets == NULL);
  static const WCHAR stext[] = {'a', 'B', 0x410, 0x430, 0x4ff, 0x20ac, 'z'};
  both_ways("single-byte", &s, "aB\x90\xb0\xff", 5, stext, sizeof stext);

  USHORT* dbcs = dbcs_table();
  CPTABLEINFO_ d;
  memset(&d, 0xcc, sizeof d);
  init_table(dbcs, &d);
  printf("double-byte: page %u size %u dbcs %u lead %02x-%02x multibyte +%d wide +%d ranges +%d offsets +%d\n",
         d.CodePage, d.MaximumCharacterSize, d.DBCSCodePage, d.LeadByte[0], d.LeadByte[1],
         (int)(d.MultiByteTable - dbcs), (int)((USHORT*)d.WideCharTable - dbcs), (int)(d.DBCSRanges - dbcs),
         (int)(d.DBCSOffsets - dbcs));
  static const WCHAR dtext[] = {'x', 0x4e01, 'y', 0x4e41, 0x3042};
  both_ways("double-byte", &d, "x\x81\x01y\x81\x41\x81", 7, dtext, sizeof dtext);

  static USHORT cases[8] = {0, 3, 1, 2, 3, 4, 5, 6};
  NLSTABLEINFO_ nls;
  memset(&nls, 0, sizeof nls);
  init_nls(sbcs, dbcs, cases, &nls);
  printf("nls tables: ansi page %u oem page %u upper +%d lower +%d\n", nls.AnsiTableInfo.CodePage,
         nls.OemTableInfo.CodePage, (int)(nls.UpperCaseTable - cases), (int)(nls.LowerCaseTable - cases));
  free(sbcs);
  free(dbcs);
  return 0;
}
