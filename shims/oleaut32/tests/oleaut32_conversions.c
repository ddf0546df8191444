// OLEAUT32's conversions: a sample of the VarXxFromYy matrix (ranges, overflow, rounding half to
// even, VARIANT_BOOL, currency and DECIMAL, text both ways with LOCALE_USE_NLS and the date flags),
// VarParseNumFromStr's NUMPARSE and digits, VarNumFromParseNum's choice of type, and
// VariantChangeType(Ex), VariantCopyInd and VariantClear.
// Links: -loleaut32
#include <windows.h>
#include <oleauto.h>
#include <stdio.h>
#include <string.h>

#define LCID_US 0x0409

static void show_bstr(const char* what, HRESULT hr, BSTR b) {
  printf("%s -> %08lx", what, (unsigned long)hr);
  if (hr == S_OK) {
    printf(" \"");
    for (UINT k = 0; b && k < SysStringLen(b); ++k) putchar(b[k] < 128 ? (char)b[k] : '?');
    printf("\"");
    SysFreeString(b);
  }
  printf("\n");
}
static void show_dec(const char* what, HRESULT hr, const DECIMAL* d) {
  printf("%s -> %08lx", what, (unsigned long)hr);
  if (hr == S_OK)
    printf(" scale %u sign %02x hi %08lx lo %016llx", d->scale, d->sign, (unsigned long)d->Hi32,
           (unsigned long long)d->Lo64);
  printf("\n");
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
static CY cy(LONGLONG v) {
  CY c;
  c.int64 = v;
  return c;
}

#define I(call, T, fmt)                                                 \
  do {                                                                  \
    T out = (T)0x55;                                                    \
    HRESULT hr = call;                                                  \
    printf(#call " -> %08lx " fmt "\n", (unsigned long)hr, out);        \
  } while (0)

static void integers(void) {
  I(VarI1FromI2(127, &out), CHAR, "%d");
  I(VarI1FromI2(128, &out), CHAR, "%d");
  I(VarI1FromI4(-129, &out), CHAR, "%d");
  I(VarI1FromUI1(200, &out), CHAR, "%d");
  I(VarI1FromBool(VARIANT_TRUE, &out), CHAR, "%d");
  I(VarI1FromR8(127.5, &out), CHAR, "%d");
  I(VarI1FromR8(-128.5, &out), CHAR, "%d");
  I(VarI1FromR8(2.5, &out), CHAR, "%d");
  I(VarI1FromR8(3.5, &out), CHAR, "%d");
  I(VarI1FromR4(-2.5f, &out), CHAR, "%d");
  I(VarI1FromCy(cy(15000), &out), CHAR, "%d");
  I(VarI1FromCy(cy(25000), &out), CHAR, "%d");
  I(VarI1FromUI8(127, &out), CHAR, "%d");
  I(VarUI1FromI2(-1, &out), BYTE, "%u");
  I(VarUI1FromI4(255, &out), BYTE, "%u");
  I(VarUI1FromBool(VARIANT_TRUE, &out), BYTE, "%u");
  I(VarUI1FromR8(255.4, &out), BYTE, "%u");
  I(VarUI1FromR8(255.5, &out), BYTE, "%u");
  I(VarUI1FromR8(-0.5, &out), BYTE, "%u");
  I(VarUI1FromI1(-1, &out), BYTE, "%u");
  I(VarI2FromI4(32768, &out), SHORT, "%d");
  I(VarI2FromR8(-32768.5, &out), SHORT, "%d");
  I(VarI2FromDate(1.5, &out), SHORT, "%d");
  I(VarI2FromBool(VARIANT_TRUE, &out), SHORT, "%d");
  I(VarI2FromUI2(40000, &out), SHORT, "%d");
  I(VarUI2FromBool(VARIANT_TRUE, &out), USHORT, "%u");
  I(VarUI2FromI4(65535, &out), USHORT, "%u");
  I(VarUI2FromI4(65536, &out), USHORT, "%u");
  I(VarI4FromR8(2147483647.4, &out), LONG, "%ld");
  I(VarI4FromR8(2147483647.5, &out), LONG, "%ld");
  I(VarI4FromUI4(0x80000000u, &out), LONG, "%ld");
  I(VarI4FromCy(cy(-25000), &out), LONG, "%ld");
  I(VarI4FromCy(cy(-35000), &out), LONG, "%ld");
  I(VarI4FromI8(-2147483648LL, &out), LONG, "%ld");
  I(VarUI4FromBool(VARIANT_TRUE, &out), ULONG, "%lu");
  I(VarUI4FromI4(-1, &out), ULONG, "%lu");
  I(VarUI4FromR8(4294967295.4, &out), ULONG, "%lu");
  I(VarI8FromR8(1e18, &out), LONG64, "%lld");
  I(VarI8FromR8(-2.5, &out), LONG64, "%lld");
  I(VarI8FromCy(cy(25000), &out), LONG64, "%lld");
  I(VarI8FromCy(cy(35000), &out), LONG64, "%lld");
  I(VarI8FromUI8(0x8000000000000000ull, &out), LONG64, "%lld");
  I(VarUI8FromI8(-1, &out), ULONG64, "%llu");
  I(VarUI8FromBool(VARIANT_TRUE, &out), ULONG64, "%llx");
  I(VarUI8FromCy(cy(-5000), &out), ULONG64, "%llu");
  I(VarUI8FromCy(cy(-5001), &out), ULONG64, "%llu");
  I(VarUI8FromR8(1e19, &out), ULONG64, "%llu");
}

static void reals(void) {
  I(VarR4FromR8(1e39, &out), float, "%g");
  I(VarR4FromR8(-3.25, &out), float, "%g");
  I(VarR4FromI4(16777217, &out), float, "%.1f");
  I(VarR4FromCy(cy(12345), &out), float, "%g");
  I(VarR4FromBool(VARIANT_TRUE, &out), float, "%g");
  I(VarR8FromCy(cy(-12345678), &out), double, "%.17g");
  I(VarR8FromUI8(18446744073709551615ull, &out), double, "%.17g");
  I(VarR8FromI1(-5, &out), double, "%g");
  I(VarDateFromR8(2958465.9, &out), double, "%.17g");
  I(VarDateFromR8(2958466.0, &out), double, "%.17g");
  I(VarDateFromR8(-657435.0, &out), double, "%.17g");
  I(VarDateFromR8(-657434.5, &out), double, "%.17g");
  I(VarDateFromI4(3000000, &out), double, "%.17g");
  I(VarDateFromUI8(2958465, &out), double, "%.17g");
  I(VarDateFromBool(VARIANT_TRUE, &out), double, "%g");
  {
    CY out;
    HRESULT hr = VarCyFromR8(1.23455, &out);
    printf("VarCyFromR8(1.23455) -> %08lx %lld\n", (unsigned long)hr, out.int64);
    hr = VarCyFromR8(1.23465, &out);
    printf("VarCyFromR8(1.23465) -> %08lx %lld\n", (unsigned long)hr, out.int64);
    hr = VarCyFromR8(1e15, &out);
    printf("VarCyFromR8(1e15) -> %08lx\n", (unsigned long)hr);
    hr = VarCyFromI4(-7, &out);
    printf("VarCyFromI4(-7) -> %08lx %lld\n", (unsigned long)hr, out.int64);
    hr = VarCyFromBool(VARIANT_TRUE, &out);
    printf("VarCyFromBool(TRUE) -> %08lx %lld\n", (unsigned long)hr, out.int64);
    hr = VarCyFromUI8(1234, &out);
    printf("VarCyFromUI8(1234) -> %08lx %lld\n", (unsigned long)hr, out.int64);
    hr = VarCyFromI8(922337203685477LL, &out);
    printf("VarCyFromI8(922337203685477) -> %08lx\n", (unsigned long)hr);
    DECIMAL d = dec(0x80, 5, 0, 123456789);
    hr = VarCyFromDec(&d, &out);
    printf("VarCyFromDec(-1234.56789) -> %08lx %lld\n", (unsigned long)hr, out.int64);
  }
  I(VarBoolFromR8(0.0, &out), VARIANT_BOOL, "%d");
  I(VarBoolFromR8(-0.1, &out), VARIANT_BOOL, "%d");
  I(VarBoolFromI4(2, &out), VARIANT_BOOL, "%d");
  I(VarBoolFromUI1(0, &out), VARIANT_BOOL, "%d");
  I(VarBoolFromCy(cy(1), &out), VARIANT_BOOL, "%d");
}

static void decimals(void) {
  DECIMAL d;
  HRESULT hr;
  hr = VarDecFromI4(-42, &d);
  show_dec("VarDecFromI4(-42)", hr, &d);
  hr = VarDecFromR8(0.1, &d);
  show_dec("VarDecFromR8(0.1)", hr, &d);
  hr = VarDecFromR8(123456.789, &d);
  show_dec("VarDecFromR8(123456.789)", hr, &d);
  hr = VarDecFromR8(-1e20, &d);
  show_dec("VarDecFromR8(-1e20)", hr, &d);
  hr = VarDecFromR8(3.9999999999999991, &d);
  show_dec("VarDecFromR8(3.9999999999999991)", hr, &d);
  hr = VarDecFromR8(1.0 / 3.0, &d);
  show_dec("VarDecFromR8(1/3)", hr, &d);
  hr = VarDecFromR8(1e-10, &d);
  show_dec("VarDecFromR8(1e-10)", hr, &d);
  hr = VarDecFromR4(3.14159274f, &d);
  show_dec("VarDecFromR4(3.14159274)", hr, &d);
  hr = VarDecFromR4(0.5f, &d);
  show_dec("VarDecFromR4(0.5)", hr, &d);
  hr = VarDecFromCy(cy(-12345), &d);
  show_dec("VarDecFromCy(-1.2345)", hr, &d);
  hr = VarDecFromBool(VARIANT_TRUE, &d);
  show_dec("VarDecFromBool(TRUE)", hr, &d);
  hr = VarDecFromUI8(18446744073709551615ull, &d);
  show_dec("VarDecFromUI8(max)", hr, &d);
  hr = VarDecFromStr(L"79228162514264337593543950335", LCID_US, 0, &d);
  show_dec("VarDecFromStr(2^96-1)", hr, &d);
  hr = VarDecFromStr(L"79228162514264337593543950336", LCID_US, 0, &d);
  show_dec("VarDecFromStr(2^96)", hr, &d);
  hr = VarDecFromStr(L"-0.0001", LCID_US, 0, &d);
  show_dec("VarDecFromStr(-0.0001)", hr, &d);
  d = dec(0, 2, 0, 12345);
  {
    double r8;
    LONG i4;
    SHORT i2;
    hr = VarR8FromDec(&d, &r8);
    printf("VarR8FromDec(123.45) -> %08lx %.17g\n", (unsigned long)hr, r8);
    hr = VarI4FromDec(&d, &i4);
    printf("VarI4FromDec(123.45) -> %08lx %ld\n", (unsigned long)hr, i4);
    d = dec(0x80, 1, 0, 25);
    hr = VarI2FromDec(&d, &i2);
    printf("VarI2FromDec(-2.5) -> %08lx %d\n", (unsigned long)hr, i2);
    d = dec(0, 0, 1, 0);
    hr = VarI4FromDec(&d, &i4);
    printf("VarI4FromDec(2^64) -> %08lx\n", (unsigned long)hr);
  }
}

static void texts(void) {
  BSTR b = NULL;
  HRESULT hr;
#define B(call) do { b = NULL; hr = call; show_bstr(#call, hr, b); } while (0)
  B(VarBstrFromI4(-123456, LCID_US, 0, &b));
  B(VarBstrFromUI8(18446744073709551615ull, LCID_US, 0, &b));
  B(VarBstrFromI8(-9223372036854775807LL, LCID_US, 0, &b));
  B(VarBstrFromR8(1.5, LCID_US, 0, &b));
  B(VarBstrFromR8(0.1, LCID_US, 0, &b));
  B(VarBstrFromR8(1e16, LCID_US, 0, &b));
  B(VarBstrFromR8(123456789012345678.0, LCID_US, 0, &b));
  B(VarBstrFromR8(1e-5, LCID_US, 0, &b));
  B(VarBstrFromR8(-0.0, LCID_US, 0, &b));
  B(VarBstrFromR4(3.14159274f, LCID_US, 0, &b));
  B(VarBstrFromR4(1.0f / 3.0f, LCID_US, 0, &b));
  B(VarBstrFromCy(cy(123456), LCID_US, 0, &b));
  B(VarBstrFromCy(cy(-5000), LCID_US, 0, &b));
  B(VarBstrFromCy(cy(70000), LCID_US, 0, &b));
  B(VarBstrFromBool(VARIANT_TRUE, LCID_US, 0, &b));
  B(VarBstrFromBool(VARIANT_FALSE, LCID_US, 0, &b));
  B(VarBstrFromI1(-7, LCID_US, 0, &b));
  B(VarBstrFromUI2(65535, LCID_US, 0, &b));
  B(VarBstrFromDate(0.0, LCID_US, 0, &b));
  B(VarBstrFromDate(36526.0, LCID_US, 0, &b));
  B(VarBstrFromDate(36526.75, LCID_US, 0, &b));
  B(VarBstrFromDate(0.5, LCID_US, 0, &b));
  B(VarBstrFromDate(-1.25, LCID_US, 0, &b));
  B(VarBstrFromDate(36526.75, LCID_US, VAR_DATEVALUEONLY, &b));
  B(VarBstrFromDate(36526.75, LCID_US, VAR_TIMEVALUEONLY, &b));
  {
    DECIMAL d = dec(0x80, 3, 0, 1234500);
    B(VarBstrFromDec(&d, LCID_US, 0, &b));
    d = dec(0, 0, 0xffffffff, 0xffffffffffffffffull);
    B(VarBstrFromDec(&d, LCID_US, 0, &b));
  }
  B(VarBstrFromR8(-1234.5678, LCID_US, LOCALE_USE_NLS, &b));
  B(VarBstrFromCy(cy(12345678), LCID_US, LOCALE_USE_NLS, &b));
  B(VarBstrFromI4(5, LCID_US, 0, NULL));
}

static void from_strings(void) {
  static const WCHAR* const samples[] = {L"12", L"  12 ", L"-12", L"+7", L"1,234", L"1.5", L"2.5", L"-0.5", L"1e3",
                                         L"1.5E-1", L"&HFF", L"&o17", L"(5)", L"$12.50", L"12-", L"abc", L"",
                                         L"1 2", L"0x10", L"1e", L"300", L".5", L"99999999999999999999",
                                         L"-1e-320", L"&HFFFFFFFF", L"&H80000000", L"1e309"};
  for (unsigned k = 0; k < sizeof samples / sizeof *samples; ++k) {
    LONG i4 = 0x55;
    double r8 = 0;
    BYTE ui1 = 0x55;
    CY c;
    c.int64 = 0x55;
    HRESULT h1 = VarI4FromStr((OLECHAR*)samples[k], LCID_US, 0, &i4);
    HRESULT h2 = VarR8FromStr((OLECHAR*)samples[k], LCID_US, 0, &r8);
    HRESULT h3 = VarUI1FromStr((OLECHAR*)samples[k], LCID_US, 0, &ui1);
    HRESULT h4 = VarCyFromStr((OLECHAR*)samples[k], LCID_US, 0, &c);
    printf("\"%ls\": I4 %08lx %ld, R8 %08lx %.17g, UI1 %08lx %u, CY %08lx %lld\n", samples[k], (unsigned long)h1,
           h1 == S_OK ? i4 : 0, (unsigned long)h2, h2 == S_OK ? r8 : 0.0, (unsigned long)h3, h3 == S_OK ? ui1 : 0,
           (unsigned long)h4, h4 == S_OK ? c.int64 : 0);
  }
  static const WCHAR* const bools[] = {L"True", L"FALSE", L"#TRUE#", L"#false#", L"0", L"-3.5", L"yes", L"on"};
  for (unsigned k = 0; k < sizeof bools / sizeof *bools; ++k) {
    VARIANT_BOOL v = 0x55;
    HRESULT hr = VarBoolFromStr((OLECHAR*)bools[k], LCID_US, 0, &v);
    printf("VarBoolFromStr(\"%ls\") -> %08lx %d\n", bools[k], (unsigned long)hr, hr == S_OK ? v : 0);
  }
  static const WCHAR* const dates[] = {L"1/2/2003",          L"2003-01-02",        L"January 2, 2003", L"2 Jan 2003",
                                       L"12:30",             L"12:30:45 PM",       L"1/2/2003 6:15 AM", L"13/13/2003",
                                       L"Feb 29 2004",       L"Feb 30 2004",       L"hello",           L"25:00",
                                       L"Monday, March 3, 2008", L"12/31/99", L"1/2/30",
                                       L"1.2.2003",          L"Jan 2003",          L"3 PM",            L"3pm",
                                       L"1/2/2003 13:00 PM", L"15:30:00.5",        L"June 2003"};
  for (unsigned k = 0; k < sizeof dates / sizeof *dates; ++k) {
    DATE d = 0;
    HRESULT hr = VarDateFromStr((OLECHAR*)dates[k], LCID_US, 0, &d);
    printf("VarDateFromStr(\"%ls\") -> %08lx %.10g\n", dates[k], (unsigned long)hr, hr == S_OK ? d : 0.0);
  }
  {
    DATE d = 0;
    HRESULT hr = VarDateFromStr(L"1/2/2003 6:00 PM", LCID_US, VAR_DATEVALUEONLY, &d);
    printf("VarDateFromStr(DATEVALUEONLY) -> %08lx %.10g\n", (unsigned long)hr, d);
    hr = VarDateFromStr(L"1/2/2003 6:00 PM", LCID_US, VAR_TIMEVALUEONLY, &d);
    printf("VarDateFromStr(TIMEVALUEONLY) -> %08lx %.10g\n", (unsigned long)hr, d);
  }
}

static void parse_numbers(void) {
  static const struct {
    const WCHAR* text;
    ULONG flags;
  } cases[] = {{L"12345", NUMPRS_STD},       {L"1200", NUMPRS_STD},          {L"0012.3400", NUMPRS_STD},
               {L"-1.5e3", NUMPRS_STD},      {L"  7  ", NUMPRS_STD},         {L"&H1F", NUMPRS_STD},
               {L"&O17", NUMPRS_STD},        {L"(12)", NUMPRS_STD},          {L"12 abc", NUMPRS_STD},
               {L"12 abc", NUMPRS_STD & ~NUMPRS_USE_ALL}, {L"1,000", 0},     {L"$5", NUMPRS_CURRENCY},
               {L"5-", NUMPRS_TRAILING_MINUS}, {L"0", NUMPRS_STD},           {L".", NUMPRS_STD},
               {L"123456789", NUMPRS_STD}};
  for (unsigned k = 0; k < sizeof cases / sizeof *cases; ++k) {
    NUMPARSE np;
    BYTE digits[32];
    memset(digits, 0xee, sizeof digits);
    np.cDig = k == sizeof cases / sizeof *cases - 1 ? 4 : 32;
    np.dwInFlags = cases[k].flags;
    HRESULT hr = VarParseNumFromStr((OLECHAR*)cases[k].text, LCID_US, 0, &np, digits);
    printf("VarParseNumFromStr(\"%ls\", %lx) -> %08lx cDig %d out %lx used %d shift %d pwr10 %d digits", cases[k].text,
           cases[k].flags, (unsigned long)hr, np.cDig, np.dwOutFlags, np.cchUsed, np.nBaseShift, np.nPwr10);
    for (int d = 0; hr == S_OK && d < np.cDig && d < 32; ++d) printf(" %d", digits[d]);
    printf("\n");
    if (hr == S_OK) {
      static const ULONG bits[] = {VTBIT_I1 | VTBIT_UI1 | VTBIT_I2 | VTBIT_I4 | VTBIT_R8, VTBIT_R8, VTBIT_UI1,
                                   VTBIT_DECIMAL, VTBIT_CY, VTBIT_I8 | VTBIT_UI8};
      for (unsigned b = 0; b < sizeof bits / sizeof *bits; ++b) {
        VARIANT v;
        VariantInit(&v);
        HRESULT h = VarNumFromParseNum(&np, digits, bits[b], &v);
        printf("  bits %04lx -> %08lx vt %d", bits[b], (unsigned long)h, h == S_OK ? V_VT(&v) : -1);
        if (h == S_OK) {
          VARIANT s;
          VariantInit(&s);
          if (VariantChangeTypeEx(&s, &v, LCID_US, 0, VT_BSTR) == S_OK) {
            printf(" \"%ls\"", V_BSTR(&s));
            VariantClear(&s);
          }
        }
        printf("\n");
      }
    }
  }
}

static void show_variant(const char* what, HRESULT hr, VARIANT* v) {
  printf("%s -> %08lx", what, (unsigned long)hr);
  if (hr == S_OK) {
    printf(" vt %d", V_VT(v));
    VARIANT s;
    VariantInit(&s);
    if (V_VT(v) == VT_BSTR) printf(" \"%ls\"", V_BSTR(v));
    else if (V_VT(v) != VT_EMPTY && V_VT(v) != VT_NULL && VariantChangeTypeEx(&s, v, LCID_US, 0, VT_BSTR) == S_OK)
      printf(" %ls", V_BSTR(&s));
    VariantClear(&s);
  }
  printf("\n");
}

static void change_types(void) {
  VARIANT src, dst;
  HRESULT hr;
  VariantInit(&src);
  VariantInit(&dst);
  V_VT(&src) = VT_I4;
  V_I4(&src) = 300;
  hr = VariantChangeType(&dst, &src, 0, VT_UI1);
  show_variant("I4 300 -> UI1", hr, &dst);
  hr = VariantChangeType(&dst, &src, 0, VT_BSTR);
  show_variant("I4 300 -> BSTR", hr, &dst);
  VariantClear(&dst);
  hr = VariantChangeType(&dst, &src, 0, VT_R8);
  show_variant("I4 300 -> R8", hr, &dst);
  hr = VariantChangeType(&dst, &src, 0, VT_DECIMAL);
  show_variant("I4 300 -> DECIMAL", hr, &dst);
  hr = VariantChangeType(&dst, &src, 0, VT_ERROR);
  show_variant("I4 300 -> ERROR", hr, &dst);
  hr = VariantChangeType(&dst, &src, 0, VT_NULL);
  show_variant("I4 300 -> NULL", hr, &dst);
  V_VT(&src) = VT_BOOL;
  V_BOOL(&src) = VARIANT_TRUE;
  hr = VariantChangeType(&dst, &src, 0, VT_BSTR);
  show_variant("BOOL TRUE -> BSTR", hr, &dst);
  VariantClear(&dst);
  hr = VariantChangeType(&dst, &src, VARIANT_ALPHABOOL, VT_BSTR);
  show_variant("BOOL TRUE -> BSTR (ALPHABOOL)", hr, &dst);
  VariantClear(&dst);
  hr = VariantChangeType(&dst, &src, 0, VT_DECIMAL);
  printf("BOOL TRUE -> DECIMAL: %08lx lo %llu sign %02x\n", (unsigned long)hr, (unsigned long long)V_DECIMAL(&dst).Lo64,
         V_DECIMAL(&dst).sign);
  hr = VariantChangeType(&dst, &src, 0, VT_UI2);
  show_variant("BOOL TRUE -> UI2", hr, &dst);
  V_VT(&src) = VT_UI1;
  V_UI1(&src) = 200;
  hr = VariantChangeType(&dst, &src, 0, VT_I1);
  printf("UI1 200 -> I1: %08lx vt %d %d\n", (unsigned long)hr, V_VT(&dst), V_I1(&dst));
  V_VT(&src) = VT_EMPTY;
  hr = VariantChangeType(&dst, &src, 0, VT_I4);
  show_variant("EMPTY -> I4", hr, &dst);
  hr = VariantChangeType(&dst, &src, 0, VT_BSTR);
  show_variant("EMPTY -> BSTR", hr, &dst);
  VariantClear(&dst);
  V_VT(&src) = VT_NULL;
  hr = VariantChangeType(&dst, &src, 0, VT_I4);
  show_variant("NULL -> I4", hr, &dst);
  hr = VariantChangeType(&dst, &src, 0, VT_EMPTY);
  show_variant("NULL -> EMPTY", hr, &dst);
  V_VT(&src) = VT_BSTR;
  V_BSTR(&src) = SysAllocString(L"  42.5 ");
  hr = VariantChangeType(&dst, &src, 0, VT_I2);
  show_variant("BSTR \"  42.5 \" -> I2", hr, &dst);
  hr = VariantChangeType(&dst, &src, 0, VT_DATE);
  show_variant("BSTR \"  42.5 \" -> DATE", hr, &dst);
  hr = VariantChangeType(&dst, &src, 0, VT_BOOL);
  show_variant("BSTR \"  42.5 \" -> BOOL", hr, &dst);
  hr = VariantChangeType(&src, &src, 0, VT_CY);
  show_variant("BSTR in place -> CY", hr, &src);
  {
    LONG target = 77;
    V_VT(&src) = VT_I4 | VT_BYREF;
    V_I4REF(&src) = &target;
    hr = VariantChangeType(&dst, &src, 0, VT_R4);
    show_variant("BYREF I4 77 -> R4", hr, &dst);
    hr = VariantCopyInd(&dst, &src);
    show_variant("VariantCopyInd(BYREF I4)", hr, &dst);
    V_VT(&src) = VT_I4 | VT_BYREF;
    V_I4REF(&src) = NULL;
    hr = VariantChangeType(&dst, &src, 0, VT_R4);
    printf("BYREF NULL -> R4: %08lx\n", (unsigned long)hr);
  }
  V_VT(&src) = VT_R8;
  V_R8(&src) = 1e300;
  hr = VariantChangeType(&dst, &src, 0, VT_R4);
  show_variant("R8 1e300 -> R4", hr, &dst);
  hr = VariantChangeType(&dst, &src, 0, (VARTYPE)15);
  printf("R8 -> 15: %08lx\n", (unsigned long)hr);
  V_VT(&src) = (VARTYPE)15;
  hr = VariantClear(&src);
  printf("VariantClear(vt 15): %08lx\n", (unsigned long)hr);
  V_VT(&src) = VT_BSTR;
  V_BSTR(&src) = SysAllocString(L"text");
  hr = VariantCopy(&dst, &src);
  printf("VariantCopy(BSTR): %08lx vt %d \"%ls\" distinct %d\n", (unsigned long)hr, V_VT(&dst), V_BSTR(&dst),
         V_BSTR(&dst) != V_BSTR(&src));
  hr = VariantClear(&dst);
  printf("VariantClear(BSTR): %08lx vt %d\n", (unsigned long)hr, V_VT(&dst));
  VariantClear(&src);
  V_VT(&src) = VT_INT;
  V_INT(&src) = -5;
  hr = VariantChangeType(&dst, &src, 0, VT_I8);
  show_variant("INT -5 -> I8", hr, &dst);
  hr = VariantChangeType(&dst, &src, 0, VT_UI4);
  printf("INT -5 -> UI4: %08lx vt %d %lu\n", (unsigned long)hr, V_VT(&dst), V_UI4(&dst));
  V_VT(&src) = VT_I2;
  V_I2(&src) = -300;
  hr = VariantChangeType(&dst, &src, 0, VT_UI2);
  printf("I2 -300 -> UI2: %08lx vt %d %u\n", (unsigned long)hr, V_VT(&dst), V_UI2(&dst));
  V_VT(&src) = VT_UI8;
  V_UI8(&src) = 18000000000000000000ull;
  hr = VariantChangeType(&dst, &src, 0, VT_I8);
  printf("UI8 -> I8: %08lx vt %d %lld\n", (unsigned long)hr, V_VT(&dst), V_I8(&dst));
  V_VT(&src) = VT_BSTR;
  V_BSTR(&src) = SysAllocString(L"12.5");
  hr = VariantChangeType(&dst, &src, 0, VT_DATE);
  show_variant("BSTR \"12.5\" -> DATE", hr, &dst);
  hr = VariantChangeType(&dst, &src, 0, VT_ERROR);
  printf("BSTR -> ERROR: %08lx\n", (unsigned long)hr);
  VariantClear(&src);
}

int main(void) {
  integers();
  reals();
  decimals();
  texts();
  from_strings();
  parse_numbers();
  change_types();
  return 0;
}
