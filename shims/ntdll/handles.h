// NTDLL's handles (ntdll/handles.cpp) under KERNEL32's: CloseHandle is NtClose.
#pragma once

#include <cstdint>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_handles {

// NtClose: the handle and what it names go (a pseudo handle is left as it is); the NTSTATUS,
// STATUS_INVALID_HANDLE for a handle that names nothing.
uint32_t close(WindowsProcess& p, uint64_t h);
// What another DLL keeps of a handle (KERNEL32: a console handle's buffer, a directory's watch),
// registered at the process's start: dropped when NtClose closes the handle, and carried over to
// the copy NtDuplicateObject makes (`duplicated`, optional).
struct HandleHooks {
  void (*closed)(WindowsProcess& p, uint64_t h) = nullptr;
  void (*duplicated)(WindowsProcess& p, uint64_t from, uint64_t to) = nullptr;
};
void add_handle_hooks(WindowsProcess& p, HandleHooks hooks);
// The hooks' `duplicated`: `to` is a copy of `from`.
void carry_over(WindowsProcess& p, uint64_t from, uint64_t to);

// Whether `h` names an object of this process (a pseudo handle does).
bool names_object(WindowsProcess& p, uint64_t h);
// NtCompareObjects' answer for two handles: STATUS_SUCCESS (one object), STATUS_NOT_SAME_OBJECT,
// STATUS_INVALID_HANDLE.
uint32_t compare_objects(WindowsProcess& p, uint64_t a, uint64_t b);

}  // namespace polyrun::shims::ntdll_handles
