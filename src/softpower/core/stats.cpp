#include "softpower/core/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace softpower::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> present(std::span<const double> x) {
  std::vector<double> out;
  out.reserve(x.size());
  for (double v : x) {
    if (!std::isnan(v)) out.push_back(v);
  }
  return out;
}

// Sums of squared, cubed and fourth-power deviations from the mean.
struct Moments {
  std::size_t n = 0;
  double m2 = 0, m3 = 0, m4 = 0;
};

Moments central_moments(std::span<const double> x) {
  Moments m;
  double sum = 0;
  for (double v : x) {
    if (std::isnan(v)) continue;
    sum += v;
    ++m.n;
  }
  if (m.n == 0) return m;
  const double mu = sum / static_cast<double>(m.n);
  for (double v : x) {
    if (std::isnan(v)) continue;
    const double d = v - mu;
    const double d2 = d * d;
    m.m2 += d2;
    m.m3 += d2 * d;
    m.m4 += d2 * d2;
  }
  return m;
}
}  // namespace

std::size_t count(std::span<const double> x) {
  return static_cast<std::size_t>(
      std::count_if(x.begin(), x.end(), [](double v) { return !std::isnan(v); }));
}

double mean(std::span<const double> x) {
  double sum = 0;
  std::size_t n = 0;
  for (double v : x) {
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  return n == 0 ? kNaN : sum / static_cast<double>(n);
}

double sd(std::span<const double> x) {
  const Moments m = central_moments(x);
  if (m.n < 2) return kNaN;
  return std::sqrt(m.m2 / static_cast<double>(m.n - 1));
}

double median(std::span<const double> x) {
  return quantile(x, 0.5);
}

double min(std::span<const double> x) {
  double out = kNaN;
  for (double v : x) {
    if (!std::isnan(v) && (std::isnan(out) || v < out)) out = v;
  }
  return out;
}

double max(std::span<const double> x) {
  double out = kNaN;
  for (double v : x) {
    if (!std::isnan(v) && (std::isnan(out) || v > out)) out = v;
  }
  return out;
}

double quantile(std::span<const double> x, double p) {
  std::vector<double> v = present(x);
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

std::pair<double, double> outer_quantiles(std::span<const double> x, double p_lo, double p_hi) {
  std::vector<double> v = present(x);
  if (v.empty()) return {kNaN, kNaN};
  std::sort(v.begin(), v.end());
  const double last = static_cast<double>(v.size()) - 1;
  const auto lo = static_cast<std::size_t>(std::floor(last * p_lo));
  const auto hi = static_cast<std::size_t>(std::ceil(last * p_hi));
  return {v[lo], v[std::min(hi, v.size() - 1)]};
}

namespace {
double skewness_of(const Moments& m) {
  if (m.n < 3 || m.m2 == 0) return kNaN;
  const double n = static_cast<double>(m.n);
  const double g1 = std::sqrt(n) * m.m3 / (m.m2 * std::sqrt(m.m2));
  return g1 * std::sqrt(n * (n - 1)) / (n - 2);
}

double kurtosis_of(const Moments& m) {
  if (m.n < 4 || m.m2 == 0) return kNaN;
  const double n = static_cast<double>(m.n);
  const double r = n * m.m4 / (m.m2 * m.m2);
  return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3));
}
}  // namespace

double skewness(std::span<const double> x) {
  return skewness_of(central_moments(x));
}

double kurtosis(std::span<const double> x) {
  return kurtosis_of(central_moments(x));
}

Shape shape(std::span<const double> x) {
  const Moments m = central_moments(x);
  return Shape{skewness_of(m), kurtosis_of(m)};
}

std::vector<double> rank(std::span<const double> x, Ties ties) {
  std::vector<std::size_t> order;
  order.reserve(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isnan(x[i])) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> out(x.size(), kNaN);
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    const double r = ties == Ties::min
                         ? static_cast<double>(i + 1)
                         : (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2;
    for (std::size_t k = i; k <= j; ++k) out[order[k]] = r;
    i = j + 1;
  }
  return out;
}

void rank_descending(std::span<const double> x, std::span<double> out,
                     std::vector<std::pair<double, std::size_t>>& buffer) {
  // Sorting (value, position) pairs keeps the comparisons in cache; the buffer is reused
  // because this runs for every node of every index replication.
  buffer.clear();
  for (std::size_t i = 0; i < x.size(); ++i) {
    out[i] = kNaN;
    if (!std::isnan(x[i])) buffer.emplace_back(-x[i], i);
  }
  std::sort(buffer.begin(), buffer.end());
  double rank = 0;
  for (std::size_t i = 0; i < buffer.size(); ++i) {
    // Ties share the best (smallest) rank of their run.
    if (i == 0 || buffer[i].first != buffer[i - 1].first) rank = static_cast<double>(i + 1);
    out[buffer[i].second] = rank;
  }
}

std::vector<double> rank_descending(std::span<const double> x) {
  std::vector<double> out(x.size());
  std::vector<std::pair<double, std::size_t>> buffer;
  rank_descending(x, out, buffer);
  return out;
}

double pearson(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = std::min(x.size(), y.size());
  double sx = 0, sy = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(x[i]) || std::isnan(y[i])) continue;
    sx += x[i];
    sy += y[i];
    ++k;
  }
  if (k < 2) return kNaN;
  const double mx = sx / static_cast<double>(k), my = sy / static_cast<double>(k);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(x[i]) || std::isnan(y[i])) continue;
    const double dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx == 0 || syy == 0) return kNaN;
  return sxy / std::sqrt(sxx * syy);
}

double spearman(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = std::min(x.size(), y.size());
  std::vector<double> cx, cy;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(x[i]) || std::isnan(y[i])) continue;
    cx.push_back(x[i]);
    cy.push_back(y[i]);
  }
  return pearson(rank(cx, Ties::average), rank(cy, Ties::average));
}

}  // namespace softpower::stats
