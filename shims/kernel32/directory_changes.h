// Changes in directories (kernel32/directory_changes.cpp), where CloseHandle meets them.
#pragma once

#include <cstdint>

namespace polyrun::shims {

struct WindowsProcess;

// CloseHandle of a handle, before its descriptor is closed: a directory's watch stops, and a
// ReadDirectoryChangesW still pending on it ends (STATUS_NOTIFY_CLEANUP).
void close_directory_watch(WindowsProcess& p, uint64_t h);

}  // namespace polyrun::shims
