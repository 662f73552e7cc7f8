#include "softpower/report/diffusion_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report {

namespace {

using diffusion::Interval;

// Colours distinguishable by readers with any kind of colour vision (Okabe and Ito).
constexpr std::array<std::string_view, 8> kPalette = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                                      "#e69f00", "#56b4e9", "#000000", "#f0e442"};

// At most this many points per line: the grid is thinned evenly (ends kept).
constexpr std::size_t kMaxPoints = 240;

std::string colour(std::size_t k) {
  return std::string(kPalette[k % kPalette.size()]);
}

std::string name_of(const DiffusionPage& page, const std::string& code) {
  auto it = page.names.find(code);
  return it == page.names.end() ? code : it->second;
}

int measure(const DiffusionPage& page, const std::string& name) {
  const auto& m = page.ensemble->measures;
  const auto it = std::find(m.begin(), m.end(), name);
  return it == m.end() ? -1 : static_cast<int>(it - m.begin());
}

std::vector<std::size_t> thinned(std::size_t n) {
  std::vector<std::size_t> out;
  if (n == 0) return out;
  const std::size_t step = std::max<std::size_t>(1, (n + kMaxPoints - 1) / kMaxPoints);
  for (std::size_t i = 0; i < n; i += step) out.push_back(i);
  if (out.back() != n - 1) out.push_back(n - 1);
  return out;
}

struct Frame {
  double left = 60, top = 18, width = 700, height = 220;
  html::Domain x, y;
  double px(double v) const { return left + width * x.share(v); }
  double py(double v) const { return top + height * (1 - y.share(v)); }
};

// 250000 as "250k", 3000000 as "3M": attempt counts on an axis.
std::string compact(double v) {
  const double a = std::abs(v);
  auto scaled = [&](double unit, const char* suffix) {
    return html::plain(std::round(v / unit * 1000) / 1000) + suffix;
  };
  if (a >= 1e9) return scaled(1e9, "G");
  if (a >= 1e6) return scaled(1e6, "M");
  if (a >= 1e4) return scaled(1e3, "k");
  return html::significant(v, 3);
}

std::string axes(const Frame& f, const std::string& y_label, const std::string& x_label) {
  std::string svg;
  for (double t : html::ticks(f.y, 5)) {
    svg += html::svg_line(f.left, f.py(t), f.left + f.width, f.py(t), html::attr("class", "grid"));
    svg += html::svg_text(f.left - 6, f.py(t) + 4, html::significant(t, 3),
                          html::attr("class", "tick") + html::attr("text-anchor", "end"));
  }
  for (double t : html::ticks(f.x, 6)) {
    svg += html::svg_text(f.px(t), f.top + f.height + 14, compact(t),
                          html::attr("class", "tick") + html::attr("text-anchor", "middle"));
  }
  svg += html::svg_text(f.left, 11, y_label, html::attr("class", "axis-label"));
  svg += html::svg_text(f.left + f.width, f.top + f.height + 30, x_label,
                        html::attr("class", "axis-label") + html::attr("text-anchor", "end"));
  return svg;
}

// A filled band between lo and hi over the points.
std::string band(const Frame& f, const std::vector<double>& x, const std::vector<double>& lo,
                 const std::vector<double>& hi, const std::string& fill) {
  std::string d;
  for (std::size_t i = 0; i < x.size(); ++i) {
    d += fmt::format("{}{:.1f} {:.1f}", i == 0 ? "M" : "L", f.px(x[i]), f.py(hi[i]));
  }
  for (std::size_t i = x.size(); i-- > 0;)
    d += fmt::format("L{:.1f} {:.1f}", f.px(x[i]), f.py(lo[i]));
  if (d.empty()) return "";
  return "<path" + html::attr("d", d + "Z") + html::attr("class", "band") +
         html::attr("fill", fill) + "/>";
}

struct Line {
  int measure = -1;
  std::string label, colour;
};

