#pragma once
// The CSV tables of the perception operations: dyads.csv, targets.csv, sources.csv,
// periods.csv and problems.csv of `perception aggregate`; series.csv and changepoints.csv of
// `perception shifts` (docs/perception.md, docs/perception-shifts.md).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/perception/aggregate.hpp"
#include "softpower/perception/series.hpp"

namespace softpower::report {

// Each file's columns are spelled once, by the function named after it: the writer's header,
// and the file's declaration in ops/ (OutputFile::columns), come from it.

/// The columns of dyads.csv: period, source, target, the tally (events, mentions, tone,
/// goldstein, q1..q4), share and coop.
const std::vector<std::string>& dyads_columns();
/// The columns of targets.csv and sources.csv: period, country, the tally, share and coop.
const std::vector<std::string>& countries_columns();
/// The columns of periods.csv: period, the tally and coop.
const std::vector<std::string>& periods_columns();
/// The columns of series.csv (`perception shifts`).
const std::vector<std::string>& shift_series_columns();
/// The columns of changepoints.csv.
const std::vector<std::string>& changepoints_columns();
/// The columns of problems.csv: file, line, field, reason.
const std::vector<std::string>& problems_columns();

/// dyads.csv: every pair with both countries known.
std::string dyads_csv(const perception::Aggregate& a);
/// targets.csv / sources.csv: the rows given.
std::string countries_csv(const perception::Aggregate& a,
                          const std::vector<perception::CountryRow>& rows);
/// periods.csv: the period totals.
std::string periods_csv(const perception::Aggregate& a);

/// series.csv and changepoints.csv, a series at a time.
class ShiftTables {
 public:
  ShiftTables(perception::PeriodUnit by, std::string method);
  void add(const perception::Series& series, const perception::SeriesShifts& shifts);
  const std::string& series_csv() const { return series_; }
  const std::string& changepoints_csv() const { return changes_; }

 private:
  perception::PeriodUnit by_;
  std::string method_;
  std::string series_;
  std::string changes_;
};

/// One malformed input line for problems.csv.
struct ProblemRow {
  std::string_view file;
  std::size_t line = 0;
  std::string_view field;
  std::string_view reason;
};
/// problems.csv: one row per malformed line kept as an example.
std::string problems_csv(const std::vector<ProblemRow>& problems);

}  // namespace softpower::report
