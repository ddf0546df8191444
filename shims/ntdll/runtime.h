// NTDLL's runtime helpers that KERNEL32's exports of other names are (ntdll/rtl_runtime.cpp), as
// Windows' KERNEL32 forwards InterlockedPushEntrySList, EncodePointer, AddVectoredExceptionHandler …
// to them: interlocked singly linked lists, encoded pointers, vectored exception and continue
// handlers, the processor's features, the process's end, the write buffers' flush.
#pragma once

#include <cstdint>

#include "shims/core/shim.h"

namespace polyrun::shims::ntdll_runtime {

void RtlInitializeSListHead(WindowsProcess& p, Ptr head);
Ptr RtlInterlockedPushEntrySList(WindowsProcess& p, Ptr head, Ptr entry);
Ptr RtlInterlockedPushListSListEx(WindowsProcess& p, Ptr head, Ptr first, Ptr last, uint32_t count);
// (fastcall on i386: exported with core/register_calls.h's fastcall_export, 8 bytes on the stack)
Ptr RtlInterlockedPushListSList(WindowsProcess& p, Ptr head, Ptr a2, Ptr a3, uint32_t a4);
Ptr RtlInterlockedPopEntrySList(WindowsProcess& p, Ptr head);
Ptr RtlInterlockedFlushSList(WindowsProcess& p, Ptr head);
uint16_t RtlQueryDepthSList(WindowsProcess& p, Ptr head);
// Encoding and decoding are the same operation (a process secret XORed in).
Ptr RtlEncodePointer(WindowsProcess& p, Ptr v);
Ptr RtlAddVectoredExceptionHandler(WindowsProcess& p, uint32_t first, Ptr handler);
uint32_t RtlRemoveVectoredExceptionHandler(WindowsProcess& p, Ptr entry);
Ptr RtlAddVectoredContinueHandler(WindowsProcess& p, uint32_t first, Ptr handler);
uint32_t RtlRemoveVectoredContinueHandler(WindowsProcess& p, Ptr entry);
// ntdll/rtl_misc.cpp: KERNEL32's IsProcessorFeaturePresent.
uint8_t RtlIsProcessorFeaturePresent(WindowsProcess& p, uint32_t feature);
// ntdll/threads.cpp: KERNEL32's ExitProcess, and its FlushProcessWriteBuffers (NtFlushProcessWriteBuffers'
// work).
void RtlExitUserProcess(WindowsProcess& p, uint32_t code);
void FlushProcessWriteBuffers(WindowsProcess& p);

}  // namespace polyrun::shims::ntdll_runtime
