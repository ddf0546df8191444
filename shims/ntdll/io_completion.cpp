// I/O completion ports: a port is a queue of packets with a mutex and a condition variable of its
// own (ntdll/io_completion.h): a thread waiting on it holds neither the execution lock nor anything
// another guest thread needs, and the host thread that completes socket I/O queues packets without
// the execution lock. The port's handle names an eventfd, so that CloseHandle (kernel32/kernel32.cpp)
// closes it like any descriptor; the port lives on while a handle is associated with it, as Windows
// keeps it. The native API's functions of them: NtCreateIoCompletion, NtOpenIoCompletion (a port
// made with a name, while one of its handles is open), NtSetIoCompletion, NtRemoveIoCompletion(Ex)
// and NtQueryIoCompletion.
#include "shims/ntdll/io_completion.h"

#include <fcntl.h>

#include <chrono>
#include <map>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/handle_objects.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_io_completion_ports {

// Ports by handle. Under the execution lock.
std::map<uint64_t, std::shared_ptr<CompletionPort>>& all_ports() {
  static std::map<uint64_t, std::shared_ptr<CompletionPort>> all;
  return all;
}

}  // namespace ntdll_io_completion_ports

using ntdll_io_completion_ports::all_ports;

namespace ntdll_io_completion_ports {
// Further handles to a port (NtOpenIoCompletion, OBJ_OPENIF): each names a descriptor of its own,
// a copy of the port's eventfd, closed with it.
struct ExtraHandle {
  std::shared_ptr<CompletionPort> port;
  int fd;
};
std::map<uint64_t, ExtraHandle>& extra_handles() {
  static std::map<uint64_t, ExtraHandle> all;
  return all;
}
}  // namespace ntdll_io_completion_ports

std::shared_ptr<CompletionPort> completion_port(WindowsProcess& p, uint64_t handle) {
  if (auto port = find_handle_object(p, all_ports(), handle)) return port;
  auto& extra = ntdll_io_completion_ports::extra_handles();
  auto it = extra.find(handle);
  if (it == extra.end()) return nullptr;
  if (p.fd_for_handle(handle) != it->second.fd) {
    extra.erase(it);
    return nullptr;
  }
  return it->second.port;
}

uint64_t new_completion_port(WindowsProcess& p, std::shared_ptr<CompletionPort> port) {
  return new_handle_object(p, all_ports(), std::move(port), "IoCompletion");
}

std::map<uint64_t, CompletionTarget>& completion_targets() {
  static std::map<uint64_t, CompletionTarget> all;
  return all;
}

CompletionTarget completion_target(WindowsProcess&, uint64_t handle) {
  auto& t = completion_targets();
  auto it = t.find(handle);
  return it == t.end() ? CompletionTarget{} : it->second;
}

void forget_completion_target(WindowsProcess&, uint64_t handle) { completion_targets().erase(handle); }

bool is_completion_port(uint64_t handle) {
  return all_ports().count(handle) != 0 || ntdll_io_completion_ports::extra_handles().count(handle) != 0;
}

std::vector<CompletionPort::Packet> take_completion_packets(WindowsProcess& p, const std::shared_ptr<CompletionPort>& port,
                                                            size_t max, uint32_t timeout_ms) {
  std::vector<CompletionPort::Packet> out;
  auto take = [&] {
    while (out.size() < max && !port->queue.empty()) {
      out.push_back(port->queue.front());
      port->queue.pop_front();
      if (out.back().picked_up) out.back().picked_up->store(true);
    }
  };
  {
    std::lock_guard<std::mutex> g(port->m);
    take();
  }
  if (!out.empty() || timeout_ms == 0) return out;
  blocking(p, [&] {
    std::unique_lock<std::mutex> g(port->m);
    auto ready = [&] { return !port->queue.empty(); };
    if (timeout_ms == kInfinite) port->cv.wait(g, ready);
    else port->cv.wait_for(g, std::chrono::milliseconds(timeout_ms), ready);
    take();
    return 0;
  });
  return out;
}

bool CompletionPort::remove(const std::shared_ptr<std::atomic<bool>>& picked_up) {
  std::lock_guard<std::mutex> g(m);
  for (auto it = queue.begin(); it != queue.end(); ++it)
    if (it->picked_up == picked_up) {
      queue.erase(it);
      return true;
    }
  return false;
}

