// ADVAPI32.dll's registry: an in-memory tree that lives as long as the process, seeded with what
// programs commonly read (the Windows version polyrun reports, the host's time zone, processor and
// environment, a machine GUID). Writes stay for the life of the process, under HKEY_CURRENT_USER
// and HKEY_LOCAL_MACHINE alike: Windows would refuse a standard user's writes under
// HKEY_LOCAL_MACHINE with ERROR_ACCESS_DENIED (or, for a 32-bit program without a manifest,
// redirect them to the user's VirtualStore); here they succeed and are seen by the process only.
//
// Keys are found by name without case, their subkeys enumerated in Windows' order (by upper-case
// name), their values in the order they were first set. A handle is a number from the process's
// handle counter (core/windows_process.h), remembered here with the access it grants; handles to a key
// that was deleted answer ERROR_KEY_DELETED. The predefined keys are HKEY_CLASSES_ROOT
// (HKLM\SOFTWARE\Classes: the per-user classes are not merged into it), HKEY_CURRENT_USER
// (HKEY_USERS\<the user's SID>), HKEY_LOCAL_MACHINE, HKEY_USERS, HKEY_CURRENT_CONFIG and
// HKEY_CURRENT_USER_LOCAL_SETTINGS; HKEY_PERFORMANCE_DATA, whose values are performance counters,
// is not provided. There is one view of the registry: KEY_WOW64_32KEY and KEY_WOW64_64KEY are
// accepted and change nothing (Windows shows 32-bit programs HKLM\SOFTWARE\WOW6432Node instead).
// Every call runs under the process's execution lock, as every call into polyrun does; the tree
// has a mutex of its own besides, so that no two calls change it at once whatever their caller.
//
// RegNotifyChangeKeyValue watches a key (and its subtree) for the changes this process makes, the
// only ones there can be: a subkey added or deleted (REG_NOTIFY_CHANGE_NAME), a value set or
// deleted (REG_NOTIFY_CHANGE_LAST_SET); attributes and security descriptors never change here.
// Each watch fires once, also when its key is deleted or the handle it was made through closed.
// A watch outlives the thread that made it (as with REG_NOTIFY_THREAD_AGNOSTIC; without it,
// Windows ends the watch when that thread exits).
#include <locale.h>
#include <strings.h>
#include <unistd.h>
#include <wctype.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "shims/core/machine_identity.h"
#include "shims/core/access_rights.h"
#include "shims/core/filetime.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"
#include "shims/core/windows_time_zone.h"

namespace polyrun::shims {


namespace {

// Value types (winnt.h).
constexpr uint32_t REG_NONE = 0, REG_SZ = 1, REG_EXPAND_SZ = 2, REG_BINARY = 3, REG_DWORD = 4, REG_MULTI_SZ = 7,
                   REG_QWORD = 11;
// Errors the registry functions return besides core/win_errors.h's.
constexpr int32_t kErrorBadPathname = 161, kErrorMoreData = 234, kErrorNoMoreItems = 259, kErrorNoAccess = 998,
                  kErrorBadKey = 1010, kErrorKeyDeleted = 1018, kErrorCallNotImplemented = 120,
                  kErrorDatatypeMismatch = 1629, kErrorUnsupportedType = 1630;
// Access rights.
constexpr uint32_t KEY_QUERY_VALUE = 0x1, KEY_SET_VALUE = 0x2, KEY_CREATE_SUB_KEY = 0x4, KEY_ENUMERATE_SUB_KEYS = 0x8,
                   KEY_NOTIFY = 0x10, KEY_CREATE_LINK = 0x20, KEY_WOW64_MASK = 0x300, DELETE = 0x10000,
                   READ_CONTROL = 0x20000, WRITE_DAC = 0x40000, WRITE_OWNER = 0x80000, MAXIMUM_ALLOWED = 0x2000000;
constexpr uint32_t KEY_READ = READ_CONTROL | KEY_QUERY_VALUE | KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY;
constexpr uint32_t KEY_WRITE = READ_CONTROL | KEY_SET_VALUE | KEY_CREATE_SUB_KEY;
constexpr uint32_t KEY_ALL_ACCESS = 0xf003f;
// RegCreateKeyEx options.
constexpr uint32_t REG_OPTION_CREATE_LINK = 0x2, REG_OPTION_BACKUP_RESTORE = 0x4;
constexpr uint32_t REG_CREATED_NEW_KEY = 1, REG_OPENED_EXISTING_KEY = 2;
// RegNotifyChangeKeyValue filters.
constexpr uint32_t REG_NOTIFY_CHANGE_NAME = 0x1, REG_NOTIFY_CHANGE_LAST_SET = 0x4, REG_NOTIFY_THREAD_AGNOSTIC = 0x10000000,
                   kNotifyFilters = 0xf | REG_NOTIFY_THREAD_AGNOSTIC;
// RegGetValue flags.
constexpr uint32_t RRF_RT_REG_NONE = 0x1, RRF_RT_REG_SZ = 0x2, RRF_RT_REG_EXPAND_SZ = 0x4, RRF_RT_REG_BINARY = 0x8,
                   RRF_RT_REG_DWORD = 0x10, RRF_RT_REG_MULTI_SZ = 0x20, RRF_RT_REG_QWORD = 0x40,
                   RRF_RT_DWORD = RRF_RT_REG_BINARY | RRF_RT_REG_DWORD, RRF_RT_QWORD = RRF_RT_REG_BINARY | RRF_RT_REG_QWORD,
                   RRF_RT_ANY = 0xffff, RRF_WOW64_MASK = 0x30000, RRF_NOEXPAND = 0x10000000,
                   RRF_ZEROONFAILURE = 0x20000000;
// Limits of names (characters).
constexpr size_t kMaxKeyName = 255, kMaxValueName = 16383;

bool is_string(uint32_t type) { return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ; }

// Upper case as the registry compares names (the host's Unicode case mapping).
std::u16string upcase(const std::u16string& s) {
  static locale_t l = [] {
    locale_t u = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
    return u ? u : ::newlocale(LC_CTYPE_MASK, "C", nullptr);
  }();
  std::u16string out = s;
  for (char16_t& c : out) c = static_cast<char16_t>(::towupper_l(c, l));
  return out;
}

struct Value {
  std::u16string name;
  uint32_t type = REG_NONE;
  std::vector<uint8_t> data;
};

struct Key {
  std::u16string name, class_name;
  Key* parent = nullptr;  // null for the root and a deleted key
  std::map<std::u16string, std::shared_ptr<Key>> subkeys;  // by upper-case name
  std::vector<Value> values;
  uint64_t written = filetime_now();
  bool deleted = false;
  bool predefined = false;  // a root of a predefined handle: never deleted

