// UNESCO World Heritage: the 2019 export of the World Heritage List (one row per site, Latin-1,
// HTML descriptions with embedded newlines) and a cumulative count per country and year
// derived from it by the author of the Soft-Power-Index repository.

#include <algorithm>
#include <map>
#include <set>

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"
#include "softpower/sources/soft_power_index_repo.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kSitesRepo = "painte15/Evolution-of-the-UNESCO-World-Heritage-Program";
constexpr std::string_view kSitesCommit = "77ce83e9123560fd9b47eb7561da1c15dc9107c5";

// Sites inscribed per state and year, by the file's `category`.
struct Inscriptions {
  int cultural = 0;
  int natural = 0;
  int mixed = 0;
  int transboundary = 0;
  int total() const { return cultural + natural + mixed; }
};

std::vector<std::string> split_codes(std::string_view list) {
  std::vector<std::string> codes;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    std::string code(trim(list.substr(start, comma - start)));
    // UNESCO writes ISO alpha-2 in lower case ("de,pl"); "na" is Namibia.
    std::transform(code.begin(), code.end(), code.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!code.empty() && std::find(codes.begin(), codes.end(), code) == codes.end()) {
      codes.push_back(code);
    }
    start = comma + 1;
  }
  return codes;
}

ReadResult read_whc_sites(const std::filesystem::path& data_dir, const std::string& file) {
  ReadResult result;
  CsvOptions options;
  options.delimiter = ',';
  options.encoding = Encoding::latin1;
  const Table t = open_source(data_dir, file, options, result);
  const std::size_t inscribed = t.column("date_inscribed");
  const std::size_t category = t.column("category");
  const std::size_t iso = t.column("iso_code");
  const std::size_t states = t.column("states_name_en");
  const std::size_t transboundary = t.column("transboundary");
  UnitMapper mapper(result.unmapped);
  std::map<std::string, std::map<int, Inscriptions>> by_state;
  int first_year = 9999;
  int last_year = 0;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const int year = year_cell(t, r, inscribed);
    first_year = std::min(first_year, year);
    last_year = std::max(last_year, year);
    const std::vector<std::string> codes = split_codes(t.cell(r, iso));
    // One site (the Old City of Jerusalem, proposed by Jordan) is listed under no state.
    if (codes.empty()) mapper.report(t.where(r, iso), t.cell(r, states), unmapped::not_a_country);
    const std::string_view kind = trim(t.cell(r, category));
    if (kind != "Cultural" && kind != "Natural" && kind != "Mixed") {
      throw Error(t.where(r, category),
                  "expected Cultural, Natural or Mixed, found '" + t.cell(r, category) + "'");
    }
    for (const std::string& code : codes) {
      const Country* country = mapper.code(CodeSystem::iso2, code, t.where(r, iso));
      if (country == nullptr) continue;
      Inscriptions& count = by_state[country->code][year];
      count.cultural += kind == "Cultural";
      count.natural += kind == "Natural";
      count.mixed += kind == "Mixed";
      count.transboundary += trim(t.cell(r, transboundary)) == "1";
    }
  }
  PanelCollector panel(result.unmapped);
  const std::string unit = "sites";
  panel.describe(
      {"whc_cultural", "World Heritage cultural sites inscribed in the year", unit, file});
  panel.describe({"whc_natural", "World Heritage natural sites inscribed in the year", unit, file});
  panel.describe({"whc_mixed", "World Heritage mixed sites inscribed in the year", unit, file});
  panel.describe({"whc_transboundary",
                  "Transboundary World Heritage sites inscribed in the year (counted for each "
                  "state that shares one)",
                  unit, file});
  panel.describe(
      {"whc_sites", "World Heritage sites on the 2019 list inscribed up to the year", unit, file});
  // Years without an inscription are zeros, not gaps: the list is complete for 1978-2019.
  for (const auto& [code, years] : by_state) {
    int stock = 0;
    for (int year = first_year; year <= last_year; ++year) {
      const auto it = years.find(year);
      const Inscriptions count = it == years.end() ? Inscriptions{} : it->second;
      stock += count.total();
      panel.set_derived(code, "whc_cultural", year, count.cultural);
      panel.set_derived(code, "whc_natural", year, count.natural);
      panel.set_derived(code, "whc_mixed", year, count.mixed);
      panel.set_derived(code, "whc_transboundary", year, count.transboundary);
      panel.set_derived(code, "whc_sites", year, stock);
    }
  }
  result.panel = panel.build();
  return result;
}

}  // namespace

Reader whc_sites_reader() {
  const std::string file = "indicators/unesco-whc/whc-sites-2019.csv";
  Reader r;
  r.id = "whc-sites";
  r.edition =
      "UNESCO World Heritage List as of 2019: inscriptions 1978-2019 (the file's name and its last "
      "inscription; the export's own date is not stated, the copy is of 2019-11-01)";
  r.title = "UNESCO World Heritage sites by state and year of inscription";
  r.path = file;
  r.origin_url = github_tree(kSitesRepo, kSitesCommit);
  r.licence = "none stated (UNESCO World Heritage List data)";
  r.producer_url = "https://whc.unesco.org/en/syndication";
  r.files = {{file, github_raw(kSitesRepo, kSitesCommit, "data/whc-sites-2019.csv"), ""}};
  r.read = [file](const std::filesystem::path& data_dir) { return read_whc_sites(data_dir, file); };
  return r;
}

Reader unesco_cumulative_reader() {
  const std::string file = "indicators/unesco-whc/Sum_Unesco.csv";
  Reader r;
  r.id = "unesco-cumulative";
  r.edition =
      "counts per year 1978-2019 made by paul1734/Soft-Power-Index from the World Heritage List "
      "(file of 2024-01-16); which list is not stated";
  r.title = "Cumulative World Heritage sites per country and year";
  r.path = file;
  r.origin_url = github_tree(kSoftPowerIndexRepo, kSoftPowerIndexCommit);
  r.licence = "none stated";
  r.producer_url = "https://whc.unesco.org/en/list/";
  r.files = {{file,
              github_raw(kSoftPowerIndexRepo, kSoftPowerIndexCommit,
                         "test_master_spi/cleaning/Unesco/Sum_Unesco.csv"),
              ""}};
  r.read = [file](const std::filesystem::path& data_dir) {
    return read_name_year_series(data_dir, file, "Nation", "Year", "Unesco_cumulative",
                                 {"whc_sites_cumulative",
                                  "World Heritage sites inscribed up to the year (cumulative, "
                                  "as counted by the Soft-Power-Index repository)",
                                  "sites", file});
  };
  return r;
}

}  // namespace softpower::sources
