#include "softpower/store/schema.hpp"

#include <array>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "softpower/store/workspace.hpp"

namespace softpower::store {

namespace {

// Version 1 (as released; never edited: files of version 1 exist, and a new workspace is
// made from it and the migrations below). Values are long form: one row per (dataset, indicator,
// year, unit) with a value, the unit and indicator given by their position in the dataset's own
// lists, so that a million-value dataset stores small integers rather than a million repeated
// codes, and loads back with every list in its original order. The view dataset_values_long spells
// the codes out for anyone querying the file with sqlite3. The value column has no declared type
// because a column of REAL affinity stores a whole-number double as an integer, which turns
// -0.0 into 0; the CHECK keeps it a column of doubles all the same.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  reader TEXT NOT NULL,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  origin_url TEXT NOT NULL,
  producer_url TEXT NOT NULL,
  licence TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  softpower_version TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  unit_count INTEGER NOT NULL,
  indicator_count INTEGER NOT NULL,
  year_count INTEGER NOT NULL,
  value_count INTEGER NOT NULL,
  unmapped_count INTEGER NOT NULL
);
CREATE TABLE dataset_files (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  bytes INTEGER NOT NULL,
  download_url TEXT NOT NULL,
  derivation TEXT NOT NULL,
  PRIMARY KEY (dataset_id, position)
) WITHOUT ROWID;
CREATE TABLE dataset_units (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  PRIMARY KEY (dataset_id, position),
  UNIQUE (dataset_id, code)
) WITHOUT ROWID;
CREATE TABLE dataset_indicators (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (dataset_id, position),
  UNIQUE (dataset_id, code)
) WITHOUT ROWID;
CREATE TABLE dataset_years (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  year INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, position),
  UNIQUE (dataset_id, year)
) WITHOUT ROWID;
CREATE TABLE dataset_values (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  indicator INTEGER NOT NULL,
  year INTEGER NOT NULL,
  unit INTEGER NOT NULL,
  value NOT NULL CHECK (typeof(value) = 'real'),
  PRIMARY KEY (dataset_id, indicator, year, unit)
) WITHOUT ROWID;
CREATE TABLE unit_attributes (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  attribute TEXT NOT NULL,
  unit TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (dataset_id, attribute, unit)
) WITHOUT ROWID;
CREATE TABLE unmapped_rows (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (dataset_id, position)
) WITHOUT ROWID;
CREATE TABLE specs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  saved_at TEXT NOT NULL
);
CREATE INDEX specs_by_name ON specs (name, id);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operation TEXT NOT NULL,
  parameters TEXT NOT NULL CHECK (json_valid(parameters)),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'cancelled')),
  message TEXT NOT NULL DEFAULT '',
  summary TEXT CHECK (summary IS NULL OR json_valid(summary)),
  softpower_version TEXT NOT NULL
);
CREATE TABLE run_results (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  content BLOB NOT NULL,
  UNIQUE (run_id, name)
);
CREATE VIEW dataset_values_long AS
  SELECT d.name AS dataset, u.code AS unit, i.code AS indicator, v.year AS year, v.value AS value
  FROM dataset_values v
  JOIN datasets d ON d.id = v.dataset_id
  JOIN dataset_units u ON u.dataset_id = v.dataset_id AND u.position = v.unit
  JOIN dataset_indicators i ON i.dataset_id = v.dataset_id AND i.position = v.indicator;
)sql";

// Version 2: roll-call votes (sources::vote_readers()). A votes dataset keeps its states in
// dataset_units, its roll calls with their issues, and one row per state and roll call with
// a record (Voeten's codes: 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member), the state and
// roll call given by their positions as dataset_values gives units. A new workspace is made
// by version 1 and this migration, so a migrated file and a new one have the same schema.
// The vote's CHECK is written with BETWEEN: SQLite evaluates `vote IN (1, 2, 3, 8, 9)` through
// a temporary table on every insert, which tripled the time of an import.
constexpr const char* kMigrationToV2 = R"sql(
ALTER TABLE datasets ADD COLUMN kind TEXT NOT NULL DEFAULT 'panel'
  CHECK (kind IN ('panel', 'votes'));
