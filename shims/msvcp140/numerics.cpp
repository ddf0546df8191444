// MSVCP140.dll's numeric support beneath <string>'s sto* and the num_get facet, <limits> and
// <cmath>: the conversions of text to numbers (_Stod, _Stof, _Stold and their x forms, which
// report the error instead of leaving it in errno; _Stoll, _Stoull, _Stoul, _Stolx …), the
// classification of a floating-point value (_Dtest, _FDtest, _LDtest), y·e^x·2^scale (_Exp,
// _FExp), log Γ (std::_XLgamma), and the special values numeric_limits reads (_Inf, _Nan, _Snan,
// _Denorm, _Hugeval and their float (F) and long double (L) forms: MSVC's long double is double),
// and the iostreams' bad offset (std::_BADOFF).
//
// The conversions read text as the C runtime's strtod, _strtoi64 and _strtoui64 read it in the "C"
// locale (the host's, which agree there), setting the C runtime's errno (ERANGE) as they do.
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/msvcp140/msvcp_internal.h"
#include "shims/msvcrt/crt_internal.h"

namespace polyrun::shims {

namespace msvcp {
namespace {

constexpr int kErange = 34;  // Microsoft's ERANGE (the same number as the host's)

// ---- text to numbers ----

struct Converted {
  uint64_t end;  // where the number's text ended (the start when there was none)
  int err;       // ERANGE, or 0
};

template <typename T, typename Conv>
T convert(uint64_t buf, Conv conv, Converted* out) {
  const char* s = static_cast<const char*>(guest_pointer(buf));
  if (!buf) get<uint8_t>(buf);  // (a null string faults where the program called)
  char* end = nullptr;
  errno = 0;
  const T v = conv(s, &end);
  out->err = errno == ERANGE ? kErange : 0;
  out->end = buf + static_cast<uint64_t>(end - s);
  return v;
}

double strtod_c(uint64_t buf, Converted* c) {
  return convert<double>(buf, [](const char* s, char** e) { return std::strtod(s, e); }, c);
}
int64_t strtoi64_c(uint64_t buf, int32_t base, Converted* c) {
  return convert<int64_t>(buf, [base](const char* s, char** e) { return static_cast<int64_t>(std::strtoll(s, e, base)); }, c);
}
uint64_t strtoui64_c(uint64_t buf, int32_t base, Converted* c) {
  return convert<uint64_t>(buf, [base](const char* s, char** e) { return static_cast<uint64_t>(std::strtoull(s, e, base)); }, c);
}

void put_end(WindowsProcess& p, Ptr buf_end, const Converted& c) {
  if (buf_end) p.put_ptr(buf_end.addr, c.end);
}

// The x forms: the conversion's error goes to *err (0 for none), and to errno too when there is
// one (errno keeps its value when there is none).
void report(WindowsProcess& p, Ptr err, const Converted& c) {
  put<int32_t>(err.addr, c.err);
  if (c.err) *msvcrt_errno(p) = c.err;
}
// The plain forms: a conversion's error is left in errno.
void set_errno(WindowsProcess& p, const Converted& c) {
  if (c.err) *msvcrt_errno(p) = c.err;
}

// The number `buf` begins with, times 10^exp.
double scaled(double v, int32_t exp) { return exp ? v * std::pow(10.0, exp) : v; }

double _Stod(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t exp) {
  Converted c;
  const double v = strtod_c(buf.addr, &c);
  put_end(p, buf_end, c);
  set_errno(p, c);
  return scaled(v, exp);
}
double _Stodx(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t exp, Ptr err) {
  Converted c;
  const double v = strtod_c(buf.addr, &c);
  put_end(p, buf_end, c);
  report(p, err, c);
  return scaled(v, exp);
}
float _Stof(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t exp) {
  return static_cast<float>(_Stod(p, buf, buf_end, exp));
}
float _Stofx(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t exp, Ptr err) {
  return static_cast<float>(_Stodx(p, buf, buf_end, exp, err));
}

int64_t _Stoll(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t base) {
  Converted c;
  const int64_t v = strtoi64_c(buf.addr, base, &c);
  put_end(p, buf_end, c);
  set_errno(p, c);
  return v;
}
int64_t _Stollx(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t base, Ptr err) {
  Converted c;
  const int64_t v = strtoi64_c(buf.addr, base, &c);
  put_end(p, buf_end, c);
  report(p, err, c);
  return v;
}
// A long: the 64-bit conversion, out of range (ERANGE in *err) where it does not fit 32 bits.
int32_t _Stolx(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t base, Ptr err) {
  Converted c;
  const int64_t v = strtoi64_c(buf.addr, base, &c);
  put_end(p, buf_end, c);
  if (!c.err && v != static_cast<int32_t>(v)) c.err = kErange;
  report(p, err, c);
  return static_cast<int32_t>(v);
}

uint64_t _Stoull(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t base) {
  Converted c;
  const uint64_t v = strtoui64_c(buf.addr, base, &c);
  put_end(p, buf_end, c);
  set_errno(p, c);
  return v;
}
uint64_t _Stoullx(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t base, Ptr err) {
  Converted c;
  const uint64_t v = strtoui64_c(buf.addr, base, &c);
  put_end(p, buf_end, c);
  report(p, err, c);
  return v;
}
// An unsigned long: a '-' that begins the text negates the magnitude read after it; out of range
// where the magnitude does not fit 32 bits.
uint32_t stoul(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t base, Converted* c) {
  const bool minus = get<char>(buf.addr) == '-';
  const uint64_t v = strtoui64_c(buf.addr + (minus ? 1 : 0), base, c);
  put_end(p, buf_end, *c);
  if (!c->err && v != static_cast<uint32_t>(v)) c->err = kErange;
  return static_cast<uint32_t>(minus ? 0 - v : v);
}
uint32_t _Stoul(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t base) {
  Converted c;
  const uint32_t v = stoul(p, buf, buf_end, base, &c);
  set_errno(p, c);
  return v;
}
uint32_t _Stoulx(WindowsProcess& p, Ptr buf, Ptr buf_end, int32_t base, Ptr err) {
  Converted c;
  const uint32_t v = stoul(p, buf, buf_end, base, &c);
  report(p, err, c);
  return v;
}

// ---- classification: <ymath.h>'s codes ----

constexpr int16_t kFinite = -1, kDenorm = -2, kZero = 0, kInfCode = 1, kNanCode = 2;

int16_t class_code(int c) {
  switch (c) {
    case FP_NAN: return kNanCode;
    case FP_INFINITE: return kInfCode;
    case FP_ZERO: return kZero;
    case FP_SUBNORMAL: return kDenorm;
    default: return kFinite;
  }
}
int16_t classify(double v) { return class_code(std::fpclassify(v)); }
// (a float's own class: a float too small to be normal is denormal though its double is not)
int16_t classify_float(float v) { return class_code(std::fpclassify(v)); }

int16_t _Dtest(WindowsProcess&, Ptr x) { return classify(get<double>(x.addr)); }
int16_t _FDtest(WindowsProcess&, Ptr x) { return classify_float(get<float>(x.addr)); }

// y · e^x · 2^scale into *x (x's own value is e's exponent), and its class; y = 0 gives 0.
double exp_scaled(double x, double y, int64_t scale) {
  if (y == 0) return 0;
  const double t = x / M_LN2;  // e^x = 2^t
  const double whole = std::floor(t);
  if (std::isnan(t)) return t;
  // The power of two beyond any double's range saturates (ldexp then gives inf or 0).
  const int64_t e = whole > 1e6 ? 1000000 : whole < -1e6 ? -1000000 : static_cast<int64_t>(whole);
  int64_t total = e + scale;
  if (total > INT_MAX) total = INT_MAX;
  if (total < INT_MIN) total = INT_MIN;
  return std::ldexp(y * std::exp2(t - whole), static_cast<int>(total));
}
int16_t _Exp(WindowsProcess&, Ptr x, double y, int32_t scale) {
  const double v = exp_scaled(get<double>(x.addr), y, scale);
  put<double>(x.addr, v);
  return classify(v);
}
int16_t _FExp(WindowsProcess&, Ptr x, float y, int32_t scale) {
  const float v = static_cast<float>(exp_scaled(get<float>(x.addr), y, static_cast<int16_t>(scale)));
  put<float>(x.addr, v);
  return classify_float(v);
}

// log |Γ(z)|.
double XLgamma(WindowsProcess&, double z) { return std::lgamma(z); }
float XLgamma_float(WindowsProcess&, float z) { return static_cast<float>(std::lgamma(static_cast<double>(z))); }

// ---- the special values, as bit patterns in guest memory ----

constexpr uint64_t kDoubleInf = 0x7ff0000000000000ull, kDoubleNan = 0x7ff8000000000000ull,
                   kDoubleSnan = 0x7ff0000000000001ull;
constexpr uint64_t kFloatInf = 0x7f800000u, kFloatNan = 0x7fc00000u, kFloatSnan = 0x7f800001u;

// x · 2^exp into *x, and its class (Visual C++ 2013's and older runtimes' _Dscale).
int16_t _Dscale(WindowsProcess&, Ptr x, int32_t exp) {
  const double v = std::ldexp(get<double>(x.addr), exp);
  put<double>(x.addr, v);
  return classify(v);
}
int16_t _FDscale(WindowsProcess&, Ptr x, int32_t exp) {
  const float v = static_cast<float>(std::ldexp(static_cast<double>(get<float>(x.addr)), exp));
  put<float>(x.addr, v);
  return classify_float(v);
}
constexpr uint64_t kDoubleEpsilon = 0x3cb0000000000000ull;  // DBL_EPSILON, 2^-52
constexpr uint64_t kFloatEpsilon = 0x34000000u;             // FLT_EPSILON, 2^-23

}  // namespace

const std::vector<Export>& numeric_exports() {
  static const std::vector<Export> e = {
      EXPORT("_Stod", _Stod),
      EXPORT("_Stodx", _Stodx),
      EXPORT("_Stof", _Stof),
      EXPORT("_Stofx", _Stofx),
      EXPORT("_Stold", _Stod),
      EXPORT("_Stoldx", _Stodx),
      EXPORT("_Stoll", _Stoll),
      EXPORT("_Stollx", _Stollx),
      EXPORT("_Stolx", _Stolx),
      EXPORT("_Stoull", _Stoull),
      EXPORT("_Stoullx", _Stoullx),
      EXPORT("_Stoul", _Stoul),
      EXPORT("_Stoulx", _Stoulx),
      EXPORT("_Dtest", _Dtest),
      EXPORT("_LDtest", _Dtest),
      EXPORT("_FDtest", _FDtest),
      EXPORT("_Exp", _Exp),
      EXPORT("_FExp", _FExp),
      EXPORT("?_XLgamma@std@@YANN@Z", XLgamma),
      EXPORT("?_XLgamma@std@@YAOO@Z", XLgamma),
      EXPORT("?_XLgamma@std@@YAMM@Z", XLgamma_float),
      EXPORT_DATA("_Denorm", (constant<1, 8>)),
      EXPORT_DATA("_LDenorm", (constant<1, 8>)),
      EXPORT_DATA("_FDenorm", (constant<1, 4>)),
      EXPORT_DATA("_Inf", (constant<kDoubleInf, 8>)),
      EXPORT_DATA("_LInf", (constant<kDoubleInf, 8>)),
      EXPORT_DATA("_Hugeval", (constant<kDoubleInf, 8>)),
      EXPORT_DATA("_FInf", (constant<kFloatInf, 4>)),
      EXPORT_DATA("_Nan", (constant<kDoubleNan, 8>)),
      EXPORT_DATA("_LNan", (constant<kDoubleNan, 8>)),
      EXPORT_DATA("_FNan", (constant<kFloatNan, 4>)),
      EXPORT_DATA("_Snan", (constant<kDoubleSnan, 8>)),
      EXPORT_DATA("_LSnan", (constant<kDoubleSnan, 8>)),
      EXPORT_DATA("_FSnan", (constant<kFloatSnan, 4>)),
      // std::_BADOFF: the stream offset (64-bit) of a failed seek, -1.
      EXPORT_DATA("?_BADOFF@std@@3" MSVCP_OFF86 "B", (constant<~0ull, 8>)), EXPORT_DATA("?_BADOFF@std@@3_JB", (constant<~0ull, 8>)),
  };
  return e;
}

// The names Visual C++ 2012 and 2013's runtimes (MSVCP110, MSVCP120) have beside these: a long
// double is a double in MSVC.
const std::vector<Export>& numeric_vc12_exports() {
  static const std::vector<Export> e = {
      EXPORT("_Dscale", _Dscale),
      EXPORT("_LDscale", _Dscale),
      EXPORT("_FDscale", _FDscale),
      EXPORT_DATA("_Eps", (constant<kDoubleEpsilon, 8>)),
      EXPORT_DATA("_LEps", (constant<kDoubleEpsilon, 8>)),
      EXPORT_DATA("_FEps", (constant<kFloatEpsilon, 4>)),
      EXPORT_DATA("_LZero", (constant<0, 8>)),
  };
  return e;
}

}  // namespace msvcp

}  // namespace polyrun::shims
