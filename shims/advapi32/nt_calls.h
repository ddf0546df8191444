// ADVAPI32's calls of NTDLL's functions (through NTDLL's table, as Windows' ADVAPI32 imports them):
// where ADVAPI32's function is a layer over an Rtl or Nt one, NTDLL's is the one implementation.
#pragma once

#include <cstdint>
#include <vector>

#include "shims/core/shim.h"
#include "shims/core/win_result.h"

namespace polyrun::shims::advapi32_nt {

// NTDLL's function `name` with pointer-sized arguments; its result (an NTSTATUS, a BOOLEAN …).
inline uint64_t call(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("ntdll.dll", name, args);
}
inline uint32_t status(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return static_cast<uint32_t>(call(p, name, args));
}
inline bool boolean(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return (call(p, name, args) & 0xff) != 0;
}
// The Win32 error of an NTSTATUS (RtlNtStatusToDosError). NTDLL's table lacks the statuses of
// security, LSA and buffer sizes yet (it answers ERROR_MR_MID_NOT_FOUND, 317, for them): those are
// ADVAPI32's own until NTDLL's RtlNtStatusToDosError has them.
inline uint32_t win_error(WindowsProcess& p, uint32_t st) {
  const uint32_t e = static_cast<uint32_t>(call(p, "RtlNtStatusToDosError", {st}));
  if (e != 317) return e;
  static const struct {
    uint32_t status, error;
  } kMore[] = {
      {0xc0000023, 122},  {0xc0000078, 1337}, {0xc0000058, 1305}, {0xc0000079, 1338}, {0xc0000059, 1306},
      {0xc0000077, 1336}, {0xc0000099, 1344}, {0xc00000e7, 1361}, {0xc0000061, 1314}, {0xc0000073, 1332},
      {0x00000107, 1301}, {0x8000001a, 259},  {0xc0020017, 1722}, {0xc000005f, 1312}, {0xc0000060, 1313},
      {0xc000006d, 1326}, {0xc0000062, 1315}, {0xc00000a5, 1346}, {0xc000005c, 1312}, {0xc0000064, 1317},
      {0xc0000005, 998},  {0xc0000004, 24},   {0x80000005, 234},  {0xc0000002, 1},    {0xc0000003, 87},
  };
  for (const auto& m : kMore)
    if (m.status == st) return m.error;
  return e;
}
// A BOOL result of an NTSTATUS: TRUE for success, else FALSE with its Win32 error as the last error.
inline BOOL result(WindowsProcess& p, uint32_t st) {
  if (!(st & 0x80000000u)) return TRUE;
  p.set_last_error(win_error(p, st));
  return FALSE;
}
inline BOOL call_bool(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return result(p, status(p, name, args));
}

// A few bytes of the process heap for an NTDLL out-parameter of another width than ADVAPI32's
// (a BOOLEAN where ADVAPI32 has a BOOL), freed with the scope.
struct Scratch {
  WindowsProcess& p;
  uint64_t at;
  explicit Scratch(WindowsProcess& proc, uint64_t size = 16) : p(proc), at(proc.heap.alloc(size, true)) {}
  ~Scratch() {
    if (at) p.heap.free(at);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

}  // namespace polyrun::shims::advapi32_nt
