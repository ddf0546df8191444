// ntdll.dll: its table, joined from the files of shims/ntdll/ (ntdll/ntdll.h), and the few Rtl
// functions console programs import directly, the native wait (NtWaitForSingleObject), the PEB and
// the version. Everything else is bound lazily and reported by name if called.
#include <algorithm>
#include <cstring>

#include "shims/ntdll/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/win_errors.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/core/windows_version.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t STATUS_SUCCESS = 0, STATUS_INVALID_HANDLE = 0xc0000008, STATUS_INVALID_PARAMETER = 0xc000000d;

uint32_t RtlNtStatusToDosError(WindowsProcess&, uint32_t status) { return win_error_from_nt_status(status); }

// RTL_OSVERSIONINFOW / EXW: the real version, 10.0.19045 (RtlGetVersion is not subject to the
// compatibility manifest that GetVersionEx honours).
// The size field is not checked (libuv passes an OSVERSIONINFOW without setting it): the base
// structure is always filled, the EX fields (service pack, suite, product type) only when the size
// is exactly RTL_OSVERSIONINFOEXW's; nothing past them is touched.
uint32_t RtlGetVersion(WindowsProcess&, Ptr info) {
  constexpr uint32_t kBase = 276, kEx = 284;
  const uint32_t size = get<uint32_t>(info.addr);
  std::memset(guest_pointer(info.addr + 4), 0, (size == kEx ? kEx : kBase) - 4);
  uint32_t v[4] = {kRealVersion.major, kRealVersion.minor, kRealVersion.build, 2};
  std::memcpy(guest_pointer(info.addr + 4), v, sizeof v);
  if (size == kEx) put<uint8_t>(info.addr + 282, 1);  // wProductType: VER_NT_WORKSTATION
  return STATUS_SUCCESS;
}

uint64_t VerSetConditionMask(WindowsProcess&, uint64_t mask, uint32_t type, uint8_t condition) {
  return ver_set_condition_mask(mask, type, condition);
}

// RtlVerifyVersionInfo: VerifyVersionInfoW's comparison with the real version, as an NTSTATUS.
uint32_t RtlVerifyVersionInfo(WindowsProcess&, Ptr info, uint32_t type, uint64_t conditions) {
  constexpr uint32_t STATUS_REVISION_MISMATCH = 0xc0000059;
  const uint32_t e = version_mismatch(info.addr, type, conditions, 2, kRealVersion);
  return e == 0 ? STATUS_SUCCESS : e == ERROR_OLD_WIN_VERSION ? STATUS_REVISION_MISMATCH : STATUS_INVALID_PARAMETER;
}

// RtlImageNtHeader: a loaded image's IMAGE_NT_HEADERS (after the DOS header's e_lfanew), or null
// when the address holds no PE image.
Ptr RtlImageNtHeader(WindowsProcess& p, Ptr base) {
  if (!base || !p.memory.accessible(base.addr, 0x40, mem::kRead) || get<uint16_t>(base.addr) != 0x5a4d) return Ptr(0);
  const uint64_t nt = base.addr + get<uint32_t>(base.addr + 0x3c);
  if (nt < base.addr || !p.memory.accessible(nt, 4, mem::kRead) || get<uint32_t>(nt) != 0x4550) return Ptr(0);
  return Ptr(nt);
}

// RtlImageNtHeaderEx(flags, base, size, &headers): the same, checked against the image's `size`
// unless flags has RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK (1), with a status:
// STATUS_INVALID_PARAMETER for no result pointer, other flags or a base of 0 or -1;
// STATUS_INVALID_IMAGE_FORMAT for no DOS header, no PE signature, or headers past `size` (or the
// PE header 256 MiB or more in); *headers null but on success.
uint32_t RtlImageNtHeaderEx(WindowsProcess& p, uint32_t flags, Ptr base, uint64_t size, Ptr out) {
  constexpr uint32_t kNoRangeCheck = 1;
  constexpr uint32_t kInvalidImageFormat = 0xc000007b;
  if (!out) return nt::kInvalidParameter;
  p.put_ptr(out.addr, 0);
  const uint64_t all_ones = p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
  if ((flags & ~kNoRangeCheck) || !base || base.addr == all_ones) return nt::kInvalidParameter;
  const bool check = !(flags & kNoRangeCheck);
  if (check && size < 0x40) return kInvalidImageFormat;
  if (!p.memory.accessible(base.addr, 0x40, mem::kRead) || get<uint16_t>(base.addr) != 0x5a4d) return kInvalidImageFormat;
  const uint32_t lfanew = get<uint32_t>(base.addr + 0x3c);
  if (lfanew >= 256u * 1024 * 1024) return kInvalidImageFormat;
  if (check && (lfanew >= size || size - lfanew < 24)) return kInvalidImageFormat;  // signature and file header
  const uint64_t nt = base.addr + lfanew;
  if (nt < base.addr || !p.memory.accessible(nt, 4, mem::kRead) || get<uint32_t>(nt) != 0x4550) return kInvalidImageFormat;
  p.put_ptr(out.addr, nt);
  return nt::kSuccess;
}

