// Perception aggregation: hand-computed sums on small made-up GDELT 2.0 files (periods, mention-
// weighted tone, Goldstein means, quad classes, shares), the filters (root events, CAMEO root
// codes, URL de-duplication), period keys (ISO weeks across New Year, quarters), independence
// of the thread count, and counts on the real exports checked against independent counts.

#include "softpower/perception/aggregate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "perception/made_events.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/ops/perception_input.hpp"
#include "softpower/report/perception_csv.hpp"
#include "softpower/sources/gdelt_input.hpp"
#include "store/support.hpp"
#include "support/data.hpp"

namespace softpower::perception {
namespace {

namespace fs = std::filesystem;

struct Made {
  std::string id, date, source, target, root, code, quad, goldstein, mentions, tone, url;
};

// One GDELT 2.0 line (61 tab-separated columns) with the fields perception uses.
std::string line61(const Made& m) {
  std::vector<std::string> f(61);
  f[0] = m.id;
  f[1] = m.date;
  f[2] = m.date.substr(0, 6);
  f[3] = m.date.substr(0, 4);
  f[4] = "2019.0";
  f[5] = m.source;
  f[7] = m.source;
  f[15] = m.target;
  f[17] = m.target;
  f[25] = m.root;
  f[26] = m.code;
  f[27] = m.code;
  f[28] = m.code.substr(0, 2);
  f[29] = m.quad;
  f[30] = m.goldstein;
  f[31] = m.mentions;
  f[32] = "1";
  f[33] = m.mentions;
  f[34] = m.tone;
  f[59] = "20190301000000";
  f[60] = m.url.empty() ? "" : "https://example.org/" + m.url;
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i) out += (i ? "\t" : "") + f[i];
  return out + "\n";
}

// Seven events: four in January 2019, three in February; event 7 repeats event 1 (same
// article, day, countries and code).
const std::vector<Made>& made_events() {
  static const std::vector<Made> events = {
      {"1", "20190105", "USA", "GEO", "1", "036", "1", "4", "10", "2", "a"},
      {"2", "20190120", "USA", "GEO", "0", "042", "1", "1.9", "30", "-2", "b"},
      {"3", "20190131", "RUS", "GEO", "1", "190", "4", "-10", "5", "-8", "c"},
      {"4", "20190201", "USA", "GEO", "1", "061", "2", "6.4", "1", "1", "d"},
      {"5", "20190215", "GEO", "USA", "1", "112", "3", "-2", "4", "-3", "e"},
      {"6", "20190215", "", "GEO", "1", "020", "1", "3", "2", "0.5", "f"},
      {"7", "20190105", "USA", "GEO", "1", "036", "1", "4", "10", "2", "a"},
  };
  return events;
}

// The events in files: {1,2,7}, {3}, {4,5,6} so that the duplicate shares a file with event 1.
std::vector<fs::path> write_files(const fs::path& dir) {
  const std::vector<std::vector<int>> parts = {{0, 1, 6}, {2}, {3, 4, 5}};
  std::vector<fs::path> files;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    files.push_back(dir / ("2019000" + std::to_string(p) + ".export.CSV"));
    std::ofstream out(files.back(), std::ios::binary);
    for (const int i : parts[p]) out << line61(made_events()[static_cast<std::size_t>(i)]);
  }
  return files;
}

const DyadRow* find(const std::vector<DyadRow>& rows, int period, const std::string& s,
                    const std::string& t) {
  for (const DyadRow& r : rows) {
    if (r.period == period && r.source == s && r.target == t) return &r;
  }
  return nullptr;
}

const CountryRow* find(const std::vector<CountryRow>& rows, int period, const std::string& c) {
  for (const CountryRow& r : rows) {
    if (r.period == period && r.country == c) return &r;
  }
  return nullptr;
}

Aggregate read_made(const fs::path& dir, PeriodUnit by, const EventFilter& filter = {},
                    std::size_t threads = 1, std::size_t batch = 16384) {
  const std::vector<fs::path> files = write_files(dir);
  AggregateOptions o;
  o.by = by;
  o.filter = filter;
  sources::GdeltOptions read;
  read.threads = threads;
  read.batch_size = batch;
  read.strict = true;
  return aggregate_gdelt(files, o, read).aggregate;
}

