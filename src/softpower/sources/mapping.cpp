#include "softpower/sources/mapping.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>

#include "softpower/core/text.hpp"

namespace softpower::sources {

namespace {

// Aggregate names as the sources write them. Each one was found in a file under
// ../shared/data; the list grows when a new source brings new groupings.
constexpr std::string_view kAggregateNames[] = {
    // Continents and world (OWID, OECD, UN).
    "world", "africa", "asia", "europe", "oceania", "americas", "north america", "northern america",
    "south america", "latin america and the caribbean", "sub-saharan africa", "european union",
    "euro area",
    // World Bank regions and groups, as OWID copies them without codes.
    "africa eastern and southern", "africa western and central", "arab world",
    "caribbean small states", "central europe and the baltics", "early-demographic dividend",
    "east asia & pacific", "east asia & pacific (ida & ibrd)",
    "east asia & pacific (excluding high income)", "europe & central asia",
    "europe & central asia (ida & ibrd)", "europe & central asia (excluding high income)",
    "fragile and conflict affected situations", "heavily indebted poor countries (hipc)",
    "high income", "ibrd only", "ida & ibrd total", "ida blend", "ida only", "ida total",
    "late-demographic dividend", "latin america & caribbean",
    "latin america & caribbean (ida & ibrd)", "latin america & caribbean (excluding high income)",
    "least developed countries: un classification", "low & middle income", "low income",
    "lower middle income", "middle east & north africa", "middle east & north africa (ida & ibrd)",
    "middle east & north africa (excluding high income)", "middle income", "oecd members",
    "other small states", "pacific island small states", "post-demographic dividend",
    "pre-demographic dividend", "small states", "south asia", "south asia (ida & ibrd)",
    "sub-saharan africa (ida & ibrd)", "sub-saharan africa (excluding high income)",
    "upper middle income",
    // OWID income groups.
    "high-income countries", "low-income countries", "lower-middle-income countries",
    "upper-middle-income countries",
    // OECD DAC donor groups (OWID ODA files).
    "dac countries", "dac eu countries", "dac eu countries and eu institutions", "g7 countries",
    "non-dac countries", "other non-dac countries", "multilateral organizations",
    "other multilateral organizations", "other multilaterals not specified", "private donors",
    "regional development banks",
    // Guernsey and Jersey reported together (UN DESA, the UN 2015 table, the World Bank).
    "channel islands", "guernsey jersey channel islands"};

// World Bank WDI aggregate codes (regions, income and lending groups, demographic-dividend
// groups, FTI the Global Partnership for Education, LNX "lending category not classified"),
// and CHI, the Channel Islands (Guernsey and Jersey together); the World Bank chose them so
// that none is an ISO 3166 alpha-3 code.
constexpr std::string_view kWorldBankAggregates[] = {
    "AFE", "AFW", "ARB", "CEB", "CHI", "CSS", "FTI", "LNX", "EAP", "EAR", "EAS", "ECA", "ECS",
    "EMU", "EUU", "FCS", "HIC", "HPC", "IBD", "IBT", "IDA", "IDB", "IDX", "INX", "LAC", "LCN",
    "LDC", "LIC", "LMC", "LMY", "LTE", "MEA", "MIC", "MNA", "NAC", "OED", "OSS", "PRE", "PSS",
    "PST", "SAS", "SSA", "SSF", "SST", "TEA", "TEC", "TLA", "TMN", "TSA", "TSS", "UMC", "WLD"};

// UN M49 regions and sub-regions (the "Standard country or area codes for statistical use").
constexpr int kM49Regions[] = {1,  2,  5,  9,  11, 13, 14,  15,  17,  18,  19,  21,  29,  30,  34,
                               35, 39, 53, 54, 57, 61, 142, 143, 145, 150, 151, 154, 155, 202, 419};

}  // namespace

bool is_aggregate_name(std::string_view name) {
  const std::string key = lower_ascii(trim(name));
  return std::find(std::begin(kAggregateNames), std::end(kAggregateNames), key) !=
         std::end(kAggregateNames);
}

bool is_world_bank_aggregate(std::string_view code) {
  const std::string_view key = trim(code);
  return std::find(std::begin(kWorldBankAggregates), std::end(kWorldBankAggregates), key) !=
         std::end(kWorldBankAggregates);
}

bool is_m49_aggregate(int code) {
  constexpr int kChannelIslands = 830;  // Guernsey (831) and Jersey (832) together
  return code >= 900 || code == kChannelIslands ||
         std::find(std::begin(kM49Regions), std::end(kM49Regions), code) != std::end(kM49Regions);
}

UnitMapper::UnitMapper(std::vector<UnmappedRow>& report, const CountryRegistry& registry)
    : report_(report), registry_(registry) {}

void UnitMapper::report(const Location& where, std::string_view value, std::string_view reason) {
  report_.push_back(UnmappedRow{where, std::string(value), std::string(reason)});
}

const Country* UnitMapper::code(CodeSystem system, std::string_view code, const Location& where,
                                int year, std::string_view as_written) {
  const std::string_view key = trim(code);
  const std::string_view shown = as_written.empty() ? code : as_written;
  if (const Country* country = registry_.find(system, key, year)) return country;
  bool aggregate = false;
  if (system == CodeSystem::iso3) aggregate = is_world_bank_aggregate(key);
  if (system == CodeSystem::m49 || system == CodeSystem::iso_numeric) {
    int number = 0;
    const bool numeric = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
    if (numeric && key.size() < 6) number = std::stoi(std::string(key));
    aggregate = numeric && is_m49_aggregate(number);
  }
  if (aggregate) {
    report(where, shown, unmapped::aggregate);
  } else if (year != 0 && registry_.find(system, key, 0) != nullptr) {
    report(where, shown, unmapped::not_valid_in_year);
  } else {
    report(where, shown, unmapped::unknown_code);
  }
  return nullptr;
}

const Country* UnitMapper::name(std::string_view name, const Location& where, int year,
                                std::string_view unknown) {
  const std::string_view key = trim(name);
  if (const Country* country = registry_.find_name(key, year)) return country;
  if (is_aggregate_name(key)) {
    report(where, name, unmapped::aggregate);
  } else if (year != 0 && registry_.find_name(key, 0) != nullptr) {
    report(where, name, unmapped::not_valid_in_year);
  } else {
    report(where, name, unknown);
  }
  return nullptr;
}

const Country* UnitMapper::owid_entity(const Table& table, std::size_t row, std::size_t entity_col,
                                       std::size_t code_col, std::string_view unknown) {
  const std::string_view code = trim(table.cell(row, code_col));
  if (code.size() == 3) return this->code(CodeSystem::iso3, code, table.where(row, code_col));
  return name(table.cell(row, entity_col), table.where(row, entity_col), 0, unknown);
}

void PanelCollector::set(const Country& unit, std::string_view indicator, int year, double value,
                         const Location& where, std::string_view unit_text) {
  if (std::isnan(value)) return;
  std::string key = unit.code;
  key += '\x1f';
  key += indicator;
  key += '\x1f';
  key += std::to_string(year);
  if (!seen_.emplace(std::move(key), where.line).second) {
    report_.push_back(UnmappedRow{where, std::string(unit_text), std::string(unmapped::duplicate)});
    return;
  }
  builder_.set(unit.code, indicator, year, value);
}

void PanelCollector::set_derived(const std::string& unit, std::string_view indicator, int year,
                                 double value) {
  if (std::isnan(value)) return;
  builder_.set(unit, indicator, year, value);
}

Table open_source(const std::filesystem::path& data_dir, std::string_view relative,
                  const CsvOptions& options, std::vector<std::filesystem::path>& files,
                  std::size_t& rows_read) {
  const std::filesystem::path path = data_dir / relative;
  Table table = read_csv(path, options);
  files.push_back(path);
  rows_read += table.size();
  return table;
}

Table open_source(const std::filesystem::path& data_dir, std::string_view relative,
                  const CsvOptions& options, ReadResult& result) {
  return open_source(data_dir, relative, options, result.files, result.rows_read);
}

ReadResult read_name_year_series(const std::filesystem::path& data_dir, std::string_view file,
                                 std::string_view name_column, std::string_view year_column,
                                 std::string_view value_column, const IndicatorInfo& info) {
  ReadResult result;
  const Table t = open_source(data_dir, file, {}, result);
  const std::size_t name = t.column(name_column);
  const std::size_t year = t.column(year_column);
  const std::size_t value = t.column(value_column);
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  panel.describe(info);
  for (std::size_t r = 0; r < t.size(); ++r) {
    const Country* country = mapper.name(t.cell(r, name), t.where(r, name));
    if (country == nullptr) continue;
    panel.set(*country, info.code, year_cell(t, r, year), t.number(r, value), t.where(r, name),
              t.cell(r, name));
  }
  result.panel = panel.build();
  return result;
}

int year_cell(const Table& table, std::size_t row, std::size_t col) {
  const double value = table.number(row, col);
  if (std::isnan(value) || value != std::floor(value) || value < -9999 || value > 9999) {
    throw Error(table.where(row, col), "not a year: '" + table.cell(row, col) + "'");
  }
  return static_cast<int>(value);
}

int year_of_date_cell(const Table& table, std::size_t row, std::size_t col) {
  const std::string_view text = trim(table.cell(row, col));
  const bool iso_date = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                        std::all_of(text.begin(), text.begin() + 4, [](char c) {
                          return std::isdigit(static_cast<unsigned char>(c)) != 0;
                        });
  if (!iso_date) {
    throw Error(table.where(row, col), "not an ISO date: '" + table.cell(row, col) + "'");
  }
  return std::stoi(std::string(text.substr(0, 4)));
}

}  // namespace softpower::sources
