#include "gdbstub/gdb_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <thread>

#include "common/error.h"
#include "common/log.h"
#include "cpu-emu/cpu.h"

namespace polyrun::gdb {

namespace {

constexpr size_t kPacketSize = 0x4000;

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::string error(int code) {
  char b[8];
  std::snprintf(b, sizeof b, "E%02x", code & 0xff);
  return b;
}

std::string two_hex(int v) {
  char b[4];
  std::snprintf(b, sizeof b, "%02x", v & 0xff);
  return b;
}

// "addr,len" into numbers.
bool parse_range(const std::string& s, uint64_t& addr, uint64_t& len) {
  size_t comma = s.find(',');
  return comma != std::string::npos && parse_hex(s.substr(0, comma), addr) && parse_hex(s.substr(comma + 1), len);
}

}  // namespace

Server::Server(int port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw UserError(std::string("cannot make a socket for gdb: ") + std::strerror(errno), 2);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 || ::listen(listen_fd_, 1) < 0) {
    int e = errno;
    ::close(listen_fd_);
    throw UserError("cannot listen for gdb on port " + std::to_string(port) + ": " + std::strerror(e), 2);
  }
  socklen_t len = sizeof a;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  if (port == 0) {
    std::fprintf(stderr, "polyrun: waiting for gdb on port %d\n", port_);
    std::fflush(stderr);
  }
}

