// Roll-call votes in the workspace: exact round trips, the all-or-nothing guarantees of
// panels, `softpower import un-votes`, and the upgrade of version 1 workspaces to version 2.

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <sstream>

#include "schema_v1.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/sha256.hpp"
#include "softpower/core/table.hpp"
#include "softpower/sources/reader.hpp"
#include "softpower/store/importer.hpp"
#include "softpower/store/workspace.hpp"
#include "store/support.hpp"
#include "support/cli.hpp"
#include "support/data.hpp"

namespace softpower::store {
namespace {

using testing::dump_file;
using testing::make_panel;
using testing::query_file;
using testing::ScratchDir;
using testing::sql_on_file;

DatasetRecord votes_meta(const std::string& name) {
  DatasetRecord meta;
  meta.name = name;
  meta.reader = "test-votes";
  meta.title = "Test roll calls";
  meta.source = "test/" + name + ".csv";
  meta.licence = "CC0";
  meta.rows_read = 9;
  meta.files = {{"test/" + name + ".csv", sha256_hex(name), 99, "https://example.org/v", ""}};
  meta.unmapped = {{Location{"test/" + name + ".csv", 4, "ccode"}, "999", "unknown code"}};
  return meta;
}

// Three states and four roll calls with every vote code, every state of the optional flags,
// several issues, and text that needs quoting.
RollCallVotes make_votes() {
  std::vector<RollCall> calls(4);
  calls[0] = {.id = 3,
              .session = 1,
              .date = "1946-01-01",
              .year = 1946,
              .important = false,
              .issues = {"me", "ec"},
              .resolution = "R/1/66",
              .description = "FIRST, \"quoted\"",
              .amendment = true,
              .paragraph = false,
              .long_description = "line one\nline two"};
  calls[1] = {.id = 77,
              .session = 2,
              .date = "1947-11-06",
              .year = 1947,
              .important = true,
              .issues = {},
              .resolution = "R/2/1424",
              .description = "Côte d’Ivoire"};
  calls[2] = {.id = 4592, .session = 59, .date = "", .year = 2004};
  calls[3] = {.id = 9000,
              .session = 74,
              .date = "2019-12-18",
              .year = 2019,
              .issues = {"hr"},
              .paragraph = true};
  RollCallVotes votes(calls, {"USA", "SUN", "NAM"});
  votes.set(0, 0, Vote::yes);
  votes.set(0, 1, Vote::no);
  votes.set(0, 2, Vote::abstain);
  votes.set(0, 3, Vote::absent);
  votes.set(1, 0, Vote::not_member);
  votes.set(1, 3, Vote::yes);
  votes.set(2, 2, Vote::no);
  return votes;
}

TEST(WorkspaceVotes, RoundTripIsExact) {
  ScratchDir dir;
  const auto file = dir / "v.workspace";
  const RollCallVotes votes = make_votes();
  {
    Workspace ws = Workspace::open(file);
    ws.import_votes(votes_meta("votes"), votes);
  }
  const Workspace ws = Workspace::open_read_only(file);
  const RollCallVotes back = ws.load_votes("votes");
  EXPECT_EQ(back, votes);
  EXPECT_EQ(back.calls(), votes.calls());
  EXPECT_EQ(back.countries(), (std::vector<std::string>{"USA", "SUN", "NAM"}));
  const auto d = ws.dataset("votes");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->kind, DatasetKind::votes);
  EXPECT_EQ(d->units, 3u);
  EXPECT_EQ(d->roll_calls, 4u);
  EXPECT_EQ(d->years, 4u);
  EXPECT_EQ(d->values, 7u);
  EXPECT_EQ(d->indicators, 0u);
  EXPECT_EQ(d->rows_read, 9u);
  ASSERT_EQ(d->unmapped.size(), 1u);
  EXPECT_EQ(d->unmapped[0].where.line, 4u);
  ASSERT_EQ(ws.datasets().size(), 1u);
  EXPECT_EQ(ws.datasets()[0].kind, DatasetKind::votes);
  // The long view spells out states, roll calls and votes for anyone using sqlite3.
  EXPECT_EQ(query_file(file,
                       "SELECT unit || ' ' || rcid || ' ' || vote_name FROM dataset_votes_long "
                       "WHERE dataset = 'votes' AND unit = 'USA' ORDER BY rcid"),
            "USA 3 yes\nUSA 77 no\nUSA 4592 abstain\nUSA 9000 absent\n");
}

TEST(WorkspaceVotes, EachKindIsLoadedOnlyAsItself) {
  ScratchDir dir;
  Workspace ws = Workspace::open(dir / "k.workspace");
  ws.import_votes(votes_meta("votes"), make_votes());
  ws.import_dataset(votes_meta("panel"), make_panel(2, 2, 2));
  try {
    (void)ws.load_dataset("votes");
    FAIL() << "loaded votes as a panel";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("holds roll-call votes, not a panel"), std::string::npos)
        << e.what();
  }
  try {
    (void)ws.load_votes("panel");
    FAIL() << "loaded a panel as votes";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not roll-call votes"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)ws.load_votes("nothing"), Error);
  // A name is one dataset whatever its kind: votes replace a panel of the same name.
  ws.import_votes(votes_meta("panel"), make_votes());
  EXPECT_EQ(ws.load_votes("panel"), make_votes());
  EXPECT_EQ(query_file(ws.path(), "SELECT count(*) FROM dataset_values"), "0\n");
}

TEST(WorkspaceVotes, FailedOrCancelledImportsLeaveTheWorkspaceAsItWas) {
  ScratchDir dir;
  const auto file = dir / "f.workspace";
  Workspace ws = Workspace::open(file);
  ws.import_votes(votes_meta("votes"), make_votes());
  const std::string before = dump_file(file);

  RollCallVotes bad = make_votes();
  bad.set(2, 3, static_cast<Vote>(5));  // the last cell written: everything before it went in
  try {
    ws.import_votes(votes_meta("votes"), bad);
    FAIL() << "imported vote code 5";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("vote code 5 of NAM on roll call 9000"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(dump_file(file), before);

  const RollCallVotes twice({RollCall{.id = 1}, RollCall{.id = 1}}, {"USA"});
  EXPECT_THROW(ws.import_votes(votes_meta("votes"), twice), Error);
  const RollCallVotes states({RollCall{.id = 1}}, {"USA", "USA"});
  EXPECT_THROW(ws.import_votes(votes_meta("votes"), states), Error);
  EXPECT_EQ(dump_file(file), before);

  Progress progress;
  progress.start("votes", 4);
  progress.cancel();
  EXPECT_THROW(ws.import_votes(votes_meta("other"), make_votes(), &progress), Error);
  EXPECT_EQ(dump_file(file), before);

  EXPECT_TRUE(ws.remove_dataset("votes"));
  for (const char* table : {"dataset_votes", "dataset_roll_calls", "dataset_roll_call_issues",
                            "dataset_units", "unmapped_rows"}) {
    EXPECT_EQ(query_file(file, std::string("SELECT count(*) FROM ") + table), "0\n") << table;
  }
}

// Votes and panels in one `softpower import`: when the second source fails, the votes read
// first are not kept either.
TEST(WorkspaceVotes, ABatchWithVotesIsImportedWhollyOrNotAtAll) {
  ScratchDir dir;
  const auto file = dir / "batch.workspace";
  Workspace ws = Workspace::open(file);
  ws.import_dataset(votes_meta("kept"), make_panel(2, 2, 2));
  const std::string before = dump_file(file);

  ImportSource votes;
  votes.meta = votes_meta("votes");
  votes.read_votes = [] {
    sources::VoteResult r;
    r.votes = make_votes();
    r.rows_read = 9;
    return r;
  };
  ImportSource failing;
  failing.meta = votes_meta("broken");
  failing.read = []() -> sources::ReadResult {
    throw Error(Location{"broken.csv", 3, "value"}, "not a number: 'x'");
  };
  Progress progress;
  std::ostringstream log;
  try {
    import_sources(ws, {votes, failing}, progress, log);
    FAIL() << "the batch was imported";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("importing 'broken'; nothing was imported"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(dump_file(file), before);
  EXPECT_FALSE(ws.has_dataset("votes"));

  log.str("");
  const auto imported = import_sources(ws, {votes}, progress, log);
  ASSERT_EQ(imported.size(), 1u);
  EXPECT_EQ(imported[0].record.kind, DatasetKind::votes);
  EXPECT_EQ(imported[0].record.roll_calls, 4u);
  EXPECT_EQ(log.str(), "votes: 3 states, 4 roll calls, 4 years, 7 votes; 0 rows not mapped\n");
  EXPECT_EQ(ws.load_votes("votes"), make_votes());
}

// `softpower import un-votes un-votes-voeten`, as a user runs it, then the votes loaded back
// are the readers' own.
TEST(WorkspaceVotes, TheUnVotesImportAndLoadBackExactly) {
  SOFTPOWER_REQUIRE_DATA(data);
  ScratchDir dir;
  const auto file = dir / "un.workspace";
  const auto imported = testing::run_cli("import un-votes un-votes-voeten --data " + data.string() +
                                         " --workspace " + file.string());
  ASSERT_EQ(imported.status, 0) << imported.out;
  EXPECT_NE(imported.out.find("un-votes: 203 states, 6203 roll calls, 74 years, 870109 votes; "
                              "0 rows not mapped"),
            std::string::npos)
      << imported.out;
  EXPECT_NE(imported.out.find("un-votes-voeten: 203 states, 5429 roll calls, 69 years, 993788 "
                              "votes; 72825 rows not mapped"),
            std::string::npos)
      << imported.out;
  const auto listed = testing::run_cli("datasets --workspace " + file.string());
  ASSERT_EQ(listed.status, 0) << listed.out;
  EXPECT_NE(listed.out.find("un-votes-voeten"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("870109"), std::string::npos) << listed.out;
  const auto one = testing::run_cli("datasets --name un-votes --workspace " + file.string());
  EXPECT_NE(one.out.find("203 states, 6203 roll calls, 74 years, 870109 votes from 882057 rows"),
            std::string::npos)
      << one.out;

  const Workspace ws = Workspace::open_read_only(file);
  for (const char* id : {"un-votes", "un-votes-voeten"}) {
    SCOPED_TRACE(id);
    const sources::VoteResult read = sources::vote_reader(id).read(data);
    const auto start = std::chrono::steady_clock::now();
    const RollCallVotes loaded = ws.load_votes(id);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[ timing   ] loaded " << id << " (" << loaded.record_count() << " votes) in "
              << seconds << " s\n";
    EXPECT_TRUE(loaded == read.votes);
    const auto d = ws.dataset(id);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->unmapped.size(), read.unmapped.size());
    EXPECT_EQ(d->files.size(), sources::vote_reader(id).files.size());
    for (const SourceFileRecord& f : d->files) {
      EXPECT_EQ(f.sha256, sha256_file(data / f.path)) << f.path;
      EXPECT_FALSE(f.download_url.empty()) << f.path;
    }
  }
  EXPECT_EQ(ws.dataset("un-votes-voeten")->unmapped.front().where.file,
            "un-votes/un_votes_voeten_raw.csv.gz");
}

// ---- schema version 1 -> 2

// A workspace as softpower 0.1.0 left it: a panel with its provenance, a spec and a run.
void write_version1(const std::filesystem::path& file) {
  sql_on_file(file, std::string(testing::kSchemaVersion1) + "PRAGMA application_id = " +
                        std::to_string(testing::kVersion1ApplicationId) +
                        "; PRAGMA user_version = 1; PRAGMA journal_mode = WAL;");
  sql_on_file(file, R"sql(
    INSERT INTO datasets VALUES (1, 'cpi', 'cpi', 'Corruption Perceptions Index',
      'indicators/corruption-cpi/CPI_Index.csv', 'https://github.com/x/y', 'https://www.transparency.org',
      'CC-BY-4.0', '2026-11-28T10:57:32.123Z', '0.1.0', 3, 2, 1, 2, 3, 1);
    INSERT INTO dataset_files VALUES (1, 0, 'indicators/corruption-cpi/CPI_Index.csv',
      'c2a4d3c0a4b1f45e1e3b7c5b8b1b1f0e0d6b3c1a2e4f5a6b7c8d9e0f1a2b3c4d', 1234,
      'https://raw.githubusercontent.com/x/y/CPI_Index.csv', '');
    INSERT INTO dataset_units VALUES (1, 0, 'DNK'), (1, 1, 'NZL');
    INSERT INTO dataset_indicators VALUES (1, 0, 'cpi', 'CPI score', 'score 0-100', 'CPI_Index.csv');
    INSERT INTO dataset_years VALUES (1, 0, 2019), (1, 1, 2020);
    INSERT INTO dataset_values VALUES (1, 0, 2019, 0, 87.0), (1, 0, 2019, 1, 87.5),
      (1, 0, 2020, 0, -0.0);
    INSERT INTO unit_attributes VALUES (1, 'region', 'DNK', 'Europe');
    INSERT INTO unmapped_rows VALUES (1, 0, 'indicators/corruption-cpi/CPI_Index.csv', 7,
      'Nation', 'World', 'aggregate');
    INSERT INTO specs VALUES (1, 'asem', 'name = "ASEM"', 'examples/asem.toml',
      '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0', '2026-11-28T11:00:00.000Z');
    INSERT INTO runs VALUES (1, 'index build', '{"spec":"asem.toml"}', '2026-11-28T11:00:00.000Z',
      '2026-11-28T11:00:01.000Z', 'ok', 'Built', '{"units":51}', '0.1.0');
    INSERT INTO run_results VALUES (1, 1, 'scores.csv', 'text/csv', 'unit,score');
  )sql");
}

// The rows of every table of version 1, as they were written.
std::string version1_rows(const std::filesystem::path& file) {
  std::string out;
  for (const char* query :
       {"SELECT id || '|' || name || '|' || reader || '|' || title || '|' || source || '|' || "
        "origin_url || '|' || producer_url || '|' || licence || '|' || imported_at || '|' || "
        "softpower_version || '|' || rows_read || '|' || unit_count || '|' || indicator_count "
        "|| '|' || year_count || '|' || value_count || '|' || unmapped_count FROM datasets",
        "SELECT quote(dataset_id) || quote(position) || quote(path) || quote(sha256) || "
        "quote(bytes) || quote(download_url) || quote(derivation) FROM dataset_files",
        "SELECT quote(dataset_id) || quote(position) || quote(code) FROM dataset_units",
        "SELECT quote(dataset_id) || quote(indicator) || quote(year) || quote(unit) || "
        "quote(value) FROM dataset_values",
        "SELECT * FROM dataset_values_long", "SELECT quote(value) FROM unit_attributes",
        "SELECT quote(file) || quote(line) || quote(reason) FROM unmapped_rows",
        "SELECT quote(text) || quote(sha256) FROM specs",
        "SELECT quote(parameters) || quote(status) || quote(summary) FROM runs",
        "SELECT quote(content) FROM run_results"}) {
    out += query_file(file, query);
  }
  return out;
}

// The schema as sqlite_schema records it, with the version pragmas.
std::string schema_of(const std::filesystem::path& file) {
  return query_file(file, "PRAGMA user_version") + query_file(file, "PRAGMA application_id") +
         query_file(file,
                    "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema "
                    "ORDER BY name");
}

TEST(WorkspaceMigration, AVersion1WorkspaceIsUpgradedInPlaceWithItsData) {
  ScratchDir dir;
  const auto file = dir / "old.workspace";
  write_version1(file);
  const std::string rows = version1_rows(file);
  ASSERT_NE(rows.find("cpi|cpi|Corruption Perceptions Index"), std::string::npos) << rows;

  Workspace ws = Workspace::open(file);
  EXPECT_EQ(query_file(file, "PRAGMA user_version"), std::to_string(kSchemaVersion) + "\n");
  EXPECT_EQ(version1_rows(file), rows);
  // The upgraded file has the schema of a new one, table for table and column for column.
  const auto fresh = dir / "new.workspace";
  { Workspace::open(fresh); }
  EXPECT_EQ(schema_of(file), schema_of(fresh));

  const auto d = ws.dataset("cpi");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->kind, DatasetKind::panel);
  EXPECT_EQ(d->values, 3u);
  EXPECT_EQ(d->unmapped.size(), 1u);
  const Panel cpi = ws.load_dataset("cpi");
  EXPECT_EQ(cpi.value("NZL", "cpi", 2019), 87.5);
  EXPECT_TRUE(std::signbit(cpi.value("DNK", "cpi", 2020)));
  EXPECT_EQ(ws.spec("asem")->text, "name = \"ASEM\"");
  EXPECT_EQ(ws.run(1).summary["units"], 51);
  // The upgraded workspace takes votes, and opening it again changes nothing.
  ws.import_votes(votes_meta("votes"), make_votes());
  const std::string after = dump_file(file);
  { Workspace::open(file); }
  EXPECT_EQ(dump_file(file), after);
  EXPECT_EQ(Workspace::open_read_only(file).load_votes("votes"), make_votes());
}

TEST(WorkspaceMigration, AVersion1WorkspaceOpenedReadOnlyIsReadAsItIs) {
  ScratchDir dir;
  const auto file = dir / "old.workspace";
  write_version1(file);
  const std::string before = dump_file(file);
  {
    const Workspace ws = Workspace::open_read_only(file);
    ASSERT_EQ(ws.datasets().size(), 1u);
    EXPECT_EQ(ws.datasets()[0].kind, DatasetKind::panel);
    EXPECT_EQ(ws.dataset("cpi")->roll_calls, 0u);
    EXPECT_EQ(ws.load_dataset("cpi").value("DNK", "cpi", 2019), 87.0);
    EXPECT_THROW((void)ws.load_votes("cpi"), Error);
  }
  EXPECT_EQ(dump_file(file), before);
  EXPECT_EQ(query_file(file, "PRAGMA user_version"), "1\n");
  // `softpower datasets` reads it too.
  const auto listed = testing::run_cli("datasets --workspace " + file.string());
  EXPECT_EQ(listed.status, 0) << listed.out;
  EXPECT_NE(listed.out.find("cpi"), std::string::npos) << listed.out;
}

TEST(WorkspaceMigration, AnUpgradeThatFailsLeavesTheFileAsItWas) {
  ScratchDir dir;
  const auto file = dir / "clash.workspace";
  write_version1(file);
  // A table of the name version 2 creates, added by hand: the upgrade fails half-way, after
  // altering `datasets`, and must take that back too.
  sql_on_file(file, "CREATE TABLE dataset_votes (note TEXT)");
  const std::string before = dump_file(file);
  try {
    Workspace::open(file);
    FAIL() << "upgraded a workspace whose upgrade cannot succeed";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("cannot upgrade the workspace from schema version 1 to " +
                           std::to_string(kSchemaVersion) + " (it is left as it was)"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("dataset_votes"), std::string::npos) << message;
  }
  EXPECT_EQ(dump_file(file), before);
  EXPECT_EQ(query_file(file, "PRAGMA user_version"), "1\n");
}

}  // namespace
}  // namespace softpower::store
