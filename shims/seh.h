// Structured exception handling for x64 guests, driven by the image's .pdata/.xdata: the
// dispatcher behind RaiseException, RtlUnwindEx, RtlVirtualUnwind and RtlLookupFunctionEntry
// (the pieces C++ exceptions of mingw-w64 and MSVC programs go through).
#pragma once

#include <cstdint>
#include <vector>

#include "shims/windows_process.h"

namespace polyrun::shims {

constexpr uint64_t kContextSize = 0x4d0;

// Sets every register of the CPU from a CONTEXT (guest or host memory).
void restore_context(WindowsProcess& p, const uint8_t* context);

const std::vector<Export>& seh_kernel32_exports();
const std::vector<Export>& seh_ntdll_exports();
const std::vector<Export>& seh_crt_exports();  // __C_specific_handler, exported by the C runtime

}  // namespace polyrun::shims
