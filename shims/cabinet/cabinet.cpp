// CABINET.dll: cabinet files (MS-CAB) read and written through the program's own callbacks: the
// File Decompression Interface (cabinet/fdi.cpp) and the File Compression Interface
// (cabinet/fci.cpp), over the format, the MSZIP codec and the callbacks in cabinet/cab_format.cpp
// and the reading in cabinet/cab_reader.cpp; Extract (cabinet/extract.cpp); DllGetVersion. The FDI and FCI functions are cdecl on i386, Extract and DllGetVersion stdcall.
#include "shims/cabinet/cabinet.h"
#include "shims/cabinet/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"

namespace polyrun::shims {

namespace {

// DllGetVersion: DLLVERSIONINFO (cbSize 20) gets version 5.1.1106 for every Windows platform
// (DLLVER_PLATFORM_WINDOWS), the version Windows' CABINET has reported since Internet Explorer 6;
// another size is E_INVALIDARG.
HRESULT DllGetVersion(WindowsProcess&, Ptr info) {
  if (!info || get<uint32_t>(info.addr) != 20) return E_INVALIDARG;
  put<uint32_t>(info.addr + 4, 5);
  put<uint32_t>(info.addr + 8, 1);
  put<uint32_t>(info.addr + 12, 1106);
  put<uint32_t>(info.addr + 16, 1);
  return S_OK;
}

std::vector<Export> cabinet_exports() {
  std::vector<Export> all = {EXPORT("DllGetVersion", DllGetVersion)};
  for (const auto* part : {&cab::fdi_exports(), &cab::fci_exports(), &cab::extract_exports()}) all.insert(all.end(), part->begin(), part->end());
  return all;
}

}  // namespace

const Dll kCabinet{
    "cabinet.dll",
    false,
    cabinet_exports(),
    // Windows' ordinals.
    {{2, "DllGetVersion"}, {3, "Extract"}, {10, "FCICreate"}, {11, "FCIAddFile"}, {12, "FCIFlushFolder"}, {13, "FCIFlushCabinet"},
     {14, "FCIDestroy"}, {20, "FDICreate"}, {21, "FDIIsCabinet"}, {22, "FDICopy"}, {23, "FDIDestroy"},
     {24, "FDITruncateCabinet"}},
};

}  // namespace polyrun::shims
