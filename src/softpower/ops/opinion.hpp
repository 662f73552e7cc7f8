#pragma once
// The opinion operations: `opinion series`, `opinion shifts` and `opinion validity`
// (docs/opinion.md).

#include "softpower/core/operation.hpp"

namespace softpower::opinion {

void register_operations(OperationRegistry& registry);

}  // namespace softpower::opinion
