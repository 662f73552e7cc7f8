#include "softpower/store/long_csv.hpp"

#include <charconv>
#include <cmath>
#include <set>
#include <utility>

#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/core/text.hpp"

namespace softpower::store {

namespace {

constexpr std::string_view kNameSystem = "name";

int year_of(const Table& table, std::size_t row, std::size_t col) {
  const std::string_view text = trim(table.cell(row, col));
  int year = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (ec == std::errc::result_out_of_range && end == text.data() + text.size()) {
    throw Error(table.where(row, col), "'" + printable(text) + "' is out of range for a year");
  }
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw Error(table.where(row, col), "not a year: '" + printable(text) + "'");
  }
  return year;
}

// Every row has the header's fields: more or fewer is a broken line (an unquoted comma in a
// name, a line cut short), whose values would land in the wrong columns.
void check_width(const Table& table, std::size_t row) {
  const std::size_t n = table.rows[row].size();
  if (n != table.header.size()) {
    throw Error(
        Location{table.source, table.lines[row]},
        std::to_string(n) + " fields where the header has " + std::to_string(table.header.size()));
  }
}

// The registry entry for the unit cell, or the reason it has none: a name or code the registry
// knows but for another period is "not a state in that year", not an unknown one.
std::pair<const Country*, std::string_view> find_unit(const CountryRegistry& registry,
                                                      std::string_view system,
                                                      std::string_view text, int year) {
  if (system == kNameSystem) {
    if (const Country* c = registry.find_name(text, year)) return {c, {}};
    if (registry.find_name(text) != nullptr) return {nullptr, sources::unmapped::not_valid_in_year};
    return {nullptr, sources::unmapped::unknown_name};
  }
  const CodeSystem codes = parse_code_system(system);
  if (const Country* c = registry.find(codes, text, year)) return {c, {}};
  if (registry.find(codes, text) != nullptr) return {nullptr, sources::unmapped::not_valid_in_year};
  return {nullptr, sources::unmapped::unknown_code};
}

}  // namespace

std::vector<std::string> unit_code_choices() {
  std::vector<std::string> choices{std::string(kNameSystem)};
  for (CodeSystem system : kCodeSystems) choices.emplace_back(code_system_name(system));
  return choices;
}

CsvOptions long_csv_options() {
  CsvOptions options;
  // The usual spellings of a missing value; the unit column is read as text, so "NA" there
  // is still Namibia.
  options.missing = {"", "NA", "N/A", "NaN", ".."};
  return options;
}

sources::ReadResult read_long_csv(const LongCsvLayout& layout, const CountryRegistry& registry) {
  if (layout.value_columns.empty()) {
    throw Error(Location{layout.file.string()}, "no value columns given (--value-columns)");
  }
  if (layout.code_system != kNameSystem) (void)parse_code_system(layout.code_system);
  return read_long_csv(layout, read_csv(layout.file, long_csv_options()), registry);
}

sources::ReadResult read_long_csv(const LongCsvLayout& layout, const Table& table,
                                  const CountryRegistry& registry) {
  if (layout.value_columns.empty()) {
    throw Error(Location{table.source}, "no value columns given (--value-columns)");
  }
  if (layout.code_system != kNameSystem) (void)parse_code_system(layout.code_system);
  const std::size_t unit_col = table.column(layout.unit_column);
  const std::size_t year_col = table.column(layout.year_column);
  std::vector<std::size_t> value_cols;
  PanelBuilder builder;
  for (const std::string& name : layout.value_columns) {
    value_cols.push_back(table.column(name));
    builder.describe(IndicatorInfo{name, name, "", layout.file.string()});
  }
  if (table.size() == 0) throw Error(Location{table.source}, "the file has a header but no rows");

  sources::ReadResult result;
  result.files = {layout.file};
  result.rows_read = table.size();
  std::set<std::pair<std::string, int>> seen;
  for (std::size_t row = 0; row < table.size(); ++row) {
    check_width(table, row);
    const int year = year_of(table, row, year_col);
    const std::string_view unit_text = trim(table.cell(row, unit_col));
    const auto [country, reason] = find_unit(registry, layout.code_system, unit_text, year);
    const Location where = table.where(row, unit_col);
    if (country == nullptr) {
      result.unmapped.push_back({where, std::string(unit_text), std::string(reason)});
      continue;
    }
    // Two spellings of one state in the same year would otherwise overwrite each other.
    if (!seen.emplace(country->code, year).second) {
      result.unmapped.push_back(
          {where, std::string(unit_text), std::string(sources::unmapped::duplicate)});
      continue;
    }
    for (std::size_t k = 0; k < value_cols.size(); ++k) {
      const double value = table.number(row, value_cols[k]);
      if (!std::isnan(value)) builder.set(country->code, layout.value_columns[k], year, value);
    }
  }
  result.panel = builder.build();
  return result;
}

}  // namespace softpower::store
