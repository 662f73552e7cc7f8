#include "softpower/sources/gdelt.hpp"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <system_error>
#include <utility>

#include "softpower/core/byte_stream.hpp"
#include "softpower/core/delimited.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/parallel.hpp"
#include "softpower/core/table.hpp"
#include "softpower/core/text.hpp"
#include "softpower/sources/gdelt_countries.hpp"
#include "softpower/sources/gdelt_layout.hpp"
#include "softpower/sources/gdelt_numbers.hpp"

namespace softpower::sources {

namespace {

// ---------------------------------------------------------------------------------------------
// Bytes: plain, gzip and zip come from core/byte_stream.hpp.

// Where the parts of a plain file start when it is cut into parts of about `part` bytes: each
// cut moves forward to just after a line end, so no line is split. Returns the starts and,
// last, the file's size. A file whose first line is a header (or quoted CSV, whose records
// may hold line breaks) or that is not larger than `part` is one part.
std::vector<std::uint64_t> part_starts(const std::filesystem::path& path, std::uint64_t size,
                                       std::uint64_t part) {
  std::vector<std::uint64_t> starts = {0};
  if (part == 0 || size <= part) {
    starts.push_back(size);
    return starts;
  }
  std::array<char, 1 << 16> buffer{};
  const std::size_t head = read_full(*open_file_bytes(path, 0, 64), buffer.data(), 64);
  std::string_view first(buffer.data(), head);
  if (first.starts_with("\xEF\xBB\xBF")) first.remove_prefix(3);
  if (first.starts_with('"') || is_gdelt_header(first) ||
      first.find('\t') == std::string_view::npos) {
    starts.push_back(size);
    return starts;
  }
  for (std::uint64_t cut = part; cut < size; cut = std::max(cut + part, starts.back() + 1)) {
    // The first line end from the byte before the cut on.
    const std::unique_ptr<ByteStream> rest = open_file_bytes(path, cut - 1);
    std::uint64_t at = cut - 1;
    bool found = false;
    while (!found) {
      const std::size_t got = rest->read(buffer.data(), buffer.size());
      if (got == 0) break;
      const void* nl = std::memchr(buffer.data(), '\n', got);
      if (nl != nullptr) {
        at += static_cast<std::uint64_t>(static_cast<const char*>(nl) - buffer.data()) + 1;
        found = true;
      } else {
        at += got;
      }
    }
    if (!found || at >= size) break;
    if (at > starts.back()) starts.push_back(at);
  }
  starts.push_back(size);
  return starts;
}

// ---------------------------------------------------------------------------------------------
// Field parsing without allocation.

using gdelt_numbers::parse_integer;
using gdelt_numbers::parse_real;

// A field in a message: cut after 40 bytes, control characters and bytes that are not UTF-8
// escaped (a NUL byte would end the message where it is printed).
std::string shown(std::string_view text) {
  return printable(text, 40);
}

// ---------------------------------------------------------------------------------------------
// One file.

struct FileResult {
  GdeltFileReport report;
  std::vector<GdeltProblem> examples;
  std::map<std::string, std::size_t> actor_regions, actor_unknown, geo_not_country, geo_unknown;
  std::size_t actor_codes_cut = 0;
};

constexpr std::size_t kMaxFields = 72;
const Event kBlankEvent{};

class FileReader {
 public:
  FileReader(const std::filesystem::path& path, std::size_t index, const GdeltOptions& options,
             const CountryRegistry& registry, const GdeltVisitor& visit, FileResult& result,
             bool inflate_ahead, std::uint64_t size, std::uint64_t begin = 0, std::uint64_t end = 0)
      : path_(path),
        begin_(begin),
        end_(end),
        index_(index),
        options_(options),
        visit_(visit),
        result_(result),
        cameo_(registry, CodeSystem::cameo),
        fips_(registry, CodeSystem::fips),
        inflate_ahead_(inflate_ahead),
        size_(size),
        line_limit_(line_limit()),
        columns_(options.strict ? kAllEventFields : options.columns & kAllEventFields) {
    batch_.reserve(std::max<std::size_t>(1, options.batch_size));
  }

  /// Physical lines read (of the part, for a part).
  std::size_t lines() const { return lines_; }

