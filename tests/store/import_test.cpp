// `softpower import` below the command line: readers' data with the digests of their files,
// several sources in one transaction, and long-format CSV files the user brings.

#include <gtest/gtest.h>

#include <sstream>

#include "softpower/core/error.hpp"
#include "softpower/core/sha256.hpp"
#include "softpower/core/table.hpp"
#include "softpower/store/importer.hpp"
#include "softpower/store/long_csv.hpp"
#include "store/support.hpp"

namespace softpower::store {
namespace {

using testing::dump_file;
using testing::ScratchDir;

// A reader of a one-file source under `data_dir`/fake, as the real readers are built.
sources::Reader fake_reader(const std::string& id) {
  sources::Reader reader;
  reader.id = id;
  reader.title = "Fake source " + id;
  reader.path = "fake/" + id + ".csv";
  reader.origin_url = "https://example.org/" + id;
  reader.licence = "CC0";
  reader.files = {{"fake/" + id + ".csv", "https://example.org/raw/" + id + ".csv", ""}};
  reader.read = [id](const std::filesystem::path& data_dir) {
    sources::ReadResult result;
    const auto file = data_dir / "fake" / (id + ".csv");
    const Table table = read_csv(file);
    PanelBuilder builder;
    builder.describe({"visits", "Visits", "people", file.string()});
    for (std::size_t r = 0; r < table.size(); ++r) {
      if (table.cell(r, 0) == "World") {
        result.unmapped.push_back({table.where(r, 0), "World", "aggregate"});
        continue;
      }
      builder.set(table.cell(r, 0), "visits", static_cast<int>(table.number(r, 1)),
                  table.number(r, 2));
    }
    result.panel = builder.build();
    result.rows_read = table.size();
    result.files = {file};
    result.groups["region"] = {{"AUT", "Europe"}};
    return result;
  };
  return reader;
}

const std::string kFakeCsv =
    "unit,year,visits\nAUT,2000,5\nJPN,2000,7\nWorld,2000,99\nAUT,2001,6\n";

class StoreImport : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "data/fake");
    write_file_atomic(dir_ / "data/fake/tourism.csv", kFakeCsv);
    write_file_atomic(dir_ / "data/fake/museums.csv", "unit,year,visits\nFRA,2010,1.5\n");
  }
  std::vector<ImportedDataset> import(const std::vector<sources::Reader>& readers) {
    std::vector<ImportSource> list;
    for (const auto& r : readers) list.push_back(reader_source(r, dir_ / "data"));
    Workspace ws = Workspace::open(workspace());
    return import_sources(ws, list, progress_, log_);
  }
  std::filesystem::path workspace() const { return dir_ / "w.workspace"; }

  ScratchDir dir_;
  Progress progress_;
  std::ostringstream log_;
};

TEST_F(StoreImport, AReaderIsStoredWithTheDigestOfEveryFileItRead) {
  const auto imported = import({fake_reader("tourism")});
  ASSERT_EQ(imported.size(), 1u);
  EXPECT_FALSE(imported[0].replaced);
  EXPECT_EQ(imported[0].record.values, 3u);
  EXPECT_EQ(log_.str(), "tourism: 2 units, 1 indicator, 2 years, 3 values; 1 row not mapped\n");

  const Workspace ws = Workspace::open_read_only(workspace());
  const auto d = ws.dataset("tourism");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->reader, "tourism");
  EXPECT_EQ(d->title, "Fake source tourism");
  EXPECT_EQ(d->source, "fake/tourism.csv");
  EXPECT_EQ(d->licence, "CC0");
  EXPECT_EQ(d->rows_read, 4u);
  ASSERT_EQ(d->files.size(), 1u);
  // Relative to the data directory, so the record does not depend on where the data was.
  EXPECT_EQ(d->files[0].path, "fake/tourism.csv");
  EXPECT_EQ(d->files[0].sha256, sha256_hex(kFakeCsv));
  EXPECT_EQ(d->files[0].bytes, kFakeCsv.size());
  EXPECT_EQ(d->files[0].download_url, "https://example.org/raw/tourism.csv");
  ASSERT_EQ(d->unmapped.size(), 1u);
  EXPECT_EQ(d->unmapped[0].where.line, 4u);
  EXPECT_EQ(d->unmapped[0].where.file, "fake/tourism.csv");
  EXPECT_EQ(d->unit_attributes.at("region").at("AUT"), "Europe");
  const Panel panel = ws.load_dataset("tourism");
  EXPECT_EQ(panel.value("AUT", "visits", 2001), 6.0);
  EXPECT_EQ(panel.value("JPN", "visits", 2000), 7.0);
  EXPECT_EQ(panel.info()[0].unit, "people");
}

