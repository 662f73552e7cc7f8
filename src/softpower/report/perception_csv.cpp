#include "softpower/report/perception_csv.hpp"

#include <algorithm>
#include <cstdint>
#include <map>

#include "softpower/core/csv_writer.hpp"
#include "softpower/core/parallel.hpp"

namespace softpower::report {

using perception::Aggregate;
using perception::CountryRow;
using perception::DyadRow;
using perception::PeriodUnit;
using perception::Tally;

namespace {

const std::vector<std::string> kTallyColumns = {"events", "mentions", "tone", "goldstein",
                                                "q1",     "q2",       "q3",   "q4"};

// events,mentions,tone,goldstein,q1,q2,q3,q4
void tally_cells(CsvWriter& w, const Tally& t) {
  w.cell(t.events);
  w.cell(t.mentions);
  w.cell(t.tone());
  w.cell(t.goldstein());
  for (const std::int64_t q : t.quad) w.cell(q);
}

// The header: `first` columns, the tally's, then `last`.
std::vector<std::string> header(std::vector<std::string> first,
                                const std::vector<std::string>& last) {
  first.insert(first.end(), kTallyColumns.begin(), kTallyColumns.end());
  first.insert(first.end(), last.begin(), last.end());
  return first;
}

// Period labels by key, made once.
class Labels {
 public:
  explicit Labels(const Aggregate& a) : by_(a.by) {
    for (const auto& [p, t] : a.periods) labels_.emplace(p, perception::period_label(p, by_));
  }
  const std::string& operator()(std::int32_t period) {
    auto it = labels_.find(period);
    if (it == labels_.end())
      it = labels_.emplace(period, perception::period_label(period, by_)).first;
    return it->second;
  }

 private:
  PeriodUnit by_;
  std::map<std::int32_t, std::string> labels_;
};

}  // namespace

const std::vector<std::string>& dyads_columns() {
  static const std::vector<std::string> columns =
      header({"period", "source", "target"}, {"share", "coop"});
  return columns;
}

const std::vector<std::string>& countries_columns() {
  static const std::vector<std::string> columns = header({"period", "country"}, {"share", "coop"});
  return columns;
}

const std::vector<std::string>& periods_columns() {
  static const std::vector<std::string> columns = header({"period"}, {"coop"});
  return columns;
}

const std::vector<std::string>& shift_series_columns() {
  static const std::vector<std::string> columns = {"country", "partner", "role",  "series",
                                                   "period",  "events",  "value", "level"};
  return columns;
}

const std::vector<std::string>& changepoints_columns() {
  static const std::vector<std::string> columns = {
      "country", "partner", "role", "series", "method", "period", "before", "after", "change"};
  return columns;
}

const std::vector<std::string>& problems_columns() {
  static const std::vector<std::string> columns = {"file", "line", "field", "reason"};
  return columns;
}

std::string dyads_csv(const Aggregate& a) {
  // Rows written in slices on every core (a tenth of a second for 142,000 rows on one core),
  // each into its own text, joined in order: the same bytes for any number of threads.
  constexpr std::size_t kSlice = 16384;
  const std::size_t slices = (a.keys.size() + kSlice - 1) / kSlice;
  std::vector<std::string> parts(slices);
  parallel_for(slices, [&](std::size_t s) {
    CsvWriter w(parts[s]);
    Labels label(a);
    const std::size_t end = std::min(a.keys.size(), (s + 1) * kSlice);
    for (std::size_t i = s * kSlice; i < end; ++i) {
      const DyadRow& r = a.keys[i];
      if (r.source.empty() || r.target.empty()) continue;
      w.cell(label(r.period));
      w.cell(r.source);
      w.cell(r.target);
      tally_cells(w, r.tally);
      w.cell(a.share(r.period, r.tally));
      w.cell(r.tally.cooperation());
      w.end_row();
    }
  });
  std::string text;
  CsvWriter(text, dyads_columns());
  std::size_t size = text.size();
  for (const std::string& part : parts) size += part.size();
  text.reserve(size);
  for (const std::string& part : parts) text += part;
  return text;
}

std::string countries_csv(const Aggregate& a, const std::vector<CountryRow>& rows) {
  std::string text;
  CsvWriter w(text, countries_columns());
  Labels label(a);
  for (const CountryRow& r : rows) {
    w.cell(label(r.period));
    w.cell(r.country);
    tally_cells(w, r.tally);
    w.cell(a.share(r.period, r.tally));
    w.cell(r.tally.cooperation());
    w.end_row();
  }
  return text;
}

std::string periods_csv(const Aggregate& a) {
  std::string text;
  CsvWriter w(text, periods_columns());
  for (const auto& [p, t] : a.periods) {
    w.cell(perception::period_label(p, a.by));
    tally_cells(w, t);
    w.cell(t.cooperation());
    w.end_row();
  }
  return text;
}

ShiftTables::ShiftTables(PeriodUnit by, std::string method) : by_(by), method_(std::move(method)) {
  CsvWriter(series_, shift_series_columns());
  CsvWriter(changes_, changepoints_columns());
}

void ShiftTables::add(const perception::Series& s, const perception::SeriesShifts& shifts) {
  const std::string_view role = perception::role_name(s.role);
  const std::string_view measure = perception::measure_name(s.measure);
  CsvWriter series(series_);
  for (std::size_t i = 0; i < s.periods.size(); ++i) {
    series.row(s.country, s.partner, role, measure, perception::period_label(s.periods[i], by_),
               s.events[i], s.values[i], shifts.fitted[i]);
  }
  CsvWriter changes(changes_);
  for (const perception::SeriesShift& shift : shifts.shifts) {
    changes.row(s.country, s.partner, role, measure, method_,
                perception::period_label(shift.period, by_), shift.before, shift.after,
                shift.change());
  }
}

std::string problems_csv(const std::vector<ProblemRow>& problems) {
  std::string text;
  CsvWriter w(text, problems_columns());
  for (const ProblemRow& p : problems) w.row(p.file, p.line, p.field, p.reason);
  return text;
}

}  // namespace softpower::report
