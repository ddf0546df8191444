// OLE32.dll: the wire forms of the types COM interfaces pass that RPC cannot copy as they are
// (the *_UserSize, *_UserMarshal, *_UserUnmarshal and *_UserFree functions MIDL-generated proxies
// and stubs call). The first argument is a USER_MARSHAL_CB whose first 32 bits are the flags, the
// destination context in their low word: MSHCTX_INPROC (3) passes handles as they are, the other
// contexts copy what a handle holds (a global block's bytes, a bitmap's, a metafile's). Each item
// starts 4-byte aligned; the wire tags are WDT_INPROC_CALL ("WdtH"), WDT_INPROC64_CALL ("WdtP", a
// 64-bit handle) and WDT_REMOTE_CALL ("WdtR"). Malformed data raises the RPC exception the wire
// rules name (RPC_S_INVALID_TAG, RPC_X_BAD_STUB_DATA, RPC_S_INVALID_BOUND), as Windows' do.
//
// USER32's handles (HWND, HMENU, HACCEL, HBRUSH, HICON, HDC) are valid in one session only: they
// pass as 32-bit values (a RemotableHandle) and cannot go to another machine. Metafiles' bits come
// from GDI32's GetMetaFileBitsEx/GetEnhMetaFileBits, which polyrun's GDI32 does not provide: no
// metafile handle can exist here, and a remote metafile arriving stops the program at
// SetMetaFileBitsEx/SetEnhMetaFileBits as any call of a missing function does. A palette's remote
// form is its LOGPALETTE (palVersion, palNumEntries, the entries) after a count.
#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/ole32/exports.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr uint32_t WDT_INPROC_CALL = 0x48746457, WDT_REMOTE_CALL = 0x52746457, WDT_INPROC64_CALL = 0x50746457;
constexpr uint32_t RPC_S_INVALID_TAG = 1733, RPC_S_INVALID_BOUND = 1734, RPC_X_BAD_STUB_DATA = 1783,
                   RPC_X_NO_MEMORY = 14, USER_MARSHAL_PTR_PREFIX = 0x72657355;

uint32_t context_of(Ptr flags) { return get<uint32_t>(flags.addr) & 0xffff; }
uint32_t align4(uint32_t size) { return (size + 3) & ~3u; }
uint64_t align4(uint64_t at) { return (at + 3) & ~uint64_t{3}; }

// A function GDI32 must have for the data at hand: its result, or the program stops naming it.
uint64_t gdi32_needed(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export_needed("gdi32.dll", "GDI32.dll", name, args);
}
uint64_t gdi32_if_any(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("gdi32.dll", name, args, 0);
}

// ---- USER32's and GDI32's session handles: a RemotableHandle (tag, 32-bit handle) ----
enum SessionHandle { kHwnd, kHmenu, kHaccel, kHbrush, kHicon, kHdc };

template <SessionHandle K>
uint32_t HandleSize(WindowsProcess& p, Ptr flags, uint32_t size, Ptr) {
  if (context_of(flags) == MSHCTX_DIFFERENTMACHINE) raise_from_call_of<&HandleSize<K>>(p, RPC_S_INVALID_TAG);
  return align4(size) + 8;
}
template <SessionHandle K>
Ptr HandleMarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr handle) {
  if (context_of(flags) == MSHCTX_DIFFERENTMACHINE) raise_from_call_of<&HandleMarshal<K>>(p, RPC_S_INVALID_TAG);
  const uint64_t at = align4(buffer.addr);
  put<uint32_t>(at, WDT_INPROC_CALL);
  put<uint32_t>(at + 4, static_cast<uint32_t>(p.get_ptr(handle.addr)));
  return Ptr(at + 8);
}
template <SessionHandle K>
Ptr HandleUnmarshal(WindowsProcess& p, Ptr, Ptr buffer, Ptr handle) {
  const uint64_t at = align4(buffer.addr);
  if (get<uint32_t>(at) != WDT_INPROC_CALL) raise_from_call_of<&HandleUnmarshal<K>>(p, RPC_X_BAD_STUB_DATA);
  p.put_ptr(handle.addr, static_cast<uint64_t>(static_cast<int64_t>(get<int32_t>(at + 4))));
  return Ptr(at + 8);
}
template <SessionHandle K>
void HandleFree(WindowsProcess&, Ptr, Ptr) {}

// ---- handles whose data travels: global blocks and metafiles ----
enum DataHandle { kHglobal, kHmetafile, kHenhmetafile };

// The bytes a handle holds (for the remote forms).
uint32_t data_size(WindowsProcess& p, DataHandle k, uint64_t h) {
  switch (k) {
    case kHglobal: return static_cast<uint32_t>(kernel32(p, "GlobalSize", {h}));
    case kHmetafile: return static_cast<uint32_t>(gdi32_if_any(p, "GetMetaFileBitsEx", {h, 0, 0}));
    case kHenhmetafile: return static_cast<uint32_t>(gdi32_if_any(p, "GetEnhMetaFileBits", {h, 0, 0}));
  }
  return 0;
}
void copy_data(WindowsProcess& p, DataHandle k, uint64_t h, uint32_t size, uint64_t to) {
  switch (k) {
    case kHglobal: {
      const uint64_t from = kernel32(p, "GlobalLock", {h});
      if (from && size) std::memcpy(guest_pointer(to), guest_pointer(from), size);
      kernel32(p, "GlobalUnlock", {h});
      break;
    }
    case kHmetafile: gdi32_if_any(p, "GetMetaFileBitsEx", {h, size, to}); break;
    case kHenhmetafile: gdi32_if_any(p, "GetEnhMetaFileBits", {h, size, to}); break;
  }
}

