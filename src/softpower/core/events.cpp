#include "softpower/core/events.hpp"

namespace softpower {

std::uint64_t event_url_hash(std::string_view url) {
  if (url.empty()) return 0;
  // FNV-1a, 64 bits: offset basis and prime from Fowler, Noll and Vo's definition.
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : url) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash == 0 ? 1 : hash;
}

bool valid_event_date(std::int32_t date) {
  const int year = date / 10000;
  const int month = date / 100 % 100;
  const int day = date % 100;
  if (year < 1800 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = month == 2 && leap ? 29 : kDays[month - 1];
  return day <= days;
}

}  // namespace softpower