  Value* value(const std::u16string& n) {
    std::u16string u = upcase(n);
    for (auto& v : values)
      if (upcase(v.name) == u) return &v;
    return nullptr;
  }
  Key* child(const std::u16string& n) {
    auto it = subkeys.find(upcase(n));
    return it == subkeys.end() ? nullptr : it->second.get();
  }
  std::shared_ptr<Key> child_ptr(const std::u16string& n) {
    auto it = subkeys.find(upcase(n));
    return it == subkeys.end() ? nullptr : it->second;
  }
  Key& add(const std::u16string& n) {
    auto k = std::make_shared<Key>();
    k->name = n;
    k->parent = this;
    Key& r = *k;
    subkeys[upcase(n)] = std::move(k);
    written = filetime_now();
    return r;
  }
  void set(const std::u16string& n, uint32_t type, std::vector<uint8_t> data) {
    if (Value* v = value(n)) {
      v->type = type;
      v->data = std::move(data);
    } else {
      values.push_back({n, type, std::move(data)});
    }
    written = filetime_now();
  }
};
using KeyPtr = std::shared_ptr<Key>;

// Marks a key and everything under it deleted: handles to them answer ERROR_KEY_DELETED.
void mark_deleted(Key& k) {
  k.deleted = true;
  k.parent = nullptr;
  for (auto& [n, c] : k.subkeys) mark_deleted(*c);
  k.subkeys.clear();
  k.values.clear();
}

// Predefined handles (winreg.h), as 32-bit values; on x64 the program passes them sign-extended.
constexpr uint32_t kClassesRoot = 0x80000000, kCurrentUser = 0x80000001, kLocalMachine = 0x80000002,
                   kUsers = 0x80000003, kPerformanceData = 0x80000004, kCurrentConfig = 0x80000005,
                   kDynData = 0x80000006, kCurrentUserLocalSettings = 0x80000007, kPerformanceText = 0x80000050,
                   kPerformanceNlsText = 0x80000060;

// An open handle: the key and the access it grants.
struct OpenKey {
  KeyPtr key;
  uint32_t access = 0;
};

// A RegNotifyChangeKeyValue in wait: what it watches, and what it sets when it fires (an event, or
// the flag a synchronous call waits for).
struct Watch {
  KeyPtr key;
  bool subtree = false;
  uint32_t filter = 0;
  uint64_t handle = 0;  // the handle it was made through
  std::shared_ptr<Waitable> event;
  std::shared_ptr<bool> fired;
};

struct Registry {
  GuestCallMutex mutex;
  std::vector<Watch> watches;
  bool seeded = false;
  KeyPtr machine, users;
  KeyPtr classes_root, current_user, current_config, local_settings;
  std::map<uint64_t, OpenKey> handles;
};

Registry& registry() {
  static Registry r;
  return r;
}

std::vector<uint8_t> bytes_of(const std::u16string& s) {
  std::vector<uint8_t> b((s.size() + 1) * 2);
  std::memcpy(b.data(), s.c_str(), b.size());
  return b;
}
std::vector<uint8_t> sz(const std::string& s) { return bytes_of(utf8_to_utf16(s)); }
std::vector<uint8_t> dword(uint32_t v) {
  std::vector<uint8_t> b(4);
  std::memcpy(b.data(), &v, 4);
  return b;
}
std::u16string w(const std::string& s) { return utf8_to_utf16(s); }

// The key at a backslash-separated path under `from`, created where missing (seeding only).
Key& make_path(Key& from, const std::string& path) {
  Key* k = &from;
  size_t at = 0;
  while (at < path.size()) {
    size_t end = path.find('\\', at);
    if (end == std::string::npos) end = path.size();
    std::u16string part = w(path.substr(at, end - at));
    Key* c = k->child(part);
    k = c ? c : &k->add(part);
    at = end + 1;
  }
  return *k;
}

// The shared pointer its parent holds to a key of the tree.
KeyPtr ptr_of(Key& k) { return k.parent->child_ptr(k.name); }

// A stable 64-bit hash (FNV-1a) of `s` under a seed.
uint64_t hash64(const std::string& s, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ull ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

// What identifies this machine: systemd's machine id, else the host name. Never shown as it is:
// the GUID and SID below are hashes of it.
std::string machine_identity() {
  for (const char* f : {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
    std::ifstream in(f);
    std::string id;
    if (std::getline(in, id) && !id.empty()) return id;
  }
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return host;
}

// MachineGuid: lower-case hex in 8-4-4-4-12 groups, the same on every run on this machine.
std::string machine_guid() {
  std::string id = machine_identity();
  uint64_t a = hash64(id, 0x706f6c7972756e31ull), b = hash64(id, 0x706f6c7972756e32ull);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>(a >> 16 & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffull));
  return buf;
}

// The user's SID, S-1-5-21-<machine>-1001 as for the first account made on a Windows machine.
std::string user_sid() {
  uint64_t a = hash64(machine_identity(), 0x7369642d61ull), b = hash64(machine_identity(), 0x7369642d62ull);
  return "S-1-5-21-" + std::to_string(static_cast<uint32_t>(a)) + "-" + std::to_string(static_cast<uint32_t>(a >> 32)) +
         "-" + std::to_string(static_cast<uint32_t>(b)) + "-1001";
}

// HARDWARE\DESCRIPTION\System\CentralProcessor\<n>: one key per processor of /proc/cpuinfo (as
// many as GetSystemInfo counts).
void seed_processors(Key& machine) {
  Key& cpus = make_path(machine, "HARDWARE\\DESCRIPTION\\System\\CentralProcessor");
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  struct Cpu {
    std::string name, vendor, family, model, stepping;
    double mhz = 0;
  };
  std::vector<Cpu> list;
  while (std::getline(in, line)) {
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string field = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
    std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
    if (field == "processor") list.emplace_back();
    if (list.empty()) continue;
    Cpu& c = list.back();
    if (field == "model name") c.name = value;
    else if (field == "vendor_id") c.vendor = value;
    else if (field == "cpu family") c.family = value;
    else if (field == "model") c.model = value;
    else if (field == "stepping") c.stepping = value;
    else if (field == "cpu MHz") c.mhz = std::atof(value.c_str());
  }
  size_t n = std::min<size_t>({list.size(), std::max(1u, std::thread::hardware_concurrency()), 64});
  for (size_t i = 0; i < n; ++i) {
    const Cpu& c = list[i];
    Key& k = make_path(cpus, std::to_string(i));
    k.set(u"ProcessorNameString", REG_SZ, sz(c.name));
    k.set(u"VendorIdentifier", REG_SZ, sz(c.vendor));
    std::string arch = c.vendor == "GenuineIntel" ? "Intel64" : c.vendor == "AuthenticAMD" ? "AMD64" : "x86";
    k.set(u"Identifier", REG_SZ, sz(arch + " Family " + c.family + " Model " + c.model + " Stepping " + c.stepping));
    k.set(u"~MHz", REG_DWORD, dword(static_cast<uint32_t>(c.mhz + 0.5)));
  }
}

// The time zone's TZI: Bias, StandardBias, DaylightBias, StandardDate, DaylightDate.
std::vector<uint8_t> tzi(const HostTimeZone& z) {
  std::vector<uint8_t> b(44);
  int32_t biases[3] = {z.bias, z.standard_bias, z.daylight_bias};
  std::memcpy(b.data(), biases, 12);
  std::memcpy(b.data() + 12, &z.standard_date, 16);
  std::memcpy(b.data() + 28, &z.daylight_date, 16);
  return b;
}
std::vector<uint8_t> systemtime(const ZoneDate& d) {
  std::vector<uint8_t> b(16);
  std::memcpy(b.data(), &d, 16);
  return b;
}

void seed_time_zone(Key& machine) {
  HostTimeZone z = host_time_zone();
  Key& info = make_path(machine, "SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation");
  info.set(u"Bias", REG_DWORD, dword(static_cast<uint32_t>(z.bias)));
  info.set(u"StandardName", REG_SZ, sz(z.standard_name));
  info.set(u"StandardBias", REG_DWORD, dword(static_cast<uint32_t>(z.standard_bias)));
  info.set(u"StandardStart", REG_BINARY, systemtime(z.standard_date));
  info.set(u"DaylightName", REG_SZ, sz(z.daylight_name));
  info.set(u"DaylightBias", REG_DWORD, dword(static_cast<uint32_t>(z.daylight_bias)));
  info.set(u"DaylightStart", REG_BINARY, systemtime(z.daylight_date));
  info.set(u"ActiveTimeBias", REG_DWORD, dword(static_cast<uint32_t>(z.active_bias)));
  info.set(u"TimeZoneKeyName", REG_SZ, sz(z.key_name));
  info.set(u"DynamicDaylightTimeDisabled", REG_DWORD, dword(0));
  // Its entry in the list of zones: "(UTC+01:00) name", the two names and the TZI.
  Key& zone = make_path(machine, "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones");
  Key& entry = *(zone.child(w(z.key_name)) ? zone.child(w(z.key_name)) : &zone.add(w(z.key_name)));
  int32_t east = -z.bias;
  char utc[32];
  if (east == 0) std::snprintf(utc, sizeof utc, "(UTC)");
  else std::snprintf(utc, sizeof utc, "(UTC%c%02d:%02d)", east < 0 ? '-' : '+', std::abs(east) / 60, std::abs(east) % 60);
  entry.set(u"Display", REG_SZ, sz(std::string(utc) + " " + z.iana_name));
  entry.set(u"Std", REG_SZ, sz(z.standard_name));
  entry.set(u"Dlt", REG_SZ, sz(z.daylight_name.empty() ? z.standard_name : z.daylight_name));
  entry.set(u"TZI", REG_BINARY, tzi(z));
}

// The environment the process started with, split as Windows keeps it: the variables Windows
// defines for the whole machine under Session Manager\Environment, the user's own under
// HKCU\Environment, and none of those Windows computes at logon (the user's profile, the machine's
// name and folders).
void seed_environment(Key& machine, Key& user, const std::vector<std::string>& env) {
  static const char* const kSystem[] = {"ComSpec", "DriverData", "NUMBER_OF_PROCESSORS", "OS", "Path", "PATHEXT",
                                        "PROCESSOR_ARCHITECTURE", "PROCESSOR_IDENTIFIER", "PROCESSOR_LEVEL",
                                        "PROCESSOR_REVISION", "PSModulePath", "windir"};
  static const char* const kComputed[] = {"ALLUSERSPROFILE", "APPDATA", "CommonProgramFiles", "CommonProgramFiles(x86)",
                                          "CommonProgramW6432", "COMPUTERNAME", "HOMEDRIVE", "HOMEPATH", "LOCALAPPDATA",
                                          "LOGONSERVER", "ProgramData", "ProgramFiles", "ProgramFiles(x86)",
                                          "ProgramW6432", "PUBLIC", "SESSIONNAME", "SystemDrive", "SystemRoot",
                                          "USERDOMAIN", "USERDOMAIN_ROAMINGPROFILE", "USERNAME", "USERPROFILE"};
  auto in = [](const auto& list, const std::string& n) {
    for (const char* x : list)
      if (::strcasecmp(x, n.c_str()) == 0) return true;
    return false;
  };
  Key& sys = make_path(machine, "SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment");
  Key& usr = make_path(user, "Environment");
  for (const auto& kv : env) {
    size_t eq = kv.find('=', 1);  // (names of the per-drive directories begin with '=')
    if (eq == std::string::npos || kv[0] == '=') continue;
    std::string name = kv.substr(0, eq), value = kv.substr(eq + 1);
    if (in(kComputed, name)) continue;
    uint32_t type = value.find('%') != std::string::npos ? REG_EXPAND_SZ : REG_SZ;
    (in(kSystem, name) ? sys : usr).set(w(name), type, sz(value));
  }
}

// The tree as programs expect to find it. The version is the one RtlGetVersion and the PEB
// report (10.0.19045: Windows 10 22H2), whose CurrentVersion Windows keeps at 6.3.
void seed(WindowsProcess& p, Registry& r) {
  r.seeded = true;
  auto root = [](const char* name) {
    auto k = std::make_shared<Key>();
    k->name = w(name);
    k->predefined = true;
    return k;
  };
  r.machine = root("MACHINE");
  r.users = root("USER");
  Key& m = *r.machine;
  Key& nt = make_path(m, "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion");
  nt.set(u"ProductName", REG_SZ, sz("Windows 10 Pro"));
  nt.set(u"EditionID", REG_SZ, sz("Professional"));
  nt.set(u"InstallationType", REG_SZ, sz("Client"));
  nt.set(u"CurrentVersion", REG_SZ, sz("6.3"));
  nt.set(u"CurrentMajorVersionNumber", REG_DWORD, dword(10));
  nt.set(u"CurrentMinorVersionNumber", REG_DWORD, dword(0));
  nt.set(u"CurrentBuild", REG_SZ, sz("19045"));
  nt.set(u"CurrentBuildNumber", REG_SZ, sz("19045"));
  nt.set(u"ReleaseId", REG_SZ, sz("2009"));
  nt.set(u"DisplayVersion", REG_SZ, sz("22H2"));
  nt.set(u"CurrentType", REG_SZ, sz("Multiprocessor Free"));
  nt.set(u"SystemRoot", REG_SZ, sz("C:\\windows"));  // GetWindowsDirectory's
  nt.set(u"RegisteredOwner", REG_SZ, sz(account_user_name()));
  make_path(m, "SOFTWARE\\Microsoft\\Cryptography").set(u"MachineGuid", REG_SZ, sz(machine_guid()));
  seed_time_zone(m);
  seed_processors(m);
  r.classes_root = ptr_of(make_path(m, "SOFTWARE\\Classes"));
  r.current_config = ptr_of(make_path(m, "SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current"));

  make_path(*r.users, ".DEFAULT\\Software");
  r.current_user = ptr_of(make_path(*r.users, user_sid()));
  Key& hkcu = *r.current_user;
  make_path(hkcu, "Software\\Microsoft");
  r.local_settings = ptr_of(make_path(hkcu, "Software\\Classes\\Local Settings"));
  for (Key* k : {r.classes_root.get(), r.current_config.get(), r.current_user.get(), r.local_settings.get()})
    k->predefined = true;
  seed_environment(m, hkcu, p.startup_env);
}

// What a requested access grants: the generic rights mapped to the key's, and everything asked
// for (no key here has a security descriptor that refuses anything).
uint32_t granted(uint32_t sam) {
  uint32_t a = sam & ~(KEY_WOW64_MASK | MAXIMUM_ALLOWED | GENERIC_ALL | GENERIC_EXECUTE | GENERIC_WRITE | GENERIC_READ);
  if (sam & (GENERIC_READ | GENERIC_EXECUTE)) a |= KEY_READ;
  if (sam & GENERIC_WRITE) a |= KEY_WRITE;
  if (sam & (GENERIC_ALL | MAXIMUM_ALLOWED)) a |= KEY_ALL_ACCESS;
  return a;
}

// The 32-bit value of a predefined handle, or 0 for another handle. Only the low 32 bits count
// when the rest is their sign or zero extension, as advapi32 compares them.
uint32_t predefined_of(uint64_t h) {
  uint32_t hi = static_cast<uint32_t>(h >> 32), lo = static_cast<uint32_t>(h);
  if (hi != 0 && hi != 0xffffffffu) return 0;
  return (lo >= kClassesRoot && lo <= kCurrentUserLocalSettings) || lo == kPerformanceText || lo == kPerformanceNlsText ? lo : 0;
}

// The key a handle names, if it grants `need`.
int32_t resolve(WindowsProcess& p, Registry& r, uint64_t h, uint32_t need, OpenKey& out) {
  if (!r.seeded) seed(p, r);
  if (uint32_t pre = predefined_of(h)) {
    switch (pre) {
      case kClassesRoot: out.key = r.classes_root; break;
      case kCurrentUser: out.key = r.current_user; break;
      case kLocalMachine: out.key = r.machine; break;
      case kUsers: out.key = r.users; break;
      case kCurrentConfig: out.key = r.current_config; break;
      case kCurrentUserLocalSettings: out.key = r.local_settings; break;
      case kDynData: return ERROR_INVALID_HANDLE;  // Windows 9x's; absent on NT
      default: return kErrorCallNotImplemented;    // the performance counters
    }
    out.access = KEY_ALL_ACCESS;
    return ERROR_SUCCESS;
  }
  auto it = r.handles.find(h);
  if (it == r.handles.end()) return ERROR_INVALID_HANDLE;
  out = it->second;
  if (out.key->deleted) return kErrorKeyDeleted;
  if ((out.access & need) != need) return ERROR_ACCESS_DENIED;
  return ERROR_SUCCESS;
}

uint64_t new_handle(WindowsProcess& p, Registry& r, KeyPtr key, uint32_t access) {
  uint64_t h = p.next_handle;
  p.next_handle += 4;
  r.handles[h] = {std::move(key), access};
  return h;
}

// A subkey path: its names between backslashes (a run of them counts as one, a trailing one is
// ignored). A path may not begin with one, as NT refuses a relative name that does.
int32_t split_path(const std::u16string& path, std::vector<std::u16string>& parts) {
  parts.clear();
  if (!path.empty() && path[0] == u'\\') return kErrorBadPathname;
  size_t at = 0;
  while (at < path.size()) {
    size_t end = path.find(u'\\', at);
    if (end == std::u16string::npos) end = path.size();
    if (end > at) {
      if (end - at > kMaxKeyName) return ERROR_INVALID_PARAMETER;
      parts.push_back(path.substr(at, end - at));
    }
    at = end + 1;
  }
  return ERROR_SUCCESS;
}

int32_t walk(KeyPtr from, const std::u16string& path, KeyPtr& out) {
  std::vector<std::u16string> parts;
  if (int32_t e = split_path(path, parts)) return e;
  for (const auto& n : parts) {
    KeyPtr c = from->child_ptr(n);
    if (!c) return ERROR_FILE_NOT_FOUND;
    from = std::move(c);
  }
  out = std::move(from);
  return ERROR_SUCCESS;
}

std::u16string wide_arg(WStr s) { return s.addr ? s.str() : std::u16string(); }
std::u16string narrow_arg(CStr s) { return s.addr ? utf8_to_utf16(s.str()) : std::u16string(); }

// ---- change notifications ----

// Sets an event as SetEvent does (kernel32/sync.cpp): in this process, or in the cell it shares
// with another.
void signal(Waitable& w) {
  if (w.shared) {
    w.shared->page->count.store(1, std::memory_order_release);
    w.shared->changed();
  } else {
    w.count = 1;
  }
}

void fire(WindowsProcess& p, Watch& w) {
  if (w.event) signal(*w.event);
  if (w.fired) *w.fired = true;
  p.wake_waiters();
}

bool under(const Key& key, const Key* k) {
  for (; k; k = k->parent)
    if (k == &key) return true;
  return false;
}

// A change of `what` (REG_NOTIFY_CHANGE_*) to `changed`: the watches on it, or on a key above it
// with its subtree, fire and end.
void notify(WindowsProcess& p, Registry& r, const Key& changed, uint32_t what) {
  std::erase_if(r.watches, [&](Watch& w) {
    if (!(w.filter & what) || !(w.key.get() == &changed || (w.subtree && under(*w.key, &changed)))) return false;
    fire(p, w);
    return true;
  });
}

// Keys deleted (or a handle closed): the watches on them end, firing.
void end_watches(WindowsProcess& p, Registry& r, const std::function<bool(const Watch&)>& ends) {
  std::erase_if(r.watches, [&](Watch& w) {
    if (!ends(w)) return false;
    fire(p, w);
    return true;
  });
}

// ---- opening and creating ----

int32_t open_key(WindowsProcess& p, uint64_t hkey, const char16_t* name, uint32_t sam, Ptr result) {
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  std::u16string n = name ? std::u16string(name) : std::u16string();
  // The predefined handle itself, for no subkey.
  if (result && n.empty() && predefined_of(hkey)) {
    p.put_ptr(result.addr, hkey);
    return ERROR_SUCCESS;
  }
  // One leading backslash is allowed under HKEY_CLASSES_ROOT (Windows NT's exception).
  if (predefined_of(hkey) == kClassesRoot && !n.empty() && n[0] == u'\\') n.erase(0, 1);
  if (!result) return ERROR_INVALID_PARAMETER;
  p.put_ptr(result.addr, 0);
  OpenKey base;
  if (int32_t e = resolve(p, r, hkey, 0, base)) return e;
  KeyPtr k;
  if (int32_t e = walk(base.key, n, k)) return e;
  p.put_ptr(result.addr, new_handle(p, r, k, granted(sam)));
  return ERROR_SUCCESS;
}

int32_t create_key(WindowsProcess& p, uint64_t hkey, const std::u16string& name, uint32_t reserved,
                   const std::u16string& cls, uint32_t options, uint32_t sam, Ptr result, Ptr disposition) {
  if (!result) return kErrorBadKey;
  if (reserved) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey base;
  if (int32_t e = resolve(p, r, hkey, 0, base)) return e;
  // Symbolic links between keys are not provided; backup-restore semantics need SeBackupPrivilege
  // and SeRestorePrivilege, which a standard user's token does not hold (advapi32/advapi32.cpp).
  if (options & REG_OPTION_CREATE_LINK) return ERROR_NOT_SUPPORTED;
  if (options & REG_OPTION_BACKUP_RESTORE) return ERROR_ACCESS_DENIED;
  std::vector<std::u16string> parts;
  if (int32_t e = split_path(name, parts)) return e;
  KeyPtr k = base.key;
  uint32_t dispo = REG_OPENED_EXISTING_KEY;
  for (const auto& n : parts) {
    KeyPtr c = k->child_ptr(n);
    if (!c) {
      k->add(n).class_name = cls;
      c = k->child_ptr(n);
      dispo = REG_CREATED_NEW_KEY;
      notify(p, r, *k, REG_NOTIFY_CHANGE_NAME);
    }
    k = std::move(c);
  }
  p.put_ptr(result.addr, new_handle(p, r, k, granted(sam)));
  put<uint32_t>(disposition.addr, dispo);
  return ERROR_SUCCESS;
}

int32_t RegOpenKeyExW(WindowsProcess& p, Ptr hkey, WStr name, uint32_t, uint32_t sam, Ptr result) {
  std::u16string n = wide_arg(name);
  return open_key(p, hkey.addr, n.c_str(), sam, result);
}
int32_t RegOpenKeyExA(WindowsProcess& p, Ptr hkey, CStr name, uint32_t, uint32_t sam, Ptr result) {
  std::u16string n = narrow_arg(name);
  return open_key(p, hkey.addr, n.c_str(), sam, result);
}
// RegOpenKey: the same handle back for no subkey; else opened with every right.
int32_t RegOpenKeyW(WindowsProcess& p, Ptr hkey, WStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  if (wide_arg(name).empty()) {
    p.put_ptr(result.addr, hkey.addr);
    return ERROR_SUCCESS;
  }
  return RegOpenKeyExW(p, hkey, name, 0, MAXIMUM_ALLOWED, result);
}
int32_t RegOpenKeyA(WindowsProcess& p, Ptr hkey, CStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  if (narrow_arg(name).empty()) {
    p.put_ptr(result.addr, hkey.addr);
    return ERROR_SUCCESS;
  }
  return RegOpenKeyExA(p, hkey, name, 0, MAXIMUM_ALLOWED, result);
}

int32_t RegCreateKeyExW(WindowsProcess& p, Ptr hkey, WStr name, uint32_t reserved, WStr cls, uint32_t options,
                        uint32_t sam, Ptr, Ptr result, Ptr disposition) {
  return create_key(p, hkey.addr, wide_arg(name), reserved, wide_arg(cls), options, sam, result, disposition);
}
int32_t RegCreateKeyExA(WindowsProcess& p, Ptr hkey, CStr name, uint32_t reserved, CStr cls, uint32_t options,
                        uint32_t sam, Ptr, Ptr result, Ptr disposition) {
  return create_key(p, hkey.addr, narrow_arg(name), reserved, narrow_arg(cls), options, sam, result, disposition);
}
int32_t RegCreateKeyW(WindowsProcess& p, Ptr hkey, WStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  return create_key(p, hkey.addr, wide_arg(name), 0, u"", 0, MAXIMUM_ALLOWED, result, Ptr(0));
}
int32_t RegCreateKeyA(WindowsProcess& p, Ptr hkey, CStr name, Ptr result) {
  if (!result) return ERROR_INVALID_PARAMETER;
  return create_key(p, hkey.addr, narrow_arg(name), 0, u"", 0, MAXIMUM_ALLOWED, result, Ptr(0));
}

int32_t RegCloseKey(WindowsProcess& p, Ptr hkey) {
  if (predefined_of(hkey.addr)) return ERROR_SUCCESS;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  if (!r.handles.erase(hkey.addr)) return ERROR_INVALID_HANDLE;
  end_watches(p, r, [&](const Watch& w) { return w.handle == hkey.addr; });
  return ERROR_SUCCESS;
}

// The tree is in memory only: there is nothing to write out.
int32_t RegFlushKey(WindowsProcess& p, Ptr hkey) {
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  return resolve(p, r, hkey.addr, 0, k);
}

// ---- values ----

// Copies a value's data as RegQueryValueEx does: the size (and type) always, the data when the
// buffer holds it (ERROR_MORE_DATA otherwise, the buffer untouched); a string that fits with room
// to spare and does not end in a NUL gets one.
int32_t put_data(uint32_t type, const std::vector<uint8_t>& d, Ptr type_out, Ptr data, Ptr count, unsigned nul) {
  int32_t status = ERROR_SUCCESS;
  if (data) {
    uint32_t have = get<uint32_t>(count.addr);
    if (d.size() > have) {
      status = kErrorMoreData;
    } else {
      if (!d.empty()) std::memcpy(guest_pointer(data.addr), d.data(), d.size());
      if (is_string(type) && d.size() >= nul && d.size() + nul <= have) {
        bool ended = true;
        for (unsigned i = 0; i < nul; ++i) ended = ended && d[d.size() - nul + i] == 0;
        if (!ended) std::memset(guest_pointer(data.addr + d.size()), 0, nul);
      }
    }
  }
  put<uint32_t>(type_out.addr, type);
  put<uint32_t>(count.addr, static_cast<uint32_t>(d.size()));
  return status;
}

// A string value's data in the ANSI code page (UTF-8): every UTF-16 unit converted, NULs too.
std::vector<uint8_t> to_ansi(const std::vector<uint8_t>& d) {
  std::u16string s(d.size() / 2, u'\0');
  if (!s.empty()) std::memcpy(s.data(), d.data(), s.size() * 2);
  std::string a = utf16_to_utf8(s);
  return std::vector<uint8_t>(a.begin(), a.end());
}
std::vector<uint8_t> from_ansi(const uint8_t* d, size_t n) {
  std::u16string s = utf8_to_utf16(std::string(reinterpret_cast<const char*>(d), n));
  std::vector<uint8_t> b(s.size() * 2);
  if (!b.empty()) std::memcpy(b.data(), s.data(), b.size());
  return b;
}

// Finds a value (its type and data, UTF-16 strings converted to ANSI when `ansi`).
int32_t find_value(WindowsProcess& p, Registry& r, uint64_t hkey, const std::u16string& name, bool ansi, uint32_t& type,
                   std::vector<uint8_t>& data) {
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey, KEY_QUERY_VALUE, k)) return e;
  Value* v = k.key->value(name);
  if (!v) return ERROR_FILE_NOT_FOUND;
  type = v->type;
  data = ansi && is_string(v->type) ? to_ansi(v->data) : v->data;
  return ERROR_SUCCESS;
}

int32_t query_value(WindowsProcess& p, Ptr hkey, const std::u16string& name, Ptr reserved, Ptr type, Ptr data, Ptr count,
                    bool ansi) {
  if ((data && !count) || reserved) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  uint32_t t = 0;
  std::vector<uint8_t> d;
  if (int32_t e = find_value(p, r, hkey.addr, name, ansi, t, d)) return e;
  return put_data(t, d, type, data, count, ansi ? 1 : 2);
}
int32_t RegQueryValueExW(WindowsProcess& p, Ptr hkey, WStr name, Ptr reserved, Ptr type, Ptr data, Ptr count) {
  return query_value(p, hkey, wide_arg(name), reserved, type, data, count, false);
}
int32_t RegQueryValueExA(WindowsProcess& p, Ptr hkey, CStr name, Ptr reserved, Ptr type, Ptr data, Ptr count) {
  return query_value(p, hkey, narrow_arg(name), reserved, type, data, count, true);
}

// %NAME% replaced by the variable's value where it is set, as ExpandEnvironmentStrings does.
std::string expand(WindowsProcess& p, const std::string& s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '%') {
      out += s[i++];
      continue;
    }
    size_t j = s.find('%', i + 1);
    if (j == std::string::npos) {
      out += s.substr(i);
      break;
    }
    std::optional<std::string> v = j > i + 1 ? p.find_env(s.substr(i + 1, j - i - 1)) : std::nullopt;
    if (v) {
      out += *v;
      i = j + 1;
    } else {
      out += s.substr(i, j - i);  // the second '%' may begin a name
      i = j;
    }
  }
  return out;
}

