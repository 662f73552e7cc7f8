#pragma once
// The CSV tables of `network build` (docs/networks.md): nodes.csv, one row per country and
// year with every measure, and edges.csv, one row per tie and year. Each file's columns are
// spelled once, by the function named after it.

#include <string>
#include <vector>

#include "softpower/networks/graph.hpp"
#include "softpower/networks/measures.hpp"

namespace softpower::report {

const std::vector<std::string>& network_nodes_columns();
const std::vector<std::string>& network_edges_columns();

/// Appends one year's rows of nodes.csv (header first when `text` is empty).
void append_network_nodes(std::string& text, const networks::YearGraph& year,
                          const networks::NodeMeasures& measures);

/// Appends one year's rows of edges.csv: every tie from its source, an undirected tie from each
/// end; `share_of_source` is the tie's weight over the source's strength, `reciprocal` 1 when
/// the target has a tie back (always, undirected).
void append_network_edges(std::string& text, const networks::YearGraph& year);

}  // namespace softpower::report
