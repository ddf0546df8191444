// OLEAUT32's arithmetic: VarAdd, VarSub, VarMul, VarDiv, VarIdiv, VarMod, VarPow, VarAnd, VarOr,
// VarXor, VarEqv, VarImp over operands of several types (the type of the result, its value, the
// growth of whole numbers that do not fit, VT_NULL, division by zero), VarNeg, VarAbs, VarFix,
// VarInt, VarNot, VarRound, VarCmp, VarCat, BSTR concatenation and comparison (VarBstrCat,
// VarBstrCmp), and the DECIMAL (VarDec*) and CURRENCY (VarCy*) families with VarR8Pow, VarR8Round
// and VarR4CmpR8.
// Links: -loleaut32
#include <windows.h>
#include <oleauto.h>
#include <stdio.h>
#include <string.h>

#define LCID_US 0x0409

static VARIANT i2(SHORT v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_I2; V_I2(&r) = v; return r; }
static VARIANT i4(LONG v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_I4; V_I4(&r) = v; return r; }
static VARIANT i8(LONGLONG v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_I8; V_I8(&r) = v; return r; }
static VARIANT ui1(BYTE v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_UI1; V_UI1(&r) = v; return r; }
static VARIANT r4(float v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_R4; V_R4(&r) = v; return r; }
static VARIANT r8(double v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_R8; V_R8(&r) = v; return r; }
static VARIANT date(double v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_DATE; V_DATE(&r) = v; return r; }
static VARIANT vbool(VARIANT_BOOL v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_BOOL; V_BOOL(&r) = v; return r; }
static VARIANT cyv(LONGLONG v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_CY; V_CY(&r).int64 = v; return r; }
static VARIANT empty(void) { VARIANT r; VariantInit(&r); return r; }
static VARIANT null(void) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_NULL; return r; }
static VARIANT str(const WCHAR* s) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_BSTR; V_BSTR(&r) = SysAllocString(s); return r; }
static VARIANT decv(int sign, int scale, ULONGLONG lo) {
  VARIANT r;
  VariantInit(&r);
  V_DECIMAL(&r).sign = (BYTE)sign;
  V_DECIMAL(&r).scale = (BYTE)scale;
  V_DECIMAL(&r).Hi32 = 0;
  V_DECIMAL(&r).Lo64 = lo;
  V_VT(&r) = VT_DECIMAL;
  return r;
}

static void show(const char* what, HRESULT hr, VARIANT* v) {
  printf("%s -> %08lx", what, (unsigned long)hr);
  if (hr == S_OK) {
    printf(" vt %d", V_VT(v));
    switch (V_VT(v)) {
      case VT_I2: printf(" %d", V_I2(v)); break;
      case VT_BOOL: printf(" %d", V_BOOL(v)); break;
      case VT_I4: printf(" %ld", V_I4(v)); break;
      case VT_I8: printf(" %lld", V_I8(v)); break;
      case VT_UI1: printf(" %u", V_UI1(v)); break;
      case VT_R4: printf(" %.9g", V_R4(v)); break;
      case VT_R8: case VT_DATE: printf(" %.17g", V_R8(v)); break;
      case VT_CY: printf(" %lld", V_CY(v).int64); break;
      case VT_BSTR: printf(" \"%ls\"", V_BSTR(v)); break;
      case VT_DECIMAL:
        printf(" scale %u sign %02x hi %lu lo %llu", V_DECIMAL(v).scale, V_DECIMAL(v).sign, V_DECIMAL(v).Hi32,
               (unsigned long long)V_DECIMAL(v).Lo64);
        break;
    }
  }
  printf("\n");
  VariantClear(v);
}

typedef HRESULT(WINAPI* binary_fn)(LPVARIANT, LPVARIANT, LPVARIANT);

