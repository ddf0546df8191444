// The modules of a Windows process, as the Windows loader keeps them.
//
// Names: a DLL polyrun implements (kernel32.dll, msvcrt.dll, an API set …) is its built-in, however
// it is spelled ("KERNEL32", "kernel32.dll", "C:\Windows\System32\advapi32.dll"); its module
// handle is a pseudo handle, not a mapped image. Any other DLL is a file, found as LoadLibrary
// finds it: a name with a path at that path; a bare name as the module already loaded under that
// file name, else in the program's directory, the current directory and the directories of PATH
// (SetDllDirectory, AddDllDirectory and the LOAD_LIBRARY_SEARCH_* flags change the list as on
// Windows; the system directories hold only the built-in DLLs). ".dll" is added to a name without
// an extension. An import the program or a DLL makes is found the same way; one of Windows' own
// DLLs that polyrun lacks (core/windows_system_dlls.cpp) is bound to stops instead, as a built-in
// function polyrun lacks is.
//
// Loading maps the file (loader::load_pe_dll: its preferred base, or relocated), gives its static
// TLS an index in every thread's TLS array, binds its imports (to built-ins, to DLLs already
// loaded, or to DLLs loaded now, recursively: an import cycle finds the module already in the
// table), then runs DLL_PROCESS_ATTACH — TLS callbacks, then DllMain — of every DLL the load
// brought in that is not initialized, each after the DLLs it imports. DllMain returning FALSE
// fails LoadLibrary with ERROR_DLL_INIT_FAILED: that DLL gets DLL_PROCESS_DETACH and everything
// the load brought in is unloaded again. Threads get DLL_THREAD_ATTACH and DLL_THREAD_DETACH
// (core/windows_threads.cpp), the process's orderly end DLL_PROCESS_DETACH (the reverse order).
//
// A DLL stays loaded while LoadLibrary (or GetModuleHandleEx) references it, the program imports
// it, it is pinned, or a DLL that stays imports it: FreeLibrary takes a reference back and unloads
// whatever nothing keeps any more (so that import cycles are unloaded too), DLL_PROCESS_DETACH
// first in the reverse of the order they were initialized.
//
// Loading, unloading and every DllMain call take the loader lock, which one thread holds at a time
// (the same one again inside a DllMain); the module table changes only under the execution lock.
//
// KERNEL32's module functions (GetModuleHandle*, LoadLibrary*, FreeLibrary, GetProcAddress,
// GetModuleFileName*, the DLL search path's) are thin functions over the ones here
// (kernel32/modules.cpp); core's own start-up and delay-loaded imports use these directly.
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"
#include "shims/core/loader_hooks.h"

#include <strings.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "common/error.h"
#include "common/log.h"
#include "shims/core/child_process.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {


namespace {

constexpr uint32_t kDllProcessDetach = 0;
constexpr uint32_t ERROR_INVALID_IMAGE_HASH = 577, ERROR_DLL_INIT_FAILED = 1114;
// Why a program cannot start (its exit status, as Windows ends it).
constexpr uint32_t kStatusDllNotFound = 0xc0000135, kStatusEntrypointNotFound = 0xc0000139,
                   kStatusOrdinalNotFound = 0xc0000138, kStatusInvalidImageFormat = 0xc000007b,
                   kStatusDllInitFailed = 0xc0000142;

// LoadLibraryEx flags.
constexpr uint32_t DONT_RESOLVE_DLL_REFERENCES = 0x1, LOAD_LIBRARY_AS_DATAFILE = 0x2,
                   LOAD_WITH_ALTERED_SEARCH_PATH = 0x8, LOAD_LIBRARY_AS_IMAGE_RESOURCE = 0x20,
                   LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE = 0x40, LOAD_LIBRARY_REQUIRE_SIGNED_TARGET = 0x80,
                   LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR = 0x100, LOAD_LIBRARY_SEARCH_APPLICATION_DIR = 0x200,
                   LOAD_LIBRARY_SEARCH_USER_DIRS = 0x400, LOAD_LIBRARY_SEARCH_SYSTEM32 = 0x800,
                   LOAD_LIBRARY_SEARCH_DEFAULT_DIRS = 0x1000, kSearchFlags = 0x1f00;
constexpr uint32_t kDatafileFlags = LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_IMAGE_RESOURCE | LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE;

// Pseudo module handles of the built-in DLLs: they are not mapped images.
// (index 0 would be 0x7ffe0000 itself: KUSER_SHARED_DATA, core/user_shared_data.h.)
constexpr uint64_t kBuiltinModuleBase = 0x7ffe0000;
// Where Windows keeps its DLLs (GetSystemDirectory's answer, kernel32/runtime.cpp).
const char* const kSystemDir = "C:\\windows\\system32";

// A DLL loaded from a file.
struct Module {
  std::string name;                   // its file name as found ("helper.dll")
  std::string host_path, windows_path;
  loader::PeImage image;
  uint32_t load_count = 0;            // LoadLibrary's and GetModuleHandleEx's references
  bool pinned = false;                // the program imports it, or GET_MODULE_HANDLE_EX_FLAG_PIN
  bool bound = false;                 // its imports are bound (not with DONT_RESOLVE_DLL_REFERENCES)
  bool attached = false;              // DLL_PROCESS_ATTACH succeeded
  bool thread_calls = true;           // DisableThreadLibraryCalls turns DLL_THREAD_* off
  uint32_t tls_index = 0;             // its slot in the threads' TLS arrays (0: no static TLS)
  std::vector<Module*> deps;          // the loaded DLLs it imports (or forwards to)
};

struct ModuleTable {
  std::vector<std::unique_ptr<Module>> modules;  // in load order
  std::vector<Module*> initialized;              // attached, in the order they were
  uint32_t lock_owner = 0;                       // the loader lock: owning thread, depth
  int lock_depth = 0;
  std::optional<std::string> dll_directory;      // SetDllDirectory
  uint32_t default_search = 0;                   // SetDefaultDllDirectories
  std::map<uint64_t, std::string> user_dirs;     // AddDllDirectory, by cookie
  uint64_t next_cookie = 0x10;
  uint64_t tls_in_use = 1;                       // bit i: TLS index i (0: the program's)
  bool collecting = false, collect_again = false;
  bool orderly_exit = false;
  // Files LoadLibraryEx mapped for their resources (LOAD_LIBRARY_AS_DATAFILE, AS_IMAGE_RESOURCE):
  // by base, their size and references. Not modules: no name finds them.
  struct DataFile {
    uint64_t size = 0;
    uint32_t refs = 0;
  };
  std::map<uint64_t, DataFile> data_files;
};

ModuleTable& table() {
  static ModuleTable t;
  return t;
}

ModuleNotificationHook& notification_hook() {
  static ModuleNotificationHook hook = nullptr;
  return hook;
}
void notify(WindowsProcess& p, bool loaded, const Module& m) {
  if (ModuleNotificationHook hook = notification_hook())
    hook(p, loaded, ModuleEntry{m.image.base, m.image.size, m.image.entry, m.windows_path});
}

// The loader lock (above). A thread waits for it with the execution lock released.
class LoaderLock {
 public:
  explicit LoaderLock(WindowsProcess& p) : p_(p) {
    ModuleTable& t = table();
    const uint32_t me = p.thread().id;
    wait_until(p, kInfinite, [&] { return t.lock_owner == 0 || t.lock_owner == me || p.stopping(); },
               "for the loader lock");
    t.lock_owner = me;
    ++t.lock_depth;
  }
  ~LoaderLock() {
    ModuleTable& t = table();
    if (--t.lock_depth == 0) {
      t.lock_owner = 0;
      p_.wake_waiters();
    }
  }
  LoaderLock(const LoaderLock&) = delete;
  LoaderLock& operator=(const LoaderLock&) = delete;

