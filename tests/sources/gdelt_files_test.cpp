// The GDELT event reader on small made-up files: malformed lines counted with file, line and
// reason (or thrown in strict mode), the 57- and 58-column GDELT 1.0 layouts, quoted CSV with
// a header, line endings, and the same events from plain, .gz, .zip, folder, glob and master
// list inputs. The lines are real ones from the 2.0 exports where the data is needed.

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/sources/gdelt.hpp"
#include "softpower/sources/gdelt_input.hpp"
#include "support/scratch.hpp"

namespace softpower::sources {
namespace {

namespace fs = std::filesystem;

// Three lines of GDELT 2.0 (61 columns), made up in the shape of the exports.
std::string line61(const std::string& id, const std::string& date, const std::string& actor1,
                   const std::string& event_code, const std::string& tone,
                   const std::string& fips) {
  std::vector<std::string> f(61);
  f[0] = id;
  f[1] = date;
  f[2] = date.substr(0, 6);
  f[3] = date.substr(0, 4);
  f[4] = "2019.0";
  f[5] = actor1 + "GOV";
  f[6] = "GOVERNMENT";
  f[7] = actor1;
  f[15] = "FRA";
  f[16] = "FRANCE";
  f[17] = "FRA";
  f[25] = "1";
  f[26] = event_code;
  f[27] = event_code.substr(0, 3);
  f[28] = event_code.substr(0, 2);
  f[29] = "2";
  f[30] = "-2.5";
  f[31] = "10";
  f[32] = "2";
  f[33] = "10";
  f[34] = tone;
  f[35] = "1";
  f[36] = "Somewhere";
  f[37] = fips;
  f[39] = "ADM2";
  f[47] = "ADM2";
  f[51] = "1";
  f[52] = "Somewhere";
  f[53] = fips;
  f[55] = "ADM2";
  f[59] = "20191024143000";
  f[60] = "https://example.org/" + id;
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i) out += (i ? "\t" : "") + f[i];
  return out + "\n";
}

// The same line in GDELT 1.0's layout: no ADM2Code in the geography blocks (2.0 columns 39,
// 47 and 55), and no SOURCEURL when `columns` is 57.
std::string to_v1(const std::string& line61_text, std::size_t columns) {
  std::vector<std::string> f;
  std::stringstream in(line61_text.substr(0, line61_text.size() - 1));
  std::string cell;
  while (std::getline(in, cell, '\t')) f.push_back(cell);
  while (f.size() < 61) f.emplace_back();
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < 61; ++i) {
    if (i == 39 || i == 47 || i == 55) continue;
    if (columns == 57 && i == 60) continue;
    out += (n++ ? "\t" : "") + f[i];
  }
  return out + "\n";
}

class GdeltFiles : public ::testing::Test {
 protected:
  fs::path write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  fs::path write_gz(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    return path;
  }
  fs::path write_zip(const std::string& name, const std::string& member, const std::string& text) {
    fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    zip_source_t* source = zip_source_buffer(archive, text.data(), text.size(), 0);
    zip_file_add(archive, member.c_str(), source, ZIP_FL_OVERWRITE);
    zip_close(archive);  // reads the buffer now, while `text` lives
    return path;
  }

  std::vector<Event> read(const fs::path& file, GdeltReport* report = nullptr,
                          GdeltOptions options = {}) {
    const std::vector<fs::path> files = {file};
    return read_gdelt_events(files, report, options);
  }

  testing::ScratchDir scratch_{"softpower-gdelt"};
  fs::path dir_ = scratch_.path();
};

const std::string kGood = line61("100", "20191024", "USA", "0231", "-3.25", "UK") +
                          line61("101", "20191023", "EUR", "043", "1.5", "GG") +
                          line61("102", "20191022", "RUS", "190", "-7", "OS");