TEST(PerceptionAggregate, MonthlyDyadsTargetsAndSourcesByHand) {
  testing::ScratchDir dir;
  const Aggregate a = read_made(dir.path(), PeriodUnit::month);
  EXPECT_EQ(a.events_read, 7u);
  EXPECT_EQ(a.events_kept, 7u);
  const auto dyads = a.dyads();
  ASSERT_EQ(dyads.size(), 4u);  // USA>GEO Jan, RUS>GEO Jan, GEO>USA Feb, USA>GEO Feb
  const DyadRow* us = find(dyads, 201901, "USA", "GEO");
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(us->tally.events, 3);
  EXPECT_EQ(us->tally.mentions, 50);
  // (10·2 + 30·(−2) + 10·2) / 50 = −20/50
  EXPECT_NEAR(us->tally.tone(), -0.4, 1e-12);
  EXPECT_NEAR(us->tally.mean_tone(), 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(us->tally.goldstein(), (4 + 1.9 + 4) / 3, 1e-12);
  EXPECT_EQ(us->tally.quad[0], 3);
  EXPECT_DOUBLE_EQ(us->tally.cooperation(), 1.0);
  EXPECT_DOUBLE_EQ(a.share(201901, us->tally), 0.75);
  const DyadRow* ru = find(dyads, 201901, "RUS", "GEO");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ(ru->tally.quad[3], 1);
  EXPECT_DOUBLE_EQ(ru->tally.tone(), -8.0);
  EXPECT_DOUBLE_EQ(ru->tally.goldstein(), -10.0);
  EXPECT_DOUBLE_EQ(ru->tally.cooperation(), 0.0);
  EXPECT_EQ(find(dyads, 201902, "", "GEO"), nullptr);  // no source country: not a dyad

  const auto targets = a.targets();
  const CountryRow* geo1 = find(targets, 201901, "GEO");
  ASSERT_NE(geo1, nullptr);
  EXPECT_EQ(geo1->tally.events, 4);
  EXPECT_EQ(geo1->tally.mentions, 55);
  EXPECT_NEAR(geo1->tally.tone(), -60.0 / 55.0, 1e-12);  // (20 − 60 + 20 − 40) / 55
  EXPECT_NEAR(geo1->tally.goldstein(), (4 + 1.9 + 4 - 10) / 4, 1e-12);
  EXPECT_DOUBLE_EQ(geo1->tally.cooperation(), 0.75);
  EXPECT_DOUBLE_EQ(geo1->tally.quad_share(4), 0.25);
  // February: events 4 and 6 (event 6 has no source country but a target).
  const CountryRow* geo2 = find(targets, 201902, "GEO");
  ASSERT_NE(geo2, nullptr);
  EXPECT_EQ(geo2->tally.events, 2);
  EXPECT_NEAR(geo2->tally.tone(), 2.0 / 3.0, 1e-12);  // (1·1 + 2·0.5) / 3
  EXPECT_NEAR(geo2->tally.goldstein(), 4.7, 1e-12);
  EXPECT_NEAR(a.share(201902, geo2->tally), 2.0 / 3.0, 1e-12);
  const auto sources = a.sources();
  const CountryRow* geo_src = find(sources, 201902, "GEO");
  ASSERT_NE(geo_src, nullptr);
  EXPECT_EQ(geo_src->tally.events, 1);
  EXPECT_EQ(geo_src->tally.quad[2], 1);
  EXPECT_EQ(find(sources, 201901, "GEO"), nullptr);
  ASSERT_EQ(a.periods.size(), 2u);
  EXPECT_EQ(a.periods.at(201901).events, 4);
  EXPECT_EQ(a.periods.at(201902).events, 3);

  EXPECT_EQ(report::dyads_csv(a),
            "period,source,target,events,mentions,tone,goldstein,q1,q2,q3,q4,share,coop\n"
            "2019-01,RUS,GEO,1,5,-8,-10,0,0,0,1,0.25,0\n"
            "2019-01,USA,GEO,3,50,-0.4,3.3000000000000003,3,0,0,0,0.75,1\n"
            "2019-02,GEO,USA,1,4,-3,-2,0,0,1,0,0.3333333333333333,0\n"
            "2019-02,USA,GEO,1,1,1,6.4,0,1,0,0,0.3333333333333333,1\n");
  EXPECT_EQ(report::countries_csv(a, targets),
            "period,country,events,mentions,tone,goldstein,q1,q2,q3,q4,share,coop\n"
            "2019-01,GEO,4,55,-1.0909090909090908,-0.025,3,0,0,1,1,0.75\n"
            "2019-02,GEO,2,3,0.6666666666666666,4.7,1,1,0,0,0.6666666666666666,1\n"
            "2019-02,USA,1,4,-3,-2,0,0,1,0,0.3333333333333333,0\n");
}

// The tables are written through core's CsvWriter: a tone, Goldstein mean, share or cooperative
// share read back from dyads.csv, targets.csv or periods.csv is the double computed, bit for bit
// (the old writer's 10 significant digits lost the last ones: -1.090909091 for -60/55).
TEST(PerceptionAggregate, WrittenValuesReadBackBitIdentical) {
  testing::ScratchDir dir;
  const Aggregate a = read_made(dir.path(), PeriodUnit::month);
  const auto same_bits = [](double x, double y) {
    return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y);
  };
  const CsvOptions csv;
  const std::function<void(const std::string&,
                           const std::function<std::vector<double>(std::size_t)>&)>
      check = [&](const std::string& text,
                  const std::function<std::vector<double>(std::size_t)>& expected) {
        const Table t = parse_csv(text, csv, "written");
        ASSERT_GT(t.size(), 0u);
        const std::array<const char*, 3> columns = {"tone", "goldstein", "coop"};
        for (std::size_t r = 0; r < t.size(); ++r) {
          const std::vector<double> want = expected(r);
          for (std::size_t k = 0; k < want.size(); ++k) {
            const double got = t.number(r, t.column(columns[k]));
            EXPECT_TRUE(same_bits(got, want[k]) || (std::isnan(got) && std::isnan(want[k])))
                << columns[k] << " of row " << r << ": " << t.cell(r, t.column(columns[k]));
          }
        }
      };
  const auto dyads = a.dyads();
  check(report::dyads_csv(a), [&](std::size_t r) {
    return std::vector<double>{dyads[r].tally.tone(), dyads[r].tally.goldstein(),
                               dyads[r].tally.cooperation()};
  });
  const auto targets = a.targets();
  check(report::countries_csv(a, targets), [&](std::size_t r) {
    return std::vector<double>{targets[r].tally.tone(), targets[r].tally.goldstein(),
                               targets[r].tally.cooperation()};
  });
  std::vector<Tally> periods;
  for (const auto& [p, t] : a.periods) periods.push_back(t);
  check(report::periods_csv(a), [&](std::size_t r) {
    return std::vector<double>{periods[r].tone(), periods[r].goldstein(), periods[r].cooperation()};
  });
  // A tone whose shortest form needs 17 digits: -60/55.
  const Table t = parse_csv(report::countries_csv(a, targets), csv, "targets");
  EXPECT_EQ(t.cell(0, t.column("tone")), "-1.0909090909090908");
  EXPECT_TRUE(same_bits(t.number(0, t.column("tone")), -60.0 / 55.0));
  EXPECT_TRUE(same_bits(t.number(0, t.column("share")), a.share(201901, targets[0].tally)));
}

