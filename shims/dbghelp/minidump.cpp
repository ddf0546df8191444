// DBGHELP.dll's MiniDumpWriteDump: a minidump of this process in the documented format
// (minidumpapiset.h): the header, the stream directory, then the streams: ThreadList (each thread
// with its TEB, its stack's memory and its CONTEXT), ModuleList (each module's base, size, stamp,
// checksum and name), MemoryList (the threads' stacks) or, with MiniDumpWithFullMemory,
// Memory64List (every readable region of the process), SystemInfo, MiscInfo (the process id and
// times), the exception (ExceptionParam) and the caller's own streams (UserStreamParam).
//
// The calling thread's context is where it called MiniDumpWriteDump. The other threads are
// suspended while the dump is written, as Windows' function suspends them, and their registers are
// those they hold at (their next block boundary or Windows call); a thread that does not hold within
// half a second (blocked in a host call, which it leaves only when the call returns) is given a
// context of ContextFlags 0, which says that none of its registers were captured.
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "cpu-emu/x86_regs.h"
#include "memory/address_space.h"
#include "shims/dbghelp/dbghelp.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/path_mapping.h"
#include "shims/core/seh.h"
#include "shims/core/text.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"
#include "shims/core/windows_version.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kSignature = 0x504d444d;  // "MDMP"
constexpr uint32_t kVersion = 42899;         // MINIDUMP_VERSION
constexpr uint32_t kThreadListStream = 3, kModuleListStream = 4, kMemoryListStream = 5, kExceptionStream = 6,
                   kSystemInfoStream = 7, kMemory64ListStream = 9, kMiscInfoStream = 15;
constexpr uint32_t kWithFullMemory = 0x2;
// MiniDumpNormal's known bits: the MINIDUMP_TYPE values Windows 10's dbghelp accepts.
constexpr uint32_t kValidTypes = 0x1fffff;

// The dump as it is built: streams appended, RVAs their offsets in it.
struct Writer {
  std::vector<uint8_t> data;
  uint32_t at() const { return static_cast<uint32_t>(data.size()); }
  template <typename T>
  void put(T v) {
    const size_t n = data.size();
    data.resize(n + sizeof v);
    std::memcpy(&data[n], &v, sizeof v);
  }
  template <typename T>
  void put_at(uint32_t offset, T v) { std::memcpy(&data[offset], &v, sizeof v); }
  void bytes(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    data.insert(data.end(), b, b + n);
  }
  void zeros(size_t n) { data.resize(data.size() + n, 0); }
  void align(size_t a) {
    while (data.size() % a) data.push_back(0);
  }
  // MINIDUMP_STRING: its length in bytes (without the NUL), then the UTF-16 text and a NUL.
  uint32_t string(const std::string& s) {
    align(4);
    const uint32_t rva = at();
    const std::u16string w = utf8_to_utf16(s);
    put<uint32_t>(static_cast<uint32_t>(w.size() * 2));
    bytes(w.data(), w.size() * 2);
    put<uint16_t>(0);
    return rva;
  }
};

struct Stream {
  uint32_t type, size, rva;
};

// Readable guest memory from `start` (a page at a time, so a hole ends it rather than faulting).
std::vector<uint8_t> read_memory(WindowsProcess& p, uint64_t start, uint64_t size) {
  const uint64_t n = p.memory.accessible_prefix(start, size, mem::kRead);
  std::vector<uint8_t> out(n);
  if (n) std::memcpy(out.data(), reinterpret_cast<const void*>(start), n);
  return out;
}

// A module's TimeDateStamp and CheckSum from its mapped headers (0 for a built-in DLL's one page).
void image_stamps(WindowsProcess& p, uint64_t base, bool builtin, uint32_t& stamp, uint32_t& checksum) {
  stamp = checksum = 0;
  if (builtin || !p.memory.accessible(base, 0x40, mem::kRead)) return;
  const uint32_t lfanew = get<uint32_t>(base + 0x3c);
  if (!p.memory.accessible(base + lfanew, 0x60, mem::kRead) || get<uint32_t>(base + lfanew) != 0x4550) return;
  stamp = get<uint32_t>(base + lfanew + 8);
  checksum = get<uint32_t>(base + lfanew + 24 + 64);
}

uint32_t seconds(const struct timeval& t) { return static_cast<uint32_t>(t.tv_sec); }

}  // namespace

