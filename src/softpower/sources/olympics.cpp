// Olympic Games (Olympedia-derived tables): medals won by each National Olympic Committee at
// every Summer Games, and the host of every edition, Summer and Winter. Units are IOC codes,
// which differ from ISO alpha-3 (GER, NED, SUI) and were reused across time.

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kRepo = "BarFeigenberg/Olympic";
constexpr std::string_view kCommit = "184a8ee71d27e5185e4e33c501ddfc1e56bb3a9a";
constexpr std::string_view kDir = "indicators/olympics/";

bool listed(std::string_view noc, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), noc) != codes.end();
}

// Teams that are not a state: mixed-nationality teams of the early Games, athletes under the
// Olympic or a neutral flag, refugee teams, and territories that competed before they
// belonged to a state of their own (Bohemia, Crete, the Saar).
bool is_not_a_state(std::string_view noc) {
  return listed(noc, {"MIX", "IOA", "AIN", "ROT", "EOR", "UNK", "BOH", "CRT", "SAA"});
}
// Teams of several states: Australasia (Australia and New Zealand, 1908-1912), the United
// Team of Germany (1956-1964), the Unified Team (1992), unified Korea, the West Indies
// Federation (1960).
bool is_joint_team(std::string_view noc) {
  return listed(noc, {"ANZ", "EUA", "EUN", "COR", "WIF"});
}

// From 1949 to 1990 two German states sent teams (separately, or as the United Team of
// 1956-1964), but this file writes all of them as GER; which row is which cannot be read
// from it.
bool is_ambiguous_german_team(std::string_view noc, int year) {
  return noc == "GER" && year >= 1949 && year <= 1990;
}

const Country* map_noc(UnitMapper& mapper, const Table& t, std::size_t row, std::size_t col,
                       int year) {
  const std::string_view noc = trim(t.cell(row, col));
  if (is_not_a_state(noc)) {
    mapper.report(t.where(row, col), noc, unmapped::not_a_country);
    return nullptr;
  }
  if (is_joint_team(noc)) {
    mapper.report(t.where(row, col), noc, unmapped::aggregate);
    return nullptr;
  }
  if (is_ambiguous_german_team(noc, year)) {
    mapper.report(t.where(row, col), noc, unmapped::ambiguous);
    return nullptr;
  }
  return mapper.code(CodeSystem::ioc, noc, t.where(row, col), year);
}

// A Games' medals stand for every year until the next Games (the cancelled editions of 1916,
// 1940 and 1944 leave the previous Games standing); the last Games' stand for its own year
// only, as the panel ends there. An index of any year then sees the latest Games, and a
// country absent from that Games' table won nothing there.
void set_latest_games_medals(PanelCollector& panel,
                             const std::map<std::pair<std::string, int>, double>& totals,
                             const std::set<int>& games_years) {
  for (const auto& [key, total] : totals) {
    const auto next = games_years.upper_bound(key.second);
    const int until = next == games_years.end() ? key.second + 1 : *next;
    for (int year = key.second; year < until; ++year) {
      panel.set_derived(key.first, "olympic_medals_latest", year, total);
    }
  }
}

ReadResult read_olympics(const std::filesystem::path& data_dir) {
  ReadResult result;
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  const std::string tally_file = std::string(kDir) + "Olympic_Games_Medal_Tally.csv";
  const std::string games_file = std::string(kDir) + "Olympics_Games.csv";
  const std::string medals = "medals";
  panel.describe({"olympic_gold", "Gold medals at the Summer Olympic Games", medals, tally_file});
  panel.describe(
      {"olympic_silver", "Silver medals at the Summer Olympic Games", medals, tally_file});
  panel.describe(
      {"olympic_bronze", "Bronze medals at the Summer Olympic Games", medals, tally_file});
  panel.describe({"olympic_medals", "All medals at the Summer Olympic Games", medals, tally_file});
  panel.describe({"olympic_medals_latest",
                  "Medals at the latest Summer Games held in or before the year (a panel of every "
                  "year, for indices)",
                  medals, tally_file});
  panel.describe({"olympic_games_hosted",
                  "Olympic Games editions hosted in the year (Summer, Winter, the 1906 "
                  "Intercalated and the 1956 Equestrian Games)",
                  "editions", games_file});

  const Table tally = open_source(data_dir, tally_file, {}, result);
  const std::size_t year_col = tally.column("year");
  const std::size_t noc_col = tally.column("country_noc");
  const std::pair<const char*, const char*> columns[] = {{"gold", "olympic_gold"},
                                                         {"silver", "olympic_silver"},
                                                         {"bronze", "olympic_bronze"},
                                                         {"total", "olympic_medals"}};
  int last_games = 0;
  std::set<int> games_years;
  std::map<std::pair<std::string, int>, double> totals;
  for (std::size_t r = 0; r < tally.size(); ++r) {
    const int year = year_cell(tally, r, year_col);
    last_games = std::max(last_games, year);
    games_years.insert(year);
    const Country* country = map_noc(mapper, tally, r, noc_col, year);
    if (country == nullptr) continue;
    for (const auto& [column, code] : columns) {
      const std::size_t c = tally.column(column);
      panel.set(*country, code, year, tally.number(r, c), tally.where(r, noc_col),
                tally.cell(r, noc_col));
    }
    totals[{country->code, year}] = tally.number(r, tally.column("total"));
  }
  set_latest_games_medals(panel, totals, games_years);

  // Hosts: editions that were held, up to the last Games in the medal table (later editions
  // are awarded but not yet held).
  const Table games = open_source(data_dir, games_file, {}, result);
  const std::size_t games_year = games.column("year");
  const std::size_t host_col = games.column("country_noc");
  const std::size_t held = games.column("isHeld");
  std::map<std::pair<std::string, int>, int> hosted;
  for (std::size_t r = 0; r < games.size(); ++r) {
    const int year = year_cell(games, r, games_year);
    if (!trim(games.cell(r, held)).empty() || year > last_games) continue;
    const Country* country = map_noc(mapper, games, r, host_col, year);
    if (country != nullptr) ++hosted[{country->code, year}];
  }
  for (const auto& [key, count] : hosted) {
    panel.set_derived(key.first, "olympic_games_hosted", key.second, count);
  }
  result.panel = panel.build();
  return result;
}

}  // namespace

Reader olympics_reader() {
  Reader r;
  r.id = "olympics";
  r.edition =
      "Olympedia's medal tables of the Summer Games 1896-2024 (Paris 2024 the last), as "
      "BarFeigenberg/Olympic collected them (file last changed on 2026-01-10); no release stated";
  r.title = "Olympic medals by National Olympic Committee, and Games hosts";
  r.path = std::string(kDir);
  r.origin_url = github_tree(kRepo, kCommit);
  r.licence = "none stated (Olympedia data)";
  r.producer_url = "https://www.olympedia.org/";
  for (const char* name : {"Olympic_Games_Medal_Tally.csv", "Olympics_Games.csv"}) {
    r.files.push_back({std::string(kDir) + name, github_raw(kRepo, kCommit, name), ""});
  }
  r.read = read_olympics;
  return r;
}

}  // namespace softpower::sources