 private:
  WindowsProcess& p_;
};

// ---- names ----

bool has_path(const std::string& n) { return n.find_first_of("\\/:") != std::string::npos; }
// ".dll" added to a name without an extension; a trailing dot says it has none.
std::string with_extension(const std::string& n) {
  if (!n.empty() && n.back() == '.') return n.substr(0, n.size() - 1);
  return windows_file_part(n).find('.') == std::string::npos ? n + ".dll" : n;
}
std::string real_path(const std::string& host) {
  char buf[PATH_MAX];
  return ::realpath(host.c_str(), buf) ? std::string(buf) : host;
}
bool is_file(const std::string& host) {
  struct stat st;
  return ::stat(host.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The built-in DLL a name (with_extension's) spells, whatever its case or path ("kernel32." names a
// file without an extension, none of them).
const Dll* builtin(const std::string& name) {
  std::string f = ascii_lower(windows_file_part(name));
  if (f.find('.') == std::string::npos) return nullptr;  // (.dll, or WINSPOOL.DRV's .drv)
  return find_dll(f);
}

uint64_t builtin_handle(const Dll* d) {
  if (!d) return 0;
  const auto& all = builtin_dlls();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i] == d) return kBuiltinModuleBase + (i + 1) * 0x1000;
  return 0;
}
const Dll* builtin_of_handle(uint64_t h) {
  const auto& all = builtin_dlls();
  if (h <= kBuiltinModuleBase || (h - kBuiltinModuleBase) % 0x1000) return nullptr;
  uint64_t i = (h - kBuiltinModuleBase) / 0x1000;
  return i <= all.size() ? all[i - 1] : nullptr;
}

// A built-in DLL's name as Windows spells its module ("KERNEL32.dll").
std::string builtin_label(const Dll* d) {
  std::string n = d->name;
  const size_t dot = n.rfind('.');
  for (size_t i = 0; i < dot; ++i) n[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(n[i])));
  return n;
}

// The built-in DLL whose function a host-call thunk leads to (an address inside a built-in DLL).
const Dll* builtin_of_thunk(WindowsProcess& p, uint64_t address) {
  if (address < p.thunk_base || address - p.thunk_base >= p.thunks.size() * 8) return nullptr;
  const ThunkTarget& t = p.thunks[(address - p.thunk_base) / 8];
  return t.special ? nullptr : builtin(t.dll);
}

Module* module_at(uint64_t base) {
  for (const auto& m : table().modules)
    if (m->image.base == base) return m.get();
  return nullptr;
}
Module* module_named(const std::string& file) {
  for (const auto& m : table().modules)
    if (::strcasecmp(m->name.c_str(), file.c_str()) == 0) return m.get();
  return nullptr;
}
Module* module_from(const std::string& host_path) {
  for (const auto& m : table().modules)
    if (m->host_path == host_path) return m.get();
  return nullptr;
}

std::string program_directory(WindowsProcess& p) {
  size_t cut = p.exe_path.find_last_of('\\');
  return cut == std::string::npos ? windows_current_directory() : p.exe_path.substr(0, cut);
}

// "#7": an import or export by ordinal, in messages and --strace.
std::string ordinal_name(uint32_t ordinal) {
  std::string s = "#";
  s += std::to_string(ordinal);
  return s;
}

// ---- finding a DLL's file ----

// Where a load looks for bare names.
struct Search {
  uint32_t flags = 0;       // LOAD_LIBRARY_SEARCH_* (0: SetDefaultDllDirectories', else the standard order)
  std::string first_dir;    // LOAD_WITH_ALTERED_SEARCH_PATH: the DLL's own directory instead of the program's
  std::string load_dir;     // LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR: the directory of the DLL being loaded
};

std::vector<std::string> search_directories(WindowsProcess& p, const Search& s) {
  ModuleTable& t = table();
  std::vector<std::string> dirs;
  uint32_t flags = s.flags ? s.flags : t.default_search;
  if (flags & kSearchFlags) {
    if (flags & LOAD_LIBRARY_SEARCH_DEFAULT_DIRS)
      flags |= LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_USER_DIRS | LOAD_LIBRARY_SEARCH_SYSTEM32;
    if ((flags & LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR) && !s.load_dir.empty()) dirs.push_back(s.load_dir);
    if (flags & LOAD_LIBRARY_SEARCH_APPLICATION_DIR) dirs.push_back(program_directory(p));
    if (flags & LOAD_LIBRARY_SEARCH_USER_DIRS) {
      for (const auto& [cookie, d] : t.user_dirs) dirs.push_back(d);
      if (t.dll_directory && !t.dll_directory->empty()) dirs.push_back(*t.dll_directory);
    }
    return dirs;  // (LOAD_LIBRARY_SEARCH_SYSTEM32: the built-in DLLs only)
  }
  // The standard order (safe DLL search mode): the program's directory, SetDllDirectory's, the
  // system directories (built-ins only), the current directory unless SetDllDirectory was called,
  // then PATH.
  dirs.push_back(s.first_dir.empty() ? program_directory(p) : s.first_dir);
  if (t.dll_directory && !t.dll_directory->empty()) dirs.push_back(*t.dll_directory);
  if (!t.dll_directory) dirs.push_back(windows_current_directory());
  for (auto& d : search_path(p)) dirs.push_back(std::move(d));
  return dirs;
}

// The host path of the file a bare name (with its extension) finds, or "".
std::string search(WindowsProcess& p, const std::string& file, const Search& s) {
  for (const std::string& d : search_directories(p, s)) {
    std::string host = windows_to_host_path(d + "\\" + file);  // (found without case)
    if (!host.empty() && is_file(host)) return real_path(host);
  }
  return "";
}

// ---- static TLS ----

}  // namespace

