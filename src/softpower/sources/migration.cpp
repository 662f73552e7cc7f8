// International migrant stocks. The UN DESA International Migrant Stock 2020 table (origin x
// destination, 1990-2020 every five years, UN M49 codes, with regions and groups mixed in
// among the countries) gives each country's immigrants (stock by destination, origin = World),
// its diaspora (stock by origin, destination = World) and the bilateral stocks. A smaller UN
// 2015 table gives the foreign-born population by country name.

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"
#include "softpower/sources/soft_power_index_repo.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kDesaFile = "indicators/migration/migration_un_data_coldrop.csv";
constexpr std::string_view kWrfRepo = "wrf/misc-analyses";
constexpr std::string_view kWrfCommit = "dc13bfef72b969221c390e10cd1c57dc9fa0eff1";
constexpr std::string_view kForeignBornFile =
    "indicators/migration/foreign_born_population_by_country_UN2015.tab";
constexpr int kWorld = 900;  // UN M49 code of the World

// The layout of the UN DESA table: names (indented by level), a notes column, M49 codes.
struct DesaColumns {
  std::size_t destination_name, destination_code, origin_name, origin_code;
  std::vector<std::pair<std::size_t, int>> years;

  explicit DesaColumns(const Table& t)
      : destination_name(t.column("Region, development group, country or area of destination")),
        destination_code(t.column("Location code of destination")),
        origin_name(t.column("Region, development group, country or area of origin")),
        origin_code(t.column("Location code of origin")) {
    for (const int year : {1990, 1995, 2000, 2005, 2010, 2015, 2020}) {
      years.emplace_back(t.column(std::to_string(year)), year);
    }
  }
};

int m49_cell(const Table& t, std::size_t row, std::size_t col) {
  const double code = t.number(row, col);
  if (std::isnan(code) || code != std::floor(code) || code < 0) {
    throw Error(t.where(row, col), "not a UN M49 code: '" + t.cell(row, col) + "'");
  }
  return static_cast<int>(code);
}

// A unit of the DESA table: "Other" (origin not stated) is no country; region and group
// codes are aggregates; the rest go through the registry.
const Country* map_desa_unit(UnitMapper& mapper, const Table& t, std::size_t row,
                             std::size_t name_col, std::size_t code_col) {
  if (trim(t.cell(row, name_col)) == "Other") {
    mapper.report(t.where(row, name_col), "Other", unmapped::not_a_country);
    return nullptr;
  }
  return mapper.code(CodeSystem::m49, std::to_string(m49_cell(t, row, code_col)),
                     t.where(row, code_col));
}

ReadResult read_un_migrant_stock(const std::filesystem::path& data_dir) {
  ReadResult result;
  const Table t = open_source(data_dir, kDesaFile, {}, result);
  const DesaColumns columns(t);
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  const std::string file(kDesaFile);
  panel.describe({"immigrant_stock",
                  "International migrant stock living in the country, from all origins (UN DESA)",
                  "persons", file});
  panel.describe({"emigrant_stock", "Diaspora: people born in the country living abroad (UN DESA)",
                  "persons", file});
  for (std::size_t r = 0; r < t.size(); ++r) {
    const int origin = m49_cell(t, r, columns.origin_code);
    const int destination = m49_cell(t, r, columns.destination_code);
    // Rows between two named areas are bilateral detail, read by the dyad reader.
    std::size_t name_col = 0, code_col = 0;
    std::string indicator;
    if (origin == kWorld) {
      name_col = columns.destination_name;
      code_col = columns.destination_code;
      indicator = "immigrant_stock";
    } else if (destination == kWorld) {
      name_col = columns.origin_name;
      code_col = columns.origin_code;
      indicator = "emigrant_stock";
    } else {
      continue;
    }
    const Country* unit = map_desa_unit(mapper, t, r, name_col, code_col);
    if (unit == nullptr) continue;
    for (const auto& [c, year] : columns.years) {
      panel.set(*unit, indicator, year, t.number(r, c), t.where(r, code_col), t.cell(r, code_col));
    }
  }
  result.panel = panel.build();
  return result;
}

