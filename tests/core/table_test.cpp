#include "softpower/core/table.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "softpower/core/csv_writer.hpp"
#include "support/data.hpp"
#include "support/errors.hpp"
#include "support/memory_limit.hpp"
#include "support/scratch.hpp"

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
  const Table t = parse_csv(
      "\xEF\xBB\xBF"
      "a;b\r\n1;2\r\n3;4",
      {}, "x.csv");
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
  EXPECT_EQ(t.cell(1, 0),
            "\xE2\x82\xAC"
            "uro");
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

using testing::error_of;

TEST(Csv, NumbersBeyondADoublesRangeAreErrorsNotInfinityOrZero) {
  const Table t =
      parse_csv("v\n1e309\n-1e309\n1e-400\n-2.5e-999\ninf\n1e308\n4.9e-324\n0e-999\n0.000\nnan\n",
                {}, "big.csv");
  EXPECT_EQ(error_of([&] { (void)t.number(0, 0); }),
            "big.csv:2: field 'v': '1e309' is out of range: larger than any double (about "
            "1.8e308)");
  EXPECT_NE(error_of([&] { (void)t.number(1, 0); }).find("big.csv:3: field 'v': '-1e309' is out"),
            std::string::npos);
  EXPECT_EQ(error_of([&] { (void)t.number(2, 0); }),
            "big.csv:4: field 'v': '1e-400' is out of range: closer to zero than any double "
            "(about 4.9e-324), so it would read as 0");
  EXPECT_NE(error_of([&] { (void)t.number(3, 0); }).find("'-2.5e-999' is out of range"),
            std::string::npos);
  EXPECT_EQ(error_of([&] { (void)t.number(4, 0); }),
            "big.csv:6: field 'v': not a finite number: 'inf'");
  EXPECT_EQ(t.number(5, 0), 1e308);
  EXPECT_EQ(t.number(6, 0), 4.9e-324);  // the smallest subnormal is a number
  EXPECT_EQ(t.number(7, 0), 0.0);       // zero written with a tiny exponent is still zero
  EXPECT_EQ(t.number(8, 0), 0.0);
  EXPECT_TRUE(std::isnan(t.number(9, 0)));
}

TEST(Csv, ControlCharactersInACellAreShownEscapedInMessages) {
  const std::string text = std::string("v\n1") + '\0' + "2\n\x01\xFF\t x\n";
  const Table t = parse_csv(text, {}, "nul.csv");
  // A NUL byte would end the message where it is printed (what() is a C string).
  EXPECT_STREQ(error_of([&] { (void)t.number(0, 0); }).c_str(),
               "nul.csv:2: field 'v': not a number: '1\\x002'");
  EXPECT_NE(error_of([&] { (void)t.number(1, 0); }).find("'\\x01\xC3\xBF\\t x'"),
            std::string::npos);  // the 0xFF byte made the text Latin-1: it reads as y-umlaut
  const Table long_cell = parse_csv("v\n" + std::string(5000, 'x') + "\n", {}, "long.csv");
  const std::string message = error_of([&] { (void)long_cell.number(0, 0); });
  EXPECT_LT(message.size(), 200U);
  EXPECT_NE(message.find("... (5000 bytes)'"), std::string::npos) << message;
}

TEST(Csv, ARecordLongerThanTheLineLimitIsAnError) {
  const testing::MemoryLimit limit("64MB");  // lines up to 1 MB
  const std::string text = "a,b\n1,\"" + std::string(1100000, 'x') + "\"\n";
  EXPECT_NE(error_of([&] { parse_csv(text, {}, "wide.csv"); })
                .find("wide.csv:2: a record longer than 1.0 MB, the longest line or record a "
                      "reader keeps (1/64 of the memory limit of 64.0 MB"),
            std::string::npos);
  EXPECT_EQ(parse_csv("a,b\n1,\"" + std::string(900000, 'x') + "\"\n", {}, "ok.csv").size(), 1U);
}

