#pragma once
// evaluation.html of `evaluate panel` and `evaluate staggered` (docs/evaluation.md): the
// estimates, and for one adoption date each estimator's treated mean against its counterfactual,
// the gap with its interval and the in-space placebos' gaps behind it, and the weights; for
// staggered adoption the event study with its uniform band, the aggregations, ATT(g,t) and the
// Goodman-Bacon decomposition. Markup and prose in templates/evaluation_*.mustache.

#include <optional>
#include <string>
#include <vector>

#include "softpower/evaluation/bacon.hpp"
#include "softpower/evaluation/did.hpp"
#include "softpower/evaluation/staggered.hpp"

namespace softpower::report {

/// A predictor of synthetic control with predictors: its weight in V and its value for the
/// treated unit and for the synthetic control (Abadie et al. 2010, Table 1).
struct PredictorRow {
  std::string name;
  double weight = 0, treated = 0, synthetic = 0;
};

/// One estimator of `evaluate panel`, with what its page shows.
struct PanelEstimator {
  evaluation::Coefficient estimate;  ///< term: did, sc, sc-cov or sdid
  std::vector<double> treated;       ///< the treated mean in every period
  std::vector<double> counterfactual;
  std::vector<double> unit_weights;  ///< of the controls, in their order
  std::vector<double> time_weights;  ///< of the pre-periods
  double rmspe_ratio = 0;
  std::optional<double> permutation_p;
  std::vector<std::vector<double>> placebo_gaps;  ///< each control's gap in every period
  std::vector<PredictorRow> predictors;           ///< sc-cov only
  std::string predictors_note;                    ///< sc-cov only: how they were made
};

struct PanelPage {
  std::string file, outcome, treated_label, se_method;
  std::vector<std::string> units;  ///< controls first
  std::vector<long long> times;
  std::size_t n0 = 0, t0 = 0;
  std::vector<PanelEstimator> estimators;
};

std::string evaluation_panel_html(const PanelPage& page);

struct StaggeredPage {
  std::string file, outcome, control, base;
  std::size_t reps = 0;
  const evaluation::StaggeredResult* result = nullptr;
  const evaluation::BaconDecomposition* bacon = nullptr;  ///< null: none could be made
  std::string bacon_note;
};

std::string evaluation_staggered_html(const StaggeredPage& page);

}  // namespace softpower::report
