// A GDB remote stub, as `qemu-<isa> -g PORT` serves one: listens on a localhost TCP port, waits
// for gdb before the guest's first instruction, then serves the remote serial protocol on a thread
// of its own for the Target (all-stop: one stop stops every thread).
#pragma once

#include <deque>
#include <memory>
#include <string>

#include "gdbstub/gdb_packet.h"
#include "gdbstub/gdb_target.h"

namespace polyrun::gdb {

class Server {
 public:
  // Listens on 127.0.0.1:port; port 0 takes a free one, which a line on stderr tells. Throws
  // UserError when the port cannot be had.
  explicit Server(int port);
  ~Server();
  int port() const { return port_; }
  // Waits until gdb connects.
  void accept_connection();
  // Serves gdb for `target` on a thread of its own, until the process ends or gdb detaches or
  // leaves. The target's first stop (before the guest's first instruction) is the one `?` tells.
  void start(Target& target);
  // The target handle() serves, without a thread or a connection (start sets it too).
  void set_target(Target& target) { target_ = &target; }
  // In a child made by fork: its copy of the connection goes (the server thread is the parent's).
  void close_in_child();

  // The reply to one packet while the target is stopped, "" for none (the target was resumed).
  // (Public for the unit tests.)
  std::string handle(const std::string& packet, bool& resumed);

 private:
  void serve();
  // One packet while stopped; false when the connection is to end (detached).
  bool process(const std::string& packet, bool& running);
  void send(const std::string& data);
  std::string stop_reply(const StopEvent& ev) const;
  std::string thread_id(int tid) const;
  // A thread id of a packet: a thread, -1 (all) or 0 (any); false when malformed.
  bool parse_thread(const std::string& s, int& tid) const;
  int pick_thread(int tid);  // 0 or -1: the thread of the last stop, or the first
  std::string read_registers(int tid);
  std::string qxfer(const std::string& object, const std::string& annex, const std::string& range);
  std::string resume_vcont(const std::string& args, bool& resumed);

  int listen_fd_ = -1, fd_ = -1, port_ = 0;
  Target* target_ = nullptr;
  PacketReader reader_;
  // Packets that came while the target ran (gdb's first ones), for its next stop. (A member, not
  // the server thread's: a forked child, where that thread is gone, still reaches the memory.)
  std::deque<std::string> queued_;
  bool ack_ = true;
  bool multiprocess_ = false;
  std::string last_sent_;
  StopEvent last_stop_;
  int g_thread_ = 0, c_thread_ = 0;
  std::set<uint64_t> breakpoints_;
};

// gdb's signal number for a Linux signal (as every ISA polyrun runs numbers them), and back; 0
// for none.
int gdb_signal_from_linux(int sig);
int linux_signal_from_gdb(int sig);

}  // namespace polyrun::gdb
