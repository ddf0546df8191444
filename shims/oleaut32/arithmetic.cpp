// OLEAUT32's arithmetic and comparison of VARIANTs: VarAdd, VarSub, VarMul, VarDiv, VarIdiv,
// VarMod, VarPow, VarNeg, VarAbs, VarFix, VarInt, VarRound, VarNot, VarAnd, VarOr, VarXor, VarEqv,
// VarImp, VarCmp and VarCat. Microsoft's pages of each give the type of the result from the
// operands' types: VT_NULL makes VT_NULL (VarAnd and VarOr excepted where the other operand
// decides); whole numbers stay whole and grow into the next larger type when the result does not
// fit (VT_I4 into VT_R8); VT_BSTR operands are read as numbers (VarAdd joins two of them); a
// DECIMAL or CURRENCY operand makes the work exact in that type; an IDispatch operand is its value
// property.
#include <cmath>
#include <cfloat>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut {

namespace {

// An operand of a VARIANT argument: BYREF followed, IDispatch read.
int32_t operand(WindowsProcess& p, uint64_t addr, Value& v) {
  v = read_variant(p, addr);
  if (v.vt & VT_BYREF) {
    Value t;
    if (int32_t hr = deref_variant(p, v, t); hr != S_OK) return hr;
    v = t;
  }
  if (v.vt == VT_DISPATCH) {
    Value value;
    if (!v.ptr) return DISP_E_TYPEMISMATCH;
    if (int32_t hr = dispatch_value(p, v.ptr, 0x0400, value); hr != S_OK) return hr;
    v = value;
  }
  return S_OK;
}

bool is_int(uint16_t vt) {
  return vt == VT_I1 || vt == VT_I2 || vt == VT_I4 || vt == VT_I8 || vt == VT_UI1 || vt == VT_UI2 || vt == VT_UI4 ||
         vt == VT_UI8 || vt == VT_INT || vt == VT_UINT || vt == VT_BOOL;
}

// An operand as type vt, as VariantChangeType makes it (VARIANT_TRUE is 1 as a DECIMAL there).
Value as(WindowsProcess& p, const Value& v, uint16_t vt, int32_t& hr) {
  Value r;
  if (v.vt == VT_BOOL && vt == VT_DECIMAL) {
    hr = S_OK;
    r.vt = VT_DECIMAL;
    r.dec.mant = v.i ? 1 : 0;
    return r;
  }
  hr = convert(p, v, vt, 0x0400, 0, r, false);
  return r;
}

int32_t set_result(WindowsProcess& p, Ptr out, const Value& v) {
  clear_variant(p, out.addr);
  return write_variant(p, out.addr, v);
}
int32_t fail(Ptr out, int32_t hr) {
  put<uint16_t>(out.addr, VT_EMPTY);
  put<int32_t>(out.addr + 8, 0);
  return hr;
}
int32_t null_result(WindowsProcess& p, Ptr out) {
  Value n;
  n.vt = VT_NULL;
  return set_result(p, out, n);
}

// A whole-number result in `vt`, grown into a larger type when it does not fit (UI1 → I2 → I4 →
// R8; I8 → R8).
Value whole_result(__int128 v, uint16_t vt) {
  Value r;
  auto fits = [&](uint16_t t) {
    switch (t) {
      case VT_UI1: return v >= 0 && v <= 255;
      case VT_I2: return v >= INT16_MIN && v <= INT16_MAX;
      case VT_I4: return v >= INT32_MIN && v <= INT32_MAX;
      case VT_I8: return v >= INT64_MIN && v <= INT64_MAX;
      default: return false;
    }
  };
  while (!fits(vt)) {
    if (vt == VT_UI1) vt = VT_I2;
    else if (vt == VT_I2) vt = VT_I4;
    else {
      r.vt = VT_R8;
      r.r = static_cast<double>(v);
      return r;
    }
  }
  r.vt = vt;
  if (vt == VT_UI1) r.u = static_cast<uint64_t>(v);
  else r.i = static_cast<int64_t>(v);
  return r;
}

enum class Op { Add, Sub, Mul };

// Operand types VarAdd, VarSub and VarMul take (a VT_BYREF one is followed first).
bool arithmetic_type(uint16_t vt) {
  switch (vt) {
    case VT_EMPTY: case VT_NULL: case VT_I2: case VT_I4: case VT_R4: case VT_R8: case VT_CY: case VT_DATE:
    case VT_BSTR: case VT_BOOL: case VT_DECIMAL: case VT_UI1: case VT_I8: return true;
    default: return false;
  }
}

int32_t add_sub_mul(WindowsProcess& p, Ptr left, Ptr right, Ptr out, Op op) {
  Value l, r;
  int32_t hr;
  if ((hr = operand(p, left.addr, l)) != S_OK || (hr = operand(p, right.addr, r)) != S_OK) return fail(out, hr);
  const uint16_t lt = l.vt, rt = r.vt;
  if (!arithmetic_type(lt) || !arithmetic_type(rt)) {
    const bool bad = (lt & VT_ARRAY) || (rt & VT_ARRAY) || lt > VT_I8 || rt > VT_I8 || lt == VT_I1 || rt == VT_I1 ||
                     lt == VT_UI2 || rt == VT_UI2 || lt == VT_UI4 || rt == VT_UI4 || lt == VT_VARIANT || rt == VT_VARIANT ||
                     lt == 15 || rt == 15;
    if (lt == VT_NULL || rt == VT_NULL) {
      if (!bad) return null_result(p, out);
    }
    return fail(out, bad ? DISP_E_BADVARTYPE : DISP_E_TYPEMISMATCH);
  }
  if (lt == VT_NULL || rt == VT_NULL) return null_result(p, out);
  auto any = [&](uint16_t t) { return lt == t || rt == t; };
  uint16_t res;
  if (op == Op::Add && lt == VT_BSTR && rt == VT_BSTR) {
    Value s;
    s.vt = VT_BSTR;
    s.s = l.s + r.s;
    return set_result(p, out, s);
  }
  if (op == Op::Add && ((lt == VT_BSTR && rt == VT_EMPTY) || (lt == VT_EMPTY && rt == VT_BSTR))) {
    Value s;
    s.vt = VT_BSTR;
    s.s = lt == VT_BSTR ? l.s : r.s;
    return set_result(p, out, s);
  }
  if (op == Op::Sub && ((lt == VT_DATE && rt == VT_DATE) || (any(VT_BSTR) && (lt == VT_EMPTY || rt == VT_EMPTY || (lt == VT_BSTR && rt == VT_BSTR)))))
    res = VT_R8;
  else if (any(VT_DECIMAL)) res = VT_DECIMAL;
  else if (op != Op::Mul && any(VT_DATE)) res = VT_DATE;
  else if (op == Op::Mul && (any(VT_DATE) || any(VT_BSTR) || any(VT_R8))) res = VT_R8;
  else if (op == Op::Mul && any(VT_R4)) res = any(VT_CY) || any(VT_I8) || any(VT_I4) ? VT_R8 : VT_R4;
  else if (any(VT_CY)) res = VT_CY;
  else if (any(VT_R8) || any(VT_BSTR)) res = VT_R8;
  else if (any(VT_R4)) res = any(VT_I4) || any(VT_I8) ? VT_R8 : VT_R4;
  else if (any(VT_I8)) res = VT_I8;
  else if (any(VT_I4)) res = VT_I4;
  else if (any(VT_I2) || any(VT_BOOL) || (lt == VT_EMPTY && rt == VT_EMPTY)) res = VT_I2;
  else res = VT_UI1;
  Value result;
  if (res == VT_DECIMAL) {
    Value a = as(p, l, VT_DECIMAL, hr);
    if (hr != S_OK) return fail(out, hr);
    Value b = as(p, r, VT_DECIMAL, hr);
    if (hr != S_OK) return fail(out, hr);
    if (op == Op::Sub) b.dec.neg = !b.dec.neg;
    result.vt = VT_DECIMAL;
    hr = op == Op::Mul ? decimal_mul(a.dec, b.dec, result.dec) : decimal_add(a.dec, b.dec, result.dec);
    if (hr != S_OK) return fail(out, hr);
  } else if (res == VT_CY) {
    Value a = as(p, l, VT_CY, hr);
    if (hr != S_OK) return fail(out, hr);
    Value b = as(p, r, VT_CY, hr);
    if (hr != S_OK) return fail(out, hr);
    __int128 v = op == Op::Add ? static_cast<__int128>(a.i) + b.i
                 : op == Op::Sub ? static_cast<__int128>(a.i) - b.i
                                 : static_cast<__int128>(a.i) * b.i;
    if (op == Op::Mul) {
      __int128 q = v / 10000, rem = v % 10000;
      if (rem > 5000 || (rem == 5000 && (q & 1))) ++q;
      if (rem < -5000 || (rem == -5000 && (q & 1))) --q;
      v = q;
    }
    if (v > INT64_MAX || v < INT64_MIN) return fail(out, DISP_E_OVERFLOW);
    result.vt = VT_CY;
    result.i = static_cast<int64_t>(v);
  } else if (res == VT_R8 || res == VT_R4 || res == VT_DATE) {
    Value a = as(p, l, VT_R8, hr);
    if (hr != S_OK) return fail(out, hr);
    Value b = as(p, r, VT_R8, hr);
    if (hr != S_OK) return fail(out, hr);
    const double v = op == Op::Add ? a.r + b.r : op == Op::Sub ? a.r - b.r : a.r * b.r;
    result.vt = res;
    result.r = v;
    if (res == VT_R4) {
      if (std::fabs(v) > FLT_MAX) result.vt = VT_R8;
      else result.r = static_cast<float>(v);
    }
    if (res == VT_DATE && (v <= kDateMin - 1.0 || v >= kDateMax + 1.0)) return fail(out, DISP_E_OVERFLOW);
  } else {
    Value a = as(p, l, VT_I8, hr);
    if (hr != S_OK) return fail(out, hr);
    Value b = as(p, r, VT_I8, hr);
    if (hr != S_OK) return fail(out, hr);
    const __int128 v = op == Op::Add ? static_cast<__int128>(a.i) + b.i
                       : op == Op::Sub ? static_cast<__int128>(a.i) - b.i
                                       : static_cast<__int128>(a.i) * b.i;
    result = whole_result(v, res);
  }
  return set_result(p, out, result);
}

int32_t VarAdd(WindowsProcess& p, Ptr l, Ptr r, Ptr out) { return add_sub_mul(p, l, r, out, Op::Add); }
int32_t VarSub(WindowsProcess& p, Ptr l, Ptr r, Ptr out) { return add_sub_mul(p, l, r, out, Op::Sub); }
int32_t VarMul(WindowsProcess& p, Ptr l, Ptr r, Ptr out) { return add_sub_mul(p, l, r, out, Op::Mul); }

int32_t VarDiv(WindowsProcess& p, Ptr left, Ptr right, Ptr out) {
  Value l, r;
  int32_t hr;
  if ((hr = operand(p, left.addr, l)) != S_OK || (hr = operand(p, right.addr, r)) != S_OK) return fail(out, hr);
  const uint16_t lt = l.vt, rt = r.vt;
  if (!arithmetic_type(lt) || !arithmetic_type(rt)) return fail(out, DISP_E_BADVARTYPE);
  if (lt == VT_NULL || rt == VT_NULL) return null_result(p, out);
  if (rt == VT_EMPTY) return fail(out, DISP_E_BADVARTYPE);
  auto any = [&](uint16_t t) { return lt == t || rt == t; };
  uint16_t res;
  if (any(VT_DECIMAL)) res = VT_DECIMAL;
  else if (any(VT_I8) || any(VT_CY) || any(VT_DATE) || any(VT_I4) || any(VT_BSTR) || any(VT_I2) || any(VT_BOOL) ||
           any(VT_R8) || any(VT_UI1))
    res = (any(VT_R4) && (any(VT_UI1) || any(VT_BOOL) || any(VT_I2)) && !any(VT_R8) && !any(VT_I4) && !any(VT_I8) &&
           !any(VT_CY) && !any(VT_DATE) && !any(VT_BSTR))
              ? VT_R4
              : VT_R8;
  else res = VT_R4;
  Value result;
  result.vt = res;
  if (res == VT_DECIMAL) {
    Value a = as(p, l, VT_DECIMAL, hr);
    if (hr != S_OK) return fail(out, hr);
    Value b = as(p, r, VT_DECIMAL, hr);
    if (hr != S_OK) return fail(out, hr);
    hr = decimal_div(a.dec, b.dec, result.dec);
    if (hr != S_OK) return fail(out, hr);
  } else {
    Value a = as(p, l, VT_R8, hr);
    if (hr != S_OK) return fail(out, hr);
    Value b = as(p, r, VT_R8, hr);
    if (hr != S_OK) return fail(out, hr);
    if (b.r == 0) return fail(out, a.r == 0 ? DISP_E_OVERFLOW : DISP_E_DIVBYZERO);
    result.r = a.r / b.r;
    if (res == VT_R4) result.r = static_cast<float>(static_cast<float>(a.r) / static_cast<float>(b.r));
  }
  return set_result(p, out, result);
}

// The whole-number type of an integer division, modulus or bitwise operation (both BOOL: BOOL).
int32_t integer_type(uint16_t lt, uint16_t rt, bool bitwise, uint16_t& res) {
  auto ok = [](uint16_t t) {
    return t == VT_EMPTY || t == VT_NULL || t == VT_I1 || t == VT_I2 || t == VT_I4 || t == VT_I8 || t == VT_UI1 ||
           t == VT_UI2 || t == VT_UI4 || t == VT_UI8 || t == VT_INT || t == VT_UINT || t == VT_BOOL || t == VT_R4 ||
           t == VT_R8 || t == VT_CY || t == VT_DATE || t == VT_DECIMAL || t == VT_BSTR;
  };
  if (!ok(lt) || !ok(rt)) return DISP_E_BADVARTYPE;
  auto any = [&](uint16_t t) { return lt == t || rt == t; };
  if (!bitwise) {
    if (any(VT_I8) || any(VT_UI8)) res = VT_I8;
    else if (any(VT_I4) || any(VT_UI4) || any(VT_INT) || any(VT_UINT) || any(VT_R4) || any(VT_R8) || any(VT_CY) ||
             any(VT_DATE) || any(VT_DECIMAL) || any(VT_BSTR) || any(VT_UI2) || any(VT_I1))
      res = VT_I4;
    else if (lt == VT_UI1 && rt == VT_UI1) res = VT_UI1;
    else res = VT_I2;
    return S_OK;
  }
  // The bitwise operators: strings are read as the other operand's type (two strings and BOOLs
  // make a BOOL); VT_UI1 stays VT_UI1 only with VT_UI1 or VT_NULL.
  if (lt == VT_I8 || rt == VT_I8) res = VT_I8;
  else if (any(VT_I4) || any(VT_UINT) || any(VT_INT) || any(VT_R4) || any(VT_R8) || any(VT_CY) || any(VT_DATE) ||
           any(VT_I1) || any(VT_UI2) || any(VT_UI4) || any(VT_UI8) || any(VT_DECIMAL))
    res = VT_I4;
  else if (any(VT_UI1) || any(VT_I2) || any(VT_EMPTY))
    res = ((lt == VT_UI1 || lt == VT_NULL) && (rt == VT_UI1 || rt == VT_NULL)) ? VT_UI1 : VT_I2;
  else if (any(VT_BOOL) || (lt == VT_BSTR && rt == VT_BSTR)) res = VT_BOOL;
  else res = VT_BOOL;  // NULL with NULL or with a string: read as booleans
  return S_OK;
}

Value typed_whole(__int128 v, uint16_t vt) {
  Value r;
  r.vt = vt;
  if (vt == VT_UI1) r.u = static_cast<uint8_t>(v);
  else if (vt == VT_I2 || vt == VT_BOOL) r.i = static_cast<int16_t>(v);
  else if (vt == VT_I4) r.i = static_cast<int32_t>(v);
  else r.i = static_cast<int64_t>(v);
  return r;
}

int32_t idiv_mod(WindowsProcess& p, Ptr left, Ptr right, Ptr out, bool mod) {
  Value l, r;
  int32_t hr;
  if ((hr = operand(p, left.addr, l)) != S_OK || (hr = operand(p, right.addr, r)) != S_OK) return fail(out, hr);
  uint16_t res;
  if ((hr = integer_type(l.vt, r.vt, false, res)) != S_OK) return fail(out, hr);
  if (l.vt == VT_NULL || r.vt == VT_NULL) return null_result(p, out);
  Value a = as(p, l, res == VT_UI1 ? VT_UI1 : res, hr);
  if (hr != S_OK) return fail(out, hr);
  Value b = as(p, r, res == VT_UI1 ? VT_UI1 : res, hr);
  if (hr != S_OK) return fail(out, hr);
  const __int128 x = res == VT_UI1 ? static_cast<__int128>(a.u) : a.i, y = res == VT_UI1 ? static_cast<__int128>(b.u) : b.i;
  if (y == 0) return fail(out, DISP_E_DIVBYZERO);
  const __int128 v = mod ? x % y : x / y;
  return set_result(p, out, whole_result(v, res));
}
int32_t VarIdiv(WindowsProcess& p, Ptr l, Ptr r, Ptr out) { return idiv_mod(p, l, r, out, false); }
int32_t VarMod(WindowsProcess& p, Ptr l, Ptr r, Ptr out) { return idiv_mod(p, l, r, out, true); }

int32_t VarPow(WindowsProcess& p, Ptr left, Ptr right, Ptr out) {
  Value l, r;
  int32_t hr;
  if ((hr = operand(p, left.addr, l)) != S_OK || (hr = operand(p, right.addr, r)) != S_OK) return fail(out, hr);
  if (!arithmetic_type(l.vt) || !arithmetic_type(r.vt)) return fail(out, DISP_E_BADVARTYPE);
  if (l.vt == VT_NULL || r.vt == VT_NULL) return null_result(p, out);
  Value a = as(p, l, VT_R8, hr);
  if (hr != S_OK) return fail(out, hr);
  Value b = as(p, r, VT_R8, hr);
  if (hr != S_OK) return fail(out, hr);
  Value res;
  res.vt = VT_R8;
  res.r = std::pow(a.r, b.r);
  return set_result(p, out, res);
}

// ---- bitwise and logical ----

enum class Logic { And, Or, Xor, Eqv, Imp };

int32_t logic(WindowsProcess& p, Ptr left, Ptr right, Ptr out, Logic op) {
  Value l, r;
  int32_t hr;
  if ((hr = operand(p, left.addr, l)) != S_OK || (hr = operand(p, right.addr, r)) != S_OK) return fail(out, hr);
  uint16_t res;
  if ((hr = integer_type(l.vt, r.vt, true, res)) != S_OK) return fail(out, hr);
  const bool ln = l.vt == VT_NULL, rn = r.vt == VT_NULL;
  if (ln && rn) return null_result(p, out);
  if (ln || rn) {
    // One operand NULL: the other decides where it can (0 And Null is 0, x Or Null is x for any x
    // but 0, Null Imp x is x for any x but 0, 0 Imp Null is all ones); otherwise the result is NULL.
    const Value& other = ln ? r : l;
    Value o = as(p, other, res == VT_BOOL ? VT_BOOL : res, hr);
    if (hr != S_OK) return fail(out, hr);
    const __int128 v = res == VT_UI1 ? static_cast<__int128>(o.u) : o.i;
    const __int128 all = res == VT_UI1 ? 0xff : -1;
    if (op == Logic::And && v == 0) return set_result(p, out, typed_whole(0, res));
    if (op == Logic::Or && v != 0) return set_result(p, out, typed_whole(v, res));
    if (op == Logic::Imp && ln && v != 0) return set_result(p, out, typed_whole(v, res));
    if (op == Logic::Imp && rn && v == 0) return set_result(p, out, typed_whole(all, res));
    return null_result(p, out);
  }
  const uint16_t work = res;  // (a BOOL's -1 and 0 are its bits)
  Value a = as(p, l, work, hr);
  if (hr != S_OK) return fail(out, hr);
  Value b = as(p, r, work, hr);
  if (hr != S_OK) return fail(out, hr);
  const uint64_t x = work == VT_UI1 ? a.u : static_cast<uint64_t>(a.i), y = work == VT_UI1 ? b.u : static_cast<uint64_t>(b.i);
  uint64_t v = 0;
  switch (op) {
    case Logic::And: v = x & y; break;
    case Logic::Or: v = x | y; break;
    case Logic::Xor: v = x ^ y; break;
    case Logic::Eqv: v = ~(x ^ y); break;
    case Logic::Imp: v = ~x | y; break;
  }
  return set_result(p, out, typed_whole(static_cast<__int128>(static_cast<int64_t>(v)), res));
}
int32_t VarAnd(WindowsProcess& p, Ptr l, Ptr r, Ptr out) { return logic(p, l, r, out, Logic::And); }
int32_t VarOr(WindowsProcess& p, Ptr l, Ptr r, Ptr out) { return logic(p, l, r, out, Logic::Or); }
int32_t VarXor(WindowsProcess& p, Ptr l, Ptr r, Ptr out) { return logic(p, l, r, out, Logic::Xor); }
int32_t VarEqv(WindowsProcess& p, Ptr l, Ptr r, Ptr out) { return logic(p, l, r, out, Logic::Eqv); }
int32_t VarImp(WindowsProcess& p, Ptr l, Ptr r, Ptr out) { return logic(p, l, r, out, Logic::Imp); }

// ---- one operand ----

enum class Unary { Neg, Abs, Fix, Int, Not };

int32_t unary(WindowsProcess& p, Ptr in, Ptr out, Unary op) {
  Value v;
  int32_t hr;
  if ((hr = operand(p, in.addr, v)) != S_OK) return fail(out, hr);
  Value r = v;
  switch (v.vt) {
    case VT_NULL: return null_result(p, out);
    case VT_EMPTY:
      return set_result(p, out, typed_whole(op == Unary::Not ? -1 : 0, VT_I2));
    case VT_BSTR: {
      if (op == Unary::Not) {
        Value b = as(p, v, VT_BOOL, hr);  // "True" / "False" or a number
        if (hr != S_OK) return fail(out, hr);
        Value n = as(p, v, VT_I4, hr);
        if (hr != S_OK) n = b;
        return set_result(p, out, typed_whole(~n.i, VT_I4));
      }
      Value d = as(p, v, VT_R8, hr);
      if (hr != S_OK) return fail(out, hr);
      v = d;
      r = d;
      [[fallthrough]];
    }
    case VT_R4: case VT_R8: case VT_DATE:
      if (op == Unary::Not) {
        Value n = as(p, v, VT_I4, hr);
        if (hr != S_OK) return fail(out, hr);
        return set_result(p, out, typed_whole(~n.i, VT_I4));
      }
      if (op == Unary::Neg) r.r = -v.r;
      if (op == Unary::Abs) r.r = std::fabs(v.r);
      if (op == Unary::Fix) r.r = std::trunc(v.r);
      if (op == Unary::Int) r.r = std::floor(v.r);
      if (v.vt == VT_R4) r.r = static_cast<float>(r.r);
      return set_result(p, out, r);
    case VT_CY:
      if (op == Unary::Not) {
        Value n = as(p, v, VT_I4, hr);
        if (hr != S_OK) return fail(out, hr);
        return set_result(p, out, typed_whole(~n.i, VT_I4));
      }
      if ((op == Unary::Neg || op == Unary::Abs) && v.i == INT64_MIN) return fail(out, DISP_E_OVERFLOW);
      if (op == Unary::Neg) r.i = -v.i;
      if (op == Unary::Abs) r.i = v.i < 0 ? -v.i : v.i;
      if (op == Unary::Fix) r.i = v.i / 10000 * 10000;
      if (op == Unary::Int) r.i = v.i / 10000 * 10000 - (v.i < 0 && v.i % 10000 ? 10000 : 0);
      return set_result(p, out, r);
    case VT_DECIMAL:
      if (op == Unary::Not) {
        Value n = as(p, v, VT_I4, hr);
        if (hr != S_OK) return fail(out, hr);
        return set_result(p, out, typed_whole(~n.i, VT_I4));
      }
      if (op == Unary::Neg) r.dec.neg = !v.dec.neg;
      if (op == Unary::Abs) r.dec.neg = false;
      if (op == Unary::Fix) r.dec = decimal_fix(v.dec);
      if (op == Unary::Int) r.dec = decimal_int(v.dec);
      return set_result(p, out, r);
    default: break;
  }
  if (!is_int(v.vt)) return fail(out, (v.vt & VT_ARRAY) || v.vt > VT_UINT || v.vt == 15 ? DISP_E_BADVARTYPE : DISP_E_TYPEMISMATCH);
  const bool uns = v.vt == VT_UI1 || v.vt == VT_UI2 || v.vt == VT_UI4 || v.vt == VT_UI8 || v.vt == VT_UINT;
  const __int128 x = uns ? static_cast<__int128>(v.u) : v.i;
  uint16_t vt = v.vt == VT_INT ? VT_I4 : v.vt == VT_UINT ? VT_UI4 : v.vt;
  if (op == Unary::Not) {
    if (vt == VT_UI1) return set_result(p, out, typed_whole(static_cast<uint8_t>(~v.u), VT_UI1));
    if (vt == VT_BOOL) return set_result(p, out, typed_whole(~x, VT_BOOL));
    if (vt == VT_I1 || vt == VT_UI2) vt = VT_I4;
    if (vt == VT_UI4) vt = VT_I4;
    if (vt == VT_UI8) vt = VT_I8;
    return set_result(p, out, typed_whole(~x, vt));
  }
  if (op == Unary::Fix || op == Unary::Int) {
    if (vt == VT_BOOL) return set_result(p, out, typed_whole(x, VT_I2));
    return set_result(p, out, r);
  }
  // Neg and Abs: the result grows where the value does not fit its type.
  __int128 y = op == Unary::Neg ? -x : (x < 0 ? -x : x);
  if (op == Unary::Abs && uns) return set_result(p, out, r);
  uint16_t res = vt;
  if (vt == VT_BOOL || vt == VT_UI1) res = VT_I2;
  if (vt == VT_I1 || vt == VT_UI2) res = VT_I4;
  if (vt == VT_UI4) res = VT_I8;
  if (vt == VT_UI8) res = VT_DECIMAL;
  if (res == VT_DECIMAL) {
    Value d;
    d.vt = VT_DECIMAL;
    d.dec.mant = static_cast<unsigned __int128>(x);
    d.dec.neg = op == Unary::Neg && x != 0;
    return set_result(p, out, d);
  }
  if (res == VT_I2 && (y < INT16_MIN || y > INT16_MAX)) res = VT_I4;
  if (res == VT_I4 && (y < INT32_MIN || y > INT32_MAX)) {
    if (vt == VT_I4) {
      Value d;
      d.vt = VT_R8;
      d.r = static_cast<double>(y);
      return set_result(p, out, d);
    }
    res = VT_I8;
  }
  if (res == VT_I8 && y > INT64_MAX) return fail(out, DISP_E_OVERFLOW);
  return set_result(p, out, typed_whole(y, res));
}
int32_t VarNeg(WindowsProcess& p, Ptr in, Ptr out) { return unary(p, in, out, Unary::Neg); }
int32_t VarAbs(WindowsProcess& p, Ptr in, Ptr out) { return unary(p, in, out, Unary::Abs); }
int32_t VarFix(WindowsProcess& p, Ptr in, Ptr out) { return unary(p, in, out, Unary::Fix); }
int32_t VarInt(WindowsProcess& p, Ptr in, Ptr out) { return unary(p, in, out, Unary::Int); }
int32_t VarNot(WindowsProcess& p, Ptr in, Ptr out) { return unary(p, in, out, Unary::Not); }

int32_t VarRound(WindowsProcess& p, Ptr in, int32_t decimals, Ptr out) {
  Value v;
  int32_t hr;
  if ((hr = operand(p, in.addr, v)) != S_OK) return fail(out, hr);
  if (decimals < 0) return fail(out, E_INVALIDARG);
  Value r = v;
  switch (v.vt) {
    case VT_NULL: return null_result(p, out);
    case VT_EMPTY: return set_result(p, out, typed_whole(0, VT_I2));
    case VT_BOOL: return set_result(p, out, typed_whole(v.i, VT_I2));
    case VT_I2: case VT_I4: case VT_UI1:
      return set_result(p, out, r);
    case VT_I1: case VT_I8: case VT_UI2: case VT_UI4:  // Windows refuses these
      return fail(out, DISP_E_BADVARTYPE);
    case VT_BSTR:
      r = as(p, v, VT_R8, hr);
      if (hr != S_OK) return fail(out, hr);
      v = r;
      [[fallthrough]];
    case VT_R4: case VT_R8: case VT_DATE: {
      const double scale = std::pow(10.0, decimals);
      r.r = round_half_even(v.r * scale) / scale;
      if (v.vt == VT_R4) r.r = static_cast<float>(r.r);
      return set_result(p, out, r);
    }
    case VT_CY: {
      if (decimals < 4) {
        static const int64_t unit[4] = {10000, 1000, 100, 10};
        const int64_t u = unit[decimals];
        int64_t q = v.i / u, rem = v.i % u;
        if (2 * rem > u || (2 * rem == u && (q & 1))) ++q;
        if (2 * rem < -u || (2 * rem == -u && (q & 1))) --q;
        r.i = q * u;
      }
      return set_result(p, out, r);
    }
    case VT_DECIMAL:
      r.dec = decimal_round(v.dec, decimals);
      return set_result(p, out, r);
    default:
      return fail(out, (v.vt & VT_ARRAY) || v.vt > VT_UINT ? DISP_E_BADVARTYPE : DISP_E_TYPEMISMATCH);
  }
}

// ---- comparison and concatenation ----

int32_t VarCmp(WindowsProcess& p, Ptr left, Ptr right, uint32_t lcid, uint32_t flags) {
  Value l, r;
  int32_t hr;
  if ((hr = operand(p, left.addr, l)) != S_OK || (hr = operand(p, right.addr, r)) != S_OK) return hr;
  auto ok = [](uint16_t t) {
    return t <= VT_DECIMAL ? (t != VT_DISPATCH && t != VT_ERROR && t != VT_VARIANT && t != VT_UNKNOWN)
                           : (t == VT_I1 || t == VT_UI1 || t == VT_UI2 || t == VT_UI4 || t == VT_I8 || t == VT_UI8 ||
                              t == VT_INT || t == VT_UINT);
  };
  if (!ok(l.vt) || !ok(r.vt)) return DISP_E_BADVARTYPE;
  if (l.vt == VT_NULL || r.vt == VT_NULL) return VARCMP_NULL;
  const bool ls = l.vt == VT_BSTR, rs = r.vt == VT_BSTR;
  if (ls || rs) {
    if (ls && rs) {
      const uint32_t ignore = flags & 1;  // NORM_IGNORECASE
      if (lcid == 0) {
        if (l.s == r.s) return VARCMP_EQ;
        return l.s < r.s ? VARCMP_LT : VARCMP_GT;
      }
      auto fold = [](char16_t c) { return c >= u'A' && c <= u'Z' ? static_cast<char16_t>(c + 32) : c; };
      const size_t n = std::min(l.s.size(), r.s.size());
      for (size_t k = 0; k < n; ++k)
        if (fold(l.s[k]) != fold(r.s[k])) return fold(l.s[k]) < fold(r.s[k]) ? VARCMP_LT : VARCMP_GT;
      if (l.s.size() != r.s.size()) return l.s.size() < r.s.size() ? VARCMP_LT : VARCMP_GT;
      if (!ignore)
        for (size_t k = 0; k < n; ++k)
          if (l.s[k] != r.s[k]) return l.s[k] > r.s[k] ? VARCMP_LT : VARCMP_GT;
      return VARCMP_EQ;
    }
    // A string and EMPTY: EMPTY is the empty string; a string and a number: the string is larger.
    const Value& other = ls ? r : l;
    const Value& str = ls ? l : r;
    int c;
    if (other.vt == VT_EMPTY) c = str.s.empty() ? 0 : 1;
    else c = 1;
    if (!ls) c = -c;
    return c < 0 ? VARCMP_LT : c > 0 ? VARCMP_GT : VARCMP_EQ;
  }
  if (l.vt == VT_DECIMAL || r.vt == VT_DECIMAL) {
    Value a = as(p, l, VT_DECIMAL, hr);
    if (hr != S_OK) return hr;
    Value b = as(p, r, VT_DECIMAL, hr);
    if (hr != S_OK) return hr;
    return decimal_cmp(a.dec, b.dec) + 1;
  }
  const bool whole = (is_int(l.vt) || l.vt == VT_EMPTY) && (is_int(r.vt) || r.vt == VT_EMPTY);
  if (whole) {
    auto value = [](const Value& v) -> __int128 {
      if (v.vt == VT_UI1 || v.vt == VT_UI2 || v.vt == VT_UI4 || v.vt == VT_UI8 || v.vt == VT_UINT) return v.u;
      return v.vt == VT_EMPTY ? 0 : v.i;
    };
    const __int128 a = value(l), b = value(r);
    return a < b ? VARCMP_LT : a > b ? VARCMP_GT : VARCMP_EQ;
  }
  if (l.vt == VT_CY && r.vt == VT_CY) return l.i < r.i ? VARCMP_LT : l.i > r.i ? VARCMP_GT : VARCMP_EQ;
  Value a = as(p, l, VT_R8, hr);
  if (hr != S_OK) return hr;
  Value b = as(p, r, VT_R8, hr);
  if (hr != S_OK) return hr;
  if (l.vt == VT_R4 && r.vt == VT_R4) {
    a.r = static_cast<float>(a.r);
    b.r = static_cast<float>(b.r);
  }
  return a.r < b.r ? VARCMP_LT : a.r > b.r ? VARCMP_GT : VARCMP_EQ;
}

int32_t VarCat(WindowsProcess& p, Ptr left, Ptr right, Ptr out) {
  Value l, r;
  int32_t hr;
  if ((hr = operand(p, left.addr, l)) != S_OK || (hr = operand(p, right.addr, r)) != S_OK) return hr;
  auto ok = [](uint16_t t) {
    return t == VT_EMPTY || t == VT_NULL || t == VT_I2 || t == VT_I4 || t == VT_R4 || t == VT_R8 || t == VT_CY ||
           t == VT_DATE || t == VT_BSTR || t == VT_BOOL || t == VT_DECIMAL || t == VT_I1 || t == VT_UI1 ||
           t == VT_UI2 || t == VT_UI4 || t == VT_I8 || t == VT_UI8 || t == VT_INT || t == VT_UINT;
  };
  if (!ok(l.vt) || !ok(r.vt)) {
    const bool mismatch = l.vt == VT_DISPATCH || r.vt == VT_DISPATCH || l.vt == VT_UNKNOWN || r.vt == VT_UNKNOWN ||
                          l.vt == VT_ERROR || r.vt == VT_ERROR;
    return mismatch ? DISP_E_TYPEMISMATCH : DISP_E_BADVARTYPE;
  }
  if (l.vt == VT_NULL && r.vt == VT_NULL) return null_result(p, out);
  auto text = [&](const Value& v, std::u16string& s) -> int32_t {
    if (v.vt == VT_NULL || v.vt == VT_EMPTY) {
      s.clear();
      return S_OK;
    }
    Value t;
    int32_t h = convert(p, v, VT_BSTR, 0x0400, 0, t, true);
    if (h == S_OK) s = t.s;
    return h;
  };
  Value res;
  res.vt = VT_BSTR;
  std::u16string a, b;
  if ((hr = text(l, a)) != S_OK || (hr = text(r, b)) != S_OK) return hr;
  res.s = a + b;
  return set_result(p, out, res);
}

}  // namespace

const std::vector<Export>& arithmetic_exports() {
  static const std::vector<Export> exports = {
      EXPORT("VarAdd", VarAdd),   EXPORT("VarSub", VarSub),     EXPORT("VarMul", VarMul),   EXPORT("VarDiv", VarDiv),
      EXPORT("VarIdiv", VarIdiv), EXPORT("VarMod", VarMod),     EXPORT("VarPow", VarPow),   EXPORT("VarAnd", VarAnd),
      EXPORT("VarOr", VarOr),     EXPORT("VarXor", VarXor),     EXPORT("VarEqv", VarEqv),   EXPORT("VarImp", VarImp),
      EXPORT("VarNeg", VarNeg),   EXPORT("VarAbs", VarAbs),     EXPORT("VarFix", VarFix),   EXPORT("VarInt", VarInt),
      EXPORT("VarNot", VarNot),   EXPORT("VarRound", VarRound), EXPORT("VarCmp", VarCmp),   EXPORT("VarCat", VarCat),
  };
  return exports;
}

}  // namespace polyrun::shims::oleaut