uint64_t tls_block(WindowsProcess& p, const loader::PeTls& tls) {
  uint64_t raw = tls.raw_end > tls.raw_start ? tls.raw_end - tls.raw_start : 0;
  uint64_t block = p.alloc_data(raw + tls.zero_fill + 16);
  if (block && raw && p.memory.accessible(tls.raw_start, raw, mem::kRead))
    std::memcpy(guest_pointer(block), reinterpret_cast<const void*>(tls.raw_start), raw);
  return block;
}

namespace {

uint64_t tls_array(WindowsProcess& p, const WindowsThread& t) {
  return t.teb ? p.get_ptr(t.teb + p.isa->teb.tls_pointer) : 0;
}

// The DLL's TLS index (written where its TLS directory says), and its block in every thread.
void setup_tls(WindowsProcess& p, Module& m) {
  const loader::PeTls& tls = m.image.tls;
  if (!tls.present) return;
  ModuleTable& t = table();
  for (uint32_t i = 1; i < 64; ++i)
    if (!(t.tls_in_use >> i & 1)) {
      m.tls_index = i;
      break;
    }
  if (!m.tls_index) {
    log().warn("{}: no TLS index left for its static TLS", m.name);
    return;
  }
  t.tls_in_use |= uint64_t{1} << m.tls_index;
  if (tls.index_slot && p.memory.accessible(tls.index_slot, 4, mem::kNone)) p.memory.poke(tls.index_slot, &m.tls_index, 4);
  for (const auto& th : p.threads)
    if (uint64_t array = tls_array(p, *th)) p.put_ptr(array + m.tls_index * p.isa->ptr, tls_block(p, tls));
}

void release_tls(WindowsProcess& p, Module& m) {
  if (!m.tls_index) return;
  for (const auto& th : p.threads)
    if (uint64_t array = tls_array(p, *th)) {
      uint64_t slot = array + m.tls_index * p.isa->ptr;
      if (uint64_t block = p.get_ptr(slot)) p.heap.free(block);
      p.put_ptr(slot, 0);
    }
  table().tls_in_use &= ~(uint64_t{1} << m.tls_index);
  m.tls_index = 0;
}

// ---- loading ----

// A DLL found, loaded or not: built in, loaded from a file, or one of Windows' own polyrun lacks.
struct Target {
  const Dll* builtin = nullptr;
  Module* module = nullptr;
  bool system_stub = false;
};

// One LoadLibrary (or the start-up, or a GetProcAddress that follows a forwarder): where it looks,
// and why it failed.
struct Load {
  Search search;
  bool bind = true;          // not DONT_RESOLVE_DLL_REFERENCES
  bool stub_missing = true;  // imports: a function or system DLL polyrun lacks becomes a stop
  uint32_t error = 0;        // the Windows error, the status a program that cannot start ends with,
  uint32_t status = 0;       // and one line saying why
  std::string why;
  void failed(uint32_t e, uint32_t s, std::string w) {
    error = e;
    status = s;
    why = std::move(w);
  }
};

bool bind_image(WindowsProcess& p, const loader::PeImage& img, const std::string& img_name, Module* self, Load& load);

// The machines whose images a process here may map (an x64 Windows': its own and WoW64's).
bool image_machine(uint16_t machine) { return machine == 0x8664 || machine == 0x14c; }

Module* map_file(WindowsProcess& p, const std::string& host, Load& load) {
  loader::PeImage img;
  try {
    img = loader::load_pe_dll(p.memory, host, p.isa->limit);
  } catch (const UserError& e) {
    load.failed(ERROR_BAD_EXE_FORMAT, kStatusInvalidImageFormat, e.what());
    return nullptr;
  }
  // A DLL of another machine is refused, but one without code (a resource-only DLL) is mapped
  // into a 64-bit process as Windows maps it: data, nothing bound or run (a 32-bit process takes
  // only its own machine's, as wine 8.0's 32-bit loader does).
  const bool own_machine = img.isa == p.isa->isa && (img.machine == 0x8664 || img.machine == 0x14c);
  const bool resource_only = !own_machine && !img.contains_code && p.isa->isa == Isa::X86_64 && image_machine(img.machine);
  if (!own_machine && !resource_only) {
    p.memory.unmap(img.base, p.memory.page_up(img.size));
    load.failed(ERROR_BAD_EXE_FORMAT, kStatusInvalidImageFormat, host + ": a DLL for another machine");
    return nullptr;
  }
  if (resource_only) {
    img.tls = {};
    img.entry = 0;
    img.imports.clear();
  }
  auto m = std::make_unique<Module>();
  m->host_path = host;
  m->name = windows_file_part(host);
  m->windows_path = host_to_windows_path(host);
  m->image = std::move(img);
  log().debug("{} loaded at {:#x}", m->windows_path, m->image.base);
  Module* raw = m.get();
  table().modules.push_back(std::move(m));
  setup_tls(p, *raw);
  notify(p, true, *raw);
  return raw;
}

void add_dependency(Module* self, Module* dep) {
  if (!self) {
    dep->pinned = true;  // what the program imports stays
    return;
  }
  if (self != dep && std::find(self->deps.begin(), self->deps.end(), dep) == self->deps.end()) self->deps.push_back(dep);
}

// The built-in DLL a name (with_extension's) leads to, unless that DLL gives way to a file of its
// name (Dll::app_local_first): one already loaded, one at the path the name gives, or one in the
// program's directory.
const Dll* builtin_serving(WindowsProcess& p, const std::string& name) {
  const Dll* d = builtin(name);
  if (!d || !d->app_local_first) return d;
  if (has_path(name)) return is_file(windows_to_host_path(windows_full_path(name))) ? nullptr : d;
  if (module_named(name)) return nullptr;
  return is_file(windows_to_host_path(program_directory(p) + "\\" + name)) ? nullptr : d;
}

// The DLL `request` names, loaded (with what it imports) if it is a file not loaded yet.
bool find_or_load(WindowsProcess& p, const std::string& request, Load& load, Target& out) {
  const std::string name = with_extension(request);
  if ((out.builtin = builtin_serving(p, name))) return true;
  std::string host;
  if (has_path(name)) {
    host = windows_to_host_path(windows_full_path(name));
    if (!is_file(host)) host.clear();
  } else {
    if ((out.module = module_named(name))) return true;
    host = search(p, name, load.search);
  }
  if (host.empty()) {
    if (!has_path(name) && load.stub_missing && is_windows_system_dll(ascii_lower(name))) {
      out.system_stub = true;
      return true;
    }
    load.failed(ERROR_MOD_NOT_FOUND, kStatusDllNotFound,
                windows_file_part(name) + " was not found" +
                    (has_path(name) ? " at " + name : " beside the program, in the current directory or on PATH"));
    return false;
  }
  host = real_path(host);
  if ((out.module = module_from(host))) return true;
  Module* m = map_file(p, host, load);
  if (!m) return false;
  out.module = m;
  if (!load.bind) return true;
  m->bound = true;
  return bind_image(p, m->image, m->name, m, load);
}

uint64_t address_in(WindowsProcess& p, const Target& t, const std::string& dll_name, const std::string& name,
                    uint32_t ordinal, Module* owner, Load& load, int depth);

// A function or variable an image exports, by name or (no name) by ordinal; a forwarder is followed
// to the DLL it names. 0 (load.error set) if there is none.
uint64_t export_of(WindowsProcess& p, const loader::PeImage& img, const std::string& img_name, Module* owner,
                   const std::string& name, uint32_t ordinal, Load& load, int depth) {
  const loader::PeExportTable& t = img.export_table;
  uint32_t index;
  if (!name.empty()) {
    auto it = t.names.find(name);
    if (it == t.names.end()) {
      load.failed(ERROR_PROC_NOT_FOUND, kStatusEntrypointNotFound, img_name + " has no export named " + name);
      return 0;
    }
    index = it->second;
  } else {
    index = ordinal - t.ordinal_base;
    if (ordinal < t.ordinal_base || index >= t.functions.size() ||
        (!t.functions[index] && !t.forwards.count(index))) {
      // (GetProcAddress says ERROR_PROC_NOT_FOUND for an ordinal too, as wine does; a program that
      // imports it cannot start, with STATUS_ORDINAL_NOT_FOUND.)
      load.failed(ERROR_PROC_NOT_FOUND, kStatusOrdinalNotFound, img_name + " has no export of ordinal " + std::to_string(ordinal));
      return 0;
    }
  }
  if (auto f = t.forwards.find(index); f != t.forwards.end()) {
    // "DLL.Name" or "DLL.#ordinal".
    size_t dot = f->second.rfind('.');
    if (dot == std::string::npos || depth > 16) {
      load.failed(ERROR_PROC_NOT_FOUND, kStatusEntrypointNotFound, img_name + ": a broken forwarder " + f->second);
      return 0;
    }
    std::string dll = f->second.substr(0, dot), what = f->second.substr(dot + 1);
    Target target;
    if (!find_or_load(p, dll, load, target)) return 0;
    if (target.module) add_dependency(owner, target.module);
    if (!what.empty() && what[0] == '#') return address_in(p, target, dll, "", static_cast<uint32_t>(std::atoi(what.c_str() + 1)), owner, load, depth + 1);
    return address_in(p, target, dll, what, 0, owner, load, depth + 1);
  }
  if (!t.functions[index]) {
    load.failed(ERROR_PROC_NOT_FOUND, kStatusEntrypointNotFound, img_name + " has no export named " + name);
    return 0;
  }
  return t.functions[index];
}

// A function of a DLL found (built in: its thunk or variable; a stop for one polyrun lacks where
// the load allows it).
uint64_t address_in(WindowsProcess& p, const Target& t, const std::string& dll_name, const std::string& name,
                    uint32_t ordinal, Module* owner, Load& load, int depth) {
  std::string label = name.empty() ? ordinal_name(ordinal) : name;
  if (t.module) return export_of(p, t.module->image, t.module->name, t.module, name, ordinal, load, depth);
  if (t.builtin) {
    const Export* e = name.empty() ? t.builtin->find(static_cast<uint16_t>(ordinal)) : t.builtin->find(name);
    if (e && name.empty()) label += " (" + std::string(e->name) + ")";
    if (e && e->data) return e->data(p);
    if (!e && !load.stub_missing) {
      load.failed(ERROR_PROC_NOT_FOUND, kStatusEntrypointNotFound, dll_name + " has no export named " + label);
      return 0;
    }
    if (!e) log().debug("import {}!{} is not implemented: bound to a trap", dll_name, label);
    return p.export_thunk(t.builtin, dll_name, label, e);
  }
  (void)owner;
  log().debug("import {}!{} is not implemented (polyrun has no {}): bound to a trap", dll_name, label, dll_name);
  return p.export_thunk(nullptr, dll_name, label, nullptr);  // a system DLL polyrun lacks
}

// Says which DLL's import failed (the innermost, where a chain of imports failed; the program's
// own go without saying).
void imported_by(Load& load, Module* self, const std::string& img_name) {
  if (self && load.why.find(" (imported by ") == std::string::npos) load.why += " (imported by " + img_name + ")";
}

// Fills an image's import address table.
bool bind_image(WindowsProcess& p, const loader::PeImage& img, const std::string& img_name, Module* self, Load& load) {
  const unsigned slot = p.isa->ptr;
  std::map<std::string, Target> dlls;  // by the imported name, lower case
  std::map<std::string, uint64_t> bound;
  for (const auto& imp : img.imports) {
    std::string key_dll = ascii_lower(imp.dll);
    auto it = dlls.find(key_dll);
    if (it == dlls.end()) {
      Target t;
      if (!find_or_load(p, imp.dll, load, t)) {
        imported_by(load, self, img_name);
        return false;
      }
      if (t.module) add_dependency(self, t.module);
      it = dlls.emplace(key_dll, t).first;
    }
    std::string key = key_dll + "!" + (imp.name.empty() ? ordinal_name(imp.ordinal) : imp.name);
    uint64_t value;
    if (auto b = bound.find(key); b != bound.end()) {
      value = b->second;
    } else {
      value = address_in(p, it->second, imp.dll, imp.name, imp.ordinal, self, load, 0);
      if (!value) {
        imported_by(load, self, img_name);
        return false;
      }
      bound[key] = value;
    }
    p.memory.poke(imp.iat_slot, &value, slot);
  }
  return true;
}

// ---- initialization and unloading ----

// The DLLs to initialize from `m`: every bound one not attached yet, each after those it imports
// (in an import cycle, in the order first reached).
void init_order(Module* m, std::set<Module*>& seen, std::vector<Module*>& out) {
  if (!seen.insert(m).second) return;
  for (Module* d : m->deps) init_order(d, seen, out);
  if (m->bound && !m->attached) out.push_back(m);
}

// Runs guest code at its DllMain or TLS callbacks while the process ends (end_process marks the
// process as exited: calls into the program must be let through meanwhile).
uint64_t call_entry(WindowsProcess& p, uint64_t fn, const Module& m, uint32_t reason, uint64_t reserved) {
  return p.call_guest(fn, {m.image.base, reason, reserved});
}

void tls_callbacks(WindowsProcess& p, const Module& m, uint32_t reason, uint64_t reserved) {
  const loader::PeTls& tls = m.image.tls;
  if (!tls.present || !tls.callbacks) return;
  for (uint64_t slot = tls.callbacks; !p.stopping(); slot += p.isa->ptr) {
    if (!p.memory.accessible(slot, p.isa->ptr, mem::kRead)) break;
    uint64_t cb = p.get_ptr(slot);
    if (!cb) break;
    call_entry(p, cb, m, reason, reserved);
  }
}

// DLL_PROCESS_ATTACH: TLS callbacks, then DllMain. False if DllMain returned FALSE: "the system
// immediately calls your entry-point function with DLL_PROCESS_DETACH and unloads the DLL"
// (DllMain's documentation).
bool attach(WindowsProcess& p, Module& m, uint64_t reserved) {
  tls_callbacks(p, m, kDllProcessAttach, reserved);
  if (m.image.entry && !p.stopping() &&
      static_cast<uint32_t>(call_entry(p, m.image.entry, m, kDllProcessAttach, reserved)) == 0 && !p.stopping()) {
    tls_callbacks(p, m, kDllProcessDetach, 0);
    if (!p.stopping()) call_entry(p, m.image.entry, m, kDllProcessDetach, 0);
    return false;
  }
  m.attached = true;
  table().initialized.push_back(&m);
  return true;
}

void detach(WindowsProcess& p, Module& m, uint64_t reserved) {
  if (!m.attached) return;
  m.attached = false;
  auto& init = table().initialized;
  init.erase(std::remove(init.begin(), init.end(), &m), init.end());
  tls_callbacks(p, m, kDllProcessDetach, reserved);
  if (m.image.entry && !p.stopping()) call_entry(p, m.image.entry, m, kDllProcessDetach, reserved);
}

// Unloads every DLL nothing keeps any more (see the top of the file).
void collect(WindowsProcess& p) {
  ModuleTable& t = table();
  if (t.collecting) {  // a DllMain called FreeLibrary: the outer pass looks again
    t.collect_again = true;
    return;
  }
  t.collecting = true;
  do {
    t.collect_again = false;
    std::set<Module*> live;
    std::function<void(Module*)> keep = [&](Module* m) {
      if (!live.insert(m).second) return;
      for (Module* d : m->deps) keep(d);
    };
    for (const auto& m : t.modules)
      if (m->pinned || m->load_count) keep(m.get());
    std::vector<Module*> dead;
    for (const auto& m : t.modules)
      if (!live.count(m.get())) dead.push_back(m.get());
    if (dead.empty()) break;
    std::vector<Module*> order = t.initialized;
    for (auto it = order.rbegin(); it != order.rend(); ++it)
      if (std::find(dead.begin(), dead.end(), *it) != dead.end()) detach(p, **it, 0);
    for (Module* m : dead) {
      log().debug("{} unloaded", m->windows_path);
      notify(p, false, *m);
      release_tls(p, *m);
      p.memory.unmap(m->image.base, p.memory.page_up(m->image.size));
      for (const auto& other : t.modules) {
        auto& d = other->deps;
        d.erase(std::remove(d.begin(), d.end(), m), d.end());
      }
      std::erase_if(t.modules, [&](const std::unique_ptr<Module>& x) { return x.get() == m; });
    }
  } while (t.collect_again && !p.stopping());
  t.collecting = false;
}

// Initializes what a load brought in, from `root`. False when a DllMain refused: what the load
// attached is left for the caller to unload.
bool initialize(WindowsProcess& p, Module* root, uint64_t reserved) {
  std::set<Module*> seen;
  std::vector<Module*> order;
  init_order(root, seen, order);
  for (Module* m : order) {
    if (p.stopping()) return true;
    if (!attach(p, *m, reserved)) return false;
  }
  return true;
}

// ---- what KERNEL32's module functions are made of (kernel32/modules.cpp) ----

std::string narrow(Ptr s) { return s ? std::string(s.as<const char>()) : std::string(); }

// A program that looks up a function polyrun's DLL lacks fails in its own words, often far from
// the cause: the first lookup of each says which, at warn level. (Not wine's own exports, which
// programs look up to tell wine from Windows: Windows has none of them either.)
void warn_missing_export(WindowsProcess& p, const Dll* d, const std::string& what) {
  if (what.rfind("wine_", 0) == 0 || what.rfind("__wine_", 0) == 0) {
    log().debug("{} has no {}, a function of wine's (looked up from {:#x})", builtin_label(d), what, current_caller(p));
    return;
  }
  static std::mutex mutex;
  static std::set<std::string> said;
  const std::string key = std::string(d->name) + "!" + what;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!said.insert(key).second) return;
  }
  log().warn("{} has no {} (looked up from {:#x})", builtin_label(d), what, current_caller(p));
}

}  // namespace

