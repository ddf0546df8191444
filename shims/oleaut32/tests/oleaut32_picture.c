// OLE pictures: OleCreatePictureIndirect of a bitmap, an icon and no picture (and a type there is
// not); IPicture's properties, Render (stretched, part of the picture, an icon's mask, a zero
// size), SelectPicture;
// IPersistStream's Save and OleLoadPicture of what it wrote, of a bare bitmap file and of an icon
// file; SaveAsFile; IPictureDisp (its type's names, the properties and Render through Invoke);
// IPropertyNotifySink notifications through the connection point; OleLoadPicturePath and
// OleSavePictureFile and OleLoadPictureFile with a file; OleIconToCursor.
// Links: -loleaut32 -lole32 -luuid -lgdi32 -luser32
#define COBJMACROS
#include <windows.h>
#include <ole2.h>
#include <olectl.h>
#include <stdio.h>
#include <string.h>

static HDC canvas_dc;
static HBITMAP canvas;

// A 24-bit canvas of 8 x 6 pixels, all white.
static void clear_canvas(void) {
  RECT r = {0, 0, 8, 6};
  FillRect(canvas_dc, &r, (HBRUSH)GetStockObject(WHITE_BRUSH));
}
static void print_canvas(const char* label, int w, int h) {
  printf("%s:", label);
  for (int y = 0; y < h; ++y) {
    printf(" |");
    for (int x = 0; x < w; ++x) printf(" %06lx", (unsigned long)GetPixel(canvas_dc, x, y));
  }
  printf("\n");
}

// A 4 x 3 bitmap: red, green, blue, white on the top row; each row below darker.
static HBITMAP make_bitmap(void) {
  BITMAPINFO bi;
  memset(&bi, 0, sizeof bi);
  bi.bmiHeader.biSize = sizeof(BITMAPINFOHEADER);
  bi.bmiHeader.biWidth = 4;
  bi.bmiHeader.biHeight = -3;
  bi.bmiHeader.biPlanes = 1;
  bi.bmiHeader.biBitCount = 24;
  void* bits;
  HBITMAP b = CreateDIBSection(NULL, &bi, DIB_RGB_COLORS, &bits, NULL, 0);
  HDC dc = CreateCompatibleDC(NULL);
  HGDIOBJ old = SelectObject(dc, b);
  COLORREF top[4] = {RGB(255, 0, 0), RGB(0, 255, 0), RGB(0, 0, 255), RGB(255, 255, 255)};
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 4; ++x) {
      int f = 3 - y;
      COLORREF c = top[x];
      SetPixel(dc, x, y, RGB(GetRValue(c) * f / 3, GetGValue(c) * f / 3, GetBValue(c) * f / 3));
    }
  SelectObject(dc, old);
  DeleteDC(dc);
  return b;
}

// A 4 x 4 icon: a blue image whose left half the mask leaves transparent.
static HICON make_icon(void) {
  BYTE mask_bits[4 * 2];  // 1-bit rows of 16 bits
  for (int y = 0; y < 4; ++y) mask_bits[2 * y] = 0xc0, mask_bits[2 * y + 1] = 0;
  HBITMAP mask = CreateBitmap(4, 4, 1, 1, mask_bits);
  HDC screen = GetDC(NULL);
  HBITMAP color = CreateCompatibleBitmap(screen, 4, 4);
  ReleaseDC(NULL, screen);
  HDC dc = CreateCompatibleDC(NULL);
  HGDIOBJ old = SelectObject(dc, color);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) SetPixel(dc, x, y, x < 2 ? RGB(0, 0, 0) : RGB(0, 0, 200));
  SelectObject(dc, old);
  DeleteDC(dc);
  ICONINFO ii = {TRUE, 0, 0, mask, color};
  HICON icon = CreateIconIndirect(&ii);
  DeleteObject(mask);
  DeleteObject(color);
  return icon;
}

static void describe(const char* label, IPicture* pic) {
  SHORT type = -7;
  OLE_XSIZE_HIMETRIC w = -7;
  OLE_YSIZE_HIMETRIC h = -7;
  DWORD attr = 77;
  BOOL keep = -7;
  OLE_HANDLE handle = 0, pal = 7;
  HDC dc = (HDC)7;
  IPicture_get_Type(pic, &type);
  IPicture_get_Width(pic, &w);
  IPicture_get_Height(pic, &h);
  IPicture_get_Attributes(pic, &attr);
  IPicture_get_KeepOriginalFormat(pic, &keep);
  HRESULT hr = IPicture_get_Handle(pic, &handle);
  HRESULT hp = IPicture_get_hPal(pic, &pal);
  IPicture_get_CurDC(pic, &dc);
  printf("%s: type %d size %ld x %ld attributes %lu keep %d handle %08lx %s hPal %08lx dc %d\n", label, type, w, h, attr,
         keep, hr, handle ? "set" : "0", hp, dc == NULL);
}

