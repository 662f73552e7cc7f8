// The GDELT event reader on the real files in ../shared/data/gdelt: row counts, fields of
// named lines, leading zeros of CAMEO codes, CAMEO and FIPS country codes mapped to the
// registry, the R-rewritten GDELT 1.0 files (header, quotes, NA, row names), and the same
// events whatever the thread count and batch size.
//
// Row counts were taken with
//   for f in ../shared/data/gdelt/events/*.CSV; do awk -F'\t' 'NF==61' $f | wc -l; done
//     -> 2116 1540 1629 2111 (every line has 61 columns: awk -F'\t' '{print NF}' | sort -u)
//   for f in ../shared/data/gdelt/undp-georgia-gdelt1/*.gz; do zcat $f | tail -n +2 | wc -l; done
//     -> 105,444 in total (no line breaks inside quotes: Python's csv module counts the same)
// and the lines below were found with grep/awk on the files (line numbers are 1-based).

#include "softpower/sources/gdelt.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/sources/gdelt_input.hpp"
#include "support/data.hpp"
#include "support/scratch.hpp"

namespace softpower::sources {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kExports = {"20151027220000.export.CSV", "20180326044500.export.CSV",
                                           "20190121220000.export.CSV",
                                           "20191024143000.export.CSV"};

std::vector<fs::path> export_files(const fs::path& data) {
  std::vector<fs::path> files;
  files.reserve(kExports.size());
  for (const auto& name : kExports) files.push_back(data / "gdelt/events" / name);
  return files;
}

// Events of one file, in line order (the four exports have no header and no bad line, so
// event i is line i + 1).
std::vector<Event> read_one(const fs::path& file, GdeltReport* report = nullptr) {
  const std::vector<fs::path> files = {file};
  return read_gdelt_events(files, report);
}

TEST(GdeltRealData, RowCountsOfTheFourExports) {
  SOFTPOWER_REQUIRE_DATA(data);
  GdeltReport report;
  const auto events = read_gdelt_events(export_files(data), &report);
  ASSERT_EQ(report.files.size(), 4U);
  const std::size_t expected[] = {2116, 1540, 1629, 2111};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(report.files[i].events, expected[i]) << kExports[i];
    EXPECT_EQ(report.files[i].records, expected[i]) << kExports[i];
    EXPECT_EQ(report.files[i].malformed, 0U) << kExports[i];
    EXPECT_EQ(report.files[i].format, GdeltFormat::v2_61) << kExports[i];
  }
  EXPECT_EQ(report.events, 7396U);
  EXPECT_EQ(events.size(), 7396U);
  EXPECT_EQ(report.malformed, 0U);
  // Bytes read = file sizes (ls -l: 843,446 + 613,671 + 658,880 + 855,412).
  EXPECT_EQ(report.bytes, 843446U + 613671U + 658880U + 855412U);
}

TEST(GdeltRealData, FieldsOfALineWithUnitedKingdomGeography) {
  SOFTPOWER_REQUIRE_DATA(data);
  // 20180326044500.export.CSV line 5:
  // 741917026 20170326 ... GBR "UNITED KINGDOM" GBR ... GOV PRINCE ... 0 043 043 04 1 2.8 2 1 2
  // 3.7037037037037 ... ActionGeo 1 "United Kingdom" UK ... 20180326044500 https://www.express...
  const auto events = read_one(data / "gdelt/events/20180326044500.export.CSV");
  ASSERT_GE(events.size(), 5U);
  const Event& e = events[4];
  EXPECT_EQ(e.id, 741917026U);
  EXPECT_EQ(e.date, 20170326);
  EXPECT_EQ(e.year(), 2017);
  EXPECT_EQ(e.year_month(), 201703);
  EXPECT_EQ(e.actor1_code.view(), "GBR");
  EXPECT_EQ(e.actor1_country.view(), "GBR");
  EXPECT_EQ(e.actor2_code.view(), "GOV");
  EXPECT_TRUE(e.actor2_country.empty());
  EXPECT_FALSE(e.is_root);
  EXPECT_EQ(e.event_code.view(), "043");
  EXPECT_EQ(e.root_code, 4);
  EXPECT_EQ(e.quad_class, QuadClass::verbal_cooperation);
  EXPECT_DOUBLE_EQ(e.goldstein, 2.8);
  EXPECT_EQ(e.num_mentions, 2);
  EXPECT_EQ(e.num_sources, 1);
  EXPECT_EQ(e.num_articles, 2);
  EXPECT_DOUBLE_EQ(e.avg_tone, 3.7037037037037);
  EXPECT_EQ(e.action_country.view(), "GBR");  // FIPS UK
  EXPECT_EQ(e.date_added, 20180326044500);
  EXPECT_EQ(e.url_hash,
            event_url_hash("https://www.express.co.uk/news/royal/936966/"
                           "Meghan-Markle-Prince-Harry-Royal-news-relationship-secret-latest"));
}

