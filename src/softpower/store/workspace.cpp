#include "softpower/store/workspace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <unordered_map>

#include "softpower/core/error.hpp"
#include "softpower/core/sha256.hpp"
#include "softpower/core/table.hpp"
#include "softpower/store/schema.hpp"

namespace softpower::store {

namespace {

using sqlite::Statement;
using sqlite::Transaction;

// Milliseconds, so that the duration of a short run is not rounded to zero.
std::string utc_now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, ms % 1000);
}

std::size_t count_of(const Statement& row, int column) {
  return static_cast<std::size_t>(row.integer(column));
}

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

void check_digests(const Location& where, const DatasetRecord& meta) {
  for (const SourceFileRecord& file : meta.files) {
    if (!is_sha256_hex(file.sha256)) {
      throw Error(where, "source file " + file.path + " has no SHA-256 digest ('" + file.sha256 +
                             "' is not 64 lower-case hexadecimal digits)");
    }
  }
}

template <typename Items>
auto first_repeat(Items items) {
  std::sort(items.begin(), items.end());
  const auto repeat = std::adjacent_find(items.begin(), items.end());
  return repeat == items.end() ? std::optional<typename Items::value_type>()
                               : std::optional(*repeat);
}

// Checked before the transaction starts, so that a bad call names what is wrong with it
// instead of surfacing as a constraint failure.
void check_importable(const std::filesystem::path& workspace, const DatasetRecord& meta,
                      const Panel& panel) {
  const Location where{workspace.string(), 0, meta.name};
  if (meta.name.empty()) throw Error(Location{workspace.string()}, "a dataset needs a name");
  if (panel.info().size() != panel.indicators().size()) {
    throw Error(where, "the panel describes " + std::to_string(panel.info().size()) +
                           " indicators but has " + std::to_string(panel.indicators().size()));
  }
  if (const auto unit = first_repeat(panel.units())) {
    throw Error(where, "the panel lists unit '" + *unit + "' twice");
  }
  if (const auto indicator = first_repeat(panel.indicators())) {
    throw Error(where, "the panel lists indicator '" + *indicator + "' twice");
  }
  if (const auto year = first_repeat(panel.years())) {
    throw Error(where, "the panel lists year " + std::to_string(*year) + " twice");
  }
  check_digests(where, meta);
}

void check_importable(const std::filesystem::path& workspace, const DatasetRecord& meta,
                      const RollCallVotes& votes) {
  const Location where{workspace.string(), 0, meta.name};
  if (meta.name.empty()) throw Error(Location{workspace.string()}, "a dataset needs a name");
  if (const auto state = first_repeat(votes.countries())) {
    throw Error(where, "the votes list state '" + *state + "' twice");
  }
  std::vector<int> ids;
  for (const RollCall& call : votes.calls()) ids.push_back(call.id);
  if (const auto id = first_repeat(ids)) {
    throw Error(where, "the votes list roll call " + std::to_string(*id) + " twice");
  }
  check_digests(where, meta);
}

struct Counts {
  std::size_t units = 0, indicators = 0, years = 0, values = 0, roll_calls = 0;
};

// What every dataset has, whatever its kind: its record with provenance and counts, the
// files it was read from, the rows that were not mapped, and its units in their order.
DatasetId insert_provenance(const sqlite::Database& db, const DatasetRecord& meta, DatasetKind kind,
                            const std::vector<std::string>& units, const Counts& counts) {
  // The cascade removes the old version's values, files and reports with it.
  db.prepare("DELETE FROM datasets WHERE name = ?").bind_all(meta.name).run();
  db.prepare(
        "INSERT INTO datasets (name, reader, title, source, origin_url, producer_url, licence, "
        "imported_at, softpower_version, rows_read, unit_count, indicator_count, year_count, "
        "value_count, unmapped_count, kind, roll_call_count) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(meta.name, meta.reader, meta.title, meta.source, meta.origin_url, meta.producer_url,
                meta.licence, utc_now(), SOFTPOWER_VERSION, meta.rows_read, counts.units,
                counts.indicators, counts.years, counts.values, meta.unmapped.size(),
                dataset_kind_name(kind), counts.roll_calls)
      .run();
  const DatasetId id = db.last_insert_id();

  auto file = db.prepare(
      "INSERT INTO dataset_files (dataset_id, position, path, sha256, bytes, download_url, "
      "derivation) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t k = 0; k < meta.files.size(); ++k) {
    const SourceFileRecord& f = meta.files[k];
    file.bind_all(id, k, f.path, f.sha256, static_cast<std::size_t>(f.bytes), f.download_url,
                  f.derivation)
        .run();
  }
  auto unit = db.prepare("INSERT INTO dataset_units (dataset_id, position, code) VALUES (?, ?, ?)");
  for (std::size_t u = 0; u < units.size(); ++u) unit.bind_all(id, u, units[u]).run();
  auto attribute = db.prepare(
      "INSERT INTO unit_attributes (dataset_id, attribute, unit, value) VALUES (?, ?, ?, ?)");
  for (const auto& [name, by_unit] : meta.unit_attributes) {
    for (const auto& [code, value] : by_unit) attribute.bind_all(id, name, code, value).run();
  }
  auto unmapped = db.prepare(
      "INSERT INTO unmapped_rows (dataset_id, position, file, line, field, value, reason) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t k = 0; k < meta.unmapped.size(); ++k) {
    const sources::UnmappedRow& row = meta.unmapped[k];
    unmapped.bind_all(id, k, row.where.file, row.where.line, row.where.field, row.value, row.reason)
        .run();
  }
  return id;
}

