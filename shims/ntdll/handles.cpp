// NTDLL's handles as the object manager has them: NtClose, NtDuplicateObject, NtCompareObjects and
// NtMakeTemporaryObject. A handle names one of core's objects: a waitable (events, mutants,
// semaphores, timers, threads, processes), a host descriptor (files, pipes, sockets, the console,
// and the objects of core/handle_objects.h), a token, a snapshot or a section. KERNEL32's
// CloseHandle is NtClose (ntdll/handles.h); what another DLL keeps of a handle it drops as the
// handle closes (ntdll_handles::add_handle_hooks).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/handles.h"
#include "shims/ntdll/named_pipes.h"
#include "shims/ntdll/nt_registry.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_handles {

std::vector<HandleHooks>& hooks() {
  static std::vector<HandleHooks> all;
  return all;
}

void add_handle_hooks(WindowsProcess&, HandleHooks h) { hooks().push_back(h); }

uint32_t close(WindowsProcess& p, uint64_t h) {
  p.inheritable.erase(h);
  p.inherited.erase(h);
  if (p.waitables.erase(h) || p.tokens.erase(h) || p.snapshots.erase(h) || p.file_mappings.erase(h))
    return nt::kSuccess;
  if (p.is_current_process(h) || p.is_current_thread(h)) return nt::kSuccess;  // pseudo handles
  if (ntdll_registry::is_key(h)) return ntdll_registry::close_key(p, h);
  auto it = p.handle_fd.find(h);
  if (it == p.handle_fd.end()) return nt::kInvalidHandle;
  close_pipe_end(p, h);  // ntdll/named_pipes.cpp
  for (const HandleHooks& hook : hooks())
    if (hook.closed) hook.closed(p, h);
  p.overlapped_handles.erase(h);
  if (it->second > 2) ::close(it->second);
  p.handle_fd.erase(it);
  return nt::kSuccess;
}

void carry_over(WindowsProcess& p, uint64_t from, uint64_t to) {
  for (const HandleHooks& hook : hooks())
    if (hook.duplicated) hook.duplicated(p, from, to);
}

bool names_object(WindowsProcess& p, uint64_t h) {
  return p.is_current_process(h) || p.is_current_thread(h) || p.waitables.count(h) || p.tokens.count(h) ||
         p.snapshots.count(h) || p.file_mappings.count(h) || p.fd_for_handle(h) >= 0 || ntdll_registry::is_key(h);
}

}  // namespace ntdll_handles