// Means over time of the given measures, each with its 95% band.
std::string time_chart(const DiffusionPage& page, const std::vector<Line>& lines,
                       const std::string& title, const std::string& y_label,
                       std::optional<html::Domain> fixed = std::nullopt) {
  const std::vector<std::uint64_t> grid = page.ensemble->grid();
  const auto& over = *page.over_time;
  const std::vector<std::size_t> keep = thinned(grid.size());
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (const Line& l : lines) {
    for (std::size_t p : keep) {
      const Interval& i = over[p][l.measure];
      if (std::isnan(i.mean)) continue;
      lo = std::min(lo, i.lo);
      hi = std::max(hi, i.hi);
    }
  }
  if (lo > hi) lo = hi = 0;
  Frame f;
  f.x = {0, static_cast<double>(std::max<std::uint64_t>(1, grid.back()))};
  f.y = fixed ? *fixed : html::nice_domain(std::min(lo, 0.0), hi);
  std::string svg =
      html::svg_open(f.left + f.width + 160, f.top + f.height + 36, title,
                     "Means over the runs with their 95% intervals as bands", "chart");
  svg += axes(f, y_label, "attempted interactions");
  std::vector<std::pair<double, Line>> labels;
  for (const Line& l : lines) {
    std::vector<double> x, bl, bh;
    std::vector<double> px;
    std::vector<std::optional<double>> py;
    for (std::size_t p : keep) {
      const Interval& i = over[p][l.measure];
      if (std::isnan(i.mean)) continue;
      x.push_back(static_cast<double>(grid[p]));
      bl.push_back(i.lo);
      bh.push_back(i.hi);
      px.push_back(f.px(static_cast<double>(grid[p])));
      py.emplace_back(f.py(i.mean));
    }
    svg += band(f, x, bl, bh, l.colour);
    svg += html::svg_polyline(px, py, html::attr("class", "line") + html::attr("stroke", l.colour));
    if (!py.empty()) labels.emplace_back(*py.back() + 4, l);
  }
  std::sort(labels.begin(), labels.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t k = 1; k < labels.size(); ++k) {
    labels[k].first = std::max(labels[k].first, labels[k - 1].first + 12);
  }
  for (const auto& [y, l] : labels) {
    svg += html::svg_text(f.left + f.width + 6, y, l.label,
                          html::attr("class", "label") + html::attr("fill", l.colour));
  }
  return svg + html::svg_close();
}

// A mean with its interval for templates/interval.mustache, or false when there is no mean.
templates::Data interval(const Interval& i, int decimals) {
  if (std::isnan(i.mean)) return templates::Data(false);
  return templates::Object{{"mean", html::number(i.mean, decimals)},
                           {"lo", html::number(i.lo, decimals)},
                           {"hi", html::number(i.hi, decimals)}};
}

// Final attraction to each exporter against homogenisation, per country: the trade-off.
templates::Data trade_off(const DiffusionPage& page) {
  const auto& end = *page.at_end;
  templates::List rows;
  struct Point {
    double x, y;
    std::string label;
    std::size_t exporter;
  };
  std::vector<Point> points;
  for (const std::string& c : page.countries) {
    const int h = measure(page, "homogenisation_" + c);
    const int drop = measure(page, "diversity_drop_" + c);
    for (std::size_t e = 0; e < page.exporters.size(); ++e) {
      const std::string& x = page.exporters[e];
      if (x == c) continue;
      const int a = measure(page, fmt::format("attraction_{}_{}", c, x));
      if (a < 0) continue;
      rows.emplace_back(templates::Object{
          {"country", name_of(page, c)},
          {"exporter", name_of(page, x)},
          {"attraction_sort", html::plain(end[a].mean)},
          {"attraction", interval(end[a], 3)},
          {"has_homogenisation", h >= 0},
          {"homogenisation_sort", h >= 0 ? html::plain(end[h].mean) : std::string()},
          {"homogenisation", h >= 0 ? interval(end[h], 3) : templates::Data(false)},
          {"has_drop", drop >= 0},
          {"drop", drop >= 0 ? interval(end[drop], 3) : templates::Data(false)}});
      if (h >= 0 && !std::isnan(end[h].mean) && !std::isnan(end[a].mean)) {
        points.push_back({end[h].mean, end[a].mean, fmt::format("{}←{}", c, x), e});
      }
    }
  }
  if (rows.empty()) return templates::Data(false);
  std::string svg;
  if (!points.empty()) {
    Frame f;
    f.width = 420;
    f.height = 300;
    double xmax = 0;
    for (const Point& p : points) xmax = std::max(xmax, p.x);
    f.x = html::nice_domain(0, std::max(xmax, 0.01));
    f.y = {0, 1};
    svg = html::svg_open(f.left + f.width + 140, f.top + f.height + 36,
                         "Attraction against homogenisation",
                         "One point per target country and exporter", "chart");
    svg += axes(f, "attraction to the exporter", "homogenisation (displaced share)");
    for (const Point& p : points) {
      svg += html::svg_circle(f.px(p.x), f.py(p.y), 5, html::attr("fill", colour(p.exporter)),
                              p.label);
      svg += html::svg_text(f.px(p.x) + 7, f.py(p.y) + 4, p.label,
                            html::attr("class", "label") + html::attr("fill", colour(p.exporter)));
    }
    svg += html::svg_close();
  }
  return templates::Object{{"chart", svg}, {"rows", templates::list(rows)}};
}

