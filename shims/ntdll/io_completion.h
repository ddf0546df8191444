// I/O completion ports, objects of the native API's (ntdll/io_completion.cpp): a queue of packets
// with a mutex and a condition variable of its own, which socket I/O, PostQueuedCompletionStatus and
// wait completion packets (ntdll/wait_packets.cpp) post to. KERNEL32's functions over them, and
// what overlapped I/O reports to: kernel32/iocp.cpp.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

struct CompletionPort {
  struct Packet {
    uint64_t key, overlapped;
    uint32_t status;
    uint64_t bytes;
    // A wait completion packet's: set once a GetQueuedCompletionStatus took it off the queue.
    std::shared_ptr<std::atomic<bool>> picked_up = nullptr;
  };
  int fd = -1;  // the handle's descriptor (an eventfd, only ever closed)
  std::mutex m;
  std::condition_variable cv;
  std::deque<Packet> queue;

  void post(const Packet& packet) {
    {
      std::lock_guard<std::mutex> g(m);
      queue.push_back(packet);
    }
    cv.notify_one();
  }
  // Takes the packet marked `picked_up` off the queue before anyone picked it up; false if it is
  // not there.
  bool remove(const std::shared_ptr<std::atomic<bool>>& picked_up);
};

// The port a handle names, or null (CloseHandle closed it, or it is not a port). Under the
// execution lock, as the three below.
std::shared_ptr<CompletionPort> completion_port(WindowsProcess& p, uint64_t handle);
// A new port's handle, 0 if the host has no descriptor to give.
uint64_t new_completion_port(WindowsProcess& p, std::shared_ptr<CompletionPort> port);
// Whether a handle was made for a port (which is associated with no other port).
bool is_completion_port(uint64_t handle);
// Where an overlapped operation on a handle reports its end: the port the handle is associated with
// (null: none), its key, and SetFileCompletionNotificationModes' flags. KERNEL32's
// CreateIoCompletionPort associates a handle with a port, and so does the thread pool's I/O object
// (ntdll/thread_pool.cpp: TpAllocIoCompletion); the operations report to it (kernel32/iocp.h).
struct CompletionTarget {
  std::shared_ptr<CompletionPort> port;
  uint64_t key = 0;
  uint8_t modes = 0;
};
constexpr uint8_t FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 1, FILE_SKIP_SET_EVENT_ON_HANDLE = 2;
// Every handle's target (an entry may hold modes and no port yet). Under the execution lock, as
// the two below.
std::map<uint64_t, CompletionTarget>& completion_targets();
// The handle's target (no port: none).
CompletionTarget completion_target(WindowsProcess& p, uint64_t handle);
// Forgets the handle's association (its descriptor is closed).
void forget_completion_target(WindowsProcess& p, uint64_t handle);

// Takes up to `max` packets off the port, waiting up to `timeout_ms` for the first with the
// execution lock released.
std::vector<CompletionPort::Packet> take_completion_packets(WindowsProcess& p, const std::shared_ptr<CompletionPort>& port,
                                                            size_t max, uint32_t timeout_ms);

}  // namespace polyrun::shims
