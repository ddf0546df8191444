// MSVCP140.dll's exceptions: std::_Xbad_alloc, _Xlength_error, _Xout_of_range,
// _Xinvalid_argument and _Xruntime_error throw the <stdexcept> exception their name says, as MSVC's
// `throw` does, so that the program's own `catch (std::length_error&)` takes it (and, as MSVCP140
// of Visual Studio 2017 and later has them, _Xoverflow_error and _Xbad_function_call); and
// std::uncaught_exception(s); std::_Raise_handler, the variable stdext::exception::_Raise reads;
// std::set_new_handler (over the C runtime's new handler); the thread library's system errors
// (_Throw_Cpp_error, _Throw_C_error, _XGetLastError) and std::regex_error (_Xregex_error).
//
// What a throw needs lives in guest memory, made once per process in one block (the RttiBlock
// below): for each class, its TypeDescriptor (".?AVlength_error@std@@": the name a catch clause
// compares), its CatchableType, the CatchableTypeArray and ThrowInfo of the thrown classes, its RTTI
// (the complete object locator, class hierarchy and base class descriptors that dynamic_cast and
// typeid read) and its vtable {scalar deleting destructor, what()}, the locator just before it.
// On x64 the tables hold offsets from an image base (the record's fourth parameter): the block's
// own start, or the host-call thunks' when those lie below it; i386 holds pointers.
//
// The object is MSVC's std::exception: {vtable, const char* _What, bool _DoFree} (24 bytes on x64,
// 12 on i386); every class here adds nothing to it. A thrown object lives in the process heap (the
// message a copy of the caller's, _DoFree set); the ThrowInfo's destructor frees both once the last
// catch block is done with it. Where the heap and the thunks lie too far apart for 32-bit offsets
// on x64, the ThrowInfo names no copy constructor (bitwise copies) and no destructor, and the
// message and object are kept (never freed) so that copies stay valid.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/exports.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

constexpr uint32_t kCxxExceptionCode = 0xe06d7363, kCxxMagic = 0x19930520;

// The classes, each with its base (or -1).
enum Class {
  kException, kBadAlloc, kLogicError, kLengthError, kOutOfRange, kInvalidArgument, kRuntimeError, kOverflowError,
  kRangeError, kBadFunctionCall, kSystemErrorBase, kSystemError, kIosFailure, kRegexError, kClasses
};
struct ClassDef {
  const char* type_name;
  int base;
};
constexpr ClassDef kClassDefs[kClasses] = {
    {".?AVexception@std@@", -1},        {".?AVbad_alloc@std@@", kException},
    {".?AVlogic_error@std@@", kException}, {".?AVlength_error@std@@", kLogicError},
    {".?AVout_of_range@std@@", kLogicError}, {".?AVinvalid_argument@std@@", kLogicError},
    {".?AVruntime_error@std@@", kException},   {".?AVoverflow_error@std@@", kRuntimeError},
    {".?AVrange_error@std@@", kRuntimeError},
    {".?AVbad_function_call@std@@", kException},
    {".?AV_System_error@std@@", kRuntimeError},  {".?AVsystem_error@std@@", kSystemErrorBase},
    {".?AVfailure@ios_base@std@@", kSystemError},
    {".?AVregex_error@std@@", kRuntimeError},
};

// The class and its bases, most derived first.
std::vector<int> chain_of(int c) {
  std::vector<int> v;
  for (; c >= 0; c = kClassDefs[c].base) v.push_back(c);
  return v;
}

struct RttiBlock : DllStateBase {
  bool made = false;
  bool managed = true;  // the ThrowInfo has a copy constructor and a destructor
  uint64_t base = 0;    // x64: what the tables' offsets are relative to
  uint64_t vtable[kClasses] = {}, throw_info[kClasses] = {};
  std::set<uint64_t> thrown;  // objects this DLL allocated and threw, still alive
};
RttiBlock& rtti(WindowsProcess& p) { return dll_state<RttiBlock>(p); }

