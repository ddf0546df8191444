#include "shims/core/windows_process.h"

#include "cpu-emu/cpu.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <strings.h>

#include "common/log.h"
#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/windows_debug.h"
#include "shims/core/windows_guest.h"

namespace polyrun::shims {

namespace x86 = cpu::x86;

namespace {

// The exports forwarded names became, by DLL and name, each made on its name's first use and kept
// for the process (a map's elements never move: the pointers handed out stay good). Any thread may
// ask.
struct ForwardedExports {
  std::mutex mutex;
  std::map<std::pair<const Dll*, std::string_view>, std::optional<Export>> made;
};

ForwardedExports& forwarded_exports() {
  static ForwardedExports f;
  return f;
}

// `name` of DLL `d`, which `target` serves: the target's export as one of d's own (null if the
// target lacks it).
const Export* forwarded(const Dll& d, const char* name, const char* target) {
  ForwardedExports& f = forwarded_exports();
  const std::pair<const Dll*, std::string_view> key{&d, name};
  {
    std::lock_guard<std::mutex> lock(f.mutex);
    if (auto it = f.made.find(key); it != f.made.end()) return it->second ? &*it->second : nullptr;
  }
  // (found outside the lock: the target's name may be a forwarder too)
  const Dll* to = find_dll(target);
  if (!to) return nullptr;  // (no DLLs registered yet: nothing is kept)
  std::optional<Export> own;
  if (const Export* e = to != &d ? to->find(std::string(name)) : nullptr) {
    own = *e;
    own->name = name;
    own->crt_call = to->crt || e->crt_call;  // the convention it has where it is served
    own->leaf = nullptr;                     // a thunk of this DLL's own, not the target's leaf code
    own->leaf_slow = nullptr;
  }
  std::lock_guard<std::mutex> lock(f.mutex);
  const auto it = f.made.emplace(key, std::move(own)).first;  // (another thread's, if it came first)
  return it->second ? &*it->second : nullptr;
}

}  // namespace

const Export* Dll::find(const std::string& n) const {
  for (const auto& e : exports)
    if (n == e.name) return &e;
  for (const Forward& f : forwards)
    for (const char* name : f.names)
      if (n == name)
        if (const Export* e = forwarded(*this, name, f.dll)) return e;
  if (base) return base->find(n);
  if (base_dll)
    if (const Dll* b = find_dll(base_dll); b && b != this) return b->find(n);
  return nullptr;
}

std::vector<const Export*> Dll::listed_exports() const {
  std::vector<const Export*> out;
  out.reserve(exports.size());
  for (const auto& e : exports) out.push_back(&e);
  for (const Forward& f : forwards)
    for (const char* name : f.names)
      if (const Export* e = forwarded(*this, name, f.dll)) out.push_back(e);
  return out;
}

const Export* Dll::find(uint16_t ordinal) const {
  for (const auto& [o, n] : ordinals)
    if (o == ordinal) return find(n);
  // A DLL over a base one has the base's numbers too (by name: its own functions come first).
  const Dll* b = base ? base : base_dll ? find_dll(base_dll) : nullptr;
  if (b && b != this)
    for (const auto& [o, n] : b->ordinals)
      if (o == ordinal) return find(n);
  return nullptr;
}

namespace {
std::vector<const Dll*>& registered_dlls() {
  static std::vector<const Dll*> dlls;
  return dlls;
}
}  // namespace

const std::vector<const Dll*>& builtin_dlls() { return registered_dlls(); }

void register_builtin_dlls(std::vector<const Dll*> dlls) { registered_dlls() = std::move(dlls); }

const Dll* find_dll(const std::string& name) {
  std::string n = name;
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
  // A name without an extension is a DLL's, as LoadLibrary takes it; WINSPOOL.DRV keeps its own.
  if (n.find('.') == std::string::npos) n += ".dll";
  // The Universal CRT's API sets, ucrtbase and the Visual C++ runtimes are served by the same C
  // runtime as msvcrt.dll, with the newer runtimes' rules where they differ from msvcrt.dll's.
  // (Visual C++ .NET 2002 to 2013's msvcr70 … msvcr120 too: between msvcrt.dll's and the UCRT's.)
  static const char* const kVersionedRuntimes[] = {"msvcr70.dll", "msvcr71.dll", "msvcr80.dll", "msvcr90.dll",
                                                   "msvcr100.dll", "msvcr110.dll", "msvcr120.dll"};
  const bool versioned = std::find(std::begin(kVersionedRuntimes), std::end(kVersionedRuntimes), n) !=
                         std::end(kVersionedRuntimes);
  if (n.rfind("api-ms-win-crt-", 0) == 0 || n == "vcruntime140.dll" || n == "vcruntime140_1.dll" || versioned)
    n = "ucrtbase.dll";
  // KernelBase's SHLWAPI functions, by their API sets' names.
  if (n.rfind("api-ms-win-core-shlwapi-", 0) == 0 || n.rfind("api-ms-win-core-url-", 0) == 0) n = "shlwapi.dll";
  if (n.rfind("api-ms-win-core-version-", 0) == 0) n = "version.dll";  // (KernelBase's VERSION functions)
  // COMBASE's API sets: the Windows Runtime's and COM's.
  if (n.rfind("api-ms-win-core-winrt-", 0) == 0 || n.rfind("api-ms-win-core-com-", 0) == 0) n = "combase.dll";
  if (n.rfind("api-ms-win-core-", 0) == 0) n = "kernel32.dll";
  if (n == "combase.dll") n = "ole32.dll";  // the COM base functions OLE32 forwards to
  if (n == "sspicli.dll" || n == "security.dll") n = "secur32.dll";  // the SSPI's other homes
  for (const Dll* d : builtin_dlls())
    if (n == d->name) return d;
  return nullptr;
}

uint64_t WindowsProcess::alloc_data(uint64_t size) { return heap.alloc(size, true); }

void poll_console_ctrl(WindowsProcess& p) {
  if (p.console_hooks.poll_ctrl) p.console_hooks.poll_ctrl(p);
}

void console_ctrl_changed(WindowsProcess& p) {
  if (p.console_hooks.ctrl_changed) p.console_hooks.ctrl_changed(p);
}

static bool env_matches(const std::string& kv, const std::string& name) {
  return kv.size() > name.size() && kv[name.size()] == '=' && ::strncasecmp(kv.c_str(), name.c_str(), name.size()) == 0;
}

std::optional<std::string> WindowsProcess::find_env(const std::string& name) const {
  for (const auto& kv : env)
    if (env_matches(kv, name)) return kv.substr(name.size() + 1);
  return std::nullopt;
}

std::string WindowsProcess::expand_env(const std::string& s) const {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const size_t end = s[i] == '%' ? s.find('%', i + 1) : std::string::npos;
    if (end != std::string::npos && end > i + 1)
      if (auto v = find_env(s.substr(i + 1, end - i - 1))) {
        out += *v;
        i = end + 1;
        continue;
      }
    out += s[i++];
  }
  return out;
}

