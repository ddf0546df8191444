// DBGHELP.dll: the symbol handler (SymInitialize … SymCleanup) over this process's modules, stack
// walks (StackWalk64, StackWalkEx), EnumerateLoadedModules and UnDecorateSymbolName
// (dbghelp/undname.cpp); MiniDumpWriteDump is dbghelp/minidump.cpp's.
//
// A session belongs to a process handle. Its modules are the process's (SymInitialize with
// fInvadeProcess, SymLoadModule*) and their symbols what the images carry: the export table, and
// the COFF symbol table mingw-w64's linker keeps in the file (functions, static ones too). There is
// no PDB reading: an address with no symbol before it in its module has none (ERROR_INVALID_ADDRESS,
// as Windows' dbghelp answers for a module without symbols), and no address has line information.
// A built-in DLL's symbols are its functions, at their thunks. Only this process's modules are
// known: another process's are not readable here, and asking for them gives ERROR_ACCESS_DENIED.
#include "shims/dbghelp/exports.h"
#include "shims/dbghelp/dbghelp.h"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/seh.h"
#include "shims/core/seh_x64.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kSymoptCaseInsensitive = 0x1, kSymoptUndname = 0x2, kSymoptDeferredLoads = 0x4;
constexpr uint32_t kErrorInvalidAddress = 487;
// SYM_TYPE
constexpr uint32_t kSymNone = 0, kSymCoff = 1, kSymDeferred = 5, kSymExport = 7;
constexpr uint32_t kSymflagExport = 0x200;
constexpr uint32_t kSymTagPublicSymbol = 10;
constexpr uint32_t kMachineI386 = 0x14c, kMachineAmd64 = 0x8664;

// The options are the DLL's, not a session's (SymSetOptions takes no process). Windows' dbghelp
// starts with SYMOPT_UNDNAME, as wine's does.
uint32_t g_options = kSymoptUndname;

struct Symbol {
  uint64_t address;
  std::string name;
  bool exported;
};

struct SymModule {
  uint64_t base = 0, size = 0;
  std::string image;  // the Windows path of its file
  std::string name;   // the file's name without its extension (ModuleName)
  const Dll* builtin = nullptr;
  uint32_t timestamp = 0, checksum = 0;
  uint16_t machine = 0;
  bool loaded = false, coff = false;
  std::vector<Symbol> symbols;  // sorted by address
};

struct Session {
  std::string search_path;
  std::vector<SymModule> modules;
};

GuestCallMutex g_mutex;
std::map<uint64_t, Session> g_sessions;

Session* session_of(WindowsProcess& p, uint64_t process) {
  auto it = g_sessions.find(process);
  if (it == g_sessions.end()) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  return &it->second;
}

// Whether a handle names this process (GetCurrentProcess's pseudo handle, or a handle opened on it).
bool own_process(WindowsProcess& p, uint64_t h) {
  if (p.is_current_process(h)) return true;
  Waitable* w = waitable_of_kind(p, h, Waitable::Kind::Process);
  return w && w->id == static_cast<uint32_t>(::getpid());
}
// Why another process's modules cannot be had: no process at all (ERROR_INVALID_HANDLE), or one
// whose memory is not readable here (ERROR_ACCESS_DENIED).
uint32_t not_own_process_error(WindowsProcess& p, uint64_t h) {
  return waitable_of_kind(p, h, Waitable::Kind::Process) ? uint32_t{ERROR_ACCESS_DENIED} : uint32_t{ERROR_INVALID_HANDLE};
}

std::string module_name_of(const std::string& path) {
  std::string n = windows_file_part(path);
  const size_t dot = n.rfind('.');
  if (dot != std::string::npos) n.resize(dot);
  return n.substr(0, 31);
}

// The default search path, as SymInitialize forms it without one: the current directory, then
// _NT_SYMBOL_PATH and _NT_ALTERNATE_SYMBOL_PATH when they are set.
std::string default_search_path(WindowsProcess& p) {
  std::string path = ".";
  for (const char* var : {"_NT_SYMBOL_PATH", "_NT_ALTERNATE_SYMBOL_PATH"})
    if (auto v = p.find_env(var)) path += ";" + *v;
  return path;
}

// ---- what an image file carries ----

template <typename T>
bool read_at(std::ifstream& f, uint64_t offset, T& out) {
  f.seekg(static_cast<std::streamoff>(offset));
  return static_cast<bool>(f.read(reinterpret_cast<char*>(&out), sizeof out));
}

struct Section {
  uint32_t rva, vsize, raw, raw_size;
};

// The file offset of an RVA, through the section table; 0 if no section's data holds it.
uint64_t file_offset(const std::vector<Section>& sections, uint32_t rva) {
  for (const Section& s : sections)
    if (rva >= s.rva && rva < s.rva + std::max(s.vsize, s.raw_size) && rva - s.rva < s.raw_size) return s.raw + (rva - s.rva);
  return 0;
}
std::string read_cstring(std::ifstream& f, uint64_t offset) {
  std::string s;
  f.seekg(static_cast<std::streamoff>(offset));
  char c;
  while (s.size() < 4096 && f.get(c) && c) s += c;
  return s;
}

