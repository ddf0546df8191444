// Watches of directories' changes (ntdll/directory_watches.cpp): inotify watches of a directory
// (and its subtree) kept for a handle, the changes as Windows names them, given as
// FILE_NOTIFY_INFORMATION records. NtNotifyChangeDirectoryFile is made of them, and KERNEL32's
// ReadDirectoryChangesW and change notifications (kernel32/directory_changes.cpp).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include <unistd.h>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

namespace ntdll_directory_watches {

constexpr uint32_t kStatusNotifyCleanup = 0x10b, kStatusNotifyEnumDir = 0x10c;
// FILE_NOTIFY_CHANGE_*: those a watch takes.
constexpr uint32_t kChangeValid = 0x17f;

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

// A watch of the directory at `root` (a host path); null (errno set) where inotify refuses it.
std::shared_ptr<Watch> start_watch(const std::string& root, bool subtree, uint32_t filter);
// Takes what inotify has for the watch into its changes (as the filter asks).
void take_events(Watch& w);
// The changes as FILE_NOTIFY_INFORMATION records in `buf`, the bytes used; `lost` when they did not
// fit (or more came than was kept): then none are given, and the call ends with
// STATUS_NOTIFY_ENUM_DIR.
uint32_t give_changes(Watch& w, uint64_t buf, uint32_t len, bool& lost);
// Waits (the caller releases the lock) until inotify has something or the watch is stopped.
void wait_for_events(int inotify, int stop);
void stop_watch(Watch& w);
// The handle's watch (null: none yet, or the handle was closed and its value given again), and the
// map of them (under the execution lock).
std::shared_ptr<DirectoryHandle> directory_of(WindowsProcess& p, uint64_t h);
std::map<uint64_t, std::shared_ptr<DirectoryHandle>>& directories();

}  // namespace ntdll_directory_watches

// CloseHandle of a handle, before its descriptor is closed: a directory's watch stops, and a call
// still pending on it ends (STATUS_NOTIFY_CLEANUP).
void close_directory_watch(WindowsProcess& p, uint64_t h);

}  // namespace polyrun::shims
