#pragma once
// Finding ../shared/data in tests. When it is missing, a test fails with a clear message
// under CI (where the data is always beside the checkout) and is skipped elsewhere.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/paths.hpp"

namespace softpower::testing {

inline bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0' && std::string(ci) != "false";
}

}  // namespace softpower::testing

/// Puts the shared data directory in `var`, or fails (under CI) / skips (elsewhere).
#define SOFTPOWER_REQUIRE_DATA(var)                                                   \
  const std::filesystem::path var = ::softpower::testing::shared_data_dir();          \
  if (!std::filesystem::is_directory(var)) {                                          \
    if (::softpower::testing::in_ci()) {                                              \
      FAIL() << "the shared data directory " << var                                   \
             << " is missing; CI must have ../shared/data beside the checkout";       \
    }                                                                                 \
    GTEST_SKIP() << "skipped: the shared data directory " << var                      \
                 << " is missing (set SOFTPOWER_DATA or put it beside the checkout)"; \
  }
