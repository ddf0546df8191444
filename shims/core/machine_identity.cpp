// The machine as the Windows personality describes it in more than one DLL: the computer's names,
// made from the host's name, and the processors the process may use.
#include "shims/core/machine_identity.h"

#include <strings.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cctype>
#include <thread>

namespace polyrun::shims {

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

}  // namespace polyrun::shims
