#include "softpower/tools/gdelt_generate.hpp"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include "softpower/core/byte_stream.hpp"
#include "softpower/core/countries.hpp"
#include "softpower/core/dates.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/events.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/core/parallel.hpp"
#include "softpower/core/random.hpp"
#include "softpower/core/table.hpp"
#include "softpower/sources/gdelt.hpp"

namespace softpower::tools {

namespace fs = std::filesystem;

namespace {

// 0-based columns of a GDELT 2.0 export.
constexpr std::size_t kColumns = 61;
constexpr std::size_t kSqlDate = 1;
constexpr std::size_t kActor1Code = 5;
constexpr std::size_t kActor1Name = 6;
constexpr std::size_t kActor1Country = 7;
constexpr std::size_t kActor2Code = 15;
constexpr std::size_t kActor2Name = 16;
constexpr std::size_t kActor2Country = 17;
constexpr std::size_t kNumMentions = 31;
constexpr std::size_t kNumSources = 32;
constexpr std::size_t kNumArticles = 33;
constexpr std::size_t kAvgTone = 34;
constexpr std::array<std::size_t, 3> kGeoBlocks = {35, 43, 51};  // Type ... FeatureID, 8 wide
constexpr std::size_t kGeoCountryOffset = 2;
constexpr std::size_t kDateAdded = 59;
constexpr std::size_t kSourceUrl = 60;

constexpr std::int64_t kSlotsPerDay = 96;  // DATEADDED moves in 15-minute steps
constexpr std::uint64_t kChunkRows = 16384;

// Each line's numbers come from core's splitmix64 generator seeded by the seed and the line's
// number, so any line can be made alone, on any thread. The integer and normal draws below are
// this generator's own (a scaled uniform, an Irwin-Hall sum) and stay so: the files it writes
// are kept byte for byte; they are plain arithmetic, the same on every machine.
struct LineRandom {
  SplitMix64 bits;

