#pragma once
// Calendar dates as the event data writes them (yyyymmdd integers) and as day counts, through
// C++20's <chrono> calendar (proleptic Gregorian). Inline: the GDELT reader converts a date
// per event.

#include <chrono>
#include <cstdint>

namespace softpower {

/// A civil date with its parts as plain integers.
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
  /// yyyymmdd, as SQLDATE writes it.
  std::int32_t yyyymmdd() const { return year * 10000 + month * 100 + day; }
};

/// Days since 1970-01-01 of a civil date (months and days out of range roll over as
/// std::chrono::sys_days does).
inline std::int64_t days_from_civil(int year, int month, int day) {
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  return std::chrono::sys_days{date}.time_since_epoch().count();
}

/// Days since 1970-01-01 of a yyyymmdd date.
inline std::int64_t days_of(std::int32_t yyyymmdd) {
  return days_from_civil(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
}

/// The civil date `days` after 1970-01-01.
inline CivilDate civil_from_days(std::int64_t days) {
  const std::chrono::year_month_day date{
      std::chrono::sys_days{std::chrono::days{static_cast<std::chrono::days::rep>(days)}}};
  return {static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
          static_cast<int>(static_cast<unsigned>(date.day()))};
}

}  // namespace softpower
