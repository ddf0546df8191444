#include "shims/windows_handoff.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <thread>

#include "common/log.h"
#include "shims/windows_process.h"

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

void watch_cell(WindowsProcess& p, std::shared_ptr<SharedCell> cell) {
  watch_outside(
      p,
      [cell] {
        uint32_t seen = cell->page->seq.load(std::memory_order_acquire);
        ::syscall(SYS_futex, &cell->page->seq, FUTEX_WAIT, seen, nullptr, nullptr, 0);
      },
      [] { return true; });  // the waitables read the cell themselves
}

bool share_waitable(WindowsProcess& p, Waitable& w) {
  if (w.shared) return true;
  if (w.kind != Waitable::Kind::Event && w.kind != Waitable::Kind::Semaphore) return false;
  auto cell = SharedCell::create();
  if (!cell) return false;
  cell->page->count.store(w.count);
  w.shared = cell;
  watch_cell(p, cell);
  return true;
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
  put_value<uint32_t>(out, static_cast<uint32_t>(h.handles.size()));
  for (const auto& e : h.handles) {
    put_value<uint64_t>(out, e.value);
    put_value<int32_t>(out, static_cast<int32_t>(e.kind));
    put_value<int32_t>(out, e.fd);
    put_value<uint8_t>(out, e.manual_reset);
    put_value<int64_t>(out, e.maximum);
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
  uint32_t n = r.value<uint32_t>();
  for (uint32_t i = 0; i < n && r.ok; ++i) {
    Handoff::Handle e{};
    e.value = r.value<uint64_t>();
    e.kind = static_cast<Handoff::Handle::Kind>(r.value<int32_t>());
    e.fd = r.value<int32_t>();
    e.manual_reset = r.value<uint8_t>() != 0;
    e.maximum = r.value<int64_t>();
    if (r.ok) h.handles.push_back(e);
  }
  return r.ok;
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
  for (const auto& e : h.handles) {
    if (e.kind == Handoff::Handle::Kind::File) {
      ::fcntl(e.fd, F_SETFD, FD_CLOEXEC);
      p.handle_fd[e.value] = e.fd;
    } else {
      auto cell = SharedCell::open(e.fd);
      if (!cell) continue;
      auto w = std::make_shared<Waitable>();
      w->kind = e.kind == Handoff::Handle::Kind::Event ? Waitable::Kind::Event : Waitable::Kind::Semaphore;
      w->manual_reset = e.manual_reset;
      w->maximum = e.maximum;
      w->shared = cell;
      p.waitables[e.value] = w;
      watch_cell(p, cell);
    }
    p.inheritable.insert(e.value);
    p.inherited.insert(e.value);
  }
  return true;
}

}  // namespace polyrun::shims
