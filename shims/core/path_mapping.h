// Windows paths onto the Linux filesystem: drive Z: is /, drive C: is the directory polyrun
// started in, `\` separates, and a name that does not exist exactly is looked up
// case-insensitively, one component at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace polyrun::shims {

std::string windows_to_host_path(const std::string& path);
// cmd.exe in the system directory (C:\windows\system32\cmd.exe, what ComSpec names): polyrun has
// no such file; the path is polyrun's own executable, and CreateProcess of it runs polyrun's
// command interpreter (core/child_process.h's start_command).
constexpr const char* kSystemCmd = "c:\\windows\\system32\\cmd.exe";
bool is_system_cmd(const std::string& windows_path);
std::string host_to_windows_path(const std::string& path);  // absolute: Z:\…
// The file name of a Windows path: what follows its last \, / or : (all of it without one).
std::string windows_file_part(const std::string& path);
// The host path an open file's descriptor refers to (empty for a pipe, socket or terminal).
std::string host_path_of(int fd);
// Whether a host path names a regular file (or a link to one); the host path of the regular file a
// Windows name (relative to the current directory) names, or "".
bool is_host_file(const std::string& host_path);
std::string host_file_of(const std::string& windows_name);

// The current directory as a Windows path, and a name made absolute against it ("." and ".."
// folded, "/" taken as "\\").
std::string windows_current_directory();
std::string windows_full_path(const std::string& name);

// PATH between the host's form ("/usr/bin:/bin") and Windows' ("C:\\windows\\system32;C:\\windows;
// Z:\\usr\\bin;Z:\\bin"): a Windows program's PATH begins with the system directories, as on
// Windows, then the host's directories; a host program started by one gets the host's form back
// (the directories that are no host directories left out). A list already in the other form is
// returned as it is.
std::string windows_path_list(const std::string& host_list);
std::string host_path_list(const std::string& windows_list);

// The user's home directory on the host ($HOME, else "/").
std::string host_home_directory();

// The entries of a directory that a Windows wildcard spec names ("dir\*.txt"; `*.*` is every
// name), matched case-insensitively and sorted: the host directory in `dir`, the names in `names`.
// False with errno set when the directory cannot be read.
bool list_matching(const std::string& win_spec, std::string& dir, std::vector<std::string>& names);

// The Windows error of a host call on `host_path` that failed with `err`: ERROR_PATH_NOT_FOUND when a
// directory on the way is missing or is no directory, ERROR_FILE_NOT_FOUND when only the last name
// is missing, else the errno's own (core/win_errors.h).
uint32_t path_error(const std::string& host_path, int err);
}  // namespace polyrun::shims
