#pragma once
// Outlier treatment of one indicator, as COINr 1.1's Treat() with its defaults:
// an indicator fails when |skew| >= skew_thresh AND kurtosis >= kurt_thresh (e1071 type 2);
// a failing indicator is winsorised one point at a time (the highest value is set to the next
// highest when skew >= 0, else the lowest to the next lowest) until it passes or winmax
// points are reached; if it still fails, the fallback (log or Box-Cox) is applied to the
// original values. See docs/index-treat.md.

#include <span>
#include <string>
#include <vector>

#include "softpower/index/spec.hpp"

namespace softpower::index {

struct TreatmentRecord {
  double skew_before = kNone, kurtosis_before = kNone;
  bool passed_before = true;
  int winsorised = 0;  ///< points winsorised (COINr's count: those tied at the last step)
  TreatMethod applied = TreatMethod::none;  ///< none, winsorise, or the fallback used
  double skew_after = kNone, kurtosis_after = kNone;
  bool passed_after = true;
  std::vector<std::size_t> points;  ///< rows changed by winsorisation
};

/// True when the values pass: |skew| < skew_thresh or kurtosis < kurt_thresh (or too few values).
bool passes_skew_kurtosis(std::span<const double> x, double skew_thresh, double kurt_thresh);

/// Treats x in place (NaN values are left alone) and says what was done.
TreatmentRecord treat_indicator(std::span<double> x, const TreatSpec& spec);

/// log(x - min + 0.01 (max - min)): COINr's log_CT, defined for any sign of x.
void log_transform(std::span<double> x);
/// Box-Cox with the COIN Tool shift: y = x - min + 1, then (y^lambda - 1)/lambda or log(y).
void boxcox_transform(std::span<double> x, double lambda);

}  // namespace softpower::index
