#include "shims/core/proc_stat.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shims/core/filetime.h"

namespace polyrun::shims {

std::map<std::string, uint64_t> proc_fields(const char* file) {
  std::map<std::string, uint64_t> out;
  std::ifstream in(file);
  for (std::string key, value; in >> key >> value;) {
    if (!key.empty() && key.back() == ':') key.pop_back();
    try {
      out[key] = std::stoull(value);
    } catch (...) {
    }
    std::string rest;
    std::getline(in, rest);
  }
  return out;
}

bool proc_times(uint32_t pid, uint64_t& created, uint64_t& kernel, uint64_t& user) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  size_t close = line.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(line.substr(close + 2));
  std::vector<std::string> f;  // f[0] is field 3 (state)
  for (std::string x; fields >> x;) f.push_back(x);
  if (f.size() < 20) return false;
  const uint64_t ticks = static_cast<uint64_t>(::sysconf(_SC_CLK_TCK));
  user = std::stoull(f[11]) * static_cast<uint64_t>(kFiletimeSecond) / ticks;
  kernel = std::stoull(f[12]) * static_cast<uint64_t>(kFiletimeSecond) / ticks;
  std::ifstream boot("/proc/stat");
  uint64_t btime = 0;
  for (std::string key; boot >> key;)
    if (key == "btime") {
      boot >> btime;
      break;
    }
  if (!btime) return false;
  created = filetime_of_seconds(static_cast<int64_t>(btime)) + std::stoull(f[19]) * static_cast<uint64_t>(kFiletimeSecond) / ticks;
  return true;
}

}  // namespace polyrun::shims