  LineRandom(std::uint64_t seed, std::uint64_t line)
      : bits{seed * 0x9e3779b97f4a7c15ULL ^
             (line + 0x632be59bd9b4e019ULL) * 0xbf58476d1ce4e5b9ULL} {
    next();
  }
  std::uint64_t next() { return bits.next(); }
  /// Uniform in [0, 1) with 53 bits.
  double uniform() { return uniform_double(bits); }
  /// Uniform in [0, n).
  std::size_t below(std::size_t n) {
    return static_cast<std::size_t>(uniform() * static_cast<double>(n));
  }
  /// Approximately standard normal: the Irwin-Hall sum of four uniforms, centred and scaled
  /// to variance 1.
  double normal() {
    const double sum = uniform() + uniform() + uniform() + uniform();
    return (sum - 2.0) * 1.7320508075688772;
  }
};

bool parse_int(std::string_view text, std::int64_t& value) {
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

bool parse_double(std::string_view text, double& value) {
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return out;
}

void append_uint(std::string& out, std::uint64_t value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

// A number with exactly `digits` digits, zero-padded.
void append_padded(std::string& out, std::uint64_t value, int digits) {
  char buffer[20];
  for (int i = digits - 1; i >= 0; --i) {
    buffer[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buffer, static_cast<std::size_t>(digits));
}

}  // namespace

struct GdeltSampleSet::Data {
  struct Row {
    std::uint32_t line = 0;                           // offset of the line in text
    std::array<std::uint16_t, kColumns + 1> field{};  // field starts; field[61] = length + 1
    std::int32_t lag_days = 0;                        // DATEADDED's day minus SQLDATE
    std::int32_t mentions = 0;
    std::int32_t sources = 0;
    std::int32_t articles = 0;
    double tone = 0;
    std::int32_t country1 = -1;  // index in countries, -1 = not a known country
    std::int32_t country2 = -1;
    std::array<std::uint8_t, 3> geo_of{};  // 1: in actor 1's country, 2: actor 2's, 0: other
  };
  struct Country {
    std::string cameo;
    std::string fips;
    std::string name;                   // as a country actor is named
    std::vector<std::string_view> geo;  // whole 8-field geography blocks located there
    std::size_t weight = 0;             // actor fields that carry it
  };

  std::string text;
  std::vector<Row> rows;
  std::vector<Country> countries;
  std::vector<std::int32_t> pool;         // countries an actor may become
  std::vector<std::uint64_t> cumulative;  // their cumulative weights
  std::size_t skipped = 0;
  double mean_line = 0;

  std::string_view field(const Row& row, std::size_t i) const {
    return std::string_view(text).substr(row.line + row.field[i],
                                         row.field[i + 1] - row.field[i] - 1u);
  }
  // Fields [first, last] with the tabs between them.
  std::string_view span(const Row& row, std::size_t first, std::size_t last) const {
    return std::string_view(text).substr(row.line + row.field[first],
                                         row.field[last + 1] - row.field[first] - 1u);
  }
  std::int32_t draw_country(LineRandom& random) const {
    const std::uint64_t r = random.next() % cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), r);
    return pool[static_cast<std::size_t>(it - cumulative.begin())];
  }
};

GdeltSampleSet::GdeltSampleSet(const std::vector<fs::path>& files)
    : data_(std::make_unique<Data>()) {
  Data& d = *data_;
  if (files.empty()) throw Error("no GDELT sample files to generate from");
  std::vector<std::size_t> line_starts;
  // The samples are kept whole, so together they hold at most what a file read whole may.
  const SizeLimit limit = whole_text_limit();
  for (const fs::path& file : files) {
    std::string content = read_file(file);  // plain or gzip
    if (!content.empty() && content.back() != '\n') content.push_back('\n');
    d.text += content;
    if (d.text.size() > limit.bytes) {
      throw Error(Location{file.string()},
                  "the GDELT samples hold more text than " + describe(limit));
    }
  }
  const CountryRegistry& registry = CountryRegistry::world();
  std::unordered_map<std::string, std::int32_t> by_cameo;
  std::vector<std::map<std::string, std::size_t>> names;
  auto country_of = [&](std::string_view code) -> std::int32_t {
    if (code.size() != 3) return -1;
    const std::string key(code);
    if (const auto it = by_cameo.find(key); it != by_cameo.end()) return it->second;
    std::int32_t index = -1;
    const Country* c = registry.find(CodeSystem::cameo, code);
    if (c != nullptr && !c->fips.empty() && !sources::is_cameo_region(code)) {
      index = static_cast<std::int32_t>(d.countries.size());
      d.countries.push_back({key, c->fips, upper(c->name), {}, 0});
      names.emplace_back();
    }
    by_cameo.emplace(key, index);
    return index;
  };

  std::size_t pos = 0;
  double total_length = 0;
  while (pos < d.text.size()) {
    std::size_t end = d.text.find('\n', pos);
    const std::size_t line_end = end;
    Data::Row row;
    row.line = static_cast<std::uint32_t>(pos);
    bool ok = line_end - pos < 65000 && d.text.size() < (std::size_t{1} << 32);
    std::size_t count = 0;
    if (ok) {
      row.field[0] = 0;
      count = 1;
      for (std::size_t i = pos; i < line_end && count <= kColumns; ++i) {
        if (d.text[i] == '\t') {
          if (count < kColumns) row.field[count] = static_cast<std::uint16_t>(i - pos + 1);
          ++count;
        }
      }
      ok = count == kColumns && line_end > pos && d.text[line_end - 1] != '\r';
      row.field[kColumns] = static_cast<std::uint16_t>(line_end - pos + 1);
    }
    std::int64_t sql = 0;
    std::int64_t added = 0;
    std::int64_t mentions = 0;
    std::int64_t sources = 0;
    std::int64_t articles = 0;
    if (ok) {
      ok = parse_int(d.field(row, kSqlDate), sql) && sql < 100000000 &&
           valid_event_date(static_cast<std::int32_t>(sql)) &&
           parse_int(d.field(row, kDateAdded), added) && added >= 10000000000000LL &&
           added < 100000000000000LL &&
           valid_event_date(static_cast<std::int32_t>(added / 1000000)) &&
           parse_int(d.field(row, kNumMentions), mentions) && mentions >= 0 &&
           parse_int(d.field(row, kNumSources), sources) && sources >= 0 &&
           parse_int(d.field(row, kNumArticles), articles) && articles >= 0 &&
           parse_double(d.field(row, kAvgTone), row.tone) && std::fabs(row.tone) <= 100;
    }
    if (!ok) {
      if (line_end > pos) ++d.skipped;
      pos = end + 1;
      continue;
    }
    row.lag_days = static_cast<std::int32_t>(
        std::max<std::int64_t>(0, days_of(static_cast<std::int32_t>(added / 1000000)) -
                                      days_of(static_cast<std::int32_t>(sql))));
    row.mentions = static_cast<std::int32_t>(std::min<std::int64_t>(mentions, 1 << 30));
    row.sources = static_cast<std::int32_t>(std::min<std::int64_t>(sources, 1 << 30));
    row.articles = static_cast<std::int32_t>(std::min<std::int64_t>(articles, 1 << 30));
    row.country1 = country_of(d.field(row, kActor1Country));
    row.country2 = country_of(d.field(row, kActor2Country));
    for (const auto& [code_column, name_column, country] :
         {std::tuple{kActor1Code, kActor1Name, row.country1},
          std::tuple{kActor2Code, kActor2Name, row.country2}}) {
      if (country < 0) continue;
      d.countries[static_cast<std::size_t>(country)].weight++;
      const std::string_view name = d.field(row, name_column);
      if (d.field(row, code_column) == d.countries[static_cast<std::size_t>(country)].cameo &&
          !name.empty()) {
        names[static_cast<std::size_t>(country)][std::string(name)]++;
      }
    }
    total_length += static_cast<double>(line_end - pos + 1);
    d.rows.push_back(row);
    pos = end + 1;
  }
  if (d.rows.empty()) {
    throw Error(Location{files.front().string()},
                "no GDELT 2.0 line (61 tab-separated columns) in the sample files");
  }
  d.mean_line = total_length / static_cast<double>(d.rows.size());

  // Geography blocks by FIPS code, and which blocks of each line sit in its actors' countries.
  std::unordered_map<std::string, std::vector<std::string_view>> geo_by_fips;
  for (Data::Row& row : d.rows) {
    for (std::size_t b = 0; b < kGeoBlocks.size(); ++b) {
      const std::size_t first = kGeoBlocks[b];
      const std::string_view fips = d.field(row, first + kGeoCountryOffset);
      if (fips.empty() || d.field(row, first).empty()) continue;
      geo_by_fips[std::string(fips)].push_back(d.span(row, first, first + 7));
      if (row.country1 >= 0 && fips == d.countries[static_cast<std::size_t>(row.country1)].fips) {
        row.geo_of[b] = 1;
      } else if (row.country2 >= 0 &&
                 fips == d.countries[static_cast<std::size_t>(row.country2)].fips) {
        row.geo_of[b] = 2;
      }
    }
  }
  std::uint64_t running = 0;
  for (std::size_t c = 0; c < d.countries.size(); ++c) {
    Data::Country& country = d.countries[c];
    if (const auto it = geo_by_fips.find(country.fips); it != geo_by_fips.end()) {
      country.geo = it->second;
    }
    // The name most often given to the country as an actor (ties: the first in order).
    std::size_t best = 0;
    for (const auto& [name, n] : names[c]) {
      if (n > best) {
        best = n;
        country.name = name;
      }
    }
    if (country.geo.empty() || country.weight == 0) continue;
    running += country.weight;
    d.pool.push_back(static_cast<std::int32_t>(c));
    d.cumulative.push_back(running);
  }
}

GdeltSampleSet::~GdeltSampleSet() = default;
GdeltSampleSet::GdeltSampleSet(GdeltSampleSet&&) noexcept = default;
GdeltSampleSet& GdeltSampleSet::operator=(GdeltSampleSet&&) noexcept = default;

std::size_t GdeltSampleSet::rows() const {
  return data_->rows.size();
}
std::size_t GdeltSampleSet::skipped() const {
  return data_->skipped;
}
std::size_t GdeltSampleSet::pool_countries() const {
  return data_->pool.size();
}
double GdeltSampleSet::mean_line_bytes() const {
  return data_->mean_line;
}

namespace {

// What the line writer needs besides the samples: the checked options and the time plan.
struct Plan {
  const GdeltSampleSet::Data* data = nullptr;
  const GdeltGenerateOptions* options = nullptr;
  std::int64_t first_day = 0;
  std::int64_t slots = 0;          // 15-minute slots in the range
  std::uint64_t planned_rows = 0;  // lines the range is spread over
  struct Shift {
    std::array<char, 3> country;
    std::int32_t from_date;
    double tone;
  };
  std::vector<Shift> shifts;
};

void check_options(const GdeltGenerateOptions& o) {
  if (!valid_event_date(o.from)) {
    throw Error(Location{"", 0, "from"}, "not a date (yyyymmdd): " + std::to_string(o.from));
  }
  if (!valid_event_date(o.to)) {
    throw Error(Location{"", 0, "to"}, "not a date (yyyymmdd): " + std::to_string(o.to));
  }
  if (o.to < o.from) throw Error(Location{"", 0, "to"}, "the last day is before the first");
  if (o.bytes == 0 && o.rows == 0) {
    throw Error(Location{"", 0, "size"}, "give a size in bytes or a number of rows above 0");
  }
  if (!(o.actor_swap >= 0 && o.actor_swap <= 1)) {
    throw Error(Location{"", 0, "actor-swap"}, "must be a probability, 0 to 1");
  }
  if (!(o.tone_noise >= 0 && o.tone_noise <= 100)) {
    throw Error(Location{"", 0, "tone-noise"}, "must be 0 to 100");
  }
  if (!(o.count_spread >= 0 && o.count_spread < 1)) {
    throw Error(Location{"", 0, "count-spread"}, "must be at least 0 and below 1");
  }
  if (o.gzip_level < 1 || o.gzip_level > 9) {
    throw Error(Location{"", 0, "gzip-level"}, "must be 1 to 9");
  }
  for (const GdeltShift& s : o.shifts) {
    if (s.country.size() != 3 || !valid_event_date(s.from_date) || !std::isfinite(s.tone)) {
      throw Error(Location{"", 0, "shift"},
                  "a shift needs a 3-letter CAMEO country, a date "
                  "(yyyymmdd) and a finite tone change");
    }
  }
}

Plan make_plan(const GdeltSampleSet::Data& data, const GdeltGenerateOptions& o) {
  Plan plan;
  plan.data = &data;
  plan.options = &o;
  plan.first_day = days_of(o.from);
  plan.slots = (days_of(o.to) - plan.first_day + 1) * kSlotsPerDay;
  plan.planned_rows = o.rows;
  for (const GdeltShift& s : o.shifts) {
    const std::string code = upper(s.country);
    plan.shifts.push_back({{code[0], code[1], code[2]}, s.from_date, s.tone});
  }
  return plan;
}

void append_line(const Plan& plan, std::uint64_t index, std::string& out);

void append_line(const Plan& plan, std::uint64_t index, std::string& out) {
  const GdeltSampleSet::Data& d = *plan.data;
  const GdeltGenerateOptions& o = *plan.options;
  LineRandom random(o.seed, index);
  const GdeltSampleSet::Data::Row& row = d.rows[random.below(d.rows.size())];

  // When: DATEADDED walks through the range with the line number; SQLDATE lags as it did.
  // (index < 2^40 lines and slots < 2^24 keep the product within 64 bits.)
  const auto slots = static_cast<std::uint64_t>(plan.slots);
  const std::uint64_t spread = index < (std::uint64_t{1} << 40)
                                   ? index * slots / std::max<std::uint64_t>(plan.planned_rows, 1)
                                   : slots;
  const std::int64_t slot = static_cast<std::int64_t>(std::min(spread, slots - 1));
  const std::int64_t added_day = plan.first_day + slot / kSlotsPerDay;
  const std::int64_t minutes = (slot % kSlotsPerDay) * 15;
  const std::int64_t event_day =
      added_day - std::min<std::int64_t>(row.lag_days, added_day - plan.first_day);
  const CivilDate added = civil_from_days(added_day);
  const CivilDate event = civil_from_days(event_day);
  const std::int32_t sql_date = event.yyyymmdd();

  // Who: maybe other countries for the actors.
  std::int32_t to1 = row.country1;
  std::int32_t to2 = row.country2;
  if (o.actor_swap > 0 && (row.country1 >= 0 || row.country2 >= 0) && !d.pool.empty() &&
      random.uniform() < o.actor_swap) {
    if (row.country1 >= 0) to1 = d.draw_country(random);
    if (row.country2 >= 0) {
      if (row.country2 == row.country1) {
        to2 = to1;
      } else {
        to2 = d.draw_country(random);
        for (int attempt = 0; attempt < 8 && to2 == to1 && d.pool.size() > 1; ++attempt) {
          to2 = d.draw_country(random);
        }
      }
    }
  }
  const bool swap1 = to1 != row.country1;
  const bool swap2 = to2 != row.country2;
  std::array<std::string_view, 3> new_geo{};
  if (swap1) {
    const auto& geo = d.countries[static_cast<std::size_t>(to1)].geo;
    new_geo[1] = geo[random.below(geo.size())];
  }
  if (swap2) {
    const auto& geo = d.countries[static_cast<std::size_t>(to2)].geo;
    new_geo[2] = to2 == to1 && swap1 ? new_geo[1] : geo[random.below(geo.size())];
  }

  // How much and in what tone.
  const double factor = 1.0 + o.count_spread * (2.0 * random.uniform() - 1.0);
  const auto scaled = [factor](std::int32_t n) {
    return std::max<std::int64_t>(1, std::llround(static_cast<double>(n) * factor));
  };
  const std::int64_t articles = scaled(row.articles);
  const std::int64_t mentions = std::max(articles, scaled(row.mentions));
  const std::int64_t sources = std::min(articles, scaled(row.sources));
  double tone = row.tone + o.tone_noise * random.normal();

  const std::string_view country1 =
      swap1 ? std::string_view(d.countries[static_cast<std::size_t>(to1)].cameo)
            : d.field(row, kActor1Country);
  const std::string_view country2 =
      swap2 ? std::string_view(d.countries[static_cast<std::size_t>(to2)].cameo)
            : d.field(row, kActor2Country);
  for (const Plan::Shift& s : plan.shifts) {
    if (sql_date < s.from_date) continue;
    const std::string_view code(s.country.data(), 3);
    if (country1 == code || country2 == code) tone += s.tone;
  }
  tone = std::clamp(tone, -100.0, 100.0);

  // The line.
  const std::uint64_t id = o.first_id + index;
  append_uint(out, id);
  out.push_back('\t');
  append_padded(out, static_cast<std::uint64_t>(sql_date), 8);
  out.push_back('\t');
  append_padded(out, static_cast<std::uint64_t>(sql_date / 100), 6);
  out.push_back('\t');
  append_padded(out, static_cast<std::uint64_t>(event.year), 4);
  out.push_back('\t');
  // FractionDate as GDELT computes it: year + ((month - 1) * 30 + day) / 365, 4 decimals.
  const auto fraction = static_cast<std::uint64_t>(
      std::lround(((event.month - 1) * 30 + event.day) * 10000.0 / 365.0));
  append_uint(out, static_cast<std::uint64_t>(event.year) + fraction / 10000);
  out.push_back('.');
  append_padded(out, fraction % 10000, 4);
  out.push_back('\t');

  const auto actor = [&](std::size_t code_column, bool swapped, std::int32_t from,
                         std::int32_t to) {
    if (!swapped) {
      out.append(d.span(row, code_column, code_column + 2));
      return;
    }
    const auto& old_country = d.countries[static_cast<std::size_t>(from)];
    const auto& new_country = d.countries[static_cast<std::size_t>(to)];
    const std::string_view code = d.field(row, code_column);
    if (code.substr(0, 3) == old_country.cameo) {
      out.append(new_country.cameo);
      out.append(code.substr(3));
    } else {
      out.append(code);
    }
    out.push_back('\t');
    if (code == old_country.cameo) {
      out.append(new_country.name);
    } else {
      out.append(d.field(row, code_column + 1));
    }
    out.push_back('\t');
    out.append(new_country.cameo);
  };
  actor(kActor1Code, swap1, row.country1, to1);
  out.push_back('\t');
  out.append(d.span(row, kActor1Country + 1, kActor2Code - 1));
  out.push_back('\t');
  actor(kActor2Code, swap2, row.country2, to2);
  out.push_back('\t');
  out.append(d.span(row, kActor2Country + 1, kNumMentions - 1));
  out.push_back('\t');
  append_uint(out, static_cast<std::uint64_t>(mentions));
  out.push_back('\t');
  append_uint(out, static_cast<std::uint64_t>(sources));
  out.push_back('\t');
  append_uint(out, static_cast<std::uint64_t>(articles));
  out.push_back('\t');
  char buffer[32];
  const auto printed =
      std::to_chars(buffer, buffer + sizeof buffer, tone, std::chars_format::general, 15);
  out.append(buffer, printed.ptr);
  for (std::size_t b = 0; b < kGeoBlocks.size(); ++b) {
    out.push_back('\t');
    const std::uint8_t of = row.geo_of[b];
    if ((of == 1 && swap1) || (of == 2 && swap2)) {
      out.append(new_geo[of]);
    } else {
      out.append(d.span(row, kGeoBlocks[b], kGeoBlocks[b] + 7));
    }
  }
  out.push_back('\t');
  append_padded(out, static_cast<std::uint64_t>(added.year), 4);
  append_padded(out, static_cast<std::uint64_t>(added.month), 2);
  append_padded(out, static_cast<std::uint64_t>(added.day), 2);
  append_padded(out, static_cast<std::uint64_t>(minutes / 60), 2);
  append_padded(out, static_cast<std::uint64_t>(minutes % 60), 2);
  out.append("00\t");
  const std::string_view url = d.field(row, kSourceUrl);
  if (!url.empty()) {
    out.append(url);
    out.append(url.find('#') == std::string_view::npos ? "#e" : "-e");
    append_uint(out, id);
  }
  out.push_back('\n');
}

// Lines [first, first + count) into `out`, replacing what it held (its memory is reused).
void make_lines_into(const Plan& plan, std::uint64_t first, std::uint64_t count, std::string& out) {
  out.clear();
  out.reserve(static_cast<std::size_t>(static_cast<double>(count) * (plan.data->mean_line + 24)));
  for (std::uint64_t i = first; i < first + count; ++i) append_line(plan, i, out);
}

std::string make_lines(const Plan& plan, std::uint64_t first, std::uint64_t count) {
  std::string out;
  make_lines_into(plan, first, count, out);
  return out;
}

// The plan of a run: with a byte size, the range is spread over the lines expected to fill
// it, from the mean length of a pilot of lines (a line's length does not depend on its date).
Plan make_run_plan(const GdeltSampleSet::Data& data, const GdeltGenerateOptions& o) {
  Plan plan = make_plan(data, o);
  if (o.bytes > 0) {
    constexpr std::uint64_t kPilot = 4096;
    const std::string pilot = make_lines(plan, 0, kPilot);
    plan.planned_rows = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(static_cast<double>(o.bytes) * static_cast<double>(kPilot) /
                                      static_cast<double>(pilot.size())));
  }
  return plan;
}

bool ends_with_gz(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.size() > 3 && (name.ends_with(".gz") || name.ends_with(".GZ"));
}

}  // namespace

GdeltShift parse_gdelt_shift(std::string_view text) {
  GdeltShift shift;
  const std::size_t a = text.find(':');
  const std::size_t b = a == std::string_view::npos ? a : text.find(':', a + 1);
  std::int64_t date = 0;
  if (b == std::string_view::npos || a != 3 || !parse_int(text.substr(a + 1, b - a - 1), date) ||
      date > 99999999 || !valid_event_date(static_cast<std::int32_t>(date)) ||
      !parse_double(text.substr(b + 1), shift.tone) || !std::isfinite(shift.tone)) {
    throw Error(
        Location{"", 0, "shift"},
        "expected COUNTRY:YYYYMMDD:TONE (e.g. USA:20180101:-2.5), got '" + std::string(text) + "'");
  }
  shift.country = upper(text.substr(0, 3));
  shift.from_date = static_cast<std::int32_t>(date);
  return shift;
}

std::vector<fs::path> default_gdelt_samples(const fs::path& data_dir) {
  const fs::path events = data_dir / "gdelt" / "events";
  std::vector<fs::path> files;
  std::error_code error;
  if (fs::is_directory(events, error)) {
    for (const auto& entry : fs::directory_iterator(events)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && name.find(".export.") != std::string::npos &&
          !name.ends_with(".zip") && !name.ends_with(".gz")) {
        files.push_back(entry.path());
      }
    }
  }
  if (files.empty()) {
    throw Error(Location{events.string()},
                "no GDELT 2.0 export to resample (expected *.export.CSV files)");
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string generate_gdelt_lines(const GdeltSampleSet& samples, const GdeltGenerateOptions& options,
                                 std::uint64_t first, std::uint64_t count) {
  check_options(options);
  const Plan plan = make_run_plan(samples.data(), options);
  return make_lines(plan, first, count);
}

GdeltGenerateReport generate_gdelt(const fs::path& out, const GdeltGenerateOptions& options) {
  check_options(options);
  const GdeltSampleSet samples(options.samples);
  return generate_gdelt(out, samples, options);
}

GdeltGenerateReport generate_gdelt(const fs::path& out, const GdeltSampleSet& samples,
                                   const GdeltGenerateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  check_options(options);
  const Plan plan = make_run_plan(samples.data(), options);
  const bool gzip = ends_with_gz(out);
  const std::size_t threads = options.threads == 0 ? worker_count() : options.threads;
  const std::size_t batch = std::max<std::size_t>(2, 2 * threads);

  // The file is staged and put in place whole; a file softpower did not write is not replaced.
  OutputFolder folder = OutputFolder::for_file(out);
  const std::string name = out.filename().string();
  const fs::path temp = folder.file(name);
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) throw Error(Location{out.string()}, "cannot create the output file");
  GdeltGenerateReport report;
  report.sample_rows = samples.rows();
  report.sample_skipped = samples.skipped();
  report.pool_countries = samples.pool_countries();
  // Two sets of chunk buffers: one is written to the file (on a thread of its own) while the
  // next batch of chunks is made in the other, in parallel.
  std::array<std::vector<std::string>, 2> buffers;
  std::future<void> writing;
  const auto write_chunks = [file, &out](const std::vector<std::string>* texts, std::size_t used) {
    for (std::size_t c = 0; c < used; ++c) {
      const std::string& text = (*texts)[c];
      if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file) != text.size()) {
        throw Error(Location{out.string()}, "cannot write the output file (disk full?)");
      }
    }
  };
  try {
    if (options.progress != nullptr) {
      options.progress->start("generating GDELT events", plan.planned_rows);
    }
    std::uint64_t next_row = 0;
    bool done = false;
    for (std::size_t round = 0; !done; ++round) {
      if (options.progress != nullptr && options.progress->cancelled()) {
        throw Error(Location{out.string()}, "cancelled");
      }
      // A batch of chunks made in parallel, then cut (byte size), compressed and written.
      std::size_t chunks = batch;
      if (options.bytes == 0) {
        const std::uint64_t left = options.rows - next_row;
        chunks = static_cast<std::size_t>(
            std::min<std::uint64_t>(batch, (left + kChunkRows - 1) / kChunkRows));
      }
      std::vector<std::string>& texts = buffers[round % 2];
      texts.resize(chunks);
      parallel_for(
          chunks,
          [&](std::size_t c) {
            const std::uint64_t first = next_row + c * kChunkRows;
            std::uint64_t count = kChunkRows;
            if (options.bytes == 0) count = std::min(count, options.rows - first);
            make_lines_into(plan, first, count, texts[c]);
          },
          threads);
      std::size_t used = 0;
      for (; used < chunks; ++used) {
        std::string& text = texts[used];
        if (options.bytes > 0 && report.bytes + text.size() >= options.bytes) {
          // Keep the whole lines that fit.
          const std::uint64_t room = options.bytes - report.bytes;
          const std::size_t cut =
              room == 0 ? std::string::npos : text.rfind('\n', static_cast<std::size_t>(room) - 1);
          text.resize(cut == std::string::npos ? 0 : cut + 1);
          done = true;
        }
        report.rows += static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
        report.bytes += text.size();
        if (done) {
          ++used;
          break;
        }
      }
      if (options.bytes == 0 && next_row + chunks * kChunkRows >= options.rows) done = true;
      if (gzip) {
        parallel_for(
            used, [&](std::size_t c) { texts[c] = gzip_member(texts[c], options.gzip_level); },
            threads);
      }
      for (std::size_t c = 0; c < used; ++c) report.file_bytes += texts[c].size();
      if (writing.valid()) writing.get();  // the previous batch is on disk (or threw)
      writing = std::async(std::launch::async, write_chunks, &texts, used);
      next_row += chunks * kChunkRows;
      if (options.progress != nullptr) {
        options.progress->advance(static_cast<std::size_t>(chunks * kChunkRows));
      }
    }
    writing.get();
    if (report.rows == 0) {
      throw Error(Location{"", 0, "size"}, "the size is smaller than one line");
    }
    if (std::fclose(file) != 0) {
      file = nullptr;
      throw Error(Location{out.string()}, "cannot write the output file");
    }
    file = nullptr;
    folder.commit();
  } catch (...) {
    if (writing.valid()) writing.wait();
    if (file != nullptr) std::fclose(file);
    throw;  // the folder's staging goes with it
  }
  if (options.progress != nullptr) options.progress->finish();
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace softpower::tools
