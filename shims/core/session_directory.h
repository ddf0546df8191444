// A directory of the user's session that polyrun's processes share (the named pipes' sockets, the
// clipboard): $XDG_RUNTIME_DIR/polyrun-NAME, else /tmp/polyrun-NAME-UID, made when missing and used
// only when this user alone can enter it. Short enough for a unix socket's path below it.
#pragma once

#include <string>

namespace polyrun::shims {

// The directory's path, or "" (with a warning once) when neither place is private.
std::string session_directory(const std::string& name);

}  // namespace polyrun::shims