static void binary(const char* name, binary_fn fn, VARIANT l, VARIANT r, const char* operands) {
  VARIANT out;
  VariantInit(&out);
  HRESULT hr = fn(&l, &r, &out);
  char what[160];
  snprintf(what, sizeof what, "%s(%s)", name, operands);
  show(what, hr, &out);
  VariantClear(&l);
  VariantClear(&r);
}

#define BIN(fn, l, r) binary(#fn, fn, l, r, #l ", " #r)

static void arithmetic(void) {
  BIN(VarAdd, i2(1), i2(2));
  BIN(VarAdd, i2(32767), i2(1));
  BIN(VarAdd, i4(2147483647), i4(1));
  BIN(VarAdd, ui1(200), ui1(100));
  BIN(VarAdd, ui1(1), i2(1));
  BIN(VarAdd, i4(1), r4(0.5f));
  BIN(VarAdd, i2(1), r4(0.5f));
  BIN(VarAdd, r8(1.5), cyv(25000));
  BIN(VarAdd, date(1.5), i4(1));
  BIN(VarAdd, str(L"1"), str(L"2"));
  BIN(VarAdd, str(L"1"), i4(2));
  BIN(VarAdd, str(L"x"), empty());
  BIN(VarAdd, empty(), empty());
  BIN(VarAdd, empty(), i4(5));
  BIN(VarAdd, null(), i4(5));
  BIN(VarAdd, vbool(VARIANT_TRUE), vbool(VARIANT_TRUE));
  BIN(VarAdd, decv(0, 1, 15), i4(2));
  BIN(VarSub, i4(5), i4(7));
  BIN(VarSub, date(10.5), date(2.25));
  BIN(VarSub, date(10.5), i2(2));
  BIN(VarSub, cyv(10000), r8(0.25));
  BIN(VarSub, str(L"10"), str(L"4"));
  BIN(VarSub, decv(0, 2, 100), decv(0, 1, 5));
  BIN(VarMul, i2(200), i2(200));
  BIN(VarMul, i4(100000), i4(100000));
  BIN(VarMul, r4(1.5f), i2(2));
  BIN(VarMul, cyv(15000), i4(3));
  BIN(VarMul, cyv(15000), r8(2.0));
  BIN(VarMul, date(2.0), i2(3));
  BIN(VarMul, decv(0, 1, 15), decv(0x80, 1, 15));
  BIN(VarMul, str(L"3"), i2(4));
  BIN(VarDiv, i4(7), i4(2));
  BIN(VarDiv, i2(1), r4(4.0f));
  BIN(VarDiv, r4(1.0f), r4(8.0f));
  BIN(VarDiv, i4(1), i4(0));
  BIN(VarDiv, i4(0), i4(0));
  BIN(VarDiv, decv(0, 0, 1), decv(0, 0, 3));
  BIN(VarDiv, decv(0, 0, 1), decv(0, 0, 4));
  BIN(VarDiv, cyv(10000), i4(4));
  BIN(VarDiv, null(), i4(3));
  BIN(VarIdiv, i4(7), i4(2));
  BIN(VarIdiv, i4(-7), i4(2));
  BIN(VarIdiv, r8(7.6), r8(2.4));
  BIN(VarIdiv, ui1(9), ui1(2));
  BIN(VarIdiv, i2(9), i2(0));
  BIN(VarIdiv, i8(100), i4(7));
  BIN(VarMod, i4(7), i4(3));
  BIN(VarMod, i4(-7), i4(3));
  BIN(VarMod, r8(7.5), i4(2));
  BIN(VarMod, i2(5), i2(0));
  BIN(VarPow, i4(2), i4(10));
  BIN(VarPow, r8(2.0), r8(0.5));
  BIN(VarPow, null(), i4(2));
}

