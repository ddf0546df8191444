// NTDLL's mailslots: NtCreateMailslotFile makes a mailslot's server end, a datagram socket bound in
// the session's directory of mailslots (so that every polyrun process of the user finds it), named
// for the mailslot's name without case and for its largest message; a client opens it by
// NtCreateFile of \??\MAILSLOT\NAME (or \Device\Mailslot\NAME) and each write is one message. The
// server reads the messages whole, oldest first, waiting up to the mailslot's read timeout
// (STATUS_IO_TIMEOUT after it), and tells how many wait and the size of the next
// (FileMailslotQueryInformation). A mailslot lives while its server's handle is open; the socket
// of one whose server has gone is removed by the next that looks for it.
#include <dirent.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <strings.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/session_directory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/text.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/mailslots.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_mailslots {

namespace {

constexpr uint32_t kObjectNameInvalid = 0xc0000033, kObjectNameNotFound = 0xc0000034,
                   kObjectNameCollision = 0xc0000035, kSharingViolation = 0xc0000043, kIoTimeout = 0xc00000b5,
                   kAccessDenied = 0xc0000022, kObjectPathSyntaxBad = 0xc000003b;
constexpr uint32_t kFileShareRead = 1;
constexpr uint32_t kNoMessage = 0xffffffffu;  // MAILSLOT_NO_MESSAGE

struct Server {
  int fd = -1;
  uint32_t max = 0;         // the largest message (0: any)
  int64_t timeout = -1;     // the read timeout as given (relative 100 ns units; -1 or none: forever)
  std::string path;         // its socket
  std::deque<std::string> messages;  // received, not yet read
};
struct Client {
  int fd = -1;
  uint32_t max = 0;
};

std::map<uint64_t, std::shared_ptr<Server>>& servers() {
  static std::map<uint64_t, std::shared_ptr<Server>> all;
  return all;
}
std::map<uint64_t, Client>& clients() {
  static std::map<uint64_t, Client> all;
  return all;
}

// The end a handle names while its descriptor is the one it was made with (handle values are not
// reused: a closed handle's entry goes).
std::shared_ptr<Server> server_of(WindowsProcess& p, uint64_t h) {
  auto it = servers().find(h);
  if (it == servers().end()) return nullptr;
  if (p.fd_for_handle(h) != it->second->fd) {
    servers().erase(it);
    return nullptr;
  }
  return it->second;
}
Client* client_of(WindowsProcess& p, uint64_t h) {
  auto it = clients().find(h);
  if (it == clients().end()) return nullptr;
  if (p.fd_for_handle(h) != it->second.fd) {
    clients().erase(it);
    return nullptr;
  }
  return &it->second;
}

const std::string& directory() {
  static const std::string dir = session_directory("mailslots");
  return dir;
}

// The part of an NT name after the mailslot device (\??\MAILSLOT\ or \Device\Mailslot\, any case);
// nullopt for another name.
std::optional<std::string> device_relative(const std::string& nt) {
  for (const char* prefix : {"\\??\\mailslot\\", "\\device\\mailslot\\"}) {
    const size_t n = std::strlen(prefix);
    if (nt.size() >= n && ::strncasecmp(nt.c_str(), prefix, n) == 0) return nt.substr(n);
  }
  return std::nullopt;
}

// A mailslot's socket name without its size: its name without case, every byte outside
// [a-z0-9._-] as %XX (the pseudo directories' backslashes too); a name too long for a socket's
// path as a hash of it.
std::string socket_stem(const std::string& name) {
  static const char hex[] = "0123456789abcdef";
  std::string out, lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (unsigned char c : lower) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '-') out += static_cast<char>(c);
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  if (directory().size() + out.size() + 14 > 107) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : lower) h = (h ^ c) * 1099511628211ull;
    out = "#";
    for (int i = 60; i >= 0; i -= 4) out += hex[(h >> i) & 15];
  }
  return out;
}

sockaddr_un address_of(const std::string& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
  return a;
}

