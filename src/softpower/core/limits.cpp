#include "softpower/core/limits.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <utility>

#include "softpower/core/error.hpp"

namespace softpower {

std::uint64_t parse_byte_size(std::string_view text) {
  std::size_t split = 0;
  while (split < text.size() &&
         ((text[split] >= '0' && text[split] <= '9') || text[split] == '.')) {
    ++split;
  }
  std::string unit(text.substr(split));
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  for (char& c : unit) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  static constexpr std::array<std::pair<std::string_view, double>, 14> kUnits = {{
      {"", 1},
      {"B", 1},
      {"K", 1e3},
      {"KB", 1e3},
      {"M", 1e6},
      {"MB", 1e6},
      {"G", 1e9},
      {"GB", 1e9},
      {"T", 1e12},
      {"TB", 1e12},
      {"KIB", 1024.0},
      {"MIB", 1048576.0},
      {"GIB", 1073741824.0},
      {"TIB", 1099511627776.0},
  }};
  double scale = -1;
  for (const auto& [name, factor] : kUnits) {
    if (name == unit) scale = factor;
  }
  double number = 0;
  const std::string_view digits = text.substr(0, split);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || scale < 0 ||
      !(number * scale < 1.8e19)) {
    throw Error(Location{"", 0, "size"},
                "not a size: '" + std::string(text) + "' (e.g. 2GB, 500MB, 64KiB, 1000)");
  }
  return static_cast<std::uint64_t>(std::llround(number * scale));
}

std::string format_bytes(std::uint64_t bytes) {
  if (bytes < 1000) return fmt::format("{} B", bytes);
  const char* units[] = {"kB", "MB", "GB", "TB", "PB", "EB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  for (value /= 1000; value >= 1000 && unit + 1 < std::size(units); value /= 1000) ++unit;
  return fmt::format("{:.1f} {}", value, units[unit]);
}

std::uint64_t memory_limit() {
  if (const char* env = std::getenv("SOFTPOWER_MAX_MEMORY"); env != nullptr && *env != '\0') {
    try {
      return parse_byte_size(env);
    } catch (const Error&) {
      throw Error("SOFTPOWER_MAX_MEMORY=" + std::string(env) + ": not a size (e.g. 8GB, 512MiB)");
    }
  }
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return std::uint64_t{4} << 30;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) / 2;
}

void check_memory(std::uint64_t estimate, std::string_view what) {
  const std::uint64_t limit = memory_limit();
  if (estimate <= limit) return;
  throw Error(
      fmt::format("{} would need about {}, more than the limit of {} (set "
                  "SOFTPOWER_MAX_MEMORY to change it)",
                  what, format_bytes(estimate), format_bytes(limit)));
}

}  // namespace softpower