static void logic(void) {
  BIN(VarAnd, i4(12), i4(10));
  BIN(VarAnd, vbool(VARIANT_TRUE), vbool(VARIANT_FALSE));
  BIN(VarAnd, vbool(VARIANT_TRUE), i2(5));
  BIN(VarAnd, ui1(0xf0), ui1(0x3c));
  BIN(VarAnd, null(), vbool(VARIANT_FALSE));
  BIN(VarAnd, null(), vbool(VARIANT_TRUE));
  BIN(VarAnd, r8(7.6), i4(3));
  BIN(VarOr, i4(12), i4(10));
  BIN(VarOr, null(), vbool(VARIANT_TRUE));
  BIN(VarOr, null(), vbool(VARIANT_FALSE));
  BIN(VarOr, i2(1), i8(2));
  BIN(VarXor, i4(12), i4(10));
  BIN(VarXor, vbool(VARIANT_TRUE), vbool(VARIANT_TRUE));
  BIN(VarXor, null(), i4(1));
  BIN(VarEqv, vbool(VARIANT_TRUE), vbool(VARIANT_FALSE));
  BIN(VarEqv, i2(12), i2(10));
  BIN(VarImp, vbool(VARIANT_TRUE), vbool(VARIANT_FALSE));
  BIN(VarImp, vbool(VARIANT_FALSE), null());
  BIN(VarImp, null(), vbool(VARIANT_TRUE));
  BIN(VarImp, i2(12), i2(10));
  BIN(VarOr, null(), i2(1));
  BIN(VarOr, null(), i2(0));
  BIN(VarImp, null(), ui1(1));
  BIN(VarImp, ui1(0), null());
  BIN(VarAnd, empty(), ui1(1));
  BIN(VarAnd, str(L"True"), str(L"False"));
  BIN(VarAnd, i2(7), str(L"12.5"));
  BIN(VarAdd, decv(0, 2, 12345), vbool(VARIANT_TRUE));
}

typedef HRESULT(WINAPI* unary_fn)(LPVARIANT, LPVARIANT);

static void unary(const char* name, unary_fn fn, VARIANT v, const char* operand) {
  VARIANT out;
  VariantInit(&out);
  HRESULT hr = fn(&v, &out);
  char what[160];
  snprintf(what, sizeof what, "%s(%s)", name, operand);
  show(what, hr, &out);
  VariantClear(&v);
}
#define UN(fn, v) unary(#fn, fn, v, #v)

static void one_operand(void) {
  UN(VarNeg, i2(5));
  UN(VarNeg, i2(-32768));
  UN(VarNeg, i4(-2147483647 - 1));
  UN(VarNeg, ui1(5));
  UN(VarNeg, vbool(VARIANT_TRUE));
  UN(VarNeg, r8(2.5));
  UN(VarNeg, cyv(12345));
  UN(VarNeg, decv(0, 2, 5));
  UN(VarNeg, empty());
  UN(VarNeg, null());
  UN(VarNeg, str(L"3.5"));
  UN(VarAbs, i4(-3));
  UN(VarAbs, r4(-1.5f));
  UN(VarAbs, cyv(-5));
  UN(VarAbs, vbool(VARIANT_TRUE));
  UN(VarAbs, ui1(7));
  UN(VarAbs, str(L"-2"));
  UN(VarFix, r8(-2.5));
  UN(VarFix, r8(2.7));
  UN(VarFix, cyv(-25000));
  UN(VarFix, decv(0x80, 1, 25));
  UN(VarFix, vbool(VARIANT_TRUE));
  UN(VarInt, r8(-2.5));
  UN(VarInt, r4(2.7f));
  UN(VarInt, cyv(-25000));
  UN(VarInt, decv(0x80, 1, 25));
  UN(VarInt, date(3.75));
  UN(VarNot, i4(0));
  UN(VarNot, i2(5));
  UN(VarNot, vbool(VARIANT_TRUE));
  UN(VarNot, ui1(0x0f));
  UN(VarNot, r8(2.6));
  UN(VarNot, empty());
  UN(VarNot, null());
  {
    static const double values[] = {2.7, -2.7, 1.23456, -1.23456, 123.456};
    for (unsigned k = 0; k < sizeof values / sizeof *values; ++k) {
      VARIANT v = r8(values[k]), out;
      VariantInit(&out);
      HRESULT hr = VarRound(&v, k < 2 ? 0 : 2, &out);
      char what[64];
      snprintf(what, sizeof what, "VarRound(%g, %d)", values[k], k < 2 ? 0 : 2);
      show(what, hr, &out);
    }
    VARIANT v = r4(1.23456f), out;
    VariantInit(&out);
    show("VarRound(R4 1.23456, 3)", VarRound(&v, 3, &out), &out);
    v = i4(17);
    show("VarRound(I4 17, 1)", VarRound(&v, 1, &out), &out);
    v = vbool(VARIANT_TRUE);
    show("VarRound(BOOL TRUE, 0)", VarRound(&v, 0, &out), &out);
    v = i8(5);
    show("VarRound(I8 5, 0)", VarRound(&v, 0, &out), &out);
    v = str(L"1.449");
    show("VarRound(BSTR 1.449, 1)", VarRound(&v, 1, &out), &out);
  }
}

