#pragma once
// Facts fixed when the build was configured, defined in a source file CMake generates (so no
// other object file depends on where the checkout lies).

#include <filesystem>

namespace softpower {

/// The source tree this build was configured from: examples/, web/dist, and ../shared/data
/// beside it.
std::filesystem::path source_dir();

}  // namespace softpower
