// ADVAPI32's security identity, shared by advapi32/security.cpp (SIDs, tokens, impersonation) and
// advapi32/acl.cpp (security descriptors, ACLs and the security of files).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace polyrun::shims {

struct WindowsProcess;

// A SID from its text form ("S-1-5-21-…") in its binary form: Revision 1, SubAuthorityCount,
// IdentifierAuthority (6 bytes, big-endian), SubAuthority[] (little-endian DWORDs).
std::vector<uint8_t> sid_bytes(const std::string& text);
// The text form of the SID at a guest address, and of SID bytes.
std::string sid_text(uint64_t sid);
std::string sid_text(const std::vector<uint8_t>& sid);
// Whether a guest SID is well formed (revision 1, at most 15 sub-authorities), and its size.
bool valid_sid(uint64_t sid);
uint32_t sid_length(uint64_t sid);
// The bytes of a guest SID.
std::vector<uint8_t> sid_at(uint64_t sid);

// Whether text is a SID's form ("S-1-" then at most 15 sub-authorities, decimal), and the SID a
// text of SDDL names: that form or a two-letter alias ("BA", "WD"…: advapi32/sddl.cpp).
bool sid_text_valid(const std::string& text);
bool sddl_sid(const std::string& text, std::vector<uint8_t>& out);

// The user's primary group (the user itself: core/machine_identity.h's account_sid).
std::string primary_group_sid();
// The user account's full name: the first field of the host account's GECOS entry ("" if none;
// advapi32/advapi32.cpp).
std::string account_full_name();

// The SID an account name stands for, as LookupAccountName finds it ("Everyone",
// "BUILTIN\Users", the user's name…); false for a name no account has.
bool sid_of_account_name(const std::string& name, std::string& sid);

// The account a SID names (its name, domain and SID_NAME_USE), and the SID an account name
// ("name" or "domain\\name", the computer's name and BUILTIN for their domains) stands for, with
// the account's own spelling of its name and its domain.
bool account_of_sid(const std::string& sid, std::string& name, std::string& domain, uint32_t& use);
bool account_of_name(const std::string& name, std::string& sid, std::string& canonical, std::string& domain, uint32_t& use);

// The host's users and groups as SIDs and back: this process's user and group are the user's SID
// and its primary group; other Linux users and groups are Samba's "Unix User" and "Unix Group"
// SIDs, S-1-22-1-<uid> and S-1-22-2-<gid>. False for a SID that names no Linux user or group.
std::string sid_of_uid(uint32_t uid);
std::string sid_of_gid(uint32_t gid);
bool uid_of_sid(const std::string& sid, uint32_t& uid);
bool gid_of_sid(const std::string& sid, uint32_t& gid);

// Whether a privilege (its LUID: SE_SHUTDOWN_PRIVILEGE 19 …) is enabled in the process token, as
// AdjustTokenPrivileges left it (advapi32/advapi32.cpp).
bool privilege_enabled(uint32_t luid);

}  // namespace polyrun::shims
