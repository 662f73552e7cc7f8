// The short ways of reading GDELT numbers (sources/gdelt_numbers.hpp) against the general
// routines they stand in for: std::from_chars for integers, fast_float for reals. Both must
// accept the same texts and give the same value, bit for bit, on the forms GDELT writes, on the
// edges of the short way (2^53, 22 decimals, 19 digits, the digit limits of int32 and int64)
// and on texts that are not numbers.

#include "softpower/sources/gdelt_numbers.hpp"

#include <fast_float/fast_float.h>
#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace softpower::sources {
namespace {

// What the reader did before the short ways: the general routines alone.
bool general_real(std::string_view text, double& out) {
  if (text.empty()) return false;
  const auto r = fast_float::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size() && std::isfinite(out);
}

// The reference for integers is the reader's own long way (std::from_chars, then a whole
// real), which the short loops must equal.
template <typename T>
bool general_integer(std::string_view text, T& out) {
  return gdelt_numbers::parse_integer_general(text, out);
}

void expect_same_real(const std::string& text) {
  double fast = 12345, general = 12345;
  const bool fast_ok = gdelt_numbers::parse_real(text, fast);
  const bool general_ok = general_real(text, general);
  ASSERT_EQ(fast_ok, general_ok) << "'" << text << "'";
  if (fast_ok) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(fast), std::bit_cast<std::uint64_t>(general))
        << "'" << text << "': " << fast << " vs " << general;
  }
}

template <typename T>
void expect_same_integer(const std::string& text) {
  T fast = 7, general = 7;
  const bool fast_ok = gdelt_numbers::parse_integer(text, fast);
  const bool general_ok = general_integer(text, general);
  ASSERT_EQ(fast_ok, general_ok) << "'" << text << "'";
  if (fast_ok) EXPECT_EQ(fast, general) << "'" << text << "'";
}

TEST(GdeltNumbers, RealsOfGdeltAndTheEdgesOfTheShortWay) {
  const std::vector<std::string> texts = {
      // GDELT's own forms (AvgTone, GoldsteinScale)
      "3.7037037037037", "-2.45901639344262", "2.8", "-10", "10", "0", "-0", "0.0", "-0.0", "1.9",
      "-6.5", "7", "0.649350649350651", "-100", "100",
      // 2^53 and around it (the largest mantissa of the short way)
      "9007199254740992", "9007199254740993", "9007199254740991", "900719925474099.3",
      "900719925474099.2", "0.9007199254740993", "-9007199254740993",
      // 22 and 23 decimals, 19 and 20 digits
      "0.1234567890123456789012", "1.0000000000000000000001", "0.0000000000000000000001",
      "0.00000000000000000000001", "1234567890123456789", "12345678901234567890",
      "0.000000000000000000001", "1.234567890123456789",
      // a point just where the short way stops reading (19 characters)
      "1234567890123456789.5", "-1234567890123456789.5", "123456789012345678.9",
      "1234567890123456789.", "0000000000000000001.25",
      // what takes the long way or fails
      "1e5", "1e+05", "-1.5e-3", "+1.5", ".5", "5.", "-", "", " 1", "1 ", "1.2.3", "--1", "0x10",
      "nan", "inf", "-inf", "1e400", "1.5x", "NA", "1,5", "00012.50", "-00.000"};
  for (const auto& t : texts) expect_same_real(t);
  double value = 0;
  ASSERT_TRUE(gdelt_numbers::parse_real("-2.45901639344262", value));
  EXPECT_EQ(value, -2.45901639344262);
  ASSERT_TRUE(gdelt_numbers::parse_real("-0", value));
  EXPECT_TRUE(std::signbit(value));
  EXPECT_FALSE(gdelt_numbers::parse_real("1e400", value));
}

