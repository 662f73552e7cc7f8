#include "softpower/ops/perception_input.hpp"

#include <cstdint>

namespace softpower::perception {

namespace {

// Parts a big plain file is read in (GdeltOptions::split_bytes).
constexpr std::uint64_t kPartBytes = std::uint64_t{64} << 20;

}  // namespace

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
