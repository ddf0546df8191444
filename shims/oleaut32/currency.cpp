// OLEAUT32's CURRENCY arithmetic: a CY is a 64-bit count of ten-thousandths, passed by value.
// VarCyAdd, VarCySub, VarCyMul, VarCyMulI4, VarCyMulI8 (exact, rounded half to even to four
// decimals; a result beyond ±922337203685477.5807 is DISP_E_OVERFLOW), VarCyAbs, VarCyNeg, VarCyFix
// (towards zero), VarCyInt (towards minus infinity), VarCyRound, VarCyCmp, VarCyCmpR8, and the
// double helpers VarR8Pow, VarR8Round (half to even) and VarR4CmpR8.
#include <cmath>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut {

namespace {

int32_t store(__int128 v, Ptr out) {
  if (v > INT64_MAX || v < INT64_MIN) return DISP_E_OVERFLOW;
  put<int64_t>(out.addr, static_cast<int64_t>(v));
  return S_OK;
}
// A product of ten-thousandths brought back to ten-thousandths, half to even.
__int128 rescale(__int128 product) {
  __int128 q = product / 10000, r = product % 10000;
  if (r > 5000 || (r == 5000 && (q & 1))) ++q;
  if (r < -5000 || (r == -5000 && (q & 1))) --q;
  return q;
}

int32_t VarCyAdd(WindowsProcess&, int64_t l, int64_t r, Ptr out) { return store(static_cast<__int128>(l) + r, out); }
int32_t VarCySub(WindowsProcess&, int64_t l, int64_t r, Ptr out) { return store(static_cast<__int128>(l) - r, out); }
int32_t VarCyMul(WindowsProcess&, int64_t l, int64_t r, Ptr out) {
  return store(rescale(static_cast<__int128>(l) * r), out);
}
int32_t VarCyMulI4(WindowsProcess&, int64_t l, int32_t r, Ptr out) { return store(static_cast<__int128>(l) * r, out); }
int32_t VarCyMulI8(WindowsProcess&, int64_t l, int64_t r, Ptr out) { return store(static_cast<__int128>(l) * r, out); }
int32_t VarCyAbs(WindowsProcess&, int64_t v, Ptr out) {
  if (v == INT64_MIN) return DISP_E_OVERFLOW;
  put<int64_t>(out.addr, v < 0 ? -v : v);
  return S_OK;
}
int32_t VarCyNeg(WindowsProcess&, int64_t v, Ptr out) {
  if (v == INT64_MIN) return DISP_E_OVERFLOW;
  put<int64_t>(out.addr, -v);
  return S_OK;
}
int32_t VarCyFix(WindowsProcess&, int64_t v, Ptr out) {
  put<int64_t>(out.addr, v / 10000 * 10000);
  return S_OK;
}
int32_t VarCyInt(WindowsProcess&, int64_t v, Ptr out) {
  int64_t w = v / 10000 * 10000;
  if (v < 0 && v % 10000) w -= 10000;
  put<int64_t>(out.addr, w);
  return S_OK;
}
int32_t VarCyRound(WindowsProcess&, int64_t v, int32_t decimals, Ptr out) {
  if (decimals < 0) return E_INVALIDARG;
  if (decimals >= 4) {
    put<int64_t>(out.addr, v);
    return S_OK;
  }
  static const int64_t unit[4] = {10000, 1000, 100, 10};
  const int64_t u = unit[decimals];
  int64_t q = v / u, r = v % u;
  if (2 * r > u || (2 * r == u && (q & 1))) ++q;
  if (2 * r < -u || (2 * r == -u && (q & 1))) --q;
  return store(static_cast<__int128>(q) * u, out);
}
int32_t VarCyCmp(WindowsProcess&, int64_t l, int64_t r) { return l < r ? VARCMP_LT : l > r ? VARCMP_GT : VARCMP_EQ; }
int32_t VarCyCmpR8(WindowsProcess& p, int64_t l, double r) {
  const double scaled = r * 10000.0;
  if (std::isnan(scaled) || scaled >= 9223372036854775808.0 || scaled < -9223372036854775808.0) return DISP_E_OVERFLOW;
  return VarCyCmp(p, l, static_cast<int64_t>(round_half_even(scaled)));
}

int32_t VarR8Pow(WindowsProcess&, double l, double r, Ptr out) {
  put<double>(out.addr, std::pow(l, r));
  return S_OK;
}
int32_t VarR8Round(WindowsProcess&, double v, int32_t digits, Ptr out) {
  if (digits < 0) return E_INVALIDARG;
  const double scale = std::pow(10.0, digits);
  put<double>(out.addr, round_half_even(v * scale) / scale);
  return S_OK;
}
int32_t VarR4CmpR8(WindowsProcess&, float l, double r) {
  const double d = l;
  return d < r ? VARCMP_LT : d > r ? VARCMP_GT : VARCMP_EQ;
}

}  // namespace

const std::vector<Export>& currency_exports() {
  static const std::vector<Export> exports = {
      EXPORT("VarCyAdd", VarCyAdd),     EXPORT("VarCySub", VarCySub),     EXPORT("VarCyMul", VarCyMul),
      EXPORT("VarCyMulI4", VarCyMulI4), EXPORT("VarCyMulI8", VarCyMulI8), EXPORT("VarCyAbs", VarCyAbs),
      EXPORT("VarCyNeg", VarCyNeg),     EXPORT("VarCyFix", VarCyFix),     EXPORT("VarCyInt", VarCyInt),
      EXPORT("VarCyRound", VarCyRound), EXPORT("VarCyCmp", VarCyCmp),     EXPORT("VarCyCmpR8", VarCyCmpR8),
      EXPORT("VarR8Pow", VarR8Pow),     EXPORT("VarR8Round", VarR8Round), EXPORT("VarR4CmpR8", VarR4CmpR8),
  };
  return exports;
}

}  // namespace polyrun::shims::oleaut
