#pragma once
// The CSV tables of `network build` (docs/networks.md): nodes.csv, one row per country and
// year with every measure, and edges.csv, one row per tie and year. Each file's columns are
// spelled once, by the function named after it.

#include <string>
#include <vector>

#include "softpower/networks/community_change.hpp"
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

const std::vector<std::string>& network_imbalance_columns();
const std::vector<std::string>& network_concentration_columns();

/// imbalance.csv: the pairs of `country` (a label of `year`) with its partners: weight each way,
/// asymmetry (positive: more from the country) and each side's share of its own ties, by
/// decreasing total weight.
std::string network_imbalance_csv(const networks::YearGraph& year, std::size_t country);

/// concentration.csv: every country's partners (ties out) and the Herfindahl index of its ties
/// out, by decreasing index.
std::string network_concentration_csv(const networks::YearGraph& year);

const std::vector<std::string>& network_communities_columns();

/// Appends a row of communities.csv (header first when `text` is empty): how `year`'s
/// communities differ from those of `previous_year`; `countries_moved` the moved countries'
/// codes separated by spaces.
void append_network_communities(std::string& text, int year, int previous_year,
                                const networks::CommunityChange& change);

}  // namespace softpower::report
