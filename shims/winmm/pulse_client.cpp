// The PulseAudio native protocol, as much of it as WINMM's waveform devices use (winmm/pulse_client.h).
// Packets are a 20-byte descriptor (length, channel, a 64-bit offset and flags, big-endian) and a
// payload: a command's payload is a "tag struct" (typed values: each a type byte and the value,
// big-endian), audio's the bytes themselves on the stream's channel. polyrun announces protocol
// version 13 without shared memory, so that every reply has the fields of that version and audio
// travels in the packets (the server serves older clients as it serves libpulse's own).
#include "shims/winmm/pulse_client.h"

#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace polyrun::shims::pulse {

namespace {

enum Command : uint32_t {
  kError = 0,
  kReply = 2,
  kCreatePlaybackStream = 3,
  kDeletePlaybackStream = 4,
  kCreateRecordStream = 5,
  kDeleteRecordStream = 6,
  kAuth = 8,
  kSetClientName = 9,
  kGetPlaybackLatency = 14,
  kGetSinkInfo = 21,
  kGetSourceInfo = 23,
  kSetSinkInputVolume = 37,
  kCorkPlaybackStream = 41,
  kFlushPlaybackStream = 42,
  kCorkRecordStream = 58,
  kFlushRecordStream = 59,
  kRequest = 61,
  kPlaybackStreamKilled = 64,
  kRecordStreamKilled = 65,
};

constexpr uint32_t kProtocolVersion = 13;
constexpr uint32_t kCommandChannel = 0xffffffff, kInvalidIndex = 0xffffffff;
constexpr size_t kDescriptorBytes = 20, kCookieBytes = 256;
constexpr uint32_t kMaxPacket = 16 * 1024 * 1024;  // the server's own limit on a frame
constexpr int kReplyTimeoutMs = 5000;
constexpr uint32_t kVolumeNorm = 0x10000;

void put_be32(std::vector<uint8_t>& b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
}

unsigned sample_bytes(SampleFormat f) {
  switch (f) {
    case kU8: return 1;
    case kS16LE: return 2;
    case kS24LE: return 3;
    default: return 4;
  }
}

}  // namespace

// Writing and reading tag structs.
struct Connection::Tags {
  std::vector<uint8_t> b;
  size_t at = 0;
  bool bad = false;

  Tags& u32(uint32_t v) {
    b.push_back('L');
    put_be32(b, v);
    return *this;
  }
  Tags& boolean(bool v) {
    b.push_back(v ? '1' : '0');
    return *this;
  }
  Tags& str(const char* s) {
    if (!s) {
      b.push_back('N');
      return *this;
    }
    b.push_back('t');
    b.insert(b.end(), s, s + std::strlen(s) + 1);
    return *this;
  }
  Tags& arbitrary(const void* p, uint32_t n) {
    b.push_back('x');
    put_be32(b, n);
    b.insert(b.end(), static_cast<const uint8_t*>(p), static_cast<const uint8_t*>(p) + n);
    return *this;
  }
  Tags& sample_spec(const StreamFormat& f) {
    b.push_back('a');
    b.push_back(f.format);
    b.push_back(static_cast<uint8_t>(f.positions.size()));
    put_be32(b, f.rate);
    return *this;
  }
  Tags& channel_map(const StreamFormat& f) {
    b.push_back('m');
    b.push_back(static_cast<uint8_t>(f.positions.size()));
    b.insert(b.end(), f.positions.begin(), f.positions.end());
    return *this;
  }
  Tags& cvolume(const std::vector<uint32_t>& v) {
    b.push_back('v');
    b.push_back(static_cast<uint8_t>(v.size()));
    for (uint32_t x : v) put_be32(b, x);
    return *this;
  }
  // A property list of string properties (each value with its NUL, as pa_proplist_sets stores it).
  Tags& proplist(const std::vector<std::pair<const char*, std::string>>& props) {
    b.push_back('P');
    for (auto& [k, v] : props) {
      str(k);
      u32(static_cast<uint32_t>(v.size() + 1));
      arbitrary(v.c_str(), static_cast<uint32_t>(v.size() + 1));
    }
    b.push_back('N');
    return *this;
  }

