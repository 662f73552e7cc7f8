#pragma once
// Imputation of missing values, as COINr 1.1's i_mean, i_median, i_mean_grp, i_median_grp
// (by indicator, across units) and impute_panel (along a unit's own time series).
// See docs/index-impute.md.

#include <span>
#include <vector>

#include "softpower/index/spec.hpp"

namespace softpower::index {

/// Fills NaN values of one indicator across units. `groups` gives each unit's group number
/// (-1 = no group, left alone) for group_mean / group_median; `zero` fills 0 (for counts where
/// a missing row means none, such as medals won or sites inscribed); a group with no values keeps
/// its gaps. Returns the number of values filled.
std::size_t impute_indicator(std::span<double> x, ImputeMethod method,
                             std::span<const int> groups = {});

/// Fills a unit's time series (years ascending, NaN = missing) for the panel methods:
/// latest: the most recent earlier value at most `max_time` years back (0 = any);
/// constant / linear: R's approx(rule = 2) with method "constant" / "linear" (values outside
/// the observed range take the nearest observed value). Returns the number of values filled.
std::size_t impute_series(std::span<const int> years, std::span<double> values, ImputeMethod method,
                          int max_time = 0);

}  // namespace softpower::index
