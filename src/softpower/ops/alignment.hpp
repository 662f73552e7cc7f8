#pragma once
// The alignment capability's operations (`softpower alignment ...`, /api/alignment/...):
// agreement between every pair of states, ideal points, and alignment with one country.

#include "softpower/core/operation.hpp"

namespace softpower::alignment {

/// Every operation of the capability (operations.cpp).
void register_operations(OperationRegistry& registry);

/// `alignment agreement` (agreement_operations.cpp).
void register_agreement_operations(OperationRegistry& registry);
/// `alignment ideal-points` (ideal_point_operations.cpp).
void register_ideal_point_operations(OperationRegistry& registry);
/// `alignment bridges` (alignment_bridges.cpp).
void register_bridge_operations(OperationRegistry& registry);

}  // namespace softpower::alignment
