// I/O completion ports: a port is a queue of packets with a mutex and a condition variable of its
// own (ntdll/io_completion.h): a thread waiting on it holds neither the execution lock nor anything
// another guest thread needs, and the host thread that completes socket I/O queues packets without
// the execution lock. The port's handle names an eventfd, so that CloseHandle (kernel32/kernel32.cpp)
// closes it like any descriptor; the port lives on while a handle is associated with it, as Windows
// keeps it.
#include "shims/ntdll/io_completion.h"

#include <chrono>
#include <map>

#include "shims/core/handle_objects.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

// Ports by handle. Under the execution lock.
std::map<uint64_t, std::shared_ptr<CompletionPort>>& all_ports() {
  static std::map<uint64_t, std::shared_ptr<CompletionPort>> all;
  return all;
}

}  // namespace

std::shared_ptr<CompletionPort> completion_port(WindowsProcess& p, uint64_t handle) {
  return find_handle_object(p, all_ports(), handle);
}

uint64_t new_completion_port(WindowsProcess& p, std::shared_ptr<CompletionPort> port) {
  return new_handle_object(p, all_ports(), std::move(port), "IoCompletion");
}

bool is_completion_port(uint64_t handle) { return all_ports().count(handle) != 0; }

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

}  // namespace polyrun::shims
