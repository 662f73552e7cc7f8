#include "softpower/report/perception_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "softpower/report/html.hpp"

namespace softpower::report {

namespace {

using perception::Measure;
using perception::Partner;
using perception::Role;

constexpr std::string_view kStyle = R"(
.perception{max-width:1100px;margin:0 auto;padding:28px 24px 48px}
.perception h1{font-size:26px;margin-bottom:6px}
.series .grid{stroke:#e2e8f0}
.series .tick,.series .axis-label{font-size:11px;fill:#4a5568}
.series .value{fill:none;stroke:#0072b2;stroke-width:1.8}
.series .point{fill:#0072b2}
.series .level{fill:none;stroke:#d55e00;stroke-width:2.2}
.series .shift{stroke:#c53030;stroke-width:1.5;stroke-dasharray:3 3}
.series .shift-label{font-size:10px;fill:#c53030}
.series .count{fill:#a0aec0}
.legend span{display:inline-block;margin-right:1.2em}
.key{display:inline-block;width:1.4em;height:.25em;vertical-align:middle;margin-right:.3em}
td.tone{font-variant-numeric:tabular-nums}
)";

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

// Periods on x by their position in the input (equally spaced), values on y, with a strip
// of event counts beneath.
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

std::string shift_list(const PerceptionPage& page, const PerceptionPanel& panel) {
  if (panel.shifts.shifts.empty()) {
    return "<p>No change point: one level fits the whole series.</p>";
  }
  std::string rows;
  for (const perception::SeriesShift& s : panel.shifts.shifts) {
    rows += "<tr><td data-sort=\"" + std::to_string(s.period) + "\">" +
            html::escape(perception::period_label(s.period, page.by)) + "</td><td class=\"num\">" +
            html::number(s.before, 3) + "</td><td class=\"num\">" + html::number(s.after, 3) +
            "</td><td class=\"num\" data-sort=\"" + html::plain(std::abs(s.change())) + "\">" +
            html::number(s.change(), 3) + "</td></tr>\n";
  }
  return "<table class=\"sortable\">" +
         html::table_head({{"from", "", false, "asc", "ascending"},
                           {"before", "", true, "desc"},
                           {"after", "", true, "desc"},
                           {"change", "", true, "desc", "", "after − before"}}) +
         "<tbody>" + rows + "</tbody></table>";
}

std::string partner_table(const PerceptionPage& page, const PerceptionPanel& panel) {
  if (panel.partners.empty()) return "<p>No events with another country.</p>";
  std::int64_t total = 0;
  for (const Partner& p : panel.partners) total += p.tally.events;
  std::string rows;
  for (const Partner& p : panel.partners) {
    const double tone = p.tally.tone();
    // Tone on a diverging scale saturated at ±5 (GDELT's tone is mostly within ±10).
    const double t = std::isnan(tone) ? 0.0 : std::clamp(tone / 5.0, -1.0, 1.0);
    const std::string colour =
        std::isnan(tone) ? std::string("transparent")
                         : html::diverging_colour(t) + (std::abs(t) > 0.55 ? ";color:#fff" : "");
    rows +=
        "<tr><td>" + html::escape(name_of(page, p.country)) + " <small>" + html::escape(p.country) +
        "</small></td><td class=\"num\">" + std::to_string(p.tally.events) +
        "</td><td class=\"num\">" +
        html::percent(static_cast<double>(p.tally.events) / static_cast<double>(total), 1) +
        "</td><td class=\"num tone\" style=\"background:" + colour + "\">" +
        html::number(std::isnan(tone) ? std::optional<double>() : tone, 2) +
        "</td><td class=\"num\">" +
        html::number(
            std::isnan(p.tally.goldstein()) ? std::optional<double>() : p.tally.goldstein(), 2) +
        "</td><td class=\"num\">" +
        (std::isnan(p.tally.cooperation()) ? std::string(html::kMissing)
                                           : html::percent(p.tally.cooperation(), 0)) +
        "</td></tr>\n";
  }
  const bool source = panel.series.role == Role::source;
  return "<table class=\"sortable\">" +
         html::table_head({{source ? "target" : "source", "", false, "asc"},
                           {"events", "", true, "desc", "descending"},
                           {"of listed", "", true, "desc"},
                           {"tone", "", true, "desc", "", "mention-weighted mean AvgTone"},
                           {"Goldstein", "", true, "desc"},
                           {"cooperative", "", true, "desc", "", "(q1 + q2) / events"}}) +
         "<tbody>" + rows + "</tbody></table>";
}

}  // namespace

std::string perception_html(const PerceptionPage& page) {
  std::string body =
      "<main class=\"perception\"><h1>Perception over time</h1>\n<p>GDELT events by " +
      html::escape(perception::period_unit_name(page.by)) + ", " +
      std::to_string(page.periods.size()) +
      " periods. Change points by the method named in changepoints.csv; the "
      "orange line is each segment's level. Events: " +
      html::escape(page.origin) + ".</p>\n";
  if (page.panels.empty())
    return html::document({"Perception", std::string(kStyle), body + "</main>"});
  body += "<p><label>Country <select data-switch=\"country\">";
  for (std::size_t i = 0; i < page.panels.size(); ++i) {
    const std::string& c = page.panels[i].series.country;
    body += "<option value=\"" + html::escape(c) + "\"" + (i == 0 ? " selected" : "") + ">" +
            html::escape(name_of(page, c)) + " (" +
            std::to_string(page.panels[i].shifts.shifts.size()) + " change points)</option>";
  }
  body += "</select></label></p>\n";
  for (std::size_t i = 0; i < page.panels.size(); ++i) {
    const PerceptionPanel& panel = page.panels[i];
    const perception::Series& s = panel.series;
    body += "<section data-switch-panel=\"country\" data-value=\"" + html::escape(s.country) +
            "\"" + (i == 0 ? "" : " hidden") + "><h2>" + html::escape(series_title(page, s)) +
            "</h2>\n";
    body += "<p class=\"legend\"><span><i class=\"key\" style=\"background:#0072b2\"></i>" +
            html::escape(measure_label(s.measure)) +
            "</span><span><i class=\"key\" style=\"background:#d55e00\"></i>segment level</span>"
            "<span><i class=\"key\" style=\"background:#c53030\"></i>change point</span>";
    if (s.dropped > 0) {
      body += "<span>" + std::to_string(s.dropped) + " periods left out (too few events)</span>";
    }
    body += "</p>\n" + chart(page, panel);
    body += "<h3>Change points</h3>\n" + shift_list(page, panel);
    body += "<h3>Top partners</h3>\n" + partner_table(page, panel) + "</section>\n";
  }
  body += "</main>";
  return html::document({"Perception over time", std::string(kStyle), std::move(body)});
}

}  // namespace softpower::report
