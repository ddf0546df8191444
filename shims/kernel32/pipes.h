// Pipes (kernel32/pipes.cpp) where other parts of KERNEL32 meet them: ReadFile and WriteFile of a
// pipe, CreateFile of \\.\pipe\NAME, CloseHandle of a pipe end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace polyrun::shims {

struct WindowsProcess;

// ReadFile / WriteFile of a pipe (anonymous or named; not overlapped): the result, last error and
// byte count as Windows gives them; nullopt for a handle that is not a pipe.
std::optional<int32_t> pipe_read(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done);
std::optional<int32_t> pipe_write(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done);

// The descriptor of a pipe end that reads as a plain stream of bytes (an anonymous pipe, a connected
// byte read mode named pipe end with no message read in part), for a pending overlapped read; -1
// for another pipe end, -2 for a handle that is no pipe.
int pipe_stream_fd(WindowsProcess& p, uint64_t h);

// Whether a CreateFile name is a pipe's (\\.\pipe\NAME), and opening its client end: a handle, or
// 0 with the last error set.
bool is_pipe_name(const std::string& name);
uint64_t open_pipe_client(WindowsProcess& p, const std::string& name, uint32_t access);

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

}  // namespace polyrun::shims
