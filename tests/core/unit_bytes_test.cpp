// A unit's bytes (core/unit_bytes): numbers come back bit for bit, texts whole, and bytes cut
// short or running on are errors naming what they are.

#include "softpower/core/unit_bytes.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>

#include "softpower/core/error.hpp"

namespace softpower {
namespace {

TEST(UnitBytes, NumbersAndTextsComeBackBitForBit) {
  const double nan = std::bit_cast<double>(std::uint64_t{0x7ff8'0000'dead'beefULL});
  UnitWriter out;
  out.number(std::uint64_t{0xfedc'ba98'7654'3210ULL});
  out.number(-0.0);
  out.number(nan);
  out.number(0.1);
  out.text(std::string("a\0b\n", 4));
  out.text("");
  const std::string bytes = out.take();
  EXPECT_EQ(bytes.size(), 4 * 8 + 8 + 4 + 8U);
  UnitReader in(bytes, "test: the bytes");
  EXPECT_EQ(in.number<std::uint64_t>(), 0xfedc'ba98'7654'3210ULL);
  const double zero = in.number<double>();
  EXPECT_TRUE(zero == 0.0 && std::signbit(zero));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(in.number<double>()), 0x7ff8'0000'dead'beefULL);
  EXPECT_EQ(in.number<double>(), 0.1);
  EXPECT_EQ(in.text(), std::string("a\0b\n", 4));
  EXPECT_EQ(in.text(), "");
  EXPECT_EQ(in.left(), 0U);
  EXPECT_NO_THROW(in.finish());
}

TEST(UnitBytes, BytesCutShortOrRunningOnAreErrors) {
  UnitWriter out;
  out.text("twelve bytes");
  const std::string bytes = out.take();
  const std::string longer = bytes + "x";
  auto message = [](auto&& read) {
    try {
      read();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([&] {
              UnitReader in(std::string_view(bytes).substr(0, 12), "test: a unit's bytes");
              (void)in.text();
            }),
            "test: a unit's bytes are cut short");
  EXPECT_EQ(message([&] {
              UnitReader in(std::string_view(bytes).substr(0, 5), "test: a unit's bytes");
              (void)in.number<std::uint64_t>();
            }),
            "test: a unit's bytes are cut short");
  EXPECT_EQ(message([&] {
              UnitReader in(longer, "test: a unit's bytes");
              (void)in.text();
              in.finish();
            }),
            "test: a unit's bytes go on past their end");
}

}  // namespace
}  // namespace softpower
