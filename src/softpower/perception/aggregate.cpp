#include "softpower/perception/aggregate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "softpower/core/dates.hpp"
#include "softpower/core/error.hpp"

namespace softpower::perception {

namespace {

constexpr double kToneScale = 1e9;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday).
int iso_weekday(std::int64_t days) {
  const std::int64_t w = ((days % 7) + 7 + 3) % 7;  // 0 = Monday
  return static_cast<int>(w) + 1;
}

// The Monday that starts ISO week `week` of ISO year `year`: week 1 holds 4 January.
std::int64_t iso_week_monday(int year, int week) {
  const std::int64_t jan4 = days_from_civil(year, 1, 4);
  return jan4 - (iso_weekday(jan4) - 1) + 7 * static_cast<std::int64_t>(week - 1);
}

std::int32_t iso_week_key(std::int64_t days) {
  const std::int64_t thursday = days - (iso_weekday(days) - 1) + 3;
  const int year = civil_from_days(thursday).year;
  const std::int64_t day_of_year = thursday - days_from_civil(year, 1, 1);
  return year * 100 + static_cast<std::int32_t>(day_of_year / 7 + 1);
}

// A registry key packed into 16 bits (0 = no country): base 37 over 0-9 then A-Z, so packed
// keys sort as their text does ("" first, digits before letters, as in ASCII).
std::uint64_t pack_country(const CountryKey& key) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const char c = i < key.length ? key.chars[i] : '\0';
    std::uint64_t digit = 0;
    if (c >= '0' && c <= '9') digit = static_cast<std::uint64_t>(c - '0') + 1;
    if (c >= 'A' && c <= 'Z') digit = static_cast<std::uint64_t>(c - 'A') + 11;
    v = v * 37 + digit;
  }
  return v;
}

std::string unpack_country(std::uint64_t v) {
  std::string out(3, '\0');
  for (std::size_t i = 3; i-- > 0;) {
    const auto digit = static_cast<int>(v % 37);
    v /= 37;
    out[i] = digit == 0    ? '\0'
             : digit <= 10 ? static_cast<char>('0' + digit - 1)
                           : static_cast<char>('A' + digit - 11);
  }
  out.erase(std::remove(out.begin(), out.end(), '\0'), out.end());
  return out;
}

// A (period, source, target) key packed so that keys sort as the rows of the tables do.
std::uint64_t pack_key(std::int32_t period, const CountryKey& source, const CountryKey& target) {
  return (static_cast<std::uint64_t>(period) << 32) | (pack_country(source) << 16) |
         pack_country(target);
}

std::uint64_t make_key(std::int32_t period, const Event& e) {
  return pack_key(period, e.actor1_country, e.actor2_country);
}

// What makes two events "the same event from the same article".
struct DuplicateKey {
  std::uint64_t url = 0;
  std::uint64_t day_pair = 0;  // date << 32 | source << 16 | target
  std::uint32_t code = 0;      // event code, digits in base 11 (0 = no digit)
  friend bool operator==(const DuplicateKey&, const DuplicateKey&) = default;
};

struct DuplicateHash {
  std::size_t operator()(const DuplicateKey& k) const {
    std::uint64_t h = k.url * 0x9E3779B97F4A7C15ULL;
    h ^= (k.day_pair + 0x632BE59BD9B4E019ULL) * 0xBF58476D1CE4E5B9ULL;
    h ^= (k.code + h) * 0x94D049BB133111EBULL;
    return static_cast<std::size_t>(h ^ (h >> 31));
  }
};

DuplicateKey duplicate_key(const Event& e) {
  DuplicateKey k;
  k.url = e.url_hash;
  k.day_pair = make_key(e.date, e);
  for (const char c : e.event_code.view())
    k.code = k.code * 11 + static_cast<std::uint32_t>(c - '0' + 1);
  return k;
}

// Tallies by packed key: open addressing with linear probing into a table of (key, index)
// pairs, the tallies themselves in one vector. One probe in the common case and no node per
// key: the hash map was a twelfth of the whole pass.
class TallyTable {
 public:
  TallyTable() {
    rehash(std::size_t{1} << 16);
    // Room for 2^18 keys up front: memory the kernel maps only as it is used, and growing by
    // copying (twice the pages touched, each a page fault) is left to bigger inputs.
    keys_.reserve(std::size_t{1} << 18);
    values_.reserve(std::size_t{1} << 18);
  }

