// MSVCP140.dll's error maps beneath std::generic_category and std::system_category: the message of
// a C runtime errno value (_Syserror_map), the errno value a Windows error stands for
// (_Winerror_map), a Windows error's system message (_Winerror_message); and std::random_device's
// source of numbers (_Random_device).
#include <sys/random.h>

#include <cstring>
#include <map>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

// The C runtime's errno values (Microsoft's <errno.h>, the POSIX supplement from 100) and the
// message generic_category gives each.
struct ErrnoText {
  int32_t value;
  const char* text;
};
constexpr ErrnoText kErrnoTexts[] = {
    {1, "operation not permitted"},
    {2, "no such file or directory"},
    {3, "no such process"},
    {4, "interrupted system call"},
    {5, "input/output error"},
    {6, "no such device or address"},
    {7, "argument list too long"},
    {8, "exec format error"},
    {9, "bad file descriptor"},
    {10, "no child processes"},
    {11, "resource temporarily unavailable"},
    {12, "cannot allocate memory"},
    {13, "permission denied"},
    {14, "bad address"},
    {16, "device or resource busy"},
    {17, "file exists"},
    {18, "invalid cross-device link"},
    {19, "no such device"},
    {20, "not a directory"},
    {21, "is a directory"},
    {22, "invalid argument"},
    {23, "too many open files in system"},
    {24, "too many open files"},
    {25, "inappropriate ioctl for device"},
    {27, "file too large"},
    {28, "no space left on device"},
    {29, "illegal seek"},
    {30, "read-only file system"},
    {31, "too many links"},
    {32, "broken pipe"},
    {33, "numerical argument out of domain"},
    {34, "numerical result out of range"},
    {36, "resource deadlock avoided"},
    {38, "file name too long"},
    {39, "no locks available"},
    {40, "function not implemented"},
    {41, "directory not empty"},
    {42, "invalid or incomplete multibyte or wide character"},
    {100, "address already in use"},
    {101, "cannot assign requested address"},
    {102, "address family not supported by protocol"},
    {103, "operation already in progress"},
    {104, "not a data message"},
    {105, "operation Canceled"},
    {106, "software caused connection abort"},
    {107, "connection refused"},
    {108, "connection reset by peer"},
    {109, "destination address required"},
    {110, "no route to host"},
    {111, "identifier removed"},
    {112, "operation now in progress"},
    {113, "transport endpoint is already connected"},
    {114, "too many symbolic links encountered"},
    {115, "message too long"},
    {116, "network is down"},
    {117, "network dropped connection because of reset"},
    {118, "network is unreachable"},
    {119, "no buffer space available"},
    {120, "no data available"},
    {121, "link has been severed"},
    {122, "no message of desired type"},
    {123, "protocol not available"},
    {124, "out of streams resources"},
    {125, "device not a stream"},
    {126, "transport endpoint is not connected"},
    {127, "state not recoverable"},
    {128, "socket operation on non-socket"},
    {129, "not supported"},
    {130, "operation not supported on transport endpoint"},
    {132, "value too large for defined data type"},
    {133, "owner died"},
    {134, "protocol error"},
    {135, "protocol not supported"},
    {136, "protocol wrong type for socket"},
    {137, "timer expired"},
    {138, "connection timed out"},
    {139, "text file busy"},
    {140, "operation would block"},
};

// The message of errno value `err` ("unknown error" for another), in guest memory made once.
Ptr _Syserror_map(WindowsProcess& p, int32_t err) {
  static std::map<std::pair<const WindowsProcess*, int32_t>, uint64_t> made;  // (one process per polyrun)
  const char* text = "unknown error";
  int32_t key = -1;
  for (const ErrnoText& e : kErrnoTexts)
    if (e.value == err) text = e.text, key = err;
  uint64_t& at = made[{&p, key}];
  if (!at) {
    at = p.alloc_data(std::strlen(text) + 1);
    std::memcpy(guest_pointer(at), text, std::strlen(text) + 1);
  }
  return Ptr(at);
}

// Windows errors and the errno value each stands for (system_category's default_error_condition).
constexpr std::pair<int32_t, int32_t> kWinErrors[] = {
    {1, 40},      {2, 2},       {3, 2},       {4, 24},      {5, 13},      {6, 22},      {8, 12},
    {12, 13},     {14, 12},     {15, 19},     {16, 13},     {17, 18},     {19, 13},     {20, 19},
    {21, 11},     {25, 5},      {29, 5},      {30, 5},      {32, 13},     {33, 39},     {39, 28},
    {50, 129},    {55, 19},     {80, 17},     {82, 13},     {87, 22},     {110, 5},     {111, 38},
    {112, 28},    {123, 2},     {131, 22},    {142, 16},    {145, 41},    {170, 16},    {183, 17},
    {212, 39},    {267, 22},    {995, 105},   {998, 13},    {1011, 5},    {1012, 5},    {1013, 5},
    {1237, 11},   {2401, 16},   {2404, 16},   {4393, 22},   {10004, 4},   {10009, 9},   {10013, 13},
    {10014, 14},  {10022, 22},  {10024, 24},  {10035, 140}, {10036, 112}, {10037, 103}, {10038, 128},
    {10039, 109}, {10040, 115}, {10041, 136}, {10042, 123}, {10043, 135}, {10045, 130}, {10047, 102},
    {10048, 100}, {10049, 101}, {10050, 116}, {10051, 118}, {10052, 117}, {10053, 106}, {10054, 108},
    {10055, 119}, {10056, 113}, {10057, 126}, {10060, 138}, {10061, 107}, {10063, 38},  {10065, 110},
};

// The errno value, or 0 for an error without one.
int32_t _Winerror_map(WindowsProcess&, int32_t err) {
  for (const auto& [win, posix] : kWinErrors)
    if (win == err) return posix;
  return 0;
}

// FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS) of the error into
// `buf` of `size` characters: the message's length with its CR LF, or 0 when there is no message
// for the error or it does not fit.
uint32_t _Winerror_message(WindowsProcess&, uint32_t err, Ptr buf, uint32_t size) {
  const char* text = win_error_message(err);
  if (!text) return 0;
  const std::string msg = std::string(text) + "\r\n";
  if (msg.size() + 1 > size) return 0;
  copy_guest(guest_pointer(buf.addr), msg.c_str(), msg.size() + 1, buf.addr, true);
  return static_cast<uint32_t>(msg.size());
}

// 32 bits from the system's generator (rand_s's).
uint32_t _Random_device(WindowsProcess&) {
  uint32_t v = 0;
  while (::getrandom(&v, sizeof v, 0) != static_cast<ssize_t>(sizeof v)) {
  }
  return v;
}

}  // namespace

const std::vector<Export>& error_map_exports() {
  static const std::vector<Export> e = {
      MSVCP_FUNCTION("?_Syserror_map@std@@YAPBDH@Z", "?_Syserror_map@std@@YAPEBDH@Z", _Syserror_map),
      EXPORT("?_Winerror_map@std@@YAHH@Z", _Winerror_map),
      MSVCP_FUNCTION("?_Winerror_message@std@@YAKKPADK@Z", "?_Winerror_message@std@@YAKKPEADK@Z", _Winerror_message),
      EXPORT("?_Random_device@std@@YAIXZ", _Random_device),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
