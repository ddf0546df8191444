// The registry's tree (ntdll/registry_tree.h): an in-memory tree that lives as long as the
// process, seeded with what programs commonly read (the Windows version polyrun reports, the
// host's time zone, processor and environment, a machine GUID), the handles open to its keys, and
// the watches RegNotifyChangeKeyValue left on them (kernel32/registry.cpp's head says what each
// means).
#include "shims/ntdll/registry_tree.h"

#include <locale.h>
#include <strings.h>
#include <wctype.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

#include "shims/core/access_rights.h"
#include "shims/core/machine_identity.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_time_zone.h"

namespace polyrun::shims::registry {

namespace {

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
  // The folders of programs, as 64-bit Windows keeps them: the 64-bit view's, and the 32-bit
  // view's in WOW6432Node (walk_view).
  for (const bool view32 : {false, true}) {
    Key& cv = make_path(m, view32 ? "SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion"
                                  : "SOFTWARE\\Microsoft\\Windows\\CurrentVersion");
    const std::string pf = view32 ? "C:\\Program Files (x86)" : "C:\\Program Files";
    cv.set(u"ProgramFilesDir", REG_SZ, sz(pf));
    cv.set(u"CommonFilesDir", REG_SZ, sz(pf + "\\Common Files"));
    cv.set(u"ProgramFilesDir (x86)", REG_SZ, sz("C:\\Program Files (x86)"));
    cv.set(u"CommonFilesDir (x86)", REG_SZ, sz("C:\\Program Files (x86)\\Common Files"));
    cv.set(u"ProgramW6432Dir", REG_SZ, sz("C:\\Program Files"));
    cv.set(u"CommonW6432Dir", REG_SZ, sz("C:\\Program Files\\Common Files"));
    cv.set(u"ProgramFilesPath", REG_EXPAND_SZ, sz("%ProgramFiles%"));
    cv.set(u"DevicePath", REG_EXPAND_SZ, sz("%SystemRoot%\\inf"));
    cv.set(u"MediaPathUnexpanded", REG_EXPAND_SZ, sz("%SystemRoot%\\Media"));
  }
  seed_time_zone(m);
  seed_processors(m);
  r.classes_root = ptr_of(make_path(m, "SOFTWARE\\Classes"));
  r.current_config = ptr_of(make_path(m, "SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current"));

  make_path(*r.users, ".DEFAULT\\Software");
  r.current_user = ptr_of(make_path(*r.users, account_sid()));
  Key& hkcu = *r.current_user;
  make_path(hkcu, "Software\\Microsoft");
  r.local_settings = ptr_of(make_path(hkcu, "Software\\Classes\\Local Settings"));
  for (Key* k : {r.classes_root.get(), r.current_config.get(), r.current_user.get(), r.local_settings.get()})
    k->predefined = true;
  seed_environment(m, hkcu, p.startup_env);
}

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

}  // namespace

std::u16string upcase(const std::u16string& s) {
  static locale_t l = [] {
    locale_t u = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
    return u ? u : ::newlocale(LC_CTYPE_MASK, "C", nullptr);
  }();
  std::u16string out = s;
  for (char16_t& c : out) c = static_cast<char16_t>(::towupper_l(c, l));
  return out;
}

void mark_deleted(Key& k) {
  k.deleted = true;
  k.parent = nullptr;
  for (auto& [n, c] : k.subkeys) mark_deleted(*c);
  k.subkeys.clear();
  k.values.clear();
}

Registry& registry() {
  static Registry r;
  return r;
}

std::vector<uint8_t> bytes_of(const std::u16string& s) {
  std::vector<uint8_t> b((s.size() + 1) * 2);
  std::memcpy(b.data(), s.c_str(), b.size());
  return b;
}

uint32_t granted(uint32_t sam) {
  uint32_t a = sam & ~(KEY_WOW64_MASK | MAXIMUM_ALLOWED | GENERIC_ALL | GENERIC_EXECUTE | GENERIC_WRITE | GENERIC_READ);
  if (sam & (GENERIC_READ | GENERIC_EXECUTE)) a |= KEY_READ;
  if (sam & GENERIC_WRITE) a |= KEY_WRITE;
  if (sam & (GENERIC_ALL | MAXIMUM_ALLOWED)) a |= KEY_ALL_ACCESS;
  return a;
}

uint32_t predefined_of(uint64_t h) {
  uint32_t hi = static_cast<uint32_t>(h >> 32), lo = static_cast<uint32_t>(h);
  if (hi != 0 && hi != 0xffffffffu) return 0;
  return (lo >= kClassesRoot && lo <= kCurrentUserLocalSettings) || lo == kPerformanceText || lo == kPerformanceNlsText ? lo : 0;
}

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

int32_t walk_view(WindowsProcess& p, Registry& r, KeyPtr from, const std::u16string& path, uint32_t sam, KeyPtr& out) {
  const bool view32 = (sam & KEY_WOW64_32KEY) || (p.isa->ptr == 4 && !(sam & KEY_WOW64_64KEY));
  if (view32 && r.machine) {
    // The whole path from HKEY_LOCAL_MACHINE, if it lies under it.
    std::vector<std::u16string> parts;
    if (int32_t e = split_path(path, parts)) return e;
    const Key* k = from.get();
    for (; k && k != r.machine.get(); k = k->parent) parts.insert(parts.begin(), k->name);
    if (k && parts.size() >= 2 && upcase(parts[0]) == u"SOFTWARE" && upcase(parts[1]) != u"WOW6432NODE") {
      KeyPtr at = r.machine;
      parts.insert(parts.begin() + 1, u"WOW6432Node");
      for (const auto& n : parts)
        if (!(at = at->child_ptr(n))) break;
      if (at) {
        out = std::move(at);
        return ERROR_SUCCESS;
      }
    }
  }
  return walk(std::move(from), path, out);
}

std::u16string wide_arg(WStr s) { return s.addr ? s.str() : std::u16string(); }
std::u16string narrow_arg(CStr s) { return s.addr ? ansi_to_utf16(s.c_str()) : std::u16string(); }
std::u16string narrow_arg(AStr s) { return s.addr ? ansi_to_utf16(s.data()) : std::u16string(); }

bool under(const Key& key, const Key* k) {
  for (; k; k = k->parent)
    if (k == &key) return true;
  return false;
}

void notify(WindowsProcess& p, Registry& r, const Key& changed, uint32_t what) {
  std::erase_if(r.watches, [&](Watch& w) {
    if (!(w.filter & what) || !(w.key.get() == &changed || (w.subtree && under(*w.key, &changed)))) return false;
    fire(p, w);
    return true;
  });
}

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

void end_watches(WindowsProcess& p, Registry& r, const std::function<bool(const Watch&)>& ends) {
  std::erase_if(r.watches, [&](Watch& w) {
    if (!ends(w)) return false;
    fire(p, w);
    return true;
  });
}

}  // namespace polyrun::shims::registry