  void run() {
    result_.report.file = path_.string();
    const bool whole = begin_ == 0 && end_ == 0;
    const Packing packing = whole ? file_packing(path_) : Packing::plain;
    if (packing == Packing::zip) {
      const ZipArchive archive(path_);
      const auto& members = archive.members();
      if (members.empty()) throw Error(Location{path_.string()}, "the zip archive has no files");
      for (const ZipArchive::Member& member : members) {
        const std::unique_ptr<ByteStream> stream = archive.open(member);
        read_packed(*stream, member.size >= kPrefetchFrom);
      }
    } else {
      // Plain or gzip, through core's one way of opening text; a part is plain bytes.
      const std::unique_ptr<ByteStream> stream =
          whole ? open_text(path_) : open_file_bytes(path_, begin_, end_);
      read_packed(*stream, packing == Packing::gzip);
    }
    flush();
    if (options_.progress != nullptr && size_ > reported_) {
      options_.progress->advance(size_ - reported_);
      reported_ = size_;
    }
    cameo_.report(result_.actor_regions, result_.actor_unknown);
    fips_.report(result_.geo_not_country, result_.geo_unknown);
  }

 private:
  // Zip members smaller than this are inflated on the reading thread: a thread and its chunks
  // for each of many small members cost more than they save.
  static constexpr std::uint64_t kPrefetchFrom = std::uint64_t{8} << 20;

  // -- reading records ------------------------------------------------------------------------

  void read_packed(ByteStream& stream, bool big) {
    if (!inflate_ahead_ || !big) {
      read_stream(stream);
      return;
    }
    const std::unique_ptr<ByteStream> ahead = read_ahead(stream, std::size_t{1} << 20);
    read_stream(*ahead);
  }

  // Grows the read buffer for a record that fills it, up to the line limit.
  void grow_buffer(std::size_t line) {
    if (buffer_.size() > line_limit_.bytes) {
      throw Error(Location{display_, line}, "a line longer than " + describe(line_limit_));
    }
    buffer_.resize(std::min<std::size_t>(buffer_.size() * 2, line_limit_.bytes + 1));
  }

  void read_stream(ByteStream& stream) {
    display_ = stream.name();
    state_ = State::start;
    wanted_tabs_ = ~std::uint64_t{0};
    header_mode_ = false;
    row_names_ = -1;
    std::size_t line = 1;  // physical line at `begin`
    std::size_t begin = 0;
    std::size_t end = 0;
    bool eof = false;
    if (buffer_.size() < options_.block_size)
      buffer_.resize(std::max<std::size_t>(options_.block_size, 64));
    std::size_t scan = 0;      // where the search for the record's end goes on
    std::size_t newlines = 0;  // inside the record being built (quoted line breaks)
    std::size_t quotes = 0;    // quotes in [begin, scan), for header files
    while (!eof) {
      // Keep the unfinished record, then read more after it.
      if (begin > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin, end - begin);
        end -= begin;
        scan -= begin;
        begin = 0;
      }
      if (end == buffer_.size()) grow_buffer(line);  // one record fills it
      const std::size_t got = stream.read(buffer_.data() + end, buffer_.size() - end);
      result_.report.bytes += got;
      end += got;
      eof = got == 0;
      if (options_.progress != nullptr) {
        if (options_.progress->cancelled()) throw Error("reading GDELT events: cancelled");
        const std::uint64_t at = std::min<std::uint64_t>(stream.position(), size_);
        if (at > reported_) {
          options_.progress->advance(at - reported_);
          reported_ = at;
        }
      }
      // Whole records in [begin, end).
      const char* data = buffer_.data();
      for (;;) {
        const void* found = std::memchr(data + scan, '\n', end - scan);
        if (found == nullptr) {
          if (eof && begin < end) {
            record(std::string_view(data + begin, end - begin), line);
            line += newlines + 1;
            begin = end;
          }
          if (header_mode_) quotes += count_quotes(std::string_view(data + scan, end - scan));
          scan = end;
          break;
        }
        const std::size_t stop = static_cast<std::size_t>(static_cast<const char*>(found) - data);
        if (header_mode_) {
          // A line break inside quotes: the record goes on. The quotes are counted once each,
          // from where the last search stopped, so a long record is not scanned again and again.
          quotes += count_quotes(std::string_view(data + scan, stop - scan));
          if (quotes % 2 == 1) {
            scan = stop + 1;
            ++newlines;
            continue;
          }
        }
        record(std::string_view(data + begin, stop - begin), line);
        line += newlines + 1;
        newlines = 0;
        quotes = 0;
        begin = stop + 1;
        scan = begin;
      }
    }
    lines_ += line - 1;
  }