// The start of a handle's wire form: in the process, the tag and the handle itself, which is all
// of it; else WDT_REMOTE_CALL and the handle's low 32 bits, its data following unless it is null.
// True when the form is complete there; `at` is where it ends or the data goes.
bool put_handle_header(WindowsProcess& p, Ptr flags, uint64_t& at, uint64_t h) {
  if (context_of(flags) == MSHCTX_INPROC) {
    put<uint32_t>(at, p.isa->ptr == 8 ? WDT_INPROC64_CALL : WDT_INPROC_CALL);
    p.put_ptr(at + 4, h);
    at += 4 + p.isa->ptr;
    return true;
  }
  put<uint32_t>(at, WDT_REMOTE_CALL);
  put<uint32_t>(at + 4, static_cast<uint32_t>(h));
  at += 8;
  return h == 0;
}

template <DataHandle K>
uint32_t DataSize(WindowsProcess& p, Ptr flags, uint32_t size, Ptr handle) {
  size = align4(size) + 4;
  if (context_of(flags) == MSHCTX_INPROC) return size + p.isa->ptr;
  size += 4;
  const uint64_t h = p.get_ptr(handle.addr);
  if (h) size += (K == kHglobal ? 12 : 8) + data_size(p, K, h);
  return size;
}

template <DataHandle K>
Ptr DataMarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr handle) {
  uint64_t at = align4(buffer.addr);
  const uint64_t h = p.get_ptr(handle.addr);
  if (put_handle_header(p, flags, at, h)) return Ptr(at);
  const uint32_t size = data_size(p, K, h);
  put<uint32_t>(at, size);
  if (K == kHglobal) {
    put<uint32_t>(at + 4, static_cast<uint32_t>(h));
    put<uint32_t>(at + 8, size);
    at += 12;
  } else {
    put<uint32_t>(at + 4, size);
    at += 8;
  }
  copy_data(p, K, h, size, at);
  return Ptr(at + size);
}

template <DataHandle K>
Ptr DataUnmarshal(WindowsProcess& p, Ptr, Ptr buffer, Ptr handle) {
  uint64_t at = align4(buffer.addr);
  const uint32_t context = get<uint32_t>(at);
  at += 4;
  const uint32_t inproc = p.isa->ptr == 8 ? WDT_INPROC64_CALL : WDT_INPROC_CALL;
  if (context == inproc) {
    p.put_ptr(handle.addr, p.get_ptr(at));
    return Ptr(at + p.isa->ptr);
  }
  if (context != WDT_REMOTE_CALL) raise_from_call_of<&DataUnmarshal<K>>(p, RPC_S_INVALID_TAG);
  const uint32_t remote = get<uint32_t>(at);
  at += 4;
  if (!remote) {
    p.put_ptr(handle.addr, 0);
    return Ptr(at);
  }
  const uint32_t size = get<uint32_t>(at);
  if (K == kHglobal) {
    if (get<uint32_t>(at + 4) != remote || get<uint32_t>(at + 8) != size)
      raise_from_call_of<&DataUnmarshal<K>>(p, RPC_X_BAD_STUB_DATA);
    at += 12;
    const uint64_t h = kernel32(p, "GlobalAlloc", {GMEM_MOVEABLE, size});
    if (!h) raise_from_call_of<&DataUnmarshal<K>>(p, RPC_X_NO_MEMORY);
    const uint64_t to = kernel32(p, "GlobalLock", {h});
    if (size) std::memcpy(guest_pointer(to), guest_pointer(at), size);
    kernel32(p, "GlobalUnlock", {h});
    p.put_ptr(handle.addr, h);
  } else {
    if (get<uint32_t>(at + 4) != size) raise_from_call_of<&DataUnmarshal<K>>(p, RPC_X_BAD_STUB_DATA);
    at += 8;
    p.put_ptr(handle.addr,
              gdi32_needed(p, K == kHmetafile ? "SetMetaFileBitsEx" : "SetEnhMetaFileBits", {size, at}));
  }
  return Ptr(at + size);
}

template <DataHandle K>
void DataFree(WindowsProcess& p, Ptr flags, Ptr handle) {
  if (context_of(flags) == MSHCTX_INPROC) return;
  const uint64_t h = p.get_ptr(handle.addr);
  if (K == kHglobal) {
    if (h) kernel32(p, "GlobalFree", {h});
  } else {
    gdi32_if_any(p, K == kHmetafile ? "DeleteMetaFile" : "DeleteEnhMetaFile", {h});
  }
}

// ---- HBITMAP: in-process the 32-bit handle; remote its BITMAP header (bmType … bmBitsPixel, 18
// bytes) and bits (GetBitmapBits), remade with CreateBitmapIndirect ----
constexpr uint32_t kBitmapHeader = 18;

uint32_t HBITMAP_UserSize(WindowsProcess& p, Ptr flags, uint32_t size, Ptr bitmap) {
  size = align4(size) + 4;
  if (context_of(flags) == MSHCTX_INPROC) return size + 4;
  size += 4;
  const uint64_t h = p.get_ptr(bitmap.addr);
  if (h) size += 4 + kBitmapHeader + static_cast<uint32_t>(gdi32(p, "GetBitmapBits", {h, 0, 0}));
  return size;
}

