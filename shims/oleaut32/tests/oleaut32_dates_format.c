// OLEAUT32's dates and formatting: VarUdateFromDate, VarDateFromUdate(Ex) (fields rolled over),
// VariantTimeToSystemTime, SystemTimeToVariantTime, VariantTimeToDosDateTime,
// DosDateTimeToVariantTime; VarFormat with named and user formats (numbers, dates, text),
// VarTokenizeFormatString with VarFormatFromTokens, VarFormatDateTime, VarFormatNumber,
// VarFormatPercent, VarFormatCurrency, VarMonthName and VarWeekdayName.
// Links: -loleaut32
#include <windows.h>
#include <oleauto.h>
#include <stdio.h>
#include <string.h>

static void show_udate(const char* what, HRESULT hr, const UDATE* u) {
  printf("%s -> %08lx", what, (unsigned long)hr);
  if (hr == S_OK)
    printf(" %04u-%02u-%02u %02u:%02u:%02u.%03u dow %u doy %u", u->st.wYear, u->st.wMonth, u->st.wDay, u->st.wHour,
           u->st.wMinute, u->st.wSecond, u->st.wMilliseconds, u->st.wDayOfWeek, u->wDayOfYear);
  printf("\n");
}

static void dates(void) {
  static const double values[] = {0.0, 1.0, -1.25, 36526.5, 2958465.99999, -657434.0, 39873.999999, 60.0, 61.0, 2.0 / 3.0};
  for (unsigned k = 0; k < sizeof values / sizeof *values; ++k) {
    UDATE u;
    memset(&u, 0, sizeof u);
    char what[64];
    snprintf(what, sizeof what, "VarUdateFromDate(%.10g)", values[k]);
    show_udate(what, VarUdateFromDate(values[k], 0, &u), &u);
  }
  {
    UDATE u;
    show_udate("VarUdateFromDate(2958466)", VarUdateFromDate(2958466.0, 0, &u), &u);
  }
  static const struct {
    WORD y, mo, d, h, mi, s;
    ULONG flags;
  } udates[] = {{2000, 1, 1, 0, 0, 0, 0},    {2000, 13, 1, 0, 0, 0, 0},  {2000, 1, 32, 0, 0, 0, 0},
                {2000, 3, 0, 0, 0, 0, 0},    {2000, 1, 1, 25, 61, 61, 0}, {99, 12, 31, 0, 0, 0, 0},
                {49, 6, 15, 12, 0, 0, 0},    {1899, 12, 29, 6, 0, 0, 0}, {2004, 2, 29, 18, 30, 0, VAR_DATEVALUEONLY},
                {2004, 2, 29, 18, 30, 0, VAR_TIMEVALUEONLY}, {10000, 1, 1, 0, 0, 0, 0}, {2000, 0, 1, 0, 0, 0, 0}};
  for (unsigned k = 0; k < sizeof udates / sizeof *udates; ++k) {
    UDATE u;
    memset(&u, 0, sizeof u);
    u.st.wYear = udates[k].y;
    u.st.wMonth = udates[k].mo;
    u.st.wDay = udates[k].d;
    u.st.wHour = udates[k].h;
    u.st.wMinute = udates[k].mi;
    u.st.wSecond = udates[k].s;
    DATE d = -1;
    HRESULT hr = VarDateFromUdate(&u, udates[k].flags, &d);
    printf("VarDateFromUdate(%u-%u-%u %u:%u:%u, %lx) -> %08lx %.10g\n", udates[k].y, udates[k].mo, udates[k].d,
           udates[k].h, udates[k].mi, udates[k].s, udates[k].flags, (unsigned long)hr, hr == S_OK ? d : 0.0);
  }
  {
    UDATE u;
    memset(&u, 0, sizeof u);
    u.st.wYear = 2010;
    u.st.wMonth = 7;
    u.st.wDay = 4;
    DATE d = 0;
    HRESULT hr = VarDateFromUdateEx(&u, 0x0409, 0, &d);
    printf("VarDateFromUdateEx(2010-7-4) -> %08lx %.10g\n", (unsigned long)hr, d);
  }
  {
    SYSTEMTIME st;
    memset(&st, 0, sizeof st);
    INT r = VariantTimeToSystemTime(40000.75, &st);
    printf("VariantTimeToSystemTime(40000.75) -> %d %u-%u-%u %u:%u:%u dow %u\n", r, st.wYear, st.wMonth, st.wDay,
           st.wHour, st.wMinute, st.wSecond, st.wDayOfWeek);
    r = VariantTimeToSystemTime(3e6, &st);
    printf("VariantTimeToSystemTime(3e6) -> %d\n", r);
    DATE d = 0;
    st.wYear = 1999;
    st.wMonth = 12;
    st.wDay = 31;
    st.wHour = 23;
    st.wMinute = 59;
    st.wSecond = 59;
    st.wMilliseconds = 999;
    r = SystemTimeToVariantTime(&st, &d);
    printf("SystemTimeToVariantTime(1999-12-31 23:59:59.999) -> %d %.10g\n", r, d);
    st.wMonth = 13;
    r = SystemTimeToVariantTime(&st, &d);
    printf("SystemTimeToVariantTime(month 13) -> %d\n", r);
    USHORT dd = 0, dt = 0;
    r = VariantTimeToDosDateTime(36526.5, &dd, &dt);
    printf("VariantTimeToDosDateTime(36526.5) -> %d %04x %04x\n", r, dd, dt);
    r = VariantTimeToDosDateTime(1000.0, &dd, &dt);
    printf("VariantTimeToDosDateTime(1000) -> %d\n", r);
    r = DosDateTimeToVariantTime(0x2821, 0x6000, &d);
    printf("DosDateTimeToVariantTime(2821, 6000) -> %d %.10g\n", r, d);
    r = DosDateTimeToVariantTime(0x2821, 0xc000, &d);
    printf("DosDateTimeToVariantTime(2821, c000) -> %d\n", r);
    r = DosDateTimeToVariantTime(0x21 | (13 << 5), 0, &d);
    printf("DosDateTimeToVariantTime(month 13) -> %d\n", r);
  }
}

