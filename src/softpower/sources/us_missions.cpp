// US diplomatic missions (Kenkel, v0.1): the highest level of US representation in each
// country and year, 1816-2024, matched to the Correlates of War state system (COW codes, reused
// across time: 345 is Yugoslavia, then Serbia). The yearly file gives the least, greatest,
// median and most frequent status over the days of the year; the range file it was built from
// (date spells) is not read.

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kRepo = "brentonk/us_diplomatic_missions";
constexpr std::string_view kCommit = "6b3b3acfcdd821176aa976b9c56be3648c678ca1";
constexpr std::string_view kFile =
    "indicators/us-diplomatic-missions/mission_status_yearly_cow_v0.1.csv";

// The codebook orders the nine statuses from greatest to least (section "Diplomatic status
// categories"); the score counts up from None = 0 to Embassy = 8, so a higher score is a
// higher level of representation and equal steps follow the codebook's order.
constexpr std::pair<std::string_view, int> kStatusScores[] = {
    {"Embassy", 8},   {"Ambassador Nonresident", 7}, {"Legation", 6}, {"Envoy Nonresident", 5},
    {"Consulate", 4}, {"Consul Nonresident", 3},     {"Liaison", 2},  {"Interests", 1},
    {"None", 0},
};

double status_score(const Table& t, std::size_t row, std::size_t col) {
  const std::string_view status = trim(t.cell(row, col));
  for (const auto& [name, score] : kStatusScores) {
    if (status == name) return score;
  }
  throw Error(t.where(row, col), "unknown US mission status '" + t.cell(row, col) + "'");
}

ReadResult read_us_missions(const std::filesystem::path& data_dir) {
  ReadResult result;
  const Table t = open_source(data_dir, kFile, {}, result);
  const std::size_t cow = t.column("country_code_cow");
  const std::size_t year_col = t.column("year");
  const std::size_t highest = t.column("us_mission_max");
  const std::size_t usual = t.column("us_mission_mode");
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  const std::string file(kFile);
  const std::string scale = "ordinal (0 none .. 8 embassy)";
  panel.describe(
      {"us_mission_max", "Highest level of US representation during the year", scale, file});
  panel.describe({"us_mission_mode",
                  "Most frequent level of US representation during the year (ties go to the "
                  "higher level)",
                  scale, file});
  for (std::size_t r = 0; r < t.size(); ++r) {
    const int year = year_cell(t, r, year_col);
    const Country* unit =
        mapper.code(CodeSystem::cow_numeric, t.cell(r, cow), t.where(r, cow), year);
    if (unit == nullptr) continue;
    panel.set(*unit, "us_mission_max", year, status_score(t, r, highest), t.where(r, cow),
              t.cell(r, cow));
    panel.set(*unit, "us_mission_mode", year, status_score(t, r, usual), t.where(r, cow),
              t.cell(r, cow));
  }
  result.panel = panel.build();
  return result;
}

}  // namespace

Reader us_missions_reader() {
  Reader r;
  r.id = "us-diplomatic-missions";
  r.edition =
      "US diplomatic missions data v0.1 (1816-2024; the files' names, its v0.1 release prepared on "
      "2026-03-15)";
  r.title = "Level of US diplomatic representation per country and year, 1816-2024";
  r.path = std::string(kFile);
  r.origin_url = github_tree(kRepo, kCommit);
  r.licence = "CC-BY-4.0 (data), MIT (code)";
  r.producer_url = "https://github.com/brentonk/us_diplomatic_missions";
  r.files = {{std::string(kFile),
              github_raw(kRepo, kCommit, "data/v0.1/mission_status_yearly_cow_v0.1.csv"), ""}};
  r.read = read_us_missions;
  return r;
}

}  // namespace softpower::sources
