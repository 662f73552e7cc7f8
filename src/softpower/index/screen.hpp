#pragma once
// Screening units by data availability, as COINr 1.1's Screen(): a unit is dropped when the
// share of its indicators that are present is below the threshold ("na"), when the share of
// non-zero values among those present is below `nonzero` ("zeros"), or either; units forced
// in or out override the rule. See docs/index-screen.md.

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "softpower/index/spec.hpp"

namespace softpower::index {

struct ScreenRecord {
  std::vector<double> availability;  ///< share of indicators present, per unit
  std::vector<double> nonzero;       ///< share of non-zero values among those present
  std::vector<bool> included;
};

ScreenRecord screen_units(const Eigen::MatrixXd& values, const std::vector<std::string>& units,
                          const ScreenSpec& spec);

}  // namespace softpower::index
