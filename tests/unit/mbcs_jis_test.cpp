// Code page 932's arithmetic of the C runtime's JIS functions (shims/msvcrt/mbcs.h): JIS X 0208's
// rows and cells against their Shift-JIS codes, and hiragana against katakana, by the code chart.
#include <gtest/gtest.h>

#include "shims/msvcrt/mbcs.h"

namespace polyrun::shims::mbcs {
namespace {

TEST(MbcsJis, JisToShiftJis) {
  EXPECT_EQ(jis_to_jms(0x2121), 0x8140u);  // the ideographic space
  EXPECT_EQ(jis_to_jms(0x2160), 0x8180u);  // an odd row skips trail 0x7f
  EXPECT_EQ(jis_to_jms(0x217e), 0x819eu);
  EXPECT_EQ(jis_to_jms(0x2221), 0x819fu);  // an even row's first cell
  EXPECT_EQ(jis_to_jms(0x227e), 0x81fcu);
  EXPECT_EQ(jis_to_jms(0x2422), 0x82a0u);  // hiragana a
  EXPECT_EQ(jis_to_jms(0x3021), 0x889fu);  // the first level 1 kanji
  EXPECT_EQ(jis_to_jms(0x5f21), 0xe040u);  // leads past 0x9f continue at 0xe0
  EXPECT_EQ(jis_to_jms(0x7426), 0xeaa4u);  // the last level 2 kanji
  EXPECT_EQ(jis_to_jms(0x2020), 0u);
  EXPECT_EQ(jis_to_jms(0x217f), 0u);
  EXPECT_EQ(jis_to_jms(0x7f21), 0u);
}

TEST(MbcsJis, ShiftJisToJis) {
  for (uint32_t hi = 0x21; hi <= 0x7e; ++hi)
    for (uint32_t lo = 0x21; lo <= 0x7e; ++lo) {
      const uint32_t jms = jis_to_jms(hi << 8 | lo);
      if ((jms >> 8) < 0xf0) EXPECT_EQ(jms_to_jis(jms), hi << 8 | lo) << std::hex << jms;
    }
  EXPECT_EQ(jms_to_jis(0x8140), 0x2121u);
  EXPECT_EQ(jms_to_jis(0x817f), 0u);  // not a trail byte
  EXPECT_EQ(jms_to_jis(0x8040), 0u);  // not a lead byte
  EXPECT_EQ(jms_to_jis(0xf040), 0u);  // user-defined: no JIS value
}

TEST(MbcsJis, Kana) {
  EXPECT_TRUE(jms_hiragana(0x829f));
  EXPECT_TRUE(jms_hiragana(0x82f1));
  EXPECT_FALSE(jms_hiragana(0x82f2));
  EXPECT_TRUE(jms_katakana(0x8340));
  EXPECT_FALSE(jms_katakana(0x837f));
  EXPECT_TRUE(jms_katakana(0x8396));
  EXPECT_EQ(jms_to_katakana(0x82a0), 0x8341u);  // a
  EXPECT_EQ(jms_to_katakana(0x82dd), 0x837eu);  // mi
  EXPECT_EQ(jms_to_katakana(0x82de), 0x8380u);  // mu: past the gap at 0x837f
  EXPECT_EQ(jms_to_hiragana(0x8380), 0x82deu);
  EXPECT_EQ(jms_to_hiragana(0x8341), 0x82a0u);
  EXPECT_EQ(jms_to_hiragana(0x8394), 0x8394u);  // vu has no hiragana here
  EXPECT_EQ(jms_to_hiragana(0x41), 0x41u);
}

}  // namespace
}  // namespace polyrun::shims::mbcs