// The C compilers' decoration of a COFF name on i386: "_name" (cdecl), "_name@N" (stdcall),
// "@name@N" (fastcall); what SYMOPT_UNDNAME leaves of them is the name.
std::string undecorate_c(const std::string& n) {
  if (n.size() < 2 || (n[0] != '_' && n[0] != '@')) return n;
  std::string s = n.substr(1);
  const size_t at = s.rfind('@');
  if (at != std::string::npos && at > 0 && at + 1 < s.size() &&
      std::all_of(s.begin() + static_cast<std::ptrdiff_t>(at) + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    s.resize(at);
  else if (n[0] == '@')
    return n;
  return s;
}

// Reads the headers, the export table and the COFF symbol table of the image file at `host`
// (the symbols as RVAs until the module's base is added).
bool read_image(const std::string& host, SymModule& m, uint64_t* image_base, uint32_t* image_size, bool symbols) {
  std::ifstream f(host, std::ios::binary);
  if (!f) return false;
  uint32_t lfanew = 0, signature = 0;
  if (!read_at(f, 0x3c, lfanew) || !read_at(f, lfanew, signature) || signature != 0x4550) return false;
  struct {
    uint16_t machine, sections;
    uint32_t timestamp, symbols_at, symbol_count;
    uint16_t optional_size, characteristics;
  } fh;
  if (!read_at(f, lfanew + 4, fh)) return false;
  const uint64_t opt = lfanew + 24;
  uint16_t magic = 0;
  if (!read_at(f, opt, magic)) return false;
  const bool pe64 = magic == 0x20b;
  uint32_t size = 0, checksum = 0, export_rva = 0, export_size = 0;
  uint64_t base = 0;
  if (pe64) {
    read_at(f, opt + 24, base);
  } else {
    uint32_t b = 0;
    read_at(f, opt + 28, b);
    base = b;
  }
  read_at(f, opt + 56, size);
  read_at(f, opt + 64, checksum);
  const uint64_t dirs = opt + (pe64 ? 112 : 96);
  read_at(f, dirs, export_rva);
  read_at(f, dirs + 4, export_size);
  m.machine = fh.machine;
  m.timestamp = fh.timestamp;
  m.checksum = checksum;
  if (image_base) *image_base = base;
  if (image_size) *image_size = size;
  if (!symbols) return true;

  std::vector<Section> sections;
  for (uint16_t i = 0; i < fh.sections; ++i) {
    struct {
      char name[8];
      uint32_t vsize, rva, raw_size, raw;
    } sh;
    if (!read_at(f, opt + fh.optional_size + i * 40ull, sh)) return false;
    sections.push_back({sh.rva, sh.vsize, sh.raw, sh.raw_size});
  }
  std::map<uint32_t, Symbol> by_rva;  // (an export and a COFF symbol at one address: the export's name)
  // The COFF symbol table: 18-byte records (a name, or 0 and its offset into the string table that
  // follows them; value; section number; type; storage class; aux records). Functions (type 0x20)
  // in a section, external or static.
  if (fh.symbols_at && fh.symbol_count) {
    const uint64_t strings = fh.symbols_at + fh.symbol_count * 18ull;
    for (uint32_t i = 0; i < fh.symbol_count && i < 4000000; ++i) {
      struct __attribute__((packed)) {
        char name[8];
        uint32_t value;
        int16_t section;
        uint16_t type;
        uint8_t storage, aux;
      } s;
      if (!read_at(f, fh.symbols_at + i * 18ull, s)) break;
      i += s.aux;
      if (s.section <= 0 || s.section > static_cast<int>(sections.size()) || (s.type & 0xf0) != 0x20 ||
          (s.storage != 2 && s.storage != 3))
        continue;
      std::string name;
      uint32_t zero = 0, offset = 0;
      std::memcpy(&zero, s.name, 4);
      std::memcpy(&offset, s.name + 4, 4);
      name = zero == 0 ? read_cstring(f, strings + offset) : std::string(s.name, strnlen(s.name, 8));
      if (name.empty()) continue;
      const uint32_t rva = sections[static_cast<size_t>(s.section - 1)].rva + s.value;
      if (fh.machine == kMachineI386) name = (g_options & kSymoptUndname) ? undecorate_c(name) : name;
      by_rva.emplace(rva, Symbol{rva, name, false});
      m.coff = true;
    }
  }
  // The export table: named functions (an address inside the export directory is a forwarder).
  if (export_rva && export_size) {
    struct {
      uint32_t flags, timestamp;
      uint16_t major, minor;
      uint32_t name, ordinal_base, functions, names, functions_at, names_at, ordinals_at;
    } ed;
    if (uint64_t at = file_offset(sections, export_rva); at && read_at(f, at, ed)) {
      const uint64_t fn_at = file_offset(sections, ed.functions_at), names_at = file_offset(sections, ed.names_at),
                     ord_at = file_offset(sections, ed.ordinals_at);
      for (uint32_t i = 0; fn_at && names_at && ord_at && i < ed.names && i < 65536; ++i) {
        uint32_t name_rva = 0, fn = 0;
        uint16_t ordinal = 0;
        if (!read_at(f, names_at + i * 4ull, name_rva) || !read_at(f, ord_at + i * 2ull, ordinal) ||
            ordinal >= ed.functions || !read_at(f, fn_at + ordinal * 4ull, fn))
          continue;
        if (!fn || (fn >= export_rva && fn < export_rva + export_size)) continue;
        const uint64_t name_at = file_offset(sections, name_rva);
        if (!name_at) continue;
        by_rva[fn] = Symbol{fn, read_cstring(f, name_at), true};
      }
    }
  }
  for (auto& [rva, s] : by_rva) m.symbols.push_back(s);
  return true;
}

// Loads a module's symbols (deferred until first needed, as SYMOPT_DEFERRED_LOADS asks, or at once).
void load_symbols(SymModule& m) {
  if (m.loaded) return;
  m.loaded = true;
  if (m.builtin) return;  // (its functions: Dll::exports, at thunks)
  uint64_t preferred = 0;
  SymModule file;
  if (!read_image(windows_to_host_path(m.image), file, &preferred, nullptr, true)) return;
  m.coff = file.coff;
  for (Symbol& s : file.symbols) m.symbols.push_back({m.base + s.address, s.name, s.exported});
}

SymModule* module_at(WindowsProcess& p, Session& s, uint64_t address) {
  for (SymModule& m : s.modules)
    if (address >= m.base && address - m.base < m.size) return &m;
  // A built-in DLL's function: its thunk.
  if (const Dll* d = builtin_dll_of_thunk(p, address))
    for (SymModule& m : s.modules)
      if (m.builtin == d) return &m;
  return nullptr;
}

SymModule make_module(WindowsProcess& p, const ModuleEntry& e) {
  SymModule m;
  m.base = e.base;
  m.size = e.size;
  m.image = e.windows_path;
  m.name = module_name_of(e.windows_path);
  m.builtin = builtin_dll_of_handle(e.base);
  if (m.builtin) {
    m.machine = p.isa->ptr == 8 ? kMachineAmd64 : kMachineI386;
  } else {
    read_image(windows_to_host_path(m.image), m, nullptr, nullptr, false);
  }
  if (!(g_options & kSymoptDeferredLoads)) load_symbols(m);
  return m;
}

// The symbol at or before `address` in its module: its name, address and whether an export names it.
struct Found {
  std::string name;
  uint64_t address = 0, module = 0;
  bool exported = false;
};
bool symbol_at(WindowsProcess& p, uint64_t process, uint64_t address, Found& out) {
  Session* s = session_of(p, process);
  if (!s) return false;
  SymModule* m = module_at(p, *s, address);
  if (!m) {
    p.set_last_error(ERROR_MOD_NOT_FOUND);
    return false;
  }
  load_symbols(*m);
  out.module = m->base;
  if (m->builtin) {
    const ThunkTarget* t = thunk_target(p, address);
    if (!t) {
      p.set_last_error(kErrorInvalidAddress);
      return false;
    }
    out.name = t->name;
    out.address = address - (address - p.thunk_base) % 8;
    out.exported = true;
    return true;
  }
  auto it = std::upper_bound(m->symbols.begin(), m->symbols.end(), address,
                             [](uint64_t a, const Symbol& sym) { return a < sym.address; });
  if (it == m->symbols.begin()) {
    p.set_last_error(kErrorInvalidAddress);
    return false;
  }
  --it;
  out.name = it->name;
  out.address = it->address;
  out.exported = it->exported;
  return true;
}

// A decorated C++ name as SYMOPT_UNDNAME shows it (the name alone).
std::string shown_name(const std::string& name) {
  if (!(g_options & kSymoptUndname) || name.empty() || name[0] != '?') return name;
  std::string out;
  return undecorate_symbol(name, 0x1000 /* UNDNAME_NAME_ONLY */, out) ? out : name;
}

bool name_matches(const std::string& a, const std::string& b) {
  return (g_options & kSymoptCaseInsensitive) ? ascii_lower(a) == ascii_lower(b) : a == b;
}

// SYMBOL_INFO(W): SizeOfStruct 0, TypeIndex 4, Reserved 8, Index 24, Size 28, ModBase 32, Flags 40,
// Value 48, Address 56, Register 64, Scope 68, Tag 72, NameLen 76, MaxNameLen 80, Name 84.
void fill_symbol_info(uint64_t info, const Found& f, bool wide) {
  const std::string name = shown_name(f.name);
  put<uint32_t>(info + 4, 0);
  put<uint32_t>(info + 24, 0);
  put<uint32_t>(info + 28, 0);
  put<uint64_t>(info + 32, f.module);
  put<uint32_t>(info + 40, f.exported ? kSymflagExport : 0);
  put<uint64_t>(info + 48, 0);
  put<uint64_t>(info + 56, f.address);
  put<uint32_t>(info + 64, 0);
  put<uint32_t>(info + 68, 0);
  put<uint32_t>(info + 72, kSymTagPublicSymbol);
  const uint32_t max = get<uint32_t>(info + 80);
  if (wide) {
    const std::u16string w = utf8_to_utf16(name);
    put<uint32_t>(info + 76, static_cast<uint32_t>(w.size()));
    if (max) {
      const size_t n = std::min<size_t>(w.size(), max - 1);
      std::memcpy(reinterpret_cast<char16_t*>(info + 84), w.data(), n * 2);
      put<char16_t>(info + 84 + n * 2, 0);
    }
  } else {
    put<uint32_t>(info + 76, static_cast<uint32_t>(name.size()));
    if (max) {
      const size_t n = std::min<size_t>(name.size(), max - 1);
      std::memcpy(reinterpret_cast<char*>(info + 84), name.data(), n);
      put<char>(info + 84 + n, 0);
    }
  }
}

// ---- the session ----

BOOL initialize(WindowsProcess& p, uint64_t process, const std::string* path, bool invade) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  if (g_sessions.count(process)) return TRUE;  // (already initialized: the session stays)
  if (invade && !own_process(p, process)) return fail(p, not_own_process_error(p, process));
  Session s;
  s.search_path = path ? *path : default_search_path(p);
  if (invade)
    for (const ModuleEntry& e : process_modules(p)) s.modules.push_back(make_module(p, e));
  g_sessions[process] = std::move(s);
  return TRUE;
}
BOOL SymInitialize(WindowsProcess& p, Ptr process, Ptr path, BOOL invade) {
  std::string s = path ? ansi_to_utf8(path.as<const char>()) : std::string();
  return initialize(p, process.addr, path ? &s : nullptr, invade);
}
BOOL SymInitializeW(WindowsProcess& p, Ptr process, Ptr path, BOOL invade) {
  std::string s = path ? utf16_to_utf8(path.as<const char16_t>()) : std::string();
  return initialize(p, process.addr, path ? &s : nullptr, invade);
}
BOOL SymCleanup(WindowsProcess& p, Ptr process) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  if (!session_of(p, process.addr)) return FALSE;
  g_sessions.erase(process.addr);
  return TRUE;
}
// SymSetOptions: the options now set.
uint32_t SymSetOptions(WindowsProcess&, uint32_t options) {
  g_options = options;
  return g_options;
}
uint32_t SymGetOptions(WindowsProcess&) { return g_options; }

