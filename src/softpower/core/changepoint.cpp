#include "softpower/core/changepoint.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "softpower/core/error.hpp"
#include "softpower/core/stats.hpp"

namespace softpower {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Prefix sums give any segment's sum and sum of squares in O(1).
class SegmentCost {
 public:
  SegmentCost(std::span<const double> y, ChangeCost cost, double sigma)
      : cost_(cost), sigma2_(sigma * sigma), s1_(y.size() + 1, 0.0), s2_(y.size() + 1, 0.0) {
    for (std::size_t i = 0; i < y.size(); ++i) {
      s1_[i + 1] = s1_[i] + y[i];
      s2_[i + 1] = s2_[i] + y[i] * y[i];
    }
  }

  // Cost of y[a, b): twice the negative maximised log-likelihood, up to a constant.
  double operator()(std::size_t a, std::size_t b) const {
    const double n = static_cast<double>(b - a);
    const double sum = s1_[b] - s1_[a];
    const double ss = std::max(0.0, (s2_[b] - s2_[a]) - sum * sum / n);
    if (cost_ == ChangeCost::mean) return ss / sigma2_;
    // n log(2 pi var) + n, with the variance floored so a constant segment is not free.
    const double var = std::max(ss / n, 1e-12 * (1.0 + sum * sum / (n * n)));
    return n * (std::log(2 * std::numbers::pi * var) + 1);
  }

  double mean(std::size_t a, std::size_t b) const {
    return (s1_[b] - s1_[a]) / static_cast<double>(b - a);
  }

 private:
  ChangeCost cost_;
  double sigma2_;
  std::vector<double> s1_, s2_;
};

// Noise scale for the mean cost: MAD of first differences / sqrt(2), robust to the level
// shifts being looked for (as the changepoint literature recommends); the sample sd if MAD is 0.
double noise_scale(std::span<const double> y) {
  std::vector<double> diffs;
  for (std::size_t i = 1; i < y.size(); ++i) diffs.push_back(std::abs(y[i] - y[i - 1]));
  if (diffs.empty()) return 1.0;
  const double mad = stats::median(diffs) * 1.4826 / std::sqrt(2.0);
  if (mad > 0) return mad;
  const double sd = stats::sd(y);
  return sd > 0 ? sd : 1.0;
}

void check_series(std::span<const double> y, const ChangePointOptions& options) {
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (std::isnan(y[i]))
      throw Error("change points: value " + std::to_string(i + 1) + " is missing");
  }
  if (options.cost == ChangeCost::mean_variance && options.min_segment == 1) {
    throw Error("change points: a change in variance needs segments of at least 2 values");
  }
}

double penalty_of(std::size_t n, const ChangePointOptions& options) {
  if (options.penalty >= 0) return options.penalty;
  const double params = options.cost == ChangeCost::mean ? 2.0 : 3.0;
  return params * std::log(static_cast<double>(std::max<std::size_t>(n, 2)));
}

Segmentation finish(const SegmentCost& cost, std::vector<std::size_t> last, std::size_t n,
                    double total, double penalty, double sigma) {
  Segmentation s;
  for (std::size_t t = n; t > 0 && last[t] > 0; t = last[t]) s.changes.push_back(last[t]);
  std::reverse(s.changes.begin(), s.changes.end());
  std::size_t start = 0;
  for (std::size_t c : s.changes) {
    s.means.push_back(cost.mean(start, c));
    start = c;
  }
  s.means.push_back(cost.mean(start, n));
  s.cost = total;
  s.penalty = penalty;
  s.sigma = sigma;
  return s;
}

// F(t) = min over s of F(s) + C(y[s, t)) + penalty, with F(0) = -penalty; PELT drops candidate
// s once F(s) + C(y[s, t)) > F(t), which can never again be optimal (Killick et al., thm 3.1).
Segmentation segment(std::span<const double> y, const ChangePointOptions& options, bool prune) {
  check_series(y, options);
  const std::size_t n = y.size();
  const std::size_t m = options.min_segment > 0            ? options.min_segment
                        : options.cost == ChangeCost::mean ? 2
                                                           : 5;
  if (n < m) throw Error("change points: the series has fewer values than one segment needs");
  const double sigma = options.cost == ChangeCost::mean ? noise_scale(y) : 1.0;
  const SegmentCost cost(y, options.cost, sigma);
  const double beta = penalty_of(n, options);
  std::vector<double> best(n + 1, kInf);
  std::vector<std::size_t> last(n + 1, 0);
  best[0] = -beta;
  std::vector<std::size_t> candidates;
  for (std::size_t t = m; t <= n; ++t) {
    candidates.push_back(t - m);  // a start that leaves the last segment m values
    double f = kInf;
    std::size_t arg = 0;
    for (std::size_t s : candidates) {
      if (best[s] == kInf) continue;
      const double v = best[s] + cost(s, t) + beta;
      if (v < f) {
        f = v;
        arg = s;
      }
    }
    best[t] = f;
    last[t] = arg;
    if (prune) {
      std::erase_if(candidates,
                    [&](std::size_t s) { return best[s] != kInf && best[s] + cost(s, t) > f; });
    }
  }
  return finish(cost, last, n, best[n], beta, sigma);
}

void split(std::span<const double> y, std::size_t a, std::size_t b, double sigma, double threshold,
           std::size_t m, std::vector<std::size_t>& changes) {
  const std::size_t n = b - a;
  if (n < 2 * m) return;
  double mean = 0;
  for (std::size_t i = a; i < b; ++i) mean += y[i];
  mean /= static_cast<double>(n);
  double s = 0, best = -1;
  std::size_t at = 0;
  for (std::size_t k = a; k + 1 < b; ++k) {
    s += y[k] - mean;
    const std::size_t left = k + 1 - a;
    if (left < m || n - left < m) continue;
    if (std::abs(s) > best) {
      best = std::abs(s);
      at = k + 1;
    }
  }
  if (best < 0 || best / (sigma * std::sqrt(static_cast<double>(n))) <= threshold) return;
  changes.push_back(at);
  split(y, a, at, sigma, threshold, m, changes);
  split(y, at, b, sigma, threshold, m, changes);
}

}  // namespace

Segmentation pelt(std::span<const double> y, const ChangePointOptions& options) {
  return segment(y, options, true);
}

Segmentation optimal_partitioning(std::span<const double> y, const ChangePointOptions& options) {
  return segment(y, options, false);
}

Segmentation cusum(std::span<const double> y, double threshold, std::size_t min_segment) {
  ChangePointOptions options;
  options.min_segment = std::max<std::size_t>(min_segment, 1);
  check_series(y, options);
  const double sigma = noise_scale(y);
  std::vector<std::size_t> changes;
  split(y, 0, y.size(), sigma, threshold, options.min_segment, changes);
  std::sort(changes.begin(), changes.end());
  const SegmentCost cost(y, ChangeCost::mean, sigma);
  Segmentation s;
  s.changes = changes;
  std::size_t start = 0;
  for (std::size_t c : changes) {
    s.means.push_back(cost.mean(start, c));
    s.cost += cost(start, c);
    start = c;
  }
  s.means.push_back(cost.mean(start, y.size()));
  s.cost += cost(start, y.size());
  s.sigma = sigma;
  return s;
}

ChangeCost parse_change_cost(std::string_view name) {
  if (name == "mean") return ChangeCost::mean;
  if (name == "meanvar" || name == "mean_variance") return ChangeCost::mean_variance;
  throw Error("unknown change-point cost '" + std::string(name) + "' (expected mean or meanvar)");
}

}  // namespace softpower
