// USER32's icons and cursors: made every way (CreateIcon, CreateCursor, CreateIconIndirect,
// CreateIconFromResource(Ex) over the module's RT_ICON/RT_CURSOR data, LoadIcon, LoadCursor,
// LoadImage from resources and from .ico/.cur/.bmp files, CopyIcon, CopyImage), what GetIconInfo
// says of each (the kind, the hotspot, GetObject of its bitmaps), drawn with DrawIcon and DrawIconEx
// (each part, sizes, stretching, a 32-bit icon's alpha, a flicker-free brush) into a 32-bit DIB
// section whose colours are summed (FNV-1a), the system's cursors and icons by id (only what does
// not depend on their pictures: sizes, hotspots, depths), and the errors of bad handles. The
// pictures are user32_icons_images.py's. The same program under wine 8.0 gives the expected output.
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>
#include <string.h>

static unsigned hash_colors(const DWORD* px, size_t n) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; ++i) {
    // The colour bytes only: what AlphaBlend leaves in a 32-bit DIB's fourth byte is the engine's.
    DWORD v = px[i] & 0xffffff;
    for (int k = 0; k < 3; ++k) h = (h ^ ((v >> (8 * k)) & 0xff)) * 16777619u;
  }
  return h;
}

static void describe_bitmap(const char* what, HBITMAP b) {
  BITMAP bm;
  if (!b) {
    printf("  %s: none\n", what);
    return;
  }
  int got = GetObjectA(b, sizeof bm, &bm);
  printf("  %s: %s %ldx%ld wb=%ld planes=%u bpp=%u\n", what, got == sizeof bm ? "BITMAP" : "?", (long)bm.bmWidth, (long)bm.bmHeight,
         (long)bm.bmWidthBytes, bm.bmPlanes, bm.bmBitsPixel);
}

// GetIconInfo's fields and its bitmaps (which are the caller's to delete).
static void describe(const char* what, HICON icon) {
  ICONINFO ii;
  memset(&ii, 0, sizeof ii);
  if (!icon) {
    printf("%s: NULL\n", what);
    return;
  }
  BOOL ok = GetIconInfo(icon, &ii);
  printf("%s: info %d icon=%d hotspot=%lu,%lu\n", what, ok, ii.fIcon, (unsigned long)ii.xHotspot,
         (unsigned long)ii.yHotspot);
  describe_bitmap("color", ii.hbmColor);
  describe_bitmap("mask", ii.hbmMask);
  if (ii.hbmColor) DeleteObject(ii.hbmColor);
  if (ii.hbmMask) DeleteObject(ii.hbmMask);
}

typedef struct {
  HDC dc;
  HBITMAP bmp, old;
  DWORD* bits;
  int w, h;
} Canvas;

static Canvas canvas(int w, int h) {
  Canvas c;
  BITMAPINFO info;
  memset(&info, 0, sizeof info);
  info.bmiHeader.biSize = sizeof info.bmiHeader;
  info.bmiHeader.biWidth = w;
  info.bmiHeader.biHeight = -h;
  info.bmiHeader.biPlanes = 1;
  info.bmiHeader.biBitCount = 32;
  c.dc = CreateCompatibleDC(NULL);
  c.bmp = CreateDIBSection(c.dc, &info, DIB_RGB_COLORS, (void**)&c.bits, NULL, 0);
  c.old = (HBITMAP)SelectObject(c.dc, c.bmp);
  c.w = w, c.h = h;
  return c;
}
// A background of colours that change across it, so that every raster operation shows.
static void paint_background(Canvas* c) {
  for (int y = 0; y < c->h; ++y)
    for (int x = 0; x < c->w; ++x) c->bits[y * c->w + x] = (DWORD)((x * 5) << 16 | (y * 4) << 8 | ((x + y) * 3 & 0xff));
}
static void show(const char* what, BOOL ok, Canvas* c) {
  GdiFlush();
  printf("%-32s %d %08x\n", what, ok, hash_colors(c->bits, (size_t)c->w * c->h));
}
static void free_canvas(Canvas* c) {
  SelectObject(c->dc, c->old);
  DeleteObject(c->bmp);
  DeleteDC(c->dc);
}

