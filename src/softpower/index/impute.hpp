#pragma once
// Imputation of missing values, as COINr 1.1's i_mean, i_median, i_mean_grp, i_median_grp
// (by indicator, across units) and impute_panel (along a unit's own time series).
// See docs/index-impute.md.

#include <limits>
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

/// The positions in a series that a panel-imputed value comes from (first == last but for a
/// linear interpolation between two observations).
struct ImputedFrom {
  std::size_t first = 0, last = 0;
};

/// The value the panel methods below give to position t of a series of n years, reading the
/// observed values through get(s) (NaN = missing); NaN when there is nothing to fill from.
/// Reads only what it needs, so filling one year of a long series is cheap. When `from` is
/// given and a value is found, it receives the positions the value was taken from.
template <typename Get>
double impute_at(std::span<const int> years, std::size_t n, std::size_t t, Get get,
                 ImputeMethod method, int max_time = 0, ImputedFrom* from = nullptr) {
  auto taken = [&](std::size_t first, std::size_t last) {
    if (from != nullptr) *from = {first, last};
  };
  if (method == ImputeMethod::latest) {
    // COINr's impute_panel("latest"): looks back only, within max_time earlier time points.
    for (std::size_t s = t, looked = 1; s-- > 0; ++looked) {
      if (max_time > 0 && looked > static_cast<std::size_t>(max_time)) break;
      const double v = get(s);
      if (v == v) {
        taken(s, s);
        return v;
      }
    }
    return std::numeric_limits<double>::quiet_NaN();
  }
  // approx(rule = 2): between observations interpolate (or carry forward); outside them,
  // the nearest one.
  std::size_t before = t, after = t + 1;
  double vb = std::numeric_limits<double>::quiet_NaN(), va = vb;
  while (before-- > 0) {
    vb = get(before);
    if (vb == vb) break;
  }
  for (; after < n; ++after) {
    va = get(after);
    if (va == va) break;
  }
  const bool has_before = vb == vb, has_after = after < n && va == va;
  if (!has_before) {
    if (has_after) taken(after, after);
    return has_after ? va : vb;
  }
  if (!has_after || method == ImputeMethod::constant) {
    taken(before, before);
    return vb;
  }
  taken(before, after);
  const double w = static_cast<double>(years[t] - years[before]) /
                   static_cast<double>(years[after] - years[before]);
  return vb + w * (va - vb);
}

/// Fills a unit's time series (years ascending, NaN = missing) for the panel methods:
/// latest: the most recent earlier value at most `max_time` years back (0 = any);
/// constant / linear: R's approx(rule = 2) with method "constant" / "linear" (values outside
/// the observed range take the nearest observed value). Returns the number of values filled.
std::size_t impute_series(std::span<const int> years, std::span<double> values, ImputeMethod method,
                          int max_time = 0);

}  // namespace softpower::index
