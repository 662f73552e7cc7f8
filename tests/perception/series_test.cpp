// Perception series and their change points: series values by hand from made-up events (tone,
// counts with zeros, the min-events rule, dyads), change points found where they were put in
// simulated series (PELT and CUSUM), top partners by hand, and a tone shift injected into
// generated GDELT data found at its month.

#include "softpower/perception/series.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>

#include "perception/made_events.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/ops/perception_input.hpp"
#include "softpower/report/perception_csv.hpp"
#include "softpower/tools/gdelt_generate.hpp"
#include "store/support.hpp"
#include "support/data.hpp"

namespace softpower::perception {
namespace {

namespace fs = std::filesystem;

// January: USA->GEO twice, RUS->GEO once; February: nothing about GEO (one other event);
// March: RUS->GEO once.
std::vector<Event> made_events() {
  return {made_event(20190103, "USA", "GEO", 2, 10, 4, QuadClass::verbal_cooperation),
          made_event(20190110, "USA", "GEO", -4, 30, 1, QuadClass::verbal_cooperation),
          made_event(20190120, "RUS", "GEO", -8, 5, -10, QuadClass::material_conflict),
          made_event(20190205, "FRA", "DEU", 1, 1, 3, QuadClass::verbal_cooperation),
          made_event(20190301, "RUS", "GEO", -6, 2, -5, QuadClass::verbal_conflict)};
}

TEST(PerceptionSeries, TargetToneCountsAndTheMinEventsRule) {
  const std::vector<Event> events = made_events();
  const Aggregate a = aggregate_events(events, PeriodUnit::month);
  SeriesOptions o;
  o.country = "GEO";
  o.min_events = 1;
  const Series tone = make_series(a, o);
  // February has no event about Georgia: left out of a mean, kept as 0 in counts.
  ASSERT_EQ(tone.periods, (std::vector<std::int32_t>{201901, 201903}));
  // (10·2 + 30·(−4) + 5·(−8)) / 45
  EXPECT_NEAR(tone.values[0], (20.0 - 120.0 - 40.0) / 45.0, 1e-12);
  EXPECT_DOUBLE_EQ(tone.values[1], -6.0);
  EXPECT_EQ(tone.events, (std::vector<std::int64_t>{3, 1}));
  EXPECT_EQ(tone.dropped, 1u);

  o.min_events = 2;  // March's single event is now too few
  EXPECT_EQ(make_series(a, o).periods, (std::vector<std::int32_t>{201901}));

  o.measure = Measure::events;
  const Series counts = make_series(a, o);
  ASSERT_EQ(counts.periods, (std::vector<std::int32_t>{201901, 201902, 201903}));
  EXPECT_EQ(counts.values, (std::vector<double>{3, 0, 1}));
  o.measure = Measure::share;
  EXPECT_EQ(make_series(a, o).values, (std::vector<double>{1, 0, 1}));
  o.measure = Measure::coop;
  EXPECT_NEAR(make_series(a, o).values[0], 2.0 / 3.0, 1e-12);
  o.measure = Measure::goldstein;
  EXPECT_NEAR(make_series(a, o).values[0], (4.0 + 1.0 - 10.0) / 3.0, 1e-12);
}

// A month the input has no event in is a gap of the series (never bridged), apart from a month
// the input has but the country lacks; the calendar runs from the input's first to its last.
TEST(PerceptionSeries, AMonthMissingFromTheInputIsAGap) {
  const std::vector<Event> events = {
      made_event(20181203, "USA", "GEO", 2, 10, 4, QuadClass::verbal_cooperation),
      made_event(20190205, "FRA", "DEU", 1, 1, 3, QuadClass::verbal_cooperation),
      made_event(20190410, "RUS", "GEO", -6, 2, -5, QuadClass::verbal_conflict)};
  const Aggregate a = aggregate_events(events, PeriodUnit::month);
  SeriesOptions o;
  o.country = "GEO";
  o.min_events = 1;
  const Series tone = make_series(a, o);
  EXPECT_EQ(tone.first, 201812);
  EXPECT_EQ(tone.last, 201904);
  EXPECT_EQ(tone.periods, (std::vector<std::int32_t>{201812, 201904}));
  ASSERT_EQ(tone.gaps.size(), 3u);
  EXPECT_EQ(tone.gaps[0].period, 201901);  // across the year's end
  EXPECT_FALSE(tone.gaps[0].in_input);
  EXPECT_EQ(tone.gaps[1].period, 201902);  // in the input, without Georgia
  EXPECT_TRUE(tone.gaps[1].in_input);
  EXPECT_EQ(tone.gaps[2].period, 201903);
  EXPECT_FALSE(tone.gaps[2].in_input);
  EXPECT_EQ(tone.dropped, 1u);
  // Counts are 0 where the input has the period, and nothing where it has not.
  o.measure = Measure::events;
  const Series counts = make_series(a, o);
  EXPECT_EQ(counts.periods, (std::vector<std::int32_t>{201812, 201902, 201904}));
  EXPECT_EQ(counts.values, (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(counts.gaps.size(), 2u);

  EXPECT_EQ(period_range(201811, 201902, PeriodUnit::month),
            (std::vector<std::int32_t>{201811, 201812, 201901, 201902}));
  EXPECT_EQ(period_range(20204, 20212, PeriodUnit::quarter),
            (std::vector<std::int32_t>{20204, 20211, 20212}));
  EXPECT_TRUE(period_range(201902, 201901, PeriodUnit::month).empty());
  EXPECT_EQ(period_start(201902, PeriodUnit::month), 20190201);
  EXPECT_EQ(period_start(20193, PeriodUnit::quarter), 20190701);
  EXPECT_EQ(period_start(2019, PeriodUnit::year), 20190101);
  EXPECT_EQ(period_start(202053, PeriodUnit::week), 20201228);  // ISO week 53 of 2020
  EXPECT_EQ(period_start(201901, PeriodUnit::week), 20181231);
}

TEST(PerceptionSeries, DyadsSourcesAndPartners) {
  const std::vector<Event> events = made_events();
  const Aggregate a = aggregate_events(events, PeriodUnit::month);
  SeriesOptions o;
  o.country = "GEO";
  o.role = Role::dyad;
  o.partner = "RUS";
  o.min_events = 1;
  const Series dyad = make_series(a, o);
  EXPECT_EQ(dyad.periods, (std::vector<std::int32_t>{201901, 201903}));
  EXPECT_EQ(dyad.values, (std::vector<double>{-8, -6}));
  o.partner.clear();
  EXPECT_THROW(make_series(a, o), Error);

  o.role = Role::source;
  o.country = "USA";
  o.measure = Measure::mentions;
  EXPECT_EQ(make_series(a, o).values, (std::vector<double>{40, 0, 0}));

  const std::vector<Partner> partners = top_partners(a, "GEO", Role::target, 0);
  ASSERT_EQ(partners.size(), 2u);
  EXPECT_EQ(partners[0].country, "RUS");  // 2 events before USA's 2: ties keep code order
  EXPECT_EQ(partners[0].tally.events, 2);
  EXPECT_EQ(partners[1].country, "USA");
  EXPECT_EQ(top_partners(a, "GEO", Role::target, 1).size(), 1u);
  EXPECT_EQ(top_partners(a, "USA", Role::source, 0).front().country, "GEO");
  EXPECT_EQ(most_reported(a, Role::target, 0), (std::vector<std::string>{"GEO", "DEU"}));

  EXPECT_EQ(parse_measure("q3"), Measure::q3);
  EXPECT_THROW(parse_measure("loudness"), Error);
  EXPECT_THROW(parse_role("victim"), Error);
}

// A series from the periods 0..n-1 of made-up monthly keys.
Series synthetic(const std::vector<double>& values) {
  Series s;
  for (std::size_t i = 0; i < values.size(); ++i) {
    s.periods.push_back(static_cast<std::int32_t>(201001 + (i / 12) * 100 + i % 12));
    s.values.push_back(values[i]);
    s.events.push_back(100);
  }
  return s;
}

TEST(PerceptionSeries, ChangePointsWhereTheyWerePut) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 0.5);
  std::vector<double> v;
  for (int i = 0; i < 90; ++i) v.push_back((i < 30 ? -1.0 : i < 60 ? 1.5 : 0.0) + noise(rng));
  const Series s = synthetic(v);
  for (ShiftMethod method : {ShiftMethod::pelt, ShiftMethod::cusum}) {
    ShiftOptions o;
    o.method = method;
    const SeriesShifts found = find_shifts(s, o);
    ASSERT_EQ(found.shifts.size(), 2u) << (method == ShiftMethod::pelt ? "pelt" : "cusum");
    EXPECT_EQ(found.shifts[0].index, 30u);
    EXPECT_EQ(found.shifts[1].index, 60u);
    EXPECT_EQ(found.shifts[0].period, s.periods[30]);
    EXPECT_NEAR(found.shifts[0].before, -1.0, 0.3);
    EXPECT_NEAR(found.shifts[0].after, 1.5, 0.3);
    EXPECT_NEAR(found.shifts[1].change(), -1.5, 0.4);
    // The fitted levels are the segment means.
    double first = 0;
    for (int i = 0; i < 30; ++i) first += v[static_cast<std::size_t>(i)];
    EXPECT_NEAR(found.fitted[0], first / 30, 1e-9);
    EXPECT_DOUBLE_EQ(found.fitted[29], found.fitted[0]);
  }
  // Pure noise: no change; a series too short to split: one level.
  std::vector<double> calm;
  for (int i = 0; i < 90; ++i) calm.push_back(noise(rng));
  EXPECT_TRUE(find_shifts(synthetic(calm)).shifts.empty());
  const SeriesShifts tiny = find_shifts(synthetic({1, 5, 9}));
  EXPECT_TRUE(tiny.shifts.empty());
  EXPECT_DOUBLE_EQ(tiny.fitted[2], 5.0);
  ShiftOptions meanvar;
  meanvar.pelt.cost = ChangeCost::mean_variance;
  EXPECT_TRUE(find_shifts(synthetic({1, 2, 3, 4, 5, 6, 7, 8, 9}), meanvar).shifts.empty());
}

// A series below the minimums gets no change point, however clear its step, and says why; at the
// minimums the step is found. The three minimums each refuse on their own.
TEST(PerceptionSeries, ThinSeriesAreRefusedChangePoints) {
  std::vector<double> step;
  for (int i = 0; i < 12; ++i) step.push_back(i < 6 ? -3.0 + 0.01 * (i % 3) : 3.0 - 0.01 * (i % 2));
  const Series full = synthetic(step);
  const SeriesShifts found = find_shifts(full);
  EXPECT_TRUE(found.refused.empty()) << found.refused;
  ASSERT_EQ(found.shifts.size(), 1u);
  EXPECT_EQ(found.shifts[0].period, 201007);

  // Eleven periods: one short.
  Series short_series = synthetic(std::vector<double>(step.begin(), step.end() - 1));
  const SeriesShifts eleven = find_shifts(short_series);
  EXPECT_TRUE(eleven.shifts.empty());
  EXPECT_EQ(eleven.refused,
            "only 11 of the 11 months from 2010-01 to 2010-11 have 20 events or more; change "
            "points need at least 12 such months, and 50% of those from the first value to the "
            "last");
  // One level, the mean, and no other.
  double mean = 0;
  for (std::size_t i = 0; i + 1 < step.size(); ++i) mean += step[i] / 11.0;
  EXPECT_NEAR(eleven.fitted[0], mean, 1e-12);
  EXPECT_DOUBLE_EQ(eleven.fitted[10], eleven.fitted[0]);

  // Twelve periods, one of them with 19 events.
  Series thin = full;
  thin.events[3] = 19;
  EXPECT_TRUE(find_shifts(thin).shifts.empty());
  EXPECT_NE(find_shifts(thin).refused.find("only 11 of the 12 months"), std::string::npos);

  // Twelve full periods spread over 25 months: under half of the span.
  Series spread = full;
  for (std::size_t i = 6; i < spread.periods.size(); ++i) spread.periods[i] += 100;
  spread.periods.back() = 201201;  // the 25th month
  const SeriesShifts islands = find_shifts(spread);
  EXPECT_TRUE(islands.shifts.empty());
  EXPECT_NE(islands.refused.find("12 of the 25 months from 2010-01 to 2012-01"), std::string::npos)
      << islands.refused;
  // The minimums are options: lowered, the step is found.
  ShiftOptions lenient;
  lenient.minimums.coverage = 0.4;
  EXPECT_EQ(find_shifts(spread, lenient).shifts.size(), 1u);
  EXPECT_TRUE(find_shifts(spread, lenient).refused.empty());
}

// series.csv and changepoints.csv through core's CsvWriter: every value, level and change point
// mean reads back as the double computed (the old writer kept 6 significant digits).
TEST(PerceptionSeries, TablesReadBackBitIdentical) {
  std::vector<double> v;
  for (int i = 0; i < 36; ++i) v.push_back((i < 18 ? -1.0 / 3.0 : 2.0 / 7.0) + 1e-3 * (i % 5));
  Series s = synthetic(v);
  s.country = "USA";
  const SeriesShifts found = find_shifts(s);
  ASSERT_EQ(found.shifts.size(), 1u);
  report::ShiftTables tables(PeriodUnit::month, "pelt");
  tables.add(s, found);
  const auto same_bits = [](double x, double y) {
    return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y);
  };
  const Table series = parse_csv(tables.series_csv(), CsvOptions{}, "series.csv");
  ASSERT_EQ(series.size(), v.size());
  for (std::size_t r = 0; r < series.size(); ++r) {
    EXPECT_TRUE(same_bits(series.number(r, series.column("value")), v[r])) << r;
    EXPECT_TRUE(same_bits(series.number(r, series.column("level")), found.fitted[r])) << r;
  }
  EXPECT_EQ(series.cell(0, series.column("period")), "2010-01");
  EXPECT_EQ(series.cell(0, series.column("value")), "-0.3333333333333333");
  const Table changes = parse_csv(tables.changepoints_csv(), CsvOptions{}, "changepoints.csv");
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes.cell(0, changes.column("period")), "2011-07");
  EXPECT_EQ(changes.cell(0, changes.column("method")), "pelt");
  EXPECT_TRUE(same_bits(changes.number(0, changes.column("before")), found.shifts[0].before));
  EXPECT_TRUE(same_bits(changes.number(0, changes.column("after")), found.shifts[0].after));
  EXPECT_TRUE(same_bits(changes.number(0, changes.column("change")), found.shifts[0].change()));
}

