// The machine as the Windows personality describes it in more than one DLL: the computer's names,
// made from the host's name, the processors the process may use, and the machine's GUID and the
// account's SID, made from the host's machine id.
#include "shims/core/machine_identity.h"

#include <strings.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <thread>

namespace polyrun::shims {

namespace {

// A stable 64-bit hash (FNV-1a) of `s` under a seed.
uint64_t identity_hash(const std::string& s, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ull ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

// What identifies this machine: systemd's machine id, else the host name. Never shown as it is:
// the GUID and SID below are hashes of it.
std::string host_machine_id() {
  for (const char* f : {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
    std::ifstream in(f);
    std::string id;
    if (std::getline(in, id) && !id.empty()) return id;
  }
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return host;
}

}  // namespace

bool computer_name(uint32_t format, std::string& out) {
  if (format > 7) return false;
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string full = host;
  const size_t dot = full.find('.');
  const std::string label = full.substr(0, dot);
  switch (format % 4) {
    case 0:
      out = label.substr(0, 15);
      for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      break;
    case 1: out = label; break;
    case 2: out = dot == std::string::npos ? "" : full.substr(dot + 1); break;
    default: out = full; break;
  }
  return true;
}

std::string netbios_name() {
  std::string n;
  computer_name(0, n);
  return n;
}

bool names_this_computer(std::string name) {
  while (!name.empty() && name.front() == '\\') name.erase(0, 1);
  if (name.empty()) return true;
  for (uint32_t format : {0u, 1u, 3u}) {
    std::string own;
    computer_name(format, own);
    if (strcasecmp(name.c_str(), own.c_str()) == 0) return true;
  }
  return false;
}

uint32_t processor_count() { return std::max(1u, std::min(std::thread::hardware_concurrency(), 64u)); }
uint64_t processor_mask() {
  const uint32_t n = processor_count();
  return n == 64 ? ~0ull : (1ull << n) - 1;
}

std::string account_user_name() {
  const char* u = std::getenv("USER");
  if (u && *u) return u;
  const char* l = ::getlogin();
  return l ? l : "user";
}

std::string machine_guid() {
  std::string id = host_machine_id();
  uint64_t a = identity_hash(id, 0x706f6c7972756e31ull), b = identity_hash(id, 0x706f6c7972756e32ull);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>(a >> 16 & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffull));
  return buf;
}

std::string account_sid() {
  uint64_t a = identity_hash(host_machine_id(), 0x7369642d61ull), b = identity_hash(host_machine_id(), 0x7369642d62ull);
  return "S-1-5-21-" + std::to_string(static_cast<uint32_t>(a)) + "-" + std::to_string(static_cast<uint32_t>(a >> 32)) +
         "-" + std::to_string(static_cast<uint32_t>(b)) + "-1001";
}

}  // namespace polyrun::shims
