#pragma once
// Ties between countries by year, as a source gives them: the input of the networks
// capability (docs/networks.md). A reader (sources/) fills it; the capability turns each
// year's ties into a graph.

#include <string>
#include <vector>

namespace softpower {

/// One tie in one year: from `source` to `target` (registry codes) with a positive weight.
struct Dyad {
  int year = 0;
  std::string source;
  std::string target;
  double weight = 0;
};

/// The ties of a source. For an undirected source each pair appears once (its order carries no
/// meaning).
struct DyadSet {
  std::string name;  ///< the source's id (`alliances`, `igo`, ...)
  bool directed = false;
  std::string weight;  ///< what a weight counts ("pledge types", "shared IGOs", ...)
  std::vector<Dyad> dyads;
};

}  // namespace softpower
