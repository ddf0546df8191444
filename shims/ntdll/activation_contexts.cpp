// NTDLL's activation contexts, which KERNEL32's CreateActCtx … are made of (kernel32/
// activation_contexts.cpp, `ntdll/activation_contexts.h`): RtlCreateActivationContext reads a
// manifest (a file of its own, or a PE file's or a loaded module's RT_MANIFEST resource) — the
// assembly's identity, its files, its dependencies, the run level it asks for, the Windows versions
// it declares itself compatible with and its windowsSettings — into a context whose handle is
// counted (RtlAddRefActivationContext, RtlReleaseActivationContext, RtlZombifyActivationContext).
// Each thread has a stack of activated contexts (RtlActivateActivationContext(Ex)'s cookie,
// RtlDeactivateActivationContext in order, RtlGetActiveActivationContext the top,
// RtlIsActivationContextActive, RtlFreeThreadActivationContextStack emptying it).
// RtlQueryInformationActivationContext tells a context's basic and detailed information, its run
// level and compatibility; RtlQueryActivationContextApplicationSettings its settings.
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "shims/ntdll/activation_contexts.h"

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/path_mapping.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ldr_resources.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_activation_contexts {

namespace {

constexpr uint32_t kStatusSxsKeyNotFound = 0xc0150008, kStatusSxsCantGenActctx = 0xc0150002,
                   kStatusResourceTypeNotFound = 0xc000008a, kStatusSxsEarlyDeactivation = 0xc015000f,
                   kStatusSxsInvalidDeactivation = 0xc0150010;
// ACTCTX's flags: ACTCTX_FLAG_ASSEMBLY_DIRECTORY_VALID, RESOURCE_NAME_VALID, HMODULE_VALID.
constexpr uint32_t kDirectoryValid = 4, kResourceNameValid = 8, kHmoduleValid = 0x80;
constexpr uint32_t kQueryUseActive = 1;  // RTL_QUERY_ACTIVATION_CONTEXT_FLAG_USE_ACTIVE_ACTIVATION_CONTEXT

// ---- the manifest ----

struct Manifest {
  std::string name, version, type, architecture, token, language;
  std::vector<std::string> files;
  uint32_t run_level = 0;  // ACTCTX_RUN_LEVEL_UNSPECIFIED 0, AS_INVOKER 1, HIGHEST_AVAILABLE 2, REQUIRE_ADMIN 3
  bool ui_access = false;
  std::vector<std::string> supported_os;  // compatibility GUIDs, braces included
  std::vector<std::string> max_tested;    // maxversiontested Id values
  std::map<std::string, std::string> settings;
};

// The value of attribute `attr` in the tag text `tag` (quotes ' or "), or empty.
std::string attribute(const std::string& tag, const std::string& attr) {
  size_t at = 0;
  while ((at = tag.find(attr, at)) != std::string::npos) {
    const bool starts = at == 0 || tag[at - 1] == ' ' || tag[at - 1] == '\t' || tag[at - 1] == '\n' || tag[at - 1] == '\r';
    size_t eq = at + attr.size();
    while (eq < tag.size() && (tag[eq] == ' ' || tag[eq] == '\t')) ++eq;
    if (starts && eq < tag.size() && tag[eq] == '=') {
      size_t q = eq + 1;
      while (q < tag.size() && (tag[q] == ' ' || tag[q] == '\t')) ++q;
      if (q < tag.size() && (tag[q] == '"' || tag[q] == '\'')) {
        const size_t end = tag.find(tag[q], q + 1);
        if (end != std::string::npos) return tag.substr(q + 1, end - q - 1);
      }
    }
    at += attr.size();
  }
  return {};
}
// A tag's local name (without its namespace prefix).
std::string local_name(const std::string& name) {
  const size_t colon = name.find(':');
  return colon == std::string::npos ? name : name.substr(colon + 1);
}

// The manifest's XML (UTF-8, or UTF-16 with its byte order mark) read element by element: the
// first assemblyIdentity is the assembly's; a setting element's text is its value.
bool parse(std::string xml, Manifest& m) {
  if (xml.size() >= 2 && static_cast<unsigned char>(xml[0]) == 0xff && static_cast<unsigned char>(xml[1]) == 0xfe) {
    std::u16string w((xml.size() - 2) / 2, u'\0');
    std::memcpy(w.data(), xml.data() + 2, w.size() * 2);
    xml = utf16_to_utf8(w);
  }
  if (xml.size() >= 3 && xml.compare(0, 3, "\xef\xbb\xbf") == 0) xml.erase(0, 3);
  if (xml.find("assembly") == std::string::npos) return false;
  bool identity = false, in_dependency = false;
  size_t at = 0;
  while ((at = xml.find('<', at)) != std::string::npos) {
    const size_t end = xml.find('>', at);
    if (end == std::string::npos) return false;
    std::string tag = xml.substr(at + 1, end - at - 1);
    at = end + 1;
    if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
    if (tag[0] == '/') {
      if (local_name(tag.substr(1)) == "dependency") in_dependency = false;
      continue;
    }
    const std::string name = local_name(tag.substr(0, tag.find_first_of(" \t\r\n/")));
    if (name == "dependency") in_dependency = true;
    if (name == "assemblyIdentity" && !identity && !in_dependency) {
      identity = true;
      m.name = attribute(tag, "name");
      m.version = attribute(tag, "version");
      m.type = attribute(tag, "type");
      m.architecture = attribute(tag, "processorArchitecture");
      m.token = attribute(tag, "publicKeyToken");
      m.language = attribute(tag, "language");
    } else if (name == "file" && !in_dependency) {
      m.files.push_back(attribute(tag, "name"));
    } else if (name == "requestedExecutionLevel") {
      const std::string level = attribute(tag, "level");
      m.run_level = level == "asInvoker" ? 1 : level == "highestAvailable" ? 2 : level == "requireAdministrator" ? 3 : 0;
      m.ui_access = attribute(tag, "uiAccess") == "true";
    } else if (name == "supportedOS") {
      m.supported_os.push_back(attribute(tag, "Id"));
    } else if (name == "maxversiontested") {
      m.max_tested.push_back(attribute(tag, "Id"));
    } else if (tag.back() != '/') {
      // A windowsSettings element: its text, up to its end tag.
      const size_t close = xml.find('<', at);
      if (close != std::string::npos && xml.compare(close, 2, "</") == 0) {
        std::string text = xml.substr(at, close - at);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
        static const char* const kSettings[] = {"dpiAware", "dpiAwareness", "activeCodePage", "gdiScaling", "longPathAware",
                                                "heapType", "printerDriverIsolation", "disableWindowFiltering",
                                                "highResolutionScrollingAware", "ultraHighResolutionScrollingAware",
                                                "autoElevate", "disableTheming"};
        for (const char* s : kSettings)
          if (name == s) m.settings[s] = text;
      }
    }
  }
  return identity;
}

// ---- contexts and their handles ----

struct Context {
  Manifest manifest;
  std::string manifest_path;  // Windows path of the manifest (or of the PE file holding it)
  std::string directory;      // the assembly's directory
  int refs = 1;
  bool zombie = false;
  uint64_t dll_redirection = 0;  // its DLL redirection data (guest memory), made when first found
};
struct Contexts {
  std::mutex m;
  std::map<uint64_t, Context> by_handle;
  std::map<uint32_t, std::vector<std::pair<uint64_t, uint64_t>>> stacks;  // thread → (handle, cookie)
  uint64_t next_cookie = 0x1000;
};
Contexts& contexts() {
  static Contexts c;
  return c;
}

// The RT_MANIFEST resource (24) of a module (0: the program) or of a PE file mapped as data.
bool manifest_resource(WindowsProcess& p, uint64_t module, uint64_t name, std::string& xml) {
  uint32_t size = 0;
  const uint64_t data = ldr_resource_data(p, module ? module : p.image.base, 24, name ? name : 1, 0, &size);
  if (!data) return false;
  xml.assign(reinterpret_cast<const char*>(data), size);
  return true;
}

}  // namespace

// ACTCTX: cbSize, dwFlags, lpSource, wProcessorArchitecture, wLangId, lpAssemblyDirectory,
// lpResourceName, lpApplicationName, hModule (the pointer-sized ones move with the width); its
// strings UTF-16 (ACTCTXW) or in the ANSI code page (ACTCTXA).
uint32_t read_args(WindowsProcess& p, uint64_t actctx, bool wide, CreateArgs* out) {
  if (!actctx) return nt::kInvalidParameter;
  const unsigned w = p.isa->ptr;
  if (get<uint32_t>(actctx) < (w == 8 ? 16u : 12u)) return nt::kInvalidParameter;
  auto text = [&](uint64_t s) {
    return wide ? utf16_to_utf8(reinterpret_cast<const char16_t*>(s)) : ansi_to_utf8(reinterpret_cast<const char*>(s));
  };
  CreateArgs& r = *out;
  r.flags = get<uint32_t>(actctx + 4);
  const uint64_t source = p.get_ptr(actctx + 8), directory = p.get_ptr(actctx + (w == 8 ? 24 : 16));
  r.resource = p.get_ptr(actctx + (w == 8 ? 32 : 20));
  r.module = p.get_ptr(actctx + (w == 8 ? 48 : 28));
  r.has_source = source != 0;
  if (source) r.source = text(source);
  if ((r.flags & kDirectoryValid) && directory) r.directory = text(directory);
  return nt::kSuccess;
}

uint32_t create(WindowsProcess& p, const CreateArgs& a, uint64_t* handle) {
  Context c;
  std::string xml;
  if (a.flags & kHmoduleValid) {
    if (!manifest_resource(p, a.module, (a.flags & kResourceNameValid) ? a.resource : 0, xml))
      return kStatusResourceTypeNotFound;
    c.manifest_path = "";
  } else {
    if (!a.has_source) return nt::kInvalidParameter;
    c.manifest_path = a.source;
    const std::string host = windows_to_host_path(c.manifest_path);
    std::ifstream in(host, std::ios::binary);
    if (!in) return nt_status_from_win_error(path_error(host, errno));
    xml.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (xml.size() >= 2 && xml[0] == 'M' && xml[1] == 'Z') {  // a PE file: its manifest resource
      const uint32_t before = p.last_error();
      const uint64_t module = load_library(p, a.source, 2 /* LOAD_LIBRARY_AS_DATAFILE */);
      const uint32_t error = p.last_error();
      p.set_last_error(before);
      if (!module) return nt_status_from_win_error(error);
      const bool found = manifest_resource(p, module, (a.flags & kResourceNameValid) ? a.resource : 0, xml);
      free_library(p, module);
      p.set_last_error(before);
      if (!found) return kStatusResourceTypeNotFound;
    }
  }
  if (!parse(xml, c.manifest)) return kStatusSxsCantGenActctx;
  if (a.flags & kDirectoryValid) {
    c.directory = a.directory;
  } else {
    c.directory = c.manifest_path.substr(0, c.manifest_path.find_last_of('\\') + 1);
  }
  if (!c.directory.empty() && c.directory.back() != '\\') c.directory += '\\';
  const uint64_t h = p.heap.alloc(16, true);
  if (!h) return nt::kNoMemory;
  std::lock_guard<std::mutex> g(contexts().m);
  contexts().by_handle[h] = std::move(c);
  *handle = h;
  return nt::kSuccess;
}

void add_ref(uint64_t h) {
  std::lock_guard<std::mutex> g(contexts().m);
  if (auto it = contexts().by_handle.find(h); it != contexts().by_handle.end()) ++it->second.refs;
}
void release(WindowsProcess& p, uint64_t h) {
  bool gone = false;
  {
    std::lock_guard<std::mutex> g(contexts().m);
    auto it = contexts().by_handle.find(h);
    if (it != contexts().by_handle.end() && --it->second.refs == 0) {
      if (it->second.dll_redirection) p.heap.free(it->second.dll_redirection);
      contexts().by_handle.erase(it);
      gone = true;
    }
  }
  if (gone) p.heap.free(h);
}
// A context no longer to be activated (it stays valid for what holds it).
uint32_t zombify(uint64_t h) {
  std::lock_guard<std::mutex> g(contexts().m);
  auto it = contexts().by_handle.find(h);
  if (it == contexts().by_handle.end()) return nt::kInvalidParameter;
  it->second.zombie = true;
  return nt::kSuccess;
}

// ---- the thread's stack ----

uint32_t activate(WindowsProcess& p, uint64_t h, uint64_t* cookie) {
  std::lock_guard<std::mutex> g(contexts().m);
  Contexts& c = contexts();
  if (h) {
    auto it = c.by_handle.find(h);
    if (it == c.by_handle.end()) return nt::kInvalidParameter;
    ++it->second.refs;
  }
  const uint64_t k = c.next_cookie++;
  c.stacks[p.thread().id].emplace_back(h, k);
  *cookie = k;
  return nt::kSuccess;
}
// DEACTIVATE_ACTCTX_FLAG_FORCE_EARLY_DEACTIVATION (1): the contexts above it go too. Without it a
// cookie that is not the top's is STATUS_SXS_EARLY_DEACTIVATION, and one not on the stack
// STATUS_SXS_INVALID_DEACTIVATION (which the callers raise, noncontinuable).
uint32_t deactivate(WindowsProcess& p, uint32_t flags, uint64_t cookie) {
  std::vector<uint64_t> released;
  {
    std::lock_guard<std::mutex> g(contexts().m);
    auto& stack = contexts().stacks[p.thread().id];
    size_t i = stack.size();
    while (i > 0 && stack[i - 1].second != cookie) --i;
    if (i == 0) return kStatusSxsInvalidDeactivation;
    if (i != stack.size() && !(flags & 1)) return kStatusSxsEarlyDeactivation;
    for (size_t j = i - 1; j < stack.size(); ++j)
      if (stack[j].first) released.push_back(stack[j].first);
    stack.resize(i - 1);
  }
  for (uint64_t h : released) release(p, h);
  return nt::kSuccess;
}

// The thread's stack emptied, each context on it released.
void free_thread_stack(WindowsProcess& p) {
  std::vector<uint64_t> released;
  {
    std::lock_guard<std::mutex> g(contexts().m);
    auto it = contexts().stacks.find(p.thread().id);
    if (it == contexts().stacks.end()) return;
    for (const auto& [h, cookie] : it->second)
      if (h) released.push_back(h);
    contexts().stacks.erase(it);
  }
  for (uint64_t h : released) release(p, h);
}

bool is_active(WindowsProcess& p, uint64_t h) {
  std::lock_guard<std::mutex> g(contexts().m);
  for (const auto& [handle, cookie] : contexts().stacks[p.thread().id])
    if (handle == h) return true;
  return false;
}

namespace {

uint64_t active(WindowsProcess& p) {
  auto& stack = contexts().stacks[p.thread().id];
  return stack.empty() ? 0 : stack.back().first;
}
}  // namespace

uint64_t active_context(WindowsProcess& p) {
  std::lock_guard<std::mutex> g(contexts().m);
  const uint64_t h = active(p);
  if (h)
    if (auto it = contexts().by_handle.find(h); it != contexts().by_handle.end()) ++it->second.refs;
  return h;
}

namespace {

// ---- queries ----

// The context a query names: the handle, or with RTL_QUERY_ACTIVATION_CONTEXT_FLAG_USE_ACTIVE_
// ACTIVATION_CONTEXT (1) the thread's active one.
const Context* query_target(WindowsProcess& p, uint32_t flags, uint64_t h, uint64_t& handle) {
  handle = (flags & kQueryUseActive) ? active(p) : h;
  auto it = contexts().by_handle.find(handle);
  return it == contexts().by_handle.end() ? nullptr : &it->second;
}
uint32_t finish(WindowsProcess& p, const std::vector<uint8_t>& data, Ptr buf, uint64_t size, Ptr written) {
  if (written) p.put_ptr(written.addr, data.size());
  if (size < data.size() || (!buf && !data.empty())) return nt::kBufferTooSmall;
  std::memcpy(buf.as<void>(), data.data(), data.size());
  return nt::kSuccess;
}
void append_u32(std::vector<uint8_t>& v, uint32_t x) {
  const auto* b = reinterpret_cast<const uint8_t*>(&x);
  v.insert(v.end(), b, b + 4);
}
void append_u64(std::vector<uint8_t>& v, uint64_t x) {
  const auto* b = reinterpret_cast<const uint8_t*>(&x);
  v.insert(v.end(), b, b + 8);
}
void append_ptr(WindowsProcess& p, std::vector<uint8_t>& v, uint64_t x) {
  if (p.isa->ptr == 8) append_u64(v, x);
  else append_u32(v, static_cast<uint32_t>(x));
}
// A GUID's text ("{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}") as its 16 bytes.
std::vector<uint8_t> guid_bytes(const std::string& s) {
  unsigned a = 0, b = 0, c = 0, d[8] = {};
  std::vector<uint8_t> out(16, 0);
  if (std::sscanf(s.c_str(), "{%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x}", &a, &b, &c, &d[0], &d[1], &d[2], &d[3], &d[4], &d[5],
                  &d[6], &d[7]) == 11) {
    std::memcpy(out.data(), &a, 4);
    const uint16_t b16 = static_cast<uint16_t>(b), c16 = static_cast<uint16_t>(c);
    std::memcpy(out.data() + 4, &b16, 2);
    std::memcpy(out.data() + 6, &c16, 2);
    for (int i = 0; i < 8; ++i) out[8 + i] = static_cast<uint8_t>(d[i]);
  }
  return out;
}

}  // namespace

// Classes: ActivationContextBasicInformation (1), ActivationContextDetailedInformation (2),
// RunlevelInformationInActivationContext (5), CompatibilityInformationInActivationContext (6).
uint32_t query(WindowsProcess& p, uint32_t flags, uint64_t h, uint32_t cls, uint64_t buffer, uint64_t size,
               uint64_t written_at) {
  const Ptr buf(buffer), written(written_at);
  std::lock_guard<std::mutex> g(contexts().m);
  uint64_t handle;
  const Context* c = query_target(p, flags, h, handle);
  std::vector<uint8_t> data;
  switch (cls) {
    case 1: {  // ACTIVATION_CONTEXT_BASIC_INFORMATION: hActCtx, dwFlags
      if (c && !(flags & 0x80000000u)) ++contexts().by_handle[handle].refs;
      append_ptr(p, data, c ? handle : 0);
      append_u32(data, 0);
      if (p.isa->ptr == 8) append_u32(data, 0);
      break;
    }
    case 2: {  // ACTIVATION_CONTEXT_DETAILED_INFORMATION, the paths after it
      if (!c) return nt::kInvalidParameter;
      const std::u16string manifest = utf8_to_utf16(c->manifest_path), dir = utf8_to_utf16(c->directory);
      const unsigned w = p.isa->ptr;
      const uint64_t fixed = 36 + (w == 8 ? 4 : 0) + 3 * w;
      const uint64_t manifest_at = buf.addr + fixed, dir_at = manifest_at + (manifest.size() + 1) * 2;
      append_u32(data, 0);                                           // dwFlags
      append_u32(data, 1);                                           // ulFormatVersion
      append_u32(data, 1);                                           // ulAssemblyCount
      append_u32(data, 1);                                           // ulRootManifestPathType: a file
      append_u32(data, static_cast<uint32_t>(manifest.size()));
      append_u32(data, 0);                                           // no configuration file
      append_u32(data, 0);
      append_u32(data, 1);                                           // ulAppDirPathType
      append_u32(data, static_cast<uint32_t>(dir.size()));
      if (w == 8) append_u32(data, 0);
      append_ptr(p, data, manifest_at);
      append_ptr(p, data, 0);
      append_ptr(p, data, dir_at);
      for (const std::u16string* s : {&manifest, &dir}) {
        const auto* b = reinterpret_cast<const uint8_t*>(s->c_str());
        data.insert(data.end(), b, b + (s->size() + 1) * 2);
      }
      break;
    }
    case 5: {  // ACTIVATION_CONTEXT_RUN_LEVEL_INFORMATION: ulFlags, RunLevel, UiAccess
      if (!c) return nt::kInvalidParameter;
      append_u32(data, 0);
      append_u32(data, c->manifest.run_level);
      append_u32(data, c->manifest.ui_access ? 1 : 0);
      break;
    }
    case 6: {  // ACTIVATION_CONTEXT_COMPATIBILITY_INFORMATION: ElementCount, then {Id, Type, MaxVersionTested}
      if (!c) return nt::kInvalidParameter;
      append_u32(data, static_cast<uint32_t>(c->manifest.supported_os.size() + c->manifest.max_tested.size()));
      append_u32(data, 0);
      for (const std::string& os : c->manifest.supported_os) {
        const std::vector<uint8_t> id = guid_bytes(os);
        data.insert(data.end(), id.begin(), id.end());
        append_u32(data, 1);  // ACTCX_COMPATIBILITY_ELEMENT_TYPE_OS
        append_u32(data, 0);
        append_u64(data, 0);
      }
      for (const std::string& v : c->manifest.max_tested) {
        data.insert(data.end(), 16, 0);
        append_u32(data, 3);  // ACTCX_COMPATIBILITY_ELEMENT_TYPE_MAXVERSIONTESTED
        append_u32(data, 0);
        unsigned parts[4] = {};
        std::sscanf(v.c_str(), "%u.%u.%u.%u", &parts[0], &parts[1], &parts[2], &parts[3]);
        append_u64(data, static_cast<uint64_t>(parts[0]) << 48 | static_cast<uint64_t>(parts[1]) << 32 |
                             static_cast<uint64_t>(parts[2]) << 16 | parts[3]);
      }
      break;
    }
    default: return nt::kInvalidParameter;
  }
  return finish(p, data, buf, size, written);
}

// A windowsSettings value as text (the NUL included in *written); a setting the manifest does not
// have is STATUS_SXS_KEY_NOT_FOUND.
uint32_t query_setting(WindowsProcess& p, uint64_t h, const std::u16string& setting, uint64_t buffer, uint64_t size,
                       uint64_t written) {
  std::lock_guard<std::mutex> g(contexts().m);
  uint64_t handle;
  const Context* c = query_target(p, 0, h, handle);
  if (!c) return nt::kInvalidParameter;
  auto it = c->manifest.settings.find(utf16_to_utf8(setting));
  if (it == c->manifest.settings.end()) return kStatusSxsKeyNotFound;
  const std::u16string v = utf8_to_utf16(it->second);
  if (written) p.put_ptr(written, v.size() + 1);
  if (!buffer || size < v.size() + 1) return nt::kBufferTooSmall;
  std::memcpy(guest_pointer(buffer), v.c_str(), (v.size() + 1) * 2);
  return nt::kSuccess;
}

// ---- sections ----

// ACTCTX_SECTION_KEYED_DATA: cbSize, ulDataFormatVersion, lpData, ulLength, lpSectionGlobalData,
// ulSectionGlobalDataLength, lpSectionBase, ulSectionTotalLength, hActCtx, ulAssemblyRosterIndex
// (at the pointer's alignment; what Windows XP's has, and later ones more).
constexpr uint32_t kSectionDllRedirection = 2, kReturnHactctx = 1;

uint32_t find_section_string(WindowsProcess& p, uint32_t flags, uint32_t section, const std::u16string& name,
                             uint64_t data) {
  const unsigned w = p.isa->ptr;
  const uint32_t need = w == 8 ? 68 : 40;
  if (!data || get<uint32_t>(data) < need) return nt::kInvalidParameter;
  std::lock_guard<std::mutex> g(contexts().m);
  const uint64_t h = active(p);
  auto it = contexts().by_handle.find(h);
  if (!h || it == contexts().by_handle.end()) return kStatusSxsKeyNotFound;
  Context& c = it->second;
  // The DLL redirection section: the manifest's files (its window classes, COM servers and the
  // other sections are not read: none is found).
  if (section != kSectionDllRedirection) return kStatusSxsKeyNotFound;
  bool found = false;
  for (const std::string& f : c.manifest.files) {
    const std::u16string file = utf8_to_utf16(f);
    bool same = file.size() == name.size();
    for (size_t i = 0; same && i < file.size(); ++i) same = ntdll_text::downcase(file[i]) == ntdll_text::downcase(name[i]);
    found |= same;
  }
  if (!found) return kStatusSxsKeyNotFound;
  // ACTIVATION_CONTEXT_DATA_DLL_REDIRECTION: Size, Flags (PATH_OMITS_ASSEMBLY_ROOT: the DLL lies
  // in the assembly's directory), TotalPathLength, PathSegmentCount, PathSegmentOffset.
  constexpr uint32_t kRedirectionSize = 20, kPathOmitsAssemblyRoot = 2;
  if (!c.dll_redirection) {
    c.dll_redirection = p.heap.alloc(kRedirectionSize, true);
    if (!c.dll_redirection) return nt::kNoMemory;
    put<uint32_t>(c.dll_redirection, kRedirectionSize);
    put<uint32_t>(c.dll_redirection + 4, kPathOmitsAssemblyRoot);
  }
  const uint32_t size = get<uint32_t>(data);
  std::memset(guest_pointer(data + 4), 0, need - 4);
  put<uint32_t>(data, size);
  put<uint32_t>(data + 4, 1);                             // ulDataFormatVersion
  p.put_ptr(data + 8, c.dll_redirection);                 // lpData
  put<uint32_t>(data + (w == 8 ? 16 : 12), kRedirectionSize);  // ulLength
  const uint32_t base_at = w == 8 ? 40 : 24, total_at = w == 8 ? 48 : 28, hactctx_at = w == 8 ? 56 : 32,
                 roster_at = w == 8 ? 64 : 36;
  p.put_ptr(data + base_at, c.dll_redirection);
  put<uint32_t>(data + total_at, kRedirectionSize);
  if (flags & kReturnHactctx) {
    ++c.refs;
    p.put_ptr(data + hactctx_at, h);
  }
  put<uint32_t>(data + roster_at, 1);
  return nt::kSuccess;
}

// The GUID sections (COM servers, interfaces, type libraries …): the manifests' are not read.
uint32_t find_section_guid(WindowsProcess& p, uint32_t, uint32_t, uint64_t guid, uint64_t data) {
  if (!data || !guid || get<uint32_t>(data) < (p.isa->ptr == 8 ? 68u : 40u)) return nt::kInvalidParameter;
  return kStatusSxsKeyNotFound;
}

}  // namespace ntdll_activation_contexts