// 0/1, or NULL for unknown.
void bind_flag(sqlite::Statement& statement, int index, const std::optional<bool>& flag) {
  if (flag) {
    statement.bind(index, *flag ? 1 : 0);
  } else {
    statement.bind_null(index);
  }
}

std::optional<bool> flag_column(const sqlite::Statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return row.integer(column) != 0;
}

// A workspace of schema version 1 (opened read-only, so not upgraded) holds panels only.
std::string dataset_columns(int schema_version) {
  return std::string(
             "id, name, reader, title, source, origin_url, producer_url, licence, imported_at, "
             "softpower_version, rows_read, unit_count, indicator_count, year_count, "
             "value_count, unmapped_count, ") +
         (schema_version >= 2 ? "kind, roll_call_count" : "'panel', 0");
}

DatasetKind parse_kind(const std::string& text) {
  return text == "votes" ? DatasetKind::votes : DatasetKind::panel;
}

DatasetRecord dataset_from_row(const Statement& row) {
  DatasetRecord d;
  d.id = row.integer(0);
  d.name = row.text(1);
  d.reader = row.text(2);
  d.title = row.text(3);
  d.source = row.text(4);
  d.origin_url = row.text(5);
  d.producer_url = row.text(6);
  d.licence = row.text(7);
  d.imported_at = row.text(8);
  d.softpower_version = row.text(9);
  d.rows_read = count_of(row, 10);
  d.units = count_of(row, 11);
  d.indicators = count_of(row, 12);
  d.years = count_of(row, 13);
  d.values = count_of(row, 14);
  d.unmapped_count = count_of(row, 15);
  d.kind = parse_kind(row.text(16));
  d.roll_calls = count_of(row, 17);
  return d;
}

SourceFileRecord file_from_row(const Statement& row, int first) {
  return SourceFileRecord{row.text(first), row.text(first + 1),
                          static_cast<std::uint64_t>(row.integer(first + 2)), row.text(first + 3),
                          row.text(first + 4)};
}

constexpr const char* kSpecColumns = "id, name, text, source, sha256, saved_at";

SpecRecord spec_from_row(const Statement& row) {
  return SpecRecord{row.integer(0), row.text(1), row.text(2),
                    row.text(3),    row.text(4), row.text(5)};
}

// A workspace of schema version 2 or older (opened read-only) records no process.
std::string run_columns(int schema_version) {
  return std::string(
             "id, operation, parameters, started_at, finished_at, status, message, summary, "
             "softpower_version, (julianday(finished_at) - julianday(started_at)) * 86400.0, ") +
         (schema_version >= 3 ? "process" : "NULL");
}

std::string interrupted_message(const ProcessIdentity& p) {
  return "interrupted: the process that ran it (pid " + std::to_string(p.pid) + " on " + p.host +
         ") ended without finishing it";
}

