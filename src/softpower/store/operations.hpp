#pragma once
// The store's operations: `softpower import`, `softpower datasets` and `softpower runs`,
// declared once for the command line and the HTTP API.

#include "softpower/core/operation.hpp"

namespace softpower::store {

void register_store_operations(OperationRegistry& registry);

}  // namespace softpower::store
