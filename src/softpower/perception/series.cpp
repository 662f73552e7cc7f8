#include "softpower/perception/series.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "softpower/core/error.hpp"

namespace softpower::perception {

namespace {

constexpr std::array<std::string_view, 3> kRoles = {"target", "source", "dyad"};
constexpr std::array<std::string_view, 11> kMeasures = {
    "tone", "mean_tone", "goldstein", "events", "mentions", "share",
    "coop", "q1",        "q2",        "q3",     "q4"};

template <std::size_t N>
std::size_t index_of(const std::array<std::string_view, N>& names, std::string_view name,
                     std::string_view what) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return i;
  }
  std::string known;
  for (std::string_view n : names) known += (known.empty() ? "" : ", ") + std::string(n);
  throw Error("unknown " + std::string(what) + " '" + std::string(name) + "' (one of " + known +
              ")");
}

double value_of(const Aggregate& a, std::int32_t period, const Tally& t, Measure m) {
  switch (m) {
    case Measure::tone:
      return t.tone();
    case Measure::mean_tone:
      return t.mean_tone();
    case Measure::goldstein:
      return t.goldstein();
    case Measure::events:
      return static_cast<double>(t.events);
    case Measure::mentions:
      return static_cast<double>(t.mentions);
    case Measure::share:
      return t.events == 0 ? 0.0 : a.share(period, t);
    case Measure::coop:
      return t.cooperation();
    case Measure::q1:
      return t.quad_share(0);
    case Measure::q2:
      return t.quad_share(1);
    case Measure::q3:
      return t.quad_share(2);
    case Measure::q4:
      return t.quad_share(3);
  }
  return std::nan("");
}

bool matches(const DyadRow& k, const SeriesOptions& o) {
  switch (o.role) {
    case Role::target:
      return k.target == o.country;
    case Role::source:
      return k.source == o.country;
    case Role::dyad:
      return k.target == o.country && k.source == o.partner;
  }
  return false;
}

}  // namespace

Role parse_role(std::string_view name) {
  return static_cast<Role>(index_of(kRoles, name, "role"));
}

std::string_view role_name(Role role) {
  return kRoles[static_cast<std::size_t>(role)];
}

Measure parse_measure(std::string_view name) {
  return static_cast<Measure>(index_of(kMeasures, name, "series"));
}

std::string_view measure_name(Measure measure) {
  return kMeasures[static_cast<std::size_t>(measure)];
}

bool is_ratio(Measure measure) {
  return measure != Measure::events && measure != Measure::mentions && measure != Measure::share;
}

ShiftMethod parse_shift_method(std::string_view name) {
  if (name == "pelt") return ShiftMethod::pelt;
  if (name == "cusum") return ShiftMethod::cusum;
  throw Error("unknown change-point method '" + std::string(name) + "' (one of pelt, cusum)");
}

Series make_series(const Aggregate& a, const SeriesOptions& options) {
  if (options.role == Role::dyad && options.partner.empty()) {
    throw Error("a dyad series needs a partner (the source of the events)");
  }
  std::map<std::int32_t, Tally> by_period;
  for (const DyadRow& k : a.keys) {
    if (matches(k, options)) by_period[k.period].merge(k.tally);
  }
  Series s;
  s.country = options.country;
  s.partner = options.partner;
  s.role = options.role;
  s.measure = options.measure;
  s.by = a.by;
  if (a.periods.empty()) return s;
  s.first = a.periods.begin()->first;
  s.last = a.periods.rbegin()->first;
  const bool ratio = is_ratio(options.measure);
  const Tally none;
  for (const std::int32_t period : period_range(s.first, s.last, a.by)) {
    if (a.periods.count(period) == 0) {
      s.gaps.push_back({period, 0, false});
      continue;
    }
    auto it = by_period.find(period);
    const Tally& t = it == by_period.end() ? none : it->second;
    const double v = value_of(a, period, t, options.measure);
    if ((ratio && t.events < std::max<std::int64_t>(options.min_events, 1)) || std::isnan(v)) {
      ++s.dropped;
      s.gaps.push_back({period, t.events, true});
      continue;
    }
    s.periods.push_back(period);
    s.values.push_back(v);
    s.events.push_back(t.events);
  }
  return s;
}

