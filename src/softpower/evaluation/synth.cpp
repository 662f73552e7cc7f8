#include "softpower/evaluation/synth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "softpower/core/error.hpp"
#include "softpower/core/parallel.hpp"

namespace softpower::evaluation {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

/// min |A w − b|² over the unit simplex by an active-set method in the manner of Lawson and
/// Hanson's non-negative least squares (Solving Least Squares Problems, 1974, ch. 23) with the
/// sum-to-one constraint kept exactly: on the passive set P the equality-constrained problem
/// is solved from its KKT system; a unit enters P when its negative gradient A_j'(b − A w)
/// exceeds the multiplier of the constraint (the common value on P); a step that would make a
/// weight negative stops at the boundary and drops that unit. From the best single donor.
VectorXd simplex_programme(const MatrixXd& a, const VectorXd& b) {
  const Index n = a.cols();
  const MatrixXd gram = a.transpose() * a;
  const VectorXd atb = a.transpose() * b;
  const double tolerance = 1e-12 * (1 + gram.cwiseAbs().maxCoeff() + atb.cwiseAbs().maxCoeff());
  Index first = 0;
  (gram.diagonal() - 2 * atb).minCoeff(&first);
  VectorXd w = VectorXd::Zero(n);
  w[first] = 1;
  std::vector<Index> passive = {first};
  const auto solve_passive = [&] {
    const auto p = static_cast<Index>(passive.size());
    MatrixXd kkt = MatrixXd::Zero(p + 1, p + 1);
    kkt.topLeftCorner(p, p) = gram(passive, passive);
    kkt.col(p).head(p).setOnes();
    kkt.row(p).head(p).setOnes();
    VectorXd rhs(p + 1);
    rhs.head(p) = atb(passive);
    rhs[p] = 1;
    const VectorXd sol = kkt.completeOrthogonalDecomposition().solve(rhs);
    VectorXd s = VectorXd::Zero(n);
    for (Index i = 0; i < p; ++i) s[passive[static_cast<std::size_t>(i)]] = sol[i];
    return s;
  };
  for (Index outer = 0; outer < 3 * n; ++outer) {
    const VectorXd g = atb - gram * w;  // A'(b − A w)
    double multiplier = 0;
    for (Index j : passive) multiplier += g[j] / static_cast<double>(passive.size());
    Index enter = -1;
    double best = multiplier + tolerance;
    for (Index j = 0; j < n; ++j) {
      if (g[j] > best && std::find(passive.begin(), passive.end(), j) == passive.end()) {
        best = g[j];
        enter = j;
      }
    }
    if (enter < 0) break;
    passive.push_back(enter);
    for (Index inner = 0; inner < 3 * n; ++inner) {
      const VectorXd s = solve_passive();
      double alpha = 1;
      for (Index j : passive) {
        if (s[j] <= 0) alpha = std::min(alpha, w[j] / (w[j] - s[j]));
      }
      if (alpha >= 1) {
        w = s;
        break;
      }
      w += alpha * (s - w);
      std::erase_if(passive, [&](Index j) {
        if (w[j] > 1e-14) return false;
        w[j] = 0;
        return true;
      });
    }
  }
  return w;
}

/// Predictor weights from search parameters, as Synth's fn.V: |p| / Σ |p|.
VectorXd weights_of(const VectorXd& p) {
  return p.cwiseAbs() / p.cwiseAbs().sum();
}

/// Nelder and Mead's simplex search (reflection 1, expansion 2, contraction and shrink 1/2,
/// the initial simplex a step of a tenth of the largest coordinate along each axis, as R's
/// optim), restarted from its best point until a restart no longer improves; ends when the
/// values of the simplex agree to a relative 1e-10 or after `max_evaluations`.
template <class Loss>
VectorXd nelder_mead(const Loss& loss, VectorXd start, int max_evaluations, double& best,
                     int& evaluations) {
  const Index k = start.size();
  evaluations = 1;
  best = loss(start);
  for (int restart = 0; restart < 20; ++restart) {
    const double before = best;
    std::vector<VectorXd> points(static_cast<std::size_t>(k + 1), start);
    std::vector<double> values(static_cast<std::size_t>(k + 1), best);
    const double step = 0.1 * std::max(start.cwiseAbs().maxCoeff(), 1e-3);
    for (Index i = 0; i < k; ++i) {
      auto& p = points[static_cast<std::size_t>(i + 1)];
      p[i] += step;
      values[static_cast<std::size_t>(i + 1)] = loss(p);
      ++evaluations;
    }
    std::vector<std::size_t> order(points.size());
    while (evaluations < max_evaluations) {
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::sort(order.begin(), order.end(),
                [&](std::size_t l, std::size_t r) { return values[l] < values[r]; });
      const std::size_t lo = order.front();
      const std::size_t hi = order.back();
      const std::size_t second = order[order.size() - 2];
      if (std::abs(values[hi] - values[lo]) <= 1e-10 * (std::abs(values[lo]) + 1e-10)) break;
      VectorXd centroid = VectorXd::Zero(k);
      for (std::size_t i = 0; i < points.size(); ++i) {
        if (i != hi) centroid += points[i] / static_cast<double>(k);
      }
      const VectorXd reflected = centroid + (centroid - points[hi]);
      const double f_r = loss(reflected);
      ++evaluations;
      if (f_r < values[lo]) {
        const VectorXd expanded = centroid + 2 * (centroid - points[hi]);
        const double f_e = loss(expanded);
        ++evaluations;
        points[hi] = f_e < f_r ? expanded : reflected;
        values[hi] = std::min(f_e, f_r);
      } else if (f_r < values[second]) {
        points[hi] = reflected;
        values[hi] = f_r;
      } else {
        const bool outside = f_r < values[hi];
        const VectorXd contracted = outside ? VectorXd(centroid + 0.5 * (reflected - centroid))
                                            : VectorXd(centroid + 0.5 * (points[hi] - centroid));
        const double f_c = loss(contracted);
        ++evaluations;
        if (f_c < std::min(f_r, values[hi])) {
          points[hi] = contracted;
          values[hi] = f_c;
        } else {
          for (std::size_t i = 0; i < points.size(); ++i) {
            if (i == lo) continue;
            points[i] = points[lo] + 0.5 * (points[i] - points[lo]);
            values[i] = loss(points[i]);
            ++evaluations;
          }
        }
      }
    }
    const auto lo =
        static_cast<std::size_t>(std::min_element(values.begin(), values.end()) - values.begin());
    if (values[lo] < best) {
      best = values[lo];
      start = points[lo];
    }
    if (evaluations >= max_evaluations || !(best < before - 1e-12 * std::abs(before))) break;
  }
  return start;
}

void check_finite(const MatrixXd& m, const std::string& what) {
  for (Index c = 0; c < m.cols(); ++c) {
    for (Index r = 0; r < m.rows(); ++r) {
      if (!std::isfinite(m(r, c))) {
        throw Error("synthetic control: " + what + " row " + std::to_string(r + 1) +
                    " of unit (column) " + std::to_string(c + 1) + " is not a finite number");
      }
    }
  }
}

/// Synth's regression-based start: the diagonal of B B', B the slopes of the pre-period
/// outcomes regressed on the scaled predictors with an intercept, over the treated unit and
/// the donors; empty when the regression is singular.
std::optional<VectorXd> regression_start(const MatrixXd& x, const MatrixXd& z) {
  MatrixXd design(x.cols(), x.rows() + 1);
  design.col(0).setOnes();
  design.rightCols(x.rows()) = x.transpose();
  const Eigen::FullPivLU<MatrixXd> normal(design.transpose() * design);
  if (!normal.isInvertible()) return std::nullopt;
  const MatrixXd beta = normal.solve(design.transpose() * z.transpose());
  const MatrixXd slopes = beta.bottomRows(x.rows());
  VectorXd start = (slopes * slopes.transpose()).diagonal();
  if (!(start.sum() > 0)) return std::nullopt;
  return VectorXd(start / start.sum());
}

}  // namespace

