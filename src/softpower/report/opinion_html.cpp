#include "softpower/report/opinion_html.hpp"

#include <algorithm>
#include <optional>

#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report {

namespace {

std::string name_of(const OpinionPage& page, const std::string& code) {
  auto it = page.names.find(code);
  return it == page.names.end() ? code : it->second;
}

std::string measure_label(const std::string& measure) {
  if (measure == "favourable") return "favourable view";
  if (measure == "confidence_president") return "confidence in the president";
  return measure;
}

// Calendar years on x (so a year not surveyed is a gap), shares on y from 0 to 100.
std::string chart(const OpinionPage& page, const SeriesShifts& f, int first, int last) {
  const opinion::PublicSeries& s = *f.series;
  const double left = 50, top = 18, width = 760, height = 240;
  const double span = std::max(1, last - first);
  auto px = [&](double year) { return left + width * (year - first) / span; };
  const html::Domain y{0, 100};
  auto py = [&](double v) { return top + height * (1 - y.share(v)); };
  const std::string title =
      name_of(page, s.public_) + ": " + measure_label(s.measure) + " of " + name_of(page, s.object);
  std::string svg = html::svg_open(
      left + width + 30, top + height + 34, title,
      "% of respondents by survey year, with change points (dashed red) and segment levels "
      "(orange)",
      "chart series");
  for (double t : html::ticks(y, 5)) {
    svg += html::svg_line(left, py(t), left + width, py(t), html::attr("class", "grid"));
    svg += html::svg_text(left - 6, py(t) + 4, html::plain(t),
                          html::attr("class", "tick") + html::attr("text-anchor", "end"));
  }
  svg += html::svg_text(left, 11, "% of respondents", html::attr("class", "axis-label"));
  const int step = last - first > 12 ? 2 : 1;
  for (int year = first; year <= last; year += step) {
    svg += html::svg_text(px(year), top + height + 18, std::to_string(year),
                          html::attr("class", "tick") + html::attr("text-anchor", "middle"));
  }
  // Values, broken where a year was not surveyed.
  std::vector<double> xs;
  std::vector<std::optional<double>> ys;
  for (std::size_t i = 0; i < s.years.size(); ++i) {
    if (i > 0 && s.years[i] > s.years[i - 1] + 1) {
      xs.push_back(px(s.years[i] - 1));
      ys.emplace_back(std::nullopt);
    }
    xs.push_back(px(s.years[i]));
    ys.emplace_back(py(s.values[i]));
    svg += html::svg_circle(px(s.years[i]), py(s.values[i]), 3, html::attr("class", "point"),
                            std::to_string(s.years[i]) + ": " + html::plain(s.values[i]) + "%");
  }
  svg += html::svg_polyline(xs, ys, html::attr("class", "value"));
  // Each segment's level, from its first surveyed year to its last (across the years not
  // surveyed between them: a level is what the series holds there).
  std::size_t start = 0;
  for (std::size_t i = 1; i <= s.years.size(); ++i) {
    if (i < s.years.size() && f.shifts.fitted[i] == f.shifts.fitted[start] &&
        std::none_of(
            f.shifts.shifts.begin(), f.shifts.shifts.end(),
            [&](const opinion::OpinionShift& shift) { return shift.year == s.years[i]; })) {
      continue;
    }
    const double level = py(f.shifts.fitted[start]);
    svg += html::svg_line(px(s.years[start] - 0.25), level, px(s.years[i - 1] + 0.25), level,
                          html::attr("class", "level"));
    start = i;
  }
  for (const opinion::OpinionShift& shift : f.shifts.shifts) {
    const double x = px((shift.year + shift.previous_year) / 2.0);
    svg += html::svg_line(x, top, x, top + height, html::attr("class", "shift"));
    svg += html::svg_text(x + 3, top + 10, html::number(shift.change(), 1),
                          html::attr("class", "shift-label"));
  }
  return svg + html::svg_close();
}

templates::Data shift_rows(const SeriesShifts& f) {
  templates::List rows;
  for (const opinion::OpinionShift& s : f.shifts.shifts) {
    templates::Data row;
    row["year"] = std::to_string(s.year);
    row["previous_year"] = std::to_string(s.previous_year);
    row["before"] = html::number(s.before, 1);
    row["after"] = html::number(s.after, 1);
    row["change"] = html::number(s.change(), 1);
    row["size"] = html::plain(std::abs(s.change()));
    rows.push_back(std::move(row));
  }
  return templates::list(rows);
}

}  // namespace

std::string opinion_html(const OpinionPage& page) {
  int first = 0, last = 0;
  for (const SeriesShifts& f : *page.found) {
    const auto& years = f.series->years;
    if (years.empty()) continue;
    first = first == 0 ? years.front() : std::min(first, years.front());
    last = std::max(last, years.back());
  }
  templates::Data data;
  data["origin"] = page.origin;
  data["any_panel"] = !page.found->empty();
  templates::List panels;
  for (std::size_t i = 0; i < page.found->size(); ++i) {
    const SeriesShifts& f = (*page.found)[i];
    const opinion::PublicSeries& s = *f.series;
    templates::Data item;
    item["key"] = s.public_ + ":" + s.measure + ":" + s.object;
    item["name"] = name_of(page, s.public_);
    item["code"] = s.public_;
    item["measure"] = measure_label(s.measure);
    item["object"] = name_of(page, s.object);
    item["first"] = i == 0;
    item["surveyed"] = std::to_string(s.years.size());
    item["shift_count"] = std::to_string(f.shifts.shifts.size());
    item["searched"] = f.shifts.searched;
    item["penalty"] = html::number(f.shifts.penalty, 2);
    item["chart"] = chart(page, f, first, last);
    item["has_shifts"] = !f.shifts.shifts.empty();
    item["shifts"] = shift_rows(f);
    panels.push_back(std::move(item));
  }
  data["panels"] = templates::list(panels);
  return templates::page("opinion", "Public opinion over time", data);
}

}  // namespace softpower::report
