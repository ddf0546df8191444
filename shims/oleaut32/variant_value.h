// OLEAUT32's values on polyrun's side: a VARIANT's content read into host types (Value), the
// DECIMAL type's arithmetic (Decimal, oleaut32/decimal.cpp), the conversions between the VARTYPEs
// (convert, oleaut32/conversions.cpp), numbers and dates as text (oleaut32/number_text.cpp,
// oleaut32/dates.cpp) and the export lists each file adds to the DLL (oleaut32/oleaut32.cpp joins
// them). Shared by the folder's files in namespace oleaut.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/core/shim.h"
#include "shims/core/windows_process.h"
#include "shims/ole32/com_object.h"

namespace polyrun::shims::oleaut {

// HRESULTs of Automation (winerror.h).
inline constexpr int32_t DISP_E_MEMBERNOTFOUND = static_cast<int32_t>(0x80020003),
                         DISP_E_PARAMNOTFOUND = static_cast<int32_t>(0x80020004),
                         DISP_E_TYPEMISMATCH = static_cast<int32_t>(0x80020005),
                         DISP_E_BADVARTYPE = static_cast<int32_t>(0x80020008),
                         DISP_E_OVERFLOW = static_cast<int32_t>(0x8002000a),
                         DISP_E_BADINDEX = static_cast<int32_t>(0x8002000b),
                         DISP_E_ARRAYISLOCKED = static_cast<int32_t>(0x8002000d),
                         DISP_E_DIVBYZERO = static_cast<int32_t>(0x80020012),
                         E_UNEXPECTED = static_cast<int32_t>(0x8000ffff);

// VARTYPEs beyond the ones com_object.h names.
inline constexpr uint16_t VT_HRESULT = 25, VT_VOID = 24, VT_PTR = 26, VT_SAFEARRAY = 27, VT_CARRAY = 28,
                          VT_USERDEFINED = 29, VT_RECORD = 36, VT_INT_PTR = 37, VT_UINT_PTR = 38,
                          VT_TYPEMASK = 0x0fff, VT_RESERVED = 0x8000;

// VariantChangeType(Ex)'s flags, and the VarXxFromStr / VarBstrFromXx ones (oleauto.h).
inline constexpr uint32_t VARIANT_NOVALUEPROP = 0x1, VARIANT_ALPHABOOL = 0x2, VARIANT_NOUSEROVERRIDE = 0x4,
                          VARIANT_CALENDAR_HIJRI = 0x8, VARIANT_LOCALBOOL = 0x10, VARIANT_CALENDAR_THAI = 0x20,
                          VARIANT_CALENDAR_GREGORIAN = 0x40, VARIANT_USE_NLS = 0x80;
inline constexpr uint32_t VAR_TIMEVALUEONLY = 0x1, VAR_DATEVALUEONLY = 0x2, VAR_VALIDDATE = 0x4,
                          VAR_CALENDAR_HIJRI = 0x8, VAR_LOCALBOOL = 0x10, VAR_FORMAT_NOSUBSTITUTE = 0x20,
                          VAR_FOURDIGITYEARS = 0x40, VAR_CALENDAR_THAI = 0x80, VAR_CALENDAR_GREGORIAN = 0x100,
                          LOCALE_USE_NLS = 0x10000000, LOCALE_NOUSEROVERRIDE = 0x80000000;
// IRecordInfo's methods after IUnknown's (RecordInit 3 …), and IDispatch's IID.
inline constexpr unsigned kRecordClear = 4, kRecordCopy = 5, kRecordGetSize = 8;
inline constexpr GuidBytes kIidIDispatch = make_guid(0x00020400, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});

// VarCmp's and the VarXxCmp functions' results.
inline constexpr int32_t VARCMP_LT = 0, VARCMP_EQ = 1, VARCMP_GT = 2, VARCMP_NULL = 3;

// VARIANT_BOOL.
inline constexpr int16_t VARIANT_TRUE = -1, VARIANT_FALSE = 0;

// A DECIMAL: a 96-bit magnitude, a power of ten it is divided by (0 to 28) and a sign.
struct Decimal {
  unsigned __int128 mant = 0;
  uint8_t scale = 0;
  bool neg = false;
};
inline constexpr unsigned __int128 kDecMax = (static_cast<unsigned __int128>(1) << 96) - 1;
Decimal read_decimal(uint64_t addr);
// (wReserved, the first 2 bytes, is left as it is: a VARIANT's vt there.)
void write_decimal(uint64_t addr, const Decimal& d);
// Brings a magnitude of up to 256 bits (digits: little-endian 32-bit words) at `scale` into a
// DECIMAL, rounding half to even the digits that do not fit; false when the whole part alone does not.
bool decimal_fit(std::vector<uint32_t> digits, int scale, bool neg, Decimal& out);
double decimal_to_double(const Decimal& d);
int32_t decimal_from_double(double v, Decimal& out, bool single);  // single: the value was an R4
int32_t decimal_add(const Decimal& a, const Decimal& b, Decimal& out);
int32_t decimal_mul(const Decimal& a, const Decimal& b, Decimal& out);
int32_t decimal_div(const Decimal& a, const Decimal& b, Decimal& out);
int decimal_cmp(const Decimal& a, const Decimal& b);  // -1, 0, 1
// Rounded to `places` decimals (half to even), and the whole part (towards zero: fix; towards
// minus infinity: int).
Decimal decimal_round(const Decimal& d, int places);
Decimal decimal_fix(const Decimal& d);
Decimal decimal_int(const Decimal& d);
std::u16string decimal_text(const Decimal& d);  // "-123.45", '.' the separator
bool decimal_is_zero(const Decimal& d);