  bool take(size_t n) {
    if (bad || b.size() - at < n) return bad = true, false;
    return true;
  }
  uint32_t be32() {
    if (!take(4)) return 0;
    uint32_t v = static_cast<uint32_t>(b[at]) << 24 | static_cast<uint32_t>(b[at + 1]) << 16 |
                 static_cast<uint32_t>(b[at + 2]) << 8 | b[at + 3];
    at += 4;
    return v;
  }
  bool tag(uint8_t t) {
    if (!take(1) || b[at] != t) return bad = true, false;
    ++at;
    return true;
  }
  uint32_t get_u32() { return tag('L') ? be32() : 0; }
  uint64_t get_64(uint8_t t) {
    if (!tag(t)) return 0;
    uint64_t hi = be32();
    return hi << 32 | be32();
  }
  bool get_bool() {
    if (!take(1)) return false;
    const uint8_t t = b[at++];
    if (t == '1') return true;
    if (t != '0') bad = true;
    return false;
  }
  std::string get_str() {
    if (!take(1)) return "";
    const uint8_t t = b[at++];
    if (t == 'N') return "";
    if (t != 't') return bad = true, "";
    const void* end = std::memchr(b.data() + at, 0, b.size() - at);
    if (!end) return bad = true, "";
    std::string s(reinterpret_cast<const char*>(b.data() + at));
    at += s.size() + 1;
    return s;
  }
  // Steps over one value of any type.
  void skip() {
    if (!take(1)) return;
    const uint8_t t = b[at];
    switch (t) {
      case 't': case 'N': get_str(); return;
      case 'L': case 'V': ++at, take(4) && (at += 4); return;
      case 'B': ++at, take(1) && (at += 1); return;
      case 'R': case 'r': case 'U': case 'T': ++at, take(8) && (at += 8); return;
      case '1': case '0': ++at; return;
      case 'a': ++at, take(6) && (at += 6); return;
      case 'x': {
        ++at;
        const uint32_t n = be32();
        if (take(n)) at += n;
        return;
      }
      case 'm': case 'v': {
        ++at;
        if (!take(1)) return;
        const size_t n = b[at++] * (t == 'v' ? 4u : 1u);
        if (take(n)) at += n;
        return;
      }
      case 'P':
        ++at;
        while (!bad && take(1) && b[at] != 'N') {
          get_str();
          skip();  // the length
          skip();  // the value
        }
        if (!bad) ++at;
        return;
      case 'f':
        ++at;
        skip();
        skip();
        return;
      default: bad = true;
    }
  }
};

Connection::~Connection() { close(); }

void Connection::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  in_.clear();
}

uint32_t Connection::next_tag() { return tag_++; }

bool Connection::send_packet(uint32_t channel, const std::vector<uint8_t>& payload, bool with_credentials) {
  std::vector<uint8_t> d;
  d.reserve(kDescriptorBytes);
  put_be32(d, static_cast<uint32_t>(payload.size()));
  put_be32(d, channel);
  put_be32(d, 0);
  put_be32(d, 0);
  put_be32(d, 0);  // flags: PA_SEEK_RELATIVE, no shared memory
  iovec iov[2] = {{d.data(), d.size()}, {const_cast<uint8_t*>(payload.data()), payload.size()}};
  size_t left = d.size() + payload.size();
  msghdr m{};
  m.msg_iov = iov;
  m.msg_iovlen = 2;
  // The server authorizes a client of its own user by the credentials that come with the first
  // packet (SCM_CREDENTIALS), before it looks at the cookie.
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))];
  if (with_credentials) {
    std::memset(control, 0, sizeof control);
    m.msg_control = control;
    m.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof(ucred));
    ucred u{::getpid(), ::getuid(), ::getgid()};
    std::memcpy(CMSG_DATA(c), &u, sizeof u);
  }
  while (left > 0) {
    const ssize_t n = ::sendmsg(fd_, &m, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        pollfd pf{fd_, POLLOUT, 0};
        if (::poll(&pf, 1, kReplyTimeoutMs) <= 0) return false;
        continue;
      }
      return false;
    }
    left -= static_cast<size_t>(n);
    m.msg_control = nullptr;
    m.msg_controllen = 0;
    size_t done = static_cast<size_t>(n);
    while (done > 0 && m.msg_iovlen > 0) {
      if (done >= m.msg_iov->iov_len) {
        done -= m.msg_iov->iov_len;
        ++m.msg_iov;
        --m.msg_iovlen;
      } else {
        m.msg_iov->iov_base = static_cast<uint8_t*>(m.msg_iov->iov_base) + done;
        m.msg_iov->iov_len -= done;
        done = 0;
      }
    }
  }
  return true;
}