static void render(const char* label, IPicture* pic, LONG x, LONG y, LONG cx, LONG cy, LONG xs, LONG ys, LONG cxs, LONG cys) {
  clear_canvas();
  HRESULT hr = IPicture_Render(pic, canvas_dc, x, y, cx, cy, xs, ys, cxs, cys, NULL);
  printf("render %s: %08lx\n", label, hr);
  char line[80];
  snprintf(line, sizeof line, "  %s canvas", label);
  print_canvas(line, 8, 6);
}

static IStream* new_stream(void) {
  IStream* s = NULL;
  CreateStreamOnHGlobal(NULL, TRUE, &s);
  return s;
}
static void rewind_stream(IStream* s) {
  LARGE_INTEGER zero = {{0, 0}};
  IStream_Seek(s, zero, STREAM_SEEK_SET, NULL);
}
static ULONG stream_bytes(IStream* s, BYTE* out, ULONG max) {
  STATSTG st;
  IStream_Stat(s, &st, STATFLAG_NONAME);
  rewind_stream(s);
  ULONG got = 0;
  IStream_Read(s, out, max, &got);
  rewind_stream(s);
  return (ULONG)st.cbSize.QuadPart;
}
static void print_bytes(const char* label, const BYTE* b, ULONG n) {
  printf("%s:", label);
  for (ULONG k = 0; k < n; ++k) printf(" %02x", b[k]);
  printf("\n");
}

