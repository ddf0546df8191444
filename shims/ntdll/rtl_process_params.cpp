// NTDLL's process parameters (RTL_USER_PROCESS_PARAMETERS, as winternl.h lays it out for the ISA):
// RtlCreateProcessParameters(Ex) makes one block of the process heap, the structure and then each
// of its strings (the current directory, DLL path, image path, command line, window title, desktop,
// shell and runtime information), each given its MaximumLength rounded up to a pointer's size, and
// last a copy of the environment. Normalized (Flags bit 0), the strings' Buffers are addresses;
// denormalized, offsets from the block's start, the form a block has while it is copied into a new
// process. RtlNormalizeProcessParams and RtlDeNormalizeProcessParams turn one form into the other,
// RtlDestroyProcessParameters frees the block.
//
// What the caller leaves null: the current directory is the process's (with its final backslash,
// room for MAX_PATH characters), the command line the image path, the environment the process's,
// the window title, desktop and shell information empty strings (a buffer of one NUL), the DLL
// path and runtime information none.
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_process_params_impl {

using namespace ntdll_text;

constexpr uint32_t kNormalized = 1;
constexpr uint16_t kMaxPathBytes = 260 * 2;

// The structure's fields for pointers of `ps` bytes.
struct Layout {
  unsigned ps;
  uint32_t console_flags() const { return ps == 8 ? 0x18 : 0x14; }
  uint32_t current_directory() const { return ps == 8 ? 0x38 : 0x24; }
  uint32_t dll_path() const { return ps == 8 ? 0x50 : 0x30; }
  uint32_t image_path() const { return ps == 8 ? 0x60 : 0x38; }
  uint32_t command_line() const { return ps == 8 ? 0x70 : 0x40; }
  uint32_t environment() const { return ps == 8 ? 0x80 : 0x48; }
  uint32_t window_title() const { return ps == 8 ? 0xb0 : 0x70; }
  uint32_t desktop() const { return window_title() + 2 * ps; }
  uint32_t shell_info() const { return window_title() + 4 * ps; }
  uint32_t runtime_info() const { return window_title() + 6 * ps; }
  uint32_t environment_size() const { return ps == 8 ? 0x3f0 : 0x290; }
  uint32_t size() const { return ps == 8 ? 0x410 : 0x2a4; }
  // The strings in the order the block holds them.
  std::vector<uint32_t> strings() const {
    return {current_directory(), dll_path(),  image_path(), command_line(),
            window_title(),      desktop(),   shell_info(), runtime_info()};
  }
};

struct Counted {
  uint16_t length = 0, maximum = 0;
  std::u16string text;  // `length` bytes
  bool none = true;     // no buffer
};

Counted read_string(WindowsProcess& p, uint64_t us) {
  Counted c;
  c.length = get<uint16_t>(us);
  c.maximum = get<uint16_t>(us + 2);
  const uint64_t buffer = p.get_ptr(us + p.isa->ptr);
  c.none = false;
  if (buffer && c.length)
    c.text.assign(static_cast<const char16_t*>(guest_pointer(buffer)), c.length / 2);
  return c;
}

Counted empty_string() {
  Counted c;
  c.maximum = 2;
  c.none = false;
  return c;
}

uint64_t round_up(uint64_t v, unsigned to) { return (v + to - 1) & ~static_cast<uint64_t>(to - 1); }

// The process's environment as a block: its variables, each NUL-ended, and an empty one.
std::u16string process_environment(WindowsProcess& p) {
  std::u16string block;
  for (const std::string& kv : p.env) {
    block += utf8_to_utf16(kv);
    block += u'\0';
  }
  block += u'\0';
  return block;
}

std::u16string block_environment(uint64_t env) {
  uint64_t at = env;
  while (wide_length(at)) at += (wide_length(at) + 1) * 2;
  return std::u16string(static_cast<const char16_t*>(guest_pointer(env)), (at - env) / 2 + 1);
}

Ptr RtlNormalizeProcessParams(WindowsProcess& p, Ptr params) {
  if (!params || (get<uint32_t>(params.addr + 8) & kNormalized)) return params;
  const Layout l{p.isa->ptr};
  for (uint32_t field : l.strings()) {
    const uint64_t at = params.addr + field + l.ps, offset = p.get_ptr(at);
    if (offset) p.put_ptr(at, params.addr + offset);
  }
  put<uint32_t>(params.addr + 8, get<uint32_t>(params.addr + 8) | kNormalized);
  return params;
}

Ptr RtlDeNormalizeProcessParams(WindowsProcess& p, Ptr params) {
  if (!params || !(get<uint32_t>(params.addr + 8) & kNormalized)) return params;
  const Layout l{p.isa->ptr};
  for (uint32_t field : l.strings()) {
    const uint64_t at = params.addr + field + l.ps, address = p.get_ptr(at);
    if (address) p.put_ptr(at, address - params.addr);
  }
  put<uint32_t>(params.addr + 8, get<uint32_t>(params.addr + 8) & ~kNormalized);
  return params;
}

uint32_t RtlCreateProcessParametersEx(WindowsProcess& p, Ptr result, Ptr image, Ptr dll_path, Ptr current_directory,
                                      Ptr command_line, Ptr environment, Ptr window_title, Ptr desktop,
                                      Ptr shell_info, Ptr runtime_info, uint32_t flags) {
  const Layout l{p.isa->ptr};
  Counted strings[8];
  if (current_directory) {
    strings[0] = read_string(p, current_directory.addr);
  } else {
    std::u16string cwd = utf8_to_utf16(windows_current_directory());
    if (cwd.empty() || cwd.back() != u'\\') cwd += u'\\';
    strings[0].text = cwd;
    strings[0].length = static_cast<uint16_t>(cwd.size() * 2);
    strings[0].none = false;
  }
  strings[0].maximum = kMaxPathBytes;
  if (dll_path) strings[1] = read_string(p, dll_path.addr);
  strings[2] = read_string(p, image.addr);
  strings[3] = command_line ? read_string(p, command_line.addr) : strings[2];
  strings[4] = window_title ? read_string(p, window_title.addr) : empty_string();
  strings[5] = desktop ? read_string(p, desktop.addr) : empty_string();
  strings[6] = shell_info ? read_string(p, shell_info.addr) : empty_string();
  if (runtime_info) strings[7] = read_string(p, runtime_info.addr);
  const std::u16string env = environment ? block_environment(environment.addr) : process_environment(p);

  uint64_t size = l.size();
  for (const Counted& s : strings) size += round_up(s.maximum, l.ps);
  const uint64_t env_bytes = round_up(env.size() * 2, l.ps);
  const uint64_t block = heap_alloc(p, size + env_bytes);
  if (!block) return nt::kNoMemory;
  std::memset(guest_pointer(block), 0, size + env_bytes);
  put<uint32_t>(block, static_cast<uint32_t>(size));      // AllocationSize
  put<uint32_t>(block + 4, static_cast<uint32_t>(size));  // Size
  put<uint32_t>(block + 8, kNormalized);
  p.put_ptr(block + l.environment_size(), env_bytes);
  uint64_t at = block + l.size();
  const std::vector<uint32_t> fields = l.strings();
  for (size_t i = 0; i < fields.size(); ++i) {
    const Counted& s = strings[i];
    const uint64_t us = block + fields[i];
    put<uint16_t>(us, s.length);
    put<uint16_t>(us + 2, s.maximum);
    if (!s.maximum) continue;
    p.put_ptr(us + l.ps, at);
    std::memcpy(guest_pointer(at), s.text.data(), std::min<size_t>(s.text.size() * 2, s.maximum));
    at += round_up(s.maximum, l.ps);
  }
  std::memcpy(guest_pointer(at), env.data(), env.size() * 2);
  p.put_ptr(block + l.environment(), at);
  if (!(flags & kNormalized)) RtlDeNormalizeProcessParams(p, block);
  p.put_ptr(result.addr, block);
  return nt::kSuccess;
}

uint32_t RtlCreateProcessParameters(WindowsProcess& p, Ptr result, Ptr image, Ptr dll_path, Ptr current_directory,
                                    Ptr command_line, Ptr environment, Ptr window_title, Ptr desktop,
                                    Ptr shell_info, Ptr runtime_info) {
  return RtlCreateProcessParametersEx(p, result, image, dll_path, current_directory, command_line, environment,
                                      window_title, desktop, shell_info, runtime_info, 0);
}

void RtlDestroyProcessParameters(WindowsProcess& p, Ptr params) {
  if (params) heap_free(p, params.addr);
}

}  // namespace ntdll_process_params_impl

const std::vector<Export>& ntdll_process_params_exports() {
  using namespace ntdll_process_params_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlCreateProcessParameters", RtlCreateProcessParameters),
      EXPORT("RtlCreateProcessParametersEx", RtlCreateProcessParametersEx),
      EXPORT("RtlDestroyProcessParameters", RtlDestroyProcessParameters),
      EXPORT("RtlNormalizeProcessParams", RtlNormalizeProcessParams),
      EXPORT("RtlDeNormalizeProcessParams", RtlDeNormalizeProcessParams),
  };
  return exports;
}

}  // namespace polyrun::shims