TEST_F(StoreImport, ImportingAgainReplacesAndSaysSo) {
  import({fake_reader("tourism")});
  write_file_atomic(dir_ / "data/fake/tourism.csv", "unit,year,visits\nAUT,2000,50\n");
  const auto again = import({fake_reader("tourism"), fake_reader("museums")});
  ASSERT_EQ(again.size(), 2u);
  EXPECT_TRUE(again[0].replaced);
  EXPECT_FALSE(again[1].replaced);
  const Workspace ws = Workspace::open_read_only(workspace());
  EXPECT_EQ(ws.load_dataset("tourism").value("AUT", "visits", 2000), 50.0);
  EXPECT_EQ(ws.dataset("tourism")->files[0].sha256, sha256_hex("unit,year,visits\nAUT,2000,50\n"));
  EXPECT_NE(log_.str().find("[2/2] museums: 1 unit, 1 indicator"), std::string::npos) << log_.str();
}

TEST_F(StoreImport, ASourceThatFailsLeavesEverySourceOut) {
  import({fake_reader("museums")});
  const std::string before = dump_file(workspace());
  sources::Reader broken = fake_reader("broken");
  broken.read = [](const std::filesystem::path&) -> sources::ReadResult {
    throw Error(Location{"fake/broken.csv", 7, "visits"}, "not a number: 'x'");
  };
  try {
    import({fake_reader("tourism"), broken, fake_reader("museums")});
    FAIL() << "the broken source was imported";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "fake/broken.csv:7: field 'visits': not a number: 'x' (importing 'broken'; nothing "
              "was imported)");
    EXPECT_EQ(e.where().line, 7u);
  }
  // "tourism" was written before "broken" failed; the transaction took it back.
  EXPECT_EQ(dump_file(workspace()), before);
}

TEST_F(StoreImport, AMissingFileFailsTheImportNamingIt) {
  std::filesystem::remove(dir_ / "data/fake/tourism.csv");
  try {
    import({fake_reader("tourism")});
    FAIL() << "imported a missing file";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("tourism.csv"), std::string::npos) << e.what();
  }
  const Workspace ws = Workspace::open_read_only(workspace());
  EXPECT_TRUE(ws.datasets().empty());
}

TEST_F(StoreImport, CancellingBetweenSourcesImportsNothing) {
  progress_.cancel();
  EXPECT_THROW(import({fake_reader("tourism"), fake_reader("museums")}), Error);
  EXPECT_TRUE(Workspace::open_read_only(workspace()).datasets().empty());
}

class StoreLongCsv : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& text) {
    const auto file = dir_ / "mine.csv";
    write_file_atomic(file, text);
    return file;
  }
  ScratchDir dir_;
};

TEST_F(StoreLongCsv, CodesAreMappedAndEveryOtherRowIsReportedWithItsLine) {
  const auto file = write(
      "iso,year,visitors,spend\n"
      "AUT,2000,5,1.5\n"
      "fra,2000,7,NA\n"
      "WLD,2000,100,10\n"
      "SUN,2000,3,3\n"
      "SUN,1985,4,4\n"
      "AUT,2000,8,8\n"
      "JPN,2001,,2\n");
  const auto read = read_long_csv({file, "iso", "iso3", "year", {"visitors", "spend"}});
  EXPECT_EQ(read.rows_read, 7u);
  ASSERT_EQ(read.files.size(), 1u);
  const Panel& p = read.panel;
  EXPECT_EQ(p.units(), (std::vector<std::string>{"AUT", "FRA", "SUN", "JPN"}));
  EXPECT_EQ(p.indicators(), (std::vector<std::string>{"visitors", "spend"}));
  EXPECT_EQ(p.years(), (std::vector<int>{1985, 2000, 2001}));
  EXPECT_EQ(p.value("AUT", "visitors", 2000), 5.0);  // the first row is kept, not the repeat
  EXPECT_EQ(p.value("AUT", "spend", 2000), 1.5);
  EXPECT_EQ(p.value("FRA", "visitors", 2000), 7.0);
  EXPECT_TRUE(std::isnan(p.value("FRA", "spend", 2000)));
  EXPECT_EQ(p.value("SUN", "visitors", 1985), 4.0);
  EXPECT_EQ(p.value("JPN", "spend", 2001), 2.0);
  EXPECT_EQ(p.info()[1].source, file.string());

  ASSERT_EQ(read.unmapped.size(), 3u);
  EXPECT_EQ(read.unmapped[0].where.line, 4u);
  EXPECT_EQ(read.unmapped[0].where.field, "iso");
  EXPECT_EQ(read.unmapped[0].value, "WLD");
  EXPECT_EQ(read.unmapped[0].reason, sources::unmapped::unknown_code);
  EXPECT_EQ(read.unmapped[1].where.line, 5u);  // the USSR, in 2000
  EXPECT_EQ(read.unmapped[1].reason, sources::unmapped::not_valid_in_year);
  EXPECT_EQ(read.unmapped[2].where.line, 7u);
  EXPECT_EQ(read.unmapped[2].reason, sources::unmapped::duplicate);
}

