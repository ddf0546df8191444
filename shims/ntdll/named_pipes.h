// Named pipes as NT files (ntdll/named_pipes.cpp): the pipe objects, their instances and ends, their
// reads and writes, and the pipe device of the native API, which NTDLL's file functions
// (NtCreateFile, NtCreateNamedPipeFile, NtQueryInformationFile, NtQueryObject) and KERNEL32's pipe
// functions (kernel32/pipes.cpp: CreatePipe, CreateNamedPipe, ConnectNamedPipe, PeekNamedPipe …)
// are made of. The functions of namespace named_pipes keep KERNEL32's conventions: the Windows
// error they return or set is Win32's.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims {

// NtCreateFile / NtOpenFile of the pipe device (\??\PIPE\ or \Device\NamedPipe\, with or
// without a pipe's name after it), of a name relative to a handle of the device, or of the empty
// name relative to a pipe's server end (its client end): the NTSTATUS, with the handle in `handle`;
// nullopt for a name that is not the pipe device's. `options` as NtCreateFile's (no
// FILE_SYNCHRONOUS_IO_*: an overlapped handle).
std::optional<uint32_t> nt_open_pipe(WindowsProcess& p, uint64_t root, const std::string& name, uint32_t access,
                                     uint32_t options, uint64_t& handle);

// The object name NtQueryObject tells of a pipe end or the pipe device: \Device\NamedPipe\NAME
// for a named pipe's end, empty for an unnamed one's; nullopt for a handle that is neither.
std::optional<std::string> pipe_object_name(WindowsProcess& p, uint64_t h);

// What the native API tells of a pipe end (NtQueryInformationFile's FilePipeInformation and
// FilePipeLocalInformation); false for a handle that is not a pipe.
struct PipeFacts {
  uint32_t type = 0;           // FILE_PIPE_BYTE_STREAM_TYPE 0, FILE_PIPE_MESSAGE_TYPE 1
  uint32_t configuration = 2;  // FILE_PIPE_INBOUND 0, OUTBOUND 1, FULL_DUPLEX 2 (the server's view)
  uint32_t max_instances = 1, instances = 1;
  uint32_t inbound_quota = 0, read_available = 0, outbound_quota = 0, write_quota_available = 0;
  uint32_t state = 3;          // FILE_PIPE_DISCONNECTED 1, LISTENING 2, CONNECTED 3, CLOSING 4
  uint32_t end = 0;            // FILE_PIPE_CLIENT_END 0, FILE_PIPE_SERVER_END 1
  bool read_message = false, nowait = false;
};
bool pipe_facts(WindowsProcess& p, uint64_t h, PipeFacts& out);

// CloseHandle of a handle, before its descriptor is closed: a named pipe's end stops being one
// (a server's instance goes away).
void close_pipe_end(WindowsProcess& p, uint64_t h);

