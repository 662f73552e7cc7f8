#pragma once
// The networks capability's operations (docs/networks.md): `network build` (a source's yearly
// graphs with every node's centrality and community, and every tie with its share of the
// source's ties).

#include <vector>

#include "softpower/core/operation.hpp"

namespace softpower::networks {

void register_operations(OperationRegistry& registry);

/// The parameters that choose a source of ties and how it is read: the source (positional),
/// --activity (china-diplomacy), --input and --media-count (media), --threshold and --min-votes
/// (un-agreement); shared by `network build`, `network imbalance` and the dashboard's
/// `network graph`.
std::vector<Param> network_source_params();

}  // namespace softpower::networks