uint64_t object_size(const WindowsProcess& p) { return p.isa->ptr == 8 ? 24 : 12; }
// The system errors (ios_base::failure …) add an error_code {int _Myval; const error_category*
// _Mycat} to std::exception's fields; regex_error its error_type (an int).
bool has_error_code(int c) { return c >= kSystemErrorBase && c != kRegexError; }
uint64_t object_size(const WindowsProcess& p, int c) {
  if (c == kRegexError) return object_size(p) + p.isa->ptr;  // (the int, padded)
  return object_size(p) + (has_error_code(c) ? 2ull * p.isa->ptr : 0);
}
uint64_t what_at(const WindowsProcess& p, uint64_t obj) { return obj + p.isa->ptr; }
uint64_t do_free_at(const WindowsProcess& p, uint64_t obj) { return obj + 2ull * p.isa->ptr; }

// A copy of a NUL-terminated string in the process heap (0 when there is no room).
uint64_t heap_strdup(WindowsProcess& p, uint64_t s) {
  const size_t n = std::strlen(static_cast<const char*>(guest_pointer(s))) + 1;
  const uint64_t d = p.heap.alloc(n);
  if (d) std::memcpy(guest_pointer(d), guest_pointer(s), n);
  return d;
}

// The object's message let go (freed if it is its own).
void destroy(WindowsProcess& p, uint64_t obj) {
  if (get<uint8_t>(do_free_at(p, obj)) && p.get_ptr(what_at(p, obj))) p.heap.free(p.get_ptr(what_at(p, obj)));
  p.put_ptr(what_at(p, obj), 0);
  put<uint8_t>(do_free_at(p, obj), 0);
}

// ---- the classes' methods, which the vtables and ThrowInfos lead to (thiscall on i386) ----

// what(): the message, or "Unknown exception" for none.
Ptr exception_what(WindowsProcess& p, Ptr self) {
  const uint64_t what = p.get_ptr(what_at(p, self.addr));
  if (what) return Ptr(what);
  static const char kUnknown[] = "Unknown exception";
  static std::map<const WindowsProcess*, uint64_t> text;  // (one process per polyrun)
  uint64_t& t = text[&p];
  if (!t) {
    t = p.alloc_data(sizeof kUnknown);
    std::memcpy(guest_pointer(t), kUnknown, sizeof kUnknown);
  }
  return Ptr(t);
}

// The scalar deleting destructor: destroys the object, and frees its storage when flags bit 0 asks.
Ptr exception_deleting_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  destroy(p, self.addr);
  if (flags & 1) {
    rtti(p).thrown.erase(self.addr);
    p.heap.free(self.addr);
  }
  return self;
}

// The copy constructor the ThrowInfo names (a catch by value): the message copied when the
// source owns its own, shared when not.
Ptr exception_copy_ctor(WindowsProcess& p, Ptr self, Ptr from) {
  p.put_ptr(self.addr, p.get_ptr(from.addr));
  const uint64_t what = p.get_ptr(what_at(p, from.addr));
  const bool own = get<uint8_t>(do_free_at(p, from.addr)) && what;
  const uint64_t copy = own ? heap_strdup(p, what) : what;
  p.put_ptr(what_at(p, self.addr), copy);
  put<uint8_t>(do_free_at(p, self.addr), own && copy ? 1 : 0);
  return self;
}

// The destructor the ThrowInfo names: the thrown object destroyed, and its storage freed.
void exception_dtor(WindowsProcess& p, Ptr self) {
  destroy(p, self.addr);
  if (rtti(p).thrown.erase(self.addr)) p.heap.free(self.addr);
}

