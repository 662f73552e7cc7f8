#pragma once
// What the operations that spread their units over the ranks of an MPI job and resume a killed
// run share (docs/cluster.md): the checkpoint opened under --out with --resume, the units a
// killed run kept there, and the operation run by every rank but recorded by rank 0 alone.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/checkpoint.hpp"
#include "softpower/core/distributed.hpp"
#include "softpower/core/operation.hpp"

namespace softpower {

/// With --resume (and files to write: not the Python package's outputs in memory), the
/// checkpoint of this job under `out` (core/checkpoint; --out when empty, for operations whose
/// --out has no default), keyed by `inputs`' bytes.
std::optional<Checkpoint> open_checkpoint(std::string_view operation, const Args& args,
                                          const std::vector<std::string>& inputs,
                                          const std::filesystem::path& out = {});

/// The units of `part` kept in the checkpoint (read by rank 0), and each new one saved there.
distributed::Resume resume_from(const std::optional<Checkpoint>& checkpoint,
                                const std::string& part);

/// `recorded`, an operation wrapped by store::recorded whose own body is `body`, spread over the
/// ranks of an MPI job (core/distributed): rank 0 runs it recorded in a workspace, the other
/// ranks run `body` unrecorded.
Operation spread_over_ranks(Operation recorded,
                            std::function<nlohmann::json(const Args&, Context&)> body);

}  // namespace softpower