void WindowsProcess::set_env(const std::string& name, const std::string* value, bool publish) {
  std::erase_if(env, [&](const std::string& kv) { return env_matches(kv, name); });
  if (value) env.push_back(name + "=" + *value);
  if (publish) update_process_environment_block(*this);
}

// A NULL address faults as any bad guest pointer does (never a null pointer handed to memcpy).
void WindowsProcess::put_ptr(uint64_t addr, uint64_t value) const {
  copy_guest(guest_pointer(addr), &value, isa->ptr, addr, true);
}

uint64_t WindowsProcess::get_ptr(uint64_t addr) const {
  uint64_t v = 0;
  copy_guest(&v, guest_pointer(addr), isa->ptr, addr, false);
  return v;
}

uint64_t WindowsProcess::make_thunk(ThunkTarget target) {
  if (thunks.size() >= thunk_capacity) throw std::runtime_error("out of host-call thunks");
  uint64_t at = thunk_base + thunks.size() * 8;
  // int 0x2e; ret (or ret N for i386 stdcall functions); int3 padding. Natively: call the host
  // entry's stub (rel32), then the ret.
  uint8_t code[8] = {0xcd, 0x2e, 0xc3, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc};
  const unsigned ret_at = native ? 5 : 2;
  if (native) {
    const bool direct = native_direct_stub && target.exp && target.exp->direct && !strace;
    const uint64_t stub = direct ? native_direct_stub : native_stub;
    if (direct) {
      const auto fn = reinterpret_cast<uint64_t>(target.exp->direct);
      memory.poke(at + cpu::kNativeDirectTableOffset, &fn, 8);
    }
    const auto rel = static_cast<int32_t>(static_cast<int64_t>(stub) - static_cast<int64_t>(at + 5));
    code[0] = 0xe8;
    std::memcpy(code + 1, &rel, 4);
    code[5] = 0xc3;
  }
  // A thiscall method pops what it takes from the stack: all but `this`, which came in ecx.
  uint16_t pop = target.exp ? target.exp->stack_bytes : 0;
  if (target.convention == abi::Convention::Thiscall) pop = static_cast<uint16_t>(pop - 4);
  if (target.convention == abi::Convention::Cdecl || target.convention == abi::Convention::Win64) pop = 0;
  if (pop) {
    code[ret_at] = 0xc2;
    code[ret_at + 1] = static_cast<uint8_t>(pop);
    code[ret_at + 2] = static_cast<uint8_t>(pop >> 8);
  }
  if (target.exp && target.exp->breakpoint) {  // int3; ret
    const uint8_t breakpoint[8] = {0xcc, 0xc3, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc};
    std::memcpy(code, breakpoint, sizeof code);
  }
  memory.poke(at, code, sizeof code);
  target.label = target.dll + "!" + target.name;
  thunks.push_back(std::move(target));
  return at;
}