std::string shift_refusal(const Series& series, const ShiftMinimums& minimums) {
  const std::string unit(period_unit_name(series.by));
  if (series.periods.empty()) return "no " + unit + " has a value";
  std::size_t counted = 0;
  for (const std::int64_t e : series.events) counted += e >= minimums.events ? 1 : 0;
  const std::size_t span =
      period_range(series.periods.front(), series.periods.back(), series.by).size();
  const double needed_share = minimums.coverage * static_cast<double>(span);
  if (counted >= minimums.periods && static_cast<double>(counted) >= needed_share) return "";
  return fmt::format(
      "only {} of the {} {}s from {} to {} have {} events or more; change points need at least "
      "{} such {}s, and {:g}% of those from the first value to the last",
      counted, span, unit, period_label(series.periods.front(), series.by),
      period_label(series.periods.back(), series.by), minimums.events, minimums.periods, unit,
      100 * minimums.coverage);
}

SeriesShifts find_shifts(const Series& series, const ShiftOptions& options) {
  SeriesShifts out;
  const std::size_t n = series.values.size();
  out.fitted.assign(n, 0.0);
  out.refused = shift_refusal(series, options.minimums);
  if (n == 0) return out;
  // Too thin, or too short to hold two segments: one level, no change.
  std::size_t shortest = options.pelt.min_segment;
  if (shortest == 0) shortest = options.pelt.cost == ChangeCost::mean_variance ? 5 : 2;
  if (options.method == ShiftMethod::cusum) shortest = 2;
  Segmentation seg;
  if (!out.refused.empty() || n < 2 * shortest) {
    double sum = 0;
    for (double v : series.values) sum += v;
    seg.means = {sum / static_cast<double>(n)};
  } else if (options.method == ShiftMethod::pelt) {
    seg = pelt(series.values, options.pelt);
  } else {
    seg = cusum(series.values, options.cusum_threshold);
  }
  out.penalty = options.method == ShiftMethod::pelt ? seg.penalty : 0.0;
  std::size_t segment = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (segment < seg.changes.size() && i == seg.changes[segment]) ++segment;
    out.fitted[i] = seg.means[segment];
  }
  for (std::size_t c = 0; c < seg.changes.size(); ++c) {
    const std::size_t at = seg.changes[c];
    out.shifts.push_back({series.periods[at], at, seg.means[c], seg.means[c + 1]});
  }
  return out;
}

std::vector<Partner> top_partners(const Aggregate& a, const std::string& country, Role role,
                                  std::size_t limit) {
  std::map<std::string, Tally> sums;
  for (const DyadRow& k : a.keys) {
    if (k.source.empty() || k.target.empty() || k.source == k.target) continue;
    if (role == Role::source) {
      if (k.source == country) sums[k.target].merge(k.tally);
    } else if (k.target == country) {
      sums[k.source].merge(k.tally);
    }
  }
  std::vector<Partner> partners;
  partners.reserve(sums.size());
  for (auto& [code, tally] : sums) partners.push_back({code, tally});
  std::stable_sort(partners.begin(), partners.end(), [](const Partner& x, const Partner& y) {
    return x.tally.events > y.tally.events;
  });
  if (limit != 0 && partners.size() > limit) partners.resize(limit);
  return partners;
}

std::vector<std::string> most_reported(const Aggregate& a, Role role, std::size_t limit) {
  std::map<std::string, std::int64_t> events;
  for (const DyadRow& k : a.keys) {
    const std::string& c = role == Role::source ? k.source : k.target;
    if (!c.empty()) events[c] += k.tally.events;
  }
  std::vector<std::pair<std::string, std::int64_t>> sorted(events.begin(), events.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  std::vector<std::string> out;
  for (const auto& [code, n] : sorted) {
    if (limit != 0 && out.size() == limit) break;
    out.push_back(code);
  }
  return out;
}

}  // namespace softpower::perception
