#include "softpower/core/sensitivity.hpp"

#include <algorithm>

#include "softpower/core/error.hpp"
#include "softpower/core/random.hpp"
#include "softpower/core/stats.hpp"

namespace softpower {

Eigen::MatrixXd saltelli_rows(const Eigen::MatrixXd& base,
                              const std::vector<std::vector<int>>& groups) {
  if (base.cols() % 2 != 0)
    throw Error("a Saltelli base sample needs an even number of columns (A and B)");
  const Eigen::Index n = base.rows(), d = base.cols() / 2;
  const auto k = static_cast<Eigen::Index>(groups.size());
  Eigen::MatrixXd rows(n * (k + 2), d);
  rows.topRows(n) = base.leftCols(d);
  rows.middleRows(n, n) = base.rightCols(d);
  for (Eigen::Index i = 0; i < k; ++i) {
    auto block = rows.middleRows((i + 2) * n, n);
    block = base.leftCols(d);
    for (int c : groups[static_cast<std::size_t>(i)]) block.col(c) = base.col(d + c);
  }
  return rows;
}

namespace {

// Indices from the rows picked by `pick` (the identity, or a bootstrap resample).
void estimate(std::span<const double> y, std::size_t n, std::size_t k,
              const std::vector<std::size_t>& pick, std::vector<double>& s1,
              std::vector<double>& st) {
  const double* fa = y.data();
  const double* fb = y.data() + n;
  double sum = 0, sum_sq = 0;
  for (std::size_t j : pick) {
    sum += fa[j] + fb[j];
    sum_sq += fa[j] * fa[j] + fb[j] * fb[j];
  }
  const double m = static_cast<double>(2 * pick.size());
  const double mean = sum / m;
  const double variance = std::max(0.0, sum_sq / m - mean * mean);
  for (std::size_t i = 0; i < k; ++i) {
    const double* fab = y.data() + (i + 2) * n;
    double first = 0, total = 0;
    for (std::size_t j : pick) {
      const double diff = fab[j] - fa[j];
      first += fb[j] * diff;
      total += diff * diff;
    }
    const double count = static_cast<double>(pick.size());
    s1[i] = variance > 0 ? first / count / variance : 0.0;
    st[i] = variance > 0 ? total / count / (2 * variance) : 0.0;
  }
}

}  // namespace

std::vector<SobolIndices> sobol_indices(std::span<const double> y, std::size_t n, std::size_t k,
                                        std::size_t resamples, std::uint64_t seed,
                                        double confidence) {
  if (y.size() != (k + 2) * n) throw Error("Sobol' indices need (k + 2) N model outputs");
  std::vector<std::size_t> all(n);
  for (std::size_t j = 0; j < n; ++j) all[j] = j;
  std::vector<double> s1(k), st(k);
  estimate(y, n, k, all, s1, st);
  std::vector<SobolIndices> out(k);
  for (std::size_t i = 0; i < k; ++i) {
    out[i].s1 = out[i].s1_lo = out[i].s1_hi = s1[i];
    out[i].st = out[i].st_lo = out[i].st_hi = st[i];
  }
  if (resamples == 0 || n < 2) return out;
  Rng rng(seed);
  std::vector<std::vector<double>> boot_s1(k), boot_st(k);
  std::vector<std::size_t> pick(n);
  for (std::size_t b = 0; b < resamples; ++b) {
    for (auto& j : pick) j = static_cast<std::size_t>(rng.below(n));
    estimate(y, n, k, pick, s1, st);
    for (std::size_t i = 0; i < k; ++i) {
      boot_s1[i].push_back(s1[i]);
      boot_st[i].push_back(st[i]);
    }
  }
  const double tail = (1 - confidence) / 2;
  for (std::size_t i = 0; i < k; ++i) {
    out[i].s1_lo = stats::quantile(boot_s1[i], tail);
    out[i].s1_hi = stats::quantile(boot_s1[i], 1 - tail);
    out[i].st_lo = stats::quantile(boot_st[i], tail);
    out[i].st_hi = stats::quantile(boot_st[i], 1 - tail);
  }
  return out;
}

}  // namespace softpower