RunRecord run_from_row(const Statement& row) {
  RunRecord r;
  r.id = row.integer(0);
  r.operation = row.text(1);
  r.parameters = nlohmann::json::parse(row.text(2));
  r.started_at = row.text(3);
  r.finished_at = row.text(4);
  r.status = parse_run_status(row.text(5));
  r.message = row.text(6);
  if (!row.is_null(7)) r.summary = nlohmann::json::parse(row.text(7));
  r.softpower_version = row.text(8);
  if (!row.is_null(9)) r.duration_seconds = row.real(9);
  if (!row.is_null(10)) r.process = ProcessIdentity::parse(row.text(10));
  // Read before the workspace is next opened for writing, a run whose process is gone is
  // shown as what it is.
  if (r.status == RunStatus::running && r.process && liveness(*r.process) == Liveness::gone) {
    r.status = RunStatus::interrupted;
    r.message = interrupted_message(*r.process);
  }
  return r;
}

// Marks the runs whose process ended without finishing them; runs of live processes (on this
// workspace now) and of other hosts are left running.
void mark_interrupted_runs(const sqlite::Database& db) {
  std::vector<std::pair<RunId, ProcessIdentity>> gone;
  {
    auto row = db.prepare("SELECT id, process FROM runs WHERE status = 'running'");
    while (row.step()) {
      if (row.is_null(1)) continue;
      const auto process = ProcessIdentity::parse(row.text(1));
      if (process && liveness(*process) == Liveness::gone)
        gone.emplace_back(row.integer(0), *process);
    }
  }
  if (gone.empty()) return;
  Transaction transaction(db);
  auto update = db.prepare(
      "UPDATE runs SET status = 'interrupted', finished_at = ?, message = ? "
      "WHERE id = ? AND status = 'running'");
  for (const auto& [id, process] : gone) {
    update.bind_all(utc_now(), interrupted_message(process), id).run();
  }
  transaction.commit();
}

}  // namespace

std::filesystem::path resolve_workspace(const std::optional<std::string>& flag) {
  if (flag && !flag->empty()) return *flag;
  if (const char* env = std::getenv("SOFTPOWER_WORKSPACE"); env != nullptr && *env != '\0') {
    return env;
  }
  return "softpower.workspace";
}

std::string_view dataset_kind_name(DatasetKind kind) {
  return kind == DatasetKind::votes ? "votes" : "panel";
}

std::string_view run_status_name(RunStatus status) {
  switch (status) {
    case RunStatus::running:
      return "running";
    case RunStatus::ok:
      return "ok";
    case RunStatus::failed:
      return "failed";
    case RunStatus::cancelled:
      return "cancelled";
    case RunStatus::interrupted:
      return "interrupted";
  }
  return "running";
}

RunStatus parse_run_status(std::string_view name) {
  for (RunStatus s : {RunStatus::running, RunStatus::ok, RunStatus::failed, RunStatus::cancelled,
                      RunStatus::interrupted}) {
    if (run_status_name(s) == name) return s;
  }
  throw Error("unknown run status '" + std::string(name) +
              "'; one of: running, ok, failed, cancelled, interrupted");
}

Workspace Workspace::open(const std::filesystem::path& path) {
  check_sqlite_header(path);
  auto db = sqlite::Database::open(path, sqlite::OpenMode::read_write_create);
  const int version = prepare_workspace(db, false);
  mark_interrupted_runs(db);
  return Workspace(std::move(db), version);
}

Workspace Workspace::open_read_only(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw NotFound(Location{path.string()},
                   "no workspace here (`softpower import` creates one; --workspace or "
                   "$SOFTPOWER_WORKSPACE name another)");
  }
  check_sqlite_header(path);
  auto db = sqlite::Database::open(path, sqlite::OpenMode::read_only);
  const int version = prepare_workspace(db, true);
  return Workspace(std::move(db), version);
}

// ---- datasets

