#include "softpower/report/opinion_csv.hpp"

#include "softpower/core/csv_writer.hpp"

namespace softpower::report {

const std::vector<std::string>& opinion_columns() {
  static const std::vector<std::string> columns = {"year", "public", "object", "measure", "value"};
  return columns;
}

const std::vector<std::string>& opinion_shifts_columns() {
  static const std::vector<std::string> columns = {"public", "object",        "measure",
                                                   "year",   "previous_year", "before",
                                                   "after",  "change",        "penalty"};
  return columns;
}

const std::vector<std::string>& validity_columns() {
  static const std::vector<std::string> columns = {"scope", "year", "countries", "pairs",
                                                   "r",     "lo",   "hi",        "replicates"};
  return columns;
}

std::vector<std::string> validity_pairs_columns(const std::string& other) {
  return {"country", "year", "opinion", other};
}

std::string opinion_csv(const std::vector<opinion::PollValue>& values) {
  std::string text;
  CsvWriter w(text, opinion_columns());
  for (const opinion::PollValue& v : values) w.row(v.year, v.public_, v.object, v.measure, v.value);
  return text;
}

std::string opinion_shifts_csv(const std::vector<SeriesShifts>& found) {
  std::string text;
  CsvWriter w(text, opinion_shifts_columns());
  for (const SeriesShifts& f : found) {
    for (const opinion::OpinionShift& s : f.shifts.shifts) {
      w.row(f.series->public_, f.series->object, f.series->measure, s.year, s.previous_year,
            s.before, s.after, s.change(), f.shifts.penalty);
    }
  }
  return text;
}

std::string validity_csv(const std::vector<opinion::Correlation>& correlations) {
  std::string text;
  CsvWriter w(text, validity_columns());
  for (const opinion::Correlation& c : correlations) {
    w.cell(opinion::scope_name(c.scope));
    if (c.scope == opinion::Scope::year) {
      w.cell(c.year);
    } else {
      w.cell("");
    }
    w.row(c.countries, c.pairs, c.r, c.lo, c.hi, c.replicates);
  }
  return text;
}

std::string validity_pairs_csv(const std::vector<opinion::PairedValue>& pairs,
                               const std::string& other) {
  std::string text;
  CsvWriter w(text, validity_pairs_columns(other));
  for (const opinion::PairedValue& p : pairs) w.row(p.country, p.year, p.opinion, p.other);
  return text;
}

}  // namespace softpower::report