TEST(GdeltRealData, LeadingZerosAndCameoRegions) {
  SOFTPOWER_REQUIRE_DATA(data);
  // 20151027220000.export.CSV line 20: 479491258, Actor1Code IGOEUREEC with country EUR (a
  // CAMEO region), EventCode 0331, base 033, root 03, ActionGeo_CountryCode TZ.
  // Line 65: 479491303 with EventCode 0231.
  GdeltReport report;
  const auto events = read_one(data / "gdelt/events/20151027220000.export.CSV", &report);
  ASSERT_GE(events.size(), 65U);
  const Event& e = events[19];
  EXPECT_EQ(e.id, 479491258U);
  EXPECT_EQ(e.event_code.view(), "0331");
  EXPECT_EQ(e.root_code, 3);
  EXPECT_EQ(e.actor1_code.view(), "IGOEUREEC");
  EXPECT_TRUE(e.actor1_country.empty());  // EUR is Europe, not a country
  EXPECT_EQ(e.action_country.view(), "TZA");
  EXPECT_EQ(events[64].event_code.view(), "0231");
  // Every code keeps its width: 2,116 codes of 3 or 4 digits, none shortened to an integer.
  for (const Event& event : events) {
    EXPECT_GE(event.event_code.view().size(), 3U);
    EXPECT_EQ(event.event_code.view().front() == '0', event.root_code < 10) << event.id;
  }
}

TEST(GdeltRealData, CountryCodesAcrossTheFourExports) {
  SOFTPOWER_REQUIRE_DATA(data);
  GdeltReport report;
  const auto events = read_gdelt_events(export_files(data), &report);
  // CAMEO regions in Actor1CountryCode and Actor2CountryCode together, counted with
  // awk -F'\t' '{c[$8]++; c[$18]++}': AFR 119, EUR 78, SEA 10, NMR 9, SAF 4, PGS 1, WST 1.
  const std::map<std::string, std::size_t> regions = {
      {"AFR", 119}, {"EUR", 78}, {"NMR", 9}, {"PGS", 1}, {"SAF", 4}, {"SEA", 10}, {"WST", 1}};
  EXPECT_EQ(report.actor_regions, regions);
  EXPECT_TRUE(report.actor_unknown.empty());
  // FIPS OS (oceans) 4 times in ActionGeo_CountryCode; no other code left unmapped.
  EXPECT_EQ(report.geo_not_country, (std::map<std::string, std::size_t>{{"OS", 4}}));
  EXPECT_TRUE(report.geo_unknown.empty());
  EXPECT_EQ(report.actor_codes_cut, 0U);
  // 20180326044500.export.CSV line 1024: Actor2 USA, action in Georgia (FIPS GG), not in the
  // US state of Georgia where Actor1Geo is.
  const Event& georgia = events[2116 + 1023];
  EXPECT_EQ(georgia.id, 741918045U);
  EXPECT_EQ(georgia.actor2_country.view(), "USA");
  EXPECT_EQ(georgia.action_country.view(), "GEO");
  // 20191024143000.export.CSV line 12: 881990843, Actor2 USA, action in Tennessee (FIPS US).
  const Event& us = events[2116 + 1540 + 1629 + 11];
  EXPECT_EQ(us.id, 881990843U);
  EXPECT_EQ(us.actor2_country.view(), "USA");
  EXPECT_EQ(us.action_country.view(), "USA");
  EXPECT_EQ(us.event_code.view(), "017");
  // 176 events have no ActionGeo_CountryCode at all (awk '$54==""'); 4 have OS.
  const auto no_place = std::count_if(events.begin(), events.end(),
                                      [](const Event& ev) { return ev.action_country.empty(); });
  EXPECT_EQ(no_place, 176 + 4);
}

