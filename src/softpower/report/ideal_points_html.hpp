#pragma once
// The files of `softpower alignment ideal-points`: ideal_points.csv (a state's position in a
// session), sessions.csv (how each session was fitted) and ideal_points.html, a
// self-contained page with every state's trajectory over the sessions (a few highlighted, a
// select to pick any other), the positions of the last session and the session fits.

#include <string>

#include "softpower/alignment/ideal_points.hpp"

namespace softpower::report {

/// What the page says about the run.
struct IdealPointPageInfo {
  std::string origin;  ///< where the votes came from
  double seconds = 0;  ///< time of the estimation
};

/// States drawn in colour from the start: the anchor and the permanent members of the
/// Security Council (the Soviet Union to 1991, Russia after), in that order, without repeats.
std::vector<std::string> highlighted_states(const std::string& anchor);

std::string ideal_points_html(const alignment::IdealPointResult& result,
                              const IdealPointPageInfo& info);

}  // namespace softpower::report
