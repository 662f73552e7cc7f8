#include "softpower/ops/perception_input.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/sources/gdelt_input.hpp"

namespace softpower::perception {

namespace {

// Parts a big plain file is read in (GdeltOptions::split_bytes).
constexpr std::uint64_t kPartBytes = std::uint64_t{64} << 20;

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
                               const AggregateOptions& options, const sources::GdeltOptions& read) {
  sources::GdeltOptions reading = read;
  // Sums do not depend on the order of events, so a big plain file is read in parts on every
  // core, except when repeated URLs are dropped: that needs a file's events in order.
  if (reading.split_bytes == 0 && !options.filter.dedup_url) reading.split_bytes = kPartBytes;
  if (options.filter.dedup_url) reading.split_bytes = 0;
  reading.hash_urls = options.filter.dedup_url;  // the only use of the URL
  reading.columns = aggregate_fields(options.filter);
  GdeltAggregate out;
  out.aggregate = aggregate(
      [&](const EventSink& sink) { out.report = sources::read_gdelt(files, sink, reading); },
      options);
  return out;
}

}  // namespace softpower::perception
