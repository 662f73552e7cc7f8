#pragma once
// GDELT event files summed by perception::aggregate: the one place that joins the reader
// (sources/gdelt) to the algorithm, which takes a stream of events and does no I/O. Used by
// `perception aggregate` and `perception shifts` and by the dashboard's perception series.

#include <filesystem>
#include <span>

#include "softpower/perception/aggregate.hpp"
#include "softpower/sources/gdelt.hpp"

namespace softpower::perception {

struct GdeltAggregate {
  Aggregate aggregate;
  sources::GdeltReport report;  ///< what the reader saw: files, bytes, malformed lines, codes
};

/// Reads the files and sums their events. Only the fields the sums use are parsed
/// (aggregate_fields; every one with `read.strict`); a big plain file is read in parts on every
/// core unless repeated URLs are dropped, which needs each file's events in order.
GdeltAggregate aggregate_gdelt(std::span<const std::filesystem::path> files,
                               const AggregateOptions& options,
                               const sources::GdeltOptions& read = {});

}  // namespace softpower::perception