Ptr HBITMAP_UserMarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr bitmap) {
  uint64_t at = align4(buffer.addr);
  const uint64_t h = p.get_ptr(bitmap.addr);
  put<uint32_t>(at, context_of(flags) == MSHCTX_INPROC ? WDT_INPROC_CALL : WDT_REMOTE_CALL);
  put<uint32_t>(at + 4, static_cast<uint32_t>(h));
  at += 8;
  if (context_of(flags) == MSHCTX_INPROC || !h) return Ptr(at);
  const uint32_t size = static_cast<uint32_t>(gdi32(p, "GetBitmapBits", {h, 0, 0}));
  put<uint32_t>(at, size);
  at += 4;
  const uint32_t bitmap_struct = p.isa->ptr == 8 ? 32 : 24;
  Scratch header(p, bitmap_struct);
  gdi32(p, "GetObjectW", {h, bitmap_struct, header.addr});
  std::memcpy(guest_pointer(at), guest_pointer(header.addr), kBitmapHeader);
  at += kBitmapHeader;
  gdi32(p, "GetBitmapBits", {h, size, at});
  return Ptr(at + size);
}

Ptr HBITMAP_UserUnmarshal(WindowsProcess& p, Ptr, Ptr buffer, Ptr bitmap) {
  uint64_t at = align4(buffer.addr);
  const uint32_t context = get<uint32_t>(at);
  at += 4;
  if (context == WDT_INPROC_CALL) {
    p.put_ptr(bitmap.addr, get<uint32_t>(at));
    return Ptr(at + 4);
  }
  if (context != WDT_REMOTE_CALL) raise_from_call_of<&HBITMAP_UserUnmarshal>(p, RPC_S_INVALID_TAG);
  const uint32_t remote = get<uint32_t>(at);
  at += 4;
  if (!remote) {
    p.put_ptr(bitmap.addr, 0);
    return Ptr(at);
  }
  const uint32_t size = get<uint32_t>(at);
  at += 4;
  const uint32_t bitmap_struct = p.isa->ptr == 8 ? 32 : 24;
  Scratch header(p, bitmap_struct);
  std::memcpy(guest_pointer(header.addr), guest_pointer(at), kBitmapHeader);
  at += kBitmapHeader;
  Scratch bits(p, size);
  std::memcpy(guest_pointer(bits.addr), guest_pointer(at), size);
  p.put_ptr(header.addr + (p.isa->ptr == 8 ? 24 : 20), bits.addr);  // bmBits
  p.put_ptr(bitmap.addr, gdi32(p, "CreateBitmapIndirect", {header.addr}));
  return Ptr(at + size);
}

void HBITMAP_UserFree(WindowsProcess& p, Ptr flags, Ptr bitmap) {
  if (context_of(flags) != MSHCTX_INPROC) gdi32(p, "DeleteObject", {p.get_ptr(bitmap.addr)});
}

// ---- HPALETTE: in-process the handle (as a global block's); remote its entries ----
uint32_t HPALETTE_UserSize(WindowsProcess& p, Ptr flags, uint32_t size, Ptr palette) {
  size = align4(size) + 4;
  if (context_of(flags) == MSHCTX_INPROC) return size + p.isa->ptr;
  size += 4;
  const uint64_t h = p.get_ptr(palette.addr);
  if (h) size += 4 + 4 + 4 * static_cast<uint32_t>(gdi32(p, "GetPaletteEntries", {h, 0, 0, 0}));
  return size;
}

Ptr HPALETTE_UserMarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr palette) {
  uint64_t at = align4(buffer.addr);
  const uint64_t h = p.get_ptr(palette.addr);
  if (put_handle_header(p, flags, at, h)) return Ptr(at);
  const uint32_t count = static_cast<uint32_t>(gdi32(p, "GetPaletteEntries", {h, 0, 0, 0}));
  put<uint32_t>(at, count);
  put<uint16_t>(at + 4, 0x300);
  put<uint16_t>(at + 6, static_cast<uint16_t>(count));
  gdi32(p, "GetPaletteEntries", {h, 0, count, at + 8});
  return Ptr(at + 8 + 4 * count);
}

Ptr HPALETTE_UserUnmarshal(WindowsProcess& p, Ptr, Ptr buffer, Ptr palette) {
  uint64_t at = align4(buffer.addr);
  const uint32_t context = get<uint32_t>(at);
  at += 4;
  const uint32_t inproc = p.isa->ptr == 8 ? WDT_INPROC64_CALL : WDT_INPROC_CALL;
  if (context == inproc) {
    p.put_ptr(palette.addr, p.get_ptr(at));
    return Ptr(at + p.isa->ptr);
  }
  if (context != WDT_REMOTE_CALL) raise_from_call_of<&HPALETTE_UserUnmarshal>(p, RPC_S_INVALID_TAG);
  const uint32_t remote = get<uint32_t>(at);
  at += 4;
  if (!remote) {
    p.put_ptr(palette.addr, 0);
    return Ptr(at);
  }
  const uint32_t count = get<uint32_t>(at);
  if (get<uint16_t>(at + 6) != count) raise_from_call_of<&HPALETTE_UserUnmarshal>(p, RPC_S_INVALID_BOUND);
  p.put_ptr(palette.addr, gdi32(p, "CreatePalette", {at + 4}));
  return Ptr(at + 8 + 4 * count);
}

