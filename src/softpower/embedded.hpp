#pragma once
// The engine as a library for a host language (docs/python.md, docs/r.md): the declared
// operations as JSON, and the run of any of them by name with its arguments as text, as the
// command line gives them. It knows no operation by name, so a package built on it is generated
// from the declarations and cannot drift from the engine. Outputs are kept in memory
// (core/output_folder.hpp: OutputCapture) unless the caller asks for files. The caller owns the
// Progress: cancelling it from another thread (a host's interrupt) stops a long operation at its
// next check, and run() then throws Error.

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
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
  /// Tables the host holds, as the bytes of a file (CSV, or gzip): name -> bytes, which
  /// `values` name as "memory:NAME" where a file or folder is read ("votes/un_votes.csv" and
  /// its siblings make "memory:votes" a folder). Read by the engine's readers as files are,
  /// nothing written to disk (core/input_memory.hpp). Not copied: they must outlive run().
  std::map<std::string, std::string_view> inputs = {};
};

/// What one run gives back.
struct RunOutcome {
  std::string result;                        ///< the result as JSON, or an answer's text
  std::string media_type;                    ///< of result
  std::map<std::string, std::string> files;  ///< file name -> bytes (keep_outputs)
  std::string log;                           ///< the notes the operation logged
  double seconds = 0;  ///< the engine's own time: checking the arguments and running
};

/// Runs one operation, its in-memory inputs reachable on this thread meanwhile. Throws Error for
/// an unknown operation, an invalid argument (naming the parameter; a "memory:" path that names
/// no input), a failure of the operation, or a cancelled `progress`.
RunOutcome run(const RunRequest& request, Progress& progress);

/// How often a host's thread looks for an interrupt while the engine works.
inline constexpr std::chrono::milliseconds kInterruptSlice{10};

/// Runs `work` on one of the engine's threads, kept from call to call (handing a call to one
/// costs a few microseconds; starting a thread, 25-80), while the calling thread waits and
/// calls `interrupted` every kInterruptSlice: the host's check for Ctrl-C, which must run on the
/// host's own thread (R's R_CheckUserInterrupt, Python's PyErr_CheckSignals). When it returns
/// true, `progress` is cancelled, the work is waited for (it stops at its next check, leaving
/// nothing half-written) and false is returned, whatever the work threw. Otherwise returns true,
/// or throws what the work threw. The engine's threads block SIGINT and SIGTERM, so the host's
/// handlers run on its own threads. A child made by fork() gets new threads.
bool run_on_engine_thread(const std::function<void()>& work, Progress& progress,
                          const std::function<bool()>& interrupted);

}  // namespace softpower::embedded
