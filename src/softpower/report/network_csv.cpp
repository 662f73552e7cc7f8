#include "softpower/report/network_csv.hpp"

#include <set>

#include "softpower/core/csv_writer.hpp"

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

}  // namespace softpower::report
