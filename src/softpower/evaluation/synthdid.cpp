#include "softpower/evaluation/synthdid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/parallel.hpp"
#include "softpower/core/random.hpp"
#include "softpower/evaluation/synth_frank_wolfe.hpp"

namespace softpower::evaluation {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

std::string str(Index n) {
  return std::to_string(n);
}

void check_panel(const SynthdidPanel& panel) {
  const Index n = panel.y.rows();
  const Index t = panel.y.cols();
  if (panel.n0 < 1 || panel.n0 >= n) {
    throw Error("synthetic DiD: the panel has " + str(n) + " units of which " + str(panel.n0) +
                " are controls; it needs at least one control and one " + "treated unit");
  }
  if (panel.t0 < 2 || panel.t0 >= t) {
    throw Error("synthetic DiD: the panel has " + str(t) + " periods of which " + str(panel.t0) +
                " are before treatment; it needs at least two " +
                "pre-periods and one post-period");
  }
  for (Index j = 0; j < t; ++j) {
    for (Index i = 0; i < n; ++i) {
      if (!std::isfinite(panel.y(i, j))) {
        throw Error("synthetic DiD: the outcome of unit (row) " + str(i + 1) + " in period " +
                    "(column) " + str(j + 1) + " is not a finite number");
      }
    }
  }
}

/// synthdid's default noise level: the standard deviation of the first differences (over
/// time) of the controls' pre-period outcomes.
double default_noise_level(const SynthdidPanel& panel) {
  const MatrixXd pre = panel.y.topLeftCorner(panel.n0, panel.t0);
  const MatrixXd diffs = pre.rightCols(panel.t0 - 1) - pre.leftCols(panel.t0 - 1);
  const auto count = static_cast<double>(diffs.size());
  if (count < 2) {
    throw Error("synthetic DiD: the noise level needs two first differences of control " +
                std::string("pre-period outcomes; the panel has ") + str(diffs.size()));
  }
  const double mean = diffs.mean();
  return std::sqrt((diffs.array() - mean).square().sum() / (count - 1));
}

/// synthdid's collapsed form: controls × pre-periods, with the controls' post-period means as
/// a last column and the treated units' mean as a last row ((N0 + 1) × (T0 + 1)).
MatrixXd collapsed_form(const SynthdidPanel& panel) {
  const Index n0 = panel.n0;
  const Index t0 = panel.t0;
  const Index n1 = panel.y.rows() - n0;
  const Index t1 = panel.y.cols() - t0;
  MatrixXd c(n0 + 1, t0 + 1);
  c.topLeftCorner(n0, t0) = panel.y.topLeftCorner(n0, t0);
  c.col(t0).head(n0) = panel.y.topRightCorner(n0, t1).rowwise().mean();
  c.row(n0).head(t0) = panel.y.bottomLeftCorner(n1, t0).colwise().mean();
  c(n0, t0) = panel.y.bottomRightCorner(n1, t1).mean();
  return c;
}

/// sc.weight.fw: weights on the columns of y's first columns fitting its last one, each column
/// centred first when `intercept` (the intercept of the fit).
SimplexFit solve_weights(MatrixXd y, double zeta, bool intercept, VectorXd start,
                         double min_decrease, int max_iter) {
  if (intercept) y.rowwise() -= y.colwise().mean();
  const Index k = y.cols() - 1;
  return simplex_least_squares(y.leftCols(k), y.col(k), zeta, std::move(start), min_decrease,
                               max_iter);
}

/// synthdid's sparsify_function: weights at most a quarter of the largest set to zero, the
/// rest renormalised.
VectorXd sparsified(const VectorXd& v) {
  const double cut = v.maxCoeff() / 4;
  VectorXd s = (v.array() <= cut).select(0.0, v);
  return s / s.sum();
}

/// Both searches of one weight vector: up to max_iter_pre_sparsify steps, then (when
/// sparsifying) a second search of up to max_iter steps from the sparsified result.
VectorXd search(const MatrixXd& y, double zeta, bool intercept, VectorXd start,
                const SynthdidSettings& s, int& iterations) {
  const int first_max = s.sparsify ? s.max_iter_pre_sparsify : s.max_iter;
  SimplexFit fit = solve_weights(y, zeta, intercept, std::move(start), s.min_decrease, first_max);
  iterations = fit.iterations;
  if (s.sparsify) {
    fit = solve_weights(y, zeta, intercept, sparsified(fit.weights), s.min_decrease, s.max_iter);
    iterations += fit.iterations;
  }
  return std::move(fit.weights);
}

/// synthdid's sum_normalize: x / Σ x, or uniform weights when the sum is zero.
VectorXd sum_normalize(const VectorXd& x) {
  const double total = x.sum();
  if (total != 0) return x / total;
  return VectorXd::Constant(x.size(), 1.0 / static_cast<double>(x.size()));
}

SynthdidPanel rows_of(const SynthdidPanel& panel, const std::vector<Index>& rows, Index controls) {
  return SynthdidPanel{panel.y(rows, Eigen::all), controls, panel.t0};
}

/// One replication: τ̂ on the given rows (the first `controls` of them controls), with the fit's
/// weights restricted to those controls and renormalised as the starting (or fixed) ω.
double estimate_on_rows(const SynthdidPanel& panel, const SynthdidFit& fit,
                        const SynthdidSettings& settings, const std::vector<Index>& rows,
                        Index controls) {
  VectorXd omega(controls);
  for (Index i = 0; i < controls; ++i) omega[i] = fit.omega[rows[static_cast<std::size_t>(i)]];
  return synthdid_refit(rows_of(panel, rows, controls), fit.method, settings, sum_normalize(omega),
                        fit.lambda)
      .estimate;
}

double spread(const VectorXd& values) {
  const auto n = static_cast<double>(values.size());
  const double mean = values.mean();
  return std::sqrt((values.array() - mean).square().sum() / (n - 1));
}

}  // namespace

