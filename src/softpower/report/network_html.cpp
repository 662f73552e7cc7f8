#include "softpower/report/network_html.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include "softpower/core/countries.hpp"
#include "softpower/networks/imbalance.hpp"
#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"
#include "softpower/report/world_map.hpp"

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

// The world map: countries coloured by community, the strongest `kMapTies` ties as arcs (width
// by weight; a directed tie bends to its left, so the two directions of a pair are two arcs).
constexpr std::size_t kMapTies = 150;

std::string flow_map(const NetworkPage& page, std::size_t& drawn, std::size_t& off_map) {
  const networks::YearGraph& y = *page.year;
  const networks::NodeMeasures& m = *page.measures;
  const CountryRegistry& registry = CountryRegistry::world();
  WorldMap map;
  map.title = page.source + " network, " + std::to_string(y.year) + ": the strongest ties";
  map.description = "a world map of the " + std::to_string(kMapTies) +
                    " strongest ties, countries coloured by community";
  for (std::size_t i = 0; i < y.labels.size(); ++i) {
    map.fill[y.labels[i]] = community_colour(m.community[i]);
    map.tooltip[y.labels[i]] = registry.display_name(y.labels[i]) + ": community " +
                               std::to_string(m.community[i] + 1) + ", PageRank " +
                               html::significant(m.pagerank[i], 3);
  }
  std::vector<std::size_t> ties(y.graph.edges());
  std::iota(ties.begin(), ties.end(), 0);
  std::stable_sort(ties.begin(), ties.end(), [&](std::size_t a, std::size_t b) {
    return y.graph.weights()[a] > y.graph.weights()[b];
  });
  ties.resize(std::min(ties.size(), kMapTies));
  const double top = ties.empty() ? 1 : y.graph.weights()[ties.front()];
  drawn = off_map = 0;
  for (const std::size_t e : ties) {
    const auto [a, b] = y.graph.edge_list()[e];
    const double w = y.graph.weights()[e];
    if (!on_world_map(y.labels[a]) || !on_world_map(y.labels[b])) {
      ++off_map;
      continue;
    }
    ++drawn;
    map.flows.push_back({y.labels[a], y.labels[b], 0.4 + 3.6 * w / top, "#2d3748",
                         registry.display_name(y.labels[a]) + (y.graph.directed() ? " → " : " – ") +
                             registry.display_name(y.labels[b]) + ": " + html::plain(w)});
  }
  // The weakest first, so the strongest lie on top.
  std::reverse(map.flows.begin(), map.flows.end());
  return world_map_svg(map);
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
  data["directed"] = page.directed;
  data["weight"] = page.weight;
  data["countries"] = std::to_string(y.labels.size());
  data["ties"] = std::to_string(y.graph.edges());
  data["communities"] = std::to_string(m.communities);
  data["modularity"] = html::number(m.modularity, 3);
  data["data_note"] = page.data_note;
  data["circle"] = circle_chart(page, order);
  std::size_t drawn = 0, off_map = 0;
  data["map"] = flow_map(page, drawn, off_map);
  data["map_ties"] = std::to_string(drawn);
  data["off_map"] = off_map > 0;
  data["off_map_ties"] = std::to_string(off_map);
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

namespace {

// A weight on imbalance.html: four significant digits.
std::string weight_text(double w) {
  return html::significant(w, 4);
}

// The partners with the most flow drawn as arcs on imbalance.html's map.
constexpr std::size_t kImbalanceArcs = 25;
// The most concentrated countries listed beside the country.
constexpr std::size_t kConcentrationRows = 15;

}  // namespace

std::string imbalance_html(const ImbalancePage& page) {
  const networks::YearGraph& y = *page.year;
  const CountryRegistry& registry = CountryRegistry::world();
  const std::string& code = y.labels[page.country];
  const std::string name = registry.display_name(code);
  const bool directed = y.graph.directed();
  const std::vector<networks::PartnerFlow> flows = networks::partner_flows(y.graph, page.country);
  const std::vector<double> h = networks::concentration(y.graph);

  templates::Data data;
  data["source"] = page.source;
  data["year"] = std::to_string(y.year);
  data["name"] = name;
  data["code"] = code;
  data["weight"] = page.weight;
  data["directed"] = directed;
  data["partners"] = std::to_string(flows.size());
  double to = 0, from = 0;
  for (const networks::PartnerFlow& f : flows) {
    to += f.to;
    from += f.from;
  }
  data["to_total"] = weight_text(to);
  data["from_total"] = weight_text(from);
  data["net"] = html::number(to + from > 0 ? (to - from) / (to + from) : 0, 2);
  std::size_t rank = 1;
  for (const double x : h) rank += x > h[page.country] ? 1 : 0;
  data["concentration"] = html::number(h[page.country], 3);
  data["effective"] = h[page.country] > 0 ? html::number(1 / h[page.country], 1) : "0";
  data["rank"] = std::to_string(rank);
  data["countries"] = std::to_string(h.size());
  const bool has_flows = !flows.empty();
  data["has_flows"] = has_flows;
  data["top_name"] = has_flows ? registry.display_name(y.labels[flows.front().partner]) : "";
  data["top_share"] = has_flows ? html::percent(flows.front().share_of_country, 1) : "";

  // The map: partners filled by asymmetry (directed) or by the country's dependence on them.
  WorldMap map;
  map.title = name + " in the " + page.source + " network, " + std::to_string(y.year);
  map.description = directed ? "partners coloured from orange (flows mostly to " + name +
                                   ") to blue (mostly from it), arcs to the largest"
                             : "partners coloured by the share of " + name +
                                   "'s ties that go to them, arcs to the largest";
  map.border = "#4a5568";  // a balanced partner is near-white: outlined, unlike the others
  map.fill[code] = "#1a202c";
  map.tooltip[code] = name;
  double top_share = 0;
  for (const networks::PartnerFlow& f : flows) top_share = std::max(top_share, f.share_of_country);
  templates::List rows;
  for (std::size_t k = 0; k < flows.size(); ++k) {
    const networks::PartnerFlow& f = flows[k];
    const std::string& partner = y.labels[f.partner];
    const std::string partner_name = registry.display_name(partner);
    map.fill[partner] = directed ? html::diverging_colour(f.asymmetry())
                                 : html::sequential_colour(f.share_of_country / top_share);
    map.tooltip[partner] = partner_name + ": " + weight_text(f.to) + " to, " + weight_text(f.from) +
                           " from; " + html::percent(f.share_of_country, 1) + " of " + name +
                           "'s ties";
    if (k < kImbalanceArcs) {
      map.flows.push_back({code, partner,
                           0.6 + 3.4 * (f.to + f.from) / (flows[0].to + flows[0].from), "#2d3748",
                           partner_name});
    }
    templates::Data row;
    row["name"] = partner_name;
    row["code"] = partner;
    row["to"] = weight_text(f.to);
    row["from"] = weight_text(f.from);
    row["gross"] = weight_text(f.to + f.from);
    row["asymmetry"] = html::number(f.asymmetry(), 2);
    row["asymmetry_value"] = html::plain(f.asymmetry());
    row["share_of_country"] = html::percent(f.share_of_country, 1);
    row["share_of_country_value"] = html::plain(f.share_of_country);
    row["share_of_partner"] = html::percent(f.share_of_partner, 1);
    row["share_of_partner_value"] = html::plain(f.share_of_partner);
    rows.push_back(std::move(row));
  }
  std::reverse(map.flows.begin(), map.flows.end());
  data["map"] = world_map_svg(map);
  data["rows"] = templates::list(rows);

  std::vector<std::size_t> order(h.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return h[a] > h[b]; });
  templates::List concentrated;
  for (std::size_t r = 0; r < order.size(); ++r) {
    if (r >= kConcentrationRows && order[r] != page.country) continue;
    templates::Data row;
    std::size_t at = 1;
    for (const double x : h) at += x > h[order[r]] ? 1 : 0;
    row["rank"] = std::to_string(at);
    row["name"] = registry.display_name(y.labels[order[r]]);
    row["code"] = y.labels[order[r]];
    row["concentration"] = html::number(h[order[r]], 3);
    row["this"] = order[r] == page.country;
    concentrated.push_back(std::move(row));
  }
  data["concentrated"] = templates::list(concentrated);
  return templates::page("imbalance",
                         name + " in the " + page.source + " network, " + std::to_string(y.year),
                         data, "network.css");
}

}  // namespace softpower::report
