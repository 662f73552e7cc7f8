#include "softpower/core/countries.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "softpower/core/table.hpp"
#include "softpower/core/text.hpp"

namespace softpower::embedded {
std::string_view countries_csv();
}  // namespace softpower::embedded

namespace softpower {

namespace {

constexpr std::size_t kSystemCount = std::size(kCodeSystems);

struct SystemNames {
  CodeSystem system;
  std::string_view name;    // command line
  std::string_view column;  // countries.csv
  std::string_view label;   // messages
  bool numeric;
};

constexpr SystemNames kSystemNames[] = {
    {CodeSystem::key, "key", "code", "registry key", false},
    {CodeSystem::iso2, "iso2", "iso2", "ISO alpha-2 code", false},
    {CodeSystem::iso3, "iso3", "iso3", "ISO alpha-3 code", false},
    {CodeSystem::iso_numeric, "iso_numeric", "iso_numeric", "ISO numeric code", true},
    {CodeSystem::m49, "m49", "m49", "UN M49 code", true},
    {CodeSystem::cow_numeric, "cow", "cow_numeric", "Correlates of War state number", true},
    {CodeSystem::cow_alpha, "cow_alpha", "cow_alpha", "Correlates of War abbreviation", false},
    {CodeSystem::gleditsch_ward, "gw", "gleditsch_ward", "Gleditsch-Ward state number", true},
    {CodeSystem::ioc, "ioc", "ioc", "IOC code", false},
    {CodeSystem::cameo, "cameo", "cameo", "CAMEO country code", false},
    {CodeSystem::fips, "fips", "fips", "FIPS 10-4 code", false},
};

const SystemNames& names_of(CodeSystem system) {
  return kSystemNames[static_cast<std::size_t>(system)];
}

constexpr std::pair<CountryStatus, std::string_view> kStatusNames[] = {
    {CountryStatus::member, "member"},         {CountryStatus::observer, "observer"},
    {CountryStatus::state, "state"},           {CountryStatus::territory, "territory"},
    {CountryStatus::historical, "historical"},
};

// The registry file's cells and codes given to lookups are read without surrounding blanks.
constexpr std::string_view kBlanks = " \t\r\n";

// A numeric code as the index keeps it: decimal without leading zeros, or "" when the text
// is not a whole number.
std::string numeric_key(std::string_view text) {
  if (text.empty() || text.size() > 9) return {};
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return {};
  return std::to_string(value);
}

std::string code_key(CodeSystem system, std::string_view code) {
  const std::string_view text = trim(code, kBlanks);
  return names_of(system).numeric ? numeric_key(text) : upper_ascii(text);
}

// ASCII spellings of U+00C0..U+00FF (Latin-1 letters); "" for the two signs in that block.
constexpr std::string_view kLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// Base letters of U+0100..U+017F (Latin Extended-A), which come mostly in upper/lower pairs.
constexpr std::string_view kLatinExtendedA =
    "aaaaaa"
    "cccccccc"
    "dddd"
    "eeeeeeeeee"
    "gggggggg"
    "hhhh"
    "iiiiiiiiii"
    "ii"
    "jj"
    "kkk"
    "llllllllll"
    "nnnnnnn"
    "nn"
    "oooooo"
    "oo"
    "rrrrrr"
    "ssssssss"
    "tttttt"
    "uuuuuuuuuuuu"
    "ww"
    "yyy"
    "zzzzzz"
    "s";
static_assert(kLatinExtendedA.size() == 0x80);

// Decodes one UTF-8 sequence at `i`; returns the code point (U+FFFD for a bad byte) and
// advances `i`.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xE  ? 3
                       : (lead >> 3) == 0x1E ? 4
                                             : 0;
  if (length == 0 || i + length > text.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = length == 1 ? lead : lead & (0xFF >> (length + 1));
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_quote(char32_t cp) {
  switch (cp) {
    case U'\'':
    case U'"':
    case U'`':
    case 0x00B4:
    case 0x02BB:
    case 0x02BC:
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x201C:
    case 0x201D:
    case 0x2032:
      return true;
    default:
      return false;
  }
}

bool is_space(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\r' || cp == U'\n' || cp == 0x00A0;
}

// Candidates for one code or name: the entry and whether it is the entry's current code (or
// its name rather than an alias).
struct Candidate {
  std::uint32_t index;
  bool primary;
};

using Candidates = std::vector<Candidate>;

}  // namespace

std::string normalise_country_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  const auto put = [&](std::string_view text) {
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += text;
  };
  for (std::size_t i = 0; i < name.size();) {
    const char32_t cp = next_code_point(name, i);
    if (is_space(cp)) {
      pending_space = true;
    } else if (is_quote(cp)) {
      put("'");
    } else if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      put(std::string_view(&c, 1));
    } else if (cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 || cp == 0x2014) {
      put("-");
    } else if (cp >= 0xC0 && cp <= 0xFF) {
      put(kLatin1[cp - 0xC0]);
    } else if (cp >= 0x100 && cp <= 0x17F) {
      put(kLatinExtendedA.substr(cp - 0x100, 1));
    } else {
      std::string encoded;
      append_utf8(encoded, cp);
      put(encoded);
    }
  }
  return out;
}

