#include "softpower/core/poll.hpp"

#include <gtest/gtest.h>

#include "softpower/core/error.hpp"

namespace softpower {
namespace {

TEST(PollIndicator, CodeIsMeasureColonObject) {
  EXPECT_EQ(poll_indicator_code("favourable", "USA"), "favourable:USA");
  EXPECT_EQ(poll_indicator_code("confidence_president", "CHN"), "confidence_president:CHN");
  const auto parsed = parse_poll_indicator("confidence_president:USA");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->measure, "confidence_president");
  EXPECT_EQ(parsed->object, "USA");
}

TEST(PollIndicator, OtherCodesAreNotPolls) {
  EXPECT_FALSE(parse_poll_indicator("gdp_usd").has_value());
  EXPECT_FALSE(parse_poll_indicator("favourable:usa").has_value());
  EXPECT_FALSE(parse_poll_indicator("Favourable:USA").has_value());
  EXPECT_FALSE(parse_poll_indicator(":USA").has_value());
  EXPECT_FALSE(parse_poll_indicator("favourable:").has_value());
  EXPECT_FALSE(parse_poll_indicator("favourable:US:A").has_value());
  EXPECT_FALSE(parse_poll_indicator("_favourable:USA").has_value());
  EXPECT_THROW(poll_indicator_code("favourable view", "USA"), Error);
  EXPECT_THROW(poll_indicator_code("favourable", "United States"), Error);
}

}  // namespace
}  // namespace softpower
