#pragma once
// GDELT's country codes mapped to the registry: CAMEO actor country codes (Actor1CountryCode,
// Actor2CountryCode: mostly ISO alpha-3, plus regions and groups) and FIPS 10-4 codes
// (ActionGeo_CountryCode). Each distinct code is looked up once; the codes that map to no
// country are counted for the reader's report. docs/perception-data.md lists the mappings.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "softpower/core/countries.hpp"
#include "softpower/core/events.hpp"

namespace softpower::sources {

/// CAMEO actor country codes that name regions or groups, not countries (CAMEO.country.txt:
/// AFR Africa, EUR Europe, ..., BAG Baghdad, 0 unknown).
bool is_cameo_region(std::string_view code);

/// The codes of one system (CodeSystem::cameo or CodeSystem::fips) mapped to registry keys, with
/// a cache per distinct code; one per reading thread (not shared).
class GdeltCountryCodes {
 public:
  GdeltCountryCodes(const CountryRegistry& registry, CodeSystem system);

  /// The registry key of `code`, or an empty key (counted for report()).
  CountryKey map(std::string_view code) {
    if (code.empty()) return {};
    const int dense = dense_index(code);
    std::int16_t state = dense >= 0 ? dense_[static_cast<std::size_t>(dense)] : kUnseen;
    if (dense < 0) {
      const auto found = other_.find(std::string(code));
      state = found != other_.end() ? found->second : kUnseen;
    }
    if (state == kUnseen) state = remember(code, dense);
    if (state > 0) return keys_[static_cast<std::size_t>(state - 1)];
    if (dense >= 0) {
      ++dense_counts_[dense];
    } else {
      ++other_counts_[std::string(code)];
    }
    return {};
  }

  /// Adds the codes that did not map, with how many fields carried them: those that are not a
  /// country (a CAMEO region or group, FIPS OS "oceans") and the unknown ones.
  void report(std::map<std::string, std::size_t>& not_country,
              std::map<std::string, std::size_t>& unknown) const;

 private:
  static constexpr std::int16_t kUnseen = 0;
  static constexpr std::int16_t kNotCountry = -1;
  static constexpr std::int16_t kUnknown = -2;
  // Codes of up to three characters from [A-Z0-9] index a table directly.
  static constexpr int kBase = 37;
  static constexpr std::size_t kDenseSize = std::size_t{kBase} * kBase * kBase;

  static int digit(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A' + 1;
    if (c >= '0' && c <= '9') return c - '0' + 27;
    return -1;
  }
  static int dense_index(std::string_view code) {
    if (code.size() > 3) return -1;
    int index = 0;
    for (const char c : code) {
      const int d = digit(c);
      if (d < 0) return -1;
      index = index * kBase + d;
    }
    return index;
  }
  static std::string dense_code(int index);

  std::int16_t classify(std::string_view code) const;
  // Looks `code` up in the registry and caches what it is.
  std::int16_t remember(std::string_view code, int dense);

  const CountryRegistry& registry_;
  CodeSystem system_;
  std::vector<CountryKey> keys_;
  std::vector<std::int16_t> dense_;
  std::unordered_map<std::string, std::int16_t> other_;
  std::unordered_map<int, std::size_t> dense_counts_;
  std::unordered_map<std::string, std::size_t> other_counts_;
};

}  // namespace softpower::sources
