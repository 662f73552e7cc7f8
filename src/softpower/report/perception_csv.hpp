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

/// dyads.csv: period,source,target,events,mentions,tone,goldstein,q1,q2,q3,q4,share,coop for
/// every pair with both countries known.
std::string dyads_csv(const perception::Aggregate& a);
/// targets.csv / sources.csv: period,country and the same columns, for the rows given.
std::string countries_csv(const perception::Aggregate& a,
                          const std::vector<perception::CountryRow>& rows);
/// periods.csv: period,events,mentions,tone,goldstein,q1,q2,q3,q4,coop.
std::string periods_csv(const perception::Aggregate& a);

/// series.csv (country,partner,role,series,period,events,value,level) and changepoints.csv
/// (country,partner,role,series,method,period,before,after,change), a series at a time.
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
/// problems.csv: file,line,field,reason.
std::string problems_csv(const std::vector<ProblemRow>& problems);

}  // namespace softpower::report
