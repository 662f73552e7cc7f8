#pragma once
// The workspace: one SQLite file that holds what an analyst works with and what came of it:
// imported datasets with their provenance (source, SHA-256 of every file, licence, time of
// import, rows the reader could not map), index specs, and runs with their parameters and
// results. docs/workspace.md describes the schema and its guarantees.
//
// Every change is one transaction: an import that fails or is killed half-way leaves the
// workspace exactly as it was. The file uses write-ahead logging, so readers (the dashboard,
// `softpower datasets`) never block a writer and never see half of an import.
//
// A Workspace is one connection: use it from one thread at a time (open one per thread).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/panel.hpp"
#include "softpower/core/process.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/core/votes.hpp"
#include "softpower/sources/reader.hpp"
#include "softpower/store/sqlite.hpp"

namespace softpower::store {

using DatasetId = std::int64_t;
using SpecId = std::int64_t;
/// An Error for something named that is not in the workspace (a run, the workspace itself): a
/// server answers 404.
class NotFound : public Error {
 public:
  using Error::Error;
};

using RunId = std::int64_t;

/// The version of the schema this build writes (PRAGMA user_version of the file). Version 2
/// added roll-call votes, version 3 the process that runs a run and the status "interrupted";
/// an older workspace is upgraded when opened for writing.
inline constexpr int kSchemaVersion = 3;
/// Marks a softpower workspace among SQLite files (PRAGMA application_id): "SPWS" in ASCII.
inline constexpr std::int32_t kApplicationId = 0x53505753;

/// The workspace file: --workspace when given, else $SOFTPOWER_WORKSPACE, else
/// ./softpower.workspace. Every operation that uses a workspace resolves it here.
std::filesystem::path resolve_workspace(const std::optional<std::string>& flag);

/// One file a dataset was read from, with the digest of its bytes as stored.
struct SourceFileRecord {
  std::string path;    ///< relative to the data directory for a reader's file, else as given
  std::string sha256;  ///< 64 lower-case hexadecimal digits
  std::uint64_t bytes = 0;
  std::string download_url;  ///< the public original, when known
  std::string derivation;    ///< how the file was made from the download ("" = identical)
};

/// Unit attributes by attribute, then unit code (ASEM's EurAsia_group: "AUT" -> "Europe").
using UnitAttributes = std::map<std::string, std::map<std::string, std::string>>;

/// What a dataset holds: a panel (units x indicators x years) or roll-call votes.
enum class DatasetKind { panel, votes };
std::string_view dataset_kind_name(DatasetKind kind);

/// A dataset's provenance and size. On import the caller fills the provenance; the workspace
/// sets id, imported_at and the counts.
struct DatasetRecord {
  DatasetId id = 0;
  std::string name;    ///< unique in the workspace; importing a name again replaces it
  std::string reader;  ///< the reader id, or "csv" for a long-format file the user brought
  std::string title;
  std::string source;        ///< the file or folder read (data-directory relative for readers)
  std::string origin_url;    ///< where the public original can be downloaded ("" = none)
  std::string producer_url;  ///< the producer's page for the data ("" = none)
  std::string licence;
  std::vector<SourceFileRecord> files;
  std::string imported_at;  ///< UTC, ISO 8601 ("2026-11-28T10:57:32.123Z")
  std::string softpower_version;
  DatasetKind kind = DatasetKind::panel;  ///< set by the workspace
  std::size_t rows_read = 0;
  std::size_t units = 0;       ///< for votes: the voting states
  std::size_t indicators = 0;  ///< 0 for votes
  /// The indicators' and the units' codes in their order (for votes: the states, no
  /// indicators). Filled by datasets() only: what the pickers of columns and units need (the
  /// dashboard's evaluation page).
  std::vector<std::string> indicator_codes;
  std::vector<std::string> unit_codes;
  std::size_t years = 0;       ///< for votes: the calendar years with a roll call
  std::size_t values = 0;      ///< non-missing cells; for votes: the votes recorded
  std::size_t roll_calls = 0;  ///< 0 for a panel
  std::size_t unmapped_count = 0;
  /// The rows the reader could not map. Filled by dataset(name); datasets() leaves it empty
  /// (unmapped_count says how many there are) to keep a listing small.
  std::vector<sources::UnmappedRow> unmapped;
  /// Filled by dataset(name); datasets() leaves it empty.
  UnitAttributes unit_attributes;
};

struct SpecRecord {
  SpecId id = 0;
  std::string name;
  std::string text;
  std::string source;  ///< the file it was saved from
  std::string sha256;  ///< of text
  std::string saved_at;
};

/// `interrupted`: the process running it ended without finishing it (killed); set when the
/// workspace is next opened, and shown so when read.
enum class RunStatus { running, ok, failed, cancelled, interrupted };
std::string_view run_status_name(RunStatus status);
/// Parses a status name; throws Error listing the valid names.
RunStatus parse_run_status(std::string_view name);

struct RunRecord {
  RunId id = 0;
  std::string operation;
  nlohmann::json parameters;
  std::string started_at;
  std::string finished_at;  ///< "" while running
  RunStatus status = RunStatus::running;
  std::string message;
  nlohmann::json summary;  ///< null until finished
  std::string softpower_version;
  std::optional<double> duration_seconds;  ///< empty while running
  /// The process that ran it (schema version 3 on); empty for earlier runs.
  std::optional<ProcessIdentity> process;
};

struct ResultRecord {
  RunId run = 0;
  std::string name;  ///< "scores.csv", "report.html"
  std::string media_type;
  std::string content;  ///< bytes; text for text media types
};

class Workspace {
 public:
  /// Opens the workspace, creating the file and its schema when it does not exist. Throws
  /// Error naming the file when it is not a softpower workspace or was written by a newer
  /// softpower.
  static Workspace open(const std::filesystem::path& path);
  /// Opens an existing workspace for reading only; throws Error when there is none.
  static Workspace open_read_only(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return db_.path(); }

