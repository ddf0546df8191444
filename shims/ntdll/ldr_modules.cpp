// NTDLL's loader entries and what reads them: LdrEnumerateLoadedModules, LdrFindEntryForAddress,
// LdrQueryProcessModuleInformation (RTL_PROCESS_MODULES); the loader lock (LdrLockLoaderLock,
// LdrUnlockLoaderLock: core's, the one LoadLibrary holds); DLL notifications
// (LdrRegisterDllNotification, LdrUnregisterDllNotification: the callbacks run as later DLLs are
// loaded and unloaded); the unload event trace (RtlGetUnloadEventTrace(Ex): the last 64 DLLs
// unloaded since the process started, RTL_UNLOAD_EVENT_TRACE); and the image file execution options
// (LdrQueryImageFileExecutionOptions). Both the notifications and the trace come through core's
// module hook, which NTDLL sets as the process starts (ntdll_process_start).
//
// The modules are core's (core/windows_modules.h: the program, the built-in DLLs, the DLLs loaded
// from files, in load order). Each has an LDR_DATA_TABLE_ENTRY of NTDLL's in the process heap, laid
// out as winternl.h declares it for the ISA (the three orders' links, DllBase, EntryPoint,
// SizeOfImage, FullDllName, BaseDllName (the name's tail of the full path's buffer), Flags,
// LoadCount, TlsIndex, TimeDateStamp), made for a module when one of these functions first meets
// it, brought up to date on each call, and freed when its module has gone; the entries are linked
// in load order under a list head of NTDLL's.
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/loader_hooks.h"
#include "shims/core/windows_modules.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/registry_tree.h"

