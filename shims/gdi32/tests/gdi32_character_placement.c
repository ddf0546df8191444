// GetCharacterPlacementW/A with DejaVu Sans at 20 pixels (a font both wine and polyrun find through
// fontconfig) on a memory DC: the extent alone, then the output string, order, widths, caret
// positions and glyph indices of a text, with and without GCP_USEKERNING, with GCP_REORDER, with
// fewer result slots than characters, and of no characters; GetCharABCWidthsFloat and
// GetCharWidthFloat (W and A) in two mapping modes. Expected output: wine 8.0's (x64), but for
// GetCharWidthFloat's widths (wine-differences.txt).
// Links: -lgdi32
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void show(const char* what, DWORD r, const GCP_RESULTSW* g, const WCHAR* out) {
  printf("%s: %lu x %lu, nGlyphs %u\n  out \"%ls\" order", what, (unsigned long)LOWORD(r), (unsigned long)HIWORD(r),
         g->nGlyphs, out);
  for (UINT i = 0; i < g->nGlyphs; i++) printf(" %u", g->lpOrder[i]);
  printf("\n  dx");
  for (UINT i = 0; i < g->nGlyphs; i++) printf(" %d", g->lpDx[i]);
  if (g->lpCaretPos) {
    printf("\n  carets");
    for (UINT i = 0; i < g->nGlyphs; i++) printf(" %d", g->lpCaretPos[i]);
  }
  printf("\n  glyphs");
  for (UINT i = 0; i < g->nGlyphs; i++) printf(" %u", g->lpGlyphs[i]);
  printf("\n");
}

static WCHAR out[32], glyphs[32];
static UINT order[32];
static int dx[32], carets[32];

// Results with every array but the classes (the carets if asked), for `slots` characters.
static void results(GCP_RESULTSW* g, UINT slots, int with_carets) {
  memset(g, 0, sizeof *g);
  memset(out, 0, sizeof out);
  g->lStructSize = sizeof *g;
  g->lpOutString = out;
  g->lpOrder = order;
  g->lpDx = dx;
  g->lpCaretPos = with_carets ? carets : NULL;
  g->lpGlyphs = glyphs;
  g->nGlyphs = slots;
}

int main(void) {
  HDC dc = CreateCompatibleDC(NULL);
  HFONT font = CreateFontW(-20, 0, 0, 0, FW_NORMAL, 0, 0, 0, DEFAULT_CHARSET, 0, 0, 0, 0, L"DejaVu Sans");
  SelectObject(dc, font);
  const WCHAR* text = L"AVATAR To, Wo.";
  const int n = (int)wcslen(text);
  const DWORD alone = GetCharacterPlacementW(dc, text, n, 0, NULL, 0);
  printf("the extent alone: %lu x %lu\n", (unsigned long)LOWORD(alone), (unsigned long)HIWORD(alone));

  const DWORD flags[] = {0, GCP_USEKERNING, GCP_REORDER};
  const char* names[] = {"plain", "kerning", "reorder"};
  for (int f = 0; f < 3; f++) {
    GCP_RESULTSW g;
    results(&g, 32, !(flags[f] & GCP_REORDER));  // (wine 8.0 leaves the carets with GCP_REORDER)
    const DWORD r = GetCharacterPlacementW(dc, text, n, 0, &g, flags[f]);
    show(names[f], r, &g, out);
  }
  GCP_RESULTSW few;
  results(&few, 3, 1);
  const DWORD r = GetCharacterPlacementW(dc, text, n, 0, &few, 0);
  show("three slots", r, &few, out);
  printf("no characters: %lu\n", GetCharacterPlacementW(dc, text, 0, 0, &few, 0));

  char aout[32] = {0};
  GCP_RESULTSA a;
  memset(&a, 0, sizeof a);
  a.lStructSize = sizeof a;
  a.lpOutString = aout;
  a.lpDx = dx;
  a.nGlyphs = 32;
  const DWORD ra = GetCharacterPlacementA(dc, "Caf\xe9 AV", 7, 0, &a, 0);
  printf("ANSI: %lu x %lu, nGlyphs %u, out \"%s\", dx", (unsigned long)LOWORD(ra), (unsigned long)HIWORD(ra), a.nGlyphs,
         aout);
  for (UINT i = 0; i < a.nGlyphs; i++) printf(" %d", dx[i]);
  printf("\n");

  // The float widths, in MM_TEXT and where a logical unit is half a pixel.
  ABCFLOAT abc[3];
  float widths[3];
  for (int mode = 0; mode < 2; mode++) {
    if (mode) {
      SetMapMode(dc, MM_ANISOTROPIC);
      SetWindowExtEx(dc, 200, 200, NULL);
      SetViewportExtEx(dc, 100, 100, NULL);
    }
    const BOOL ok = GetCharABCWidthsFloatW(dc, 'V', 'X', abc), okw = GetCharWidthFloatW(dc, 'V', 'X', widths);
    printf("%s: ABC %d:", mode ? "half-pixel units" : "MM_TEXT", ok);
    for (int i = 0; i < 3; i++) printf(" (%.2f %.2f %.2f)", abc[i].abcfA, abc[i].abcfB, abc[i].abcfC);
    printf("\n  float widths %d:", okw);
    for (int i = 0; i < 3; i++) printf(" %.2f", widths[i]);
    printf("\n");
  }
  const BOOL oka = GetCharABCWidthsFloatA(dc, 0xe9, 0xe9, abc), okwa = GetCharWidthFloatA(dc, 0xe9, 0xe9, widths);
  printf("ANSI 0xe9: %d (%.2f %.2f %.2f)\n  float width of 0xe9: %d %.2f\n", oka, abc[0].abcfA, abc[0].abcfB,
         abc[0].abcfC, okwa, widths[0]);
  printf("no buffer: %d\n", GetCharABCWidthsFloatW(dc, 'A', 'A', NULL));
  DeleteObject(font);
  DeleteDC(dc);
  return 0;
}