TEST_F(GdeltFiles, FieldsOfAMadeUpLine) {
  GdeltReport report;
  const auto events = read(write("a.export.CSV", kGood), &report);
  ASSERT_EQ(events.size(), 3U);
  EXPECT_EQ(report.files[0].format, GdeltFormat::v2_61);
  EXPECT_EQ(events[0].id, 100U);
  EXPECT_EQ(events[0].event_code.view(), "0231");
  EXPECT_EQ(events[0].root_code, 2);
  EXPECT_EQ(events[0].actor1_country.view(), "USA");
  EXPECT_EQ(events[0].actor1_code.view(), "USAGOV");
  EXPECT_EQ(events[0].actor2_country.view(), "FRA");
  EXPECT_EQ(events[0].action_country.view(), "GBR");
  EXPECT_EQ(events[0].quad_class, QuadClass::material_cooperation);
  EXPECT_DOUBLE_EQ(events[0].goldstein, -2.5);
  EXPECT_DOUBLE_EQ(events[0].avg_tone, -3.25);
  EXPECT_EQ(events[0].url_hash, event_url_hash("https://example.org/100"));
  EXPECT_TRUE(events[1].actor1_country.empty());
  EXPECT_EQ(events[1].action_country.view(), "GEO");
  EXPECT_EQ(events[2].root_code, 19);
  EXPECT_TRUE(events[2].action_country.empty());
  EXPECT_EQ(report.actor_regions.at("EUR"), 1U);
  EXPECT_EQ(report.geo_not_country.at("OS"), 1U);
}

TEST_F(GdeltFiles, Gdelt1LayoutsGiveTheSameEvents) {
  const auto v2 = read(write("v2.CSV", kGood));
  std::string text57;
  std::string text58;
  std::stringstream lines(kGood);
  for (std::string line; std::getline(lines, line);) {
    text57 += to_v1(line + "\n", 57);
    text58 += to_v1(line + "\n", 58);
  }
  GdeltReport r57;
  GdeltReport r58;
  const auto v57 = read(write("v57.CSV", text57), &r57);
  const auto v58 = read(write("v58.CSV", text58), &r58);
  EXPECT_EQ(r57.files[0].format, GdeltFormat::v1_57);
  EXPECT_EQ(r58.files[0].format, GdeltFormat::v1_58);
  ASSERT_EQ(v57.size(), 3U);
  ASSERT_EQ(v58.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(v58[i].action_country, v2[i].action_country);
    EXPECT_EQ(v58[i].url_hash, v2[i].url_hash);
    EXPECT_EQ(v58[i].date_added, v2[i].date_added);
    EXPECT_EQ(v57[i].action_country, v2[i].action_country);
    EXPECT_EQ(v57[i].url_hash, 0U);  // 57 columns: no SOURCEURL
    EXPECT_EQ(v57[i].event_code, v2[i].event_code);
    EXPECT_DOUBLE_EQ(v57[i].avg_tone, v2[i].avg_tone);
  }
}

TEST_F(GdeltFiles, MalformedLinesAreCountedWithFileLineAndReason) {
  std::string text = kGood;
  text += "just\ta\tfew\tcolumns\n";                              // line 4
  text += line61("103", "2019AB24", "USA", "043", "1", "US");     // line 5
  text += "\n";                                                   // line 6: blank
  text += line61("104", "20191024", "USA", "043", "lots", "US");  // line 7
  text += line61("105", "20190231", "USA", "043", "1", "US");     // line 8: 31 February
  text += line61("106", "20191024", "USA", "43a", "1", "US");     // line 9
  text += line61("107", "20191024", "USA", "043", "1", "US");     // line 10: good
  const auto path = write("bad.export.CSV", text);
  GdeltReport report;
  const auto events = read(path, &report);
  EXPECT_EQ(events.size(), 4U);
  EXPECT_EQ(report.events, 4U);
  EXPECT_EQ(report.malformed, 5U);
  EXPECT_EQ(report.files[0].records, 9U);  // the blank line is not a record
  ASSERT_EQ(report.examples.size(), 5U);
  EXPECT_EQ(report.examples[0].file, path.string());
  EXPECT_EQ(report.examples[0].line, 4U);
  EXPECT_EQ(report.examples[0].field, "");
  EXPECT_NE(report.examples[0].reason.find("4 columns"), std::string::npos);
  EXPECT_EQ(report.examples[1].line, 5U);
  EXPECT_EQ(report.examples[1].field, "SQLDATE");
  EXPECT_EQ(report.examples[2].line, 7U);
  EXPECT_EQ(report.examples[2].field, "AvgTone");
  EXPECT_NE(report.examples[2].reason.find("'lots'"), std::string::npos);
  EXPECT_EQ(report.examples[3].line, 8U);
  EXPECT_EQ(report.examples[3].field, "SQLDATE");
  EXPECT_EQ(report.examples[4].line, 9U);
  EXPECT_EQ(report.examples[4].field, "EventCode");
  EXPECT_EQ(events.back().id, 107U);

  GdeltOptions few;
  few.max_examples = 2;
  GdeltReport limited;
  read(path, &limited, few);
  EXPECT_EQ(limited.malformed, 5U);
  ASSERT_EQ(limited.examples.size(), 2U);
  EXPECT_EQ(limited.examples[1].line, 5U);
}

