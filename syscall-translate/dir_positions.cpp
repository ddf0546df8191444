#include "syscall-translate/dir_positions.h"

#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <unordered_map>

namespace polyrun::linux_abi {

namespace {

struct Identity {
  dev_t dev;
  ino_t ino;
};

// The descriptors seen reading a hashed ext4 directory, with the directory they named: a
// descriptor closed and reused for another file no longer matches (checked before each use).
// `any` spares every other lseek the lock until a guest reads such a directory.
std::mutex mutex;
std::unordered_map<int, Identity> hashed;
std::atomic<bool> any{false};

bool still_hashed(int fd) {
  if (!any.load(std::memory_order_relaxed)) return false;
  Identity id;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = hashed.find(fd);
    if (it == hashed.end()) return false;
    id = it->second;
  }
  struct stat st;
  if (::fstat(fd, &st) == 0 && st.st_dev == id.dev && st.st_ino == id.ino) return true;
  std::lock_guard<std::mutex> lock(mutex);
  hashed.erase(fd);
  return false;
}

// Remembers fd when it is a directory on ext4.
bool remember_if_ext4(int fd) {
  struct statfs fs;
  struct stat st;
  if (::fstatfs(fd, &fs) != 0 || fs.f_type != EXT4_SUPER_MAGIC || ::fstat(fd, &st) != 0) return false;
  std::lock_guard<std::mutex> lock(mutex);
  hashed[fd] = Identity{st.st_dev, st.st_ino};
  any.store(true, std::memory_order_relaxed);
  return true;
}

// Calls f with the address of each record's d_off in the n bytes of linux_dirent64 records at buf.
template <typename F>
void for_each_d_off(uint8_t* buf, int64_t n, F f) {
  for (int64_t at = 0; at + 24 <= n;) {
    uint16_t reclen;  // after d_ino and d_off
    std::memcpy(&reclen, buf + at + 16, 2);
    f(buf + at + 8);
    if (reclen == 0) break;
    at += reclen;
  }
}

uint64_t load64(const uint8_t* at) {
  uint64_t v;
  std::memcpy(&v, at, 8);
  return v;
}

}  // namespace

void dir_positions_to_guest32(int fd, uint8_t* buf, int64_t n) {
  bool wide = false;
  for_each_d_off(buf, n, [&](uint8_t* d_off) { wide = wide || load64(d_off) > 0xffffffffu; });
  if (!still_hashed(fd) && !(wide && remember_if_ext4(fd))) return;
  for_each_d_off(buf, n, [](uint8_t* d_off) {
    const uint64_t v = load64(d_off) >> 32;
    std::memcpy(d_off, &v, 8);
  });
}

int64_t dir_offset_to_host(int fd, int64_t offset, int whence) {
  if (whence != SEEK_SET || offset <= 0 || offset > 0xffffffff || !still_hashed(fd)) return offset;
  return offset << 32;
}

int64_t dir_position_to_guest(int fd, int64_t position) {
  if (position <= 0xffffffff || !still_hashed(fd)) return position;
  return static_cast<int64_t>(static_cast<uint64_t>(position) >> 32);
}

}  // namespace polyrun::linux_abi
