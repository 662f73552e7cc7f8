// Coverage of the country registry over the shared data: every name and code that a data file
// uses for a unit must map to a registry entry or be one of the groups, organisations and
// teams listed below (docs/countries.md, "What is not a country"). Each test prints how many
// distinct values mapped, how many are listed non-countries, and names every failure.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "softpower/core/countries.hpp"
#include "softpower/core/table.hpp"
#include "support/data.hpp"

namespace softpower {
namespace {

const CountryRegistry& registry() {
  return CountryRegistry::world();
}

bool listed(const std::set<std::string>& list, std::string_view value) {
  return list.contains(normalise_country_name(value));
}

std::set<std::string> normalised(std::initializer_list<std::string_view> names) {
  std::set<std::string> out;
  for (std::string_view n : names) out.insert(normalise_country_name(n));
  return out;
}

// Names the sources give to groups of countries and to organisations: world and continents,
// UN, World Bank, OWID and OECD groupings, UN DESA development groups, and the multilateral
// donors of the OWID ODA files (which have no code and are checked by the code column).
const std::set<std::string>& aggregate_names() {
  static const std::set<std::string> names = normalised(
      {"World", "Africa", "Asia", "Europe", "Oceania", "Americas", "North America",
       "Northern America", "South America", "Latin America and the Caribbean", "Sub-Saharan Africa",
       "European Union", "Euro area", "Arab World", "Europe and Northern America",
       "Eastern and South-Eastern Asia", "Northern Africa and Western Asia",
       "Oceania (excluding Australia and New Zealand)", "Central and Southern Asia", "Central Asia",
       "Southern Asia", "Eastern Asia", "South-Eastern Asia", "Western Asia", "Eastern Africa",
       "Middle Africa", "Northern Africa", "Southern Africa", "Western Africa", "Caribbean",
       "Central America", "Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe",
       "Australia and New Zealand", "Melanesia", "Micronesia (region)", "Polynesia",
       "Developed regions", "Less developed regions", "Least developed countries",
       "Less developed regions, excluding least developed countries",
       "Less developed regions, excluding China", "Land-locked Developing Countries (LLDC)",
       "Small island developing States (SIDS)", "Low-income countries",
       "Lower-middle-income countries", "Upper-middle-income countries", "High-income countries",
       "Middle-income countries", "Other",
       // The Channel Islands are reported as one area (UN M49 830, World Bank CHI): Guernsey
       // and Jersey together.
       "Channel Islands", "Guernsey Jersey Channel Islands"});
  return names;
}

// UN M49 codes of regions and groups: the M49 regions and sub-regions, and the UN DESA
// codes from 900 up (no country code reaches 900).
bool is_m49_group(int code) {
  static const std::set<int> regions = {1,   2,   5,   9,   11,  13,  14,  15,  17, 18, 19,
                                        21,  29,  30,  34,  35,  39,  53,  54,  57, 61, 142,
                                        143, 145, 150, 151, 154, 155, 202, 419, 830};
  return code >= 900 || regions.contains(code);
}

// World Bank aggregate codes in ISO alpha-3 columns (regions, income and lending groups)
// and CHI, its code for the Channel Islands taken together.
const std::set<std::string> kWorldBankGroups = {
    "AFE", "AFW", "ARB", "CEB", "CHI", "CSS", "EAP", "EAR", "EAS", "ECA", "ECS", "EMU", "EUU",
    "FCS", "HIC", "HPC", "IBD", "IBT", "IDA", "IDB", "IDX", "INX", "LAC", "LCN", "LDC", "LIC",
    "LMC", "LMY", "LTE", "MEA", "MIC", "MNA", "NAC", "OED", "OSS", "PRE", "PSS", "PST", "SAS",
    "SSA", "SSF", "SST", "TEA", "TEC", "TLA", "TMN", "TSA", "TSS", "UMC", "WLD"};

// UNDP Human Development Report aggregates: development groups, regions and the world.
const std::set<std::string> kHdrGroups = {"ZZA.VHHD", "ZZB.HHD", "ZZC.MHD",  "ZZD.LHD",
                                          "ZZE.AS",   "ZZF.EAP", "ZZG.ECA",  "ZZH.LAC",
                                          "ZZI.SA",   "ZZJ.SSA", "ZZK.WORLD"};

// UNESCO UIS regional groupings are written "<grouping>: <name>" ("AIMS: Africa", "WB: Low
// income (July 2023)"); these are the groupings in the student-mobility files.
bool is_uis_group(std::string_view unit) {
  static const std::set<std::string, std::less<>> groupings = {
      "AIMS", "ALECSO", "CECC-SICA", "ECA", "ECE",    "ECLAC",  "ESCAP", "ESCWA",
      "GPE",  "MDG",    "SDG",       "UIS", "UNESCO", "UNICEF", "WB"};
  const std::size_t colon = unit.find(": ");
  return groupings.contains(unit.substr(0, colon));
}

// Olympic teams that are not one country: joint teams (Australasia, the United Team of
// Germany, the Unified Team of 1992, the unified Korea team, the West Indies Federation),
// athletes without a national team, and territories that competed before they had a state
// (Bohemia, Crete, Saar).
const std::set<std::string> kOlympicTeams = {"ANZ", "EUA", "EUN", "COR", "WIF", "MIX", "IOA",
                                             "AIN", "ROT", "EOR", "UNK", "BOH", "CRT", "SAA"};

// CAMEO codes of regions and places that are not countries (CAMEO.country.txt), and 0 for
// "unknown or not applicable".
const std::set<std::string> kCameoGroups = {"AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS",
                                            "CEU", "EIN", "EAF", "EEU", "EUR", "LAM", "MEA",
                                            "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS",
                                            "SEA", "SAF", "WAF", "WST", "BAG", "0"};

// FIPS 10-4 codes for what is not a country: OS is "Oceans" in GDELT's geography.
const std::set<std::string> kFipsGroups = {"OS"};

// V-Dem's own ids for polities without an ISO code: the German and Italian states outside the
// Correlates of War list (Brunswick, Hamburg, Nassau, Oldenburg, Saxe-Weimar-Eisenach,
// Piedmont-Sardinia), British Mandate Palestine, Gaza, Somaliland, and its ids for states the
// registry keys otherwise (reached through their Gleditsch-Ward codes: Baden 267, Bavaria 245,
// Hanover 240, Hesse-Kassel 273, Hesse-Darmstadt 275, Mecklenburg 280, Saxony 269,
// Württemberg 271, Modena 332, Papal States 327, Parma 335, Tuscany 337, Two Sicilies 329,
// Zanzibar 511, South Vietnam 817).
const std::set<std::string> kVdemOwnIds = {"BRW", "HRG", "NSS", "OLD", "SXN", "SPD", "PSB", "PSG",
                                           "SML", "BDN", "BVR", "HVR", "HKS", "HDM", "MCL", "SAX",
                                           "WRG", "MDN", "PPS", "PRM", "TSC", "TWS", "ZZB", "VDR"};

// Distinct values of one file, with what became of each.
class Coverage {
 public:
  explicit Coverage(std::string file) : file_(std::move(file)) {}

