#pragma once
// The rows readers could not map to a country, told to a person: one summary line over every
// dataset a command read, and, with --verbose, a line per distinct value of each dataset
// (how many rows, why, where first, and for an unknown name or code the registry's nearest
// entries: "did you mean ...?"). docs/countries.md shows both.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/sources/reader.hpp"

namespace softpower::sources {

/// Unmapped rows counted over the datasets a command reads.
class UnmappedTally {
 public:
  void add(const std::vector<UnmappedRow>& rows);
  /// "14 datasets read: 13272 rows of 9 of them not mapped to a country (12950 aggregate, 322
  /// unknown name); --verbose lists them" ("listed above" when `listed`), or "14 datasets
  /// read: every row mapped to a country".
  std::string summary(bool listed = false) const;

 private:
  std::size_t datasets_ = 0, with_rows_ = 0, rows_ = 0;
  std::map<std::string, std::size_t> by_reason_;
};

/// One line per distinct value of `rows` (the most frequent first), each indented and
/// ending in a newline: "  'Untied States' (2 rows, unknown name; f.csv:12): did you mean
/// United States (USA)?".
std::string unmapped_details(const std::vector<UnmappedRow>& rows);

}  // namespace softpower::sources