TEST_F(GdeltFiles, StrictModeThrowsAtFileLineAndField) {
  const auto path =
      write("bad.export.CSV", kGood + line61("104", "20191024", "USA", "043", "lots", "US"));
  GdeltOptions strict;
  strict.strict = true;
  try {
    read(path, nullptr, strict);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, path.string());
    EXPECT_EQ(e.where().line, 4U);
    EXPECT_EQ(e.where().field, "AvgTone");
    EXPECT_NE(std::string(e.what()).find("not a tone"), std::string::npos) << e.what();
  }
  // A file whose columns change half way: 61, then 58.
  const auto mixed = write("mixed.CSV", kGood + to_v1(kGood.substr(0, kGood.find('\n') + 1), 58));
  GdeltReport report;
  EXPECT_EQ(read(mixed, &report).size(), 3U);
  EXPECT_EQ(report.malformed, 1U);
  EXPECT_NE(report.examples[0].reason.find("58 columns where this file has 61"), std::string::npos)
      << report.examples[0].reason;
  EXPECT_THROW(read(mixed, nullptr, strict), Error);
}

// A line with column k set to `value`.
std::string with_column(const std::string& line, std::size_t k, const std::string& value) {
  std::vector<std::string> f;
  std::stringstream in(line.substr(0, line.size() - 1));
  std::string cell;
  while (std::getline(in, cell, '\t')) f.push_back(cell);
  while (f.size() < 61) f.emplace_back();
  f[k] = value;
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i) out += (i ? "\t" : "") + f[i];
  return out + "\n";
}

TEST_F(GdeltFiles, ColumnsLeftOutAreNeitherReadNorChecked) {
  const std::string base = line61("108", "20191021", "USA", "043", "2.5", "UK");
  std::string text = kGood;
  text += with_column(base, 32, "two");        // line 4: NumSources
  text += with_column(base, 59, "soon");       // line 5: DATEADDED
  text += with_column(base, 0, "id-109");      // line 6: GLOBALEVENTID
  text += with_column(base, 53, "Somewhere");  // line 7: a FIPS code no registry knows
  text += with_column(base, 34, "lots");       // line 8: AvgTone
  text += "just\ta\tfew\tcolumns\n";           // line 9
  text += with_column(base, 5, "USAGOVERNMENTMINISTRYOFTHINGS");  // line 10: a long actor code
  const auto path = write("columns.export.CSV", text);

  GdeltReport all;
  const auto every = read(path, &all);
  EXPECT_EQ(all.malformed, 5U);  // lines 4, 5, 6, 8, 9
  ASSERT_EQ(every.size(), 5U);   // lines 1-3, 7, 10
  EXPECT_EQ(all.geo_unknown.at("Somewhere"), 1U);
  EXPECT_EQ(all.actor_codes_cut, 1U);

  GdeltOptions some;
  some.columns = event_field_bit(EventField::date) | event_field_bit(EventField::actor1_country) |
                 event_field_bit(EventField::event_code) | event_field_bit(EventField::avg_tone);
  GdeltReport few;
  const auto read_some = read(path, &few, some);
  EXPECT_EQ(few.malformed, 2U);  // the tone and the number of columns are still checked
  ASSERT_EQ(few.examples.size(), 2U);
  EXPECT_EQ(few.examples[0].line, 8U);
  EXPECT_EQ(few.examples[0].field, "AvgTone");
  EXPECT_EQ(few.examples[1].line, 9U);
  ASSERT_EQ(read_some.size(), 8U);
  EXPECT_TRUE(few.geo_unknown.empty());
  EXPECT_EQ(few.actor_codes_cut, 0U);
  for (std::size_t i = 0; i < read_some.size(); ++i) {
    const Event& e = read_some[i];
    EXPECT_EQ(e.id, 0U) << i;  // not read: the default
    EXPECT_EQ(e.num_sources, 0) << i;
    EXPECT_EQ(e.date_added, 0) << i;
    EXPECT_TRUE(e.action_country.empty()) << i;
    EXPECT_TRUE(e.actor1_code.empty()) << i;
    EXPECT_TRUE(e.actor2_country.empty()) << i;  // FRA in every line, but not asked for
  }
  // The columns read are the same as when every column is read.
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(read_some[i].date, every[i].date) << i;
    EXPECT_EQ(read_some[i].actor1_country, every[i].actor1_country) << i;
    EXPECT_EQ(read_some[i].event_code, every[i].event_code) << i;
    EXPECT_EQ(read_some[i].avg_tone, every[i].avg_tone) << i;
  }
  EXPECT_EQ(read_some[3].date, 20191021);
  EXPECT_EQ(read_some[3].actor1_country.view(), "USA");
  EXPECT_EQ(read_some[3].event_code.view(), "043");
  EXPECT_EQ(read_some[3].avg_tone, 2.5);

  // Strict reading checks every column, whatever was asked for.
  some.strict = true;
  try {
    read(path, nullptr, some);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 4U);
    EXPECT_EQ(e.where().field, "NumSources");
  }
}