void HPALETTE_UserFree(WindowsProcess& p, Ptr flags, Ptr palette) {
  if (context_of(flags) != MSHCTX_INPROC) gdi32(p, "DeleteObject", {p.get_ptr(palette.addr)});
}

// ---- HMETAFILEPICT: a global block holding a METAFILEPICT (mm, xExt, yExt, hMF) ----
uint32_t HMETAFILEPICT_UserSize(WindowsProcess& p, Ptr flags, uint32_t size, Ptr picture) {
  size = align4(size) + 4;
  if (context_of(flags) == MSHCTX_INPROC) return size + p.isa->ptr;
  size += 4;
  const uint64_t h = p.get_ptr(picture.addr);
  if (!h) return size;
  size += 3 * 4 + 4;
  const uint64_t mfp = kernel32(p, "GlobalLock", {h});
  size = DataSize<kHmetafile>(p, flags, size, Ptr(mfp + 12));
  kernel32(p, "GlobalUnlock", {h});
  return size;
}

Ptr HMETAFILEPICT_UserMarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr picture) {
  uint64_t at = align4(buffer.addr);
  const uint64_t h = p.get_ptr(picture.addr);
  if (put_handle_header(p, flags, at, h)) return Ptr(at);
  const uint64_t mfp = kernel32(p, "GlobalLock", {h});
  std::memcpy(guest_pointer(at), guest_pointer(mfp), 12);  // mm, xExt, yExt
  put<uint32_t>(at + 12, USER_MARSHAL_PTR_PREFIX);
  const Ptr end = DataMarshal<kHmetafile>(p, flags, Ptr(at + 16), Ptr(mfp + 12));
  kernel32(p, "GlobalUnlock", {h});
  return end;
}

Ptr HMETAFILEPICT_UserUnmarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr picture) {
  uint64_t at = align4(buffer.addr);
  const uint32_t context = get<uint32_t>(at);
  at += 4;
  if (context == WDT_INPROC_CALL || context == WDT_INPROC64_CALL) {
    p.put_ptr(picture.addr, p.get_ptr(at));
    return Ptr(at + p.isa->ptr);
  }
  const uint32_t remote = get<uint32_t>(at);
  at += 4;
  p.put_ptr(picture.addr, 0);
  if (!remote) return Ptr(at);
  const uint64_t h = kernel32(p, "GlobalAlloc", {GMEM_MOVEABLE, 12 + p.isa->ptr});
  if (!h) raise_from_call_of<&HMETAFILEPICT_UserUnmarshal>(p, static_cast<uint32_t>(com::E_OUTOFMEMORY));
  p.put_ptr(picture.addr, h);
  const uint64_t mfp = kernel32(p, "GlobalLock", {h});
  std::memcpy(guest_pointer(mfp), guest_pointer(at), 12);
  if (get<uint32_t>(at + 12) != USER_MARSHAL_PTR_PREFIX) raise_from_call_of<&HMETAFILEPICT_UserUnmarshal>(p, RPC_S_INVALID_TAG);
  const Ptr end = DataUnmarshal<kHmetafile>(p, flags, Ptr(at + 16), Ptr(mfp + 12));
  kernel32(p, "GlobalUnlock", {h});
  return end;
}

void HMETAFILEPICT_UserFree(WindowsProcess& p, Ptr flags, Ptr picture) {
  const uint64_t h = p.get_ptr(picture.addr);
  if (context_of(flags) == MSHCTX_INPROC || !h) return;
  const uint64_t mfp = kernel32(p, "GlobalLock", {h});
  DataFree<kHmetafile>(p, flags, Ptr(mfp + 12));
  kernel32(p, "GlobalUnlock", {h});
  kernel32(p, "GlobalFree", {h});
}

// ---- CLIPFORMAT: in-process (and for the predefined formats) the number; to another machine a
// registered format's name, registered again there ----
uint32_t CLIPFORMAT_UserSize(WindowsProcess& p, Ptr flags, uint32_t size, Ptr format) {
  size = align4(size) + 8;
  const uint16_t cf = get<uint16_t>(format.addr);
  if (cf >= 0xc000 && context_of(flags) == MSHCTX_DIFFERENTMACHINE) {
    Scratch name(p, 2 * 256);
    const uint32_t n = static_cast<uint32_t>(user32(p, "GetClipboardFormatNameW", {cf, name.addr, 254}));
    if (!n) raise_from_call_of<&CLIPFORMAT_UserSize>(p, static_cast<uint32_t>(DV_E_CLIPFORMAT));
    size += 12 + (n + 1) * 2;
  }
  return size;
}