TEST(GdeltRealData, GeorgiaGdelt1FilesWithHeaderAndNA) {
  SOFTPOWER_REQUIRE_DATA(data);
  const auto inputs = resolve_gdelt_inputs((data / "gdelt/undp-georgia-gdelt1").string());
  ASSERT_EQ(inputs.files.size(), 23U);
  GdeltReport report;
  const auto events = read_gdelt_events(inputs.files, &report);
  EXPECT_EQ(report.events, 105444U);
  EXPECT_EQ(report.malformed, 0U);
  for (const auto& file : report.files) EXPECT_EQ(file.format, GdeltFormat::header_csv);
  // Every event is located in Georgia (ActionGeo_CountryCode GG).
  EXPECT_TRUE(std::all_of(events.begin(), events.end(),
                          [](const Event& e) { return e.action_country.view() == "GEO"; }));
  // Files in name order: apr2012 (5,865 rows), april13 (3,542), ...
  EXPECT_EQ(report.files[0].events, 5865U);
  EXPECT_EQ(report.files[1].events, 3542U);
  // apr2012.csv.gz line 2: 189358180,20120401,...,NA,"BGR","BULGARIAN","BGR",...,0,"040",
  // "040","04",1,1,2,1,2,3.2626427406199,... ,"GG",... 20130203,""
  const Event& first = events[0];
  EXPECT_EQ(first.id, 189358180U);
  EXPECT_EQ(first.date, 20120401);
  EXPECT_TRUE(first.actor1_code.empty());  // NA
  EXPECT_EQ(first.actor2_code.view(), "BGR");
  EXPECT_EQ(first.actor2_country.view(), "BGR");
  EXPECT_FALSE(first.is_root);
  EXPECT_EQ(first.event_code.view(), "040");
  EXPECT_EQ(first.root_code, 4);
  EXPECT_DOUBLE_EQ(first.goldstein, 1.0);
  EXPECT_EQ(first.num_mentions, 2);
  EXPECT_DOUBLE_EQ(first.avg_tone, 3.2626427406199);
  EXPECT_EQ(first.date_added, 20130203);
  EXPECT_EQ(first.url_hash, 0U);  // ""
  // april13.csv.gz has R row names (a first column the header does not name). Line 2:
  // "11783",253472894,20130401,...,"GOV","MINISTRY ",NA,...," ARM","ARMENIA","ARM",...,1,
  // "010","010","01",1,0,2,1,2,1.61290322580645,...,20130401,"http://armenpress.am/eng/news/713439/"
  const Event& row_named = events[5865];
  EXPECT_EQ(row_named.id, 253472894U);
  EXPECT_EQ(row_named.date, 20130401);
  EXPECT_EQ(row_named.actor1_code.view(), "GOV");
  EXPECT_TRUE(row_named.actor1_country.empty());
  EXPECT_EQ(row_named.actor2_code.view(), "ARM");  // written " ARM"
  EXPECT_EQ(row_named.actor2_country.view(), "ARM");
  EXPECT_TRUE(row_named.is_root);
  EXPECT_EQ(row_named.event_code.view(), "010");
  EXPECT_EQ(row_named.root_code, 1);
  EXPECT_DOUBLE_EQ(row_named.goldstein, 0.0);
  EXPECT_DOUBLE_EQ(row_named.avg_tone, 1.61290322580645);
  EXPECT_EQ(row_named.date_added, 20130401);
  EXPECT_EQ(row_named.url_hash, event_url_hash("http://armenpress.am/eng/news/713439/"));
}