TEST_F(GdeltFiles, IsRootEventIsZeroOneOrEmpty) {
  const std::string base = line61("110", "20191021", "USA", "043", "2.5", "UK");
  std::string text;
  for (const char* flag : {"1", "0", "", "10", "x", "01", "2"}) text += with_column(base, 25, flag);
  const auto path = write("root.export.CSV", text);
  for (const bool all_columns : {true, false}) {
    GdeltOptions options;
    if (!all_columns) options.columns = event_field_bit(EventField::is_root);
    GdeltReport report;
    const auto events = read(path, &report, options);
    ASSERT_EQ(events.size(), 3U);
    EXPECT_TRUE(events[0].is_root);
    EXPECT_FALSE(events[1].is_root);
    EXPECT_FALSE(events[2].is_root);
    ASSERT_EQ(report.malformed, 4U);
    for (std::size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(report.examples[i].line, i + 4);
      EXPECT_EQ(report.examples[i].field, "IsRootEvent");
      EXPECT_NE(report.examples[i].reason.find("0 or 1"), std::string::npos);
    }
  }
}

TEST_F(GdeltFiles, LineEndingsAndBlockBoundaries) {
  std::string crlf;
  std::stringstream lines(kGood);
  for (std::string line; std::getline(lines, line);) crlf += line + "\r\n";
  std::string no_final_newline = kGood.substr(0, kGood.size() - 1);
  const auto reference = read(write("lf.CSV", kGood));
  GdeltOptions tiny;
  tiny.block_size = 64;  // smaller than one line: the buffer grows
  for (const auto& text : {crlf, no_final_newline, "\xEF\xBB\xBF" + kGood}) {
    for (const GdeltOptions& options : {GdeltOptions{}, tiny}) {
      GdeltReport report;
      const auto events = read(write("x.CSV", text), &report, options);
      ASSERT_EQ(events.size(), 3U);
      EXPECT_EQ(report.malformed, 0U);
      for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(events[i].id, reference[i].id);
        EXPECT_EQ(events[i].url_hash, reference[i].url_hash);  // no '\r' in the URL
        EXPECT_EQ(events[i].action_country, reference[i].action_country);
      }
    }
  }
}