// The system errors' copy constructor: the exception's, and the error_code.
Ptr system_error_copy_ctor(WindowsProcess& p, Ptr self, Ptr from) {
  exception_copy_ctor(p, self, from);
  const uint64_t code = self.addr + object_size(p);
  put<int32_t>(code, get<int32_t>(from.addr + object_size(p)));
  p.put_ptr(code + p.isa->ptr, p.get_ptr(from.addr + object_size(p) + p.isa->ptr));
  return self;
}

// regex_error's copy constructor: the exception's, and the error_type.
Ptr regex_error_copy_ctor(WindowsProcess& p, Ptr self, Ptr from) {
  exception_copy_ctor(p, self, from);
  put<int32_t>(self.addr + object_size(p), get<int32_t>(from.addr + object_size(p)));
  return self;
}

const std::vector<Export>& methods() {
  static const std::vector<Export> m = {
      EXPORT_METHOD("std::exception::`scalar deleting destructor'", exception_deleting_dtor),
      EXPORT_METHOD("std::exception::what", exception_what),
      EXPORT_METHOD("std::exception::exception(const exception&)", exception_copy_ctor),
      EXPORT_METHOD("std::exception::~exception", exception_dtor),
      EXPORT_METHOD("std::system_error::system_error(const system_error&)", system_error_copy_ctor),
      EXPORT_METHOD("std::regex_error::regex_error(const regex_error&)", regex_error_copy_ctor),
  };
  return m;
}
uint64_t method_thunk(WindowsProcess& p, size_t i) {
  return p.export_thunk(&this_dll(), this_dll().name, methods()[i].name, &methods()[i]);
}

// ---- the tables ----

// Writes the tables at `at` (a block of `size` bytes); returns the bytes used.
class Writer {
 public:
  Writer(WindowsProcess& p, uint64_t at, uint64_t base) : p_(p), at_(at), base_(base) {}
  uint64_t here() const { return at_ + used_; }
  void align(uint64_t a) { used_ = (used_ + a - 1) / a * a; }
  void u32(uint32_t v) { put<uint32_t>(here(), v), used_ += 4; }
  void i32(int32_t v) { put<int32_t>(here(), v), used_ += 4; }
  void ptr(uint64_t v) { p_.put_ptr(here(), v), used_ += p_.isa->ptr; }
  // A reference to `target`: an offset from the base on x64, a pointer on i386; 0 stays 0.
  void ref(uint64_t target) { u32(!target ? 0 : static_cast<uint32_t>(p_.isa->ptr == 8 ? target - base_ : target)); }
  void text(const char* s) {
    const size_t n = std::strlen(s) + 1;
    std::memcpy(guest_pointer(here()), s, n);
    used_ += n;
  }
  uint64_t used() const { return used_; }

 private:
  WindowsProcess& p_;
  uint64_t at_, base_, used_ = 0;
};

