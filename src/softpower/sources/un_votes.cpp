// UN General Assembly roll-call votes (Voeten, Strezhnev and Bailey's data, as packaged by
// the unvotes R package, dgrtwo/unvotes@7eb7034) in its two formats: the package's three
// tables (sessions 1-74, cast votes only, ISO alpha-2 codes) and Voeten's raw file (sessions
// 1-70, every state on every roll call with absences and non-members, COW numbers).
//
// A million rows name a few hundred states, so each distinct unit cell is looked up once per
// year, and the files are read as streams (csv_stream.hpp) rather than as Tables. How each
// seat change is keyed is in docs/alignment-data.md.

#include "softpower/sources/un_votes.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "softpower/core/input_memory.hpp"
#include "softpower/core/table.hpp"
#include "softpower/core/text.hpp"
#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/csv_stream.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kRepo = "dgrtwo/unvotes";
constexpr std::string_view kCommit = "7eb7034314ff79c49c9e0785fcd9d216fa04cf14";
constexpr std::string_view kVotesFile = "un-votes/un_votes.csv";
constexpr std::string_view kCallsFile = "un-votes/un_roll_calls.csv";
constexpr std::string_view kIssuesFile = "un-votes/un_roll_call_issues.csv";
constexpr std::string_view kVoetenFile = "un-votes/un_votes_voeten_raw.csv.gz";
constexpr std::string_view kLicence =
    "MIT (unvotes R package, (c) 2016 David Robinson); the Voeten et al. data are CC0";
constexpr std::string_view kProducer = "https://hdl.handle.net/1902.1/12379";

// `file` under the data directory (un-votes/...), or, when `dir` is the un-votes folder itself
// (or any folder holding the files under their own names), directly in it.
std::filesystem::path in_votes_dir(const std::filesystem::path& dir, std::string_view file) {
  const std::filesystem::path nested = dir / file;
  if (input_exists(nested)) return nested;
  const std::filesystem::path flat = dir / std::filesystem::path(file).filename();
  return input_exists(flat) ? flat : nested;
}

// The issue codes in the order of Voeten's dummy columns; RollCall::issues follows it.
constexpr std::string_view kIssueCodes[] = {"me", "nu", "di", "hr", "co", "ec"};

constexpr SeatSuccession kSuccessions[] = {
    {"XWG", "DEU", "1990-10-03",
     "German unification: Germany kept the Federal Republic's seat; un_votes.csv still writes "
     "\"Federal Republic of Germany\" for the votes of November and December 1990"},
    {"XNY", "YEM", "1990-05-22",
     "Yemeni unification: the Republic of Yemen took the Yemen Arab Republic's seat; both files "
     "write the Yemen Arab Republic (COW 678) for the votes of November and December 1990"},
};

// Labels of un_votes.csv that stand for a seat rather than a state: the package names the
// Soviet seat "Russia" (RU) from 1946 and Yugoslavia's seat "Yugoslavia" (YU) to 2019. Their
// state in a year is the one holding the seat's Correlates of War number then: 365 is the
// USSR to 1991 and Russia from 1992; 345 is Yugoslavia to 1992, Serbia and Montenegro
// 1993-2005 and Serbia from 2006.
struct SeatLabel {
  std::string_view iso2;
  std::string_view cow;
};
constexpr SeatLabel kSeatLabels[] = {{"RU", "365"}, {"YU", "345"}};

// ---- cells

// A cell quoted for a message, control characters and bytes that are not UTF-8 escaped.
std::string shown(std::string_view cell) {
  return "'" + printable(cell) + "'";
}

// Every record has the header's fields: a record with more or fewer is a broken line (or
// lines a quote left open ran together).
void check_width(const CsvStream& s) {
  if (s.size() != s.header().size()) {
    throw Error(Location{s.source(), s.line()}, std::to_string(s.size()) +
                                                    " fields where the header has " +
                                                    std::to_string(s.header().size()));
  }
}

int whole_number(const CsvStream& s, std::size_t col) {
  const std::string_view text = trim(s.field(col));
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range && end == text.data() + text.size()) {
    throw Error(s.where(col), shown(s.field(col)) + " is out of range (a whole number from " +
                                  std::to_string(std::numeric_limits<int>::min()) + " to " +
                                  std::to_string(std::numeric_limits<int>::max()) + ")");
  }
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    throw Error(s.where(col), "not a whole number: " + shown(s.field(col)));
  }
  return value;
}