uint64_t module_handle(WindowsProcess& p, const std::string* request) {
  if (!request) return p.image.base;
  if (request->empty()) return 0;
  std::string name = with_extension(*request);
  if (const Dll* d = builtin_serving(p, name)) return builtin_handle(d);
  if (has_path(name)) {
    std::string host = real_path(windows_to_host_path(windows_full_path(name)));
    if (Module* m = module_from(host)) return m->image.base;
    return host == real_path(windows_to_host_path(p.exe_path)) ? p.image.base : 0;
  }
  if (Module* m = module_named(name)) return m->image.base;
  return ::strcasecmp(name.c_str(), windows_file_part(p.exe_path).c_str()) == 0 ? p.image.base : 0;
}

void reference_module(uint64_t module, bool pin) {
  if (Module* m = module_at(module)) {
    if (pin) m->pinned = true;
    else ++m->load_count;
  }
}

// A file mapped for its resources (LoadLibraryEx's data-file flags, a module not loaded yet): as a
// data file its bytes as they are, the handle its base + 1; as an image resource its sections at
// their RVAs, the handle its base + 2 (Windows' LDR_IS_DATAFILE and LDR_IS_IMAGEMAPPING). Any
// machine, nothing bound or run; no name finds it (GetModuleHandle, EnumProcessModules).
static uint64_t load_data_file(WindowsProcess& p, const std::string& name, uint32_t flags) {
  const DllFile f = find_dll_file(p, name);
  if (f.system) return fail(p, ERROR_MOD_NOT_FOUND);  // (a system DLL polyrun has no file of)
  if (!is_file(f.host)) return fail(p, ERROR_FILE_NOT_FOUND);  // (the file is opened as any file)
  const bool image = flags & LOAD_LIBRARY_AS_IMAGE_RESOURCE;
  loader::PeDataMapping m;
  try {
    m = loader::map_pe_data(p.memory, f.host, p.isa->limit, !image);
  } catch (const UserError& e) {
    log().debug("LoadLibraryEx({}) as data: {}", name, e.what());
    return fail(p, ERROR_BAD_EXE_FORMAT);
  }
  if (image && !image_machine(m.machine)) {  // (an image section of a machine Windows here has not)
    p.memory.unmap(m.base, m.size);
    return fail(p, ERROR_BAD_EXE_FORMAT);
  }
  table().data_files[m.base] = {m.size, 1};
  log().debug("{} mapped at {:#x} as {}", f.host, m.base, image ? "an image resource" : "a data file");
  return m.base | (image ? 2 : 1);
}

