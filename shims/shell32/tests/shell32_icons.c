// SHELL32's icons: the system image list at its sizes (SHGetImageList, Shell_GetImageLists), a
// program's icon taken from its file (ExtractIconExW, ExtractIconW, SHDefExtractIconW, the
// program's own icon of shell32_icons.rc), put in the system image list (Shell_GetCachedImageIndex,
// SHGetFileInfoW's SHGFI_SYSICONINDEX and SHGFI_ICON) and drawn; where a file's icon comes from
// (SHGFI_ICONLOCATION); SHELL32's stock icons (SHGetStockIconInfo). Drawings are printed as
// checksums of their pixels. The same program under wine 8.0 gives the expected output, but for
// what wine 8.0 leaves undone (cases.txt).
// Links: -lshell32 -lcomctl32 -lgdi32 -luser32 -lole32 -luuid
#define COBJMACROS
#include <windows.h>
#include <commctrl.h>
#include <commoncontrols.h>
#include <shellapi.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static const GUID iid_image_list = {0x46eb5926, 0x582e, 0x4017, {0x9f, 0xdf, 0xe8, 0x99, 0x8d, 0xaa, 0x09, 0x50}};
static HRESULT(WINAPI* GetImageList)(int, REFIID, void**);
static HRESULT(WINAPI* GetStockIconInfo)(SHSTOCKICONID, UINT, SHSTOCKICONINFO*);
static BOOL(WINAPI* GetImageLists)(HIMAGELIST*, HIMAGELIST*);
static int(WINAPI* CachedImageIndex)(const WCHAR*, int, UINT);
static HRESULT(WINAPI* DefExtractIcon)(const WCHAR*, int, UINT, HICON*, HICON*, UINT);

static HDC canvas_dc;
static DWORD* canvas;
enum { W = 32, H = 32 };

static unsigned checksum(void) {
  unsigned h = 2166136261u;
  for (int i = 0; i < W * H; i++)
    for (int k = 0; k < 3; k++) h = (h ^ ((canvas[i] >> (8 * k)) & 0xff)) * 16777619u;
  return h;
}
static void clear(void) {
  for (int i = 0; i < W * H; i++) canvas[i] = 0x808080;
}
static unsigned icon_picture(HICON icon, int size) {
  clear();
  DrawIconEx(canvas_dc, 0, 0, icon, size, size, 0, NULL, DI_NORMAL);
  return checksum();
}
static unsigned list_picture(HIMAGELIST l, int i) {
  clear();
  ImageList_Draw(l, i, canvas_dc, 0, 0, ILD_TRANSPARENT);
  return checksum();
}
static void icon_size(const char* what, HICON icon) {
  ICONINFO ii;
  BITMAP bm;
  if (!icon || !GetIconInfo(icon, &ii)) {
    printf("%s: no icon\n", what);
    return;
  }
  GetObjectA(ii.hbmColor ? ii.hbmColor : ii.hbmMask, sizeof bm, &bm);
  printf("%s: %ldx%ld\n", what, bm.bmWidth, ii.hbmColor ? bm.bmHeight : bm.bmHeight / 2);
  DeleteObject(ii.hbmColor);
  DeleteObject(ii.hbmMask);
}