Ptr CLIPFORMAT_UserMarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr format) {
  uint64_t at = align4(buffer.addr);
  const uint16_t cf = get<uint16_t>(format.addr);
  if (cf >= 0xc000 && context_of(flags) == MSHCTX_DIFFERENTMACHINE) {
    put<uint32_t>(at, WDT_REMOTE_CALL);
    put<uint32_t>(at + 4, cf);
    Scratch name(p, 2 * 256);
    uint32_t n = static_cast<uint32_t>(user32(p, "GetClipboardFormatNameW", {cf, name.addr, 254}));
    if (!n) raise_from_call_of<&CLIPFORMAT_UserMarshal>(p, static_cast<uint32_t>(DV_E_CLIPFORMAT));
    ++n;
    put<uint32_t>(at + 8, n);
    put<uint32_t>(at + 12, 0);
    put<uint32_t>(at + 16, n);
    std::memcpy(guest_pointer(at + 20), guest_pointer(name.addr), n * 2);
    return Ptr(at + 20 + n * 2);
  }
  put<uint32_t>(at, WDT_INPROC_CALL);
  put<uint32_t>(at + 4, cf);
  return Ptr(at + 8);
}

Ptr CLIPFORMAT_UserUnmarshal(WindowsProcess& p, Ptr, Ptr buffer, Ptr format) {
  uint64_t at = align4(buffer.addr);
  const uint32_t context = get<uint32_t>(at);
  if (context == WDT_INPROC_CALL) {
    put<uint16_t>(format.addr, get<uint16_t>(at + 4));
    return Ptr(at + 8);
  }
  if (context != WDT_REMOTE_CALL) raise_from_call_of<&CLIPFORMAT_UserUnmarshal>(p, RPC_S_INVALID_TAG);
  if (get<uint32_t>(at + 4) == 0) raise_from_call_of<&CLIPFORMAT_UserUnmarshal>(p, RPC_S_INVALID_BOUND);
  const uint32_t n = get<uint32_t>(at + 8);
  if (get<uint32_t>(at + 12) != 0 || get<uint32_t>(at + 16) != n || n == 0 || get<uint16_t>(at + 20 + (n - 1) * 2) != 0)
    raise_from_call_of<&CLIPFORMAT_UserUnmarshal>(p, RPC_S_INVALID_BOUND);
  const uint32_t cf = static_cast<uint32_t>(user32(p, "RegisterClipboardFormatW", {at + 20}));
  if (!cf) raise_from_call_of<&CLIPFORMAT_UserUnmarshal>(p, static_cast<uint32_t>(DV_E_CLIPFORMAT));
  put<uint16_t>(format.addr, static_cast<uint16_t>(cf));
  return Ptr(at + 20 + n * 2);
}

// A registered format stays registered (there is no unregistering one): nothing to free.
void CLIPFORMAT_UserFree(WindowsProcess&, Ptr, Ptr) {}

// ---- SNB: a NULL-terminated array of strings, as its character count, string count, data
// length and the strings one after another; unmarshalled into one block of the stub's allocator ----
uint32_t SNB_UserSize(WindowsProcess& p, Ptr, uint32_t size, Ptr snb) {
  size = align4(size) + 12;
  const uint64_t list = p.get_ptr(snb.addr);
  for (uint64_t at = list; list && p.get_ptr(at); at += p.isa->ptr)
    size += static_cast<uint32_t>(read_wide(p.get_ptr(at)).size() + 1) * 2;
  return size;
}

Ptr SNB_UserMarshal(WindowsProcess& p, Ptr, Ptr buffer, Ptr snb) {
  const uint64_t at = align4(buffer.addr);
  uint32_t chars = 0, strings = 0;
  uint64_t data = at + 12;
  const uint64_t list = p.get_ptr(snb.addr);
  for (uint64_t item = list; list && p.get_ptr(item); item += p.isa->ptr) {
    const std::u16string s = read_wide(p.get_ptr(item));
    std::memcpy(guest_pointer(data), s.c_str(), (s.size() + 1) * 2);
    data += (s.size() + 1) * 2;
    chars += static_cast<uint32_t>(s.size() + 1);
    ++strings;
  }
  put<uint32_t>(at, chars);
  put<uint32_t>(at + 4, strings);
  put<uint32_t>(at + 8, chars);
  return Ptr(data);
}

// The stub message's allocator and its free (USER_MARSHAL_CB.pStubMsg->pfnAllocate, pfnFree).
uint64_t stub_function(WindowsProcess& p, Ptr flags, bool allocate) {
  const uint64_t message = p.get_ptr(flags.addr + p.isa->ptr);
  const uint64_t offset = p.isa->ptr == 8 ? (allocate ? 120 : 128) : (allocate ? 72 : 76);
  return p.get_ptr(message + offset);
}

Ptr SNB_UserUnmarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr snb) {
  const uint64_t at = buffer.addr;
  const uint64_t old = p.get_ptr(snb.addr);
  if (old) p.call_guest(stub_function(p, flags, false), {old});
  const uint32_t strings = get<uint32_t>(at + 4), length = get<uint32_t>(at + 8);
  if (length == 0) {
    p.put_ptr(snb.addr, 0);
    return Ptr(at + 12);
  }
  const unsigned ptr = p.isa->ptr;
  const uint64_t block = p.call_guest(stub_function(p, flags, true), {(strings + 1) * ptr + length * 2});
  uint64_t to = block + (strings + 1) * ptr, from = at + 12;
  for (uint32_t i = 0; i < strings; ++i) {
    const std::u16string s = read_wide(from);
    std::memcpy(guest_pointer(to), s.c_str(), (s.size() + 1) * 2);
    p.put_ptr(block + i * ptr, to);
    to += (s.size() + 1) * 2;
    from += (s.size() + 1) * 2;
  }
  p.put_ptr(block + strings * ptr, 0);
  p.put_ptr(snb.addr, block);
  return Ptr(at + 12 + length * 2);
}