TEST_F(GdeltFiles, QuotedCsvWithHeaderRowNamesAndNA) {
  // R write.csv of GDELT 1.0 columns: quoted strings, NA, a comma and a doubled quote inside
  // quotes, a line break inside a quoted name, and row names (one field more than the header).
  std::string header =
      "\"GLOBALEVENTID\",\"SQLDATE\",\"Actor1Code\",\"Actor1Name\",\"Actor1CountryCode\","
      "\"Actor2Code\",\"Actor2CountryCode\",\"IsRootEvent\",\"EventCode\",\"EventRootCode\","
      "\"QuadClass\",\"GoldsteinScale\",\"NumMentions\",\"NumSources\",\"NumArticles\","
      "\"AvgTone\",\"ActionGeo_FullName\",\"ActionGeo_CountryCode\",\"DATEADDED\","
      "\"SOURCEURL\"\n";
  std::string text = header +
                     "\"1\",5,20120401,\"USA\",\"UNITED \"\"STATES\"\"\",\"USA\",NA,NA,1,"
                     "\"040\",\"04\",1,NA,2,1,2,3.25,\"Tbilisi, Georgia\",\"GG\",20130203,"
                     "\"http://x.org/a,b\"\n"
                     "\"2\",6,20120402,\"GEO\",\"GEOR\nGIA\",\"GEO\",\"RUS\",\"RUS\",0,\"0211\","
                     "\"02\",1,3.4,1e+05,1,2,-1.5,\"Georgia\",\"GG\",20130203,\"\"\n"
                     "\"3\",7,20120403,NA,NA,NA,NA,NA,0,\"0211\",\"02\",1,3.4,1,1,2,-1.5\n";
  GdeltReport report;
  const auto events = read(write("r.csv", text), &report);
  EXPECT_EQ(report.files[0].format, GdeltFormat::header_csv);
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[0].id, 5U);
  EXPECT_EQ(events[0].actor1_country.view(), "USA");
  EXPECT_TRUE(events[0].actor2_code.empty());
  EXPECT_TRUE(std::isnan(events[0].goldstein));  // NA
  EXPECT_EQ(events[0].event_code.view(), "040");
  EXPECT_EQ(events[0].action_country.view(), "GEO");
  EXPECT_EQ(events[0].url_hash, event_url_hash("http://x.org/a,b"));
  EXPECT_EQ(events[1].id, 6U);
  EXPECT_EQ(events[1].actor2_country.view(), "RUS");
  EXPECT_EQ(events[1].num_mentions, 100000);  // R wrote 1e+05
  EXPECT_EQ(events[1].event_code.view(), "0211");
  // The third record starts on line 5 (the second spans lines 3 and 4) and is short.
  ASSERT_EQ(report.examples.size(), 1U);
  EXPECT_EQ(report.examples[0].line, 5U);
  EXPECT_NE(report.examples[0].reason.find("17 columns where the header has 20 and row names"),
            std::string::npos)
      << report.examples[0].reason;

  // A header without a needed column is an error for the whole file.
  EXPECT_THROW(read(write("h.csv", "\"GLOBALEVENTID\",\"SQLDATE\"\n1,20120101\n")), Error);
}

TEST_F(GdeltFiles, EveryKindOfInputGivesTheSameEvents) {
  const std::string a = kGood;
  const std::string b = line61("200", "20191021", "CHN", "112", "-4", "CH");
  write("plain/20191024143000.export.CSV", a);
  write("plain/20191024144500.export.CSV", b);
  write("plain/notes.md", "not GDELT");
  write_gz("gz/20191024143000.export.CSV.gz", a);
  write_gz("gz/20191024144500.export.CSV.gz", b);
  write_zip("zip/20191024143000.export.CSV.zip", "20191024143000.export.CSV", a);
  write_zip("zip/20191024144500.export.CSV.zip", "20191024144500.export.CSV", b);
  const std::string list =
      "150383 297a16b493de7cf6ca809a7cc31d0b93 "
      "http://data.gdeltproject.org/gdeltv2/20191024143000.export.CSV.zip\n"
      "318084 bb27f78ba45f69a17ea6ed7755e9f8ff "
      "http://data.gdeltproject.org/gdeltv2/20191024143000.mentions.CSV.zip\n"
      "150383 297a16b493de7cf6ca809a7cc31d0b93 "
      "http://data.gdeltproject.org/gdeltv2/20191024144500.export.CSV.zip\n"
      "150383 297a16b493de7cf6ca809a7cc31d0b93 "
      "http://data.gdeltproject.org/gdeltv2/20191024150000.export.CSV.zip\n";
  write("zip/masterfilelist.txt", list);
  write("elsewhere/masterfilelist.txt", list);

  const auto reference = read_gdelt_events(resolve_gdelt_inputs((dir_ / "plain").string()).files);
  ASSERT_EQ(reference.size(), 4U);
  EXPECT_EQ(reference[3].id, 200U);
  EXPECT_EQ(reference[3].action_country.view(), "CHN");

  const std::vector<std::string> inputs = {
      (dir_ / "gz").string(), (dir_ / "zip").string(), (dir_ / "gz" / "2019*.gz").string(),
      (dir_ / "zip" / "20191024????00.export.CSV.zip").string(),
      (dir_ / "zip" / "masterfilelist.txt").string()};
  for (const auto& input : inputs) {
    const GdeltInputs resolved = resolve_gdelt_inputs(input);
    ASSERT_EQ(resolved.files.size(), 2U) << input;
    const auto events = read_gdelt_events(resolved.files);
    ASSERT_EQ(events.size(), reference.size()) << input;
    for (std::size_t i = 0; i < events.size(); ++i) {
      EXPECT_EQ(events[i].id, reference[i].id) << input;
      EXPECT_EQ(events[i].url_hash, reference[i].url_hash) << input;
      EXPECT_EQ(events[i].event_code, reference[i].event_code) << input;
      EXPECT_EQ(events[i].actor1_country, reference[i].actor1_country) << input;
    }
  }
  // The master list: mentions files are left out; a listed export not downloaded is missing.
  const auto listed = resolve_gdelt_inputs((dir_ / "zip" / "masterfilelist.txt").string());
  EXPECT_TRUE(listed.master_list);
  EXPECT_EQ(listed.missing, std::vector<std::string>{"20191024150000.export.CSV.zip"});
  // The same list read against another cache folder, holding the files unpacked and gzipped.
  const auto cached =
      resolve_gdelt_inputs((dir_ / "elsewhere" / "masterfilelist.txt").string(), dir_ / "gz");
  ASSERT_EQ(cached.files.size(), 2U);
  EXPECT_EQ(cached.files[0].filename(), "20191024143000.export.CSV.gz");
  // A folder keeps event files only; a glob that finds nothing is an error.
  EXPECT_EQ(resolve_gdelt_inputs((dir_ / "plain").string()).files.size(), 2U);
  EXPECT_THROW(resolve_gdelt_inputs((dir_ / "gz" / "1999*").string()), Error);
  EXPECT_THROW(resolve_gdelt_inputs((dir_ / "nothing-here").string()), Error);
}

