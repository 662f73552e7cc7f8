#pragma once
// Realistic GDELT 2.0 event files of any size, made by resampling the lines of real exports:
// for tests and benchmarks at sizes no sample reaches, and for demos and change-point tests
// that need a known answer (a tone shift injected for one country from one date).
//
// Each line of the output is a line of the samples, drawn at random, with
//  - a new GLOBALEVENTID (consecutive from first_id) and a SOURCEURL made unique to the event
//    (so de-duplication by URL does not fold resampled copies together);
//  - dates moved into [from, to]: DATEADDED runs through the range in 15-minute slots from the
//    first line to the last, SQLDATE keeps the line's lag behind DATEADDED (cut so it stays in
//    the range), MonthYear, Year and FractionDate follow SQLDATE;
//  - with probability actor_swap, its actor countries replaced by others drawn from the actor
//    countries the samples show (weighted by how often), consistently: the CAMEO country code,
//    the prefix of the actor code (USAGOV -> CHNGOV), the name of a country actor, and every
//    geography block located in the old country (replaced by a whole block seen in the new
//    one, so FIPS, ADM1, place name, latitude, longitude and feature id agree);
//  - AvgTone plus noise (clipped to -100..100) and the three counts scaled by one random
//    factor (articles and sources never above mentions and articles); event codes, QuadClass
//    and Goldstein are kept, so Goldstein stays the value of its event code.
// The output is deterministic: the same samples, options and seed give the same bytes for any
// number of threads. docs/perception-generate-fetch.md describes the method and its checks.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/progress.hpp"

namespace softpower::tools {

/// A known change to inject: from `from_date` (SQLDATE, yyyymmdd) on, events with `country`
/// (a CAMEO actor country code, "USA") as either actor get `tone` added to their AvgTone.
struct GdeltShift {
  std::string country;
  std::int32_t from_date = 0;
  double tone = 0;
};

/// Parses "USA:20180101:-2.5" (country, first date, tone change); throws Error.
GdeltShift parse_gdelt_shift(std::string_view text);

struct GdeltGenerateOptions {
  /// GDELT 2.0 exports (61 columns) whose lines are resampled; lines that are not 61 columns
  /// or have no parseable dates, counts and tone are left out.
  std::vector<std::filesystem::path> samples;
  /// Bytes of text to write: whole lines, as many as fit (the file ends at most one line
  /// short of it). 0 = use `rows`.
  std::uint64_t bytes = 0;
  /// Lines to write when `bytes` is 0.
  std::uint64_t rows = 0;
  std::uint64_t seed = 1;
  /// First and last day of the events (yyyymmdd), both included.
  std::int32_t from = 20150219;
  std::int32_t to = 20191231;
  /// Probability that a line's actor countries are replaced.
  double actor_swap = 0.5;
  /// Standard deviation of the noise added to AvgTone.
  double tone_noise = 1.0;
  /// NumMentions, NumSources and NumArticles are scaled by a factor uniform in
  /// [1 - count_spread, 1 + count_spread] (then rounded, at least 1).
  double count_spread = 0.5;
  std::vector<GdeltShift> shifts;
  std::uint64_t first_id = 1000000000;
  /// gzip level (1..9) when the output name ends in .gz.
  int gzip_level = 1;
  /// 0 = worker_count().
  std::size_t threads = 0;
  /// Advanced by the lines written; checked for cancellation between chunks.
  Progress* progress = nullptr;
};

struct GdeltGenerateReport {
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;       ///< text bytes (before compression)
  std::uint64_t file_bytes = 0;  ///< bytes on disk
  std::size_t sample_rows = 0;   ///< lines of the samples used
  std::size_t sample_skipped = 0;
  std::size_t pool_countries = 0;  ///< countries an actor may be swapped to
  double seconds = 0;
};

/// The samples in memory, parsed once; a generator draws lines from them.
class GdeltSampleSet {
 public:
  /// Reads the sample files (plain text); throws Error when one cannot be read or none has a
  /// usable line.
  explicit GdeltSampleSet(const std::vector<std::filesystem::path>& files);
  ~GdeltSampleSet();
  GdeltSampleSet(GdeltSampleSet&&) noexcept;
  GdeltSampleSet& operator=(GdeltSampleSet&&) noexcept;
  GdeltSampleSet(const GdeltSampleSet&) = delete;
  GdeltSampleSet& operator=(const GdeltSampleSet&) = delete;

  std::size_t rows() const;
  std::size_t skipped() const;
  std::size_t pool_countries() const;
  /// Mean length of a sample line with its newline, in bytes.
  double mean_line_bytes() const;

  struct Data;
  const Data& data() const { return *data_; }

 private:
  std::unique_ptr<Data> data_;
};

/// Writes the generated lines to `out` (gzip when its name ends in .gz) through a temporary
/// file renamed when complete. Throws Error on bad options or when writing fails.
GdeltGenerateReport generate_gdelt(const std::filesystem::path& out,
                                   const GdeltGenerateOptions& options);
GdeltGenerateReport generate_gdelt(const std::filesystem::path& out, const GdeltSampleSet& samples,
                                   const GdeltGenerateOptions& options);

/// Lines [first, first + count) of the output as text, for tests (no file, no gzip).
std::string generate_gdelt_lines(const GdeltSampleSet& samples, const GdeltGenerateOptions& options,
                                 std::uint64_t first, std::uint64_t count);

/// The four GDELT 2.0 exports of ../shared/data/gdelt/events under a data directory.
std::vector<std::filesystem::path> default_gdelt_samples(const std::filesystem::path& data_dir);

}  // namespace softpower::tools
