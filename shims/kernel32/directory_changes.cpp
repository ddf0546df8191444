// KERNEL32.dll, changes in directories: ReadDirectoryChangesW (synchronous, overlapped with an event
// or a completion port — what libuv's fs.watch uses — or with a completion routine) and the change
// notification handles (FindFirstChangeNotification, FindNextChangeNotification,
// FindCloseChangeNotification), both from the host's inotify.
//
// A directory handle's first ReadDirectoryChangesW starts watching it (and, for a subtree, every
// directory below, including those made later); from then on its changes are kept for the handle
// between calls, as Windows keeps them, and each call gives what has come as FILE_NOTIFY_INFORMATION
// records (ADDED, REMOVED, MODIFIED, RENAMED_OLD_NAME and RENAMED_NEW_NAME, names relative to the
// directory), or waits for some. More than the buffer holds is given as Windows gives it: the call
// succeeds with no bytes (the program rescans). CloseHandle of the directory ends a pending call
// with STATUS_NOTIFY_CLEANUP, as Windows does.
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <dirent.h>
#include <map>
#include <memory>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/kernel32/directory_changes.h"
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

constexpr uint32_t kStatusNotifyCleanup = 0x10b, kStatusNotifyEnumDir = 0x10c, kErrorOperationAborted = 995,
                   kErrorNotifyEnumDir = 1022;
// FILE_ACTION_* and FILE_NOTIFY_CHANGE_*.
constexpr uint32_t kAdded = 1, kRemoved = 2, kModified = 3, kRenamedOld = 4, kRenamedNew = 5;
constexpr uint32_t kChangeFileName = 0x1, kChangeDirName = 0x2, kChangeAttributes = 0x4, kChangeSize = 0x8,
                   kChangeLastWrite = 0x10, kChangeLastAccess = 0x20, kChangeCreation = 0x40, kChangeSecurity = 0x100,
                   kChangeValid = 0x17f;

struct Change {
  uint32_t action;
  std::u16string name;
};

// What inotify watches for one handle (or one change notification).
struct Watch {
  int inotify = -1, stop = -1;
  std::string root;               // the directory's host path
  bool subtree = false;
  uint32_t filter = 0;
  std::map<int, std::string> dirs;  // watch descriptor → the directory's path below the root ("" the root)
  std::deque<Change> changes;     // come and not yet given
  bool overflowed = false;        // more came than is kept: the next call gives no records
  bool closed = false;
  ~Watch() {
    if (inotify >= 0) ::close(inotify);
    if (stop >= 0) ::close(stop);
  }
};

struct DirectoryHandle {
  int fd = -1;  // the handle's descriptor when the watch began (a closed handle's is not)
  std::shared_ptr<Watch> watch;
  bool pending = false;
};

std::map<uint64_t, std::shared_ptr<DirectoryHandle>>& directories() {
  static std::map<uint64_t, std::shared_ptr<DirectoryHandle>> all;
  return all;
}

constexpr uint32_t kInotifyMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_MOVED_FROM | IN_MOVED_TO |
                                  IN_DELETE_SELF | IN_ACCESS | IN_ONLYDIR;