// As a data file or image resource, a module already loaded is given itself, as Windows gives it;
// LOAD_LIBRARY_REQUIRE_SIGNED_TARGET is met by the built-in DLLs only, as no file here carries
// Microsoft's signature.
uint64_t load_library(WindowsProcess& p, const std::string& request, uint32_t flags) {
  if ((flags & LOAD_WITH_ALTERED_SEARCH_PATH) && (flags & kSearchFlags)) return fail(p, ERROR_INVALID_PARAMETER);
  const std::string name = with_extension(request);
  if (const Dll* d = builtin_serving(p, name)) return builtin_handle(d);
  LoaderLock lock(p);
  if (flags & kDatafileFlags) {
    if (uint64_t h = module_handle(p, &request)) {
      if (Module* m = module_at(h)) ++m->load_count;
      return h;
    }
    return load_data_file(p, name, flags);
  }
  Load load;
  load.stub_missing = true;
  load.bind = !(flags & DONT_RESOLVE_DLL_REFERENCES);
  load.search.flags = flags & kSearchFlags;
  if (has_path(name)) {
    std::string dir = windows_full_path(name);
    dir = dir.substr(0, dir.find_last_of('\\'));
    if (flags & LOAD_WITH_ALTERED_SEARCH_PATH) load.search.first_dir = dir;
    load.search.load_dir = dir;
  }
  Target t;
  if (!find_or_load(p, name, load, t)) {
    collect(p);  // what this load mapped
    log().debug("LoadLibrary({}): {}", request, load.why);
    return fail(p, load.error);
  }
  Module* m = t.module;
  if (!m) return fail(p, ERROR_MOD_NOT_FOUND);  // (a system DLL polyrun lacks)
  if (flags & LOAD_LIBRARY_REQUIRE_SIGNED_TARGET) {
    collect(p);
    return fail(p, ERROR_INVALID_IMAGE_HASH);
  }
  ++m->load_count;
  if (load.bind && !initialize(p, m, 0)) {
    --m->load_count;
    collect(p);
    return fail(p, ERROR_DLL_INIT_FAILED);
  }
  return m->image.base;
}

