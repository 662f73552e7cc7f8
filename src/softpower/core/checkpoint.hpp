#pragma once
// Checkpoints of resumable jobs (docs/cluster.md, "Resuming a killed job"): the work units a
// job has completed, kept under its output folder in `.softpower-checkpoint/` so that a job
// killed part-way (preempted on a cluster, Ctrl-C) and started again with --resume computes only
// the units that are missing, and gives the same bytes.
//
// The folder holds `job` (the job's key: a digest of its operation, parameters and input files)
// and one file per completed unit, `<part>-<unit>`, each written to a temporary name and renamed,
// so a kill leaves each unit whole or absent; a unit file starts with a line naming the key and
// its length, and one that does not match is recomputed. It is not an output: the output folder
// rules (docs/outputs.md) never list or remove it, and staging folders of killed runs, which
// the next run removes, are elsewhere. Once the outputs are in place it is removed.

#include <cstddef>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "softpower/core/operation.hpp"

namespace softpower {

/// The name of the checkpoint folder inside an output folder.
inline constexpr std::string_view kCheckpointFolder = ".softpower-checkpoint";

/// A job's key: the SHA-256 of the operation's name, every parameter but `out`, `resume` and
/// `workspace`, and the bytes of the files in `inputs`.
std::string checkpoint_key(std::string_view operation, const Args& args,
                           const std::vector<std::string>& inputs);

class Checkpoint {
 public:
  /// Opens the checkpoint of job `key` in the output folder `out` (made when missing). Throws
  /// Error naming the folder when it holds another job's checkpoint (its parameters or inputs
  /// differ: remove it, or run with the parameters of the killed run).
  Checkpoint(const std::filesystem::path& out, std::string key);
  /// The units of `part` kept by a run before: unit -> bytes.
  std::map<std::size_t, std::string> units(std::string_view part) const;
  /// Keeps a completed unit (from any thread).
  void save(std::string_view part, std::size_t unit, std::string_view bytes) const;
  /// Removes the checkpoint's files and folder (nothing else).
  void remove() const;
  const std::filesystem::path& folder() const { return folder_; }

 private:
  std::filesystem::path folder_;
  std::string key_;
};

}  // namespace softpower