DatasetId Workspace::import_dataset(const DatasetRecord& meta, const Panel& panel,
                                    Progress* progress) {
  check_importable(path(), meta, panel);
  Transaction transaction(db_);
  const DatasetId id = insert_provenance(db_, meta, DatasetKind::panel, panel.units(),
                                         Counts{panel.units().size(), panel.indicators().size(),
                                                panel.years().size(), panel.count(), 0});
  auto indicator = db_.prepare(
      "INSERT INTO dataset_indicators (dataset_id, position, code, name, unit, source) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < panel.indicators().size(); ++i) {
    const IndicatorInfo& info = panel.info()[i];
    indicator.bind_all(id, i, panel.indicators()[i], info.name, info.unit, info.source).run();
  }
  auto year =
      db_.prepare("INSERT INTO dataset_years (dataset_id, position, year) VALUES (?, ?, ?)");
  for (std::size_t t = 0; t < panel.years().size(); ++t) {
    year.bind_all(id, t, panel.years()[t]).run();
  }

  // One prepared statement for every value, rows in primary-key order so that each insert
  // appends to the table's B-tree.
  auto value = db_.prepare(
      "INSERT INTO dataset_values (dataset_id, indicator, year, unit, value) "
      "VALUES (?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < panel.indicators().size(); ++i) {
    for (std::size_t t = 0; t < panel.years().size(); ++t) {
      for (std::size_t u = 0; u < panel.units().size(); ++u) {
        const double v = panel.at(u, i, t);
        if (std::isnan(v)) continue;
        value.bind_all(id, i, panel.years()[t], u, v).run();
      }
      if (progress == nullptr) continue;
      if (progress->cancelled()) {
        throw Error(Location{path().string(), 0, meta.name},
                    "import cancelled; the workspace is as it was");
      }
      progress->advance();
    }
  }
  transaction.commit();
  return id;
}

std::vector<DatasetRecord> Workspace::datasets() const {
  Transaction snapshot(db_, Transaction::Kind::read);
  std::vector<DatasetRecord> all;
  std::unordered_map<DatasetId, std::size_t> position;
  auto row =
      db_.prepare("SELECT " + dataset_columns(schema_version_) + " FROM datasets ORDER BY name");
  while (row.step()) {
    all.push_back(dataset_from_row(row));
    position[all.back().id] = all.size() - 1;
  }
  auto file = db_.prepare(
      "SELECT dataset_id, path, sha256, bytes, download_url, derivation FROM dataset_files "
      "ORDER BY dataset_id, position");
  while (file.step()) all[position.at(file.integer(0))].files.push_back(file_from_row(file, 1));
  auto code =
      db_.prepare("SELECT dataset_id, code FROM dataset_indicators ORDER BY dataset_id, position");
  while (code.step()) all[position.at(code.integer(0))].indicator_codes.push_back(code.text(1));
  auto unit =
      db_.prepare("SELECT dataset_id, code FROM dataset_units ORDER BY dataset_id, position");
  while (unit.step()) all[position.at(unit.integer(0))].unit_codes.push_back(unit.text(1));
  snapshot.commit();
  return all;
}

std::optional<DatasetRecord> Workspace::dataset(std::string_view name) const {
  Transaction snapshot(db_, Transaction::Kind::read);
  auto row =
      db_.prepare("SELECT " + dataset_columns(schema_version_) + " FROM datasets WHERE name = ?");
  if (!row.bind_all(name).step()) return std::nullopt;
  DatasetRecord d = dataset_from_row(row);
  auto file = db_.prepare(
      "SELECT path, sha256, bytes, download_url, derivation FROM dataset_files "
      "WHERE dataset_id = ? ORDER BY position");
  file.bind_all(d.id);
  while (file.step()) d.files.push_back(file_from_row(file, 0));
  auto unmapped = db_.prepare(
      "SELECT file, line, field, value, reason FROM unmapped_rows WHERE dataset_id = ? "
      "ORDER BY position");
  unmapped.bind_all(d.id);
  while (unmapped.step()) {
    d.unmapped.push_back(
        sources::UnmappedRow{Location{unmapped.text(0), count_of(unmapped, 1), unmapped.text(2)},
                             unmapped.text(3), unmapped.text(4)});
  }
  auto attribute =
      db_.prepare("SELECT attribute, unit, value FROM unit_attributes WHERE dataset_id = ?");
  attribute.bind_all(d.id);
  while (attribute.step()) {
    d.unit_attributes[attribute.text(0)][attribute.text(1)] = attribute.text(2);
  }
  snapshot.commit();
  return d;
}

bool Workspace::has_dataset(std::string_view name) const {
  return db_.prepare("SELECT 1 FROM datasets WHERE name = ?").bind_all(name).step();
}

DatasetId Workspace::dataset_id(std::string_view name, DatasetKind kind) const {
  auto row =
      db_.prepare("SELECT " + dataset_columns(schema_version_) + " FROM datasets WHERE name = ?");
  const Location where{path().string(), 0, std::string(name)};
  if (!row.bind_all(name).step()) {
    throw Error(where, "no such dataset in the workspace (`softpower datasets` lists them)");
  }
  const DatasetRecord d = dataset_from_row(row);
  if (d.kind != kind) {
    throw Error(where, kind == DatasetKind::panel
                           ? "the dataset holds roll-call votes, not a panel of indicators"
                           : "the dataset is a panel of indicators, not roll-call votes");
  }
  return d.id;
}