void make_tables(WindowsProcess& p) {
  RttiBlock& r = rtti(p);
  if (r.made) return;
  r.made = true;
  const uint32_t ptr = p.isa->ptr;
  const bool x64 = ptr == 8;
  constexpr uint64_t kBlock = 8192;
  const uint64_t block = p.alloc_data(kBlock);
  const uint64_t copy = method_thunk(p, 2), dtor = method_thunk(p, 3), copy_coded = method_thunk(p, 4);
  const uint64_t copy_regex = method_thunk(p, 5);
  const uint64_t deleting = method_thunk(p, 0), what = method_thunk(p, 1);
  r.base = block;
  if (x64) {
    const uint64_t lo = std::min(block, p.thunk_base), hi = std::max(block + kBlock, p.thunk_base + p.thunk_capacity * 8);
    r.managed = hi - lo < (1ull << 32);
    if (r.managed) r.base = lo;
  }
  Writer w(p, block, r.base);
  w.u32(0);  // (nothing at the base itself: an offset of 0 means none)
  uint64_t td[kClasses], ct[kClasses], bcd[kClasses], chd[kClasses], col[kClasses];
  for (int c = 0; c < kClasses; ++c) {  // TypeDescriptor {type_info's vtable, spare, name}
    w.align(ptr);
    td[c] = w.here();
    w.ptr(0);
    w.ptr(0);
    w.text(kClassDefs[c].type_name);
  }
  w.align(4);
  for (int c = 0; c < kClasses; ++c) {  // CatchableType {properties, type, PMD, size, copy}
    ct[c] = w.here();
    w.u32(0);
    w.ref(td[c]);
    w.i32(0), w.i32(-1), w.i32(0);
    w.u32(static_cast<uint32_t>(object_size(p, c)));
    w.ref(r.managed ? (c == kRegexError ? copy_regex : has_error_code(c) ? copy_coded : copy) : 0);
  }
  for (int c = 0; c < kClasses; ++c) {  // BaseClassDescriptor {type, bases below, PMD, attributes, hierarchy}
    bcd[c] = w.here();
    w.ref(td[c]);
    w.u32(static_cast<uint32_t>(chain_of(c).size() - 1));
    w.i32(0), w.i32(-1), w.i32(0);
    w.u32(0x40);  // BCD_HASPCHD: the hierarchy descriptor follows
    w.u32(0);     // (filled in below)
  }
  for (int c = 0; c < kClasses; ++c) {  // ClassHierarchyDescriptor, then its BaseClassArray
    const std::vector<int> chain = chain_of(c);
    chd[c] = w.here();
    w.u32(0), w.u32(0), w.u32(static_cast<uint32_t>(chain.size()));
    w.ref(w.here() + 4);
    for (int b : chain) w.ref(bcd[b]);
    w.u32(0);
  }
  for (int c = 0; c < kClasses; ++c) {  // the hierarchies the base class descriptors name
    Writer at(p, bcd[c] + 24, r.base);
    at.ref(chd[c]);
  }
  for (int c = 0; c < kClasses; ++c) {  // CompleteObjectLocator {signature, offset, cd offset, type, hierarchy[, self]}
    col[c] = w.here();
    w.u32(x64 ? 1 : 0), w.u32(0), w.u32(0);
    w.ref(td[c]);
    w.ref(chd[c]);
    if (x64) w.ref(col[c]);
  }
  for (int c = 0; c < kClasses; ++c) {  // the vtable, its locator just before it
    w.align(ptr);
    w.ptr(col[c]);
    r.vtable[c] = w.here();
    w.ptr(deleting);
    w.ptr(what);
  }
  for (int c = kException; c < kClasses; ++c) {  // CatchableTypeArray, then the ThrowInfo
    const std::vector<int> chain = chain_of(c);
    const uint64_t cta = w.here();
    w.u32(static_cast<uint32_t>(chain.size()));
    for (int b : chain) w.ref(ct[b]);
    r.throw_info[c] = w.here();
    w.u32(0);
    w.ref(r.managed ? dtor : 0);
    w.u32(0);
    w.ref(cta);
  }
}

// Throws a new object of class `c` carrying a copy of `message` (null: none), as `throw` does.
void throw_object(WindowsProcess& p, int c, uint64_t message, bool own_message = true, int32_t code = 0) {
  make_tables(p);
  RttiBlock& r = rtti(p);
  const uint64_t obj = p.heap.alloc(object_size(p, c), true);
  if (!obj) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: no memory left for a C++ exception object\n");
    p.terminate(3);
    return;
  }
  p.put_ptr(obj, r.vtable[c]);
  if (message && own_message) {
    const uint64_t copy = heap_strdup(p, message);
    p.put_ptr(what_at(p, obj), copy);
    put<uint8_t>(do_free_at(p, obj), copy && r.managed ? 1 : 0);
  } else {
    p.put_ptr(what_at(p, obj), message);
  }
  if (has_error_code(c) || c == kRegexError) put<int32_t>(obj + object_size(p), code);  // (no category object of the program's)
  if (r.managed) r.thrown.insert(obj);
  std::vector<uint64_t> params = {kCxxMagic, obj, r.throw_info[c]};
  if (p.isa->ptr == 8) params.push_back(r.base);
  raise_from_host_call(p, kCxxExceptionCode, kExceptionNoncontinuable, params, 0);
}