std::string_view code_system_name(CodeSystem system) {
  return names_of(system).name;
}

std::string_view code_system_label(CodeSystem system) {
  return names_of(system).label;
}

CodeSystem parse_code_system(std::string_view name) {
  std::string valid;
  for (const SystemNames& s : kSystemNames) {
    if (name == s.name || name == s.column) return s.system;
    valid += (valid.empty() ? "" : ", ") + std::string(s.name);
  }
  throw Error("unknown code system '" + std::string(name) + "' (valid: " + valid + ")");
}

std::string_view country_status_name(CountryStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "unknown";
}

std::string Country::code_in(CodeSystem system) const {
  const auto number = [](int value) { return value == 0 ? std::string() : std::to_string(value); };
  switch (system) {
    case CodeSystem::key:
      return code;
    case CodeSystem::iso2:
      return iso2;
    case CodeSystem::iso3:
      return iso3;
    case CodeSystem::iso_numeric:
      return number(iso_numeric);
    case CodeSystem::m49:
      return number(m49);
    case CodeSystem::cow_numeric:
      return number(cow_numeric);
    case CodeSystem::cow_alpha:
      return cow_alpha;
    case CodeSystem::gleditsch_ward:
      return number(gleditsch_ward);
    case CodeSystem::ioc:
      return ioc;
    case CodeSystem::cameo:
      return cameo;
    case CodeSystem::fips:
      return fips;
  }
  return {};
}

struct CountryRegistry::Index {
  std::array<std::unordered_map<std::string, Candidates>, kSystemCount> codes;
  std::unordered_map<std::string, Candidates> names;
};

namespace {

// Picks among the entries that share a code or name (docs/countries.md, "Shared codes").
const Country* choose(const std::vector<Country>& countries, const Candidates& candidates,
                      int year) {
  const Country* best = nullptr;
  bool best_primary = false;
  for (const Candidate& c : candidates) {
    const Country& country = countries[c.index];
    if (!country.valid_in(year)) continue;
    if (best == nullptr) {
      best = &country;
      best_primary = c.primary;
      continue;
    }
    bool better = false;
    if (year != 0) {
      // Within the year, the entry that began latest is the more specific one.
      better = country.valid_from != best->valid_from ? country.valid_from > best->valid_from
                                                      : c.primary && !best_primary;
    } else if (c.primary != best_primary) {
      better = c.primary;
    } else {
      better = country.valid_to != best->valid_to ? country.valid_to > best->valid_to
                                                  : country.valid_from > best->valid_from;
    }
    if (better) {
      best = &country;
      best_primary = c.primary;
    }
  }
  return best;
}

void add_candidate(std::unordered_map<std::string, Candidates>& map, std::string key,
                   std::uint32_t index, bool primary) {
  if (key.empty()) return;
  Candidates& list = map[std::move(key)];
  for (Candidate& c : list) {
    if (c.index == index) {
      c.primary = c.primary || primary;
      return;
    }
  }
  list.push_back({index, primary});
}

// Reads one countries.csv row. Code fields may list several codes separated by '|': the
// first is the current one, the others are kept in other_codes.
class RowReader {
 public:
  RowReader(const Table& table, std::size_t row) : table_(table), row_(row) {}

  std::string text(std::string_view column) const {
    return std::string(trim(table_.cell(row_, table_.column(column)), kBlanks));
  }

  int number(std::string_view column, int if_empty) const {
    const std::string cell = text(column);
    if (cell.empty()) return if_empty;
    const std::string key = numeric_key(cell);
    if (key.empty()) fail(column, "not a whole number: '" + cell + "'");
    return std::stoi(key);
  }

  std::vector<std::string> list(std::string_view column) const {
    std::vector<std::string> items;
    const std::string cell = text(column);
    std::size_t start = 0;
    while (start <= cell.size() && !cell.empty()) {
      const std::size_t bar = std::min(cell.find('|', start), cell.size());
      const std::string item(trim(std::string_view(cell).substr(start, bar - start), kBlanks));
      if (item.empty()) fail(column, "empty item in '" + cell + "'");
      items.push_back(item);
      start = bar + 1;
    }
    return items;
  }

