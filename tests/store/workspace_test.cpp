// The workspace file: schema, round trips, replacement, and what a failed import leaves.

#include "softpower/store/workspace.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <regex>

#include "softpower/core/error.hpp"
#include "softpower/core/sha256.hpp"
#include "softpower/core/table.hpp"
#include "store/support.hpp"

namespace softpower::store {
namespace {

using testing::dump_file;
using testing::make_panel;
using testing::query_file;
using testing::ScratchDir;
using testing::sql_on_file;

DatasetRecord meta_named(const std::string& name) {
  DatasetRecord meta;
  meta.name = name;
  meta.reader = "test";
  meta.title = "A test dataset";
  meta.source = "test/" + name + ".csv";
  meta.origin_url = "https://example.org/" + name + ".csv";
  meta.licence = "CC BY 4.0";
  meta.rows_read = 12;
  meta.files = {{"test/" + name + ".csv", sha256_hex(name), 1234, "https://example.org/raw", ""}};
  return meta;
}

// Expects the same units, indicators, years, indicator info and cells (missing where missing).
void expect_same_panel(const Panel& expected, const Panel& actual) {
  ASSERT_EQ(actual.units(), expected.units());
  ASSERT_EQ(actual.indicators(), expected.indicators());
  ASSERT_EQ(actual.years(), expected.years());
  ASSERT_EQ(actual.info().size(), expected.info().size());
  for (std::size_t i = 0; i < expected.info().size(); ++i) {
    EXPECT_EQ(actual.info()[i].code, expected.info()[i].code);
    EXPECT_EQ(actual.info()[i].name, expected.info()[i].name);
    EXPECT_EQ(actual.info()[i].unit, expected.info()[i].unit);
    EXPECT_EQ(actual.info()[i].source, expected.info()[i].source);
  }
  std::size_t differences = 0;
  for (std::size_t u = 0; u < expected.units().size(); ++u) {
    for (std::size_t i = 0; i < expected.indicators().size(); ++i) {
      for (std::size_t t = 0; t < expected.years().size(); ++t) {
        const double a = expected.at(u, i, t), b = actual.at(u, i, t);
        const bool same =
            std::isnan(a) ? std::isnan(b) : a == b && std::signbit(a) == std::signbit(b);
        if (!same && ++differences <= 5) {
          ADD_FAILURE() << "cell " << expected.units()[u] << "/" << expected.indicators()[i] << "/"
                        << expected.years()[t] << ": " << a << " became " << b;
        }
      }
    }
  }
  EXPECT_EQ(differences, 0u);
}

TEST(Workspace, OpeningANewFileCreatesTheSchemaInWalMode) {
  ScratchDir dir;
  const auto file = dir / "new.workspace";
  { const Workspace ws = Workspace::open(file); }
  EXPECT_EQ(query_file(file, "PRAGMA user_version"), std::to_string(kSchemaVersion) + "\n");
  EXPECT_EQ(query_file(file, "PRAGMA application_id"), std::to_string(kApplicationId) + "\n");
  EXPECT_EQ(query_file(file, "PRAGMA journal_mode"), "wal\n");
  EXPECT_EQ(query_file(file,
                       "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT "
                       "LIKE 'sqlite%' ORDER BY name"),
            "dataset_files\ndataset_indicators\ndataset_roll_call_issues\ndataset_roll_calls\n"
            "dataset_units\ndataset_values\ndataset_votes\ndataset_years\n"
            "datasets\nrun_results\nruns\nspecs\nunit_attributes\nunmapped_rows\n");
}

TEST(Workspace, ReopeningKeepsWhatWasStored) {
  ScratchDir dir;
  const auto file = dir / "w.workspace";
  {
    Workspace ws = Workspace::open(file);
    ws.import_dataset(meta_named("first"), make_panel(3, 2, 4));
  }
  const std::string before = dump_file(file);
  const Workspace again = Workspace::open(file);
  ASSERT_EQ(again.datasets().size(), 1u);
  EXPECT_EQ(again.datasets()[0].name, "first");
  EXPECT_EQ(again.datasets()[0].values, make_panel(3, 2, 4).count());
  // Opening an existing workspace writes nothing.
  EXPECT_EQ(dump_file(file), before);
  const Workspace reader = Workspace::open_read_only(file);
  EXPECT_EQ(reader.datasets().size(), 1u);
}

TEST(Workspace, ForeignKeysAreEnforcedOnEveryConnection) {
  ScratchDir dir;
  const auto file = dir / "fk.workspace";
  Workspace ws = Workspace::open(file);
  ws.import_dataset(meta_named("a"), make_panel(2, 2, 2));
  ws.remove_dataset("a");
  // The cascade removed every row that belonged to the dataset.
  for (const char* table : {"dataset_values", "dataset_units", "dataset_indicators",
                            "dataset_years", "dataset_files"}) {
    EXPECT_EQ(query_file(file, std::string("SELECT count(*) FROM ") + table), "0\n") << table;
  }
}

TEST(Workspace, DatasetRoundTripIsExact) {
  ScratchDir dir;
  Workspace ws = Workspace::open(dir / "w.workspace");
  // Units out of alphabetical order, years not starting at zero, awkward doubles.
  Panel panel({"ZWE", "AUT", "BRA", "CIV"}, {"gdp", "hdi", "tone"}, {1990, 1995, 2000});
  panel.info()[0] = {"gdp", "GDP per capita", "US$ (2015)", "datahub/gdp.csv"};
  panel.info()[1] = {"hdi", "Human Development Index", "index", "undp/hdr.csv"};
  panel.info()[2] = {"tone", "Côte d'Ivoire tone, “quoted”", "", ""};
  const double awkward[] = {0.1 + 0.2,
                            -0.0,
                            1e-300,
                            std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::denorm_min(),
                            42.0,
                            -7.25,
                            1e15 + 0.5,
                            std::numeric_limits<double>::infinity()};
  std::size_t k = 0;
  for (std::size_t u = 0; u < 4; ++u) {
    for (std::size_t i = 0; i < 3; ++i) {
      for (std::size_t t = 0; t < 3; ++t) {
        if ((u + i + t) % 4 != 3) panel.at(u, i, t) = awkward[k++ % std::size(awkward)];
      }
    }
  }
  ws.import_dataset(meta_named("mixed"), panel);
  expect_same_panel(panel, ws.load_dataset("mixed"));
}

// Its speed is measured by bench/workspace_import (bench/README.md), not asserted here.
TEST(Workspace, AMillionValuesRoundTrip) {
  ScratchDir dir;
  Workspace ws = Workspace::open(dir / "big.workspace");
  // 200 units x 50 indicators x 117 years, one cell in 7 missing: 1,002,857 values.
  const Panel panel = make_panel(200, 50, 117);
  ASSERT_GT(panel.count(), 1000000u);
  ws.import_dataset(meta_named("big"), panel);
  const Panel loaded = ws.load_dataset("big");
  expect_same_panel(panel, loaded);
  EXPECT_EQ(ws.datasets()[0].values, panel.count());
}

TEST(Workspace, ProvenanceIsKeptWithTheDataset) {
  ScratchDir dir;
  Workspace ws = Workspace::open(dir / "w.workspace");
  DatasetRecord meta = meta_named("olympics");
  meta.files.push_back({"olympics/medals.csv", sha256_hex("medals"), 99, "", "columns dropped"});
  meta.unmapped = {{Location{"olympics/medals.csv", 17, "Team"}, "Mixed team", "not a country"},
                   {Location{"olympics/medals.csv", 230, "Team"}, "World", "aggregate"}};
  meta.unit_attributes = {{"EurAsia_group", {{"AUT", "Europe"}, {"JPN", "Asia"}}}};
  const DatasetId id = ws.import_dataset(meta, make_panel(4, 1, 3));

  const auto stored = ws.dataset("olympics");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->id, id);
  EXPECT_EQ(stored->reader, "test");
  EXPECT_EQ(stored->origin_url, "https://example.org/olympics.csv");
  EXPECT_EQ(stored->licence, "CC BY 4.0");
  EXPECT_EQ(stored->rows_read, 12u);
  EXPECT_EQ(stored->units, 4u);
  EXPECT_EQ(stored->indicators, 1u);
  EXPECT_EQ(stored->years, 3u);
  EXPECT_EQ(stored->values, make_panel(4, 1, 3).count());
  EXPECT_EQ(stored->softpower_version, SOFTPOWER_VERSION);
  EXPECT_TRUE(std::regex_match(stored->imported_at,
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << stored->imported_at;
  ASSERT_EQ(stored->files.size(), 2u);
  EXPECT_EQ(stored->files[0].sha256, sha256_hex("olympics"));
  EXPECT_EQ(stored->files[0].bytes, 1234u);
  EXPECT_EQ(stored->files[1].path, "olympics/medals.csv");
  EXPECT_EQ(stored->files[1].derivation, "columns dropped");
  ASSERT_EQ(stored->unmapped.size(), 2u);
  EXPECT_EQ(stored->unmapped_count, 2u);
  EXPECT_EQ(stored->unmapped[1].where.line, 230u);
  EXPECT_EQ(stored->unmapped[1].where.field, "Team");
  EXPECT_EQ(stored->unmapped[1].value, "World");
  EXPECT_EQ(stored->unmapped[0].reason, "not a country");
  EXPECT_EQ(stored->unit_attributes.at("EurAsia_group").at("JPN"), "Asia");

  // The listing keeps files and counts but leaves the long reports out.
  const auto listed = ws.datasets();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].files.size(), 2u);
  EXPECT_EQ(listed[0].unmapped_count, 2u);
  EXPECT_TRUE(listed[0].unmapped.empty());
  EXPECT_FALSE(ws.dataset("nothing").has_value());
}

TEST(Workspace, ReimportingANameReplacesTheDataset) {
  ScratchDir dir;
  const auto file = dir / "w.workspace";
  Workspace ws = Workspace::open(file);
  ws.import_dataset(meta_named("other"), make_panel(2, 1, 2));
  ws.import_dataset(meta_named("cpi"), make_panel(10, 3, 5));
  DatasetRecord second = meta_named("cpi");
  second.licence = "ODbL";
  second.unmapped = {{Location{"cpi.csv", 3, "country"}, "Atlantis", "unknown name"}};
  const Panel smaller = make_panel(4, 2, 3, 5);
  ws.import_dataset(second, smaller);

  const auto all = ws.datasets();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "cpi");
  EXPECT_EQ(all[0].licence, "ODbL");
  EXPECT_EQ(all[0].unmapped_count, 1u);
  expect_same_panel(smaller, ws.load_dataset("cpi"));
  // No row of the first version is left behind.
  EXPECT_EQ(query_file(file, "SELECT count(*) FROM dataset_values"),
            std::to_string(smaller.count() + make_panel(2, 1, 2).count()) + "\n");
  EXPECT_EQ(query_file(file, "SELECT count(*) FROM dataset_units"), "6\n");
}

