#pragma once
// The statistical audit of an index (JRC/OECD practice, as COINr's get_stats, get_corr
// and get_cronbach): indicator statistics and outlier flags, Pearson and Spearman
// correlations within and across levels with flags, and per aggregate Cronbach's alpha and
// the share of variance explained by the first principal component. See docs/index-audit.md.

#include <string>
#include <vector>

#include "softpower/index/pipeline.hpp"

namespace softpower::index {

struct IndicatorStats {
  int node = 0;
  std::size_t n = 0;
  double availability = 0;  ///< share of units with a raw value
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
};

struct Audit {
  std::vector<IndicatorStats> indicators;
  std::vector<Correlation> correlations;
  std::vector<AggregateAudit> aggregates;
};

/// Cronbach's alpha over the units with every column present:
/// alpha = k/(k-1) (1 - Σ var(column) / var(row sums)).
double cronbach_alpha(const Eigen::MatrixXd& columns);

/// Audits one year of results (statistics on the Raw table, correlations on the Aggregated).
Audit audit_year(const Pipeline& pipeline, const YearResult& year);

}  // namespace softpower::index