  // `mapped` says whether the value maps to a country; `group` whether it is a listed
  // non-country. Each distinct value is counted once.
  void check(const std::string& value, bool mapped, bool group = false) {
    if (!seen_.insert(value).second) return;
    if (mapped) {
      ++mapped_;
    } else if (group) {
      ++groups_;
    } else {
      unmapped_.insert(value);
    }
  }
  // A failure that is not about mapping (two columns that disagree).
  void mismatch(const std::string& what) { mismatches_.insert(what); }

  void expect_complete() const {
    std::cout << "[coverage] " << file_ << ": " << mapped_ << " mapped, " << groups_
              << " listed non-countries, " << unmapped_.size() << " unmapped, "
              << mismatches_.size() << " mismatches\n";
    std::string names;
    for (const auto& u : unmapped_) names += " '" + u + "'";
    for (const auto& m : mismatches_) names += " [" + m + "]";
    EXPECT_TRUE(unmapped_.empty() && mismatches_.empty()) << file_ << ":" << names;
    EXPECT_GT(mapped_, 0u) << file_;
  }

  std::size_t mapped() const { return mapped_; }

 private:
  std::string file_;
  std::set<std::string> seen_;
  std::size_t mapped_ = 0;
  std::size_t groups_ = 0;
  std::set<std::string> unmapped_;
  std::set<std::string> mismatches_;
};

// Blank cells of the crosswalk hold a space or a no-break space.
bool has_code(const std::string& cell) {
  return std::any_of(cell.begin(), cell.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

Table read(const std::filesystem::path& data, const std::string& relative, char delimiter = ',',
           char comment = '\0') {
  CsvOptions options;
  options.delimiter = delimiter;
  options.comment = comment;
  return read_csv(data / relative, options);
}

// A name column: every value maps by name or is a listed aggregate.
void check_names(const std::filesystem::path& data, const std::string& relative,
                 const std::string& column, char delimiter = ',') {
  const Table t = read(data, relative, delimiter);
  Coverage coverage(relative + " " + column);
  const std::size_t c = t.column(column);
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& name = t.cell(r, c);
    coverage.check(name, registry().find_name(name) != nullptr, listed(aggregate_names(), name));
  }
  coverage.expect_complete();
}

// An ISO alpha-3 column with World Bank groups.
void check_iso3(const std::filesystem::path& data, const std::string& relative,
                const std::string& column) {
  const Table t = read(data, relative);
  Coverage coverage(relative + " " + column);
  const std::size_t c = t.column(column);
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& code = t.cell(r, c);
    coverage.check(code, registry().find(CodeSystem::iso3, code) != nullptr,
                   kWorldBankGroups.contains(code) || kHdrGroups.contains(code));
  }
  coverage.expect_complete();
}

// OWID's layout: an ISO alpha-3 Code; OWID_ codes (OWID_KOS Kosovo, OWID_WRL World) name
// what ISO does not code and are checked by the entity name; an empty Code marks a group
// or an organisation.
void check_owid(const std::filesystem::path& data, const std::string& relative) {
  const Table t = read(data, relative);
  Coverage coverage(relative + " Code");
  const std::size_t code = t.column("Code");
  const std::size_t entity = t.column(t.find_column("Entity") ? "Entity" : "Country");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& c = t.cell(r, code);
    const std::string& name = t.cell(r, entity);
    if (c.empty()) {
      coverage.check("(no code) " + name, false, true);
    } else if (c.starts_with("OWID_")) {
      coverage.check(c + " " + name, registry().find_name(name) != nullptr,
                     listed(aggregate_names(), name));
    } else {
      const Country* country = registry().find(CodeSystem::iso3, c);
      coverage.check(c, country != nullptr);
      if (country != nullptr && registry().find_name(name) != country) {
        coverage.mismatch(c + " is " + country->code + " but '" + name + "' is not");
      }
    }
  }
  coverage.expect_complete();
}

TEST(CountriesData, UnVotesNamesAndIso2Codes) {
  SOFTPOWER_REQUIRE_DATA(data);
  const Table calls = read(data, "un-votes/un_roll_calls.csv");
  std::unordered_map<std::string, int> year_of;
  for (std::size_t r = 0; r < calls.size(); ++r) {
    year_of[calls.cell(r, calls.column("rcid"))] =
        std::stoi(calls.cell(r, calls.column("date")).substr(0, 4));
  }
  const Table votes = read(data, "un-votes/un_votes.csv");
  Coverage names("un-votes/un_votes.csv country");
  Coverage codes("un-votes/un_votes.csv country_code");
  const std::size_t name_col = votes.column("country");
  const std::size_t code_col = votes.column("country_code");
  const std::size_t rcid_col = votes.column("rcid");
  std::set<std::string> pairs;
  std::size_t without_code = 0;
  for (std::size_t r = 0; r < votes.size(); ++r) {
    const std::string& name = votes.cell(r, name_col);
    const std::string& code = votes.cell(r, code_col);
    const int year = year_of.at(votes.cell(r, rcid_col));
    names.check(name, registry().find_name(name) != nullptr);
    if (code.empty()) {
      ++without_code;
      continue;
    }
    codes.check(code, registry().find(CodeSystem::iso2, code) != nullptr);
    // Where the code and the name both name a state in the vote's year, it is the same one:
    // CS in 1980 is Czechoslovakia, DE in 1995 is Germany.
    if (!pairs.insert(name + "|" + code + "|" + std::to_string(year)).second) continue;
    const Country* by_code = registry().find(CodeSystem::iso2, code, year);
    const Country* by_name = registry().find_name(name, year);
    if (by_code != nullptr && by_name != nullptr && by_code != by_name) {
      codes.mismatch(code + " in " + std::to_string(year) + " is " + by_code->code + ", '" + name +
                     "' is " + by_name->code);
    }
  }
  std::cout << "[coverage] un-votes/un_votes.csv: " << without_code
            << " votes without a country_code, mapped by name\n";
  EXPECT_GT(without_code, 0u);
  names.expect_complete();
  codes.expect_complete();
}

TEST(CountriesData, VoetenCowCodesInTheirYears) {
  SOFTPOWER_REQUIRE_DATA(data);
  const Table t = read(data, "un-votes/un_votes_voeten_raw.csv.gz");
  Coverage coverage("un-votes/un_votes_voeten_raw.csv.gz ccode (member years)");
  const std::size_t ccode = t.column("ccode");
  const std::size_t vote = t.column("vote");
  const std::size_t date = t.column("date");
  for (std::size_t r = 0; r < t.size(); ++r) {
    // Vote 9 marks a state that was not a member then; only member years must name a state.
    if (t.cell(r, vote) == "9") continue;
    // The year of the vote's date (M/D/YYYY); the file's own `year` is the session's first
    // year, when states admitted later in the session did not exist yet.
    // A few rows have no date; their session year stands in.
    const std::string& when = t.cell(r, date);
    const std::string year =
        when.empty() ? t.cell(r, t.column("year")) : when.substr(when.rfind('/') + 1);
    coverage.check(
        t.cell(r, ccode) + " in " + year,
        registry().find(CodeSystem::cow_numeric, t.cell(r, ccode), std::stoi(year)) != nullptr);
  }
  coverage.expect_complete();
}

TEST(CountriesData, IndicatorNameColumns) {
  SOFTPOWER_REQUIRE_DATA(data);
  check_names(data, "indicators/corruption-cpi/CPI_Index.csv", "Nation");
  check_names(data, "indicators/polity/polity95.csv", "Nation");
  check_names(data, "indicators/cultural-similarity/long_csi.csv", "Country1");
  check_names(data, "indicators/cultural-similarity/long_csi.csv", "Country2");
  check_names(data, "indicators/science/science_score_filtered.csv", "Country");
  check_names(data, "indicators/tourism/2019_arrivals_by_country.tab", "Country", '\t');
  check_names(data, "indicators/migration/foreign_born_population_by_country_UN2015.tab", "country",
              '\t');
  check_names(data, "indicators/unesco-whc/Sum_Unesco.csv", "Nation");
}

TEST(CountriesData, UnMigrantStockM49CodesAndNames) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string file = "indicators/migration/migration_un_data_coldrop.csv";
  const Table t = read(data, file);
  Coverage codes(file + " location codes");
  Coverage names(file + " names");
  const std::pair<const char*, const char*> columns[] = {
      {"Location code of destination", "Region, development group, country or area of destination"},
      {"Location code of origin", "Region, development group, country or area of origin"}};
  for (std::size_t r = 0; r < t.size(); ++r) {
    for (const auto& [code_column, name_column] : columns) {
      const std::string& code = t.cell(r, t.column(code_column));
      // Names are indented by level and carry '*' when a note applies.
      std::string name(t.cell(r, t.column(name_column)));
      while (!name.empty() && name.back() == '*') name.pop_back();
      const Country* by_code = registry().find(CodeSystem::m49, code);
      codes.check(code, by_code != nullptr, is_m49_group(std::stoi(code)));
      const Country* by_name = registry().find_name(name);
      names.check(name, by_name != nullptr, is_m49_group(std::stoi(code)));
      if (by_code != nullptr && by_name != by_code) {
        names.mismatch(code + " is " + by_code->code + " but '" + name + "' is not");
      }
    }
  }
  codes.expect_complete();
  names.expect_complete();
}

