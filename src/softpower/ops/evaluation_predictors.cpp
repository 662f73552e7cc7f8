#include "softpower/ops/evaluation_predictors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>

#include "softpower/core/error.hpp"
#include "softpower/evaluation/predictors.hpp"

namespace softpower::evaluation {

namespace {

using nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr long long kLargestPeriod = 9'000'000'000'000'000;  // as a panel's whole periods

std::vector<long long> lag_periods(const Args& args) {
  std::vector<long long> periods;
  for (const std::string& item : args.items("lags")) {
    long long p = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), p);
    if (ec != std::errc() || end != item.data() + item.size())
      throw Error("--lags: '" + printable(item) + "' is not a period (a whole number)");
    if (std::find(periods.begin(), periods.end(), p) != periods.end())
      throw Error("--lags: " + item + " is given twice");
    periods.push_back(p);
  }
  return periods;
}

std::optional<long long> covariates_from(const Args& args) {
  if (!args.has("covariates-from")) return std::nullopt;
  return args.integer("covariates-from");
}

// The pre-treatment periods the covariates are averaged over, and the lags, in words.
std::string predictors_note(const Args& args, const BlockPanel& block) {
  std::vector<std::string> parts;
  const std::vector<std::string> covariates = args.items("covariates");
  if (!covariates.empty()) {
    const long long first =
        std::max(covariates_from(args).value_or(block.times.front()), block.times.front());
    parts.push_back(fmt::format("{} averaged over {}–{} where observed",
                                fmt::join(covariates, ", "), first, block.times[block.t0 - 1]));
  }
  const std::vector<long long> lags = lag_periods(args);
  if (!lags.empty())
    parts.push_back(fmt::format("{} in {}", args.text("outcome"), fmt::join(lags, ", ")));
  return fmt::format("Predictors: {}.", fmt::join(parts, "; "));
}

std::vector<double> as_vector(const Eigen::VectorXd& v) {
  return {v.data(), v.data() + v.size()};
}

double post_mean(const SynthFit& fit, std::size_t t0) {
  const Eigen::Index post = fit.gaps.size() - static_cast<Eigen::Index>(t0);
  return fit.gaps.tail(post).mean();
}

}  // namespace

std::vector<Param> synth_predictor_params() {
  return {
      Param{"covariates", ParamType::list,
            "columns of the panel used as predictors by synthetic control with predictors "
            "(Abadie et al. 2010): each averaged over the pre-treatment periods where it is "
            "observed; sc then becomes sc-cov, did and sdid stay outcome-only (repeatable, or "
            "comma-separated)"},
      Param{"covariates-from", ParamType::integer,
            "average the covariates over the pre-treatment periods from this one on (default: "
            "all of them)"}
          .between(-kLargestPeriod, kLargestPeriod),
      Param{"lags", ParamType::list,
            "pre-treatment periods whose outcome is a predictor of sc-cov (e.g. 1975,1980,1988; "
            "repeatable, or comma-separated)"}};
}

bool wants_predictors(const Args& args) {
  return !args.items("covariates").empty() || !args.items("lags").empty();
}

SynthPanel synth_predictors(const Args& args, const Table& table, const PanelColumns& columns,
                            const BlockPanel& block) {
  const std::vector<std::string> estimators = args.items("estimators");
  if (std::find(estimators.begin(), estimators.end(), "sc") == estimators.end()) {
    throw Error(
        "--covariates and --lags are predictors of the synthetic control: add sc to "
        "--estimators (did and sdid use the outcome only)");
  }
  const std::size_t treated = block.units.size() - block.n0;
  if (treated != 1) {
    std::vector<std::string> names(block.units.begin() + static_cast<std::ptrdiff_t>(block.n0),
                                   block.units.end());
    if (names.size() > 3) {
      names.resize(3);
      names.emplace_back("...");
    }
    throw Error(fmt::format(
        "{}: synthetic control with predictors (--covariates, --lags) needs exactly one "
        "treated unit, not {} ({})",
        table.source, treated, fmt::join(names, ", ")));
  }
  const std::vector<std::string> covariates = args.items("covariates");
  if (covariates.empty() && args.has("covariates-from"))
    throw Error("--covariates-from: give --covariates to average");
  const std::vector<long long> lags = lag_periods(args);
  SynthPanel panel;
  const Eigen::MatrixXd x = covariate_predictors(table, columns.unit, columns.time, covariates,
                                                 block, covariates_from(args));
  Eigen::MatrixXd lagged;
  try {
    lagged = outcome_lag_predictors(block, lags);
  } catch (const Error& e) {
    throw Error(std::string("--lags: ") + e.what());
  }
  panel.predictors.resize(x.rows() + lagged.rows(), x.cols());
  panel.predictors << x, lagged;
  panel.predictor_names = covariates;
  for (long long p : lags)
    panel.predictor_names.push_back(fmt::format("{} in {}", args.text("outcome"), p));
  panel.outcomes = block.y.transpose();
  panel.pre_periods = static_cast<Eigen::Index>(block.t0);
  return panel;
}