BOOL set_search_path(WindowsProcess& p, uint64_t process, const std::string* path) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  Session* s = session_of(p, process);
  if (!s) return FALSE;
  s->search_path = path ? *path : default_search_path(p);
  return TRUE;
}
BOOL SymSetSearchPath(WindowsProcess& p, Ptr process, Ptr path) {
  std::string s = path ? ansi_to_utf8(path.as<const char>()) : std::string();
  return set_search_path(p, process.addr, path ? &s : nullptr);
}
BOOL SymSetSearchPathW(WindowsProcess& p, Ptr process, Ptr path) {
  std::string s = path ? utf16_to_utf8(path.as<const char16_t>()) : std::string();
  return set_search_path(p, process.addr, path ? &s : nullptr);
}
// The path, truncated to the buffer (its NUL always written).
template <typename C>
BOOL get_search_path(WindowsProcess& p, Ptr process, Ptr buf, uint32_t size) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  Session* s = session_of(p, process.addr);
  if (!s) return FALSE;
  if (!size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if constexpr (sizeof(C) == 2) {
    const std::u16string w = utf8_to_utf16(s->search_path);
    const size_t n = std::min<size_t>(w.size(), size - 1);
    std::memcpy(buf.as<char16_t>(), w.data(), n * 2);
    buf.as<char16_t>()[n] = 0;
  } else {
    const std::string a = utf8_to_ansi(s->search_path);
    const size_t n = std::min<size_t>(a.size(), size - 1);
    std::memcpy(buf.as<char>(), a.data(), n);
    buf.as<char>()[n] = 0;
  }
  return TRUE;
}
BOOL SymGetSearchPath(WindowsProcess& p, Ptr process, Ptr buf, uint32_t size) { return get_search_path<char>(p, process, buf, size); }
BOOL SymGetSearchPathW(WindowsProcess& p, Ptr process, Ptr buf, uint32_t size) { return get_search_path<char16_t>(p, process, buf, size); }

// ---- modules ----

