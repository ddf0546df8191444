// NTDLL's NtQuerySystemInformationEx: the classes of the system's information that take an input
// buffer — the processors' relations (SystemLogicalProcessorInformationEx: cores, NUMA nodes,
// caches, packages, the processor group, read from the host's /sys/devices/system/cpu), the CPU
// sets (SystemCpuSetInformation), the machines a process can be (SystemSupportedProcessorArchitectures).
#include <bit>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_system_info_ex_impl {

constexpr uint32_t kObjectTypeMismatch = 0xc0000024;

std::string sys_line(const std::string& path) {
  std::ifstream f(path);
  std::string line;
  std::getline(f, line);
  return line;
}

// A sysfs CPU list ("0-3,8") as a mask of the processors the process may use.
uint64_t list_mask(const std::string& list) {
  uint64_t mask = 0;
  for (size_t at = 0; at < list.size();) {
    size_t end = list.find(',', at);
    if (end == std::string::npos) end = list.size();
    const std::string part = list.substr(at, end - at);
    const size_t dash = part.find('-');
    const long lo = std::strtol(part.c_str(), nullptr, 10);
    const long hi = dash == std::string::npos ? lo : std::strtol(part.c_str() + dash + 1, nullptr, 10);
    for (long c = lo; c <= hi && c < 64; ++c)
      if (c >= 0) mask |= 1ull << c;
    at = end + 1;
  }
  return mask & processor_mask();
}

// One relation of LOGICAL_PROCESSOR_RELATIONSHIP: RelationProcessorCore 0, RelationNumaNode 1,
// RelationCache 2, RelationProcessorPackage 3; its processors, and a cache's description.
struct Relation {
  uint32_t kind;
  uint64_t mask;
  uint8_t level = 0, associativity = 0;
  uint16_t line = 0;
  uint32_t size = 0, type = 0;  // PROCESSOR_CACHE_TYPE: CacheUnified 0, CacheInstruction 1, CacheData 2
};

// The cores (each processor's thread siblings), the machine as one node and one package, and each
// cache once.
std::vector<Relation> topology() {
  std::vector<Relation> out;
  const uint32_t count = processor_count();
  uint64_t seen = 0;
  for (uint32_t cpu = 0; cpu < count; ++cpu) {
    if (seen >> cpu & 1) continue;
    uint64_t core = list_mask(sys_line("/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/thread_siblings_list"));
    if (!(core >> cpu & 1)) core = 1ull << cpu;
    seen |= core;
    out.push_back({0, core});
  }
  out.push_back({1, processor_mask()});
  out.push_back({3, processor_mask()});
  std::vector<std::pair<std::string, uint64_t>> caches;
  for (uint32_t cpu = 0; cpu < count; ++cpu) {
    for (int i = 0; i < 8; ++i) {
      const std::string dir = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/cache/index" + std::to_string(i);
      const std::string level = sys_line(dir + "/level");
      if (level.empty()) break;
      const uint64_t mask = list_mask(sys_line(dir + "/shared_cpu_list"));
      const std::string type = sys_line(dir + "/type");
      const std::pair<std::string, uint64_t> key{level + type, mask};
      bool known = false;
      for (const auto& c : caches) known = known || c == key;
      if (known) continue;
      caches.push_back(key);
      Relation r{2, mask ? mask : 1ull << cpu};
      r.level = static_cast<uint8_t>(std::atoi(level.c_str()));
      r.type = type == "Instruction" ? 1 : type == "Data" ? 2 : 0;
      r.associativity = static_cast<uint8_t>(std::atoi(sys_line(dir + "/ways_of_associativity").c_str()));
      r.line = static_cast<uint16_t>(std::atoi(sys_line(dir + "/coherency_line_size").c_str()));
      const std::string size = sys_line(dir + "/size");  // "32K"
      r.size = static_cast<uint32_t>(std::atoi(size.c_str())) * (size.find('M') != std::string::npos ? 1024 * 1024 : 1024);
      out.push_back(r);
    }
  }
  return out;
}

// SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX records of one relation (RelationAll 0xffff: every one),
// each Relationship, Size, then its structure with the processors as a GROUP_AFFINITY (Mask,
// pointer-sized, Group, Reserved[3]): a core's or package's PROCESSOR_RELATIONSHIP (Flags
// LTP_PC_SMT, EfficiencyClass, Reserved[20], GroupCount 1), a NUMA_NODE_RELATIONSHIP (NodeNumber,
// Reserved[18], GroupCount 1), a CACHE_RELATIONSHIP (Level, Associativity, LineSize, CacheSize,
// Type, Reserved[18], GroupCount 1), the GROUP_RELATIONSHIP (MaximumGroupCount, ActiveGroupCount,
// Reserved[20], then a PROCESSOR_GROUP_INFO: MaximumProcessorCount, ActiveProcessorCount,
// Reserved[38], ActiveProcessorMask). Relations the machine has none of (dies, modules) give none.
std::vector<uint8_t> processor_relations(uint32_t relationship, unsigned w) {
  const uint32_t affinity = w + 8;
  std::vector<uint8_t> out;
  auto record = [&](uint32_t kind, uint32_t body) {
    const size_t at = out.size();
    const uint32_t size = 8 + body;
    out.resize(at + size, 0);
    std::memcpy(out.data() + at, &kind, 4);
    std::memcpy(out.data() + at + 4, &size, 4);
    return at + 8;
  };
  auto put_mask = [&](size_t at, uint64_t mask) {
    if (w == 4) mask &= 0xffffffffu;
    std::memcpy(out.data() + at, &mask, w);
  };
  const uint16_t one = 1;
  const auto rels = topology();
  for (uint32_t kind : {0u, 1u, 2u, 3u}) {
    if (relationship != 0xffff && relationship != kind) continue;
    for (const Relation& r : rels) {
      if (r.kind != kind) continue;
      if (kind == 2) {
        const size_t b = record(2, 32 + affinity);
        out[b] = r.level;
        out[b + 1] = r.associativity;
        std::memcpy(out.data() + b + 2, &r.line, 2);
        std::memcpy(out.data() + b + 4, &r.size, 4);
        std::memcpy(out.data() + b + 8, &r.type, 4);
        std::memcpy(out.data() + b + 30, &one, 2);
        put_mask(b + 32, r.mask);
      } else {
        const size_t b = record(kind, 24 + affinity);
        if (kind == 0 && std::popcount(r.mask) > 1) out[b] = 1;  // LTP_PC_SMT
        std::memcpy(out.data() + b + 22, &one, 2);
        put_mask(b + 24, r.mask);
      }
    }
  }
  if (relationship == 0xffff || relationship == 4) {  // RelationGroup
    const size_t b = record(4, 24 + 40 + w);
    std::memcpy(out.data() + b, &one, 2);
    std::memcpy(out.data() + b + 2, &one, 2);
    out[b + 24] = out[b + 25] = static_cast<uint8_t>(processor_count());
    put_mask(b + 24 + 40, processor_mask());
  }
  return out;
}

// The process a query's handle names (null: any; this one, a child, or one opened by id), or the
// status for a handle that names none.
uint32_t check_process(WindowsProcess& p, uint64_t h) {
  if (!h || p.is_current_process(h) || waitable_of_kind(p, h, Waitable::Kind::Process)) return nt::kSuccess;
  return waitable_object(p, h) || p.fd_for_handle(h) >= 0 ? kObjectTypeMismatch : nt::kInvalidHandle;
}