uint32_t type_mask(uint32_t type) {
  switch (type) {
    case REG_NONE: return RRF_RT_REG_NONE;
    case REG_SZ: return RRF_RT_REG_SZ;
    case REG_EXPAND_SZ: return RRF_RT_REG_EXPAND_SZ;
    case REG_BINARY: return RRF_RT_REG_BINARY;
    case REG_DWORD: return RRF_RT_REG_DWORD;
    case REG_MULTI_SZ: return RRF_RT_REG_MULTI_SZ;
    case REG_QWORD: return RRF_RT_REG_QWORD;
    default: return 0;
  }
}

// RegGetValue: a value of hkey or of its subkey, of a type the flags allow, strings always ending
// in a NUL and REG_EXPAND_SZ expanded (reported as REG_SZ) unless RRF_NOEXPAND.
int32_t get_value(WindowsProcess& p, Ptr hkey, const std::u16string& subkey, const std::u16string& name, uint32_t flags,
                  Ptr type_out, Ptr data, Ptr count, bool ansi) {
  if (data && !count) return ERROR_INVALID_PARAMETER;
  // Expansion gives REG_SZ: asking for REG_EXPAND_SZ alone needs RRF_NOEXPAND.
  if ((flags & RRF_RT_REG_EXPAND_SZ) && !(flags & RRF_NOEXPAND) && (flags & RRF_RT_ANY) != RRF_RT_ANY)
    return ERROR_INVALID_PARAMETER;
  if ((flags & RRF_WOW64_MASK) == RRF_WOW64_MASK) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  uint64_t h = hkey.addr;
  uint64_t opened = 0;
  if (!subkey.empty()) {
    OpenKey base;
    if (int32_t e = resolve(p, r, h, 0, base)) return e;
    KeyPtr k;
    if (int32_t e = walk(base.key, subkey, k)) return e;
    opened = h = new_handle(p, r, k, KEY_QUERY_VALUE);
  }
  uint32_t type = 0;
  std::vector<uint8_t> d;
  int32_t status = find_value(p, r, h, name, ansi, type, d);
  if (opened) r.handles.erase(opened);
  const uint32_t have = data ? get<uint32_t>(count.addr) : 0;
  if (status == ERROR_SUCCESS) {
    const unsigned unit = ansi ? 1 : 2;
    if (is_string(type)) {
      d.resize(d.size() / unit * unit);
      bool ended = d.size() >= unit;
      for (unsigned i = 0; ended && i < unit; ++i) ended = d[d.size() - unit + i] == 0;
      if (!ended) d.insert(d.end(), unit, 0);
      if (type == REG_EXPAND_SZ && !(flags & RRF_NOEXPAND)) {
        std::string s;
        if (ansi) {
          s.assign(reinterpret_cast<const char*>(d.data()));
        } else {
          std::u16string u(reinterpret_cast<const char16_t*>(d.data()));
          s = utf16_to_utf8(u);
        }
        std::string x = expand(p, s);
        if (ansi) {
          d.assign(x.begin(), x.end());
          d.push_back(0);
        } else {
          d = bytes_of(utf8_to_utf16(x));
        }
        type = REG_SZ;
      }
    }
    if (data) {
      if (d.size() > have) status = kErrorMoreData;
      else if (!d.empty()) std::memcpy(guest_pointer(data.addr), d.data(), d.size());
    }
    // The flags' restriction on the type; binary data passes for RRF_RT_DWORD (RRF_RT_QWORD)
    // only when it is 4 (8) bytes long.
    if (!(flags & type_mask(type))) {
      status = kErrorUnsupportedType;
    } else if (type == REG_BINARY) {
      uint32_t want = (flags & RRF_RT_ANY) == RRF_RT_DWORD ? 4 : (flags & RRF_RT_ANY) == RRF_RT_QWORD ? 8 : 0;
      if (want && d.size() != want) status = kErrorDatatypeMismatch;
    }
    put<uint32_t>(type_out.addr, type);
    put<uint32_t>(count.addr, static_cast<uint32_t>(d.size()));
  }
  if (data && status != ERROR_SUCCESS && (flags & RRF_ZEROONFAILURE) && have)
    std::memset(guest_pointer(data.addr), 0, have);
  return status;
}
int32_t RegGetValueW(WindowsProcess& p, Ptr hkey, WStr subkey, WStr value, uint32_t flags, Ptr type, Ptr data, Ptr count) {
  return get_value(p, hkey, wide_arg(subkey), wide_arg(value), flags, type, data, count, false);
}
int32_t RegGetValueA(WindowsProcess& p, Ptr hkey, CStr subkey, CStr value, uint32_t flags, Ptr type, Ptr data, Ptr count) {
  return get_value(p, hkey, narrow_arg(subkey), narrow_arg(value), flags, type, data, count, true);
}

