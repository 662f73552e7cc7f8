#include "softpower/core/countries.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>

namespace softpower {
namespace {

const CountryRegistry& world() {
  return CountryRegistry::world();
}

// The key of the entry a code names, or "none".
std::string key(CodeSystem system, std::string_view code, int year = 0) {
  const Country* c = world().find(system, code, year);
  return c == nullptr ? "none" : c->code;
}

std::string key_of_name(std::string_view name, int year = 0) {
  const Country* c = world().find_name(name, year);
  return c == nullptr ? "none" : c->code;
}

std::string message_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Countries, NamibiaIsNA) {
  EXPECT_EQ(key(CodeSystem::iso2, "NA"), "NAM");
  EXPECT_EQ(key(CodeSystem::iso2, "na"), "NAM");
  const Country& namibia = world().get(CodeSystem::iso3, "NAM", {});
  EXPECT_EQ(namibia.iso2, "NA");
  EXPECT_EQ(namibia.m49, 516);
  EXPECT_EQ(namibia.fips, "WA");
  EXPECT_EQ(namibia.region, "Africa");
}

TEST(Countries, CowCodesSharedAcrossTimeFollowTheYear) {
  EXPECT_EQ(key(CodeSystem::cow_numeric, "365", 1980), "SUN");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "365", 2000), "RUS");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "365"), "RUS");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "365", 1900), "RUS");  // COW's Russia of 1816 on
  EXPECT_EQ(key(CodeSystem::cow_numeric, "260"), "XWG");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "260", 1970), "XWG");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "260", 1995), "none");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "255", 1995), "DEU");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "265", 1980), "DDR");
  // The Yemens: 678 North Yemen, 680 South Yemen, 679 unified Yemen.
  EXPECT_EQ(key(CodeSystem::cow_numeric, "678", 1980), "XNY");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "680", 1980), "YMD");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "679", 2000), "YEM");
  // 345: Serbia, Yugoslavia, Serbia and Montenegro, Serbia again.
  EXPECT_EQ(key(CodeSystem::cow_numeric, "345", 1900), "SRB");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "345", 1980), "YUG");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "345", 2000), "SCG");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "345", 2010), "SRB");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "345"), "SRB");
  EXPECT_EQ(key(CodeSystem::cow_alpha, "GFR"), "XWG");
  EXPECT_EQ(key(CodeSystem::cow_alpha, "ROK"), "KOR");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "511", 1963), "XZZ");
  EXPECT_EQ(key(CodeSystem::cow_numeric, "817", 1970), "XSV");
}

TEST(Countries, GleditschWardDiffersFromCowWhereItShould) {
  // Gleditsch and Ward continue West Germany (260) and North Yemen (678) as the unified
  // states, and give Serbia 340 after 2006 where COW keeps 345.
  EXPECT_EQ(key(CodeSystem::gleditsch_ward, "260", 1980), "XWG");
  EXPECT_EQ(key(CodeSystem::gleditsch_ward, "260", 1995), "DEU");
  EXPECT_EQ(key(CodeSystem::gleditsch_ward, "255", 1995), "none");
  EXPECT_EQ(key(CodeSystem::gleditsch_ward, "678", 1980), "XNY");
  EXPECT_EQ(key(CodeSystem::gleditsch_ward, "678", 2000), "YEM");
  EXPECT_EQ(key(CodeSystem::gleditsch_ward, "340", 2010), "SRB");
  EXPECT_EQ(key(CodeSystem::gleditsch_ward, "345", 2010), "none");
  const Country& germany = world().get(CodeSystem::iso3, "DEU", {});
  EXPECT_EQ(germany.cow_numeric, 255);
  EXPECT_EQ(germany.gleditsch_ward, 260);
  const Country& yemen = world().get(CodeSystem::iso3, "YEM", {});
  EXPECT_EQ(yemen.cow_numeric, 679);
  EXPECT_EQ(yemen.gleditsch_ward, 678);
}

