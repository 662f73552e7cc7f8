// The GDELT generator: its files are read by the GDELT reader with no malformed line, have the
// size or rows asked for, are the same bytes for the same seed on any number of threads, keep
// their dates in the range, keep the samples' marginal distributions and consistencies (root
// codes, Goldstein per event code, counts, places in the actors' countries), and show an
// injected tone shift in the monthly mean tone.

#include "softpower/tools/gdelt_generate.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/sources/gdelt.hpp"
#include "support/data.hpp"
#include "support/memory_limit.hpp"
#include "support/scratch.hpp"

namespace softpower::sources {
namespace {

namespace fs = std::filesystem;

using testing::ScratchDir;
using testing::slurp;

std::vector<Event> read_all(const fs::path& file, GdeltReport* report) {
  const std::vector<fs::path> files = {file};
  return read_gdelt_events(files, report);
}

tools::GdeltGenerateOptions base_options(const fs::path& data) {
  tools::GdeltGenerateOptions o;
  o.samples = tools::default_gdelt_samples(data);
  o.seed = 7;
  o.from = 20170101;
  o.to = 20181231;
  return o;
}

TEST(GdeltGenerate, RowsAreReadWithoutMalformedLines) {
  SOFTPOWER_REQUIRE_DATA(data);
  ScratchDir dir;
  tools::GdeltGenerateOptions o = base_options(data);
  o.rows = 50000;
  const tools::GdeltGenerateReport report = tools::generate_gdelt(dir.path() / "gen.export.CSV", o);
  EXPECT_EQ(report.rows, 50000U);
  EXPECT_EQ(report.sample_rows, 7396U);  // the four exports: 2,116 + 1,540 + 1,629 + 2,111
  EXPECT_EQ(report.sample_skipped, 0U);
  EXPECT_GT(report.pool_countries, 50U);
  EXPECT_EQ(report.bytes, fs::file_size(dir.path() / "gen.export.CSV"));
  GdeltReport read;
  const auto events = read_all(dir.path() / "gen.export.CSV", &read);
  ASSERT_EQ(read.files.size(), 1U);
  EXPECT_EQ(read.files[0].format, GdeltFormat::v2_61);
  EXPECT_EQ(read.malformed, 0U);
  EXPECT_EQ(events.size(), 50000U);
  EXPECT_EQ(read.bytes, report.bytes);
  // Consecutive ids and distinct URLs (so de-duplication by article keeps them apart).
  std::set<std::uint64_t> urls;
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].id, o.first_id + i);
    urls.insert(events[i].url_hash);
  }
  EXPECT_EQ(urls.size(), events.size());
  // No leftover temporary file: the file and softpower's list of what it wrote there.
  std::set<std::string> entries;
  for (const auto& e : fs::directory_iterator(dir.path())) entries.insert(e.path().filename());
  EXPECT_EQ(entries, (std::set<std::string>{"gen.export.CSV", ".softpower-outputs"}));
}

TEST(GdeltGenerate, ByteSizeIsFilledWithWholeLines) {
  SOFTPOWER_REQUIRE_DATA(data);
  ScratchDir dir;
  tools::GdeltGenerateOptions o = base_options(data);
  o.bytes = 20'000'000;
  const fs::path file = dir.path() / "gen.export.CSV";
  const tools::GdeltGenerateReport report = tools::generate_gdelt(file, o);
  const std::uint64_t size = fs::file_size(file);
  EXPECT_EQ(size, report.bytes);
  EXPECT_LE(size, o.bytes);
  EXPECT_GT(size, o.bytes - 2000);  // at most one line short (lines are ~400 bytes)
  const std::string text = slurp(file);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n')), report.rows);
  // The range is spread over the lines expected: the last line's DATEADDED is in the last
  // days of the range.
  GdeltReport read;
  const auto events = read_all(file, &read);
  EXPECT_EQ(read.malformed, 0U);
  EXPECT_EQ(events.front().date_added, 20170101000000);
  EXPECT_GE(events.back().date_added, 20181225000000);
  EXPECT_LE(events.back().date_added, 20181231234500);
}

TEST(GdeltGenerate, SameSeedSameBytesOnAnyThreadCount) {
  SOFTPOWER_REQUIRE_DATA(data);
  ScratchDir dir;
  tools::GdeltGenerateOptions o = base_options(data);
  o.rows = 70000;  // five chunks, the last one short
  o.threads = 1;
  tools::generate_gdelt(dir.path() / "a.CSV", o);
  o.threads = 3;
  tools::generate_gdelt(dir.path() / "b.CSV", o);
  o.seed = 8;
  tools::generate_gdelt(dir.path() / "c.CSV", o);
  const std::string a = slurp(dir.path() / "a.CSV");
  EXPECT_EQ(a, slurp(dir.path() / "b.CSV"));
  EXPECT_NE(a, slurp(dir.path() / "c.CSV"));
  // Any run of lines can be made alone and equals the file's.
  o.seed = 7;
  const tools::GdeltSampleSet samples(o.samples);
  const std::string middle = tools::generate_gdelt_lines(samples, o, 40000, 3);
  std::size_t start = 0;
  for (int i = 0; i < 40000; ++i) start = a.find('\n', start) + 1;
  EXPECT_EQ(middle, a.substr(start, middle.size()));
}