// 0/1 with an empty cell for unknown.
std::optional<bool> flag(const CsvStream& s, std::size_t col) {
  const std::string_view text = trim(s.field(col));
  if (text.empty()) return std::nullopt;
  if (text == "0" || text == "1") return text == "1";
  throw Error(s.where(col), "not 0, 1 or empty: " + shown(s.field(col)));
}

std::string text(const CsvStream& s, std::size_t col) {
  const std::string_view cell = s.field(col);
  if (!is_valid_utf8(cell)) throw Error(s.where(col), "not UTF-8 text: " + shown(cell));
  return std::string(cell);
}

// An ISO date "yyyy-mm-dd" as un_roll_calls.csv writes it.
std::string iso_date(const CsvStream& s, std::size_t col) {
  const std::string_view d = trim(s.field(col));
  const bool ok = d.size() == 10 && d[4] == '-' && d[7] == '-' && all_digits(d.substr(0, 4)) &&
                  all_digits(d.substr(5, 2)) && all_digits(d.substr(8, 2)) &&
                  d.substr(5, 2) >= "01" && d.substr(5, 2) <= "12" && d.substr(8, 2) >= "01" &&
                  d.substr(8, 2) <= "31";
  if (!ok) throw Error(s.where(col), "not an ISO date: " + shown(s.field(col)));
  return std::string(d);
}

// Voeten's "M/D/YYYY" as an ISO date; "" for an empty cell.
std::string voeten_date(const CsvStream& s, std::size_t col) {
  const std::string_view d = trim(s.field(col));
  if (d.empty()) return "";
  const std::size_t first = d.find('/');
  const std::size_t second = first == std::string_view::npos ? first : d.find('/', first + 1);
  const auto bad = [&] {
    return Error(s.where(col), "not a M/D/YYYY date: " + shown(s.field(col)));
  };
  if (second == std::string_view::npos) throw bad();
  const std::string_view month = d.substr(0, first);
  const std::string_view day = d.substr(first + 1, second - first - 1);
  const std::string_view year = d.substr(second + 1);
  if (!all_digits(month) || !all_digits(day) || !all_digits(year) || month.size() > 2 ||
      day.size() > 2 || year.size() != 4) {
    throw bad();
  }
  const int m = std::stoi(std::string(month));
  const int dd = std::stoi(std::string(day));
  if (m < 1 || m > 12 || dd < 1 || dd > 31) throw bad();
  return std::string(year) + (m < 10 ? "-0" : "-") + std::to_string(m) + (dd < 10 ? "-0" : "-") +
         std::to_string(dd);
}

int year_of(std::string_view iso) {
  return std::stoi(std::string(iso.substr(0, 4)));
}

// ---- states

// The state of each distinct unit cell in each year, looked up once; every row that does not
// map is reported with its own line, as the first one was.
class UnitCache {
 public:
  explicit UnitCache(std::vector<UnmappedRow>& report) : report_(report), mapper_(report) {}

