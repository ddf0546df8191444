// ADVAPI32's access tokens (advapi32/tokens.cpp), which the security checks of advapi32/access_check.cpp,
// advapi32/private_security.cpp and advapi32/token_admin.cpp read and make.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace polyrun::shims {

struct WindowsProcess;

namespace advapi32_tokens {

// A group of a token: its SID's text and its SE_GROUP_* attributes.
struct TokenGroup {
  std::string sid;
  uint32_t attributes;
};

// SE_GROUP_* and SE_PRIVILEGE_* bits.
constexpr uint32_t kGroupMandatory = 0x1, kGroupEnabledByDefault = 0x2, kGroupEnabled = 0x4, kGroupOwner = 0x8,
                   kGroupUseForDenyOnly = 0x10, kGroupIntegrity = 0x20, kGroupIntegrityEnabled = 0x40,
                   kGroupLogonId = 0xc0000000;
constexpr uint32_t kPrivilegeEnabledByDefault = 0x1, kPrivilegeEnabled = 0x2, kPrivilegeRemoved = 0x4,
                   kPrivilegeUsedForAccess = 0x80000000;

// A token: whose it is (the user's or the anonymous logon's), its type (primary, or an
// impersonation token at a SECURITY_IMPERSONATION_LEVEL), its groups, privileges (LUID →
// attributes), owner, primary group and default DACL, and the restricting SIDs of a restricted
// token. Handles to one token share it (what one changes, the others see).
struct TokenObject {
  bool anonymous = false;
  bool primary = true;
  uint32_t level = 0;  // SecurityAnonymous 0, SecurityIdentification 1, SecurityImpersonation 2, SecurityDelegation 3
  std::string user, owner, primary_group, integrity;
  std::vector<TokenGroup> groups;
  std::map<uint32_t, uint32_t> privileges;
  std::vector<uint8_t> default_dacl;  // an ACL's bytes; empty: none
  std::vector<TokenGroup> restricting;
  uint32_t session = 1;
  uint64_t id = 0, modified_id = 0, auth_id = 0;
};
using Token = std::shared_ptr<TokenObject>;

// The process's primary token (the one OpenProcessToken opens).
Token process_token();
// The token a handle names: a token handle of this process, or the pseudo handles of the current
// process's token (-4), the current thread's (-5: null when it impersonates no one) and the
// effective one (-6). Null for anything else.
Token token_of(WindowsProcess& p, uint64_t handle);
// The token the calling thread acts with: its impersonation token, else the process's.
Token effective_token(WindowsProcess& p);
// The token a thread impersonates (null: none), and setting it (null: none).
Token thread_token(WindowsProcess& p, uint64_t thread_handle, bool* bad_handle);
bool set_thread_token(WindowsProcess& p, uint64_t thread_handle, Token t);
// A new handle for a token.
uint64_t new_token_handle(WindowsProcess& p, Token t);
// A copy of a token: primary or an impersonation token of a level.
Token duplicate(const Token& t, bool primary, uint32_t level);
// A locally unique identifier, new each call (AllocateLocallyUniqueId, tokens' ids).
uint64_t new_luid();
// Whether the SID (its text) is the token's user or one of its enabled groups (`deny`: a deny-only
// group counts too); for a restricted token also one of its restricting SIDs.
bool sid_in_token(const TokenObject& t, const std::string& sid, bool deny);
bool sid_in_groups(const TokenObject& t, const std::string& sid, bool deny);
bool restricting_has(const TokenObject& t, const std::string& sid);
// Whether a privilege (its LUID) is enabled in the token.
bool privilege_on(const TokenObject& t, uint32_t luid);
// The privilege names (their LUIDs from 2, winnt.h's SE_*_PRIVILEGE values).
extern const char* const kPrivilegeNames[];
extern const char* const kPrivilegeDisplayNames[];
extern const uint32_t kPrivilegeCount;
constexpr uint32_t kFirstPrivilege = 2;

}  // namespace advapi32_tokens

}  // namespace polyrun::shims
