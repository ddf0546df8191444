// printf's conversions with Microsoft's rules (shims/core/printf_format.h), over arguments laid out
// as a va_list of 8-byte (x64) or 4-byte (i386) slots.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/printf_format.h"

using namespace polyrun::shims;

namespace {

uint64_t bits_of(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}

uint64_t address_of(const void* p) { return reinterpret_cast<uint64_t>(p); }

// `fmt` formatted with `slots`, a va_list of 8-byte slots.
std::string format64(const char* fmt, std::vector<uint64_t> slots, bool wide = false, bool legacy = true) {
  VarArgs va{nullptr, 0, address_of(slots.data()), 8};
  return format_printf(fmt, va, wide, legacy);
}

TEST(PrintfFormat, IntegersStringsAndCharacters) {
  const char* name = "polyrun";
  EXPECT_EQ(format64("%d|%5i|%-4u|%x|%X|%o", {static_cast<uint64_t>(-7), 42, 3, 255, 255, 8}),
            "-7|   42|3   |ff|FF|10");
  EXPECT_EQ(format64("%hd %hhu", {0x12345, 0x1ff}), "9029 255");
  EXPECT_EQ(format64("%I64d %lld %I64x", {static_cast<uint64_t>(-9000000000ll), 1ull << 40, 0xfedcba9876543210ull}),
            "-9000000000 1099511627776 fedcba9876543210");
  EXPECT_EQ(format64("%zu %Iu", {~0ull, 5}), "18446744073709551615 5");
  EXPECT_EQ(format64("[%s] [%.3s] [%8s] [%-8s]", {address_of(name), address_of(name), address_of(name), address_of(name)}),
            "[polyrun] [pol] [ polyrun] [polyrun ]");
  EXPECT_EQ(format64("%s", {0}), "(null)");
  EXPECT_EQ(format64("%c%c", {'o', 'k'}), "ok");
  EXPECT_EQ(format64("%*d|%-*d|%.*s", {5, 1, 3, 2, 2, address_of(name)}), "    1|2  |po");
  EXPECT_EQ(format64("%p", {0xabc}), "0000000000000ABC");
  EXPECT_EQ(format64("100%% %y", {}), "100% %y");
}

TEST(PrintfFormat, NIsDisabledButTakesItsArgument) {
  int32_t untouched = 77;
  EXPECT_EQ(format64("a%nb%d", {address_of(&untouched), 9}), "ab9");
  EXPECT_EQ(untouched, 77);
}

TEST(PrintfFormat, WideFormatsTakeWideStrings) {
  const char16_t* wide = u"gr\u00fc\u00dfe";
  const char* narrow = "narrow";
  // In a wide function %s is wide and %S narrow; in a narrow one the reverse; h and l say it outright.
  // A wide function's output is UTF-8 here; a narrow one's is the bytes it writes, a wide string's
  // in the ANSI code page (1252: ü is 0xFC, ß 0xDF) and a narrow string's read in it for a wide one.
  EXPECT_EQ(format64("%s %S", {address_of(wide), address_of(narrow)}, true), "gr\xc3\xbc\xc3\x9f" "e narrow");
  EXPECT_EQ(format64("%S %s", {address_of(wide), address_of(narrow)}, false), "gr\xfc\xdf" "e narrow");
  EXPECT_EQ(format64("%ls %hs", {address_of(wide), address_of(narrow)}, false), "gr\xfc\xdf" "e narrow");
  EXPECT_EQ(format64("%c%C", {0xfc, 'x'}, true), "\xc3\xbcx");
  const char* ansi = "caf\xe9";
  EXPECT_EQ(format64("%S|%C", {address_of(ansi), 0xe9}, true), "caf\xc3\xa9|\xc3\xa9");
}

TEST(PrintfFormat, FloatingPointByMsvcrtsRulesOrTheUniversalCrts) {
  EXPECT_EQ(format64("%e|%.2E|%g", {bits_of(1.5), bits_of(12345.678), bits_of(1e-10)}),
            "1.500000e+000|1.23E+004|1e-010");
  EXPECT_EQ(format64("%e|%.2E|%g", {bits_of(1.5), bits_of(12345.678), bits_of(1e-10)}, false, false),
            "1.500000e+00|1.23E+04|1e-10");
  EXPECT_EQ(format64("%14e|", {bits_of(1.5)}), " 1.500000e+000|");  // the padding gives way to the third digit
  EXPECT_EQ(format64("%8.3f|%-8.1f|%+f", {bits_of(3.14159), bits_of(2.5), bits_of(1.0)}), "   3.142|2.5     |+1.000000");
  const double inf = INFINITY, nan = std::nan(""), neg_nan = -std::nan("");
  EXPECT_EQ(format64("%f %e %g", {bits_of(inf), bits_of(-inf), bits_of(inf)}), "1.#INF00 -1.#INF00e+000 1.#INF");
  EXPECT_EQ(format64("%f %.3f %.1f", {bits_of(nan), bits_of(neg_nan), bits_of(nan)}), "1.#QNAN0 -1.#IO 1.$");
  EXPECT_EQ(format64("%f %F %f %5f|", {bits_of(inf), bits_of(-inf), bits_of(neg_nan), bits_of(nan)}, false, false),
            "inf -INF -nan(ind)   nan|");
}

TEST(PrintfFormat, I386SlotsAreFourBytes) {
  // A 64-bit integer takes two slots, a pointer one.
  std::vector<uint32_t> slots = {5, 0x89abcdef, 0x01234567, 0xabc};
  VarArgs va{nullptr, 0, address_of(slots.data()), 4};
  EXPECT_EQ(format_printf("%d %I64x %p", va, false), "5 123456789abcdef 00000ABC");
}

}  // namespace
