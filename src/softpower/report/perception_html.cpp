#include "softpower/report/perception_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report {

namespace {

using perception::Measure;
using perception::Partner;
using perception::Role;

std::string name_of(const PerceptionPage& page, const std::string& code) {
  auto it = page.names.find(code);
  return it == page.names.end() ? code : it->second;
}

std::string measure_label(Measure m) {
  switch (m) {
    case Measure::tone:
      return "tone (mention-weighted)";
    case Measure::mean_tone:
      return "mean tone";
    case Measure::goldstein:
      return "Goldstein mean";
    case Measure::events:
      return "events";
    case Measure::mentions:
      return "mentions";
    case Measure::share:
      return "share of the period's events";
    case Measure::coop:
      return "cooperative share";
    case Measure::q1:
      return "verbal cooperation share";
    case Measure::q2:
      return "material cooperation share";
    case Measure::q3:
      return "verbal conflict share";
    case Measure::q4:
      return "material conflict share";
  }
  return "";
}

std::string series_title(const PerceptionPage& page, const perception::Series& s) {
  std::string country = name_of(page, s.country);
  switch (s.role) {
    case Role::target:
      return "How the world's media treats " + country;
    case Role::source:
      return "How " + country + " treats the world, in the media";
    case Role::dyad:
      return name_of(page, s.partner) + " toward " + country;
  }
  return country;
}

// Periods as text, consecutive ones joined into ranges: "2013-03", "2015-11 to 2018-02, 2019-05"
// (at most six ranges, then how many more).
std::string period_ranges(const std::vector<std::int32_t>& periods, perception::PeriodUnit by) {
  std::string text;
  std::size_t ranges = 0;
  for (std::size_t i = 0; i < periods.size();) {
    std::size_t j = i;
    while (j + 1 < periods.size() && periods[j + 1] == perception::next_period(periods[j], by)) ++j;
    if (ranges++ < 6) {
      text += (text.empty() ? "" : ", ") + perception::period_label(periods[i], by);
      if (j > i) text += " to " + perception::period_label(periods[j], by);
    }
    i = j + 1;
  }
  if (ranges > 6) text += fmt::format(" and {} more", ranges - 6);
  return text;
}

// Periods on x on a calendar time axis (every period from the input's first to its last, equally
// spaced), values on y, with a strip of event counts beneath. A period without a value breaks the
// line; one the input has no event in is shaded.
std::string chart(const PerceptionPage& page, const PerceptionPanel& panel) {
  const perception::Series& s = panel.series;
  const double left = 60, top = 18, width = 760, height = 220, bars_top = top + height + 26,
               bars_height = 60;
  const std::size_t n = std::max<std::size_t>(page.periods.size(), 2);
  auto position = [&](std::int32_t period) {
    const auto it = std::lower_bound(page.periods.begin(), page.periods.end(), period);
    return static_cast<double>(it - page.periods.begin());
  };
  auto px = [&](double i) { return left + width * i / static_cast<double>(n - 1); };
  double lo = 0, hi = 0;
  bool any = false;
  for (double v : s.values) {
    lo = any ? std::min(lo, v) : v;
    hi = any ? std::max(hi, v) : v;
    any = true;
  }
  const html::Domain y = html::nice_domain(lo, hi);
  auto py = [&](double v) { return top + height * (1 - y.share(v)); };
  const std::string label = measure_label(s.measure);
  std::string svg = html::svg_open(
      left + width + 30, bars_top + bars_height + 34, series_title(page, s),
      label + " by " + std::string(perception::period_unit_name(page.by)) +
          ", with change points (dashed red) and segment levels (orange); events beneath",
      "chart series");
  for (double t : html::ticks(y, 5)) {
    svg += html::svg_line(left, py(t), left + width, py(t), html::attr("class", "grid"));
    svg += html::svg_text(left - 6, py(t) + 4, html::plain(std::round(t * 1e6) / 1e6),
                          html::attr("class", "tick") + html::attr("text-anchor", "end"));
  }
  svg += html::svg_text(left, 11, label, html::attr("class", "axis-label"));
  // Time labels: about eight, at evenly spaced periods.
  const std::size_t step = std::max<std::size_t>(1, (page.periods.size() + 7) / 8);
  for (std::size_t i = 0; i < page.periods.size(); i += step) {
    svg += html::svg_text(px(static_cast<double>(i)), bars_top + bars_height + 14,
                          perception::period_label(page.periods[i], page.by),
                          html::attr("class", "tick") + html::attr("text-anchor", "middle"));
  }
  // Periods the input has no event in: shaded, so that a gap in the data is seen as one.
  const double slot = width / static_cast<double>(n - 1);
  for (const perception::SeriesGap& gap : s.gaps) {
    if (gap.in_input) continue;
    svg += html::svg_rect(px(position(gap.period)) - slot / 2, top, slot, height,
                          html::attr("class", "no-data"),
                          perception::period_label(gap.period, page.by) + ": no data in the input");
  }
  // The values, broken where a period was left out.
  std::vector<double> xs;
  std::vector<std::optional<double>> ys, levels;
  for (std::size_t i = 0; i < s.periods.size(); ++i) {
    const double at = position(s.periods[i]);
    if (i > 0 && at > position(s.periods[i - 1]) + 1) {
      xs.push_back(px(at - 1));
      ys.emplace_back(std::nullopt);
      levels.emplace_back(std::nullopt);
    }
    xs.push_back(px(at));
    ys.emplace_back(py(s.values[i]));
    levels.emplace_back(py(panel.shifts.fitted[i]));
    svg += html::svg_circle(px(at), py(s.values[i]), 2.2, html::attr("class", "point"),
                            perception::period_label(s.periods[i], page.by) + ": " +
                                html::significant(s.values[i], 3) + " (" +
                                std::to_string(s.events[i]) + " events)");
  }
  svg += html::svg_polyline(xs, ys, html::attr("class", "value"));
  // A series too thin for change points has no level drawn: its mean is no finding.
  if (panel.shifts.refused.empty())
    svg += html::svg_polyline(xs, levels, html::attr("class", "level"));
  for (const perception::SeriesShift& shift : panel.shifts.shifts) {
    const double x = px(position(shift.period) - 0.5);
    svg += html::svg_line(x, top, x, top + height, html::attr("class", "shift"));
    svg += html::svg_text(
        x + 3, top + 10,
        perception::period_label(shift.period, page.by) + " " + html::number(shift.change(), 2),
        html::attr("class", "shift-label"));
  }
  // Events per period.
  std::int64_t most = 1;
  for (std::int64_t e : s.events) most = std::max(most, e);
  const double bar = std::max(1.0, width / static_cast<double>(n) * 0.7);
  for (std::size_t i = 0; i < s.periods.size(); ++i) {
    const double h = bars_height * static_cast<double>(s.events[i]) / static_cast<double>(most);
    svg += html::svg_rect(px(position(s.periods[i])) - bar / 2, bars_top + bars_height - h, bar, h,
                          html::attr("class", "count"),
                          perception::period_label(s.periods[i], page.by) + ": " +
                              std::to_string(s.events[i]) + " events");
  }
  svg += html::svg_text(left - 6, bars_top + 8, std::to_string(most),
                        html::attr("class", "tick") + html::attr("text-anchor", "end"));
  svg += html::svg_text(left - 6, bars_top + bars_height, "0",
                        html::attr("class", "tick") + html::attr("text-anchor", "end"));
  return svg + html::svg_close();
}

templates::Data shift_rows(const PerceptionPage& page, const PerceptionPanel& panel) {
  templates::List rows;
  for (const perception::SeriesShift& s : panel.shifts.shifts) {
    templates::Data row;
    row["period"] = std::to_string(s.period);
    row["label"] = perception::period_label(s.period, page.by);
    row["before"] = html::number(s.before, 3);
    row["after"] = html::number(s.after, 3);
    row["size"] = html::plain(std::abs(s.change()));
    row["change"] = html::number(s.change(), 3);
    rows.push_back(std::move(row));
  }
  return templates::list(rows);
}

templates::Data partner_rows(const PerceptionPage& page, const PerceptionPanel& panel) {
  std::int64_t total = 0;
  for (const Partner& p : panel.partners) total += p.tally.events;
  templates::List rows;
  for (const Partner& p : panel.partners) {
    const double tone = p.tally.tone();
    // Tone on a diverging scale saturated at ±5 (GDELT's tone is mostly within ±10).
    const double t = std::isnan(tone) ? 0.0 : std::clamp(tone / 5.0, -1.0, 1.0);
    templates::Data row;
    row["name"] = name_of(page, p.country);
    row["code"] = p.country;
    row["events"] = std::to_string(p.tally.events);
    row["share"] =
        html::percent(static_cast<double>(p.tally.events) / static_cast<double>(total), 1);
    row["colour"] = std::isnan(tone)
                        ? std::string("transparent")
                        : html::diverging_colour(t) + (std::abs(t) > 0.55 ? ";color:#fff" : "");
    row["tone"] = html::number(std::isnan(tone) ? std::optional<double>() : tone, 2);
    row["goldstein"] = html::number(
        std::isnan(p.tally.goldstein()) ? std::optional<double>() : p.tally.goldstein(), 2);
    row["cooperative"] = std::isnan(p.tally.cooperation())
                             ? std::string(html::kMissing)
                             : html::percent(p.tally.cooperation(), 0);
    rows.push_back(std::move(row));
  }
  return templates::list(rows);
}

}  // namespace