void add_directory(Watch& w, const std::string& relative) {
  const std::string path = relative.empty() ? w.root : w.root + "/" + relative;
  const int wd = ::inotify_add_watch(w.inotify, path.c_str(), kInotifyMask);
  if (wd < 0) return;
  w.dirs[wd] = relative;
  if (!w.subtree) return;
  DIR* d = ::opendir(path.c_str());
  if (!d) return;
  while (dirent* e = ::readdir(d)) {
    const std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    struct stat st;
    const std::string sub = relative.empty() ? n : relative + "/" + n;
    if (::lstat((w.root + "/" + sub).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) add_directory(w, sub);
  }
  ::closedir(d);
}

std::shared_ptr<Watch> start_watch(const std::string& root, bool subtree, uint32_t filter) {
  auto w = std::make_shared<Watch>();
  w->root = root;
  w->subtree = subtree;
  w->filter = filter;
  w->inotify = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  w->stop = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (w->inotify < 0 || w->stop < 0) return nullptr;
  add_directory(*w, "");
  if (w->dirs.empty()) return nullptr;
  return w;
}

// Takes what inotify has for the watch into its changes, as Windows names them and as the filter
// asks. A rename inside the watched tree is a pair (old name, new name), one from outside an
// addition, one out of it a removal.
void take_events(Watch& w) {
  alignas(inotify_event) char buf[16384];
  std::map<uint32_t, size_t> moved_from;  // cookie → the index of its RENAMED_OLD_NAME change
  for (;;) {
    const ssize_t n = ::read(w.inotify, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t at = 0; at < n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      if (e->mask & IN_Q_OVERFLOW) {
        w.overflowed = true;
        continue;
      }
      auto dir = w.dirs.find(e->wd);
      if (dir == w.dirs.end()) continue;
      if (e->mask & (IN_IGNORED | IN_DELETE_SELF)) {
        if (e->mask & IN_IGNORED) w.dirs.erase(dir);
        continue;
      }
      const std::string leaf = e->len ? std::string(e->name) : std::string();
      if (leaf.empty()) continue;  // (the watched directory itself: its parent reports it)
      const std::string relative = dir->second.empty() ? leaf : dir->second + "/" + leaf;
      const bool is_dir = e->mask & IN_ISDIR;
      const uint32_t name_flag = is_dir ? kChangeDirName : kChangeFileName;
      uint32_t action = 0;
      if (e->mask & IN_CREATE) {
        if (is_dir && w.subtree) add_directory(w, relative);
        if (w.filter & name_flag) action = kAdded;
      } else if (e->mask & IN_DELETE) {
        if (w.filter & name_flag) action = kRemoved;
      } else if (e->mask & IN_MOVED_FROM) {
        if (w.filter & name_flag) {
          action = kRenamedOld;
          moved_from[e->cookie] = w.changes.size();
        }
      } else if (e->mask & IN_MOVED_TO) {
        if (is_dir && w.subtree) add_directory(w, relative);
        if (w.filter & name_flag) action = moved_from.count(e->cookie) ? kRenamedNew : kAdded;
        moved_from.erase(e->cookie);
      } else if (e->mask & IN_MODIFY) {
        if (w.filter & (kChangeSize | kChangeLastWrite)) action = kModified;
      } else if (e->mask & IN_ATTRIB) {
        if (w.filter & (kChangeAttributes | kChangeSecurity | kChangeLastWrite | kChangeCreation)) action = kModified;
      } else if (e->mask & IN_ACCESS) {
        if (w.filter & kChangeLastAccess) action = kModified;
      }
      if (!action) continue;
      std::string windows = relative;
      for (char& c : windows)
        if (c == '/') c = '\\';
      // Windows gives one MODIFIED for a run of writes to the same file.
      if (action == kModified && !w.changes.empty() && w.changes.back().action == kModified &&
          w.changes.back().name == utf8_to_utf16(windows))
        continue;
      w.changes.push_back({action, utf8_to_utf16(windows)});
    }
  }
  // A rename whose new name is outside the tree: the old name was removed.
  for (const auto& [cookie, index] : moved_from) w.changes[index].action = kRemoved;
  if (w.changes.size() > 65536) {
    w.changes.clear();
    w.overflowed = true;
  }
}

// The changes as FILE_NOTIFY_INFORMATION records in `buf` (NextEntryOffset, Action,
// FileNameLength, FileName, each record DWORD-aligned); the bytes used. When they do not fit (or
// more came than was kept) they are dropped and `lost` is set: the call ends with
// STATUS_NOTIFY_ENUM_DIR and no bytes, as Windows ends it.
uint32_t give_changes(Watch& w, uint64_t buf, uint32_t len, bool& lost) {
  lost = false;
  uint32_t need = 0;
  for (const Change& c : w.changes) need += (12 + static_cast<uint32_t>(c.name.size() * 2) + 3) & ~3u;
  if (w.overflowed || need > len) {
    w.overflowed = false;
    w.changes.clear();
    lost = true;
    return 0;
  }
  uint32_t at = 0;
  for (size_t i = 0; i < w.changes.size(); ++i) {
    const Change& c = w.changes[i];
    const uint32_t size = (12 + static_cast<uint32_t>(c.name.size() * 2) + 3) & ~3u;
    put<uint32_t>(buf + at, i + 1 < w.changes.size() ? size : 0);
    put<uint32_t>(buf + at + 4, c.action);
    put<uint32_t>(buf + at + 8, static_cast<uint32_t>(c.name.size() * 2));
    std::memcpy(guest_pointer(buf + at + 12), c.name.data(), c.name.size() * 2);
    at += size;
  }
  w.changes.clear();
  return at;
}

// Waits (the lock released) until inotify has something or the watch is stopped.
void wait_for_events(int inotify, int stop) {
  pollfd fds[2] = {{inotify, POLLIN, 0}, {stop, POLLIN, 0}};
  while (::poll(fds, 2, -1) < 0 && errno == EINTR) {
  }
}

std::shared_ptr<DirectoryHandle> directory_of(WindowsProcess& p, uint64_t h) {
  auto it = directories().find(h);
  if (it == directories().end()) return nullptr;
  if (p.fd_for_handle(h) != it->second->fd) {  // closed, and the value given again
    directories().erase(it);
    return nullptr;
  }
  return it->second;
}

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

void stop_watch(Watch& w) {
  w.closed = true;
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t r = ::write(w.stop, &one, sizeof one);
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

void close_directory_watch(WindowsProcess& p, uint64_t h) {
  auto it = directories().find(h);
  if (it == directories().end()) return;
  if (p.fd_for_handle(h) == it->second->fd) stop_watch(*it->second->watch);
  directories().erase(it);
}

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
