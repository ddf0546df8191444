// IMAGEHLP.dll: the image helper. Most of its functions are DBGHELP's, which IMAGEHLP forwards to
// as Windows' does (Dll::forwards: those DBGHELP serves). Its own: images mapped as files
// (MapAndLoad, UnMapAndLoad, ImageLoad, ImageUnload: LOADED_IMAGE), the image checksum
// (CheckSumMappedFile, MapFileAndCheckSumA/W) and TouchFileTimes, over KERNEL32's file functions as
// the program would call them.
#include <fstream>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/imagehlp/exports.h"
#include "shims/imagehlp/imagehlp.h"

namespace polyrun::shims {

namespace imagehlp {

// The image checksum: the file's 16-bit words summed with their carries folded back, the
// CheckSum field's own four bytes left out, plus the file's length.
uint32_t checksum(const uint8_t* data, size_t n, size_t skip_at) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < n; i += 2) {
    if (skip_at != std::string::npos && (i == skip_at || i == skip_at + 2)) continue;
    sum += data[i] | data[i + 1] << 8;
    sum = (sum & 0xffff) + (sum >> 16);
  }
  if (n & 1) {
    sum += data[n - 1];
    sum = (sum & 0xffff) + (sum >> 16);
  }
  sum = (sum & 0xffff) + (sum >> 16);
  return sum + static_cast<uint32_t>(n);
}

// The CheckSum field's offset in the file (the optional header's 64th byte), or npos.
size_t checksum_field(const uint8_t* data, size_t n) {
  if (n < 0x40 || data[0] != 'M' || data[1] != 'Z') return std::string::npos;
  const uint32_t lfanew = data[0x3c] | data[0x3d] << 8 | data[0x3e] << 16 | static_cast<uint32_t>(data[0x3f]) << 24;
  if (lfanew + 0x18ull + 0x44 > n || std::memcmp(data + lfanew, "PE\0\0", 4) != 0) return std::string::npos;
  return lfanew + 0x18 + 0x40;
}

}  // namespace imagehlp

namespace {

using imagehlp::checksum;
using imagehlp::checksum_field;

uint64_t k32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("kernel32.dll", name, args);
}

uint64_t invalid_handle(WindowsProcess& p) { return p.isa->ptr == 4 ? 0xffffffffull : ~0ull; }

// The NT headers of an image at `base` (e_lfanew's, checked), or 0.
uint64_t nt_headers(uint64_t base, uint64_t length) {
  if (length < 0x40 || get<uint16_t>(base) != 0x5a4d) return 0;
  const uint32_t lfanew = get<uint32_t>(base + 0x3c);
  if (lfanew + 0x18ull > length || get<uint32_t>(base + lfanew) != 0x4550) return 0;
  return base + lfanew;
}

// LOADED_IMAGE: ModuleName, hFile, MappedAddress, FileHeader, LastRvaSection (pointers),
// NumberOfSections, Sections, Characteristics, fSystemImage, fDOSImage, fReadOnly, Version, Links
// (a LIST_ENTRY), SizeOfImage.
struct LoadedImage {
  uint64_t base, ps;
  uint64_t at(int field) const {
    const uint64_t p4 = ps;
    switch (field) {
      case 0: return base;             // ModuleName
      case 1: return base + p4;        // hFile
      case 2: return base + 2 * p4;    // MappedAddress
      case 3: return base + 3 * p4;    // FileHeader
      case 4: return base + 4 * p4;    // LastRvaSection
      case 5: return base + 5 * p4;    // NumberOfSections
      case 6: return base + 6 * p4;    // Sections
      case 7: return base + 7 * p4;    // Characteristics
      case 8: return base + 7 * p4 + 4;  // fSystemImage, fDOSImage, fReadOnly, Version
      case 9: return base + (p4 == 8 ? 64 : 36);    // Links
      default: return base + (p4 == 8 ? 80 : 44);  // SizeOfImage
    }
  }
};
uint64_t loaded_image_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 88 : 48; }