// Each way of drawing an icon, on a fresh background each time. (Not made smaller than it is: a
// shrinking blit depends on the DC's stretch mode, which polyrun's GDI32 does not honour yet.)
static void draw_ways(const char* name, HICON icon, BOOL larger_than_32) {
  Canvas c = canvas(64, 64);
  char what[64];
  static const struct {
    const char* name;
    int w, h;
    UINT flags;
  } ways[] = {
      {"normal", 0, 0, DI_NORMAL},   {"mask", 0, 0, DI_MASK},       {"image", 0, 0, DI_IMAGE},
      {"48x40", 48, 40, DI_NORMAL},  {"default", 0, 0, DI_NORMAL | DI_DEFAULTSIZE},
      {"image 40", 40, 40, DI_IMAGE}, {"mask 36x44", 36, 44, DI_MASK},
  };
  BOOL ok;
  if (!larger_than_32) {
    paint_background(&c);
    ok = DrawIcon(c.dc, 3, 5, icon);
    snprintf(what, sizeof what, "%s DrawIcon", name);
    show(what, ok, &c);
  }
  for (size_t i = 0; i < sizeof ways / sizeof ways[0]; ++i) {
    if (larger_than_32 && (ways[i].flags & DI_DEFAULTSIZE)) continue;
    paint_background(&c);
    ok = DrawIconEx(c.dc, 2, 1, icon, ways[i].w, ways[i].h, 0, NULL, ways[i].flags);
    snprintf(what, sizeof what, "%s %s", name, ways[i].name);
    show(what, ok, &c);
  }
  // A brush: the icon drawn over it off the screen, then copied.
  paint_background(&c);
  HBRUSH b = CreateSolidBrush(RGB(10, 200, 90));
  ok = DrawIconEx(c.dc, 6, 4, icon, 0, 0, 0, b, DI_NORMAL);
  DeleteObject(b);
  snprintf(what, sizeof what, "%s brush", name);
  show(what, ok, &c);
  free_canvas(&c);
}

static void draw_all(const char* name, HICON icon) { draw_ways(name, icon, FALSE); }

// A resource's bytes.
static BYTE* resource(LPCSTR type, LPCSTR name, DWORD* size) {
  HRSRC r = FindResourceA(NULL, name, type);
  if (!r) return NULL;
  *size = SizeofResource(NULL, r);
  return (BYTE*)LockResource(LoadResource(NULL, r));
}

