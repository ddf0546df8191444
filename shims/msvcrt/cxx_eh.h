// MSVC's C++ exception runtime, as vcruntime140.dll and msvcrt.dll export it: _CxxThrowException
// raises exception 0xE06D7363 carrying the object and its ThrowInfo; __CxxFrameHandler3 is the
// frame handler of every function with try/catch or destructors to run, reading the FuncInfo the
// compiler emitted. The tables are the same on both ISAs except that x64 stores image-relative
// offsets where i386 stores pointers; the frames differ: x64 finds a function's state from the
// instruction pointer and runs catch blocks as funclets given the function's frame in rdx, i386
// keeps the state in the function's fs:[0] registration record and runs catch blocks with ebp
// set. Shared logic is in msvcrt/cxx_eh.cpp; each ISA's frame handler in cxx_eh_<isa>.cpp. The
// runtime is the C runtime's, over core's exception dispatch and unwinding (core/seh_x64.h,
// core/seh_i386.h).
//
// FuncInfo: magic (0x19930520…22), maxState, UnwindMap, nTryBlocks, TryBlockMap, nIPMapEntries,
// IPtoStateMap, [x64: dispUnwindHelp], ESTypeList, EHFlags. UnwindMapEntry {toState, action}.
// TryBlockMapEntry {tryLow, tryHigh, catchHigh, nCatches, HandlerArray}. HandlerType {adjectives,
// TypeDescriptor, dispCatchObj, addressOfHandler, [x64: dispFrame]}. ThrowInfo {attributes,
// pmfnUnwind, pForwardCompat, CatchableTypeArray}; CatchableTypeArray {count, CatchableType…};
// CatchableType {properties, TypeDescriptor, PMD {mdisp, pdisp, vdisp}, sizeOrOffset,
// copyFunction}; TypeDescriptor {vftable, spare, decorated name}.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "shims/core/windows_process.h"

