#pragma once
// What a reader of an index wants per unit beyond its scores: its rank within each group
// of units (income group, region, ...) and its strengths and weaknesses (the indicators on
// which it ranks best and worst among all units, as COINr's get_str_wk()).

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

struct StrengthsWeaknesses {
  std::vector<int> strengths;   ///< indicator node indices, best rank first
  std::vector<int> weaknesses;  ///< indicator node indices, worst rank first
};

/// The `count` indicators with the best and with the worst ranks, per result row; ties keep
/// framework order, indicators without a value are left out.
std::vector<StrengthsWeaknesses> strengths_weaknesses(const Framework& framework,
                                                      const YearResult& year, int count);

}  // namespace softpower::index