// NtQuerySystemInformationEx(class, query, query length, info, length, *returned).
uint32_t NtQuerySystemInformationEx(WindowsProcess& p, uint32_t cls, Ptr query, uint32_t query_size, Ptr out,
                                    uint32_t size, Ptr returned) {
  const unsigned w = p.isa->ptr;
  uint32_t need = 0, status = nt::kSuccess;
  switch (cls) {
    case 107: {  // SystemLogicalProcessorInformationEx: the query is a LOGICAL_PROCESSOR_RELATIONSHIP
      if (!query || query_size < 4) return nt::kInvalidParameter;
      const std::vector<uint8_t> records = processor_relations(get<uint32_t>(query.addr), w);
      need = static_cast<uint32_t>(records.size());
      if (size < need) status = nt::kInfoLengthMismatch;
      else if (need) std::memcpy(out.as<void>(), records.data(), need);
      break;
    }
    case 175: {  // SystemCpuSetInformation: the query is a process's handle (null: the system's sets)
      if (!query || query_size < w) return nt::kInvalidParameter;
      if (const uint32_t s = check_process(p, p.get_ptr(query.addr))) return s;
      // A SYSTEM_CPU_SET_INFORMATION (32 bytes: Size, Type CpuSetInformation, Id 0x100 + the
      // processor's index, Group, LogicalProcessorIndex, CoreIndex, LastLevelCacheIndex,
      // NumaNodeIndex, EfficiencyClass, AllFlags, …) for each processor.
      const uint32_t count = processor_count();
      need = 32 * count;
      if (size < need) {
        status = nt::kBufferTooSmall;
        break;
      }
      const auto rels = topology();
      auto first_of = [&](uint32_t cpu, bool cache) -> uint8_t {
        uint8_t best = 0;
        uint64_t mask = 1ull << cpu;
        for (const Relation& r : rels) {
          if (!(r.mask >> cpu & 1)) continue;
          if (!cache && r.kind == 0) mask = r.mask;
          if (cache && r.kind == 2 && r.level >= best) best = r.level, mask = r.mask;
        }
        return static_cast<uint8_t>(std::countr_zero(mask));
      };
      std::memset(out.as<void>(), 0, need);
      for (uint32_t cpu = 0; cpu < count; ++cpu) {
        const uint64_t e = out.addr + 32 * cpu;
        put<uint32_t>(e, 32);
        put<uint32_t>(e + 8, 0x100 + cpu);
        put<uint8_t>(e + 14, static_cast<uint8_t>(cpu));
        put<uint8_t>(e + 15, first_of(cpu, false));
        put<uint8_t>(e + 16, first_of(cpu, true));
      }
      break;
    }
    case 181: {  // SystemSupportedProcessorArchitectures: the query is a process's handle
      if (!query || query_size < w) return nt::kInvalidParameter;
      if (const uint32_t s = check_process(p, p.get_ptr(query.addr))) return s;
      // SYSTEM_SUPPORTED_PROCESSOR_ARCHITECTURES_INFORMATION: Machine (16 bits), then KernelMode,
      // UserMode, Native, Process, WoW64Container; a zero entry ends the list. x64 runs in the
      // kernel and natively, i386 programs in user mode under WOW64; Process marks the machine of
      // the process whose handle is given (none for a null handle).
      need = 12;
      if (size < need) {
        status = nt::kBufferTooSmall;
        break;
      }
      const bool given = p.get_ptr(query.addr) != 0, wow = w == 4;
      put<uint32_t>(out.addr, 0x8664u | 0x70000u | (given && !wow ? 0x80000u : 0));
      put<uint32_t>(out.addr + 4, 0x14cu | 0x20000u | (given && wow ? 0x80000u : 0));
      put<uint32_t>(out.addr + 8, 0);
      break;
    }
    default:
      return nt::kInvalidInfoClass;
  }
  if (returned) put<uint32_t>(returned.addr, need);
  return status;
}

}  // namespace ntdll_system_info_ex_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_system_info_ex_exports() {
  using namespace ntdll_system_info_ex_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtQuerySystemInformationEx", NtQuerySystemInformationEx),
  };
  return exports;
}

}  // namespace polyrun::shims
