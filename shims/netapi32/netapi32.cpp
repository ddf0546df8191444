// NETAPI32.dll: the network management functions programs use to learn about the machine's accounts
// and workgroup (Go's os/user asks NetGetJoinInformation and NetUserGetInfo for the user's full
// name). The machine as polyrun presents it is a workgroup computer (WORKGROUP, not joined to a
// domain) with one account, the user the program runs as (GetUserName's, whose SID the token
// has), member of the local group Users (and Administrators when the host user is root). Only the
// local computer is served: another server's name is ERROR_BAD_NETPATH, as for a computer that
// cannot be reached. Results are buffers of NetApiBufferAllocate (the process heap), records first,
// then the strings and SIDs they point to, as NETAPI32 packs them. No network connection (NetUse*)
// exists or can be made: there is no redirector to another machine's shares.
#include <strings.h>
#include <unistd.h>

#include <cstdio>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "shims/netapi32/exports.h"
#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {


namespace {

constexpr uint32_t NERR_Success = 0, NERR_UserNotFound = 2221, ERROR_INVALID_LEVEL = 124, ERROR_BAD_NETPATH = 53;
constexpr uint32_t kMaxPreferredLength = 0xffffffffu;

// A field of a record: a string (a pointer to UTF-16 in the buffer), a DWORD, or a SID (a pointer
// to its bytes in the buffer).
struct Field {
  enum Kind { String, Dword, Sid } kind;
  std::string text;  // String: the text ("" is an empty string; `null` for a null pointer)
  uint32_t value = 0;
  bool null = false;
};
Field str(const std::string& s) { return {Field::String, s}; }
Field null_str() { return {Field::String, "", 0, true}; }
Field dword(uint32_t v) { return {Field::Dword, "", v}; }
Field sid(const std::string& text) { return {Field::Sid, text}; }

// The records, laid out as C lays out the structures (pointers and DWORDs at their natural
// alignment), in one buffer with their strings and SIDs after them; 0 when out of memory.
uint64_t pack(WindowsProcess& p, const std::vector<std::vector<Field>>& records) {
  const uint64_t w = p.isa->ptr;
  std::vector<uint64_t> offsets;
  uint64_t record = 0;
  if (!records.empty()) {
    for (const Field& f : records.front()) {
      const uint64_t size = f.kind == Field::Dword ? 4 : w;
      record = (record + size - 1) / size * size;
      offsets.push_back(record);
      record += size;
    }
    record = (record + w - 1) / w * w;
  }
  uint64_t extra = 0;
  for (const auto& r : records)
    for (const Field& f : r) {
      if (f.kind == Field::String && !f.null) extra += (utf8_to_utf16(f.text).size() + 1) * 2;
      if (f.kind == Field::Sid) extra += (sid_bytes(f.text).size() + 7) / 8 * 8;
    }
  const uint64_t buf = p.heap.alloc(std::max<uint64_t>(records.size() * record + extra, 1), true);
  if (!buf) return 0;
  uint64_t at = buf + records.size() * record;
  for (size_t i = 0; i < records.size(); ++i)
    for (size_t j = 0; j < records[i].size(); ++j) {
      const Field& f = records[i][j];
      const uint64_t field = buf + i * record + offsets[j];
      if (f.kind == Field::Dword) {
        put<uint32_t>(field, f.value);
      } else if (f.kind == Field::String) {
        if (f.null) continue;
        const std::u16string u = utf8_to_utf16(f.text);
        std::memcpy(guest_pointer(at), u.c_str(), (u.size() + 1) * 2);
        p.put_ptr(field, at);
        at += (u.size() + 1) * 2;
      } else {
        const std::vector<uint8_t> b = sid_bytes(f.text);
        at = (at + 7) / 8 * 8;
        std::memcpy(guest_pointer(at), b.data(), b.size());
        p.put_ptr(field, at);
        at += b.size();
      }
    }
  return buf;
}

// Whether a server name names this computer: none, or its own NetBIOS or DNS name (with or without
// the leading backslashes).
bool local_server(WStr server) { return !server.addr || names_this_computer(utf16_to_utf8(server.str())); }

// The one account: its name, full name (the host account's GECOS name) and whether it administers.
struct User {
  std::string name, full_name, sid;
  bool admin = false;
};
User the_user() {
  User u;
  u.name = account_user_name();
  u.sid = account_sid();
  u.admin = ::geteuid() == 0;
  u.full_name = account_full_name();
  return u;
}
uint32_t rid_of(const std::string& sid) {
  const size_t dash = sid.find_last_of('-');
  return dash == std::string::npos ? 0 : static_cast<uint32_t>(std::stoul(sid.substr(dash + 1)));
}

// UF_SCRIPT | UF_NORMAL_ACCOUNT | UF_DONT_EXPIRE_PASSWD; USER_PRIV_USER 1, USER_PRIV_ADMIN 2.
constexpr uint32_t kUserFlags = 0x1 | 0x200 | 0x10000;

// A USER_INFO_n record; false for a level not offered.
bool user_record(const User& u, uint32_t level, std::vector<Field>& r) {
  switch (level) {
    case 0: r = {str(u.name)}; return true;
    case 1:  // name, password, password age, privilege, home directory, comment, flags, script path
      r = {str(u.name), null_str(), dword(0), dword(u.admin ? 2 : 1), str(""), str(""), dword(kUserFlags), str("")};
      return true;
    case 10: r = {str(u.name), str(""), str(""), str(u.full_name)}; return true;  // name, comment, user comment, full name
    case 20: r = {str(u.name), str(u.full_name), str(""), dword(kUserFlags), dword(rid_of(u.sid))}; return true;
    case 23: r = {str(u.name), str(u.full_name), str(""), dword(kUserFlags), sid(u.sid)}; return true;
    default: return false;
  }
}

bool is_the_user(WStr name, const User& u) {
  return name.addr && strcasecmp(utf16_to_utf8(name.str()).c_str(), u.name.c_str()) == 0;
}

uint32_t NetApiBufferAllocate(WindowsProcess& p, uint32_t size, Ptr out) {
  if (!out) return ERROR_INVALID_PARAMETER;
  const uint64_t b = p.heap.alloc(std::max<uint32_t>(size, 1));
  p.put_ptr(out.addr, b);
  return b ? NERR_Success : ERROR_NOT_ENOUGH_MEMORY;
}
uint32_t NetApiBufferFree(WindowsProcess& p, Ptr buffer) {
  if (buffer) p.heap.free(buffer.addr);
  return NERR_Success;
}
uint32_t NetApiBufferSize(WindowsProcess& p, Ptr buffer, Ptr size) {
  if (!buffer || !size) return ERROR_INVALID_PARAMETER;
  const uint64_t n = p.heap.size(buffer.addr);
  if (n == ~0ull) return ERROR_INVALID_PARAMETER;
  put<uint32_t>(size.addr, static_cast<uint32_t>(n));
  return NERR_Success;
}
uint32_t NetApiBufferReallocate(WindowsProcess& p, Ptr old, uint32_t size, Ptr out) {
  if (!out) return ERROR_INVALID_PARAMETER;
  const uint64_t b = old ? p.heap.realloc(old.addr, std::max<uint32_t>(size, 1)) : p.heap.alloc(std::max<uint32_t>(size, 1));
  if (!b) return ERROR_NOT_ENOUGH_MEMORY;
  p.put_ptr(out.addr, b);
  return NERR_Success;
}

// NetGetJoinInformation(server, &name, &status): the workgroup WORKGROUP (NetSetupWorkgroupName).
uint32_t NetGetJoinInformation(WindowsProcess& p, WStr server, Ptr name, Ptr status) {
  if (!name || !status) return ERROR_INVALID_PARAMETER;
  if (!local_server(server)) return ERROR_BAD_NETPATH;
  static const char16_t kWorkgroup[] = u"WORKGROUP";
  const uint64_t b = p.heap.alloc(sizeof kWorkgroup);
  if (!b) return ERROR_NOT_ENOUGH_MEMORY;
  std::memcpy(guest_pointer(b), kWorkgroup, sizeof kWorkgroup);
  p.put_ptr(name.addr, b);
  put<uint32_t>(status.addr, 2);  // NetSetupWorkgroupName
  return NERR_Success;
}

uint32_t NetUserGetInfo(WindowsProcess& p, WStr server, WStr user, uint32_t level, Ptr out) {
  if (!out) return ERROR_INVALID_PARAMETER;
  p.put_ptr(out.addr, 0);
  if (!local_server(server)) return ERROR_BAD_NETPATH;
  const User u = the_user();
  std::vector<Field> r;
  if (!user_record(u, level, r)) return ERROR_INVALID_LEVEL;
  if (!is_the_user(user, u)) return NERR_UserNotFound;
  const uint64_t b = pack(p, {r});
  if (!b) return ERROR_NOT_ENOUGH_MEMORY;
  p.put_ptr(out.addr, b);
  return NERR_Success;
}

// NetUserEnum(server, level, filter, &buffer, preferred length, &read, &total, &resume): every
// account at once (there is one).
uint32_t NetUserEnum(WindowsProcess& p, WStr server, uint32_t level, uint32_t, Ptr out, uint32_t, Ptr read, Ptr total,
                     Ptr resume) {
  if (!out || !read || !total) return ERROR_INVALID_PARAMETER;
  p.put_ptr(out.addr, 0);
  if (!local_server(server)) return ERROR_BAD_NETPATH;
  std::vector<Field> r;
  if (!user_record(the_user(), level, r)) return ERROR_INVALID_LEVEL;
  const uint64_t b = pack(p, {r});
  if (!b) return ERROR_NOT_ENOUGH_MEMORY;
  p.put_ptr(out.addr, b);
  put<uint32_t>(read.addr, 1);
  put<uint32_t>(total.addr, 1);
  if (resume) put<uint32_t>(resume.addr, 0);
  return NERR_Success;
}

// NetUserGetLocalGroups(server, user, level 0, flags, &buffer, preferred length, &read, &total):
// LOCALGROUP_USERS_INFO_0 records, the local groups the user is in.
uint32_t NetUserGetLocalGroups(WindowsProcess& p, WStr server, WStr user, uint32_t level, uint32_t, Ptr out, uint32_t,
                               Ptr read, Ptr total) {
  if (!out || !read || !total) return ERROR_INVALID_PARAMETER;
  p.put_ptr(out.addr, 0);
  if (!local_server(server)) return ERROR_BAD_NETPATH;
  if (level != 0) return ERROR_INVALID_LEVEL;
  const User u = the_user();
  if (!is_the_user(user, u)) return NERR_UserNotFound;
  std::vector<std::vector<Field>> groups = {{str("Users")}};
  if (u.admin) groups.insert(groups.begin(), {str("Administrators")});
  const uint64_t b = pack(p, groups);
  if (!b) return ERROR_NOT_ENOUGH_MEMORY;
  p.put_ptr(out.addr, b);
  put<uint32_t>(read.addr, static_cast<uint32_t>(groups.size()));
  put<uint32_t>(total.addr, static_cast<uint32_t>(groups.size()));
  return NERR_Success;
}

// NetWkstaGetInfo(server, level, &buffer): WKSTA_INFO_100 (platform PLATFORM_ID_NT, the computer's
// NetBIOS name, the workgroup, Windows 10.0) and 101 (with the LAN root, none).
uint32_t NetWkstaGetInfo(WindowsProcess& p, WStr server, uint32_t level, Ptr out) {
  if (!out) return ERROR_INVALID_PARAMETER;
  p.put_ptr(out.addr, 0);
  if (!local_server(server)) return ERROR_BAD_NETPATH;
  std::vector<Field> r = {dword(500), str(netbios_name()), str("WORKGROUP"), dword(10), dword(0)};
  if (level == 101) r.push_back(str(""));
  else if (level != 100) return ERROR_INVALID_LEVEL;
  const uint64_t b = pack(p, {r});
  if (!b) return ERROR_NOT_ENOUGH_MEMORY;
  p.put_ptr(out.addr, b);
  return NERR_Success;
}

// NetStatisticsGet(server, service, level 0, options 0, &buffer): the workstation's
// (SERVICE_WORKSTATION, "LanmanWorkstation": STAT_WORKSTATION_0) or the server's (SERVICE_SERVER,
// "LanmanServer": STAT_SERVER_0) statistics since the machine started: no SMB traffic ever went
// through either (there is no redirector and no file server), so every counter is 0 and the start
// is the host's boot time (a FILETIME, or for the server seconds since 1970). Another service is
// ERROR_NOT_SUPPORTED ("only the workstation and server services are supported").
uint64_t boot_seconds_since_1970() {
  FILE* f = std::fopen("/proc/stat", "r");
  uint64_t boot = 0;
  if (f) {
    char line[512];
    while (std::fgets(line, sizeof line, f))
      if (std::sscanf(line, "btime %lu", &boot) == 1) break;
    std::fclose(f);
  }
  return boot;
}

uint32_t NetStatisticsGet(WindowsProcess& p, WStr server, WStr service, uint32_t level, uint32_t options, Ptr out) {
  if (!out || !service.addr) return ERROR_INVALID_PARAMETER;
  p.put_ptr(out.addr, 0);
  if (!local_server(server)) return ERROR_BAD_NETPATH;
  if (level != 0) return ERROR_INVALID_LEVEL;
  if (options != 0) return ERROR_INVALID_PARAMETER;
  const std::string name = utf16_to_utf8(service.str());
  const bool workstation = strcasecmp(name.c_str(), "LanmanWorkstation") == 0;
  if (!workstation && strcasecmp(name.c_str(), "LanmanServer") != 0) return ERROR_NOT_SUPPORTED;
  const uint64_t boot = boot_seconds_since_1970();
  const uint32_t size = workstation ? 216 : 17 * 4;  // sizeof(STAT_WORKSTATION_0), sizeof(STAT_SERVER_0)
  const uint64_t b = p.heap.alloc(size, true);
  if (!b) return ERROR_NOT_ENOUGH_MEMORY;
  std::vector<uint8_t> zero(size, 0);
  std::memcpy(guest_pointer(b), zero.data(), size);
  if (workstation) put<uint64_t>(b, (boot + 11644473600ull) * 10000000ull);  // StatisticsStartTime
  else put<uint32_t>(b, static_cast<uint32_t>(boot));                      // sts0_start
  p.put_ptr(out.addr, b);
  return NERR_Success;
}

// The network connections (NetUse*, the redirector's table of drives and devices mapped to shares):
// the machine has none, and none can be made, since no server's shares are reachable from here
// (there is no SMB redirector): NetUseEnum lists none (levels 0 to 2, USE_INFO_n), NetUseGetInfo and
// NetUseDel find none (NERR_UseNotFound), NetUseAdd's share is a path not found (ERROR_BAD_NETPATH,
// as for a server that cannot be reached).
constexpr uint32_t NERR_UseNotFound = 2250;

uint32_t NetUseEnum(WindowsProcess& p, WStr server, uint32_t level, Ptr out, uint32_t, Ptr read, Ptr total, Ptr resume) {
  if (!out || !read || !total) return ERROR_INVALID_PARAMETER;
  p.put_ptr(out.addr, 0);
  if (!local_server(server)) return ERROR_BAD_NETPATH;
  if (level > 2) return ERROR_INVALID_LEVEL;
  put<uint32_t>(read.addr, 0);
  put<uint32_t>(total.addr, 0);
  if (resume) put<uint32_t>(resume.addr, 0);
  return NERR_Success;
}

uint32_t NetUseGetInfo(WindowsProcess& p, WStr server, WStr name, uint32_t level, Ptr out) {
  if (!out || !name.addr) return ERROR_INVALID_PARAMETER;
  p.put_ptr(out.addr, 0);
  if (!local_server(server)) return ERROR_BAD_NETPATH;
  if (level > 2) return ERROR_INVALID_LEVEL;
  return NERR_UseNotFound;
}

uint32_t NetUseDel(WindowsProcess&, WStr server, WStr name, uint32_t force) {
  if (!name.addr || force > 2) return ERROR_INVALID_PARAMETER;  // USE_NOFORCE, USE_FORCE, USE_LOTS_OF_FORCE
  if (!local_server(server)) return ERROR_BAD_NETPATH;
  return NERR_UseNotFound;
}

uint32_t NetUseAdd(WindowsProcess&, WStr server, uint32_t level, Ptr buffer, Ptr parm_err) {
  if (parm_err) put<uint32_t>(parm_err.addr, 0);
  if (!buffer) return ERROR_INVALID_PARAMETER;
  if (!local_server(server)) return ERROR_BAD_NETPATH;
  if (level < 1 || level > 2) return ERROR_INVALID_LEVEL;
  return ERROR_BAD_NETPATH;
}

}  // namespace

const Dll kNetapi32{"netapi32.dll",
                    false,
                    {
                        EXPORT("NetApiBufferAllocate", NetApiBufferAllocate),
                        EXPORT("NetApiBufferFree", NetApiBufferFree),
                        EXPORT("NetApiBufferSize", NetApiBufferSize),
                        EXPORT("NetApiBufferReallocate", NetApiBufferReallocate),
                        EXPORT("NetGetJoinInformation", NetGetJoinInformation),
                        EXPORT("NetUserGetInfo", NetUserGetInfo),
                        EXPORT("NetUserEnum", NetUserEnum),
                        EXPORT("NetUserGetLocalGroups", NetUserGetLocalGroups),
                        EXPORT("NetWkstaGetInfo", NetWkstaGetInfo),
                        EXPORT("NetUseEnum", NetUseEnum),
                        EXPORT("NetStatisticsGet", NetStatisticsGet),
                        EXPORT("NetUseGetInfo", NetUseGetInfo),
                        EXPORT("NetUseDel", NetUseDel),
                        EXPORT("NetUseAdd", NetUseAdd),
                    }};

}  // namespace polyrun::shims