// ---- an IPropertyNotifySink that prints what it is told ----
typedef struct Sink {
  IPropertyNotifySinkVtbl* lpVtbl;
  LONG refs;
} Sink;
static HRESULT STDMETHODCALLTYPE Sink_QueryInterface(IPropertyNotifySink* s, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IPropertyNotifySink)) {
    *out = s;
    IPropertyNotifySink_AddRef(s);
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE Sink_AddRef(IPropertyNotifySink* s) { return ++((Sink*)s)->refs; }
static ULONG STDMETHODCALLTYPE Sink_Release(IPropertyNotifySink* s) { return --((Sink*)s)->refs; }
static HRESULT STDMETHODCALLTYPE Sink_OnChanged(IPropertyNotifySink* s, DISPID id) {
  (void)s;
  printf("  OnChanged %ld\n", id);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Sink_OnRequestEdit(IPropertyNotifySink* s, DISPID id) {
  (void)s, (void)id;
  return S_OK;
}
static IPropertyNotifySinkVtbl kSinkVtbl = {Sink_QueryInterface, Sink_AddRef, Sink_Release, Sink_OnChanged,
                                            Sink_OnRequestEdit};

static void notifications(IPicture* pic) {
  IConnectionPointContainer* cpc = NULL;
  IConnectionPoint* cp = NULL;
  HRESULT hr = IPicture_QueryInterface(pic, &IID_IConnectionPointContainer, (void**)&cpc);
  printf("IConnectionPointContainer: %08lx\n", hr);
  hr = IConnectionPointContainer_FindConnectionPoint(cpc, &IID_IDispatch, &cp);
  printf("point for IDispatch: %08lx null %d\n", hr, cp == NULL);
  hr = IConnectionPointContainer_FindConnectionPoint(cpc, &IID_IPropertyNotifySink, &cp);
  printf("point for IPropertyNotifySink: %08lx\n", hr);
  IID iid;
  IConnectionPoint_GetConnectionInterface(cp, &iid);
  IConnectionPointContainer* back = NULL;
  IConnectionPoint_GetConnectionPointContainer(cp, &back);
  printf("  its interface %d, its container %d\n", IsEqualIID(&iid, &IID_IPropertyNotifySink), back == cpc);
  {
    IEnumConnectionPoints* ecp = NULL;
    hr = IConnectionPointContainer_EnumConnectionPoints(cpc, &ecp);
    printf("EnumConnectionPoints: %08lx\n", hr);
    if (ecp) {
      IConnectionPoint* pts[3] = {NULL, NULL, NULL};
      ULONG got = 0;
      hr = IEnumConnectionPoints_Next(ecp, 3, pts, &got);
      printf("  points: %08lx %lu, the one found %d\n", hr, got, got && pts[0] == cp);
      for (ULONG k = 0; k < got; ++k) IConnectionPoint_Release(pts[k]);
      IEnumConnectionPoints_Release(ecp);
    }
  }
  if (back) IConnectionPointContainer_Release(back);
  IEnumConnections* en = NULL;
  hr = IConnectionPoint_EnumConnections(cp, &en);
  printf("  connections before any: %08lx\n", hr);
  Sink sink = {&kSinkVtbl, 1};
  DWORD cookie = 0, cookie2 = 0;
  hr = IConnectionPoint_Advise(cp, (IUnknown*)&sink, &cookie);
  printf("  Advise: %08lx cookie %lu refs %ld\n", hr, cookie, sink.refs);
  hr = IConnectionPoint_Advise(cp, (IUnknown*)&sink, &cookie2);
  printf("  Advise again: %08lx cookie %lu\n", hr, cookie2);
  hr = IConnectionPoint_EnumConnections(cp, &en);
  if (hr == S_OK) {
    CONNECTDATA cd[3];
    ULONG got = 0;
    hr = IEnumConnections_Next(en, 3, cd, &got);
    printf("  connections: %08lx %lu:", hr, got);
    for (ULONG k = 0; k < got; ++k) {
      printf(" cookie %lu sink %d", cd[k].dwCookie, cd[k].pUnk == (IUnknown*)&sink);
      IUnknown_Release(cd[k].pUnk);
    }
    printf("\n");
    IEnumConnections_Release(en);
  }
  printf("PictureChanged:\n");
  IPicture_PictureChanged(pic);
  IConnectionPoint_Unadvise(cp, cookie2);
  printf("set_hPal:\n");
  hr = IPicture_set_hPal(pic, 0);
  printf("  %08lx\n", hr);
  hr = IConnectionPoint_Unadvise(cp, cookie2);
  printf("Unadvise twice: %08lx; a cookie never given: %08lx\n", hr, IConnectionPoint_Unadvise(cp, 9));
  IConnectionPoint_Unadvise(cp, cookie);
  printf("  sink refs %ld\n", sink.refs);
  IConnectionPoint_Release(cp);
  IConnectionPointContainer_Release(cpc);
}

static void dispatch(IPicture* pic) {
  IDispatch* disp = NULL;
  HRESULT hr = IPicture_QueryInterface(pic, &IID_IPictureDisp, (void**)&disp);
  printf("IPictureDisp: %08lx\n", hr);
  UINT n = 0;
  IDispatch_GetTypeInfoCount(disp, &n);
  ITypeInfo* ti = NULL;
  hr = IDispatch_GetTypeInfo(disp, 0, 0, &ti);
  BSTR name = NULL;
  if (ti) ITypeInfo_GetDocumentation(ti, MEMBERID_NIL, &name, NULL, NULL, NULL);
  printf("  type infos %u, 0: %08lx %ls; 1: %08lx\n", n, hr, name, IDispatch_GetTypeInfo(disp, 1, 0, &ti));
  SysFreeString(name);
  const WCHAR* names[] = {L"Handle", L"hPal", L"Type", L"Width", L"Height", L"Render", L"Nothing"};
  for (int k = 0; k < 7; ++k) {
    DISPID id = -7;
    LPOLESTR nm = (LPOLESTR)names[k];
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &nm, 1, 0, &id);
    printf("  id of %ls: %08lx %ld\n", names[k], hr, id);
  }
  DISPPARAMS none = {NULL, NULL, 0, 0};
  DISPID gets[] = {DISPID_PICT_TYPE, DISPID_PICT_WIDTH, DISPID_PICT_HEIGHT, DISPID_PICT_HPAL, 77};
  for (int k = 0; k < 5; ++k) {
    VARIANT v;
    VariantInit(&v);
    hr = IDispatch_Invoke(disp, gets[k], &IID_NULL, 0, DISPATCH_PROPERTYGET, &none, &v, NULL, NULL);
    printf("  get %ld: %08lx vt %d value %ld\n", gets[k], hr, V_VT(&v), V_VT(&v) == VT_I2 ? V_I2(&v) : V_I4(&v));
  }
  VARIANT v;
  VariantInit(&v);
  hr = IDispatch_Invoke(disp, DISPID_PICT_WIDTH, &IID_IDispatch, 0, DISPATCH_PROPERTYGET, &none, &v, NULL, NULL);
  printf("  with an IID: %08lx\n", hr);
  hr = IDispatch_Invoke(disp, DISPID_PICT_WIDTH, &IID_NULL, 0, DISPATCH_PROPERTYGET, &none, NULL, NULL, NULL);
  printf("  no result: %08lx\n", hr);
  hr = IDispatch_Invoke(disp, DISPID_PICT_WIDTH, &IID_NULL, 0, DISPATCH_PROPERTYGET, NULL, &v, NULL, NULL);
  printf("  no DISPPARAMS: %08lx\n", hr);
  // Render(hdc, x, y, cx, cy, xSrc, ySrc, cxSrc, cySrc, bounds) in reverse.
  VARIANT args[10];
  LONG values[10] = {0, -79, 106, 79, 0, 6, 8, 0, 0, (LONG)(INT_PTR)canvas_dc};
  for (int k = 0; k < 10; ++k) V_VT(&args[k]) = VT_I4, V_I4(&args[k]) = values[k];
  DISPPARAMS params = {args, NULL, 10, 0};
  clear_canvas();
  hr = IDispatch_Invoke(disp, DISPID_PICT_RENDER, &IID_NULL, 0, DISPATCH_METHOD, &params, NULL, NULL, NULL);
  printf("  Render through Invoke: %08lx\n", hr);
  print_canvas("  Invoke's canvas", 8, 6);
  params.cArgs = 9;
  hr = IDispatch_Invoke(disp, DISPID_PICT_RENDER, &IID_NULL, 0, DISPATCH_METHOD, &params, NULL, NULL, NULL);
  printf("  Render with 9 arguments: %08lx\n", hr);
  IDispatch_Release(disp);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  canvas_dc = CreateCompatibleDC(NULL);
  {
    HDC screen = GetDC(NULL);
    canvas = CreateCompatibleBitmap(screen, 8, 6);
    ReleaseDC(NULL, screen);
  }
  SelectObject(canvas_dc, canvas);

  // A bitmap picture.
  HBITMAP bitmap = make_bitmap();
  PICTDESC desc;
  desc.cbSizeofstruct = sizeof desc;
  desc.picType = PICTYPE_BITMAP;
  desc.bmp.hbitmap = bitmap;
  desc.bmp.hpal = NULL;
  IPicture* pic = NULL;
  HRESULT hr = OleCreatePictureIndirect(&desc, &IID_IPicture, TRUE, (void**)&pic);
  printf("OleCreatePictureIndirect(bitmap): %08lx\n", hr);
  describe("bitmap", pic);
  OLE_HANDLE h = 0;
  IPicture_get_Handle(pic, &h);
  printf("  the handle given: %d\n", (HBITMAP)(ULONG_PTR)h == bitmap);
  LONG w, hh;
  IPicture_get_Width(pic, &w);
  IPicture_get_Height(pic, &hh);
  render("whole, same size", pic, 0, 0, 4, 3, 0, hh, w, -hh);
  render("whole, twice the size", pic, 0, 0, 8, 6, 0, hh, w, -hh);
  render("its right half at 1,1", pic, 1, 1, 2, 3, w / 2, hh, w / 2, -hh);
  render("nothing wide", pic, 0, 0, 0, 3, 0, hh, w, -hh);
  {
    HDC dc = CreateCompatibleDC(NULL), old_dc = (HDC)7, cur = NULL;
    OLE_HANDLE selected = 0;
    hr = IPicture_SelectPicture(pic, dc, &old_dc, &selected);
    IPicture_get_CurDC(pic, &cur);
    printf("SelectPicture: %08lx old dc null %d bitmap %d current %d in the DC %d\n", hr, old_dc == NULL,
           (HBITMAP)(ULONG_PTR)selected == bitmap, cur == dc, GetCurrentObject(dc, OBJ_BITMAP) == bitmap);
    hr = IPicture_SelectPicture(pic, NULL, &old_dc, NULL);
    printf("  out again: %08lx old dc %d, the DC's own bitmap back %d\n", hr, old_dc == dc,
           GetCurrentObject(dc, OBJ_BITMAP) != bitmap);
    DeleteDC(dc);
  }
  notifications(pic);
  dispatch(pic);

  // Saved and loaded back.
  IPersistStream* ps = NULL;
  IPicture_QueryInterface(pic, &IID_IPersistStream, (void**)&ps);
  CLSID clsid;
  IPersistStream_GetClassID(ps, &clsid);
  printf("class StdPicture %d\n", IsEqualCLSID(&clsid, &CLSID_StdPicture));
  IStream* s = new_stream();
  hr = IPersistStream_Save(ps, s, TRUE);
  BYTE bytes[200];
  ULONG size = stream_bytes(s, bytes, sizeof bytes);
  printf("Save: %08lx, %lu bytes\n", hr, size);
  print_bytes("  header and file header", bytes, 8 + 14);
  print_bytes("  info header", bytes + 22, 40);
  print_bytes("  first row", bytes + 62, 12);
  IPicture* loaded = NULL;
  hr = OleLoadPicture(s, 0, FALSE, &IID_IPicture, (void**)&loaded);
  printf("OleLoadPicture of it: %08lx\n", hr);
  if (loaded) {
    describe("loaded", loaded);
    render("loaded, whole", loaded, 0, 0, 4, 3, 0, hh, w, -hh);
    IStream* out = new_stream();
    LONG written = 0;
    hr = IPicture_SaveAsFile(loaded, out, TRUE, &written);
    printf("SaveAsFile: %08lx %ld bytes\n", hr, written);
    IStream_Release(out);
    IPicture_Release(loaded);
  }
  // The bitmap file alone, without the length header.
  {
    IStream* bare = new_stream();
    IStream_Write(bare, bytes + 8, size - 8, NULL);
    rewind_stream(bare);
    hr = OleLoadPicture(bare, 0, FALSE, &IID_IPictureDisp, (void**)&loaded);
    printf("OleLoadPicture of the bare file as IPictureDisp: %08lx\n", hr);
    if (loaded) {
      IPicture* ip = NULL;
      IUnknown_QueryInterface((IUnknown*)loaded, &IID_IPicture, (void**)&ip);
      describe("bare", ip);
      IPicture_Release(ip);
      IUnknown_Release((IUnknown*)loaded);
    }
    IStream_Release(bare);
  }
  {
    IStream* junk = new_stream();
    IStream_Write(junk, "lt\0\0\4\0\0\0junk", 12, NULL);
    rewind_stream(junk);
    loaded = (IPicture*)1;
    hr = OleLoadPicture(junk, 0, FALSE, &IID_IPicture, (void**)&loaded);
    printf("OleLoadPicture of junk: %08lx null %d\n", hr, loaded == NULL);
    IStream_Release(junk);
  }
  IStream_Release(s);
  IPersistStream_Release(ps);

  // An icon picture.
  HICON icon = make_icon();
  desc.picType = PICTYPE_ICON;
  desc.icon.hicon = icon;
  IPicture* ipic = NULL;
  hr = OleCreatePictureIndirect(&desc, &IID_IPicture, TRUE, (void**)&ipic);
  printf("OleCreatePictureIndirect(icon): %08lx\n", hr);
  describe("icon", ipic);
  {
    HCURSOR cursor = OleIconToCursor(NULL, icon);
    ICONINFO ii;
    BOOL got = cursor && GetIconInfo(cursor, &ii);
    printf("OleIconToCursor: %d, another handle %d\n", got, cursor != icon);
    if (got) {
      DeleteObject(ii.hbmMask);
      if (ii.hbmColor) DeleteObject(ii.hbmColor);
      DestroyCursor(cursor);
    }
  }
  IPicture_get_Width(ipic, &w);
  IPicture_get_Height(ipic, &hh);
  render("icon", ipic, 0, 0, 4, 4, 0, hh, w, -hh);
  IPicture_QueryInterface(ipic, &IID_IPersistStream, (void**)&ps);
  s = new_stream();
  hr = IPersistStream_Save(ps, s, TRUE);
  size = stream_bytes(s, bytes, sizeof bytes);
  printf("Save of the icon: %08lx, %lu bytes\n", hr, size);
  print_bytes("  header, directory and entry", bytes, 8 + 22);
  print_bytes("  info header", bytes + 30, 40);
  hr = OleLoadPicture(s, 0, FALSE, &IID_IPicture, (void**)&loaded);
  printf("OleLoadPicture of it: %08lx\n", hr);
  if (hr == S_OK) {
    describe("loaded icon", loaded);
    render("loaded icon", loaded, 0, 0, 4, 4, 0, hh, w, -hh);
    IPicture_Release(loaded);
  }
  IStream_Release(s);
  IPersistStream_Release(ps);
  IPicture_Release(ipic);

  // No picture, and a type there is not.
  desc.picType = PICTYPE_NONE;
  hr = OleCreatePictureIndirect(&desc, &IID_IPicture, TRUE, (void**)&ipic);
  printf("OleCreatePictureIndirect(none): %08lx\n", hr);
  describe("none", ipic);
  render("none", ipic, 0, 0, 4, 3, 0, 10, 10, -10);
  IPicture_QueryInterface(ipic, &IID_IPersistStream, (void**)&ps);
  s = new_stream();
  hr = IPersistStream_Save(ps, s, TRUE);
  size = stream_bytes(s, bytes, sizeof bytes);
  printf("Save: %08lx, %lu bytes\n", hr, size);
  print_bytes("  bytes", bytes, size);
  hr = OleLoadPicture(s, 0, FALSE, &IID_IPicture, (void**)&loaded);
  printf("OleLoadPicture of it: %08lx\n", hr);
  if (hr == S_OK) {
    describe("loaded none", loaded);
    IPicture_Release(loaded);
  }
  IStream_Release(s);
  IPersistStream_Release(ps);
  IPicture_Release(ipic);
  hr = OleCreatePictureIndirect(NULL, &IID_IPicture, TRUE, (void**)&ipic);
  printf("OleCreatePictureIndirect(NULL): %08lx\n", hr);
  describe("uninitialized", ipic);
  IPicture_Release(ipic);
  desc.picType = 9;
  ipic = (IPicture*)1;
  hr = OleCreatePictureIndirect(&desc, &IID_IPicture, TRUE, (void**)&ipic);
  printf("OleCreatePictureIndirect(type 9): %08lx null %d\n", hr, ipic == NULL);
  desc.picType = PICTYPE_BITMAP;
  hr = OleCreatePictureIndirect(&desc, &IID_IStream, TRUE, (void**)&ipic);
  printf("OleCreatePictureIndirect as IStream: %08lx null %d\n", hr, ipic == NULL);

  // Files.
  {
    WCHAR path[MAX_PATH], full[MAX_PATH];
    GetCurrentDirectoryW(MAX_PATH, full);
    swprintf(path, MAX_PATH, L"%ls\\oleaut32_picture.bmp", full);
    IDispatch* disp = NULL;
    IPicture_QueryInterface(pic, &IID_IPictureDisp, (void**)&disp);
    BSTR file = SysAllocString(path);
    hr = OleSavePictureFile(disp, file);
    WIN32_FILE_ATTRIBUTE_DATA fa;
    BOOL there = GetFileAttributesExW(path, GetFileExInfoStandard, &fa);
    printf("OleSavePictureFile: %08lx, file of %lu bytes %d\n", hr, there ? fa.nFileSizeLow : 0, there);
    IDispatch_Release(disp);
    hr = OleLoadPicturePath(path, NULL, 0, 0, &IID_IPicture, (void**)&loaded);
    printf("OleLoadPicturePath: %08lx\n", hr);
    if (hr == S_OK) {
      describe("from the file", loaded);
      IPicture_Release(loaded);
    }
    {
      VARIANT name;
      V_VT(&name) = VT_BSTR;
      V_BSTR(&name) = file;
      IDispatch* got = NULL;
      hr = OleLoadPictureFile(name, &got);
      printf("OleLoadPictureFile: %08lx\n", hr);
      if (got) {
        IPicture* ip = NULL;
        IDispatch_QueryInterface(got, &IID_IPicture, (void**)&ip);
        describe("from OleLoadPictureFile", ip);
        IPicture_Release(ip);
        IDispatch_Release(got);
      }
    }
    DeleteFileW(path);
    hr = OleLoadPicturePath(path, NULL, 0, 0, &IID_IPicture, (void**)&loaded);
    printf("OleLoadPicturePath of a file that is not there: %08lx\n", hr);
    {
      VARIANT name;
      V_VT(&name) = VT_BSTR;
      V_BSTR(&name) = file;
      IDispatch* got = (IDispatch*)1;
      hr = OleLoadPictureFile(name, &got);
      printf("OleLoadPictureFile of a file that is not there: %08lx null %d\n", hr, got == NULL);
    }
    SysFreeString(file);
  }
  printf("release: %lu\n", IPicture_Release(pic));
  printf("the bitmap went with it: %d\n", GetObjectType(bitmap) == 0);
  return 0;
}