namespace polyrun::shims {

namespace ntdll_ldr_modules_impl {

using namespace ntdll_text;

constexpr uint32_t kNoMoreEntries = 0x8000001a, kInvalidParameter1 = 0xc00000ef, kInvalidParameter2 = 0xc00000f0,
                   kInvalidParameter3 = 0xc00000f1, kObjectNameNotFound = 0xc0000034;
// LDR_DATA_TABLE_ENTRY.Flags: LDRP_IMAGE_DLL, LDRP_ENTRY_PROCESSED, LDRP_PROCESS_ATTACH_CALLED.
constexpr uint32_t kImageDll = 0x4, kEntryProcessed = 0x4000, kProcessAttachCalled = 0x80000;

// LDR_DATA_TABLE_ENTRY's fields for pointers of `ps` bytes.
struct EntryLayout {
  unsigned ps;
  uint32_t load_links() const { return 0; }
  uint32_t memory_links() const { return 2 * ps; }
  uint32_t init_links() const { return 4 * ps; }
  uint32_t dll_base() const { return 6 * ps; }
  uint32_t entry_point() const { return 7 * ps; }
  uint32_t size_of_image() const { return 8 * ps; }
  uint32_t full_name() const { return ps == 8 ? 0x48 : 0x24; }
  uint32_t base_name() const { return full_name() + 2 * ps; }
  uint32_t flags() const { return base_name() + 2 * ps; }
  uint32_t load_count() const { return flags() + 4; }
  uint32_t tls_index() const { return flags() + 6; }
  uint32_t hash_links() const { return flags() + 8; }
  uint32_t time_date_stamp() const { return hash_links() + 2 * ps; }
  uint32_t size() const { return ps == 8 ? 0x120 : 0xa8; }
};

struct LdrEntries {
  std::mutex m;
  uint64_t head = 0;  // three LIST_ENTRYs: load, memory and initialization order
  std::map<uint64_t, uint64_t> by_base;  // a module's base → its entry
};
LdrEntries& entries() {
  static LdrEntries e;
  return e;
}

std::u16string file_part(const std::u16string& path) {
  const size_t slash = path.find_last_of(u"\\/");
  return slash == std::u16string::npos ? path : path.substr(slash + 1);
}

void write_string(WindowsProcess& p, uint64_t us, uint64_t buffer, size_t chars, size_t max_chars) {
  put<uint16_t>(us, static_cast<uint16_t>(chars * 2));
  put<uint16_t>(us + 2, static_cast<uint16_t>(max_chars * 2));
  p.put_ptr(us + p.isa->ptr, buffer);
}

// The process's entries brought up to date, in load order.
std::vector<uint64_t> refresh(WindowsProcess& p) {
  const EntryLayout l{p.isa->ptr};
  LdrEntries& e = entries();
  if (!e.head) {
    e.head = p.heap.alloc(6 * l.ps, true);
    if (!e.head) return {};
  }
  const std::vector<ModuleEntry> modules = process_modules(p);
  std::map<uint64_t, uint64_t> kept;
  std::vector<uint64_t> order;
  for (size_t i = 0; i < modules.size(); ++i) {
    const ModuleEntry& m = modules[i];
    const std::u16string path = utf8_to_utf16(m.windows_path);
    uint64_t at = 0;
    auto it = e.by_base.find(m.base);
    if (it != e.by_base.end()) {
      at = it->second;
      const uint64_t buffer = p.get_ptr(at + l.full_name() + l.ps);
      if (get<uint16_t>(at + l.full_name()) != path.size() * 2 ||
          std::memcmp(guest_pointer(buffer), path.data(), path.size() * 2) != 0) {
        p.heap.free(at);  // another module at the same place
        at = 0;
      }
      e.by_base.erase(it);
    }
    if (!at) {
      at = p.heap.alloc(l.size() + (path.size() + 1) * 2, true);
      if (!at) continue;
      const uint64_t text = at + l.size();
      std::memcpy(guest_pointer(text), path.data(), path.size() * 2);
      const size_t base_chars = file_part(path).size();
      write_string(p, at + l.full_name(), text, path.size(), path.size() + 1);
      write_string(p, at + l.base_name(), text + (path.size() - base_chars) * 2, base_chars, base_chars + 1);
      p.put_ptr(at + l.dll_base(), m.base);
      p.put_ptr(at + l.entry_point(), m.entry);
      put<uint32_t>(at + l.size_of_image(), static_cast<uint32_t>(m.size));
      const bool dll = i > 0;  // the program first
      put<uint32_t>(at + l.flags(), kEntryProcessed | (dll ? kImageDll | kProcessAttachCalled : 0));
      put<uint16_t>(at + l.load_count(), 0xffff);
      p.put_ptr(at + l.hash_links(), at + l.hash_links());
      p.put_ptr(at + l.hash_links() + l.ps, at + l.hash_links());
      uint32_t stamp = 0;
      if (p.memory.accessible(m.base, 0x40, mem::kRead) && get<uint16_t>(m.base) == 0x5a4d) {
        const uint64_t nt = m.base + get<uint32_t>(m.base + 0x3c);
        if (p.memory.accessible(nt, 12, mem::kRead) && get<uint32_t>(nt) == 0x4550) stamp = get<uint32_t>(nt + 8);
      }
      put<uint32_t>(at + l.time_date_stamp(), stamp);
    }
    kept[m.base] = at;
    order.push_back(at);
  }
  for (const auto& [base, at] : e.by_base) p.heap.free(at);  // modules gone
  e.by_base = std::move(kept);
  // The three lists, each in load order.
  for (unsigned list = 0; list < 3; ++list) {
    const uint64_t head = e.head + 2ull * l.ps * list;
    uint64_t prev = head;
    for (uint64_t at : order) {
      const uint64_t link = at + 2ull * l.ps * list;
      p.put_ptr(prev, link);
      p.put_ptr(link + l.ps, prev);
      prev = link;
    }
    p.put_ptr(prev, head);
    p.put_ptr(head + l.ps, prev);
  }
  return order;
}

// LdrEnumerateLoadedModules(reserved, callback, context): callback(entry, context, &stop) for
// each module in memory order, until it sets stop.
uint32_t LdrEnumerateLoadedModules(WindowsProcess& p, Ptr reserved, Ptr callback, Ptr context) {
  if (reserved || !callback) return nt::kInvalidParameter;
  std::vector<uint64_t> order;
  {
    std::lock_guard<std::mutex> g(entries().m);
    order = refresh(p);
  }
  const uint64_t stop = p.heap.alloc(4, true);
  if (!stop) return nt::kNoMemory;
  for (uint64_t at : order) {
    p.call_guest(callback.addr, {at, context.addr, stop});
    if (get<uint8_t>(stop) || p.stopping()) break;
  }
  p.heap.free(stop);
  return nt::kSuccess;
}

uint32_t LdrFindEntryForAddress(WindowsProcess& p, Ptr address, Ptr out) {
  const EntryLayout l{p.isa->ptr};
  std::lock_guard<std::mutex> g(entries().m);
  for (uint64_t at : refresh(p)) {
    const uint64_t base = p.get_ptr(at + l.dll_base());
    if (address.addr >= base && address.addr - base < get<uint32_t>(at + l.size_of_image())) {
      p.put_ptr(out.addr, at);
      return nt::kSuccess;
    }
  }
  return kNoMoreEntries;
}

// RTL_PROCESS_MODULES: NumberOfModules, then an RTL_PROCESS_MODULE_INFORMATION per module
// (Section, MappedBase, ImageBase, ImageSize, Flags, LoadOrderIndex, InitOrderIndex, LoadCount,
// OffsetToFileName, FullPathName[256] in the ANSI code page). *required: the bytes all take.
uint32_t LdrQueryProcessModuleInformation(WindowsProcess& p, Ptr out, uint32_t size, Ptr required) {
  const unsigned ps = p.isa->ptr;
  const EntryLayout l{ps};
  const uint32_t header = ps, item = 3 * ps + 16 + 256;
  std::lock_guard<std::mutex> g(entries().m);
  const std::vector<uint64_t> order = refresh(p);
  const uint32_t need = header + item * static_cast<uint32_t>(order.size());
  put<uint32_t>(required.addr, need);
  if (size < header) {
    if (size >= 4) put<uint32_t>(out.addr, 0);
    return nt::kInfoLengthMismatch;
  }
  uint32_t count = 0;
  for (uint16_t i = 0; i < order.size(); ++i) {
    const uint64_t at = order[i], item_at = out.addr + header + uint64_t{item} * i;
    if (header + uint64_t{item} * (i + 1) > size) break;
    std::memset(guest_pointer(item_at), 0, item);
    const uint64_t base = p.get_ptr(at + l.dll_base());
    p.put_ptr(item_at + ps, base);
    p.put_ptr(item_at + 2 * ps, base);
    put<uint32_t>(item_at + 3 * ps, get<uint32_t>(at + l.size_of_image()));
    put<uint32_t>(item_at + 3 * ps + 4, get<uint32_t>(at + l.flags()));
    put<uint16_t>(item_at + 3 * ps + 8, i);
    put<uint16_t>(item_at + 3 * ps + 12, get<uint16_t>(at + l.load_count()));
    const Counted full = read_counted(p, at + l.full_name());
    std::string name = utf16_to_ansi(std::u16string(reinterpret_cast<const char16_t*>(full.buffer), full.length / 2));
    if (name.size() > 255) name.resize(255);
    std::memcpy(guest_pointer(item_at + 3 * ps + 16), name.c_str(), name.size() + 1);
    const size_t slash = name.find_last_of('\\');
    put<uint16_t>(item_at + 3 * ps + 14, static_cast<uint16_t>(slash == std::string::npos ? 0 : slash + 1));
    ++count;
  }
  put<uint32_t>(out.addr, count);
  return count == order.size() ? nt::kSuccess : nt::kInfoLengthMismatch;
}

// ---- the loader lock ----

// LdrLockLoaderLock(flags, *disposition, *cookie): flag 1 raises errors as exceptions (taken as 0
// here), flag 2 only tries (*disposition 1: acquired, 2: another thread holds it). The cookie is
// the thread's id, which LdrUnlockLoaderLock checks.
uint32_t LdrLockLoaderLock(WindowsProcess& p, uint32_t flags, Ptr disposition, Ptr cookie) {
  put<uint32_t>(disposition.addr, 0);
  if (cookie) p.put_ptr(cookie.addr, 0);
  if (flags & ~3u) return kInvalidParameter1;
  if (!disposition && (flags & 2)) return kInvalidParameter2;
  if (!cookie) return kInvalidParameter3;
  const bool got = acquire_loader_lock(p, flags & 2);
  put<uint32_t>(disposition.addr, got ? 1 : 2);
  if (got) p.put_ptr(cookie.addr, p.thread().id);
  return nt::kSuccess;
}

uint32_t LdrUnlockLoaderLock(WindowsProcess& p, uint32_t flags, USize cookie) {
  if (flags & ~1u) return kInvalidParameter1;
  if (!cookie) return nt::kSuccess;
  if (cookie != p.thread().id) return kInvalidParameter2;
  return release_loader_lock(p) ? nt::kSuccess : kInvalidParameter2;
}

struct Notification {
  uint64_t callback, context;
};
std::mutex& notifications_lock() {
  static std::mutex m;
  return m;
}
std::map<uint64_t, Notification>& notifications() {  // by cookie
  static std::map<uint64_t, Notification> all;
  return all;
}

// ---- the unload event trace ----

// In guest memory, made once: the element size and count RtlGetUnloadEventTraceEx points to, the
// pointer to the array it points to (null until a DLL is unloaded), and the array of 64
// RTL_UNLOAD_EVENT_TRACE (BaseAddress, SizeOfImage, Sequence, TimeDateStamp, CheckSum,
// ImageName[32]), filled in turn.
constexpr uint32_t kTraceCount = 64;
struct UnloadTrace {
  uint64_t block = 0;  // size, count, pointer, array
  uint32_t next = 0;
};
UnloadTrace& unload_trace() {
  static UnloadTrace t;
  return t;
}
uint32_t trace_element_size(unsigned ps) { return ps == 8 ? 96 : 84; }
uint64_t trace_array(unsigned ps, uint64_t block) { return block + 8 + ps; }
uint64_t trace_block(WindowsProcess& p) {
  UnloadTrace& t = unload_trace();
  if (!t.block) {
    const unsigned ps = p.isa->ptr;
    t.block = p.alloc_data(8 + ps + uint64_t{kTraceCount} * trace_element_size(ps));
    put<uint32_t>(t.block, trace_element_size(ps));
    put<uint32_t>(t.block + 4, kTraceCount);
  }
  return t.block;
}

void record_unload(WindowsProcess& p, const ModuleEntry& m) {
  const unsigned ps = p.isa->ptr;
  const uint64_t block = trace_block(p);
  UnloadTrace& t = unload_trace();
  const uint64_t e = trace_array(ps, block) + uint64_t{t.next} * trace_element_size(ps);
  std::memset(guest_pointer(e), 0, trace_element_size(ps));
  p.put_ptr(e, m.base);
  p.put_ptr(e + ps, m.size);
  put<uint32_t>(e + 2 * ps, t.next);
  if (p.memory.accessible(m.base, 0x40, mem::kRead) && get<uint16_t>(m.base) == 0x5a4d) {
    const uint64_t nt = m.base + get<uint32_t>(m.base + 0x3c);
    if (p.memory.accessible(nt, 0x60, mem::kRead) && get<uint32_t>(nt) == 0x4550) {
      put<uint32_t>(e + 2 * ps + 4, get<uint32_t>(nt + 8));     // TimeDateStamp
      put<uint32_t>(e + 2 * ps + 8, get<uint32_t>(nt + 0x58));  // CheckSum
    }
  }
  std::u16string name = file_part(utf8_to_utf16(m.windows_path));
  if (name.size() > 31) name.resize(31);
  std::memcpy(guest_pointer(e + 2 * ps + 12), name.data(), name.size() * 2);
  t.next = (t.next + 1) % kTraceCount;
  p.put_ptr(block + 8, trace_array(ps, block));
}

Ptr RtlGetUnloadEventTrace(WindowsProcess& p) { return trace_array(p.isa->ptr, trace_block(p)); }

// RtlGetUnloadEventTraceEx(&size, &count, &trace): pointers to the element size, the element count
// and the pointer to the array.
void RtlGetUnloadEventTraceEx(WindowsProcess& p, Ptr size, Ptr count, Ptr trace) {
  const uint64_t block = trace_block(p);
  p.put_ptr(size.addr, block);
  p.put_ptr(count.addr, block + 4);
  p.put_ptr(trace.addr, block + 8);
}

// ---- DLL notifications ----

// LDR_DLL_NOTIFICATION_DATA (Flags, FullDllName, BaseDllName, DllBase, SizeOfImage) and its two
// strings, made for the calls and freed after them.
void notify_modules(WindowsProcess& p, bool loaded, const ModuleEntry& m) {
  if (!loaded) record_unload(p, m);
  std::vector<Notification> calls;
  {
    std::lock_guard<std::mutex> g(notifications_lock());
    for (const auto& [cookie, n] : notifications()) calls.push_back(n);
  }
  if (calls.empty()) return;
  const unsigned ps = p.isa->ptr;
  const std::u16string path = utf8_to_utf16(m.windows_path), base_name = file_part(path);
  const uint64_t data_size = 5 * ps, strings = data_size, text = strings + 4 * ps;
  const uint64_t block = p.heap.alloc(text + (path.size() + 1) * 2, true);
  if (!block) return;
  std::memcpy(guest_pointer(block + text), path.data(), path.size() * 2);
  write_string(p, block + strings, block + text, path.size(), path.size() + 1);
  write_string(p, block + strings + 2 * ps, block + text + (path.size() - base_name.size()) * 2, base_name.size(),
               base_name.size() + 1);
  p.put_ptr(block + ps, block + strings);
  p.put_ptr(block + 2 * ps, block + strings + 2 * ps);
  p.put_ptr(block + 3 * ps, m.base);
  put<uint32_t>(block + 4 * ps, static_cast<uint32_t>(m.size));
  for (const Notification& n : calls) {
    if (p.stopping()) break;
    p.call_guest(n.callback, {loaded ? 1u : 2u, block, n.context});  // LDR_DLL_NOTIFICATION_REASON_*
  }
  p.heap.free(block);
}

uint32_t LdrRegisterDllNotification(WindowsProcess& p, uint32_t flags, Ptr callback, Ptr context, Ptr cookie) {
  if (!callback || !cookie) return nt::kInvalidParameter;
  if (flags) return nt::kInvalidParameter;  // (no flags are defined)
  const uint64_t c = p.heap.alloc(16, true);  // the cookie: a unique address
  if (!c) return nt::kNoMemory;
  {
    std::lock_guard<std::mutex> g(notifications_lock());
    notifications()[c] = {callback.addr, context.addr};
  }
  p.put_ptr(cookie.addr, c);
  return nt::kSuccess;
}

uint32_t LdrUnregisterDllNotification(WindowsProcess& p, Ptr cookie) {
  {
    std::lock_guard<std::mutex> g(notifications_lock());
    if (!cookie || !notifications().erase(cookie.addr)) return nt::kInvalidParameter;
  }
  p.heap.free(cookie.addr);
  return nt::kSuccess;
}

// ---- image file execution options ----

// LdrQueryImageFileExecutionOptions(image path, value name, type, data, size, *result size): a
// value of HKLM\Software\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\<the
// image's file name>. REG_DWORD: the value as a number (a value of another type: its text read as
// hexadecimal); else the value's data as stored.
uint32_t LdrQueryImageFileExecutionOptions(WindowsProcess& p, Ptr image, WStr value_name, uint32_t type, Ptr data,
                                           uint32_t size, Ptr result_size) {
  using namespace registry;
  const Counted c = read_counted(p, image.addr);
  std::u16string path(reinterpret_cast<const char16_t*>(c.buffer), c.length / 2);
  const std::u16string name = file_part(path);
  const std::u16string wanted = value_name.addr ? value_name.str() : std::u16string();
  std::vector<uint8_t> bytes;
  uint32_t stored_type;
  {
    Registry& r = registry::registry();
    std::lock_guard g(r.mutex);
    OpenKey any;
    resolve(p, r, kLocalMachine, 0, any);  // (seeds the tree)
    KeyPtr options;
    if (walk(r.machine, u"Software\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options", options) ||
        name.empty())
      return kObjectNameNotFound;
    Key* k = options->child(name);
    if (!k) return kObjectNameNotFound;
    Value* v = k->value(wanted);
    if (!v) return kObjectNameNotFound;
    bytes = v->data;
    stored_type = v->type;
  }
  if (type == REG_DWORD) {
    put<uint32_t>(result_size.addr, 4);
    if (size < 4) return nt::kBufferOverflow;
    uint32_t n = 0;
    if (stored_type == REG_DWORD && bytes.size() >= 4) {
      std::memcpy(&n, bytes.data(), 4);
    } else {  // another type: its text read as a hexadecimal number (an "0x" before it allowed)
      std::u16string s(reinterpret_cast<const char16_t*>(bytes.data()), bytes.size() / 2);
      size_t i = 0;
      while (i < s.size() && (s[i] == u' ' || s[i] == u'\t')) ++i;
      if (i + 1 < s.size() && s[i] == u'0' && (s[i + 1] == u'x' || s[i + 1] == u'X')) i += 2;
      for (; i < s.size(); ++i) {
        const char16_t ch = s[i];
        unsigned d;
        if (ch >= u'0' && ch <= u'9') d = ch - u'0';
        else if (ch >= u'a' && ch <= u'f') d = ch - u'a' + 10;
        else if (ch >= u'A' && ch <= u'F') d = ch - u'A' + 10;
        else break;
        n = n * 16 + d;
      }
    }
    put<uint32_t>(data.addr, n);
    return nt::kSuccess;
  }
  put<uint32_t>(result_size.addr, static_cast<uint32_t>(bytes.size()));
  if (bytes.size() > size) return nt::kBufferOverflow;
  if (!bytes.empty()) std::memcpy(guest_pointer(data.addr), bytes.data(), bytes.size());
  return nt::kSuccess;
}

}  // namespace ntdll_ldr_modules_impl

void ntdll_process_start(WindowsProcess&) { set_module_notification_hook(ntdll_ldr_modules_impl::notify_modules); }

const std::vector<Export>& ntdll_ldr_module_exports() {
  using namespace ntdll_ldr_modules_impl;
  static const std::vector<Export> exports = {
      EXPORT("LdrEnumerateLoadedModules", LdrEnumerateLoadedModules),
      EXPORT("LdrFindEntryForAddress", LdrFindEntryForAddress),
      EXPORT("LdrQueryProcessModuleInformation", LdrQueryProcessModuleInformation),
      EXPORT("LdrLockLoaderLock", LdrLockLoaderLock),
      EXPORT("LdrUnlockLoaderLock", LdrUnlockLoaderLock),
      EXPORT("LdrRegisterDllNotification", LdrRegisterDllNotification),
      EXPORT("LdrUnregisterDllNotification", LdrUnregisterDllNotification),
      EXPORT("LdrQueryImageFileExecutionOptions", LdrQueryImageFileExecutionOptions),
      EXPORT("RtlGetUnloadEventTrace", RtlGetUnloadEventTrace),
      EXPORT("RtlGetUnloadEventTraceEx", RtlGetUnloadEventTraceEx),
  };
  return exports;
}

}  // namespace polyrun::shims
