// USERENV.dll for console programs: the user's profile directory, which is the Linux home.
#include <cstdlib>
#include <cstring>

#include "shims/userenv/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {

namespace {

std::string profile_directory() { return host_to_windows_path(host_home_directory()); }

// GetUserProfileDirectory(token, buffer, &size): *size is in characters, with the NUL; too small a
// buffer gets ERROR_INSUFFICIENT_BUFFER and the size needed.
int32_t profile(WindowsProcess& p, Ptr buf, Ptr size, bool wide) {
  std::string dir = profile_directory();
  std::u16string w = utf8_to_utf16(dir);
  if (!wide) dir = utf8_to_ansi(dir);  // (the A form's: the ANSI code page)
  uint32_t need = static_cast<uint32_t>((wide ? w.size() : dir.size()) + 1);
  uint32_t have = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, need);
  if (!buf || have < need) {
    p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return 0;
  }
  if (wide) std::memcpy(guest_pointer(buf.addr), w.c_str(), need * 2);
  else std::memcpy(guest_pointer(buf.addr), dir.c_str(), need);
  return 1;
}
int32_t GetUserProfileDirectoryA(WindowsProcess& p, Ptr, Ptr buf, Ptr size) { return profile(p, buf, size, false); }
int32_t GetUserProfileDirectoryW(WindowsProcess& p, Ptr, Ptr buf, Ptr size) { return profile(p, buf, size, true); }

}  // namespace

const Dll kUserenv{
    "userenv.dll",
    false,
    {
        EXPORT("GetUserProfileDirectoryA", GetUserProfileDirectoryA),
        EXPORT("GetUserProfileDirectoryW", GetUserProfileDirectoryW),
    },
};

}  // namespace polyrun::shims