static void show_bstr(const char* what, HRESULT hr, BSTR b) {
  printf("%s -> %08lx", what, (unsigned long)hr);
  if (hr == S_OK) {
    printf(" \"%ls\"", b ? b : L"(null)");
    SysFreeString(b);
  }
  printf("\n");
}

static VARIANT r8(double v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_R8; V_R8(&r) = v; return r; }
static VARIANT date(double v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_DATE; V_DATE(&r) = v; return r; }
static VARIANT i4(LONG v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_I4; V_I4(&r) = v; return r; }
static VARIANT str(const WCHAR* s) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_BSTR; V_BSTR(&r) = SysAllocString(s); return r; }
static VARIANT vbool(VARIANT_BOOL v) { VARIANT r; VariantInit(&r); V_VT(&r) = VT_BOOL; V_BOOL(&r) = v; return r; }

static void format1(const char* what, VARIANT v, const WCHAR* fmt) {
  BSTR b = NULL;
  HRESULT hr = VarFormat(&v, (OLECHAR*)fmt, 0, 0, 0, &b);
  char label[200];
  snprintf(label, sizeof label, "VarFormat(%s, \"%ls\")", what, fmt ? fmt : L"(null)");
  show_bstr(label, hr, b);
  VariantClear(&v);
}
#define F(v, fmt) format1(#v, v, fmt)