std::string_view method_name(SynthdidMethod method) {
  switch (method) {
    case SynthdidMethod::sdid:
      return "sdid";
    case SynthdidMethod::sc:
      return "sc";
    case SynthdidMethod::did:
      return "did";
  }
  return "";
}

SynthdidFit synthdid_refit(const SynthdidPanel& panel, SynthdidMethod method,
                           const SynthdidSettings& settings, const VectorXd& omega,
                           const VectorXd& lambda) {
  check_panel(panel);
  const Index n0 = panel.n0;
  const Index t0 = panel.t0;
  const Index n1 = panel.y.rows() - n0;
  const Index t1 = panel.y.cols() - t0;
  if (omega.size() != n0 || lambda.size() != t0) {
    throw Error("synthetic DiD: " + str(omega.size()) + " unit weights and " + str(lambda.size()) +
                " time weights given for " + str(n0) + " controls and " + str(t0) + " pre-periods");
  }
  SynthdidFit fit;
  fit.method = method;
  fit.settings = settings;
  fit.omega = omega;
  fit.lambda = lambda;
  if (settings.update_lambda || settings.update_omega) {
    const MatrixXd c = collapsed_form(panel);
    if (settings.update_lambda) {
      fit.lambda = search(c.topRows(n0), settings.zeta_lambda, settings.lambda_intercept, lambda,
                          settings, fit.lambda_iterations);
    }
    if (settings.update_omega) {
      fit.omega = search(c.leftCols(t0).transpose(), settings.zeta_omega, settings.omega_intercept,
                         omega, settings, fit.omega_iterations);
    }
  }
  // τ̂ = (−ω, 1/N1)' Y (−λ, 1/T1).
  VectorXd unit_weights(n0 + n1);
  unit_weights << -fit.omega, VectorXd::Constant(n1, 1.0 / static_cast<double>(n1));
  VectorXd time_weights(t0 + t1);
  time_weights << -fit.lambda, VectorXd::Constant(t1, 1.0 / static_cast<double>(t1));
  fit.estimate = unit_weights.dot(panel.y * time_weights);

  const VectorXd treated_pre = panel.y.bottomLeftCorner(n1, t0).colwise().mean();
  const MatrixXd control_pre = panel.y.topLeftCorner(n0, t0);
  if (settings.omega_intercept) {
    fit.omega_intercept = (treated_pre - control_pre.transpose() * fit.omega).mean();
  }
  if (settings.lambda_intercept && fit.lambda.sum() != 0) {
    const VectorXd control_post = panel.y.topRightCorner(n0, t1).rowwise().mean();
    fit.lambda_intercept = (control_post - control_pre * fit.lambda).mean();
  }
  return fit;
}

