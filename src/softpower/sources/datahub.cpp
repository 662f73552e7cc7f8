// World Bank GDP and population as republished by datahub.io (datasets/gdp, datasets/population):
// long files `Country Name, Country Code, Year, Value` with ISO alpha-3 codes and the World
// Bank's own aggregate codes (WLD, EUU, HIC, ...) in the same column. CRLF line ends.

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kGdpRepo = "datasets/gdp";
constexpr std::string_view kGdpCommit = "822019c80142c162e4ca4eb1a63699ae36075078";
constexpr std::string_view kPopulationRepo = "datasets/population";
constexpr std::string_view kPopulationCommit = "425fc447a53a26c767a15a7de60c4cc2478a0595";

ReadResult read_world_bank_series(const std::filesystem::path& data_dir, std::string_view file,
                                  const IndicatorInfo& info) {
  ReadResult result;
  const Table t = open_source(data_dir, file, {}, result);
  const std::size_t code = t.column("Country Code");
  const std::size_t year = t.column("Year");
  const std::size_t value = t.column("Value");
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  panel.describe(info);
  for (std::size_t r = 0; r < t.size(); ++r) {
    // The World Bank back-casts today's borders (DEU before 1990 is unified Germany), so the
    // code is looked up without a year.
    const Country* country = mapper.code(CodeSystem::iso3, t.cell(r, code), t.where(r, code));
    if (country == nullptr) continue;
    panel.set(*country, info.code, year_cell(t, r, year), t.number(r, value), t.where(r, code),
              t.cell(r, code));
  }
  result.panel = panel.build();
  return result;
}

}  // namespace

Reader datahub_gdp_reader() {
  const std::string file = "indicators/datahub/gdp.csv";
  Reader r;
  r.id = "datahub-gdp";
  r.edition =
      "World Bank NY.GDP.MKTP.CD, 1960-2023, as datahub's datasets/gdp converted it (the file last "
      "changed on 2024-10-21, commit 1cdcd2e); the World Bank release is not stated";
  r.title = "GDP, current US$ (World Bank)";
  r.path = file;
  r.origin_url = github_tree(kGdpRepo, kGdpCommit);
  r.licence = "ODC-PDDL-1.0";
  r.producer_url = "https://data.worldbank.org/indicator/NY.GDP.MKTP.CD";
  r.files = {{file, github_raw(kGdpRepo, kGdpCommit, "data/gdp.csv"), ""}};
  r.read = [file](const std::filesystem::path& data_dir) {
    return read_world_bank_series(
        data_dir, file,
        {"gdp_usd", "GDP, current US$ (World Bank NY.GDP.MKTP.CD)", "current US$", file});
  };
  return r;
}

Reader datahub_population_reader() {
  const std::string file = "indicators/datahub/population.csv";
  Reader r;
  r.id = "datahub-population";
  r.edition =
      "World Bank SP.POP.TOTL, 1960-2024, as datahub's datasets/population converted it (the file "
      "last changed on 2026-03-06, commit 425fc44); the World Bank release is not stated";
  r.title = "Population, total (World Bank)";
  r.path = file;
  r.origin_url = github_tree(kPopulationRepo, kPopulationCommit);
  r.licence = "ODC-PDDL-1.0";
  r.producer_url = "https://data.worldbank.org/indicator/SP.POP.TOTL";
  r.files = {{file, github_raw(kPopulationRepo, kPopulationCommit, "data/population.csv"), ""}};
  r.read = [file](const std::filesystem::path& data_dir) {
    return read_world_bank_series(
        data_dir, file,
        {"population", "Population, total (World Bank SP.POP.TOTL)", "persons", file});
  };
  return r;
}

}  // namespace softpower::sources
