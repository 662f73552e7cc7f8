// The streaming CSV reader reads what parse_csv reads: the same fields and the same lines,
// for plain and gzip files, whatever the size of the buffer; text after a closing quote, a
// gzip file cut short and a record over the line limit are errors naming where they are.

#include "softpower/sources/csv_stream.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "softpower/core/table.hpp"
#include "support/memory_limit.hpp"
#include "support/scratch.hpp"

namespace softpower::sources {
namespace {

class CsvStreamFiles : public ::testing::Test {
 protected:
  std::filesystem::path plain(const std::string& text) {
    const auto path = dir_ / "t.csv";
    write_file_atomic(path, text);
    return path;
  }
  std::filesystem::path gzipped(const std::string& text) {
    const auto path = dir_ / "t.csv.gz";
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    return path;
  }

  // Every record of the stream equals parse_csv's row, with the same line.
  static void expect_same_as_table(const std::filesystem::path& path, const std::string& text) {
    CsvOptions options;
    options.delimiter = ',';
    const Table table = parse_csv(text, options, path.string());
    CsvStream s(path);
    EXPECT_EQ(s.header(), table.header);
    std::size_t row = 0;
    while (s.next()) {
      ASSERT_LT(row, table.size());
      EXPECT_EQ(s.line(), table.lines[row]) << "row " << row;
      ASSERT_EQ(s.size(), table.rows[row].size()) << "row " << row;
      for (std::size_t c = 0; c < s.size(); ++c) {
        EXPECT_EQ(s.field(c), table.rows[row][c]) << "row " << row << " column " << c;
      }
      ++row;
    }
    EXPECT_EQ(row, table.size());
    EXPECT_EQ(s.records(), table.size());
  }

  testing::ScratchDir scratch_{"softpower-csvstream"};
  std::filesystem::path dir_ = scratch_.path();
};

const std::string kTricky =
    "\xEF\xBB\xBF"
    "a,b,c\r\n"
    "1,\"two, with comma\",3\r\n"
    "\n"
    "\"quote \"\"inside\"\"\",x,\"line\nbreak\"\n"
    "\"closed\",,\r"
    "last,\"\",\"\"\"\"\n"
    "\n\n"
    "short\n"
    "0\\\"\",\"0\\\"\"\",end";  // no final newline

TEST_F(CsvStreamFiles, ReadsWhatParseCsvReads) {
  expect_same_as_table(plain(kTricky), kTricky);
  expect_same_as_table(gzipped(kTricky), kTricky);
  CsvStream s(plain(kTricky));
  ASSERT_TRUE(s.next());
  EXPECT_EQ(s.field(1), "two, with comma");
  ASSERT_TRUE(s.next());
  EXPECT_EQ(s.line(), 4u);
  EXPECT_EQ(s.field(0), "quote \"inside\"");
  EXPECT_EQ(s.field(2), "line\nbreak");
  EXPECT_EQ(s.field(7), "");  // beyond the record
  ASSERT_TRUE(s.next());
  EXPECT_EQ(s.line(), 6u);
  EXPECT_EQ(s.field(0), "closed");
  EXPECT_EQ(s.where(1).str(), s.source() + ":6: field 'b'");
}

// Records cross the buffer's end at every kind of byte, CRLF pairs included.
TEST_F(CsvStreamFiles, RecordsLongerThanTheBufferAndManyRecords) {
  std::string text = "id,text\n";
  for (int k = 0; k < 40000; ++k) {
    text += std::to_string(k) + ",\"" + std::string(static_cast<std::size_t>(k % 97), 'x') +
            (k % 1000 == 0 ? "\"\"\n" : "") + (k % 3 == 0 ? "\"\r\n" : "\"\n");
  }
  text += "big,\"" + std::string(3u << 20, 'y') + "\"\n";  // three times the first buffer
  text += "after,1\n";
  expect_same_as_table(plain(text), text);
  expect_same_as_table(gzipped(text), text);
}

TEST_F(CsvStreamFiles, ErrorsNameTheFile) {
  try {
    CsvStream s(plain("a,b\n1,\"open\n2,3\n"));
    while (s.next()) {
    }
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("t.csv:2: field 'b': quoted field is not closed (it runs "
                                         "to the end of the file)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(CsvStream(plain("")), Error);
  EXPECT_THROW(CsvStream(dir_ / "missing.csv"), Error);
  CsvStream s(plain("a,b\n"));
  EXPECT_THROW((void)s.column("c"), Error);
  EXPECT_EQ(s.column("b"), 1u);
  EXPECT_FALSE(s.next());
}

// The message of the Error reading all of `path` throws, or "" when it reads.
std::string error_reading(const std::filesystem::path& path) {
  try {
    CsvStream s(path);
    while (s.next()) {
    }
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// A quote left open ran the lines after it into one field until the next quote, and the reader
// went on with the next file, which then named roll calls it did not find.
TEST_F(CsvStreamFiles, TextAfterAClosingQuoteNamesTheLineWhereTheQuoteOpened) {
  const std::string open_quote =
      "rcid,short,descr\n"
      "1,FIRST,\"closed\"\n"
      "2,SECOND,\"left open\n"
      "3,THIRD,\"the next quote closes it\"\n"
      "4,FOURTH,x\n";
  EXPECT_NE(error_reading(plain(open_quote))
                .find("t.csv:3: field 'descr': a quoted field opens here and closes on line 4, "
                      "where text follows its closing quote: is a quote on line 3 not closed?"),
            std::string::npos)
      << error_reading(plain(open_quote));
  EXPECT_NE(error_reading(plain("a,b\n1,\"x\"y\n"))
                .find("t.csv:2: field 'b': text after the "
                      "closing quote of a quoted field"),
            std::string::npos);
}

TEST_F(CsvStreamFiles, AGzipFileCutShortIsAnErrorNotFewerRecords) {
  std::string text = "a,b\n";
  for (int k = 0; k < 5000; ++k)
    text += std::to_string(k) + "," + std::to_string(k * 31 % 977) + "\n";
  const auto whole = gzipped(text);
  std::string bytes;
  {
    std::FILE* f = std::fopen(whole.c_str(), "rb");
    char buffer[4096];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, f)) > 0) bytes.append(buffer, got);
    std::fclose(f);
  }
  const auto cut = dir_ / "cut.csv.gz";
  write_file_atomic(cut, bytes.substr(0, bytes.size() * 2 / 3));
  EXPECT_NE(error_reading(cut).find("cut.csv.gz: truncated gzip data"), std::string::npos)
      << error_reading(cut);
}

TEST_F(CsvStreamFiles, ARecordLongerThanTheLineLimitIsAnError) {
  const testing::MemoryLimit limit("64MB");  // lines up to 1 MB
  const std::string text = "a,b\n1,2\n3,\"" + std::string(3u << 20, 'y') + "\"\n";
  EXPECT_NE(error_reading(plain(text)).find("t.csv:3: a record longer than 1.0 MB"),
            std::string::npos)
      << error_reading(plain(text));
  EXPECT_NE(error_reading(gzipped(text)).find("t.csv.gz:3: a record longer than 1.0 MB"),
            std::string::npos);
}

}  // namespace
}  // namespace softpower::sources