TEST(PerceptionAggregate, Filters) {
  testing::ScratchDir dir;
  {
    EventFilter f;
    f.dedup_url = true;
    const Aggregate a = read_made(dir.path(), PeriodUnit::month, f);
    EXPECT_EQ(a.duplicates, 1u);
    EXPECT_EQ(a.events_kept, 6u);
    const DyadRow* us = find(a.dyads(), 201901, "USA", "GEO");
    ASSERT_NE(us, nullptr);
    EXPECT_EQ(us->tally.events, 2);
    EXPECT_EQ(us->tally.mentions, 40);
    EXPECT_NEAR(us->tally.tone(), -1.0, 1e-12);  // (20 − 60) / 40
    EXPECT_NEAR(us->tally.goldstein(), 2.95, 1e-12);
  }
  {
    EventFilter f;
    f.root_only = true;
    const Aggregate a = read_made(dir.path(), PeriodUnit::month, f);
    EXPECT_EQ(a.events_kept, 6u);  // event 2 is not a root event
    const DyadRow* us = find(a.dyads(), 201901, "USA", "GEO");
    ASSERT_NE(us, nullptr);
    EXPECT_EQ(us->tally.events, 2);
    EXPECT_DOUBLE_EQ(us->tally.tone(), 2.0);
  }
  {
    EventFilter f;
    f.root_codes = parse_root_codes("03-06");
    EXPECT_EQ(f.root_codes, (std::vector<int>{3, 4, 5, 6}));
    const Aggregate a = read_made(dir.path(), PeriodUnit::year, f);
    // Kept: 036, 042, 061 and the repeated 036; dropped 190, 112, 020.
    EXPECT_EQ(a.events_kept, 4u);
    ASSERT_EQ(a.keys.size(), 1u);
    EXPECT_EQ(a.keys[0].period, 2019);
    EXPECT_EQ(a.keys[0].tally.events, 4);
    EXPECT_EQ(a.keys[0].tally.quad[1], 1);
  }
  EXPECT_EQ(parse_root_codes("1, 14-15,20"), (std::vector<int>{1, 14, 15, 20}));
  EXPECT_THROW(parse_root_codes("0-3"), Error);
  EXPECT_THROW(parse_root_codes("21"), Error);
  EXPECT_THROW(parse_root_codes("6-3"), Error);
  EXPECT_THROW(parse_root_codes("x"), Error);
}

