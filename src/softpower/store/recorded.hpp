#pragma once
// Runs recorded in the workspace: with --workspace (or $SOFTPOWER_WORKSPACE), an operation
// is recorded as a run with its parameters, the spec it read (when it has --spec), its
// outcome, and the files it wrote as results. A failed operation is recorded as failed with
// its error. Without a workspace the operation just runs.

#include <string>
#include <vector>

#include "softpower/core/operation.hpp"

namespace softpower::store {

using OperationBody = std::function<nlohmann::json(const Args&, Context&)>;

/// `body` wrapped so that it is recorded as run `operation`. The body returns its output
/// folder as "out" and, optionally, a "message"; `result_files` are the names in that folder
/// stored with the run (empty: every file directly in it).
OperationBody recorded(const std::string& operation, const std::vector<std::string>& result_files,
                       const OperationBody& body);

}  // namespace softpower::store
