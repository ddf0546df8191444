// COMCTL32's image lists without a window: lists made at several colour depths, images added from
// bitmaps (with a mask bitmap, with a transparent colour, with their own alpha) and icons, read
// back (counts, rectangles, the bitmaps GetImageInfo gives), drawn into a DIB section in each
// style (normal, transparent, mask, image, over a background colour, blended, with an overlay,
// through a raster operation, at a constant alpha), removed, replaced, copied and swapped, counted
// up, duplicated, merged, made into icons, written to a stream and read back, used through their
// IImageList interface, and the drag image's bookkeeping. Each drawing is printed as a checksum of
// its pixels and a few of them. The same program under wine 8.0 gives the expected output.
// Links: -lcomctl32 -lgdi32 -luser32 -lole32 -luuid
#define COBJMACROS
#include <windows.h>
#include <commctrl.h>
#include <commoncontrols.h>
#include <objbase.h>
#include <stdio.h>
#include <string.h>

// Functions and GUIDs mingw-w64's headers and import library leave out, found at run time.
static DWORD(WINAPI* GetFlags)(HIMAGELIST);
static BOOL(WINAPI* GetImageRect)(HIMAGELIST, int, RECT*);
static HRESULT(WINAPI* QueryList)(HIMAGELIST, REFIID, void**);
static HRESULT(WINAPI* CoCreateList)(REFCLSID, const IUnknown*, REFIID, void**);
static const GUID iid_image_list = {0x46eb5926, 0x582e, 0x4017, {0x9f, 0xdf, 0xe8, 0x99, 0x8d, 0xaa, 0x09, 0x50}};
static const GUID clsid_image_list = {0x7c476ba2, 0x02b1, 0x48f4, {0x80, 0x48, 0xb2, 0x46, 0x19, 0xdd, 0xc0, 0x58}};

static HDC canvas_dc;
static DWORD* canvas;  // 40 x 40, 32 bits, top-down
enum { W = 40, H = 40 };

static void clear_canvas(COLORREF c) {
  DWORD v = (GetRValue(c) << 16) | (GetGValue(c) << 8) | GetBValue(c);
  for (int i = 0; i < W * H; i++) canvas[i] = v;
}

// FNV-1a of the canvas's colours (the alpha byte left out), and the pixels at a few places.
static void show(const char* what) {
  unsigned h = 2166136261u;
  for (int i = 0; i < W * H; i++) {
    DWORD v = canvas[i] & 0xffffff;
    for (int k = 0; k < 3; k++) h = (h ^ ((v >> (8 * k)) & 0xff)) * 16777619u;
  }
  printf("%-28s %08x  (0,0)=%06lx (2,2)=%06lx (5,6)=%06lx (9,9)=%06lx (15,15)=%06lx (17,3)=%06lx\n", what, h,
         canvas[0] & 0xffffff, canvas[2 * W + 2] & 0xffffff, canvas[6 * W + 5] & 0xffffff,
         canvas[9 * W + 9] & 0xffffff, canvas[15 * W + 15] & 0xffffff, canvas[3 * W + 17] & 0xffffff);
}

// A DIB section of `w` x `h` pixels at `bpp` bits; `bits` gets its pixels (32 bits: top-down).
static HBITMAP dib(int w, int h, int bpp, void** bits) {
  BITMAPINFO bi;
  memset(&bi, 0, sizeof bi);
  bi.bmiHeader.biSize = sizeof bi.bmiHeader;
  bi.bmiHeader.biWidth = w;
  bi.bmiHeader.biHeight = -h;
  bi.bmiHeader.biPlanes = 1;
  bi.bmiHeader.biBitCount = (WORD)bpp;
  return CreateDIBSection(NULL, &bi, DIB_RGB_COLORS, bits, NULL, 0);
}