TEST(GdeltNumbers, RandomRealsGiveTheSameBitsAsFastFloat) {
  std::mt19937_64 random(20260501);
  std::uniform_int_distribution<int> digits(1, 21), sign(0, 1);
  std::uniform_int_distribution<int> digit(0, 9);
  for (int i = 0; i < 200000; ++i) {
    const int n = digits(random);
    std::string text = sign(random) != 0 ? "-" : "";
    std::string body;
    for (int k = 0; k < n; ++k) body.push_back(static_cast<char>('0' + digit(random)));
    const int point = std::uniform_int_distribution<int>(0, n)(random);
    if (point > 0 && point < n) body.insert(static_cast<std::size_t>(point), ".");
    text += body;
    expect_same_real(text);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(GdeltNumbers, RandomIntegersAndBrokenDigitsAsTheGeneralWay) {
  // Runs of up to 20 digits, some with one character that is not a digit (a letter, or a byte
  // just outside 0-9, which the eight-at-a-time test must catch in any of the eight places).
  std::mt19937_64 random(20261129);
  std::uniform_int_distribution<int> length(1, 20), digit(0, 9), spoil(0, 3);
  const std::string not_digits = "/:a .-+e";
  for (int i = 0; i < 100000; ++i) {
    const int n = length(random);
    std::string text;
    for (int k = 0; k < n; ++k) text.push_back(static_cast<char>('0' + digit(random)));
    if (spoil(random) == 0) {
      const auto at = std::uniform_int_distribution<int>(0, n - 1)(random);
      const auto c = std::uniform_int_distribution<int>(0, 7)(random);
      text[static_cast<std::size_t>(at)] = not_digits[static_cast<std::size_t>(c)];
    }
    expect_same_integer<std::int32_t>(text);
    expect_same_integer<std::int64_t>(text);
    expect_same_integer<std::uint64_t>(text);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(GdeltNumbers, EightDigitsAtOnce) {
  std::uint64_t value = 0;
  ASSERT_TRUE(gdelt_numbers::eight_digits("20190121", value));
  EXPECT_EQ(value, 20190121U);
  ASSERT_TRUE(gdelt_numbers::eight_digits("00000007", value));
  EXPECT_EQ(value, 7U);
  ASSERT_TRUE(gdelt_numbers::eight_digits("99999999", value));
  EXPECT_EQ(value, 99999999U);
  for (const char* text : {"2019012/", "2019012:", "/0190121", ":0190121", "2019 121", "2019.121"})
    EXPECT_FALSE(gdelt_numbers::eight_digits(text, value)) << text;
}

TEST(GdeltNumbers, IntegersAsFromCharsReadsThem) {
  const std::vector<std::string> texts = {"0",
                                          "7",
                                          "20190121",
                                          "741917026",
                                          "999999999",
                                          "1000000000",
                                          "2147483647",
                                          "2147483648",
                                          "-1",
                                          "-2147483648",
                                          "007",
                                          "1e+05",
                                          "1.5e2",
                                          "1.5",
                                          "",
                                          " 1",
                                          "1 ",
                                          "+1",
                                          "12a",
                                          "a12",
                                          "20190121220000",
                                          "99999999999999999",
                                          "999999999999999999",
                                          "9223372036854775807",
                                          "9223372036854775808",
                                          "18446744073709551615",
                                          "18446744073709551616",
                                          "NA",
                                          "-0"};
  for (const auto& t : texts) {
    expect_same_integer<std::int32_t>(t);
    expect_same_integer<std::int64_t>(t);
    expect_same_integer<std::uint64_t>(t);
  }
  std::int32_t date = 0;
  ASSERT_TRUE(gdelt_numbers::parse_integer("20190121", date));
  EXPECT_EQ(date, 20190121);
  ASSERT_TRUE(gdelt_numbers::parse_integer("1e+05", date));
  EXPECT_EQ(date, 100000);
  EXPECT_FALSE(gdelt_numbers::parse_integer("2147483648", date));
  std::uint64_t id = 0;
  ASSERT_TRUE(gdelt_numbers::parse_integer("18446744073709551615", id));
  EXPECT_EQ(id, std::numeric_limits<std::uint64_t>::max());
  ASSERT_TRUE(gdelt_numbers::parse_integer("9999999999999999999", id));
  EXPECT_EQ(id, 9999999999999999999ULL);
}

}  // namespace
}  // namespace softpower::sources
