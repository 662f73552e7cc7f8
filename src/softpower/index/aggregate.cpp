#include "softpower/index/aggregate.hpp"

#include <cmath>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/stats.hpp"

namespace softpower::index {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

bool below_coverage(std::size_t present, std::size_t total, double min_coverage) {
  if (!(min_coverage > 0) || total == 0) return false;
  const double needed = min_coverage * static_cast<double>(total);
  return static_cast<double>(present) < needed - 1e-9 * needed;
}

double weighted_mean(std::span<const double> x, std::span<const double> w,
                     const LevelAggregation& how) {
  double sw = 0, acc = 0;
  std::size_t present = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double v = x[i];
    if (std::isnan(v)) continue;
    ++present;
    sw += w[i];
    switch (how.method) {
      case AggregateMethod::geometric:
        if (v <= 0)
          throw Error("geometric mean needs positive values; normalise to a positive range first");
        acc += w[i] * std::log(v);
        break;
      case AggregateMethod::harmonic:
        if (v == 0)
          throw Error("harmonic mean needs non-zero values; normalise to a positive range first");
        acc += w[i] / v;
        break;
      case AggregateMethod::generalised:
        if (v < 0) throw Error("generalised mean needs non-negative values");
        acc += w[i] * std::pow(v, how.p);
        break;
      default:
        acc += w[i] * v;
        break;
    }
  }
  if (present == 0 || sw == 0 || below_coverage(present, x.size(), how.min_coverage)) return kNaN;
  switch (how.method) {
    case AggregateMethod::geometric:
      return std::exp(acc / sw);
    case AggregateMethod::harmonic:
      return sw / acc;
    case AggregateMethod::generalised:
      return std::pow(acc / sw, 1 / how.p);
    default:
      return acc / sw;
  }
}

Eigen::MatrixXd outranking_matrix(const Eigen::MatrixXd& children, std::span<const double> w) {
  const Eigen::Index n = children.rows(), k = children.cols();
  double total = 0;
  for (double v : w) total += v;
  Eigen::MatrixXd e = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index a = 0; a < n; ++a) {
    for (Eigen::Index b = a + 1; b < n; ++b) {
      double ab = 0, ba = 0;
      for (Eigen::Index i = 0; i < k; ++i) {
        const double xa = children(a, i), xb = children(b, i);
        if (std::isnan(xa) || std::isnan(xb)) continue;
        const double wi = w[static_cast<std::size_t>(i)] / total;
        if (xa > xb) {
          ab += wi;
        } else if (xa < xb) {
          ba += wi;
        } else {
          ab += wi / 2;
          ba += wi / 2;
        }
      }
      e(a, b) = ab;
      e(b, a) = ba;
    }
  }
  return e;
}

namespace {

// The units below the minimum coverage (empty when there are none). For them the children
// are rewritten in `work`: every child blanked (below = missing, so that they neither get a
// score nor weigh in the pairwise comparisons of others), or their gaps filled with each
// child's mean or lowest value over the units that have it (below = mean / min).
std::vector<bool> apply_coverage_rule(const Eigen::MatrixXd& children, const LevelAggregation& how,
                                      Eigen::MatrixXd& work) {
  const Eigen::Index n = children.rows(), k = children.cols();
  std::vector<bool> below(static_cast<std::size_t>(n), false);
  bool any = false;
  for (Eigen::Index j = 0; j < n; ++j) {
    const auto present = static_cast<std::size_t>((!children.row(j).array().isNaN()).count());
    below[static_cast<std::size_t>(j)] =
        below_coverage(present, static_cast<std::size_t>(k), how.min_coverage);
    any = any || below[static_cast<std::size_t>(j)];
  }
  if (!any) return {};
  work = children;
  for (Eigen::Index c = 0; c < k; ++c) {
    double value = kNaN;
    if (how.below != BelowCoverage::missing) {
      const auto x = children.col(c);
      const std::vector<double> present(x.data(), x.data() + x.size());
      value = how.below == BelowCoverage::mean ? stats::mean(present) : stats::min(present);
    }
    for (Eigen::Index j = 0; j < n; ++j) {
      if (!below[static_cast<std::size_t>(j)]) continue;
      if (how.below == BelowCoverage::missing || std::isnan(work(j, c))) work(j, c) = value;
    }
  }
  return below;
}

}  // namespace

Eigen::VectorXd aggregate_units(const Eigen::MatrixXd& given, std::span<const double> w,
                                const LevelAggregation& how) {
  Eigen::MatrixXd work;
  const std::vector<bool> below = apply_coverage_rule(given, how, work);
  const Eigen::MatrixXd& children = below.empty() ? given : work;
  const Eigen::Index n = children.rows();
  Eigen::VectorXd out(n);
  // A row blanked by the rule has no score, pairwise methods included.
  auto blanked = [&](Eigen::Index j) {
    return !below.empty() && below[static_cast<std::size_t>(j)] &&
           how.below == BelowCoverage::missing;
  };
  if (how.method == AggregateMethod::copeland || how.method == AggregateMethod::outranking) {
    const Eigen::MatrixXd e = outranking_matrix(children, w);
    for (Eigen::Index j = 0; j < n; ++j) {
      double score = 0;
      for (Eigen::Index k = 0; k < n; ++k) {
        if (k == j || blanked(k)) continue;
        if (how.method == AggregateMethod::outranking) {
          score += e(j, k);
        } else {
          // A pair is a majority win only beyond rounding of the weight sums.
          constexpr double kTie = 1e-12;
          score += e(j, k) > 0.5 + kTie ? 1.0 : (e(j, k) < 0.5 - kTie ? -1.0 : 0.0);
        }
      }
      out(j) = blanked(j) ? kNaN : score;
    }
    return out;
  }
  std::vector<double> row(static_cast<std::size_t>(children.cols()));
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < children.cols(); ++i)
      row[static_cast<std::size_t>(i)] = children(j, i);
    out(j) = weighted_mean(row, w, how);
  }
  return out;
}

}  // namespace softpower::index