// The socket of the mailslot whose socket name starts `stem@` and whose server still listens: its
// descriptor connected to it (-1: none) and its largest message. Sockets of servers gone are
// removed.
int connect_to(const std::string& stem, uint32_t& max) {
  DIR* d = ::opendir(directory().c_str());
  if (!d) return -1;
  std::vector<std::string> found;
  while (const struct dirent* e = ::readdir(d)) {
    const std::string n = e->d_name;
    if (n.size() > stem.size() && n.compare(0, stem.size(), stem) == 0 && n[stem.size()] == '@') found.push_back(n);
  }
  ::closedir(d);
  for (const std::string& n : found) {
    const std::string path = directory() + "/" + n;
    const int s = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    const sockaddr_un a = address_of(path);
    if (::connect(s, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0) {
      max = static_cast<uint32_t>(std::strtoul(n.c_str() + stem.size() + 1, nullptr, 10));
      return s;
    }
    ::close(s);
    if (errno == ECONNREFUSED) ::unlink(path.c_str());  // its server has gone
  }
  return -1;
}

// Takes every message that has arrived off the socket into the server's queue.
void receive_waiting(Server& s) {
  for (;;) {
    const ssize_t n = ::recv(s.fd, nullptr, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
    if (n < 0) return;
    std::string m(static_cast<size_t>(n), '\0');
    if (::recv(s.fd, m.data(), m.size(), MSG_DONTWAIT) < 0) return;
    s.messages.push_back(std::move(m));
  }
}

void io_status(WindowsProcess& p, uint64_t iosb, uint32_t status, uint64_t information) {
  if (!iosb) return;
  p.put_ptr(iosb, status);
  p.put_ptr(iosb + p.isa->ptr, information);
}

// NtCreateMailslotFile(&handle, access, attributes, &iosb, create options, quota, largest message,
// &read timeout): a new mailslot's server end; STATUS_OBJECT_NAME_COLLISION when the name is
// taken, STATUS_OBJECT_NAME_INVALID for a name outside the mailslot device. No timeout (or -1)
// waits forever, 0 not at all, a negative one that many 100 ns units.
uint32_t NtCreateMailslotFile(WindowsProcess& p, Ptr out, uint32_t, Ptr attributes, Ptr iosb, uint32_t, uint32_t,
                              uint32_t max, Ptr timeout) {
  const unsigned w = p.isa->ptr;
  if (!attributes || !out) return nt::kInvalidParameter;
  const uint64_t name_string = p.get_ptr(attributes.addr + 2 * w);
  if (!name_string) return kObjectPathSyntaxBad;
  const uint64_t chars = p.get_ptr(name_string + w);
  const std::string name =
      utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(chars), chars ? get<uint16_t>(name_string) / 2 : 0));
  if (p.get_ptr(attributes.addr + w)) return kObjectNameInvalid;  // (relative to a directory: no device)
  uint64_t h = 0;
  const uint32_t status = create_server(p, name, max, timeout ? get<int64_t>(timeout.addr) : -1,
                                        get<uint32_t>(attributes.addr + 3 * w) & 2 /* OBJ_INHERIT */, h);
  if (status != nt::kSuccess) return status;
  p.put_ptr(out.addr, h);
  io_status(p, iosb.addr, nt::kSuccess, 2);  // FILE_CREATED
  return nt::kSuccess;
}

}  // namespace

uint32_t create_server(WindowsProcess& p, const std::string& name, uint32_t max, int64_t timeout, bool inherit,
                       uint64_t& handle) {
  const std::optional<std::string> rest = device_relative(name);
  if (!rest || rest->empty()) return kObjectNameInvalid;
  if (directory().empty()) return kAccessDenied;
  const std::string stem = socket_stem(*rest);
  uint32_t other_max = 0;
  if (const int s = connect_to(stem, other_max); s >= 0) {
    ::close(s);
    return kObjectNameCollision;
  }
  const std::string path = directory() + "/" + stem + "@" + std::to_string(max);
  ::unlink(path.c_str());  // (a socket its server left: connect_to found nobody there)
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return nt_status_from_errno(errno);
  const sockaddr_un a = address_of(path);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
    const int err = errno;
    ::close(fd);
    return nt_status_from_errno(err);
  }
  auto s = std::make_shared<Server>();
  s->fd = fd;
  s->max = max;
  s->timeout = timeout;
  s->path = path;
  const uint64_t h = p.handle_for_fd(fd);
  servers()[h] = s;
  p.mark_inheritable(h, inherit);
  handle = h;
  return nt::kSuccess;
}

std::optional<uint32_t> open_client(WindowsProcess& p, const std::string& nt_name, uint32_t, uint32_t share,
                                    uint64_t& handle) {
  const std::optional<std::string> rest = device_relative(nt_name);
  if (!rest) return std::nullopt;
  if (rest->empty()) return kObjectNameInvalid;
  // Clients share the mailslot with its reader: without FILE_SHARE_READ, a sharing violation.
  if (!(share & kFileShareRead)) return kSharingViolation;
  uint32_t max = 0;
  const int fd = directory().empty() ? -1 : connect_to(socket_stem(*rest), max);
  if (fd < 0) return kObjectNameNotFound;
  handle = p.handle_for_fd(fd);
  clients()[handle] = Client{fd, max};
  return nt::kSuccess;
}

