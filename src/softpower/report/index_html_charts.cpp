// One chart per aggregate level of report.html: for every aggregate of the level, a row with
// one dot per unit on the level's score scale (a beeswarm, so 200 units stay countable), the
// median marked and the top three labelled.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "softpower/report/index_html_parts.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report::index_page {

namespace {

using html::attr;
using html::escape;

// The drawing box (SVG units; the chart scales to the page width).
constexpr double kWidth = 1000, kPlotLeft = 250, kPlotRight = 980, kAxis = 26;
constexpr double kLabelLane = 14;  // height of one lane of top-three labels
constexpr double kMaxStack = 6;    // dots pile at most this many diameters each side of the axis
constexpr int kLabelled = 3;

struct Placed {
  const UnitResult* unit;
  double score, x;
  double offset = 0;  // from the axis line, down positive
};

double dot_radius(std::size_t units) {
  return units <= 60 ? 5 : units <= 120 ? 4 : 3.2;
}

double x_of(double score, const html::Domain& domain) {
  return kPlotLeft + domain.share(score) * (kPlotRight - kPlotLeft);
}

// A beeswarm: dots taken in score order each go as near the axis as they can without
// touching a dot already placed (the candidates are the axis and the spots just clear of each
// near neighbour). Where even the outermost spot is taken, dots overlap there.
void place_in_swarm(std::vector<Placed>& dots, double diameter) {
  std::sort(dots.begin(), dots.end(), [](const Placed& a, const Placed& b) { return a.x < b.x; });
  const double limit = kMaxStack * diameter;
  for (std::size_t i = 0; i < dots.size(); ++i) {
    std::vector<const Placed*> near;
    for (std::size_t j = i; j-- > 0 && dots[i].x - dots[j].x < diameter;) near.push_back(&dots[j]);
    std::vector<double> spots = {0};
    for (const Placed* p : near) {
      const double dx = dots[i].x - p->x, rise = std::sqrt(diameter * diameter - dx * dx);
      spots.push_back(p->offset + rise);
      spots.push_back(p->offset - rise);
    }
    std::sort(spots.begin(), spots.end(), [](double a, double b) {
      return std::abs(a) != std::abs(b) ? std::abs(a) < std::abs(b) : a > b;
    });
    auto clear = [&](double y) {
      return std::all_of(near.begin(), near.end(), [&](const Placed* p) {
        const double dx = dots[i].x - p->x, dy = y - p->offset;
        return dx * dx + dy * dy >= diameter * diameter * (1 - 1e-9);
      });
    };
    const auto spot = std::find_if(spots.begin(), spots.end(),
                                   [&](double y) { return std::abs(y) <= limit && clear(y); });
    dots[i].offset = spot != spots.end() ? *spot : (i % 2 == 0 ? limit : -limit);
  }
}

// How far the swarm reaches from the axis, to the edge of its outermost dot.
double swarm_extent(const std::vector<Placed>& dots, double radius) {
  double extent = 0;
  for (const Placed& d : dots) extent = std::max(extent, std::abs(d.offset));
  return extent + radius;
}

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
}

// Label lanes for the top three: each label takes the lowest lane where it overlaps no other.
struct Label {
  const Placed* dot;
  std::string text;
  double left = 0, right = 0;
  int lane = 0;
};

std::vector<Label> top_labels(const std::vector<Placed>& dots, const std::string& node) {
  std::vector<const Placed*> best;
  for (const Placed& d : dots) best.push_back(&d);
  std::sort(best.begin(), best.end(), [&](const Placed* a, const Placed* b) {
    return a->unit->rank(node).value_or(1e9) < b->unit->rank(node).value_or(1e9);
  });
  best.resize(std::min<std::size_t>(best.size(), kLabelled));
  std::vector<Label> labels;
  for (const Placed* d : best) {
    Label l{d, d->unit->code};
    const double half = 3.4 * static_cast<double>(l.text.size()) + 3;
    l.left = std::clamp(d->x - half, kPlotLeft, kPlotRight + 18 - 2 * half);
    l.right = l.left + 2 * half;
    auto taken = [&](int lane) {
      return std::any_of(labels.begin(), labels.end(), [&](const Label& o) {
        return o.lane == lane && l.left < o.right && o.left < l.right;
      });
    };
    while (taken(l.lane)) ++l.lane;
    labels.push_back(l);
  }
  return labels;
}

struct Row {
  std::string svg;
  std::string summary;  // for the chart's text alternative
  double height = 0;
};

std::string shorten(const std::string& name, std::size_t limit) {
  if (name.size() <= limit) return name;
  std::size_t cut = limit - 1;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return name.substr(0, cut) + "…";
}