namespace ntdll_io_completion_impl {

constexpr uint32_t kObjectNameNotFound = 0xc0000034, kObjectNameCollision = 0xc0000035,
                   kObjectNameExists = 0x40000000, kObjectTypeMismatch = 0xc0000024,
                   kObjectPathSyntaxBad = 0xc000003b;
constexpr uint32_t kObjInherit = 2, kObjOpenIf = 0x80;

// Named ports: their names (as given, without case) and a handle of each that was open.
std::map<std::u16string, std::weak_ptr<CompletionPort>>& named_ports() {
  static std::map<std::u16string, std::weak_ptr<CompletionPort>> all;
  return all;
}

// OBJECT_ATTRIBUTES' name (upper case) and attributes.
std::u16string name_of(WindowsProcess& p, uint64_t oa, uint32_t* attributes) {
  *attributes = 0;
  if (!oa) return {};
  const unsigned w = p.isa->ptr;
  *attributes = get<uint32_t>(oa + 3 * w);
  const uint64_t name = p.get_ptr(oa + 2 * w);
  std::u16string n = name ? ntdll_text::unicode_of(p, name) : std::u16string();
  for (char16_t& c : n) c = ntdll_text::upcase(c);
  return n;
}

// A port some handle names still (a name's port lives while one of its handles is open).
std::shared_ptr<CompletionPort> live_port(WindowsProcess& p, const std::u16string& name) {
  auto it = named_ports().find(name);
  if (it == named_ports().end()) return nullptr;
  std::shared_ptr<CompletionPort> port = it->second.lock();
  if (port) {
    std::vector<uint64_t> handles;
    for (const auto& [h, q] : all_ports())
      if (q == port) handles.push_back(h);
    for (const auto& [h, e] : ntdll_io_completion_ports::extra_handles())
      if (e.port == port) handles.push_back(h);
    for (uint64_t h : handles)
      if (completion_port(p, h)) return port;
  }
  named_ports().erase(it);
  return nullptr;
}

uint32_t out_handle(WindowsProcess& p, Ptr out, std::shared_ptr<CompletionPort> port, uint32_t attributes) {
  uint64_t h = 0;
  if (port->fd < 0) {
    h = new_completion_port(p, std::move(port));
  } else {  // another handle to a port that has one: a copy of a live handle's descriptor
    int live = -1;
    for (const auto& [other, q] : all_ports())
      if (q == port && completion_port(p, other)) live = p.fd_for_handle(other);
    for (const auto& [other, e] : ntdll_io_completion_ports::extra_handles())
      if (live < 0 && e.port == port && p.fd_for_handle(other) == e.fd) live = e.fd;
    const int fd = live < 0 ? -1 : ::fcntl(live, F_DUPFD_CLOEXEC, 3);
    if (fd >= 0) {
      h = p.handle_for_fd(fd);
      ntdll_io_completion_ports::extra_handles()[h] = {std::move(port), fd};
      p.object_types[h] = "IoCompletion";
    }
  }
  if (!h) return nt::kNoMemory;
  p.put_ptr(out.addr, p.mark_inheritable(h, attributes & kObjInherit));
  return nt::kSuccess;
}

// NtCreateIoCompletion(*handle, access, attributes, concurrency).
uint32_t NtCreateIoCompletion(WindowsProcess& p, Ptr out, uint32_t, Ptr oa, uint32_t) {
  if (!out) return nt::kInvalidParameter;
  uint32_t attributes;
  const std::u16string name = name_of(p, oa.addr, &attributes);
  if (!name.empty() && name[0] != u'\\') return kObjectPathSyntaxBad;
  if (!name.empty()) {
    if (auto port = live_port(p, name)) {
      if (!(attributes & kObjOpenIf)) return kObjectNameCollision;
      const uint32_t s = out_handle(p, out, port, attributes);
      return s ? s : kObjectNameExists;
    }
  }
  auto port = std::make_shared<CompletionPort>();
  if (!name.empty()) named_ports()[name] = port;
  return out_handle(p, out, port, attributes);
}

uint32_t NtOpenIoCompletion(WindowsProcess& p, Ptr out, uint32_t, Ptr oa) {
  if (!out) return nt::kInvalidParameter;
  uint32_t attributes;
  const std::u16string name = name_of(p, oa.addr, &attributes);
  if (name.empty() || name[0] != u'\\') return kObjectPathSyntaxBad;
  auto port = live_port(p, name);
  if (!port) return kObjectNameNotFound;
  return out_handle(p, out, port, attributes);
}

// The port a handle names, or the status for one that names none.
std::shared_ptr<CompletionPort> port_of(WindowsProcess& p, uint64_t h, uint32_t* status) {
  auto port = completion_port(p, h);
  if (!port) *status = p.fd_for_handle(h) >= 0 || p.waitables.count(h) ? kObjectTypeMismatch : nt::kInvalidHandle;
  return port;
}

// NtSetIoCompletion(port, key, context, status, information): a packet queued.
uint32_t NtSetIoCompletion(WindowsProcess& p, Ptr h, Ptr key, Ptr context, uint32_t status, USize information) {
  uint32_t s = nt::kSuccess;
  auto port = port_of(p, h.addr, &s);
  if (!port) return s;
  port->post({key.addr, context.addr, status, information, nullptr});
  return nt::kSuccess;
}

uint32_t timeout_of(Ptr timeout) { return timeout ? timeout_ms_from_nt(get<int64_t>(timeout.addr)) : kInfinite; }

// NtRemoveIoCompletion(port, *key, *context, IO_STATUS_BLOCK*, timeout): the first packet;
// STATUS_TIMEOUT when none came in time.
uint32_t NtRemoveIoCompletion(WindowsProcess& p, Ptr h, Ptr key, Ptr context, Ptr iosb, Ptr timeout) {
  uint32_t s = nt::kSuccess;
  auto port = port_of(p, h.addr, &s);
  if (!port) return s;
  const auto packets = take_completion_packets(p, port, 1, timeout_of(timeout));
  if (packets.empty()) return nt::kTimeout;
  const CompletionPort::Packet& k = packets.front();
  p.put_ptr(key.addr, k.key);
  p.put_ptr(context.addr, k.overlapped);
  put<uint32_t>(iosb.addr, k.status);
  p.put_ptr(iosb.addr + p.isa->ptr, k.bytes);
  return nt::kSuccess;
}

// NtRemoveIoCompletionEx(port, FILE_IO_COMPLETION_INFORMATION[count], count, *removed, timeout,
// alertable): up to `count` packets (KeyContext, ApcContext, IO_STATUS_BLOCK each).
uint32_t NtRemoveIoCompletionEx(WindowsProcess& p, Ptr h, Ptr entries, uint32_t count, Ptr removed, Ptr timeout,
                                uint8_t) {
  uint32_t s = nt::kSuccess;
  auto port = port_of(p, h.addr, &s);
  if (!port) return s;
  if (!count) return nt::kInvalidParameter;
  const auto packets = take_completion_packets(p, port, count, timeout_of(timeout));
  put<uint32_t>(removed.addr, static_cast<uint32_t>(packets.size()));
  if (packets.empty()) return nt::kTimeout;
  const unsigned w = p.isa->ptr;
  for (size_t i = 0; i < packets.size(); ++i) {
    const uint64_t e = entries.addr + i * 4 * w;
    p.put_ptr(e, packets[i].key);
    p.put_ptr(e + w, packets[i].overlapped);
    put<uint32_t>(e + 2 * w, packets[i].status);
    p.put_ptr(e + 3 * w, packets[i].bytes);
  }
  return nt::kSuccess;
}

// NtQueryIoCompletion(port, IoCompletionBasicInformation 0, info, length, *returned): the
// packets queued (LONG Depth).
uint32_t NtQueryIoCompletion(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, uint32_t len, Ptr returned) {
  uint32_t s = nt::kSuccess;
  auto port = port_of(p, h.addr, &s);
  if (!port) return s;
  if (cls != 0) return nt::kInvalidParameter;
  if (len < 4) return nt::kInfoLengthMismatch;
  size_t depth;
  {
    std::lock_guard<std::mutex> g(port->m);
    depth = port->queue.size();
  }
  put<int32_t>(info.addr, static_cast<int32_t>(depth));
  if (returned) put<uint32_t>(returned.addr, 4);
  return nt::kSuccess;
}

}  // namespace ntdll_io_completion_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_io_completion_exports() {
  using namespace ntdll_io_completion_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtCreateIoCompletion", NtCreateIoCompletion),
      EXPORT("NtOpenIoCompletion", NtOpenIoCompletion),
      EXPORT("NtSetIoCompletion", NtSetIoCompletion),
      EXPORT("NtRemoveIoCompletion", NtRemoveIoCompletion),
      EXPORT("NtRemoveIoCompletionEx", NtRemoveIoCompletionEx),
      EXPORT("NtQueryIoCompletion", NtQueryIoCompletion),
  };
  return exports;
}

}  // namespace polyrun::shims
