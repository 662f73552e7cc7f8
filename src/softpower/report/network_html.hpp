#pragma once
// network.html of `network build` (docs/networks.md, "The page"): the last year's network drawn
// as a circle of its most central countries with their strongest ties, coloured by community;
// every country's centrality (a sortable table); the communities and their members; each
// country's top partners; and, over several years, the PageRank trajectories of the most
// central countries. imbalance.html of `network imbalance`: one country's flows and dependence.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "softpower/networks/graph.hpp"
#include "softpower/networks/measures.hpp"

namespace softpower::report {

struct NetworkPage {
  std::string source;  ///< the source's id
  bool directed = false;
  std::string weight;  ///< what a weight counts
  const networks::YearGraph* year = nullptr;
  const networks::NodeMeasures* measures = nullptr;
  /// Every country's PageRank in each year built, for the trajectories (one year: none drawn).
  std::map<std::string, std::vector<std::pair<int, double>>> pagerank_by_year;
  /// What the year's ties rest on when the data barely cover it (the media source), said
  /// under the title; "" says nothing.
  std::string data_note = {};
};

std::string network_html(const NetworkPage& page);

/// imbalance.html of `network imbalance` (docs/networks.md, "Imbalance"): one country's flows
/// with each partner on a map and in a table (each way, asymmetry, dependence both ways), and
/// where its concentration stands among all countries.
struct ImbalancePage {
  std::string source;
  std::string weight;  ///< what a weight counts
  const networks::YearGraph* year = nullptr;
  std::size_t country = 0;  ///< the node
};

std::string imbalance_html(const ImbalancePage& page);

}  // namespace softpower::report
