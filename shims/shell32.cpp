// SHELL32.dll for console programs: CommandLineToArgvW.
#include <cstring>

#include "shims/command_line.h"
#include "shims/guest_memory.h"
#include "shims/shim.h"
#include "shims/text.h"

namespace polyrun::shims {

namespace {

// One LocalAlloc-style block: the pointer array, then the strings (freed with LocalFree).
Ptr CommandLineToArgvW(WindowsProcess& p, WStr cmd, Ptr argc) {
  std::vector<std::string> args = split_command_line(utf16_to_utf8(cmd.str()));
  std::vector<std::u16string> wide;
  uint64_t bytes = (args.size() + 1) * p.isa->ptr;
  for (const auto& a : args) {
    wide.push_back(utf8_to_utf16(a));
    bytes += (wide.back().size() + 1) * 2;
  }
  uint64_t block = p.heap.alloc(bytes, true);
  if (!block) return Ptr(0);
  uint64_t str = block + (args.size() + 1) * p.isa->ptr;
  for (size_t i = 0; i < wide.size(); ++i) {
    p.put_ptr(block + i * p.isa->ptr, str);
    std::memcpy(guest_pointer(str), wide[i].c_str(), (wide[i].size() + 1) * 2);
    str += (wide[i].size() + 1) * 2;
  }
  put<int32_t>(argc.addr, static_cast<int32_t>(args.size()));
  return Ptr(block);
}

}  // namespace

const Dll kShell32{
    "shell32.dll",
    false,
    {
        EXPORT("CommandLineToArgvW", CommandLineToArgvW),
    },
};

}  // namespace polyrun::shims
