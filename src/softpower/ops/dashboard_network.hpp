#pragma once
// The dashboard's network reads (docs/dashboard.md, "Network"): `network graph` (one year of a
// source: every node's measures, the strongest ties, the communities and the source's years)
// and `network position` (a country's place in the latest year of four networks). GET, JSON,
// nothing written; a server keeps the sources' ties and each measured year in its cache.

#include "softpower/core/operation.hpp"

namespace softpower::networks {

void register_dashboard_operations(OperationRegistry& registry);

}  // namespace softpower::networks