std::optional<uint32_t> read(WindowsProcess& p, uint64_t h, uint64_t iosb, uint64_t buf, uint32_t len) {
  std::shared_ptr<Server> s = server_of(p, h);
  if (!s) return client_of(p, h) ? std::optional<uint32_t>(kAccessDenied) : std::nullopt;
  receive_waiting(*s);
  if (s->messages.empty()) {
    // The read timeout: relative 100 ns units; -1, or a positive (absolute) time, waits forever.
    const int ms = s->timeout < -1 ? static_cast<int>(std::min<int64_t>((-s->timeout + 9999) / 10000, INT32_MAX))
                   : s->timeout == 0 ? 0 : -1;
    struct pollfd pfd {s->fd, POLLIN, 0};
    int r;
    do r = synchronous_io(p, [&] { return ::poll(&pfd, 1, ms); });
    while (r < 0 && errno == EINTR);
    if (r < 0) {
      const uint32_t st = errno == ECANCELED ? nt::kCancelled : nt_status_from_errno(errno);
      io_status(p, iosb, st, 0);
      return st;
    }
    receive_waiting(*s);
    if (s->messages.empty()) {
      io_status(p, iosb, kIoTimeout, 0);
      return kIoTimeout;
    }
  }
  const std::string& m = s->messages.front();
  if (m.size() > len) {  // the message stays for a read with room for it
    io_status(p, iosb, nt::kBufferTooSmall, 0);
    return nt::kBufferTooSmall;
  }
  if (!m.empty()) std::memcpy(guest_pointer(buf), m.data(), m.size());
  const uint64_t n = m.size();
  s->messages.pop_front();
  io_status(p, iosb, nt::kSuccess, n);
  return nt::kSuccess;
}

std::optional<uint32_t> write(WindowsProcess& p, uint64_t h, uint64_t iosb, uint64_t buf, uint32_t len) {
  Client* c = client_of(p, h);
  if (!c) return server_of(p, h) ? std::optional<uint32_t>(kAccessDenied) : std::nullopt;
  // A message longer than the mailslot's largest is refused whole.
  if (c->max && len > c->max) {
    io_status(p, iosb, nt::kInvalidParameter, 0);
    return nt::kInvalidParameter;
  }
  const ssize_t n = ::send(c->fd, guest_pointer(buf), len, MSG_NOSIGNAL);
  if (n < 0) {
    // The server has gone: the mailslot with it.
    const uint32_t st = errno == ECONNREFUSED || errno == ENOTCONN ? kObjectNameNotFound : nt_status_from_errno(errno);
    io_status(p, iosb, st, 0);
    return st;
  }
  io_status(p, iosb, nt::kSuccess, static_cast<uint64_t>(n));
  return nt::kSuccess;
}

// FILE_MAILSLOT_QUERY_INFORMATION: MaximumMessageSize, MailslotQuota, NextMessageSize
// (MAILSLOT_NO_MESSAGE: none), MessagesAvailable, ReadTimeout.
std::optional<uint32_t> query(WindowsProcess& p, uint64_t h, uint64_t out, uint32_t size) {
  std::shared_ptr<Server> s = server_of(p, h);
  if (!s) return std::nullopt;
  if (size < 24) return nt::kInfoLengthMismatch;
  receive_waiting(*s);
  put<uint32_t>(out, s->max);
  put<uint32_t>(out + 4, 0);
  put<uint32_t>(out + 8, s->messages.empty() ? kNoMessage : static_cast<uint32_t>(s->messages.front().size()));
  put<uint32_t>(out + 12, static_cast<uint32_t>(s->messages.size()));
  put<int64_t>(out + 16, s->timeout);
  return nt::kSuccess;
}

std::optional<uint32_t> set_timeout(WindowsProcess& p, uint64_t h, int64_t timeout) {
  std::shared_ptr<Server> s = server_of(p, h);
  if (!s) return std::nullopt;
  s->timeout = timeout;
  return nt::kSuccess;
}

}  // namespace ntdll_mailslots

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_mailslot_exports() {
  using namespace ntdll_mailslots;
  static const std::vector<Export> exports = {
      EXPORT("NtCreateMailslotFile", NtCreateMailslotFile),
  };
  return exports;
}

}  // namespace polyrun::shims
