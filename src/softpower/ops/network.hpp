#pragma once
// The networks capability's operations (docs/networks.md): `network build` (a source's yearly
// graphs with every node's centrality and community, and every tie with its share of the
// source's ties).

#include "softpower/core/operation.hpp"

namespace softpower::networks {

void register_operations(OperationRegistry& registry);

}  // namespace softpower::networks