// RegSetValueEx: a string whose size leaves out its final NUL (the NUL just after it) gets it
// counted, as Windows does.
int32_t set_value(WindowsProcess& p, uint64_t hkey, const std::u16string& name, uint32_t type, Ptr data, uint32_t count,
                  bool ansi) {
  if ((data && (data.addr >> 16) == 0) || (!data && count)) return kErrorNoAccess;
  const uint8_t* d = data.as<const uint8_t>();
  if (count && is_string(type)) {
    if (ansi) {
      if (d[count - 1] && !d[count]) ++count;
    } else if (count >= 2) {
      const char16_t* s = data.as<const char16_t>();
      if (s[count / 2 - 1] && !s[count / 2]) count += 2;
    }
  }
  if (name.size() > kMaxValueName) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey, KEY_SET_VALUE, k)) return e;
  std::vector<uint8_t> bytes = ansi && is_string(type) ? from_ansi(d, count) : std::vector<uint8_t>(d, d + count);
  k.key->set(name, type, std::move(bytes));
  notify(p, r, *k.key, REG_NOTIFY_CHANGE_LAST_SET);
  return ERROR_SUCCESS;
}
int32_t RegSetValueExW(WindowsProcess& p, Ptr hkey, WStr name, uint32_t, uint32_t type, Ptr data, uint32_t count) {
  return set_value(p, hkey.addr, wide_arg(name), type, data, count, false);
}
int32_t RegSetValueExA(WindowsProcess& p, Ptr hkey, CStr name, uint32_t, uint32_t type, Ptr data, uint32_t count) {
  return set_value(p, hkey.addr, narrow_arg(name), type, data, count, true);
}