namespace ntdll_activation_contexts_impl {

namespace actctx = ntdll_activation_contexts;

// RtlCreateActivationContext(*handle, ACTCTXW, …): the context, or the status that refused it.
uint32_t RtlCreateActivationContext(WindowsProcess& p, Ptr out, Ptr actctx) {
  actctx::CreateArgs a;
  if (const uint32_t s = actctx::read_args(p, actctx.addr, true, &a)) return s;
  uint64_t h = 0;
  const uint32_t s = actctx::create(p, a, &h);
  if (!s) p.put_ptr(out.addr, h);
  return s;
}
void RtlAddRefActivationContext(WindowsProcess&, Ptr h) { actctx::add_ref(h.addr); }
void RtlReleaseActivationContext(WindowsProcess& p, Ptr h) { actctx::release(p, h.addr); }
uint32_t RtlZombifyActivationContext(WindowsProcess&, Ptr h) { return actctx::zombify(h.addr); }

uint32_t RtlActivateActivationContextEx(WindowsProcess& p, uint32_t, Ptr, Ptr h, Ptr cookie) {
  uint64_t k = 0;
  const uint32_t s = actctx::activate(p, h.addr, &k);
  if (!s && cookie) p.put_ptr(cookie.addr, k);
  return s;
}
uint32_t RtlActivateActivationContext(WindowsProcess& p, uint32_t flags, Ptr h, Ptr cookie) {
  return RtlActivateActivationContextEx(p, flags, Ptr(0), h, cookie);
}
// A cookie out of order, or not on the thread's stack: the status raised, noncontinuable.
void RtlDeactivateActivationContext(WindowsProcess& p, uint32_t flags, Ptr cookie) {
  const uint32_t s = actctx::deactivate(p, flags, cookie.addr);
  if (s) {
    raise_from_call_of<&RtlDeactivateActivationContext>(p, s, kExceptionNoncontinuable);
  }
}
void RtlFreeThreadActivationContextStack(WindowsProcess& p) { actctx::free_thread_stack(p); }
// The thread's active context, counted for the caller (null: none).
uint32_t RtlGetActiveActivationContext(WindowsProcess& p, Ptr out) {
  p.put_ptr(out.addr, actctx::active_context(p));
  return nt::kSuccess;
}
uint8_t RtlIsActivationContextActive(WindowsProcess& p, Ptr h) { return actctx::is_active(p, h.addr) ? 1 : 0; }

uint32_t RtlQueryInformationActivationContext(WindowsProcess& p, uint32_t flags, Ptr h, Ptr, uint32_t cls, Ptr buf,
                                              USize size, Ptr written) {
  return actctx::query(p, flags, h.addr, cls, buf.addr, size.v, written.addr);
}
// (flags, context, namespace, setting, buffer, size, *written)
uint32_t RtlQueryActivationContextApplicationSettings(WindowsProcess& p, uint32_t flags, Ptr h, Ptr, WStr setting,
                                                      Ptr buf, USize size, Ptr written) {
  if (flags || !setting.addr) return nt::kInvalidParameter;
  return actctx::query_setting(p, h.addr, setting.str(), buf.addr, size.v, written.addr);
}

// (flags, extension GUID: none, section, UNICODE_STRING name, ACTCTX_SECTION_KEYED_DATA)
uint32_t RtlFindActivationContextSectionString(WindowsProcess& p, uint32_t flags, Ptr extension, uint32_t section,
                                               Ptr name, Ptr data) {
  if (extension || !name) return nt::kInvalidParameter;
  return actctx::find_section_string(p, flags, section, ntdll_text::unicode_of(p, name.addr), data.addr);
}
uint32_t RtlFindActivationContextSectionGuid(WindowsProcess& p, uint32_t flags, Ptr extension, uint32_t section,
                                             Ptr guid, Ptr data) {
  if (extension) return nt::kInvalidParameter;
  return actctx::find_section_guid(p, flags, section, guid.addr, data.addr);
}

}  // namespace ntdll_activation_contexts_impl