TEST_F(GdeltFiles, ProgressCountsBytesOnDiskAndCancels) {
  const std::vector<fs::path> files = {write("a.CSV", kGood), write_gz("b.CSV.gz", kGood)};
  const std::size_t on_disk = fs::file_size(files[0]) + fs::file_size(files[1]);
  Progress progress;
  GdeltOptions options;
  options.progress = &progress;
  EXPECT_EQ(read_gdelt_events(files, nullptr, options).size(), 6U);
  EXPECT_EQ(progress.total(), on_disk);
  EXPECT_EQ(progress.done(), on_disk);
  // Within a file, progress moves block by block.
  struct Counting : Progress {
    std::size_t calls = 0;
    void advance(std::size_t steps) override {
      ++calls;
      Progress::advance(steps);
    }
  } counting;
  options.progress = &counting;
  options.block_size = 100;
  options.threads = 1;
  const std::vector<fs::path> plain = {files[0]};
  read_gdelt_events(plain, nullptr, options);
  EXPECT_EQ(counting.done(), fs::file_size(files[0]));
  EXPECT_GE(counting.calls, 3U);
  Progress cancelled;
  cancelled.cancel();
  options.progress = &cancelled;
  EXPECT_THROW(read_gdelt_events(files, nullptr, options), Error);
}

TEST_F(GdeltFiles, ZipMembersLongCodesAndBrokenFiles) {
  // A zip with two members: each is read as its own stream, in archive order, and messages
  // name the member.
  const fs::path zip = dir_ / "two.zip";
  {
    int error = 0;
    zip_t* archive = zip_open(zip.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    const std::string bad = kGood + "1\t2\n";
    zip_file_add(archive, "a.export.CSV", zip_source_buffer(archive, kGood.data(), kGood.size(), 0),
                 ZIP_FL_OVERWRITE);
    zip_file_add(archive, "b.export.CSV", zip_source_buffer(archive, bad.data(), bad.size(), 0),
                 ZIP_FL_OVERWRITE);
    zip_close(archive);
  }
  GdeltReport report;
  EXPECT_EQ(read(zip, &report).size(), 6U);
  ASSERT_EQ(report.examples.size(), 1U);
  EXPECT_EQ(report.examples[0].file, zip.string() + ":b.export.CSV");
  EXPECT_EQ(report.examples[0].line, 4U);

  // An actor code longer than 23 characters is kept cut and counted.
  std::string long_code = line61("300", "20191024", "USA", "043", "1", "US");
  long_code.replace(long_code.find("USAGOV"), 6, "USAGOVMILREBOPPCVLBUSEDUMED");
  GdeltReport cut;
  const auto events = read(write("long.CSV", long_code), &cut);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].actor1_code.view(), "USAGOVMILREBOPPCVLBUSED");
  EXPECT_EQ(cut.actor_codes_cut, 1U);

  // A gzip file cut short, and a file that is not a zip, are errors naming the file.
  const fs::path gz = write_gz("whole.CSV.gz", kGood + kGood + kGood);
  std::ifstream in(gz, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const fs::path truncated = write("cut.CSV.gz", bytes.substr(0, bytes.size() / 2));
  try {
    read(truncated);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, truncated.string()) << e.what();
  }
  EXPECT_THROW(read(write("not.zip", kGood)), Error);
  EXPECT_THROW(read(dir_ / "absent.CSV"), Error);
  // A master list with a line that is not one names the line.
  const fs::path list = write("masterfilelist.txt",
                              "1 abc http://data.gdeltproject.org/gdeltv2/1.export.CSV.zip\n"
                              "garbage here\n");
  try {
    resolve_gdelt_inputs(list.string());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 2U) << e.what();
  }
}