// Throws a new object of class `c` whose message is a copy of `message` (and, for the system
// errors and regex_error, `code`).
void throw_text(WindowsProcess& p, int c, const char* message, int32_t code = 0) {
  const size_t n = std::strlen(message) + 1;
  const uint64_t text = p.heap.alloc(n);
  if (text) std::memcpy(guest_pointer(text), message, n);
  throw_object(p, c, text, true, code);
  if (text) p.heap.free(text);
}

// ---- exports ----

// std::bad_alloc, whose message is "bad allocation" (a literal: not the object's own).
void _Xbad_alloc(WindowsProcess& p) {
  static std::map<const WindowsProcess*, uint64_t> text;  // (one process per polyrun)
  uint64_t& t = text[&p];
  if (!t) {
    static const char kBadAllocation[] = "bad allocation";
    t = p.alloc_data(sizeof kBadAllocation);
    std::memcpy(guest_pointer(t), kBadAllocation, sizeof kBadAllocation);
  }
  throw_object(p, kBadAlloc, t, false);
}
void _Xlength_error(WindowsProcess& p, CStr s) { throw_object(p, kLengthError, s.addr); }
void _Xout_of_range(WindowsProcess& p, CStr s) { throw_object(p, kOutOfRange, s.addr); }
void _Xinvalid_argument(WindowsProcess& p, CStr s) { throw_object(p, kInvalidArgument, s.addr); }
void _Xruntime_error(WindowsProcess& p, CStr s) { throw_object(p, kRuntimeError, s.addr); }
void _Xoverflow_error(WindowsProcess& p, CStr s) { throw_object(p, kOverflowError, s.addr); }

// std::bad_function_call (an empty std::function called), whose message is "bad function call".
void _Xbad_function_call(WindowsProcess& p) {
  static std::map<const WindowsProcess*, uint64_t> text;  // (one process per polyrun)
  uint64_t& t = text[&p];
  if (!t) {
    static const char kBadFunctionCall[] = "bad function call";
    t = p.alloc_data(sizeof kBadFunctionCall);
    std::memcpy(guest_pointer(t), kBadFunctionCall, sizeof kBadFunctionCall);
  }
  throw_object(p, kBadFunctionCall, t, false);
}

// How many C++ exceptions the thread is throwing (raised, their catch block not yet reached).
// std::_Raise_handler: the function pointer stdext::exception::_Raise calls first (none is set).
uint64_t raise_handler(WindowsProcess& p) {
  static std::map<const WindowsProcess*, uint64_t> made;  // (one process per polyrun)
  uint64_t& at = made[&p];
  if (!at) at = p.alloc_data(p.isa->ptr);
  return at;
}

// std::set_new_handler: the handler operator new calls when it finds no memory, through the C
// runtime's new handler (an int (size_t) function: this DLL's, which calls the std handler and
// asks to try again); the handler that was set.
struct NewHandler : DllStateBase {
  uint64_t handler = 0;
};
int32_t new_handler_wrapper(WindowsProcess& p, USize) {
  if (const uint64_t h = dll_state<NewHandler>(p).handler) p.call_guest(h, {});
  return 1;
}
const Export& new_handler_wrapper_export() {
  static const Export e = EXPORT("std::_New_handler_interface", new_handler_wrapper);
  return e;
}
Ptr set_new_handler(WindowsProcess& p, Ptr handler) {
  NewHandler& s = dll_state<NewHandler>(p);
  const uint64_t old = s.handler;
  s.handler = handler.addr;
  const uint64_t wrapper =
      handler ? p.export_thunk(&this_dll(), this_dll().name, new_handler_wrapper_export().name, &new_handler_wrapper_export()) : 0;
  p.call_export("ucrtbase.dll", "_set_new_handler", {wrapper});
  return old;
}