  /// The tally of `key`, made when new. The reference lasts until the next new key.
  Tally& at(std::uint64_t key) {
    for (std::size_t i = slot_of(key);; i = (i + 1) & mask_) {
      Entry& e = entries_[i];
      if (e.index == kEmpty) {
        if (2 * (values_.size() + 1) > entries_.size()) {
          rehash(2 * entries_.size());
          return at(key);
        }
        e = {key, static_cast<std::uint32_t>(values_.size())};
        keys_.push_back(key);
        values_.emplace_back();
        return values_.back();
      }
      if (e.key == key) return values_[e.index];
    }
  }
  /// Starts loading the slot of `key` into the cache.
  void prefetch(std::uint64_t key) const { __builtin_prefetch(&entries_[slot_of(key)]); }
  const std::vector<std::uint64_t>& keys() const { return keys_; }
  const std::vector<Tally>& values() const { return values_; }
  std::size_t size() const { return keys_.size(); }

 private:
  static constexpr std::uint32_t kEmpty = ~std::uint32_t{0};
  struct Entry {
    std::uint64_t key = 0;
    std::uint32_t index = kEmpty;
  };
  // Fibonacci hashing: the top bits of key × 2^64/φ.
  std::size_t slot_of(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void rehash(std::size_t capacity) {
    entries_.assign(capacity, Entry{});
    mask_ = capacity - 1;
    shift_ = 64 - static_cast<int>(std::countr_zero(capacity));
    for (std::size_t v = 0; v < keys_.size(); ++v) {
      std::size_t i = slot_of(keys_[v]);
      while (entries_[i].index != kEmpty) i = (i + 1) & mask_;
      entries_[i] = {keys_[v], static_cast<std::uint32_t>(v)};
    }
  }
  std::vector<Entry> entries_;
  std::vector<std::uint64_t> keys_;
  std::vector<Tally> values_;
  std::size_t mask_ = 0;
  int shift_ = 64;
};

// The state of one thread that feeds events.
struct Slot {
  TallyTable tallies;
  std::unordered_set<DuplicateKey, DuplicateHash> seen;  // of the current input
  std::size_t file = static_cast<std::size_t>(-1);
  std::size_t read = 0;
  std::size_t kept = 0;
  std::size_t duplicates = 0;
  std::uint64_t last_key = ~std::uint64_t{0};
  Tally* last = nullptr;
};

class Summer {
 public:
  Summer(PeriodUnit by, const EventFilter& filter) : by_(by), filter_(filter) {
    for (const int c : filter.root_codes) {
      if (c >= 1 && c <= 20) roots_[static_cast<std::size_t>(c)] = true;
    }
    any_root_ = filter.root_codes.empty();
  }

  void add(Slot& slot, std::size_t file, std::span<const Event> events) const {
    if (slot.file != file) {
      slot.seen.clear();
      slot.file = file;
    }
    slot.read += events.size();
    // Keys land all over a table of megabytes: the slot of an event kAhead places ahead is
    // fetched while this one is summed (the wait for it was three quarters of the lookup; the
    // lookup and the sums fell from 12% to 11% of the time).
    // Each key is made once, kAhead events before it is used.
    constexpr std::size_t kAhead = 8;
    std::array<std::uint64_t, kAhead> ahead{};
    const auto key_of = [&](const Event& e) { return make_key(period_key(e.date, by_), e); };
    for (std::size_t i = 0; i < kAhead && i < events.size(); ++i) {
      ahead[i] = key_of(events[i]);
      slot.tallies.prefetch(ahead[i]);
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
      const std::uint64_t key = ahead[i % kAhead];
      if (i + kAhead < events.size()) {
        ahead[i % kAhead] = key_of(events[i + kAhead]);
        slot.tallies.prefetch(ahead[i % kAhead]);
      }
      const Event& e = events[i];
      if (filter_.root_only && !e.is_root) continue;
      if (!any_root_ && (e.root_code > 20 || !roots_[e.root_code])) continue;
      if (filter_.dedup_url && e.url_hash != 0 && !slot.seen.insert(duplicate_key(e)).second) {
        ++slot.duplicates;
        continue;
      }
      ++slot.kept;
      if (key != slot.last_key) {
        slot.last = &slot.tallies.at(key);
        slot.last_key = key;
      }
      slot.last->add(e);
    }
  }