Row aggregate_row(const YearView& year, const Node& node, double top, const html::Domain& domain) {
  std::vector<Placed> dots;
  std::vector<double> scores;
  for (const UnitResult& u : year.units) {
    if (auto s = u.score(node.code)) {
      dots.push_back({&u, *s, x_of(*s, domain)});
      scores.push_back(*s);
    }
  }
  const double r = dot_radius(dots.size()), diameter = 2 * r + 0.8;
  place_in_swarm(dots, diameter);
  const std::vector<Label> labels = top_labels(dots, node.code);
  int lanes = 0;
  for (const Label& l : labels) lanes = std::max(lanes, l.lane + 1);
  const double extent = swarm_extent(dots, r);
  const double swarm_top = top + 6 + lanes * kLabelLane;
  const double centre = swarm_top + std::max(extent, 12.0);
  Row row;
  row.height = (centre - top) + std::max(extent, 12.0) + 8;

  const double mid = median(scores);
  const std::size_t n = year.ranked(node.code);
  std::string& svg = row.svg;
  svg += html::svg_text(8, centre - 1, shorten(node.name, 30), " class=\"row-name\"");
  svg += html::svg_text(8, centre + 14,
                        fmt::format("median {} · {} units", html::number(mid, 2), dots.size()),
                        " class=\"row-note\"");
  svg += html::svg_line(kPlotLeft, centre, kPlotRight, centre, " class=\"axis-line\"");
  if (!std::isnan(mid)) {
    svg += "<g class=\"median\">" +
           html::svg_line(x_of(mid, domain), centre - extent - 2, x_of(mid, domain),
                          centre + extent + 2, "") +
           "<title>median " + html::number(mid, 2) + "</title></g>";
  }
  std::string lead;
  for (const Label& l : labels) {
    const double y = swarm_top - 4 - l.lane * kLabelLane;
    lead +=
        html::svg_line(l.dot->x, y + 2, l.dot->x, centre + l.dot->offset - r, " class=\"leader\"");
    lead += html::svg_text((l.left + l.right) / 2, y, l.text, " class=\"top-label\"");
  }
  svg += lead;
  for (const Placed& d : dots) {
    const bool top3 =
        std::any_of(labels.begin(), labels.end(), [&](const Label& l) { return l.dot == &d; });
    svg += html::svg_circle(
        d.x, centre + d.offset, r,
        attr("class", top3 ? "dot top mark" : "dot mark") + attr("data-key", d.unit->code),
        fmt::format("{} ({}): {}, rank {}", d.unit->name, d.unit->code, html::number(d.score, 2),
                    rank_of(d.unit->rank(node.code), n)));
  }
  row.summary = node.name + ": median " + html::number(mid, 2) + ", highest";
  for (const Label& l : labels) {
    row.summary += " " + l.dot->unit->name + " " + html::number(l.dot->score, 2) + ",";
  }
  row.summary.back() = '.';
  return row;
}

std::string grid(const html::Domain& domain, double top, double bottom) {
  std::string out;
  for (double t : html::ticks(domain, 10)) {
    out += html::svg_line(x_of(t, domain), top, x_of(t, domain), bottom, " class=\"grid\"");
  }
  return out;
}

std::string tick_labels(const html::Domain& domain, double y) {
  std::string out;
  for (double t : html::ticks(domain, 10)) {
    const int decimals = std::abs(t - std::round(t)) < 1e-9 ? 0 : 1;
    out += html::svg_text(x_of(t, domain), y, html::number(t, decimals), " class=\"tick\"");
  }
  return out;
}

templates::Data level_chart(const IndexView& view, int level) {
  const YearView& year = view.latest();
  const html::Domain domain = view.score_domain(level);
  std::string rows, summary;
  double y = kAxis;
  for (std::size_t n : view.at_level(level)) {
    Row row = aggregate_row(year, view.nodes[n], y, domain);
    rows += "<g class=\"row\">" + row.svg + "</g>";
    y += row.height;
    rows += html::svg_line(0, y, kWidth, y, " class=\"row-rule\"");
    summary += row.summary + " ";
  }
  const double height = y + kAxis;
  const std::string name = view.level_name(level);
  std::string svg = html::svg_open(
      kWidth, height, fmt::format("{} scores in {}: one dot per unit", name, year.year), summary,
      "level-chart");
  svg += grid(domain, kAxis - 4, y + 4) + tick_labels(domain, 16) +
         tick_labels(domain, height - 8) + rows;
  svg += html::svg_close();
  const std::size_t aggregates = view.at_level(level).size();
  return templates::Object{
      {"level", std::to_string(level)},           {"name", name},
      {"aggregates", std::to_string(aggregates)}, {"one", aggregates == 1},
      {"year", std::to_string(year.year)},        {"lo", html::number(domain.lo, 0)},
      {"hi", html::number(domain.hi, 0)},         {"chart", svg}};
}

}  // namespace

void level_charts_section(const IndexView& view, Sink& out) {
  templates::List charts;
  for (int level = view.top_level(); level >= 2 && view.shown(level); --level)
    charts.push_back(level_chart(view, level));
  const templates::Data data(templates::Object{
      {"charts", templates::list(charts)},
      {"not_shown", view.aggregates_not_shown() > 0
                        ? templates::Data(std::to_string(view.aggregates_not_shown()))
                        : templates::Data(false)},
      {"most_shown", std::to_string(kMaxShownAggregates)}});
  templates::render(out, "index_levels", data);
}

}  // namespace softpower::report::index_page