void SNB_UserFree(WindowsProcess& p, Ptr flags, Ptr snb) {
  const uint64_t list = p.get_ptr(snb.addr);
  if (list) p.call_guest(stub_function(p, flags, false), {list});
}

// ---- interface pointers: a marshalled OBJREF (CoMarshalInterface) after its size, twice ----
uint32_t WdtpInterfacePointer_UserSize(WindowsProcess& p, Ptr, uint32_t real_flags, uint32_t size, Ptr object,
                                       Ptr iid) {
  Scratch max(p, 4);
  const int32_t hr = static_cast<int32_t>(p.call_export(
      "ole32.dll", "CoGetMarshalSizeMax", {max.addr, iid.addr, object.addr, real_flags & 0xffff, 0, 0}));
  if (com::failed(hr)) return size;
  return align4(size) + 8 + get<uint32_t>(max.addr);
}

Ptr WdtpInterfacePointer_UserMarshal(WindowsProcess& p, Ptr, uint32_t real_flags, Ptr buffer, Ptr object, Ptr iid) {
  Scratch made(p, 8);
  if (p.call_export("ole32.dll", "CreateStreamOnHGlobal", {0, 1, made.addr}) != 0) return Ptr(0);
  const uint64_t stream = p.get_ptr(made.addr);
  const int32_t hr = static_cast<int32_t>(p.call_export(
      "ole32.dll", "CoMarshalInterface", {stream, iid.addr, object.addr, real_flags & 0xffff, 0, 0}));
  if (hr != com::S_OK) {
    call_method(p, stream, kRelease);
    return buffer;
  }
  Scratch global(p, 8);
  p.call_export("ole32.dll", "GetHGlobalFromStream", {stream, global.addr});
  const uint64_t h = p.get_ptr(global.addr);
  const uint32_t size = static_cast<uint32_t>(kernel32(p, "GlobalSize", {h}));
  const uint64_t at = align4(buffer.addr);
  put<uint32_t>(at, size);
  put<uint32_t>(at + 4, size);
  const uint64_t from = kernel32(p, "GlobalLock", {h});
  std::memcpy(guest_pointer(at + 8), guest_pointer(from), size);
  kernel32(p, "GlobalUnlock", {h});
  call_method(p, stream, kRelease);
  return Ptr(at + 8 + size);
}

Ptr WdtpInterfacePointer_UserUnmarshal(WindowsProcess& p, Ptr, Ptr buffer, Ptr out, Ptr iid) {
  const uint64_t at = align4(buffer.addr);
  const uint32_t size = get<uint32_t>(at);
  if (get<uint32_t>(at + 4) != size) raise_from_call_of<&WdtpInterfacePointer_UserUnmarshal>(p, RPC_X_BAD_STUB_DATA);
  const uint64_t h = kernel32(p, "GlobalAlloc", {GMEM_MOVEABLE, size});
  if (!h) raise_from_call_of<&WdtpInterfacePointer_UserUnmarshal>(p, RPC_X_NO_MEMORY);
  Scratch made(p, 8);
  if (p.call_export("ole32.dll", "CreateStreamOnHGlobal", {h, 1, made.addr}) != 0) {
    kernel32(p, "GlobalFree", {h});
    raise_from_call_of<&WdtpInterfacePointer_UserUnmarshal>(p, RPC_X_NO_MEMORY);
  }
  const uint64_t stream = p.get_ptr(made.addr);
  const uint64_t to = kernel32(p, "GlobalLock", {h});
  std::memcpy(guest_pointer(to), guest_pointer(at + 8), size);
  kernel32(p, "GlobalUnlock", {h});
  const uint64_t old = p.get_ptr(out.addr);
  const int32_t hr = static_cast<int32_t>(p.call_export("ole32.dll", "CoUnmarshalInterface", {stream, iid.addr, out.addr}));
  call_method(p, stream, kRelease);
  if (hr != com::S_OK) raise_from_call_of<&WdtpInterfacePointer_UserUnmarshal>(p, static_cast<uint32_t>(hr));
  if (old) call_method(p, old, kRelease);
  return Ptr(at + 8 + size);
}

void WdtpInterfacePointer_UserFree(WindowsProcess& p, Ptr object) {
  if (object) call_method(p, object.addr, kRelease);
}

// ---- STGMEDIUM: tymed, a content flag, the pUnkForRelease flag, then the medium's own form and
// pUnkForRelease's interface ----

uint64_t medium_handle(WindowsProcess& p, Ptr medium) { return p.get_ptr(medium.addr + p.isa->ptr); }
uint64_t medium_release(WindowsProcess& p, Ptr medium) { return p.get_ptr(medium.addr + 2 * p.isa->ptr); }

// The interface pointer of a stream or storage as IUnknown, with a reference the caller drops.
uint64_t as_unknown(WindowsProcess& p, uint64_t object) {
  uint64_t unk = 0;
  query_interface(p, object, kIidIUnknown, unk);
  return unk;
}

