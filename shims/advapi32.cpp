// ADVAPI32.dll for console programs: there is no registry (every key is "not found"), random
// bytes (SystemFunction036, a.k.a. RtlGenRandom) and the user name.
#include <sys/random.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "shims/guest_memory.h"
#include "shims/shim.h"
#include "shims/text.h"
#include "shims/win_errors.h"

namespace polyrun::shims {

namespace {

int32_t RegOpenKeyExA(WindowsProcess&, Ptr, CStr, uint32_t, uint32_t, Ptr result) {
  put<uint64_t>(result.addr, 0);
  return ERROR_FILE_NOT_FOUND;
}
int32_t RegOpenKeyExW(WindowsProcess&, Ptr, WStr, uint32_t, uint32_t, Ptr result) {
  put<uint64_t>(result.addr, 0);
  return ERROR_FILE_NOT_FOUND;
}
int32_t RegQueryValueExA(WindowsProcess&, Ptr, CStr, Ptr, Ptr, Ptr, Ptr) { return ERROR_FILE_NOT_FOUND; }
int32_t RegQueryValueExW(WindowsProcess&, Ptr, WStr, Ptr, Ptr, Ptr, Ptr) { return ERROR_FILE_NOT_FOUND; }
int32_t RegCloseKey(WindowsProcess&, Ptr) { return ERROR_INVALID_HANDLE; }  // no key was ever opened

uint8_t SystemFunction036(WindowsProcess&, Ptr buf, uint32_t len) {
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = ::getrandom(buf.as<char>() + done, len - done, 0);
    if (n <= 0) return 0;
    done += static_cast<uint32_t>(n);
  }
  return 1;
}

std::string user_name() {
  const char* u = std::getenv("USER");
  if (u && *u) return u;
  const char* l = ::getlogin();
  return l ? l : "user";
}

int32_t GetUserNameA(WindowsProcess& p, Ptr buf, Ptr size) {
  std::string n = user_name();
  uint32_t have = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, static_cast<uint32_t>(n.size() + 1));
  if (n.size() + 1 > have) {
    p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return 0;
  }
  std::memcpy(buf.as<char>(), n.c_str(), n.size() + 1);
  return 1;
}

int32_t GetUserNameW(WindowsProcess& p, Ptr buf, Ptr size) {
  std::u16string n = utf8_to_utf16(user_name());
  uint32_t have = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, static_cast<uint32_t>(n.size() + 1));
  if (n.size() + 1 > have) {
    p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return 0;
  }
  std::memcpy(buf.as<char16_t>(), n.c_str(), (n.size() + 1) * 2);
  return 1;
}

}  // namespace

const Dll kAdvapi32{
    "advapi32.dll",
    false,
    {
        EXPORT("RegOpenKeyExA", RegOpenKeyExA),
        EXPORT("RegOpenKeyExW", RegOpenKeyExW),
        EXPORT("RegQueryValueExA", RegQueryValueExA),
        EXPORT("RegQueryValueExW", RegQueryValueExW),
        EXPORT("RegCloseKey", RegCloseKey),
        EXPORT("SystemFunction036", SystemFunction036),
        EXPORT("GetUserNameA", GetUserNameA),
        EXPORT("GetUserNameW", GetUserNameW),
    },
};

}  // namespace polyrun::shims
