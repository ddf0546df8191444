#include "syscall-translate/dir_positions.h"

#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

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
std::mutex mutex;
std::unordered_map<int, Identity> hashed;

bool still_hashed(int fd) {
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

constexpr uint64_t kD_offAt = 8, kReclenAt = 16;

}  // namespace

void dir_positions_to_guest32(int fd, uint8_t* buf, int64_t n) {
  bool wide = false;
  for (int64_t at = 0; at + 24 <= n && !wide;) {
    uint64_t off;
    uint16_t reclen;
    std::memcpy(&off, buf + at + kD_offAt, 8);
    std::memcpy(&reclen, buf + at + kReclenAt, 2);
    wide = off > 0xffffffffu;
    if (reclen == 0) break;
    at += reclen;
  }
  if (!wide && !still_hashed(fd)) return;
  struct statfs fs;
  struct stat st;
  if (::fstatfs(fd, &fs) != 0 || fs.f_type != EXT4_SUPER_MAGIC || ::fstat(fd, &st) != 0) return;
  {
    std::lock_guard<std::mutex> lock(mutex);
    hashed[fd] = Identity{st.st_dev, st.st_ino};
  }
  for (int64_t at = 0; at + 24 <= n;) {
    uint64_t off;
    uint16_t reclen;
    std::memcpy(&off, buf + at + kD_offAt, 8);
    std::memcpy(&reclen, buf + at + kReclenAt, 2);
    off >>= 32;
    std::memcpy(buf + at + kD_offAt, &off, 8);
    if (reclen == 0) break;
    at += reclen;
  }
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