uint64_t load_library_named(WindowsProcess& p, const std::string& name) { return load_library(p, name, 0); }

bool free_library(WindowsProcess& p, uint64_t module) {
  if (builtin_of_handle(module) || module == p.image.base) return true;
  LoaderLock lock(p);
  if (module & 3) {  // a file mapped for its resources
    auto& files = table().data_files;
    const auto it = files.find(module & ~uint64_t{3});
    if (it == files.end()) return fail(p, ERROR_MOD_NOT_FOUND);
    if (--it->second.refs == 0) {
      p.memory.unmap(it->first, it->second.size);
      files.erase(it);
    }
    return true;
  }
  Module* m = module_at(module);
  if (!m) return fail(p, ERROR_MOD_NOT_FOUND);
  if (m->load_count) --m->load_count;
  collect(p);
  return true;
}

// A name, or an ordinal (a "name" below 0x10000). A built-in DLL's function polyrun lacks is not
// found, as on a Windows version without it.
uint64_t module_proc_address(WindowsProcess& p, uint64_t module, uint64_t name_or_ordinal) {
  const ProcName name{name_or_ordinal};
  const bool by_ordinal = name.is_ordinal();
  const std::string n = by_ordinal ? std::string() : narrow(Ptr(name.addr));
  const uint32_t ordinal = by_ordinal ? name.ordinal() : 0;
  const uint64_t h = module ? module : p.image.base;
  if (const Dll* d = builtin_of_handle(h)) {
    const Export* e = by_ordinal ? d->find(static_cast<uint16_t>(ordinal)) : d->find(n);
    if (!e) {
      warn_missing_export(p, d, by_ordinal ? ordinal_name(ordinal) : n);
      return fail(p, ERROR_PROC_NOT_FOUND);
    }
    if (e->data) return e->data(p);
    return p.export_thunk(d, d->name, e->name, e);
  }
  Module* m = module_at(h);
  const loader::PeImage* img = h == p.image.base ? &p.image : m ? &m->image : nullptr;
  if (!img) return fail(p, ERROR_MOD_NOT_FOUND);
  LoaderLock lock(p);  // a forwarder may load the DLL it leads to
  Load load;
  load.stub_missing = false;
  uint64_t a = export_of(p, *img, m ? m->name : windows_file_part(p.exe_path), m, n, ordinal, load, 0);
  if (!a) {
    collect(p);
    return fail(p, load.error);
  }
  if (m && !initialize(p, m, 0)) {  // a DLL a forwarder loaded
    collect(p);
    return fail(p, ERROR_DLL_INIT_FAILED);
  }
  return a;
}