TEST(Countries, IsoCodesOfDissolvedStates) {
  EXPECT_EQ(key(CodeSystem::iso3, "SUN"), "SUN");
  EXPECT_EQ(key(CodeSystem::iso2, "SU"), "SUN");
  EXPECT_EQ(key(CodeSystem::iso2, "DD"), "DDR");
  EXPECT_EQ(key(CodeSystem::iso2, "YD"), "YMD");
  // CS was Czechoslovakia, then Serbia and Montenegro; YU passed from the SFRY to the FRY.
  EXPECT_EQ(key(CodeSystem::iso2, "CS", 1980), "CSK");
  EXPECT_EQ(key(CodeSystem::iso2, "CS", 2004), "SCG");
  EXPECT_EQ(key(CodeSystem::iso2, "YU", 1980), "YUG");
  EXPECT_EQ(key(CodeSystem::iso2, "YU", 1995), "SCG");
  EXPECT_EQ(key(CodeSystem::iso2, "YU"), "YUG");
  // ISO gave DE/DEU to West Germany before unification.
  EXPECT_EQ(key(CodeSystem::iso3, "DEU", 1980), "XWG");
  EXPECT_EQ(key(CodeSystem::iso3, "DEU"), "DEU");
  EXPECT_EQ(key(CodeSystem::iso3, "XKX"), "XKX");
}

TEST(Countries, NumericCodesIgnoreLeadingZeros) {
  EXPECT_EQ(key(CodeSystem::m49, "004"), "AFG");
  EXPECT_EQ(key(CodeSystem::iso_numeric, "4"), "AFG");
  EXPECT_EQ(key(CodeSystem::m49, "810"), "SUN");
  EXPECT_EQ(key(CodeSystem::m49, "4a"), "none");
  EXPECT_EQ(key(CodeSystem::m49, ""), "none");
}

TEST(Countries, FipsAndIocDifferFromIso) {
  EXPECT_EQ(key(CodeSystem::fips, "GM"), "DEU");
  EXPECT_EQ(key(CodeSystem::fips, "UK"), "GBR");
  EXPECT_EQ(key(CodeSystem::fips, "GG"), "GEO");
  EXPECT_EQ(key(CodeSystem::fips, "WE"), "PSE");  // West Bank
  EXPECT_EQ(key(CodeSystem::fips, "GZ"), "PSE");  // Gaza Strip
  EXPECT_EQ(key(CodeSystem::fips, "KV"), "XKX");
  EXPECT_EQ(key(CodeSystem::ioc, "GER"), "DEU");
  EXPECT_EQ(key(CodeSystem::ioc, "NED"), "NLD");
  EXPECT_EQ(key(CodeSystem::ioc, "SUI"), "CHE");
  EXPECT_EQ(key(CodeSystem::ioc, "URS"), "SUN");
  EXPECT_EQ(key(CodeSystem::ioc, "FRG"), "XWG");
  EXPECT_EQ(key(CodeSystem::ioc, "ROC"), "RUS");
  EXPECT_EQ(key(CodeSystem::cameo, "ROM"), "ROU");
  EXPECT_EQ(key(CodeSystem::cameo, "TMP"), "TLS");
  EXPECT_EQ(key(CodeSystem::cameo, "AFR"), "none");  // a CAMEO region, not a country
  const Country& russia = world().get(CodeSystem::iso3, "RUS", {});
  EXPECT_EQ(russia.ioc, "RUS");
  EXPECT_EQ(russia.code_in(CodeSystem::ioc), "RUS");
  EXPECT_EQ(russia.code_in(CodeSystem::cow_numeric), "365");
}