TEST(CountriesData, UsDiplomaticMissionsCowCodesInTheirYears) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string file = "indicators/us-diplomatic-missions/mission_status_yearly_cow_v0.1.csv";
  const Table t = read(data, file);
  Coverage codes(file + " country_code_cow (by year)");
  Coverage names(file + " country_name_cow");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const int year = std::stoi(t.cell(r, t.column("year")));
    const std::string& number = t.cell(r, t.column("country_code_cow"));
    const std::string& alpha = t.cell(r, t.column("country_abbrev_cow"));
    const Country* by_number = registry().find(CodeSystem::cow_numeric, number, year);
    codes.check(number + " in " + std::to_string(year), by_number != nullptr);
    const Country* by_alpha = registry().find(CodeSystem::cow_alpha, alpha, year);
    if (by_number != by_alpha) {
      codes.mismatch(number + " and " + alpha + " differ in " + std::to_string(year));
    }
    const std::string& name = t.cell(r, t.column("country_name_cow"));
    names.check(name, registry().find_name(name) != nullptr);
  }
  codes.expect_complete();
  names.expect_complete();
}

TEST(CountriesData, OlympicNocCodes) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::pair<const char*, const char*> files[] = {
      {"indicators/olympics/Olympic_Games_Medal_Tally.csv", "country_noc"},
      {"indicators/olympics/Olympics_Country.csv", "noc"},
      {"indicators/olympics/Olympics_Games.csv", "country_noc"}};
  for (const auto& [file, column] : files) {
    const Table t = read(data, file);
    Coverage coverage(std::string(file) + " " + column);
    for (std::size_t r = 0; r < t.size(); ++r) {
      const std::string& noc = t.cell(r, t.column(column));
      coverage.check(noc, registry().find(CodeSystem::ioc, noc) != nullptr,
                     kOlympicTeams.contains(noc));
    }
    coverage.expect_complete();
  }
}

