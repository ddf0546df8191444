// AddFontResource(Ex)W/A and RemoveFontResource(Ex)W/A of a TrueType file (DejaVu Sans Mono Bold, from
// Debian 12's fonts-dejavu-core, which setup.sh installs), added twice and removed until none is
// left; a missing file and a file that is no font; AddFontMemResourceEx/RemoveFontMemResourceEx of
// the same file's bytes and of bytes that are no font. Expected output: wine 8.0's (x64).
// Links: -lgdi32
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#define FONT_W L"Z:\\usr\\share\\fonts\\truetype\\dejavu\\DejaVuSansMono-Bold.ttf"
#define FONT_A "Z:\\usr\\share\\fonts\\truetype\\dejavu\\DejaVuSansMono-Bold.ttf"

int main(int argc, char** argv) {
  (void)argc;
  // A copy of the file, added and removed as a font the system does not have installed.
  const BOOL copied = CopyFileW(FONT_W, L"font_copy.ttf", FALSE);
  const int copy_added = AddFontResourceExW(L"font_copy.ttf", FR_PRIVATE, NULL);
  const BOOL copy_removed = RemoveFontResourceExW(L"font_copy.ttf", FR_PRIVATE, NULL),
             copy_again = RemoveFontResourceExW(L"font_copy.ttf", FR_PRIVATE, NULL);
  DeleteFileW(L"font_copy.ttf");
  printf("a copy: copied %d, added %d, removed %d, then %d\n", copied, copy_added, copy_removed, copy_again);
  const int added = AddFontResourceExW(FONT_W, FR_PRIVATE, NULL), again = AddFontResourceW(FONT_W),
            ansi = AddFontResourceExA(FONT_A, FR_PRIVATE | FR_NOT_ENUM, NULL);
  printf("added: %d, again %d, by its ANSI name %d\n", added, again, ansi);
  const BOOL r1 = RemoveFontResourceExW(FONT_W, FR_PRIVATE, NULL), r2 = RemoveFontResourceW(FONT_W),
             r3 = RemoveFontResourceExA(FONT_A, FR_PRIVATE | FR_NOT_ENUM, NULL);
  printf("removed: %d %d %d\n", r1, r2, r3);
  SetLastError(0xdead);
  const int missing = AddFontResourceW(L"Z:\\no\\such\\font.ttf");
  printf("a missing file: %d\n", missing);
  const int not_font = AddFontResourceA(argv[0]);
  printf("a file that is no font: %d\n", not_font);

  FILE* f = fopen(FONT_A, "rb");
  fseek(f, 0, SEEK_END);
  const long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* bytes = malloc(size);
  fread(bytes, 1, size, f);
  fclose(f);
  DWORD count = 0;
  HANDLE mem = AddFontMemResourceEx(bytes, (DWORD)size, NULL, &count);
  printf("AddFontMemResourceEx: %s, %lu font(s)\n", mem ? "a handle" : "NULL", count);
  const BOOL removed = RemoveFontMemResourceEx(mem);
  printf("RemoveFontMemResourceEx: %d\n", removed);
  count = 7;
  HANDLE junk = AddFontMemResourceEx("not a font at all", 17, NULL, &count);
  printf("bytes that are no font: %s, count %lu\n", junk ? "a handle" : "NULL", count);
  free(bytes);
  return 0;
}
