#pragma once
// The schema of a version 1 workspace, exactly as softpower 0.1.0 wrote it (commit 7a7fced,
// src/softpower/store/schema.cpp), frozen here so that the migration tests start from the
// files users have, whatever later versions of schema.cpp say.

namespace softpower::testing {

inline constexpr int kVersion1ApplicationId = 0x53505753;

inline constexpr const char* kSchemaVersion1 = R"sql(
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

}  // namespace softpower::testing