  // ---- datasets

  /// Stores a dataset in one transaction, replacing any dataset of the same name. On any
  /// error the transaction is rolled back and the workspace is as it was. `progress`, when
  /// given, advances by one step per indicator-year column written (indicators x years in
  /// all; the caller starts it) and stops the import, as a failure, when cancelled.
  /// Inside a transaction() the import becomes part of it.
  DatasetId import_dataset(const DatasetRecord& meta, const Panel& panel,
                           Progress* progress = nullptr);
  /// Every dataset, by name, without unmapped rows and unit attributes.
  std::vector<DatasetRecord> datasets() const;
  bool has_dataset(std::string_view name) const;
  /// The full record of one dataset, or nothing.
  std::optional<DatasetRecord> dataset(std::string_view name) const;
  /// The dataset's panel exactly as imported (units, indicators and years in their order,
  /// indicator info, every non-missing value). Throws Error when there is no such dataset.
  Panel load_dataset(std::string_view name) const;
  /// Removes a dataset; false when there was none.
  bool remove_dataset(std::string_view name);

  /// Stores roll-call votes as a dataset of kind votes, with the guarantees of
  /// import_dataset(): one transaction, replacing a dataset of the same name. `progress`
  /// advances by one step per roll call (the caller starts it) and cancels as a failure.
  DatasetId import_votes(const DatasetRecord& meta, const RollCallVotes& votes,
                         Progress* progress = nullptr);
  /// The votes exactly as imported (roll calls with every field, states in their order, every
  /// vote). Throws Error when there is no such dataset or it is not a votes dataset.
  RollCallVotes load_votes(std::string_view name) const;

  // ---- index specs

  /// Saves a spec's text. Saving a text that differs from the latest version of `name`
  /// adds a version; saving the same text again returns the latest version's id.
  SpecId save_spec(std::string_view name, std::string_view text, std::string_view source);
  /// The latest version of a spec, or nothing.
  std::optional<SpecRecord> spec(std::string_view name) const;
  /// The latest version of every spec, by name.
  std::vector<SpecRecord> specs() const;

  // ---- runs

  /// Records that an operation started, with this process; its status is "running" until
  /// finish_run(), or "interrupted" once this process has ended without finishing it.
  RunId begin_run(std::string_view operation, const nlohmann::json& parameters);
  /// Attaches an output to a running run. Text (valid UTF-8) is stored as TEXT, anything
  /// else as a BLOB. Throws Error when the run is unknown, finished, or already has a
  /// result of that name.
  void add_result(RunId run, std::string_view name, std::string_view media_type,
                  std::string_view content);
  /// Ends a running run with ok, failed or cancelled.
  void finish_run(RunId run, RunStatus status, std::string_view message,
                  const nlohmann::json& summary);
  /// The latest runs, newest first (limit 0 = all).
  std::vector<RunRecord> runs(std::size_t limit = 50) const;
  /// One run; throws Error when there is no such run.
  RunRecord run(RunId id) const;
  /// A run's results in the order they were added.
  std::vector<ResultRecord> results(RunId run) const;

  /// A transaction that groups several changes (an `import` of many sources): the changes
  /// made through this Workspace until commit() are kept all together or not at all.
  sqlite::Transaction transaction() { return sqlite::Transaction(db_); }

 private:
  Workspace(sqlite::Database db, int schema_version)
      : db_(std::move(db)), schema_version_(schema_version) {}
  /// The dataset's id; throws Error when there is none, or when it is not of kind `kind`.
  DatasetId dataset_id(std::string_view name, DatasetKind kind) const;
  void check_running(RunId run) const;

  sqlite::Database db_;
  int schema_version_;  ///< of the file: a read-only workspace may be older than this build
};

}  // namespace softpower::store