uint64_t WindowsProcess::export_thunk(const Dll* dll, const std::string& dll_name, const std::string& name,
                                      const Export* e) {
  uint64_t& cached = export_thunks[dll_name + "!" + name];
  if (cached) return cached;
  const bool leaf = native && !strace && e && e->leaf;
  if (leaf && !e->leaf_slow) return cached = reinterpret_cast<uint64_t>(e->leaf);
  ThunkTarget t;
  t.dll = dll_name;
  t.name = name;
  t.exp = e;
  t.convention = ((dll && dll->crt) || (e && e->crt_call)) && !(e && e->stdcall) ? isa->crt_convention : isa->api_convention;
  if (e && e->thiscall && t.convention != abi::Convention::Win64) t.convention = abi::Convention::Thiscall;
  const uint64_t thunk = make_thunk(std::move(t));
  if (!leaf) return cached = thunk;
  *e->leaf_slow = thunk;  // the leaf's way to the host for what it cannot finish
  return cached = reinterpret_cast<uint64_t>(e->leaf);
}

uint64_t WindowsProcess::call_export(const char* dll, const char* name, const std::vector<uint64_t>& args,
                                     uint64_t missing) {
  const Dll* d = find_dll(dll);
  return d ? call_export(*d, d->name, name, args, missing) : missing;
}

uint64_t WindowsProcess::call_export_needed(const char* dll, const char* label, const char* name,
                                            const std::vector<uint64_t>& args) {
  const Dll* d = find_dll(dll);
  return call_guest(export_thunk(d, label, name, d ? d->find(name) : nullptr), args);
}

uint64_t WindowsProcess::call_export(const Dll& dll, const char* label, const char* name,
                                     const std::vector<uint64_t>& args, uint64_t missing) {
  const Export* e = dll.find(name);
  return e ? call_guest(export_thunk(&dll, label, name, e), args) : missing;
}

uint64_t WindowsProcess::handle_for_fd(int fd) {
  uint64_t h = next_handle;
  next_handle += 4;
  handle_fd[h] = fd;
  return h;
}

// SECURITY_ATTRIBUTES: nLength, lpSecurityDescriptor, bInheritHandle (after the pointer).
bool WindowsProcess::inherits(uint64_t sa) const {
  if (!sa) return false;
  int32_t v = 0;
  std::memcpy(&v, reinterpret_cast<const void*>(sa + 2 * isa->ptr), 4);
  return v != 0;
}

int WindowsProcess::fd_for_handle(uint64_t handle) const {
  auto it = handle_fd.find(handle);
  return it == handle_fd.end() ? -1 : it->second;
}

// TEB.LastErrorValue of the calling thread.
void WindowsProcess::set_last_error(uint32_t code) {
  std::memcpy(reinterpret_cast<void*>(teb() + isa->teb.last_error), &code, 4);
}

uint32_t WindowsProcess::last_error() const {
  uint32_t v;
  std::memcpy(&v, reinterpret_cast<const void*>(teb() + isa->teb.last_error), 4);
  return v;
}

void WindowsProcess::terminate(int code) {
  exited = true;
  exit_code = code;
  if (!ending) ending = &thread();
  stop_guest();
}

