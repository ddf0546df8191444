// OLEAUT32's conversions between the scalar VARTYPEs: one function (convert) that every
// VarXxFromYy export and VariantChangeType(Ex) use. Windows' rules (Microsoft's pages of the
// VarXxFromYy functions and of VariantChangeType): a value that does not fit its new type is
// DISP_E_OVERFLOW; reals and currency become whole numbers rounded half to even; VARIANT_TRUE is
// -1 and becomes -1 (or all ones, unsigned, as Windows stores it); any non-zero value is
// VARIANT_TRUE; text is parsed as VarParseNumFromStr does (dates as VarDateFromStr, booleans
// "True"/"False" first); IDispatch's value is its DISPID_VALUE property (IDispatch::Invoke).
#include <cfloat>
#include <cmath>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut {

namespace {

constexpr double kCyScale = 10000.0;

struct IntRange {
  __int128 min;
  __int128 max;
  unsigned bytes;
};
bool int_range(uint16_t vt, IntRange& r) {
  switch (vt) {
    case VT_I1: r = {-128, 127, 1}; return true;
    case VT_UI1: r = {0, 255, 1}; return true;
    case VT_I2: r = {-32768, 32767, 2}; return true;
    case VT_UI2: r = {0, 65535, 2}; return true;
    case VT_I4: case VT_INT: r = {INT32_MIN, INT32_MAX, 4}; return true;
    case VT_UI4: case VT_UINT: r = {0, UINT32_MAX, 4}; return true;
    case VT_I8: r = {INT64_MIN, INT64_MAX, 8}; return true;
    case VT_UI8: r = {0, UINT64_MAX, 8}; return true;
    default: return false;
  }
}
bool is_unsigned_int(uint16_t vt) {
  return vt == VT_UI1 || vt == VT_UI2 || vt == VT_UI4 || vt == VT_UI8 || vt == VT_UINT;
}

// Stores a whole number into an integer type's Value.
void set_int(Value& out, uint16_t vt, __int128 v) {
  out.vt = vt;
  if (is_unsigned_int(vt)) out.u = static_cast<uint64_t>(v);
  else out.i = static_cast<int64_t>(v);
}

// A real made a whole number of type `to` (R4, R8 and DATE sources): the range is checked before
// rounding, half a unit beyond each end (Windows: 127.5 overflows a VT_I1, -128.5 does not).
int32_t int_from_real(double d, uint16_t to, Value& out) {
  IntRange r;
  int_range(to, r);
  if (std::isnan(d)) return DISP_E_OVERFLOW;
  if (to == VT_I8) {
    if (d < -4611686018427387904.0 || d >= 4611686018427387904.0) return DISP_E_OVERFLOW;
  } else if (to == VT_UI8) {
    if (d < -0.5 || d > 1.844674407370955e19) return DISP_E_OVERFLOW;
  } else if (d < static_cast<double>(r.min) - 0.5 || d >= static_cast<double>(r.max) + 0.5) {
    return DISP_E_OVERFLOW;
  }
  const double w = round_half_even(d);
  set_int(out, to, to == VT_UI8 ? static_cast<__int128>(static_cast<uint64_t>(w)) : static_cast<__int128>(static_cast<int64_t>(w)));
  return S_OK;
}

// Currency (a count of ten-thousandths) made a whole number, half to even.
__int128 cy_whole(int64_t cy) {
  __int128 q = cy / 10000, rem = cy % 10000;
  if (rem > 5000 || (rem == 5000 && (q & 1))) ++q;
  if (rem < -5000 || (rem == -5000 && (q & 1))) --q;
  return q;
}

int32_t int_from(const Value& in, uint16_t to, Value& out) {
  IntRange r;
  int_range(to, r);
  __int128 v;
  switch (in.vt) {
    case VT_EMPTY: v = 0; break;
    case VT_I1: case VT_I2: case VT_I4: case VT_I8: case VT_INT: v = in.i; break;
    case VT_UI1: case VT_UI2: case VT_UI4: case VT_UI8: case VT_UINT: v = in.u; break;
    case VT_BOOL: {  // stored as the type holds -1: all ones when unsigned
      const uint64_t mask = r.bytes == 8 ? ~0ull : (1ull << (r.bytes * 8)) - 1;
      const uint64_t bits = static_cast<uint64_t>(in.i) & mask;
      set_int(out, to, is_unsigned_int(to) ? static_cast<__int128>(bits) : static_cast<__int128>(in.i));
      return S_OK;
    }
    case VT_R4: case VT_R8: case VT_DATE: return int_from_real(in.r, to, out);
    case VT_CY:
      if (to == VT_I8) {
        // Windows' own rule for CY to I8: negative amounts are truncated and then lowered by one.
        int64_t q = in.i / 10000;
        if (in.i < 0) {
          --q;
        } else {
          const int64_t rem = in.i - q * 10000;
          if (rem > 5000 || (rem == 5000 && (q & 1))) ++q;
        }
        set_int(out, to, q);
        return S_OK;
      }
      if (to == VT_UI8) {
        if (in.i < -5000) return DISP_E_OVERFLOW;
        v = in.i < 0 ? 0 : cy_whole(in.i);
        break;
      }
      return int_from_real(static_cast<double>(in.i) / kCyScale, to, out);
    case VT_DECIMAL: {
      if (in.dec.scale > 28) return E_INVALIDARG;
      Decimal w = decimal_round(in.dec, 0);
      if (w.mant >> 64) return DISP_E_OVERFLOW;
      v = static_cast<__int128>(static_cast<uint64_t>(w.mant));
      if (w.neg) v = -v;
      break;
    }
    default: return DISP_E_TYPEMISMATCH;
  }
  if (v < r.min || v > r.max) return DISP_E_OVERFLOW;
  set_int(out, to, v);
  return S_OK;
}

// Any scalar as a double (R4, R8 and DATE targets), with whether it had one.
int32_t real_of(const Value& in, double& d) {
  switch (in.vt) {
    case VT_EMPTY: d = 0; return S_OK;
    case VT_I1: case VT_I2: case VT_I4: case VT_I8: case VT_INT: case VT_BOOL: d = static_cast<double>(in.i); return S_OK;
    case VT_UI1: case VT_UI2: case VT_UI4: case VT_UI8: case VT_UINT: d = static_cast<double>(in.u); return S_OK;
    case VT_R4: case VT_R8: case VT_DATE: d = in.r; return S_OK;
    case VT_CY: d = static_cast<double>(in.i) / kCyScale; return S_OK;
    case VT_DECIMAL:
      if (in.dec.scale > 28) return E_INVALIDARG;
      d = decimal_to_double(in.dec);
      return S_OK;
    default: return DISP_E_TYPEMISMATCH;
  }
}

// The product is worked out in the x87's extended precision, as Windows' own conversion does it
// (1.23465 is 12347 ten-thousandths there; in double precision the product is a tie, 12346).
int32_t cy_from_real(double d, Value& out) {
  const long double scaled = static_cast<long double>(d) * 10000.0L;
  if (std::isnan(scaled) || scaled >= 9223372036854775808.0L || scaled < -9223372036854775808.0L) return DISP_E_OVERFLOW;
  out.vt = VT_CY;
  out.i = static_cast<int64_t>(std::nearbyintl(scaled));
  return S_OK;
}

int32_t decimal_of_int(__int128 v, Value& out) {
  out.vt = VT_DECIMAL;
  out.dec = Decimal{};
  out.dec.neg = v < 0;
  out.dec.mant = static_cast<unsigned __int128>(v < 0 ? -v : v);
  return S_OK;
}

// The numbers text holds, as the type `to`.
int32_t from_text(const Value& in, uint16_t to, uint32_t flags, Value& out) {
  if (in.null_bstr) return DISP_E_TYPEMISMATCH;
  if (to == VT_DATE) {
    double d;
    int32_t hr = date_from_text(in.s, flags, d);
    if (hr == S_OK) {
      out.vt = VT_DATE;
      out.r = d;
    }
    return hr;
  }
  if (to == VT_BOOL) {
    auto same = [&](const char* word) {
      if (in.s.size() != std::strlen(word)) return false;
      for (size_t k = 0; k < in.s.size(); ++k) {
        char16_t c = in.s[k];
        if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c + 32);
        if (c != static_cast<char16_t>(word[k] | 0x20)) return false;
      }
      return true;
    };
    out.vt = VT_BOOL;
    if (same("true")) { out.i = VARIANT_TRUE; return S_OK; }
    if (same("false")) { out.i = VARIANT_FALSE; return S_OK; }
    if (in.s == u"#TRUE#") { out.i = VARIANT_TRUE; return S_OK; }
    if (in.s == u"#FALSE#") { out.i = VARIANT_FALSE; return S_OK; }
    Value r8;
    Value text = in;
    int32_t hr = from_text(text, VT_R8, flags, r8);
    if (hr != S_OK) return hr;
    out.i = r8.r != 0 ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
  }
  ParsedNumber n;
  int32_t hr = parse_number(in.s, NUMPRS_STD, 1024, n);
  if (hr != S_OK) return hr;
  return number_from_parsed(n, 1u << to, out);
}