SynthdidFit synthdid_fit(const SynthdidPanel& panel, SynthdidMethod method,
                         const SynthdidOptions& options) {
  check_panel(panel);
  const Index n0 = panel.n0;
  const Index t0 = panel.t0;
  const auto n1 = static_cast<double>(panel.y.rows() - n0);
  const auto t1 = static_cast<double>(panel.y.cols() - t0);
  if (options.max_iter < 1 || options.max_iter_pre_sparsify < 1) {
    throw Error("synthetic DiD: max_iter and max_iter_pre_sparsify must be at least 1");
  }
  SynthdidSettings s;
  s.noise_level = options.noise_level ? *options.noise_level : default_noise_level(panel);
  const double default_eta = method == SynthdidMethod::sc ? 1e-6 : std::pow(n1 * t1, 0.25);
  s.zeta_omega = options.eta_omega.value_or(default_eta) * s.noise_level;
  s.zeta_lambda = options.eta_lambda * s.noise_level;
  s.min_decrease = options.min_decrease_per_noise * s.noise_level;
  s.max_iter = options.max_iter;
  s.max_iter_pre_sparsify = options.max_iter_pre_sparsify;
  s.sparsify = options.sparsify;
  VectorXd omega = VectorXd::Constant(n0, 1.0 / static_cast<double>(n0));
  VectorXd lambda = VectorXd::Constant(t0, 1.0 / static_cast<double>(t0));
  switch (method) {
    case SynthdidMethod::sdid:
      break;
    case SynthdidMethod::sc:  // sc_estimate: no intercept for ω, λ fixed at zero
      s.omega_intercept = false;
      s.update_lambda = false;
      lambda.setZero();
      break;
    case SynthdidMethod::did:  // did_estimate: both weights fixed and uniform
      s.update_omega = false;
      s.update_lambda = false;
      break;
  }
  return synthdid_refit(panel, method, s, omega, lambda);
}

SynthdidPath synthdid_path(const SynthdidPanel& panel, const SynthdidFit& fit) {
  check_panel(panel);
  const Index n0 = panel.n0;
  const Index t0 = panel.t0;
  if (fit.omega.size() != n0 || fit.lambda.size() != t0) {
    throw Error("synthetic DiD path: the fit's weights do not match the panel");
  }
  SynthdidPath path;
  path.treated = panel.y.bottomRows(panel.y.rows() - n0).colwise().mean();
  const VectorXd synthetic = panel.y.topRows(n0).transpose() * fit.omega;
  const double shift = fit.lambda.dot(path.treated.head(t0) - synthetic.head(t0));
  path.counterfactual = synthetic.array() + shift;
  return path;
}

SynthdidFitQuality fit_quality(const SynthdidPath& path, Index t0) {
  const VectorXd gap = path.treated - path.counterfactual;
  const Index post = gap.size() - t0;
  SynthdidFitQuality q;
  q.pre_rmspe = t0 > 0 ? std::sqrt(gap.head(t0).squaredNorm() / static_cast<double>(t0))
                       : std::numeric_limits<double>::quiet_NaN();
  q.post_rmspe = post > 0 ? std::sqrt(gap.tail(post).squaredNorm() / static_cast<double>(post))
                          : std::numeric_limits<double>::quiet_NaN();
  return q;
}

std::vector<InSpacePlacebo> synthdid_in_space_placebos(const SynthdidPanel& panel,
                                                       const SynthdidFit& fit) {
  check_panel(panel);
  const Index n0 = panel.n0;
  if (n0 < 3) {
    throw Error(
        "in-space placebos need at least 3 control units (each placebo has the others "
        "as donors), not " +
        std::to_string(n0));
  }
  std::vector<InSpacePlacebo> out;
  std::vector<Index> rows;
  for (Index j = 0; j < n0; ++j) {
    // The other controls first, in their order, then control j as the one treated unit.
    rows.clear();
    for (Index i = 0; i < n0; ++i) {
      if (i != j) rows.push_back(i);
    }
    rows.push_back(j);
    VectorXd omega(n0 - 1);
    for (Index i = 0; i + 1 < n0; ++i) omega[i] = fit.omega[rows[static_cast<std::size_t>(i)]];
    const double total = omega.sum();  // synthdid's sum_normalize
    if (total != 0) {
      omega /= total;
    } else {
      omega.setConstant(1.0 / static_cast<double>(n0 - 1));
    }
    const SynthdidPanel placebo{panel.y(rows, Eigen::all), n0 - 1, panel.t0};
    const SynthdidFit refit = synthdid_refit(placebo, fit.method, fit.settings, omega, fit.lambda);
    const SynthdidPath path = synthdid_path(placebo, refit);
    out.push_back(
        {j, refit.estimate, fit_quality(path, panel.t0), path.treated - path.counterfactual});
  }
  return out;
}

