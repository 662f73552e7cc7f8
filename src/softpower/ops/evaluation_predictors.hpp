#pragma once
// Synthetic control with predictors in `evaluate panel` (docs/evaluation-synth.md): the
// parameters --covariates, --covariates-from and --lags, the predictors they ask for, and the
// estimator sc-cov (Abadie, Diamond and Hainmueller 2010) that takes sc's place with them, its
// rows in every file of the command and its part of the page.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "softpower/core/operation.hpp"
#include "softpower/core/table.hpp"
#include "softpower/evaluation/did.hpp"
#include "softpower/evaluation/panel.hpp"
#include "softpower/evaluation/synth.hpp"
#include "softpower/report/evaluation_csv.hpp"
#include "softpower/report/evaluation_html.hpp"

namespace softpower::evaluation {

/// --covariates, --covariates-from and --lags.
std::vector<Param> synth_predictor_params();

/// Whether --covariates or --lags is given: then `sc` is synthetic control with predictors.
bool wants_predictors(const Args& args);

/// The predictors of sc-cov: each covariate of `table` (unit and time in the columns of
/// `columns`) averaged over the pre-treatment periods from --covariates-from on, then the outcome
/// in each --lags period; with the block's outcomes. Throws Error when sc is not among
/// --estimators, when the block does not have exactly one treated unit, for a lag that is not a
/// pre-treatment period, and as covariate_predictors does.
SynthPanel synth_predictors(const Args& args, const Table& table, const PanelColumns& columns,
                            const BlockPanel& block);

/// One estimator's rows in the files, page and summary of `evaluate panel`.
struct PanelEstimatorRows {
  Coefficient estimate;
  std::vector<report::WeightRow> unit_weights;
  std::vector<report::PathRow> paths;
  std::vector<report::PlaceboRow> placebos;
  report::PanelEstimator shown;
  nlohmann::json summary;
};

/// sc-cov: the synthetic control of the block's one treated unit from its controls, with the
/// in-space placebos when there are at least three controls. The estimate is the mean
/// post-treatment gap; p_value is the placebos' permutation p-value; no standard error.
PanelEstimatorRows synth_with_predictors(const Args& args, const SynthPanel& panel,
                                         const BlockPanel& block);

}  // namespace softpower::evaluation