BOOL minidump_write_dump(WindowsProcess& p, Ptr process, uint32_t pid, Ptr file, uint32_t type, Ptr exception,
                         Ptr user_streams, Ptr) {
  const int fd = p.fd_for_handle(file.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  if (type & ~kValidTypes) return fail(p, ERROR_INVALID_PARAMETER);
  // Another process's threads and memory are not readable here.
  (void)process;
  if (pid != static_cast<uint32_t>(::getpid())) return fail(p, ERROR_ACCESS_DENIED);
  const unsigned w = p.isa->ptr;
  const uint32_t context_size = p.isa->seh->context_size;

  Writer out;
  std::vector<Stream> streams;
  out.zeros(32);  // the header, written last

  // The calling thread's context: where it called.
  auto frame = abi::make_frame(p.isa->api_convention, p.cpu());
  const uint64_t here = new_context(p);
  const uint32_t popped = p.isa->api_convention == abi::Convention::Stdcall ? 7 * 4 : 0;
  p.isa->seh->capture(p, here, frame->return_address(), p.cpu().reg(cpu::x86::RSP) + w + popped);
  const uint64_t sp_offset = w == 8 ? 0x78 + 8 * 4 : 0xc4;  // CONTEXT.Rsp / Esp

  // The threads: contexts and stacks first, the list after them.
  struct ThreadOut {
    uint32_t id;
    uint64_t teb, stack_start;
    uint32_t stack_size, stack_rva, context_rva;
  };
  std::vector<ThreadOut> threads;
  std::vector<std::pair<uint64_t, uint32_t>> stack_ranges;  // (start, rva) of each stack's bytes
  std::vector<uint32_t> stack_sizes;
  WindowsThread* self = &p.thread();
  std::vector<WindowsThread*> all = {self};
  std::vector<std::shared_ptr<WindowsThread>> others;  // (kept alive while they are suspended)
  for (const auto& t : p.threads)
    if (t.get() != self && t->cpu && t->teb && !t->exiting) others.push_back(t);
  for (const auto& t : others) {
    ++t->suspend_count;
    t->interrupt.store(true);
    t->cpu->interrupt();
    all.push_back(t.get());
  }
  // They go on once the dump is written (or has failed).
  struct Resume {
    WindowsProcess& p;
    std::vector<std::shared_ptr<WindowsThread>>& threads;
    ~Resume() {
      for (const auto& t : threads)
        if (t->suspend_count > 0) --t->suspend_count;
      if (!threads.empty()) p.wake_waiters();
    }
  } resume{p, others};
  if (!others.empty())
    wait_until(p, 500, [&] {
      return p.exited || std::all_of(others.begin(), others.end(), [](const auto& t) { return t->held || t->exiting; });
    });
  uint32_t current_context_rva = 0;
  for (WindowsThread* t : all) {
    out.align(16);
    const uint32_t context_rva = out.at();
    uint64_t sp = 0;
    if (t == self) {
      out.bytes(reinterpret_cast<const void*>(here), context_size);
      sp = get<uint64_t>(here + sp_offset) & (w == 8 ? ~0ull : 0xffffffffull);
      current_context_rva = context_rva;
    } else if (t->held && t->held_context) {
      out.bytes(reinterpret_cast<const void*>(t->held_context), context_size);
      sp = get<uint64_t>(t->held_context + sp_offset) & (w == 8 ? ~0ull : 0xffffffffull);
    } else {
      out.zeros(context_size);  // (ContextFlags 0: no registers captured)
    }
    if (!sp || sp < t->stack_limit || sp >= t->stack_base) sp = t->stack_limit;
    const std::vector<uint8_t> stack = read_memory(p, sp, t->stack_base - sp);
    out.align(16);
    const uint32_t stack_rva = out.at();
    out.bytes(stack.data(), stack.size());
    threads.push_back({t->id, t->teb, sp, static_cast<uint32_t>(stack.size()), stack_rva, context_rva});
  }
  out.align(4);
  {
    const uint32_t rva = out.at();
    out.put<uint32_t>(static_cast<uint32_t>(threads.size()));
    for (const ThreadOut& t : threads) {  // MINIDUMP_THREAD
      out.put<uint32_t>(t.id);
      out.put<uint32_t>(0);       // SuspendCount
      out.put<uint32_t>(0x20);    // PriorityClass: NORMAL_PRIORITY_CLASS
      out.put<uint32_t>(0);       // Priority: THREAD_PRIORITY_NORMAL
      out.put<uint64_t>(t.teb);
      out.put<uint64_t>(t.stack_start);
      out.put<uint32_t>(t.stack_size);
      out.put<uint32_t>(t.stack_rva);
      out.put<uint32_t>(context_size);
      out.put<uint32_t>(t.context_rva);
    }
    streams.push_back({kThreadListStream, out.at() - rva, rva});
  }

  // The modules: names first, then the list (MINIDUMP_MODULE: 108 bytes, 4-byte packed).
  {
    const std::vector<ModuleEntry> modules = process_modules(p);
    std::vector<uint32_t> names;
    for (const ModuleEntry& m : modules) names.push_back(out.string(m.windows_path));
    out.align(4);
    const uint32_t rva = out.at();
    out.put<uint32_t>(static_cast<uint32_t>(modules.size()));
    for (size_t i = 0; i < modules.size(); ++i) {
      uint32_t stamp, checksum;
      image_stamps(p, modules[i].base, builtin_dll_of_handle(modules[i].base) != nullptr, stamp, checksum);
      out.put<uint64_t>(modules[i].base);
      out.put<uint32_t>(static_cast<uint32_t>(modules[i].size));
      out.put<uint32_t>(checksum);
      out.put<uint32_t>(stamp);
      out.put<uint32_t>(names[i]);
      out.zeros(52);      // VersionInfo (VS_FIXEDFILEINFO): none read
      out.zeros(8 + 8);   // CvRecord, MiscRecord: no debug records
      out.zeros(16);      // Reserved0, Reserved1
    }
    streams.push_back({kModuleListStream, out.at() - rva, rva});
  }

  // Memory: the stacks (MiniDumpNormal), or every readable region (MiniDumpWithFullMemory, as
  // Memory64List: the regions' bytes follow each other from BaseRva, at the end of the file).
  std::vector<std::pair<uint64_t, uint64_t>> full;  // (start, size)
  uint32_t memory64_stream = 0;
  if (type & kWithFullMemory) {
    for (const auto& [start, vma] : p.memory.vmas())
      if ((vma.prot & mem::kRead) && vma.end > vma.start) full.push_back({vma.start, vma.end - vma.start});
    out.align(8);
    const uint32_t rva = out.at();
    out.put<uint64_t>(full.size());
    memory64_stream = out.at();
    out.put<uint64_t>(0);  // BaseRva, once known
    for (const auto& [start, size] : full) {
      out.put<uint64_t>(start);
      out.put<uint64_t>(size);
    }
    streams.push_back({kMemory64ListStream, out.at() - rva, rva});
  } else {
    out.align(4);
    const uint32_t rva = out.at();
    out.put<uint32_t>(static_cast<uint32_t>(threads.size()));
    for (const ThreadOut& t : threads) {
      out.put<uint64_t>(t.stack_start);
      out.put<uint32_t>(t.stack_size);
      out.put<uint32_t>(t.stack_rva);
    }
    streams.push_back({kMemoryListStream, out.at() - rva, rva});
  }

  // MINIDUMP_SYSTEM_INFO, the version Windows reports (RtlGetVersion's), with the CSD version string.
  {
    const uint32_t csd = out.string("");
    out.align(4);
    const uint32_t rva = out.at();
    out.put<uint16_t>(p.isa->machine_arch);
    out.put<uint16_t>(6);  // ProcessorLevel: family 6
    out.put<uint16_t>(0);
    out.put<uint8_t>(static_cast<uint8_t>(std::min(processor_count(), 255u)));
    out.put<uint8_t>(1);  // ProductType: VER_NT_WORKSTATION
    out.put<uint32_t>(kRealVersion.major);
    out.put<uint32_t>(kRealVersion.minor);
    out.put<uint32_t>(kRealVersion.build);
    out.put<uint32_t>(2);  // VER_PLATFORM_WIN32_NT
    out.put<uint32_t>(csd);
    out.put<uint16_t>(0x100);  // SuiteMask: VER_SUITE_SINGLEUSERTS
    out.put<uint16_t>(0);
    uint32_t regs[4] = {};
    __asm__("cpuid" : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3]) : "a"(0));
    if (w == 4) {  // x86: VendorId (ebx, edx, ecx), then leaf 1's eax and edx, and AMD's extended edx
      out.put<uint32_t>(regs[1]);
      out.put<uint32_t>(regs[3]);
      out.put<uint32_t>(regs[2]);
      uint32_t one[4] = {};
      __asm__("cpuid" : "=a"(one[0]), "=b"(one[1]), "=c"(one[2]), "=d"(one[3]) : "a"(1));
      out.put<uint32_t>(one[0]);
      out.put<uint32_t>(one[3]);
      out.put<uint32_t>(0);
    } else {
      out.zeros(24);  // ProcessorFeatures
    }
    streams.push_back({kSystemInfoStream, out.at() - rva, rva});
  }

  // MINIDUMP_MISC_INFO: the process id and its times (creation, user, kernel: seconds).
  {
    const uint32_t rva = out.at();
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    uint32_t created = 0;
    std::ifstream stat("/proc/self/stat");
    std::string skip;
    unsigned long long start_ticks = 0;
    for (int i = 0; i < 21 && stat >> skip; ++i) {
    }
    if (stat >> start_ticks) {
      std::ifstream up("/proc/uptime");
      double uptime = 0;
      up >> uptime;
      const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
      created = static_cast<uint32_t>(std::time(nullptr) - static_cast<time_t>(uptime - static_cast<double>(start_ticks) / ticks));
    }
    out.put<uint32_t>(24);
    out.put<uint32_t>(0x3);  // MINIDUMP_MISC1_PROCESS_ID | MINIDUMP_MISC1_PROCESS_TIMES
    out.put<uint32_t>(pid);
    out.put<uint32_t>(created);
    out.put<uint32_t>(seconds(usage.ru_utime));
    out.put<uint32_t>(seconds(usage.ru_stime));
    streams.push_back({kMiscInfoStream, 24, rva});
  }

  // MINIDUMP_EXCEPTION_INFORMATION {ThreadId, ExceptionPointers, ClientPointers} (4-byte packed):
  // the exception record and context its EXCEPTION_POINTERS point at.
  if (exception) {
    const uint32_t thread_id = get<uint32_t>(exception.addr);
    const uint64_t pointers = p.get_ptr(exception.addr + 4);
    const uint64_t record = p.get_ptr(pointers), context = p.get_ptr(pointers + w);
    const SehRuntime& rt = *p.isa->seh;
    out.align(16);
    const uint32_t context_rva = out.at();
    out.bytes(reinterpret_cast<const void*>(context), context_size);
    out.align(4);
    const uint32_t rva = out.at();
    out.put<uint32_t>(thread_id);
    out.put<uint32_t>(0);
    out.put<uint32_t>(get<uint32_t>(record));
    out.put<uint32_t>(get<uint32_t>(record + 4));
    out.put<uint64_t>(p.get_ptr(record + 8));
    out.put<uint64_t>(p.get_ptr(record + rt.rec_address));
    const uint32_t n = std::min<uint32_t>(get<uint32_t>(record + rt.rec_nparams), 15);
    out.put<uint32_t>(n);
    out.put<uint32_t>(0);
    for (uint32_t i = 0; i < 15; ++i) out.put<uint64_t>(i < n ? p.get_ptr(record + rt.rec_info + i * w) : 0);
    out.put<uint32_t>(context_size);
    out.put<uint32_t>(context_rva);
    streams.push_back({kExceptionStream, out.at() - rva, rva});
  }

  // MINIDUMP_USER_STREAM_INFORMATION {UserStreamCount, UserStreamArray}: MINIDUMP_USER_STREAM
  // {Type, BufferSize, Buffer} each, copied as they are.
  if (user_streams) {
    const uint32_t count = get<uint32_t>(user_streams.addr);
    const uint64_t array = p.get_ptr(user_streams.addr + w);
    const uint64_t each = w == 8 ? 16 : 12;
    for (uint32_t i = 0; i < count; ++i) {
      const uint64_t s = array + i * each;
      const uint32_t stream_type = get<uint32_t>(s), size = get<uint32_t>(s + 4);
      const uint64_t buffer = p.get_ptr(s + 8);
      out.align(4);
      const uint32_t rva = out.at();
      out.bytes(reinterpret_cast<const void*>(buffer), size);
      streams.push_back({stream_type, size, rva});
    }
  }

  // The directory, then the header.
  out.align(4);
  const uint32_t directory = out.at();
  for (const Stream& s : streams) {
    out.put<uint32_t>(s.type);
    out.put<uint32_t>(s.size);
    out.put<uint32_t>(s.rva);
  }
  out.put_at<uint32_t>(0, kSignature);
  out.put_at<uint32_t>(4, kVersion);
  out.put_at<uint32_t>(8, static_cast<uint32_t>(streams.size()));
  out.put_at<uint32_t>(12, directory);
  out.put_at<uint32_t>(16, 0);
  out.put_at<uint32_t>(20, static_cast<uint32_t>(std::time(nullptr)));
  out.put_at<uint64_t>(24, type);
  p.heap.free(here);

  // Written from the file's start; the full memory's bytes follow the rest.
  out.align(8);
  if (memory64_stream) out.put_at<uint64_t>(memory64_stream, out.at());
  auto write_all = [&](const void* data, size_t n, off_t offset) {
    const auto* b = static_cast<const uint8_t*>(data);
    while (n) {
      const ssize_t k = ::pwrite(fd, b, n, offset);
      if (k <= 0) return false;
      b += k;
      n -= static_cast<size_t>(k);
      offset += k;
    }
    return true;
  };
  off_t offset = static_cast<off_t>(out.data.size());
  if (!write_all(out.data.data(), out.data.size(), 0)) return fail_errno(p);
  for (const auto& [start, size] : full) {
    // A region that stopped being readable is written as zeros, keeping the list's sizes true.
    std::vector<uint8_t> bytes = read_memory(p, start, size);
    bytes.resize(size, 0);
    if (!write_all(bytes.data(), bytes.size(), offset)) return fail_errno(p);
    offset += static_cast<off_t>(size);
  }
  ::lseek(fd, offset, SEEK_SET);
  ::ftruncate(fd, offset);
  (void)current_context_rva;
  return TRUE;
}

}  // namespace polyrun::shims