Panel Workspace::load_dataset(std::string_view name) const {
  Transaction snapshot(db_, Transaction::Kind::read);
  const DatasetId id = dataset_id(name, DatasetKind::panel);
  std::vector<std::string> units;
  auto unit = db_.prepare("SELECT code FROM dataset_units WHERE dataset_id = ? ORDER BY position");
  unit.bind_all(id);
  while (unit.step()) units.push_back(unit.text(0));
  std::vector<IndicatorInfo> infos;
  auto indicator = db_.prepare(
      "SELECT code, name, unit, source FROM dataset_indicators WHERE dataset_id = ? "
      "ORDER BY position");
  indicator.bind_all(id);
  while (indicator.step()) {
    infos.push_back(
        IndicatorInfo{indicator.text(0), indicator.text(1), indicator.text(2), indicator.text(3)});
  }
  std::vector<int> years;
  std::unordered_map<std::int64_t, std::size_t> year_position;
  auto year = db_.prepare("SELECT year FROM dataset_years WHERE dataset_id = ? ORDER BY position");
  year.bind_all(id);
  while (year.step()) {
    year_position[year.integer(0)] = years.size();
    years.push_back(static_cast<int>(year.integer(0)));
  }

  std::vector<std::string> codes;
  for (const IndicatorInfo& info : infos) codes.push_back(info.code);
  Panel panel(std::move(units), std::move(codes), std::move(years));
  for (std::size_t i = 0; i < infos.size(); ++i) panel.info()[i] = infos[i];

  auto value =
      db_.prepare("SELECT indicator, year, unit, value FROM dataset_values WHERE dataset_id = ?");
  value.bind_all(id);
  while (value.step()) {
    const auto i = static_cast<std::size_t>(value.integer(0));
    const auto t = year_position.find(value.integer(1));
    const auto u = static_cast<std::size_t>(value.integer(2));
    if (i >= panel.indicators().size() || u >= panel.units().size() || t == year_position.end()) {
      throw Error(Location{path().string(), 0, std::string(name)},
                  "the workspace is damaged: a value refers to no unit, indicator or year");
    }
    panel.at(u, i, t->second) = value.real(3);
  }
  snapshot.commit();
  return panel;
}

bool Workspace::remove_dataset(std::string_view name) {
  Transaction transaction(db_);
  db_.prepare("DELETE FROM datasets WHERE name = ?").bind_all(name).run();
  const bool removed = db_.changes() > 0;
  transaction.commit();
  return removed;
}

// ---- roll-call votes

DatasetId Workspace::import_votes(const DatasetRecord& meta, const RollCallVotes& votes,
                                  Progress* progress) {
  check_importable(path(), meta, votes);
  std::vector<int> years;
  for (const RollCall& call : votes.calls()) years.push_back(call.year);
  std::sort(years.begin(), years.end());
  years.erase(std::unique(years.begin(), years.end()), years.end());

  Transaction transaction(db_);
  const DatasetId id = insert_provenance(
      db_, meta, DatasetKind::votes, votes.countries(),
      Counts{votes.country_count(), 0, years.size(), votes.record_count(), votes.call_count()});
  auto call = db_.prepare(
      "INSERT INTO dataset_roll_calls (dataset_id, position, rcid, session, date, year, "
      "important, amendment, paragraph, resolution, description, long_description) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  auto issue = db_.prepare(
      "INSERT INTO dataset_roll_call_issues (dataset_id, roll_call, position, issue) "
      "VALUES (?, ?, ?, ?)");
  for (std::size_t c = 0; c < votes.call_count(); ++c) {
    const RollCall& r = votes.calls()[c];
    call.bind_all(id, c, r.id, r.session, r.date, r.year);
    bind_flag(call, 7, r.important);
    bind_flag(call, 8, r.amendment);
    bind_flag(call, 9, r.paragraph);
    call.bind(10, r.resolution).bind(11, r.description).bind(12, r.long_description).run();
    for (std::size_t k = 0; k < r.issues.size(); ++k) issue.bind_all(id, c, k, r.issues[k]).run();
  }
  // Rows in primary-key order (roll call, then state), each appended to the table's B-tree.
  auto vote = db_.prepare(
      "INSERT INTO dataset_votes (dataset_id, roll_call, unit, vote) VALUES (?, ?, ?, ?)");
  for (std::size_t c = 0; c < votes.call_count(); ++c) {
    for (std::size_t s = 0; s < votes.country_count(); ++s) {
      const Vote v = votes.at(s, c);
      if (v == Vote::none) continue;
      if (!vote_from_code(static_cast<int>(v))) {
        throw Error(Location{path().string(), 0, meta.name},
                    "vote code " + std::to_string(static_cast<int>(v)) + " of " +
                        votes.countries()[s] + " on roll call " +
                        std::to_string(votes.calls()[c].id) + " is not 1, 2, 3, 8 or 9");
      }
      vote.bind_all(id, c, s, static_cast<int>(v)).run();
    }
    if (progress == nullptr) continue;
    if (progress->cancelled()) {
      throw Error(Location{path().string(), 0, meta.name},
                  "import cancelled; the workspace is as it was");
    }
    progress->advance();
  }
  transaction.commit();
  return id;
}

