#include "softpower/sources/china_diplomacy.hpp"

#include <algorithm>
#include <map>

#include "softpower/core/error.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kActivities = "cultural-diplomacy/ChinesePublicDiplomacy.csv";
constexpr std::string_view kProjects =
    "cultural-diplomacy/ChineseFinancialPublicDiplomacyProjectDetails.csv";

// What a weight counts, for each activity (AidData's readme, "Field Definitions"). The
// Confucius Institutes, sister cities and media partnerships are described there as cumulative,
// but the file's values are those added in the year (Thailand: 8 institutes in 2006, 3 in 2007,
// 0 in 2008).
const std::map<std::string, std::string, std::less<>>& weight_names() {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"confucius_institutes", "Confucius Institutes opened"},
      {"sister_cities_established", "sister or friendship cities established"},
      {"government_visits", "high-level and provincial government visits"},
      {"military_visits", "high-level and provincial military visits"},
      {"total_elite_visits", "government and military visits"},
      {"ambassador_op_eds", "op-eds by the Chinese ambassador in local media"},
      {"journalist_visits", "journalists' exchange visits to China"},
      {"media_partnerships", "partnerships of Chinese state media with local media"},
      {"outbound_chinese_students", "Chinese students in the country"},
      {"inbound_students_to_china", "the country's students in China"},
      {"finance", "official finance (constant 2017 US dollars)"}};
  return names;
}

DyadSet ties_of(std::string_view activity,
                const std::map<std::pair<int, std::string>, double>& summed) {
  DyadSet set{"china-diplomacy", true, weight_names().find(activity)->second, {}};
  for (const auto& [key, value] : summed)
    set.dyads.push_back(Dyad{"CHN", key.second, key.first, value});
  return set;
}

}  // namespace

const std::vector<std::string>& china_diplomacy_activities() {
  static const std::vector<std::string> names = {"confucius_institutes",
                                                 "sister_cities_established",
                                                 "government_visits",
                                                 "military_visits",
                                                 "total_elite_visits",
                                                 "ambassador_op_eds",
                                                 "journalist_visits",
                                                 "media_partnerships",
                                                 "outbound_chinese_students",
                                                 "inbound_students_to_china",
                                                 "finance"};
  return names;
}

DyadSet read_china_diplomacy(const std::filesystem::path& data_dir, std::string_view activity,
                             int from, int to, std::vector<UnmappedRow>& unmapped,
                             std::size_t& unpriced) {
  if (!weight_names().contains(activity)) {
    std::string known;
    for (const std::string& a : china_diplomacy_activities()) known += " " + a;
    throw Error("china-diplomacy: unknown activity '" + std::string(activity) +
                "'; known:" + known);
  }
  UnitMapper mapper(unmapped);
  std::map<std::pair<int, std::string>, double> summed;
  std::vector<std::filesystem::path> files;
  std::size_t rows = 0;
  unpriced = 0;
  if (activity == "finance") {
    CsvOptions options;
    options.missing = {"", "NA"};
    const Table t = open_source(data_dir, kProjects, options, files, rows);
    const std::size_t iso3 = t.column("recipient_iso3"), year_col = t.column("year"),
                      usd = t.column("usd_defl");
    for (std::size_t r = 0; r < t.size(); ++r) {
      const int year = year_cell(t, r, year_col);
      if (year < from || year > to) continue;
      const double amount = t.number(r, usd);
      if (!(amount > 0)) {
        ++unpriced;
        continue;
      }
      const Country* c = mapper.code(CodeSystem::iso3, t.cell(r, iso3), t.where(r, iso3), year);
      if (c != nullptr) summed[{year, c->code}] += amount;  // a country's projects added
    }
    return ties_of(activity, summed);
  }
  CsvOptions options;
  options.missing = {"N/A"};
  const Table t = open_source(data_dir, kActivities, options, files, rows);
  const std::size_t name = t.column("receiving_country"), year_col = t.column("year"),
                    value_col = t.column(activity);
  for (std::size_t r = 0; r < t.size(); ++r) {
    const int year = year_cell(t, r, year_col);
    if (year < from || year > to) continue;
    const double value = t.number(r, value_col);
    if (!(value > 0)) continue;  // N/A (NaN) or none
    const Country* c = mapper.name(t.cell(r, name), t.where(r, name), year);
    if (c == nullptr) continue;
    // A second row for the country and year is reported, never added (the first is kept).
    if (!summed.emplace(std::make_pair(year, c->code), value).second)
      mapper.report(t.where(r, name), t.cell(r, name), unmapped::duplicate);
  }
  return ties_of(activity, summed);
}

}  // namespace softpower::sources
