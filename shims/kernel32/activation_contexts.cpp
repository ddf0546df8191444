// KERNEL32.dll, activation contexts: CreateActCtx reads a manifest (a file of its own, or a PE
// file's or a loaded module's RT_MANIFEST resource) — the assembly's identity, its files, its
// dependencies, the run level it asks for, the Windows versions it declares itself compatible with
// and its windowsSettings — into a context whose handle is counted (AddRefActCtx, ReleaseActCtx,
// ZombifyActCtx). Each thread has a stack of activated contexts (ActivateActCtx's cookie,
// DeactivateActCtx in order, GetCurrentActCtx the top). QueryActCtxW tells a context's basic and
// detailed information, its run level and compatibility; QueryActCtxSettingsW its settings.
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

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kErrorSxsKeyNotFound = 14007, kErrorSxsCantGenActctx = 14001, kErrorSxsInvalidDeactivation = 14016,
                   kErrorSxsEarlyDeactivation = 14017, kErrorResourceTypeNotFound = 1813;

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

// ACTCTX's fields (the pointer-sized ones move with the width).
struct ActCtxArgs {
  uint32_t flags = 0;
  uint64_t source = 0, directory = 0, resource = 0, module = 0;
};
ActCtxArgs read_args(WindowsProcess& p, uint64_t a) {
  const unsigned w = p.isa->ptr;
  ActCtxArgs r;
  r.flags = get<uint32_t>(a + 4);
  r.source = p.get_ptr(a + 8);
  r.directory = p.get_ptr(a + (w == 8 ? 24 : 16));
  r.resource = p.get_ptr(a + (w == 8 ? 32 : 20));
  r.module = p.get_ptr(a + (w == 8 ? 48 : 28));
  return r;
}
constexpr uint32_t kDirectoryValid = 4, kResourceNameValid = 8, kHmoduleValid = 0x80;

// The RT_MANIFEST resource (24) of a module or of a PE file mapped as data, through KERNEL32's
// resource functions.
bool manifest_resource(WindowsProcess& p, uint64_t module, uint64_t name, std::string& xml) {
  const uint64_t res = p.call_export("kernel32.dll", "FindResourceW", {module, name ? name : 1, 24});
  if (!res) return false;
  const uint64_t size = p.call_export("kernel32.dll", "SizeofResource", {module, res}) & 0xffffffffu;
  const uint64_t data = p.call_export("kernel32.dll", "LockResource", {p.call_export("kernel32.dll", "LoadResource", {module, res})});
  if (!data) return false;
  xml.assign(reinterpret_cast<const char*>(data), size);
  return true;
}

Ptr create(WindowsProcess& p, uint64_t actctx, bool wide) {
  const uint64_t invalid = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  auto failed = [&](uint32_t e) {
    p.set_last_error(e);
    return Ptr(invalid);
  };
  if (!actctx) return failed(ERROR_INVALID_PARAMETER);
  const uint32_t size = get<uint32_t>(actctx);
  if (size < (p.isa->ptr == 8 ? 16u : 12u)) return failed(ERROR_INVALID_PARAMETER);
  const ActCtxArgs a = read_args(p, actctx);
  auto text = [&](uint64_t s) {
    return wide ? utf16_to_utf8(reinterpret_cast<const char16_t*>(s)) : ansi_to_utf8(reinterpret_cast<const char*>(s));  // ACTCTXA's strings: the ANSI code page
  };
  Context c;
  std::string xml;
  if (a.flags & kHmoduleValid) {
    if (!manifest_resource(p, a.module, (a.flags & kResourceNameValid) ? a.resource : 0, xml)) return failed(kErrorResourceTypeNotFound);
    c.manifest_path = "";
  } else {
    if (!a.source) return failed(ERROR_INVALID_PARAMETER);
    c.manifest_path = text(a.source);
    const std::string host = windows_to_host_path(c.manifest_path);
    std::ifstream in(host, std::ios::binary);
    if (!in) return failed(path_error(host, errno));
    xml.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (xml.size() >= 2 && xml[0] == 'M' && xml[1] == 'Z') {  // a PE file: its manifest resource
      const uint64_t module = p.call_export("kernel32.dll", wide ? "LoadLibraryExW" : "LoadLibraryExA", {a.source, 0, 2});
      if (!module) return failed(p.last_error());
      const bool found = manifest_resource(p, module, (a.flags & kResourceNameValid) ? a.resource : 0, xml);
      p.call_export("kernel32.dll", "FreeLibrary", {module});
      if (!found) return failed(kErrorResourceTypeNotFound);
    }
  }
  if (!parse(xml, c.manifest)) return failed(kErrorSxsCantGenActctx);
  if (a.flags & kDirectoryValid) {
    c.directory = text(a.directory);
  } else {
    c.directory = c.manifest_path.substr(0, c.manifest_path.find_last_of('\\') + 1);
  }
  if (!c.directory.empty() && c.directory.back() != '\\') c.directory += '\\';
  const uint64_t h = p.heap.alloc(16, true);
  if (!h) return failed(ERROR_NOT_ENOUGH_MEMORY);
  std::lock_guard<std::mutex> g(contexts().m);
  contexts().by_handle[h] = std::move(c);
  return Ptr(h);
}
Ptr CreateActCtxW(WindowsProcess& p, Ptr actctx) { return create(p, actctx.addr, true); }
Ptr CreateActCtxA(WindowsProcess& p, Ptr actctx) { return create(p, actctx.addr, false); }