TEST(GdeltInputNames, GlobAndEventFileNames) {
  EXPECT_TRUE(glob_match("*.export.CSV.zip", "20191024143000.export.CSV.zip"));
  EXPECT_TRUE(glob_match("2019????143000*", "20191024143000.export.CSV"));
  EXPECT_FALSE(glob_match("2019*.zip", "20191024143000.export.CSV"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_FALSE(glob_match("?", ""));
  EXPECT_TRUE(is_gdelt_event_file_name("20191024143000.export.CSV"));
  EXPECT_TRUE(is_gdelt_event_file_name("june2011.csv.gz"));
  EXPECT_TRUE(is_gdelt_event_file_name("20130401.export.CSV.zip"));
  EXPECT_TRUE(is_gdelt_event_file_name("200601.zip"));
  EXPECT_FALSE(is_gdelt_event_file_name("masterfilelist.txt"));
  EXPECT_FALSE(is_gdelt_event_file_name("notes.md"));
  EXPECT_FALSE(is_gdelt_event_file_name(".hidden.csv"));
}

// The stretch of time a file holds, from its name: GDELT 2.0's quarter hours, 1.0's days, and
// its back files' months and years (February of a leap year has 29 days).
TEST(GdeltInputNames, TimeAFileHolds) {
  const auto minutes = [](std::string_view name) {
    const auto t = gdelt_file_time(name);
    return t ? std::pair<int, std::int64_t>{t->year, t->minutes} : std::pair<int, std::int64_t>{};
  };
  EXPECT_EQ(minutes("20191024143000.export.CSV"), (std::pair<int, std::int64_t>{2019, 15}));
  EXPECT_EQ(minutes("20130401.export.CSV.zip"), (std::pair<int, std::int64_t>{2013, 1440}));
  EXPECT_EQ(minutes("200802.zip"), (std::pair<int, std::int64_t>{2008, 29 * 1440}));
  EXPECT_EQ(minutes("200902.zip"), (std::pair<int, std::int64_t>{2009, 28 * 1440}));
  EXPECT_EQ(minutes("2005.zip"), (std::pair<int, std::int64_t>{2005, 365 * 1440}));
  EXPECT_EQ(minutes_in_year(2000), 366 * 1440);
  EXPECT_EQ(minutes_in_year(1900), 365 * 1440);
  EXPECT_FALSE(gdelt_file_time("june2011.csv.gz"));
  EXPECT_FALSE(gdelt_file_time("201913.zip"));
  EXPECT_FALSE(gdelt_file_time("2019012.zip"));
  EXPECT_FALSE(gdelt_file_time("20190121x.csv"));
}

TEST(GdeltEvents, UrlHashAndDates) {
  EXPECT_EQ(event_url_hash(""), 0U);
  // FNV-1a 64 of "a" (the published test vector): af63dc4c8601ec8c.
  EXPECT_EQ(event_url_hash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_NE(event_url_hash("http://x.org/1"), event_url_hash("http://x.org/2"));
  EXPECT_TRUE(valid_event_date(20120229));
  EXPECT_FALSE(valid_event_date(20130229));
  EXPECT_TRUE(valid_event_date(20000229));
  EXPECT_FALSE(valid_event_date(19000229));
  EXPECT_FALSE(valid_event_date(20121301));
  EXPECT_FALSE(valid_event_date(20121200));
  EXPECT_TRUE(is_cameo_region("EUR"));
  EXPECT_FALSE(is_cameo_region("USA"));
}

}  // namespace
}  // namespace softpower::sources
