#pragma once
// Sweeps (docs/diffusion.md, "Sweeps"): a grid over parameters of the plain model or of a
// scenario, each grid point an ensemble. The grid is written `name=start:stop:step` (stop
// included) or `name=value`, several joined by commas: `q=50:400:25,B=0:0.1:0.01`. Points are
// numbered with the last parameter changing fastest.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/diffusion/scenario.hpp"

namespace softpower::diffusion {

struct GridAxis {
  std::string name;
  bool integer = false;            ///< start, stop and step are whole numbers
  std::vector<double> values;      ///< start, start + step, … up to stop
  std::vector<std::string> texts;  ///< each value as the grid writes it ("0.07", "50")
};

struct Grid {
  std::vector<GridAxis> axes;
  /// Grid points: the product of the axes' sizes.
  std::size_t points() const;
  /// The value index on each axis of point p (the last axis fastest).
  std::vector<std::size_t> at(std::size_t point) const;
};

/// At most this many grid points.
constexpr std::size_t kMaxGridPoints = 100'000;

/// Parses the items of --grid (each may hold several `name=range` joined by commas). Throws
/// Error naming `field` and the parameter for a malformed range, a step that is not positive,
/// a stop below the start, a parameter named twice, or more than kMaxGridPoints points.
Grid parse_grid(const std::vector<std::string>& items, const std::string& field);

/// The scenario of a grid point: the scenario file's text with each (name, value) set, then
/// parsed and checked as a scenario file is (`label` names it in errors). A name is a key path
/// of the file (`scenario.traits`, `field[0].strength`, `exporter[1].budget`), or q (the
/// traits, scenario.traits), F (the features) or B (the strength of every [[field]]). A key
/// path must name a number the file holds; a whole-number key takes whole numbers only.
Scenario scenario_at(std::string_view toml_text, const std::string& label,
                     const std::vector<std::pair<std::string, double>>& values);

}  // namespace softpower::diffusion