namespace ntdll_handles_impl {

constexpr uint32_t kNotSameObject = 0xc00001ac, kAccessDenied = 0xc0000022;
constexpr uint32_t kDuplicateCloseSource = 1;
constexpr uint32_t kObjInherit = 2;

uint32_t NtClose(WindowsProcess& p, Ptr h) { return ntdll_handles::close(p, h.addr); }

// A second handle to the object `h` names: 0 when it names none.
uint64_t duplicate(WindowsProcess& p, uint64_t h) {
  if (p.is_current_thread(h)) return new_waitable_handle(p, p.thread().object);
  if (p.is_current_process(h))
    return new_waitable_handle(
        p, std::make_shared<Waitable>(Waitable{Waitable::Kind::Process, false, 0, 0, "", static_cast<uint32_t>(::getpid())}));
  if (auto it = p.waitables.find(h); it != p.waitables.end()) return new_waitable_handle(p, it->second);
  const int fd = p.fd_for_handle(h);
  if (fd < 0) return 0;
  const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (copy < 0) return 0;
  const uint64_t dup = p.handle_for_fd(copy);
  if (auto t = p.object_types.find(h); t != p.object_types.end()) p.object_types[dup] = t->second;
  if (p.overlapped_handles.count(h)) p.overlapped_handles.insert(dup);
  ntdll_handles::carry_over(p, h, dup);
  return dup;
}

// NtDuplicateObject(source process, source, target process, *target, access, attributes, options):
// within this process (the handles of another are out of reach: STATUS_ACCESS_DENIED, as for a
// process handle without PROCESS_DUP_HANDLE). Every handle has every right of its object, so
// `access` and DUPLICATE_SAME_ACCESS give the same handle; OBJ_INHERIT in `attributes` makes it
// inheritable. A null `target` with DUPLICATE_CLOSE_SOURCE only closes the source.
uint32_t NtDuplicateObject(WindowsProcess& p, Ptr src_process, Ptr src, Ptr dst_process, Ptr dst, uint32_t,
                           uint32_t attributes, uint32_t options) {
  if (!p.is_current_process(src_process.addr) && !waitable_of_kind(p, src_process.addr, Waitable::Kind::Process))
    return nt::kInvalidHandle;
  if (!p.is_current_process(src_process.addr)) {
    Waitable* w = waitable_of_kind(p, src_process.addr, Waitable::Kind::Process);
    if (w->id != static_cast<uint32_t>(::getpid())) return kAccessDenied;
  }
  if (dst) {
    if (!p.is_current_process(dst_process.addr)) {
      Waitable* w = waitable_of_kind(p, dst_process.addr, Waitable::Kind::Process);
      if (!w) return nt::kInvalidHandle;
      if (w->id != static_cast<uint32_t>(::getpid())) return kAccessDenied;
    }
    const uint64_t h = duplicate(p, src.addr);
    if (!h) return nt::kInvalidHandle;
    p.put_ptr(dst.addr, p.mark_inheritable(h, attributes & kObjInherit));
  }
  if (options & kDuplicateCloseSource) return dst ? (ntdll_handles::close(p, src.addr), nt::kSuccess) : ntdll_handles::close(p, src.addr);
  return nt::kSuccess;
}

// NtCompareObjects: STATUS_SUCCESS when the two handles name one object, STATUS_NOT_SAME_OBJECT
// when they name two. Descriptors are one object when they share the host's open file (kcmp), as
// the handles of one CreateFile and its duplicates do; two opens of one file are two objects.
uint32_t NtCompareObjects(WindowsProcess& p, Ptr a, Ptr b) {
  if (!ntdll_handles::names_object(p, a.addr) || !ntdll_handles::names_object(p, b.addr)) return nt::kInvalidHandle;
  if (a.addr == b.addr) return nt::kSuccess;
  auto object = [&](uint64_t h) -> const void* {
    if (p.is_current_thread(h)) return p.thread().object.get();
    if (auto it = p.waitables.find(h); it != p.waitables.end()) {
      if (it->second->kind == Waitable::Kind::Thread && it->second->id == p.thread().id) return p.thread().object.get();
      return it->second.get();
    }
    if (auto it = p.file_mappings.find(h); it != p.file_mappings.end()) return it->second.get();
    return nullptr;
  };
  const void *oa = object(a.addr), *ob = object(b.addr);
  if (oa || ob) return oa == ob ? nt::kSuccess : kNotSameObject;
  if (p.is_current_process(a.addr) || p.is_current_process(b.addr)) return kNotSameObject;
  const int fa = p.fd_for_handle(a.addr), fb = p.fd_for_handle(b.addr);
  if (fa < 0 || fb < 0) return kNotSameObject;
  constexpr int kKcmpFile = 0;
  const pid_t self = ::getpid();
  const long same = ::syscall(SYS_kcmp, self, self, kKcmpFile, fa, fb);
  return same == 0 ? nt::kSuccess : kNotSameObject;
}

// NtMakeTemporaryObject: the object ends with its last handle. polyrun's objects all do (none is
// permanent), so a handle that names one is answered with success.
uint32_t NtMakeTemporaryObject(WindowsProcess& p, Ptr h) {
  return ntdll_handles::names_object(p, h.addr) ? nt::kSuccess : nt::kInvalidHandle;
}

}  // namespace ntdll_handles_impl

uint32_t ntdll_handles::compare_objects(WindowsProcess& p, uint64_t a, uint64_t b) {
  return ntdll_handles_impl::NtCompareObjects(p, Ptr(a), Ptr(b));
}

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_handle_exports() {
  using namespace ntdll_handles_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtClose", NtClose),
      EXPORT("NtDuplicateObject", NtDuplicateObject),
      EXPORT("NtCompareObjects", NtCompareObjects),
      EXPORT("NtMakeTemporaryObject", NtMakeTemporaryObject),
  };
  return exports;
}

}  // namespace polyrun::shims