 private:
  PeriodUnit by_;
  EventFilter filter_;
  std::array<bool, 21> roots_{};
  bool any_root_ = true;
};

// Tallies in key order, equal keys merged, with the totals of each period. The keys are sorted
// together rather than merged into one more hash table: that table (tens of MB for 10^5 keys)
// was most of the time between the end of reading and the first output.
Aggregate fold(PeriodUnit by, std::vector<std::pair<std::uint64_t, const Tally*>>& sorted) {
  Aggregate a;
  a.by = by;
  // Ties (one key in several slots or parts) may come in any order: their sum does not depend
  // on it.
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  a.keys.reserve(sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const std::uint64_t k = sorted[i].first;
    if (i > 0 && k == sorted[i - 1].first) {
      a.keys.back().tally.merge(*sorted[i].second);
      continue;
    }
    DyadRow& row = a.keys.emplace_back();
    row.period = static_cast<std::int32_t>(k >> 32);
    row.source = unpack_country((k >> 16) & 0xFFFF);
    row.target = unpack_country(k & 0xFFFF);
    row.tally = *sorted[i].second;
  }
  Tally* period = nullptr;
  std::int32_t current = 0;
  for (const DyadRow& row : a.keys) {
    if (period == nullptr || row.period != current) {
      current = row.period;
      period = &a.periods[current];
    }
    period->merge(row.tally);
  }
  return a;
}

// The slots' tallies in key order, equal keys merged.
Aggregate finish(PeriodUnit by, std::vector<Slot>& slots) {
  std::vector<std::pair<std::uint64_t, const Tally*>> sorted;
  std::size_t all = 0;
  for (const Slot& s : slots) all += s.tallies.size();
  sorted.reserve(all);
  std::size_t read = 0, kept = 0, duplicates = 0;
  for (Slot& s : slots) {
    read += s.read;
    kept += s.kept;
    duplicates += s.duplicates;
    const auto& keys = s.tallies.keys();
    const auto& values = s.tallies.values();
    for (std::size_t i = 0; i < keys.size(); ++i) sorted.emplace_back(keys[i], &values[i]);
  }
  Aggregate a = fold(by, sorted);
  a.events_read = read;
  a.events_kept = kept;
  a.duplicates = duplicates;
  return a;
}

// Per period and country. Keys are sorted by period, source and target, so a source's keys
// of one period are consecutive; targets are summed per period and sorted within it.
std::vector<CountryRow> by_country(const std::vector<DyadRow>& keys, bool target) {
  std::vector<CountryRow> rows;
  std::map<std::string, Tally> period_sums;
  std::int32_t period = 0;
  auto flush = [&] {
    for (auto& [c, t] : period_sums) rows.push_back({period, c, t});
    period_sums.clear();
  };
  for (const DyadRow& k : keys) {
    if (k.period != period) {
      flush();
      period = k.period;
    }
    const std::string& c = target ? k.target : k.source;
    if (c.empty()) continue;
    if (!target && !rows.empty() && rows.back().period == k.period && rows.back().country == c) {
      rows.back().tally.merge(k.tally);
    } else if (!target) {
      rows.push_back({k.period, c, k.tally});
    } else {
      period_sums[c].merge(k.tally);
    }
  }
  flush();
  return rows;
}

}  // namespace

PeriodUnit parse_period_unit(std::string_view name) {
  if (name == "day") return PeriodUnit::day;
  if (name == "week") return PeriodUnit::week;
  if (name == "month") return PeriodUnit::month;
  if (name == "quarter") return PeriodUnit::quarter;
  if (name == "year") return PeriodUnit::year;
  throw Error(fmt::format("unknown period '{}': day, week, month, quarter or year", name));
}

std::string_view period_unit_name(PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::day:
      return "day";
    case PeriodUnit::week:
      return "week";
    case PeriodUnit::month:
      return "month";
    case PeriodUnit::quarter:
      return "quarter";
    case PeriodUnit::year:
      return "year";
  }
  return "month";
}

