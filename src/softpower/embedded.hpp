#pragma once
// The engine as a library for a host language (docs/python.md, docs/r.md): the declared
// operations as JSON, and the run of any of them by name with its arguments as text, as the
// command line gives them. It knows no operation by name, so a package built on it is generated
// from the declarations and cannot drift from the engine. Outputs are kept in memory
// (core/output_folder.hpp: OutputCapture) unless the caller asks for files. The caller owns the
// Progress: cancelling it from another thread (a host's interrupt) stops a long operation at its
// next check, and run() then throws Error.

#include <map>
#include <string>
#include <vector>

#include "softpower/core/progress.hpp"

namespace softpower::embedded {

/// Every declared operation (Operation::describe) and the groups' summaries:
/// {"operations": [...], "groups": {...}}.
std::string operations_json();

struct RunRequest {
  std::string name;                                        ///< e.g. "index build"
  std::map<std::string, std::vector<std::string>> values;  ///< parameter -> values, as text
  bool keep_outputs = true;  ///< the files the operation writes are returned, not written
  bool verbose = false;
};

/// What one run gives back.
struct RunOutcome {
  std::string result;                        ///< the result as JSON, or an answer's text
  std::string media_type;                    ///< of result
  std::map<std::string, std::string> files;  ///< file name -> bytes (keep_outputs)
  std::string log;                           ///< the notes the operation logged
  double seconds = 0;  ///< the engine's own time: checking the arguments and running
};

/// Runs one operation. Throws Error for an unknown operation, an invalid argument (naming the
/// parameter), a failure of the operation, or a cancelled `progress`.
RunOutcome run(const RunRequest& request, Progress& progress);

}  // namespace softpower::embedded
