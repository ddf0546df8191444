// What the Windows personality needs to know of one guest ISA: pointer size, calling conventions,
// where guest memory goes, and the offsets of the TEB, PEB and CRT structures programs read.
// Each ISA fills one of these in its own file (windows_isa_<isa>.cpp).
#pragma once

#include <cstdint>

#include "abi/call_frame.h"
#include "common/isa.h"
#include "cpu-emu/cpu.h"
#include "memory/address_space.h"

namespace polyrun::shims {

struct SehRuntime;

struct WindowsIsa {
  Isa isa;
  unsigned ptr;                   // pointer size in bytes
  abi::Convention api_convention; // KERNEL32, NTDLL …: Win64 or stdcall
  abi::Convention crt_convention; // msvcrt: Win64 or cdecl
  mem::Layout layout;             // guest placements
  uint64_t limit;                 // no guest memory at or above this
  cpu::Segment teb_segment;       // GS on x64, FS on i386
  uint16_t machine_arch;          // SYSTEM_INFO.wProcessorArchitecture
  uint32_t processor_type;        // SYSTEM_INFO.dwProcessorType

  struct {
    uint32_t exception_list, stack_base, stack_limit, self, client_id, tls_pointer, peb, last_error, tls_slots, size;
  } teb;
  struct {
    uint32_t image_base, params, heap, os_major, os_minor, os_build, platform_id, size;
  } peb;
  struct {
    // Flags; the std handles follow each other; UNICODE_STRINGs: ImagePathName, CommandLine,
    // WindowTitle, DesktopInfo; the Environment pointer and EnvironmentSize.
    uint32_t flags, std_input, image_path, command_line, environment, window_title, desktop, environment_size, size;
  } params;
  struct {
    uint32_t size, fd;  // msvcrt FILE: sizeof and offset of _file
  } file;
  struct {
    uint32_t size, recursion;  // CRITICAL_SECTION: sizeof and offset of RecursionCount
  } critical_section;
  struct {
    uint32_t signature, flags;  // HEAP (a heap's header, at its handle): 0xffeeffee, Flags (ForceFlags after it)
  } heap;
  const SehRuntime* seh;  // exception dispatch and unwinding (seh_<isa>.cpp)
};

const WindowsIsa& windows_isa_x64();
const WindowsIsa& windows_isa_i386();

}  // namespace polyrun::shims