int Connection::read_packet(int timeout_ms) {
  for (;;) {
    if (in_.size() >= kDescriptorBytes) {
      auto be = [&](size_t i) {
        return static_cast<uint32_t>(in_[i]) << 24 | static_cast<uint32_t>(in_[i + 1]) << 16 |
               static_cast<uint32_t>(in_[i + 2]) << 8 | in_[i + 3];
      };
      const uint32_t length = be(0), channel = be(4), flags = be(16);
      if (length > kMaxPacket || (flags & 0xff000000u)) return -1;  // (shared memory was not offered)
      if (in_.size() >= kDescriptorBytes + length) {
        std::vector<uint8_t> payload(in_.begin() + kDescriptorBytes, in_.begin() + kDescriptorBytes + length);
        in_.erase(in_.begin(), in_.begin() + kDescriptorBytes + length);
        handle_packet(channel, payload);
        return 1;
      }
    }
    pollfd pf{fd_, POLLIN, 0};
    const int r = ::poll(&pf, 1, timeout_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return r < 0 ? -1 : 0;
    uint8_t buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) return -1;
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return -1;
    }
    in_.insert(in_.end(), buf, buf + n);
    timeout_ms = 0;  // more of the packet is already under way
  }
}

void Connection::handle_packet(uint32_t channel, std::vector<uint8_t>& payload) {
  if (channel != kCommandChannel) {
    if (!playback_ && channel == channel_) recorded_.insert(recorded_.end(), payload.begin(), payload.end());
    return;
  }
  Tags t;
  t.b = std::move(payload);
  const uint32_t command = t.get_u32(), tag = t.get_u32();
  if (t.bad) return;
  if ((command == kReply || command == kError) && tag == awaited_) {
    answered_ = true;
    answer_ok_ = command == kReply;
    answer_.assign(t.b.begin() + static_cast<ptrdiff_t>(t.at), t.b.end());
    return;
  }
  if (command == kRequest) {
    const uint32_t ch = t.get_u32(), bytes = t.get_u32();
    if (!t.bad && ch == channel_) requested_ += bytes;
  } else if (command == kPlaybackStreamKilled || command == kRecordStreamKilled) {
    if (t.get_u32() == channel_) killed_ = true;
  }
}

bool Connection::request(std::vector<uint8_t> command, std::vector<uint8_t>* reply, bool with_credentials) {
  if (fd_ < 0) return false;
  // The command's tag is its second value (after the command number: 'L' and 4 bytes).
  awaited_ = static_cast<uint32_t>(command[6]) << 24 | static_cast<uint32_t>(command[7]) << 16 |
             static_cast<uint32_t>(command[8]) << 8 | command[9];
  answered_ = false;
  if (!send_packet(kCommandChannel, command, with_credentials)) return close(), false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kReplyTimeoutMs);
  while (!answered_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return close(), false;
    if (read_packet(static_cast<int>(left)) < 0) return close(), false;
  }
  awaited_ = 0xffffffff;
  if (reply) *reply = std::move(answer_);
  return answer_ok_;
}

