#pragma once
// Where the alignment operations get their roll-call votes, declared once for all of them:
// a folder of UN vote files (--votes DIR, in the unvotes or the Voeten format), the data
// directory's un-votes/ by default, or a votes dataset imported into a workspace
// (--dataset NAME with --workspace). docs/alignment-data.md describes the formats.

#include <string>
#include <vector>

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

/// Reads the votes the arguments name; logs what was read. Throws Error when there are none.
VotesInput load_votes(const Args& args, Context& ctx);

}  // namespace softpower::alignment