// SymLoadModuleEx: a module by its image's name or base. One of this process's (by base, or by
// the image's name) takes its place and size from the process; another image file is read for its
// preferred base and size where the caller gives none. Already loaded: 0, with ERROR_SUCCESS.
uint64_t load_module(WindowsProcess& p, uint64_t process, const std::string& image, const std::string& name,
                     uint64_t base, uint32_t size) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  Session* s = session_of(p, process);
  if (!s) return 0;
  SymModule m;
  bool known = false;
  if (own_process(p, process))
    for (const ModuleEntry& e : process_modules(p))
      if ((base && e.base == base) || (!base && !image.empty() && (::strcasecmp(e.windows_path.c_str(), image.c_str()) == 0 ||
                                                                   ::strcasecmp(windows_file_part(e.windows_path).c_str(), windows_file_part(image).c_str()) == 0))) {
        m = make_module(p, e);
        known = true;
        break;
      }
  if (!known) {
    if (image.empty()) {
      p.set_last_error(ERROR_FILE_NOT_FOUND);
      return 0;
    }
    uint64_t preferred = 0;
    uint32_t image_size = 0;
    if (!read_image(windows_to_host_path(image), m, &preferred, &image_size, false)) {
      p.set_last_error(ERROR_FILE_NOT_FOUND);
      return 0;
    }
    m.base = base ? base : preferred;
    m.size = size ? size : image_size;
    m.image = image;
  }
  if (!name.empty()) m.name = name.substr(0, 31);
  else if (m.name.empty()) m.name = module_name_of(m.image);
  for (const SymModule& other : s->modules)
    if (other.base == m.base) {
      p.set_last_error(ERROR_SUCCESS);
      return 0;
    }
  if (!(g_options & kSymoptDeferredLoads)) load_symbols(m);
  const uint64_t at = m.base;
  s->modules.push_back(std::move(m));
  return at;
}
// A name or path of the A forms (the ANSI code page's), a symbol's name (the image's bytes, as
// they are), and a W form's.
std::string ansi_arg(Ptr s) { return s ? ansi_to_utf8(s.as<const char>()) : std::string(); }
std::string narrow_arg(Ptr s) { return s ? std::string(s.as<const char>()) : std::string(); }
std::string wide_arg(Ptr s) { return s ? utf16_to_utf8(s.as<const char16_t>()) : std::string(); }
uint64_t SymLoadModuleEx(WindowsProcess& p, Ptr process, Ptr, Ptr image, Ptr module, uint64_t base, uint32_t size, Ptr,
                         uint32_t) {
  return load_module(p, process.addr, ansi_arg(image), ansi_arg(module), base, size);
}
uint64_t SymLoadModuleExW(WindowsProcess& p, Ptr process, Ptr, Ptr image, Ptr module, uint64_t base, uint32_t size, Ptr,
                          uint32_t) {
  return load_module(p, process.addr, wide_arg(image), wide_arg(module), base, size);
}
uint64_t SymLoadModule64(WindowsProcess& p, Ptr process, Ptr, Ptr image, Ptr module, uint64_t base, uint32_t size) {
  return load_module(p, process.addr, ansi_arg(image), ansi_arg(module), base, size);
}
uint32_t SymLoadModule(WindowsProcess& p, Ptr process, Ptr, Ptr image, Ptr module, uint32_t base, uint32_t size) {
  return static_cast<uint32_t>(load_module(p, process.addr, ansi_arg(image), ansi_arg(module), base, size));
}
BOOL unload_module(WindowsProcess& p, uint64_t process, uint64_t base) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  Session* s = session_of(p, process);
  if (!s) return FALSE;
  for (auto it = s->modules.begin(); it != s->modules.end(); ++it)
    if (it->base == base) {
      s->modules.erase(it);
      return TRUE;
    }
  return fail(p, ERROR_MOD_NOT_FOUND);
}
BOOL SymUnloadModule64(WindowsProcess& p, Ptr process, uint64_t base) { return unload_module(p, process.addr, base); }
BOOL SymUnloadModule(WindowsProcess& p, Ptr process, uint32_t base) { return unload_module(p, process.addr, base); }

uint64_t module_base(WindowsProcess& p, uint64_t process, uint64_t address) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  Session* s = session_of(p, process);
  if (!s) return 0;
  SymModule* m = module_at(p, *s, address);
  return m ? m->base : 0;
}
uint64_t SymGetModuleBase64(WindowsProcess& p, Ptr process, uint64_t address) { return module_base(p, process.addr, address); }
uint32_t SymGetModuleBase(WindowsProcess& p, Ptr process, uint32_t address) {
  return static_cast<uint32_t>(module_base(p, process.addr, address));
}

// IMAGEHLP_MODULE64 (W: its strings wide): SizeOfStruct 0, BaseOfImage 8, ImageSize 16,
// TimeDateStamp 20, CheckSum 24, NumSyms 28, SymType 32, ModuleName[32] 36, then ImageName[256],
// LoadedImageName[256], LoadedPdbName[256], CVSig, CVData[780], PdbSig, PdbSig70, PdbAge,
// PdbUnmatched, DbgUnmatched, LineNumbers, GlobalSymbols, TypeInfo, SourceIndexed, Publics,
// MachineType, Reserved. Filled as far as the caller's SizeOfStruct reaches.
template <typename C>
BOOL get_module_info(WindowsProcess& p, Ptr process, uint64_t address, Ptr info) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  Session* s = session_of(p, process.addr);
  if (!s) return FALSE;
  const uint32_t full = sizeof(C) == 2 ? 3264 : 1680, size = get<uint32_t>(info.addr);
  if (size > full || size < 8) return fail(p, ERROR_INVALID_PARAMETER);
  SymModule* m = module_at(p, *s, address);
  if (!m) return fail(p, ERROR_MOD_NOT_FOUND);
  std::vector<uint8_t> out(full, 0);
  auto set32 = [&](size_t at, uint32_t v) { std::memcpy(&out[at], &v, 4); };
  auto set_text = [&](size_t at, size_t chars, const std::string& text) {
    if constexpr (sizeof(C) == 2) {
      const std::u16string w = utf8_to_utf16(text);
      std::memcpy(&out[at], w.data(), std::min(w.size(), chars - 1) * 2);
    } else {
      const std::string a = utf8_to_ansi(text);  // (names and paths: the ANSI code page's)
      std::memcpy(&out[at], a.data(), std::min(a.size(), chars - 1));
    }
  };
  const size_t c = sizeof(C);
  set32(0, size);
  std::memcpy(&out[8], &m->base, 8);
  set32(16, static_cast<uint32_t>(m->size));
  set32(20, m->timestamp);
  set32(24, m->checksum);
  const uint32_t count = m->builtin ? static_cast<uint32_t>(m->builtin->listed_exports().size()) : static_cast<uint32_t>(m->symbols.size());
  set32(28, m->loaded ? count : 0);
  set32(32, !m->loaded ? kSymDeferred : m->coff ? kSymCoff : count ? kSymExport : kSymNone);
  set_text(36, 32, m->name);
  const size_t image_at = 36 + 32 * c, loaded_at = image_at + 256 * c, pdb_at = loaded_at + 256 * c;
  set_text(image_at, 256, m->image);
  if (m->loaded) set_text(loaded_at, 256, m->image);
  const size_t after_cv = pdb_at + 256 * c + 4 + 780 * c;  // PdbSig
  const size_t publics = after_cv + 4 + 16 + 4 + 4 * 6;      // Publics
  if (m->loaded && count) set32(publics, 1);
  set32(publics + 4, m->machine);
  std::memcpy(info.as<uint8_t>(), out.data(), size);
  return TRUE;
}
BOOL SymGetModuleInfo64(WindowsProcess& p, Ptr process, uint64_t address, Ptr info) {
  return get_module_info<char>(p, process, address, info);
}
BOOL SymGetModuleInfoW64(WindowsProcess& p, Ptr process, uint64_t address, Ptr info) {
  return get_module_info<char16_t>(p, process, address, info);
}