  static std::size_t count_quotes(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '"'));
  }

  void record(std::string_view text, std::size_t line) {
    // The read buffer is at least a block (4 MB), which may be more than the limit.
    if (text.size() > line_limit_.bytes) {
      throw Error(Location{display_, line}, "a line longer than " + describe(line_limit_));
    }
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (state_ == State::start && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (text.empty()) return;
    if (state_ == State::start) {
      state_ = State::detecting;
      if (is_gdelt_header(text)) {
        read_header(text, line);
        return;
      }
    }
    ++result_.report.records;
    line_ = line;
    if (!header_mode_ && text.size() > std::numeric_limits<std::uint32_t>::max()) {
      malformed("", "a line of 4 GiB or more");  // tab positions are kept in 32 bits
      return;
    }
    const std::size_t n = header_mode_ ? split_quoted(text) : split_tabs(text);
    if (!set_layout(n)) return;
    Event& event = batch_.emplace_back(kBlankEvent);  // copied: value-initialising was a rep stos
    if (!parse_event(event)) {
      batch_.pop_back();
      return;
    }
    ++result_.report.events;
    if (batch_.size() >= options_.batch_size) flush();
  }

  void read_header(std::string_view text, std::size_t line) {
    header_mode_ = true;
    delimiter_ = text.find(',') != std::string_view::npos ? ',' : '\t';
    line_ = line;
    const std::size_t n = split_quoted(text);
    layout_ = gdelt_header_layout(
        std::span<const std::string_view>(fields_.data(), std::min(n, kMaxFields)), n,
        Location{display_, line});
    result_.report.format = GdeltFormat::header_csv;
    state_ = State::reading;
  }

  // The fields of a tab-separated line; the bytes around it in the read buffer may be loaded.
  std::size_t split_tabs(std::string_view text) {
    return tabs_.split(text, wanted_tabs_, buffer_.data(), buffer_.data() + buffer_.size());
  }

  // Quoted CSV (R write.csv): a bare NA is missing.
  std::size_t split_quoted(std::string_view text) {
    return split_quoted_record(text, delimiter_, "NA", fields_, scratch_);
  }

  // Column c of the line split last (c < its number of fields).
  [[gnu::always_inline]] std::string_view column(std::size_t c) const {
    return header_mode_ ? fields_[c] : tabs_.field(c);
  }

  // The tabs on either side of the columns of `layout` (bit t: tab t).
  std::uint64_t tabs_bounding(const GdeltLayout& layout) const {
    std::uint64_t tabs = 0;
    for (unsigned f = 0; f < kEventFieldCount; ++f) {
      const int c = reads(static_cast<EventField>(f)) ? layout.column[f] : -1;
      if (c > 0) tabs |= std::uint64_t{1} << (c - 1);
      if (c >= 0 && c < 64) tabs |= std::uint64_t{1} << c;
    }
    return tabs;
  }

  // Decides the layout from the first well-formed line, then checks every line against it.
  bool set_layout(std::size_t n) {
    if (header_mode_) {
      if (row_names_ < 0 && (n == layout_.fields || n == layout_.fields + 1)) {
        // R writes row names as an unnamed first column: one field more than the header.
        row_names_ = n == layout_.fields + 1 ? 1 : 0;
      }
      const std::size_t expected =
          layout_.fields + static_cast<std::size_t>(std::max(0, row_names_));
      if (n != expected) {
        return malformed("", std::to_string(n) + " columns where the header has " +
                                 std::to_string(layout_.fields) +
                                 (row_names_ == 1 ? " and row names" : ""));
      }
      return true;
    }
    if (state_ != State::reading) {
      const GdeltFormat format = gdelt_format_of(n);
      if (format == GdeltFormat::unknown) {
        return malformed(
            "", std::to_string(n) + " columns; GDELT events have 57 or 58 (1.0) or 61 (2.0)");
      }
      layout_ = gdelt_fixed_layout(format);
      wanted_tabs_ = tabs_bounding(layout_);
      result_.report.format = format;
      state_ = State::reading;
    }
    if (n != layout_.fields) {
      return malformed("", std::to_string(n) + " columns where this file has " +
                               std::to_string(layout_.fields) + " (" +
                               std::string(gdelt_format_name(result_.report.format)) + ")");
    }
    return true;
  }

  [[gnu::always_inline]] std::string_view field(EventField f) const {
    const int c = layout_.column[static_cast<std::size_t>(f)];
    if (c < 0) return {};
    return column(static_cast<std::size_t>(c) + (row_names_ > 0 ? 1U : 0U));
  }

  bool malformed(std::string_view field_name, const std::string& reason) {
    if (options_.strict) throw Error(Location{display_, line_, std::string(field_name)}, reason);
    ++result_.report.malformed;
    if (result_.examples.size() < options_.max_examples) {
      result_.examples.push_back({display_, line_, std::string(field_name), reason});
    }
    return false;
  }
  bool bad(EventField f, std::string_view what) {
    const std::string_view text = field(f);
    return malformed(gdelt_column_name(f),
                     text.empty() ? "missing " + std::string(what)
                                  : "'" + shown(text) + "' is not " + std::string(what));
  }

  bool reads(EventField f) const { return (columns_ & event_field_bit(f)) != 0; }

  // The columns asked for (GdeltOptions::columns; all in strict mode), each parsed and checked,
  // in the order of the checks documented in docs/perception-data.md.
  bool parse_event(Event& e) {
    if (reads(EventField::id) && !parse_integer(field(EventField::id), e.id))
      return bad(EventField::id, "an event id");
    // Lines of a file come mostly in date order: a date checked once is not checked again.
    if (reads(EventField::date) && (!parse_integer(field(EventField::date), e.date) ||
                                    (e.date != last_date_ && !valid_event_date(e.date)))) {
      return bad(EventField::date, "a date (yyyymmdd)");
    }
    last_date_ = reads(EventField::date) ? e.date : last_date_;
    if (reads(EventField::event_code)) {
      const std::string_view code = field(EventField::event_code);
      if (code.size() < 2 || code.size() > 4 || !all_digits(code)) {
        return bad(EventField::event_code, "a CAMEO event code (2 to 4 digits)");
      }
      e.event_code.assign(code);
    }
    if (reads(EventField::root_code)) {
      int root = 0;
      if (!parse_integer(field(EventField::root_code), root) || root < 1 || root > 20) {
        return bad(EventField::root_code, "a CAMEO root code (01 to 20)");
      }
      e.root_code = static_cast<std::uint8_t>(root);
    }
    if (reads(EventField::quad_class)) {
      int quad = 0;
      if (!parse_integer(field(EventField::quad_class), quad) || quad < 1 || quad > 4) {
        return bad(EventField::quad_class, "a quad class (1 to 4)");
      }
      e.quad_class = static_cast<QuadClass>(quad);
    }
    if (reads(EventField::is_root)) {
      // One character compared as such (string_view's == called memcmp: 4% of the time).
      const std::string_view is_root = field(EventField::is_root);
      const char flag = is_root.size() == 1 ? is_root[0] : is_root.empty() ? '0' : 'x';
      if (flag == '1') {
        e.is_root = true;
      } else if (flag == '0') {
        e.is_root = false;
      } else {
        return bad(EventField::is_root, "0 or 1");
      }
    }
    return parse_scores(e) && parse_counts(e) && parse_codes(e);
  }

  bool parse_scores(Event& e) {
    double value = 0;
    if (reads(EventField::goldstein)) {
      if (field(EventField::goldstein).empty()) {
        e.goldstein = std::numeric_limits<double>::quiet_NaN();
      } else if (!parse_real(field(EventField::goldstein), value) || value < -10 || value > 10) {
        return bad(EventField::goldstein, "a Goldstein score (-10 to 10)");
      } else {
        e.goldstein = value;
      }
    }
    if (reads(EventField::avg_tone)) {
      if (!parse_real(field(EventField::avg_tone), value) || value < -100 || value > 100) {
        return bad(EventField::avg_tone, "a tone (-100 to 100)");
      }
      e.avg_tone = value;
    }
    return true;
  }

  bool parse_counts(Event& e) {
    if (reads(EventField::num_mentions) &&
        (!parse_integer(field(EventField::num_mentions), e.num_mentions) || e.num_mentions < 0)) {
      return bad(EventField::num_mentions, "a count");
    }
    if (reads(EventField::num_sources) &&
        (!parse_integer(field(EventField::num_sources), e.num_sources) || e.num_sources < 0)) {
      return bad(EventField::num_sources, "a count");
    }
    if (reads(EventField::num_articles) &&
        (!parse_integer(field(EventField::num_articles), e.num_articles) || e.num_articles < 0)) {
      return bad(EventField::num_articles, "a count");
    }
    if (reads(EventField::date_added) && !field(EventField::date_added).empty() &&
        !parse_integer(field(EventField::date_added), e.date_added)) {
      return bad(EventField::date_added, "a date (yyyymmdd or yyyymmddhhmmss)");
    }
    return true;
  }

  // Codes never make a line malformed: what does not map is counted in the report.
  bool parse_codes(Event& e) {
    if (reads(EventField::actor1_code) &&
        !e.actor1_code.assign(trim(field(EventField::actor1_code), " "))) {
      ++result_.actor_codes_cut;
    }
    if (reads(EventField::actor2_code) &&
        !e.actor2_code.assign(trim(field(EventField::actor2_code), " "))) {
      ++result_.actor_codes_cut;
    }
    if (reads(EventField::actor1_country))
      e.actor1_country = cameo_.map(trim(field(EventField::actor1_country), " "));
    if (reads(EventField::actor2_country))
      e.actor2_country = cameo_.map(trim(field(EventField::actor2_country), " "));
    if (reads(EventField::action_country))
      e.action_country = fips_.map(trim(field(EventField::action_country), " "));
    if (reads(EventField::url_hash) && options_.hash_urls)
      e.url_hash = event_url_hash(field(EventField::url_hash));
    return true;
  }

  void flush() {
    if (batch_.empty()) return;
    visit_(index_, std::span<const Event>(batch_));
    batch_.clear();
  }

  enum class State { start, detecting, reading };

  const std::filesystem::path& path_;
  std::uint64_t begin_ = 0, end_ = 0;  // a part of the file; end_ = 0: all of it
  std::size_t lines_ = 0;
  std::size_t index_;
  const GdeltOptions& options_;
  const GdeltVisitor& visit_;
  FileResult& result_;
  GdeltCountryCodes cameo_;
  GdeltCountryCodes fips_;
  bool inflate_ahead_ = false;
  std::uint64_t size_ = 0;      // on disk
  std::uint64_t reported_ = 0;  // to the progress
  SizeLimit line_limit_;
  std::vector<Event> batch_;
  std::vector<char> buffer_;
  std::string display_;
  State state_ = State::start;
  bool header_mode_ = false;
  char delimiter_ = '\t';
  int row_names_ = -1;  // header files: 1 when rows start with an unnamed row-name column
  GdeltLayout layout_;
  std::size_t line_ = 0;
  std::array<std::string_view, kMaxFields> fields_{};  // header files
  std::string scratch_;
  TabFields<kMaxFields> tabs_;  // tab-separated files
  // Bit t: tab t bounds a column that parse_event reads (all until the layout is known).
  std::uint64_t wanted_tabs_ = ~std::uint64_t{0};
  std::uint32_t columns_;              // GdeltOptions::columns, or all of them in strict mode
  std::int32_t last_date_ = 18000101;  // a date known to be valid: the last one checked
};

