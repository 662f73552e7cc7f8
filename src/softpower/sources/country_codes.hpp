#pragma once
// datahub.io's country-codes crosswalk (indicators/datahub/country-codes.csv). It holds codes,
// not values over time, so it is not a panel reader: it is read as a crosswalk, and used to
// check the registry's codes against an independent source.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "softpower/core/countries.hpp"
#include "softpower/core/error.hpp"

namespace softpower::sources {

/// The codes of one row; empty text or 0 where the file has none.
struct CountryCodeRow {
  Location where;    ///< file and line of the row
  std::string name;  ///< CLDR display name ("Namibia", "UK")
  std::string iso2;  ///< "NA" is Namibia
  std::string iso3;
  int iso_numeric = 0;
  int m49 = 0;
  std::string fips;  ///< FIPS 10-4 as the file writes it (Serbia "RIKV": Serbia and Kosovo)
  std::string ioc;
};

struct CountryCodes {
  std::vector<CountryCodeRow> rows;
  std::vector<std::filesystem::path> files;
};

/// Reads the crosswalk; throws Error naming the file, line and field on bad input.
CountryCodes read_country_codes(const std::filesystem::path& data_dir);

/// A code on which the registry and the crosswalk disagree, for a country both list.
struct CodeDisagreement {
  Location where;       ///< the crosswalk row
  std::string country;  ///< registry code
  CodeSystem system;
  std::string in_file;      ///< the crosswalk's code
  std::string in_registry;  ///< the registry's code ("" when it has none)
};

/// Compares ISO alpha-2, ISO numeric, M49, FIPS and IOC codes for every crosswalk row whose
/// ISO alpha-3 code the registry knows. Codes the crosswalk lacks are not compared, and a code
/// the registry lists among the entry's former codes counts as agreeing.
std::vector<CodeDisagreement> compare_with_registry(const CountryCodes& codes,
                                                    const CountryRegistry& registry);

}  // namespace softpower::sources
