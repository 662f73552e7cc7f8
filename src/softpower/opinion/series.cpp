#include "softpower/opinion/series.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "softpower/core/poll.hpp"
#include "softpower/core/stats.hpp"

namespace softpower::opinion {

std::vector<PollValue> poll_values(const Panel& panel, const SeriesFilter& filter) {
  std::vector<PollValue> out;
  for (std::size_t i = 0; i < panel.indicators().size(); ++i) {
    const auto poll = parse_poll_indicator(panel.indicators()[i]);
    if (!poll) continue;
    if (!filter.object.empty() && poll->object != filter.object) continue;
    if (!filter.measure.empty() && poll->measure != filter.measure) continue;
    for (std::size_t u = 0; u < panel.units().size(); ++u) {
      const std::string& unit = panel.units()[u];
      if (!filter.publics.empty() &&
          std::find(filter.publics.begin(), filter.publics.end(), unit) == filter.publics.end()) {
        continue;
      }
      for (std::size_t t = 0; t < panel.years().size(); ++t) {
        const double v = panel.at(u, i, t);
        if (std::isnan(v)) continue;
        out.push_back({panel.years()[t], unit, poll->object, poll->measure, v});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const PollValue& a, const PollValue& b) {
    return std::tie(a.measure, a.object, a.public_, a.year) <
           std::tie(b.measure, b.object, b.public_, b.year);
  });
  return out;
}

std::vector<PublicSeries> public_series(const std::vector<PollValue>& values) {
  std::vector<PublicSeries> out;
  for (const PollValue& v : values) {
    if (out.empty() || out.back().public_ != v.public_ || out.back().object != v.object ||
        out.back().measure != v.measure) {
      out.push_back({v.public_, v.object, v.measure, {}, {}});
    }
    out.back().years.push_back(v.year);
    out.back().values.push_back(v.value);
  }
  return out;
}

PublicShifts find_shifts(const PublicSeries& series, const ChangePointOptions& options) {
  PublicShifts out;
  const std::size_t shortest = options.min_segment > 0            ? options.min_segment
                               : options.cost == ChangeCost::mean ? 2
                                                                  : 5;
  if (series.values.size() < 2 * shortest) {
    out.fitted.assign(series.values.size(), stats::mean(series.values));
    return out;
  }
  const Segmentation s = pelt(series.values, options);
  out.searched = true;
  out.penalty = s.penalty;
  out.sigma = s.sigma;
  std::size_t segment = 0;
  for (std::size_t i = 0; i < series.values.size(); ++i) {
    if (segment < s.changes.size() && i == s.changes[segment]) ++segment;
    out.fitted.push_back(s.means[segment]);
  }
  for (std::size_t k = 0; k < s.changes.size(); ++k) {
    const std::size_t at = s.changes[k];
    out.shifts.push_back({series.years[at], series.years[at - 1], s.means[k], s.means[k + 1]});
  }
  return out;
}

}  // namespace softpower::opinion
