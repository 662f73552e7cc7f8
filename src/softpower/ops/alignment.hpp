#pragma once
// The alignment capability's operations (`softpower alignment ...`, /api/alignment/...):
// agreement between every pair of states, ideal points, and alignment with one country.

#include <vector>

#include "softpower/alignment/agreement.hpp"
#include "softpower/core/operation.hpp"

namespace softpower::alignment {

/// Every operation of the capability (operations.cpp).
void register_operations(OperationRegistry& registry);

/// `alignment agreement` (agreement_operations.cpp).
void register_agreement_operations(OperationRegistry& registry);
/// The roll-call filters of `alignment agreement` and `alignment matrix`: --by, --issue and
/// --important, declared once (alignment_agreement.cpp).
std::vector<Param> agreement_filter_params();
/// The options those parameters give (every dyad: no focal state).
AgreementOptions agreement_filters(const Args& args);

/// `alignment ideal-points` (ideal_point_operations.cpp).
void register_ideal_point_operations(OperationRegistry& registry);
/// `alignment bridges` (alignment_bridges.cpp).
void register_bridge_operations(OperationRegistry& registry);

}  // namespace softpower::alignment