// A VARIANT's content on polyrun's side. Integers (I1 … I8, BOOL, ERROR, INT, the CY's scaled
// integer) are in i, unsigned ones (UI1 … UI8, UINT) in u, R4, R8 and DATE in r, a BSTR's text in s
// (null_bstr: the BSTR was NULL), DISPATCH and UNKNOWN interface pointers and BYREF addresses in ptr.
struct Value {
  uint16_t vt = VT_EMPTY;
  int64_t i = 0;
  uint64_t u = 0;
  double r = 0;
  Decimal dec;
  std::u16string s;
  bool null_bstr = false;
  uint64_t ptr = 0;
  uint64_t record = 0;  // VT_RECORD's IRecordInfo
};

uint64_t variant_size(WindowsProcess& p);  // 16 bytes on i386, 24 on x64
// The content of the VARIANT at addr (a BYREF one's own pointer in ptr; its target read by deref).
Value read_variant(WindowsProcess& p, uint64_t addr);
// The value a BYREF VARIANT points at, with vt without VT_BYREF; DISP_E_BADVARTYPE for types a
// reference cannot hold.
int32_t deref_variant(WindowsProcess& p, const Value& byref, Value& out);
// Stores a value into the VARIANT at addr (a new BSTR for s; interface pointers are stored as they
// are, the caller having counted the reference). E_OUTOFMEMORY when the BSTR cannot be made.
int32_t write_variant(WindowsProcess& p, uint64_t addr, const Value& v);
// The value's bytes as the VARIANT's data holds them, written at `addr` (the VarXxFromYy out
// parameters): 1, 2, 4 or 8 bytes, a DECIMAL's 16 or a new BSTR.
int32_t write_scalar(WindowsProcess& p, uint64_t addr, const Value& v);

// BSTRs.
uint64_t make_bstr(WindowsProcess& p, const std::u16string& s);
std::u16string bstr_text(uint64_t bstr);  // empty for NULL
uint32_t bstr_bytes(uint64_t bstr);

// Windows' banker's rounding of a double to a whole number (half to even).
double round_half_even(double v);

// The conversion of `in` to the type `to` (no VT_BYREF, no VT_ARRAY), as VariantChangeTypeEx and
// the VarXxFromYy functions do it: `flags` are the VAR_* / LOCALE_* ones of the VarXxFromStr and
// VarBstrFromXx functions; `alpha_bool` gives "True"/"False" for a VT_BOOL made text (VariantChangeType's
// VARIANT_ALPHABOOL or VARIANT_LOCALBOOL), else "-1"/"0".
int32_t convert(WindowsProcess& p, const Value& in, uint16_t to, uint32_t lcid, uint32_t flags, Value& out,
                bool alpha_bool = true);

// IDispatch::Invoke(DISPID_VALUE, IID_NULL, lcid, DISPATCH_PROPERTYGET, no arguments): the object's
// value property (its BSTR's text copied, the VARIANT then cleared); DISP_E_TYPEMISMATCH when the
// call fails, DISP_E_BADVARTYPE for a NULL object.
int32_t dispatch_value(WindowsProcess& p, uint64_t disp, uint32_t lcid, Value& out);

// Text: numbers (number_text.cpp).
struct ParsedNumber {
  std::vector<uint8_t> digits;  // without leading zeros; trailing zeros moved into pwr10
  int pwr10 = 0;
  int base_shift = 0;  // 0 decimal, 3 octal, 4 hexadecimal (digits then are 0-15)
  bool neg = false;
  uint32_t out_flags = 0;
  int used = 0;
};
inline constexpr uint32_t NUMPRS_LEADING_WHITE = 0x1, NUMPRS_TRAILING_WHITE = 0x2, NUMPRS_LEADING_PLUS = 0x4,
                          NUMPRS_TRAILING_PLUS = 0x8, NUMPRS_LEADING_MINUS = 0x10, NUMPRS_TRAILING_MINUS = 0x20,
                          NUMPRS_HEX_OCT = 0x40, NUMPRS_PARENS = 0x80, NUMPRS_DECIMAL = 0x100,
                          NUMPRS_THOUSANDS = 0x200, NUMPRS_CURRENCY = 0x400, NUMPRS_EXPONENT = 0x800,
                          NUMPRS_USE_ALL = 0x1000, NUMPRS_STD = 0x1fff, NUMPRS_NEG = 0x10000,
                          NUMPRS_INEXACT = 0x20000;