  [[noreturn]] void fail(std::string_view column, const std::string& message) const {
    throw Error(table_.where(row_, table_.column(column)), message);
  }

 private:
  const Table& table_;
  std::size_t row_;
};

CountryStatus parse_status(const RowReader& row) {
  const std::string text = row.text("status");
  for (const auto& [value, name] : kStatusNames) {
    if (text == name) return value;
  }
  row.fail("status",
           "unknown status '" + text + "' (valid: member, observer, state, territory, historical)");
}

void read_text_codes(const RowReader& row, CodeSystem system, std::string& field,
                     Country& country) {
  const std::vector<std::string> codes = row.list(names_of(system).column);
  if (codes.empty()) return;
  field = codes.front();
  for (std::size_t i = 1; i < codes.size(); ++i) country.other_codes.emplace_back(system, codes[i]);
}

Country read_country(const Table& table, std::size_t r) {
  const RowReader row(table, r);
  Country c;
  c.code = row.text("code");
  if (c.code.empty()) row.fail("code", "empty registry key");
  c.name = row.text("name");
  if (c.name.empty()) row.fail("name", "empty name");
  read_text_codes(row, CodeSystem::iso2, c.iso2, c);
  read_text_codes(row, CodeSystem::iso3, c.iso3, c);
  c.iso_numeric = row.number("iso_numeric", 0);
  c.m49 = row.number("m49", 0);
  c.cow_numeric = row.number("cow_numeric", 0);
  read_text_codes(row, CodeSystem::cow_alpha, c.cow_alpha, c);
  c.gleditsch_ward = row.number("gleditsch_ward", 0);
  read_text_codes(row, CodeSystem::ioc, c.ioc, c);
  read_text_codes(row, CodeSystem::cameo, c.cameo, c);
  read_text_codes(row, CodeSystem::fips, c.fips, c);
  c.region = row.text("region");
  c.subregion = row.text("subregion");
  c.status = parse_status(row);
  c.valid_from = row.number("valid_from", 0);
  c.valid_to = row.number("valid_to", 9999);
  if (c.valid_from > c.valid_to) {
    row.fail("valid_to", "ends (" + std::to_string(c.valid_to) + ") before it begins (" +
                             std::to_string(c.valid_from) + ")");
  }
  c.aliases = row.list("aliases");
  return c;
}

}  // namespace

CountryRegistry CountryRegistry::from_csv(std::string_view text, std::string source) {
  CsvOptions options;
  options.delimiter = ',';
  const Table table = parse_csv(text, options, std::move(source));
  CountryRegistry registry;
  auto index = std::make_shared<Index>();
  std::unordered_set<std::string> keys;
  for (std::size_t r = 0; r < table.size(); ++r) {
    Country country = read_country(table, r);
    if (!keys.insert(upper_ascii(country.code)).second) {
      throw Error(table.where(r, table.column("code")),
                  "registry key '" + country.code + "' is listed twice");
    }
    const auto i = static_cast<std::uint32_t>(registry.countries_.size());
    for (CodeSystem system : kCodeSystems) {
      auto& map = index->codes[static_cast<std::size_t>(system)];
      add_candidate(map, code_key(system, country.code_in(system)), i, true);
    }
    for (const auto& [system, code] : country.other_codes) {
      add_candidate(index->codes[static_cast<std::size_t>(system)], code_key(system, code), i,
                    false);
    }
    add_candidate(index->names, normalise_country_name(country.name), i, true);
    for (const std::string& alias : country.aliases) {
      add_candidate(index->names, normalise_country_name(alias), i, false);
    }
    registry.countries_.push_back(std::move(country));
  }
  registry.index_ = std::move(index);
  return registry;
}

const CountryRegistry& CountryRegistry::world() {
  static const CountryRegistry registry =
      from_csv(embedded::countries_csv(), "src/softpower/core/countries.csv");
  return registry;
}

const Country* CountryRegistry::find(CodeSystem system, std::string_view code, int year) const {
  const auto& map = index_->codes[static_cast<std::size_t>(system)];
  const auto it = map.find(code_key(system, code));
  return it == map.end() ? nullptr : choose(countries_, it->second, year);
}

std::string CountryRegistry::display_name(std::string_view code) const {
  const Country* c = find(CodeSystem::key, code);
  if (c == nullptr) c = find(CodeSystem::iso3, code);
  return c != nullptr ? c->name : std::string(code);
}

const Country* CountryRegistry::find_name(std::string_view name, int year) const {
  const auto it = index_->names.find(normalise_country_name(name));
  return it == index_->names.end() ? nullptr : choose(countries_, it->second, year);
}