// RegSetKeyValue: the value of a subkey, created if missing.
int32_t set_key_value(WindowsProcess& p, Ptr hkey, const std::u16string& subkey, const std::u16string& name,
                      uint32_t type, Ptr data, uint32_t count, bool ansi) {
  uint64_t h = hkey.addr;
  uint64_t sub = 0;
  if (!subkey.empty()) {
    uint64_t slot = p.alloc_data(8);
    int32_t e = create_key(p, h, subkey, 0, u"", 0, KEY_SET_VALUE, Ptr(slot), Ptr(0));
    sub = p.get_ptr(slot);
    p.heap.free(slot);
    if (e) return e;
    h = sub;
  }
  int32_t e = set_value(p, h, name, type, data, count, ansi);
  if (sub) RegCloseKey(p, Ptr(sub));
  return e;
}
int32_t RegSetKeyValueW(WindowsProcess& p, Ptr hkey, WStr subkey, WStr name, uint32_t type, Ptr data, uint32_t count) {
  return set_key_value(p, hkey, wide_arg(subkey), wide_arg(name), type, data, count, false);
}
int32_t RegSetKeyValueA(WindowsProcess& p, Ptr hkey, CStr subkey, CStr name, uint32_t type, Ptr data, uint32_t count) {
  return set_key_value(p, hkey, narrow_arg(subkey), narrow_arg(name), type, data, count, true);
}

