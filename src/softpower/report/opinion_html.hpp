#pragma once
// The page of `softpower opinion shifts` (opinion.html): each public's poll series over the
// years, surveyed years as points, the level of each segment and the change points PELT
// found, with a table of them; a list chooses the public.

#include <map>
#include <string>
#include <vector>

#include "softpower/report/opinion_csv.hpp"

namespace softpower::report {

struct OpinionPage {
  const std::vector<SeriesShifts>* found = nullptr;
  std::map<std::string, std::string> names;  ///< registry code -> name
  std::string origin;                        ///< where the polls came from
};

std::string opinion_html(const OpinionPage& page);

}  // namespace softpower::report
