#include "softpower/report/alignment_with_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report {

namespace {

using alignment::PartnerSeries;
using alignment::Shift;

// Colours distinguishable by readers with any kind of colour vision (Okabe and Ito).
constexpr std::array<std::string_view, 8> kPalette = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                                      "#e69f00", "#56b4e9", "#000000", "#f0e442"};

std::string name_of(const AlignmentWithPage& page, const std::string& code) {
  auto it = page.names.find(code);
  return it == page.names.end() ? code : it->second;
}

int year_of(const AlignmentWithPage& page, int period) {
  auto it = page.year_of_period.find(period);
  return it == page.year_of_period.end() ? 0 : it->second;
}

std::string period_label(const AlignmentWithPage& page, int period) {
  const int year = year_of(page, period);
  return year == 0 ? fmt::format("session {}", period)
                   : fmt::format("session {} ({})", period, year);
}

// Geometry shared by the charts: sessions on x, a value domain on y.
struct Frame {
  double left = 56, top = 18, width = 760, height = 240;
  html::Domain x, y;
  double px(double period) const { return left + width * x.share(period); }
  double py(double value) const { return top + height * (1 - y.share(value)); }
};

std::string axes(const AlignmentWithPage& page, const Frame& f, const std::string& y_label) {
  std::string svg;
  for (double t : html::ticks(f.y, 5)) {
    svg += html::svg_line(f.left, f.py(t), f.left + f.width, f.py(t), html::attr("class", "grid"));
    svg += html::svg_text(f.left - 6, f.py(t) + 4, html::plain(std::round(t * 1e6) / 1e6),
                          html::attr("class", "tick") + html::attr("text-anchor", "end"));
  }
  for (double t : html::ticks(f.x, 8)) {
    const int period = static_cast<int>(std::lround(t));
    const int year = year_of(page, period);
    const std::string label = year == 0 ? std::to_string(period) : std::to_string(year);
    svg += html::svg_text(f.px(t), f.top + f.height + 14, label,
                          html::attr("class", "tick") + html::attr("text-anchor", "middle"));
  }
  svg += html::svg_text(f.left, 11, y_label, html::attr("class", "axis-label"));
  svg += html::svg_text(f.left + f.width, f.top + f.height + 30, "session (year of its first vote)",
                        html::attr("class", "axis-label") + html::attr("text-anchor", "end"));
  return svg;
}

// The series as a line; a session without a value, or a gap between sessions, breaks it.
std::string scaled(const Frame& f, const std::vector<int>& periods,
                   const std::vector<double>& values, const std::string& attrs) {
  std::vector<double> x;
  std::vector<std::optional<double>> y;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    if (i > 0 && periods[i] > periods[i - 1] + 1) {
      x.push_back(f.px(periods[i] - 1));
      y.emplace_back(std::nullopt);
    }
    x.push_back(f.px(periods[i]));
    y.push_back(std::isnan(values[i]) ? std::nullopt : std::optional<double>(f.py(values[i])));
  }
  return html::svg_polyline(x, y, attrs);
}

html::Domain period_domain(const alignment::AlignmentWith& r) {
  int lo = 0, hi = 0;
  for (const PartnerSeries& s : r.partners) {
    if (s.periods.empty()) continue;
    lo = lo == 0 ? s.periods.front() : std::min(lo, s.periods.front());
    hi = std::max(hi, s.periods.back());
  }
  return {static_cast<double>(lo), static_cast<double>(std::max(hi, lo + 1))};
}

// The partners drawn in colour: those with the largest agreement shifts among the partners
// observed in at least half as many sessions as the most observed one (a state that voted in
// a few sessions shifts by chance), `page.highlighted` of them.
std::vector<std::string> highlighted(const AlignmentWithPage& page) {
  std::map<std::string, std::size_t> observed;
  std::size_t most = 0;
  for (const PartnerSeries& s : page.result->partners) {
    const auto n = static_cast<std::size_t>(std::count_if(s.agreement.begin(), s.agreement.end(),
                                                          [](double v) { return !std::isnan(v); }));
    observed[s.partner] = n;
    most = std::max(most, n);
  }
  std::vector<std::string> chosen;
  for (const Shift& s : page.result->shifts) {
    if (chosen.size() >= page.highlighted) break;
    if (s.measure != "agreement" || 2 * observed[s.partner] < most) continue;
    if (std::find(chosen.begin(), chosen.end(), s.partner) == chosen.end())
      chosen.push_back(s.partner);
  }
  return chosen;
}