TEST_F(StoreLongCsv, NamesAreMappedThroughTheRegistry) {
  const auto file = write(
      "country;year;score\n"
      "COTE D'IVOIRE;2019;3\n"
      "Atlantis;2019;1\n"
      "Namibia;2019;2\n");
  const auto read = read_long_csv({file, "country", "name", "year", {"score"}});
  EXPECT_EQ(read.panel.units(), (std::vector<std::string>{"CIV", "NAM"}));
  ASSERT_EQ(read.unmapped.size(), 1u);
  EXPECT_EQ(read.unmapped[0].value, "Atlantis");
  EXPECT_EQ(read.unmapped[0].reason, sources::unmapped::unknown_name);
  EXPECT_EQ(read.unmapped[0].where.line, 3u);
}

TEST_F(StoreLongCsv, BadCellsAreErrorsNamingFileLineAndColumn) {
  const auto file = write("iso,year,score\nAUT,2000,1\nFRA,20x0,2\n");
  try {
    read_long_csv({file, "iso", "iso3", "year", {"score"}});
    FAIL() << "read a bad year";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, file.string());
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_EQ(e.where().field, "year");
  }
  const auto value = write("iso,year,score\nAUT,2000,high\n");
  try {
    read_long_csv({value, "iso", "iso3", "year", {"score"}});
    FAIL() << "read a bad value";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 2u);
    EXPECT_EQ(e.where().field, "score");
  }
  EXPECT_THROW(read_long_csv({value, "iso", "iso3", "year", {"missing"}}), Error);
  EXPECT_THROW(read_long_csv({value, "iso", "klingon", "year", {"score"}}), Error);
}

// 1e309 was stored as infinity and 1e-400 as 0, with no error.
TEST_F(StoreLongCsv, ValuesBeyondADoublesRangeAreErrorsNamingTheCell) {
  for (const std::string value : {"1e309", "-1e309", "1e-400", "inf"}) {
    const auto file = write("iso,year,score\nAUT,2000,1\nFRA,2000," + value + "\n");
    try {
      read_long_csv({file, "iso", "iso3", "year", {"score"}});
      FAIL() << "read " << value;
    } catch (const Error& e) {
      EXPECT_EQ(e.where().file, file.string());
      EXPECT_EQ(e.where().line, 3u);
      EXPECT_EQ(e.where().field, "score");
      EXPECT_NE(std::string(e.what()).find("'" + value + "'"), std::string::npos) << e.what();
    }
  }
  const auto year = write("iso,year,score\nAUT,99999999999,1\n");
  try {
    read_long_csv({year, "iso", "iso3", "year", {"score"}});
    FAIL() << "read the year";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'99999999999' is out of range for a year"),
              std::string::npos)
        << e.what();
  }
}

// A row with a field too many (an unquoted comma in a name) put its values in the wrong
// columns; a file with a header only imported an empty dataset.
TEST_F(StoreLongCsv, RaggedRowsAndFilesWithoutRowsAreErrors) {
  const auto extra = write("country,year,score\nFrance,2000,1\nKorea, Republic of,2000,2\n");
  try {
    read_long_csv({extra, "country", "name", "year", {"score"}});
    FAIL() << "read a row of four fields";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), extra.string() + ":3: 4 fields where the header has 3");
  }
  const auto short_row = write("iso,year,score\nAUT,2000\n");
  EXPECT_THROW(read_long_csv({short_row, "iso", "iso3", "year", {"score"}}), Error);
  const auto header_only = write("iso,year,score\n");
  try {
    read_long_csv({header_only, "iso", "iso3", "year", {"score"}});
    FAIL() << "read a header only";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), header_only.string() + ": the file has a header but no rows");
  }
}

}  // namespace
}  // namespace softpower::store
