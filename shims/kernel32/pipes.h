// Pipes (kernel32/pipes.cpp) where other parts of KERNEL32 meet them: ReadFile and WriteFile of a
// pipe, CreateFile of \\.\pipe\NAME. (CloseHandle of a pipe end: ntdll/named_pipes.h.)
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

}  // namespace polyrun::shims
