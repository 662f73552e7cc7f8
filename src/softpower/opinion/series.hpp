#pragma once
// Poll series: the figures of a panel whose indicators follow core/poll.hpp
// (`<measure>:<object>`, units the publics asked), as a long list and as one series per public,
// and the change points in each public's series (PELT, core/changepoint.hpp). Polls skip
// years: a series holds the surveyed years only, and a change is dated to the first surveyed
// year of the new level, with the last surveyed year before it. docs/opinion.md.

#include <string>
#include <vector>

#include "softpower/core/changepoint.hpp"
#include "softpower/core/panel.hpp"

namespace softpower::opinion {

/// One figure: the share of `public_` answering `measure` about `object` in `year`.
struct PollValue {
  int year = 0;
  std::string public_;  ///< registry code of the public asked
  std::string object;   ///< registry code of the country asked about
  std::string measure;  ///< "favourable", "confidence_president"
  double value = 0;
};

/// Which figures to take; an empty field takes all.
struct SeriesFilter {
  std::string object;
  std::string measure;
  std::vector<std::string> publics;
};

/// Every poll figure of the panel that passes the filter, by measure, object, public and year;
/// indicators that do not follow the naming rule and missing values are left out.
std::vector<PollValue> poll_values(const Panel& panel, const SeriesFilter& filter = {});

/// One public's answers to one question about one object, over the surveyed years.
struct PublicSeries {
  std::string public_, object, measure;
  std::vector<int> years;  ///< ascending, surveyed years only
  std::vector<double> values;
};

/// The values grouped into series, in the order poll_values gives them.
std::vector<PublicSeries> public_series(const std::vector<PollValue>& values);

/// A change point: from `year` on the series has a new level.
struct OpinionShift {
  int year = 0;           ///< first surveyed year of the new level
  int previous_year = 0;  ///< last surveyed year of the level before
  double before = 0, after = 0;
  double change() const { return after - before; }
};

struct PublicShifts {
  bool searched = false;  ///< false: too few surveyed years for two segments
  std::vector<OpinionShift> shifts;
  std::vector<double> fitted;  ///< the segment level of every value (the mean when not searched)
  double penalty = 0;          ///< PELT's penalty per change (0 when not searched)
  double sigma = 0;            ///< the noise scale of the mean cost
};

/// PELT on the surveyed values taken as consecutive. A series with fewer than twice the
/// shortest segment (4 values for the mean cost) is not searched.
PublicShifts find_shifts(const PublicSeries& series, const ChangePointOptions& options = {});

}  // namespace softpower::opinion
