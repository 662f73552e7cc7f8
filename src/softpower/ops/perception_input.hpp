#pragma once
// GDELT event files summed by perception::aggregate: the one place that joins the reader
// (sources/gdelt) to the algorithm, which takes a stream of events and does no I/O. Used by
// `perception aggregate` and `perception shifts` and by the dashboard's perception series.

#include <filesystem>
#include <ostream>
#include <span>
#include <vector>

#include "softpower/core/distributed.hpp"
#include "softpower/core/operation.hpp"
#include "softpower/perception/aggregate.hpp"
#include "softpower/sources/gdelt.hpp"

namespace softpower::perception {

struct GdeltAggregate {
  Aggregate aggregate;
  sources::GdeltReport report;  ///< what the reader saw: files, bytes, malformed lines, codes
};

struct GdeltInputFiles {
  std::vector<std::filesystem::path> files;
  std::string first_input;  ///< the first input as given (or the default folder), for messages
};

/// The event files `--input` names (files, folders, globs, master lists; by default gdelt/events
/// of the data directory, `--data`), a master list's files looked for in `--cache`. Listed files
/// not in the cache are said in `log`; throws Error when no file is left.
GdeltInputFiles gdelt_input_files(const Args& args, std::ostream& log);

/// Reads the files and sums their events. Only the fields the sums use are parsed
/// (aggregate_fields; every one with `read.strict`); a big plain file is read in parts on every
/// core unless repeated URLs are dropped, which needs each file's events in order.
///
/// Each file is a work unit (core/distributed, docs/cluster.md): its sums and what the reader
/// saw are made where it is read, as bytes, spread over the ranks of an MPI job and gathered to
/// rank 0, which merges them in file order. Repeated URLs are looked for within a file, so a
/// file's sums need no other file's. With `resume`, the units kept by a killed run (unit i: file
/// i) are reused when they were made from the same file (path, size, time of last change), and
/// each unit made now is saved. Every rank must call it with the same files and options; on
/// rank 0 it returns the sums, the same for any number of ranks, on the others an empty one.
GdeltAggregate aggregate_gdelt(std::span<const std::filesystem::path> files,
                               const AggregateOptions& options,
                               const sources::GdeltOptions& read = {},
                               distributed::Resume* resume = nullptr);

}  // namespace softpower::perception