std::u16string int_string(const Value& v) {
  if (is_unsigned_int(v.vt)) return uint_text(v.u);
  return int_text(v.i);
}

int32_t to_text(const Value& in, uint32_t flags, bool alpha_bool, Value& out) {
  out.vt = VT_BSTR;
  out.null_bstr = false;
  const bool nls = flags & LOCALE_USE_NLS;
  switch (in.vt) {
    case VT_EMPTY: out.s.clear(); return S_OK;
    case VT_I1: case VT_I2: case VT_I4: case VT_I8: case VT_INT:
    case VT_UI1: case VT_UI2: case VT_UI4: case VT_UI8: case VT_UINT:
      out.s = int_string(in);
      if (nls) out.s = nls_number(out.s, false);
      return S_OK;
    case VT_BOOL:
      if (alpha_bool) out.s = in.i ? u"True" : u"False";
      else out.s = int_text(in.i);
      return S_OK;
    case VT_R4: case VT_R8:
      out.s = real_text(in.r, in.vt == VT_R4 ? 7 : 15);
      if (nls) out.s = nls_number(out.s, false);
      return S_OK;
    case VT_CY: {
      Decimal d;
      d.neg = in.i < 0;
      d.mant = static_cast<unsigned __int128>(in.i < 0 ? -static_cast<__int128>(in.i) : static_cast<__int128>(in.i));
      d.scale = 4;
      out.s = decimal_text(d);
      if (nls) out.s = nls_number(out.s, true);
      return S_OK;
    }
    case VT_DECIMAL:
      if (in.dec.scale > 28) return E_INVALIDARG;
      out.s = decimal_text(in.dec);
      if (nls) out.s = nls_number(out.s, false);
      return S_OK;
    case VT_DATE:
      if (in.r <= kDateMin - 1.0 || in.r >= kDateMax + 1.0) return E_INVALIDARG;
      out.s = date_text(in.r, flags);
      return S_OK;
    default: return DISP_E_TYPEMISMATCH;
  }
}

}  // namespace

