// KERNEL32.dll: pseudo consoles (CreatePseudoConsole, ResizePseudoConsole, ClosePseudoConsole), what
// terminal programs (Windows Terminal, node-pty, VS Code) host command-line programs in. A pseudo
// console is a host pseudo-terminal: what the program writes to the input pipe it gave reaches the
// terminal's input, and what the hosted programs write comes out of the output pipe, as a terminal
// shows it (the line discipline's newline translation; Windows' ConPTY writes the VT sequences a
// console's text makes). A process created with PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE
// (kernel32/process.cpp) starts in a session of its own whose controlling terminal, standard input,
// output and error are the terminal, so its console is that terminal (kernel32/console.cpp).
// Two threads carry the bytes: the input pipe to the terminal, the terminal to the output pipe.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/kernel32/pseudo_console.h"

namespace polyrun::shims {

namespace {

constexpr int32_t kSOk = 0, kEInvalidArg = static_cast<int32_t>(0x80070057), kEFail = static_cast<int32_t>(0x80004005);

struct PseudoConsole {
  int master = -1, slave = -1;
  int input = -1, output = -1;  // this process's copies of the pipes' ends
  int wake[2] = {-1, -1};       // written to end the input thread
  std::thread to_terminal, from_terminal;
};

std::mutex consoles_mutex;
std::map<uint64_t, std::shared_ptr<PseudoConsole>> consoles;  // HPCON → console
uint64_t next_console = 0x5c0000;

bool write_all(int fd, const char* data, size_t n) {
  while (n) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// The input pipe to the terminal, until the pipe ends or the console closes.
void carry_input(PseudoConsole* c) {
  char buf[4096];
  for (;;) {
    struct pollfd fds[2] = {{c->input, POLLIN, 0}, {c->wake[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    const ssize_t n = ::read(c->input, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || !write_all(c->master, buf, static_cast<size_t>(n))) return;
  }
}
// The terminal's output to the output pipe, until the terminal has no program left (EIO) or the
// console closes (then what is already there still goes out).
void carry_output(PseudoConsole* c) {
  char buf[4096];
  bool closing = false;
  for (;;) {
    struct pollfd fds[2] = {{c->master, POLLIN, 0}, {c->wake[0], POLLIN, 0}};
    if (::poll(fds, closing ? 1 : 2, closing ? 100 : -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (!closing && fds[1].revents) closing = true;
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      if (closing) return;  // nothing more within the drain time
      continue;
    }
    const ssize_t n = ::read(c->master, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || !write_all(c->output, buf, static_cast<size_t>(n))) return;
  }
}

// COORD as passed by value: X in the low 16 bits, Y in the high 16.
bool size_of(uint32_t coord, struct winsize& ws) {
  const auto x = static_cast<int16_t>(coord & 0xffff), y = static_cast<int16_t>(coord >> 16);
  if (x <= 0 || y <= 0) return false;
  ws = {};
  ws.ws_col = static_cast<unsigned short>(x);
  ws.ws_row = static_cast<unsigned short>(y);
  return true;
}

// CreatePseudoConsole(size, input, output, flags, &hpcon): S_OK and the console's handle;
// E_INVALIDARG for an empty size, no result pointer, or handles that are no files or pipes.
int32_t CreatePseudoConsole(WindowsProcess& p, uint32_t size, Ptr input, Ptr output, uint32_t, Ptr out) {
  struct winsize ws;
  if (!out || !size_of(size, ws)) return kEInvalidArg;
  p.put_ptr(out.addr, 0);
  const int in_fd = p.fd_for_handle(input.addr), out_fd = p.fd_for_handle(output.addr);
  if (in_fd < 0 || out_fd < 0) return kEInvalidArg;
  auto c = std::make_shared<PseudoConsole>();
  if (::openpty(&c->master, &c->slave, nullptr, nullptr, &ws) != 0) return kEFail;
  ::fcntl(c->master, F_SETFD, FD_CLOEXEC);
  ::fcntl(c->slave, F_SETFD, FD_CLOEXEC);
  c->input = ::fcntl(in_fd, F_DUPFD_CLOEXEC, 3);
  c->output = ::fcntl(out_fd, F_DUPFD_CLOEXEC, 3);
  if (c->input < 0 || c->output < 0 || ::pipe2(c->wake, O_CLOEXEC) != 0) {
    for (int fd : {c->master, c->slave, c->input, c->output})
      if (fd >= 0) ::close(fd);
    return kEFail;
  }
  c->to_terminal = std::thread(carry_input, c.get());
  c->from_terminal = std::thread(carry_output, c.get());
  std::lock_guard<std::mutex> lock(consoles_mutex);
  const uint64_t h = next_console += 4;
  consoles[h] = c;
  p.put_ptr(out.addr, h);
  return kSOk;
}

// ResizePseudoConsole(hpcon, size): the terminal's size (its programs get SIGWINCH).
int32_t ResizePseudoConsole(WindowsProcess&, Ptr hpc, uint32_t size) {
  struct winsize ws;
  if (!size_of(size, ws)) return kEInvalidArg;
  std::shared_ptr<PseudoConsole> c;
  {
    std::lock_guard<std::mutex> lock(consoles_mutex);
    auto it = consoles.find(hpc.addr);
    if (it == consoles.end()) return kEInvalidArg;
    c = it->second;
  }
  return ::ioctl(c->master, TIOCSWINSZ, &ws) == 0 ? kSOk : kEFail;
}

// ClosePseudoConsole(hpcon): what the programs wrote goes out to the output pipe, then the terminal
// closes (its programs get SIGHUP and end, as Windows ends a closed pseudo console's clients); the
// pipes' ends it kept are closed.
void ClosePseudoConsole(WindowsProcess&, Ptr hpc) {
  std::shared_ptr<PseudoConsole> c;
  {
    std::lock_guard<std::mutex> lock(consoles_mutex);
    auto it = consoles.find(hpc.addr);
    if (it == consoles.end()) return;
    c = it->second;
    consoles.erase(it);
  }
  ::close(c->slave);
  (void)!::write(c->wake[1], "x", 1);  // (both threads poll it: it stays readable)
  if (c->to_terminal.joinable()) c->to_terminal.join();
  if (c->from_terminal.joinable()) c->from_terminal.join();
  for (int fd : {c->master, c->input, c->output, c->wake[0], c->wake[1]}) ::close(fd);
}

}  // namespace

int pseudo_console_terminal(uint64_t hpc) {
  std::lock_guard<std::mutex> lock(consoles_mutex);
  auto it = consoles.find(hpc);
  return it == consoles.end() ? -1 : it->second->slave;
}

const std::vector<Export>& kernel32_pseudo_console_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreatePseudoConsole", CreatePseudoConsole),
      EXPORT("ResizePseudoConsole", ResizePseudoConsole),
      EXPORT("ClosePseudoConsole", ClosePseudoConsole),
  };
  return exports;
}

}  // namespace polyrun::shims
