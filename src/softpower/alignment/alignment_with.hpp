#pragma once
// "Alignment with X": for a focal country, every other country's agreement with it and its
// distance in ideal points, period by period, and the largest shifts in those series found
// by change-point detection (PELT, core/changepoint.hpp). See docs/alignment-with.md.

#include <string>
#include <vector>

#include "softpower/core/changepoint.hpp"

namespace softpower::alignment {

/// One observation of a country in a period (a session or a year).
struct PeriodValue {
  int period = 0;
  std::string country;
  double value = 0;
};

struct PartnerSeries {
  std::string partner;
  std::vector<int> periods;       ///< ascending: every period with either measure
  std::vector<double> agreement;  ///< NaN where the pair did not vote together
  std::vector<double> distance;   ///< |x_focal - x_partner|, NaN where either is missing
};

struct Shift {
  std::string partner;
  std::string measure;           ///< "agreement" or "distance"
  int period = 0;                ///< first period of the new level
  double before = 0, after = 0;  ///< segment means either side
  double size() const { return after - before; }
};

struct AlignmentWith {
  std::string focal;
  std::vector<PartnerSeries> partners;  ///< by partner code
  std::vector<Shift> shifts;            ///< largest |after - before| first
};

/// `agreement`: each partner's agreement with the focal country per period; `ideal_points`:
/// every country's position per period (the focal's included). Series shorter than
/// 2 × the minimum segment are not searched for shifts.
AlignmentWith alignment_with(const std::string& focal, const std::vector<PeriodValue>& agreement,
                             const std::vector<PeriodValue>& ideal_points,
                             const ChangePointOptions& options = {});

}  // namespace softpower::alignment