templates::Data flows(const DiffusionPage& page) {
  if (page.countries.size() < 2) return templates::Data(false);
  const auto& end = *page.at_end;
  double most = 0;
  for (const std::string& a : page.countries) {
    for (const std::string& b : page.countries) {
      const int m = a == b ? -1 : measure(page, fmt::format("flows_{}_{}", a, b));
      if (m >= 0 && !std::isnan(end[m].mean)) most = std::max(most, end[m].mean);
    }
  }
  templates::List codes, rows, pairs;
  for (const std::string& b : page.countries) codes.emplace_back(templates::Object{{"code", b}});
  for (const std::string& a : page.countries) {
    templates::List cells;
    for (const std::string& b : page.countries) {
      const int m = a == b ? -1 : measure(page, fmt::format("flows_{}_{}", a, b));
      if (m < 0) {
        cells.emplace_back(templates::Object{{"missing", true}});
        continue;
      }
      const double t = most > 0 ? end[m].mean / most : 0;
      cells.emplace_back(templates::Object{{"missing", false},
                                           {"dark", html::dark_background(t)},
                                           {"colour", html::sequential_colour(t)},
                                           {"value", html::significant(end[m].mean, 3)}});
    }
    rows.emplace_back(
        templates::Object{{"name", name_of(page, a)}, {"cells", templates::list(cells)}});
  }
  for (std::size_t a = 0; a < page.countries.size(); ++a) {
    for (std::size_t b = a + 1; b < page.countries.size(); ++b) {
      const int m = measure(page, "asymmetry_" + page.countries[a] + "_" + page.countries[b]);
      if (m < 0) continue;
      pairs.emplace_back(templates::Object{{"from", name_of(page, page.countries[a])},
                                           {"to", name_of(page, page.countries[b])},
                                           {"asymmetry", interval(end[m], 3)}});
    }
  }
  return templates::Object{{"codes", templates::list(codes)},
                           {"rows", templates::list(rows)},
                           {"pairs", templates::list(pairs)}};
}