const std::vector<Export>& ntdll_activation_context_exports() {
  using namespace ntdll_activation_contexts_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlCreateActivationContext", RtlCreateActivationContext),
      EXPORT("RtlAddRefActivationContext", RtlAddRefActivationContext),
      EXPORT("RtlReleaseActivationContext", RtlReleaseActivationContext),
      EXPORT("RtlZombifyActivationContext", RtlZombifyActivationContext),
      EXPORT("RtlActivateActivationContext", RtlActivateActivationContext),
      EXPORT("RtlActivateActivationContextEx", RtlActivateActivationContextEx),
      EXPORT("RtlDeactivateActivationContext", RtlDeactivateActivationContext),
      EXPORT("RtlFreeThreadActivationContextStack", RtlFreeThreadActivationContextStack),
      EXPORT("RtlGetActiveActivationContext", RtlGetActiveActivationContext),
      EXPORT("RtlIsActivationContextActive", RtlIsActivationContextActive),
      EXPORT("RtlQueryInformationActivationContext", RtlQueryInformationActivationContext),
      EXPORT("RtlQueryActivationContextApplicationSettings", RtlQueryActivationContextApplicationSettings),
      EXPORT("RtlFindActivationContextSectionString", RtlFindActivationContextSectionString),
      EXPORT("RtlFindActivationContextSectionGuid", RtlFindActivationContextSectionGuid),
  };
  return exports;
}

}  // namespace polyrun::shims
