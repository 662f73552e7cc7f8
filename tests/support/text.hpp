#pragma once
// Small text helpers for tests that read what a page or file says.

#include <cstddef>
#include <string>

namespace softpower::testing {

/// How many times `what` occurs in `text` (overlapping occurrences counted).
inline std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace softpower::testing
