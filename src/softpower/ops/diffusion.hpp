#pragma once
// The diffusion capability's operation (`softpower simulate ...`, /api/simulate): ensembles of
// Axelrod's model, plain or as a scenario with media, platforms and exporters.

#include "softpower/core/operation.hpp"

namespace softpower::diffusion {

void register_operations(OperationRegistry& registry);

}  // namespace softpower::diffusion