std::string perception_html(const PerceptionPage& page) {
  templates::Data data;
  data["by"] = std::string(perception::period_unit_name(page.by));
  data["period_count"] = std::to_string(page.periods.size());
  data["input_periods"] = std::to_string(page.input_periods);
  data["window"] = page.periods.empty()
                       ? std::string("no period")
                       : perception::period_label(page.periods.front(), page.by) + " to " +
                             perception::period_label(page.periods.back(), page.by);
  data["origin"] = page.origin;
  data["any_panel"] = !page.panels.empty();
  templates::List panels;
  for (std::size_t i = 0; i < page.panels.size(); ++i) {
    const PerceptionPanel& panel = page.panels[i];
    const perception::Series& s = panel.series;
    templates::Data item;
    item["code"] = s.country;
    item["name"] = name_of(page, s.country);
    item["title"] = series_title(page, s);
    item["measure"] = measure_label(s.measure);
    item["first"] = i == 0;
    item["shift_count"] = std::to_string(panel.shifts.shifts.size());
    item["dropped"] =
        s.dropped > 0 ? templates::Data(std::to_string(s.dropped)) : templates::Data(false);
    std::int64_t events = 0;
    for (const std::int64_t e : s.events) events += e;
    item["valued"] = std::to_string(s.periods.size());
    std::vector<std::int32_t> no_data, thin;
    for (const perception::SeriesGap& gap : s.gaps) {
      (gap.in_input ? thin : no_data).push_back(gap.period);
      events += gap.events;
    }
    item["events"] = std::to_string(events);
    item["no_data"] =
        no_data.empty() ? templates::Data(false) : templates::Data(period_ranges(no_data, page.by));
    item["thin"] =
        thin.empty() ? templates::Data(false) : templates::Data(period_ranges(thin, page.by));
    item["refused"] = panel.shifts.refused.empty() ? templates::Data(false)
                                                   : templates::Data(panel.shifts.refused);
    item["chart"] = chart(page, panel);
    item["has_shifts"] = !panel.shifts.shifts.empty();
    item["shifts"] = shift_rows(page, panel);
    item["as_source"] = s.role == Role::source;
    item["has_partners"] = !panel.partners.empty();
    item["partners"] = partner_rows(page, panel);
    panels.push_back(std::move(item));
  }
  data["panels"] = templates::list(panels);
  return templates::page("perception", page.panels.empty() ? "Perception" : "Perception over time",
                         data);
}

}  // namespace softpower::report