SynthdidSeResult synthdid_se(const SynthdidPanel& panel, const SynthdidFit& fit, SynthdidSe method,
                             int replications, std::uint64_t seed) {
  check_panel(panel);
  const Index n = panel.y.rows();
  const Index n0 = panel.n0;
  const Index n1 = n - n0;
  if (fit.omega.size() != n0 || fit.lambda.size() != panel.t0) {
    throw Error("synthetic DiD standard error: the fit's weights do not match the panel");
  }
  SynthdidSeResult result;
  result.se = std::numeric_limits<double>::quiet_NaN();
  if (method != SynthdidSe::jackknife && replications < 2) {
    throw Error("synthetic DiD standard error: replications must be at least 2, not " +
                std::to_string(replications));
  }
  const auto b = static_cast<std::size_t>(replications);
  switch (method) {
    case SynthdidSe::placebo: {
      if (n0 <= n1) {
        throw Error("synthetic DiD placebo standard error: it needs more controls (" + str(n0) +
                    ") than treated units (" + str(n1) + ")");
      }
      // Draw r shuffles the controls with its own Rng and takes the last N1 as pseudo-treated.
      // The estimator does not depend on the order of the units (only its rounding does: by at
      // most 3e-10 on Prop 99), so each draw is fitted with the donors and the
      // pseudo-treated in panel order, and the draws that pick the same pseudo-treated units
      // share one fit: with one treated unit at most N0 fits, each an in-space placebo's, for any
      // number of draws. The fits are then made in parallel, in the order of first drawing.
      std::map<std::vector<Index>, std::size_t> fit_of;  // pseudo-treated rows -> fit
      std::vector<const std::vector<Index>*> fits;
      std::vector<std::size_t> draw_fit(b);
      for (std::size_t r = 0; r < b; ++r) {
        Rng rng(seed_of(seed, r));
        std::vector<Index> rows(static_cast<std::size_t>(n0));
        std::iota(rows.begin(), rows.end(), Index{0});
        shuffle_in_place(rng, std::span<Index>(rows));
        std::vector<Index> treated(rows.end() - n1, rows.end());
        std::sort(treated.begin(), treated.end());
        const auto [at, added] = fit_of.try_emplace(std::move(treated), fits.size());
        if (added) fits.push_back(&at->first);
        draw_fit[r] = at->second;
      }
      std::vector<double> estimates(fits.size());
      parallel_for(fits.size(), [&](std::size_t f) {
        const std::vector<Index>& treated = *fits[f];
        std::vector<Index> rows;
        for (Index i = 0; i < n0; ++i) {
          if (!std::binary_search(treated.begin(), treated.end(), i)) rows.push_back(i);
        }
        rows.insert(rows.end(), treated.begin(), treated.end());
        estimates[f] = estimate_on_rows(panel, fit, fit.settings, rows, n0 - n1);
      });
      result.replications.resize(replications);
      for (std::size_t r = 0; r < b; ++r) {
        result.replications[static_cast<Index>(r)] = estimates[draw_fit[r]];
      }
      break;
    }
    case SynthdidSe::bootstrap: {
      if (n1 == 1) return result;
      result.replications.resize(replications);
      parallel_for(b, [&](std::size_t r) {
        Rng rng(seed_of(seed, r));
        std::vector<Index> rows(static_cast<std::size_t>(n));
        Index controls = 0;
        while (controls == 0 || controls == n) {  // redrawn until both kinds are present
          for (Index& row : rows)
            row = static_cast<Index>(rng.below(static_cast<std::uint64_t>(n)));
          std::sort(rows.begin(), rows.end());
          controls = std::count_if(rows.begin(), rows.end(), [&](Index i) { return i < n0; });
        }
        result.replications[static_cast<Index>(r)] =
            estimate_on_rows(panel, fit, fit.settings, rows, controls);
      });
      break;
    }
    case SynthdidSe::jackknife: {
      if (n1 == 1 || (fit.omega.array() != 0).count() == 1) return result;
      SynthdidSettings fixed = fit.settings;
      fixed.update_omega = false;
      fixed.update_lambda = false;
      result.replications.resize(n);
      parallel_for(static_cast<std::size_t>(n), [&](std::size_t left_out) {
        const auto out = static_cast<Index>(left_out);
        std::vector<Index> rows;
        for (Index i = 0; i < n; ++i) {
          if (i != out) rows.push_back(i);
        }
        result.replications[out] =
            estimate_on_rows(panel, fit, fixed, rows, out < n0 ? n0 - 1 : n0);
      });
      const auto count = static_cast<double>(n);
      const double mean = result.replications.mean();
      result.se =
          std::sqrt((count - 1) / count * (result.replications.array() - mean).square().sum());
      return result;
    }
  }
  const auto count = static_cast<double>(b);
  result.se = std::sqrt((count - 1) / count) * spread(result.replications);
  return result;
}

}  // namespace softpower::evaluation
