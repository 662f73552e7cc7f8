#pragma once
// Runs recorded in the workspace: with --workspace (or $SOFTPOWER_WORKSPACE), an operation
// is recorded as a run with its parameters, the spec it read (when it has --spec), its
// outcome, and the files it wrote as results. A failed operation is recorded as failed with
// its error. Without a workspace the operation just runs. The files stored are the ones the
// operation declares directly in its output folder (Operation::outputs).

#include <string>
#include <vector>

#include "softpower/core/operation.hpp"

namespace softpower::store {

/// `operation` with its body wrapped so that it is recorded as a run under its name. The body
/// returns its output folder as "out" and, optionally, a "message"; the declared outputs
/// directly in that folder are stored with the run.
Operation recorded(Operation operation);

}  // namespace softpower::store
