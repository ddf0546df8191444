// SHELL32.dll for console programs: CommandLineToArgvW, and the user's known folders
// (SHGetKnownFolderPath) placed on the Linux user's home and XDG directories.
#include <cstdlib>
#include <cstring>

#include "shims/command_line.h"
#include "shims/path_mapping.h"
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

// Known folders by GUID (Data1, Data2, Data3, Data4 as bytes) and where they are on Linux: a
// directory under $HOME, or an environment variable naming it.
struct KnownFolder {
  uint8_t guid[16];
  const char* xdg_variable;  // overrides the default when set
  const char* under_home;    // the default, relative to $HOME ("" is $HOME itself)
};
#define GUID_BYTES(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)                                                   \
  {static_cast<uint8_t>(a), static_cast<uint8_t>((a) >> 8), static_cast<uint8_t>((a) >> 16),                 \
   static_cast<uint8_t>((a) >> 24), static_cast<uint8_t>(b), static_cast<uint8_t>((b) >> 8),                  \
   static_cast<uint8_t>(c), static_cast<uint8_t>((c) >> 8), d0, d1, d2, d3, d4, d5, d6, d7}
const KnownFolder kKnownFolders[] = {
    {GUID_BYTES(0x5e6c858f, 0x0e22, 0x4760, 0x9a, 0xfe, 0xea, 0x33, 0x17, 0xb6, 0x71, 0x73), nullptr, ""},  // Profile
    {GUID_BYTES(0x3eb685db, 0x65f9, 0x4cf6, 0xa0, 0x3a, 0xe3, 0xef, 0x65, 0x72, 0x9f, 0x3d), "XDG_CONFIG_HOME",
     ".config"},  // RoamingAppData
    {GUID_BYTES(0xf1b32785, 0x6fba, 0x4fcf, 0x9d, 0x55, 0x7b, 0x8e, 0x7f, 0x15, 0x70, 0x91), "XDG_DATA_HOME",
     ".local/share"},  // LocalAppData
    {GUID_BYTES(0xa520a1a4, 0x1780, 0x4ff6, 0xbd, 0x18, 0x16, 0x73, 0x43, 0xc5, 0xaf, 0x16), "XDG_DATA_HOME",
     ".local/share"},  // LocalAppDataLow
    {GUID_BYTES(0xfdd39ad0, 0x238f, 0x46af, 0xad, 0xb4, 0x6c, 0x85, 0x48, 0x03, 0x69, 0xc7), nullptr, "Documents"},
    {GUID_BYTES(0xb4bfcc3a, 0xdb2c, 0x424c, 0xb0, 0x29, 0x7f, 0xe9, 0x9a, 0x87, 0xc6, 0x41), nullptr, "Desktop"},
    {GUID_BYTES(0x374de290, 0x123f, 0x4565, 0x91, 0x64, 0x39, 0xc4, 0x92, 0x5e, 0x46, 0x7b), nullptr, "Downloads"},
};
#undef GUID_BYTES

// SHGetKnownFolderPath(folder, flags, token, &path): the path in a block freed with CoTaskMemFree.
int32_t SHGetKnownFolderPath(WindowsProcess& p, Ptr guid, uint32_t, Ptr, Ptr out) {
  p.put_ptr(out.addr, 0);
  for (const auto& k : kKnownFolders) {
    if (std::memcmp(guid.as<const void>(), k.guid, 16) != 0) continue;
    const char* xdg = k.xdg_variable ? std::getenv(k.xdg_variable) : nullptr;
    std::string host = xdg && *xdg ? std::string(xdg) : host_home_directory() + (*k.under_home ? "/" : "") + k.under_home;
    std::u16string w = utf8_to_utf16(host_to_windows_path(host));
    uint64_t block = p.heap.alloc((w.size() + 1) * 2);
    if (!block) return static_cast<int32_t>(0x8007000e);  // E_OUTOFMEMORY
    std::memcpy(guest_pointer(block), w.c_str(), (w.size() + 1) * 2);
    p.put_ptr(out.addr, block);
    return 0;
  }
  return static_cast<int32_t>(0x80070002);  // HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND): no such folder
}

}  // namespace

const Dll kShell32{
    "shell32.dll",
    false,
    {
        EXPORT("CommandLineToArgvW", CommandLineToArgvW),
        EXPORT("SHGetKnownFolderPath", SHGetKnownFolderPath),
    },
};

}  // namespace polyrun::shims