ALTER TABLE datasets ADD COLUMN roll_call_count INTEGER NOT NULL DEFAULT 0;
CREATE TABLE dataset_roll_calls (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  rcid INTEGER NOT NULL,
  session INTEGER NOT NULL,
  date TEXT NOT NULL,
  year INTEGER NOT NULL,
  important INTEGER CHECK (important BETWEEN 0 AND 1),
  amendment INTEGER CHECK (amendment BETWEEN 0 AND 1),
  paragraph INTEGER CHECK (paragraph BETWEEN 0 AND 1),
  resolution TEXT NOT NULL,
  description TEXT NOT NULL,
  long_description TEXT NOT NULL,
  PRIMARY KEY (dataset_id, position),
  UNIQUE (dataset_id, rcid)
) WITHOUT ROWID;
CREATE TABLE dataset_roll_call_issues (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  roll_call INTEGER NOT NULL,
  position INTEGER NOT NULL,
  issue TEXT NOT NULL,
  PRIMARY KEY (dataset_id, roll_call, position)
) WITHOUT ROWID;
CREATE TABLE dataset_votes (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  roll_call INTEGER NOT NULL,
  unit INTEGER NOT NULL,
  vote INTEGER NOT NULL CHECK (vote BETWEEN 1 AND 3 OR vote BETWEEN 8 AND 9),
  PRIMARY KEY (dataset_id, roll_call, unit)
) WITHOUT ROWID;
CREATE VIEW dataset_votes_long AS
  SELECT d.name AS dataset, u.code AS unit, c.rcid AS rcid, c.session AS session,
         c.date AS date, c.year AS year, v.vote AS vote,
         CASE v.vote WHEN 1 THEN 'yes' WHEN 2 THEN 'abstain' WHEN 3 THEN 'no'
                     WHEN 8 THEN 'absent' ELSE 'not a member' END AS vote_name
  FROM dataset_votes v
  JOIN datasets d ON d.id = v.dataset_id
  JOIN dataset_units u ON u.dataset_id = v.dataset_id AND u.position = v.unit
  JOIN dataset_roll_calls c ON c.dataset_id = v.dataset_id AND c.position = v.roll_call;
)sql";

// Version 3: a run records the process that runs it (host, pid and the full identity of
// core/process.hpp), so that a run left "running" by a killed process can be told from one
// still under way and marked "interrupted" (a status of its own). SQLite cannot change a CHECK
// in place, so `runs` is made again and its rows copied (SQLite's procedure for other schema
// changes: foreign keys are off while it runs, and checked before the commit), keeping the ids
// and the AUTOINCREMENT counter. Runs left "running" by an earlier softpower recorded no
// process: nothing can tell whether they still run, and they are taken as interrupted (an
// earlier softpower does not share a workspace with this one).
constexpr const char* kMigrationToV3 = R"sql(
CREATE TEMP TABLE softpower_runs_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'runs';
CREATE TABLE runs_v3 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operation TEXT NOT NULL,
  parameters TEXT NOT NULL CHECK (json_valid(parameters)),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'cancelled', 'interrupted')),
  message TEXT NOT NULL DEFAULT '',
  summary TEXT CHECK (summary IS NULL OR json_valid(summary)),
  softpower_version TEXT NOT NULL,
  host TEXT,
  pid INTEGER,
  process TEXT
);
INSERT INTO runs_v3 (id, operation, parameters, started_at, finished_at, status, message, summary,
                     softpower_version)
  SELECT id, operation, parameters, started_at, finished_at, status, message, summary,
         softpower_version FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v3 RENAME TO runs;
UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM softpower_runs_sequence))
  WHERE name = 'runs' AND EXISTS (SELECT 1 FROM softpower_runs_sequence);
DROP TABLE softpower_runs_sequence;
UPDATE runs SET status = 'interrupted',
  finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
  message = 'interrupted: started by an earlier softpower that did not finish it (found when the '
            || 'workspace was upgraded to schema version 3)'
  WHERE status = 'running';
)sql";

// The statements that take a workspace from version k - 1 to version k, in order from 2.
constexpr const char* kMigrations[] = {kMigrationToV2, kMigrationToV3};
static_assert(std::size(kMigrations) == kSchemaVersion - 1, "one migration per version");

int pragma_integer(const sqlite::Database& db, const char* pragma) {
  auto statement = db.prepare(std::string("PRAGMA ") + pragma);
  return statement.step() ? static_cast<int>(statement.integer(0)) : 0;
}

bool has_objects(const sqlite::Database& db) {
  auto statement = db.prepare("SELECT count(*) FROM sqlite_schema");
  return statement.step() && statement.integer(0) > 0;
}

Error not_a_workspace(const sqlite::Database& db, const std::string& why) {
  return Error(Location{db.path().string()}, "not a softpower workspace: " + why);
}

void read_identity(const sqlite::Database& db, int& application_id, int& version) {
  application_id = pragma_integer(db, "application_id");
  version = pragma_integer(db, "user_version");
}

