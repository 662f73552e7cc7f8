#include "softpower/evaluation/did.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "softpower/core/error.hpp"
#include "softpower/core/random.hpp"
#include "softpower/evaluation/inference.hpp"

namespace softpower::evaluation {
namespace {

using Eigen::Index;

Index idx(std::size_t i) {
  return static_cast<Index>(i);
}

std::vector<std::size_t> unit_clusters(const BalancedPanel& panel) {
  std::vector<std::size_t> cluster(panel.n_units() * panel.n_times());
  for (std::size_t r = 0; r < cluster.size(); ++r) cluster[r] = r / panel.n_times();
  return cluster;
}

double cr1_factor(std::size_t n, std::size_t k, std::size_t clusters) {
  const auto g = static_cast<double>(clusters);
  return g / (g - 1) * (static_cast<double>(n) - 1) / static_cast<double>(n - k);
}

}  // namespace

Coefficient t_coefficient(std::string term, double estimate, double se, double df, double level) {
  const double critical = t_quantile(0.5 + level / 2, df);
  Coefficient c;
  c.term = std::move(term);
  c.estimate = estimate;
  c.se = se;
  c.t = estimate / se;
  c.p_value = t_p_value(c.t, df);
  c.ci_lo = estimate - critical * se;
  c.ci_hi = estimate + critical * se;
  return c;
}

ClusteredFit clustered_ols(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                           const std::vector<std::size_t>& cluster, std::size_t clusters,
                           std::size_t absorbed, const std::vector<std::string>& terms,
                           double level) {
  const auto n = static_cast<std::size_t>(x.rows());
  const auto p = static_cast<std::size_t>(x.cols());
  const std::size_t k = p + absorbed;
  if (clusters < 2) throw Error("clustered standard errors need at least two units");
  if (n <= k) {
    throw Error("too few observations (" + std::to_string(n) + ") for " + std::to_string(k) +
                " parameters");
  }
  const Eigen::MatrixXd xtx = x.transpose() * x;
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(xtx);
  if (!lu.isInvertible()) {
    throw Error(
        "the regressors are collinear (a term without variation once unit and period "
        "effects are removed)");
  }
  const Eigen::MatrixXd bread = lu.inverse();
  const Eigen::VectorXd beta = bread * (x.transpose() * y);
  const Eigen::VectorXd residual = y - x * beta;
  Eigen::MatrixXd scores = Eigen::MatrixXd::Zero(idx(clusters), idx(p));
  for (std::size_t r = 0; r < n; ++r)
    scores.row(idx(cluster[r])) += residual(idx(r)) * x.row(idx(r));
  ClusteredFit fit;
  fit.observations = n;
  fit.clusters = clusters;
  fit.parameters = k;
  fit.small_sample_factor = cr1_factor(n, k, clusters);
  fit.covariance = fit.small_sample_factor * bread * (scores.transpose() * scores) * bread;
  const Eigen::MatrixXd& vcov = fit.covariance;
  const auto df = static_cast<double>(clusters - 1);
  for (std::size_t j = 0; j < p; ++j) {
    fit.coefficients.push_back(
        t_coefficient(terms[j], beta(idx(j)), std::sqrt(vcov(idx(j), idx(j))), df, level));
  }
  return fit;
}

ClusteredFit did_2x2(const BalancedPanel& panel, double level) {
  constexpr std::string_view why = "a 2x2 difference-in-differences";
  require_never_treated(panel, why);
  const long long start = require_one_adoption(panel, why);
  require_pre_periods(panel, 1, why);
  const std::size_t units = panel.n_units();
  const std::size_t times = panel.n_times();
  Eigen::MatrixXd x(idx(units * times), 4);
  for (std::size_t i = 0; i < units; ++i) {
    const double treated = panel.cohort[i].has_value() ? 1 : 0;
    for (std::size_t t = 0; t < times; ++t) {
      const double post = panel.times[t] >= start ? 1 : 0;
      x.row(idx(i * times + t)) << 1, treated, post, treated * post;
    }
  }
  return clustered_ols(x, unit_major(panel.y), unit_clusters(panel), units, 0,
                       {"intercept", "treated", "post", "treated:post"}, level);
}

ClusteredFit twfe(const BalancedPanel& panel, double level) {
  const Eigen::MatrixXd x = two_way_demeaned(treatment_matrix(panel));
  return clustered_ols(x, two_way_demeaned(panel.y), unit_clusters(panel), panel.n_units(),
                       panel.n_units() + panel.n_times() - 1, {"treated"}, level);
}

ClusteredFit twfe_event_study(const BalancedPanel& panel, const EventWindow& window, double level) {
  require_never_treated(panel, "a TWFE event study");
  // Each treated observation's event time, binned into the window's ends.
  std::map<long long, std::size_t> column;
  const auto event_time = [&](std::size_t i, std::size_t t) {
    long long e = panel.times[t] - *panel.cohort[i];
    if (window.leads) e = std::max(e, -*window.leads);
    if (window.lags) e = std::min(e, *window.lags);
    return e;
  };
  bool has_reference = false;
  for (std::size_t i = 0; i < panel.n_units(); ++i) {
    if (!panel.cohort[i]) continue;
    for (std::size_t t = 0; t < panel.n_times(); ++t) {
      const long long e = event_time(i, t);
      if (e == -1) {
        has_reference = true;
      } else {
        column.emplace(e, 0);
      }
    }
  }
  if (!has_reference) {
    throw Error(Location{"", 0, "treatment"},
                "a TWFE event study needs the period before treatment (event time -1) as its "
                "reference, but no treated unit is observed one period before its cohort");
  }
  std::vector<std::string> terms;
  for (auto& [e, j] : column) {
    j = terms.size();
    terms.push_back(std::to_string(e));
  }
  Eigen::MatrixXd x(idx(panel.n_units() * panel.n_times()), idx(terms.size()));
  for (std::size_t j = 0; j < terms.size(); ++j) {
    Eigen::MatrixXd dummy = Eigen::MatrixXd::Zero(idx(panel.n_units()), idx(panel.n_times()));
    for (std::size_t i = 0; i < panel.n_units(); ++i) {
      if (!panel.cohort[i]) continue;
      for (std::size_t t = 0; t < panel.n_times(); ++t) {
        const long long e = event_time(i, t);
        if (e != -1 && column.at(e) == j) dummy(idx(i), idx(t)) = 1;
      }
    }
    x.col(idx(j)) = two_way_demeaned(dummy);
  }
  return clustered_ols(x, two_way_demeaned(panel.y), unit_clusters(panel), panel.n_units(),
                       panel.n_units() + panel.n_times() - 1, terms, level);
}

WildBootstrap wild_cluster_bootstrap(const BalancedPanel& panel, std::size_t reps,
                                     std::uint64_t seed) {
  if (reps == 0) throw Error("the wild cluster bootstrap needs at least one draw");
  const ClusteredFit fit = twfe(panel);
  const std::size_t units = panel.n_units();
  const std::size_t times = panel.n_times();
  const Eigen::VectorXd x = two_way_demeaned(treatment_matrix(panel));
  // Under H0 (β = 0) the model is the fixed effects alone, whose residuals are the demeaned y.
  const Eigen::VectorXd u = two_way_demeaned(panel.y);
  const double sxx = x.squaredNorm();
  const double factor = fit.small_sample_factor;
  Eigen::VectorXd xu(idx(units));  // Σ_t x̃_it ũ_it
  Eigen::VectorXd xx(idx(units));  // Σ_t x̃_it²
  for (std::size_t i = 0; i < units; ++i) {
    xu(idx(i)) = x.segment(idx(i * times), idx(times)).dot(u.segment(idx(i * times), idx(times)));
    xx(idx(i)) = x.segment(idx(i * times), idx(times)).squaredNorm();
  }
  // One draw: the demeaned bootstrap outcome is w_i ũ_it − m_t (its unit means are already
  // zero), so β* = Σ_i w_i xu_i / Σx̃², and cluster i's score is
  // w_i xu_i − Σ_t x̃_it m_t − β* xx_i.
  Eigen::VectorXd m(idx(times));
  const auto t_star = [&](const std::vector<double>& w) {
    m.setZero();
    for (std::size_t i = 0; i < units; ++i) m += w[i] * u.segment(idx(i * times), idx(times));
    m /= static_cast<double>(units);
    double b = 0;
    for (std::size_t i = 0; i < units; ++i) b += w[i] * xu(idx(i));
    b /= sxx;
    double meat = 0;
    for (std::size_t i = 0; i < units; ++i) {
      const double s =
          w[i] * xu(idx(i)) - x.segment(idx(i * times), idx(times)).dot(m) - b * xx(idx(i));
      meat += s * s;
    }
    return b / std::sqrt(factor * meat / (sxx * sxx));
  };

  WildBootstrap out;
  out.estimate = fit.coefficients[0].estimate;
  out.t = fit.coefficients[0].t;
  std::vector<double> w(units);
  std::size_t extreme = 0;
  // The signs all +1 and all −1 give |t*| = |t| up to rounding: they count as extreme.
  const double threshold = std::abs(out.t) * (1 - 1e-9);
  out.enumerated = units < 63 && (std::uint64_t{1} << units) <= reps;
  if (out.enumerated) {
    out.draws = std::size_t{1} << units;
    for (std::uint64_t signs = 0; signs < out.draws; ++signs) {
      for (std::size_t i = 0; i < units; ++i) w[i] = ((signs >> i) & 1U) != 0 ? -1.0 : 1.0;
      extreme += std::abs(t_star(w)) >= threshold ? 1 : 0;
    }
  } else {
    Rng rng(seed);
    out.draws = reps;
    for (std::size_t b = 0; b < reps; ++b) {
      std::uint64_t bits = 0;
      for (std::size_t i = 0; i < units; ++i) {
        if (i % 64 == 0) bits = rng.next();
        w[i] = (bits & 1U) != 0 ? 1.0 : -1.0;
        bits >>= 1U;
      }
      extreme += std::abs(t_star(w)) >= threshold ? 1 : 0;
    }
  }
  out.p_value = static_cast<double>(extreme) / static_cast<double>(out.draws);
  return out;
}

}  // namespace softpower::evaluation
