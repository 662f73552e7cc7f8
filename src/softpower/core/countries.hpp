#pragma once
// The country registry: every UN member and observer, the territories the data sources
// report, and the historical states that appear in the data (USSR, Yugoslavia, Serbia and
// Montenegro, Czechoslovakia, East and West Germany, North and South Yemen, Zanzibar, ...),
// each with its validity years and its code in every code system the sources use.
//
// Lookups are exact: a code or name is found in the table or reported as unknown, never
// guessed. Names match case-insensitively and ignoring accents and punctuation spacing
// ("Cote d'Ivoire" finds "Côte d'Ivoire"), but only against names the table lists.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/error.hpp"

namespace softpower {

enum class CodeSystem {
  iso2,          ///< ISO 3166-1 alpha-2 ("NA" is Namibia)
  iso3,          ///< ISO 3166-1 alpha-3; the registry key (see Country::code)
  iso_numeric,   ///< ISO 3166-1 numeric
  m49,           ///< UN M49 numeric (equal to ISO numeric for current states)
  cow_numeric,   ///< Correlates of War state number
  cow_alpha,     ///< Correlates of War state abbreviation
  gleditsch_ward,///< Gleditsch and Ward state number
  ioc,           ///< International Olympic Committee code
  cameo,         ///< CAMEO actor country code (GDELT Actor*CountryCode)
  fips,          ///< FIPS 10-4 (GDELT *Geo_CountryCode)
};

/// Name of a code system as used in messages and on the command line ("iso3", "cow", ...).
std::string_view code_system_name(CodeSystem system);
/// Parses a code-system name; throws Error listing the valid names.
CodeSystem parse_code_system(std::string_view name);

enum class CountryStatus { member, observer, territory, historical };

struct Country {
  /// Unique key: ISO alpha-3 where one exists (including ISO 3166-3 codes of dissolved
  /// states such as SUN, YUG, CSK, DDR, YMD); otherwise a documented pseudo-code.
  std::string code;
  std::string name;  ///< short English name
  std::string iso2;
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
  int valid_from = 0;     ///< first year the state existed as listed (0 = always)
  int valid_to = 9999;    ///< last year (9999 = still exists)
  std::vector<std::string> aliases;  ///< other names in the spellings the data uses

  bool valid_in(int year) const { return year == 0 || (year >= valid_from && year <= valid_to); }
};

class CountryRegistry {
 public:
  /// The built-in registry (compiled from src/softpower/core/countries.csv).
  static const CountryRegistry& world();

  std::span<const Country> all() const { return countries_; }

  /// The country with this code, or nullptr. When several states share a code across time
  /// (COW 365 is both the USSR and Russia), `year` picks the one valid then; year 0 picks
  /// the current one.
  const Country* find(CodeSystem system, std::string_view code, int year = 0) const;
  /// As find(), but throws Error at `where` ("unknown ISO alpha-2 code 'XX'").
  const Country& get(CodeSystem system, std::string_view code, const Location& where,
                     int year = 0) const;

  /// The country with this name or alias, or nullptr.
  const Country* find_name(std::string_view name, int year = 0) const;
  const Country& get_name(std::string_view name, const Location& where, int year = 0) const;

  /// Built from CSV text in the layout of countries.csv; throws Error on a bad row.
  static CountryRegistry from_csv(std::string_view text, std::string source);

 private:
  std::vector<Country> countries_;
  // lookup indexes are private to the implementation
  struct Index;
  std::shared_ptr<const Index> index_;
};

}  // namespace softpower
