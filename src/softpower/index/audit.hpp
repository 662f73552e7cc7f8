#pragma once
// The statistical audit of an index (JRC/OECD practice, as COINr's get_stats, get_corr
// and get_cronbach): indicator statistics and outlier flags, Pearson and Spearman
// correlations within and across levels with flags, and per aggregate Cronbach's alpha and
// the share of variance explained by the first principal component. See docs/index-audit.md.
// Linear in the framework's size: the pairwise parts, which grow with the square of an
// aggregate's width and with a node's depth, are computed within the bounds below and the
// audit counts what those bounds left out.

#include <string>
#include <vector>

#include "softpower/index/pipeline.hpp"

namespace softpower::index {

/// Siblings are correlated pair by pair only under an aggregate of at most this many
/// components (k(k-1)/2 pairs); a wider aggregate's pairs are counted as left out.
inline constexpr std::size_t kMaxSiblingsCorrelated = 50;
/// A node is correlated with at most this many of the aggregates above it, nearest first
/// (its parent is the first), and always with the index itself.
inline constexpr std::size_t kMaxAncestorsCorrelated = 10;

struct IndicatorStats {
  int node = 0;
  std::size_t n = 0;
  double availability = 0;  ///< share of units with a raw value (before imputation)
  /// Share of the units entering the impute step with a value after it (NaN: no impute step).
  double availability_imputed = kNone;
  double min = kNone, max = kNone, mean = kNone, median = kNone, sd = kNone;
  double skew = kNone, kurtosis = kNone;
  bool skew_kurtosis_outlier = false;  ///< |skew| >= 2 and kurtosis >= 3.5 (the Treat rule)
  std::size_t iqr_outliers = 0;        ///< values beyond 1.5 IQR from the quartiles
  double treated_skew = kNone, treated_kurtosis = kNone;  ///< after the treat step, if any
  std::size_t treated_points = 0;
  std::string treatment;  ///< "", "winsorise", "log", "boxcox"
};

struct Correlation {
  int a = 0, b = 0;      ///< node indices
  std::string relation;  ///< "parent" (a's parent is b), "ancestor" (b above a's parent), "sibling"
  double pearson = kNone, spearman = kNone;
  std::vector<std::string> flags;  ///< "negative", "weak" (< 0.3), "collinear" (> 0.9, siblings)
};

struct AggregateAudit {
  int node = 0;
  std::size_t complete_units = 0;
  double cronbach_alpha = kNone;
  double pca_first_share = kNone;
  /// Pairs of its components not correlated (more than kMaxSiblingsCorrelated components).
  std::size_t sibling_pairs_left_out = 0;
};

struct Audit {
  std::vector<IndicatorStats> indicators;
  std::vector<Correlation> correlations;
  std::vector<AggregateAudit> aggregates;
  /// Pairs the bounds above left out: of siblings (the sum over aggregates) and of a node with
  /// an aggregate above it (more than kMaxAncestorsCorrelated levels up, below the index).
  std::size_t sibling_pairs_left_out = 0;
  std::size_t ancestor_pairs_left_out = 0;
};

/// Cronbach's alpha over the units with every column present:
/// alpha = k/(k-1) (1 - Σ var(column) / var(row sums)).
double cronbach_alpha(const Eigen::MatrixXd& columns);

/// Audits one year of results (statistics on the Raw table, correlations on the Aggregated).
Audit audit_year(const Pipeline& pipeline, const YearResult& year);

}  // namespace softpower::index
