// core/text: the helpers every reader uses on codes, headers and names, independent of the
// locale.

#include "softpower/core/text.hpp"

#include <gtest/gtest.h>

namespace softpower {
namespace {

TEST(Text, TrimRemovesOnlyTheGivenBlanksAtEitherEnd) {
  EXPECT_EQ(trim("  \tUSA \t "), "USA");
  EXPECT_EQ(trim(" a b "), "a b");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("\r\nUSA\r\n"), "\r\nUSA\r\n");  // not blanks unless told
  EXPECT_EQ(trim("\r\nUSA \n", " \t\r\n"), "USA");
  EXPECT_EQ(trim("\tUSA ", " "), "\tUSA");
}

TEST(Text, CaseChangesOnlyAsciiLetters) {
  EXPECT_EQ(lower_ascii("C\xc3\xb4te D'Ivoire 2019 ABC"), "c\xc3\xb4te d'ivoire 2019 abc");
  EXPECT_EQ(upper_ascii("kor-1a\xc3\xa9"), "KOR-1A\xc3\xa9");
  EXPECT_TRUE(iequals_ascii("Content-Length", "content-LENGTH"));
  EXPECT_FALSE(iequals_ascii("Host", "Hosts"));
  EXPECT_FALSE(iequals_ascii("\xc3\xa9", "\xc3\x89"));  // é and É are bytes beyond ASCII
}

TEST(Text, AllDigitsNeedsOneDigitAtLeast) {
  EXPECT_TRUE(all_digits("0123456789"));
  EXPECT_FALSE(all_digits(""));
  EXPECT_FALSE(all_digits("12a"));
  EXPECT_FALSE(all_digits("-1"));
  EXPECT_FALSE(all_digits(" 1"));
}

}  // namespace
}  // namespace softpower