// SymFunctionTableAccess64: x64's RUNTIME_FUNCTION for an address (the .pdata entry exception
// dispatch uses); i386's would be FPO data, which no image here carries (NULL).
Ptr function_table(WindowsProcess& p, uint64_t process, uint64_t address) {
  {
    std::lock_guard<GuestCallMutex> lock(g_mutex);
    if (!session_of(p, process)) return Ptr(0);
  }
  if (p.isa->ptr != 8) return Ptr(0);
  const uint64_t fe = seh_x64::function_entry(p, address, nullptr);
  if (!fe) p.set_last_error(kErrorInvalidAddress);
  return Ptr(fe);
}
Ptr SymFunctionTableAccess64(WindowsProcess& p, Ptr process, uint64_t address) { return function_table(p, process.addr, address); }
Ptr SymFunctionTableAccess(WindowsProcess& p, Ptr process, uint32_t address) { return function_table(p, process.addr, address); }

// ---- symbols ----

BOOL from_addr(WindowsProcess& p, Ptr process, uint64_t address, Ptr displacement, Ptr info, bool wide) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  Found f;
  if (!symbol_at(p, process.addr, address, f)) return FALSE;
  if (displacement) put<uint64_t>(displacement.addr, address - f.address);
  fill_symbol_info(info.addr, f, wide);
  return TRUE;
}
BOOL SymFromAddr(WindowsProcess& p, Ptr process, uint64_t address, Ptr displacement, Ptr info) {
  return from_addr(p, process, address, displacement, info, false);
}
BOOL SymFromAddrW(WindowsProcess& p, Ptr process, uint64_t address, Ptr displacement, Ptr info) {
  return from_addr(p, process, address, displacement, info, true);
}

// IMAGEHLP_SYMBOL64: SizeOfStruct 0, Address 8, Size 16, Flags 20, MaxNameLength 24, Name 28.
// IMAGEHLP_SYMBOL (32-bit addresses): Address 4, Size 8, Flags 12, MaxNameLength 16, Name 20.
BOOL get_sym_from_addr(WindowsProcess& p, Ptr process, uint64_t address, Ptr displacement, Ptr sym, bool wide32) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  Found f;
  if (!symbol_at(p, process.addr, address, f)) return FALSE;
  const uint64_t o = wide32 ? 0 : 4;  // (the 32-bit layout is 4 bytes ahead after SizeOfStruct)
  if (wide32) {
    if (displacement) put<uint64_t>(displacement.addr, address - f.address);
    put<uint64_t>(sym.addr + 8, f.address);
  } else {
    if (displacement) put<uint32_t>(displacement.addr, static_cast<uint32_t>(address - f.address));
    put<uint32_t>(sym.addr + 4, static_cast<uint32_t>(f.address));
  }
  put<uint32_t>(sym.addr + 16 - o * 2, 0);
  put<uint32_t>(sym.addr + 20 - o * 2, f.exported ? kSymflagExport : 0);
  const uint32_t max = get<uint32_t>(sym.addr + 24 - o * 2);
  const std::string name = shown_name(f.name);
  if (max) {
    const size_t n = std::min<size_t>(name.size(), max - 1);
    std::memcpy(reinterpret_cast<char*>(sym.addr + 28 - o * 2), name.data(), n);
    put<char>(sym.addr + 28 - o * 2 + n, 0);
  }
  return TRUE;
}
BOOL SymGetSymFromAddr64(WindowsProcess& p, Ptr process, uint64_t address, Ptr displacement, Ptr sym) {
  return get_sym_from_addr(p, process, address, displacement, sym, true);
}
BOOL SymGetSymFromAddr(WindowsProcess& p, Ptr process, uint32_t address, Ptr displacement, Ptr sym) {
  return get_sym_from_addr(p, process, address, displacement, sym, false);
}

// SymFromName: "name" in every module (the program's first), or "module!name" in that module.
BOOL from_name(WindowsProcess& p, Ptr process, const std::string& request, Ptr info, bool wide) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  Session* s = session_of(p, process.addr);
  if (!s) return FALSE;
  std::string module, name = request;
  if (const size_t bang = request.find('!'); bang != std::string::npos) {
    module = request.substr(0, bang);
    name = request.substr(bang + 1);
  }
  for (SymModule& m : s->modules) {
    if (!module.empty() && ascii_lower(module) != ascii_lower(m.name)) continue;
    load_symbols(m);
    Found f;
    f.module = m.base;
    if (m.builtin) {
      for (const Export* e : m.builtin->listed_exports())
        if (e->call && name_matches(e->name, name)) {
          f.name = e->name;
          f.address = p.export_thunk(m.builtin, m.builtin->name, e->name, e);
          f.exported = true;
          break;
        }
    } else {
      for (const Symbol& sym : m.symbols)
        if (name_matches(shown_name(sym.name), name) || name_matches(sym.name, name)) {
          f.name = sym.name;
          f.address = sym.address;
          f.exported = sym.exported;
          break;
        }
    }
    if (f.address) {
      fill_symbol_info(info.addr, f, wide);
      return TRUE;
    }
  }
  return fail(p, ERROR_MOD_NOT_FOUND);
}
BOOL SymFromName(WindowsProcess& p, Ptr process, CStr name, Ptr info) { return from_name(p, process, name.str(), info, false); }
BOOL SymFromNameW(WindowsProcess& p, Ptr process, WStr name, Ptr info) {
  return from_name(p, process, utf16_to_utf8(name.str()), info, true);
}

