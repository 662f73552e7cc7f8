#pragma once
// Operations on the country registry: `softpower countries lookup VALUE` finds a country by
// name or by its code in any code system, in a given year when codes were shared over time.

#include "softpower/core/operation.hpp"

namespace softpower {

void register_country_operations(OperationRegistry& registry);

}  // namespace softpower