int32_t dispatch_value(WindowsProcess& p, uint64_t disp, uint32_t lcid, Value& out) {
  if (!disp) return DISP_E_BADVARTYPE;
  const uint64_t ptr = p.isa->ptr;
  const uint64_t vsize = variant_size(p);
  const uint64_t block = p.heap.alloc(vsize + 16 + 4 * ptr);
  if (!block) return E_OUTOFMEMORY;
  const uint64_t result = block, iid_null = block + vsize, params = iid_null + 16;
  std::memset(guest_pointer(block), 0, vsize + 16 + 4 * ptr);
  constexpr unsigned kInvoke = 6;  // IUnknown's 3, GetTypeInfoCount, GetTypeInfo, GetIDsOfNames, Invoke
  const int32_t hr = static_cast<int32_t>(call_method(p, disp, kInvoke, {0, iid_null, lcid, 2, params, result, 0, 0}));
  int32_t r = DISP_E_TYPEMISMATCH;
  if (hr >= 0) {
    out = read_variant(p, result);
    if (out.vt & VT_BYREF) {
      Value target;
      r = deref_variant(p, out, target);
      out = target;
    } else {
      r = S_OK;
    }
    clear_variant(p, result);
  }
  p.heap.free(block);
  return r;
}

double round_half_even(double v) { return std::nearbyint(v); }  // the host's default: to nearest, ties to even