void AddRefActCtx(WindowsProcess&, Ptr h) {
  std::lock_guard<std::mutex> g(contexts().m);
  if (auto it = contexts().by_handle.find(h.addr); it != contexts().by_handle.end()) ++it->second.refs;
}
void ReleaseActCtx(WindowsProcess& p, Ptr h) {
  bool gone = false;
  {
    std::lock_guard<std::mutex> g(contexts().m);
    auto it = contexts().by_handle.find(h.addr);
    if (it != contexts().by_handle.end() && --it->second.refs == 0) {
      contexts().by_handle.erase(it);
      gone = true;
    }
  }
  if (gone) p.heap.free(h.addr);
}
// A context no longer to be activated (it stays valid for what holds it).
BOOL ZombifyActCtx(WindowsProcess& p, Ptr h) {
  std::lock_guard<std::mutex> g(contexts().m);
  auto it = contexts().by_handle.find(h.addr);
  if (it == contexts().by_handle.end()) return fail(p, ERROR_INVALID_PARAMETER);
  it->second.zombie = true;
  return TRUE;
}

// ---- the thread's stack ----

BOOL ActivateActCtx(WindowsProcess& p, Ptr h, Ptr cookie) {
  std::lock_guard<std::mutex> g(contexts().m);
  Contexts& c = contexts();
  if (h.addr) {
    auto it = c.by_handle.find(h.addr);
    if (it == c.by_handle.end()) return fail(p, ERROR_INVALID_PARAMETER);
    ++it->second.refs;
  }
  const uint64_t k = c.next_cookie++;
  c.stacks[p.thread().id].emplace_back(h.addr, k);
  if (cookie) p.put_ptr(cookie.addr, k);
  return TRUE;
}
// DEACTIVATE_ACTCTX_FLAG_FORCE_EARLY_DEACTIVATION (1): the contexts above it go too. Without it a
// cookie that is not the top's raises STATUS_SXS_EARLY_DEACTIVATION, and one not on the stack
// STATUS_SXS_INVALID_DEACTIVATION (noncontinuable, as NTDLL's RtlDeactivateActivationContext
// raises them).
constexpr uint32_t kStatusSxsEarlyDeactivation = 0xc015000f, kStatusSxsInvalidDeactivation = 0xc0150010;
BOOL DeactivateActCtx(WindowsProcess& p, uint32_t flags, Ptr cookie) {
  std::vector<uint64_t> released;
  uint32_t raise = 0;
  {
    std::lock_guard<std::mutex> g(contexts().m);
    auto& stack = contexts().stacks[p.thread().id];
    size_t i = stack.size();
    while (i > 0 && stack[i - 1].second != cookie.addr) --i;
    if (i == 0) raise = kStatusSxsInvalidDeactivation;
    else if (i != stack.size() && !(flags & 1)) raise = kStatusSxsEarlyDeactivation;
    if (raise) {
      p.set_last_error(raise == kStatusSxsEarlyDeactivation ? kErrorSxsEarlyDeactivation : kErrorSxsInvalidDeactivation);
    }
  }
  if (raise) {
    const uint32_t popped = p.isa->api_convention == abi::Convention::Stdcall ? stack_bytes<&DeactivateActCtx>() : 0;
    raise_from_host_call(p, raise, kExceptionNoncontinuable, {}, popped);
    return FALSE;
  }
  {
    std::lock_guard<std::mutex> g(contexts().m);
    auto& stack = contexts().stacks[p.thread().id];
    size_t i = stack.size();
    while (i > 0 && stack[i - 1].second != cookie.addr) --i;
    for (size_t j = i - 1; j < stack.size(); ++j)
      if (stack[j].first) released.push_back(stack[j].first);
    stack.resize(i - 1);
  }
  for (uint64_t h : released) ReleaseActCtx(p, Ptr(h));
  return TRUE;
}
uint64_t active(WindowsProcess& p) {
  auto& stack = contexts().stacks[p.thread().id];
  return stack.empty() ? 0 : stack.back().first;
}
// The active context, counted for the caller (null: none activated on the thread).
BOOL GetCurrentActCtx(WindowsProcess& p, Ptr out) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  std::lock_guard<std::mutex> g(contexts().m);
  const uint64_t h = active(p);
  if (h)
    if (auto it = contexts().by_handle.find(h); it != contexts().by_handle.end()) ++it->second.refs;
  p.put_ptr(out.addr, h);
  return TRUE;
}

