#include "softpower/sources/gdelt_countries.hpp"

#include <algorithm>
#include <iterator>

namespace softpower::sources {

bool is_cameo_region(std::string_view code) {
  // CAMEO.country.txt's codes for regions and groups of countries, Baghdad, and 0 (unknown).
  static constexpr std::string_view kRegions[] = {"AFR", "ASA", "BAG", "BLK", "CAS", "CAU", "CEU",
                                                  "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM",
                                                  "MDT", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM",
                                                  "SAS", "SCN", "SEA", "WAF", "WST", "0"};
  return std::find(std::begin(kRegions), std::end(kRegions), code) != std::end(kRegions);
}

GdeltCountryCodes::GdeltCountryCodes(const CountryRegistry& registry, CodeSystem system)
    : registry_(registry), system_(system), dense_(kDenseSize, kUnseen) {
  const auto all = registry.all();
  keys_.resize(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) keys_[i].assign(all[i].code);
}

void GdeltCountryCodes::report(std::map<std::string, std::size_t>& not_country,
                               std::map<std::string, std::size_t>& unknown) const {
  auto add = [&](const std::string& code, std::size_t count) {
    auto& target = classify(code) == kNotCountry ? not_country : unknown;
    target[code] += count;
  };
  for (const auto& [dense, count] : dense_counts_) add(dense_code(dense), count);
  for (const auto& [code, count] : other_counts_) add(code, count);
}

std::string GdeltCountryCodes::dense_code(int index) {
  std::string code;
  while (index > 0) {
    const int d = index % kBase;
    code.insert(code.begin(),
                d <= 26 ? static_cast<char>('A' + d - 1) : static_cast<char>('0' + d - 27));
    index /= kBase;
  }
  return code;
}

std::int16_t GdeltCountryCodes::classify(std::string_view code) const {
  if (system_ == CodeSystem::cameo) return is_cameo_region(code) ? kNotCountry : kUnknown;
  return code == "OS" ? kNotCountry : kUnknown;  // FIPS OS: oceans
}

std::int16_t GdeltCountryCodes::remember(std::string_view code, int dense) {
  const Country* country = registry_.find(system_, code);
  const std::int16_t state = country == nullptr
                                 ? classify(code)
                                 : static_cast<std::int16_t>(country - registry_.all().data() + 1);
  if (dense >= 0) {
    dense_[static_cast<std::size_t>(dense)] = state;
  } else {
    other_.emplace(std::string(code), state);
  }
  return state;
}

}  // namespace softpower::sources