static void formats(void) {
  F(r8(1234.5678), L"");
  F(r8(1234.5678), L"0.00");
  F(r8(1234.5678), L"#,##0.00");
  F(r8(1234.5), L"#,##0");
  F(r8(0.5), L"#.##");
  F(r8(0.5), L"0.##");
  F(r8(1.0), L"#.#");
  F(r8(-0.004), L"0.0");
  F(r8(12345.678), L"#,##0.0E+00");
  F(r8(-1234.5), L"0.0");
  F(r8(-1234.5), L"0.0;(0.0)");
  F(r8(0.0), L"0.0;(0.0);\"zero\"");
  F(r8(0.256), L"0.0%");
  F(r8(1234567.0), L"0.00E+00");
  F(r8(0.000123), L"0.00E-00");
  F(r8(42.0), L"\"n=\"0");
  F(i4(7), L"000");
  F(r8(1234.5678), L"Fixed");
  F(r8(1234.5678), L"Standard");
  F(r8(0.1234), L"Percent");
  F(r8(1234.5678), L"Scientific");
  F(r8(-1234.5678), L"Currency");
  F(r8(1234.5678), L"General Number");
  F(i4(0), L"Yes/No");
  F(i4(3), L"True/False");
  F(vbool(VARIANT_TRUE), L"On/Off");
  F(date(36526.75), L"General Date");
  F(date(36526.75), L"Long Date");
  F(date(36526.75), L"Short Date");
  F(date(36526.75), L"Long Time");
  F(date(36526.75), L"Medium Time");
  F(date(36526.75), L"Short Time");
  F(date(39873.5211), L"yyyy-mm-dd hh:nn:ss");
  F(date(39873.5211), L"d/m/yy h:n:s");
  F(date(39873.5211), L"dddd, mmmm dd");
  F(date(39873.5211), L"ddd mmm");
  F(date(39873.5211), L"hh:mm AM/PM");
  F(date(39873.0211), L"h:mm am/pm");
  F(date(39873.5211), L"q");
  F(date(39873.5211), L"y");
  F(str(L"hello"), L">@@@@@@@");
  F(str(L"Hello"), L"<&&&");
  F(str(L"12.5"), L"0.00");
  F(str(L"abc"), L"0.00");
  {
    VARIANT v = r8(3.14159);
    BYTE tokens[256];
    int actual = 0;
    HRESULT hr = VarTokenizeFormatString((LPOLESTR)L"0.000", tokens, sizeof tokens, 1, 1, 0x0409, &actual);
    printf("VarTokenizeFormatString(0.000) -> %08lx\n", (unsigned long)hr);
    BSTR b = NULL;
    hr = VarFormatFromTokens(&v, (LPOLESTR)L"0.000", tokens, 0, &b, 0x0409);
    show_bstr("VarFormatFromTokens(3.14159)", hr, b);
    hr = VarTokenizeFormatString((LPOLESTR)L"0.000", tokens, sizeof tokens, 8, 1, 0x0409, &actual);
    printf("VarTokenizeFormatString(first day 8) -> %08lx\n", (unsigned long)hr);
  }
  {
    VARIANT d = date(36526.75);
    static const char* const names[] = {"general", "long date", "short date", "long time", "short time"};
    for (int k = 0; k < 5; ++k) {
      BSTR b = NULL;
      HRESULT hr = VarFormatDateTime(&d, k, 0, &b);
      char what[64];
      snprintf(what, sizeof what, "VarFormatDateTime(%s)", names[k]);
      show_bstr(what, hr, b);
    }
    BSTR b = NULL;
    { HRESULT h_ = VarFormatDateTime(&d, 5, 0, &b); show_bstr("VarFormatDateTime(5)", h_, b); }
  }
  {
    VARIANT v = r8(-1234.5678);
    BSTR b = NULL;
    { HRESULT h_ = VarFormatNumber(&v, -1, -2, -2, -2, 0, &b); show_bstr("VarFormatNumber(-1234.5678, -1, -2, -2, -2)", h_, b); }
    b = NULL;
    { HRESULT h_ = VarFormatNumber(&v, 3, -1, -1, 0, 0, &b); show_bstr("VarFormatNumber(-1234.5678, 3, -1, -1, 0)", h_, b); }
    v = r8(0.5);
    b = NULL;
    { HRESULT h_ = VarFormatNumber(&v, 1, 0, 0, 0, 0, &b); show_bstr("VarFormatNumber(0.5, 1, 0, 0, 0)", h_, b); }
    b = NULL;
    { HRESULT h_ = VarFormatNumber(&v, 10, 0, 0, 0, 0, &b); show_bstr("VarFormatNumber(0.5, 10)", h_, b); }
    v = r8(0.1234);
    b = NULL;
    { HRESULT h_ = VarFormatPercent(&v, 1, -2, -2, -2, 0, &b); show_bstr("VarFormatPercent(0.1234, 1)", h_, b); }
    v = r8(-0.5);
    b = NULL;
    { HRESULT h_ = VarFormatPercent(&v, 0, -2, 0, -2, 0, &b); show_bstr("VarFormatPercent(-0.5, 0)", h_, b); }
    v = r8(1234.567);
    b = NULL;
    { HRESULT h_ = VarFormatCurrency(&v, -1, -2, -2, -2, 0, &b); show_bstr("VarFormatCurrency(1234.567)", h_, b); }
    v = r8(-1234.567);
    b = NULL;
    { HRESULT h_ = VarFormatCurrency(&v, 0, -2, 0, -2, 0, &b); show_bstr("VarFormatCurrency(-1234.567, 0, -1, 0)", h_, b); }
    v = str(L"12.5");
    b = NULL;
    { HRESULT h_ = VarFormatCurrency(&v, -1, -2, -2, -2, 0, &b); show_bstr("VarFormatCurrency(\"12.5\")", h_, b); }
    VariantClear(&v);
  }
  for (int m = 0; m <= 13; m += 1) {
    if (m > 2 && m < 11) continue;
    BSTR b = NULL;
    char what[64];
    snprintf(what, sizeof what, "VarMonthName(%d, 0)", m);
    { HRESULT h_ = VarMonthName(m, 0, 0, &b); show_bstr(what, h_, b); }
    b = NULL;
    snprintf(what, sizeof what, "VarMonthName(%d, 1)", m);
    { HRESULT h_ = VarMonthName(m, 1, 0, &b); show_bstr(what, h_, b); }
  }
  static const int wd[][2] = {{1, 0}, {1, 1}, {1, 2}, {7, 2}, {3, 7}, {0, 1}, {8, 1}, {1, 8}};
  for (unsigned k = 0; k < sizeof wd / sizeof *wd; ++k) {
    BSTR b = NULL;
    char what[64];
    snprintf(what, sizeof what, "VarWeekdayName(%d, 0, %d)", wd[k][0], wd[k][1]);
    { HRESULT h_ = VarWeekdayName(wd[k][0], 0, wd[k][1], 0, &b); show_bstr(what, h_, b); }
    b = NULL;
    snprintf(what, sizeof what, "VarWeekdayName(%d, 1, %d)", wd[k][0], wd[k][1]);
    { HRESULT h_ = VarWeekdayName(wd[k][0], 1, wd[k][1], 0, &b); show_bstr(what, h_, b); }
  }
}

int main(void) {
  dates();
  formats();
  return 0;
}