bool Connection::pump() {
  if (fd_ < 0) return false;
  for (;;) {
    const int r = read_packet(0);
    if (r < 0) return close(), false;
    if (r == 0) return true;
  }
}

namespace {

// The sockets a client tries, as libpulse orders them: $PULSE_SERVER's (a list; unix sockets only,
// and only those when it is set), else the user's server under $XDG_RUNTIME_DIR, else the system's.
std::vector<std::string> server_sockets() {
  std::vector<std::string> out;
  if (const char* s = std::getenv("PULSE_SERVER"); s && *s) {
    std::istringstream in(s);
    std::string one;
    while (in >> one) {
      if (one[0] == '{') {
        const size_t close = one.find('}');
        if (close == std::string::npos) continue;
        one = one.substr(close + 1);
      }
      if (one.rfind("unix:", 0) == 0) one = one.substr(5);
      if (!one.empty() && one[0] == '/') out.push_back(one);
    }
    return out;
  }
  if (const char* x = std::getenv("XDG_RUNTIME_DIR"); x && *x) out.push_back(std::string(x) + "/pulse/native");
  else out.push_back("/run/user/" + std::to_string(::getuid()) + "/pulse/native");
  out.push_back("/var/run/pulse/native");
  return out;
}

// The authentication cookie: $PULSE_COOKIE, else the user's (zeros where there is none: a server of
// the same user accepts the credentials instead).
std::vector<uint8_t> cookie() {
  std::vector<std::string> paths;
  if (const char* c = std::getenv("PULSE_COOKIE"); c && *c) paths.push_back(c);
  const char* home = std::getenv("HOME");
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) paths.push_back(std::string(x) + "/pulse/cookie");
  else if (home) paths.push_back(std::string(home) + "/.config/pulse/cookie");
  if (home) paths.push_back(std::string(home) + "/.pulse-cookie");
  std::vector<uint8_t> c(kCookieBytes, 0);
  for (const std::string& p : paths) {
    std::ifstream f(p, std::ios::binary);
    if (f && f.read(reinterpret_cast<char*>(c.data()), kCookieBytes)) break;
    std::fill(c.begin(), c.end(), 0);
  }
  return c;
}

}  // namespace

bool Connection::open(const std::string& client_name) {
  close();
  for (const std::string& path : server_sockets()) {
    sockaddr_un a{};
    if (path.size() >= sizeof a.sun_path) continue;
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      fd_ = fd;
      break;
    }
    ::close(fd);
  }
  if (fd_ < 0) return false;
  tag_ = 0;
  Tags auth;
  const std::vector<uint8_t> c = cookie();
  auth.u32(kAuth).u32(next_tag()).u32(kProtocolVersion).arbitrary(c.data(), kCookieBytes);
  if (!request(std::move(auth.b), nullptr, true)) return close(), false;
  Tags name;
  name.u32(kSetClientName).u32(next_tag()).proplist({{"application.name", client_name}});
  if (!request(std::move(name.b), nullptr)) return close(), false;
  return true;
}

bool Connection::default_device_description(bool sink, std::string* description) {
  Tags t;
  t.u32(sink ? kGetSinkInfo : kGetSourceInfo).u32(next_tag()).u32(kInvalidIndex).str(sink ? "@DEFAULT_SINK@" : "@DEFAULT_SOURCE@");
  Tags r;
  if (!request(std::move(t.b), &r.b)) return false;
  r.get_u32();                  // index
  std::string name = r.get_str();
  std::string desc = r.get_str();
  if (r.bad) return false;
  *description = desc.empty() ? name : desc;
  return true;
}

