// One chart per aggregate level of report.html: for every aggregate of the level, a row with
// one dot per unit on the level's score scale (a beeswarm, so 200 units stay countable), the
// median marked and the top three labelled.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "softpower/report/index_html_parts.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report::index_page {

namespace {

using html::coord;

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

// One aggregate's row of a chart, placed: its dots, the labels of its top three and where the
// row lies. The row's template data is made only when the row is written.
struct Row {
  const Node* node = nullptr;
  std::vector<Placed> dots;
  std::vector<Label> labels;  // point into dots (the vector's buffer moves with it)
  double r = 0, top = 0, swarm_top = 0, centre = 0, extent = 0, mid = 0, height = 0;
  std::size_t ranked = 0;
  html::Domain domain;
};

std::string shorten(const std::string& name, std::size_t limit) {
  if (name.size() <= limit) return name;
  std::size_t cut = limit - 1;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return name.substr(0, cut) + "…";
}

Row aggregate_row(const YearView& year, const Node& node, double top, const html::Domain& domain) {
  Row row;
  row.node = &node;
  row.top = top;
  row.domain = domain;
  std::vector<double> scores;
  for (const UnitResult& u : year.units) {
    if (auto s = u.score(node.code)) {
      row.dots.push_back({&u, *s, x_of(*s, domain)});
      scores.push_back(*s);
    }
  }
  row.r = dot_radius(row.dots.size());
  place_in_swarm(row.dots, 2 * row.r + 0.8);
  row.labels = top_labels(row.dots, node.code);
  int lanes = 0;
  for (const Label& l : row.labels) lanes = std::max(lanes, l.lane + 1);
  row.extent = swarm_extent(row.dots, row.r);
  row.swarm_top = top + 6 + lanes * kLabelLane;
  row.centre = row.swarm_top + std::max(row.extent, 12.0);
  row.height = (row.centre - top) + std::max(row.extent, 12.0) + 8;
  row.mid = median(scores);
  row.ranked = year.ranked(node.code);
  return row;
}

// The values of templates/index_level_row.mustache.
templates::Data row_data(const Row& row, double rule) {
  const double centre = row.centre, mid = row.mid;
  templates::List labels, dots;
  for (const Label& l : row.labels) {
    const double y = row.swarm_top - 4 - l.lane * kLabelLane;
    labels.emplace_back(templates::Object{{"x", coord(l.dot->x)},
                                          {"y1", coord(y + 2)},
                                          {"y2", coord(centre + l.dot->offset - row.r)},
                                          {"text_x", coord((l.left + l.right) / 2)},
                                          {"text_y", coord(y)},
                                          {"code", l.text}});
  }
  for (const Placed& d : row.dots) {
    const bool top3 = std::any_of(row.labels.begin(), row.labels.end(),
                                  [&](const Label& l) { return l.dot == &d; });
    // Made in place: a row has a dot per unit, and a braced object copies its values twice.
    templates::Data& dot = dots.emplace_back(templates::Data::type::object);
    dot["x"] = coord(d.x);
    dot["y"] = coord(centre + d.offset);
    dot["top"] = top3;
    dot["code"] = d.unit->code;
    dot["name"] = d.unit->name;
    dot["score"] = html::number(d.score, 2);
    dot["rank"] = rank_of(d.unit->rank(row.node->code), row.ranked);
  }
  templates::Data median_line(false);
  if (!std::isnan(mid)) {
    median_line = templates::Object{{"x", coord(x_of(mid, row.domain))},
                                    {"y1", coord(centre - row.extent - 2)},
                                    {"y2", coord(centre + row.extent + 2)}};
  }
  templates::Data out = templates::Object{{"name", shorten(row.node->name, 30)},
                                          {"name_y", coord(centre - 1)},
                                          {"note_y", coord(centre + 14)},
                                          {"median", html::number(mid, 2)},
                                          {"units", std::to_string(row.dots.size())},
                                          {"left", coord(kPlotLeft)},
                                          {"right", coord(kPlotRight)},
                                          {"centre", coord(centre)},
                                          {"mid", median_line},
                                          {"r", coord(row.r)},
                                          {"rule", coord(rule)},
                                          {"width", coord(kWidth)}};
  // Lists moved in (a list in the object above would be copied whole, twice).
  out["labels"] = templates::list(std::move(labels));
  out["dots"] = templates::list(std::move(dots));
  return out;
}

// A row's sentence in the chart's text alternative (index_levels.mustache).
templates::Data row_summary(const Row& row) {
  templates::List top;
  for (std::size_t i = 0; i < row.labels.size(); ++i) {
    const Placed& d = *row.labels[i].dot;
    top.emplace_back(templates::Object{{"unit", d.unit->name},
                                       {"score", html::number(d.score, 2)},
                                       {"last", i + 1 == row.labels.size()}});
  }
  return templates::Object{{"aggregate", row.node->name},
                           {"median", html::number(row.mid, 2)},
                           {"highest", !top.empty()},
                           {"top", templates::list(std::move(top))}};
}

templates::Data level_chart(const IndexView& view, int level, templates::Slots& slots) {
  const YearView& year = view.latest();
  const html::Domain domain = view.score_domain(level);
  auto rows = std::make_shared<std::vector<Row>>();
  templates::List summaries;
  double y = kAxis;
  for (std::size_t n : view.at_level(level)) {
    rows->push_back(aggregate_row(year, view.nodes[n], y, domain));
    y += rows->back().height;
    summaries.push_back(row_summary(rows->back()));
  }
  const double height = y + kAxis;
  templates::List grid, ticks;
  for (double t : html::ticks(domain, 10)) {
    const int decimals = std::abs(t - std::round(t)) < 1e-9 ? 0 : 1;
    grid.emplace_back(templates::Object{{"x", coord(x_of(t, domain))}});
    ticks.emplace_back(
        templates::Object{{"x", coord(x_of(t, domain))}, {"label", html::number(t, decimals)}});
  }
  // The rows are written into the page one by one as it reaches them (a template slot).
  const templates::Data written = slots.add([rows](Sink& out) {
    for (const Row& row : *rows)
      templates::render(out, "index_level_row", row_data(row, row.top + row.height));
  });
  const std::size_t aggregates = view.at_level(level).size();
  return templates::Object{{"level", std::to_string(level)},
                           {"name", view.level_name(level)},
                           {"aggregates", std::to_string(aggregates)},
                           {"one", aggregates == 1},
                           {"year", std::to_string(year.year)},
                           {"lo", html::number(domain.lo, 0)},
                           {"hi", html::number(domain.hi, 0)},
                           {"width", coord(kWidth)},
                           {"height", coord(height)},
                           {"summaries", templates::list(std::move(summaries))},
                           {"grid", templates::list(std::move(grid))},
                           {"grid_top", coord(kAxis - 4)},
                           {"grid_bottom", coord(y + 4)},
                           {"ticks", templates::list(std::move(ticks))},
                           {"tick_top", coord(16)},
                           {"tick_bottom", coord(height - 8)},
                           {"rows", written}};
}

}  // namespace

void level_charts_section(const IndexView& view, Sink& out) {
  templates::Slots slots;
  templates::List charts;
  for (int level = view.top_level(); level >= 2 && view.shown(level); --level)
    charts.push_back(level_chart(view, level, slots));
  const templates::Data data(templates::Object{
      {"charts", templates::list(std::move(charts))},
      {"not_shown", view.aggregates_not_shown() > 0
                        ? templates::Data(std::to_string(view.aggregates_not_shown()))
                        : templates::Data(false)},
      {"most_shown", std::to_string(kMaxShownAggregates)}});
  templates::render(out, "index_levels", data, slots);
}

}  // namespace softpower::report::index_page