std::int32_t period_key(std::int32_t date, PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::day:
      return date;
    case PeriodUnit::week:
      return iso_week_key(days_of(date));
    case PeriodUnit::month:
      return date / 100;
    case PeriodUnit::quarter:
      return date / 10000 * 10 + (date / 100 % 100 - 1) / 3 + 1;
    case PeriodUnit::year:
      return date / 10000;
  }
  return date;
}

std::string period_label(std::int32_t key, PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::day:
      return fmt::format("{:04}-{:02}-{:02}", key / 10000, key / 100 % 100, key % 100);
    case PeriodUnit::week:
      return fmt::format("{:04}-W{:02}", key / 100, key % 100);
    case PeriodUnit::month:
      return fmt::format("{:04}-{:02}", key / 100, key % 100);
    case PeriodUnit::quarter:
      return fmt::format("{:04}-Q{}", key / 10, key % 10);
    case PeriodUnit::year:
      return fmt::format("{:04}", key);
  }
  return std::to_string(key);
}

std::int32_t next_period(std::int32_t key, PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::day:
      return civil_from_days(days_of(key) + 1).yyyymmdd();
    case PeriodUnit::week:
      return iso_week_key(iso_week_monday(key / 100, key % 100) + 7);
    case PeriodUnit::month:
      return key % 100 == 12 ? (key / 100 + 1) * 100 + 1 : key + 1;
    case PeriodUnit::quarter:
      return key % 10 == 4 ? (key / 10 + 1) * 10 + 1 : key + 1;
    case PeriodUnit::year:
      return key + 1;
  }
  return key + 1;
}

std::int32_t period_start(std::int32_t key, PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::day:
      return key;
    case PeriodUnit::week:
      return civil_from_days(iso_week_monday(key / 100, key % 100)).yyyymmdd();
    case PeriodUnit::month:
      return key * 100 + 1;
    case PeriodUnit::quarter:
      return (key / 10 * 100 + (key % 10 - 1) * 3 + 1) * 100 + 1;
    case PeriodUnit::year:
      return key * 10000 + 101;
  }
  return key;
}

std::vector<std::int32_t> period_range(std::int32_t first, std::int32_t last, PeriodUnit unit) {
  std::vector<std::int32_t> periods;
  for (std::int32_t p = first; p <= last; p = next_period(p, unit)) periods.push_back(p);
  return periods;
}

std::vector<int> parse_root_codes(std::string_view text) {
  std::vector<int> codes;
  auto number = [&](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < 1 || v > 20) {
      throw Error(fmt::format("--root-codes: '{}' is not a CAMEO root code (01 to 20)", s));
    }
    return v;
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view part = text.substr(start, comma - start);
    const std::size_t dash = part.find('-');
    if (dash == std::string_view::npos) {
      codes.push_back(number(part));
    } else {
      const int lo = number(part.substr(0, dash));
      const int hi = number(part.substr(dash + 1));
      if (hi < lo) throw Error(fmt::format("--root-codes: empty range '{}'", part));
      for (int c = lo; c <= hi; ++c) codes.push_back(c);
    }
    start = comma + 1;
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  return codes;
}

namespace {

// std::llround (halves away from zero), without the call into libm: truncation toward zero is
// exact for |x| < 2^63, and so is x minus it (x's fraction, on x's own grid; 0 from 2^52 on,
// where every double is whole). Tones are below 10^11 after scaling, Goldstein scores below
// 100: no overflow. Tested against std::llround (RoundsAsLlroundDoes).
std::int64_t round_half_away(double x) {
  auto whole = static_cast<std::int64_t>(x);
  const double rest = x - static_cast<double>(whole);
  if (rest >= 0.5) ++whole;
  if (rest <= -0.5) --whole;
  return whole;
}

}  // namespace

void Tally::add(const Event& e) {
  ++events;
  mentions += e.num_mentions;
  const auto tone = static_cast<Wide>(round_half_away(e.avg_tone * kToneScale));
  tone_mentions += tone * e.num_mentions;
  tone_sum += tone;
  if (!std::isnan(e.goldstein)) {
    goldstein_tenths += round_half_away(e.goldstein * 10);
    ++goldstein_events;
  }
  const auto q = static_cast<int>(e.quad_class);
  if (q >= 1 && q <= 4) ++quad[q - 1];
}