// The program's, a loaded DLL's, or a built-in's in the system directory.
bool module_file_name(WindowsProcess& p, uint64_t module, std::string& out) {
  if (!module || module == p.image.base) {
    out = p.exe_path;
  } else if (const Dll* d = builtin_of_handle(module)) {
    out = std::string(kSystemDir) + "\\" + d->name;
  } else if (Module* m = module_at(module)) {
    out = m->windows_path;
  } else {
    p.set_last_error(ERROR_MOD_NOT_FOUND);
    return false;
  }
  return true;
}

DllFile find_dll_file(WindowsProcess& p, const std::string& request) {
  const std::string name = with_extension(request);
  if (builtin_serving(p, name)) return {"", true};
  if (has_path(name)) return {windows_to_host_path(windows_full_path(name)), false};
  if (Module* m = module_named(name)) return {m->host_path, false};
  const std::string host = search(p, name, Search{});
  if (!host.empty()) return {host, false};
  if (is_windows_system_dll(ascii_lower(name))) return {"", true};
  return {windows_to_host_path(windows_full_path(name)), false};
}

// Whether the host file at `host_path` is a module's image (the same file: device and inode).
static bool is_module_image_file(WindowsProcess& p, const std::string& host_path) {
  struct stat file;
  if (host_path.empty() || ::stat(host_path.c_str(), &file) != 0 || !S_ISREG(file.st_mode)) return false;
  for (const ModuleEntry& m : process_modules(p)) {
    struct stat image;
    const std::string host = windows_to_host_path(m.windows_path);
    if (!host.empty() && ::stat(host.c_str(), &image) == 0 && image.st_dev == file.st_dev && image.st_ino == file.st_ino)
      return true;
  }
  return false;
}

int unlink_file(WindowsProcess& p, const std::string& host_path) {
  if (is_module_image_file(p, host_path)) {
    errno = EACCES;
    return -1;
  }
  return ::unlink(host_path.c_str());
}

std::vector<ModuleEntry> process_modules(WindowsProcess& p) {
  std::vector<ModuleEntry> out;
  out.push_back({p.image.base, p.image.size, p.image.entry, p.exe_path});
  for (const Dll* d : builtin_dlls()) out.push_back({builtin_handle(d), 0x1000, 0, std::string(kSystemDir) + "\\" + d->name});
  for (const auto& m : table().modules) out.push_back({m->image.base, m->image.size, m->image.entry, m->windows_path});
  return out;
}

// ---- the DLL search path ----

void set_dll_directory(std::optional<std::string> dir) { table().dll_directory = std::move(dir); }
std::optional<std::string> dll_directory() { return table().dll_directory; }

bool set_default_dll_directories(uint32_t flags) {
  constexpr uint32_t allowed = LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_USER_DIRS |
                               LOAD_LIBRARY_SEARCH_SYSTEM32 | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS;
  if (!flags || (flags & ~allowed)) return false;
  table().default_search = flags;
  return true;
}

uint64_t add_dll_directory(const std::string& dir) {
  ModuleTable& t = table();
  uint64_t cookie = t.next_cookie++;
  t.user_dirs[cookie] = dir;
  return cookie;
}
bool remove_dll_directory(uint64_t cookie) { return table().user_dirs.erase(cookie) != 0; }

bool disable_thread_library_calls(WindowsProcess& p, uint64_t module) {
  if (Module* m = module_at(module)) {
    m->thread_calls = false;
    return true;
  }
  return module == p.image.base || builtin_of_handle(module);
}

void set_module_notification_hook(ModuleNotificationHook hook) { notification_hook() = hook; }