TEST(CountriesData, VdemGleditschWardCodesAndIds) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string file = "indicators/vdem/dv_data_1968_on.csv";
  const Table t = read(data, file);
  Coverage gw(file + " gwcode (by year)");
  Coverage ids(file + " country_text_id");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const int year = std::stoi(t.cell(r, t.column("year")));
    const std::string& code = t.cell(r, t.column("gwcode"));
    gw.check(code + " in " + std::to_string(year),
             registry().find(CodeSystem::gleditsch_ward, code, year) != nullptr);
    const std::string& id = t.cell(r, t.column("country_text_id"));
    ids.check(id, registry().find(CodeSystem::iso3, id) != nullptr, kVdemOwnIds.contains(id));
  }
  gw.expect_complete();
  ids.expect_complete();

  const Table dem = read(data, "indicators/vdem/dem.csv");
  Coverage dem_ids("indicators/vdem/dem.csv iso3");
  for (std::size_t r = 0; r < dem.size(); ++r) {
    const std::string& id = dem.cell(r, dem.column("iso3"));
    dem_ids.check(id, registry().find(CodeSystem::iso3, id) != nullptr, kVdemOwnIds.contains(id));
  }
  dem_ids.expect_complete();
}

TEST(CountriesData, Iso3CodeColumns) {
  SOFTPOWER_REQUIRE_DATA(data);
  check_iso3(data, "indicators/undp-hdr/HDR21-22_Composite_indices_complete_time_series.csv",
             "iso3");
  check_iso3(data, "indicators/datahub/gdp.csv", "Country Code");
  check_iso3(data, "indicators/datahub/population.csv", "Country Code");
}