  /// A small id for a unit as a row writes it: `key` identifies it (the cells that name it),
  /// `shown` and `field` are the text and column a report names.
  std::uint32_t label(std::string_view key, std::string_view shown, std::string_view field) {
    const auto it = labels_.find(key);
    if (it != labels_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(keys_.size());
    keys_.push_back(std::make_unique<std::string>(key));
    shown_.emplace_back(shown);
    fields_.emplace_back(field);
    labels_.emplace(*keys_.back(), id);
    return id;
  }
  const std::string& shown(std::uint32_t label) const { return shown_[label]; }
  const std::string& field(std::uint32_t label) const { return fields_[label]; }

  /// The state of `label` in `year`: `lookup(mapper, where)` the first time, which reports a
  /// failure itself; later rows that fail are reported at `s`'s line and field `col`.
  template <typename Lookup>
  const Country* state(std::uint32_t label, int year, const CsvStream& s, std::size_t col,
                       Lookup&& lookup) {
    const std::uint64_t key = (std::uint64_t{label} << 32) | static_cast<std::uint32_t>(year);
    if (const auto it = found_.find(key); it != found_.end()) {
      const Entry& e = it->second;
      if (e.country == nullptr) report_.push_back(UnmappedRow{s.where(col), e.value, e.reason});
      return e.country;
    }
    const std::size_t reported = report_.size();
    Entry e;
    e.country = lookup(mapper_, s.where(col));
    if (e.country == nullptr && report_.size() > reported) {
      e.value = report_.back().value;
      e.reason = report_.back().reason;
    }
    return found_.emplace(key, std::move(e)).first->second.country;
  }

  const CountryRegistry& registry() const { return mapper_.registry(); }

 private:
  struct Entry {
    const Country* country = nullptr;
    std::string value;
    std::string reason;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  std::vector<UnmappedRow>& report_;
  UnitMapper mapper_;
  std::vector<std::unique_ptr<std::string>> keys_;  // stable addresses for labels_'s views
  std::vector<std::string> shown_;
  std::vector<std::string> fields_;
  std::unordered_map<std::string_view, std::uint32_t, Hash, std::equal_to<>> labels_;
  std::unordered_map<std::uint64_t, Entry> found_;
};

// The seat successions resolved to registry entries once.
class Successions {
 public:
  explicit Successions(const CountryRegistry& registry) {
    for (const SeatSuccession& s : kSuccessions) {
      items_.push_back({&registry.get(CodeSystem::key, s.from, Location{"un_votes.cpp"}),
                        &registry.get(CodeSystem::key, s.to, Location{"un_votes.cpp"}), s.date});
    }
  }
  /// The state that cast a vote on `date` that the registry's years give to `state`.
  const Country* holder(const Country* state, std::string_view date) const {
    for (const Item& item : items_) {
      if (state == item.from && !date.empty() && date >= item.date) return item.to;
    }
    return state;
  }

 private:
  struct Item {
    const Country* from;
    const Country* to;
    std::string_view date;
  };
  std::vector<Item> items_;
};

// ---- votes

// The votes read, in file order, before the voting states are known.
class VoteRows {
 public:
  void add(const Country* state, std::uint32_t call, Vote vote, std::size_t line,
           std::uint32_t label) {
    rows_.push_back({state, call, static_cast<std::uint32_t>(line), label, vote});
  }

  /// The matrix of states (by registry key) and `calls`; `order[k]` is the position in
  /// `calls` of the k-th call as numbered in add(). A second vote of a state on a call is
  /// reported as a duplicate at its line (the first is kept).
  RollCallVotes build(std::vector<RollCall> calls, const std::vector<std::size_t>& order,
                      const std::string& file, const UnitCache& units,
                      std::vector<UnmappedRow>& report) const {
    std::unordered_set<const Country*> voting;
    for (const Row& r : rows_) voting.insert(r.state);
    std::vector<const Country*> states(voting.begin(), voting.end());
    std::sort(states.begin(), states.end(),
              [](const Country* a, const Country* b) { return a->code < b->code; });
    std::unordered_map<const Country*, std::size_t> position;
    std::vector<std::string> codes;
    for (const Country* c : states) {
      position.emplace(c, codes.size());
      codes.push_back(c->code);
    }
    RollCallVotes votes(std::move(calls), std::move(codes));
    for (const Row& r : rows_) {
      const std::size_t state = position.at(r.state);
      const std::size_t call = order[r.call];
      if (votes.at(state, call) != Vote::none) {
        report.push_back(UnmappedRow{Location{file, r.line, units.field(r.label)},
                                     units.shown(r.label), std::string(unmapped::duplicate)});
        continue;
      }
      votes.set(state, call, r.vote);
    }
    return votes;
  }

 private:
  struct Row {
    const Country* state;
    std::uint32_t call;
    std::uint32_t line;
    std::uint32_t label;
    Vote vote;
  };
  std::vector<Row> rows_;
};

// Calls sorted by rcid, and where each call of `calls` went.
std::vector<std::size_t> sort_by_id(std::vector<RollCall>& calls) {
  std::vector<std::size_t> by_id(calls.size());
  std::iota(by_id.begin(), by_id.end(), std::size_t{0});
  std::stable_sort(by_id.begin(), by_id.end(),
                   [&](std::size_t a, std::size_t b) { return calls[a].id < calls[b].id; });
  std::vector<RollCall> sorted;
  std::vector<std::size_t> order(calls.size());
  for (std::size_t k = 0; k < by_id.size(); ++k) {
    order[by_id[k]] = k;
    sorted.push_back(std::move(calls[by_id[k]]));
  }
  calls = std::move(sorted);
  return order;
}

// ---- the unvotes package's tables

std::vector<RollCall> read_roll_calls(const std::filesystem::path& path, VoteResult& result,
                                      std::unordered_map<int, std::size_t>& index) {
  CsvStream s(path);
  const std::size_t rcid = s.column("rcid"), session = s.column("session"),
                    important = s.column("importantvote"), date = s.column("date"),
                    unres = s.column("unres"), amend = s.column("amend"), para = s.column("para"),
                    short_text = s.column("short"), descr = s.column("descr");
  std::vector<RollCall> calls;
  std::vector<std::size_t> lines;
  while (s.next()) {
    check_width(s);
    RollCall c;
    c.id = whole_number(s, rcid);
    if (const auto [it, fresh] = index.emplace(c.id, calls.size()); !fresh) {
      throw Error(s.where(rcid), "roll call " + std::to_string(c.id) +
                                     " is listed twice (first at line " +
                                     std::to_string(lines[it->second]) + ")");
    }
    c.session = whole_number(s, session);
    c.important = flag(s, important);
    c.date = iso_date(s, date);
    c.year = year_of(c.date);
    c.resolution = text(s, unres);
    c.amendment = flag(s, amend);
    c.paragraph = flag(s, para);
    c.description = text(s, short_text);
    c.long_description = text(s, descr);
    calls.push_back(std::move(c));
    lines.push_back(s.line());
  }
  result.files.push_back(path);
  result.rows_read += s.records();
  return calls;
}

void read_issues(const std::filesystem::path& path, const std::filesystem::path& calls_path,
                 std::vector<RollCall>& calls, const std::unordered_map<int, std::size_t>& index,
                 VoteResult& result) {
  CsvStream s(path);
  const std::size_t rcid = s.column("rcid"), short_name = s.column("short_name");
  while (s.next()) {
    check_width(s);
    const int id = whole_number(s, rcid);
    const auto call = index.find(id);
    if (call == index.end()) {
      throw Error(s.where(rcid),
                  "roll call " + std::to_string(id) + " is not in " + calls_path.string());
    }
    const std::string_view code = trim(s.field(short_name));
    if (std::find(std::begin(kIssueCodes), std::end(kIssueCodes), code) == std::end(kIssueCodes)) {
      throw Error(s.where(short_name),
                  "unknown issue " + shown(code) + "; one of me, nu, di, hr, co, ec");
    }
    std::vector<std::string>& issues = calls[call->second].issues;
    if (std::find(issues.begin(), issues.end(), code) != issues.end()) {
      throw Error(s.where(short_name), "issue " + shown(code) + " of roll call " +
                                           std::to_string(id) + " is listed twice");
    }
    issues.emplace_back(code);
  }
  for (RollCall& c : calls) {
    std::sort(c.issues.begin(), c.issues.end(), [](const std::string& a, const std::string& b) {
      return std::find(std::begin(kIssueCodes), std::end(kIssueCodes), a) <
             std::find(std::begin(kIssueCodes), std::end(kIssueCodes), b);
    });
  }
  result.files.push_back(path);
  result.rows_read += s.records();
}

Vote cast_vote(const CsvStream& s, std::size_t col) {
  const std::string_view v = trim(s.field(col));
  if (v == "yes") return Vote::yes;
  if (v == "abstain") return Vote::abstain;
  if (v == "no") return Vote::no;
  throw Error(s.where(col), "not a vote (yes, abstain or no): " + shown(s.field(col)));
}

const SeatLabel* seat_label(std::string_view iso2) {
  for (const SeatLabel& seat : kSeatLabels) {
    if (seat.iso2 == iso2) return &seat;
  }
  return nullptr;
}

VoteResult read_un_votes_tables(const std::filesystem::path& data_dir) {
  VoteResult result;
  std::unordered_map<int, std::size_t> index;
  const std::filesystem::path calls_path = in_votes_dir(data_dir, kCallsFile);
  std::vector<RollCall> calls = read_roll_calls(calls_path, result, index);
  read_issues(in_votes_dir(data_dir, kIssuesFile), calls_path, calls, index, result);

  const std::filesystem::path path = in_votes_dir(data_dir, kVotesFile);
  CsvStream s(path);
  const std::size_t rcid = s.column("rcid"), country = s.column("country"),
                    code = s.column("country_code"), vote = s.column("vote");
  UnitCache units(result.unmapped);
  const Successions successions(units.registry());
  VoteRows rows;
  std::string key;
  while (s.next()) {
    check_width(s);
    const int id = whole_number(s, rcid);
    const auto call = index.find(id);
    if (call == index.end()) {
      throw Error(s.where(rcid),
                  "roll call " + std::to_string(id) + " is not in " + calls_path.string());
    }
    const RollCall& c = calls[call->second];
    const Vote cast = cast_vote(s, vote);
    const std::string_view iso2 = trim(s.field(code));
    const std::string_view name = trim(s.field(country));
    key.assign(iso2).append(1, '\x1f').append(name);
    // `NA` is Namibia: an empty code is the only missing one, and those rows (the Yemen Arab
    // Republic, Zanzibar, the "Federal Republic of Germany") are named instead.
    const std::size_t unit_col = iso2.empty() ? country : code;
    const std::uint32_t label = units.label(key, iso2.empty() ? name : iso2, s.header()[unit_col]);
    const Country* state =
        units.state(label, c.year, s, unit_col, [&](UnitMapper& mapper, const Location& where) {
          if (iso2.empty()) return mapper.name(name, where, c.year);
          if (const SeatLabel* seat = seat_label(iso2)) {
            return mapper.code(CodeSystem::cow_numeric, seat->cow, where, c.year, iso2);
          }
          return mapper.code(CodeSystem::iso2, iso2, where, c.year);
        });
    if (state == nullptr) continue;
    rows.add(successions.holder(state, c.date), static_cast<std::uint32_t>(call->second), cast,
             s.line(), label);
  }
  result.files.push_back(path);
  result.rows_read += s.records();

  const std::vector<std::size_t> order = sort_by_id(calls);
  result.votes = rows.build(std::move(calls), order, path.string(), units, result.unmapped);
  return result;
}

// ---- Voeten's raw file

VoteResult read_voeten_file(const std::filesystem::path& data_dir) {
  VoteResult result;
  const std::filesystem::path path = in_votes_dir(data_dir, kVoetenFile);
  CsvStream s(path);
  const std::size_t rcid = s.column("rcid"), session = s.column("session"), vote = s.column("vote"),
                    ccode = s.column("ccode"), important = s.column("importantvote"),
                    date = s.column("date"), unres = s.column("unres"), year = s.column("year");
  std::vector<std::size_t> issue_cols;
  for (const std::string_view issue : kIssueCodes) issue_cols.push_back(s.column(issue));
  // The roll call's own columns, repeated on each of its rows: they must agree.
  std::vector<std::size_t> call_cols = {session, important, date, unres, year};
  call_cols.insert(call_cols.end(), issue_cols.begin(), issue_cols.end());

  std::vector<RollCall> calls;
  std::vector<std::string> call_text;
  std::vector<std::size_t> call_line;
  std::unordered_map<int, std::size_t> index;
  UnitCache units(result.unmapped);
  const Successions successions(units.registry());
  VoteRows rows;
  std::string text_of_call;
  while (s.next()) {
    check_width(s);
    const int id = whole_number(s, rcid);
    text_of_call.clear();
    for (const std::size_t col : call_cols) text_of_call.append(s.field(col)).append(1, '\x1f');
    auto [it, fresh] = index.emplace(id, calls.size());
    if (fresh) {
      RollCall c;
      c.id = id;
      c.session = whole_number(s, session);
      c.important = flag(s, important);
      c.date = voeten_date(s, date);
      // The file's `year` is the session's first year; the date says when the vote was. One
      // roll call (4592) has no date, and its session's year stands in.
      c.year = c.date.empty() ? whole_number(s, year) : year_of(c.date);
      c.resolution = text(s, unres);
      for (std::size_t k = 0; k < issue_cols.size(); ++k) {
        const std::string_view dummy = trim(s.field(issue_cols[k]));
        // `ec` was a text column in the original; roll call 1429 carries the stray value
        // 0\" there (0 with a quote left over from a conversion), read as 0.
        if (dummy == "1") {
          c.issues.emplace_back(kIssueCodes[k]);
        } else if (dummy != "0" && !dummy.empty() && dummy != "0\\\"") {
          throw Error(s.where(issue_cols[k]),
                      "not an issue dummy (0, 1 or empty): " + shown(dummy));
        }
      }
      calls.push_back(std::move(c));
      call_text.push_back(text_of_call);
      call_line.push_back(s.line());
    } else if (call_text[it->second] != text_of_call) {
      throw Error(s.where(rcid), "roll call " + std::to_string(id) +
                                     ": its session, date, resolution, importance or issues "
                                     "differ from those at line " +
                                     std::to_string(call_line[it->second]));
    }
    const RollCall& c = calls[it->second];
    const std::optional<Vote> v = vote_from_code(whole_number(s, vote));
    if (!v || *v == Vote::none) {
      throw Error(s.where(vote), "not a vote code (1, 2, 3, 8 or 9): " + shown(s.field(vote)));
    }
    const std::string_view cow = trim(s.field(ccode));
    const std::uint32_t label = units.label(cow, cow, "ccode");
    const Country* state =
        units.state(label, c.year, s, ccode, [&](UnitMapper& mapper, const Location& where) {
          return mapper.code(CodeSystem::cow_numeric, cow, where, c.year);
        });
    if (state == nullptr) continue;
    rows.add(successions.holder(state, c.date), static_cast<std::uint32_t>(it->second), *v,
             s.line(), label);
  }
  result.files.push_back(path);
  result.rows_read = s.records();
  const std::vector<std::size_t> order = sort_by_id(calls);
  result.votes = rows.build(std::move(calls), order, path.string(), units, result.unmapped);
  return result;
}

SourceFile converted(std::string_view local, std::string_view original, std::string how) {
  return {std::string(local), github_raw(kRepo, kCommit, original), std::move(how)};
}

VoteReader base_reader() {
  VoteReader r;
  r.origin_url = github_tree(kRepo, kCommit);
  r.licence = std::string(kLicence);
  r.producer_url = std::string(kProducer);
  return r;
}

}  // namespace

std::span<const SeatSuccession> un_seat_successions() {
  return kSuccessions;
}

RollCallVotes read_un_votes(const std::filesystem::path& data_dir,
                            std::vector<UnmappedRow>& unmapped) {
  VoteResult r = read_un_votes_tables(data_dir);
  unmapped.insert(unmapped.end(), r.unmapped.begin(), r.unmapped.end());
  return std::move(r.votes);
}

RollCallVotes read_voeten_votes(const std::filesystem::path& data_dir,
                                std::vector<UnmappedRow>& unmapped) {
  VoteResult r = read_voeten_file(data_dir);
  unmapped.insert(unmapped.end(), r.unmapped.begin(), r.unmapped.end());
  return std::move(r.votes);
}

std::vector<std::filesystem::path> un_votes_files(const std::filesystem::path& data_dir,
                                                  bool voeten) {
  if (voeten) return {in_votes_dir(data_dir, kVoetenFile)};
  return {in_votes_dir(data_dir, kVotesFile), in_votes_dir(data_dir, kCallsFile),
          in_votes_dir(data_dir, kIssuesFile)};
}

VoteReader un_votes_reader() {
  VoteReader r = base_reader();
  r.id = "un-votes";
  r.edition =
      "Voeten et al.'s UN General Assembly votes, sessions 1-74 (1946-2019), as the unvotes R "
      "package 0.2.0.9000 rebuilt them on 2021-03-08";
  r.title = "UN General Assembly roll-call votes (yes, abstain, no), sessions 1-74, 1946-2019";
  r.path = "un-votes/";
  r.files = {converted(kVotesFile, "data/un_votes.rda", "converted from data/un_votes.rda to CSV"),
             converted(kCallsFile, "data/un_roll_calls.rda",
                       "converted from data/un_roll_calls.rda to CSV"),
             converted(kIssuesFile, "data/un_roll_call_issues.rda",
                       "converted from data/un_roll_call_issues.rda to CSV")};
  r.read = read_un_votes_tables;
  return r;
}

VoteReader voeten_votes_reader() {
  VoteReader r = base_reader();
  r.id = "un-votes-voeten";
  r.edition =
      "Voeten et al.'s dataset as downloaded on 2016-07-07, sessions 1-70 (1946-2015), in unvotes' "
      "data-raw";
  r.title =
      "UN General Assembly roll-call votes with absences and non-members (Voeten's raw file), "
      "sessions 1-70, 1946-2015";
  r.path = std::string(kVoetenFile);
  r.files = {converted(kVoetenFile, "data-raw/UNVotesPublished.RData",
                       "converted from object x of data-raw/UNVotesPublished.RData to CSV (dates "
                       "kept as M/D/YYYY text), gzipped")};
  r.read = read_voeten_file;
  return r;
}

}  // namespace softpower::sources
