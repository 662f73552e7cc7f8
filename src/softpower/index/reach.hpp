#pragma once
// Rank reach: for each unit, the best and the worst rank it can attain over every weight
// vector of a declared set, computed exactly rather than by sampling. The set: the weights
// of the nodes at one level (their effective weights in the index), each within ±range of
// its nominal value, summing to one; the index is their weighted arithmetic mean.
//
// Unit u is beaten by v exactly when (P_v - P_u)·w > 0, so the best rank is 1 + the least
// number of such v over the set and the worst rank 1 + the most: two small mixed-integer
// programmes per unit (one binary per competitor whose comparison the weights can flip),
// solved by COIN-OR CBC. Each answer is certified by re-counting the comparisons at the
// weights the solver returns. See docs/index-reach.md.

#include <string>
#include <vector>

#include "softpower/core/progress.hpp"
#include "softpower/index/pipeline.hpp"

namespace softpower::index {

struct UnitReach {
  std::string unit;
  bool computed = false;
  std::string note;  ///< why not computed (missing scores)
  double nominal = kNone, best = kNone, worst = kNone;
  std::vector<double> best_weights, worst_weights;  ///< weights attaining them, per level node
};

struct ReachResult {
  int year = 0;
  int level = 2;
  double range = 0.5;
  std::vector<int> nodes;               ///< the level's nodes whose weights vary
  std::vector<double> nominal_weights;  ///< their effective weights (sum 1)
  std::vector<UnitReach> units;         ///< in the order of the year's result rows
};

/// The rank of every unit among `scores` (rows × k) under weights w: 1 + the number of units
/// whose weighted sum is higher by more than `tie`.
std::vector<double> ranks_under(const Eigen::MatrixXd& scores, const std::vector<double>& w,
                                double tie = 0);

/// Best and worst ranks of every row of `scores` (rows × k, complete) over
/// {w : lower <= w <= upper, Σ w = 1}.
std::vector<UnitReach> reach_of(const Eigen::MatrixXd& scores, const std::vector<double>& lower,
                                const std::vector<double>& upper, Progress& progress);

/// Rank reach of one year's result: weights of the nodes at `level` within ±`range`.
ReachResult rank_reach(const Pipeline& pipeline, const IndexInput& input, const YearResult& year,
                       int level, double range, Progress& progress);

}  // namespace softpower::index