void check_identity(const sqlite::Database& db, int application_id, int version) {
  if (application_id != kApplicationId) {
    throw not_a_workspace(db, "an SQLite database of another program (application_id " +
                                  std::to_string(application_id) + ")");
  }
  if (version > kSchemaVersion) {
    throw Error(Location{db.path().string()},
                "the workspace was written by a newer softpower (schema version " +
                    std::to_string(version) + "; this build reads up to version " +
                    std::to_string(kSchemaVersion) + "); upgrade softpower to open it");
  }
  if (version < 1) throw not_a_workspace(db, "it has no schema version");
}

void set_version(const sqlite::Database& db, int version) {
  db.execute("PRAGMA user_version = " + std::to_string(version));
}

// Runs the migrations from `version` up, inside the caller's transaction (foreign keys off:
// version 3 makes a table again), then checks that every reference still holds.
void migrate_from(const sqlite::Database& db, int version) {
  for (int next = version + 1; next <= kSchemaVersion; ++next) {
    db.execute(kMigrations[next - 2]);
    set_version(db, next);
  }
  auto broken = db.prepare("PRAGMA foreign_key_check");
  if (broken.step()) {
    throw Error(Location{db.path().string()},
                "a reference of table " + broken.text(0) + " no longer holds after the upgrade");
  }
}

void create_schema(const sqlite::Database& db) {
  sqlite::Transaction transaction(db);
  // Another process may have created the schema while this one waited for the write lock.
  int application_id = 0, version = 0;
  read_identity(db, application_id, version);
  if (application_id == 0 && version == 0 && !has_objects(db)) {
    db.execute(kSchemaV1);
    db.execute("PRAGMA application_id = " + std::to_string(kApplicationId));
    set_version(db, 1);
    migrate_from(db, 1);
  } else {
    check_identity(db, application_id, version);
    if (version < kSchemaVersion) migrate_from(db, version);
  }
  transaction.commit();
}

// Upgrades an older workspace in one transaction: on any failure it stays as it was.
void migrate(const sqlite::Database& db) {
  sqlite::Transaction transaction(db);
  // Another process may have migrated it while this one waited for the write lock.
  int application_id = 0, version = 0;
  read_identity(db, application_id, version);
  check_identity(db, application_id, version);
  try {
    migrate_from(db, version);
  } catch (const Error& e) {
    throw Error(Location{db.path().string()}, "cannot upgrade the workspace from schema version " +
                                                  std::to_string(version) + " to " +
                                                  std::to_string(kSchemaVersion) +
                                                  " (it is left as it was): " + e.what());
  }
  transaction.commit();
}

}  // namespace

void check_sqlite_header(const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) {
    throw Error(Location{path.string()}, "is a folder; a workspace is a file");
  }
  // SQLite would open a device or a pipe as a database and make its journal beside it
  // (/dev/null-journal): anything but a file (or nothing yet) is refused, untouched.
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    const char* what =
        std::filesystem::is_character_file(status) || std::filesystem::is_block_file(status)
            ? "a device"
        : std::filesystem::is_fifo(status) ? "a pipe"
                                           : "not a file";
    throw Error(Location{path.string()},
                std::string("is ") + what + "; a workspace is a file softpower makes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return;  // a new file, or one SQLite will explain it cannot open
  // Section 1.3 of SQLite's file format: every database file begins with these 16 bytes.
  constexpr char kHeader[] = "SQLite format 3";
  std::array<char, sizeof kHeader> start{};
  in.read(start.data(), start.size());
  if (in.gcount() == 0) return;  // an empty file is an empty database
  if (in.gcount() != static_cast<std::streamsize>(start.size()) ||
      std::memcmp(start.data(), kHeader, sizeof kHeader) != 0) {
    throw Error(Location{path.string()},
                "not a softpower workspace: the file is not an SQLite database");
  }
}

int prepare_workspace(const sqlite::Database& db, bool read_only) {
  db.execute("PRAGMA busy_timeout = 5000");
  int application_id = 0, version = 0;
  read_identity(db, application_id, version);
  const bool empty = application_id == 0 && version == 0 && !has_objects(db);
  if (empty && read_only) throw not_a_workspace(db, "the file is empty");
  if (!empty) check_identity(db, application_id, version);
  if (!read_only) {
    // Only now that the file is known to be ours (or empty) may it be switched to WAL.
    auto mode = db.prepare("PRAGMA journal_mode = WAL");
    if (!mode.step() || mode.text(0) != "wal") {
      throw Error(Location{db.path().string()},
                  "cannot use write-ahead logging for the workspace (is it on a network drive?)");
    }
  }
  // Foreign keys go on once the schema is made or upgraded: an upgrade that makes a table
  // again must not cascade the removal of the old one.
  if (empty) {
    create_schema(db);
  } else if (version < kSchemaVersion && !read_only) {
    migrate(db);
  }
  db.execute("PRAGMA foreign_keys = ON");
  read_identity(db, application_id, version);
  return version;
}

}  // namespace softpower::store