namespace {

// "1949-1990", "1992 on", "until 1990" or "always".
std::string years_text(const Country& country) {
  const std::string from = std::to_string(country.valid_from);
  const std::string to = std::to_string(country.valid_to);
  if (country.valid_from == 0) return country.current() ? "always" : "until " + to;
  return country.current() ? from + " on" : from + "-" + to;
}

// "West Germany 1949-1990, Germany always" for a message about a code unused in a year.
std::string holders(const std::vector<Country>& countries, const Candidates& candidates) {
  std::string text;
  for (const Candidate& c : candidates) {
    const Country& country = countries[c.index];
    text += (text.empty() ? "" : ", ") + country.name + " " + years_text(country);
  }
  return text;
}

}  // namespace

namespace {

// "did you mean A, B or C?" for the texts in `choices` ("" when none).
std::string did_you_mean(const std::vector<std::string>& choices) {
  if (choices.empty()) return {};
  std::string text = "did you mean ";
  for (std::size_t i = 0; i < choices.size(); ++i)
    text += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
  return text + "?";
}

// The entries of `keys` (normalised codes or names) within `most_edits` of `key`, as the
// countries they name: the closest first, then by name; at most three.
template <typename Map>
std::vector<const Country*> nearest(const std::vector<Country>& countries, const Map& keys,
                                    std::string_view key, std::size_t most_edits) {
  std::unordered_map<const Country*, std::size_t> distance;
  for (const auto& [text, candidates] : keys) {
    if (text.size() > key.size() + most_edits || key.size() > text.size() + most_edits) continue;
    const std::size_t d = edit_distance(key, text);
    if (d == 0 || d > most_edits) continue;
    for (const Candidate& c : candidates) {
      const Country* country = &countries[c.index];
      auto [it, fresh] = distance.emplace(country, d);
      if (!fresh) it->second = std::min(it->second, d);
    }
  }
  std::vector<std::pair<std::size_t, const Country*>> order;
  for (const auto& [country, d] : distance) order.emplace_back(d, country);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second->name < b.second->name;
  });
  std::vector<const Country*> out;
  for (std::size_t i = 0; i < order.size() && i < 3; ++i) out.push_back(order[i].second);
  return out;
}

}  // namespace

std::string CountryRegistry::suggest_code(CodeSystem system, std::string_view code) const {
  const std::string key = code_key(system, code);
  if (key.empty()) return {};
  std::vector<std::string> choices;
  for (const Country* c :
       nearest(countries_, index_->codes[static_cast<std::size_t>(system)], key, 1))
    choices.push_back(c->code_in(system) + " (" + c->name + ")");
  return did_you_mean(choices);
}

std::string CountryRegistry::suggest_name(std::string_view name) const {
  const std::string key = normalise_country_name(name);
  const std::size_t edits = std::clamp<std::size_t>(key.size() / 4, 1, 3);
  std::vector<std::string> choices;
  for (const Country* c : nearest(countries_, index_->names, key, edits))
    choices.push_back(c->name + " (" + c->code + ")");
  return did_you_mean(choices);
}

std::string CountryRegistry::suggest_key(std::string_view given) const {
  if (const Country* c = find_name(given)) return did_you_mean({c->code + " (" + c->name + ")"});
  std::string codes = trim(given, " \t").size() <= 3 ? suggest_code(CodeSystem::iso3, given) : "";
  return codes.empty() ? suggest_name(given) : codes;
}

namespace {

// " (did you mean X?)" or "" for an error message.
std::string hint(const std::string& suggestion) {
  return suggestion.empty() ? std::string() : " (" + suggestion + ")";
}

}  // namespace

const Country& CountryRegistry::get(CodeSystem system, std::string_view code, const Location& where,
                                    int year) const {
  if (const Country* country = find(system, code, year)) return *country;
  const auto& map = index_->codes[static_cast<std::size_t>(system)];
  const auto it = map.find(code_key(system, code));
  const std::string what = std::string(code_system_label(system)) + " '" + std::string(code) + "'";
  if (it == map.end()) throw Error(where, "unknown " + what + hint(suggest_code(system, code)));
  throw Error(where, what + " names no state in " + std::to_string(year) + " (" +
                         holders(countries_, it->second) + ")");
}

const Country& CountryRegistry::get_name(std::string_view name, const Location& where,
                                         int year) const {
  if (const Country* country = find_name(name, year)) return *country;
  const auto it = index_->names.find(normalise_country_name(name));
  if (it == index_->names.end()) {
    throw Error(where,
                "unknown country name '" + std::string(name) + "'" + hint(suggest_name(name)));
  }
  throw Error(where, "country name '" + std::string(name) + "' names no state in " +
                         std::to_string(year) + " (" + holders(countries_, it->second) + ")");
}

}  // namespace softpower