int32_t delete_value(WindowsProcess& p, uint64_t hkey, const std::u16string& name) {
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey, KEY_SET_VALUE, k)) return e;
  std::u16string u = upcase(name);
  auto& vs = k.key->values;
  auto it = std::find_if(vs.begin(), vs.end(), [&](const Value& v) { return upcase(v.name) == u; });
  if (it == vs.end()) return ERROR_FILE_NOT_FOUND;
  vs.erase(it);
  k.key->written = filetime_now();
  notify(p, r, *k.key, REG_NOTIFY_CHANGE_LAST_SET);
  return ERROR_SUCCESS;
}
int32_t RegDeleteValueW(WindowsProcess& p, Ptr hkey, WStr name) { return delete_value(p, hkey.addr, wide_arg(name)); }
int32_t RegDeleteValueA(WindowsProcess& p, Ptr hkey, CStr name) { return delete_value(p, hkey.addr, narrow_arg(name)); }

// ---- deleting keys ----

// Deletes a key and what is under it: its watches fire, and so do those on the parent.
void delete_under(WindowsProcess& p, Registry& r, Key& k) {
  end_watches(p, r, [&](const Watch& w) { return under(k, w.key.get()); });
  mark_deleted(k);
}

int32_t remove_key(WindowsProcess& p, Registry& r, Key& k) {
  if (k.predefined || !k.parent) return ERROR_ACCESS_DENIED;
  Key& parent = *k.parent;
  KeyPtr keep = parent.child_ptr(k.name);  // (k outlives its erasure from the parent)
  parent.subkeys.erase(upcase(k.name));
  parent.written = filetime_now();
  delete_under(p, r, k);
  notify(p, r, parent, REG_NOTIFY_CHANGE_NAME);
  return ERROR_SUCCESS;
}

