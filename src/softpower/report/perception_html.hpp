#pragma once
// The page of `perception shifts`: for each country followed, its series by period (tone by
// default) with the change points marked and the level of each segment drawn, the events per
// period beneath, and its top partners with their tone, Goldstein mean and cooperative share.

#include <map>
#include <string>
#include <vector>

#include "softpower/perception/series.hpp"

namespace softpower::report {

struct PerceptionPanel {
  perception::Series series;
  perception::SeriesShifts shifts;
  std::vector<perception::Partner> partners;
};

struct PerceptionPage {
  perception::PeriodUnit by = perception::PeriodUnit::month;
  /// Every calendar period from the input's first to its last, in order (the time axis): a
  /// period the input has no event in is drawn as a gap.
  std::vector<std::int32_t> periods;
  std::size_t input_periods = 0;  ///< periods with events in the input
  std::vector<PerceptionPanel> panels;
  std::map<std::string, std::string> names;  ///< country names by code
  std::string origin;                        ///< what was read
};

std::string perception_html(const PerceptionPage& page);

}  // namespace softpower::report