static void made(void) {
  HINSTANCE inst = GetModuleHandleA(NULL);
  // CreateIcon: monochrome (AND then XOR planes of one bit) and 32-bit colour.
  BYTE and_bits[32], xor_bits[32];
  for (int i = 0; i < 32; ++i) and_bits[i] = (BYTE)(i < 8 ? 0xff : 0x0f), xor_bits[i] = (BYTE)(i * 37);
  HICON mono = CreateIcon(inst, 16, 16, 1, 1, and_bits, xor_bits);
  describe("CreateIcon mono", mono);
  draw_all("mono", mono);
  DWORD colors[16 * 16];
  for (int i = 0; i < 256; ++i) colors[i] = (DWORD)(i * 0x010203);
  HICON color = CreateIcon(inst, 16, 16, 1, 32, and_bits, (BYTE*)colors);
  describe("CreateIcon 32", color);
  draw_all("color", color);
  HCURSOR cur = CreateCursor(inst, 3, 4, 16, 16, and_bits, xor_bits);
  describe("CreateCursor", cur);
  draw_all("cursor", cur);

  // CreateIconIndirect: a 32-bit DIB section with alpha, a monochrome mask.
  BITMAPINFO info;
  memset(&info, 0, sizeof info);
  info.bmiHeader.biSize = sizeof info.bmiHeader;
  info.bmiHeader.biWidth = 20;
  info.bmiHeader.biHeight = 20;
  info.bmiHeader.biPlanes = 1;
  info.bmiHeader.biBitCount = 32;
  DWORD* px;
  HBITMAP dib = CreateDIBSection(NULL, &info, DIB_RGB_COLORS, (void**)&px, NULL, 0);
  for (int i = 0; i < 400; ++i) px[i] = (DWORD)((i % 20 < 10 ? 0xff : 0x60) << 24 | (i * 611) % 0xffffff);
  WORD mask_rows[40];
  for (int i = 0; i < 40; ++i) mask_rows[i] = (WORD)(i < 20 ? 0x0f00 : 0xff0f);
  HBITMAP mask = CreateBitmap(20, 20, 1, 1, mask_rows);
  ICONINFO ii = {TRUE, 0, 0, mask, dib};
  HICON indirect = CreateIconIndirect(&ii);
  describe("CreateIconIndirect alpha", indirect);
  draw_all("alpha", indirect);
  ii.fIcon = FALSE, ii.xHotspot = 7, ii.yHotspot = 9;
  HICON indirect_cur = CreateIconIndirect(&ii);
  describe("CreateIconIndirect cursor", indirect_cur);
  WORD mono_rows[80];  // (rows of two 16-bit words: the AND mask, then the XOR image)
  for (int i = 0; i < 80; ++i) mono_rows[i] = (WORD)(i < 40 ? (i & 2 ? 0xf0f0 : 0x0ff0) : i * 0x1357);
  HBITMAP mono_mask = CreateBitmap(20, 40, 1, 1, mono_rows);
  ii.hbmColor = NULL, ii.hbmMask = mono_mask;
  HICON indirect_mono = CreateIconIndirect(&ii);
  describe("CreateIconIndirect mono", indirect_mono);
  draw_all("indirect mono", indirect_mono);
  ii.hbmMask = NULL, ii.hbmColor = dib;
  SetLastError(0xdead);
  HICON none = CreateIconIndirect(&ii);
  printf("CreateIconIndirect without mask: %s\n", none ? "made" : "NULL");
  DeleteObject(dib);
  DeleteObject(mask);
  DeleteObject(mono_mask);

  // From the module's resources: the group's entries chosen for sizes, then each image.
  DWORD size = 0;
  BYTE* group = resource(MAKEINTRESOURCEA(14), MAKEINTRESOURCEA(100), &size);
  static const int sizes[][2] = {{16, 16}, {24, 24}, {32, 32}, {20, 20}, {0, 0}, {48, 48}, {28, 28}};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; ++i) {
    int id = LookupIconIdFromDirectoryEx(group, TRUE, sizes[i][0], sizes[i][1], 0);
    int mono_id = LookupIconIdFromDirectoryEx(group, TRUE, sizes[i][0], sizes[i][1], LR_MONOCHROME);
    printf("icon for %dx%d: %d (monochrome %d)\n", sizes[i][0], sizes[i][1], id, mono_id);
  }
  int plain = LookupIconIdFromDirectory(group, TRUE);
  printf("LookupIconIdFromDirectory: %d\n", plain);
  BYTE* cgroup = resource(MAKEINTRESOURCEA(12), MAKEINTRESOURCEA(101), &size);
  int cid16 = LookupIconIdFromDirectoryEx(cgroup, FALSE, 16, 16, 0);
  int cid32 = LookupIconIdFromDirectoryEx(cgroup, FALSE, 32, 32, 0);
  int cid20 = LookupIconIdFromDirectoryEx(cgroup, FALSE, 20, 20, 0);
  int cid8 = LookupIconIdFromDirectoryEx(cgroup, FALSE, 8, 8, 0);
  int cplain = LookupIconIdFromDirectory(cgroup, FALSE);
  printf("cursor for 16: %d, 32: %d, 20: %d, 8: %d, plain: %d\n", cid16, cid32, cid20, cid8, cplain);
  for (int id = 1; id <= 3; ++id) {
    BYTE* data = resource(MAKEINTRESOURCEA(3), MAKEINTRESOURCEA(id), &size);
    char what[64];
    HICON fr = CreateIconFromResourceEx(data, size, TRUE, 0x30000, 0, 0, 0);
    snprintf(what, sizeof what, "FromResourceEx icon %d", id);
    describe(what, fr);
    draw_all(what + 15, fr);
    HICON big = CreateIconFromResourceEx(data, size, TRUE, 0x30000, 40, 36, 0);
    snprintf(what, sizeof what, "FromResourceEx icon %d 40x36", id);
    describe(what, big);
    draw_ways(what + 15, big, TRUE);
    HICON dflt = CreateIconFromResource(data, size, TRUE, 0x30000);
    snprintf(what, sizeof what, "FromResource icon %d", id);
    describe(what, dflt);
    DestroyIcon(fr);
    DestroyIcon(big);
    DestroyIcon(dflt);
  }
  BYTE* cdata = resource(MAKEINTRESOURCEA(1), MAKEINTRESOURCEA(cid32), &size);
  HCURSOR fc = CreateIconFromResourceEx(cdata, size, FALSE, 0x30000, 0, 0, 0);
  describe("FromResourceEx cursor", fc);
  draw_all("res cursor", fc);
  HCURSOR fc2 = CreateIconFromResourceEx(cdata, size, FALSE, 0x30000, 48, 64, 0);
  describe("FromResourceEx cursor 48x64", fc2);
  SetLastError(0xdead);
  HICON bad = CreateIconFromResourceEx(cdata, 20, FALSE, 0x30000, 0, 0, 0);
  printf("FromResourceEx truncated: %s\n", bad ? "made" : "NULL");
  DestroyCursor(fc);
  DestroyCursor(fc2);

  // Copies.
  HICON copy = CopyIcon(indirect);
  describe("CopyIcon", copy);
  draw_all("copy", copy);
  HICON img = (HICON)CopyImage(indirect, IMAGE_ICON, 0, 0, 0);
  describe("CopyImage icon", img);
  HICON img40 = (HICON)CopyImage(indirect_cur, IMAGE_CURSOR, 40, 40, 0);
  describe("CopyImage cursor 40", img40);
  HICON moved = (HICON)CopyImage(copy, IMAGE_ICON, 0, 0, LR_COPYDELETEORG);
  ICONINFO gone;
  BOOL old_alive = GetIconInfo(copy, &gone);
  describe("CopyImage LR_COPYDELETEORG", moved);
  printf("original after LR_COPYDELETEORG: %d\n", old_alive);
  if (old_alive) DeleteObject(gone.hbmColor), DeleteObject(gone.hbmMask);

  // Destruction, twice.
  BOOL d1 = DestroyIcon(mono);
  BOOL d2 = DestroyIcon(mono);
  BOOL d3 = DestroyCursor(cur);
  printf("DestroyIcon %d, again %d, DestroyCursor %d\n", d1, d2, d3);
  DestroyIcon(color);
  DestroyIcon(indirect);
  DestroyIcon(indirect_cur);
  DestroyIcon(indirect_mono);
  DestroyIcon(img);
  DestroyIcon(img40);
  DestroyIcon(moved);
}