// Three 16 x 16 images side by side: a square of a colour of its own with a magenta border two
// pixels wide, and a diagonal stripe in a second colour.
static HBITMAP strip(void) {
  DWORD* px;
  HBITMAP b = dib(48, 16, 32, (void**)&px);
  static const DWORD fill[3] = {0x0000c0, 0xc00000, 0x00a000}, stripe[3] = {0xffff00, 0x00ffff, 0xffffff};
  for (int k = 0; k < 3; k++)
    for (int y = 0; y < 16; y++)
      for (int x = 0; x < 16; x++) {
        DWORD v = fill[k];
        if (x < 2 || y < 2 || x > 13 || y > 13) v = 0xff00ff;
        else if (x == y || x == y + 1) v = stripe[k];
        px[y * 48 + k * 16 + x] = v;
      }
  return b;
}

static HBITMAP mask_bitmap(int w, int h, int inset) {
  HBITMAP m = CreateBitmap(w, h, 1, 1, NULL);
  HDC dc = CreateCompatibleDC(NULL);
  HGDIOBJ old = SelectObject(dc, m);
  PatBlt(dc, 0, 0, w, h, WHITENESS);
  PatBlt(dc, inset, inset, w - 2 * inset, h - 2 * inset, BLACKNESS);
  SelectObject(dc, old);
  DeleteDC(dc);
  return m;
}

static void describe(HIMAGELIST l, const char* what) {
  int cx = -1, cy = -1;
  ImageList_GetIconSize(l, &cx, &cy);
  printf("%s: count %d size %dx%d flags %#x bk %08lx\n", what, ImageList_GetImageCount(l), cx, cy,
         GetFlags(l), (unsigned long)ImageList_GetBkColor(l));
}

static void info(HIMAGELIST l, int i) {
  IMAGEINFO ii;
  memset(&ii, 0, sizeof ii);
  BOOL ok = ImageList_GetImageInfo(l, i, &ii);
  printf("  info %d: %d", i, ok);
  if (ok) {
    BITMAP bm, mm;
    memset(&mm, 0, sizeof mm);
    GetObjectA(ii.hbmImage, sizeof bm, &bm);
    if (ii.hbmMask) GetObjectA(ii.hbmMask, sizeof mm, &mm);
    printf(" rect (%ld,%ld)-(%ld,%ld) image %ldx%ld %d bpp, mask %s %ldx%ld %d bpp", ii.rcImage.left, ii.rcImage.top,
           ii.rcImage.right, ii.rcImage.bottom, bm.bmWidth, bm.bmHeight, bm.bmBitsPixel, ii.hbmMask ? "yes" : "no",
           mm.bmWidth, mm.bmHeight, mm.bmBitsPixel);
  }
  printf("\n");
}

static void draw(HIMAGELIST l, int i, UINT style, const char* what) {
  clear_canvas(RGB(0x80, 0x80, 0x80));
  BOOL ok = ImageList_Draw(l, i, canvas_dc, 2, 2, style);
  char label[64];
  snprintf(label, sizeof label, "%s (%d)", what, ok);
  show(label);
}

