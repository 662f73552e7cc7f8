#include "softpower/sources/unmapped.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "softpower/core/countries.hpp"

namespace softpower::sources {

void UnmappedTally::add(const std::vector<UnmappedRow>& rows) {
  ++datasets_;
  with_rows_ += rows.empty() ? 0 : 1;
  rows_ += rows.size();
  for (const UnmappedRow& row : rows) ++by_reason_[row.reason];
}

std::string UnmappedTally::summary(bool listed) const {
  const std::string read = fmt::format("{} dataset{} read", datasets_, datasets_ == 1 ? "" : "s");
  if (rows_ == 0) return read + ": every row mapped to a country";
  std::vector<std::pair<std::size_t, std::string>> reasons;
  for (const auto& [reason, n] : by_reason_) reasons.emplace_back(n, reason);
  std::stable_sort(reasons.begin(), reasons.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string why;
  for (const auto& [n, reason] : reasons)
    why += fmt::format("{}{} {}", why.empty() ? "" : ", ", n, reason);
  return fmt::format("{}: {} rows of {} of them not mapped to a country ({}); {}", read, rows_,
                     with_rows_, why, listed ? "listed above" : "--verbose lists them");
}

std::string unmapped_details(const std::vector<UnmappedRow>& rows) {
  struct Value {
    std::size_t rows = 0;
    const UnmappedRow* first = nullptr;
  };
  std::map<std::pair<std::string, std::string>, Value> values;  // by (value, reason)
  std::vector<std::pair<std::string, std::string>> order;       // first seen first
  for (const UnmappedRow& row : rows) {
    Value& v = values[{row.value, row.reason}];
    if (v.rows++ == 0) {
      v.first = &row;
      order.emplace_back(row.value, row.reason);
    }
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](const auto& a, const auto& b) { return values[a].rows > values[b].rows; });
  const CountryRegistry& world = CountryRegistry::world();
  std::string text;
  for (const auto& key : order) {
    const Value& v = values[key];
    const UnmappedRow& row = *v.first;
    std::string suggestion;
    if (row.reason == unmapped::unknown_name) suggestion = world.suggest_name(row.value);
    if (row.reason == unmapped::unknown_code) suggestion = world.suggest_key(row.value);
    text += fmt::format("  '{}' ({} row{}, {}; {}:{}){}\n", row.value, v.rows,
                        v.rows == 1 ? "" : "s", row.reason, row.where.file, row.where.line,
                        suggestion.empty() ? "" : ": " + suggestion);
  }
  return text;
}

}  // namespace softpower::sources