TEST(CountriesData, OwidCodeColumns) {
  SOFTPOWER_REQUIRE_DATA(data);
  check_owid(data, "indicators/press-freedom-rsf/clean_press_freedom.csv");
  check_owid(data, "indicators/internet/share-of-individuals-using-the-internet.csv");
  check_owid(data, "indicators/internet/number-of-internet-users-by-country.csv");
  check_owid(data, "indicators/oda/foreign-aid-given-as-a-share-of-national-income.csv");
  check_owid(data, "indicators/oda/foreign-aid-given-net.csv");
}

TEST(CountriesData, StudentMobilityGeoUnits) {
  SOFTPOWER_REQUIRE_DATA(data);
  for (const char* file : {"indicators/student-mobility/inbound_intl.csv",
                           "indicators/student-mobility/inbound-outbound_intl.csv"}) {
    const Table t = read(data, file);
    Coverage coverage(std::string(file) + " geoUnit");
    for (std::size_t r = 0; r < t.size(); ++r) {
      const std::string& unit = t.cell(r, t.column("geoUnit"));
      coverage.check(unit, registry().find(CodeSystem::iso3, unit) != nullptr, is_uis_group(unit));
    }
    coverage.expect_complete();
  }
}

TEST(CountriesData, ElcanoMasterCountryIds) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string file = "elcano/master_country.csv";
  const Table t = read(data, file, ';');
  Coverage ids(file + " id_master_country");
  Coverage isos(file + " ISO codes");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& id = t.cell(r, t.column("id_master_country"));
    // "un" + M49 for UN areas; "eu9xx" for EU groupings (EU, EFTA, candidates, ENP).
    const bool un = id.starts_with("un");
    const Country* country = un ? registry().find(CodeSystem::m49, id.substr(2)) : nullptr;
    // M49 680 is Sark, part of the Bailiwick of Guernsey with no ISO code of its own.
    ids.check(id, country != nullptr,
              !un || is_m49_group(std::stoi(id.substr(2))) || id == "un680");
    // "#@#@" is this file's missing value.
    const std::pair<CodeSystem, const char*> iso[] = {{CodeSystem::iso2, "iso_3166_1_2_code"},
                                                      {CodeSystem::iso3, "iso_3166_1_3_code"}};
    for (const auto& [system, column] : iso) {
      const std::string& code = t.cell(r, t.column(column));
      if (code == "#@#@") continue;
      const Country* by_iso = registry().find(system, code);
      isos.check(code, by_iso != nullptr);
      // un057 is the M49 Micronesia region, to which this file gives the codes of the
      // Federated States of Micronesia (un583).
      if (by_iso != country && id != "un057") isos.mismatch(id + " and " + code + " differ");
    }
  }
  ids.expect_complete();
  isos.expect_complete();
}