TEST(GdeltRealData, June2011HasAMonthColumn) {
  SOFTPOWER_REQUIRE_DATA(data);
  // june2011.csv.gz: 59 columns (an extra "month"), 5,274 rows. Line 2:
  // 125489286,20110601,...,NA x10,"BUS","BUSINESS",NA,...,1,"042","042","04",1,1.9,9,1,9,
  // 11.0778443113772,...,"GG",...,20130203,"","06"
  GdeltReport report;
  const auto events = read_one(data / "gdelt/undp-georgia-gdelt1/june2011.csv.gz", &report);
  EXPECT_EQ(report.events, 5274U);
  EXPECT_EQ(report.malformed, 0U);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].id, 125489286U);
  EXPECT_EQ(events[0].event_code.view(), "042");
  EXPECT_DOUBLE_EQ(events[0].goldstein, 1.9);
  EXPECT_EQ(events[0].num_mentions, 9);
  EXPECT_EQ(events[0].num_articles, 9);
  EXPECT_DOUBLE_EQ(events[0].avg_tone, 11.0778443113772);
  EXPECT_EQ(events[0].actor2_code.view(), "BUS");
  EXPECT_TRUE(events[0].actor2_country.empty());
  EXPECT_TRUE(events[0].is_root);
}

bool same_event(const Event& a, const Event& b) {
  return a.id == b.id && a.url_hash == b.url_hash && a.date_added == b.date_added &&
         a.date == b.date && a.goldstein == b.goldstein && a.avg_tone == b.avg_tone &&
         a.num_mentions == b.num_mentions && a.num_sources == b.num_sources &&
         a.num_articles == b.num_articles && a.actor1_code == b.actor1_code &&
         a.actor2_code == b.actor2_code && a.actor1_country == b.actor1_country &&
         a.actor2_country == b.actor2_country && a.action_country == b.action_country &&
         a.event_code == b.event_code && a.root_code == b.root_code &&
         a.quad_class == b.quad_class && a.is_root == b.is_root;
}

TEST(GdeltRealData, SameEventsForAnyThreadCountBatchAndBlockSize) {
  SOFTPOWER_REQUIRE_DATA(data);
  std::vector<fs::path> files = export_files(data);
  const auto georgia = resolve_gdelt_inputs((data / "gdelt/undp-georgia-gdelt1").string());
  files.insert(files.end(), georgia.files.begin(), georgia.files.end());
  GdeltOptions one;
  one.threads = 1;
  const auto reference = read_gdelt_events(files, nullptr, one);
  ASSERT_EQ(reference.size(), 7396U + 105444U);
  for (const std::size_t threads : {2U, 3U}) {
    GdeltOptions options;
    options.threads = threads;
    options.batch_size = 97;
    options.block_size = 4096;  // records cross block boundaries all the time
    const auto events = read_gdelt_events(files, nullptr, options);
    ASSERT_EQ(events.size(), reference.size());
    EXPECT_TRUE(std::equal(events.begin(), events.end(), reference.begin(), same_event))
        << threads << " threads";
  }
}

TEST(GdeltRealData, InflatingAheadGivesTheSameEvents) {
  SOFTPOWER_REQUIRE_DATA(data);
  // One gzip file on two threads: it inflates on one thread while the other parses.
  const std::vector<fs::path> file = {data / "gdelt/undp-georgia-gdelt1/feb2012.csv.gz"};
  GdeltOptions one;
  one.threads = 1;
  const auto reference = read_gdelt_events(file, nullptr, one);
  ASSERT_EQ(reference.size(), 8484U);  // zcat feb2012.csv.gz | tail -n +2 | wc -l
  GdeltOptions two;
  two.threads = 2;
  two.block_size = 1000;
  GdeltReport report;
  const auto events = read_gdelt_events(file, &report, two);
  ASSERT_EQ(events.size(), reference.size());
  EXPECT_TRUE(std::equal(events.begin(), events.end(), reference.begin(), same_event));
  EXPECT_EQ(report.files[0].bytes, 2575957U);  // zcat feb2012.csv.gz | wc -c
}

