// ADVAPI32.dll, privilege names and logons: LookupPrivilegeName and LookupPrivilegeDisplayName (the
// names of winnt.h's SE_*_NAME privileges and Windows' English descriptions of them), LogonUser and
// the process creations under another token or logon. There is no password database here: no
// logon can succeed (ERROR_LOGON_FAILURE, as for a wrong password); a process may be created with
// the caller's own primary token (or a restricted copy of it), which needs no privilege, while
// CreateProcessWithTokenW needs SeImpersonatePrivilege, which a standard user lacks.
#include <strings.h>

#include <cstring>
#include <string>

#include "shims/advapi32/tokens.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_logons {

constexpr uint32_t kErrorNoSuchPrivilege = 1313, kErrorPrivilegeNotHeld = 1314, kErrorLogonFailure = 1326,
                   kErrorBadTokenType = 1349;

// A string into a caller's buffer of `*size` characters: too small, the size needed (with the
// NUL) and ERROR_INSUFFICIENT_BUFFER; else the length without it.
BOOL copy_string(WindowsProcess& p, const std::string& s, Ptr out, Ptr size, bool wide) {
  if (!size) return fail(p, ERROR_INVALID_PARAMETER);
  const std::u16string w = utf8_to_utf16(s);
  const std::string a = wide ? std::string() : utf8_to_ansi(s);
  const size_t n = wide ? w.size() : a.size();
  if (get<uint32_t>(size.addr) < n + 1 || !out) {
    put<uint32_t>(size.addr, static_cast<uint32_t>(n + 1));
    return fail(p, ERROR_INSUFFICIENT_BUFFER);
  }
  if (wide) std::memcpy(out.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  else std::memcpy(out.as<char>(), a.c_str(), a.size() + 1);
  put<uint32_t>(size.addr, static_cast<uint32_t>(n));
  return TRUE;
}

// A system name: this computer's (NULL or empty) only; another is one no LSA answers on.
bool local_system(const std::string& system) { return system.empty(); }

BOOL lookup_privilege_name(WindowsProcess& p, const std::string& system, Ptr luid, Ptr name, Ptr size, bool wide) {
  if (!local_system(system)) return fail(p, 1722);  // RPC_S_SERVER_UNAVAILABLE
  if (!luid) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t low = get<uint32_t>(luid.addr), high = get<uint32_t>(luid.addr + 4);
  if (high || low < advapi32_tokens::kFirstPrivilege || low >= advapi32_tokens::kFirstPrivilege + advapi32_tokens::kPrivilegeCount)
    return fail(p, kErrorNoSuchPrivilege);
  return copy_string(p, advapi32_tokens::kPrivilegeNames[low - advapi32_tokens::kFirstPrivilege], name, size, wide);
}
BOOL LookupPrivilegeNameW(WindowsProcess& p, WStr system, Ptr luid, Ptr name, Ptr size) {
  return lookup_privilege_name(p, utf16_to_utf8(system.str()), luid, name, size, true);
}
BOOL LookupPrivilegeNameA(WindowsProcess& p, AStr system, Ptr luid, Ptr name, Ptr size) {
  return lookup_privilege_name(p, system.str(), luid, name, size, false);
}

BOOL lookup_display_name(WindowsProcess& p, const std::string& system, const std::string& name, Ptr out, Ptr size,
                         Ptr language, bool wide) {
  if (!local_system(system)) return fail(p, 1722);  // RPC_S_SERVER_UNAVAILABLE
  for (uint32_t i = 0; i < advapi32_tokens::kPrivilegeCount; ++i)
    if (::strcasecmp(name.c_str(), advapi32_tokens::kPrivilegeNames[i]) == 0) {
      if (language) put<uint32_t>(language.addr, 0x409);  // en-US
      return copy_string(p, advapi32_tokens::kPrivilegeDisplayNames[i], out, size, wide);
    }
  return fail(p, kErrorNoSuchPrivilege);
}
BOOL LookupPrivilegeDisplayNameW(WindowsProcess& p, WStr system, WStr name, Ptr out, Ptr size, Ptr language) {
  return lookup_display_name(p, utf16_to_utf8(system.str()), utf16_to_utf8(name.str()), out, size, language, true);
}
BOOL LookupPrivilegeDisplayNameA(WindowsProcess& p, AStr system, AStr name, Ptr out, Ptr size, Ptr language) {
  return lookup_display_name(p, system.str(), name.str(), out, size, language, false);
}

// LogonUser: no password can be checked, so none is right (ERROR_LOGON_FAILURE); the token handle
// is NULL.
BOOL LogonUser(WindowsProcess& p, Ptr, Ptr, Ptr, uint32_t, uint32_t, Ptr token) {
  if (token) p.put_ptr(token.addr, 0);
  return fail(p, kErrorLogonFailure);
}

// CreateProcessAsUser: with a primary token of the caller's own user (its process token or a copy),
// CreateProcess's process; an impersonation token is ERROR_BAD_TOKEN_TYPE.
BOOL create_as_user(WindowsProcess& p, Ptr token, Ptr app, Ptr cmd, Ptr pattr, Ptr tattr, int32_t inherit, uint32_t flags,
                    Ptr env, Ptr dir, Ptr startup, Ptr info, const char* create) {
  advapi32_tokens::Token t = advapi32_tokens::token_of(p, token.addr);
  if (token && !t) return fail(p, ERROR_INVALID_HANDLE);
  if (t && !t->primary) return fail(p, kErrorBadTokenType);
  if (t && t->anonymous) return fail(p, kErrorPrivilegeNotHeld);
  return static_cast<BOOL>(p.call_export("kernel32.dll", create,
                                         {app.addr, cmd.addr, pattr.addr, tattr.addr, static_cast<uint64_t>(inherit != 0),
                                          flags, env.addr, dir.addr, startup.addr, info.addr}));
}
BOOL CreateProcessAsUserW(WindowsProcess& p, Ptr token, Ptr app, Ptr cmd, Ptr pattr, Ptr tattr, int32_t inherit,
                          uint32_t flags, Ptr env, Ptr dir, Ptr startup, Ptr info) {
  return create_as_user(p, token, app, cmd, pattr, tattr, inherit, flags, env, dir, startup, info, "CreateProcessW");
}
BOOL CreateProcessAsUserA(WindowsProcess& p, Ptr token, Ptr app, Ptr cmd, Ptr pattr, Ptr tattr, int32_t inherit,
                          uint32_t flags, Ptr env, Ptr dir, Ptr startup, Ptr info) {
  return create_as_user(p, token, app, cmd, pattr, tattr, inherit, flags, env, dir, startup, info, "CreateProcessA");
}

// CreateProcessWithTokenW: "The process that calls CreateProcessWithTokenW must have the
// SE_IMPERSONATE_NAME privilege" (Microsoft's page).
BOOL CreateProcessWithTokenW(WindowsProcess& p, Ptr token, uint32_t, Ptr app, Ptr cmd, uint32_t flags, Ptr env, Ptr dir,
                             Ptr startup, Ptr info) {
  if (!advapi32_tokens::token_of(p, token.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (!advapi32_tokens::privilege_on(*advapi32_tokens::effective_token(p), 29)) return fail(p, kErrorPrivilegeNotHeld);
  return create_as_user(p, token, app, cmd, Ptr(0), Ptr(0), 0, flags, env, dir, startup, info, "CreateProcessW");
}

// CreateProcessWithLogonW: a logon with a user's password, which cannot succeed here.
BOOL CreateProcessWithLogonW(WindowsProcess& p, Ptr, Ptr, Ptr, uint32_t, Ptr, Ptr, uint32_t, Ptr, Ptr, Ptr, Ptr) {
  return fail(p, kErrorLogonFailure);
}

}  // namespace advapi32_logons

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_logon_exports() {
  using namespace advapi32_logons;
  static const std::vector<Export> exports = {
      EXPORT("LookupPrivilegeNameW", LookupPrivilegeNameW),
      EXPORT("LookupPrivilegeNameA", LookupPrivilegeNameA),
      EXPORT("LookupPrivilegeDisplayNameW", LookupPrivilegeDisplayNameW),
      EXPORT("LookupPrivilegeDisplayNameA", LookupPrivilegeDisplayNameA),
      EXPORT("LogonUserW", LogonUser),
      EXPORT("LogonUserA", LogonUser),
      EXPORT("CreateProcessAsUserW", CreateProcessAsUserW),
      EXPORT("CreateProcessAsUserA", CreateProcessAsUserA),
      EXPORT("CreateProcessWithTokenW", CreateProcessWithTokenW),
      EXPORT("CreateProcessWithLogonW", CreateProcessWithLogonW),
  };
  return exports;
}

}  // namespace polyrun::shims
