#include "softpower/core/limits.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "softpower/core/error.hpp"

namespace softpower {
namespace {

TEST(Limits, SizesParseInDecimalAndBinaryUnits) {
  EXPECT_EQ(parse_byte_size("2GB"), 2000000000U);
  EXPECT_EQ(parse_byte_size("500mb"), 500000000U);
  EXPECT_EQ(parse_byte_size("1.5KiB"), 1536U);
  EXPECT_EQ(parse_byte_size("123"), 123U);
  EXPECT_EQ(parse_byte_size("2 GiB"), 2147483648U);
  EXPECT_THROW(parse_byte_size("2 parsecs"), Error);
  EXPECT_THROW(parse_byte_size("GB"), Error);
  EXPECT_THROW(parse_byte_size("-1GB"), Error);
  EXPECT_THROW(parse_byte_size("99999999TB"), Error);  // past 2^64
}

TEST(Limits, BytesFormatWithOneDecimal) {
  EXPECT_EQ(format_bytes(812), "812 B");
  EXPECT_EQ(format_bytes(12345), "12.3 kB");
  EXPECT_EQ(format_bytes(7'600'000'000), "7.6 GB");
}

TEST(Limits, TheMemoryLimitComesFromTheEnvironmentOrHalfTheMachine) {
  ::unsetenv("SOFTPOWER_MAX_MEMORY");
  const std::uint64_t half = memory_limit();
  EXPECT_GT(half, std::uint64_t{100} << 20);
  ::setenv("SOFTPOWER_MAX_MEMORY", "4GB", 1);
  EXPECT_EQ(memory_limit(), 4000000000U);
  EXPECT_NO_THROW(check_memory(4000000000U, "a lattice"));
  try {
    check_memory(7'600'000'000, "a lattice of 20000 x 20000");
    ADD_FAILURE() << "no error over the limit";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "a lattice of 20000 x 20000 would need about 7.6 GB, more than the limit of 4.0 GB "
              "(set SOFTPOWER_MAX_MEMORY to change it)");
  }
  ::setenv("SOFTPOWER_MAX_MEMORY", "lots", 1);
  EXPECT_THROW(memory_limit(), Error);
  ::unsetenv("SOFTPOWER_MAX_MEMORY");
  EXPECT_EQ(memory_limit(), half);
}

}  // namespace
}  // namespace softpower
