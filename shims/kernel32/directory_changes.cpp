// KERNEL32.dll, changes in directories: ReadDirectoryChangesW (synchronous, overlapped with an event
// or a completion port — what libuv's fs.watch uses — or with a completion routine) and the change
// notification handles (FindFirstChangeNotification, FindNextChangeNotification,
// FindCloseChangeNotification), over NTDLL's watches of directories (ntdll/directory_watches.cpp:
// the host's inotify, the changes kept for a handle between calls, NtNotifyChangeDirectoryFile's).
// More than the buffer holds is given as Windows gives it: the call fails with
// ERROR_NOTIFY_ENUM_DIR and no bytes (the program rescans). CloseHandle of the directory ends a
// pending call with STATUS_NOTIFY_CLEANUP, as Windows does.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/kernel32/directory_changes.h"
#include "shims/ntdll/directory_watches.h"
#include "shims/kernel32/iocp.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

using namespace ntdll_directory_watches;

constexpr uint32_t kErrorOperationAborted = 995, kErrorNotifyEnumDir = 1022;

BOOL ReadDirectoryChangesW(WindowsProcess& p, Ptr h, Ptr buf, uint32_t len, BOOL subtree, uint32_t filter,
                           Ptr returned, Ptr ov, Ptr routine) {
  const int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode)) return fail(p, ERROR_INVALID_PARAMETER);
  if (!filter || (filter & ~kChangeValid) || (!buf && len)) return fail(p, ERROR_INVALID_PARAMETER);
  std::shared_ptr<DirectoryHandle> d = directory_of(p, h.addr);
  if (!d) {
    d = std::make_shared<DirectoryHandle>();
    d->fd = fd;
    d->watch = start_watch(host_path_of(fd), subtree != 0, filter);
    if (!d->watch) return fail(p, win_error_from_errno(errno));
    directories()[h.addr] = d;
  }
  if (d->pending) return fail(p, ERROR_INVALID_PARAMETER);  // (one call at a time per handle)
  std::shared_ptr<Watch> w = d->watch;
  w->filter = filter;
  if (!ov) {
    // Synchronous: until something comes.
    for (;;) {
      take_events(*w);
      if (!w->changes.empty() || w->overflowed) break;
      blocking(p, [&] {
        wait_for_events(w->inotify, w->stop);
        return 0;
      });
      if (w->closed || p.stopping()) return fail(p, kErrorOperationAborted);
    }
    bool lost;
    const uint32_t bytes = give_changes(*w, buf.addr, len, lost);
    if (returned) put<uint32_t>(returned.addr, bytes);
    return lost ? fail(p, kErrorNotifyEnumDir) : TRUE;
  }
  // Overlapped: ends now if changes are there, else when they come (or the handle is closed).
  reset_overlapped_event(p, ov.addr);
  const uint64_t overlapped = ov.addr, target = buf.addr, handle = h.addr, apc = routine.addr;
  const uint32_t tid = p.thread().id;
  auto finish = [&p, d, w, overlapped, target, len, handle, apc, tid](uint32_t status) {
    bool lost = false;
    const uint32_t bytes = status ? 0 : give_changes(*w, target, len, lost);
    if (lost) status = kStatusNotifyEnumDir;
    d->pending = false;
    finish_overlapped(p, completion_target(p, handle), overlapped, status, bytes, apc != 0);
    set_overlapped_event(p, overlapped);
    if (apc)
      if (WindowsThread* t = find_thread(p, tid))
        queue_apc(p, *t, apc, {status ? win_error_from_nt_status(status) : 0u, bytes, overlapped});
  };
  take_events(*w);
  p.put_ptr(overlapped, 0x103);  // STATUS_PENDING
  d->pending = true;
  // (TRUE: the call is under way; its end comes through the OVERLAPPED, as on Windows.)
  if (!w->changes.empty() || w->overflowed) {
    finish(0);
    return TRUE;
  }
  const int inotify = w->inotify, stop = w->stop;
  watch_outside(
      p, [inotify, stop] { wait_for_events(inotify, stop); },
      [w, finish] {
        if (w->closed) {
          finish(kStatusNotifyCleanup);
          return false;
        }
        take_events(*w);
        if (w->changes.empty() && !w->overflowed) return true;
        finish(0);
        return false;
      });
  return TRUE;
}