static void compare_concat(void) {
#define CMP(l, r)                                                                         \
  do {                                                                                    \
    VARIANT a = l, b = r;                                                                 \
    printf("VarCmp(%s, %s) -> %08lx\n", #l, #r, (unsigned long)VarCmp(&a, &b, LCID_US, 0)); \
    VariantClear(&a);                                                                     \
    VariantClear(&b);                                                                     \
  } while (0)
  CMP(i4(1), i4(2));
  CMP(i4(2), r8(2.0));
  CMP(r8(2.5), cyv(25000));
  CMP(i4(3), null());
  CMP(str(L"abc"), str(L"ABC"));
  CMP(str(L"abc"), str(L"abd"));
  CMP(str(L"b"), str(L"B"));
  CMP(str(L"10"), i4(9));
  CMP(empty(), str(L""));
  CMP(empty(), i4(0));
  CMP(decv(0, 1, 15), r8(1.5));
  CMP(i8(-1), ui1(0));
  CMP(vbool(VARIANT_TRUE), i2(-1));
  {
    VARIANT a = str(L"abc"), b = str(L"ABC");
    printf("VarCmp(abc, ABC, NORM_IGNORECASE) -> %08lx\n", (unsigned long)VarCmp(&a, &b, LCID_US, NORM_IGNORECASE));
    VariantClear(&a);
    VariantClear(&b);
  }
  BIN(VarCat, str(L"ab"), str(L"cd"));
  BIN(VarCat, str(L"n="), i4(42));
  BIN(VarCat, r8(1.5), vbool(VARIANT_TRUE));
  BIN(VarCat, null(), str(L"x"));
  BIN(VarCat, null(), null());
  BIN(VarCat, empty(), i2(7));
  {
    BSTR l = SysAllocString(L"foo"), r = SysAllocString(L"bar"), out = NULL;
    HRESULT hr = VarBstrCat(l, r, &out);
    printf("VarBstrCat(foo, bar) -> %08lx \"%ls\" %u\n", (unsigned long)hr, out, SysStringLen(out));
    SysFreeString(out);
    hr = VarBstrCat(NULL, r, &out);
    printf("VarBstrCat(NULL, bar) -> %08lx \"%ls\"\n", (unsigned long)hr, out);
    SysFreeString(out);
    printf("VarBstrCmp(foo, bar, US) -> %08lx\n", (unsigned long)VarBstrCmp(l, r, LCID_US, 0));
    printf("VarBstrCmp(bar, foo, 0) -> %08lx\n", (unsigned long)VarBstrCmp(r, l, 0, 0));
    printf("VarBstrCmp(NULL, foo) -> %08lx\n", (unsigned long)VarBstrCmp(NULL, l, LCID_US, 0));
    printf("VarBstrCmp(NULL, NULL) -> %08lx\n", (unsigned long)VarBstrCmp(NULL, NULL, LCID_US, 0));
    BSTR u = SysAllocString(L"FOO");
    printf("VarBstrCmp(foo, FOO) -> %08lx\n", (unsigned long)VarBstrCmp(l, u, LCID_US, 0));
    printf("VarBstrCmp(foo, FOO, ignore case) -> %08lx\n", (unsigned long)VarBstrCmp(l, u, LCID_US, NORM_IGNORECASE));
    SysFreeString(u);
    SysFreeString(l);
    SysFreeString(r);
  }
}

static DECIMAL dec(int sign, int scale, ULONG hi, ULONGLONG lo) {
  DECIMAL d;
  memset(&d, 0, sizeof d);
  d.sign = (BYTE)sign;
  d.scale = (BYTE)scale;
  d.Hi32 = hi;
  d.Lo64 = lo;
  return d;
}
static void show_dec(const char* what, HRESULT hr, const DECIMAL* d) {
  printf("%s -> %08lx", what, (unsigned long)hr);
  if (hr == S_OK)
    printf(" scale %u sign %02x hi %lu lo %llu", d->scale, d->sign, (unsigned long)d->Hi32, (unsigned long long)d->Lo64);
  printf("\n");
}

static void decimals(void) {
  DECIMAL a = dec(0, 2, 0, 12345), b = dec(0x80, 1, 0, 7), out;
  show_dec("VarDecAdd(123.45, -0.7)", VarDecAdd(&a, &b, &out), &out);
  show_dec("VarDecSub(123.45, -0.7)", VarDecSub(&a, &b, &out), &out);
  show_dec("VarDecMul(123.45, -0.7)", VarDecMul(&a, &b, &out), &out);
  show_dec("VarDecDiv(123.45, -0.7)", VarDecDiv(&a, &b, &out), &out);
  DECIMAL one = dec(0, 0, 0, 1), three = dec(0, 0, 0, 3), zero = dec(0, 0, 0, 0);
  show_dec("VarDecDiv(1, 3)", VarDecDiv(&one, &three, &out), &out);
  show_dec("VarDecDiv(1, 0)", VarDecDiv(&one, &zero, &out), &out);
  DECIMAL big = dec(0, 0, 0xffffffff, 0xffffffffffffffffull);
  show_dec("VarDecAdd(max, 1)", VarDecAdd(&big, &one, &out), &out);
  DECIMAL half = dec(0, 1, 0, 5);
  show_dec("VarDecAdd(max, 0.5)", VarDecAdd(&big, &half, &out), &out);
  show_dec("VarDecAbs(-0.7)", VarDecAbs(&b, &out), &out);
  show_dec("VarDecNeg(123.45)", VarDecNeg(&a, &out), &out);
  DECIMAL m = dec(0x80, 2, 0, 12345);
  show_dec("VarDecFix(-123.45)", VarDecFix(&m, &out), &out);
  show_dec("VarDecInt(-123.45)", VarDecInt(&m, &out), &out);
  show_dec("VarDecInt(123.45)", VarDecInt(&a, &out), &out);
  DECIMAL r = dec(0, 3, 0, 12346);
  show_dec("VarDecRound(12.346, 2)", VarDecRound(&r, 2, &out), &out);
  show_dec("VarDecRound(123.45, 5)", VarDecRound(&a, 5, &out), &out);
  show_dec("VarDecRound(123.45, -1)", VarDecRound(&a, -1, &out), &out);
  printf("VarDecCmp(123.45, -0.7) -> %08lx\n", (unsigned long)VarDecCmp(&a, &b));
  printf("VarDecCmp(-0.7, 123.45) -> %08lx\n", (unsigned long)VarDecCmp(&b, &a));
  DECIMAL a2 = dec(0, 3, 0, 123450);
  printf("VarDecCmp(123.45, 123.450) -> %08lx\n", (unsigned long)VarDecCmp(&a, &a2));
  printf("VarDecCmpR8(123.45, 123.45) -> %08lx\n", (unsigned long)VarDecCmpR8(&a, 123.45));
  printf("VarDecCmpR8(123.45, 200) -> %08lx\n", (unsigned long)VarDecCmpR8(&a, 200.0));
  DECIMAL bad = dec(0x40, 0, 0, 1);
  show_dec("VarDecAdd(bad sign)", VarDecAdd(&bad, &one, &out), &out);
}

static void currency(void) {
  CY a, b, out;
  a.int64 = 15000;   // 1.5
  b.int64 = -25000;  // -2.5
  HRESULT hr;
#define CYOUT(what, call)                                                    \
  do {                                                                       \
    out.int64 = 0x55;                                                        \
    hr = call;                                                               \
    printf("%s -> %08lx", what, (unsigned long)hr);                          \
    if (hr == S_OK) printf(" %lld", out.int64);                              \
    printf("\n");                                                            \
  } while (0)
  CYOUT("VarCyAdd(1.5, -2.5)", VarCyAdd(a, b, &out));
  CYOUT("VarCySub(1.5, -2.5)", VarCySub(a, b, &out));
  CYOUT("VarCyMul(1.5, -2.5)", VarCyMul(a, b, &out));
  CYOUT("VarCyMulI4(1.5, 7)", VarCyMulI4(a, 7, &out));
  CYOUT("VarCyMulI8(1.5, -3)", VarCyMulI8(a, -3, &out));
  CYOUT("VarCyAbs(-2.5)", VarCyAbs(b, &out));
  CYOUT("VarCyNeg(1.5)", VarCyNeg(a, &out));
  CY c;
  c.int64 = -25001;
  CYOUT("VarCyFix(-2.5001)", VarCyFix(c, &out));
  CYOUT("VarCyInt(-2.5001)", VarCyInt(c, &out));
  c.int64 = 12345;
  CYOUT("VarCyRound(1.2345, 3)", VarCyRound(c, 3, &out));
  CYOUT("VarCyRound(1.2345, 0)", VarCyRound(c, 0, &out));
  CYOUT("VarCyRound(1.2345, -1)", VarCyRound(c, -1, &out));
  c.int64 = 0x7fffffffffffffffLL;
  CYOUT("VarCyAdd(max, 1.5)", VarCyAdd(c, a, &out));
  printf("VarCyCmp(1.5, -2.5) -> %08lx\n", (unsigned long)VarCyCmp(a, b));
  printf("VarCyCmp(-2.5, 1.5) -> %08lx\n", (unsigned long)VarCyCmp(b, a));
  printf("VarCyCmpR8(1.5, 1.5) -> %08lx\n", (unsigned long)VarCyCmpR8(a, 1.5));
  printf("VarCyCmpR8(1.5, 1.50001) -> %08lx\n", (unsigned long)VarCyCmpR8(a, 1.50001));
  double d = 0;
  hr = VarR8Pow(2.0, 10.0, &d);
  printf("VarR8Pow(2, 10) -> %08lx %g\n", (unsigned long)hr, d);
  hr = VarR8Round(2.345, 2, &d);
  printf("VarR8Round(2.345, 2) -> %08lx %.17g\n", (unsigned long)hr, d);
  hr = VarR8Round(2.5, 0, &d);
  printf("VarR8Round(2.5, 0) -> %08lx %g\n", (unsigned long)hr, d);
  hr = VarR8Round(-3.25, 1, &d);
  printf("VarR8Round(-3.25, 1) -> %08lx %g\n", (unsigned long)hr, d);
  hr = VarR8Round(1.0, -1, &d);
  printf("VarR8Round(1, -1) -> %08lx\n", (unsigned long)hr);
  printf("VarR4CmpR8(0.5, 0.5) -> %08lx\n", (unsigned long)VarR4CmpR8(0.5f, 0.5));
  printf("VarR4CmpR8(0.1, 0.1) -> %08lx\n", (unsigned long)VarR4CmpR8(0.1f, 0.1));
}

int main(void) {
  arithmetic();
  logic();
  one_operand();
  compare_concat();
  decimals();
  currency();
  return 0;
}