uint32_t STGMEDIUM_UserSize(WindowsProcess& p, Ptr flags, uint32_t size, Ptr medium) {
  const uint32_t tymed = get<uint32_t>(medium.addr);
  const uint64_t h = medium_handle(p, medium);
  size = align4(size) + 8 + (tymed != TYMED_NULL ? 4 : 0);
  Scratch iid(p, 16);
  const Ptr handle_at(medium.addr + p.isa->ptr);
  switch (tymed) {
    case TYMED_NULL: break;
    case TYMED_HGLOBAL: if (h) size = DataSize<kHglobal>(p, flags, size, handle_at); break;
    case TYMED_FILE: if (h) size += 12 + static_cast<uint32_t>(read_wide(h).size() + 1) * 2; break;
    case TYMED_ISTREAM:
    case TYMED_ISTORAGE:
      if (h) {
        write_guid(iid.addr, tymed == TYMED_ISTREAM ? kIidIStream : kIidIStorage);
        const uint64_t unk = as_unknown(p, h);
        size = WdtpInterfacePointer_UserSize(p, flags, context_of(flags), size, Ptr(unk), Ptr(iid.addr));
        if (unk) call_method(p, unk, kRelease);
      }
      break;
    case TYMED_GDI: if (h) size = HBITMAP_UserSize(p, flags, size, handle_at); break;
    case TYMED_MFPICT: if (h) size = HMETAFILEPICT_UserSize(p, flags, size, handle_at); break;
    case TYMED_ENHMF: if (h) size = DataSize<kHenhmetafile>(p, flags, size, handle_at); break;
    default: raise_from_call_of<&STGMEDIUM_UserSize>(p, static_cast<uint32_t>(DV_E_TYMED));
  }
  if (const uint64_t release = medium_release(p, medium)) {
    write_guid(iid.addr, kIidIUnknown);
    size = WdtpInterfacePointer_UserSize(p, flags, context_of(flags), size, Ptr(release), Ptr(iid.addr));
  }
  return size;
}

Ptr STGMEDIUM_UserMarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr medium) {
  uint64_t at = align4(buffer.addr);
  const uint32_t tymed = get<uint32_t>(medium.addr);
  const uint64_t h = medium_handle(p, medium), release = medium_release(p, medium);
  put<uint32_t>(at, tymed);
  at += 4;
  if (tymed != TYMED_NULL) {
    put<uint32_t>(at, static_cast<uint32_t>(h));
    at += 4;
  }
  put<uint32_t>(at, static_cast<uint32_t>(release));
  at += 4;
  Scratch iid(p, 16);
  const Ptr handle_at(medium.addr + p.isa->ptr);
  Ptr end(at);
  switch (tymed) {
    case TYMED_NULL: break;
    case TYMED_HGLOBAL: if (h) end = DataMarshal<kHglobal>(p, flags, end, handle_at); break;
    case TYMED_FILE:
      if (h) {
        const std::u16string name = read_wide(h);
        const uint32_t n = static_cast<uint32_t>(name.size() + 1);
        put<uint32_t>(at, n);
        put<uint32_t>(at + 4, 0);
        put<uint32_t>(at + 8, n);
        std::memcpy(guest_pointer(at + 12), name.c_str(), n * 2);
        end = Ptr(at + 12 + n * 2);
      }
      break;
    case TYMED_ISTREAM:
    case TYMED_ISTORAGE:
      if (h) {
        write_guid(iid.addr, tymed == TYMED_ISTREAM ? kIidIStream : kIidIStorage);
        const uint64_t unk = as_unknown(p, h);
        end = WdtpInterfacePointer_UserMarshal(p, flags, context_of(flags), end, Ptr(unk), Ptr(iid.addr));
        if (unk) call_method(p, unk, kRelease);
      }
      break;
    case TYMED_GDI: if (h) end = HBITMAP_UserMarshal(p, flags, end, handle_at); break;
    case TYMED_MFPICT: if (h) end = HMETAFILEPICT_UserMarshal(p, flags, end, handle_at); break;
    case TYMED_ENHMF: if (h) end = DataMarshal<kHenhmetafile>(p, flags, end, handle_at); break;
    default: raise_from_call_of<&STGMEDIUM_UserMarshal>(p, static_cast<uint32_t>(DV_E_TYMED));
  }
  if (release) {
    write_guid(iid.addr, kIidIUnknown);
    end = WdtpInterfacePointer_UserMarshal(p, flags, context_of(flags), end, Ptr(release), Ptr(iid.addr));
  }
  return end;
}

