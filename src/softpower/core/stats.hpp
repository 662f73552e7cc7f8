#pragma once
// Descriptive statistics shared by the capabilities. Every function skips NaN (missing)
// values unless it says otherwise, and returns NaN when too few values remain.

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace softpower::stats {

std::size_t count(std::span<const double> x);
double mean(std::span<const double> x);
/// Sample standard deviation (denominator n - 1), as R's sd().
double sd(std::span<const double> x);
double median(std::span<const double> x);
double min(std::span<const double> x);
double max(std::span<const double> x);
/// Quantile by linear interpolation between order statistics (R's default, type 7).
double quantile(std::span<const double> x, double p);
/// The interval of the p_lo and p_hi quantiles widened outward to order statistics: with
/// h = (n - 1) p, the sorted values at 0-based positions floor(h_lo) and ceil(h_hi). Each
/// bound is an observed value (a whole rank when the values are ranks), and the interval
/// contains the type-7 one.
std::pair<double, double> outer_quantiles(std::span<const double> x, double p_lo, double p_hi);

/// Sample skewness as e1071::skewness(type = 2) and Excel's SKEW(): needs n >= 3.
/// g1 = sqrt(n) Σd³ / (Σd²)^{3/2};  G1 = g1 sqrt(n(n-1)) / (n-2).
double skewness(std::span<const double> x);
/// Sample excess kurtosis as e1071::kurtosis(type = 2) and Excel's KURT(): needs n >= 4.
/// r = n Σd⁴ / (Σd²)²;  G2 = ((n+1)(r-3) + 6)(n-1) / ((n-2)(n-3)).
double kurtosis(std::span<const double> x);

struct Shape {
  double skewness, kurtosis;
};
/// Both of the above in one pass over the data (outlier treatment asks for both repeatedly).
Shape shape(std::span<const double> x);

enum class Ties { min, average };
/// Ranks in ascending order (1 = smallest); NaN keeps NaN. Ties::min is R's
/// rank(ties.method = "min"), Ties::average is the default of rank() and of Spearman's rho.
std::vector<double> rank(std::span<const double> x, Ties ties = Ties::min);
/// Ranks in descending order (1 = largest), ties sharing the best rank ("min" ties): the
/// ranking of an index table.
std::vector<double> rank_descending(std::span<const double> x);
/// The same into `out` (as long as x), reusing `buffer` between calls.
void rank_descending(std::span<const double> x, std::span<double> out,
                     std::vector<std::pair<double, std::size_t>>& buffer);

/// Pearson correlation over the pairs where both values are present.
double pearson(std::span<const double> x, std::span<const double> y);
/// Spearman's rho: Pearson correlation of average ranks over the complete pairs.
double spearman(std::span<const double> x, std::span<const double> y);

}  // namespace softpower::stats