TEST(GdeltGenerate, GzipHoldsTheSameLines) {
  SOFTPOWER_REQUIRE_DATA(data);
  ScratchDir dir;
  tools::GdeltGenerateOptions o = base_options(data);
  o.rows = 40000;
  o.threads = 2;
  const auto plain = tools::generate_gdelt(dir.path() / "x.export.CSV", o);
  const auto packed = tools::generate_gdelt(dir.path() / "x.export.CSV.gz", o);
  EXPECT_EQ(plain.bytes, packed.bytes);
  EXPECT_EQ(packed.file_bytes, fs::file_size(dir.path() / "x.export.CSV.gz"));
  EXPECT_LT(packed.file_bytes * 2, packed.bytes);  // compressed (random tones compress less)
  GdeltReport a;
  GdeltReport b;
  const auto ea = read_all(dir.path() / "x.export.CSV", &a);
  const auto eb = read_all(dir.path() / "x.export.CSV.gz", &b);
  ASSERT_EQ(ea.size(), eb.size());
  EXPECT_EQ(b.malformed, 0U);
  EXPECT_EQ(a.bytes, b.bytes);
  for (std::size_t i = 0; i < ea.size(); i += 997) {
    EXPECT_EQ(ea[i].id, eb[i].id);
    EXPECT_EQ(ea[i].avg_tone, eb[i].avg_tone);
    EXPECT_EQ(ea[i].actor1_code, eb[i].actor1_code);
  }
}

TEST(GdeltGenerate, DatesLieInTheRangeAndAgree) {
  SOFTPOWER_REQUIRE_DATA(data);
  ScratchDir dir;
  tools::GdeltGenerateOptions o = base_options(data);
  o.rows = 30000;
  o.from = 20200215;
  o.to = 20200310;  // across a leap day
  const fs::path file = dir.path() / "gen.CSV";
  tools::generate_gdelt(file, o);
  const std::string text = slurp(file);
  std::size_t lines = 0;
  std::size_t lagged = 0;
  std::size_t leap_days = 0;
  std::int64_t previous_added = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = text.find('\n', pos);
    std::vector<std::string> f;
    for (std::size_t s = pos;;) {
      const std::size_t tab = text.find('\t', s);
      if (tab == std::string::npos || tab > end) {
        f.push_back(text.substr(s, end - s));
        break;
      }
      f.push_back(text.substr(s, tab - s));
      s = tab + 1;
    }
    ASSERT_EQ(f.size(), 61U);
    const int sql = std::stoi(f[1]);
    const std::int64_t added = std::stoll(f[59]);
    EXPECT_GE(sql, o.from);
    EXPECT_LE(sql, o.to);
    EXPECT_GE(added / 1000000, o.from);
    EXPECT_LE(added / 1000000, o.to);
    EXPECT_LE(sql, added / 1000000);
    EXPECT_GE(added, previous_added);  // lines run through the range in order
    EXPECT_EQ(added % 100, 0);         // 15-minute slots: mm in {00, 15, 30, 45}, ss = 00
    EXPECT_EQ(added / 100 % 100 % 15, 0);
    previous_added = added;
    EXPECT_EQ(std::stoi(f[2]), sql / 100);
    EXPECT_EQ(std::stoi(f[3]), sql / 10000);
    // FractionDate as GDELT writes it: year + ((month - 1) * 30 + day) / 365, 4 decimals.
    const double fraction = sql / 10000 + ((sql / 100 % 100 - 1) * 30 + sql % 100) / 365.0;
    EXPECT_NEAR(std::stod(f[4]), fraction, 0.00006) << f[4];
    EXPECT_EQ(f[4].size() - f[4].find('.'), 5U);
    if (sql < added / 1000000) ++lagged;
    if (sql == 20200229) ++leap_days;
    ++lines;
    pos = end + 1;
  }
  EXPECT_EQ(lines, 30000U);
  EXPECT_GT(lagged, 300U);  // some events are reported days after they happen, as in GDELT
  EXPECT_GT(leap_days, 300U);
}

// Shares of EventRootCode 1..20 among events.
std::array<double, 21> root_shares(const std::vector<Event>& events) {
  std::array<double, 21> shares{};
  for (const Event& e : events) shares[e.root_code] += 1.0;
  for (double& s : shares) s /= static_cast<double>(events.size());
  return shares;
}

