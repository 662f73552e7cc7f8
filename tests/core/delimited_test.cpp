// core/delimited: quoted CSV records split as R's write.csv writes them, and tab-separated lines
// split 64 bytes at a time, against a plain one-tab-at-a-time split.

#include "softpower/core/delimited.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace softpower {
namespace {

TEST(Delimited, QuotedRecordsAsRWritesThem) {
  std::array<std::string_view, 8> fields{};
  std::string scratch;
  const std::string record = R"(1,"a ""quoted"" word",NA,"NA","x"tail,,"comma, inside")";
  ASSERT_EQ(split_quoted_record(record, ',', "NA", fields, scratch), 7u);
  EXPECT_EQ(fields[0], "1");
  EXPECT_EQ(fields[1], "a \"quoted\" word");
  EXPECT_EQ(fields[2], "");    // a bare NA is missing
  EXPECT_EQ(fields[3], "NA");  // a quoted one is text
  EXPECT_EQ(fields[4], "x");   // text after the closing quote is dropped
  EXPECT_EQ(fields[5], "");
  EXPECT_EQ(fields[6], "comma, inside");
  // Without a missing token NA stays; fields past the span are counted, not stored.
  std::array<std::string_view, 2> two{};
  EXPECT_EQ(split_quoted_record("NA\tb\tc", '\t', "", two, scratch), 3u);
  EXPECT_EQ(two[0], "NA");
  EXPECT_EQ(two[1], "b");
  EXPECT_EQ(split_quoted_record("", ',', "NA", two, scratch), 1u);
  EXPECT_EQ(two[0], "");
  EXPECT_EQ(split_quoted_record("\"open", ',', "NA", two, scratch), 1u);
  EXPECT_EQ(two[0], "open");
}

TEST(Delimited, TabFieldsAsAPlainSplit) {
  for (const std::size_t fields : {1u, 2u, 30u, 61u, 80u}) {
    for (const std::size_t width : {0u, 1u, 7u, 40u}) {
      std::vector<std::string> want;
      std::string line;
      for (std::size_t c = 0; c < fields; ++c) {
        want.push_back(std::string((c * 7 + width) % (width + 1), static_cast<char>('a' + c % 26)));
        line += (c ? "\t" : "") + want.back();
      }
      // In a buffer with bytes after it (read in place), and at the end of one (copied).
      const std::string buffer = line + "\tafter\tthe\tline" + std::string(64, '\t');
      TabFields<72> tabs;
      for (const bool in_place : {true, false}) {
        const char* end = in_place ? buffer.data() + buffer.size() : line.data() + line.size();
        const char* begin = in_place ? buffer.data() : line.data();
        const std::string_view text(in_place ? buffer.data() : line.data(), line.size());
        ASSERT_EQ(tabs.split(text, ~std::uint64_t{0}, begin, end), fields);
        for (std::size_t c = 0; c < std::min<std::size_t>(fields, 64); ++c) {  // tabs 0-63
          ASSERT_EQ(tabs.field(c), want[c]) << fields << " fields, width " << width << ", c " << c;
        }
      }
      // Only the tabs around fields 3 and 40 asked for: those two fields are right.
      if (fields > 41) {
        const std::uint64_t wanted = (std::uint64_t{1} << 2) | (std::uint64_t{1} << 3) |
                                     (std::uint64_t{1} << 39) | (std::uint64_t{1} << 40);
        ASSERT_EQ(tabs.split(line, wanted, line.data(), line.data() + line.size()), fields);
        EXPECT_EQ(tabs.field(3), want[3]);
        EXPECT_EQ(tabs.field(40), want[40]);
      }
    }
  }
}

}  // namespace
}  // namespace softpower