DyadResult read_un_migrant_stock_dyads(const std::filesystem::path& data_dir) {
  DyadResult result;
  result.info = {"migrant_stock", "International migrants born in `from` living in `to` (UN DESA)",
                 "persons", std::string(kDesaFile)};
  const Table t = open_source(data_dir, kDesaFile, {}, result.files, result.rows_read);
  const DesaColumns columns(t);
  UnitMapper mapper(result.unmapped);
  for (std::size_t r = 0; r < t.size(); ++r) {
    const Country* to =
        map_desa_unit(mapper, t, r, columns.destination_name, columns.destination_code);
    if (to == nullptr) continue;
    const Country* from = map_desa_unit(mapper, t, r, columns.origin_name, columns.origin_code);
    if (from == nullptr) continue;
    for (const auto& [c, year] : columns.years) {
      const double stock = t.number(r, c);
      if (!std::isnan(stock)) result.dyads.push_back({from->code, to->code, year, stock});
    }
  }
  return result;
}

ReadResult read_foreign_born(const std::filesystem::path& data_dir) {
  ReadResult result;
  CsvOptions options;
  options.delimiter = '\t';
  const Table t = open_source(data_dir, kForeignBornFile, options, result);
  const std::size_t country = t.column("country");
  const std::size_t total = t.column("total_foreign_born");
  const std::size_t share = t.column("percent_country");
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  const std::string file(kForeignBornFile);
  panel.describe(
      {"foreign_born", "Foreign-born population (UN migrant stock 2015)", "persons", file});
  panel.describe({"foreign_born_share", "Foreign-born population as a share of the population",
                  "% of population", file});
  constexpr int kYear = 2015;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const Country* unit = mapper.name(t.cell(r, country), t.where(r, country));
    if (unit == nullptr) continue;
    panel.set(*unit, "foreign_born", kYear, t.number(r, total), t.where(r, country),
              t.cell(r, country));
    panel.set(*unit, "foreign_born_share", kYear, t.number(r, share), t.where(r, country),
              t.cell(r, country));
  }
  result.panel = panel.build();
  return result;
}

}  // namespace

Reader un_migrant_stock_reader() {
  Reader r;
  r.id = "un-migrant-stock";
  r.edition = "UN DESA International Migrant Stock 2020 (1990-2020, every five years)";
  r.title = "Immigrant and emigrant (diaspora) stocks, 1990-2020 (UN DESA)";
  r.path = std::string(kDesaFile);
  r.origin_url = github_tree(kSoftPowerIndexRepo, kSoftPowerIndexCommit);
  r.licence = "none stated (UN DESA data)";
  r.producer_url = "https://www.un.org/development/desa/pd/content/international-migrant-stock";
  r.files = {{std::string(kDesaFile),
              github_raw(kSoftPowerIndexRepo, kSoftPowerIndexCommit,
                         "test_master_spi/cleaning/Migration/migration_un_data_coldrop.csv"),
              ""}};
  r.read = read_un_migrant_stock;
  return r;
}

DyadReader un_migrant_stock_dyads_reader() {
  DyadReader r;
  r.id = "un-migrant-stock-bilateral";
  r.edition = "UN DESA International Migrant Stock 2020 (1990-2020, every five years)";
  r.title = "Migrant stock by origin and destination country, 1990-2020 (UN DESA)";
  r.path = std::string(kDesaFile);
  r.origin_url = github_tree(kSoftPowerIndexRepo, kSoftPowerIndexCommit);
  r.licence = "none stated (UN DESA data)";
  r.producer_url = "https://www.un.org/development/desa/pd/content/international-migrant-stock";
  r.files = un_migrant_stock_reader().files;
  r.read = read_un_migrant_stock_dyads;
  return r;
}

Reader foreign_born_reader() {
  Reader r;
  r.id = "foreign-born-2015";
  r.edition = "UN DESA International Migrant Stock, 2015 (the file's name)";
  r.title = "Foreign-born population by country, 2015 (UN)";
  r.path = std::string(kForeignBornFile);
  r.origin_url = github_tree(kWrfRepo, kWrfCommit);
  r.licence = "none stated (UN data)";
  r.producer_url = "https://www.un.org/development/desa/pd/content/international-migrant-stock";
  r.files = {{std::string(kForeignBornFile),
              github_raw(kWrfRepo, kWrfCommit,
                         "immigration/foreign_born_population_by_country_UN2015.tab"),
              ""}};
  r.read = read_foreign_born;
  return r;
}

}  // namespace softpower::sources