// ---- queries ----

// The context a query names: the handle, or with QUERY_ACTCTX_FLAG_USE_ACTIVE_ACTCTX (4) the
// thread's active one.
const Context* query_target(WindowsProcess& p, uint32_t flags, uint64_t h, uint64_t& handle) {
  handle = (flags & 4) ? active(p) : h;
  auto it = contexts().by_handle.find(handle);
  return it == contexts().by_handle.end() ? nullptr : &it->second;
}
BOOL finish(WindowsProcess& p, const std::vector<uint8_t>& data, Ptr buf, USize size, Ptr written) {
  if (written) p.put_ptr(written.addr, data.size());
  if (size.v < data.size() || (!buf && !data.empty())) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(buf.as<void>(), data.data(), data.size());
  return TRUE;
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

// Classes: ActivationContextBasicInformation (1), ActivationContextDetailedInformation (2),
// RunlevelInformationInActivationContext (5), CompatibilityInformationInActivationContext (6).
BOOL QueryActCtxW(WindowsProcess& p, uint32_t flags, Ptr h, Ptr, uint32_t cls, Ptr buf, USize size, Ptr written) {
  std::lock_guard<std::mutex> g(contexts().m);
  uint64_t handle;
  const Context* c = query_target(p, flags, h.addr, handle);
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
      if (!c) return fail(p, ERROR_INVALID_PARAMETER);
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
      if (!c) return fail(p, ERROR_INVALID_PARAMETER);
      append_u32(data, 0);
      append_u32(data, c->manifest.run_level);
      append_u32(data, c->manifest.ui_access ? 1 : 0);
      break;
    }
    case 6: {  // ACTIVATION_CONTEXT_COMPATIBILITY_INFORMATION: ElementCount, then {Id, Type, MaxVersionTested}
      if (!c) return fail(p, ERROR_INVALID_PARAMETER);
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
    default: return fail(p, ERROR_INVALID_PARAMETER);
  }
  return finish(p, data, buf, size, written);
}

// A windowsSettings value as text (the NUL included in *written); a setting the manifest does not
// have is ERROR_SXS_KEY_NOT_FOUND.
BOOL QueryActCtxSettingsW(WindowsProcess& p, uint32_t flags, Ptr h, WStr, WStr setting, Ptr buf, USize size, Ptr written) {
  if (flags || !setting.addr) return fail(p, ERROR_INVALID_PARAMETER);
  std::lock_guard<std::mutex> g(contexts().m);
  uint64_t handle;
  const Context* c = query_target(p, 0, h.addr, handle);
  if (!c) return fail(p, ERROR_INVALID_PARAMETER);
  auto it = c->manifest.settings.find(utf16_to_utf8(setting.str()));
  if (it == c->manifest.settings.end()) return fail(p, kErrorSxsKeyNotFound);
  const std::u16string v = utf8_to_utf16(it->second);
  if (written) p.put_ptr(written.addr, v.size() + 1);
  if (!buf || size.v < v.size() + 1) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(buf.as<char16_t>(), v.c_str(), (v.size() + 1) * 2);
  return TRUE;
}

}  // namespace

const std::vector<Export>& kernel32_activation_context_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateActCtxW", CreateActCtxW),
      EXPORT("CreateActCtxA", CreateActCtxA),
      EXPORT("AddRefActCtx", AddRefActCtx),
      EXPORT("ReleaseActCtx", ReleaseActCtx),
      EXPORT("ZombifyActCtx", ZombifyActCtx),
      EXPORT("ActivateActCtx", ActivateActCtx),
      EXPORT("DeactivateActCtx", DeactivateActCtx),
      EXPORT("GetCurrentActCtx", GetCurrentActCtx),
      EXPORT("QueryActCtxW", QueryActCtxW),
      EXPORT("QueryActCtxSettingsW", QueryActCtxSettingsW),
  };
  return exports;
}

}  // namespace polyrun::shims