void Tally::merge(const Tally& o) {
  events += o.events;
  mentions += o.mentions;
  tone_mentions += o.tone_mentions;
  tone_sum += o.tone_sum;
  goldstein_tenths += o.goldstein_tenths;
  goldstein_events += o.goldstein_events;
  for (int k = 0; k < 4; ++k) quad[k] += o.quad[k];
}

double Tally::tone() const {
  if (mentions == 0) return kNaN;
  return static_cast<double>(tone_mentions) / kToneScale / static_cast<double>(mentions);
}

double Tally::mean_tone() const {
  if (events == 0) return kNaN;
  return static_cast<double>(tone_sum) / kToneScale / static_cast<double>(events);
}

double Tally::goldstein() const {
  if (goldstein_events == 0) return kNaN;
  return static_cast<double>(goldstein_tenths) / 10.0 / static_cast<double>(goldstein_events);
}

double Tally::cooperation() const {
  const std::int64_t all = quad[0] + quad[1] + quad[2] + quad[3];
  if (all == 0) return kNaN;
  return static_cast<double>(quad[0] + quad[1]) / static_cast<double>(all);
}

double Tally::quad_share(int k) const {
  if (events == 0 || k < 1 || k > 4) return kNaN;
  return static_cast<double>(quad[k - 1]) / static_cast<double>(events);
}

std::vector<DyadRow> Aggregate::dyads() const {
  std::vector<DyadRow> rows;
  for (const DyadRow& k : keys) {
    if (!k.source.empty() && !k.target.empty()) rows.push_back(k);
  }
  return rows;
}

std::vector<CountryRow> Aggregate::targets() const {
  return by_country(keys, true);
}

std::vector<CountryRow> Aggregate::sources() const {
  return by_country(keys, false);
}

double Aggregate::share(std::int32_t period, const Tally& t) const {
  const auto it = periods.find(period);
  if (it == periods.end() || it->second.events == 0) return kNaN;
  return static_cast<double>(t.events) / static_cast<double>(it->second.events);
}

std::uint32_t aggregate_fields(const EventFilter& filter) {
  std::uint32_t fields = 0;
  for (const EventField f :
       {EventField::date, EventField::actor1_country, EventField::actor2_country,
        EventField::is_root, EventField::event_code, EventField::root_code, EventField::quad_class,
        EventField::goldstein, EventField::num_mentions, EventField::avg_tone}) {
    fields |= event_field_bit(f);
  }
  if (filter.dedup_url) fields |= event_field_bit(EventField::url_hash);
  return fields;
}

