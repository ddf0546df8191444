// PDH.dll: performance counter queries over the host's /proc/stat, for the processor counters
// programs read (e.g. Rust's sysinfo crate): "\Processor(_Total)\% Processor Time" and
// "\Processor(N)\...", also under "Processor Information", with "% Processor Time", "% Idle Time",
// "% User Time" and "% Privileged Time". A query samples each of its counters at
// PdhCollectQueryData; a formatted value is the share of the time between the last two samples
// (one sample alone is PDH_INVALID_DATA, as Windows says of a rate counter). A counter path
// polyrun does not know stops the program with the unimplemented line (naming the path), as an
// unimplemented function does.
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "shims/pdh/exports.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace pdh {
namespace {

constexpr uint32_t kOk = 0, kMoreData = 0x800007D2, kInvalidHandle = 0xC0000BBC, kInvalidArgument = 0xC0000BBD,
                   kInvalidData = 0xC0000BC6, kCstatusInvalidData = 0xC0000BBA, kCstatusNoInstance = 0xC0000BB8;
constexpr uint32_t kFmtLong = 0x100, kFmtDouble = 0x200, kFmtLarge = 0x400, kFmtNoCap100 = 0x8000,
                   kFmt1000 = 0x2000;
constexpr uint32_t kPerf100nsecTimer = 0x20510500, kPerf100nsecTimerInv = 0x21510500;

// One CPU's (or all CPUs', "cpu") times from /proc/stat, in clock ticks.
struct CpuTimes {
  uint64_t user = 0, privileged = 0, idle = 0, total = 0;
};

// The host's CPU times now: index 0 is all of them, index N+1 CPU N.
std::vector<CpuTimes> read_cpu_times() {
  std::vector<CpuTimes> out;
  std::ifstream f("/proc/stat");
  std::string line;
  while (std::getline(f, line)) {
    if (line.compare(0, 3, "cpu") != 0) break;
    std::istringstream in(line);
    std::string name;
    uint64_t v[10] = {};
    in >> name;
    for (uint64_t& x : v) in >> x;
    // user nice system idle iowait irq softirq steal guest guest_nice (guest time is in user's)
    CpuTimes t;
    t.user = v[0] + v[1];
    t.privileged = v[2] + v[5] + v[6];
    t.idle = v[3] + v[4];
    t.total = t.user + t.privileged + t.idle + v[7];
    out.push_back(t);
  }
  return out;
}

enum class Measure { kProcessorTime, kIdleTime, kUserTime, kPrivilegedTime };

struct Counter {
  uint64_t handle = 0, query = 0;
  uint64_t user_data = 0;
  int cpu = -1;  // -1: _Total
  Measure measure = Measure::kProcessorTime;
  std::vector<CpuTimes> samples;  // the last two
};

struct Query {
  uint64_t handle = 0;
  std::vector<uint64_t> counters;
};

struct Registry {
  GuestCallMutex lock;
  std::map<uint64_t, Query> queries;
  std::map<uint64_t, Counter> counters;
};
Registry& registry() {
  static Registry r;
  return r;
}

uint64_t new_handle(WindowsProcess& p) { return p.heap.alloc(16, true); }

uint32_t open_query(WindowsProcess& p, Ptr source, Ptr out) {
  if (!out) return kInvalidArgument;
  if (source) return kInvalidArgument;  // (a log file as the data source: none here)
  const uint64_t h = new_handle(p);
  std::lock_guard<GuestCallMutex> g(registry().lock);
  registry().queries[h] = Query{h, {}};
  p.put_ptr(out.addr, h);
  return kOk;
}
uint32_t PdhOpenQueryA(WindowsProcess& p, Ptr source, USize, Ptr out) { return open_query(p, source, out); }
uint32_t PdhOpenQueryW(WindowsProcess& p, Ptr source, USize, Ptr out) { return open_query(p, source, out); }

// "\Processor(_Total)\% Processor Time" and the like (case as Windows writes them, any case
// taken); false for any other path.
bool parse_path(std::string path, int& cpu, Measure& measure) {
  for (char& c : path) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string object;
  for (const char* o : {"\\processor information(", "\\processor("})
    if (path.compare(0, std::strlen(o), o) == 0) object = o;
  if (object.empty()) return false;
  const size_t close = path.find(')', object.size());
  if (close == std::string::npos || close + 1 >= path.size() || path[close + 1] != '\\') return false;
  std::string instance = path.substr(object.size(), close - object.size());
  if (object == "\\processor information(" && instance.compare(0, 2, "0,") == 0) instance = instance.substr(2);
  if (instance == "_total" || instance == "0,_total") cpu = -1;
  else {
    if (instance.empty() || instance.find_first_not_of("0123456789") != std::string::npos) return false;
    cpu = std::stoi(instance);
  }
  const std::string name = path.substr(close + 2);
  if (name == "% processor time") measure = Measure::kProcessorTime;
  else if (name == "% idle time") measure = Measure::kIdleTime;
  else if (name == "% user time") measure = Measure::kUserTime;
  else if (name == "% privileged time") measure = Measure::kPrivilegedTime;
  else return false;
  return true;
}

uint32_t add_counter(WindowsProcess& p, uint64_t query, const std::string& path, uint64_t user_data, Ptr out) {
  if (!out) return kInvalidArgument;
  int cpu = -1;
  Measure measure = Measure::kProcessorTime;
  if (!parse_path(path, cpu, measure)) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: unimplemented: PDH.dll counter \"%s\" (the processor time counters are)\n",
                 path.c_str());
    p.terminate(127);
    return kInvalidArgument;
  }
  std::lock_guard<GuestCallMutex> g(registry().lock);
  auto q = registry().queries.find(query);
  if (q == registry().queries.end()) return kInvalidHandle;
  if (cpu >= 0 && static_cast<size_t>(cpu) + 1 >= read_cpu_times().size()) return kCstatusNoInstance;
  const uint64_t h = new_handle(p);
  Counter c;
  c.handle = h;
  c.query = query;
  c.user_data = user_data;
  c.cpu = cpu;
  c.measure = measure;
  registry().counters[h] = c;
  q->second.counters.push_back(h);
  p.put_ptr(out.addr, h);
  return kOk;
}
uint32_t PdhAddEnglishCounterA(WindowsProcess& p, Ptr query, Ptr path, USize user_data, Ptr out) {
  if (!path) return kInvalidArgument;
  return add_counter(p, query.addr, AStr{path.addr}.str(), user_data.v, out);
}
uint32_t PdhAddEnglishCounterW(WindowsProcess& p, Ptr query, Ptr path, USize user_data, Ptr out) {
  if (!path) return kInvalidArgument;
  return add_counter(p, query.addr, utf16_to_utf8(WStr{path.addr}.str()), user_data.v, out);
}
// (the localized names of an English-language system are the English ones)
uint32_t PdhAddCounterA(WindowsProcess& p, Ptr query, Ptr path, USize user_data, Ptr out) {
  return PdhAddEnglishCounterA(p, query, path, user_data, out);
}
uint32_t PdhAddCounterW(WindowsProcess& p, Ptr query, Ptr path, USize user_data, Ptr out) {
  return PdhAddEnglishCounterW(p, query, path, user_data, out);
}