int32_t parse_number(const std::u16string& text, uint32_t in_flags, size_t max_digits, ParsedNumber& out);
// The parsed number as the first type of `vt_bits` (1 << VT_xx) it fits, VarNumFromParseNum's rule.
int32_t number_from_parsed(const ParsedNumber& n, uint32_t vt_bits, Value& out);
// A double as Windows writes it: %.15G (R8) or %.7G (R4), no negative zero.
std::u16string real_text(double v, int significant);
std::u16string int_text(int64_t v);
std::u16string uint_text(uint64_t v);
// Locale text for numbers of `lcid` (one locale, English (United States)): a string of digits
// with '.' as decimal point formatted as GetNumberFormat / GetCurrencyFormat do by default.
std::u16string nls_number(const std::u16string& plain, bool currency);

// Dates (dates.cpp).
struct Udate {
  uint16_t year = 0, month = 0, day_of_week = 0, day = 0, hour = 0, minute = 0, second = 0, ms = 0;
  uint16_t day_of_year = 0;
};
inline constexpr double kDateMin = -657434.0, kDateMax = 2958465.0;
bool date_to_udate(double date, Udate& out);  // false outside the DATE range
int32_t udate_to_date(Udate in, uint32_t flags, double& out);
std::u16string date_text(double date, uint32_t flags);
int32_t date_from_text(const std::u16string& text, uint32_t flags, double& out);

// English (United States) names.
extern const char* const kMonthNames[12];
extern const char* const kMonthAbbrevs[12];
extern const char* const kDayNames[7];  // Sunday first
extern const char* const kDayAbbrevs[7];
std::u16string u16(const char* ascii);

// A VARIANT argument passed by value: x64 passes a pointer to a copy, i386 its 16 bytes on the
// stack (held here until the function puts them in guest memory).
struct VariantByValue {
  static constexpr uint16_t kStackBytes = 16;
  uint64_t pointer = 0;          // x64
  uint32_t words[4] = {0, 0, 0, 0};  // i386
};

// Stops the program: what it asked of OLEAUT32 (`what`, after "OLEAUT32.dll!") polyrun does not do.
[[noreturn]] void stop_unimplemented(WindowsProcess& p, const char* what);

// The file's exports, joined into the DLL's table (oleaut32.cpp).
const std::vector<Export>& conversion_exports();
const std::vector<Export>& decimal_exports();
const std::vector<Export>& number_text_exports();
const std::vector<Export>& date_exports();
const std::vector<Export>& variant_exports();
const std::vector<Export>& arithmetic_exports();
const std::vector<Export>& currency_exports();
const std::vector<Export>& safearray_exports();
const std::vector<Export>& format_exports();
const std::vector<Export>& automation_misc_exports();
const std::vector<Export>& dispatch_exports();
const std::vector<Export>& wire_form_exports();
const std::vector<Export>& class_object_exports();

// VariantClear's and VariantCopy's work (variant.cpp), for SAFEARRAYs of VARIANTs and the arithmetic.
int32_t clear_variant(WindowsProcess& p, uint64_t v);
int32_t copy_variant(WindowsProcess& p, uint64_t dst, uint64_t src);
int32_t copy_ind(WindowsProcess& p, uint64_t dst, uint64_t src);  // VariantCopyInd
int32_t change_type(WindowsProcess& p, uint64_t dst, uint64_t src, uint32_t lcid, uint16_t flags, uint16_t vt);

// DispCallFunc (dispatch.cpp): the function at `offset`, or the method at that byte offset of
// `instance`'s vtable, called with the `count` VARIANTs at `args` (pointers) as arguments of the
// types at `vts`; its result of type `ret_vt` into the VARIANT `result`.
int32_t disp_call_func(WindowsProcess& p, uint64_t instance, uint64_t offset, uint32_t cc, uint16_t ret_vt,
                       uint32_t count, uint64_t vts, uint64_t args, uint64_t result);

// SAFEARRAYs (safearray.cpp), for VARIANTs holding them.
int32_t safearray_destroy(WindowsProcess& p, uint64_t psa);
int32_t safearray_copy(WindowsProcess& p, uint64_t psa, uint64_t& out);
// A one-dimensional SAFEARRAY of `count` VARIANTs from 0, its elements at `data`; 0 when out of memory.
uint64_t variant_vector(WindowsProcess& p, uint32_t count, uint64_t& data);
// A one-dimensional array of bytes holding a BSTR's bytes (VectorFromBstr).
int32_t vector_from_bstr(WindowsProcess& p, uint64_t bstr, uint64_t& out);

}  // namespace polyrun::shims::oleaut

namespace polyrun::shims {
template <>
struct Arg<oleaut::VariantByValue> {
  template <typename Frame>
  static oleaut::VariantByValue read(Frame& f, unsigned& slot) {
    oleaut::VariantByValue v;
    if (f.slot_bytes() == 8) {
      v.pointer = f.int_arg(slot++);
    } else {
      for (uint32_t& w : v.words) w = static_cast<uint32_t>(f.int_arg(slot++));
    }
    return v;
  }
  static std::string show(const oleaut::VariantByValue& v) { return v.pointer ? show_hex(v.pointer) : "VARIANT"; }
};
}  // namespace polyrun::shims