class CsvFiles : public ::testing::Test {
 protected:
  std::filesystem::path gzipped(const std::string& name, const std::string& text) {
    auto path = dir_ / name;
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    return path;
  }
  std::filesystem::path write(const std::string& name, const std::string& bytes) {
    auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  static std::string bytes_of(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  testing::ScratchDir scratch_{"softpower-table"};
  std::filesystem::path dir_ = scratch_.path();
};

std::string hundred_rows() {
  std::string text = "iso3,year,v\n";
  for (int i = 0; i < 100; ++i) {
    text += "FRA," + std::to_string(1900 + i) + "," + std::to_string(i * 7919 % 1000) + ".25\n";
  }
  return text;
}

// A .csv.gz cut short read as fewer rows, with no error (zlib's gzread reports a stream cut
// short only through gzerror).
TEST_F(CsvFiles, AGzipFileCutShortIsAnErrorNotFewerRows) {
  const std::string whole = bytes_of(gzipped("whole.csv.gz", hundred_rows()));
  EXPECT_EQ(read_csv(dir_ / "whole.csv.gz").size(), 100U);
  for (const std::size_t keep : {whole.size() * 6 / 10, whole.size() - 4, whole.size() - 1}) {
    const auto cut = write("cut.csv.gz", whole.substr(0, keep));
    const std::string message = error_of([&] { read_csv(cut); });
    EXPECT_NE(message.find("cut.csv.gz: truncated gzip data"), std::string::npos)
        << keep << " of " << whole.size() << " bytes: " << message;
  }
}

TEST_F(CsvFiles, GzipFilesWithABadCrcOrGarbageAfterAreErrors) {
  const std::string whole = bytes_of(gzipped("whole.csv.gz", hundred_rows()));
  std::string crc = whole;
  crc[crc.size() - 8] = static_cast<char>(crc[crc.size() - 8] ^ 0x40);
  EXPECT_NE(error_of([&] {
              read_csv(write("crc.csv.gz", crc));
            }).find("crc.csv.gz: corrupt gzip data at byte"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_csv(write("tail.csv.gz", whole + "FRA,2000,1\n"));
            }).find("tail.csv.gz: garbage after the gzip data"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_csv(write("plain.csv.gz", hundred_rows()));
            }).find("plain.csv.gz: not gzip data, although the name ends in .gz"),
            std::string::npos);
  // Two members one after the other are one text.
  const std::string twice = bytes_of(gzipped("second.csv.gz", "FRA,2099,1\n"));
  EXPECT_EQ(read_csv(write("two.csv.gz", whole + twice)).size(), 101U);
}

TEST_F(CsvFiles, AFolderIsNamedAsAFolderNotAMissingFile) {
  std::filesystem::create_directories(dir_ / "spec.toml");
  EXPECT_EQ(error_of([&] { read_file(dir_ / "spec.toml"); }),
            (dir_ / "spec.toml").string() + ": is a folder, not a file");
  EXPECT_EQ(error_of([&] { read_file(dir_ / "none.toml"); }),
            (dir_ / "none.toml").string() + ": no such file");
}

TEST_F(CsvFiles, TextBeyondTheWholeFileLimitIsRefused) {
  const testing::MemoryLimit limit("32MB");  // files read whole up to 1 MB
  const auto plain = write("big.csv", "v\n" + std::string(1500000, '1') + "\n");
  EXPECT_NE(error_of([&] { read_file(plain); })
                .find("big.csv: holds 1.5 MB of text, more than 1.0 MB, the most text a file "
                      "read whole may hold (1/32 of the memory limit of 32.0 MB; set "
                      "SOFTPOWER_MAX_MEMORY to change it)"),
            std::string::npos);
  // 20 MiB of zeros in 20 kB: inflating stops at the limit.
  constexpr std::size_t kZeros = std::size_t{20} << 20;
  const auto bomb = gzipped("bomb.csv.gz", "v\n" + std::string(kZeros, '0'));
  EXPECT_LT(std::filesystem::file_size(bomb), 100000U);
  EXPECT_NE(error_of([&] { read_file(bomb); })
                .find("bomb.csv.gz: inflates to more than 1.0 MB, the most text a file read "
                      "whole may hold"),
            std::string::npos);
  EXPECT_EQ(read_file(write("small.csv", "v\n1\n")), "v\n1\n");
}

TEST(Csv, FormatRoundTrips) {
  const std::vector<std::string> header = {"a", "b"};
  const std::vector<std::vector<std::string>> rows = {{"x,y", "say \"hi\""}, {"1", "line\nbreak"}};
  const Table t = parse_csv(csv_text(header, rows), {}, "round.csv");
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
  const Table unis = read_csv(
      data / "indicators/universities/us_news_2022_top100_global_universities.tab", comments);
  EXPECT_EQ(unis.header.front(), "Name");
}

}  // namespace
}  // namespace softpower
