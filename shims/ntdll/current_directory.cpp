// The process's current directory in RTL_USER_PROCESS_PARAMETERS' CurrentDirectory (a CURDIR: the
// DOS path as a UNICODE_STRING of MAX_PATH characters' room, then a handle), kept as the host's
// current directory changes (SetCurrentDirectory, RtlSetCurrentDirectory_U): Windows opens the
// directory for the process, and programs that read the handle open names relative to it.
#include "shims/ntdll/current_directory.h"

#include "shims/core/windows_guest.h"
#include "shims/ntdll/handles.h"

namespace polyrun::shims::ntdll_current_directory {

void sync(WindowsProcess& p) {
  if (const uint64_t old = update_process_current_directory(p)) ntdll_handles::close(p, old);
}

}  // namespace polyrun::shims::ntdll_current_directory
