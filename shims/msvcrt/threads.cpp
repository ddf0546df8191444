// msvcrt.dll, threads: the C runtime's wrappers of CreateThread and ExitThread (_beginthreadex,
// _beginthread, _endthreadex, _endthread).
#include <cerrno>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

// ---- threads: the C runtime's wrappers of CreateThread and ExitThread ----

// _beginthreadex: the thread's handle, closed by the program (CloseHandle); 0 and errno on failure.
Ptr _beginthreadex_(WindowsProcess& p, Ptr, uint32_t stack_size, Ptr start, Ptr arg, uint32_t flags, Ptr id) {
  if (!start) {
    *guest_errno(p) = EINVAL;
    return Ptr(0);
  }
  uint32_t tid = 0;
  uint64_t h = create_thread(p, start.addr, arg.addr, stack_size, flags & 4 /* CREATE_SUSPENDED */, &tid);
  if (!h) *guest_errno(p) = EAGAIN;
  else if (id) put<uint32_t>(id.addr, tid);
  return Ptr(h);
}
// _beginthread: a cdecl start routine; the handle closes itself when the thread ends. -1 on failure.
Ptr _beginthread_(WindowsProcess& p, Ptr start, uint32_t stack_size, Ptr arg) {
  if (!start) {
    *guest_errno(p) = EINVAL;
    return Ptr(p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  }
  uint32_t tid = 0;
  uint64_t h = create_thread(p, start.addr, arg.addr, stack_size, false, &tid);
  if (!h) {
    *guest_errno(p) = EAGAIN;
    return Ptr(p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  }
  if (WindowsThread* t = find_thread(p, tid)) t->close_at_exit = h;
  return Ptr(h);
}
void _endthreadex_(WindowsProcess& p, uint32_t code) { exit_thread(p, code); }
void _endthread_(WindowsProcess& p) { exit_thread(p, 0); }

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_threads_exports() {
  static const std::vector<Export> exports = {
      EXPORT("_beginthreadex", _beginthreadex_),
      EXPORT("_beginthread", _beginthread_),
      EXPORT("_endthreadex", _endthreadex_),
      EXPORT("_endthread", _endthread_),
  };
  return exports;
}

}  // namespace polyrun::shims
