// What NTDLL tells a program of the system besides its objects: the code page variables
// (NlsAnsiCodePage, NlsMbCodePageTag, NlsMbOemCodePageTag: both code pages are UTF-8, a multibyte
// one), the API sets' presence (ApiSetQueryApiSetPresence(Ex): an api-ms-win-… or ext-ms-… name
// is present when polyrun's DLL registry serves it), the software quality metrics (WinSqm*: the
// user has not opted in, so no session starts and no data point is kept), the image helpers
// RtlImageDirectoryEntryToData, RtlImageRvaToVa and RtlFindExportedRoutineByName, and
// RtlRaiseStatus.
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_system_facts_impl {

// ---- the code page variables ----

// A variable of NTDLL's in guest memory, made once with its value.
uint64_t variable(WindowsProcess& p, const char* name, uint32_t size, uint32_t value) {
  uint64_t& slot = p.data[std::string("ntdll!") + name];
  if (!slot) {
    slot = p.heap.alloc(8, true);
    if (slot) std::memcpy(guest_pointer(slot), &value, size);
  }
  return slot;
}
uint64_t ansi_code_page(WindowsProcess& p) { return variable(p, "NlsAnsiCodePage", 2, kAnsiCodePage); }
// NlsMbCodePageTag / NlsMbOemCodePageTag: whether the ANSI / OEM code page has two-byte characters.
uint64_t mb_code_page_tag(WindowsProcess& p) {
  CodePageInfo info;
  return variable(p, "NlsMbCodePageTag", 1, code_page_info(kAnsiCodePage, info) && info.max_char_size > 1);
}
uint64_t mb_oem_code_page_tag(WindowsProcess& p) {
  CodePageInfo info;
  return variable(p, "NlsMbOemCodePageTag", 1, code_page_info(kOemCodePage, info) && info.max_char_size > 1);
}

// ---- API sets ----

// The name without a version's dll extension, lower case; empty for one that is no API set's.
std::string api_set_name(WindowsProcess& p, uint64_t name) {
  std::string n = utf16_to_utf8(ntdll_text::unicode_of(p, name));
  for (char& c : n) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (n.rfind("api-", 0) != 0 && n.rfind("ext-", 0) != 0) return {};
  return n;
}

uint32_t ApiSetQueryApiSetPresence(WindowsProcess& p, Ptr name, Ptr present) {
  if (!name || !present) return nt::kInvalidParameter;
  const std::string n = api_set_name(p, name.addr);
  put<uint8_t>(present.addr, !n.empty() && find_dll(n.find('.') == std::string::npos ? n + ".dll" : n) ? 1 : 0);
  return nt::kSuccess;
}
// (ApiSetQueryApiSetPresenceEx: no extension allowed; the schema is the API sets polyrun serves.)
uint32_t ApiSetQueryApiSetPresenceEx(WindowsProcess& p, Ptr name, Ptr in_schema, Ptr present) {
  if (!name || !in_schema || !present) return nt::kInvalidParameter;
  const std::string n = api_set_name(p, name.addr);
  if (n.find('.') != std::string::npos) return nt::kInvalidParameter;
  const bool known = !n.empty() && find_dll(n + ".dll");
  put<uint8_t>(in_schema.addr, known ? 1 : 0);
  put<uint8_t>(present.addr, known ? 1 : 0);
  return nt::kSuccess;
}

// ---- software quality metrics: not opted in ----

uint8_t WinSqmIsOptedIn(WindowsProcess&) { return 0; }
// No session starts: INVALID_HANDLE_VALUE.
Ptr WinSqmStartSession(WindowsProcess& p, Ptr, uint32_t, uint32_t) { return Ptr(p.isa->ptr == 4 ? 0xffffffffull : ~0ull); }
uint32_t WinSqmEndSession(WindowsProcess&, Ptr) { return nt::kInvalidHandle; }  // (there is none to end)
// A data point with no session: not kept.
void WinSqmSetDWORD(WindowsProcess&, Ptr, uint32_t, uint32_t) {}
void WinSqmIncrementDWORD(WindowsProcess&, uint32_t, uint32_t, uint32_t) {}

// ---- images ----

// The image's IMAGE_NT_HEADERS, or 0 where `base` holds no PE image.
uint64_t nt_headers(WindowsProcess& p, uint64_t base) {
  if (!base || !p.memory.accessible(base, 0x40, mem::kRead) || get<uint16_t>(base) != 0x5a4d) return 0;
  const uint64_t nt = base + get<uint32_t>(base + 0x3c);
  if (!p.memory.accessible(nt, 0x108, mem::kRead) || get<uint32_t>(nt) != 0x4550) return 0;
  return nt;
}
// The section that holds an RVA (IMAGE_SECTION_HEADER), or 0.
uint64_t section_of(uint64_t nt, uint32_t rva) {
  const uint16_t count = get<uint16_t>(nt + 6), optional = get<uint16_t>(nt + 20);
  for (uint16_t i = 0; i < count; ++i) {
    const uint64_t s = nt + 24 + optional + 40u * i;
    const uint32_t va = get<uint32_t>(s + 12), size = std::max(get<uint32_t>(s + 8), get<uint32_t>(s + 16));
    if (rva >= va && rva - va < size) return s;
  }
  return 0;
}

// RtlImageRvaToVa(nt headers, base, rva, *section hint): where an RVA lies in an image mapped as
// its file (through its section's file offset); the section in *hint when given.
Ptr RtlImageRvaToVa(WindowsProcess& p, Ptr nt, Ptr base, uint32_t rva, Ptr hint) {
  uint64_t s = hint ? p.get_ptr(hint.addr) : 0;
  if (!s || rva < get<uint32_t>(s + 12) || rva - get<uint32_t>(s + 12) >= get<uint32_t>(s + 16)) {
    s = section_of(nt.addr, rva);
    if (!s) return Ptr(0);
    if (hint) p.put_ptr(hint.addr, s);
  }
  return Ptr(base.addr + (rva - get<uint32_t>(s + 12)) + get<uint32_t>(s + 20));
}

// RtlImageDirectoryEntryToData(base, as an image, directory, *size): where a data directory's
// data is (an image mapped as loaded, or as its file when `image` is FALSE), its size in *size.
Ptr RtlImageDirectoryEntryToData(WindowsProcess& p, Ptr module, uint8_t image, uint16_t directory, Ptr size) {
  const uint64_t base = module.addr & ~uint64_t{3};  // (a data file's handle has low bits set)
  const uint64_t nt = nt_headers(p, base);
  if (!nt) return Ptr(0);
  const bool pe64 = get<uint16_t>(nt + 24) == 0x20b;
  const uint64_t dirs = nt + 24 + (pe64 ? 112 : 96);
  const uint32_t count = get<uint32_t>(dirs - 4);
  if (directory >= count) return Ptr(0);
  const uint32_t rva = get<uint32_t>(dirs + 8u * directory), bytes = get<uint32_t>(dirs + 8u * directory + 4);
  if (!rva) return Ptr(0);
  put<uint32_t>(size.addr, bytes);
  const uint32_t size_of_headers = get<uint32_t>(nt + 24 + 60);
  if (image || rva < size_of_headers) return Ptr(base + rva);
  return RtlImageRvaToVa(p, Ptr(nt), Ptr(base), rva, Ptr(0));
}

// RtlFindExportedRoutineByName(module, name): the address of the image's export of that name (a
// forwarder's string where the export is one), or null; of a DLL polyrun serves, its export's.
Ptr RtlFindExportedRoutineByName(WindowsProcess& p, Ptr module, CStr name) {
  uint32_t size = 0;
  if (!name.addr) return Ptr(0);
  const uint64_t nt = nt_headers(p, module.addr);
  if (!nt || !get<uint32_t>(nt + 24 + (get<uint16_t>(nt + 24) == 0x20b ? 112 : 96))) {
    const Dll* builtin = builtin_dll_of_handle(module.addr);
    if (builtin && !builtin->find(name.str())) return Ptr(0);  // (not found, and not said on the log)
    const uint32_t before = p.last_error();
    const uint64_t f = module ? module_proc_address(p, module.addr, name.addr) : 0;
    p.set_last_error(before);
    return Ptr(f);
  }
  const bool pe64 = get<uint16_t>(nt + 24) == 0x20b;
  const uint64_t dir = nt + 24 + (pe64 ? 112 : 96);
  const uint32_t rva = get<uint32_t>(dir);
  size = get<uint32_t>(dir + 4);
  if (!rva || !size) return Ptr(0);
  const uint64_t exports = module.addr + rva;
  const uint32_t names = get<uint32_t>(exports + 24);
  const uint64_t functions = module.addr + get<uint32_t>(exports + 28);
  const uint64_t name_rvas = module.addr + get<uint32_t>(exports + 32);
  const uint64_t ordinals = module.addr + get<uint32_t>(exports + 36);
  const std::string want = name.str();
  uint32_t lo = 0, hi = names;  // (the names are sorted)
  while (lo < hi) {
    const uint32_t mid = (lo + hi) / 2;
    const char* n = static_cast<const char*>(guest_pointer(module.addr + get<uint32_t>(name_rvas + 4u * mid)));
    const int c = std::strcmp(want.c_str(), n);
    if (c == 0) return Ptr(module.addr + get<uint32_t>(functions + 4u * get<uint16_t>(ordinals + 2u * mid)));
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return Ptr(0);
}

// ---- WOW64: a 32-bit program runs as on 64-bit Windows (an x64 machine) ----

constexpr uint16_t kMachineI386 = 0x14c, kMachineAmd64 = 0x8664;

// RtlWow64GetProcessMachines(process, *process machine, *native machine): the process's machine
// (IMAGE_FILE_MACHINE_UNKNOWN for a native one; i386 for a 32-bit one) and the host's (AMD64).
uint32_t RtlWow64GetProcessMachines(WindowsProcess& p, Ptr process, Ptr current, Ptr native) {
  if (!p.is_current_process(process.addr)) {
    Waitable* w = waitable_of_kind(p, process.addr, Waitable::Kind::Process);
    if (!w) return nt::kInvalidHandle;
    if (w->id != static_cast<uint32_t>(::getpid())) return 0xc0000022;  // (another process's image is not known here)
  }
  put<uint16_t>(current.addr, p.isa->ptr == 4 ? kMachineI386 : 0);
  put<uint16_t>(native.addr, kMachineAmd64);
  return nt::kSuccess;
}
uint16_t RtlWow64GetCurrentMachine(WindowsProcess& p) { return p.isa->ptr == 4 ? kMachineI386 : kMachineAmd64; }
// RtlWow64GetCpuAreaInfo(cpu, reserved, info): where a WOW64 CPU area (WOW64_CPURESERVED: Flags,
// Machine, then the machine's CONTEXT at its alignment and a pointer to its CONTEXT_EX) keeps the
// context: WOW64_CPU_AREA_INFO (Context, ContextEx, ContextFlagsLocation, CpuReserved, ContextFlag,
// Machine); STATUS_INVALID_PARAMETER for a machine that has none.
uint32_t RtlWow64GetCpuAreaInfo(WindowsProcess& p, Ptr cpu, uint32_t, Ptr info) {
  struct Area {
    uint16_t machine;
    uint32_t align, size, flags_offset, flag;
  };
  static const Area kAreas[] = {{kMachineI386, 4, 0x2cc, 0, 0x10000},
                                {kMachineAmd64, 16, 0x4d0, 0x30, 0x100000},
                                {0x1c4, 8, 0x1a0, 0, 0x200000},  // ARMNT
                                {0xaa64, 16, 0x390, 0, 0x400000}};  // ARM64
  const unsigned ps = p.isa->ptr;
  const uint16_t machine = get<uint16_t>(cpu.addr + 2);
  for (const Area& a : kAreas) {
    if (a.machine != machine) continue;
    const uint64_t context = (cpu.addr + 4 + a.align - 1) & ~uint64_t{a.align - 1};
    p.put_ptr(info.addr, context);
    p.put_ptr(info.addr + ps, (context + a.size + ps - 1) & ~uint64_t{ps - 1});
    p.put_ptr(info.addr + 2 * ps, context + a.flags_offset);
    p.put_ptr(info.addr + 3 * ps, cpu.addr);
    put<uint32_t>(info.addr + 4 * ps, a.flag);
    put<uint16_t>(info.addr + 4 * ps + 4, machine);
    return nt::kSuccess;
  }
  return nt::kInvalidParameter;
}

// RtlWow64IsWowGuestMachineSupported(machine, *supported): i386 programs run (x64 Windows' WOW64).
uint32_t RtlWow64IsWowGuestMachineSupported(WindowsProcess&, uint16_t machine, Ptr supported) {
  put<uint8_t>(supported.addr, machine == kMachineI386 ? 1 : 0);
  return nt::kSuccess;
}
// RtlWow64EnableFsRedirectionEx(disable, *old): a 32-bit program's file system redirection of the
// system directory, kept per thread (polyrun's system directory is one for both widths, so the
// setting changes no path); a 64-bit program has none (STATUS_NOT_IMPLEMENTED, as 64-bit Windows
// answers it).
thread_local uint64_t redirection_disabled = 0;
uint32_t RtlWow64EnableFsRedirectionEx(WindowsProcess& p, Ptr disable, Ptr old) {
  if (p.isa->ptr != 4) return nt::kNotImplemented;
  if (!old) return 0xc0000005;  // STATUS_ACCESS_VIOLATION, as Windows' write through it would be
  p.put_ptr(old.addr, redirection_disabled);
  redirection_disabled = disable.addr;
  return nt::kSuccess;
}
uint32_t RtlWow64EnableFsRedirection(WindowsProcess& p, uint8_t enable) {
  if (p.isa->ptr != 4) return nt::kNotImplemented;
  redirection_disabled = enable ? 0 : 1;
  return nt::kSuccess;
}

// RtlRaiseStatus(status): a noncontinuable exception of that code, raised where it was called.
void RtlRaiseStatus(WindowsProcess& p, uint32_t status) {
  constexpr uint32_t kNoncontinuable = 1;
  raise_from_host_call(p, status, kNoncontinuable, {}, p.isa->ptr == 4 ? 4 : 0);
}

}  // namespace ntdll_system_facts_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_system_fact_exports() {
  using namespace ntdll_system_facts_impl;
  static const std::vector<Export> exports = {
      EXPORT_DATA("NlsAnsiCodePage", ansi_code_page),
      EXPORT_DATA("NlsMbCodePageTag", mb_code_page_tag),
      EXPORT_DATA("NlsMbOemCodePageTag", mb_oem_code_page_tag),
      EXPORT("ApiSetQueryApiSetPresence", ApiSetQueryApiSetPresence),
      EXPORT("ApiSetQueryApiSetPresenceEx", ApiSetQueryApiSetPresenceEx),
      EXPORT("WinSqmIsOptedIn", WinSqmIsOptedIn),
      EXPORT("WinSqmStartSession", WinSqmStartSession),
      EXPORT("WinSqmEndSession", WinSqmEndSession),
      EXPORT("WinSqmSetDWORD", WinSqmSetDWORD),
      EXPORT("WinSqmIncrementDWORD", WinSqmIncrementDWORD),
      EXPORT("RtlImageRvaToVa", RtlImageRvaToVa),
      EXPORT("RtlImageDirectoryEntryToData", RtlImageDirectoryEntryToData),
      EXPORT("RtlFindExportedRoutineByName", RtlFindExportedRoutineByName),
      EXPORT("RtlRaiseStatus", RtlRaiseStatus),
      EXPORT("RtlWow64GetProcessMachines", RtlWow64GetProcessMachines),
      EXPORT("RtlWow64GetCurrentMachine", RtlWow64GetCurrentMachine),
      EXPORT("RtlWow64GetCpuAreaInfo", RtlWow64GetCpuAreaInfo),
      EXPORT("RtlWow64IsWowGuestMachineSupported", RtlWow64IsWowGuestMachineSupported),
      EXPORT("RtlWow64EnableFsRedirectionEx", RtlWow64EnableFsRedirectionEx),
      EXPORT("RtlWow64EnableFsRedirection", RtlWow64EnableFsRedirection),
  };
  return exports;
}

}  // namespace polyrun::shims
