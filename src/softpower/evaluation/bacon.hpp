#pragma once
// The Goodman-Bacon (2021, "Difference-in-differences with variation in treatment timing",
// Journal of Econometrics 225:254-277) decomposition of the TWFE coefficient on a balanced
// panel: the TWFE estimate is a weighted average of every 2×2 DiD between two timing groups,
// with weights from group sizes and the variance of treatment within each pair (Theorem 1).
// Comparisons that use already-treated units as controls ("later vs earlier treated") are
// where TWFE misleads when effects change over time (docs/evaluation-staggered.md).

#include <optional>
#include <string>
#include <vector>

#include "softpower/evaluation/panel.hpp"

namespace softpower::evaluation {

/// One 2×2 comparison: the treated timing group against the control one.
struct BaconComparison {
  /// "treated vs never treated", "earlier vs later treated" (the later not yet treated as
  /// controls), "later vs earlier treated" (the earlier, already treated, as controls), or
  /// "treated vs always treated" (units treated from the first period as controls).
  std::string type;
  std::optional<long long> treated;  ///< the cohort treated in this 2×2
  std::optional<long long> control;  ///< the control cohort; empty for the never treated
  double estimate = 0;
  double weight = 0;
};

/// The weight and weighted mean estimate of one type of comparison.
struct BaconType {
  std::string type;
  double weight = 0;
  double estimate = 0;
};

struct BaconDecomposition {
  double twfe = 0;  ///< the TWFE coefficient, Σ weight · estimate
  std::vector<BaconComparison> comparisons;
  std::vector<BaconType> types;
};

/// Decomposes the TWFE coefficient. Weights come from Theorem 1's formulas divided by the
/// variance of the two-way demeaned treatment, so they sum to 1 and their weighted sum equals
/// the TWFE coefficient by the theorem, not by construction. Throws Error when the panel has
/// a single timing group (nothing to compare).
BaconDecomposition bacon_decomposition(const BalancedPanel& panel);

}  // namespace softpower::evaluation
