#pragma once
// Values attached to pairs of countries by year, as a source gives them: the dyad readers'
// output (sources/reader.hpp) and the networks capability's input (docs/networks.md), which
// turns each year's ties into a graph.

#include <string>
#include <vector>

namespace softpower {

/// A value attached to an ordered pair of countries (registry codes) in a year: a tie from
/// `from` to `to` (origin -> destination), or a symmetric quantity written in both directions.
struct Dyad {
  std::string from;
  std::string to;
  int year = 0;
  double value = 0;
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
