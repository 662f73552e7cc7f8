#include "softpower/index/impute.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "softpower/core/stats.hpp"

namespace softpower::index {

std::size_t impute_indicator(std::span<double> x, ImputeMethod method,
                             std::span<const int> groups) {
  if (std::none_of(x.begin(), x.end(), [](double v) { return std::isnan(v); })) return 0;
  std::size_t filled = 0;
  auto fill_with = [&](double value, auto in_scope) {
    if (std::isnan(value)) return;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::isnan(x[i]) && in_scope(i)) {
        x[i] = value;
        ++filled;
      }
    }
  };
  switch (method) {
    case ImputeMethod::mean:
      fill_with(stats::mean(x), [](std::size_t) { return true; });
      break;
    case ImputeMethod::zero:
      fill_with(0.0, [](std::size_t) { return true; });
      break;
    case ImputeMethod::median:
      fill_with(stats::median(x), [](std::size_t) { return true; });
      break;
    case ImputeMethod::group_mean:
    case ImputeMethod::group_median: {
      std::map<int, std::vector<double>> members;
      for (std::size_t i = 0; i < x.size() && i < groups.size(); ++i) {
        if (groups[i] >= 0) members[groups[i]].push_back(x[i]);
      }
      for (const auto& [group, values] : members) {
        const double value =
            method == ImputeMethod::group_mean ? stats::mean(values) : stats::median(values);
        const int g = group;
        fill_with(value, [&](std::size_t i) { return i < groups.size() && groups[i] == g; });
      }
      break;
    }
    default:
      break;
  }
  return filled;
}

std::size_t impute_series(std::span<const int> years, std::span<double> values, ImputeMethod method,
                          int max_time) {
  const std::vector<double> original(values.begin(), values.end());
  std::size_t filled = 0;
  for (std::size_t t = 0; t < values.size(); ++t) {
    if (!std::isnan(original[t])) continue;
    values[t] = impute_at(
        years, original.size(), t, [&](std::size_t s) { return original[s]; }, method, max_time);
    filled += std::isnan(values[t]) ? 0 : 1;
  }
  return filled;
}

}  // namespace softpower::index