static void loaded(void) {
  HINSTANCE inst = GetModuleHandleA(NULL);
  HICON li = LoadIconA(inst, MAKEINTRESOURCEA(100));
  describe("LoadIcon", li);
  HICON li2 = LoadIconA(inst, MAKEINTRESOURCEA(100));
  printf("LoadIcon twice: %s\n", li == li2 ? "same" : "different");
  draw_all("loaded", li);
  static const int sizes[][3] = {{16, 16, 0}, {24, 24, 0}, {0, 0, LR_DEFAULTSIZE}, {0, 0, 0}, {40, 40, 0}, {20, 20, 0}};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; ++i) {
    char what[64];
    HICON h = (HICON)LoadImageA(inst, MAKEINTRESOURCEA(100), IMAGE_ICON, sizes[i][0], sizes[i][1], sizes[i][2]);
    snprintf(what, sizeof what, "LoadImage icon %d %d %x", sizes[i][0], sizes[i][1], sizes[i][2]);
    describe(what, h);
    DestroyIcon(h);
  }
  HCURSOR lc = LoadCursorA(inst, MAKEINTRESOURCEA(101));
  describe("LoadCursor", lc);
  draw_all("loaded cursor", lc);
  HCURSOR lc16 = (HCURSOR)LoadImageW(inst, MAKEINTRESOURCEW(101), IMAGE_CURSOR, 16, 16, 0);
  describe("LoadImage cursor 16", lc16);
  DestroyCursor(lc16);
  HICON missing = LoadIconA(inst, MAKEINTRESOURCEA(999));
  describe("LoadIcon missing", missing);

  // Bitmaps from the resources.
  HBITMAP b1 = LoadBitmapA(inst, MAKEINTRESOURCEA(102));
  describe_bitmap("LoadBitmap", b1);
  HBITMAP b2 = (HBITMAP)LoadImageA(inst, MAKEINTRESOURCEA(102), IMAGE_BITMAP, 0, 0, LR_CREATEDIBSECTION);
  DIBSECTION ds;
  memset(&ds, 0, sizeof ds);
  int got = GetObjectA(b2, sizeof ds, &ds);
  printf("  LR_CREATEDIBSECTION: %s %ldx%ld bpp=%u bits=%s size=%lu clr=%lu\n", got == sizeof ds ? "DIBSECTION" : "?", (long)ds.dsBm.bmWidth,
         (long)ds.dsBm.bmHeight, ds.dsBm.bmBitsPixel, ds.dsBm.bmBits ? "yes" : "no",
         (unsigned long)ds.dsBmih.biSizeImage, (unsigned long)ds.dsBmih.biClrUsed);
  HBITMAP b3 = (HBITMAP)LoadImageA(inst, MAKEINTRESOURCEA(102), IMAGE_BITMAP, 0, 0, LR_CREATEDIBSECTION | LR_LOADTRANSPARENT);
  HBITMAP b4 = (HBITMAP)LoadImageA(inst, MAKEINTRESOURCEA(102), IMAGE_BITMAP, 40, 24, 0);
  describe_bitmap("LoadImage 40x24", b4);
  // (b4's pixels are left out: LoadImage stretches in HALFTONE mode, which polyrun's GDI32 does
  // not have yet.)
  HBITMAP bitmaps[3] = {b1, b2, b3};
  Canvas c = canvas(64, 64);
  for (int i = 0; i < 3; ++i) {
    paint_background(&c);
    HDC src = CreateCompatibleDC(NULL);
    HGDIOBJ old = SelectObject(src, bitmaps[i]);
    BOOL ok = BitBlt(c.dc, 1, 2, 40, 24, src, 0, 0, SRCCOPY);
    SelectObject(src, old);
    DeleteDC(src);
    char what[32];
    snprintf(what, sizeof what, "bitmap %d", i + 1);
    show(what, ok, &c);
  }
  HBITMAP b5 = (HBITMAP)CopyImage(b2, IMAGE_BITMAP, 0, 0, 0);
  describe_bitmap("CopyImage bitmap", b5);
  HBITMAP b6 = (HBITMAP)CopyImage(b1, IMAGE_BITMAP, 0, 0, LR_CREATEDIBSECTION);
  memset(&ds, 0, sizeof ds);
  got = GetObjectA(b6, sizeof ds, &ds);
  printf("  CopyImage LR_CREATEDIBSECTION: %s %ldx%ld bpp=%u bits=%s\n", got == sizeof ds ? "DIBSECTION" : "?", (long)ds.dsBm.bmWidth,
         (long)ds.dsBm.bmHeight, ds.dsBm.bmBitsPixel, ds.dsBm.bmBits ? "yes" : "no");
  HBITMAP b7 = (HBITMAP)CopyImage(b5, IMAGE_BITMAP, 30, 30, LR_COPYDELETEORG);
  BITMAP bm;
  int old_left = GetObjectA(b5, sizeof bm, &bm);
  describe_bitmap("CopyImage 30x30 LR_COPYDELETEORG", b7);
  printf("  original: %d\n", old_left);
  // (b7's pixels are left out: CopyImage stretches in a mode polyrun's GDI32 does not have yet.)
  HBITMAP more[2] = {b5, b6};
  for (int i = 0; i < 2; ++i) {
    paint_background(&c);
    HDC src = CreateCompatibleDC(NULL);
    HGDIOBJ old = SelectObject(src, more[i]);
    BOOL ok = BitBlt(c.dc, 1, 2, 40, 30, src, 0, 0, SRCCOPY);
    SelectObject(src, old);
    DeleteDC(src);
    char what[32];
    snprintf(what, sizeof what, "copied bitmap %d", i + 1);
    show(what, ok, &c);
  }
  free_canvas(&c);
  DeleteObject(b1), DeleteObject(b2), DeleteObject(b3), DeleteObject(b4), DeleteObject(b6), DeleteObject(b7);
}

