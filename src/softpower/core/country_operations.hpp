#pragma once
// Operations on the country registry: `softpower countries lookup VALUE` finds a country by
// name or by its code in any code system, in a given year when codes were shared over time.

#include <string>

#include "softpower/core/operation.hpp"

namespace softpower {

/// The registry key of a country an operation's parameter `--param` names by its ISO3 code or
/// registry key; throws Error naming the parameter otherwise.
std::string country_key(const std::string& given, const std::string& param);

void register_country_operations(OperationRegistry& registry);

}  // namespace softpower
