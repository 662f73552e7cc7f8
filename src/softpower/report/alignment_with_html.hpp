#pragma once
// The page of `softpower alignment with ISO3` (alignment_with.html): the focal country's
// agreement with its partners session by session, each partner's series on demand with the
// shifts change-point detection found, and the table of the largest shifts.

#include <map>
#include <string>

#include "softpower/alignment/alignment_with.hpp"

namespace softpower::report {

struct AlignmentWithPage {
  const alignment::AlignmentWith* result = nullptr;
  std::map<std::string, std::string> names;  ///< registry code -> name
  std::map<int, int> year_of_period;         ///< session -> calendar year of its first vote
  std::string measure = "agreement";         ///< the agreement measure's name, for labels
  std::string origin;                        ///< where the votes came from
  std::size_t highlighted = 8;               ///< partners drawn in colour on the overview
};

std::string alignment_with_html(const AlignmentWithPage& page);

}  // namespace softpower::report