uint32_t PdhCollectQueryData(WindowsProcess&, Ptr query) {
  std::lock_guard<GuestCallMutex> g(registry().lock);
  auto q = registry().queries.find(query.addr);
  if (q == registry().queries.end()) return kInvalidHandle;
  const std::vector<CpuTimes> now = read_cpu_times();
  for (uint64_t h : q->second.counters) {
    Counter& c = registry().counters[h];
    const size_t index = c.cpu < 0 ? 0 : static_cast<size_t>(c.cpu) + 1;
    if (index >= now.size()) continue;
    c.samples.push_back(now[index]);
    if (c.samples.size() > 2) c.samples.erase(c.samples.begin());
  }
  return kOk;
}

uint32_t PdhGetFormattedCounterValue(WindowsProcess&, Ptr counter, uint32_t format, Ptr type, Ptr value) {
  if (!value) return kInvalidArgument;
  std::lock_guard<GuestCallMutex> g(registry().lock);
  auto it = registry().counters.find(counter.addr);
  if (it == registry().counters.end()) return kInvalidHandle;
  const Counter& c = it->second;
  if (type) put<uint32_t>(type.addr, c.measure == Measure::kProcessorTime ? kPerf100nsecTimerInv : kPerf100nsecTimer);
  // PDH_FMT_COUNTERVALUE: CStatus, then (8-aligned) the value.
  if (c.samples.size() < 2) {
    put<uint32_t>(value.addr, kCstatusInvalidData);
    put<uint64_t>(value.addr + 8, 0);
    return kInvalidData;
  }
  const CpuTimes& a = c.samples[0];
  const CpuTimes& b = c.samples[1];
  const double total = static_cast<double>(b.total - a.total);
  double share = 0;
  if (total > 0) {
    switch (c.measure) {
      case Measure::kProcessorTime: share = 1.0 - static_cast<double>(b.idle - a.idle) / total; break;
      case Measure::kIdleTime: share = static_cast<double>(b.idle - a.idle) / total; break;
      case Measure::kUserTime: share = static_cast<double>(b.user - a.user) / total; break;
      case Measure::kPrivilegedTime: share = static_cast<double>(b.privileged - a.privileged) / total; break;
    }
  }
  double v = 100.0 * share;
  if (!(format & kFmtNoCap100)) v = std::min(100.0, std::max(0.0, v));
  if (format & kFmt1000) v *= 1000.0;
  put<uint32_t>(value.addr, 0);  // PDH_CSTATUS_VALID_DATA
  if (format & kFmtDouble) put<double>(value.addr + 8, v);
  else if (format & kFmtLarge) put<int64_t>(value.addr + 8, static_cast<int64_t>(std::llround(v)));
  else if (format & kFmtLong) put<int32_t>(value.addr + 8, static_cast<int32_t>(std::lround(v)));
  else return kInvalidArgument;
  return kOk;
}