// `line` (tab-separated, ending in a line break) with column k set to `value`.
std::string with_column(const std::string& line, std::size_t k, const std::string& value) {
  std::size_t begin = 0;
  for (std::size_t c = 0; c < k; ++c) begin = line.find('\t', begin) + 1;
  const std::size_t end = line.find_first_of("\t\n", begin);
  return line.substr(0, begin) + value + line.substr(end);
}

TEST(PerceptionAggregate, ReadsOnlyTheColumnsItSumsExceptWhenStrict) {
  testing::ScratchDir dir;
  // Event 1 with a NumSources that is not a count (column 32, not summed), then event 2, then
  // event 2 with a tone that is not one (column 34, summed).
  const std::string one = with_column(line61(made_events()[0]), 32, "x");
  const std::string two = line61(made_events()[1]);
  const std::string bad_tone = with_column(two, 34, "low");
  const fs::path file = dir.path() / "columns.export.CSV";
  std::ofstream(file, std::ios::binary) << one << two << bad_tone;
  const std::vector<fs::path> files = {file};
  AggregateOptions o;
  const GdeltAggregate read = aggregate_gdelt(files, o);
  const Aggregate& a = read.aggregate;
  EXPECT_EQ(a.events_read, 2u);
  EXPECT_EQ(read.report.malformed, 1u);
  ASSERT_EQ(read.report.examples.size(), 1u);
  EXPECT_EQ(read.report.examples[0].line, 3u);
  EXPECT_EQ(read.report.examples[0].field, "AvgTone");
  ASSERT_NE(find(a.keys, 201901, "USA", "GEO"), nullptr);
  EXPECT_EQ(find(a.keys, 201901, "USA", "GEO")->tally.mentions, 40);
  sources::GdeltOptions strict;
  strict.strict = true;
  try {
    aggregate_gdelt(files, o, strict);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 1u);
    EXPECT_EQ(e.where().field, "NumSources");
  }
}

// aggregate() takes a stream of events and opens nothing: two inputs fed in batches of one
// from two threads at once give exact sums (tones chosen exact in binary), and the URL filter
// finds the repeat within its input.
TEST(PerceptionAggregate, SumsAStreamOfEventsFedFromThreads) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::vector<Event>> inputs = {
      {made_event(20190105, "USA", "GEO", 2.5, 4, 3, QuadClass::verbal_cooperation, 11),
       made_event(20190110, "USA", "GEO", -1.25, 12, nan, QuadClass::verbal_conflict, 12),
       made_event(20190105, "USA", "GEO", 2.5, 4, 3, QuadClass::verbal_cooperation, 11)},
      {made_event(20190201, "RUS", "GEO", -8, 5, -10, QuadClass::material_conflict, 13),
       made_event(20190202, "GEO", "", 0.5, 2, 1, QuadClass::material_cooperation, 0)}};
  const auto feed = [&](const EventSink& sink) {
    std::vector<std::thread> threads;
    for (std::size_t input = 0; input < inputs.size(); ++input) {
      threads.emplace_back([&, input] {
        for (const Event& e : inputs[input]) sink(input, std::span<const Event>(&e, 1));
      });
    }
    for (std::thread& t : threads) t.join();
  };
  const Aggregate a = aggregate(feed, {PeriodUnit::month, {}});
  EXPECT_EQ(a.events_read, 5u);
  EXPECT_EQ(a.events_kept, 5u);
  const DyadRow* us = find(a.keys, 201901, "USA", "GEO");
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(us->tally.events, 3);
  EXPECT_EQ(us->tally.mentions, 20);
  EXPECT_EQ(us->tally.tone(), 0.25);  // (4·2.5 − 12·1.25 + 4·2.5) / 20
  EXPECT_EQ(us->tally.mean_tone(), 3.75 / 3);
  EXPECT_EQ(us->tally.goldstein(), 3.0);  // the event without a score is left out
  EXPECT_EQ(us->tally.goldstein_events, 2);
  EXPECT_EQ(us->tally.quad[0], 2);
  EXPECT_EQ(us->tally.quad[2], 1);
  EXPECT_EQ(a.share(201901, us->tally), 1.0);
  const DyadRow* ru = find(a.keys, 201902, "RUS", "GEO");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ(ru->tally.tone(), -8.0);
  EXPECT_EQ(ru->tally.goldstein(), -10.0);
  EXPECT_EQ(a.share(201902, ru->tally), 0.5);
  ASSERT_NE(find(a.keys, 201902, "GEO", ""), nullptr);
  EXPECT_EQ(a.dyads().size(), 2u);
  ASSERT_EQ(a.periods.size(), 2u);
  EXPECT_EQ(a.periods.at(201901).events, 3);
  EXPECT_EQ(a.periods.at(201902).mentions, 7);
  EXPECT_EQ(a.periods.at(201902).cooperation(), 0.5);

  AggregateOptions dedup{PeriodUnit::month, {}};
  dedup.filter.dedup_url = true;
  const Aggregate d = aggregate(feed, dedup);
  EXPECT_EQ(d.events_read, 5u);
  EXPECT_EQ(d.events_kept, 4u);
  EXPECT_EQ(d.duplicates, 1u);
  const DyadRow* us_once = find(d.keys, 201901, "USA", "GEO");
  ASSERT_NE(us_once, nullptr);
  EXPECT_EQ(us_once->tally.mentions, 16);
  EXPECT_EQ(us_once->tally.tone(), -0.3125);  // (4·2.5 − 12·1.25) / 16
  // The same events in memory as one input: the same sums.
  std::vector<Event> all = inputs[0];
  all.insert(all.end(), inputs[1].begin(), inputs[1].end());
  EXPECT_EQ(report::dyads_csv(aggregate_events(all, PeriodUnit::month)), report::dyads_csv(a));
}

