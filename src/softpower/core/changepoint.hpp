#pragma once
// Change-point detection on a series (a country's UN alignment over time, the tone of its
// media coverage): where does the level, or the level and the spread, shift?
//
// PELT (Killick, Fearnhead and Eckley 2012, JASA 107, 1590-1598) finds the segmentation
// minimising the summed segment costs plus a penalty per change, exactly (it returns the
// optimal-partitioning answer) in about linear time. CUSUM with binary segmentation (Page
// 1954; Inclán and Tiao 1994 for the scaled statistic) is the classic alternative.
// See docs/changepoints.md.

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace softpower {

enum class ChangeCost {
  mean,           ///< normal, change in mean, variance known (estimated robustly)
  mean_variance,  ///< normal, change in mean and variance
};

struct ChangePointOptions {
  ChangeCost cost = ChangeCost::mean;
  double penalty = -1;  ///< per change; < 0: BIC as the R changepoint package
                        ///< (2 ln n for mean, 3 ln n for mean and variance)
  /// Shortest segment; 0 = 2 for mean, 5 for mean_variance (a spread estimated from fewer
  /// values is unreliable, and two nearly equal values would look like a calm segment).
  std::size_t min_segment = 0;
};

struct Segmentation {
  std::vector<std::size_t> changes;  ///< indices where a new segment starts (ascending)
  std::vector<double> means;         ///< per segment
  double cost = 0;                   ///< summed segment costs plus penalties
  double penalty = 0;                ///< the per-change penalty used
  double sigma = 0;                  ///< the noise scale used by the mean cost
};

/// PELT on y (no missing values). Throws Error for NaN values or a too-short series.
Segmentation pelt(std::span<const double> y, const ChangePointOptions& options = {});

/// Optimal partitioning by exhaustive dynamic programming (Jackson et al. 2005): the same
/// minimum as PELT in O(n^2); kept to check PELT's pruning.
Segmentation optimal_partitioning(std::span<const double> y,
                                  const ChangePointOptions& options = {});

/// CUSUM binary segmentation for changes in mean: split at the maximum of
/// |S_k| / (sigma sqrt(n)), S_k = Σ_{i<=k} (y_i - mean), while it exceeds `threshold`
/// (1.358: the 5% point of the Kolmogorov distribution, the asymptotic null law).
Segmentation cusum(std::span<const double> y, double threshold = 1.358,
                   std::size_t min_segment = 2);

ChangeCost parse_change_cost(std::string_view name);

}  // namespace softpower
