#include "softpower/ops/perception_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string_view>

#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/parallel.hpp"
#include "softpower/core/unit_bytes.hpp"
#include "softpower/sources/gdelt_input.hpp"

namespace softpower::perception {

namespace {

// Parts a big plain file is read in (GdeltOptions::split_bytes).
constexpr std::uint64_t kPartBytes = std::uint64_t{64} << 20;

// Files (work units) read between two gathers to rank 0, which merges their sums: what rank 0
// holds at once stays bounded whatever the number of files (GDELT's full history is hundreds
// of thousands).
constexpr std::size_t kFilesPerRound = 1024;

// What a broken unit's bytes are called in errors.
constexpr std::string_view kUnitBytes = "perception aggregate: a file's sums (a work unit)";

// What makes a unit's sums those of a file: its path, size and time of last change.
std::string identity(const std::filesystem::path& file) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  const auto changed = std::filesystem::last_write_time(file, error);
  return fmt::format("{}\t{}\t{}", file.string(), size, changed.time_since_epoch().count());
}

// Whether the kept `unit` was made from `file` as it is now.
bool made_from(std::string_view unit, const std::filesystem::path& file) {
  try {
    return UnitReader(unit, std::string(kUnitBytes)).text() == identity(file);
  } catch (const Error&) {
    return false;
  }
}

void put_counts(UnitWriter& w, const std::map<std::string, std::size_t>& counts) {
  w.number(std::uint64_t{counts.size()});
  for (const auto& [code, n] : counts) {
    w.text(code);
    w.number(std::uint64_t{n});
  }
}

// Added to `into`: a map's counts are summed over files.
void take_counts(UnitReader& r, std::map<std::string, std::size_t>& into) {
  for (std::size_t i = r.count(16); i > 0; --i) {
    std::string code = r.text();
    into[code] += r.number<std::uint64_t>();
  }
}

// One file read and summed (aggregate_bytes: 104 bytes per (period, source, target) with
// events, and per further thread that fed events of the same key), with what the reader saw
// there, after the file's identity.
std::string sum_file(const std::filesystem::path& file, const AggregateOptions& options,
                     const sources::GdeltOptions& reading) {
  UnitWriter w;
  w.text(identity(file));
  const std::size_t head = w.bytes().size();
  w.number(std::uint64_t{0});  // rows, then the length of the sums: known once they are written
  w.number(std::uint64_t{0});
  sources::GdeltReport report;
  const std::size_t rows = aggregate_bytes(
      [&](const EventSink& sink) {
        report = sources::read_gdelt(std::span(&file, 1), sink, reading);
      },
      options, w.bytes());
  w.number_at(head, std::uint64_t{rows});
  w.number_at(head + 8, std::uint64_t{w.bytes().size() - head - 16});
  w.number(std::uint64_t{report.files.size()});
  for (const sources::GdeltFileReport& f : report.files) {
    w.text(f.file);
    w.number(static_cast<std::uint64_t>(f.format));
    w.number(std::uint64_t{f.bytes});
    w.number(std::uint64_t{f.records});
    w.number(std::uint64_t{f.events});
    w.number(std::uint64_t{f.malformed});
  }
  w.number(std::uint64_t{report.events});
  w.number(std::uint64_t{report.malformed});
  w.number(std::uint64_t{report.bytes});
  w.number(std::uint64_t{report.examples.size()});
  for (const sources::GdeltProblem& p : report.examples) {
    w.text(p.file);
    w.number(std::uint64_t{p.line});
    w.text(p.field);
    w.text(p.reason);
  }
  put_counts(w, report.actor_regions);
  put_counts(w, report.actor_unknown);
  put_counts(w, report.geo_not_country);
  put_counts(w, report.geo_unknown);
  w.number(std::uint64_t{report.actor_codes_cut});
  return w.take();
}

// Where a unit's sums are in its bytes.
struct SumsAt {
  std::size_t rows = 0, offset = 0, length = 0;
};

// Where a unit's sums are; its report added to `report` as read_gdelt adds a file's: counts
// summed, files and malformed lines in file order (the first `max_examples` of them).
SumsAt decode_unit(std::string_view bytes, sources::GdeltReport& report, std::size_t max_examples) {
  UnitReader r(bytes, std::string(kUnitBytes));
  r.text();  // the file it was made from
  SumsAt at;
  at.rows = r.number<std::uint64_t>();
  at.length = r.count(1);
  at.offset = r.skip(at.length);
  for (std::size_t i = r.count(40); i > 0; --i) {
    sources::GdeltFileReport& f = report.files.emplace_back();
    f.file = r.text();
    const auto format = r.number<std::uint64_t>();
    if (format > static_cast<std::uint64_t>(sources::GdeltFormat::header_csv)) {
      r.fail("are not as they were written");
    }
    f.format = static_cast<sources::GdeltFormat>(format);
    f.bytes = r.number<std::uint64_t>();
    f.records = r.number<std::uint64_t>();
    f.events = r.number<std::uint64_t>();
    f.malformed = r.number<std::uint64_t>();
  }
  report.events += r.number<std::uint64_t>();
  report.malformed += r.number<std::uint64_t>();
  report.bytes += r.number<std::uint64_t>();
  for (std::size_t i = r.count(32); i > 0; --i) {
    sources::GdeltProblem p;
    p.file = r.text();
    p.line = r.number<std::uint64_t>();
    p.field = r.text();
    p.reason = r.text();
    if (report.examples.size() < max_examples) report.examples.push_back(std::move(p));
  }
  take_counts(r, report.actor_regions);
  take_counts(r, report.actor_unknown);
  take_counts(r, report.geo_not_country);
  take_counts(r, report.geo_unknown);
  report.actor_codes_cut += r.number<std::uint64_t>();
  r.finish();
  return at;
}

// A file's progress: the bytes it reads counted in the whole read's, and a cancellation of the
// whole read seen by the file's reader at its next block.
class FileProgress : public Progress {
 public:
  explicit FileProgress(Progress* whole) : whole_(whole) {}
  void start(std::string_view, std::size_t) override {}
  void advance(std::size_t steps) override {
    whole_->advance(steps);
    if (whole_->cancelled()) cancel();
  }
  void finish() override {}

