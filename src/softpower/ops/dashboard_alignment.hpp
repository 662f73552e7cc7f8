#pragma once
// The dashboard's agreement heatmap (docs/dashboard.md, "Agreement"): `alignment matrix`, GET
// /api/alignment/matrix, one period's agreement between every pair of states in the order of
// agreement.html (alignment/agreement_matrix.hpp), from the server's cached UN votes. JSON,
// nothing written; a server keeps each period's matrix it made.

#include "softpower/core/operation.hpp"

namespace softpower::alignment {

void register_dashboard_operations(OperationRegistry& registry);

}  // namespace softpower::alignment
