// Declaring a built-in DLL function once, as ordinary C++ on host types:
//
//   static uint32_t GetLastError(WindowsProcess& p);
//   static Ptr HeapAlloc(WindowsProcess& p, Ptr heap, uint32_t flags, uint64_t size);
//   ... EXPORT("HeapAlloc", HeapAlloc) ...
//
// The argument marshalling (which register or stack slot each argument comes from, under the
// process's calling convention), the result, the i386 stdcall pop count and the --strace line are
// all generated from the function's signature.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "abi/call_frame.h"
#include "common/fault_report.h"
#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims {

// A guest pointer (printed in hex).
struct Ptr {
  uint64_t addr = 0;
  Ptr() = default;
  Ptr(uint64_t a) : addr(a) {}  // NOLINT: results convert implicitly
  template <typename T>
  T* as() const { return reinterpret_cast<T*>(addr); }
  explicit operator bool() const { return addr != 0; }
};

// A size_t / SIZE_T / uintptr_t: as wide as a guest pointer.
struct USize {
  uint64_t v = 0;
  USize() = default;
  USize(uint64_t x) : v(x) {}  // NOLINT: converts both ways like the integer it is
  operator uint64_t() const { return v; }
};

// A NUL-terminated narrow string argument. A null one faults (an access violation where the
// program called) before it reaches a C library function.
struct CStr {
  uint64_t addr = 0;
  const char* c_str() const {
    if (!addr) touch_guest_byte(addr);
    return reinterpret_cast<const char*>(addr);
  }
  std::string str() const { return addr ? c_str() : ""; }
};

// A NUL-terminated string argument in the ANSI code page, as Win32's A functions take their text
// (names, paths, messages): str() is its UTF-8, polyrun's inner form of text; bytes() the bytes
// as given. A null one faults, as CStr's. (CStr stays for byte strings: the C runtime's.)
struct AStr {
  uint64_t addr = 0;
  const char* data() const {
    if (!addr) touch_guest_byte(addr);
    return reinterpret_cast<const char*>(addr);
  }
  std::string bytes() const { return addr ? data() : ""; }
  std::string str() const { return addr ? ansi_to_utf8(data()) : ""; }
};

// A NUL-terminated UTF-16 string argument (a null one faults, as CStr's).
struct WStr {
  uint64_t addr = 0;
  const char16_t* data() const {
    if (!addr) touch_guest_byte(addr);
    return reinterpret_cast<const char16_t*>(addr);
  }
  std::u16string str() const { return addr ? std::u16string(data()) : std::u16string(); }
};

// GetProcAddress's name: a NUL-terminated string, or an ordinal (a value below 0x10000).
struct ProcName {
  static constexpr bool kPointerSized = true;
  uint64_t addr = 0;
  bool is_ordinal() const { return addr < 0x10000; }
  uint16_t ordinal() const { return static_cast<uint16_t>(addr); }
};

// A module handle (HMODULE): --strace names the module.
struct HModule {
  static constexpr bool kPointerSized = true;
  uint64_t addr = 0;
};

// GetModuleHandleEx's second argument: a module's name (narrow or wide), or with
// GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS in the flags argument just before it, an address inside one.
template <bool Wide>
struct ModuleNameOrAddress {
  static constexpr bool kPointerSized = true;
  uint64_t addr = 0;
  bool by_address = false;
};

// The variable arguments of a printf-style function, from the slot after the fixed ones.
struct VarArgs {
  abi::CallFrame* frame = nullptr;
  unsigned slot = 0;
  // A va_list in guest memory instead of the frame (vprintf family): slots of `slot_bytes`.
  uint64_t va_list = 0;
  unsigned slot_bytes = 8;