namespace polyrun::shims::cxx {

constexpr uint32_t kCxxExceptionCode = 0xe06d7363;

// One ISA's side of the runtime.
struct CxxRuntime {
  uint32_t handler_size;  // bytes of a HandlerType
  bool image_relative;    // tables hold image-relative offsets; the record carries the image base
  // Calls a member function of the guest (destructors, copy constructors).
  void (*call_method)(WindowsProcess& p, uint64_t fn, uint64_t self, const std::vector<uint64_t>& args);
  // __CxxFrameHandler3(ExceptionRecord, EstablisherFrame, ContextRecord, DispatcherContext).
  int32_t (*frame_handler)(WindowsProcess& p, uint64_t rec, uint64_t frame, uint64_t ctx, uint64_t dc);
};
const CxxRuntime& cxx_runtime_x64();
const CxxRuntime& cxx_runtime_i386();
// The process's ISA's.
inline const CxxRuntime& cxx_runtime(const WindowsProcess& p) {
  return p.isa->isa == Isa::X86_64 ? cxx_runtime_x64() : cxx_runtime_i386();
}

// The object a C++ exception carries.
struct Thrown {
  uint64_t object = 0, info = 0, base = 0;  // base: what the ThrowInfo's offsets are relative to
};
// False if the record is not a C++ exception.
bool thrown_of(WindowsProcess& p, uint64_t rec, Thrown* out);

// A function's tables, decoded (from FH3's fixed-size records or FH4's compressed ones).
struct Handler {
  uint32_t adjectives = 0;
  uint64_t type = 0;  // TypeDescriptor, 0 for catch (...)
  int32_t disp_catch = 0;
  uint64_t address = 0;
  int32_t disp_frame = 0;     // FH3 x64: where a catch funclet keeps the function's frame
  uint32_t ncont = 0;         // FH4: continuation addresses the catch block returns an index into
  uint64_t cont[2] = {0, 0};
};
struct TryBlock {
  int32_t low = 0, high = 0, catch_high = 0;
  std::vector<Handler> handlers;
};
struct UnwindEntry {
  enum Kind : uint8_t { None, Funclet, DtorOfObject, DtorOfPointer };
  int32_t to_state = -1;
  Kind kind = None;
  uint64_t action = 0;
  uint32_t object = 0;  // frame offset of the object, or of a pointer to it
};
struct FuncInfo {
  uint64_t addr = 0, base = 0;
  std::vector<UnwindEntry> unwind;
  std::vector<TryBlock> tries;
  std::vector<std::pair<uint64_t, int32_t>> ip_states;  // ascending addresses, the state from each on
  bool is_catch = false;   // FH4: the tables of a catch funclet
  bool ehs = false;        // compiled /EHs (EHFlags' FI_EHS_FLAG, FH4's EHs bit): C++ exceptions only
  uint32_t disp_frame = 0; // FH4: where that funclet keeps the function's frame
};

// FH3 tables (both ISAs). base: the image base on x64, 0 on i386. False if the magic number is
// not one of MSVC's.
bool read_func_info(WindowsProcess& p, uint64_t addr, uint64_t base, FuncInfo* out);
// FH4 tables (x64): function_start is the image-relative start of the function or funclet.
bool read_func_info4(uint64_t addr, uint64_t base, uint32_t function_start, FuncInfo* out);
// The state at pc from the IP-to-state map (-1 before the first entry).
int32_t state_at(const FuncInfo& f, uint64_t pc);

struct Match {
  TryBlock tb;
  Handler h;
  uint64_t catchable;  // the CatchableType the handler accepts (0 for catch (...))
};
// The first handler of a try block around `state` that accepts the thrown object; `accept`
// narrows which try blocks count.
bool find_handler(WindowsProcess& p, const FuncInfo& f, int32_t state, const Thrown& t, Match* out,
                  bool (*accept)(const TryBlock&, const void*) = nullptr, const void* ctx = nullptr);

// A base-class sub-object's address: `object` adjusted by the PMD {mdisp, pdisp, vdisp} at `pmd`.
uint64_t adjust_this(WindowsProcess& p, uint64_t object, uint64_t pmd);

// Copies (or refers to) the thrown object in a catch block's parameter at `slot`.
void build_catch_object(WindowsProcess& p, const Thrown& t, const Match& m, uint64_t slot);

// A structured (non-C++) exception reaching a frame whose state lies in a try block: the thread's
// _set_se_translator function, if any, is called with its code and pointers (the record and the
// context `ctx`), as MSVC's frame handlers call it; a C++ exception it throws is dispatched from
// there and taken by the try block's catch clauses as any other (or goes on up). Where it
// returns, the structured exception goes on as it was.
void translate_foreign(WindowsProcess& p, const FuncInfo& f, int32_t state, uint64_t rec, uint64_t ctx);

// Runs the unwind actions of a frame from state `from` down to `to`. Destructors are called on
// their objects in the frame `parent`; cleanup funclets by `call_funclet` (per ISA).
void unwind_states(WindowsProcess& p, const FuncInfo& f, uint64_t parent, int32_t from, int32_t to,
                   const std::function<void(uint64_t funclet)>& call_funclet);

// Catch blocks that are running, innermost last.
struct ActiveCatch {
  Thrown thrown;
  // The function activation (x64: its establisher frame; i386: its registration record) and
  // its FuncInfo.
  uint64_t parent = 0, func_info = 0;
  int32_t try_high = 0, catch_high = 0;
  uint64_t stack = 0;       // the catch block's stack: its return address is just below
  uint64_t resume_ctx = 0;  // x64: the CONTEXT its continuation runs in
  uint64_t walk_ctx = 0;    // x64: where a stack walk continues past the catch block
  uint64_t saved_esp = 0, guard = 0;  // i386: the record's saved stack pointer, the guard record
  uint32_t ncont = 0;                           // FH4: continuation addresses of the catch clause
  uint64_t cont[2] = {0, 0};
  // Copies of the exception's record and context, what __current_exception and
  // __current_exception_context give while the catch block runs (begin_catch makes them).
  uint64_t record = 0, context = 0;
};
std::vector<ActiveCatch>& active_catches(WindowsProcess& p);
// A catch block starts to run for the exception of record `rec` and context `ctx`.
void begin_catch(WindowsProcess& p, ActiveCatch c, uint64_t rec, uint64_t ctx);
// Ends catch i: its exception object is destroyed unless another catch or an exception in
// flight still holds it.
void end_catch(WindowsProcess& p, size_t i);
// A catch block returned (to the thunk `on_return` made) with `returned` in the result register:
// the continuation address, or an index into the clause's continuations (FH4). Ends the catch
// whose stack the return left at `sp` and resumes at the continuation in the CONTEXT
// `resume_context` fills in (per ISA).
void return_from_catch(WindowsProcess& p, uint64_t sp, uint64_t returned,
                       void (*resume_context)(WindowsProcess& p, const ActiveCatch& c, uint64_t continuation,
                                              uint64_t ctx));
// True if try block `t` lies inside the catch block `c` runs (a try within a catch).
bool inside_catch(const ActiveCatch& c, const TryBlock& t);


// __CxxFrameHandler4 (x64 only: MSVC 2019 and later use its compressed tables there).
int32_t frame_handler4(WindowsProcess& p, uint64_t rec, uint64_t frame, uint64_t ctx, uint64_t dc);

// The thread's two pointers __current_exception and __current_exception_context give the address
// of: the running catch block's exception record and context.
uint64_t current_exception_slots(WindowsProcess& p);

const std::vector<Export>& cxx_exports();  // the C runtime's exports of this runtime
const std::vector<Export>& cxx_frames_exports();  // msvcrt/cxx_eh_frames.cpp

}  // namespace polyrun::shims::cxx
