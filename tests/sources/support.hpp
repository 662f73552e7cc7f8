#pragma once
// Helpers for the source reader tests: finding rows in the unmapped report.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/sources/reader.hpp"

namespace softpower::testing {

inline std::size_t count_reason(const std::vector<sources::UnmappedRow>& rows,
                                std::string_view reason) {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(),
                    [&](const sources::UnmappedRow& row) { return row.reason == reason; }));
}

/// The first unmapped row whose unit text is `value`, or nullptr.
inline const sources::UnmappedRow* find_unmapped(const std::vector<sources::UnmappedRow>& rows,
                                                 std::string_view value) {
  const auto it = std::find_if(rows.begin(), rows.end(),
                               [&](const sources::UnmappedRow& row) { return row.value == value; });
  return it == rows.end() ? nullptr : &*it;
}

inline bool ends_with(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

}  // namespace softpower::testing