// ---- the stream ----
static void stream_round_trip(HIMAGELIST l) {
  IStream* s = NULL;
  CreateStreamOnHGlobal(NULL, TRUE, &s);
  BOOL ok = ImageList_Write(l, s);
  STATSTG st;
  IStream_Stat(s, &st, STATFLAG_NONAME);
  HGLOBAL g;
  GetHGlobalFromStream(s, &g);
  const BYTE* b = GlobalLock(g);
  WORD head[14];
  memcpy(head, b, sizeof head);
  printf("write: %d, %lu bytes; magic %04x version %04x count %u max %u grow %u size %ux%u bk %08lx flags %#x ovls %d %d %d %d\n",
         ok, (unsigned long)st.cbSize.QuadPart, head[0], head[1], head[2], head[3], head[4], head[5], head[6],
         (unsigned long)(head[7] | head[8] << 16), head[9], (short)head[10], (short)head[11], (short)head[12],
         (short)head[13]);
  const BYTE* f = b + 28;
  BITMAPINFOHEADER bih;
  memcpy(&bih, f + 14, sizeof bih);
  printf("  image bitmap: %c%c offset %lu, %ldx%ld %d bpp compression %lu\n", f[0], f[1],
         (unsigned long)*(const DWORD*)(f + 10), bih.biWidth, bih.biHeight, bih.biBitCount, (unsigned long)bih.biCompression);
  unsigned image_bytes = ((bih.biWidth * bih.biBitCount + 31) / 32) * 4 * (bih.biHeight < 0 ? -bih.biHeight : bih.biHeight);
  const BYTE* m = f + *(const DWORD*)(f + 10) + image_bytes;
  memcpy(&bih, m + 14, sizeof bih);
  printf("  mask bitmap: %c%c offset %lu, %ldx%ld %d bpp\n", m[0], m[1], (unsigned long)*(const DWORD*)(m + 10),
         bih.biWidth, bih.biHeight, bih.biBitCount);
  GlobalUnlock(g);
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  IStream_Seek(s, zero, STREAM_SEEK_SET, NULL);
  HIMAGELIST r = ImageList_Read(s);
  printf("read: %s\n", r ? "a list" : "NULL");
  if (r) {
    describe(r, "  read back");
    for (int i = 0; i < ImageList_GetImageCount(r); i++) {
      char what[32];
      snprintf(what, sizeof what, "  read image %d", i);
      draw(r, i, ILD_TRANSPARENT, what);
    }
    ImageList_Destroy(r);
  }
  // A stream that is not an image list.
  IStream* bad = NULL;
  CreateStreamOnHGlobal(NULL, TRUE, &bad);
  IStream_Write(bad, "not an image list at all, not even close to one", 48, NULL);
  IStream_Seek(bad, zero, STREAM_SEEK_SET, NULL);
  printf("read of other bytes: %s\n", ImageList_Read(bad) ? "a list" : "NULL");
  IStream_Release(bad);
  IStream_Release(s);
}