// MapAndLoad: the image found on the path given (else the standard search: SearchPath's), with
// ".DLL" or ".EXE" for a name without an extension, mapped as a file (read-only or writable).
uint32_t map_and_load(WindowsProcess& p, uint64_t name, uint64_t path, uint64_t image, uint32_t dot_dll, uint32_t read_only) {
  if (!name || !image) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  const uint64_t buf = p.heap.alloc(260 + 8, true);
  const std::string ext = dot_dll ? ".DLL" : ".EXE";
  const uint64_t ext_at = buf + 260;
  copy_guest(guest_pointer(ext_at), ext.c_str(), ext.size() + 1, ext_at, true);
  const uint32_t n = static_cast<uint32_t>(k32(p, "SearchPathA", {path, name, ext_at, 260, buf, 0}));
  if (!n || n >= 260) {
    p.heap.free(buf);
    return p.set_last_error(ERROR_FILE_NOT_FOUND), 0;
  }
  const std::string full(reinterpret_cast<const char*>(guest_pointer(buf)));
  const uint64_t file = k32(p, "CreateFileA", {buf, 0x80000000u | (read_only ? 0 : 0x40000000u), 1, 0, 3, 0, 0});
  p.heap.free(buf);
  if (file == invalid_handle(p) || static_cast<int64_t>(file) == -1) return 0;
  const uint64_t mapping = k32(p, "CreateFileMappingA", {file, 0, (read_only ? 0x02u : 0x04u) | 0x8000000u, 0, 0, 0});
  if (!mapping) {
    k32(p, "CloseHandle", {file});
    return 0;
  }
  const uint64_t view = k32(p, "MapViewOfFile", {mapping, read_only ? 0x4u : 0x2u, 0, 0, 0});
  k32(p, "CloseHandle", {mapping});
  const uint32_t size = static_cast<uint32_t>(k32(p, "GetFileSize", {file, 0}));
  const uint64_t nt = view ? nt_headers(view, size) : 0;
  if (!nt) {
    if (view) k32(p, "UnmapViewOfFile", {view});
    k32(p, "CloseHandle", {file});
    if (view) p.set_last_error(ERROR_BAD_EXE_FORMAT);
    return 0;
  }
  LoadedImage li{image, p.isa->ptr};
  const uint64_t module = p.heap.alloc(full.size() + 1);
  copy_guest(guest_pointer(module), full.c_str(), full.size() + 1, module, true);
  const uint64_t sections = nt + 0x18 + get<uint16_t>(nt + 0x14);
  p.put_ptr(li.at(0), module);
  p.put_ptr(li.at(1), file);
  p.put_ptr(li.at(2), view);
  p.put_ptr(li.at(3), nt);
  p.put_ptr(li.at(4), sections);
  put<uint32_t>(li.at(5), get<uint16_t>(nt + 6));
  p.put_ptr(li.at(6), sections);
  put<uint32_t>(li.at(7), get<uint16_t>(nt + 0x16));
  put<uint8_t>(li.at(8), 0);
  put<uint8_t>(li.at(8) + 1, 0);
  put<uint8_t>(li.at(8) + 2, read_only ? 1 : 0);
  p.put_ptr(li.at(9), li.at(9));  // Links: an empty list
  p.put_ptr(li.at(9) + p.isa->ptr, li.at(9));
  put<uint32_t>(li.at(10), size);
  return 1;
}
uint32_t MapAndLoad(WindowsProcess& p, AStr name, AStr path, Ptr image, uint32_t dot_dll, uint32_t read_only) {
  return map_and_load(p, name.addr, path.addr, image.addr, dot_dll, read_only);
}

uint32_t UnMapAndLoad(WindowsProcess& p, Ptr image) {
  if (!image) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  LoadedImage li{image.addr, p.isa->ptr};
  const uint64_t view = p.get_ptr(li.at(2)), file = p.get_ptr(li.at(1)), module = p.get_ptr(li.at(0));
  if (view) k32(p, "UnmapViewOfFile", {view});
  if (file && file != invalid_handle(p)) k32(p, "CloseHandle", {file});
  if (module && p.heap.size(module) != ~0ull) p.heap.free(module);
  p.put_ptr(li.at(0), 0);
  p.put_ptr(li.at(1), invalid_handle(p));
  p.put_ptr(li.at(2), 0);
  return 1;
}

// ImageLoad: a LOADED_IMAGE of its own for a DLL, mapped read-only; ImageUnload gives it back.
Ptr ImageLoad(WindowsProcess& p, AStr name, AStr path) {
  const uint64_t image = p.heap.alloc(loaded_image_size(p), true);
  if (!map_and_load(p, name.addr, path.addr, image, 1, 1)) {
    p.heap.free(image);
    return 0;
  }
  return image;
}
uint32_t ImageUnload(WindowsProcess& p, Ptr image) {
  if (!image || p.heap.size(image.addr) == ~0ull) return p.set_last_error(ERROR_INVALID_PARAMETER), 0;
  UnMapAndLoad(p, image);
  p.heap.free(image.addr);
  return 1;
}

Ptr CheckSumMappedFile(WindowsProcess&, Ptr base, uint32_t length, Ptr header_sum, Ptr sum) {
  std::vector<uint8_t> data(length);
  if (length) copy_guest(data.data(), guest_pointer(base.addr), length, base.addr, false);
  const size_t field = checksum_field(data.data(), data.size());
  const uint32_t stored = field == std::string::npos ? 0 : get<uint32_t>(base.addr + field);
  if (header_sum) put<uint32_t>(header_sum.addr, stored);
  if (sum) put<uint32_t>(sum.addr, checksum(data.data(), data.size(), field));
  return field == std::string::npos ? 0 : base.addr + (field - 0x18 - 0x40);
}