void merge_counts(std::map<std::string, std::size_t>& into,
                  const std::map<std::string, std::size_t>& from) {
  for (const auto& [code, count] : from) into[code] += count;
}

// The unmapped country codes of a file (or a part of one) added to a file's or the whole
// read's: both have the same four tables and the count of cut actor codes.
template <typename Into>
void add_code_counts(Into& into, const FileResult& from) {
  merge_counts(into.actor_regions, from.actor_regions);
  merge_counts(into.actor_unknown, from.actor_unknown);
  merge_counts(into.geo_not_country, from.geo_not_country);
  merge_counts(into.geo_unknown, from.geo_unknown);
  into.actor_codes_cut += from.actor_codes_cut;
}

}  // namespace

GdeltReport read_gdelt(std::span<const std::filesystem::path> files, const GdeltVisitor& visit,
                       const GdeltOptions& options) {
  const CountryRegistry& registry =
      options.registry != nullptr ? *options.registry : CountryRegistry::world();
  std::vector<std::uintmax_t> sizes(files.size(), 0);
  std::uintmax_t total = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    require_regular_file(files[i]);
    std::error_code error;
    sizes[i] = std::filesystem::file_size(files[i], error);
    if (error) throw Error(Location{files[i].string()}, "cannot open the file: " + error.message());
    total += sizes[i];
  }
  if (options.progress != nullptr) options.progress->start("reading GDELT events", total);
  // The units of work: whole files, or parts of big plain files (same parts for any number of
  // threads, so nothing depends on it).
  struct Unit {
    std::size_t file = 0;
    std::uint64_t begin = 0, end = 0;  // end = 0: the whole file
  };
  std::vector<Unit> units;
  for (std::size_t i = 0; i < files.size(); ++i) {
    // In strict mode the first malformed line stops the reading with its line number, which a
    // part does not know yet: strict reading keeps files whole.
    const bool splits = !options.strict && options.split_bytes != 0 &&
                        sizes[i] > options.split_bytes && file_packing(files[i]) == Packing::plain;
    const std::vector<std::uint64_t> starts =
        splits ? part_starts(files[i], sizes[i], options.split_bytes)
               : std::vector<std::uint64_t>{0, sizes[i]};
    if (starts.size() <= 2) {
      units.push_back({i, 0, 0});
      continue;
    }
    for (std::size_t k = 0; k + 1 < starts.size(); ++k)
      units.push_back({i, starts[k], starts[k + 1]});
  }
  // With threads to spare (fewer files than threads), compressed files inflate on a thread
  // of their own while the parser works.
  const std::size_t threads = options.threads != 0 ? options.threads : worker_count();
  const bool inflate_ahead = files.size() < threads;
  std::vector<FileResult> unit_results(units.size());
  std::vector<std::size_t> unit_lines(units.size(), 0);
  parallel_for(
      units.size(),
      [&](std::size_t u) {
        const Unit& unit = units[u];
        const std::uint64_t size = unit.end == 0 ? sizes[unit.file] : unit.end - unit.begin;
        FileReader reader(files[unit.file], unit.file, options, registry, visit, unit_results[u],
                          inflate_ahead, size, unit.begin, unit.end);
        reader.run();
        unit_lines[u] = reader.lines();
      },
      options.threads);
  if (options.progress != nullptr) options.progress->finish();

  // Parts back into their files, in order: counts add up, line numbers move on by the lines of
  // the parts before, and the examples keep the file's order.
  std::vector<FileResult> results(files.size());
  std::vector<std::size_t> lines_before(files.size(), 0);
  for (std::size_t u = 0; u < units.size(); ++u) {
    FileResult& into = results[units[u].file];
    FileResult& part = unit_results[u];
    std::size_t& before = lines_before[units[u].file];
    if (into.report.file.empty()) {
      into.report.file = part.report.file;
      into.report.format = part.report.format;
    }
    if (into.report.format == GdeltFormat::unknown) into.report.format = part.report.format;
    into.report.bytes += part.report.bytes;
    into.report.records += part.report.records;
    into.report.events += part.report.events;
    into.report.malformed += part.report.malformed;
    for (GdeltProblem& p : part.examples) {
      if (into.examples.size() >= options.max_examples) break;
      p.line += before;
      into.examples.push_back(std::move(p));
    }
    add_code_counts(into, part);
    before += unit_lines[u];
  }

  GdeltReport report;
  for (auto& r : results) {
    report.events += r.report.events;
    report.malformed += r.report.malformed;
    report.bytes += r.report.bytes;
    for (auto& example : r.examples) {
      if (report.examples.size() < options.max_examples)
        report.examples.push_back(std::move(example));
    }
    add_code_counts(report, r);
    report.files.push_back(std::move(r.report));
  }
  return report;
}

std::vector<Event> read_gdelt_events(std::span<const std::filesystem::path> files,
                                     GdeltReport* report, const GdeltOptions& options) {
  std::vector<std::vector<Event>> per_file(files.size());
  GdeltOptions whole = options;
  whole.split_bytes = 0;  // each file's events in order, from one thread
  GdeltReport read = read_gdelt(
      files,
      [&](std::size_t file, std::span<const Event> events) {
        per_file[file].insert(per_file[file].end(), events.begin(), events.end());
      },
      whole);
  std::vector<Event> all;
  all.reserve(read.events);
  for (auto& events : per_file) all.insert(all.end(), events.begin(), events.end());
  if (report != nullptr) *report = std::move(read);
  return all;
}

}  // namespace softpower::sources