uint64_t WindowsProcess::own_thunk(const char* name, void (*fn)(WindowsProcess&)) {
  uint64_t& at = own_thunks[fn];
  if (!at) {
    ThunkTarget t;
    t.dll = "polyrun";
    t.name = name;
    t.special = fn;
    at = make_thunk(std::move(t));
  }
  return at;
}

void WindowsProcess::stop_guest() {
  cpu().set_pc(own_thunk("stop", [](WindowsProcess& p) { p.cpu().stop(); }));
  cpu().stop();
}

GuestResult WindowsProcess::call_guest_full(uint64_t addr, const std::vector<uint64_t>& args, CallRegs regs) {
  static const int arg_regs[4] = {x86::RCX, x86::RDX, x86::R8, x86::R9};
  GuestResult out;
  cpu::Cpu* cpu = thread().cpu.get();
  auto& host_frames = this->host_frames();
  bool& returned_to_host = this->returned_to_host();
  bool& restore_pending = this->restore_pending();
  uint64_t saved_rsp = cpu->reg(x86::RSP), saved_rip = cpu->pc();
  uint64_t saved_volatile[3] = {cpu->reg(x86::RAX), cpu->reg(x86::RCX), cpu->reg(x86::RDX)};
  uint64_t saved_rbp = cpu->reg(x86::RBP);
  // (a fault in the guest code, or in a host function it calls, is not the caller's to unwind)
  GuestFaultsThrow faults_fault(false);
  const uint64_t return_thunk = own_thunk("return-to-host", [](WindowsProcess& p) {
    p.returned_to_host() = true;
    p.cpu().stop();
  });
  const unsigned ptr = isa->ptr;
  uint64_t sp = (saved_rsp - 0x200) & ~15ull;
  // A stack pointer the program has wrecked (a smashed stack, a pointer in rsp): nothing can be
  // called on that stack, so the process ends, as Windows ends it when it cannot deliver an
  // exception there.
  const uint64_t used = 0x40 + 8 * args.size();  // arguments, shadow space, the return address
  if (!stack_usable(sp, used)) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: cannot call the program's code at 0x%llx: its stack pointer 0x%llx is not in writable memory\n",
                 static_cast<unsigned long long>(addr), static_cast<unsigned long long>(saved_rsp));
    terminate(static_cast<int>(0xc0000005u));
    return out;
  }
  if (isa->api_convention == abi::Convention::Win64) {
    // Stack arguments beyond the fourth, 32 bytes of shadow space below them, then the return
    // address: the fifth argument is at rsp + 40 when the callee starts.
    size_t extra = args.size() > 4 ? args.size() - 4 : 0;
    sp -= ((extra + 1) & ~1ull) * 8;
    for (size_t i = 0; i < extra; ++i) std::memcpy(reinterpret_cast<void*>(sp + 8 * i), &args[4 + i], 8);
    sp -= 32;
    for (size_t i = 0; i < args.size() && i < 4; ++i) {
      cpu->set_reg(arg_regs[i], args[i]);
      if (regs.fp_slots) {
        uint8_t v[16] = {};
        std::memcpy(v, &args[i], 8);
        cpu->write_vector(x86::XMM0 + static_cast<int>(i), v);
      }
    }
  } else {
    // cdecl: every argument on the stack, 16-byte aligned at the call.
    sp -= ((args.size() * 4 + 15) & ~15ull);
    for (size_t i = 0; i < args.size(); ++i) std::memcpy(reinterpret_cast<void*>(sp + 4 * i), &args[i], 4);
  }
  if (regs.frame_pointer) cpu->set_reg(x86::RBP, regs.frame_pointer);
  if (regs.this_reg) cpu->set_reg(x86::RCX, regs.this_reg);
  sp -= ptr;
  std::memcpy(reinterpret_cast<void*>(sp), &return_thunk, ptr);
  // Guest code run by a host function the guest called (a qsort comparator, an atexit function …):
  // on x64 an exception raised inside is dispatched with the image's unwind data, so the stack
  // walk needs a way past the host function. A pseudo frame takes a walk that returns into the
  // thunk on to the host function's caller, as it stood when it made the call; an unwind through
  // it abandons the host function, which then runs no more guest code (see the loop below).
  uint64_t outer = 0;
  if (hook_depth() > 0 && isa->api_convention == abi::Convention::Win64) {
    outer = new_context(*this);
    isa->seh->capture(*this, outer, get_ptr(saved_rsp), saved_rsp + 8);
    host_frames.push_back({return_thunk, sp + ptr, outer, nullptr});
  }
  cpu->set_reg(x86::RSP, sp);
  cpu->set_pc(addr);
  returned_to_host = false;
  while (!returned_to_host && !stopping() && !restore_pending) {
    if (debugger) debugger->checkpoint(thread());
    cpu::Trap t = cpu->run();
    // Under gdb: its breakpoints and steps, and exceptions it drops, go no further.
    if (debugger && debugger->handle_trap(thread(), t)) continue;
    // A fault, a breakpoint …: the exception Windows raises for it, from the instruction.
    if (t.kind != cpu::TrapKind::Stopped) raise_from_trap(*this, t);
  }
  // The function returned: what it left in the result registers.
  if (returned_to_host) {
    out.rdx = cpu->reg(x86::RDX);
    if (isa->api_convention == abi::Convention::Win64) {
      uint8_t v[16];
      cpu->read_vector(x86::XMM0, v);
      std::memcpy(&out.xmm0, v, 8);
    } else {
      out.rdx &= 0xffffffffu;
      out.popped = static_cast<int64_t>(cpu->reg(x86::RSP) - (sp + ptr));
      if (regs.x87_result) out.st0 = static_cast<double>(cpu->pop_x87());
    }
  }
  // This call is over: a call that encloses it (a host function it ran under) must not take the
  // return for its own when its engine run next stops.
  returned_to_host = false;
  if (outer) {
    for (size_t i = host_frames.size(); i-- > 0;)
      if (host_frames[i].outer == outer) host_frames.erase(host_frames.begin() + static_cast<std::ptrdiff_t>(i));
    heap.free(outer);
  }
  out.rax = cpu->reg(x86::RAX);
  if (ptr == 4) out.rax &= 0xffffffffu;
  // RtlUnwindEx is about to replace the registers, or the process has ended (the CPU must stay on
  // the stop thunk): nothing to put back.
  if (restore_pending || stopping()) return out;
  cpu->set_reg(x86::RSP, saved_rsp);
  cpu->set_pc(saved_rip);
  cpu->set_reg(x86::RAX, saved_volatile[0]);
  cpu->set_reg(x86::RCX, saved_volatile[1]);
  cpu->set_reg(x86::RDX, saved_volatile[2]);
  if (regs.frame_pointer) cpu->set_reg(x86::RBP, saved_rbp);
  return out;
}

