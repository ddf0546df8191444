// What the stream files of MSVCP140.dll share about ios_base and basic_ios (ios.cpp): their
// fields on the process's ISA and the members the streams' own code calls.
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

namespace msvcp {

namespace objects {

// ios_base's fields (offsets), its size, and basic_ios's fields after it.
struct IosLayout {
  uint64_t stdstr, state, except, fmtfl, prec, wide, arr, calls, ploc, size;
  uint64_t strbuf = 0, tie = 0, fill = 0, basic_ios_size = 0;
};
IosLayout ios_layout(const WindowsProcess& p);

// setstate (failure thrown as the exception mask says); the _reraise form rethrows the exception
// being handled instead.
void ios_setstate(WindowsProcess& p, uint64_t ios, int32_t state);
void ios_setstate_reraise(WindowsProcess& p, uint64_t ios, int32_t state);
// basic_ios::init: the fields of a new stream over buffer `sb` (`isstd`: a standard stream).
void ios_init_stream(WindowsProcess& p, uint64_t ios, uint64_t sb, bool isstd, bool wide);
uint64_t basic_ios_vtable_of(WindowsProcess& p, bool wide);
// ios_base's destruction (_Ios_base_dtor).
void ios_base_destroy(WindowsProcess& p, uint64_t ios);
// basic_ios::widen and narrow: the stream's locale's ctype<Char>.
template <typename Char>
Char ios_widen(WindowsProcess& p, uint64_t ios, char c);
template <typename Char>
char ios_narrow(WindowsProcess& p, uint64_t ios, Char c, char dflt);

// basic_ios::swap of two streams' basic_ios parts.
void ios_swap(WindowsProcess& p, uint64_t a, uint64_t b, bool wide);

// ---- the streams (ostream.cpp) ----

// A sentry's work for inserters and extractors of other files (basic_string's): the ostream's
// prefix (its buffer locked, the tied stream flushed; whether the stream is good) and suffix
// (unitbuf's sync, the buffer unlocked); the istream's prefix (white space skipped unless
// `noskip`) with its buffer locked, and the unlocking after.
template <typename Char>
bool ostream_begin(WindowsProcess& p, uint64_t os);
template <typename Char>
void ostream_end(WindowsProcess& p, uint64_t os);
template <typename Char>
bool istream_begin(WindowsProcess& p, uint64_t is, bool noskip);
void istream_end(WindowsProcess& p, uint64_t is);

// A stream object's basic_ios part (its virtual base, where its vbtable says).
uint64_t stream_ios(WindowsProcess& p, uint64_t obj);
// The virtual base tables (??_8): {0, offset of the basic_ios part}.
enum VbKind { kVbOstream, kVbIstream, kVbIostreamIstream, kVbIostreamOstream };
uint64_t vbtable(WindowsProcess& p, VbKind kind);
int32_t vbase_offset(const WindowsProcess& p, VbKind kind);

// num_put's work: a number of `kind` (its bits) written to the buffer `sb` as the stream `ios`'s
// flags, precision and width say (the width then 0), `fill` padding it; whether a write failed.
enum NumKind { kNumLong, kNumUlong, kNumInt64, kNumUint64, kNumDouble, kNumPtr, kNumBool };
template <typename Char>
bool put_number(WindowsProcess& p, uint64_t sb, uint64_t ios, Char fill, NumKind kind, uint64_t bits);
// The field `text` (a number's characters when `numeric`: internal adjustment pads after its sign
// or 0x) written as the width and adjustfield say, `fill` padding it (the width then 0); whether a
// write failed.
template <typename Char>
bool put_field(WindowsProcess& p, uint64_t sb, uint64_t ios, Char fill, const std::string& text, bool numeric);
// num_get's work (istream.cpp): a number of `kind` read from `sb` as the format flags say into *out
// (its bits; untouched on failure; [lo, hi] its type's range); the state bits to set.
template <typename Char>
int32_t parse_number(WindowsProcess& p, uint64_t sb, int32_t flags, NumKind kind, uint64_t* out, int64_t lo, uint64_t hi);

}  // namespace objects

}  // namespace msvcp

}  // namespace polyrun::shims