RollCallVotes Workspace::load_votes(std::string_view name) const {
  Transaction snapshot(db_, Transaction::Kind::read);
  const DatasetId id = dataset_id(name, DatasetKind::votes);
  std::vector<std::string> states;
  auto unit = db_.prepare("SELECT code FROM dataset_units WHERE dataset_id = ? ORDER BY position");
  unit.bind_all(id);
  while (unit.step()) states.push_back(unit.text(0));
  std::vector<RollCall> calls;
  auto call = db_.prepare(
      "SELECT rcid, session, date, year, important, amendment, paragraph, resolution, "
      "description, long_description FROM dataset_roll_calls WHERE dataset_id = ? "
      "ORDER BY position");
  call.bind_all(id);
  while (call.step()) {
    RollCall r;
    r.id = static_cast<int>(call.integer(0));
    r.session = static_cast<int>(call.integer(1));
    r.date = call.text(2);
    r.year = static_cast<int>(call.integer(3));
    r.important = flag_column(call, 4);
    r.amendment = flag_column(call, 5);
    r.paragraph = flag_column(call, 6);
    r.resolution = call.text(7);
    r.description = call.text(8);
    r.long_description = call.text(9);
    calls.push_back(std::move(r));
  }
  const Error damaged(Location{path().string(), 0, std::string(name)},
                      "the workspace is damaged: a vote or issue refers to no state or roll call");
  auto issue = db_.prepare(
      "SELECT roll_call, issue FROM dataset_roll_call_issues WHERE dataset_id = ? "
      "ORDER BY roll_call, position");
  issue.bind_all(id);
  while (issue.step()) {
    const auto c = static_cast<std::size_t>(issue.integer(0));
    if (c >= calls.size()) throw damaged;
    calls[c].issues.push_back(issue.text(1));
  }

  RollCallVotes votes(std::move(calls), std::move(states));
  auto vote = db_.prepare("SELECT roll_call, unit, vote FROM dataset_votes WHERE dataset_id = ?");
  vote.bind_all(id);
  while (vote.step()) {
    const auto c = static_cast<std::size_t>(vote.integer(0));
    const auto s = static_cast<std::size_t>(vote.integer(1));
    const auto v = vote_from_code(static_cast<int>(vote.integer(2)));
    if (c >= votes.call_count() || s >= votes.country_count() || !v) throw damaged;
    votes.set(s, c, *v);
  }
  snapshot.commit();
  return votes;
}

// ---- index specs

SpecId Workspace::save_spec(std::string_view name, std::string_view text, std::string_view source) {
  if (name.empty()) throw Error(Location{std::string(source)}, "a spec needs a name");
  const std::string digest = sha256_hex(text);
  Transaction transaction(db_);
  auto latest = db_.prepare("SELECT id, sha256 FROM specs WHERE name = ? ORDER BY id DESC LIMIT 1");
  if (latest.bind_all(name).step() && latest.text(1) == digest) {
    const SpecId id = latest.integer(0);
    transaction.commit();
    return id;
  }
  db_.prepare("INSERT INTO specs (name, text, source, sha256, saved_at) VALUES (?, ?, ?, ?, ?)")
      .bind_all(name, text, source, digest, utc_now())
      .run();
  const SpecId id = db_.last_insert_id();
  transaction.commit();
  return id;
}

