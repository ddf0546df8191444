// ADVAPI32.dll, software restriction policies (Safer) where no policy rule is set, Windows' default:
// every program is identified at the default level, SAFER_LEVELID_FULLYTRUSTED; a level's token is
// the caller's own for the fully trusted and normal-user levels (this user is no administrator, so
// nothing is taken away), and a restricted copy for the constrained and untrusted ones (its
// privileges but SeChangeNotifyPrivilege gone, its SIDs the restricting ones Microsoft's "Safer"
// pages list); the disallowed level runs nothing (ERROR_ACCESS_DISABLED_BY_POLICY). The policy is
// the machine's, which only administrators change (ERROR_ACCESS_DENIED).
#include <map>
#include <string>
#include <vector>

#include "shims/advapi32/tokens.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_safer {

constexpr uint32_t FULLYTRUSTED = 0x40000, NORMALUSER = 0x20000, CONSTRAINED = 0x10000, UNTRUSTED = 0x1000,
                   DISALLOWED = 0;
constexpr uint32_t SAFER_TOKEN_NULL_IF_EQUAL = 1, SAFER_TOKEN_COMPARE_ONLY = 2;
constexpr uint32_t kErrorAccessDisabledByPolicy = 1260;

std::map<uint64_t, uint32_t>& levels() {  // handle → level id
  static std::map<uint64_t, uint32_t> l;
  return l;
}
bool known_level(uint32_t id) {
  return id == FULLYTRUSTED || id == NORMALUSER || id == CONSTRAINED || id == UNTRUSTED || id == DISALLOWED;
}
uint64_t new_level(WindowsProcess& p, uint32_t id) {
  const uint64_t h = p.heap.alloc(8, true);
  if (h) levels()[h] = id;
  return h;
}

BOOL SaferCreateLevel(WindowsProcess& p, uint32_t scope, uint32_t id, uint32_t flags, Ptr out, Ptr) {
  if ((scope != 1 && scope != 2) || !known_level(id) || flags != 1 || !out) return fail(p, ERROR_INVALID_PARAMETER);
  const uint64_t h = new_level(p, id);
  if (!h) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  p.put_ptr(out.addr, h);
  return TRUE;
}
BOOL SaferCloseLevel(WindowsProcess& p, Ptr h) {
  if (!levels().erase(h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  p.heap.free(h.addr);
  return TRUE;
}

// SaferIdentifyLevel: no rule matches anything: the default level.
BOOL SaferIdentifyLevel(WindowsProcess& p, uint32_t count, Ptr properties, Ptr out, Ptr) {
  if (!out || (count && !properties)) return fail(p, ERROR_INVALID_PARAMETER);
  const uint64_t h = new_level(p, FULLYTRUSTED);
  if (!h) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  p.put_ptr(out.addr, h);
  return TRUE;
}

BOOL SaferComputeTokenFromLevel(WindowsProcess& p, Ptr level, Ptr in, Ptr out, uint32_t flags, Ptr reserved) {
  auto it = levels().find(level.addr);
  if (it == levels().end()) return fail(p, ERROR_INVALID_HANDLE);
  const advapi32_tokens::Token t = in ? advapi32_tokens::token_of(p, in.addr) : advapi32_tokens::effective_token(p);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  const uint32_t id = it->second;
  if (id == DISALLOWED) return fail(p, kErrorAccessDisabledByPolicy);
  const bool same = id == FULLYTRUSTED || id == NORMALUSER;
  if (flags & SAFER_TOKEN_COMPARE_ONLY) {
    if (!reserved) return fail(p, ERROR_INVALID_PARAMETER);
    put<int32_t>(reserved.addr, same ? 0 : -1);  // (equal, or more restricted)
    return TRUE;
  }
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  if (same && (flags & SAFER_TOKEN_NULL_IF_EQUAL)) {
    p.put_ptr(out.addr, 0);
    return TRUE;
  }
  advapi32_tokens::Token n = advapi32_tokens::duplicate(t, true, 0);
  if (!same) {
    for (auto i = n->privileges.begin(); i != n->privileges.end();) i = i->first == 23 ? std::next(i) : n->privileges.erase(i);
    const uint32_t kDefault = advapi32_tokens::kGroupMandatory | advapi32_tokens::kGroupEnabledByDefault | advapi32_tokens::kGroupEnabled;
    if (id == CONSTRAINED)
      n->restricting = {{n->user, kDefault},     {"S-1-1-0", kDefault},  {"S-1-5-32-545", kDefault},
                        {"S-1-5-4", kDefault},   {"S-1-5-11", kDefault}, {"S-1-5-12", kDefault}};
    else
      n->restricting = {{"S-1-1-0", kDefault}, {"S-1-5-12", kDefault}};
    n->modified_id = advapi32_tokens::new_luid();
  }
  p.put_ptr(out.addr, advapi32_tokens::new_token_handle(p, n));
  return TRUE;
}

// SaferGetPolicyInformation: SaferPolicyLevelList 1 (the levels), SaferPolicyDefaultLevel 3,
// SaferPolicyEvaluateUserScope 4 (user rules are looked at), SaferPolicyScopeFlags 5 (none).
BOOL SaferGetPolicyInformation(WindowsProcess& p, uint32_t scope, uint32_t cls, uint32_t size, Ptr buf, Ptr needed, Ptr) {
  if ((scope != 1 && scope != 2) || !needed) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<uint32_t> values;
  switch (cls) {
    case 1: values = {DISALLOWED, UNTRUSTED, CONSTRAINED, NORMALUSER, FULLYTRUSTED}; break;
    case 3: values = {FULLYTRUSTED}; break;
    case 4: values = {1}; break;
    case 5: values = {0}; break;
    default: return fail(p, ERROR_INVALID_PARAMETER);
  }
  const uint32_t need = static_cast<uint32_t>(4 * values.size());
  put<uint32_t>(needed.addr, need);
  if (size < need || !buf) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  for (size_t i = 0; i < values.size(); ++i) put<uint32_t>(buf.addr + 4 * i, values[i]);
  return TRUE;
}

// SaferSetLevelInformation: a level's settings are the machine policy's.
BOOL SaferSetLevelInformation(WindowsProcess& p, Ptr level, uint32_t, Ptr, uint32_t) {
  if (!levels().count(level.addr)) return fail(p, ERROR_INVALID_HANDLE);
  return fail(p, ERROR_ACCESS_DENIED);
}

}  // namespace advapi32_safer

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_safer_exports() {
  using namespace advapi32_safer;
  static const std::vector<Export> exports = {
      EXPORT("SaferCreateLevel", SaferCreateLevel),
      EXPORT("SaferCloseLevel", SaferCloseLevel),
      EXPORT("SaferIdentifyLevel", SaferIdentifyLevel),
      EXPORT("SaferComputeTokenFromLevel", SaferComputeTokenFromLevel),
      EXPORT("SaferGetPolicyInformation", SaferGetPolicyInformation),
      EXPORT("SaferSetLevelInformation", SaferSetLevelInformation),
  };
  return exports;
}

}  // namespace polyrun::shims