int32_t convert(WindowsProcess& p, const Value& in_value, uint16_t to, uint32_t lcid, uint32_t flags, Value& out,
                bool alpha_bool) {
  Value in = in_value;
  if (in.vt == VT_DISPATCH && to != VT_DISPATCH && to != VT_UNKNOWN) {
    Value v;
    int32_t hr = dispatch_value(p, in.ptr, lcid, v);
    if (hr != S_OK) return hr;
    if (v.vt == VT_DISPATCH) return DISP_E_TYPEMISMATCH;
    in = v;
  }
  out = Value{};
  if (to == VT_INT) to = VT_I4;  // (then stored back as INT by the caller's type)
  if (to == VT_UINT) to = VT_UI4;
  if (in.vt == VT_INT) in.vt = VT_I4;
  if (in.vt == VT_UINT) in.vt = VT_UI4;
  if (in.vt == to && to != VT_BSTR) {
    out = in;
    return S_OK;
  }
  IntRange range;
  const bool scalar_target = int_range(to, range) || to == VT_R4 || to == VT_R8 || to == VT_DATE || to == VT_CY ||
                             to == VT_DECIMAL || to == VT_BOOL || to == VT_BSTR;
  if (!scalar_target) return DISP_E_TYPEMISMATCH;
  if (in.vt == VT_BSTR && to != VT_BSTR) return from_text(in, to, flags, out);
  if (int_range(to, range)) return int_from(in, to, out);
  switch (to) {
    case VT_R4: {
      double d;
      if (int32_t hr = real_of(in, d); hr != S_OK) return hr;
      if (std::fabs(d) > FLT_MAX) return DISP_E_OVERFLOW;
      out.vt = VT_R4;
      out.r = static_cast<float>(d);
      return S_OK;
    }
    case VT_R8: {
      double d;
      if (int32_t hr = real_of(in, d); hr != S_OK) return hr;
      out.vt = VT_R8;
      out.r = d;
      return S_OK;
    }
    case VT_DATE: {
      double d;
      if (int32_t hr = real_of(in, d); hr != S_OK) return hr;
      if (in.vt != VT_CY && in.vt != VT_DECIMAL && (d <= kDateMin - 1.0 || d >= kDateMax + 1.0)) return DISP_E_OVERFLOW;
      out.vt = VT_DATE;
      out.r = d;
      return S_OK;
    }
    case VT_CY:
      switch (in.vt) {
        case VT_EMPTY: out.vt = VT_CY; out.i = 0; return S_OK;
        case VT_I1: case VT_I2: case VT_I4: case VT_I8: case VT_BOOL:
          if (in.vt == VT_I8 && (in.i <= INT64_MIN / 10000 || in.i >= INT64_MAX / 10000)) return DISP_E_OVERFLOW;
          out.vt = VT_CY;
          out.i = in.i * 10000;
          return S_OK;
        case VT_UI1: case VT_UI2: case VT_UI4: case VT_UI8:
          if (in.u > static_cast<uint64_t>(INT64_MAX / 10000)) return DISP_E_OVERFLOW;
          out.vt = VT_CY;
          out.i = static_cast<int64_t>(in.u) * 10000;
          return S_OK;
        case VT_R4: case VT_R8: case VT_DATE: return cy_from_real(in.r, out);
        case VT_DECIMAL: {
          if (in.dec.scale > 28) return E_INVALIDARG;
          Decimal d = decimal_round(in.dec, 4);
          __int128 m = static_cast<__int128>(d.mant);
          for (int s = d.scale; s < 4; ++s) m *= 10;
          if (d.neg) m = -m;
          if (m > INT64_MAX || m < INT64_MIN) return DISP_E_OVERFLOW;
          out.vt = VT_CY;
          out.i = static_cast<int64_t>(m);
          return S_OK;
        }
        default: return DISP_E_TYPEMISMATCH;
      }
    case VT_DECIMAL:
      switch (in.vt) {
        case VT_EMPTY: return decimal_of_int(0, out);
        case VT_I1: case VT_I2: case VT_I4: case VT_I8: case VT_BOOL: return decimal_of_int(in.i, out);
        case VT_UI1: case VT_UI2: case VT_UI4: case VT_UI8: return decimal_of_int(in.u, out);
        case VT_R4: case VT_R8: case VT_DATE: {
          out.vt = VT_DECIMAL;
          return decimal_from_double(in.r, out.dec, in.vt == VT_R4);
        }
        case VT_CY:
          decimal_of_int(in.i, out);
          out.dec.scale = 4;
          return S_OK;
        case VT_DECIMAL: out = in; return S_OK;
        default: return DISP_E_TYPEMISMATCH;
      }
    case VT_BOOL:
      out.vt = VT_BOOL;
      switch (in.vt) {
        case VT_EMPTY: out.i = 0; return S_OK;
        case VT_I1: case VT_I2: case VT_I4: case VT_I8: case VT_BOOL: case VT_CY: out.i = in.i ? -1 : 0; return S_OK;
        case VT_UI1: case VT_UI2: case VT_UI4: case VT_UI8: out.i = in.u ? -1 : 0; return S_OK;
        case VT_R4: case VT_R8: case VT_DATE: out.i = in.r != 0 ? -1 : 0; return S_OK;
        case VT_DECIMAL:
          if (in.dec.scale > 28) return E_INVALIDARG;
          out.i = in.dec.mant ? -1 : 0;
          return S_OK;
        default: out.vt = VT_EMPTY; return DISP_E_TYPEMISMATCH;
      }
    case VT_BSTR:
      if (in.vt == VT_BSTR) {
        out = in;
        return S_OK;
      }
      return to_text(in, flags, alpha_bool, out);
    default: return DISP_E_TYPEMISMATCH;
  }
}

