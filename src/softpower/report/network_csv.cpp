#include "softpower/report/network_csv.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include "softpower/core/csv_writer.hpp"
#include "softpower/networks/imbalance.hpp"

namespace softpower::report {

const std::vector<std::string>& network_nodes_columns() {
  static const std::vector<std::string> columns = {
      "year",         "country",  "in_degree",   "out_degree", "in_strength",
      "out_strength", "pagerank", "eigenvector", "hub",        "authority",
      "betweenness",  "harmonic", "community"};
  return columns;
}

const std::vector<std::string>& network_edges_columns() {
  static const std::vector<std::string> columns = {"year",   "source",          "target",
                                                   "weight", "share_of_source", "reciprocal"};
  return columns;
}

void append_network_nodes(std::string& text, const networks::YearGraph& year,
                          const networks::NodeMeasures& m) {
  CsvWriter w(text, text.empty() ? network_nodes_columns() : std::vector<std::string>{});
  for (std::size_t i = 0; i < year.labels.size(); ++i) {
    w.row(year.year, year.labels[i], m.in_degree[i], m.out_degree[i], m.in_strength[i],
          m.out_strength[i], m.pagerank[i], m.eigenvector[i], m.hub[i], m.authority[i],
          m.betweenness[i], m.harmonic[i], m.community[i]);
  }
}

void append_network_edges(std::string& text, const networks::YearGraph& year) {
  CsvWriter w(text, text.empty() ? network_edges_columns() : std::vector<std::string>{});
  const networks::Graph& g = year.graph;
  std::vector<double> strength(g.nodes(), 0.0);
  std::set<networks::Graph::Edge> ties;
  for (std::size_t e = 0; e < g.edges(); ++e) {
    const auto [a, b] = g.edge_list()[e];
    strength[a] += g.weights()[e];
    if (!g.directed()) strength[b] += g.weights()[e];
    ties.insert({a, b});
  }
  const auto row = [&](std::size_t from, std::size_t to, double weight, bool reciprocal) {
    w.row(year.year, year.labels[from], year.labels[to], weight, weight / strength[from],
          reciprocal ? 1 : 0);
  };
  for (std::size_t e = 0; e < g.edges(); ++e) {
    const auto [a, b] = g.edge_list()[e];
    const double weight = g.weights()[e];
    if (g.directed()) {
      row(a, b, weight, ties.contains({b, a}));
    } else {
      row(a, b, weight, true);
      row(b, a, weight, true);
    }
  }
}

const std::vector<std::string>& network_imbalance_columns() {
  static const std::vector<std::string> columns = {
      "year",         "country",   "partner",          "to_partner",
      "from_partner", "asymmetry", "share_of_country", "share_of_partner"};
  return columns;
}

const std::vector<std::string>& network_concentration_columns() {
  static const std::vector<std::string> columns = {"year", "country", "partners", "concentration"};
  return columns;
}

std::string network_imbalance_csv(const networks::YearGraph& year, std::size_t country) {
  std::string text;
  CsvWriter w(text, network_imbalance_columns());
  for (const networks::PartnerFlow& f : networks::partner_flows(year.graph, country)) {
    w.row(year.year, year.labels[country], year.labels[f.partner], f.to, f.from, f.asymmetry(),
          f.share_of_country, f.share_of_partner);
  }
  return text;
}

std::string network_concentration_csv(const networks::YearGraph& year) {
  const std::vector<double> h = networks::concentration(year.graph);
  std::vector<std::size_t> partners(year.labels.size(), 0);
  for (const auto& [a, b] : year.graph.edge_list()) {
    ++partners[a];
    if (!year.graph.directed()) ++partners[b];
  }
  std::vector<std::size_t> order(h.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return h[x] > h[y]; });
  std::string text;
  CsvWriter w(text, network_concentration_columns());
  for (const std::size_t i : order) w.row(year.year, year.labels[i], partners[i], h[i]);
  return text;
}

const std::vector<std::string>& network_communities_columns() {
  static const std::vector<std::string> columns = {
      "year", "previous_year", "countries", "nmi", "adjusted_rand", "moved", "countries_moved"};
  return columns;
}

void append_network_communities(std::string& text, int year, int previous_year,
                                const networks::CommunityChange& change) {
  CsvWriter w(text, text.empty() ? network_communities_columns() : std::vector<std::string>{});
  std::string moved;
  for (const std::string& c : change.moved) moved += (moved.empty() ? "" : " ") + c;
  w.row(year, previous_year, change.common, change.nmi, change.adjusted_rand, change.moved.size(),
        moved);
}

}  // namespace softpower::report