uint32_t default_dll_directories() { return table().default_search; }
std::vector<std::string> user_dll_directories() {
  std::vector<std::string> dirs;
  for (const auto& [cookie, dir] : table().user_dirs) dirs.push_back(dir);
  return dirs;
}

bool acquire_loader_lock(WindowsProcess& p, bool try_only) {
  ModuleTable& t = table();
  const uint32_t me = p.thread().id;
  if (try_only && t.lock_owner != 0 && t.lock_owner != me) return false;
  wait_until(p, kInfinite, [&] { return t.lock_owner == 0 || t.lock_owner == me || p.stopping(); },
             "for the loader lock");
  t.lock_owner = me;
  ++t.lock_depth;
  return true;
}

bool release_loader_lock(WindowsProcess& p) {
  ModuleTable& t = table();
  if (t.lock_owner != p.thread().id || t.lock_depth <= 0) return false;
  if (--t.lock_depth == 0) {
    t.lock_owner = 0;
    p.wake_waiters();
  }
  return true;
}

// ---- what the rest of polyrun asks of the modules ----

const loader::PeImage* image_containing(WindowsProcess& p, uint64_t address) {
  if (address >= p.image.base && address - p.image.base < p.image.size) return &p.image;
  for (const auto& m : table().modules)
    if (address >= m->image.base && address - m->image.base < m->image.size) return &m->image;
  return nullptr;
}

void bind_program_imports(WindowsProcess& p) {
  Load load;
  if (!bind_image(p, p.image, windows_file_part(p.exe_path), nullptr, load))
    throw UserError(windows_file_part(p.exe_path) + " cannot start: " + load.why, static_cast<int>(load.status));
}

bool attach_startup_dlls(WindowsProcess& p) {
  ModuleTable& t = table();
  if (t.modules.empty()) return true;
  LoaderLock lock(p);
  // lpReserved is not NULL for a DLL loaded with the program (Windows passes the thread's CONTEXT).
  uint64_t context = new_context(p);
  std::set<Module*> seen;
  std::vector<Module*> order;
  for (const auto& m : t.modules)
    if (m->pinned) init_order(m.get(), seen, order);
  for (Module* m : order) {
    if (p.stopping()) break;
    if (!attach(p, *m, context)) {
      std::fflush(stdout);
      std::fprintf(stderr, "polyrun: %s cannot start: the initialization of %s failed (its DllMain returned FALSE)\n",
                   windows_file_part(p.exe_path).c_str(), m->name.c_str());
      p.terminate(static_cast<int>(kStatusDllInitFailed));
      break;
    }
  }
  p.heap.free(context);
  return !p.stopping();
}

void modules_thread_attach(WindowsProcess& p) {
  LoaderLock lock(p);
  std::vector<Module*> order = table().initialized;
  for (Module* m : order) {
    if (p.stopping()) return;
    if (!m->attached || !m->thread_calls) continue;
    tls_callbacks(p, *m, kDllThreadAttach, 0);
    if (m->image.entry && !p.stopping()) call_entry(p, m->image.entry, *m, kDllThreadAttach, 0);
  }
  if (!p.stopping()) run_tls_callbacks(p, kDllThreadAttach);
}

void modules_thread_detach(WindowsProcess& p) {
  LoaderLock lock(p);
  std::vector<Module*> order = table().initialized;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Module* m = *it;
    if (p.stopping()) return;
    if (!m->attached || !m->thread_calls) continue;
    tls_callbacks(p, *m, kDllThreadDetach, 0);
    if (m->image.entry && !p.stopping()) call_entry(p, m->image.entry, *m, kDllThreadDetach, 0);
  }
  if (!p.stopping()) run_tls_callbacks(p, kDllThreadDetach);
}

void modules_init_thread_tls(WindowsProcess& p, WindowsThread& t) {
  uint64_t array = tls_array(p, t);
  if (!array) return;
  for (const auto& m : table().modules)
    if (m->tls_index) p.put_ptr(array + m->tls_index * p.isa->ptr, tls_block(p, m->image.tls));
}

void modules_free_thread_tls(WindowsProcess& p, WindowsThread& t) {
  uint64_t array = tls_array(p, t);
  if (!array) return;
  for (const auto& m : table().modules)
    if (m->tls_index)
      if (uint64_t block = p.get_ptr(array + m->tls_index * p.isa->ptr)) p.heap.free(block);
}

void note_orderly_exit(WindowsProcess&) { table().orderly_exit = true; }

const Dll* builtin_dll_of_thunk(WindowsProcess& p, uint64_t address) { return builtin_of_thunk(p, address); }
const ThunkTarget* thunk_target(WindowsProcess& p, uint64_t address) {
  if (address < p.thunk_base || address - p.thunk_base >= p.thunks.size() * 8) return nullptr;
  return &p.thunks[(address - p.thunk_base) / 8];
}
const Dll* builtin_dll_of_handle(uint64_t handle) { return builtin_of_handle(handle); }

// (--strace's name of a module handle.)
std::string module_label(uint64_t handle) {
  if (const Dll* d = builtin_of_handle(handle)) return builtin_label(d);
  Module* m = module_at(handle);
  return m ? m->name : std::string();
}

// DLL_PROCESS_DETACH (lpReserved not NULL: the process is ending) in the reverse of the order the
// DLLs were initialized. The other threads are gone (or parked) by now: the loader lock is taken
// whoever held it.
void modules_process_detach(WindowsProcess& p) {
  ModuleTable& t = table();
  if (!t.orderly_exit || t.initialized.empty()) return;
  t.lock_owner = p.thread().id;
  ++t.lock_depth;
  const int code = p.exit_code;
  std::vector<Module*> order = t.initialized;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    p.exited = false;  // (the program's code may run again: see end_process)
    detach(p, **it, 1);
    if (p.exited) break;  // ExitProcess inside a DllMain: the rest are skipped
  }
  p.exited = true;
  p.exit_code = code;
  --t.lock_depth;
}

uint64_t module_of_address(WindowsProcess& p, uint64_t address) {
  const loader::PeImage* img = image_containing(p, address);
  return img ? img->base : builtin_handle(builtin_of_thunk(p, address));
}

}  // namespace polyrun::shims