int32_t uncaught_exceptions(WindowsProcess& p) {
  const SehRuntime& rt = *p.isa->seh;
  int32_t n = 0;
  for (const auto& raise : p.raises()) {
    if (get<uint32_t>(raise.record) != kCxxExceptionCode || get<uint32_t>(raise.record + rt.rec_nparams) < 3) continue;
    const uint64_t magic = p.get_ptr(raise.record + rt.rec_info);
    if (magic >= kCxxMagic && magic <= kCxxMagic + 2) ++n;
  }
  return n;
}
uint8_t uncaught_exception(WindowsProcess& p) { return uncaught_exceptions(p) > 0; }

// A system_error of the generic category for one of the thread library's conditions (the codes of
// MSVCP140's thread support: _DEVICE_OR_RESOURCE_BUSY 0 … _RESOURCE_UNAVAILABLE_TRY_AGAIN 6): its
// errc, and the message "condition: condition", as system_error(code, generic_category(), text)
// makes it.
void _Throw_Cpp_error(WindowsProcess& p, int32_t code) {
  struct Condition {
    int32_t errc;
    const char* text;
  };
  static constexpr Condition kConditions[] = {
      {16, "device or resource busy"},  {22, "invalid argument"},
      {3, "no such process"},           {12, "not enough memory"},
      {1, "operation not permitted"},   {36, "resource deadlock would occur"},
      {11, "resource unavailable try again"},
  };
  if (code < 0 || code >= 7) {
    p.call_export("ucrtbase.dll", "abort", {});
    return;
  }
  const Condition& c = kConditions[code];
  throw_text(p, kSystemError, (std::string(c.text) + ": " + c.text).c_str(), c.errc);
}
// _Throw_C_error(code): a C11 thread function's result as that exception (_Thrd_nomem 1 and
// _Thrd_timedout 2: resource unavailable, _Thrd_busy 3: busy, _Thrd_error 4: invalid argument);
// any other ends the program (abort).
void _Throw_C_error(WindowsProcess& p, int32_t code) {
  switch (code) {
    case 1: case 2: _Throw_Cpp_error(p, 6); return;
    case 3: _Throw_Cpp_error(p, 0); return;
    case 4: _Throw_Cpp_error(p, 1); return;
    default: p.call_export("ucrtbase.dll", "abort", {}); return;
  }
}
// _XGetLastError(): the thread's last error as a system_error of the system category, whose message
// is the error's text (FormatMessage's, without its line end).
void _XGetLastError(WindowsProcess& p) {
  const auto error = static_cast<uint32_t>(p.call_export("kernel32.dll", "GetLastError", {}));
  constexpr uint32_t kSize = 512;
  const uint64_t text = p.heap.alloc(kSize, true);
  if (text) {
    constexpr uint32_t kFromSystem = 0x1000, kIgnoreInserts = 0x200;
    auto n = static_cast<uint32_t>(p.call_export("kernel32.dll", "FormatMessageA",
                                                 {kFromSystem | kIgnoreInserts, 0, error, 0, text, kSize, 0}));
    char* s = static_cast<char*>(guest_pointer(text));
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '.')) s[--n] = 0;
    if (!n) std::strcpy(s, "unknown error");
  }
  throw_object(p, kSystemError, text, true, static_cast<int32_t>(error));
  if (text) p.heap.free(text);
}
// _Xregex_error(code): std::regex_error for a regex_constants::error_type, with its message.
void _Xregex_error(WindowsProcess& p, int32_t code) {
  static const char* const kMessages[] = {
      "regex_error(error_collate): The expression contained an invalid collating element name.",
      "regex_error(error_ctype): The expression contained an invalid character class name.",
      "regex_error(error_escape): The expression contained an invalid escaped character, or a trailing escape.",
      "regex_error(error_backref): The expression contained an invalid back reference.",
      "regex_error(error_brack): The expression contained mismatched [ and ].",
      "regex_error(error_paren): The expression contained mismatched ( and ).",
      "regex_error(error_brace): The expression contained mismatched { and }.",
      "regex_error(error_badbrace): The expression contained an invalid range in a {} expression.",
      "regex_error(error_range): The expression contained an invalid character range, such as [b-a] in most "
      "encodings.",
      "regex_error(error_space): There was insufficient memory to convert the expression into a finite state "
      "machine.",
      "regex_error(error_badrepeat): One of *?+{ was not preceded by a valid regular expression.",
      "regex_error(error_complexity): The complexity of an attempted match against a regular expression exceeded a "
      "pre-set level.",
      "regex_error(error_stack): There was insufficient memory to determine whether the regular expression could "
      "match the specified character sequence.",
      "regex_error(error_parse)",
      "regex_error(error_syntax)",
  };
  throw_text(p, kRegexError, code >= 0 && code < 15 ? kMessages[code] : "regex_error", code);
}

}  // namespace