namespace named_pipes {

// The Windows errors of pipes.
constexpr uint32_t kErrorBadNetpath = 53, kErrorSemTimeout = 121, kErrorBadPipe = 230, kErrorPipeBusy = 231,
                   kErrorNoData = 232, kErrorPipeNotConnected = 233, kErrorMoreData = 234,
                   kErrorPipeConnected = 535, kErrorPipeListening = 536;
// CreateNamedPipe's open mode and pipe mode.
constexpr uint32_t kAccessInbound = 1, kAccessOutbound = 2, kFirstPipeInstance = 0x80000;
constexpr uint32_t kNowait = 1, kReadModeMessage = 2, kTypeMessage = 4, kRejectRemoteClients = 8;

// The part of \\.\pipe\NAME (or \\?\pipe\NAME, the same device) after the prefix (either
// slash), or nullopt for another name.
std::optional<std::string> pipe_name(const std::string& full);
// A pipe's directory in the session's directory of named pipes.
std::string pipe_directory(const std::string& name);

// What an instance tells a client: 'I' (an answer to 'Q'), 'W' (connected), 'B' (busy), 'D'
// (the access asked for is not the pipe's).
struct Info {
  char tag;
  uint8_t listening, message, access;
  uint32_t max_instances, out_size, in_size, timeout, pid;
};
// ---- instances this process serves ----

struct Instance {
  enum class State { Listening, Connected, Disconnected, Closing };
  std::string path;  // its socket
  bool message = false;
  uint32_t access = 3, max_instances = 1, out_size = 0, in_size = 0, timeout = 0;
  int listen_fd = -1, stop_fd = -1;
  // Written (an eventfd) when a client connects or the server end closes: what an overlapped
  // ConnectNamedPipe's host thread waits on (kernel32/pipes.cpp).
  int event_fd = -1;
  int stable_fd = -1;  // the server handle's descriptor
  int socket_type = SOCK_STREAM;
  GuestCallMutex mu;       // the state, and what is moved onto stable_fd
  State state = State::Listening;
};

// ---- the ends of pipes this process holds ----

struct PipeEnd {
  std::shared_ptr<Instance> instance;  // a server end's
  bool named = true;                   // false: an anonymous pipe's (a host pipe)
  bool message = false;                // PIPE_TYPE_MESSAGE
  bool read_message = false;           // PIPE_READMODE_MESSAGE
  bool nowait = false;                 // PIPE_NOWAIT
  bool readable = true, writable = true;
  uint32_t out_size = 0, in_size = 0, max_instances = 1;  // what GetNamedPipeInfo tells
  std::string pending;  // the rest of a message read in part
  std::string dir;      // a named pipe's directory (pipe_directory), where made or opened here
  std::string name;     // a named pipe's name (after \\.\pipe\): a server end's opens its client end
  bool adopted = false; // taken from what its descriptor was (end_of): looked at again each time
};

// The ends by handle, of this process (under the execution lock).
std::map<uint64_t, std::shared_ptr<PipeEnd>>& ends();
// The pipe end a handle is: one made here, or (a socket or pipe inherited or duplicated, a standard
// handle) one taken as what its descriptor is now. Null for another handle; `fd_out` its descriptor.
std::shared_ptr<PipeEnd> end_of(WindowsProcess& p, uint64_t h, int* fd_out = nullptr);
// A fresh unconnected socket of the instance's kind on the server handle's descriptor.
void park_unconnected(Instance& in);
// A server end's connection: 0 when a client is connected, else the error I/O gets.
uint32_t server_error(const PipeEnd& e, bool peek);
// Whether the other end is gone: a socket's peer closed, or a host pipe's writers all did.
bool peer_closed(int fd);
// The bytes waiting to be read.
int available(int fd);
// ReadFile's and WriteFile's work on a pipe end: the Windows error (0: none), the bytes moved.
uint32_t read_pipe(WindowsProcess& p, PipeEnd& e, int fd, char* out, uint32_t len, uint32_t& got);
uint32_t write_pipe(WindowsProcess& p, PipeEnd& e, int fd, const char* data, uint32_t len, uint32_t& done);

// A pipe's instances (socket paths and kinds), in a stable order.
std::vector<std::pair<std::string, int>> instances_of(const std::string& dir);
// What a pipe's instances (in any process) that answer say: how many, the first one's Info,
// whether any listens. Asked with the execution lock released: the instances' host threads of
// this process answer too, and take the lock to wake waiters.
struct Instances {
  uint32_t count = 0;
  Info first{};
  bool listening = false;
};
Instances ask_instances(WindowsProcess& p, const std::string& dir);

// CreateNamedPipe's work: the server end's handle, or INVALID_HANDLE_VALUE with the last error set.
uint64_t create_named_pipe(WindowsProcess& p, const std::optional<std::string>& full, uint32_t open_mode,
                           uint32_t pipe_mode, uint32_t max_instances, uint32_t out_size, uint32_t in_size,
                           uint32_t timeout, uint64_t sa);
// Opens a client end of the pipe (its name after \\.\pipe\): the handle, or INVALID_HANDLE_VALUE
// with the last error set (ERROR_FILE_NOT_FOUND: no instance; ERROR_PIPE_BUSY: none listening).
uint64_t open_client(WindowsProcess& p, const std::string& name, uint32_t access);

}  // namespace named_pipes

}  // namespace polyrun::shims
