#pragma once
// The perception operations: `perception aggregate`, `perception shifts`, `perception
// generate` and `perception fetch` (docs/perception*.md).

#include "softpower/core/operation.hpp"

namespace softpower::perception {

void register_operations(OperationRegistry& registry);

}  // namespace softpower::perception
