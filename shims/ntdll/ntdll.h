// NTDLL's export tables, one per file of shims/ntdll/ (ntdll/ntdll.cpp joins them into the DLL's),
// and those KERNEL32 exports too, as Windows' KERNEL32 forwards them to NTDLL.
#pragma once

#include <vector>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

// KERNEL32 exports these too:
const std::vector<Export>& ntdll_exception_exports();  // ntdll/exceptions.cpp: RtlUnwind, RtlCaptureContext …
const std::vector<Export>& ntdll_module_exports();     // ntdll/loader.cpp: RtlPcToFileHeader
// KERNEL32 and the C runtime export this too:
const std::vector<Export>& ntdll_frame_handler_exports();  // ntdll/exceptions.cpp: x64's __C_specific_handler

// NTDLL's alone:
const std::vector<Export>& ntdll_file_exports();         // ntdll/file.cpp: NtCreateFile, NtReadFile …
const std::vector<Export>& ntdll_pipe_exports();         // ntdll/named_pipes.cpp: NtCreateNamedPipeFile
const std::vector<Export>& ntdll_virtual_exports();      // ntdll/virtual.cpp: NtAllocateVirtualMemory …
const std::vector<Export>& ntdll_heap_exports();         // ntdll/heap.cpp: RtlAllocateHeap …
const std::vector<Export>& ntdll_loader_exports();       // ntdll/loader.cpp: LdrResolveDelayLoadedAPI
const std::vector<Export>& ntdll_wait_packet_exports();  // ntdll/wait_packets.cpp
const std::vector<Export>& ntdll_keyed_event_exports();  // ntdll/keyed_events.cpp
const std::vector<Export>& ntdll_system_info_exports();  // ntdll/system_info.cpp
const std::vector<Export>& ntdll_object_exports();       // ntdll/objects.cpp
const std::vector<Export>& ntdll_debug_break_exports();  // ntdll/exceptions.cpp: DbgBreakPoint
Dll::Forward ntdll_crt_forward();  // ntdll/crt.cpp: its C runtime functions, msvcrt.dll's

}  // namespace polyrun::shims