TEST(PerceptionAggregate, RoundsAsLlroundDoes) {
  // Tally::add keeps round(tone * 1e9) and round(goldstein * 10), halves away from zero; each
  // event alone must give exactly what std::llround gives, on halves and on random values.
  std::vector<double> values = {0.25,
                                -0.25,
                                2.25,
                                -2.25,
                                0.05,
                                -0.05,
                                0.5e-9,
                                -0.5e-9,
                                1.5e-9,
                                -2.5e-9,
                                7.49999999,
                                99.95,
                                -100,
                                100,
                                10,
                                -10,
                                0,
                                -0.0,
                                3.7037037037037,
                                -2.45901639344262};
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> tone(-100, 100);
  for (int i = 0; i < 20000; ++i) values.push_back(tone(random));
  for (int i = 0; i < 2000; ++i) values.push_back(std::round(tone(random) * 20) / 20 / 1e9);
  for (const double v : values) {
    Event e;
    e.avg_tone = v;
    e.goldstein = v / 10;
    e.num_mentions = 1;
    Tally t;
    t.add(e);
    ASSERT_EQ(static_cast<long long>(t.tone_sum), std::llround(v * 1e9)) << v;
    ASSERT_EQ(t.goldstein_tenths, std::llround(v / 10 * 10)) << v;
  }
}

TEST(PerceptionAggregate, SameResultOnAnyNumberOfThreadsAndInMemory) {
  testing::ScratchDir dir;
  EventFilter f;
  f.dedup_url = true;
  const Aggregate one = read_made(dir.path(), PeriodUnit::week, f, 1);
  const std::string expected = report::dyads_csv(one) + report::countries_csv(one, one.targets()) +
                               report::countries_csv(one, one.sources()) + report::periods_csv(one);
  for (const std::size_t threads : {2u, 3u}) {
    for (const std::size_t batch : {1u, 2u, 100u}) {
      const Aggregate a = read_made(dir.path(), PeriodUnit::week, f, threads, batch);
      EXPECT_EQ(report::dyads_csv(a) + report::countries_csv(a, a.targets()) +
                    report::countries_csv(a, a.sources()) + report::periods_csv(a),
                expected)
          << threads << " threads, batches of " << batch;
    }
  }
  const std::vector<fs::path> files = write_files(dir.path());
  const std::vector<Event> events = sources::read_gdelt_events(files);
  const Aggregate mem = aggregate_events(events, PeriodUnit::week, f);
  EXPECT_EQ(report::dyads_csv(mem), report::dyads_csv(one));
  EXPECT_EQ(report::periods_csv(mem), report::periods_csv(one));
  // Weeks: 5 Jan 2019 is a Saturday of week 1, 20 Jan a Sunday of week 3, 31 Jan week 5,
  // 1 Feb week 5, 15 Feb week 7.
  std::vector<std::string> weeks;
  for (const auto& [p, t] : one.periods) weeks.push_back(period_label(p, PeriodUnit::week));
  EXPECT_EQ(weeks, (std::vector<std::string>{"2019-W01", "2019-W03", "2019-W05", "2019-W07"}));
  EXPECT_EQ(one.periods.at(201905).events, 2);
}