// ---- change notifications ----

struct Notification {
  std::shared_ptr<Watch> watch;
  std::shared_ptr<Waitable> event;  // manual-reset: set while changes are there
};
std::map<uint64_t, std::shared_ptr<Notification>>& notifications() {
  static std::map<uint64_t, std::shared_ptr<Notification>> all;
  return all;
}

// The notification's event is set whenever a change comes (its host thread watches inotify).
void watch_notification(WindowsProcess& p, std::shared_ptr<Notification> n) {
  const int inotify = n->watch->inotify, stop = n->watch->stop;
  watch_outside(
      p, [inotify, stop] { wait_for_events(inotify, stop); },
      [&p, n] {
        if (n->watch->closed) return false;
        take_events(*n->watch);
        if (!n->watch->changes.empty() || n->watch->overflowed) set_waitable_level(p, *n->event, 1);
        return true;
      });
}

uint64_t find_first_change(WindowsProcess& p, const std::string& windows_path, BOOL subtree, uint32_t filter) {
  if (!filter || (filter & ~kChangeValid)) return fail(p, ERROR_INVALID_PARAMETER), ~0ull;
  const std::string host = windows_to_host_path(windows_path);
  struct stat st;
  if (::stat(host.c_str(), &st) != 0) return fail(p, win_error_from_errno(errno) == ERROR_FILE_NOT_FOUND ? ERROR_PATH_NOT_FOUND : win_error_from_errno(errno)), ~0ull;
  if (!S_ISDIR(st.st_mode)) return fail(p, ERROR_DIRECTORY), ~0ull;
  auto n = std::make_shared<Notification>();
  n->watch = start_watch(host, subtree != 0, filter);
  if (!n->watch) return fail(p, win_error_from_errno(errno)), ~0ull;
  n->event = std::make_shared<Waitable>(Waitable{Waitable::Kind::Event, true});
  const uint64_t h = new_waitable_handle(p, n->event);
  notifications()[h] = n;
  watch_notification(p, n);
  return h;
}
Ptr FindFirstChangeNotificationW(WindowsProcess& p, WStr path, BOOL subtree, uint32_t filter) {
  return Ptr(p.isa->ptr == 4 ? find_first_change(p, utf16_to_utf8(path.str()), subtree, filter) & 0xffffffffu
                             : find_first_change(p, utf16_to_utf8(path.str()), subtree, filter));
}
Ptr FindFirstChangeNotificationA(WindowsProcess& p, AStr path, BOOL subtree, uint32_t filter) {
  return Ptr(p.isa->ptr == 4 ? find_first_change(p, file_api_to_utf8(p.file_apis_oem, path.bytes()), subtree, filter) & 0xffffffffu
                             : find_first_change(p, file_api_to_utf8(p.file_apis_oem, path.bytes()), subtree, filter));
}

// The changes seen so far are taken; the event stays set if more are already there.
BOOL FindNextChangeNotification(WindowsProcess& p, Ptr h) {
  auto it = notifications().find(h.addr);
  if (it == notifications().end()) return fail(p, ERROR_INVALID_HANDLE);
  Notification& n = *it->second;
  take_events(*n.watch);
  n.watch->changes.clear();
  n.watch->overflowed = false;
  set_waitable_level(p, *n.event, 0);
  return TRUE;
}

BOOL FindCloseChangeNotification(WindowsProcess& p, Ptr h) {
  auto it = notifications().find(h.addr);
  if (it == notifications().end()) return fail(p, ERROR_INVALID_HANDLE);
  stop_watch(*it->second->watch);
  notifications().erase(it);
  p.waitables.erase(h.addr);
  return TRUE;
}

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_directory_change_exports() {
  static const std::vector<Export> exports = {
      EXPORT("ReadDirectoryChangesW", ReadDirectoryChangesW),
      EXPORT("FindFirstChangeNotificationA", FindFirstChangeNotificationA),
      EXPORT("FindFirstChangeNotificationW", FindFirstChangeNotificationW),
      EXPORT("FindNextChangeNotification", FindNextChangeNotification),
      EXPORT("FindCloseChangeNotification", FindCloseChangeNotification),
  };
  return exports;
}

}  // namespace polyrun::shims
