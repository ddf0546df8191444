// WINTRUST.dll: its export table, made of its parts' (wintrust.h).
#include "shims/wintrust/wintrust.h"

#include <unistd.h>

#include "shims/wintrust/exports.h"

namespace polyrun::shims {

namespace wintrust {

std::vector<uint8_t> read_whole(int fd) {
  std::vector<uint8_t> data;
  uint8_t buf[65536];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n <= 0) break;
    data.insert(data.end(), buf, buf + n);
    at += n;
  }
  return data;
}

namespace {

std::vector<Export> all_exports() {
  std::vector<Export> all;
  for (const auto* part : {&verify_trust_exports(), &catalog_admin_exports(), &subject_package_exports()})
    all.insert(all.end(), part->begin(), part->end());
  return all;
}

}  // namespace
}  // namespace wintrust

const Dll kWintrust{"wintrust.dll", false, wintrust::all_exports()};

}  // namespace polyrun::shims
