#pragma once
// A long-format CSV file the user brings (one row per unit and year, one column per
// indicator), read into a panel the same way the source readers read theirs: units mapped
// through the country registry, every row that cannot be mapped reported with its file and
// line, never guessed.

#include <filesystem>
#include <string>
#include <vector>

#include "softpower/core/countries.hpp"
#include "softpower/core/table.hpp"
#include "softpower/sources/reader.hpp"

namespace softpower::store {

/// Which columns of the file hold what.
struct LongCsvLayout {
  std::filesystem::path file;
  std::string unit_column;
  /// "name" for country names, otherwise a code system ("iso3", "iso2", "cow", ...).
  std::string code_system;
  std::string year_column;
  std::vector<std::string> value_columns;  ///< each becomes an indicator of that name
};

/// The choices of LongCsvLayout::code_system: "name", then every code system's name.
std::vector<std::string> unit_code_choices();

/// Reads the file (plain or gzip; read whole, so at most whole_text_limit() of text). A row
/// whose unit is unknown, or not a state in the row's year, goes to the unmapped report; so
/// does a second row for a unit and year already read (the first is kept). Empty cells and
/// "NA", "N/A", "NaN", ".." are missing values. A year or value that is not a number or is out
/// of range, a row with more or fewer fields than the header, and a file without rows are
/// Errors naming the file, line and column.
sources::ReadResult read_long_csv(const LongCsvLayout& layout,
                                  const CountryRegistry& registry = CountryRegistry::world());
/// The same from a table already parsed (with long_csv_options()); `layout.file` is not read.
sources::ReadResult read_long_csv(const LongCsvLayout& layout, const Table& table,
                                  const CountryRegistry& registry = CountryRegistry::world());
/// The CSV options the long-format reader parses with (its spellings of a missing value).
CsvOptions long_csv_options();

}  // namespace softpower::store