TEST(Countries, NamesInTheSpellingsTheDataUses) {
  const std::map<std::string, std::vector<std::string>> spellings = {
      {"KOR",
       {"Korea, Rep.", "Republic of Korea", "South Korea", "Korea (Republic of)", "SOUTH KOREA"}},
      {"TUR", {"Turkey", "Türkiye", "Turkiye", "TURKEY"}},
      {"CIV", {"Côte d'Ivoire", "Ivory Coast", "Cote d'Ivoire", "Côte d’Ivoire", "IVORY COAST"}},
      {"RUS", {"Russian Federation", "Russia"}},
      {"VNM", {"Viet Nam", "Vietnam"}},
      {"IRN", {"Iran, Islamic Rep.", "Iran (Islamic Republic of)", "Iran"}},
      {"COD",
       {"Congo, Dem. Rep.", "Democratic Republic of the Congo", "DR Congo", "DEM REP CONGO"}},
      {"COG", {"Congo", "Congo, Rep.", "Republic of the Congo"}},
      {"USA", {"United States of America", "United States", "USA"}},
      {"GBR", {"UK", "United Kingdom", "GREAT BRITAIN"}},
      {"SUN", {"USSR", "Soviet Union"}},
      {"DDR", {"German Democratic Republic", "East Germany"}},
      {"XNY", {"Yemen Arab Republic"}},
      {"YMD", {"Yemen People's Republic"}},
      {"XZZ", {"Zanzibar"}},
      {"CSK", {"Czechoslovakia"}},
  };
  for (const auto& [code, names] : spellings) {
    for (const auto& name : names) EXPECT_EQ(key_of_name(name), code) << name;
  }
}

TEST(Countries, NameMatchingNormalisesButNeverGuesses) {
  EXPECT_EQ(normalise_country_name("  COTE  D\xE2\x80\x99IVOIRE "), "cote d'ivoire");
  EXPECT_EQ(normalise_country_name("S\xC3\xA3o Tom\xC3\xA9 & Pr\xC3\xADncipe"),
            "sao tome & principe");
  EXPECT_EQ(normalise_country_name("\xC3\x85land"), "aland");
  EXPECT_EQ(key_of_name("S\xC3\x83O TOM\xC3\x89 AND PR\xC3\x8DNCIPE"), "STP");
  EXPECT_EQ(key_of_name("Cote"), "none");
  EXPECT_EQ(key_of_name("Korea Rep"), "none");
  EXPECT_EQ(key_of_name("Germany West"), "none");
  EXPECT_EQ(key_of_name(""), "none");
}

TEST(Countries, SharedNamesFollowTheYear) {
  EXPECT_EQ(key_of_name("Korea"), "KOR");
  EXPECT_EQ(key_of_name("Korea", 1900), "XKR");
  EXPECT_EQ(key_of_name("Federal Republic of Germany", 1980), "XWG");
  EXPECT_EQ(key_of_name("Federal Republic of Germany", 2000), "DEU");
  EXPECT_EQ(key_of_name("Yugoslavia", 1980), "YUG");
  EXPECT_EQ(key_of_name("Yugoslavia", 2010), "none");
}

TEST(Countries, UnknownCodesNameTheFileLineAndField) {
  const Location where{"votes.csv", 12, "country_code"};
  EXPECT_EQ(message_of([&] { (void)world().get(CodeSystem::iso2, "XX", where); }),
            "votes.csv:12: field 'country_code': unknown ISO alpha-2 code 'XX' (did you mean CX "
            "(Christmas Island), XK (Kosovo) or MX (Mexico)?)");
  EXPECT_EQ(message_of([&] { (void)world().get(CodeSystem::cow_numeric, "260", where, 1995); }),
            "votes.csv:12: field 'country_code': Correlates of War state number '260' names no "
            "state in 1995 (West Germany 1949-1990)");
  EXPECT_EQ(message_of([&] {
              (void)world().get_name("Atlantis", {"x.tab", 3, "Country"});
            }),
            "x.tab:3: field 'Country': unknown country name 'Atlantis'");
  EXPECT_EQ(world().get(CodeSystem::iso2, "FR", where).code, "FRA");
}

