// OLE32.dll: storage mediums (STGMEDIUM: tymed, the medium, pUnkForRelease) and the data they
// hold. ReleaseStgMedium frees a medium as its owner would; OleDuplicateData copies a clipboard
// format's handle.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;


// ReleaseStgMedium(medium): without a pUnkForRelease the medium is freed as its kind is (a global
// block with GlobalFree, a file deleted and its name freed, a bitmap with DeleteObject, a metafile
// picture and its metafile, an enhanced metafile); a stream or storage is released either way, a
// file's name freed either way; then pUnkForRelease is released. The medium is left TYMED_NULL.
void ReleaseStgMedium(WindowsProcess& p, Ptr medium) {
  if (!medium) return;
  const unsigned ptr = p.isa->ptr;
  const uint32_t tymed = get<uint32_t>(medium.addr);
  const uint64_t h = p.get_ptr(medium.addr + ptr), release = p.get_ptr(medium.addr + 2 * ptr);
  switch (tymed) {
    case TYMED_HGLOBAL:
      if (!release && h) kernel32(p, "GlobalFree", {h});
      break;
    case TYMED_FILE:
      if (h) {
        if (!release) kernel32(p, "DeleteFileW", {h});
        task_free(p, h);
      }
      break;
    case TYMED_ISTREAM:
    case TYMED_ISTORAGE:
      if (h) call_method(p, h, kRelease);
      break;
    case TYMED_GDI:
      if (!release && h) gdi32(p, "DeleteObject", {h});
      break;
    case TYMED_MFPICT:
      if (!release && h) {
        const uint64_t picture = kernel32(p, "GlobalLock", {h});
        if (picture) p.call_export("gdi32.dll", "DeleteMetaFile", {p.get_ptr(picture + 12)}, 0);
        kernel32(p, "GlobalUnlock", {h});
        kernel32(p, "GlobalFree", {h});
      }
      break;
    case TYMED_ENHMF:
      if (!release && h) p.call_export("gdi32.dll", "DeleteEnhMetaFile", {h}, 0);
      break;
  }
  put<uint32_t>(medium.addr, TYMED_NULL);
  if (release) {
    p.put_ptr(medium.addr + 2 * ptr, 0);
    call_method(p, release, kRelease);
  }
}

// OleDuplicateData(handle, format, flags): a copy of a clipboard format's data — a bitmap
// (CF_BITMAP: its bits into a new one), a palette (CF_PALETTE: its entries into a new one), a
// metafile picture or enhanced metafile (GDI32's copies), and any other format's global block
// (GlobalAlloc with `flags`, GMEM_MOVEABLE for 0). NULL when the source holds nothing or a copy
// cannot be made.
Ptr OleDuplicateData(WindowsProcess& p, Ptr source, uint16_t format, uint32_t flags) {
  constexpr uint16_t CF_BITMAP = 2, CF_METAFILEPICT = 3, CF_PALETTE = 9, CF_ENHMETAFILE = 14;
  if (!flags) flags = GMEM_MOVEABLE;
  const uint64_t h = source.addr;
  switch (format) {
    case CF_ENHMETAFILE: return Ptr(p.call_export("gdi32.dll", "CopyEnhMetaFileW", {h, 0}, 0));
    case CF_METAFILEPICT: return Ptr(p.call_export("gdi32.dll", "CopyMetaFileW", {h, 0}, 0));
    case CF_PALETTE: {
      const uint32_t count = static_cast<uint32_t>(gdi32(p, "GetPaletteEntries", {h, 0, 0, 0}));
      if (!count) return Ptr(0);
      Scratch logical(p, 4 + 4 * uint64_t{count});
      if (!gdi32(p, "GetPaletteEntries", {h, 0, count, logical.addr + 4})) return Ptr(0);
      put<uint16_t>(logical.addr, 0x300);
      put<uint16_t>(logical.addr + 2, static_cast<uint16_t>(count));
      return Ptr(gdi32(p, "CreatePalette", {logical.addr}));
    }
    case CF_BITMAP: {
      const uint32_t bitmap_struct = p.isa->ptr == 8 ? 32 : 24;
      Scratch header(p, bitmap_struct);
      if (!gdi32(p, "GetObjectW", {h, bitmap_struct, header.addr})) return Ptr(0);
      const uint32_t size = static_cast<uint32_t>(gdi32(p, "GetBitmapBits", {h, 0, 0}));
      if (!size) return Ptr(0);
      Scratch bits(p, size);
      if (!gdi32(p, "GetBitmapBits", {h, size, bits.addr})) return Ptr(0);
      p.put_ptr(header.addr + (p.isa->ptr == 8 ? 24 : 20), bits.addr);
      return Ptr(gdi32(p, "CreateBitmapIndirect", {header.addr}));
    }
  }
  const uint64_t size = kernel32(p, "GlobalSize", {h});
  if (!size) return Ptr(0);
  const uint64_t copy = kernel32(p, "GlobalAlloc", {flags, size});
  if (!copy) return Ptr(0);
  const uint64_t from = kernel32(p, "GlobalLock", {h});
  if (!from) {
    kernel32(p, "GlobalFree", {copy});
    return Ptr(0);
  }
  const uint64_t to = kernel32(p, "GlobalLock", {copy});
  if (to) std::memcpy(guest_pointer(to), guest_pointer(from), size);
  kernel32(p, "GlobalUnlock", {copy});
  kernel32(p, "GlobalUnlock", {h});
  return Ptr(copy);
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_storage_medium_exports() {
  static const std::vector<Export> exports = {
      EXPORT("ReleaseStgMedium", ReleaseStgMedium),
      EXPORT("OleDuplicateData", OleDuplicateData),
  };
  return exports;
}

}  // namespace polyrun::shims