// RegDeleteKey(Ex): a key without subkeys (an empty name: the key hkey names).
int32_t delete_key(WindowsProcess& p, uint64_t hkey, const std::u16string* name) {
  if (!name) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey base;
  if (int32_t e = resolve(p, r, hkey, 0, base)) return e;
  KeyPtr k;
  if (int32_t e = walk(base.key, *name, k)) return e;
  if (!k->subkeys.empty()) return ERROR_ACCESS_DENIED;
  return remove_key(p, r, *k);
}
int32_t RegDeleteKeyW(WindowsProcess& p, Ptr hkey, WStr name) {
  std::u16string n = wide_arg(name);
  return delete_key(p, hkey.addr, name.addr ? &n : nullptr);
}
int32_t RegDeleteKeyA(WindowsProcess& p, Ptr hkey, CStr name) {
  std::u16string n = narrow_arg(name);
  return delete_key(p, hkey.addr, name.addr ? &n : nullptr);
}
int32_t RegDeleteKeyExW(WindowsProcess& p, Ptr hkey, WStr name, uint32_t, uint32_t) { return RegDeleteKeyW(p, hkey, name); }
int32_t RegDeleteKeyExA(WindowsProcess& p, Ptr hkey, CStr name, uint32_t, uint32_t) { return RegDeleteKeyA(p, hkey, name); }

// RegDeleteTree: a subkey with everything under it; with no subkey named, what is under hkey (its
// subkeys and values), hkey staying.
int32_t delete_tree(WindowsProcess& p, uint64_t hkey, const std::u16string* name) {
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey base;
  if (int32_t e = resolve(p, r, hkey, name ? 0 : KEY_ENUMERATE_SUB_KEYS | KEY_SET_VALUE, base)) return e;
  KeyPtr k = base.key;
  if (name)
    if (int32_t e = walk(base.key, *name, k)) return e;
  const bool had_subkeys = !k->subkeys.empty(), had_values = !k->values.empty();
  for (auto& [n, c] : k->subkeys) delete_under(p, r, *c);
  k->subkeys.clear();
  if (name) return remove_key(p, r, *k);
  k->values.clear();
  k->written = filetime_now();
  if (had_subkeys) notify(p, r, *k, REG_NOTIFY_CHANGE_NAME);
  if (had_values) notify(p, r, *k, REG_NOTIFY_CHANGE_LAST_SET);
  return ERROR_SUCCESS;
}
int32_t RegDeleteTreeW(WindowsProcess& p, Ptr hkey, WStr name) {
  std::u16string n = wide_arg(name);
  return delete_tree(p, hkey.addr, name.addr ? &n : nullptr);
}
int32_t RegDeleteTreeA(WindowsProcess& p, Ptr hkey, CStr name) {
  std::u16string n = narrow_arg(name);
  return delete_tree(p, hkey.addr, name.addr ? &n : nullptr);
}

// ---- enumeration and key facts ----

// A name into a buffer of `*len` characters (bytes, in ANSI) with its NUL: ERROR_MORE_DATA, *len
// unchanged, when it does not fit; else *len becomes its length.
struct NameOut {
  std::vector<uint8_t> bytes;  // without the NUL
  uint32_t units = 0;          // its length in characters (ANSI: bytes)
  unsigned unit = 2;
};
NameOut name_out(const std::u16string& s, bool ansi) {
  NameOut n;
  if (ansi) {
    std::string a = utf16_to_utf8(s);
    n.bytes.assign(a.begin(), a.end());
    n.unit = 1;
  } else {
    n.bytes.resize(s.size() * 2);
    if (!s.empty()) std::memcpy(n.bytes.data(), s.data(), n.bytes.size());
  }
  n.units = static_cast<uint32_t>(n.bytes.size() / n.unit);
  return n;
}
void store_name(const NameOut& n, uint64_t buf) {
  if (!n.bytes.empty()) std::memcpy(guest_pointer(buf), n.bytes.data(), n.bytes.size());
  std::memset(guest_pointer(buf + n.bytes.size()), 0, n.unit);
}

int32_t enum_key(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr cls, Ptr cls_len,
                 Ptr ft, bool ansi) {
  if (reserved) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey.addr, KEY_ENUMERATE_SUB_KEYS, k)) return e;
  if (index >= k.key->subkeys.size()) return kErrorNoMoreItems;
  const Key& sub = *std::next(k.key->subkeys.begin(), index)->second;
  put<uint64_t>(ft.addr, sub.written);
  NameOut n = name_out(sub.name, ansi), c = name_out(sub.class_name, ansi);
  if (n.units >= get<uint32_t>(name_len.addr) || (cls && cls_len && c.units >= get<uint32_t>(cls_len.addr)))
    return kErrorMoreData;
  store_name(n, name.addr);
  put<uint32_t>(name_len.addr, n.units);
  if (cls_len) {
    put<uint32_t>(cls_len.addr, c.units);
    if (cls) store_name(c, cls.addr);
  }
  return ERROR_SUCCESS;
}
int32_t RegEnumKeyExW(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr cls,
                      Ptr cls_len, Ptr ft) {
  return enum_key(p, hkey, index, name, name_len, reserved, cls, cls_len, ft, false);
}
int32_t RegEnumKeyExA(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr cls,
                      Ptr cls_len, Ptr ft) {
  return enum_key(p, hkey, index, name, name_len, reserved, cls, cls_len, ft, true);
}
int32_t enum_key_plain(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, uint32_t size, bool ansi) {
  uint64_t len = p.alloc_data(4);
  put<uint32_t>(len, size);
  int32_t e = enum_key(p, hkey, index, name, Ptr(len), Ptr(0), Ptr(0), Ptr(0), Ptr(0), ansi);
  p.heap.free(len);
  return e;
}
int32_t RegEnumKeyW(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, uint32_t size) {
  return enum_key_plain(p, hkey, index, name, size, false);
}
int32_t RegEnumKeyA(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, uint32_t size) {
  return enum_key_plain(p, hkey, index, name, size, true);
}

int32_t enum_value(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr type, Ptr data,
                   Ptr count, bool ansi) {
  if ((data && !count) || reserved || !name || !name_len) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey.addr, KEY_QUERY_VALUE, k)) return e;
  if (index >= k.key->values.size()) return kErrorNoMoreItems;
  const Value& v = k.key->values[index];
  std::vector<uint8_t> d = ansi && is_string(v.type) ? to_ansi(v.data) : v.data;
  NameOut n = name_out(v.name, ansi);
  if (n.units >= get<uint32_t>(name_len.addr)) {
    put<uint32_t>(type.addr, v.type);
    put<uint32_t>(count.addr, static_cast<uint32_t>(d.size()));
    return kErrorMoreData;
  }
  store_name(n, name.addr);
  put<uint32_t>(name_len.addr, n.units);
  return put_data(v.type, d, type, data, count, ansi ? 1 : 2);
}
int32_t RegEnumValueW(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr type,
                      Ptr data, Ptr count) {
  return enum_value(p, hkey, index, name, name_len, reserved, type, data, count, false);
}
int32_t RegEnumValueA(WindowsProcess& p, Ptr hkey, uint32_t index, Ptr name, Ptr name_len, Ptr reserved, Ptr type,
                      Ptr data, Ptr count) {
  return enum_value(p, hkey, index, name, name_len, reserved, type, data, count, true);
}