std::optional<SpecRecord> Workspace::spec(std::string_view name) const {
  auto row = db_.prepare(std::string("SELECT ") + kSpecColumns +
                         " FROM specs WHERE name = ? ORDER BY id DESC LIMIT 1");
  if (!row.bind_all(name).step()) return std::nullopt;
  return spec_from_row(row);
}

std::vector<SpecRecord> Workspace::specs() const {
  auto row = db_.prepare(std::string("SELECT ") + kSpecColumns +
                         " FROM specs WHERE id IN (SELECT max(id) FROM specs GROUP BY name) "
                         "ORDER BY name");
  std::vector<SpecRecord> all;
  while (row.step()) all.push_back(spec_from_row(row));
  return all;
}

// ---- runs

RunId Workspace::begin_run(std::string_view operation, const nlohmann::json& parameters) {
  const ProcessIdentity& self = this_process();
  db_.prepare(
         "INSERT INTO runs (operation, parameters, started_at, status, softpower_version, host, "
         "pid, process) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)")
      .bind_all(operation, parameters.dump(), utc_now(), SOFTPOWER_VERSION, self.host,
                static_cast<std::int64_t>(self.pid), self.str())
      .run();
  return db_.last_insert_id();
}

void Workspace::check_running(RunId run) const {
  auto row = db_.prepare("SELECT status FROM runs WHERE id = ?");
  if (!row.bind_all(run).step()) {
    throw Error(Location{path().string()}, "no run " + std::to_string(run) + " in the workspace");
  }
  if (row.text(0) != run_status_name(RunStatus::running)) {
    throw Error(Location{path().string()},
                "run " + std::to_string(run) + " has already finished (" + row.text(0) + ")");
  }
}

void Workspace::add_result(RunId run, std::string_view name, std::string_view media_type,
                           std::string_view content) {
  Transaction transaction(db_);
  check_running(run);
  auto existing = db_.prepare("SELECT 1 FROM run_results WHERE run_id = ? AND name = ?");
  if (existing.bind_all(run, name).step()) {
    throw Error(Location{path().string(), 0, std::string(name)},
                "run " + std::to_string(run) + " already has a result of this name");
  }
  auto insert = db_.prepare(
      "INSERT INTO run_results (run_id, name, media_type, content) VALUES (?, ?, ?, ?)");
  insert.bind_all(run, name, media_type);
  // Text stays readable in the sqlite3 shell; other bytes go in as they are.
  if (is_valid_utf8(content)) {
    insert.bind(4, content);
  } else {
    insert.bind_blob(4, content);
  }
  insert.run();
  transaction.commit();
}

void Workspace::finish_run(RunId run, RunStatus status, std::string_view message,
                           const nlohmann::json& summary) {
  if (status == RunStatus::running) {
    throw Error("finish_run: a run finishes as ok, failed or cancelled, not running");
  }
  Transaction transaction(db_);
  check_running(run);
  db_.prepare("UPDATE runs SET finished_at = ?, status = ?, message = ?, summary = ? WHERE id = ?")
      .bind_all(utc_now(), run_status_name(status), message, summary.dump(), run)
      .run();
  transaction.commit();
}

std::vector<RunRecord> Workspace::runs(std::size_t limit) const {
  auto row =
      db_.prepare("SELECT " + run_columns(schema_version_) + " FROM runs ORDER BY id DESC LIMIT ?");
  // SQLite reads a negative LIMIT as no limit.
  row.bind_all(limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  std::vector<RunRecord> all;
  while (row.step()) all.push_back(run_from_row(row));
  return all;
}

RunRecord Workspace::run(RunId id) const {
  auto row = db_.prepare("SELECT " + run_columns(schema_version_) + " FROM runs WHERE id = ?");
  if (!row.bind_all(id).step()) {
    throw NotFound(
        Location{path().string()},
        "no run " + std::to_string(id) + " in the workspace (`softpower runs` lists them)");
  }
  return run_from_row(row);
}

std::vector<ResultRecord> Workspace::results(RunId run) const {
  Transaction snapshot(db_, Transaction::Kind::read);
  (void)this->run(run);
  auto row = db_.prepare(
      "SELECT run_id, name, media_type, content FROM run_results WHERE run_id = ? ORDER BY id");
  row.bind_all(run);
  std::vector<ResultRecord> all;
  while (row.step()) all.push_back({row.integer(0), row.text(1), row.text(2), row.text(3)});
  snapshot.commit();
  return all;
}

}  // namespace softpower::store
