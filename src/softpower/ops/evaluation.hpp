#pragma once
// The evaluation capability's operations (docs/evaluation.md): `evaluate panel` (one adoption
// date: DiD, synthetic control and synthetic DiD with their weights, paths, standard errors
// and in-space placebos) and `evaluate staggered` (Callaway and Sant'Anna's group-time effects
// and aggregations, with the Goodman-Bacon decomposition of the two-way fixed-effects estimate).

#include "softpower/core/operation.hpp"

namespace softpower::evaluation {

void register_operations(OperationRegistry& registry);

}  // namespace softpower::evaluation
