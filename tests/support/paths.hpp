#pragma once
// Where tests and benchmarks find the repository and ../shared/data (no GoogleTest here, so
// benchmarks can use it too).

#include <cstdlib>
#include <filesystem>

#include "softpower/core/build_info.hpp"

namespace softpower::testing {

inline std::filesystem::path shared_data_dir() {
  if (const char* env = std::getenv("SOFTPOWER_DATA"); env != nullptr && *env != '\0') return env;
  return softpower::source_dir().parent_path() / "shared" / "data";
}

inline std::filesystem::path source_dir() {
  return softpower::source_dir();
}

}  // namespace softpower::testing