bool Connection::create_playback(const StreamFormat& f, const std::string& name, uint32_t target_length,
                                 uint32_t prebuffer, uint32_t min_request, bool corked) {
  channels_ = static_cast<unsigned>(f.positions.size());
  frame_bytes_ = sample_bytes(f.format) * channels_;
  Tags t;
  t.u32(kCreatePlaybackStream).u32(next_tag()).sample_spec(f).channel_map(f).u32(kInvalidIndex).str(nullptr);
  t.u32(0xffffffff)  // maxlength: the server's
      .boolean(corked)
      .u32(target_length)
      .u32(prebuffer)
      .u32(min_request)
      .u32(0)  // sync id
      .cvolume(std::vector<uint32_t>(channels_, kVolumeNorm));
  for (int i = 0; i < 7; ++i) t.boolean(false);  // no_remap … variable_rate (v12)
  t.boolean(false).boolean(true);                 // not muted; the sink's latency follows ours (v13)
  t.proplist({{"media.name", name}});
  Tags r;
  if (!request(std::move(t.b), &r.b)) return false;
  channel_ = r.get_u32();
  stream_index_ = r.get_u32();
  requested_ = r.get_u32();
  if (r.bad) return false;
  playback_ = true;
  killed_ = false;
  return true;
}

bool Connection::create_record(const StreamFormat& f, const std::string& name, uint32_t fragment, bool corked) {
  channels_ = static_cast<unsigned>(f.positions.size());
  frame_bytes_ = sample_bytes(f.format) * channels_;
  Tags t;
  t.u32(kCreateRecordStream).u32(next_tag()).sample_spec(f).channel_map(f).u32(kInvalidIndex).str(nullptr);
  t.u32(0xffffffff).boolean(corked).u32(fragment);
  for (int i = 0; i < 7; ++i) t.boolean(false);  // (v12)
  t.boolean(false).boolean(true);                 // no peak detection; the source's latency follows ours (v13)
  t.proplist({{"media.name", name}}).u32(kInvalidIndex);
  Tags r;
  if (!request(std::move(t.b), &r.b)) return false;
  channel_ = r.get_u32();
  stream_index_ = r.get_u32();
  if (r.bad) return false;
  playback_ = false;
  killed_ = false;
  recorded_.clear();
  return true;
}

bool Connection::write(const void* data, size_t n) {
  if (fd_ < 0 || !playback_) return false;
  const auto* p = static_cast<const uint8_t*>(data);
  while (n > 0) {
    const size_t chunk = std::min<size_t>(n, 65536);
    if (!send_packet(channel_, std::vector<uint8_t>(p, p + chunk))) return close(), false;
    requested_ = requested_ > chunk ? requested_ - chunk : 0;
    p += chunk;
    n -= chunk;
  }
  return true;
}

bool Connection::playback_timing(PlaybackTiming* out) {
  timeval now{};
  Tags t;
  t.u32(kGetPlaybackLatency).u32(next_tag()).u32(channel_);
  t.b.push_back('T');
  put_be32(t.b, static_cast<uint32_t>(now.tv_sec));
  put_be32(t.b, static_cast<uint32_t>(now.tv_usec));
  Tags r;
  if (!request(std::move(t.b), &r.b)) return false;
  out->latency_usec = r.get_64('U');
  r.skip();  // (0)
  out->playing = r.get_bool();
  r.skip();  // the time sent
  r.skip();  // the server's time
  out->write_index = static_cast<int64_t>(r.get_64('r'));
  out->read_index = static_cast<int64_t>(r.get_64('r'));
  out->underrun_for = r.get_64('R');
  r.skip();  // playing_for
  return !r.bad;
}

bool Connection::cork(bool corked) {
  Tags t;
  t.u32(playback_ ? kCorkPlaybackStream : kCorkRecordStream).u32(next_tag()).u32(channel_).boolean(corked);
  return request(std::move(t.b), nullptr);
}

bool Connection::flush() {
  Tags t;
  t.u32(playback_ ? kFlushPlaybackStream : kFlushRecordStream).u32(next_tag()).u32(channel_);
  if (!playback_) recorded_.clear();
  return request(std::move(t.b), nullptr);
}

bool Connection::set_volume(const std::vector<uint32_t>& volumes) {
  Tags t;
  t.u32(kSetSinkInputVolume).u32(next_tag()).u32(stream_index_).cvolume(volumes);
  return request(std::move(t.b), nullptr);
}

}  // namespace polyrun::shims::pulse
