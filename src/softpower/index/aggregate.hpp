#pragma once
// Aggregation of children into their parent, per unit, with COINr 1.1's formulas: missing
// children drop out and the remaining weights are rescaled; a unit whose coverage (share of
// children present) is below the aggregate's minimum gets no score, or a score with its missing
// children filled by the rule the spec chose (BelowCoverage). Copeland and outranking scores
// compare units pairwise (Munda and Nardo 2009). See docs/index-aggregate.md.

#include <Eigen/Dense>
#include <span>

#include "softpower/index/spec.hpp"

namespace softpower::index {

/// True when `present` of `total` children is less than the share `min_coverage` (two of three
/// meet the default 2/3; rounding of the product is forgiven, 0.667 still needs three of three).
bool below_coverage(std::size_t present, std::size_t total, double min_coverage);

/// Weighted mean of one unit's children: arithmetic Σwx/Σw, geometric exp(Σw ln x/Σw),
/// harmonic Σw/Σ(w/x), generalised (Σw x^p/Σw)^(1/p). NaN children are skipped; NaN when
/// the children present are below how.min_coverage (whatever how.below says: the rules that
/// fill children need the other units, see aggregate_units).
/// Throws Error for non-positive values under the geometric or harmonic mean.
double weighted_mean(std::span<const double> x, std::span<const double> w,
                     const LevelAggregation& how);

/// Outranking matrix E (n × n): E(j,k) = Σ w_i [x_ji > x_ki] + ½ Σ w_i [x_ji = x_ki], weights
/// scaled to sum to 1, comparisons with a missing value left out; E(j,j) = 0.
Eigen::MatrixXd outranking_matrix(const Eigen::MatrixXd& children, std::span<const double> w);

/// Scores of every unit (rows of `children`): weighted means, or for the pairwise methods
/// copeland (Σ_k sign(E(j,k) - ½), Munda and Nardo's Copeland score) and outranking
/// (Σ_k E(j,k), COINr's a_copeland). A unit below how.min_coverage gets NaN (below = missing)
/// or has its missing children filled first with the mean or the lowest value of each child
/// over the units that have it (below = mean / min).
Eigen::VectorXd aggregate_units(const Eigen::MatrixXd& children, std::span<const double> w,
                                const LevelAggregation& how);

}  // namespace softpower::index
