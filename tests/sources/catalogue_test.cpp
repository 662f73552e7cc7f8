// Every reader in the catalogue, run on the shared data: it reads without error, says where
// its files come from, describes its indicators, and reports what it could not map.

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "softpower/sources/reader.hpp"
#include "support/data.hpp"

namespace softpower::sources {
namespace {

std::string summary(const std::vector<UnmappedRow>& unmapped) {
  std::map<std::string, std::size_t> by_reason;
  for (const UnmappedRow& row : unmapped) ++by_reason[row.reason];
  std::string text;
  for (const auto& [reason, count] : by_reason) {
    text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + reason;
  }
  return text.empty() ? "none" : text;
}

TEST(ReaderCatalogue, IdsAreUniqueAndLookupNamesTheKnownIds) {
  std::set<std::string> ids;
  for (const Reader& r : readers()) EXPECT_TRUE(ids.insert(r.id).second) << r.id;
  for (const DyadReader& r : dyad_readers()) EXPECT_TRUE(ids.insert(r.id).second) << r.id;
  for (const VoteReader& r : vote_readers()) EXPECT_TRUE(ids.insert(r.id).second) << r.id;
  EXPECT_EQ(readers().size(), 26u);
  EXPECT_EQ(dyad_readers().size(), 3u);
  EXPECT_EQ(vote_readers().size(), 2u);
  EXPECT_EQ(&vote_reader("un-votes-voeten"), &vote_readers()[1]);
  EXPECT_THROW((void)vote_reader("asem"), Error);
  EXPECT_EQ(&reader("asem"), &readers()[23]);
  try {
    (void)reader("no-such-source");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'no-such-source'"), std::string::npos);
    EXPECT_NE(message.find("datahub-gdp"), std::string::npos);
    EXPECT_NE(message.find("world-denoms"), std::string::npos);
  }
  EXPECT_THROW((void)dyad_reader("asem"), Error);
}

TEST(ReaderCatalogue, EveryReaderRecordsWhereItsDataComesFrom) {
  SOFTPOWER_REQUIRE_DATA(data);
  for (const Reader& r : readers()) {
    SCOPED_TRACE(r.id);
    EXPECT_FALSE(r.title.empty());
    EXPECT_TRUE(r.origin_url.starts_with("https://github.com/"));
    EXPECT_TRUE(r.producer_url.starts_with("https://"));
    EXPECT_FALSE(r.licence.empty());
    EXPECT_TRUE(std::filesystem::exists(data / r.path)) << r.path;
    ASSERT_FALSE(r.files.empty());
    for (const SourceFile& f : r.files) {
      EXPECT_TRUE(std::filesystem::is_regular_file(data / f.path)) << f.path;
      EXPECT_TRUE(f.download_url.starts_with("https://raw.githubusercontent.com/")) << f.path;
    }
  }
}

// Issue 17: an analyst cites a dataset by its edition (which release of the producer's data),
// not by the mirror it was copied from. Every reader says which one it reads.
TEST(ReaderCatalogue, EveryReaderNamesTheEditionOfItsData) {
  auto check = [](const std::string& id, const std::string& edition) {
    EXPECT_FALSE(edition.empty()) << id;
    EXPECT_EQ(edition.find("github.com"), std::string::npos) << id;  // not the mirror
  };
  for (const Reader& r : readers()) check(r.id, r.edition);
  for (const DyadReader& r : dyad_readers()) check(r.id, r.edition);
  for (const VoteReader& r : vote_readers()) check(r.id, r.edition);
  // What the files say, as SOURCES.md records it.
  EXPECT_EQ(reader("undp-hdr").edition,
            "Human Development Report 2021/22, composite indices time series 1990-2021");
  EXPECT_EQ(reader("universities").edition,
            "US News Best Global Universities 2022-2023 (the file's first line)");
  EXPECT_NE(reader("vdem").edition.find("V-Dem v14"), std::string::npos);
  EXPECT_NE(reader("vdem").edition.find("V-Dem Core v13"), std::string::npos);
}

TEST(ReaderCatalogue, EveryVoteReaderRecordsWhereItsDataComesFrom) {
  SOFTPOWER_REQUIRE_DATA(data);
  for (const VoteReader& r : vote_readers()) {
    SCOPED_TRACE(r.id);
    EXPECT_FALSE(r.title.empty());
    EXPECT_EQ(r.origin_url,
              "https://github.com/dgrtwo/unvotes/tree/7eb7034314ff79c49c9e0785fcd9d216fa04cf14");
    EXPECT_TRUE(r.producer_url.starts_with("https://"));
    EXPECT_FALSE(r.licence.empty());
    EXPECT_TRUE(std::filesystem::exists(data / r.path)) << r.path;
    ASSERT_FALSE(r.files.empty());
    for (const SourceFile& f : r.files) {
      EXPECT_TRUE(std::filesystem::is_regular_file(data / f.path)) << f.path;
      EXPECT_TRUE(f.download_url.starts_with("https://raw.githubusercontent.com/dgrtwo/unvotes/"))
          << f.path;
      EXPECT_FALSE(f.derivation.empty()) << f.path;  // converted from R data files
    }
  }
}

TEST(ReaderCatalogue, EveryReaderRunsOnTheSharedDataAndReportsItsUnmappedRows) {
  SOFTPOWER_REQUIRE_DATA(data);
  for (const Reader& r : readers()) {
    SCOPED_TRACE(r.id);
    ReadResult result;
    ASSERT_NO_THROW(result = r.read(data));
    EXPECT_GT(result.rows_read, 0u);
    EXPECT_FALSE(result.files.empty());
    EXPECT_GT(result.panel.count(), 0u);
    ASSERT_EQ(result.panel.info().size(), result.panel.indicators().size());
    for (const IndicatorInfo& info : result.panel.info()) {
      EXPECT_FALSE(info.name.empty()) << info.code;
      EXPECT_FALSE(info.unit.empty()) << info.code;
      EXPECT_FALSE(info.source.empty()) << info.code;
    }
    for (const UnmappedRow& row : result.unmapped) {
      EXPECT_FALSE(row.where.file.empty());
      EXPECT_GT(row.where.line, 1u);
      EXPECT_FALSE(row.where.field.empty());
      EXPECT_FALSE(row.reason.empty());
    }
    std::cout << "[ reader   ] " << r.id << ": " << result.rows_read << " rows, "
              << result.panel.units().size() << " units, " << result.panel.indicators().size()
              << " indicators, " << result.panel.years().size()
              << " years; unmapped: " << summary(result.unmapped) << "\n";
  }
}

TEST(ReaderCatalogue, EveryDyadReaderRunsOnTheSharedData) {
  SOFTPOWER_REQUIRE_DATA(data);
  for (const DyadReader& r : dyad_readers()) {
    SCOPED_TRACE(r.id);
    DyadResult result;
    ASSERT_NO_THROW(result = r.read(data));
    EXPECT_FALSE(result.dyads.empty());
    EXPECT_FALSE(result.info.unit.empty());
    for (const Dyad& d : result.dyads) {
      EXPECT_NE(d.from, d.to);
      EXPECT_GT(d.year, 1900);
    }
    std::cout << "[ dyads    ] " << r.id << ": " << result.rows_read << " rows, "
              << result.dyads.size() << " dyads; unmapped: " << summary(result.unmapped) << "\n";
  }
}

}  // namespace
}  // namespace softpower::sources