TEST(Workspace, AnImportFailingHalfWayLeavesTheWorkspaceAsItWas) {
  ScratchDir dir;
  const auto file = dir / "w.workspace";
  Workspace ws = Workspace::open(file);
  ws.import_dataset(meta_named("kept"), make_panel(5, 2, 3));
  // Fails the insert of one value after thousands of others in the same transaction.
  sql_on_file(file,
              "CREATE TRIGGER injected_failure BEFORE INSERT ON dataset_values "
              "WHEN NEW.indicator = 3 AND NEW.year = 1910 AND NEW.unit = 7 "
              "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  const std::string before = dump_file(file);

  // A new dataset, then a replacement of the existing one: both must vanish entirely.
  for (const char* name : {"new", "kept"}) {
    try {
      ws.import_dataset(meta_named(name), make_panel(50, 6, 30));
      FAIL() << "the injected failure did not fire";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("injected failure"), std::string::npos) << e.what();
      EXPECT_EQ(e.where().file, file.string());
    }
    EXPECT_EQ(dump_file(file), before) << name;
  }
  expect_same_panel(make_panel(5, 2, 3), ws.load_dataset("kept"));
  // The connection is still usable once the failure has been rolled back.
  sql_on_file(file, "DROP TRIGGER injected_failure");
  ws.import_dataset(meta_named("new"), make_panel(50, 6, 30));
  EXPECT_EQ(ws.datasets().size(), 2u);
}

