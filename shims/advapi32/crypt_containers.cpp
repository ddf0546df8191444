// ADVAPI32's CryptoAPI, key containers on disk: the user's store (shared with NCRYPT's key
// storage, advapi32/crypt.h), a container's file of PRIVATEKEYBLOBs written and read, and the
// names of the stored containers (PP_ENUMCONTAINERS).
#include <dirent.h>
#include <fcntl.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "shims/advapi32/crypt.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/crypto/algorithms.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/advapi32/crypt_internal.h"

namespace polyrun::shims {

std::string crypto_store_directory(const std::string& under) {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const std::string dir = (xdg && *xdg == '/' ? std::string(xdg) : host_home_directory() + "/.local/share") +
                          "/polyrun/crypto/" + under;
  // Each directory on the way, as `mkdir -p` makes them (the XDG base directories' mode: 0700).
  for (size_t slash = dir.find('/', 1); slash != std::string::npos; slash = dir.find('/', slash + 1))
    ::mkdir(dir.substr(0, slash).c_str(), 0700);
  ::mkdir(dir.c_str(), 0700);
  return dir;
}

std::string crypto_file_name(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    c = static_cast<unsigned char>(std::tolower(c));
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ' ') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02x", c);
      out += hex;
    }
  }
  if (out.empty() || out[0] == '.') out = "%" + out;
  return out;
}

bool crypto_write_file(const std::string& path, const std::vector<uint8_t>& data) {
  const std::string tmp = path + ".new";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  if (done != data.size() || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

std::optional<std::vector<uint8_t>> crypto_read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  const std::string text = s.str();
  return std::vector<uint8_t>(text.begin(), text.end());
}

}  // namespace polyrun::shims

namespace polyrun::shims::capi {

namespace {

// ---- key containers on disk ----

std::string container_dir(uint32_t flags) { return crypto_store_directory(flags & CRYPT_MACHINE_KEYSET ? "RSA/machine" : "RSA/user"); }

}  // namespace

std::string container_path(const std::string& name, uint32_t flags) { return container_dir(flags) + "/" + crypto_file_name(name); }

void put32(Bytes& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

namespace {

uint32_t get32(const Bytes& b, size_t& at) {
  if (at + 4 > b.size()) {
    at = b.size() + 1;
    return 0;
  }
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(b[at + i]) << (8 * i);
  at += 4;
  return v;
}

}  // namespace

// "PRC1", the name, then the exchange and signature pairs: permissions, a blob's size, the blob.
bool store_container(const Container& c) {
  if (c.verify) return true;
  Bytes out = {'P', 'R', 'C', '1'};
  put32(out, static_cast<uint32_t>(c.name.size()));
  out.insert(out.end(), c.name.begin(), c.name.end());
  for (const auto* k : {&c.exchange, &c.signature}) {
    Bytes blob = *k ? private_blob(**k) : Bytes();
    put32(out, *k ? (*k)->permissions : 0);
    put32(out, static_cast<uint32_t>(blob.size()));
    out.insert(out.end(), blob.begin(), blob.end());
  }
  return crypto_write_file(container_path(c.name, c.flags), out);
}

// The stored container of that name, or nullptr when there is none.
std::shared_ptr<Container> load_container(const std::string& name, uint32_t flags, Personality pers) {
  auto data = crypto_read_file(container_path(name, flags));
  if (!data || data->size() < 8 || std::memcmp(data->data(), "PRC1", 4) != 0) return nullptr;
  auto c = std::make_shared<Container>();
  size_t at = 4;
  uint32_t n = get32(*data, at);
  if (at + n > data->size()) return nullptr;
  c->name.assign(data->begin() + static_cast<long>(at), data->begin() + static_cast<long>(at + n));
  at += n;
  for (auto* k : {&c->exchange, &c->signature}) {
    uint32_t perms = get32(*data, at), size = get32(*data, at);
    if (at + size > data->size()) break;
    if (size) {
      HRESULT e = 0;
      *k = key_from_blob(data->data() + at, size, pers, e);
      if (*k) (*k)->permissions = perms;
    }
    at += size;
  }
  return c;
}

std::vector<std::string> stored_container_names(uint32_t flags) {
  std::vector<std::string> names;
  const std::string dir = container_dir(flags);
  std::vector<std::string> files;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.' && !std::strstr(e->d_name, ".new")) files.push_back(e->d_name);
    ::closedir(d);
  }
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) {
    auto data = crypto_read_file(dir + "/" + f);
    if (!data || data->size() < 8 || std::memcmp(data->data(), "PRC1", 4) != 0) continue;
    size_t at = 4;
    uint32_t n = get32(*data, at);
    if (at + n <= data->size()) names.emplace_back(data->begin() + static_cast<long>(at), data->begin() + static_cast<long>(at + n));
  }
  return names;
}

}  // namespace polyrun::shims::capi
