#include "softpower/core/table.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "support/data.hpp"

namespace softpower {
namespace {

TEST(Csv, QuotedFieldsWithEmbeddedNewlinesKeepTheirLineNumbers) {
  const Table t = parse_csv("id,text\n1,\"two\nlines\"\n2,\"say \"\"hi\"\"\"\n", {}, "x.csv");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t.cell(0, 1), "two\nlines");
  EXPECT_EQ(t.cell(1, 1), "say \"hi\"");
  EXPECT_EQ(t.lines[0], 2u);
  EXPECT_EQ(t.lines[1], 4u);
}

TEST(Csv, BomCrlfAndSemicolonsAreDetected) {
  const Table t = parse_csv("\xEF\xBB\xBF" "a;b\r\n1;2\r\n3;4", {}, "x.csv");
  ASSERT_EQ(t.header.size(), 2u);
  EXPECT_EQ(t.header[0], "a");
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.number(1, 1), 4.0);
}

TEST(Csv, TabsCommentsAndDecimalCommas) {
  CsvOptions options;
  options.comment = '#';
  options.decimal_comma = true;
  const Table t = parse_csv("# a comment line\nname\tvalue\nx\t3,5\n", options, "x.tab");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_DOUBLE_EQ(t.number(0, t.column("value")), 3.5);
  EXPECT_EQ(t.lines[0], 3u);
}

TEST(Csv, NamibiaIsNotMissingUnlessAsked) {
  const Table t = parse_csv("iso2,value\nNA,1\nFR,\n", {}, "x.csv");
  EXPECT_EQ(t.cell(0, 0), "NA");
  EXPECT_FALSE(t.is_missing(0, 0));
  EXPECT_TRUE(std::isnan(t.number(1, 1)));
  CsvOptions r_style;
  r_style.missing = {"", "NA"};
  const Table r = parse_csv("x\nNA\n", r_style, "r.csv");
  EXPECT_TRUE(std::isnan(r.number(0, 0)));
}

TEST(Csv, Latin1IsConvertedToUtf8) {
  const Table t = parse_csv("name\nC\xF4te d'Ivoire\n\x80uro\n", {}, "x.csv");
  EXPECT_EQ(t.cell(0, 0), "C\xC3\xB4te d'Ivoire");
  EXPECT_EQ(t.cell(1, 0), "\xE2\x82\xAC" "uro");
}

TEST(Csv, BadNumbersNameFileLineAndField) {
  const Table t = parse_csv("unit,score\nFRA,12x\n", {}, "scores.csv");
  try {
    (void)t.number(0, 1);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "scores.csv:2: field 'score': not a number: '12x'");
  }
}

TEST(Csv, UnclosedQuoteIsAnError) {
  EXPECT_THROW(parse_csv("a\n\"open\n", {}, "x.csv"), Error);
}

TEST(Csv, FormatRoundTrips) {
  const std::vector<std::string> header = {"a", "b"};
  const std::vector<std::vector<std::string>> rows = {{"x,y", "say \"hi\""}, {"1", "line\nbreak"}};
  const Table t = parse_csv(format_csv(header, rows), {}, "round.csv");
  EXPECT_EQ(t.header, header);
  EXPECT_EQ(t.rows, rows);
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(68.38), "68.38");
}

TEST(Csv, RealFilesWithTheirQuirks) {
  SOFTPOWER_REQUIRE_DATA(data);
  // Latin-1 with quoted multi-line HTML fields.
  const Table whc = read_csv(data / "indicators/unesco-whc/whc-sites-2019.csv");
  EXPECT_EQ(whc.size(), 1121u);
  EXPECT_EQ(whc.header.size(), 37u);
  // Semicolon-separated.
  const Table elcano = read_csv(data / "elcano/iepg_final_data_inputs.csv");
  EXPECT_EQ(elcano.size(), 553u);
  EXPECT_EQ(elcano.header.size(), 19u);
  // Comment line before the header, tab-separated.
  CsvOptions comments;
  comments.comment = '#';
  const Table unis = read_csv(data / "indicators/universities/us_news_2022_top100_global_universities.tab", comments);
  EXPECT_EQ(unis.header.front(), "Name");
}

}  // namespace
}  // namespace softpower