Ptr STGMEDIUM_UserUnmarshal(WindowsProcess& p, Ptr flags, Ptr buffer, Ptr medium) {
  uint64_t at = align4(buffer.addr);
  const uint32_t tymed = get<uint32_t>(at);
  put<uint32_t>(medium.addr, tymed);
  at += 4;
  uint32_t content = 0;
  if (tymed != TYMED_NULL) {
    content = get<uint32_t>(at);
    at += 4;
  }
  const uint32_t release = get<uint32_t>(at);
  at += 4;
  Scratch iid(p, 16);
  const Ptr handle_at(medium.addr + p.isa->ptr);
  Ptr end(at);
  switch (tymed) {
    case TYMED_NULL: break;
    case TYMED_HGLOBAL: if (content) end = DataUnmarshal<kHglobal>(p, flags, end, handle_at); break;
    case TYMED_FILE:
      if (content) {
        const uint32_t conformance = get<uint32_t>(at), variance = get<uint32_t>(at + 8);
        if (get<uint32_t>(at + 4) != 0 || conformance != variance || conformance > 0x7fffffff)
          raise_from_call_of<&STGMEDIUM_UserUnmarshal>(p, RPC_S_INVALID_BOUND);
        const uint64_t name = p.heap.alloc(uint64_t{conformance} * 2);
        if (!name) raise_from_call_of<&STGMEDIUM_UserUnmarshal>(p, 14);
        std::memcpy(guest_pointer(name), guest_pointer(at + 12), uint64_t{variance} * 2);
        p.put_ptr(handle_at.addr, name);
        end = Ptr(at + 12 + uint64_t{variance} * 2);
      } else {
        p.put_ptr(handle_at.addr, 0);
      }
      break;
    case TYMED_ISTREAM:
    case TYMED_ISTORAGE:
      if (content) {
        write_guid(iid.addr, tymed == TYMED_ISTREAM ? kIidIStream : kIidIStorage);
        end = WdtpInterfacePointer_UserUnmarshal(p, flags, end, handle_at, Ptr(iid.addr));
      } else {
        if (const uint64_t old = p.get_ptr(handle_at.addr)) call_method(p, old, kRelease);
        p.put_ptr(handle_at.addr, 0);
      }
      break;
    case TYMED_GDI:
      if (content) end = HBITMAP_UserUnmarshal(p, flags, end, handle_at);
      else p.put_ptr(handle_at.addr, 0);
      break;
    case TYMED_MFPICT:
      if (content) end = HMETAFILEPICT_UserUnmarshal(p, flags, end, handle_at);
      else p.put_ptr(handle_at.addr, 0);
      break;
    case TYMED_ENHMF:
      if (content) end = DataUnmarshal<kHenhmetafile>(p, flags, end, handle_at);
      else p.put_ptr(handle_at.addr, 0);
      break;
    default: raise_from_call_of<&STGMEDIUM_UserUnmarshal>(p, static_cast<uint32_t>(DV_E_TYMED));
  }
  // (a NULL pUnkForRelease leaves the one already there, as Windows' does)
  if (release) {
    write_guid(iid.addr, kIidIUnknown);
    end = WdtpInterfacePointer_UserUnmarshal(p, flags, end, Ptr(medium.addr + 2 * p.isa->ptr), Ptr(iid.addr));
  }
  return end;
}

// STGMEDIUM_UserFree: ReleaseStgMedium of it, but for in-process handles, which stay the caller's.
void STGMEDIUM_UserFree(WindowsProcess& p, Ptr flags, Ptr medium) {
  const uint32_t tymed = get<uint32_t>(medium.addr);
  switch (tymed) {
    case TYMED_NULL: case TYMED_FILE: case TYMED_ISTREAM: case TYMED_ISTORAGE: break;
    case TYMED_HGLOBAL: case TYMED_GDI: case TYMED_MFPICT: case TYMED_ENHMF:
      if (context_of(flags) == MSHCTX_INPROC) put<uint32_t>(medium.addr, TYMED_NULL);
      break;
    default: raise_from_call_of<&STGMEDIUM_UserFree>(p, static_cast<uint32_t>(DV_E_TYMED));
  }
  p.call_export("ole32.dll", "ReleaseStgMedium", {medium.addr});
}

#define USER_HANDLE_EXPORTS(NAME, K)                                  \
  EXPORT(#NAME "_UserSize", HandleSize<K>), EXPORT(#NAME "_UserMarshal", HandleMarshal<K>), \
      EXPORT(#NAME "_UserUnmarshal", HandleUnmarshal<K>), EXPORT(#NAME "_UserFree", HandleFree<K>)
#define DATA_HANDLE_EXPORTS(NAME, K)                                  \
  EXPORT(#NAME "_UserSize", DataSize<K>), EXPORT(#NAME "_UserMarshal", DataMarshal<K>), \
      EXPORT(#NAME "_UserUnmarshal", DataUnmarshal<K>), EXPORT(#NAME "_UserFree", DataFree<K>)
#define OWN_EXPORTS(NAME)                                                                            \
  EXPORT(#NAME "_UserSize", NAME##_UserSize), EXPORT(#NAME "_UserMarshal", NAME##_UserMarshal), \
      EXPORT(#NAME "_UserUnmarshal", NAME##_UserUnmarshal), EXPORT(#NAME "_UserFree", NAME##_UserFree)

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_user_marshal_exports() {
  static const std::vector<Export> exports = {
      USER_HANDLE_EXPORTS(HWND, kHwnd),
      USER_HANDLE_EXPORTS(HMENU, kHmenu),
      USER_HANDLE_EXPORTS(HACCEL, kHaccel),
      USER_HANDLE_EXPORTS(HBRUSH, kHbrush),
      USER_HANDLE_EXPORTS(HICON, kHicon),
      USER_HANDLE_EXPORTS(HDC, kHdc),
      DATA_HANDLE_EXPORTS(HGLOBAL, kHglobal),
      DATA_HANDLE_EXPORTS(HMETAFILE, kHmetafile),
      DATA_HANDLE_EXPORTS(HENHMETAFILE, kHenhmetafile),
      OWN_EXPORTS(HBITMAP),
      OWN_EXPORTS(HPALETTE),
      OWN_EXPORTS(HMETAFILEPICT),
      OWN_EXPORTS(CLIPFORMAT),
      OWN_EXPORTS(SNB),
      OWN_EXPORTS(STGMEDIUM),
      OWN_EXPORTS(WdtpInterfacePointer),
  };
  return exports;
}

}  // namespace polyrun::shims