// The files: the resources' raw copies written to the temporary directory and loaded by name.
static void from_files(void) {
  char dir[MAX_PATH], path[MAX_PATH + 32];
  GetTempPathA(MAX_PATH, dir);
  static const char* names[3] = {"pr_icons.ico", "pr_icons.cur", "pr_icons.bmp"};
  static const UINT kinds[3] = {IMAGE_ICON, IMAGE_CURSOR, IMAGE_BITMAP};
  for (int i = 0; i < 3; ++i) {
    DWORD size = 0;
    BYTE* data = resource(MAKEINTRESOURCEA(10), MAKEINTRESOURCEA(200 + i), &size);
    snprintf(path, sizeof path, "%s%s", dir, names[i]);
    HANDLE f = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written = 0;
    WriteFile(f, data, size, &written, NULL);
    CloseHandle(f);
    static const int sizes[][3] = {{0, 0, 0}, {0, 0, LR_DEFAULTSIZE}, {16, 16, 0}, {24, 24, 0}};
    for (int k = 0; k < 4; ++k) {
      char what[64];
      HANDLE h = LoadImageA(NULL, path, kinds[i], sizes[k][0], sizes[k][1], LR_LOADFROMFILE | sizes[k][2]);
      snprintf(what, sizeof what, "file %s %d %x", names[i] + 9, sizes[k][0], sizes[k][2]);
      if (kinds[i] == IMAGE_BITMAP) {
        printf("%s:\n", what);
        describe_bitmap("bitmap", (HBITMAP)h);
        DeleteObject(h);
      } else {
        describe(what, (HICON)h);
        if (k == 0) draw_all(what, (HICON)h);
        DestroyIcon((HICON)h);
      }
    }
    if (kinds[i] == IMAGE_CURSOR) {  // LoadCursorFromFile: the file at the default cursor size
      HCURSOR a = LoadCursorFromFileA(path);
      describe("LoadCursorFromFileA", a);
      DestroyCursor(a);
      WCHAR wide[MAX_PATH + 32];
      MultiByteToWideChar(CP_ACP, 0, path, -1, wide, MAX_PATH + 32);
      HCURSOR w = LoadCursorFromFileW(wide);
      describe("LoadCursorFromFileW", w);
      DestroyCursor(w);
    }
    DeleteFileA(path);
  }
  SetLastError(0xdead);
  HANDLE none = LoadImageA(NULL, "C:\\no\\such\\file.ico", IMAGE_ICON, 0, 0, LR_LOADFROMFILE);
  printf("missing file: %s\n", none ? "loaded" : "NULL");
  none = LoadCursorFromFileA("C:\\no\\such\\file.cur");
  printf("LoadCursorFromFile of a missing file: %s\n", none ? "loaded" : "NULL");
}