// Line information comes from a PDB (or a DWARF reader, which dbghelp on Windows does not have):
// none here. An address in a module has no line (ERROR_INVALID_ADDRESS); one outside every module
// ERROR_MOD_NOT_FOUND.
BOOL line_from_addr(WindowsProcess& p, Ptr process, uint64_t address) {
  std::lock_guard<GuestCallMutex> lock(g_mutex);
  Session* s = session_of(p, process.addr);
  if (!s) return FALSE;
  if (!module_at(p, *s, address)) return fail(p, ERROR_MOD_NOT_FOUND);
  return fail(p, kErrorInvalidAddress);
}
BOOL SymGetLineFromAddr64(WindowsProcess& p, Ptr process, uint64_t address, Ptr, Ptr) { return line_from_addr(p, process, address); }
BOOL SymGetLineFromAddrW64(WindowsProcess& p, Ptr process, uint64_t address, Ptr, Ptr) { return line_from_addr(p, process, address); }
BOOL SymGetLineFromAddr(WindowsProcess& p, Ptr process, uint32_t address, Ptr, Ptr) { return line_from_addr(p, process, address); }

// A name against SymEnumSymbols' mask: "*" any run, "?" one character.
bool wildcard(const char* mask, const char* s, bool fold) {
  if (!*mask) return !*s;
  if (*mask == '*') return wildcard(mask + 1, s, fold) || (*s && wildcard(mask, s + 1, fold));
  if (!*s) return false;
  const bool same = fold ? std::tolower(static_cast<unsigned char>(*mask)) == std::tolower(static_cast<unsigned char>(*s)) : *mask == *s;
  return (*mask == '?' || same) && wildcard(mask + 1, s + 1, fold);
}

// SymEnumSymbols(process, base, mask, callback(SYMBOL_INFO*, SymbolSize, context), context): the
// symbols of the module at `base` (0: the modules "module!" in the mask names, or every one) whose
// names match; the callback's FALSE ends it.
BOOL enum_symbols(WindowsProcess& p, Ptr process, uint64_t base, const std::string& request, Ptr callback, Ptr context, bool wide) {
  std::vector<Found> found;
  {
    std::lock_guard<GuestCallMutex> lock(g_mutex);
    Session* s = session_of(p, process.addr);
    if (!s) return FALSE;
    std::string module = "*", mask = request.empty() ? "*" : request;
    if (const size_t bang = mask.find('!'); bang != std::string::npos) {
      module = mask.substr(0, bang);
      mask = mask.substr(bang + 1);
    }
    bool any = false;
    for (SymModule& m : s->modules) {
      if (base ? m.base != base : !wildcard(module.c_str(), m.name.c_str(), true)) continue;
      any = true;
      load_symbols(m);
      if (m.builtin) continue;  // (its functions have addresses only once a thunk is made)
      for (const Symbol& sym : m.symbols)
        if (wildcard(mask.c_str(), shown_name(sym.name).c_str(), (g_options & kSymoptCaseInsensitive) != 0))
          found.push_back({sym.name, sym.address, m.base, sym.exported});
    }
    if (!any) return fail(p, ERROR_MOD_NOT_FOUND);
  }
  const uint64_t info = p.heap.alloc(88 + 2 * 2001, true);
  if (!info) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  for (const Found& f : found) {
    std::memset(reinterpret_cast<void*>(info), 0, 88);
    put<uint32_t>(info, 88);
    put<uint32_t>(info + 80, 2000);
    fill_symbol_info(info, f, wide);
    if (!static_cast<uint32_t>(p.call_guest(callback.addr, {info, 0, context.addr})) || p.exited) break;
  }
  p.heap.free(info);
  return TRUE;
}
BOOL SymEnumSymbols(WindowsProcess& p, Ptr process, uint64_t base, Ptr mask, Ptr callback, Ptr context) {
  return enum_symbols(p, process, base, narrow_arg(mask), callback, context, false);
}
BOOL SymEnumSymbolsW(WindowsProcess& p, Ptr process, uint64_t base, Ptr mask, Ptr callback, Ptr context) {
  return enum_symbols(p, process, base, wide_arg(mask), callback, context, true);
}

// ---- EnumerateLoadedModules ----

// The process's modules (whether or not a session has them): the callback gets each one's path,
// base, size and the context, until it returns FALSE. `base64`: the base is a DWORD64 (two stack
// slots on i386).
BOOL enumerate_modules(WindowsProcess& p, Ptr process, Ptr callback, Ptr context, bool wide, bool base64) {
  if (!own_process(p, process.addr)) return fail(p, not_own_process_error(p, process.addr));
  for (const ModuleEntry& e : process_modules(p)) {
    uint64_t name;
    if (wide) {
      const std::u16string w = utf8_to_utf16(e.windows_path);
      name = p.heap.alloc((w.size() + 1) * 2, true);
      if (name) std::memcpy(reinterpret_cast<char16_t*>(name), w.data(), w.size() * 2);
    } else {
      const std::string a = utf8_to_ansi(e.windows_path);
      name = p.heap.alloc(a.size() + 1, true);
      if (name) std::memcpy(reinterpret_cast<char*>(name), a.data(), a.size());
    }
    if (!name) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    std::vector<uint64_t> args = {name, e.base};
    if (base64 && p.isa->ptr == 4) args.push_back(e.base >> 32);
    args.push_back(e.size);
    args.push_back(context.addr);
    const uint32_t go_on = static_cast<uint32_t>(p.call_guest(callback.addr, args));
    p.heap.free(name);
    if (!go_on || p.exited) break;
  }
  return TRUE;
}
BOOL EnumerateLoadedModules64(WindowsProcess& p, Ptr process, Ptr callback, Ptr context) {
  return enumerate_modules(p, process, callback, context, false, true);
}
BOOL EnumerateLoadedModulesW64(WindowsProcess& p, Ptr process, Ptr callback, Ptr context) {
  return enumerate_modules(p, process, callback, context, true, true);
}
BOOL EnumerateLoadedModules(WindowsProcess& p, Ptr process, Ptr callback, Ptr context) {
  return enumerate_modules(p, process, callback, context, false, false);
}

