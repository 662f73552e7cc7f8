#pragma once
// The predictors of synthetic control with predictors (Abadie, Diamond and Hainmueller 2010,
// Table 1; docs/evaluation-synth.md): covariates averaged over the pre-treatment periods, as R
// Synth's dataprep averages its time.predictors.prior (missing values skipped), and the outcome
// in chosen pre-treatment periods (outcome lags). Each is a k × N matrix whose column u is the
// block panel's unit u, ready for `SynthPanel::predictors`.

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "softpower/core/table.hpp"
#include "softpower/evaluation/panel.hpp"

namespace softpower::evaluation {

/// Each covariate's mean over the pre-treatment periods of `block` from `from` on (all of them
/// when none), over the periods where the unit's cell is not missing: k covariates × N units in
/// the block's unit order. Rows of units or periods the block does not hold are ignored. Throws
/// Error naming the file and the column for a covariate the table does not have, the file, line
/// and field for a cell that is not a number, and the unit, the covariate and the periods for a
/// unit that has no value of a covariate in them.
Eigen::MatrixXd covariate_predictors(const Table& table, const std::string& unit_col,
                                     const std::string& time_col,
                                     const std::vector<std::string>& covariates,
                                     const BlockPanel& block,
                                     std::optional<long long> from = std::nullopt);

/// The outcome of every unit in each of `periods` (outcome lags as predictors, as the paper's
/// cigarette sales in 1975, 1980 and 1988): |periods| × N in the block's unit order. Throws
/// Error naming a period that is not one of the block's pre-treatment periods.
Eigen::MatrixXd outcome_lag_predictors(const BlockPanel& block,
                                       const std::vector<long long>& periods);

}  // namespace softpower::evaluation
