// The C runtime's descriptors: host descriptors (msvcrt/lowio.cpp), with the mode the runtime
// opened each in, and __pioinfo, the table msvcrt.dll keeps of them in the program's memory, which
// some programs read directly (Python 2's descriptor check, Ruby, ffmpeg's mingw-w64 runtime).
#pragma once

#include <cstdint>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

// The runtime has the descriptor open (opened, given by _open_osfhandle, duplicated, a pipe's end,
// a stream's), in text or binary mode; or its mode changed (_setmode).
void crt_descriptor_open(WindowsProcess& p, int fd, bool binary);
// The runtime closed it.
void crt_descriptor_closed(WindowsProcess& p, int fd);
// The Win32 handle it stands for: _get_osfhandle's answer.
uint64_t crt_descriptor_handle(WindowsProcess& p, int fd);
// __pioinfo's address, the table made at the first import of it from the descriptors open then.
uint64_t crt_pioinfo(WindowsProcess& p);
uint64_t crt_badioinfo(WindowsProcess& p);

}  // namespace polyrun::shims