// --strace support.
static thread_local const char* g_current = "";
static thread_local uint64_t g_caller = 0;

const char* current_export_name(WindowsProcess&) { return g_current; }
uint64_t current_caller(WindowsProcess&) { return g_caller; }

void set_current_export_name(const char* name, uint64_t caller) {
  g_current = name;
  g_caller = caller;
}

std::string show_hex(uint64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

std::string show_string(const char* s, size_t max) {
  std::string out = "\"";
  size_t i = 0;
  for (; s[i] && i < max; ++i) {
    char c = s[i];
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '"' || c == '\\') out += std::string("\\") + c;
    else if (static_cast<unsigned char>(c) < 32) out += "\\x" + show_hex(static_cast<unsigned char>(c)).substr(2);
    else out += c;
  }
  out += "\"";
  if (s[i]) out += "...";
  return out;
}

std::string show_wstring(const char16_t* s, size_t max) {
  std::string narrow;
  size_t i = 0;
  for (; s[i] && i < max; ++i) narrow += s[i] < 128 ? static_cast<char>(s[i]) : '?';
  std::string out = show_string(narrow.c_str(), max);
  if (s[i]) out += "...";
  return out;
}

std::string strace_call_text(WindowsProcess& p, const ShowFn* shows, const void* const* values, size_t count) {
  std::string call = std::string(current_export_name(p)) + "(";
  for (size_t i = 0; i < count; ++i) {
    if (i) call += ",";
    call += shows[i](values[i]);
  }
  return call + ")";
}

// Each line names the calling thread by its id (the process id in the main thread).
void strace_line(WindowsProcess&, abi::CallFrame& f, const std::string& call, const std::string& result) {
  std::string line = std::to_string(::gettid()) + " " + call;
  if (!result.empty()) line += " = " + result;
  line += " (from " + show_hex(f.return_address()) + ")\n";
  std::fflush(stdout);
  std::fputs(line.c_str(), stderr);
}

}  // namespace polyrun::shims