// The system's: what does not depend on the pictures.
static void system_images(void) {
  static const struct {
    const char* name;
    LPCSTR id;
  } cursors[] = {
      {"IDC_ARROW", IDC_ARROW},     {"IDC_IBEAM", IDC_IBEAM},     {"IDC_WAIT", IDC_WAIT},
      {"IDC_CROSS", IDC_CROSS},     {"IDC_UPARROW", IDC_UPARROW}, {"IDC_SIZENWSE", IDC_SIZENWSE},
      {"IDC_SIZENESW", IDC_SIZENESW}, {"IDC_SIZEWE", IDC_SIZEWE}, {"IDC_SIZENS", IDC_SIZENS},
      {"IDC_SIZEALL", IDC_SIZEALL}, {"IDC_NO", IDC_NO},           {"IDC_HAND", IDC_HAND},
      {"IDC_APPSTARTING", IDC_APPSTARTING}, {"IDC_HELP", IDC_HELP},
  }, icons[] = {
      {"IDI_APPLICATION", IDI_APPLICATION}, {"IDI_HAND", IDI_HAND}, {"IDI_QUESTION", IDI_QUESTION},
      {"IDI_EXCLAMATION", IDI_EXCLAMATION}, {"IDI_ASTERISK", IDI_ASTERISK}, {"IDI_WINLOGO", IDI_WINLOGO},
      {"IDI_SHIELD", IDI_SHIELD},
  };
  for (size_t i = 0; i < sizeof cursors / sizeof cursors[0]; ++i) {
    HCURSOR h = LoadCursorA(NULL, cursors[i].id);
    HCURSOR again = LoadCursorA(NULL, cursors[i].id);
    ICONINFO ii;
    memset(&ii, 0, sizeof ii);
    BOOL ok = GetIconInfo(h, &ii);
    BITMAP c, m;
    memset(&c, 0, sizeof c), memset(&m, 0, sizeof m);
    if (ii.hbmColor) GetObjectA(ii.hbmColor, sizeof c, &c);
    if (ii.hbmMask) GetObjectA(ii.hbmMask, sizeof m, &m);
    printf("%s: %s %d icon=%d mask %ldx%ld\n", cursors[i].name, h == again ? "shared" : "twice", ok, ii.fIcon,
           (long)m.bmWidth, (long)m.bmHeight);
    if (ii.hbmColor) DeleteObject(ii.hbmColor);
    if (ii.hbmMask) DeleteObject(ii.hbmMask);
  }
  for (size_t i = 0; i < sizeof icons / sizeof icons[0]; ++i) {
    HICON h = LoadIconA(NULL, icons[i].id);
    HICON w = LoadIconW(NULL, (LPCWSTR)icons[i].id);
    ICONINFO ii;
    memset(&ii, 0, sizeof ii);
    BOOL ok = GetIconInfo(h, &ii);
    BITMAP c, m;
    memset(&c, 0, sizeof c), memset(&m, 0, sizeof m);
    if (ii.hbmColor) GetObjectA(ii.hbmColor, sizeof c, &c);
    if (ii.hbmMask) GetObjectA(ii.hbmMask, sizeof m, &m);
    printf("%s: %s %d icon=%d hotspot=%lu,%lu color %ldx%ld bpp=%u mask %ldx%ld\n", icons[i].name,
           h == w ? "shared" : "twice", ok, ii.fIcon, (unsigned long)ii.xHotspot, (unsigned long)ii.yHotspot,
           (long)c.bmWidth, (long)c.bmHeight, c.bmBitsPixel, (long)m.bmWidth, (long)m.bmHeight);
    if (ii.hbmColor) DeleteObject(ii.hbmColor);
    if (ii.hbmMask) DeleteObject(ii.hbmMask);
  }
  HICON small = (HICON)LoadImageA(NULL, IDI_APPLICATION, IMAGE_ICON, 16, 16, LR_SHARED);
  ICONINFO ii;
  BOOL ok = GetIconInfo(small, &ii);
  BITMAP m;
  GetObjectA(ii.hbmMask, sizeof m, &m);
  printf("IDI_APPLICATION 16: %d mask %ldx%ld\n", ok, (long)m.bmWidth, (long)m.bmHeight);
  DeleteObject(ii.hbmColor), DeleteObject(ii.hbmMask);
  // A shared icon outlives DestroyIcon.
  HICON app = LoadIconA(NULL, IDI_APPLICATION);
  BOOL destroyed = DestroyIcon(app);
  ok = GetIconInfo(app, &ii);
  printf("DestroyIcon shared: %d, still there: %d\n", destroyed, ok);
  if (ok) DeleteObject(ii.hbmColor), DeleteObject(ii.hbmMask);
}

static void errors(void) {
  HICON bad = (HICON)(ULONG_PTR)0x1234;
  ICONINFO ii;
  SetLastError(0xdead);
  BOOL a = GetIconInfo(bad, &ii);
  Canvas c = canvas(8, 8);
  BOOL b = DrawIcon(c.dc, 0, 0, bad);
  BOOL d = DrawIconEx(c.dc, 0, 0, bad, 0, 0, 0, NULL, DI_NORMAL);
  BOOL e = DestroyIcon(bad);
  BOOL f = DestroyCursor(NULL);
  HICON g = CopyIcon(bad);
  printf("bad handle: GetIconInfo %d DrawIcon %d DrawIconEx %d DestroyIcon %d DestroyCursor(NULL) %d CopyIcon %s\n", a,
         b, d, e, f, g ? "made" : "NULL");
  free_canvas(&c);
}

int main(void) {
  made();
  loaded();
  from_files();
  system_images();
  errors();
  return 0;
}