// --compare: both scenarios' exporters, their attraction gained against the homogenisation
// it came with, per country.
templates::Data comparison(const DiffusionPage& page) {
  if (page.comparison.empty()) return templates::Data(false);
  std::vector<std::string> scenarios;
  for (const ComparisonRow& r : page.comparison) {
    if (std::find(scenarios.begin(), scenarios.end(), r.scenario) == scenarios.end()) {
      scenarios.push_back(r.scenario);
    }
  }
  auto scenario_colour = [&](const std::string& name) {
    return colour(static_cast<std::size_t>(std::find(scenarios.begin(), scenarios.end(), name) -
                                           scenarios.begin()));
  };
  Frame f;
  f.width = 480;
  f.height = 300;
  double xmax = 0.01, ymin = 0, ymax = 0.01;
  for (const ComparisonRow& r : page.comparison) {
    if (!std::isnan(r.homogenisation.mean)) xmax = std::max(xmax, r.homogenisation.mean);
    const double gain = r.attraction.mean - r.attraction_start.mean;
    ymin = std::min(ymin, gain);
    ymax = std::max(ymax, gain);
  }
  f.x = html::nice_domain(0, xmax);
  f.y = html::nice_domain(ymin, ymax);
  std::string svg = html::svg_open(f.left + f.width + 150, f.top + f.height + 36,
                                   "Attraction gained against homogenisation, both scenarios",
                                   "One point per scenario, exporter and country", "chart");
  svg += axes(f, "attraction gained (end − start)", "homogenisation (displaced share)");
  templates::List rows;
  for (const ComparisonRow& r : page.comparison) {
    const std::string c = scenario_colour(r.scenario);
    const std::string label = r.country + "←" + r.exporter;
    const double gain = r.attraction.mean - r.attraction_start.mean;
    if (!std::isnan(r.homogenisation.mean) && !std::isnan(gain)) {
      svg += html::svg_circle(f.px(r.homogenisation.mean), f.py(gain), 5, html::attr("fill", c),
                              r.scenario + ": " + label);
      svg += html::svg_text(f.px(r.homogenisation.mean) + 7, f.py(gain) + 4, label,
                            html::attr("class", "label") + html::attr("fill", c));
    }
    rows.emplace_back(templates::Object{{"colour", c},
                                        {"scenario", r.scenario},
                                        {"country", name_of(page, r.country)},
                                        {"exporter", name_of(page, r.exporter)},
                                        {"start", html::number(r.attraction_start.mean, 3)},
                                        {"attraction_sort", html::plain(r.attraction.mean)},
                                        {"attraction", interval(r.attraction, 3)},
                                        {"homogenisation_sort", html::plain(r.homogenisation.mean)},
                                        {"homogenisation", interval(r.homogenisation, 3)},
                                        {"drop", interval(r.diversity_drop, 3)},
                                        {"asymmetry", interval(r.asymmetry, 3)}});
  }
  return templates::Object{{"chart", svg + html::svg_close()}, {"rows", templates::list(rows)}};
}

}  // namespace

std::string diffusion_html(const DiffusionPage& page) {
  const auto& e = *page.ensemble;
  const auto& end = *page.at_end;
  std::size_t absorbed = 0;
  for (const auto& r : e.runs) absorbed += r.absorbed ? 1 : 0;
  templates::List attraction;
  for (std::size_t x = 0; x < page.exporters.size(); ++x) {
    std::vector<Line> lines;
    for (std::size_t c = 0; c < page.countries.size(); ++c) {
      const int m = measure(page, "attraction_" + page.countries[c] + "_" + page.exporters[x]);
      if (m >= 0) lines.push_back({m, name_of(page, page.countries[c]), colour(c)});
    }
    if (lines.empty()) continue;
    attraction.emplace_back(templates::Object{
        {"name", name_of(page, page.exporters[x])},
        {"chart", time_chart(page, lines, "Attraction to " + name_of(page, page.exporters[x]),
                             "share of features shared", html::Domain{0, 1})}});
  }
  templates::Data data(templates::Object{
      {"title", page.title},
      {"description", page.description},
      {"runs", std::to_string(page.runs)},
      {"seed", std::to_string(page.seed)},
      {"absorbed", std::to_string(absorbed)},
      {"regions", interval(end[0], 2)},
      {"largest", interval(end[1], 3)},
      {"regions_chart",
       time_chart(page, {{0, "regions", colour(0)}}, "Cultural regions over time", "regions")},
      {"largest_chart", time_chart(page, {{1, "S_max / N", colour(1)}}, "Largest region over time",
                                   "S_max / N", html::Domain{0, 1})},
      {"attraction", templates::list(attraction)},
      {"comparison", comparison(page)},
      {"trade_off", trade_off(page)},
      {"flows", flows(page)}});
  return templates::page("diffusion", page.title + " — softpower simulate", data);
}

}  // namespace softpower::report