void throw_std_exception(WindowsProcess& p, const char* message) { throw_text(p, kException, message); }
void throw_out_of_range(WindowsProcess& p, const char* message) { throw_text(p, kOutOfRange, message); }
void throw_length_error(WindowsProcess& p, const char* message) { throw_text(p, kLengthError, message); }
void throw_invalid_argument(WindowsProcess& p, const char* message) { throw_text(p, kInvalidArgument, message); }
void throw_range_error(WindowsProcess& p, const char* message) { throw_text(p, kRangeError, message); }

void throw_ios_failure(WindowsProcess& p, const char* message) {
  throw_text(p, kIosFailure, message, 1 /* io_errc::stream */);
}

const std::vector<Export>& exception_exports() {
  static const std::vector<Export> e = {
      EXPORT("?_Xbad_alloc@std@@YAXXZ", _Xbad_alloc),
      MSVCP_FUNCTION("?_Xlength_error@std@@YAXPBD@Z", "?_Xlength_error@std@@YAXPEBD@Z", _Xlength_error),
      MSVCP_FUNCTION("?_Xout_of_range@std@@YAXPBD@Z", "?_Xout_of_range@std@@YAXPEBD@Z", _Xout_of_range),
      MSVCP_FUNCTION("?_Xinvalid_argument@std@@YAXPBD@Z", "?_Xinvalid_argument@std@@YAXPEBD@Z", _Xinvalid_argument),
      MSVCP_FUNCTION("?_Xruntime_error@std@@YAXPBD@Z", "?_Xruntime_error@std@@YAXPEBD@Z", _Xruntime_error),
      MSVCP_FUNCTION("?_Xoverflow_error@std@@YAXPBD@Z", "?_Xoverflow_error@std@@YAXPEBD@Z", _Xoverflow_error),
      EXPORT("?_Xbad_function_call@std@@YAXXZ", _Xbad_function_call),
      EXPORT("?_Throw_Cpp_error@std@@YAXH@Z", _Throw_Cpp_error),
      EXPORT("?_Throw_C_error@std@@YAXH@Z", _Throw_C_error),
      EXPORT("?_XGetLastError@std@@YAXXZ", _XGetLastError),
      EXPORT("?_Xregex_error@std@@YAXW4error_type@regex_constants@1@@Z", _Xregex_error),
      EXPORT("?uncaught_exception@std@@YA_NXZ", uncaught_exception),
      EXPORT("?uncaught_exceptions@std@@YAHXZ", uncaught_exceptions),
      EXPORT("?set_new_handler@std@@YAP6AXXZP6AXXZ@Z", set_new_handler),
      EXPORT_DATA("?_Raise_handler@std@@3P6AXABVexception@stdext@@@ZA", raise_handler),
      EXPORT_DATA("?_Raise_handler@std@@3P6AXAEBVexception@stdext@@@ZEA", raise_handler),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