TEST(CountriesData, DatahubCountryCodesEveryColumnAgrees) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string file = "indicators/datahub/country-codes.csv";
  const Table t = read(data, file);
  Coverage coverage(file + " code columns");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& iso3 = t.cell(r, t.column("ISO3166-1-Alpha-3"));
    const Country* country = registry().find(CodeSystem::iso3, iso3);
    coverage.check("ISO3 " + iso3, country != nullptr);
    const auto agree = [&](CodeSystem system, const std::string& code) {
      if (!has_code(code)) return;
      const Country* other = registry().find(system, code);
      coverage.check(std::string(code_system_name(system)) + " " + code, other != nullptr);
      // The file gives Bonaire, Sint Eustatius and Saba the committee of the former
      // Netherlands Antilles (AHO), which the registry keeps with the Antilles.
      const bool antilles = iso3 == "BES" && code == "AHO";
      if (other != country && !antilles) {
        coverage.mismatch(std::string(code_system_name(system)) + " " + code);
      }
    };
    agree(CodeSystem::iso2, t.cell(r, t.column("ISO3166-1-Alpha-2")));
    agree(CodeSystem::iso_numeric, t.cell(r, t.column("ISO3166-1-numeric")));
    agree(CodeSystem::m49, t.cell(r, t.column("M49")));
    agree(CodeSystem::ioc, t.cell(r, t.column("IOC")));
    // FIPS cells join the codes of an entry's parts: RIKV is Serbia (RI) with Kosovo (KV),
    // GZWE Gaza and the West Bank, SVJN Svalbard and Jan Mayen. The United States Minor
    // Outlying Islands have the placeholder "a" (FIPS codes each island).
    const std::string fips(t.cell(r, t.column("FIPS")));
    if (fips.size() < 2 || !has_code(fips)) continue;
    for (std::size_t i = 0; i + 2 <= fips.size(); i += 2) {
      const std::string part = fips.substr(i, 2);
      const Country* other = registry().find(CodeSystem::fips, part);
      coverage.check("fips " + part, other != nullptr);
      // Kosovo (KV) is a registry entry of its own; FIPS codes Bonaire, Sint Eustatius and
      // Saba only as part of the Netherlands (NL).
      const bool own_entry = iso3 == "SRB" && part == "KV";
      const bool part_of_netherlands = iso3 == "BES" && part == "NL";
      if (other != country && !own_entry && !part_of_netherlands) {
        coverage.mismatch("fips " + part + " of " + iso3);
      }
    }
  }
  coverage.expect_complete();
}