// ---- stack walks ----

// STACKFRAME64 (STACKFRAME_EX begins with it): ADDRESS64 AddrPC 0, AddrReturn 16, AddrFrame 32,
// AddrStack 48, AddrBStore 64 (Offset, Segment, Mode); FuncTableEntry 80 (a pointer); Params[4]
// 88; Far 120; Virtual 124; Reserved[3] 128; KdHelp 152. Reserved[0] is the walk's own state: 0
// before its first frame (the context's own), then the frames walked.
constexpr uint64_t kPc = 0, kReturn = 16, kFrame = 32, kStack = 48, kFuncTable = 80, kParams = 88, kFar = 120,
                   kVirtual = 124, kReserved = 128;
constexpr uint16_t kAddrModeFlat = 3;

void set_address(uint64_t frame, uint64_t field, uint64_t v) {
  put<uint64_t>(frame + field, v);
  put<uint16_t>(frame + field + 8, 0);
  put<uint32_t>(frame + field + 12, kAddrModeFlat);
}

// x64: the context is the frame; each call after the first unwinds it one frame with the images'
// unwind data (.pdata/.xdata), as exception dispatch does (core/seh_x64.cpp), and the return address is
// where the next unwind leads.
BOOL walk_x64(WindowsProcess& p, uint64_t frame, uint64_t ctx) {
  constexpr uint64_t kRip = 0xf8, kRspAt = 0x78 + 8 * 4;
  const uint64_t count = get<uint64_t>(frame + kReserved);
  if (count > 0) {
    if (!seh_x64::step(p, ctx)) return FALSE;
  } else if (!get<uint64_t>(ctx + kRip)) {
    return FALSE;
  }
  const uint64_t pc = get<uint64_t>(ctx + kRip), sp = get<uint64_t>(ctx + kRspAt);
  if (!pc || (count > 0 && pc == get<uint64_t>(frame + kPc) && sp == get<uint64_t>(frame + kStack))) return FALSE;
  const uint64_t next = new_context(p);
  seh_x64::copy(next, ctx);
  const uint64_t ret = seh_x64::step(p, next) ? get<uint64_t>(next + kRip) : 0;
  const uint64_t caller_sp = get<uint64_t>(next + kRspAt);
  p.heap.free(next);
  set_address(frame, kPc, pc);
  set_address(frame, kReturn, ret);
  set_address(frame, kFrame, ret ? caller_sp - 16 : sp);
  set_address(frame, kStack, sp);
  put<uint64_t>(frame + kFuncTable, seh_x64::function_entry(p, pc, nullptr));
  for (int i = 0; i < 4; ++i)
    put<uint64_t>(frame + kParams + 8 * i, ret && p.memory.accessible(caller_sp + 8 * i, 8, mem::kRead) ? get<uint64_t>(caller_sp + 8 * i) : 0);
  put<uint32_t>(frame + kFar, 0);
  put<uint32_t>(frame + kVirtual, 1);
  put<uint64_t>(frame + kReserved, count + 1);
  return TRUE;
}

// i386 without FPO data: the chain of frame pointers. A frame's ebp holds its caller's ebp and,
// above it, the return address; the first frame is the caller's AddrPC and AddrFrame, each next one
// the return address and saved ebp of the one before.
BOOL walk_i386(WindowsProcess& p, uint64_t frame, uint64_t ctx) {
  const uint64_t count = get<uint64_t>(frame + kReserved);
  uint64_t pc = get<uint64_t>(frame + kPc) & 0xffffffffu, ebp = get<uint64_t>(frame + kFrame) & 0xffffffffu;
  if (count > 0) {
    if (!ebp || !p.memory.accessible(ebp, 8, mem::kRead)) return FALSE;
    const uint64_t next_pc = get<uint32_t>(ebp + 4), next_ebp = get<uint32_t>(ebp);
    if (!next_pc || (next_ebp && next_ebp <= ebp)) return FALSE;
    set_address(frame, kStack, ebp + 8);
    pc = next_pc;
    ebp = next_ebp;
  } else {
    if (!pc) return FALSE;
    if (!get<uint64_t>(frame + kStack) && ctx) set_address(frame, kStack, get<uint32_t>(ctx + 0xc4));  // CONTEXT.Esp
  }
  const bool readable = ebp && p.memory.accessible(ebp, 24, mem::kRead);
  set_address(frame, kPc, pc);
  set_address(frame, kFrame, ebp);
  set_address(frame, kReturn, readable ? get<uint32_t>(ebp + 4) : 0);
  put<uint64_t>(frame + kFuncTable, 0);
  for (int i = 0; i < 4; ++i) put<uint64_t>(frame + kParams + 8 * i, readable ? get<uint32_t>(ebp + 8 + 4 * i) : 0);
  put<uint32_t>(frame + kFar, 0);
  put<uint32_t>(frame + kVirtual, 0);
  put<uint64_t>(frame + kReserved, count + 1);
  if (ctx) {  // CONTEXT (i386): Ebp 0xb4, Eip 0xb8
    put<uint32_t>(ctx + 0xb4, static_cast<uint32_t>(ebp));
    put<uint32_t>(ctx + 0xb8, static_cast<uint32_t>(pc));
  }
  return TRUE;
}

// The machine must be the process's (a 64-bit walk of an i386 thread is not possible here); the
// callbacks (ReadMemory, FunctionTableAccess, GetModuleBase, TranslateAddress) are this process's
// own functions' equivalents, which the walk uses directly.
BOOL stack_walk(WindowsProcess& p, uint32_t machine, Ptr frame, Ptr ctx) {
  if (!frame) return fail(p, ERROR_INVALID_PARAMETER);
  if (machine == kMachineAmd64 && p.isa->ptr == 8) {
    if (!ctx) return fail(p, ERROR_INVALID_PARAMETER);
    return walk_x64(p, frame.addr, ctx.addr);
  }
  if (machine == kMachineI386 && p.isa->ptr == 4) return walk_i386(p, frame.addr, ctx.addr);
  return fail(p, ERROR_INVALID_PARAMETER);
}
BOOL StackWalk64(WindowsProcess& p, uint32_t machine, Ptr, Ptr, Ptr frame, Ptr ctx, Ptr, Ptr, Ptr, Ptr) {
  return stack_walk(p, machine, frame, ctx);
}
// STACKFRAME_EX: STACKFRAME64, then StackFrameSize and InlineFrameContext (no inline frames: 0).
BOOL StackWalkEx(WindowsProcess& p, uint32_t machine, Ptr, Ptr, Ptr frame, Ptr ctx, Ptr, Ptr, Ptr, Ptr, uint32_t) {
  if (!stack_walk(p, machine, frame, ctx)) return FALSE;
  if (get<uint32_t>(frame.addr + 264) >= 272) put<uint32_t>(frame.addr + 268, 0);
  return TRUE;
}