TEST(GdeltGenerate, MarginalsAndConsistencyFollowTheSamples) {
  SOFTPOWER_REQUIRE_DATA(data);
  ScratchDir dir;
  tools::GdeltGenerateOptions o = base_options(data);
  o.rows = 200000;
  const fs::path file = dir.path() / "gen.CSV";
  tools::generate_gdelt(file, o);
  const auto generated = read_all(file, nullptr);
  const auto source = read_gdelt_events(o.samples);
  ASSERT_EQ(source.size(), 7396U);

  // Root codes: resampled lines keep their shares (sd of a share at n = 200,000 is <= 0.0011).
  const auto a = root_shares(source);
  const auto b = root_shares(generated);
  for (std::size_t r = 1; r <= 20; ++r) EXPECT_NEAR(a[r], b[r], 0.006) << "root " << r;
  EXPECT_GT(a[1], 0.1);  // the check has something to compare: statements are common

  // Goldstein is the value of the event code in the samples, for every event.
  std::map<std::string, std::set<double>> goldstein;
  for (const Event& e : source) goldstein[std::string(e.event_code.view())].insert(e.goldstein);
  std::map<std::string, std::size_t> countries_a;
  std::map<std::string, std::size_t> countries_b;
  double tone_a = 0;
  double tone_b = 0;
  std::size_t located_a = 0;
  std::size_t located_b = 0;
  for (const Event& e : generated) {
    const auto it = goldstein.find(std::string(e.event_code.view()));
    ASSERT_NE(it, goldstein.end());
    EXPECT_TRUE(it->second.count(e.goldstein)) << e.event_code.view() << " " << e.goldstein;
    EXPECT_LE(e.num_articles, e.num_mentions);
    EXPECT_LE(e.num_sources, e.num_articles);
    EXPECT_GE(e.num_sources, 1);
    EXPECT_LE(std::fabs(e.avg_tone), 100.0);
    // The actor code of a country actor starts with its country's CAMEO code, also when it was
    // swapped (codes of the registry's CAMEO column are the ISO codes for these countries).
    if (e.actor1_code.view().size() == 3 && !e.actor1_country.empty() &&
        e.actor1_country.view() != "ROU" && e.actor1_country.view() != "TLS") {
      EXPECT_EQ(e.actor1_code.view(), e.actor1_country.view());
    }
    countries_b[std::string(e.actor1_country.view())]++;
    tone_b += e.avg_tone;
    if (!e.action_country.empty() &&
        (e.action_country == e.actor1_country || e.action_country == e.actor2_country)) {
      ++located_b;
    }
  }
  for (const Event& e : source) {
    countries_a[std::string(e.actor1_country.view())]++;
    tone_a += e.avg_tone;
    if (!e.action_country.empty() &&
        (e.action_country == e.actor1_country || e.action_country == e.actor2_country)) {
      ++located_a;
    }
  }
  const auto na = static_cast<double>(source.size());
  const auto nb = static_cast<double>(generated.size());
  // Mean tone: noise has mean 0 (sd of the mean of 200,000 tones is about 0.01).
  EXPECT_NEAR(tone_a / na, tone_b / nb, 0.1);
  // Places stay in the actors' countries as often as in the samples (blocks moved with them).
  EXPECT_NEAR(static_cast<double>(located_a) / na, static_cast<double>(located_b) / nb, 0.02);
  EXPECT_GT(static_cast<double>(located_a) / na, 0.4);
  // Actor countries: swaps draw from the observed distribution, so the leading shares stay.
  for (const char* code : {"USA", "GBR", "", "IND"}) {
    const double sa = static_cast<double>(countries_a[code]) / na;
    const double sb = static_cast<double>(countries_b[code]) / nb;
    EXPECT_NEAR(sa, sb, 0.15 * sa + 0.003) << "'" << code << "'";
  }
  // Swapping gives country pairs the samples do not have.
  std::set<std::pair<std::string, std::string>> dyads_a;
  std::set<std::pair<std::string, std::string>> dyads_b;
  for (const Event& e : source) {
    dyads_a.emplace(e.actor1_country.view(), e.actor2_country.view());
  }
  for (const Event& e : generated) {
    dyads_b.emplace(e.actor1_country.view(), e.actor2_country.view());
  }
  EXPECT_GT(dyads_b.size(), 3 * dyads_a.size());
}

