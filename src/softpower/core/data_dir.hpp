#pragma once
// Where the real public data lives: --data DIR, else $SOFTPOWER_DATA, else ../shared/data
// beside the checkout (or beside the working directory).

#include <filesystem>
#include <optional>
#include <string>

#include "softpower/core/operation.hpp"

namespace softpower {

/// The data directory; throws Error saying how to get the data when none exists.
std::filesystem::path resolve_data_dir(const std::optional<std::string>& flag);

/// The parameters every data-reading or workspace-using operation shares, declared once.
Param data_param();
Param workspace_param();

}  // namespace softpower
