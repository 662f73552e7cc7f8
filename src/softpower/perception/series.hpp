#pragma once
// Perception over time: one country's media treatment as a series by period (its mention-
// weighted tone as a target, the Goldstein mean of what a partner does to it, its share of the
// world's events, ...), and where that series shifted, found by PELT or CUSUM on the series
// (core/changepoint). docs/perception-shifts.md gives the definitions and defaults.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/changepoint.hpp"
#include "softpower/perception/aggregate.hpp"

namespace softpower::perception {

/// Which events of a country a series follows.
enum class Role {
  target,  ///< events with the country as Actor2: how the world treats it
  source,  ///< events with the country as Actor1: how it treats the world
  dyad,    ///< events from one partner (Actor1) to the country (Actor2)
};

Role parse_role(std::string_view name);
std::string_view role_name(Role role);

/// The value of a period's tally a series shows.
enum class Measure {
  tone,       ///< mention-weighted mean AvgTone
  mean_tone,  ///< plain mean AvgTone of the events
  goldstein,  ///< mean Goldstein score
  events,     ///< event count
  mentions,   ///< mention count
  share,      ///< events / events of the period in the whole input (volume-normalised)
  coop,       ///< (q1 + q2) / events: the cooperative share
  q1,         ///< share of verbal cooperation
  q2,         ///< share of material cooperation
  q3,         ///< share of verbal conflict
  q4,         ///< share of material conflict
};

Measure parse_measure(std::string_view name);
std::string_view measure_name(Measure measure);
/// Whether the measure is a mean over events (undefined for few events), not a count.
bool is_ratio(Measure measure);

struct SeriesOptions {
  Role role = Role::target;
  std::string country;  ///< registry key ("USA")
  std::string partner;  ///< the source of a dyad series
  Measure measure = Measure::tone;
  /// A ratio measure's period with fewer events than this is left out (too few events to say
  /// anything); counts and shares keep every period of the input, with 0 where none.
  std::int64_t min_events = 5;
};

/// A period of a series' window without a value: a gap, never to be bridged by a line.
struct SeriesGap {
  std::int32_t period = 0;
  std::int64_t events = 0;  ///< the country's events in it (too few for a mean)
  bool in_input = false;    ///< false: the input has no event at all in this period
};

/// One series: the periods kept, in time order, with their values and event counts.
struct Series {
  std::string country, partner;
  Role role = Role::target;
  Measure measure = Measure::tone;
  PeriodUnit by = PeriodUnit::month;
  std::vector<std::int32_t> periods;
  std::vector<double> values;
  std::vector<std::int64_t> events;
  std::size_t dropped = 0;  ///< periods of the input left out for too few events
  /// The data window: the input's first and last periods (0 when it has none).
  std::int32_t first = 0, last = 0;
  /// Every period of the window without a value, in time order: the dropped ones and those in
  /// which the input has no event at all (e.g. a month whose file is missing).
  std::vector<SeriesGap> gaps;
};

/// The series of `options` from an aggregate. Periods run over every calendar period from the
/// input's first to its last: a country absent in a period the input has shows 0 for counts; a
/// period the input lacks is a gap.
Series make_series(const Aggregate& a, const SeriesOptions& options);

enum class ShiftMethod { pelt, cusum };
ShiftMethod parse_shift_method(std::string_view name);

/// The least a series must hold before change points are sought on it (docs/perception-shifts.md,
/// "Thin data"). Below them a "shift" says more about when the data were sampled than about the
/// media: four 15-minute GDELT exports spread their events over a few dozen months, most of
/// them with a handful of events, and PELT on five points finds a "change" in noise.
/// Periods with a value and at least kShiftMinPeriodEvents events that a series needs.
inline constexpr std::size_t kShiftMinPeriods = 12;
/// Events for a period to count towards kShiftMinPeriods.
inline constexpr std::int64_t kShiftMinPeriodEvents = 20;
/// Share of the periods from a series' first value to its last that must count: a series of
/// distant islands of data has no level to shift from.
inline constexpr double kShiftMinCoverage = 0.5;

struct ShiftMinimums {
  std::size_t periods = kShiftMinPeriods;
  std::int64_t events = kShiftMinPeriodEvents;
  double coverage = kShiftMinCoverage;
};

struct ShiftOptions {
  ShiftMethod method = ShiftMethod::pelt;
  ShiftMinimums minimums;
  ChangePointOptions pelt;         ///< cost, penalty (BIC by default), shortest segment
  double cusum_threshold = 1.358;  ///< the 5% point of the Kolmogorov law
};

/// A change point: from `period` on the series has a new level.
struct SeriesShift {
  std::int32_t period = 0;
  std::size_t index = 0;  ///< into Series::periods
  double before = 0;      ///< mean of the segment before
  double after = 0;       ///< mean of the segment from `period`
  double change() const { return after - before; }
};

struct SeriesShifts {
  std::vector<SeriesShift> shifts;
  std::vector<double> fitted;  ///< the segment mean of every value
  double penalty = 0;          ///< PELT's penalty per change (0 for CUSUM)
  /// Why no change point was sought (the series is below ShiftOptions::minimums), or empty.
  std::string refused;
};

/// Why a series is too thin for change points under `minimums`, in one sentence ("only 4 of the
/// 50 months from 2015-09 to 2019-10 have 20 events or more; ..."), or empty when it is not.
std::string shift_refusal(const Series& series, const ShiftMinimums& minimums);

/// Change points of a series. A series below the minimums (SeriesShifts::refused) or too short
/// for two segments has none, and one level: its mean.
SeriesShifts find_shifts(const Series& series, const ShiftOptions& options = {});

/// A partner's totals over every period, toward or from a country.
struct Partner {
  std::string country;
  Tally tally;
};

/// The partners of `country` (sources of events with it as target, or targets of its events
/// for Role::source), most events first, at most `limit` (0 = all); domestic events and
/// events without a partner country are left out.
std::vector<Partner> top_partners(const Aggregate& a, const std::string& country, Role role,
                                  std::size_t limit);

/// The `limit` countries with most events in the role (target or source), most first.
std::vector<std::string> most_reported(const Aggregate& a, Role role, std::size_t limit);

}  // namespace softpower::perception
