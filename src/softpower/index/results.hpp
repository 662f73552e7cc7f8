#pragma once
// What a reader of an index wants per unit beyond its scores: its rank within each group
// of units (income group, region, ...) and its strengths and weaknesses (the indicators on
// which it ranks best and worst among all units, as COINr's get_str_wk(), from observed values
// only), and how much of its data was observed, imputed or missing (its coverage).

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "softpower/index/pipeline.hpp"

namespace softpower::index {

/// The year's ranks with the indicators' ranks filled in (runs rank only aggregates).
Eigen::MatrixXd ranks_with_indicators(const Framework& framework, const YearResult& year);

/// Ranks of every node within groups: rows × nodes, 1 = best in the unit's group; NaN where
/// the unit has no group or no score. `group_of_row` gives each result row's group.
Eigen::MatrixXd group_ranks(const YearResult& year, const std::vector<std::string>& group_of_row);

/// The coverage of one year's results, per result row and framework node.
struct Coverage {
  /// Indicators: observed, imputed or missing (ValueOrigins). Aggregates: observed = scored
  /// with its coverage at or above the minimum, imputed = scored below it by filling the missing
  /// children (below = mean / min), missing = not scored.
  std::vector<ValueStatus> status;  ///< rows × nodes, row-major
  Eigen::MatrixXd coverage;         ///< share of children with a value (NaN for indicators)
  Eigen::MatrixXd observed;         ///< share of the indicators beneath that are observed
  std::size_t nodes = 0;

  ValueStatus at(std::size_t row, std::size_t node) const { return status[row * nodes + node]; }
};

/// The coverage of every result row and node; empty when the run recorded no origins.
Coverage coverage_of(const Pipeline& pipeline, const YearResult& year);

struct StrengthsWeaknesses {
  std::vector<int> strengths;   ///< indicator node indices, best rank first
  std::vector<int> weaknesses;  ///< indicator node indices, worst rank first
};

/// The `count` indicators with the best and with the worst ranks, per result row; ties keep
/// framework order; only observed values count (an imputed or missing value is no strength or
/// weakness of a unit), or, for runs that recorded no origins, every value present.
std::vector<StrengthsWeaknesses> strengths_weaknesses(const Framework& framework,
                                                      const YearResult& year, int count);

}  // namespace softpower::index