// RtlImageRvaToSection: the IMAGE_SECTION_HEADER (40 bytes each, after the optional header) whose
// virtual range holds an RVA; RtlAddressInSectionTable: where that RVA lies in an image mapped as
// its file (the section's file offset), or null.
Ptr RtlImageRvaToSection(WindowsProcess&, Ptr nt, Ptr, uint32_t rva) {
  const uint16_t count = get<uint16_t>(nt.addr + 6), optional = get<uint16_t>(nt.addr + 20);
  const uint64_t table = nt.addr + 24 + optional;
  for (uint16_t i = 0; i < count; ++i) {
    const uint64_t s = table + 40u * i;
    const uint32_t va = get<uint32_t>(s + 12), size = std::max(get<uint32_t>(s + 8), get<uint32_t>(s + 16));
    if (rva >= va && rva - va < size) return Ptr(s);
  }
  return Ptr(0);
}
Ptr RtlAddressInSectionTable(WindowsProcess& p, Ptr nt, Ptr base, uint32_t rva) {
  const Ptr s = RtlImageRvaToSection(p, nt, base, rva);
  return s ? Ptr(base.addr + (rva - get<uint32_t>(s.addr + 12)) + get<uint32_t>(s.addr + 20)) : Ptr(0);
}

void RtlZeroMemory(WindowsProcess&, Ptr d, USize n) { std::memset(d.as<void>(), 0, n); }

// RtlGetNtVersionNumbers: the build number carries 0xF0000000 (a free build), as Windows reports it.
void RtlGetNtVersionNumbers(WindowsProcess&, Ptr major, Ptr minor, Ptr build) {
  if (major) put<uint32_t>(major.addr, kRealVersion.major);
  if (minor) put<uint32_t>(minor.addr, kRealVersion.minor);
  if (build) put<uint32_t>(build.addr, 0xf0000000u | kRealVersion.build);
}

Ptr RtlGetCurrentPeb(WindowsProcess& p) { return Ptr(p.peb); }

// RtlGetProductInfo(major, minor, service pack major, minor, *type): the edition the system is,
// Windows 10 Pro (PRODUCT_PROFESSIONAL, the registry's EditionID "Professional"), for a version of
// 6.0 or later; PRODUCT_UNDEFINED and FALSE for an older one.
uint8_t RtlGetProductInfo(WindowsProcess&, uint32_t major, uint32_t, uint32_t, uint32_t, Ptr type) {
  constexpr uint32_t kProductUndefined = 0, kProductProfessional = 0x30;
  if (!type) return 0;
  put<uint32_t>(type.addr, major < 6 ? kProductUndefined : kProductProfessional);
  return major < 6 ? 0 : 1;
}

// NtWaitForSingleObject(handle, alertable, timeout): no timeout waits forever. The wait's results
// are the same numbers as WaitForSingleObject's (STATUS_WAIT_0, STATUS_ABANDONED_WAIT_0,
// STATUS_TIMEOUT, and an alertable wait's STATUS_USER_APC and STATUS_ALERTED); a bad handle is
// STATUS_INVALID_HANDLE.
uint32_t NtWaitForSingleObject(WindowsProcess& p, Ptr h, uint8_t alertable, Ptr timeout) {
  uint32_t ms = timeout ? timeout_ms_from_nt(get<int64_t>(timeout.addr)) : kInfinite;
  uint64_t one = h.addr;
  uint32_t r = alertable ? wait_for_objects_or(p, 1, reinterpret_cast<uint64_t>(&one), false, ms, true)
                         : wait_for_object(p, h.addr, ms);
  return r == 0xffffffffu ? STATUS_INVALID_HANDLE : r;
}

}  // namespace

