// What NTDLL's other files ask of its tokens (ntdll/tokens.cpp).
#pragma once

#include <cstdint>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_tokens {

// Whether the privilege (its LUID: SE_SHUTDOWN 19 …) is enabled in the process's token.
bool privilege_enabled(uint32_t luid);
// The calling thread impersonates the user (every process here is the user's) at the level
// (SECURITY_IMPERSONATION_LEVEL), as RtlImpersonateSelf makes it.
void impersonate_user(WindowsProcess& p, uint32_t level);

}  // namespace polyrun::shims::ntdll_tokens
