#include "shims/core/filetime.h"
#include "shims/core/windows_handoff.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <thread>

#include "common/log.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims {

SharedCell::~SharedCell() {
  if (page) ::munmap(page, sizeof(Page));
  if (fd >= 0) ::close(fd);
}

std::shared_ptr<SharedCell> SharedCell::create() {
  int fd = ::memfd_create("polyrun-shared-object", MFD_CLOEXEC);
  if (fd < 0) return nullptr;
  if (::ftruncate(fd, sizeof(Page)) != 0) {
    ::close(fd);
    return nullptr;
  }
  return open(fd);
}

std::shared_ptr<SharedCell> SharedCell::open(int fd) {
  void* at = ::mmap(nullptr, sizeof(Page), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (at == MAP_FAILED) {
    ::close(fd);
    return nullptr;
  }
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  auto c = std::make_shared<SharedCell>();
  c->fd = fd;
  c->page = static_cast<Page*>(at);
  return c;
}

void SharedCell::changed() {
  page->seq.fetch_add(1, std::memory_order_acq_rel);
  ::syscall(SYS_futex, &page->seq, FUTEX_WAKE, INT32_MAX, nullptr, nullptr, 0);
}

void SharedCell::report_exit(uint32_t code) {
  uint32_t unset = 0;
  if (page->exit_set.compare_exchange_strong(unset, 2)) {  // 2: being written
    page->exit_code.store(code);
    page->exit_set.store(1);
  }
  page->count.store(1);
  changed();
}

ProcessRecord::~ProcessRecord() {
  if (pidfd >= 0) ::close(pidfd);
}

namespace {

// Waits until the cell's sequence moves from `seen` (woken by changed()), at most `ms` (-1: no limit).
void wait_cell(SharedCell& cell, uint32_t seen, int ms) {
  struct timespec ts{ms / 1000, (ms % 1000) * 1000000L};
  ::syscall(SYS_futex, &cell.page->seq, FUTEX_WAIT, seen, ms < 0 ? nullptr : &ts, nullptr, 0);
}

// Whether thread `tid` of process `pid` has ended (a thread of ours, or of another process).
bool thread_gone(uint32_t pid, uint32_t tid) {
  return ::syscall(SYS_tgkill, static_cast<pid_t>(pid), static_cast<pid_t>(tid), 0) != 0 && errno == ESRCH;
}

// A shared mutex whose owner ended without releasing it (in any process: a thread that ended, a
// process that ended or was killed) is abandoned: free, and the next wait that takes it learns so.
void abandon_if_owner_gone(SharedCell& cell) {
  uint32_t tid = cell.page->owner_tid.load(), pid = cell.page->owner_pid.load();
  if (!tid || !pid || !thread_gone(pid, tid)) return;
  if (!cell.page->owner_tid.compare_exchange_strong(tid, 0)) return;
  cell.page->owner_pid.store(0);
  cell.page->count.store(0);
  cell.page->abandoned.store(1);
  cell.changed();
}

}  // namespace

void watch_outside(WindowsProcess& p, std::function<void()> wait, std::function<bool()> changed) {
  p.helper_threads = true;
  ++p.outside_signals;
  std::thread([&p, wait = std::move(wait), changed = std::move(changed)] {
    for (bool again = true; again;) {
      wait();
      // Under the lock: the change, and a wake ordered after a waiter's check and sleep.
      p.lock.acquire();
      again = changed();
      if (!again) --p.outside_signals;
      p.lock.release();
      p.wake_waiters();
    }
  }).detach();
}

void watch_cell(WindowsProcess& p, std::shared_ptr<SharedCell> cell, bool mutex) {
  watch_outside(
      p,
      [cell, mutex] {
        uint32_t seen = cell->page->seq.load(std::memory_order_acquire);
        if (!mutex) return wait_cell(*cell, seen, -1);
        // A mutex's owner may end without a word (killed, or its thread gone): looked for once
        // a second while it is held.
        for (;;) {
          abandon_if_owner_gone(*cell);
          if (cell->page->seq.load() != seen) return;
          wait_cell(*cell, seen, cell->page->owner_tid.load() ? 1000 : -1);
          if (cell->page->seq.load() != seen) return;
        }
      },
      [] { return true; });  // the waitables read the cell themselves
}

bool share_waitable(WindowsProcess& p, Waitable& w) {
  if (w.shared) return true;
  using Kind = Waitable::Kind;
  if (w.kind != Kind::Event && w.kind != Kind::Semaphore && w.kind != Kind::Mutex) return false;
  auto cell = SharedCell::create();
  if (!cell) return false;
  cell->page->count.store(w.count);
  if (w.kind == Kind::Mutex && w.count > 0) {
    cell->page->owner_pid.store(static_cast<uint32_t>(::getpid()));
    cell->page->owner_tid.store(w.id);
  }
  cell->page->abandoned.store(w.abandoned ? 1 : 0);
  w.shared = cell;
  watch_cell(p, cell, w.kind == Kind::Mutex);
  return true;
}

void recheck_shared_mutexes(WindowsProcess& p) {
  for (const auto& [h, w] : p.waitables)
    if (w->kind == Waitable::Kind::Mutex && w->shared) abandon_if_owner_gone(*w->shared);
}

bool shared_mutex_available(const Waitable& w, uint32_t me) {
  uint32_t owner = w.shared->page->owner_tid.load(std::memory_order_acquire);
  return owner == 0 || owner == me;
}

bool shared_mutex_take(Waitable& w, uint32_t me, bool* abandoned) {
  SharedCell::Page& page = *w.shared->page;
  *abandoned = false;
  uint32_t owner = page.owner_tid.load();
  if (owner == me) {
    page.count.fetch_add(1);
    return true;
  }
  owner = 0;
  if (!page.owner_tid.compare_exchange_strong(owner, me)) return false;
  page.owner_pid.store(static_cast<uint32_t>(::getpid()));
  page.count.store(1);
  *abandoned = page.abandoned.exchange(0) != 0;
  w.shared->changed();
  return true;
}

bool shared_mutex_release(Waitable& w, uint32_t me) {
  SharedCell::Page& page = *w.shared->page;
  if (page.owner_tid.load() != me || page.count.load() <= 0) return false;
  if (page.count.fetch_sub(1) == 1) {
    page.owner_pid.store(0);
    page.owner_tid.store(0, std::memory_order_release);
  }
  w.shared->changed();
  return true;
}

namespace {
std::shared_ptr<SharedCell>& suspend_cell() {
  static std::shared_ptr<SharedCell> cell;
  return cell;
}
}  // namespace

void hold_while_created_suspended(WindowsProcess&) {
  std::shared_ptr<SharedCell> cell = suspend_cell();
  if (!cell) return;
  for (;;) {
    uint32_t seen = cell->page->seq.load(std::memory_order_acquire);
    if (cell->page->count.load() <= 0) break;
    wait_cell(*cell, seen, -1);
  }
  suspend_cell().reset();
}

void watch_process_end(WindowsProcess& p, std::shared_ptr<Waitable> w, std::shared_ptr<ProcessRecord> record) {
  watch_outside(
      p,
      [record] {
        SharedCell* thread = record->thread_end.get();
        SharedCell* end = record->end.get();
        for (;;) {
          if (thread && thread->page->count.load()) return;
          if (record->pidfd >= 0) {
            pollfd pf{record->pidfd, POLLIN, 0};
            // With a thread's own cell to watch as well, the pidfd is looked at once a second.
            int r = ::poll(&pf, 1, thread ? 0 : -1);
            if (r > 0) break;
            if (r < 0 && errno != EINTR) break;
            if (!thread) continue;
            uint32_t seen = thread->page->seq.load();
            if (!thread->page->count.load()) wait_cell(*thread, seen, 1000);
          } else if (SharedCell* cell = thread ? thread : end) {
            uint32_t seen = cell->page->seq.load();
            if (cell->page->count.load()) return;
            wait_cell(*cell, seen, -1);
          } else {
            return;  // nothing to watch: not expected (the record always has one of them)
          }
        }
        // The process has ended. Its exit code is in its end cell: reported by the process
        // itself, by TerminateProcess, or (a process killed outright) by the parent's reaper a
        // moment later, for which this waits a little.
        if (!end) return;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (end->page->exit_set.load() != 1 && std::chrono::steady_clock::now() < deadline) {
          uint32_t seen = end->page->seq.load();
          if (end->page->exit_set.load() == 1) break;
          wait_cell(*end, seen, 100);
        }
      },
      [w, record] {
        uint32_t code = 0;  // not known: a process that neither reported its code nor was reaped
        if (record->thread_end && record->thread_end->page->count.load()) {
          code = record->thread_end->page->exit_code.load();
        } else if (record->end && record->end->page->exit_set.load() == 1) {
          code = record->end->page->exit_code.load();
        }
        if (!record->exited) record->exited = filetime_now();
        w->exit_code = code;
        w->count = 1;
        return false;
      });
}

namespace {

void put_bytes(std::string& out, const void* data, size_t n) { out.append(static_cast<const char*>(data), n); }
template <typename T>
void put_value(std::string& out, T v) {
  put_bytes(out, &v, sizeof v);
}

struct Reader {
  const std::string& in;
  size_t at = 0;
  bool ok = true;
  template <typename T>
  T value() {
    T v{};
    if (at + sizeof v > in.size()) {
      ok = false;
      return v;
    }
    std::memcpy(&v, in.data() + at, sizeof v);
    at += sizeof v;
    return v;
  }
};

constexpr uint32_t kMagic = 0x504f4c59;  // "POLY"

}  // namespace

int write_handoff(const Handoff& h) {
  std::string out;
  put_value<uint32_t>(out, kMagic);
  put_value<uint64_t>(out, h.command_line.size());
  put_bytes(out, h.command_line.data(), h.command_line.size());
  put_value<uint64_t>(out, h.next_handle);
  put_value<int32_t>(out, h.exit_report_fd);
  put_value<int32_t>(out, h.suspend_fd);
  put_value<uint64_t>(out, h.startup_reserved.size());
  put_bytes(out, h.startup_reserved.data(), h.startup_reserved.size());
  put_value<uint32_t>(out, static_cast<uint32_t>(h.handles.size()));
  for (const auto& e : h.handles) {
    put_value<uint64_t>(out, e.value);
    put_value<int32_t>(out, static_cast<int32_t>(e.kind));
    put_value<int32_t>(out, e.fd);
    put_value<uint8_t>(out, e.manual_reset);
    put_value<int64_t>(out, e.maximum);
    put_value<uint32_t>(out, e.id);
    put_value<int32_t>(out, e.pidfd);
    put_value<int32_t>(out, e.process_end_fd);
    put_value<uint8_t>(out, e.overlapped);
  }
  int fd = ::memfd_create("polyrun-windows-handoff", MFD_CLOEXEC);
  if (fd < 0) return -1;
  if (::write(fd, out.data(), out.size()) != static_cast<ssize_t>(out.size()) || ::lseek(fd, 0, SEEK_SET) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool read_handoff(int fd, Handoff& h) {
  std::string in;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    in.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  Reader r{in};
  if (r.value<uint32_t>() != kMagic || !r.ok) return false;
  uint64_t len = r.value<uint64_t>();
  if (!r.ok || r.at + len > in.size()) return false;
  h.command_line.assign(in, r.at, len);
  r.at += len;
  h.next_handle = r.value<uint64_t>();
  h.exit_report_fd = r.value<int32_t>();
  h.suspend_fd = r.value<int32_t>();
  const uint64_t reserved = r.value<uint64_t>();
  if (!r.ok || r.at + reserved > in.size()) return false;
  h.startup_reserved.assign(in, r.at, reserved);
  r.at += reserved;
  uint32_t n = r.value<uint32_t>();
  for (uint32_t i = 0; i < n && r.ok; ++i) {
    Handoff::Handle e{};
    e.value = r.value<uint64_t>();
    e.kind = static_cast<Handoff::Handle::Kind>(r.value<int32_t>());
    e.fd = r.value<int32_t>();
    e.manual_reset = r.value<uint8_t>() != 0;
    e.maximum = r.value<int64_t>();
    e.id = r.value<uint32_t>();
    e.pidfd = r.value<int32_t>();
    e.process_end_fd = r.value<int32_t>();
    e.overlapped = r.value<uint8_t>() != 0;
    if (r.ok) h.handles.push_back(e);
  }
  return r.ok;
}

// The C runtime's descriptors the parent passed in lpReserved2 (an int count, a flag byte each, then
// a handle each, as wide as this program's pointers): descriptor i is handle i's file, at number i
// here (polyrun's C runtime descriptors are the host's). An inherited handle's descriptor in the
// way moves aside; descriptors 0 to 2 are the standard handles' already.
void place_crt_descriptors(WindowsProcess& p) {
  const std::string& r = p.startup_reserved;
  const size_t ps = p.isa->ptr;
  if (r.size() < 4) return;
  int32_t count;
  std::memcpy(&count, r.data(), 4);
  if (count <= 3 || count > 8192 || r.size() < 4 + static_cast<size_t>(count) * (1 + ps)) return;
  constexpr uint8_t kFopen = 0x01, kFtext = 0x80;
  for (int i = 3; i < count; ++i) {
    const uint8_t flags = static_cast<uint8_t>(r[4 + i]);
    uint64_t handle = 0;
    std::memcpy(&handle, r.data() + 4 + count + i * ps, ps);
    if (!(flags & kFopen) || !handle || handle == (ps == 4 ? 0xffffffffull : ~0ull)) continue;
    const int from = p.fd_for_handle(handle);
    if (from < 0 || from == i) continue;
    if (::fcntl(i, F_GETFD) >= 0) {
      auto occupant = std::find_if(p.handle_fd.begin(), p.handle_fd.end(), [&](const auto& e) { return e.second == i; });
      if (occupant == p.handle_fd.end()) {
        log().warn("the C runtime's descriptor {} from the parent is polyrun's own here: not placed", i);
        continue;
      }
      const int moved = ::fcntl(i, F_DUPFD_CLOEXEC, 3);
      if (moved < 0) continue;
      occupant->second = moved;
    }
    if (::dup3(from, i, O_CLOEXEC) < 0) continue;
    ::close(from);
    p.handle_fd[handle] = i;
    p.fd_binary[i] = !(flags & kFtext);
  }
}

bool take_handoff(WindowsProcess& p) {
  auto value = p.find_env(kHandoffVariable);
  if (!value) return false;
  p.set_env(kHandoffVariable, nullptr);
  ::unsetenv(kHandoffVariable);
  char* end = nullptr;
  long fd = std::strtol(value->c_str(), &end, 10);
  Handoff h;
  if (end == value->c_str() || *end || fd < 3 || !read_handoff(static_cast<int>(fd), h)) {
    log().warn("{} does not name a hand-off from a parent polyrun: ignored", kHandoffVariable);
    return false;
  }
  p.command_line = h.command_line;
  p.next_handle = std::max(p.next_handle, h.next_handle);
  if (h.exit_report_fd >= 0) p.exit_report = SharedCell::open(h.exit_report_fd);
  if (h.suspend_fd >= 0) suspend_cell() = SharedCell::open(h.suspend_fd);
  p.startup_reserved = h.startup_reserved;
  using HKind = Handoff::Handle::Kind;
  for (const auto& e : h.handles) {
    if (e.kind == HKind::File) {
      ::fcntl(e.fd, F_SETFD, FD_CLOEXEC);
      p.handle_fd[e.value] = e.fd;
      if (e.overlapped) p.overlapped_handles.insert(e.value);
    } else if (e.kind == HKind::Process || e.kind == HKind::Thread) {
      auto record = std::make_shared<ProcessRecord>();
      record->pidfd = e.pidfd;
      if (e.pidfd >= 0) ::fcntl(e.pidfd, F_SETFD, FD_CLOEXEC);
      auto w = std::make_shared<Waitable>();
      w->kind = e.kind == HKind::Process ? Waitable::Kind::Process : Waitable::Kind::Thread;
      w->id = e.id;
      // A thread with a cell of its own ends before its process, at the latest with it.
      if (e.process_end_fd >= 0) {
        record->thread_end = SharedCell::open(e.fd);
        record->end = SharedCell::open(e.process_end_fd);
      } else if (e.fd >= 0) {
        record->end = SharedCell::open(e.fd);
      }
      if (record->pidfd < 0 && !record->end && !record->thread_end) continue;
      if (e.kind == HKind::Process) record->pid = e.id;
      w->process = record;
      p.waitables[e.value] = w;
      watch_process_end(p, w, record);
    } else {
      auto cell = SharedCell::open(e.fd);
      if (!cell) continue;
      auto w = std::make_shared<Waitable>();
      w->kind = e.kind == HKind::Event       ? Waitable::Kind::Event
                : e.kind == HKind::Semaphore ? Waitable::Kind::Semaphore
                                             : Waitable::Kind::Mutex;
      w->manual_reset = e.manual_reset;
      w->maximum = e.maximum;
      w->shared = cell;
      p.waitables[e.value] = w;
      watch_cell(p, cell, w->kind == Waitable::Kind::Mutex);
    }
    p.inheritable.insert(e.value);
    p.inherited.insert(e.value);
  }
  place_crt_descriptors(p);
  return true;
}

}  // namespace polyrun::shims
