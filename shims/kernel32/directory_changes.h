// Changes in directories (kernel32/directory_changes.cpp), where CloseHandle meets them: the watches
// are NTDLL's (ntdll/directory_watches.h: close_directory_watch, the hook KERNEL32 registers).
#pragma once

#include "shims/ntdll/directory_watches.h"