namespace {

// The slots of the threads that fed the stream's events, each with its sums.
std::vector<Slot> sum_stream(const EventStream& stream, const AggregateOptions& options) {
  const Summer summer(options.by, options.filter);
  std::mutex mutex;
  std::vector<std::unique_ptr<Slot>> owned;
  std::unordered_map<std::thread::id, Slot*> slot_of;
  stream([&](std::size_t input, std::span<const Event> events) {
    Slot* slot = nullptr;
    {
      const std::lock_guard<std::mutex> lock(mutex);
      Slot*& s = slot_of[std::this_thread::get_id()];
      if (s == nullptr) {
        owned.push_back(std::make_unique<Slot>());
        s = owned.back().get();
      }
      slot = s;
    }
    summer.add(*slot, input, events);
  });
  std::vector<Slot> slots;
  slots.reserve(owned.size());
  for (auto& s : owned) slots.push_back(std::move(*s));
  return slots;
}

// Sums as bytes (encode_sums): a value as its bytes, the head of counts, a row.
template <typename T>
void put_bytes(std::string& out, const T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

constexpr std::size_t kHeadBytes = 40;
constexpr std::size_t kRowBytes = 8 + sizeof(Tally);
static_assert(std::is_trivially_copyable_v<Tally> && sizeof(Tally) == 96);

void put_head(std::string& out, PeriodUnit by, std::size_t read, std::size_t kept,
              std::size_t duplicates, std::size_t rows) {
  out.reserve(out.size() + kHeadBytes + rows * kRowBytes);
  put_bytes(out, static_cast<std::uint64_t>(by));
  put_bytes(out, std::uint64_t{read});
  put_bytes(out, std::uint64_t{kept});
  put_bytes(out, std::uint64_t{duplicates});
  put_bytes(out, std::uint64_t{rows});
}

}  // namespace

Aggregate aggregate(const EventStream& stream, const AggregateOptions& options) {
  std::vector<Slot> slots = sum_stream(stream, options);
  return finish(options.by, slots);
}

std::size_t aggregate_bytes(const EventStream& stream, const AggregateOptions& options,
                            std::string& out) {
  const std::vector<Slot> slots = sum_stream(stream, options);
  std::size_t read = 0, kept = 0, duplicates = 0, rows = 0;
  for (const Slot& s : slots) {
    read += s.read;
    kept += s.kept;
    duplicates += s.duplicates;
    rows += s.tallies.size();
  }
  put_head(out, options.by, read, kept, duplicates, rows);
  for (const Slot& s : slots) {
    for (std::size_t i = 0; i < s.tallies.size(); ++i) {
      put_bytes(out, s.tallies.keys()[i]);
      put_bytes(out, s.tallies.values()[i]);
    }
  }
  return rows;
}

void encode_sums(const Aggregate& a, std::string& out) {
  put_head(out, a.by, a.events_read, a.events_kept, a.duplicates, a.keys.size());
  for (const DyadRow& row : a.keys) {
    CountryKey source, target;
    source.assign(row.source);  // at most 3 characters: made by unpack_country
    target.assign(row.target);
    put_bytes(out, pack_key(row.period, source, target));
    put_bytes(out, row.tally);
  }
}

Aggregate merge_sums(std::span<const std::string_view> parts, PeriodUnit by) {
  struct Part {
    std::size_t read = 0, kept = 0, duplicates = 0, keys = 0;
  };
  const auto take = [](std::string_view bytes, std::size_t at) {
    std::uint64_t v = 0;
    std::memcpy(&v, bytes.data() + at, sizeof v);
    return v;
  };
  std::vector<Part> heads;
  std::size_t all = 0;
  for (const std::string_view bytes : parts) {
    if (bytes.size() < kHeadBytes) throw Error("perception: a part's sums are cut short");
    if (take(bytes, 0) != static_cast<std::uint64_t>(by)) {
      throw Error(fmt::format("perception: a part's sums are not by {}", period_unit_name(by)));
    }
    Part& head =
        heads.emplace_back(Part{take(bytes, 8), take(bytes, 16), take(bytes, 24), take(bytes, 32)});
    if (head.keys > (bytes.size() - kHeadBytes) / kRowBytes ||
        bytes.size() != kHeadBytes + head.keys * kRowBytes) {
      throw Error("perception: a part's sums are not as they were written");
    }
    all += head.keys;
  }
  // The tallies copied out of the bytes (which need not be aligned for them), then folded.
  std::vector<Tally> tallies(all);
  std::vector<std::pair<std::uint64_t, const Tally*>> sorted;
  sorted.reserve(all);
  Aggregate totals;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    totals.events_read += heads[p].read;
    totals.events_kept += heads[p].kept;
    totals.duplicates += heads[p].duplicates;
    for (std::size_t k = 0; k < heads[p].keys; ++k) {
      const std::size_t at = kHeadBytes + k * kRowBytes;
      Tally& t = tallies[sorted.size()];
      std::memcpy(&t, parts[p].data() + at + 8, sizeof t);
      sorted.emplace_back(take(parts[p], at), &t);
    }
  }
  Aggregate a = fold(by, sorted);
  a.events_read = totals.events_read;
  a.events_kept = totals.events_kept;
  a.duplicates = totals.duplicates;
  return a;
}

Aggregate aggregate_events(std::span<const Event> events, PeriodUnit by,
                           const EventFilter& filter) {
  const Summer summer(by, filter);
  std::vector<Slot> slots(1);
  summer.add(slots[0], 0, events);
  return finish(by, slots);
}

}  // namespace softpower::perception