TEST(PerceptionPeriods, KeysLabelsAndNext) {
  // ISO 8601 weeks (Python's date.isocalendar agrees): the week holding the year's first
  // Thursday is week 1, so days at New Year may belong to the neighbouring year.
  EXPECT_EQ(period_key(20181231, PeriodUnit::week), 201901);  // a Monday
  EXPECT_EQ(period_key(20191230, PeriodUnit::week), 202001);
  EXPECT_EQ(period_key(20201231, PeriodUnit::week), 202053);
  EXPECT_EQ(period_key(20210103, PeriodUnit::week), 202053);  // a Sunday
  EXPECT_EQ(period_key(20210104, PeriodUnit::week), 202101);
  EXPECT_EQ(period_key(20160101, PeriodUnit::week), 201553);
  EXPECT_EQ(period_key(20151228, PeriodUnit::week), 201553);
  EXPECT_EQ(period_label(202053, PeriodUnit::week), "2020-W53");
  EXPECT_EQ(period_label(201901, PeriodUnit::week), "2019-W01");
  EXPECT_EQ(next_period(201552, PeriodUnit::week), 201553);
  EXPECT_EQ(next_period(201553, PeriodUnit::week), 201601);
  EXPECT_EQ(next_period(201952, PeriodUnit::week), 202001);  // 2019 has 52 weeks
  EXPECT_EQ(period_key(20190331, PeriodUnit::quarter), 20191);
  EXPECT_EQ(period_key(20190401, PeriodUnit::quarter), 20192);
  EXPECT_EQ(period_key(20191231, PeriodUnit::quarter), 20194);
  EXPECT_EQ(period_label(20194, PeriodUnit::quarter), "2019-Q4");
  EXPECT_EQ(next_period(20194, PeriodUnit::quarter), 20201);
  EXPECT_EQ(period_key(20190215, PeriodUnit::month), 201902);
  EXPECT_EQ(period_label(201902, PeriodUnit::month), "2019-02");
  EXPECT_EQ(next_period(201912, PeriodUnit::month), 202001);
  EXPECT_EQ(period_label(20190215, PeriodUnit::day), "2019-02-15");
  EXPECT_EQ(next_period(20200228, PeriodUnit::day), 20200229);
  EXPECT_EQ(next_period(20200229, PeriodUnit::day), 20200301);
  EXPECT_EQ(next_period(20191231, PeriodUnit::day), 20200101);
  EXPECT_EQ(next_period(19000228, PeriodUnit::day), 19000301);  // 1900 was not a leap year
  EXPECT_EQ(period_key(20190215, PeriodUnit::year), 2019);
  EXPECT_EQ(period_label(2019, PeriodUnit::year), "2019");
  EXPECT_EQ(parse_period_unit("quarter"), PeriodUnit::quarter);
  EXPECT_THROW(parse_period_unit("fortnight"), Error);
  // Every day from 2010 to 2030 lies in the week that next_period walks to.
  std::int32_t day = 20100101;
  std::int32_t week = period_key(day, PeriodUnit::week);
  while (day < 20300101) {
    const std::int32_t next_day = next_period(day, PeriodUnit::day);
    const std::int32_t w = period_key(next_day, PeriodUnit::week);
    if (w != week) {
      ASSERT_EQ(w, next_period(week, PeriodUnit::week)) << next_day;
      week = w;
    }
    day = next_day;
  }
}

TEST(PerceptionAggregateData, GeorgiaAsTargetPerMonth) {
  SOFTPOWER_REQUIRE_DATA(data);
  // Georgia's monthly counts and the months' totals, from a script over the same files, are
  // the reference case tests/reference/perception/georgia-target.toml.
  const auto in = sources::resolve_gdelt_inputs((data / "gdelt" / "undp-georgia-gdelt1").string());
  AggregateOptions o;
  o.by = PeriodUnit::month;
  const Aggregate a = aggregate_gdelt(in.files, o).aggregate;
  EXPECT_EQ(a.events_read, 105444u);
  std::int64_t all = 0;
  for (const auto& [p, t] : a.periods) all += t.events;
  EXPECT_EQ(all, 105444);
}

