#pragma once
// The CSV tables of the evaluation operations (docs/evaluation.md): estimates.csv,
// unit_weights.csv, time_weights.csv, paths.csv and placebos.csv of `evaluate panel`;
// att_gt.csv, aggregate.csv and bacon.csv of `evaluate staggered`. Each file's columns are
// spelled once, by the function named after it (the writer's header and the declaration's).

#include <string>
#include <vector>

#include "softpower/evaluation/bacon.hpp"
#include "softpower/evaluation/did.hpp"
#include "softpower/evaluation/staggered.hpp"

namespace softpower::report {

/// A weight of a unit (unit_weights.csv) or of a period (time_weights.csv).
struct WeightRow {
  std::string estimator;
  std::string key;  ///< the unit, or the period as text
  double weight = 0;
};

/// The treated mean and its counterfactual in one period.
struct PathRow {
  std::string estimator;
  long long time = 0;
  double treated = 0;
  double counterfactual = 0;
};

/// A unit of the in-space placebo test: a control taken as treated, or the treated block itself.
struct PlaceboRow {
  std::string estimator;
  std::string unit;
  bool treated = false;
  double estimate = 0;
  double pre_rmspe = 0;
  double post_rmspe = 0;
};

const std::vector<std::string>& estimates_columns();
const std::vector<std::string>& unit_weights_columns();
const std::vector<std::string>& time_weights_columns();
const std::vector<std::string>& paths_columns();
/// estimator, unit, treated, estimate, pre_rmspe, post_rmspe, ratio (post over pre).
const std::vector<std::string>& placebos_columns();
const std::vector<std::string>& att_gt_columns();
/// type, key (empty for a type's overall value), estimate, se, ci_lo, ci_hi.
const std::vector<std::string>& aggregate_columns();
/// type, treated, control (empty: the never treated), estimate, weight.
const std::vector<std::string>& bacon_columns();

/// One row per estimator (`term`): estimate, se, 95% interval, p-value (NaN: an empty field).
std::string estimates_csv(const std::vector<evaluation::Coefficient>& rows);
/// unit_weights.csv with `time` false, time_weights.csv with it true.
std::string weights_csv(const std::vector<WeightRow>& rows, bool time);
std::string paths_csv(const std::vector<PathRow>& rows);
std::string placebos_csv(const std::vector<PlaceboRow>& rows);
std::string att_gt_csv(const evaluation::StaggeredResult& result);
std::string aggregate_csv(const evaluation::StaggeredResult& result);
std::string bacon_csv(const evaluation::BaconDecomposition& bacon);

}  // namespace softpower::report
