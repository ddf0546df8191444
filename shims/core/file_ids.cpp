// The search behind opening a file by its ID (core/file_ids.h).
#include "shims/core/file_ids.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <deque>

#include "shims/core/path_mapping.h"

namespace polyrun::shims {

namespace {

// Entries looked at before a search gives up: Windows finds a file ID in the volume's table at once,
// a search of a host file system as big as / for an ID that no file has could take minutes.
constexpr size_t kSearchLimit = 500000;

// Breadth first from `start`, skipping the directory `skip` (already searched) and every other file
// system; the first entry whose inode is `id`.
std::optional<std::string> search(const std::string& start, dev_t dev, uint64_t id, const std::string& skip,
                                  size_t& budget) {
  std::deque<std::string> queue{start};
  while (!queue.empty() && budget > 0) {
    const std::string dir = std::move(queue.front());
    queue.pop_front();
    DIR* d = ::opendir(dir.c_str());
    if (!d) continue;
    const int dfd = ::dirfd(d);
    while (const dirent* e = ::readdir(d)) {
      if (!std::strcmp(e->d_name, ".") || !std::strcmp(e->d_name, "..")) continue;
      if (budget == 0) break;
      --budget;
      struct stat st;
      if (::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_dev != dev) continue;
      const std::string path = (dir == "/" ? "" : dir) + "/" + e->d_name;
      if (st.st_ino == id) {
        ::closedir(d);
        return path;
      }
      if (S_ISDIR(st.st_mode) && path != skip) queue.push_back(path);
    }
    ::closedir(d);
  }
  return std::nullopt;
}

std::string parent_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

}  // namespace

std::optional<std::string> find_file_by_id(int volume_fd, uint64_t id, uint64_t id_high) {
  struct stat hint;
  if (id_high != 0 || ::fstat(volume_fd, &hint) != 0) return std::nullopt;
  std::string start = host_path_of(volume_fd);
  if (start.empty()) return std::nullopt;
  if (hint.st_ino == id) return start;
  if (!S_ISDIR(hint.st_mode)) start = parent_of(start);
  struct stat st;
  if (::stat(start.c_str(), &st) == 0 && st.st_dev == hint.st_dev && st.st_ino == id) return start;
  size_t budget = kSearchLimit;
  if (std::optional<std::string> found = search(start, hint.st_dev, id, "", budget)) return found;
  // The rest of the volume: from its mount point, the highest directory on the same file system.
  std::string root = start;
  while (root != "/") {
    const std::string up = parent_of(root);
    if (::stat(up.c_str(), &st) != 0 || st.st_dev != hint.st_dev) break;
    if (st.st_ino == id) return up;
    root = up;
  }
  if (root == start) return std::nullopt;
  return search(root, hint.st_dev, id, start, budget);
}

}  // namespace polyrun::shims
