#include "softpower/alignment/alignment_with.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace softpower::alignment {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// PELT on the observed values of a series; changes are reported at their periods.
void find_shifts(const std::string& partner, const std::string& measure,
                 const std::vector<int>& periods, const std::vector<double>& values,
                 const ChangePointOptions& options, std::vector<Shift>& out) {
  std::vector<double> y;
  std::vector<int> at;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    y.push_back(values[i]);
    at.push_back(periods[i]);
  }
  const std::size_t min_segment = options.min_segment > 0            ? options.min_segment
                                  : options.cost == ChangeCost::mean ? 2
                                                                     : 5;
  if (y.size() < 2 * min_segment) return;
  const Segmentation s = pelt(y, options);
  for (std::size_t k = 0; k < s.changes.size(); ++k) {
    out.push_back(Shift{partner, measure, at[s.changes[k]], s.means[k], s.means[k + 1]});
  }
}

}  // namespace

AlignmentWith alignment_with(const std::string& focal, const std::vector<PeriodValue>& agreement,
                             const std::vector<PeriodValue>& ideal_points,
                             const ChangePointOptions& options) {
  std::map<int, double> focal_x;
  for (const auto& p : ideal_points) {
    if (p.country == focal) focal_x[p.period] = p.value;
  }
  std::map<std::string, std::map<int, std::pair<double, double>>> by_partner;
  for (const auto& a : agreement) {
    if (a.country == focal) continue;
    by_partner[a.country][a.period].first = a.value;
    by_partner[a.country][a.period].second = kNaN;
  }
  for (const auto& p : ideal_points) {
    if (p.country == focal) continue;
    auto fx = focal_x.find(p.period);
    if (fx == focal_x.end()) continue;
    auto& cell = by_partner[p.country].try_emplace(p.period, kNaN, kNaN).first->second;
    cell.second = std::abs(p.value - fx->second);
  }
  AlignmentWith out;
  out.focal = focal;
  for (const auto& [partner, cells] : by_partner) {
    PartnerSeries s;
    s.partner = partner;
    for (const auto& [period, values] : cells) {
      s.periods.push_back(period);
      s.agreement.push_back(values.first);
      s.distance.push_back(values.second);
    }
    find_shifts(partner, "agreement", s.periods, s.agreement, options, out.shifts);
    find_shifts(partner, "distance", s.periods, s.distance, options, out.shifts);
    out.partners.push_back(std::move(s));
  }
  std::stable_sort(out.shifts.begin(), out.shifts.end(), [](const Shift& a, const Shift& b) {
    return std::abs(a.size()) > std::abs(b.size());
  });
  return out;
}

}  // namespace softpower::alignment
