#pragma once
// What every reader shares: opening a source file, turning its unit cells into registry
// countries (or into a line of the unmapped report), and collecting values into a panel
// without letting a second row silently overwrite the first.
//
// Internal to sources/: the readers include it, the rest of the library does not.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "softpower/core/countries.hpp"
#include "softpower/core/panel.hpp"
#include "softpower/core/table.hpp"
#include "softpower/core/text.hpp"
#include "softpower/sources/reader.hpp"

namespace softpower::sources {

/// Names the sources give to groups of countries (World, continents, UN and World Bank
/// regions, income and lending groups, donor groups). Compared ignoring case and the
/// surrounding spaces; an exact list, never a pattern, so a country is never taken for one.
bool is_aggregate_name(std::string_view name);
/// World Bank aggregate codes written in its ISO alpha-3 columns ("WLD", "EUU", "HIC", ...).
bool is_world_bank_aggregate(std::string_view code);
/// UN M49 area codes that are regions or groups, not countries: the M49 regions (001 World,
/// 002 Africa, ..., 419 Latin America and the Caribbean), the UN DESA groups (900 and up) and
/// 830, the Channel Islands (Guernsey and Jersey together).
bool is_m49_aggregate(int code);

/// Maps unit cells to registry countries and writes every failure to the unmapped report.
class UnitMapper {
 public:
  explicit UnitMapper(std::vector<UnmappedRow>& report,
                      const CountryRegistry& registry = CountryRegistry::world());

  /// The country with this code in `system` (in `year` when the code was reused across time).
  /// On failure reports the row (aggregate, not a state in that year, or unknown code) and
  /// returns nullptr. `as_written` is the cell text for the report when the code was cut out
  /// of it ("un830" for M49 830).
  const Country* code(CodeSystem system, std::string_view code, const Location& where, int year = 0,
                      std::string_view as_written = {});
  /// The country with this name or alias; on failure reports it as an aggregate, not a state
  /// in that year, or `unknown` (an unknown name unless the source says what else it can be),
  /// and returns nullptr.
  const Country* name(std::string_view name, const Location& where, int year = 0,
                      std::string_view unknown = unmapped::unknown_name);
  /// OWID's layout: an ISO alpha-3 `Code`, or an empty or "OWID_" code for what ISO does not
  /// code (Kosovo is OWID_KOS, the World OWID_WRL); those are looked up by the entity name.
  const Country* owid_entity(const Table& table, std::size_t row, std::size_t entity_col,
                             std::size_t code_col,
                             std::string_view unknown = unmapped::unknown_name);
  /// Adds a row to the report with a reason the reader decided itself.
  void report(const Location& where, std::string_view value, std::string_view reason);

  const CountryRegistry& registry() const { return registry_; }

 private:
  std::vector<UnmappedRow>& report_;
  const CountryRegistry& registry_;
};

/// Collects values for a panel. A second value for the same unit, indicator and year is not
/// allowed to overwrite the first (that happens when two spellings of one state both map to
/// it): the later row goes to the unmapped report as a duplicate. NaN values are skipped, so
/// a unit or year is in the panel only when it has at least one value.
class PanelCollector {
 public:
  explicit PanelCollector(std::vector<UnmappedRow>& report) : report_(report) {}

  void describe(IndicatorInfo info) { builder_.describe(std::move(info)); }
  void set(const Country& unit, std::string_view indicator, int year, double value,
           const Location& where, std::string_view unit_text);
  /// For values that belong to no single row (counts, means): no duplicate check.
  void set_derived(const std::string& unit, std::string_view indicator, int year, double value);
  Panel build() { return builder_.build(); }

 private:
  std::vector<UnmappedRow>& report_;
  PanelBuilder builder_;
  std::unordered_map<std::string, std::size_t> seen_;
};

/// Reads `relative` under the data directory with the file's own options, and records the
/// file and its row count in `result`.
Table open_source(const std::filesystem::path& data_dir, std::string_view relative,
                  const CsvOptions& options, std::vector<std::filesystem::path>& files,
                  std::size_t& rows_read);
Table open_source(const std::filesystem::path& data_dir, std::string_view relative,
                  const CsvOptions& options, ReadResult& result);

/// A long file with a country-name column, a year column and one value column, the layout of
/// the tables cleaned by the Soft-Power-Index repository (CPI, Polity, Sum_Unesco).
ReadResult read_name_year_series(const std::filesystem::path& data_dir, std::string_view file,
                                 std::string_view name_column, std::string_view year_column,
                                 std::string_view value_column, const IndicatorInfo& info);

/// The cell as a whole year; throws Error at the cell when it is not one.
int year_cell(const Table& table, std::size_t row, std::size_t col);
/// The year of an ISO date cell ("1990-01-01" -> 1990); throws Error at the cell otherwise.
int year_of_date_cell(const Table& table, std::size_t row, std::size_t col);

}  // namespace softpower::sources