uint32_t PdhRemoveCounter(WindowsProcess& p, Ptr counter) {
  std::lock_guard<GuestCallMutex> g(registry().lock);
  auto it = registry().counters.find(counter.addr);
  if (it == registry().counters.end()) return kInvalidHandle;
  auto q = registry().queries.find(it->second.query);
  if (q != registry().queries.end()) std::erase(q->second.counters, counter.addr);
  registry().counters.erase(it);
  p.heap.free(counter.addr);
  return kOk;
}

uint32_t PdhCloseQuery(WindowsProcess& p, Ptr query) {
  std::lock_guard<GuestCallMutex> g(registry().lock);
  auto q = registry().queries.find(query.addr);
  if (q == registry().queries.end()) return kInvalidHandle;
  for (uint64_t h : q->second.counters) {
    registry().counters.erase(h);
    p.heap.free(h);
  }
  registry().queries.erase(q);
  p.heap.free(query.addr);
  return kOk;
}

// The performance objects there are counters of: a list of names, each with its NUL, ended by
// one more.
template <typename Char>
uint32_t enum_objects(WindowsProcess&, Ptr source, Ptr machine, Ptr buffer, Ptr size) {
  if (!size) return kInvalidArgument;
  if (source || machine) return kInvalidArgument;  // (no log files, no other machines)
  std::vector<Char> list;
  for (const char* name : {"Processor", "Processor Information"}) {
    for (const char* c = name; *c; ++c) list.push_back(static_cast<Char>(*c));
    list.push_back(0);
  }
  list.push_back(0);
  const uint32_t room = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, static_cast<uint32_t>(list.size()));
  if (!buffer || room == 0) return kMoreData;
  if (room < list.size()) return kMoreData;
  for (size_t i = 0; i < list.size(); ++i) put<Char>(buffer.addr + i * sizeof(Char), list[i]);
  return kOk;
}
uint32_t PdhEnumObjectsA(WindowsProcess& p, Ptr source, Ptr machine, Ptr buffer, Ptr size, uint32_t, BOOL) {
  return enum_objects<char>(p, source, machine, buffer, size);
}
uint32_t PdhEnumObjectsW(WindowsProcess& p, Ptr source, Ptr machine, Ptr buffer, Ptr size, uint32_t, BOOL) {
  return enum_objects<char16_t>(p, source, machine, buffer, size);
}

}  // namespace
}  // namespace pdh

const Dll kPdh{
    "pdh.dll",
    false,
    {
        EXPORT("PdhAddCounterA", pdh::PdhAddCounterA),
        EXPORT("PdhAddCounterW", pdh::PdhAddCounterW),
        EXPORT("PdhAddEnglishCounterA", pdh::PdhAddEnglishCounterA),
        EXPORT("PdhAddEnglishCounterW", pdh::PdhAddEnglishCounterW),
        EXPORT("PdhCloseQuery", pdh::PdhCloseQuery),
        EXPORT("PdhCollectQueryData", pdh::PdhCollectQueryData),
        EXPORT("PdhEnumObjectsA", pdh::PdhEnumObjectsA),
        EXPORT("PdhEnumObjectsW", pdh::PdhEnumObjectsW),
        EXPORT("PdhGetFormattedCounterValue", pdh::PdhGetFormattedCounterValue),
        EXPORT("PdhOpenQueryA", pdh::PdhOpenQueryA),
        EXPORT("PdhOpenQueryW", pdh::PdhOpenQueryW),
        EXPORT("PdhRemoveCounter", pdh::PdhRemoveCounter),
    },
};

}  // namespace polyrun::shims