TEST(CountriesData, CameoCountryLookup) {
  SOFTPOWER_REQUIRE_DATA(data);
  const std::string file = "gdelt/lookups/CAMEO.country.txt";
  const Table t = read(data, file, '\t');
  Coverage coverage(file + " CODE");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& code = t.cell(r, t.column("CODE"));
    coverage.check(code, registry().find(CodeSystem::cameo, code) != nullptr,
                   kCameoGroups.contains(code));
  }
  coverage.expect_complete();
}

TEST(CountriesData, GdeltEventCountryCodes) {
  SOFTPOWER_REQUIRE_DATA(data);
  Coverage fips("gdelt/events *Geo_CountryCode (FIPS 10-4)");
  Coverage cameo("gdelt/events Actor*CountryCode (CAMEO)");
  CsvOptions options;
  options.delimiter = '\t';
  options.has_header = false;
  for (const auto& entry : std::filesystem::directory_iterator(data / "gdelt/events")) {
    if (!entry.path().string().ends_with(".export.CSV")) continue;
    const Table t = read_csv(entry.path(), options);
    for (std::size_t r = 0; r < t.size(); ++r) {
      // GDELT 2.0 export columns (0-based): 7 and 17 actor countries; 37, 45, 53 geography.
      for (std::size_t c : {37u, 45u, 53u}) {
        const std::string& code = t.cell(r, c);
        if (!code.empty()) {
          fips.check(code, registry().find(CodeSystem::fips, code) != nullptr,
                     kFipsGroups.contains(code));
        }
      }
      for (std::size_t c : {7u, 17u}) {
        const std::string& code = t.cell(r, c);
        if (!code.empty()) {
          cameo.check(code, registry().find(CodeSystem::cameo, code) != nullptr,
                      kCameoGroups.contains(code));
        }
      }
    }
  }
  fips.expect_complete();
  cameo.expect_complete();
}

}  // namespace
}  // namespace softpower