TEST(GdeltRealData, BatchesAreBoundedAndInFileOrder) {
  SOFTPOWER_REQUIRE_DATA(data);
  const auto files = export_files(data);
  GdeltOptions options;
  options.batch_size = 500;
  options.threads = 2;
  std::vector<std::vector<std::uint64_t>> ids(files.size());
  std::vector<std::size_t> largest(files.size(), 0);
  read_gdelt(
      files,
      [&](std::size_t file, std::span<const Event> batch) {
        largest[file] = std::max(largest[file], batch.size());
        for (const Event& e : batch) ids[file].push_back(e.id);
      },
      options);
  for (std::size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(largest[i], 500U);
    // GLOBALEVENTIDs rise line by line in each export.
    EXPECT_TRUE(std::is_sorted(ids[i].begin(), ids[i].end())) << kExports[i];
  }
  EXPECT_EQ(ids[1].front(), 741917022U);  // 20180326044500.export.CSV line 1
}

// A big plain file read in parts on two threads gives what reading it whole gives: the same
// events (as a multiset), counts, malformed lines with their line numbers in the whole file,
// and country codes; cuts fall at line ends only.
TEST(GdeltRealData, PartsOfABigFileReadLikeTheWholeFile) {
  SOFTPOWER_REQUIRE_DATA(data);
  const testing::ScratchDir dir("softpower-gdelt-parts");
  const fs::path file = dir / "joined.export.CSV";
  {
    std::ofstream out(file, std::ios::binary);
    std::size_t k = 0;
    for (const fs::path& f : export_files(data)) {
      std::ifstream in(f, std::ios::binary);
      out << in.rdbuf();
      if (k++ == 1) out << "77\tbroken line\n";  // line 2116 + 1540 + 1 = 3657
    }
    out << "88\t20190101\n";  // the last line: 2116 + 1540 + 1 + 1629 + 2111 + 1 = 7398
  }
  auto read = [&](std::uint64_t split, std::size_t threads) {
    GdeltOptions o;
    o.split_bytes = split;
    o.threads = threads;
    o.batch_size = 333;
    std::mutex mutex;
    std::vector<std::uint64_t> ids;
    GdeltReport r = read_gdelt(
        std::vector<fs::path>{file},
        [&](std::size_t, std::span<const Event> batch) {
          const std::lock_guard<std::mutex> lock(mutex);
          for (const Event& e : batch) ids.push_back(e.id);
        },
        o);
    std::sort(ids.begin(), ids.end());
    return std::make_pair(std::move(r), std::move(ids));
  };
  const auto [whole, whole_ids] = read(0, 1);
  const auto [parts, part_ids] = read(100000, 2);  // about 30 parts
  EXPECT_EQ(whole.events, 7396U);
  EXPECT_EQ(parts.events, whole.events);
  EXPECT_EQ(part_ids, whole_ids);
  EXPECT_EQ(parts.malformed, 2U);
  ASSERT_EQ(parts.examples.size(), 2U);
  EXPECT_EQ(whole.examples[0].line, 3657U);
  EXPECT_EQ(whole.examples[1].line, 7398U);
  EXPECT_EQ(parts.examples[0].line, 3657U);
  EXPECT_EQ(parts.examples[1].line, 7398U);
  EXPECT_EQ(parts.files.size(), 1U);
  EXPECT_EQ(parts.bytes, whole.bytes);
  EXPECT_EQ(parts.files[0].records, whole.files[0].records);
  EXPECT_EQ(parts.files[0].format, GdeltFormat::v2_61);
  EXPECT_EQ(parts.actor_unknown, whole.actor_unknown);
  EXPECT_EQ(parts.geo_unknown, whole.geo_unknown);
  // Strict reading keeps the file whole, so its error names the line in the file.
  GdeltOptions strict;
  strict.split_bytes = 100000;
  strict.strict = true;
  try {
    read_gdelt(
        std::vector<fs::path>{file}, [](std::size_t, std::span<const Event>) {}, strict);
    ADD_FAILURE() << "strict reading accepted a broken line";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(":3657"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace softpower::sources
