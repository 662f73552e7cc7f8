#include "softpower/report/network_html.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include "softpower/core/countries.hpp"
#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report {

namespace {

// Okabe and Ito's colour-blind-safe palette for the largest communities, grey for the rest.
std::string community_colour(int community) {
  static const char* colours[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                  "#e69f00", "#56b4e9", "#f0e442", "#000000"};
  return community >= 0 && community < 8 ? colours[community] : "#a0aec0";
}

std::vector<std::size_t> by_pagerank(const networks::NodeMeasures& m) {
  std::vector<std::size_t> order(m.pagerank.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return m.pagerank[a] > m.pagerank[b]; });
  return order;
}

// The `shown` most central countries on a circle, grouped by community, with the strongest
// quarter of the ties among them (width by weight).
std::string circle_chart(const NetworkPage& page, const std::vector<std::size_t>& order) {
  const networks::YearGraph& y = *page.year;
  const networks::NodeMeasures& m = *page.measures;
  std::vector<std::size_t> shown(
      order.begin(),
      order.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(40, order.size())));
  std::stable_sort(shown.begin(), shown.end(),
                   [&](std::size_t a, std::size_t b) { return m.community[a] < m.community[b]; });
  std::vector<int> slot(y.labels.size(), -1);
  for (std::size_t k = 0; k < shown.size(); ++k) slot[shown[k]] = static_cast<int>(k);
  const double cx = 330, cy = 320, r = 250;
  const auto angle = [&](int k) {
    return 2 * std::numbers::pi * k / static_cast<double>(shown.size()) - std::numbers::pi / 2;
  };
  std::vector<std::size_t> ties;
  for (std::size_t e = 0; e < y.graph.edges(); ++e) {
    const auto [a, b] = y.graph.edge_list()[e];
    if (slot[a] >= 0 && slot[b] >= 0) ties.push_back(e);
  }
  std::vector<double> weights(ties.size());
  for (std::size_t k = 0; k < ties.size(); ++k) weights[k] = y.graph.weights()[ties[k]];
  std::sort(weights.begin(), weights.end());
  const double cut = weights.empty() ? 0 : weights[weights.size() * 3 / 4];
  const double top = weights.empty() ? 1 : weights.back();
  std::string svg = html::svg_open(
      660, 650, page.source + " network, " + std::to_string(y.year),
      "the " + std::to_string(shown.size()) +
          " countries of highest PageRank on a circle, grouped and coloured by community, with "
          "the strongest quarter of the ties among them",
      "chart network-circle");
  for (const std::size_t e : ties) {
    const double w = y.graph.weights()[e];
    if (w < cut) continue;
    const auto [a, b] = y.graph.edge_list()[e];
    svg += html::svg_line(cx + r * std::cos(angle(slot[a])), cy + r * std::sin(angle(slot[a])),
                          cx + r * std::cos(angle(slot[b])), cy + r * std::sin(angle(slot[b])),
                          html::attr("class", "tie") +
                              html::attr("stroke-width", html::number(0.4 + 2.6 * w / top, 2)));
  }
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const std::size_t i = shown[k];
    const double a = angle(static_cast<int>(k));
    const double size = 4 + 10 * std::sqrt(m.pagerank[i] / m.pagerank[order.front()]);
    svg += html::svg_circle(
        cx + r * std::cos(a), cy + r * std::sin(a), size,
        html::attr("fill", community_colour(m.community[i])) + html::attr("class", "node"),
        CountryRegistry::world().display_name(y.labels[i]) + ": PageRank " +
            html::significant(m.pagerank[i], 3) + ", community " +
            std::to_string(m.community[i] + 1));
    const bool right = std::cos(a) >= 0;
    svg += html::svg_text(
        cx + (r + size + 6) * std::cos(a), cy + (r + size + 6) * std::sin(a) + 4, y.labels[i],
        html::attr("class", "label") + html::attr("text-anchor", right ? "start" : "end"));
  }
  return svg + html::svg_close();
}

// PageRank over the years of the eight most central countries of the last year.
std::string trajectory_chart(const NetworkPage& page, const std::vector<std::size_t>& order) {
  const double left = 56, top = 18, width = 740, height = 260;
  int first = page.year->year, last = page.year->year;
  double high = 0;
  for (const auto& [code, series] : page.pagerank_by_year) {
    for (const auto& [year, pr] : series) {
      first = std::min(first, year);
      high = std::max(high, pr);
    }
  }
  const html::Domain yd = html::nice_domain(0, high, 5);
  const auto px = [&](double year) {
    return left + width * (year - first) / std::max(1, last - first);
  };
  const auto py = [&](double v) { return top + height * (1 - yd.share(v)); };
  std::string svg = html::svg_open(left + width + 90, top + height + 34, "PageRank over the years",
                                   "the PageRank of the eight most central countries of " +
                                       std::to_string(last) + " in every year built",
                                   "chart trajectories");
  for (double t : html::ticks(yd, 5)) {
    svg += html::svg_line(left, py(t), left + width, py(t), html::attr("class", "grid"));
    svg += html::svg_text(left - 6, py(t) + 4, html::significant(t, 2),
                          html::attr("class", "tick") + html::attr("text-anchor", "end"));
  }
  const int step = std::max(1, (last - first) / 10);
  for (int year = first; year <= last; year += step) {
    svg += html::svg_text(px(year), top + height + 18, std::to_string(year),
                          html::attr("class", "tick") + html::attr("text-anchor", "middle"));
  }
  for (std::size_t k = 0; k < std::min<std::size_t>(8, order.size()); ++k) {
    const std::string& code = page.year->labels[order[k]];
    const auto it = page.pagerank_by_year.find(code);
    if (it == page.pagerank_by_year.end()) continue;
    std::vector<double> xs;
    std::vector<std::optional<double>> ys;
    for (std::size_t i = 0; i < it->second.size(); ++i) {
      const auto [year, pr] = it->second[i];
      if (i > 0 && year > it->second[i - 1].first + 1) {  // a year without ties: a gap
        xs.push_back(px(year - 1));
        ys.emplace_back(std::nullopt);
      }
      xs.push_back(px(year));
      ys.emplace_back(py(pr));
    }
    const std::string colour = community_colour(static_cast<int>(k));
    svg += html::svg_polyline(xs, ys,
                              html::attr("class", "trajectory") + html::attr("stroke", colour));
    svg += html::svg_text(left + width + 6, py(it->second.back().second) + 4, code,
                          html::attr("class", "label") + html::attr("fill", colour));
  }
  return svg + html::svg_close();
}

}  // namespace

