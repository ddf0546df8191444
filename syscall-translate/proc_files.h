// The /proc files that describe the guest rather than polyrun (emulated): see proc_files.cpp.
#pragma once

#include "syscall-translate/linux_process.h"

namespace polyrun::linux_abi {}  // namespace polyrun::linux_abi
