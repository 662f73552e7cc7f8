#pragma once
// Perception (issue 5): GDELT events summed by period and directed country pair, so that "how
// does the world's media treat X?" becomes a table of counts, mention-weighted tone, Goldstein
// means and quad-class counts per period. docs/perception.md gives the formulas.
//
// The sums take a stream of core Events (core/events.hpp) and do no I/O: the binding
// (ops/perception_input) reads GDELT files with sources/gdelt and feeds their events in.
// Memory grows with the number of distinct (period, source, target) keys, never with the
// number of events: each thread that feeds events sums into its own hash map, and the maps are
// merged at the end. Sums are kept in fixed point (integers), so the merge order, and hence the
// number of threads, cannot change a single digit of the result.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/events.hpp"

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
/// The first day (yyyymmdd) of the period `key`: where it sits on a time axis.
std::int32_t period_start(std::int32_t key, PeriodUnit unit);
/// Every period from `first` to `last`, both included, in time order (empty when last < first):
/// the calendar a series is drawn on, so that a period without data shows as a gap.
std::vector<std::int32_t> period_range(std::int32_t first, std::int32_t last, PeriodUnit unit);

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
};

struct Aggregate {
  PeriodUnit by = PeriodUnit::month;
  /// Every (period, source, target) with events, "" for a missing country; sorted by period,
  /// source, target.
  std::vector<DyadRow> keys;
  /// Every event kept, per period (the denominators of the shares).
  std::map<std::int32_t, Tally> periods;
  std::size_t events_read = 0;  ///< events fed in (a reader's well-formed lines)
  std::size_t events_kept = 0;  ///< after the filters
  std::size_t duplicates = 0;   ///< dropped by the URL de-duplication

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

/// The Event fields the sums and the filter use (bits event_field_bit): date, the two actor
/// countries, is_root, event_code, root_code, quad_class, goldstein, num_mentions, avg_tone, and
/// url_hash when repeated URLs are dropped. A reader need fill only these.
std::uint32_t aggregate_fields(const EventFilter& filter);

/// Receives a batch of the events of input number `input` (a file, in the order given).
using EventSink = std::function<void(std::size_t input, std::span<const Event> events)>;
/// A stream of events: called once, it hands every event to the sink, a batch at a time, and may
/// do so from several threads at once. When the filter drops repeated URLs, repeats are looked
/// for within an input in its order, so the batches of one input must then come in order from
/// one thread, before that thread hands on another input's; otherwise any order gives the same
/// sums.
using EventStream = std::function<void(const EventSink& sink)>;

/// Sums the events of a stream. Peak memory: one hash map per thread that feeds events.
Aggregate aggregate(const EventStream& stream, const AggregateOptions& options = {});

/// Appends the sums to `out` as bytes (a work unit's result in an MPI job, docs/cluster.md; a
/// checkpoint's unit): 40 bytes of counts, then per key its 8 packed bytes and its Tally's 96,
/// in the machine's byte order (every rank of a job runs on the same kind of machine).
void encode_sums(const Aggregate& a, std::string& out);

/// Sums the events of a stream into `out` as encode_sums writes sums, but with the keys in no
/// order and a key in as many rows as threads fed its events (merge_sums puts them in order and
/// adds them up): a work unit's sums, without sorting them twice. Returns the rows written.
std::size_t aggregate_bytes(const EventStream& stream, const AggregateOptions& options,
                            std::string& out);

/// The sums of several parts of the input, each encoded by encode_sums or aggregate_bytes (each
/// input's sums, made where it was read), as one stream of all their events gives them: the sums
/// are integers, so the order of the parts changes nothing. Throws Error when a part is not sums by
/// `by`.
Aggregate merge_sums(std::span<const std::string_view> parts, PeriodUnit by);

/// Sums events already in memory (one input; the same arithmetic).
Aggregate aggregate_events(std::span<const Event> events, PeriodUnit by,
                           const EventFilter& filter = {});

}  // namespace softpower::perception
