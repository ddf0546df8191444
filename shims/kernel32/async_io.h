// Asynchronous I/O of files and pipes (kernel32/async_io.cpp), where ReadFile and WriteFile
// (kernel32/kernel32.cpp) meet it, and the synchronous reads and writes it is made of.
#pragma once

#include <cstdint>

namespace polyrun::shims {

struct WindowsProcess;

// ReadFile / WriteFile with an OVERLAPPED: TRUE if the operation ended at once (OVERLAPPED, event
// and `done` filled in), FALSE with ERROR_IO_PENDING if it goes on (a pipe with nothing to read
// yet), FALSE with another error if it failed at once.
int32_t read_overlapped(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done, uint64_t ov);
int32_t write_overlapped(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done, uint64_t ov);

// ReadFile / WriteFile without an OVERLAPPED (kernel32/kernel32.cpp).
int32_t read_file_now(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done);
int32_t write_file_now(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done);

}  // namespace polyrun::shims