TEST(Countries, CodeSystemNamesRoundTrip) {
  for (CodeSystem system : kCodeSystems) {
    EXPECT_EQ(parse_code_system(code_system_name(system)), system);
  }
  EXPECT_EQ(parse_code_system("gw"), CodeSystem::gleditsch_ward);
  EXPECT_EQ(parse_code_system("gleditsch_ward"), CodeSystem::gleditsch_ward);
  EXPECT_EQ(parse_code_system("cow"), CodeSystem::cow_numeric);
  EXPECT_EQ(message_of([] { (void)parse_code_system("iso4"); }),
            "unknown code system 'iso4' (valid: key, iso2, iso3, iso_numeric, m49, cow, "
            "cow_alpha, gw, ioc, cameo, fips)");
}

TEST(Countries, RegistryInvariants) {
  std::set<std::string> keys;
  std::size_t members = 0;
  std::size_t observers = 0;
  std::map<std::pair<CodeSystem, std::string>, std::string> current_codes;
  for (const Country& c : world().all()) {
    EXPECT_TRUE(keys.insert(c.code).second) << "duplicate key " << c.code;
    EXPECT_FALSE(c.name.empty()) << c.code;
    EXPECT_LE(c.valid_from, c.valid_to) << c.code;
    EXPECT_EQ(c.status == CountryStatus::historical, !c.current()) << c.code;
    if (c.status == CountryStatus::member) ++members;
    if (c.status == CountryStatus::observer) ++observers;
    if (c.status == CountryStatus::member || c.status == CountryStatus::observer) {
      EXPECT_EQ(c.iso2.size(), 2u) << c.code;
      EXPECT_EQ(c.iso3, c.code) << c.code;
      EXPECT_GT(c.m49, 0) << c.code;
      EXPECT_EQ(c.m49, c.iso_numeric) << c.code;
      EXPECT_FALSE(c.region.empty()) << c.code;
      EXPECT_FALSE(c.subregion.empty()) << c.code;
    }
    if (c.status == CountryStatus::member) {
      EXPECT_GT(c.cow_numeric, 0) << c.code;
      EXPECT_GT(c.gleditsch_ward, 0) << c.code;
    }
    if (!c.current()) continue;
    // Among states that exist now every code names one entry.
    for (CodeSystem system : kCodeSystems) {
      const std::string code = c.code_in(system);
      if (code.empty()) continue;
      const auto [it, fresh] = current_codes.emplace(std::pair{system, code}, c.code);
      EXPECT_TRUE(fresh) << code_system_name(system) << " " << code << " is both " << it->second
                         << " and " << c.code;
      EXPECT_EQ(world().find(system, code), &c) << code_system_name(system) << " " << code;
    }
  }
  EXPECT_EQ(members, 193u);
  EXPECT_EQ(observers, 2u);
  EXPECT_EQ(world().get(CodeSystem::iso3, "VAT", {}).status, CountryStatus::observer);
  EXPECT_EQ(world().get(CodeSystem::iso3, "PSE", {}).status, CountryStatus::observer);
  EXPECT_EQ(world().get(CodeSystem::iso3, "TWN", {}).status, CountryStatus::state);
  EXPECT_EQ(world().get(CodeSystem::iso3, "GRL", {}).status, CountryStatus::territory);
}

TEST(Countries, EntriesThatShareACodeNeverTie) {
  // Two entries valid in the same year with the same code must have begun in different
  // years, or find() could not choose between them.
  const auto all = world().all();
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      const Country& a = all[i];
      const Country& b = all[j];
      const bool overlap = a.valid_from <= b.valid_to && b.valid_from <= a.valid_to;
      if (!overlap || a.valid_from != b.valid_from) continue;
      for (CodeSystem system : kCodeSystems) {
        const std::string code = a.code_in(system);
        if (!code.empty() && code == b.code_in(system)) {
          ADD_FAILURE() << a.code << " and " << b.code << " share " << code;
        }
      }
    }
  }
}

