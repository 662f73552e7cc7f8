#pragma once
// Events of the world's news (GDELT): one compact record per event, shared by the readers in
// sources/ and the perception capability. A record owns no heap memory (codes are short
// fixed-size arrays), so a batch of events is one contiguous allocation that can be reused.
//
// Countries are registry keys (core/countries.hpp: ISO alpha-3 or a pseudo-code, always three
// letters) or empty when the source gave no country or something that is not one (a CAMEO
// region such as EUR, FIPS OS "Oceans").

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace softpower {

/// Text of at most N characters kept inline; longer text is cut (and the cut reported by the
/// code that fills it).
template <std::size_t N>
struct ShortCode {
  std::array<char, N> chars{};
  std::uint8_t length = 0;

  /// Stores `text`; returns false when it was longer than N and had to be cut.
  bool assign(std::string_view text) {
    const std::size_t n = text.size() < N ? text.size() : N;
    for (std::size_t i = 0; i < n; ++i) chars[i] = text[i];
    length = static_cast<std::uint8_t>(n);
    return n == text.size();
  }
  void clear() { length = 0; }
  bool empty() const { return length == 0; }
  std::string_view view() const { return {chars.data(), length}; }
  friend bool operator==(const ShortCode& a, const ShortCode& b) { return a.view() == b.view(); }
};

/// A registry key ("USA", "GBR", "XKX") or empty.
using CountryKey = ShortCode<3>;
/// A CAMEO actor code ("USAGOV", "GEOMIL"); GDELT's are at most 15 characters.
using ActorCode = ShortCode<23>;
/// A CAMEO event code with its leading zeros ("010", "0211", "14").
using EventCode = ShortCode<4>;

/// Event classes of GDELT's QuadClass field.
enum class QuadClass : std::uint8_t {
  none = 0,
  verbal_cooperation = 1,
  material_cooperation = 2,
  verbal_conflict = 3,
  material_conflict = 4,
};

struct Event {
  std::uint64_t id = 0;         ///< GLOBALEVENTID
  std::uint64_t url_hash = 0;   ///< event_url_hash(SOURCEURL); 0 when there is none
  std::int64_t date_added = 0;  ///< DATEADDED: yyyymmddhhmmss (2.0) or yyyymmdd (1.0)
  std::int32_t date = 0;        ///< SQLDATE, the day of the event: yyyymmdd
  double goldstein = 0;         ///< GoldsteinScale, -10..+10 (NaN when the source has none)
  double avg_tone = 0;          ///< AvgTone, -100..+100
  std::int32_t num_mentions = 0;
  std::int32_t num_sources = 0;
  std::int32_t num_articles = 0;
  ActorCode actor1_code;  ///< Actor1Code as written
  ActorCode actor2_code;
  CountryKey actor1_country;  ///< Actor1CountryCode (CAMEO) mapped to the registry
  CountryKey actor2_country;
  CountryKey action_country;   ///< ActionGeo_CountryCode (FIPS 10-4) mapped to the registry
  EventCode event_code;        ///< EventCode, leading zeros kept
  std::uint8_t root_code = 0;  ///< EventRootCode, 1..20
  QuadClass quad_class = QuadClass::none;
  bool is_root = false;  ///< IsRootEvent

  int year() const { return date / 10000; }
  int month() const { return date / 100 % 100; }
  /// yyyymm
  int year_month() const { return date / 100; }
};

/// The fields of an Event, as bits of a set (event_field_bit): what a computation reads, so that a
/// reader may fill only those (the others keep their defaults: 0, empty).
enum class EventField : unsigned {
  id,
  date,
  actor1_code,
  actor1_country,
  actor2_code,
  actor2_country,
  is_root,
  event_code,
  root_code,
  quad_class,
  goldstein,
  num_mentions,
  num_sources,
  num_articles,
  avg_tone,
  action_country,
  date_added,
  url_hash,
};
inline constexpr unsigned kEventFieldCount = static_cast<unsigned>(EventField::url_hash) + 1;

constexpr std::uint32_t event_field_bit(EventField field) {
  return std::uint32_t{1} << static_cast<unsigned>(field);
}
/// Every field of an Event.
inline constexpr std::uint32_t kAllEventFields = (std::uint32_t{1} << kEventFieldCount) - 1;

/// A stable 64-bit hash of a source URL (FNV-1a), the same on every machine and run, for
/// finding the events that one article produced. 0 is kept for "no URL".
std::uint64_t event_url_hash(std::string_view url);

/// Whether `date` (yyyymmdd) is a calendar day from 1800 to 2199.
bool valid_event_date(std::int32_t date);

}  // namespace softpower