std::string overview(const AlignmentWithPage& page, const std::vector<std::string>& chosen) {
  const auto& r = *page.result;
  Frame f;
  f.x = period_domain(r);
  f.y = {0, 1};
  std::string svg = html::svg_open(
      f.left + f.width + 150, f.top + f.height + 36,
      "Agreement with " + name_of(page, r.focal) + " by session",
      "Each grey line is one country's " + page.measure + " with " + name_of(page, r.focal) +
          "; coloured lines are the countries with the largest shifts.",
      "chart series");
  svg += axes(page, f, page.measure + " with " + name_of(page, r.focal));
  for (const PartnerSeries& s : r.partners) {
    if (std::find(chosen.begin(), chosen.end(), s.partner) != chosen.end()) continue;
    svg += scaled(f, s.periods, s.agreement, html::attr("class", "faint"));
  }
  struct Label {
    double y;
    std::string text, colour;
  };
  std::vector<Label> labels;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    const auto it = std::find_if(r.partners.begin(), r.partners.end(),
                                 [&](const PartnerSeries& s) { return s.partner == chosen[k]; });
    if (it == r.partners.end()) continue;
    const std::string colour(kPalette[k % kPalette.size()]);
    svg += scaled(f, it->periods, it->agreement,
                  html::attr("class", "line") + html::attr("stroke", colour));
    for (std::size_t i = it->periods.size(); i-- > 0;) {
      if (std::isnan(it->agreement[i])) continue;
      labels.push_back({f.py(it->agreement[i]) + 4, name_of(page, chosen[k]), colour});
      break;
    }
  }
  // Names at the right edge, at their last values, pushed apart so that none overlap.
  std::sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.y < b.y; });
  for (std::size_t k = 1; k < labels.size(); ++k)
    labels[k].y = std::max(labels[k].y, labels[k - 1].y + 12);
  for (const Label& l : labels) {
    svg += html::svg_text(f.left + f.width + 6, l.y, l.text,
                          html::attr("class", "label") + html::attr("fill", l.colour));
  }
  return svg + html::svg_close();
}

// One partner's agreement (left axis, 0-1) and ideal-point distance (rescaled onto the same
// box, its own range in the caption) with the shifts marked.
std::string partner_chart(const AlignmentWithPage& page, const PartnerSeries& s) {
  const auto& r = *page.result;
  Frame f;
  f.height = 200;
  f.x = period_domain(r);
  f.y = {0, 1};
  double dmax = 0;
  for (double d : s.distance)
    if (!std::isnan(d)) dmax = std::max(dmax, d);
  const html::Domain dist = html::nice_domain(0, dmax > 0 ? dmax : 1);
  std::vector<double> rescaled;
  for (double d : s.distance) rescaled.push_back(std::isnan(d) ? d : dist.share(d));
  std::string svg = html::svg_open(
      f.left + f.width + 20, f.top + f.height + 36,
      name_of(page, s.partner) + " and " + name_of(page, r.focal),
      page.measure + " (solid) and ideal-point distance (dashed) by session, shifts in red",
      "chart series");
  svg += axes(page, f,
              page.measure + " (solid, 0–1); distance (dashed, 0–" + html::plain(dist.hi) + ")");
  svg += scaled(f, s.periods, s.agreement,
                html::attr("class", "line") + html::attr("stroke", std::string(kPalette[0])));
  svg += scaled(f, s.periods, rescaled, html::attr("class", "distance"));
  for (const Shift& shift : r.shifts) {
    if (shift.partner != s.partner) continue;
    const double x = f.px(shift.period);
    svg += html::svg_line(x, f.top, x, f.top + f.height, html::attr("class", "shift"));
    svg += html::svg_text(x + 3, f.top + 10, shift.measure == "agreement" ? "A" : "D",
                          html::attr("class", "shift-label"));
  }
  return svg + html::svg_close();
}

templates::Data shift_rows(const AlignmentWithPage& page, std::size_t limit) {
  templates::List rows;
  for (const Shift& s : page.result->shifts) {
    if (rows.size() >= limit) break;
    rows.emplace_back(templates::Object{{"name", name_of(page, s.partner)},
                                        {"code", s.partner},
                                        {"measure", s.measure},
                                        {"period", std::to_string(s.period)},
                                        {"label", period_label(page, s.period)},
                                        {"before", html::number(s.before, 3)},
                                        {"after", html::number(s.after, 3)},
                                        {"size", html::plain(std::abs(s.size()))},
                                        {"change", html::number(s.size(), 3)}});
  }
  return templates::list(rows);
}

}  // namespace

std::string alignment_with_html(const AlignmentWithPage& page) {
  const auto& r = *page.result;
  const std::string focal = name_of(page, r.focal);
  const std::vector<std::string> chosen = highlighted(page);
  std::vector<const PartnerSeries*> order;
  for (const PartnerSeries& s : r.partners) order.push_back(&s);
  std::sort(order.begin(), order.end(), [&](const PartnerSeries* a, const PartnerSeries* b) {
    return name_of(page, a->partner) < name_of(page, b->partner);
  });
  const std::string first = chosen.empty() ? (order.empty() ? "" : order[0]->partner) : chosen[0];
  templates::List partners;
  for (const PartnerSeries* s : order) {
    partners.emplace_back(templates::Object{{"code", s->partner},
                                            {"name", name_of(page, s->partner)},
                                            {"first", s->partner == first},
                                            {"chart", partner_chart(page, *s)}});
  }
  templates::Data data(templates::Object{{"focal", focal},
                                         {"measure", page.measure},
                                         {"partner_count", std::to_string(r.partners.size())},
                                         {"origin", page.origin},
                                         {"overview", overview(page, chosen)},
                                         {"partners", templates::list(partners)},
                                         {"shift_count", std::to_string(r.shifts.size())},
                                         {"shifts", shift_rows(page, 100)}});
  return templates::page("alignment_with", "Alignment with " + focal, data);
}

}  // namespace softpower::report