// MapFileAndCheckSum: CHECKSUM_SUCCESS (0), CHECKSUM_OPEN_FAILURE (1); the file read whole.
uint32_t map_file_and_checksum(WindowsProcess&, const std::string& name, uint64_t header_sum, uint64_t sum) {
  std::ifstream in(windows_to_host_path(windows_full_path(name)), std::ios::binary);
  if (!in) return 1;
  std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t field = checksum_field(data.data(), data.size());
  uint32_t stored = 0;
  if (field != std::string::npos) std::memcpy(&stored, data.data() + field, 4);
  put<uint32_t>(header_sum, stored);
  put<uint32_t>(sum, checksum(data.data(), data.size(), field));
  return 0;
}
uint32_t MapFileAndCheckSumA(WindowsProcess& p, AStr name, Ptr header_sum, Ptr sum) {
  return map_file_and_checksum(p, name.str(), header_sum.addr, sum.addr);
}
uint32_t MapFileAndCheckSumW(WindowsProcess& p, WStr name, Ptr header_sum, Ptr sum) {
  return map_file_and_checksum(p, utf16_to_utf8(name.str()), header_sum.addr, sum.addr);
}

// TouchFileTimes: the file's last write time (and access time) set to the given system time, or now.
uint32_t TouchFileTimes(WindowsProcess& p, Ptr file, Ptr system_time) {
  const uint64_t ft = p.heap.alloc(8, true);
  if (system_time) k32(p, "SystemTimeToFileTime", {system_time.addr, ft});
  else k32(p, "GetSystemTimeAsFileTime", {ft});
  const uint32_t ok = static_cast<uint32_t>(k32(p, "SetFileTime", {file.addr, 0, ft, ft}));
  p.heap.free(ft);
  return ok;
}

std::vector<Export> imagehlp_exports(std::vector<Export> own) {
  const auto& more = imagehlp::certificate_exports();
  own.insert(own.end(), more.begin(), more.end());
  return own;
}

}  // namespace

const Dll kImagehlp{
    "imagehlp.dll",
    false,
    imagehlp_exports({
        EXPORT("MapAndLoad", MapAndLoad),
        EXPORT("UnMapAndLoad", UnMapAndLoad),
        EXPORT("ImageLoad", ImageLoad),
        EXPORT("ImageUnload", ImageUnload),
        EXPORT("CheckSumMappedFile", CheckSumMappedFile),
        EXPORT("MapFileAndCheckSumA", MapFileAndCheckSumA),
        EXPORT("MapFileAndCheckSumW", MapFileAndCheckSumW),
        EXPORT("TouchFileTimes", TouchFileTimes),
    }),
    {},
    nullptr,
    nullptr,
    // DBGHELP's functions, which IMAGEHLP forwards to.
    {{"dbghelp.dll",
      {
          "EnumerateLoadedModules64", "EnumerateLoadedModules", "FindDebugInfoFile", "FindDebugInfoFileEx",
          "FindExecutableImage", "FindExecutableImageEx", "GetTimestampForLoadedLibrary",
          "ImageDirectoryEntryToData", "ImageDirectoryEntryToDataEx", "ImagehlpApiVersion",
          "ImagehlpApiVersionEx", "MakeSureDirectoryPathExists", "MapDebugInformation", "SearchTreeForFile",
          "StackWalk64", "StackWalk", "SymCleanup", "SymEnumSourceFiles", "SymEnumSymbols", "SymEnumTypes",
          "SymEnumerateModules64", "SymEnumerateModules", "SymEnumerateSymbols64", "SymEnumerateSymbols",
          "SymFindFileInPath", "SymFromAddr", "SymFromName", "SymFunctionTableAccess64",
          "SymFunctionTableAccess", "SymGetLineFromAddr64", "SymGetLineFromAddr", "SymGetLineNext64",
          "SymGetLineNext", "SymGetLinePrev64", "SymGetLinePrev", "SymGetModuleBase64", "SymGetModuleBase",
          "SymGetModuleInfo64", "SymGetModuleInfo", "SymGetModuleInfoW64", "SymGetModuleInfoW",
          "SymGetOptions", "SymGetSearchPath", "SymGetSymFromAddr64", "SymGetSymFromAddr",
          "SymGetSymFromName64", "SymGetSymFromName", "SymGetSymNext64", "SymGetSymNext", "SymGetSymPrev64",
          "SymGetSymPrev", "SymGetTypeFromName", "SymGetTypeInfo", "SymInitialize", "SymLoadModule64",
          "SymLoadModule", "SymMatchFileName", "SymMatchString", "SymRegisterCallback64",
          "SymRegisterCallback", "SymRegisterFunctionEntryCallback64", "SymRegisterFunctionEntryCallback",
          "SymSetContext", "SymSetOptions", "SymSetSearchPath", "SymUnDName64", "SymUnDName",
          "SymUnloadModule64", "SymUnloadModule", "UnDecorateSymbolName", "UnmapDebugInformation",
      }}},
};

}  // namespace polyrun::shims