// aggregate_gdelt() reads only the columns the sums use (aggregate_fields), in parts of a big file;
// reading every column of every line, in order, and summing in memory must give the same bytes.
TEST(PerceptionAggregateData, SameTablesAsReadingEveryColumn) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir;
  // The four exports in one file, so that it is cut into parts.
  const auto in = sources::resolve_gdelt_inputs((data / "gdelt" / "events").string());
  const fs::path joined = dir.path() / "joined.export.CSV";
  {
    std::ofstream out(joined, std::ios::binary);
    for (const fs::path& f : in.files) out << std::ifstream(f, std::ios::binary).rdbuf();
  }
  const std::vector<fs::path> files = {joined};
  for (const PeriodUnit by : {PeriodUnit::month, PeriodUnit::day}) {
    for (const bool root_only : {false, true}) {
      AggregateOptions o;
      o.by = by;
      o.filter.root_only = root_only;
      o.filter.root_codes = root_only ? std::vector<int>{1, 2, 3, 4, 19} : std::vector<int>{};
      sources::GdeltOptions parts;
      parts.split_bytes = 200000;
      parts.threads = 2;
      const Aggregate fast = aggregate_gdelt(files, o, parts).aggregate;
      sources::GdeltReport report;
      const std::vector<Event> events = sources::read_gdelt_events(files, &report);
      ASSERT_EQ(report.malformed, 0u);
      const Aggregate every = aggregate_events(events, by, o.filter);
      EXPECT_EQ(fast.events_read, events.size());
      EXPECT_GT(fast.events_kept, 1000u);
      EXPECT_EQ(report::dyads_csv(fast), report::dyads_csv(every));
      EXPECT_EQ(report::countries_csv(fast, fast.targets()),
                report::countries_csv(every, every.targets()));
      EXPECT_EQ(report::countries_csv(fast, fast.sources()),
                report::countries_csv(every, every.sources()));
      EXPECT_EQ(report::periods_csv(fast), report::periods_csv(every));
    }
  }
  const std::uint32_t fields = aggregate_fields({});
  EXPECT_NE(fields & event_field_bit(EventField::avg_tone), 0u);
  EXPECT_EQ(fields & event_field_bit(EventField::url_hash), 0u);
  EXPECT_EQ(fields & event_field_bit(EventField::num_sources), 0u);
  EventFilter dedup;
  dedup.dedup_url = true;
  EXPECT_NE(aggregate_fields(dedup) & event_field_bit(EventField::url_hash), 0u);
}

TEST(PerceptionAggregateData, UnitedStatesInTheFourExports) {
  SOFTPOWER_REQUIRE_DATA(data);
  // cat *.export.CSV | awk -F'\t' '$18=="USA" && substr($2,1,6)=="201910" {c++; m+=$32;
  //   t+=$32*$35} END {printf "%d %d %.10f\n", c, m, t/m}'      -> 283 1051 -2.0230939965
  // cat *.export.CSV | awk -F'\t' '$8=="USA" && $18=="CHN" {c++; m+=$32; t+=$32*$35; g+=$31;
  //   q[$30]++} END {...}'                      -> 14 42 -0.2723410942 1.4285714286 5 4 5 0
  const auto in = sources::resolve_gdelt_inputs((data / "gdelt" / "events").string());
  for (const std::size_t threads : {1u, 2u}) {
    sources::GdeltOptions read;
    read.threads = threads;
    const Aggregate a = aggregate_gdelt(in.files, {}, read).aggregate;
    EXPECT_EQ(a.events_read, 2116u + 1540u + 1629u + 2111u);
    const CountryRow* us = find(a.targets(), 201910, "USA");
    ASSERT_NE(us, nullptr);
    EXPECT_EQ(us->tally.events, 283);
    EXPECT_EQ(us->tally.mentions, 1051);
    EXPECT_NEAR(us->tally.tone(), -2.0230939965, 1e-9);
    Tally us_cn;
    for (const DyadRow& r : a.dyads()) {
      if (r.source == "USA" && r.target == "CHN") us_cn.merge(r.tally);
    }
    EXPECT_EQ(us_cn.events, 14);
    EXPECT_EQ(us_cn.mentions, 42);
    EXPECT_NEAR(us_cn.tone(), -0.2723410942, 1e-9);
    EXPECT_NEAR(us_cn.goldstein(), 1.4285714286, 1e-9);
    EXPECT_EQ(us_cn.quad[0], 5);
    EXPECT_EQ(us_cn.quad[1], 4);
    EXPECT_EQ(us_cn.quad[2], 5);
    EXPECT_EQ(us_cn.quad[3], 0);
  }
}