// ---- versions, undecoration ----

// API_VERSION {MajorVersion, MinorVersion, Revision, Reserved}: Windows 10's dbghelp, API_VERSION_NUMBER 12.
Ptr api_version(WindowsProcess& p) {
  static uint64_t version = 0;
  if (!version) {
    version = p.alloc_data(8);
    put<uint16_t>(version, 10);
    put<uint16_t>(version + 2, 0);
    put<uint16_t>(version + 4, 12);
  }
  return Ptr(version);
}
Ptr ImagehlpApiVersion(WindowsProcess& p) { return api_version(p); }
// ImagehlpApiVersionEx: the version the program says it was built for is noted, and dbghelp's own
// returned.
Ptr ImagehlpApiVersionEx(WindowsProcess& p, Ptr) { return api_version(p); }

// UnDecorateSymbolName(name, out, size, flags): the undecorated name, truncated to the buffer; its
// length. A name that is not a decorated C++ name comes back as it is.
template <typename C>
uint32_t undecorate(WindowsProcess& p, Ptr name, Ptr out, uint32_t size, uint32_t flags) {
  if (!name || !out || !size) return fail(p, ERROR_INVALID_PARAMETER);
  const std::string in = sizeof(C) == 2 ? utf16_to_utf8(name.as<const char16_t>()) : std::string(name.as<const char>());
  std::string result;
  if (!undecorate_symbol(in, flags, result)) result = in;
  if constexpr (sizeof(C) == 2) {
    const std::u16string w = utf8_to_utf16(result);
    const size_t n = std::min<size_t>(w.size(), size - 1);
    std::memcpy(out.as<char16_t>(), w.data(), n * 2);
    out.as<char16_t>()[n] = 0;
    return static_cast<uint32_t>(n);
  } else {
    const size_t n = std::min<size_t>(result.size(), size - 1);
    std::memcpy(out.as<char>(), result.data(), n);
    out.as<char>()[n] = 0;
    return static_cast<uint32_t>(n);
  }
}
uint32_t UnDecorateSymbolName(WindowsProcess& p, Ptr name, Ptr out, uint32_t size, uint32_t flags) {
  return undecorate<char>(p, name, out, size, flags);
}
uint32_t UnDecorateSymbolNameW(WindowsProcess& p, Ptr name, Ptr out, uint32_t size, uint32_t flags) {
  return undecorate<char16_t>(p, name, out, size, flags);
}

}  // namespace

static std::vector<Export> dbghelp_exports() {
  std::vector<Export> e = {
                       EXPORT("SymInitialize", SymInitialize),
                       EXPORT("SymInitializeW", SymInitializeW),
                       EXPORT("SymCleanup", SymCleanup),
                       EXPORT("SymSetOptions", SymSetOptions),
                       EXPORT("SymGetOptions", SymGetOptions),
                       EXPORT("SymSetSearchPath", SymSetSearchPath),
                       EXPORT("SymSetSearchPathW", SymSetSearchPathW),
                       EXPORT("SymGetSearchPath", SymGetSearchPath),
                       EXPORT("SymGetSearchPathW", SymGetSearchPathW),
                       EXPORT("SymLoadModule", SymLoadModule),
                       EXPORT("SymLoadModule64", SymLoadModule64),
                       EXPORT("SymLoadModuleEx", SymLoadModuleEx),
                       EXPORT("SymLoadModuleExW", SymLoadModuleExW),
                       EXPORT("SymUnloadModule", SymUnloadModule),
                       EXPORT("SymUnloadModule64", SymUnloadModule64),
                       EXPORT("SymGetModuleBase", SymGetModuleBase),
                       EXPORT("SymGetModuleBase64", SymGetModuleBase64),
                       EXPORT("SymGetModuleInfo64", SymGetModuleInfo64),
                       EXPORT("SymGetModuleInfoW64", SymGetModuleInfoW64),
                       EXPORT("SymFunctionTableAccess", SymFunctionTableAccess),
                       EXPORT("SymFunctionTableAccess64", SymFunctionTableAccess64),
                       EXPORT("SymFromAddr", SymFromAddr),
                       EXPORT("SymFromAddrW", SymFromAddrW),
                       EXPORT("SymGetSymFromAddr", SymGetSymFromAddr),
                       EXPORT("SymGetSymFromAddr64", SymGetSymFromAddr64),
                       EXPORT("SymFromName", SymFromName),
                       EXPORT("SymFromNameW", SymFromNameW),
                       EXPORT("SymGetLineFromAddr", SymGetLineFromAddr),
                       EXPORT("SymGetLineFromAddr64", SymGetLineFromAddr64),
                       EXPORT("SymGetLineFromAddrW64", SymGetLineFromAddrW64),
                       EXPORT("SymEnumSymbols", SymEnumSymbols),
                       EXPORT("SymEnumSymbolsW", SymEnumSymbolsW),
                       EXPORT("EnumerateLoadedModules", EnumerateLoadedModules),
                       EXPORT("EnumerateLoadedModules64", EnumerateLoadedModules64),
                       EXPORT("EnumerateLoadedModulesW64", EnumerateLoadedModulesW64),
                       EXPORT("StackWalk64", StackWalk64),
                       EXPORT("StackWalkEx", StackWalkEx),
                       EXPORT("ImagehlpApiVersion", ImagehlpApiVersion),
                       EXPORT("ImagehlpApiVersionEx", ImagehlpApiVersionEx),
                       EXPORT("UnDecorateSymbolName", UnDecorateSymbolName),
                       EXPORT("UnDecorateSymbolNameW", UnDecorateSymbolNameW),
                       EXPORT("MiniDumpWriteDump", minidump_write_dump),
  };
  const auto& image = dbghelp_image_exports();
  e.insert(e.end(), image.begin(), image.end());
  return e;
}

const Dll kDbghelp{"dbghelp.dll", false, dbghelp_exports()};

}  // namespace polyrun::shims