 private:
  Progress* whole_;
};

}  // namespace

GdeltInputFiles gdelt_input_files(const Args& args, std::ostream& log) {
  std::vector<std::string> inputs = args.list("input");
  if (inputs.empty()) {
    inputs.push_back((resolve_data_dir(args.optional_text("data")) / "gdelt" / "events").string());
  }
  const std::filesystem::path cache =
      args.has("cache") ? std::filesystem::path(args.text("cache")) : std::filesystem::path();
  std::vector<std::filesystem::path> files;
  for (const std::string& input : inputs) {
    sources::GdeltInputs resolved = sources::resolve_gdelt_inputs(input, cache);
    for (std::filesystem::path& f : resolved.files) files.push_back(std::move(f));
    if (!resolved.missing.empty()) {
      log << fmt::format(
          "{}: {} listed files are not in the cache (first: {}); fetch them "
          "with softpower perception fetch\n",
          input, resolved.missing.size(), resolved.missing.front());
    }
  }
  if (files.empty()) throw Error("no GDELT event files to read in " + inputs.front());
  return {std::move(files), inputs.front()};
}

GdeltAggregate aggregate_gdelt(std::span<const std::filesystem::path> files,
                               const AggregateOptions& options, const sources::GdeltOptions& read,
                               distributed::Resume* resume) {
  sources::GdeltOptions reading = read;
  // Sums do not depend on the order of events, so a big plain file is read in parts on every
  // core, except when repeated URLs are dropped: that needs a file's events in order.
  if (reading.split_bytes == 0 && !options.filter.dedup_url) reading.split_bytes = kPartBytes;
  if (options.filter.dedup_url) reading.split_bytes = 0;
  reading.hash_urls = options.filter.dedup_url;  // the only use of the URL
  reading.columns = aggregate_fields(options.filter);
  Progress* const whole = read.progress;
  if (whole != nullptr) {
    std::uintmax_t total = 0;
    for (const std::filesystem::path& f : files) {
      std::error_code error;  // a file that cannot be read says so when its unit reads it
      const std::uintmax_t size = std::filesystem::file_size(f, error);
      total += error ? 0 : size;
    }
    whole->start("reading GDELT events", total);
  }
  GdeltAggregate out;
  out.aggregate.by = options.by;
  // On rank 0: the units gathered since the sums were last merged, and where their sums are.
  std::vector<std::string> waiting;
  std::vector<SumsAt> sums_at;
  std::size_t waiting_rows = 0;
  const auto merge = [&] {
    std::string so_far;
    encode_sums(out.aggregate, so_far);
    std::vector<std::string_view> parts = {so_far};
    for (std::size_t i = 0; i < waiting.size(); ++i)
      parts.push_back(std::string_view(waiting[i]).substr(sums_at[i].offset, sums_at[i].length));
    out.aggregate = merge_sums(parts, options.by);
    waiting.clear();
    sums_at.clear();
    waiting_rows = 0;
  };
  Progress units;  // counts files; the bytes read are what `whole` shows
  for (std::size_t first = 0; first < files.size(); first += kFilesPerRound) {
    const std::size_t n = std::min(kFilesPerRound, files.size() - first);
    distributed::Resume round;
    if (resume != nullptr) {
      for (auto& [unit, bytes] : resume->done) {
        if (unit >= first && unit - first < n && made_from(bytes, files[unit])) {
          round.done.emplace(unit - first, std::move(bytes));
        }
      }
      round.save = [&, first](std::size_t unit, const std::string& bytes) {
        if (resume->save) resume->save(first + unit, bytes);
      };
    }
    // Threads reading one file: a file read in parts, on every thread, as it was before files
    // were units (it would otherwise keep its rank's other threads waiting at the end); a rank
    // with fewer files than threads reads each on several (inflating ahead); otherwise one.
    const std::size_t shared = std::max<std::size_t>(
        1, worker_count() / std::max<std::size_t>(1, distributed::my_units(n).size()));
    std::vector<std::string> bytes = distributed::map_units(
        n,
        [&](std::size_t unit, Progress& progress) {
          const std::filesystem::path& file = files[first + unit];
          FileProgress shown(whole);
          sources::GdeltOptions one = reading;
          one.progress = whole != nullptr ? &shown : nullptr;
          if (read.threads == 0) {
            std::error_code error;
            const std::uintmax_t size = std::filesystem::file_size(file, error);
            const bool parts = reading.split_bytes != 0 && !error && size > reading.split_bytes;
            one.threads = parts ? worker_count() : shared;
          }
          if (whole != nullptr && whole->cancelled())
            throw Error("reading GDELT events: cancelled");
          std::string sums = sum_file(file, options, one);
          progress.advance();
          return sums;
        },
        units, "reading GDELT files", resume != nullptr ? &round : nullptr);
    if (!distributed::is_root()) continue;
    for (std::string& unit : bytes) {
      sums_at.push_back(decode_unit(unit, out.report, read.max_examples));
      waiting_rows += sums_at.back().rows;
      waiting.push_back(std::move(unit));
    }
    // Merged once the units waiting hold as many rows as the sums so far: rank 0 holds at most
    // about twice the sums and a round's units, and each row is sorted a few times at most.
    if (waiting_rows >= out.aggregate.keys.size()) merge();
  }
  if (whole != nullptr) whole->finish();
  if (!waiting.empty()) merge();
  return out;
}

}  // namespace softpower::perception