int main(void) {
  void* bits;
  HBITMAP target = dib(W, H, 32, &bits);
  canvas = bits;
  canvas_dc = CreateCompatibleDC(NULL);
  SelectObject(canvas_dc, target);
  InitCommonControls();
  HMODULE cc = GetModuleHandleA("comctl32.dll");
  GetFlags = (void*)GetProcAddress(cc, "ImageList_GetFlags");
  GetImageRect = (void*)GetProcAddress(cc, "ImageList_GetImageRect");
  QueryList = (void*)GetProcAddress(cc, "HIMAGELIST_QueryInterface");
  CoCreateList = (void*)GetProcAddress(cc, "ImageList_CoCreateInstance");
  if (!GetFlags || !GetImageRect || !QueryList || !CoCreateList) {
    printf("comctl32.dll lacks an image list function\n");
    return 1;
  }

  printf("-- creation\n");
  printf("create 0x0: %s, -1 wide: %s\n", ImageList_Create(0, 0, ILC_COLOR24, 1, 1) ? "a list" : "NULL",
         ImageList_Create(-1, 16, ILC_COLOR24, 1, 1) ? "a list" : "NULL");
  printf("create 100000x100000: %s\n", ImageList_Create(100000, 100000, ILC_COLOR24 | ILC_MASK, 1, 1) ? "a list" : "NULL");
  HIMAGELIST l = ImageList_Create(16, 16, ILC_COLOR24 | ILC_MASK, 2, 3);
  describe(l, "new");
  HBITMAP s = strip();
  printf("add masked: %d\n", ImageList_AddMasked(l, s, RGB(255, 0, 255)));
  describe(l, "after AddMasked");
  HBITMAP m = mask_bitmap(48, 16, 1);
  printf("add with mask: %d\n", ImageList_Add(l, s, m));
  HBITMAP narrow = dib(10, 16, 32, &bits);
  printf("add of a narrower bitmap: %d\n", ImageList_Add(l, narrow, NULL));
  describe(l, "after Add");
  for (int i = 0; i < 7; i++) info(l, i);
  RECT r;
  printf("rect 5: %d, rect 6: %d, rect -1: %d\n", GetImageRect(l, 5, &r), GetImageRect(l, 6, &r),
         GetImageRect(l, -1, &r));

  printf("-- drawing\n");
  draw(l, 0, ILD_NORMAL, "0 normal (bk none)");
  draw(l, 1, ILD_TRANSPARENT, "1 transparent");
  draw(l, 1, ILD_MASK, "1 mask");
  draw(l, 1, ILD_IMAGE, "1 image");
  draw(l, 4, ILD_TRANSPARENT, "4 transparent (inset mask)");
  printf("bk was %08lx\n", (unsigned long)ImageList_SetBkColor(l, RGB(0x10, 0x20, 0x30)));
  draw(l, 1, ILD_NORMAL, "1 normal over bk");
  draw(l, 1, ILD_TRANSPARENT, "1 transparent with bk");
  ImageList_SetBkColor(l, CLR_NONE);
  draw(l, 2, ILD_BLEND50, "2 blend50");
  draw(l, 2, ILD_BLEND25, "2 blend25");
  printf("overlay 1 = image 0: %d, overlay 16: %d\n", ImageList_SetOverlayImage(l, 0, 1), ImageList_SetOverlayImage(l, 0, 16));
  draw(l, 1, ILD_TRANSPARENT | INDEXTOOVERLAYMASK(1), "1 with overlay 1");
  clear_canvas(RGB(0x80, 0x80, 0x80));
  printf("drawex: %d\n", ImageList_DrawEx(l, 2, canvas_dc, 3, 1, 10, 12, RGB(0, 0, 0x40), CLR_DEFAULT, ILD_NORMAL));
  show("2 drawex 10x12 over bk");
  IMAGELISTDRAWPARAMS dp;
  memset(&dp, 0, sizeof dp);
  dp.cbSize = sizeof dp;
  dp.himl = l, dp.i = 1, dp.hdcDst = canvas_dc, dp.x = 4, dp.y = 4, dp.xBitmap = 3, dp.yBitmap = 2, dp.cx = 8, dp.cy = 9;
  dp.rgbBk = CLR_NONE, dp.rgbFg = CLR_DEFAULT, dp.fStyle = ILD_ROP, dp.dwRop = SRCINVERT;
  clear_canvas(RGB(0x80, 0x80, 0x80));
  printf("drawindirect rop: %d\n", ImageList_DrawIndirect(&dp));
  show("1 indirect srcinvert");
  dp.fStyle = ILD_NORMAL, dp.fState = ILS_ALPHA, dp.Frame = 128, dp.xBitmap = dp.yBitmap = 0, dp.cx = dp.cy = 0;
  clear_canvas(RGB(0x80, 0x80, 0x80));
  printf("drawindirect alpha: %d\n", ImageList_DrawIndirect(&dp));
  show("1 indirect alpha 128");
  printf("draw of image 9: %d\n", ImageList_Draw(l, 9, canvas_dc, 0, 0, ILD_NORMAL));

  printf("-- changes\n");
  HBITMAP small_mask = mask_bitmap(16, 16, 3);
  printf("replace 0 with the narrow bitmap: %d\n", ImageList_Replace(l, 0, narrow, small_mask));
  draw(l, 0, ILD_TRANSPARENT, "0 replaced");
  printf("remove 0: %d, remove 9: %d\n", ImageList_Remove(l, 0), ImageList_Remove(l, 9));
  describe(l, "after Remove");
  draw(l, 0, ILD_TRANSPARENT, "0 (was 1)");
  printf("copy 3 to 0: %d\n", ImageList_Copy(l, 0, l, 3, ILCF_MOVE));
  draw(l, 0, ILD_TRANSPARENT, "0 (a copy of 3)");
  // (swapped in a copy: wine 8.0 leaves the mask where the image should be, and the list is used on)
  HIMAGELIST sw = ImageList_Duplicate(l);
  printf("swap 0 and 1: %d\n", ImageList_Copy(sw, 0, sw, 1, ILCF_SWAP));
  draw(sw, 0, ILD_TRANSPARENT, "0 after swap");
  draw(sw, 1, ILD_TRANSPARENT, "1 after swap");
  ImageList_Destroy(sw);
  printf("set count 7: %d\n", ImageList_SetImageCount(l, 7));
  describe(l, "after SetImageCount");
  info(l, 6);
  HIMAGELIST d = ImageList_Duplicate(l);
  describe(d, "duplicate");
  draw(d, 1, ILD_TRANSPARENT, "duplicate 1");
  HIMAGELIST mg = ImageList_Merge(l, 1, l, 2, 5, 3);
  describe(mg, "merged 1 and 2 at (5,3)");
  draw(mg, 0, ILD_TRANSPARENT, "merged");
  HIMAGELIST mg2 = ImageList_Merge(l, 2, l, 1, -4, 0);
  describe(mg2, "merged 2 and 1 at (-4,0)");
  draw(mg2, 0, ILD_TRANSPARENT, "merged left");
  ImageList_Destroy(mg2);
  ImageList_Destroy(mg);

  printf("-- icons\n");
  HICON icon = ImageList_GetIcon(l, 2, ILD_NORMAL);
  ICONINFO ii;
  BITMAP ib, im;
  memset(&ib, 0, sizeof ib);
  GetIconInfo(icon, &ii);
  GetObjectA(ii.hbmMask, sizeof im, &im);
  if (ii.hbmColor) GetObjectA(ii.hbmColor, sizeof ib, &ib);
  printf("icon: %s, is icon %d, mask %ldx%ld, colour %ldx%ld\n", icon ? "made" : "none", ii.fIcon, im.bmWidth, im.bmHeight,
         ib.bmWidth, ib.bmHeight);
  clear_canvas(RGB(0x80, 0x80, 0x80));
  DrawIconEx(canvas_dc, 2, 2, icon, 16, 16, 0, NULL, DI_NORMAL);
  show("icon drawn");
  int before = ImageList_GetImageCount(l);
  printf("add icon: %d (count was %d)\n", ImageList_AddIcon(l, icon), before);
  draw(l, before, ILD_TRANSPARENT, "added icon");
  printf("replace icon 0: %d, replace icon 99: %d\n", ImageList_ReplaceIcon(l, 0, icon), ImageList_ReplaceIcon(l, 99, icon));
  DestroyIcon(icon);

  printf("-- depths\n");
  static const UINT depths[] = {ILC_COLOR, ILC_COLOR4, ILC_COLOR8, ILC_COLOR16, ILC_COLOR24, ILC_COLOR32};
  for (int k = 0; k < 6; k++) {
    HIMAGELIST c = ImageList_Create(16, 16, depths[k] | ILC_MASK, 1, 1);
    ImageList_AddMasked(c, s, RGB(255, 0, 255));
    char what[48];
    snprintf(what, sizeof what, "depth %#x", depths[k]);
    describe(c, what);
    info(c, 0);
    draw(c, 1, ILD_TRANSPARENT, "  image 1");
    ImageList_Destroy(c);
  }
  // A 32-bit image with alpha: half-transparent centre, opaque border.
  DWORD* ap;
  HBITMAP alpha = dib(16, 16, 32, (void**)&ap);
  for (int y = 0; y < 16; y++)
    for (int x = 0; x < 16; x++) ap[y * 16 + x] = (x < 4 || y < 4) ? 0xff2040c0 : 0x80204060;
  HIMAGELIST a = ImageList_Create(16, 16, ILC_COLOR32, 1, 1);
  printf("add alpha image: %d\n", ImageList_Add(a, alpha, NULL));
  draw(a, 0, ILD_NORMAL, "alpha image");
  draw(a, 0, ILD_BLEND50, "alpha image blend50");

  printf("-- the interface\n");
  IImageList* il = NULL;
  HRESULT hr = QueryList(l, &iid_image_list, (void**)&il);
  printf("query IImageList: %08lx, the handle itself: %d\n", (unsigned long)hr, (void*)il == (void*)l);
  int n = -1;
  IImageList_GetImageCount(il, &n);
  printf("IImageList count %d\n", n);
  int index = -1;
  hr = IImageList_AddMasked(il, s, RGB(255, 0, 255), &index);
  printf("IImageList AddMasked %08lx index %d\n", (unsigned long)hr, index);
  DWORD flags = 99;
  hr = IImageList_GetItemFlags(il, 0, &flags);
  printf("item flags %08lx %lu; of image 99: %08lx\n", (unsigned long)hr, (unsigned long)flags,
         (unsigned long)IImageList_GetItemFlags(il, 99, &flags));
  IImageList* ia = NULL;
  QueryList(a, &iid_image_list, (void**)&ia);
  IImageList_GetItemFlags(ia, 0, &flags);
  printf("alpha image's flags %lu\n", (unsigned long)flags);
  IImageList* clone = NULL;
  hr = IImageList_Clone(il, &iid_image_list, (void**)&clone);
  IImageList_GetImageCount(clone, &n);
  printf("clone %08lx count %d\n", (unsigned long)hr, n);
  COLORREF old = 0;
  IImageList_SetBkColor(clone, RGB(1, 2, 3), &old);
  COLORREF now = 0;
  IImageList_GetBkColor(clone, &now);
  printf("clone bk %08lx -> %08lx\n", (unsigned long)old, (unsigned long)now);
  printf("clone release: %lu\n", IImageList_Release(clone));
  IUnknown* unk = NULL;
  printf("query IUnknown: %08lx; IDispatch: %08lx\n", (unsigned long)IImageList_QueryInterface(il, &IID_IUnknown, (void**)&unk),
         (unsigned long)IImageList_QueryInterface(il, &IID_IDispatch, (void**)&clone));
  IUnknown_Release(unk);
  IImageList* made = NULL;
  hr = CoCreateList(&clsid_image_list, NULL, &iid_image_list, (void**)&made);
  printf("CoCreateInstance %08lx %s\n", (unsigned long)hr, made ? "an object" : "none");
  if (made) {
    IImageList_GetImageCount(made, &n);
    printf("  its count %d\n", n);
    IImageList_Release(made);
  }
  IImageList_Release(ia);
  IImageList_Release(il);

  printf("-- dragging\n");
  POINT pos, hot;
  printf("drag image before: %s\n", ImageList_GetDragImage(&pos, &hot) ? "a list" : "NULL");
  printf("begin drag: %d, again: %d\n", ImageList_BeginDrag(l, 1, 3, 4), ImageList_BeginDrag(l, 1, 3, 4));
  HIMAGELIST dl = ImageList_GetDragImage(&pos, &hot);
  printf("drag image: %s at (%ld,%ld) hotspot (%ld,%ld)\n", dl ? "a list" : "NULL", pos.x, pos.y, hot.x, hot.y);
  describe(dl, "  drag list");
  printf("cursor image: %d\n", ImageList_SetDragCursorImage(l, 2, 6, 6));
  dl = ImageList_GetDragImage(&pos, &hot);
  describe(dl, "  with cursor");
  printf("drag move (hidden): %d\n", ImageList_DragMove(10, 12));
  ImageList_GetDragImage(&pos, &hot);
  printf("  at (%ld,%ld)\n", pos.x, pos.y);
  ImageList_EndDrag();
  printf("drag image after: %s\n", ImageList_GetDragImage(&pos, &hot) ? "a list" : "NULL");

  printf("-- streams\n");
  stream_round_trip(l);

  printf("-- removal\n");
  printf("remove all: %d\n", ImageList_Remove(l, -1));
  describe(l, "after Remove(-1)");
  printf("set icon size 8x8: %d\n", ImageList_SetIconSize(l, 8, 8));
  describe(l, "after SetIconSize");
  printf("destroy: %d, duplicate: %d, alpha: %d\n", ImageList_Destroy(l), ImageList_Destroy(d), ImageList_Destroy(a));
  printf("destroy of NULL: %d\n", ImageList_Destroy(NULL));
  return 0;
}
