#pragma once
// GDELT event exports read as a stream (the reader; the columns and formats are in
// gdelt_layout.hpp, the country codes in gdelt_countries.hpp): GDELT 1.0 (57 columns before April
// 2013, 58 with SOURCEURL after), GDELT 2.0 (61 columns, 15-minute files), tab-separated without a
// header as GDELT publishes them, and the same columns rewritten as CSV with a header (R write.csv:
// quoted strings, bare NA for missing, maybe a row-name column). Plain, .gz or .zip. The
// format is detected per file (header or column count). Events are handed to a visitor in
// batches, so memory stays bounded whatever the size of the input; files are read in
// parallel. docs/perception-data.md describes the formats, the columns used, the country
// codes and the malformed-line policy.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/countries.hpp"
#include "softpower/core/events.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/sources/gdelt_countries.hpp"
#include "softpower/sources/gdelt_layout.hpp"

namespace softpower::sources {

struct GdeltOptions {
  /// Events per call of the visitor.
  std::size_t batch_size = 16384;
  /// Throw Error at file:line:field on the first malformed line instead of counting it.
  bool strict = false;
  /// Malformed lines kept as examples in the report (the first ones, in file order).
  std::size_t max_examples = 20;
  /// Files read at once (0 = worker_count()).
  std::size_t threads = 0;
  /// Bytes read from a file at a time.
  std::size_t block_size = std::size_t{1} << 22;
  /// Plain tab-separated files larger than this are read in parts of about this many bytes
  /// (cut at line ends) on several threads at once, so that one big file uses every core;
  /// 0 = never; strict reading never splits. The parts of a file then reach the visitor on
  /// different threads at the same time (see GdeltVisitor); reports and line numbers are the same
  /// as without parts.
  std::uint64_t split_bytes = 0;
  /// Fill Event::url_hash (a sixth of the parsing time); a reader that does not compare
  /// articles may leave it 0.
  bool hash_urls = true;
  /// The Event fields the visitor uses (bits event_field_bit(...), core/events.hpp); only their
  /// columns (gdelt_column_name) are found, parsed and checked, and the other fields keep their
  /// defaults (0, empty). Every line's
  /// number of columns is checked whatever this says. Strict reading reads and checks every
  /// column. A line whose only fault is in a column left out is therefore an event here and a
  /// malformed line with all columns (docs/perception-data.md, "Malformed lines").
  std::uint32_t columns = kAllEventFields;
  /// Advanced by the bytes on disk read (total: the files' sizes; a zip member counts when
  /// done); checked for cancellation at every block.
  Progress* progress = nullptr;
  /// The registry the country codes are mapped to (nullptr = CountryRegistry::world()).
  const CountryRegistry* registry = nullptr;
};

/// A malformed line: where, and why.
struct GdeltProblem {
  std::string file;
  std::size_t line = 0;
  std::string field;  ///< column name, or "" when the line as a whole is wrong
  std::string reason;
};

struct GdeltFileReport {
  std::string file;
  GdeltFormat format = GdeltFormat::unknown;
  std::uint64_t bytes = 0;  ///< bytes of text read (after decompression)
  std::size_t records = 0;  ///< data lines, well-formed or not (a header not counted)
  std::size_t events = 0;   ///< well-formed lines, each one event
  std::size_t malformed = 0;
};

struct GdeltReport {
  std::vector<GdeltFileReport> files;  ///< in the order the files were given
  std::size_t events = 0;
  std::size_t malformed = 0;
  std::uint64_t bytes = 0;
  std::vector<GdeltProblem> examples;  ///< the first max_examples malformed lines
  /// Country codes that mapped to no registry country, with how many fields carried them:
  /// CAMEO codes of regions and groups (EUR, AFR, ...), other CAMEO codes, FIPS codes of
  /// what is not a country (OS, oceans) and other FIPS codes. Empty fields are not counted.
  std::map<std::string, std::size_t> actor_regions;
  std::map<std::string, std::size_t> actor_unknown;
  std::map<std::string, std::size_t> geo_not_country;
  std::map<std::string, std::size_t> geo_unknown;
  /// Actor codes longer than ActorCode holds (kept cut).
  std::size_t actor_codes_cut = 0;
};

/// Receives the events of file number `file` (its index in the list given), a batch at a time.
/// Batches of one file arrive in file order on one thread (unless GdeltOptions::split_bytes
/// splits it: then its parts' batches may arrive at once on different threads, each part's in
/// order); batches of different files may
/// arrive at the same time on different threads, so a visitor that combines files keeps
/// per-file state (indexed by `file`) and merges it in file order, which makes its result
/// independent of the thread count.
using GdeltVisitor = std::function<void(std::size_t file, std::span<const Event> events)>;

/// Reads every file; returns what was read and what was not. Throws Error when a file cannot
/// be opened or read, and in strict mode at the first malformed line.
GdeltReport read_gdelt(std::span<const std::filesystem::path> files, const GdeltVisitor& visit,
                       const GdeltOptions& options = {});

/// All events of the files in memory, in file and line order (for small inputs and tests).
std::vector<Event> read_gdelt_events(std::span<const std::filesystem::path> files,
                                     GdeltReport* report = nullptr,
                                     const GdeltOptions& options = {});

}  // namespace softpower::sources
