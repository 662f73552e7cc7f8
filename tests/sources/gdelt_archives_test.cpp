// The GDELT reader on hostile and broken inputs: compressed files with no line break (memory
// bounded by the line limit), gzip files with garbage after their data, zip members lying about
// their size or overlapping, archives of thousands of small members (time in proportion to the
// data), quoted CSV with a quote left open, and master lists with no line breaks.

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/sources/gdelt.hpp"
#include "softpower/sources/gdelt_input.hpp"
#include "support/errors.hpp"
#include "support/memory_limit.hpp"
#include "support/scratch.hpp"

namespace softpower::sources {
namespace {

namespace fs = std::filesystem;

// A GDELT 2.0 line (61 columns) with the fields the reader checks filled in.
std::string event_line(int id) {
  std::vector<std::string> f(61);
  f[0] = std::to_string(id);
  f[1] = "20191024";
  f[7] = "USA";
  f[17] = "FRA";
  f[25] = "1";
  f[26] = "043";
  f[28] = "04";
  f[29] = "1";
  f[30] = "2.8";
  f[31] = "4";
  f[32] = "1";
  f[33] = "4";
  f[34] = "-1.5";
  f[53] = "FR";
  f[59] = "20191024143000";
  f[60] = "https://example.org/" + std::to_string(id);
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i) out += (i ? "\t" : "") + f[i];
  return out + "\n";
}

const std::string kHeader =
    "GLOBALEVENTID,SQLDATE,Actor1Code,Actor1CountryCode,Actor2Code,Actor2CountryCode,"
    "IsRootEvent,EventCode,EventRootCode,QuadClass,GoldsteinScale,NumMentions,NumSources,"
    "NumArticles,AvgTone,ActionGeo_CountryCode\n";

using testing::error_of;

class GdeltArchives : public ::testing::Test {
 protected:
  fs::path write(const std::string& name, const std::string& bytes) {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  fs::path write_gz(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    return path;
  }
  fs::path write_zip(const std::string& name,
                     const std::vector<std::pair<std::string, std::string>>& members) {
    fs::path path = dir_ / name;
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    for (const auto& [member, text] : members) {
      zip_file_add(archive, member.c_str(), zip_source_buffer(archive, text.data(), text.size(), 0),
                   ZIP_FL_OVERWRITE);
    }
    zip_close(archive);
    return path;
  }
  static std::string bytes_of(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  static std::vector<Event> read(const fs::path& file, GdeltReport* report = nullptr,
                                 GdeltOptions options = {}) {
    const std::vector<fs::path> files = {file};
    return read_gdelt_events(files, report, options);
  }

  testing::ScratchDir scratch_{"softpower-gdelt-archives"};
  fs::path dir_ = scratch_.path();
};

// A GDELT .gz or .zip with no line break grew past 3 GB: the whole file was one line in memory.
TEST_F(GdeltArchives, ALineLongerThanTheLineLimitIsAnErrorWhateverThePacking) {
  const testing::MemoryLimit limit("64MB");  // lines up to 1 MB
  const std::string no_break = event_line(1) + std::string(3u << 20, 'x');
  const std::string expected =
      ":2: a line longer than 1.0 MB, the longest line or record a "
      "reader keeps (1/64 of the memory limit of 64.0 MB; set "
      "SOFTPOWER_MAX_MEMORY to change it)";
  const fs::path gz = write_gz("long.export.CSV.gz", no_break);
  const fs::path zip = write_zip("long.export.CSV.zip", {{"long.export.CSV", no_break}});
  const fs::path plain = write("long.export.CSV", no_break);
  EXPECT_NE(error_of([&] { read(gz); }).find(gz.string() + expected), std::string::npos)
      << error_of([&] { read(gz); });
  EXPECT_NE(error_of([&] { read(zip); }).find(zip.string() + ":long.export.CSV" + expected),
            std::string::npos)
      << error_of([&] { read(zip); });
  EXPECT_NE(error_of([&] { read(plain); }).find(plain.string() + expected), std::string::npos);
  // A header file whose quote is never closed runs into one record: the same bound.
  const fs::path quoted = write_gz("quoted.csv.gz", kHeader + "\"1" + std::string(3u << 20, '\n'));
  EXPECT_NE(error_of([&] { read(quoted); }).find(":2: a line longer than 1.0 MB"),
            std::string::npos);
  // Lines under the limit are read.
  EXPECT_EQ(read(write_gz("ok.export.CSV.gz", event_line(1) + event_line(2))).size(), 2U);
}

TEST_F(GdeltArchives, GzipGarbageAfterTheDataOrABadCrcIsAnError) {
  const std::string whole = bytes_of(write_gz("a.export.CSV.gz", event_line(1) + event_line(2)));
  const fs::path tail = write("tail.export.CSV.gz", whole + "not gzip\n");
  EXPECT_NE(error_of([&] { read(tail); }).find(tail.string() + ": garbage after the gzip data"),
            std::string::npos);
  std::string crc = whole;
  crc[crc.size() - 7] = static_cast<char>(crc[crc.size() - 7] ^ 0x21);
  const fs::path bad = write("crc.export.CSV.gz", crc);
  EXPECT_NE(error_of([&] { read(bad); }).find(bad.string() + ": corrupt gzip data at byte"),
            std::string::npos);
  const fs::path fake = write("fake.export.CSV.gz", event_line(1));
  EXPECT_NE(error_of([&] { read(fake); }).find("not gzip data, although the name ends in .gz"),
            std::string::npos);
  // Members one after the other are read as one text.
  const std::string second = bytes_of(write_gz("b.gz", event_line(3)));
  EXPECT_EQ(read(write("two.export.CSV.gz", whole + second)).size(), 3U);
}

TEST_F(GdeltArchives, ZipMembersThatLieAboutTheirSizeOrOverlapAreErrors) {
  const std::string text = event_line(1) + event_line(2) + event_line(3);
  const std::string good = bytes_of(write_zip("good.zip", {{"a.export.CSV", text}}));
  const std::size_t central = good.find("PK\x01\x02");
  ASSERT_NE(central, std::string::npos);
  // The inflated size in both headers made smaller than the data.
  std::string lie = good;
  const std::uint32_t small = 100;
  std::memcpy(lie.data() + 22, &small, 4);
  std::memcpy(lie.data() + central + 24, &small, 4);
  const fs::path lying = write("lie.zip", lie);
  EXPECT_NE(error_of([&] { read(lying); })
                .find(lying.string() + ":a.export.CSV: the zip member inflates past the 100 "
                                       "bytes the archive declares for it"),
            std::string::npos)
      << error_of([&] { read(lying); });

  // 2,000 directory entries over one member of 2 MB of line breaks: 4 GB from a few kB.
  const std::string blank(2u << 20, '\n');
  const std::string one = bytes_of(write_zip("one.zip", {{"a", blank}}));
  const std::size_t dir = one.find("PK\x01\x02");
  const std::size_t end = one.find("PK\x05\x06");
  const std::string entry = one.substr(dir, end - dir);
  std::string bomb = one.substr(0, dir);
  constexpr std::uint16_t kEntries = 2000;
  for (std::uint16_t k = 0; k < kEntries; ++k) bomb += entry;
  std::string eocd = one.substr(end);
  const auto cd_size = static_cast<std::uint32_t>(entry.size() * kEntries);
  std::memcpy(eocd.data() + 8, &kEntries, 2);
  std::memcpy(eocd.data() + 10, &kEntries, 2);
  std::memcpy(eocd.data() + 12, &cd_size, 4);
  bomb += eocd;
  const fs::path overlap = write("overlap.zip", bomb);
  EXPECT_NE(error_of([&] { read(overlap); }).find("members overlap (a zip bomb)"),
            std::string::npos)
      << error_of([&] { read(overlap); });
}

// A zip of 3,000 members took 0.6 to 12 ms a member: each had a thread of its own that inflated
// ahead into 4 MB of chunks zeroed first.
TEST_F(GdeltArchives, AZipOfThousandsOfSmallMembersIsReadInProportionToItsData) {
  std::vector<std::pair<std::string, std::string>> members;
  members.reserve(3000);
  for (int k = 0; k < 3000; ++k) members.emplace_back(std::to_string(k) + ".CSV", event_line(k));
  const fs::path zip = write_zip("many.zip", members);
  const auto start = std::chrono::steady_clock::now();
  GdeltReport report;
  const auto events = read(zip, &report);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(events.size(), 3000U);
  EXPECT_EQ(events[2999].id, 2999U);
  EXPECT_EQ(report.malformed, 0U);
  EXPECT_LT(seconds, 1.0) << "3,000 members of one line each";
}

// A header file with a quote left open near its start: each line break after it rescanned the
// record from its start for quotes, so n lines took n^2/2 line lengths.
TEST_F(GdeltArchives, AQuoteLeftOpenInQuotedCsvIsReadInLinearTime) {
  std::string text = kHeader + "\"1";
  for (int k = 0; k < 40000; ++k) text += ",20191024,USA,USA,FRA,FRA,1,043,04,1,2.8,4,1,4\n";
  const fs::path path = write("open.csv", text);
  const auto start = std::chrono::steady_clock::now();
  GdeltReport report;
  EXPECT_TRUE(read(path, &report).empty());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(report.malformed, 1U);  // one record, to the end of the file
  EXPECT_LT(seconds, 1.0) << "2 MB in one open quote";
}

TEST_F(GdeltArchives, AMasterListLineIsBoundedAndAFileWithoutBreaksIsNotAList) {
  const fs::path list =
      write("masterfilelist.txt", "1 abc http://data.gdeltproject.org/gdeltv2/1.export.CSV.zip\n" +
                                      std::string(100000, '7') + " x.zip\n");
  EXPECT_NE(error_of([&] {
              resolve_gdelt_inputs(list.string());
            }).find("masterfilelist.txt:2: not a master-list line (longer than 64 kB"),
            std::string::npos)
      << error_of([&] { resolve_gdelt_inputs(list.string()); });
  // A plain file of one long line is an event file to read, not a list.
  const fs::path one_line = write("big.export.CSV", std::string(200000, 'y'));
  const GdeltInputs inputs = resolve_gdelt_inputs(one_line.string());
  EXPECT_FALSE(inputs.master_list);
  ASSERT_EQ(inputs.files.size(), 1U);
}

}  // namespace
}  // namespace softpower::sources