// RegQueryInfoKey: the key's class, how many subkeys and values it has and their longest names
// (in characters, without the NUL) and data (bytes), and when it was last written. No key here has
// a security descriptor: its size is 0.
int32_t query_info(WindowsProcess& p, Ptr hkey, Ptr cls, Ptr cls_len, Ptr, Ptr subkeys, Ptr max_subkey, Ptr max_class,
                   Ptr values, Ptr max_value_name, Ptr max_data, Ptr security, Ptr ft, bool ansi) {
  if (cls && !cls_len) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::lock_guard g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey.addr, KEY_QUERY_VALUE, k)) return e;
  const Key& key = *k.key;
  int32_t status = ERROR_SUCCESS;
  NameOut c = name_out(key.class_name, ansi);
  if (cls && get<uint32_t>(cls_len.addr)) {
    if (c.units + 1 > get<uint32_t>(cls_len.addr)) status = kErrorMoreData;
    else store_name(c, cls.addr);
  }
  put<uint32_t>(cls_len.addr, c.units);
  uint32_t longest_key = 0, longest_class = 0, longest_value = 0, longest_data = 0;
  for (const auto& [n, s] : key.subkeys) {
    longest_key = std::max(longest_key, static_cast<uint32_t>(s->name.size()));
    longest_class = std::max(longest_class, static_cast<uint32_t>(s->class_name.size()));
  }
  for (const auto& v : key.values) {
    longest_value = std::max(longest_value, static_cast<uint32_t>(v.name.size()));
    longest_data = std::max(longest_data, static_cast<uint32_t>(v.data.size()));
  }
  put<uint32_t>(subkeys.addr, static_cast<uint32_t>(key.subkeys.size()));
  put<uint32_t>(max_subkey.addr, longest_key);
  put<uint32_t>(max_class.addr, longest_class);
  put<uint32_t>(values.addr, static_cast<uint32_t>(key.values.size()));
  put<uint32_t>(max_value_name.addr, longest_value);
  put<uint32_t>(max_data.addr, longest_data);
  put<uint32_t>(security.addr, 0);
  put<uint64_t>(ft.addr, key.written);
  return status;
}
int32_t RegQueryInfoKeyW(WindowsProcess& p, Ptr hkey, Ptr cls, Ptr cls_len, Ptr reserved, Ptr subkeys, Ptr max_subkey,
                         Ptr max_class, Ptr values, Ptr max_value_name, Ptr max_data, Ptr security, Ptr ft) {
  return query_info(p, hkey, cls, cls_len, reserved, subkeys, max_subkey, max_class, values, max_value_name, max_data,
                    security, ft, false);
}
int32_t RegQueryInfoKeyA(WindowsProcess& p, Ptr hkey, Ptr cls, Ptr cls_len, Ptr reserved, Ptr subkeys, Ptr max_subkey,
                         Ptr max_class, Ptr values, Ptr max_value_name, Ptr max_data, Ptr security, Ptr ft) {
  return query_info(p, hkey, cls, cls_len, reserved, subkeys, max_subkey, max_class, values, max_value_name, max_data,
                    security, ft, true);
}

// RegNotifyChangeKeyValue (see the top of the file): asynchronously, the event is set when the
// watch fires; else the call returns then.
int32_t RegNotifyChangeKeyValue(WindowsProcess& p, Ptr hkey, int32_t subtree, uint32_t filter, Ptr event, int32_t async) {
  if (!filter || (filter & ~kNotifyFilters)) return ERROR_INVALID_PARAMETER;
  Registry& r = registry();
  std::unique_lock g(r.mutex);
  OpenKey k;
  if (int32_t e = resolve(p, r, hkey.addr, KEY_NOTIFY, k)) return e;
  Watch w{k.key, subtree != 0, filter, hkey.addr, nullptr, nullptr};
  if (async) {
    auto it = p.waitables.find(event.addr);
    if (it == p.waitables.end() || it->second->kind != Waitable::Kind::Event) return ERROR_INVALID_HANDLE;
    w.event = it->second;
    r.watches.push_back(std::move(w));
    return ERROR_SUCCESS;
  }
  auto fired = std::make_shared<bool>(false);
  w.fired = fired;
  r.watches.push_back(std::move(w));
  g.unlock();
  wait_until(p, kInfinite, [&] { return *fired || p.stopping(); }, "for a change of a registry key no thread can make");
  if (!*fired) {  // (the process is ending)
    std::lock_guard again(r.mutex);
    std::erase_if(r.watches, [&](const Watch& x) { return x.fired == fired; });
  }
  return ERROR_SUCCESS;
}

}  // namespace

std::string account_sid() { return user_sid(); }

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_registry_exports() {
  static const std::vector<Export> exports = {
      EXPORT("RegOpenKeyExA", RegOpenKeyExA),       EXPORT("RegOpenKeyExW", RegOpenKeyExW),
      EXPORT("RegOpenKeyA", RegOpenKeyA),           EXPORT("RegOpenKeyW", RegOpenKeyW),
      EXPORT("RegCreateKeyExA", RegCreateKeyExA),   EXPORT("RegCreateKeyExW", RegCreateKeyExW),
      EXPORT("RegCreateKeyA", RegCreateKeyA),       EXPORT("RegCreateKeyW", RegCreateKeyW),
      EXPORT("RegCloseKey", RegCloseKey),           EXPORT("RegFlushKey", RegFlushKey),
      EXPORT("RegQueryValueExA", RegQueryValueExA), EXPORT("RegQueryValueExW", RegQueryValueExW),
      EXPORT("RegGetValueA", RegGetValueA),         EXPORT("RegGetValueW", RegGetValueW),
      EXPORT("RegSetValueExA", RegSetValueExA),     EXPORT("RegSetValueExW", RegSetValueExW),
      EXPORT("RegSetKeyValueA", RegSetKeyValueA),   EXPORT("RegSetKeyValueW", RegSetKeyValueW),
      EXPORT("RegDeleteValueA", RegDeleteValueA),   EXPORT("RegDeleteValueW", RegDeleteValueW),
      EXPORT("RegDeleteKeyA", RegDeleteKeyA),       EXPORT("RegDeleteKeyW", RegDeleteKeyW),
      EXPORT("RegDeleteKeyExA", RegDeleteKeyExA),   EXPORT("RegDeleteKeyExW", RegDeleteKeyExW),
      EXPORT("RegDeleteTreeA", RegDeleteTreeA),     EXPORT("RegDeleteTreeW", RegDeleteTreeW),
      EXPORT("RegEnumKeyExA", RegEnumKeyExA),       EXPORT("RegEnumKeyExW", RegEnumKeyExW),
      EXPORT("RegEnumKeyA", RegEnumKeyA),           EXPORT("RegEnumKeyW", RegEnumKeyW),
      EXPORT("RegEnumValueA", RegEnumValueA),       EXPORT("RegEnumValueW", RegEnumValueW),
      EXPORT("RegQueryInfoKeyA", RegQueryInfoKeyA), EXPORT("RegQueryInfoKeyW", RegQueryInfoKeyW),
      EXPORT("RegNotifyChangeKeyValue", RegNotifyChangeKeyValue),
  };
  return exports;
}

// KERNEL32 exports the newer of them too (kernelbase's, since Windows 7; the API set
// api-ms-win-core-registry-l1-1-0 names them), not the 16-bit era's RegOpenKey, RegCreateKey,
// RegEnumKey and RegDeleteKey.
const std::vector<Export>& kernel32_registry_exports() {
  static const std::vector<Export> exports = [] {
    std::vector<Export> e;
    for (const Export& x : advapi32_registry_exports()) {
      std::string n = x.name;
      if (n.find("Ex") != std::string::npos || n.rfind("RegGet", 0) == 0 || n.rfind("RegSetKey", 0) == 0 ||
          n.rfind("RegDeleteTree", 0) == 0 || n.rfind("RegDeleteValue", 0) == 0 || n.rfind("RegEnumValue", 0) == 0 ||
          n.rfind("RegQueryInfoKey", 0) == 0 || n == "RegCloseKey" || n == "RegFlushKey" || n == "RegNotifyChangeKeyValue")
        e.push_back(x);
    }
    return e;
  }();
  return exports;
}

}  // namespace polyrun::shims
