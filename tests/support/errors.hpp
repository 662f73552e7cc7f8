#pragma once
// The message of the softpower::Error a piece of code throws, for tests that check what a
// user is told.

#include <string>
#include <utility>

#include "softpower/core/error.hpp"

namespace softpower::testing {

/// The message of the Error `f` throws, or "" when it throws none (other exceptions pass).
template <typename F>
std::string error_of(F&& f) {
  try {
    std::forward<F>(f)();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace softpower::testing
