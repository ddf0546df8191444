// NTDLL's watches of directories: NtNotifyChangeDirectoryFile over the host's inotify, and the
// watches KERNEL32's ReadDirectoryChangesW and change notifications use (`ntdll/directory_watches.h`).
//
// A directory handle's first call starts watching it (and, for a subtree, every directory below,
// including those made later); from then on its changes are kept for the handle between calls, as
// Windows keeps them, and each call gives what has come as FILE_NOTIFY_INFORMATION records (ADDED,
// REMOVED, MODIFIED, RENAMED_OLD_NAME and RENAMED_NEW_NAME, names relative to the directory), or
// waits for some. More than the buffer holds is given as Windows gives it: STATUS_NOTIFY_ENUM_DIR and
// no bytes (the program rescans). Closing the directory's handle ends a pending call with
// STATUS_NOTIFY_CLEANUP. NtNotifyChangeDirectoryFile on a handle opened for asynchronous I/O, or with
// an event or APC routine, is STATUS_PENDING until changes come (the IO_STATUS_BLOCK, event and APC
// told then); else the call waits for them.
#include "shims/ntdll/directory_watches.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/file_io.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_directory_watches {

namespace {

// FILE_ACTION_* and FILE_NOTIFY_CHANGE_*.
constexpr uint32_t kAdded = 1, kRemoved = 2, kModified = 3, kRenamedOld = 4, kRenamedNew = 5;
constexpr uint32_t kChangeFileName = 0x1, kChangeDirName = 0x2, kChangeAttributes = 0x4, kChangeSize = 0x8,
                   kChangeLastWrite = 0x10, kChangeLastAccess = 0x20, kChangeCreation = 0x40, kChangeSecurity = 0x100;

}  // namespace

std::map<uint64_t, std::shared_ptr<DirectoryHandle>>& directories() {
  static std::map<uint64_t, std::shared_ptr<DirectoryHandle>> all;
  return all;
}

namespace {

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

}  // namespace

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
    // (The bytes told end with the last record's name: it has no padding after it.)
    at += i + 1 < w.changes.size() ? size : 12 + static_cast<uint32_t>(c.name.size() * 2);
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

void stop_watch(Watch& w) {
  w.closed = true;
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t r = ::write(w.stop, &one, sizeof one);
}


}  // namespace ntdll_directory_watches

void close_directory_watch(WindowsProcess& p, uint64_t h) {
  auto it = ntdll_directory_watches::directories().find(h);
  if (it == ntdll_directory_watches::directories().end()) return;
  if (p.fd_for_handle(h) == it->second->fd) ntdll_directory_watches::stop_watch(*it->second->watch);
  ntdll_directory_watches::directories().erase(it);
}


namespace ntdll_directory_watches_impl {

using namespace ntdll_directory_watches;

// NtNotifyChangeDirectoryFile(handle, event, apc, apc_context, iosb, buffer, length, filter,
// watch_tree).
uint32_t NtNotifyChangeDirectoryFile(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, Ptr apc_context, Ptr iosb,
                                     Ptr buf, uint32_t len, uint32_t filter, uint8_t subtree) {
  const int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return nt::kInvalidHandle;
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode)) return nt::kInvalidParameter;
  if (!filter || (filter & ~kChangeValid) || (!buf && len)) return nt::kInvalidParameter;
  std::shared_ptr<DirectoryHandle> d = directory_of(p, h.addr);
  if (!d) {
    d = std::make_shared<DirectoryHandle>();
    d->fd = fd;
    d->watch = start_watch(host_path_of(fd), subtree != 0, filter);
    if (!d->watch) return nt_status_from_errno(errno);
    directories()[h.addr] = d;
  }
  if (d->pending) return nt::kInvalidParameter;  // (one call at a time per handle)
  std::shared_ptr<Watch> w = d->watch;
  w->filter = filter;
  ntdll_file_io::reset_event(p, event.addr);
  const bool asynchronous = event || apc || p.overlapped_handles.count(h.addr);
  take_events(*w);
  if (!asynchronous) {
    while (w->changes.empty() && !w->overflowed) {
      blocking(p, [&] {
        wait_for_events(w->inotify, w->stop);
        return 0;
      });
      if (w->closed || p.stopping()) return nt::kCancelled;
      take_events(*w);
    }
  }
  if (!w->changes.empty() || w->overflowed) {
    bool lost = false;
    const uint32_t bytes = give_changes(*w, buf.addr, len, lost);
    const uint32_t status = lost ? kStatusNotifyEnumDir : nt::kSuccess;
    ntdll_file_io::finish(p, iosb.addr, status, bytes, event.addr, apc.addr, apc_context.addr);
    return status;
  }
  // Pending: ends when changes come, or the handle is closed.
  p.put_ptr(iosb.addr, nt::kPending);
  d->pending = true;
  const uint64_t target = buf.addr, io = iosb.addr, ev = event.addr, routine = apc.addr, context = apc_context.addr;
  const uint32_t tid = p.thread().id;
  const int inotify = w->inotify, stop = w->stop;
  watch_outside(
      p, [inotify, stop] { wait_for_events(inotify, stop); },
      [&p, d, w, target, len, io, ev, routine, context, tid] {
        uint32_t status = kStatusNotifyCleanup;
        uint32_t bytes = 0;
        if (!w->closed) {
          take_events(*w);
          if (w->changes.empty() && !w->overflowed) return true;
          bool lost = false;
          bytes = give_changes(*w, target, len, lost);
          status = lost ? kStatusNotifyEnumDir : nt::kSuccess;
        }
        d->pending = false;
        if (io) {
          p.put_ptr(io + p.isa->ptr, bytes);
          p.put_ptr(io, status);
        }
        if (ev)
          if (Waitable* e = waitable_of_kind(p, ev, Waitable::Kind::Event)) set_waitable_level(p, *e, 1);
        if (routine)
          if (WindowsThread* t = find_thread(p, tid)) queue_apc(p, *t, routine, {context, io, 0});
        p.wake_waiters();
        return false;
      });
  return nt::kPending;
}

}  // namespace ntdll_directory_watches_impl

const std::vector<Export>& ntdll_directory_watch_exports() {
  using namespace ntdll_directory_watches_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtNotifyChangeDirectoryFile", NtNotifyChangeDirectoryFile),
  };
  return exports;
}

}  // namespace polyrun::shims
