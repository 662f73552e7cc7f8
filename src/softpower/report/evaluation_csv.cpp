#include "softpower/report/evaluation_csv.hpp"

#include "softpower/core/csv_writer.hpp"

namespace softpower::report {

const std::vector<std::string>& estimates_columns() {
  static const std::vector<std::string> columns = {"estimator", "estimate", "se",
                                                   "ci_lo",     "ci_hi",    "p_value"};
  return columns;
}

const std::vector<std::string>& unit_weights_columns() {
  static const std::vector<std::string> columns = {"estimator", "unit", "weight"};
  return columns;
}

const std::vector<std::string>& time_weights_columns() {
  static const std::vector<std::string> columns = {"estimator", "time", "weight"};
  return columns;
}

const std::vector<std::string>& paths_columns() {
  static const std::vector<std::string> columns = {"estimator", "time", "treated",
                                                   "counterfactual"};
  return columns;
}

const std::vector<std::string>& placebos_columns() {
  static const std::vector<std::string> columns = {"estimator", "unit",       "treated", "estimate",
                                                   "pre_rmspe", "post_rmspe", "ratio"};
  return columns;
}

const std::vector<std::string>& att_gt_columns() {
  static const std::vector<std::string> columns = {"group", "time", "att", "se", "ci_lo", "ci_hi"};
  return columns;
}

const std::vector<std::string>& aggregate_columns() {
  static const std::vector<std::string> columns = {"type", "key",   "estimate",
                                                   "se",   "ci_lo", "ci_hi"};
  return columns;
}

const std::vector<std::string>& bacon_columns() {
  static const std::vector<std::string> columns = {"type", "treated", "control", "estimate",
                                                   "weight"};
  return columns;
}

namespace {

// An optional period: its number, or the empty field.
void optional_cell(CsvWriter& w, const std::optional<long long>& v) {
  if (v) {
    w.cell(*v);
  } else {
    w.cell("");
  }
}

}  // namespace

std::string estimates_csv(const std::vector<evaluation::Coefficient>& rows) {
  std::string out;
  CsvWriter w(out, estimates_columns());
  for (const auto& r : rows) w.row(r.term, r.estimate, r.se, r.ci_lo, r.ci_hi, r.p_value);
  return out;
}

std::string weights_csv(const std::vector<WeightRow>& rows, bool time) {
  std::string out;
  CsvWriter w(out, time ? time_weights_columns() : unit_weights_columns());
  for (const WeightRow& r : rows) w.row(r.estimator, r.key, r.weight);
  return out;
}

std::string paths_csv(const std::vector<PathRow>& rows) {
  std::string out;
  CsvWriter w(out, paths_columns());
  for (const PathRow& r : rows) w.row(r.estimator, r.time, r.treated, r.counterfactual);
  return out;
}

std::string placebos_csv(const std::vector<PlaceboRow>& rows) {
  std::string out;
  CsvWriter w(out, placebos_columns());
  for (const PlaceboRow& r : rows) {
    w.row(r.estimator, r.unit, r.treated ? 1 : 0, r.estimate, r.pre_rmspe, r.post_rmspe,
          r.post_rmspe / r.pre_rmspe);
  }
  return out;
}

std::string att_gt_csv(const evaluation::StaggeredResult& result) {
  std::string out;
  CsvWriter w(out, att_gt_columns());
  for (const auto& e : result.att_gt) w.row(e.group, e.time, e.att, e.se, e.ci_lo, e.ci_hi);
  return out;
}

std::string aggregate_csv(const evaluation::StaggeredResult& result) {
  std::string out;
  CsvWriter w(out, aggregate_columns());
  for (const auto& a : result.aggregates) {
    w.cell(a.type);
    optional_cell(w, a.key);
    w.row(a.estimate, a.se, a.ci_lo, a.ci_hi);
  }
  return out;
}

std::string bacon_csv(const evaluation::BaconDecomposition& bacon) {
  std::string out;
  CsvWriter w(out, bacon_columns());
  for (const auto& c : bacon.comparisons) {
    w.cell(c.type);
    optional_cell(w, c.treated);
    optional_cell(w, c.control);
    w.row(c.estimate, c.weight);
  }
  return out;
}

}  // namespace softpower::report
