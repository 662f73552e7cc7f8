#pragma once
// Where the alignment operations get their roll-call votes, declared once for all of them:
// a folder of UN vote files (--votes DIR, in the unvotes or the Voeten format), the data
// directory's un-votes/ by default, or a votes dataset imported into a workspace
// (--dataset NAME with --workspace). docs/alignment-data.md describes the formats.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "softpower/core/checkpoint.hpp"
#include "softpower/core/operation.hpp"
#include "softpower/core/votes.hpp"

namespace softpower::alignment {

struct VotesInput {
  RollCallVotes votes;
  std::string origin;        ///< the folder or "workspace FILE, dataset NAME"
  std::size_t unmapped = 0;  ///< rows that named no registry state (read from files only)
};

/// --votes, --format, --dataset, --data, --workspace.
std::vector<Param> votes_params();

/// An operation on the votes that writes the output folder --out (by default `default_out`) and
/// is recorded as a run: its parameters are votes_params(), then `params`, then --out.
Operation votes_operation(std::string name, std::string summary, std::string help,
                          std::vector<Param> params, const std::string& default_out,
                          std::function<nlohmann::json(const Args&, Context&)> run,
                          std::vector<OutputFile> outputs);

/// Reads the votes the arguments name; logs what was read. Throws Error when there are none.
VotesInput load_votes(const Args& args, Context& ctx);

/// With --resume, the checkpoint of `operation` on the votes the arguments name (ops/resumable):
/// keyed by the parameters and the bytes of the vote files read, or, for a workspace's
/// dataset, by when it was imported (importing the name again replaces it).
std::optional<Checkpoint> open_votes_checkpoint(std::string_view operation, const Args& args);

}  // namespace softpower::alignment
