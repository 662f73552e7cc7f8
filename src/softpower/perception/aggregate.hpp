#pragma once
// Perception (issue 5): GDELT events summed by period and directed country pair, so that "how
// does the world's media treat X?" becomes a table of counts, mention-weighted tone, Goldstein
// means and quad-class counts per period. docs/perception.md gives the formulas.
//
// Memory grows with the number of distinct (period, source, target) keys, never with the
// number of events: each reading thread sums into its own hash map, and the maps are merged
// at the end. Sums are kept in fixed point (integers), so the merge order, and hence the
// number of threads, cannot change a single digit of the result.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/events.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/sources/gdelt.hpp"

namespace softpower::perception {

/// Periods events are summed by, always by the day of the event (SQLDATE).
enum class PeriodUnit { day, week, month, quarter, year };

PeriodUnit parse_period_unit(std::string_view name);
std::string_view period_unit_name(PeriodUnit unit);

/// The period of a day (yyyymmdd) as a number that sorts like time: day yyyymmdd, ISO week
/// yyyyww (the ISO week-numbering year, which may differ from the calendar year around New
/// Year), month yyyymm, quarter yyyyq, year yyyy.
std::int32_t period_key(std::int32_t date, PeriodUnit unit);
/// The key as text: 2019-01-21, 2019-W04, 2019-01, 2019-Q1, 2019.
std::string period_label(std::int32_t key, PeriodUnit unit);
/// The period after `key`.
std::int32_t next_period(std::int32_t key, PeriodUnit unit);

/// Which events count.
struct EventFilter {
  bool root_only = false;  ///< only events with IsRootEvent = 1 (from a lead paragraph)
  /// CAMEO root codes (1..20) to keep; empty = all.
  std::vector<int> root_codes;
  /// Count an article's event once: events with the same SOURCEURL, day, actor countries and
  /// event code as an earlier event of the same file are dropped (events without a URL are
  /// never dropped).
  bool dedup_url = false;
};

/// Parses "03-06", "1,3,14-20" into root codes; throws Error for codes outside 1..20.
std::vector<int> parse_root_codes(std::string_view text);

/// A 128-bit integer for the fixed-point sums (GCC's extension, named once).
__extension__ using Wide = __int128;

/// Sums over the events of one key, in fixed point.
struct Tally {
  std::int64_t events = 0;
  std::int64_t mentions = 0;
  Wide tone_mentions = 0;             ///< Σ mentions · round(tone · 1e9)
  Wide tone_sum = 0;                  ///< Σ round(tone · 1e9)
  std::int64_t goldstein_tenths = 0;  ///< Σ round(goldstein · 10), events with a score
  std::int64_t goldstein_events = 0;  ///< events with a Goldstein score
  std::int64_t quad[4] = {0, 0, 0, 0};

  void add(const Event& e);
  void merge(const Tally& other);

  /// Σ mentions·tone / Σ mentions (NaN without mentions).
  double tone() const;
  /// Plain mean tone of the events (NaN without events).
  double mean_tone() const;
  /// Mean Goldstein score of the events that have one (NaN when none has).
  double goldstein() const;
  /// (q1 + q2) / (q1 + q2 + q3 + q4): the share of cooperative events (NaN when none).
  double cooperation() const;
  /// quad[k] / events.
  double quad_share(int k) const;
};

/// Totals of one directed pair in one period. A country is a registry key or "" (the event
/// named no country for that actor).
struct DyadRow {
  std::int32_t period = 0;
  std::string source;  ///< Actor1 country
  std::string target;  ///< Actor2 country
  Tally tally;
};

/// Totals of one country in one period, as target (Actor2) or as source (Actor1).
struct CountryRow {
  std::int32_t period = 0;
  std::string country;
  Tally tally;
};

struct AggregateOptions {
  PeriodUnit by = PeriodUnit::month;
  EventFilter filter;
  sources::GdeltOptions read;  ///< threads, strictness, progress, ...
};

struct Aggregate {
  PeriodUnit by = PeriodUnit::month;
  /// Every (period, source, target) with events, "" for a missing country; sorted by period,
  /// source, target.
  std::vector<DyadRow> keys;
  /// Every event kept, per period (the denominators of the shares).
  std::map<std::int32_t, Tally> periods;
  std::size_t events_read = 0;  ///< well-formed events in the input
  std::size_t events_kept = 0;  ///< after the filters
  std::size_t duplicates = 0;   ///< dropped by the URL de-duplication
  sources::GdeltReport report;  ///< what the reader saw

  /// Pairs with both countries known (including a country with itself: domestic events).
  std::vector<DyadRow> dyads() const;
  /// Per period and Actor2 country: every event with that target, whatever its source
  /// (another country, the same country, or none).
  std::vector<CountryRow> targets() const;
  /// Per period and Actor1 country, whatever the target.
  std::vector<CountryRow> sources() const;
  /// events / events of the period.
  double share(std::int32_t period, const Tally& t) const;
};

/// The GDELT columns the sums and the filter use (sources::GdeltOptions::columns): SQLDATE, the
/// two actor country codes, IsRootEvent, EventCode, EventRootCode, QuadClass, GoldsteinScale,
/// NumMentions, AvgTone, and SOURCEURL when repeated URLs are dropped. aggregate() reads only
/// these (all in strict mode): a line whose only fault is in another column is summed.
std::uint32_t aggregate_columns(const EventFilter& filter);

/// Reads and sums the files. Peak memory: the reader's buffers plus one hash map per thread.
Aggregate aggregate(std::span<const std::filesystem::path> files,
                    const AggregateOptions& options = {});

/// Sums events already in memory (the same arithmetic; for tests and small inputs).
Aggregate aggregate_events(std::span<const Event> events, PeriodUnit by,
                           const EventFilter& filter = {});

/// CSV text: dyads.csv (period,source,target,events,mentions,tone,goldstein,q1,q2,q3,q4,
/// share,coop) and targets.csv / sources.csv (the same with country), periods.csv
/// (period,events,mentions,tone,goldstein,q1,q2,q3,q4,coop).
std::string dyads_csv(const Aggregate& a);
std::string countries_csv(const Aggregate& a, const std::vector<CountryRow>& rows);
std::string periods_csv(const Aggregate& a);

}  // namespace softpower::perception
