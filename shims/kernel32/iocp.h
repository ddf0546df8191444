// An I/O completion port (kernel32/iocp.cpp): a queue of packets with a mutex and a condition
// variable of its own, which socket I/O, PostQueuedCompletionStatus and wait completion packets
// (ntdll/wait_packets.cpp) post to.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>

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

// The port a handle names, or null (under the execution lock).
std::shared_ptr<CompletionPort> completion_port(WindowsProcess& p, uint64_t handle);

}  // namespace polyrun::shims
