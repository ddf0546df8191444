// Objects of the Windows personality whose handle names an eventfd of their own (completion ports,
// wait completion packets, keyed events): kernel32's CloseHandle closes that descriptor like any
// other, and the object is found while the handle still names it.
#pragma once

#include <sys/eventfd.h>

#include <cstdint>
#include <map>
#include <memory>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

// The object a handle names in `all`, or null (CloseHandle closed it: its descriptor is gone; handle
// values are never reused, so the entry goes too).
template <typename T>
std::shared_ptr<T> find_handle_object(WindowsProcess& p, std::map<uint64_t, std::shared_ptr<T>>& all, uint64_t h) {
  auto it = all.find(h);
  if (it == all.end()) return nullptr;
  if (p.fd_for_handle(h) != it->second->fd) {
    all.erase(it);
    return nullptr;
  }
  return it->second;
}

// A new handle for `object` (its `fd` set to a new eventfd) in `all`; 0 if the host has no
// descriptor to give. `type` is the object type's name as Windows' object manager has it
// ("IoCompletion"), which NtQueryObject tells (ntdll/objects.cpp).
template <typename T>
uint64_t new_handle_object(WindowsProcess& p, std::map<uint64_t, std::shared_ptr<T>>& all, std::shared_ptr<T> object,
                           const char* type) {
  const int fd = ::eventfd(0, EFD_CLOEXEC);
  if (fd < 0) return 0;
  object->fd = fd;
  const uint64_t h = p.handle_for_fd(fd);
  all[h] = std::move(object);
  p.object_types[h] = type;
  return h;
}

}  // namespace polyrun::shims