TEST(Countries, HistoricalStatesHaveTheirYears) {
  const std::map<std::string, std::pair<int, int>> years = {
      {"SUN", {1922, 1991}}, {"YUG", {1918, 1992}}, {"SCG", {1993, 2005}}, {"CSK", {1918, 1992}},
      {"DDR", {1949, 1990}}, {"XWG", {1949, 1990}}, {"XNY", {1918, 1990}}, {"YMD", {1967, 1990}},
      {"XZZ", {1963, 1964}}, {"XSV", {1954, 1975}}};
  for (const auto& [code, span] : years) {
    const Country& c = world().get(CodeSystem::key, code, {});
    EXPECT_EQ(c.status, CountryStatus::historical) << code;
    EXPECT_EQ(c.valid_from, span.first) << code;
    EXPECT_EQ(c.valid_to, span.second) << code;
  }
}

TEST(Countries, FromCsvReportsBadRows) {
  const std::string header =
      "code,name,iso2,iso3,iso_numeric,m49,cow_numeric,cow_alpha,gleditsch_ward,ioc,cameo,fips,"
      "region,subregion,status,valid_from,valid_to,aliases\n";
  const auto reg = CountryRegistry::from_csv(
      header +
          "NAM,Namibia,NA,NAM,516,516,565,NAM,565,NAM,NAM,WA,Africa,Sub-Saharan Africa,"
          "member,,,Republic of Namibia\n",
      "t.csv");
  ASSERT_EQ(reg.all().size(), 1u);
  EXPECT_EQ(reg.all()[0].iso2, "NA");
  EXPECT_EQ(reg.all()[0].valid_to, 9999);
  EXPECT_EQ(reg.find_name("republic of namibia"), &reg.all()[0]);
  EXPECT_EQ(message_of([&] {
              (void)CountryRegistry::from_csv(
                  header + "NAM,Namibia,NA,NAM,516,516,565,NAM,565,NAM,NAM,WA,Africa,x,king,,,\n",
                  "t.csv");
            }),
            "t.csv:2: field 'status': unknown status 'king' (valid: member, observer, state, "
            "territory, historical)");
  EXPECT_EQ(message_of([&] {
              (void)CountryRegistry::from_csv(header + "AAA,A,,,x4,,,,,,,,,,member,,,\n", "t.csv");
            }),
            "t.csv:2: field 'iso_numeric': not a whole number: 'x4'");
  EXPECT_EQ(message_of([&] {
              (void)CountryRegistry::from_csv(
                  header + "AAA,A,,,,,,,,,,,,,member,,,\naaa,B,,,,,,,,,,,,,member,,,\n", "t.csv");
            }),
            "t.csv:3: field 'code': registry key 'aaa' is listed twice");
  EXPECT_EQ(message_of([&] {
              (void)CountryRegistry::from_csv(header + "AAA,A,,,,,,,,,,,,,historical,1990,1980,\n",
                                              "t.csv");
            }),
            "t.csv:2: field 'valid_to': ends (1980) before it begins (1990)");
}

TEST(CountryRegistry, DisplayNamesComeFromTheKeyElseTheIsoCodeElseTheCodeItself) {
  const CountryRegistry& world = CountryRegistry::world();
  EXPECT_EQ(world.display_name("KOR"), "South Korea");
  EXPECT_EQ(world.display_name("kor"), "South Korea");  // codes match ignoring case
  const Country* ussr = world.find(CodeSystem::key, "SUN");
  ASSERT_NE(ussr, nullptr);
  EXPECT_EQ(world.display_name("SUN"), ussr->name);
  EXPECT_EQ(world.display_name("XYZ"), "XYZ");
  EXPECT_EQ(world.display_name(""), "");
}

}  // namespace
}  // namespace softpower
