// core/csv_writer: RFC 4180 quoting, numbers that read back bit-identical, and the exact bytes
// of a small table (so that a change of form fails).

#include "softpower/core/csv_writer.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "softpower/core/random.hpp"
#include "softpower/core/table.hpp"

namespace softpower {
namespace {

TEST(CsvWriter, WritesTheExactBytesOfRfc4180) {
  std::string out;
  CsvWriter w(out, {"name", "value", "count"});
  w.row("plain", 0.1, 3);
  w.row("comma, inside", -2.5e-7, std::size_t{18446744073709551615U});
  w.row("quote \"q\"", std::numeric_limits<double>::quiet_NaN(), -7);
  w.row("two\nlines", 1e21, 0);
  w.row(std::string("cr\r"), 68.38, std::int8_t{-128});
  EXPECT_EQ(out,
            "name,value,count\n"
            "plain,0.1,3\n"
            "\"comma, inside\",-2.5e-07,18446744073709551615\n"
            "\"quote \"\"q\"\"\",,-7\n"
            "\"two\nlines\",1e+21,0\n"
            "\"cr\r\",68.38,-128\n");
  EXPECT_EQ(w.records(), 6U);
}

TEST(CsvWriter, FieldsOfARowBuiltOneByOne) {
  std::string out;
  CsvWriter w(out);
  for (int i = 0; i < 3; ++i) w.cell(i);
  w.end_row();
  w.cell("");
  w.cell("");
  w.end_row();
  EXPECT_EQ(out, "0,1,2\n,\n");
}

TEST(CsvWriter, NumbersReadBackBitIdentical) {
  // 20,000 doubles over the whole range (random bit patterns, kept when finite), written and
  // read back through the reader every input goes through.
  Rng random(seed_of(20261206, 1));
  std::vector<double> values = {0.0,
                                -0.0,
                                1.0 / 3.0,
                                0.1 + 0.2,
                                5e-324,
                                2.2250738585072014e-308,
                                1.7976931348623157e308,
                                -123456789.123456789};
  while (values.size() < 20000) {
    const double v = std::bit_cast<double>(random.next());
    if (std::isfinite(v)) values.push_back(v);
  }
  std::string out;
  CsvWriter w(out, {"v", "label"});
  for (const double v : values) w.row(v, "x,y");
  const Table t = parse_csv(out, {}, "round.csv");
  ASSERT_EQ(t.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double back = t.number(i, 0);
    ASSERT_EQ(std::bit_cast<std::uint64_t>(back), std::bit_cast<std::uint64_t>(values[i]))
        << "row " << i << ": " << t.cell(i, 0);
    ASSERT_EQ(t.cell(i, 1), "x,y");
  }
}

TEST(CsvWriter, ShortestFormKeepsEveryDigit) {
  // The shortest round-trip form never drops digits: 0.123456789 keeps all nine, where the
  // earlier "{:.6g}" wrote 0.123457.
  std::string out;
  CsvWriter w(out);
  w.row(0.123456789, 2.0, 1e-5);
  EXPECT_EQ(out, "0.123456789,2,1e-05\n");
}

}  // namespace
}  // namespace softpower