  uint64_t next_int() {
    if (frame) return frame->int_arg(slot++);
    uint64_t v = 0;
    if (!va_list) touch_guest_byte(va_list);  // a NULL va_list faults as the guest's own read would
    std::memcpy(&v, guest_pointer(va_list), slot_bytes);
    va_list += slot_bytes;
    return v;
  }
  uint64_t next_int64() {
    if (slot_bytes == 8) return next_int();
    uint64_t lo = next_int(), hi = next_int();
    return lo | hi << 32;
  }
  double next_double() {
    uint64_t bits = next_int64();
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
};

std::string show_string(const char* s, size_t max = 64);
std::string show_wstring(const char16_t* s, size_t max = 64);
std::string show_hex(uint64_t v);

template <typename T>
struct Arg;

template <typename T>
  requires std::is_integral_v<T>
struct Arg<T> {
  template <typename Frame>
  static T read(Frame& f, unsigned& slot) {
    if (sizeof(T) > f.slot_bytes()) {
      uint64_t lo = f.int_arg(slot++), hi = f.int_arg(slot++);
      return static_cast<T>(lo | hi << 32);
    }
    return static_cast<T>(f.int_arg(slot++));
  }
  static std::string show(T v) {
    if constexpr (std::is_signed_v<T>) return std::to_string(static_cast<int64_t>(v));
    return sizeof(T) >= 4 && v > 0xffff ? show_hex(v) : std::to_string(static_cast<uint64_t>(v));
  }
};

template <>
struct Arg<double> {
  template <typename Frame>
  static double read(Frame& f, unsigned& slot) {
    double d = f.float_arg(slot);
    slot += f.slot_bytes() == 8 ? 1 : 2;
    return d;
  }
  static std::string show(double v) { return std::to_string(v); }
};

template <>
struct Arg<float> {
  template <typename Frame>
  static float read(Frame& f, unsigned& slot) { return f.float32_arg(slot++); }
  static std::string show(float v) { return std::to_string(v); }
};

template <>
struct Arg<Ptr> {
  template <typename Frame>
  static Ptr read(Frame& f, unsigned& slot) { return Ptr(f.int_arg(slot++)); }
  static std::string show(Ptr v) { return v.addr ? show_hex(v.addr) : "NULL"; }
};

template <>
struct Arg<USize> {
  template <typename Frame>
  static USize read(Frame& f, unsigned& slot) { return USize(f.int_arg(slot++)); }
  static std::string show(USize v) { return std::to_string(v.v); }
};

template <>
struct Arg<CStr> {
  template <typename Frame>
  static CStr read(Frame& f, unsigned& slot) { return CStr{f.int_arg(slot++)}; }
  static std::string show(CStr v) { return v.addr ? show_string(v.c_str()) : "NULL"; }
};

template <>
struct Arg<AStr> {
  template <typename Frame>
  static AStr read(Frame& f, unsigned& slot) { return AStr{f.int_arg(slot++)}; }
  static std::string show(AStr v) { return v.addr ? show_string(v.str().c_str()) : "NULL"; }
};

template <>
struct Arg<WStr> {
  template <typename Frame>
  static WStr read(Frame& f, unsigned& slot) { return WStr{f.int_arg(slot++)}; }
  static std::string show(WStr v) {
    if (!v.addr) return "NULL";
    std::string s = "L";
    s += show_wstring(v.data());
    return s;
  }
};

// The module a handle names, for --strace: a built-in DLL's or a loaded DLL's file name, or
// empty (core/windows_modules.cpp).
std::string module_label(uint64_t handle);

template <>
struct Arg<ProcName> {
  template <typename Frame>
  static ProcName read(Frame& f, unsigned& slot) { return ProcName{f.int_arg(slot++)}; }
  static std::string show(ProcName v) {
    return v.is_ordinal() ? "#" + std::to_string(v.ordinal()) : show_string(reinterpret_cast<const char*>(v.addr));
  }
};

template <>
struct Arg<HModule> {
  template <typename Frame>
  static HModule read(Frame& f, unsigned& slot) { return HModule{f.int_arg(slot++)}; }
  static std::string show(HModule v) {
    if (!v.addr) return "NULL";
    std::string name = module_label(v.addr);
    return name.empty() ? show_hex(v.addr) : show_hex(v.addr) + " " + name;
  }
};

template <bool Wide>
struct Arg<ModuleNameOrAddress<Wide>> {
  template <typename Frame>
  static ModuleNameOrAddress<Wide> read(Frame& f, unsigned& slot) {
    constexpr uint64_t kFromAddress = 4;  // GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, in the argument before
    const bool by_address = slot > 0 && (f.int_arg(slot - 1) & kFromAddress);
    return ModuleNameOrAddress<Wide>{f.int_arg(slot++), by_address};
  }
  static std::string show(ModuleNameOrAddress<Wide> v) {
    if (!v.addr) return "NULL";
    if (v.by_address) return show_hex(v.addr);
    if constexpr (Wide) return "L" + show_wstring(reinterpret_cast<const char16_t*>(v.addr));
    return show_string(reinterpret_cast<const char*>(v.addr));
  }
};

template <>
struct Arg<VarArgs> {
  static VarArgs read(abi::CallFrame& f, unsigned& slot) { return VarArgs{&f, slot, 0, f.slot_bytes()}; }
  static std::string show(const VarArgs&) { return "..."; }
};

template <typename F>
struct FnTraits;
template <typename R, typename... A>
struct FnTraits<R (*)(WindowsProcess&, A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
};

// --strace's text of a value of argument or result type T, through a pointer to it: one function
// a type (not one an exported function), so the thousands of invoke<F> instantiations below each
// hold a table of these and a call, not the string building itself.
using ShowFn = std::string (*)(const void* value);
template <typename T>
std::string show_value(const void* value) {
  return Arg<T>::show(*static_cast<const T*>(value));
}
// "Name(arg,arg…)" for the export being served, from each argument's ShowFn and address.
std::string strace_call_text(WindowsProcess& p, const ShowFn* shows, const void* const* values, size_t count);
void strace_line(WindowsProcess& p, abi::CallFrame& f, const std::string& call, const std::string& result);
// The function the calling thread's program called last, for --strace lines, and the address it
// returns to (0: polyrun called it), for messages that say where a program asked.
const char* current_export_name(WindowsProcess& p);
uint64_t current_caller(WindowsProcess& p);
void set_current_export_name(const char* name, uint64_t caller = 0);

// Hands a shim's result to the caller as the convention returns it.
template <typename R>
void put_result(abi::CallFrame& f, const R& r) {
  if constexpr (std::is_same_v<R, double>) {
    f.return_float(r);
  } else if constexpr (std::is_same_v<R, float>) {
    f.return_float32(r);
  } else if constexpr (std::is_same_v<R, Ptr>) {
    f.return_int(r.addr);
  } else if constexpr (std::is_same_v<R, USize>) {
    f.return_int(r.v);
  } else if constexpr (sizeof(R) < 8) {
    // A 32-bit or narrower result reaches rax zero-extended, as the 32-bit `mov eax, …` ending a
    // Windows function leaves it: callers that read all of rax see Windows' value (Go's syscalls
    // compare a Winsock result with uintptr(^uint32(0)), SOCKET_ERROR as a DWORD).
    f.return_int(static_cast<uint64_t>(static_cast<std::make_unsigned_t<R>>(r)));
  } else {
    f.return_int(static_cast<uint64_t>(static_cast<std::make_signed_t<R>>(r)));
  }
}

// (Arguments are read into a tuple, in order, and passed on by index: std::apply's machinery,
// instantiated for each of thousands of exports, took a tenth of the Windows DLLs' compile time.)
template <auto F, typename... A, size_t... I>
void invoke_with(WindowsProcess& p, abi::CallFrame& f, std::tuple<A...>*, std::index_sequence<I...>) {
  using R = typename FnTraits<decltype(F)>::Ret;
  [[maybe_unused]] unsigned slot = 0;
  std::tuple<A...> args{Arg<A>::read(f, slot)...};  // braced: read left to right
  std::string call;
  if (p.strace) [[unlikely]] {
    static constexpr ShowFn shows[sizeof...(A) + 1] = {&show_value<A>..., nullptr};
    const void* values[sizeof...(A) + 1] = {&std::get<I>(args)..., nullptr};
    call = strace_call_text(p, shows, values, sizeof...(A));
  }
  if constexpr (std::is_void_v<R>) {
    F(p, std::get<I>(args)...);
    if (p.strace) [[unlikely]] strace_line(p, f, call, "");
  } else {
    R r = F(p, std::get<I>(args)...);
    put_result(f, r);
    if (p.strace) [[unlikely]] strace_line(p, f, call, show_value<R>(&r));
  }
}

template <auto F>
void invoke(WindowsProcess& p, abi::CallFrame& f) {
  using Args = typename FnTraits<decltype(F)>::Args;
  invoke_with<F>(p, f, static_cast<Args*>(nullptr), std::make_index_sequence<std::tuple_size_v<Args>>{});
}

// What a direct host call returns to natively running code: rax and xmm0 at once.
struct DirectResult {
  uint64_t rax;
  double xmm0;
};

// A function natively running x64 code calls straight from its thunk (cpu::native_direct_entry_
// address), without the switch, the execution lock or the dispatcher: for functions that need
// none of polyrun's shared state (or lock what they use), run no guest code, do not block and do
// not raise exceptions (bad guest pointers fault, and the fault becomes the access violation at the
// call, as on the dispatcher's path). The same marshalling as invoke<F>.
template <auto F, typename... A, size_t... I>
[[gnu::always_inline]] inline void direct_with(abi::Win64DirectFrame& f, std::tuple<A...>*, std::index_sequence<I...>) {
  using R = typename FnTraits<decltype(F)>::Ret;
  [[maybe_unused]] unsigned slot = 0;
  std::tuple<A...> args{Arg<A>::read(f, slot)...};  // (the frame's final type: no virtual calls)
  WindowsProcess& p = WindowsProcess::instance();
  if constexpr (std::is_void_v<R>) {
    F(p, std::get<I>(args)...);
  } else {
    put_result(f, F(p, std::get<I>(args)...));
  }
}

template <auto F>
DirectResult direct(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, const uint64_t* stack, double x0, double x1,
                    double x2, double x3) {
  using Args = typename FnTraits<decltype(F)>::Args;
  abi::Win64DirectFrame frame({a0, a1, a2, a3}, {x0, x1, x2, x3}, stack);
  direct_with<F>(frame, static_cast<Args*>(nullptr), std::make_index_sequence<std::tuple_size_v<Args>>{});
  return {frame.rax, frame.xmm0};
}

// (Argument types that hold a guest pointer or handle say so with a member kPointerSized.)
template <typename T>
constexpr bool is_pointer_sized = std::is_same_v<T, Ptr> || std::is_same_v<T, CStr> || std::is_same_v<T, AStr> ||
                                  std::is_same_v<T, WStr> || std::is_same_v<T, USize> ||
                                  requires { T::kPointerSized; };

// The i386 stack bytes of one argument: 4, 8 for a 64-bit value, or what an argument type passed
// by value says (a member kStackBytes: a VARIANT's 16).
template <typename T>
constexpr uint16_t arg_stack_bytes() {
  if constexpr (requires { T::kStackBytes; }) return T::kStackBytes;
  else return sizeof(T) > 4 && !is_pointer_sized<T> ? 8 : 4;
}

// Bytes of i386 stack the arguments of F take (what stdcall's `ret N` pops); none for a function
// with variable arguments (wsprintf …), which is cdecl: its caller pops them all.
template <typename... A>
constexpr uint16_t stack_bytes_of(std::tuple<A...>*) {
  if constexpr ((false || ... || std::is_same_v<A, VarArgs>)) return 0;
  return static_cast<uint16_t>((0 + ... + arg_stack_bytes<A>()));
}

template <auto F>
constexpr uint16_t stack_bytes() {
  return stack_bytes_of(static_cast<typename FnTraits<decltype(F)>::Args*>(nullptr));
}

#define EXPORT(name, fn)                                                                          \
  ::polyrun::shims::Export {                                                                      \
    name, &::polyrun::shims::invoke<&fn>, ::polyrun::shims::stack_bytes<&fn>(), nullptr,          \
        std::is_same_v<typename ::polyrun::shims::FnTraits<decltype(&fn)>::Ret, double>          \
  }
// A C++ member function (`this` first): thiscall on i386, Win64 on x64.
#define EXPORT_METHOD(name, fn)                                                                   \
  ::polyrun::shims::Export {                                                                      \
    name, &::polyrun::shims::invoke<&fn>, ::polyrun::shims::stack_bytes<&fn>(), nullptr, false, true \
  }
// A function that may also be called directly from natively running code (see direct<F>).
#define EXPORT_DIRECT(name, fn) EXPORT_LEAF(name, fn, nullptr)
// One that natively running code calls as `leaf`, a Win64 function of polyrun's, instead.
#define EXPORT_LEAF(name, fn, leaf_fn) EXPORT_LEAF_SLOW(name, fn, leaf_fn, nullptr)
// A leaf that hands what it cannot finish to the function's thunk, whose address goes in `*slot`.
#define EXPORT_LEAF_SLOW(name, fn, leaf_fn, slot)                                                 \
  ::polyrun::shims::Export {                                                                      \
    name, &::polyrun::shims::invoke<&fn>, ::polyrun::shims::stack_bytes<&fn>(), nullptr,          \
        std::is_same_v<typename ::polyrun::shims::FnTraits<decltype(&fn)>::Ret, double>, false,  \
        reinterpret_cast<void (*)()>(&::polyrun::shims::direct<&fn>), leaf_fn, slot               \
  }
// A function whose code is a breakpoint instruction and a return (see Export::breakpoint).
#define EXPORT_BREAKPOINT(name, fn)                                                                 \
  ::polyrun::shims::Export {                                                                      \
    name, &::polyrun::shims::invoke<&fn>, 0, nullptr, false, false, nullptr, nullptr, nullptr, true \
  }
#define EXPORT_DATA(name, fn) ::polyrun::shims::Export{name, nullptr, 0, &fn}
// A stdcall function in a C runtime DLL (Export::stdcall).
inline Export stdcall_export(Export e) {
  e.stdcall = true;
  return e;
}

}  // namespace polyrun::shims
