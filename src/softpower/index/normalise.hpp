#pragma once
// Normalisation of one indicator onto a common scale, with COINr 1.1's formulas. The
// indicator's direction is applied first (x -> direction * x), so that higher is always
// better afterwards. See docs/index-normalise.md.

#include <optional>
#include <span>

#include "softpower/index/spec.hpp"

namespace softpower::index {

/// Normalises x in place (NaN stays NaN).
/// `reference` holds the raw values the location/scale parameters come from (min, max, mean,
/// sd): the same year for a plain index, every year for `global`, the reference year for
/// `refmax`; empty means x itself. `target` is the indicator's target in its own units
/// (dist2targ); `ref_row` is the row of the reference unit (dist2ref).
void normalise_indicator(std::span<double> x, int direction, const NormaliseSpec& spec,
                         double target = kNone, std::optional<std::size_t> ref_row = std::nullopt,
                         std::span<const double> reference = {});

}  // namespace softpower::index