static std::vector<Export> ntdll_exports() {
  std::vector<Export> e = {
      EXPORT("RtlNtStatusToDosError", RtlNtStatusToDosError),
      EXPORT("RtlZeroMemory", RtlZeroMemory),
      EXPORT("RtlGetVersion", RtlGetVersion),
      EXPORT("RtlVerifyVersionInfo", RtlVerifyVersionInfo),
      EXPORT("VerSetConditionMask", VerSetConditionMask),
      EXPORT("RtlImageNtHeader", RtlImageNtHeader),
      EXPORT("RtlImageNtHeaderEx", RtlImageNtHeaderEx),
      EXPORT("RtlImageRvaToSection", RtlImageRvaToSection),
      EXPORT("RtlAddressInSectionTable", RtlAddressInSectionTable),
      EXPORT("RtlGetNtVersionNumbers", RtlGetNtVersionNumbers),
      EXPORT("RtlGetCurrentPeb", RtlGetCurrentPeb),
      EXPORT("RtlGetProductInfo", RtlGetProductInfo),
      EXPORT("NtWaitForSingleObject", NtWaitForSingleObject),
  };
  // The native API's power, system and file families of files of their own.
  for (const auto* more : {&ntdll_power_exports(), &ntdll_system_info_ex_exports(), &ntdll_mailslot_exports(),
                           &ntdll_file_segment_exports(), &ntdll_file_control_exports(),
                           &ntdll_extended_attribute_exports()})
    e.insert(e.end(), more->begin(), more->end());
  for (const auto* more : {&ntdll_frame_handler_exports(), &ntdll_debug_break_exports(), &ntdll_exception_exports(),
                           &ntdll_module_exports(), &ntdll_file_exports(),
                           &ntdll_pipe_exports(), &ntdll_virtual_exports(), &ntdll_heap_exports(),
                           &ntdll_loader_exports(), &ntdll_wait_packet_exports(), &ntdll_keyed_event_exports(),
                           &ntdll_system_info_exports(), &ntdll_object_exports(), &ntdll_string_exports(),
                           &ntdll_number_exports(), &ntdll_bitmap_exports(), &ntdll_memory_exports(),
                           &ntdll_time_exports(), &ntdll_security_exports(), &ntdll_sync_exports(),
                           &ntdll_runtime_exports(), &ntdll_lock_exports(),
                           &ntdll_environment_exports(), &ntdll_path_exports(), &ntdll_atom_exports(),
                           &ntdll_etw_exports(), &ntdll_misc_exports(), &ntdll_hash_exports(),
                           &ntdll_thread_exports(), &ntdll_ip_exports(), &ntdll_handle_exports(),
                           &ntdll_large_integer_exports(), &ntdll_system_control_exports(), &ntdll_page_exports(),
                           &ntdll_thread_control_exports(), &ntdll_registry_exports(),
                           &ntdll_token_exports(), &ntdll_section_exports(),
                           &ntdll_thread_pool_exports(), &ntdll_fls_exports(),
                           &ntdll_system_fact_exports(), &ntdll_resource_exports(),
                           &ntdll_object_directory_exports(), &ntdll_io_completion_exports(),
                           &ntdll_ipv6_exports(), &ntdll_compression_exports(),
                           &ntdll_file_path_exports(), &ntdll_ui_language_exports(), &ntdll_raise_exports()})
    e.insert(e.end(), more->begin(), more->end());
  for (const auto* more : {&ntdll_generic_table_exports(), &ntdll_process_params_exports(),
                           &ntdll_ldr_resource_exports(), &ntdll_ldr_module_exports(),
                           &ntdll_query_registry_exports(), &ntdll_thread_frame_exports(),
                           &ntdll_text_unicode_exports(), &ntdll_custom_code_page_exports()})
    e.insert(e.end(), more->begin(), more->end());
  // The native API's atoms, jobs, file locks and what else joins it (files of their own).
  for (const auto* more : {&ntdll_nt_atom_exports(), &ntdll_job_exports(), &ntdll_file_lock_exports(),
                           &ntdll_compiler_helper_exports(), &ntdll_context_xstate_exports(),
                           &ntdll_activation_context_exports(), &ntdll_locale_name_exports(),
                           &ntdll_normalization_exports(), &ntdll_format_message_exports(),
                           &ntdll_directory_watch_exports(), &ntdll_debug_buffer_exports()})
    e.insert(e.end(), more->begin(), more->end());
  const std::vector<Export> zw = ntdll_zw_aliases(e);
  e.insert(e.end(), zw.begin(), zw.end());
  return e;
}

// Forwarded: NTDLL's C runtime functions to msvcrt.dll (ntdll/crt.cpp), and the names of KERNEL32's
// functions polyrun's NTDLL has answered (Windows' NTDLL has none of them) to KERNEL32.
const Dll kNtdll{"ntdll.dll", false, ntdll_exports(), {}, nullptr, ntdll_process_start,
                 {Dll::Forward{"kernel32.dll", {"RaiseException", "RaiseFailFastException", "DebugBreak"}},
                  ntdll_crt_forward()}};

}  // namespace polyrun::shims
