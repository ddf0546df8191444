// The textkit suite: plain, value-parameterised, typed and death tests, threads, a data file read
// relative to the working directory.
#include <gtest/gtest.h>

#include <cstdlib>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include "textkit.h"

using textkit::parse_int;

TEST(Split, KeepsEmptyFields) {
  auto parts = textkit::split("a,,b,", ',');
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0], "a");
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(parts[2], "b");
  EXPECT_EQ(parts[3], "");
}

TEST(Split, JoinUndoesSplit) {
  const std::string text = "one two  three";
  EXPECT_EQ(textkit::join(textkit::split(text, ' '), " "), text);
}

class ParseIntValid : public ::testing::TestWithParam<std::tuple<const char*, long long>> {};

TEST_P(ParseIntValid, ParsesTheValue) {
  auto [text, expected] = GetParam();
  auto v = parse_int(text);
  ASSERT_TRUE(v.has_value()) << text;
  EXPECT_EQ(*v, expected);
}

INSTANTIATE_TEST_SUITE_P(Numbers, ParseIntValid,
                         ::testing::Values(std::make_tuple("0", 0LL), std::make_tuple("42", 42LL),
                                           std::make_tuple("-17", -17LL), std::make_tuple("+5", 5LL),
                                           std::make_tuple("9223372036854775807", 9223372036854775807LL),
                                           std::make_tuple("-9223372036854775808", (-9223372036854775807LL - 1))));

class ParseIntInvalid : public ::testing::TestWithParam<const char*> {};

TEST_P(ParseIntInvalid, Refuses) { EXPECT_FALSE(parse_int(GetParam()).has_value()) << GetParam(); }

INSTANTIATE_TEST_SUITE_P(Garbage, ParseIntInvalid,
                         ::testing::Values("", "-", "12a", " 1", "9223372036854775808", "0x10"));

template <typename T>
class SumOf : public ::testing::Test {};
using SumTypes = ::testing::Types<short, int, long long>;
TYPED_TEST_SUITE(SumOf, SumTypes);

TYPED_TEST(SumOf, MatchesTheFormula) {
  std::vector<int64_t> values;
  for (TypeParam i = 1; i <= 100; ++i) values.push_back(i);
  EXPECT_EQ(textkit::parallel_sum(values, 3), 5050);
}

class ParallelSum : public ::testing::TestWithParam<unsigned> {};

TEST_P(ParallelSum, SameForAnyThreadCount) {
  std::vector<int64_t> values(100000);
  std::iota(values.begin(), values.end(), -50000);
  EXPECT_EQ(textkit::parallel_sum(values, GetParam()), -50000);
}

INSTANTIATE_TEST_SUITE_P(Threads, ParallelSum, ::testing::Values(1u, 2u, 4u, 8u));

TEST(CountFile, ReadsTheDataFileFromTheWorkingDirectory) {
  textkit::Counts c = textkit::count_file("data/words.txt");
  EXPECT_EQ(c.words, 12);
  EXPECT_EQ(c.lines, 3);
  EXPECT_EQ(c.longest, "interworking");
}

TEST(CountFile, ThrowsForAMissingFile) {
  EXPECT_THROW(textkit::count_file("data/missing.txt"), std::runtime_error);
}

TEST(CheckedDivide, Divides) { EXPECT_EQ(textkit::checked_divide(7, 2), 3); }

TEST(CheckedDivideDeathTest, AbortsOnZero) {
  EXPECT_DEATH(textkit::checked_divide(1, 0), "division by zero");
}

TEST(CheckedDivideDeathTest, ExitStatusIsSeen) {
  EXPECT_EXIT(std::exit(3), ::testing::ExitedWithCode(3), "");
}
