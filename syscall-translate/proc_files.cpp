#include "syscall-translate/proc_files.h"

namespace polyrun::linux_abi {}  // namespace polyrun::linux_abi
