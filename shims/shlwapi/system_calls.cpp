// SHLWAPI's calls into other system DLLs through their thunks (shlwapi/system_calls.h).
#include "shims/shlwapi/system_calls.h"

#include <cstring>

namespace polyrun::shims::shlwapi_calls {

uint64_t call(WindowsProcess& p, const char* dll, const char* name, const std::vector<uint64_t>& args, uint64_t missing) {
  return p.call_export(dll, name, args, missing);
}

GuestBlock::GuestBlock(WindowsProcess& p, size_t bytes) : p_(p), addr_(p.heap.alloc(bytes ? bytes : 1, true)) {}
GuestBlock::~GuestBlock() {
  if (addr_) p_.heap.free(addr_);
}

GuestText::GuestText(WindowsProcess& p, const std::u16string& s) : GuestBlock(p, (s.size() + 1) * 2) {
  if (addr()) std::memcpy(as<char16_t>(), s.c_str(), (s.size() + 1) * 2);
}

}  // namespace polyrun::shims::shlwapi_calls