// A tone shift injected into generated GDELT data (every event with a US actor 3 points more
// negative from January 2017) is found at January 2017 in the United States' target tone.
TEST(PerceptionSeries, FindsAToneShiftInjectedIntoGeneratedEvents) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir;
  tools::GdeltGenerateOptions g;
  g.samples = tools::default_gdelt_samples(data);
  g.rows = 120000;
  g.seed = 11;
  g.from = 20150101;
  g.to = 20181231;
  g.shifts = {tools::parse_gdelt_shift("USA:20170101:-3")};
  const fs::path file = dir.path() / "generated.export.CSV";
  tools::generate_gdelt(file, g);
  AggregateOptions o;
  o.by = PeriodUnit::month;
  const std::vector<fs::path> files = {file};
  const Aggregate a = aggregate_gdelt(files, o).aggregate;
  EXPECT_EQ(a.events_read, 120000u);
  SeriesOptions so;
  so.country = "USA";
  const Series s = make_series(a, so);
  EXPECT_EQ(s.periods.size(), 48u);
  const SeriesShifts found = find_shifts(s);
  ASSERT_FALSE(found.shifts.empty());
  const SeriesShift* biggest = &found.shifts.front();
  for (const SeriesShift& x : found.shifts) {
    if (std::abs(x.change()) > std::abs(biggest->change())) biggest = &x;
  }
  EXPECT_EQ(biggest->period, 201701);
  EXPECT_NEAR(biggest->change(), -3.0, 0.6);
  // A country never given the shift keeps one level... unless it meets the United States:
  // its tone moves by the share of its events with a US actor, so only a small change.
  so.country = "FRA";
  const SeriesShifts france = find_shifts(make_series(a, so));
  for (const SeriesShift& x : france.shifts) EXPECT_LT(std::abs(x.change()), 1.5);
}

}  // namespace
}  // namespace softpower::perception