TEST(Workspace, AFailureInsideABatchUndoesTheWholeBatch) {
  ScratchDir dir;
  const auto file = dir / "w.workspace";
  Workspace ws = Workspace::open(file);
  ws.import_dataset(meta_named("kept"), make_panel(3, 1, 2));
  const std::string before = dump_file(file);
  DatasetRecord bad = meta_named("second");
  bad.files[0].sha256 = "not a digest";
  EXPECT_THROW(
      {
        auto batch = ws.transaction();
        ws.import_dataset(meta_named("first"), make_panel(20, 2, 10));
        ws.import_dataset(bad, make_panel(2, 1, 1));
        batch.commit();
      },
      Error);
  EXPECT_EQ(dump_file(file), before);
  EXPECT_FALSE(ws.has_dataset("first"));
}

TEST(Workspace, BadImportsAreRefusedWithAClearError) {
  ScratchDir dir;
  const auto file = dir / "w.workspace";
  Workspace ws = Workspace::open(file);
  const std::string before = dump_file(file);
  EXPECT_THROW(ws.import_dataset(meta_named(""), make_panel(1, 1, 1)), Error);
  Panel duplicate_units({"AUT", "AUT"}, {"x"}, {2000});
  duplicate_units.at(0, 0, 0) = 1;
  try {
    ws.import_dataset(meta_named("dup"), duplicate_units);
    FAIL() << "a panel listing a unit twice was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("the panel lists unit 'AUT' twice"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(dump_file(file), before);
}

class CancelHalfWay : public Progress {
 public:
  void advance(std::size_t steps) override {
    Progress::advance(steps);
    if (done() == 10) cancel();
  }
};

TEST(Workspace, ACancelledImportLeavesTheWorkspaceAsItWas) {
  ScratchDir dir;
  const auto file = dir / "w.workspace";
  Workspace ws = Workspace::open(file);
  const std::string before = dump_file(file);
  CancelHalfWay progress;
  EXPECT_THROW(ws.import_dataset(meta_named("x"), make_panel(10, 4, 10), &progress), Error);
  EXPECT_EQ(progress.done(), 10u);
  EXPECT_EQ(dump_file(file), before);
}

TEST(Workspace, ReadersSeeTheLastCommittedStateWhileAnImportIsUnderWay) {
  ScratchDir dir;
  const auto file = dir / "w.workspace";
  Workspace writer = Workspace::open(file);
  writer.import_dataset(meta_named("old"), make_panel(2, 1, 1));
  const Workspace reader = Workspace::open_read_only(file);
  {
    auto batch = writer.transaction();
    writer.import_dataset(meta_named("new"), make_panel(30, 3, 10));
    // WAL: the reader neither waits for the writer nor sees its uncommitted rows.
    EXPECT_EQ(reader.datasets().size(), 1u);
    batch.commit();
  }
  EXPECT_EQ(reader.datasets().size(), 2u);
}

TEST(Workspace, AReadOnlyWorkspaceRefusesChanges) {
  ScratchDir dir;
  const auto file = dir / "w.workspace";
  { Workspace::open(file); }
  Workspace ws = Workspace::open_read_only(file);
  EXPECT_THROW(ws.import_dataset(meta_named("x"), make_panel(1, 1, 1)), Error);
  EXPECT_THROW(ws.begin_run("index build", nlohmann::json::object()), Error);
}

void expect_open_error(const std::filesystem::path& file, const std::string& words) {
  try {
    Workspace::open(file);
    FAIL() << file << " opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, file.string());
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(Workspace, ATextFileIsNotAWorkspaceAndIsLeftUntouched) {
  ScratchDir dir;
  const auto file = dir / "notes.csv";
  const std::string text = "country,year,value\nAUT,2000,1\n";
  write_file_atomic(file, text);
  expect_open_error(file, "not a softpower workspace: the file is not an SQLite database");
  EXPECT_EQ(read_file(file), text);
  EXPECT_FALSE(std::filesystem::exists(dir / "notes.csv-wal"));
}

TEST(Workspace, AnotherProgramsDatabaseIsNotAWorkspace) {
  ScratchDir dir;
  const auto file = dir / "other.sqlite";
  sql_on_file(file, "CREATE TABLE contacts (name TEXT)");
  expect_open_error(file, "an SQLite database of another program");
  // Not switched to WAL: the other program's file keeps its journal mode.
  EXPECT_EQ(query_file(file, "PRAGMA journal_mode"), "delete\n");
}

TEST(Workspace, AWorkspaceFromANewerSoftpowerIsRefused) {
  ScratchDir dir;
  const auto file = dir / "future.workspace";
  { Workspace::open(file); }
  sql_on_file(file, "PRAGMA user_version = " + std::to_string(kSchemaVersion + 1));
  expect_open_error(
      file, "written by a newer softpower (schema version " + std::to_string(kSchemaVersion + 1) +
                "; this build reads up to version " + std::to_string(kSchemaVersion) + ")");
  try {
    Workspace::open_read_only(file);
    FAIL() << "opened read-only";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("newer softpower"), std::string::npos) << e.what();
  }
}

TEST(Workspace, MissingOrFolderPathsGiveClearErrors) {
  ScratchDir dir;
  try {
    Workspace::open_read_only(dir / "absent.workspace");
    FAIL() << "opened a missing workspace";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no workspace here"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "absent.workspace"));
  expect_open_error(dir.path(), "is a folder");
  expect_open_error(dir / "no-such-folder" / "w.workspace", "cannot open the workspace");
}

TEST(Workspace, RunLifecycle) {
  ScratchDir dir;
  const auto file = dir / "w.workspace";
  Workspace ws = Workspace::open(file);
  const nlohmann::json parameters = {{"spec", "examples/asem.toml"}, {"runs", 500}};
  const RunId first = ws.begin_run("index build", parameters);
  const RunId second = ws.begin_run("index uncertainty", {{"seed", 7}});
  EXPECT_GT(second, first);

  RunRecord running = ws.run(first);
  EXPECT_EQ(running.status, RunStatus::running);
  EXPECT_EQ(running.parameters, parameters);
  EXPECT_EQ(running.finished_at, "");
  EXPECT_FALSE(running.duration_seconds.has_value());
  EXPECT_TRUE(running.summary.is_null());

  const std::string binary("\x00\xff\x89PNG\r\n", 7);
  ws.add_result(first, "scores.csv", "text/csv", "unit,score\nAUT,71.5\n");
  ws.add_result(first, "map.png", "image/png", binary);
  EXPECT_THROW(ws.add_result(first, "scores.csv", "text/csv", "again"), Error);
  ws.finish_run(first, RunStatus::ok, "Built 'ASEM'", {{"units", 51}});
  ws.finish_run(second, RunStatus::failed, "spec.toml:3: bad weight", nullptr);

  const RunRecord done = ws.run(first);
  EXPECT_EQ(done.status, RunStatus::ok);
  EXPECT_EQ(done.message, "Built 'ASEM'");
  EXPECT_EQ(done.summary, nlohmann::json({{"units", 51}}));
  ASSERT_TRUE(done.duration_seconds.has_value());
  EXPECT_GE(*done.duration_seconds, 0.0);
  EXPECT_LT(*done.duration_seconds, 60.0);
  EXPECT_EQ(done.softpower_version, SOFTPOWER_VERSION);

  const auto results = ws.results(first);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].name, "scores.csv");
  EXPECT_EQ(results[0].content, "unit,score\nAUT,71.5\n");
  EXPECT_EQ(results[1].media_type, "image/png");
  EXPECT_EQ(results[1].content, binary);
  // Text stays text for anyone reading the file with sqlite3; other bytes are a BLOB.
  EXPECT_EQ(query_file(file, "SELECT typeof(content) FROM run_results ORDER BY id"),
            "text\nblob\n");

  // A finished run takes no more results and cannot finish twice.
  EXPECT_THROW(ws.add_result(first, "late.txt", "text/plain", "x"), Error);
  EXPECT_THROW(ws.finish_run(first, RunStatus::failed, "", nullptr), Error);
  EXPECT_THROW(ws.finish_run(ws.begin_run("x", {}), RunStatus::running, "", nullptr), Error);

  const auto latest = ws.runs(2);
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_GT(latest[0].id, latest[1].id);
  EXPECT_EQ(latest[1].id, second);
  EXPECT_EQ(latest[1].status, RunStatus::failed);
  EXPECT_EQ(ws.runs(0).size(), 3u);
  EXPECT_THROW(ws.run(999), Error);
  EXPECT_THROW(ws.results(999), Error);
}

TEST(Workspace, SpecsKeepAVersionPerChangedText) {
  ScratchDir dir;
  Workspace ws = Workspace::open(dir / "w.workspace");
  const std::string v1 = "[index]\nname = \"ASEM\"\n";
  const std::string v2 = "[index]\nname = \"ASEM\"\nyear = 2018\n";
  const SpecId a = ws.save_spec("asem", v1, "examples/asem.toml");
  EXPECT_EQ(ws.save_spec("asem", v1, "examples/asem.toml"), a);
  const SpecId b = ws.save_spec("asem", v2, "examples/asem.toml");
  EXPECT_NE(a, b);
  ws.save_spec("elcano", "[index]\n", "examples/elcano.toml");

  const auto latest = ws.spec("asem");
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->id, b);
  EXPECT_EQ(latest->text, v2);
  EXPECT_EQ(latest->sha256, sha256_hex(v2));
  EXPECT_EQ(latest->source, "examples/asem.toml");
  EXPECT_FALSE(ws.spec("gpi").has_value());
  const auto all = ws.specs();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "asem");
  EXPECT_EQ(all[0].id, b);
  EXPECT_EQ(all[1].name, "elcano");
}

TEST(Workspace, DefaultPathComesFromFlagThenEnvironment) {
  const char* saved = std::getenv("SOFTPOWER_WORKSPACE");
  const std::string restore = saved != nullptr ? saved : "";
  ::unsetenv("SOFTPOWER_WORKSPACE");
  EXPECT_EQ(resolve_workspace(std::nullopt), std::filesystem::path("softpower.workspace"));
  ::setenv("SOFTPOWER_WORKSPACE", "/tmp/team.workspace", 1);
  EXPECT_EQ(resolve_workspace(std::nullopt), std::filesystem::path("/tmp/team.workspace"));
  EXPECT_EQ(resolve_workspace(std::string("mine.workspace")),
            std::filesystem::path("mine.workspace"));
  if (saved != nullptr) {
    ::setenv("SOFTPOWER_WORKSPACE", restore.c_str(), 1);
  } else {
    ::unsetenv("SOFTPOWER_WORKSPACE");
  }
}

}  // namespace
}  // namespace softpower::store
