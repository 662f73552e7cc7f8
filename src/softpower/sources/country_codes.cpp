#include "softpower/sources/country_codes.hpp"

#include <cmath>

#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kFile = "indicators/datahub/country-codes.csv";

// The crosswalk fills some empty cells with a space or a no-break space (U+00A0).
std::string code_text(const Table& t, std::size_t row, std::size_t col) {
  std::string_view text = t.cell(row, col);
  const std::string_view nbsp = "\xC2\xA0";
  for (;;) {
    const std::size_t before = text.size();
    text = trim(text);
    if (text.starts_with(nbsp)) text.remove_prefix(nbsp.size());
    if (text.ends_with(nbsp)) text.remove_suffix(nbsp.size());
    if (text.size() == before) return std::string(text);
  }
}

int number_code(const Table& t, std::size_t row, std::size_t col) {
  const std::string text = code_text(t, row, col);
  if (text.empty()) return 0;
  const double value = t.number(row, col);
  if (value != std::floor(value) || value < 0) {
    throw Error(t.where(row, col), "not a numeric code: '" + text + "'");
  }
  return static_cast<int>(value);
}

std::string number_text(int code) {
  return code == 0 ? "" : std::to_string(code);
}

}  // namespace

CountryCodes read_country_codes(const std::filesystem::path& data_dir) {
  CountryCodes out;
  std::size_t rows = 0;
  CsvOptions options;
  options.delimiter = ',';
  options.missing = {"", "\xC2\xA0"};
  const Table t = open_source(data_dir, kFile, options, out.files, rows);
  const std::size_t name = t.column("CLDR display name");
  const std::size_t iso2 = t.column("ISO3166-1-Alpha-2");
  const std::size_t iso3 = t.column("ISO3166-1-Alpha-3");
  const std::size_t numeric = t.column("ISO3166-1-numeric");
  const std::size_t m49 = t.column("M49");
  const std::size_t fips = t.column("FIPS");
  const std::size_t ioc = t.column("IOC");
  for (std::size_t r = 0; r < t.size(); ++r) {
    out.rows.push_back({Location{t.source, t.lines[r], ""}, code_text(t, r, name),
                        code_text(t, r, iso2), code_text(t, r, iso3), number_code(t, r, numeric),
                        number_code(t, r, m49), code_text(t, r, fips), code_text(t, r, ioc)});
  }
  return out;
}

std::vector<CodeDisagreement> compare_with_registry(const CountryCodes& codes,
                                                    const CountryRegistry& registry) {
  std::vector<CodeDisagreement> out;
  for (const CountryCodeRow& row : codes.rows) {
    if (row.iso3.empty()) continue;
    const Country* country = registry.find(CodeSystem::iso3, row.iso3);
    if (country == nullptr) continue;
    // A crosswalk code that the registry keeps as a former code of the same entry (IOC SIN
    // for Singapore) agrees with it.
    const auto compare = [&](CodeSystem system, const std::string& in_file,
                             const std::string& in_registry) {
      if (in_file.empty() || in_file == in_registry) return;
      if (registry.find(system, in_file) == country) return;
      out.push_back({row.where, country->code, system, in_file, in_registry});
    };
    compare(CodeSystem::iso2, row.iso2, country->iso2);
    compare(CodeSystem::iso_numeric, number_text(row.iso_numeric),
            number_text(country->iso_numeric));
    compare(CodeSystem::m49, number_text(row.m49), number_text(country->m49));
    compare(CodeSystem::fips, row.fips, country->fips);
    compare(CodeSystem::ioc, row.ioc, country->ioc);
  }
  return out;
}

}  // namespace softpower::sources