// Each file's sums as bytes and merged (what rank 0 does with the work units of an MPI job) are
// the sums of one stream of all the events, in any order of the parts.
TEST(PerceptionAggregate, MergedPartsAreTheSumsOfAllTheirEvents) {
  const std::vector<Event> events = {
      made_event(20190105, "USA", "GEO", 2.5, 10, 4, QuadClass::verbal_cooperation),
      made_event(20190120, "USA", "GEO", -1.25, 3, -2, QuadClass::material_conflict),
      made_event(20190131, "RUS", "", -8, 5, -10, QuadClass::verbal_conflict),
      made_event(20190201, "", "GEO", 1, 1, 6.4, QuadClass::material_cooperation),
      made_event(20190215, "GEO", "USA", -3, 4, 3, QuadClass::verbal_cooperation)};
  const Aggregate all = aggregate_events(events, PeriodUnit::month);
  // Parts of events 1-2, 3 and 4-5, each as bytes.
  const std::array<std::size_t, 4> cuts = {0, 2, 3, 5};
  std::vector<std::string> bytes(3);
  for (std::size_t p = 0; p + 1 < cuts.size(); ++p) {
    encode_sums(aggregate_events(std::span(events).subspan(cuts[p], cuts[p + 1] - cuts[p]),
                                 PeriodUnit::month),
                bytes[p]);
  }
  std::vector<std::string_view> parts(bytes.begin(), bytes.end());
  for (int order = 0; order < 2; ++order) {
    const Aggregate merged = merge_sums(parts, PeriodUnit::month);
    EXPECT_EQ(merged.events_read, 5u);
    EXPECT_EQ(merged.events_kept, 5u);
    EXPECT_EQ(report::dyads_csv(merged), report::dyads_csv(all));
    EXPECT_EQ(report::countries_csv(merged, merged.targets()),
              report::countries_csv(all, all.targets()));
    EXPECT_EQ(report::periods_csv(merged), report::periods_csv(all));
    const DyadRow* us_ge = find(merged.keys, 201901, "USA", "GEO");
    ASSERT_NE(us_ge, nullptr);
    EXPECT_EQ(us_ge->tally.events, 2);
    EXPECT_EQ(us_ge->tally.mentions, 13);
    std::reverse(parts.begin(), parts.end());
  }
  // 40 bytes of counts and 104 per key: USA-GEO and RUS-"" in January, ""-GEO and GEO-USA in
  // February.
  EXPECT_EQ(bytes[0].size() + bytes[1].size() + bytes[2].size(), 3 * 40 + 4 * 104u);
  EXPECT_THROW(merge_sums(parts, PeriodUnit::day), Error);
  parts[0] = parts[0].substr(0, parts[0].size() - 1);
  EXPECT_THROW(merge_sums(parts, PeriodUnit::month), Error);
}

// More files than are gathered in one round (1024), each a work unit: the same file given 1100
// times sums to 1100 times its sums, and the report lists every file in order.
TEST(PerceptionAggregate, ManyFilesSumAsOne) {
  testing::ScratchDir dir;
  const std::vector<fs::path> made = write_files(dir.path());
  const std::vector<fs::path> files(1100, made[0]);
  EventFilter dedup;
  dedup.dedup_url = true;
  const GdeltAggregate many = aggregate_gdelt(files, {PeriodUnit::month, dedup});
  const Aggregate once =
      aggregate_gdelt(std::span(made).first(1), {PeriodUnit::month, dedup}).aggregate;
  EXPECT_EQ(many.report.files.size(), 1100u);
  EXPECT_EQ(many.report.events, 1100u * 3);
  EXPECT_EQ(many.aggregate.events_read, 1100u * 3);
  EXPECT_EQ(many.aggregate.duplicates, 1100u);  // event 7 repeats event 1 in every copy
  ASSERT_EQ(many.aggregate.keys.size(), once.keys.size());
  for (std::size_t k = 0; k < once.keys.size(); ++k) {
    const Tally& m = many.aggregate.keys[k].tally;
    const Tally& o = once.keys[k].tally;
    EXPECT_EQ(m.events, 1100 * o.events);
    EXPECT_EQ(m.mentions, 1100 * o.mentions);
    EXPECT_TRUE(m.tone_mentions == 1100 * o.tone_mentions);
    EXPECT_EQ(m.goldstein_tenths, 1100 * o.goldstein_tenths);
  }
  EXPECT_EQ(many.aggregate.periods.at(201901).events, 1100 * 2);
}

}  // namespace
}  // namespace softpower::perception
