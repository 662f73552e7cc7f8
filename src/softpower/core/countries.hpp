#pragma once
// The country registry: every UN member and observer, the territories the data sources
// report, and the historical states that appear in the data (USSR, Yugoslavia, Serbia and
// Montenegro, Czechoslovakia, East and West Germany, North and South Yemen, Zanzibar, ...),
// each with its validity years and its code in every code system the sources use.
//
// Lookups are exact: a code or name is found in the table or reported as unknown, never
// guessed. Names match case-insensitively and ignoring accents, quote variants and repeated
// spaces ("COTE D'IVOIRE" finds "Côte d'Ivoire"), but only against names the table lists.
// docs/countries.md describes the table, the pseudo-codes and how shared codes are resolved.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "softpower/core/error.hpp"

namespace softpower {

enum class CodeSystem {
  key,             ///< the registry key (Country::code): ISO alpha-3 or a pseudo-code
  iso2,            ///< ISO 3166-1 alpha-2 ("NA" is Namibia)
  iso3,            ///< ISO 3166-1 alpha-3 (with ISO 3166-3 codes of dissolved states)
  iso_numeric,     ///< ISO 3166-1 numeric
  m49,             ///< UN M49 numeric (equal to ISO numeric for current states)
  cow_numeric,     ///< Correlates of War state number
  cow_alpha,       ///< Correlates of War state abbreviation
  gleditsch_ward,  ///< Gleditsch and Ward state number
  ioc,             ///< International Olympic Committee code
  cameo,           ///< CAMEO actor country code (GDELT Actor*CountryCode)
  fips,            ///< FIPS 10-4 (GDELT *Geo_CountryCode)
};

/// Every code system, in declaration order.
inline constexpr CodeSystem kCodeSystems[] = {
    CodeSystem::key, CodeSystem::iso2,        CodeSystem::iso3,      CodeSystem::iso_numeric,
    CodeSystem::m49, CodeSystem::cow_numeric, CodeSystem::cow_alpha, CodeSystem::gleditsch_ward,
    CodeSystem::ioc, CodeSystem::cameo,       CodeSystem::fips};

/// Name of a code system as used on the command line ("iso3", "cow", "gw", ...).
std::string_view code_system_name(CodeSystem system);
/// Words for messages ("ISO alpha-2 code", "Correlates of War state number").
std::string_view code_system_label(CodeSystem system);
/// Parses a code-system name (also the countries.csv column names "cow_numeric",
/// "gleditsch_ward"); throws Error listing the valid names.
CodeSystem parse_code_system(std::string_view name);

enum class CountryStatus {
  member,      ///< UN member state
  observer,    ///< UN observer state (Holy See, Palestine)
  state,       ///< a state outside the UN (Kosovo, Taiwan)
  territory,   ///< a dependent territory or area with its own ISO code
  historical,  ///< a state or territory that no longer exists
};

std::string_view country_status_name(CountryStatus status);

struct Country {
  /// Unique key: ISO alpha-3 where one exists (including ISO 3166-3 codes of dissolved
  /// states such as SUN, YUG, CSK, DDR, YMD); otherwise a pseudo-code from ISO's
  /// user-assigned range X.. (XKX Kosovo, XWG West Germany; see docs/countries.md).
  std::string code;
  std::string name;  ///< short English name
  std::string iso2;
  std::string iso3;
  int iso_numeric = 0;  ///< 0 = none
  int m49 = 0;
  int cow_numeric = 0;
  std::string cow_alpha;
  int gleditsch_ward = 0;
  std::string ioc;
  std::string cameo;
  std::string fips;
  std::string region;     ///< UN M49 region (Africa, Americas, Asia, Europe, Oceania)
  std::string subregion;  ///< UN M49 sub-region
  CountryStatus status = CountryStatus::member;
  int valid_from = 0;                ///< first year the state existed as listed (0 = always)
  int valid_to = 9999;               ///< last year (9999 = still exists)
  std::vector<std::string> aliases;  ///< other names in the spellings the data uses
  /// Further codes that also name this entry: former codes and the codes of its parts, such
  /// as IOC "ROC" for Russia, CAMEO "TMP" for Timor-Leste or FIPS "WE" (West Bank) for
  /// Palestine. The fields above hold the current code of each system.
  std::vector<std::pair<CodeSystem, std::string>> other_codes;

  bool valid_in(int year) const { return year == 0 || (year >= valid_from && year <= valid_to); }
  bool current() const { return valid_to == 9999; }
  /// The current code in `system` as text ("" when the entry has none; numbers in decimal).
  std::string code_in(CodeSystem system) const;
};

class CountryRegistry {
 public:
  /// The built-in registry (compiled from src/softpower/core/countries.csv).
  static const CountryRegistry& world();

  std::span<const Country> all() const { return countries_; }

  /// The country with this code, or nullptr. Text codes match ignoring case; numeric codes
  /// ignore leading zeros ("004" is 4). When several entries share a code across time (COW
  /// 365 is both the USSR and Russia), `year` picks the one valid then, and among several
  /// valid in that year the one that began latest (the USSR within Russia's span); year 0
  /// picks the entry whose current code it is, preferring a state that still exists.
  const Country* find(CodeSystem system, std::string_view code, int year = 0) const;
  /// As find(), but throws Error at `where` ("unknown ISO alpha-2 code 'XX'").
  const Country& get(CodeSystem system, std::string_view code, const Location& where,
                     int year = 0) const;

  /// The name shown for a unit code in reports, tables and the API: the name of the country
  /// whose registry key, else ISO alpha-3 code, it is; the code itself when it is neither.
  std::string display_name(std::string_view code) const;

  /// The country with this name or alias, or nullptr; `year` as in find().
  const Country* find_name(std::string_view name, int year = 0) const;
  const Country& get_name(std::string_view name, const Location& where, int year = 0) const;

  /// "did you mean GEO (Georgia)?" for a code `system` does not list: the codes one edit
  /// away (a letter changed, added, dropped or two swapped), at most three; "" when none is.
  std::string suggest_code(CodeSystem system, std::string_view code) const;
  /// "did you mean Germany (DEU)?" for a name the registry does not list: the names and
  /// aliases within a quarter of its length in edits (at least 1, at most 3), the closest
  /// first, at most three countries; "" when none is that close.
  std::string suggest_name(std::string_view name) const;
  /// For a country a user named where a registry key or ISO3 code was expected: the code of
  /// the name given ("Georgia": "did you mean GEO (Georgia)?"), else the ISO3 codes one edit
  /// away, else the nearest names; "" when nothing is close.
  std::string suggest_key(std::string_view given) const;

  /// Built from CSV text in the layout of countries.csv; throws Error on a bad row.
  static CountryRegistry from_csv(std::string_view text, std::string source);

 private:
  std::vector<Country> countries_;
  // lookup indexes are private to the implementation
  struct Index;
  std::shared_ptr<const Index> index_;
};

/// A name as the registry compares it: lower case, Latin letters without accents, every
/// apostrophe and quote variant as ', dash variants as -, spaces collapsed and trimmed.
std::string normalise_country_name(std::string_view name);

}  // namespace softpower