std::string network_html(const NetworkPage& page) {
  const networks::YearGraph& y = *page.year;
  const networks::NodeMeasures& m = *page.measures;
  const CountryRegistry& registry = CountryRegistry::world();
  const std::vector<std::size_t> order = by_pagerank(m);
  templates::Data data;
  data["source"] = page.source;
  data["year"] = std::to_string(y.year);
  data["direction"] = page.directed ? "directed" : "undirected";
  data["weight"] = page.weight;
  data["countries"] = std::to_string(y.labels.size());
  data["ties"] = std::to_string(y.graph.edges());
  data["communities"] = std::to_string(m.communities);
  data["modularity"] = html::number(m.modularity, 3);
  data["circle"] = circle_chart(page, order);
  const bool several_years = page.pagerank_by_year.size() > 0 &&
                             std::any_of(page.pagerank_by_year.begin(), page.pagerank_by_year.end(),
                                         [](const auto& s) { return s.second.size() > 1; });
  data["several_years"] = several_years;
  data["trajectories"] = several_years ? trajectory_chart(page, order) : std::string();
  templates::List legend;
  for (std::size_t k = 0; k < std::min<std::size_t>(8, order.size()); ++k) {
    templates::Data item;
    item["name"] = registry.display_name(y.labels[order[k]]);
    item["colour"] = community_colour(static_cast<int>(k));
    legend.push_back(std::move(item));
  }
  data["legend"] = templates::list(legend);

  templates::List rows;
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const std::size_t i = order[rank];
    templates::Data row;
    row["rank"] = std::to_string(rank + 1);
    row["name"] = registry.display_name(y.labels[i]);
    row["code"] = y.labels[i];
    row["community"] = std::to_string(m.community[i] + 1);
    row["colour"] = community_colour(m.community[i]);
    row["pagerank"] = html::significant(m.pagerank[i], 3);
    row["pagerank_value"] = html::plain(m.pagerank[i]);
    row["eigenvector"] = html::number(m.eigenvector[i], 3);
    row["in_strength"] = html::plain(m.in_strength[i]);
    row["out_strength"] = html::plain(m.out_strength[i]);
    row["betweenness"] = html::number(m.betweenness[i], 1);
    row["harmonic"] = html::significant(m.harmonic[i], 3);
    rows.push_back(std::move(row));
  }
  data["rows"] = templates::list(rows);

  // Communities by size, their members by PageRank.
  templates::List communities;
  for (int c = 0; c < m.communities; ++c) {
    std::string members;
    std::size_t size = 0;
    for (const std::size_t i : order) {
      if (m.community[i] != c) continue;
      if (size < 30) members += (size == 0 ? "" : ", ") + registry.display_name(y.labels[i]);
      ++size;
    }
    if (size > 30) members += " and " + std::to_string(size - 30) + " more";
    templates::Data item;
    item["number"] = std::to_string(c + 1);
    item["colour"] = community_colour(c);
    item["size"] = std::to_string(size);
    item["members"] = members;
    communities.push_back(std::move(item));
  }
  data["community_list"] = templates::list(communities);

  // Each country's ten strongest ties from it (an undirected tie counts from both ends).
  std::vector<std::vector<std::pair<double, std::size_t>>> partners(y.labels.size());
  std::vector<double> strength(y.labels.size(), 0.0);
  for (std::size_t e = 0; e < y.graph.edges(); ++e) {
    const auto [a, b] = y.graph.edge_list()[e];
    const double w = y.graph.weights()[e];
    partners[a].emplace_back(w, b);
    strength[a] += w;
    if (!y.graph.directed()) {
      partners[b].emplace_back(w, a);
      strength[b] += w;
    }
  }
  templates::List panels;
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const std::size_t i = order[rank];
    auto& list = partners[i];
    std::stable_sort(list.begin(), list.end(),
                     [](const auto& p, const auto& q) { return p.first > q.first; });
    templates::List top;
    for (std::size_t k = 0; k < std::min<std::size_t>(10, list.size()); ++k) {
      templates::Data p;
      p["name"] = registry.display_name(y.labels[list[k].second]);
      p["code"] = y.labels[list[k].second];
      p["weight"] = html::plain(list[k].first);
      p["share"] = html::percent(list[k].first / strength[i], 1);
      top.push_back(std::move(p));
    }
    templates::Data panel;
    panel["code"] = y.labels[i];
    panel["name"] = registry.display_name(y.labels[i]);
    panel["first"] = rank == 0;
    panel["partner_count"] = std::to_string(list.size());
    panel["has_partners"] = !list.empty();
    panel["partners"] = templates::list(top);
    panels.push_back(std::move(panel));
  }
  data["partner_panels"] = templates::list(panels);
  return templates::page("network", page.source + " network, " + std::to_string(y.year), data);
}

}  // namespace softpower::report