Server::~Server() {
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void Server::accept_connection() {
  for (;;) {
    fd_ = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd_ >= 0) break;
    if (errno != EINTR) throw UserError(std::string("cannot accept gdb's connection: ") + std::strerror(errno), 2);
  }
  ::close(listen_fd_);
  listen_fd_ = -1;
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

void Server::start(Target& target) {
  target_ = &target;
  // The server's thread takes no signal: those meant for the program go to its threads.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  // (Never joined: it ends with the process, or after the last reply.)
  std::thread([this] { serve(); }).detach();
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

void Server::close_in_child() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Server::send(const std::string& data) {
  last_sent_ = frame(data);
  const char* p = last_sent_.data();
  size_t left = last_sent_.size();
  while (left) {
    ssize_t n = ::send(fd_, p, left, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // gdb went away: the next read sees it
    p += n;
    left -= static_cast<size_t>(n);
  }
}

std::string Server::thread_id(int tid) const {
  if (!multiprocess_) return hex_number(static_cast<uint64_t>(tid));
  return "p" + hex_number(static_cast<uint64_t>(target_->pid())) + "." + hex_number(static_cast<uint64_t>(tid));
}

bool Server::parse_thread(const std::string& s, int& tid) const {
  std::string t = s;
  if (starts_with(t, "p")) {
    size_t dot = t.find('.');
    if (dot == std::string::npos) {
      tid = -1;  // every thread of the process
      return true;
    }
    t = t.substr(dot + 1);
  }
  if (t == "-1") {
    tid = -1;
    return true;
  }
  uint64_t v = 0;
  if (!parse_hex(t, v)) return false;
  tid = static_cast<int>(v);
  return true;
}

int Server::pick_thread(int tid) {
  if (tid > 0) return tid;
  if (last_stop_.kind == StopEvent::Signal && target_->cpu_of(last_stop_.tid)) return last_stop_.tid;
  std::vector<int> all = target_->threads();
  return all.empty() ? 0 : all.front();
}

std::string Server::stop_reply(const StopEvent& ev) const {
  const std::string process = multiprocess_ ? ";process:" + hex_number(static_cast<uint64_t>(target_->pid())) : "";
  switch (ev.kind) {
    case StopEvent::Exited: return "W" + two_hex(ev.status) + process;
    case StopEvent::Killed: return "X" + two_hex(ev.sig) + process;
    case StopEvent::Signal: break;
  }
  std::string r = "T" + two_hex(ev.sig) + "thread:" + thread_id(ev.tid) + ";";
  if (ev.breakpoint) r += "swbreak:;";
  return r;
}

std::string Server::read_registers(int tid) {
  cpu::Cpu* cpu = target_->cpu_of(tid);
  if (!cpu) return error(1);
  const ArchDesc& a = target_->arch();
  std::string out;
  for (size_t i = 0; i < a.regs.size(); ++i) out += to_hex(read_register(*cpu, a, i));
  return out;
}

std::string Server::qxfer(const std::string& object, const std::string& annex, const std::string& range) {
  uint64_t off = 0, len = 0;
  if (!parse_range(range, off, len)) return error(0);
  std::string data;
  if (object == "features") {
    if (annex != "target.xml") return error(0);
    data = target_->arch().xml;
    // The OS is the target's, not the ISA's.
    if (size_t at = data.find("</architecture>"); at != std::string::npos && target_->osabi())
      data.insert(at + 15, std::string("\n<osabi>") + target_->osabi() + "</osabi>");
  } else if (object == "auxv") {
    data = target_->auxv();
  } else if (object == "exec-file") {
    data = target_->exec_file();
  } else {
    return "";
  }
  if (off >= data.size()) return "l";
  std::string part = data.substr(off, std::min<uint64_t>(len, kPacketSize / 2));
  return (off + part.size() >= data.size() ? "l" : "m") + escape_binary(part);
}

std::string Server::resume_vcont(const std::string& args, bool& resumed) {
  std::map<int, ResumeAction> actions;
  ResumeAction others;
  bool others_set = false;
  size_t pos = 0;
  while (pos < args.size()) {
    if (args[pos] != ';') return error(0);
    size_t end = args.find(';', pos + 1);
    std::string item = args.substr(pos + 1, end == std::string::npos ? std::string::npos : end - pos - 1);
    pos = end == std::string::npos ? args.size() : end;
    std::string act = item, thread;
    if (size_t colon = item.find(':'); colon != std::string::npos) {
      act = item.substr(0, colon);
      thread = item.substr(colon + 1);
    }
    ResumeAction a;
    uint64_t sig = 0;
    switch (act.empty() ? 0 : act[0]) {
      case 'c': a.kind = ResumeAction::Continue; break;
      case 's': a.kind = ResumeAction::Step; break;
      case 'C': a.kind = ResumeAction::Continue; break;
      case 'S': a.kind = ResumeAction::Step; break;
      case 't': a.kind = ResumeAction::Stay; break;
      default: return error(0);
    }
    if (act[0] == 'C' || act[0] == 'S') {
      if (!parse_hex(act.substr(1), sig)) return error(0);
      a.sig = static_cast<int>(sig);
    }
    int tid = -1;
    if (!thread.empty() && !parse_thread(thread, tid)) return error(0);
    if (tid > 0) {
      actions.emplace(tid, a);  // the leftmost action for a thread wins
    } else if (!others_set) {
      others = a;
      others_set = true;
    }
  }
  target_->resume(actions, others);
  resumed = true;
  return "";
}

std::string Server::handle(const std::string& pkt, bool& resumed) {
  resumed = false;
  if (pkt.empty()) return "";
  const char cmd = pkt[0];
  const std::string rest = pkt.substr(1);
  switch (cmd) {
    case '?': return stop_reply(last_stop_);
    case 'g': return read_registers(pick_thread(g_thread_));
    case 'G': {
      cpu::Cpu* cpu = target_->cpu_of(pick_thread(g_thread_));
      std::vector<uint8_t> bytes;
      if (!cpu || !from_hex(rest, bytes)) return error(1);
      const ArchDesc& a = target_->arch();
      size_t off = 0;
      for (size_t i = 0; i < a.regs.size() && off + a.regs[i].bits / 8 <= bytes.size(); ++i) {
        write_register(*cpu, a, i, bytes.data() + off);
        off += a.regs[i].bits / 8;
      }
      return "OK";
    }
    case 'p': {
      uint64_t n = 0;
      cpu::Cpu* cpu = target_->cpu_of(pick_thread(g_thread_));
      if (!cpu || !parse_hex(rest, n)) return error(1);
      if (n >= target_->arch().regs.size() || !target_->arch().regs[n].bits) return error(0x16);
      return to_hex(read_register(*cpu, target_->arch(), n));
    }
    case 'P': {
      size_t eq = rest.find('=');
      uint64_t n = 0;
      std::vector<uint8_t> bytes;
      cpu::Cpu* cpu = target_->cpu_of(pick_thread(g_thread_));
      if (!cpu || eq == std::string::npos || !parse_hex(rest.substr(0, eq), n) || !from_hex(rest.substr(eq + 1), bytes))
        return error(1);
      const ArchDesc& a = target_->arch();
      if (n >= a.regs.size() || !a.regs[n].bits || bytes.size() < a.regs[n].bits / 8) return error(0x16);
      write_register(*cpu, a, n, bytes.data());
      return "OK";
    }
    case 'm': {
      uint64_t addr = 0, len = 0;
      if (!parse_range(rest, addr, len)) return error(0);
      len = std::min<uint64_t>(len, kPacketSize / 2);
      std::string buf(len, '\0');
      size_t n = target_->read_memory(addr, buf.data(), len);
      if (n == 0 && len) return error(14);  // EFAULT
      return to_hex(buf.data(), n);
    }
    case 'M':
    case 'X': {
      size_t colon = rest.find(':');
      uint64_t addr = 0, len = 0;
      if (colon == std::string::npos || !parse_range(rest.substr(0, colon), addr, len)) return error(0);
      std::string data;
      if (cmd == 'M') {
        std::vector<uint8_t> bytes;
        if (!from_hex(rest.substr(colon + 1), bytes)) return error(0);
        data.assign(bytes.begin(), bytes.end());
      } else {
        data = unescape_binary(rest.substr(colon + 1));
      }
      if (data.size() != len) return error(0);
      if (len && target_->write_memory(addr, data.data(), len) != len) return error(14);
      return "OK";
    }
    case 'Z':
    case 'z': {
      // Z0 (software) and Z1 (hardware) breakpoints alike: the engine stops at the address
      // without a byte of guest code changed. Watchpoints are left to gdb (single steps).
      if (rest.size() < 2 || (rest[0] != '0' && rest[0] != '1') || rest[1] != ',') return "";
      uint64_t addr = 0, kind = 0;
      std::string args = rest.substr(2);
      if (size_t semi = args.find(';'); semi != std::string::npos) args.resize(semi);  // conditions: gdb's
      if (!parse_range(args, addr, kind)) return error(0);
      if (cmd == 'Z') breakpoints_.insert(addr);
      else breakpoints_.erase(addr);
      target_->set_breakpoints(breakpoints_);
      return "OK";
    }
    case 'H': {
      int tid = 0;
      if (rest.size() < 2 || !parse_thread(rest.substr(1), tid)) return error(0);
      if (tid > 0 && !target_->cpu_of(tid)) return error(1);
      (rest[0] == 'g' ? g_thread_ : c_thread_) = tid;
      return "OK";
    }
    case 'T': {
      int tid = 0;
      return parse_thread(rest, tid) && target_->cpu_of(tid) ? "OK" : error(1);
    }
    case 'c':
    case 's': {
      std::map<int, ResumeAction> actions;
      ResumeAction others{ResumeAction::Continue, 0};
      if (cmd == 's') actions[pick_thread(c_thread_)] = ResumeAction{ResumeAction::Step, 0};
      target_->resume(actions, others);
      resumed = true;
      return "";
    }
    case 'C':
    case 'S': {
      uint64_t sig = 0;
      if (!parse_hex(rest.substr(0, rest.find(';')), sig)) return error(0);
      std::map<int, ResumeAction> actions;
      actions[pick_thread(c_thread_)] =
          ResumeAction{cmd == 'S' ? ResumeAction::Step : ResumeAction::Continue, static_cast<int>(sig)};
      target_->resume(actions, ResumeAction{ResumeAction::Continue, 0});
      resumed = true;
      return "";
    }
    case 'D':
      send("OK");
      target_->detach();
      return "";
    case 'k': target_->kill();
    case 'q':
    case 'Q': break;
    case 'v': break;
    default: return "";
  }

  // q, Q and v packets.
  if (starts_with(pkt, "qSupported")) {
    multiprocess_ = pkt.find("multiprocess+") != std::string::npos;
    return "PacketSize=" + hex_number(kPacketSize) +
           ";QStartNoAckMode+;qXfer:features:read+;qXfer:auxv:read+;qXfer:exec-file:read+;swbreak+;hwbreak+;"
           "vContSupported+" + (multiprocess_ ? ";multiprocess+" : "");
  }
  if (pkt == "QStartNoAckMode") {
    send("OK");
    ack_ = false;
    return "";
  }
  if (starts_with(pkt, "qAttached")) return "0";  // the stub started the process: gdb kills it on quitting
  if (pkt == "qC") return "QC" + thread_id(pick_thread(0));
  if (pkt == "qfThreadInfo") {
    std::string r = "m";
    for (int tid : target_->threads()) r += (r.size() > 1 ? "," : "") + thread_id(tid);
    return r.size() > 1 ? r : "l";
  }
  if (pkt == "qsThreadInfo") return "l";
  if (pkt == "qSymbol::") return "OK";
  if (pkt == "qOffsets") {
    uint64_t delta = 0;
    if (!target_->load_offset(delta)) return "";
    const std::string d = hex_number(delta);
    return "Text=" + d + ";Data=" + d + ";Bss=" + d;
  }
  if (starts_with(pkt, "qXfer:")) {
    // qXfer:object:read:annex:offset,length
    std::vector<std::string> f;
    size_t start = 0;
    for (int i = 0; i < 4; ++i) {
      size_t colon = pkt.find(':', start);
      if (colon == std::string::npos) return error(0);
      f.push_back(pkt.substr(start, colon - start));
      start = colon + 1;
    }
    if (f[2] != "read") return "";
    return qxfer(f[1], f[3], pkt.substr(start));
  }
  if (pkt == "vCont?") return "vCont;c;C;s;S;t";
  if (starts_with(pkt, "vCont;")) return resume_vcont(pkt.substr(5), resumed);
  if (starts_with(pkt, "vKill")) {
    send("OK");
    target_->kill();
  }
  return "";
}

bool Server::process(const std::string& pkt, bool& running) {
  bool resumed = false;
  std::string reply = handle(pkt, resumed);
  if (resumed) {
    running = true;
    return true;
  }
  if (pkt[0] == 'D') return false;
  if (pkt != "QStartNoAckMode") send(reply);
  return true;
}

void Server::serve() {
  // The target runs to its first stop, before the guest's first instruction; packets that come
  // while it runs (gdb's first ones) wait for it.
  bool running = true, first = true;
  std::deque<std::string>& queued = queued_;
  char buf[4096];
  for (;;) {
    while (!running && !queued.empty()) {
      std::string pkt = std::move(queued.front());
      queued.pop_front();
      if (!process(pkt, running)) goto detached;
    }
    pollfd fds[2] = {{fd_, POLLIN, 0}, {target_->stop_fd(), POLLIN, 0}};
    if (::poll(fds, running ? 2 : 1, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (running && (fds[1].revents & POLLIN)) {
      StopEvent ev;
      if (target_->wait_stop(ev)) {
        running = false;
        last_stop_ = ev;
        g_thread_ = c_thread_ = 0;
        if (!first || ev.kind != StopEvent::Signal) send(stop_reply(ev));
        first = false;
        if (ev.kind != StopEvent::Signal) {
          target_->end_reported();
          break;  // the process ends
        }
      }
      continue;
    }
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // gdb went away without detaching or killing: the program runs on without it.
      log().info("gdb closed the connection: the program runs on");
      target_->detach();
      break;
    }
    reader_.feed(buf, static_cast<size_t>(n));
    while (auto e = reader_.next()) {
      switch (e->kind) {
        case PacketReader::Event::Interrupt:
          if (running && !first) target_->interrupt();
          break;
        case PacketReader::Event::Nak:
          if (!last_sent_.empty()) ::send(fd_, last_sent_.data(), last_sent_.size(), MSG_NOSIGNAL);
          break;
        case PacketReader::Event::BadChecksum:
          if (ack_) ::send(fd_, "-", 1, MSG_NOSIGNAL);
          break;
        case PacketReader::Event::Ack: break;
        case PacketReader::Event::Packet:
          if (ack_) ::send(fd_, "+", 1, MSG_NOSIGNAL);
          if (e->data.empty()) break;
          if (running || !queued.empty()) queued.push_back(e->data);
          else if (!process(e->data, running)) goto detached;
          break;
      }
    }
  }
detached:
  ::close(fd_);
  fd_ = -1;
}

}  // namespace polyrun::gdb
