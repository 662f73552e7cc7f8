#pragma once
// The index capability's operations ("index build", "index check"), declared once for the
// command line and the HTTP API. Like mlpack's *_main.cpp bindings, this is the one file of
// the capability that reads data (through sources/) and writes outputs (through report/).

#include "softpower/core/operation.hpp"

namespace softpower::index {

void register_operations(OperationRegistry& registry);

}  // namespace softpower::index