int main(void) {
  HMODULE shell = LoadLibraryA("shell32.dll");
  GetImageList = (void*)GetProcAddress(shell, (const char*)727);
  GetStockIconInfo = (void*)GetProcAddress(shell, "SHGetStockIconInfo");
  GetImageLists = (void*)GetProcAddress(shell, (const char*)71);
  CachedImageIndex = (void*)GetProcAddress(shell, (const char*)72);
  DefExtractIcon = (void*)GetProcAddress(shell, "SHDefExtractIconW");
  if (!GetImageList || !GetStockIconInfo || !GetImageLists || !CachedImageIndex || !DefExtractIcon) {
    printf("shell32.dll lacks an icon function\n");
    return 1;
  }
  BITMAPINFO bi;
  memset(&bi, 0, sizeof bi);
  bi.bmiHeader.biSize = sizeof bi.bmiHeader;
  bi.bmiHeader.biWidth = W, bi.bmiHeader.biHeight = -H, bi.bmiHeader.biPlanes = 1, bi.bmiHeader.biBitCount = 32;
  void* bits;
  HBITMAP target = CreateDIBSection(NULL, &bi, DIB_RGB_COLORS, &bits, NULL, 0);
  canvas = bits;
  canvas_dc = CreateCompatibleDC(NULL);
  SelectObject(canvas_dc, target);
  CoInitialize(NULL);

  printf("-- the system image list\n");
  IImageList* lists[6];
  for (int i = 0; i < 6; i++) {
    lists[i] = NULL;
    HRESULT hr = GetImageList(i, &iid_image_list, (void**)&lists[i]);
    int cx = 0, cy = 0, n = 0;
    if (lists[i]) IImageList_GetIconSize(lists[i], &cx, &cy), IImageList_GetImageCount(lists[i], &n);
    printf("SHIL %d: %08lx %dx%d, at least two images: %s\n", i, (unsigned long)hr, cx, cy, n >= 2 ? "yes" : "no");
  }
  HIMAGELIST large = NULL, small = NULL;
  BOOL got = GetImageLists(&large, &small);
  printf("Shell_GetImageLists: %d, large is SHIL_LARGE: %d, small is SHIL_SMALL: %d\n", got,
         (void*)large == (void*)lists[SHIL_LARGE], (void*)small == (void*)lists[SHIL_SMALL]);

  printf("-- the program's icon\n");
  WCHAR self[MAX_PATH];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  printf("icons in the program: %u\n", ExtractIconExW(self, -1, NULL, NULL, 0));
  HICON big = NULL, little = NULL;
  printf("extracted: %u\n", ExtractIconExW(self, 0, &big, &little, 1));
  icon_size("  large", big);
  icon_size("  small", little);
  unsigned own = icon_picture(little, 16);
  printf("  small drawn: %08x\n", own);
  HICON by_id = NULL;
  printf("by group id 5: %u, by id 6: %u\n", ExtractIconExW(self, -5, &by_id, NULL, 1), ExtractIconExW(self, -6, &by_id, NULL, 1));
  printf("ExtractIconW count: %u\n", (unsigned)(UINT_PTR)ExtractIconW(NULL, self, (UINT)-1));
  HICON one = ExtractIconW(NULL, self, 0);
  icon_size("ExtractIconW 0", one);
  printf("ExtractIconW 3: %s\n", ExtractIconW(NULL, self, 3) ? "an icon" : "NULL");
  HICON dl = NULL, ds = NULL;
  HRESULT hr = DefExtractIcon(self, 0, 0, &dl, &ds, MAKELONG(24, 16));
  printf("SHDefExtractIconW: %08lx\n", (unsigned long)hr);
  icon_size("  large", dl);
  icon_size("  small", ds);
  printf("  small drawn the same: %s\n", icon_picture(ds, 16) == own ? "yes" : "no");
  printf("SHDefExtractIconW index 4: %08lx\n", (unsigned long)DefExtractIcon(self, 4, 0, &dl, NULL, 32));

  printf("-- in the system image list\n");
  int cached = CachedImageIndex(self, 0, 0);
  printf("cached index: %s, again the same: %s\n", cached >= 0 ? "an index" : "none",
         CachedImageIndex(self, 0, 0) == cached ? "yes" : "no");
  printf("  drawn from the small list the same: %s\n", list_picture(small, cached) == own ? "yes" : "no");
  SHFILEINFOW fi;
  memset(&fi, 0, sizeof fi);
  DWORD_PTR r = SHGetFileInfoW(self, 0, &fi, sizeof fi, SHGFI_SYSICONINDEX | SHGFI_SMALLICON);
  printf("SHGFI_SYSICONINDEX: the small list: %d, the cached index: %d\n", (HIMAGELIST)r == small, fi.iIcon == cached);
  memset(&fi, 0, sizeof fi);
  r = SHGetFileInfoW(self, 0, &fi, sizeof fi, SHGFI_ICON | SHGFI_SMALLICON);
  printf("SHGFI_ICON: %d, an icon: %s, the cached index: %d\n", (int)r, fi.hIcon ? "yes" : "no", fi.iIcon == cached);
  printf("  drawn the same: %s\n", icon_picture(fi.hIcon, 16) == own ? "yes" : "no");
  memset(&fi, 0, sizeof fi);
  r = SHGetFileInfoW(self, 0, &fi, sizeof fi, SHGFI_ICONLOCATION);
  printf("SHGFI_ICONLOCATION: %d, the program itself: %d, index %d\n", (int)r, !wcscmp(fi.szDisplayName, self), fi.iIcon);

  printf("-- stock icons\n");
  SHSTOCKICONINFO sii;
  memset(&sii, 0, sizeof sii);
  sii.cbSize = sizeof sii;
  hr = GetStockIconInfo(SIID_FOLDER, SHGSI_ICONLOCATION, &sii);
  const WCHAR* base = wcsrchr(sii.szPath, L'\\');
  printf("SIID_FOLDER: %08lx, file %ls, in the system directory: ", (unsigned long)hr, base ? base + 1 : sii.szPath);
  WCHAR sys[MAX_PATH];
  GetSystemDirectoryW(sys, MAX_PATH);
  printf("%s\n", !_wcsnicmp(sii.szPath, sys, wcslen(sys)) ? "yes" : "no");
  sii.cbSize = sizeof sii - 4;
  printf("wrong size: %08lx\n", (unsigned long)GetStockIconInfo(SIID_FOLDER, 0, &sii));
  sii.cbSize = sizeof sii;
  printf("id 999: %08lx, id -1: %08lx, no structure: %08lx\n", (unsigned long)GetStockIconInfo(999, 0, &sii),
         (unsigned long)GetStockIconInfo(-1, 0, &sii), (unsigned long)GetStockIconInfo(SIID_FOLDER, 0, NULL));
  memset(&sii, 0, sizeof sii);
  sii.cbSize = sizeof sii;
  hr = GetStockIconInfo(SIID_DOCNOASSOC, SHGSI_ICON | SHGSI_SMALLICON, &sii);
  printf("SIID_DOCNOASSOC with SHGSI_ICON: %08lx\n", (unsigned long)hr);
  icon_size("  its icon", sii.hIcon);
  return 0;
}