namespace {

// ---- the VarXxFromYy exports: one template a source kind ----

template <uint16_t From, typename T>
Value value_of(T in) {
  Value v;
  v.vt = From;
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    v.r = in;
  } else if constexpr (From == VT_UI1 || From == VT_UI2 || From == VT_UI4 || From == VT_UI8) {
    v.u = static_cast<uint64_t>(in);
  } else {
    v.i = static_cast<int64_t>(in);
  }
  return v;
}

template <uint16_t From, uint16_t To, typename T>
int32_t from_scalar(WindowsProcess& p, T in, Ptr out) {
  Value r;
  int32_t hr = convert(p, value_of<From>(in), To, 0x0409, 0, r);
  if (hr == S_OK) write_scalar(p, out.addr, r);
  return hr;
}

template <uint16_t To>
int32_t from_decimal(WindowsProcess& p, Ptr dec, Ptr out) {
  Value v;
  v.vt = VT_DECIMAL;
  v.dec = read_decimal(dec.addr);
  if (get<uint8_t>(dec.addr + 3) & 0x7f) return E_INVALIDARG;
  Value r;
  int32_t hr = convert(p, v, To, 0x0409, 0, r);
  if (hr == S_OK) write_scalar(p, out.addr, r);
  return hr;
}

template <uint16_t To>
int32_t from_string(WindowsProcess& p, Ptr s, uint32_t lcid, uint32_t flags, Ptr out) {
  if (!s) return DISP_E_TYPEMISMATCH;
  Value v;
  v.vt = VT_BSTR;
  v.s = WStr{s.addr}.str();
  Value r;
  int32_t hr = convert(p, v, To, lcid, flags, r);
  if (hr == S_OK) write_scalar(p, out.addr, r);
  return hr;
}

template <uint16_t To>
int32_t from_dispatch(WindowsProcess& p, Ptr disp, uint32_t lcid, Ptr out) {
  Value v;
  v.vt = VT_DISPATCH;
  v.ptr = disp.addr;
  Value r;
  int32_t hr = convert(p, v, To, lcid, 0, r);
  if (hr == S_OK) write_scalar(p, out.addr, r);
  return hr;
}

// A value of any kind as a BSTR at `out` (VarBstrFromX).
int32_t bstr_from_value(WindowsProcess& p, const Value& v, uint32_t lcid, uint32_t flags, Ptr out) {
  if (!out) return E_INVALIDARG;
  Value r;
  int32_t hr = convert(p, v, VT_BSTR, lcid, flags, r);
  if (hr == S_OK) return write_scalar(p, out.addr, r);
  return hr;
}
template <uint16_t From, typename T>
int32_t bstr_from(WindowsProcess& p, T in, uint32_t lcid, uint32_t flags, Ptr out) {
  return bstr_from_value(p, value_of<From>(in), lcid, flags, out);
}
int32_t bstr_from_decimal(WindowsProcess& p, Ptr dec, uint32_t lcid, uint32_t flags, Ptr out) {
  Value v;
  v.vt = VT_DECIMAL;
  v.dec = read_decimal(dec.addr);
  return bstr_from_value(p, v, lcid, flags, out);
}
int32_t bstr_from_dispatch(WindowsProcess& p, Ptr disp, uint32_t lcid, uint32_t flags, Ptr out) {
  Value v;
  v.vt = VT_DISPATCH;
  v.ptr = disp.addr;
  return bstr_from_value(p, v, lcid, flags, out);
}

// The argument type each source kind arrives as.
using UI1 = uint8_t;
using I2 = int16_t;
using I4 = int32_t;
using R4 = float;
using R8 = double;
using CY = int64_t;
using DATE = double;
using BOOL16 = int16_t;
using I1 = int8_t;
using UI2 = uint16_t;
using UI4 = uint32_t;
using I8 = int64_t;
using UI8 = uint64_t;

#define CONVERSION(name, ...)                                                                        \
  ::polyrun::shims::Export {                                                                         \
    name, &::polyrun::shims::invoke<&__VA_ARGS__>, ::polyrun::shims::stack_bytes<&__VA_ARGS__>(), nullptr, false \
  }

}  // namespace

const std::vector<Export>& conversion_exports() {
  static const std::vector<Export> exports = {
#include "shims/oleaut32/conversion_table.inc"
  };
  return exports;
}

}  // namespace polyrun::shims::oleaut
