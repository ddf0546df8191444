// SHLWAPI calling other system DLLs' functions as a Windows DLL calls its imports: through the
// function's thunk, as a call from guest code (shlwapi/system_calls.cpp). Used where SHLWAPI's
// functions are built on KERNEL32's (files, directories) and ADVAPI32's (the registry).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/core/windows_process.h"

namespace polyrun::shims::shlwapi_calls {

// The function `name` of the built-in DLL `dll` ("kernel32.dll") called with `args`: its result
// (rax / eax). A function the DLL lacks returns `missing`.
uint64_t call(WindowsProcess& p, const char* dll, const char* name, const std::vector<uint64_t>& args,
              uint64_t missing = 0);

// A block of the process heap for a call's arguments, freed when it goes.
class GuestBlock {
 public:
  GuestBlock(WindowsProcess& p, size_t bytes);
  ~GuestBlock();
  GuestBlock(const GuestBlock&) = delete;
  GuestBlock& operator=(const GuestBlock&) = delete;
  uint64_t addr() const { return addr_; }
  template <typename T>
  T* as() const { return reinterpret_cast<T*>(addr_); }

 private:
  WindowsProcess& p_;
  uint64_t addr_;
};

// A UTF-16 string copied into guest memory (NUL-ended).
class GuestText : public GuestBlock {
 public:
  GuestText(WindowsProcess& p, const std::u16string& s);
};

}  // namespace polyrun::shims::shlwapi_calls