VectorXd synth_donor_weights(const VectorXd& x1, const MatrixXd& x0, const VectorXd& v) {
  const Index k = x0.rows();
  const Index j = x0.cols();
  if (x1.size() != k || v.size() != k || j == 0) {
    throw Error("synthetic control: " + std::to_string(x1.size()) + " treated predictors, " +
                std::to_string(k) + " × " + std::to_string(j) + " donor predictors and " +
                std::to_string(v.size()) + " predictor weights");
  }
  const VectorXd root = v.cwiseSqrt();
  VectorXd w = simplex_programme(root.asDiagonal() * x0, root.asDiagonal() * x1);
  return w / w.sum();
}

SynthFit synth_fit(const SynthPanel& panel, Index treated, std::vector<Index> donors,
                   const SynthOptions& options) {
  const Index n = panel.predictors.cols();
  const Index t = panel.outcomes.rows();
  const Index t0 = panel.pre_periods;
  if (panel.outcomes.cols() != n || treated < 0 || treated >= n) {
    throw Error("synthetic control: " + std::to_string(n) + " units with predictors, " +
                std::to_string(panel.outcomes.cols()) + " with outcomes, treated unit " +
                std::to_string(treated + 1));
  }
  if (t0 < 1 || t0 >= t) {
    throw Error("synthetic control: " + std::to_string(t0) + " pre-periods of " +
                std::to_string(t) + "; it needs at least one pre- and one post-period");
  }
  if (donors.empty()) {
    for (Index u = 0; u < n; ++u) {
      if (u != treated) donors.push_back(u);
    }
  }
  for (Index d : donors) {
    if (d < 0 || d >= n || d == treated) {
      throw Error("synthetic control: donor " + std::to_string(d + 1) + " is not another unit");
    }
  }
  if (donors.size() < 2) throw Error("synthetic control: it needs at least two donors");
  check_finite(panel.predictors, "predictor");
  check_finite(panel.outcomes, "outcome of period");

  // Predictors scaled by their standard deviation over the treated unit and the donors.
  std::vector<Index> units = {treated};
  units.insert(units.end(), donors.begin(), donors.end());
  MatrixXd x = panel.predictors(Eigen::all, units);
  for (Index r = 0; r < x.rows(); ++r) {
    const auto row = x.row(r).array();
    const double sd =
        std::sqrt((row - row.mean()).square().sum() / static_cast<double>(x.cols() - 1));
    const auto donor_row = row.tail(x.cols() - 1);
    if (donor_row.maxCoeff() == donor_row.minCoeff()) {
      const auto named = static_cast<std::size_t>(r);
      throw Error("synthetic control: predictor " +
                  (named < panel.predictor_names.size() ? "'" + panel.predictor_names[named] + "'"
                                                        : std::to_string(r + 1)) +
                  " does not vary across donors");
    }
    x.row(r) /= sd;
  }
  const VectorXd x1 = x.col(0);
  const MatrixXd x0 = x.rightCols(x.cols() - 1);
  const MatrixXd z = panel.outcomes.topRows(t0)(Eigen::all, units);
  const VectorXd z1 = z.col(0);
  const MatrixXd z0 = z.rightCols(z.cols() - 1);
  const auto mspe = [&](const VectorXd& w) {
    return (z1 - z0 * w).squaredNorm() / static_cast<double>(t0);
  };
  const auto loss = [&](const VectorXd& p) {
    const double total = p.cwiseAbs().sum();
    if (!(total > 0) || !std::isfinite(total)) return std::numeric_limits<double>::infinity();
    return mspe(synth_donor_weights(x1, x0, weights_of(p)));
  };

  SynthFit fit;
  fit.treated = treated;
  fit.donors = donors;
  const Index k = x.rows();
  if (options.predictor_weights) {
    const VectorXd& v = *options.predictor_weights;
    if (v.size() != k || v.minCoeff() < 0 || !(v.sum() > 0)) {
      throw Error("synthetic control: " + std::to_string(v.size()) +
                  " fixed predictor weights for " + std::to_string(k) +
                  " predictors, all non-negative and not all zero");
    }
    fit.predictor_weights = v / v.sum();
  } else {
    double best = 0;
    VectorXd p = nelder_mead(loss, VectorXd::Constant(k, 1.0 / static_cast<double>(k)),
                             options.max_evaluations, best, fit.evaluations);
    if (const auto start = regression_start(x, z)) {
      double second = 0;
      int more = 0;
      VectorXd q = nelder_mead(loss, *start, options.max_evaluations, second, more);
      fit.evaluations += more;
      if (second < best) p = q;
    }
    fit.predictor_weights = weights_of(p);
  }
  fit.weights = synth_donor_weights(x1, x0, fit.predictor_weights);
  fit.loss_v = mspe(fit.weights);
  const VectorXd residual = x1 - x0 * fit.weights;
  fit.loss_w = residual.dot(fit.predictor_weights.asDiagonal() * residual);
  fit.gaps = panel.outcomes.col(treated) - panel.outcomes(Eigen::all, donors) * fit.weights;
  fit.pre_rmspe = std::sqrt(fit.gaps.head(t0).squaredNorm() / static_cast<double>(t0));
  fit.post_rmspe = std::sqrt(fit.gaps.tail(t - t0).squaredNorm() / static_cast<double>(t - t0));
  return fit;
}

SynthPlacebos synth_placebos(const SynthPanel& panel, Index treated, std::vector<Index> donors,
                             const SynthOptions& options) {
  SynthPlacebos out;
  out.treated = synth_fit(panel, treated, donors, options);
  donors = out.treated.donors;
  out.placebos.resize(donors.size());
  parallel_for(donors.size(), [&](std::size_t i) {
    std::vector<Index> others;
    for (Index d : donors) {
      if (d != donors[i]) others.push_back(d);
    }
    out.placebos[i] = synth_fit(panel, donors[i], others, options);
  });
  const double ratio = out.treated.post_rmspe / out.treated.pre_rmspe;
  std::size_t at_least = 1;
  for (const SynthFit& p : out.placebos) {
    if (p.post_rmspe / p.pre_rmspe >= ratio) ++at_least;
  }
  out.p_value = static_cast<double>(at_least) / static_cast<double>(donors.size() + 1);
  return out;
}

}  // namespace softpower::evaluation