PanelEstimatorRows synth_with_predictors(const Args& args, const SynthPanel& panel,
                                         const BlockPanel& block) {
  const std::string name = "sc-cov";
  const auto treated = static_cast<Eigen::Index>(block.n0);
  // Each placebo needs two donors of its own.
  const bool with_placebos = block.n0 >= 3;
  SynthPlacebos fits;
  if (with_placebos) {
    fits = synth_placebos(panel, treated);
  } else {
    fits.treated = synth_fit(panel, treated);
  }
  const SynthFit& fit = fits.treated;
  const std::optional<double> permutation_p =
      with_placebos ? std::optional<double>(fits.p_value) : std::nullopt;

  PanelEstimatorRows rows;
  rows.estimate = Coefficient{
      name, post_mean(fit, block.t0), kNaN, kNaN, permutation_p.value_or(kNaN), kNaN, kNaN};
  for (std::size_t d = 0; d < fit.donors.size(); ++d) {
    rows.unit_weights.push_back({name, block.units[static_cast<std::size_t>(fit.donors[d])],
                                 fit.weights[static_cast<Eigen::Index>(d)]});
  }
  const Eigen::VectorXd outcome = panel.outcomes.col(treated);
  const Eigen::VectorXd synthetic = outcome - fit.gaps;
  for (std::size_t t = 0; t < block.times.size(); ++t) {
    const auto k = static_cast<Eigen::Index>(t);
    rows.paths.push_back({name, block.times[t], outcome[k], synthetic[k]});
  }
  const std::string& treated_unit = block.units.back();
  rows.placebos.push_back(
      {name, treated_unit, true, rows.estimate.estimate, fit.pre_rmspe, fit.post_rmspe});
  report::PanelEstimator& shown = rows.shown;
  for (const SynthFit& p : fits.placebos) {
    rows.placebos.push_back({name, block.units[static_cast<std::size_t>(p.treated)], false,
                             post_mean(p, block.t0), p.pre_rmspe, p.post_rmspe});
    shown.placebo_gaps.push_back(as_vector(p.gaps));
  }
  shown.estimate = rows.estimate;
  shown.treated = as_vector(outcome);
  shown.counterfactual = as_vector(synthetic);
  shown.unit_weights = as_vector(fit.weights);
  shown.rmspe_ratio = fit.post_rmspe / fit.pre_rmspe;
  shown.permutation_p = permutation_p;
  shown.predictors_note = predictors_note(args, block);
  const Eigen::VectorXd x_synthetic = panel.predictors(Eigen::all, fit.donors) * fit.weights;
  json predictors = json::array();
  for (Eigen::Index r = 0; r < panel.predictors.rows(); ++r) {
    const report::PredictorRow row{panel.predictor_names[static_cast<std::size_t>(r)],
                                   fit.predictor_weights[r], panel.predictors(r, treated),
                                   x_synthetic[r]};
    predictors.push_back({{"predictor", row.name},
                          {"weight", row.weight},
                          {"treated", row.treated},
                          {"synthetic", row.synthetic}});
    shown.predictors.push_back(row);
  }
  rows.summary = {{"estimator", name},
                  {"estimate", rows.estimate.estimate},
                  {"se", json()},
                  {"ci_lo", json()},
                  {"ci_hi", json()},
                  {"rmspe_ratio", shown.rmspe_ratio},
                  {"permutation_p", permutation_p ? json(*permutation_p) : json()},
                  {"predictors", predictors},
                  {"note",
                   "synthetic control with predictors (Abadie et al. 2010), V chosen to "
                   "fit the pre-treatment outcome; no standard error, p_value is the "
                   "permutation p-value; did and sdid use the outcome only. " +
                       shown.predictors_note}};
  return rows;
}

}  // namespace softpower::evaluation