TEST(GdeltGenerate, InjectedShiftShowsInTheMonthlyMeanTone) {
  SOFTPOWER_REQUIRE_DATA(data);
  ScratchDir dir;
  tools::GdeltGenerateOptions o = base_options(data);
  o.rows = 300000;
  o.from = 20180101;
  o.to = 20181231;
  o.shifts = {tools::parse_gdelt_shift("USA:20180701:-3")};
  const fs::path file = dir.path() / "gen.CSV";
  tools::generate_gdelt(file, o);
  const auto events = read_all(file, nullptr);
  // Monthly mean tone of events with the USA as an actor, and of those with Great Britain but
  // not the USA (no shift).
  std::map<int, std::pair<double, std::size_t>> usa;
  std::map<int, std::pair<double, std::size_t>> gbr;
  for (const Event& e : events) {
    const bool is_usa = e.actor1_country.view() == "USA" || e.actor2_country.view() == "USA";
    const bool is_gbr = e.actor1_country.view() == "GBR" || e.actor2_country.view() == "GBR";
    if (is_usa) {
      usa[e.month()].first += e.avg_tone;
      usa[e.month()].second++;
    } else if (is_gbr) {
      gbr[e.month()].first += e.avg_tone;
      gbr[e.month()].second++;
    }
  }
  auto mean = [](const std::map<int, std::pair<double, std::size_t>>& m, int first, int last) {
    double sum = 0;
    std::size_t n = 0;
    for (int month = first; month <= last; ++month) {
      sum += m.at(month).first;
      n += m.at(month).second;
    }
    return sum / static_cast<double>(n);
  };
  ASSERT_EQ(usa.size(), 12U);
  const double before = mean(usa, 1, 6);
  const double after = mean(usa, 7, 12);
  EXPECT_NEAR(after - before, -3.0, 0.3);
  // Every month after is below every month before (the monthly means have sd ~0.1).
  for (int m = 1; m <= 6; ++m) {
    for (int k = 7; k <= 12; ++k) {
      EXPECT_LT(usa[k].first / static_cast<double>(usa[k].second) + 2.0,
                usa[m].first / static_cast<double>(usa[m].second));
    }
  }
  EXPECT_NEAR(mean(gbr, 7, 12) - mean(gbr, 1, 6), 0.0, 0.4);
}

TEST(GdeltGenerate, ShiftsAndBadOptions) {
  const tools::GdeltShift s = tools::parse_gdelt_shift("chn:20190301:1.25");
  EXPECT_EQ(s.country, "CHN");
  EXPECT_EQ(s.from_date, 20190301);
  EXPECT_DOUBLE_EQ(s.tone, 1.25);
  EXPECT_THROW(tools::parse_gdelt_shift("CHN:20190230:1"), Error);  // no such day
  EXPECT_THROW(tools::parse_gdelt_shift("CHINA:20190301:1"), Error);
  EXPECT_THROW(tools::parse_gdelt_shift("CHN:20190301"), Error);

  ScratchDir dir;
  tools::GdeltGenerateOptions o;
  o.rows = 10;
  o.from = 20190101;
  o.to = 20181231;
  o.samples = {dir.path() / "missing.CSV"};
  try {
    tools::generate_gdelt(dir.path() / "x.CSV", o);
    FAIL() << "a range that ends before it starts is an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().field, "to");
  }
  o.to = 20191231;
  try {
    tools::generate_gdelt(dir.path() / "x.CSV", o);
    FAIL() << "a missing sample is an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.CSV"), std::string::npos) << e.what();
  }
  {
    std::ofstream bad(dir.path() / "bad.CSV");
    bad << "1\t2\t3\n";
  }
  o.samples = {dir.path() / "bad.CSV"};
  EXPECT_THROW(tools::generate_gdelt(dir.path() / "x.CSV", o), Error);
  EXPECT_FALSE(fs::exists(dir.path() / "x.CSV"));
}

// The samples were read whole with no bound: a sample file of any size went into memory.
TEST(GdeltGenerate, SamplesAreBoundedByTheLimitOfAFileReadWhole) {
  SOFTPOWER_REQUIRE_DATA(data);
  std::string line;
  {
    std::ifstream in(data / "gdelt" / "events" / "20190121220000.export.CSV", std::ios::binary);
    std::getline(in, line);
  }
  ScratchDir dir;
  {
    std::ofstream big(dir.path() / "big.CSV", std::ios::binary);
    for (int k = 0; k < 8000; ++k) big << line << '\n';  // about 2 MB
  }
  tools::GdeltGenerateOptions o;
  o.rows = 10;
  o.samples = {dir.path() / "big.CSV"};
  const testing::MemoryLimit limit("32MB");  // files read whole up to 1 MB
  try {
    tools::generate_gdelt(dir.path() / "x.CSV", o);
    FAIL() << "read a sample over the limit";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("big.CSV: holds 2."), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("the most text a file read whole may hold"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(dir.path() / "x.CSV"));
}

}  // namespace
}  // namespace softpower::sources
